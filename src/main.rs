//! The `keepmum` binary: parses arguments, calls the library, maps results to exit codes
//! (0 clean, 1 findings, 2 usage/config/repository error). Any error exits 2: never 0.

mod cli;

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Color, Command, ConfigCommand, ScanArgs};
use keepmum::app::{self, Mode, ScanOptions};
use keepmum::engine::{Engine, Outcome};
use keepmum::install;
use keepmum::report::{self, Format, Options};
use keepmum::{Error, Result};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(2),
            };
        }
    };
    // A panic anywhere must not look like success: report and exit 2.
    let result = std::panic::catch_unwind(|| run(cli));
    match result {
        Ok(Ok(code)) => ExitCode::from(code),
        Ok(Err(e)) => {
            eprintln!("keepmum: error: {e}");
            ExitCode::from(2)
        }
        Err(_) => {
            eprintln!("keepmum: internal error (panic); failing closed");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        None => scan_cmd(cli.scan, false),
        Some(Command::Scan(a)) => scan_cmd(a, false),
        Some(Command::Hook(a)) => scan_cmd(a, true),
        Some(Command::Config(ConfigCommand::PrintDefault)) => {
            print!("{}", keepmum::config::DEFAULT_CONFIG);
            Ok(0)
        }
        Some(Command::Config(ConfigCommand::Check { path })) => config_check(path),
        Some(Command::Rules { explain, config }) => rules_cmd(explain, config),
        Some(Command::Baseline {
            output,
            all,
            config,
        }) => baseline(output, all, config),
        Some(Command::PreReceive(a)) => pre_receive_cmd(a),
        Some(Command::PrePush(a)) => pre_push_cmd(a),
        Some(Command::Install { hook, force }) => install_cmd(hook, force),
        Some(Command::Uninstall { hook }) => uninstall_cmd(hook),
    }
}

fn read_stdin() -> Result<String> {
    let mut buf = Vec::new();
    std::io::stdin()
        .read_to_end(&mut buf)
        .map_err(|e| Error::io("<stdin>", e))?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

fn pre_push_cmd(a: cli::PrePushArgs) -> Result<u8> {
    let input = read_stdin()?;
    let opts = ScanOptions {
        mode: app::pre_push_mode(&input, a.remote.as_deref())?,
        config: a.output.config.clone(),
        progress: !a.no_progress && std::io::stderr().is_terminal(),
    };
    let (engine, outcome) = app::scan(&opts)?;
    emit(
        &engine,
        &outcome,
        a.output.format.unwrap_or(Format::Human),
        options(&a.output),
    )?;
    let code = verdict(&outcome);
    let code = code.max(unscanned(&outcome, engine.config.on_large_file));
    if code == 1 {
        eprintln!(
            "keepmum: push blocked: the commits above add secrets. Remove them from those commits (git commit --amend, git rebase -i), rotate the secret, and push again."
        );
    }
    Ok(code)
}

fn pre_receive_cmd(a: cli::PreReceiveArgs) -> Result<u8> {
    let input = read_stdin()?;
    let report = app::pre_receive(
        &input,
        &app::PreReceiveOptions {
            config: a.config.clone(),
            time_budget: a.time_budget,
        },
    )?;
    let policy = &report.engine.config.pre_receive;
    for v in &report.ignored_push_options {
        eprintln!(
            "keepmum: ignoring push option {}{v}: this server does not accept it (pre-receive.allow-push-option is false)",
            app::ALLOW_PUSH_OPTION
        );
    }
    for v in &report.allowed_by_push_option {
        eprintln!(
            "keepmum: push option {}{v}: findings with this fingerprint are accepted",
            app::ALLOW_PUSH_OPTION
        );
    }
    emit(
        &report.engine,
        &report.outcome,
        a.format.unwrap_or(Format::Human),
        Options {
            show_secrets: a.show_secrets,
            color: false,
        },
    )?;
    let code = app::push_exit_code(&report.outcome, policy.on_timeout).max(unscanned(
        &report.outcome,
        report.engine.config.on_large_file,
    ));
    if let Some(why) = &report.outcome.incomplete {
        if code == 0 {
            eprintln!("keepmum: warning: scan incomplete ({why}); accepted because the server policy says on-timeout: accept");
        } else if report.outcome.findings.is_empty() {
            eprintln!("keepmum: push rejected: the scan did not finish ({why}) and the server policy says on-timeout: reject. Push fewer commits at a time, or ask the server's admin to raise pre-receive.time-budget.");
        }
    }
    if !report.outcome.findings.is_empty() {
        eprintln!(
            "keepmum: push rejected: {} finding(s) in the pushed commits. Remove the secret from those commits (git commit --amend, git rebase -i), rotate it, and push again. (The server judges by its own policy: .keepmum.yaml and .keepmumignore in the pushed tree are not read.)",
            report.outcome.findings.len()
        );
        if policy.allow_push_option {
            eprintln!(
                "keepmum: a false positive can be let through with: git push -o {}<fingerprint>",
                app::ALLOW_PUSH_OPTION
            );
        }
    }
    Ok(code)
}

fn hook_kind(h: cli::HookKind) -> install::Hook {
    match h {
        cli::HookKind::PreCommit => install::Hook::PreCommit,
        cli::HookKind::PrePush => install::Hook::PrePush,
    }
}

fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()))
}

fn install_cmd(hook: cli::HookKind, force: bool) -> Result<u8> {
    let repo = keepmum::source::git::open()?;
    let exe = std::env::current_exe().map_err(|e| Error::io("<current executable>", e))?;
    let hook = hook_kind(hook);
    match install::install(&repo, hook, force, &exe)? {
        install::Installed::Created(p) => {
            println!(
                "keepmum: installed the {} hook at {}",
                hook.name(),
                p.display()
            );
        }
        install::Installed::Updated(p) => {
            println!(
                "keepmum: updated the {} hook at {}",
                hook.name(),
                p.display()
            );
        }
        install::Installed::Replaced { path, backup } => println!(
            "keepmum: installed the {} hook at {} (the previous hook is now {})",
            hook.name(),
            path.display(),
            backup.display()
        ),
    }
    if !on_path("keepmum") {
        println!(
            "keepmum: note: keepmum is not on PATH; the hook runs {} (if that file goes away, the hook blocks and says so)",
            exe.display()
        );
    }
    Ok(0)
}

fn uninstall_cmd(hook: cli::HookKind) -> Result<u8> {
    let repo = keepmum::source::git::open()?;
    let hook = hook_kind(hook);
    match install::uninstall(&repo, hook)? {
        Some(p) => println!("keepmum: removed the {} hook {}", hook.name(), p.display()),
        None => println!("keepmum: no {} hook installed by keepmum", hook.name()),
    }
    Ok(0)
}

fn options(a: &cli::OutputArgs) -> Options {
    Options {
        show_secrets: a.show_secrets,
        color: match a.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        },
    }
}

fn mode(a: &ScanArgs, hook: bool) -> Mode {
    if let Some(p) = &a.no_git {
        Mode::NoGit(p.iter().chain(&a.paths).cloned().collect())
    } else if a.all {
        Mode::All
    } else if let Some(r) = &a.range {
        Mode::Range(r.clone())
    } else if a.tracked || (a.report_unused_ignores && !a.staged && !hook) {
        // Whether an ignore entry is stale is a question about the whole tree: the staged
        // diff alone would report nearly every entry as unused.
        Mode::Tracked
    } else if hook {
        app::hook_mode()
    } else {
        Mode::Staged
    }
}

fn scan_cmd(a: ScanArgs, hook: bool) -> Result<u8> {
    match &a.no_git {
        None if !a.paths.is_empty() => return Err(Error::Usage(
            "paths after `--` are scanned with --no-git only: `keepmum scan --no-git -- PATH...`"
                .into(),
        )),
        Some(p) if p.is_empty() && a.paths.is_empty() => {
            return Err(Error::Usage(
                "--no-git needs at least one file or directory: `keepmum scan --no-git -- PATH...`"
                    .into(),
            ))
        }
        _ => {}
    }
    if a.report_unused_ignores && a.staged {
        return Err(Error::Usage(
            "--report-unused-ignores needs a whole-tree scan: drop --staged (it then scans the tracked files), or use --all".into(),
        ));
    }
    let opts = ScanOptions {
        mode: mode(&a, hook),
        config: a.output.config.clone(),
        progress: !a.no_progress && std::io::stderr().is_terminal(),
    };
    let (engine, outcome) = app::scan(&opts)?;
    emit(
        &engine,
        &outcome,
        a.output.format.unwrap_or(Format::Human),
        options(&a.output),
    )?;
    let mut code = verdict(&outcome).max(unscanned(&outcome, engine.config.on_large_file));
    if a.report_unused_ignores {
        code = code.max(report_unused(&engine));
    }
    // The process exits right after this: freeing every compiled pattern one by one would only
    // add to a hook's latency, so the engine is left to the OS.
    std::mem::forget(engine);
    std::mem::forget(outcome);
    Ok(code)
}

/// Exit code 2 when text files were too large to scan and the policy says so: the change is
/// then not known to be clean, and a hook must not let it through as if it were.
fn unscanned(o: &Outcome, policy: keepmum::config::OnLargeFile) -> u8 {
    if o.skipped.is_empty() || policy == keepmum::config::OnLargeFile::Skip {
        return 0;
    }
    eprintln!(
        "keepmum: error: {} file(s) too large to scan (listed above), so the change is not known to be clean. Raise `max-file-size` in .keepmum.yaml, add the files to `allow.paths` if they hold no secrets, or set `on-large-file: skip`.",
        o.skipped.len()
    );
    2
}

fn verdict(o: &Outcome) -> u8 {
    if !o.findings.is_empty() || o.incomplete.is_some() {
        1
    } else {
        0
    }
}

fn emit(engine: &Engine, outcome: &Outcome, format: Format, o: Options) -> Result<()> {
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    report::write(&mut w, format, outcome, o, engine.scanner().rules())
        .and_then(|_| w.flush())
        .map_err(|e| Error::io("<stdout>", e))
}

fn report_unused(engine: &Engine) -> u8 {
    let unused = engine.ignore.unused();
    let path = engine
        .ignore
        .path
        .as_ref()
        .map_or_else(|| ".keepmumignore".to_string(), |p| p.display().to_string());
    for e in &unused {
        eprintln!(
            "{path}:{}: unused ignore entry {} (no finding matched it; remove it)",
            e.line, e.fingerprint
        );
    }
    u8::from(!unused.is_empty())
}

fn config_check(path: Option<std::path::PathBuf>) -> Result<u8> {
    let path = match path {
        Some(p) => Some(p),
        None => {
            let repo = keepmum::source::git::open().ok();
            keepmum::config::Config::discover(repo.as_ref().and_then(|r| r.workdir()))
        }
    };
    let config = keepmum::config::Config::load(path.as_deref(), true)?;
    // A user file: its custom rules' examples (built-in rules are verified by the test suite,
    // and overrides may legitimately move them). The built-in config: every rule's examples.
    let custom = config.custom_rules.clone();
    let engine = Engine::new(config, keepmum::allow::IgnoreFile::default())?;
    let rules = engine.scanner().rules().len();
    let only = path.as_ref().map(|_| custom.as_slice());
    let n = keepmum::scan::check_examples_of(engine.scanner(), only)?;
    match &path {
        Some(p) => println!(
            "{}: ok ({rules} rules, {} custom; {n} examples verified)",
            p.display(),
            custom.len()
        ),
        None => println!("built-in config: ok ({rules} rules, {n} examples verified)"),
    }
    Ok(0)
}

fn rules_cmd(explain: Option<String>, config: Option<std::path::PathBuf>) -> Result<u8> {
    let repo = keepmum::source::git::open().ok();
    let config = app::load_config(config.as_deref(), repo.as_ref().and_then(|r| r.workdir()))?;
    if let Some(id) = explain {
        let r = config
            .rules
            .iter()
            .find(|r| r.id == id)
            .ok_or_else(|| Error::Usage(format!("no rule `{id}` (see `keepmum rules`)")))?;
        println!(
            "{}  ({}, {})\n{}\n",
            r.id,
            r.kind.as_str(),
            r.severity.as_str(),
            r.description
        );
        // Scans load built-in rules without their documentation; fetch it for this one.
        let builtin = keepmum::rules::builtin_spec(&r.id)?;
        let spec = builtin.as_ref().unwrap_or(&r.spec);
        if let Some(w) = &spec.why {
            println!("Why: {}\n", w.trim());
        }
        if let Some(f) = &spec.fix {
            println!("Fix: {}", f.trim());
        }
        return Ok(0);
    }
    for r in &config.rules {
        println!(
            "{:<34} {:<12} {:<7} {}",
            r.id,
            r.kind.as_str(),
            r.severity.as_str(),
            r.description
        );
    }
    Ok(0)
}

fn baseline(
    output: Option<std::path::PathBuf>,
    all: bool,
    config: Option<std::path::PathBuf>,
) -> Result<u8> {
    let repo = keepmum::source::git::open()?;
    let workdir = repo.workdir().map(std::path::Path::to_path_buf);
    let cfg = app::load_config(config.as_deref(), workdir.as_deref())?;
    // A baseline records everything currently there, so the existing ignore file is not applied.
    let engine = Engine::new(cfg, keepmum::allow::IgnoreFile::default())?;
    let outcome = if all {
        let commits = keepmum::source::git::all_commits(&repo)?;
        engine.scan_commits(keepmum::source::git::open, &commits, None, false)?
    } else {
        let mut o = Outcome::default();
        let changes = keepmum::source::git::tracked(&repo, false)?;
        engine.scan_changes(&repo, &changes, None, &mut o)?;
        o
    };
    let text = keepmum::allow::render_baseline(&outcome.findings);
    let target = output.unwrap_or_else(|| {
        workdir
            .unwrap_or_default()
            .join(keepmum::allow::IGNORE_FILE)
    });
    if target.as_os_str() == "-" {
        print!("{text}");
    } else {
        std::fs::write(&target, text).map_err(|e| Error::io(&target, e))?;
        eprintln!(
            "keepmum: wrote {} fingerprint(s) to {}",
            outcome.findings.len(),
            target.display()
        );
    }
    Ok(0)
}
