//! A rule example template of arbitrary text: it expands within its caps or is an error.
#![no_main]

use libfuzzer_sys::fuzz_target;

use keepmum::rules::template::{expand, SplitMix64};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut rng = SplitMix64::new(data.len() as u64);
    if let Ok(out) = expand(text, &mut rng) {
        // 256 KiB per expanded example, plus the literal text around the templates.
        assert!(out.len() <= (256 << 10) + text.len(), "{} bytes", out.len());
    }
});
