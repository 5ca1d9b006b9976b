//! The server-side hook, end to end: a real bare repository whose `hooks/pre-receive` execs the
//! built binary, and real `git push`es from a client. Pushed objects sit in git's quarantine
//! while the hook runs, so every accepted or rejected push here also proves that keepmum reads
//! them (`GIT_OBJECT_DIRECTORY` + `GIT_ALTERNATE_OBJECT_DIRECTORIES`).

mod common;

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use common::{bin, fixture, install_pre_receive, server_and_client, write_exec, Repo};
use keepmum::allow::IgnoreFile;
use keepmum::config::{Config, OnTimeout};
use keepmum::deadline::Deadline;
use keepmum::engine::{Engine, Outcome};
use keepmum::verdict::{decide, Context};

fn secret_line(seed: &str) -> String {
    format!(
        "GITHUB_TOKEN = \"{}\"\n",
        fixture("ghp_<<crc32-base62:30>>", seed)
    )
}

fn push(client: &Repo, args: &[&str]) -> Output {
    let mut all = vec!["push"];
    all.extend_from_slice(args);
    client.git_output(&all)
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn server_ref(server: &Repo, name: &str) -> Option<String> {
    let o = server.git_output(&["rev-parse", "--verify", "-q", name]);
    o.status
        .success()
        .then(|| String::from_utf8_lossy(&o.stdout).trim().to_string())
}

fn assert_accepted(o: &Output) {
    assert!(o.status.success(), "push should be accepted:\n{}", text(o));
}

/// The output names the finding at `place` (`path:line`) of `commit`.
fn assert_reported(o: &Output, commit: &str, place: &str) {
    let out = text(o);
    assert!(
        out.contains(&format!("{}:{place}:", &commit[..12])),
        "expected {place} of {commit}:\n{out}"
    );
}

fn assert_rejected(o: &Output) {
    assert!(!o.status.success(), "push should be rejected:\n{}", text(o));
    assert!(
        text(o).contains("pre-receive hook declined"),
        "rejected by the hook, not something else:\n{}",
        text(o)
    );
}

/// The fingerprint `[rule:hash]` of the first finding in hook output.
fn first_fingerprint(out: &str) -> String {
    let line = out
        .lines()
        .find(|l| l.contains("  [") && l.trim_end().ends_with(']'))
        .unwrap_or_else(|| panic!("no finding line in:\n{out}"));
    let line = line.trim_end();
    let start = line.rfind('[').expect("[") + 1;
    line[start..line.len() - 1].to_string()
}

#[test]
fn secret_push_is_rejected_and_clean_push_accepted() {
    let (server, client) = server_and_client("");
    client.stage("app.py", "X = 1\n");
    let c1 = client.commit("clean");
    let o = push(&client, &["origin", "main"]);
    assert_accepted(&o);
    assert!(
        text(&o).contains("remote: keepmum: no secrets found in 1 commit(s)"),
        "{}",
        text(&o)
    );
    assert_eq!(server_ref(&server, "refs/heads/main"), Some(c1.clone()));

    client.stage("app.py", format!("X = 1\n{}", secret_line("pr-basic")));
    let c2 = client.commit("secret");
    let o = push(&client, &["origin", "main"]);
    assert_rejected(&o);
    let out = text(&o);
    assert!(
        out.contains(&format!("remote: {}:app.py:2:", &c2[..12])),
        "commit, path and line:\n{out}"
    );
    assert!(out.contains("push rejected"), "{out}");
    assert!(
        !out.contains(&fixture("ghp_<<crc32-base62:30>>", "pr-basic")),
        "redacted on the server too:\n{out}"
    );
    assert_eq!(server_ref(&server, "refs/heads/main"), Some(c1));
    // The rejected objects did not land in the repository.
    let o = server.git_output(&["cat-file", "-e", &c2]);
    assert!(!o.status.success(), "quarantined objects are discarded");
}

/// A secret already on the server is not reported again: only commits new to the repository
/// are scanned, whether they come on an existing branch or a new one.
#[test]
fn only_commits_new_to_the_repository_are_scanned() {
    let server = Repo::bare();
    let client = Repo::new();
    client.git(&[
        "remote",
        "add",
        "origin",
        server.path().to_str().expect("utf-8 path"),
    ]);
    client.stage("old.py", secret_line("pr-old"));
    client.commit("old secret, pushed before the hook existed");
    assert_accepted(&push(&client, &["origin", "main"]));
    install_pre_receive(&server, "");

    client.stage("app.py", "X = 1\n");
    client.commit("clean");
    assert_accepted(&push(&client, &["origin", "main"]));

    client.git(&["checkout", "-q", "-b", "feature"]);
    client.stage("feature.py", "Y = 1\n");
    let f1 = client.commit("feature");
    let o = push(&client, &["origin", "feature"]);
    assert_accepted(&o);
    assert!(text(&o).contains("1 commit(s)"), "{}", text(&o));
    assert_eq!(server_ref(&server, "refs/heads/feature"), Some(f1));

    client.git(&["checkout", "-q", "-b", "feature2"]);
    client.stage(
        "feature.py",
        format!("Y = 1\n{}", secret_line("pr-new-branch")),
    );
    let f2 = client.commit("feature secret");
    let o = push(&client, &["origin", "feature2"]);
    assert_rejected(&o);
    assert_reported(&o, &f2, "feature.py:2");
    assert_eq!(server_ref(&server, "refs/heads/feature2"), None);
}

#[test]
fn force_push_that_adds_a_secret_is_rejected() {
    let (server, client) = server_and_client("");
    client.stage("app.py", "X = 1\n");
    let c1 = client.commit("one");
    client.stage("app.py", "X = 2\n");
    let c2 = client.commit("two");
    assert_accepted(&push(&client, &["origin", "main"]));

    // Rewrite the tip with a secret and force-push.
    client.stage("app.py", format!("X = 2\n{}", secret_line("pr-force")));
    client.git(&[
        "commit",
        "-q",
        "--no-verify",
        "--amend",
        "-m",
        "two, amended",
    ]);
    let o = push(&client, &["--force", "origin", "main"]);
    assert_rejected(&o);
    assert!(text(&o).contains("app.py:2:"), "{}", text(&o));
    assert_eq!(server_ref(&server, "refs/heads/main"), Some(c2));

    // A force push that only rewinds brings nothing new.
    let o = push(
        &client,
        &["--force", "origin", &format!("{c1}:refs/heads/main")],
    );
    assert_accepted(&o);
    assert_eq!(server_ref(&server, "refs/heads/main"), Some(c1));
}

#[test]
fn tags_are_peeled_and_scanned() {
    let (server, client) = server_and_client("");
    client.stage("app.py", "X = 1\n");
    let c1 = client.commit("clean");
    assert_accepted(&push(&client, &["origin", "main"]));

    // Tags on commits the server has: nothing new.
    client.git(&["tag", "light", &c1]);
    client.git(&["tag", "-a", "-m", "release", "v1", &c1]);
    assert_accepted(&push(&client, &["origin", "light", "v1"]));
    assert!(server_ref(&server, "refs/tags/v1").is_some());

    // An annotated tag on a new commit that no branch carries.
    client.git(&["checkout", "-q", "-b", "tmp"]);
    client.stage("app.py", format!("X = 1\n{}", secret_line("pr-tag")));
    let c2 = client.commit("secret on a side line");
    client.git(&["tag", "-a", "-m", "bad", "v2", &c2]);
    let o = push(&client, &["origin", "v2"]);
    assert_rejected(&o);
    assert_reported(&o, &c2, "app.py:2");
    assert_eq!(server_ref(&server, "refs/tags/v2"), None);

    // A tag that points straight at a blob: no commit carries it, it is scanned whole.
    client.write("loose.py", secret_line("pr-blob-tag"));
    let blob = client.git(&["hash-object", "-w", "loose.py"]);
    client.git(&["tag", "blobtag", blob.trim()]);
    let o = push(&client, &["origin", "blobtag"]);
    assert_rejected(&o);
    assert!(text(&o).contains("refs/tags/blobtag:1:"), "{}", text(&o));
}

#[test]
fn branch_deletion_is_accepted() {
    let (server, client) = server_and_client("");
    client.stage("app.py", "X = 1\n");
    client.commit("clean");
    client.git(&["branch", "feature"]);
    assert_accepted(&push(&client, &["origin", "main", "feature"]));
    assert!(server_ref(&server, "refs/heads/feature").is_some());
    let o = push(&client, &["origin", ":feature"]);
    assert_accepted(&o);
    assert_eq!(server_ref(&server, "refs/heads/feature"), None);
}

/// Every line of stdin is read: a secret on any pushed ref rejects the whole push (pre-receive
/// is all or nothing), and findings from several refs are all reported.
#[test]
fn multi_ref_push_is_scanned_as_a_whole() {
    let (server, client) = server_and_client("");
    client.stage("app.py", "X = 1\n");
    let base = client.commit("base");
    assert_accepted(&push(&client, &["origin", "main"]));

    client.git(&["checkout", "-q", "-b", "a"]);
    client.stage("a.py", secret_line("pr-multi-a"));
    let ca = client.commit("a");
    client.git(&["checkout", "-q", "-b", "b", &base]);
    client.stage("b.py", "B = 1\n");
    client.commit("b clean");
    client.git(&["checkout", "-q", "-b", "c", &base]);
    client.stage("c.py", secret_line("pr-multi-c"));
    let cc = client.commit("c");
    client.git(&["checkout", "-q", "main"]);
    client.stage("app.py", "X = 2\n");
    client.commit("main clean");

    let o = push(&client, &["origin", "main", "a", "b", "c"]);
    assert_rejected(&o);
    let out = text(&o);
    assert_reported(&o, &ca, "a.py:1");
    assert_reported(&o, &cc, "c.py:1");
    assert!(out.contains("2 finding(s) in 4 commit(s)"), "{out}");
    assert_eq!(server_ref(&server, "refs/heads/main"), Some(base));
    for r in ["a", "b", "c"] {
        assert_eq!(server_ref(&server, &format!("refs/heads/{r}")), None);
    }
    assert_accepted(&push(&client, &["origin", "main", "b"]));
}

#[test]
fn push_option_is_honoured_only_when_the_server_allows_it() {
    let (server, client) = server_and_client("");
    server.git(&["config", "receive.advertisePushOptions", "true"]);
    client.stage("app.py", secret_line("pr-option"));
    let c1 = client.commit("known false positive");
    let o = push(&client, &["origin", "main"]);
    assert_rejected(&o);
    let fp = first_fingerprint(&text(&o));

    // The default policy ignores the option.
    let allow = format!("keepmum.allow={fp}");
    let o = push(&client, &["-o", &allow, "origin", "main"]);
    assert_rejected(&o);
    assert!(text(&o).contains("ignoring push option"), "{}", text(&o));

    // A server policy (git config keepmum.config, relative to the git dir) that allows it.
    std::fs::write(
        server.path().join("keepmum-policy.yaml"),
        "pre-receive:\n  allow-push-option: true\n",
    )
    .expect("write policy");
    server.git(&["config", "keepmum.config", "keepmum-policy.yaml"]);
    let o = push(&client, &["origin", "main"]);
    assert_rejected(&o);
    assert!(
        text(&o).contains("git push -o keepmum.allow="),
        "{}",
        text(&o)
    );
    let o = push(
        &client,
        &["-o", "keepmum.allow=other:0000", "origin", "main"],
    );
    assert_rejected(&o);
    let o = push(&client, &["-o", &allow, "origin", "main"]);
    assert_accepted(&o);
    assert_eq!(server_ref(&server, "refs/heads/main"), Some(c1));
}

/// A pushed `.keepmum.yaml` / `.keepmumignore` that would silence the finding is ignored:
/// the push cannot change the rules that judge it.
#[test]
fn config_in_the_pushed_tree_is_ignored() {
    let (server, client) = server_and_client("");
    client.stage("app.py", secret_line("pr-config"));
    let (code, json, _) = client.keepmum(&["scan", "--staged", "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let fp = v["findings"][0]["fingerprint"]
        .as_str()
        .expect("fingerprint")
        .to_string();
    client.stage(
        ".keepmum.yaml",
        "extend-default: false\nallow:\n  paths: [\"**\"]\n",
    );
    client.stage(".keepmumignore", format!("{fp}\n"));
    let (code, out, err) = client.keepmum(&["scan", "--staged"]);
    assert_eq!(code, 0, "locally the pushed config silences it: {out}{err}");
    client.commit("secret plus a config that hides it");

    let o = push(&client, &["origin", "main"]);
    assert_rejected(&o);
    assert!(text(&o).contains("app.py:1:"), "{}", text(&o));
    assert_eq!(server_ref(&server, "refs/heads/main"), None);
}

/// `--config PATH` on the hook command line is the server policy.
#[test]
fn server_config_flag_is_the_policy() {
    let policy_dir = tempfile::tempdir().expect("tempdir");
    let policy = policy_dir.path().join("policy.yaml");
    std::fs::write(&policy, "allow:\n  paths: [\"fixtures/**\"]\n").expect("write");
    let (server, client) = server_and_client(&format!("--config '{}'", policy.display()));
    client.stage("fixtures/token.py", secret_line("pr-flag-1"));
    client.commit("fixture");
    assert_accepted(&push(&client, &["origin", "main"]));
    client.stage("app.py", secret_line("pr-flag-2"));
    client.commit("real");
    assert_rejected(&push(&client, &["origin", "main"]));

    // A policy that cannot be read rejects every push (exit 2), it never waves them through.
    install_pre_receive(&server, "");
    server.git(&["config", "keepmum.config", "/nonexistent/policy.yaml"]);
    client.git(&["reset", "-q", "--soft", "HEAD~1"]);
    client.git(&["rm", "-q", "--cached", "app.py"]);
    client.stage("clean.py", "X = 1\n");
    client.commit("clean");
    let o = push(&client, &["origin", "main"]);
    assert_rejected(&o);
    assert!(
        text(&o).contains("/nonexistent/policy.yaml"),
        "{}",
        text(&o)
    );
}

/// `--time-budget 0` means no limit; a normal budget does not get in the way.
#[test]
fn time_budget_zero_means_no_limit() {
    for args in ["--time-budget 0", "--time-budget 60"] {
        let (server, client) = server_and_client(args);
        for i in 0..20 {
            client.stage(&format!("f{i}.py"), format!("X = {i}\n"));
            client.commit("clean");
        }
        let o = push(&client, &["origin", "main"]);
        assert_accepted(&o);
        assert!(text(&o).contains("20 commit(s)"), "{args}: {}", text(&o));
        assert!(server_ref(&server, "refs/heads/main").is_some());
    }
}

/// Input the hook cannot read is an error (exit 2), never an accept.
#[test]
fn malformed_input_is_rejected() {
    let server = Repo::bare();
    for input in ["not a ref update\n", "0123 4567 refs/heads/main\n"] {
        let o = common::output_with_stdin(server.keepmum_cmd(&["pre-receive"]), input);
        assert_eq!(o.status.code(), Some(2), "{input}: {}", text(&o));
    }
    // Empty input (nothing pushed) is clean.
    let o = common::output_with_stdin(server.keepmum_cmd(&["pre-receive"]), "");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

// ---------------------------------------------------------------------------------------------
// The time budget, at the engine level: a budget that runs out marks the outcome incomplete,
// and `on-timeout` decides what that means.

fn history(n: usize) -> Repo {
    let r = Repo::new();
    for i in 0..n {
        r.stage(&format!("f{i}.py"), format!("X = {i}\n"));
        r.commit("c");
    }
    r
}

fn commits(r: &Repo) -> Vec<git2::Oid> {
    r.git(&["rev-list", "--reverse", "HEAD"])
        .lines()
        .map(|l| git2::Oid::from_str(l).expect("oid"))
        .collect()
}

#[test]
fn exhausted_budget_marks_the_scan_incomplete() {
    let r = history(8);
    let ids = commits(&r);
    let engine =
        Engine::new(Config::builtin().expect("config"), IgnoreFile::default()).expect("engine");
    let path = r.path().to_path_buf();
    let open = || git2::Repository::open(&path).map_err(|e| keepmum::Error::git("open", e));
    let done = engine.scan_commits(open, &ids, false).expect("scan");
    assert_eq!(done.commits, 8);
    assert!(done.incomplete.is_none());
    assert_eq!(
        decide(&done, &engine.config, Context::Push(OnTimeout::Reject)).code,
        0
    );

    let mut engine = engine;
    engine.deadline = Deadline::after(Some(Duration::from_nanos(1)));
    std::thread::sleep(Duration::from_millis(1));
    let cut = engine.scan_commits(open, &ids, false).expect("scan");
    let why = cut.incomplete.as_deref().expect("incomplete");
    assert!(why.contains("time budget"), "{why}");
    assert!(cut.commits < 8);
    assert_eq!(
        decide(&cut, &engine.config, Context::Push(OnTimeout::Reject)).code,
        1,
        "fail closed"
    );
    assert_eq!(
        decide(&cut, &engine.config, Context::Push(OnTimeout::Accept)).code,
        0,
        "policy: accept"
    );
}

#[test]
fn findings_reject_whatever_on_timeout_says() {
    let r = Repo::new();
    r.stage("app.py", secret_line("pr-budget"));
    r.commit("secret");
    let ids = commits(&r);
    let engine =
        Engine::new(Config::builtin().expect("config"), IgnoreFile::default()).expect("engine");
    let path = r.path().to_path_buf();
    let open = || git2::Repository::open(&path).map_err(|e| keepmum::Error::git("open", e));
    let mut o: Outcome = engine.scan_commits(open, &ids, false).expect("scan");
    assert_eq!(o.findings.len(), 1);
    o.incomplete = Some("time budget of 1s ran out".into());
    assert_eq!(
        decide(&o, &engine.config, Context::Push(OnTimeout::Accept)).code,
        1
    );
    assert_eq!(
        decide(&o, &engine.config, Context::Push(OnTimeout::Reject)).code,
        1
    );
}

/// The policy's `on-timeout` and `time-budget` come from the server config.
#[test]
fn policy_is_read_from_the_server_config() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("policy.yaml");
    std::fs::write(
        &p,
        "pre-receive:\n  time-budget: 5\n  on-timeout: accept\n  allow-push-option: true\n",
    )
    .expect("write");
    let c = Config::load(Some(&p), false).expect("load");
    assert_eq!(c.pre_receive.time_budget, Duration::from_secs(5));
    assert_eq!(c.pre_receive.on_timeout, OnTimeout::Accept);
    assert!(c.pre_receive.allow_push_option);
    let d = Config::builtin().expect("builtin");
    assert_eq!(d.pre_receive.on_timeout, OnTimeout::Reject);
    assert!(!d.pre_receive.allow_push_option);
}

/// A bare server whose hook runs `keepmum pre-receive ARGS` and says how long it took
/// (`hook-ms N` on stderr, relayed to the pusher).
fn timed_server(args: &str) -> Repo {
    let server = Repo::bare();
    write_exec(
        &server.path().join("hooks/pre-receive"),
        &format!(
            "#!/bin/sh\nstart=$(date +%s%N)\n'{}' pre-receive {args}\nrc=$?\necho \"hook-ms $(( ($(date +%s%N) - start) / 1000000 ))\" >&2\nexit $rc\n",
            bin().display()
        ),
    );
    server
}

fn hook_ms(o: &Output) -> u64 {
    let t = text(o);
    t.lines()
        .find_map(|l| l.split("hook-ms ").nth(1))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no hook-ms in:\n{t}"))
}

/// One commit with one crafted file (a 12 MB line of `name=value,` pairs: seconds of work) and
/// a budget of 500ms: the budget is checked inside the file, so the hook stops well within a
/// second of its budget, and the push is rejected (on-timeout: reject, the default) or let
/// through with a warning (on-timeout: accept, from a policy whose budget has a unit). Before,
/// the budget was looked at between commits only: the one commit ran to its end and the push
/// was accepted.
#[test]
fn budget_holds_inside_one_commit() {
    let client = Repo::new();
    let mut rng = keepmum::rules::template::SplitMix64::new(11);
    let mut line = String::new();
    while line.len() < 12 << 20 {
        line.push_str(&format!(
            "k{}={},",
            line.len() % 89,
            rng.string("alnum", 12).expect("class")
        ));
    }
    line.push('\n');
    client.stage("app.js", &line);
    client.commit("one big line");
    let dir = tempfile::tempdir().expect("tempdir");
    let policy = dir.path().join("policy.yaml");
    std::fs::write(
        &policy,
        "pre-receive:\n  time-budget: 500ms\n  on-timeout: accept\n",
    )
    .expect("write");
    let cases = [
        ("--time-budget 500ms".to_string(), false),
        (format!("-c '{}'", policy.display()), true),
    ];
    for (args, accepted) in cases {
        let server = timed_server(&args);
        let url = server.path().to_str().expect("utf-8 path").to_string();
        let o = push(&client, &[&url, "HEAD:refs/heads/main"]);
        let out = text(&o);
        let ms = hook_ms(&o);
        eprintln!("{args}: hook took {ms} ms");
        assert!(
            out.contains("time budget of 500ms ran out"),
            "{args}:\n{out}"
        );
        assert!(
            ms < 1500,
            "{args}: the hook ran {ms} ms on a 500ms budget:\n{out}"
        );
        if accepted {
            assert_accepted(&o);
            assert!(out.contains("on-timeout: accept"), "{out}");
        } else {
            assert_rejected(&o);
            assert!(server_ref(&server, "refs/heads/main").is_none());
        }
    }
}

/// Pushes with `keepmum` on the hooks' `PATH` (the directory of the built binary) or not.
fn push_with_path(client: &Repo, url: &str, keepmum_on_path: bool) -> Output {
    let dir = bin().parent().expect("bin dir").to_path_buf();
    let path = if keepmum_on_path {
        format!("{}:/usr/local/bin:/usr/bin:/bin", dir.display())
    } else {
        "/usr/local/bin:/usr/bin:/bin".to_string()
    };
    client
        .git_cmd(&["push", url, "HEAD:refs/heads/main"])
        .env("PATH", path)
        .output()
        .expect("push")
}

/// `examples/pre-receive` works as copied: the built-in defaults when no policy is set (it
/// named a policy file nothing creates, so a copied hook rejected every push); a policy set at
/// its top is the policy; a policy that cannot be read, or no keepmum on the PATH, rejects.
#[test]
fn example_hook_works_as_copied() {
    let example =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/pre-receive"))
            .expect("examples/pre-receive");
    assert!(example.contains("\npolicy=\"\"\n"), "{example}");
    let client = Repo::new();
    client.stage("clean.py", "X = 1\n");
    client.commit("clean");

    let server = Repo::bare();
    write_exec(&server.path().join("hooks/pre-receive"), &example);
    let url = server.path().to_str().expect("utf-8 path").to_string();
    let o = push_with_path(&client, &url, true);
    assert_accepted(&o);
    client.stage("fixtures/token.py", secret_line("example-hook"));
    client.commit("fixture");
    let o = push_with_path(&client, &url, true);
    assert_rejected(&o);
    assert!(text(&o).contains("fixtures/token.py:1:"), "{}", text(&o));

    // policy= at the top of the hook: a policy that allows the fixtures.
    let dir = tempfile::tempdir().expect("tempdir");
    let policy = dir.path().join("policy.yaml");
    std::fs::write(&policy, "allow:\n  paths: [\"fixtures/**\"]\n").expect("write");
    let with_policy = example.replace(
        "\npolicy=\"\"\n",
        &format!("\npolicy=\"{}\"\n", policy.display()),
    );
    write_exec(&server.path().join("hooks/pre-receive"), &with_policy);
    assert_accepted(&push_with_path(&client, &url, true));

    // A policy that cannot be read, and no keepmum at all: rejected.
    client.stage("more.py", "Y = 2\n");
    client.commit("more");
    let missing = example.replace("\npolicy=\"\"\n", "\npolicy=\"/nonexistent/policy.yaml\"\n");
    write_exec(&server.path().join("hooks/pre-receive"), &missing);
    let o = push_with_path(&client, &url, true);
    assert_rejected(&o);
    assert!(
        text(&o).contains("/nonexistent/policy.yaml"),
        "{}",
        text(&o)
    );
    write_exec(&server.path().join("hooks/pre-receive"), &example);
    let o = push_with_path(&client, &url, false);
    assert_rejected(&o);
    assert!(
        text(&o).contains("keepmum is not installed"),
        "{}",
        text(&o)
    );
}

// ---------------------------------------------------------------------------------------------
// The ref updates on standard input are read up to a cap (64 MiB, `capped::REF_UPDATES_CAP`):
// tens of thousands of refs fit, an endless or huge stream is refused unread.

/// Runs `cmd` with `line` repeated `times` on its standard input, written from a thread that
/// stops at the first failed write (a hook that stops reading at its cap closes the pipe).
fn output_with_repeated_stdin(mut cmd: std::process::Command, line: &str, times: usize) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let (chunk, len) = (line.repeat(1024), line.len());
    let writer = std::thread::spawn(move || {
        let mut left = times;
        while left > 0 {
            let n = left.min(1024);
            if stdin.write_all(&chunk.as_bytes()[..n * len]).is_err() {
                return;
            }
            left -= n;
        }
    });
    let o = child.wait_with_output().expect("wait");
    writer.join().expect("writer");
    o
}

#[test]
fn oversized_ref_updates_are_refused_with_what_to_do() {
    let client = Repo::new();
    client.stage("a.txt", "hello\n");
    let head = client.commit("one");
    let zero = "0".repeat(40);
    let name = format!("refs/heads/{}", "n".repeat(200));
    // 64 MiB / 254 bytes: about 264,000 lines; 300,000 are over the cap.
    let receive = format!("{zero} {head} {name}\n");
    let o = output_with_repeated_stdin(client.keepmum_cmd(&["pre-receive"]), &receive, 300_000);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        err.contains("<stdin>: larger than the 64 MiB keepmum reads of the ref updates")
            && err.contains("push fewer refs at a time"),
        "{err}"
    );
    let push = format!("{name} {head} {name} {zero}\n");
    let o = output_with_repeated_stdin(
        client.keepmum_cmd(&["pre-push", "origin", "/nowhere"]),
        &push,
        300_000,
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(err.contains("push fewer refs at a time"), "{err}");
    // An endless stream stops at the cap too.
    let o = client
        .keepmum_cmd(&["pre-receive"])
        .stdin(std::fs::File::open("/dev/zero").expect("/dev/zero"))
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("64 MiB"),
        "{}",
        text(&o)
    );
}

/// Under the cap, 100,000 ref updates with 210-byte names (25 MB of input) are read and
/// scanned: the one commit they all point at holds a secret, and it is found.
#[test]
fn a_hundred_thousand_ref_updates_are_read_and_scanned() {
    let client = Repo::new();
    client.stage("config.py", secret_line("many-refs"));
    // A commit no ref reaches yet, as a pushed one is while the hook runs.
    let tree = client.git(&["write-tree"]).trim().to_string();
    let head = client
        .git(&["commit-tree", &tree, "-m", "secret"])
        .trim()
        .to_string();
    let zero = "0".repeat(40);
    let mut input = String::new();
    for i in 0..100_000 {
        input.push_str(&format!("{zero} {head} refs/heads/{:0>200}\n", i));
    }
    let o = common::output_with_stdin(client.keepmum_cmd(&["pre-receive"]), &input);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert_reported(&o, &head, "config.py:1");
}

/// A real push of 20,000 tags through a server's pre-receive hook is accepted.
#[test]
fn push_of_twenty_thousand_refs_works() {
    let (server, client) = server_and_client("");
    client.stage("a.txt", "hello\n");
    let head = client.commit("one");
    let mut refs = String::new();
    for i in 0..20_000 {
        refs.push_str(&format!("create refs/tags/release-{i:05} {head}\n"));
    }
    let mut cmd = client.git_cmd(&["update-ref", "--stdin"]);
    cmd.stdin(std::process::Stdio::piped());
    let o = common::output_with_stdin(cmd, &refs);
    assert!(o.status.success(), "{}", text(&o));
    let o = push(&client, &["origin", "main", "--tags"]);
    assert_accepted(&o);
    assert_eq!(
        server_ref(&server, "refs/tags/release-19999").as_deref(),
        Some(head.as_str())
    );
}
