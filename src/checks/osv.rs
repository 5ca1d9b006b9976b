//! A checkout of an OSV malicious-packages database (the layout of the OpenSSF
//! `malicious-packages` repository: `osv/malicious/<ecosystem>/<name>/<ID>.json`), read when
//! `packages.osv-malicious` is set: only the records of names a change adds are opened.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::names::Ecosystem;

/// The largest record read, in bytes. OSV malicious-package records are a few KiB; a larger
/// file is an error naming it (the name could not be checked), never a large allocation.
pub const MAX_RECORD_BYTES: u64 = 1 << 20;

/// The most entries read from one name's directory (its records). Real names have a handful;
/// a directory with more is an error naming it, so a checkout cannot make a lookup allocate
/// or read without bound.
pub const MAX_RECORDS_PER_NAME: usize = 1000;

/// The longest name looked up, in bytes: no file system has longer directory names, so a
/// longer name (written in a dependency file) has no record.
const MAX_NAME_BYTES: usize = 255;

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
            || name.len() > MAX_NAME_BYTES
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
            let mut files: Vec<PathBuf> = Vec::new();
            for (n, e) in entries.enumerate() {
                if n >= MAX_RECORDS_PER_NAME {
                    return Err(format!(
                        "{} holds more than {MAX_RECORDS_PER_NAME} entries: not the records of one name in an OSV malicious-packages database (check packages.osv-malicious)",
                        dir.display()
                    ));
                }
                let p = e
                    .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
                    .path();
                if p.extension().is_some_and(|x| x == "json") {
                    files.push(p);
                }
            }
            files.sort();
            for f in files {
                let text = read_record(&f)?;
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

/// The bytes of record `f`, at most [`MAX_RECORD_BYTES`]: a larger file is an error naming it.
fn read_record(f: &Path) -> std::result::Result<Vec<u8>, String> {
    let mut text = Vec::new();
    std::fs::File::open(f)
        .and_then(|h| h.take(MAX_RECORD_BYTES + 1).read_to_end(&mut text))
        .map_err(|e| format!("cannot read {}: {e}", f.display()))?;
    if text.len() as u64 > MAX_RECORD_BYTES {
        return Err(format!(
            "{} is over {MAX_RECORD_BYTES} bytes: too large for an OSV record (check packages.osv-malicious)",
            f.display()
        ));
    }
    Ok(text)
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

    /// What a checkout holds bounds nothing by itself: a record over [`MAX_RECORD_BYTES`] and
    /// a name directory of more than [`MAX_RECORDS_PER_NAME`] entries are errors naming the
    /// file or directory (the name could not be checked, so the file is not scanned); a name
    /// longer than any directory name has no record.
    #[test]
    fn records_are_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("osv/malicious/pypi");
        let huge = base.join("huge-pkg");
        std::fs::create_dir_all(&huge).unwrap();
        // Valid JSON, just large: the cap, not the parser, rejects it.
        let mut big = record("MAL-2099-0010", "PyPI", "huge-pkg", false);
        big.truncate(big.len() - 1);
        big.push_str(&format!(
            r#", "details": "{}"}}"#,
            "x".repeat(MAX_RECORD_BYTES as usize)
        ));
        std::fs::write(huge.join("MAL-2099-0010.json"), &big).unwrap();
        let db = Database::open(dir.path()).unwrap();
        let e = db.lookup(Ecosystem::PyPI, "huge-pkg").unwrap_err();
        assert!(
            e.contains("MAL-2099-0010.json") && e.contains("too large"),
            "{e}"
        );
        // Just under the cap, the same record is read.
        let mut fits = record("MAL-2099-0011", "PyPI", "fits-pkg", false);
        fits.truncate(fits.len() - 1);
        let pad = MAX_RECORD_BYTES as usize - fits.len() - r#", "details": ""}"#.len();
        fits.push_str(&format!(r#", "details": "{}"}}"#, "x".repeat(pad)));
        assert_eq!(fits.len() as u64, MAX_RECORD_BYTES);
        std::fs::create_dir_all(base.join("fits-pkg")).unwrap();
        std::fs::write(base.join("fits-pkg/MAL-2099-0011.json"), &fits).unwrap();
        assert_eq!(
            db.lookup(Ecosystem::PyPI, "fits-pkg").unwrap().as_deref(),
            Some("MAL-2099-0011")
        );

        let many = base.join("many-pkg");
        std::fs::create_dir_all(&many).unwrap();
        for i in 0..=MAX_RECORDS_PER_NAME {
            std::fs::write(many.join(format!("MAL-2099-{i:05}.txt")), "").unwrap();
        }
        let e = db.lookup(Ecosystem::PyPI, "many-pkg").unwrap_err();
        assert!(e.contains("many-pkg") && e.contains("more than"), "{e}");

        let long = "a".repeat(MAX_NAME_BYTES + 1);
        assert_eq!(db.lookup(Ecosystem::PyPI, &long).unwrap(), None);
    }
}
