//! Which files the content checks read, by name: dependency lists, lock files and version
//! pins. A path no check reads costs one look at its last component.

/// A file a content check reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// pip requirement files: `requirements*.txt`, `*requirements*.txt`, `constraints*.txt`,
    /// `*.txt` below a `requirements/` directory, pip-tools `*.in` of the same names.
    Requirements,
    /// `pyproject.toml`: PEP 621, optional dependencies, dependency groups, build requires,
    /// Poetry, uv, PDM; `requires-python`; tox configuration.
    Pyproject,
    /// `Pipfile`: package tables, `[requires] python_version`.
    Pipfile,
    /// `Pipfile.lock` (JSON).
    PipfileLock,
    /// `setup.cfg`: `install_requires` and friends, `python_requires`.
    SetupCfg,
    /// `setup.py`: `install_requires=[...]` literals and friends, `python_requires`.
    SetupPy,
    /// conda `environment*.yml`: `python=` pins and `pip:` sections.
    CondaEnv,
    /// `poetry.lock`, `uv.lock`, `pdm.lock` (`[[package]]` names).
    TomlLock,
    /// npm `package.json` dependencies.
    PackageJson,
    /// `.python-version` (pyenv, uv).
    PythonVersion,
    /// `runtime.txt` (Heroku and others: `python-3.12.1`).
    RuntimeTxt,
    /// `.tool-versions` (asdf, mise).
    ToolVersions,
    /// Dockerfiles and Containerfiles (`FROM python:3.8-slim`, `ARG PYTHON_VERSION=`).
    Dockerfile,
    /// GitHub Actions workflows (`python-version:`, container images).
    GithubWorkflow,
    /// GitLab CI (`image: python:3.8`, `PYTHON_VERSION`).
    GitlabCi,
    /// `tox.ini` (`envlist`, `basepython`).
    Tox,
}

impl FileKind {
    /// Whether this is a lock file (which `allow.paths` lists by default for the secret rules).
    pub fn is_lock(self) -> bool {
        matches!(self, FileKind::PipfileLock | FileKind::TomlLock)
    }
}

/// The kind of file `path` is for the content checks, if any.
pub fn classify(path: &str) -> Option<FileKind> {
    let (dir, name) = match path.rfind('/') {
        Some(i) => (&path[..i], &path[i + 1..]),
        None => ("", path),
    };
    // Exact names first: the common case of an ordinary source file falls through quickly.
    let kind = match name {
        "pyproject.toml" => FileKind::Pyproject,
        "Pipfile" => FileKind::Pipfile,
        "Pipfile.lock" => FileKind::PipfileLock,
        "setup.cfg" => FileKind::SetupCfg,
        "setup.py" => FileKind::SetupPy,
        "poetry.lock" | "uv.lock" | "pdm.lock" => FileKind::TomlLock,
        "package.json" => FileKind::PackageJson,
        ".python-version" => FileKind::PythonVersion,
        "runtime.txt" => FileKind::RuntimeTxt,
        ".tool-versions" => FileKind::ToolVersions,
        "tox.ini" => FileKind::Tox,
        "Dockerfile" | "Containerfile" | "dockerfile" => FileKind::Dockerfile,
        ".gitlab-ci.yml" | ".gitlab-ci.yaml" => FileKind::GitlabCi,
        _ => return classify_pattern(dir, name),
    };
    Some(kind)
}

fn classify_pattern(dir: &str, name: &str) -> Option<FileKind> {
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, e)| e);
    match ext {
        Some("txt") | Some("in") => {
            let in_req_dir = dir
                .split('/')
                .any(|d| d.eq_ignore_ascii_case("requirements"));
            let named = lower.contains("requirements")
                || lower.starts_with("constraints")
                || lower.starts_with("reqs");
            if (named || in_req_dir) && lower != "manifest.in" {
                return Some(FileKind::Requirements);
            }
            None
        }
        Some("yml") | Some("yaml") => {
            if lower.starts_with("environment") {
                return Some(FileKind::CondaEnv);
            }
            let d = dir.trim_end_matches('/');
            if d == ".github/workflows" || d.ends_with("/.github/workflows") {
                return Some(FileKind::GithubWorkflow);
            }
            if lower.ends_with(".gitlab-ci.yml") || lower.ends_with(".gitlab-ci.yaml") {
                return Some(FileKind::GitlabCi);
            }
            None
        }
        _ => {
            if lower.starts_with("dockerfile.")
                || lower.starts_with("containerfile.")
                || lower.ends_with(".dockerfile")
                || lower.ends_with(".containerfile")
            {
                return Some(FileKind::Dockerfile);
            }
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_dependency_files() {
        use FileKind::*;
        let cases = [
            ("requirements.txt", Some(Requirements)),
            ("requirements-dev.txt", Some(Requirements)),
            ("dev-requirements.txt", Some(Requirements)),
            ("requirements/base.txt", Some(Requirements)),
            ("requirements/extras/redis.txt", Some(Requirements)),
            ("requirements.in", Some(Requirements)),
            ("constraints.txt", Some(Requirements)),
            ("MANIFEST.in", None),
            ("docs/notes.txt", None),
            ("app/pyproject.toml", Some(Pyproject)),
            ("Pipfile", Some(Pipfile)),
            ("Pipfile.lock", Some(PipfileLock)),
            ("poetry.lock", Some(TomlLock)),
            ("web/uv.lock", Some(TomlLock)),
            ("package.json", Some(PackageJson)),
            ("environment.yml", Some(CondaEnv)),
            ("Dockerfile", Some(Dockerfile)),
            ("docker/Dockerfile.prod", Some(Dockerfile)),
            ("api.Dockerfile", Some(Dockerfile)),
            (".github/workflows/ci.yml", Some(GithubWorkflow)),
            (".github/ci.yml", None),
            (".gitlab-ci.yml", Some(GitlabCi)),
            ("ci/deploy.gitlab-ci.yml", Some(GitlabCi)),
            ("tox.ini", Some(Tox)),
            (".python-version", Some(PythonVersion)),
            ("settings.py", None),
            ("setup.py", Some(SetupPy)),
        ];
        for (p, want) in cases {
            assert_eq!(classify(p), want, "{p}");
        }
        assert!(FileKind::TomlLock.is_lock() && !FileKind::Pyproject.is_lock());
    }
}
