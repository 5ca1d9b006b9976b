//! Any path (arbitrary bytes, named as keepmum names them) round-trips through the ignore
//! file `keepmum baseline` writes: one line, no raw control character, read back equal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

use keepmum::allow::{quote_path, IgnoreFile};

fuzz_target!(|data: &[u8]| {
    let name = keepmum::text::path_text(data);
    if name.is_empty() {
        return;
    }
    let q = quote_path(&name);
    assert!(!q.contains('\n') && !q.contains('\r'), "{q:?}");
    let text = format!("rule:0123abcd {q}  # {q}:1\n");
    let f = IgnoreFile::parse(Path::new(".keepmumignore"), &text)
        .unwrap_or_else(|e| panic!("{name:?} written as {q:?}: {e}"));
    assert_eq!(f.entries().len(), 1);
    assert_eq!(f.entries()[0].path.as_deref(), Some(name.as_str()), "{q:?}");
});
