//! `keepmum install` / `uninstall` and the hooks they write, driven through real git: commits
//! (plain, `-a`, partial), `core.hooksPath` (relative and global `~/`), linked worktrees,
//! `git hook run`, foreign hooks, the PATH / fallback / fail-closed logic of the script, the
//! client-side pre-push hook, and proof that scanning leaves the index and work tree alone.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{bin, clean_env, fixture, Repo};

/// A GitHub token line; the token is assembled at run time from `seed`.
fn secret_line(seed: &str) -> String {
    format!(
        "GITHUB_TOKEN = \"{}\"\n",
        fixture("ghp_<<crc32-base62:30>>", seed)
    )
}

/// PATH without any directory that holds a `keepmum` (so a hook's choice is deterministic).
fn path_without_keepmum() -> String {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs: Vec<PathBuf> = std::env::split_paths(&path)
        .filter(|d| !d.join("keepmum").exists())
        .collect();
    std::env::join_paths(dirs)
        .expect("join PATH")
        .to_string_lossy()
        .into_owned()
}

/// `git ARGS` in `dir` with hooks enabled and a controlled PATH.
fn git_in(r: &Repo, dir: &Path, args: &[&str], path: &str) -> Output {
    let mut c = Command::new("git");
    clean_env(&mut c, r.home.path());
    c.current_dir(dir).args(args).env("PATH", path);
    c.output().expect("run git")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// `git commit` through the hooks (no `--no-verify`).
fn commit(r: &Repo, extra: &[&str]) -> Output {
    let mut args = vec!["commit", "-q", "-m", "change"];
    args.extend_from_slice(extra);
    git_in(r, r.path(), &args, &path_without_keepmum())
}

fn head(r: &Repo) -> Option<String> {
    let o = r.git_output(&["rev-parse", "--verify", "-q", "HEAD"]);
    o.status
        .success()
        .then(|| String::from_utf8_lossy(&o.stdout).trim().to_string())
}

fn install(r: &Repo, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["install"];
    all.extend_from_slice(args);
    r.keepmum(&all)
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.permissions().mode() & 0o111 == 0o111)
}

#[test]
fn installed_hook_blocks_a_secret_commit_and_allows_a_clean_one() {
    let r = Repo::new();
    let (code, out, err) = install(&r, &[]);
    assert_eq!(code, 0, "{out}{err}");
    let hook = r.path().join(".git/hooks/pre-commit");
    assert!(out.contains("installed the pre-commit hook"), "{out}");
    let script = std::fs::read_to_string(&hook).expect("hook written");
    assert!(script.starts_with("#!/bin/sh\n"), "{script}");
    assert!(script.contains("# installed by keepmum"), "{script}");
    assert!(
        script.contains(&bin().display().to_string()),
        "the script falls back to the installing binary: {script}"
    );
    assert!(is_executable(&hook));

    r.stage("app/config.py", secret_line("hooks-basic"));
    let o = commit(&r, &[]);
    assert!(!o.status.success(), "secret commit must fail: {}", text(&o));
    assert!(text(&o).contains("app/config.py:1:"), "{}", text(&o));
    assert!(text(&o).contains("finding(s)"), "{}", text(&o));
    assert_eq!(head(&r), None, "no commit was made");

    r.stage(
        "app/config.py",
        "GITHUB_TOKEN = os.environ[\"GITHUB_TOKEN\"]\n",
    );
    let o = commit(&r, &[]);
    assert!(o.status.success(), "clean commit must pass: {}", text(&o));
    assert!(head(&r).is_some());
}

/// `git commit -a` builds a temporary index (`.git/index.lock`) and runs the hook with
/// `GIT_INDEX_FILE` pointing at it: the unstaged secret is in what is being committed.
#[test]
fn commit_all_is_scanned_through_the_temporary_index() {
    let r = Repo::new();
    r.stage("app/config.py", "X = 1\n");
    r.commit("base");
    assert_eq!(install(&r, &[]).0, 0);

    // Control: the secret is only in the work tree and a plain commit does not include it.
    r.write(
        "app/config.py",
        format!("X = 1\n{}", secret_line("hooks-all")),
    );
    r.stage("README.md", "hello\n");
    let o = commit(&r, &[]);
    assert!(
        o.status.success(),
        "an unstaged secret is not committed: {}",
        text(&o)
    );
    let before = head(&r);

    let o = commit(&r, &["-a"]);
    assert!(
        !o.status.success(),
        "commit -a includes the secret: {}",
        text(&o)
    );
    assert!(text(&o).contains("app/config.py:2:"), "{}", text(&o));
    assert_eq!(head(&r), before);
}

/// `git commit PATH` commits the work-tree version of PATH only, through a temporary
/// `next-index-*.lock`: a secret there is blocked, a secret staged in another file is not part
/// of the commit.
#[test]
fn partial_commit_scans_exactly_what_is_committed() {
    let r = Repo::new();
    r.stage("a.py", "A = 1\n");
    r.stage("b.py", "B = 1\n");
    r.commit("base");
    assert_eq!(install(&r, &[]).0, 0);

    r.write("b.py", format!("B = 1\n{}", secret_line("hooks-partial-b")));
    let o = commit(&r, &["b.py"]);
    assert!(!o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("b.py:2:"), "{}", text(&o));

    // A staged secret in a.py, a clean change to b.py committed alone: allowed.
    r.stage("a.py", format!("A = 1\n{}", secret_line("hooks-partial-a")));
    r.write("b.py", "B = 2\n");
    let before = head(&r);
    let o = commit(&r, &["b.py"]);
    assert!(
        o.status.success(),
        "a.py is not in this commit: {}",
        text(&o)
    );
    assert_ne!(head(&r), before);
    let committed = r.git(&["show", "HEAD:a.py"]);
    assert_eq!(committed, "A = 1\n");
    // And a.py's staged secret is still caught when it is committed.
    let o = commit(&r, &[]);
    assert!(!o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("a.py:2:"), "{}", text(&o));
}

#[test]
fn relative_core_hooks_path_is_respected() {
    let r = Repo::new();
    r.git(&["config", "core.hooksPath", ".githooks"]);
    let (code, out, err) = install(&r, &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(r.path().join(".githooks/pre-commit").is_file(), "{out}");
    assert!(!r.path().join(".git/hooks/pre-commit").exists());
    r.stage("app/config.py", secret_line("hooks-path"));
    let o = commit(&r, &[]);
    assert!(!o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("finding(s)"), "{}", text(&o));
}

/// The README's global set-up: `git config --global core.hooksPath ~/.githooks`.
#[test]
fn global_hooks_path_with_tilde() {
    let r = Repo::new();
    r.git(&["config", "--global", "core.hooksPath", "~/.githooks"]);
    let (code, out, err) = install(&r, &[]);
    assert_eq!(code, 0, "{out}{err}");
    let hook = r.home.path().join(".githooks/pre-commit");
    assert!(hook.is_file(), "{out}");
    r.stage("app/config.py", secret_line("hooks-global"));
    let o = commit(&r, &[]);
    assert!(!o.status.success(), "{}", text(&o));

    // Any other repository of this user is covered too.
    let other = tempfile::tempdir().expect("tempdir");
    let p = path_without_keepmum();
    assert!(
        git_in(&r, other.path(), &["init", "-q", "-b", "main", "."], &p)
            .status
            .success()
    );
    std::fs::write(other.path().join("x.py"), secret_line("hooks-global-2")).expect("write");
    assert!(git_in(&r, other.path(), &["add", "x.py"], &p)
        .status
        .success());
    let o = git_in(&r, other.path(), &["commit", "-q", "-m", "x"], &p);
    assert!(!o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("x.py:1:"), "{}", text(&o));
}

/// A linked worktree runs the hooks of the common git dir; installing from it writes there.
#[test]
fn linked_worktree_uses_the_common_hooks() {
    let r = Repo::new();
    r.stage("README.md", "hi\n");
    r.commit("base");
    let wt_parent = tempfile::tempdir().expect("tempdir");
    let wt = wt_parent.path().join("wt");
    r.git(&[
        "worktree",
        "add",
        "-q",
        "-b",
        "side",
        wt.to_str().expect("utf-8 path"),
    ]);

    let mut c = r.keepmum_cmd(&["install"]);
    c.current_dir(&wt);
    let o = c.output().expect("run keepmum");
    assert!(o.status.success(), "{}", text(&o));
    assert!(r.path().join(".git/hooks/pre-commit").is_file());

    let p = path_without_keepmum();
    std::fs::write(wt.join("config.py"), secret_line("hooks-wt")).expect("write");
    assert!(git_in(&r, &wt, &["add", "config.py"], &p).status.success());
    let o = git_in(&r, &wt, &["commit", "-q", "-m", "x"], &p);
    assert!(!o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("config.py:1:"), "{}", text(&o));

    std::fs::write(wt.join("config.py"), "X = 1\n").expect("write");
    assert!(git_in(&r, &wt, &["add", "config.py"], &p).status.success());
    let o = git_in(&r, &wt, &["commit", "-q", "-m", "x"], &p);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn foreign_hook_is_refused_without_force_and_kept_as_backup() {
    let r = Repo::new();
    let hook = r.path().join(".git/hooks/pre-commit");
    std::fs::create_dir_all(hook.parent().expect("parent")).expect("mkdir");
    let foreign = "#!/bin/sh\necho mine\n";
    std::fs::write(&hook, foreign).expect("write");

    let (code, out, err) = install(&r, &[]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&hook).expect("read"), foreign);

    let (code, _, err) = r.keepmum(&["uninstall"]);
    assert_eq!(code, 2, "uninstall leaves a foreign hook alone: {err}");
    assert_eq!(std::fs::read_to_string(&hook).expect("read"), foreign);

    let (code, out, err) = install(&r, &["--force"]);
    assert_eq!(code, 0, "{out}{err}");
    let backup = r.path().join(".git/hooks/pre-commit.keepmum-backup");
    assert_eq!(std::fs::read_to_string(&backup).expect("backup"), foreign);
    assert!(std::fs::read_to_string(&hook)
        .expect("read")
        .contains("# installed by keepmum"));

    // Re-installing over its own hook needs no --force.
    let (code, out, err) = install(&r, &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("updated"), "{out}");

    let (code, out, _) = r.keepmum(&["uninstall"]);
    assert_eq!(code, 0, "{out}");
    assert!(!hook.exists());
    let (code, out, _) = r.keepmum(&["uninstall"]);
    assert_eq!(code, 0, "nothing to remove is fine: {out}");
    assert!(backup.exists(), "uninstall never touches the backup");
}

#[test]
fn pre_commit_framework_hook_gets_a_pointed_message() {
    let r = Repo::new();
    r.write(
        ".git/hooks/pre-commit",
        "#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\n",
    );
    let (code, _, err) = install(&r, &[]);
    assert_eq!(code, 2);
    assert!(err.contains(".pre-commit-config.yaml"), "{err}");
}

#[test]
fn git_hook_run_pre_commit_works() {
    let r = Repo::new();
    assert_eq!(install(&r, &[]).0, 0);
    let p = path_without_keepmum();
    r.stage("app/config.py", secret_line("hooks-run"));
    let o = git_in(&r, r.path(), &["hook", "run", "pre-commit"], &p);
    assert!(!o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("app/config.py:1:"), "{}", text(&o));
    r.stage("app/config.py", "X = 1\n");
    let o = git_in(&r, r.path(), &["hook", "run", "pre-commit"], &p);
    assert!(o.status.success(), "{}", text(&o));
}

/// The script prefers `keepmum` on PATH, falls back to the installing binary, and blocks
/// (exit 2 with a message) when neither exists.
#[test]
fn hook_script_path_fallback_and_fail_closed() {
    let r = Repo::new();
    let tools = tempfile::tempdir().expect("tempdir");
    // An installing binary that will disappear.
    let copy = tools.path().join("gone/keepmum");
    std::fs::create_dir_all(copy.parent().expect("parent")).expect("mkdir");
    std::fs::copy(bin(), &copy).expect("copy binary");
    let mut c = Command::new(&copy);
    clean_env(&mut c, r.home.path());
    c.current_dir(r.path())
        .arg("install")
        .env("PATH", path_without_keepmum());
    // A binary copied just now can still be open for writing in a child another test thread
    // forked meanwhile (ETXTBSY, "text file busy"): retry briefly instead of failing.
    let mut tries = 0;
    let o = loop {
        match c.output() {
            Err(e) if e.raw_os_error() == Some(26) && tries < 50 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => break other.expect("install"),
        }
    };
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("not on PATH"),
        "install warns that the hook depends on the fallback: {}",
        text(&o)
    );
    r.stage("app/config.py", "X = 1\n");

    // 1. On PATH: a wrapper that leaves a trace and runs the real binary.
    let wrapper_dir = tools.path().join("bin");
    std::fs::create_dir_all(&wrapper_dir).expect("mkdir");
    let trace = tools.path().join("trace");
    let wrapper = wrapper_dir.join("keepmum");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\necho used >> '{}'\nexec '{}' \"$@\"\n",
            trace.display(),
            bin().display()
        ),
    )
    .expect("write wrapper");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let with_wrapper = format!("{}:{}", wrapper_dir.display(), path_without_keepmum());
    let o = git_in(&r, r.path(), &["hook", "run", "pre-commit"], &with_wrapper);
    assert!(o.status.success(), "{}", text(&o));
    assert!(trace.exists(), "the PATH keepmum was used");

    // 2. Not on PATH: the installing binary (still there).
    let p = path_without_keepmum();
    let o = git_in(&r, r.path(), &["hook", "run", "pre-commit"], &p);
    assert!(o.status.success(), "{}", text(&o));

    // 3. Neither: blocked, with a message; never a silent pass.
    std::fs::remove_file(&copy).expect("remove copy");
    let o = git_in(&r, r.path(), &["hook", "run", "pre-commit"], &p);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("cannot scan this commit"), "{}", text(&o));
    let o = commit(&r, &[]);
    assert!(!o.status.success(), "{}", text(&o));
    assert_eq!(head(&r), None);
}

/// Scanning never writes: the index, the work tree and the refs are byte-for-byte unchanged,
/// and no lock file is left behind.
#[test]
fn scans_leave_index_and_work_tree_untouched() {
    let r = Repo::new();
    r.stage("app/config.py", "X = 1\n");
    r.stage("app/other.py", "Y = 1\n");
    r.commit("base");
    r.stage("app/config.py", format!("X = 1\n{}", secret_line("ro-1")));
    // An unstaged change on top, and an untracked file.
    r.write("app/config.py", format!("X = 2\n{}", secret_line("ro-2")));
    r.write("untracked.py", secret_line("ro-3"));
    let files = [
        ".git/index",
        ".git/HEAD",
        ".git/refs/heads/main",
        "app/config.py",
        "app/other.py",
        "untracked.py",
    ];
    let before: Vec<_> = files.iter().map(|f| r.file_hash(f)).collect();
    assert!(before.iter().all(Option::is_some));
    for args in [
        vec!["scan", "--staged"],
        vec!["scan", "--tracked"],
        vec!["scan", "--all", "--no-progress"],
        vec!["hook"],
    ] {
        let (code, out, err) = r.keepmum(&args);
        assert!(code == 0 || code == 1, "{args:?}: {out}{err}");
    }
    let (code, _, _) = r.keepmum(&["scan", "--staged"]);
    assert_eq!(code, 1);
    let after: Vec<_> = files.iter().map(|f| r.file_hash(f)).collect();
    assert_eq!(before, after, "keepmum modified the repository");
    assert!(!r.path().join(".git/index.lock").exists());
    let status = r.git(&["status", "--porcelain"]);
    assert_eq!(status, "MM app/config.py\n?? untracked.py\n");
}

#[test]
fn install_needs_a_repository_with_a_work_tree() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = tempfile::tempdir().expect("tempdir");
    let mut c = Command::new(bin());
    clean_env(&mut c, home.path());
    let o = c
        .current_dir(dir.path())
        .env(
            "GIT_CEILING_DIRECTORIES",
            dir.path().parent().expect("parent"),
        )
        .arg("install")
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));

    let b = Repo::bare();
    let (code, _, err) = b.keepmum(&["install"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("pre-receive"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Client-side pre-push hook (`keepmum install --hook pre-push`).

/// A clone-like client with a bare `origin` (no server-side hook).
fn client_and_remote() -> (Repo, Repo) {
    let remote = Repo::bare();
    let r = Repo::new();
    r.git(&[
        "remote",
        "add",
        "origin",
        remote.path().to_str().expect("utf-8 path"),
    ]);
    (r, remote)
}

fn push(r: &Repo, args: &[&str]) -> Output {
    let mut all = vec!["push", "-q"];
    all.extend_from_slice(args);
    git_in(r, r.path(), &all, &path_without_keepmum())
}

fn remote_ref(remote: &Repo, name: &str) -> Option<String> {
    let o = remote.git_output(&["rev-parse", "--verify", "-q", name]);
    o.status
        .success()
        .then(|| String::from_utf8_lossy(&o.stdout).trim().to_string())
}

#[test]
fn pre_push_hook_scans_only_commits_the_remote_lacks() {
    let (r, remote) = client_and_remote();
    let (code, out, err) = install(&r, &["--hook", "pre-push"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(r.path().join(".git/hooks/pre-push").is_file());

    r.stage("app.py", "X = 1\n");
    let c1 = r.commit("clean");
    let o = push(&r, &["origin", "main"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(remote_ref(&remote, "refs/heads/main"), Some(c1.clone()));

    // A new commit with a secret: blocked, the remote keeps its value.
    r.stage("app.py", format!("X = 1\n{}", secret_line("push-1")));
    let c2 = r.commit("secret");
    let o = push(&r, &["origin", "main"]);
    assert!(!o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("app.py:2:"), "{}", text(&o));
    assert!(
        text(&o).contains(&c2[..12]),
        "the commit is named: {}",
        text(&o)
    );
    assert_eq!(remote_ref(&remote, "refs/heads/main"), Some(c1));

    // Pushed anyway (--no-verify): it is on the remote now and is not reported again.
    assert!(push(&r, &["--no-verify", "origin", "main"])
        .status
        .success());
    r.stage("other.py", "Y = 1\n");
    r.commit("clean on top");
    let o = push(&r, &["origin", "main"]);
    assert!(
        o.status.success(),
        "only the new commit is scanned: {}",
        text(&o)
    );

    // A new branch: only its own commits count.
    r.git(&["checkout", "-q", "-b", "feature"]);
    r.stage("feature.py", "Z = 1\n");
    r.commit("feature");
    let o = push(&r, &["origin", "feature"]);
    assert!(o.status.success(), "{}", text(&o));
    r.stage("feature.py", format!("Z = 1\n{}", secret_line("push-2")));
    r.commit("feature secret");
    let o = push(&r, &["origin", "feature:feature2"]);
    assert!(!o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("feature.py:2:"), "{}", text(&o));
    assert_eq!(remote_ref(&remote, "refs/heads/feature2"), None);

    // Deleting a branch pushes nothing to scan.
    let o = push(&r, &["origin", ":feature"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(remote_ref(&remote, "refs/heads/feature"), None);
}

#[test]
fn pre_push_reads_stdin_directly() {
    let (r, _remote) = client_and_remote();
    r.stage("app.py", secret_line("push-direct"));
    let c = r.commit("secret");
    let zeros = "0".repeat(40);
    let run = |input: String| {
        common::output_with_stdin(r.keepmum_cmd(&["pre-push", "origin", "unused-url"]), &input)
    };
    let o = run(format!("refs/heads/main {c} refs/heads/main {zeros}\n"));
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    // Deletion only: nothing to scan.
    let o = run(format!("(delete) {zeros} refs/heads/old {c}\n"));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // Garbage: exit 2, never 0.
    let o = run("this is not hook input\n".to_string());
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    // Unknown pushed object: exit 2.
    let o = run(format!(
        "refs/heads/main {} refs/heads/main {zeros}\n",
        "1".repeat(40)
    ));
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}
