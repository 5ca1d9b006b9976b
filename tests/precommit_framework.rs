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
use std::sync::Mutex;
use std::time::{Duration, Instant};

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

fn token(seed: &str) -> String {
    fixture("ghp_<<crc32-base62:30>>", seed)
}

fn secret_line(seed: &str) -> String {
    format!("GITHUB_TOKEN = \"{}\"\n", token(seed))
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
        "pyproject.toml",
    ] {
        if root.join(f).is_file() {
            out.push(PathBuf::from(f));
        }
    }
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap_or_default();
    let mut dirs = vec![
        "src",
        "rules",
        "data",
        "hooks",
        "benches",
        "examples",
        "packaging",
    ];
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

#[derive(Default)]
struct Env {
    path: String,
    pre_commit_home: PathBuf,
    cargo_target: Option<PathBuf>,
    cargo_home: Option<String>,
    rustup_home: Option<String>,
    /// More variables to set.
    vars: Vec<(&'static str, String)>,
    /// Variables to remove from the inherited environment.
    unset: Vec<&'static str>,
}

impl Env {
    fn apply(&self, c: &mut Command) {
        c.env("PATH", &self.path)
            .env("PRE_COMMIT_HOME", &self.pre_commit_home)
            .env("PRE_COMMIT_COLOR", "never");
        if let Some(t) = &self.cargo_target {
            c.env("CARGO_TARGET_DIR", t);
        }
        // The tests run with a private HOME; keep cargo's and rustup's real homes.
        if let Some(h) = &self.cargo_home {
            c.env("CARGO_HOME", h);
        }
        if let Some(h) = &self.rustup_home {
            c.env("RUSTUP_HOME", h);
        }
        for k in &self.unset {
            c.env_remove(k);
        }
        for (k, v) in &self.vars {
            c.env(k, v);
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

/// The environment of the `language: system` hooks: the keepmum this test suite built first
/// on PATH (any other keepmum removed from it), pre-commit's home under `home`.
fn system_env(home: &Path) -> Env {
    let bin_dir = common::bin()
        .parent()
        .expect("bin dir")
        .to_string_lossy()
        .into_owned();
    Env {
        path: format!("{bin_dir}:{}", path_without(&["keepmum"])),
        pre_commit_home: home.join("pre-commit"),
        ..Env::default()
    }
}

/// `keepmum-system` and `keepmum-files-system` (`language: system`): pre-commit installs
/// nothing and runs the keepmum on PATH, here the one this test suite built. Needs only
/// pre-commit, so it runs wherever pre-commit is installed.
#[test]
fn system_hooks_end_to_end() {
    let Some(pc) = pre_commit() else { return };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let target = root.join("target");
    let home = tempfile::tempdir().expect("tempdir");
    let env = system_env(home.path());
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

/// The commit-msg stage through pre-commit: with `hook` in the config and `pre-commit install
/// --hook-type commit-msg`, git's commit-msg hook runs pre-commit, which passes the message
/// file: a message carrying a secret is rejected (redacted, named `(message):LINE:COL`), a
/// clean one passes, and the secret in the message is the only thing judged (the staged file
/// is clean).
fn commit_msg_stage(env: &Env, r: &Repo, pc: &str, seed: &str) {
    let o = env.run(r, pc, &["install", "--hook-type", "commit-msg"]);
    assert!(o.status.success(), "pre-commit install:\n{}", text(&o));
    assert!(r.path().join(".git/hooks/commit-msg").is_file());
    let git = |args: &[&str]| env.run(r, "git", args);
    let secret = token(seed);
    r.stage("notes.txt", "release notes\n");
    let o = git(&["commit", "-m", &format!("deploy\n\nused {secret} for it")]);
    assert!(!o.status.success(), "secret message passed:\n{}", text(&o));
    assert!(text(&o).contains("(message):3:6"), "{}", text(&o));
    assert!(text(&o).contains("github-pat"), "{}", text(&o));
    assert!(!text(&o).contains(&secret), "redacted:\n{}", text(&o));
    let head = r.git(&["rev-parse", "HEAD"]);
    let o = git(&["commit", "-m", "deploy with the token from the vault"]);
    assert!(o.status.success(), "clean message failed:\n{}", text(&o));
    assert_ne!(r.git(&["rev-parse", "HEAD"]), head, "committed");
}

/// `keepmum-commit-msg-system` (`language: system`) at the commit-msg stage, with the keepmum
/// this test suite built on PATH.
#[test]
fn commit_msg_stage_system_hook() {
    let Some(pc) = pre_commit() else { return };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let target = root.join("target");
    let home = tempfile::tempdir().expect("tempdir");
    let env = system_env(home.path());
    let r = Repo::new();
    let (hook_repo, rev) = hook_repo(&root, &target, r.home.path());
    r.write(
        ".pre-commit-config.yaml",
        hook_config(&hook_repo, &rev, &["keepmum-commit-msg-system"]),
    );
    r.git(&["add", "-A"]);
    r.commit("config");
    commit_msg_stage(&env, &r, &pc, "pcf-msg-system");
}

/// The source hooks (`keepmum-src`, `keepmum-files-src`, `language: rust`): pre-commit
/// builds keepmum with `cargo install`. Its install time is recorded beside the python hook's
/// (see [`record_install_time`]).
#[test]
fn pre_commit_framework_end_to_end() {
    let Some(pc) = pre_commit() else { return };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let target = root.join("target");
    let real_home = std::env::var("HOME").ok();
    let cargo_target = target.join("pre-commit-cargo-target");
    let env = Env {
        // PATH without any installed keepmum: the hook must run the one pre-commit built.
        path: path_without(&["keepmum"]),
        pre_commit_home: target.join("pre-commit-home"),
        cargo_target: Some(cargo_target.clone()),
        cargo_home: std::env::var("CARGO_HOME")
            .ok()
            .or_else(|| real_home.as_ref().map(|h| format!("{h}/.cargo"))),
        rustup_home: std::env::var("RUSTUP_HOME")
            .ok()
            .or_else(|| real_home.as_ref().map(|h| format!("{h}/.rustup"))),
        ..Env::default()
    };

    let r = Repo::new();
    let (hook_repo, rev) = hook_repo(&root, &target, r.home.path());
    r.write(
        ".pre-commit-config.yaml",
        hook_config(
            &hook_repo,
            &rev,
            &["keepmum-src", "keepmum-files-src", "keepmum-commit-msg-src"],
        ),
    );
    r.write("README.md", "demo\n");
    r.git(&["add", "-A"]);
    r.commit("config");

    // Build once (a release `cargo install`; minutes the first time, cached afterwards).
    let cold = !cargo_target.join("release").is_dir();
    let (o, took) = {
        let _serial = INSTALLS.lock().unwrap_or_else(|e| e.into_inner());
        let start = Instant::now();
        (env.run(&r, &pc, &["install-hooks"]), start.elapsed())
    };
    assert!(
        o.status.success(),
        "pre-commit install-hooks:\n{}",
        text(&o)
    );
    record_install_time(
        "source hook (keepmum-src, language: rust)",
        took,
        if cold {
            "cold: empty cargo target dir"
        } else {
            "warm: cargo target dir of an earlier run, incremental build or none"
        },
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

    // 2b. The commit-msg stage, from the same cargo-installed environment.
    commit_msg_stage(&env, &r, &pc, "pcf-msg-src");

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
    let o = env.run(&r, &pc, &["run", "keepmum-src", "--all-files"]);
    assert!(!o.status.success(), "run --all-files passed:\n{}", text(&o));
    assert!(text(&o).contains("app/config.py:1:"), "{}", text(&o));

    // 5. The files hook scans the files it is given, whole.
    r.write("clean.py", "X = 1\n");
    let o = env.run(
        &r,
        &pc,
        &["run", "keepmum-files-src", "--files", "app/config.py"],
    );
    assert!(!o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("app/config.py:1:"), "{}", text(&o));
    let o = env.run(
        &r,
        &pc,
        &["run", "keepmum-files-src", "--files", "clean.py"],
    );
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

    // 8. The files hook alone, with file names that look like options.
    r.write(
        ".pre-commit-config.yaml",
        hook_config(&hook_repo, &rev, &["keepmum-files-src"]),
    );
    r.git(&["add", ".pre-commit-config.yaml"]);
    r.commit("files hook only");
    option_like_file_names(&env, &r, &pc);
}

/// Install phases of the hook tests run one at a time, so the times they record are not
/// inflated by each other (a cargo build takes both cores).
static INSTALLS: Mutex<()> = Mutex::new(());

/// Prints how long `pre-commit install-hooks` took and appends it to
/// `target/precommit-install-times.txt`, which `.ci/run` prints at the end of a run.
fn record_install_time(hook: &str, took: Duration, note: &str) {
    let line = format!(
        "{hook}: pre-commit install-hooks took {:.1} s ({note})",
        took.as_secs_f64()
    );
    eprintln!("{line}");
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/precommit-install-times.txt");
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        use std::io::Write;
        let _ = writeln!(f, "{line}");
    }
}

/// The wheel `scripts/build-wheel.sh` built for this version: in `KEEPMUM_WHEEL_DIR`, else
/// `target/wheels`. `None` (the test skips) when there is none or it is older than the
/// sources; CI builds it and sets `KEEPMUM_REQUIRE_WHEEL=1`, which makes that a failure.
fn wheel_dir(root: &Path) -> Option<PathBuf> {
    let required = std::env::var_os("KEEPMUM_REQUIRE_WHEEL").is_some_and(|v| v != "0");
    let skip = |why: String| {
        if required {
            panic!("KEEPMUM_REQUIRE_WHEEL is set but {why}");
        }
        eprintln!("skipped: {why} (scripts/build-wheel.sh builds it; KEEPMUM_REQUIRE_WHEEL=1 requires it)");
        None
    };
    let dir = std::env::var_os("KEEPMUM_WHEEL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/wheels"));
    let prefix = format!("keepmum-{}-", env!("CARGO_PKG_VERSION"));
    let wheel = std::fs::read_dir(&dir).ok().and_then(|rd| {
        rd.flatten().map(|e| e.path()).find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".whl"))
        })
    });
    let Some(wheel) = wheel else {
        return skip(format!("no {prefix}*.whl in {}", dir.display()));
    };
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let built = modified(&wheel);
    // What goes into the wheel: the crate's sources and packaging/pypi.
    let newer = build_inputs(root)
        .into_iter()
        .filter(|f| {
            ["src", "rules", "data", "hooks", "packaging/pypi"]
                .iter()
                .any(|d| f.starts_with(d))
                || ["Cargo.toml", "Cargo.lock", "build.rs"]
                    .iter()
                    .any(|n| f.as_path() == Path::new(n))
        })
        .find(|f| modified(&root.join(f)) > built);
    if let Some(f) = newer {
        return skip(format!(
            "{} is older than {} (rebuild it)",
            wheel.display(),
            f.display()
        ));
    }
    Some(dir)
}

/// The `keepmum` hook (`language: python`) as Python teams get it: pre-commit pip-installs
/// the repository root, a placeholder requiring `keepmum==<version>`, and pip takes the
/// binary wheel, here the one built locally, found through `PIP_FIND_LINKS` with the index
/// off. No cargo or rustc on PATH: nothing is compiled. Records the install time.
#[test]
fn python_hook_end_to_end() {
    let Some(pc) = pre_commit() else { return };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let Some(wheels) = wheel_dir(&root) else {
        return;
    };
    let target = root.join("target");
    let pre_commit_home = tempfile::tempdir().expect("tempdir");
    let env = Env {
        path: path_without(&["keepmum", "cargo", "rustc", "rustup"]),
        pre_commit_home: pre_commit_home.path().to_path_buf(),
        vars: vec![
            ("PIP_FIND_LINKS", wheels.to_string_lossy().into_owned()),
            ("PIP_NO_INDEX", "1".into()),
        ],
        unset: vec![
            "CARGO_HOME",
            "RUSTUP_HOME",
            "CARGO",
            "RUSTC",
            "CARGO_TARGET_DIR",
        ],
        ..Env::default()
    };
    let r = Repo::new();
    // The hook's environment really has no Rust toolchain.
    let o = env.run(
        &r,
        "sh",
        &["-c", "command -v cargo || command -v rustc || echo none"],
    );
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "none");
    let (hook_repo, rev) = hook_repo(&root, &target, r.home.path());
    r.write(
        ".pre-commit-config.yaml",
        hook_config(&hook_repo, &rev, &["keepmum"]),
    );
    r.write("README.md", "demo\n");
    r.git(&["add", "-A"]);
    r.commit("config");

    let (o, took) = {
        let _serial = INSTALLS.lock().unwrap_or_else(|e| e.into_inner());
        let start = Instant::now();
        (env.run(&r, &pc, &["install-hooks"]), start.elapsed())
    };
    assert!(
        o.status.success(),
        "pre-commit install-hooks:\n{}",
        text(&o)
    );
    record_install_time(
        "python hook (keepmum, language: python)",
        took,
        "cold: new PRE_COMMIT_HOME, no pip cache, wheel from PIP_FIND_LINKS",
    );
    // pip installed the wheel's binary into the hook's virtualenv.
    let installed: Vec<PathBuf> = std::fs::read_dir(pre_commit_home.path())
        .expect("PRE_COMMIT_HOME")
        .flatten()
        .filter_map(|e| std::fs::read_dir(e.path()).ok())
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin/keepmum"))
        .filter(|p| p.is_file())
        .collect();
    assert_eq!(installed.len(), 1, "{installed:?}");
    let o = env.run(&r, &installed[0].to_string_lossy(), &["--version"]);
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        format!("keepmum {}", env!("CARGO_PKG_VERSION"))
    );

    let o = env.run(&r, &pc, &["install", "-t", "pre-commit"]);
    assert!(o.status.success(), "pre-commit install:\n{}", text(&o));
    let git = |args: &[&str]| env.run(&r, "git", args);
    r.stage("app/config.py", secret_line("pcf-python"));
    let o = git(&["commit", "-m", "secret"]);
    assert!(!o.status.success(), "secret commit passed:\n{}", text(&o));
    assert!(text(&o).contains("app/config.py:1:"), "{}", text(&o));
    assert!(
        !text(&o).contains(&token("pcf-python")),
        "redacted:\n{}",
        text(&o)
    );
    r.stage(
        "app/config.py",
        "GITHUB_TOKEN = os.environ[\"GITHUB_TOKEN\"]\n",
    );
    let o = git(&["commit", "-m", "clean"]);
    assert!(o.status.success(), "clean commit failed:\n{}", text(&o));

    // The files hook of the same environment (nothing more to install).
    r.write(
        ".pre-commit-config.yaml",
        hook_config(&hook_repo, &rev, &["keepmum-files"]),
    );
    r.git(&["add", ".pre-commit-config.yaml"]);
    r.commit("files hook only");
    option_like_file_names(&env, &r, &pc);
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
