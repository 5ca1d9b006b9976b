//! The server's audit log (`pre-receive.audit-log`), end to end: real `git push`es into a bare
//! repository whose `pre-receive` runs keepmum with a policy that names a log. Every decision is
//! one JSON line (accepted, rejected, errors), the pusher comes from the forge's environment,
//! no secret value reaches the log, parallel pushes lose or mix no line, and a log that cannot
//! be written rejects the push unless the policy says otherwise.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{bin, client_of, fixture, install_pre_receive, output_with_stdin, Repo};
use serde_json::Value;

fn token(seed: &str) -> String {
    fixture("ghp_<<crc32-base62:30>>", seed)
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A bare server whose hook runs keepmum with `policy` (written to `<git dir>/policy.yaml`
/// and named by `git config keepmum.config`).
fn server_with(policy: &str) -> Repo {
    let server = Repo::bare();
    std::fs::write(server.path().join("policy.yaml"), policy).expect("policy");
    server.git(&["config", "keepmum.config", "policy.yaml"]);
    install_pre_receive(&server, "");
    server
}

/// `git push ARGS` with extra environment (what a forge would set for the hook).
fn push_env(client: &Repo, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut all = vec!["push"];
    all.extend_from_slice(args);
    let mut c = client.git_cmd(&all);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("git push")
}

fn lines(log: &Path) -> Vec<Value> {
    let body = std::fs::read_to_string(log).unwrap_or_default();
    body.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not one JSON line ({e}): {l}")))
        .collect()
}

/// Pushes one clean commit from a new client of `server` and asserts the push is rejected
/// (the server's policy fails closed); returns the client and what the push printed.
fn clean_push_rejected(server: &Repo) -> (Repo, String) {
    let client = client_of(server);
    client.stage("app.py", "X = 1\n");
    client.commit("clean");
    let o = push_env(&client, &["origin", "main"], &[]);
    let out = text(&o);
    assert!(!o.status.success(), "fails closed:\n{out}");
    (client, out)
}

fn log_of(server: &Repo) -> PathBuf {
    server.path().join("audit.jsonl")
}

#[test]
fn every_decision_is_one_line_with_pusher_refs_and_fingerprints_never_the_secret() {
    let server = server_with("pre-receive:\n  audit-log: audit.jsonl\n");
    let client = client_of(&server);
    client.stage("app.py", "X = 1\n");
    let c1 = client.commit("clean");
    let gitlab = [("GL_USERNAME", "alice"), ("GL_ID", "user-7")];
    let o = push_env(&client, &["origin", "main"], &gitlab);
    assert!(o.status.success(), "{}", text(&o));

    let secret = token("audit-one");
    client.stage("app.py", format!("X = 1\nTOKEN = \"{secret}\"\n"));
    let c2 = client.commit("add token");
    let o = push_env(
        &client,
        &["origin", "main"],
        &[("GITEA_PUSHER_NAME", "bob"), ("GITEA_PUSHER_ID", "42")],
    );
    assert!(!o.status.success(), "{}", text(&o));

    let raw = std::fs::read_to_string(log_of(&server)).expect("the log was written");
    assert!(!raw.contains(&secret), "no secret in the log:\n{raw}");
    let l = lines(&log_of(&server));
    assert_eq!(l.len(), 2, "{raw}");

    let zero = "0".repeat(40);
    assert_eq!(l[0]["decision"], "accepted");
    assert_eq!(l[0]["reason"], "clean");
    assert_eq!(l[0]["exit"], 0);
    assert_eq!(l[0]["pusher"]["name"], "alice");
    assert_eq!(l[0]["pusher"]["from"], "GL_USERNAME");
    assert_eq!(l[0]["pusher"]["id"], "user-7");
    assert_eq!(l[0]["refs"][0]["ref"], "refs/heads/main");
    assert_eq!(l[0]["refs"][0]["old"], zero.as_str());
    assert_eq!(l[0]["refs"][0]["new"], c1.as_str());
    assert_eq!(l[0]["commits"], 1);
    assert_eq!(l[0]["findings_total"], 0);
    let time = l[0]["time"].as_str().expect("time");
    assert!(time.ends_with('Z') && time.len() == 24, "{time}");

    assert_eq!(l[1]["decision"], "rejected");
    assert_eq!(l[1]["reason"], "findings");
    assert_eq!(l[1]["exit"], 1);
    assert_eq!(l[1]["pusher"]["name"], "bob");
    assert_eq!(l[1]["pusher"]["from"], "GITEA_PUSHER_NAME");
    assert_eq!(l[1]["refs"][0]["old"], c1.as_str());
    assert_eq!(l[1]["refs"][0]["new"], c2.as_str());
    let f = &l[1]["findings"][0];
    assert_eq!(f["rule"], "github-pat");
    assert_eq!(f["commit"], c2.as_str());
    assert_eq!(f["path"], "app.py");
    assert_eq!(f["line"], 2);
    let fp = f["fingerprint"].as_str().expect("fingerprint");
    assert!(fp.starts_with("github-pat:"), "{fp}");
    // The fingerprint is the one the pusher was shown.
    assert!(text(&o).contains(&format!("[{fp}]")), "{}", text(&o));
}

#[test]
fn push_options_are_recorded() {
    let server = server_with("pre-receive:\n  audit-log: audit.jsonl\n  allow-push-option: true\n");
    server.git(&["config", "receive.advertisePushOptions", "true"]);
    let client = client_of(&server);
    let secret = token("audit-option");
    client.stage("app.py", format!("TOKEN = \"{secret}\"\n"));
    client.commit("token");
    let o = push_env(
        &client,
        &["origin", "main"],
        &[("GITHUB_USER_LOGIN", "carol")],
    );
    assert!(!o.status.success());
    let fp = lines(&log_of(&server))[0]["findings"][0]["fingerprint"]
        .as_str()
        .expect("fingerprint")
        .to_string();
    let opt = format!("keepmum.allow={fp}");
    let o = push_env(&client, &["-o", &opt, "origin", "main"], &[]);
    assert!(o.status.success(), "{}", text(&o));
    let l = lines(&log_of(&server));
    assert_eq!(l.len(), 2);
    assert_eq!(l[0]["pusher"]["from"], "GITHUB_USER_LOGIN");
    assert_eq!(l[1]["decision"], "accepted");
    assert_eq!(l[1]["accepted_by_push_option"][0], fp.as_str());
    assert_eq!(l[1]["findings_total"], 0);
}

#[test]
fn an_error_is_logged_as_a_rejection() {
    let server = server_with("pre-receive:\n  audit-log: audit.jsonl\n");
    // Run by hand with input git would never send: exit 2, and the log says so.
    let mut cmd = std::process::Command::new(bin());
    common::clean_env(&mut cmd, server.home.path());
    cmd.current_dir(server.path()).arg("pre-receive");
    let o = output_with_stdin(cmd, "not a ref update\n");
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let l = lines(&log_of(&server));
    assert_eq!(l.len(), 1);
    assert_eq!(l[0]["decision"], "rejected");
    assert_eq!(l[0]["reason"], "error");
    assert_eq!(l[0]["exit"], 2);
    assert!(
        l[0]["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{}",
        l[0]
    );
}

#[test]
fn a_log_that_cannot_be_written_rejects_the_push_unless_the_policy_accepts() {
    let server = server_with("pre-receive:\n  audit-log: no-such-dir/audit.jsonl\n");
    let client = client_of(&server);
    client.stage("app.py", "X = 1\n");
    client.commit("clean");
    let o = push_env(&client, &["origin", "main"], &[]);
    assert!(!o.status.success(), "fails closed:\n{}", text(&o));
    assert!(text(&o).contains("audit log"), "{}", text(&o));
    assert!(
        text(&o).contains("no-such-dir"),
        "names the file:\n{}",
        text(&o)
    );

    std::fs::write(
        server.path().join("policy.yaml"),
        "pre-receive:\n  audit-log: no-such-dir/audit.jsonl\n  on-audit-error: accept\n",
    )
    .expect("policy");
    let o = push_env(&client, &["origin", "main"], &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("not in the audit log"), "{}", text(&o));
}

#[test]
fn the_log_path_comes_from_the_server_policy_only() {
    let server = server_with("pre-receive:\n  time-budget: 30\n");
    let client = client_of(&server);
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let planted = elsewhere.path().join("planted.jsonl");
    client.stage(
        ".keepmum.yaml",
        format!("pre-receive:\n  audit-log: {}\n", planted.display()),
    );
    client.commit("a policy in the pushed tree");
    let o = push_env(&client, &["origin", "main"], &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(!planted.exists(), "a pushed .keepmum.yaml names no log");
    assert!(!log_of(&server).exists());
}

/// Many pushes at once, each rejected one with a line far over PIPE_BUF (hundreds of
/// findings): the log has exactly one whole JSON line per push, each naming its own ref.
#[test]
fn parallel_pushes_append_whole_lines_none_lost() {
    const CLIENTS: usize = 6;
    const PUSHES: usize = 4;
    let server = server_with("pre-receive:\n  audit-log: audit.jsonl\n");
    let clients: Vec<Repo> = (0..CLIENTS)
        .map(|i| {
            let c = client_of(&server);
            let mut body = String::new();
            if i % 2 == 0 {
                // 300 tokens: a rejection whose line is tens of kilobytes.
                for j in 0..300 {
                    body.push_str(&format!("T{j} = \"{}\"\n", token(&format!("par-{i}-{j}"))));
                }
            } else {
                body.push_str("X = 1\n");
            }
            c.stage("app.py", body);
            c.commit("start");
            c
        })
        .collect();
    std::thread::scope(|s| {
        for (i, c) in clients.iter().enumerate() {
            s.spawn(move || {
                for p in 0..PUSHES {
                    let refspec = format!("HEAD:refs/heads/c{i}-p{p}");
                    let o = push_env(c, &["origin", &refspec], &[]);
                    assert_eq!(o.status.success(), i % 2 == 1, "{}", text(&o));
                }
            });
        }
    });
    let raw = std::fs::read_to_string(log_of(&server)).expect("log");
    let l = lines(&log_of(&server));
    assert_eq!(l.len(), CLIENTS * PUSHES, "one line a push");
    let mut seen = std::collections::BTreeSet::new();
    let mut longest = 0;
    for (line, v) in raw.lines().zip(&l) {
        longest = longest.max(line.len());
        let r = v["refs"][0]["ref"].as_str().expect("ref").to_string();
        let i: usize = r["refs/heads/c".len()..]
            .split('-')
            .next()
            .and_then(|n| n.parse().ok())
            .expect("client number");
        let rejected = i % 2 == 0;
        assert_eq!(
            v["decision"],
            if rejected { "rejected" } else { "accepted" }
        );
        assert_eq!(v["findings_total"], if rejected { 300 } else { 0 });
        assert!(seen.insert(r), "one line per push");
    }
    assert!(longest > 16 * 1024, "lines over PIPE_BUF: {longest}");
}

/// The admin's way to seed a server: a `--mirror` clone of `client`, then `keepmum baseline
/// --all` in it under the server's policy, written to `accepted.txt` beside the policy.
/// Returns the baseline command's output and the file it wrote.
fn baseline_from_mirror(client: &Repo, server: &Repo) -> (Output, String) {
    let admin = tempfile::tempdir().expect("tempdir");
    let mirror = admin.path().join("mirror.git");
    let o = client
        .git_cmd(&[
            "clone",
            "-q",
            "--mirror",
            ".",
            mirror.to_str().expect("utf-8"),
        ])
        .output()
        .expect("clone");
    assert!(o.status.success(), "{}", text(&o));
    let policy_path = server.path().join("policy.yaml");
    let baseline = server.path().join("accepted.txt");
    let mut cmd = std::process::Command::new(bin());
    common::clean_env(&mut cmd, server.home.path());
    let o = cmd
        .current_dir(&mirror)
        .args(["baseline", "--all", "--config"])
        .arg(&policy_path)
        .arg("--output")
        .arg(&baseline)
        .output()
        .expect("baseline");
    assert!(o.status.success(), "{}", text(&o));
    let written = std::fs::read_to_string(&baseline).expect("baseline");
    (o, written)
}

/// Seeding a repository whose history holds a known (rotated) secret: pushed in parts, the
/// part that carries it is rejected until the admin writes a baseline (`keepmum baseline
/// --all` in a mirror, with the server's policy) and names it in the policy
/// (`pre-receive.baseline`, relative to the policy file). Then the known findings, in a file
/// and in a message, are accepted and logged as accepted by the baseline; a different secret
/// is still rejected.
#[test]
fn a_server_baseline_accepts_known_findings_when_seeding_in_parts() {
    let policy = "pre-receive:\n  audit-log: audit.jsonl\n";
    let server = server_with(policy);
    let client = client_of(&server);
    client.stage("app.py", "X = 1\n");
    let c1 = client.commit("start");
    let known = token("seed-known");
    let in_message = token("seed-message");
    client.stage("app/config.py", format!("TOKEN = \"{known}\"\n"));
    let c2 = client.commit(&format!("deploy\n\nused {in_message}"));
    client.stage("app.py", "X = 2\n");
    client.commit("more");

    // In parts, oldest first: the first part is clean, the second carries the findings.
    let part = |c: &str| format!("{c}:refs/heads/main");
    let o = push_env(&client, &["origin", &part(&c1)], &[]);
    assert!(o.status.success(), "{}", text(&o));
    let o = push_env(&client, &["origin", &part(&c2)], &[]);
    assert!(!o.status.success(), "no baseline yet:\n{}", text(&o));
    assert!(text(&o).contains("app/config.py:1:"), "{}", text(&o));
    assert!(text(&o).contains("(message):3:"), "{}", text(&o));

    // The admin: a mirror of the project, a baseline of its history under the server policy.
    let (o, written) = baseline_from_mirror(&client, &server);
    assert!(text(&o).contains("wrote 2 fingerprint(s)"), "{}", text(&o));
    let policy_path = server.path().join("policy.yaml");
    assert!(!written.contains(&known) && !written.contains(&in_message));
    std::fs::write(&policy_path, format!("{policy}  baseline: accepted.txt\n")).expect("policy");

    let o = push_env(&client, &["origin", &part(&c2)], &[]);
    assert!(
        o.status.success(),
        "accepted by the baseline:\n{}",
        text(&o)
    );
    assert!(text(&o).contains("accepted baseline"), "{}", text(&o));
    let o = push_env(&client, &["origin", "main"], &[]);
    assert!(o.status.success(), "{}", text(&o));

    // A secret the baseline does not list is still rejected.
    let other = token("seed-other");
    client.stage("app/config.py", format!("TOKEN = \"{other}\"\n"));
    client.commit("a new token");
    let o = push_env(&client, &["origin", "main"], &[]);
    assert!(!o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("app/config.py:1:"), "{}", text(&o));

    let raw = std::fs::read_to_string(log_of(&server)).expect("log");
    for s in [&known, &in_message, &other] {
        assert!(!raw.contains(s.as_str()), "no secret in the log");
    }
    let l = lines(&log_of(&server));
    assert_eq!(l.len(), 5, "{raw}");
    assert_eq!(l[1]["decision"], "rejected");
    assert_eq!(l[1]["findings_total"], 2);
    assert_eq!(l[1]["accepted_by_baseline_total"], 0);
    let mut fps: Vec<&str> = l[1]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["fingerprint"].as_str())
        .collect();
    fps.sort();
    assert_eq!(l[2]["decision"], "accepted");
    assert_eq!(l[2]["reason"], "clean");
    assert_eq!(l[2]["findings_total"], 0);
    assert_eq!(l[2]["accepted_by_baseline_total"], 2);
    let accepted: Vec<&str> = l[2]["accepted_by_baseline"]
        .as_array()
        .expect("accepted")
        .iter()
        .filter_map(|f| f.as_str())
        .collect();
    assert_eq!(accepted, fps, "the fingerprints the rejection named");
    assert_eq!(l[3]["accepted_by_baseline_total"], 0);
    assert_eq!(l[4]["decision"], "rejected");
    assert_eq!(l[4]["findings_total"], 1);
}

/// Findings under inline allow markers (`# keepmum:allow` in a file, `pragma: allowlist secret`
/// in a commit message) are in the seeding baseline: the server ignores markers (no
/// `inline-allow`), so a baseline without them would leave the push rejected. With the
/// baseline the push of that history is accepted; locally the markers still silence the
/// findings, and `--report-unused-ignores` counts their baseline entries as used.
#[test]
fn a_seeding_baseline_accepts_findings_under_inline_markers() {
    let policy = "pre-receive:\n  audit-log: audit.jsonl\n";
    let server = server_with(policy);
    let client = client_of(&server);
    let marked = token("seed-marked");
    let in_message = token("seed-marked-message");
    client.stage(
        "app/config.py",
        format!("TOKEN = \"{marked}\"  # keepmum:allow\n"),
    );
    let c = client.commit(&format!(
        "deploy\n\nused {in_message}  # pragma: allowlist secret"
    ));

    // The server ignores both markers: rejected, each finding flagged as under a marker.
    let o = push_env(&client, &["origin", "main"], &[]);
    assert!(!o.status.success(), "no baseline yet:\n{}", text(&o));
    assert!(text(&o).contains("app/config.py:1:"), "{}", text(&o));
    assert!(text(&o).contains("(message):3:"), "{}", text(&o));
    assert_eq!(
        text(&o).matches("inline allow marker ignored").count(),
        2,
        "{}",
        text(&o)
    );

    // The admin's baseline of the history, under the server's policy, lists both.
    let (o, written) = baseline_from_mirror(&client, &server);
    assert!(text(&o).contains("wrote 2 fingerprint(s)"), "{}", text(&o));
    let policy_path = server.path().join("policy.yaml");
    assert!(!written.contains(&marked) && !written.contains(&in_message));
    assert_eq!(
        written.matches("(under an inline allow marker)").count(),
        2,
        "{written}"
    );
    std::fs::write(&policy_path, format!("{policy}  baseline: accepted.txt\n")).expect("policy");

    let o = push_env(&client, &["origin", "main"], &[]);
    assert!(
        o.status.success(),
        "accepted by the baseline:\n{}",
        text(&o)
    );
    let l = lines(&log_of(&server));
    assert_eq!(l.last().expect("a line")["accepted_by_baseline_total"], 2);
    assert_eq!(
        server.git(&["rev-parse", "refs/heads/main"]).trim(),
        c.as_str()
    );

    // Locally the markers still silence both findings; the same file as .keepmumignore has
    // no unused entry (a local scan that drops a marked finding counts its entry as used).
    let (code, out, err) = client.keepmum(&["scan", "--all"]);
    assert_eq!(code, 0, "{out}{err}");
    std::fs::write(client.path().join(".keepmumignore"), &written).expect("copy");
    let (code, out, err) = client.keepmum(&["scan", "--all", "--report-unused-ignores"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        !format!("{out}{err}").contains("unused ignore entry"),
        "{out}{err}"
    );
}

/// A baseline the policy names but the server cannot read rejects every push (exit 2) with an
/// error naming the policy's line and the file, and the rejection is logged.
#[test]
fn a_missing_server_baseline_rejects_the_push_and_names_the_file() {
    let server = server_with("pre-receive:\n  audit-log: audit.jsonl\n  baseline: gone.txt\n");
    let (client, out) = clean_push_rejected(&server);
    assert!(out.contains("policy.yaml:3:"), "the policy's line:\n{out}");
    assert!(out.contains("gone.txt"), "the file:\n{out}");
    let l = lines(&log_of(&server));
    assert_eq!(l.len(), 1);
    assert_eq!(l[0]["decision"], "rejected");
    assert_eq!(l[0]["exit"], 2);
    assert!(
        l[0]["error"]
            .as_str()
            .is_some_and(|e| e.contains("gone.txt")),
        "{}",
        l[0]
    );
    // `config check` reads it as the hook would.
    let (code, out, err) = server.keepmum(&["config", "check", "policy.yaml"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("gone.txt"), "{err}");
    // A baseline that is not in the format `keepmum baseline` writes is an error too.
    std::fs::write(server.path().join("gone.txt"), "not a fingerprint\n").expect("write");
    let o = push_env(&client, &["origin", "main"], &[]);
    assert!(!o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("gone.txt:1:"), "{}", text(&o));
    let fp = format!("github-pat:{}", "0".repeat(16));
    std::fs::write(server.path().join("gone.txt"), format!("{fp}\n")).expect("write");
    let (code, out, err) = server.keepmum(&["config", "check", "policy.yaml"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("1 accepted fingerprint(s)"), "{out}");
    let o = push_env(&client, &["origin", "main"], &[]);
    assert!(o.status.success(), "{}", text(&o));
}

/// A baseline over the 16 MiB keepmum reads of one rejects every push (exit 2) naming the
/// policy's line, the file and the cap, as `config check` does; the file is never read whole.
#[test]
fn an_oversized_server_baseline_rejects_the_push_and_names_the_file() {
    let server = server_with("pre-receive:\n  audit-log: audit.jsonl\n  baseline: huge.txt\n");
    // Zeros past the cap (a sparse file: cheap to make, and not a baseline).
    let f = std::fs::File::create(server.path().join("huge.txt")).expect("create");
    f.set_len((16 << 20) + 1).expect("set_len");
    let (_client, out) = clean_push_rejected(&server);
    assert!(
        out.contains("policy.yaml:3:")
            && out.contains("huge.txt is larger than the 16 MiB keepmum reads of a baseline"),
        "{out}"
    );
    let l = lines(&log_of(&server));
    assert_eq!(l.len(), 1);
    assert_eq!(l[0]["decision"], "rejected");
    assert_eq!(l[0]["exit"], 2);
    let (code, out, err) = server.keepmum(&["config", "check", "policy.yaml"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("huge.txt is larger than the 16 MiB"), "{err}");
}

/// A policy that does not parse names no log: the push is still rejected (exit 2), the pusher
/// is told it is not in the audit log and sees the policy's error with its line, and no log is
/// written anywhere.
#[test]
fn a_policy_that_cannot_be_loaded_rejects_unlogged() {
    let server = server_with("pre-receive:\n  audit-log: audit.jsonl\n  time-budget: [\n");
    let (_client, out) = clean_push_rejected(&server);
    assert!(
        out.contains("remote: keepmum: push rejected: the server's policy could not be loaded, so this push is not in the audit log"),
        "{out}"
    );
    assert!(out.contains("remote: keepmum: error: "), "{out}");
    assert!(out.contains("policy.yaml:"), "names the policy:\n{out}");
    assert!(!log_of(&server).exists());
}
