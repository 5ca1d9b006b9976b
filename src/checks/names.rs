//! Package names: normalisation and the typosquatting check against the embedded lists of
//! the most downloaded PyPI and npm packages (`data/popular-*.txt`, built by
//! `scripts/data/popular_packages.py`).
//!
//! A name is suspect when it is not itself popular and is, from a popular name:
//! one edit away (insert, delete, substitute, adjacent swap: doubled and dropped letters
//! included), a separator away (`typingextensions`), an ASCII look-alike (`l`/`1`/`I`, `0`/`o`,
//! `rn`/`m`, `vv`/`w`), or a `python-`/`py`/`-python` prefix or suffix away (`python-requests`).
//! Not suspect: a popular name without its trailing version digits (`jinja` for `jinja2`,
//! `urllib` for `urllib3`: an older generation or the module's own name), and one-edit
//! neighbours of very short names (four characters or fewer: `six`, `mock`), whose
//! neighbourhoods are full of unrelated real packages.
//!
//! The lists are parsed the first time a dependency file is checked. The one-edit search
//! looks only at popular names whose length is within one of the candidate's, compared with
//! an early exit at the first difference past the one allowed: a few microseconds a name.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Which registry a name belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ecosystem {
    /// The Python Package Index.
    PyPI,
    /// The npm registry.
    Npm,
}

impl Ecosystem {
    /// The registry's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Ecosystem::PyPI => "PyPI",
            Ecosystem::Npm => "npm",
        }
    }

    /// The name as the registry compares it: PEP 503 for PyPI (lower case, runs of `-`, `_`
    /// and `.` as one `-`), lower case for npm.
    pub fn normalise(self, name: &str) -> String {
        match self {
            Ecosystem::PyPI => pep503(name),
            Ecosystem::Npm => name.to_ascii_lowercase(),
        }
    }
}

/// PEP 503 normalisation.
pub fn pep503(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut sep = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            sep = true;
            continue;
        }
        if sep && !out.is_empty() {
            out.push('-');
        }
        sep = false;
        out.extend(c.to_lowercase());
    }
    out
}

const PYPI: &str = include_str!("../../data/popular-pypi.txt");
const NPM: &str = include_str!("../../data/popular-npm.txt");

/// How a suspect name relates to the popular one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// One letter inserted, dropped, changed or two swapped.
    OneEdit,
    /// A letter doubled or a doubled letter dropped.
    Doubled,
    /// Two letters swapped.
    Swapped,
    /// Separators (`-`, `_`, `.`) added or removed.
    Separator,
    /// Characters replaced by ones that look alike (`l`/`1`/`I`, `0`/`o`, `rn`/`m`).
    LookAlike,
    /// A `python-`, `py` or `-python` prefix or suffix added.
    Affix,
}

impl How {
    /// Words for the message: "... but {describe} `target`".
    pub fn describe(self) -> &'static str {
        match self {
            How::OneEdit => "one letter away from",
            How::Doubled => "a doubled or dropped letter away from",
            How::Swapped => "two swapped letters away from",
            How::Separator => "only separators away from",
            How::LookAlike => "a look-alike of",
            How::Affix => "a python-/py prefix or suffix added to",
        }
    }
}

/// A popular name a suspect name imitates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The popular name.
    pub target: String,
    /// Its rank (1 = most downloaded).
    pub rank: usize,
    /// How the suspect name relates to it.
    pub how: How,
}

/// One embedded list of popular names.
#[derive(Debug)]
pub struct Popular {
    eco: Ecosystem,
    /// Names in rank order (index + 1 = rank).
    names: Vec<&'static str>,
    rank: HashMap<&'static str, u32>,
    /// Indices of names by length.
    by_len: Vec<Vec<u32>>,
    /// Names without separators, and look-alike skeletons, to their index.
    stripped: HashMap<String, u32>,
    skeleton: HashMap<String, u32>,
    source: String,
    date: String,
}

/// The list of `eco`, parsed on first use.
pub fn popular(eco: Ecosystem) -> &'static Popular {
    static PYPI_LIST: OnceLock<Popular> = OnceLock::new();
    static NPM_LIST: OnceLock<Popular> = OnceLock::new();
    match eco {
        Ecosystem::PyPI => PYPI_LIST.get_or_init(|| Popular::parse(eco, PYPI)),
        Ecosystem::Npm => NPM_LIST.get_or_init(|| Popular::parse(eco, NPM)),
    }
}

/// Separators of a name.
fn is_sep(c: u8) -> bool {
    matches!(c, b'-' | b'_' | b'.')
}

fn strip_seps(s: &str) -> String {
    s.bytes().filter(|b| !is_sep(*b)).map(char::from).collect()
}

/// The look-alike skeleton of a name as written (case kept until here): `I`, `l`, `1` and `|`
/// become `l`; `0` and `O` become `o`; `rn` becomes `m`; `vv` becomes `w`; separators go.
pub fn skeleton(raw: &str) -> String {
    let b = raw.as_bytes();
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let lower = c.to_ascii_lowercase();
        if (lower == b'r' && b.get(i + 1).map(u8::to_ascii_lowercase) == Some(b'n'))
            || (lower == b'v' && b.get(i + 1).map(u8::to_ascii_lowercase) == Some(b'v'))
        {
            out.push(if lower == b'r' { 'm' } else { 'w' });
            i += 2;
            continue;
        }
        match c {
            b'I' | b'l' | b'L' | b'1' | b'|' => out.push('l'),
            b'0' | b'O' | b'o' => out.push('o'),
            _ if is_sep(c) => {}
            _ => out.push(char::from(lower)),
        }
        i += 1;
    }
    out
}

impl Popular {
    fn parse(eco: Ecosystem, text: &'static str) -> Popular {
        let mut names = Vec::with_capacity(15_000);
        let mut source = String::new();
        let mut date = String::new();
        for line in text.lines() {
            if let Some(h) = line.strip_prefix('#') {
                let h = h.trim();
                if let Some(s) = h.strip_prefix("source:") {
                    source = s.trim().to_string();
                } else if let Some(d) = h.strip_prefix("date:") {
                    date = d.trim().to_string();
                }
                continue;
            }
            let n = line.trim();
            if !n.is_empty() {
                names.push(n);
            }
        }
        let mut rank = HashMap::with_capacity(names.len());
        let mut by_len: Vec<Vec<u32>> = Vec::new();
        let mut stripped = HashMap::with_capacity(names.len());
        let mut skel = HashMap::with_capacity(names.len());
        for (i, n) in names.iter().enumerate() {
            let i = i as u32;
            rank.entry(*n).or_insert(i);
            if by_len.len() <= n.len() {
                by_len.resize(n.len() + 1, Vec::new());
            }
            by_len[n.len()].push(i);
            stripped.entry(strip_seps(n)).or_insert(i);
            skel.entry(skeleton(n)).or_insert(i);
        }
        Popular {
            eco,
            names,
            rank,
            by_len,
            stripped,
            skeleton: skel,
            source,
            date,
        }
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Where the data came from (the list's `# source:` line).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The date of the data (the list's `# date:` line).
    pub fn date(&self) -> &str {
        &self.date
    }

    /// The rank of a normalised name (1 = most downloaded), when it is popular.
    pub fn rank(&self, name: &str) -> Option<usize> {
        self.rank.get(name).map(|i| *i as usize + 1)
    }

    fn hit(&self, i: u32, how: How) -> Hit {
        Hit {
            target: self.names[i as usize].to_string(),
            rank: i as usize + 1,
            how,
        }
    }

    /// The popular name `raw` (as written; `name` normalised) imitates, if any. A popular
    /// name imitates nothing.
    pub fn typosquat(&self, raw: &str, name: &str) -> Option<Hit> {
        if name.is_empty() || self.rank.contains_key(name) {
            return None;
        }
        // Another generation of a popular project: `jinja` for `jinja2`, `httpx2` for `httpx`.
        let undigited = name.trim_end_matches(|c: char| c.is_ascii_digit());
        if undigited.len() >= 3
            && undigited.len() < name.len()
            && self.rank.contains_key(undigited.trim_end_matches('-'))
        {
            return None;
        }
        for d in 1..=2 {
            let mut with = String::from(name);
            for digit in b'0'..=b'9' {
                with.truncate(name.len());
                for _ in 0..d {
                    with.push(char::from(digit));
                }
                if self.rank.contains_key(with.as_str()) {
                    return None;
                }
            }
        }
        if name.len() >= 4 {
            if let Some(&i) = self.stripped.get(&strip_seps(name)) {
                return Some(self.hit(i, How::Separator));
            }
        }
        if let Some(&i) = self.skeleton.get(&skeleton(raw)) {
            if self.names[i as usize].len() >= 3 {
                return Some(self.hit(i, How::LookAlike));
            }
        }
        if let Some(hit) = self.affix(name) {
            return Some(hit);
        }
        self.one_edit(raw, name)
    }

    /// For a dotted PyPI name (`jaraco.test`) in a publisher's namespace, the length of the
    /// namespace with its separator in the normalised name (`jaraco-`), else 0. A namespace
    /// is a publisher's when at least [`NAMESPACE_FAMILY`] popular names share it (`jaraco-`:
    /// `jaraco-classes`, `jaraco-text`, ...). Only the dotted spelling counts: it is how a
    /// namespace package is written, and it is in the file that asks for the package.
    fn namespace_len(&self, raw: &str, name: &str) -> usize {
        if self.eco != Ecosystem::PyPI {
            return 0;
        }
        let Some(dot) = raw.rfind('.') else {
            return 0;
        };
        let mut ns = pep503(&raw[..dot]);
        if ns.is_empty() {
            return 0;
        }
        ns.push('-');
        if !name.starts_with(&ns) {
            return 0;
        }
        let family = self
            .names
            .iter()
            .filter(|n| n.starts_with(ns.as_str()))
            .take(NAMESPACE_FAMILY)
            .count();
        if family >= NAMESPACE_FAMILY {
            ns.len()
        } else {
            0
        }
    }

    /// `python-requests`, `requests-python`, `pyrequests`, `requestspy`. Without a separator
    /// (`pycouchdb`) only the [`AFFIX_TOP`] most downloaded names count: many real packages
    /// are `py` + the name of what they wrap.
    fn affix(&self, name: &str) -> Option<Hit> {
        if self.eco != Ecosystem::PyPI {
            return None;
        }
        let mut bases: Vec<(&str, bool)> = Vec::new();
        for p in ["python-", "python", "py-", "py"] {
            if let Some(rest) = name.strip_prefix(p) {
                bases.push((rest, p.ends_with('-')));
            }
        }
        for s in ["-python", "python", "-py", "py"] {
            if let Some(rest) = name.strip_suffix(s) {
                bases.push((rest, s.starts_with('-')));
            }
        }
        bases
            .into_iter()
            .filter(|(b, _)| b.len() >= 4)
            .find_map(|(b, sep)| {
                let &i = self.rank.get(b.trim_matches('-'))?;
                (sep || (i as usize) < AFFIX_TOP).then_some(i)
            })
            .map(|i| self.hit(i, How::Affix))
    }

    /// A popular name one edit from `name` (both of five characters or more, not counting an
    /// npm scope: `@types/tap` and `@types/tmp` are two three-letter names). A plain
    /// substitution, insertion or deletion (not a doubled letter, not a swap) counts only in
    /// names of six characters or more and not at the very end: real packages are often a
    /// short name with a letter changed (`errno`/`errto`) or a letter added at the end
    /// (`docrep`/`docrepr`, `chmodrp`/`chmodr`), typos rarely are.
    ///
    /// A dotted PyPI name in a publisher's namespace ([`Popular::namespace_len`]) is judged
    /// the same way against the popular names of that namespace, by the part after it: a
    /// publisher's packages are often short names a letter apart (`jaraco.test` and
    /// `jaraco.text`), while an edit in the namespace itself (`jaraca.text`) counts as before.
    fn one_edit(&self, raw: &str, name: &str) -> Option<Hit> {
        let n = name.len();
        let scope = name.rfind('/').map_or(0, |i| i + 1);
        if n - scope < 5 {
            return None;
        }
        // Computed on the first candidate only: most names have none.
        let mut namespace: Option<usize> = None;
        let mut best: Option<(u32, How)> = None;
        for len in n.saturating_sub(1)..=n + 1 {
            if len < 5 {
                continue;
            }
            let Some(bucket) = self.by_len.get(len) else {
                continue;
            };
            for &i in bucket {
                let p = self.names[i as usize];
                let Some(how) = one_edit(name.as_bytes(), p.as_bytes()) else {
                    continue;
                };
                let ns = *namespace.get_or_insert_with(|| self.namespace_len(raw, name));
                let scope = if ns > 0 && p.starts_with(&name[..ns]) {
                    if n - ns < 5 {
                        continue;
                    }
                    ns
                } else {
                    scope
                };
                if how == How::OneEdit && !plain_edit_counts(name, p, scope) {
                    continue;
                }
                if best.is_none_or(|(b, _)| i < b) {
                    best = Some((i, how));
                }
                // Buckets are in rank order: the first hit is the most popular one.
                break;
            }
        }
        best.map(|(i, how)| self.hit(i, how))
    }
}

/// Whether a plain one-letter edit between `name` and popular `p` (see [`Popular::one_edit`])
/// is evidence of a typo: the bare names (past `scope`) are six characters or more, and a
/// letter added or dropped is not the last one.
fn plain_edit_counts(name: &str, p: &str, scope: usize) -> bool {
    if name.len() - scope < 6 || p.len().saturating_sub(scope) < 6 {
        return false;
    }
    if name.len() == p.len() {
        return true;
    }
    let pre = name
        .bytes()
        .zip(p.bytes())
        .take_while(|(x, y)| x == y)
        .count();
    pre + 1 < name.len().min(p.len())
}

/// How many popular names must share a dotted namespace (`jaraco.`) for it to count as a
/// publisher's, whose packages are judged by the part after it ([`Popular::one_edit`]).
pub const NAMESPACE_FAMILY: usize = 3;

/// How many of the most downloaded names a `py`/`python` prefix or suffix without a
/// separator is checked against.
pub const AFFIX_TOP: usize = 1000;

/// Whether `a` and `b` differ by exactly one insertion, deletion, substitution or swap of
/// adjacent bytes, and which. A different first letter does not count (`cymysql` and
/// `pymysql` are two projects): typos keep the first letter, which is what people look at.
pub fn one_edit(a: &[u8], b: &[u8]) -> Option<How> {
    if a == b {
        return None;
    }
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return None;
    }
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if la == lb {
        let (ra, rb) = (&a[pre..], &b[pre..]);
        if ra[1..] == rb[1..] {
            return (pre > 0).then_some(How::OneEdit);
        }
        if ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..] {
            return Some(How::Swapped);
        }
        return None;
    }
    // One is the other with one byte inserted at `pre`.
    let (long, short) = if la > lb { (a, b) } else { (b, a) };
    if long[pre + 1..] != short[pre..] {
        return None;
    }
    let c = long[pre];
    let doubled = (pre > 0 && long[pre - 1] == c) || long.get(pre + 1) == Some(&c);
    if pre == 0 && !doubled {
        return None;
    }
    Some(if doubled { How::Doubled } else { How::OneEdit })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pep503_normalises() {
        assert_eq!(pep503("Django"), "django");
        assert_eq!(pep503("typing_extensions"), "typing-extensions");
        assert_eq!(pep503("zope.interface"), "zope-interface");
        assert_eq!(pep503("a-_.b"), "a-b");
    }

    #[test]
    fn one_edit_kinds() {
        assert_eq!(one_edit(b"reqeusts", b"requests"), Some(How::Swapped));
        assert_eq!(one_edit(b"requets", b"requests"), Some(How::OneEdit));
        assert_eq!(one_edit(b"reequests", b"requests"), Some(How::Doubled));
        assert_eq!(one_edit(b"requestz", b"requests"), Some(How::OneEdit));
        assert_eq!(one_edit(b"djnago", b"django"), Some(How::Swapped));
        assert_eq!(one_edit(b"requests", b"requests"), None);
        assert_eq!(one_edit(b"reqs", b"requests"), None);
        assert_eq!(one_edit(b"abcd", b"badc"), None);
        assert_eq!(one_edit(b"cymysql", b"pymysql"), None);
        assert_eq!(one_edit(b"xrequests", b"requests"), None);
        assert_eq!(one_edit(b"rrequests", b"requests"), Some(How::Doubled));
    }

    #[test]
    fn popular_lists_load() {
        let p = popular(Ecosystem::PyPI);
        assert!(p.len() > 10_000, "{}", p.len());
        assert_eq!(p.rank("boto3"), Some(1));
        assert!(p.rank("requests").is_some() && p.rank("django").is_some());
        assert!(!p.date().is_empty() && !p.source().is_empty());
        let n = popular(Ecosystem::Npm);
        assert!(n.len() > 10_000);
        assert!(n.rank("lodash").is_some());
    }

    fn squat(raw: &str) -> Option<Hit> {
        let p = popular(Ecosystem::PyPI);
        p.typosquat(raw, &pep503(raw))
    }

    #[test]
    fn typosquats_of_popular_names() {
        for (raw, target) in [
            ("reqeusts", "requests"),
            ("djnago", "django"),
            ("python-requests", "requests"),
            ("requests-python", "requests"),
            ("typingextensions", "typing-extensions"),
            ("jeIlyfish", "jellyfish"),
            ("urlib3", "urllib3"),
            ("colourama", "colorama"),
        ] {
            let hit = squat(raw).unwrap_or_else(|| panic!("{raw} not caught"));
            assert_eq!(hit.target, target, "{raw}");
        }
    }

    #[test]
    fn popular_and_near_popular_names_are_fine() {
        for raw in [
            "requests",
            "urllib3",
            "urllib",
            "pyyaml",
            "yaml",
            "jinja2",
            "jinja",
            "Django",
            "typing_extensions",
            "boto",
            "six",
            "mock",
            "attrs",
            "httpx2",
            "cymysql",
            "pycouchdb",
            // Real dependencies of installed packages, one plain edit from a popular name.
            "docrepr",
            // A publisher's namespace packages: `jaraco.test` is a letter from `jaraco-text`.
            "jaraco.test",
            "jaraco.path",
        ] {
            assert_eq!(squat(raw), None, "{raw}");
        }
    }

    /// A publisher's namespace (`jaraco.`, 8 popular names) judges its names by the part
    /// after it; an edit in the namespace, a dashed spelling, an edit that would count in a
    /// bare name of that length, and a namespace of fewer than [`NAMESPACE_FAMILY`] popular
    /// names are judged as before.
    #[test]
    fn namespace_packages_of_a_publisher() {
        for (raw, target) in [
            ("jaraco.fuctools", "jaraco-functools"),
            ("jaraco.contetx", "jaraco-context"),
            ("jaraca.text", "jaraco-text"),
            ("jaraco-test", "jaraco-text"),
            // Fewer than three popular names share `paho-`: not a family, judged whole.
            ("paho.mqtd", "paho-mqtt"),
        ] {
            let hit = squat(raw).unwrap_or_else(|| panic!("{raw} not caught"));
            assert_eq!(hit.target, target, "{raw}");
        }
        let p = popular(Ecosystem::PyPI);
        assert_eq!(
            p.namespace_len("jaraco.test", "jaraco-test"),
            "jaraco-".len()
        );
        assert_eq!(p.namespace_len("jaraco-test", "jaraco-test"), 0, "dashed");
        assert_eq!(
            p.namespace_len("jaraca.text", "jaraca-text"),
            0,
            "no family"
        );
        // The cost, documented: a part of four characters or fewer in a family namespace.
        assert_eq!(squat("ruamel.yamk"), None);
    }

    #[test]
    fn npm_names() {
        let p = popular(Ecosystem::Npm);
        for (raw, target) in [("expresss", "express"), ("lodahs", "lodash")] {
            let hit = p
                .typosquat(raw, raw)
                .unwrap_or_else(|| panic!("{raw} not caught"));
            assert_eq!(hit.target, target, "{raw}");
        }
        // Real dependencies of installed npm packages, one plain edit from a popular name: a
        // three-letter name under a scope, a letter dropped at the end, a five-letter name.
        for raw in ["@types/tap", "chmodr", "errto"] {
            assert_eq!(p.typosquat(raw, raw), None, "{raw}");
        }
    }

    #[test]
    fn one_edit_search_is_fast() {
        let p = popular(Ecosystem::PyPI);
        let start = std::time::Instant::now();
        let mut hits = 0;
        for i in 0..1000 {
            let name = format!("zz-not-a-package-{i}");
            hits += usize::from(p.typosquat(&name, &name).is_some());
        }
        let per = start.elapsed() / 1000;
        assert_eq!(hits, 0);
        // Generous: a debug build on a loaded machine.
        assert!(
            per < std::time::Duration::from_millis(2),
            "{per:?} per name"
        );
    }
}
