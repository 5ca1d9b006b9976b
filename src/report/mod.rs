//! Reporting: human text, JSON and SARIF 2.1.0. Secrets are redacted unless the caller asks
//! for them (`show_secrets`), because hook output lands in CI logs. Human output escapes every
//! control character that comes from a file or a name ([`crate::text`]); JSON and SARIF carry the
//! text exactly (their encoders escape it).

pub mod sarif;

use std::io::Write;

use serde::Serialize;

use crate::engine::{Outcome, Skipped};
use crate::finding::Finding;
use crate::rules::Level;
use crate::text::quoted;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One line per finding, a summary and a hint.
    Human,
    /// A JSON object: `findings`, `skipped`, `incomplete`, `summary` (see README).
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
    /// Which way out the human output's hint points to.
    pub hint: Hint,
}

/// The ways out a hint may name: only what the reader can actually use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Hint {
    /// A local scan: inline markers and `.keepmumignore` work.
    #[default]
    Local,
    /// A server-side scan: the pushed tree's files are not read.
    Server {
        /// Whether `git push -o keepmum.allow=<fingerprint>` is honoured.
        push_option: bool,
    },
}

impl Hint {
    fn text(self) -> &'static str {
        match self {
            Hint::Local => "hint: remove the secret (load it from the environment), or if it is a false positive add `# keepmum:allow` to the line or its fingerprint to .keepmumignore",
            Hint::Server { push_option: true } => "hint: remove the secret from those commits (git commit --amend, git rebase -i) and rotate it; a false positive can be let through with: git push -o keepmum.allow=<fingerprint>",
            Hint::Server { push_option: false } => "hint: remove the secret from those commits (git commit --amend, git rebase -i) and rotate it; for a false positive, ask the repository's administrators (this server judges by its own policy only)",
        }
    }
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
    /// `error` (blocks) or `warning`.
    pub level: &'a str,
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
    /// Present (true) when an inline allow marker covers the finding and this scan does not
    /// honour markers (a server with `pre-receive.inline-allow: false`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub inline_marker_ignored: bool,
    /// Present when the file is binary: the secret's byte offset in it (binary files are
    /// scanned on their printable runs by the exact-format rules).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub binary_offset: Option<u64>,
}

/// Counts in the JSON `summary`.
#[derive(Debug, Serialize)]
pub struct JsonSummary {
    /// Findings at level `error`.
    pub errors: usize,
    /// Findings at level `warning`.
    pub warnings: usize,
    /// Files (file versions, in history modes) scanned.
    pub files: usize,
    /// Commits scanned (history modes).
    pub commits: usize,
    /// Commit and tag messages scanned.
    pub messages: usize,
    /// Files and messages not scanned (listed in `skipped`).
    pub skipped: usize,
}

/// The JSON document: every finding, every file that was not scanned and why, and why the
/// scan stopped early (`null` when it did not).
#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    /// Findings after every allow list, in report order.
    pub findings: Vec<JsonFinding<'a>>,
    /// Files and messages not scanned: `path`, `commit` (history modes; a message's commit or
    /// tag object), `object` (`file`, `message`), `kind` (`too-large`, `unreadable`) and
    /// `reason`.
    pub skipped: &'a [Skipped],
    /// Why the scan is incomplete (time budget), or `null`.
    pub incomplete: Option<&'a str>,
    /// Counts.
    pub summary: JsonSummary,
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
        level: f.level.as_str(),
        path: &f.path,
        line: f.line,
        column: f.column,
        end_line: f.end_line,
        commit: f.commit.as_deref(),
        secret: shown(f, o),
        fingerprint: &f.fingerprint,
        inline_marker_ignored: f.marker_ignored,
        binary_offset: f.binary_offset,
    }
}

/// Findings at level error and at level warning.
fn counts(outcome: &Outcome) -> (usize, usize) {
    let errors = outcome
        .findings
        .iter()
        .filter(|f| f.level == Level::Error)
        .count();
    (errors, outcome.findings.len() - errors)
}

/// The JSON document of an outcome.
pub fn json_report(outcome: &Outcome, o: Options) -> JsonReport<'_> {
    let (errors, warnings) = counts(outcome);
    JsonReport {
        findings: outcome
            .findings
            .iter()
            .map(|f| json_finding(f, o))
            .collect(),
        skipped: &outcome.skipped,
        incomplete: outcome.incomplete.as_deref(),
        summary: JsonSummary {
            errors,
            warnings,
            files: outcome.files,
            commits: outcome.commits,
            messages: outcome.messages,
            skipped: outcome.skipped.len(),
        },
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
            serde_json::to_writer_pretty(&mut *w, &json_report(outcome, o))?;
            writeln!(w)
        }
        Format::Sarif => {
            serde_json::to_writer_pretty(&mut *w, &sarif::build(outcome, o, rules))?;
            writeln!(w)
        }
    }
}

/// Where a finding or skipped file is: `path:line:col`, or `commit:path:line:col`.
fn location(commit: Option<&str>, path: &str, line_col: Option<(u32, u32)>) -> String {
    let path = quoted(path);
    let at = match line_col {
        Some((l, c)) => format!("{path}:{l}:{c}"),
        None => path.into_owned(),
    };
    match commit {
        Some(c) => format!("{}:{at}", &c[..c.len().min(12)]),
        None => at,
    }
}

/// How many files and messages `skipped` holds, in words: `2 file(s)`, `1 message(s)`,
/// `2 file(s) and 1 message(s)`.
pub fn unscanned_count<'a>(skipped: impl IntoIterator<Item = &'a Skipped>) -> String {
    let (mut files, mut messages) = (0, 0);
    for s in skipped {
        match s.object {
            crate::engine::Unscanned::File => files += 1,
            crate::engine::Unscanned::Message => messages += 1,
        }
    }
    match (files, messages) {
        (files, 0) => format!("{files} file(s)"),
        (0, messages) => format!("{messages} message(s)"),
        (files, messages) => format!("{files} file(s) and {messages} message(s)"),
    }
}

fn human(w: &mut dyn Write, outcome: &Outcome, o: Options) -> std::io::Result<()> {
    let (red, yellow, bold, dim, reset) = if o.color {
        ("\x1b[31m", "\x1b[33m", "\x1b[1m", "\x1b[2m", "\x1b[0m")
    } else {
        ("", "", "", "", "")
    };
    for f in &outcome.findings {
        let at = location(f.commit.as_deref(), &f.path, Some((f.line, f.column)));
        let (colour, tag) = match f.level {
            Level::Error => (red, ""),
            Level::Warning => (yellow, " (warning)"),
        };
        let mut note = String::new();
        if let Some(at) = f.binary_offset {
            note.push_str(&format!("  (binary file, byte {at})"));
        }
        if f.marker_ignored {
            note.push_str("  (inline allow marker ignored: pre-receive.inline-allow is false)");
        }
        writeln!(
            w,
            "{bold}{at}{reset}  {colour}{}{tag}{reset}  {}  {}  {dim}[{}]{reset}{note}",
            quoted(&f.rule_id),
            quoted(&f.description),
            quoted(&shown(f, o)),
            quoted(&f.fingerprint)
        )?;
    }
    for s in &outcome.skipped {
        writeln!(
            w,
            "{bold}{}{reset}  {red}not scanned{reset}  {}",
            location(s.commit.as_deref(), &s.path, None),
            quoted(&s.reason)
        )?;
    }
    let n = outcome.findings.len();
    let scope = if outcome.commits > 0 {
        format!(
            "{} commit(s), {} file version(s)",
            outcome.commits, outcome.files
        )
    } else if outcome.files == 0 && outcome.messages > 0 {
        // The commit-msg hook (one message, no file), or a push of tags alone.
        format!("{} message(s)", outcome.messages)
    } else {
        format!("{} file(s)", outcome.files)
    };
    if let Some(why) = &outcome.incomplete {
        writeln!(w, "{red}keepmum: scan incomplete: {}{reset}", quoted(why))?;
    }
    if !outcome.skipped.is_empty() {
        writeln!(
            w,
            "{red}keepmum: {} NOT scanned (listed above): the change is not known to be clean{reset}",
            unscanned_count(&outcome.skipped)
        )?;
    }
    let (errors, warnings) = counts(outcome);
    if n == 0 {
        let what = if outcome.skipped.is_empty() && outcome.incomplete.is_none() {
            "keepmum: no secrets found in"
        } else {
            "keepmum: no findings in the part scanned:"
        };
        writeln!(w, "{what} {scope}")?;
    } else {
        let split = if warnings > 0 {
            format!(" ({errors} error(s), {warnings} warning(s))")
        } else {
            String::new()
        };
        writeln!(w, "{bold}keepmum: {n} finding(s){split} in {scope}{reset}")?;
        writeln!(w, "{}", o.hint.text())?;
    }
    Ok(())
}
