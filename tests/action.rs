//! The GitHub Action (action.yml) run locally: `scripts/action/entrypoint.sh` with the
//! variables and event payloads GitHub sets for pull request, push and other events, in a
//! checkout made the way actions/checkout makes it (a shallow fetch of one commit from the
//! "origin", here a bare repository over file:// that serves any commit by id, as GitHub
//! does), with the binary under test; and `scripts/action/install.sh` installing a release
//! archive from a file:// "release" (checksum verified), a path, or the wheel with pip.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{bin, clean_env, fixture, Repo};
use serde_json::{json, Value};

const ZEROS: &str = "0000000000000000000000000000000000000000";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn token(seed: &str) -> String {
    fixture("ghp_<<crc32-base62:30>>", seed)
}

fn secret_line(seed: &str) -> String {
    format!("GITHUB_TOKEN = \"{}\"\n", token(seed))
}

/// A bare "origin" that serves any commit by id (as GitHub does) and a developer clone.
struct Origin {
    bare: Repo,
    dev: Repo,
    url: String,
}

fn origin() -> Origin {
    let bare = Repo::bare();
    bare.git(&["config", "uploadpack.allowAnySHA1InWant", "true"]);
    let url = format!("file://{}", bare.path().display());
    let dev = Repo::new();
    dev.git(&["remote", "add", "origin", &url]);
    Origin { bare, dev, url }
}

impl Origin {
    fn head(&self) -> String {
        self.dev.git(&["rev-parse", "HEAD"]).trim().to_string()
    }

    /// A checkout as actions/checkout makes it: one commit, fetched with depth 1, under
    /// `remote_ref`, checked out (detached for a pull request's merge ref).
    fn checkout(&self, sha: &str, remote_ref: &str, branch: Option<&str>) -> Repo {
        let co = Repo::new();
        co.git(&["remote", "add", "origin", &self.url]);
        co.git(&[
            "fetch",
            "-q",
            "--no-tags",
            "--prune",
            "--depth=1",
            "origin",
            &format!("+{sha}:{remote_ref}"),
        ]);
        match branch {
            Some(b) => co.git(&["checkout", "-q", "--force", "-B", b, remote_ref]),
            None => co.git(&["checkout", "-q", "--force", remote_ref]),
        };
        assert_eq!(
            co.git(&["rev-parse", "--is-shallow-repository"]).trim(),
            "true"
        );
        co
    }
}

/// What one run of the entrypoint left.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    outputs: HashMap<String, String>,
    summary: String,
    sarif: Option<Value>,
}

impl Run {
    fn all(&self) -> String {
        format!(
            "exit {}\n--- stdout\n{}\n--- stderr\n{}\n--- outputs\n{:?}\n--- summary\n{}",
            self.code, self.stdout, self.stderr, self.outputs, self.summary
        )
    }

    /// (path, line) of each SARIF result.
    fn places(&self) -> Vec<(String, u64)> {
        let mut v: Vec<(String, u64)> = self
            .sarif
            .as_ref()
            .map(|s| {
                s["runs"][0]["results"]
                    .as_array()
                    .expect("results")
                    .iter()
                    .map(|r| {
                        let loc = &r["locations"][0]["physicalLocation"];
                        (
                            loc["artifactLocation"]["uri"]
                                .as_str()
                                .expect("uri")
                                .to_string(),
                            loc["region"]["startLine"].as_u64().expect("line"),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }

    fn output(&self, k: &str) -> &str {
        self.outputs.get(k).map_or("", String::as_str)
    }
}

/// Runs `scripts/action/entrypoint.sh` in `co` as the scan step of a workflow triggered by
/// `event` with `payload`.
fn run_action(co: &Repo, event: &str, payload: &Value, vars: &[(&str, &str)]) -> Run {
    let runner = tempfile::tempdir().expect("tempdir");
    let event_path = runner.path().join("event.json");
    std::fs::write(
        &event_path,
        serde_json::to_vec_pretty(payload).expect("json"),
    )
    .expect("write");
    let output = runner.path().join("output");
    let summary = runner.path().join("summary");
    let mut c = Command::new("bash");
    clean_env(&mut c, co.home.path());
    c.arg(root().join("scripts/action/entrypoint.sh"))
        .current_dir(co.path())
        .env("CI", "true")
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_EVENT_NAME", event)
        .env("GITHUB_EVENT_PATH", &event_path)
        .env("GITHUB_OUTPUT", &output)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_WORKSPACE", co.path())
        .env("GITHUB_REPOSITORY", "acme/shop")
        .env("GITHUB_SERVER_URL", "https://github.com")
        .env("RUNNER_TEMP", runner.path())
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .env("KEEPMUM_BIN", bin());
    for (k, v) in vars {
        c.env(k, v);
    }
    let o = c.output().expect("run entrypoint");
    let outputs = std::fs::read_to_string(&output)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let sarif_path = co.path().join(
        vars.iter()
            .find(|(k, _)| *k == "INPUT_SARIF_FILE")
            .map_or("keepmum.sarif", |(_, v)| v),
    );
    let sarif = std::fs::read(&sarif_path)
        .ok()
        .filter(|b| !b.is_empty())
        .map(|b| serde_json::from_slice(&b).expect("SARIF is JSON"));
    Run {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        outputs,
        summary: std::fs::read_to_string(&summary).unwrap_or_default(),
        sarif,
    }
}

/// A pull_request payload as GitHub sends it (the fields the action reads, and their
/// neighbours).
fn pull_request_payload(number: u64, base: &str, head: &str) -> Value {
    json!({
        "action": "synchronize",
        "number": number,
        "pull_request": {
            "number": number,
            "state": "open",
            "base": { "ref": "main", "sha": base, "repo": { "full_name": "acme/shop" } },
            "head": { "ref": "feature", "sha": head, "repo": { "full_name": "acme/shop" } },
        },
        "repository": { "full_name": "acme/shop", "default_branch": "main" },
        "sender": { "login": "dev" }
    })
}

fn push_payload(reference: &str, before: &str, after: &str, forced: bool) -> Value {
    json!({
        "ref": reference,
        "before": before,
        "after": after,
        "created": before == ZEROS,
        "deleted": after == ZEROS,
        "forced": forced,
        "base_ref": null,
        "commits": [],
        "repository": { "full_name": "acme/shop", "default_branch": "main" },
        "pusher": { "name": "dev" }
    })
}

fn assert_redacted(run: &Run, seeds: &[&str]) {
    let all = run.all();
    for s in seeds {
        assert!(!all.contains(&token(s)), "secret {s} printed:\n{all}");
    }
}

/// A pull request whose range lies beyond the shallow checkout: the action fetches and
/// deepens as far as the merge base, scans base..head only (not what main already had),
/// annotates the finding, writes SARIF, outputs and summary, and exits 1.
#[test]
fn pull_request_with_a_secret_fails_the_job() {
    let o = origin();
    let d = &o.dev;
    d.stage("README.md", "hi\n");
    d.commit("c0");
    d.stage("app/views.py", "X = 1\n");
    d.commit("c1");
    d.git(&["push", "-q", "origin", "main"]);
    d.git(&["checkout", "-q", "-b", "feature"]);
    d.stage("app/config.py", secret_line("act-pr"));
    d.commit("f1: the secret");
    // Enough commits after it that one deepening round does not reach it.
    for i in 0..60 {
        d.stage("app/views.py", format!("X = {i}\n"));
        d.commit(&format!("f{i}"));
    }
    d.stage(".keepmumignore", "# reviewed\n");
    d.commit("touch the ignore file");
    let head = o.head();
    d.git(&["push", "-q", "origin", "feature"]);
    d.git(&["checkout", "-q", "main"]);
    // A secret main already had (committed past the hooks): not this pull request's.
    d.stage("old/leak.py", secret_line("act-old"));
    let base = d.commit("m2");
    d.git(&["push", "-q", "origin", "main"]);
    // GitHub's test merge of the pull request, refs/pull/1/merge.
    d.git(&[
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "Merge feature into main",
        "feature",
    ]);
    let merge = o.head();
    d.git(&[
        "push",
        "-q",
        "origin",
        &format!("{merge}:refs/pull/1/merge"),
        &format!("{head}:refs/pull/1/head"),
    ]);

    let payload = pull_request_payload(1, &base, &head);
    let pr_vars = [
        ("GITHUB_SHA", merge.as_str()),
        ("GITHUB_REF", "refs/pull/1/merge"),
        ("GITHUB_BASE_REF", "main"),
        ("GITHUB_HEAD_REF", "feature"),
    ];
    let co = o.checkout(&merge, "refs/remotes/pull/1/merge", None);
    let run = run_action(&co, "pull_request", &payload, &pr_vars);
    assert_eq!(run.code, 1, "{}", run.all());
    assert_eq!(
        run.places(),
        vec![("app/config.py".to_string(), 1)],
        "{}",
        run.all()
    );
    assert_eq!(run.output("findings"), "1");
    assert_eq!(run.output("exit-code"), "1");
    assert_eq!(run.output("range"), format!("{base}..{head}"));
    assert_eq!(run.output("sarif-file"), "keepmum.sarif");
    assert!(
        run.stdout
            .contains("::error file=app/config.py,line=1,col=17,title=keepmum github-pat::"),
        "{}",
        run.all()
    );
    assert!(
        run.stdout.contains("::warning file=.keepmumignore,"),
        "a changed policy file is pointed out:\n{}",
        run.all()
    );
    assert!(run.summary.contains("**1 finding(s)**"), "{}", run.all());
    assert!(
        run.stderr.contains("deepening the shallow checkout"),
        "{}",
        run.all()
    );
    assert_redacted(&run, &["act-pr", "act-old"]);
    // The SARIF log describes the rule for code scanning.
    let rules = &run.sarif.as_ref().expect("sarif")["runs"][0]["tool"]["driver"]["rules"];
    assert_eq!(rules[0]["id"], "github-pat");
    assert!(rules[0]["help"]["markdown"]
        .as_str()
        .is_some_and(|h| !h.is_empty()));

    // As the action runs it: the step succeeds and records the code for the verdict step.
    let co = o.checkout(&merge, "refs/remotes/pull/1/merge", None);
    let mut vars = pr_vars.to_vec();
    vars.push(("KEEPMUM_DEFER_EXIT", "true"));
    vars.push(("INPUT_SARIF_FILE", "reports/keepmum.sarif"));
    // Without jq: the payload and the SARIF log are read with Python.
    vars.push(("KEEPMUM_JSON_TOOL", "python3"));
    let run = run_action(&co, "pull_request", &payload, &vars);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(run.output("exit-code"), "1", "{}", run.all());
    assert_eq!(run.output("findings"), "1", "{}", run.all());
    assert_eq!(run.output("sarif-file"), "reports/keepmum.sarif");
    assert_eq!(run.places(), vec![("app/config.py".to_string(), 1)]);
    assert!(
        run.stdout.contains("::error file=app/config.py,line=1,"),
        "{}",
        run.all()
    );

    // Not allowed to fetch: a clear failure (exit 2), never a partial scan.
    let co = o.checkout(&merge, "refs/remotes/pull/1/merge", None);
    let mut vars = pr_vars.to_vec();
    vars.push(("INPUT_FETCH", "false"));
    let run = run_action(&co, "pull_request", &payload, &vars);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stdout.contains("::error title=keepmum::"),
        "{}",
        run.all()
    );
    assert!(run.all().contains("fetch-depth: 0"), "{}", run.all());
    assert!(run.sarif.is_none(), "{}", run.all());

    // A full clone (fetch-depth: 0) needs no fetching at all.
    let full = Repo::new();
    full.git(&["remote", "add", "origin", &o.url]);
    full.git(&["fetch", "-q", "origin", "+refs/*:refs/remotes/origin/*"]);
    full.git(&["checkout", "-q", "--force", &merge]);
    let mut vars = pr_vars.to_vec();
    vars.push(("INPUT_FETCH", "false"));
    let run = run_action(&full, "pull_request", &payload, &vars);
    assert_eq!(run.code, 1, "{}", run.all());
    assert_eq!(run.places(), vec![("app/config.py".to_string(), 1)]);
    drop(o.bare);
}

/// Pushes: an update is scanned before..after; a clean one passes; a force push scans what
/// the old tip lacks (or, when the old tip is gone, what the default branch lacks).
#[test]
fn push_updates_and_force_pushes() {
    let o = origin();
    let d = &o.dev;
    d.stage("README.md", "hi\n");
    let c0 = d.commit("c0");
    d.stage("old/leak.py", secret_line("act-push-old"));
    let c1 = d.commit("c1: already pushed");
    d.git(&["push", "-q", "origin", "main"]);
    d.stage("app/settings.py", secret_line("act-push"));
    d.commit("c2: the secret");
    d.stage("app/views.py", "X = 1\n");
    let c3 = d.commit("c3");
    d.git(&["push", "-q", "origin", "main"]);

    let vars = |sha: &str| {
        vec![
            ("GITHUB_SHA", sha.to_string()),
            ("GITHUB_REF", "refs/heads/main".to_string()),
        ]
    };
    let run_push = |before: &str, after: &str, forced: bool| {
        let co = o.checkout(after, "refs/remotes/origin/main", Some("main"));
        let v = vars(after);
        let v: Vec<(&str, &str)> = v.iter().map(|(k, v)| (*k, v.as_str())).collect();
        run_action(
            &co,
            "push",
            &push_payload("refs/heads/main", before, after, forced),
            &v,
        )
    };
    let run = run_push(&c1, &c3, false);
    assert_eq!(run.code, 1, "{}", run.all());
    assert_eq!(run.output("range"), format!("{c1}..{c3}"));
    assert_eq!(run.places(), vec![("app/settings.py".to_string(), 1)]);
    assert_redacted(&run, &["act-push", "act-push-old"]);

    // A clean push.
    d.stage("app/views.py", "X = 2\n");
    let c4 = d.commit("c4");
    d.git(&["push", "-q", "origin", "main"]);
    let run = run_push(&c3, &c4, false);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(run.output("findings"), "0");
    assert!(run.summary.contains("No secrets"), "{}", run.all());
    assert!(run.sarif.is_some(), "a clean run writes a SARIF log too");

    // History rewritten: c2..c4 replaced by one clean commit on c1. The old tip is still
    // served by id (GitHub keeps it for a while): only the new commit is scanned.
    d.git(&["reset", "-q", "--hard", &c1]);
    d.stage("app/views.py", "X = 3\n");
    let r1 = d.commit("rewritten");
    d.git(&["push", "-q", "--force", "origin", "main"]);
    let run = run_push(&c4, &r1, true);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(run.output("range"), format!("{c4}..{r1}"));
    // ...and a force push that adds a secret is caught.
    d.stage("app/settings.py", secret_line("act-force"));
    let r2 = d.commit("rewritten with a secret");
    d.git(&["push", "-q", "--force", "origin", "main"]);
    let run = run_push(&c4, &r2, true);
    assert_eq!(run.code, 1, "{}", run.all());
    assert_eq!(run.places(), vec![("app/settings.py".to_string(), 1)]);
    // The old tip no longer exists anywhere: compared with the default branch instead (here
    // main itself, so its whole history), with a notice.
    let gone = "1234567890123456789012345678901234567890";
    let run = run_push(gone, &r2, true);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(run.stderr.contains("is gone"), "{}", run.all());
    assert_eq!(run.output("range"), r2);
    assert_eq!(
        run.places(),
        vec![
            ("app/settings.py".to_string(), 1),
            ("old/leak.py".to_string(), 1)
        ]
    );
    let _ = c0;
}

/// New refs: a new branch is compared with the default branch (its own commits only); the
/// first push of the default branch scans its whole history; a deleted branch scans
/// nothing; other events scan the history of GITHUB_SHA; the range input overrides.
#[test]
fn new_branches_deletions_and_other_events() {
    let o = origin();
    let d = &o.dev;
    d.stage("README.md", "hi\n");
    d.commit("c0");
    d.stage("old/leak.py", secret_line("act-new-old"));
    let m1 = d.commit("m1");
    d.git(&["push", "-q", "origin", "main"]);
    d.git(&["checkout", "-q", "-b", "topic"]);
    d.stage("app/keys.py", secret_line("act-new"));
    let t1 = d.commit("t1");
    d.stage("app/views.py", "X = 1\n");
    let t2 = d.commit("t2");
    d.git(&["push", "-q", "origin", "topic"]);

    // The first push of `topic`: before is all zeros.
    let co = o.checkout(&t2, "refs/remotes/origin/topic", Some("topic"));
    let run = run_action(
        &co,
        "push",
        &push_payload("refs/heads/topic", ZEROS, &t2, false),
        &[("GITHUB_SHA", &t2), ("GITHUB_REF", "refs/heads/topic")],
    );
    assert_eq!(run.code, 1, "{}", run.all());
    assert_eq!(run.output("range"), format!("{m1}..{t2}"));
    assert_eq!(run.places(), vec![("app/keys.py".to_string(), 1)]);

    // The first push of main (a new repository): its whole history.
    let co = o.checkout(&m1, "refs/remotes/origin/main", Some("main"));
    let run = run_action(
        &co,
        "push",
        &push_payload("refs/heads/main", ZEROS, &m1, false),
        &[("GITHUB_SHA", &m1), ("GITHUB_REF", "refs/heads/main")],
    );
    assert_eq!(run.code, 1, "{}", run.all());
    assert_eq!(run.output("range"), m1);
    assert_eq!(run.places(), vec![("old/leak.py".to_string(), 1)]);

    // A tag pushed on the topic branch: what main lacks.
    d.git(&["tag", "-a", "-m", "v1", "v1", &t1]);
    d.git(&["push", "-q", "origin", "v1"]);
    let tag = d.git(&["rev-parse", "v1"]).trim().to_string();
    let co = o.checkout(&t1, "refs/tags/v1", None);
    let run = run_action(
        &co,
        "push",
        &push_payload("refs/tags/v1", ZEROS, &tag, false),
        &[("GITHUB_SHA", &t1), ("GITHUB_REF", "refs/tags/v1")],
    );
    assert_eq!(run.code, 1, "{}", run.all());
    assert_eq!(run.output("range"), format!("{m1}..{t1}"));
    assert_eq!(run.places(), vec![("app/keys.py".to_string(), 1)]);

    // A deleted branch: nothing to scan, success.
    let co = o.checkout(&m1, "refs/remotes/origin/main", Some("main"));
    let run = run_action(
        &co,
        "push",
        &push_payload("refs/heads/topic", &t2, ZEROS, false),
        &[("GITHUB_SHA", ZEROS), ("GITHUB_REF", "refs/heads/topic")],
    );
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(run.output("findings"), "0");
    assert!(run.summary.contains("deleted"), "{}", run.all());

    // A scheduled run: the whole history of GITHUB_SHA.
    let co = o.checkout(&t2, "refs/remotes/origin/topic", Some("topic"));
    let run = run_action(
        &co,
        "schedule",
        &json!({ "schedule": "0 3 * * 1" }),
        &[("GITHUB_SHA", &t2), ("GITHUB_REF", "refs/heads/topic")],
    );
    assert_eq!(run.code, 1, "{}", run.all());
    assert_eq!(run.output("range"), t2);
    assert_eq!(
        run.places(),
        vec![
            ("app/keys.py".to_string(), 1),
            ("old/leak.py".to_string(), 1)
        ]
    );

    // The range input wins over the event (here: only t2, which is clean).
    let co = o.checkout(&t2, "refs/remotes/origin/topic", Some("topic"));
    let range = format!("{t1}..{t2}");
    let run = run_action(
        &co,
        "workflow_dispatch",
        &json!({ "inputs": {} }),
        &[("GITHUB_SHA", &t2), ("INPUT_RANGE", &range)],
    );
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(run.output("range"), range);

    // A config input: here one that allows every path, so the same range is clean.
    let co = o.checkout(&t2, "refs/remotes/origin/topic", Some("topic"));
    co.write("ci/keepmum.yaml", "allow:\n  paths: [\"app/**\"]\n");
    let range = format!("{m1}..{t2}");
    let run = run_action(
        &co,
        "workflow_dispatch",
        &json!({}),
        &[("INPUT_RANGE", &range), ("INPUT_CONFIG", "ci/keepmum.yaml")],
    );
    assert_eq!(run.code, 0, "{}", run.all());
    // Outside a repository: a clear error.
    let empty = tempfile::tempdir().expect("tempdir");
    let mut c = Command::new("bash");
    clean_env(&mut c, empty.path());
    let out = c
        .arg(root().join("scripts/action/entrypoint.sh"))
        .current_dir(empty.path())
        .env("KEEPMUM_BIN", bin())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("actions/checkout"));
}

/// Runs `scripts/action/install.sh` with `vars`; returns (exit code, stdout+stderr, `path`
/// output, the runner's temp dir that holds what it installed).
fn run_install(vars: &[(&str, &str)]) -> (i32, String, String, tempfile::TempDir) {
    let runner = tempfile::tempdir().expect("tempdir");
    let output = runner.path().join("output");
    let mut c = Command::new("bash");
    clean_env(&mut c, runner.path());
    c.arg(root().join("scripts/action/install.sh"))
        .current_dir(runner.path())
        .env("RUNNER_TEMP", runner.path())
        .env("GITHUB_OUTPUT", &output)
        .env("GITHUB_REPOSITORY", "acme/shop")
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64");
    for (k, v) in vars {
        c.env(k, v);
    }
    let o = c.output().expect("run install.sh");
    let path = std::fs::read_to_string(&output)
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("path=").map(str::to_string))
        .unwrap_or_default();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    (o.status.code().unwrap_or(-1), text, path, runner)
}

/// A release as the release workflow lays it out, in a directory served over file://: the
/// archive `package_binary.py` makes from a wheel (here a wheel holding the binary under
/// test) and SHA256SUMS.
fn fake_release(dir: &Path, target: &str) -> PathBuf {
    let version = env!("CARGO_PKG_VERSION");
    let wheel = dir.join(format!(
        "keepmum-{version}-py3-none-manylinux_2_17_x86_64.whl"
    ));
    let script = "import sys, zipfile\n\
                  with zipfile.ZipFile(sys.argv[1], 'w') as z:\n\
                  \x20   z.write(sys.argv[2], 'keepmum-%s.data/scripts/keepmum' % sys.argv[3])\n";
    let st = Command::new("python3")
        .args(["-c", script])
        .arg(&wheel)
        .arg(bin())
        .arg(version)
        .status()
        .expect("python3");
    assert!(st.success());
    let release = dir.join(format!("v{version}"));
    let o = Command::new("python3")
        .arg(root().join("scripts/release/package_binary.py"))
        .arg(&wheel)
        .arg(target)
        .arg(&release)
        .output()
        .expect("package_binary.py");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let name = format!("keepmum-{target}-v{version}.tgz");
    let sums = std::fs::read_to_string(release.join(format!("{name}.sha256"))).expect("sha256");
    std::fs::write(
        release.join("SHA256SUMS"),
        format!("{}  other.zip\n{sums}", "0".repeat(64)),
    )
    .expect("write");
    release.join(name)
}

/// install: release downloads the archive for the runner, checks it against SHA256SUMS and
/// refuses a tampered one; install: path uses a given binary; a missing release fails with
/// what to do.
#[test]
fn install_release_archive_verified_or_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let archive = fake_release(dir.path(), "x86_64-unknown-linux-musl");
    let base = format!("file://{}", dir.path().display());
    let (code, text, path, _runner) = run_install(&[("KEEPMUM_RELEASE_BASE_URL", &base)]);
    assert_eq!(code, 0, "{text}");
    assert!(
        path.ends_with(&format!(
            "keepmum-x86_64-unknown-linux-musl-v{}/keepmum",
            env!("CARGO_PKG_VERSION")
        )),
        "{path}"
    );
    let v = Command::new(&path).arg("--version").output().expect("run");
    assert_eq!(
        String::from_utf8_lossy(&v.stdout).trim(),
        format!("keepmum {}", env!("CARGO_PKG_VERSION"))
    );

    // One byte changed after the checksums were made: refused, nothing installed.
    let mut bytes = std::fs::read(&archive).expect("read");
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&archive, bytes).expect("write");
    let (code, text, path, _) = run_install(&[("KEEPMUM_RELEASE_BASE_URL", &base)]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("checksum mismatch"), "{text}");
    assert!(path.is_empty());

    // No such release.
    let (code, text, _, _) = run_install(&[
        ("KEEPMUM_RELEASE_BASE_URL", &base),
        ("INPUT_VERSION", "v9.9.9"),
    ]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("is there a release v9.9.9"), "{text}");

    // Where the files come from by default: the release of the action's repository, taken
    // from where the runner put the action (github.action_repository is empty in composite
    // actions). A proxy that refuses keeps the download on this machine.
    let actions = tempfile::tempdir().expect("tempdir");
    let action_dir = actions.path().join("_actions/acme/keepmum/v0.1.0");
    std::fs::create_dir_all(&action_dir).expect("mkdir");
    std::fs::copy(root().join("Cargo.toml"), action_dir.join("Cargo.toml")).expect("copy");
    let action_path = action_dir.to_string_lossy().into_owned();
    let (code, text, _, _) = run_install(&[
        ("GITHUB_ACTION_PATH", &action_path),
        ("GITHUB_SERVER_URL", "https://github.com"),
        ("https_proxy", "http://127.0.0.1:9"),
        ("HTTPS_PROXY", "http://127.0.0.1:9"),
    ]);
    assert_eq!(code, 2, "{text}");
    assert!(
        text.contains(&format!(
            "https://github.com/acme/keepmum/releases/download/v{0}/keepmum-x86_64-unknown-linux-musl-v{0}.tgz",
            env!("CARGO_PKG_VERSION")
        )),
        "{text}"
    );
    // Used by `uses: ./` (no _actions path): the repository the action's Cargo.toml names.
    let (code, text, _, _) = run_install(&[
        ("GITHUB_ACTION_PATH", &root().to_string_lossy()),
        ("https_proxy", "http://127.0.0.1:9"),
        ("HTTPS_PROXY", "http://127.0.0.1:9"),
    ]);
    assert_eq!(code, 2, "{text}");
    assert!(
        text.contains(&format!(
            "{}/releases/download/v",
            env!("CARGO_PKG_REPOSITORY")
        )),
        "{text}"
    );

    // A runner without a release binary.
    let (code, text, _, _) = run_install(&[
        ("KEEPMUM_RELEASE_BASE_URL", &base),
        ("RUNNER_OS", "Windows"),
        ("RUNNER_ARCH", "ARM64"),
    ]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("install: pip"), "{text}");

    // install: path.
    let b = bin().to_string_lossy().into_owned();
    let (code, text, path, _) = run_install(&[("INPUT_INSTALL", "path"), ("INPUT_PATH", &b)]);
    assert_eq!(code, 0, "{text}");
    assert_eq!(path, b, "{text}");
    let (code, text, _, _) =
        run_install(&[("INPUT_INSTALL", "path"), ("INPUT_PATH", "/nonexistent")]);
    assert_eq!(code, 2, "{text}");
    let (code, text, _, _) = run_install(&[("INPUT_INSTALL", "brew")]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("release, pip or path"), "{text}");
}

/// install: pip, with the locally built wheel standing in for PyPI (skipped without one).
#[test]
fn install_with_pip() {
    let dir = std::env::var_os("KEEPMUM_WHEEL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/wheels"));
    let prefix = format!("keepmum-{}-", env!("CARGO_PKG_VERSION"));
    let found = std::fs::read_dir(&dir).ok().is_some_and(|rd| {
        rd.flatten().any(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".whl"))
        })
    });
    if !found {
        if std::env::var_os("KEEPMUM_REQUIRE_WHEEL").is_some_and(|v| v != "0") {
            panic!(
                "KEEPMUM_REQUIRE_WHEEL is set but there is no {prefix}*.whl in {}",
                dir.display()
            );
        }
        eprintln!(
            "skipped: no {prefix}*.whl in {} (scripts/build-wheel.sh)",
            dir.display()
        );
        return;
    }
    let links = dir.to_string_lossy().into_owned();
    let (code, text, path, _runner) = run_install(&[
        ("INPUT_INSTALL", "pip"),
        ("PIP_FIND_LINKS", &links),
        ("PIP_NO_INDEX", "1"),
        ("PATH", &std::env::var("PATH").unwrap_or_default()),
    ]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains(&format!("keepmum {}", env!("CARGO_PKG_VERSION"))),
        "{text}"
    );
    let v = Command::new(&path).arg("--version").output().expect("run");
    assert!(v.status.success(), "{path}");
}
