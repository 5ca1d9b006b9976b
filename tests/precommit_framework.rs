//! `.pre-commit-hooks.yaml` through the real pre-commit framework.
//!
//! pre-commit must be on PATH. CI installs it and sets `KEEPMUM_REQUIRE_PRECOMMIT=1`, which
//! turns a missing pre-commit into a failure; without that variable the test prints a notice and
//! skips. For local runs: `python3 -m venv target/ci-venv && target/ci-venv/bin/pip install
//! pre-commit`, then `PATH=$PWD/target/ci-venv/bin:$PATH cargo test --test precommit_framework`.
//!
//! The hook repository is a fresh git repository holding a copy of this checkout's build inputs
//! (so uncommitted work is what gets tested), named by a hash of its content, under `target/`.
//! `language: rust` makes pre-commit `cargo install` it, a release build: `PRE_COMMIT_HOME` and
//! the cargo target directory live under `target/` as well, so unchanged sources build once and
//! changed ones rebuild incrementally. Every case runs in this one test to build only once.

mod common;

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{clean_env, fixture, Repo};

fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn secret_line(seed: &str) -> String {
    format!(
        "GITHUB_TOKEN = \"{}\"\n",
        fixture("ghp_<<crc32-base62:30>>", seed)
    )
}

/// Files of this checkout that `cargo install` needs, relative to the manifest directory.
fn build_inputs(root: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, rel: &Path, out: &mut Vec<PathBuf>) {
        let Ok(rd) = std::fs::read_dir(root.join(rel)) else {
            return;
        };
        for e in rd.flatten() {
            let name = e.file_name();
            let r = rel.join(&name);
            let Ok(t) = e.file_type() else { continue };
            if t.is_dir() {
                if name != "target" && name != ".git" && name != "__pycache__" {
                    walk(root, &r, out);
                }
            } else if t.is_file() {
                out.push(r);
            }
        }
    }
    let mut out = Vec::new();
    for f in [
        "Cargo.toml",
        "Cargo.lock",
        "README.md",
        "build.rs",
        ".pre-commit-hooks.yaml",
    ] {
        if root.join(f).is_file() {
            out.push(PathBuf::from(f));
        }
    }
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap_or_default();
    let mut dirs = vec!["src", "rules", "hooks", "benches", "examples"];
    if manifest.contains("[[test]]") {
        dirs.push("tests");
    }
    for d in dirs {
        walk(root, Path::new(d), &mut out);
    }
    out.sort();
    out
}

fn git_plain(dir: &Path, home: &Path, args: &[&str]) {
    let mut c = Command::new("git");
    clean_env(&mut c, home);
    let o = c
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_DATE", "2020-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2020-01-01T00:00:00Z")
        .output()
        .expect("run git");
    assert!(o.status.success(), "git {args:?}: {}", text(&o));
}

/// Builds (or reuses) the hook repository: returns its path and the commit to use as `rev`.
fn hook_repo(root: &Path, target: &Path, home: &Path) -> (PathBuf, String) {
    let files = build_inputs(root);
    let mut h = DefaultHasher::new();
    for f in &files {
        f.hash(&mut h);
        std::fs::read(root.join(f)).expect("read").hash(&mut h);
    }
    let parent = target.join("pre-commit-hook-repos");
    let dest = parent.join(format!("{:016x}", h.finish()));
    if !dest.join(".git").is_dir() {
        std::fs::create_dir_all(&parent).expect("mkdir");
        let tmp = tempfile::tempdir_in(&parent).expect("tempdir");
        for f in &files {
            let to = tmp.path().join(f);
            std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
            std::fs::copy(root.join(f), &to).expect("copy");
        }
        git_plain(tmp.path(), home, &["init", "-q", "-b", "main", "."]);
        git_plain(tmp.path(), home, &["add", "-A"]);
        git_plain(
            tmp.path(),
            home,
            &[
                "-c",
                "commit.gpgsign=false",
                "commit",
                "-q",
                "-m",
                "hook repo",
            ],
        );
        // Another run may have made the same repository meanwhile: then use that one.
        let tmp_path = tmp.keep();
        if std::fs::rename(&tmp_path, &dest).is_err() {
            let _ = std::fs::remove_dir_all(&tmp_path);
        }
    }
    let mut c = Command::new("git");
    clean_env(&mut c, home);
    let o = c
        .current_dir(&dest)
        .args(["rev-parse", "HEAD"])
        .output()
        .expect("git");
    assert!(o.status.success(), "{}", text(&o));
    (dest, String::from_utf8_lossy(&o.stdout).trim().to_string())
}

struct Env {
    path: String,
    pre_commit_home: PathBuf,
    cargo_target: PathBuf,
    cargo_home: Option<String>,
    rustup_home: Option<String>,
}

impl Env {
    fn apply(&self, c: &mut Command) {
        c.env("PATH", &self.path)
            .env("PRE_COMMIT_HOME", &self.pre_commit_home)
            .env("CARGO_TARGET_DIR", &self.cargo_target)
            .env("PRE_COMMIT_COLOR", "never");
        // The tests run with a private HOME; keep cargo's and rustup's real homes.
        if let Some(h) = &self.cargo_home {
            c.env("CARGO_HOME", h);
        }
        if let Some(h) = &self.rustup_home {
            c.env("RUSTUP_HOME", h);
        }
    }

    fn run(&self, r: &Repo, program: &str, args: &[&str]) -> Output {
        let mut c = Command::new(program);
        clean_env(&mut c, r.home.path());
        self.apply(&mut c);
        c.current_dir(r.path()).args(args).output().expect("run")
    }
}

/// pre-commit from PATH; `None` (the test skips) when it is missing, unless CI requires it.
fn pre_commit() -> Option<String> {
    let Some(pre_commit) = find_on_path("pre-commit") else {
        if std::env::var_os("KEEPMUM_REQUIRE_PRECOMMIT").is_some_and(|v| v != "0") {
            panic!("KEEPMUM_REQUIRE_PRECOMMIT is set but `pre-commit` is not on PATH");
        }
        eprintln!(
            "skipped: `pre-commit` is not on PATH (set KEEPMUM_REQUIRE_PRECOMMIT=1 to require it)"
        );
        return None;
    };
    Some(pre_commit.to_string_lossy().into_owned())
}

/// PATH without any directory that holds one of `names`.
fn path_without(names: &[&str]) -> String {
    let path = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .filter(|d| !names.iter().any(|n| d.join(n).exists()))
        .collect::<Vec<_>>();
    std::env::join_paths(path)
        .expect("PATH")
        .to_string_lossy()
        .into_owned()
}

/// A `.pre-commit-config.yaml` using `ids` of the hook repository.
fn hook_config(hook_repo: &Path, rev: &str, ids: &[&str]) -> String {
    let mut s = format!(
        "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n",
        hook_repo.display()
    );
    for id in ids {
        s.push_str(&format!("      - id: {id}\n"));
    }
    s
}

/// The files hook `files_hook` (alone in the config) gets file names that look like options
/// (issue 10, item 7): each must be scanned as a file, and the commit carrying a secret
/// blocked. Without `--` ending the entry's options, `--help` printed help and exited 0 with
/// nothing scanned, and `--config=x.yaml` swapped the policy for the committed one.
fn option_like_file_names(env: &Env, r: &Repo, pc: &str) {
    let git = |args: &[&str]| env.run(r, "git", args);
    // 1. A file named `--help` holding a secret.
    r.stage("--help", secret_line("pcf-dash-help"));
    let o = git(&["commit", "-m", "a file named --help"]);
    assert!(!o.status.success(), "`--help` passed:\n{}", text(&o));
    assert!(text(&o).contains("--help:1:"), "{}", text(&o));
    assert!(!text(&o).contains("Usage:"), "help printed:\n{}", text(&o));
    r.git(&["rm", "-q", "--cached", "--", "--help"]);
    std::fs::remove_file(r.path().join("--help")).expect("rm");
    // 2. A file named `--config=x.yaml` (a policy that turns every rule off) beside a
    //    secret, and a clean `--help`: the policy is not swapped, the secret is found.
    r.write("x.yaml", "extend-default: false\n");
    r.stage("--config=x.yaml", "extend-default: false\n");
    r.stage("--help", "nothing to see\n");
    r.stage("app/settings.py", secret_line("pcf-dash-config"));
    let o = git(&["commit", "-m", "option-like names and a secret"]);
    assert!(!o.status.success(), "policy swapped:\n{}", text(&o));
    assert!(text(&o).contains("app/settings.py:1:"), "{}", text(&o));
    // 3. The same files without the secret commit fine (names alone are no finding).
    r.stage("app/settings.py", "SECRET = os.environ[\"SECRET\"]\n");
    let o = git(&["commit", "-m", "clean"]);
    assert!(o.status.success(), "clean commit failed:\n{}", text(&o));
    // 4. By hand, too: `pre-commit run --all-files` passes every tracked name the same way.
    r.write("--help", secret_line("pcf-dash-run"));
    let o = env.run(r, pc, &["run", "--all-files"]);
    assert!(!o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("--help:1:"), "{}", text(&o));
}

/// `keepmum-system` and `keepmum-files-system` (`language: system`): pre-commit installs
/// nothing and runs the keepmum on PATH, here the one this test suite built. Needs only
/// pre-commit, so it runs wherever pre-commit is installed.
#[test]
fn system_hooks_end_to_end() {
    let Some(pc) = pre_commit() else { return };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let target = root.join("target");
    let bin_dir = common::bin()
        .parent()
        .expect("bin dir")
        .to_string_lossy()
        .into_owned();
    let home = tempfile::tempdir().expect("tempdir");
    let env = Env {
        path: format!("{bin_dir}:{}", path_without(&["keepmum"])),
        pre_commit_home: home.path().join("pre-commit"),
        cargo_target: target.join("pre-commit-cargo-target"),
        cargo_home: None,
        rustup_home: None,
    };
    let r = Repo::new();
    let (hook_repo, rev) = hook_repo(&root, &target, r.home.path());

    // The staged-diff hook: a secret is blocked, a clean commit passes.
    r.write(
        ".pre-commit-config.yaml",
        hook_config(&hook_repo, &rev, &["keepmum-system"]),
    );
    r.write("README.md", "demo\n");
    r.git(&["add", "-A"]);
    r.commit("config");
    let o = env.run(&r, &pc, &["install", "-t", "pre-commit"]);
    assert!(o.status.success(), "pre-commit install:\n{}", text(&o));
    let git = |args: &[&str]| env.run(&r, "git", args);
    r.stage("app/config.py", secret_line("pcf-system"));
    let o = git(&["commit", "-m", "secret"]);
    assert!(!o.status.success(), "secret commit passed:\n{}", text(&o));
    assert!(text(&o).contains("app/config.py:1:"), "{}", text(&o));
    r.stage(
        "app/config.py",
        "GITHUB_TOKEN = os.environ[\"GITHUB_TOKEN\"]\n",
    );
    let o = git(&["commit", "-m", "clean"]);
    assert!(o.status.success(), "clean commit failed:\n{}", text(&o));

    // The files hook alone, with file names that look like options.
    r.write(
        ".pre-commit-config.yaml",
        hook_config(&hook_repo, &rev, &["keepmum-files-system"]),
    );
    r.git(&["add", ".pre-commit-config.yaml"]);
    r.commit("files hook only");
    option_like_file_names(&env, &r, &pc);
}

#[test]
fn pre_commit_framework_end_to_end() {
    let Some(pc) = pre_commit() else { return };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let target = root.join("target");
    let real_home = std::env::var("HOME").ok();
    // PATH without any installed keepmum: the hook must run the one pre-commit built.
    let path = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .filter(|d| !d.join("keepmum").exists())
        .collect::<Vec<_>>();
    let env = Env {
        path: std::env::join_paths(path)
            .expect("PATH")
            .to_string_lossy()
            .into_owned(),
        pre_commit_home: target.join("pre-commit-home"),
        cargo_target: target.join("pre-commit-cargo-target"),
        cargo_home: std::env::var("CARGO_HOME")
            .ok()
            .or_else(|| real_home.as_ref().map(|h| format!("{h}/.cargo"))),
        rustup_home: std::env::var("RUSTUP_HOME")
            .ok()
            .or_else(|| real_home.as_ref().map(|h| format!("{h}/.rustup"))),
    };

    let r = Repo::new();
    let (hook_repo, rev) = hook_repo(&root, &target, r.home.path());
    r.write(
        ".pre-commit-config.yaml",
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: keepmum\n      - id: keepmum-files\n",
            hook_repo.display()
        ),
    );
    r.write("README.md", "demo\n");
    r.git(&["add", "-A"]);
    r.commit("config");

    // Build once (a release `cargo install`; minutes the first time, cached afterwards).
    let o = env.run(&r, &pc, &["install-hooks"]);
    assert!(
        o.status.success(),
        "pre-commit install-hooks:\n{}",
        text(&o)
    );
    let o = env.run(
        &r,
        &pc,
        &[
            "install",
            "-t",
            "pre-commit",
            "-t",
            "pre-merge-commit",
            "-t",
            "pre-push",
        ],
    );
    assert!(o.status.success(), "pre-commit install:\n{}", text(&o));
    let git = |args: &[&str]| env.run(&r, "git", args);

    // 1. A commit with a secret fails through the installed git hook.
    r.stage("app/config.py", secret_line("pcf-1"));
    let o = git(&["commit", "-m", "secret"]);
    assert!(!o.status.success(), "secret commit passed:\n{}", text(&o));
    assert!(text(&o).contains("app/config.py:1:"), "{}", text(&o));
    let secret = fixture("ghp_<<crc32-base62:30>>", "pcf-1");
    assert!(!text(&o).contains(&secret), "redacted:\n{}", text(&o));

    // 2. A clean commit passes.
    r.stage(
        "app/config.py",
        "GITHUB_TOKEN = os.environ[\"GITHUB_TOKEN\"]\n",
    );
    let o = git(&["commit", "-m", "clean"]);
    assert!(o.status.success(), "clean commit failed:\n{}", text(&o));

    // 3. `git commit -a` (a temporary index) is scanned too.
    r.write("app/config.py", secret_line("pcf-commit-a"));
    let o = git(&["commit", "-a", "-m", "secret via -a"]);
    assert!(!o.status.success(), "commit -a passed:\n{}", text(&o));
    assert!(text(&o).contains("app/config.py:1:"), "{}", text(&o));

    // 4. A secret already committed (bypassing hooks), nothing staged: `run --all-files`
    //    scans every tracked file instead of reporting a false all-clear.
    r.git(&["add", "app/config.py"]);
    r.commit("secret committed with --no-verify");
    assert_eq!(r.git(&["status", "--porcelain"]), "");
    let o = env.run(&r, &pc, &["run", "keepmum", "--all-files"]);
    assert!(!o.status.success(), "run --all-files passed:\n{}", text(&o));
    assert!(text(&o).contains("app/config.py:1:"), "{}", text(&o));

    // 5. The files hook scans the files it is given, whole.
    r.write("clean.py", "X = 1\n");
    let o = env.run(
        &r,
        &pc,
        &["run", "keepmum-files", "--files", "app/config.py"],
    );
    assert!(!o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("app/config.py:1:"), "{}", text(&o));
    let o = env.run(&r, &pc, &["run", "keepmum-files", "--files", "clean.py"]);
    assert!(o.status.success(), "{}", text(&o));

    // 6. pre-merge-commit: a merge that brings nothing secret passes.
    r.git(&["checkout", "-q", "-b", "side"]);
    r.stage("side.py", "S = 1\n");
    r.commit("side");
    r.git(&["checkout", "-q", "main"]);
    r.stage("main.py", "M = 1\n");
    r.commit("main");
    let o = git(&["merge", "--no-ff", "-m", "merge side", "side"]);
    assert!(o.status.success(), "clean merge failed:\n{}", text(&o));

    // 7. pre-push: pre-commit passes the pushed range (or, for a push of root commits, only
    //    the local branch). The first push carries the secret committed in step 4: blocked.
    let remote = Repo::bare();
    let url = remote.path().to_str().expect("utf-8 path").to_string();
    r.git(&["remote", "add", "origin", &url]);
    let o = git(&["push", "-q", "origin", "main"]);
    assert!(
        !o.status.success(),
        "push of a secret passed:\n{}",
        text(&o)
    );
    assert!(text(&o).contains("app/config.py:1:"), "{}", text(&o));
    assert!(!remote
        .git_output(&["rev-parse", "-q", "--verify", "refs/heads/main"])
        .status
        .success());
    // Once it is on the remote, a clean commit on top pushes fine (only new commits count)...
    assert!(git(&["push", "-q", "--no-verify", "origin", "main"])
        .status
        .success());
    r.stage("more.py", "Y = 2\n");
    r.commit("clean on top");
    let o = git(&["push", "-q", "origin", "main"]);
    assert!(o.status.success(), "clean push failed:\n{}", text(&o));
    // ...and a new secret is blocked.
    r.stage("more.py", format!("Y = 2\n{}", secret_line("pcf-push")));
    r.commit("new secret");
    let o = git(&["push", "-q", "origin", "main"]);
    assert!(
        !o.status.success(),
        "push of a new secret passed:\n{}",
        text(&o)
    );
    assert!(text(&o).contains("more.py:2:"), "{}", text(&o));
    assert!(
        !text(&o).contains("app/config.py"),
        "the secret already on the remote is not reported again:\n{}",
        text(&o)
    );
}

/// The environment-to-mode mapping of `keepmum hook`, with the variables git 2.47 and
/// pre-commit 4 were observed to set (see `app::hook_mode`). Runs without pre-commit.
#[test]
fn hook_mode_follows_the_environment() {
    use keepmum::app::{hook_mode_from, Mode};
    let mode = |vars: &[(&str, &str)]| {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        hook_mode_from(move |k| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()))
    };
    // `git commit`: git names the index (plain, -a, partial commit, merge).
    for idx in [
        ".git/index",
        "/r/.git/index.lock",
        "/r/.git/next-index-1.lock",
    ] {
        let m = mode(&[("PRE_COMMIT", "1"), ("GIT_INDEX_FILE", idx)]);
        assert!(matches!(m, Mode::Staged), "{idx}: {m:?}");
    }
    // `pre-commit run [--all-files]` by hand: every tracked file.
    assert!(matches!(mode(&[("PRE_COMMIT", "1")]), Mode::Tracked));
    // `pre-commit run --from-ref A --to-ref B`.
    let m = mode(&[
        ("PRE_COMMIT", "1"),
        ("PRE_COMMIT_FROM_REF", "A"),
        ("PRE_COMMIT_TO_REF", "B"),
    ]);
    assert!(matches!(&m, Mode::Range(r) if r == "A..B"), "{m:?}");
    // pre-push stage with a range.
    let m = mode(&[
        ("PRE_COMMIT", "1"),
        ("PRE_COMMIT_FROM_REF", "old"),
        ("PRE_COMMIT_TO_REF", "new"),
        ("PRE_COMMIT_REMOTE_NAME", "origin"),
        ("PRE_COMMIT_LOCAL_BRANCH", "refs/heads/main"),
        ("PRE_COMMIT_REMOTE_BRANCH", "refs/heads/main"),
    ]);
    match m {
        Mode::Push { tips, hide, remote } => {
            assert_eq!(
                tips,
                vec![("new".to_string(), "refs/heads/main".to_string())]
            );
            assert_eq!(hide, vec!["old".to_string()]);
            assert_eq!(remote.as_deref(), Some("origin"));
        }
        other => panic!("{other:?}"),
    }
    // pre-push stage of a push that includes root commits: no range, the local branch.
    let m = mode(&[
        ("PRE_COMMIT", "1"),
        ("PRE_COMMIT_REMOTE_NAME", "origin"),
        ("PRE_COMMIT_LOCAL_BRANCH", "refs/heads/main"),
        ("PRE_COMMIT_REMOTE_BRANCH", "refs/heads/main"),
    ]);
    assert!(
        matches!(&m, Mode::Push { tips, hide, .. } if tips[0].0 == "refs/heads/main" && hide.is_empty()),
        "{m:?}"
    );
    // Outside any framework (an installed hook run by `git hook run`): the staged diff.
    assert!(matches!(mode(&[]), Mode::Staged));
}
