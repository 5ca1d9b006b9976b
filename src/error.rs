//! The library's error type. Every variant names what went wrong and where, so that `main` can
//! print it and exit 2 (fail closed).

use std::path::PathBuf;

/// Everything that can stop a scan before it reaches a verdict.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A config or rule file is invalid; `line`/`column` are 1-based (0 when unknown).
    #[error("{}:{line}:{column}: {message}", path.display())]
    Config {
        /// The file that holds the mistake.
        path: PathBuf,
        /// 1-based line, 0 when unknown.
        line: u64,
        /// 1-based column, 0 when unknown.
        column: u64,
        /// What is wrong and what to change.
        message: String,
    },
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A file keepmum reads whole (config, `.keepmumignore`) or the ref updates on a push
    /// hook's standard input are larger than their cap ([`crate::capped`]).
    #[error("{}: larger than the {} keepmum reads of {what}: {advice}", path.display(), crate::capped::size_text(*cap))]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// What the file is (`a config file`).
        what: &'static str,
        /// The cap in bytes.
        cap: u64,
        /// What to do.
        advice: &'static str,
    },
    /// libgit2 reported an error (not a repository, corrupt object, bad revision...).
    #[error("git: {context}: {message}")]
    Git {
        /// What keepmum was doing.
        context: String,
        /// libgit2's message.
        message: String,
    },
    /// The command line asks for something that cannot be done.
    #[error("{0}")]
    Usage(String),
    /// A built-in or custom rule failed its own examples.
    #[error("rule {id}: {message}")]
    RuleExample {
        /// The rule's id.
        id: String,
        /// Which example failed and how.
        message: String,
    },
    /// The scan ran out of its time budget before finishing (fail closed).
    #[error("scan incomplete: {0}")]
    Incomplete(String),
}

impl Error {
    /// Wraps a libgit2 error with what keepmum was doing when it happened.
    pub fn git(context: impl Into<String>, err: git2::Error) -> Self {
        Error::Git {
            context: context.into(),
            message: err.message().to_string(),
        }
    }

    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

impl Error {
    /// The message as it may reach a terminal: paths, ref names, config values and libgit2's
    /// words come from the repository, so every control character in them is escaped
    /// ([`crate::text::escaped`]) and the message stays one line. Only the list of failed rule
    /// examples keeps its own line breaks (each failure in it is escaped where it is built).
    pub fn for_terminal(&self) -> String {
        let msg = self.to_string();
        match self {
            Error::RuleExample { .. } => msg
                .split('\n')
                .map(|l| crate::text::escaped(l).into_owned())
                .collect::<Vec<_>>()
                .join("\n"),
            _ => crate::text::escaped(&msg).into_owned(),
        }
    }
}

/// Shorthand for results with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
