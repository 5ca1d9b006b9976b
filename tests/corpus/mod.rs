//! The corpus generator and scorer used by `tests/corpus.rs`.

pub mod build;
pub mod config;
pub mod gen;
pub mod notebook;
pub mod providers;
pub mod python;
pub mod score;
pub mod web;
