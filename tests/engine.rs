//! Scanner-level behaviour through real repositories: what counts as an added line, and
//! rename handling in history.

mod common;
use common::{fixture, Repo};

/// Moving an existing line (with its secret) inside a file is not a new leak; editing the
/// secret is.
#[test]
fn moved_line_is_not_new_but_changed_secret_is() {
    let r = Repo::new();
    let old = fixture("Xq4<<alnum:14>>", "moved-1");
    r.write(
        "app/settings.py",
        format!("import os\nDB_PASSWORD = \"{old}\"\nX = 1\n"),
    );
    r.git(&["add", "-A"]);
    r.commit("first");
    r.stage(
        "app/settings.py",
        format!("import os\nX = 1\nDB_PASSWORD = \"{old}\"\n"),
    );
    let (code, out, _) = r.keepmum(&["scan", "--staged"]);
    assert_eq!(code, 0, "a moved line is not new: {out}");
    let new = fixture("Zr8<<alnum:14>>", "moved-2");
    r.stage(
        "app/settings.py",
        format!("import os\nX = 1\nDB_PASSWORD = \"{new}\"\n"),
    );
    let (code, out, _) = r.keepmum(&["scan", "--staged"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("app/settings.py:3:"), "{out}");
}

/// History: a pure rename re-reports nothing; a rename with an added secret reports only the
/// new line, attributed to the renaming commit.
#[test]
fn history_renames() {
    let r = Repo::new();
    let first = fixture("Pw3<<alnum:14>>", "ren-1");
    r.stage("a/settings.py", format!("DB_PASSWORD = \"{first}\"\n"));
    let c1 = r.commit("add");
    std::fs::create_dir_all(r.path().join("b")).expect("mkdir");
    std::fs::create_dir_all(r.path().join("c")).expect("mkdir");
    r.git(&["mv", "a/settings.py", "b/settings.py"]);
    r.commit("move");
    let second = fixture("Kv9<<alnum:14>>", "ren-2");
    r.git(&["mv", "b/settings.py", "c/prod_settings.py"]);
    r.write(
        "c/prod_settings.py",
        format!("DB_PASSWORD = \"{first}\"\nREDIS_PASSWORD = \"{second}\"\n"),
    );
    r.git(&["add", "-A"]);
    let c3 = r.commit("move and add");
    let (code, out, _) = r.keepmum(&["scan", "--all", "--no-progress", "--format", "json"]);
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let arr = v["findings"].as_array().expect("array");
    assert_eq!(arr.len(), 2, "{out}");
    assert_eq!(arr[0]["commit"], c1.as_str());
    assert_eq!(arr[0]["path"], "a/settings.py");
    assert_eq!(arr[1]["commit"], c3.as_str());
    assert_eq!(arr[1]["path"], "c/prod_settings.py");
    assert_eq!(arr[1]["line"], 2);
}

/// Concluding a merge: the merged branch's lines were scanned when they were committed, so
/// only what the merge itself adds is reported.
#[test]
fn merge_in_progress_reports_only_what_the_merge_adds() {
    let r = Repo::new();
    r.stage("app/settings.py", "X = 1\n");
    r.commit("base");
    r.git(&["checkout", "-q", "-b", "feature"]);
    let branch_secret = fixture("Fb2<<alnum:14>>", "merge-1");
    r.stage(
        "app/settings.py",
        format!("X = 1\nDB_PASSWORD = \"{branch_secret}\"\n"),
    );
    r.commit("feature adds a password (accepted there)");
    r.git(&["checkout", "-q", "main"]);
    r.stage("app/other.py", "Y = 2\n");
    r.commit("main moves on");
    r.git(&["merge", "--no-commit", "--no-ff", "-q", "feature"]);
    let (code, out, _) = r.keepmum(&["scan", "--staged"]);
    assert_eq!(
        code, 0,
        "the branch's own lines are not new in the merge: {out}"
    );

    let merge_secret = fixture("Mg7<<alnum:14>>", "merge-2");
    r.stage(
        "app/settings.py",
        format!("X = 1\nDB_PASSWORD = \"{branch_secret}\"\nREDIS_PASSWORD = \"{merge_secret}\"\n"),
    );
    let (code, out, _) = r.keepmum(&["scan", "--staged"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("app/settings.py:3:"), "{out}");
    assert!(!out.contains("app/settings.py:2:"), "{out}");
}
