//! The ways past the hook (issue 10), each built with real git and the built binary: context
//! on unchanged lines, moves out of relaxed paths, UTF-16/32 text, binary files, inline markers
//! on the server, indexes and partial clones libgit2 cannot read, and configs or environments
//! that used to scan nothing and say "clean". Fixture secrets are assembled at run time.

mod common;

use std::path::Path;
use std::process::Output;

use common::{client_of, fixture, install_pre_receive, server_and_client, Repo};
use serde_json::Value;

fn token(seed: &str) -> String {
    fixture("ghp_<<crc32-base62:30>>", seed)
}

/// Runs keepmum with `--format json` and returns (exit code, parsed output, stderr).
#[allow(dead_code)] // used by the cases of the items below
fn json(r: &Repo, args: &[&str]) -> (i32, Value, String) {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--format", "json"]);
    let (code, out, err) = r.keepmum(&all);
    let v: Value = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}):\n{out}\n{err}"));
    (code, v, err)
}

/// (rule, path, line) of each finding.
#[allow(dead_code)]
fn hits(v: &Value) -> Vec<(String, String, u64)> {
    let mut out: Vec<_> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap_or("").to_string(),
                f["path"].as_str().unwrap_or("").to_string(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    out.sort();
    out
}

/// A bare server without a hook yet, and a client pushing to it.
fn unhooked_server_and_client() -> (Repo, Repo) {
    let server = Repo::bare();
    let client = client_of(&server);
    (server, client)
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

// ---------------------------------------------------------------------------------------------
// Configs and environments that scanned nothing and said "clean"
// ---------------------------------------------------------------------------------------------

/// `extend-default: "no"` (and other strings or YAML 1.1 spellings) turned every built-in rule
/// off without a word. Only `true`/`false` are booleans; anything else is an error at its
/// position.
#[test]
fn extend_default_takes_only_booleans() {
    let r = Repo::new();
    let pw = fixture("Xd4<<alnum:14>>", "extend-default");
    r.stage("app/settings.py", format!("DB_PASSWORD = \"{pw}\"\n"));
    for v in [
        "\"no\"",
        "\"false\"",
        "off",
        "no",
        "'False'",
        "\"yes\"",
        "n",
    ] {
        r.write(".keepmum.yaml", format!("# policy\nextend-default: {v}\n"));
        let (code, out, err) = r.keepmum(&["scan", "--staged"]);
        assert_eq!(code, 2, "extend-default: {v} must be refused:\n{out}{err}");
        assert!(
            err.contains(".keepmum.yaml:2:17") && err.contains("extend-default"),
            "the error must name the file, line and column of {v}:\n{err}"
        );
        let (code, _, err) = r.keepmum(&["config", "check"]);
        assert_eq!(
            code, 2,
            "config check must refuse extend-default: {v}\n{err}"
        );
    }
    // Real booleans still work.
    r.write(".keepmum.yaml", "extend-default: true\n");
    assert_eq!(r.keepmum(&["scan", "--staged"]).0, 1);
    r.write(
        ".keepmum.yaml",
        "pre-receive:\n  allow-push-option: \"yes\"\n",
    );
    let (code, _, err) = r.keepmum(&["scan", "--staged"]);
    assert_eq!(code, 2, "every boolean of the policy is strict:\n{err}");
    assert!(err.contains(".keepmum.yaml:2:22"), "{err}");
}

/// A config that leaves no rule running, or allows every path or every secret, is legal (a
/// team may mean it) but says so on every run: it is the shape of a policy that blocks nothing.
#[test]
fn configs_that_block_nothing_warn_on_every_run() {
    let r = Repo::new();
    r.stage("app/settings.py", "X = 1\n");
    let cases = [
        ("extend-default: false\n", "no rule"),
        (
            "disable: []\nallow:\n  regexes: [\".*\"]\n",
            "allow.regexes",
        ),
        (
            "allow:\n  regexes:\n    - {regex: '^', target: line}\n",
            "allow.regexes",
        ),
        ("allow:\n  paths: [\"**\"]\n", "allow.paths"),
        ("allow:\n  paths: [\"**/*\"]\n", "allow.paths"),
    ];
    for (yaml, what) in cases {
        r.write(".keepmum.yaml", yaml);
        for args in [&["scan", "--staged"][..], &["config", "check"][..]] {
            let (code, out, err) = r.keepmum(args);
            assert!(
                code == 0,
                "{args:?} with\n{yaml}must still run:\n{out}{err}"
            );
            assert!(
                err.contains("warning") && err.contains(what) && err.contains(".keepmum.yaml"),
                "{args:?} with\n{yaml}must warn about {what}:\n{err}"
            );
        }
    }
    // An ordinary policy does not warn.
    r.write(
        ".keepmum.yaml",
        "allow:\n  paths: [\"fixtures/**\"]\n  regexes: ['^sk_test_']\n",
    );
    let (code, _, err) = r.keepmum(&["scan", "--staged"]);
    assert_eq!(code, 0);
    assert!(!err.contains("warning"), "{err}");
}

/// The server warns too (its policy file, not the pushed tree's).
#[test]
fn server_policy_that_blocks_nothing_warns() {
    let (server, client) = server_and_client("");
    let policy = server.path().join("policy.yaml");
    std::fs::write(&policy, "allow:\n  paths: [\"**\"]\n").expect("write");
    server.git(&["config", "keepmum.config", "policy.yaml"]);
    client.stage("a.txt", "hello\n");
    client.commit("one");
    let out = client.git_output(&["push", "-q", "origin", "main"]);
    assert!(out.status.success(), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("warning") && t.contains("allow.paths"), "{t}");
}

/// `GIT_INDEX_FILE` naming a file that does not exist read as an empty index: "0 files",
/// exit 0. It is an error that names the file.
#[test]
fn missing_git_index_file_is_an_error() {
    let r = Repo::new();
    r.stage("a.py", "X = 1\n");
    r.commit("one");
    let mut cmd = r.keepmum_cmd(&["scan", "--staged"]);
    cmd.env("GIT_INDEX_FILE", r.path().join(".git/no-such-index"));
    let out = cmd.output().expect("run");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("no-such-index"), "{}", text(&out));
    let mut cmd = r.keepmum_cmd(&["scan", "--tracked"]);
    cmd.env("GIT_INDEX_FILE", "relative-missing-index");
    let out = cmd.output().expect("run");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    // An existing one is read as before.
    let mut cmd = r.keepmum_cmd(&["scan", "--staged"]);
    cmd.env("GIT_INDEX_FILE", r.path().join(".git/index"));
    assert_eq!(cmd.output().expect("run").status.code(), Some(0));
}

/// `scan --tracked` in a bare repository (no index) listed nothing and exited 0.
#[test]
fn tracked_in_a_bare_repository_is_an_error() {
    let server = Repo::bare();
    let client = Repo::new();
    client.stage("a.py", format!("GITHUB_TOKEN = \"{}\"\n", token("bare")));
    client.commit("one");
    client.git(&["push", "-q", server.path().to_str().expect("utf-8"), "main"]);
    let (code, out, err) = server.keepmum(&["scan", "--tracked"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("bare"), "{err}");
    // History scans work there.
    assert_eq!(server.keepmum(&["scan", "--all", "--no-progress"]).0, 1);
}

// ---------------------------------------------------------------------------------------------
// Item 6: inline markers in pushed content do not silence the server
// ---------------------------------------------------------------------------------------------

/// Any pusher could silence `pre-receive` with a comment: `# gitleaks:allow`,
/// `# keepmum:allow`, `# pragma: allowlist secret` (and the next-line forms) were honoured.
/// The server ignores them unless its policy says `pre-receive.inline-allow: true`, and says
/// so on each finding that carries one; its messages name no file the server does not read.
#[test]
fn server_ignores_inline_markers_unless_its_policy_allows_them() {
    let markers = [
        "  # gitleaks:allow",
        "  # keepmum:allow",
        "  # noqa  keepmum:allow",
        "  # pragma: allowlist secret",
    ];
    let (server, client) = server_and_client("");
    let mut body = String::new();
    for (i, m) in markers.iter().enumerate() {
        body.push_str(&format!(
            "TOKEN_{i} = \"{}\"{m}\n",
            token(&format!("marker-{i}"))
        ));
    }
    body.push_str("# keepmum:allow-next-line\n");
    body.push_str(&format!("TOKEN_N = \"{}\"\n", token("marker-next")));
    body.push_str("# pragma: allowlist nextline secret\n");
    body.push_str(&format!("TOKEN_P = \"{}\"\n", token("marker-pragma")));
    client.stage("app/settings.py", &body);
    client.commit("silenced");
    // Locally the markers work (the team's own choice).
    let (code, out, err) = client.keepmum(&["scan", "--range", "HEAD", "--no-progress"]);
    assert_eq!(code, 0, "{out}{err}");
    let out = client.git_output(&["push", "-q", "origin", "main"]);
    let t = text(&out);
    assert!(!out.status.success(), "the push must be rejected:\n{t}");
    for line in [1, 2, 3, 4, 6, 8] {
        assert!(
            t.contains(&format!("app/settings.py:{line}:")),
            "line {line} must be reported:\n{t}"
        );
    }
    assert!(t.contains("inline-allow"), "the server says why:\n{t}");
    assert!(
        !t.contains("keepmum:allow` to the line") && !t.contains("to .keepmumignore"),
        "the server must not suggest files it does not read:\n{t}"
    );
    // The server's own policy may honour them.
    let policy = server.path().join("policy.yaml");
    std::fs::write(&policy, "pre-receive:\n  inline-allow: true\n").expect("write");
    server.git(&["config", "keepmum.config", "policy.yaml"]);
    let out = client.git_output(&["push", "-q", "origin", "main"]);
    assert!(out.status.success(), "{}", text(&out));
}

/// The pre-receive messages about files left unscanned name the server's policy, not the
/// pushed tree's `.keepmum.yaml` (which the server never reads).
#[test]
fn server_messages_name_only_what_the_server_reads() {
    let (server, client) = server_and_client("");
    let policy = server.path().join("policy.yaml");
    std::fs::write(&policy, "max-file-size: 100\n").expect("write");
    server.git(&["config", "keepmum.config", "policy.yaml"]);
    client.stage("big.txt", "x".repeat(200));
    client.commit("big");
    let out = client.git_output(&["push", "-q", "origin", "main"]);
    let t = text(&out);
    assert!(!out.status.success(), "{t}");
    assert!(t.contains("big.txt"), "{t}");
    assert!(!t.contains(".keepmum.yaml"), "{t}");
    assert!(t.contains("administrators"), "{t}");
}

// ---------------------------------------------------------------------------------------------
// Item 2: the context that makes a line a secret is on an unchanged line
// ---------------------------------------------------------------------------------------------

fn pem(kind: &str, seed: &str) -> String {
    let body = fixture("<<b64lines:12>>", seed);
    format!("-----BEGIN {kind}PRIVATE KEY-----\n{body}\n-----END {kind}PRIVATE KEY-----\n")
}

/// One case: `before` is committed, `after` is the change; `expect` are the (rule, line) pairs
/// that must be reported for `path`, in the staged diff, in history and on the server.
struct Ctx {
    name: &'static str,
    path: &'static str,
    before: String,
    after: String,
    expect: Vec<(&'static str, u64)>,
}

fn context_cases() -> Vec<Ctx> {
    let pw = |seed: &str| fixture("Pw7<<alnum:15>>", seed);
    let key = fixture("<<alnum:50>>", "ctx-secret-key");
    vec![
        Ctx {
            name: "PEM body rotated under unchanged BEGIN/END lines",
            path: "deploy/id_rsa",
            before: pem("RSA ", "ctx-pem-old"),
            after: pem("RSA ", "ctx-pem-new"),
            expect: vec![("private-key", 1)],
        },
        Ctx {
            name: "PEM template filled in",
            path: "config/tls.key",
            before: "-----BEGIN PRIVATE KEY-----\n(paste the key here)\n-----END PRIVATE KEY-----\n"
                .into(),
            after: pem("", "ctx-pem-fill"),
            expect: vec![("private-key", 1)],
        },
        Ctx {
            name: "YAML block scalar under an unchanged `password: |`",
            path: "config/app.yaml",
            before: "database:\n  user: app\n  password: |\n    CHANGEME\n".into(),
            after: format!(
                "database:\n  user: app\n  password: |\n    {}\n",
                pw("ctx-yaml")
            ),
            expect: vec![("password-assignment", 4)],
        },
        Ctx {
            name: "YAML value on the line below an unchanged `password:`",
            path: "config/db.yml",
            before: "db:\n  password:\n    \"CHANGEME\"\n".into(),
            after: format!("db:\n  password:\n    \"{}\"\n", pw("ctx-yaml2")),
            expect: vec![("password-assignment", 3)],
        },
        Ctx {
            name: "Django DATABASES: unchanged 'PASSWORD': key, added value line",
            path: "mysite/settings.py",
            before: "DATABASES = {\n    'default': {\n        'NAME': 'app',\n        'PASSWORD':\n            os.environ['DB_PASSWORD'],\n    }\n}\n"
                .into(),
            after: format!(
                "DATABASES = {{\n    'default': {{\n        'NAME': 'app',\n        'PASSWORD':\n            '{}',\n    }}\n}}\n",
                pw("ctx-django")
            ),
            expect: vec![("password-assignment", 5)],
        },
        Ctx {
            name: "SECRET_KEY = ( unchanged, literal on the next line",
            path: "mysite/settings.py",
            before: "SECRET_KEY = (\n    os.environ['SECRET_KEY']\n)\n".into(),
            after: format!("SECRET_KEY = (\n    \"{key}\"\n)\n"),
            expect: vec![("django-secret-key", 2)],
        },
        Ctx {
            name: "Kubernetes env: unchanged `- name: DB_PASSWORD`, added value",
            path: "k8s/deployment.yaml",
            before: "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef: {name: db, key: pw}\n"
                .into(),
            after: format!(
                "env:\n  - name: DB_PASSWORD\n    value: \"{}\"\n",
                pw("ctx-k8s")
            ),
            expect: vec![("password-assignment", 3)],
        },
    ]
}

/// Each case through `scan --staged`, `scan --range` and a real push to `pre-receive`.
#[test]
fn context_on_unchanged_lines_is_scanned() {
    let mut failures = Vec::new();
    for c in context_cases() {
        let (server, client) = unhooked_server_and_client();
        client.stage(c.path, &c.before);
        client.commit("before");
        client.git(&["push", "-q", "origin", "main"]);
        install_pre_receive(&server, "");
        client.stage(c.path, &c.after);
        let want: Vec<(String, String, u64)> = c
            .expect
            .iter()
            .map(|(r, l)| (r.to_string(), c.path.to_string(), *l))
            .collect();
        let (code, v, err) = json(&client, &["scan", "--staged"]);
        if code != 1 || hits(&v) != want {
            failures.push(format!(
                "{} (staged): exit {code}, {:?}\n{err}",
                c.name,
                hits(&v)
            ));
        }
        client.commit("after");
        let (code, v, err) = json(
            &client,
            &["scan", "--range", "HEAD~1..HEAD", "--no-progress"],
        );
        if code != 1 || hits(&v) != want {
            failures.push(format!(
                "{} (range): exit {code}, {:?}\n{err}",
                c.name,
                hits(&v)
            ));
        }
        let out = client.git_output(&["push", "-q", "origin", "main"]);
        let t = text(&out);
        let at = format!("{}:{}:", c.path, c.expect[0].1);
        if out.status.success() || !t.contains(&at) {
            failures.push(format!("{} (pre-receive): {t}", c.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Context is read, not reported: a secret that was already there on an unchanged line is not
/// reported again because a line next to it changed (moving or editing around a known finding
/// is not a new leak), whatever construct encloses it.
#[test]
fn context_alone_is_not_reported() {
    let r = Repo::new();
    let pw = fixture("Pw7<<alnum:15>>", "ctx-old");
    let key = pem("", "ctx-old-pem");
    let before = format!(
        "DB_PASSWORD = \"{pw}\"\nX = 1\n{key}config:\n  password: |\n    {pw}\n  user: a\n"
    );
    r.stage("app/conf.py", &before);
    r.commit("known");
    let after = format!(
        "DB_PASSWORD = \"{pw}\"\nX = 2\n{key}Y = 1\nconfig:\n  password: |\n    {pw}\n  user: b\n"
    );
    r.stage("app/conf.py", &after);
    let (code, v, err) = json(&r, &["scan", "--staged"]);
    assert_eq!(code, 0, "{:?}\n{err}", hits(&v));
}

/// The same multi-line shapes are found in a file added whole.
#[test]
fn multi_line_values_are_found_in_new_files() {
    let r = Repo::new();
    for c in context_cases() {
        r.stage(c.path, &c.after);
        let (code, v, err) = json(&r, &["scan", "--staged"]);
        let got = hits(&v);
        for (rule, line) in &c.expect {
            assert!(
                code == 1 && got.contains(&(rule.to_string(), c.path.to_string(), *line)),
                "{}: {got:?}\n{err}",
                c.name
            );
        }
        r.git(&["rm", "-q", "--cached", "--", c.path]);
    }
}

// ---------------------------------------------------------------------------------------------
// Item 3: moves out of a path whose rules are relaxed
// ---------------------------------------------------------------------------------------------

/// One move: `from` holds `content` (committed unreported: its path is relaxed), then is moved
/// to `to` (exactly, or with `edit` appended); `rule` must be reported at `to`:`line`.
struct Move {
    name: &'static str,
    config: Option<&'static str>,
    from: &'static str,
    to: &'static str,
    content: String,
    rule: &'static str,
    line: u64,
}

fn move_cases() -> Vec<Move> {
    // Django's SECRET_KEY rule is skipped in tests and docs (`in-samples: skip`).
    let generic = |seed: &str| {
        format!(
            "import os\nSECRET_KEY = \"{}\"\n",
            fixture("<<alnum:50>>", seed)
        )
    };
    vec![
        Move {
            name: "settings/dev.py -> settings/production.py (DEBUG = True)",
            config: None,
            from: "mysite/settings/dev.py",
            to: "mysite/settings/production.py",
            content: "from .base import *\nDEBUG = True\n".into(),
            rule: "django-debug",
            line: 2,
        },
        Move {
            name: "out of tests/ (a generic secret, skipped in tests)",
            config: None,
            from: "tests/conf.py",
            to: "app/conf.py",
            content: generic("move-tests"),
            rule: "django-secret-key",
            line: 2,
        },
        Move {
            name: "out of docs/",
            config: None,
            from: "docs/snippets/client.py",
            to: "app/client.py",
            content: generic("move-docs"),
            rule: "django-secret-key",
            line: 2,
        },
        Move {
            name: "out of allow.paths",
            config: Some("allow:\n  paths: [\"fixtures/**\"]\n"),
            from: "fixtures/keys.py",
            to: "app/keys.py",
            content: format!("GITHUB_TOKEN = \"{}\"\n", token("move-allow")),
            rule: "github-pat",
            line: 1,
        },
        Move {
            name: "out of a rule's exclude-paths",
            config: Some(
                "overrides:\n  github-pat:\n    exclude-paths: [\"vendor/**\"]\n  secret-assignment:\n    exclude-paths: [\"vendor/**\"]\n  high-entropy-assignment:\n    exclude-paths: [\"vendor/**\"]\n",
            ),
            from: "vendor/lib/keys.py",
            to: "app/keys.py",
            content: format!("GITHUB_TOKEN = \"{}\"\n", token("move-exclude")),
            rule: "github-pat",
            line: 1,
        },
    ]
}

/// Each move, exact and edited, through `scan --staged`, `scan --range` and `pre-receive`.
#[test]
fn moves_out_of_relaxed_paths_are_scanned_whole() {
    let mut failures = Vec::new();
    for c in move_cases() {
        for edited in [false, true] {
            let (server, client) = unhooked_server_and_client();
            let policy = c.config.unwrap_or("");
            // The same policy for the client (work tree) and the server.
            client.write(".keepmum.yaml", policy);
            std::fs::write(server.path().join("policy.yaml"), policy).expect("write");
            server.git(&["config", "keepmum.config", "policy.yaml"]);
            client.stage(c.from, &c.content);
            client.stage("README.md", "# app\n");
            client.commit("relaxed");
            let (code, v, err) = json(&client, &["scan", "--range", "HEAD", "--no-progress"]);
            assert_eq!(
                code,
                0,
                "{}: the relaxed path is clean: {:?}{err}",
                c.name,
                hits(&v)
            );
            client.git(&["push", "-q", "origin", "main"]);
            install_pre_receive(&server, "");
            if let Some(d) = Path::new(c.to).parent() {
                std::fs::create_dir_all(client.path().join(d)).expect("mkdir");
            }
            client.git(&["mv", c.from, c.to]);
            if edited {
                let mut t = c.content.clone();
                t.push_str("LOG_LEVEL = \"info\"\n");
                client.stage(c.to, t);
            }
            let how = if edited { "edited" } else { "exact" };
            let want = (c.rule.to_string(), c.to.to_string(), c.line);
            let (code, v, err) = json(&client, &["scan", "--staged"]);
            if code != 1 || !hits(&v).contains(&want) {
                failures.push(format!(
                    "{} ({how}, staged): exit {code} {:?}\n{err}",
                    c.name,
                    hits(&v)
                ));
            }
            client.commit("moved");
            let (code, v, err) = json(
                &client,
                &["scan", "--range", "HEAD~1..HEAD", "--no-progress"],
            );
            if code != 1 || !hits(&v).contains(&want) {
                failures.push(format!(
                    "{} ({how}, range): exit {code} {:?}\n{err}",
                    c.name,
                    hits(&v)
                ));
            }
            let out = client.git_output(&["push", "-q", "origin", "main"]);
            let t = text(&out);
            if out.status.success() || !t.contains(&format!("{}:{}:", c.to, c.line)) {
                failures.push(format!("{} ({how}, pre-receive): {t}", c.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A move between paths under the same policy is still not a new leak: the secret it carries
/// was judged (and accepted or reported) where it was.
#[test]
fn moves_under_the_same_policy_report_nothing_again() {
    let r = Repo::new();
    r.stage(
        "app/keys.py",
        format!("GITHUB_TOKEN = \"{}\"\n", token("move-same")),
    );
    r.commit("known");
    std::fs::create_dir_all(r.path().join("app/core")).expect("mkdir");
    r.git(&["mv", "app/keys.py", "app/core/keys.py"]);
    let (code, v, err) = json(&r, &["scan", "--staged"]);
    assert_eq!(code, 0, "{:?}\n{err}", hits(&v));
    r.commit("moved");
    let (code, v, err) = json(&r, &["scan", "--range", "HEAD~1..HEAD", "--no-progress"]);
    assert_eq!(code, 0, "{:?}\n{err}", hits(&v));
}

// ---------------------------------------------------------------------------------------------
// Item 4: UTF-16 and UTF-32 text
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
enum Enc {
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

/// `text` encoded as `enc`, with or without its byte order mark.
fn encode(text: &str, enc: Enc, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let chars: Vec<char> = if bom {
        std::iter::once('\u{feff}').chain(text.chars()).collect()
    } else {
        text.chars().collect()
    };
    for c in chars {
        match enc {
            Enc::Utf16Le | Enc::Utf16Be => {
                let mut buf = [0u16; 2];
                for u in c.encode_utf16(&mut buf) {
                    out.extend_from_slice(&match enc {
                        Enc::Utf16Le => u.to_le_bytes(),
                        _ => u.to_be_bytes(),
                    });
                }
            }
            Enc::Utf32Le => out.extend_from_slice(&(c as u32).to_le_bytes()),
            Enc::Utf32Be => out.extend_from_slice(&(c as u32).to_be_bytes()),
        }
    }
    out
}

/// (rule, line, column) of each finding for `path`.
fn places(v: &Value, path: &str) -> Vec<(String, u64, u64)> {
    let mut out: Vec<_> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["path"] == path)
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap_or("").to_string(),
                f["line"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    out.sort();
    out
}

/// PowerShell 5's `>` and many Windows editors write UTF-16; it was taken for binary and
/// skipped. Every UTF-16/32 form, with and without a BOM, is decoded and scanned: new files
/// whole, modified files by their added lines, with line numbers of the file and columns in
/// characters; in the staged diff, in history and on the server.
#[test]
fn utf16_and_utf32_text_is_scanned() {
    let mut failures = Vec::new();
    for enc in [Enc::Utf16Le, Enc::Utf16Be, Enc::Utf32Le, Enc::Utf32Be] {
        for bom in [true, false] {
            let seed = format!("{enc:?}-{bom}");
            let old_pw = fixture("Pw7<<alnum:15>>", &format!("{seed}-old"));
            let new_pw = fixture("Pw7<<alnum:15>>", &format!("{seed}-new"));
            let before = format!("# Réglages\r\nDB_PASSWORD = \"{old_pw}\"\r\nX = 1\r\n");
            // The new secret sits after non-ASCII text on its line: its column counts characters.
            let line3 = format!("NOM = \"déjà vu\"; API_PASSWORD = \"{new_pw}\"");
            let col = line3.chars().take_while(|_| true).collect::<String>();
            let col = col
                .find(&new_pw)
                .map(|b| line3[..b].chars().count() as u64 + 1);
            let after = format!("# Réglages\r\nDB_PASSWORD = \"{old_pw}\"\r\n{line3}\r\nX = 1\r\n");
            let path = "deploy/settings.ps1";
            let (server, client) = unhooked_server_and_client();
            client.stage(path, encode(&before, enc, bom));
            // A new file is scanned whole.
            let (code, v, err) = json(&client, &["scan", "--staged"]);
            if code != 1 || places(&v, path) != vec![("password-assignment".into(), 2, 16)] {
                failures.push(format!(
                    "{seed} new file: exit {code} {:?} {err}",
                    places(&v, path)
                ));
            }
            client.commit("before");
            client.git(&["push", "-q", "origin", "main"]);
            install_pre_receive(&server, "");
            client.stage(path, encode(&after, enc, bom));
            let want = vec![("password-assignment".to_string(), 3, col.unwrap_or(0))];
            let (code, v, err) = json(&client, &["scan", "--staged"]);
            if code != 1 || places(&v, path) != want {
                failures.push(format!(
                    "{seed} staged: exit {code} {:?} want {want:?} {err}",
                    places(&v, path)
                ));
            }
            client.commit("after");
            let (code, v, err) = json(
                &client,
                &["scan", "--range", "HEAD~1..HEAD", "--no-progress"],
            );
            if code != 1 || places(&v, path) != want {
                failures.push(format!(
                    "{seed} range: exit {code} {:?} {err}",
                    places(&v, path)
                ));
            }
            let out = client.git_output(&["push", "-q", "origin", "main"]);
            if out.status.success() || !text(&out).contains(&format!("{path}:3:")) {
                failures.push(format!("{seed} pre-receive: {}", text(&out)));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Item 5: binary files
// ---------------------------------------------------------------------------------------------

/// Binary containers holding a token, built as their formats lay strings out.
fn binaries(tok: &str) -> Vec<(&'static str, Vec<u8>)> {
    let t = tok.as_bytes();
    // A pickled dict {'token': tok} (protocol 2, BINUNICODE strings).
    let mut pickle = b"\x80\x02}q\x00X\x05\x00\x00\x00tokenq\x01X".to_vec();
    pickle.extend_from_slice(&(t.len() as u32).to_le_bytes());
    pickle.extend_from_slice(t);
    pickle.extend_from_slice(b"q\x02s.");
    // A CPython 3.12 .pyc: 16-byte header, then a marshalled code object whose constants hold
    // the token as a short ASCII string.
    let mut pyc = b"\xcb\x0d\x0d\x0a\x00\x00\x00\x00\x12\x34\x56\x67\x20\x00\x00\x00".to_vec();
    pyc.extend_from_slice(b"\xe3\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00\x00\x00\x00\x00\x00\x00\xf3\x0a\x00\x00\x00\x97\x00\x64\x00\x5a\x00\x64\x01\x79\x01\x29\x02");
    pyc.push(0xda);
    pyc.push(t.len() as u8);
    pyc.extend_from_slice(t);
    pyc.extend_from_slice(b"\x4e\x29\x01\xda\x05TOKEN\xa9\x00");
    // A SQLite page: the header, zeroed page space, a record with the token as text.
    let mut sqlite = b"SQLite format 3\x00\x10\x00\x01\x01\x00\x40\x20\x20".to_vec();
    sqlite.resize(4096, 0);
    sqlite.extend_from_slice(b"\x0d\x00\x00\x00\x01\x0f\xc0\x00");
    sqlite.resize(8000, 0);
    sqlite.extend_from_slice(b"\x2c\x01\x03\x17\x61");
    sqlite.extend_from_slice(b"api_key");
    sqlite.extend_from_slice(t);
    sqlite.resize(8192, 0);
    vec![
        ("models/model.pkl", pickle),
        ("app/__pycache__/conf.cpython-312.pyc", pyc),
        ("data/app.sqlite3", sqlite),
    ]
}

/// One NUL byte made a text file "binary" and unscanned. Text that is text apart from NUL
/// bytes is scanned as text, by every rule, at its real lines.
#[test]
fn one_nul_byte_does_not_hide_text() {
    let (_server, client) = server_and_client("");
    let pw = fixture("Pw7<<alnum:15>>", "nul-pw");
    let mut body = b"\x00# settings\n".to_vec();
    body.extend_from_slice(format!("DB_PASSWORD = \"{pw}\"\nDEBUG = True\n").as_bytes());
    body.extend_from_slice(format!("GITHUB_TOKEN = \"{}\"\x00\n", token("nul")).as_bytes());
    client.stage("mysite/settings.py", &body);
    let (code, v, err) = json(&client, &["scan", "--staged"]);
    assert_eq!(code, 1, "{err}");
    let want: Vec<(String, String, u64)> = [
        ("django-debug", 3),
        ("github-pat", 4),
        ("password-assignment", 2),
    ]
    .iter()
    .map(|(r, l)| (r.to_string(), "mysite/settings.py".to_string(), *l))
    .collect();
    assert_eq!(hits(&v), want);
    client.commit("nul");
    let (code, v, _) = json(&client, &["scan", "--range", "HEAD", "--no-progress"]);
    assert_eq!((code, hits(&v)), (1, want));
    let out = client.git_output(&["push", "-q", "origin", "main"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("mysite/settings.py:2:"),
        "{}",
        text(&out)
    );
}

/// A token in a pickle, a .pyc, a SQLite file or a text file with one NUL byte was skipped as
/// binary. Their printable runs are scanned by the rules that hold on arbitrary bytes, and the
/// findings say the file is binary (with the byte offset); staged, history and server.
#[test]
fn binary_files_are_scanned_for_exact_formats() {
    let mut failures = Vec::new();
    for (i, (path, bytes)) in binaries(&token("binary-token")).into_iter().enumerate() {
        let (_server, client) = server_and_client("");
        client.stage(path, &bytes);
        let (code, v, err) = json(&client, &["scan", "--staged"]);
        let f = v["findings"].as_array().cloned().unwrap_or_default();
        let ok = code == 1
            && f.iter().any(|x| {
                x["path"] == path && x["rule_id"] == "github-pat" && x["binary_offset"].is_u64()
            });
        if !ok {
            failures.push(format!("{path} staged: exit {code} {f:?} {err}"));
        }
        let (_, human, _) = client.keepmum(&["scan", "--staged"]);
        if !human.contains("binary file") {
            failures.push(format!("{path}: the human line must say binary:\n{human}"));
        }
        client.commit(&format!("binary {i}"));
        let (code, v, _) = json(&client, &["scan", "--range", "HEAD", "--no-progress"]);
        if code != 1 || !hits(&v).iter().any(|h| h.0 == "github-pat" && h.1 == path) {
            failures.push(format!("{path} range: exit {code} {:?}", hits(&v)));
        }
        let out = client.git_output(&["push", "-q", "origin", "main"]);
        if out.status.success() || !text(&out).contains(path) {
            failures.push(format!("{path} pre-receive: {}", text(&out)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// In a binary only the exact formats run (a password or DEBUG setting there is arbitrary
/// bytes that happen to read so); a modified binary reports only runs that are new; a large
/// random binary stays cheap.
#[test]
fn binary_scans_are_exact_incremental_and_cheap() {
    let r = Repo::new();
    let tok_a = token("binary-a");
    let tok_b = token("binary-b");
    let mut blob = vec![0u8, 1, 2, 3];
    blob.extend_from_slice(
        format!(
            "\x01DB_PASSWORD = \"{}\"\x02DEBUG = True\x03",
            fixture("Pw7<<alnum:15>>", "bin-pw")
        )
        .as_bytes(),
    );
    blob.extend_from_slice(format!("\x00{tok_a}\x00").as_bytes());
    r.stage("assets/blob.bin", &blob);
    let (code, v, err) = json(&r, &["scan", "--staged"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        hits(&v),
        vec![("github-pat".into(), "assets/blob.bin".into(), 1)],
        "only the token"
    );
    r.commit("a");
    // The same binary with one more token: only the new one is reported.
    blob.extend_from_slice(format!("\x07\x08{tok_b}\x00").as_bytes());
    r.stage("assets/blob.bin", &blob);
    let (code, v, _) = json(&r, &["scan", "--staged"]);
    assert_eq!(code, 1);
    let f = v["findings"].as_array().expect("findings");
    assert_eq!(f.len(), 1, "{f:?}");
    let off = f[0]["binary_offset"].as_u64().expect("offset") as usize;
    assert_eq!(&blob[off..off + tok_b.len()], tok_b.as_bytes());
    // 32 MiB of random bytes: scanned, and fast (a few hundred ms in a debug build).
    let mut rng = keepmum::rules::template::SplitMix64::new(7);
    let mut big = Vec::with_capacity(32 << 20);
    while big.len() < 32 << 20 {
        big.extend_from_slice(&rng.next_u64().to_le_bytes());
    }
    r.stage("assets/big.bin", &big);
    let t = std::time::Instant::now();
    let (code, v, err) = json(&r, &["scan", "--staged"]);
    let took = t.elapsed();
    assert_eq!(code, 1, "{err}");
    assert_eq!(v["summary"]["skipped"], 0);
    assert!(took.as_secs() < 20, "a 32 MiB binary took {took:?}");
}

// ---------------------------------------------------------------------------------------------
// Item 8: indexes and partial clones libgit2 cannot read
// ---------------------------------------------------------------------------------------------

/// What a scan must leave alone: the index files, the refs and the work tree.
fn untouched_state(r: &Repo) -> Vec<(String, Option<u64>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(r.path().join(".git"))
        .expect("read .git")
        .flatten()
    {
        let name = e.file_name().to_string_lossy().into_owned();
        if name == "index" || name.starts_with("sharedindex.") {
            out.push((name.clone(), r.file_hash(&format!(".git/{name}"))));
        }
    }
    out.push((r.git(&["for-each-ref"]), None));
    for e in std::fs::read_dir(r.path())
        .expect("read work tree")
        .flatten()
    {
        let name = e.file_name().to_string_lossy().into_owned();
        if name != ".git" && e.path().is_file() {
            out.push((name.clone(), r.file_hash(&name)));
        }
    }
    out.sort();
    out
}

/// A repository with `a/` and `b/`, a token committed in `b/` (outside the sparse cone used
/// below), and the raw pre-commit hook.
fn two_dir_repo() -> Repo {
    let r = Repo::new();
    r.stage("a/app.py", "X = 1\n");
    r.stage(
        "b/old.py",
        format!("GITHUB_TOKEN = \"{}\"\n", token("sparse-old")),
    );
    r.commit("base");
    r.install_raw_hook("pre-commit");
    r
}

/// Staged scans, a real `git commit` through the hook and `scan --tracked`, for an index
/// libgit2 cannot read; never a silent "clean", and nothing written.
fn check_unreadable_index(r: &Repo, what: &str) {
    let pw = fixture("Pw7<<alnum:15>>", what);
    r.stage("a/app.py", format!("X = 1\nDB_PASSWORD = \"{pw}\"\n"));
    r.stage("a/new.py", format!("API_TOKEN = \"{}\"\n", token(what)));
    let before = untouched_state(r);
    let (code, v, err) = json(r, &["scan", "--staged"]);
    assert_eq!(code, 1, "{what}: {err}");
    assert_eq!(
        hits(&v),
        vec![
            ("github-pat".into(), "a/new.py".into(), 1),
            ("password-assignment".into(), "a/app.py".into(), 2),
        ],
        "{what}"
    );
    let (code, v, err) = json(r, &["scan", "--tracked"]);
    assert_eq!(code, 1, "{what}: {err}");
    assert!(
        hits(&v).contains(&("github-pat".into(), "b/old.py".into(), 1)),
        "{what}: tracked files outside the cone too: {:?}",
        hits(&v)
    );
    assert_eq!(
        untouched_state(r),
        before,
        "{what}: the scan wrote something"
    );
    let out = r.git_output(&["commit", "-q", "-m", "blocked"]);
    assert!(
        !out.status.success(),
        "{what}: the hook let it through: {}",
        text(&out)
    );
    assert!(text(&out).contains("a/new.py:1:"), "{}", text(&out));
    // A clean change commits.
    r.git(&["reset", "-q", "--hard"]);
    r.stage("a/app.py", "X = 2\n");
    let out = r.git_output(&["commit", "-q", "-m", "clean"]);
    assert!(out.status.success(), "{what}: {}", text(&out));
    let out = r.git_output(&["commit", "-q", "-a", "-m", "nothing", "--allow-empty"]);
    assert!(out.status.success(), "{what}: {}", text(&out));
}

/// A sparse index (`sdir` extension) made every commit exit 2.
#[test]
fn sparse_index_is_read() {
    let r = two_dir_repo();
    r.git(&["sparse-checkout", "set", "--cone", "--sparse-index", "a"]);
    assert!(
        !r.path().join("b/old.py").exists(),
        "b/ is outside the cone"
    );
    check_unreadable_index(&r, "sparse-index");
}

/// A split index (`link` extension) made every commit exit 2.
#[test]
fn split_index_is_read() {
    let r = two_dir_repo();
    r.git(&["update-index", "--split-index"]);
    r.git(&["config", "core.splitIndex", "true"]);
    check_unreadable_index(&r, "split-index");
}

/// A blobless clone (`--filter=blob:none`) has the commits and trees but not old blobs: history
/// scans and edited renames in history exited 2. Missing blobs come from the promisor remote
/// through `git`, and an unreachable one fails closed.
#[test]
fn blobless_clone_history_is_scanned() {
    let server = Repo::bare();
    server.git(&["config", "uploadpack.allowFilter", "true"]);
    server.git(&["config", "uploadpack.allowAnySHA1InWant", "true"]);
    let src = Repo::new();
    let body: String = (0..30).map(|i| format!("SETTING_{i} = {i}\n")).collect();
    src.stage(
        "conf/keys.py",
        format!("{body}GITHUB_TOKEN = \"{}\"\n", token("blobless-a")),
    );
    let c1 = src.commit("token");
    src.git(&["mv", "conf/keys.py", "conf/settings.py"]);
    src.stage(
        "conf/settings.py",
        format!(
            "{body}GITHUB_TOKEN = \"{}\"\nAPI = \"{}\"\n",
            token("blobless-a"),
            token("blobless-b")
        ),
    );
    let c2 = src.commit("edited rename");
    src.stage("conf/settings.py", "X = 1\n");
    src.commit("cleaned");
    let url = format!("file://{}", server.path().display());
    src.git(&["push", "-q", &url, "main"]);
    let home = tempfile::tempdir().expect("tempdir");
    let client = Repo {
        dir: tempfile::tempdir().expect("tempdir"),
        home,
    };
    client.git(&["clone", "-q", "--filter=blob:none", &url, "."]);
    let missing = client.git(&["rev-list", "--objects", "--all", "--missing=print"]);
    assert!(
        missing.lines().any(|l| l.starts_with('?')),
        "a blobless clone lacks blobs"
    );
    let before = untouched_state(&client);
    let mut want = vec![
        (c1.clone(), "conf/keys.py".to_string(), 31),
        (c2.clone(), "conf/settings.py".to_string(), 32),
    ];
    want.sort();
    for args in [
        &["scan", "--all", "--no-progress"][..],
        &["scan", "--range", "HEAD", "--no-progress"][..],
    ] {
        let (code, v, err) = json(&client, args);
        assert_eq!(code, 1, "{args:?}: {err}");
        let mut got: Vec<(String, String, u64)> = v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| {
                (
                    f["commit"].as_str().unwrap_or("").to_string(),
                    f["path"].as_str().unwrap_or("").to_string(),
                    f["line"].as_u64().unwrap_or(0),
                )
            })
            .collect();
        got.sort();
        assert_eq!(got, want, "{args:?}");
    }
    assert_eq!(untouched_state(&client), before, "the scan wrote something");

    // The same clone with the promisor gone: blobs it never fetched cannot be read, and that
    // is not clean.
    let home = tempfile::tempdir().expect("tempdir");
    let gone = Repo {
        dir: tempfile::tempdir().expect("tempdir"),
        home,
    };
    let server2 = Repo::bare();
    server2.git(&["config", "uploadpack.allowFilter", "true"]);
    let url2 = format!("file://{}", server2.path().display());
    src.git(&["push", "-q", &url2, "main"]);
    gone.git(&["clone", "-q", "--filter=blob:none", &url2, "."]);
    drop(server2);
    let (code, v, err) = json(&gone, &["scan", "--all", "--no-progress"]);
    assert_eq!(code, 2, "{:?} {err}", v["skipped"]);
    let skipped = v["skipped"].as_array().expect("skipped");
    assert!(
        skipped.iter().any(|s| s["kind"] == "unreadable"),
        "{skipped:?}"
    );
    // The way out named is the right one (not `max-file-size`).
    assert!(
        err.contains("could not be read") && !err.contains("max-file-size"),
        "{err}"
    );
}
