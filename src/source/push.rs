//! Pushes: the ref updates git hands to the `pre-receive` (server) and `pre-push` (client)
//! hooks on standard input, and what a push brings that the receiving side does not have yet.
//!
//! Only commits new to the repository are scanned: the walk starts at every pushed tip and
//! hides every existing ref tip and the refs' old values, so a new branch, a force push, a tag
//! or several refs at once all cost only their own new commits, and a branch deletion costs
//! nothing. Tags are peeled (annotated tags to their target); a tag that points straight at a
//! tree or a blob has that object scanned whole, since no commit carries it.

use git2::{ObjectType, Oid, Repository};

use super::Change;
use crate::error::{Error, Result};
use crate::scan::Added;
use crate::source::git;

/// One line of `pre-receive` input: `<old> <new> <ref>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefUpdate {
    /// The ref's current value (all zeros: the ref is created).
    pub old: Oid,
    /// The pushed value (all zeros: the ref is deleted).
    pub new: Oid,
    /// The full ref name (`refs/heads/main`).
    pub refname: String,
}

/// One line of `pre-push` input: `<local ref> <local sha> <remote ref> <remote sha>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushUpdate {
    /// The local ref (or `(delete)`).
    pub local_ref: String,
    /// The local value being pushed (all zeros: a deletion).
    pub local: Oid,
    /// The remote ref.
    pub remote_ref: String,
    /// The remote's current value as far as this repository knows (all zeros: new ref).
    pub remote: Oid,
}

/// What a push brings: new commits (oldest first) and objects pushed without a commit.
#[derive(Debug, Default)]
pub struct Pushed {
    /// Commits reachable from the pushed tips and from no existing ref.
    pub commits: Vec<Oid>,
    /// Blobs of trees and blobs that a ref (a tag) points at directly, scanned whole.
    pub objects: Vec<Change>,
    /// Annotated tag objects pushed (each tag of a chain), whose messages are scanned; the
    /// callers drop those the receiving side already has.
    pub tags: Vec<Oid>,
}

fn parse_oid(s: &str, line_no: usize, line: &str) -> Result<Oid> {
    if s.len() != 40 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::Usage(format!(
            "hook input line {line_no}: `{s}` is not a 40-digit object id (line: `{line}`)"
        )));
    }
    Oid::from_str(s).map_err(|e| Error::git(format!("hook input line {line_no}"), e))
}

/// Parses `pre-receive` input. Any malformed line is an error: a push the hook cannot read
/// must be rejected, not waved through.
pub fn parse_pre_receive(input: &str) -> Result<Vec<RefUpdate>> {
    let mut out = Vec::new();
    for (i, line) in input.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let mut parts = line.splitn(3, ' ');
        let (Some(old), Some(new), Some(refname)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(Error::Usage(format!(
                "hook input line {}: expected `<old> <new> <ref>`, got `{line}`",
                i + 1
            )));
        };
        out.push(RefUpdate {
            old: parse_oid(old, i + 1, line)?,
            new: parse_oid(new, i + 1, line)?,
            refname: refname.to_string(),
        });
    }
    Ok(out)
}

/// Parses `pre-push` input (the same strictness as [`parse_pre_receive`]).
pub fn parse_pre_push(input: &str) -> Result<Vec<PushUpdate>> {
    let mut out = Vec::new();
    for (i, line) in input.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        // From the right: the local ref is the only field that is not a fixed shape.
        let mut parts = line.rsplitn(4, ' ');
        let (Some(remote), Some(remote_ref), Some(local), Some(local_ref)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(Error::Usage(format!(
                "hook input line {}: expected `<local ref> <local sha> <remote ref> <remote sha>`, got `{line}`",
                i + 1
            )));
        };
        out.push(PushUpdate {
            local_ref: local_ref.to_string(),
            local: parse_oid(local, i + 1, line)?,
            remote_ref: remote_ref.to_string(),
            remote: parse_oid(remote, i + 1, line)?,
        });
    }
    Ok(out)
}

/// The tips of the remote-tracking refs of `remote` (`refs/remotes/<remote>/*`), or of every
/// remote when `remote` is not a configured remote's name (a push to a bare URL).
pub fn remote_tips(repo: &Repository, remote: Option<&str>) -> Result<Vec<Oid>> {
    let known = remote.filter(|r| repo.find_remote(r).is_ok());
    let glob = match known {
        Some(r) => format!("refs/remotes/{r}/*"),
        None => "refs/remotes/*".to_string(),
    };
    let refs = repo
        .references_glob(&glob)
        .map_err(|e| Error::git("cannot list remote-tracking refs", e))?;
    let mut tips = Vec::new();
    for r in refs.flatten() {
        if let Ok(c) = r.peel_to_commit() {
            tips.push(c.id());
        }
    }
    Ok(tips)
}

/// What pushing `tips` (object ids with the ref names they go to) brings, given the commits
/// in `hide` (and everything reachable from them) are already on the receiving side.
/// A pushed id missing from the repository is an error.
pub fn pushed(repo: &Repository, tips: &[(Oid, &str)], hide: &[Oid]) -> Result<Pushed> {
    let mut out = Pushed::default();
    let mut commit_tips = Vec::new();
    for (oid, refname) in tips {
        if oid.is_zero() {
            continue; // deletion
        }
        let mut obj = repo.find_object(*oid, None).map_err(|e| {
            Error::git(
                format!("the pushed object {oid} for {refname} is not in the repository"),
                e,
            )
        })?;
        // Peel tag chains by hand: a tag may point at a commit, a tree, a blob or a tag.
        let mut depth = 0;
        while obj.kind() == Some(ObjectType::Tag) {
            out.tags.push(obj.id());
            depth += 1;
            let target = obj
                .as_tag()
                .map(|t| t.target_id())
                .ok_or_else(|| Error::Usage(format!("cannot read tag {}", obj.id())))?;
            if depth > 64 {
                return Err(Error::Usage(format!("tag chain at {oid} is too deep")));
            }
            obj = repo
                .find_object(target, None)
                .map_err(|e| Error::git(format!("cannot read the target of tag {oid}"), e))?;
        }
        match obj.kind() {
            Some(ObjectType::Commit) => commit_tips.push(obj.id()),
            Some(ObjectType::Tree) => {
                let tree = repo
                    .find_tree(obj.id())
                    .map_err(|e| Error::git(format!("cannot read tree {}", obj.id()), e))?;
                tree_blobs(&tree, &format!("{refname}:"), &mut out.objects)?;
            }
            Some(ObjectType::Blob) => out.objects.push(Change {
                path: refname.to_string(),
                oid: Some(obj.id()),
                old: None,
                added: Added::All,
                from: None,
            }),
            other => {
                return Err(Error::Usage(format!(
                    "{refname} points at {oid}, an object of unexpected kind {other:?}"
                )))
            }
        }
    }
    commit_tips.sort();
    commit_tips.dedup();
    out.tags.sort();
    out.tags.dedup();
    if !commit_tips.is_empty() {
        out.commits = git::walk(repo, &commit_tips, hide)?;
    }
    Ok(out)
}

fn tree_blobs(tree: &git2::Tree, prefix: &str, out: &mut Vec<Change>) -> Result<()> {
    tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
        if entry.kind() == Some(ObjectType::Blob) && entry.filemode() != 0o120000 {
            out.push(Change {
                path: format!("{prefix}{dir}{}", entry.name().unwrap_or("")),
                oid: Some(entry.id()),
                old: None,
                added: Added::All,
                from: None,
            });
        }
        git2::TreeWalkResult::Ok
    })
    .map_err(|e| Error::git("cannot walk a pushed tree", e))
}

/// The commits and objects a `pre-receive` push brings: walks from every pushed value and
/// hides every existing ref tip and every old value. Git has not updated any ref yet when the
/// hook runs, so the refs are the repository as it was before the push.
pub fn pre_receive(repo: &Repository, updates: &[RefUpdate]) -> Result<Pushed> {
    let mut hide = git::ref_tips(repo)?;
    hide.extend(updates.iter().map(|u| u.old).filter(|o| !o.is_zero()));
    hide.sort();
    hide.dedup();
    let tips: Vec<(Oid, &str)> = updates
        .iter()
        .map(|u| (u.new, u.refname.as_str()))
        .collect();
    let mut out = pushed(repo, &tips, &hide)?;
    // A tag object some ref already points at (pushed again under another name) is not new.
    let mut known = ref_targets(repo)?;
    known.extend(updates.iter().map(|u| u.old));
    out.tags.retain(|t| !known.contains(t));
    Ok(out)
}

/// The objects refs point at, unpeeled (tag objects included).
pub fn ref_targets(repo: &Repository) -> Result<std::collections::HashSet<Oid>> {
    let refs = repo
        .references()
        .map_err(|e| Error::git("cannot list refs", e))?;
    Ok(refs.flatten().filter_map(|r| r.target()).collect())
}

/// The commits and objects a `pre-push` push sends: walks from every local value and hides
/// the remote values this repository has and the remote-tracking refs of `remote`.
pub fn pre_push(repo: &Repository, updates: &[PushUpdate], remote: Option<&str>) -> Result<Pushed> {
    let mut hide = remote_tips(repo, remote)?;
    hide.extend(updates.iter().map(|u| u.remote).filter(|o| !o.is_zero()));
    hide.sort();
    hide.dedup();
    let tips: Vec<(Oid, &str)> = updates
        .iter()
        .map(|u| (u.local, u.remote_ref.as_str()))
        .collect();
    let mut out = pushed(repo, &tips, &hide)?;
    out.tags.retain(|t| !updates.iter().any(|u| u.remote == *t));
    Ok(out)
}

/// The push options of this push (`git push -o KEY=VALUE`), from `GIT_PUSH_OPTION_COUNT` and
/// `GIT_PUSH_OPTION_<i>`. Git sets them only when the server has `receive.advertisePushOptions`.
pub fn push_options() -> Vec<String> {
    let count = std::env::var("GIT_PUSH_OPTION_COUNT")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .unwrap_or(0);
    (0..count.min(10_000))
        .filter_map(|i| std::env::var(format!("GIT_PUSH_OPTION_{i}")).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "1111111111111111111111111111111111111111";
    const B: &str = "2222222222222222222222222222222222222222";
    const Z: &str = "0000000000000000000000000000000000000000";

    #[test]
    fn parses_pre_receive_lines() {
        let input =
            format!("{Z} {A} refs/heads/new\n{A} {B} refs/heads/main\n{B} {Z} refs/tags/x\n");
        let u = parse_pre_receive(&input).unwrap();
        assert_eq!(u.len(), 3);
        assert!(u[0].old.is_zero());
        assert_eq!(u[1].refname, "refs/heads/main");
        assert!(u[2].new.is_zero());
    }

    #[test]
    fn malformed_input_is_an_error() {
        assert!(parse_pre_receive("garbage\n").is_err());
        assert!(parse_pre_receive(&format!("{A} nothex refs/heads/x\n")).is_err());
        assert!(parse_pre_receive(&format!("{A} {B}\n")).is_err());
        assert!(parse_pre_push(&format!("{A} refs/heads/x {B}\n")).is_err());
    }

    #[test]
    fn parses_pre_push_lines() {
        let input =
            format!("refs/heads/main {A} refs/heads/main {Z}\n(delete) {Z} refs/heads/old {B}\n");
        let u = parse_pre_push(&input).unwrap();
        assert_eq!(u.len(), 2);
        assert_eq!(u[0].local_ref, "refs/heads/main");
        assert!(u[0].remote.is_zero());
        assert_eq!(u[1].local_ref, "(delete)");
        assert!(u[1].local.is_zero());
    }
}
