//! Reporting: human text, JSON and SARIF 2.1.0. Secrets are redacted unless the caller asks
//! for them (`show_secrets`), because hook output lands in CI logs.

pub mod sarif;

use std::io::Write;

use serde::Serialize;

use crate::engine::Outcome;
use crate::finding::Finding;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One line per finding, a summary and a hint.
    Human,
    /// A JSON array of findings (see README for the schema).
    Json,
    /// SARIF 2.1.0 for code-scanning tools.
    Sarif,
}

/// Options shared by the reporters.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Print whole secret values.
    pub show_secrets: bool,
    /// Colour the human output.
    pub color: bool,
}

/// A finding as serialized in JSON output.
#[derive(Debug, Serialize)]
pub struct JsonFinding<'a> {
    /// Rule id.
    pub rule_id: &'a str,
    /// Rule description.
    pub description: &'a str,
    /// Rule kind.
    pub kind: &'a str,
    /// Severity.
    pub severity: &'a str,
    /// Path.
    pub path: &'a str,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// Last line of the secret.
    pub end_line: u32,
    /// The commit, in history modes.
    pub commit: Option<&'a str>,
    /// Redacted secret (or the whole secret with `--show-secrets`).
    pub secret: String,
    /// Stable fingerprint for `.keepmumignore`.
    pub fingerprint: &'a str,
}

fn shown(f: &Finding, o: Options) -> String {
    if o.show_secrets {
        f.secret.clone()
    } else {
        f.redacted()
    }
}

/// Converts a finding to its JSON form.
pub fn json_finding(f: &Finding, o: Options) -> JsonFinding<'_> {
    JsonFinding {
        rule_id: &f.rule_id,
        description: &f.description,
        kind: f.kind.as_str(),
        severity: f.severity.as_str(),
        path: &f.path,
        line: f.line,
        column: f.column,
        end_line: f.end_line,
        commit: f.commit.as_deref(),
        secret: shown(f, o),
        fingerprint: &f.fingerprint,
    }
}

/// Writes the outcome in `format`. `rules` are the rules the scan ran (SARIF describes
/// those with findings).
pub fn write(
    w: &mut dyn Write,
    format: Format,
    outcome: &Outcome,
    o: Options,
    rules: &[crate::rules::Rule],
) -> std::io::Result<()> {
    match format {
        Format::Human => human(w, outcome, o),
        Format::Json => {
            let v: Vec<JsonFinding> = outcome
                .findings
                .iter()
                .map(|f| json_finding(f, o))
                .collect();
            serde_json::to_writer_pretty(&mut *w, &v)?;
            writeln!(w)
        }
        Format::Sarif => {
            serde_json::to_writer_pretty(&mut *w, &sarif::build(outcome, o, rules))?;
            writeln!(w)
        }
    }
}

fn human(w: &mut dyn Write, outcome: &Outcome, o: Options) -> std::io::Result<()> {
    let (red, bold, dim, reset) = if o.color {
        ("\x1b[31m", "\x1b[1m", "\x1b[2m", "\x1b[0m")
    } else {
        ("", "", "", "")
    };
    for f in &outcome.findings {
        let at = match &f.commit {
            Some(c) => format!(
                "{}:{}:{}:{}",
                &c[..c.len().min(12)],
                f.path,
                f.line,
                f.column
            ),
            None => format!("{}:{}:{}", f.path, f.line, f.column),
        };
        writeln!(
            w,
            "{bold}{at}{reset}  {red}{}{reset}  {}  {}  {dim}[{}]{reset}",
            f.rule_id,
            f.description,
            shown(f, o),
            f.fingerprint
        )?;
    }
    for s in &outcome.skipped {
        writeln!(w, "keepmum: skipped {}: {}", s.path, s.reason)?;
    }
    let n = outcome.findings.len();
    let scope = if outcome.commits > 0 {
        format!(
            "{} commit(s), {} file version(s)",
            outcome.commits, outcome.files
        )
    } else {
        format!("{} file(s)", outcome.files)
    };
    if let Some(why) = &outcome.incomplete {
        writeln!(w, "{red}keepmum: scan incomplete: {why}{reset}")?;
    }
    if n == 0 {
        writeln!(w, "keepmum: no secrets found in {scope}")?;
    } else {
        writeln!(w, "{bold}keepmum: {n} finding(s) in {scope}{reset}")?;
        writeln!(
            w,
            "hint: remove the secret (load it from the environment), or if it is a false positive add `# keepmum:allow` to the line or its fingerprint to .keepmumignore"
        )?;
    }
    Ok(())
}
