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

impl IgnoreEntry {
    /// Whether a finding of this scan matched the entry.
    pub fn used(&self) -> bool {
        self.used.load(Ordering::Relaxed)
    }
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
            let err = |column: usize, message: String| Error::Config {
                path: path.to_path_buf(),
                line: i as u64 + 1,
                column: column as u64,
                message,
            };
            let parts = split_entry(raw).map_err(|(c, m)| err(c, m))?;
            if parts.is_empty() {
                continue;
            }
            let mut parts = parts.into_iter();
            let fp = parts.next().unwrap_or_default();
            let p = parts.next();
            // A fingerprint is one plain word (`rule-id:hash`), never a quoted one.
            if !fp.contains(':') || quote_path(&fp) != fp.as_str() || parts.next().is_some() {
                return Err(err(1, "expected `<rule-id>:<hash> [path]` as printed by keepmum (`keepmum baseline` writes this file; a path with spaces, `#`, quotes or control characters is written in double quotes with C escapes)".into()));
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

    /// Reads `path` if it exists (a missing file is an empty list). A file over
    /// [`crate::capped::IGNORE_CAP`] is an error.
    pub fn load(path: &Path) -> Result<IgnoreFile> {
        match crate::capped::read_to_string(path, crate::capped::IGNORE_CAP) {
            Ok(Some(t)) => IgnoreFile::parse(path, &t),
            Ok(None) => Err(Error::TooLarge {
                path: path.to_path_buf(),
                what: "an ignore file",
                cap: crate::capped::IGNORE_CAP,
                advice: "remove stale entries (`keepmum scan --report-unused-ignores` lists them), and allow generated files by path in .keepmum.yaml (`allow.paths`) rather than by one fingerprint per finding",
            }),
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

    /// The entries, in file order.
    pub fn entries(&self) -> &[IgnoreEntry] {
        &self.entries
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

/// The words of one ignore-file line, up to a `#` comment: bare words end at whitespace or
/// `#`; a word in double quotes takes C escapes (`\"`, `\\`, `\t`, `\n`, `\r`, `\a`, `\b`,
/// `\v`, `\f`) and octal escapes of bytes (`\351`), as [`quote_path`] writes them. An error
/// gives the 1-based column and what is wrong.
fn split_entry(line: &str) -> std::result::Result<Vec<String>, (usize, String)> {
    let b = line.as_bytes();
    let mut words = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            c if c.is_ascii_whitespace() => i += 1,
            b'#' => break,
            b'"' => {
                let open = i;
                let mut bytes = Vec::new();
                i += 1;
                loop {
                    let Some(&c) = b.get(i) else {
                        return Err((
                            open + 1,
                            "unclosed `\"`: a quoted path ends with `\"`".into(),
                        ));
                    };
                    i += 1;
                    match c {
                        b'"' => break,
                        b'\\' => {
                            let Some(&e) = b.get(i) else {
                                return Err((
                                    i,
                                    "a `\\` at the end of the line escapes nothing".into(),
                                ));
                            };
                            i += 1;
                            let byte = match e {
                                b'"' => b'"',
                                b'\\' => b'\\',
                                b't' => b'\t',
                                b'n' => b'\n',
                                b'r' => b'\r',
                                b'a' => 0x07,
                                b'b' => 0x08,
                                b'v' => 0x0b,
                                b'f' => 0x0c,
                                b'0'..=b'3' => {
                                    let oct = b
                                        .get(i - 1..i + 2)
                                        .filter(|d| d.iter().all(|x| (b'0'..=b'7').contains(x)));
                                    let Some(d) = oct else {
                                        return Err((
                                            i - 1,
                                            "an octal escape takes three digits (`\\351`)".into(),
                                        ));
                                    };
                                    i += 2;
                                    (d[0] - b'0') * 64 + (d[1] - b'0') * 8 + (d[2] - b'0')
                                }
                                _ => {
                                    return Err((
                                        i - 1,
                                        format!(
                                            "unknown escape `\\{}`",
                                            crate::text::escaped(&(e as char).to_string())
                                        ),
                                    ))
                                }
                            };
                            bytes.push(byte);
                        }
                        c => bytes.push(c),
                    }
                }
                match String::from_utf8(bytes) {
                    Ok(w) => words.push(w),
                    Err(_) => return Err((open + 1, "the escapes of this path are not UTF-8 (a name that is not UTF-8 is written as keepmum prints it, quotes and escapes included, inside the quotes)".into())),
                }
            }
            _ => {
                let start = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'#' {
                    i += 1;
                }
                words.push(line[start..i].to_string());
            }
        }
    }
    Ok(words)
}

/// `path` as an ignore file holds it: as it is when it is a plain word, else in double quotes
/// with C escapes (`\"`, `\\`, `\t`, `\n`...) and octal escapes of the UTF-8 bytes of every
/// other control or invisible character. [`IgnoreFile::parse`] reads it back to `path`, whatever
/// `path` holds.
pub fn quote_path(path: &str) -> std::borrow::Cow<'_, str> {
    let plain = !path.is_empty()
        && !path.chars().any(|c| {
            c.is_whitespace() || matches!(c, '#' | '"' | '\\') || crate::text::is_unsafe(c)
        });
    if plain {
        return std::borrow::Cow::Borrowed(path);
    }
    let mut out = String::with_capacity(path.len() + 2);
    out.push('"');
    for c in path.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if (c.is_whitespace() && c != ' ') || crate::text::is_unsafe(c) => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("\\{b:03o}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    std::borrow::Cow::Owned(out)
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
            let path = quote_path(&f.path);
            // A finding an inline marker allows is listed too: a server ignores markers
            // (unless `pre-receive.inline-allow`), and a local scan drops it either way.
            let marked = if f.marker_ignored {
                " (under an inline allow marker)"
            } else {
                ""
            };
            out.push_str(&format!(
                "{} {path}  # {path}:{}{marked}\n",
                f.fingerprint, f.line
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

    /// Any path round-trips through the ignore file: random paths of spaces, tabs, newlines,
    /// `#`, quotes, backslashes, controls, invisible characters and non-ASCII text, and random
    /// bytes as keepmum names them (a name that is not UTF-8 is the quoted text `"caf\351"`).
    #[test]
    fn any_path_round_trips() {
        use crate::rules::template::SplitMix64;
        let pool: Vec<char> =
            "ab/._- #\"\\\t\n\r\u{1b}\u{7}\u{7f}\u{85}\u{a0}\u{202e}\u{feff}é日z0"
                .chars()
                .collect();
        let mut rng = SplitMix64::new(0x1ead);
        for n in 0..5000 {
            let len = 1 + (rng.next_u64() % 24) as usize;
            let path: String = if n % 3 == 0 {
                let bytes: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
                crate::text::path_text(&bytes)
            } else {
                (0..len)
                    .map(|_| pool[(rng.next_u64() % pool.len() as u64) as usize])
                    .collect()
            };
            let q = quote_path(&path);
            assert!(!q.contains('\n') && !q.contains('\r'), "{q:?}");
            assert!(!q.chars().any(crate::text::is_unsafe), "{q:?}");
            let text = format!("# header\nr:{n:x} {q}  # {q}:7\n");
            let f = IgnoreFile::parse(Path::new(".keepmumignore"), &text)
                .unwrap_or_else(|e| panic!("{path:?} as {q:?}: {e}"));
            assert_eq!(f.len(), 1, "{path:?} as {q:?}");
            assert_eq!(f.entries[0].path.as_deref(), Some(path.as_str()), "{q:?}");
            assert_eq!(f.entries[0].fingerprint, format!("r:{n:x}"));
        }
        assert_eq!(quote_path("app/settings.py"), "app/settings.py");
        assert_eq!(quote_path("my file#1.py"), "\"my file#1.py\"");
        assert_eq!(quote_path("a\nb\t\u{1b}"), "\"a\\nb\\t\\033\"");
    }

    #[test]
    fn bad_quoting_names_the_column() {
        for (line, col) in [
            ("r:a \"open", 5),
            ("r:a \"bad \\q\"", 10),
            ("r:a \"\\35\"", 6),
            ("r:a \"\\377\"", 5),
            ("\"r:a \" p", 1),
            ("\"r:\\001\"", 1),
        ] {
            let e = IgnoreFile::parse(Path::new("i"), line)
                .unwrap_err()
                .to_string();
            assert!(e.starts_with(&format!("i:1:{col}:")), "{line}: {e}");
        }
    }

    #[test]
    fn ignore_file_parsing() {
        let f = IgnoreFile::parse(Path::new(".keepmumignore"), "# c\nr:abc a.py\nr:def\n").unwrap();
        assert_eq!(f.len(), 2);
        let e = IgnoreFile::parse(Path::new(".keepmumignore"), "nonsense\n").unwrap_err();
        assert!(e.to_string().contains(":1:1"));
    }
}
