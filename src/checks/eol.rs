//! End of life: the embedded schedule of Python, Django and Flask releases
//! (`data/end-of-life.txt`), version specifiers, and today's date (overridable for tests and
//! reproducible runs: `--today YYYY-MM-DD` or `KEEPMUM_TODAY`).

use std::sync::OnceLock;

const SCHEDULE: &str = include_str!("../../data/end-of-life.txt");

/// The environment variable that sets today's date (`YYYY-MM-DD`).
pub const TODAY_ENV: &str = "KEEPMUM_TODAY";

/// How close to its end of life a pin is reported as ending soon (six months).
pub const SOON_DAYS: i64 = 183;

/// A calendar day (days since 1970-01-01).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(i64);

impl Date {
    /// The day `y-m-d` (no validation beyond ranges).
    pub fn ymd(y: i64, m: u32, d: u32) -> Date {
        // Howard Hinnant's days_from_civil.
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(m);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Date(era * 146_097 + doe - 719_468)
    }

    /// The year, month and day.
    pub fn parts(self) -> (i64, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        (if m <= 2 { y + 1 } else { y }, m, d)
    }

    /// Parses `YYYY-MM-DD`, or `YYYY-MM` (the last day of that month).
    pub fn parse(s: &str) -> Option<Date> {
        let mut it = s.trim().split('-');
        let y: i64 = it.next()?.parse().ok()?;
        let m: u32 = it.next()?.parse().ok()?;
        if !(1..=12).contains(&m) || !(1900..=9999).contains(&y) {
            return None;
        }
        match it.next() {
            Some(d) => {
                let d: u32 = d.parse().ok()?;
                let date = Date::ymd(y, m, d);
                // Reject 2026-02-31 and the like: the day must read back the same.
                (it.next().is_none() && date.parts() == (y, m, d)).then_some(date)
            }
            None => {
                let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                Some(Date(Date::ymd(ny, nm, 1).0 - 1))
            }
        }
    }

    /// Days from `self` to `other`.
    pub fn days_until(self, other: Date) -> i64 {
        other.0 - self.0
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = self.parts();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

static TODAY: OnceLock<Date> = OnceLock::new();

/// Sets today's date for this process (`--today`); only the first call counts.
pub fn set_today(d: Date) {
    let _ = TODAY.set(d);
}

thread_local! {
    static TODAY_HERE: std::cell::Cell<Option<Date>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` with today's date set to `d` on this thread (rule examples).
pub fn with_today<T>(d: Option<Date>, f: impl FnOnce() -> T) -> T {
    let before = TODAY_HERE.with(|t| t.replace(d));
    let r = f();
    TODAY_HERE.with(|t| t.set(before));
    r
}

/// Today: the `--today` date, else `KEEPMUM_TODAY`, else the system clock (UTC).
pub fn today() -> Date {
    if let Some(d) = TODAY_HERE.with(std::cell::Cell::get) {
        return d;
    }
    *TODAY.get_or_init(|| {
        if let Some(d) = std::env::var(TODAY_ENV).ok().and_then(|v| Date::parse(&v)) {
            return d;
        }
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date((secs / 86_400) as i64)
    })
}

/// Sets today's date from `--today` (when given), after checking it and `KEEPMUM_TODAY`: a
/// mistyped date is a usage error, not a silent fall-back to the clock.
pub fn init_today(flag: Option<&str>) -> crate::Result<()> {
    if let Some(f) = flag {
        let d = Date::parse(f).ok_or_else(|| {
            crate::Error::Usage(format!("--today {f:?} is not a date: give YYYY-MM-DD"))
        })?;
        set_today(d);
        return Ok(());
    }
    match std::env::var(TODAY_ENV) {
        Ok(v) if Date::parse(&v).is_none() => Err(crate::Error::Usage(format!(
            "{TODAY_ENV}={v:?} is not a date: give YYYY-MM-DD (or unset it)"
        ))),
        _ => Ok(()),
    }
}

/// What the schedule covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Product {
    /// CPython.
    Python,
    /// Django.
    Django,
    /// Flask.
    Flask,
}

impl Product {
    /// The product's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Product::Python => "Python",
            Product::Django => "Django",
            Product::Flask => "Flask",
        }
    }
}

/// A version, as far as schedules go: major, minor, patch.
pub type Version = [u64; 3];

/// One feature release in the schedule.
#[derive(Debug, Clone)]
pub struct Series {
    product: Product,
    /// Major and minor.
    pub version: (u64, u64),
    released: String,
    /// End of security support (`None`: not known yet, the current Flask release).
    pub end: Option<Date>,
}

/// Where a series stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Past its end of security support.
    Past,
    /// Within [`SOON_DAYS`] of it.
    Soon,
    /// Supported.
    Supported,
}

/// A series and where it stands.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// `3.8`, `4.2`.
    pub series: String,
    /// Its state today.
    pub state: State,
    /// Its end of security support (`-` when unknown).
    pub end: String,
    /// The release that replaced it (Flask).
    pub successor: Option<String>,
}

/// The parsed schedule.
#[derive(Debug)]
pub struct Schedule {
    series: Vec<Series>,
    as_of: String,
}

/// The embedded schedule, parsed on first use.
pub fn schedule() -> &'static Schedule {
    static S: OnceLock<Schedule> = OnceLock::new();
    S.get_or_init(|| Schedule::parse(SCHEDULE))
}

fn series_of(s: &str) -> Option<(u64, u64)> {
    let mut it = s.split('.');
    let a = it.next()?.parse().ok()?;
    let b = it.next()?.parse().ok()?;
    Some((a, b))
}

impl Schedule {
    /// Parses the schedule's text (lines `product series released end`).
    pub fn parse(text: &str) -> Schedule {
        let mut series = Vec::new();
        let mut as_of = String::new();
        for line in text.lines() {
            if let Some(h) = line.strip_prefix('#') {
                if let Some(d) = h.trim().strip_prefix("as-of:") {
                    as_of = d.trim().to_string();
                }
                continue;
            }
            let f: Vec<&str> = line.split_whitespace().collect();
            if f.len() != 4 {
                continue;
            }
            let product = match f[0] {
                "python" => Product::Python,
                "django" => Product::Django,
                "flask" => Product::Flask,
                _ => continue,
            };
            let Some(version) = series_of(f[1]) else {
                continue;
            };
            series.push(Series {
                product,
                version,
                released: f[2].to_string(),
                end: Date::parse(f[3]),
            });
        }
        Schedule { series, as_of }
    }

    /// The date the schedule was last checked.
    pub fn as_of(&self) -> &str {
        &self.as_of
    }

    fn of(&self, product: Product) -> impl Iterator<Item = &Series> {
        self.series.iter().filter(move |s| s.product == product)
    }

    fn verdict(&self, s: &Series, today: Date) -> Verdict {
        let state = match s.end {
            Some(e) if today > e => State::Past,
            Some(e) if today.days_until(e) <= SOON_DAYS => State::Soon,
            _ => State::Supported,
        };
        let successor = self
            .of(s.product)
            .filter(|o| o.version > s.version)
            .min_by_key(|o| o.version)
            .map(|o| format!("{} {}.{}", s.product.as_str(), o.version.0, o.version.1));
        Verdict {
            series: format!("{}.{}", s.version.0, s.version.1),
            state,
            end: s.end.map_or_else(|| "-".to_string(), |e| e.to_string()),
            successor,
        }
    }

    /// The state of the series of `v` today: `None` when the schedule does not know it
    /// (newer than its newest entry). A series older than the oldest listed is past.
    pub fn state(
        &self,
        product: Product,
        v: Version,
        today: Date,
    ) -> Option<(String, State, String)> {
        let key = (v[0], v[1]);
        if let Some(s) = self.of(product).find(|s| s.version == key) {
            let vd = self.verdict(s, today);
            return Some((vd.series, vd.state, vd.end));
        }
        let oldest = self.of(product).min_by_key(|s| s.version)?;
        if key < oldest.version && oldest.end.is_some_and(|e| today > e) {
            return Some((
                format!("{}.{}", key.0, key.1),
                State::Past,
                format!(
                    "before {}",
                    oldest.end.map_or_else(String::new, |e| e.to_string())
                ),
            ));
        }
        None
    }

    /// The newest series `range` allows, when the range has an upper bound that keeps it to
    /// listed series (an open range allows the newest release: nothing to report).
    pub fn newest_allowed(&self, product: Product, range: &Range, today: Date) -> Option<Verdict> {
        range.hi?;
        self.of(product)
            .filter(|s| range.allows_series(s.version))
            .max_by_key(|s| s.version)
            .map(|s| self.verdict(s, today))
    }

    /// The oldest and newest listed series `range` allows (the newest is the newest listed
    /// one when the range is open).
    pub fn allowed_extremes(
        &self,
        product: Product,
        range: &Range,
        today: Date,
    ) -> Option<(Verdict, Verdict)> {
        let mut allowed: Vec<&Series> = self
            .of(product)
            .filter(|s| range.allows_series(s.version))
            .collect();
        allowed.sort_by_key(|s| s.version);
        let lo = allowed.first()?;
        let hi = allowed.last()?;
        Some((self.verdict(lo, today), self.verdict(hi, today)))
    }

    /// The table of `product` as `rules --explain` prints it.
    pub fn explain(&self, product: Product, today: Date) -> String {
        let mut s = format!(
            "Schedule ({}, as of {}; data/end-of-life.txt), judged on {today}:\n",
            product.as_str(),
            self.as_of
        );
        for r in self.of(product) {
            let v = self.verdict(r, today);
            let state = match v.state {
                State::Past => "end of life",
                State::Soon => "ends within six months",
                State::Supported => "supported",
            };
            s.push_str(&format!(
                "  {:<6} released {:<10}  security support until {:<10}  {state}\n",
                v.series, r.released, v.end
            ));
        }
        if product == Product::Flask {
            s.push_str("  (Pallets support only the latest feature release)\n");
        }
        s
    }
}

/// The numeric part of a version (`3.8.10`, `3.12.0rc1` -> 3.12.0, `3.8.*`): up to three
/// components, and whether it ended in `.*`.
pub fn parse_version(s: &str) -> Option<(Version, usize, bool)> {
    let s = s.trim().trim_start_matches(['v', 'V']);
    let mut v = [0u64; 3];
    let mut n = 0;
    let mut wildcard = false;
    for part in s.split('.') {
        if part == "*" {
            wildcard = true;
            break;
        }
        let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() || n == 3 {
            break;
        }
        v[n] = digits.parse().ok()?;
        n += 1;
        if digits.len() != part.len() {
            break;
        }
    }
    (n > 0).then_some((v, n, wildcard))
}

/// The Python version of a pin as written: `3.8`, `3.8.10`, `3.8-slim` (an image tag), `38` or
/// `312` (tox factors). `3`, `3.x`, `pypy3.9`, `system` and `latest` say no CPython version.
pub fn python_version(s: &str) -> Option<Version> {
    let s = s.trim().trim_matches(['"', '\'']);
    if s.bytes().all(|b| b.is_ascii_digit()) && (2..=3).contains(&s.len()) {
        let (a, b) = s.split_at(1);
        return Some([a.parse().ok()?, b.parse().ok()?, 0]);
    }
    let (v, n, _) = parse_version(s)?;
    (n >= 2 && (2..=3).contains(&v[0])).then_some(v)
}

/// A version range from a specifier: the bounds its clauses leave (`!=` clauses are ignored,
/// which only widens it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Range {
    /// Lower bound and whether it is included.
    pub lo: Option<(Version, bool)>,
    /// Upper bound and whether it is included.
    pub hi: Option<(Version, bool)>,
}

fn bump(v: Version, at: usize) -> Version {
    let mut o = v;
    o[at] += 1;
    for x in o.iter_mut().skip(at + 1) {
        *x = 0;
    }
    o
}

impl Range {
    fn raise(&mut self, b: (Version, bool)) {
        if self.lo.is_none_or(|l| b.0 > l.0 || (b.0 == l.0 && !b.1)) {
            self.lo = Some(b);
        }
    }

    fn lower(&mut self, b: (Version, bool)) {
        if self.hi.is_none_or(|h| b.0 < h.0 || (b.0 == h.0 && !b.1)) {
            self.hi = Some(b);
        }
    }

    /// Parses a PEP 440 specifier (`>=3.9,<4`, `==4.2.*`, `~=4.2`), a Poetry one (`^3.8`,
    /// `~3.8`, `>=3.8 <4`), a bare version (`4.2.1`, `3.8.*`) or a conda one (`=3.8`). With
    /// `||` alternatives, the union's bounds. `None` when nothing in it constrains versions.
    pub fn parse(spec: &str) -> Option<Range> {
        let spec = spec.trim().trim_matches(['"', '\'']);
        if spec.contains("||") {
            let parts: Vec<Range> = spec.split("||").filter_map(Range::parse).collect();
            let first = parts.first()?.clone();
            return Some(parts.iter().skip(1).fold(first, |mut acc, r| {
                acc.lo = match (acc.lo, r.lo) {
                    (Some(a), Some(b)) => Some(if b.0 < a.0 { b } else { a }),
                    _ => None,
                };
                acc.hi = match (acc.hi, r.hi) {
                    (Some(a), Some(b)) => Some(if b.0 > a.0 { b } else { a }),
                    _ => None,
                };
                acc
            }));
        }
        let mut r = Range::default();
        let mut any = false;
        // Clauses are `,`- or space-separated; an operator may stand apart from its version
        // (`>= 3.10`).
        let mut clauses: Vec<String> = Vec::new();
        let mut pending_op = String::new();
        for tok in spec
            .split([',', ' ', '\t'])
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            if tok.chars().all(|c| "<>=!~^".contains(c)) {
                pending_op.push_str(tok);
                continue;
            }
            clauses.push(format!("{}{tok}", std::mem::take(&mut pending_op)));
        }
        for clause in clauses.iter().map(String::as_str) {
            let op_len = clause
                .find(|c: char| c.is_ascii_digit() || c == 'v')
                .unwrap_or(clause.len());
            let (op, ver) = clause.split_at(op_len);
            let op = op.trim();
            let Some((v, n, wild)) = parse_version(ver) else {
                continue;
            };
            any = true;
            match op {
                ">=" => r.raise((v, true)),
                ">" => r.raise((v, false)),
                "<=" => r.lower((v, true)),
                "<" => r.lower((v, false)),
                "!=" => {}
                "~=" => {
                    r.raise((v, true));
                    r.lower((bump(v, n.saturating_sub(2)), false));
                }
                "^" => {
                    r.raise((v, true));
                    let at = if v[0] > 0 || n == 1 {
                        0
                    } else if v[1] > 0 || n == 2 {
                        1
                    } else {
                        2
                    };
                    r.lower((bump(v, at), false));
                }
                "~" => {
                    r.raise((v, true));
                    r.lower((bump(v, if n >= 2 { 1 } else { 0 }), false));
                }
                "" | "=" | "==" | "===" => {
                    if wild || n < 3 && op != "===" && op != "==" {
                        // `==3.8.*`, conda `=3.8`, a bare `3.8`: that whole release series.
                        r.raise((v, true));
                        r.lower((bump(v, n - 1), false));
                    } else {
                        r.raise((v, true));
                        r.lower((v, true));
                    }
                }
                _ => any = false,
            }
        }
        any.then_some(r)
    }

    /// Whether some version of series `a.b` is in the range.
    pub fn allows_series(&self, (a, b): (u64, u64)) -> bool {
        let start = [a, b, 0];
        let end = [a, b + 1, 0]; // exclusive
        let lo_ok = self.lo.is_none_or(|(l, incl)| {
            // Some version of the series is >= l: the series reaches past l.
            l < end && (incl || l < [a, b, u64::MAX])
        });
        let hi_ok = self
            .hi
            .is_none_or(|(h, incl)| h > start || (incl && h == start));
        lo_ok && hi_ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let d = Date::parse("2026-12-01").unwrap();
        assert_eq!(d.to_string(), "2026-12-01");
        assert_eq!(Date::parse("2026-10").unwrap().to_string(), "2026-10-31");
        assert_eq!(Date::parse("2028-02").unwrap().to_string(), "2028-02-29");
        assert_eq!(Date::parse("1970-01-01").unwrap(), Date(0));
        assert!(Date::parse("2026-02-31").is_none());
        assert!(Date::parse("tomorrow").is_none());
        assert_eq!(
            Date::parse("2026-12-01")
                .unwrap()
                .days_until(Date::parse("2027-01-01").unwrap()),
            31
        );
    }

    #[test]
    fn specifiers() {
        let r = Range::parse(">=3.9,<4").unwrap();
        assert!(r.allows_series((3, 9)) && r.allows_series((3, 13)) && !r.allows_series((3, 8)));
        assert!(!r.allows_series((4, 0)));
        let r = Range::parse("==4.2.*").unwrap();
        assert!(r.allows_series((4, 2)) && !r.allows_series((4, 3)) && !r.allows_series((4, 1)));
        let r = Range::parse("~=4.2").unwrap();
        assert!(r.allows_series((4, 2)) && r.allows_series((4, 9)) && !r.allows_series((5, 0)));
        let r = Range::parse("~=4.2.1").unwrap();
        assert!(r.allows_series((4, 2)) && !r.allows_series((4, 3)));
        let r = Range::parse("^3.8").unwrap();
        assert!(r.allows_series((3, 8)) && r.allows_series((3, 14)) && !r.allows_series((4, 0)));
        let r = Range::parse(">3.8").unwrap();
        assert!(r.allows_series((3, 8)));
        let r = Range::parse(">= 3.10").unwrap();
        assert!(r.allows_series((3, 10)) && r.allows_series((3, 14)) && r.hi.is_none());
        let r = Range::parse(">=3.8 <3.9").unwrap();
        assert!(r.allows_series((3, 8)) && !r.allows_series((3, 9)));
        let r = Range::parse("4.2.1").unwrap();
        assert_eq!(r.lo, r.hi);
        let r = Range::parse("=3.8").unwrap();
        assert!(r.allows_series((3, 8)) && !r.allows_series((3, 9)));
        let r = Range::parse("<5").unwrap();
        assert!(r.allows_series((4, 2)) && !r.allows_series((5, 0)));
        let r = Range::parse("<=4.2").unwrap();
        assert!(r.allows_series((4, 2)) && !r.allows_series((4, 3)));
        assert!(Range::parse("*").is_none());
        let r = Range::parse("^3.8 || ^4.1").unwrap();
        assert!(r.allows_series((3, 8)) && r.allows_series((4, 5)));
    }

    #[test]
    fn python_versions() {
        assert_eq!(python_version("3.8.10"), Some([3, 8, 10]));
        assert_eq!(python_version("3.12-slim"), Some([3, 12, 0]));
        assert_eq!(python_version("38"), Some([3, 8, 0]));
        assert_eq!(python_version("312"), Some([3, 12, 0]));
        assert_eq!(python_version("\"3.9\""), Some([3, 9, 0]));
        for s in ["3", "3.x", "pypy3.9", "system", "latest", "10.2"] {
            assert_eq!(python_version(s), None, "{s}");
        }
    }

    #[test]
    fn schedule_states() {
        let s = schedule();
        assert!(!s.as_of().is_empty());
        let today = Date::parse("2026-12-01").unwrap();
        let st = |v: Version| s.state(Product::Python, v, today).map(|x| x.1);
        assert_eq!(st([3, 8, 0]), Some(State::Past));
        assert_eq!(st([3, 9, 0]), Some(State::Past));
        assert_eq!(st([3, 10, 0]), Some(State::Past));
        assert_eq!(st([3, 11, 0]), Some(State::Supported));
        assert_eq!(st([3, 13, 0]), Some(State::Supported));
        assert_eq!(st([2, 6, 0]), Some(State::Past));
        assert_eq!(st([3, 99, 0]), None);
        let june = Date::parse("2027-06-01").unwrap();
        assert_eq!(
            s.state(Product::Python, [3, 11, 0], june).map(|x| x.1),
            Some(State::Soon)
        );
        let d = |spec: &str| {
            s.newest_allowed(Product::Django, &Range::parse(spec).unwrap(), today)
                .map(|v| (v.series, v.state))
        };
        assert_eq!(d("==4.2.1"), Some(("4.2".into(), State::Past)));
        assert_eq!(d(">=4.2,<5"), Some(("4.2".into(), State::Past)));
        assert_eq!(d(">=4.2,<6"), Some(("5.2".into(), State::Supported)));
        assert_eq!(d("==6.0"), Some(("6.0".into(), State::Soon)));
        assert_eq!(d(">=4.2"), None);
        let f = s
            .newest_allowed(Product::Flask, &Range::parse("==2.3.3").unwrap(), today)
            .unwrap();
        assert_eq!(
            (f.state, f.successor.as_deref()),
            (State::Past, Some("Flask 3.0"))
        );
        let f = s
            .newest_allowed(Product::Flask, &Range::parse("~=3.1").unwrap(), today)
            .unwrap();
        assert_eq!(f.state, State::Supported);
        assert!(s.explain(Product::Django, today).contains("4.2"));
    }
}
