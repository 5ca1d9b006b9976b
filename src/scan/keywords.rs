//! The keyword prefilter: which rule keywords occur in a text, and where.
//!
//! The built-in rules' keywords are compiled into a DFA when keepmum itself is built
//! (`build.rs`), so a scan with the built-in rules (minus any disabled ones) builds no
//! automaton at start-up: it checks the embedded DFA and uses it. Rules from a config that add
//! keywords of their own get an Aho-Corasick automaton built at run time instead.
//! Either way matching is ASCII case-insensitive and reports every occurrence, overlapping ones
//! included.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex_automata::dfa::{dense, Automaton, OverlappingState};
use regex_automata::Input;

use crate::error::{Error, Result};

use crate::rules::pattern::Aligned;

/// How many bytes [`Keywords::for_each_until`] searches between two looks at the clock.
pub const CHUNK: usize = 256 << 10;

/// The serialized keyword DFA.
static BUILTIN_DFA: &Aligned<[u8]> = &Aligned {
    _align: [],
    bytes: *include_bytes!(concat!(env!("OUT_DIR"), "/keywords.dfa")),
};

/// A DFA over bytes that `build.rs` serialized, without re-validating them.
///
/// `from_bytes` checks every transition of the table (the keyword DFA is megabytes: that check
/// cost more than the rest of a small commit's scan, and touched every page of it). These bytes
/// are not input: `build.rs` wrote them with this same regex-automata, for this target's byte
/// order, and the binary embeds them; `embedded_dfas_validate` in the tests runs the checked
/// `from_bytes` on every one of them.
pub(crate) fn embedded_dfa(bytes: &'static [u8]) -> Option<dense::DFA<&'static [u32]>> {
    // SAFETY: `bytes` is one of the DFAs build.rs serialized with `to_bytes_*` of the same
    // regex-automata version for the target being built, embedded read-only and aligned
    // (`Aligned`); the test suite validates each with the checked `from_bytes`.
    let (dfa, _) = unsafe { dense::DFA::from_bytes_unchecked(bytes) }.ok()?;
    Some(dfa)
}

/// The embedded keyword DFA, checked (for tests).
#[cfg(test)]
pub(crate) fn builtin_dfa_bytes() -> &'static [u8] {
    &BUILTIN_DFA.bytes
}

/// The built-in keywords, in the DFA's pattern order.
const BUILTIN_KEYWORDS: &str = include_str!(concat!(env!("OUT_DIR"), "/keywords.json"));

fn builtin_keywords() -> Option<Vec<String>> {
    serde_json::from_str(BUILTIN_KEYWORDS).ok()
}

/// The embedded DFA and how its patterns map to the caller's keywords.
#[derive(Debug)]
pub struct Builtin {
    /// The DFA over the embedded bytes.
    dfa: dense::DFA<&'static [u32]>,
    /// DFA pattern → caller's keyword index (`None`: a keyword no enabled rule uses).
    map: Vec<Option<usize>>,
    /// DFA pattern → keyword length in bytes.
    lens: Vec<usize>,
}

/// Finds keyword occurrences.
#[derive(Debug)]
pub enum Keywords {
    /// The embedded DFA of the built-in keywords.
    Builtin(Box<Builtin>),
    /// An automaton built at run time.
    Runtime(AhoCorasick),
}

impl Keywords {
    /// A prefilter for `keywords` (lower-case, distinct): the embedded DFA when every keyword is
    /// a built-in one, else a new automaton.
    pub fn new(keywords: &[String]) -> Result<Keywords> {
        match Keywords::builtin(keywords) {
            Some(k) => Ok(k),
            None => Keywords::runtime(keywords),
        }
    }

    fn runtime(keywords: &[String]) -> Result<Keywords> {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .match_kind(MatchKind::Standard)
            .build(keywords)
            .map(Keywords::Runtime)
            .map_err(|e| Error::Usage(format!("cannot build keyword prefilter: {e}")))
    }

    fn builtin(keywords: &[String]) -> Option<Keywords> {
        let builtin = builtin_keywords()?;
        let mut map = vec![None; builtin.len()];
        if keywords == builtin.as_slice() {
            // Every built-in rule enabled: the scanner lists the keywords in the same order.
            for (i, m) in map.iter_mut().enumerate() {
                *m = Some(i);
            }
        } else {
            let at: std::collections::HashMap<&str, usize> = builtin
                .iter()
                .enumerate()
                .map(|(p, k)| (k.as_str(), p))
                .collect();
            for (i, k) in keywords.iter().enumerate() {
                map[*at.get(k.as_str())?] = Some(i);
            }
        }
        let dfa = embedded_dfa(&BUILTIN_DFA.bytes)?;
        if dfa.pattern_len() != builtin.len() {
            return None;
        }
        let lens = builtin.iter().map(String::len).collect();
        Some(Keywords::Builtin(Box::new(Builtin { dfa, map, lens })))
    }

    /// Whether the embedded DFA is in use.
    pub fn is_builtin(&self) -> bool {
        matches!(self, Keywords::Builtin(_))
    }

    /// The length of the longest keyword, in bytes.
    pub fn max_len(&self) -> usize {
        match self {
            Keywords::Runtime(ac) => ac.max_pattern_len(),
            Keywords::Builtin(b) => b.lens.iter().copied().max().unwrap_or(0),
        }
    }

    /// [`Keywords::for_each`] over `hay` a piece of [`CHUNK`] bytes at a time, asking `stop()`
    /// before each piece: a long text is given up within one piece's work. Returns `false`
    /// when `stop()` cut it short. Occurrences that straddle two pieces are found once (each
    /// piece is searched with the `max_len() - 1` bytes after it, and reports only what starts
    /// inside it).
    pub fn for_each_until(
        &self,
        hay: &[u8],
        f: &mut dyn FnMut(usize, usize),
        stop: &dyn Fn() -> bool,
    ) -> bool {
        if hay.len() <= CHUNK {
            self.for_each(hay, f);
            return true;
        }
        let overlap = self.max_len().saturating_sub(1);
        let mut at = 0;
        while at < hay.len() {
            if stop() {
                return false;
            }
            let end = (at + CHUNK).min(hay.len());
            let reach = end.saturating_add(overlap).min(hay.len());
            self.for_each(&hay[at..reach], &mut |p, start| {
                if at + start < end {
                    f(p, at + start);
                }
            });
            at = end;
        }
        true
    }

    /// Calls `f(keyword index, start offset)` for every occurrence in `hay`.
    pub fn for_each(&self, hay: &[u8], f: &mut dyn FnMut(usize, usize)) {
        match self {
            Keywords::Runtime(ac) => {
                for m in ac.find_overlapping_iter(hay) {
                    f(m.pattern().as_usize(), m.start());
                }
            }
            Keywords::Builtin(b) => {
                let Builtin { dfa, map, lens } = &**b;
                let input = Input::new(hay);
                let mut state = OverlappingState::start();
                loop {
                    // The DFA has no quit bytes and matches literals only: a search cannot
                    // fail. Should it anyway, the text goes through a runtime automaton.
                    if dfa.try_search_overlapping_fwd(&input, &mut state).is_err() {
                        let names = builtin_keywords().unwrap_or_default();
                        if let Ok(ac) = Keywords::runtime(&names) {
                            ac.for_each(hay, &mut |p, start| {
                                if let Some(Some(i)) = map.get(p) {
                                    f(*i, start);
                                }
                            });
                        }
                        return;
                    }
                    let Some(m) = state.get_match() else { return };
                    let p = m.pattern().as_usize();
                    if let Some(Some(i)) = map.get(p) {
                        let len = lens.get(p).copied().unwrap_or(0);
                        f(*i, m.offset().saturating_sub(len));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(k: &Keywords, hay: &str) -> Vec<(usize, usize)> {
        let mut v = Vec::new();
        k.for_each(hay.as_bytes(), &mut |i, s| v.push((i, s)));
        v.sort_unstable();
        v
    }

    #[test]
    fn builtin_dfa_matches_like_aho_corasick() {
        let all: Vec<String> = serde_json::from_str(BUILTIN_KEYWORDS).unwrap();
        let builtin = Keywords::new(&all).unwrap();
        assert!(builtin.is_builtin());
        let ac = Keywords::Runtime(
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(&all)
                .unwrap(),
        );
        let text = "DB_PASSWORD = 'x'\nAWS_SECRET_ACCESS_KEY=y token: ghp_z\n\
                    app.run(debug=True)  # -----BEGIN PRIVATE KEY-----\nSECRET_KEY Pass pwd";
        let want = hits(&ac, text);
        assert!(want.len() > 8, "{want:?}");
        assert_eq!(hits(&builtin, text), want);
    }

    /// Searched in pieces, a text gives the same occurrences as searched whole, keywords
    /// straddling a piece's end included; a stop cuts it short.
    #[test]
    fn pieces_find_what_the_whole_finds() {
        let all: Vec<String> = serde_json::from_str(BUILTIN_KEYWORDS).unwrap();
        let custom = vec![
            "pass".to_string(),
            "acme_".to_string(),
            "secret".to_string(),
        ];
        let mut text = Vec::new();
        let mut i = 0u64;
        while text.len() < 3 * CHUNK + 77 {
            i = i
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let word: &[u8] = match i >> 61 {
                0 => b"password",
                1 => b"ACME_",
                2 => b"Secret",
                3 => b"ghp_",
                _ => b"xy z,",
            };
            text.extend_from_slice(word);
        }
        for k in [
            Keywords::new(&all).unwrap(),
            Keywords::new(&custom).unwrap(),
        ] {
            let mut whole = Vec::new();
            k.for_each(&text, &mut |p, s| whole.push((p, s)));
            let mut pieces = Vec::new();
            assert!(k.for_each_until(&text, &mut |p, s| pieces.push((p, s)), &|| false));
            whole.sort_unstable();
            pieces.sort_unstable();
            assert!(whole.len() > 1000);
            assert_eq!(pieces, whole);
            let mut none = Vec::new();
            assert!(!k.for_each_until(&text, &mut |p, s| none.push((p, s)), &|| true));
            assert!(none.is_empty());
        }
    }

    #[test]
    fn subsets_use_the_dfa_and_new_keywords_do_not() {
        let sub = vec!["pass".to_string(), "secret".to_string()];
        let k = Keywords::new(&sub).unwrap();
        assert!(k.is_builtin());
        assert_eq!(hits(&k, "my_Secret, PASSWORD"), vec![(0, 11), (1, 3)]);
        let custom = vec!["pass".to_string(), "acme_".to_string()];
        let k = Keywords::new(&custom).unwrap();
        assert!(!k.is_builtin());
        assert_eq!(hits(&k, "ACME_1 password"), vec![(0, 7), (1, 0)]);
    }
}
