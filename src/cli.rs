//! Command-line arguments (clap). Parsing only: every command calls the library.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use keepmum::report::Format;

/// Keeps secrets and DEBUG = True out of git repositories.
#[derive(Debug, Parser)]
#[command(
    name = "keepmum",
    version,
    about,
    long_about = None,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// The command (default: `scan --staged`).
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options of the default `scan`.
    #[command(flatten)]
    pub scan: ScanArgs,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Color {
    /// On a terminal.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Options shared by scanning commands.
#[derive(Debug, Clone, Args, Default)]
pub struct OutputArgs {
    /// Config file (default: .keepmum.yaml at the repository root, else built-in defaults).
    #[arg(long, short = 'c', value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,
    /// Print whole secret values (default: first characters and length only).
    #[arg(long)]
    pub show_secrets: bool,
    /// Colour.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// The day the end-of-life rules judge by, `YYYY-MM-DD` (default: today; also the
    /// `KEEPMUM_TODAY` environment variable).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    /// Stop after this long: `500ms`, `4s`, `2m` or whole seconds (default: no limit). A scan
    /// that runs out has not read everything, so it blocks (exit 1).
    #[arg(long, value_name = "DURATION", value_parser = keepmum::deadline::parse_duration)]
    pub time_budget: Option<std::time::Duration>,
}

/// `scan` options.
#[derive(Debug, Clone, Args, Default)]
pub struct ScanArgs {
    /// Scan the staged diff (the default).
    #[arg(long, conflicts_with_all = ["range", "all", "no_git", "tracked"])]
    pub staged: bool,
    /// Scan every file tracked in the index, whole.
    #[arg(long, conflicts_with_all = ["range", "all", "no_git"])]
    pub tracked: bool,
    /// Scan the commits of a range `A..B` (each against its first parent).
    #[arg(long, value_name = "A..B", conflicts_with_all = ["all", "no_git"])]
    pub range: Option<String>,
    /// Scan the whole history (every commit reachable from any ref).
    #[arg(long, conflicts_with = "no_git")]
    pub all: bool,
    /// Scan files and directories without git (respects .gitignore). Paths may also follow
    /// `--` (`--no-git -- PATH...`), so a file named like an option is still a file.
    #[arg(long = "no-git", value_name = "PATH", num_args = 0..)]
    pub no_git: Option<Vec<PathBuf>>,
    /// List `.keepmumignore` entries that matched nothing (exit 1 if any).
    #[arg(long)]
    pub report_unused_ignores: bool,
    /// Never draw a progress bar.
    #[arg(long)]
    pub no_progress: bool,
    /// Output options.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `scan` and `hook`: the scan options, and the paths after `--` (for `--no-git`; only the
/// subcommands take them, so a mistyped command name is not read as a path).
#[derive(Debug, Clone, Args, Default)]
pub struct ScanCommand {
    /// Scan options.
    #[command(flatten)]
    pub args: ScanArgs,
    /// Paths after `--`, for `--no-git`.
    #[arg(last = true, value_name = "PATH", hide = true)]
    pub paths: Vec<PathBuf>,
}

/// Hooks `install` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HookKind {
    /// Scan the staged diff before each commit.
    PreCommit,
    /// Scan the commits about to be pushed.
    PrePush,
    /// Scan the message of each commit as it is written.
    CommitMsg,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan for secrets (default: the staged diff).
    Scan(ScanCommand),
    /// Entry point for the pre-commit framework: staged diff, or the whole tracked tree when
    /// run outside a commit (`pre-commit run --all-files`).
    Hook(ScanCommand),
    /// Server-side hook: reads `<old> <new> <ref>` lines on stdin, scans new commits.
    PreReceive(PreReceiveArgs),
    /// Client-side pre-push hook: reads `<local ref> <local sha> <remote ref> <remote sha>` lines.
    PrePush(PrePushArgs),
    /// commit-msg hook: scans the commit message in the file git passes, for secrets.
    CommitMsg(CommitMsgArgs),
    /// Install keepmum as a git hook in this repository.
    Install {
        /// Which hook.
        #[arg(long, value_enum, default_value_t = HookKind::PreCommit)]
        hook: HookKind,
        /// Replace an existing hook that is not keepmum's.
        #[arg(long)]
        force: bool,
    },
    /// Remove a hook installed by `keepmum install`.
    Uninstall {
        /// Which hook.
        #[arg(long, value_enum, default_value_t = HookKind::PreCommit)]
        hook: HookKind,
    },
    /// Write the fingerprints of all current findings to .keepmumignore (adoption).
    Baseline {
        /// Where to write (default: .keepmumignore at the repository root; `-` for stdout).
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
        /// Baseline the whole history instead of the tracked files.
        #[arg(long)]
        all: bool,
        /// Config file.
        #[arg(long, short = 'c')]
        config: Option<PathBuf>,
    },
    /// Config helpers.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// List the rules (built-in and from the config).
    Rules {
        /// Show why a rule exists and how to fix its findings.
        #[arg(long, value_name = "RULE-ID")]
        explain: Option<String>,
        /// Config file.
        #[arg(long, short = 'c')]
        config: Option<PathBuf>,
    },
}

/// `pre-receive` options.
#[derive(Debug, Clone, Args)]
pub struct PreReceiveArgs {
    /// Server policy file (default: git config `keepmum.config`, else built-in defaults).
    #[arg(long, short = 'c')]
    pub config: Option<PathBuf>,
    /// How long the scan may take: `500ms`, `4s`, `2m` or whole seconds (overrides the
    /// config; 0 = no limit).
    #[arg(long, value_name = "DURATION", value_parser = keepmum::deadline::parse_duration)]
    pub time_budget: Option<std::time::Duration>,
    /// Print whole secret values.
    #[arg(long)]
    pub show_secrets: bool,
    /// Output format.
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,
}

/// `pre-push` arguments: git passes the remote's name and URL; the refs come on stdin.
#[derive(Debug, Clone, Args)]
pub struct PrePushArgs {
    /// The remote's name (or its URL when pushing to a URL).
    pub remote: Option<String>,
    /// The remote's URL (unused; git passes it).
    pub url: Option<String>,
    /// Never draw a progress bar.
    #[arg(long)]
    pub no_progress: bool,
    /// Output options.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `commit-msg` arguments: git passes the file that holds the message being committed.
#[derive(Debug, Clone, Args)]
pub struct CommitMsgArgs {
    /// The message file (`.git/COMMIT_EDITMSG`).
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Output options.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `config` subcommands.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the commented default config.
    PrintDefault,
    /// Validate a config file (default: the discovered one) and run its rules' examples.
    Check {
        /// The file to check.
        #[arg(conflicts_with = "config")]
        path: Option<PathBuf>,
        /// The file to check (same as the positional PATH).
        #[arg(long, short = 'c', value_name = "PATH")]
        config: Option<PathBuf>,
    },
}
