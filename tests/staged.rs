//! The staged diff (issue 2), end to end: real repositories, the built binary, and real
//! `git commit`s through an installed pre-commit hook. Every fixture secret is assembled at run
//! time from a template (`common::fixture`), so this file holds no credential-shaped literal.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{clean_env, fixture, Repo};

/// A repository with one clean commit and the raw pre-commit hook installed.
fn hooked_repo() -> Repo {
    let r = Repo::new();
    r.stage("README.md", "# project\n");
    r.commit("init");
    r.install_raw_hook("pre-commit");
    r
}

/// Runs `git commit <args>` through the installed hook: (committed, stdout + stderr).
fn hook_commit(r: &Repo, args: &[&str]) -> (bool, String) {
    let mut full = vec!["commit", "-q"];
    full.extend_from_slice(args);
    let out = r.git_output(&full);
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

fn head(r: &Repo) -> Option<String> {
    let out = r.git_output(&["rev-parse", "--verify", "-q", "HEAD"]);
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Runs `keepmum scan --staged --format json --show-secrets` and parses the findings.
fn json_findings(r: &Repo) -> (i32, Vec<serde_json::Value>) {
    let (code, out, err) = r.keepmum(&["scan", "--staged", "--format", "json", "--show-secrets"]);
    assert!(code == 0 || code == 1, "exit {code}\n{out}\n{err}");
    let v: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("bad json ({e}): {out}\n{err}"));
    (
        code,
        v["findings"].as_array().cloned().expect("findings array"),
    )
}

// ---------------------------------------------------------------------------------------------
// Shapes of the staged diff
// ---------------------------------------------------------------------------------------------

/// The very first commit (unborn branch) is compared with the empty tree: blocked with a
/// secret, allowed without, and a blocked first commit leaves the branch unborn.
#[test]
fn unborn_branch_first_commit() {
    let r = Repo::new();
    r.install_raw_hook("pre-commit");
    let pw = fixture("Ub7<<alnum:14>>", "unborn");
    r.stage(
        "app/settings.py",
        format!("import os\nDB_PASSWORD = \"{pw}\"\n"),
    );
    let (ok, out) = hook_commit(&r, &["-m", "first"]);
    assert!(!ok, "first commit with a secret must be blocked:\n{out}");
    assert!(
        out.contains("app/settings.py:2:16  password-assignment"),
        "{out}"
    );
    assert_eq!(head(&r), None, "the branch must still be unborn");

    r.stage(
        "app/settings.py",
        "import os\nDB_PASSWORD = os.environ[\"DB_PASSWORD\"]\n",
    );
    let (ok, out) = hook_commit(&r, &["-m", "first"]);
    assert!(ok, "clean first commit must pass:\n{out}");
    assert!(head(&r).is_some());
}

/// In a modified file only added lines are reported, at their line numbers in the NEW version;
/// a secret already in HEAD on a line the change does not touch is not reported again.
#[test]
fn modified_file_reports_only_added_lines_with_new_numbers() {
    let r = Repo::new();
    let old = fixture("Od4<<alnum:14>>", "mod-old");
    let mut lines: Vec<String> = (1..=10).map(|i| format!("X{i} = {i}")).collect();
    lines.insert(2, format!("DB_PASSWORD = \"{old}\""));
    r.stage("settings.py", lines.join("\n") + "\n");
    r.commit("base with an accepted secret");

    // Insert lines above (shifting everything) and a new secret further down.
    let new = fixture("Nw5<<alnum:14>>", "mod-new");
    lines.insert(0, "import os".into());
    lines.insert(1, "import sys".into());
    lines.insert(8, format!("REDIS_PASSWORD = \"{new}\""));
    let expected_line = 9; // 1-based position of the inserted secret in the new file
    assert!(lines[expected_line - 1].contains(&new));
    r.stage("settings.py", lines.join("\n") + "\n");

    let (code, f) = json_findings(&r);
    assert_eq!(code, 1);
    assert_eq!(f.len(), 1, "only the added secret: {f:?}");
    assert_eq!(f[0]["path"], "settings.py");
    assert_eq!(f[0]["line"], expected_line);
    assert_eq!(f[0]["column"], 19);
    assert_eq!(f[0]["secret"], new.as_str());
}

/// A renamed and edited file reports only its added lines, under the new path.
#[test]
fn rename_reports_only_added_lines() {
    let r = Repo::new();
    let old = fixture("Rn1<<alnum:14>>", "ren-old");
    let mut lines: Vec<String> = (1..=30).map(|i| format!("SETTING_{i} = {i}")).collect();
    lines.push(format!("DB_PASSWORD = \"{old}\""));
    r.stage("settings.py", lines.join("\n") + "\n");
    r.commit("base");

    r.git(&["mv", "settings.py", "prod_settings.py"]);
    let new = fixture("Rn2<<alnum:14>>", "ren-new");
    lines.insert(5, format!("CACHE_PASSWORD = \"{new}\""));
    r.stage("prod_settings.py", lines.join("\n") + "\n");
    let status = r.git(&["status", "--porcelain"]);
    assert!(
        status.contains("R  settings.py -> prod_settings.py"),
        "git must see a rename: {status}"
    );

    let (code, f) = json_findings(&r);
    assert_eq!(code, 1);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0]["path"], "prod_settings.py");
    assert_eq!(f[0]["line"], 6);
    assert_eq!(f[0]["secret"], new.as_str());

    // A pure rename adds nothing.
    lines.remove(5);
    r.stage("prod_settings.py", lines.join("\n") + "\n");
    let (code, f) = json_findings(&r);
    assert_eq!((code, f.len()), (0, 0), "{f:?}");
}

/// Files with NUL bytes are binary and skipped; the same bytes without the NUL are scanned.
#[test]
fn binary_file_is_skipped() {
    let r = Repo::new();
    let pw = fixture("Bn3<<alnum:14>>", "binary");
    let text = format!("DB_PASSWORD = \"{pw}\"\n");
    let mut binary = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    binary.extend_from_slice(text.as_bytes());
    r.stage("assets/logo.png", &binary);
    let (code, out, err) = r.keepmum(&["scan", "--staged"]);
    assert_eq!(code, 0, "binary content must be skipped:\n{out}{err}");

    let no_nul: Vec<u8> = binary.iter().copied().filter(|&b| b != 0).collect();
    r.stage("assets/logo.png", &no_nul);
    let (code, out, _) = r.keepmum(&["scan", "--staged"]);
    assert_eq!(code, 1, "without NUL bytes the file is text:\n{out}");
    assert!(
        out.contains("assets/logo.png:3:21  password-assignment"),
        "{out}"
    );
}

/// Deleting a file (or a line) that holds a secret adds nothing.
#[test]
fn deletions_are_ignored() {
    let r = hooked_repo();
    let a = fixture("Dl1<<alnum:14>>", "del-a");
    let b = fixture("Dl2<<alnum:14>>", "del-b");
    r.stage("old_settings.py", format!("DB_PASSWORD = \"{a}\"\n"));
    r.stage(
        "settings.py",
        format!("X = 1\nCACHE_PASSWORD = \"{b}\"\nY = 2\n"),
    );
    r.commit("legacy secrets (bypassing the hook)");

    r.git(&["rm", "-q", "old_settings.py"]);
    r.stage("settings.py", "X = 1\nY = 2\n");
    let (ok, out) = hook_commit(&r, &["-m", "remove secrets"]);
    assert!(ok, "deleting secrets must be allowed:\n{out}");
}

/// CRLF line endings: the secret is found and its value carries no `\r`.
#[test]
fn crlf_line_endings() {
    let r = Repo::new();
    let a = fixture("Cr1<<alnum:14>>", "crlf-a");
    let b = fixture("Cr2<<alnum:14>>", "crlf-b");
    r.stage(
        "settings.py",
        format!("import os\r\nDB_PASSWORD = \"{a}\"\r\nX = 1\r\n"),
    );
    r.stage(".env", format!("DEBUG=0\r\nDB_PASSWORD={b}\r\n"));
    let (code, f) = json_findings(&r);
    assert_eq!(code, 1);
    // Besides the two passwords, the `.env` file itself is reported (a warning, issue 12).
    assert_eq!(f.len(), 3, "{f:?}");
    assert!(f
        .iter()
        .any(|x| x["rule_id"] == "env-file" && x["path"] == ".env"));
    let by_path = |p: &str| {
        f.iter()
            .find(|x| x["path"] == p && x["rule_id"] != "env-file")
            .unwrap_or_else(|| panic!("no finding in {p}: {f:?}"))
    };
    assert_eq!(by_path(".env")["secret"], b.as_str());
    assert_eq!(by_path(".env")["line"], 2);
    assert_eq!(by_path("settings.py")["secret"], a.as_str());
    assert_eq!(by_path("settings.py")["line"], 2);
    for x in &f {
        assert!(!x["secret"].as_str().unwrap_or("\r").contains('\r'));
    }
}

/// Latin-1 (non-UTF-8) bytes around a secret do not hide it or shift its position.
#[test]
fn non_utf8_content() {
    let r = Repo::new();
    let pw = fixture("Lt1<<alnum:14>>", "latin1");
    let mut content = b"# -*- coding: latin-1 -*-\nNAME = \"caf\xe9 cr\xe8me\"\n".to_vec();
    content.extend_from_slice(format!("DB_PASSWORD = \"{pw}\"  # ").as_bytes());
    content.extend_from_slice(b"\xa9 \xe9t\xe9\n");
    assert!(std::str::from_utf8(&content).is_err());
    r.stage("settings.py", &content);
    let (code, f) = json_findings(&r);
    assert_eq!(code, 1);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0]["line"], 3);
    assert_eq!(f[0]["column"], 16);
    assert_eq!(f[0]["secret"], pw.as_str());
}

/// A 50 MB file (under the 64 MB default limit) with a secret near its end is scanned whole,
/// in reasonable time.
#[test]
fn large_file_with_secret_near_the_end() {
    let r = Repo::new();
    let pw = fixture("Lg1<<alnum:14>>", "large");
    let row = "VALUE_0001 = compute(1, 2, 3)  # padding line for the large file test\n";
    let rows = 50 * 1024 * 1024 / row.len() + 1;
    let mut content = String::with_capacity(rows * row.len() + 64);
    for _ in 0..rows {
        content.push_str(row);
    }
    content.push_str(&format!("DB_PASSWORD = \"{pw}\"\n"));
    content.push_str("X = 1\n");
    assert!(content.len() > 50 * 1024 * 1024);
    r.stage("data/generated_settings.py", &content);

    let start = Instant::now();
    let (code, f) = json_findings(&r);
    let took = start.elapsed();
    assert_eq!(code, 1);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0]["line"], rows + 1);
    assert_eq!(f[0]["secret"], pw.as_str());
    assert!(
        took < Duration::from_secs(30),
        "scanning 50 MB took {took:?}"
    );
}

/// `git commit -a` stages into a temporary index (GIT_INDEX_FILE); the hook must read that
/// one: the secret is only in the work tree and the main index, not staged by hand.
#[test]
fn commit_all_through_the_hook_uses_the_temporary_index() {
    let r = hooked_repo();
    r.stage("settings.py", "import os\nX = 1\n");
    r.commit("settings");
    let pw = fixture("Ca1<<alnum:14>>", "commit-a");
    r.write(
        "settings.py",
        format!("import os\nX = 1\nDB_PASSWORD = \"{pw}\"\n"),
    );

    // Nothing is staged in the real index, so a plain scan sees nothing...
    let (code, out, _) = r.keepmum(&["scan", "--staged"]);
    assert_eq!(code, 0, "{out}");
    // ...but `git commit -a` stages it into its own index before the hook runs.
    let before = head(&r);
    let (ok, out) = hook_commit(&r, &["-a", "-m", "oops"]);
    assert!(!ok, "commit -a with a secret must be blocked:\n{out}");
    assert!(
        out.contains("settings.py:3:16  password-assignment"),
        "{out}"
    );
    assert_eq!(head(&r), before);

    r.write("settings.py", "import os\nX = 2\n");
    let (ok, out) = hook_commit(&r, &["-a", "-m", "clean"]);
    assert!(ok, "{out}");
}

/// `git commit <path>` commits only that path through a temporary index: a secret in that path
/// blocks it; a secret staged in another file (not part of this commit) does not.
#[test]
fn partial_commit_through_the_hook() {
    let r = hooked_repo();
    r.stage("a.py", "A = 1\n");
    r.stage("b.py", "B = 1\n");
    r.commit("two files");

    let pw = fixture("Pc1<<alnum:14>>", "partial");
    r.write("a.py", format!("A = 1\nDB_PASSWORD = \"{pw}\"\n"));
    let (ok, out) = hook_commit(&r, &["a.py", "-m", "partial with a secret"]);
    assert!(!ok, "{out}");
    assert!(out.contains("a.py:2:16  password-assignment"), "{out}");

    // Stage the secret, then commit only b.py: the commit does not contain a.py's change.
    r.git(&["add", "a.py"]);
    r.write("b.py", "B = 2\n");
    let (ok, out) = hook_commit(&r, &["b.py", "-m", "only b"]);
    assert!(ok, "a partial commit of a clean path must pass:\n{out}");
    let files = r.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(files.trim(), "b.py");
    // The secret is still staged for the next commit, and still caught there.
    let (ok, out) = hook_commit(&r, &["-m", "rest"]);
    assert!(!ok, "{out}");
}

/// Outside a repository: exit 2 with a message saying so (never 0).
#[test]
fn outside_a_repository_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = tempfile::tempdir().expect("tempdir");
    let parent = dir.path().parent().unwrap_or(Path::new("/"));
    for args in [&[][..], &["scan", "--staged"][..], &["scan", "--all"][..]] {
        let mut c = Command::new(common::bin());
        clean_env(&mut c, home.path());
        let out = c
            .current_dir(dir.path())
            .env("GIT_CEILING_DIRECTORIES", parent)
            .args(args)
            .output()
            .expect("run");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("not a git repository"), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "no report on error");
    }
}

/// Redacted by default (first 4 characters and the length); `--show-secrets` prints it.
#[test]
fn redaction_and_show_secrets() {
    let r = Repo::new();
    let pw = fixture("Sh1<<alnum:21>>", "show");
    assert_eq!(pw.len(), 24);
    r.stage("settings.py", format!("DB_PASSWORD = \"{pw}\"\n"));

    let (code, out, _) = r.keepmum(&[]);
    assert_eq!(code, 1);
    assert!(!out.contains(&pw), "redacted by default: {out}");
    assert!(out.contains(&format!("{}…(24 chars)", &pw[..4])), "{out}");
    assert!(!out.contains(&pw[..6]), "only 4 characters shown: {out}");

    let (_, json, _) = r.keepmum(&["--format", "json"]);
    assert!(!json.contains(&pw), "json is redacted too: {json}");

    let (code, out, _) = r.keepmum(&["--show-secrets"]);
    assert_eq!(code, 1);
    assert!(out.contains(&pw), "{out}");
}

/// `--format json`: an array of objects with exactly the documented fields.
#[test]
fn json_has_the_documented_fields() {
    let r = Repo::new();
    let pw = fixture("Js1<<alnum:21>>", "json");
    r.stage(
        "app/settings.py",
        format!("X = 1\nDB_PASSWORD = \"{pw}\"\n"),
    );
    let (code, out, _) = r.keepmum(&["scan", "--staged", "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let arr = v["findings"].as_array().expect("array");
    assert_eq!(arr.len(), 1);
    let o = arr[0].as_object().expect("object");
    let mut keys: Vec<&str> = o.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "column",
            "commit",
            "description",
            "end_line",
            "fingerprint",
            "kind",
            "level",
            "line",
            "path",
            "rule_id",
            "secret",
            "severity"
        ]
    );
    assert_eq!(o["rule_id"], "password-assignment");
    assert_eq!(o["description"], "Password assigned in code or config");
    assert_eq!(o["kind"], "password");
    assert_eq!(o["severity"], "high");
    assert_eq!(o["path"], "app/settings.py");
    assert_eq!(o["line"], 2);
    assert_eq!(o["column"], 16);
    assert_eq!(o["end_line"], 2);
    assert!(o["commit"].is_null(), "staged findings have no commit");
    assert_eq!(o["secret"], format!("{}…(24 chars)", &pw[..4]).as_str());
    let fp = o["fingerprint"].as_str().expect("fingerprint");
    assert!(fp.starts_with("password-assignment:"), "{fp}");
    assert!(!fp.contains(&pw[..8]));

    let mut top: Vec<&str> = v
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    top.sort_unstable();
    assert_eq!(top, ["findings", "incomplete", "skipped", "summary"]);
    assert_eq!(v["summary"]["errors"], 1);

    // A clean scan has no findings, nothing skipped, exit 0.
    r.stage("app/settings.py", "X = 1\n");
    let (code, out, _) = r.keepmum(&["scan", "--staged", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["findings"], serde_json::json!([]));
    assert_eq!(v["skipped"], serde_json::json!([]));
    assert!(v["incomplete"].is_null());
}

/// Hashes of every file under `dir` (relative path → hash).
fn tree_hashes(dir: &Path) -> Vec<(String, u64)> {
    use std::hash::{Hash, Hasher};
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).expect("read");
                let mut h = std::collections::hash_map::DefaultHasher::new();
                bytes.hash(&mut h);
                let meta = std::fs::metadata(&p).expect("metadata");
                meta.modified().ok().hash(&mut h);
                let rel = p.strip_prefix(dir).unwrap_or(&p).display().to_string();
                out.push((rel, h.finish()));
            }
        }
    }
    out.sort();
    out
}

/// Scans are read-only: the index, the work tree and everything under .git stay byte for byte
/// (and mtime for mtime) the same, whatever the verdict.
#[test]
fn scans_are_read_only() {
    let r = Repo::new();
    r.stage("settings.py", "X = 1\n");
    r.commit("base");
    let pw = fixture("Ro1<<alnum:14>>", "readonly");
    r.stage("settings.py", format!("X = 1\nDB_PASSWORD = \"{pw}\"\n"));
    r.write("unstaged.py", format!("API_PASSWORD = \"{pw}\"\n"));
    let index = r.file_hash(".git/index").expect("index");
    let before = tree_hashes(r.path());
    for (args, expected) in [
        (&["scan", "--staged"][..], 1),
        (&["scan", "--tracked"][..], 1),
        (&["scan", "--staged", "--format", "sarif"][..], 1),
        (&["scan", "--all", "--no-progress"][..], 0),
        (&["scan", "--no-git", "."][..], 1),
    ] {
        let (code, out, err) = r.keepmum(args);
        assert_eq!(code, expected, "{args:?}: {out}{err}");
    }
    assert_eq!(r.file_hash(".git/index"), Some(index));
    assert_eq!(tree_hashes(r.path()), before);
}

// ---------------------------------------------------------------------------------------------
// Every detection the issue lists: blocked through a real `git commit`; every negative allowed.
// ---------------------------------------------------------------------------------------------

/// One positive case: a file that must block the commit with `rule`.
struct Case {
    path: &'static str,
    template: &'static str,
    rule: &'static str,
}

const fn case(path: &'static str, template: &'static str, rule: &'static str) -> Case {
    Case {
        path,
        template,
        rule,
    }
}

/// Commits each case alone through the hook; collects every case that was not blocked with its
/// rule (so one run reports all failures).
fn run_positive_cases(name: &str, cases: &[Case]) {
    let r = hooked_repo();
    let base = head(&r);
    let mut failures = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let text = fixture(c.template, &format!("{name}#{i}"));
        r.stage(c.path, &text);
        let (ok, out) = hook_commit(&r, &["-m", "case"]);
        let named = out.lines().any(|l| {
            l.starts_with(&format!("{}:", c.path)) && l.contains(&format!("  {}  ", c.rule))
        });
        if ok || !named {
            failures.push(format!(
                "#{i} {} [{}] {}: {}\n    {}",
                c.path,
                c.rule,
                if ok {
                    "COMMITTED"
                } else {
                    "blocked by other rule"
                },
                c.template.lines().next().unwrap_or(""),
                out.trim().replace('\n', "\n    ")
            ));
        }
        if ok {
            r.git(&["reset", "-q", "--hard", "HEAD~1"]);
        } else {
            r.git(&["reset", "-q", "--hard"]);
        }
        assert_eq!(head(&r), base);
    }
    assert!(
        failures.is_empty(),
        "{} of {} positive case(s) failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn detections_passwords_urls_and_keys_are_blocked() {
    run_positive_cases(
        "pw",
        &[
            case("settings.py", "password = \"Xk9<<alnum:12>>\"\n", "password-assignment"),
            case(
                "config.yaml",
                "database:\n  host: db.internal\n  PASSWORD: Wq4<<alnum:13>>\n",
                "password-assignment",
            ),
            case(
                "config.json",
                "{\n  \"user\": \"svc\",\n  \"password\": \"Jp2<<alnum:12>>\"\n}\n",
                "password-assignment",
            ),
            case(
                "scripts/backup.sh",
                "pg_dump --host=db --username=app --password=Tr7<<alnum:12>> prod > dump.sql\n",
                "password-assignment",
            ),
            case(
                "mysite/settings.py",
                "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.postgresql',\n        'NAME': 'app',\n        'PASSWORD': 'Gh5<<alnum:12>>',\n    }\n}\n",
                "password-assignment",
            ),
            case(".env", "DB_HOST=db\nDB_PASSWORD=Yv8<<alnum:13>>\n", "password-assignment"),
            case("ftp_upload.py", "passwd = \"Mn3<<alnum:11>>\"\n", "password-assignment"),
            case(
                "db.py",
                "conn = pyodbc.connect(server=\"db\", uid=\"app\", pwd=\"Lk6<<alnum:11>>\")\n",
                "password-assignment",
            ),
            case(
                "docker-compose.yml",
                "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: Fd2<<alnum:14>>\n",
                "password-assignment",
            ),
            case(
                "mysite/settings.py",
                "DATABASE_URL = \"postgres://app:Qe5<<alnum:12>>@db.internal:5432/app\"\n",
                "url-credentials",
            ),
            case(
                "requirements.txt",
                "--extra-index-url https://deploy:<<alnum:24>>@pypi.corp.local/simple\ndjango==5.1\n",
                "url-credentials",
            ),
            case(
                "mysite/settings.py",
                "SECRET_KEY = 'django-insecure-<<alnum:40>>'\n",
                "django-insecure-secret-key",
            ),
            case("app.py", "app.secret_key = \"<<alnum:32>>\"\n", "django-secret-key"),
            case(
                "mysite/settings.py",
                "SENTRY_AUTH_TOKEN = \"<<hex:64>>\"\n",
                "secret-assignment",
            ),
            case(".env", "ACME_API_KEY=<<alnum:32>>\n", "secret-assignment"),
            case(
                "config.yaml",
                "oauth:\n  client_secret: <<b64url:40>>\n",
                "secret-assignment",
            ),
            // A neutral name needs a stricter bar: 40 mixed characters of high entropy.
            case(
                "app.py",
                "CONFIG_VALUE = \"Ab1<<alnum:37>>\"\n",
                "high-entropy-assignment",
            ),
            case(
                "client.py",
                "HEADERS = {\"Authorization\": \"Bearer <<b64url:40>>\"}\n",
                "authorization-header",
            ),
            case(
                ".netrc",
                "machine api.corp.local login deploy password <<alnum:20>>\n",
                "netrc-password",
            ),
        ],
    );
}

#[test]
fn detections_debug_settings_are_blocked() {
    run_positive_cases(
        "debug",
        &[
            case(
                "mysite/settings.py",
                "import os\nDEBUG = True\n",
                "django-debug",
            ),
            case(
                "mysite/settings.py",
                "TEMPLATE_DEBUG = True\n",
                "django-debug",
            ),
            case(
                "app.py",
                "if __name__ == \"__main__\":\n    app.run(host=\"0.0.0.0\", debug=True)\n",
                "flask-debug",
            ),
            case(
                "app.py",
                "app = Flask(__name__)\napp.debug = True\n",
                "flask-debug",
            ),
            case("app.py", "app.config[\"DEBUG\"] = True\n", "flask-debug"),
            case(".env", "DEBUG=1\n", "env-debug"),
            case(".env", "DEBUG=true\n", "env-debug"),
            case(
                "deploy/run.sh",
                "export DEBUG=true\ngunicorn app:app\n",
                "env-debug",
            ),
            case(".env", "FLASK_DEBUG=1\n", "env-debug"),
            case("config.yaml", "app:\n  DEBUG: true\n", "env-debug"),
            case(
                "config/production.json",
                "{\"DEBUG\": true, \"PORT\": 8000}\n",
                "env-debug",
            ),
            case(
                "docker-compose.yml",
                "services:\n  web:\n    environment:\n      - DEBUG=1\n",
                "env-debug",
            ),
            case(
                "Dockerfile",
                "FROM python:3.12-slim\nENV DJANGO_DEBUG=1\n",
                "env-debug",
            ),
        ],
    );
}

#[test]
fn detections_provider_formats_are_blocked() {
    run_positive_cases(
        "prov",
        &[
            case(
                "deploy/aws.env",
                "AWS_ACCESS_KEY_ID=AKIA<<b32:16>>\n",
                "aws-access-key-id",
            ),
            case(
                "deploy/aws.py",
                "aws_secret_access_key = \"<<b64:40>>\"\n",
                "aws-secret-access-key",
            ),
            case("ci.sh", "export GH_TOKEN=ghp_<<crc32-base62:30>>\n", "github-pat"),
            case(
                "ci.sh",
                "export GH_TOKEN=github_pat_<<alnum:22>>_<<alnum:59>>\n",
                "github-fine-grained-pat",
            ),
            case(
                "bot.py",
                "headers = {\"Authorization\": \"token ghs_<<crc32-base62:30>>\"}\n",
                "github-app-token",
            ),
            case(
                "ci/publish.py",
                "headers = {\"PRIVATE-TOKEN\": \"glpat-<<b64url:20>>\"}\n",
                "gitlab-pat",
            ),
            case(
                "notify.py",
                "client = WebClient(token=\"xoxb-<<digit:12>>-<<digit:13>>-<<alnum:24>>\")\n",
                "slack-token",
            ),
            case(
                "notify.py",
                "WEBHOOK = \"https://hooks.slack.com/services/T<<HEX:8>>/B<<HEX:10>>/<<alnum:24>>\"\n",
                "slack-webhook-url",
            ),
            case(
                "billing.py",
                "stripe.api_key = \"sk_live_<<alnum:24>>\"\n",
                "stripe-live-secret-key",
            ),
            case(
                "maps.py",
                "gmaps = googlemaps.Client(key=\"AIza<<b64url:35>>\")\n",
                "google-api-key",
            ),
            case(
                "llm.py",
                "client = OpenAI(api_key=\"sk-proj-<<b64url:74>>T3BlbkFJ<<b64url:74>>\")\n",
                "openai-api-key",
            ),
            case(
                "llm.py",
                "client = anthropic.Anthropic(api_key=\"sk-ant-api03-<<b64url:93>>AA\")\n",
                "anthropic-api-key",
            ),
            case(
                "mail.py",
                "sg = SendGridAPIClient(\"SG.<<b64url:22>>.<<b64url:43>>\")\n",
                "sendgrid-api-key",
            ),
            case(".env", "TWILIO_API_KEY=SK<<hex:32>>\n", "twilio-api-key"),
            case(
                ".npmrc",
                "//registry.npmjs.org/:_authToken=npm_<<crc32-base62:30>>\n",
                "npm-access-token",
            ),
            case(
                ".pypirc",
                "[pypi]\nusername = __token__\npassword = <<pypi-macaroon:pypi.org>>\n",
                "pypi-upload-token",
            ),
            case(
                "client.py",
                "headers = {\"Authorization\": \"Bearer <<jwt:HS256>>\"}\n",
                "jwt",
            ),
            case(
                "deploy/id_rsa",
                "-----BEGIN RSA PRIVATE KEY-----\n<<b64lines:8>>\n-----END RSA PRIVATE KEY-----\n",
                "private-key",
            ),
            case(
                "deploy/azure.env",
                "AZURE_STORAGE_CONNECTION_STRING=\"DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=<<b64:86>>==;EndpointSuffix=core.windows.net\"\n",
                "azure-storage-account-key",
            ),
            case(
                "config.yaml",
                "mailgun:\n  domain: mg.acme.io\n  api_key: key-<<hex:32>>\n",
                "mailgun-api-key",
            ),
            case(
                "bot.py",
                "bot.run(\"<<discord-bot-token:18>>\")\n",
                "discord-bot-token",
            ),
            case(
                "bot.py",
                "app = ApplicationBuilder().token(\"<<digit:10>>:AA<<b64url:33>>\").build()\n",
                "telegram-bot-token",
            ),
            // Heroku's classic keys are UUIDs: only reported next to the provider's name.
            case(
                "deploy.sh",
                "export HEROKU_API_KEY=<<hex:8>>-<<hex:4>>-<<hex:4>>-<<hex:4>>-<<hex:12>>\n",
                "heroku-api-key",
            ),
        ],
    );
}

/// Everything the issue lists as not a finding, committed together: the commit is allowed and
/// the hook says it scanned the files.
#[test]
fn negatives_are_allowed() {
    let r = hooked_repo();
    let seed = |t: &str, s: &str| fixture(t, &format!("neg-{s}"));
    let example_id = concat!("AKIA", "IOSFODNN7", "EXAMPLE");
    let example_secret = concat!("wJalrXUtnFEMI/K7MDENG", "/bPxRfiCYEXAMPLEKEY");
    let files: Vec<(&str, String)> = vec![
        (
            "mysite/settings.py",
            format!(
                "import os\nfrom decouple import config\n\
                 DB_PASSWORD = \"changeme\"\n\
                 ADMIN_PASSWORD = \"<your-password>\"\n\
                 REDIS_PASSWORD = \"${{REDIS_PASSWORD}}\"\n\
                 SMTP_PASSWORD = \"xxxxxxxxxxxx\"\n\
                 FTP_PASSWORD = \"************\"\n\
                 CACHE_PASSWORD = os.environ[\"CACHE_PASSWORD\"]\n\
                 MQ_PASSWORD = os.getenv(\"MQ_PASSWORD\")\n\
                 EMAIL_HOST_PASSWORD = config(\"EMAIL_HOST_PASSWORD\")\n\
                 SECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]\n\
                 PASSWORD_HASHERS = [\n    \"django.contrib.auth.hashers.Argon2PasswordHasher\",\n]\n\
                 AUTH_PASSWORD_VALIDATORS = []\n\
                 DEBUG = False\n\
                 # DEBUG = True\n\
                 LOGGING = {{\"root\": {{\"level\": logging.DEBUG}}}}\n\
                 REQUEST_ID = \"{}\"\n\
                 BUILD_COMMIT = \"{}\"\n\
                 AWS_ACCESS_KEY_ID = \"{example_id}\"\n\
                 AWS_SECRET_ACCESS_KEY = \"{example_secret}\"\n",
                seed("<<hex:8>>-<<hex:4>>-4<<hex:3>>-a<<hex:3>>-<<hex:12>>", "uuid"),
                seed("<<hex:40>>", "sha"),
            ),
        ),
        (
            "accounts/forms.py",
            "from django import forms\n\nclass LoginForm(forms.Form):\n    password = forms.CharField(widget=forms.PasswordInput)\n\n\
             def login(user, raw_password):\n    if user.check_password(raw_password):\n        return True\n    password = getpass.getpass(\"Password: \")\n"
                .to_string(),
        ),
        (
            "deploy/config.yaml",
            "db:\n  password: \"{{ vault_db_password }}\"\n  user: app\nDEBUG: false\nrevision: "
                .to_string()
                + &seed("<<hex:40>>", "rev")
                + "\n",
        ),
        (
            ".env",
            "DB_PASSWORD=${DB_PASSWORD}\nDEBUG=False\nDEBUG=0\n# DEBUG=1\nLOG_LEVEL=DEBUG\n"
                .to_string(),
        ),
        (
            "docker-compose.yml",
            "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n      DEBUG: \"false\"\n"
                .to_string(),
        ),
        (
            "package-lock.json",
            format!(
                "{{\n  \"packages\": {{\n    \"node_modules/left-pad\": {{\n      \"version\": \"1.3.0\",\n      \"resolved\": \"https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz\",\n      \"integrity\": \"sha512-{}==\"\n    }}\n  }}\n}}\n",
                seed("<<b64:86>>", "npm")
            ),
        ),
        (
            "poetry.lock",
            format!(
                "[[package]]\nname = \"requests\"\nversion = \"2.32.3\"\nfiles = [\n    {{file = \"requests-2.32.3.tar.gz\", hash = \"sha256:{}\"}},\n]\n",
                seed("<<hex:64>>", "poetry")
            ),
        ),
        (
            "deploy/server.crt",
            format!(
                "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
                seed("<<b64lines:10>>", "cert")
            ),
        ),
        (
            "deploy/signing.pub",
            format!(
                "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
                seed("<<b64lines:6>>", "pub")
            ),
        ),
        (
            "deploy/authorized_keys",
            format!(
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{} deploy@ci\n",
                seed("<<b64:43>>", "ssh")
            ),
        ),
        (
            "mysite/tests/test_settings.py",
            "DEBUG = True\nTEMPLATE_DEBUG = True\n".to_string(),
        ),
        (
            "tests/conftest.py",
            "app.config[\"DEBUG\"] = True\napp.run(debug=True)\n".to_string(),
        ),
        (
            "app.py",
            "import logging\nlogging.basicConfig(level=logging.DEBUG)\napp.run(debug=False)\n# app.run(debug=True)\n"
                .to_string(),
        ),
        (
            "templates/settings.j2",
            "password: {{ db_password }}\n".to_string(),
        ),
        // A neutral name with a value that would pass the bar for a secret-like name.
        (
            "build.py",
            format!("CACHE_BUST = \"{}\"\n", seed("Ab1<<alnum:19>>", "neutral")),
        ),
    ];
    for (p, text) in &files {
        r.stage(p, text);
    }
    let (ok, out) = hook_commit(&r, &["-m", "negatives"]);
    assert!(ok, "negatives must be allowed:\n{out}");
    // The one finding is the warning that a `.env` file is committed at all (issue 12): no
    // secret is reported.
    assert!(
        out.contains("keepmum: 1 finding(s) (0 error(s), 1 warning(s))")
            && out.contains(".env:1:1  env-file (warning)"),
        "{out}"
    );
    // The same value under a secret-like name is blocked: the bar differs by name.
    let neutral = seed("Ab1<<alnum:19>>", "neutral");
    r.stage("build.py", format!("CACHE_API_KEY = \"{neutral}\"\n"));
    let (ok, out) = hook_commit(&r, &["-m", "secret-like name"]);
    assert!(!ok, "{out}");
    assert!(out.contains("secret-assignment"), "{out}");
}

/// `# keepmum:allow RULE` names the rule that owns the value: the less specific rules that
/// rule outranks (a generic high-entropy assignment) must not report the value instead.
#[test]
fn an_inline_marker_for_a_rule_also_silences_the_rules_it_outranks() {
    let r = Repo::new();
    let token = fixture("ghp_<<crc32-base62:30>>", "staged-marker-outranks");
    r.stage(
        "app/settings.py",
        format!("GITHUB_TOKEN = \"{token}\"  # keepmum:allow github-pat\n"),
    );
    let (code, out, err) = r.keepmum(&["scan", "--staged"]);
    assert_eq!(code, 0, "{out}{err}");
    // A marker for another rule still leaves the value reported, by its own rule.
    r.stage(
        "app/settings.py",
        format!("GITHUB_TOKEN = \"{token}\"  # keepmum:allow slack-token\n"),
    );
    let (code, out, _) = r.keepmum(&["scan", "--staged"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("github-pat"), "{out}");
}
