//! The compact form `build.rs` embeds the built-in rules in for scans (`rules-scan.bin`) and
//! the index of the embedded pattern DFAs (`patterns.bin`): the JSON values of the rule files,
//! written as tagged, length-prefixed values. Strings are raw bytes (no escapes to undo, no
//! scanning for their end), so a start-up decodes the 467 built-in rules in a fraction of what
//! parsing their JSON took, most of which went on the backslashes of their regexes.
//!
//! The form is self-describing (like JSON), so the rule types decode from it with their own
//! `serde` derives (`deny_unknown_fields`, defaults, untagged enums), one schema for both.
//!
//! Encoding (all integers little-endian), one tag byte then:
//! `n` null; `f` / `t` false / true; `u` u64, `i` i64, `d` f64 (8 bytes); `s` string (u32
//! length, UTF-8 bytes); `a` array (u32 count, values); `m` map (u32 count, then per entry a
//! u32-length key and a value).

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

/// A value that does not decode: the embedded bytes do not match what is asked of them.
#[derive(Debug)]
pub struct DecodeError(String);

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DecodeError {}

impl de::Error for DecodeError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        DecodeError(msg.to_string())
    }
}

/// Decodes a `T` from `bytes`; every byte must be used.
pub fn from_slice<'de, T: de::Deserialize<'de>>(bytes: &'de [u8]) -> Result<T, DecodeError> {
    let mut d = Decoder { bytes, at: 0 };
    let v = T::deserialize(&mut d)?;
    if d.at != bytes.len() {
        return Err(DecodeError(format!("trailing bytes at {}", d.at)));
    }
    Ok(v)
}

/// Reads values from a byte slice.
struct Decoder<'de> {
    bytes: &'de [u8],
    at: usize,
}

impl<'de> Decoder<'de> {
    fn take(&mut self, n: usize) -> Result<&'de [u8], DecodeError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| DecodeError(format!("truncated at {}", self.at)))?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<usize, DecodeError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    }

    fn u64_bytes(&mut self) -> Result<[u8; 8], DecodeError> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(a)
    }

    fn str(&mut self) -> Result<&'de str, DecodeError> {
        let n = self.u32()?;
        let b = self.take(n)?;
        std::str::from_utf8(b).map_err(|e| DecodeError(format!("string at {}: {e}", self.at)))
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }
}

impl<'de> de::Deserializer<'de> for &mut Decoder<'de> {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.u8()? {
            b'n' => visitor.visit_unit(),
            b'f' => visitor.visit_bool(false),
            b't' => visitor.visit_bool(true),
            b'u' => visitor.visit_u64(u64::from_le_bytes(self.u64_bytes()?)),
            b'i' => visitor.visit_i64(i64::from_le_bytes(self.u64_bytes()?)),
            b'd' => visitor.visit_f64(f64::from_le_bytes(self.u64_bytes()?)),
            b's' => visitor.visit_borrowed_str(self.str()?),
            b'a' => {
                let left = self.u32()?;
                visitor.visit_seq(Items { d: self, left })
            }
            b'm' => {
                let left = self.u32()?;
                visitor.visit_map(Items { d: self, left })
            }
            t => Err(DecodeError(format!(
                "unknown tag {t:#04x} at {}",
                self.at - 1
            ))),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        if self.peek() == Some(b'n') {
            self.at += 1;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        // Only unit variants, written as strings (`kind: provider`), as the rule files use.
        match self.u8()? {
            b's' => visitor.visit_enum(self.str()?.into_deserializer()),
            t => Err(DecodeError(format!(
                "expected a string for an enum, found tag {t:#04x} at {}",
                self.at - 1
            ))),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

/// The rest of an array or map.
struct Items<'a, 'de> {
    d: &'a mut Decoder<'de>,
    left: usize,
}

impl<'de> SeqAccess<'de> for Items<'_, 'de> {
    type Error = DecodeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DecodeError> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.d).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

impl<'de> MapAccess<'de> for Items<'_, 'de> {
    type Error = DecodeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DecodeError> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        let key = self.d.str()?;
        seed.deserialize(de::value::BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DecodeError> {
        seed.deserialize(&mut *self.d)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The encoder build.rs writes the embedded rules with.
    include!("compact_encode.rs");

    fn encode(v: &serde_json::Value, out: &mut Vec<u8>) {
        compact_encode(v, out).unwrap();
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Sample<'a> {
        name: String,
        #[serde(borrow)]
        tag: &'a str,
        n: usize,
        x: f64,
        neg: i64,
        opt: Option<String>,
        none: Option<u32>,
        list: Vec<Option<String>>,
        #[serde(default)]
        absent: bool,
        kind: crate::rules::Kind,
        group: crate::rules::GroupRef,
        other: crate::rules::GroupRef,
    }

    #[test]
    fn decodes_what_json_decodes() {
        let v = serde_json::json!({
            "name": "a\\b\"c\u{e9}", "tag": "t", "n": 3, "x": 2.5, "neg": -4,
            "opt": "o", "none": null, "list": ["x", null], "kind": "provider",
            "group": 2, "other": "secret",
        });
        let mut bytes = Vec::new();
        encode(&v, &mut bytes);
        let text = v.to_string();
        let from_json: Sample = serde_json::from_str(&text).unwrap();
        let from_compact: Sample = from_slice(&bytes).unwrap();
        assert_eq!(from_json, from_compact);
        assert_eq!(from_compact.name, "a\\b\"c\u{e9}");
        assert_eq!(from_compact.group, crate::rules::GroupRef::Index(2));
    }

    #[test]
    fn refuses_bad_input() {
        let v = serde_json::json!({"name": "x", "tag": "t", "n": 1, "x": 1, "neg": 1,
            "opt": null, "none": null, "list": [], "kind": "provider", "group": 0,
            "other": 0, "unknown": 1});
        let mut bytes = Vec::new();
        encode(&v, &mut bytes);
        assert!(from_slice::<Sample>(&bytes).is_err(), "unknown field");
        // Truncated anywhere: an error, never a panic.
        let mut ok = Vec::new();
        encode(&serde_json::json!(["abc", [1, 2.5], {"k": true}]), &mut ok);
        for n in 0..ok.len() {
            assert!(
                from_slice::<serde_json::Value>(&ok[..n]).is_err(),
                "cut at {n}"
            );
        }
        let whole: serde_json::Value = from_slice(&ok).unwrap();
        assert_eq!(whole, serde_json::json!(["abc", [1, 2.5], {"k": true}]));
        let mut extra = ok.clone();
        extra.push(b'n');
        assert!(
            from_slice::<serde_json::Value>(&extra).is_err(),
            "trailing bytes"
        );
        assert!(
            from_slice::<serde_json::Value>(b"z").is_err(),
            "unknown tag"
        );
    }
}
