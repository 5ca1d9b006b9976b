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
  | (?P<uq>[^\s"'`,;)}\]\[(={<>][^\s"'`,;)}\]\[(<>]*)(?P<call>[(\[<])?
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

/// Appends every assignment in `block[range]` to `out` (offsets relative to `block`), plus the
/// ones that are written in two parts: an env list's `name:` and `value:` entries, and the
/// literal default of an environment read (`os.environ.get("SECRET_KEY", "<default>")`).
pub fn extract<'a>(block: &'a [u8], range: std::ops::Range<usize>, out: &mut Vec<Assignment<'a>>) {
    extract_until(block, range, out, &|| false);
}

/// [`extract`] that gives up on the line when `stop()` says so (asked every few hundred
/// assignments of one long line).
pub fn extract_until<'a>(
    block: &'a [u8],
    range: std::ops::Range<usize>,
    out: &mut Vec<Assignment<'a>>,
    stop: &dyn Fn() -> bool,
) {
    let first = out.len();
    if !extract_plain(block, range.clone(), out, stop) {
        return;
    }
    // Each pass is linear in the line: on a long line the clock is read between them.
    let long = range.len() > 64 << 10;
    if long && stop() {
        return;
    }
    pair_names_and_values(block, range.end, first, out);
    env_defaults(block, range.clone(), out);
    if long && stop() {
        return;
    }
    string_fields(block, range.clone(), first, out);
    if long && stop() {
        return;
    }
    continued_values(block, range.clone(), out);
    if long && stop() {
        return;
    }
    super::forms::extract(block, range, out);
}

/// Fields inside string literals are literals even in code: the query of a URL
/// (`"https://h/v1?format=json&api_key=X"`) and the fields of a connection string
/// (`"DRIVER={...};SERVER=db;UID=app;PWD=X"`). Unquoted URLs in config files
/// (`url=jdbc:mysql://db/app?user=app&password=X`) have their query read the same way.
fn string_fields<'a>(
    block: &'a [u8],
    range: std::ops::Range<usize>,
    first: usize,
    out: &mut Vec<Assignment<'a>>,
) {
    let text = &block[range.clone()];
    if !text.contains(&b'=') || !(text.contains(&b'?') || text.contains(&b';')) {
        return;
    }
    let unquoted: Vec<std::ops::Range<usize>> = out[first..]
        .iter()
        .filter(|a| !a.quoted && a.value.contains(&b'?'))
        .map(|a| a.value_start..a.value_start + a.value.len())
        .collect();
    for r in unquoted {
        fields_in(block, r, out);
    }
    for (at, lit) in quoted_literals(text) {
        let s = range.start + at;
        fields_in(block, s..s + lit.len(), out);
    }
}

/// The single- or double-quoted literals of `text`, left to right, each as the offset of its
/// first byte and its bytes (quotes excluded). A literal ends at its closing quote and never
/// crosses a line; an unclosed one ends the walk.
pub(super) fn quoted_literals(text: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < text.len() {
            let q = text[i];
            if q != b'"' && q != b'\'' {
                i += 1;
                continue;
            }
            let start = i + 1;
            let len = text[start..].iter().position(|&b| b == q || b == b'\n')?;
            i = start + len + 1;
            return Some((start, &text[start..start + len]));
        }
        None
    })
}

/// Keywords of connection strings (ADO.NET, ODBC, OLE DB and libpq drivers), in lower case:
/// the first ones say where to connect, the rest are credentials and options.
const CONNECTION_KEYWORDS: &[&[u8]] = &[
    b"server",
    b"data source",
    b"address",
    b"addr",
    b"network address",
    b"host",
    b"hostname",
    b"database",
    b"initial catalog",
    b"dbname",
    b"driver",
    b"dsn",
    b"provider",
    // Credentials and options.
    b"port",
    b"uid",
    b"user id",
    b"userid",
    b"user",
    b"username",
    b"user name",
    b"pwd",
    b"password",
    b"trusted_connection",
    b"integrated security",
    b"encrypt",
    b"trustservercertificate",
    b"sslmode",
];

/// How many of [`CONNECTION_KEYWORDS`] say where to connect.
const LOCATION_KEYWORDS: usize = 13;

/// Whether `key` (trimmed) is one of [`CONNECTION_KEYWORDS`] in any case, and whether it is
/// one that says where to connect.
fn connection_keyword(key: &[u8]) -> Option<bool> {
    let key = key.trim_ascii();
    CONNECTION_KEYWORDS
        .iter()
        .position(|k| k.eq_ignore_ascii_case(key))
        .map(|i| i < LOCATION_KEYWORDS)
}

/// The `k=v` fields of one literal: a URL's query (after `path?`, joined by `&`), or a
/// connection string (two or more `;`-separated fields). Code that merely holds `=` and `;`
/// (`"a = b; c = d"`, SQL) is not a list of fields: the `=` must be tight and the query
/// must follow a path. In a connection string (two tight fields, or two fields named by
/// connection-string keywords, one of them where to connect: `Server`, `Data Source`...) a
/// keyword's field may have spaces around its `=`, as drivers allow and trim
/// (`Password= s3cr3t;`, `Pwd = s3cr3t;`): the value is read without them.
fn fields_in<'a>(block: &'a [u8], r: std::ops::Range<usize>, out: &mut Vec<Assignment<'a>>) {
    let lit = &block[r.clone()];
    let tight = |f: &[u8]| {
        f.iter().position(|&b| b == b'=').is_some_and(|eq| {
            eq > 0
                && !f[eq - 1].is_ascii_whitespace()
                && !f.get(eq + 1).is_some_and(u8::is_ascii_whitespace)
        })
    };
    let keyword = |f: &[u8]| {
        f.iter()
            .position(|&b| b == b'=')
            .and_then(|eq| connection_keyword(&f[..eq]))
    };
    let named = |f: &[u8]| keyword(f).is_some();
    let located = || {
        lit.split(|&b| b == b';').filter(|f| named(f)).count() >= 2
            && lit.split(|&b| b == b';').any(|f| keyword(f) == Some(true))
    };
    let (fields_at, sep) = match lit.iter().position(|&b| b == b'?') {
        Some(p) if lit[..p].contains(&b'/') && !lit[p..].iter().any(u8::is_ascii_whitespace) => {
            (p + 1, b'&')
        }
        Some(_) => return,
        None if lit.split(|&b| b == b';').filter(|f| tight(f)).count() >= 2 || located() => {
            (0, b';')
        }
        None => return,
    };
    let mut at = r.start + fields_at;
    for field in lit[fields_at..].split(|&b| b == sep) {
        let start = at;
        at += field.len() + 1;
        let Some(eq) = field.iter().position(|&b| b == b'=') else {
            continue;
        };
        if !tight(field) && (sep != b';' || !named(field)) {
            continue;
        }
        let key = field[..eq].trim_ascii();
        let mut value = &field[eq + 1..];
        if sep == b'&' {
            value = &value[..value.iter().position(|&b| b == b'#').unwrap_or(value.len())];
        }
        // Spaces around a connection-string value are the driver's to trim.
        let lead = value.len() - value.trim_ascii_start().len();
        let value = value.trim_ascii();
        let key_ok = key.first().is_some_and(u8::is_ascii_alphabetic)
            && key
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b' '));
        if !key_ok || value.is_empty() {
            continue;
        }
        out.push(Assignment {
            key,
            value,
            value_start: start + eq + 1 + lead,
            match_start: start,
            quoted: true,
            interpolated: false,
        });
    }
}

/// `- name: DB_PASSWORD` then `value: "..."` (Kubernetes, ECS and CI env lists), on one line or
/// two, assigns the value to the name; so does `"key": "token"` then `"value": "..."` (Postman
/// collections and environments, which name their variables, headers and auth fields so).
fn pair_names_and_values<'a>(
    block: &'a [u8],
    end: usize,
    first: usize,
    out: &mut Vec<Assignment<'a>>,
) {
    let n = out.len();
    for i in first..n {
        let a = out[i];
        let name_like = a
            .value
            .first()
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
            && a.value
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
        let names = a.key.eq_ignore_ascii_case(b"name") || a.key.eq_ignore_ascii_case(b"key");
        if !names || !name_like {
            continue;
        }
        let value = if i + 1 < n {
            let b = out[i + 1];
            let between = block
                .get(a.value_start..b.value_start)
                .map_or(2, |s| s.iter().filter(|&&c| c == b'\n').count());
            (b.key.eq_ignore_ascii_case(b"value") && between <= 1).then_some(b)
        } else if end < block.len() && end > 0 && block[end - 1] == b'\n' {
            // The value is on the line after the range.
            let e = memchr::memchr(b'\n', &block[end..]).map_or(block.len(), |p| end + p + 1);
            let mut next = Vec::new();
            extract_plain(block, end..e, &mut next, &|| false);
            next.first()
                .copied()
                .filter(|b| b.key.eq_ignore_ascii_case(b"value"))
        } else {
            None
        };
        if let Some(b) = value {
            out.push(Assignment {
                key: a.value,
                match_start: a.match_start,
                ..b
            });
        }
    }
}

const ENV_DEFAULT: &str = r#"(?x-u)
    \b(?:getenv|environ\.get|environ\.setdefault|config|env|env\.str|ENV\.fetch)
    \([\ \t]*["'](?P<name>[A-Za-z_][A-Za-z0-9_]*)["'][\ \t]*,[\ \t]*(?:default[\ \t]*=[\ \t]*)?
    (?:[rbuRBU]{0,2}"(?P<dq>(?:[^"\\\n]|\\.)*)"|[rbuRBU]{0,2}'(?P<sq>(?:[^'\\\n]|\\.)*)')
  |
    \bprocess\.env\.(?P<jname>[A-Za-z_][A-Za-z0-9_]*)[\ \t]*(?:\|\||\?\?)[\ \t]*
    (?:"(?P<jdq>[^"\\\n]*)"|'(?P<jsq>[^'\\\n]*)')
"#;

fn env_default_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| match Regex::new(ENV_DEFAULT) {
        Ok(re) => re,
        // The pattern is a constant covered by unit tests.
        Err(e) => unreachable!("env default pattern: {e}"),
    })
}

/// A literal default of an environment read is assigned to the variable it stands in for:
/// `os.environ.get("SECRET_KEY", "<key>")` ships `<key>` whenever the variable is unset.
fn env_defaults<'a>(block: &'a [u8], range: std::ops::Range<usize>, out: &mut Vec<Assignment<'a>>) {
    let base = range.start;
    let text = &block[range];
    if !may_read_env(text) {
        return;
    }
    for caps in env_default_pattern().captures_iter(text) {
        let (Some(name), Some(value)) = (
            caps.name("name").or_else(|| caps.name("jname")),
            ["dq", "sq", "jdq", "jsq"].iter().find_map(|g| caps.name(g)),
        ) else {
            continue;
        };
        out.push(Assignment {
            key: name.as_bytes(),
            value: value.as_bytes(),
            value_start: base + value.start(),
            match_start: base + caps.get(0).map_or(name.start(), |w| w.start()),
            quoted: true,
            interpolated: false,
        });
    }
}

/// What every match of [`ENV_DEFAULT`] holds: one of its call names right before a `(`, or
/// `process.env.`. Checked by hand first, so ordinary code (a `(` on every other line) does not
/// pay for compiling the pattern. One look back per `(`, bounded by the longest name: linear.
fn may_read_env(text: &[u8]) -> bool {
    const CALLS: &[&[u8]] = &[
        b"getenv",
        b"environ.get",
        b"environ.setdefault",
        b"config",
        b"env",
        b"env.str",
        b"ENV.fetch",
    ];
    memchr::memchr_iter(b'(', text).any(|p| CALLS.iter().any(|c| text[..p].ends_with(c)))
        || memchr::memmem::find(text, b"process.env.").is_some()
}

const CONTINUED: &str = r#"(?mx-u)
    ^[\ \t]*(?:-[\ \t]+)?
    (?P<key>[A-Za-z_$@][A-Za-z0-9_.$@-]*|"[^"\n]+"|'[^'\n]+')
    (?:\[[\ \t]*(?P<sub>"[^"\n]+"|'[^'\n]+')[\ \t]*\])?
    [\ \t]*(?P<op>:=|=>|=|:)[\ \t]*
    (?P<open>\(|\\|[|>][-+0-9]{0,2})?
    [\ \t]*(?:\#[^\n]*)?\r?$
"#;

fn continued_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| match Regex::new(CONTINUED) {
        Ok(re) => re,
        // The pattern is a constant covered by unit tests.
        Err(e) => unreachable!("continued assignment pattern: {e}"),
    })
}

/// The name of a line shaped as [`CONTINUED`] matches it (a name, an optional subscript, an
/// operator and nothing after it but an opener or a comment), checked by hand; `None` when
/// the line is not of that shape.
fn key_line_name(l: &[u8]) -> Option<&[u8]> {
    let l = l.strip_suffix(b"\r").unwrap_or(l);
    let ws = |l: &[u8], i: usize| {
        i + l[i.min(l.len())..]
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count()
    };
    // A quoted name or subscript: `"..."` / `'...'` with at least one character.
    let quoted = |l: &[u8], i: usize| -> Option<usize> {
        let q = *l.get(i).filter(|q| matches!(q, b'"' | b'\''))?;
        let n = l[i + 1..].iter().position(|&b| b == q)?;
        (n > 0).then_some(i + n + 2)
    };
    let mut i = ws(l, 0);
    if l.get(i) == Some(&b'-') && matches!(l.get(i + 1), Some(b' ' | b'\t')) {
        i = ws(l, i + 1);
    }
    let key_start = i;
    i = match l.get(i) {
        Some(b'"' | b'\'') => quoted(l, i)?,
        Some(b) if b.is_ascii_alphabetic() || matches!(b, b'_' | b'$' | b'@') => {
            i + 1
                + l[i + 1..]
                    .iter()
                    .take_while(|b| {
                        b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'$' | b'@' | b'-')
                    })
                    .count()
        }
        _ => return None,
    };
    let key = &l[key_start..i];
    if l.get(i) == Some(&b'[') {
        let j = quoted(l, ws(l, i + 1))?;
        let j = ws(l, j);
        if l.get(j) != Some(&b']') {
            return None;
        }
        i = j + 1;
    }
    i = ws(l, i);
    i += match l.get(i..).unwrap_or_default() {
        [b':', b'=', ..] | [b'=', b'>', ..] => 2,
        [b'=' | b':', ..] => 1,
        _ => return None,
    };
    i = ws(l, i);
    match l.get(i) {
        Some(b'(' | b'\\') => i += 1,
        Some(b'|' | b'>') => {
            i += 1;
            i += l[i..]
                .iter()
                .take(2)
                .take_while(|b| matches!(b, b'-' | b'+') || b.is_ascii_digit())
                .count();
        }
        _ => {}
    }
    i = ws(l, i);
    (i == l.len() || l[i] == b'#').then_some(key)
}

/// Python's block keywords, which end their line with `:` like a name whose value follows
/// (`else:`, `try:`): never a setting's name.
fn is_block_keyword(key: &[u8]) -> bool {
    matches!(key, b"else" | b"try" | b"finally" | b"except")
}

/// Assignments whose value starts on the next line: a name that ends its line with `:` or
/// `=` alone, `= (`, `= \\` or a YAML block indicator (`password: |`), and the value on the
/// following line (more indented, after at most one blank line): a quoted literal, the line of
/// a block scalar, or a plain value (`key:` then `  value`, not a nested mapping or a list).
/// The value line may lie past `range` (the block holds it).
fn continued_values<'a>(
    block: &'a [u8],
    range: std::ops::Range<usize>,
    out: &mut Vec<Assignment<'a>>,
) {
    let text = &block[range.clone()];
    // Cheap test first: a key line ends with one of these before its newline.
    if !text.windows(2).any(|w| {
        w[1] == b'\n'
            && matches!(
                w[0],
                b':' | b'=' | b'(' | b'\\' | b'|' | b'>' | b'-' | b'+' | b'\r' | b' '
            )
    }) && !matches!(text.last(), Some(b':' | b'=' | b'(' | b'\\' | b'|' | b'>'))
    {
        return;
    }
    // Then by hand, line by line, the shape [`CONTINUED`] matches: most code has no such
    // line, or only Python's block keywords (`else:`, `try:`), and compiling the pattern is
    // the costly part (about 0.8 M instructions, once per run).
    if !text
        .split(|&b| b == b'\n')
        .any(|l| key_line_name(l).is_some_and(|k| !is_block_keyword(k)))
    {
        return;
    }
    let indent = |l: &[u8]| {
        let n = l
            .iter()
            .position(|b| !matches!(b, b' ' | b'\t'))
            .unwrap_or(l.len());
        match l.get(n..n + 2) {
            Some(b"- ") => n + 2,
            _ => n,
        }
    };
    for caps in continued_pattern().captures_iter(text) {
        let Some(whole) = caps.get(0) else {
            continue;
        };
        let key_line = &text[whole.start()..whole.end()];
        if caps
            .name("key")
            .is_some_and(|k| is_block_keyword(k.as_bytes()))
        {
            continue;
        }
        let open = caps.name("open").map(|m| m.as_bytes());
        let block_scalar = open.is_some_and(|o| o[0] == b'|' || o[0] == b'>');
        let paren = open.is_some_and(|o| o == b"(" || o == b"\\");
        // The next non-blank line (at most one blank line between), within the block.
        let mut pos = range.start + whole.end();
        let mut value_line = None;
        for _ in 0..3 {
            if pos >= block.len() {
                break;
            }
            if block[pos] == b'\n' {
                pos += 1;
            }
            let end = memchr::memchr(b'\n', &block[pos..]).map_or(block.len(), |p| pos + p);
            let l = &block[pos..end];
            if l.iter().all(u8::is_ascii_whitespace) {
                pos = end;
                continue;
            }
            value_line = Some((pos, l));
            break;
        }
        let Some((line_start, line)) = value_line else {
            continue;
        };
        if !paren && indent(line) <= indent(key_line) {
            continue;
        }
        let lead = line
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(0);
        let body = {
            let b = &line[lead..];
            let e = b
                .iter()
                .rposition(|c| !c.is_ascii_whitespace())
                .map_or(0, |p| p + 1);
            &b[..e]
        };
        let (value, at, quoted, interpolated) = if block_scalar {
            (body, lead, true, false)
        } else {
            let prefix = body
                .iter()
                .take(2)
                .take_while(|b| b"rbuRBUfF".contains(b))
                .count();
            match body.get(prefix) {
                Some(&q @ (b'"' | b'\'')) => {
                    let inner = &body[prefix + 1..];
                    let mut i = 0;
                    let mut close = None;
                    while i < inner.len() {
                        match inner[i] {
                            b'\\' => i += 2,
                            c if c == q => {
                                close = Some(i);
                                break;
                            }
                            _ => i += 1,
                        }
                    }
                    let Some(c) = close else { continue };
                    let f = body[..prefix].iter().any(|b| *b == b'f' || *b == b'F');
                    (
                        &inner[..c],
                        lead + prefix + 1,
                        true,
                        f && inner[..c].contains(&b'{'),
                    )
                }
                _ => {
                    // A plain value: one token, not a call, mapping, list or flow collection.
                    let end = body
                        .iter()
                        .position(|b| b.is_ascii_whitespace() || b"\"'`,;)}][(<>".contains(b))
                        .unwrap_or(body.len());
                    let tok = &body[..end];
                    let rest = &body[end..];
                    if tok.is_empty()
                        || b"-{[&*!|>#=".contains(&tok[0])
                        || tok.ends_with(b":")
                        || rest.starts_with(b"(")
                        || rest.starts_with(b"[")
                        || rest.starts_with(b"<")
                        || rest.windows(2).any(|w| w == b": ")
                    {
                        continue;
                    }
                    (tok, lead, false, false)
                }
            }
        };
        if value.is_empty() {
            continue;
        }
        let key = caps
            .name("sub")
            .or_else(|| caps.name("key"))
            .map_or(&b""[..], |k| k.as_bytes());
        out.push(Assignment {
            key: normalize_key(key),
            value,
            value_start: line_start + at,
            match_start: range.start
                + whole.start()
                + (key_line.len() - key_line.trim_ascii_start().len()),
            quoted,
            interpolated,
        });
    }
}

/// The single-line assignments of `block[range]`.
/// Returns `false` when `stop()` cut it short.
fn extract_plain<'a>(
    block: &'a [u8],
    range: std::ops::Range<usize>,
    out: &mut Vec<Assignment<'a>>,
    stop: &dyn Fn() -> bool,
) -> bool {
    let base = range.start;
    let block = &block[range];
    for (n, caps) in pattern().captures_iter(block).enumerate() {
        if n % 256 == 255 && stop() {
            return false;
        }
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
            // A call or subscript (`getpass()`, `os.environ["X"]`) is an expression; a `<`
            // right after the value is a template slot (`gldt-<token>`).
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
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand check in front of the continued-value pattern reads the lines the pattern
    /// matches, and the same name, and no other.
    #[test]
    fn key_line_check_agrees_with_the_pattern() {
        let lines: &[&str] = &[
            "password:",
            "  password: |",
            "  password: >-",
            "  key: |+2",
            "- name:",
            "-\tname:  # comment",
            "DB_PASSWORD = (",
            "DB_PASSWORD = \\",
            "token :=",
            "secret =>",
            "\"api-key\":",
            "'api key' =",
            "creds[\"password\"] =",
            "creds[ 'password' ] =",
            "$config.secret:",
            "@token =",
            "password:\r",
            "else:",
            "    try:",
            "finally:  # done",
            "def f():",
            "if x:",
            "class A:",
            "password: value",
            "password: = x",
            "-password:",
            "\"\":",
            "creds[password] =",
            "creds[\"password\"]",
            "password ==",
            "password: |x",
            "key: |+-3",
            "   ",
            "",
            "# password:",
        ];
        for l in lines {
            let caps = continued_pattern().captures(l.as_bytes());
            let by_hand = key_line_name(l.as_bytes());
            assert_eq!(
                by_hand,
                caps.as_ref()
                    .and_then(|c| c.name("key"))
                    .map(|k| k.as_bytes()),
                "{l:?}"
            );
        }
        for k in ["else", "try", "finally", "except"] {
            assert!(is_block_keyword(k.as_bytes()));
        }
        assert!(!is_block_keyword(b"password"));
    }

    /// A text whose only key lines are Python's block keywords is not searched (and gives
    /// nothing); a real continued value still is.
    #[test]
    fn block_keywords_are_not_names() {
        let text = b"if a:\n    x = 1\nelse:\n    password = get()\n";
        let mut out = Vec::new();
        continued_values(text, 0..text.len(), &mut out);
        assert!(out.is_empty(), "{out:?}");
        let text = b"else:\n    pass\npassword:\n  'Kq7secretvalue1'\n";
        let mut out = Vec::new();
        continued_values(text, 0..text.len(), &mut out);
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].key, b"password");
    }

    /// The hand check in front of the environment-default pattern passes every text the
    /// pattern matches, and keeps ordinary calls away from it.
    #[test]
    fn env_gate_never_hides_a_default() {
        let re = env_default_pattern();
        for t in [
            "os.getenv(\"SECRET_KEY\", \"x\")",
            "os.environ.get('A', 'b')",
            "os.environ.setdefault(\"A\", \"b\")",
            "config('A', default='b')",
            "env(\"A\", \"b\")",
            "env.str(\"A\", \"b\")",
            "ENV.fetch('A', 'b')",
            "const k = process.env.API_KEY || \"x\"",
            "x = process.env.A ?? 'b'",
        ] {
            assert!(re.is_match(t.as_bytes()), "{t}");
            assert!(may_read_env(t.as_bytes()), "{t}");
        }
        for t in [
            "item.get(\"a\", \"b\")",
            "log.info(\"x\")",
            "environment(1)",
        ] {
            assert!(!may_read_env(t.as_bytes()), "{t}");
        }
    }

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
    fn name_value_pairs_and_env_defaults() {
        let k8s = "        - name: DB_PASSWORD\n          value: \"s3cr3t\"\n";
        let mut v = Vec::new();
        // The name line alone is the range; the value comes from the next line.
        let first_line = k8s.find('\n').unwrap_or(0) + 1;
        extract(k8s.as_bytes(), 0..first_line, &mut v);
        assert!(v
            .iter()
            .any(|a| a.key == b"DB_PASSWORD" && a.value == b"s3cr3t" && a.quoted));
        assert!(
            one(r#"{"name": "API_TOKEN", "value": "abc123"}"#).contains(&(
                "API_TOKEN".into(),
                "abc123".into(),
                true
            ))
        );
        // Postman names its variables and auth fields with "key", pretty-printed a line each.
        assert!(one(
            "{\n\t\"key\": \"token\",\n\t\"value\": \"abc123\",\n\t\"type\": \"string\"\n}"
        )
        .contains(&("token".into(), "abc123".into(), true)));
        assert!(
            !one("- name: DB_PASSWORD\n  valueFrom:\n    secretKeyRef: {}")
                .iter()
                .any(|(k, _, _)| k == "DB_PASSWORD")
        );
        assert!(
            one(r#"SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', 'k3y')"#).contains(&(
                "DJANGO_SECRET_KEY".into(),
                "k3y".into(),
                true
            ))
        );
        assert!(one(r#"KEY = config("API_KEY", default="abc")"#).contains(&(
            "API_KEY".into(),
            "abc".into(),
            true
        )));
        assert!(
            one(r#"const pw = process.env.DB_PASSWORD || "changeme""#).contains(&(
                "DB_PASSWORD".into(),
                "changeme".into(),
                true
            ))
        );
        assert!(one(r#"DEBUG = os.getenv("DEBUG")"#).is_empty());
    }

    #[test]
    fn fields_inside_string_literals() {
        assert!(
            one(r#"URL = "https://api.example.net/v1/search?format=json&api_key=abc123&q=x""#)
                .contains(&("api_key".into(), "abc123".into(), true))
        );
        assert!(
            one(r#"pyodbc.connect("DRIVER={ODBC};SERVER=db;UID=app;PWD=abc123")"#).contains(&(
                "PWD".into(),
                "abc123".into(),
                true
            ))
        );
        assert!(
            one(r#"requests.get("https://h.example.net/x?key=1&access_token=abc123#top")"#)
                .contains(&("access_token".into(), "abc123".into(), true))
        );
        assert!(
            one("spring.datasource.url=jdbc:mysql://db/app?user=app&password=abc123&ssl=1")
                .contains(&("password".into(), "abc123".into(), true))
        );
        // Drivers trim spaces around `=`: a connection string may be written with them.
        for (text, key) in [
            (
                r#"s = "Server=db;Database=shop;User Id=shop;Password= abc123;""#,
                "Password",
            ),
            (
                r#"s = "Driver={ODBC};Server=db;Uid=app;Pwd = abc123;""#,
                "Pwd",
            ),
            (
                r#"s = "Server = db; Database = shop; Password = abc123""#,
                "Password",
            ),
            (r#"s = "Server=db;Database=shop;PWD=abc123 ;""#, "PWD"),
        ] {
            assert!(
                one(text).contains(&(key.into(), "abc123".into(), true)),
                "{text}: {:?}",
                one(text)
            );
        }
        assert_eq!(CONNECTION_KEYWORDS[LOCATION_KEYWORDS - 1], b"provider");
        assert_eq!(CONNECTION_KEYWORDS[LOCATION_KEYWORDS], b"port");
        // Empty values are not fields; code with `=` and `;` is not a connection string.
        assert!(one(r#"s = "Server=db;Database=shop;Password=;""#)
            .iter()
            .all(|(k, _, _)| k != "Password"));
        assert!(one(r#"s = "Server=db;Database=shop;Password= ;""#)
            .iter()
            .all(|(k, _, _)| k != "Password"));
        assert!(one(r#"js = "user = getUser(); other = 1; password = x;""#)
            .iter()
            .all(|(k, _, _)| k != "password"));
        // Statements in code stay expressions, also inside a string literal.
        assert_eq!(
            one("token = userInput;"),
            vec![("token".into(), "userInput".into(), false)]
        );
        assert!(one(r#"js = "token = userInput; other = 1;""#)
            .iter()
            .all(|(k, _, _)| k != "token"));
    }

    #[test]
    fn values_on_the_next_line() {
        let got = |s: &str| one(s);
        assert!(got("db:\n  password: |\n    s3cr3t-value\n").contains(&(
            "password".into(),
            "s3cr3t-value".into(),
            true
        )));
        assert!(got("db:\n  password:\n    \"abc123\"\n").contains(&(
            "password".into(),
            "abc123".into(),
            true
        )));
        assert!(got("db:\n  password:\n    abc123\n").contains(&(
            "password".into(),
            "abc123".into(),
            false
        )));
        assert!(
            got("        'PASSWORD':\n            'abc123',\n").contains(&(
                "PASSWORD".into(),
                "abc123".into(),
                true
            ))
        );
        assert!(got("SECRET_KEY = (\n    \"abc123\"\n)\n").contains(&(
            "SECRET_KEY".into(),
            "abc123".into(),
            true
        )));
        // Nested mappings, lists, calls and less-indented lines are not values.
        for s in [
            "password:\n  nested: x\n",
            "password:\n  - a\n",
            "'PASSWORD':\n    os.environ['DB_PASSWORD'],\n",
            "password:\nother: 1\n",
        ] {
            assert!(
                !got(s)
                    .iter()
                    .any(|(k, _, _)| k.eq_ignore_ascii_case("password")),
                "{s:?}: {:?}",
                got(s)
            );
        }
        // A block indicator with nothing below: only the indicator itself (which no rule takes).
        assert_eq!(
            got("password: |\n"),
            vec![("password".into(), "|".into(), false)]
        );
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
