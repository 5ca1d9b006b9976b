//! The corpus core: a seeded value generator and a line-by-line file builder that records a
//! label for every positive line as the line is written.
//!
//! No credential-shaped literal lives in this directory: every secret is a short, harmless
//! prefix plus a random body drawn here, so the repository still scans clean.

use keepmum::rules::template::{expand, SplitMix64};
use keepmum::rules::Kind;

/// A positive: the secret (or setting) at `line..=end_line` of a file is of `kind`.
#[derive(Debug, Clone)]
pub struct Label {
    /// First line (1-based).
    pub line: u32,
    /// Last line (multi-line secrets).
    pub end_line: u32,
    /// What kind of finding it should produce.
    pub kind: Kind,
    /// The secret text, used only to redact it in reports.
    pub secret: String,
    /// A short name of the case, for the report.
    pub case: &'static str,
}

/// One generated file and its labels.
#[derive(Debug)]
pub struct Doc {
    /// Repository-relative path.
    pub path: String,
    /// Content.
    pub text: String,
    /// Positives, by line.
    pub labels: Vec<Label>,
}

/// Builds a file line by line; positives are recorded with their line numbers.
pub struct FileBuilder {
    path: String,
    lines: Vec<String>,
    labels: Vec<Label>,
}

impl FileBuilder {
    pub fn new(path: impl Into<String>) -> Self {
        FileBuilder {
            path: path.into(),
            lines: Vec::new(),
            labels: Vec::new(),
        }
    }

    /// Negative text: one or more lines (split on `\n`; a trailing newline adds nothing).
    pub fn n(&mut self, text: impl AsRef<str>) -> &mut Self {
        let t = text.as_ref();
        let t = t.strip_suffix('\n').unwrap_or(t);
        for l in t.split('\n') {
            self.lines.push(l.to_string());
        }
        self
    }

    /// A blank line.
    pub fn blank(&mut self) -> &mut Self {
        self.lines.push(String::new());
        self
    }

    /// A positive: `text` (possibly several lines) holds `secret` of `kind`, starting on the line
    /// where `secret` (or its first line) appears.
    pub fn p(&mut self, kind: Kind, case: &'static str, secret: &str, text: impl AsRef<str>) {
        let t = text.as_ref();
        let t = t.strip_suffix('\n').unwrap_or(t);
        let first_secret_line = secret.split('\n').next().unwrap_or(secret);
        let base = self.lines.len() as u32;
        let mut at = None;
        for (i, l) in t.split('\n').enumerate() {
            if at.is_none() && !first_secret_line.is_empty() && l.contains(first_secret_line) {
                at = Some(base + i as u32 + 1);
            }
            self.lines.push(l.to_string());
        }
        let line = at.unwrap_or_else(|| {
            panic!(
                "corpus bug: {} case {case}: the text does not contain its secret",
                self.path
            )
        });
        let span = secret.matches('\n').count() as u32;
        assert!(
            self.labels.iter().all(|l| l.end_line < line),
            "corpus bug: {} case {case}: two labels on line {line}",
            self.path
        );
        self.labels.push(Label {
            line,
            end_line: line + span,
            kind,
            secret: secret.to_string(),
            case,
        });
    }

    /// A positive whose secret sits on line `line_in_text` (1-based) of `text` but cannot be
    /// found by substring (escaped in JSON, split over lines...).
    pub fn p_at(
        &mut self,
        kind: Kind,
        case: &'static str,
        secret: &str,
        line_in_text: u32,
        lines_spanned: u32,
        text: impl AsRef<str>,
    ) {
        let base = self.lines.len() as u32;
        self.n(text);
        let line = base + line_in_text;
        assert!(line <= self.lines.len() as u32, "corpus bug: {case}");
        self.labels.push(Label {
            line,
            end_line: line + lines_spanned.saturating_sub(1),
            kind,
            secret: secret.to_string(),
            case,
        });
    }

    pub fn finish(self) -> Doc {
        let mut text = self.lines.join("\n");
        text.push('\n');
        Doc {
            path: self.path,
            text,
            labels: self.labels,
        }
    }
}

/// Character sets for passwords, by how much the surrounding syntax tolerates.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Charset {
    /// Letters, digits and `-_.` (safe in URLs, shell, YAML plain scalars, .env).
    Safe,
    /// Plus the punctuation password managers add (`!@#%^&*+=?`): quoted strings only.
    Rich,
}

/// Seeded generator of realistic values.
pub struct Gen {
    rng: SplitMix64,
}

const WORDS: &[&str] = &[
    "falcon", "harbor", "maple", "orbit", "quartz", "river", "summit", "tango", "velvet", "willow",
    "copper", "delta", "ember", "glacier", "indigo", "jasper", "kestrel", "lunar", "meadow",
    "nebula", "onyx", "pepper", "raven", "sierra", "thunder", "violet", "walnut", "zephyr",
    "autumn", "winter", "spring", "summer", "dragon", "monkey", "sunshine", "blue", "purple",
];

pub const PROJECTS: &[&str] = &[
    "shop",
    "blog",
    "crm",
    "billing",
    "portal",
    "inventory",
    "analytics",
    "helpdesk",
    "wiki",
    "booking",
    "payments",
    "mailer",
    "catalog",
    "forum",
    "ledger",
    "tracker",
    "intranet",
    "marketplace",
    "reports",
    "gateway",
];

impl Gen {
    pub fn new(seed: u64) -> Self {
        Gen {
            rng: SplitMix64::new(seed),
        }
    }

    /// `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        self.rng.below(n)
    }

    /// `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.rng.below(hi - lo + 1)
    }

    /// True with probability `pct`%.
    pub fn chance(&mut self, pct: usize) -> bool {
        self.rng.below(100) < pct
    }

    pub fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.rng.below(items.len())]
    }

    /// `len` characters of a template class (`alnum`, `hex`, `b64url`...).
    pub fn s(&mut self, class: &str, len: usize) -> String {
        self.rng
            .string(class, len)
            .unwrap_or_else(|| panic!("unknown class {class}"))
    }

    /// Expands a `<<class:len>>` template.
    pub fn t(&mut self, template: &str) -> String {
        expand(template, &mut self.rng).unwrap_or_else(|e| panic!("{e}"))
    }

    /// `lo..=hi` characters of a class.
    pub fn s_in(&mut self, class: &str, lo: usize, hi: usize) -> String {
        let n = self.range(lo, hi);
        self.s(class, n)
    }

    pub fn alnum_in(&mut self, lo: usize, hi: usize) -> String {
        self.s_in("alnum", lo, hi)
    }

    pub fn digits_in(&mut self, lo: usize, hi: usize) -> String {
        let n = self.range(lo, hi);
        self.digits(n)
    }

    pub fn png_base64_in(&mut self, lo: usize, hi: usize) -> String {
        let n = self.range(lo, hi);
        self.png_base64(n)
    }

    pub fn hex(&mut self, len: usize) -> String {
        self.s("hex", len)
    }

    pub fn alnum(&mut self, len: usize) -> String {
        self.s("alnum", len)
    }

    pub fn digits(&mut self, len: usize) -> String {
        let mut d = self.s("digit", len);
        if d.starts_with('0') {
            d.replace_range(0..1, "7");
        }
        d
    }

    pub fn word(&mut self) -> &'static str {
        self.pick(WORDS)
    }

    /// A UUID (v4 layout).
    pub fn uuid(&mut self) -> String {
        let h = self.hex(32);
        format!(
            "{}-{}-4{}-{}{}-{}",
            &h[0..8],
            &h[8..12],
            &h[13..16],
            self.pick(&["8", "9", "a", "b"]),
            &h[17..20],
            &h[20..32]
        )
    }

    /// A password as people and password managers make them.
    pub fn password(&mut self, cs: Charset) -> String {
        let sym_safe: &[&str] = &["-", "_", "."];
        let sym_rich: &[&str] = &["!", "@", "#", "%", "^", "&", "*", "+", "=", "?", "-", "_"];
        let syms = if cs == Charset::Rich {
            sym_rich
        } else {
            sym_safe
        };
        match self.below(7) {
            // Password manager: random letters and digits.
            0 => self.alnum_in(12, 24),
            // Password manager with symbols (never leading: shells and YAML care).
            1 => {
                let mut s = self.alnum_in(10, 18);
                let k = self.range(1, 3);
                for _ in 0..k {
                    let at = self.range(1, s.len() - 1);
                    let c = self.pick(syms);
                    s.insert_str(at, c);
                }
                s
            }
            // Word, year/number, symbol.
            2 => {
                let w = self.word();
                let mut w = w[..1].to_uppercase() + &w[1..];
                w.push_str(&self.digits_in(2, 4));
                w.push_str(self.pick(syms));
                w
            }
            // Leetspeak.
            3 => {
                let w = format!("{}{}", self.word(), self.word());
                let mut out: String = w
                    .chars()
                    .map(|c| match c {
                        'a' => '4',
                        'e' => '3',
                        'o' => '0',
                        'i' => '1',
                        's' => '5',
                        c => c,
                    })
                    .collect();
                out = out[..1].to_uppercase() + &out[1..];
                out.push_str(self.pick(syms));
                out.push_str(&self.digits(2));
                out
            }
            // Diceware-ish passphrase.
            4 => {
                let sep = self.pick(&["-", ".", "_"]);
                let n = self.range(3, 4);
                let words: Vec<&str> = (0..n).map(|_| self.word()).collect();
                format!("{}{}{}", words.join(sep), sep, self.digits(2))
            }
            // Short, random.
            5 => self.alnum_in(8, 10),
            // Lower-case letters and digits (generated by a script).
            _ => self.s_in("lalnum", 14, 28),
        }
    }

    /// A password safe inside a URL's userinfo (percent-encoding what must be).
    pub fn url_password(&mut self) -> String {
        match self.below(4) {
            0 => {
                let a = self.alnum_in(6, 10);
                let b = self.alnum_in(4, 8);
                format!("{a}%40{b}")
            }
            _ => self.password(Charset::Safe),
        }
    }

    /// Django's `get_random_secret_key()`: 50 characters of its alphabet.
    pub fn django_key(&mut self) -> String {
        const A: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)";
        let mut s = String::new();
        for _ in 0..50 {
            s.push(A[self.below(A.len())] as char);
        }
        // The alphabet makes a word or a digit-free key vanishingly rare; keep it realistic.
        if !s.bytes().any(|b| b.is_ascii_digit()) {
            s.replace_range(10..11, "7");
        }
        s
    }

    /// A JSON-escaped string body (no surrounding quotes).
    pub fn json_escape(s: &str) -> String {
        let q = serde_json::to_string(s).unwrap_or_default();
        q[1..q.len() - 1].to_string()
    }

    /// Standard base64 of bytes.
    pub fn base64(bytes: &[u8]) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    /// base64url without padding.
    pub fn base64url(bytes: &[u8]) -> String {
        Self::base64(bytes)
            .trim_end_matches('=')
            .replace('+', "-")
            .replace('/', "_")
    }

    /// Random bytes.
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| (self.rng.next_u64() & 0xff) as u8).collect()
    }

    /// A base64 PNG as notebooks and data URLs embed them (the real 8-byte signature and IHDR
    /// chunk, then random data).
    pub fn png_base64(&mut self, n: usize) -> String {
        let mut b = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
        b.extend_from_slice(&[0, 0, 0, 0x0d, b'I', b'H', b'D', b'R']);
        b.extend(self.bytes(n));
        Self::base64(&b)
    }

    /// An unsigned-looking JWT: real JSON header and claims, random signature.
    pub fn jwt(&mut self) -> String {
        let header = r#"{"alg":"HS256","typ":"JWT"}"#;
        let claims = format!(
            r#"{{"sub":"{}","name":"{} {}","iat":{},"exp":{}}}"#,
            self.digits(6),
            self.word(),
            self.word(),
            1_700_000_000 + self.below(30_000_000),
            1_760_000_000 + self.below(30_000_000)
        );
        let sig = self.bytes(32);
        format!(
            "{}.{}.{}",
            Self::base64url(header.as_bytes()),
            Self::base64url(claims.as_bytes()),
            Self::base64url(&sig)
        )
    }
}
