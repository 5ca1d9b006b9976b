//! Git sources, read through libgit2: the staged diff (index vs HEAD), one commit against its
//! parents, and the commit lists of ranges, whole histories and pushes.

use std::collections::HashSet;

use git2::{Delta, Diff, DiffFindOptions, DiffOptions, Oid, Repository, Sort};

use super::pack::PackReader;
use super::Change;
use crate::error::{Error, Result};
use crate::scan::Added;

/// Opens the repository the environment points at (`GIT_DIR`, `GIT_INDEX_FILE`,
/// `GIT_OBJECT_DIRECTORY`, quarantine alternates...) or the one containing the current directory.
pub fn open() -> Result<Repository> {
    tune_libgit2();
    Repository::open_from_env().map_err(|e| {
        if e.code() == git2::ErrorCode::NotFound {
            let cwd = std::env::current_dir()
                .map(|d| d.display().to_string())
                .unwrap_or_else(|_| ".".into());
            Error::Usage(format!(
                "not a git repository (or any parent directory): {cwd}: run keepmum inside a repository, or use `scan --no-git PATH`"
            ))
        } else {
            Error::git("cannot open the git repository", e)
        }
    })
}

/// How much of the packfiles libgit2 may map at once. Past it, libgit2 unmaps its least
/// recently used window before mapping the next: with a 32 MiB cap, a history scan of a
/// 400 MiB pack took a fifth more CPU time, most of it system time in `mmap`/`munmap`. At
/// 256 MiB that churn is gone, and the resident memory stays far below the cap, since only
/// the pages read are resident (peak RSS 85 MiB on that pack, against 449 MiB with no cap).
const MAPPED_PACK_LIMIT: usize = 256 << 20;

/// Process-wide libgit2 settings, applied once before the first repository is opened.
///
/// - Objects come from the local object store (or git's own push quarantine); re-hashing every
///   blob read costs a fifth of a scan and protects against nothing a hook can act on.
/// - Memory stays bounded whatever the history length: a small object cache (trees and commits
///   are read once per commit anyway) and a cap on how much of the packfiles is mapped at once.
fn tune_libgit2() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        git2::opts::strict_hash_verification(false);
        // Memory stays bounded however long the history: each repository handle (one per
        // worker) caches at most 2 MiB of parsed objects (blobs are not cached: a blob cache
        // of 64 MiB saved nothing measurable, the delta-base cache already holds what the next
        // read needs), packs are mapped in 8 MiB windows, `MAPPED_PACK_LIMIT` at most, and
        // libgit2's delta-base cache has its own fixed cap.
        // SAFETY: these only set libgit2's global options; `call_once` runs them exactly once,
        // before this process opens any repository, so no libgit2 call runs concurrently.
        unsafe {
            let _ = git2::opts::set_cache_max_size(2 << 20);
            let _ = git2::opts::set_mwindow_size(8 << 20);
            let _ = git2::opts::set_mwindow_mapped_limit(MAPPED_PACK_LIMIT);
        }
    });
}

fn diff_options() -> DiffOptions {
    let mut o = DiffOptions::new();
    o.context_lines(0)
        .include_untracked(false)
        .ignore_submodules(true)
        .skip_binary_check(true)
        .indent_heuristic(false);
    o
}

/// The changes staged in the index (the one `GIT_INDEX_FILE` names, if set) against HEAD.
/// An unborn HEAD is compared with the empty tree.
pub fn staged(repo: &Repository) -> Result<Vec<Change>> {
    if repo.is_bare() && std::env::var_os("GIT_INDEX_FILE").is_none() {
        // No index to read: an empty result would be a false all-clear.
        return Err(Error::Usage(
            "a bare repository has no staged changes: use `scan --range A..B` or `scan --all`"
                .into(),
        ));
    }
    let head = match repo.head() {
        Ok(h) => Some(
            h.peel_to_commit()
                .map_err(|e| Error::git("cannot read HEAD's commit", e))?,
        ),
        Err(e)
            if matches!(
                e.code(),
                git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
            ) =>
        {
            None
        }
        Err(e) => return Err(Error::git("cannot resolve HEAD", e)),
    };
    let head_tree = match &head {
        Some(c) => Some(
            c.tree()
                .map_err(|e| Error::git("cannot read HEAD's tree", e))?,
        ),
        None => None,
    };
    check_index_file()?;
    // An index libgit2 cannot read (a sparse index, a split index), or a rename it cannot
    // pair (blobs missing from a partial clone): git reads it (see `cli`).
    let changes = match repo.index() {
        Ok(index) => match staged_from_index(repo, head_tree.as_ref(), &index) {
            Ok(c) => c,
            Err(_) => super::cli::staged(head.as_ref().map(git2::Commit::id))?,
        },
        Err(_) => super::cli::staged(head.as_ref().map(git2::Commit::id))?,
    };
    // Concluding a merge (pre-commit / pre-merge-commit with MERGE_HEAD set): lines the merged
    // branch already has were scanned when they were committed there; report only what the
    // merge itself adds (conflict resolutions), as history scans do for merge commits.
    match merge_head_tree(repo)? {
        Some(theirs) => drop_lines_from_other_parents(repo, changes, &[theirs]),
        None => Ok(changes),
    }
}

/// The staged changes from an index libgit2 has read.
fn staged_from_index(
    repo: &Repository,
    head: Option<&git2::Tree>,
    index: &git2::Index,
) -> Result<Vec<Change>> {
    // Directories whose content is unchanged are skipped by id (see `index`); when files were
    // both deleted and added, or the index has conflicts, libgit2's diff pairs up renames.
    match super::index::staged_deltas(repo, head, index)?.and_then(deltas_to_changes) {
        Some(c) => Ok(c),
        None => staged_by_diff(repo, head, index),
    }
}

/// `GIT_INDEX_FILE` naming a file that does not exist would read as an empty index, which
/// compares as "everything deleted, nothing to scan": an error instead. (A missing default
/// index is a repository where nothing was ever staged; that one is empty for real.)
fn check_index_file() -> Result<()> {
    let Some(v) = std::env::var_os("GIT_INDEX_FILE").filter(|v| !v.is_empty()) else {
        return Ok(());
    };
    let p = std::path::PathBuf::from(&v);
    if p.is_file() {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "GIT_INDEX_FILE names {}, which is not a file: point it at an existing index, or unset it to read the repository's own",
        crate::text::quoted(&p.display().to_string())
    )))
}

/// The staged changes by libgit2's diff of the index against `head` (with rename detection).
pub(super) fn staged_by_diff(
    repo: &Repository,
    head: Option<&git2::Tree>,
    index: &git2::Index,
) -> Result<Vec<Change>> {
    let mut opts = diff_options();
    let diff = repo
        .diff_tree_to_index(head, Some(index), Some(&mut opts))
        .map_err(|e| Error::git("cannot diff the index against HEAD", e))?;
    changes_from_diff(diff)
}

/// The tree of `MERGE_HEAD`, when a merge is in progress.
fn merge_head_tree(repo: &Repository) -> Result<Option<git2::Tree<'_>>> {
    let Ok(r) = repo.find_reference("MERGE_HEAD") else {
        return Ok(None);
    };
    let commit = r
        .peel_to_commit()
        .map_err(|e| Error::git("cannot read MERGE_HEAD", e))?;
    commit
        .tree()
        .map(Some)
        .map_err(|e| Error::git("cannot read the tree of MERGE_HEAD", e))
}

/// The changes a commit makes against its first parent (all files for a root commit).
/// For a merge, lines that already exist in another parent's version of the file are dropped,
/// so a merge reports only what the merge itself introduced (an "evil merge"), not the branch.
pub fn commit_changes(repo: &Repository, oid: Oid) -> Result<Vec<Change>> {
    let changes = first_parent_changes(repo, oid)?;
    if changes.merge {
        merge_changes(repo, oid, changes.changes)
    } else {
        Ok(changes.changes)
    }
}

/// [`commit_changes`], with the commit and its trees read through a worker's pack reader
/// when it can read them all (history scans: libgit2's tree reads were a tenth of the time).
/// Anything it cannot read or does not handle (a loose or unusual object, files both deleted
/// and added, which needs libgit2's rename detection) goes the libgit2 way, as do a merge's
/// other parents.
pub fn commit_changes_with(
    repo: &Repository,
    packs: Option<&mut PackReader>,
    oid: Oid,
) -> Result<Vec<Change>> {
    if let Some(changes) = packs.and_then(|r| packed_first_parent_changes(r, oid)) {
        return if changes.merge {
            merge_changes(repo, oid, changes.changes)
        } else {
            Ok(changes.changes)
        };
    }
    commit_changes(repo, oid)
}

/// [`first_parent_changes`] from the packs alone; `None` whenever anything is not a plain
/// packed object this reader reads (the caller then asks libgit2, which reports errors).
fn packed_first_parent_changes(r: &mut PackReader, oid: Oid) -> Option<FirstParentChanges> {
    let (tree, parents) = parse_commit(&r.commit(oid)?)?;
    let parent_tree = match parents.first() {
        Some(p) => Some(parse_commit(&r.commit(*p)?)?.0),
        None => None,
    };
    let mut deltas = Vec::new();
    diff_packed(r, parent_tree, Some(tree), "", &mut deltas)?;
    Some(FirstParentChanges {
        changes: deltas_to_changes(deltas)?,
        merge: parents.len() > 1,
    })
}

/// The parents of commit `oid`: read through `reader` when it can, else by libgit2 (which
/// applies grafts and shallow boundaries); none when neither can read it (the scan itself
/// then reports the commit).
pub fn commit_parents(repo: &Repository, reader: Option<&mut PackReader>, oid: Oid) -> Vec<Oid> {
    if let Some(parents) = reader
        .and_then(|r| r.commit(oid))
        .and_then(|c| parse_commit(&c))
        .map(|(_, p)| p)
    {
        return parents;
    }
    repo.find_commit(oid)
        .map(|c| c.parent_ids().collect())
        .unwrap_or_default()
}

/// The tree and parents of a commit object: `tree <hex>` then `parent <hex>` lines, then the
/// author. `None` for anything else (libgit2 then reads it, and reports what is wrong).
fn parse_commit(data: &[u8]) -> Option<(Oid, Vec<Oid>)> {
    fn hex_line<'a>(data: &'a [u8], key: &[u8]) -> Option<(Oid, &'a [u8])> {
        let rest = data.strip_prefix(key)?;
        let (hex, rest) = (rest.get(..40)?, rest.get(40..)?);
        let rest = rest.strip_prefix(b"\n")?;
        let oid = Oid::from_str(std::str::from_utf8(hex).ok()?).ok()?;
        Some((oid, rest))
    }
    let (tree, mut rest) = hex_line(data, b"tree ")?;
    let mut parents = Vec::new();
    while let Some((p, r)) = hex_line(rest, b"parent ") {
        parents.push(p);
        rest = r;
    }
    rest.starts_with(b"author ").then_some((tree, parents))
}

/// One entry of a tree object read from the packs.
struct RawEntry<'a> {
    name: &'a [u8],
    /// The mode as libgit2 reports it (`100664` reads as `100644`).
    mode: u32,
    oid: Oid,
}

impl RawEntry<'_> {
    fn is_dir(&self) -> bool {
        self.mode == 0o040000
    }

    /// The blob of a regular file (as [`file_blob`]).
    fn file_blob(&self) -> Option<Oid> {
        is_file_mode(self.mode).then_some(self.oid)
    }
}

/// The entries of a tree object, in their stored order; `None` for an entry with a mode
/// other than git's five (and the legacy `100664`), an empty name or one with a `/`.
fn parse_tree(mut data: &[u8]) -> Option<Vec<RawEntry<'_>>> {
    let mut out = Vec::with_capacity(data.len() / 40 + 1);
    while !data.is_empty() {
        let sp = memchr::memchr(b' ', data)?;
        let mut mode = 0u32;
        for &c in data.get(..sp).filter(|m| !m.is_empty() && m.len() <= 6)? {
            if !(b'0'..=b'7').contains(&c) {
                return None;
            }
            mode = mode * 8 + u32::from(c - b'0');
        }
        let mode = match mode {
            0o040000 | 0o100644 | 0o100755 | 0o120000 | 0o160000 => mode,
            0o100664 => 0o100644,
            _ => return None,
        };
        let rest = &data[sp + 1..];
        let nul = memchr::memchr(0, rest)?;
        let name = &rest[..nul];
        if name.is_empty() || name.contains(&b'/') {
            return None;
        }
        let oid = Oid::from_bytes(rest.get(nul + 1..nul + 21)?).ok()?;
        out.push(RawEntry { name, mode, oid });
        data = &rest[nul + 21..];
    }
    Some(out)
}

/// Git's tree order of two entries: names compared as bytes, a directory's as if followed
/// by `/` (as [`tree_key`], without building the keys).
fn raw_order(a: &RawEntry, b: &RawEntry) -> std::cmp::Ordering {
    let n = a.name.len().min(b.name.len());
    match a.name[..n].cmp(&b.name[..n]) {
        std::cmp::Ordering::Equal => {}
        o => return o,
    }
    let next = |e: &RawEntry| e.name.get(n).copied().or(e.is_dir().then_some(b'/'));
    next(a).cmp(&next(b))
}

/// [`diff_trees`] over trees read from the packs; `None` if one cannot be read or parsed.
fn diff_packed(
    r: &mut PackReader,
    old: Option<Oid>,
    new: Option<Oid>,
    prefix: &str,
    out: &mut Vec<TreeDelta>,
) -> Option<()> {
    let od = match old {
        Some(o) => Some(r.tree(o)?),
        None => None,
    };
    let nd = match new {
        Some(n) => Some(r.tree(n)?),
        None => None,
    };
    let olds = match &od {
        Some(d) => parse_tree(d)?,
        None => Vec::new(),
    };
    let news = match &nd {
        Some(d) => parse_tree(d)?,
        None => Vec::new(),
    };
    merge_entries(
        &olds,
        &news,
        raw_order,
        |a, b| a.oid != b.oid || a.mode != b.mode,
        |a, b| side_packed(r, a, b, prefix, out).ok_or(()),
    )
    .ok()
}

/// Walks two lists of tree entries sorted by `order` side by side (a merge join): `side` gets
/// each entry only one list holds (`(Some(old), None)`, `(None, Some(new))`) and each pair of
/// the same name that `changed` says differ. Stops at the first error.
fn merge_entries<T, E>(
    olds: &[T],
    news: &[T],
    order: impl Fn(&T, &T) -> std::cmp::Ordering,
    changed: impl Fn(&T, &T) -> bool,
    mut side: impl FnMut(Option<&T>, Option<&T>) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let (mut i, mut j) = (0, 0);
    while i < olds.len() || j < news.len() {
        let ord = match (olds.get(i), news.get(j)) {
            (Some(a), Some(b)) => order(a, b),
            (Some(_), None) => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Greater,
        };
        match ord {
            std::cmp::Ordering::Less => {
                side(Some(&olds[i]), None)?;
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                side(None, Some(&news[j]))?;
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                if changed(&olds[i], &news[j]) {
                    side(Some(&olds[i]), Some(&news[j]))?;
                }
                i += 1;
                j += 1;
            }
        }
    }
    Ok(())
}

/// [`side`] for entries of trees read from the packs.
fn side_packed(
    r: &mut PackReader,
    old: Option<&RawEntry>,
    new: Option<&RawEntry>,
    prefix: &str,
    out: &mut Vec<TreeDelta>,
) -> Option<()> {
    let name = old
        .or(new)
        .map(|e| crate::text::name_text(e.name))
        .unwrap_or_default();
    let path = format!("{prefix}{name}");
    let as_tree = |e: Option<&RawEntry>| e.filter(|e| e.is_dir()).map(|e| e.oid);
    let (ot, nt) = (as_tree(old), as_tree(new));
    if ot.is_some() || nt.is_some() {
        diff_packed(r, ot, nt, &format!("{path}/"), out)?;
    }
    let (ob, nb) = (
        old.and_then(RawEntry::file_blob),
        new.and_then(RawEntry::file_blob),
    );
    if ob.is_some() || nb.is_some() {
        if ob.is_some() && ob == nb {
            return Some(()); // mode change only
        }
        out.push(TreeDelta {
            path,
            old: ob,
            new: nb,
        });
    }
    Some(())
}

/// What a commit changes against its first parent, before a merge's lines from its other
/// parents are dropped (see [`merge_changes`]).
#[derive(Debug)]
pub struct FirstParentChanges {
    /// The changed files (modified files carry their old blob in `old`).
    pub changes: Vec<Change>,
    /// Whether the commit has more than one parent.
    pub merge: bool,
}

/// The changes a commit makes against its first parent (all files for a root commit), with
/// edited renames paired up; for a merge, what [`merge_changes`] must still filter.
pub fn first_parent_changes(repo: &Repository, oid: Oid) -> Result<FirstParentChanges> {
    let commit = repo
        .find_commit(oid)
        .map_err(|e| Error::git(format!("cannot read commit {oid}"), e))?;
    let tree = commit
        .tree()
        .map_err(|e| Error::git(format!("cannot read the tree of {oid}"), e))?;
    let parent_tree = match commit.parent(0) {
        Ok(p) => Some(
            p.tree()
                .map_err(|e| Error::git(format!("cannot read the parent tree of {oid}"), e))?,
        ),
        Err(_) => None,
    };
    let changes = match tree_changes(repo, parent_tree.as_ref(), &tree)? {
        Some(c) => c,
        None => {
            // Files were both deleted and added: let libgit2 pair up edited renames. Pairing
            // reads the blobs; where libgit2 cannot (a partial clone), git does.
            let mut opts = diff_options();
            let diff = repo
                .diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), Some(&mut opts))
                .map_err(|e| Error::git(format!("cannot diff {oid} against its parent"), e))
                .and_then(changes_from_diff);
            match diff {
                Ok(c) => c,
                Err(_) => super::cli::commit_changes(commit.parent_id(0).ok(), oid)?,
            }
        }
    };
    Ok(FirstParentChanges {
        changes,
        merge: commit.parent_count() > 1,
    })
}

/// Drops from a merge's `changes` (against its first parent) the lines that already exist in
/// another parent's version of each file, and the files identical to another parent's.
pub fn merge_changes(repo: &Repository, oid: Oid, changes: Vec<Change>) -> Result<Vec<Change>> {
    let commit = repo
        .find_commit(oid)
        .map_err(|e| Error::git(format!("cannot read commit {oid}"), e))?;
    let others: Vec<git2::Tree> = commit
        .parents()
        .skip(1)
        .filter_map(|p| p.tree().ok())
        .collect();
    drop_lines_from_other_parents(repo, changes, &others)
}

/// One file-level difference between two trees.
pub(super) struct TreeDelta {
    pub(super) path: String,
    pub(super) old: Option<Oid>,
    pub(super) new: Option<Oid>,
}

/// Compares two trees, descending only into subtrees whose ids differ (as git does), which is
/// much cheaper than a full iterator diff on large trees. Returns `None` when the commit both
/// deletes and adds files that are not exact renames, so rename detection is needed.
fn tree_changes(
    repo: &Repository,
    old: Option<&git2::Tree>,
    new: &git2::Tree,
) -> Result<Option<Vec<Change>>> {
    let mut deltas = Vec::new();
    diff_trees(repo, old, Some(new), "", &mut deltas)?;
    Ok(deltas_to_changes(deltas))
}

/// Turns file deltas into changes to scan (deleted files have nothing to scan; an exact
/// rename or move has no new lines). `None` when files were both deleted and added other than
/// by exact renames: then only rename detection can tell an edited move from a new file.
pub(super) fn deltas_to_changes(deltas: Vec<TreeDelta>) -> Option<Vec<Change>> {
    // Deleted blobs and the path each had (the first, when the same content went at several).
    let mut deleted: std::collections::HashMap<Oid, String> = std::collections::HashMap::new();
    for d in &deltas {
        if let (Some(o), None) = (d.old, d.new) {
            deleted.entry(o).or_insert_with(|| d.path.clone());
        }
    }
    let mut out = Vec::new();
    for d in deltas {
        match (d.old, d.new) {
            (_, None) => {}
            (None, Some(n)) => {
                if let Some(from) = deleted.get(&n) {
                    // An exact rename or move: no new lines, unless the old path's rules were
                    // laxer (the engine decides).
                    out.push(Change {
                        path: d.path,
                        oid: Some(n),
                        old: Some(n),
                        added: Added::All,
                        from: Some(from.clone()),
                    });
                    continue;
                }
                if !deleted.is_empty() {
                    return None;
                }
                out.push(Change {
                    path: d.path,
                    oid: Some(n),
                    old: None,
                    added: Added::All,
                    from: None,
                });
            }
            (Some(o), Some(n)) => out.push(Change {
                path: d.path,
                oid: Some(n),
                old: Some(o),
                added: Added::All,
                from: None,
            }),
        }
    }
    Some(out)
}

/// Sort key of a name in git's tree order: a directory compares as if followed by `/`.
pub(super) fn tree_key(name: &[u8], is_dir: bool) -> Vec<u8> {
    let mut k = name.to_vec();
    if is_dir {
        k.push(b'/');
    }
    k
}

/// Sort key of a tree entry in git's order.
fn entry_key(e: &git2::TreeEntry) -> Vec<u8> {
    tree_key(e.name_bytes(), e.kind() == Some(git2::ObjectType::Tree))
}

/// Whether a file mode is a regular file's: symlinks (`120000`) and submodule commits
/// (`160000`) hold no file content to scan.
pub(super) fn is_file_mode(mode: u32) -> bool {
    mode & 0o170000 == 0o100000
}

/// The blob of a tree entry that is a regular file.
pub(super) fn file_blob(e: &git2::TreeEntry) -> Option<Oid> {
    (e.kind() == Some(git2::ObjectType::Blob) && is_file_mode(e.filemode() as u32)).then(|| e.id())
}

fn diff_trees(
    repo: &Repository,
    old: Option<&git2::Tree>,
    new: Option<&git2::Tree>,
    prefix: &str,
    out: &mut Vec<TreeDelta>,
) -> Result<()> {
    let olds: Vec<git2::TreeEntry> = old.map(|t| t.iter().collect()).unwrap_or_default();
    let news: Vec<git2::TreeEntry> = new.map(|t| t.iter().collect()).unwrap_or_default();
    merge_entries(
        &olds,
        &news,
        |a, b| entry_key(a).cmp(&entry_key(b)),
        |a, b| a.id() != b.id() || a.filemode() != b.filemode(),
        |a, b| side(repo, a, b, prefix, out),
    )
}

/// Handles one name present on one or both sides.
fn side(
    repo: &Repository,
    old: Option<&git2::TreeEntry>,
    new: Option<&git2::TreeEntry>,
    prefix: &str,
    out: &mut Vec<TreeDelta>,
) -> Result<()> {
    let name = old
        .or(new)
        .map(|e| crate::text::name_text(e.name_bytes()))
        .unwrap_or_default();
    let path = format!("{prefix}{name}");
    let as_tree = |e: Option<&git2::TreeEntry>| -> Result<Option<git2::Tree>> {
        match e {
            Some(e) if e.kind() == Some(git2::ObjectType::Tree) => repo
                .find_tree(e.id())
                .map(Some)
                .map_err(|err| Error::git(format!("cannot read tree {path}"), err)),
            _ => Ok(None),
        }
    };
    let as_blob = |e: Option<&git2::TreeEntry>| e.and_then(file_blob);
    let (ot, nt) = (as_tree(old)?, as_tree(new)?);
    if ot.is_some() || nt.is_some() {
        diff_trees(repo, ot.as_ref(), nt.as_ref(), &format!("{path}/"), out)?;
    }
    let (ob, nb) = (as_blob(old), as_blob(new));
    if ob.is_some() || nb.is_some() {
        if ob.is_some() && ob == nb {
            return Ok(()); // mode change only
        }
        out.push(TreeDelta {
            path,
            old: ob,
            new: nb,
        });
    }
    Ok(())
}

fn drop_lines_from_other_parents(
    repo: &Repository,
    changes: Vec<Change>,
    others: &[git2::Tree],
) -> Result<Vec<Change>> {
    let mut out = Vec::with_capacity(changes.len());
    for mut ch in changes {
        let Some(new_oid) = ch.oid else { continue };
        let mut other_lines: HashSet<Vec<u8>> = HashSet::new();
        let mut identical = false;
        for t in others {
            if let Ok(entry) = t.get_path(std::path::Path::new(&ch.path)) {
                if entry.id() == new_oid {
                    identical = true;
                    break;
                }
                if let Ok(b) = repo.find_blob(entry.id()) {
                    // Lines as the scanner reads them (decoded UTF-16, a binary's runs).
                    let text = crate::scan::decode::text_of(b.content());
                    other_lines.extend(text.split(|&c| c == b'\n').map(<[u8]>::to_vec));
                }
            }
        }
        if identical {
            continue;
        }
        if other_lines.is_empty() {
            out.push(ch);
            continue;
        }
        let blob = read_blob(repo, new_oid, &ch.path)?
            .map_err(|why| Error::Usage(format!("cannot read {}: {why}", ch.path)))?;
        resolve_added(repo, &mut ch, blob.content())?;
        let text = crate::scan::decode::text_of(blob.content());
        let lines: Vec<&[u8]> = text.split(|&c| c == b'\n').collect();
        let wanted = |n: u32| {
            lines
                .get(n as usize - 1)
                .is_some_and(|l| !other_lines.contains(*l))
        };
        let mut ranges = Vec::new();
        let iter: Box<dyn Iterator<Item = u32>> = match &ch.added {
            Added::All => Box::new(1..=lines.len() as u32),
            Added::Ranges(r) => Box::new(r.clone().into_iter().flat_map(|(a, b)| a..=b)),
        };
        for n in iter {
            if wanted(n) {
                match ranges.last_mut() {
                    Some((_, e)) if *e + 1 == n => *e = n,
                    _ => ranges.push((n, n)),
                }
            }
        }
        if !ranges.is_empty() {
            ch.added = Added::Ranges(ranges);
            out.push(ch);
        }
    }
    Ok(out)
}

/// Turns a tree/index diff into changes: added files whole, modified and renamed files by the
/// new line ranges of their hunks (computed blob to blob, context 0). Deletions are ignored.
fn changes_from_diff(mut diff: Diff) -> Result<Vec<Change>> {
    let mut find = DiffFindOptions::new();
    find.renames(true).copies(false).rename_limit(2000);
    diff.find_similar(Some(&mut find))
        .map_err(|e| Error::git("cannot detect renames", e))?;
    let mut out = Vec::new();
    for delta in diff.deltas() {
        let new = delta.new_file();
        let path = match new.path_bytes() {
            Some(p) => crate::text::path_text(p),
            None => continue,
        };
        if new.mode() == git2::FileMode::Commit || new.mode() == git2::FileMode::Link {
            continue; // submodule pointer or symlink target: not file content
        }
        match delta.status() {
            Delta::Added | Delta::Copied | Delta::Untracked => out.push(Change {
                path,
                oid: Some(new.id()),
                old: None,
                added: Added::All,
                from: None,
            }),
            Delta::Modified | Delta::Renamed | Delta::Typechange => {
                let old_id = delta.old_file().id();
                let old =
                    (!old_id.is_zero() && delta.status() != Delta::Typechange).then_some(old_id);
                let from = (delta.status() == Delta::Renamed)
                    .then(|| delta.old_file().path_bytes().map(crate::text::path_text))
                    .flatten();
                out.push(Change {
                    path,
                    oid: Some(new.id()),
                    old,
                    added: Added::All,
                    from,
                });
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The lines of `new` whose text does not occur in `old`, as 1-based ranges.
///
/// This is "added" by content rather than by a positional diff: a line that only moved within
/// the file is not new, so moving an existing secret does not report it again, while any line
/// whose text is new is scanned. It needs no diff machinery (libgit2's blob diff re-reads
/// attributes and config on every call, which dominated history scans).
///
/// Both versions are compared as the scanner reads them (`scan::decode`): UTF-16/32 text
/// decoded, a binary's printable runs one per line.
///
/// Most edits change a few lines of a long file, so the work is kept to those: lines equal at
/// the start and at the end of both versions are old, and each remaining line of `new` is
/// looked up among the old lines of the same length only (a short list compared directly, a
/// longer one through a hash set). Linear in the two sizes plus the lines looked up.
pub fn added_lines(old: &[u8], new: &[u8]) -> Added {
    let (old, new) = (
        crate::scan::decode::text_of(old),
        crate::scan::decode::text_of(new),
    );
    let (head, tail) = equal_ends(&old, &new);
    // Only the lines between need splitting; those before are counted.
    let prefix = new[..head].iter().filter(|&&b| b == b'\n').count();
    let middle = line_list(&new[head..tail]);
    let middle = &middle[..];
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    if middle.is_empty() {
        return Added::Ranges(ranges);
    }
    // A few lines, none very short: each is looked for in `old` as a whole, which is
    // cheaper than splitting `old` into lines (at most `FEW` passes over it).
    const FEW: usize = 8;
    if middle.len() <= FEW && middle.iter().all(|l| l.len() >= 4) {
        for (i, line) in middle.iter().enumerate() {
            if is_line_of(&old, line) {
                continue;
            }
            let n = (prefix + i) as u32 + 1;
            match ranges.last_mut() {
                Some((_, e)) if *e + 1 == n => *e = n,
                _ => ranges.push((n, n)),
            }
        }
        return Added::Ranges(ranges);
    }
    let olds = line_list(&old);
    // Only old lines as long as some middle line can match one.
    let mut lens: Vec<usize> = middle.iter().map(|l| l.len()).collect();
    lens.sort_unstable();
    lens.dedup();
    let candidates: Vec<&[u8]> = olds
        .iter()
        .filter(|l| lens.binary_search(&l.len()).is_ok())
        .copied()
        .collect();
    let known: Option<HashSet<&[u8]>> = (middle.len().saturating_mul(candidates.len()) > 4096)
        .then(|| candidates.iter().copied().collect());
    let is_old = |line: &[u8]| match &known {
        Some(k) => k.contains(line),
        None => candidates.contains(&line),
    };
    for (i, line) in middle.iter().enumerate() {
        if is_old(line) {
            continue;
        }
        let n = (prefix + i) as u32 + 1;
        match ranges.last_mut() {
            Some((_, e)) if *e + 1 == n => *e = n,
            _ => ranges.push((n, n)),
        }
    }
    Added::Ranges(ranges)
}

/// Whether `line` (not empty) is one of the lines of `content` as [`line_list`] splits them:
/// found at the start of a line and ending it, or followed by a `\r` that ends it (a line's
/// one `\r` before its end is not part of it, so a `line` ending in `\r` must be followed by
/// another). A match starts after a newline and `line` has none, so the matches that
/// `find_iter` skips (overlapping an earlier one) cannot start a line.
fn is_line_of(content: &[u8], line: &[u8]) -> bool {
    let ends_line = |e: usize| e == content.len() || content[e] == b'\n';
    memchr::memmem::find_iter(content, line).any(|p| {
        let e = p + line.len();
        (p == 0 || content[p - 1] == b'\n')
            && ((ends_line(e) && !line.ends_with(b"\r"))
                || (content.get(e) == Some(&b'\r') && ends_line(e + 1)))
    })
}

/// Works out `ch.added` from its old blob now (`new` is the new blob's content).
pub fn resolve_added(repo: &Repository, ch: &mut Change, new: &[u8]) -> Result<()> {
    if let Some(old) = ch.old.take() {
        let old_blob = read_blob(repo, old, &ch.path)?.map_err(|why| {
            Error::Usage(format!(
                "cannot read the previous version of {}: {why}",
                ch.path
            ))
        })?;
        ch.added = added_lines(old_blob.content(), new);
    }
    Ok(())
}

/// Where the lines of `new` that are lines of `old` for certain, at its start and at its
/// end, stop and start, found by comparing the bytes of the two versions from each end
/// instead of line by line: `(head, tail)`, both at the start of a line of `new`. A line
/// before `head` ends with a newline within the bytes both versions start with, so it is the
/// same line of `old`. A line from `tail` on follows a newline within the bytes both versions
/// end with: `old` has a newline at that place too and the same bytes after it, so the same
/// line. What lies between is looked up among `old`'s lines, so a shorter common run changes
/// nothing but the work.
fn equal_ends(old: &[u8], new: &[u8]) -> (usize, usize) {
    let n = old.len().min(new.len());
    let same = common_run(
        n,
        |i, k| old[i..i + k] == new[i..i + k],
        |i| old[i] == new[i],
    );
    let (ol, nl) = (old.len(), new.len());
    // The common end, not reaching back into the common start of either version.
    let back = common_run(
        n - same,
        |i, k| old[ol - i - k..ol - i] == new[nl - i - k..nl - i],
        |i| old[ol - 1 - i] == new[nl - 1 - i],
    );
    let head = memchr::memrchr(b'\n', &new[..same]).map_or(0, |i| i + 1);
    let tail = memchr::memchr(b'\n', &new[nl - back..]).map_or(nl, |i| nl - back + i + 1);
    (head, tail.max(head))
}

/// The length of the longest run `0..len` of positions where `eq_one(i)` holds from the
/// start, checked a block at a time with `eq_block(i, k)` (positions `i..i + k`) first.
fn common_run(
    len: usize,
    eq_block: impl Fn(usize, usize) -> bool,
    eq_one: impl Fn(usize) -> bool,
) -> usize {
    let mut i = 0;
    for k in [4096, 256, 16] {
        while i + k <= len && eq_block(i, k) {
            i += k;
        }
    }
    while i < len && eq_one(i) {
        i += 1;
    }
    i
}

/// The same lines as [`lines`], found with `memchr`.
fn line_list(content: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::with_capacity(content.len() / 32 + 1);
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', content) {
        let l = &content[start..nl];
        out.push(l.strip_suffix(b"\r").unwrap_or(l));
        start = nl + 1;
    }
    if start < content.len() {
        let l = &content[start..];
        out.push(l.strip_suffix(b"\r").unwrap_or(l));
    }
    out
}

/// Lines without their `\n` / `\r\n` terminators (a final empty piece is dropped).
#[cfg(test)]
fn lines(content: &[u8]) -> impl Iterator<Item = &[u8]> {
    let trimmed = content.strip_suffix(b"\n").unwrap_or(content);
    let empty = content.is_empty();
    trimmed
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .filter(move |_| !empty)
}

/// Every file in the index (or HEAD's tree when `head`), whole: used when there is no diff to
/// look at (`pre-commit run --all-files`, `keepmum baseline`).
pub fn tracked(repo: &Repository, head: bool) -> Result<Vec<Change>> {
    let mut out = Vec::new();
    if head {
        let tree = match repo.head() {
            Ok(h) => h
                .peel_to_tree()
                .map_err(|e| Error::git("cannot read HEAD's tree", e))?,
            Err(_) => return Ok(out),
        };
        tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
            if let Some(oid) = file_blob(entry) {
                out.push(Change {
                    path: format!("{dir}{}", entry.name().unwrap_or("")),
                    oid: Some(oid),
                    old: None,
                    added: Added::All,
                    from: None,
                });
            }
            git2::TreeWalkResult::Ok
        })
        .map_err(|e| Error::git("cannot walk HEAD's tree", e))?;
    } else {
        if repo.is_bare() && std::env::var_os("GIT_INDEX_FILE").is_none() {
            // No index: an empty list would be a false all-clear.
            return Err(Error::Usage(
                "a bare repository has no index, so nothing is tracked there: use `scan --all` or `scan --range A..B` for its history".into(),
            ));
        }
        check_index_file()?;
        let Ok(index) = repo.index() else {
            // An index libgit2 cannot read (sparse, split): git lists it.
            return super::cli::tracked();
        };
        for e in index.iter() {
            if !is_file_mode(e.mode) {
                continue;
            }
            out.push(Change {
                path: crate::text::path_text(&e.path),
                oid: Some(e.id),
                old: None,
                added: Added::All,
                from: None,
            });
        }
    }
    Ok(out)
}

/// Resolves a revision to a commit id.
pub fn resolve_commit(repo: &Repository, spec: &str) -> Result<Oid> {
    let obj = repo
        .revparse_single(spec)
        .map_err(|e| Error::git(format!("unknown revision `{spec}`"), e))?;
    obj.peel_to_commit()
        .map(|c| c.id())
        .map_err(|e| Error::git(format!("`{spec}` is not a commit"), e))
}

/// Commits reachable from `include` but not from `exclude`, oldest first.
pub fn walk(repo: &Repository, include: &[Oid], exclude: &[Oid]) -> Result<Vec<Oid>> {
    let mut rw = repo
        .revwalk()
        .map_err(|e| Error::git("cannot walk history", e))?;
    // No topological sort: it would hold the whole graph before yielding the first commit.
    // The walk streams newest first; reversing the id list gives oldest first.
    rw.set_sorting(Sort::NONE)
        .map_err(|e| Error::git("cannot walk history", e))?;
    for o in include {
        rw.push(*o)
            .map_err(|e| Error::git(format!("cannot walk from {o}"), e))?;
    }
    for o in exclude {
        // An excluded id the repository does not have (e.g. a just-deleted ref) is ignored.
        let _ = rw.hide(*o);
    }
    let mut ids = rw
        .map(|r| r.map_err(|e| Error::git("cannot walk history", e)))
        .collect::<Result<Vec<Oid>>>()?;
    ids.reverse();
    Ok(ids)
}

/// The commits of a range `A..B` (or just `B`'s whole history when no `..`).
pub fn range(repo: &Repository, spec: &str) -> Result<Vec<Oid>> {
    if let Some((a, b)) = spec.split_once("..") {
        let b = b.trim_start_matches('.');
        let to = resolve_commit(repo, if b.is_empty() { "HEAD" } else { b })?;
        let from = resolve_commit(repo, if a.is_empty() { "HEAD" } else { a })?;
        walk(repo, &[to], &[from])
    } else {
        let to = resolve_commit(repo, spec)?;
        walk(repo, &[to], &[])
    }
}

/// Every commit reachable from any ref (and HEAD).
pub fn all_commits(repo: &Repository) -> Result<Vec<Oid>> {
    let mut tips = ref_tips(repo)?;
    if let Ok(h) = repo.head() {
        if let Ok(c) = h.peel_to_commit() {
            tips.push(c.id());
        }
    }
    tips.sort();
    tips.dedup();
    walk(repo, &tips, &[])
}

/// The commits every ref (branches, tags, everything under refs/) points at, peeled.
pub fn ref_tips(repo: &Repository) -> Result<Vec<Oid>> {
    let mut tips = Vec::new();
    let refs = repo
        .references()
        .map_err(|e| Error::git("cannot list refs", e))?;
    for r in refs.flatten() {
        if let Ok(c) = r.peel_to_commit() {
            tips.push(c.id());
        }
    }
    Ok(tips)
}

/// A blob's content: from libgit2's object store, or from git (see [`read_blob`]).
pub enum BlobData<'r> {
    /// Read by libgit2.
    Git(git2::Blob<'r>),
    /// Read (and, in a partial clone, fetched) by `git cat-file`.
    Owned(Vec<u8>),
    /// Rebuilt from the packs by a worker's [`super::pack::PackReader`].
    Shared(std::sync::Arc<Vec<u8>>),
}

impl BlobData<'_> {
    /// The bytes.
    pub fn content(&self) -> &[u8] {
        match self {
            BlobData::Git(b) => b.content(),
            BlobData::Owned(v) => v,
            BlobData::Shared(v) => v,
        }
    }
}

/// Reads a blob; one missing from the object store (a partial clone's, left on its promisor
/// remote) is asked of git, which fetches it. `Ok(Err(why))`: nobody can produce it (the
/// caller reports the file as unreadable: never clean).
pub fn read_blob<'r>(
    repo: &'r Repository,
    oid: Oid,
    path: &str,
) -> Result<std::result::Result<BlobData<'r>, String>> {
    match repo.find_blob(oid) {
        Ok(b) => Ok(Ok(BlobData::Git(b))),
        Err(e) if e.code() == git2::ErrorCode::NotFound => {
            Ok(super::cli::blob(oid)?.map(BlobData::Owned))
        }
        Err(e) => Err(Error::git(
            format!("cannot read the blob of {path} ({oid})"),
            e,
        )),
    }
}

/// Reads a blob's bytes.
pub fn blob(repo: &Repository, oid: Oid, path: &str) -> Result<Vec<u8>> {
    let b = repo
        .find_blob(oid)
        .map_err(|e| Error::git(format!("cannot read the blob of {path} ({oid})"), e))?;
    Ok(b.content().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition `added_lines` implements: every line of `new` whose text is not a line
    /// of `old`.
    fn reference(old: &[u8], new: &[u8]) -> Added {
        let known: HashSet<&[u8]> = lines(old).collect();
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        for (i, line) in lines(new).enumerate() {
            if known.contains(line) {
                continue;
            }
            let n = i as u32 + 1;
            match ranges.last_mut() {
                Some((_, e)) if *e + 1 == n => *e = n,
                _ => ranges.push((n, n)),
            }
        }
        Added::Ranges(ranges)
    }

    #[test]
    fn added_lines_are_the_lines_whose_text_is_new() {
        type Case = (&'static [u8], &'static [u8], Vec<(u32, u32)>);
        let cases: [Case; 7] = [
            (b"a\nb\nc\n", b"a\nb\nc\n", vec![]),
            (b"a\nb\nc\n", b"a\nx\nb\nc\n", vec![(2, 2)]),
            (b"a\nb\nc\n", b"c\nb\na\n", vec![]),
            (b"a\r\nb\r\n", b"a\nb\nz", vec![(3, 3)]),
            (b"", b"a\n\n", vec![(1, 2)]),
            (b"a\n\nb\n", b"\n\n\na\n", vec![]),
            (b"x\n", b"", vec![]),
        ];
        for (old, new, want) in cases {
            assert_eq!(
                added_lines(old, new),
                Added::Ranges(want.clone()),
                "{old:?} -> {new:?}"
            );
            assert_eq!(reference(old, new), Added::Ranges(want));
        }
    }

    #[test]
    fn line_list_splits_as_lines_does() {
        let mut s: u64 = 0x2545_f491_4f6c_dd1d;
        for len in (0..300).chain([1000, 4099]) {
            let content: Vec<u8> = (0..len)
                .map(|_| {
                    s ^= s << 13;
                    s ^= s >> 7;
                    s ^= s << 17;
                    b"ab\r\n\n"[(s % 5) as usize]
                })
                .collect();
            let want: Vec<&[u8]> = lines(&content).collect();
            assert_eq!(line_list(&content), want, "{content:?}");
        }
    }

    #[test]
    fn parses_commit_and_tree_objects() {
        let t = "0123456789abcdef0123456789abcdef01234567";
        let p = "89abcdef0123456789abcdef0123456789abcdef";
        let c = format!("tree {t}\nparent {p}\nparent {t}\nauthor a <a> 1 +0000\n");
        let (tree, parents) = parse_commit(c.as_bytes()).unwrap();
        assert_eq!(tree.to_string(), t);
        assert_eq!(parents.len(), 2);
        assert_eq!(parents[0].to_string(), p);
        for (text, ok) in [
            (format!("tree {t}\nauthor a"), true),
            (format!("tree {t}\nparent {p}\ncommitter x"), false),
            (format!("tree {}\nauthor a", &t[..39]), false),
            (format!("parent {p}\ntree {t}\nauthor a"), false),
            (format!("tree {t}\nparent {}x\nauthor a", &p[..39]), false),
        ] {
            assert_eq!(parse_commit(text.as_bytes()).is_some(), ok, "{text}");
        }
        let oid = [7u8; 20];
        let entry = |mode: &str, name: &[u8]| {
            let mut v = format!("{mode} ").into_bytes();
            v.extend_from_slice(name);
            v.push(0);
            v.extend_from_slice(&oid);
            v
        };
        let mut tree = entry("100644", b"a.py");
        tree.extend(entry("40000", b"dir"));
        tree.extend(entry("100664", b"old"));
        let got = parse_tree(&tree).unwrap();
        assert_eq!(got.len(), 3);
        assert!(got[1].is_dir() && got[1].file_blob().is_none());
        assert_eq!(got[2].mode, 0o100644);
        assert!(got[0].file_blob().is_some());
        for bad in [
            entry("100645", b"x"),
            entry("100644", b""),
            entry("100644", b"a/b"),
            entry("1006440", b"x"),
            entry("100644", b"x")[..10].to_vec(),
        ] {
            assert!(parse_tree(&bad).is_none(), "{bad:?}");
        }
        // Tree order: a directory sorts as if its name ended in `/`.
        let e = |name: &'static [u8], mode| RawEntry {
            name,
            mode,
            oid: Oid::from_bytes(&oid).unwrap(),
        };
        for (a, am, b, bm) in [
            (&b"a"[..], 0o100644, &b"a.b"[..], 0o100644),
            (b"a.b", 0o100644, b"a", 0o040000),
            (b"a", 0o040000, b"a0", 0o100644),
            (b"a", 0o100644, b"a", 0o040000),
        ] {
            let want = tree_key(a, am == 0o040000).cmp(&tree_key(b, bm == 0o040000));
            assert_eq!(raw_order(&e(a, am), &e(b, bm)), want);
        }
    }

    #[test]
    fn added_lines_agree_with_the_definition_on_random_edits() {
        // Seeded xorshift: files of short lines from a small alphabet, so lines repeat, move and
        // collide in length, edited by inserting, deleting and replacing lines.
        let mut s: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |n: u64| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s % n
        };
        for round in 0..3000 {
            // Some long files too, so the common ends are compared a block at a time.
            let n = if round % 5 == 0 { next(3000) } else { next(60) } as usize;
            let mut old: Vec<Vec<u8>> = Vec::new();
            // Every other round, lines of 4 to 7 bytes (few changed lines of that length
            // are looked for in the old version whole).
            let min = if round % 2 == 1 { 4 } else { 0 };
            for _ in 0..n {
                let len = min + next(4) as usize;
                old.push((0..len).map(|_| b"ab\r"[next(3) as usize]).collect());
            }
            let mut new = old.clone();
            for _ in 0..next(8) {
                let at = next(new.len() as u64 + 1) as usize;
                match next(3) {
                    0 => new.insert(
                        at,
                        (0..min as u64 + next(5))
                            .map(|_| b"abc"[next(3) as usize])
                            .collect(),
                    ),
                    1 if at < new.len() => {
                        new.remove(at);
                    }
                    _ if at < new.len() => new[at].push(b'c'),
                    _ => {}
                }
            }
            let join = |v: &[Vec<u8>], end: bool| {
                let mut b = v.join(&b'\n');
                if end && !v.is_empty() {
                    b.push(b'\n');
                }
                b
            };
            let (o, w) = (join(&old, next(2) == 0), join(&new, next(2) == 0));
            assert_eq!(added_lines(&o, &w), reference(&o, &w), "{o:?} -> {w:?}");
        }
    }
}
