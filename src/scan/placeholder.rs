//! Recognises values that are not secrets: placeholders, template variables, references to the
//! environment, encrypted blobs. Skipping them is most of what keeps a hook quiet.

/// Exact (case-insensitive) values that are never real secrets.
const EXACT: &[&str] = &[
    "changeme",
    "change_me",
    "change-me",
    "changeit",
    "password",
    "passwd",
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
    "....",
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
];

/// Whether `value` is a placeholder, template, reference or encrypted value rather than a secret.
pub fn is_placeholder(value: &[u8]) -> bool {
    let v = trim(value);
    if v.len() < 2 {
        return true;
    }
    let lower: Vec<u8> = v.to_ascii_lowercase();
    if EXACT.iter().any(|e| e.as_bytes() == lower.as_slice()) {
        return true;
    }
    if CONTAINS.iter().any(|c| memfind(&lower, c.as_bytes())) {
        return true;
    }
    // Template and reference syntaxes: ${VAR}, $VAR, {{ var }}, {var}, %(var)s, %s, <var>,
    // %env(VAR)%, #{var}, @var@, ENC[...] (sops), !vault, $(cmd), `cmd`.
    let first = v[0];
    let last = v[v.len() - 1];
    if first == b'$'
        || first == b'%'
        || first == b'!'
        || first == b'@'
        || first == b'&'
        || first == b'*'
    {
        return true;
    }
    if (first == b'<' && last == b'>')
        || (first == b'{' && last == b'}')
        || (first == b'[' && last == b']')
    {
        return true;
    }
    if memfind(v, b"${")
        || memfind(v, b"{{")
        || memfind(v, b"}}")
        || memfind(v, b"$(")
        || memfind(v, b"#{")
    {
        return true;
    }
    if memfind(v, b"%s") || memfind(v, b"%(") || memfind(v, b"%d") {
        return true;
    }
    if v.starts_with(b"ENC[") || v.starts_with(b"vault:") || v.starts_with(b"AQICAH") {
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

/// Substring search on bytes (memchr's memmem via aho-corasick is overkill for tiny needles).
pub fn memfind(hay: &[u8], needle: &[u8]) -> bool {
    if needle.is_empty() || needle.len() > hay.len() {
        return needle.is_empty();
    }
    hay.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

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
            "",
        ] {
            assert!(is_placeholder(p.as_bytes()), "{p} should be a placeholder");
        }
        for s in ["hunter2!Q", "Tr0ub4dor&3", "s3cr3t-Pa55", "k8Hw2mQz"] {
            assert!(!is_placeholder(s.as_bytes()), "{s} is not a placeholder");
        }
    }

    #[test]
    fn env_var_names() {
        assert!(is_env_var_name(b"DB_PASSWORD"));
        assert!(!is_env_var_name(b"Hunter2_x"));
        assert!(!is_env_var_name(b"PASSWORD"));
    }
}
