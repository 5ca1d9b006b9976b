//! The commands behind the CLI, as library functions: each returns a value or an [`Error`], and
//! `main` turns that into output and an exit code.

use std::path::{Path, PathBuf};

use crate::allow::{IgnoreFile, IGNORE_FILE};
use crate::config::Config;
use crate::deadline::Deadline;
use crate::engine::{self, Engine, Outcome};
use crate::error::{Error, Result};
use crate::message;
use crate::source::{files, git, push};

/// What to scan.
#[derive(Debug, Clone)]
pub enum Mode {
    /// The staged diff (index vs HEAD).
    Staged,
    /// Every file tracked in the index, whole.
    Tracked,
    /// Commits of a range `A..B`.
    Range(String),
    /// The whole history (all refs).
    All,
    /// Plain files and directories, no git.
    NoGit(Vec<PathBuf>),
    /// What a push sends: commits reachable from the pushed revisions and from none of the
    /// `hide` revisions nor the remote-tracking refs of `remote` (all remotes when unknown).
    Push {
        /// Pushed revisions, each with the ref it goes to.
        tips: Vec<(String, String)>,
        /// Revisions the remote already has (unknown ones are skipped).
        hide: Vec<String>,
        /// The remote's name, when known.
        remote: Option<String>,
    },
}

/// Options of a scan.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// What to scan.
    pub mode: Mode,
    /// Explicit config file.
    pub config: Option<PathBuf>,
    /// Draw a progress bar (history modes on a terminal).
    pub progress: bool,
    /// How long the scan may take (`None` or zero: no limit); a scan that runs out is
    /// incomplete, which fails a local scan.
    pub time_budget: Option<std::time::Duration>,
}

/// Loads the config: `explicit`, else `.keepmum.yaml`/`.yml` in `workdir`, else the default.
pub fn load_config(explicit: Option<&Path>, workdir: Option<&Path>) -> Result<Config> {
    match explicit {
        Some(p) => Config::load(Some(p), false),
        None => Config::load(Config::discover(workdir).as_deref(), false),
    }
}

/// Loads `.keepmumignore` from `dir`, if there.
pub fn load_ignore(dir: Option<&Path>) -> Result<IgnoreFile> {
    match dir {
        Some(d) => {
            crate::compat::notice_legacy_ignore(d, IGNORE_FILE);
            IgnoreFile::load(&d.join(IGNORE_FILE))
        }
        None => Ok(IgnoreFile::default()),
    }
}

/// Runs a scan and returns the engine (for unused-ignore reports) and the outcome.
pub fn scan(opts: &ScanOptions) -> Result<(Engine, Outcome)> {
    let started = std::time::Instant::now();
    if let Mode::NoGit(paths) = &opts.mode {
        return scan_files(
            paths,
            opts.config.as_deref(),
            Deadline::from(started, opts.time_budget),
        );
    }
    let repo = git::open()?;
    let workdir = repo.workdir().map(Path::to_path_buf);
    let config = load_config(opts.config.as_deref(), workdir.as_deref())?;
    let ignore = load_ignore(workdir.as_deref())?;
    let mut engine = Engine::new(config, ignore)?;
    engine.deadline = Deadline::from(started, opts.time_budget);
    let mut outcome = Outcome::default();
    match &opts.mode {
        Mode::Staged => {
            let changes = git::staged(&repo)?;
            engine.scan_changes_parallel(&repo, git::open, &changes, &mut outcome)?;
            engine::sort_findings(&mut outcome.findings);
        }
        Mode::Tracked => {
            let changes = git::tracked(&repo, false)?;
            engine.scan_changes_parallel(&repo, git::open, &changes, &mut outcome)?;
            engine::sort_findings(&mut outcome.findings);
        }
        Mode::Range(spec) => {
            let commits = git::range(&repo, spec)?;
            outcome = engine.scan_commits(git::open, &commits, opts.progress)?;
            let mut messages = message::scan_commits(&engine, git::open, &commits)?;
            // The annotated tags on the range's commits, as `--all` reports every tag.
            let tags = message::tags_on(&repo, &message::tag_objects(&repo)?, &commits);
            messages.merge(message::scan_tags(&engine, &repo, &tags)?);
            message::merge(&mut outcome, messages, &commits);
        }
        Mode::All => {
            let commits = git::all_commits(&repo)?;
            outcome = engine.scan_commits(git::open, &commits, opts.progress)?;
            let mut messages = message::scan_commits(&engine, git::open, &commits)?;
            messages.merge(message::scan_tags(
                &engine,
                &repo,
                &message::tag_objects(&repo)?,
            )?);
            message::merge(&mut outcome, messages, &commits);
        }
        Mode::Push { tips, hide, remote } => {
            let mut resolved = Vec::with_capacity(tips.len());
            for (rev, refname) in tips {
                let obj = repo
                    .revparse_single(rev)
                    .map_err(|e| Error::git(format!("unknown pushed revision `{rev}`"), e))?;
                resolved.push((obj.id(), refname.as_str()));
            }
            let mut hidden = push::remote_tips(&repo, remote.as_deref())?;
            // A remote value this repository does not have cannot be hidden: more is scanned.
            hidden.extend(
                hide.iter()
                    .filter_map(|h| git::resolve_commit(&repo, h).ok()),
            );
            let mut pushed = push::pushed(&repo, &resolved, &hidden)?;
            // A tag object the remote already has is not sent again.
            let known: Vec<git2::Oid> = hide
                .iter()
                .filter_map(|h| repo.revparse_single(h).ok().map(|o| o.id()))
                .collect();
            pushed.tags.retain(|t| !known.contains(t));
            outcome = scan_pushed(&engine, &repo, &pushed, opts.progress)?;
        }
        Mode::NoGit(_) => {}
    }
    engine.note_deadline(&mut outcome);
    Ok((engine, outcome))
}

/// Scans what a push brings: its new commits, then objects pushed without a commit, then the
/// messages of the commits and of the annotated tags. What the engine's deadline leaves
/// unscanned marks the outcome incomplete.
pub fn scan_pushed(
    engine: &Engine,
    repo: &git2::Repository,
    pushed: &push::Pushed,
    progress: bool,
) -> Result<Outcome> {
    let mut outcome = engine.scan_commits(git::open, &pushed.commits, progress)?;
    if !pushed.objects.is_empty() {
        let mut extra = Outcome::default();
        engine.scan_changes(repo, &pushed.objects, None, &mut extra)?;
        engine::sort_findings(&mut extra.findings);
        outcome.merge(extra);
    }
    let mut messages = message::scan_commits(engine, git::open, &pushed.commits)?;
    messages.merge(message::scan_tags(engine, repo, &pushed.tags)?);
    message::merge(&mut outcome, messages, &pushed.commits);
    engine.note_deadline(&mut outcome);
    Ok(outcome)
}

/// The mode of a client-side `pre-push` hook: git passes the remote's name (or URL) as the
/// first argument and `<local ref> <local sha> <remote ref> <remote sha>` lines on stdin.
/// Deletions push nothing; a remote value this repository has is hidden, and so is every
/// remote-tracking ref of that remote.
pub fn pre_push_mode(input: &str, remote: Option<&str>) -> Result<Mode> {
    let updates = push::parse_pre_push(input)?;
    Ok(Mode::Push {
        tips: updates
            .iter()
            .filter(|u| !u.local.is_zero())
            .map(|u| (u.local.to_string(), u.remote_ref.clone()))
            .collect(),
        hide: updates
            .iter()
            .filter(|u| !u.remote.is_zero())
            .map(|u| u.remote.to_string())
            .collect(),
        remote: remote.map(str::to_string),
    })
}

/// Options of `keepmum pre-receive`.
#[derive(Debug, Clone, Default)]
pub struct PreReceiveOptions {
    /// Server policy file; else git config `keepmum.config`; else the built-in default.
    pub config: Option<PathBuf>,
    /// How long the scan may take (overrides the policy's `time-budget`; zero: no limit).
    pub time_budget: Option<std::time::Duration>,
}

/// What `keepmum pre-receive` found, and the policy that judges it.
#[derive(Debug)]
pub struct PreReceiveReport {
    /// The engine (config, ignore list) the scan ran with.
    pub engine: Engine,
    /// Findings in the new commits.
    pub outcome: Outcome,
    /// Number of ref updates read.
    pub refs: usize,
    /// The ref updates read.
    pub updates: Vec<push::RefUpdate>,
    /// The repository's git dir.
    pub git_dir: PathBuf,
    /// Fingerprints let through by `git push -o keepmum.allow=...`.
    pub allowed_by_push_option: Vec<String>,
    /// `keepmum.allow` push options that were ignored (the policy does not allow them).
    pub ignored_push_options: Vec<String>,
    /// Fingerprints of the server's baseline (`pre-receive.baseline`) that accepted a finding
    /// of this push.
    pub accepted_by_baseline: Vec<String>,
}

/// The prefix of the push option that lets a known finding through.
pub const ALLOW_PUSH_OPTION: &str = "keepmum.allow=";

/// Loads the server's policy: `explicit`, else the file named by git config `keepmum.config`
/// (relative to the repository's git dir), else the built-in default. Nothing is ever read
/// from the pushed tree (`.keepmum.yaml`, `.keepmumignore`): a push cannot change the rules
/// that judge it.
pub fn server_config(repo: &git2::Repository, explicit: Option<&Path>) -> Result<Config> {
    if let Some(p) = explicit {
        return Config::load(Some(p), false);
    }
    let cfg = repo
        .config()
        .map_err(|e| Error::git("cannot read the git config", e))?;
    match cfg.get_path("keepmum.config") {
        Ok(p) => {
            let p = if p.is_absolute() {
                p
            } else {
                repo.path().join(p)
            };
            Config::load(Some(&p), false)
        }
        Err(e) if e.code() == git2::ErrorCode::NotFound => Config::builtin(),
        Err(e) => Err(Error::git("cannot read git config keepmum.config", e)),
    }
}

/// Server-side scan of a push: reads every `<old> <new> <ref>` line of `input`, scans only the
/// commits new to the repository (see [`push::pre_receive`]) with the server's policy.
pub fn pre_receive(input: &str, opts: &PreReceiveOptions) -> Result<PreReceiveReport> {
    let started = std::time::Instant::now();
    let updates = push::parse_pre_receive(input)?;
    let repo = git::open()?;
    let config = server_config(&repo, opts.config.as_deref())?;
    let budget = opts.time_budget.unwrap_or(config.pre_receive.time_budget);
    let allow_option = config.pre_receive.allow_push_option;
    let requested: Vec<String> = push::push_options()
        .into_iter()
        .filter_map(|o| {
            o.strip_prefix(ALLOW_PUSH_OPTION)
                .map(|v| v.trim().to_string())
        })
        .filter(|v| !v.is_empty())
        .collect();
    let inline_allow = config.pre_receive.inline_allow;
    // The server's accepted fingerprints: its own file, never the pushed `.keepmumignore`.
    let baseline = match &config.pre_receive.baseline {
        Some(b) => b.load()?,
        None => IgnoreFile::default(),
    };
    let mut engine = Engine::new(config, baseline)?;
    // The budget counts from the hook's start, and holds inside commits and files.
    engine.deadline = Deadline::from(started, Some(budget));
    // A comment in pushed content must not silence the server, unless its policy says so.
    engine.set_inline_markers(inline_allow);
    let (allowed, ignored) = if allow_option {
        (requested, Vec::new())
    } else {
        (Vec::new(), requested)
    };
    engine.extra_allowed = allowed.clone();
    let pushed = push::pre_receive(&repo, &updates)?;
    let outcome = scan_pushed(&engine, &repo, &pushed, false)?;
    let mut accepted_by_baseline: Vec<String> = engine
        .ignore
        .entries()
        .iter()
        .filter(|e| e.used())
        .map(|e| e.fingerprint.clone())
        .collect();
    accepted_by_baseline.sort();
    accepted_by_baseline.dedup();
    Ok(PreReceiveReport {
        accepted_by_baseline,
        engine,
        outcome,
        refs: updates.len(),
        git_dir: repo.path().to_path_buf(),
        updates,
        allowed_by_push_option: allowed,
        ignored_push_options: ignored,
    })
}

/// Scans plain files and directories (respecting .gitignore).
pub fn scan_files(
    paths: &[PathBuf],
    config: Option<&Path>,
    deadline: Deadline,
) -> Result<(Engine, Outcome)> {
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    // Config and ignore file: explicit, else from the first directory argument, else cwd.
    let base = paths
        .iter()
        .find(|p| p.is_dir())
        .cloned()
        .unwrap_or_else(|| cwd.clone());
    let config = load_config(config, Some(&base))?;
    let ignore = load_ignore(Some(&base))?;
    let mut engine = Engine::new(config, ignore)?;
    engine.deadline = deadline;
    let mut outcome = Outcome::default();
    let mut shown_paths = Vec::new();
    for f in files::list(paths)? {
        if engine.deadline.expired() {
            break;
        }
        let shown = if paths.len() == 1 && paths[0].is_dir() {
            files::display_path(&f, &paths[0])
        } else {
            files::display_path(&f, &cwd)
        };
        shown_paths.push(shown.clone());
        let content = std::fs::read(&f).map_err(|e| Error::io(&f, e))?;
        outcome.files += 1;
        engine.scan_content(
            &shown,
            &content,
            &crate::scan::Added::All,
            None,
            &mut outcome.findings,
            &mut outcome.skipped,
        );
    }
    engine.scan_paths(
        shown_paths.iter().map(String::as_str),
        None,
        &mut outcome.findings,
    );
    engine::sort_findings(&mut outcome.findings);
    engine.note_deadline(&mut outcome);
    Ok((engine, outcome))
}

/// What the pre-commit framework's hook (`keepmum hook`) should scan, from the environment
/// git and pre-commit give it (checked with git 2.47 and pre-commit 4):
///
/// - pre-push stage: pre-commit sets `PRE_COMMIT_REMOTE_NAME` and `PRE_COMMIT_LOCAL_BRANCH`,
///   plus `PRE_COMMIT_FROM_REF`/`TO_REF` unless the push includes a root commit. The commits
///   pushed are scanned: reachable from `TO_REF` (else the local branch) and from neither
///   `FROM_REF` nor the remote's tracking refs.
/// - `pre-commit run --from-ref A --to-ref B`: the range `A..B`.
/// - inside `git commit` (also `-a`, `git commit PATH` and `git merge`): git sets
///   `GIT_INDEX_FILE` (`.git/index`, `.git/index.lock` or a temporary `next-index-*.lock`), and
///   that index is diffed against HEAD.
/// - `pre-commit run [--all-files]` by hand (`PRE_COMMIT=1`, no `GIT_INDEX_FILE`): the two are
///   indistinguishable from the environment and nothing guarantees a staged diff, so every
///   tracked file is scanned rather than reporting a false all-clear.
pub fn hook_mode() -> Mode {
    hook_mode_from(|k| std::env::var(k).ok())
}

/// [`hook_mode`] with the environment given as a lookup function (for tests).
pub fn hook_mode_from(env: impl Fn(&str) -> Option<String>) -> Mode {
    let var = |k: &str| env(k).filter(|v| !v.is_empty());
    let (from, to) = (var("PRE_COMMIT_FROM_REF"), var("PRE_COMMIT_TO_REF"));
    if let Some(remote) = var("PRE_COMMIT_REMOTE_NAME") {
        if let Some(tip) = to.clone().or_else(|| var("PRE_COMMIT_LOCAL_BRANCH")) {
            let refname = var("PRE_COMMIT_REMOTE_BRANCH").unwrap_or_else(|| tip.clone());
            return Mode::Push {
                tips: vec![(tip, refname)],
                hide: from.into_iter().collect(),
                remote: Some(remote),
            };
        }
    }
    if let (Some(from), Some(to)) = (from, to) {
        return Mode::Range(format!("{from}..{to}"));
    }
    if var("GIT_INDEX_FILE").is_some() {
        return Mode::Staged;
    }
    if var("PRE_COMMIT").is_some() {
        return Mode::Tracked;
    }
    Mode::Staged
}
