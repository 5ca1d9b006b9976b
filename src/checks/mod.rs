//! Built-in checks for the Python security practices beyond secrets: poisoned and mistyped
//! package names, committed virtual environments and build output, end-of-life Python and
//! frameworks, and files that are secrets by what they are.
//!
//! Each check is the matcher of a rule in `rules/python.yaml` (`check: NAME`), so it is tuned,
//! disabled, allowed and reported like any rule: `overrides`, `disable`, inline markers,
//! `.keepmumignore` fingerprints, JSON and SARIF. Two kinds of check exist:
//!
//! - *content* checks read files a check knows by name (dependency files, version pins:
//!   [`files::classify`]) and report only what the change adds (findings on added lines).
//!   They run from [`crate::scan::Scanner::scan`]; a file no check reads costs one look at
//!   its name, and the embedded data (popular-package lists, the end-of-life schedule) is
//!   parsed the first time a file that needs it is scanned;
//! - *path* checks judge the paths a change adds ([`paths`]): one finding per committed
//!   environment, key stores by name and by magic bytes, `.env` files. The engine runs them
//!   where it lists the changes.

pub mod deps;
pub mod eol;
pub mod files;
pub mod names;
pub mod osv;
pub mod paths;

use std::path::PathBuf;

use crate::finding::Finding;
use crate::rules::{Matcher, Rule};
use crate::scan::{Added, Scanner};

/// The built-in checks a rule can name with `check:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Check {
    /// A dependency one edit, a look-alike or a `python-` prefix away from a popular package.
    PackageTyposquat,
    /// A dependency name with a non-ASCII character (a homoglyph: package names are ASCII).
    PackageNonAscii,
    /// A dependency the config's `packages.deny` lists.
    PackageDenied,
    /// A dependency a malicious-packages database (OSV) records.
    PackageMalicious,
    /// A Python runtime pin past its end of life.
    PythonEndOfLife,
    /// A Python runtime pin within six months of its end of life.
    PythonEndOfLifeSoon,
    /// A supported range (requires-python, a test matrix) that includes an end-of-life Python.
    PythonEndOfLifeSupported,
    /// A Django pin whose newest allowed series is past its end of life.
    DjangoEndOfLife,
    /// A Django pin whose newest allowed series ends within six months.
    DjangoEndOfLifeSoon,
    /// A Flask pin to a feature release a newer one has replaced (only the latest is supported).
    FlaskEndOfLife,
    /// A committed virtual environment (one finding per environment).
    CommittedVirtualenv,
    /// Committed caches and build output (`__pycache__/`, `*.pyc`, `.tox/`, `*.egg-info/`...).
    CommittedBuildOutput,
    /// A key store or key file (`*.p12`, `*.jks`, `id_rsa`, `terraform.tfstate`...).
    SecretFile,
    /// A `.env` file (not `.env.example` and the like).
    EnvFile,
}

impl Check {
    const ALL: [(Check, &'static str); 14] = [
        (Check::PackageTyposquat, "package-typosquat"),
        (Check::PackageNonAscii, "package-non-ascii"),
        (Check::PackageDenied, "package-denied"),
        (Check::PackageMalicious, "package-malicious"),
        (Check::PythonEndOfLife, "python-end-of-life"),
        (Check::PythonEndOfLifeSoon, "python-end-of-life-soon"),
        (
            Check::PythonEndOfLifeSupported,
            "python-end-of-life-supported",
        ),
        (Check::DjangoEndOfLife, "django-end-of-life"),
        (Check::DjangoEndOfLifeSoon, "django-end-of-life-soon"),
        (Check::FlaskEndOfLife, "flask-end-of-life"),
        (Check::CommittedVirtualenv, "committed-virtualenv"),
        (Check::CommittedBuildOutput, "committed-build-output"),
        (Check::SecretFile, "secret-file"),
        (Check::EnvFile, "env-file"),
    ];

    /// The check named `name` in a rule's `check:`.
    pub fn from_name(name: &str) -> Option<Check> {
        Check::ALL.iter().find(|(_, n)| *n == name).map(|(c, _)| *c)
    }

    /// Every check's name.
    pub fn names() -> Vec<&'static str> {
        Check::ALL.iter().map(|(_, n)| *n).collect()
    }

    fn index(self) -> usize {
        Check::ALL
            .iter()
            .position(|(c, _)| *c == self)
            .unwrap_or_default()
    }

    fn is_path_check(self) -> bool {
        matches!(
            self,
            Check::CommittedVirtualenv
                | Check::CommittedBuildOutput
                | Check::SecretFile
                | Check::EnvFile
        )
    }
}

thread_local! {
    /// The context rule examples are judged in ([`with_example_context`]).
    static EXAMPLE: std::cell::RefCell<Option<crate::rules::ExampleContext>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `f` with the checks judging as `ctx` says (today's date, deny list, malicious names):
/// how the examples of rules that depend on more than their text are verified.
pub fn with_example_context<T>(
    ctx: Option<&crate::rules::ExampleContext>,
    f: impl FnOnce() -> T,
) -> T {
    let Some(ctx) = ctx else {
        return f();
    };
    let today = ctx.today.as_deref().and_then(eol::Date::parse);
    EXAMPLE.with(|e| *e.borrow_mut() = Some(ctx.clone()));
    let r = eol::with_today(today, f);
    EXAMPLE.with(|e| *e.borrow_mut() = None);
    r
}

fn example_lists(eco: names::Ecosystem, name: &str, deny: bool) -> bool {
    EXAMPLE.with(|e| {
        e.borrow().as_ref().is_some_and(|c| {
            let list = if deny { &c.deny } else { &c.malicious };
            list.iter().any(|n| eco.normalise(n) == name)
        })
    })
}

/// The `packages:` section of the config, resolved.
#[derive(Debug, Default, Clone)]
pub struct PackagePolicy {
    /// Names used on purpose: the typosquat and non-ASCII checks skip them (normalised; an
    /// `npm:` or `pypi:` prefix limits an entry to one ecosystem).
    pub allow: Vec<String>,
    /// Names that are always reported (normalised, same prefixes).
    pub deny: Vec<String>,
    /// A checkout of an OSV malicious-packages database (`osv/malicious/<ecosystem>/<name>/`).
    pub osv: Option<PathBuf>,
}

impl PackagePolicy {
    fn lists(list: &[String], eco: names::Ecosystem, name: &str) -> bool {
        list.iter().any(|e| match e.split_once(':') {
            Some(("pypi", n)) => eco == names::Ecosystem::PyPI && n == name,
            Some(("npm", n)) => eco == names::Ecosystem::Npm && n == name,
            _ => e == name,
        })
    }

    /// Whether `packages.allow` lists `name` (normalised) for `eco`.
    pub fn allows(&self, eco: names::Ecosystem, name: &str) -> bool {
        Self::lists(&self.allow, eco, name)
    }

    /// Whether `packages.deny` lists `name` (normalised) for `eco`.
    pub fn denies(&self, eco: names::Ecosystem, name: &str) -> bool {
        Self::lists(&self.deny, eco, name)
    }
}

/// The checks a scanner runs: for each check, the rule that reports it (none when the rule is
/// disabled), and the package policy.
#[derive(Debug, Default)]
pub struct Checks {
    rules: [Option<usize>; 14],
    content: bool,
    path: bool,
    policy: PackagePolicy,
    osv: std::sync::OnceLock<std::result::Result<osv::Database, String>>,
    /// Errors met while checking (an unreadable OSV record): the engine reports the file as
    /// not scanned, so a scan that could not check a name is not clean.
    errors: std::sync::Mutex<Vec<(String, String)>>,
}

impl Checks {
    /// The checks named by `rules` (the scanner's rules, in order).
    pub fn new(rules: &[Rule]) -> Checks {
        let mut c = Checks::default();
        for (i, r) in rules.iter().enumerate() {
            if let Matcher::Check(check) = r.matcher {
                c.rules[check.index()] = Some(i);
                if check.is_path_check() {
                    c.path = true;
                } else {
                    c.content = true;
                }
            }
        }
        c
    }

    /// Sets the package policy.
    pub fn set_policy(&mut self, policy: PackagePolicy) {
        self.policy = policy;
        self.osv = std::sync::OnceLock::new();
    }

    /// The package policy.
    pub fn policy(&self) -> &PackagePolicy {
        &self.policy
    }

    /// The index (in the scanner's rules) of the rule reporting `check`, when enabled.
    pub fn rule(&self, check: Check) -> Option<usize> {
        self.rules[check.index()]
    }

    /// Whether any path check is enabled.
    pub fn has_path_checks(&self) -> bool {
        self.path
    }

    /// Whether `path`, although `allow.paths` lists it, is still read by the package checks:
    /// lock files, which the default config lists because their hashes look like secrets.
    pub fn reads_allowed(&self, path: &str) -> bool {
        self.content && files::classify(path).is_some_and(|k| k.is_lock())
    }

    /// The OSV database, opened on first use.
    fn osv(&self) -> Option<&std::result::Result<osv::Database, String>> {
        let dir = self.policy.osv.as_ref()?;
        Some(self.osv.get_or_init(|| osv::Database::open(dir)))
    }

    fn error(&self, path: &str, message: String) {
        if let Ok(mut e) = self.errors.lock() {
            if !e.iter().any(|(p, m)| p == path && *m == message) {
                e.push((path.to_string(), message));
            }
        }
    }

    /// Takes the errors met while checking `path` (see [`Checks::error`]).
    pub fn take_errors(&self, path: &str) -> Vec<String> {
        match self.errors.lock() {
            Ok(mut e) if !e.is_empty() => {
                let (mine, rest): (Vec<_>, Vec<_>) = e.drain(..).partition(|(p, _)| p == path);
                *e = rest;
                mine.into_iter().map(|(_, m)| m).collect()
            }
            _ => Vec::new(),
        }
    }

    /// Runs the content checks on one file (`Scanner::scan` calls this after its rules):
    /// nothing happens unless a check reads files of this name.
    pub fn scan_file(
        &self,
        scanner: &Scanner,
        path: &str,
        content: &[u8],
        added: &Added,
        out: &mut Vec<Finding>,
    ) {
        if !self.content {
            return;
        }
        let Some(kind) = files::classify(path) else {
            return;
        };
        self.scan_as(scanner, path, kind, content, added, out);
    }

    /// Runs the content checks on `content` read as a file of `kind`.
    pub fn scan_as(
        &self,
        scanner: &Scanner,
        path: &str,
        kind: files::FileKind,
        content: &[u8],
        added: &Added,
        out: &mut Vec<Finding>,
    ) {
        let ctx = Ctx::new(scanner, path, content, added);
        let mut items = Vec::new();
        deps::parse(kind, content, &mut items);
        let today = eol::today();
        for item in &items {
            match item {
                deps::Item::Dep(d) => self.check_dep(&ctx, d, today, out),
                deps::Item::Python(p) => self.check_python(&ctx, p, today, out),
                deps::Item::Include(_) => {}
            }
        }
    }

    fn check_dep(&self, ctx: &Ctx, d: &deps::Dep, today: eol::Date, out: &mut Vec<Finding>) {
        let raw = &ctx.content[d.name.clone()];
        let Ok(raw) = std::str::from_utf8(raw) else {
            // Not even UTF-8: certainly not an ASCII package name.
            self.emit(
                ctx,
                Check::PackageNonAscii,
                d.name.start,
                "(not UTF-8)",
                "package name with bytes that are not text: package names are ASCII".into(),
                out,
            );
            return;
        };
        if !raw.is_ascii() {
            let norm = raw.to_lowercase();
            if !self.policy.allows(d.eco, &norm) {
                let c = raw.chars().find(|c| !c.is_ascii()).unwrap_or('?');
                self.emit(
                    ctx,
                    Check::PackageNonAscii,
                    d.name.start,
                    raw,
                    format!(
                        "package name `{}` holds the non-ASCII character U+{:04X}: {} names are ASCII, so it imitates another name",
                        crate::text::quoted(raw),
                        c as u32,
                        d.eco.as_str()
                    ),
                    out,
                );
            }
            return;
        }
        let name = d.eco.normalise(raw);
        if self.policy.denies(d.eco, &name) || example_lists(d.eco, &name, true) {
            self.emit(
                ctx,
                Check::PackageDenied,
                d.name.start,
                &name,
                format!("package `{name}` is on this repository's deny list (packages.deny)"),
                out,
            );
        }
        if self.rule(Check::PackageMalicious).is_some() && example_lists(d.eco, &name, false) {
            self.emit(
                ctx,
                Check::PackageMalicious,
                d.name.start,
                &name,
                format!(
                    "package `{name}` is a known malicious {} package (an example record)",
                    d.eco.as_str()
                ),
                out,
            );
        } else if self.rule(Check::PackageMalicious).is_some() {
            match self.osv() {
                Some(Ok(db)) => match db.lookup(d.eco, &name) {
                    Ok(Some(rec)) => self.emit(
                        ctx,
                        Check::PackageMalicious,
                        d.name.start,
                        &name,
                        format!(
                            "package `{name}` is a known malicious {} package ({})",
                            d.eco.as_str(),
                            rec
                        ),
                        out,
                    ),
                    Ok(None) => {}
                    Err(e) => self.error(ctx.path, e),
                },
                Some(Err(e)) => self.error(ctx.path, e.clone()),
                None => {}
            }
        }
        if self.rule(Check::PackageTyposquat).is_some() && !self.policy.allows(d.eco, &name) {
            if let Some(hit) = names::popular(d.eco).typosquat(raw, &name) {
                self.emit(
                    ctx,
                    Check::PackageTyposquat,
                    d.name.start,
                    &name,
                    format!(
                        "package `{name}` is not a popular {eco} package but {} `{}` (#{} most downloaded on {eco}): a typo or a typosquat",
                        hit.how.describe(),
                        hit.target,
                        hit.rank,
                        eco = d.eco.as_str()
                    ),
                    out,
                );
            }
        }
        if d.eco == names::Ecosystem::PyPI {
            let product = match name.as_str() {
                "django" => Some(eol::Product::Django),
                "flask" => Some(eol::Product::Flask),
                _ => None,
            };
            if let (Some(product), Some(spec)) = (product, d.spec.clone()) {
                self.check_framework(ctx, product, spec, today, out);
            }
        }
    }

    fn check_framework(
        &self,
        ctx: &Ctx,
        product: eol::Product,
        spec: std::ops::Range<usize>,
        today: eol::Date,
        out: &mut Vec<Finding>,
    ) {
        let Ok(text) = std::str::from_utf8(&ctx.content[spec.clone()]) else {
            return;
        };
        let Some(range) = eol::Range::parse(text) else {
            return;
        };
        let Some(verdict) = eol::schedule().newest_allowed(product, &range, today) else {
            return;
        };
        let (check, what) = match (product, verdict.state) {
            (eol::Product::Django, eol::State::Past) => (Check::DjangoEndOfLife, "ended"),
            (eol::Product::Django, eol::State::Soon) => (Check::DjangoEndOfLifeSoon, "ends"),
            (eol::Product::Flask, eol::State::Past) => (Check::FlaskEndOfLife, "ended"),
            _ => return,
        };
        let name = product.as_str();
        let secret = format!("{} {}", product.as_str(), verdict.series);
        let description = match product {
            eol::Product::Flask => format!(
                "{name} {} is no longer supported: only the latest feature release is, and {} replaced it on {}",
                verdict.series,
                verdict.successor.as_deref().unwrap_or("a newer release"),
                verdict.end
            ),
            _ => format!(
                "this pin allows {name} {} at newest, whose security support {what} on {}",
                verdict.series, verdict.end
            ),
        };
        self.emit(ctx, check, spec.start, &secret, description, out);
    }

    fn check_python(
        &self,
        ctx: &Ctx,
        p: &deps::PythonPin,
        today: eol::Date,
        out: &mut Vec<Finding>,
    ) {
        let Ok(written) = std::str::from_utf8(&ctx.content[p.at.clone()]) else {
            return;
        };
        let text = p.version.as_deref().unwrap_or(written);
        let sched = eol::schedule();
        match p.kind {
            deps::PinKind::Runtime => {
                let Some(v) = eol::python_version(text) else {
                    return;
                };
                let Some((series, state, end)) = sched.state(eol::Product::Python, v, today) else {
                    return;
                };
                let (check, what) = match state {
                    eol::State::Past => (Check::PythonEndOfLife, "reached its end of life on"),
                    eol::State::Soon => (Check::PythonEndOfLifeSoon, "reaches its end of life on"),
                    eol::State::Supported => return,
                };
                self.emit(
                    ctx,
                    check,
                    p.at.start,
                    &format!("python {series}"),
                    format!("{} pins Python {series}, which {what} {end}", p.source),
                    out,
                );
            }
            deps::PinKind::Range => {
                let Some(range) = eol::Range::parse(text) else {
                    return;
                };
                let Some((lowest, newest)) =
                    sched.allowed_extremes(eol::Product::Python, &range, today)
                else {
                    return;
                };
                if lowest.state != eol::State::Past {
                    return;
                }
                if newest.state == eol::State::Past {
                    self.emit(
                        ctx,
                        Check::PythonEndOfLife,
                        p.at.start,
                        &format!("python {}", newest.series),
                        format!(
                            "{} allows only end-of-life Python: {} at newest, which reached its end of life on {}",
                            p.source, newest.series, newest.end
                        ),
                        out,
                    );
                } else {
                    self.emit(
                        ctx,
                        Check::PythonEndOfLifeSupported,
                        p.at.start,
                        &format!("python {}", lowest.series),
                        format!(
                            "{} still allows Python {}, which reached its end of life on {}",
                            p.source, lowest.series, lowest.end
                        ),
                        out,
                    );
                }
            }
            deps::PinKind::Matrix => {
                let Some(v) = eol::python_version(text) else {
                    return;
                };
                let Some((series, eol::State::Past, end)) =
                    sched.state(eol::Product::Python, v, today)
                else {
                    return;
                };
                self.emit(
                    ctx,
                    Check::PythonEndOfLifeSupported,
                    p.at.start,
                    &format!("python {series}"),
                    format!(
                        "{} includes Python {series}, which reached its end of life on {end}",
                        p.source
                    ),
                    out,
                );
            }
        }
    }

    /// Reports a finding of `check` at byte `at` of the file, unless its rule is off there, its
    /// line was not added, an inline marker allows it or an override's `allow` matches.
    fn emit(
        &self,
        ctx: &Ctx,
        check: Check,
        at: usize,
        secret: &str,
        description: String,
        out: &mut Vec<Finding>,
    ) {
        let Some(ri) = self.rule(check) else {
            return;
        };
        let rule = &ctx.scanner.rules()[ri];
        if !rule.applies_to(ctx.path) {
            return;
        }
        if ctx.sample && rule.spec.in_samples == Some(crate::rules::SampleMode::Skip) {
            return;
        }
        let (line, column, line_text, prev) = ctx.locate(at);
        if let Added::Ranges(r) = ctx.added {
            if !r.iter().any(|&(a, b)| a <= line && line <= b) {
                return;
            }
        }
        if rule.allows(secret) {
            return;
        }
        let marker = crate::allow::inline::is_allowed(line_text, prev, &rule.id);
        if marker && ctx.scanner.inline_markers() {
            return;
        }
        let lt = String::from_utf8_lossy(line_text);
        out.push(Finding {
            rule_id: rule.id.clone(),
            description,
            kind: rule.kind,
            severity: rule.severity,
            level: rule.level,
            path: ctx.path.to_string(),
            line,
            column,
            end_line: line,
            secret: secret.to_string(),
            line_text: lt.trim_end_matches(['\r', '\n']).into(),
            match_text: secret.to_string(),
            commit: None,
            fingerprint: String::new(),
            marker_ignored: marker,
            binary_offset: None,
        });
    }
}

impl Checks {
    /// A path finding of `check` (rule `ri`) for `path`: line 1, column 1.
    fn path_finding(
        &self,
        rules: &[Rule],
        check: Check,
        path: &str,
        secret: String,
        description: String,
    ) -> Option<Finding> {
        let rule = &rules[self.rule(check)?];
        if !rule.applies_to(path) || rule.allows(&secret) {
            return None;
        }
        Some(Finding {
            rule_id: rule.id.clone(),
            description,
            kind: rule.kind,
            severity: rule.severity,
            level: rule.level,
            path: path.to_string(),
            line: 1,
            column: 1,
            end_line: 1,
            line_text: path.into(),
            match_text: secret.clone(),
            secret,
            commit: None,
            fingerprint: String::new(),
            marker_ignored: false,
            binary_offset: None,
        })
    }

    /// The committed environments and build output among the paths a change adds: one
    /// finding per environment and per kind of output (see [`paths::groups`]).
    pub fn environments<'a>(
        &self,
        rules: &[Rule],
        added: impl IntoIterator<Item = &'a str>,
    ) -> Vec<Finding> {
        if self.rule(Check::CommittedVirtualenv).is_none()
            && self.rule(Check::CommittedBuildOutput).is_none()
        {
            return Vec::new();
        }
        let mut out = Vec::new();
        for g in paths::groups(added) {
            let files = if g.files == 1 {
                "1 file".to_string()
            } else {
                format!("{} files", g.files)
            };
            let (check, description) = if g.environment {
                (
                    Check::CommittedVirtualenv,
                    format!(
                        "virtual environment `{}` committed ({files}): add `{}` to .gitignore and run `git rm -r --cached {}`",
                        crate::text::quoted(&g.key),
                        crate::text::quoted(&g.gitignore),
                        crate::text::quoted(&g.key)
                    ),
                )
            } else {
                (
                    Check::CommittedBuildOutput,
                    format!(
                        "build output or cache `{}` committed ({files}): add `{}` to .gitignore and remove the files from the index (`git rm -r --cached`)",
                        crate::text::quoted(&g.key),
                        crate::text::quoted(&g.gitignore)
                    ),
                )
            };
            if let Some(f) = self.path_finding(rules, check, &g.first, g.key.clone(), description) {
                out.push(f);
            }
        }
        out
    }

    /// The finding for a file that is a secret by what it is: a key store or key file (by
    /// name, or by magic bytes when `binary` holds its content), or, when `new`, a `.env`
    /// file. `text` is the content of a text file: a key file whose private key the content
    /// rules already report (`-----BEGIN ... PRIVATE KEY-----`, PuTTY) gets no second finding.
    pub fn secret_file(
        &self,
        rules: &[Rule],
        path: &str,
        binary: Option<&[u8]>,
        text: Option<&[u8]>,
        new: bool,
    ) -> Option<Finding> {
        if self.rule(Check::SecretFile).is_some() {
            if let Some(what) = paths::secret_file(path, binary) {
                let reported = text.is_some_and(|t| {
                    let head = &t[..t.len().min(4096)];
                    rules
                        .iter()
                        .any(|r| r.kind == crate::rules::Kind::PrivateKey)
                        && (memchr::memmem::find(head, b"PRIVATE KEY-----").is_some()
                            || head.starts_with(b"PuTTY-User-Key-File-"))
                });
                if !reported {
                    let name = path.rsplit('/').next().unwrap_or(path);
                    return self.path_finding(
                        rules,
                        Check::SecretFile,
                        path,
                        path.to_string(),
                        format!(
                            "{what} committed: remove it from the repository (`git rm --cached {}`), add `{}` to .gitignore, and replace the keys it holds",
                            crate::text::quoted(path),
                            crate::text::quoted(name)
                        ),
                    );
                }
            }
        }
        if new && paths::is_env_file(path) {
            let name = path.rsplit('/').next().unwrap_or(path);
            return self.path_finding(
                rules,
                Check::EnvFile,
                path,
                path.to_string(),
                format!(
                    "`.env` file committed: add `{}` to .gitignore, run `git rm --cached {}`, and commit a `.env.example` with placeholders instead",
                    crate::text::quoted(name),
                    crate::text::quoted(path)
                ),
            );
        }
        None
    }
}

/// One file being checked: where its lines start, for positions.
struct Ctx<'a> {
    scanner: &'a Scanner,
    path: &'a str,
    content: &'a [u8],
    added: &'a Added,
    sample: bool,
    line_starts: Vec<usize>,
}

impl<'a> Ctx<'a> {
    fn new(scanner: &'a Scanner, path: &'a str, content: &'a [u8], added: &'a Added) -> Ctx<'a> {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', content).map(|p| p + 1));
        Ctx {
            scanner,
            path,
            content,
            added,
            sample: in_sample_dir(path),
            line_starts,
        }
    }

    /// Line (1-based), column (1-based, bytes), the line's text and the line before it.
    fn locate(&self, at: usize) -> (u32, u32, &'a [u8], &'a [u8]) {
        let i = match self.line_starts.binary_search(&at) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts[i];
        let end = self
            .line_starts
            .get(i + 1)
            .copied()
            .unwrap_or(self.content.len());
        let prev = if i == 0 {
            &self.content[..0]
        } else {
            &self.content[self.line_starts[i - 1]..start]
        };
        (
            i as u32 + 1,
            (at - start) as u32 + 1,
            &self.content[start..end],
            prev,
        )
    }
}

/// Whether `path` is a test file or lies in a directory of tests, docs or examples (where
/// files pin what they demonstrate). Unlike the secret rules' sample paths, a `.txt` file is
/// not prose here: `requirements.txt` and `runtime.txt` are data.
fn in_sample_dir(path: &str) -> bool {
    crate::scan::filetype::is_test_path(path) || crate::scan::filetype::in_docs_dir(path)
}

/// The files a requirements file includes (`-r FILE`, `-c FILE`), as repository paths
/// (relative to the including file's directory, `/`-separated, `..` resolved).
pub fn requirement_includes(path: &str, content: &[u8]) -> Vec<String> {
    let mut items = Vec::new();
    deps::parse(files::FileKind::Requirements, content, &mut items);
    let dir = path.rfind('/').map_or("", |i| &path[..i]);
    items
        .into_iter()
        .filter_map(|i| match i {
            deps::Item::Include(r) => std::str::from_utf8(&content[r]).ok().map(str::to_string),
            _ => None,
        })
        .filter_map(|inc| {
            if inc.contains("://") || inc.starts_with('/') {
                return None;
            }
            let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
            for p in inc.split(['/', '\\']) {
                match p {
                    "" | "." => {}
                    ".." => {
                        parts.pop()?;
                    }
                    _ => parts.push(p),
                }
            }
            Some(parts.join("/"))
        })
        .collect()
}

/// What `keepmum rules --explain ID` adds for a check rule: the data it reads and its date.
pub fn explain_data(id: &str) -> Option<String> {
    let check = Check::from_name(id)?;
    match check {
        Check::PackageTyposquat => {
            let mut s = String::from("Data: ");
            for eco in [names::Ecosystem::PyPI, names::Ecosystem::Npm] {
                let p = names::popular(eco);
                s.push_str(&format!(
                    "\n  {}: the top {} names of the {}; data of {}",
                    eco.as_str(),
                    p.len(),
                    p.source(),
                    p.date()
                ));
            }
            s.push_str("\n  (built by scripts/data/popular_packages.py; data/popular-*.txt)\n");
            Some(s)
        }
        Check::PythonEndOfLife
        | Check::PythonEndOfLifeSoon
        | Check::PythonEndOfLifeSupported
        | Check::DjangoEndOfLife
        | Check::DjangoEndOfLifeSoon
        | Check::FlaskEndOfLife => {
            let product = match check {
                Check::DjangoEndOfLife | Check::DjangoEndOfLifeSoon => eol::Product::Django,
                Check::FlaskEndOfLife => eol::Product::Flask,
                _ => eol::Product::Python,
            };
            Some(eol::schedule().explain(product, eol::today()))
        }
        _ => None,
    }
}
