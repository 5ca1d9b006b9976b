//! More ways a name gets its value, beyond `name = value` (see [`super::assign`]):
//!
//! - XML elements and attribute pairs: `<password>X</password>`, `<add key="SmtpPassword"
//!   value="X"/>`, `<property name="password" value="X"/>`;
//! - tuple assignments: `username, password = "svc", "X"`;
//! - setter calls: `user.set_password("X")`, `setPassword("X")`;
//! - names of two words: `mandrill token = 'X'`, `# prod api key: "X"`;
//! - libpq connection strings: `"host=db dbname=app user=app password=X"`;
//! - a name and its value separated by blanks only, alone on their line: Dockerfile `ENV
//!   API_TOKEN X`, Tcl/fish/csh `set`/`setenv`, C `#define DB_PASS "X"`, Gradle `password "X"`,
//!   redis.conf `requirepass X`, and `acme token X` or `acmeSECRET X` as notes and READMEs
//!   write them.
//!
//! Each extractor is one pass (or one regex scan) over the range, gated by a byte it needs.

use std::sync::OnceLock;

use regex::bytes::Regex;

use super::assign::Assignment;

fn compiled(cell: &'static OnceLock<Regex>, src: &str) -> &'static Regex {
    cell.get_or_init(|| match Regex::new(src) {
        Ok(re) => re,
        // The patterns are constants covered by unit tests.
        Err(e) => unreachable!("forms pattern: {e}"),
    })
}

/// Appends the assignments of `block[range]` written in the forms above.
pub fn extract<'a>(block: &'a [u8], range: std::ops::Range<usize>, out: &mut Vec<Assignment<'a>>) {
    let text = &block[range.clone()];
    let base = range.start;
    // Each extractor runs (and its pattern is compiled) only when the text holds what the
    // form needs.
    let quoted = memchr::memchr2(b'"', b'\'', text).is_some();
    if text.contains(&b'<') {
        xml(text, base, out);
    }
    if quoted && text.contains(&b',') && has_tuple_head(text) {
        tuples(text, base, out);
    }
    if quoted && text.contains(&b'(') {
        if memchr::memmem::find(text, b"assw").is_some()
            || memchr::memmem::find(text, b"ASSW").is_some()
        {
            setters(text, base, out);
        }
        if has_setter_call(text) {
            name_value_calls(text, base, out);
        }
    }
    if memchr::memchr2(b' ', b'\t', text).is_some() {
        spaced(text, base, out);
    }
    if quoted && text.contains(&b' ') {
        if has_two_word_name(text) {
            two_word_names(text, base, out);
        }
        libpq_fields(text, base, out);
    }
}

/// The longest name and value read by these forms.
const MAX_KEY: usize = 120;
const MAX_VALUE: usize = 400;

fn quote_after(text: &[u8], from: usize) -> bool {
    text[from..]
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t'))
        .is_some_and(|b| matches!(b, b'"' | b'\''))
}

/// Whether some line starts (after blanks) with what [`tuples`] reads before its `=`: names,
/// dots, commas and blanks only, with a comma, then the line's first `=` and (after blanks) a
/// quote. Checked without the pattern; one pass per line.
fn has_tuple_head(text: &[u8]) -> bool {
    text.split(|&b| b == b'\n').any(|line| {
        let Some(eq) = memchr::memchr(b'=', line) else {
            return false;
        };
        let head = &line[..eq];
        head.contains(&b',')
            && head.iter().all(|b| {
                b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b',' | b' ' | b'\t')
            })
            && quote_after(line, eq + 1)
    })
}

/// Whether some call reads like what [`name_value_calls`] reports: a callee in [`SETTERS`]
/// (the word right before the `(`, compared without case), then `("name", "` or
/// `('name', '`. Checked without the pattern, so ordinary calls (`item.get("status")`) do not
/// compile it. Each `(` looks back over its own callee word and forward over its own first
/// argument: linear.
fn has_setter_call(text: &[u8]) -> bool {
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    let blank = |b: &u8| matches!(b, b' ' | b'\t');
    let quote = |b: Option<&u8>| matches!(b, Some(b'"' | b'\''));
    memchr::memchr_iter(b'(', text).any(|p| {
        let callee_len = text[..p].iter().rev().take_while(|b| word(b)).count();
        let callee = &text[p - callee_len..p];
        if !SETTERS.iter().any(|s| callee.eq_ignore_ascii_case(s)) {
            return false;
        }
        // `[ \t]*["']NAME["'][ \t]*,[ \t]*["']`, NAME as the pattern has it.
        let mut i = p + 1;
        let skip = |mut i: usize| {
            while text.get(i).is_some_and(blank) {
                i += 1;
            }
            i
        };
        i = skip(i);
        if !quote(text.get(i)) {
            return false;
        }
        i += 1;
        let name = text[i..]
            .iter()
            .take_while(|b| word(b) || matches!(b, b'.' | b'-'))
            .count();
        if name == 0 || !text[i].is_ascii_alphabetic() && text[i] != b'_' {
            return false;
        }
        i += name;
        if !quote(text.get(i)) {
            return false;
        }
        i = skip(i + 1);
        if text.get(i) != Some(&b',') {
            return false;
        }
        quote(text.get(skip(i + 1)))
    })
}

/// Whether some `=` or `:` follows a name of two words (`word word =`) and precedes a quote:
/// what [`two_word_names`] needs, checked without its pattern. Each look back stops at the
/// previous `=` or `:`, so the whole check is linear.
fn has_two_word_name(text: &[u8]) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    memchr::memchr2_iter(b'=', b':', text).any(|p| {
        if !quote_after(text, p + 1) {
            return false;
        }
        let mut i = p;
        while i > 0 && matches!(text[i - 1], b' ' | b'\t') {
            i -= 1;
        }
        let end = i;
        while i > 0 && word(text[i - 1]) {
            i -= 1;
        }
        i < end && i >= 2 && text[i - 1] == b' ' && text[i - 2].is_ascii_alphanumeric()
    })
}

fn push<'a>(
    out: &mut Vec<Assignment<'a>>,
    key: &'a [u8],
    value: &'a [u8],
    vstart: usize,
    mstart: usize,
) {
    push_as(out, key, value, vstart, mstart, true);
}

fn push_as<'a>(
    out: &mut Vec<Assignment<'a>>,
    key: &'a [u8],
    value: &'a [u8],
    vstart: usize,
    mstart: usize,
    quoted: bool,
) {
    // The patterns leave lengths open (bounded repeats make large automata, compiled in
    // every hook run); the bounds are checked here.
    if key.len() > MAX_KEY || value.is_empty() || value.len() > MAX_VALUE {
        return;
    }
    out.push(Assignment {
        key,
        value,
        value_start: vstart,
        match_start: mstart,
        quoted,
        interpolated: false,
    });
}

/// `<name>value</name>` with the same name, and `key="name" value="value"` attribute pairs.
fn xml<'a>(text: &'a [u8], base: usize, out: &mut Vec<Assignment<'a>>) {
    static EL: OnceLock<Regex> = OnceLock::new();
    static ATTR: OnceLock<Regex> = OnceLock::new();
    let el = memchr::memmem::find(text, b"</").map(|_| {
        compiled(
            &EL,
            r"(?-u)<([A-Za-z_][A-Za-z0-9_.:\-]*)>([^<>\n]+)</([A-Za-z_][A-Za-z0-9_.:\-]*)>",
        )
    });
    for c in el.iter().flat_map(|el| el.captures_iter(text)) {
        let (Some(open), Some(v), Some(close)) = (c.get(1), c.get(2), c.get(3)) else {
            continue;
        };
        if open.as_bytes() != close.as_bytes() {
            continue;
        }
        let key = open.as_bytes();
        let key = key.rsplit(|&b| b == b':').next().unwrap_or(key);
        push(
            out,
            key,
            v.as_bytes(),
            base + v.start(),
            base + open.start(),
        );
    }
    let attr = memchr::memmem::find(text, b"value").map(|_| compiled(
        &ATTR,
        r#"(?-u)\b(?:key|name)[ \t]*=[ \t]*"([A-Za-z_][A-Za-z0-9_.:\-]*)"[ \t]+value[ \t]*=[ \t]*"([^"\n]*)""#,
    ));
    for c in attr.iter().flat_map(|a| a.captures_iter(text)) {
        let (Some(k), Some(v)) = (c.get(1), c.get(2)) else {
            continue;
        };
        push(
            out,
            k.as_bytes(),
            v.as_bytes(),
            base + v.start(),
            base + k.start(),
        );
    }
}

/// `a, b = "x", "y"`: the names and the literals, paired by position (all literals, as many
/// as names).
fn tuples<'a>(text: &'a [u8], base: usize, out: &mut Vec<Assignment<'a>>) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = compiled(
        &RE,
        r#"(?-u)(?m)^[ \t]*((?:[A-Za-z_][A-Za-z0-9_.]*[ \t]*,[ \t]*){1,7}[A-Za-z_][A-Za-z0-9_.]*)[ \t]*=[ \t]*((?:(?:"[^"\n\\]*"|'[^'\n\\]*')[ \t]*,[ \t]*){1,7}(?:"[^"\n\\]*"|'[^'\n\\]*'))[ \t]*(?:[;#\r]|$)"#,
    );
    for c in re.captures_iter(text) {
        let (Some(names), Some(vals)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let keys: Vec<(usize, &[u8])> = split_names(names.as_bytes())
            .map(|(s, k)| (names.start() + s, k))
            .collect();
        let mut lits = Vec::new();
        let v = vals.as_bytes();
        let mut i = 0;
        while i < v.len() {
            let q = v[i];
            if q == b'"' || q == b'\'' {
                let len = v[i + 1..]
                    .iter()
                    .position(|&b| b == q)
                    .unwrap_or(v.len() - i - 1);
                lits.push((vals.start() + i + 1, &v[i + 1..i + 1 + len]));
                i += len + 2;
            } else {
                i += 1;
            }
        }
        if lits.len() != keys.len() {
            continue;
        }
        for ((ks, k), (vs, val)) in keys.into_iter().zip(lits) {
            let k = k.rsplit(|&b| b == b'.').next().unwrap_or(k);
            push(out, k, val, base + vs, base + ks);
        }
    }
}

fn split_names(s: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let mut at = 0;
    s.split(|&b| b == b',').map(move |part| {
        let lead = part.iter().take_while(|b| b.is_ascii_whitespace()).count();
        let start = at + lead;
        at += part.len() + 1;
        (start, part.trim_ascii())
    })
}

/// Setters whose one argument is a password: `set_password("X")`, `setPassword('X')`.
fn setters<'a>(text: &'a [u8], base: usize, out: &mut Vec<Assignment<'a>>) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = compiled(
        &RE,
        r#"(?-u)\b(?:set_?(?:[A-Za-z]+_?)?(?:[Pp]assword|[Pp]asswd|PASSWORD)|with_?[Pp]assword)\([ \t]*(?:"([^"\n\\]+)"|'([^'\n\\]+)')[ \t]*\)"#,
    );
    for c in re.captures_iter(text) {
        let Some(v) = c.get(1).or_else(|| c.get(2)) else {
            continue;
        };
        let start = c.get(0).map_or(v.start(), |m| m.start());
        push(
            out,
            b"password",
            v.as_bytes(),
            base + v.start(),
            base + start,
        );
    }
}

/// A call whose first argument names a setting and whose second is its literal value:
/// `define('DB_PASSWORD', 'X')` (PHP), `System.setProperty("db.password", "X")`,
/// `props.put("password", "X")`, `putenv("API_TOKEN", "X")`. Only setters and lookups with a
/// default are read: in any other call (`make_line("DB_PASSWORD", "seed")`, a test helper)
/// the second argument is not known to be the value.
fn name_value_calls<'a>(text: &'a [u8], base: usize, out: &mut Vec<Assignment<'a>>) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = compiled(
        &RE,
        r#"(?-u)\b(?P<f>[A-Za-z_][A-Za-z0-9_.:>\-]*)\([ \t]*["']([A-Za-z_][A-Za-z0-9_.\-]*)["'][ \t]*,[ \t]*(?:"([^"\n\\]+)"|'([^'\n\\]+)')[ \t]*[),]"#,
    );
    for c in re.captures_iter(text) {
        let (Some(k), Some(v)) = (c.get(2), c.get(3).or_else(|| c.get(4))) else {
            continue;
        };
        let val = v.as_bytes();
        // A list of names (`sensitive_post_parameters('password', 'credit_card')`) is no
        // setter: only the calls in SETTERS are read.
        let Some(f) = c.name("f") else {
            continue;
        };
        let callee = f.as_bytes();
        let callee = callee
            .rsplit(|&b| matches!(b, b'.' | b':' | b'>'))
            .next()
            .unwrap_or(callee);
        if !SETTERS.iter().any(|s| callee.eq_ignore_ascii_case(s)) {
            continue;
        }
        let key = k.as_bytes();
        let key = key.rsplit(|&b| b == b'.').next().unwrap_or(key);
        push(out, key, val, base + v.start(), base + k.start());
    }
}

/// Calls whose first argument names a setting and whose second is its value (compared
/// without case, after the last `.`, `::` or `->`).
const SETTERS: &[&[u8]] = &[
    b"define",
    b"setProperty",
    b"setProp",
    b"put",
    b"putenv",
    b"setenv",
    b"set",
    b"setItem",
    b"setValue",
    b"setString",
    b"setConfig",
    b"setSetting",
    b"setdefault",
    b"add",
    b"SetEnvironmentVariable",
    b"getenv",
    b"get",
    b"getProperty",
    b"env",
    b"config",
    b"setting",
];

/// Words that open a declaration, not a name (`const token = ...` names `token`).
const DECL: &[&[u8]] = &[
    b"const",
    b"let",
    b"var",
    b"val",
    b"my",
    b"our",
    b"local",
    b"final",
    b"static",
    b"private",
    b"public",
    b"protected",
    b"export",
    b"def",
    b"string",
    b"String",
    b"str",
    b"int",
    b"auto",
    b"readonly",
    b"declare",
    b"set",
    b"dim",
    b"Dim",
    b"global",
    b"char",
    b"byte",
    b"new",
    b"return",
    b"if",
    b"elif",
    b"else",
    b"and",
    b"or",
    b"not",
    b"is",
    b"in",
    b"the",
    b"a",
    b"your",
    b"my",
    b"this",
    b"that",
    b"with",
    b"for",
    b"of",
    b"to",
    b"as",
];

/// `mandrill token = 'X'`, `api key: "X"`: a name of two words before a quoted literal (a
/// declaration keyword is not a word of the name).
fn two_word_names<'a>(text: &'a [u8], base: usize, out: &mut Vec<Assignment<'a>>) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = compiled(
        &RE,
        r#"(?-u)(?:^|[\s#;/*({,])([A-Za-z][A-Za-z0-9]+[ ][A-Za-z][A-Za-z0-9_]+)[ \t]*(?:=|:)[ \t]*(?:"([^"\n\\]+)"|'([^'\n\\]+)')"#,
    );
    for c in re.captures_iter(text) {
        let (Some(k), Some(v)) = (c.get(1), c.get(2).or_else(|| c.get(3))) else {
            continue;
        };
        let key = k.as_bytes();
        let first = key.split(|&b| b == b' ').next().unwrap_or(key);
        if first.len() > 31 || key.len() - first.len() > 42 {
            continue;
        }
        if DECL.contains(&first) {
            continue;
        }
        push(out, key, v.as_bytes(), base + v.start(), base + k.start());
    }
}

/// Words that open a line whose next word is a name and whose last is its value: Dockerfile
/// `ENV`/`ARG`, Tcl and fish `set` (with its scope flags), csh `setenv`, Apache `SetEnv`, C
/// `#define`, nginx `env` and `fastcgi_param`/`uwsgi_param`/`scgi_param`.
const SPACED_OPENERS: &[&[u8]] = &[
    b"ENV",
    b"ARG",
    b"set",
    b"setenv",
    b"SetEnv",
    b"#define",
    b"env",
    b"fastcgi_param",
    b"uwsgi_param",
    b"scgi_param",
];

/// The most words a name of [`spaced`] has (`acme private access token X`).
const SPACED_WORDS: usize = 3;

/// A line that is a name of one to [`SPACED_WORDS`] words and a value, separated by blanks
/// and nothing else: `ENV API_TOKEN X`, `set -gx API_TOKEN X`, `#define DB_PASS "X"`, Gradle's
/// `password "X"`, `requirepass X`, `acme token X`. The value is a quoted literal or one bare
/// word, and ends the line (a `;` may close it). A bare value counts only when it is 8 bytes or
/// more and mixes letters and digits (or cases), so that prose (`auth token required`) and declarations
/// (`APIKey string`, `Token token;`) give nothing; the rules judge the rest as any value. After
/// an opener (`ENV`, `set`...) the name is one word. One pass per line, no pattern: linear.
fn spaced<'a>(text: &'a [u8], base: usize, out: &mut Vec<Assignment<'a>>) {
    let blank = |b: u8| b == b' ' || b == b'\t';
    let name_byte = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-');
    let mut at = 0;
    // The words of a line, as (start, end); one buffer for every line.
    let mut words: Vec<(usize, usize)> = Vec::with_capacity(SPACED_WORDS + 3);
    for line in text.split(|&b| b == b'\n') {
        let start = at;
        at += line.len() + 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.len() > MAX_KEY + MAX_VALUE + 40 {
            continue;
        }
        // Words and where each starts; quotes end the name part.
        let mut i = 0;
        words.clear();
        loop {
            while i < line.len() && blank(line[i]) {
                i += 1;
            }
            if i == line.len() || matches!(line[i], b'"' | b'\'') || words.len() > SPACED_WORDS + 2
            {
                break;
            }
            let s = i;
            while i < line.len() && !blank(line[i]) {
                i += 1;
            }
            words.push((s, i));
        }
        let quoted_at = (i < line.len()).then_some(i);
        let (names, value, vstart, quoted) = match quoted_at {
            Some(q) => {
                let quote = line[q];
                let Some(len) = memchr::memchr(quote, &line[q + 1..]) else {
                    continue;
                };
                let rest = &line[q + 2 + len..];
                let rest = rest.strip_suffix(b";").unwrap_or(rest);
                if !rest.iter().all(|&b| blank(b)) || line[q + 1..q + 1 + len].contains(&b'\\') {
                    continue;
                }
                (&words[..], &line[q + 1..q + 1 + len], q + 1, true)
            }
            None => {
                let Some((&(vs, ve), names)) = words.split_last() else {
                    continue;
                };
                let v = &line[vs..ve];
                let v = v.strip_suffix(b";").unwrap_or(v);
                // Letters and digits, or (12 bytes or more) lower case and two capitals past
                // the first letter: a generated value, not a word (`Required`).
                let capitals = v.iter().skip(1).filter(|b| b.is_ascii_uppercase()).count();
                let mixed = (v.iter().any(u8::is_ascii_digit)
                    && v.iter().any(u8::is_ascii_alphabetic))
                    || (v.len() >= 12 && capitals >= 2 && v.iter().any(u8::is_ascii_lowercase));
                // `=` past base64 padding: an assignment (`export A=b`), read elsewhere.
                let unpadded = v.iter().rposition(|&b| b != b'=').map_or(v, |l| &v[..=l]);
                if v.len() < 8
                    || !mixed
                    || unpadded.contains(&b'=')
                    || v.iter().any(|b| matches!(b, b'"' | b'\'' | b'`'))
                {
                    continue;
                }
                (names, v, vs, false)
            }
        };
        // An opener, then its flags (`set -gx`), then one name. A C macro's bare value is a
        // token of code (`#define KEY OTHER_KEY`), not a literal.
        let names = match names.first() {
            Some(&(s, e)) if &line[s..e] == b"#define" && !quoted => continue,
            Some(&(s, e)) if SPACED_OPENERS.contains(&&line[s..e]) => {
                let flags = names[1..]
                    .iter()
                    .take_while(|&&(s, _)| line[s] == b'-')
                    .count();
                let rest = &names[1 + flags..];
                if rest.len() != 1 {
                    continue;
                }
                rest
            }
            _ => names,
        };
        let (Some(&(ks, _)), Some(&(_, ke))) = (names.first(), names.last()) else {
            continue;
        };
        if names.len() > SPACED_WORDS
            || !line[ks].is_ascii_alphabetic()
            || !names
                .iter()
                .all(|&(s, e)| line[s..e].iter().all(|&b| name_byte(b)))
        {
            continue;
        }
        if !names_a_secret(&line[ks..ke]) || NGINX_PASS.contains(&&line[ks..ke]) {
            continue;
        }
        push_as(
            out,
            &line[ks..ke],
            value,
            base + start + vstart,
            base + start + ks,
            quoted,
        );
    }
}

/// Words of which one must be in a name of [`spaced`] (compared without case): without an
/// operator a line of two words is a name and a value only when the name says it holds a
/// secret (`github.com ssh-ed25519 AAAA...` in known_hosts, `sha256 <digest>` do not).
const SPACED_NAME_WORDS: &[&[u8]] = &[
    b"pass", b"pwd", b"secret", b"token", b"key", b"auth", b"cred", b"private", b"access", b"sas",
    b"bearer",
];

/// nginx directives written `name value;` whose value is an upstream (`uwsgi_pass app:8000;`),
/// not a password.
const NGINX_PASS: &[&[u8]] = &[
    b"proxy_pass",
    b"fastcgi_pass",
    b"uwsgi_pass",
    b"scgi_pass",
    b"grpc_pass",
    b"memcached_pass",
];

fn names_a_secret(name: &[u8]) -> bool {
    let lower = name.to_ascii_lowercase();
    SPACED_NAME_WORDS
        .iter()
        .any(|w| memchr::memmem::find(&lower, w).is_some())
}

/// `"host=db dbname=app user=app password=X"`: a quoted literal of two or more
/// space-separated `key=value` fields (libpq, many DSNs).
fn libpq_fields<'a>(text: &'a [u8], base: usize, out: &mut Vec<Assignment<'a>>) {
    for (lit_start, lit) in super::assign::quoted_literals(text) {
        if !lit.contains(&b' ') || !lit.contains(&b'=') {
            continue;
        }
        let fields: Vec<(usize, &[u8])> = {
            let mut at = 0;
            lit.split(|&b| b == b' ')
                .map(|f| {
                    let s = at;
                    at += f.len() + 1;
                    (s, f)
                })
                .filter(|(_, f)| !f.is_empty())
                .collect()
        };
        let tight = |f: &[u8]| {
            f.iter().position(|&b| b == b'=').is_some_and(|eq| {
                eq > 0
                    && eq + 1 < f.len()
                    && f[..eq]
                        .iter()
                        .all(|b| b.is_ascii_alphanumeric() || *b == b'_')
            })
        };
        if fields.len() < 2 || !fields.iter().all(|(_, f)| tight(f)) {
            continue;
        }
        for (s, f) in fields {
            let eq = f.iter().position(|&b| b == b'=').unwrap_or(0);
            let vs = base + lit_start + s + eq + 1;
            push(out, &f[..eq], &f[eq + 1..], vs, base + lit_start + s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`spaced`] reads: (key, value, quoted) for each line that is a name and a value,
    /// nothing for prose, declarations, macros of code and `export A=b`.
    #[test]
    fn spaced_names_and_values() {
        let read = |t: &str| {
            let mut out = Vec::new();
            spaced(t.as_bytes(), 0, &mut out);
            out.iter()
                .map(|a| {
                    assert_eq!(
                        &t.as_bytes()[a.value_start..a.value_start + a.value.len()],
                        a.value
                    );
                    (
                        String::from_utf8_lossy(a.key).into_owned(),
                        String::from_utf8_lossy(a.value).into_owned(),
                        a.quoted,
                    )
                })
                .collect::<Vec<_>>()
        };
        let one = |k: &str, v: &str, q: bool| vec![(k.to_string(), v.to_string(), q)];
        assert_eq!(
            read("ENV API_TOKEN Ab12cd34Ef"),
            one("API_TOKEN", "Ab12cd34Ef", false)
        );
        assert_eq!(
            read("set -gx API_TOKEN Ab12cd34Ef\n"),
            one("API_TOKEN", "Ab12cd34Ef", false)
        );
        assert_eq!(
            read("  password 'Qm9 x'\r\n"),
            one("password", "Qm9 x", true)
        );
        assert_eq!(
            read("#define DB_PASS \"Zx7q\";"),
            one("DB_PASS", "Zx7q", true)
        );
        assert_eq!(
            read("requirepass Ty4abcdefg;"),
            one("requirepass", "Ty4abcdefg", false)
        );
        assert_eq!(
            read("acme private token  Ab12cd34Ef=="),
            one("acme private token", "Ab12cd34Ef==", false)
        );
        assert_eq!(read("x\nacme token Ab12cd34Ef\ny").len(), 1);
        assert_eq!(read("ENV A_TOKEN qWeRtyUiopAS").len(), 1);
        for t in [
            "auth token required",
            "APIKey string",
            "Token token;",
            "#define KEY OTHER_KEY_2",
            "export A_TOKEN=ab12cd34ef56",
            "API_KEY = \"Ab12cd34Ef\"",
            "acme token Ab12cd34Ef trailing",
            "a b c d Ab12cd34Ef",
            "ENV A B Ab12cd34Ef",
            "token 'unclosed",
            "token 'a' + b",
            "1token Ab12cd34Ef",
            "token ab12-cd\"34",
            "token Required",
            "token RequiredHere",
            "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl",
            "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "    uwsgi_pass app01:8000;",
        ] {
            assert!(read(t).is_empty(), "{t}: {:?}", read(t));
        }
    }

    /// The hand checks in front of `tuples` and `name_value_calls` pass every text their
    /// patterns read something from, and keep ordinary code away from the patterns.
    #[test]
    fn gates_never_hide_a_form() {
        let texts = [
            "user, password = \"svc\", \"v\"\n",
            "  a.b, c = 'x', 'y' # c\n",
            "\tx,y=\"1\",\"2\"",
            "first\nu, p = \"a\", \"b\"\nlast",
            "define('DB_PASSWORD', 'v');",
            "System.setProperty(\"db.password\", \"v\")",
            "$this->set( 'api_key' , \"v\" )",
            "cfg.GET(\"a-b.c\",'v')",
            "os.getenv(\"TOKEN\", \"v\")",
            "my-put(\"k\", \"v\")",
            "x(put(\"k\", \"v\"))",
        ];
        for t in texts {
            let t = t.as_bytes();
            let mut tup = Vec::new();
            tuples(t, 0, &mut tup);
            assert!(
                tup.is_empty() || has_tuple_head(t),
                "{:?}",
                String::from_utf8_lossy(t)
            );
            let mut calls = Vec::new();
            name_value_calls(t, 0, &mut calls);
            assert!(
                calls.is_empty() || has_setter_call(t),
                "{:?}",
                String::from_utf8_lossy(t)
            );
        }
        for (t, n) in [(texts[0], 2), (texts[4], 1), (texts[6], 1), (texts[8], 1)] {
            let mut out = Vec::new();
            tuples(t.as_bytes(), 0, &mut out);
            name_value_calls(t.as_bytes(), 0, &mut out);
            assert_eq!(out.len(), n, "{t}");
        }
        for t in [
            "if item.get(\"status\") != \"account\":",
            "log.debug(\"limit %s, %s\", a, b)",
            "f(a, b) == 'x'",
            "x = [1, 2]; y = 'z'",
            "get(\"1a\", \"v\")",
            "get(\"a\" + b, \"v\")",
        ] {
            let t = t.as_bytes();
            assert!(!has_tuple_head(t) && !has_setter_call(t), "{t:?}");
        }
    }

    fn all(s: &str) -> Vec<(String, String)> {
        let mut v = Vec::new();
        extract(s.as_bytes(), 0..s.len(), &mut v);
        v.iter()
            .map(|a| {
                assert_eq!(
                    &s.as_bytes()[a.value_start..a.value_start + a.value.len()],
                    a.value
                );
                (
                    String::from_utf8_lossy(a.key).into_owned(),
                    String::from_utf8_lossy(a.value).into_owned(),
                )
            })
            .collect()
    }

    fn has(s: &str, k: &str, v: &str) -> bool {
        all(s).contains(&(k.to_string(), v.to_string()))
    }

    #[test]
    fn xml_forms() {
        assert!(has("  <password>abc123</password>\n", "password", "abc123"));
        assert!(has("<ns:Password>abc</ns:Password>", "Password", "abc"));
        assert!(!has("<password>abc</username>", "password", "abc"));
        assert!(has(
            r#"<add key="SmtpPassword" value="abc" />"#,
            "SmtpPassword",
            "abc"
        ));
        assert!(has(
            r#"<property name="password" value="abc"/>"#,
            "password",
            "abc"
        ));
    }

    #[test]
    fn tuples_setters_names_dsn() {
        assert!(has(
            r#"username, password = "svc", "abc""#,
            "password",
            "abc"
        ));
        assert!(has(
            r#"self.user, self.pw = 'svc', 'abc'  # x"#,
            "pw",
            "abc"
        ));
        assert!(!has(r#"a, b = "x", f(y)"#, "b", "y"));
        assert!(has(r#"user.set_password("abc")"#, "password", "abc"));
        assert!(has(r#"cfg.setPassword('abc');"#, "password", "abc"));
        assert!(has(
            r#"client.set_admin_password("abc")"#,
            "password",
            "abc"
        ));
        assert!(!has(r#"user.set_password(raw)"#, "password", "raw"));
        assert!(has("mandrill token = 'abc'", "mandrill token", "abc"));
        assert!(!all("const token = 'abc'")
            .iter()
            .any(|(k, _)| k.contains(' ')));
        assert!(has(
            r#"psycopg2.connect("host=db dbname=app user=app password=abc")"#,
            "password",
            "abc"
        ));
        assert!(!has(r#"x = "a=b c""#, "a", "b"));
        assert!(has(
            r#"define('DB_PASSWORD', 'abc');"#,
            "DB_PASSWORD",
            "abc"
        ));
        assert!(has(
            r#"System.setProperty("db.password", "abc");"#,
            "password",
            "abc"
        ));
        assert!(!has(r#"f("password", other)"#, "password", "other"));
        assert!(!has(
            r#"let (other, _) = pw_line("DB_PASSWORD", "baseline-2");"#,
            "DB_PASSWORD",
            "baseline-2"
        ));
        assert!(has(
            r#"$this->config->set('smtp.host', 'abc-1');"#,
            "host",
            "abc-1"
        ));
        assert!(!has(
            r#"@sensitive_post_parameters('password', 'credit_card')"#,
            "password",
            "credit_card"
        ));
    }
}
