//! SARIF 2.1.0 output, shaped for GitHub code scanning: one run, the rules as
//! `tool.driver.rules`, one result per finding with a physical location and
//! `partialFingerprints` (stable across line moves).

use serde_json::{json, Value};

use super::Options;
use crate::engine::Outcome;
use crate::rules::Severity;

/// The SARIF schema URI.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Builds the SARIF log for an outcome.
pub fn build(outcome: &Outcome, o: Options) -> Value {
    let mut rule_ids: Vec<&str> = outcome
        .findings
        .iter()
        .map(|f| f.rule_id.as_str())
        .collect();
    rule_ids.sort_unstable();
    rule_ids.dedup();
    let rules: Vec<Value> = rule_ids
        .iter()
        .map(|id| {
            let f = outcome.findings.iter().find(|f| f.rule_id == *id);
            let desc = f.map_or("", |f| f.description.as_str());
            let level = f.map_or("error", |f| level(f.severity));
            json!({
                "id": id,
                "name": id,
                "shortDescription": { "text": desc },
                "fullDescription": { "text": desc },
                "help": { "text": "Remove the secret from the change and rotate it; load it from the environment or a secret store. For a false positive add `keepmum:allow` on the line or the fingerprint to .keepmumignore." },
                "defaultConfiguration": { "level": level },
                "properties": { "tags": ["security", "secret"] }
            })
        })
        .collect();
    let results: Vec<Value> = outcome
        .findings
        .iter()
        .map(|f| {
            let idx = rule_ids.iter().position(|r| *r == f.rule_id).unwrap_or(0);
            let secret = if o.show_secrets {
                f.secret.clone()
            } else {
                f.redacted()
            };
            let mut r = json!({
                "ruleId": f.rule_id,
                "ruleIndex": idx,
                "level": level(f.severity),
                "message": { "text": format!("{}: {}", f.description, secret) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": f.path, "uriBaseId": "%SRCROOT%" },
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.column,
                            "endLine": f.end_line
                        }
                    }
                }],
                "partialFingerprints": { "keepmum/v1": f.fingerprint },
            });
            if let Some(c) = &f.commit {
                r["properties"] = json!({ "commit": c });
            }
            r
        })
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "keepmum",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules
            }},
            "columnKind": "utf16CodeUnits",
            "results": results
        }]
    })
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}
