//! SARIF 2.1.0 output, shaped for GitHub code scanning: one run, the rules as
//! `tool.driver.rules`, one result per finding with a physical location and
//! `partialFingerprints` (stable across line moves).
//!
//! Each rule descriptor carries the rule's `why`/`fix` as `help` (text and markdown, what code
//! scanning shows beside an alert), a `helpUri` to the README section of its family, and the
//! properties code scanning sorts and filters by (`security-severity`, `precision`, `tags`),
//! all derived from the rule's data. Scans load built-in rules without their documentation;
//! it is read here, once, only for the rules that have findings.

use serde_json::{json, Value};

use super::Options;
use crate::engine::{Outcome, Unscanned};
use crate::finding::Finding;
use crate::rules::{Kind, Level, Rule, RuleSpec, Severity};

/// The SARIF schema URI.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Builds the SARIF log for an outcome. `rules` are the rules the scan ran (for the
/// descriptors' texts; a rule missing there is described from its findings).
pub fn build(outcome: &Outcome, o: Options, rules: &[Rule]) -> Value {
    let mut rule_ids: Vec<&str> = outcome
        .findings
        .iter()
        .map(|f| f.rule_id.as_str())
        .collect();
    rule_ids.sort_unstable();
    rule_ids.dedup();
    let rules = descriptors(&rule_ids, &outcome.findings, rules);
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
                "level": f.level.as_str(),
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
            if let Some(at) = f.binary_offset {
                // A binary file: where the secret is, in bytes.
                r["locations"][0]["physicalLocation"]["region"]["byteOffset"] = json!(at);
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
            "invocations": [invocation(outcome)],
            "columnKind": "utf16CodeUnits",
            "results": results
        }]
    })
}

/// The invocation: whether the scan covered everything, and a notification for each file or
/// message that was not scanned and for a scan that stopped early.
fn invocation(outcome: &Outcome) -> Value {
    let mut notes: Vec<Value> = outcome
        .skipped
        .iter()
        .map(|s| {
            let mut n = match s.object {
                Unscanned::File => json!({
                    "level": "error",
                    "message": { "text": format!("{} not scanned: {}", s.path, s.reason) },
                    "locations": [{ "physicalLocation": {
                        "artifactLocation": { "uri": s.path, "uriBaseId": "%SRCROOT%" }
                    }}],
                    "properties": { "kind": s.kind, "object": s.object },
                }),
                // A message is no artifact of the tree: no location, its commit below.
                Unscanned::Message => json!({
                    "level": "error",
                    "message": { "text": format!("message not scanned: {}", s.reason) },
                    "properties": { "kind": s.kind, "object": s.object },
                }),
            };
            if let Some(c) = &s.commit {
                n["properties"]["commit"] = json!(c);
            }
            n
        })
        .collect();
    if let Some(why) = &outcome.incomplete {
        notes.push(json!({
            "level": "error",
            "message": { "text": format!("scan incomplete: {why}") },
        }));
    }
    json!({
        "executionSuccessful": outcome.skipped.is_empty() && outcome.incomplete.is_none(),
        "toolExecutionNotifications": notes,
    })
}

/// Where the README documents the rules of a family (a heading `#### Family: <kind>`), at
/// the tag of this version.
pub fn help_uri(kind: Kind) -> String {
    format!(
        "{}/blob/v{}/README.md#family-{}",
        env!("CARGO_PKG_REPOSITORY"),
        env!("CARGO_PKG_VERSION"),
        kind.as_str()
    )
}

/// GitHub code scanning's `security-severity` (a CVSS-like score: 9.0+ critical, 7.0+ high,
/// 4.0+ medium, else low) from the rule's severity and family: a high-severity credential of
/// a recognised format (a provider's token, a private key) is critical.
pub fn security_severity(kind: Kind, severity: Severity) -> &'static str {
    match (severity, kind) {
        (Severity::High, Kind::Provider | Kind::PrivateKey) => "9.0",
        (Severity::High, _) => "8.0",
        (Severity::Medium, _) => "5.5",
        (Severity::Low, _) => "3.0",
    }
}

/// GitHub code scanning's `precision` (how often a finding is a true positive) by family:
/// fixed token formats are near-certain, a named assignment (password, URL credentials, secret
/// key, debug switch) rarely wrong, a random-looking value (generic) the least certain.
pub fn precision(kind: Kind) -> &'static str {
    match kind {
        Kind::Provider | Kind::PrivateKey => "very-high",
        Kind::Password | Kind::Url | Kind::SecretKey | Kind::Debug => "high",
        Kind::Generic => "medium",
        // What a path or a pin is, is not a guess; a name one edit from a popular one is
        // usually, not always, a typo.
        Kind::Environment | Kind::EndOfLife | Kind::SecretFile => "very-high",
        Kind::Package | Kind::Setting => "high",
    }
}

/// The tags of a rule: `security` (code scanning applies `security-severity` only to
/// security rules), what it finds, its family and its CWE.
pub fn tags(kind: Kind) -> Vec<String> {
    let mut tags = vec!["security".to_string()];
    match kind {
        Kind::Debug => {
            tags.push("debug".into());
            // CWE-489: Active Debug Code.
            tags.push("external/cwe/cwe-489".into());
        }
        Kind::Package => {
            tags.push("supply-chain".into());
            tags.push(kind.as_str().into());
            // CWE-1357: Reliance on Insufficiently Trustworthy Component.
            tags.push("external/cwe/cwe-1357".into());
        }
        Kind::Environment => {
            tags.push(kind.as_str().into());
            // CWE-538: Insertion of Sensitive Information into Externally-Accessible File
            // or Directory (an environment's files, caches and paths).
            tags.push("external/cwe/cwe-538".into());
        }
        Kind::EndOfLife => {
            tags.push(kind.as_str().into());
            // CWE-1104: Use of Unmaintained Third Party Components.
            tags.push("external/cwe/cwe-1104".into());
        }
        Kind::Setting => {
            tags.push(kind.as_str().into());
            // CWE-1188: Initialization of a Resource with an Insecure Default.
            tags.push("external/cwe/cwe-1188".into());
        }
        Kind::SecretFile => {
            tags.push("secret".into());
            tags.push(kind.as_str().into());
            // CWE-540: Inclusion of Sensitive Information in Source Code.
            tags.push("external/cwe/cwe-540".into());
        }
        _ => {
            tags.push("secret".into());
            tags.push(kind.as_str().into());
            // CWE-798: Use of Hard-coded Credentials; keys also CWE-321 (Use of Hard-coded
            // Cryptographic Key).
            tags.push("external/cwe/cwe-798".into());
            if matches!(kind, Kind::PrivateKey | Kind::SecretKey) {
                tags.push("external/cwe/cwe-321".into());
            }
        }
    }
    tags
}

/// The rule descriptors (`tool.driver.rules`) of `ids`, in that order.
fn descriptors(ids: &[&str], findings: &[Finding], rules: &[Rule]) -> Vec<Value> {
    let rule_of = |id: &str| rules.iter().find(|r| r.id == id);
    // Built-in rules run without their texts: read them (one parse) for the rules that need
    // them. Should that fail (it cannot for the embedded files, which tests parse), the
    // descriptors keep the generic advice.
    let undocumented: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| rule_of(id).is_none_or(|r| r.spec.why.is_none() && r.spec.fix.is_none()))
        .collect();
    let builtin: Vec<RuleSpec> = if undocumented.is_empty() {
        Vec::new()
    } else {
        crate::rules::builtin_docs(&undocumented).unwrap_or_default()
    };
    ids.iter()
        .map(|id| {
            let rule = rule_of(id);
            let finding = findings.iter().find(|f| f.rule_id == *id);
            let spec = rule
                .map(|r| &r.spec)
                .filter(|s| s.why.is_some() || s.fix.is_some())
                .or_else(|| builtin.iter().find(|s| s.id == *id));
            let (description, kind, severity, level) = match (rule, finding) {
                (Some(r), _) => (r.description.as_str(), r.kind, r.severity, r.level),
                (None, Some(f)) => (f.description.as_str(), f.kind, f.severity, f.level),
                (None, None) => ("", Kind::Generic, Severity::High, Level::Error),
            };
            let why = spec.and_then(|s| s.why.as_deref()).map(str::trim);
            let fix = spec.and_then(|s| s.fix.as_deref()).map(str::trim);
            descriptor(id, description, (kind, severity, level), why, fix)
        })
        .collect()
}

/// Advice when a rule documents no fix of its own.
const DEFAULT_FIX: &str = "Remove the value from the change and rotate it; load it at run time from the environment or a secret store.";

/// One descriptor. Its `defaultConfiguration.level` is the rule's level (`error` blocks,
/// `warning` does not), as each result's `level` is the finding's; how bad a finding is goes
/// in `security-severity`.
fn descriptor(
    id: &str,
    description: &str,
    (kind, severity, level): (Kind, Severity, Level),
    why: Option<&str>,
    fix: Option<&str>,
) -> Value {
    let uri = help_uri(kind);
    let fix = fix.unwrap_or(DEFAULT_FIX);
    let allow = format!(
        "A false positive? Add `# keepmum:allow {id}` to the line (or `# keepmum:allow-next-line` above it), or the finding's fingerprint to .keepmumignore."
    );
    let description = description.trim().trim_end_matches('.');
    let mut text = format!("{description}.\n\n");
    let mut markdown = format!(
        "**{description}** (keepmum rule `{id}`, family [`{}`]({uri}))\n\n",
        kind.as_str()
    );
    if let Some(w) = why {
        text.push_str(&format!("Why: {w}\n\n"));
        markdown.push_str(&format!("{w}\n\n"));
    }
    text.push_str(&format!("How to fix: {fix}\n\n{allow}\n\nMore: {uri}"));
    markdown.push_str(&format!("**How to fix:** {fix}\n\n{allow}"));
    json!({
        "id": id,
        "name": id,
        "shortDescription": { "text": description },
        "fullDescription": { "text": why.unwrap_or(description) },
        "help": { "text": text, "markdown": markdown },
        "helpUri": uri,
        "defaultConfiguration": { "level": level.as_str() },
        "properties": {
            "tags": tags(kind),
            "precision": precision(kind),
            "security-severity": security_severity(kind, severity),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: &Rule) -> Finding {
        Finding {
            rule_id: rule.id.clone(),
            description: rule.description.clone(),
            kind: rule.kind,
            severity: rule.severity,
            level: rule.level,
            path: "a.py".into(),
            line: 1,
            column: 1,
            end_line: 1,
            secret: "s".into(),
            line_text: Default::default(),
            match_text: String::new(),
            commit: None,
            fingerprint: format!("{}:0", rule.id),
            marker_ignored: false,
            binary_offset: None,
        }
    }

    fn rules_of(v: &Value) -> &Vec<Value> {
        v["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .expect("rules")
    }

    /// Built-in rules run without their texts (as scans load them); the descriptors still
    /// carry each rule's why and fix, read for the rules with findings only.
    #[test]
    fn builtin_descriptors_carry_why_and_fix() {
        let scan_rules = crate::rules::builtin_rules().expect("rules");
        let documented = crate::rules::builtin_rules_strict().expect("rules");
        let pick = ["github-pat", "django-debug", "password-assignment"];
        let outcome = Outcome {
            findings: pick
                .iter()
                .map(|id| finding(scan_rules.iter().find(|r| r.id == *id).expect("rule")))
                .collect(),
            ..Outcome::default()
        };
        let o = Options {
            show_secrets: false,
            color: false,
            hint: crate::report::Hint::Local,
        };
        let v = build(&outcome, o, &scan_rules);
        let rules = rules_of(&v);
        assert_eq!(rules.len(), pick.len());
        for d in rules {
            let id = d["id"].as_str().expect("id");
            let spec = &documented.iter().find(|r| r.id == id).expect("rule").spec;
            let (why, fix) = (
                spec.why.as_deref().expect("why").trim(),
                spec.fix.as_deref().expect("fix").trim(),
            );
            for form in ["text", "markdown"] {
                let h = d["help"][form].as_str().expect("help");
                assert!(h.contains(why) && h.contains(fix), "{id} {form}: {h}");
                assert!(h.contains(&format!("keepmum:allow {id}")), "{id}: {h}");
            }
            assert_eq!(d["fullDescription"]["text"], why, "{id}");
            let kind = scan_rules.iter().find(|r| r.id == id).expect("rule").kind;
            assert_eq!(d["helpUri"], help_uri(kind).as_str());
            let tags: Vec<&str> = d["properties"]["tags"]
                .as_array()
                .expect("tags")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            assert!(tags.contains(&"security"), "{id}: {tags:?}");
            assert!(tags.iter().any(|t| t.starts_with("external/cwe/cwe-")));
        }
        let by_id = |id: &str| rules.iter().find(|d| d["id"] == id).expect("rule");
        assert_eq!(
            by_id("github-pat")["properties"]["security-severity"],
            "9.0"
        );
        assert_eq!(by_id("github-pat")["properties"]["precision"], "very-high");
        assert_eq!(
            by_id("django-debug")["properties"]["security-severity"],
            "5.5"
        );
        assert_eq!(
            by_id("django-debug")["defaultConfiguration"]["level"],
            "error",
            "the level says whether it blocks; severity is in security-severity"
        );
        assert_eq!(
            by_id("password-assignment")["properties"]["security-severity"],
            "8.0"
        );
        // Together the texts of these three give GitHub a full alert page; the same log
        // without findings has no descriptors (and reads no documentation).
        let v = build(&Outcome::default(), o, &scan_rules);
        assert!(rules_of(&v).is_empty());
    }

    /// A custom rule's own why/fix (from the config) are its help; one without them gets the
    /// generic advice, and a finding whose rule is not given is described from the finding.
    #[test]
    fn custom_rule_descriptors() {
        let spec: RuleSpec = serde_json::from_value(json!({
            "id": "acme-key",
            "description": "ACME API key.",
            "why": "ACME keys reach the billing API.",
            "fix": "Revoke it in the ACME console.",
            "regex": "(?P<secret>acme_[a-z0-9]{8})"
        }))
        .expect("spec");
        let documented = Rule::compile(spec, std::path::Path::new("x.yaml"), true).expect("rule");
        let spec: RuleSpec = serde_json::from_value(json!({
            "id": "bare-rule",
            "description": "Bare",
            "severity": "low",
            "regex": "(?P<secret>bare_[a-z0-9]{8})"
        }))
        .expect("spec");
        let bare = Rule::compile(spec, std::path::Path::new("x.yaml"), true).expect("rule");
        let mut orphan = finding(&bare);
        orphan.rule_id = "gone".into();
        let outcome = Outcome {
            findings: vec![finding(&documented), finding(&bare), orphan],
            ..Outcome::default()
        };
        let v = build(
            &outcome,
            Options {
                show_secrets: false,
                color: false,
                hint: crate::report::Hint::Local,
            },
            &[documented, bare],
        );
        let rules = rules_of(&v);
        let by_id = |id: &str| rules.iter().find(|d| d["id"] == id).expect("rule");
        let acme = by_id("acme-key");
        let text = acme["help"]["text"].as_str().expect("text");
        assert!(text.starts_with("ACME API key.\n"), "{text}");
        assert!(
            text.contains("Why: ACME keys reach the billing API."),
            "{text}"
        );
        assert!(text.contains("How to fix: Revoke it in the ACME console."));
        assert_eq!(acme["shortDescription"]["text"], "ACME API key");
        assert_eq!(acme["properties"]["precision"], "medium");
        let bare = by_id("bare-rule");
        assert!(bare["help"]["text"]
            .as_str()
            .expect("text")
            .contains(DEFAULT_FIX));
        assert_eq!(bare["fullDescription"]["text"], "Bare");
        assert_eq!(bare["properties"]["security-severity"], "3.0");
        assert_eq!(bare["defaultConfiguration"]["level"], "error");
        assert_eq!(by_id("gone")["shortDescription"]["text"], "Bare");
    }

    /// Every family's `helpUri` names a README heading that exists, and every score is one
    /// GitHub accepts (0.1 to 10).
    #[test]
    fn help_uris_name_readme_sections() {
        let readme = include_str!("../../README.md");
        for kind in Kind::ALL {
            let heading = format!("\n#### Family: {}\n", kind.as_str());
            assert!(readme.contains(&heading), "README lacks {heading:?}");
            assert!(help_uri(kind).ends_with(&format!("#family-{}", kind.as_str())));
            assert!(help_uri(kind).starts_with("https://"));
            for sev in [Severity::High, Severity::Medium, Severity::Low] {
                let s: f64 = security_severity(kind, sev).parse().expect("number");
                assert!((0.1..=10.0).contains(&s));
            }
        }
    }
}
