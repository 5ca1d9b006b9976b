//! A finding: one secret (or unsafe setting) at one place.

use serde::Serialize;

use crate::rules::{Kind, Level, Severity};

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
    /// Whether the finding blocks (`error`) or warns.
    pub level: Level,
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
    pub line_text: std::sync::Arc<str>,
    /// Everything the rule matched: the whole regex match, or the assignment from its name to
    /// its value (for `target: match` allow regexes).
    #[serde(skip)]
    pub match_text: String,
    /// The commit that added the line, when scanning history.
    pub commit: Option<String>,
    /// Stable fingerprint: hash of rule id + secret (see [`crate::allow::fingerprint`]).
    pub fingerprint: String,
    /// An inline allow marker covers this finding but the scan does not honour markers (a
    /// server whose policy has `pre-receive.inline-allow: false`).
    pub marker_ignored: bool,
    /// Set when the file is binary: the secret's byte offset in it (binary files are scanned
    /// on their printable runs, by the rules that hold on arbitrary bytes).
    pub binary_offset: Option<u64>,
}

impl Finding {
    /// The redacted form of the secret: the first 4 characters and the length.
    /// A debug setting (`DEBUG = True`), and the value of the other kinds that are not secrets
    /// (package names, pins, settings, paths), is shown as it is, but only when it reads as a setting:
    /// a match of any kind that holds token-like text is redacted like a secret.
    pub fn redacted(&self) -> String {
        if self.kind.shows_value() && reads_as_setting(&self.secret) {
            return self.secret.clone();
        }
        redact(&self.secret)
    }
}

/// Whether `s` is short printable text without a token-like run (16+ characters of a token
/// alphabet holding both letters and digits): safe to print unredacted.
fn reads_as_setting(s: &str) -> bool {
    if s.len() > 120 || !s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return false;
    }
    let token = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'+' | b'/' | b'=');
    !s.as_bytes().split(|&b| !token(b)).any(|run| {
        run.len() >= 16
            && run.iter().any(u8::is_ascii_digit)
            && run.iter().any(u8::is_ascii_alphabetic)
    })
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

    #[test]
    fn debug_settings_show_only_when_they_read_as_settings() {
        assert!(reads_as_setting("DEBUG = True"));
        assert!(reads_as_setting("app.run(host=\"0.0.0.0\", debug=True"));
        assert!(!reads_as_setting("dbg_a8f3k2l9q0w7e6r5t4y3"));
        assert!(!reads_as_setting("DEBUG = True\x1b[8m"));
        assert!(!reads_as_setting(&"x".repeat(121)));
    }
}
