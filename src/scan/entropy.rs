//! Shannon entropy and character-set classification of candidate secrets.

/// Shannon entropy of `s` in bits per byte.
pub fn shannon(s: &[u8]) -> f64 {
    if s.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in s {
        counts[b as usize] += 1;
    }
    let n = s.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

/// Whether every byte is a hex digit.
pub fn is_hex(s: &[u8]) -> bool {
    !s.is_empty() && s.iter().all(u8::is_ascii_hexdigit)
}

/// Whether every byte belongs to base64 / base64url (with padding) or common token separators.
pub fn is_token_charset(s: &[u8]) -> bool {
    !s.is_empty()
        && s.iter().all(|&b| {
            b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'_' | b'-' | b'.' | b'~')
        })
}

/// Whether `s` has at least one ASCII letter and one digit.
pub fn has_letter_and_digit(s: &[u8]) -> bool {
    s.iter().any(u8::is_ascii_alphabetic) && s.iter().any(u8::is_ascii_digit)
}

/// Whether a digit-free value reads as words or an identifier (`my_secret_token`,
/// `getAccessTokenForUser`) rather than random text: random letters rarely hold a run of six
/// lower-case letters, while words always do.
pub fn looks_like_words(s: &[u8]) -> bool {
    if mostly_words(s) {
        return true;
    }
    let digits = s.iter().filter(|b| b.is_ascii_digit()).count();
    if digits > 0 {
        return digits * 16 <= s.len() && is_long_identifier(s);
    }
    let longest = longest_lower_run(s);
    if longest >= 6 {
        return true;
    }
    // camelCase / PascalCase: segments starting at each capital are word-length; random
    // mixed-case letters give segments of about two characters.
    let camel = letters_per_capital(s) >= 3.5 && longest >= 3;
    let snake = s
        .split(|&b| b == b'_' || b == b'-' || b == b'.')
        .filter(|p| !p.is_empty())
        .count()
        > 1
        && !s.iter().any(u8::is_ascii_uppercase);
    camel || snake
}

/// Whether 28+ characters are mostly words (`Microsoft_Office_2021_LTSC_Professional_Plus_32Bit`,
/// `AmazonEC2ContainerRegistry_V20150921`): at least 70 % of the letters sit in two or more
/// words, a word being a run of lower-case letters that starts a segment (after a capital, a
/// separator or the start) and has four or more letters, a vowel among them. Runs after a
/// digit do not count, so lower-case base36 is not words. Sampled: of random base62 or
/// base64url strings of 28 characters about 1 in 2,000 pass (fewer when longer); of
/// lower-case base36, none; with dashes, 1 in 250.
fn mostly_words(s: &[u8]) -> bool {
    if s.len() < 28 {
        return false;
    }
    let letters = s.iter().filter(|b| b.is_ascii_alphabetic()).count();
    let (mut covered, mut words, mut i) = (0, 0, 0);
    while i < s.len() {
        if !s[i].is_ascii_lowercase() {
            i += 1;
            continue;
        }
        let start = i;
        while i < s.len() && s[i].is_ascii_lowercase() {
            i += 1;
        }
        let before = start.checked_sub(1).map(|p| s[p]);
        let capital = before.is_some_and(|b| b.is_ascii_uppercase());
        if !capital && before.is_some_and(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        let word = &s[start - usize::from(capital)..i];
        let vowel = word.iter().any(|b| {
            matches!(
                b.to_ascii_lowercase(),
                b'a' | b'e' | b'i' | b'o' | b'u' | b'y'
            )
        });
        if word.len() >= 4 && vowel {
            covered += word.len();
            words += 1;
        }
    }
    words >= 2 && covered * 10 >= letters * 7
}

/// The longest run of lower-case ASCII letters in `s`.
fn longest_lower_run(s: &[u8]) -> usize {
    s.split(|b| !b.is_ascii_lowercase())
        .map(<[u8]>::len)
        .max()
        .unwrap_or(0)
}

/// Letters per capital letter (all the letters when there is no capital): about 2 in random
/// mixed-case text, word length in camelCase.
fn letters_per_capital(s: &[u8]) -> f64 {
    let letters = s.iter().filter(|b| b.is_ascii_alphabetic()).count();
    let uppers = s.iter().filter(|b| b.is_ascii_uppercase()).count().max(1);
    letters as f64 / uppers as f64
}

/// Whether a value with a digit or two is still an identifier made of words
/// (`desktop-rhf_SponsoredProductsRemoteSearchV2ClickPagination`): 32+ characters, a run of
/// six or more lower-case letters, and capitals starting words (at most one letter in 3.5),
/// where random mixed-case text has every other letter a capital.
fn is_long_identifier(s: &[u8]) -> bool {
    if s.len() < 32 {
        return false;
    }
    longest_lower_run(s) >= 6 && letters_per_capital(s) >= 3.5
}

/// Whether `s` looks like a UUID (8-4-4-4-12 hex).
pub fn is_uuid(s: &[u8]) -> bool {
    if s.len() != 36 {
        return false;
    }
    s.iter().enumerate().all(|(i, &b)| match i {
        8 | 13 | 18 | 23 => b == b'-',
        _ => b.is_ascii_hexdigit(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_bounds() {
        assert_eq!(shannon(b""), 0.0);
        assert_eq!(shannon(b"aaaa"), 0.0);
        assert!((shannon(b"ab") - 1.0).abs() < 1e-9);
        assert!((shannon(b"0123456789abcdef") - 4.0).abs() < 1e-9);
    }

    #[test]
    fn classes() {
        assert!(is_hex(b"deadBEEF09"));
        assert!(!is_hex(b"xyz"));
        assert!(is_uuid(b"123e4567-e89b-12d3-a456-426614174000"));
        assert!(!is_uuid(b"123e4567e89b12d3a456426614174000"));
        assert!(is_token_charset(b"abc+/=_-"));
        assert!(!is_token_charset(b"a b"));
        assert!(looks_like_words(b"my_secret_token_value"));
        assert!(looks_like_words(b"getAccessTokenForUser"));
        assert!(!looks_like_words(b"kQ8vXz2LmN4pR7tY"));
        assert!(!looks_like_words(b"QwErTyUiOpAsDfGh"));
        // An identifier with a digit or two is still words; a random token with few digits
        // is not.
        assert!(looks_like_words(
            b"desktop-rhf_SponsoredProductsRemoteSearchV2ClickPagination"
        ));
        assert!(!looks_like_words(b"kQ8vXzLmNpRtYwBcDfGhJkLmNpQrStVwXyZa"));
        assert!(!looks_like_words(b"getAccessTokenForUser2"));
        // Words with digits and acronyms, and what random text of the same length gives.
        assert!(looks_like_words(
            b"Microsoft_Office_2021_LTSC_Professional_Plus_32Bit"
        ));
        assert!(looks_like_words(b"AmazonEC2ContainerRegistry_V20150921"));
        assert!(looks_like_words(b"MCPServerOAuth3LOConfigClientNameString"));
        assert!(!looks_like_words(b"ufwcig0zen9skyd545jc0fkq813ghar2"));
        assert!(!looks_like_words(b"Zq8kVmRt2LwXa9PbNc4HyTe7JsUd3GfK"));
    }

    #[test]
    fn random_text_is_rarely_words() {
        // A fixed LCG: of 20,000 random base62 strings of 32 characters, well under 1 in 500
        // read as words (sampled in Python at about 1 in 3,000).
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut words = 0;
        for _ in 0..20_000 {
            let v: Vec<u8> = (0..32)
                .map(|_| {
                    x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    alphabet[((x >> 33) % 62) as usize]
                })
                .collect();
            words += usize::from(mostly_words(&v));
        }
        assert!(words < 40, "{words} of 20000 random strings read as words");
    }
}
