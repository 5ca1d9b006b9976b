//! The rule model: rules are data (YAML), built-in ones embedded in the binary.
//!
//! A rule is either a *regex* rule (a pattern with a `secret` capture group) or an *assignment*
//! rule (a pattern for the *name* something is assigned to, plus constraints on the value). Every
//! rule carries `examples` that must be caught and `negative-examples` that must not; the test
//! suite and `keepmum config check` verify them. Example texts may hold templates like
//! `<<alnum:36>>` that expand to seeded random text at run time, so no file in this repository
//! holds a credential-shaped literal.

pub mod checksum;
pub mod compact;
pub mod pattern;
pub mod template;

pub use checksum::Checksum;
pub use pattern::Pattern;

use std::sync::OnceLock;

use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::bytes::Regex;
use serde::Deserialize;

use crate::error::{Error, Result};

/// The largest compiled regex (bytes) a rule may have; larger patterns are refused.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// The built-in rule files (`rules/*.yaml`), converted to JSON by `build.rs` and embedded.
pub const BUILTIN_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/rules.json"));

/// The built-in rules without their documentation and examples (`why`, `fix`, examples): what a
/// scan needs, at a third of the bytes, in the compact form of [`compact`] (no JSON escapes
/// to decode at every start).
const BUILTIN_SCAN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/rules-scan.bin"));

/// One built-in rule file as embedded.
#[derive(Debug, Deserialize)]
struct BuiltinFile {
    file: String,
    body: RuleFile,
}

/// What family a rule belongs to; used for reporting and for per-kind scores.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize, PartialOrd, Ord,
)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Passwords assigned in code or config.
    Password,
    /// Credentials embedded in a URL.
    Url,
    /// Framework secret keys (Django `SECRET_KEY`...).
    SecretKey,
    /// High-entropy values assigned to secret-ish (or neutral) names.
    Generic,
    /// A known provider's credential format.
    Provider,
    /// Private key material (PEM...).
    PrivateKey,
    /// Debug mode switched on in settings.
    Debug,
    /// A dependency name or package index that invites a poisoned package (typosquats,
    /// look-alikes, known-malicious names, extra indexes).
    Package,
    /// A committed virtual environment or build output (`.venv/`, `__pycache__/`...).
    Environment,
    /// A Python or framework version past (or near) its end of security support.
    EndOfLife,
    /// An unsafe deployment setting beyond DEBUG (`ALLOWED_HOSTS = ['*']`...).
    Setting,
    /// A file that is a secret by what it is (a key store, a key file, `.env`).
    SecretFile,
}

impl Kind {
    /// Every kind, in reporting order.
    pub const ALL: [Kind; 12] = [
        Kind::Password,
        Kind::Url,
        Kind::SecretKey,
        Kind::Generic,
        Kind::Provider,
        Kind::PrivateKey,
        Kind::Debug,
        Kind::Package,
        Kind::Environment,
        Kind::EndOfLife,
        Kind::Setting,
        Kind::SecretFile,
    ];

    /// The kebab-case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Password => "password",
            Kind::Url => "url",
            Kind::SecretKey => "secret-key",
            Kind::Generic => "generic",
            Kind::Provider => "provider",
            Kind::PrivateKey => "private-key",
            Kind::Debug => "debug",
            Kind::Package => "package",
            Kind::Environment => "environment",
            Kind::EndOfLife => "end-of-life",
            Kind::Setting => "setting",
            Kind::SecretFile => "secret-file",
        }
    }

    /// Whether findings of this kind are settings or names rather than secrets: their value
    /// is shown (when it reads as a setting, see [`crate::finding::Finding::redacted`]).
    pub fn shows_value(self) -> bool {
        matches!(
            self,
            Kind::Debug
                | Kind::Package
                | Kind::Environment
                | Kind::EndOfLife
                | Kind::Setting
                | Kind::SecretFile
        )
    }
}

/// How bad a finding of a rule is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// A live credential or equivalent.
    #[default]
    High,
    /// Probably sensitive.
    Medium,
    /// Worth a look.
    Low,
}

impl Severity {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }
}

/// What a finding does to the verdict: an `error` blocks (exit 1); a `warning` is reported and
/// passes, unless the config says `fail-on: warning`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, Default, PartialOrd, Ord,
)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Blocks the commit or push.
    #[default]
    Error,
    /// Reported; does not block unless `fail-on: warning`.
    Warning,
}

impl Level {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
        }
    }
}

/// An example: a bare string (scanned as `example-path`) or a text with its own path.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ExampleSpec {
    /// Text scanned under the rule's `example-path`.
    Text(String),
    /// Text scanned under the given path.
    WithPath {
        /// Path the text is scanned as (decides file-type handling).
        path: String,
        /// The text; may hold `<<class:len>>` templates.
        text: String,
    },
}

impl ExampleSpec {
    /// The path and (template) text of the example.
    pub fn parts<'a>(&'a self, default_path: &'a str) -> (&'a str, &'a str) {
        match self {
            ExampleSpec::Text(t) => (default_path, t.as_str()),
            ExampleSpec::WithPath { path, text } => (path.as_str(), text.as_str()),
        }
    }
}

/// Constraints on the assigned value of an assignment rule.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AssignmentSpec {
    /// Regex matched against the assigned-to name (e.g. `(?i)password$`).
    pub key: String,
    /// Names that match `key` but are known not to hold secrets.
    #[serde(default)]
    pub key_exclude: Option<String>,
    /// Match `key` and `key-exclude` against the name in segments: lower case, words joined by
    /// `_` (`MinioRootPassword`, `MINIO_ROOT_PASSWORD` and `minio.root-password` all read
    /// `minio_root_password`), so patterns can ask for whole words (`(?:^|_)min_`).
    #[serde(default)]
    pub key_segments: bool,
    /// Words naming keys of data (`cache`, `sort`, `primary`): a name whose last segment is
    /// `key` or `keys` (digits after it allowed) right after one of them (`cache_key`,
    /// `userSortKey`, `PRIMARY_KEY`) is not a secret's name. Matched on the name in segments
    /// (see `key-segments`), whether or not `key` is, and only once `key` matched.
    #[serde(default)]
    pub key_data_words: Vec<String>,
    /// Minimum length of the value.
    #[serde(default)]
    pub min_length: Option<usize>,
    /// Maximum length of the value.
    #[serde(default)]
    pub max_length: Option<usize>,
    /// Minimum Shannon entropy (bits/char) when the value is hex only.
    #[serde(default)]
    pub hex_entropy: Option<f64>,
    /// Minimum Shannon entropy (bits/char) for any other value.
    #[serde(default)]
    pub entropy: Option<f64>,
    /// Minimum length when the value is hex only (defaults to `min-length`).
    #[serde(default)]
    pub hex_min_length: Option<usize>,
    /// Require the value to be one token of base64/base64url/hex characters.
    #[serde(default)]
    pub token_charset: bool,
    /// Require both letters and digits in the value.
    #[serde(default)]
    pub mixed: bool,
    /// Require upper- and lower-case letters in the value.
    #[serde(default)]
    pub mixed_case: bool,
    /// Accept values containing whitespace (default: prose such as a UI label is not a secret).
    #[serde(default)]
    pub allow_spaces: bool,
    /// Accept a quoted value with spaces when it does not read as text: a password of
    /// space-separated chunks with digits or symbols (`nf6a qpm yvp9`), or four or more
    /// lower-case words without the words UI text is made of (see
    /// `scan::judge::is_spaced_secret`).
    #[serde(default)]
    pub spaced_values: bool,
    /// Reject values that read as words or identifiers (`my_secret_key`, `getTokenForUser`).
    #[serde(default)]
    pub reject_words: bool,
    /// Accept unquoted values in code files too (default: only in config files).
    #[serde(default)]
    pub unquoted_in_code: bool,
}

/// How an assignment rule treats sample paths (tests, docs, examples).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SampleMode {
    /// Do not run there.
    Skip,
    /// Only strong-looking passwords (10+ characters, letters and digits, no fixture words).
    Strong,
    /// Only values that look generated: long, varied, not periodic, no made-up words (see
    /// `scan::judge::looks_real_token`).
    Token,
}

/// A rule as written in YAML (built-in file or `rules:` in a config).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSpec {
    /// Unique id, kebab-case.
    pub id: String,
    /// One line saying what was found.
    pub description: String,
    /// Rule family (defaults to `generic` for custom rules).
    #[serde(default)]
    pub kind: Option<Kind>,
    /// Severity of findings.
    #[serde(default)]
    pub severity: Severity,
    /// Whether findings block (`error`, the default) or only warn (`warning`).
    #[serde(default)]
    pub level: Level,
    /// Why the rule exists (shown by `keepmum rules --explain`).
    #[serde(default)]
    pub why: Option<String>,
    /// How to fix a finding.
    #[serde(default)]
    pub fix: Option<String>,
    /// Regex with a secret capture group (regex rules).
    #[serde(default)]
    pub regex: Option<String>,
    /// Which capture group holds the secret: a name or number (default `secret`, else 1, else 0).
    #[serde(default)]
    pub secret_group: Option<GroupRef>,
    /// Assignment constraints (assignment rules).
    #[serde(default)]
    pub assignment: Option<AssignmentSpec>,
    /// A built-in check that finds this rule's findings (`package-typosquat`,
    /// `committed-virtualenv`...; see [`crate::checks::Check`]) instead of a regex.
    #[serde(default)]
    pub check: Option<String>,
    /// Lower-case literals; the rule only runs when one occurs in the text.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// A regex every match of the rule's `regex` also matches (the secret's own shape,
    /// without the context before it): when it matches nowhere in a text, the rule's regex
    /// is not run there. For a pattern whose context makes a large automaton
    /// (`vault|token` then up to 40 characters) after a common keyword (regex rules).
    #[serde(default)]
    pub requires: Option<String>,
    /// Minimum Shannon entropy of the secret (regex rules).
    #[serde(default)]
    pub entropy: Option<f64>,
    /// Minimum length of the secret.
    #[serde(default)]
    pub min_length: Option<usize>,
    /// A checksum the secret carries (`crc32-base62`, `nats-nkey`...; see [`checksum`]): a
    /// secret whose checksum fails is not reported, by this rule or any other.
    #[serde(default)]
    pub checksum: Option<Checksum>,
    /// The secret must hold both letters and digits: a random token body of 20 or more
    /// characters almost always does, a made-up one (`...ConfigurationTokenHere`) often not.
    #[serde(default)]
    pub mixed: bool,
    /// Only scan paths matching these globs.
    #[serde(default)]
    pub paths: Vec<String>,
    /// Never scan paths matching these globs.
    #[serde(default)]
    pub exclude_paths: Vec<String>,
    /// Skip values that look like placeholders (`changeme`, `${VAR}`...). Default true.
    #[serde(default = "default_true")]
    pub skip_placeholders: bool,
    /// Only for debug rules: the path must count as production settings.
    #[serde(default)]
    pub settings_only: bool,
    /// Rules this one is more specific than: on exactly the same value, their findings give
    /// way to this rule's (one value, one finding).
    #[serde(default)]
    pub outranks: Vec<String>,
    /// The secret is base64 of `user:password` (HTTP Basic, Docker `auths`, npm `_auth`): it is
    /// reported only when it decodes so, with a password that is not a placeholder (or, for
    /// `token:` credentials with an empty password, a user that looks generated).
    #[serde(default)]
    pub base64_credentials: bool,
    /// For a match on an indented line: the block it sits in (the nearest less-indented line
    /// above it) must match `require` and must not match `exclude` (a `DEBUG = True` inside
    /// `class ProductionConfig:` counts, inside `class DevelopmentConfig:` or a docstring not).
    #[serde(default)]
    pub enclosing: Option<EnclosingSpec>,
    /// In tests, docs and examples (see `scan::filetype::is_sample_path`): `skip` the rule, or
    /// accept only `strong` values (10+ characters, letters and digits, entropy 3+, no
    /// dummy words). Default: no change.
    #[serde(default)]
    pub in_samples: Option<SampleMode>,
    /// Path used for examples given as bare strings.
    #[serde(default)]
    pub example_path: Option<String>,
    /// Texts that must produce a finding of this rule.
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
    /// Texts that must not produce a finding of this rule.
    #[serde(default)]
    pub negative_examples: Vec<ExampleSpec>,
    /// Regexes on the secret that this rule accepts (as `overrides.ID.allow` does).
    #[serde(default)]
    pub allow: Vec<String>,
    /// What the examples of a rule that depends on more than the text are judged with (the
    /// day, for end-of-life rules; a deny list or malicious names, for package rules).
    #[serde(default)]
    pub example_context: Option<ExampleContext>,
}

/// The context a rule's examples are judged in (see [`RuleSpec::example_context`]).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExampleContext {
    /// Today's date (`YYYY-MM-DD`).
    #[serde(default)]
    pub today: Option<String>,
    /// `packages.deny` entries.
    #[serde(default)]
    pub deny: Vec<String>,
    /// Names a malicious-packages database would list.
    #[serde(default)]
    pub malicious: Vec<String>,
}

/// Conditions on the block header above an indented match (see [`RuleSpec::enclosing`]).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EnclosingSpec {
    /// Regex the header line must match (e.g. `^[ \t]*class[ \t]`).
    pub require: String,
    /// Regex the header line must not match (e.g. development class names).
    #[serde(default)]
    pub exclude: Option<String>,
}

fn default_true() -> bool {
    true
}

/// A capture-group reference: by name or by number.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum GroupRef {
    /// Group number (0 = whole match).
    Index(usize),
    /// Group name.
    Name(String),
}

/// A YAML file of rules.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// The rules in the file.
    pub rules: Vec<RuleSpec>,
}

/// How a rule finds candidates.
#[derive(Debug)]
pub enum Matcher {
    /// A regex over the added text; `group` holds the secret.
    Regex {
        /// The pattern source.
        source: String,
        /// Compiled pattern and the capture group holding the secret (filled on first use).
        compiled: OnceLock<(Pattern, usize)>,
    },
    /// Constraints over (name, value) assignments found in the added text.
    Assignment {
        /// Compiled key pattern and exclusion (filled on first use).
        compiled: OnceLock<(Pattern, Option<Pattern>)>,
        /// Value constraints (and the key pattern sources), boxed: the largest variant.
        spec: Box<AssignmentSpec>,
    },
    /// A built-in check over dependency files, pins or paths ([`crate::checks`]).
    Check(crate::checks::Check),
}

/// A compiled rule, ready to scan.
#[derive(Debug)]
pub struct Rule {
    /// Unique id.
    pub id: String,
    /// One-line description.
    pub description: String,
    /// Family.
    pub kind: Kind,
    /// Severity.
    pub severity: Severity,
    /// Blocks (`error`) or warns.
    pub level: Level,
    /// Matching strategy.
    pub matcher: Matcher,
    /// Lower-case prefilter keywords (empty: always runs).
    pub keywords: Vec<String>,
    /// Minimum entropy of the secret.
    pub entropy: Option<f64>,
    /// Minimum length of the secret.
    pub min_length: usize,
    /// Path filter (empty: every path).
    pub paths: LazyGlobs,
    /// Path exclusion.
    pub exclude_paths: LazyGlobs,
    /// Skip placeholder-like values.
    pub skip_placeholders: bool,
    /// Debug rules: only on production settings paths.
    pub settings_only: bool,
    /// Extra per-rule allow regexes (from config overrides), matched against the secret.
    pub allow_regexes: Vec<regex::Regex>,
    /// The rule's own `allow` regexes ([`RuleSpec::allow`]): compiled now for a config's
    /// rules (strict), on first use for the built-in ones, so start-up pays nothing for them.
    spec_allow: OnceLock<Vec<regex::Regex>>,
    /// Compiled [`RuleSpec::enclosing`] patterns (filled on first use, or by strict compilation).
    enclosing: OnceLock<(Regex, Option<Regex>)>,
    /// Compiled [`RuleSpec::requires`] (filled on first use, or by strict compilation).
    requires: OnceLock<Option<Pattern>>,
    /// The spec it was built from (kept for examples, `rules`, explanations).
    pub spec: RuleSpec,
}

impl Rule {
    /// Compiles a spec. `origin` names the file for error messages.
    ///
    /// With `strict` false (built-in rules at start-up) a regex is compiled only when first
    /// used: the test suite verifies every built-in pattern, and start-up skips compiling rules
    /// whose keywords never occur in the scanned text. Their path globs are not re-checked
    /// either (the same tests load every built-in rule strictly).
    pub fn compile(spec: RuleSpec, origin: &std::path::Path, strict: bool) -> Result<Rule> {
        let err = |message: String| Error::Config {
            path: origin.to_path_buf(),
            line: 0,
            column: 0,
            message: format!("rule `{}`: {message}", spec.id),
        };
        if spec.id.is_empty()
            || !spec
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
        {
            return Err(err(
                "id must be non-empty and use only letters, digits, `-`, `_` and `.`".into(),
            ));
        }
        let matcher = match (&spec.regex, &spec.assignment) {
            _ if spec.check.is_some() => {
                let name = spec.check.as_deref().unwrap_or_default();
                if spec.regex.is_some() || spec.assignment.is_some() {
                    return Err(err(
                        "give `check` alone: a rule is a `check`, a `regex` or an `assignment`"
                            .into(),
                    ));
                }
                if !spec.keywords.is_empty() {
                    return Err(err(
                        "a `check` rule takes no `keywords`: the check picks its own files".into(),
                    ));
                }
                let check = crate::checks::Check::from_name(name).ok_or_else(|| {
                    err(format!(
                        "unknown check `{name}` (the checks are: {})",
                        crate::checks::Check::names().join(", ")
                    ))
                })?;
                Matcher::Check(check)
            }
            (Some(_), Some(_)) => {
                return Err(err("give either `regex` or `assignment`, not both".into()))
            }
            (None, None) => return Err(err("give a `regex` (or an `assignment`)".into())),
            (Some(src), None) => {
                let compiled = OnceLock::new();
                if strict {
                    // The `regex` crate validates (its messages point into the pattern); the
                    // scanner then uses a `Pattern` built from the same source.
                    build_regex(src).map_err(|e| err(format!("invalid regex: {e}")))?;
                    let re =
                        Pattern::new_eager(src).map_err(|e| err(format!("invalid regex: {e}")))?;
                    let group = resolve_group(&re, spec.secret_group.as_ref()).map_err(err)?;
                    let _ = compiled.set((re, group));
                }
                Matcher::Regex {
                    source: src.clone(),
                    compiled,
                }
            }
            (None, Some(a)) => {
                let compiled = OnceLock::new();
                if strict {
                    build_regex(&a.key)
                        .map_err(|e| err(format!("invalid `assignment.key` regex: {e}")))?;
                    let key = Pattern::new_eager(&a.key)
                        .map_err(|e| err(format!("invalid `assignment.key` regex: {e}")))?;
                    let exclude = match &a.key_exclude {
                        Some(k) => {
                            build_regex(k).map_err(|e| {
                                err(format!("invalid `assignment.key-exclude` regex: {e}"))
                            })?;
                            Some(Pattern::new_eager(k).map_err(|e| {
                                err(format!("invalid `assignment.key-exclude` regex: {e}"))
                            })?)
                        }
                        None => None,
                    };
                    let _ = compiled.set((key, exclude));
                }
                Matcher::Assignment {
                    compiled,
                    spec: Box::new(a.clone()),
                }
            }
        };
        let requires = OnceLock::new();
        if let Some(r) = &spec.requires {
            if spec.regex.is_none() {
                return Err(err(
                    "`requires` goes with a `regex`: it says where the regex can match".into(),
                ));
            }
            if strict {
                build_regex(r).map_err(|e| err(format!("invalid `requires` regex: {e}")))?;
                let p =
                    Pattern::new(r).map_err(|e| err(format!("invalid `requires` regex: {e}")))?;
                let _ = requires.set(Some(p));
            }
        }
        let enclosing = OnceLock::new();
        if let (true, Some(e)) = (strict, &spec.enclosing) {
            let req = build_regex(&e.require)
                .map_err(|x| err(format!("invalid `enclosing.require` regex: {x}")))?;
            let exc = match &e.exclude {
                Some(x) => Some(
                    build_regex(x)
                        .map_err(|x| err(format!("invalid `enclosing.exclude` regex: {x}")))?,
                ),
                None => None,
            };
            let _ = enclosing.set((req, exc));
        }
        let keywords = spec
            .keywords
            .iter()
            .map(|k| k.to_ascii_lowercase())
            .collect();
        let spec_allow = OnceLock::new();
        if strict {
            let mut compiled = Vec::with_capacity(spec.allow.len());
            for a in &spec.allow {
                compiled.push(
                    build_allow(a).map_err(|e| err(format!("invalid `allow` regex `{a}`: {e}")))?,
                );
            }
            let _ = spec_allow.set(compiled);
        }
        let globs = |g: &Vec<String>| {
            if strict {
                LazyGlobs::new(g.clone())
            } else {
                Ok(LazyGlobs::from_validated(g.clone()))
            }
        };
        Ok(Rule {
            id: spec.id.clone(),
            description: spec.description.clone(),
            kind: spec.kind.unwrap_or(Kind::Generic),
            severity: spec.severity,
            level: spec.level,
            matcher,
            keywords,
            entropy: spec.entropy,
            min_length: spec.min_length.unwrap_or(1),
            paths: globs(&spec.paths).map_err(err)?,
            exclude_paths: globs(&spec.exclude_paths).map_err(err)?,
            skip_placeholders: spec.skip_placeholders,
            settings_only: spec.settings_only,
            allow_regexes: Vec::new(),
            spec_allow,
            enclosing,
            requires,
            spec,
        })
    }

    /// Whether the rule's regex may match somewhere in `text`: false only when its
    /// [`RuleSpec::requires`] pattern matches nowhere there.
    pub fn may_match(&self, text: &[u8]) -> bool {
        let Some(src) = &self.spec.requires else {
            return true;
        };
        // A built-in `requires` is compiled by the rule tests; should one still fail here,
        // the rule's own regex decides (nothing is skipped).
        self.requires
            .get_or_init(|| Pattern::new(src).ok())
            .as_ref()
            .is_none_or(|p| p.is_match(text))
    }

    /// Whether an allow regex of this rule (its own `allow`, or one from config overrides)
    /// matches `secret`: the finding is not reported.
    pub fn allows(&self, secret: &str) -> bool {
        // A built-in `allow` regex that does not compile (the rule tests compile each one)
        // allows nothing: the finding is reported.
        let own = self.spec_allow.get_or_init(|| {
            self.spec
                .allow
                .iter()
                .filter_map(|a| build_allow(a).ok())
                .collect()
        });
        own.iter()
            .chain(&self.allow_regexes)
            .any(|r| r.is_match(secret))
    }

    /// The compiled regex and secret group of a regex rule.
    pub fn regex(&self) -> Option<(&Pattern, usize)> {
        match &self.matcher {
            Matcher::Regex { source, compiled } => {
                let (re, g) = compiled.get_or_init(|| {
                    // Built-in patterns are verified by tests (strict compilation); should one
                    // still fail here it becomes a never-matching pattern rather than a panic.
                    match Pattern::new(source) {
                        Ok(re) => {
                            let g =
                                resolve_group(&re, self.spec.secret_group.as_ref()).unwrap_or(0);
                            (re, g)
                        }
                        Err(_) => (never_matching(), 0),
                    }
                });
                Some((re, *g))
            }
            Matcher::Assignment { .. } | Matcher::Check(_) => None,
        }
    }

    /// The compiled key pattern and key exclusion of an assignment rule.
    pub fn assignment_keys(&self) -> Option<(&Pattern, Option<&Pattern>)> {
        match &self.matcher {
            Matcher::Assignment { compiled, spec } => {
                let (k, x) = compiled.get_or_init(|| {
                    // Verified by tests for built-in rules (strict compilation); a failure
                    // becomes a never-matching key rather than a panic.
                    let k = Pattern::new(&spec.key).unwrap_or_else(|_| never_matching());
                    let x = spec.key_exclude.as_ref().and_then(|x| Pattern::new(x).ok());
                    (k, x)
                });
                Some((k, x.as_ref()))
            }
            Matcher::Regex { .. } | Matcher::Check(_) => None,
        }
    }

    /// The compiled header conditions of [`RuleSpec::enclosing`], when the rule has them.
    pub fn enclosing(&self) -> Option<(&Regex, Option<&Regex>)> {
        let spec = self.spec.enclosing.as_ref()?;
        let (r, x) = self.enclosing.get_or_init(|| {
            // Verified by tests for built-in rules (strict compilation); a failure becomes a
            // header nothing matches (the indented match is not reported) rather than a panic.
            let never = || build_regex(r"[^\s\S]").unwrap_or_else(|_| unreachable!("constant"));
            let r = build_regex(&spec.require).unwrap_or_else(|_| never());
            let x = spec.exclude.as_ref().and_then(|x| build_regex(x).ok());
            (r, x)
        });
        Some((r, x.as_ref()))
    }

    /// Whether the rule applies to `path` at all.
    pub fn applies_to(&self, path: &str) -> bool {
        self.paths.matches(path).unwrap_or(true)
            && !self.exclude_paths.matches(path).unwrap_or(false)
    }
}

fn never_matching() -> Pattern {
    // `[^\s\S]` can never match; building it cannot fail.
    match Pattern::new(r"[^\s\S]") {
        Ok(r) => r,
        Err(_) => unreachable!("constant pattern"),
    }
}

/// Builds a rule's own `allow` regex (matched against the secret as text).
fn build_allow(src: &str) -> std::result::Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(src)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
}

/// Builds a bytes regex with the size limit applied. Patterns are ASCII-oriented (`\s`, `\w`,
/// `\b` and classes work on bytes, `(?u)` turns Unicode back on): secrets are ASCII, and
/// Unicode classes would make every `[^\s]` a large UTF-8 automaton, slowing start-up.
pub fn build_regex(src: &str) -> std::result::Result<Regex, regex::Error> {
    regex::bytes::RegexBuilder::new(src)
        .unicode(false)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(4 * REGEX_SIZE_LIMIT)
        .build()
}

fn resolve_group(re: &Pattern, g: Option<&GroupRef>) -> std::result::Result<usize, String> {
    match g {
        Some(GroupRef::Index(i)) => {
            if *i < re.captures_len() {
                Ok(*i)
            } else {
                Err(format!(
                    "secret-group {i} does not exist: the regex has {} group(s)",
                    re.captures_len() - 1
                ))
            }
        }
        Some(GroupRef::Name(n)) => re
            .capture_names()
            .position(|c| c == Some(n.as_str()))
            .ok_or_else(|| {
                format!("the regex has no capture group named `{n}`: add `(?P<{n}>...)`")
            }),
        None => {
            if let Some(i) = re.capture_names().position(|c| c == Some("secret")) {
                Ok(i)
            } else if re.captures_len() > 1 {
                Ok(1)
            } else {
                Err("the regex needs a capture group for the secret: name it `(?P<secret>...)` or set `secret-group`".into())
            }
        }
    }
}

/// Checks one glob's syntax without compiling it (same message as [`build_globs`]).
pub fn validate_glob(g: &str) -> std::result::Result<(), String> {
    globset::GlobBuilder::new(g)
        .literal_separator(false)
        .build()
        .map(|_| ())
        .map_err(|e| format!("invalid glob `{g}`: {e}"))
}

/// Builds a glob set (`None` when empty).
pub fn build_globs(globs: &[String]) -> std::result::Result<Option<GlobSet>, String> {
    if globs.is_empty() {
        return Ok(None);
    }
    let mut b = GlobSetBuilder::new();
    for g in globs {
        let glob = globset::GlobBuilder::new(g)
            .literal_separator(false)
            .build()
            .map_err(|e| format!("invalid glob `{g}`: {e}"))?;
        b.add(glob);
        // `dir/` or a bare name also matches everything below it.
        if !g.contains('*') && !g.contains('?') {
            let below = format!("{}/**", g.trim_end_matches('/'));
            if let Ok(gb) = Glob::new(&below) {
                b.add(gb);
            }
        }
    }
    b.build()
        .map(Some)
        .map_err(|e| format!("invalid globs: {e}"))
}

/// A list of path globs compiled on first use: most runs never ask (the rule's keywords do
/// not occur, or no file of the change is of the kind the list is about). Each glob is checked
/// when the list is made, so compiling later cannot fail on syntax.
///
/// Globs of the common shapes (`**/NAME`, `**/*.ext`, `**/DIR/**`, `**`) are matched by hand;
/// only the others go into a compiled [`GlobSet`].
#[derive(Debug, Default)]
pub struct LazyGlobs {
    globs: Vec<String>,
    compiled: OnceLock<(Vec<SimpleGlob>, Option<GlobSet>)>,
}

/// A glob simple enough to match without compiling anything (same results as globset with
/// `*` matching `/`, as keepmum configures it).
#[derive(Debug, Clone, PartialEq, Eq)]
enum SimpleGlob {
    /// `**`: every path.
    Any,
    /// `**/NAME` (NAME may hold `/`): a path that is NAME or ends in `/NAME`.
    Name(String),
    /// `**/*SUFFIX` or `*SUFFIX`: a path ending in SUFFIX.
    Suffix(String),
    /// `**/DIR/**` (DIR may hold `/`): anything below a directory DIR, anywhere.
    Below(String),
    /// `**/PREFIX*SUFFIX` (and `**/PREFIX/**/*SUFFIX`, the same once `*` matches `/`): a path
    /// where PREFIX starts the path or follows a `/`, and SUFFIX ends it, after PREFIX.
    Around(String, String),
    /// `**/*MIDDLE*` or `*MIDDLE*`: a path holding MIDDLE anywhere.
    Contains(String),
}

impl SimpleGlob {
    fn parse(g: &str) -> Option<SimpleGlob> {
        let plain = |s: &str| {
            !s.is_empty()
                && !s
                    .chars()
                    .any(|c| matches!(c, '*' | '?' | '[' | ']' | '{' | '}' | '\\' | '!'))
        };
        if g == "**" {
            return Some(SimpleGlob::Any);
        }
        let component = |s: &str| plain(s) && !s.starts_with('/') && !s.ends_with('/');
        if let Some(dir) = g.strip_prefix("**/").and_then(|r| r.strip_suffix("/**")) {
            return (component(dir) && !dir.contains("//")).then(|| SimpleGlob::Below(dir.into()));
        }
        let rest = g.strip_prefix("**/").unwrap_or(g);
        if let Some(suffix) = rest.strip_prefix('*') {
            if let Some(middle) = suffix.strip_suffix('*') {
                return plain(middle).then(|| SimpleGlob::Contains(middle.into()));
            }
            return plain(suffix).then(|| SimpleGlob::Suffix(suffix.into()));
        }
        if g.starts_with("**/") {
            // `/**/` followed by `*` adds nothing once `*` matches `/`.
            let rest = rest.replacen("/**/*", "/*", 1);
            if let Some((prefix, suffix)) = rest.split_once('*') {
                if plain(prefix) && !prefix.starts_with('/') && (suffix.is_empty() || plain(suffix))
                {
                    return Some(SimpleGlob::Around(prefix.into(), suffix.into()));
                }
                return None;
            }
        }
        if g.starts_with("**/") && plain(rest) && !rest.starts_with('/') && !rest.ends_with('/') {
            return Some(SimpleGlob::Name(rest.into()));
        }
        None
    }

    fn matches(&self, path: &str) -> bool {
        match self {
            SimpleGlob::Any => true,
            SimpleGlob::Name(n) => {
                path == n
                    || path
                        .strip_suffix(n.as_str())
                        .is_some_and(|p| p.ends_with('/'))
            }
            SimpleGlob::Suffix(s) => path.ends_with(s.as_str()),
            SimpleGlob::Below(d) => path.match_indices(d.as_str()).any(|(i, _)| {
                (i == 0 || path[..i].ends_with('/')) && path[i + d.len()..].starts_with('/')
            }),
            SimpleGlob::Around(prefix, suffix) => {
                // The first PREFIX at a component start leaves SUFFIX the most room.
                path.ends_with(suffix.as_str())
                    && path
                        .match_indices(prefix.as_str())
                        .find(|&(i, _)| i == 0 || path[..i].ends_with('/'))
                        .is_some_and(|(i, _)| i + prefix.len() + suffix.len() <= path.len())
            }
            SimpleGlob::Contains(m) => path.contains(m.as_str()),
        }
    }
}

impl LazyGlobs {
    /// Checks every glob and keeps them for later.
    pub fn new(globs: Vec<String>) -> std::result::Result<LazyGlobs, String> {
        for g in &globs {
            validate_glob(g)?;
        }
        Ok(LazyGlobs::from_validated(globs))
    }

    /// Keeps globs that the caller has already checked with [`validate_glob`].
    pub fn from_validated(globs: Vec<String>) -> LazyGlobs {
        LazyGlobs {
            globs,
            compiled: OnceLock::new(),
        }
    }

    /// The globs as written.
    pub fn globs(&self) -> &[String] {
        &self.globs
    }

    /// Whether `path` matches one of the globs (`None` when the list is empty).
    pub fn matches(&self, path: &str) -> Option<bool> {
        if self.globs.is_empty() {
            return None;
        }
        let (simple, set) = self.compiled.get_or_init(|| {
            let mut simple = Vec::new();
            let mut rest = Vec::new();
            for g in &self.globs {
                match SimpleGlob::parse(g) {
                    Some(s) => simple.push(s),
                    None => rest.push(g.clone()),
                }
            }
            // Validated in `new`; should the set still fail to build, every path matches
            // (for a path filter: more is scanned; for an exclusion: the rule is off).
            let set = match build_globs(&rest) {
                Ok(s) => s,
                Err(_) => {
                    simple.push(SimpleGlob::Any);
                    None
                }
            };
            (simple, set)
        });
        Some(
            simple.iter().any(|g| g.matches(path))
                || set.as_ref().is_some_and(|s| s.is_match(path)),
        )
    }
}

/// Parses one rule file (YAML) into specs, with positions in errors.
pub fn parse_rule_file(path: &std::path::Path, text: &str) -> Result<Vec<RuleSpec>> {
    let file: RuleFile =
        serde_saphyr::from_str(text).map_err(|e| crate::config::yaml_error(path, &e))?;
    Ok(file.rules)
}

/// The built-in rule specs, with their documentation and examples (`full`) or without.
fn builtin_specs(full: bool) -> Result<Vec<(String, RuleSpec)>> {
    Ok(builtin_files(full)?
        .into_iter()
        .flat_map(|f| {
            let file = f.file;
            f.body.rules.into_iter().map(move |r| (file.clone(), r))
        })
        .collect())
}

/// The built-in rule files, with their documentation and examples (`full`, from the JSON) or
/// without (from the compact form a scan reads).
fn builtin_files(full: bool) -> Result<Vec<BuiltinFile>> {
    let schema = |e: &dyn std::fmt::Display| Error::Config {
        path: "rules/*.yaml (embedded)".into(),
        line: 0,
        column: 0,
        message: format!("built-in rules do not match the rule schema: {e}"),
    };
    if full {
        serde_json::from_str(BUILTIN_JSON).map_err(|e| schema(&e))
    } else {
        compact::from_slice(BUILTIN_SCAN).map_err(|e| schema(&e))
    }
}

/// Loads the built-in rules. With `strict` every pattern is compiled now and the rules carry
/// their documentation and examples (tests, `config check`); otherwise patterns compile on
/// first use and the documentation is left out (scans).
fn load_builtin(strict: bool) -> Result<Vec<Rule>> {
    let files = builtin_files(strict)?;
    let mut rules = Vec::with_capacity(files.iter().map(|f| f.body.rules.len()).sum());
    for f in files {
        let origin = std::path::Path::new(&f.file);
        for spec in f.body.rules {
            rules.push(Rule::compile(spec, origin, strict)?);
        }
    }
    Ok(rules)
}

/// Loads the built-in rules (regexes compiled lazily, no documentation or examples).
pub fn builtin_rules() -> Result<Vec<Rule>> {
    load_builtin(false)
}

/// Loads and fully compiles the built-in rules, with their documentation and examples (used
/// by tests and `config check`).
pub fn builtin_rules_strict() -> Result<Vec<Rule>> {
    load_builtin(true)
}

/// The documented specs (`why`, `fix`, examples) of the built-in rules among `ids`, read with
/// one parse of the full embedded rule files: scans load the rules without their texts, and
/// output that shows them (SARIF) asks only for the rules that have findings.
pub fn builtin_docs(ids: &[&str]) -> Result<Vec<RuleSpec>> {
    Ok(builtin_specs(true)?
        .into_iter()
        .map(|(_, s)| s)
        .filter(|s| ids.contains(&s.id.as_str()))
        .collect())
}

/// The documented spec of built-in rule `id` (`why`, `fix`, examples), for explanations.
pub fn builtin_spec(id: &str) -> Result<Option<RuleSpec>> {
    Ok(builtin_specs(true)?
        .into_iter()
        .map(|(_, s)| s)
        .find(|s| s.id == id))
}

#[cfg(test)]
mod glob_tests {
    use super::*;

    /// The hand-matched shapes agree with globset on paths chosen to hit their edges.
    #[test]
    fn simple_globs_match_like_globset() {
        let globs = [
            "**",
            "**/yarn.lock",
            "**/*.min.js",
            "**/*.map",
            "**/*-tpl",
            "**/.env.dev",
            "**/docs/**",
            "**/settings/dev.py",
            "*.py",
            "**/*.py",
            "**/examples/**",
            "**/.github/workflows/**",
            "**/overlays/dev/**",
            "**/azure-pipelines*.yml",
            "**/config/**/*.yml",
            "**/application*.yaml",
            "**/development.*",
            "**/*.development.*",
            "**/*_dev.*",
            "*.dev.*",
            "**/a*a",
            "**/settings/dev_*.py",
            "**/a/b/**",
        ];
        let paths = [
            ".github/workflows/ci.yml",
            "x/.github/workflows/a/b",
            "x.github/workflows/a",
            ".github/workflowsx/a",
            "overlays/dev/k.yaml",
            "a/overlays/dev/",
            "a/overlays/devx/k",
            "azure-pipelines.yml",
            "azure-pipelines-prod.yml",
            "ci/azure-pipelines/x.yml",
            "xazure-pipelines.yml",
            "azure-pipelines.yaml",
            "config/app.yml",
            "config/a/b/app.yml",
            "a/config/x.yml",
            "aconfig/x.yml",
            "config.yml",
            "config/.yml",
            "application.yaml",
            "src/main/resources/application-prod.yaml",
            "development.py",
            "a/development.",
            "a/xdevelopment.py",
            "settings.development.py",
            "a.development./x",
            "x_dev.py",
            "a/b_dev.x/y",
            "a.dev.js",
            "a",
            "aa",
            "aba",
            "x/a",
            "x/aa",
            "x/ba",
            "settings/dev_a.py",
            "x/settings/dev_.py",
            "x/settings/dev_/y.py",
            "xsettings/dev_a.py",
            "a/b/c",
            "x/a/b",
            "a/b/",
            "yarn.lock",
            "a/yarn.lock",
            "a/b/yarn.lock",
            "ayarn.lock",
            "yarn.lock/x",
            "x.min.js",
            "a/b.min.js",
            "min.js",
            "a.map",
            "a/map",
            "x-tpl",
            "a/b/c-tpl",
            ".env.dev",
            "a/.env.dev",
            "a/.env.devx",
            "docs",
            "docs/a",
            "a/docs/b",
            "adocs/b",
            "a/docs",
            "a/docs/",
            "settings/dev.py",
            "x/settings/dev.py",
            "a/b.py",
            "b.py",
            "examples/x/y",
            "a/examples",
            "docs/docs/x",
            "a/xdocs/docs/y",
        ];
        for g in globs {
            let simple = SimpleGlob::parse(g).unwrap_or_else(|| panic!("{g} not simple"));
            let set = build_globs(&[g.to_string()]).unwrap().unwrap();
            for p in paths {
                assert_eq!(simple.matches(p), set.is_match(p), "glob {g} path {p}");
            }
        }
        for g in [
            "src/**",
            "a?b",
            "**/{a,b}.py",
            "docs",
            "**/a*b*c",
            "**/a/**/b*",
            "**//a/**",
        ] {
            assert!(SimpleGlob::parse(g).is_none(), "{g}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every built-in rule catches its examples and none of its negative examples.
    #[test]
    fn builtin_rule_examples() {
        // With the default config's debug-settings, as users get them.
        let config = crate::config::Config::load(None, true).unwrap_or_else(|e| panic!("{e}"));
        let scanner =
            crate::scan::Scanner::new(config.rules, config.debug).unwrap_or_else(|e| panic!("{e}"));
        if let Err(e) = crate::scan::check_examples(&scanner) {
            panic!("{e}");
        }
    }

    /// The compact form a scan reads holds the same rules as the full JSON, minus only the
    /// documentation and examples.
    #[test]
    fn scan_rules_match_the_full_rules() {
        let full = builtin_specs(true).unwrap_or_else(|e| panic!("{e}"));
        let scan = builtin_specs(false).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(full.len(), scan.len());
        assert!(full.len() > 400);
        for ((ff, f), (sf, s)) in full.into_iter().zip(scan) {
            let mut f = f;
            assert!(f.why.is_some() && s.why.is_none(), "{}", f.id);
            f.why = None;
            f.fix = None;
            f.examples.clear();
            f.negative_examples.clear();
            f.example_path = None;
            f.example_context = None;
            assert_eq!(ff, sf);
            assert_eq!(format!("{f:?}"), format!("{s:?}"), "{}", f.id);
        }
    }

    /// `outranks` names existing rules, never the rule itself.
    #[test]
    fn outranks_name_other_rules() {
        let rules = builtin_rules_strict().unwrap_or_else(|e| panic!("{e}"));
        let ids: std::collections::HashSet<&str> = rules.iter().map(|r| r.id.as_str()).collect();
        let mut n = 0;
        for r in &rules {
            for o in &r.spec.outranks {
                n += 1;
                assert!(
                    ids.contains(o.as_str()) && *o != r.id,
                    "{}: outranks {o}",
                    r.id
                );
            }
        }
        assert!(n >= 1);
    }

    /// Every built-in rule documents itself and carries examples both ways.
    #[test]
    fn builtin_rules_are_documented() {
        let mut ids = std::collections::HashSet::new();
        for r in builtin_rules_strict().unwrap_or_else(|e| panic!("{e}")) {
            assert!(ids.insert(r.id.clone()), "duplicate rule id {}", r.id);
            assert!(
                r.spec.examples.len() >= 2,
                "{} needs at least 2 examples",
                r.id
            );
            assert!(
                r.spec.negative_examples.len() >= 2,
                "{} needs at least 2 negative examples",
                r.id
            );
            assert!(
                r.spec.why.is_some() && r.spec.fix.is_some(),
                "{} needs `why` and `fix`",
                r.id
            );
            assert!(r.spec.kind.is_some(), "{} needs a kind", r.id);
            assert!(
                r.keywords.iter().all(|k| k == &k.to_ascii_lowercase()),
                "{}: keywords must be lower-case",
                r.id
            );
        }
    }
}
