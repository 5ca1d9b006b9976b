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
    Marks::of(line).allows_here(rule_id) || Marks::of(prev).allows_next(rule_id)
}

/// What one marker allows.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Allow {
    /// No marker.
    Nothing,
    /// Every rule.
    All,
    /// These rule ids.
    Ids(Vec<Vec<u8>>),
}

impl Allow {
    fn allows(&self, rule_id: &str) -> bool {
        match self {
            Allow::Nothing => false,
            Allow::All => true,
            Allow::Ids(ids) => ids.iter().any(|s| s == rule_id.as_bytes()),
        }
    }
}

/// The markers of one line, read once: a line with many findings is searched once, not once
/// per finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marks {
    /// What the line's own markers allow on it.
    here: Allow,
    /// What its next-line markers allow on the line after it.
    next: Allow,
}

impl Marks {
    /// Reads the markers of `line`.
    pub fn of(line: &[u8]) -> Marks {
        let here = if find(line, b"gitleaks:allow").is_some()
            || find(line, b"pragma: allowlist secret").is_some()
        {
            Allow::All
        } else {
            match find(line, MARK) {
                Some(p) if !line[p + MARK.len()..].starts_with(b"-next-line") => {
                    ids_allow(&line[p + MARK.len()..])
                }
                _ => Allow::Nothing,
            }
        };
        let next = if find(line, b"pragma: allowlist nextline secret").is_some() {
            Allow::All
        } else {
            const NEXT: &[u8] = b"keepmum:allow-next-line";
            match find(line, NEXT) {
                Some(p) => ids_allow(&line[p + NEXT.len()..]),
                None => Allow::Nothing,
            }
        };
        Marks { here, next }
    }

    /// Whether the line's own markers allow a finding of `rule_id` on it.
    pub fn allows_here(&self, rule_id: &str) -> bool {
        self.here.allows(rule_id)
    }

    /// Whether its next-line markers allow a finding of `rule_id` on the following line.
    pub fn allows_next(&self, rule_id: &str) -> bool {
        self.next.allows(rule_id)
    }
}

/// After the marker: nothing (all rules) or `[:= ]id[,id...]`.
fn ids_allow(rest: &[u8]) -> Allow {
    let rest = match rest.first() {
        Some(b':' | b'=' | b'(' | b'[') => &rest[1..],
        Some(b' ' | b'\t') => rest,
        // End of line, end of a comment (`*/`, `-->`) or a quote: a bare marker.
        _ => return Allow::All,
    };
    // The line may still carry its terminator (`\n`, `\r\n`): it ends the list, it is not part
    // of the last id. A bare marker followed by unrelated comment text is not a list of ids:
    // only words that look like rule ids (contain `-` or are a known id) restrict the marker.
    let ids: Vec<Vec<u8>> = rest
        .split(|&b| matches!(b, b',' | b' ' | b'\t' | b')' | b']' | b'\r' | b'\n'))
        .filter(|s| !s.is_empty())
        .take_while(|s| {
            s.iter()
                .all(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
        })
        .map(<[u8]>::to_vec)
        .collect();
    if ids.is_empty() || !ids.iter().any(|s| s.contains(&b'-')) {
        return Allow::All;
    }
    Allow::Ids(ids)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
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
