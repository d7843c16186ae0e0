//! Perl data as Data::Dumper writes it with its defaults (`Indent = 2`): every nested line is
//! indented to two columns past the bracket that opened it, strings in single quotes.

use super::Value;

/// `Dumper($data)`: `$VAR1 = {...};` and a newline.
pub fn dumper(value: &Value) -> Vec<u8> {
    let mut out = b"$VAR1 = ".to_vec();
    write(&mut out, value, 8);
    out.extend_from_slice(b";\n");
    out
}

/// Writes `value` whose first character lands at `column`.
pub fn write(out: &mut Vec<u8>, value: &Value, column: usize) {
    match value {
        Value::Str(bytes) => write_string(out, bytes),
        Value::List(items) if items.is_empty() => out.extend_from_slice(b"[]"),
        Value::Map(entries) if entries.is_empty() => out.extend_from_slice(b"{}"),
        Value::List(items) => {
            out.extend_from_slice(b"[\n");
            for (i, item) in items.iter().enumerate() {
                pad(out, column + 2);
                write(out, item, column + 2);
                out.extend_from_slice(if i + 1 < items.len() { b",\n" } else { b"\n" });
            }
            pad(out, column);
            out.push(b']');
        }
        Value::Map(entries) => {
            out.extend_from_slice(b"{\n");
            for (i, (key, item)) in entries.iter().enumerate() {
                pad(out, column + 2);
                let start = out.len();
                write_string(out, key.as_bytes());
                out.extend_from_slice(b" => ");
                let key_width = out.len() - start;
                write(out, item, column + 2 + key_width);
                out.extend_from_slice(if i + 1 < entries.len() { b",\n" } else { b"\n" });
            }
            pad(out, column);
            out.push(b'}');
        }
    }
}

/// Spaces up to `column`.
pub fn pad(out: &mut Vec<u8>, column: usize) {
    out.resize(out.len() + column, b' ');
}

fn write_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'\'');
    for &b in bytes {
        if b == b'\'' || b == b'\\' {
            out.push(b'\\');
        }
        out.push(b);
    }
    out.push(b'\'');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_indents_past_the_opening_bracket() {
        let value = Value::map([
            ("a", Value::List(vec![Value::str("1"), Value::str("x")])),
            ("e", Value::List(vec![])),
            (
                "bb",
                Value::map([("c", Value::List(vec![Value::str("d")]))]),
            ),
        ]);
        let expected = "$VAR1 = {
          'a' => [
                   '1',
                   'x'
                 ],
          'e' => [],
          'bb' => {
                    'c' => [
                             'd'
                           ]
                  }
        };
";
        assert_eq!(String::from_utf8(dumper(&value)).unwrap(), expected);
    }

    #[test]
    fn quotes_and_backslashes_are_escaped() {
        let mut out = Vec::new();
        write(&mut out, &Value::str("it's a \\ test"), 0);
        assert_eq!(out, b"'it\\'s a \\\\ test'");
    }
}
