//! Names in segments: `MinioRootPassword`, `MINIO_ROOT_PASSWORD` and `minio.root-password` all
//! read as `minio_root_password`, so a rule's key patterns can ask for whole words
//! (`(?:^|_)min_`) instead of prefixes that swallow longer names (`min` in MINIO).

use std::borrow::Cow;

/// The longest name that is segmented; longer names are matched as they are (no real setting
/// name is this long, and the work stays bounded).
const MAX_NAME: usize = 256;

/// `name` in lower case with its segments joined by `_`: separators are any byte that is not an
/// ASCII letter or digit (`_`, `-`, `.`, space...), and camelCase boundaries (`dbPass`,
/// `MySQLPassword` → `my_sql_password`, `s3Bucket` → `s3_bucket`). Digits stay with the letters
/// before them (`Password2` → `password2`). Linear in the length of the name.
pub fn segments(name: &[u8]) -> Cow<'_, [u8]> {
    if name.len() > MAX_NAME {
        return Cow::Borrowed(name);
    }
    let already = name
        .iter()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_')
        && !name.starts_with(b"_")
        && !name.ends_with(b"_")
        && !name.windows(2).any(|w| w == b"__");
    if already {
        return Cow::Borrowed(name);
    }
    let mut out = Vec::with_capacity(name.len() + 8);
    for (i, &b) in name.iter().enumerate() {
        if !b.is_ascii_alphanumeric() {
            if out.last().is_some_and(|&l| l != b'_') {
                out.push(b'_');
            }
            continue;
        }
        if b.is_ascii_uppercase() && i > 0 {
            let prev = name[i - 1];
            let next_lower = name.get(i + 1).is_some_and(u8::is_ascii_lowercase);
            let boundary = prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower);
            if boundary && out.last().is_some_and(|&l| l != b'_') {
                out.push(b'_');
            }
        }
        out.push(b.to_ascii_lowercase());
    }
    if out.last() == Some(&b'_') {
        out.pop();
    }
    Cow::Owned(out)
}

/// Whether `name` is a key of data: in segments, it ends in `key` or `keys` (digits after it
/// allowed) right after one of `words` (`cache_key`, `userSortKey`, `PRIMARY_KEY2`). `words`
/// are lower case; an empty list answers `false` at once.
pub fn is_data_key(name: &[u8], words: &[String]) -> bool {
    if words.is_empty() {
        return false;
    }
    let seg = segments(name);
    let mut parts = seg.rsplit(|&b| b == b'_');
    let Some(last) = parts.next() else {
        return false;
    };
    let digits = last.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    let word = &last[..last.len() - digits];
    if word != b"key" && word != b"keys" {
        return false;
    }
    parts
        .next()
        .is_some_and(|before| words.iter().any(|w| w.as_bytes() == before))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(n: &str) -> String {
        String::from_utf8_lossy(&segments(n.as_bytes())).into_owned()
    }

    #[test]
    fn splits_names() {
        assert_eq!(s("MINIO_ROOT_PASSWORD"), "minio_root_password");
        assert_eq!(s("MinioRootPassword"), "minio_root_password");
        assert_eq!(s("minio.root-password"), "minio_root_password");
        assert_eq!(s("dbPass"), "db_pass");
        assert_eq!(s("MySQLPassword"), "my_sql_password");
        assert_eq!(s("s3Bucket"), "s3_bucket");
        assert_eq!(s("Password2"), "password2");
        assert_eq!(s("PASSWORD_2"), "password_2");
        assert_eq!(s("db_password"), "db_password");
        assert_eq!(s("__init__"), "init");
        assert_eq!(s("mandrill token"), "mandrill_token");
        assert_eq!(s("SMTP__PASSWORD"), "smtp_password");
        assert_eq!(s(""), "");
    }

    #[test]
    fn data_keys() {
        let words: Vec<String> = ["cache", "sort", "primary", "socket"]
            .iter()
            .map(|w| w.to_string())
            .collect();
        for n in [
            "cache_key",
            "userSortKey",
            "PRIMARY_KEY2",
            "Sec-WebSocket-Key",
            "sort_keys",
        ] {
            assert!(is_data_key(n.as_bytes(), &words), "{n}");
        }
        for n in [
            "WEATHERLY_KEY",
            "cache_api_key",
            "key",
            "sortKeyName",
            "boxKey",
            "cache",
        ] {
            assert!(!is_data_key(n.as_bytes(), &words), "{n}");
        }
        assert!(!is_data_key(b"cache_key", &[]));
    }
}
