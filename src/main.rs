//! The `keepmum` binary: parses arguments, calls one command of the library, and maps an
//! error to a message and exit code 2 (the library's verdict decides 0 and 1). Any error or
//! panic exits 2: never 0.

mod cli;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Color, Command, ConfigCommand, OutputArgs, ScanArgs, ScanCommand};
use keepmum::commands::{self, Io, Output, PreReceiveRequest, ScanRequest};
use keepmum::{install, Result};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(keepmum::verdict::ERROR),
            };
        }
    };
    // Handles, not locks: worker threads draw the progress bar on stderr while a command runs.
    let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
    // A panic anywhere must not look like success: report and exit 2.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        run(cli, &mut Io::new(&mut out, &mut err))
    }));
    match result {
        Ok(Ok(code)) => ExitCode::from(code),
        Ok(Err(e)) => {
            let _ = writeln!(err, "keepmum: error: {}", e.for_terminal());
            ExitCode::from(keepmum::verdict::ERROR)
        }
        Err(_) => {
            let _ = writeln!(err, "keepmum: internal error (panic); failing closed");
            ExitCode::from(keepmum::verdict::ERROR)
        }
    }
}

fn output(a: &OutputArgs, no_progress: bool) -> Output {
    Output {
        config: a.config.clone(),
        format: a.format,
        show_secrets: a.show_secrets,
        color: match a.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        },
        progress: !no_progress && std::io::stderr().is_terminal(),
        time_budget: a.time_budget,
    }
}

fn scan_request(a: &ScanArgs, paths: &[std::path::PathBuf], hook: bool) -> ScanRequest {
    ScanRequest {
        staged: a.staged,
        tracked: a.tracked,
        range: a.range.clone(),
        all: a.all,
        no_git: a.no_git.clone(),
        paths: paths.to_vec(),
        report_unused_ignores: a.report_unused_ignores,
        hook,
    }
}

fn hook_kind(h: cli::HookKind) -> install::Hook {
    match h {
        cli::HookKind::PreCommit => install::Hook::PreCommit,
        cli::HookKind::PrePush => install::Hook::PrePush,
        cli::HookKind::CommitMsg => install::Hook::CommitMsg,
    }
}

fn run(cli: Cli, io: &mut Io) -> Result<u8> {
    let scan = |a: &ScanArgs, paths: &[std::path::PathBuf], hook: bool, io: &mut Io| {
        keepmum::checks::eol::init_today(a.output.today.as_deref())?;
        commands::scan(
            &scan_request(a, paths, hook),
            &output(&a.output, a.no_progress),
            io,
        )
    };
    match cli.command {
        None => scan(&cli.scan, &[], false, io),
        Some(Command::Scan(ScanCommand { args, paths })) => scan(&args, &paths, false, io),
        Some(Command::Hook(ScanCommand { args, paths })) => scan(&args, &paths, true, io),
        Some(Command::Config(ConfigCommand::PrintDefault)) => commands::print_default(io),
        Some(Command::Config(ConfigCommand::Check { path, config })) => {
            commands::config_check(path.or(config).as_deref(), io)
        }
        Some(Command::Rules { explain, config }) => {
            commands::rules(explain.as_deref(), config.as_deref(), io)
        }
        Some(Command::Baseline {
            output,
            all,
            config,
        }) => commands::baseline(output.as_deref(), all, config.as_deref(), io),
        Some(Command::PreReceive(a)) => {
            keepmum::checks::eol::init_today(None)?;
            commands::pre_receive(
                &PreReceiveRequest {
                    config: a.config,
                    time_budget: a.time_budget,
                    show_secrets: a.show_secrets,
                    format: a.format,
                },
                &mut std::io::stdin().lock(),
                io,
            )
        }
        Some(Command::PrePush(a)) => {
            keepmum::checks::eol::init_today(a.output.today.as_deref())?;
            commands::pre_push(
                a.remote.as_deref(),
                &output(&a.output, a.no_progress),
                &mut std::io::stdin().lock(),
                io,
            )
        }
        Some(Command::CommitMsg(a)) => {
            commands::commit_msg(a.file.as_deref(), &output(&a.output, true), io)
        }
        Some(Command::Install { hook, force }) => {
            let exe = std::env::current_exe()
                .map_err(|e| keepmum::Error::io("<current executable>", e))?;
            commands::install(hook_kind(hook), force, &exe, io)
        }
        Some(Command::Uninstall { hook }) => commands::uninstall(hook_kind(hook), io),
    }
}
