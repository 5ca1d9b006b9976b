//! The block an indented line sits in: its nearest less-indented line above (a Python `class`
//! or `def` header, a docstring's first line, a YAML parent key). Rules use it to tell a
//! `DEBUG = True` in `class ProductionConfig:` from one in `class DevelopmentConfig:` or in a
//! docstring example. The header is read from the whole new file, so it counts even when only
//! the indented line was added.

/// How far back a header is looked for: lines, and bytes.
const MAX_LINES: usize = 400;
const MAX_BYTES: usize = 64 * 1024;

/// The header of the block the line at `line_start` belongs to: the nearest line above it,
/// blank lines skipped, that is indented less. `None` when the line is not indented or no
/// header lies within the bounds (work per call is bounded by [`MAX_BYTES`]).
pub fn header(content: &[u8], line_start: usize) -> Option<&[u8]> {
    let indent = |s: &[u8]| s.iter().take_while(|&&b| b == b' ' || b == b'\t').count();
    let line_end =
        memchr::memchr(b'\n', &content[line_start..]).map_or(content.len(), |p| line_start + p);
    let own = indent(&content[line_start..line_end]);
    if own == 0 {
        return None;
    }
    let floor = line_start.saturating_sub(MAX_BYTES);
    let mut end = line_start; // exclusive end of the previous line (its `\n`)
    for _ in 0..MAX_LINES {
        if end == 0 || end <= floor {
            return None;
        }
        let prev_end = end - 1; // position of the `\n` ending the previous line
        let start =
            memchr::memrchr(b'\n', &content[floor..prev_end]).map_or(floor, |p| floor + p + 1);
        if start == floor && floor > 0 {
            return None;
        }
        let line = &content[start..prev_end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if !line.iter().all(u8::is_ascii_whitespace) && indent(line) < own {
            return Some(line);
        }
        end = start;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, needle: &str) -> Option<String> {
        let pos = text.find(needle).expect("needle");
        let ls = text[..pos].rfind('\n').map_or(0, |p| p + 1);
        header(text.as_bytes(), ls).map(|h| String::from_utf8_lossy(h).into_owned())
    }

    #[test]
    fn finds_the_block_header() {
        let t =
            "import os\n\nclass ProductionConfig(Config):\n    SECRET = 1\n\n    DEBUG = True\n";
        assert_eq!(
            at(t, "DEBUG").as_deref(),
            Some("class ProductionConfig(Config):")
        );
        let t = "def f():\n    \"\"\"Example::\n\n        DEBUG = True\n    \"\"\"\n";
        assert_eq!(at(t, "DEBUG").as_deref(), Some("    \"\"\"Example::"));
        assert_eq!(at("DEBUG = True\n", "DEBUG"), None);
        assert_eq!(at("    DEBUG = True\n", "DEBUG"), None);
        let t = "class A:\r\n    DEBUG = True\r\n";
        assert_eq!(at(t, "DEBUG").as_deref(), Some("class A:"));
    }

    #[test]
    fn bounded() {
        let mut t = String::from("class A:\n");
        for _ in 0..(MAX_LINES + 5) {
            t.push_str("    X = 1\n");
        }
        t.push_str("    DEBUG = True\n");
        assert_eq!(at(&t, "DEBUG"), None);
    }
}
