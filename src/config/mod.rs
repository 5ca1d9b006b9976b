//! The YAML config: schema, discovery, merge over the built-in default, and validation that
//! points at the file, line and column of every mistake.
//!
//! The built-in default is itself a config file (`src/config/default.yaml`, printed by
//! `leakguard config print-default`), so what users read is exactly what runs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::allow::{Allowlist, Target};
use crate::error::{Error, Result};
use crate::rules::{self, build_globs, Rule, RuleSpec, Severity};
use crate::scan::DebugSettings;

/// The commented built-in default config.
pub const DEFAULT_CONFIG: &str = include_str!("default.yaml");

/// Config file names looked for at the repository root, in order.
pub const CONFIG_NAMES: &[&str] = &[".leakguard.yaml", ".leakguard.yml"];

/// Converts a serde-saphyr error into a config error with its position.
pub fn yaml_error(path: &Path, e: &serde_saphyr::Error) -> Error {
    let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
    let mut message = e.to_string();
    // serde-saphyr may render a multi-line snippet; keep the first line, we print the position.
    if let Some(first) = message.lines().find(|l| !l.trim().is_empty()) {
        message = first.trim().to_string();
    }
    if message.contains("unknown field") {
        message.push_str(" (see `leakguard config print-default` for the schema)");
    }
    Error::Config {
        path: path.to_path_buf(),
        line,
        column,
        message,
    }
}

/// An allow regex: a bare pattern (matched against the secret) or a pattern with a target.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum AllowRegex {
    /// Matched against the secret.
    Bare(String),
    /// Matched against `target`.
    WithTarget {
        /// The pattern.
        regex: String,
        /// What it matches.
        #[serde(default)]
        target: Target,
    },
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
    pub stopwords: Vec<String>,
    /// Accepted commits.
    #[serde(default)]
    pub commits: Vec<String>,
}

/// Per-rule tuning of a built-in rule.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Override {
    /// New minimum entropy of the secret.
    #[serde(default)]
    pub entropy: Option<f64>,
    /// Regexes on the secret that this rule accepts.
    #[serde(default)]
    pub allow: Vec<String>,
    /// Extra paths where this rule does not run.
    #[serde(default)]
    pub exclude_paths: Vec<String>,
    /// New severity.
    #[serde(default)]
    pub severity: Option<Severity>,
}

/// `debug-settings:` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawDebug {
    /// Paths that count as production settings.
    #[serde(default)]
    pub paths: Option<Vec<String>>,
    /// Paths that never count.
    #[serde(default)]
    pub exclude: Option<Vec<String>>,
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
    /// Seconds a push scan may take (0 = no limit).
    #[serde(default)]
    pub time_budget: Option<u64>,
    /// What running out of time means.
    #[serde(default)]
    pub on_timeout: Option<OnTimeout>,
    /// Honour `git push -o leakguard.allow=<fingerprint>`.
    #[serde(default)]
    pub allow_push_option: Option<bool>,
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
    #[serde(default)]
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
    /// Files larger than this are skipped with a warning.
    #[serde(default)]
    pub max_file_size: Option<Spanned<Size>>,
    /// Production settings paths for the DEBUG rules.
    #[serde(default)]
    pub debug_settings: Option<RawDebug>,
    /// Server-side policy.
    #[serde(default)]
    pub pre_receive: Option<RawPreReceive>,
}

/// The server-side policy for `leakguard pre-receive`.
#[derive(Debug, Clone)]
pub struct PreReceivePolicy {
    /// Seconds a push scan may take (0 = no limit).
    pub time_budget: u64,
    /// What running out of time means.
    pub on_timeout: OnTimeout,
    /// Honour `git push -o leakguard.allow=<fingerprint>`.
    pub allow_push_option: bool,
}

/// The resolved configuration: compiled rules and allow lists.
#[derive(Debug)]
pub struct Config {
    /// Enabled rules, built-in then custom.
    pub rules: Vec<Rule>,
    /// Global allow lists.
    pub allow: Allowlist,
    /// Files larger than this many bytes are skipped with a warning.
    pub max_file_size: u64,
    /// Production settings paths for the DEBUG rules.
    pub debug: DebugSettings,
    /// Server-side policy.
    pub pre_receive: PreReceivePolicy,
    /// The user config file, when one was read.
    pub file: Option<PathBuf>,
}

/// Parses config text.
pub fn parse(path: &Path, text: &str) -> Result<RawConfig> {
    if text.trim().is_empty() {
        return Ok(RawConfig::default());
    }
    serde_saphyr::from_str(text).map_err(|e| yaml_error(path, &e))
}

fn at(path: &Path, loc: serde_saphyr::Location, message: String) -> Error {
    Error::Config {
        path: path.to_path_buf(),
        line: loc.line(),
        column: loc.column(),
        message,
    }
}

/// Finds `key:` in the lines from `from` (1-based) on, before the next list item at the same
/// indentation: used to point rule errors at the offending field.
fn locate_key(text: &str, from: u64, key: &str) -> Option<(u64, u64)> {
    let needle = format!("{key}:");
    for (i, line) in text
        .lines()
        .enumerate()
        .skip(from.saturating_sub(1) as usize)
        .take(200)
    {
        if let Some(col) = line.find(&needle) {
            let before = &line[..col];
            if before.trim_start_matches([' ', '-']).is_empty() {
                return Some((i as u64 + 1, col as u64 + 1));
            }
        }
    }
    None
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
                let text = std::fs::read_to_string(p).map_err(|e| Error::io(p, e))?;
                Config::resolve(Some((p, &text)), strict)
            }
            None => Config::resolve(None, strict),
        }
    }

    /// Finds the config for a repository work tree: `.leakguard.yaml`/`.yml` at its root.
    pub fn discover(workdir: Option<&Path>) -> Option<PathBuf> {
        let dir = workdir?;
        CONFIG_NAMES
            .iter()
            .map(|n| dir.join(n))
            .find(|p| p.is_file())
    }

    /// Merges the user file (if any) over the built-in default and compiles everything.
    pub fn resolve(user: Option<(&Path, &str)>, strict: bool) -> Result<Config> {
        let default_path = Path::new("<built-in default config>");
        let default = parse(default_path, DEFAULT_CONFIG)?;
        let (upath, raw) = match user {
            Some((p, t)) => (Some(p), parse(p, t)?),
            None => (None, RawConfig::default()),
        };
        let text = user.map(|(_, t)| t).unwrap_or("");
        let extend = raw.extend_default.unwrap_or(true);
        let upath_or_default = upath.unwrap_or(default_path);

        // Rules: built-in (unless extend-default is false), minus `disable`, plus custom.
        let mut rules: Vec<Rule> = Vec::new();
        if extend {
            rules = if strict {
                rules::builtin_rules_strict()?
            } else {
                rules::builtin_rules()?
            };
        }
        let mut disabled: Vec<&str> = Vec::new();
        for d in &raw.disable {
            match rules.iter().position(|r| r.id == d.value) {
                Some(i) => {
                    rules.remove(i);
                    disabled.push(&d.value);
                }
                None => {
                    if extend && !disabled.contains(&d.value.as_str()) {
                        return Err(at(
                            upath_or_default,
                            d.referenced,
                            format!(
                                "`disable`: no built-in rule `{}` (see `leakguard rules`)",
                                d.value
                            ),
                        ));
                    }
                }
            }
        }
        for (id, ov) in &raw.overrides {
            let Some(rule) = rules.iter_mut().find(|r| &r.id == id) else {
                return Err(at(
                    upath_or_default,
                    ov.referenced,
                    format!("`overrides`: no enabled rule `{id}` (see `leakguard rules`)"),
                ));
            };
            let o = &ov.value;
            if let Some(e) = o.entropy {
                rule.entropy = Some(e);
                if let crate::rules::Matcher::Assignment { spec, .. } = &mut rule.matcher {
                    spec.entropy = Some(e);
                }
            }
            if let Some(s) = o.severity {
                rule.severity = s;
            }
            for a in &o.allow {
                let re = regex::RegexBuilder::new(a)
                    .size_limit(rules::REGEX_SIZE_LIMIT)
                    .build()
                    .map_err(|e| {
                        at(
                            upath_or_default,
                            ov.referenced,
                            format!("`overrides.{id}.allow`: invalid regex `{a}`: {e}"),
                        )
                    })?;
                rule.allow_regexes.push(re);
            }
            if !o.exclude_paths.is_empty() {
                let mut all = rule.spec.exclude_paths.clone();
                all.extend(o.exclude_paths.iter().cloned());
                rule.exclude_paths = build_globs(&all).map_err(|m| {
                    at(
                        upath_or_default,
                        ov.referenced,
                        format!("`overrides.{id}.exclude-paths`: {m}"),
                    )
                })?;
            }
        }
        for spec in &raw.rules {
            let loc = spec.referenced;
            let id = spec.value.id.clone();
            if rules.iter().any(|r| r.id == id) {
                return Err(at(
                    upath_or_default,
                    loc,
                    format!("duplicate rule id `{id}`: ids must be unique (use `overrides` to tune a built-in rule, or `disable` it first)"),
                ));
            }
            let rule = Rule::compile(spec.value.clone(), upath_or_default, true).map_err(|e| {
                // Point at the field the message is about.
                if let Error::Config { path, message, .. } = e {
                    let key = if message.contains("glob") {
                        "paths"
                    } else if message.contains("assignment") {
                        "assignment"
                    } else if message.contains("regex") || message.contains("group") {
                        "regex"
                    } else {
                        "id"
                    };
                    let (line, column) =
                        locate_key(text, loc.line(), key).unwrap_or((loc.line(), loc.column()));
                    Error::Config {
                        path,
                        line,
                        column,
                        message,
                    }
                } else {
                    e
                }
            })?;
            rules.push(rule);
        }

        // Allow lists: default's (when extending) plus the user's.
        let mut allow = Allowlist::default();
        let mut globs: Vec<(String, &Path, serde_saphyr::Location)> = Vec::new();
        let sections: Vec<(&Path, &RawAllow)> = {
            let mut v = Vec::new();
            if extend {
                if let Some(a) = &default.allow {
                    v.push((default_path, a));
                }
            }
            if let Some(a) = &raw.allow {
                v.push((upath_or_default, a));
            }
            v
        };
        for (p, a) in &sections {
            for g in &a.paths {
                if let Err(m) = build_globs(std::slice::from_ref(&g.value)) {
                    return Err(at(p, g.referenced, format!("`allow.paths`: {m}")));
                }
                globs.push((g.value.clone(), p, g.referenced));
            }
            for r in &a.regexes {
                let (src, target) = match &r.value {
                    AllowRegex::Bare(s) => (s.clone(), Target::Secret),
                    AllowRegex::WithTarget { regex, target } => (regex.clone(), *target),
                };
                let re = regex::RegexBuilder::new(&src)
                    .size_limit(rules::REGEX_SIZE_LIMIT)
                    .build()
                    .map_err(|e| {
                        at(
                            p,
                            r.referenced,
                            format!(
                                "`allow.regexes`: invalid regex `{src}`: {}",
                                first_line(&e.to_string())
                            ),
                        )
                    })?;
                allow.regexes.push((re, target));
            }
            allow
                .stopwords
                .extend(a.stopwords.iter().map(|s| s.to_ascii_lowercase()));
            allow
                .commits
                .extend(a.commits.iter().map(|s| s.to_ascii_lowercase()));
        }
        let glob_strings: Vec<String> = globs.into_iter().map(|(g, _, _)| g).collect();
        allow.paths = build_globs(&glob_strings).map_err(|m| Error::Config {
            path: upath_or_default.to_path_buf(),
            line: 0,
            column: 0,
            message: m,
        })?;

        let max_file_size = match raw.max_file_size.as_ref() {
            Some(s) => parse_size(upath_or_default, s)?,
            None => match default.max_file_size.as_ref() {
                Some(s) => parse_size(default_path, s)?,
                None => 64 << 20,
            },
        };

        let dd = default.debug_settings.unwrap_or_default();
        let ud = raw.debug_settings.unwrap_or_default();
        let paths = ud.paths.or(dd.paths).unwrap_or_default();
        let mut exclude = if extend {
            dd.exclude.unwrap_or_default()
        } else {
            Vec::new()
        };
        exclude.extend(ud.exclude.unwrap_or_default());
        let debug = DebugSettings {
            paths: build_globs(&paths).map_err(|m| Error::Config {
                path: upath_or_default.to_path_buf(),
                line: locate_key(text, 1, "debug-settings").map_or(0, |l| l.0),
                column: 1,
                message: format!("`debug-settings.paths`: {m}"),
            })?,
            exclude: build_globs(&exclude).map_err(|m| Error::Config {
                path: upath_or_default.to_path_buf(),
                line: locate_key(text, 1, "debug-settings").map_or(0, |l| l.0),
                column: 1,
                message: format!("`debug-settings.exclude`: {m}"),
            })?,
        };

        let dp = default.pre_receive.unwrap_or_default();
        let up = raw.pre_receive.unwrap_or_default();
        let pre_receive = PreReceivePolicy {
            time_budget: up.time_budget.or(dp.time_budget).unwrap_or(60),
            on_timeout: up.on_timeout.or(dp.on_timeout).unwrap_or_default(),
            allow_push_option: up
                .allow_push_option
                .or(dp.allow_push_option)
                .unwrap_or(false),
        };

        Ok(Config {
            rules,
            allow,
            max_file_size,
            debug,
            pre_receive,
            file: upath.map(Path::to_path_buf),
        })
    }
}

fn first_line(s: &str) -> String {
    s.lines().last().unwrap_or(s).trim().to_string()
}
