//! Text from files and repositories made safe for a terminal.
//!
//! File names and matched text come from strangers (a push, a cloned repository). Printed raw,
//! an ESC, OSC, BEL or CR can retitle the terminal, hide lines, or turn a redacted prefix into
//! "conceal"; bidirectional controls can reorder what a reader sees. Human output passes every
//! such string through [`quoted`], which leaves ordinary text as it is and otherwise writes it
//! the way git's `core.quotePath` does: in double quotes, with C escapes (`\t`, `\n`, `\"`,
//! `\\`) and octal escapes of the bytes of every other control character.
//!
//! Names that are not valid UTF-8 are turned into that quoted form, one path component at a
//! time, when they are read ([`path_text`]), so they print escaped, never lossily; JSON and
//! SARIF carry the same text. Every source converts names with it, so a path reads the same
//! whichever way it was found.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal as it is: C0 and C1 controls, DEL, and the Unicode
/// format characters that change the direction or visibility of text.
pub(crate) fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// `s` as it is when it holds nothing unsafe, else quoted and escaped as git quotes names.
pub fn quoted(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    out.push('"');
    s.chars().for_each(|c| push_escaped(&mut out, c, true));
    out.push('"');
    Cow::Owned(out)
}

/// `s` with every unsafe character escaped as [`quoted`] escapes it (`\n`, `\t`, `\033`...),
/// without adding quotes: for a message that embeds outside text (a path, a ref name, a config
/// value) and goes to a terminal as one line.
pub fn escaped(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    s.chars().for_each(|c| push_escaped(&mut out, c, false));
    Cow::Owned(out)
}

/// Appends `c` to `out` as git's `core.quotePath` writes it: C escapes for the common
/// controls, octal escapes of the UTF-8 bytes of every other unsafe character, and, inside
/// quotes (`in_quotes`), `\"` and `\\` for the quote and the backslash.
fn push_escaped(out: &mut String, c: char, in_quotes: bool) {
    let esc = match c {
        '"' if in_quotes => "\\\"",
        '\\' if in_quotes => "\\\\",
        '\x07' => "\\a",
        '\x08' => "\\b",
        '\t' => "\\t",
        '\n' => "\\n",
        '\x0b' => "\\v",
        '\x0c' => "\\f",
        '\r' => "\\r",
        c if is_unsafe(c) => {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                push_octal(out, b);
            }
            return;
        }
        c => {
            out.push(c);
            return;
        }
    };
    out.push_str(esc);
}

/// Appends the three-digit octal escape of `b` (`\351`).
fn push_octal(out: &mut String, b: u8) {
    out.push('\\');
    for shift in [6, 3, 0] {
        out.push(char::from(b'0' + ((b >> shift) & 7)));
    }
}

/// A `/`-separated path read as bytes: each component as [`name_text`] makes it.
pub fn path_text(bytes: &[u8]) -> String {
    if std::str::from_utf8(bytes).is_ok() {
        return name_text(bytes);
    }
    bytes
        .split(|&b| b == b'/')
        .map(name_text)
        .collect::<Vec<_>>()
        .join("/")
}

/// One name read as bytes: the text itself when it is UTF-8, else the quoted form with every
/// byte that is not part of valid UTF-8 written as an octal escape (`"caf\351"`).
pub fn name_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            let mut out = String::from("\"");
            for chunk in bytes.utf8_chunks() {
                chunk
                    .valid()
                    .chars()
                    .for_each(|c| push_escaped(&mut out, c, true));
                for &b in chunk.invalid() {
                    push_octal(&mut out, b);
                }
            }
            out.push('"');
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_escaped_without_quotes() {
        assert!(matches!(escaped("cannot read a/b.py"), Cow::Borrowed(_)));
        assert_eq!(
            escaped("cannot read \x1b]0;pwned\x07x\nkeepmum: ok\r\u{202E}"),
            "cannot read \\033]0;pwned\\ax\\nkeepmum: ok\\r\\342\\200\\256"
        );
    }

    #[test]
    fn plain_text_is_left_alone() {
        assert!(matches!(quoted("app/settings.py"), Cow::Borrowed(_)));
        assert!(matches!(quoted("café/naïve.py"), Cow::Borrowed(_)));
        assert!(matches!(quoted("a \"quoted\" name"), Cow::Borrowed(_)));
    }

    #[test]
    fn controls_are_escaped() {
        assert_eq!(quoted("a\x1b]0;pwned\x07b"), "\"a\\033]0;pwned\\ab\"");
        assert_eq!(quoted("x\ry"), "\"x\\ry\"");
        assert_eq!(quoted("\x1b[8mabcd"), "\"\\033[8mabcd\"");
        assert_eq!(quoted("tab\there \\"), "\"tab\\there \\\\\"");
        // C1 CSI and a right-to-left override.
        assert_eq!(quoted("a\u{9b}b"), "\"a\\302\\233b\"");
        assert_eq!(quoted("a\u{202e}b"), "\"a\\342\\200\\256b\"");
        for s in ["\x1b", "\x7f", "\x00", "\u{85}", "\u{2066}"] {
            let q = quoted(s);
            assert!(!q.chars().any(is_unsafe), "{q:?}");
        }
    }

    #[test]
    fn non_utf8_names_are_escaped_not_lossy() {
        assert_eq!(path_text(b"caf\xe9.py"), "\"caf\\351.py\"");
        assert_eq!(path_text("café.py".as_bytes()), "café.py");
        assert_eq!(path_text(b"a\"\xff"), "\"a\\\"\\377\"");
        assert!(!path_text(b"\x1b\xff").chars().any(is_unsafe));
        assert_eq!(path_text(b"d\xff/ok/x.py"), "\"d\\377\"/ok/x.py");
        // Controls inside such a name get the same escapes as in `quoted`.
        assert_eq!(path_text(b"\t\x1b\xff"), "\"\\t\\033\\377\"");
    }
}
