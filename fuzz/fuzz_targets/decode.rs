//! Arbitrary bytes through the decoder (UTF-16/32, binary runs): no panic, and every place it
//! maps back lies within the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

use keepmum::scan::decode;

fuzz_target!(|data: &[u8]| {
    let d = decode::decode(data);
    let text = &d.text;
    let lines = text.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    let raw_lines = data.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    for (i, line) in text.split(|&b| b == b'\n').enumerate().take(64) {
        let line_text = String::from_utf8_lossy(line);
        for column in [1u32, 2, line.len() as u32 + 1] {
            let n = i as u32 + 1;
            let p = d.place(n, column, n, &line_text);
            if let Some(off) = p.offset {
                assert!(off <= data.len() as u64, "offset {off} past {}", data.len());
                assert!(p.line <= raw_lines, "line {} of {raw_lines}", p.line);
            } else {
                assert!(p.line <= lines.max(raw_lines), "line {}", p.line);
            }
            assert!(p.column >= 1);
        }
    }
    assert!(decode::decode_until(data, &|| false).is_some());
});
