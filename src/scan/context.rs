//! Context for added lines: what makes a line a secret may sit on a line that did not change.
//!
//! A private key rotated under its unchanged `-----BEGIN`/`-----END` lines, a YAML value under
//! an unchanged `password: |`, a `DATABASES` value under an unchanged `'PASSWORD':` line, a
//! Kubernetes `value:` under an unchanged `- name: DB_PASSWORD`: the added lines alone do not
//! match any rule. So each block of added lines is scanned together with its context:
//!
//! - the line before it (a key, an env-list name);
//! - the line that opens the construct it sits in: the nearest less-indented line above (at
//!   most [`MAX_PARENT_LINES`] up) when it ends by opening a value (`:`, `=`, `(`, `\`, or a
//!   YAML block indicator `|`/`>`);
//! - the whole multi-line block it falls in (PEM `-----BEGIN ...-----END`, SSH2 `---- BEGIN`,
//!   PuTTY `Private-Lines:`...`Private-MAC:`), when that block is at most [`MAX_BLOCK_BYTES`].
//!
//! Context is read, never reported on its own: only findings whose secret touches an added
//! line are kept ([`retain_touching`]), so a secret already there is not reported again
//! because a line next to it changed. Everything here is linear in the file: block markers are
//! found in one pass, and each backward walk is bounded and stops at the previous block.

use crate::finding::Finding;

/// How far up the line that opens an added line's construct is looked for.
pub const MAX_PARENT_LINES: usize = 16;

/// Multi-line blocks larger than this are not pulled in as context (a key block is a few KiB).
pub const MAX_BLOCK_BYTES: usize = 64 << 10;

/// Opening and closing markers of multi-line secret blocks (matched at a line's start, after
/// indentation and an optional quote).
const BLOCKS: &[(&[u8], &[u8])] = &[
    (b"-----BEGIN ", b"-----END "),
    (b"---- BEGIN ", b"---- END "),
    (b"Private-Lines:", b"Private-MAC:"),
];

/// A span of the file to scan: bytes `start..end`, whose first line is `line` (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Byte offset of the first line's start.
    pub start: usize,
    /// Byte offset just past the last line (its newline included).
    pub end: usize,
    /// Line number of the first line.
    pub line: u32,
}

/// The spans to scan for the added line `ranges` (1-based, inclusive, ascending) of
/// `content`: each range with its context, overlapping spans merged.
pub fn spans(content: &[u8], ranges: &[(u32, u32)]) -> Vec<Span> {
    let blocks = multi_line_blocks(content);
    let mut out: Vec<Span> = Vec::with_capacity(ranges.len());
    let mut line = 1u32;
    let mut pos = 0usize;
    let mut next_block = 0usize;
    for &(first, last) in ranges {
        while line < first && pos < content.len() {
            pos = next_line(content, pos);
            line += 1;
        }
        if line < first || pos >= content.len() {
            break;
        }
        let start = pos;
        while line <= last && pos < content.len() {
            pos = next_line(content, pos);
            line += 1;
        }
        let end = pos;
        // Backward context never crosses the previous span: each line is walked back over once.
        let floor = out.last().map_or(0, |s| s.end);
        let mut span = Span {
            start,
            end,
            line: first,
        };
        extend_back(content, &mut span, floor);
        // Multi-line blocks the range falls in (one that ends before `floor` is in the
        // previous span already).
        while next_block < blocks.len() && blocks[next_block].1 <= start.max(floor) {
            next_block += 1;
        }
        let mut b = next_block;
        while b < blocks.len() && blocks[b].0 < end {
            let (bs, be) = blocks[b];
            if bs < span.start {
                span.line -= count_nl(&content[bs..span.start]);
                span.start = bs;
            }
            span.end = span.end.max(be);
            b += 1;
        }
        match out.last_mut() {
            Some(prev) if span.start <= prev.end => prev.end = prev.end.max(span.end),
            _ => out.push(span),
        }
    }
    out
}

/// Pulls the line before `span` and the line opening its construct into it (not below `floor`).
fn extend_back(content: &[u8], span: &mut Span, floor: usize) {
    if span.start <= floor || span.line <= 1 {
        return;
    }
    let first_indent = indent(line_at(content, span.start));
    // The line before, always.
    let mut start = prev_line_start(content, span.start);
    let mut line = span.line - 1;
    if start < floor {
        return;
    }
    let mut best = (start, line);
    // The nearest less-indented line above, when it opens a value.
    for _ in 0..MAX_PARENT_LINES {
        let text = line_at(content, start);
        if !is_blank(text) && indent(text) < first_indent {
            if opens_value(text) {
                best = (start, line);
            }
            break;
        }
        if start == 0 || line <= 1 {
            break;
        }
        let up = prev_line_start(content, start);
        if up < floor {
            break;
        }
        start = up;
        line -= 1;
    }
    span.start = best.0;
    span.line = best.1;
}

/// Whether a line ends by opening a value on the lines below: `key:`, `key =`, `key = (`,
/// `key = \\`, `key: |` (a YAML block scalar, with its `-`/`+`/digit indicators), where `key`
/// is a name or a quoted string (so `def f():` or `if x:` open nothing). A `#` comment after
/// the opener is ignored.
fn opens_value(line: &[u8]) -> bool {
    let mut t = trim_end(line);
    if let Some(p) = memchr::memrchr(b'#', t) {
        let before = trim_end(&t[..p]);
        if before.ends_with(b":") || before.ends_with(b"=") {
            t = before;
        }
    }
    // `key: |`, `key: >-`: the indicator follows `:` and a space.
    let ind = t
        .iter()
        .rposition(|b| !matches!(b, b'-' | b'+' | b'0'..=b'9'))
        .unwrap_or(0);
    if matches!(t.get(ind), Some(b'|' | b'>')) && t[..ind].ends_with(b" ") {
        let head = trim_end(&t[..ind]);
        return head.ends_with(b":") && is_key(&head[..head.len() - 1], true);
    }
    // `key = (`, `key = \\`: an operator, then the opener.
    if t.ends_with(b"(") || t.ends_with(b"\\") {
        t = trim_end(&t[..t.len() - 1]);
        if !(t.ends_with(b":") || t.ends_with(b"=")) {
            return false;
        }
    }
    for op in [&b":="[..], b"=>", b"=", b":"] {
        if let Some(head) = t.strip_suffix(op) {
            // `key:` stands alone on its line; `lhs =` may be any name, subscript included.
            return is_key(trim_end(head), op == b":");
        }
    }
    false
}

/// Whether `head` (a line up to its operator) ends in a name: a quoted string, or letters,
/// digits and `_.$@-` (a subscript `["X"]` allowed when not `whole`). With `whole`, nothing
/// but indentation and a YAML `- ` may come before it.
fn is_key(head: &[u8], whole: bool) -> bool {
    let lead = head
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t'))
        .unwrap_or(head.len());
    let mut h = &head[lead..];
    if let Some(rest) = h.strip_prefix(b"- ") {
        h = rest;
    }
    if h.is_empty() {
        return false;
    }
    let name = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'$' | b'@' | b'-');
    let quoted = |k: &[u8]| {
        k.len() >= 2
            && matches!(k[0], b'"' | b'\'')
            && k[k.len() - 1] == k[0]
            && !k[1..k.len() - 1].contains(&k[0])
    };
    if whole {
        return quoted(h) || h.iter().all(name);
    }
    let last = h[h.len() - 1];
    last == b']' || matches!(last, b'"' | b'\'') || name(&last)
}

/// The multi-line blocks of `content`: byte spans from the start of an opening marker's line to
/// the end of its closing marker's line, ascending and disjoint. One pass per marker kind: the
/// openers and closers are listed once, then paired in order.
fn multi_line_blocks(content: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (open, close) in BLOCKS {
        let closers: Vec<usize> = memchr::memmem::find_iter(content, close).collect();
        if closers.is_empty() {
            continue;
        }
        let mut c = 0;
        let mut from = 0;
        for at in memchr::memmem::find_iter(content, open) {
            if at < from || !at_line_start(content, at) {
                continue;
            }
            while c < closers.len() && closers[c] < at + open.len() {
                c += 1;
            }
            let Some(&close_at) = closers.get(c) else {
                break;
            };
            if close_at - at > MAX_BLOCK_BYTES {
                continue;
            }
            let start = memchr::memrchr(b'\n', &content[..at]).map_or(0, |q| q + 1);
            let end = next_line(content, close_at);
            out.push((start, end));
            from = end;
        }
    }
    out.sort_unstable();
    // Disjoint: a block inside another (markers of two kinds) is covered by the outer one.
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(out.len());
    for (s, e) in out {
        match merged.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// Whether `at` is the first non-blank byte of its line, or follows only indentation and one
/// opening quote (a key inside a string literal).
fn at_line_start(content: &[u8], at: usize) -> bool {
    let start = memchr::memrchr(b'\n', &content[..at]).map_or(0, |q| q + 1);
    let before = &content[start..at];
    let lead = before
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t'))
        .unwrap_or(before.len());
    let rest = &before[lead..];
    rest.is_empty() || (rest.len() == 1 && matches!(rest[0], b'"' | b'\''))
}

/// Keeps (from index `from` on) only the findings whose secret touches an added line.
pub fn retain_touching(out: &mut Vec<Finding>, from: usize, ranges: &[(u32, u32)]) {
    let touches = |f: &Finding| {
        let (a, b) = (f.line, f.end_line.max(f.line));
        // The first range that ends at or after the finding's first line.
        let k = ranges.partition_point(|&(_, last)| last < a);
        ranges.get(k).is_some_and(|&(first, _)| first <= b)
    };
    let kept: Vec<Finding> = out.drain(from..).filter(touches).collect();
    out.extend(kept);
}

fn line_at(content: &[u8], start: usize) -> &[u8] {
    let end = memchr::memchr(b'\n', &content[start..]).map_or(content.len(), |p| start + p);
    &content[start..end]
}

fn prev_line_start(content: &[u8], start: usize) -> usize {
    if start == 0 {
        return 0;
    }
    memchr::memrchr(b'\n', &content[..start - 1]).map_or(0, |p| p + 1)
}

fn indent(line: &[u8]) -> usize {
    let n = line
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t'))
        .unwrap_or(line.len());
    // A YAML list item's `- ` is indentation for what follows it.
    match line.get(n..n + 2) {
        Some(b"- ") => n + 2,
        _ => n,
    }
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

fn trim_end(s: &[u8]) -> &[u8] {
    let e = s
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |p| p + 1);
    &s[..e]
}

fn count_nl(s: &[u8]) -> u32 {
    memchr::memchr_iter(b'\n', s).count() as u32
}

fn next_line(content: &[u8], pos: usize) -> usize {
    match memchr::memchr(b'\n', &content[pos.min(content.len())..]) {
        Some(i) => pos + i + 1,
        None => content.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(content: &str, ranges: &[(u32, u32)]) -> Vec<(u32, String)> {
        spans(content.as_bytes(), ranges)
            .into_iter()
            .map(|s| (s.line, content[s.start..s.end].to_string()))
            .collect()
    }

    #[test]
    fn the_line_before_and_the_opener() {
        let t = "a: 1\nb:\n  c: |\n    x\n    y\n";
        // Line 5 (`y`): its block's opener `c: |` is line 3.
        assert_eq!(
            lines_of(t, &[(5, 5)]),
            vec![(3, "  c: |\n    x\n    y\n".into())]
        );
        // Line 1: nothing above.
        assert_eq!(lines_of(t, &[(1, 1)]), vec![(1, "a: 1\n".into())]);
        // A less-indented line that opens no value: only the line before.
        let t = "def f():\n    x = 1\n    y = 2\n";
        assert_eq!(
            lines_of(t, &[(3, 3)]),
            vec![(2, "    x = 1\n    y = 2\n".into())]
        );
    }

    #[test]
    fn blocks_are_taken_whole_and_spans_merge() {
        let t = "k = 1\n-----BEGIN X PRIVATE KEY-----\nAAAA\nBBBB\nCCCC\n-----END X PRIVATE KEY-----\nz\n";
        let got = lines_of(t, &[(3, 3), (5, 5)]);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, 2);
        assert!(got[0].1.starts_with("-----BEGIN") && got[0].1.ends_with("-----\n"));
        // An unclosed marker is not a block.
        let t = "-----BEGIN X\nAAAA\n";
        assert_eq!(lines_of(t, &[(2, 2)]), vec![(1, t.into())]);
    }

    #[test]
    fn openers() {
        for yes in [
            "  password: |",
            "  password: >-",
            "  key: |2",
            "'PASSWORD':",
            "SECRET_KEY = (",
            "x = \\",
            "password: # set below",
        ] {
            assert!(opens_value(yes.as_bytes()), "{yes}");
        }
        for no in [
            "x = 1",
            "  user: app",
            "return a | b",
            "a > b",
            "    }",
            "def f():",
            "if x == 1:",
            "foo(",
            "print(a, \\",
        ] {
            assert!(!opens_value(no.as_bytes()), "{no}");
        }
    }

    #[test]
    fn walks_are_bounded_and_linear() {
        // Many one-line ranges in a deeply indented file: total work stays linear (each
        // backward walk stops at the previous span), checked by the spans' shape.
        let mut t = String::from("root:\n");
        for i in 0..10_000 {
            t.push_str(&format!("      v{i}: 1\n"));
        }
        let ranges: Vec<(u32, u32)> = (2..10_002).step_by(2).map(|l| (l, l)).collect();
        let s = spans(t.as_bytes(), &ranges);
        assert_eq!(s.len(), 1, "adjacent context merges into one span");
        assert_eq!(s[0].line, 1);
    }
}
