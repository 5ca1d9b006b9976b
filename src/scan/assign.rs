//! Finds `name = value` assignments in added text: Python/JS/Go/Ruby/PHP assignments, keyword
//! arguments, dict and JSON/YAML keys, `.env`/shell/INI lines, subscripts such as
//! `app.config["SECRET_KEY"] = ...` and command-line flags (`--password=...`).
//!
//! Assignment rules then look at the *name* and the *value* separately, which is what lets them
//! tell `PASSWORD = "<a literal>"` from `PASSWORD_HASHERS = [...]` or `password = getpass()`.

use std::sync::OnceLock;

use regex::bytes::Regex;

/// One assignment found in a block of text.
#[derive(Debug, Clone, Copy)]
pub struct Assignment<'a> {
    /// The name assigned to, reduced to its last component (`self.db.password` → `password`).
    pub key: &'a [u8],
    /// The assigned value without quotes.
    pub value: &'a [u8],
    /// Byte offset of the value in the block.
    pub value_start: usize,
    /// Byte offset in the block where the assignment starts (its name or flag).
    pub match_start: usize,
    /// Whether the value was a quoted string literal.
    pub quoted: bool,
    /// Whether the value was an f-string / template literal (may interpolate).
    pub interpolated: bool,
}

const PATTERN: &str = r#"(?x-u)
(?:
    (?P<flag>--[A-Za-z][A-Za-z0-9_-]*)(?:=|[\ \t]+)
  |
    (?P<key>
        [A-Za-z_$@][A-Za-z0-9_.$@-]*
      | "[^"\n]+"
      | '[^'\n]+'
    )
    (?:\[[\ \t]*(?P<sub>"[^"\n]+"|'[^'\n]+')[\ \t]*\])?
    [\ \t]*
    (?:
        :[\ \t]*[A-Za-z_][A-Za-z0-9_.\[\]|]*[\ \t]*=
      | :=|=>|=|:|<-
    )
)
[\ \t]*
(?:
    (?P<pd>[rbuRBUfF]{0,2})"(?P<dq>(?:[^"\\\n]|\\.)*)"
  | (?P<ps>[rbuRBUfF]{0,2})'(?P<sq>(?:[^'\\\n]|\\.)*)'
  | `(?P<bq>[^`\n]*)`
  | (?P<uq>[^\s"'`,;)}\]\[(={<>][^\s"'`,;)}\]\[(<>]*)(?P<call>[(\[])?
)"#;

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| match Regex::new(PATTERN) {
        Ok(re) => re,
        // The pattern is a constant covered by unit tests.
        Err(e) => unreachable!("assignment pattern: {e}"),
    })
}

/// Reduces a name to its last component, without quotes or sigils.
fn normalize_key(raw: &[u8]) -> &[u8] {
    let mut k = raw;
    if k.len() >= 2 && (k[0] == b'"' || k[0] == b'\'') {
        k = &k[1..k.len() - 1];
    }
    if let Some(p) = k.iter().rposition(|&b| b == b'.' || b == b'>' || b == b':') {
        if p + 1 < k.len() {
            k = &k[p + 1..];
        }
    }
    while let Some((&first, rest)) = k.split_first() {
        if matches!(first, b'$' | b'@' | b'-') {
            k = rest;
        } else {
            break;
        }
    }
    k
}

/// Appends every assignment in `block[range]` to `out` (offsets relative to `block`).
pub fn extract<'a>(block: &'a [u8], range: std::ops::Range<usize>, out: &mut Vec<Assignment<'a>>) {
    let base = range.start;
    let block = &block[range];
    for caps in pattern().captures_iter(block) {
        let key = if let Some(sub) = caps.name("sub") {
            sub.as_bytes()
        } else if let Some(k) = caps.name("key") {
            k.as_bytes()
        } else if let Some(f) = caps.name("flag") {
            f.as_bytes()
        } else {
            continue;
        };
        let (m, quoted, prefix) = if let Some(m) = caps.name("dq") {
            (m, true, caps.name("pd").map(|p| p.as_bytes()))
        } else if let Some(m) = caps.name("sq") {
            (m, true, caps.name("ps").map(|p| p.as_bytes()))
        } else if let Some(m) = caps.name("bq") {
            (m, true, Some(&b"`"[..]))
        } else if let Some(m) = caps.name("uq") {
            // A call or subscript (`getpass()`, `os.environ["X"]`) is an expression.
            if caps.name("call").is_some() {
                continue;
            }
            (m, false, None)
        } else {
            continue;
        };
        let interpolated = match prefix {
            Some(p) => {
                (p.contains(&b'f') || p.contains(&b'F') || p == b"`")
                    && (m.as_bytes().contains(&b'{'))
            }
            None => false,
        };
        out.push(Assignment {
            key: normalize_key(key),
            value: m.as_bytes(),
            value_start: base + m.start(),
            match_start: base + caps.get(0).map_or(m.start(), |w| w.start()),
            quoted,
            interpolated,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> Vec<(String, String, bool)> {
        let mut v = Vec::new();
        extract(s.as_bytes(), 0..s.len(), &mut v);
        v.iter()
            .map(|a| {
                (
                    String::from_utf8_lossy(a.key).into_owned(),
                    String::from_utf8_lossy(a.value).into_owned(),
                    a.quoted,
                )
            })
            .collect()
    }

    #[test]
    fn forms() {
        assert_eq!(
            one(r#"password = "abc""#),
            vec![("password".into(), "abc".into(), true)]
        );
        assert_eq!(
            one("DB_PASSWORD=abc"),
            vec![("DB_PASSWORD".into(), "abc".into(), false)]
        );
        assert_eq!(
            one("  PASSWORD: abc # c"),
            vec![("PASSWORD".into(), "abc".into(), false)]
        );
        assert_eq!(
            one(r#"{"password": "abc"}"#),
            vec![("password".into(), "abc".into(), true)]
        );
        assert_eq!(
            one(r#"'PASSWORD': 'abc',"#),
            vec![("PASSWORD".into(), "abc".into(), true)]
        );
        assert_eq!(
            one("--password=abc"),
            vec![("password".into(), "abc".into(), false)]
        );
        assert_eq!(
            one("run --password abc"),
            vec![("password".into(), "abc".into(), false)]
        );
        assert_eq!(
            one(r#"app.config["SECRET_KEY"] = "abc""#),
            vec![("SECRET_KEY".into(), "abc".into(), true)]
        );
        assert_eq!(
            one(r#"self.db_password = 'abc'"#),
            vec![("db_password".into(), "abc".into(), true)]
        );
        assert_eq!(
            one(r#"password: str = "abc""#),
            vec![("password".into(), "abc".into(), true)]
        );
        assert_eq!(
            one(r#"$password = "abc";"#),
            vec![("password".into(), "abc".into(), true)]
        );
        assert_eq!(
            one(r#"password := "abc""#),
            vec![("password".into(), "abc".into(), true)]
        );
        assert_eq!(one(r#"connect(host="h", password="abc")"#).len(), 2);
    }

    #[test]
    fn non_values() {
        assert!(one("if password == other:")
            .iter()
            .all(|(_, v, _)| v != "="));
        assert_eq!(one("PASSWORD_HASHERS = ["), vec![]);
        assert_eq!(one("password = getpass()").len(), 0);
    }
}
