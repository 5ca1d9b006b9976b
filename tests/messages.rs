//! Commit and tag messages are scanned for secrets, end to end with real git: `git push` into a
//! bare repository whose `pre-receive` runs the built binary, the client's pre-push hook,
//! `scan --range/--all`, and the `commit-msg` hook that `keepmum install --hook commit-msg`
//! writes, run by real `git commit`s. Findings print as `<commit>:(message):<line>:<column>`.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

use common::{clean_env, fixture, server_and_client, Repo};

/// A GitHub token, assembled at run time from `seed`.
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

fn server_ref(server: &Repo, name: &str) -> Option<String> {
    let o = server.git_output(&["rev-parse", "--verify", "-q", name]);
    o.status
        .success()
        .then(|| String::from_utf8_lossy(&o.stdout).trim().to_string())
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

/// `git ARGS` with hooks enabled and a PATH without keepmum (the installing binary runs).
fn git_hooked(r: &Repo, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new("git");
    clean_env(&mut c, r.home.path());
    c.current_dir(r.path())
        .args(args)
        .env("PATH", path_without_keepmum());
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run git")
}

#[test]
fn pre_receive_rejects_a_secret_in_a_commit_message_and_names_the_commit() {
    let (server, client) = server_and_client("");
    client.stage("app.py", "X = 1\n");
    let c1 = client.commit("clean start");
    let o = client.git_output(&["push", "origin", "main"]);
    assert!(o.status.success(), "{}", text(&o));

    // The secret is on the third line of the message; the tree is clean.
    client.stage("app.py", "X = 2\n");
    let secret = token("msg-pr");
    let c2 = client.commit(&format!("bump X\n\nused {secret} to deploy"));
    let o = client.git_output(&["push", "origin", "main"]);
    let out = text(&o);
    assert!(!o.status.success(), "rejected:\n{out}");
    assert!(out.contains("pre-receive hook declined"), "{out}");
    assert!(
        out.contains(&format!("remote: {}:(message):3:6", &c2[..12])),
        "commit, (message), line and column:\n{out}"
    );
    assert!(out.contains("github-pat"), "{out}");
    assert!(!out.contains(&secret), "redacted:\n{out}");
    assert_eq!(server_ref(&server, "refs/heads/main"), Some(c1));

    // The message rewritten, the same tree is accepted.
    client.git(&["commit", "-q", "--amend", "--no-verify", "-m", "bump X"]);
    let o = client.git_output(&["push", "origin", "main"]);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn pre_receive_scans_annotated_tag_messages_only_once() {
    let (server, client) = server_and_client("");
    client.stage("app.py", "X = 1\n");
    let c1 = client.commit("clean");
    let o = client.git_output(&["push", "origin", "main"]);
    assert!(o.status.success(), "{}", text(&o));

    // An annotated tag on a commit the server already has: only the tag is new.
    let secret = token("msg-tag");
    client.git(&[
        "tag",
        "-a",
        "v1",
        "-m",
        &format!("release\n\nkey {secret}\n"),
    ]);
    let tag = client.git(&["rev-parse", "v1"]).trim().to_string();
    assert_ne!(tag, c1, "an annotated tag object");
    let o = client.git_output(&["push", "origin", "v1"]);
    let out = text(&o);
    assert!(!o.status.success(), "rejected:\n{out}");
    assert!(
        out.contains(&format!("remote: {}:(message):3:5", &tag[..12])),
        "the tag object is named:\n{out}"
    );
    assert!(!out.contains(&secret), "redacted:\n{out}");
    assert_eq!(server_ref(&server, "refs/tags/v1"), None);

    // A clean annotated tag and a lightweight tag go through.
    client.git(&["tag", "-a", "v2", "-m", "release two"]);
    client.git(&["tag", "light"]);
    let o = client.git_output(&["push", "origin", "v2", "light"]);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn messages_are_not_judged_by_the_rules_about_files() {
    let (server, client) = server_and_client("");
    client.stage("settings.py", "X = 1\n");
    // DEBUG = True in a message is prose about a setting, not a setting.
    let c = client.commit("turn on\n\nDEBUG = True for the demo");
    let o = client.git_output(&["push", "origin", "main"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(server_ref(&server, "refs/heads/main"), Some(c));
}

#[test]
fn scan_range_and_all_report_commit_and_tag_messages() {
    let r = Repo::new();
    r.stage("a.txt", "a\n");
    let base = r.commit("base");
    let secret = token("msg-range");
    let c = r.commit(&format!("add {secret}"));
    let (code, out, err) = r.keepmum(&["scan", "--range", &format!("{base}..HEAD")]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains(&format!("{}:(message):1:5", &c[..12])),
        "{out}"
    );
    assert!(!format!("{out}{err}").contains(&secret), "redacted");

    let other = token("msg-all");
    r.git(&["tag", "-a", "t", "-m", &format!("tagged {other}"), &base]);
    let tag = r.git(&["rev-parse", "t"]).trim().to_string();
    let (code, out, err) = r.keepmum(&["scan", "--all", "--format", "json"]);
    assert_eq!(code, 1, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let found: Vec<(String, String)> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["commit"].as_str().unwrap_or("").to_string(),
                f["path"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert!(
        found.contains(&(c.clone(), "(message)".into())),
        "{found:?}"
    );
    assert!(found.contains(&(tag, "(message)".into())), "{found:?}");
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(v["summary"]["messages"], 3, "two commits and a tag");
}

/// `scan --range A..B` reports the annotated tags on the range's commits, as `--all` reports
/// every tag and a push every pushed tag: a tag on a commit outside the range is not reported.
#[test]
fn scan_range_reports_annotated_tags_on_its_commits() {
    let r = Repo::new();
    r.stage("a.txt", "a\n");
    let base = r.commit("base");
    r.stage("b.txt", "b\n");
    r.commit("next");
    let inside = token("msg-range-tag");
    let outside = token("msg-range-tag-out");
    r.git(&["tag", "-a", "v2", "-m", &format!("release\n\nkey {inside}")]);
    r.git(&["tag", "-a", "v1", "-m", &format!("old {outside}"), &base]);
    // A tag of a tag: both objects are on the range's commit.
    r.git(&["tag", "-a", "v2-signed", "-m", "outer", "v2"]);
    let v2 = r.git(&["rev-parse", "v2"]).trim().to_string();
    let (code, out, err) = r.keepmum(&["scan", "--range", &format!("{base}..HEAD")]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains(&format!("{}:(message):3:5", &v2[..12])),
        "the tag object, its message line:\n{out}"
    );
    assert_eq!(out.matches(":(message):").count(), 1, "{out}");
    assert!(!format!("{out}{err}").contains(&inside), "redacted");
    // The range's base is outside it: its tag is not in the range, and a clean range passes.
    r.git(&["tag", "-d", "v2", "v2-signed"]);
    let (code, out, err) = r.keepmum(&["scan", "--range", &format!("{base}..HEAD")]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("no secrets found in 1 commit(s)"), "{out}");
}

#[test]
fn an_ignore_entry_scoped_to_message_silences_a_message_finding() {
    let r = Repo::new();
    r.stage("a.txt", "a\n");
    let base = r.commit("base");
    let secret = token("msg-ignore");
    r.commit(&format!("add {secret}"));
    let range = format!("{base}..HEAD");
    let (code, out, _) = r.keepmum(&["scan", "--range", &range]);
    assert_eq!(code, 1, "{out}");
    let fp = out
        .lines()
        .find(|l| l.contains("(message)"))
        .and_then(|l| l.rsplit('[').next())
        .map(|s| s.trim_end().trim_end_matches(']').to_string())
        .expect("a fingerprint");
    r.write(".keepmumignore", format!("{fp}\n"));
    let (code, out, err) = r.keepmum(&["scan", "--range", &range]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn pre_push_blocks_a_secret_in_a_message() {
    let (server, client) = server_and_client("");
    // The server hook would catch it too: take it away so the client's hook is what blocks.
    std::fs::remove_file(server.path().join("hooks/pre-receive")).expect("rm");
    let (code, out, err) = client.keepmum(&["install", "--hook", "pre-push"]);
    assert_eq!(code, 0, "{out}{err}");
    client.stage("a.txt", "a\n");
    client.commit("clean");
    let o = git_hooked(&client, &["push", "-q", "origin", "main"], &[]);
    assert!(o.status.success(), "{}", text(&o));

    let secret = token("msg-pre-push");
    let c = client.commit(&format!("oops {secret}"));
    let o = git_hooked(&client, &["push", "-q", "origin", "main"], &[]);
    let out = text(&o);
    assert!(!o.status.success(), "{out}");
    assert!(
        out.contains(&format!("{}:(message):1:6", &c[..12])),
        "{out}"
    );
    assert!(!out.contains(&secret), "{out}");
    assert_ne!(server_ref(&server, "refs/heads/main"), Some(c));
}

#[test]
fn commit_msg_hook_blocks_a_secret_message_and_keeps_the_diff_out() {
    let r = Repo::new();
    let (code, out, err) = r.keepmum(&["install", "--hook", "commit-msg"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("installed the commit-msg hook"), "{out}");
    assert!(r.path().join(".git/hooks/commit-msg").is_file());

    r.stage("a.txt", "a\n");
    let secret = token("msg-hook");
    let o = git_hooked(
        &r,
        &["commit", "-q", "-m", &format!("subject\n\ntoken {secret}")],
        &[],
    );
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "blocked:\n{out}");
    assert!(out.contains("(message):3:7"), "{out}");
    // The summary counts the message, not files.
    assert!(out.contains("1 finding(s) in 1 message(s)"), "{out}");
    assert!(!out.contains("file(s)"), "{out}");
    assert!(out.contains("commit blocked"), "{out}");
    assert!(!out.contains(&secret), "redacted:\n{out}");
    let head = r.git_output(&["rev-parse", "--verify", "-q", "HEAD"]);
    assert!(!head.status.success(), "nothing was committed");

    let o = git_hooked(&r, &["commit", "-q", "-m", "a clean subject"], &[]);
    assert!(o.status.success(), "{}", text(&o));
    r.write("msg.txt", "a clean subject\n");
    let (code, out, err) = r.keepmum(&["commit-msg", "msg.txt"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out.trim(),
        "keepmum: no secrets found in 1 message(s)",
        "{err}"
    );

    // `git commit -v` shows the staged diff below a scissors line in the message file; a
    // secret in the diff is the pre-commit hook's business, not part of the message.
    let other = token("msg-verbose");
    r.stage("b.py", format!("TOKEN = \"{other}\"\n"));
    let o = git_hooked(
        &r,
        &["commit", "-q", "-v"],
        &[("GIT_EDITOR", "sed -i 1isubject")],
    );
    assert!(o.status.success(), "{}", text(&o));
    let msg = r.git(&["log", "-1", "--format=%B"]);
    assert_eq!(msg.trim(), "subject");

    // Uninstalled, the hook is gone.
    let (code, out, err) = r.keepmum(&["uninstall", "--hook", "commit-msg"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!r.path().join(".git/hooks/commit-msg").exists());
}

#[test]
fn commit_msg_without_a_file_is_a_usage_error_and_unreadable_fails_closed() {
    let r = Repo::new();
    let (code, _, err) = r.keepmum(&["commit-msg"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("COMMIT_EDITMSG"), "{err}");
    let (code, _, err) = r.keepmum(&["commit-msg", "--", "no-such-file"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no-such-file"), "{err}");
}

#[test]
fn the_server_does_not_honour_an_inline_marker_in_a_message() {
    let (server, client) = server_and_client("");
    client.stage("a.txt", "a\n");
    let secret = token("msg-marker");
    let c = client.commit(&format!("deploy {secret} # keepmum:allow"));
    let o = client.git_output(&["push", "origin", "main"]);
    let out = text(&o);
    assert!(!o.status.success(), "{out}");
    assert!(
        out.contains(&format!("{}:(message):1:8", &c[..12])),
        "{out}"
    );
    assert!(out.contains("inline allow marker ignored"), "{out}");
    assert_eq!(server_ref(&server, "refs/heads/main"), None);
    // Locally the marker is honoured, as in a file.
    let (code, out, err) = client.keepmum(&["scan", "--all"]);
    assert_eq!(code, 0, "{out}{err}");
}

/// A commit message over `max-file-size` is a message not scanned, and every format says so
/// as a message of its commit (not as a file): human (`1 message(s) NOT scanned`, the commit
/// named), JSON (`object: message`, its commit) and SARIF (a notification about the message
/// of that commit, no file location). The commit-msg path says it of the commit being made.
#[test]
fn a_message_too_large_to_scan_is_reported_as_a_message_of_its_commit() {
    let r = Repo::new();
    r.write(".keepmum.yaml", "max-file-size: 1KB\n");
    r.stage("a.txt", "a\n");
    let base = r.commit("base");
    r.stage("b.txt", "b\n");
    let big = format!("long message\n\n{}", "words and more words\n".repeat(100));
    let c = r.commit(&big);
    let range = format!("{base}..HEAD");

    let (code, out, err) = r.keepmum(&["scan", "--range", &range]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        out.contains("1 message(s) NOT scanned"),
        "counted as a message:\n{out}"
    );
    assert!(!out.contains("file(s) NOT scanned"), "{out}");
    assert!(
        out.contains(&format!("{}:(message)  not scanned", &c[..12])),
        "{out}"
    );
    assert!(
        out.contains(&format!("the message of commit {c} is ")),
        "{out}"
    );
    assert!(err.contains("1 message(s) not scanned"), "{err}");
    assert!(err.contains("Shorten the message"), "{err}");

    let (code, out, err) = r.keepmum(&["scan", "--range", &range, "--format", "json"]);
    assert_eq!(code, 2, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let skipped = v["skipped"].as_array().expect("skipped");
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert_eq!(skipped[0]["object"], "message");
    assert_eq!(skipped[0]["commit"], c.as_str());
    assert_eq!(skipped[0]["kind"], "too-large");
    assert!(skipped[0]["reason"]
        .as_str()
        .is_some_and(|s| s.starts_with(&format!("the message of commit {c} is "))));
    assert_eq!(v["summary"]["skipped"], 1);

    let (code, out, err) = r.keepmum(&["scan", "--range", &range, "--format", "sarif"]);
    assert_eq!(code, 2, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("sarif");
    let inv = &v["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let notes = inv["toolExecutionNotifications"]
        .as_array()
        .expect("notifications");
    assert_eq!(notes.len(), 1, "{notes:?}");
    let text = notes[0]["message"]["text"].as_str().unwrap_or("");
    assert!(
        text.starts_with(&format!("message not scanned: the message of commit {c}")),
        "{text}"
    );
    assert_eq!(notes[0]["properties"]["object"], "message");
    assert_eq!(notes[0]["properties"]["commit"], c.as_str());
    assert!(notes[0].get("locations").is_none(), "no file location");

    // The same message in the commit-msg hook, before the commit exists.
    std::fs::write(r.path().join("MSG"), &big).expect("write");
    let (code, out, err) = r.keepmum(&["commit-msg", "MSG"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.contains("1 message(s) NOT scanned"), "{out}");
    assert!(out.contains("the commit message is "), "{out}");
}
