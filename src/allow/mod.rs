//! The filter stage: everything that lets a true-but-accepted finding through quietly.
//!
//! - global `allow:` lists from the config (paths, regexes, stopwords, commits);
//! - inline comments on the line ([`inline`]);
//! - `.keepmumignore`: content fingerprints of accepted findings ([`IgnoreFile`]), so that a
//!   moved line stays ignored and a *different* secret on the same line is still caught.

pub mod inline;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::{Error, Result};
use crate::finding::Finding;

/// The name of the ignore file at the repository root.
pub const IGNORE_FILE: &str = ".keepmumignore";

/// The stable fingerprint of a finding: rule id and secret, hashed (never the secret itself).
pub fn fingerprint(rule_id: &str, secret: &str) -> String {
    let mut data = Vec::with_capacity(rule_id.len() + secret.len() + 16);
    data.extend_from_slice(crate::compat::FINGERPRINT_DOMAIN);
    data.extend_from_slice(rule_id.as_bytes());
    data.push(0);
    data.extend_from_slice(secret.as_bytes());
    match git2::Oid::hash_object(git2::ObjectType::Blob, &data) {
        Ok(oid) => format!("{}:{}", rule_id, &oid.to_string()[..20]),
        // Hashing bytes in memory does not fail; fall back to a non-matching marker.
        Err(_) => format!("{rule_id}:unhashable"),
    }
}

/// What an allow regex is matched against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    /// The secret value (default).
    #[default]
    Secret,
    /// Everything the rule matched: the whole regex match (context included), or for an
    /// assignment rule the text from the name to the value (`DB_PASSWORD = "...`).
    Match,
    /// The whole line.
    Line,
}

/// Global allow lists, compiled.
#[derive(Debug, Default)]
pub struct Allowlist {
    /// Paths never scanned.
    pub paths: crate::rules::LazyGlobs,
    /// Regexes and what they match against.
    pub regexes: Vec<(regex::Regex, Target)>,
    /// Lower-case words: a secret containing one is allowed.
    pub stopwords: Vec<String>,
    /// Commit ids (or prefixes, 7+ chars) whose findings are allowed.
    pub commits: Vec<String>,
}

impl Allowlist {
    /// Whether `path` is allowed wholesale (not scanned at all).
    pub fn path_allowed(&self, path: &str) -> bool {
        self.paths.matches(path).unwrap_or(false)
    }

    /// Whether `f` is allowed by its path, a regex, stopword or commit.
    pub fn finding_allowed(&self, f: &Finding) -> bool {
        self.path_allowed(&f.path) || self.value_allowed(f)
    }

    /// Whether `f` is allowed by a regex, stopword or commit (whatever its path: findings in
    /// commit messages have no path to allow).
    pub fn value_allowed(&self, f: &Finding) -> bool {
        if let Some(c) = &f.commit {
            if self.commits.iter().any(|a| c.starts_with(a.as_str())) {
                return true;
            }
        }
        let lower = f.secret.to_ascii_lowercase();
        if self.stopwords.iter().any(|w| lower.contains(w.as_str())) {
            return true;
        }
        self.regexes.iter().any(|(re, t)| match t {
            Target::Secret => re.is_match(&f.secret),
            Target::Match => re.is_match(&f.match_text),
            Target::Line => re.is_match(&f.line_text),
        })
    }
}

/// One entry of `.keepmumignore`.
#[derive(Debug)]
pub struct IgnoreEntry {
    /// The fingerprint (`rule-id:hash`).
    pub fingerprint: String,
    /// Restrict to this path, when given.
    pub path: Option<String>,
    /// 1-based line in the ignore file.
    pub line: usize,
    used: AtomicBool,
}

/// The parsed `.keepmumignore`: one fingerprint per line, optionally followed by a path;
/// `#` starts a comment.
#[derive(Debug, Default)]
pub struct IgnoreFile {
    /// Where it was read from.
    pub path: Option<PathBuf>,
    entries: Vec<IgnoreEntry>,
    by_fp: HashMap<String, Vec<usize>>,
}

impl IgnoreFile {
    /// Parses ignore-file text; errors name the line.
    pub fn parse(path: &Path, text: &str) -> Result<IgnoreFile> {
        let mut f = IgnoreFile {
            path: Some(path.to_path_buf()),
            ..IgnoreFile::default()
        };
        for (i, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let mut parts = line.split_whitespace();
            let fp = parts.next().unwrap_or_default().to_string();
            let p = parts.next().map(str::to_string);
            if !fp.contains(':') || parts.next().is_some() {
                return Err(Error::Config {
                    path: path.to_path_buf(),
                    line: i as u64 + 1,
                    column: 1,
                    message: "expected `<rule-id>:<hash> [path]` as printed by keepmum (`keepmum baseline` writes this file)".into(),
                });
            }
            f.by_fp.entry(fp.clone()).or_default().push(f.entries.len());
            f.entries.push(IgnoreEntry {
                fingerprint: fp,
                path: p,
                line: i + 1,
                used: AtomicBool::new(false),
            });
        }
        Ok(f)
    }

    /// Reads `path` if it exists (a missing file is an empty list).
    pub fn load(path: &Path) -> Result<IgnoreFile> {
        match std::fs::read_to_string(path) {
            Ok(t) => IgnoreFile::parse(path, &t),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(IgnoreFile::default()),
            Err(e) => Err(Error::io(path, e)),
        }
    }

    /// Whether the finding is ignored; marks the matching entry as used.
    pub fn ignores(&self, f: &Finding) -> bool {
        let Some(idx) = self.by_fp.get(&f.fingerprint) else {
            return false;
        };
        let mut hit = false;
        for &i in idx {
            let e = &self.entries[i];
            if e.path.as_deref().is_none_or(|p| p == f.path) {
                e.used.store(true, Ordering::Relaxed);
                hit = true;
            }
        }
        hit
    }

    /// Whether some entry is restricted to `path` (a finding accepted there only).
    pub fn has_entries_for(&self, path: &str) -> bool {
        self.entries.iter().any(|e| e.path.as_deref() == Some(path))
    }

    /// Entries no finding used in this scan.
    pub fn unused(&self) -> Vec<&IgnoreEntry> {
        self.entries
            .iter()
            .filter(|e| !e.used.load(Ordering::Relaxed))
            .collect()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Renders ignore-file text for `findings` (used by `keepmum baseline`).
pub fn render_baseline(findings: &[Finding]) -> String {
    let mut out = String::from(
        "# keepmum ignore file: accepted findings by content fingerprint (rule id + hash of the\n\
         # secret). A moved line stays ignored; a different secret is still reported.\n\
         # Format: <fingerprint> [path]   Regenerate with `keepmum baseline`.\n",
    );
    let mut seen = std::collections::BTreeSet::new();
    for f in findings {
        if seen.insert((f.fingerprint.clone(), f.path.clone())) {
            out.push_str(&format!(
                "{} {}  # {}:{}\n",
                f.fingerprint, f.path, f.path, f.line
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_hide_the_secret() {
        let a = fingerprint("r", "s3cret-value");
        assert_eq!(a, fingerprint("r", "s3cret-value"));
        assert_ne!(a, fingerprint("r", "s3cret-valuf"));
        assert_ne!(a, fingerprint("q", "s3cret-value"));
        assert!(!a.contains("s3cret"));
    }

    #[test]
    fn ignore_file_parsing() {
        let f = IgnoreFile::parse(Path::new(".keepmumignore"), "# c\nr:abc a.py\nr:def\n").unwrap();
        assert_eq!(f.len(), 2);
        let e = IgnoreFile::parse(Path::new(".keepmumignore"), "nonsense\n").unwrap_err();
        assert!(e.to_string().contains(":1:1"));
    }
}
