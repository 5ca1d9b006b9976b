//! Inline allow comments. keepmum honours its own and its peers' markers, so a team can switch
//! tools without editing code:
//!
//! - `keepmum:allow` (any rule) or `keepmum:allow rule-id[,rule-id...]` on the line;
//! - `keepmum:allow-next-line [rule-ids]` on the line before;
//! - detect-secrets' `pragma: allowlist secret` (line) and `pragma: allowlist nextline secret`;
//! - gitleaks' `gitleaks:allow` (line).

const MARK: &[u8] = b"keepmum:allow";

/// Whether `line` (or `prev`, for next-line markers) allows a finding of `rule_id`.
pub fn is_allowed(line: &[u8], prev: &[u8], rule_id: &str) -> bool {
    if find(line, b"gitleaks:allow").is_some() || find(line, b"pragma: allowlist secret").is_some()
    {
        return true;
    }
    if find(prev, b"pragma: allowlist nextline secret").is_some() {
        return true;
    }
    if let Some(p) = find(line, MARK) {
        let rest = &line[p + MARK.len()..];
        if !rest.starts_with(b"-next-line") && ids_allow(rest, rule_id) {
            return true;
        }
    }
    if let Some(p) = find(prev, b"keepmum:allow-next-line") {
        let rest = &prev[p + b"keepmum:allow-next-line".len()..];
        if ids_allow(rest, rule_id) {
            return true;
        }
    }
    false
}

/// After the marker: nothing (all rules) or `[:= ]id[,id...]`.
fn ids_allow(rest: &[u8], rule_id: &str) -> bool {
    let rest = match rest.first() {
        Some(b':' | b'=' | b'(' | b'[') => &rest[1..],
        Some(b' ' | b'\t') => rest,
        // End of line, end of a comment (`*/`, `-->`) or a quote: a bare marker.
        _ => return true,
    };
    // The line may still carry its terminator (`\n`, `\r\n`): it ends the list, it is not part
    // of the last id.
    let ids: Vec<&[u8]> = rest
        .split(|&b| matches!(b, b',' | b' ' | b'\t' | b')' | b']' | b'\r' | b'\n'))
        .filter(|s| !s.is_empty())
        .collect();
    // A bare marker followed by unrelated comment text is not a list of ids: only words that
    // look like rule ids (contain `-` or are a known id) restrict the marker.
    let looks_like_ids: Vec<&&[u8]> = ids
        .iter()
        .take_while(|s| {
            s.iter()
                .all(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
        })
        .collect();
    if looks_like_ids.is_empty() || !looks_like_ids.iter().any(|s| s.contains(&b'-')) {
        return true;
    }
    looks_like_ids.iter().any(|s| **s == rule_id.as_bytes())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > hay.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert!(is_allowed(
            b"x = 1  # keepmum:allow",
            b"",
            "password-assignment"
        ));
        assert!(is_allowed(
            b"x = 1  # keepmum:allow password-assignment",
            b"",
            "password-assignment"
        ));
        assert!(!is_allowed(
            b"x = 1  # keepmum:allow github-pat",
            b"",
            "password-assignment"
        ));
        assert!(is_allowed(
            b"x = 1  # keepmum:allow github-pat,password-assignment",
            b"",
            "password-assignment"
        ));
        assert!(is_allowed(b"x = 1  # pragma: allowlist secret", b"", "any"));
        assert!(is_allowed(b"x = 1  // gitleaks:allow", b"", "any"));
        assert!(is_allowed(
            b"x = 1",
            b"# pragma: allowlist nextline secret",
            "any"
        ));
        assert!(is_allowed(b"x = 1", b"# keepmum:allow-next-line", "any"));
        // Lines reach here with their terminator: it must not turn a list into a bare marker.
        for eol in ["\n", "\r\n"] {
            let line = format!("x = 1  # keepmum:allow github-pat{eol}");
            assert!(!is_allowed(line.as_bytes(), b"", "password-assignment"));
            assert!(is_allowed(line.as_bytes(), b"", "github-pat"));
            let line = format!("x = 1  # keepmum:allow{eol}");
            assert!(is_allowed(line.as_bytes(), b"", "password-assignment"));
        }
        assert!(!is_allowed(
            b"x = 1",
            b"# keepmum:allow-next-line github-pat\r",
            "password-assignment"
        ));
        assert!(!is_allowed(b"x = 1", b"# keepmum:allow", "any"));
        assert!(!is_allowed(b"x = 1", b"", "any"));
    }
}
