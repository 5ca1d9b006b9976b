//! Where text comes from: the staged diff, commits (ranges, whole history, pushes), and plain
//! files. Every source yields [`Change`]s: a path, the new blob, and which lines are new.

pub mod files;
pub mod git;
pub mod push;

use crate::scan::Added;

/// One file's new content to scan.
#[derive(Debug, Clone)]
pub struct Change {
    /// `/`-separated path relative to the repository root (or the scanned directory).
    pub path: String,
    /// The new blob in the object database (git sources).
    pub oid: Option<git2::Oid>,
    /// Which lines are new.
    pub added: Added,
}
