//! The YAML config: schema, discovery, merge over the built-in default, and validation that
//! points at the file, line and column of every mistake.
//!
//! The built-in default is itself a config file (`src/config/default.yaml`, printed by
//! `keepmum config print-default`), so what users read is exactly what runs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::allow::{Allowlist, Target};
use crate::error::{Error, Result};
use crate::rules::{self, Level, Rule, RuleSpec, Severity};
use crate::scan::DebugSettings;

/// The commented built-in default config.
pub const DEFAULT_CONFIG: &str = include_str!("default.yaml");

/// The same default, converted to JSON by `build.rs`: what a scan parses.
const DEFAULT_CONFIG_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/default-config.json"));

/// The built-in default as written (positions are unknown: it is verified by the tests).
fn parse_default() -> Result<RawConfig> {
    serde_json::from_str(DEFAULT_CONFIG_JSON).map_err(|e| Error::Config {
        path: PathBuf::from("<built-in default config>"),
        line: 0,
        column: 0,
        message: format!("the embedded default does not match the schema: {e}"),
    })
}

/// Config file names looked for at the repository root, in order.
pub const CONFIG_NAMES: &[&str] = &[".keepmum.yaml", ".keepmum.yml"];

/// Converts a serde-saphyr error into a config error with its position.
pub fn yaml_error(path: &Path, e: &serde_saphyr::Error) -> Error {
    yaml_error_in(path, "", e)
}

/// Like [`yaml_error`], with the file's text so the message can name the key it is about.
fn yaml_error_in(path: &Path, text: &str, e: &serde_saphyr::Error) -> Error {
    use serde_saphyr::MessageFormatter;
    let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
    let raw = serde_saphyr::UserMessageFormatter.format_message(e.without_snippet());
    // Keep the first line: the position is printed separately.
    let raw = raw
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("invalid YAML")
        .trim()
        .to_string();
    let mut message = friendly_yaml_message(&raw);
    // The YAML parser's own message: the text is not YAML at all (no key to name).
    let syntax = matches!(
        e.without_snippet(),
        serde_saphyr::Error::ExternalMessage { .. }
    );
    if syntax {
        message = format!("invalid YAML: {message}");
    }
    let (line, column) = if raw.starts_with("missing field") {
        // Reported after the mapping's last key: point at the entry that lacks the field.
        mapping_start(text, line, column).unwrap_or((line, column))
    } else if raw.starts_with("invalid type") {
        // A value the schema refuses by its type (`strict_bool`) is reported at its key:
        // point at the value.
        value_after_key(text, line, column).unwrap_or((line, column))
    } else {
        (line, column)
    };
    if let Some(field) = raw
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        message = format!("missing field `{field}`: add `{field}: ...` to this entry");
    }
    let names_its_key = syntax
        || raw.starts_with("unknown field")
        || raw.starts_with("missing field")
        || raw.starts_with("duplicate");
    if !names_its_key {
        if let Some(key) = key_before(text, line, column) {
            message = format!("`{key}`: {message}");
        }
    }
    Error::Config {
        path: path.to_path_buf(),
        line,
        column,
        message,
    }
}

/// The first line of the block mapping whose keys start at `column` and which holds
/// `line`: its `- ` list item line, or the line after its parent key.
fn mapping_start(text: &str, line: u64, column: u64) -> Option<(u64, u64)> {
    let lines: Vec<&str> = text.lines().collect();
    let key_col = usize::try_from(column).ok()?.checked_sub(1)?;
    let mut first = usize::try_from(line).ok()?.checked_sub(1)?;
    if first >= lines.len() {
        return None;
    }
    for i in (0..=first).rev() {
        let l = lines[i];
        let indent = l.len() - l.trim_start_matches(' ').len();
        let content = l.trim();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if key_col >= 2 && l.get(key_col - 2..key_col) == Some("- ") {
            return Some((i as u64 + 1, column));
        }
        if indent < key_col {
            break;
        }
        first = i;
    }
    Some((first as u64 + 1, column))
}

/// Where the value of the key that starts at `line:column` (1-based, characters) starts, when
/// it is on the same line (`key: value`).
fn value_after_key(text: &str, line: u64, column: u64) -> Option<(u64, u64)> {
    let l = text
        .lines()
        .nth(usize::try_from(line).ok()?.checked_sub(1)?)?;
    let col = usize::try_from(column).ok()?.checked_sub(1)?;
    let rest: String = l.chars().skip(col).collect();
    let key_len = rest.find(':')?;
    let after = &rest[key_len + 1..];
    let value = after.trim_start();
    if value.is_empty() || value.starts_with('#') {
        return None;
    }
    let skipped = rest[..key_len + 1].chars().count() + (after.len() - value.len());
    Some((line, column + skipped as u64))
}

/// Rewrites serde/YAML wording into what to change.
fn friendly_yaml_message(raw: &str) -> String {
    let schema = " (see `keepmum config print-default` for the schema)";
    if raw.starts_with("unknown field") {
        return format!("{raw}{schema}");
    }
    if let Some(rest) = raw.strip_prefix("invalid type: ") {
        if rest.contains(", expected `true` or `false`") {
            // `strict_bool`: the same words as for a misspelled plain boolean.
            return "expected `true` or `false`".to_string();
        }
    }
    if let Some(rest) = raw.strip_prefix("duplicate mapping key ") {
        let key = rest.split_whitespace().next().unwrap_or("");
        return format!("duplicate key {key}: give each key once (merge the two entries)");
    }
    let untagged = [
        (
            "enum Size",
            "expected a size: a number of bytes or a string such as `64MB`",
        ),
        (
            "enum AllowRegex",
            "expected a regex string or a mapping `{regex: '...', target: secret|match|line}`",
        ),
        (
            "enum ExampleSpec",
            "expected an example: a string, or a mapping `{path: ..., text: ...}`",
        ),
        ("enum GroupRef", "expected a capture group name or number"),
    ];
    for (needle, msg) in untagged {
        if raw.contains("did not match any variant") && raw.contains(needle) {
            return msg.to_string();
        }
    }
    let msg = match raw {
        "invalid boolean" => "expected `true` or `false`",
        "invalid floating point" => "expected a number",
        "expected string scalar" => "expected a string",
        "expected sequence start" => "expected a list (`[a, b]`, or one `- item` per line)",
        "expected mapping start" => "expected a mapping (`key: value` lines)",
        "illegal placement of ':' indicator" => {
            "illegal placement of ':' indicator (is a closing `]`, `}` or quote missing above?)"
        }
        "only single YAML document expected but multiple found" => {
            "a config file holds one YAML document: remove the second `---`"
        }
        _ if raw.starts_with("invalid u") || raw.starts_with("invalid i") => {
            "expected a whole number (0 or more)"
        }
        _ => return raw.to_string(),
    };
    msg.to_string()
}

/// The key whose value starts at `line:column` (1-based, characters), when it is on that line.
fn key_before(text: &str, line: u64, column: u64) -> Option<String> {
    let l = text
        .lines()
        .nth(usize::try_from(line).ok()?.checked_sub(1)?)?;
    let col = usize::try_from(column).ok()?;
    // The value starts at `column`; for an empty (null) value the position is the colon.
    let with_colon: String = l.chars().take(col).collect();
    let before: String = if with_colon.ends_with(':') {
        with_colon
    } else {
        l.chars().take(col.saturating_sub(1)).collect()
    };
    let before = before.trim_end().strip_suffix(':')?;
    let key = before
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '{' | ',' | '['))
        .next()?
        .trim_matches(|c| c == '"' || c == '\'');
    (!key.is_empty() && key != "-").then(|| key.to_string())
}

/// Finds `key:` (bare or quoted, at the start of a line, after `- `, `{` or `,`) in the lines
/// from `from` (1-based) on, looking at most `span` lines ahead. Returns 1-based line and
/// column of the key.
fn find_key(text: &str, from: u64, key: &str, span: usize) -> Option<(u64, u64)> {
    let from = usize::try_from(from).ok()?.max(1);
    for (i, line) in text.lines().enumerate().skip(from - 1).take(span) {
        for quote in ["", "\"", "'"] {
            let needle = format!("{quote}{key}{quote}");
            let mut start = 0;
            while let Some(pos) = line[start..].find(&needle) {
                let col = start + pos;
                let after = line[col + needle.len()..].trim_start();
                let before = line[..col].trim_end();
                let at_key_start = before.is_empty()
                    || before.ends_with('{')
                    || before.ends_with(',')
                    || before.trim_start_matches([' ', '-']).is_empty();
                if at_key_start && after.starts_with(':') {
                    return Some((i as u64 + 1, line[..col].chars().count() as u64 + 1));
                }
                start = col + needle.len();
            }
        }
    }
    None
}

/// Finds the line (at or before `upto`) that holds the mapping key `key`: the key of a map
/// entry whose value starts at `upto`.
fn find_key_backwards(text: &str, upto: u64, key: &str) -> Option<(u64, u64)> {
    let upto = usize::try_from(upto).ok()?;
    let lines: Vec<&str> = text.lines().collect();
    (0..upto.min(lines.len()))
        .rev()
        .find_map(|i| find_key(text, i as u64 + 1, key, 1))
}

/// Finds the first line at or after `from` that contains `needle`: points at a value.
fn find_text(text: &str, from: u64, needle: &str, span: usize) -> Option<(u64, u64)> {
    let from = usize::try_from(from).ok()?.max(1);
    text.lines()
        .enumerate()
        .skip(from - 1)
        .take(span)
        .find_map(|(i, l)| {
            l.find(needle)
                .map(|c| (i as u64 + 1, l[..c].chars().count() as u64 + 1))
        })
}

/// Turns the regex crate's multi-line error (pattern, caret, message) into one line.
pub fn tidy_regex_error(e: &str) -> String {
    if let Some(idx) = e.find("Compiled regex exceeds size limit") {
        return format!(
            "{}too large once compiled (over the {} KiB limit): counted repeats such as `{{1000}}` multiply its size; simplify the pattern",
            &e[..idx],
            rules::REGEX_SIZE_LIMIT / 1024
        );
    }
    let Some(idx) = e.find("regex parse error:") else {
        return e.trim().to_string();
    };
    let prefix = &e[..idx];
    let body: Vec<&str> = e[idx..].lines().collect();
    let what = body
        .iter()
        .rev()
        .find_map(|l| l.trim().strip_prefix("error:"))
        .unwrap_or("cannot parse the pattern")
        .trim();
    let offset = body
        .iter()
        .find(|l| l.trim_start().starts_with('^'))
        .and_then(|l| l.find('^'))
        .map(|c| c.saturating_sub(4));
    match offset {
        Some(o) => format!("{prefix}{what} (at character {} of the pattern)", o + 1),
        None => format!("{prefix}{what}"),
    }
}

/// An allow regex: a bare pattern (matched against the secret) or a mapping
/// `{regex: ..., target: secret|match|line}` (keys are checked when the config is resolved).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum AllowRegex {
    /// Matched against the secret.
    Bare(String),
    /// `regex` and optional `target`.
    Table(BTreeMap<String, String>),
}

/// The `allow:` section as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawAllow {
    /// Path globs never scanned.
    #[serde(default)]
    pub paths: Vec<Spanned<String>>,
    /// Allow regexes.
    #[serde(default)]
    pub regexes: Vec<Spanned<AllowRegex>>,
    /// Stopwords.
    #[serde(default)]
    pub stopwords: Vec<Spanned<String>>,
    /// Accepted commits.
    #[serde(default)]
    pub commits: Vec<Spanned<String>>,
}

/// Per-rule tuning of a built-in rule.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Override {
    /// New minimum entropy of the secret.
    #[serde(default)]
    pub entropy: Option<Spanned<f64>>,
    /// Regexes on the secret that this rule accepts.
    #[serde(default)]
    pub allow: Vec<Spanned<String>>,
    /// Extra paths where this rule does not run.
    #[serde(default)]
    pub exclude_paths: Vec<Spanned<String>>,
    /// New severity.
    #[serde(default)]
    pub severity: Option<Severity>,
    /// New level: `error` blocks, `warning` only reports.
    #[serde(default)]
    pub level: Option<Level>,
}

/// `debug-settings:` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawDebug {
    /// Paths that count as production settings.
    #[serde(default)]
    pub paths: Option<Vec<Spanned<String>>>,
    /// Paths that never count.
    #[serde(default)]
    pub exclude: Option<Vec<Spanned<String>>>,
}

/// What a pre-receive scan that ran out of time means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum OnTimeout {
    /// Reject the push (fail closed).
    #[default]
    Reject,
    /// Accept the push with a warning.
    Accept,
}

/// `pre-receive:` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawPreReceive {
    /// How long a push scan may take: seconds, or `4s`, `500ms`, `2m` (0 = no limit).
    #[serde(default, deserialize_with = "duration")]
    pub time_budget: Option<std::time::Duration>,
    /// What running out of time means.
    #[serde(default)]
    pub on_timeout: Option<OnTimeout>,
    /// Honour `git push -o keepmum.allow=<fingerprint>`.
    #[serde(default, deserialize_with = "strict_bool")]
    pub allow_push_option: Option<bool>,
    /// Honour inline allow markers in pushed content.
    #[serde(default, deserialize_with = "strict_bool")]
    pub inline_allow: Option<bool>,
    /// File each push's decision is appended to (one JSON line a push).
    #[serde(default)]
    pub audit_log: Option<PathBuf>,
    /// What a push whose decision cannot be logged means.
    #[serde(default)]
    pub on_audit_error: Option<OnAuditError>,
    /// Accepted fingerprints (a file `keepmum baseline` writes), for seeding a repository
    /// whose history holds known findings.
    #[serde(default)]
    pub baseline: Option<Spanned<String>>,
}

/// What a push whose decision cannot be written to the audit log means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum OnAuditError {
    /// Reject the push (fail closed): no push goes unrecorded.
    #[default]
    Reject,
    /// Let the decision stand, with a warning.
    Accept,
}

/// What to do with a text file larger than `max-file-size`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OnLargeFile {
    /// Stop with exit code 2: the file was not scanned, so the change is not known clean.
    #[default]
    Fail,
    /// Skip the file with a warning and judge the rest.
    Skip,
}

/// A size: bytes, or a string with a KB/MB/GB suffix.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Size {
    /// Bytes.
    Bytes(u64),
    /// `64MB`, `512 KB`...
    Text(String),
}

/// A config file as written (before merging with the default).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawConfig {
    /// Keep the built-in rules and allow lists (default true).
    #[serde(default, deserialize_with = "strict_bool")]
    pub extend_default: Option<bool>,
    /// Built-in rule ids to switch off.
    #[serde(default)]
    pub disable: Vec<Spanned<String>>,
    /// Custom rules.
    #[serde(default)]
    pub rules: Vec<Spanned<RuleSpec>>,
    /// Per-rule overrides of built-in rules.
    #[serde(default)]
    pub overrides: BTreeMap<String, Spanned<Override>>,
    /// Global allow lists.
    #[serde(default)]
    pub allow: Option<RawAllow>,
    /// Text files larger than this are not scanned.
    #[serde(default)]
    pub max_file_size: Option<Spanned<Size>>,
    /// What a text file over `max-file-size` means: `fail` (default) or `skip`.
    #[serde(default)]
    pub on_large_file: Option<OnLargeFile>,
    /// The lowest level that blocks: `error` (default) or `warning`.
    #[serde(default)]
    pub fail_on: Option<Level>,
    /// Production settings paths for the DEBUG rules.
    #[serde(default)]
    pub debug_settings: Option<RawDebug>,
    /// Server-side policy.
    #[serde(default)]
    pub pre_receive: Option<RawPreReceive>,
    /// The dependency checks' policy (see [`RawPackages`]).
    #[serde(default)]
    pub packages: Option<RawPackages>,
}

/// The server-side policy for `keepmum pre-receive`.
#[derive(Debug, Clone)]
pub struct PreReceivePolicy {
    /// How long a push scan may take (zero = no limit).
    pub time_budget: std::time::Duration,
    /// What running out of time means.
    pub on_timeout: OnTimeout,
    /// Honour `git push -o keepmum.allow=<fingerprint>`.
    pub allow_push_option: bool,
    /// Honour inline allow markers (`# keepmum:allow`...) in pushed content (default false:
    /// a pusher must not silence the server with a comment).
    pub inline_allow: bool,
    /// The audit log (`audit-log`), a relative path resolved against the policy file's
    /// directory; `None`: no log.
    pub audit_log: Option<PathBuf>,
    /// What a push whose decision cannot be logged means.
    pub on_audit_error: OnAuditError,
    /// The server's accepted baseline (`baseline`), read when a push is judged.
    pub baseline: Option<BaselineRef>,
}

/// Where the server policy's `pre-receive.baseline` points, and where the policy says so (for
/// errors).
#[derive(Debug, Clone)]
pub struct BaselineRef {
    /// The baseline file, resolved against the policy file's directory.
    pub path: PathBuf,
    /// The policy file that names it.
    pub policy: PathBuf,
    /// 1-based line of the value in the policy file.
    pub line: u64,
    /// 1-based column of the value in the policy file.
    pub column: u64,
}

impl BaselineRef {
    /// Reads the baseline: one fingerprint per line, optionally with a path, as `keepmum
    /// baseline` writes them. A missing or unreadable file is an error at the policy's line,
    /// naming the file: the server must not judge by less than its admin accepted.
    /// A file over [`crate::capped::IGNORE_CAP`] is an error too.
    pub fn load(&self) -> Result<crate::allow::IgnoreFile> {
        let at = |message: String| Error::Config {
            path: self.policy.clone(),
            line: self.line,
            column: self.column,
            message,
        };
        let cap = crate::capped::IGNORE_CAP;
        let text = crate::capped::read_to_string(&self.path, cap)
            .map_err(|e| at(format!(
                "`pre-receive.baseline`: cannot read {}: {e} (write it with `keepmum baseline --all --output FILE` in a clone of the repository, or remove the key)",
                self.path.display()
            )))?
            .ok_or_else(|| at(format!(
                "`pre-receive.baseline`: {} is larger than the {} keepmum reads of a baseline (check that the key names the file `keepmum baseline --output FILE` wrote; fix the findings it lists, or split the repository's history in parts, until the baseline fits)",
                self.path.display(),
                crate::capped::size_text(cap)
            )))?;
        crate::allow::IgnoreFile::parse(&self.path, &text)
    }
}

/// The resolved configuration: compiled rules and allow lists.
#[derive(Debug)]
pub struct Config {
    /// Enabled rules, built-in then custom.
    pub rules: Vec<Rule>,
    /// Global allow lists.
    pub allow: Allowlist,
    /// Text files larger than this many bytes are not scanned.
    pub max_file_size: u64,
    /// What a text file over `max_file_size` means.
    pub on_large_file: OnLargeFile,
    /// The lowest level that blocks (`warning`: warnings block too).
    pub fail_on: Level,
    /// Production settings paths for the DEBUG rules.
    pub debug: DebugSettings,
    /// Server-side policy.
    pub pre_receive: PreReceivePolicy,
    /// The dependency checks' policy (`packages:`).
    pub packages: crate::checks::PackagePolicy,
    /// The user config file, when one was read.
    pub file: Option<PathBuf>,
    /// Ids of the user's custom rules (`rules:`), whose examples `config check` runs.
    pub custom_rules: Vec<String>,
    /// Settings that are legal but leave the policy blocking nothing (no rule active, an
    /// allow list that matches everything), `file:line:col: what`: every command says them
    /// on every run.
    pub warnings: Vec<String>,
}

/// Paths of every shape: a glob in `allow.paths` that matches all of them allows every path.
const PROBE_PATHS: &[&str] = &[
    "settings.py",
    ".env",
    "a/b/c/production.py",
    "config/prod.yaml",
    "Dockerfile",
    "x",
];

/// Secrets and lines of every shape: an allow regex that matches the empty text, or all of
/// these, allows every finding.
const PROBE_TEXTS: &[&str] = &[
    "hunter2",
    "DEBUG = True",
    "abcdefghij0123456789",
    "-----BEGIN PRIVATE KEY-----",
    "postgres://app@db/app",
    "9f86d081884c7d659a2feaa0c55ad015",
];

/// A boolean written as one: `true` or `false`, never a string (`"no"`, `"false"`) nor a
/// YAML 1.1 spelling (`off`, `no`, `n`), which YAML parsers read as whatever they like. A
/// setting such as `extend-default` that quietly read `"no"` as false would switch every
/// built-in rule off.
fn strict_bool<'de, D>(d: D) -> std::result::Result<Option<bool>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct V;
    impl serde::de::Visitor<'_> for V {
        type Value = bool;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("`true` or `false` (unquoted)")
        }
        fn visit_bool<E: serde::de::Error>(self, v: bool) -> std::result::Result<bool, E> {
            Ok(v)
        }
    }
    d.deserialize_any(V).map(Some)
}

/// A duration: a number of seconds, or a string of digits with a unit (`ms`, `s`, `m`), as
/// `4s`, `500ms`, `2m`.
fn duration<'de, D>(d: D) -> std::result::Result<Option<std::time::Duration>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct V;
    impl serde::de::Visitor<'_> for V {
        type Value = std::time::Duration;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("seconds (`4`) or a duration with a unit (`4s`, `500ms`, `2m`)")
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<Self::Value, E> {
            Ok(std::time::Duration::from_secs(v))
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<Self::Value, E> {
            u64::try_from(v)
                .map(std::time::Duration::from_secs)
                .map_err(|_| E::custom(format!("a duration cannot be negative: {v}")))
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Self::Value, E> {
            parse_duration(v).ok_or_else(|| {
                E::custom(format!(
                    "`{v}` is not a duration: write seconds (`4`) or digits with ms, s or m (`4s`, `500ms`, `2m`)"
                ))
            })
        }
    }
    d.deserialize_any(V).map(Some)
}

/// `4s`, `500ms`, `2m`, `4` (seconds) as a duration; `None` for anything else or an overflow.
pub fn parse_duration(text: &str) -> Option<std::time::Duration> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    if digits.is_empty() || digits.len() > 12 {
        return None;
    }
    let n: u64 = digits.parse().ok()?;
    match unit.trim() {
        "" | "s" => Some(std::time::Duration::from_secs(n)),
        "ms" => Some(std::time::Duration::from_millis(n)),
        "m" => n.checked_mul(60).map(std::time::Duration::from_secs),
        _ => None,
    }
}

/// Parses config text.
pub fn parse(path: &Path, text: &str) -> Result<RawConfig> {
    // Nothing but blank lines, comments and document markers: an empty config.
    let empty = text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
    });
    if empty {
        return Ok(RawConfig::default());
    }
    // YAML 1.2 booleans only: `off`, `no`, `n` are strings, and a string is not a boolean.
    let options = serde_saphyr::options! { strict_booleans: true };
    serde_saphyr::from_str_with_options(text, options).map_err(|e| yaml_error_in(path, text, &e))
}

fn at(path: &Path, loc: serde_saphyr::Location, message: String) -> Error {
    Error::Config {
        path: path.to_path_buf(),
        line: loc.line(),
        column: loc.column(),
        message,
    }
}

fn parse_size(path: &Path, s: &Spanned<Size>) -> Result<u64> {
    match &s.value {
        Size::Bytes(b) => Ok(*b),
        Size::Text(t) => {
            let t = t.trim();
            let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
            let (num, unit) = t.split_at(split);
            let n: u64 = num.parse().map_err(|_| {
                at(
                    path,
                    s.referenced,
                    format!("`{t}` is not a size: write e.g. `64MB` or a number of bytes"),
                )
            })?;
            let mult = match unit.trim().to_ascii_uppercase().as_str() {
                "" | "B" => 1,
                "K" | "KB" | "KIB" => 1 << 10,
                "M" | "MB" | "MIB" => 1 << 20,
                "G" | "GB" | "GIB" => 1 << 30,
                u => {
                    return Err(at(
                        path,
                        s.referenced,
                        format!("unknown size unit `{u}`: use B, KB, MB or GB"),
                    ))
                }
            };
            Ok(n.saturating_mul(mult))
        }
    }
}

impl Config {
    /// The built-in configuration.
    pub fn builtin() -> Result<Config> {
        Config::resolve(None, false)
    }

    /// Loads `path` (merged over the default) or the default alone. With `strict`, every
    /// regex is compiled now (for `config check`), not lazily.
    pub fn load(path: Option<&Path>, strict: bool) -> Result<Config> {
        match path {
            Some(p) => {
                let text = crate::capped::read_to_string(p, crate::capped::CONFIG_CAP)
                    .map_err(|e| Error::io(p, e))?
                    .ok_or_else(|| Error::TooLarge {
                        path: p.to_path_buf(),
                        what: "a config file",
                        cap: crate::capped::CONFIG_CAP,
                        advice: "check that it is the right file (`--config FILE`, `.keepmum.yaml`); a config holds rules and allow lists, and one this large holds data: replace long lists of paths with a few globs, and keep accepted findings in .keepmumignore",
                    })?;
                Config::resolve(Some((p, &text)), strict)
            }
            None => Config::resolve(None, strict),
        }
    }

    /// Finds the config for a repository work tree: `.keepmum.yaml`/`.yml` at its root.
    pub fn discover(workdir: Option<&Path>) -> Option<PathBuf> {
        let dir = workdir?;
        let found = CONFIG_NAMES
            .iter()
            .map(|n| dir.join(n))
            .find(|p| p.is_file());
        if found.is_none() {
            crate::compat::notice_legacy_config(dir, CONFIG_NAMES);
        }
        found
    }

    /// Merges the user file (if any) over the built-in default and compiles everything.
    pub fn resolve(user: Option<(&Path, &str)>, strict: bool) -> Result<Config> {
        let default_path = Path::new("<built-in default config>");
        let default = parse_default()?;
        let (upath, raw) = match user {
            Some((p, t)) => (Some(p), parse(p, t)?),
            None => (None, RawConfig::default()),
        };
        let text = user.map(|(_, t)| t).unwrap_or("");
        let extend = raw.extend_default.unwrap_or(true);
        let up = upath.unwrap_or(default_path);
        // Errors in the user's file point at it; `pos` finds where.
        let err_at = |line: u64, column: u64, message: String| Error::Config {
            path: up.to_path_buf(),
            line,
            column,
            message,
        };

        // Rules: built-in (unless extend-default is false), minus `disable`, plus custom.
        let builtin = if strict {
            rules::builtin_rules_strict()?
        } else {
            rules::builtin_rules()?
        };
        let builtin_ids: Vec<String> = builtin.iter().map(|r| r.id.clone()).collect();
        let mut rules: Vec<Rule> = if extend { builtin } else { Vec::new() };
        let mut disabled: Vec<&str> = Vec::new();
        for d in &raw.disable {
            if !builtin_ids.contains(&d.value) {
                return Err(at(
                    up,
                    d.referenced,
                    format!(
                        "`disable`: no built-in rule `{}` (see `keepmum rules` for the ids)",
                        d.value
                    ),
                ));
            }
            rules.retain(|r| r.id != d.value);
            disabled.push(&d.value);
        }
        for (id, ov) in &raw.overrides {
            let (line, column) = find_key_backwards(text, ov.referenced.line(), id)
                .unwrap_or((ov.referenced.line(), ov.referenced.column()));
            let Some(rule) = rules.iter_mut().find(|r| &r.id == id) else {
                let why = if !builtin_ids.contains(id) {
                    "see `keepmum rules` for the ids; custom rules take these settings directly"
                } else if disabled.contains(&id.as_str()) {
                    "it is listed in `disable`"
                } else {
                    "`extend-default: false` turns the built-in rules off"
                };
                return Err(err_at(
                    line,
                    column,
                    format!("`overrides`: no enabled built-in rule `{id}` ({why})"),
                ));
            };
            let o = &ov.value;
            if let Some(e) = &o.entropy {
                check_entropy(up, e, &format!("overrides.{id}.entropy"))?;
                rule.entropy = Some(e.value);
                if let crate::rules::Matcher::Assignment { spec, .. } = &mut rule.matcher {
                    spec.entropy = Some(e.value);
                }
            }
            if let Some(s) = o.severity {
                rule.severity = s;
            }
            if let Some(l) = o.level {
                rule.level = l;
            }
            for a in &o.allow {
                let re = compile_allow_regex(&a.value)
                    .map_err(|m| at(up, a.referenced, format!("`overrides.{id}.allow`: {m}")))?;
                rule.allow_regexes.push(re);
            }
            if !o.exclude_paths.is_empty() {
                let mut all = rule.exclude_paths.globs().to_vec();
                for g in &o.exclude_paths {
                    rules::validate_glob(&g.value).map_err(|m| {
                        at(
                            up,
                            g.referenced,
                            format!("`overrides.{id}.exclude-paths`: {m}"),
                        )
                    })?;
                    all.push(g.value.clone());
                }
                rule.exclude_paths = rules::LazyGlobs::new(all).map_err(|m| {
                    at(
                        up,
                        ov.referenced,
                        format!("`overrides.{id}.exclude-paths`: {m}"),
                    )
                })?;
            }
        }
        let mut custom_rules = Vec::new();
        for (i, spec) in raw.rules.iter().enumerate() {
            let loc = spec.referenced;
            let id = spec.value.id.clone();
            // The rule's lines: up to the next rule (keys are searched there only).
            let span = raw.rules.get(i + 1).map_or(usize::MAX, |n| {
                usize::try_from(n.referenced.line().saturating_sub(loc.line())).unwrap_or(1)
            });
            if rules.iter().any(|r| r.id == id) {
                let (line, column) =
                    find_key(text, loc.line(), "id", span).unwrap_or((loc.line(), loc.column()));
                let hint = if builtin_ids.contains(&id) {
                    "it is a built-in rule: tune it under `overrides`, or `disable` it first"
                } else {
                    "ids must be unique"
                };
                return Err(err_at(
                    line,
                    column,
                    format!("duplicate rule id `{id}` ({hint})"),
                ));
            }
            if let Some(e) = spec.value.entropy {
                if !(0.0..=8.0).contains(&e) {
                    let (line, column) = find_key(text, loc.line(), "entropy", span)
                        .unwrap_or((loc.line(), loc.column()));
                    return Err(err_at(
                        line,
                        column,
                        entropy_message(&format!("rules.{id}.entropy"), e),
                    ));
                }
            }
            let rule = Rule::compile(spec.value.clone(), up, true).map_err(|e| match e {
                Error::Config { path, message, .. } => {
                    let message = tidy_regex_error(&message);
                    let (line, column) = rule_error_position(text, loc, span, &message)
                        .unwrap_or((loc.line(), loc.column()));
                    Error::Config {
                        path,
                        line,
                        column,
                        message,
                    }
                }
                other => other,
            })?;
            custom_rules.push(id);
            rules.push(rule);
        }

        // Allow lists: default's (when extending) plus the user's.
        let mut allow = Allowlist::default();
        let mut globs: Vec<String> = Vec::new();
        let sections: Vec<(&Path, &str, &RawAllow)> = {
            let mut v = Vec::new();
            if extend {
                if let Some(a) = &default.allow {
                    v.push((default_path, DEFAULT_CONFIG, a));
                }
            }
            if let Some(a) = &raw.allow {
                v.push((up, text, a));
            }
            v
        };
        let mut warnings = Vec::new();
        let warn_at = |p: &Path, loc: serde_saphyr::Location, what: String| {
            format!("{}:{}:{}: {what}", p.display(), loc.line(), loc.column())
        };
        for (p, t, a) in &sections {
            for g in &a.paths {
                if let Err(m) = rules::validate_glob(&g.value) {
                    return Err(at(p, g.referenced, format!("`allow.paths`: {m}")));
                }
                let all = rules::LazyGlobs::from_validated(vec![g.value.clone()]);
                if PROBE_PATHS.iter().all(|x| all.matches(x).unwrap_or(false)) {
                    warnings.push(warn_at(
                        p,
                        g.referenced,
                        format!(
                            "`allow.paths` entry `{}` matches every path: no file is scanned",
                            g.value
                        ),
                    ));
                }
                globs.push(g.value.clone());
            }
            for r in &a.regexes {
                let (src, target) = allow_regex(p, t, r)?;
                let re = compile_allow_regex(&src)
                    .map_err(|m| at(p, r.referenced, format!("`allow.regexes`: {m}")))?;
                if re.is_match("") || PROBE_TEXTS.iter().all(|x| re.is_match(x)) {
                    warnings.push(warn_at(p, r.referenced, format!("`allow.regexes` entry `{src}` matches every finding: nothing is reported")));
                }
                allow.regexes.push((re, target));
            }
            for w in &a.stopwords {
                let word = w.value.trim();
                if word.chars().count() < 3 {
                    return Err(at(
                        p,
                        w.referenced,
                        format!("`allow.stopwords`: `{word}` is too short: a stopword allows every secret that contains it, so give at least 3 characters"),
                    ));
                }
                allow.stopwords.push(word.to_ascii_lowercase());
            }
            for c in &a.commits {
                let id = c.value.trim();
                if !(7..=40).contains(&id.len()) || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err(at(
                        p,
                        c.referenced,
                        format!("`allow.commits`: `{id}` is not a commit id: give the full id or a prefix of at least 7 hex characters"),
                    ));
                }
                allow.commits.push(id.to_ascii_lowercase());
            }
        }
        // Each glob was checked above, with its position.
        allow.paths = rules::LazyGlobs::from_validated(globs);

        let max_file_size = match raw.max_file_size.as_ref() {
            Some(s) => parse_size(up, s)?,
            None => match default.max_file_size.as_ref() {
                Some(s) => parse_size(default_path, s)?,
                None => 64 << 20,
            },
        };

        let dd = default.debug_settings.unwrap_or_default();
        let ud = raw.debug_settings.unwrap_or_default();
        let globs_of = |p: &Path, field: &str, list: &[Spanned<String>]| -> Result<Vec<String>> {
            for g in list {
                rules::validate_glob(&g.value)
                    .map_err(|m| at(p, g.referenced, format!("`debug-settings.{field}`: {m}")))?;
            }
            Ok(list.iter().map(|g| g.value.clone()).collect())
        };
        let paths = match &ud.paths {
            Some(list) => globs_of(up, "paths", list)?,
            None => globs_of(
                default_path,
                "paths",
                dd.paths.as_deref().unwrap_or_default(),
            )?,
        };
        let mut exclude = if extend {
            globs_of(
                default_path,
                "exclude",
                dd.exclude.as_deref().unwrap_or_default(),
            )?
        } else {
            Vec::new()
        };
        exclude.extend(globs_of(
            up,
            "exclude",
            ud.exclude.as_deref().unwrap_or_default(),
        )?);
        let debug = DebugSettings::new(paths, exclude);

        let dp = default.pre_receive.unwrap_or_default();
        let up_ = raw.pre_receive.unwrap_or_default();
        let pre_receive = PreReceivePolicy {
            time_budget: up_
                .time_budget
                .or(dp.time_budget)
                .unwrap_or(std::time::Duration::from_secs(60)),
            on_timeout: up_.on_timeout.or(dp.on_timeout).unwrap_or_default(),
            allow_push_option: up_
                .allow_push_option
                .or(dp.allow_push_option)
                .unwrap_or(false),
            inline_allow: up_.inline_allow.or(dp.inline_allow).unwrap_or(false),
            // Only the policy file names a log: relative to where that file is.
            audit_log: up_.audit_log.map(|p| match up.parent() {
                Some(dir) if p.is_relative() => dir.join(p),
                _ => p,
            }),
            on_audit_error: up_.on_audit_error.or(dp.on_audit_error).unwrap_or_default(),
            // Only the policy file names a baseline, relative to where that file is.
            baseline: up_.baseline.as_ref().map(|b| {
                let p = PathBuf::from(b.value.trim());
                BaselineRef {
                    path: match up.parent() {
                        Some(dir) if p.is_relative() => dir.join(p),
                        _ => p,
                    },
                    policy: up.to_path_buf(),
                    line: b.referenced.line(),
                    column: b.referenced.column(),
                }
            }),
        };

        let packages = resolve_packages(
            (default_path, DEFAULT_CONFIG, default.packages.as_ref()),
            (up, text, raw.packages.as_ref()),
            extend,
        )?;

        let on_large_file = raw
            .on_large_file
            .or(default.on_large_file)
            .unwrap_or_default();
        let fail_on = raw.fail_on.or(default.fail_on).unwrap_or_default();
        if rules.is_empty() {
            warnings.push(format!(
                "{}: no rule is active (`extend-default: false` without rules of its own, or every rule disabled): nothing is reported",
                up.display()
            ));
        }

        Ok(Config {
            rules,
            allow,
            max_file_size,
            on_large_file,
            fail_on,
            debug,
            pre_receive,
            packages,
            file: upath.map(Path::to_path_buf),
            custom_rules,
            warnings,
        })
    }
}

// ---- `packages:` (the dependency checks of rules/python.yaml) -------------------------------

/// `packages:` as written: names the typosquat checks accept, names always reported, and an
/// optional OSV malicious-packages database.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawPackages {
    /// Names used on purpose (`pypi:` or `npm:` prefix for one registry only).
    #[serde(default)]
    pub allow: Vec<Spanned<String>>,
    /// Names always reported.
    #[serde(default)]
    pub deny: Vec<Spanned<String>>,
    /// A checkout of an OSV malicious-packages database, relative to the config file.
    #[serde(default)]
    pub osv_malicious: Option<Spanned<String>>,
}

/// One `packages.allow`/`deny` entry, normalised as its registry compares names.
fn package_entry(path: &Path, field: &str, e: &Spanned<String>) -> Result<String> {
    use crate::checks::names::Ecosystem;
    let v = e.value.trim();
    let (eco, name) = match v.split_once(':') {
        Some(("pypi", n)) => (Some(Ecosystem::PyPI), n.trim()),
        Some(("npm", n)) => (Some(Ecosystem::Npm), n.trim()),
        Some((p, _)) => {
            return Err(at(
                path,
                e.referenced,
                format!("`packages.{field}`: unknown registry `{p}:` in `{v}`: write `pypi:NAME`, `npm:NAME` or just NAME"),
            ))
        }
        None => (None, v),
    };
    if name.is_empty() || name.chars().any(char::is_whitespace) {
        return Err(at(
            path,
            e.referenced,
            format!("`packages.{field}`: `{v}` is not a package name"),
        ));
    }
    Ok(match eco {
        Some(Ecosystem::PyPI) => format!("pypi:{}", Ecosystem::PyPI.normalise(name)),
        Some(Ecosystem::Npm) => format!("npm:{}", Ecosystem::Npm.normalise(name)),
        // Both registries: each compares its own way; keep both spellings.
        None => {
            let p = Ecosystem::PyPI.normalise(name);
            let n = Ecosystem::Npm.normalise(name);
            if p == n {
                p
            } else {
                format!("pypi:{p}\nnpm:{n}")
            }
        }
    })
}

/// Merges `packages:` of the default (when extending) and of the user's file.
fn resolve_packages(
    default: (&Path, &str, Option<&RawPackages>),
    user: (&Path, &str, Option<&RawPackages>),
    extend: bool,
) -> Result<crate::checks::PackagePolicy> {
    let mut policy = crate::checks::PackagePolicy::default();
    let mut sections = Vec::new();
    if extend {
        sections.push(default);
    }
    sections.push(user);
    for (path, _, raw) in sections {
        let Some(raw) = raw else { continue };
        for (field, list, into) in [
            ("allow", &raw.allow, &mut policy.allow),
            ("deny", &raw.deny, &mut policy.deny),
        ] {
            for e in list {
                into.extend(
                    package_entry(path, field, e)?
                        .split('\n')
                        .map(str::to_string),
                );
            }
        }
        if let Some(o) = &raw.osv_malicious {
            let given = Path::new(o.value.trim());
            let dir = if given.is_absolute() {
                given.to_path_buf()
            } else {
                path.parent().unwrap_or(Path::new(".")).join(given)
            };
            if crate::checks::osv::ecosystems_dir(&dir).is_none() {
                return Err(at(
                    path,
                    o.referenced,
                    format!(
                        "`packages.osv-malicious`: {} is not a checkout of an OSV malicious-packages database (no osv/malicious/pypi or npm directory in it)",
                        dir.display()
                    ),
                ));
            }
            policy.osv = Some(dir);
        }
    }
    if let Some(both) = policy.deny.iter().find(|d| policy.allow.contains(d)) {
        return Err(Error::Config {
            path: user.0.to_path_buf(),
            line: 0,
            column: 0,
            message: format!("`packages`: `{both}` is in both `allow` and `deny`: keep it in one"),
        });
    }
    Ok(policy)
}

/// Compiles an allow regex (matched against text, Unicode-aware) with the size limit.
fn compile_allow_regex(src: &str) -> std::result::Result<regex::Regex, String> {
    if src.is_empty() {
        return Err("an empty regex matches every finding: write the pattern to allow".into());
    }
    regex::RegexBuilder::new(src)
        .size_limit(rules::REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| tidy_regex_error(&format!("invalid regex `{src}`: {e}")))
}

/// Reads one `allow.regexes` entry: a bare pattern or `{regex, target}`.
fn allow_regex(path: &Path, text: &str, r: &Spanned<AllowRegex>) -> Result<(String, Target)> {
    let table = match &r.value {
        AllowRegex::Bare(s) => return Ok((s.clone(), Target::Secret)),
        AllowRegex::Table(t) => t,
    };
    let line = r.referenced.line();
    let pos = |key: &str| find_key(text, line, key, 5).unwrap_or((line, r.referenced.column()));
    let err = |(line, column): (u64, u64), message: String| Error::Config {
        path: path.to_path_buf(),
        line,
        column,
        message,
    };
    if let Some(k) = table.keys().find(|k| *k != "regex" && *k != "target") {
        return Err(err(
            pos(k),
            format!("`allow.regexes`: unknown key `{k}`: an entry is a regex string or `{{regex: '...', target: secret|match|line}}`"),
        ));
    }
    let Some(src) = table.get("regex") else {
        return Err(err(
            (line, r.referenced.column()),
            "`allow.regexes`: this entry has no `regex`: write `{regex: '...', target: secret|match|line}`".into(),
        ));
    };
    let target = match table.get("target").map(String::as_str) {
        None | Some("secret") => Target::Secret,
        Some("match") => Target::Match,
        Some("line") => Target::Line,
        Some(other) => {
            return Err(err(
                pos("target"),
                format!("`allow.regexes`: unknown target `{other}`: use secret, match or line"),
            ))
        }
    };
    Ok((src.clone(), target))
}

fn entropy_message(field: &str, e: f64) -> String {
    format!("`{field}`: {e} is out of range: entropy is in bits per character, from 0 to 8")
}

fn check_entropy(path: &Path, e: &Spanned<f64>, field: &str) -> Result<()> {
    if (0.0..=8.0).contains(&e.value) {
        Ok(())
    } else {
        Err(at(path, e.referenced, entropy_message(field, e.value)))
    }
}

/// Where in a custom rule (which starts at `loc`) an error from compiling it belongs.
fn rule_error_position(
    text: &str,
    loc: serde_saphyr::Location,
    span: usize,
    message: &str,
) -> Option<(u64, u64)> {
    let from = loc.line();
    if let Some(rest) = message.split("invalid glob `").nth(1) {
        let glob = rest.split('`').next().unwrap_or("");
        return find_text(text, from, glob, span);
    }
    let key = if message.contains("`assignment.key-exclude`") {
        "key-exclude"
    } else if message.contains("`assignment.key`") {
        "key"
    } else if message.contains("needs a capture group") {
        "regex"
    } else if message.contains("secret-group") || message.contains("capture group named") {
        "secret-group"
    } else if message.contains("not both") {
        "assignment"
    } else if message.contains("regex") || message.contains("group") {
        "regex"
    } else {
        "id"
    };
    find_key(text, from, key, span)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_units() {
        use std::time::Duration;
        assert_eq!(parse_duration("4"), Some(Duration::from_secs(4)));
        assert_eq!(parse_duration("4s"), Some(Duration::from_secs(4)));
        assert_eq!(parse_duration(" 500ms "), Some(Duration::from_millis(500)));
        assert_eq!(parse_duration("2m"), Some(Duration::from_secs(120)));
        assert_eq!(parse_duration("2 m"), Some(Duration::from_secs(120)));
        for bad in [
            "",
            "s",
            "4h",
            "-4s",
            "4.5s",
            "1e3",
            "9999999999999s",
            "4sec",
        ] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
        let p = Path::new("policy.yaml");
        let raw = parse(p, "pre-receive:\n  time-budget: 4s\n").unwrap();
        assert_eq!(
            raw.pre_receive.unwrap().time_budget,
            Some(Duration::from_secs(4))
        );
        let raw = parse(p, "pre-receive:\n  time-budget: 7\n").unwrap();
        assert_eq!(
            raw.pre_receive.unwrap().time_budget,
            Some(Duration::from_secs(7))
        );
        let e = parse(p, "pre-receive:\n  time-budget: 4 hours\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("policy.yaml:2:"), "{e}");
        assert!(e.contains("not a duration"), "{e}");
    }

    /// The JSON a scan reads holds exactly what default.yaml says.
    #[test]
    fn embedded_json_default_matches_the_yaml() {
        let yaml = parse(Path::new("default.yaml"), DEFAULT_CONFIG).unwrap();
        let json = parse_default().unwrap();
        let strings = |v: &[Spanned<String>]| v.iter().map(|s| s.value.clone()).collect::<Vec<_>>();
        let (ya, ja) = (yaml.allow.unwrap(), json.allow.unwrap());
        assert_eq!(strings(&ya.paths), strings(&ja.paths));
        assert!(!ja.paths.is_empty());
        assert_eq!(strings(&ya.stopwords), strings(&ja.stopwords));
        assert_eq!(strings(&ya.commits), strings(&ja.commits));
        assert_eq!(ya.regexes.len(), ja.regexes.len());
        let (yd, jd) = (yaml.debug_settings.unwrap(), json.debug_settings.unwrap());
        assert_eq!(strings(&yd.paths.unwrap()), strings(&jd.paths.unwrap()));
        let je = strings(&jd.exclude.unwrap());
        assert_eq!(strings(&yd.exclude.unwrap()), je);
        assert!(je.len() > 10);
        assert_eq!(
            format!("{:?}", yaml.max_file_size.map(|s| s.value)),
            format!("{:?}", json.max_file_size.map(|s| s.value))
        );
        assert_eq!(yaml.on_large_file, json.on_large_file);
        assert_eq!(yaml.fail_on, json.fail_on);
        assert_eq!(yaml.extend_default, json.extend_default);
        assert_eq!(yaml.disable.len(), json.disable.len());
        assert_eq!(yaml.rules.len(), json.rules.len());
        assert_eq!(yaml.overrides.len(), json.overrides.len());
        let (yp, jp) = (yaml.pre_receive.unwrap(), json.pre_receive.unwrap());
        assert_eq!(yp.time_budget, jp.time_budget);
        assert_eq!(yp.on_timeout, jp.on_timeout);
        assert_eq!(yp.allow_push_option, jp.allow_push_option);
        assert_eq!(yp.inline_allow, jp.inline_allow);
        assert_eq!(jp.inline_allow, Some(false));
    }
}
