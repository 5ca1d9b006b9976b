//! A checkout of an OSV malicious-packages database (the layout of the OpenSSF
//! `malicious-packages` repository: `osv/malicious/<ecosystem>/<name>/<ID>.json`), read when
//! `packages.osv-malicious` is set: only the records of names a change adds are opened.

use std::path::{Path, PathBuf};

use super::names::Ecosystem;

/// An opened database: the directory that holds the ecosystem directories.
#[derive(Debug)]
pub struct Database {
    root: PathBuf,
}

/// The directory of `dir` that holds ecosystem directories (`pypi/`, `npm/`): `dir` itself,
/// `dir/malicious` or `dir/osv/malicious`.
pub fn ecosystems_dir(dir: &Path) -> Option<PathBuf> {
    [
        dir.join("osv").join("malicious"),
        dir.join("malicious"),
        dir.to_path_buf(),
    ]
    .into_iter()
    .find(|d| d.join("pypi").is_dir() || d.join("npm").is_dir())
}

fn eco_dir(eco: Ecosystem) -> &'static str {
    match eco {
        Ecosystem::PyPI => "pypi",
        Ecosystem::Npm => "npm",
    }
}

fn eco_name(eco: Ecosystem) -> &'static str {
    match eco {
        Ecosystem::PyPI => "PyPI",
        Ecosystem::Npm => "npm",
    }
}

impl Database {
    /// Opens the database at `dir` (see [`ecosystems_dir`]).
    pub fn open(dir: &Path) -> std::result::Result<Database, String> {
        match ecosystems_dir(dir) {
            Some(root) => Ok(Database { root }),
            None => Err(format!(
                "packages.osv-malicious: {} holds no OSV malicious-packages database (no osv/malicious/pypi or npm directory)",
                dir.display()
            )),
        }
    }

    /// The ids of the records that name `name` (normalised) as malicious in `eco`, joined
    /// (`MAL-2024-1234, MAL-2024-1300`), or `None`. Withdrawn records do not count.
    pub fn lookup(
        &self,
        eco: Ecosystem,
        name: &str,
    ) -> std::result::Result<Option<String>, String> {
        if name.is_empty()
            || name.contains(['/', '\\']) && eco == Ecosystem::PyPI
            || name.contains("..")
        {
            return Ok(None);
        }
        let base = self.root.join(eco_dir(eco));
        let mut ids = Vec::new();
        let mut candidates = vec![name.to_string()];
        if eco == Ecosystem::PyPI {
            candidates.push(name.replace('-', "_"));
            candidates.push(name.replace('-', "."));
        }
        candidates.dedup();
        for c in candidates {
            let dir = base.join(&c);
            let entries = match std::fs::read_dir(&dir) {
                Ok(e) => e,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => continue,
                Err(e) => return Err(format!("cannot read {}: {e}", dir.display())),
            };
            let mut files: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect();
            files.sort();
            for f in files {
                let text =
                    std::fs::read(&f).map_err(|e| format!("cannot read {}: {e}", f.display()))?;
                let rec: serde_json::Value = serde_json::from_slice(&text).map_err(|e| {
                    format!("{} is not an OSV record (invalid JSON: {e})", f.display())
                })?;
                if let Some(id) = matching_id(&rec, eco, name) {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            }
        }
        Ok((!ids.is_empty()).then(|| ids.join(", ")))
    }
}

/// The record's id when it is in force and names `name` in `eco`.
fn matching_id(rec: &serde_json::Value, eco: Ecosystem, name: &str) -> Option<String> {
    if rec.get("withdrawn").is_some_and(|w| !w.is_null()) {
        return None;
    }
    let affected = rec.get("affected")?.as_array()?;
    let hit = affected.iter().any(|a| {
        let pkg = a.get("package");
        let e = pkg
            .and_then(|p| p.get("ecosystem"))
            .and_then(|v| v.as_str());
        let n = pkg.and_then(|p| p.get("name")).and_then(|v| v.as_str());
        e == Some(eco_name(eco)) && n.is_some_and(|n| eco.normalise(n) == name)
    });
    hit.then(|| {
        rec.get("id")
            .and_then(|v| v.as_str())
            .unwrap_or("an OSV record")
            .to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, eco: &str, name: &str, withdrawn: bool) -> String {
        let w = if withdrawn {
            r#""withdrawn": "2025-01-02T00:00:00Z","#
        } else {
            ""
        };
        format!(
            r#"{{"schema_version": "1.5.0", "id": "{id}", {w} "summary": "Malicious code in {name}", "affected": [{{"package": {{"ecosystem": "{eco}", "name": "{name}"}}, "ranges": [{{"type": "SEMVER", "events": [{{"introduced": "0"}}]}}]}}]}}"#
        )
    }

    #[test]
    fn looks_up_records() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("osv/malicious");
        let put = |eco: &str, name: &str, file: &str, text: &str| {
            let d = base.join(eco).join(name);
            std::fs::create_dir_all(&d).unwrap();
            std::fs::write(d.join(file), text).unwrap();
        };
        put(
            "pypi",
            "evil-pkg",
            "MAL-2099-0001.json",
            &record("MAL-2099-0001", "PyPI", "evil_pkg", false),
        );
        put(
            "pypi",
            "gone-pkg",
            "MAL-2099-0002.json",
            &record("MAL-2099-0002", "PyPI", "gone-pkg", true),
        );
        put(
            "npm",
            "bad-js",
            "MAL-2099-0003.json",
            &record("MAL-2099-0003", "npm", "bad-js", false),
        );
        let db = Database::open(dir.path()).unwrap();
        assert_eq!(
            db.lookup(Ecosystem::PyPI, "evil-pkg").unwrap().as_deref(),
            Some("MAL-2099-0001")
        );
        assert_eq!(db.lookup(Ecosystem::PyPI, "gone-pkg").unwrap(), None);
        assert_eq!(db.lookup(Ecosystem::PyPI, "requests").unwrap(), None);
        assert_eq!(
            db.lookup(Ecosystem::Npm, "bad-js").unwrap().as_deref(),
            Some("MAL-2099-0003")
        );
        assert_eq!(db.lookup(Ecosystem::PyPI, "bad-js").unwrap(), None);
        put("pypi", "broken", "MAL-2099-0004.json", "{ not json");
        assert!(db
            .lookup(Ecosystem::PyPI, "broken")
            .unwrap_err()
            .contains("MAL-2099-0004.json"));
        assert!(Database::open(&dir.path().join("nowhere")).is_err());
    }
}
