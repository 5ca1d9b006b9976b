//! The verdict: the one place that turns what a scan found (and could not look at) into an
//! exit code, for every mode — `scan`, `hook`, `pre-push` and `pre-receive`.
//!
//! | outcome | exit code |
//! |---|---|
//! | no finding at a blocking level, everything scanned | 0 |
//! | a finding at a blocking level (`error`; `warning` too with `fail-on: warning`) | 1 |
//! | the scan stopped early (time budget); for a push, unless `on-timeout: accept` | 1 |
//! | a file that could not be scanned (too large under `on-large-file: fail`, unreadable) | 2 |
//!
//! The highest applicable code wins: a change that is not known to be clean never exits 0.

use crate::config::{Config, OnLargeFile, OnTimeout};
use crate::engine::{Outcome, SkipKind};
use crate::rules::Level;

/// Exit code of a clean scan.
pub const CLEAN: u8 = 0;
/// Exit code when something blocks the change (findings, an incomplete scan).
pub const BLOCKED: u8 = 1;
/// Exit code of an error: usage, config, repository, or a file that could not be scanned.
pub const ERROR: u8 = 2;

/// Which rules apply to an incomplete scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// A local scan (`scan`, `hook`, `pre-push`): an incomplete scan blocks.
    Local,
    /// A server-side push scan: an incomplete scan follows the server's `on-timeout`.
    Push(OnTimeout),
}

/// The decision about one scan, with the counts the messages need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// The exit code.
    pub code: u8,
    /// Findings at level `error`.
    pub errors: usize,
    /// Findings at level `warning`.
    pub warnings: usize,
    /// Findings that block (errors, plus warnings under `fail-on: warning`).
    pub blocking: usize,
    /// Files left unscanned that make the scan fail (exit 2).
    pub unscanned: usize,
    /// The scan was incomplete and the policy accepted it anyway (`on-timeout: accept`).
    pub accepted_incomplete: bool,
}

impl Verdict {
    /// Whether the change passes (exit 0).
    pub fn passes(&self) -> bool {
        self.code == CLEAN
    }
}

/// Decides the verdict of `outcome` under `config` in `context`.
pub fn decide(outcome: &Outcome, config: &Config, context: Context) -> Verdict {
    let errors = outcome
        .findings
        .iter()
        .filter(|f| f.level == Level::Error)
        .count();
    let warnings = outcome.findings.len() - errors;
    let blocking = match config.fail_on {
        Level::Error => errors,
        Level::Warning => errors + warnings,
    };
    let unscanned = outcome
        .skipped
        .iter()
        .filter(|s| match s.kind {
            SkipKind::TooLarge => config.on_large_file == OnLargeFile::Fail,
            SkipKind::Unreadable => true,
        })
        .count();
    let incomplete_blocks = outcome.incomplete.is_some()
        && match context {
            Context::Local => true,
            Context::Push(t) => t == OnTimeout::Reject,
        };
    let mut code = CLEAN;
    if blocking > 0 || incomplete_blocks {
        code = BLOCKED;
    }
    if unscanned > 0 {
        code = ERROR;
    }
    Verdict {
        code,
        errors,
        warnings,
        blocking,
        unscanned,
        accepted_incomplete: outcome.incomplete.is_some() && !incomplete_blocks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Skipped;
    use crate::finding::Finding;
    use crate::rules::{Kind, Severity};

    fn finding(level: Level) -> Finding {
        Finding {
            rule_id: "r".into(),
            description: String::new(),
            kind: Kind::Generic,
            severity: Severity::High,
            level,
            path: "a".into(),
            line: 1,
            column: 1,
            end_line: 1,
            secret: String::new(),
            line_text: Default::default(),
            match_text: String::new(),
            commit: None,
            fingerprint: String::new(),
            marker_ignored: false,
            binary_offset: None,
        }
    }

    fn skipped(kind: SkipKind) -> Skipped {
        Skipped {
            path: "big".into(),
            commit: None,
            object: crate::engine::Unscanned::File,
            kind,
            reason: String::new(),
        }
    }

    /// Every mode's exit code comes from this one table.
    #[test]
    fn the_table() {
        let mut cfg = Config::builtin().unwrap_or_else(|e| panic!("{e}"));
        let local = Context::Local;
        let reject = Context::Push(OnTimeout::Reject);
        let accept = Context::Push(OnTimeout::Accept);
        let clean = Outcome::default();
        let err = Outcome {
            findings: vec![finding(Level::Error)],
            ..Outcome::default()
        };
        let warn = Outcome {
            findings: vec![finding(Level::Warning)],
            ..Outcome::default()
        };
        let cut = Outcome {
            incomplete: Some("time budget".into()),
            ..Outcome::default()
        };
        let large = Outcome {
            skipped: vec![skipped(SkipKind::TooLarge)],
            ..Outcome::default()
        };
        let unreadable = Outcome {
            skipped: vec![skipped(SkipKind::Unreadable)],
            ..Outcome::default()
        };
        let large_and_err = Outcome {
            findings: vec![finding(Level::Error)],
            skipped: vec![skipped(SkipKind::TooLarge)],
            ..Outcome::default()
        };
        for ctx in [local, reject, accept] {
            assert_eq!(decide(&clean, &cfg, ctx).code, 0);
            assert_eq!(decide(&err, &cfg, ctx).code, 1);
            assert_eq!(decide(&warn, &cfg, ctx).code, 0, "warnings pass");
            assert_eq!(decide(&large, &cfg, ctx).code, 2, "fail closed");
            assert_eq!(decide(&unreadable, &cfg, ctx).code, 2);
            assert_eq!(decide(&large_and_err, &cfg, ctx).code, 2);
        }
        assert_eq!(decide(&cut, &cfg, local).code, 1);
        assert_eq!(decide(&cut, &cfg, reject).code, 1);
        let v = decide(&cut, &cfg, accept);
        assert_eq!(v.code, 0);
        assert!(v.accepted_incomplete);
        let mut cut_err = cut;
        cut_err.findings.push(finding(Level::Error));
        assert_eq!(
            decide(&cut_err, &cfg, accept).code,
            1,
            "findings always block"
        );

        cfg.fail_on = Level::Warning;
        assert_eq!(decide(&warn, &cfg, local).code, 1, "fail-on: warning");
        assert_eq!(decide(&warn, &cfg, local).blocking, 1);
        cfg.on_large_file = OnLargeFile::Skip;
        assert_eq!(decide(&large, &cfg, local).code, 0, "on-large-file: skip");
        assert_eq!(
            decide(&unreadable, &cfg, local).code,
            2,
            "unreadable always fails"
        );
    }
}
