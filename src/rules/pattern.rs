//! Rule patterns, built for start-up time.
//!
//! A hook compiles the patterns whose keywords occur in the change on every run, and most of
//! those patterns then match nothing: a keyword such as `token` or `aws` is common, a credential
//! is not. So a [`Pattern`] is built in two tiers:
//!
//! 1. the *gate*: a forward lazy DFA over the pattern's NFA. It answers "is there a match
//!    anywhere?" and is about 40% cheaper to build than a full regex, which also needs a
//!    reverse NFA to find where matches start;
//! 2. the *full* regex (regex-automata's meta engine: lazy DFAs both ways, then the PikeVM for
//!    capture groups), compiled the first time the gate says a text matches.
//!
//! Both tiers are compiled from the same source with the same syntax options (ASCII-oriented,
//! like [`super::build_regex`]), so the gate never disagrees with the full regex; should the gate
//! fail to build or give up on a text, the full regex answers instead.
//!
//! For most built-in patterns the gate is not compiled at all: `build.rs` determinized them
//! into small dense DFAs embedded in the binary (`patterns.dfa`), looked up by pattern source.

use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::OnceLock;

use regex_automata::dfa::{dense, Automaton};
use regex_automata::hybrid::dfa::{Builder as DfaBuilder, Cache, Config as DfaConfig, DFA};
use regex_automata::nfa::thompson;
use regex_automata::util::pool::Pool;
use regex_automata::util::syntax;
use regex_automata::{meta, Input, PatternID};

use super::REGEX_SIZE_LIMIT;

type CacheFn = Box<dyn Fn() -> Cache + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// A gate built at run time: a forward lazy DFA and a pool of its caches (one per thread).
struct LazyGate {
    dfa: DFA,
    caches: Pool<Cache, CacheFn>,
}

/// The gate tier.
enum Gate {
    /// Determinized when keepmum was built, embedded in the binary.
    Embedded(Box<dense::DFA<&'static [u32]>>),
    /// Compiled now.
    Lazy(Box<LazyGate>),
}

/// Bytes embedded with 8-byte alignment, as zero-copy DFA loading needs (`build.rs` writes
/// DFAs for the target's byte order).
#[repr(C)]
pub(crate) struct Aligned<B: ?Sized> {
    pub(crate) _align: [u64; 0],
    pub(crate) bytes: B,
}

/// The serialized DFAs of built-in patterns.
static EMBEDDED_DFAS: &Aligned<[u8]> = &Aligned {
    _align: [],
    bytes: *include_bytes!(concat!(env!("OUT_DIR"), "/patterns.dfa")),
};

/// Where each embedded DFA sits, by pattern source (sorted), with the pattern's group names,
/// in the compact form of [`super::compact`].
const EMBEDDED_INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/patterns.bin"));

#[derive(serde::Deserialize)]
struct EmbeddedEntry {
    #[serde(borrow)]
    source: &'static str,
    offset: usize,
    len: usize,
    #[serde(borrow)]
    groups: Vec<Option<&'static str>>,
}

fn embedded_index() -> &'static [EmbeddedEntry] {
    static INDEX: OnceLock<Vec<EmbeddedEntry>> = OnceLock::new();
    INDEX.get_or_init(|| {
        // Written by build.rs, sorted by source; should it not decode, every pattern compiles
        // at run time.
        super::compact::from_slice::<Vec<EmbeddedEntry>>(EMBEDDED_INDEX).unwrap_or_default()
    })
}

/// The embedded gate and group names of `src`, if build.rs determinized it.
fn embedded(src: &str) -> Option<(Gate, Vec<Option<String>>)> {
    let index = embedded_index();
    let e = &index[index.binary_search_by(|e| e.source.cmp(src)).ok()?];
    let bytes = EMBEDDED_DFAS
        .bytes
        .get(e.offset..e.offset.checked_add(e.len)?)?;
    let dfa = crate::scan::keywords::embedded_dfa(bytes)?;
    let groups = e.groups.iter().map(|g| g.map(str::to_string)).collect();
    Some((Gate::Embedded(Box::new(dfa)), groups))
}

/// A compiled rule pattern (see the module docs).
pub struct Pattern {
    source: Box<str>,
    /// Capture group names by index (`None`: unnamed); index 0 is the whole match.
    groups: Vec<Option<String>>,
    gate: Option<Gate>,
    full: OnceLock<Option<meta::Regex>>,
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pattern")
            .field("source", &self.source)
            .field(
                "gate",
                &match &self.gate {
                    Some(Gate::Embedded(_)) => "embedded",
                    Some(Gate::Lazy(_)) => "lazy",
                    None => "none",
                },
            )
            .field("full_compiled", &self.full.get().is_some())
            .finish()
    }
}

fn syntax_config() -> syntax::Config {
    syntax::Config::new().unicode(false).utf8(false)
}

fn build_full(src: &str) -> Result<meta::Regex, String> {
    meta::Builder::new()
        .configure(
            meta::Config::new()
                // The keyword prefilter already ran; the one-pass DFA and the bounded
                // backtracker cost more to build than they save on the few texts that match.
                .onepass(false)
                .backtrack(false)
                .auto_prefilter(false)
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                .hybrid_cache_capacity(4 * REGEX_SIZE_LIMIT),
        )
        .syntax(syntax_config())
        .build(src)
        .map_err(|e| e.to_string())
}

impl Pattern {
    /// Compiles the gate of `src` (the full regex waits until a text matches). Fails on a
    /// pattern that does not parse or exceeds the size limit.
    pub fn new(src: &str) -> Result<Pattern, String> {
        if let Some((gate, groups)) = embedded(src) {
            return Ok(Pattern {
                source: src.into(),
                groups,
                gate: Some(gate),
                full: OnceLock::new(),
            });
        }
        let nfa = thompson::Compiler::new()
            .syntax(syntax_config())
            .configure(
                thompson::Config::new()
                    .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                    .shrink(false),
            )
            .build(src)
            .map_err(|e| e.to_string())?;
        let groups = nfa
            .group_info()
            .pattern_names(PatternID::ZERO)
            .map(|n| n.map(str::to_string))
            .collect();
        // A pattern the lazy DFA cannot run (e.g. a Unicode word boundary under `(?u)`) has
        // no gate: the full regex answers every question.
        let gate = DfaBuilder::new()
            .configure(DfaConfig::new().cache_capacity(4 * REGEX_SIZE_LIMIT))
            .build_from_nfa(nfa)
            .ok()
            .map(|dfa| {
                let for_pool = dfa.clone();
                let create: CacheFn = Box::new(move || for_pool.create_cache());
                Gate::Lazy(Box::new(LazyGate {
                    dfa,
                    caches: Pool::new(create),
                }))
            });
        Ok(Pattern {
            source: src.into(),
            groups,
            gate,
            full: OnceLock::new(),
        })
    }

    /// Compiles both tiers now (strict validation: `config check`, tests).
    pub fn new_eager(src: &str) -> Result<Pattern, String> {
        let p = Pattern::new(src)?;
        let full = build_full(src)?;
        let _ = p.full.set(Some(full));
        Ok(p)
    }

    /// The full regex, compiled on first use (`None` if it cannot be: then nothing matches,
    /// which the strict compilation of built-in and configured rules rules out up front).
    fn full(&self) -> Option<&meta::Regex> {
        self.full
            .get_or_init(|| build_full(&self.source).ok())
            .as_ref()
    }

    /// What the gate says of `hay`: `Some(false)` no match, `Some(true)` a match, `None` no
    /// answer (no gate, or it gave up).
    fn gate_says(&self, hay: &[u8]) -> Option<bool> {
        self.gate_says_in(hay, 0..hay.len())
    }

    /// [`Pattern::gate_says`] of the matches that lie in `hay[span]` (the bytes around it
    /// still decide look-around assertions such as `\b`).
    fn gate_says_in(&self, hay: &[u8], span: std::ops::Range<usize>) -> Option<bool> {
        let input = Input::new(hay).span(span).earliest(true);
        let found = match self.gate.as_ref()? {
            Gate::Embedded(dfa) => dfa.try_search_fwd(&input),
            Gate::Lazy(g) => g.dfa.try_search_fwd(&mut g.caches.get(), &input),
        };
        found.ok().map(|m| m.is_some())
    }

    /// Whether the pattern matches somewhere in `hay`.
    pub fn is_match(&self, hay: &[u8]) -> bool {
        match self.gate_says(hay) {
            Some(answer) => answer,
            None => self.full().is_some_and(|re| re.is_match(hay)),
        }
    }

    /// Number of capture groups, including group 0 (the whole match).
    pub fn captures_len(&self) -> usize {
        self.groups.len()
    }

    /// Group names by index (`None` for unnamed groups).
    pub fn capture_names(&self) -> impl Iterator<Item = Option<&str>> {
        self.groups.iter().map(|g| g.as_deref())
    }

    /// Every non-overlapping match: the span of group `group` (or of the whole match when that
    /// group did not take part) and the span of the whole match, as byte ranges.
    pub fn spans<'h>(
        &'h self,
        hay: &'h [u8],
        group: usize,
    ) -> impl Iterator<Item = (std::ops::Range<usize>, std::ops::Range<usize>)> + 'h {
        let full = if self.gate_says(hay) == Some(false) {
            None
        } else {
            self.full()
        };
        full.into_iter()
            .flat_map(move |re| re.captures_iter(hay))
            .filter_map(move |caps| {
                let whole = caps.get_group(0)?;
                let g = caps.get_group(group).unwrap_or(whole);
                Some((g.start..g.end, whole.start..whole.end))
            })
    }
}

/// The length of a piece of text [`Pattern::for_each_span`] searches at once.
pub const PIECE: usize = 256 << 10;

/// How far past its piece a match found in a piece may reach: a match longer than this that
/// starts in a long text (over [`PIECE`] bytes) may be cut short or missed. No token or key a
/// rule looks for is anywhere near 32 KiB (an 8192-bit RSA key in PEM is under 7 KiB).
pub const REACH: usize = 32 << 10;

impl Pattern {
    /// Calls `f(group span, whole span)` for each match [`Pattern::spans`] yields, and asks
    /// `stop()` before every [`PIECE`] bytes of text: a text over [`PIECE`] bytes is searched
    /// a piece at a time (each with [`REACH`] bytes after it for matches that start inside it
    /// and end after it), so one search of a long line cannot hold a scan past its time budget.
    /// Returns `false` when `stop()` cut it short.
    pub fn for_each_span(
        &self,
        hay: &[u8],
        group: usize,
        stop: &dyn Fn() -> bool,
        f: &mut dyn FnMut(std::ops::Range<usize>, std::ops::Range<usize>),
    ) -> bool {
        if hay.len() <= PIECE {
            for (g, whole) in self.spans(hay, group) {
                f(g, whole);
            }
            return true;
        }
        let mut at = 0;
        while at < hay.len() {
            if stop() {
                return false;
            }
            let end = at.saturating_add(PIECE).min(hay.len());
            let reach = end.saturating_add(REACH).min(hay.len());
            let mut next = end;
            if self.gate_says_in(hay, at..reach) != Some(false) {
                let Some(re) = self.full() else {
                    return true;
                };
                let input = Input::new(hay).span(at..reach);
                for caps in re.captures_iter(input) {
                    let Some(whole) = caps.get_group(0) else {
                        continue;
                    };
                    if whole.start >= end {
                        break;
                    }
                    let g = caps.get_group(group).unwrap_or(whole);
                    // The next piece starts after this match, as a whole-text search would.
                    next = next.max(whole.end);
                    f(g.start..g.end, whole.start..whole.end);
                }
            }
            at = next;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Searched a piece at a time, a long text gives the matches a whole search gives,
    /// matches across a piece's end and look-around at its edges included.
    #[test]
    fn pieces_give_what_the_whole_gives() {
        let mut hay = Vec::new();
        let mut i = 0u64;
        while hay.len() < 3 * PIECE + 1000 {
            i = i
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let word: &[u8] = match i >> 61 {
                0 => b"ghp_abcdef ",
                1 => b"xghp_abcdef",
                2 => b"ghp_abc ",
                3 => b"key=ghp_",
                4 => b"\n",
                _ => b"abcdefghijklmnopqrstuvwxyz0123 ",
            };
            hay.extend_from_slice(word);
        }
        // A match straddling the first piece's end.
        let at = PIECE - 5;
        hay[at..at + 11].copy_from_slice(b"ghp_abcdef ");
        hay[at - 1] = b' ';
        for src in [
            r"\b(?P<secret>ghp_[A-Za-z0-9]{6})\b",
            r"key=(?P<secret>ghp_[a-z]*)",
            r"(?m)^(?P<secret>[a-z]{3})",
        ] {
            let p = Pattern::new(src).unwrap();
            let whole: Vec<_> = p.spans(&hay, 1).collect();
            let mut pieces = Vec::new();
            assert!(p.for_each_span(&hay, 1, &|| false, &mut |g, w| pieces.push((g, w))));
            assert!(whole.len() > 100, "{src}: {}", whole.len());
            assert_eq!(pieces, whole, "{src}");
            let mut none = Vec::new();
            assert!(!p.for_each_span(&hay, 1, &|| true, &mut |g, w| none.push((g, w))));
            assert!(none.is_empty());
        }
    }

    /// Run time loads the embedded DFAs without validation (`embedded_dfa`): every one of them
    /// passes the checked deserialization, and agrees with the unchecked one.
    #[test]
    fn embedded_dfas_validate() {
        let index = embedded_index();
        assert!(!index.is_empty(), "build.rs embeds pattern DFAs");
        assert!(
            index.windows(2).all(|w| w[0].source < w[1].source),
            "the index is sorted by source, without repeats (binary search)"
        );
        for e in index {
            let bytes = &EMBEDDED_DFAS.bytes[e.offset..e.offset + e.len];
            let (checked, _) =
                dense::DFA::from_bytes(bytes).unwrap_or_else(|err| panic!("{}: {err}", e.source));
            let fast = crate::scan::keywords::embedded_dfa(bytes).expect("loads");
            assert_eq!(checked.pattern_len(), fast.pattern_len(), "{}", e.source);
        }
        let kw = crate::scan::keywords::builtin_dfa_bytes();
        let (checked, _) = dense::DFA::from_bytes(kw).expect("keyword DFA validates");
        assert!(checked.pattern_len() > 100);
    }

    #[test]
    fn gate_and_full_agree() {
        let p = Pattern::new(r"\b(?P<secret>ghp_[A-Za-z0-9]{6})\b").unwrap();
        assert!(matches!(p.gate, Some(Gate::Lazy(_))));
        assert!(!p.is_match(b"nothing here ghp_abc"));
        assert!(
            p.full.get().is_none(),
            "a miss must not compile the full regex"
        );
        assert_eq!(p.spans(b"x ghp_abc", 1).count(), 0);
        assert!(p.full.get().is_none());
        let hay = b"a = 'ghp_abcdef' b = 'ghp_123456'";
        assert!(p.is_match(hay));
        let spans: Vec<_> = p.spans(hay, 1).collect();
        assert_eq!(spans, vec![(5..15, 5..15), (22..32, 22..32)]);
        assert!(p.full.get().is_some());
        assert_eq!(p.captures_len(), 2);
        assert_eq!(
            p.capture_names().collect::<Vec<_>>(),
            vec![None, Some("secret")]
        );
    }

    #[test]
    fn builtin_patterns_use_embedded_gates() {
        let rules = crate::rules::builtin_rules().unwrap();
        let mut embedded = 0;
        for r in &rules {
            if let crate::rules::Matcher::Regex { source, .. } = &r.matcher {
                let p = Pattern::new(source).unwrap();
                if matches!(p.gate, Some(Gate::Embedded(_))) {
                    embedded += 1;
                    // Same group layout as a compiled pattern.
                    let full = build_full(source).unwrap();
                    assert_eq!(p.captures_len(), full.captures_len(), "{}", r.id);
                    let names: Vec<_> = full.group_info().pattern_names(PatternID::ZERO).collect();
                    assert_eq!(p.capture_names().collect::<Vec<_>>(), names, "{}", r.id);
                }
            }
        }
        // Most provider formats are small automata; the rule examples (checked through
        // these gates by `builtin_rule_examples`) prove they match what the regexes match.
        assert!(embedded >= 30, "only {embedded} embedded gates");
    }

    #[test]
    fn without_a_gate_the_full_regex_answers() {
        // A Unicode word boundary is beyond the lazy DFA: no gate, same answers.
        let p = Pattern::new(r"(?u)\bé+\b").unwrap();
        assert!(p.gate.is_none());
        assert!(p.is_match("x éé y".as_bytes()));
        assert!(!p.is_match(b"x y"));
        assert_eq!(p.spans("x éé y".as_bytes(), 0).count(), 1);
    }

    #[test]
    fn bad_patterns_fail() {
        assert!(Pattern::new("(unclosed").is_err());
        assert!(Pattern::new_eager("[z-a]").is_err());
    }
}
