//! The corpus generator and scorer used by `tests/corpus.rs`.

pub mod build;
pub mod config;
pub mod gen;
pub mod notebook;
pub mod providers;
pub mod providers_dev;
pub mod providers_infra;
pub mod providers_more;
pub mod providers_saas;
pub mod python;
pub mod score;
pub mod shapes;
pub mod web;
