//! Scores the scanner on the corpus: every file is scanned as an added file through the engine
//! with the built-in config (so the default allow lists apply), and findings are matched to
//! labels by path and line.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use keepmum::allow::IgnoreFile;
use keepmum::config::Config;
use keepmum::engine::Engine;
use keepmum::finding::{redact, Finding};
use keepmum::rules::Kind;
use keepmum::scan::Added;

use super::gen::{Doc, Gen, Label};

/// Counts for one kind.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub labels: usize,
    pub tp: usize,
    pub fn_: usize,
    pub fp: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: &Counts) {
        self.labels += o.labels;
        self.tp += o.tp;
        self.fn_ += o.fn_;
        self.fp += o.fp;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// A false positive or a false negative, ready to print (secret redacted).
#[derive(Debug)]
pub struct Miss {
    pub at: String,
    pub what: String,
    pub text: String,
}

/// The result of scoring one corpus.
#[derive(Debug, Default)]
pub struct Report {
    pub files: usize,
    pub lines: usize,
    pub by_kind: BTreeMap<Kind, Counts>,
    pub fps: Vec<Miss>,
    pub fns: Vec<Miss>,
    /// Rule ids with at least one true positive.
    pub rules_hit: BTreeMap<String, usize>,
}

impl Report {
    pub fn overall(&self) -> Counts {
        let mut c = Counts::default();
        for k in self.by_kind.values() {
            c.add(k);
        }
        c
    }

    pub fn kind(&self, k: Kind) -> Counts {
        self.by_kind.get(&k).copied().unwrap_or_default()
    }

    /// The score table (Markdown, so it can go into the README as is).
    pub fn table(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "| kind | labels | TP | FN | FP | precision | recall | F1 |\n|---|---:|---:|---:|---:|---:|---:|---:|"
        );
        let row = |s: &mut String, name: &str, c: &Counts| {
            let _ = writeln!(
                s,
                "| {name} | {} | {} | {} | {} | {:.3} | {:.3} | {:.3} |",
                c.labels,
                c.tp,
                c.fn_,
                c.fp,
                c.precision(),
                c.recall(),
                c.f1()
            );
        };
        for (k, c) in &self.by_kind {
            row(&mut s, k.as_str(), c);
        }
        row(&mut s, "**overall**", &self.overall());
        s
    }
}

/// The kinds the corpus labels: secrets and DEBUG. The Python practice checks (package names,
/// environments, end-of-life pins, deployment settings, secret files) are not labeled here:
/// their findings are left out of the score (tests/python.rs checks them both ways).
pub const SCORED: [Kind; 7] = [
    Kind::Password,
    Kind::Url,
    Kind::SecretKey,
    Kind::Generic,
    Kind::Provider,
    Kind::PrivateKey,
    Kind::Debug,
];

/// Scans every document and scores the findings of the [`SCORED`] kinds against the labels.
pub fn score(docs: &[Doc]) -> Report {
    let config = Config::builtin().unwrap_or_else(|e| panic!("built-in config: {e}"));
    let engine =
        Engine::new(config, IgnoreFile::default()).unwrap_or_else(|e| panic!("engine: {e}"));
    let mut r = Report {
        files: docs.len(),
        ..Report::default()
    };
    for k in SCORED {
        r.by_kind.insert(k, Counts::default());
    }
    for doc in docs {
        r.lines += doc.text.lines().count();
        let mut findings = Vec::new();
        let mut skipped = Vec::new();
        engine.scan_content(
            &doc.path,
            doc.text.as_bytes(),
            &Added::All,
            None,
            &mut findings,
            &mut skipped,
        );
        assert!(skipped.is_empty(), "{}: skipped {skipped:?}", doc.path);
        findings.retain(|f| SCORED.contains(&f.kind));
        let lines: Vec<&str> = doc.text.lines().collect();
        for l in &doc.labels {
            let c = r.by_kind.entry(l.kind).or_default();
            c.labels += 1;
            match findings.iter().find(|f| overlaps(f, l)) {
                Some(f) => {
                    c.tp += 1;
                    *r.rules_hit.entry(f.rule_id.clone()).or_default() += 1;
                }
                None => {
                    c.fn_ += 1;
                    let text = lines.get(l.line as usize - 1).copied().unwrap_or("");
                    r.fns.push(Miss {
                        at: format!("{}:{}", doc.path, l.line),
                        what: format!("{} ({})", l.kind.as_str(), l.case),
                        text: redact_line(text, &l.secret, l.kind),
                    });
                }
            }
        }
        let mut fp_lines: Vec<u32> = Vec::new();
        for f in &findings {
            if doc.labels.iter().any(|l| overlaps(f, l)) || fp_lines.contains(&f.line) {
                continue;
            }
            fp_lines.push(f.line);
            r.by_kind.entry(f.kind).or_default().fp += 1;
            r.fps.push(Miss {
                at: format!("{}:{}", doc.path, f.line),
                what: f.rule_id.clone(),
                text: redact_line(&f.line_text, &f.secret, f.kind),
            });
        }
    }
    r
}

fn overlaps(f: &Finding, l: &Label) -> bool {
    f.line <= l.end_line && l.line <= f.end_line.max(f.line)
}

/// The line with every form of the secret (raw, JSON-escaped, its first line) redacted, cut
/// to a printable length. Debug settings are not secret and stay readable.
fn redact_line(text: &str, secret: &str, kind: Kind) -> String {
    let mut t = text.to_string();
    let secret = if kind == Kind::Debug { "" } else { secret };
    let first = secret.lines().next().unwrap_or(secret);
    for s in [secret, &Gen::json_escape(secret), first] {
        if s.len() >= 4 && !s.starts_with("-----") {
            t = t.replace(s, &redact(s));
        }
    }
    let t = t.trim();
    if t.chars().count() > 140 {
        let cut: String = t.chars().take(137).collect();
        format!("{cut}...")
    } else {
        t.to_string()
    }
}
