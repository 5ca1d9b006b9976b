//! Time budgets: a [`Deadline`] the scan checks between commits, between files and inside a
//! file (between blocks of lines, rules and batches of matches), so an expired budget stops it
//! within a fraction of a second, whatever the push holds. GitHub Enterprise Server gives all
//! pre-receive hooks 5 s in total: budgets take units ([`parse_duration`]: `500ms`, `4s`, `2m`).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// When a scan must stop (or never), and whether it had to.
#[derive(Debug, Default)]
pub struct Deadline {
    at: Option<Instant>,
    budget: Option<Duration>,
    hit: AtomicBool,
    /// How often a limited deadline was looked at ([`Deadline::checks`]).
    checks: AtomicU64,
    /// Expire at the look after this many ([`Deadline::after_checks`]).
    max_checks: Option<u64>,
}

impl Deadline {
    /// No limit (for statics: `static NO_DEADLINE: Deadline = Deadline::NONE`).
    #[allow(clippy::declare_interior_mutable_const)]
    pub const NONE: Deadline = Deadline {
        at: None,
        budget: None,
        hit: AtomicBool::new(false),
        checks: AtomicU64::new(0),
        max_checks: None,
    };

    /// No limit.
    pub fn none() -> Deadline {
        Deadline::default()
    }

    /// `budget` from now (`None` or zero: no limit).
    pub fn after(budget: Option<Duration>) -> Deadline {
        Deadline::from(Instant::now(), budget)
    }

    /// `budget` from `start` (`None` or zero: no limit): a hook's budget counts from when it
    /// started, reading its input and policy included.
    pub fn from(start: Instant, budget: Option<Duration>) -> Deadline {
        let budget = budget.filter(|b| !b.is_zero());
        Deadline {
            at: budget.and_then(|b| start.checked_add(b)),
            budget,
            hit: AtomicBool::new(false),
            checks: AtomicU64::new(0),
            max_checks: None,
        }
    }

    /// A deadline that expires at its `n + 1`-th look, whatever the time: where a scan stops
    /// is then the same on every machine (for tests of what a scan does once out of time).
    pub fn after_checks(n: u64) -> Deadline {
        Deadline {
            max_checks: Some(n),
            ..Deadline::default()
        }
    }

    /// Whether the time is up; once it is, the deadline remembers it ([`Deadline::was_hit`]).
    pub fn expired(&self) -> bool {
        if self.at.is_none() && self.max_checks.is_none() {
            return false;
        }
        let n = self.checks.fetch_add(1, Ordering::Relaxed) + 1;
        if self.hit.load(Ordering::Relaxed) {
            return true;
        }
        let due = self.at.is_some_and(|at| Instant::now() >= at)
            || self.max_checks.is_some_and(|max| n > max);
        if due {
            self.hit.store(true, Ordering::Relaxed);
        }
        due
    }

    /// Whether some check found the time up: what was scanned is not all there was.
    pub fn was_hit(&self) -> bool {
        self.hit.load(Ordering::Relaxed)
    }

    /// How many times [`Deadline::expired`] looked at a deadline with a limit: a measure,
    /// independent of the machine's speed, of how often a scan checks its budget
    /// (`tests/hostile.rs` asserts a file is checked at least every 256 KiB).
    pub fn checks(&self) -> u64 {
        self.checks.load(Ordering::Relaxed)
    }

    /// The budget this deadline was set from.
    pub fn budget(&self) -> Option<Duration> {
        self.budget
    }
}

/// Reads a duration as the config does ([`crate::config::parse_duration`]): a whole number
/// with a unit (`500ms`, `4s`, `2m`), or a plain whole number of seconds (`60`). `0` means no
/// limit to the callers that take budgets. The error says what to write (for `--time-budget`).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    crate::config::parse_duration(text).ok_or_else(|| {
        format!(
            "`{}` is not a duration: write e.g. `500ms`, `4s`, `2m`, or a whole number of seconds",
            text.trim()
        )
    })
}

/// A duration as people write budgets: `500ms`, `4s`, `2m`, `90s`.
pub fn show_duration(d: Duration) -> String {
    let ms = d.as_millis();
    if ms % 1000 != 0 {
        format!("{ms}ms")
    } else if ms % 60_000 == 0 && ms > 0 {
        format!("{}m", ms / 60_000)
    } else {
        format!("{}s", ms / 1000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("4s"), Ok(Duration::from_secs(4)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("60"), Ok(Duration::from_secs(60)));
        assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
        for bad in ["", "soon", "1.5s", "-1", "4 days", "ms"] {
            let e = parse_duration(bad).unwrap_err();
            assert!(e.contains("not a duration"), "{bad}: {e}");
        }
        for d in ["500ms", "4s", "2m", "90s", "1500ms"] {
            assert_eq!(show_duration(parse_duration(d).unwrap()), d);
        }
    }

    #[test]
    fn deadlines() {
        let none = Deadline::after(None);
        assert!(!none.expired() && !none.was_hit());
        assert!(!Deadline::after(Some(Duration::ZERO)).expired());
        let now = Deadline::after(Some(Duration::from_nanos(1)));
        std::thread::sleep(Duration::from_millis(2));
        assert!(!now.was_hit());
        assert!(now.expired() && now.was_hit());
        let later = Deadline::after(Some(Duration::from_secs(3600)));
        assert!(!later.expired());
        assert_eq!(later.checks(), 1);
        let counted = Deadline::after_checks(2);
        assert!(!counted.expired() && !counted.expired());
        assert!(counted.expired() && counted.was_hit() && counted.expired());
        assert_eq!(counted.checks(), 4);
    }
}
