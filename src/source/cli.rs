//! What libgit2 cannot read, read through the `git` command.
//!
//! libgit2 refuses indexes with extensions it does not know (a sparse index's `sdir`, a split
//! index's `link`), and has no way to fetch the blobs a partial clone (`--filter=blob:none`)
//! left on its promisor remote. Git does both. So when libgit2 fails there, keepmum asks git,
//! with plumbing commands only (they never write the index, the work tree or refs):
//!
//! - the staged diff: `git diff-index --cached --raw -z -M` against HEAD (or the empty tree);
//! - the tracked files: `git ls-files -s -z`;
//! - a commit's changes when rename detection needs blobs: `git diff-tree -r --raw -z -M`;
//! - a blob: `git cat-file blob`, which fetches a missing blob of a partial clone from its
//!   promisor remote (adding it to the object store, as any git command reading it would).
//!
//! git runs from keepmum's own working directory and environment (`GIT_DIR`,
//! `GIT_INDEX_FILE`, the push quarantine...), so it reads the same repository and index.
//! Optional locks are off and prompts disabled; a git that cannot be run or fails is an
//! error, never an empty (clean) answer.

use std::process::{Command, Stdio};

use git2::Oid;

use super::Change;
use crate::error::{Error, Result};
use crate::scan::Added;

/// `git` with the settings every call here uses.
fn git() -> Command {
    let mut c = Command::new("git");
    c.env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_TERMINAL_PROMPT", "0")
        .args(["--no-pager", "-c", "core.fsmonitor=false"])
        .stdin(Stdio::null());
    c
}

/// Runs `git ARGS` and returns its standard output; a failure names the command and git's
/// message.
fn run(args: &[&str]) -> Result<Vec<u8>> {
    let out = git()
        .args(args)
        .output()
        .map_err(|e| Error::Usage(format!("cannot run `git {}`: {e}: git must be on PATH to read this repository (libgit2 cannot)", args.join(" "))))?;
    if !out.status.success() {
        return Err(Error::Usage(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(out.stdout)
}

/// The id of the empty tree (SHA-1 repositories: the only ones libgit2 opens).
fn empty_tree() -> String {
    Oid::hash_object(git2::ObjectType::Tree, b"")
        .map(|o| o.to_string())
        .unwrap_or_else(|_| "4b825dc642cb6eb9a060e54bf8d69288fbee4904".into())
}

/// The staged changes (the index `GIT_INDEX_FILE` names, if set) against `head` (`None`:
/// unborn, the empty tree), with renames paired.
pub fn staged(head: Option<Oid>) -> Result<Vec<Change>> {
    let base = head.map_or_else(empty_tree, |h| h.to_string());
    let args = [
        "diff-index",
        "--cached",
        "--raw",
        "-z",
        "--no-abbrev",
        "--ignore-submodules=all",
        &base,
        "--",
    ];
    parse_raw(&with_renames(&args)?)
}

/// Runs a diff with rename detection (`-M`, inserted after the command name); when that fails
/// (pairing needs blobs a partial clone cannot fetch), without it: a renamed file then counts
/// as added and is scanned whole (more is scanned, never less).
fn with_renames(args: &[&str]) -> Result<Vec<u8>> {
    let mut renames = args.to_vec();
    renames.insert(1, "-M");
    match run(&renames) {
        Ok(raw) => Ok(raw),
        Err(_) => {
            let mut plain = args.to_vec();
            plain.insert(1, "--no-renames");
            run(&plain)
        }
    }
}

/// A commit's changes against `parent` (`None`: a root commit), with renames paired.
pub fn commit_changes(parent: Option<Oid>, commit: Oid) -> Result<Vec<Change>> {
    let c = commit.to_string();
    let raw = match parent {
        Some(p) => {
            let p = p.to_string();
            with_renames(&[
                "diff-tree",
                "-r",
                "--raw",
                "-z",
                "--no-abbrev",
                &p,
                &c,
                "--",
            ])?
        }
        None => run(&[
            "diff-tree",
            "-r",
            "--root",
            "--no-commit-id",
            "--raw",
            "-z",
            "--no-abbrev",
            &c,
            "--",
        ])?,
    };
    parse_raw(&raw)
}

/// Every regular file of the index, whole.
pub fn tracked() -> Result<Vec<Change>> {
    let raw = run(&["ls-files", "-s", "-z"])?;
    let mut out = Vec::new();
    for rec in raw.split(|&b| b == 0).filter(|r| !r.is_empty()) {
        // `<mode> <oid> <stage>\t<path>`
        let bad = || {
            Error::Usage(format!(
                "unexpected `git ls-files -s` output: {}",
                crate::text::name_text(rec)
            ))
        };
        let tab = rec.iter().position(|&b| b == b'\t').ok_or_else(bad)?;
        let head = std::str::from_utf8(&rec[..tab]).map_err(|_| bad())?;
        let mut f = head.split(' ');
        let (Some(mode), Some(oid), Some(stage)) = (f.next(), f.next(), f.next()) else {
            return Err(bad());
        };
        if stage != "0" || !is_regular(mode) {
            continue;
        }
        out.push(Change {
            path: crate::text::path_text(&rec[tab + 1..]),
            oid: Some(Oid::from_str(oid).map_err(|_| bad())?),
            old: None,
            added: Added::All,
            from: None,
        });
    }
    Ok(out)
}

/// A blob's bytes through git (fetched from the promisor remote of a partial clone when it
/// is missing). `Ok(Err(why))`: git cannot produce it.
pub fn blob(oid: Oid) -> Result<std::result::Result<Vec<u8>, String>> {
    let id = oid.to_string();
    let out = git()
        .args(["cat-file", "blob", &id])
        .output()
        .map_err(|e| Error::Usage(format!("cannot run `git cat-file`: {e}: git must be on PATH to fetch the blobs of a partial clone")))?;
    if out.status.success() {
        Ok(Ok(out.stdout))
    } else {
        let why = String::from_utf8_lossy(&out.stderr);
        let why = why
            .lines()
            .rfind(|l| !l.trim().is_empty())
            .unwrap_or("git cat-file failed");
        Ok(Err(format!(
            "blob {id} is not in the repository and git could not fetch it ({})",
            why.trim()
        )))
    }
}

fn is_regular(mode: &str) -> bool {
    mode == "100644" || mode == "100755"
}

/// Parses `--raw -z` output: `:<old mode> <new mode> <old id> <new id> <status>\0<path>\0`,
/// with a second path for renames and copies.
fn parse_raw(raw: &[u8]) -> Result<Vec<Change>> {
    let mut fields = raw.split(|&b| b == 0);
    let mut out = Vec::new();
    while let Some(head) = fields.next() {
        if head.is_empty() {
            continue;
        }
        let bad = || {
            Error::Usage(format!(
                "unexpected `git diff --raw` output: {}",
                crate::text::name_text(head)
            ))
        };
        let head = std::str::from_utf8(head).map_err(|_| bad())?;
        let head = head.strip_prefix(':').ok_or_else(bad)?;
        let mut f = head.split(' ');
        let (Some(_old_mode), Some(new_mode), Some(old_id), Some(new_id), Some(status)) =
            (f.next(), f.next(), f.next(), f.next(), f.next())
        else {
            return Err(bad());
        };
        let kind = status.chars().next().ok_or_else(bad)?;
        let first = fields.next().ok_or_else(bad)?;
        let (from, path) = if matches!(kind, 'R' | 'C') {
            (Some(first), fields.next().ok_or_else(bad)?)
        } else {
            (None, first)
        };
        if !is_regular(new_mode) || matches!(kind, 'D' | 'U' | 'X') {
            continue;
        }
        let new = Oid::from_str(new_id).map_err(|_| bad())?;
        let old = Oid::from_str(old_id).map_err(|_| bad())?;
        let path = crate::text::path_text(path);
        let change = match kind {
            // A copy is scanned whole, as libgit2's diff does.
            'A' | 'C' => Change {
                path,
                oid: Some(new),
                old: None,
                added: Added::All,
                from: None,
            },
            // A type change (a symlink becoming a file) is new content.
            'T' => Change {
                path,
                oid: Some(new),
                old: None,
                added: Added::All,
                from: None,
            },
            'M' => Change {
                path,
                oid: Some(new),
                old: Some(old),
                added: Added::All,
                from: None,
            },
            'R' => Change {
                path,
                oid: Some(new),
                old: Some(old),
                added: Added::All,
                from: from.map(crate::text::path_text),
            },
            _ => return Err(bad()),
        };
        out.push(change);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_raw_records() {
        let a = "1".repeat(40);
        let b = "2".repeat(40);
        let z = "0".repeat(40);
        let raw = format!(
            ":000000 100644 {z} {a} A\0new.py\0:100644 100644 {a} {b} M\0mod.py\0:100644 100644 {a} {b} R087\0old/x.py\0new/x.py\0:100644 000000 {a} {z} D\0gone.py\0:000000 120000 {z} {a} A\0link\0"
        );
        let c = parse_raw(raw.as_bytes()).unwrap();
        let got: Vec<(String, Option<String>, bool)> = c
            .iter()
            .map(|c| (c.path.clone(), c.from.clone(), c.old.is_some()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("new.py".into(), None, false),
                ("mod.py".into(), None, true),
                ("new/x.py".into(), Some("old/x.py".into()), true),
            ]
        );
        assert!(parse_raw(b":garbage\0x\0").is_err());
    }
}
