//! Whole-file reads with a size cap. The files keepmum reads whole rather than scans (the
//! config, `.keepmumignore`, a server policy's `pre-receive.baseline`) are read up to their
//! cap and never further, so a huge or endless file (`/dev/zero`, a mistaken path) cannot make
//! it allocate without bound; a file over its cap is an error naming it (exit 2). The ref
//! updates git sends `pre-push` and `pre-receive` on standard input are read the same way
//! ([`read_capped`], [`REF_UPDATES_CAP`]).

use std::io::Read;
use std::path::Path;

/// The most bytes read of a config file (`.keepmum.yaml`, `--config FILE`, a server policy):
/// 4 MiB, hundreds of times a config with many custom rules.
pub const CONFIG_CAP: u64 = 4 << 20;

/// The most bytes read of `.keepmumignore` or a `pre-receive.baseline` file: 16 MiB, about
/// 150,000 entries of a fingerprint and a path.
pub const IGNORE_CAP: u64 = 16 << 20;

/// The most bytes read of the ref updates git sends `pre-push` / `pre-receive` on standard
/// input (one line per pushed ref): 64 MiB. A `pre-receive` line is `<old> <new> <ref>`, a
/// `pre-push` line `<local ref> <local id> <remote ref> <remote id>`; with SHA-256 ids (64
/// hex digits) and 250-byte ref names a `pre-push` line is 632 bytes, so the cap holds over
/// 100,000 refs of that size, and about 360,000 of a typical one (SHA-1 ids, 50-byte names).
pub const REF_UPDATES_CAP: u64 = 64 << 20;

/// Reads `input` to its end if it holds at most `cap` bytes; `Ok(None)` when it holds more
/// (at most `cap + 1` bytes are read to tell, so the allocation is bounded by the cap).
pub fn read_capped(input: &mut dyn Read, cap: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut buf = Vec::new();
    input.take(cap.saturating_add(1)).read_to_end(&mut buf)?;
    if buf.len() as u64 > cap {
        return Ok(None);
    }
    Ok(Some(buf))
}

/// Reads `path` as UTF-8 text if it holds at most `cap` bytes; `Ok(None)` when it holds more
/// (at most `cap + 1` bytes are read to tell). I/O errors and invalid UTF-8 are `Err`.
pub fn read_to_string(path: &Path, cap: u64) -> std::io::Result<Option<String>> {
    let Some(buf) = read_capped(&mut std::fs::File::open(path)?, cap)? else {
        return Ok(None);
    };
    String::from_utf8(buf).map(Some).map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        )
    })
}

/// A cap as people read it: `4 MiB`, `512 KiB`, `100 bytes`.
pub fn size_text(cap: u64) -> String {
    if cap >= 1 << 20 && cap % (1 << 20) == 0 {
        format!("{} MiB", cap >> 20)
    } else if cap >= 1 << 10 && cap % (1 << 10) == 0 {
        format!("{} KiB", cap >> 10)
    } else {
        format!("{cap} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_up_to_the_cap_and_no_further() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        std::fs::write(&p, "abcd").unwrap();
        assert_eq!(read_to_string(&p, 4).unwrap().as_deref(), Some("abcd"));
        assert_eq!(read_to_string(&p, 3).unwrap(), None);
        std::fs::write(&p, [0xff, 0xfe]).unwrap();
        assert_eq!(
            read_to_string(&p, 4).unwrap_err().kind(),
            std::io::ErrorKind::InvalidData
        );
        let missing = dir.path().join("missing");
        assert_eq!(
            read_to_string(&missing, 4).unwrap_err().kind(),
            std::io::ErrorKind::NotFound
        );
    }

    /// An endless file is read to its cap, not forever.
    #[cfg(unix)]
    #[test]
    fn endless_file_stops_at_the_cap() {
        assert_eq!(
            read_to_string(Path::new("/dev/zero"), 1 << 16).unwrap(),
            None
        );
    }

    #[test]
    fn streams_are_read_up_to_the_cap() {
        assert_eq!(
            read_capped(&mut &b"abcd"[..], 4).unwrap().as_deref(),
            Some(&b"abcd"[..])
        );
        assert_eq!(read_capped(&mut &b"abcd"[..], 3).unwrap(), None);
        let mut endless = std::io::repeat(b'x');
        assert_eq!(read_capped(&mut endless, 1 << 16).unwrap(), None);
    }

    /// The cap holds 100,000 `pre-push` lines of SHA-256 ids and 250-byte ref names.
    #[test]
    fn ref_update_cap_holds_a_hundred_thousand_long_refs() {
        let id = "0".repeat(64);
        let name = format!("refs/heads/{}", "n".repeat(239));
        let line = format!("{name} {id} {name} {id}\n");
        assert_eq!(line.len(), 632);
        assert!(100_000 * line.len() as u64 <= REF_UPDATES_CAP);
        assert_eq!(size_text(REF_UPDATES_CAP), "64 MiB");
    }

    #[test]
    fn sizes_read_as_people_read_them() {
        assert_eq!(size_text(CONFIG_CAP), "4 MiB");
        assert_eq!(size_text(IGNORE_CAP), "16 MiB");
        assert_eq!(size_text(512 << 10), "512 KiB");
        assert_eq!(size_text(100), "100 bytes");
    }
}
