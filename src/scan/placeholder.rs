//! Recognises values that are not secrets: placeholders, template variables, references to the
//! environment, encrypted blobs. Skipping them is most of what keeps a hook quiet.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

/// Exact (case-insensitive) values that are never real secrets.
const EXACT: &[&str] = &[
    "changeme",
    "change_me",
    "change-me",
    "changeit",
    "password",
    "passwd",
    "passphrase",
    "passcode",
    "pass",
    "pwd",
    "secret",
    "secrets",
    "token",
    "apikey",
    "api_key",
    "api-key",
    "key",
    "test",
    "testing",
    "none",
    "null",
    "nil",
    "undefined",
    "true",
    "false",
    "yes",
    "no",
    "empty",
    "default",
    "todo",
    "tbd",
    "fixme",
    "redacted",
    "hidden",
    "masked",
    "removed",
    "n/a",
    "na",
    "foo",
    "bar",
    "baz",
    "foobar",
    "qwerty",
    "admin",
    "user",
    "username",
    "root",
    "replace_me",
    "replaceme",
    "insert_here",
    "set_me",
    "setme",
    "string",
    "str",
    "value",
    "required",
    "optional",
    "your_password",
    "mypassword",
    "my_password",
    "xxx",
    "abc",
    "abc123",
    "123",
    "1234",
    "12345",
    "123456",
    "secret_key",
    "secretkey",
    "postgres",
    "mysql",
    "tiger",
    "guest",
    // Fallbacks that say the value is missing (`process.env.X || "not-set"`).
    "not-set",
    "not_set",
    "notset",
    "unset",
    "not-configured",
    "not_configured",
    "unconfigured",
    "missing",
    "no-password",
    "no_password",
    "nopassword",
    "disabled",
];

/// "Password" in other languages (lower case): translation files map `password` to these.
const PASSWORD_WORDS: &[&str] = &[
    "passwort",
    "kennwort",
    "contraseña",
    "contrasena",
    "contrasenya",
    "wachtwoord",
    "senha",
    "lösenord",
    "hasło",
    "haslo",
    "salasana",
    "passord",
    "adgangskode",
    "heslo",
    "parola",
    "parool",
    "parole",
    "şifre",
    "sifre",
    "jelszó",
    "geslo",
    "lozinka",
    "slaptažodis",
    "пароль",
    "κωδικός",
    "密码",
    "密碼",
    "パスワード",
    "비밀번호",
];

/// Substrings (case-insensitive) that mark a value as a stand-in.
const CONTAINS: &[&str] = &[
    // Example templates (`<<alnum:16>>`) in rule files and docs.
    "<<",
    ">>",
    "example",
    "dummy",
    "placeholder",
    "sample",
    "changeme",
    "change_me",
    "change-me",
    "replace_me",
    "replace-me",
    "replaceme",
    "your_",
    "your-",
    "yourpass",
    "yoursecret",
    "yourkey",
    "yourtoken",
    "xxxx",
    "****",
    // Masked bodies (`xoxp-<ids>-####################`).
    "####",
    "...",
    "<your",
    "insert",
    "_here",
    "-here",
    "redacted",
    "not_a_real",
    "not-a-real",
    "notreal",
    "fake",
    "mock",
    "lorem",
    "some_",
    "some-",
];

/// Whether `value` is a placeholder, template, reference or encrypted value rather than a secret.
pub fn is_placeholder(value: &[u8]) -> bool {
    is_stand_in(value) || is_public_key(trim(value))
}

/// [`is_placeholder`] for a value a rule matched, where `courier` says whether its context
/// (its name, the text before it on its line) mentions Courier: there the `pk_test_` prefix
/// Courier's secret keys share with Stripe's publishable keys does not make a value public
/// (`COURIER_AUTH_TOKEN=pk_test_...`, `Courier(auth_token="pk_test_...")`). `courier` is only
/// asked for a value that would otherwise pass for a public key.
pub fn is_placeholder_where(value: &[u8], courier: impl FnOnce() -> bool) -> bool {
    is_stand_in(value) || (is_public_key(trim(value)) && !courier())
}

/// Whether `text` mentions Courier (case-insensitive), whose API keys are secrets with
/// Stripe's `pk_test_` publishable-key prefix.
pub fn names_courier(text: &[u8]) -> bool {
    text.windows(7).any(|w| w.eq_ignore_ascii_case(b"courier"))
}

/// Whether a value is public by design and ships to browsers: a Stripe publishable key
/// (`pk_live_` / `pk_test_` and base62, whose bodies hold lower-case letters: 24 characters,
/// or 99 in the newer keys) or a Mapbox public token (`pk.eyJ`). Courier's API keys
/// (`pk_prod_`, `pk_test_`, `dk_prod_`, `dk_test_`) are secrets of upper-case letters and digits
/// only, so a `pk_test_` value without a lower-case letter is not a Stripe publishable key. A
/// Stripe body of 24 random base62 characters lacks a lower-case letter 2 times in a million.
fn is_public_key(v: &[u8]) -> bool {
    if v.starts_with(b"pk.eyJ") {
        return true;
    }
    let body = if let Some(b) = v.strip_prefix(b"pk_live_") {
        b
    } else if let Some(b) = v.strip_prefix(b"pk_test_") {
        b
    } else {
        return false;
    };
    body.iter().any(u8::is_ascii_lowercase)
}

/// Everything [`is_placeholder`] checks but the public-key exemption.
fn is_stand_in(value: &[u8]) -> bool {
    let v = trim(value);
    if v.len() < 2 {
        return true;
    }
    let lower: Vec<u8> = v.to_ascii_lowercase();
    if EXACT.iter().any(|e| e.as_bytes() == lower.as_slice()) {
        return true;
    }
    // The word "password" in another language: a UI label in a translation file.
    if v.len() <= 40 {
        let uni = String::from_utf8_lossy(v).to_lowercase();
        if PASSWORD_WORDS.contains(&uni.as_str()) {
            return true;
        }
    }
    if contains_a_word(v, &lower) {
        return true;
    }
    // HTML-escaped markup (`&quot;password&quot;: ...`) is a page's text, not a literal.
    if ["&quot;", "&#34;", "&#39;", "&apos;", "&#x27;", "&#x22;"]
        .iter()
        .any(|e| memfind(&lower, e.as_bytes()))
    {
        return true;
    }
    if is_ui_text(v) || has_stand_in_words(v) || is_setting_reference(v) || is_selector(v) {
        return true;
    }
    if is_secret_variable_name(v) {
        return true;
    }
    // A reference inside its own quotes (`'$DB_PASSWORD'` in `"'$DB_PASSWORD'"`).
    if v.len() > 2 && (first_last(v) == (b'\'', b'\'') || first_last(v) == (b'"', b'"')) {
        let inner = &v[1..v.len() - 1];
        if is_reference(inner) || memfind(inner, b"${") {
            return true;
        }
    }
    // Template and reference syntaxes: ${VAR}, $VAR, $(cmd), {{ var }}, {var}, %(var)s, %s,
    // <var>, %VAR%, %env(VAR)%, #{var}, @var@, !vault / !Ref tags, &anchor / *alias.
    if is_reference(v) {
        return true;
    }
    let first = v[0];
    let last = v[v.len() - 1];
    if (first == b'<' && last == b'>')
        || (first == b'{' && last == b'}')
        || (first == b'[' && last == b']')
    {
        return true;
    }
    if memfind(v, b"${") || memfind(v, b"{{") || memfind(v, b"}}") || memfind(v, b"#{") {
        return true;
    }
    if has_named_format(v) {
        return true;
    }
    // `%s`, `%(`, `$(`... inside a long random value are chance pairs, not templates: Django's
    // generated keys draw from an alphabet with `$`, `%`, `(` and `s` in it, and 1 in 12 of them
    // would otherwise pass for a template.
    if !looks_random(v) && (memfind(v, b"$(") || memfind(v, b"%(") || has_printf_spec(v)) {
        return true;
    }
    if v.starts_with(b"ENC[") || v.starts_with(b"vault:") || v.starts_with(b"AQICAH") {
        return true;
    }
    if is_fernet_token(v) {
        return true;
    }
    if is_published_default(v) {
        return true;
    }
    // Google OAuth client ids are public identifiers (python-social-auth names them `_KEY`).
    if v.ends_with(b".apps.googleusercontent.com") {
        return true;
    }
    if is_made_up_uuid(v) {
        return true;
    }
    if has_repeated_segment(v) {
        return true;
    }
    // One repeated character (`aaaaaaa`, `0000`), or a run like `abcdefgh` / `12345678`.
    if v.iter().all(|&b| b == v[0]) {
        return true;
    }
    if v.len() >= 4 && v.windows(2).all(|w| w[1] == w[0].wrapping_add(1)) {
        return true;
    }
    // An alphabet or keyboard run (`abcdefgh`, `01234567`) is a character set, not a secret.
    if longest_ascending_run(v) >= 6 {
        return true;
    }
    // `<name>` anywhere: a template slot (`postgres://u:<password>@h`, `key-<your-key>`).
    if let Some(open) = v.iter().position(|&b| b == b'<') {
        if let Some(close) = v[open..].iter().position(|&b| b == b'>') {
            let inner = &v[open + 1..open + close];
            if !inner.is_empty()
                && inner
                    .iter()
                    .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b' ' | b'.'))
            {
                return true;
            }
        }
    }
    false
}

/// FNV-1a (64-bit) digests of credentials that their vendors publish for local use, so the
/// values themselves are not written here: Azurite's (the Azure Storage emulator's) account
/// key for `devstoreaccount1`, in Microsoft's documentation and in every project that tests
/// against the emulator.
const PUBLISHED_DEFAULTS: &[u64] = &[0x3f9d_1c99_6e62_0b67];

/// Whether a value is a credential its vendor publishes for local development.
fn is_published_default(v: &[u8]) -> bool {
    PUBLISHED_DEFAULTS.contains(&crate::rules::template::fnv1a(v))
}

/// Whether a value is a Fernet token (`gAAAAAB...`, base64url): ciphertext, whose key is the
/// secret. Version byte 0x80 and a 64-bit timestamp below 2^40 encode as `gAAAAA`; a token
/// holds at least one 16-byte block and a 32-byte HMAC, 100+ characters in all.
fn is_fernet_token(v: &[u8]) -> bool {
    v.len() >= 100
        && v.starts_with(b"gAAAAA")
        && v.iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'='))
}

/// Whether a UUID was typed rather than generated: one digit throughout
/// (`00000000-0000-...`, `11111111-1111-...`), two distinct digits at most, or counting runs
/// (`123e4567-e89b-12d3-a456-426614174000`, the textbook example, and
/// `12345678-1234-1234-1234-123456789012`): eight or more of its 31 neighbouring hex digits
/// step up by one, where a random UUID has two on average (one in a few thousand reaches 8).
fn is_made_up_uuid(v: &[u8]) -> bool {
    if !super::entropy::is_uuid(v) {
        return false;
    }
    let hex: Vec<u8> = v
        .iter()
        .filter(|&&b| b != b'-')
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let mut seen = [false; 256];
    for &b in &hex {
        seen[b as usize] = true;
    }
    let distinct = seen.iter().filter(|&&s| s).count();
    let value = |b: u8| match b {
        b'0'..=b'9' => b - b'0',
        _ => b - b'a' + 10,
    };
    let steps = hex
        .windows(2)
        .filter(|w| value(w[1]) == value(w[0]) + 1)
        .count();
    distinct <= 2 || steps >= 8
}

/// Whether one segment of 3+ digits or of one repeated character (between `-`, `_`, `.` or
/// `:`) occurs three or more times: `xoxp-1234-1234-1234-...`, `xxx-xxx-xxx`, typed to fill a
/// format's id fields. Generated ids do not repeat (a passphrase may repeat a word, so words
/// do not count). At most 16 segments are compared.
fn has_repeated_segment(v: &[u8]) -> bool {
    let segs: Vec<&[u8]> = v
        .split(|&b| matches!(b, b'-' | b'_' | b'.' | b':'))
        .filter(|s| {
            s.len() >= 3 && (s.iter().all(u8::is_ascii_digit) || s.iter().all(|&b| b == s[0]))
        })
        .take(16)
        .collect();
    segs.iter()
        .any(|s| segs.iter().filter(|t| *t == s).count() >= 3)
}

fn first_last(v: &[u8]) -> (u8, u8) {
    (v[0], v[v.len() - 1])
}

/// Whether a value is a dotted path to a setting or environment variable
/// (`process.env.DB_PASSWORD`, `env.PERKEEP_TEST_PASSWORD`, `settings.API_KEY`): an expression
/// read as text where unquoted values are literals.
fn is_setting_reference(v: &[u8]) -> bool {
    let Some(dot) = v.iter().rposition(|&b| b == b'.') else {
        return false;
    };
    let (path, last) = (&v[..dot], &v[dot + 1..]);
    // Path segments are lower-case words (`process`, `env`, `settings`), not random text.
    let word = |s: &[u8]| {
        !s.is_empty()
            && s.iter()
                .all(|b| b.is_ascii_lowercase() || matches!(b, b'_' | b'$'))
    };
    !path.is_empty()
        && path.split(|&b| b == b'.').all(word)
        && last.len() >= 4
        && is_env_var_name(last)
}

/// Whether a value is a CSS selector or an anchor (`#add-password`, `.password-field`).
fn is_selector(v: &[u8]) -> bool {
    matches!(v.first(), Some(b'#' | b'.'))
        && v.len() > 2
        && v[1].is_ascii_lowercase()
        && v[1..]
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_'))
        && v[1..].iter().any(|b| matches!(b, b'-' | b'_'))
}

/// Whether a value is text in a script other than Latin (a translated UI label such as a
/// `LOGIN_PASSWORD` string in a Japanese or Russian locale file): a third or more of its
/// characters are non-ASCII letters. Passwords and tokens are ASCII.
fn is_ui_text(v: &[u8]) -> bool {
    if v.is_ascii() {
        return false;
    }
    let Ok(s) = std::str::from_utf8(v) else {
        return false;
    };
    let (mut n, mut foreign) = (0usize, 0usize);
    for c in s.chars() {
        n += 1;
        if !c.is_ascii() && c.is_alphabetic() {
            foreign += 1;
        }
    }
    foreign * 3 >= n
}

/// Whether a segment of the value is a run of capitalised words that names what belongs there
/// (`xoxb-SlackAppConfigurationAccessTokenHere`, `sk-YourOpenAIKeyGoesHere`): a stand-in
/// after a valid prefix. Only word runs holding such a word count, so a passphrase of words
/// (`CorrectHorseBatteryStaple`) is not taken for one.
fn has_stand_in_words(v: &[u8]) -> bool {
    const STAND_IN: &[&[u8]] = &[
        b"Here",
        b"Your",
        b"Goes",
        b"Insert",
        b"Replace",
        b"Token",
        b"Secret",
        b"Key",
        b"Password",
        b"Placeholder",
    ];
    v.split(|b| !b.is_ascii_alphanumeric())
        .filter(|seg| seg.len() >= 12 && !seg.iter().any(u8::is_ascii_digit))
        .any(|seg| {
            // Split at capitals: every word must be a capital and 2+ lower-case letters.
            let mut words = Vec::new();
            let mut start = 0;
            for i in 1..=seg.len() {
                if i == seg.len() || seg[i].is_ascii_uppercase() {
                    words.push(&seg[start..i]);
                    start = i;
                }
            }
            words.len() >= 3
                && words.iter().all(|w| {
                    w.len() >= 2
                        && w[0].is_ascii_uppercase()
                        && w[1..].iter().all(u8::is_ascii_lowercase)
                })
                && words.iter().filter(|w| STAND_IN.contains(w)).count() >= 2
        })
}

/// Whether a value is a reference by its first character: `$VAR`, `${...}`, `$(cmd)`, `%VAR%`,
/// `%(name)s`, `@var@`, a YAML tag (`!vault |`, `!Ref DbPassword`) or a YAML anchor/alias
/// (`&db`, `*db`). A password that merely starts with one of these characters is not.
fn is_reference(v: &[u8]) -> bool {
    let (first, rest) = match v.split_first() {
        Some(x) => x,
        None => return false,
    };
    let last = v[v.len() - 1];
    let ident = |s: &[u8]| {
        s.first()
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
            && s.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
    };
    match first {
        b'$' => {
            rest.first() == Some(&b'{')
                || ident(rest)
                || (matches!(rest.first(), Some(b'(' | b'$')) && !looks_random(v))
        }
        b'%' => {
            // `%VAR%` (Windows), `%env(DB_PASSWORD)%` (Symfony).
            (last == b'%'
                && v.len() > 2
                && v[1..v.len() - 1].iter().all(|b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'(' | b')' | b':' | b'.')
                }))
                || matches!(rest.first(), Some(b'{'))
                || (!looks_random(v) && matches!(rest.first(), Some(b'(' | b's' | b'd')))
        }
        b'@' => (last == b'@' && v.len() > 2) || rest.first() == Some(&b'{') || ident(rest),
        b'!' => {
            // A tag name, then the end or a space: `!vault |...`, `!Ref Name`, `!ENV ${X}`.
            let n = rest
                .iter()
                .take_while(|b| b.is_ascii_alphabetic() || matches!(b, b'_' | b':' | b'.'))
                .count();
            n > 0
                && rest
                    .get(n)
                    .is_none_or(|b| b.is_ascii_whitespace() || *b == b'(')
        }
        b'&' | b'*' => {
            !rest.is_empty()
                && rest
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
        }
        _ => false,
    }
}

/// Whether `lower` (the lower-cased `v`) contains one of the [`CONTAINS`] words written the way
/// people write it in `v`: lower case, upper case or capitalised (`example`, `EXAMPLE`,
/// `Example`). In a random token a word only turns up by chance, in mixed case (`MoCk`,
/// `fAkE`), and does not count. One pass over the value finds every occurrence of every word.
fn contains_a_word(v: &[u8], lower: &[u8]) -> bool {
    static WORDS: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    let words = WORDS.get_or_init(|| {
        // A non-contiguous NFA: the values searched are short, and a DFA of these words (what
        // the default picks) costs more to build than a whole small commit's scan.
        AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
            .build(CONTAINS)
            .ok()
    });
    let Some(words) = words else {
        // The automaton of a constant list always builds; should it not, compare word by word.
        return CONTAINS.iter().any(|w| {
            memchr::memmem::find_iter(lower, w.as_bytes())
                .any(|i| written_as_word(&v[i..i + w.len()]))
        });
    };
    words
        .find_overlapping_iter(lower)
        .any(|m| written_as_word(&v[m.start()..m.end()]))
}

/// Whether `orig` is all lower case, all upper case or capitalised (letters only counted).
fn written_as_word(orig: &[u8]) -> bool {
    let letters = || orig.iter().filter(|b| b.is_ascii_alphabetic());
    letters().all(u8::is_ascii_lowercase)
        || letters().all(u8::is_ascii_uppercase)
        || (orig[0].is_ascii_uppercase() && letters().skip(1).all(u8::is_ascii_lowercase))
}

/// Whether `lower` (the lower-cased `v`) contains `word` written the way people write it in
/// `v` (see [`written_as_word`]).
pub fn contains_word(v: &[u8], lower: &[u8], word: &[u8]) -> bool {
    if word.is_empty() {
        return false;
    }
    memchr::memmem::find_iter(lower, word).any(|i| written_as_word(&v[i..i + word.len()]))
}

/// Whether `v` holds a Python named format field, `%(name)s`.
fn has_named_format(v: &[u8]) -> bool {
    let mut i = 0;
    while let Some(p) = v[i..].windows(2).position(|w| w == b"%(") {
        let start = i + p + 2;
        let n = v[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count();
        if n > 0
            && v.get(start + n) == Some(&b')')
            && v.get(start + n + 1)
                .is_some_and(|b| matches!(b, b's' | b'd' | b'r' | b'i' | b'f'))
        {
            return true;
        }
        i = start;
    }
    false
}

/// Whether `v` holds a `%s` or `%d` conversion that reads as one: followed by the end or by a
/// character that is not a letter or digit (`user%d`, `%s_backup`, `Item %d of %s`). Inside a
/// run of letters and digits (`...mC%d9lQ`) it is a chance pair in a typed password.
fn has_printf_spec(v: &[u8]) -> bool {
    v.windows(2).enumerate().any(|(i, w)| {
        w[0] == b'%'
            && (w[1] == b's' || w[1] == b'd')
            && !v.get(i + 2).is_some_and(u8::is_ascii_alphanumeric)
    })
}

/// Whether a value is long and varied enough to be generated rather than typed.
fn looks_random(v: &[u8]) -> bool {
    v.len() >= 20 && super::entropy::shannon(v) >= 3.9
}

/// Whether the value is an upper-case identifier such as `DB_PASSWORD` (the name of an
/// environment variable or setting, not its value).
pub fn is_env_var_name(value: &[u8]) -> bool {
    let v = trim(value);
    v.len() >= 3
        && v.contains(&b'_')
        && v[0].is_ascii_uppercase()
        && v.iter()
            .all(|&b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// Whether the value is a lower-case variable name that ends in a secret's word
/// (`app_password`, `db_secret`: psql's `:'app_password'`, a template's variable), the name
/// of the value rather than the value.
fn is_secret_variable_name(v: &[u8]) -> bool {
    let Some(cut) = v.iter().rposition(|&b| b == b'_') else {
        return false;
    };
    v[0].is_ascii_lowercase()
        && v.iter()
            .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && matches!(
            &v[cut + 1..],
            b"password" | b"passwd" | b"pwd" | b"pass" | b"secret" | b"token"
        )
}

/// Length of the longest run of consecutive ascending characters (`abc` = 3).
fn longest_ascending_run(v: &[u8]) -> usize {
    let mut best = 1;
    let mut run = 1;
    for w in v.windows(2) {
        if w[1] == w[0].wrapping_add(1) && w[0].is_ascii_alphanumeric() {
            run += 1;
            best = best.max(run);
        } else {
            run = 1;
        }
    }
    best
}

fn trim(v: &[u8]) -> &[u8] {
    let start = v
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(v.len());
    let end = v
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &v[start..end]
}

/// Substring search on bytes.
pub fn memfind(hay: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(hay, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `rand:` values get their random bodies drawn at test time (no token-shaped literal in
    /// the source); others stay as written (`Xk9<<alnum:10>>!` is a template, a placeholder).
    fn expand(t: &str) -> String {
        match t.strip_prefix("rand:") {
            Some(t) => {
                crate::rules::template::expand(t, &mut crate::rules::template::SplitMix64::new(7))
                    .unwrap_or_else(|e| panic!("{e}"))
            }
            None => t.to_string(),
        }
    }

    #[test]
    fn placeholders() {
        for p in [
            "changeme",
            "<your-password>",
            "${DB_PASSWORD}",
            "{{ db_password }}",
            "xxxxxxxx",
            "********",
            "your_password_here",
            "%(password)s",
            "ENC[AES256_GCM,data:abc]",
            "Xk9<<alnum:10>>!",
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/",
            "key-<your-key>",
            "$DB_PASS",
            "aaaaaaaa",
            "12345678",
            "example-secret",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "sk_test_FakeKeyForTheDocs1234",
            "rand:pk_live_<<alnum:24>>",
            "rand:pk.eyJ1<<b64url:30>>.<<b64url:22>>",
            "",
            "%DB_PASSWORD%",
            "%env(DB_PASSWORD)%",
            "postgres://%(user)s:%(password)s@db/app",
            "$(cat /run/secrets/db)",
            "user%d",
            "Item %d of %s",
            "%s_backup",
            "!vault |",
            "!Ref DbPassword",
            "*default_password",
            "@db_password@",
            "Passwort",
            "Contraseña",
            "Пароль",
            "not-set",
            "パスワードをリセット",
            "Введите пароль",
            "&quot;hunter2&quot;",
            "xoxb-SlackAppConfigurationAccessTokenHere",
            "sk-YourOpenAiKeyGoesHere",
            "process.env.REACT_APP_DB_PASSWORD",
            "env.PERKEEP_TEST_PASSWORD",
            "'$PRECOMPILE_PASSWORD'",
            "#add-password",
            // Masked bodies and id fields typed to fill a format.
            "rand:xoxp-<<digit:12>>-<<digit:12>>-<<digit:12>>-####################",
            "rand:xoxp-1234-1234-1234-<<hex:32>>",
            // Typed UUIDs: the textbook one, one digit, counting.
            "123e4567-e89b-12d3-a456-426614174000",
            "00000000-0000-0000-0000-000000000000",
            "11111111-1111-1111-1111-111111111111",
            "12345678-1234-1234-1234-123456789012",
            "AAAAAAAA-AAAA-AAAA-AAAA-AAAAAAAAAAAA",
            // A Fernet token is ciphertext.
            "rand:gAAAAABd<<b64url:112>>==",
        ] {
            let p = expand(p);
            assert!(is_placeholder(p.as_bytes()), "{p} should be a placeholder");
        }
        for s in [
            "hunter2!Q",
            "Tr0ub4dor&3",
            "s3cr3t-Pa55",
            "k8Hw2mQz",
            // Generated Django keys: template-like pairs by chance.
            "rand:<<lalnum:6>>$(<<lalnum:8>>%s<<lalnum:12>>%d-<<lalnum:14>>",
            "rand:$x9!<<lalnum:40>>",
            "rand:*k3!<<lalnum:40>>",
            "rand:$(8i!<<lalnum:40>>",
            "rand:%(8n-<<lalnum:40>>^%",
            // A random token that happens to spell a stand-in word in mixed case.
            "rand:<<alnum:8>>MoCk<<alnum:28>>",
            "!Q9x#mL2vR7kP4",
            // A typed password with a chance `%d` between letters and digits.
            "3XUJPzlAmC%d9lQ",
            // A URL-encoded signature.
            "rand:%2B<<alnum:40>>%3D",
            "CorrectHorseBatteryStaple",
            "Pässwörter-Kq83x!",
            "p8J3U7OPuz1quzk.DJ_X",
            "ckmoYYtDai.F48_KD",
            // Real ids do not repeat; one repeat is chance.
            "rand:xoxb-<<digit:12>>-<<digit:13>>-<<alnum:24>>",
            "rand:<<alnum:8>>-<<alnum:8>>-<<alnum:8>>",
            "tango_tango_tango_thunder_45",
            // Generated UUIDs (a Heroku API key is one).
            "rand:<<hex:8>>-<<hex:4>>-4<<hex:3>>-a<<hex:3>>-<<hex:12>>",
            "8f14e45f-ceea-467f-a0e6-1c2b3d4e5f60",
            // A long token that merely starts like Fernet is not one unless it is long.
            "rand:gAAAAAB<<b64url:40>>",
        ] {
            let s = expand(s);
            assert!(!is_placeholder(s.as_bytes()), "{s} is not a placeholder");
        }
    }

    #[test]
    fn stripe_publishable_keys_are_public_courier_keys_are_not() {
        // Stripe's publishable keys: base62 bodies, 24 characters or the newer 99.
        for p in [
            "rand:pk_test_<<alnum:24>>",
            "rand:pk_live_<<alnum:99>>",
            "rand:pk_test_51<<alnum:97>>",
        ] {
            let p = expand(p);
            assert!(is_placeholder(p.as_bytes()), "{p} is a public key");
            assert!(is_placeholder_where(p.as_bytes(), || false));
        }
        // Courier's keys: upper-case letters and digits, whatever name they sit under.
        for s in [
            "rand:pk_test_<<ualnum:28>>",
            "rand:pk_prod_<<ualnum:28>>",
            "rand:dk_test_<<ualnum:28>>",
        ] {
            let s = expand(s);
            assert!(!is_placeholder(s.as_bytes()), "{s} is a Courier key");
            assert!(!is_placeholder_where(s.as_bytes(), || false));
        }
        // Under a Courier name, a `pk_test_` value of any shape is Courier's.
        let mixed = expand("rand:pk_test_<<alnum:28>>");
        assert!(is_placeholder(mixed.as_bytes()));
        assert!(!is_placeholder_where(mixed.as_bytes(), || true));
        for context in [
            "COURIER_AUTH_TOKEN=",
            "courierApiKey: ",
            "Courier(auth_token=",
        ] {
            assert!(names_courier(context.as_bytes()), "{context}");
        }
        assert!(!names_courier(b"STRIPE_PUBLISHABLE_KEY = "));
        assert!(!names_courier(b"courie"));
        // A stand-in stays a stand-in under a Courier name.
        assert!(is_placeholder_where(
            b"pk_test_your_courier_key_here",
            || true
        ));
    }

    #[test]
    fn env_var_names() {
        assert!(is_env_var_name(b"DB_PASSWORD"));
        assert!(is_secret_variable_name(b"app_password"));
        assert!(is_secret_variable_name(b"db_secret"));
        assert!(!is_secret_variable_name(b"password"));
        assert!(!is_secret_variable_name(b"k7_x9q_2mz"));
        assert!(!is_secret_variable_name(b"App_password"));
        assert!(!is_env_var_name(b"Hunter2_x"));
        assert!(!is_env_var_name(b"PASSWORD"));
    }

    #[test]
    fn published_defaults() {
        // The digest is FNV-1a 64: its reference values for "" and "a".
        let fnv1a = crate::rules::template::fnv1a;
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        let mut rng = crate::rules::template::SplitMix64::new(5);
        for _ in 0..1000 {
            let v = crate::rules::template::expand("<<b64:86>>==", &mut rng)
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(!is_published_default(v.as_bytes()), "{v}");
        }
    }
}
