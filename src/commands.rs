//! The commands, whole: each reads its input, scans, writes its report and messages, and
//! returns the exit code decided by [`crate::verdict`]. The binary only parses arguments into
//! the request types here, calls one function, and maps an [`Error`] to a message and exit 2.
//!
//! Output goes through [`Io`]: a closed standard output (`keepmum | head -1`) is not an error
//! of the scan — the report stops and the exit code is still the verdict's.

use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};

use crate::app::{self, Mode, ScanOptions};
use crate::audit;
use crate::config::OnAuditError;
use crate::engine::{Engine, Outcome};
use crate::error::{Error, Result};
use crate::install;
use crate::report::{self, Format, Hint, Options};
use crate::verdict::{self, Context, Verdict};

/// Where a command writes: its report (standard output) and its messages (standard error).
pub struct Io<'a> {
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
    out_closed: bool,
}

impl<'a> Io<'a> {
    /// Output to `out` (reports) and `err` (messages).
    pub fn new(out: &'a mut dyn Write, err: &'a mut dyn Write) -> Io<'a> {
        Io {
            out,
            err,
            out_closed: false,
        }
    }

    /// Writes a message line to standard error (a failing stderr cannot be reported anywhere;
    /// the exit code still tells).
    /// Outside text in `msg` (a path, a ref name) cannot reach the terminal raw: control
    /// characters are escaped ([`crate::text::escaped`]).
    pub fn say(&mut self, msg: &str) {
        let _ = writeln!(self.err, "keepmum: {}", crate::text::escaped(msg));
    }

    /// Writes report text to standard output. A reader that went away ends the report quietly.
    pub fn print(&mut self, text: &str) -> Result<()> {
        self.out_result(|w| w.write_all(text.as_bytes()))
    }

    fn out_result(&mut self, f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
        if self.out_closed {
            return Ok(());
        }
        match f(&mut *self.out).and_then(|_| self.out.flush()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == ErrorKind::BrokenPipe => {
                self.out_closed = true;
                Ok(())
            }
            Err(e) => Err(Error::io("<stdout>", e)),
        }
    }

    /// Writes an outcome's report; `rules` are the rules the scan ran (SARIF describes them).
    pub fn report(
        &mut self,
        outcome: &Outcome,
        format: Format,
        o: Options,
        rules: &[crate::rules::Rule],
    ) -> Result<()> {
        self.out_result(|w| report::write(w, format, outcome, o, rules))
    }
}

/// Report options of the scanning commands.
#[derive(Debug, Clone, Default)]
pub struct Output {
    /// Explicit config file.
    pub config: Option<PathBuf>,
    /// Output format (default human).
    pub format: Option<Format>,
    /// Print whole secrets.
    pub show_secrets: bool,
    /// Colour the human output.
    pub color: bool,
    /// Draw a progress bar (history modes).
    pub progress: bool,
    /// How long the scan may take (`--time-budget`; `None` or zero: no limit). A scan that
    /// runs out is incomplete, and an incomplete local scan blocks (exit 1).
    pub time_budget: Option<std::time::Duration>,
}

impl Output {
    fn options(&self, hint: Hint) -> Options {
        Options {
            show_secrets: self.show_secrets,
            color: self.color,
            hint,
        }
    }
}

/// What `scan` (or `hook`) was asked to look at.
#[derive(Debug, Clone, Default)]
pub struct ScanRequest {
    /// `--staged`.
    pub staged: bool,
    /// `--tracked`.
    pub tracked: bool,
    /// `--range A..B`.
    pub range: Option<String>,
    /// `--all`.
    pub all: bool,
    /// `--no-git PATH...`.
    pub no_git: Option<Vec<PathBuf>>,
    /// Paths after `--` (scanned with `--no-git` only, so a file named like an option is
    /// still a file).
    pub paths: Vec<PathBuf>,
    /// `--report-unused-ignores`.
    pub report_unused_ignores: bool,
    /// Run as the pre-commit framework's hook (`keepmum hook`): the mode comes from the
    /// environment git and pre-commit set.
    pub hook: bool,
}

impl ScanRequest {
    /// The scan mode the flags select.
    pub fn mode(&self) -> Mode {
        if let Some(p) = &self.no_git {
            Mode::NoGit(p.iter().chain(&self.paths).cloned().collect())
        } else if self.all {
            Mode::All
        } else if let Some(r) = &self.range {
            Mode::Range(r.clone())
        } else if self.tracked || (self.report_unused_ignores && !self.staged && !self.hook) {
            // Whether an ignore entry is stale is a question about the whole tree: the staged
            // diff alone would report nearly every entry as unused.
            Mode::Tracked
        } else if self.hook {
            app::hook_mode()
        } else {
            Mode::Staged
        }
    }
}

/// Says what the verdict needs said beyond the report: what was not scanned, and that
/// warnings do not block. On a server (`server`) the ways out are the administrators': the
/// pusher can change no file the server reads.
fn explain(io: &mut Io, v: &Verdict, server: bool, skipped: &[crate::engine::Skipped]) {
    let unreadable = skipped
        .iter()
        .filter(|s| s.kind == crate::engine::SkipKind::Unreadable)
        .count();
    let too_large = v.unscanned.saturating_sub(unreadable);
    if too_large > 0 {
        let large = || {
            skipped
                .iter()
                .filter(|s| s.kind == crate::engine::SkipKind::TooLarge)
        };
        let messages = large().any(|s| s.object == crate::engine::Unscanned::Message);
        let way_out = match (server, messages) {
            (true, _) => "Ask the repository's administrators if the change must be pushed as it is (the server's policy decides: max-file-size, allow.paths, on-large-file).",
            (false, false) => "Raise `max-file-size` in .keepmum.yaml, add the files to `allow.paths` if they hold no secrets, or set `on-large-file: skip`.",
            (false, true) => "Shorten the message (or raise `max-file-size` in .keepmum.yaml, or set `on-large-file: skip`); a file that large can go in `allow.paths` if it holds no secrets.",
        };
        io.say(&format!(
            "error: {} not scanned (listed above), so the change is not known to be clean. {way_out}",
            crate::report::unscanned_count(large())
        ));
    }
    if unreadable > 0 {
        let way_out = if server {
            "Ask the repository's administrators."
        } else {
            "Make them readable and scan again (in a partial clone, the promisor remote must be reachable: `git fetch`)."
        };
        io.say(&format!(
            "error: {unreadable} file(s) could not be read (listed above, with why), so the change is not known to be clean. {way_out}"
        ));
    }
    if !server && v.code == verdict::BLOCKED && v.blocking == 0 {
        io.say("error: the scan ran out of its --time-budget before it had read everything (above), so the change is not known to be clean. Raise the budget (e.g. --time-budget 2m), or leave it out for no limit.");
    }
    if v.passes() && v.warnings > 0 {
        let why = if server {
            "warnings do not block under this server's policy"
        } else {
            "warnings do not block (set `fail-on: warning` to make them block)"
        };
        io.say(&format!("{} warning(s) reported; {why}", v.warnings));
    }
}

/// Says the config's warnings (a policy that blocks nothing): on every run, so the setting
/// cannot go unnoticed.
fn config_warnings(io: &mut Io, config: &crate::config::Config) {
    for w in &config.warnings {
        io.say(&format!("warning: {}", crate::text::quoted(w)));
    }
}

/// `keepmum scan` / `keepmum hook`.
pub fn scan(req: &ScanRequest, out: &Output, io: &mut Io) -> Result<u8> {
    match &req.no_git {
        None if !req.paths.is_empty() => return Err(Error::Usage(
            "paths after `--` are scanned with --no-git only: `keepmum scan --no-git -- PATH...`"
                .into(),
        )),
        Some(p) if p.is_empty() && req.paths.is_empty() => {
            return Err(Error::Usage(
                "--no-git needs at least one file or directory: `keepmum scan --no-git -- PATH...`"
                    .into(),
            ))
        }
        _ => {}
    }
    if req.report_unused_ignores && req.staged {
        return Err(Error::Usage(
            "--report-unused-ignores needs a whole-tree scan: drop --staged (it then scans the tracked files), or use --all".into(),
        ));
    }
    let (engine, outcome, v) = scan_and_report(req.mode(), out, io)?;
    let mut code = v.code;
    if req.report_unused_ignores {
        code = code.max(report_unused(&engine, io));
    }
    // The process exits right after this: freeing every compiled pattern one by one would only
    // add to a hook's latency, so the engine is left to the OS.
    std::mem::forget(engine);
    std::mem::forget(outcome);
    Ok(code)
}

/// What `scan` and `pre-push` share: scans `mode` with the repository's config, writes the
/// report as `out` asks and explains the verdict (a local one: no server policy).
fn scan_and_report(mode: Mode, out: &Output, io: &mut Io) -> Result<(Engine, Outcome, Verdict)> {
    let opts = ScanOptions {
        mode,
        config: out.config.clone(),
        progress: out.progress,
        time_budget: out.time_budget,
    };
    let (engine, outcome) = app::scan(&opts)?;
    config_warnings(io, &engine.config);
    io.report(
        &outcome,
        out.format.unwrap_or(Format::Human),
        out.options(Hint::Local),
        engine.scanner().rules(),
    )?;
    let v = verdict::decide(&outcome, &engine.config, Context::Local);
    explain(io, &v, false, &outcome.skipped);
    Ok((engine, outcome, v))
}

fn report_unused(engine: &Engine, io: &mut Io) -> u8 {
    let unused = engine.ignore.unused();
    let path = engine.ignore.path.as_ref().map_or_else(
        || crate::allow::IGNORE_FILE.to_string(),
        |p| p.display().to_string(),
    );
    for e in &unused {
        let _ = writeln!(
            io.err,
            "{}:{}: unused ignore entry {} (no finding matched it; remove it)",
            crate::text::quoted(&path),
            e.line,
            crate::text::quoted(&e.fingerprint)
        );
    }
    u8::from(!unused.is_empty())
}

/// Reads the ref updates git sends a push hook on standard input, up to
/// [`crate::capped::REF_UPDATES_CAP`]: more is an error (exit 2), never a partial scan.
fn read_input(input: &mut dyn Read) -> Result<String> {
    match crate::capped::read_capped(input, crate::capped::REF_UPDATES_CAP) {
        Ok(Some(buf)) => Ok(String::from_utf8_lossy(&buf).into_owned()),
        Ok(None) => Err(Error::TooLarge {
            path: "<stdin>".into(),
            what: "the ref updates git sends a push hook (one line per pushed ref)",
            cap: crate::capped::REF_UPDATES_CAP,
            advice: "push fewer refs at a time, in batches (for example `git push origin 'refs/tags/v1*'`, then the rest); nothing was scanned and the push is refused",
        }),
        Err(e) => Err(Error::io("<stdin>", e)),
    }
}

/// `keepmum pre-push REMOTE URL`: the refs being pushed come on `input`.
pub fn pre_push(
    remote: Option<&str>,
    out: &Output,
    input: &mut dyn Read,
    io: &mut Io,
) -> Result<u8> {
    let input = read_input(input)?;
    let (_, _, v) = scan_and_report(app::pre_push_mode(&input, remote)?, out, io)?;
    if v.blocking > 0 {
        io.say(
            "push blocked: the commits above add secrets. Remove them from those commits (git commit --amend, git rebase -i), rotate the secret, and push again.",
        );
    }
    Ok(v.code)
}

/// `keepmum commit-msg FILE`: the commit-msg hook. Scans the message git is about to commit
/// (the part above a `git commit -v` scissors line) with the repository's config, for secrets.
pub fn commit_msg(file: Option<&Path>, out: &Output, io: &mut Io) -> Result<u8> {
    let Some(file) = file else {
        return Err(Error::Usage(
            "commit-msg needs the file that holds the message: git passes it to the hook (`keepmum commit-msg .git/COMMIT_EDITMSG`)".into(),
        ));
    };
    let repo = crate::source::git::open().ok();
    let workdir = repo
        .as_ref()
        .and_then(|r| r.workdir().map(Path::to_path_buf));
    let config = app::load_config(out.config.as_deref(), workdir.as_deref())?;
    let ignore = app::load_ignore(workdir.as_deref())?;
    let engine = Engine::new(config, ignore)?;
    config_warnings(io, &engine.config);
    // Read at most one byte more than max-file-size: a larger message is reported unscanned.
    let limit = engine.config.max_file_size.saturating_add(1);
    let mut text = Vec::new();
    std::fs::File::open(file)
        .and_then(|f| f.take(limit).read_to_end(&mut text))
        .map_err(|e| Error::io(file, e))?;
    let mut outcome = Outcome::default();
    crate::message::scan_text(
        &engine,
        crate::message::above_scissors(&text),
        crate::message::Owner::Pending,
        &mut outcome,
    );
    io.report(
        &outcome,
        out.format.unwrap_or(Format::Human),
        out.options(Hint::Local),
        engine.scanner().rules(),
    )?;
    let v = verdict::decide(&outcome, &engine.config, Context::Local);
    explain(io, &v, false, &outcome.skipped);
    if v.blocking > 0 {
        io.say(&format!(
            "commit blocked: its message holds a secret (listed above). Your message is kept in {}: take the secret out and commit again with `git commit -e -F {}`, and rotate the secret if it was real.",
            crate::text::quoted(&file.display().to_string()),
            crate::install::sh_quote(&file.display().to_string())
        ));
    }
    Ok(v.code)
}

/// Options of `keepmum pre-receive`.
#[derive(Debug, Clone, Default)]
pub struct PreReceiveRequest {
    /// Server policy file.
    pub config: Option<PathBuf>,
    /// How long the scan may take (overrides the policy; zero: no limit).
    pub time_budget: Option<std::time::Duration>,
    /// Print whole secrets.
    pub show_secrets: bool,
    /// Output format.
    pub format: Option<Format>,
}

/// `keepmum pre-receive`: `<old> <new> <ref>` lines on `input`.
pub fn pre_receive(req: &PreReceiveRequest, input: &mut dyn Read, io: &mut Io) -> Result<u8> {
    let input = match read_input(input) {
        Ok(i) => i,
        Err(e) => {
            audit_failure(req, "", &e, io);
            return Err(e);
        }
    };
    let report = match app::pre_receive(
        &input,
        &app::PreReceiveOptions {
            config: req.config.clone(),
            time_budget: req.time_budget,
        },
    ) {
        Ok(r) => r,
        Err(e) => {
            audit_failure(req, &input, &e, io);
            return Err(e);
        }
    };
    config_warnings(io, &report.engine.config);
    let policy = &report.engine.config.pre_receive;
    for v in &report.ignored_push_options {
        io.say(&format!(
            "ignoring push option {}{}: this server does not accept it (pre-receive.allow-push-option is false)",
            app::ALLOW_PUSH_OPTION,
            crate::text::quoted(v)
        ));
    }
    for v in &report.allowed_by_push_option {
        io.say(&format!(
            "push option {}{}: findings with this fingerprint are accepted",
            app::ALLOW_PUSH_OPTION,
            crate::text::quoted(v)
        ));
    }
    if !report.accepted_by_baseline.is_empty() {
        io.say(&format!(
            "findings with {} fingerprint(s) of the server's accepted baseline were let through (pre-receive.baseline)",
            report.accepted_by_baseline.len()
        ));
    }
    let hint = Hint::Server {
        push_option: policy.allow_push_option,
    };
    io.report(
        &report.outcome,
        req.format.unwrap_or(Format::Human),
        Options {
            show_secrets: req.show_secrets,
            color: false,
            hint,
        },
        report.engine.scanner().rules(),
    )?;
    let v = verdict::decide(
        &report.outcome,
        &report.engine.config,
        Context::Push(policy.on_timeout),
    );
    explain(io, &v, true, &report.outcome.skipped);
    let marked = report
        .outcome
        .findings
        .iter()
        .filter(|f| f.marker_ignored)
        .count();
    if marked > 0 {
        io.say(&format!(
            "{marked} finding(s) above carry an inline allow marker (keepmum:allow, gitleaks:allow, pragma: allowlist secret): this server does not honour markers in pushed content (its policy has pre-receive.inline-allow: false)"
        ));
    }
    if let Some(why) = &report.outcome.incomplete {
        let why = crate::text::quoted(why);
        if v.accepted_incomplete {
            io.say(&format!("warning: scan incomplete ({why}); accepted because the server policy says on-timeout: accept"));
        } else if !v.passes() {
            // With findings as well, the pusher must know the rest was not scanned either.
            let lead = if v.blocking > 0 {
                "besides the findings below, the scan did not finish"
            } else {
                "push rejected: the scan did not finish"
            };
            io.say(&format!("{lead} ({why}) and the server policy says on-timeout: reject. Two ways in: (1) Push in parts, older commits first: `git push origin <commit>:refs/heads/<branch>` for a commit some way back in the history, again for later ones, then `git push origin <branch>`; each push is scanned for its new commits only. (2) Ask the server's admin to seed the repository once: in a mirror (`git clone --mirror <url>`), review `keepmum scan --all --config <policy>`, write the accepted fingerprints with `keepmum baseline --all --config <policy> --output <file>`, set `pre-receive.baseline: <file>` in the server policy, then `git fetch` the mirror into the server's repository (a fetch runs no pre-receive hook) or push in parts; the baseline accepts those known findings in later pushes. (Or the admin raises pre-receive.time-budget.)"));
        }
    }
    if v.blocking > 0 {
        io.say(&format!(
            "push rejected: {} finding(s) in the pushed commits. Remove the secret from those commits (git commit --amend, git rebase -i), rotate it, and push again. (The server judges by its own policy: .keepmum.yaml and .keepmumignore in the pushed tree are not read.)",
            v.blocking
        ));
    }
    let Some(log) = &policy.audit_log else {
        return Ok(v.code);
    };
    let push = audit::Push {
        repository: &report.git_dir,
        updates: &report.updates,
        accepted_by_push_option: &report.allowed_by_push_option,
        ignored_push_options: &report.ignored_push_options,
        accepted_by_baseline: &report.accepted_by_baseline,
    };
    let record = audit::Record::decided(&push, &report.outcome, &v, &env_var);
    match audit::append(log, &record) {
        Ok(()) => Ok(v.code),
        Err(e) if policy.on_audit_error == OnAuditError::Accept => {
            io.say(&format!("warning: this push is not in the audit log: {e} (the server policy says on-audit-error: accept)"));
            Ok(v.code)
        }
        Err(e) => {
            io.say(&format!("push rejected: its decision could not be written to the audit log: {e}. Ask the server's admin (pre-receive.audit-log, on-audit-error)."));
            Ok(v.code.max(crate::verdict::ERROR))
        }
    }
}

fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// Logs a push that an error rejected before it was judged, when the server's policy can be
/// read and names a log (the error itself is what the pusher sees and what rejects the push).
/// A policy that cannot be loaded names no log: the push is rejected all the same, and the
/// message says that it is not in any audit log.
fn audit_failure(req: &PreReceiveRequest, input: &str, error: &Error, io: &mut Io) {
    let unlogged = |io: &mut Io, why: &str| {
        io.say(&format!(
            "push rejected: {why}, so this push is not in the audit log. Ask the repository's administrators (the error follows)."
        ));
    };
    let Ok(repo) = crate::source::git::open() else {
        unlogged(io, "the repository could not be opened");
        return;
    };
    let Ok(config) = app::server_config(&repo, req.config.as_deref()) else {
        unlogged(io, "the server's policy could not be loaded");
        return;
    };
    let Some(log) = &config.pre_receive.audit_log else {
        return;
    };
    let updates = crate::source::push::parse_pre_receive(input).unwrap_or_default();
    let push = audit::Push {
        repository: repo.path(),
        updates: &updates,
        accepted_by_push_option: &[],
        ignored_push_options: &[],
        accepted_by_baseline: &[],
    };
    if let Err(e) = audit::append(log, &audit::Record::failed(&push, error, &env_var)) {
        io.say(&format!(
            "warning: this push is not in the audit log either: {e}"
        ));
    }
}

fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()))
}

/// `keepmum install`: writes `hook` into the repository's hooks directory; the script falls
/// back to `exe` when `keepmum` is not on PATH.
pub fn install(hook: install::Hook, force: bool, exe: &Path, io: &mut Io) -> Result<u8> {
    let repo = crate::source::git::open()?;
    let text = match install::install(&repo, hook, force, exe)? {
        install::Installed::Created(p) => {
            format!("installed the {} hook at {}", hook.name(), p.display())
        }
        install::Installed::Updated(p) => {
            format!("updated the {} hook at {}", hook.name(), p.display())
        }
        install::Installed::Replaced { path, backup } => format!(
            "installed the {} hook at {} (the previous hook is now {})",
            hook.name(),
            path.display(),
            backup.display()
        ),
    };
    io.print(&format!("keepmum: {text}\n"))?;
    if !on_path("keepmum") {
        io.print(&format!(
            "keepmum: note: keepmum is not on PATH; the hook runs {} (if that file goes away, the hook blocks and says so)\n",
            exe.display()
        ))?;
    }
    Ok(verdict::CLEAN)
}

/// `keepmum uninstall`.
pub fn uninstall(hook: install::Hook, io: &mut Io) -> Result<u8> {
    let repo = crate::source::git::open()?;
    let text = match install::uninstall(&repo, hook)? {
        Some(p) => format!("removed the {} hook {}", hook.name(), p.display()),
        None => format!("no {} hook installed by keepmum", hook.name()),
    };
    io.print(&format!("keepmum: {text}\n"))?;
    Ok(verdict::CLEAN)
}

/// `keepmum config print-default`.
pub fn print_default(io: &mut Io) -> Result<u8> {
    io.print(crate::config::DEFAULT_CONFIG)?;
    Ok(verdict::CLEAN)
}

/// `keepmum config check [PATH]`: validates the file (default: the discovered one, else the
/// built-in config) and runs the examples of its custom rules.
pub fn config_check(path: Option<&Path>, io: &mut Io) -> Result<u8> {
    let path = match path {
        Some(p) => Some(p.to_path_buf()),
        None => {
            let repo = crate::source::git::open().ok();
            crate::config::Config::discover(repo.as_ref().and_then(|r| r.workdir()))
        }
    };
    let config = crate::config::Config::load(path.as_deref(), true)?;
    config_warnings(io, &config);
    // A server policy's baseline is read as the hook would read it.
    let baseline = match &config.pre_receive.baseline {
        Some(b) => Some((b.path.clone(), b.load()?.len())),
        None => None,
    };
    // A user file: its custom rules' examples (built-in rules are verified by the test suite,
    // and overrides may legitimately move them). The built-in config: every rule's examples.
    let custom = config.custom_rules.clone();
    let engine = Engine::new(config, crate::allow::IgnoreFile::default())?;
    let rules = engine.scanner().rules().len();
    let only = path.as_ref().map(|_| custom.as_slice());
    let n = crate::scan::check_examples_of(engine.scanner(), only)?;
    let text = match &path {
        Some(p) => format!(
            "{}: ok ({rules} rules, {} custom; {n} examples verified)\n",
            p.display(),
            custom.len()
        ),
        None => format!("built-in config: ok ({rules} rules, {n} examples verified)\n"),
    };
    let text = match baseline {
        Some((p, entries)) => format!(
            "{text}{}: ok (pre-receive.baseline, {entries} accepted fingerprint(s))\n",
            p.display()
        ),
        None => text,
    };
    io.print(&text)?;
    Ok(verdict::CLEAN)
}

/// `keepmum rules [--explain ID]`.
pub fn rules(explain: Option<&str>, config: Option<&Path>, io: &mut Io) -> Result<u8> {
    let repo = crate::source::git::open().ok();
    let config = app::load_config(config, repo.as_ref().and_then(|r| r.workdir()))?;
    let mut text = String::new();
    if let Some(id) = explain {
        let r = config
            .rules
            .iter()
            .find(|r| r.id == id)
            .ok_or_else(|| Error::Usage(format!("no rule `{id}` (see `keepmum rules`)")))?;
        text.push_str(&format!(
            "{}  ({}, {}, {})\n{}\n\n",
            r.id,
            r.kind.as_str(),
            r.severity.as_str(),
            r.level.as_str(),
            r.description
        ));
        // Scans load built-in rules without their documentation; fetch it for this one.
        let builtin = crate::rules::builtin_spec(&r.id)?;
        let spec = builtin.as_ref().unwrap_or(&r.spec);
        if let Some(w) = &spec.why {
            text.push_str(&format!("Why: {}\n\n", w.trim()));
        }
        if let Some(f) = &spec.fix {
            text.push_str(&format!("Fix: {}\n", f.trim()));
        }
        if let Some(data) = crate::checks::explain_data(&r.id) {
            text.push_str(&format!("\n{data}"));
        }
    } else {
        for r in &config.rules {
            text.push_str(&format!(
                "{:<34} {:<12} {:<7} {:<7} {}\n",
                r.id,
                r.kind.as_str(),
                r.severity.as_str(),
                r.level.as_str(),
                r.description
            ));
        }
    }
    io.print(&text)?;
    Ok(verdict::CLEAN)
}

/// `keepmum baseline`: writes the fingerprints of every current finding (tracked files, or
/// the whole history with `all`) to `output` (default `.keepmumignore`; `-` for stdout).
pub fn baseline(
    output: Option<&Path>,
    all: bool,
    config: Option<&Path>,
    io: &mut Io,
) -> Result<u8> {
    let repo = crate::source::git::open()?;
    let workdir = repo.workdir().map(Path::to_path_buf);
    let cfg = app::load_config(config, workdir.as_deref())?;
    // A baseline records everything currently there, so the existing ignore file is not applied,
    // and neither are inline markers: a server ignores them (unless `pre-receive.inline-allow`),
    // so a baseline written to seed one must accept what they cover; locally those findings
    // are dropped by their markers either way (and their entries count as used).
    let mut engine = Engine::new(cfg, crate::allow::IgnoreFile::default())?;
    engine.set_inline_markers(false);
    let outcome = if all {
        let commits = crate::source::git::all_commits(&repo)?;
        let mut o = engine.scan_commits(crate::source::git::open, &commits, false)?;
        let mut messages =
            crate::message::scan_commits(&engine, crate::source::git::open, &commits)?;
        messages.merge(crate::message::scan_tags(
            &engine,
            &repo,
            &crate::message::tag_objects(&repo)?,
        )?);
        crate::message::merge(&mut o, messages, &commits);
        o
    } else {
        let mut o = Outcome::default();
        let changes = crate::source::git::tracked(&repo, false)?;
        engine.scan_changes(&repo, &changes, None, &mut o)?;
        o
    };
    // A baseline of a scan that did not see everything would accept less than it claims.
    let v = verdict::decide(&outcome, &engine.config, Context::Local);
    if v.unscanned > 0 {
        io.report(
            &Outcome {
                skipped: outcome.skipped.clone(),
                ..Outcome::default()
            },
            Format::Human,
            Options {
                show_secrets: false,
                color: false,
                hint: Hint::Local,
            },
            &[],
        )?;
        return Err(Error::Usage(format!(
            "{} file(s) could not be scanned (listed above): no baseline written. Raise `max-file-size` or allow those paths first.",
            v.unscanned
        )));
    }
    let text = crate::allow::render_baseline(&outcome.findings);
    let target = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| workdir.unwrap_or_default().join(crate::allow::IGNORE_FILE));
    if target.as_os_str() == "-" {
        io.print(&text)?;
    } else {
        std::fs::write(&target, text).map_err(|e| Error::io(&target, e))?;
        io.say(&format!(
            "wrote {} fingerprint(s) to {}",
            outcome.findings.len(),
            target.display()
        ));
    }
    Ok(verdict::CLEAN)
}
