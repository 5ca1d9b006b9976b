//! Shared helpers for integration tests: real repositories built with the `git` CLI in temp
//! dirs, with a clean environment, and fixture secrets assembled at run time from templates.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use keepmum::rules::template::{expand, SplitMix64};

/// Path of the built binary under test.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_keepmum"))
}

/// Expands `<<class:len>>` templates with a generator seeded from `seed`: fixture secrets are
/// built at run time, so no credential-shaped literal is stored in the repository.
pub fn fixture(template: &str, seed: &str) -> String {
    expand(template, &mut SplitMix64::from_str_seed(seed)).expect("valid template")
}

/// Runs `cmd` with `input` on its standard input and collects its output.
pub fn output_with_stdin(mut cmd: Command, input: &str) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

/// A temporary git repository driven through the real `git` CLI.
pub struct Repo {
    pub dir: tempfile::TempDir,
    pub home: tempfile::TempDir,
}

/// Removes inherited git variables and points HOME/config at a private place.
pub fn clean_env(cmd: &mut Command, home: &Path) {
    for (k, _) in std::env::vars_os() {
        if let Some(k) = k.to_str() {
            if k.starts_with("GIT_") || k == "PRE_COMMIT" || k.starts_with("PRE_COMMIT_") {
                cmd.env_remove(k);
            }
        }
    }
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("NO_COLOR", "1");
}

impl Repo {
    /// `git init` in a new temp dir (branch `main`).
    pub fn new() -> Repo {
        let r = Repo {
            dir: tempfile::tempdir().expect("tempdir"),
            home: tempfile::tempdir().expect("tempdir"),
        };
        r.git(&["init", "-q", "-b", "main", "."]);
        r.git(&["config", "commit.gpgsign", "false"]);
        r
    }

    /// `git init --bare` in a new temp dir.
    pub fn bare() -> Repo {
        let r = Repo {
            dir: tempfile::tempdir().expect("tempdir"),
            home: tempfile::tempdir().expect("tempdir"),
        };
        r.git(&["init", "-q", "--bare", "-b", "main", "."]);
        r
    }

    /// The work tree (or bare repository) path.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A `git` command in the repository with a clean environment.
    pub fn git_cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new("git");
        clean_env(&mut c, self.home.path());
        c.current_dir(self.path()).args(args);
        c
    }

    /// Runs git and asserts success; returns stdout.
    ///
    /// Standard input is an empty pipe, as for [`Repo::git_output`] and [`Repo::keepmum`]:
    /// never the test runner's, and never `/dev/null`, which on some machines (CI's among
    /// them) is a regular file holding whatever was last written to it.
    pub fn git(&self, args: &[&str]) -> String {
        let out = output_with_stdin(self.git_cmd(args), "");
        assert!(
            out.status.success(),
            "git {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs git and returns the raw output (for commands expected to fail).
    pub fn git_output(&self, args: &[&str]) -> Output {
        output_with_stdin(self.git_cmd(args), "")
    }

    /// `git repack -ad` with pack-objects options `opts` (`--no-reuse-delta` for `-f`),
    /// without `git repack`, whose `pack-objects` reads revisions from `/dev/null` (see
    /// [`Repo::git`]): every object reachable from refs, reflogs and the index goes into one
    /// new pack; the old packs and the loose copies go.
    pub fn repack(&self, opts: &[&str]) {
        let list = self.git(&[
            "rev-list",
            "--objects",
            "--all",
            "--reflog",
            "--indexed-objects",
        ]);
        let packs = self.path().join(
            self.git(&["rev-parse", "--git-path", "objects/pack"])
                .trim(),
        );
        let old: Vec<PathBuf> = std::fs::read_dir(&packs)
            .expect("read the pack directory")
            .map(|e| e.expect("pack directory entry").path())
            .collect();
        let mut args = vec!["pack-objects", "-q"];
        args.extend_from_slice(opts);
        let base = packs.join("pack");
        args.push(base.to_str().expect("UTF-8 temporary path"));
        let out = output_with_stdin(self.git_cmd(&args), &list);
        assert!(out.status.success(), "git pack-objects: {out:?}");
        let new = format!("pack-{}", String::from_utf8_lossy(&out.stdout).trim());
        for p in old {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            if !name.is_some_and(|n| n.starts_with(&new)) {
                std::fs::remove_file(&p).expect("remove an old pack file");
            }
        }
        self.git(&["prune-packed", "-q"]);
    }

    /// Writes a file (creating directories).
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) {
        let p = self.path().join(rel);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).expect("mkdir");
        }
        std::fs::write(p, content).expect("write");
    }

    /// Writes and stages a file.
    pub fn stage(&self, rel: &str, content: impl AsRef<[u8]>) {
        self.write(rel, content);
        self.git(&["add", "--", rel]);
    }

    /// Commits what is staged, bypassing hooks.
    pub fn commit(&self, msg: &str) -> String {
        self.git(&["commit", "-q", "--no-verify", "--allow-empty", "-m", msg]);
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }

    /// A keepmum command run in the repository with a clean environment.
    pub fn keepmum_cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(bin());
        clean_env(&mut c, self.home.path());
        c.current_dir(self.path()).args(args);
        c
    }

    /// Runs keepmum; returns (exit code, stdout, stderr).
    pub fn keepmum(&self, args: &[&str]) -> (i32, String, String) {
        let out = output_with_stdin(self.keepmum_cmd(args), "");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Installs a hook script that runs the built binary on the staged diff.
    pub fn install_raw_hook(&self, name: &str) {
        let hooks = self.path().join(".git/hooks");
        std::fs::create_dir_all(&hooks).expect("mkdir hooks");
        let script = format!("#!/bin/sh\nexec \"{}\" scan --staged\n", bin().display());
        let p = hooks.join(name);
        std::fs::write(&p, script).expect("write hook");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        }
    }

    /// Hash of a file's bytes (to prove keepmum leaves it untouched).
    pub fn file_hash(&self, rel: &str) -> Option<u64> {
        use std::hash::{Hash, Hasher};
        let bytes = std::fs::read(self.path().join(rel)).ok()?;
        let mut h = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut h);
        Some(h.finish())
    }
}

/// Writes an executable script (creating its directory).
pub fn write_exec(path: &Path, content: &str) {
    if let Some(d) = path.parent() {
        std::fs::create_dir_all(d).expect("mkdir");
    }
    std::fs::write(path, content).expect("write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
}

/// Installs `hooks/pre-receive` running the built binary's `keepmum pre-receive ARGS` in the
/// bare repository `server`.
pub fn install_pre_receive(server: &Repo, args: &str) {
    write_exec(
        &server.path().join("hooks/pre-receive"),
        &format!("#!/bin/sh\nexec '{}' pre-receive {args}\n", bin().display()),
    );
}

/// A new repository whose `origin` is `server`.
pub fn client_of(server: &Repo) -> Repo {
    let client = Repo::new();
    client.git(&[
        "remote",
        "add",
        "origin",
        server.path().to_str().expect("utf-8 path"),
    ]);
    client
}

/// A bare server whose `hooks/pre-receive` runs `keepmum pre-receive ARGS`, and a client whose
/// `origin` it is.
pub fn server_and_client(args: &str) -> (Repo, Repo) {
    let server = Repo::bare();
    install_pre_receive(&server, args);
    let client = client_of(&server);
    (server, client)
}
