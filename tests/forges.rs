//! The forge layouts of README's server section, emulated with a real bare repository and real
//! `git push`es: the repository's `hooks/pre-receive` plays the forge (it exports the
//! variables the forge sets and runs every file of the forge's `.d` directory the way the forge
//! does), and the files in that directory are this repository's examples/forges scripts with
//! only their policy path changed. What the forge itself would do beyond that (GitLab's Gitaly,
//! Gitea's SSH server, the GitHub Enterprise hook environment) is not run here.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{bin, client_of, fixture, write_exec, Repo};
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

fn example(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// An example script with its policy path pointed at `policy`.
fn script(name: &str, policy: &Path) -> String {
    let body = example(name);
    let lines: Vec<String> = body
        .lines()
        .map(|l| {
            if l.starts_with("policy=") {
                format!("policy='{}'", policy.display())
            } else {
                l.replace(
                    "/etc/keepmum/server-policy.keepmum.yaml",
                    &policy.display().to_string(),
                )
            }
        })
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l.contains(&policy.display().to_string())),
        "{name} names its policy"
    );
    format!("{}\n", lines.join("\n"))
}

/// The directory of the binary under test, for the hooks' PATH (they run `keepmum`).
fn bin_dir() -> PathBuf {
    bin().parent().expect("bin dir").to_path_buf()
}

/// A policy file in the server's git dir with an audit log beside it.
fn policy(server: &Repo, extra: &str) -> PathBuf {
    let p = server.path().join("policy.yaml");
    std::fs::write(
        &p,
        format!("pre-receive:\n  audit-log: audit.jsonl\n  allow-push-option: true\n{extra}"),
    )
    .expect("policy");
    p
}

fn audit(server: &Repo) -> Vec<Value> {
    std::fs::read_to_string(server.path().join("audit.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect()
}

fn fingerprint(out: &str) -> String {
    let line = out
        .lines()
        .find(|l| l.trim_end().ends_with(']') && l.contains("  ["))
        .unwrap_or_else(|| panic!("no finding in:\n{out}"));
    let line = line.trim_end();
    line[line.rfind('[').expect("[") + 1..line.len() - 1].to_string()
}

/// Clean push accepted, secret push rejected, then accepted with the push option: the forge's
/// dispatcher passes stdin and the push options through. Returns the secret push's output.
fn exercise(server: &Repo, seed: &str) -> Output {
    server.git(&["config", "receive.advertisePushOptions", "true"]);
    let client = client_of(server);
    client.stage("app.py", "X = 1\n");
    client.commit("clean");
    let o = client.git_output(&["push", "origin", "main"]);
    assert!(o.status.success(), "clean push:\n{}", text(&o));
    let secret = token(seed);
    client.stage("app.py", format!("X = 1\nTOKEN = \"{secret}\"\n"));
    client.commit("token");
    let rejected = client.git_output(&["push", "origin", "main"]);
    let out = text(&rejected);
    assert!(!rejected.status.success(), "secret push:\n{out}");
    assert!(out.contains("github-pat"), "{out}");
    assert!(!out.contains(&secret), "{out}");
    let opt = format!("keepmum.allow={}", fingerprint(&out));
    let o = client.git_output(&["push", "-o", &opt, "origin", "main"]);
    assert!(o.status.success(), "push option:\n{}", text(&o));
    let log = audit(server);
    assert_eq!(log.len(), 3, "{log:?}");
    assert_eq!(log[0]["decision"], "accepted");
    assert_eq!(log[1]["decision"], "rejected");
    assert_eq!(log[2]["decision"], "accepted");
    assert_eq!(
        log[2]["accepted_by_push_option"].as_array().map(Vec::len),
        Some(1)
    );
    rejected
}

/// GitLab (Gitaly): `custom_hooks/pre-receive.d/*` in name order, files ending in `~`
/// skipped, the first non-zero exit stops the rest and rejects; GL_* variables set.
#[test]
fn gitlab_custom_hooks_pre_receive_d() {
    let server = Repo::bare();
    let policy = policy(&server, "");
    let d = server.path().join("custom_hooks/pre-receive.d");
    write_exec(
        &d.join("00-other"),
        "#!/bin/sh\ncat >/dev/null\ntouch \"$GIT_DIR/other-ran\"\n",
    );
    write_exec(
        &d.join("keepmum"),
        &script("examples/forges/gitlab-pre-receive.d-keepmum", &policy),
    );
    // An editor's backup file, which Gitaly does not run.
    write_exec(&d.join("keepmum~"), "#!/bin/sh\nexit 3\n");
    write_exec(
        &server.path().join("hooks/pre-receive"),
        &format!(
            "#!/bin/sh\n\
             # Plays Gitaly: the GL_* variables, then pre-receive.d in name order.\n\
             export PATH='{}':\"$PATH\" GL_ID=user-7 GL_USERNAME=alice GL_PROJECT_PATH=group/app GL_REPOSITORY=project-7 GL_PROTOCOL=ssh\n\
             input=$(mktemp) && cat >\"$input\" || exit 1\n\
             for h in \"$GIT_DIR\"/custom_hooks/pre-receive.d/*; do\n\
               case \"$h\" in *~) continue ;; esac\n\
               [ -f \"$h\" ] && [ -x \"$h\" ] || continue\n\
               \"$h\" <\"$input\" || {{ rc=$?; rm -f \"$input\"; exit $rc; }}\n\
             done\n\
             rm -f \"$input\"\n",
            bin_dir().display()
        ),
    );
    let rejected = exercise(&server, "forge-gitlab");
    assert!(
        text(&rejected).contains("GL-HOOK-ERR: keepmum rejected this push"),
        "{}",
        text(&rejected)
    );
    assert!(
        server.path().join("other-ran").exists(),
        "00-other ran first"
    );
    let log = audit(&server);
    assert_eq!(log[1]["pusher"]["name"], "alice");
    assert_eq!(log[1]["pusher"]["from"], "GL_USERNAME");
    assert_eq!(log[1]["pusher"]["id"], "user-7");
    assert_eq!(log[1]["project"], "group/app");
}

/// Gitea / Forgejo: the generated `hooks/pre-receive` runs every executable file of
/// `hooks/pre-receive.d/` (Gitea's own `gitea` hook among them) and fails if any failed.
#[test]
fn gitea_hooks_pre_receive_d() {
    let server = Repo::bare();
    let policy = policy(&server, "");
    let d = server.path().join("hooks/pre-receive.d");
    write_exec(&d.join("gitea"), "#!/bin/sh\ncat >/dev/null\nexit 0\n");
    write_exec(
        &d.join("keepmum"),
        &script("examples/forges/gitea-pre-receive.d-keepmum", &policy),
    );
    write_exec(
        &server.path().join("hooks/pre-receive"),
        &format!(
            "#!/bin/sh\n\
             # Plays Gitea: its variables, then every file of pre-receive.d, all of them run.\n\
             export PATH='{}':\"$PATH\" GITEA_PUSHER_NAME=bob GITEA_PUSHER_ID=42 GITEA_REPO_USER_NAME=org GITEA_REPO_NAME=app GITEA_REPO_ID=9\n\
             input=$(mktemp) && cat >\"$input\" || exit 1\n\
             failed=0\n\
             for h in \"$GIT_DIR\"/hooks/pre-receive.d/*; do\n\
               [ -f \"$h\" ] && [ -x \"$h\" ] || continue\n\
               \"$h\" <\"$input\" || failed=$?\n\
             done\n\
             rm -f \"$input\"\n\
             exit $failed\n",
            bin_dir().display()
        ),
    );
    exercise(&server, "forge-gitea");
    let log = audit(&server);
    assert_eq!(log[1]["pusher"]["name"], "bob");
    assert_eq!(log[1]["pusher"]["from"], "GITEA_PUSHER_NAME");
    assert_eq!(log[1]["pusher"]["id"], "42");
    assert_eq!(log[1]["project"], "org/app");
}

/// GitHub Enterprise Server: one script per hook, GITHUB_* variables, 5 s for all hooks of a
/// push (played with `timeout 5` when the system has it); the sample policy's budget is 4 s.
#[test]
fn github_enterprise_pre_receive_script() {
    let server = Repo::bare();
    let policy = server.path().join("policy.yaml");
    let sample = example("examples/forges/github-enterprise.keepmum.yaml");
    let parsed = keepmum::config::Config::load(
        Some(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("examples/forges/github-enterprise.keepmum.yaml")
                .as_path(),
        ),
        false,
    )
    .expect("the sample policy loads");
    assert_eq!(
        parsed.pre_receive.time_budget,
        std::time::Duration::from_secs(4),
        "under the 5 s limit"
    );
    assert_eq!(
        parsed.pre_receive.on_timeout,
        keepmum::config::OnTimeout::Reject
    );
    // The sample, with a log and the push option on for the common exercise.
    let sample = sample
        .replace("allow-push-option: false", "allow-push-option: true")
        .replace("pre-receive:\n", "pre-receive:\n  audit-log: audit.jsonl\n");
    std::fs::write(&policy, sample).expect("policy");
    let hook = server.path().join("ghes-hook.sh");
    write_exec(
        &hook,
        &script("examples/forges/github-enterprise-pre-receive.sh", &policy),
    );
    let has_timeout = std::process::Command::new("timeout")
        .args(["1", "true"])
        .status()
        .is_ok_and(|s| s.success());
    write_exec(
        &server.path().join("hooks/pre-receive"),
        &format!(
            "#!/bin/sh\n\
             # Plays the instance: its variables and its 5 s limit.\n\
             export PATH='{}':\"$PATH\" GITHUB_USER_LOGIN=carol GITHUB_REPO_NAME=org/app GITHUB_USER_IP=192.0.2.1\n\
             exec {}'{}'\n",
            bin_dir().display(),
            if has_timeout { "timeout 5 " } else { "" },
            hook.display()
        ),
    );
    exercise(&server, "forge-ghes");
    let log = audit(&server);
    assert_eq!(log[1]["pusher"]["name"], "carol");
    assert_eq!(log[1]["pusher"]["from"], "GITHUB_USER_LOGIN");
    assert_eq!(log[1]["project"], "org/app");
}

/// Plain git over SSH (and gitolite): `hooks/pre-receive` is examples/pre-receive itself; the
/// pusher is the account (`USER`) or gitolite's `GL_USER`.
#[test]
fn plain_git_and_gitolite_pre_receive() {
    for (var, name) in [("USER", "git-alice"), ("GL_USER", "dave")] {
        let server = Repo::bare();
        let policy = policy(&server, "");
        let body = script("examples/pre-receive", &policy);
        // The account's environment as sshd (or gitolite) sets it.
        let body = body.replacen(
            "#!/bin/sh\n",
            &format!(
                "#!/bin/sh\nexport PATH='{}':\"$PATH\" {var}={name}\n",
                bin_dir().display()
            ),
            1,
        );
        write_exec(&server.path().join("hooks/pre-receive"), &body);
        exercise(&server, &format!("forge-plain-{var}"));
        let log = audit(&server);
        assert_eq!(log[1]["pusher"]["name"], name);
        assert_eq!(log[1]["pusher"]["from"], var);
    }
}

/// Without keepmum on PATH every example script rejects the push (exit 2), never passes it.
#[test]
fn forge_scripts_fail_closed_without_keepmum() {
    for name in [
        "examples/pre-receive",
        "examples/forges/gitlab-pre-receive.d-keepmum",
        "examples/forges/gitea-pre-receive.d-keepmum",
        "examples/forges/github-enterprise-pre-receive.sh",
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let hook = dir.path().join("hook");
        write_exec(&hook, &script(name, Path::new("/nonexistent/policy.yaml")));
        let o = std::process::Command::new(&hook)
            .env("PATH", "/nonexistent")
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run");
        assert_eq!(o.status.code(), Some(2), "{name}: {}", text(&o));
        assert!(
            text(&o).contains("not installed") || text(&o).contains("not in this hook environment"),
            "{name}: {}",
            text(&o)
        );
    }
}

/// A first push too big for the budget (here 300 commits against `time-budget: 1ms`, as a big
/// history against GitHub Enterprise's 4 s) is rejected, fail closed, with how to get it in;
/// `on-timeout: accept` lets it through with a warning, and the audit log says which it was.
#[test]
fn a_push_over_the_budget_fails_closed_and_says_how_to_seed_the_server() {
    let server = Repo::bare();
    let policy = policy(&server, "  time-budget: 1ms\n");
    write_exec(
        &server.path().join("hooks/pre-receive"),
        &format!(
            "#!/bin/sh\nexec '{}' pre-receive --config '{}'\n",
            bin().display(),
            policy.display()
        ),
    );
    let client = client_of(&server);
    // 300 commits through one fast-import stream, each adding a file.
    let mut stream = String::new();
    for i in 0..300 {
        let body = format!("VALUE_{i} = {i}\n");
        stream.push_str(&format!(
            "commit refs/heads/main\ncommitter T <t@example.com> {} +0000\ndata 2\nc\n",
            1_700_000_000 + i
        ));
        stream.push_str(&format!(
            "M 100644 inline f{i}.py\ndata {}\n{body}\n",
            body.len()
        ));
    }
    let o = common::output_with_stdin(client.git_cmd(&["fast-import", "--quiet"]), &stream);
    assert!(o.status.success(), "{}", text(&o));
    let o = client.git_output(&["push", "origin", "main"]);
    let out = text(&o);
    assert!(!o.status.success(), "fails closed:\n{out}");
    assert!(out.contains("the scan did not finish"), "{out}");
    assert!(out.contains("Push in parts"), "{out}");
    assert!(out.contains("keepmum scan --all"), "how to seed:\n{out}");
    // Both ways, concretely: the refspec of a part, and the admin's baseline steps.
    assert!(
        out.contains("git push origin <commit>:refs/heads/<branch>"),
        "{out}"
    );
    for step in [
        "git clone --mirror",
        "keepmum baseline --all --config <policy> --output <file>",
        "pre-receive.baseline: <file>",
        "git fetch",
    ] {
        assert!(out.contains(step), "{step}:\n{out}");
    }
    assert_eq!(audit(&server)[0]["decision"], "rejected");
    assert_eq!(audit(&server)[0]["reason"], "incomplete");

    std::fs::write(
        &policy,
        "pre-receive:\n  audit-log: audit.jsonl\n  time-budget: 1ms\n  on-timeout: accept\n",
    )
    .expect("policy");
    let o = client.git_output(&["push", "origin", "main"]);
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("scan incomplete"), "{out}");
    assert_eq!(audit(&server)[1]["decision"], "accepted-on-timeout");
}
