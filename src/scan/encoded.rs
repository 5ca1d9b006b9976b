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

#[cfg(test)]
mod tests {
    use super::*;

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
