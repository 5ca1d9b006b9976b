//! The commands behind the CLI, as library functions: each returns a value or an [`Error`], and
//! `main` turns that into output and an exit code.

use std::path::{Path, PathBuf};

use crate::allow::{IgnoreFile, IGNORE_FILE};
use crate::config::Config;
use crate::engine::{self, Engine, Outcome};
use crate::error::{Error, Result};
use crate::source::{files, git};

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
}

/// Loads the config: `explicit`, else `.leakguard.yaml`/`.yml` in `workdir`, else the default.
pub fn load_config(explicit: Option<&Path>, workdir: Option<&Path>) -> Result<Config> {
    match explicit {
        Some(p) => Config::load(Some(p), false),
        None => Config::load(Config::discover(workdir).as_deref(), false),
    }
}

/// Loads `.leakguardignore` from `dir`, if there.
pub fn load_ignore(dir: Option<&Path>) -> Result<IgnoreFile> {
    match dir {
        Some(d) => IgnoreFile::load(&d.join(IGNORE_FILE)),
        None => Ok(IgnoreFile::default()),
    }
}

/// Runs a scan and returns the engine (for unused-ignore reports) and the outcome.
pub fn scan(opts: &ScanOptions) -> Result<(Engine, Outcome)> {
    if let Mode::NoGit(paths) = &opts.mode {
        return scan_files(paths, opts.config.as_deref());
    }
    let repo = git::open()?;
    let workdir = repo.workdir().map(Path::to_path_buf);
    let config = load_config(opts.config.as_deref(), workdir.as_deref())?;
    let ignore = load_ignore(workdir.as_deref())?;
    let engine = Engine::new(config, ignore)?;
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
            outcome = engine.scan_commits(git::open, &commits, None, opts.progress)?;
        }
        Mode::All => {
            let commits = git::all_commits(&repo)?;
            outcome = engine.scan_commits(git::open, &commits, None, opts.progress)?;
        }
        Mode::NoGit(_) => {}
    }
    Ok((engine, outcome))
}

/// Scans plain files and directories (respecting .gitignore).
pub fn scan_files(paths: &[PathBuf], config: Option<&Path>) -> Result<(Engine, Outcome)> {
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    // Config and ignore file: explicit, else from the first directory argument, else cwd.
    let base = paths
        .iter()
        .find(|p| p.is_dir())
        .cloned()
        .unwrap_or_else(|| cwd.clone());
    let config = load_config(config, Some(&base))?;
    let ignore = load_ignore(Some(&base))?;
    let engine = Engine::new(config, ignore)?;
    let mut outcome = Outcome::default();
    for f in files::list(paths)? {
        let shown = if paths.len() == 1 && paths[0].is_dir() {
            files::display_path(&f, &paths[0])
        } else {
            files::display_path(&f, &cwd)
        };
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
    engine::sort_findings(&mut outcome.findings);
    Ok((engine, outcome))
}

/// What the pre-commit framework's hook should scan. Inside a real commit (git sets
/// `GIT_INDEX_FILE` for commit hooks) it is the staged diff; with `--from-ref/--to-ref` it is
/// that range; run by hand (`pre-commit run --all-files`, which stages nothing) there is no diff
/// to trust, so every tracked file is scanned rather than reporting a false all-clear.
pub fn hook_mode() -> Mode {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    if let (Some(from), Some(to)) = (var("PRE_COMMIT_FROM_REF"), var("PRE_COMMIT_TO_REF")) {
        return Mode::Range(format!("{from}..{to}"));
    }
    if var("PRE_COMMIT").is_some() && var("GIT_INDEX_FILE").is_none() {
        return Mode::Tracked;
    }
    Mode::Staged
}
