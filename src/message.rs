//! Commit and tag messages, scanned for secrets: a token pasted into a commit message is
//! pushed, cloned and mirrored like any file, and no file scan sees it.
//!
//! A message is scanned whole (every line is new: a commit's message exists only in that
//! commit) by the secret rules only: DEBUG settings and other rules about files mean nothing in
//! prose. Findings carry the path [`PATH`] and the commit (or tag object) they are in, so they
//! print as `<commit>:(message):<line>:<column>`; every allow list applies to them except
//! `allow.paths` (a message is not a path), and `.keepmumignore` entries may be scoped to
//! `(message)` like to any path.

use git2::Oid;
use rayon::prelude::*;

use crate::allow;
use crate::engine::{Engine, Outcome, SkipKind, Skipped, Unscanned};
use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::rules::Kind;
use crate::scan::Added;

/// The path findings in a message carry.
pub const PATH: &str = "(message)";

/// The path the scanner reads a message as: plain text (see [`crate::scan::filetype`]).
const SCAN_AS: &str = "(message).txt";

/// Whether rules of `kind` run on messages: every kind of secret, nothing about files.
pub fn scans_kind(kind: Kind) -> bool {
    // Every kind is named, so a new kind has to be decided here.
    match kind {
        Kind::Password
        | Kind::Url
        | Kind::SecretKey
        | Kind::Generic
        | Kind::Provider
        | Kind::PrivateKey => true,
        // Settings and the Python practice checks (issue 12) judge files, not prose.
        Kind::Debug
        | Kind::Package
        | Kind::Environment
        | Kind::EndOfLife
        | Kind::Setting
        | Kind::SecretFile => false,
    }
}

/// The part of a message git keeps: everything above a scissors line (`# ------------------------
/// >8 ------------------------`, which `git commit -v` puts above the diff it shows in the
/// editor and git cuts off with everything below it). Comment lines above it are kept: a
/// message given with `-m` keeps them too.
pub fn above_scissors(text: &[u8]) -> &[u8] {
    const SCISSORS: &[u8] = b" ------------------------ >8 ------------------------";
    let mut start = 0;
    for line in text.split_inclusive(|&b| b == b'\n') {
        let body = line.strip_suffix(b"\n").unwrap_or(line);
        let body = body.strip_suffix(b"\r").unwrap_or(body);
        if let Some(prefix) = body.strip_suffix(SCISSORS) {
            // The comment character (or core.commentString) comes first, then the marker.
            if !prefix.is_empty() && !prefix.iter().any(u8::is_ascii_whitespace) {
                return &text[..start];
            }
        }
        start += line.len();
    }
    text
}

/// Whose message is scanned: what findings and a message not scanned name.
#[derive(Debug, Clone, Copy)]
pub enum Owner<'a> {
    /// The message of a commit not yet made (the `commit-msg` hook).
    Pending,
    /// The message of this commit.
    Commit(&'a str),
    /// The message of this annotated tag object.
    Tag(&'a str),
}

/// Scans one message; findings that pass the allow lists go to `outcome`. `owner` is the
/// commit or tag object the message belongs to. A message over `max-file-size` is not
/// scanned, like any other text that large, and is reported as a message (not a file).
pub fn scan_text(engine: &Engine, text: &[u8], owner: Owner<'_>, outcome: &mut Outcome) {
    let id = match owner {
        Owner::Pending => None,
        Owner::Commit(c) | Owner::Tag(c) => Some(c),
    };
    if text.len() as u64 > engine.config.max_file_size {
        let whose = match owner {
            Owner::Pending => "the commit message".to_string(),
            Owner::Commit(c) => format!("the message of commit {c}"),
            Owner::Tag(t) => format!("the message of tag object {t}"),
        };
        outcome.skipped.push(Skipped {
            path: PATH.to_string(),
            commit: id.map(str::to_string),
            object: Unscanned::Message,
            kind: SkipKind::TooLarge,
            reason: format!(
                "{whose} is {} bytes, over max-file-size ({} bytes)",
                text.len(),
                engine.config.max_file_size
            ),
        });
        return;
    }
    outcome.messages += 1;
    let mut found = Vec::new();
    // Read as prose (a plain-text file): an unquoted value after `password:` in a sentence is
    // a word, while quoted values, provider tokens, keys and URL credentials are what they are.
    engine
        .scanner()
        .scan(SCAN_AS, text, &Added::All, &mut found);
    for mut f in found {
        f.path = PATH.to_string();
        if !scans_kind(f.kind) {
            continue;
        }
        f.fingerprint = allow::fingerprint(&f.rule_id, &f.secret);
        f.commit = id.map(str::to_string);
        if engine.config.allow.value_allowed(&f) || engine.accepted(&f) {
            continue;
        }
        outcome.findings.push(f);
    }
}

/// Scans the messages of `commits`, in parallel (`open` opens one repository handle per
/// worker). Past the engine's deadline the rest is left unscanned and the outcome is marked
/// incomplete.
pub fn scan_commits<F>(engine: &Engine, open: F, commits: &[Oid]) -> Result<Outcome>
where
    F: Fn() -> Result<git2::Repository> + Sync,
{
    const PER_TASK: usize = 256;
    let parts: Vec<Result<(Outcome, usize)>> = commits
        .par_chunks(PER_TASK)
        .map_init(&open, |repo, chunk| {
            let repo = match repo {
                Ok(r) => &*r,
                Err(e) => {
                    return Err(Error::Usage(format!(
                        "cannot open the repository in a worker: {e}"
                    )))
                }
            };
            let mut o = Outcome::default();
            let mut done = 0;
            for oid in chunk {
                if engine.deadline.expired() {
                    break;
                }
                let commit = repo
                    .find_commit(*oid)
                    .map_err(|e| Error::git(format!("cannot read commit {oid}"), e))?;
                scan_text(
                    engine,
                    commit.message_raw_bytes(),
                    Owner::Commit(&oid.to_string()),
                    &mut o,
                );
                done += 1;
            }
            Ok((o, done))
        })
        .collect();
    let mut outcome = Outcome::default();
    let mut scanned = 0;
    for p in parts {
        let (o, n) = p?;
        outcome.merge(o);
        scanned += n;
    }
    if scanned < commits.len() {
        outcome.incomplete = Some(format!(
            "time budget ran out with the messages of {} of {} commits scanned",
            scanned,
            commits.len()
        ));
    }
    Ok(outcome)
}

/// Scans the messages of annotated tag objects (`tags`); findings carry the tag object's id.
pub fn scan_tags(engine: &Engine, repo: &git2::Repository, tags: &[Oid]) -> Result<Outcome> {
    let mut outcome = Outcome::default();
    for oid in tags {
        let tag = repo
            .find_tag(*oid)
            .map_err(|e| Error::git(format!("cannot read tag {oid}"), e))?;
        let text = tag.message_bytes().unwrap_or_default();
        scan_text(engine, text, Owner::Tag(&oid.to_string()), &mut outcome);
    }
    Ok(outcome)
}

/// The annotated tag objects among `tags` whose chain ends at one of `commits` (the tags a
/// range scan reports: those on the range's commits). A tag on a tree or a blob is on no commit.
pub fn tags_on(repo: &git2::Repository, tags: &[Oid], commits: &[Oid]) -> Vec<Oid> {
    let commits: std::collections::HashSet<&Oid> = commits.iter().collect();
    tags.iter()
        .copied()
        .filter(|t| {
            repo.find_object(*t, None)
                .and_then(|o| o.peel(git2::ObjectType::Commit))
                .is_ok_and(|c| commits.contains(&c.id()))
        })
        .collect()
}

/// Every annotated tag object that a ref points at, directly or through other tags.
pub fn tag_objects(repo: &git2::Repository) -> Result<Vec<Oid>> {
    let refs = repo
        .references()
        .map_err(|e| Error::git("cannot list refs", e))?;
    let mut out = Vec::new();
    for r in refs.flatten() {
        let Some(mut id) = r.target() else { continue };
        // Tag chains are short; the bound keeps a crafted cycle-free chain from running long.
        for _ in 0..64 {
            match repo.find_tag(id) {
                Ok(t) => {
                    out.push(id);
                    id = t.target_id();
                }
                Err(_) => break,
            }
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Adds the findings and skips of `messages` to `outcome` (scanned over `commits`, oldest
/// first) and puts them back in report order: commit by commit as `commits` lists them, then
/// by path, line and column; findings of other objects (tags, blobs pushed without a commit)
/// come last.
pub fn merge(outcome: &mut Outcome, messages: Outcome, commits: &[Oid]) {
    let found = !messages.findings.is_empty();
    outcome.messages += messages.messages;
    if outcome.incomplete.is_none() {
        outcome.incomplete = messages.incomplete;
    }
    outcome.findings.extend(messages.findings);
    outcome.skipped.extend(messages.skipped);
    if !found {
        return;
    }
    // Only the commits with findings get a position: a map over every commit would grow with
    // the history.
    let wanted: std::collections::HashSet<&str> = outcome
        .findings
        .iter()
        .filter_map(|f| f.commit.as_deref())
        .collect();
    let mut order: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, o) in commits.iter().enumerate() {
        let id = o.to_string();
        if wanted.contains(id.as_str()) {
            order.insert(id, i);
        }
    }
    let pos = |f: &Finding| match &f.commit {
        Some(c) => order.get(c).copied().unwrap_or(commits.len()),
        None => commits.len() + 1,
    };
    outcome.findings.sort_by(|a, b| {
        (pos(a), &a.path, a.line, a.column).cmp(&(pos(b), &b.path, b.line, b.column))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scissors_cut_the_diff_off() {
        let msg = b"Subject\n\nbody\n# comment kept\n# ------------------------ >8 ------------------------\n# Do not modify\ndiff --git a/x b/x\n";
        assert_eq!(above_scissors(msg), b"Subject\n\nbody\n# comment kept\n");
        let other = b"s\n; ------------------------ >8 ------------------------\nrest\n";
        assert_eq!(above_scissors(other), b"s\n");
        // A scissors line needs its comment character; an indented one is text.
        let text = b"s\n  ------------------------ >8 ------------------------\nrest\n";
        assert_eq!(above_scissors(text), &text[..]);
        assert_eq!(above_scissors(b"no newline"), b"no newline");
    }

    #[test]
    fn only_secret_kinds_run_on_messages() {
        assert!(!scans_kind(Kind::Debug));
        for k in Kind::ALL {
            let file_kind = matches!(
                k,
                Kind::Debug
                    | Kind::Package
                    | Kind::Environment
                    | Kind::EndOfLife
                    | Kind::Setting
                    | Kind::SecretFile
            );
            assert_eq!(scans_kind(k), !file_kind, "{k:?}");
        }
    }
}
