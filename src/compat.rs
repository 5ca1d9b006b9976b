//! The project's former name, `leakguard`: the one module that still spells it out.
//!
//! - A hook written by `leakguard install` carries [`LEGACY_HOOK_MARKER`]; `keepmum install`
//!   recognises it as its own and upgrades it, `keepmum uninstall` removes it.
//! - A `.leakguard.yaml`/`.yml` or `.leakguardignore` at the root of a repository that has no
//!   new-named file is reported once per run, with the command that renames it
//!   ([`notice_legacy_config`], [`notice_legacy_ignore`]), rather than silently ignored.
//!   Fingerprints are still hashed with the old domain string ([`FINGERPRINT_DOMAIN`]), so the
//!   entries of a renamed ignore file keep matching the findings they accepted.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// The marker line of hooks written by `leakguard install`.
pub const LEGACY_HOOK_MARKER: &str = "# installed by leakguard";

/// Config file names of the old name.
pub const LEGACY_CONFIG_NAMES: &[&str] = &[".leakguard.yaml", ".leakguard.yml"];

/// Ignore file name of the old name.
pub const LEGACY_IGNORE_FILE: &str = ".leakguardignore";

/// Domain-separation prefix of fingerprints (see [`crate::allow::fingerprint`]). It keeps the
/// bytes fingerprints were first hashed with: changing it would silently void every entry of
/// every ignore file and baseline.
pub const FINGERPRINT_DOMAIN: &[u8] = b"leakguard\0";

static CONFIG_NOTICE: AtomicBool = AtomicBool::new(false);
static IGNORE_NOTICE: AtomicBool = AtomicBool::new(false);

/// The notice for an old-named config file in `dir` when no new-named one exists (`None`
/// otherwise). `new_names` are the current names, in discovery order.
pub fn legacy_config_notice(dir: &Path, new_names: &[&str]) -> Option<String> {
    if new_names.iter().any(|n| dir.join(n).is_file()) {
        return None;
    }
    let old = LEGACY_CONFIG_NAMES.iter().find(|n| dir.join(n).is_file())?;
    let new = if old.ends_with(".yml") {
        ".keepmum.yml"
    } else {
        ".keepmum.yaml"
    };
    Some(format!(
        "keepmum: warning: {old} in {} is NOT read: leakguard is now called keepmum and reads {new}, so the built-in defaults apply until you rename it: git mv {old} {new}   (or mv, if it is not tracked)",
        dir.display()
    ))
}

/// The notice for an old-named ignore file in `dir` when no new-named one exists.
pub fn legacy_ignore_notice(dir: &Path, new_name: &str) -> Option<String> {
    if dir.join(new_name).is_file() || !dir.join(LEGACY_IGNORE_FILE).is_file() {
        return None;
    }
    Some(format!(
        "keepmum: warning: {LEGACY_IGNORE_FILE} in {} is NOT read: leakguard is now called keepmum and reads {new_name}, so the findings it accepts are reported until you rename it: git mv {LEGACY_IGNORE_FILE} {new_name}   (or mv, if it is not tracked; its fingerprints stay valid)",
        dir.display()
    ))
}

fn once(flag: &AtomicBool, notice: Option<String>) {
    if let Some(n) = notice {
        if !flag.swap(true, Ordering::Relaxed) {
            eprintln!("{n}");
        }
    }
}

/// Prints [`legacy_config_notice`] to stderr, at most once per process.
pub fn notice_legacy_config(dir: &Path, new_names: &[&str]) {
    if !CONFIG_NOTICE.load(Ordering::Relaxed) {
        once(&CONFIG_NOTICE, legacy_config_notice(dir, new_names));
    }
}

/// Prints [`legacy_ignore_notice`] to stderr, at most once per process.
pub fn notice_legacy_ignore(dir: &Path, new_name: &str) {
    if !IGNORE_NOTICE.load(Ordering::Relaxed) {
        once(&IGNORE_NOTICE, legacy_ignore_notice(dir, new_name));
    }
}

/// Whether a hook script carries the old name's marker line.
pub fn is_legacy_hook(content: &[u8]) -> bool {
    content
        .split(|&b| b == b'\n')
        .any(|l| l.starts_with(LEGACY_HOOK_MARKER.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_only_without_a_new_file() {
        let d = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let new = [".keepmum.yaml", ".keepmum.yml"];
        assert!(legacy_config_notice(d.path(), &new).is_none());
        std::fs::write(d.path().join(".leakguard.yml"), "").unwrap_or_else(|e| panic!("{e}"));
        let n = legacy_config_notice(d.path(), &new).unwrap_or_default();
        assert!(n.contains("git mv .leakguard.yml .keepmum.yml"), "{n}");
        std::fs::write(d.path().join(".keepmum.yaml"), "").unwrap_or_else(|e| panic!("{e}"));
        assert!(legacy_config_notice(d.path(), &new).is_none());

        assert!(legacy_ignore_notice(d.path(), ".keepmumignore").is_none());
        std::fs::write(d.path().join(".leakguardignore"), "").unwrap_or_else(|e| panic!("{e}"));
        let n = legacy_ignore_notice(d.path(), ".keepmumignore").unwrap_or_default();
        assert!(n.contains("git mv .leakguardignore .keepmumignore"), "{n}");
        std::fs::write(d.path().join(".keepmumignore"), "").unwrap_or_else(|e| panic!("{e}"));
        assert!(legacy_ignore_notice(d.path(), ".keepmumignore").is_none());
    }

    #[test]
    fn legacy_hooks_are_recognised() {
        assert!(is_legacy_hook(
            b"#!/bin/sh\n# installed by leakguard: blocks...\n"
        ));
        assert!(!is_legacy_hook(
            b"#!/bin/sh\necho '# installed by leakguard'\n"
        ));
    }
}
