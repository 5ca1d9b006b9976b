//! History and file modes through real repositories: `scan --all`, `scan --range`,
//! `scan --no-git`, attribution of each finding to the commit that added it, merges, progress
//! output, and `--report-unused-ignores`.

mod common;

use std::process::Command;

use common::{bin, clean_env, fixture, Repo};
use serde_json::Value;

fn token(seed: &str) -> String {
    fixture("ghp_<<crc32-base62:30>>", seed)
}

fn secret_line(seed: &str) -> String {
    format!("GITHUB_TOKEN = \"{}\"\n", token(seed))
}

/// Runs a scan with `--format json` and returns (exit code, findings).
fn json_scan(r: &Repo, args: &[&str]) -> (i32, Vec<Value>) {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--format", "json", "--no-progress"]);
    let (code, out, err) = r.keepmum(&all);
    let v: Value = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}):\n{out}\n{err}"));
    (code, v["findings"].as_array().expect("array").clone())
}

/// (commit, path, line) of each finding, sorted (the order of commits made within the same
/// second is not something to depend on).
fn places(f: &[Value]) -> Vec<(String, String, u64)> {
    let mut v: Vec<_> = f
        .iter()
        .map(|x| {
            (
                x["commit"].as_str().unwrap_or("").to_string(),
                x["path"].as_str().expect("path").to_string(),
                x["line"].as_u64().expect("line"),
            )
        })
        .collect();
    v.sort();
    v
}

fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort();
    v
}

#[test]
fn each_finding_is_attributed_to_the_commit_that_added_it() {
    let r = Repo::new();
    r.stage(
        "app/settings.py",
        format!("X = 1\n{}", secret_line("hist-a")),
    );
    let c1 = r.commit("add A");
    r.stage(
        "app/settings.py",
        format!("X = 2\n{}", secret_line("hist-a")),
    );
    r.commit("edit another line of the same file");
    r.stage(
        "app/settings.py",
        format!("X = 2\n{}{}", secret_line("hist-a"), secret_line("hist-b")),
    );
    let c3 = r.commit("add B");
    r.stage("other.py", "Y = 1\n");
    r.commit("unrelated");

    let (code, f) = json_scan(&r, &["scan", "--all"]);
    assert_eq!(code, 1);
    assert_eq!(
        places(&f),
        sorted(vec![
            (c1, "app/settings.py".to_string(), 2),
            (c3, "app/settings.py".to_string(), 3),
        ])
    );
}

/// Commit dates that run against the graph (a rebase, an import, a skewed clock: here each
/// child is dated a day before its parent), in a packed repository so that the history scan
/// reads through its pack reader: each finding is still attributed to the commit that added
/// it, and a scan of the same history with dates in order reports the same places.
#[test]
fn attribution_holds_when_commit_dates_run_backwards() {
    let build = |backwards: bool| {
        let r = Repo::new();
        let mut lines: Vec<String> = (0..40).map(|i| format!("X{i} = {i}\n")).collect();
        let mut added = Vec::new();
        for c in 0..12u32 {
            let day = if backwards { 28 - c } else { 10 + c };
            let when = format!("2020-01-{day:02}T12:00:00Z");
            lines[(c as usize * 7) % 40] = format!("X = {c}\n");
            if c % 4 == 1 {
                lines.push(secret_line(&format!("backwards-{c}")));
            }
            r.stage("app/settings.py", lines.concat());
            r.stage(&format!("other{}.py", c % 3), format!("Y = {c}\n"));
            let mut cmd = r.git_cmd(&["commit", "-q", "--no-verify", "-m", &format!("c{c}")]);
            cmd.env("GIT_COMMITTER_DATE", &when)
                .env("GIT_AUTHOR_DATE", &when);
            assert!(cmd.status().expect("git commit").success());
            if c % 4 == 1 {
                added.push((c, lines.len() as u64));
            }
        }
        r.repack(&["--no-reuse-delta"]);
        let (code, f) = json_scan(&r, &["scan", "--all"]);
        assert_eq!(code, 1);
        let log = r.git(&["log", "--reverse", "--format=%H"]);
        let ids: Vec<&str> = log.lines().collect();
        let want: Vec<(String, String, u64)> = added
            .iter()
            .map(|(c, line)| {
                (
                    ids[*c as usize].to_string(),
                    "app/settings.py".to_string(),
                    *line,
                )
            })
            .collect();
        assert_eq!(places(&f), sorted(want), "backwards: {backwards}");
        places(&f)
            .into_iter()
            .map(|(_, p, l)| (p, l))
            .collect::<Vec<_>>()
    };
    assert_eq!(build(true), build(false));
}

#[test]
fn a_secret_added_then_removed_is_still_in_history() {
    let r = Repo::new();
    r.stage(
        "deploy.sh",
        format!("#!/bin/sh\n{}", secret_line("hist-removed")),
    );
    let c1 = r.commit("oops");
    r.stage("deploy.sh", "#!/bin/sh\n");
    r.commit("remove it");

    let (code, out, _) = r.keepmum(&["scan", "--tracked"]);
    assert_eq!(code, 0, "the current tree is clean: {out}");
    let (code, f) = json_scan(&r, &["scan", "--all"]);
    assert_eq!(code, 1);
    assert_eq!(places(&f), vec![(c1, "deploy.sh".to_string(), 2)]);
    // Human output names the commit.
    let (_, out, _) = r.keepmum(&["scan", "--all", "--no-progress"]);
    let prefix = {
        let c = places(&f)[0].0.clone();
        c[..12].to_string()
    };
    assert!(out.contains(&format!("{prefix}:deploy.sh:2:")), "{out}");
}

/// A merge reports only what the merge itself introduced: the branch's secret belongs to the
/// branch commit, an evil merge's new secret to the merge.
#[test]
fn merges_do_not_re_report_branch_secrets_but_report_evil_merges() {
    let r = Repo::new();
    r.stage("base.py", "B = 1\n");
    r.commit("base");
    r.git(&["checkout", "-q", "-b", "side"]);
    r.stage("side.py", secret_line("hist-side"));
    let s1 = r.commit("side secret");
    r.git(&["checkout", "-q", "main"]);
    r.stage("main.py", "M = 1\n");
    r.commit("main work");
    r.git(&[
        "merge",
        "-q",
        "--no-ff",
        "--no-verify",
        "-m",
        "merge side",
        "side",
    ]);

    let (code, f) = json_scan(&r, &["scan", "--all"]);
    assert_eq!(code, 1);
    assert_eq!(places(&f), vec![(s1.clone(), "side.py".to_string(), 1)]);

    // An evil merge: the merge commit adds a line neither parent has.
    r.git(&["checkout", "-q", "-b", "side2", "main~1"]);
    r.stage("side2.py", "S = 2\n");
    r.commit("side2 clean");
    r.git(&["checkout", "-q", "main"]);
    r.git(&["merge", "-q", "--no-ff", "--no-commit", "side2"]);
    r.stage("main.py", format!("M = 1\n{}", secret_line("hist-evil")));
    let evil = r.commit("evil merge");
    let parents = r.git(&["rev-list", "--parents", "-n", "1", "HEAD"]);
    assert_eq!(parents.split_whitespace().count(), 3, "a real merge");

    let (code, f) = json_scan(&r, &["scan", "--all"]);
    assert_eq!(code, 1);
    assert_eq!(
        places(&f),
        sorted(vec![
            (s1, "side.py".to_string(), 1),
            (evil, "main.py".to_string(), 2),
        ])
    );
}

#[test]
fn range_limits_the_scan() {
    let r = Repo::new();
    r.stage("a.py", secret_line("hist-range-a"));
    let c1 = r.commit("A");
    r.stage("b.py", "B = 1\n");
    let c2 = r.commit("clean");
    r.stage("c.py", secret_line("hist-range-c"));
    let c3 = r.commit("C");

    let (code, f) = json_scan(&r, &["scan", "--range", &format!("{c1}..{c3}")]);
    assert_eq!(code, 1);
    assert_eq!(places(&f), vec![(c3.clone(), "c.py".to_string(), 1)]);

    let (code, f) = json_scan(&r, &["scan", "--range", &format!("{c2}..")]);
    assert_eq!(code, 1, "A.. means A..HEAD");
    assert_eq!(places(&f), vec![(c3, "c.py".to_string(), 1)]);

    let (code, f) = json_scan(&r, &["scan", "--range", &format!("{c1}..{c2}")]);
    assert_eq!(code, 0, "{f:?}");

    let (code, f) = json_scan(&r, &["scan", "--range", &c1]);
    assert_eq!(code, 1, "a single revision is its whole history");
    assert_eq!(places(&f), vec![(c1, "a.py".to_string(), 1)]);

    let (code, _, err) = r.keepmum(&["scan", "--range", "nosuchref..HEAD"]);
    assert_eq!(
        code, 2,
        "an unknown revision is an error, not a clean scan: {err}"
    );
}

#[test]
fn no_git_respects_gitignore() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(d.join(".gitignore"), "ignored.env\nbuild/\n").expect("write");
    std::fs::write(d.join("ignored.env"), secret_line("nogit-1")).expect("write");
    std::fs::create_dir_all(d.join("build")).expect("mkdir");
    std::fs::write(d.join("build/out.py"), secret_line("nogit-2")).expect("write");
    std::fs::create_dir_all(d.join("app")).expect("mkdir");
    std::fs::write(d.join("app/config.py"), secret_line("nogit-3")).expect("write");

    let run = |args: &[&str]| {
        let mut c = Command::new(bin());
        clean_env(&mut c, home.path());
        let o = c
            .current_dir(d)
            .args(args)
            .args(["--format", "json"])
            .output()
            .expect("run");
        let v: Value = serde_json::from_slice(&o.stdout).expect("json");
        let mut paths: Vec<String> = v["findings"]
            .as_array()
            .expect("array")
            .iter()
            .map(|f| f["path"].as_str().expect("path").to_string())
            .collect();
        // Which files were scanned: `ignored.env` also draws the `.env`-file warning.
        paths.dedup();
        (o.status.code(), paths)
    };
    let (code, paths) = run(&["scan", "--no-git", "."]);
    assert_eq!(code, Some(1));
    assert_eq!(paths, vec!["app/config.py".to_string()]);
    // A file named explicitly is scanned as it is.
    let (code, paths) = run(&["scan", "--no-git", "ignored.env"]);
    assert_eq!(code, Some(1));
    assert_eq!(paths, vec!["ignored.env".to_string()]);
    let (code, paths) = run(&["scan", "--no-git", "app", ".gitignore"]);
    assert_eq!(code, Some(1));
    assert_eq!(paths, vec!["app/config.py".to_string()]);
}

/// `--no-git -- PATH...`: after `--` every argument is a path, so files named like options
/// (`--help`, `--config=x.yaml`, as the pre-commit files hooks pass them) are scanned as
/// files. Paths after `--` need `--no-git`, and `--no-git` needs a path.
#[test]
fn no_git_paths_after_double_dash_are_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(d.join("--help"), secret_line("dd-help")).expect("write");
    // Were it read as an option, this policy would turn every built-in rule off.
    std::fs::write(d.join("x.yaml"), "extend-default: false\n").expect("write");
    std::fs::write(d.join("--config=x.yaml"), "extend-default: false\n").expect("write");
    std::fs::write(d.join("app.py"), secret_line("dd-app")).expect("write");
    let run = |args: &[&str]| {
        let mut c = Command::new(bin());
        clean_env(&mut c, home.path());
        let o = c.current_dir(d).args(args).output().expect("run");
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let paths = |out: &str| -> Vec<String> {
        let v: Value = serde_json::from_str(out).expect("json");
        let mut p: Vec<String> = v["findings"]
            .as_array()
            .expect("array")
            .iter()
            .map(|f| f["path"].as_str().expect("path").to_string())
            .collect();
        p.sort();
        p
    };
    let (code, out, err) = run(&[
        "scan",
        "--format",
        "json",
        "--no-git",
        "--",
        "--config=x.yaml",
        "--help",
        "app.py",
    ]);
    assert_eq!(code, Some(1), "{out}{err}");
    assert_eq!(
        paths(&out),
        vec!["--help".to_string(), "app.py".to_string()]
    );
    // Paths before and after `--` add up; `hook` takes the same arguments.
    let (code, out, err) = run(&[
        "hook", "--format", "json", "--no-git", "app.py", "--", "--help",
    ]);
    assert_eq!(code, Some(1), "{out}{err}");
    assert_eq!(
        paths(&out),
        vec!["--help".to_string(), "app.py".to_string()]
    );
    // Usage errors (exit 2), each saying what to write instead.
    let (code, _, err) = run(&["scan", "--", "app.py"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("--no-git -- PATH"), "{err}");
    let (code, _, err) = run(&["scan", "--no-git"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("at least one"), "{err}");
    let (code, _, err) = run(&["scan", "--no-git", "--"]);
    assert_eq!(code, Some(2), "{err}");
}

#[test]
fn no_git_in_a_repository_respects_its_gitignore() {
    let r = Repo::new();
    r.write(".gitignore", "*.local\n");
    r.write("secrets.local", secret_line("nogit-repo-1"));
    r.write("app.py", secret_line("nogit-repo-2"));
    let (code, f) = json_scan(&r, &["scan", "--no-git", "."]);
    assert_eq!(code, 1);
    let paths: Vec<&str> = f
        .iter()
        .map(|x| x["path"].as_str().expect("path"))
        .collect();
    assert_eq!(paths, vec!["app.py"]);
}

/// The progress bar is drawn only when stderr is a terminal: piped output has no `\r`.
#[test]
fn progress_only_on_a_terminal() {
    let r = Repo::new();
    for i in 0..30 {
        r.stage(&format!("f{i}.py"), format!("X = {i}\n"));
        r.commit("c");
    }
    let out = r.keepmum_cmd(&["scan", "--all"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        !out.stderr.contains(&b'\r'),
        "no progress bar into a pipe: {:?}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.stdout.contains(&b'\r'));

    // On a pseudo-terminal (util-linux `script`), it is drawn.
    let Ok(script) = which("script") else {
        eprintln!("skipped the terminal half: no `script` command");
        return;
    };
    let cmd = format!("'{}' scan --all", bin().display());
    let mut c = Command::new(script);
    clean_env(&mut c, r.home.path());
    let o = c
        .current_dir(r.path())
        .args(["-qec", &cmd, "/dev/null"])
        .output()
        .expect("run script");
    let all = String::from_utf8_lossy(&o.stdout);
    assert!(
        all.contains("\rkeepmum: scanned 30/30 commits"),
        "progress on a terminal: {all:?}"
    );
}

fn which(name: &str) -> Result<std::path::PathBuf, ()> {
    let path = std::env::var_os("PATH").ok_or(())?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .ok_or(())
}

#[test]
fn report_unused_ignores_lists_stale_entries() {
    let r = Repo::new();
    r.stage("app.py", secret_line("unused-1"));
    r.commit("known");
    let (_, f) = json_scan(&r, &["scan", "--all"]);
    let fp = f[0]["fingerprint"]
        .as_str()
        .expect("fingerprint")
        .to_string();
    let rule = fp.split(':').next().expect("rule id").to_string();
    let stale = format!("{rule}:00000000000000000000");
    r.write(
        ".keepmumignore",
        format!("# accepted\n{fp}\n{stale} old/file.py\n"),
    );

    let (code, out, err) = r.keepmum(&["scan", "--all", "--no-progress"]);
    assert_eq!(code, 0, "the ignored finding passes: {out}{err}");
    let (code, out, err) =
        r.keepmum(&["scan", "--all", "--no-progress", "--report-unused-ignores"]);
    assert_eq!(code, 1, "a stale entry fails the run: {out}{err}");
    assert!(err.contains(&stale), "{err}");
    assert!(
        err.contains(":3:"),
        "names the line of the stale entry: {err}"
    );
    assert!(!err.contains(&format!("entry {fp} ")), "{err}");

    r.write(".keepmumignore", format!("{fp}\n"));
    let (code, out, err) =
        r.keepmum(&["scan", "--all", "--no-progress", "--report-unused-ignores"]);
    assert_eq!(code, 0, "{out}{err}");
}
