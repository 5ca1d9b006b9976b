//! Configuration and allowlists (issue 3), end to end: every schema element through real
//! staged commits with the pre-commit hook installed, inline allow markers, the
//! `.keepmumignore` fingerprint file, and bad configs that must fail closed (exit 2) with a
//! `file:line:column: message` that says what to change. Fixture secrets are built at run time.

mod common;

use std::path::Path;

use common::{fixture, Repo};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// A repository with one clean commit and the raw pre-commit hook installed.
fn hooked() -> Repo {
    let r = Repo::new();
    r.stage("README.md", "# project\n");
    r.commit("init");
    r.install_raw_hook("pre-commit");
    r
}

/// Writes `.keepmum.yaml` in the work tree (not staged: the hook reads the work tree).
fn with_config(yaml: &str) -> Repo {
    let r = hooked();
    r.write(".keepmum.yaml", yaml);
    r
}

/// Stages `files` and commits through the hook. A blocked commit is rolled back (staged files
/// removed), so the next attempt starts from HEAD. Returns (committed, hook output).
fn attempt(r: &Repo, files: &[(&str, &str)]) -> (bool, String) {
    for (p, c) in files {
        r.stage(p, c);
    }
    let out = r.git_output(&["commit", "-q", "-m", "attempt"]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if !out.status.success() {
        r.git(&["reset", "-q", "--hard"]);
    }
    (out.status.success(), text)
}

/// Asserts that committing `content` at `path` is blocked by `rule`.
#[track_caller]
fn blocked(r: &Repo, path: &str, content: &str, rule: &str) -> String {
    let (ok, out) = attempt(r, &[(path, content)]);
    assert!(
        !ok,
        "{path} must be blocked by {rule}:\n{content}\n---\n{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with(&format!("{path}:")) && l.contains(&format!("  {rule}  "))),
        "{path} must be reported by {rule}:\n{out}"
    );
    out
}

/// Asserts that committing `content` at `path` is allowed.
#[track_caller]
fn allowed(r: &Repo, path: &str, content: &str) -> String {
    let (ok, out) = attempt(r, &[(path, content)]);
    assert!(ok, "{path} must be allowed:\n{content}\n---\n{out}");
    out
}

/// A password assignment line with a fresh fixture value.
fn pw_line(key: &str, seed: &str) -> (String, String) {
    let v = fixture("Pw7<<alnum:13>>", seed);
    (format!("{key} = \"{v}\"\n"), v)
}

/// `line:column` (1-based) of the `n`-th (0-based) occurrence of `needle` in `text`.
#[track_caller]
fn pos_nth(text: &str, needle: &str, n: usize) -> String {
    let mut from = 0;
    let mut idx = None;
    for _ in 0..=n {
        let i = text[from..]
            .find(needle)
            .unwrap_or_else(|| panic!("`{needle}` not in:\n{text}"));
        idx = Some(from + i);
        from += i + needle.len();
    }
    let idx = idx.unwrap_or(0);
    let line = text[..idx].matches('\n').count() + 1;
    let line_start = text[..idx].rfind('\n').map_or(0, |p| p + 1);
    let col = text[line_start..idx].chars().count() + 1;
    format!("{line}:{col}")
}

/// `line:column` of the first occurrence of `needle`.
#[track_caller]
fn pos(text: &str, needle: &str) -> String {
    pos_nth(text, needle, 0)
}

/// Writes `yaml` as `.keepmum.yaml`, runs `config check .keepmum.yaml` and a staged scan
/// (which discovers the file): both must exit 2 with the same message and print no report.
/// Returns the `config check` error line.
#[track_caller]
fn config_error(yaml: &str) -> String {
    let r = Repo::new();
    r.write(".keepmum.yaml", yaml);
    r.stage("app.py", "X = 1\n");
    let (code, out, err) = r.keepmum(&["config", "check", ".keepmum.yaml"]);
    assert_eq!(code, 2, "config check must fail:\n{yaml}\n---\n{out}{err}");
    assert!(out.is_empty(), "no output on stdout: {out}");
    let err = err.trim_end().to_string();
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    let (code, out, scan_err) = r.keepmum(&["scan", "--staged"]);
    assert_eq!(
        code, 2,
        "a scan with a bad config must fail closed:\n{out}{scan_err}"
    );
    assert!(out.is_empty(), "no report with a bad config: {out}");
    let tail = err
        .strip_prefix("keepmum: error: .keepmum.yaml")
        .unwrap_or_else(|| panic!("unexpected error form: {err}"));
    assert!(
        scan_err.contains(&format!(".keepmum.yaml{tail}")),
        "scan and config check must agree:\n{err}\n{scan_err}"
    );
    err
}

/// The expected `config check` error line.
fn expected(at: &str, message: &str) -> String {
    format!("keepmum: error: .keepmum.yaml:{at}: {message}")
}

const SCHEMA_HINT: &str = "(see `keepmum config print-default` for the schema)";

// ---------------------------------------------------------------------------------------------
// Schema elements through real commits
// ---------------------------------------------------------------------------------------------

const ACME_RULE: &str = r#"rules:
  - id: acme-api-key
    description: ACME API key
    kind: provider
    severity: low
    why: ACME keys grant full access to the billing API.
    fix: Revoke the key in the ACME console and read it from ACME_API_KEY.
    regex: '\b(?P<secret>acme_[a-z0-9]{32})\b'
    keywords: [acme_]
    entropy: 3.0
    min-length: 37
    examples: ['key = "acme_<<lalnum:32>>"']
    negative-examples: ['key = "acme_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"']
"#;

/// A custom rule catches its token (with its kind, severity, why and fix), not its negatives,
/// and shows up in `keepmum rules`.
#[test]
fn custom_rule_catches_its_token() {
    let r = with_config(ACME_RULE);
    let token = fixture("acme_<<lalnum:32>>", "acme-1");
    let out = blocked(
        &r,
        "billing/client.py",
        &format!("KEY = \"{token}\"\n"),
        "acme-api-key",
    );
    assert!(!out.contains(&token), "redacted: {out}");

    r.stage("billing/client.py", format!("KEY = \"{token}\"\n"));
    let (code, json, _) = r.keepmum(&["--format", "json", "--show-secrets"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["findings"][0]["rule_id"], "acme-api-key");
    assert_eq!(v["findings"][0]["kind"], "provider");
    assert_eq!(v["findings"][0]["severity"], "low");
    assert_eq!(v["findings"][0]["secret"], token.as_str());
    r.git(&["reset", "-q", "--hard"]);

    // Low entropy (entropy: 3.0) and a placeholder are not reported.
    allowed(
        &r,
        "billing/low.py",
        "KEY = \"acme_abababababababababababababababab\"\n",
    );
    allowed(
        &r,
        "billing/ph.py",
        "KEY = \"acme_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"\n",
    );

    let (code, out, _) = r.keepmum(&["rules"]);
    assert_eq!(code, 0);
    let line = out
        .lines()
        .find(|l| l.starts_with("acme-api-key "))
        .unwrap_or_else(|| panic!("custom rule listed: {out}"));
    assert!(line.contains("provider") && line.contains("low") && line.contains("ACME API key"));
    assert!(out.contains("password-assignment"), "built-ins kept: {out}");
    let (code, out, _) = r.keepmum(&["rules", "--explain", "acme-api-key"]);
    assert_eq!(code, 0);
    assert!(out.contains("Why: ACME keys grant full access"), "{out}");
    assert!(out.contains("Fix: Revoke the key"), "{out}");
}

/// `paths` / `exclude-paths` restrict a custom rule; `secret-group` picks the reported group.
#[test]
fn custom_rule_paths_and_secret_group() {
    let r = with_config(
        r#"rules:
  - id: corp-token
    description: Corp service token
    regex: '(corp)_tok_([A-Za-z0-9]{24})'
    secret-group: 2
    keywords: [corp_tok_]
    paths: ["services/**"]
    exclude-paths: ["services/mocks/**"]
    examples:
      - path: services/a.py
        text: 'T = "corp_tok_<<alnum:24>>"'
"#,
    );
    let body = fixture("<<alnum:24>>", "corp");
    // A call argument, not an assignment: only the custom rule can see it.
    let line = format!("client.login(\"corp_tok_{body}\")\n");
    blocked(&r, "services/api/settings.py", &line, "corp-token");
    allowed(&r, "tools/settings.py", &line);
    allowed(&r, "services/mocks/settings.py", &line);

    r.stage("services/web/app.py", &line);
    let (code, json, _) = r.keepmum(&["--format", "json", "--show-secrets"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(
        v["findings"][0]["secret"],
        body.as_str(),
        "secret-group 2 is the secret"
    );
    assert_eq!(
        v["findings"][0]["column"], 24,
        "the column of the secret group"
    );
}

/// An assignment-style custom rule (name pattern plus value constraints).
#[test]
fn custom_assignment_rule() {
    let r = with_config(
        r#"rules:
  - id: vault-pin
    description: Vault unseal PIN
    assignment:
      key: '(?i)unseal_pin$'
      min-length: 6
    keywords: [unseal_pin]
    examples: ['VAULT_UNSEAL_PIN = "<<digit:8>>"']
"#,
    );
    let pin = fixture("<<digit:8>>", "pin");
    blocked(
        &r,
        "ops/vault.py",
        &format!("VAULT_UNSEAL_PIN = \"{pin}\"\n"),
        "vault-pin",
    );
    allowed(&r, "ops/short.py", "VAULT_UNSEAL_PIN = \"4821\"\n");
    allowed(&r, "ops/env.py", "VAULT_UNSEAL_PIN = os.environ[\"PIN\"]\n");
}

/// `disable` silences a built-in rule; the others still fire.
#[test]
fn disable_silences_a_rule() {
    let r = with_config("disable: [django-debug]\n");
    allowed(&r, "mysite/settings.py", "DEBUG = True\n");
    let (line, _) = pw_line("DB_PASSWORD", "disable");
    blocked(&r, "mysite/prod.py", &line, "password-assignment");
    let (_, out, _) = r.keepmum(&["rules"]);
    assert!(!out.contains("django-debug "), "{out}");

    // Without the config the same line is blocked.
    let plain = hooked();
    blocked(
        &plain,
        "mysite/settings.py",
        "DEBUG = True\n",
        "django-debug",
    );
}

/// `extend-default: false` leaves only the custom rules (and none of the default allow lists).
#[test]
fn extend_default_false_keeps_only_custom_rules() {
    let r = with_config(&format!("extend-default: false\n{ACME_RULE}"));
    let (line, _) = pw_line("DB_PASSWORD", "extend");
    allowed(&r, "settings.py", &line);
    allowed(&r, "settings2.py", "DEBUG = True\n");
    let token = fixture("acme_<<lalnum:32>>", "acme-2");
    blocked(
        &r,
        "client.py",
        &format!("KEY = \"{token}\"\n"),
        "acme-api-key",
    );
    // The default allow list (lock files) is gone too: a lock file is scanned.
    blocked(
        &r,
        "poetry.lock",
        &format!("token = \"{token}\"\n"),
        "acme-api-key",
    );
    let (code, out, _) = r.keepmum(&["rules"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 1, "only the custom rule: {out}");
    assert!(out.starts_with("acme-api-key "), "{out}");
}

/// `n` distinct alphanumeric characters (entropy exactly log2(n)), built at run time.
fn distinct(n: usize, seed: &str) -> String {
    let mut out = String::new();
    for c in fixture("<<alnum:400>>", seed).chars() {
        if !out.contains(c) {
            out.push(c);
        }
    }
    assert!(out.len() >= n);
    out.chars().take(n).collect()
}

/// `overrides`: entropy, allow regexes, exclude-paths and severity of a built-in rule.
#[test]
fn overrides_tune_a_builtin_rule() {
    // 24 characters have an entropy of at most log2(24) = 4.58 bits; 31 distinct ones 4.95.
    let weak = fixture("Ab1<<alnum:21>>", "ovr");
    let strong = distinct(31, "ovr-strong");
    let line = |v: &str| format!("ACME_API_KEY = \"{v}\"\n");
    let plain = hooked();
    blocked(&plain, "app/weak.py", &line(&weak), "secret-assignment");
    blocked(&plain, "docs/howto.py", &line(&strong), "secret-assignment");

    let r = with_config(
        r#"overrides:
  secret-assignment:
    entropy: 4.6
    severity: low
    allow: ['^pk_']
    exclude-paths: ["docs/**"]
"#,
    );
    allowed(&r, "app/weak.py", &line(&weak));
    // A value above the raised bar is still reported, with the new severity...
    r.stage("app/strong.py", line(&strong));
    let (code, json, _) = r.keepmum(&["--format", "json"]);
    assert_eq!(code, 1, "{json}");
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["findings"][0]["rule_id"], "secret-assignment");
    assert_eq!(v["findings"][0]["severity"], "low", "severity override");
    r.git(&["reset", "-q", "--hard"]);
    // ...unless the override's allow regex or exclude-paths accepts it.
    let prefixed = |p: &str| line(&format!("{p}{}", &strong[..26]));
    allowed(&r, "app/pk.py", &prefixed("pk_"));
    blocked(&r, "app/sk.py", &prefixed("sk_"), "secret-assignment");
    allowed(&r, "docs/howto.py", &line(&strong));
}

/// `allow.paths`: globs never scanned.
#[test]
fn allow_paths() {
    let r = with_config("allow:\n  paths: [\"fixtures/**\", \"legacy\"]\n");
    let (line, _) = pw_line("DB_PASSWORD", "paths");
    allowed(&r, "fixtures/db/settings.py", &line);
    allowed(&r, "legacy/old_settings.py", &line);
    blocked(&r, "app/settings.py", &line, "password-assignment");
}

/// `allow.regexes` with each target: secret (bare or explicit), match and line.
#[test]
fn allow_regexes_each_target() {
    let r = with_config(
        r#"allow:
  regexes:
    - '^Sbx'
    - {regex: 'Tst9$', target: secret}
    - {regex: '^DEMO_PASSWORD\b', target: match}
    - {regex: 'DEMO ONLY', target: line}
"#,
    );
    let v = |t: &str, s: &str| fixture(t, s);
    // target: secret (bare).
    allowed(
        &r,
        "a.py",
        &format!("DB_PASSWORD = \"{}\"\n", v("Sbx<<alnum:12>>", "s1")),
    );
    blocked(
        &r,
        "a2.py",
        &format!("DB_PASSWORD = \"x{}\"\n", v("Sbx<<alnum:12>>", "s1")),
        "password-assignment",
    );
    // target: secret (explicit).
    allowed(
        &r,
        "b.py",
        &format!("DB_PASSWORD = \"{}\"\n", v("<<alnum:12>>Tst9", "s2")),
    );
    // target: match: the assignment from its name on; the secret alone does not match.
    let demo = v("Dm4<<alnum:12>>", "s3");
    allowed(&r, "c.py", &format!("DEMO_PASSWORD = \"{demo}\"\n"));
    blocked(
        &r,
        "c2.py",
        &format!("PROD_PASSWORD = \"{demo}\"\n"),
        "password-assignment",
    );
    // target: line.
    allowed(
        &r,
        "d.py",
        &format!(
            "DB_PASSWORD = \"{}\"  # DEMO ONLY\n",
            v("Ln5<<alnum:12>>", "s4")
        ),
    );
    blocked(
        &r,
        "d2.py",
        &format!("DB_PASSWORD = \"{}\"  # demo\n", v("Ln5<<alnum:12>>", "s4")),
        "password-assignment",
    );
}

/// `target: match` sees a regex rule's whole match (its context), not just the secret group.
#[test]
fn allow_regex_target_match_on_a_regex_rule() {
    let r =
        with_config("allow:\n  regexes:\n    - {regex: '^postgres://readonly:', target: match}\n");
    let pw = fixture("Ro9<<alnum:12>>", "url");
    allowed(
        &r,
        "ro.py",
        &format!("URL = \"postgres://readonly:{pw}@db/app\"\n"),
    );
    blocked(
        &r,
        "rw.py",
        &format!("URL = \"postgres://admin:{pw}@db/app\"\n"),
        "url-credentials",
    );
}

/// `allow.stopwords`: a secret containing one (any case) is not reported.
#[test]
fn allow_stopwords() {
    let r = with_config("allow:\n  stopwords: [sandbox]\n");
    allowed(
        &r,
        "a.py",
        &format!(
            "DB_PASSWORD = \"{}\"\n",
            fixture("Q7<<alnum:4>>SandBox<<alnum:4>>", "sw")
        ),
    );
    let (line, _) = pw_line("DB_PASSWORD", "sw2");
    blocked(&r, "b.py", &line, "password-assignment");
}

/// `allow.commits`: findings of accepted commits are dropped in history scans.
#[test]
fn allow_commits_in_history_scans() {
    let r = Repo::new();
    let (l1, _) = pw_line("DB_PASSWORD", "c1");
    r.stage("one.py", &l1);
    let c1 = r.commit("first secret");
    let (l2, _) = pw_line("CACHE_PASSWORD", "c2");
    r.stage("two.py", &l2);
    let c2 = r.commit("second secret");

    let (code, out, _) = r.keepmum(&["scan", "--all", "--no-progress"]);
    assert_eq!(code, 1);
    assert!(out.contains("one.py") && out.contains("two.py"), "{out}");

    r.write(
        ".keepmum.yaml",
        format!("allow:\n  commits: [\"{}\"]\n", &c1[..10]),
    );
    for args in [
        &["scan", "--all", "--no-progress"][..],
        &["scan", "--range", "HEAD"][..],
    ] {
        let (code, out, err) = r.keepmum(args);
        assert_eq!(code, 1, "{args:?}: {out}{err}");
        assert!(!out.contains("one.py"), "{args:?}: c1 is accepted: {out}");
        assert!(out.contains("two.py"), "{args:?}: c2 is not: {out}");
    }
    r.write(
        ".keepmum.yaml",
        format!("allow:\n  commits: [\"{c1}\", \"{}\"]\n", &c2[..7]),
    );
    let (code, out, _) = r.keepmum(&["scan", "--all", "--no-progress"]);
    assert_eq!(code, 0, "{out}");
}

/// `max-file-size`: a larger text file is not scanned. By default that fails the commit (exit
/// 2, fail closed) with a message naming the file, the limit and the ways out; with
/// `on-large-file: skip` it is skipped with the same message and the rest is judged. Binary
/// files never count as too large (their printable runs are scanned whatever their size).
#[test]
fn max_file_size_fails_closed_or_skips() {
    let (line, _) = pw_line("DB_PASSWORD", "size");
    let big = format!("{}{line}", "# padding\n".repeat(200));
    let note = format!(
        "big_settings.py  not scanned  {} bytes is over max-file-size (1024 bytes)",
        big.len()
    );

    let r = with_config("max-file-size: 1KB\n");
    let (ok, out) = attempt(&r, &[("big_settings.py", &big)]);
    assert!(!ok, "{out}");
    assert!(out.contains(&note), "{out}");
    assert!(out.contains("1 file(s) not scanned"), "{out}");
    assert!(out.contains("on-large-file: skip"), "{out}");
    r.stage("big_settings.py", &big);
    let (code, _, _) = r.keepmum(&["scan", "--staged"]);
    assert_eq!(code, 2);
    r.git(&["reset", "-q"]);
    // A binary file over the limit is not a file left unscanned.
    let mut blob = vec![0u8; 4096];
    blob.extend_from_slice(line.as_bytes());
    std::fs::write(r.path().join("model.bin"), &blob).unwrap();
    r.git(&["add", "model.bin"]);
    let (code, out, _) = r.keepmum(&["scan", "--staged"]);
    assert_eq!(code, 0, "{out}");
    r.git(&["reset", "-q"]);

    let r = with_config("max-file-size: 1KB\non-large-file: skip\n");
    let (ok, out) = attempt(&r, &[("big_settings.py", &big)]);
    assert!(ok, "{out}");
    assert!(out.contains(&note), "{out}");
    blocked(&r, "small_settings.py", &line, "password-assignment");

    let r = with_config(&format!("max-file-size: {}\n", big.len()));
    blocked(&r, "big_settings.py", &big, "password-assignment");
}

/// `debug-settings`: which files count as production settings for the DEBUG rules.
#[test]
fn debug_settings_decide_which_files_count() {
    let r = with_config(
        "debug-settings:\n  paths: [\"deploy/**\"]\n  exclude: [\"deploy/staging/**\"]\n",
    );
    allowed(&r, "app/settings.py", "DEBUG = True\n");
    blocked(
        &r,
        "deploy/prod/settings.py",
        "DEBUG = True\n",
        "django-debug",
    );
    blocked(&r, "deploy/prod/.env", "DEBUG=1\n", "env-debug");
    allowed(&r, "deploy/staging/settings.py", "DEBUG = True\n");
    // The default excludes stay (extend-default): development settings do not count.
    allowed(&r, "deploy/settings/dev.py", "DEBUG = True\n");

    let plain = hooked();
    blocked(&plain, "app/settings.py", "DEBUG = True\n", "django-debug");
    allowed(&plain, "app/settings/dev.py", "DEBUG = True\n");
}

/// Discovery: `--config PATH`, else `.keepmum.yaml` / `.keepmum.yml` at the repository
/// root (also from a subdirectory), else the built-in default.
#[test]
fn config_discovery() {
    let r = Repo::new();
    r.stage("sub/dir/settings.py", "DEBUG = True\n");
    let (code, _, _) = r.keepmum(&[]);
    assert_eq!(code, 1, "built-in default");

    r.write(".keepmum.yml", "disable: [django-debug]\n");
    let (code, out, _) = r.keepmum(&[]);
    assert_eq!(code, 0, ".yml is discovered: {out}");

    let mut c = r.keepmum_cmd(&[]);
    let out = c
        .current_dir(r.path().join("sub/dir"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "discovered from a subdirectory");

    // .yaml wins over .yml.
    r.write(".keepmum.yaml", "disable: []\n");
    let (code, _, _) = r.keepmum(&[]);
    assert_eq!(code, 1, ".yaml is preferred");

    // --config wins over discovery; a missing explicit file is an error.
    r.write("ci/lenient.yaml", "disable: [django-debug]\n");
    let (code, _, _) = r.keepmum(&["--config", "ci/lenient.yaml"]);
    assert_eq!(code, 0);
    let (code, _, err) = r.keepmum(&["--config", "ci/missing.yaml"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("ci/missing.yaml"), "{err}");
}

/// A file with nothing but comments and document markers is an empty config: the defaults.
#[test]
fn empty_config_means_defaults() {
    for yaml in ["", "# nothing yet\n", "---\n# later\n...\n"] {
        let r = with_config(yaml);
        let (code, out, err) = r.keepmum(&["config", "check", ".keepmum.yaml"]);
        assert_eq!(code, 0, "{yaml:?}: {out}{err}");
        blocked(&r, "settings.py", "DEBUG = True\n", "django-debug");
    }
}

/// The pre-receive section parses (its behaviour is tested with the server hook).
#[test]
fn pre_receive_section_is_accepted() {
    let r = Repo::new();
    r.write(
        "policy.yaml",
        "pre-receive:\n  time-budget: 30\n  on-timeout: accept\n  allow-push-option: true\n",
    );
    let (code, out, err) = r.keepmum(&["config", "check", "policy.yaml"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("policy.yaml: ok ("), "{out}");
    assert!(out.ends_with(" 0 custom; 0 examples verified)\n"), "{out}");
}

// ---------------------------------------------------------------------------------------------
// Inline allow markers
// ---------------------------------------------------------------------------------------------

#[test]
fn inline_allow_markers() {
    let r = hooked();
    let v = |s: &str| fixture("In3<<alnum:13>>", s);
    allowed(
        &r,
        "a.py",
        &format!("DB_PASSWORD = \"{}\"  # keepmum:allow\n", v("a")),
    );
    allowed(
        &r,
        "b.py",
        &format!(
            "DB_PASSWORD = \"{}\"  # keepmum:allow password-assignment\n",
            v("b")
        ),
    );
    blocked(
        &r,
        "c.py",
        &format!("DB_PASSWORD = \"{}\"  # keepmum:allow github-pat\n", v("c")),
        "password-assignment",
    );
    allowed(
        &r,
        "d.py",
        &format!("# keepmum:allow-next-line\nDB_PASSWORD = \"{}\"\n", v("d")),
    );
    blocked(
        &r,
        "e.py",
        &format!(
            "# keepmum:allow-next-line\nX = 1\nDB_PASSWORD = \"{}\"\n",
            v("e")
        ),
        "password-assignment",
    );
    allowed(
        &r,
        "f.py",
        &format!("DB_PASSWORD = \"{}\"  # pragma: allowlist secret\n", v("f")),
    );
    allowed(
        &r,
        "g.py",
        &format!(
            "# pragma: allowlist nextline secret\nDB_PASSWORD = \"{}\"\n",
            v("g")
        ),
    );
    allowed(
        &r,
        "h.js",
        &format!("const dbPassword = \"{}\"; // gitleaks:allow\n", v("h")),
    );
    allowed(
        &r,
        ".env",
        &format!("DB_PASSWORD={} # keepmum:allow\n", v("i")),
    );
}

/// `keepmum:allow <rule-id>` allows that rule only: another rule on the same line fires.
#[test]
fn inline_allow_for_one_rule_keeps_the_others() {
    let r = hooked();
    let pw = fixture("Uq2<<alnum:13>>", "one-rule");
    let url_pw = fixture("Ur5<<alnum:13>>", "one-rule-url");
    let line = format!(
        "db = connect(url=\"postgres://app:{url_pw}@db/app\", password=\"{pw}\")  # keepmum:allow password-assignment\n"
    );
    let out = blocked(&r, "db.py", &line, "url-credentials");
    assert!(!out.contains("password-assignment  "), "{out}");
    let both = line.replace("password-assignment", "password-assignment,url-credentials");
    allowed(&r, "db.py", &both);
}

// ---------------------------------------------------------------------------------------------
// .keepmumignore
// ---------------------------------------------------------------------------------------------

/// `keepmum baseline` writes fingerprints; a moved secret stays ignored; a different secret
/// on the same line is reported; an entry's path restricts it; stale entries are listed.
#[test]
fn ignore_file_by_fingerprint() {
    let r = hooked();
    let (line, secret) = pw_line("DB_PASSWORD", "baseline");
    r.stage("app/settings.py", format!("import os\n{line}"));
    r.commit("legacy secret");
    let (code, _, err) = r.keepmum(&["baseline"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("wrote 1 fingerprint(s)"), "{err}");
    let text = std::fs::read_to_string(r.path().join(".keepmumignore")).expect("ignore file");
    assert!(
        !text.contains(&secret),
        "the ignore file never holds the secret"
    );
    let entry = text
        .lines()
        .find(|l| l.starts_with("password-assignment:"))
        .unwrap_or_else(|| panic!("{text}"))
        .to_string();
    assert!(entry.contains(" app/settings.py"), "path recorded: {entry}");
    let fp = entry
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();

    let (code, out, _) = r.keepmum(&["scan", "--tracked"]);
    assert_eq!(code, 0, "baselined: {out}");

    // Moved to another line, and the line itself changed (so it is an added line): ignored.
    allowed(
        &r,
        "app/settings.py",
        &format!("import os\nimport sys\n\nDB_PASSWORD = \"{secret}\"  # primary\n"),
    );
    // A different secret on the same line: reported.
    let (other, _) = pw_line("DB_PASSWORD", "baseline-2");
    blocked(
        &r,
        "app/settings.py",
        &format!(
            "import os\nimport sys\n\n{}",
            other.replace('\n', "  # primary\n")
        ),
        "password-assignment",
    );
    // The entry names app/settings.py: the same secret in another file is reported...
    blocked(&r, "app/other.py", &line, "password-assignment");
    // ...and an entry without a path accepts it anywhere.
    r.write(".keepmumignore", format!("{fp}\n"));
    allowed(&r, "app/other.py", &line);

    // Stale entries: listed by --report-unused-ignores (exit 1), with their line.
    r.write(
        ".keepmumignore",
        format!("# accepted\n{fp}\npassword-assignment:0123456789abcdef0123 gone.py\n"),
    );
    let (code, out, err) = r.keepmum(&["scan", "--tracked", "--report-unused-ignores"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("no secrets found"), "{out}");
    assert!(
        err.contains(
            ".keepmumignore:3: unused ignore entry password-assignment:0123456789abcdef0123"
        ),
        "{err}"
    );
    assert!(
        !err.contains(":2: unused"),
        "the used entry is not listed: {err}"
    );
    // Without stale entries: exit 0. Without a mode the report looks at the tracked files
    // (against the staged diff alone every entry would look unused).
    r.write(".keepmumignore", format!("{fp}\n"));
    let (code, _, err) = r.keepmum(&["scan", "--tracked", "--report-unused-ignores"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = r.keepmum(&["scan", "--report-unused-ignores"]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, _, err) = r.keepmum(&["scan", "--staged", "--report-unused-ignores"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--report-unused-ignores needs a whole-tree scan"),
        "{err}"
    );
}

/// A malformed ignore file is an error (exit 2) naming its line, never silently empty.
#[test]
fn bad_ignore_file_is_an_error() {
    let r = Repo::new();
    r.write(
        ".keepmumignore",
        "# ok\npassword-assignment:abc a.py\nnot-a-fingerprint\n",
    );
    r.stage("a.py", "X = 1\n");
    let (code, out, err) = r.keepmum(&[]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains(".keepmumignore:3:1: expected `<rule-id>:<hash> [path]`"),
        "{err}"
    );
}

/// Files read whole have a cap: a config over 4 MiB or a `.keepmumignore` over 16 MiB is an
/// error (exit 2) naming the file, the cap and what to do; one byte under is read as before.
/// An endless file (`/dev/zero` as the config) stops at the cap instead of filling memory.
#[test]
fn oversized_config_and_ignore_files_are_errors() {
    const CONFIG_CAP: u64 = 4 << 20;
    const IGNORE_CAP: u64 = 16 << 20;
    // Text that parses: comments, padded to an exact size.
    let padded = |head: &str, size: u64| {
        let mut s = head.to_string();
        while (s.len() as u64) < size {
            let room = (size - s.len() as u64) as usize;
            let line = format!("#{}\n", "x".repeat(room.clamp(2, 1000) - 2));
            s.push_str(&line[..room.min(line.len())]);
        }
        s
    };
    let r = Repo::new();
    r.stage("app.py", "X = 1\n");
    r.write(".keepmum.yaml", padded("fail-on: error\n", CONFIG_CAP));
    let (code, out, err) = r.keepmum(&["scan", "--staged"]);
    assert_eq!(code, 0, "a config at the cap is read:\n{out}{err}");
    r.write(".keepmum.yaml", padded("fail-on: error\n", CONFIG_CAP + 1));
    for args in [
        &["scan", "--staged"][..],
        &["config", "check", ".keepmum.yaml"],
    ] {
        let (code, out, err) = r.keepmum(args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(out.is_empty(), "no report: {out}");
        assert!(
            err.contains(".keepmum.yaml: larger than the 4 MiB keepmum reads of a config file")
                && err.contains("check that it is the right file"),
            "{args:?}: {err}"
        );
    }
    #[cfg(unix)]
    {
        let (code, out, err) = r.keepmum(&["scan", "--staged", "--config", "/dev/zero"]);
        assert_eq!(code, 2, "{out}{err}");
        assert!(err.contains("/dev/zero: larger than the 4 MiB"), "{err}");
    }
    std::fs::remove_file(r.path().join(".keepmum.yaml")).expect("remove");

    r.write(".keepmumignore", padded("", IGNORE_CAP));
    let (code, out, err) = r.keepmum(&["scan", "--staged"]);
    assert_eq!(code, 0, "an ignore file at the cap is read:\n{out}{err}");
    r.write(".keepmumignore", padded("", IGNORE_CAP + 1));
    let (code, out, err) = r.keepmum(&["scan", "--staged"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.is_empty(), "no report: {out}");
    assert!(
        err.contains(".keepmumignore: larger than the 16 MiB keepmum reads of an ignore file")
            && err.contains("--report-unused-ignores"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------------
// config print-default / config check / sample configs
// ---------------------------------------------------------------------------------------------

/// The printed default is itself a valid config, and what the defaults are read from.
#[test]
fn print_default_passes_config_check() {
    let r = Repo::new();
    let (code, text, _) = r.keepmum(&["config", "print-default"]);
    assert_eq!(code, 0);
    assert!(text.contains("extend-default: true"));
    r.write("default.yaml", &text);
    let (code, out, err) = r.keepmum(&["config", "check", "default.yaml"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("default.yaml: ok ("), "{out}");
    // No file: the built-in config, every built-in example verified.
    let (code, out, err) = r.keepmum(&["config", "check"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("built-in config: ok ("), "{out}");
}

/// `config check` runs a custom rule's examples: one that is not detected (or a negative that
/// is) fails with exit 2 naming the rule and the example.
#[test]
fn config_check_runs_custom_examples() {
    let yaml = r#"rules:
  - id: acme-api-key
    description: ACME API key
    regex: '\b(?P<secret>acme_[a-z0-9]{32})\b'
    keywords: [acme_]
    examples: ['key = "acme_<<upper:32>>"']
"#;
    let r = Repo::new();
    r.write(".keepmum.yaml", yaml);
    let (code, out, err) = r.keepmum(&["config", "check"]);
    assert_eq!(code, 2, "{out}");
    assert_eq!(
        err,
        "keepmum: error: rule acme-api-key: example not detected #1 (scanned as config.txt): key = \"acme_<<upper:32>>\"\n"
    );

    r.write(
        ".keepmum.yaml",
        yaml.replace("<<upper:32>>", "<<lalnum:32>>")
            + "    negative-examples: ['k = \"acme_<<lalnum:32>>\"', 'k = \"acme_<<hex:32>>\"']\n",
    );
    let (code, _, err) = r.keepmum(&["config", "check"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("keepmum: error: rule acme-api-key: 2 examples failed:\n"),
        "{err}"
    );
    assert!(
        err.contains("rule acme-api-key: negative example detected #1"),
        "{err}"
    );
    assert!(
        err.contains("rule acme-api-key: negative example detected #2"),
        "{err}"
    );

    // A bad template in an example is reported too.
    r.write(".keepmum.yaml", yaml.replace("<<upper:32>>", "<<nope:32>>"));
    let (code, _, err) = r.keepmum(&["config", "check"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "keepmum: error: rule acme-api-key: example #1: template `<<nope:32>>`: unknown class `nope`\n"
    );

    // Fixed: ok, with the count of verified examples.
    r.write(
        ".keepmum.yaml",
        yaml.replace("<<upper:32>>", "<<lalnum:32>>"),
    );
    let (code, out, err) = r.keepmum(&["config", "check"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.ends_with(" 1 custom; 1 examples verified)\n"), "{out}");
}

/// Every sample config in `examples/` passes `config check`, and does what its comments say
/// on a representative file.
#[test]
fn sample_configs_pass_config_check() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut samples: Vec<_> = std::fs::read_dir(&dir)
        .expect("examples/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".keepmum.yaml"))
        .collect();
    samples.sort();
    assert!(samples.len() >= 2, "sample configs: {samples:?}");
    let r = Repo::new();
    for s in &samples {
        let p = s.to_string_lossy().into_owned();
        let (code, out, err) = r.keepmum(&["config", "check", &p]);
        assert_eq!(code, 0, "{p}: {out}{err}");
        assert!(out.contains(": ok ("), "{out}");
    }
}

/// The Django sample: dev settings may enable DEBUG, production may not; fixtures are skipped.
#[test]
fn django_sample_config_behaviour() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/django.keepmum.yaml");
    let r = with_config(&std::fs::read_to_string(sample).expect("sample"));
    allowed(&r, "mysite/settings/dev.py", "DEBUG = True\n");
    blocked(
        &r,
        "mysite/settings/production.py",
        "DEBUG = True\n",
        "django-debug",
    );
    let (line, _) = pw_line("PASSWORD", "dj");
    allowed(&r, "myapp/fixtures/users.json.py", &line);
    blocked(
        &r,
        "mysite/settings/production.py",
        &line,
        "password-assignment",
    );
}

/// The monorepo sample: the custom rule only runs in its service.
#[test]
fn monorepo_sample_config_behaviour() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/monorepo.keepmum.yaml");
    let r = with_config(&std::fs::read_to_string(sample).expect("sample"));
    let token = fixture("acme_live_<<lalnum:32>>", "mono");
    blocked(
        &r,
        "services/billing/config.py",
        &format!("ACME = \"{token}\"\n"),
        "acme-live-key",
    );
    allowed(
        &r,
        "vendor/acme-sdk/tests/data.py",
        &format!("ACME = \"{token}\"\n"),
    );
}

// ---------------------------------------------------------------------------------------------
// Bad configs: exit 2, `file:line:column: message`, never silently accepted
// ---------------------------------------------------------------------------------------------

#[test]
fn error_unknown_top_level_key() {
    let yaml = "extend-default: true\ndisabel: [django-debug]\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "disabel"),
            &format!("unknown field `disabel`, expected one of extend-default, disable, rules, overrides, allow, max-file-size, on-large-file, fail-on, debug-settings, pre-receive, packages {SCHEMA_HINT}")
        )
    );
}

#[test]
fn error_unknown_nested_keys() {
    let yaml = "allow:\n  paths: [\"a/**\"]\n  regexs: []\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "regexs"),
            &format!("unknown field `regexs`, expected one of paths, regexes, stopwords, commits {SCHEMA_HINT}")
        )
    );
    let yaml = "overrides:\n  secret-assignment:\n    entropi: 4.0\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "entropi"),
            &format!("unknown field `entropi`, expected one of entropy, allow, exclude-paths, severity, level {SCHEMA_HINT}")
        )
    );
    let yaml = "debug-settings:\n  path: [\"x/**\"]\n";
    assert!(config_error(yaml).starts_with(&expected(
        &pos(yaml, "path:"),
        "unknown field `path`, expected one of paths, exclude"
    )));
    let yaml = "rules:\n  - id: acme\n    description: d\n    regex: '(?P<secret>acme_[a-z]{8})'\n    keyword: [acme_]\n";
    assert!(config_error(yaml).starts_with(&expected(
        &pos(yaml, "keyword"),
        "unknown field `keyword`, expected one of id, description,"
    )));
    let yaml = "allow:\n  regexes:\n    - {regex: 'x', targt: line}\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "targt"),
            "`allow.regexes`: unknown key `targt`: an entry is a regex string or `{regex: '...', target: secret|match|line}`"
        )
    );
}

#[test]
fn error_wrong_types() {
    let yaml = "extend-default: maybe\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "maybe"),
            "`extend-default`: expected `true` or `false`"
        )
    );
    let yaml = "allow:\n  stopwords: 5\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "5"),
            "`stopwords`: expected a list (`[a, b]`, or one `- item` per line)"
        )
    );
    let yaml = "max-file-size: [1]\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "[1]"),
            "`max-file-size`: expected a size: a number of bytes or a string such as `64MB`"
        )
    );
    let yaml = "max-file-size: 12XB\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "12XB"),
            "unknown size unit `XB`: use B, KB, MB or GB"
        )
    );
    let yaml = "pre-receive:\n  time-budget: soon\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "soon"),
            "`time-budget`: `soon` is not a duration: write seconds (`4`) or digits with ms, s or m (`4s`, `500ms`, `2m`)"
        )
    );
    let yaml = "pre-receive:\n  on-timeout: maybe\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "maybe"),
            "`on-timeout`: unknown variant `maybe`, expected one of reject, accept"
        )
    );
    let yaml = "rules:\n  - id: acme\n    description: d\n    severity: critical\n    regex: '(?P<secret>acme_[a-z]{8})'\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "critical"),
            "`severity`: unknown variant `critical`, expected one of high, medium, low"
        )
    );
    let yaml = "overrides:\n  secret-assignment:\n    entropy: high\n";
    assert_eq!(
        config_error(yaml),
        expected(&pos(yaml, "high"), "`entropy`: expected a number")
    );
    let yaml = "rules:\n  - id: acme\n    regex: '(?P<secret>acme_[a-z]{8})'\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "id:"),
            "missing field `description`: add `description: ...` to this entry"
        )
    );
    // An empty value where a list or mapping belongs names its key.
    let yaml = "extend-default: true\nrules:\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, ":\n"),
            "`rules`: expected a list (`[a, b]`, or one `- item` per line)"
        )
    );
    let yaml = "overrides:\n  secret-assignment:\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos_nth(yaml, ":\n", 1),
            "`secret-assignment`: expected a mapping (`key: value` lines)"
        )
    );
    let yaml = "- disable\n";
    assert_eq!(
        config_error(yaml),
        expected("1:1", "expected a mapping (`key: value` lines)")
    );
}

#[test]
fn error_invalid_yaml() {
    let yaml = "allow:\n  paths: [\"a/**\"\nrules: []\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos_nth(yaml, ":", 2),
            "invalid YAML: illegal placement of ':' indicator (is a closing `]`, `}` or quote missing above?)"
        )
    );
    let yaml = "allow:\n\tpaths: []\n";
    assert_eq!(
        config_error(yaml),
        expected(
            "2:2",
            "invalid YAML: tabs disallowed within this context (block indentation)"
        )
    );
    let yaml = "allow:\n  paths: []\n  paths: [\"b\"]\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos_nth(yaml, "paths", 1),
            "duplicate key `paths`: give each key once (merge the two entries)"
        )
    );
}

#[test]
fn error_invalid_regexes() {
    let yaml = "rules:\n  - id: acme\n    description: d\n    regex: '(?P<secret>acme_[a-z'\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "regex:"),
            "rule `acme`: invalid regex: unclosed character class (at character 17 of the pattern)"
        )
    );
    let yaml = "allow:\n  regexes:\n    - '^ok'\n    - '(b'\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "'(b'"),
            "`allow.regexes`: invalid regex `(b`: unclosed group (at character 1 of the pattern)"
        )
    );
    let yaml = "overrides:\n  secret-assignment:\n    allow: ['^pk_', '(x']\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "'(x'"),
            "`overrides.secret-assignment.allow`: invalid regex `(x`: unclosed group (at character 1 of the pattern)"
        )
    );
    let yaml = "rules:\n  - id: pin\n    description: d\n    assignment:\n      key: '(pin'\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "key:"),
            "rule `pin`: invalid `assignment.key` regex: unclosed group (at character 1 of the pattern)"
        )
    );
    let yaml = "allow:\n  regexes:\n    - {regex: '', target: line}\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "{regex"),
            "`allow.regexes`: an empty regex matches every finding: write the pattern to allow"
        )
    );
    let yaml = "allow:\n  regexes:\n    - {regex: 'x', target: file}\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "target"),
            "`allow.regexes`: unknown target `file`: use secret, match or line"
        )
    );
}

#[test]
fn error_regex_without_a_secret_group() {
    let yaml = "rules:\n  - id: acme\n    description: d\n    regex: 'acme_[a-z]{8}'\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "regex:"),
            "rule `acme`: the regex needs a capture group for the secret: name it `(?P<secret>...)` or set `secret-group`"
        )
    );
    let yaml = "rules:\n  - id: acme\n    description: d\n    regex: '(?P<secret>acme_[a-z]{8})'\n    secret-group: token\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "secret-group"),
            "rule `acme`: the regex has no capture group named `token`: add `(?P<token>...)`"
        )
    );
    let yaml = "rules:\n  - id: acme\n    description: d\n    regex: '(acme_[a-z]{8})'\n    secret-group: 3\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "secret-group"),
            "rule `acme`: secret-group 3 does not exist: the regex has 1 group(s)"
        )
    );
}

#[test]
fn error_bad_globs() {
    let yaml = "allow:\n  paths:\n    - \"a/**\"\n    - \"b/[x\"\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "\"b/[x"),
            "`allow.paths`: invalid glob `b/[x`: error parsing glob 'b/[x': unclosed character class; missing ']'"
        )
    );
    let yaml = "rules:\n  - id: acme\n    description: d\n    regex: '(?P<secret>acme_[a-z]{8})'\n    paths: [\"x/**\"]\n    exclude-paths: [\"x/[a\"]\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "x/[a"),
            "rule `acme`: invalid glob `x/[a`: error parsing glob 'x/[a': unclosed character class; missing ']'"
        )
    );
    let yaml = "debug-settings:\n  exclude:\n    - \"**/dev.py\"\n    - \"a/{x\"\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "\"a/{x"),
            "`debug-settings.exclude`: invalid glob `a/{x`: error parsing glob 'a/{x': unclosed alternate group; missing '}' (maybe escape '{' with '[{]'?)"
        )
    );
    let yaml = "overrides:\n  secret-assignment:\n    exclude-paths: [\"docs/[\"]\n";
    assert!(config_error(yaml).starts_with(&expected(
        &pos(yaml, "\"docs/["),
        "`overrides.secret-assignment.exclude-paths`: invalid glob `docs/[`"
    )));
}

#[test]
fn error_duplicate_rule_ids() {
    let rule = "  - id: acme\n    description: d\n    regex: '(?P<secret>acme_[a-z]{8})'\n";
    let yaml = format!("rules:\n{rule}{rule}");
    assert_eq!(
        config_error(&yaml),
        expected(
            &pos_nth(&yaml, "id:", 1),
            "duplicate rule id `acme` (ids must be unique)"
        )
    );
    let yaml =
        "rules:\n  - description: d\n    id: password-assignment\n    regex: '(?P<secret>x{8})'\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "id:"),
            "duplicate rule id `password-assignment` (it is a built-in rule: tune it under `overrides`, or `disable` it first)"
        )
    );
    // Disabled first, the id is free.
    let r = Repo::new();
    r.write(
        ".keepmum.yaml",
        "disable: [password-assignment]\nrules:\n  - id: password-assignment\n    description: d\n    regex: '(?P<secret>x{8})'\n",
    );
    let (code, out, err) = r.keepmum(&["config", "check"]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn error_unknown_ids_in_disable_and_overrides() {
    let yaml = "disable:\n  - django-debug\n  - nope-rule\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "nope-rule"),
            "`disable`: no built-in rule `nope-rule` (see `keepmum rules` for the ids)"
        )
    );
    // Also with extend-default: false (a typo must not pass silently there either).
    let yaml = "extend-default: false\ndisable: [nope-rule]\nrules:\n  - id: a\n    description: d\n    regex: '(?P<secret>x{8})'\n";
    assert!(config_error(yaml)
        .ends_with("`disable`: no built-in rule `nope-rule` (see `keepmum rules` for the ids)"));
    let yaml =
        "overrides:\n  secret-assignment:\n    entropy: 4.0\n  nope-rule:\n    entropy: 3.0\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "nope-rule"),
            "`overrides`: no enabled built-in rule `nope-rule` (see `keepmum rules` for the ids; custom rules take these settings directly)"
        )
    );
    let yaml = "disable: [django-debug]\noverrides:\n  django-debug:\n    severity: low\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos_nth(yaml, "django-debug", 1),
            "`overrides`: no enabled built-in rule `django-debug` (it is listed in `disable`)"
        )
    );
}

#[test]
fn error_regex_over_the_size_limit() {
    let yaml = "rules:\n  - id: huge\n    description: d\n    regex: '(?P<secret>a{1000}{1000})'\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "regex:"),
            &format!(
                "rule `huge`: invalid regex: too large once compiled (over the {} KiB limit): counted repeats such as `{{1000}}` multiply its size; simplify the pattern",
                keepmum::rules::REGEX_SIZE_LIMIT / 1024
            )
        )
    );
    let yaml = "allow:\n  regexes: ['a{1000}{1000}']\n";
    assert!(config_error(yaml).starts_with(&expected(
        &pos(yaml, "'a{"),
        "`allow.regexes`: invalid regex `a{1000}{1000}`: too large once compiled"
    )));
}

/// Values that would silently allow far more than intended are refused.
#[test]
fn error_values_that_would_allow_everything() {
    let yaml = "allow:\n  stopwords: [sandbox, \"\"]\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "\"\""),
            "`allow.stopwords`: `` is too short: a stopword allows every secret that contains it, so give at least 3 characters"
        )
    );
    let yaml = "allow:\n  commits:\n    - abc\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "abc"),
            "`allow.commits`: `abc` is not a commit id: give the full id or a prefix of at least 7 hex characters"
        )
    );
    let yaml = "overrides:\n  secret-assignment:\n    entropy: 9.5\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "9.5"),
            "`overrides.secret-assignment.entropy`: 9.5 is out of range: entropy is in bits per character, from 0 to 8"
        )
    );
    let yaml = "rules:\n  - id: acme\n    description: d\n    regex: '(?P<secret>acme_[a-z]{8})'\n    entropy: -1\n";
    assert_eq!(
        config_error(yaml),
        expected(
            &pos(yaml, "entropy"),
            "`rules.acme.entropy`: -1 is out of range: entropy is in bits per character, from 0 to 8"
        )
    );
}

/// A bad config blocks the commit through the hook (fail closed), it does not let it pass.
#[test]
fn bad_config_blocks_the_commit() {
    let r = with_config("disable: [nope-rule]\n");
    let (ok, out) = attempt(&r, &[("clean.py", "X = 1\n")]);
    assert!(!ok, "{out}");
    assert!(
        out.contains(".keepmum.yaml:1:11: `disable`: no built-in rule `nope-rule`"),
        "{out}"
    );
}

/// `config check -c FILE` checks that file (it used to check the default and exit 0).
#[test]
fn config_check_dash_c_checks_the_named_file() {
    let r = Repo::new();
    r.write("bad.yaml", "disabel: []\n");
    let (code, out, err) = r.keepmum(&["config", "check", "-c", "bad.yaml"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("bad.yaml:1:1"), "{err}");
    r.write("good.yaml", "disable: []\n");
    let (code, out, err) = r.keepmum(&["config", "check", "--config", "good.yaml"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("good.yaml: ok"), "{out}");
}

/// Redaction holds for every kind: a custom rule of `kind: debug` that matches token-like text
/// does not print it without `--show-secrets`; a plain setting still reads as itself.
#[test]
fn debug_kind_findings_are_redacted_when_they_hold_tokens() {
    let r = Repo::new();
    r.write(
        ".keepmum.yaml",
        "rules:\n  - id: debug-token\n    description: Debug token\n    kind: debug\n    regex: '(?P<secret>dbg_[a-z0-9]{24})'\n    keywords: [dbg_]\n",
    );
    let token = fixture("dbg_<<lalnum:24>>", "cfg-debug-redact");
    r.stage("app.py", format!("X = \"{token}\"\n"));
    r.stage("settings.py", format!("DEBUG = {}\n", "True"));
    let (code, out, _) = r.keepmum(&["scan", "--staged"]);
    assert_eq!(code, 1, "{out}");
    assert!(!out.contains(&token), "redacted: {out}");
    assert!(out.contains("dbg_…(28 chars)"), "{out}");
    assert!(
        out.contains("DEBUG = True"),
        "a setting reads as itself: {out}"
    );
    let (_, out, _) = r.keepmum(&["scan", "--staged", "--format", "json"]);
    assert!(!out.contains(&token), "redacted in JSON too: {out}");
    let (_, out, _) = r.keepmum(&["scan", "--staged", "--show-secrets"]);
    assert!(out.contains(&token), "{out}");
}

/// A rule's `level` can be lowered to `warning`: reported, not blocking; `fail-on: warning`
/// makes warnings block again.
#[test]
fn warnings_pass_unless_fail_on_warning() {
    let r = Repo::new();
    r.write(
        ".keepmum.yaml",
        "overrides:\n  github-pat:\n    level: warning\n",
    );
    r.stage(
        "a.py",
        format!(
            "T = \"{}\"\n",
            fixture("ghp_<<crc32-base62:30>>", "cfg-level")
        ),
    );
    let (code, out, err) = r.keepmum(&["scan", "--staged"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("github-pat (warning)"), "{out}");
    assert!(
        out.contains("1 finding(s) (0 error(s), 1 warning(s))"),
        "{out}"
    );
    assert!(err.contains("warnings do not block"), "{err}");
    let (_, out, _) = r.keepmum(&["scan", "--staged", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["findings"][0]["level"], "warning");
    assert_eq!(v["summary"]["warnings"], 1);
    r.write(
        ".keepmum.yaml",
        "fail-on: warning\noverrides:\n  github-pat:\n    level: warning\n",
    );
    let (code, out, _) = r.keepmum(&["scan", "--staged"]);
    assert_eq!(code, 1, "{out}");
}

/// `requires`: where its pattern matches nowhere, the rule's regex is not run (nothing is
/// reported, even where the regex alone would match); where it matches, the rule reports as
/// before. A `requires` without a `regex`, or an invalid one, is a config error.
#[test]
fn requires_gates_a_regex_rule() {
    let rule = |requires: &str| {
        format!(
            "extend-default: false\nrules:\n  - id: acme-key\n    description: ACME key\n    regex: 'acme(?-u:[^\\n]){{0,20}}?\\b(?P<secret>ak_[a-z0-9]{{20}})\\b'\n    keywords: [acme]\n    requires: '{requires}'\n    entropy: 3.0\n    examples: ['acme_key = \"ak_<<lalnum:20>>\"']\n    negative-examples: ['acme_key = \"ak_short\"']\n"
        )
    };
    let key = fixture("ak_<<lalnum:20>>", "requires");
    for (requires, found) in [
        ("\\bak_[a-z0-9]{20}\\b", true),
        ("\\bzz_[a-z0-9]{20}\\b", false),
    ] {
        let r = Repo::new();
        r.write(".keepmum.yaml", rule(requires));
        r.stage("app.py", format!("acme_key = \"{key}\"\n"));
        let (code, out, err) = r.keepmum(&["scan", "--staged", "--format", "json"]);
        let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
        let hits = doc["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["rule_id"] == "acme-key")
            .count();
        assert_eq!(hits, usize::from(found), "{requires}: {out}{err}");
        assert_eq!(code, i32::from(found), "{requires}: {out}{err}");
    }
    let e = config_error(
        "rules:\n  - id: acme-key\n    description: ACME key\n    assignment: {key: '^acme$'}\n    requires: 'ak_'\n    examples: ['acme = \"x\"']\n    negative-examples: ['y = 1']\n",
    );
    assert!(e.contains("`requires` goes with a `regex`"), "{e}");
    let e = config_error(&rule("(unclosed"));
    assert!(e.contains("invalid `requires` regex"), "{e}");
}
