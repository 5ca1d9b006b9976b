//! History scans (`scan --range`, `scan --all`, `pre-push`, `pre-receive`): every commit's
//! changes against its first parent, spread over worker threads.
//!
//! Each worker keeps one repository handle for the whole scan (libgit2 handles are not shared
//! between threads), so its object cache carries over from commit to commit: the old version
//! of a modified file is usually the new version a recent commit of the same worker read. The
//! engine's [`crate::deadline::Deadline`] is checked before each commit, each file and inside
//! files, so a time budget ends a scan within a fraction of a second of running out, and the
//! scan says so.
//!
//! Memory stays bounded however long the history: workers fold their outcomes as they go, so
//! what is held is the findings, not a record per commit.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use git2::{Oid, Repository};
use rayon::prelude::*;

use crate::engine::{Engine, Outcome};
use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::source::git;
use crate::source::pack::{PackReader, Packs};

/// The latest version a worker read of each file, kept so that the next commit changing the
/// file finds its old version here instead of reading it from the packs again: packs store
/// a file's versions as deltas, and a version no longer in the pack reader's cache is rebuilt
/// through its whole delta chain. A version is kept while it is the latest the worker read at
/// some path (so as long as it is pending as the old side of that file's next change), not
/// merely while it is among the last bytes read: on the sentry-sdk history, the 28 % of old
/// versions a 4 MiB queue of the last versions read missed cost more than half of the bytes
/// the pack reader inflated, re-walking their chains; the working set of latest versions fits
/// in [`RecentBlobs::BUDGET`] (the sentry-sdk tree is 7.6 MB). Bounded: at most
/// [`RecentBlobs::BUDGET`] bytes of content and path entries, the least recently changed
/// path out first.
#[derive(Debug, Default)]
pub struct RecentBlobs {
    /// Kept versions: content, and how many paths have it as their latest version.
    blobs: HashMap<Oid, (Arc<Vec<u8>>, usize)>,
    /// The latest version read at each path, and the tick of that read.
    paths: HashMap<String, (Oid, u64)>,
    /// (tick, path) in order of reads, oldest first, for eviction: an entry whose tick is not
    /// the path's current one is stale and skipped.
    order: VecDeque<(u64, String)>,
    tick: u64,
    /// Bytes charged: content kept plus [`RecentBlobs::PATH_COST`] and the name per path.
    bytes: usize,
    /// The worker's reader of the packs, which keeps the versions it rebuilt along delta
    /// chains (see [`crate::source::pack`]).
    packs: Option<PackReader>,
    /// Whether commits and trees may be read through `packs` too: not in a shallow clone or
    /// under grafts, where libgit2 gives some commits other parents than the stored ones.
    commits_packed: bool,
}

impl RecentBlobs {
    /// Recent versions, and a reader of `repo`'s packs for the others.
    pub fn for_repo(repo: &Repository) -> RecentBlobs {
        Self::with_packs(repo, Arc::new(Packs::open(repo)))
    }

    /// Recent versions, and a reader of `packs` (opened once for all workers) for the others.
    pub fn with_packs(repo: &Repository, packs: Arc<Packs>) -> RecentBlobs {
        let grafted = repo.is_shallow() || repo.commondir().join("info").join("grafts").exists();
        RecentBlobs {
            packs: Some(PackReader::with_packs(packs)),
            commits_packed: !grafted,
            ..RecentBlobs::default()
        }
    }

    /// Blob `oid` from the packs, when the pack reader can rebuild it (otherwise libgit2
    /// reads it).
    pub fn packed(&mut self, oid: Oid) -> Option<Arc<Vec<u8>>> {
        self.packs.as_mut()?.blob(oid)
    }

    /// The pack reader, for commits and trees, when they may be read through it.
    fn commit_reader(&mut self) -> Option<&mut PackReader> {
        if self.commits_packed {
            self.packs.as_mut()
        } else {
            None
        }
    }

    /// Bytes of file content (and path entries) kept per worker.
    pub const BUDGET: usize = 8 << 20;
    /// Bytes charged per kept path besides its name (the entries in the maps and the queue).
    const PATH_COST: usize = 96;

    /// The content of `oid`, if kept.
    pub fn get(&self, oid: Oid) -> Option<&[u8]> {
        self.blobs.get(&oid).map(|v| v.0.as_slice())
    }

    /// Bytes charged now (at most [`RecentBlobs::BUDGET`]).
    pub fn kept_bytes(&self) -> usize {
        self.bytes
    }

    /// Keeps `blob` as `oid`'s content and as the latest version at `path`, in place of the
    /// version kept there before (a version larger than a sixteenth of the budget is not
    /// kept; one the pack reader rebuilt is shared with it, not copied).
    pub fn insert(&mut self, path: &str, oid: Oid, blob: &git::BlobData) {
        self.tick += 1;
        let tick = self.tick;
        if let Some(e) = self.paths.get_mut(path) {
            if e.0 == oid {
                e.1 = tick;
                self.order.push_back((tick, path.to_string()));
                self.compact();
                return;
            }
        }
        // The version kept at `path` is superseded.
        self.drop_path(path);
        let content = blob.content();
        // Charged as if the content were new: eviction may drop the other paths that have it.
        let cost = Self::PATH_COST + path.len() + content.len();
        if content.len() > Self::BUDGET / 16 || cost > Self::BUDGET {
            return;
        }
        while self.bytes + cost > Self::BUDGET {
            let Some((t, old)) = self.order.pop_front() else {
                break;
            };
            if self.paths.get(&old).is_some_and(|e| e.1 == t) {
                self.drop_path(&old);
            }
        }
        // Eviction may have dropped `oid` (held by another path), so it is looked up again.
        let entry = self.blobs.entry(oid).or_insert_with(|| {
            let kept = match blob {
                git::BlobData::Shared(v) => Arc::clone(v),
                _ => Arc::new(content.to_vec()),
            };
            (kept, 0)
        });
        if entry.1 == 0 {
            self.bytes += entry.0.len();
        }
        entry.1 += 1;
        self.bytes += Self::PATH_COST + path.len();
        self.paths.insert(path.to_string(), (oid, tick));
        self.order.push_back((tick, path.to_string()));
        self.compact();
    }

    /// Forgets the version kept at `path`, and its content when no other path has it.
    fn drop_path(&mut self, path: &str) {
        let Some((oid, _)) = self.paths.remove(path) else {
            return;
        };
        self.bytes -= Self::PATH_COST + path.len();
        if let Some(e) = self.blobs.get_mut(&oid) {
            e.1 -= 1;
            if e.1 == 0 {
                self.bytes -= e.0.len();
                self.blobs.remove(&oid);
            }
        }
    }

    /// Drops the queue's stale entries once they outnumber the live ones (so the queue stays
    /// within a constant factor of the paths kept).
    fn compact(&mut self) {
        if self.order.len() > 2 * self.paths.len() + 1024 {
            let paths = &self.paths;
            self.order
                .retain(|(t, p)| paths.get(p).is_some_and(|e| e.1 == *t));
        }
    }
}

/// One repository handle per worker thread, opened on first use (libgit2 handles are not
/// shared between threads). Each slot's lock is only ever taken by its own thread.
struct Handles<F> {
    open: F,
    slots: Vec<Mutex<Option<(Repository, RecentBlobs)>>>,
    /// The packs and their indexes, opened by the first worker for all of them.
    packs: OnceLock<Arc<Packs>>,
}

impl<F> Handles<F>
where
    F: Fn() -> Result<Repository> + Sync,
{
    fn new(open: F) -> Self {
        let n = rayon::current_num_threads() + 1;
        Handles {
            open,
            slots: (0..n).map(|_| Mutex::new(None)).collect(),
            packs: OnceLock::new(),
        }
    }

    fn with<R>(&self, f: impl FnOnce(&Repository, &mut RecentBlobs) -> Result<R>) -> Result<R> {
        let i = rayon::current_thread_index()
            .filter(|&i| i + 1 < self.slots.len())
            .unwrap_or(self.slots.len() - 1);
        let mut slot = self.slots[i].lock().unwrap_or_else(|p| p.into_inner());
        if slot.is_none() {
            let repo = (self.open)().map_err(|e| {
                Error::Usage(format!("cannot open the repository in a worker: {e}"))
            })?;
            let packs = self
                .packs
                .get_or_init(|| Arc::new(Packs::open(&repo)))
                .clone();
            let recent = RecentBlobs::with_packs(&repo, packs);
            *slot = Some((repo, recent));
        }
        match slot.as_mut() {
            Some((r, recent)) => f(r, recent),
            None => Err(Error::Usage("no repository handle".into())),
        }
    }
}

impl Engine {
    /// Scans commits in parallel, each against its first parent (see the module
    /// documentation). `open` opens one repository handle per worker thread. An
    /// [`Engine::deadline`] that runs out (between commits or inside one) stops the scan and
    /// leaves `outcome.incomplete` set.
    pub fn scan_commits<F>(&self, open: F, commits: &[Oid], progress: bool) -> Result<Outcome>
    where
        F: Fn() -> Result<Repository> + Sync,
    {
        let deadline = &self.deadline;
        let handles = Handles::new(open);
        let order = handles.with(|repo, recent| {
            let mut reader = recent.commit_reader();
            Ok(parents_first(commits, |oid| {
                git::commit_parents(repo, reader.as_deref_mut(), oid)
            }))
        })?;
        let done = AtomicUsize::new(0);
        let total = commits.len();
        let last_draw = Mutex::new(Instant::now());
        let merged: Result<Outcome> = order
            .par_iter()
            .map(|oid| {
                if deadline.expired() {
                    return Ok(Outcome::default());
                }
                let o = handles.with(|repo, recent| self.scan_commit(repo, recent, *oid))?;
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                if progress {
                    if let Ok(mut t) = last_draw.try_lock() {
                        if t.elapsed() > Duration::from_millis(100) || n == total {
                            *t = Instant::now();
                            eprint!("\rkeepmum: scanned {n}/{total} commits");
                        }
                    }
                }
                Ok(o)
            })
            // Folded as it goes: memory holds findings, not one record per commit.
            .try_reduce(Outcome::default, |mut a, b| {
                a.merge(b);
                Ok(a)
            });
        if progress && total > 0 {
            eprintln!("\rkeepmum: scanned {total}/{total} commits");
        }
        let mut outcome = merged?;
        if deadline.was_hit() {
            outcome.incomplete = Some(format!(
                "time budget of {} ran out after {} of {} commits",
                crate::deadline::show_duration(deadline.budget().unwrap_or_default()),
                outcome.commits,
                total
            ));
        }
        sort_by_commit(&mut outcome.findings, commits);
        Ok(outcome)
    }

    /// Scans one commit against its first parent. A commit the deadline cut short keeps the
    /// findings found so far (they block all the same) but is not counted as scanned.
    fn scan_commit(
        &self,
        repo: &Repository,
        recent: &mut RecentBlobs,
        oid: Oid,
    ) -> Result<Outcome> {
        let mut o = Outcome::default();
        let changes = git::commit_changes_with(repo, recent.commit_reader(), oid)?;
        let id = oid.to_string();
        for ch in &changes {
            if self.deadline.expired() {
                break;
            }
            self.scan_change_with(repo, ch, Some(&id), &mut o, Some(recent))?;
        }
        // The path checks (one finding per committed environment) and the files a changed
        // requirements file includes, over the commit's whole list of changes.
        if !self.deadline.expired() {
            self.scan_new_paths(&changes, Some(&id), &mut o);
            self.scan_includes(repo, &changes, Some(&id), &mut o)?;
        }
        o.commits = usize::from(!self.deadline.was_hit());
        Ok(o)
    }
}

/// `commits` reordered so that every commit comes after those of its parents that are in the
/// list (a depth-first walk down the parents, in the list's order where it already is so):
/// the order the scan reads them in. The walk lists commits by date, and dates need not
/// follow the graph (rebases, imports, clock skew); read child before parent, a modified
/// file's old version is not among the recent versions yet and is rebuilt from the packs
/// through its delta chain (on the sentry-sdk history, 2.4k of the 5.4k old versions not
/// found among the recent ones were of commits read later). Findings are still reported in
/// the list's order. Linear in the commits and their parent links.
fn parents_first(commits: &[Oid], mut parents: impl FnMut(Oid) -> Vec<Oid>) -> Vec<Oid> {
    let mut index: HashMap<Oid, usize> = HashMap::with_capacity(commits.len());
    for (i, o) in commits.iter().enumerate() {
        index.entry(*o).or_insert(i);
    }
    // Each commit's parents, as places in the list (parents outside it are not waited for).
    let links: Vec<Vec<usize>> = commits
        .iter()
        .map(|o| {
            parents(*o)
                .iter()
                .filter_map(|p| index.get(p).copied())
                .collect()
        })
        .collect();
    // 0: not reached, 1: on the stack, 2: listed.
    let mut state = vec![0u8; commits.len()];
    let mut out = Vec::with_capacity(commits.len());
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for root in 0..commits.len() {
        if state[root] != 0 {
            continue;
        }
        state[root] = 1;
        stack.push((root, 0));
        while let Some(top) = stack.last_mut() {
            let (v, next) = *top;
            if let Some(&p) = links[v].get(next) {
                top.1 += 1;
                // A parent on the stack would be a cycle, which git's graph cannot have.
                if state[p] == 0 {
                    state[p] = 1;
                    stack.push((p, 0));
                }
            } else {
                state[v] = 2;
                out.push(commits[v]);
                stack.pop();
            }
        }
    }
    out
}

/// Oldest commit first, as the walk listed them, then path and line. Only the commits with
/// findings get a position: a map over every commit would grow with the history.
fn sort_by_commit(findings: &mut [Finding], commits: &[Oid]) {
    let wanted: HashSet<Oid> = findings
        .iter()
        .filter_map(|f| f.commit.as_deref())
        .filter_map(|c| Oid::from_str(c).ok())
        .collect();
    let order: HashMap<String, usize> = commits
        .iter()
        .enumerate()
        .filter(|(_, o)| wanted.contains(o))
        .map(|(i, o)| (o.to_string(), i))
        .collect();
    let pos = |f: &Finding| {
        f.commit
            .as_ref()
            .and_then(|c| order.get(c))
            .copied()
            .unwrap_or(0)
    };
    findings.sort_by(|a, b| {
        (pos(a), &a.path, a.line, a.column).cmp(&(pos(b), &b.path, b.line, b.column))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::template::SplitMix64;

    fn id(i: u64) -> Oid {
        let mut b = [0u8; 20];
        b[..8].copy_from_slice(&i.to_be_bytes());
        b[19] = 1;
        Oid::from_bytes(&b).unwrap()
    }

    /// Whatever the list's order, every commit comes after its parents that are in the list,
    /// each exactly as often as it is listed; a list already in that order is kept as it is.
    #[test]
    fn parents_come_first_in_the_scan_order() {
        let mut rng = SplitMix64::new(15);
        for round in 0..50 {
            let n = 1 + (rng.next_u64() % 300) as usize;
            // A graph: each commit's parents are earlier commits (some outside the list).
            let parents: Vec<Vec<Oid>> = (0..n)
                .map(|i| {
                    let k = if i == 0 { 0 } else { 1 + rng.next_u64() % 2 };
                    let mut ps: Vec<Oid> = (0..k).map(|_| id(rng.next_u64() % i as u64)).collect();
                    if rng.next_u64() % 7 == 0 {
                        ps.push(id(10_000 + i as u64)); // not in the list
                    }
                    ps
                })
                .collect();
            let of = |o: Oid| -> Vec<Oid> {
                let i = u64::from_be_bytes(o.as_bytes()[..8].try_into().unwrap()) as usize;
                parents.get(i).cloned().unwrap_or_default()
            };
            let topo: Vec<Oid> = (0..n as u64).map(id).collect();
            assert_eq!(parents_first(&topo, of), topo, "round {round}");
            // Shuffled, with a few commits listed twice.
            let mut list = topo.clone();
            for i in (1..list.len()).rev() {
                list.swap(i, (rng.next_u64() % (i as u64 + 1)) as usize);
            }
            if round % 3 == 0 {
                list.push(list[0]);
            }
            let order = parents_first(&list, of);
            let (mut a, mut b) = (order.clone(), list.clone());
            a.sort();
            b.sort();
            assert_eq!(a, b, "round {round}: not the same commits");
            let mut seen = HashSet::new();
            for o in &order {
                for p in of(*o) {
                    assert!(
                        seen.contains(&p) || !list.contains(&p),
                        "round {round}: {o} before its parent {p}"
                    );
                }
                seen.insert(*o);
            }
        }
    }

    fn shared(bytes: usize, fill: u8) -> git::BlobData<'static> {
        git::BlobData::Shared(Arc::new(vec![fill; bytes]))
    }

    /// A path keeps its latest version only, as long as the budget allows; a version two
    /// paths have stays until both moved on; versions too large are not kept but still
    /// replace the one before; and however many paths, the budget holds.
    #[test]
    fn recent_versions_are_the_latest_per_path_within_the_budget() {
        let mut r = RecentBlobs::default();
        r.insert("a.py", id(1), &shared(100, b'1'));
        r.insert("b.py", id(1), &shared(100, b'1'));
        assert_eq!(r.get(id(1)), Some(&[b'1'; 100][..]));
        r.insert("a.py", id(2), &shared(10, b'2'));
        assert!(r.get(id(1)).is_some(), "b.py still has it");
        r.insert("b.py", id(3), &shared(10, b'3'));
        assert!(r.get(id(1)).is_none(), "superseded at both paths");
        assert!(r.get(id(2)).is_some() && r.get(id(3)).is_some());
        let big = RecentBlobs::BUDGET / 16 + 1;
        r.insert("a.py", id(4), &shared(big, b'4'));
        assert!(r.get(id(4)).is_none() && r.get(id(2)).is_none());
        let charged = 10 + RecentBlobs::PATH_COST + "b.py".len();
        assert_eq!(r.kept_bytes(), charged);
        // Many paths, some sharing versions, some empty: bounded, oldest paths out first.
        for i in 0..100_000u64 {
            let size = (i % 5 * 1000) as usize;
            r.insert(
                &format!("dir/{i}.py"),
                id(100 + i % 40_000),
                &shared(size, 0),
            );
            assert!(r.kept_bytes() <= RecentBlobs::BUDGET, "after {i}");
            assert!(r.order.len() <= 2 * r.paths.len() + 1025);
        }
        assert!(r.get(id(3)).is_none(), "the oldest path went first");
        assert!(
            r.get(id(100 + 99_999 % 40_000)).is_some(),
            "the latest is kept"
        );
        // The same version read again at its path is one entry, not two.
        let before = r.kept_bytes();
        r.insert("dir/99999.py", id(100 + 99_999 % 40_000), &shared(4000, 0));
        assert_eq!(r.kept_bytes(), before);
    }
}
