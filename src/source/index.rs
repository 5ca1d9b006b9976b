//! The staged changes without reading every tree of HEAD.
//!
//! A diff of the index against HEAD (what libgit2's `diff_tree_to_index` does) walks every
//! tree of HEAD, reading each from the object database: in a fresh repository, one loose
//! object file per directory, on every commit. Git avoids that with the index's cache-tree;
//! this module does the same from the index entries themselves: it computes the id each
//! directory of the index would have as a tree (hashing in memory, nothing is written) and
//! descends into a HEAD tree only where the ids differ. Equal ids mean equal content, so the
//! result is exact; an id computed wrongly would only cost a descent, never a missed change.

use std::collections::BTreeMap;

use git2::{ObjectType, Oid, Repository};

use super::git::{file_blob, is_file_mode, tree_key, TreeDelta};
use crate::error::{Error, Result};

/// A directory of the index, as the tree it would be.
#[derive(Default)]
struct Dir {
    /// Children by name (unordered here; sorted in git's tree order when hashed).
    children: BTreeMap<Vec<u8>, Node>,
    /// The tree id, once computed.
    id: Option<Oid>,
}

enum Node {
    File { mode: u32, id: Oid },
    Dir(Dir),
}

impl Node {
    fn is_dir(&self) -> bool {
        matches!(self, Node::Dir(_))
    }
}

/// The index as a tree of directories, or `None` when it holds unmerged entries (a merge
/// with conflicts): those go through libgit2's diff.
fn build(index: &git2::Index) -> Option<Dir> {
    let mut root = Dir::default();
    for e in index.iter() {
        // Bits 12-13 of the flags hold the stage: non-zero means an unresolved conflict.
        if (e.flags >> 12) & 3 != 0 {
            return None;
        }
        let mut dir = &mut root;
        let mut parts = e.path.split(|&b| b == b'/').peekable();
        while let Some(part) = parts.next() {
            if parts.peek().is_none() {
                dir.children.insert(
                    part.to_vec(),
                    Node::File {
                        mode: e.mode,
                        id: e.id,
                    },
                );
                break;
            }
            let node = dir
                .children
                .entry(part.to_vec())
                .or_insert_with(|| Node::Dir(Dir::default()));
            match node {
                Node::Dir(d) => dir = d,
                // A path both a file and a directory: not a valid index; let libgit2 judge.
                Node::File { .. } => return None,
            }
        }
    }
    Some(root)
}

/// Computes the tree id of `dir` and of every directory below it.
fn hash(dir: &mut Dir) -> Option<Oid> {
    let mut entries: Vec<(Vec<u8>, String, Vec<u8>, Oid)> = Vec::with_capacity(dir.children.len());
    for (name, node) in dir.children.iter_mut() {
        let (mode, id) = match node {
            Node::File { mode, id } => (format!("{mode:o}"), *id),
            Node::Dir(d) => ("40000".to_string(), hash(d)?),
        };
        entries.push((tree_key(name, node.is_dir()), mode, name.clone(), id));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut buf = Vec::with_capacity(entries.len() * 48);
    for (_, mode, name, id) in &entries {
        buf.extend_from_slice(mode.as_bytes());
        buf.push(b' ');
        buf.extend_from_slice(name);
        buf.push(0);
        buf.extend_from_slice(id.as_bytes());
    }
    let id = Oid::hash_object(ObjectType::Tree, &buf).ok()?;
    dir.id = Some(id);
    Some(id)
}

/// File differences between HEAD's tree (`None`: unborn) and the index, or `None` when the
/// index cannot be read this way (conflicts): the caller then uses libgit2's diff.
pub(super) fn staged_deltas(
    repo: &Repository,
    head: Option<&git2::Tree>,
    index: &git2::Index,
) -> Result<Option<Vec<TreeDelta>>> {
    let Some(mut root) = build(index) else {
        return Ok(None);
    };
    if hash(&mut root).is_none() {
        return Ok(None);
    }
    let mut out = Vec::new();
    diff_dir(repo, head, Some(&root), "", &mut out)?;
    Ok(Some(out))
}

/// One side of a name in a directory being compared.
enum Side<'a> {
    Head(git2::TreeEntry<'a>),
    Index(&'a [u8], &'a Node),
}

fn diff_dir(
    repo: &Repository,
    head: Option<&git2::Tree>,
    index: Option<&Dir>,
    prefix: &str,
    out: &mut Vec<TreeDelta>,
) -> Result<()> {
    if let (Some(h), Some(i)) = (head, index) {
        if i.id == Some(h.id()) {
            return Ok(());
        }
    }
    let heads: Vec<(Vec<u8>, git2::TreeEntry)> = head
        .map(|t| {
            t.iter()
                .map(|e| {
                    let k = tree_key(e.name_bytes(), e.kind() == Some(ObjectType::Tree));
                    (k, e)
                })
                .collect()
        })
        .unwrap_or_default();
    let mut idx: Vec<(Vec<u8>, &[u8], &Node)> = index
        .map(|d| {
            d.children
                .iter()
                .map(|(n, node)| (tree_key(n, node.is_dir()), n.as_slice(), node))
                .collect()
        })
        .unwrap_or_default();
    idx.sort_by(|a, b| a.0.cmp(&b.0));
    let (mut i, mut j) = (0, 0);
    while i < heads.len() || j < idx.len() {
        let ord = match (heads.get(i), idx.get(j)) {
            (Some(a), Some(b)) => a.0.cmp(&b.0),
            (Some(_), None) => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Greater,
        };
        let (old, new) = match ord {
            std::cmp::Ordering::Less => {
                i += 1;
                (Some(Side::Head(heads[i - 1].1.clone())), None)
            }
            std::cmp::Ordering::Greater => {
                j += 1;
                (None, Some(Side::Index(idx[j - 1].1, idx[j - 1].2)))
            }
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
                (
                    Some(Side::Head(heads[i - 1].1.clone())),
                    Some(Side::Index(idx[j - 1].1, idx[j - 1].2)),
                )
            }
        };
        name_delta(repo, old, new, prefix, out)?;
    }
    Ok(())
}

/// Compares one name: a file on either side, or a directory to descend into.
fn name_delta(
    repo: &Repository,
    old: Option<Side>,
    new: Option<Side>,
    prefix: &str,
    out: &mut Vec<TreeDelta>,
) -> Result<()> {
    // The same directory or file on both sides: compare ids before reading or building
    // anything (most names of a changed directory are unchanged).
    if let (Some(Side::Head(e)), Some(Side::Index(_, node))) = (&old, &new) {
        let same = match node {
            Node::Dir(d) => e.kind() == Some(ObjectType::Tree) && d.id == Some(e.id()),
            Node::File { mode, id } => *id == e.id() && *mode == e.filemode() as u32,
        };
        if same {
            return Ok(());
        }
    }
    let name = match (&old, &new) {
        (_, Some(Side::Index(n, _))) => crate::text::name_text(n),
        (Some(Side::Head(e)), _) => crate::text::name_text(e.name_bytes()),
        _ => return Ok(()),
    };
    let path = format!("{prefix}{name}");
    // Directories on either side.
    let head_tree = match &old {
        Some(Side::Head(e)) if e.kind() == Some(ObjectType::Tree) => Some(
            repo.find_tree(e.id())
                .map_err(|err| Error::git(format!("cannot read tree {path}"), err))?,
        ),
        _ => None,
    };
    let index_dir = match &new {
        Some(Side::Index(_, Node::Dir(d))) => Some(d),
        _ => None,
    };
    if head_tree.is_some() || index_dir.is_some() {
        diff_dir(
            repo,
            head_tree.as_ref(),
            index_dir,
            &format!("{path}/"),
            out,
        )?;
    }
    // Regular files on either side (symlinks and submodules hold no file content).
    let old_blob = match &old {
        Some(Side::Head(e)) => file_blob(e),
        _ => None,
    };
    let new_blob = match &new {
        Some(Side::Index(_, Node::File { mode, id })) if is_file_mode(*mode) => Some(*id),
        _ => None,
    };
    if old_blob.is_some() || new_blob.is_some() {
        if old_blob.is_some() && old_blob == new_blob {
            return Ok(()); // unchanged, or a mode change only
        }
        out.push(TreeDelta {
            path,
            old: old_blob,
            new: new_blob,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::template::SplitMix64;
    use crate::source::git::{deltas_to_changes, staged_by_diff};
    use crate::source::Change;
    use std::path::Path;

    fn commit_index(repo: &Repository) {
        let mut index = repo.index().unwrap();
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = git2::Signature::now("t", "t@example.com").unwrap();
        let parents: Vec<git2::Commit> = repo
            .head()
            .ok()
            .and_then(|h| h.peel_to_commit().ok())
            .into_iter()
            .collect();
        let refs: Vec<&git2::Commit> = parents.iter().collect();
        repo.commit(Some("HEAD"), &sig, &sig, "c", &tree, &refs)
            .unwrap();
    }

    fn stage_all(repo: &Repository) {
        let mut index = repo.index().unwrap();
        index
            .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
            .unwrap();
        index.update_all(["*"], None).unwrap();
        index.write().unwrap();
    }

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// What a scan would read: (path, new blob, old blob), minus changes with nothing new.
    fn norm(changes: Vec<Change>) -> Vec<(String, String, Option<String>)> {
        let mut v: Vec<_> = changes
            .into_iter()
            .filter(|c| c.old != c.oid)
            .map(|c| {
                (
                    c.path,
                    c.oid.map(|o| o.to_string()).unwrap_or_default(),
                    c.old.map(|o| o.to_string()),
                )
            })
            .collect();
        v.sort();
        v
    }

    /// The id-skipping walk finds exactly what libgit2's full diff finds, over random edits
    /// (new, edited, deleted and moved files, new directories, a file becoming a directory,
    /// mode changes), whenever it does not hand over to libgit2 for rename pairing.
    #[test]
    fn same_changes_as_libgit2() {
        let mut compared = 0;
        for seed in 0..40u64 {
            let mut rng = SplitMix64::new(seed);
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path();
            let repo = Repository::init(root).unwrap();
            let dirs = ["", "a", "a/b", "a/b/c", "d", "d/e", "f-g", "f.h"];
            let mut files = Vec::new();
            for i in 0..30 {
                let d = dirs[(rng.next_u64() % dirs.len() as u64) as usize];
                let name = format!("{d}{}file{i}.txt", if d.is_empty() { "" } else { "/" });
                write(root, &name, &format!("line {i}\n"));
                files.push(name);
            }
            stage_all(&repo);
            commit_index(&repo);
            for (k, f) in files.iter().enumerate() {
                match rng.next_u64() % 10 {
                    0 => write(root, f, &format!("line {k}\nnew {seed}\n")),
                    1 if seed % 4 == 0 => std::fs::remove_file(root.join(f)).unwrap(),
                    2 => {
                        use std::os::unix::fs::PermissionsExt;
                        let p = root.join(f);
                        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755))
                            .unwrap();
                    }
                    3 if seed % 3 == 0 => {
                        // Exact move into another directory.
                        let to = format!("moved/{k}.txt");
                        write(root, &to, &std::fs::read_to_string(root.join(f)).unwrap());
                        std::fs::remove_file(root.join(f)).unwrap();
                    }
                    _ => {}
                }
            }
            write(root, &format!("new{seed}/x/y.txt"), "fresh\n");
            write(root, "a/b/added.txt", &format!("added {seed}\n"));
            if seed % 5 == 0 && root.join(&files[0]).exists() {
                // A file turns into a directory of the same name.
                let f = &files[0];
                std::fs::remove_file(root.join(f)).unwrap();
                write(root, &format!("{f}/inner.txt"), "inner\n");
            }
            stage_all(&repo);
            let index = repo.index().unwrap();
            let head = repo.head().unwrap().peel_to_tree().unwrap();
            let quick = staged_deltas(&repo, Some(&head), &index)
                .unwrap()
                .expect("no conflicts");
            let full = staged_by_diff(&repo, Some(&head), &index).unwrap();
            if let Some(q) = deltas_to_changes(quick) {
                assert_eq!(norm(q), norm(full), "seed {seed}");
                compared += 1;
            }
            // Unborn HEAD: everything is new, both ways.
            let quick = staged_deltas(&repo, None, &index).unwrap().unwrap();
            let q = deltas_to_changes(quick).expect("nothing deleted");
            let full = staged_by_diff(&repo, None, &index).unwrap();
            assert_eq!(norm(q), norm(full), "seed {seed}, unborn");
        }
        assert!(compared >= 15, "only {compared} seeds compared");
    }

    #[test]
    fn unchanged_index_reads_no_tree() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        write(dir.path(), "a/b/c.txt", "x\n");
        write(dir.path(), "d.txt", "y\n");
        stage_all(&repo);
        commit_index(&repo);
        let index = repo.index().unwrap();
        let mut root = build(&index).unwrap();
        let head = repo.head().unwrap().peel_to_tree().unwrap();
        assert_eq!(hash(&mut root), Some(head.id()));
        let d = staged_deltas(&repo, Some(&head), &index).unwrap().unwrap();
        assert!(d.is_empty());
    }
}
