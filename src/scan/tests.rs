//! The de-duplication and veto steps against the plain pairwise versions they replaced.

use super::*;
use crate::rules::template::SplitMix64;
use crate::rules::{Level, Severity};

/// The pairwise de-duplication this module used to run (quadratic in findings).
fn dedup_pairwise(out: &mut Vec<Finding>, from: usize) {
    if out.len() - from < 2 {
        return;
    }
    let mut new: Vec<Finding> = out.drain(from..).collect();
    new.sort_by_key(specificity);
    let mut kept: Vec<Finding> = Vec::with_capacity(new.len());
    for f in new {
        let start = (f.line, f.column as usize);
        let overlaps = kept.iter().any(|k| {
            let ks = (k.line, k.column as usize);
            let (a, b) = if ks <= start { (k, &f) } else { (&f, k) };
            if a.line == b.line {
                (b.column as usize) < a.column as usize + a.secret.len().max(1)
            } else {
                b.line <= a.end_line && a.end_line > a.line
            }
        });
        if !overlaps {
            kept.push(f);
        }
    }
    kept.sort_by_key(|f| (f.line, f.column));
    out.extend(kept);
}

/// The pairwise veto this module used to run.
fn veto_pairwise(out: &mut Vec<Finding>, from: usize, vetoed: &[(u32, u32, usize)]) {
    let mut i = from;
    while i < out.len() {
        let f = &out[i];
        let (col, len) = (f.column as usize, f.secret.len().max(1));
        let hit = vetoed.iter().any(|&(line, c, n)| {
            let c = c as usize;
            line == f.line && col < c + n && c < col + len
        });
        if hit {
            out.remove(i);
        } else {
            i += 1;
        }
    }
}

const KINDS: [Kind; 7] = [
    Kind::Password,
    Kind::Url,
    Kind::SecretKey,
    Kind::Generic,
    Kind::Provider,
    Kind::PrivateKey,
    Kind::Debug,
];

/// A finding of the secret `text[s..e]` (no whitespace at either end), as the scanner makes it.
fn finding(text: &[u8], index: &LineIndex, s: usize, e: usize, rng: &mut SplitMix64) -> Finding {
    let line = index.line_of(s);
    let secret = String::from_utf8_lossy(&text[s..e]).into_owned();
    Finding {
        rule_id: format!("rule-{}", rng.below(5)),
        description: String::new(),
        kind: *rng.pick(&KINDS),
        severity: *rng.pick(&[Severity::High, Severity::Medium, Severity::Low]),
        level: Level::Error,
        path: "f".into(),
        line,
        column: (s - index.line_start(s) + 1) as u32,
        end_line: line + count_nl(&text[s..e]),
        secret,
        line_text: Default::default(),
        match_text: String::new(),
        commit: None,
        fingerprint: String::new(),
        marker_ignored: false,
        binary_offset: None,
    }
}

fn keys(v: &[Finding]) -> Vec<(u32, u32, String, usize)> {
    v.iter()
        .map(|f| (f.line, f.column, f.rule_id.clone(), f.secret.len()))
        .collect()
}

#[test]
fn dedup_and_veto_agree_with_the_pairwise_versions() {
    let mut rng = SplitMix64::new(29);
    let (mut vetoes, mut dropped) = (0, 0);
    for round in 0..300 {
        let len = 20 + rng.below(400);
        let nl_every = [3, 12, 60, 1000][round % 4];
        let text: Vec<u8> = (0..len)
            .map(|_| {
                if rng.below(nl_every) == 0 {
                    b'\n'
                } else {
                    b'x'
                }
            })
            .collect();
        let index = LineIndex::new(&text);
        let mut found = Vec::new();
        for _ in 0..rng.below(40) {
            let s = rng.below(len);
            let max = if rng.below(4) == 0 { 200 } else { 12 };
            let e = (s + 1 + rng.below(max)).min(len);
            // Trimmed like a secret: no newline at either end.
            let (mut s, mut e) = (s, e);
            while s < e && text[s] == b'\n' {
                s += 1;
            }
            while e > s && text[e - 1] == b'\n' {
                e -= 1;
            }
            if s < e {
                found.push(finding(&text, &index, s, e, &mut rng));
            }
        }
        let mut vetoed: Vec<(u32, u32, usize)> = Vec::new();
        for f in &found {
            if rng.below(6) == 0 {
                vetoed.push((f.line, f.column + rng.below(3) as u32, 1 + rng.below(8)));
            }
        }
        let n = found.len();
        let (mut a, mut b) = (found.clone(), found);
        drop_vetoed(&mut a, 0, &vetoed);
        veto_pairwise(&mut b, 0, &vetoed);
        assert_eq!(keys(&a), keys(&b), "veto, round {round}");
        vetoes += n - a.len();
        let n = a.len();
        dedup_overlaps(&mut a, 0, &index);
        dedup_pairwise(&mut b, 0);
        assert_eq!(keys(&a), keys(&b), "dedup, round {round}");
        dropped += n - a.len();
    }
    // The rounds exercise both steps, not only the trivial cases.
    assert!(
        vetoes > 100 && dropped > 500,
        "{vetoes} vetoed, {dropped} dropped"
    );
}

/// Merging the keyword lines and the token-run lines gives what sorting and de-duplicating
/// them gives, sorted halves or not.
#[test]
fn merged_spans_equal_sorted_spans() {
    let mut rng = SplitMix64::new(9);
    for round in 0..500 {
        let mut part = |n: usize| {
            let mut v: Vec<(usize, usize)> = (0..n)
                .map(|_| {
                    let s = rng.below(50);
                    (s, s + 1 + rng.below(5))
                })
                .collect();
            if round % 5 != 0 {
                v.sort_unstable();
            }
            v
        };
        let (a, b) = (part(rng_len(round)), part(rng_len(round + 7)));
        let mut spans = a.clone();
        spans.extend(&b);
        let mut want = spans.clone();
        want.sort_unstable();
        want.dedup();
        merge_sorted(&mut spans, a.len());
        assert_eq!(spans, want, "{a:?} {b:?}");
    }
}

fn rng_len(round: usize) -> usize {
    round * 7 % 23
}

#[test]
fn calls_and_encrypted_blobs_are_not_literals() {
    for v in [
        &b"set_password(\"X\")"[..],
        b"get_password()",
        b"os.getenv(DB_PASSWORD)",
        b"getPassword(cfg)",
        b"secrets.token_hex(32)",
    ] {
        assert!(is_call(v), "{}", String::from_utf8_lossy(v));
    }
    for v in [
        &b"hunter(2)x"[..],
        b"Kq7(vX2)",
        b"pass(word)",
        b"ab(c)",
        b"K7mXq2Lp9Wv",
    ] {
        assert!(!is_call(v), "{}", String::from_utf8_lossy(v));
    }
    assert!(is_dunder_name(b"__stringMin1Max256PatternAZaZ09"));
    assert!(!is_dunder_name(b"_Kq7vX2Lp9Wv3Tm8"));
    assert!(!is_dunder_name(b"__"));
    assert!(is_password_hash(b"AQAAANCMnd8BFdERjHoAwE/Cl+sBAAAA"));
    assert!(!is_password_hash(b"AQAAAbcdefghijklmnop"));
}
