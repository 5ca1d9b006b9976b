//! Example templates: `<<class:len>>` expands to `len` random characters of `class`, drawn
//! from a seeded generator, so rule examples and test fixtures never store a credential-shaped
//! literal in the repository yet are reproducible run to run.
//!
//! Classes: `hex`, `HEX`, `digit`, `lower`, `upper`, `alpha`, `alnum`, `lalnum` (lower-case
//! letters and digits), `ualnum` (upper-case letters and digits), `b64` (`A-Za-z0-9+/`),
//! `b64url` (`A-Za-z0-9_-`), `b32` (`A-Z2-7`).
//! `<<b64lines:N>>` expands to N lines of 64 base64 characters (PEM bodies);
//! `<<basic-auth:USER>>` to base64 of `USER:` and 14 random letters and digits (HTTP Basic),
//! `<<b64text:N>>` to base64 of N random letters and digits.
//!
//! Tokens with a checksum: `<<ALGORITHM:ARG>>`, where ALGORITHM names one of
//! [`super::checksum::Checksum`] (`crc32-base62`, `gitlab-routable`, `nats-nkey`,
//! `pypi-macaroon`, `azure-devops-pat`), expands to a random token whose checksum verifies:
//! `ghp_<<crc32-base62:30>>` is 30 random characters and their 6-character CRC. See
//! [`super::checksum::Checksum::generate`] for what ARG means to each.

/// The longest run one `<<class:len>>` template may ask for (a token longer than this proves
/// nothing a shorter one does not).
pub const MAX_LEN: usize = 4096;

/// The most lines one `<<b64lines:N>>` template may ask for (a 16 KiB PEM body).
pub const MAX_LINES: usize = 256;

/// The most text one expansion may produce: an example, templates expanded, is scanned whole.
pub const MAX_EXPANDED: usize = 256 << 10;

/// FNV-1a, 64-bit: a small, fast, non-cryptographic hash of `bytes`.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A small, fast, seeded pseudo-random generator (SplitMix64). Not for cryptography.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// Creates a generator from a seed.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// Creates a generator seeded from a string (FNV-1a of its bytes).
    pub fn from_str_seed(s: &str) -> Self {
        SplitMix64(fnv1a(s.as_bytes()))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % (n.max(1) as u64)) as usize
    }

    /// Picks one element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `len` random characters from `class` (see module docs); `None` for an unknown class.
    pub fn string(&mut self, class: &str, len: usize) -> Option<String> {
        let alphabet = alphabet(class)?;
        let mut s = String::with_capacity(len);
        // Guarantee the mixed classes really are mixed (a letter and a digit), so generated
        // tokens look like real ones rather than, by bad luck, a word.
        for _ in 0..len {
            s.push(alphabet[self.below(alphabet.len())] as char);
        }
        if len >= 8
            && matches!(
                class,
                "alnum" | "lalnum" | "ualnum" | "b64" | "b64url" | "hex" | "HEX"
            )
        {
            s = ensure_letter_and_digit(&s, self, class == "ualnum");
        }
        Some(s)
    }
}

fn ensure_letter_and_digit(s: &str, rng: &mut SplitMix64, upper: bool) -> String {
    let has_digit = s.bytes().any(|b| b.is_ascii_digit());
    let has_alpha = s.bytes().any(|b| b.is_ascii_alphabetic());
    let mut v: Vec<u8> = s.bytes().collect();
    if !has_digit && !v.is_empty() {
        let i = rng.below(v.len());
        v[i] = b'0' + rng.below(10) as u8;
    }
    if !has_alpha && v.len() > 1 {
        let i = rng.below(v.len());
        if v[i].is_ascii_digit() {
            v[i] = if upper { b'A' } else { b'a' } + rng.below(6) as u8;
        }
    }
    String::from_utf8(v).unwrap_or_default()
}

fn alphabet(class: &str) -> Option<&'static [u8]> {
    Some(match class {
        "hex" => b"0123456789abcdef",
        "HEX" => b"0123456789ABCDEF",
        "digit" => b"0123456789",
        "lower" => b"abcdefghijklmnopqrstuvwxyz",
        "upper" => b"ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "alpha" => b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "alnum" => b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
        "lalnum" => b"abcdefghijklmnopqrstuvwxyz0123456789",
        "ualnum" => b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
        "b64" => b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/",
        "b64url" => b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-",
        "b32" => b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
        _ => return None,
    })
}

/// Expands every `<<class:len>>` in `text`. Errors name the bad template. Lengths are capped
/// ([`MAX_LEN`], [`MAX_LINES`], [`MAX_EXPANDED`] in all), so an example in a config cannot make
/// `config check` allocate without bound.
pub fn expand(text: &str, rng: &mut SplitMix64) -> Result<String, String> {
    if text.len() > MAX_EXPANDED {
        return Err(format!(
            "the example is {} bytes; examples may be at most {MAX_EXPANDED} bytes",
            text.len()
        ));
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(start) = rest.find("<<") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find(">>") else {
            return Err(format!("unclosed template in `{text}`"));
        };
        let inner = &after[..end];
        let (class, len) = inner
            .split_once(':')
            .ok_or_else(|| format!("template `<<{inner}>>` must be `<<class:len>>`"))?;
        if let Some(alg) = super::checksum::Checksum::from_name(class) {
            out.push_str(&alg.generate(rng, len)?);
            rest = &after[end + 2..];
            continue;
        }
        if class == "basic-auth" {
            // `<<basic-auth:USER>>`: base64 of `USER:<14 random letters and digits>`.
            let pw = rng.string("alnum", 14).unwrap_or_default();
            out.push_str(&crate::scan::encoded::encode_base64(
                format!("{len}:{pw}").as_bytes(),
            ));
            rest = &after[end + 2..];
            continue;
        }
        if !len.bytes().all(|b| b.is_ascii_digit()) || len.is_empty() {
            return Err(format!("template `<<{inner}>>`: length must be a number"));
        }
        let max = if class == "b64lines" {
            MAX_LINES
        } else {
            MAX_LEN
        };
        let len: usize = match len.parse() {
            Ok(n) if n <= max => n,
            _ => {
                return Err(format!(
                    "template `<<{inner}>>`: the length is too large (at most {max}{})",
                    if class == "b64lines" { " lines" } else { "" }
                ))
            }
        };
        let adds = match class {
            "b64lines" => len * 65,
            "b64text" => len.div_ceil(3) * 4,
            _ => len,
        };
        if out.len() + adds > MAX_EXPANDED {
            return Err(format!(
                "template `<<{inner}>>`: the example would expand to more than {MAX_EXPANDED} bytes"
            ));
        }
        if class == "b64text" {
            // base64 of `len` random letters and digits (a Kubernetes Secret's `data:`).
            let plain = rng.string("alnum", len).unwrap_or_default();
            out.push_str(&crate::scan::encoded::encode_base64(plain.as_bytes()));
        } else if class == "b64lines" {
            for i in 0..len {
                if i > 0 {
                    out.push('\n');
                }
                out.push_str(&rng.string("b64", 64).unwrap_or_default());
            }
        } else {
            let s = rng
                .string(class, len)
                .ok_or_else(|| format!("template `<<{inner}>>`: unknown class `{class}`"))?;
            out.push_str(&s);
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_deterministically() {
        let a = expand("k=<<hex:8>>;", &mut SplitMix64::new(7)).unwrap();
        let b = expand("k=<<hex:8>>;", &mut SplitMix64::new(7)).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.len(), 11);
        assert!(a[2..10].bytes().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn rejects_bad_templates() {
        assert!(expand("<<nope:3>>", &mut SplitMix64::new(1)).is_err());
        assert!(expand("<<hex:x>>", &mut SplitMix64::new(1)).is_err());
        assert!(expand("<<hex:3", &mut SplitMix64::new(1)).is_err());
    }

    #[test]
    fn lengths_are_capped() {
        // Each of these used to allocate without bound (an abort, a capacity-overflow panic,
        // 7.6 GB); now each is an error naming the template.
        for t in [
            "<<lalnum:99999999999>>",
            "<<lalnum:18446744073709551615>>",
            "<<lalnum:999999999999999999999999999>>",
            "<<b64lines:100000000>>",
        ] {
            let e = expand(t, &mut SplitMix64::new(1)).unwrap_err();
            assert!(
                e.contains(&t[2..t.len() - 2]) && e.contains("too large"),
                "{t}: {e}"
            );
        }
        let many = "<<lalnum:4096>>".repeat(100);
        let e = expand(&many, &mut SplitMix64::new(1)).unwrap_err();
        assert!(e.contains("more than"), "{e}");
        let huge = "x".repeat(MAX_EXPANDED + 1);
        assert!(expand(&huge, &mut SplitMix64::new(1)).is_err());
        assert_eq!(
            expand("<<alnum:4096>>", &mut SplitMix64::new(1))
                .unwrap()
                .len(),
            4096
        );
        assert!(expand("<<hex:-1>>", &mut SplitMix64::new(1)).is_err());
    }

    #[test]
    fn checksum_templates() {
        use super::super::checksum::Checksum;
        let t = expand("k = 'ghp_<<crc32-base62:30>>'", &mut SplitMix64::new(3)).unwrap();
        let token = &t[5..t.len() - 1];
        assert_eq!(token.len(), 40);
        assert_eq!(Checksum::Crc32Base62.verify(token.as_bytes()), Some(true));
        let t = expand("<<nats-nkey:U>>", &mut SplitMix64::new(3)).unwrap();
        assert!(t.starts_with("SUA") && t.len() == 58, "{t}");
        assert_eq!(Checksum::NatsNkey.verify(t.as_bytes()), Some(true));
        assert!(expand("<<nats-nkey:Q>>", &mut SplitMix64::new(3)).is_err());
        assert!(expand("<<crc32-base62:x>>", &mut SplitMix64::new(3)).is_err());
    }

    #[test]
    fn pem_lines() {
        let s = expand("<<b64lines:3>>", &mut SplitMix64::new(1)).unwrap();
        assert_eq!(s.lines().count(), 3);
        assert!(s.lines().all(|l| l.len() == 64));
    }
}
