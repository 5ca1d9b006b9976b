//! `keepmum install` / `uninstall`: writes (or removes) a small POSIX sh hook script in the
//! directory git runs hooks from.
//!
//! That directory follows `git rev-parse --git-path hooks`: `core.hooksPath` when set (`~/`
//! expanded; a relative path is relative to the root of the work tree the hooks run in, as
//! git resolves it), else the `hooks` directory of the common git dir, so a linked worktree
//! shares its main repository's hooks. The scripts come from `hooks/` in the source tree and
//! carry [`MARKER`]; a hook without it belongs to someone else and is only replaced with
//! `--force` (the old one is kept beside it as a backup).

use std::path::{Path, PathBuf};

use git2::Repository;

use crate::error::{Error, Result};

/// The line every hook written by keepmum carries (how `install` and `uninstall` tell it
/// from a hook someone else wrote).
pub const MARKER: &str = "# installed by keepmum";

/// Placeholder in the templates for the absolute path of the installing binary.
const EXE_PLACEHOLDER: &str = "@KEEPMUM_EXE@";

/// A hook `keepmum install` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hook {
    /// `pre-commit`: scans the staged changes (`keepmum scan --staged`).
    PreCommit,
    /// `pre-push`: scans the commits about to be pushed (`keepmum pre-push`).
    PrePush,
    /// `commit-msg`: scans the message of the commit being made (`keepmum commit-msg`).
    CommitMsg,
}

impl Hook {
    /// The hook's file name.
    pub fn name(self) -> &'static str {
        match self {
            Hook::PreCommit => "pre-commit",
            Hook::PrePush => "pre-push",
            Hook::CommitMsg => "commit-msg",
        }
    }

    /// The script template (with the placeholder for the binary's path).
    pub fn template(self) -> &'static str {
        match self {
            Hook::PreCommit => include_str!("../hooks/pre-commit"),
            Hook::PrePush => include_str!("../hooks/pre-push"),
            Hook::CommitMsg => include_str!("../hooks/commit-msg"),
        }
    }
}

/// What `install` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Installed {
    /// A new hook was written.
    Created(PathBuf),
    /// A hook keepmum had written before was rewritten.
    Updated(PathBuf),
    /// Someone else's hook was replaced (`--force`); it was moved to `backup`.
    Replaced {
        /// The hook.
        path: PathBuf,
        /// Where the previous hook now is.
        backup: PathBuf,
    },
}

/// Quotes a string for POSIX sh (single quotes; `'` becomes `'\''`).
pub fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The script for `hook`, falling back to `exe` when `keepmum` is not on PATH.
pub fn render(hook: Hook, exe: &Path) -> String {
    hook.template()
        .replace(EXE_PLACEHOLDER, &sh_quote(&exe.to_string_lossy()))
}

/// Whether a hook script was written by keepmum (or by it under its former name).
pub fn is_ours(content: &[u8]) -> bool {
    content
        .split(|&b| b == b'\n')
        .any(|l| l.starts_with(MARKER.as_bytes()))
        || crate::compat::is_legacy_hook(content)
}

fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

/// The directory git runs this repository's hooks from (`git rev-parse --git-path hooks`).
pub fn hooks_dir(repo: &Repository) -> Result<PathBuf> {
    let config = repo
        .config()
        .map_err(|e| Error::git("cannot read the git config", e))?;
    let configured = match config.get_string("core.hooksPath") {
        Ok(s) if !s.trim().is_empty() => Some(s),
        Ok(_) => None,
        Err(e) if e.code() == git2::ErrorCode::NotFound => None,
        Err(e) => return Err(Error::git("cannot read core.hooksPath", e)),
    };
    let Some(raw) = configured else {
        return Ok(repo.commondir().join("hooks"));
    };
    let path = if let Some(rest) = raw.strip_prefix("~/") {
        home_dir()
            .ok_or_else(|| {
                Error::Usage(format!(
                    "core.hooksPath is `{raw}` but HOME is not set, so `~` cannot be expanded"
                ))
            })?
            .join(rest)
    } else if raw == "~" {
        home_dir()
            .ok_or_else(|| Error::Usage("core.hooksPath is `~` but HOME is not set".to_string()))?
    } else {
        PathBuf::from(&raw)
    };
    if path.is_absolute() {
        return Ok(path);
    }
    // Git runs hooks from the root of the work tree (the git dir of a bare repository), and
    // resolves a relative core.hooksPath from there.
    let base = repo.workdir().unwrap_or_else(|| repo.path());
    Ok(base.join(path))
}

fn write_executable(path: &Path, content: &str) -> Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| Error::Usage(format!("{} has no parent directory", path.display())))?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.keepmum-tmp"));
    std::fs::write(&tmp, content).map_err(|e| Error::io(&tmp, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| Error::io(&tmp, e))?;
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

fn backup_path(path: &Path) -> PathBuf {
    let base = format!("{}.keepmum-backup", path.display());
    let mut candidate = PathBuf::from(&base);
    let mut n = 1;
    while candidate.exists() {
        candidate = PathBuf::from(format!("{base}.{n}"));
        n += 1;
    }
    candidate
}

/// Installs `hook` into the repository's hooks directory. The script runs `keepmum` from
/// PATH, else `exe` (pass `std::env::current_exe()`). Someone else's hook is an error unless
/// `force`, which moves it aside first.
pub fn install(repo: &Repository, hook: Hook, force: bool, exe: &Path) -> Result<Installed> {
    if repo.is_bare() {
        return Err(Error::Usage(format!(
            "{} is a bare repository: it has no commits or pushes of its own to check; on a server use a pre-receive hook that runs `keepmum pre-receive` (see README)",
            repo.path().display()
        )));
    }
    let path = hooks_dir(repo)?.join(hook.name());
    let script = render(hook, exe);
    match std::fs::read(&path) {
        Ok(existing) if is_ours(&existing) => {
            write_executable(&path, &script)?;
            Ok(Installed::Updated(path))
        }
        Ok(existing) => {
            if !force {
                let framework = String::from_utf8_lossy(&existing).contains("pre-commit.com")
                    || String::from_utf8_lossy(&existing).contains("File generated by pre-commit");
                let hint = if framework {
                    " It is the pre-commit framework's hook: add keepmum to .pre-commit-config.yaml instead (see README),"
                } else {
                    ""
                };
                return Err(Error::Usage(format!(
                    "{} exists and was not installed by keepmum.{hint} Use --force to replace it (the old hook is kept as <name>.keepmum-backup), or call keepmum from it.",
                    path.display()
                )));
            }
            let backup = backup_path(&path);
            std::fs::rename(&path, &backup).map_err(|e| Error::io(&path, e))?;
            write_executable(&path, &script)?;
            Ok(Installed::Replaced { path, backup })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            write_executable(&path, &script)?;
            Ok(Installed::Created(path))
        }
        Err(e) => Err(Error::io(&path, e)),
    }
}

/// Removes `hook` if keepmum installed it. Returns the removed path, or `None` when there
/// was no such hook; someone else's hook is an error and is left alone.
pub fn uninstall(repo: &Repository, hook: Hook) -> Result<Option<PathBuf>> {
    let path = hooks_dir(repo)?.join(hook.name());
    match std::fs::read(&path) {
        Ok(existing) if is_ours(&existing) => {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
            Ok(Some(path))
        }
        Ok(_) => Err(Error::Usage(format!(
            "{} was not installed by keepmum: leaving it alone",
            path.display()
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(&path, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_carry_the_marker_and_placeholder() {
        for h in [Hook::PreCommit, Hook::PrePush, Hook::CommitMsg] {
            assert!(is_ours(h.template().as_bytes()), "{}", h.name());
            assert!(h.template().contains(EXE_PLACEHOLDER), "{}", h.name());
            assert!(h.template().starts_with("#!/bin/sh\n"), "{}", h.name());
        }
    }

    #[test]
    fn render_quotes_the_path() {
        let s = render(Hook::PreCommit, Path::new("/opt/it's here/keepmum"));
        assert!(s.contains(r"fallback='/opt/it'\''s here/keepmum'"), "{s}");
        assert!(!s.contains(EXE_PLACEHOLDER));
    }

    #[test]
    fn foreign_scripts_are_not_ours() {
        assert!(!is_ours(b"#!/bin/sh\necho hi\n"));
        assert!(!is_ours(b"#!/bin/sh\necho '# installed by keepmum'\n"));
    }
}
