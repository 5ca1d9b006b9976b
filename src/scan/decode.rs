//! What text a file's bytes hold, for scanning.
//!
//! - UTF-8 (or anything without NUL bytes in its first 8000 bytes): the bytes as they are.
//! - Text that is text apart from a few NUL bytes (at most a quarter of the first 8000 bytes):
//!   the bytes as they are, so one NUL byte does not turn a settings file into a "binary".
//! - UTF-16 and UTF-32, little or big endian, with a byte order mark or recognised by where
//!   their NUL bytes fall: decoded to UTF-8. Every U+000A stays one newline, so line numbers are
//!   the file's; columns are counted in characters ([`Decoded::place`]).
//! - Anything else with a NUL byte is binary: its printable runs (as `strings` lists them, at
//!   least [`MIN_RUN`] bytes of printable ASCII and tabs) are joined one per line, and only the
//!   rules that hold on arbitrary bytes look at them (provider formats, private keys, URL
//!   credentials). A finding there is placed at its byte offset in the file.
//!
//! Every step is one pass over the bytes; the text of a binary is at most its size.

use std::borrow::Cow;

/// Bytes git looks at to decide whether a file is binary; the same sample decides here.
pub const SAMPLE: usize = 8000;

/// Shortest printable run of a binary file that is scanned (every format the binary rules
/// know is longer).
pub const MIN_RUN: usize = 8;

/// How a file's bytes were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// As they are (UTF-8, ASCII, text with stray NUL bytes, other 8-bit text).
    Bytes,
    /// UTF-16 little endian.
    Utf16Le,
    /// UTF-16 big endian.
    Utf16Be,
    /// UTF-32 little endian.
    Utf32Le,
    /// UTF-32 big endian.
    Utf32Be,
    /// Binary: only printable runs are scanned.
    Binary,
}

/// A printable run of a binary file: line `i + 1` of the scanned text is `runs[i]`.
#[derive(Debug, Clone, Copy)]
struct Run {
    /// Byte offset in the file.
    offset: usize,
    /// Line of the file (by its `\n` bytes) the run starts on.
    line: u32,
    /// Byte column on that line.
    column: u32,
}

/// The text to scan for one file's bytes.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// What the rules read.
    pub text: Cow<'a, [u8]>,
    /// How it was obtained.
    pub encoding: Encoding,
    runs: Vec<Run>,
}

/// Where a finding sits in the original file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// Last line.
    pub end_line: u32,
    /// Byte offset in the file (binary files only).
    pub offset: Option<u64>,
}

impl Decoded<'_> {
    /// Whether the file is binary (only printable runs were read).
    pub fn is_binary(&self) -> bool {
        self.encoding == Encoding::Binary
    }

    /// Where a finding at `line`:`column` (byte column) of [`Decoded::text`], ending on
    /// `end_line`, whose line reads `line_text`, sits in the original file.
    pub fn place(&self, line: u32, column: u32, end_line: u32, line_text: &str) -> Place {
        match self.encoding {
            Encoding::Bytes => Place {
                line,
                column,
                end_line,
                offset: None,
            },
            Encoding::Binary => {
                let run = |l: u32| self.runs.get((l as usize).saturating_sub(1));
                let Some(r) = run(line) else {
                    return Place {
                        line,
                        column,
                        end_line,
                        offset: None,
                    };
                };
                let within = column.saturating_sub(1);
                Place {
                    line: r.line,
                    column: r.column + within,
                    end_line: run(end_line).map_or(r.line, |e| e.line),
                    offset: Some((r.offset + within as usize) as u64),
                }
            }
            _ => {
                // Decoded text: count characters, as an editor showing the file does.
                let before = (column as usize).saturating_sub(1);
                let chars = line_text
                    .get(..before)
                    .map_or(before, |s| s.chars().count());
                Place {
                    line,
                    column: chars as u32 + 1,
                    end_line,
                    offset: None,
                }
            }
        }
    }
}

/// Reads `raw` as described in the module docs.
pub fn decode(raw: &[u8]) -> Decoded<'_> {
    decode_until(raw, &|| false).unwrap_or(Decoded {
        text: Cow::Borrowed(raw),
        encoding: Encoding::Bytes,
        runs: Vec::new(),
    })
}

/// [`decode`] that asks `stop()` every [`STOP_EVERY`] bytes of work and gives up (`None`)
/// when it says so: decoding a large UTF-16 file or binary is a pass of its own.
pub fn decode_until<'a>(raw: &'a [u8], stop: &dyn Fn() -> bool) -> Option<Decoded<'a>> {
    let encoding = detect(raw);
    let text = match encoding {
        Encoding::Bytes => Cow::Borrowed(raw),
        Encoding::Binary => {
            let (text, runs) = printable_runs(raw, stop)?;
            return Some(Decoded {
                text: Cow::Owned(text),
                encoding,
                runs,
            });
        }
        e => Cow::Owned(transcode(raw, e, stop)?),
    };
    Some(Decoded {
        text,
        encoding,
        runs: Vec::new(),
    })
}

/// How many bytes of decoding go between two looks at the clock.
pub const STOP_EVERY: usize = 256 << 10;

/// The text [`decode`] would scan, without positions (to compare versions of a file).
pub fn text_of(raw: &[u8]) -> Cow<'_, [u8]> {
    decode(raw).text
}

/// How to read `raw`.
pub fn detect(raw: &[u8]) -> Encoding {
    // Byte order marks (UTF-32 first: its little-endian mark starts like UTF-16's).
    let bom = [
        (&b"\xFF\xFE\x00\x00"[..], Encoding::Utf32Le),
        (b"\x00\x00\xFE\xFF", Encoding::Utf32Be),
        (b"\xFF\xFE", Encoding::Utf16Le),
        (b"\xFE\xFF", Encoding::Utf16Be),
    ];
    for (mark, enc) in bom {
        if raw.starts_with(mark) && looks_like_text(raw, enc, true) {
            return enc;
        }
    }
    let sample = &raw[..raw.len().min(SAMPLE)];
    if !sample.contains(&0) {
        return Encoding::Bytes;
    }
    for enc in [
        Encoding::Utf32Le,
        Encoding::Utf32Be,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
    ] {
        if looks_like_text(raw, enc, false) {
            return enc;
        }
    }
    if text_apart_from_nul(sample) {
        return Encoding::Bytes;
    }
    Encoding::Binary
}

/// Whether the sample is text once its NUL bytes are ignored: at most a quarter NUL bytes
/// (a stray NUL, not a zero-filled container), valid UTF-8 (a character cut at the sample's
/// end allowed) with no control character but whitespace and ESC.
fn text_apart_from_nul(sample: &[u8]) -> bool {
    if memchr::memchr_iter(0, sample).count() * 4 > sample.len() {
        return false;
    }
    let control = sample.iter().any(|&b| {
        b < 0x20 && !matches!(b, 0 | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0x1b) || b == 0x7f
    });
    if control {
        return false;
    }
    match std::str::from_utf8(sample) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    }
}

/// Code units of `raw` in `enc` (after a BOM), at most `limit` of them.
fn units(raw: &[u8], enc: Encoding) -> impl Iterator<Item = u32> + '_ {
    let (width, big) = match enc {
        Encoding::Utf16Le => (2, false),
        Encoding::Utf16Be => (2, true),
        Encoding::Utf32Le => (4, false),
        Encoding::Utf32Be => (4, true),
        _ => (1, false),
    };
    raw.chunks_exact(width).map(move |c| {
        let mut v = 0u32;
        if big {
            for &b in c {
                v = (v << 8) | b as u32;
            }
        } else {
            for &b in c.iter().rev() {
                v = (v << 8) | b as u32;
            }
        }
        v
    })
}

/// Whether the start of `raw` reads as text in `enc`. With a byte order mark, a little damage
/// is tolerated (1%); without one, the sample must be clean text, at least half ASCII, with
/// no NUL character (random binary data rarely is).
fn looks_like_text(raw: &[u8], enc: Encoding, bom: bool) -> bool {
    let width = if matches!(enc, Encoding::Utf16Le | Encoding::Utf16Be) {
        2
    } else {
        4
    };
    let sample = &raw[..raw.len().min(SAMPLE) / width * width];
    if sample.is_empty() || (!bom && raw.len() % width != 0) {
        return false;
    }
    let (mut n, mut bad, mut ascii) = (0usize, 0usize, 0usize);
    let mut pending_high = false;
    for u in units(sample, enc) {
        n += 1;
        let is_control = u < 0x20 && !matches!(u, 0x09 | 0x0a | 0x0b | 0x0c | 0x0d | 0x1b);
        if width == 2 && (0xD800..0xDC00).contains(&u) {
            if pending_high {
                bad += 1;
            }
            pending_high = true;
            continue;
        }
        if width == 2 && (0xDC00..0xE000).contains(&u) {
            if !pending_high {
                bad += 1;
            }
            pending_high = false;
            continue;
        }
        if pending_high {
            bad += 1;
            pending_high = false;
        }
        if is_control || u == 0x7f || u > 0x10FFFF || (width == 4 && (0xD800..0xE000).contains(&u))
        {
            bad += 1;
        } else if u < 0x80 {
            ascii += 1;
        }
    }
    if bom {
        bad * 100 <= n
    } else {
        bad == 0 && ascii * 2 >= n
    }
}

/// `raw` in `enc`, as UTF-8 (a byte order mark dropped, undecodable units replaced by U+FFFD,
/// an incomplete last unit dropped).
fn transcode(raw: &[u8], enc: Encoding, stop: &dyn Fn() -> bool) -> Option<Vec<u8>> {
    let mut out = String::with_capacity(raw.len());
    let body = match enc {
        Encoding::Utf16Le if raw.starts_with(b"\xFF\xFE") => &raw[2..],
        Encoding::Utf16Be if raw.starts_with(b"\xFE\xFF") => &raw[2..],
        Encoding::Utf32Le if raw.starts_with(b"\xFF\xFE\x00\x00") => &raw[4..],
        Encoding::Utf32Be if raw.starts_with(b"\x00\x00\xFE\xFF") => &raw[4..],
        _ => raw,
    };
    match enc {
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let it = units(body, enc).map(|u| u as u16);
            for (n, c) in char::decode_utf16(it).enumerate() {
                if n % (STOP_EVERY / 2) == STOP_EVERY / 2 - 1 && stop() {
                    return None;
                }
                out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
            }
        }
        _ => {
            for (n, u) in units(body, enc).enumerate() {
                if n % (STOP_EVERY / 4) == STOP_EVERY / 4 - 1 && stop() {
                    return None;
                }
                out.push(char::from_u32(u).unwrap_or(char::REPLACEMENT_CHARACTER));
            }
        }
    }
    Some(out.into_bytes())
}

/// A rule pattern for the printable runs of a binary, or `None` to use it as it is.
///
/// Binary formats lay strings end to end (a pickle's opcode byte, a SQLite record's next
/// column, a .pyc's next constant), so a token there is often glued to a letter on either side
/// and the word boundaries around it fail. For a pattern whose secret group starts with a
/// literal prefix of 3+ characters (`ghp_`, `xoxb-`, `AKIA`...), the boundary right before the
/// group (`\b`) and the one after it (`\b`, or `(?:[^...]|\z)` at the end) are dropped: the
/// prefix and the token's alphabet and length (and its checksum) still decide.
pub fn relax_for_binary(src: &str) -> Option<String> {
    const OPEN: &str = "(?P<secret>";
    let p = src.find(OPEN)?;
    let body = &src[p + OPEN.len()..];
    let literal = body
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '/' | ':'))
        .count();
    if literal < 3 {
        return None;
    }
    // The end of the secret group: its closing parenthesis, skipping escapes and classes.
    let bytes = body.as_bytes();
    let (mut depth, mut i, mut class) = (1usize, 0usize, false);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' if !class => class = true,
            b']' if class => class = false,
            b'(' if !class => depth += 1,
            b')' if !class => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if depth != 0 {
        return None;
    }
    let close = p + OPEN.len() + i + 1;
    let (head, group, tail) = (&src[..p], &src[p..close], &src[close..]);
    let head = head.strip_suffix("\\b").unwrap_or(head);
    let tail_is_boundary = tail == "\\b"
        || (tail.starts_with("(?:[^") && tail.ends_with("]|\\z)") && !tail[5..].contains('('));
    let tail = if tail_is_boundary { "" } else { tail };
    let out = format!("{head}{group}{tail}");
    (out != src).then_some(out)
}

/// Bytes a printable run is made of: printable ASCII and tab.
const PRINTABLE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0x20;
    while b < 0x7f {
        t[b] = true;
        b += 1;
    }
    t[b'\t' as usize] = true;
    t
};

/// The printable runs of a binary, one per line, and where each starts in the file.
///
/// Runs shorter than [`MIN_RUN`] cannot hold a finding, so the walk probes the byte
/// `MIN_RUN - 1` ahead and skips that far when it is not printable (most of random data);
/// newlines are counted with `memchr` only up to the runs kept.
fn printable_runs(raw: &[u8], stop: &dyn Fn() -> bool) -> Option<(Vec<u8>, Vec<Run>)> {
    let mut text = Vec::new();
    let mut runs = Vec::new();
    let (mut line, mut line_start, mut counted) = (1u32, 0usize, 0usize);
    let mut next_look = STOP_EVERY;
    // Invariant: `i == 0` or `raw[i - 1]` is not printable.
    let mut i = 0;
    while i + MIN_RUN <= raw.len() {
        if i >= next_look {
            if stop() {
                return None;
            }
            next_look = i + STOP_EVERY;
        }
        let probe = i + MIN_RUN - 1;
        if !PRINTABLE[raw[probe] as usize] {
            i = probe + 1;
            continue;
        }
        let mut start = probe;
        while start > i && PRINTABLE[raw[start - 1] as usize] {
            start -= 1;
        }
        let mut end = probe + 1;
        while end < raw.len() && PRINTABLE[raw[end] as usize] {
            end += 1;
        }
        if end - start >= MIN_RUN {
            let gap = &raw[counted..start];
            line += memchr::memchr_iter(b'\n', gap).count() as u32;
            if let Some(p) = memchr::memrchr(b'\n', gap) {
                line_start = counted + p + 1;
            }
            counted = start;
            text.extend_from_slice(&raw[start..end]);
            text.push(b'\n');
            runs.push(Run {
                offset: start,
                line,
                column: (start - line_start + 1) as u32,
            });
        }
        i = end + 1;
    }
    Some((text, runs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut v: Vec<u8> = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        for u in s.encode_utf16() {
            v.extend_from_slice(&u.to_le_bytes());
        }
        v
    }

    #[test]
    fn detects_encodings() {
        assert_eq!(detect(b"plain text\n"), Encoding::Bytes);
        assert_eq!(detect(b""), Encoding::Bytes);
        assert_eq!(detect(&utf16le("a = 1\n", true)), Encoding::Utf16Le);
        assert_eq!(detect(&utf16le("a = 1\n", false)), Encoding::Utf16Le);
        let be: Vec<u8> = "héllo\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(detect(&be), Encoding::Utf16Be);
        let le32: Vec<u8> = "x = 1\n"
            .chars()
            .flat_map(|c| (c as u32).to_le_bytes())
            .collect();
        assert_eq!(detect(&le32), Encoding::Utf32Le);
        let be32: Vec<u8> = "x = 1\n"
            .chars()
            .flat_map(|c| (c as u32).to_be_bytes())
            .collect();
        assert_eq!(detect(&be32), Encoding::Utf32Be);
        assert_eq!(detect(b"\x00DEBUG = True\n"), Encoding::Bytes);
        let mut padded = vec![0u8; 4096];
        padded.extend_from_slice(b"DEBUG = True\n");
        assert_eq!(detect(&padded), Encoding::Binary);
        assert_eq!(
            detect(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
            Encoding::Binary
        );
        // Random bytes are binary.
        let mut rng = crate::rules::template::SplitMix64::new(3);
        let noise: Vec<u8> = (0..4096)
            .flat_map(|_| rng.next_u64().to_le_bytes())
            .collect();
        assert_eq!(detect(&noise), Encoding::Binary);
    }

    #[test]
    fn decoded_lines_and_columns() {
        let raw = utf16le("é = 1\r\nnom = \"àé\"; k = \"v\"\r\n", true);
        let d = decode(&raw);
        let text = std::str::from_utf8(&d.text).unwrap();
        assert_eq!(text, "é = 1\r\nnom = \"àé\"; k = \"v\"\r\n");
        let line2 = "nom = \"àé\"; k = \"v\"";
        let byte_col = line2.find("\"v").unwrap() as u32 + 2;
        let p = d.place(2, byte_col, 2, line2);
        assert_eq!((p.line, p.column), (2, 18));
    }

    #[test]
    fn binary_patterns_drop_the_boundaries_around_prefixed_tokens() {
        assert_eq!(
            relax_for_binary(r"\b(?P<secret>ghp_[A-Za-z0-9]{36})\b").as_deref(),
            Some("(?P<secret>ghp_[A-Za-z0-9]{36})")
        );
        assert_eq!(
            relax_for_binary(r"\b(?P<secret>xoxb-[0-9]{10}-[a-z]{4})(?:[^A-Za-z0-9_-]|\z)")
                .as_deref(),
            Some("(?P<secret>xoxb-[0-9]{10}-[a-z]{4})")
        );
        // No literal prefix (bare hex, context keys): unchanged.
        assert_eq!(relax_for_binary(r"key=(?P<secret>[0-9a-f]{32})\b"), None);
        assert_eq!(relax_for_binary(r"\b(?P<secret>[A-Z0-9]{20})\b"), None);
        // A trailing context that is more than a boundary stays.
        assert_eq!(
            relax_for_binary(r"\b(?P<secret>sk_live_[a-z]{8})(?:x(y)|\z)").as_deref(),
            Some(r"(?P<secret>sk_live_[a-z]{8})(?:x(y)|\z)")
        );
    }

    /// The skipping walk finds exactly the runs a plain byte-by-byte walk finds.
    #[test]
    fn runs_match_a_plain_walk() {
        let mut rng = crate::rules::template::SplitMix64::new(11);
        for round in 0..200 {
            let n = (rng.next_u64() % 300) as usize;
            let raw: Vec<u8> = (0..n)
                .map(|_| {
                    let r = rng.next_u64();
                    match r % 4 {
                        0 => b'\n',
                        1 => 0,
                        _ => b'a' + (r % 26) as u8,
                    }
                })
                .collect();
            let mut want = Vec::new();
            let mut i = 0;
            while i < raw.len() {
                let s = i;
                while i < raw.len() && PRINTABLE[raw[i] as usize] {
                    i += 1;
                }
                if i - s >= MIN_RUN {
                    let line = 1 + raw[..s].iter().filter(|&&b| b == b'\n').count() as u32;
                    let ls = raw[..s]
                        .iter()
                        .rposition(|&b| b == b'\n')
                        .map_or(0, |p| p + 1);
                    want.push((s, line, (s - ls + 1) as u32));
                }
                i += 1;
            }
            let (_, runs) = printable_runs(&raw, &|| false).unwrap();
            let got: Vec<_> = runs.iter().map(|r| (r.offset, r.line, r.column)).collect();
            assert_eq!(got, want, "round {round}");
        }
    }

    #[test]
    fn binary_runs_keep_their_offsets() {
        let mut raw = b"\x00\x01abc\x02\nxx\x03".to_vec();
        raw.extend_from_slice(b"0123456789abcdef\x00tail-run-here\x04");
        let d = decode(&raw);
        assert!(d.is_binary());
        assert_eq!(&d.text[..], b"0123456789abcdef\ntail-run-here\n");
        let p = d.place(2, 6, 2, "tail-run-here");
        let at = raw.windows(13).position(|w| w == b"tail-run-here").unwrap();
        assert_eq!(p.offset, Some(at as u64 + 5));
        assert_eq!(p.line, 2);
        assert_eq!(p.column, (at - 7 + 1 + 5) as u32);
    }
}
