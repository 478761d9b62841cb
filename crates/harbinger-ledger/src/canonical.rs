//! Canonical JSON: the byte form that is hashed. Keys are sorted explicitly (never relying on
//! `serde_json`'s map order, which a `preserve_order` feature elsewhere in the build would
//! change), there is no whitespace, and floats are refused: a float's text form is not
//! stable across serialisers, so entries carry integers and strings only.

use serde::Serialize;
use serde_json::Value;

/// An entry that cannot be hashed.
#[derive(Debug, thiserror::Error)]
pub enum CanonicalError {
    #[error("entry does not serialise to JSON: {0}")]
    Serialize(#[from] serde_json::Error),
    #[error("entry contains a non-integer number at {0}; use integers or strings")]
    Float(String),
}

/// The canonical JSON bytes of `value`.
pub fn canonical_json<T: Serialize>(value: &T) -> Result<Vec<u8>, CanonicalError> {
    let v = serde_json::to_value(value)?;
    let mut out = Vec::with_capacity(256);
    write(&v, &mut out, "$")?;
    Ok(out)
}

fn write(v: &Value, out: &mut Vec<u8>, path: &str) -> Result<(), CanonicalError> {
    match v {
        Value::Null | Value::Bool(_) | Value::String(_) => {
            out.extend_from_slice(serde_json::to_string(v)?.as_bytes());
        }
        Value::Number(n) => {
            if !(n.is_i64() || n.is_u64()) {
                return Err(CanonicalError::Float(path.to_owned()));
            }
            out.extend_from_slice(n.to_string().as_bytes());
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write(item, out, &format!("{path}[{i}]"))?;
            }
            out.push(b']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
            out.push(b'{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(serde_json::to_string(k)?.as_bytes());
                out.push(b':');
                write(&map[k], out, &format!("{path}.{k}"))?;
            }
            out.push(b'}');
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sorts_keys_and_drops_whitespace() {
        let v = json!({"b": 1, "a": {"z": null, "y": [1, "x"]}, "é": true});
        let s = String::from_utf8(canonical_json(&v).unwrap()).unwrap();
        assert_eq!(s, r#"{"a":{"y":[1,"x"],"z":null},"b":1,"é":true}"#);
    }

    #[test]
    fn refuses_floats() {
        let err = canonical_json(&json!({"p": 1.5})).unwrap_err();
        assert!(err.to_string().contains("$.p"), "{err}");
    }

    #[test]
    fn escapes_strings_like_json() {
        let s = canonical_json(&json!({"k": "a\"b\n"})).unwrap();
        assert_eq!(s, br#"{"k":"a\"b\n"}"#);
    }
}
