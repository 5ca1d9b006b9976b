//! Verifies rules against their own examples: every example must produce a finding of its
//! rule and no negative example may. Templates (`<<class:len>>`) are expanded with a generator
//! seeded from the rule id, so runs are reproducible.

use super::{Added, Scanner};
use crate::error::{Error, Result};
use crate::rules::template::{expand, SplitMix64};

/// Runs every rule's examples through `scanner`; returns how many were checked, or an error
/// listing every failure.
pub fn check_examples(scanner: &Scanner) -> Result<usize> {
    check_examples_of(scanner, None)
}

/// Like [`check_examples`], for the rules whose ids are in `only` (all rules when `None`).
/// The error names every failing rule and lists each failed example.
pub fn check_examples_of(scanner: &Scanner, only: Option<&[String]>) -> Result<usize> {
    let mut failures = Vec::new();
    let mut failed_rules: Vec<&str> = Vec::new();
    let mut checked = 0;
    for rule in scanner.rules() {
        if only.is_some_and(|ids| !ids.contains(&rule.id)) {
            continue;
        }
        let before = failures.len();
        let default_path = rule.spec.example_path.as_deref().unwrap_or("config.txt");
        let groups = [
            (&rule.spec.examples, true),
            (&rule.spec.negative_examples, false),
        ];
        for (list, positive) in groups {
            for (i, ex) in list.iter().enumerate() {
                let (path, template) = ex.parts(default_path);
                let mut rng = SplitMix64::from_str_seed(&format!("{}#{}#{}", rule.id, positive, i));
                let text = match expand(template, &mut rng) {
                    Ok(t) => t,
                    Err(e) => {
                        let kind = if positive {
                            "example"
                        } else {
                            "negative example"
                        };
                        failures.push(format!("rule {}: {kind} #{}: {e}", rule.id, i + 1));
                        continue;
                    }
                };
                let mut found = Vec::new();
                crate::checks::with_example_context(rule.spec.example_context.as_ref(), || {
                    scanner.scan(path, text.as_bytes(), &Added::All, &mut found);
                    // Path checks judge the example's path as a file the change adds.
                    let checks = scanner.checks();
                    found.extend(checks.environments(scanner.rules(), [path]));
                    found.extend(checks.secret_file(
                        scanner.rules(),
                        path,
                        None,
                        Some(text.as_bytes()),
                        true,
                    ));
                });
                let hit = found.iter().any(|f| f.rule_id == rule.id);
                checked += 1;
                if hit != positive {
                    let what = if positive {
                        "example not detected"
                    } else {
                        "negative example detected"
                    };
                    failures.push(format!(
                        "rule {}: {what} #{} (scanned as {path}): {}",
                        rule.id,
                        i + 1,
                        template.lines().next().unwrap_or("")
                    ));
                }
            }
        }
        if failures.len() > before {
            failed_rules.push(&rule.id);
        }
    }
    match failures.len() {
        0 => Ok(checked),
        1 => Err(Error::RuleExample {
            id: failed_rules.join(", "),
            message: failures[0]
                .split_once(": ")
                .map_or(failures[0].clone(), |(_, m)| m.to_string()),
        }),
        // One failure a line: each escaped here (a rule id, path or example from a config
        // cannot add lines of its own), so the line breaks are only these.
        n => Err(Error::RuleExample {
            id: crate::text::escaped(&failed_rules.join(", ")).into_owned(),
            message: format!(
                "{n} examples failed:\n  {}",
                failures
                    .iter()
                    .map(|f| crate::text::escaped(f))
                    .collect::<Vec<_>>()
                    .join("\n  ")
            ),
        }),
    }
}
