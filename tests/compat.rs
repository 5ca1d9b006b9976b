//! What is left of the former name, leakguard: hooks it installed are upgraded by `keepmum
//! install` (and removed by `uninstall`), and its config and ignore files are reported once
//! with the command that renames them, never silently ignored. Real repositories, real git.

mod common;

use std::process::Command;

use common::{clean_env, fixture, Repo};

/// The pre-commit hook exactly as `leakguard install` wrote it (its template, with the
/// installing binary's path filled in).
fn leakguard_pre_commit_hook(exe: &str) -> String {
    format!(
        r#"#!/bin/sh
# installed by leakguard: blocks a commit that adds a secret or DEBUG = True.
# `leakguard uninstall` removes this hook; `leakguard install --force` rewrites it.
# It runs `leakguard` from PATH, else the binary that installed it. When neither exists the
# commit is blocked (exit 2): a hook that cannot scan must not pass.
fallback='{exe}'
if command -v leakguard >/dev/null 2>&1; then
  exec leakguard scan --staged --no-progress
elif [ -x "$fallback" ]; then
  exec "$fallback" scan --staged --no-progress
fi
echo "leakguard: cannot scan this commit: \`leakguard\` is not on PATH and $fallback is gone." >&2
echo "leakguard: install leakguard (cargo install --path <leakguard checkout>), or remove this hook with \`leakguard uninstall\`." >&2
exit 2
"#
    )
}

fn token_line(seed: &str) -> String {
    format!(
        "GITHUB_TOKEN = \"{}\"\n",
        fixture("ghp_<<crc32-base62:30>>", seed)
    )
}

#[test]
fn a_hook_installed_by_leakguard_is_upgraded_not_refused() {
    let r = Repo::new();
    let hook = r.path().join(".git/hooks/pre-commit");
    r.write(
        ".git/hooks/pre-commit",
        leakguard_pre_commit_hook("/opt/gone/leakguard"),
    );
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    // The old hook, with its binary gone, blocks every commit (as it was written to).
    r.stage("a.py", "X = 1\n");
    let o = r.git_output(&["commit", "-q", "-m", "x"]);
    assert!(!o.status.success(), "the stale hook fails closed");

    let (code, out, err) = r.keepmum(&["install"]);
    assert_eq!(code, 0, "install upgrades its own old hook: {out}{err}");
    assert!(out.contains("updated the pre-commit hook"), "{out}");
    let script = std::fs::read_to_string(&hook).expect("hook");
    assert!(script.contains("# installed by keepmum"), "{script}");
    assert!(
        !script.to_ascii_lowercase().contains("leakguard"),
        "{script}"
    );
    assert!(
        !r.path()
            .join(".git/hooks/pre-commit.keepmum-backup")
            .exists(),
        "an upgrade keeps no backup: the old hook was ours"
    );

    // The upgraded hook scans: a secret is blocked, a clean change passes.
    r.stage("a.py", token_line("compat-upgrade"));
    let o = r.git_output(&["commit", "-q", "-m", "x"]);
    assert!(!o.status.success(), "the upgraded hook blocks a secret");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(said.contains("a.py:1:"), "{said}");
    r.stage("a.py", "X = 2\n");
    let o = r.git_output(&["commit", "-q", "-m", "x"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn uninstall_removes_a_hook_installed_by_leakguard() {
    let r = Repo::new();
    r.write(
        ".git/hooks/pre-commit",
        leakguard_pre_commit_hook("/opt/gone/leakguard"),
    );
    let (code, out, err) = r.keepmum(&["uninstall"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!r.path().join(".git/hooks/pre-commit").exists());
}

/// Runs `keepmum scan --staged` and returns (code, stdout, stderr).
fn scan(r: &Repo) -> (i32, String, String) {
    r.keepmum(&["scan", "--staged"])
}

#[test]
fn a_leakguard_config_is_reported_once_with_the_rename_command() {
    let r = Repo::new();
    // The old policy allows the files that hold the secrets: ignored, so the findings stay.
    r.stage(".leakguard.yaml", "allow:\n  paths: [\"**/*.py\"]\n");
    r.stage("a.py", token_line("compat-config"));
    r.stage("b.py", token_line("compat-config-2"));
    let (code, out, err) = scan(&r);
    assert_eq!(code, 1, "the built-in defaults apply: {out}{err}");
    assert_eq!(
        err.matches(".leakguard.yaml").count(),
        2,
        "one notice naming the file and the command: {err}"
    );
    assert_eq!(
        err.lines().filter(|l| l.contains("warning")).count(),
        1,
        "{err}"
    );
    assert!(
        err.contains("git mv .leakguard.yaml .keepmum.yaml"),
        "{err}"
    );

    r.git(&["mv", ".leakguard.yaml", ".keepmum.yaml"]);
    let (code, out, err) = scan(&r);
    assert_eq!(code, 0, "the renamed policy is read: {out}{err}");
    assert!(!err.contains("leakguard"), "{err}");
}

#[test]
fn a_new_config_silences_the_notice() {
    let r = Repo::new();
    r.stage(".leakguard.yml", "disable: []\n");
    r.stage(".keepmum.yml", "disable: []\n");
    r.stage("a.py", "X = 1\n");
    let (code, _, err) = scan(&r);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("leakguard"), "{err}");
}

#[test]
fn a_leakguardignore_is_reported_and_its_fingerprints_survive_the_rename() {
    let r = Repo::new();
    r.stage("a.py", token_line("compat-ignore"));
    let (code, out, _) = r.keepmum(&["scan", "--staged", "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let fp = v["findings"]
        .as_array()
        .and_then(|a| a.first())
        .and_then(|f| f["fingerprint"].as_str())
        .expect("a fingerprint")
        .to_string();
    // An ignore file written by leakguard (the same fingerprint format).
    r.write(".leakguardignore", format!("{fp} a.py\n"));
    let (code, _, err) = scan(&r);
    assert_eq!(code, 1, "not read under its old name: {err}");
    assert!(
        err.contains("git mv .leakguardignore .keepmumignore"),
        "{err}"
    );
    assert_eq!(err.matches("warning").count(), 1, "{err}");

    let mut mv = Command::new("mv");
    clean_env(&mut mv, r.home.path());
    let st = mv
        .current_dir(r.path())
        .args([".leakguardignore", ".keepmumignore"])
        .status()
        .expect("mv");
    assert!(st.success());
    let (code, out, err) = scan(&r);
    assert_eq!(
        code, 0,
        "its entries still match after the rename: {out}{err}"
    );
    assert!(!err.contains("leakguard"), "{err}");
}
