//! Base64 inside files: `Authorization: Basic` credentials, Kubernetes Secret `data:` values,
//! kubeconfig `client-key-data`, `PRIVATE_KEY_B64=...`: secrets that no rule can see until
//! they are decoded.
//!
//! Only candidates are decoded: values of at most [`MAX_VALUE`] base64 characters, under a
//! name that says secret or starting like an encoded PEM block, and at most [`BUDGET`] decoded
//! bytes per file. Decoded text is scanned once, never decoded again, and its findings are
//! reported at the position of the encoded value.

/// The longest base64 value decoded (a key or a service-account file is a few KiB).
pub const MAX_VALUE: usize = 64 << 10;

/// Decoded bytes per file, at most.
pub const BUDGET: usize = 1 << 20;

use super::assign::Assignment;
use super::filetype::FileType;
use super::{BlockCtx, File, Scanner};
use crate::finding::Finding;

/// `-----BEGIN` in base64 (the start of an encoded PEM block).
pub const PEM_B64: &[u8] = b"LS0tLS1CRUdJT";

/// Decodes standard or URL-safe base64 (padding optional; no whitespace). `None` when `s` is
/// not base64 or longer than [`MAX_VALUE`].
pub fn base64(s: &[u8]) -> Option<Vec<u8>> {
    if s.len() > MAX_VALUE {
        return None;
    }
    let body = s
        .strip_suffix(b"==")
        .or_else(|| s.strip_suffix(b"="))
        .unwrap_or(s);
    if body.len() % 4 == 1 {
        return None;
    }
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(body.len() / 4 * 3 + 2);
    for chunk in body.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= val(c)? << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len() - 1]);
    }
    Some(out)
}

/// Encodes standard base64 with padding (tests and fixtures build encoded values with it).
pub fn encode_base64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Whether decoded bytes are text: UTF-8 without control characters other than tab, CR and LF.
pub fn is_text(b: &[u8]) -> bool {
    match std::str::from_utf8(b) {
        Ok(s) => s
            .chars()
            .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t')),
        Err(_) => false,
    }
}

/// The text a value encodes, when it is a base64 value (its length fits the padding rules, it
/// decodes) of at least 4 text bytes. Random text that is merely made of base64 characters
/// almost never decodes to text.
pub fn text_of(v: &[u8]) -> Option<Vec<u8>> {
    if v.len() < 8 || v.len() > MAX_VALUE {
        return None;
    }
    let padded = v.ends_with(b"=");
    if !padded && v.len() % 4 != 0 {
        return None;
    }
    if !v
        .iter()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_'))
    {
        return None;
    }
    let d = base64(v)?;
    (d.len() >= 4 && is_text(&d)).then_some(d)
}

/// Whether `v` is base64 of words (text with a space or a line break, `{"Marker": null, ...}`,
/// `#!/bin/bash\n...`) in which no word says secret: encoded data, not a key. Random
/// characters almost never decode to text.
pub fn is_encoded_prose(v: &[u8]) -> bool {
    text_of(v).is_some_and(|d| {
        d.iter().any(u8::is_ascii_whitespace) && !secret_name(&d) && !d.starts_with(b"-----")
    })
}

/// `Basic` credentials: base64 of `user:password`. Returns (user, password) when `v` decodes
/// to printable text with a colon and a user without spaces.
pub fn basic_credentials(v: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let d = base64(v)?;
    if !is_text(&d) || d.iter().any(|&b| b == b'\n' || b == b'\r') {
        return None;
    }
    let colon = d.iter().position(|&b| b == b':')?;
    let (user, pass) = (&d[..colon], &d[colon + 1..]);
    if user.is_empty() && pass.is_empty() || user.iter().any(u8::is_ascii_whitespace) {
        return None;
    }
    Some((user.to_vec(), pass.to_vec()))
}

/// Words in a name that say its value is secret (its value is decoded when it is base64).
const SECRET_WORDS: &[&[u8]] = &[
    b"pass",
    b"pwd",
    b"secret",
    b"token",
    b"key",
    b"cred",
    b"auth",
    b"private",
    b"dockerconfig",
];

fn secret_name(key: &[u8]) -> bool {
    let k = key.to_ascii_lowercase();
    SECRET_WORDS
        .iter()
        .any(|w| memchr::memmem::find(&k, w).is_some())
}

/// Whether decoded bytes read as a secret's text rather than chance: mostly letters and
/// digits, or several lines (a PEM block, a JSON document).
fn plausible(d: &[u8]) -> bool {
    let alnum = d.iter().filter(|b| b.is_ascii_alphanumeric()).count();
    d.contains(&b'\n') || alnum * 10 >= d.len() * 6
}

/// Takes `n` bytes from the file's decoding budget; false when it is spent.
fn spend(file: &File, n: usize) -> bool {
    let used = file.decoded_bytes.get();
    if used + n > BUDGET {
        return false;
    }
    file.decoded_bytes.set(used + n);
    true
}

/// For each assignment, the text its value encodes when it is a candidate: a name that says
/// secret, a base64 value of text, within the file's budget. Such values are judged decoded.
pub(super) fn decode_values(file: &File, list: &[(Assignment, bool)]) -> Vec<Option<Vec<u8>>> {
    list.iter()
        .map(|(a, _)| {
            if file.nested || a.interpolated || !secret_name(a.key) {
                return None;
            }
            let v = a.value;
            if v.len() < 8 || v.len() > MAX_VALUE || !spend(file, v.len()) {
                return None;
            }
            text_of(v).filter(|d| plausible(d))
        })
        .collect()
}

impl Scanner {
    /// Scans the decoded text of the block's encoded values (`enc`, parallel to `list`) and of
    /// encoded PEM blocks anywhere in it; findings are reported where the encoded value is.
    pub(super) fn scan_encoded(
        &self,
        ctx: &BlockCtx,
        block: &[u8],
        list: &[(Assignment, bool)],
        enc: &[Option<Vec<u8>>],
        out: &mut Vec<Finding>,
    ) {
        // The encoded values done, by start: (start, end).
        let mut done: std::collections::BTreeMap<usize, usize> = Default::default();
        for ((a, _), d) in list.iter().zip(enc) {
            let Some(d) = d else {
                continue;
            };
            if done.contains_key(&a.value_start) {
                continue;
            }
            done.insert(a.value_start, a.value_start + a.value.len());
            let single_line = !d.contains(&b'\n') && !d.starts_with(b"{") && !d.starts_with(b"[");
            if single_line {
                // Judged under its own name, as if it had been written in clear.
                let mut t = Vec::with_capacity(d.len() + a.key.len() + 8);
                t.push(b'"');
                t.extend_from_slice(a.key);
                t.extend_from_slice(b"\": \"");
                for &b in d {
                    if b == b'"' || b == b'\\' {
                        t.push(b'\\');
                    }
                    t.push(b);
                }
                t.extend_from_slice(b"\"\n");
                self.scan_decoded(ctx, a.value_start, &t, out);
            } else {
                self.scan_decoded(ctx, a.value_start, d, out);
            }
        }
        // Encoded PEM blocks under any name (`PRIVATE_KEY_B64=LS0tLS1CRUdJTi...`).
        let mut from = 0;
        while let Some(p) = memchr::memmem::find(&block[from..], PEM_B64) {
            let s = from + p;
            let len = block[s..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
                .count();
            let e = s + len;
            from = e.max(s + 1);
            let inside = done.range(..=s).next_back().is_some_and(|(_, &de)| s < de);
            if inside || len > MAX_VALUE {
                continue;
            }
            if !spend(ctx.file, len) {
                break;
            }
            let Some(d) = base64(&block[s..e]).filter(|d| is_text(d)) else {
                continue;
            };
            self.scan_decoded(ctx, s, &d, out);
        }
    }

    /// Scans `text` (decoded from the value at `off` in the block) and reports its findings
    /// at that value, on its line.
    fn scan_decoded(&self, ctx: &BlockCtx, off: usize, text: &[u8], out: &mut Vec<Finding>) {
        let nested = File {
            deadline: ctx.file.deadline,
            path: ctx.file.path,
            ftype: FileType::Config,
            content: text,
            is_sample: ctx.file.is_sample,
            binary: false,
            vetoed: Default::default(),
            lines: Default::default(),
            info: Default::default(),
            nested: true,
            decoded_bytes: Default::default(),
        };
        let mut found = Vec::new();
        let mut enabled = vec![false; self.rules.len()];
        self.scan_block(&nested, 0, text.len(), &mut enabled, &mut found);
        super::drop_vetoed(&mut found, 0, &nested.vetoed.borrow());
        if found.is_empty() {
            return;
        }
        let index = ctx.file.index();
        let abs = ctx.start + off;
        let line = index.line_of(abs);
        let line_start = index.line_start(abs);
        let info = ctx.file.info(line_start);
        let prev = (line_start > 0).then(|| ctx.file.info(index.line_start(line_start - 1)));
        for mut f in found {
            // Markers on the encoded value's line count; they are applied with the file's
            // other findings, after overlaps are resolved.
            f.marker_ignored = info.marks.allows_here(&f.rule_id)
                || prev
                    .as_ref()
                    .is_some_and(|p| p.marks.allows_next(&f.rule_id));
            f.line = line;
            f.end_line = line;
            f.column = (abs - line_start + 1) as u32;
            f.description = format!("{} (base64-encoded)", f.description);
            f.line_text = std::sync::Arc::clone(&info.text);
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_prose() {
        let e = |s: &str| encode_base64(s.as_bytes());
        assert!(is_encoded_prose(
            e("These are not the values you want").as_bytes()
        ));
        assert!(is_encoded_prose(
            e("{\"Marker\": null, \"count\": 2}").as_bytes()
        ));
        assert!(is_encoded_prose(
            e("#!/bin/sh\nmkdir -p /var/run/app").as_bytes()
        ));
        // A secret's own text, credentials and random bytes are not prose.
        assert!(!is_encoded_prose(
            e("{\"private_key\": \"x y\"}").as_bytes()
        ));
        assert!(!is_encoded_prose(
            e("-----BEGIN PRIVATE KEY-----\nMII").as_bytes()
        ));
        assert!(!is_encoded_prose(e("deploy:Zq8kVmRt2LwXa9Pb").as_bytes()));
        assert!(!is_encoded_prose(b"Zq8kVmRt2LwXa9PbNc4HyTe7JsUd3GfKzz=="));
    }

    #[test]
    fn round_trip() {
        for s in [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "user:pa55word!",
            "-----BEGIN RSA",
        ] {
            let e = encode_base64(s.as_bytes());
            assert_eq!(base64(e.as_bytes()).as_deref(), Some(s.as_bytes()), "{s}");
            assert_eq!(
                base64(e.trim_end_matches('=').as_bytes()).as_deref(),
                Some(s.as_bytes())
            );
        }
        assert!(
            encode_base64(b"-----BEGIN").starts_with(std::str::from_utf8(PEM_B64).unwrap_or(""))
        );
        assert_eq!(base64(b"a"), None);
        assert_eq!(base64(b"ab!d"), None);
        assert_eq!(base64(b"_-8"), Some(vec![0xff, 0xef]));
    }

    #[test]
    fn text_and_credentials() {
        assert_eq!(
            text_of(encode_base64(b"hunter2-pw").as_bytes()).as_deref(),
            Some(&b"hunter2-pw"[..])
        );
        assert_eq!(text_of(b"abc"), None);
        assert_eq!(text_of(encode_base64(&[0, 1, 2, 3, 4, 5]).as_bytes()), None);
        let c = encode_base64(b"deploy:s3cr3t!");
        assert_eq!(
            basic_credentials(c.as_bytes()),
            Some((b"deploy".to_vec(), b"s3cr3t!".to_vec()))
        );
        assert_eq!(
            basic_credentials(encode_base64(b"no colon").as_bytes()),
            None
        );
        assert_eq!(
            basic_credentials(encode_base64(&[0xff, 0x3a, 0x41]).as_bytes()),
            None
        );
    }
}
