//! Dogfood: keepmum scans its own tree and its own history clean. Every fixture secret in
//! this repository is assembled at run time, so anything found here is a real problem (or a
//! false positive to fix in the rules).

mod common;

use std::path::Path;
use std::process::Command;

fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let mut c = Command::new(common::bin());
    let home = tempfile::tempdir().expect("tempdir");
    common::clean_env(&mut c, home.path());
    let out = c.current_dir(dir).args(args).output().expect("run keepmum");
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn own_tree_is_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, out) = run(root, &["scan", "--no-git", "."]);
    assert_eq!(code, 0, "keepmum found something in its own tree:\n{out}");
    assert!(out.contains("no secrets found"), "{out}");
}

#[test]
fn own_history_is_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !root.join(".git").exists() {
        eprintln!("skipped: {} is not a git checkout", root.display());
        return;
    }
    let (code, out) = run(root, &["scan", "--all", "--no-progress"]);
    assert_eq!(
        code, 0,
        "keepmum found something in its own history:\n{out}"
    );
    assert!(out.contains("no secrets found"), "{out}");
}
