//! The Python practice checks of issue 12 (rules/python.yaml, src/checks), end to end: real
//! repositories, the built binary, real commits through an installed pre-commit hook. Each
//! check is shown blocking (or warning) and passing, with the hard negatives the issue names.
//! Dates are fixed with `KEEPMUM_TODAY` / `--today` so the end-of-life verdicts do not move.

mod common;

use common::{fixture, Repo};

const TODAY: &str = "2026-12-01";

/// A repository with one commit and the raw pre-commit hook installed.
fn repo() -> Repo {
    let r = Repo::new();
    r.stage("README.md", "# project\n");
    r.commit("init");
    r.install_raw_hook("pre-commit");
    r
}

/// `git commit` through the hook: (committed, output).
fn commit(r: &Repo, msg: &str) -> (bool, String) {
    let out = r
        .git_cmd(&["commit", "-q", "-m", msg])
        .env("KEEPMUM_TODAY", TODAY)
        .output()
        .expect("git commit");
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// `keepmum scan --staged --format json` (plus `extra` arguments): exit code and findings.
fn scan(r: &Repo, extra: &[&str]) -> (i32, Vec<serde_json::Value>, String) {
    let mut args = vec!["scan", "--staged", "--format", "json"];
    args.extend_from_slice(extra);
    let out = r
        .keepmum_cmd(&args)
        .env("KEEPMUM_TODAY", TODAY)
        .output()
        .expect("run keepmum");
    let code = out.status.code().unwrap_or(-1);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if code == 2 {
        return (code, Vec::new(), stderr);
    }
    let v: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("bad json ({e}): {stdout}\n{stderr}"));
    (
        code,
        v["findings"].as_array().cloned().unwrap_or_default(),
        stderr,
    )
}

fn ids(f: &[serde_json::Value]) -> Vec<String> {
    f.iter()
        .map(|x| x["rule_id"].as_str().unwrap_or("").to_string())
        .collect()
}

fn of<'a>(f: &'a [serde_json::Value], id: &str) -> Vec<&'a serde_json::Value> {
    f.iter().filter(|x| x["rule_id"] == id).collect()
}

// ---- package names -------------------------------------------------------------------------

#[test]
fn typosquat_blocks_the_commit_and_popular_names_pass() {
    let r = repo();
    r.stage("requirements.txt", "reqeusts==2.31.0\n");
    let (ok, out) = commit(&r, "typo");
    assert!(!ok, "a typosquat must block the commit:\n{out}");
    assert!(
        out.contains("package-typosquat") && out.contains("`requests`"),
        "{out}"
    );

    // Hard negatives: popular names one edit from each other, and names that are a popular
    // name without its version digit.
    r.stage(
        "requirements.txt",
        "urllib3>=2\nurllib\npyyaml\nyaml\njinja2\njinja\nrequests\nDjango>=5.2\ntyping_extensions\nboto3\nboto\n",
    );
    let (code, f, err) = scan(&r, &[]);
    assert_eq!(code, 0, "{f:?}\n{err}");
    assert!(f.is_empty(), "{f:?}");
    let (ok, out) = commit(&r, "fine");
    assert!(ok, "{out}");
}

#[test]
fn every_dependency_format_is_read() {
    let r = repo();
    let files: &[(&str, &str)] = &[
        ("requirements/dev.in", "djnago\n"),
        ("pyproject.toml", "[project]\nname = \"x\"\ndependencies = [\"flaks>=3\"]\n\n[project.optional-dependencies]\ndev = [\"pytets\"]\n\n[dependency-groups]\nlint = [\"ruf\", \"blakc\"]\n\n[tool.poetry.dependencies]\nnumpyy = \"^2\"\n"),
        ("Pipfile", "[packages]\ncolourama = \"*\"\n"),
        ("setup.cfg", "[options]\ninstall_requires =\n    python-requests\n"),
        ("setup.py", "setup(install_requires=['reqests'])\n"),
        ("environment.yml", "dependencies:\n  - pip\n  - pip:\n    - sqlalchemyy\n"),
        ("package.json", "{\"dependencies\": {\"expresss\": \"^4\"}}"),
        ("web/uv.lock", "[[package]]\nname = \"pydanticc\"\nversion = \"2.0\"\n"),
        ("Pipfile.lock", "{\"default\": {\"urllib33\": {\"version\": \"==2.0\"}}}"),
    ];
    for (p, t) in files {
        r.stage(p, t);
    }
    let (code, f, err) = scan(&r, &[]);
    assert_eq!(code, 1, "{err}");
    let mut names: Vec<(String, String)> = of(&f, "package-typosquat")
        .iter()
        .map(|x| {
            (
                x["path"].as_str().unwrap_or("").to_string(),
                x["secret"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    names.sort();
    let want: Vec<(&str, &str)> = vec![
        ("Pipfile", "colourama"),
        ("Pipfile.lock", "urllib33"),
        ("environment.yml", "sqlalchemyy"),
        ("package.json", "expresss"),
        ("pyproject.toml", "blakc"),
        ("pyproject.toml", "flaks"),
        ("pyproject.toml", "numpyy"),
        ("pyproject.toml", "pytets"),
        ("requirements/dev.in", "djnago"),
        ("setup.cfg", "python-requests"),
        ("setup.py", "reqests"),
        ("web/uv.lock", "pydanticc"),
    ];
    let want: Vec<(String, String)> = want
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(names, want, "{f:#?}");
}

#[test]
fn only_added_dependency_lines_are_reported() {
    let r = repo();
    r.stage("requirements.txt", "reqeusts==2.31.0\n");
    r.commit("old typo, committed before keepmum");
    r.stage("requirements.txt", "reqeusts==2.31.0\nflask>=3.1\n");
    let (code, f, _) = scan(&r, &[]);
    assert_eq!((code, f.len()), (0, 0), "{f:?}");
    r.stage("requirements.txt", "reqeusts==2.31.0\nflask>=3.1\ndjnago\n");
    let (_, f, _) = scan(&r, &[]);
    assert_eq!(ids(&f), vec!["package-typosquat"]);
    assert_eq!(f[0]["line"], 3);
    assert_eq!(f[0]["secret"], "djnago");
}

#[test]
fn lock_files_are_read_by_package_checks_but_not_by_secret_rules() {
    let r = repo();
    let token = fixture("ghp_<<crc32-base62:30>>", "python-lock");
    r.stage(
        "poetry.lock",
        format!("[[package]]\nname = \"reqeusts\"\nversion = \"2.0\"\n\n[metadata]\nnote = \"{token}\"\n"),
    );
    let (code, f, _) = scan(&r, &[]);
    assert_eq!(code, 1);
    assert_eq!(ids(&f), vec!["package-typosquat"], "{f:?}");
}

#[test]
fn requirements_includes_are_followed() {
    let r = repo();
    r.stage(
        "requirements.txt",
        "-r deps/common.lst\n-c ../outside.txt\nflask\n",
    );
    r.stage("deps/common.lst", "djnago==5.2\n");
    let (code, f, _) = scan(&r, &[]);
    assert_eq!(code, 1);
    let hits = of(&f, "package-typosquat");
    assert_eq!(hits.len(), 1, "{f:?}");
    assert_eq!(hits[0]["path"], "deps/common.lst");
    // Not included: a .lst file is nobody's requirements.
    let r = repo();
    r.stage("deps/common.lst", "djnago==5.2\n");
    let (code, f, _) = scan(&r, &[]);
    assert_eq!((code, f.len()), (0, 0));
}

#[test]
fn non_ascii_names_are_homoglyphs() {
    let r = repo();
    r.stage("requirements.txt", "r\u{0435}quests==2.31.0\n");
    let (code, f, _) = scan(&r, &[]);
    assert_eq!(code, 1);
    assert_eq!(ids(&f), vec!["package-non-ascii"]);
    assert!(f[0]["description"]
        .as_str()
        .unwrap_or("")
        .contains("U+0435"));
}

#[test]
fn packages_allow_deny_and_an_osv_database() {
    let r = repo();
    let osv = tempfile::tempdir().expect("tempdir");
    let put = |eco: &str, name: &str, id: &str, withdrawn: bool| {
        let d = osv.path().join("osv/malicious").join(eco).join(name);
        std::fs::create_dir_all(&d).expect("mkdir");
        let w = if withdrawn {
            "\"withdrawn\": \"2025-02-01T00:00:00Z\","
        } else {
            ""
        };
        let eco_name = if eco == "pypi" { "PyPI" } else { "npm" };
        std::fs::write(
            d.join(format!("{id}.json")),
            format!("{{\"id\": \"{id}\", {w} \"summary\": \"Malicious code in {name}\", \"affected\": [{{\"package\": {{\"ecosystem\": \"{eco_name}\", \"name\": \"{name}\"}}}}]}}"),
        )
        .expect("write");
    };
    put("pypi", "evil-helper", "MAL-2099-0101", false);
    put("pypi", "cleared-helper", "MAL-2099-0102", true);
    put("npm", "evil-js", "MAL-2099-0103", false);
    r.write(
        ".keepmum.yaml",
        format!(
            "packages:\n  allow: [reqeusts]\n  deny: [leftpad-py]\n  osv-malicious: {}\n",
            osv.path().display()
        ),
    );
    r.stage(
        "requirements.txt",
        "reqeusts\nleftpad-py\nevil_helper==1.0\ncleared-helper\nrequests\n",
    );
    r.stage(
        "package.json",
        "{\"dependencies\": {\"evil-js\": \"1.0.0\"}}",
    );
    let (code, f, err) = scan(&r, &[]);
    assert_eq!(code, 1, "{err}");
    let mut got: Vec<(String, String)> = f
        .iter()
        .map(|x| {
            (
                x["rule_id"].as_str().unwrap_or("").to_string(),
                x["secret"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            ("package-denied".to_string(), "leftpad-py".to_string()),
            ("package-malicious".to_string(), "evil-helper".to_string()),
            ("package-malicious".to_string(), "evil-js".to_string()),
        ],
        "{f:#?}"
    );
    assert!(of(&f, "package-malicious").iter().any(|x| x["description"]
        .as_str()
        .unwrap_or("")
        .contains("MAL-2099-0101")));

    // A record that cannot be read is a file that could not be checked: exit 2, not clean.
    put("pypi", "broken-rec", "MAL-2099-0104", false);
    std::fs::write(
        osv.path()
            .join("osv/malicious/pypi/broken-rec/MAL-2099-0104.json"),
        "{ not json",
    )
    .expect("write");
    r.stage("requirements.txt", "broken-rec\n");
    let out = r
        .keepmum_cmd(&["scan", "--staged"])
        .output()
        .expect("keepmum");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("MAL-2099-0104.json"));

    // A path that holds no database is a config error at its position.
    r.write(
        ".keepmum.yaml",
        "packages:\n  osv-malicious: /nonexistent/osv\n",
    );
    let (code, _, err) = scan(&r, &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains(".keepmum.yaml:2:") && err.contains("osv-malicious"),
        "{err}"
    );
}

#[test]
fn index_options_warn_and_fail_on_warning_blocks() {
    let r = repo();
    r.stage(
        "requirements.txt",
        "--extra-index-url https://pkgs.internal.test/simple\n--trusted-host pkgs.internal.test\n--index-url http://mirror.internal.test/simple\nacme-tools==1.0\n",
    );
    let (code, f, _) = scan(&r, &[]);
    assert_eq!(code, 0, "warnings do not block: {f:?}");
    let mut got = ids(&f);
    got.sort();
    assert_eq!(
        got,
        vec!["pip-extra-index-url", "pip-http-index", "pip-trusted-host"]
    );
    assert!(f.iter().all(|x| x["level"] == "warning"));
    r.write(".keepmum.yaml", "fail-on: warning\n");
    let (code, _, _) = scan(&r, &[]);
    assert_eq!(code, 1);
    // A plain-HTTP index on this machine (a local devpi) is what the rule's `allow` accepts.
    r.stage(
        "requirements.txt",
        "--index-url http://localhost:3141/root/pypi/+simple/\nacme-tools==1.0\n",
    );
    let (code, f, _) = scan(&r, &[]);
    assert_eq!(code, 0, "{f:?}");
    assert!(f.is_empty(), "{f:?}");
}

// ---- committed environments ------------------------------------------------------------------

#[test]
fn one_finding_per_virtual_environment() {
    let r = repo();
    r.stage(".venv/pyvenv.cfg", "home = /usr/bin\n");
    r.stage(".venv/bin/activate", "# activate\n");
    // More files than one scanning task takes (64), so the parallel path is used too.
    for i in 0..80 {
        r.stage(
            &format!(".venv/lib/python3.12/site-packages/pkg{i}/__init__.py"),
            "x = 1\n",
        );
    }
    r.stage(
        "app/__pycache__/views.cpython-312.pyc",
        b"\x00\x01".as_slice(),
    );
    r.stage(
        "app/__pycache__/models.cpython-312.pyc",
        b"\x00\x02".as_slice(),
    );
    let (ok, out) = commit(&r, "venv");
    assert!(!ok, "{out}");
    let (_, f, _) = scan(&r, &[]);
    let env = of(&f, "committed-virtualenv");
    assert_eq!(env.len(), 1, "{f:#?}");
    let d = env[0]["description"].as_str().unwrap_or("");
    assert!(d.contains("`.venv/`") && d.contains("82 files"), "{d}");
    let junk = of(&f, "committed-build-output");
    assert_eq!(junk.len(), 1, "{f:#?}");
    assert!(junk[0]["description"]
        .as_str()
        .unwrap_or("")
        .contains("`__pycache__/`"));
    assert_eq!(junk[0]["level"], "warning");
}

#[test]
fn gitignore_naming_venv_is_not_an_environment() {
    let r = repo();
    r.stage(".gitignore", ".venv\nvenv/\n__pycache__/\n*.pyc\n.env\n");
    r.stage(
        "docs/venv.md",
        "python -m venv .venv && . .venv/bin/activate\n",
    );
    r.stage("bin/activate", "#!/bin/sh\necho project script\n");
    let (code, f, _) = scan(&r, &[]);
    assert_eq!((code, f.len()), (0, 0), "{f:?}");
    let (ok, out) = commit(&r, "ignore");
    assert!(ok, "{out}");
    // An already-tracked environment file that changes is not reported again.
    r.write("venv/pyvenv.cfg", "home = /usr/bin\n");
    r.git(&["add", "-f", "venv/pyvenv.cfg"]);
    r.commit("old venv, committed before keepmum");
    r.write("venv/pyvenv.cfg", "home = /usr/local/bin\n");
    r.git(&["add", "-f", "venv/pyvenv.cfg"]);
    let (code, f, _) = scan(&r, &[]);
    assert_eq!((code, f.len()), (0, 0), "{f:?}");
}

// ---- files that are secrets by what they are ---------------------------------------------------

fn pkcs12_bytes() -> Vec<u8> {
    let mut v = vec![
        0x30, 0x82, 0x04, 0x00, 0x02, 0x01, 0x03, 0x30, 0x82, 0x03, 0xC0,
    ];
    v.extend([
        0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01, 0xA0,
    ]);
    v.extend(std::iter::repeat_n(0u8, 64));
    v
}

#[test]
fn key_stores_by_name_and_by_magic_bytes() {
    let r = repo();
    r.stage("certs/server.p12", pkcs12_bytes());
    // A Java key store and a KeePass database under names that say nothing.
    let mut jks = vec![0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2];
    jks.extend(std::iter::repeat_n(0u8, 32));
    r.stage("assets/trust.bin", jks);
    let mut kdbx = vec![0x03, 0xD9, 0xA2, 0x9A, 0x67, 0xFB, 0x4B, 0xB5, 0, 0, 4, 0];
    kdbx.extend(std::iter::repeat_n(0u8, 32));
    r.stage("backup/data.dat", kdbx);
    r.stage(
        "infra/terraform.tfstate",
        "{\"version\": 4, \"resources\": []}\n",
    );
    r.stage(
        "deploy/id_ed25519",
        "not a key, but the name says it is one\n",
    );
    let (ok, out) = commit(&r, "keys");
    assert!(!ok, "{out}");
    let (_, f, _) = scan(&r, &[]);
    let mut paths: Vec<&str> = of(&f, "secret-file")
        .iter()
        .map(|x| x["path"].as_str().unwrap_or(""))
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        vec![
            "assets/trust.bin",
            "backup/data.dat",
            "certs/server.p12",
            "deploy/id_ed25519",
            "infra/terraform.tfstate"
        ],
        "{f:#?}"
    );

    // Hard negatives: public keys, a PNG, a DER certificate, docs about key stores.
    let r = repo();
    r.stage("deploy/id_ed25519.pub", "ssh-ed25519 AAAAC3 user@host\n");
    r.stage(
        "img/logo.png",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".as_slice(),
    );
    r.stage(
        "certs/ca.der",
        [
            0x30, 0x82, 0x03, 0x00, 0x30, 0x82, 0x02, 0xA0, 0xA0, 0x03, 0x02, 0x01, 0x02, 0x00,
        ]
        .as_slice(),
    );
    r.stage("docs/keystore.md", "How we manage the keystore.\n");
    let (code, f, _) = scan(&r, &[]);
    assert_eq!((code, f.len()), (0, 0), "{f:?}");
}

#[test]
fn dot_env_added_is_a_warning_templates_are_not() {
    let r = repo();
    r.stage(".env", "PORT=8000\n");
    r.stage(".env.example", "SECRET_KEY=change-me\n");
    r.stage("config/.env.template", "SECRET_KEY=\n");
    let (code, f, _) = scan(&r, &[]);
    assert_eq!(code, 0, "a warning does not block: {f:?}");
    assert_eq!(ids(&f), vec!["env-file"]);
    assert_eq!(f[0]["path"], ".env");
    assert!(f[0]["description"]
        .as_str()
        .unwrap_or("")
        .contains("to .gitignore"));
    let (ok, out) = commit(&r, "env");
    assert!(ok && out.contains("env-file"), "{out}");
}

// ---- end of life ------------------------------------------------------------------------------

#[test]
fn end_of_life_python_blocks_and_current_python_passes() {
    let r = repo();
    r.stage(
        "Dockerfile",
        "FROM python:3.8-slim\nRUN pip install -r requirements.txt\n",
    );
    let (ok, out) = commit(&r, "old python");
    assert!(!ok, "{out}");
    assert!(
        out.contains("python-end-of-life") && out.contains("2024-10-07"),
        "{out}"
    );

    r.stage(
        "Dockerfile",
        "FROM python:3.13\nRUN pip install -r requirements.txt\n",
    );
    r.stage(".python-version", "3.13.1\n");
    let (code, f, _) = scan(&r, &[]);
    assert_eq!((code, f.len()), (0, 0), "{f:?}");
    let (ok, out) = commit(&r, "current python");
    assert!(ok, "{out}");
}

#[test]
fn end_of_life_levels_follow_the_date() {
    let r = repo();
    r.stage(".python-version", "3.11.9\n");
    r.stage("requirements.txt", "Django==4.2.16\nflask==2.3.3\n");
    r.stage(
        "pyproject.toml",
        "[project]\nname = \"lib\"\nrequires-python = \">=3.9\"\n",
    );
    let (code, f, _) = scan(&r, &[]);
    assert_eq!(code, 1);
    let mut got = ids(&f);
    got.sort();
    // 3.11 ends on 2027-10-31: supported on 2026-12-01.
    assert_eq!(
        got,
        vec![
            "django-end-of-life",
            "flask-end-of-life",
            "python-end-of-life-supported"
        ],
        "{f:#?}"
    );
    // Within six months of 3.11's end of life, by the flag.
    let (_, f, _) = scan(&r, &["--today", "2027-06-01"]);
    assert!(
        ids(&f).contains(&"python-end-of-life-soon".to_string()),
        "{f:#?}"
    );
    // A mistyped date is an error, not the clock.
    let (code, _, err) = scan(&r, &["--today", "2027-06-31"]);
    assert_eq!(code, 2, "{err}");
}

// ---- unsafe deployment settings ---------------------------------------------------------------

#[test]
fn unsafe_settings_in_production_settings_only() {
    let r = repo();
    r.stage(
        "mysite/settings.py",
        "DEBUG = False\nALLOWED_HOSTS = ['*']\nSESSION_COOKIE_SECURE = False\nCORS_ALLOW_ALL_ORIGINS = True\n",
    );
    let (ok, out) = commit(&r, "settings");
    assert!(!ok, "{out}");
    let (_, f, _) = scan(&r, &[]);
    let mut got = ids(&f);
    got.sort();
    assert_eq!(
        got,
        vec![
            "cors-allow-all-origins",
            "django-allowed-hosts-wildcard",
            "insecure-cookie-setting"
        ]
    );

    // The same lines in development settings and tests are fine.
    let r = repo();
    let dev = "ALLOWED_HOSTS = ['*']\nSESSION_COOKIE_SECURE = False\nCORS_ALLOW_ALL_ORIGINS = True\nSECURE_SSL_REDIRECT = False\n";
    r.stage("mysite/settings/dev.py", dev);
    r.stage("mysite/local_settings.py", dev);
    r.stage("tests/settings.py", dev);
    r.stage(
        "docker-compose.dev.yml",
        "services:\n  web:\n    environment:\n      - WERKZEUG_DEBUG_PIN=off\n",
    );
    let (code, f, _) = scan(&r, &[]);
    assert_eq!((code, f.len()), (0, 0), "{f:?}");
}

#[test]
fn insecure_startproject_key_and_werkzeug_pin() {
    let r = repo();
    let key = fixture("django-insecure-<<alnum:50>>", "python-insecure");
    r.stage("mysite/settings.py", format!("SECRET_KEY = '{key}'\n"));
    r.stage(".env", "WERKZEUG_DEBUG_PIN=off\n");
    let (code, f, _) = scan(&r, &[]);
    assert_eq!(code, 1);
    let got = ids(&f);
    for want in ["django-insecure-secret-key", "werkzeug-debug-pin-off"] {
        assert!(got.contains(&want.to_string()), "{want}: {f:#?}");
    }
    // One value, one finding: the startproject key outranks the generic literal-key rule.
    assert!(!got.contains(&"django-secret-key".to_string()), "{f:#?}");
    let on_key = f
        .iter()
        .filter(|x| x["path"] == "mysite/settings.py")
        .count();
    assert_eq!(on_key, 1, "{f:#?}");
    // Redacted like any key.
    let insecure = of(&f, "django-insecure-secret-key");
    assert!(!insecure[0]["secret"]
        .as_str()
        .unwrap_or("")
        .contains(&key[20..]));
}

// ---- allowing, fingerprints, reports ------------------------------------------------------------

#[test]
fn inline_markers_and_fingerprints_allow_check_findings() {
    let r = repo();
    r.stage(
        "requirements.txt",
        "reqeusts==2.0  # keepmum:allow package-typosquat\n",
    );
    let (code, f, _) = scan(&r, &[]);
    assert_eq!((code, f.len()), (0, 0), "{f:?}");

    r.stage("requirements.txt", "djnago==5.2\n");
    r.stage("certs/server.p12", pkcs12_bytes());
    let (_, f, _) = scan(&r, &[]);
    assert_eq!(f.len(), 2, "{f:?}");
    let ignore: String = f
        .iter()
        .map(|x| format!("{}\n", x["fingerprint"].as_str().unwrap_or("")))
        .collect();
    r.write(".keepmumignore", ignore);
    let (code, f, _) = scan(&r, &[]);
    assert_eq!((code, f.len()), (0, 0), "{f:?}");

    // Disabled and tuned like any rule.
    r.write(".keepmumignore", "");
    r.write(
        ".keepmum.yaml",
        "disable: [secret-file]\noverrides:\n  package-typosquat: {level: warning}\n",
    );
    let (code, f, _) = scan(&r, &[]);
    assert_eq!(code, 0);
    assert_eq!(ids(&f), vec!["package-typosquat"]);
    assert_eq!(f[0]["level"], "warning");
}

#[test]
fn sarif_and_explain_describe_the_new_families() {
    let r = repo();
    r.stage("requirements.txt", "djnago==5.2\n");
    r.stage(".venv/pyvenv.cfg", "home = /usr/bin\n");
    let out = r
        .keepmum_cmd(&["scan", "--staged", "--format", "sarif"])
        .output()
        .expect("keepmum");
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("sarif json");
    let rules = v["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let by = |id: &str| rules.iter().find(|r| r["id"] == id).cloned().expect(id);
    let t = by("package-typosquat");
    assert!(t["help"]["text"].as_str().unwrap_or("").contains("typo"));
    assert!(t["helpUri"]
        .as_str()
        .unwrap_or("")
        .ends_with("#family-package"));
    assert!(t["properties"]["tags"].to_string().contains("cwe-1357"));
    let e = by("committed-virtualenv");
    assert!(e["helpUri"]
        .as_str()
        .unwrap_or("")
        .ends_with("#family-environment"));
    let results = v["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);

    let (code, text, _) = r.keepmum(&["rules", "--explain", "package-typosquat"]);
    assert_eq!(code, 0);
    assert!(
        text.contains("data of 20") && text.contains("PyPI") && text.contains("npm"),
        "{text}"
    );
    let (_, text, _) = r.keepmum(&["rules", "--explain", "python-end-of-life"]);
    assert!(
        text.contains("as of 2026-12-01") && text.contains("3.9"),
        "{text}"
    );
}

#[test]
fn history_reports_each_environment_at_the_commit_that_added_it() {
    let r = Repo::new();
    r.stage("README.md", "x\n");
    r.commit("init");
    r.stage("env/pyvenv.cfg", "home = /usr/bin\n");
    r.stage("env/bin/activate", "x\n");
    let c = r.commit("venv");
    r.stage("env/lib/python3.12/site-packages/x.py", "x\n");
    r.commit("more venv");
    let out = r
        .keepmum_cmd(&["scan", "--all", "--format", "json"])
        .env("KEEPMUM_TODAY", TODAY)
        .output()
        .expect("keepmum");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let f: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|x| x["rule_id"] == "committed-virtualenv")
        .collect();
    assert_eq!(f.len(), 2, "{f:#?}");
    assert_eq!(f[0]["commit"], c.as_str());
}
