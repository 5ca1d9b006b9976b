//! Generators for the cloud, infrastructure, CI/CD, databases and observability providers (`rules/providers-infra.yaml`): one per rule, a public prefix plus a random body in the
//! vendor's format. Only prefixes appear in this file.

#[allow(unused_imports)]
use super::gen::Gen;
use super::providers::Provider;

/// One generator per rule id of the rule file.
pub const PROVIDERS: &[Provider] = &[];
