//! JSON as JSON::PP writes it: `->pretty` indents by three spaces and puts ` : ` between key and
//! value; strings carry their bytes unescaped except for quotes, backslashes and control bytes.

use super::Value;

/// `JSON::PP->new->pretty->encode`: ends with one newline.
pub fn pretty(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    write_pretty(&mut out, value, 0);
    out.push(b'\n');
    out
}

/// `JSON::PP->new->encode`: one line, no newline.
pub fn minified(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    write_minified(&mut out, value);
    out
}

/// Writes `value` pretty-printed as if it stood `level` levels deep (its first line is not
/// indented, its inner lines are).
pub fn write_pretty(out: &mut Vec<u8>, value: &Value, level: usize) {
    match value {
        Value::Str(bytes) => write_string(out, bytes),
        Value::List(items) if items.is_empty() => out.extend_from_slice(b"[]"),
        Value::Map(entries) if entries.is_empty() => out.extend_from_slice(b"{}"),
        Value::List(items) => {
            out.extend_from_slice(b"[\n");
            for (i, item) in items.iter().enumerate() {
                indent(out, level + 1);
                write_pretty(out, item, level + 1);
                out.extend_from_slice(if i + 1 < items.len() { b",\n" } else { b"\n" });
            }
            indent(out, level);
            out.push(b']');
        }
        Value::Map(entries) => {
            out.extend_from_slice(b"{\n");
            for (i, (key, item)) in entries.iter().enumerate() {
                indent(out, level + 1);
                write_string(out, key.as_bytes());
                out.extend_from_slice(b" : ");
                write_pretty(out, item, level + 1);
                out.extend_from_slice(if i + 1 < entries.len() { b",\n" } else { b"\n" });
            }
            indent(out, level);
            out.push(b'}');
        }
    }
}

/// Writes `value` on one line.
pub fn write_minified(out: &mut Vec<u8>, value: &Value) {
    match value {
        Value::Str(bytes) => write_string(out, bytes),
        Value::List(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_minified(out, item);
            }
            out.push(b']');
        }
        Value::Map(entries) => {
            out.push(b'{');
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_string(out, key.as_bytes());
                out.push(b':');
                write_minified(out, item);
            }
            out.push(b'}');
        }
    }
}

/// The indentation of `level` in pretty output.
pub fn indent(out: &mut Vec<u8>, level: usize) {
    out.resize(out.len() + level * 3, b' ');
}

fn write_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'"');
    for &b in bytes {
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0C => out.extend_from_slice(b"\\f"),
            0..=0x1F => out.extend_from_slice(format!("\\u{b:04x}").as_bytes()),
            _ => out.push(b),
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_output_has_json_pp_spacing() {
        let value = Value::map([
            ("status", Value::str("error")),
            (
                "data",
                Value::List(vec![Value::map([("values", Value::map::<String>([]))])]),
            ),
            ("none", Value::List(vec![])),
        ]);
        let text = String::from_utf8(pretty(&value)).unwrap();
        assert_eq!(
            text,
            r#"{
   "status" : "error",
   "data" : [
      {
         "values" : {}
      }
   ],
   "none" : []
}
"#
        );
    }

    #[test]
    fn strings_escape_only_what_json_pp_escapes() {
        let value = Value::str("a\"b\\c\nd/é\u{1}");
        assert_eq!(minified(&value), "\"a\\\"b\\\\c\\nd/é\\u0001\"".as_bytes());
    }
}
