//! Judgements on one value or its surroundings: whether a password or token in a test or doc
//! looks real, whether an unquoted "value" is prose, whether a quoted one is the inside of a
//! string concatenation, whether a private key block is encrypted. Each is linear in what it
//! looks at and allocation-free except where noted.

use super::entropy;

/// Words fixture passwords are made of.
const FIXTURE_WORDS: &[&[u8]] = &[
    b"test",
    b"pass",
    b"secret",
    b"example",
    b"demo",
    b"sample",
    b"dummy",
    b"foo",
    b"bar",
    b"admin",
    b"user",
    b"tiger",
    b"letmein",
    b"qwerty",
    b"hello",
    b"changeme",
];

/// Whether a password in a test or doc still looks like a real credential: long enough,
/// letters and digits, some entropy, and none of the words fixtures are made of (read back
/// from leetspeak: `Str0ngP@ssw0rd!` is a fixture).
pub fn is_strong_password(v: &[u8]) -> bool {
    if v.len() < 10 || !entropy::has_letter_and_digit(v) || entropy::shannon(v) < 3.0 {
        return false;
    }
    // Generated passwords are mostly letters and digits; a run of punctuation and escapes
    // (`%20!%22$%&'()*+,-.%3A`) is a test vector.
    let alnum = v.iter().filter(|b| b.is_ascii_alphanumeric()).count();
    if alnum * 10 < v.len() * 6 {
        return false;
    }
    let plain: Vec<u8> = v
        .iter()
        .map(|&b| match b {
            b'0' => b'o',
            b'@' | b'4' => b'a',
            b'1' | b'!' => b'i',
            b'3' => b'e',
            b'$' | b'5' => b's',
            b'7' => b't',
            _ => b,
        })
        .collect();
    !FIXTURE_WORDS.iter().any(|d| contains_ci(&plain, d))
}

/// Words that mark a token in a test or doc as made up, when written as words (lower case,
/// upper case or capitalised; a random token spells them only by chance, in mixed case).
const FAKE_TOKEN_WORDS: &[&[u8]] = &[
    b"test", b"fake", b"dummy", b"example", b"sample", b"mock", b"invalid", b"expired", b"secret",
    b"token", b"foo", b"bar",
];

/// Whether a token-like value in a test, doc or example looks real: generated rather than
/// typed. It must be long (20+ characters, hex 32+), varied (entropy close to what random text
/// of its length and alphabet reaches, letters and digits or both cases), not periodic
/// (`abcd1234abcd1234`), and free of the words made-up values are written with.
pub fn looks_real_token(v: &[u8]) -> bool {
    let hex = entropy::is_hex(v);
    if v.len() < if hex { 32 } else { 20 } {
        return false;
    }
    let upper = v.iter().any(u8::is_ascii_uppercase);
    let lower = v.iter().any(u8::is_ascii_lowercase);
    let digit = v.iter().any(u8::is_ascii_digit);
    // Random text of n characters from an alphabet of k reaches about log2(min(n, k)) bits;
    // 1.3 bits less keeps all but about 1 in 500 random values (measured by sampling).
    let k = if hex {
        16
    } else {
        26 * usize::from(upper) + 26 * usize::from(lower) + 10 * usize::from(digit) + 2
    };
    let want = ((v.len().min(k) as f64).log2() - 1.3).min(4.2);
    if entropy::shannon(v) < want {
        return false;
    }
    if !hex && !((upper || lower) && digit) && !(upper && lower && v.len() >= 30) {
        return false;
    }
    if !hex && entropy::looks_like_words(v) {
        return false;
    }
    if is_periodic(v) || is_counted(v) {
        return false;
    }
    let lower_v = v.to_ascii_lowercase();
    !FAKE_TOKEN_WORDS
        .iter()
        .any(|w| super::placeholder::contains_word(v, &lower_v, w))
}

/// Whether a value was typed by counting: read on their own, its letters (case folded) and its
/// digits each step by one, up or down, at three steps in four or more (`a1b2c3d4e5f6...`,
/// `abcd1234efgh5678...`, `9a8b7c6d5e4f...`, `6345ABCD0987EFGH...`); with one class alone, at
/// nearly every step (`abcdabcdabcdabcd`). In a random value a letter follows the previous
/// letter one time in 13 and a digit the previous digit one time in 5, so 12 or more steps at
/// that rate do not happen by chance (under one in 10^8 for 32 hex digits).
fn is_counted(v: &[u8]) -> bool {
    let step = |prev: Option<u8>, cur: u8, base: u8| -> Option<bool> {
        prev.map(|p| {
            let up = (cur + base - p) % base;
            up == 1 || up == base - 1
        })
    };
    let (mut last_letter, mut last_digit) = (None, None);
    let (mut letter_steps, mut digit_steps, mut ordered) = (0usize, 0usize, 0usize);
    for &b in v {
        let counted = if b.is_ascii_alphabetic() {
            let c = b.to_ascii_lowercase() - b'a';
            let s = step(last_letter, c, 26);
            last_letter = Some(c);
            letter_steps += usize::from(s.is_some());
            s
        } else if b.is_ascii_digit() {
            let d = b - b'0';
            let s = step(last_digit, d, 10);
            last_digit = Some(d);
            digit_steps += usize::from(s.is_some());
            s
        } else {
            None
        };
        ordered += usize::from(counted == Some(true));
    }
    let steps = letter_steps + digit_steps;
    if steps < 12 {
        return false;
    }
    if letter_steps >= 3 && digit_steps >= 3 {
        ordered * 4 >= steps * 3
    } else {
        ordered * 20 >= steps * 17
    }
}

/// Whether `v` repeats a short unit (`abcd1234abcd1234`, `0123456789012345`): the shape of a
/// made-up value. Periods up to 16 are checked: at most 16 passes over the value.
fn is_periodic(v: &[u8]) -> bool {
    (1..=16.min(v.len() / 2)).any(|p| {
        let same = v.iter().zip(&v[p..]).filter(|(a, b)| a == b).count();
        same * 10 >= (v.len() - p) * 9
    })
}

/// Whether the text at `end`, just after a matched secret, goes on with a mask (`-####`,
/// `_****`, `-XXXX`, `••••`): the pattern matched the unmasked ids before a masked body
/// (`xoxp-<ids>-####################`), not a credential. Looks at 6 bytes at most.
pub fn masked_after(content: &[u8], end: usize) -> bool {
    let Some(rest) = content.get(end..) else {
        return false;
    };
    let rest = &rest[..rest.len().min(6)];
    let rest = match rest.first() {
        Some(b'-' | b'_' | b'.' | b':' | b'/') => &rest[1..],
        _ => rest,
    };
    rest.len() >= 4
        && matches!(rest[0], b'#' | b'*' | b'x' | b'X' | 0xe2)
        && rest[..4]
            .iter()
            .all(|&b| b == rest[0] || (rest[0] == 0xe2 && b >= 0x80))
}

/// Words that make a name a fixture's (`MASKED_TEST_SECRET`, `fake_api_key`, `DUMMY_TOKEN`).
const FIXTURE_NAME_WORDS: &[&[u8]] = &[
    b"test",
    b"tests",
    b"testing",
    b"fake",
    b"dummy",
    b"mock",
    b"example",
    b"sample",
    b"fixture",
    b"expected",
    b"invalid",
    b"wrong",
    b"bad",
];

/// Whether the text an assignment rule matched before its value (`MASKED_TEST_SECRET2 = "`)
/// names a fixture: one of its words is `test`, `fake`, `dummy`, `mock`, `example`...
pub fn is_fixture_name(prefix: &[u8]) -> bool {
    let prefix = &prefix[..prefix.len().min(200)];
    let seg = super::keyname::segments(prefix);
    seg.split(|&b| b == b'_')
        .any(|w| FIXTURE_NAME_WORDS.contains(&w))
}

/// Whether an unquoted value ending at `end` is followed on its line by more words: prose
/// (`grep for password= before commit`) or a value cut at a space, not a config literal. A
/// comment, punctuation (`,`, `}`, `;`, `)`) or another `key=value` after it is fine.
pub fn prose_after(block: &[u8], end: usize) -> bool {
    // Only the first word after the value counts: a bounded look keeps a long line of
    // assignments linear.
    let end = end.min(block.len());
    let rest = &block[end..block.len().min(end + MAX_LOOK)];
    let line = &rest[..memchr::memchr(b'\n', rest).unwrap_or(rest.len())];
    let t = line.trim_ascii();
    let Some(&first) = t.first() else {
        return false;
    };
    if !first.is_ascii_alphabetic() {
        return false;
    }
    let word_end = t
        .iter()
        .position(|b| b.is_ascii_whitespace())
        .unwrap_or(t.len());
    let word = &t[..word_end];
    // `ENV A=1 B=2`, `--flag=x other=y`: more assignments, not prose.
    !word.contains(&b'=') && !word.contains(&b':')
}

/// Words UI text and descriptions are made of; a value with spaces holding one is text.
const TEXT_WORDS: &[&[u8]] = &[
    b"the",
    b"a",
    b"an",
    b"your",
    b"you",
    b"to",
    b"of",
    b"and",
    b"or",
    b"is",
    b"are",
    b"be",
    b"for",
    b"with",
    b"not",
    b"no",
    b"in",
    b"on",
    b"at",
    b"by",
    b"this",
    b"that",
    b"it",
    b"enter",
    b"please",
    b"must",
    b"least",
    b"characters",
    b"password",
    b"passwords",
    b"here",
    b"new",
    b"confirm",
    b"current",
    b"old",
    b"reset",
    b"forgot",
    b"change",
    b"show",
    b"hide",
    b"invalid",
    b"wrong",
    b"incorrect",
    b"required",
    b"match",
    b"do",
    b"does",
    b"should",
    b"value",
    b"quotes",
    b"spaces",
    b"example",
    b"my",
    b"our",
    b"see",
    b"use",
    b"set",
    b"login",
    b"log",
    b"sign",
    b"user",
    b"username",
    b"email",
    b"account",
    b"secret",
];

/// Whether a value with spaces is still a secret rather than text: its space-separated
/// chunks hold digits or symbols and none is a word of UI text (`nf6a qpm yvp9`), or it is
/// four or more lower-case words none of which is such a word (a diceware passphrase).
pub fn is_spaced_secret(v: &[u8]) -> bool {
    let words: Vec<&[u8]> = v
        .split(|b| b.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < 2 || words.len() > 8 || !v.is_ascii() {
        return false;
    }
    let texty = |w: &&[u8]| {
        let lw = w
            .iter()
            .filter(|b| b.is_ascii_alphabetic())
            .map(u8::to_ascii_lowercase)
            .collect::<Vec<u8>>();
        TEXT_WORDS.contains(&lw.as_slice())
    };
    if words.iter().any(texty) {
        return false;
    }
    let ends_like_text = matches!(v.last(), Some(b'.' | b':' | b'?' | b'!' | b')'));
    let marked = v
        .iter()
        .any(|b| b.is_ascii_digit() || (b.is_ascii_punctuation() && !matches!(b, b'.' | b',')));
    let diceware = words.len() >= 4
        && words
            .iter()
            .all(|w| w.iter().all(u8::is_ascii_lowercase) && w.len() >= 3);
    !ends_like_text && (marked || diceware)
}

/// Whether `v` is a passphrase of joined words, as password managers generate them: three to
/// seven lower-case words of 3-12 letters, none a word of UI text, joined by one separator
/// (`-`, `_` or `.`) and ending in a group of 2-6 digits (`ember-river-stone-42`). Prose
/// (`see-the-wiki-2`), module paths (`django.contrib.auth`) and names (`db_password_2`) are
/// not.
pub fn is_joined_passphrase(v: &[u8]) -> bool {
    let Some(&sep) = v.iter().find(|b| matches!(b, b'-' | b'_' | b'.')) else {
        return false;
    };
    let parts: Vec<&[u8]> = v.split(|&b| b == sep).collect();
    let Some((digits, words)) = parts.split_last() else {
        return false;
    };
    (3..=7).contains(&words.len())
        && (2..=6).contains(&digits.len())
        && digits.iter().all(u8::is_ascii_digit)
        && words.iter().all(|w| {
            (3..=12).contains(&w.len())
                && w.iter().all(u8::is_ascii_lowercase)
                && !TEXT_WORDS.contains(w)
        })
}

/// Whether `v` is words of text joined by `-`, `_` or `.`, one of them a word of UI text
/// (`see-the-wiki-page-2`, `enter_your_password`): prose written as one token, not a password.
pub fn is_joined_text(v: &[u8]) -> bool {
    let parts = v.split(|b| matches!(b, b'-' | b'_' | b'.'));
    let mut n = 0;
    let mut texty = false;
    for p in parts {
        if !p
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            return false;
        }
        texty |= TEXT_WORDS.contains(&p);
        n += 1;
    }
    n >= 2 && texty
}

/// How far [`prose_after`] and [`is_env_line`] look along the line, in bytes.
const MAX_LOOK: usize = 256;

/// Whether an assignment in a doc is a shell environment line: `KEY=value` with an upper-case
/// name at the start of its line (after `export `, `$ `, `set `, `ENV ` or a list marker),
/// the value right after `=`.
pub fn is_env_line(block: &[u8], match_start: usize, value_start: usize) -> bool {
    if value_start == 0 || block.get(value_start - 1) != Some(&b'=') {
        return false;
    }
    // The name must open its line (after a short prefix): look back a bounded way only, so a
    // long line of assignments stays linear.
    let from = match_start.saturating_sub(MAX_LOOK);
    let line_start = match memchr::memrchr(b'\n', &block[from..match_start]) {
        Some(p) => from + p + 1,
        None if from == 0 => 0,
        None => return false,
    };
    let mut lead = block[line_start..match_start].trim_ascii_start();
    for p in [&b"$ "[..], b"> ", b"- ", b"* "] {
        if let Some(r) = lead.strip_prefix(p) {
            lead = r.trim_ascii_start();
        }
    }
    for p in [&b"export "[..], b"set ", b"ENV ", b"env "] {
        if let Some(r) = lead.strip_prefix(p) {
            lead = r.trim_ascii_start();
        }
    }
    let name = &block[match_start..value_start - 1];
    lead.is_empty()
        && name.len() >= 3
        && name.first().is_some_and(u8::is_ascii_uppercase)
        && name
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_')
}

/// Whether a quoted value is the inside of a string concatenation rather than a literal:
/// `'".$_POST["password"]."'` (PHP) or `"' + pw + '"` read between the wrong quotes.
pub fn is_concatenation(v: &[u8]) -> bool {
    let t = v.trim_ascii();
    let opens = |s: &[u8]| {
        matches!(s.first(), Some(b'"' | b'\''))
            && s[1..]
                .trim_ascii_start()
                .first()
                .is_some_and(|b| matches!(b, b'.' | b'+' | b'&'))
    };
    let closes = |s: &[u8]| {
        matches!(s.last(), Some(b'"' | b'\''))
            && s[..s.len() - 1]
                .trim_ascii_end()
                .last()
                .is_some_and(|b| matches!(b, b'.' | b'+' | b'&'))
    };
    // Read between the wrong quotes the value starts or ends with the operator itself:
    // `.$p['config']` (PHP), ` + getPassword() + ` (Java, JS).
    let op = |b: u8| matches!(b, b'.' | b'+' | b'&');
    let starts_op = t.first().is_some_and(|&b| op(b))
        && v.get(1).is_some_and(|&b| b == b' ' || b == b'$')
        || v.first() == Some(&b' ') && t.first().is_some_and(|&b| op(b));
    let ends_op = v.len() >= 2 && v.ends_with(b" ") && t.last().is_some_and(|&b| op(b));
    t.len() >= 2 && (opens(t) || closes(t)) || starts_op || ends_op
}

/// Whether a private key block is encrypted with a passphrase: PKCS#8 `ENCRYPTED PRIVATE KEY`,
/// a legacy PEM `Proc-Type: 4,ENCRYPTED` header, or an OpenSSH key whose cipher is not `none`.
/// Such a key is useless without its passphrase: worth a warning, not a blocked commit.
pub fn is_encrypted_key(block: &[u8]) -> bool {
    let head = &block[..block.len().min(400)];
    if memmem(head, b"ENCRYPTED PRIVATE KEY") || memmem(head, b"Proc-Type: 4,ENCRYPTED") {
        return true;
    }
    const OPENSSH: &[u8] = b"BEGIN OPENSSH PRIVATE KEY-----";
    let Some(at) = memchr::memmem::find(head, OPENSSH) else {
        return false;
    };
    // The body starts `openssh-key-v1\0`, then the cipher name as a length-prefixed string:
    // decode the first base64 characters (whitespace and escaped newlines skipped).
    let mut b64 = Vec::with_capacity(64);
    let mut i = at + OPENSSH.len();
    while i < block.len() && b64.len() < 64 {
        let c = block[i];
        if c == b'\\' && block.get(i + 1).is_some_and(|n| matches!(n, b'n' | b'r')) {
            i += 2;
            continue;
        }
        if c.is_ascii_alphanumeric() || c == b'+' || c == b'/' {
            b64.push(c);
        } else if !c.is_ascii_whitespace() && c != b'"' {
            break;
        }
        i += 1;
    }
    let Some(raw) = super::encoded::base64(&b64[..b64.len() - b64.len() % 4]) else {
        return false;
    };
    // "openssh-key-v1\0" (15 bytes), then a 4-byte big-endian length and the cipher name.
    match raw.get(15..19) {
        Some(l) => {
            let n = u32::from_be_bytes([l[0], l[1], l[2], l[3]]) as usize;
            raw.get(19..19 + n).is_some_and(|c| c != b"none")
        }
        None => false,
    }
}

fn memmem(hay: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(hay, needle).is_some()
}

fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::template::{expand, SplitMix64};

    fn rand(t: &str, seed: u64) -> String {
        expand(t, &mut SplitMix64::new(seed)).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn real_tokens_and_made_up_ones() {
        for seed in 0..200 {
            for t in [
                "<<alnum:24>>",
                "<<alnum:40>>",
                "<<hex:40>>",
                "<<b64url:43>>",
                "<<hex:32>>",
                "<<lalnum:32>>",
                "<<lalnum:20>>",
                "<<HEX:32>>",
            ] {
                let v = rand(t, seed);
                assert!(looks_real_token(v.as_bytes()), "{v} ({t}) should look real");
            }
        }
        for v in [
            "abcd1234abcd1234abcd1234abcd1234",
            "0123456789abcdef0123456789abcdef",
            "test-key-a8f3kd9s",
            "sk_test_abcdefghijklmnop1234",
            "my_super_secret_token_value_1",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "ThisIsMyFakeApiKeyForTesting123",
            "short1",
            "1234567890123456789012345",
            "XXXXXXXXXXXXXXXXXXXXXXXXXX12",
        ] {
            assert!(!looks_real_token(v.as_bytes()), "{v} looks made up");
        }
        let fake = format!("{}FAKE{}", rand("<<alnum:10>>", 1), rand("<<alnum:10>>", 2));
        assert!(!looks_real_token(fake.as_bytes()));
    }

    #[test]
    fn masks_after_a_match() {
        let t = b"xoxp-1-2-3-####################\"";
        assert!(masked_after(t, 10));
        assert!(masked_after(b"id-****", 2));
        assert!(masked_after("tok_••••".as_bytes(), 3));
        assert!(!masked_after(b"abc\" # ####", 3));
        assert!(!masked_after(b"abc-12", 3));
        assert!(!masked_after(b"abc", 3));
        assert!(!masked_after(b"abc", 9));
    }

    #[test]
    fn fixture_names() {
        assert!(is_fixture_name(b"MASKED_TEST_SECRET2 = \""));
        assert!(is_fixture_name(b"fakeApiKey: \""));
        assert!(!is_fixture_name(b"client = Client(api_key=\""));
        assert!(!is_fixture_name(b"LATEST_TOKEN = \""));
    }

    #[test]
    fn fixture_passwords() {
        for v in [
            "tiger",
            "user2",
            "pass",
            "Str0ngP@ssw0rd!",
            "testpass123",
            "s3cr3t-Pa55",
            "%20!%22$%&'()*+,-.%3A%3B%3C%3D%3E%40%5B",
        ] {
            assert!(!is_strong_password(v.as_bytes()), "{v}");
        }
        let v = rand("Kw9<<alnum:12>>", 3);
        assert!(is_strong_password(v.as_bytes()));
    }

    #[test]
    fn joined_text() {
        assert!(is_joined_text(b"see-the-wiki-page-2"));
        assert!(is_joined_text(b"enter_your_password"));
        assert!(!is_joined_text(b"ember-river-stone-42"));
        assert!(!is_joined_text(b"see"));
        assert!(!is_joined_text(b"See-The-Wiki-2"));
    }

    #[test]
    fn joined_passphrases() {
        for v in [
            "ember-river-stone-42",
            "copper_lantern_meadow_orbit_2024",
            "thunder.sunset.willow.17",
        ] {
            assert!(is_joined_passphrase(v.as_bytes()), "{v}");
        }
        for v in [
            "see-the-wiki-2",
            "django.contrib.auth",
            "db_password_2",
            "ember-river-42",
            "ember-river_stone-42",
            "Ember-River-Stone-42",
            "ember-river-stone-x42",
            "ember-river-stone-4",
            "",
        ] {
            assert!(!is_joined_passphrase(v.as_bytes()), "{v}");
        }
    }

    #[test]
    fn prose_and_concatenation() {
        let t = b"grep for password= before commit\n";
        let end = t.iter().position(|&b| b == b'e').unwrap_or(0);
        let _ = end;
        // value `before` ends at 26; `commit` follows.
        assert!(prose_after(t, 26));
        assert!(!prose_after(b"PASSWORD=abc # prod\n", 12));
        assert!(!prose_after(b"ENV A=abc B=def\n", 9));
        assert!(!prose_after(b"{password: abc, user: x}\n", 14));
        assert!(!prose_after(b"PASSWORD=abc\n", 12));
        assert!(is_concatenation(b"\".$_POST[\"password\"].\""));
        assert!(is_concatenation(b"\" + pw + \""));
        assert!(!is_concatenation(b"a\"b.c"));
        assert!(is_concatenation(b" + getMasterUserPassword() + "));
        assert!(is_concatenation(b".$p["));
        assert!(!is_concatenation(b".k8Hw2mQz"));
        assert!(!is_concatenation(b"Xk9+Q"));
        assert!(!is_concatenation(b"hunter2"));
    }

    #[test]
    fn spaced_values_and_env_lines() {
        assert!(is_spaced_secret(b"nf6ak qpmkum yvpy9"));
        assert!(is_spaced_secret(b"falcon harbor maple orbit"));
        assert!(!is_spaced_secret(b"value with quotes and spaces"));
        assert!(!is_spaced_secret(b"Mot de passe"));
        assert!(!is_spaced_secret(b"Enter your password"));
        assert!(!is_spaced_secret(b"Passwort 8+ Zeichen:"));
        assert!(!is_spaced_secret(b"single"));
        let t = b"```\nexport OPENWEATHER_API_KEY=abc\n```\n";
        let m = 11;
        assert!(is_env_line(t, m, m + "OPENWEATHER_API_KEY".len() + 1));
        let t = b"Set password=abc in the file";
        assert!(!is_env_line(t, 4, 13));
    }

    #[test]
    fn encrypted_keys() {
        assert!(is_encrypted_key(
            b"-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIF\n-----END ENCRYPTED PRIVATE KEY-----"
        ));
        assert!(is_encrypted_key(
            b"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nMIIE\n-----END RSA PRIVATE KEY-----"
        ));
        assert!(!is_encrypted_key(
            b"-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----"
        ));
        // OpenSSH: cipher `none` (unencrypted) and `aes256-ctr`.
        let body = |cipher: &str| {
            let mut raw = b"openssh-key-v1\0".to_vec();
            raw.extend_from_slice(&(cipher.len() as u32).to_be_bytes());
            raw.extend_from_slice(cipher.as_bytes());
            raw.extend_from_slice(&[0u8; 30]);
            let b64 = crate::scan::encoded::encode_base64(&raw);
            format!("-----BEGIN OPENSSH PRIVATE KEY-----\n{b64}\n-----END OPENSSH PRIVATE KEY-----")
        };
        assert!(!is_encrypted_key(body("none").as_bytes()));
        assert!(is_encrypted_key(body("aes256-ctr").as_bytes()));
    }

    #[test]
    fn counted_values_are_made_up() {
        for v in [
            "q1r2s3t4u5v6w7x8y9z0",
            "wxyz5678abcd9012efgh3456",
            "98ab76cd54ef32gh10ij",
            "z9y8x7w6v5u4t3s2r1q0",
            "7890KLMN1234OPQR5678STUV",
            "efgh9012efgh3456efgh7890",
            "ghi456jkl789mno012",
            "r-s5t4u3v2w1x0y9z8a7",
            "ponmlkjiponmlkji",
        ] {
            assert!(is_counted(v.as_bytes()), "{v}");
            assert!(!looks_real_token(v.as_bytes()), "{v}");
        }
        // Generated values: none of 19,200 from a seeded generator reads as counted.
        let mut rng = crate::rules::template::SplitMix64::new(11);
        for class in ["hex", "alnum", "lalnum", "b64", "HEX", "digit"] {
            for len in [16, 24, 32, 40] {
                for _ in 0..800 {
                    let t = format!("<<{class}:{len}>>");
                    let v = crate::rules::template::expand(&t, &mut rng)
                        .unwrap_or_else(|e| panic!("{e}"));
                    assert!(!is_counted(v.as_bytes()), "{v}");
                }
            }
        }
        // Short or mostly unordered values are left to the other checks.
        assert!(!is_counted(b"a1b2c3d4"));
    }
}
