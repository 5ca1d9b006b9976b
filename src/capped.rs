//! Whole-file reads with a size cap. The files keepmum reads whole rather than scans (the
//! config, `.keepmumignore`, a server policy's `pre-receive.baseline`) are read up to their
//! cap and never further, so a huge or endless file (`/dev/zero`, a mistaken path) cannot make
//! it allocate without bound; a file over its cap is an error naming it (exit 2).

use std::io::Read;
use std::path::Path;

/// The most bytes read of a config file (`.keepmum.yaml`, `--config FILE`, a server policy):
/// 4 MiB, hundreds of times a config with many custom rules.
pub const CONFIG_CAP: u64 = 4 << 20;

/// The most bytes read of `.keepmumignore` or a `pre-receive.baseline` file: 16 MiB, about
/// 150,000 entries of a fingerprint and a path.
pub const IGNORE_CAP: u64 = 16 << 20;

/// Reads `path` as UTF-8 text if it holds at most `cap` bytes; `Ok(None)` when it holds more
/// (at most `cap + 1` bytes are read to tell). I/O errors and invalid UTF-8 are `Err`.
pub fn read_to_string(path: &Path, cap: u64) -> std::io::Result<Option<String>> {
    let mut buf = Vec::new();
    std::fs::File::open(path)?
        .take(cap.saturating_add(1))
        .read_to_end(&mut buf)?;
    if buf.len() as u64 > cap {
        return Ok(None);
    }
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
    fn sizes_read_as_people_read_them() {
        assert_eq!(size_text(CONFIG_CAP), "4 MiB");
        assert_eq!(size_text(IGNORE_CAP), "16 MiB");
        assert_eq!(size_text(512 << 10), "512 KiB");
        assert_eq!(size_text(100), "100 bytes");
    }
}
