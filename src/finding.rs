//! A finding: one secret (or unsafe setting) at one place.

use serde::Serialize;

use crate::rules::{Kind, Severity};

/// One secret or unsafe setting found in added text.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// The rule that fired.
    pub rule_id: String,
    /// The rule's one-line description.
    pub description: String,
    /// The rule family.
    pub kind: Kind,
    /// Severity of the rule.
    pub severity: Severity,
    /// Path of the file, `/`-separated, relative to the repository root.
    pub path: String,
    /// 1-based line number in the new version of the file.
    pub line: u32,
    /// 1-based column (bytes) of the secret's start.
    pub column: u32,
    /// 1-based line number where the secret ends (multi-line secrets).
    pub end_line: u32,
    /// The secret itself. Never printed unless asked (`--show-secrets`).
    #[serde(skip)]
    pub secret: String,
    /// The whole line holding the start of the secret (for `target: line` allow regexes).
    #[serde(skip)]
    pub line_text: String,
    /// Everything the rule matched: the whole regex match, or the assignment from its name to
    /// its value (for `target: match` allow regexes).
    #[serde(skip)]
    pub match_text: String,
    /// The commit that added the line, when scanning history.
    pub commit: Option<String>,
    /// Stable fingerprint: hash of rule id + secret (see [`crate::allow::fingerprint`]).
    pub fingerprint: String,
}

impl Finding {
    /// The redacted form of the secret: the first 4 characters and the length.
    /// Debug settings are not secret and are shown as they are.
    pub fn redacted(&self) -> String {
        if self.kind == Kind::Debug {
            return self.secret.clone();
        }
        redact(&self.secret)
    }
}

/// Redacts a secret: its first 4 characters (fewer for short values) and its length.
pub fn redact(secret: &str) -> String {
    let n = secret.chars().count();
    let keep = if n >= 16 {
        4
    } else if n >= 8 {
        2
    } else {
        0
    };
    let prefix: String = secret.chars().take(keep).collect();
    format!("{prefix}…({n} chars)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_never_shows_the_whole_value() {
        assert_eq!(redact("abcdefghijklmnopqrstuvwxyz"), "abcd…(26 chars)");
        assert_eq!(redact("hunter22"), "hu…(8 chars)");
        assert_eq!(redact("pw12"), "…(4 chars)");
    }
}
