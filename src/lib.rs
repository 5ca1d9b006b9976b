//! keepmum keeps secrets and unsafe settings out of git repositories.
//!
//! Data flows one way: a [`source`] yields changed files and their added lines, the [`scan`]
//! stage runs the [`rules`] over them, the [`allow`] stage drops accepted findings, and
//! [`report`] prints what is left. [`verdict`] decides the exit code; [`commands`] holds the
//! commands the CLI calls, whole, and [`app`] the scans they run.

#![warn(missing_docs)]

pub mod allow;
pub mod app;
pub mod audit;
pub mod capped;
pub mod checks;
pub mod commands;
pub mod compat;
pub mod config;
pub mod deadline;
pub mod engine;
pub mod error;
pub mod finding;
pub mod history;
pub mod install;
pub mod message;
pub mod report;
pub mod rules;
pub mod scan;
pub mod source;
pub mod text;
pub mod verdict;

pub use error::{Error, Result};
pub use finding::Finding;
