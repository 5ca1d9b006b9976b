// The encoder of the compact form (`src/rules/compact.rs` documents it and decodes it). One
// copy serves both sides: build.rs `include!`s this file to write the embedded rules, and the
// decoder's tests include it to build their inputs. Plain comments only: it is included.

/// Appends `v` in the compact form; an error when a length is over 4 GiB or a number has no
/// 8-byte form.
fn compact_encode(v: &serde_json::Value, out: &mut Vec<u8>) -> Result<(), String> {
    use serde_json::Value;
    fn len(n: usize, out: &mut Vec<u8>) -> Result<(), String> {
        let n = u32::try_from(n).map_err(|_| "a built-in rule value is over 4 GiB".to_string())?;
        out.extend_from_slice(&n.to_le_bytes());
        Ok(())
    }
    match v {
        Value::Null => out.push(b'n'),
        Value::Bool(b) => out.push(if *b { b't' } else { b'f' }),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                out.push(b'u');
                out.extend_from_slice(&u.to_le_bytes());
            } else if let Some(i) = n.as_i64() {
                out.push(b'i');
                out.extend_from_slice(&i.to_le_bytes());
            } else {
                let f = n
                    .as_f64()
                    .ok_or_else(|| format!("number {n} is not representable"))?;
                out.push(b'd');
                out.extend_from_slice(&f.to_le_bytes());
            }
        }
        Value::String(s) => {
            out.push(b's');
            len(s.len(), out)?;
            out.extend_from_slice(s.as_bytes());
        }
        Value::Array(a) => {
            out.push(b'a');
            len(a.len(), out)?;
            for x in a {
                compact_encode(x, out)?;
            }
        }
        Value::Object(m) => {
            out.push(b'm');
            len(m.len(), out)?;
            for (k, x) in m {
                len(k.len(), out)?;
                out.extend_from_slice(k.as_bytes());
                compact_encode(x, out)?;
            }
        }
    }
    Ok(())
}
