//! A config file of arbitrary text: parsing and compiling it (against the built-in default)
//! returns a config or an error that names the file, never a panic or an abort.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("fuzz.keepmum.yaml");
    let _ = keepmum::config::parse(path, text);
    if let Err(e) = keepmum::config::Config::resolve(Some((path, text)), false) {
        let msg = e.for_terminal();
        assert!(!msg.chars().any(|c| c.is_control() && c != '\n'), "{msg:?}");
    }
});
