//! `.keepmumignore` of arbitrary text: it parses or fails with a positioned error; every path
//! it reads is written back by `quote_path` to a line that reads the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

use keepmum::allow::{quote_path, IgnoreFile};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new(".keepmumignore");
    match IgnoreFile::parse(path, text) {
        Ok(f) => {
            for e in f.entries() {
                let line = match &e.path {
                    Some(p) => format!("{} {}\n", e.fingerprint, quote_path(p)),
                    None => format!("{}\n", e.fingerprint),
                };
                let again = IgnoreFile::parse(path, &line).expect("a written entry parses");
                let back = &again.entries()[0];
                assert_eq!(back.fingerprint, e.fingerprint);
                assert_eq!(back.path, e.path);
            }
        }
        Err(e) => assert!(e.to_string().starts_with(".keepmumignore:"), "{e}"),
    }
});
