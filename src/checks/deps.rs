//! Readers of the files the content checks look at: they find dependency names (with their
//! version specifiers) and Python version pins, by byte position, without a full parser of
//! each format. Each reader is one linear pass with bounded nesting; text it does not
//! understand is skipped, never an error (the secret rules still scan the file).

use std::ops::Range;

use super::files::FileKind;
use super::names::Ecosystem;

/// One thing a file declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A dependency.
    Dep(Dep),
    /// A Python version pin or range.
    Python(PythonPin),
    /// A file a requirements file includes (`-r other.txt`, `-c constraints.txt`): the path
    /// as written.
    Include(Range<usize>),
}

/// A dependency: its name as written and its version specifier, as byte ranges of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dep {
    /// Which registry the name belongs to.
    pub eco: Ecosystem,
    /// The name as written.
    pub name: Range<usize>,
    /// The version specifier (`>=4.2,<5`, `^4.2`, `==4.2.1`), when one is given.
    pub spec: Option<Range<usize>>,
}

/// What a Python version in a file means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinKind {
    /// The version the project runs on (`.python-version`, `FROM python:3.12`).
    Runtime,
    /// A range of supported versions (`requires-python = ">=3.9"`).
    Range,
    /// One version of a test matrix (tox `envlist`, a CI matrix).
    Matrix,
}

/// A Python version in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PythonPin {
    /// The version (or specifier, for a range) as written.
    pub at: Range<usize>,
    /// What it means.
    pub kind: PinKind,
    /// Where it comes from, for the message (`.python-version`, `requires-python`...).
    pub source: &'static str,
    /// The version, when it is not the text at `at` (a tox entry with braces, `py3{9,10}`,
    /// expands to several).
    pub version: Option<String>,
}

/// Nesting deeper than this is skipped (hostile input must not recurse without bound).
const MAX_DEPTH: usize = 32;

/// Reads `content` as a file of `kind` and appends what it declares.
pub fn parse(kind: FileKind, content: &[u8], out: &mut Vec<Item>) {
    match kind {
        FileKind::Requirements => requirements(content, out),
        FileKind::Pyproject => pyproject(content, out),
        FileKind::Pipfile => pipfile(content, out),
        FileKind::PipfileLock => pipfile_lock(content, out),
        FileKind::SetupCfg => setup_cfg(content, out),
        FileKind::SetupPy => setup_py(content, out),
        FileKind::CondaEnv => conda_env(content, out),
        FileKind::TomlLock => toml_lock(content, out),
        FileKind::PackageJson => package_json(content, out),
        FileKind::PythonVersion => python_version_file(content, out),
        FileKind::RuntimeTxt => runtime_txt(content, out),
        FileKind::ToolVersions => tool_versions(content, out),
        FileKind::Dockerfile => dockerfile(content, out),
        FileKind::GithubWorkflow => ci_yaml(content, true, out),
        FileKind::GitlabCi => ci_yaml(content, false, out),
        FileKind::Tox => tox_ini(content, out),
    }
}

/// The lines of `content` with their start offsets (without the line terminator).
fn lines(content: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= content.len() {
            return None;
        }
        let end = memchr::memchr(b'\n', &content[start..]).map_or(content.len(), |p| start + p);
        let s = start;
        start = end + 1;
        let mut line = &content[s..end];
        if line.last() == Some(&b'\r') {
            line = &line[..line.len() - 1];
        }
        Some((s, line))
    })
}

/// `range` without surrounding ASCII whitespace.
fn trim(content: &[u8], mut r: Range<usize>) -> Range<usize> {
    while r.start < r.end && content[r.start].is_ascii_whitespace() {
        r.start += 1;
    }
    while r.end > r.start && content[r.end - 1].is_ascii_whitespace() {
        r.end -= 1;
    }
    r
}

/// A byte that ends a package name in a requirement (PEP 508: extras, specifiers, markers,
/// URLs) or that no name holds.
fn ends_name(b: u8) -> bool {
    b.is_ascii_whitespace()
        || matches!(
            b,
            b'[' | b'(' | b'<' | b'>' | b'=' | b'!' | b'~' | b';' | b'@' | b',' | b'"' | b'\''
        )
}

/// Reads one PEP 508 requirement in `content[r]`: its name and version specifier. URLs,
/// paths, options and templated text (`${VAR}`) are not requirements.
pub fn pep508(content: &[u8], r: Range<usize>) -> Option<(Range<usize>, Option<Range<usize>>)> {
    let r = trim(content, r);
    let text = &content[r.clone()];
    let first = *text.first()?;
    if matches!(
        first,
        b'-' | b'.' | b'/' | b'~' | b'$' | b'{' | b'%' | b'#' | b'<'
    ) {
        return None;
    }
    let n = text
        .iter()
        .position(|&b| ends_name(b))
        .unwrap_or(text.len());
    let name = &text[..n];
    if name.is_empty()
        || name.contains(&b'/')
        || name.contains(&b':')
        || name.contains(&b'$')
        || name.contains(&b'{')
        || name.contains(&b'*')
        || name.contains(&b'\\')
    {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    for ext in [&b".whl"[..], b".tar.gz", b".zip", b".tgz", b".egg"] {
        if lower.ends_with(ext) {
            return None;
        }
    }
    // ASCII names must look like names: letters, digits, `-`, `_`, `.`; other bytes are a
    // typo of the format rather than a name (non-ASCII bytes are kept: a homoglyph).
    if name
        .iter()
        .any(|&b| b.is_ascii() && !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')))
    {
        return None;
    }
    let name_r = r.start..r.start + n;
    let mut i = n;
    // Extras.
    while i < text.len() && text[i].is_ascii_whitespace() {
        i += 1;
    }
    if i < text.len() && text[i] == b'[' {
        match text[i..].iter().position(|&b| b == b']') {
            Some(p) => i += p + 1,
            None => return Some((name_r, None)),
        }
    }
    // What follows a name is a specifier, markers, a URL or options; another word means the
    // text is prose, not a requirement (`Django's constraints are...`).
    let mut k = i;
    while k < text.len() && text[k].is_ascii_whitespace() {
        k += 1;
    }
    if k < text.len()
        && !matches!(
            text[k],
            b';' | b'@' | b'(' | b'<' | b'>' | b'=' | b'!' | b'~' | b',' | b'#'
        )
        && !text[k..].starts_with(b"--")
    {
        return None;
    }
    // `name @ url`: no specifier.
    let rest_start = i;
    let rest_end = text[i..]
        .iter()
        .position(|&b| b == b';' || b == b'#')
        .map_or(text.len(), |p| i + p);
    let rest = trim(content, r.start + rest_start..r.start + rest_end);
    let spec_text = &content[rest.clone()];
    if spec_text.is_empty() || spec_text[0] == b'@' {
        return Some((name_r, None));
    }
    // `(>=1.0)` is an old spelling.
    let rest = if spec_text[0] == b'(' && spec_text.last() == Some(&b')') {
        rest.start + 1..rest.end - 1
    } else {
        rest
    };
    // Options after the specifier (` --hash=...`).
    let spec_text = &content[rest.clone()];
    let end = spec_text
        .windows(3)
        .position(|w| w == b" --" || w == b"\t--")
        .map_or(rest.end, |p| rest.start + p);
    let spec = trim(content, rest.start..end);
    Some((name_r, (!spec.is_empty()).then_some(spec)))
}

fn push_pep508(content: &[u8], r: Range<usize>, out: &mut Vec<Item>) {
    if let Some((name, spec)) = pep508(content, r) {
        out.push(Item::Dep(Dep {
            eco: Ecosystem::PyPI,
            name,
            spec,
        }));
    }
}

// ---- requirements files -------------------------------------------------------------------

fn requirements(content: &[u8], out: &mut Vec<Item>) {
    let first = out.len();
    let (mut reqs, mut prose) = (0usize, 0usize);
    for (start, line) in lines(content) {
        // A comment is `#` at the start or after whitespace.
        let mut end = line.len();
        for (i, &b) in line.iter().enumerate() {
            if b == b'#' && (i == 0 || line[i - 1].is_ascii_whitespace()) {
                end = i;
                break;
            }
        }
        let mut text = &line[..end];
        if text.ends_with(b"\\") {
            text = &text[..text.len() - 1];
        }
        let r = trim(content, start..start + text.len());
        let t = &content[r.clone()];
        if t.is_empty() {
            continue;
        }
        if t[0] == b'-' {
            requirement_option(content, r, out);
            continue;
        }
        let scheme = t
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-'))
            .count();
        if t[scheme..].starts_with(b"://") {
            // A URL: the name is in `#egg=` if anywhere.
            egg(content, r, out);
            continue;
        }
        let before = out.len();
        push_pep508(content, r, out);
        if out.len() > before {
            reqs += 1;
        } else {
            prose += 1;
        }
    }
    // A file named like a requirements file whose lines mostly read as prose (Django's
    // docs/ref/models/constraints.txt) is not one: its single words are not package names.
    if prose > reqs {
        out.truncate(first);
    }
}

/// `-r FILE`, `-c FILE`, `-e URL#egg=NAME`; other options are left to the regex rules
/// (`--extra-index-url`, `--trusted-host`).
fn requirement_option(content: &[u8], r: Range<usize>, out: &mut Vec<Item>) {
    let t = &content[r.clone()];
    let opt_end = t
        .iter()
        .position(|&b| b.is_ascii_whitespace() || b == b'=')
        .unwrap_or(t.len());
    let opt = &t[..opt_end];
    let arg = trim(content, r.start + (opt_end + 1).min(t.len())..r.end);
    match opt {
        b"-r" | b"--requirement" | b"-c" | b"--constraint" => {
            if !arg.is_empty() {
                out.push(Item::Include(arg));
            }
        }
        b"-e" | b"--editable" => egg(content, arg, out),
        _ => {
            // `-rother.txt`
            if t.len() > 2 && (t.starts_with(b"-r") || t.starts_with(b"-c")) && t[2] != b'-' {
                out.push(Item::Include(trim(content, r.start + 2..r.end)));
            }
        }
    }
}

fn egg(content: &[u8], r: Range<usize>, out: &mut Vec<Item>) {
    let t = &content[r.clone()];
    if let Some(p) = t.windows(5).position(|w| w == b"#egg=") {
        let s = r.start + p + 5;
        let e = content[s..r.end]
            .iter()
            .position(|&b| b == b'&' || b.is_ascii_whitespace())
            .map_or(r.end, |q| s + q);
        push_pep508(content, s..e, out);
    }
}

// ---- TOML ---------------------------------------------------------------------------------

/// What [`toml_walk`] calls for each `key = value`: table path, whether the table is an
/// array of tables, key, key offset, value.
type TomlVisitor<'a> = dyn FnMut(&[String], bool, &str, usize, &TomlValue) + 'a;

/// What [`json_walk`] calls for each object member: path, key, key range, value.
type JsonVisitor<'a> = dyn FnMut(&[String], &str, Range<usize>, &JsonValue) + 'a;

/// What [`ini_walk`] calls for each key: section, key, value lines.
type IniVisitor<'a> = dyn FnMut(&str, &str, &[Range<usize>]) + 'a;

/// A TOML value, as far as the checks care.
#[derive(Debug, Clone)]
enum TomlValue {
    /// A string: the byte range of its text (between the quotes).
    Str(Range<usize>),
    /// An array: its string elements.
    Array(Vec<Range<usize>>),
    /// An inline table: its keys and string values.
    Table(Vec<(String, Range<usize>)>),
    /// Anything else.
    Other,
}

/// Walks a TOML document: calls `f(table, key, key_start, value)` for each `key = value`
/// (dotted keys are appended to the table path). `table` starts with `[[name]]` tables marked
/// by a leading `[]`-free path; `array_table` says the header was `[[...]]`.
fn toml_walk(content: &[u8], f: &mut TomlVisitor) {
    let mut p = TomlParser { s: content, i: 0 };
    let mut table: Vec<String> = Vec::new();
    let mut array_table = false;
    while p.i < p.s.len() {
        p.skip_ws_nl();
        if p.i >= p.s.len() {
            break;
        }
        match p.s[p.i] {
            b'#' => p.skip_line(),
            b'[' => {
                array_table = p.s.get(p.i + 1) == Some(&b'[');
                p.i += if array_table { 2 } else { 1 };
                table = p.key_path(b']');
                p.skip_line();
            }
            _ => {
                let key_start = p.i;
                let mut path = p.key_path(b'=');
                if p.peek() != Some(b'=') || path.is_empty() {
                    p.skip_line();
                    continue;
                }
                p.i += 1;
                let value = p.value(0);
                let key = path.pop().unwrap_or_default();
                let mut full = table.clone();
                full.extend(path);
                f(&full, array_table, &key, key_start, &value);
            }
        }
    }
}

struct TomlParser<'a> {
    s: &'a [u8],
    i: usize,
}

impl TomlParser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }

    fn skip_ws_nl(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.i += 1;
        }
    }

    /// Skips whitespace, newlines and comments (inside arrays and inline tables).
    fn skip_space(&mut self) {
        loop {
            self.skip_ws_nl();
            if self.peek() == Some(b'#') {
                self.skip_line();
            } else {
                break;
            }
        }
    }

    fn skip_line(&mut self) {
        match memchr::memchr(b'\n', &self.s[self.i.min(self.s.len())..]) {
            Some(p) => self.i += p + 1,
            None => self.i = self.s.len(),
        }
    }

    /// A dotted key (bare or quoted parts) up to `stop` (not consumed) or the end of the line.
    fn key_path(&mut self, stop: u8) -> Vec<String> {
        let mut parts = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b'"') | Some(b'\'') => {
                    let q = self.s[self.i];
                    self.i += 1;
                    let st = self.i;
                    while let Some(b) = self.peek() {
                        if b == q || b == b'\n' {
                            break;
                        }
                        if b == b'\\' && q == b'"' {
                            self.i += 1;
                        }
                        self.i += 1;
                    }
                    let end = self.i.min(self.s.len());
                    parts.push(String::from_utf8_lossy(&self.s[st..end]).into_owned());
                    if self.peek() == Some(q) {
                        self.i += 1;
                    }
                }
                Some(b) if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' => {
                    let st = self.i;
                    while self
                        .peek()
                        .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                    {
                        self.i += 1;
                    }
                    parts.push(String::from_utf8_lossy(&self.s[st..self.i]).into_owned());
                }
                _ => return parts,
            }
            self.skip_ws();
            match self.peek() {
                Some(b'.') => self.i += 1,
                Some(b) if b == stop => {
                    if stop == b']' {
                        while self.peek() == Some(b']') {
                            self.i += 1;
                        }
                    }
                    return parts;
                }
                _ => return parts,
            }
        }
    }

    /// A string at `i` (which holds its first quote): the byte range of its text.
    fn string(&mut self) -> Range<usize> {
        let q = self.s[self.i];
        let triple =
            self.s.len() >= self.i + 3 && self.s[self.i + 1] == q && self.s[self.i + 2] == q;
        if triple {
            self.i += 3;
            let st = self.i;
            let close = [q, q, q];
            match self.s[st..].windows(3).position(|w| w == close) {
                Some(p) => {
                    self.i = st + p + 3;
                    st..st + p
                }
                None => {
                    self.i = self.s.len();
                    st..self.s.len()
                }
            }
        } else {
            self.i += 1;
            let st = self.i;
            while let Some(b) = self.peek() {
                if b == q || b == b'\n' {
                    break;
                }
                if b == b'\\' && q == b'"' {
                    self.i += 1;
                }
                self.i += 1;
            }
            let end = self.i.min(self.s.len());
            if self.peek() == Some(q) {
                self.i += 1;
            }
            st..end
        }
    }

    /// Reads the items of an array or an inline table, from its opening bracket to `close`
    /// (or the end of the input), calling `item` at the start of each one. Blanks, newlines
    /// and commas between items are skipped; an item that reads nothing is stepped over by one
    /// byte, so every turn of the loop moves forward.
    fn items(&mut self, close: u8, mut item: impl FnMut(&mut Self)) {
        self.i += 1;
        loop {
            self.skip_space();
            match self.peek() {
                None => break,
                Some(b) if b == close => {
                    self.i += 1;
                    break;
                }
                Some(b',') => self.i += 1,
                Some(_) => {
                    let before = self.i;
                    item(self);
                    if self.i == before {
                        self.i += 1;
                    }
                }
            }
        }
    }

    fn value(&mut self, depth: usize) -> TomlValue {
        self.skip_ws();
        match self.peek() {
            Some(b'"') | Some(b'\'') => TomlValue::Str(self.string()),
            Some(b'[') if depth < MAX_DEPTH => {
                let mut items = Vec::new();
                self.items(b']', |p| {
                    if let TomlValue::Str(r) = p.value(depth + 1) {
                        items.push(r);
                    }
                });
                TomlValue::Array(items)
            }
            Some(b'{') if depth < MAX_DEPTH => {
                let mut pairs = Vec::new();
                self.items(b'}', |p| {
                    let key = p.key_path(b'=');
                    if p.peek() == Some(b'=') {
                        p.i += 1;
                        if let (TomlValue::Str(r), Some(k)) = (p.value(depth + 1), key.last()) {
                            pairs.push((k.clone(), r));
                        }
                    }
                });
                TomlValue::Table(pairs)
            }
            _ => {
                // A scalar (or nesting too deep): up to the end of the line or a separator.
                while let Some(b) = self.peek() {
                    if matches!(b, b'\n' | b',' | b']' | b'}' | b'#') {
                        break;
                    }
                    self.i += 1;
                }
                TomlValue::Other
            }
        }
    }
}

fn is(table: &[String], want: &[&str]) -> bool {
    table.len() == want.len() && table.iter().zip(want).all(|(a, b)| a == b || *b == "*")
}

fn pyproject(content: &[u8], out: &mut Vec<Item>) {
    toml_walk(content, &mut |table, _, key, key_start, value| {
        let t = table;
        let pep508_list = (is(t, &["project"]) && key == "dependencies")
            || is(t, &["project", "optional-dependencies"])
            || is(t, &["dependency-groups"])
            || (is(t, &["build-system"]) && key == "requires")
            || (is(t, &["tool", "uv"])
                && matches!(
                    key,
                    "dev-dependencies" | "constraint-dependencies" | "override-dependencies"
                ))
            || is(t, &["tool", "pdm", "dev-dependencies"]);
        if pep508_list {
            if let TomlValue::Array(items) = value {
                for r in items {
                    push_pep508(content, r.clone(), out);
                }
            }
            return;
        }
        if is(t, &["project"]) && key == "requires-python" {
            if let TomlValue::Str(r) = value {
                out.push(python(r.clone(), PinKind::Range, "requires-python"));
            }
            return;
        }
        let poetry = is(t, &["tool", "poetry", "dependencies"])
            || is(t, &["tool", "poetry", "dev-dependencies"])
            || is(t, &["tool", "poetry", "group", "*", "dependencies"]);
        if poetry {
            poetry_dep(content, key, key_start, value, "tool.poetry python", out);
            return;
        }
        if is(t, &["tool", "tox"]) && (key == "env_list" || key == "envlist") {
            if let TomlValue::Array(items) = value {
                for r in items {
                    tox_env(content, r.clone(), out);
                }
            }
        }
        if is(t, &["tool", "tox"]) && key == "legacy_tox_ini" {
            if let TomlValue::Str(r) = value {
                let inner = &content[r.clone()];
                let mut sub = Vec::new();
                tox_ini(inner, &mut sub);
                out.extend(sub.into_iter().map(|it| shift(it, r.start)));
            }
        }
    });
}

fn shift(item: Item, by: usize) -> Item {
    let mv = |r: Range<usize>| r.start + by..r.end + by;
    match item {
        Item::Dep(d) => Item::Dep(Dep {
            eco: d.eco,
            name: mv(d.name),
            spec: d.spec.map(mv),
        }),
        Item::Python(p) => Item::Python(PythonPin { at: mv(p.at), ..p }),
        Item::Include(r) => Item::Include(mv(r)),
    }
}

fn python(at: Range<usize>, kind: PinKind, source: &'static str) -> Item {
    Item::Python(PythonPin {
        at,
        kind,
        source,
        version: None,
    })
}

/// The position of a table key's name (without its quotes).
fn key_range(content: &[u8], key: &str, key_start: usize) -> Range<usize> {
    let st = if matches!(content.get(key_start), Some(b'"' | b'\'')) {
        key_start + 1
    } else {
        key_start
    };
    st..(st + key.len()).min(content.len())
}

/// A Poetry or Pipfile dependency: `name = "spec"` or `name = {version = "spec", ...}`;
/// `python` is the project's Python range.
fn poetry_dep(
    content: &[u8],
    key: &str,
    key_start: usize,
    value: &TomlValue,
    python_source: &'static str,
    out: &mut Vec<Item>,
) {
    let spec = match value {
        TomlValue::Str(r) => Some(r.clone()),
        TomlValue::Table(pairs) => pairs
            .iter()
            .find(|(k, _)| k == "version")
            .map(|(_, r)| r.clone()),
        _ => None,
    };
    if key == "python" {
        if let Some(r) = spec {
            out.push(python(r, PinKind::Range, python_source));
        }
        return;
    }
    let name = key_range(content, key, key_start);
    if content[name.clone()].is_empty() || key.contains('/') || key.contains('$') {
        return;
    }
    out.push(Item::Dep(Dep {
        eco: Ecosystem::PyPI,
        name,
        spec: spec.filter(|r| &content[r.clone()] != b"*"),
    }));
}

fn pipfile(content: &[u8], out: &mut Vec<Item>) {
    toml_walk(content, &mut |table, array_table, key, key_start, value| {
        if array_table || table.len() != 1 {
            return;
        }
        match table[0].as_str() {
            "requires" => {
                if matches!(key, "python_version" | "python_full_version") {
                    if let TomlValue::Str(r) = value {
                        out.push(python(r.clone(), PinKind::Runtime, "Pipfile"));
                    }
                }
            }
            "source" | "scripts" | "pipenv" => {}
            _ => poetry_dep(content, key, key_start, value, "Pipfile", out),
        }
    });
}

fn toml_lock(content: &[u8], out: &mut Vec<Item>) {
    // `[[package]]` blocks: `name`, then `version` (the exact version locked).
    let mut pending: Option<usize> = None;
    toml_walk(content, &mut |table, array_table, key, _, value| {
        if !(array_table && table.len() == 1 && table[0] == "package") {
            return;
        }
        match (key, value) {
            ("name", TomlValue::Str(r)) => {
                out.push(Item::Dep(Dep {
                    eco: Ecosystem::PyPI,
                    name: r.clone(),
                    spec: None,
                }));
                pending = Some(out.len() - 1);
            }
            ("version", TomlValue::Str(r)) => {
                if let Some(Item::Dep(d)) = pending.and_then(|i| out.get_mut(i)) {
                    d.spec = Some(r.clone());
                }
                pending = None;
            }
            _ => {}
        }
    });
}

// ---- JSON ---------------------------------------------------------------------------------

/// A JSON value, as far as the checks care.
#[derive(Debug, Clone)]
enum JsonValue {
    Str(Range<usize>),
    Object,
    Other,
}

/// Walks a JSON document: calls `f(path, key, key_range, value)` for each object member,
/// `path` being the keys of the enclosing objects (arrays are not followed).
fn json_walk(content: &[u8], f: &mut JsonVisitor) {
    let mut p = JsonParser { s: content, i: 0 };
    let mut path = Vec::new();
    p.skip_ws();
    p.value(&mut path, 0, f);
}

struct JsonParser<'a> {
    s: &'a [u8],
    i: usize,
}

impl JsonParser<'_> {
    fn skip_ws(&mut self) {
        while self.s.get(self.i).is_some_and(|b| b.is_ascii_whitespace()) {
            self.i += 1;
        }
    }

    fn string(&mut self) -> Range<usize> {
        self.i += 1;
        let st = self.i;
        while let Some(&b) = self.s.get(self.i) {
            if b == b'"' {
                break;
            }
            if b == b'\\' {
                self.i += 1;
            }
            self.i += 1;
        }
        let end = self.i.min(self.s.len());
        self.i = (self.i + 1).min(self.s.len());
        st..end
    }

    fn value(&mut self, path: &mut Vec<String>, depth: usize, f: &mut JsonVisitor) -> JsonValue {
        self.skip_ws();
        match self.s.get(self.i) {
            Some(b'"') => JsonValue::Str(self.string()),
            Some(b'{') if depth < MAX_DEPTH => {
                self.i += 1;
                loop {
                    self.skip_ws();
                    match self.s.get(self.i) {
                        Some(b'"') => {
                            let kr = self.string();
                            let key = String::from_utf8_lossy(&self.s[kr.clone()]).into_owned();
                            self.skip_ws();
                            if self.s.get(self.i) == Some(&b':') {
                                self.i += 1;
                            }
                            self.skip_ws();
                            let is_obj = self.s.get(self.i) == Some(&b'{');
                            if is_obj {
                                f(path, &key, kr.clone(), &JsonValue::Object);
                                path.push(key);
                                self.value(path, depth + 1, f);
                                path.pop();
                            } else {
                                let v = self.value(path, depth + 1, f);
                                f(path, &key, kr, &v);
                            }
                        }
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            break;
                        }
                        None => break,
                        Some(_) => {
                            // Not JSON: stop here.
                            self.i = self.s.len();
                            break;
                        }
                    }
                }
                JsonValue::Object
            }
            Some(b'[') if depth < MAX_DEPTH => {
                self.i += 1;
                loop {
                    self.skip_ws();
                    match self.s.get(self.i) {
                        Some(b']') => {
                            self.i += 1;
                            break;
                        }
                        Some(b',') => self.i += 1,
                        None => break,
                        Some(_) => {
                            let before = self.i;
                            let mut none = Vec::new();
                            self.value(&mut none, depth + 1, &mut |_, _, _, _| {});
                            if self.i == before {
                                self.i += 1;
                            }
                        }
                    }
                }
                JsonValue::Other
            }
            Some(_) => {
                while let Some(&b) = self.s.get(self.i) {
                    if matches!(b, b',' | b'}' | b']') || b.is_ascii_whitespace() {
                        break;
                    }
                    self.i += 1;
                }
                JsonValue::Other
            }
            None => JsonValue::Other,
        }
    }
}

fn package_json(content: &[u8], out: &mut Vec<Item>) {
    json_walk(content, &mut |path, key, kr, _| {
        if path.len() == 1
            && matches!(
                path[0].as_str(),
                "dependencies" | "devDependencies" | "peerDependencies" | "optionalDependencies"
            )
            && !key.is_empty()
        {
            out.push(Item::Dep(Dep {
                eco: Ecosystem::Npm,
                name: kr,
                spec: None,
            }));
        }
    });
}

fn pipfile_lock(content: &[u8], out: &mut Vec<Item>) {
    let mut last: Option<(String, usize)> = None;
    json_walk(content, &mut |path, key, kr, value| {
        if path.len() == 1 && (path[0] == "default" || path[0] == "develop") {
            out.push(Item::Dep(Dep {
                eco: Ecosystem::PyPI,
                name: kr,
                spec: None,
            }));
            last = Some((key.to_string(), out.len() - 1));
        } else if path.len() == 2
            && (path[0] == "default" || path[0] == "develop")
            && key == "version"
        {
            if let (JsonValue::Str(r), Some((name, i))) = (value, &last) {
                if *name == path[1] {
                    if let Some(Item::Dep(d)) = out.get_mut(*i) {
                        d.spec = Some(r.clone());
                    }
                }
            }
        } else if path.len() == 2
            && path[0] == "_meta"
            && path[1] == "requires"
            && matches!(key, "python_version" | "python_full_version")
        {
            if let JsonValue::Str(r) = value {
                out.push(python(r.clone(), PinKind::Runtime, "Pipfile.lock"));
            }
        }
    });
}

// ---- INI: setup.cfg, tox.ini --------------------------------------------------------------

/// Walks an INI file: `f(section, key, value_lines)` for each key, `value_lines` being the
/// byte ranges of the text after `=` and of each indented continuation line.
fn ini_walk(content: &[u8], f: &mut IniVisitor) {
    let mut section = String::new();
    let mut key: Option<String> = None;
    let mut values: Vec<Range<usize>> = Vec::new();
    let flush = |section: &str,
                 key: &mut Option<String>,
                 values: &mut Vec<Range<usize>>,
                 f: &mut IniVisitor| {
        if let Some(k) = key.take() {
            f(section, &k, values);
        }
        values.clear();
    };
    for (start, line) in lines(content) {
        let indented = line.first().is_some_and(|b| *b == b' ' || *b == b'\t');
        let t = trim(content, start..start + line.len());
        let text = &content[t.clone()];
        if indented && key.is_some() {
            if !text.is_empty() && !text.starts_with(b"#") && !text.starts_with(b";") {
                values.push(t);
            }
            continue;
        }
        if text.is_empty() || text.starts_with(b"#") || text.starts_with(b";") {
            continue;
        }
        flush(&section, &mut key, &mut values, f);
        if text.starts_with(b"[") {
            let end = text.iter().position(|&b| b == b']').unwrap_or(text.len());
            section = String::from_utf8_lossy(&text[1..end]).trim().to_string();
            continue;
        }
        let Some(eq) = text.iter().position(|&b| b == b'=' || b == b':') else {
            continue;
        };
        key = Some(String::from_utf8_lossy(&text[..eq]).trim().to_string());
        let v = trim(content, t.start + eq + 1..t.end);
        if !v.is_empty() {
            values.push(v);
        }
    }
    flush(&section, &mut key, &mut values, f);
}

/// A requirement line of setup.cfg: an inline `#` comment ends it.
fn without_comment(content: &[u8], r: Range<usize>) -> Range<usize> {
    let t = &content[r.clone()];
    let end = t
        .windows(2)
        .position(|w| w[1] == b'#' && w[0].is_ascii_whitespace())
        .map_or(r.end, |p| r.start + p);
    trim(content, r.start..end)
}

fn setup_cfg(content: &[u8], out: &mut Vec<Item>) {
    ini_walk(content, &mut |section, key, values| {
        let reqs = (section == "options"
            && matches!(key, "install_requires" | "setup_requires" | "tests_require"))
            || section == "options.extras_require";
        if reqs {
            for v in values {
                // `install_requires = a; b` (one line, `;`-separated) is not valid; values are
                // one per line.
                push_pep508(content, without_comment(content, v.clone()), out);
            }
        } else if section == "options" && key == "python_requires" {
            if let Some(v) = values.first() {
                out.push(python(v.clone(), PinKind::Range, "python_requires"));
            }
        }
    });
}

/// `py38`, `py3.8`, `py310-django42`, `3.12`: the Python version of a tox environment name.
fn tox_env(content: &[u8], r: Range<usize>, out: &mut Vec<Item>) {
    let t = &content[r.clone()];
    // Each `-`-separated factor.
    let mut pos = 0;
    for factor in t.split(|&b| b == b'-') {
        let fs = r.start + pos;
        pos += factor.len() + 1;
        let digits: &[u8] = if let Some(rest) = factor.strip_prefix(b"py") {
            rest
        } else if factor.first().is_some_and(u8::is_ascii_digit) {
            factor
        } else {
            continue;
        };
        let off = factor.len() - digits.len();
        if digits.len() >= 2 && digits.iter().all(|b| b.is_ascii_digit() || *b == b'.') {
            out.push(python(
                fs + off..fs + factor.len(),
                PinKind::Matrix,
                "the tox environment list",
            ));
        }
    }
}

/// Expands tox's `{a,b}` factor groups in one environment list entry (bounded).
fn expand_braces(s: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        let prefix = &rest[..open];
        let alts: Vec<&str> = rest[open + 1..close].split(',').map(str::trim).collect();
        let mut next = Vec::new();
        for o in &out {
            for a in &alts {
                if next.len() < 256 {
                    next.push(format!("{o}{prefix}{a}"));
                }
            }
        }
        out = next;
        rest = &rest[close + 1..];
    }
    for o in &mut out {
        o.push_str(rest);
    }
    out
}

fn tox_ini(content: &[u8], out: &mut Vec<Item>) {
    ini_walk(content, &mut |section, key, values| {
        if section == "tox" && (key == "envlist" || key == "env_list") {
            for v in values {
                let text = String::from_utf8_lossy(&content[v.clone()]);
                // Entries are `,`-separated (braces may hold commas).
                let mut depth = 0;
                let mut start = 0;
                let bytes = text.as_bytes();
                for i in 0..=bytes.len() {
                    let end = i == bytes.len();
                    if !end {
                        match bytes[i] {
                            b'{' => depth += 1,
                            b'}' => depth -= 1,
                            _ => {}
                        }
                    }
                    if end || (bytes[i] == b',' && depth <= 0) {
                        let entry = text[start..i].trim();
                        let off = v.start
                            + start
                            + (text[start..i].len() - text[start..i].trim_start().len());
                        if entry.contains('{') {
                            for e in expand_braces(entry) {
                                // The expansion has no position of its own: point at the entry.
                                for factor in e.split('-') {
                                    let digits = factor.strip_prefix("py").unwrap_or("");
                                    if digits.len() >= 2
                                        && digits.bytes().all(|b| b.is_ascii_digit())
                                    {
                                        out.push(Item::Python(PythonPin {
                                            at: off..off + entry.len(),
                                            kind: PinKind::Matrix,
                                            source: "the tox environment list",
                                            version: Some(digits.to_string()),
                                        }));
                                    }
                                }
                            }
                        } else if !entry.is_empty() {
                            tox_env(content, off..off + entry.len(), out);
                        }
                        start = i + 1;
                    }
                }
            }
        } else if section.starts_with("testenv") && key == "basepython" {
            if let Some(v) = values.first() {
                let t = &content[v.clone()];
                let skip = if t.starts_with(b"python") { 6 } else { 0 };
                out.push(python(
                    v.start + skip..v.end,
                    PinKind::Matrix,
                    "tox basepython",
                ));
            }
        }
    });
}

// ---- setup.py -----------------------------------------------------------------------------

/// A Python string literal at `i` (prefixes `r`, `b`, `u`, `f` allowed before the quote):
/// the byte range of its text and the offset after it. Triple-quoted strings give `None`.
fn py_string(s: &[u8], mut i: usize) -> Option<(Range<usize>, usize)> {
    while i < s.len() && matches!(s[i], b'r' | b'R' | b'b' | b'B' | b'u' | b'U' | b'f' | b'F') {
        i += 1;
    }
    let q = *s.get(i)?;
    if q != b'"' && q != b'\'' {
        return None;
    }
    if s.get(i + 1) == Some(&q) && s.get(i + 2) == Some(&q) {
        return None;
    }
    let st = i + 1;
    let mut j = st;
    while j < s.len() && s[j] != q && s[j] != b'\n' {
        if s[j] == b'\\' {
            j += 1;
        }
        j += 1;
    }
    let end = j.min(s.len());
    Some((st..end, (j + 1).min(s.len())))
}

/// The string literals inside the bracketed value at `i` (`[...]`, `(...)`, `{...}`), dict keys
/// left out, up to its closing bracket.
fn py_literals(s: &[u8], mut i: usize, out: &mut Vec<Range<usize>>) {
    let mut depth = 0usize;
    while i < s.len() {
        match s[i] {
            b'[' | b'(' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return;
                }
                i += 1;
            }
            b']' | b')' | b'}' => {
                if depth <= 1 {
                    return;
                }
                depth -= 1;
                i += 1;
            }
            b'#' => {
                i = memchr::memchr(b'\n', &s[i..]).map_or(s.len(), |p| i + p);
            }
            b'"' | b'\'' => {
                // Triple-quoted text: skip it whole.
                let q = s[i];
                if s.get(i + 1) == Some(&q) && s.get(i + 2) == Some(&q) {
                    let close = [q, q, q];
                    i = s[i + 3..]
                        .windows(3)
                        .position(|w| w == close)
                        .map_or(s.len(), |p| i + 3 + p + 3);
                    continue;
                }
                let Some((r, next)) = py_string(s, i) else {
                    i += 1;
                    continue;
                };
                let mut k = next;
                while k < s.len() && (s[k] == b' ' || s[k] == b'\t') {
                    k += 1;
                }
                if s.get(k) != Some(&b':') {
                    out.push(r);
                }
                i = next;
            }
            _ => i += 1,
        }
        if depth == 0 {
            return;
        }
    }
}

fn setup_py(content: &[u8], out: &mut Vec<Item>) {
    let s = content;
    for key in [
        &b"install_requires"[..],
        b"setup_requires",
        b"tests_require",
        b"extras_require",
        b"python_requires",
    ] {
        let mut from = 0;
        while let Some(p) = memchr::memmem::find(&s[from..], key) {
            let at = from + p;
            from = at + key.len();
            if at > 0 && (s[at - 1].is_ascii_alphanumeric() || s[at - 1] == b'_') {
                continue;
            }
            // `key=`, `"key":` or `'key':`.
            let mut i = at + key.len();
            if matches!(s.get(i), Some(b'"' | b'\'')) {
                i += 1;
            }
            while i < s.len() && (s[i] == b' ' || s[i] == b'\t') {
                i += 1;
            }
            if !matches!(s.get(i), Some(b'=' | b':')) || s.get(i + 1) == Some(&b'=') {
                continue;
            }
            i += 1;
            while i < s.len() && s[i].is_ascii_whitespace() {
                i += 1;
            }
            if key == b"python_requires" {
                if let Some((r, _)) = py_string(s, i) {
                    out.push(python(r, PinKind::Range, "python_requires"));
                }
                continue;
            }
            let mut lits = Vec::new();
            match s.get(i) {
                Some(b'[' | b'(' | b'{') => py_literals(s, i, &mut lits),
                Some(b) if b.is_ascii_alphabetic() || *b == b'_' => {
                    // `install_requires=requires`: the list assigned to that name.
                    let name_end = s[i..]
                        .iter()
                        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
                        .map_or(s.len(), |e| i + e);
                    let name = &s[i..name_end];
                    if let Some(list) = assignment_of(s, name) {
                        py_literals(s, list, &mut lits);
                    }
                }
                _ => {}
            }
            for r in lits {
                push_pep508(content, r, out);
            }
        }
    }
}

/// Where the bracket of `NAME = [` (at the start of a line) is.
fn assignment_of(s: &[u8], name: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(p) = memchr::memmem::find(&s[from..], name) {
        let at = from + p;
        from = at + name.len();
        if at > 0 && s[at - 1] != b'\n' {
            continue;
        }
        let mut i = at + name.len();
        while i < s.len() && (s[i] == b' ' || s[i] == b'\t') {
            i += 1;
        }
        if s.get(i) != Some(&b'=') || s.get(i + 1) == Some(&b'=') {
            continue;
        }
        i += 1;
        while i < s.len() && (s[i] == b' ' || s[i] == b'\t') {
            i += 1;
        }
        if matches!(s.get(i), Some(b'[' | b'(')) {
            return Some(i);
        }
    }
    None
}

// ---- YAML-ish: conda environments, CI files -----------------------------------------------

fn indent_of(line: &[u8]) -> usize {
    line.iter().take_while(|b| **b == b' ').count()
}

/// The value of a YAML list item or scalar without quotes and a trailing comment.
fn yaml_scalar(content: &[u8], r: Range<usize>) -> Range<usize> {
    let r = without_comment(content, r);
    let t = &content[r.clone()];
    if t.len() >= 2 && (t[0] == b'"' || t[0] == b'\'') && t[t.len() - 1] == t[0] {
        return r.start + 1..r.end - 1;
    }
    r
}

fn conda_env(content: &[u8], out: &mut Vec<Item>) {
    let mut in_deps: Option<usize> = None; // indent of `dependencies:`
    let mut pip: Option<usize> = None; // indent of `- pip:`
    for (start, line) in lines(content) {
        let ind = indent_of(line);
        let t = trim(content, start..start + line.len());
        let text = &content[t.clone()];
        if text.is_empty() || text.starts_with(b"#") {
            continue;
        }
        if let Some(p) = pip {
            if ind <= p {
                pip = None;
            }
        }
        if let Some(d) = in_deps {
            if ind <= d && !text.starts_with(b"-") {
                in_deps = None;
                pip = None;
            }
        }
        if ind == 0 && text.starts_with(b"dependencies:") {
            in_deps = Some(0);
            continue;
        }
        if in_deps.is_none() {
            continue;
        }
        let Some(item) = text.strip_prefix(b"-") else {
            continue;
        };
        let item_start = t.end - item.len();
        let r = yaml_scalar(content, item_start..t.end);
        let v = &content[r.clone()];
        if v == b"pip:" || v.starts_with(b"pip:") {
            pip = Some(ind);
            continue;
        }
        if pip.is_some() {
            push_pep508(content, r, out);
            continue;
        }
        // A conda package: only `python` is read (`python=3.8`, `python>=3.9`).
        if let Some(rest) = v.strip_prefix(b"python") {
            let spec = trim(content, r.start + 6..r.end);
            if rest.starts_with(b"=") && !rest.starts_with(b"==") || rest.starts_with(b"==") {
                let skip = content[spec.clone()]
                    .iter()
                    .take_while(|b| **b == b'=')
                    .count();
                out.push(python(
                    spec.start + skip..spec.end,
                    PinKind::Runtime,
                    "the conda environment",
                ));
            } else if rest.starts_with(b">") || rest.starts_with(b"<") || rest.starts_with(b"~") {
                out.push(python(spec, PinKind::Range, "the conda environment"));
            }
        }
    }
}

/// The version of a `python` image reference (`python:3.8-slim`, `docker.io/library/python:3.8`,
/// `cimg/python:3.8.10`): the byte range of its version, when the image is Python's.
fn python_image(content: &[u8], r: Range<usize>) -> Option<Range<usize>> {
    let t = &content[r.clone()];
    let colon = t.iter().rposition(|&b| b == b':')?;
    let image = &t[..colon];
    let repo = image.rsplit(|&b| b == b'/').next()?;
    if repo != b"python" {
        return None;
    }
    let tag = r.start + colon + 1..r.end;
    let tt = &content[tag.clone()];
    let n = tt
        .iter()
        .position(|b| !(b.is_ascii_digit() || *b == b'.'))
        .unwrap_or(tt.len());
    (n >= 3 && tt[..n].contains(&b'.')).then_some(tag.start..tag.start + n)
}

fn dockerfile(content: &[u8], out: &mut Vec<Item>) {
    for (start, line) in lines(content) {
        let t = trim(content, start..start + line.len());
        let text = &content[t.clone()];
        let upper: Vec<u8> = text.iter().take(4).map(u8::to_ascii_uppercase).collect();
        if upper.starts_with(b"FROM") && text.get(4).is_some_and(u8::is_ascii_whitespace) {
            // FROM [--platform=...] image [AS name]
            let mut i = t.start + 4;
            loop {
                while i < t.end && content[i].is_ascii_whitespace() {
                    i += 1;
                }
                let e = content[i..t.end]
                    .iter()
                    .position(u8::is_ascii_whitespace)
                    .map_or(t.end, |p| i + p);
                if content[i..e].starts_with(b"--") {
                    i = e;
                    continue;
                }
                let image = i..e;
                let image = match content[image.clone()].iter().position(|&b| b == b'@') {
                    Some(p) => image.start..image.start + p,
                    None => image,
                };
                if let Some(v) = python_image(content, image) {
                    out.push(python(v, PinKind::Runtime, "the Dockerfile's base image"));
                }
                break;
            }
        } else if (upper.starts_with(b"ARG ") || upper.starts_with(b"ENV ")) && text.len() > 4 {
            // ARG PYTHON_VERSION=3.8 / ENV PYTHON_VERSION 3.8
            let rest = trim(content, t.start + 4..t.end);
            let rt = &content[rest.clone()];
            let name_end = rt
                .iter()
                .position(|b| *b == b'=' || b.is_ascii_whitespace())
                .unwrap_or(rt.len());
            let name = rt[..name_end].to_ascii_uppercase();
            if name == b"PYTHON_VERSION" || name == b"PY_VERSION" {
                let v = yaml_scalar(content, rest.start + (name_end + 1).min(rt.len())..rest.end);
                if !v.is_empty() {
                    out.push(python(
                        v,
                        PinKind::Runtime,
                        "the Dockerfile's PYTHON_VERSION",
                    ));
                }
            }
        }
    }
}

/// GitHub Actions and GitLab CI: `python-version:` values, Python images, `PYTHON_VERSION:`
/// variables. A scalar is the version a job runs on; a list is a test matrix.
fn ci_yaml(content: &[u8], github: bool, out: &mut Vec<Item>) {
    let mut list_key: Option<(usize, PinKind)> = None;
    for (start, line) in lines(content) {
        let ind = indent_of(line);
        let t = trim(content, start..start + line.len());
        let text = &content[t.clone()];
        if text.is_empty() || text.starts_with(b"#") {
            continue;
        }
        if let Some((li, kind)) = list_key {
            if let Some(item) = text.strip_prefix(b"-").filter(|_| ind >= li) {
                let r = yaml_scalar(content, t.end - item.len()..t.end);
                let r = trim(content, r);
                out.push(python(r, kind, "the CI matrix"));
                continue;
            }
            list_key = None;
        }
        let body = text.strip_prefix(b"- ").unwrap_or(text);
        let body_start = t.end - body.len();
        let Some(colon) = body.iter().position(|&b| b == b':') else {
            continue;
        };
        let key = &body[..colon];
        let key = key.strip_prefix(b"\"").unwrap_or(key);
        let key = key.strip_suffix(b"\"").unwrap_or(key);
        let value = trim(content, body_start + colon + 1..t.end);
        let vt = &content[value.clone()];
        let version_key = matches!(
            key,
            b"python-version" | b"python-versions" | b"python_version" | b"PYTHON_VERSION"
        ) || (github && key == b"python");
        if version_key {
            if vt.is_empty() {
                list_key = Some((ind, PinKind::Matrix));
            } else if vt.starts_with(b"[") {
                // Flow list: each element.
                let inner = value.start + 1..value.end.saturating_sub(1).max(value.start + 1);
                let mut s = inner.start;
                for i in inner.start..=inner.end {
                    if i == inner.end || content[i] == b',' || content[i] == b']' {
                        let r = yaml_scalar(content, trim(content, s..i));
                        if !r.is_empty() {
                            out.push(python(r, PinKind::Matrix, "the CI matrix"));
                        }
                        s = i + 1;
                        if i < inner.end && content[i] == b']' {
                            break;
                        }
                    }
                }
            } else if !vt.starts_with(b"${{") && !vt.starts_with(b"$") {
                let kind = if key == b"python" {
                    PinKind::Matrix
                } else {
                    PinKind::Runtime
                };
                out.push(python(
                    yaml_scalar(content, value),
                    kind,
                    "the CI configuration",
                ));
            }
        } else if matches!(key, b"image" | b"container" | b"name") || key.ends_with(b"image") {
            let v = yaml_scalar(content, value);
            let v = match content[v.clone()].strip_prefix(b"docker://") {
                Some(rest) => v.end - rest.len()..v.end,
                None => v,
            };
            if let Some(ver) = python_image(content, v) {
                out.push(python(ver, PinKind::Runtime, "the CI image"));
            }
        }
    }
}

// ---- version files ------------------------------------------------------------------------

fn python_version_file(content: &[u8], out: &mut Vec<Item>) {
    for (start, line) in lines(content) {
        let t = without_comment(content, start..start + line.len());
        let text = &content[t.clone()];
        if text.is_empty() || text.starts_with(b"#") {
            continue;
        }
        // `3.12.1`, `cpython-3.12`, `3.12/envs/app` (a pyenv virtualenv).
        let skip = if text.starts_with(b"cpython-") { 8 } else { 0 };
        out.push(python(
            t.start + skip..t.end,
            PinKind::Runtime,
            ".python-version",
        ));
    }
}

fn runtime_txt(content: &[u8], out: &mut Vec<Item>) {
    for (start, line) in lines(content) {
        let t = trim(content, start..start + line.len());
        if content[t.clone()].starts_with(b"python-") {
            out.push(python(t.start + 7..t.end, PinKind::Runtime, "runtime.txt"));
        }
    }
}

fn tool_versions(content: &[u8], out: &mut Vec<Item>) {
    for (start, line) in lines(content) {
        let t = without_comment(content, start..start + line.len());
        let text = &content[t.clone()];
        let Some(rest) = text.strip_prefix(b"python") else {
            continue;
        };
        if !rest.first().is_some_and(u8::is_ascii_whitespace) {
            continue;
        }
        let mut i = t.start + 6;
        while i < t.end {
            while i < t.end && content[i].is_ascii_whitespace() {
                i += 1;
            }
            let e = content[i..t.end]
                .iter()
                .position(u8::is_ascii_whitespace)
                .map_or(t.end, |p| i + p);
            if e > i {
                out.push(python(i..e, PinKind::Runtime, ".tool-versions"));
            }
            i = e;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(kind: FileKind, text: &str) -> Vec<(String, Option<String>)> {
        let mut v = Vec::new();
        parse(kind, text.as_bytes(), &mut v);
        v.into_iter()
            .map(|i| match i {
                Item::Dep(d) => (
                    text[d.name].to_string(),
                    d.spec.map(|s| text[s].to_string()),
                ),
                Item::Python(p) => (
                    format!("python:{:?}", p.kind),
                    Some(p.version.unwrap_or_else(|| text[p.at].to_string())),
                ),
                Item::Include(r) => ("include".into(), Some(text[r].to_string())),
            })
            .collect()
    }

    fn names(kind: FileKind, text: &str) -> Vec<String> {
        items(kind, text)
            .into_iter()
            .filter(|(n, _)| !n.starts_with("python:") && n != "include")
            .map(|(n, _)| n)
            .collect()
    }

    #[test]
    fn requirements_files() {
        let text = "# comment\nrequests>=2.0  # why\nDjango[argon2]==4.2.1 ; python_version>'3'\n-r base.txt\n--extra-index-url https://x/simple\n-e git+https://github.com/a/b.git#egg=mypkg\n./local/path\nhttps://x/pkg-1.0.tar.gz\nflask @ https://x/flask.zip\nnumpy \\\n  --hash=sha256:abc\n${PKG}\npkg.whl\n";
        let got = items(FileKind::Requirements, text);
        assert_eq!(
            got,
            vec![
                ("requests".to_string(), Some(">=2.0".to_string())),
                ("Django".to_string(), Some("==4.2.1".to_string())),
                ("include".to_string(), Some("base.txt".to_string())),
                ("mypkg".to_string(), None),
                ("flask".to_string(), None),
                ("numpy".to_string(), None),
            ]
        );
    }

    #[test]
    fn pyproject_tables() {
        let text = r#"
[build-system]
requires = ["setuptools>=61", "wheel"]

[project]
name = "app"
requires-python = ">=3.9"
dependencies = [
    "httpx>=0.27",  # client
    'django~=5.2',
]

[project.optional-dependencies]
dev = ["pytest", "ruff>=0.4"]

[dependency-groups]
test = ["coverage", {include-group = "dev"}]

[tool.poetry.dependencies]
python = "^3.10"
celery = {version = "^5.3", extras = ["redis"]}
"pyyaml" = "*"

[tool.poetry.group.docs.dependencies]
sphinx = "^7"

[tool.other]
dependencies = ["not-a-dep"]
"#;
        let got = items(FileKind::Pyproject, text);
        let want: Vec<(&str, Option<&str>)> = vec![
            ("setuptools", Some(">=61")),
            ("wheel", None),
            ("python:Range", Some(">=3.9")),
            ("httpx", Some(">=0.27")),
            ("django", Some("~=5.2")),
            ("pytest", None),
            ("ruff", Some(">=0.4")),
            ("coverage", None),
            ("python:Range", Some("^3.10")),
            ("celery", Some("^5.3")),
            ("pyyaml", None),
            ("sphinx", Some("^7")),
        ];
        let want: Vec<(String, Option<String>)> = want
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.map(str::to_string)))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn pipfile_and_locks() {
        let pipfile = "[[source]]\nurl = \"https://pypi.org/simple\"\nname = \"pypi\"\n\n[packages]\ndjango = \"==4.2\"\nrequests = {version = \"*\", extras = [\"socks\"]}\n\n[dev-packages]\npytest = \"*\"\n\n[requires]\npython_version = \"3.8\"\n";
        assert_eq!(
            items(FileKind::Pipfile, pipfile),
            vec![
                ("django".into(), Some("==4.2".into())),
                ("requests".into(), None),
                ("pytest".into(), None),
                ("python:Runtime".into(), Some("3.8".into())),
            ]
        );
        let lock = "[[package]]\nname = \"django\"\nversion = \"4.2.1\"\ndependencies = [{ name = \"asgiref\" }]\n\n[package.extras]\nargon2 = [\"argon2-cffi\"]\n\n[[package]]\nname = \"asgiref\"\nversion = \"3.8\"\n\n[metadata]\nname = \"no\"\n";
        assert_eq!(
            items(FileKind::TomlLock, lock),
            vec![
                ("django".into(), Some("4.2.1".into())),
                ("asgiref".into(), Some("3.8".into())),
            ]
        );
        let plock = r#"{"_meta": {"requires": {"python_version": "3.9"}}, "default": {"django": {"hashes": ["sha256:x"], "version": "==4.2.1"}, "six": {"version": "==1.16"}}, "develop": {"pytest": {}}}"#;
        assert_eq!(
            items(FileKind::PipfileLock, plock),
            vec![
                ("python:Runtime".into(), Some("3.9".into())),
                ("django".into(), Some("==4.2.1".into())),
                ("six".into(), Some("==1.16".into())),
                ("pytest".into(), None),
            ]
        );
    }

    #[test]
    fn setup_files() {
        let cfg = "[metadata]\nname = x\n\n[options]\npython_requires = >=3.8\ninstall_requires =\n    requests>=2  # http\n    click\n\n[options.extras_require]\nredis =\n    redis>=4\n";
        assert_eq!(
            items(FileKind::SetupCfg, cfg),
            vec![
                ("python:Range".into(), Some(">=3.8".into())),
                ("requests".into(), Some(">=2".into())),
                ("click".into(), None),
                ("redis".into(), Some(">=4".into())),
            ]
        );
        let py = "requires = [\n    \"charset_normalizer>=2,<4\",\n    'idna>=2.5',  # idna\n]\nsetup(\n    name=\"x\",\n    install_requires=requires,\n    extras_require={\"socks\": [\"PySocks>=1.5.6\"], 'x': ('chardet',)},\n    python_requires=\">=3.9\",\n)\n";
        assert_eq!(
            names(FileKind::SetupPy, py),
            vec!["charset_normalizer", "idna", "PySocks", "chardet"]
        );
        assert!(
            items(FileKind::SetupPy, py).contains(&("python:Range".into(), Some(">=3.9".into())))
        );
    }

    #[test]
    fn conda_and_npm() {
        let env = "name: app\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.8\n  - numpy\n  - pip\n  - pip:\n    - reqeusts==2.0\n    - \"flask\"\nprefix: /opt\n";
        assert_eq!(
            items(FileKind::CondaEnv, env),
            vec![
                ("python:Runtime".into(), Some("3.8".into())),
                ("reqeusts".into(), Some("==2.0".into())),
                ("flask".into(), None),
            ]
        );
        let pkg = r#"{"name": "x", "dependencies": {"lodash": "^4", "@types/node": "20"}, "devDependencies": {"eslint": "9"}, "scripts": {"test": "jest"}}"#;
        assert_eq!(
            names(FileKind::PackageJson, pkg),
            vec!["lodash", "@types/node", "eslint"]
        );
    }

    #[test]
    fn runtime_pins() {
        assert_eq!(
            items(FileKind::PythonVersion, "3.8.10\n# c\npypy3.9\n"),
            vec![
                ("python:Runtime".into(), Some("3.8.10".into())),
                ("python:Runtime".into(), Some("pypy3.9".into())),
            ]
        );
        assert_eq!(
            items(FileKind::RuntimeTxt, "python-3.9.1\n"),
            vec![("python:Runtime".into(), Some("3.9.1".into()))]
        );
        assert_eq!(
            items(
                FileKind::ToolVersions,
                "nodejs 20.1\npython 3.8.10 3.12.0\n"
            ),
            vec![
                ("python:Runtime".into(), Some("3.8.10".into())),
                ("python:Runtime".into(), Some("3.12.0".into())),
            ]
        );
        let df = "ARG PYTHON_VERSION=3.9\nFROM --platform=linux/amd64 python:3.8-slim AS build\nFROM docker.io/library/python:3.13@sha256:abc\nFROM node:20\nFROM mypython:3.8\n";
        assert_eq!(
            items(FileKind::Dockerfile, df),
            vec![
                ("python:Runtime".into(), Some("3.9".into())),
                ("python:Runtime".into(), Some("3.8".into())),
                ("python:Runtime".into(), Some("3.13".into())),
            ]
        );
        let gh = "jobs:\n  test:\n    container: python:3.9-slim\n    strategy:\n      matrix:\n        python-version: [\"3.8\", '3.12']\n    steps:\n      - uses: actions/setup-python@v5\n        with:\n          python-version: ${{ matrix.python-version }}\n      - uses: actions/setup-python@v5\n        with:\n          python-version: \"3.10\"\n  other:\n    strategy:\n      matrix:\n        python:\n          - \"3.7\"\n          - 3.11\n";
        assert_eq!(
            items(FileKind::GithubWorkflow, gh),
            vec![
                ("python:Runtime".into(), Some("3.9".into())),
                ("python:Matrix".into(), Some("3.8".into())),
                ("python:Matrix".into(), Some("3.12".into())),
                ("python:Runtime".into(), Some("3.10".into())),
                ("python:Matrix".into(), Some("3.7".into())),
                ("python:Matrix".into(), Some("3.11".into())),
            ]
        );
        let tox = "[tox]\nenvlist = py38, py312-django{42,52}, lint\n\n[testenv:old]\nbasepython = python3.7\n";
        let got = items(FileKind::Tox, tox);
        assert_eq!(got[0], ("python:Matrix".into(), Some("38".into())));
        assert_eq!(got[1], ("python:Matrix".into(), Some("312".into())));
        assert_eq!(got[2], ("python:Matrix".into(), Some("312".into())));
        assert_eq!(
            got.last(),
            Some(&("python:Matrix".into(), Some("3.7".into())))
        );
    }

    #[test]
    fn hostile_input_is_bounded() {
        let deep = "[".repeat(100_000);
        let text = format!("[project]\ndependencies = {deep}\n");
        let mut v = Vec::new();
        parse(FileKind::Pyproject, text.as_bytes(), &mut v);
        let deep = "{\"a\":".repeat(100_000);
        parse(FileKind::PackageJson, deep.as_bytes(), &mut v);
        parse(
            FileKind::SetupPy,
            format!("install_requires={deep}").as_bytes(),
            &mut v,
        );
        parse(FileKind::Pyproject, b"\"\"\"", &mut v);
        parse(FileKind::Pyproject, b"a = '", &mut v);
        parse(FileKind::PipfileLock, b"{\"default\": {\"x\": ", &mut v);
    }
}
