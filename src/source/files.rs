//! Plain files and directories (`keepmum scan --no-git PATH...`), walked with the `ignore`
//! crate so `.gitignore`d files are skipped as git would skip them.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Lists the files under `paths` (files are taken as they are), respecting ignore files.
pub fn list(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| Error::io(p, e))?;
        if meta.is_file() {
            out.push(p.clone());
            continue;
        }
        let walker = ignore::WalkBuilder::new(p)
            .hidden(false)
            .git_ignore(true)
            .git_exclude(true)
            .require_git(false)
            .filter_entry(|e| e.file_name() != ".git")
            .build();
        for entry in walker {
            let entry =
                entry.map_err(|e| Error::Usage(format!("cannot walk {}: {e}", p.display())))?;
            if entry.file_type().is_some_and(|t| t.is_file()) {
                out.push(entry.into_path());
            }
        }
    }
    out.sort();
    Ok(out)
}

/// A display path: relative to `base` when below it, `/`-separated.
pub fn display_path(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let s = rel.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").unwrap_or(&s).to_string()
}
