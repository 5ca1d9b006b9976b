//! Where text comes from: the staged diff, commits (ranges, whole history, pushes), and plain
//! files. Every source yields [`Change`]s: a path, the new blob, and which lines are new.

mod cli;
pub mod files;
pub mod git;
mod index;
pub mod pack;
pub mod push;

use crate::scan::Added;

/// One file's new content to scan.
#[derive(Debug, Clone)]
pub struct Change {
    /// `/`-separated path relative to the repository root (or the scanned directory).
    pub path: String,
    /// The new blob in the object database (git sources).
    pub oid: Option<git2::Oid>,
    /// The previous blob of a modified file. When set, the new lines are those whose text is
    /// not in it, worked out when the new blob is read for scanning (so it is read once), and
    /// `added` is not used.
    pub old: Option<git2::Oid>,
    /// Which lines are new (when `old` is not set).
    pub added: Added,
    /// The path a renamed or moved file had before (`old` is then its blob there; an exact
    /// move has `old == oid`). A file moved out of a path whose rules are laxer is scanned
    /// whole under the new path's rules (see `Engine::scan_changes`).
    pub from: Option<String>,
}
