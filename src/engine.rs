//! Ties the stages together: source → scan → filter. An [`Engine`] is built once per run from
//! the config and scans changes from any source into an [`Outcome`].

use rayon::prelude::*;

use crate::allow::{self, IgnoreFile};
use crate::config::Config;
use crate::deadline::{show_duration, Deadline};
use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::scan::{decode, Added, Scanner};
use crate::source::{git, Change};

// History scans (`Engine::scan_commits`) live in `crate::history`.
use crate::history::RecentBlobs;

/// Why a file was not scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkipKind {
    /// A text file over `max-file-size` (fails the scan unless `on-large-file: skip`).
    TooLarge,
    /// Content that could not be read (always fails the scan).
    Unreadable,
}

/// What was not scanned: a file, or a commit or tag message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unscanned {
    /// A file (a file version, in history modes).
    File,
    /// The message of the commit or tag object `commit` (of the commit being made when
    /// `commit` is `None`: the `commit-msg` hook).
    Message,
}

/// A file or message that was not scanned, and why.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Skipped {
    /// The path (`(message)` for a message).
    pub path: String,
    /// The commit it belongs to, in history modes (for a message: its commit or tag object).
    pub commit: Option<String>,
    /// Whether this is a file or a message.
    pub object: Unscanned,
    /// What kind of skip this is (decides the verdict).
    pub kind: SkipKind,
    /// Why, in words: `N bytes is over max-file-size (M bytes)`...
    pub reason: String,
}

/// What a scan found and what it could not look at.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Findings after every allow list, sorted.
    pub findings: Vec<Finding>,
    /// Files that were not scanned (too large, unreadable).
    pub skipped: Vec<Skipped>,
    /// Files (file versions) scanned.
    pub files: usize,
    /// Commits scanned (history modes).
    pub commits: usize,
    /// Commit and tag messages scanned.
    pub messages: usize,
    /// Set when the scan stopped early (time budget); the verdict must not be "clean".
    pub incomplete: Option<String>,
}

impl Outcome {
    /// Adds another outcome's findings and counts to this one.
    pub fn merge(&mut self, other: Outcome) {
        self.findings.extend(other.findings);
        self.skipped.extend(other.skipped);
        self.files += other.files;
        self.commits += other.commits;
        self.messages += other.messages;
        if self.incomplete.is_none() {
            self.incomplete = other.incomplete;
        }
    }
}

/// A compiled config plus the ignore file: everything needed to scan.
#[derive(Debug)]
pub struct Engine {
    /// The resolved config.
    pub config: Config,
    scanner: Scanner,
    /// Accepted fingerprints.
    pub ignore: IgnoreFile,
    /// Extra fingerprints accepted for this run (push options).
    pub extra_allowed: Vec<String>,
    /// When scans must stop (a time budget): checked between commits, between files and
    /// inside files. A scan that hit it leaves `deadline.was_hit()` set.
    pub deadline: Deadline,
    /// Whether inline allow markers let findings through (see [`Engine::set_inline_markers`]).
    honour_markers: bool,
}

/// Whether `content` is binary: a NUL byte in the first 8000 bytes, as git decides, unless it
/// is UTF-16/32 text or text apart from NUL bytes (see [`decode`]). A binary file is still
/// scanned, on its printable runs.
pub fn is_binary(content: &[u8]) -> bool {
    decode::detect(content) == decode::Encoding::Binary
}

impl Engine {
    /// Builds the scanner from the config (the rules move into the scanner).
    pub fn new(mut config: Config, ignore: IgnoreFile) -> Result<Engine> {
        let rules = std::mem::take(&mut config.rules);
        let debug = std::mem::take(&mut config.debug);
        let mut scanner = Scanner::new(rules, debug)?;
        scanner.set_package_policy(std::mem::take(&mut config.packages));
        // The scanner reports findings under inline markers (flagged): the engine drops them
        // after the ignore file has seen them, so an entry for one counts as used.
        scanner.set_inline_markers(false);
        Ok(Engine {
            config,
            scanner,
            ignore,
            extra_allowed: Vec::new(),
            deadline: Deadline::none(),
            honour_markers: true,
        })
    }

    /// The compiled scanner (rules in order).
    pub fn scanner(&self) -> &Scanner {
        &self.scanner
    }

    /// Whether inline allow markers in scanned content let findings through (default true;
    /// a server's policy turns them off unless `pre-receive.inline-allow`).
    pub fn set_inline_markers(&mut self, honour: bool) {
        self.honour_markers = honour;
    }

    /// Whether the ignore file, a push option or (when honoured) an inline marker accepts
    /// `f`, whose fingerprint is set. The ignore file is asked first, so that an entry for a
    /// finding a marker also allows counts as used (`--report-unused-ignores`; a baseline
    /// lists findings under markers too, for a server that ignores markers).
    pub(crate) fn accepted(&self, f: &Finding) -> bool {
        self.ignore.ignores(f)
            || self.extra_allowed.contains(&f.fingerprint)
            || (f.marker_ignored && self.honour_markers)
    }

    /// Scans one file's content; findings that pass every allow list go to `out`.
    pub fn scan_content(
        &self,
        path: &str,
        content: &[u8],
        added: &Added,
        commit: Option<&str>,
        out: &mut Vec<Finding>,
        skipped: &mut Vec<Skipped>,
    ) {
        if self.deadline.expired() {
            return;
        }
        if self.config.allow.path_allowed(path) {
            // Lock files (listed by default for their hashes) are still read by the checks.
            if self.scanner.checks().reads_allowed(path) {
                self.scan_checks_only(path, content, added, commit, out, skipped);
            }
            return;
        }
        // UTF-16/32 text is decoded; a binary is read by its printable runs (see `decode`).
        let Some(decoded) = decode::decode_until(content, &|| self.deadline.expired()) else {
            return; // out of time: the deadline remembers, and the scan is incomplete
        };
        // Key stores, key files and `.env` files, by name and (binary ones) by magic bytes.
        if let Some(f) = self.scanner.checks().secret_file(
            self.scanner.rules(),
            path,
            decoded.is_binary().then_some(content),
            (!decoded.is_binary()).then_some(&decoded.text[..]),
            matches!(added, Added::All),
        ) {
            self.admit(f, commit, out);
        }
        // Only a large *text* file is a file not scanned: a binary's runs are cheap to read.
        if !decoded.is_binary() && content.len() as u64 > self.config.max_file_size {
            skipped.push(Skipped {
                path: path.to_string(),
                commit: commit.map(str::to_string),
                object: Unscanned::File,
                kind: SkipKind::TooLarge,
                reason: format!(
                    "{} bytes is over max-file-size ({} bytes)",
                    content.len(),
                    self.config.max_file_size
                ),
            });
            return;
        }
        let mut found = Vec::new();
        self.scanner.scan_until(
            path,
            &decoded.text,
            added,
            decoded.is_binary(),
            &self.deadline,
            &mut found,
        );
        if decoded.encoding != decode::Encoding::Bytes {
            for f in &mut found {
                let p = decoded.place(f.line, f.column, f.end_line, &f.line_text);
                (f.line, f.column, f.end_line) = (p.line, p.column, p.end_line);
                f.binary_offset = p.offset;
            }
        }
        self.check_errors(path, commit, skipped);
        for f in found {
            self.admit(f, commit, out);
        }
    }

    /// Adds `f` to `out` unless an allow list, the ignore file or a push option accepts it.
    fn admit(&self, mut f: Finding, commit: Option<&str>, out: &mut Vec<Finding>) {
        f.fingerprint = allow::fingerprint(&f.rule_id, &f.secret);
        f.commit = commit.map(str::to_string);
        if self.config.allow.finding_allowed(&f) || self.accepted(&f) {
            return;
        }
        out.push(f);
    }

    /// Errors the checks met on `path` (an OSV record that cannot be read): the file counts
    /// as not scanned, so the scan fails closed.
    fn check_errors(&self, path: &str, commit: Option<&str>, skipped: &mut Vec<Skipped>) {
        for reason in self.scanner.checks().take_errors(path) {
            skipped.push(Skipped {
                path: path.to_string(),
                commit: commit.map(str::to_string),
                object: Unscanned::File,
                kind: SkipKind::Unreadable,
                reason,
            });
        }
    }

    /// Runs only the dependency checks on a file `allow.paths` lists (a lock file).
    fn scan_checks_only(
        &self,
        path: &str,
        content: &[u8],
        added: &Added,
        commit: Option<&str>,
        out: &mut Vec<Finding>,
        skipped: &mut Vec<Skipped>,
    ) {
        if is_binary(content) || content.len() as u64 > self.config.max_file_size {
            return;
        }
        let mut found = Vec::new();
        self.scanner
            .checks()
            .scan_file(&self.scanner, path, content, added, &mut found);
        self.check_errors(path, commit, skipped);
        for f in found {
            // `admit` would drop it: the path is allowed for the secret rules only.
            let mut f = f;
            f.fingerprint = allow::fingerprint(&f.rule_id, &f.secret);
            f.commit = commit.map(str::to_string);
            if !self.accepted(&f) {
                out.push(f);
            }
        }
    }

    /// The committed environments and build output among the paths `changes` add (new
    /// paths only: files already tracked were reported when they were added).
    pub fn scan_paths<'a>(
        &self,
        paths: impl IntoIterator<Item = &'a str>,
        commit: Option<&str>,
        out: &mut Vec<Finding>,
    ) {
        if !self.scanner.checks().has_path_checks() {
            return;
        }
        let allowed = paths
            .into_iter()
            .filter(|p| !self.config.allow.path_allowed(p));
        for f in self
            .scanner
            .checks()
            .environments(self.scanner.rules(), allowed)
        {
            self.admit(f, commit, out);
        }
    }

    pub(crate) fn scan_new_paths(
        &self,
        changes: &[Change],
        commit: Option<&str>,
        outcome: &mut Outcome,
    ) {
        let new = changes
            .iter()
            .filter(|c| c.oid.is_some() && (c.old.is_none() || c.from.is_some()))
            .map(|c| c.path.as_str());
        self.scan_paths(new, commit, &mut outcome.findings);
    }

    /// Whether a file at `from` was judged by laxer rules than it is at `to`: `from` is in
    /// `allow.paths` (or holds path-scoped `.keepmumignore` entries), is a test or docs path
    /// (sample rules), is not a production settings file for the DEBUG rules, is read as
    /// another kind of file, or some rule runs at `to` and not at `from`. Such a move is
    /// scanned whole under `to`'s rules.
    pub fn laxer_at(&self, from: &str, to: &str) -> bool {
        use crate::scan::filetype;
        if from == to {
            return false;
        }
        let allow = &self.config.allow;
        (allow.path_allowed(from) && !allow.path_allowed(to))
            || self.ignore.has_entries_for(from)
            || (filetype::is_sample_path(from) && !filetype::is_sample_path(to))
            || filetype::classify(from) != filetype::classify(to)
            || (!self.scanner.is_production(from) && self.scanner.is_production(to))
            || self
                .scanner
                .rules()
                .iter()
                .any(|r| r.applies_to(to) && !r.applies_to(from))
    }

    /// Scans changes whose blobs live in `repo`.
    pub fn scan_changes(
        &self,
        repo: &git2::Repository,
        changes: &[Change],
        commit: Option<&str>,
        outcome: &mut Outcome,
    ) -> Result<()> {
        self.scan_new_paths(changes, commit, outcome);
        self.scan_blobs(repo, changes, commit, outcome)?;
        self.scan_includes(repo, changes, commit, outcome)
    }

    /// Files a changed requirements file includes (`-r deps/common.lst`) that are in the
    /// change too but not named like requirements files: read by the dependency checks as
    /// requirements files.
    pub(crate) fn scan_includes(
        &self,
        repo: &git2::Repository,
        changes: &[Change],
        commit: Option<&str>,
        outcome: &mut Outcome,
    ) -> Result<()> {
        use crate::checks::files::{classify, FileKind};
        let reqs = changes
            .iter()
            .filter(|c| c.oid.is_some() && classify(&c.path) == Some(FileKind::Requirements));
        let mut included: Vec<String> = Vec::new();
        for ch in reqs {
            let Some(oid) = ch.oid else { continue };
            let blob = repo.find_blob(oid).map_err(|e| {
                Error::git(format!("cannot read the blob of {} ({oid})", ch.path), e)
            })?;
            included.extend(crate::checks::requirement_includes(
                &ch.path,
                blob.content(),
            ));
        }
        if included.is_empty() {
            return Ok(());
        }
        for ch in changes {
            let Some(oid) = ch.oid else { continue };
            if !included.contains(&ch.path)
                || classify(&ch.path).is_some()
                || self.config.allow.path_allowed(&ch.path)
            {
                continue;
            }
            let blob = repo.find_blob(oid).map_err(|e| {
                Error::git(format!("cannot read the blob of {} ({oid})", ch.path), e)
            })?;
            let content = blob.content();
            if is_binary(content) || content.len() as u64 > self.config.max_file_size {
                continue;
            }
            let added = match ch.old {
                Some(old) if ch.from.is_none() => {
                    let old_blob = repo.find_blob(old).map_err(|e| {
                        Error::git(
                            format!("cannot read the old blob of {} ({old})", ch.path),
                            e,
                        )
                    })?;
                    git::added_lines(old_blob.content(), content)
                }
                _ => Added::All,
            };
            let mut found = Vec::new();
            self.scanner.checks().scan_as(
                &self.scanner,
                &ch.path,
                FileKind::Requirements,
                content,
                &added,
                &mut found,
            );
            for f in found {
                self.admit(f, commit, &mut outcome.findings);
            }
        }
        Ok(())
    }

    /// Scans the blobs of `changes` (the content half of [`Engine::scan_changes`]).
    fn scan_blobs(
        &self,
        repo: &git2::Repository,
        changes: &[Change],
        commit: Option<&str>,
        outcome: &mut Outcome,
    ) -> Result<()> {
        for ch in changes {
            if self.deadline.expired() {
                break;
            }
            self.scan_change(repo, ch, commit, outcome)?;
        }
        Ok(())
    }

    /// Marks `outcome` incomplete when the deadline cut the scan short (unless something
    /// already said why): what was not scanned is never clean.
    pub fn note_deadline(&self, outcome: &mut Outcome) {
        if self.deadline.was_hit() && outcome.incomplete.is_none() {
            outcome.incomplete = Some(format!(
                "time budget of {} ran out",
                show_duration(self.deadline.budget().unwrap_or_default())
            ));
        }
    }

    /// Scans one change whose blobs live in `repo`.
    pub fn scan_change(
        &self,
        repo: &git2::Repository,
        ch: &Change,
        commit: Option<&str>,
        outcome: &mut Outcome,
    ) -> Result<()> {
        self.scan_change_with(repo, ch, commit, outcome, None)
    }

    /// [`Engine::scan_change`], taking a modified file's old version from `recent` when it is
    /// there, and leaving the new version there for the next change of that file.
    pub fn scan_change_with(
        &self,
        repo: &git2::Repository,
        ch: &Change,
        commit: Option<&str>,
        outcome: &mut Outcome,
        mut recent: Option<&mut RecentBlobs>,
    ) -> Result<()> {
        let Some(oid) = ch.oid else { return Ok(()) };
        // Lock files (listed by default for their hashes) are still read by the checks.
        if self.config.allow.path_allowed(&ch.path)
            && !self.scanner.checks().reads_allowed(&ch.path)
        {
            return Ok(());
        }
        // A file moved out of a path whose rules were laxer was never judged by these ones.
        let whole = ch
            .from
            .as_deref()
            .is_some_and(|from| self.laxer_at(from, &ch.path));
        if !whole && ch.old == Some(oid) {
            return Ok(()); // an exact move under the same rules: nothing new
        }
        // A blob that cannot be read (a partial clone whose promisor is unreachable) is a
        // file not scanned, which fails the scan.
        let unreadable = |why: String, outcome: &mut Outcome| {
            outcome.skipped.push(Skipped {
                path: ch.path.clone(),
                commit: commit.map(str::to_string),
                object: Unscanned::File,
                kind: SkipKind::Unreadable,
                reason: why,
            });
        };
        let blob = match read_blob_with(repo, recent.as_deref_mut(), oid, &ch.path)? {
            Ok(b) => b,
            Err(why) => {
                unreadable(why, outcome);
                return Ok(());
            }
        };
        // A modified file: its new lines are worked out here, from the blob just read.
        let added = match ch.old {
            _ if whole => Added::All,
            Some(old) => match recent.as_deref().and_then(|r| r.get(old)) {
                Some(old_content) => git::added_lines(old_content, blob.content()),
                None => match read_blob_with(repo, recent.as_deref_mut(), old, &ch.path)? {
                    Ok(old_blob) => git::added_lines(old_blob.content(), blob.content()),
                    Err(why) => {
                        unreadable(format!("its previous version: {why}"), outcome);
                        return Ok(());
                    }
                },
            },
            None => ch.added.clone(),
        };
        if let Some(r) = recent {
            r.insert(&ch.path, oid, &blob);
        }
        if matches!(&added, Added::Ranges(r) if r.is_empty()) {
            return Ok(());
        }
        outcome.files += 1;
        self.scan_content(
            &ch.path,
            blob.content(),
            &added,
            commit,
            &mut outcome.findings,
            &mut outcome.skipped,
        );
        Ok(())
    }

    /// Like [`Engine::scan_changes`], spread over worker threads when there are many files
    /// (each worker opens its own repository handle with `open`).
    pub fn scan_changes_parallel<F>(
        &self,
        repo: &git2::Repository,
        open: F,
        changes: &[Change],
        outcome: &mut Outcome,
    ) -> Result<()>
    where
        F: Fn() -> Result<git2::Repository> + Sync,
    {
        const PER_TASK: usize = 64;
        if changes.len() <= PER_TASK || rayon::current_num_threads() < 2 {
            return self.scan_changes(repo, changes, None, outcome);
        }
        // Environments are judged over the whole list: one finding each, not one per chunk.
        self.scan_new_paths(changes, None, outcome);
        let parts: Vec<Result<Outcome>> = changes
            .par_chunks(PER_TASK)
            .map_init(&open, |r, chunk| {
                let r = match r {
                    Ok(r) => &*r,
                    Err(e) => {
                        return Err(Error::Usage(format!(
                            "cannot open the repository in a worker: {e}"
                        )))
                    }
                };
                let mut o = Outcome::default();
                self.scan_blobs(r, chunk, None, &mut o)?;
                Ok(o)
            })
            .collect();
        for p in parts {
            outcome.merge(p?);
        }
        self.scan_includes(repo, changes, None, outcome)
    }
}

/// A blob from the worker's pack reader when it can rebuild it, else from libgit2 (see
/// [`git::read_blob`]).
fn read_blob_with<'r>(
    repo: &'r git2::Repository,
    recent: Option<&mut RecentBlobs>,
    oid: git2::Oid,
    path: &str,
) -> Result<std::result::Result<git::BlobData<'r>, String>> {
    if let Some(b) = recent.and_then(|r| r.packed(oid)) {
        return Ok(Ok(git::BlobData::Shared(b)));
    }
    git::read_blob(repo, oid, path)
}

/// Sorts findings by path, line and column.
pub fn sort_findings(f: &mut [Finding]) {
    f.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.rule_id).cmp(&(&b.path, b.line, b.column, &b.rule_id))
    });
}
