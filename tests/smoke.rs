//! A first end-to-end check: a real repository, a staged secret, the built binary.

mod common;
use common::{fixture, Repo};

#[test]
fn staged_secret_is_found_and_redacted() {
    let r = Repo::new();
    let pw = fixture("Q7<<alnum:14>>", "smoke");
    r.stage("app/settings.py", format!("DB_PASSWORD = \"{pw}\"\n"));
    let (code, out, err) = r.keepmum(&[]);
    assert_eq!(code, 1, "stdout: {out}\nstderr: {err}");
    assert!(
        out.contains("app/settings.py:1:16  password-assignment"),
        "{out}"
    );
    assert!(!out.contains(&pw), "secret must be redacted: {out}");
    assert!(out.contains("Q7"), "{out}");
}

#[test]
fn clean_commit_exits_zero() {
    let r = Repo::new();
    r.stage(
        "app/settings.py",
        "DB_PASSWORD = os.environ[\"DB_PASSWORD\"]\n",
    );
    let (code, out, _) = r.keepmum(&["scan", "--staged"]);
    assert_eq!(code, 0, "{out}");
}
