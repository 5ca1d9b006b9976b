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

/// The file versions a worker read last, kept so that the next commit changing the same file
/// finds its old version here instead of reading it from the packs again: packs store a
/// file's older versions as deltas against newer ones, and libgit2 rebuilds each one through
/// its whole delta chain (its delta-base cache keeps only a chain's base). On the sentry-sdk
/// history, 4 MiB per worker finds 72 % of the old versions (2 MiB: 68 %, 32 MiB: 76 %; the
/// rest are first changes of a file in the range). Bounded: at most [`RecentBlobs::BUDGET`]
/// bytes, oldest out first.
#[derive(Debug, Default)]
pub struct RecentBlobs {
    blobs: HashMap<Oid, Arc<Vec<u8>>>,
    order: VecDeque<Oid>,
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

    /// Bytes of file content kept per worker.
    pub const BUDGET: usize = 4 << 20;

    /// The content of `oid`, if kept.
    pub fn get(&self, oid: Oid) -> Option<&[u8]> {
        self.blobs.get(&oid).map(|v| v.as_slice())
    }

    /// Keeps `blob` as `oid`'s content (a version larger than a sixteenth of the budget is
    /// not kept; one the pack reader rebuilt is shared with it, not copied).
    pub fn insert(&mut self, oid: Oid, blob: &git::BlobData) {
        let content = blob.content();
        if content.len() > Self::BUDGET / 16 || self.blobs.contains_key(&oid) {
            return;
        }
        while self.bytes + content.len() > Self::BUDGET {
            let Some(old) = self.order.pop_front() else {
                break;
            };
            if let Some(v) = self.blobs.remove(&old) {
                self.bytes -= v.len();
            }
        }
        self.bytes += content.len();
        let kept = match blob {
            git::BlobData::Shared(v) => Arc::clone(v),
            _ => Arc::new(content.to_vec()),
        };
        self.blobs.insert(oid, kept);
        self.order.push_back(oid);
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
        let done = AtomicUsize::new(0);
        let total = commits.len();
        let last_draw = Mutex::new(Instant::now());
        let merged: Result<Outcome> = commits
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
