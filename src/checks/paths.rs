//! Path checks: what a change adds that should not be in a repository at all.
//!
//! - committed virtual environments (`pyvenv.cfg`, `lib/pythonX.Y/site-packages/`,
//!   `bin/activate`, `Scripts/activate`, `__pypackages__/`, `conda-meta/`): one finding per
//!   environment, however many of its files the change adds;
//! - caches and build output (`__pycache__/`, `*.pyc`, `.tox/`, `*.egg-info/`...): one finding
//!   per kind;
//! - files that are secrets by what they are: key stores and key files by name, and binary
//!   key stores by their magic bytes whatever their name (PKCS#12, Java KeyStore, JCEKS,
//!   KeePass);
//! - `.env` files (not `.env.example` and the like).
//!
//! Each finding says the `.gitignore` line that keeps it out.

use std::collections::BTreeMap;

/// What a group of added paths is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// `true`: a virtual environment; `false`: caches or build output.
    pub environment: bool,
    /// The environment's root (`backend/.venv`), or the build output's pattern (`__pycache__/`).
    pub key: String,
    /// The first added path of the group (in path order): where the finding is reported.
    pub first: String,
    /// How many added paths the group holds.
    pub files: usize,
    /// The `.gitignore` line that keeps it out.
    pub gitignore: String,
}

/// The root of the virtual environment `path` belongs to, if it is in one.
pub fn environment_root(path: &str) -> Option<String> {
    let comps: Vec<&str> = path.split('/').collect();
    let last = comps.len().checked_sub(1)?;
    let join = |n: usize| comps[..n].join("/");
    if comps[last] == "pyvenv.cfg" {
        return Some(join(last));
    }
    for (k, c) in comps.iter().enumerate().take(last) {
        match *c {
            "site-packages" | "dist-packages" => {
                // <root>/lib/pythonX.Y/site-packages, <root>/Lib/site-packages (Windows).
                if k >= 2
                    && comps[k - 1].starts_with("python")
                    && matches!(comps[k - 2], "lib" | "lib64")
                {
                    return Some(join(k - 2));
                }
                if k >= 1 && comps[k - 1] == "Lib" {
                    return Some(join(k - 1));
                }
                return Some(join(k + 1));
            }
            "__pypackages__" => return Some(join(k + 1)),
            "conda-meta" if k >= 1 => return Some(join(k)),
            _ => {}
        }
    }
    // <root>/bin/activate, <root>/Scripts/activate.bat, Activate.ps1: a root of its own
    // (a repository's own `bin/activate` script alone is not an environment).
    if last >= 2 && matches!(comps[last - 1], "bin" | "Scripts") {
        let name = comps[last].to_ascii_lowercase();
        let activate =
            name == "activate" || name.starts_with("activate.") || name == "activate_this.py";
        if activate {
            return Some(join(last - 1));
        }
    }
    None
}

/// The build-output pattern `path` falls under, if any.
fn build_output(path: &str) -> Option<&'static str> {
    let comps: Vec<&str> = path.split('/').collect();
    let (last, dirs) = comps.split_last()?;
    for d in dirs {
        match *d {
            "__pycache__" => return Some("__pycache__/"),
            ".tox" => return Some(".tox/"),
            ".nox" => return Some(".nox/"),
            ".pytest_cache" => return Some(".pytest_cache/"),
            ".mypy_cache" => return Some(".mypy_cache/"),
            ".ruff_cache" => return Some(".ruff_cache/"),
            ".eggs" => return Some(".eggs/"),
            _ if d.ends_with(".egg-info") => return Some("*.egg-info/"),
            _ => {}
        }
    }
    let lower = last.to_ascii_lowercase();
    (lower.ends_with(".pyc") || lower.ends_with(".pyo")).then_some("*.py[co]")
}

/// Groups the paths a change adds into environments and build output (paths are `/`-separated,
/// relative to the repository root).
pub fn groups<'a>(paths: impl IntoIterator<Item = &'a str>) -> Vec<Group> {
    let mut envs: BTreeMap<String, (String, usize)> = BTreeMap::new();
    let mut junk: BTreeMap<&'static str, (String, usize)> = BTreeMap::new();
    let note = |m: &mut (String, usize), p: &str| {
        if m.0.is_empty() || p < m.0.as_str() {
            m.0 = p.to_string();
        }
        m.1 += 1;
    };
    let mut rest = Vec::new();
    for p in paths {
        match environment_root(p) {
            Some(root) => note(envs.entry(root).or_default(), p),
            None => rest.push(p),
        }
    }
    for p in rest {
        // Inside an environment found above: counted there.
        if envs
            .keys()
            .any(|r| !r.is_empty() && p.starts_with(r.as_str()) && p[r.len()..].starts_with('/'))
        {
            continue;
        }
        if let Some(pat) = build_output(p) {
            note(junk.entry(pat).or_default(), p);
        }
    }
    let mut out = Vec::new();
    for (root, (first, files)) in envs {
        let gitignore = if root.is_empty() {
            // The repository root itself is an environment.
            "pyvenv.cfg, bin/, lib/, include/ (and Scripts/, Lib/ on Windows)".to_string()
        } else {
            format!("{root}/")
        };
        out.push(Group {
            environment: true,
            key: if root.is_empty() { ".".into() } else { root },
            first,
            files,
            gitignore,
        });
    }
    for (pat, (first, files)) in junk {
        out.push(Group {
            environment: false,
            key: pat.to_string(),
            first,
            files,
            gitignore: pat.to_string(),
        });
    }
    out
}

/// What a secret file is, by its name.
fn secret_by_name(path: &str) -> Option<&'static str> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let by_ext = match ext {
        "p12" | "pfx" => Some("a PKCS#12 key store (certificate with its private key)"),
        "jks" | "keystore" | "jceks" => Some("a Java key store"),
        "kdbx" | "kdb" => Some("a KeePass password database"),
        "ppk" => Some("a PuTTY private key"),
        "htpasswd" => Some("an htpasswd file (password hashes)"),
        "tfstate" => {
            Some("Terraform state (it holds every secret the resources were created with)")
        }
        _ => None,
    };
    if by_ext.is_some() {
        return by_ext;
    }
    if lower == ".htpasswd" {
        return Some("an htpasswd file (password hashes)");
    }
    if lower.ends_with(".tfstate.backup") {
        return Some(
            "a Terraform state backup (it holds every secret the resources were created with)",
        );
    }
    for key in ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"] {
        if let Some(rest) = lower.strip_prefix(key) {
            let plain = rest.is_empty()
                || rest == "_sk"
                || (rest.starts_with(['_', '-', '.'])
                    && !lower.ends_with(".pub")
                    && !matches!(
                        ext,
                        "pub"
                            | "py"
                            | "md"
                            | "rst"
                            | "txt"
                            | "html"
                            | "js"
                            | "ts"
                            | "rs"
                            | "go"
                            | "java"
                            | "rb"
                            | "sh"
                            | "json"
                            | "yaml"
                            | "yml"
                            | "toml"
                    ));
            if plain {
                return Some("an SSH private key");
            }
        }
    }
    None
}

/// What a binary file is, by its first bytes, when it is a key store.
pub fn secret_by_magic(content: &[u8]) -> Option<&'static str> {
    if content.starts_with(&[0xFE, 0xED, 0xFE, 0xED]) {
        return Some("a Java key store (JKS)");
    }
    if content.starts_with(&[0xCE, 0xCE, 0xCE, 0xCE]) {
        return Some("a Java key store (JCEKS)");
    }
    if content.starts_with(&[0x03, 0xD9, 0xA2, 0x9A])
        && content.get(5..8) == Some(&[0xFB, 0x4B, 0xB5][..])
        && matches!(content.get(4), Some(0x65..=0x67))
    {
        return Some("a KeePass password database");
    }
    if is_pkcs12(content) {
        return Some("a PKCS#12 key store (certificate with its private key)");
    }
    None
}

/// A DER/BER PKCS#12 file: `SEQUENCE { INTEGER 3, SEQUENCE { OID pkcs7-data ...` at the start.
fn is_pkcs12(c: &[u8]) -> bool {
    if c.first() != Some(&0x30) {
        return false;
    }
    let len_bytes = match c.get(1) {
        Some(0x80) => 0,
        Some(b) if *b & 0x80 != 0 && (*b & 0x7f) <= 4 => usize::from(*b & 0x7f),
        Some(b) if *b & 0x80 == 0 => 0,
        _ => return false,
    };
    let i = 2 + len_bytes;
    if c.get(i..i + 3) != Some(&[0x02, 0x01, 0x03][..]) {
        return false;
    }
    const PKCS7_DATA: [u8; 11] = [
        0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01,
    ];
    let window = &c[i + 3..c.len().min(i + 3 + 24)];
    window.windows(PKCS7_DATA.len()).any(|w| w == PKCS7_DATA)
}

/// What `path` (with its `content`, when it is binary) is when it is a secret by what it is.
pub fn secret_file(path: &str, binary: Option<&[u8]>) -> Option<&'static str> {
    secret_by_name(path).or_else(|| binary.and_then(secret_by_magic))
}

/// Whether `path` is a `.env` file (`.env`, `.env.production`, `prod.env`) rather than a
/// template of one (`.env.example`, `.env.sample`, `.env.template`...) or an encrypted
/// vault (`.env.vault`).
pub fn is_env_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    let env = lower == ".env" || lower.starts_with(".env.") || lower.ends_with(".env");
    if !env || lower == "env" {
        return false;
    }
    !lower.split('.').any(|part| {
        matches!(
            part,
            "example"
                | "examples"
                | "sample"
                | "samples"
                | "template"
                | "templates"
                | "tmpl"
                | "tpl"
                | "dist"
                | "schema"
                | "defaults"
                | "vault"
                | "j2"
                | "jinja"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_roots() {
        assert_eq!(
            environment_root(".venv/pyvenv.cfg").as_deref(),
            Some(".venv")
        );
        assert_eq!(
            environment_root("backend/venv/lib/python3.12/site-packages/django/__init__.py")
                .as_deref(),
            Some("backend/venv")
        );
        assert_eq!(
            environment_root("env/Lib/site-packages/x.py").as_deref(),
            Some("env")
        );
        assert_eq!(
            environment_root("venv/bin/activate").as_deref(),
            Some("venv")
        );
        assert_eq!(
            environment_root("venv/Scripts/Activate.ps1").as_deref(),
            Some("venv")
        );
        assert_eq!(
            environment_root("__pypackages__/3.12/lib/x.py").as_deref(),
            Some("__pypackages__")
        );
        assert_eq!(environment_root("bin/activate"), None);
        assert_eq!(environment_root("scripts/activate.sh"), None);
        assert_eq!(environment_root(".gitignore"), None);
        assert_eq!(environment_root("docs/venv.md"), None);
    }

    #[test]
    fn one_group_per_environment() {
        let paths = [
            ".venv/pyvenv.cfg",
            ".venv/bin/activate",
            ".venv/lib/python3.12/site-packages/six.py",
            ".venv/lib/python3.12/site-packages/__pycache__/six.cpython-312.pyc",
            "app/__pycache__/views.cpython-312.pyc",
            "app/models/__pycache__/x.pyc",
            "legacy/old.pyc",
            "app.egg-info/PKG-INFO",
            "app/views.py",
            ".gitignore",
        ];
        let g = groups(paths);
        let keys: Vec<(&str, usize)> = g.iter().map(|g| (g.key.as_str(), g.files)).collect();
        assert_eq!(
            keys,
            vec![
                (".venv", 4),
                ("*.egg-info/", 1),
                ("*.py[co]", 1),
                ("__pycache__/", 2)
            ]
        );
        assert_eq!(g[0].gitignore, ".venv/");
        assert_eq!(g[0].first, ".venv/bin/activate");
    }

    #[test]
    fn secret_files() {
        for p in [
            "certs/server.p12",
            "a.PFX",
            "android/release.keystore",
            "x.jks",
            "vault.kdbx",
            "keys/deploy.ppk",
            ".ssh/id_rsa",
            "id_ed25519",
            "deploy/id_rsa_github",
            ".htpasswd",
            "infra/terraform.tfstate",
            "infra/prod.tfstate.backup",
        ] {
            assert!(secret_file(p, None).is_some(), "{p}");
        }
        for p in [
            "id_rsa.pub",
            "id_ed25519.pub",
            "docs/id_rsa.md",
            "keystore.py",
            "tfstate.md",
            "src/app.py",
        ] {
            assert!(secret_file(p, None).is_none(), "{p}");
        }
    }

    #[test]
    fn magic_bytes() {
        assert!(secret_by_magic(&[0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2]).is_some());
        assert!(secret_by_magic(&[0x03, 0xD9, 0xA2, 0x9A, 0x67, 0xFB, 0x4B, 0xB5, 0, 0]).is_some());
        let mut p12 = vec![
            0x30, 0x82, 0x0A, 0x00, 0x02, 0x01, 0x03, 0x30, 0x82, 0x09, 0xC0,
        ];
        p12.extend([
            0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01, 0xA0,
        ]);
        assert!(secret_by_magic(&p12).is_some());
        // A DER certificate is a SEQUENCE too, but not version 3 with pkcs7-data.
        let cert = [
            0x30, 0x82, 0x03, 0x00, 0x30, 0x82, 0x02, 0xA0, 0xA0, 0x03, 0x02, 0x01, 0x02,
        ];
        assert!(secret_by_magic(&cert).is_none());
        assert!(secret_by_magic(b"\x89PNG\r\n\x1a\n").is_none());
        assert!(secret_by_magic(&[]).is_none());
    }

    #[test]
    fn env_files() {
        for p in [
            ".env",
            "app/.env",
            ".env.production",
            ".env.local",
            "deploy/prod.env",
            ".env.keys",
        ] {
            assert!(is_env_file(p), "{p}");
        }
        for p in [
            ".env.example",
            ".env.sample",
            ".env.template",
            "config/.env.dist",
            ".envrc",
            "env",
            ".env.vault",
            "example.env",
            "environment.yml",
        ] {
            assert!(!is_env_file(p), "{p}");
        }
    }
}
