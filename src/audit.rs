//! The server's audit log: one JSON line per push decision (accepted, rejected, accepted on
//! timeout, or rejected by an error), appended to the file the server policy's
//! `pre-receive.audit-log` names.
//!
//! A line says when, who (from the forge's environment), which refs moved from and to what,
//! how many commits were scanned, the decision and why, and each finding by rule, fingerprint
//! and place, never by its value. Each line is written with one `write(2)` on a file opened
//! with `O_APPEND`: concurrent pushes append whole lines, none lost or interleaved. A line that
//! cannot be written fails the push closed unless the policy says `on-audit-error: accept`.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::engine::Outcome;
use crate::error::{Error, Result};
use crate::source::push::RefUpdate;
use crate::verdict::Verdict;

/// At most this many findings are listed in one line (the count is always there).
pub const MAX_FINDINGS: usize = 1000;
/// At most this many refs are listed in one line (the count is always there).
pub const MAX_REFS: usize = 10_000;

/// Who pushed, as the forge (or the SSH/HTTP server) says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pusher {
    /// The user name.
    pub name: String,
    /// The environment variable it came from (`GL_USERNAME`, `GITEA_PUSHER_NAME`...).
    pub from: &'static str,
    /// The forge's user id, when it gives one (`GL_ID`, `GITEA_PUSHER_ID`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// Where each forge puts the pusher's name (and id), most specific first: GitLab, Gitea and
/// Forgejo, GitHub Enterprise Server, gitolite, then the web server's or the system's user.
const PUSHER_VARS: &[(&str, Option<&str>)] = &[
    ("GL_USERNAME", Some("GL_ID")),
    ("GITEA_PUSHER_NAME", Some("GITEA_PUSHER_ID")),
    ("GITHUB_USER_LOGIN", None),
    ("GL_USER", None),
    ("REMOTE_USER", None),
    ("USER", None),
];

/// The pusher, from `env` (a lookup of environment variables).
pub fn pusher(env: &dyn Fn(&str) -> Option<String>) -> Option<Pusher> {
    let get = |k: &str| env(k).filter(|v| !v.is_empty());
    for (name, id) in PUSHER_VARS {
        if let Some(v) = get(name) {
            return Some(Pusher {
                name: v,
                from: name,
                id: id.and_then(get),
            });
        }
    }
    // GitLab without a user name (a deploy key): its id alone.
    get("GL_ID").map(|v| Pusher {
        name: v,
        from: "GL_ID",
        id: None,
    })
}

/// The forge's name for the repository, when it gives one.
pub fn project(env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let get = |k: &str| env(k).filter(|v| !v.is_empty());
    get("GL_PROJECT_PATH")
        .or_else(|| get("GL_REPOSITORY"))
        .or_else(
            || match (get("GITEA_REPO_USER_NAME"), get("GITEA_REPO_NAME")) {
                (Some(u), Some(n)) => Some(format!("{u}/{n}")),
                _ => None,
            },
        )
        .or_else(|| get("GITHUB_REPO_NAME"))
}

/// One ref update of the push.
#[derive(Debug, Clone, Serialize)]
pub struct RefLine {
    /// The full ref name.
    #[serde(rename = "ref")]
    pub name: String,
    /// Its old value (zeros: created).
    pub old: String,
    /// Its new value (zeros: deleted).
    pub new: String,
}

/// One finding, without its value.
#[derive(Debug, Clone, Serialize)]
pub struct FindingLine {
    /// Rule id.
    pub rule: String,
    /// `rule:hash` fingerprint (what `.keepmumignore` and the push option take).
    pub fingerprint: String,
    /// `error` or `warning`.
    pub level: String,
    /// The commit (or tag object) it is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// The path (`(message)` for a commit or tag message).
    pub path: String,
    /// 1-based line.
    pub line: u32,
}

/// One line of the audit log.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    /// UTC time of the decision, RFC 3339 with milliseconds.
    pub time: String,
    /// The repository's git dir.
    pub repository: String,
    /// The forge's name for the repository.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// Who pushed (`null`: no variable named anyone).
    pub pusher: Option<Pusher>,
    /// The ref updates (at most [`MAX_REFS`]).
    pub refs: Vec<RefLine>,
    /// How many ref updates the push had.
    pub refs_total: usize,
    /// Commits scanned.
    pub commits: usize,
    /// `accepted`, `rejected` or `accepted-on-timeout`.
    pub decision: &'static str,
    /// Why: `clean`, `warnings`, `findings`, `incomplete`, `unscanned` or `error`.
    pub reason: &'static str,
    /// The hook's exit code.
    pub exit: u8,
    /// Findings (at most [`MAX_FINDINGS`]), by rule and fingerprint.
    pub findings: Vec<FindingLine>,
    /// How many findings there were.
    pub findings_total: usize,
    /// Fingerprints accepted through `git push -o keepmum.allow=...`.
    pub accepted_by_push_option: Vec<String>,
    /// `keepmum.allow` push options the policy ignored.
    pub ignored_push_options: Vec<String>,
    /// Fingerprints of the server's baseline (`pre-receive.baseline`) that accepted findings
    /// of this push (at most [`MAX_FINDINGS`]).
    pub accepted_by_baseline: Vec<String>,
    /// How many baseline fingerprints accepted findings of this push.
    pub accepted_by_baseline_total: usize,
    /// Why the scan stopped early.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incomplete: Option<String>,
    /// Files not scanned (too large, unreadable).
    pub unscanned: usize,
    /// The error that rejected the push.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// What the push was, before it was judged.
#[derive(Debug, Clone)]
pub struct Push<'a> {
    /// The repository's git dir.
    pub repository: &'a Path,
    /// The ref updates.
    pub updates: &'a [RefUpdate],
    /// Fingerprints accepted through the push option.
    pub accepted_by_push_option: &'a [String],
    /// Push options ignored.
    pub ignored_push_options: &'a [String],
    /// Baseline fingerprints that accepted findings.
    pub accepted_by_baseline: &'a [String],
}

impl Record {
    fn new(push: &Push, env: &dyn Fn(&str) -> Option<String>) -> Record {
        Record {
            time: rfc3339(std::time::SystemTime::now()),
            repository: crate::text::path_text(push.repository.as_os_str().as_encoded_bytes()),
            project: project(env),
            pusher: pusher(env),
            refs: push
                .updates
                .iter()
                .take(MAX_REFS)
                .map(|u| RefLine {
                    name: u.refname.clone(),
                    old: u.old.to_string(),
                    new: u.new.to_string(),
                })
                .collect(),
            refs_total: push.updates.len(),
            commits: 0,
            decision: "rejected",
            reason: "error",
            exit: crate::verdict::ERROR,
            findings: Vec::new(),
            findings_total: 0,
            accepted_by_push_option: push.accepted_by_push_option.to_vec(),
            ignored_push_options: push.ignored_push_options.to_vec(),
            accepted_by_baseline: push
                .accepted_by_baseline
                .iter()
                .take(MAX_FINDINGS)
                .cloned()
                .collect(),
            accepted_by_baseline_total: push.accepted_by_baseline.len(),
            incomplete: None,
            unscanned: 0,
            error: None,
        }
    }

    /// The record of a push judged by `verdict`.
    pub fn decided(
        push: &Push,
        outcome: &Outcome,
        verdict: &Verdict,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Record {
        let mut r = Record::new(push, env);
        r.commits = outcome.commits;
        r.exit = verdict.code;
        r.decision = if !verdict.passes() {
            "rejected"
        } else if verdict.accepted_incomplete {
            "accepted-on-timeout"
        } else {
            "accepted"
        };
        r.reason = if verdict.blocking > 0 {
            "findings"
        } else if outcome.incomplete.is_some() {
            "incomplete"
        } else if verdict.unscanned > 0 {
            "unscanned"
        } else if verdict.warnings > 0 {
            "warnings"
        } else if verdict.passes() {
            "clean"
        } else {
            "error"
        };
        r.findings = outcome
            .findings
            .iter()
            .take(MAX_FINDINGS)
            .map(|f| FindingLine {
                rule: f.rule_id.clone(),
                fingerprint: f.fingerprint.clone(),
                level: f.level.as_str().to_string(),
                commit: f.commit.clone(),
                path: f.path.clone(),
                line: f.line,
            })
            .collect();
        r.findings_total = outcome.findings.len();
        r.incomplete = outcome.incomplete.clone();
        r.unscanned = outcome.skipped.len();
        r
    }

    /// The record of a push rejected by `error` before it could be judged.
    pub fn failed(push: &Push, error: &Error, env: &dyn Fn(&str) -> Option<String>) -> Record {
        let mut r = Record::new(push, env);
        r.error = Some(error.to_string());
        r
    }
}

/// Appends `record` as one line to `path` with a single write on an `O_APPEND` file (created
/// with mode 0640 when missing), so lines of concurrent pushes never mix.
pub fn append(path: &Path, record: &Record) -> Result<()> {
    let mut line = serde_json::to_vec(record).map_err(|e| {
        Error::io(
            path,
            std::io::Error::new(std::io::ErrorKind::InvalidData, e),
        )
    })?;
    line.push(b'\n');
    let mut opts = std::fs::OpenOptions::new();
    opts.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o640);
    }
    let mut f = opts.open(path).map_err(|e| Error::io(path, e))?;
    // One write: a short one (disk full) is an error, never a second write that another push's
    // line could come between.
    let n = f.write(&line).map_err(|e| Error::io(path, e))?;
    if n != line.len() {
        return Err(Error::io(
            path,
            std::io::Error::new(
                std::io::ErrorKind::WriteZero,
                format!("wrote {n} of {} bytes of the audit line", line.len()),
            ),
        ));
    }
    Ok(())
}

/// `t` as `YYYY-MM-DDTHH:MM:SS.mmmZ` (UTC).
pub fn rfc3339(t: std::time::SystemTime) -> String {
    let d = t.duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let secs = d.as_secs();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, day) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        d.subsec_millis()
    )
}

/// Days since 1970-01-01 to (year, month, day) of the proleptic Gregorian calendar.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    // Howard Hinnant's algorithm, shifted so the era starts on 0000-03-01.
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn times_are_utc_rfc3339() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        // 2000-02-29 (a leap day of a century year) 12:34:56.789
        let t = UNIX_EPOCH + Duration::from_millis(951_827_696_789);
        assert_eq!(rfc3339(t), "2000-02-29T12:34:56.789Z");
        let t = UNIX_EPOCH + Duration::from_secs(1_798_761_599);
        assert_eq!(rfc3339(t), "2026-12-31T23:59:59.000Z");
        let t = UNIX_EPOCH + Duration::from_secs(1_798_761_600);
        assert_eq!(rfc3339(t), "2027-01-01T00:00:00.000Z");
    }

    #[test]
    fn a_timeout_is_recorded_as_the_policy_decides() {
        use crate::config::{Config, OnTimeout};
        use crate::verdict::{decide, Context};
        let config = Config::builtin().unwrap();
        let outcome = Outcome {
            commits: 3,
            incomplete: Some("time budget of 4s ran out".into()),
            ..Outcome::default()
        };
        let updates = crate::source::push::parse_pre_receive(&format!(
            "{} {} refs/heads/main\n",
            "0".repeat(40),
            "1".repeat(40)
        ))
        .unwrap();
        let push = Push {
            repository: Path::new("/srv/git/x.git"),
            updates: &updates,
            accepted_by_push_option: &[],
            ignored_push_options: &[],
            accepted_by_baseline: &[],
        };
        let none = |_: &str| None;
        for (policy, decision, exit) in [
            (OnTimeout::Accept, "accepted-on-timeout", 0),
            (OnTimeout::Reject, "rejected", 1),
        ] {
            let v = decide(&outcome, &config, Context::Push(policy));
            let r = Record::decided(&push, &outcome, &v, &none);
            assert_eq!(r.decision, decision);
            assert_eq!(r.reason, "incomplete");
            assert_eq!(r.exit, exit);
            assert_eq!(r.commits, 3);
            assert_eq!(r.incomplete.as_deref(), Some("time budget of 4s ran out"));
            let line = serde_json::to_string(&r).unwrap();
            assert!(!line.contains('\n'), "one line");
        }
    }

    fn env_of<'a>(
        vars: &'a [(&'static str, &'static str)],
    ) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_forge_names_the_pusher() {
        let gitlab = env_of(&[
            ("GL_USERNAME", "alice"),
            ("GL_ID", "user-7"),
            ("USER", "git"),
        ]);
        assert_eq!(
            pusher(&gitlab),
            Some(Pusher {
                name: "alice".into(),
                from: "GL_USERNAME",
                id: Some("user-7".into())
            })
        );
        let deploy_key = env_of(&[("GL_ID", "key-3"), ("USER", "git")]);
        assert_eq!(pusher(&deploy_key).map(|p| p.from), Some("USER"));
        let deploy_key = env_of(&[("GL_ID", "key-3")]);
        assert_eq!(pusher(&deploy_key).map(|p| p.name), Some("key-3".into()));
        let gitea = env_of(&[("GITEA_PUSHER_NAME", "bob"), ("GITEA_PUSHER_ID", "2")]);
        assert_eq!(pusher(&gitea).and_then(|p| p.id), Some("2".into()));
        let ghes = env_of(&[("GITHUB_USER_LOGIN", "carol"), ("USER", "git")]);
        assert_eq!(pusher(&ghes).map(|p| p.name), Some("carol".into()));
        let gitolite = env_of(&[("GL_USER", "dave"), ("USER", "git")]);
        assert_eq!(pusher(&gitolite).map(|p| p.from), Some("GL_USER"));
        let empty = env_of(&[("GL_USERNAME", ""), ("REMOTE_USER", "erin")]);
        assert_eq!(pusher(&empty).map(|p| p.name), Some("erin".into()));
        assert_eq!(pusher(&env_of(&[])), None);
        let gitea = env_of(&[("GITEA_REPO_USER_NAME", "org"), ("GITEA_REPO_NAME", "app")]);
        assert_eq!(project(&gitea), Some("org/app".into()));
    }
}
