//! XML as `XMLout($data, RootName => 'api')` writes it: no declaration, scalars of a hash as
//! attributes, arrays as repeated elements, two spaces per level.
//!
//! Keys come out as XML::Simple orders them: its key attributes `name`, `key`, `id` first, then
//! the rest sorted. An attribute value keeps its newlines literally.

use super::Value;

/// The whole document for the envelope `data`.
pub fn document(data: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    write_element(&mut out, "api", data, 0);
    out
}

/// Writes `value` as the element `name` at `depth`, with its trailing newline.
pub fn write_element(out: &mut Vec<u8>, name: &str, value: &Value, depth: usize) {
    match value {
        Value::Str(text) => {
            pad(out, depth);
            out.extend_from_slice(format!("<{name}>").as_bytes());
            escape(out, text);
            out.extend_from_slice(format!("</{name}>\n").as_bytes());
        }
        Value::List(items) => {
            for item in items {
                match item {
                    Value::List(_) => {
                        pad(out, depth);
                        out.extend_from_slice(format!("<{name}>\n").as_bytes());
                        write_element(out, "anon", item, depth + 1);
                        pad(out, depth);
                        out.extend_from_slice(format!("</{name}>\n").as_bytes());
                    }
                    _ => write_element(out, name, item, depth),
                }
            }
        }
        Value::Map(entries) => {
            pad(out, depth);
            out.extend_from_slice(format!("<{name}").as_bytes());
            if entries.is_empty() {
                out.extend_from_slice(format!("></{name}>\n").as_bytes());
                return;
            }
            let keys = sorted(entries);
            for (key, item) in &keys {
                if let Value::Str(text) = item {
                    out.extend_from_slice(format!(" {key}=\"").as_bytes());
                    escape(out, text);
                    out.push(b'"');
                }
            }
            let nested: Vec<_> = keys
                .iter()
                .filter(|(_, v)| !matches!(v, Value::Str(_)))
                .collect();
            if nested.is_empty() {
                out.extend_from_slice(b" />\n");
                return;
            }
            out.extend_from_slice(b">\n");
            for (key, item) in nested {
                write_element(out, key, item, depth + 1);
            }
            close(out, name, depth);
        }
    }
}

/// The opening tag of an element whose children are written later (for streamed replies).
pub fn open(out: &mut Vec<u8>, name: &str, attributes: &[(&str, &[u8])], depth: usize) {
    pad(out, depth);
    out.extend_from_slice(format!("<{name}").as_bytes());
    for (key, value) in attributes {
        out.extend_from_slice(format!(" {key}=\"").as_bytes());
        escape(out, value);
        out.push(b'"');
    }
    out.extend_from_slice(b">\n");
}

/// The closing tag of an element opened at `depth`.
pub fn close(out: &mut Vec<u8>, name: &str, depth: usize) {
    pad(out, depth);
    out.extend_from_slice(format!("</{name}>\n").as_bytes());
}

fn sorted(entries: &[(String, Value)]) -> Vec<(&str, &Value)> {
    const KEY_ATTRIBUTES: [&str; 3] = ["name", "key", "id"];
    let mut first: Vec<(&str, &Value)> = Vec::new();
    for wanted in KEY_ATTRIBUTES {
        if let Some((k, v)) = entries.iter().find(|(k, _)| k == wanted) {
            first.push((k.as_str(), v));
        }
    }
    let mut rest: Vec<(&str, &Value)> = entries
        .iter()
        .filter(|(k, _)| !KEY_ATTRIBUTES.contains(&k.as_str()))
        .map(|(k, v)| (k.as_str(), v))
        .collect();
    rest.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    first.extend(rest);
    first
}

fn pad(out: &mut Vec<u8>, depth: usize) {
    out.resize(out.len() + depth * 2, b' ');
}

fn escape(out: &mut Vec<u8>, text: &[u8]) {
    for &b in text {
        match b {
            b'&' => out.extend_from_slice(b"&amp;"),
            b'<' => out.extend_from_slice(b"&lt;"),
            b'>' => out.extend_from_slice(b"&gt;"),
            b'"' => out.extend_from_slice(b"&quot;"),
            _ => out.push(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_become_sorted_attributes_and_empty_hashes_stay_open() {
        let data = Value::map([
            ("status", Value::str("success")),
            ("command", Value::str("list-aliases")),
            (
                "data",
                Value::List(vec![Value::map([
                    (
                        "values",
                        Value::map([("to", Value::List(vec![Value::str("a@b"), Value::str("c")]))]),
                    ),
                    ("name", Value::str("x<y>")),
                ])]),
            ),
            ("empty", Value::map::<String>([])),
        ]);
        let expected = "<api command=\"list-aliases\" status=\"success\">
  <data name=\"x&lt;y&gt;\">
    <values>
      <to>a@b</to>
      <to>c</to>
    </values>
  </data>
  <empty></empty>
</api>
";
        assert_eq!(String::from_utf8(document(&data)).unwrap(), expected);
    }

    #[test]
    fn id_comes_before_the_sorted_keys() {
        let values = Value::map([
            ("zeta", Value::List(vec![Value::str("1")])),
            ("id", Value::List(vec![Value::str("7")])),
            ("alpha", Value::List(vec![Value::str("")])),
        ]);
        let mut out = Vec::new();
        write_element(&mut out, "values", &values, 0);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<values>\n  <id>7</id>\n  <alpha></alpha>\n  <zeta>1</zeta>\n</values>\n"
        );
    }

    #[test]
    fn a_hash_of_scalars_closes_itself_and_keeps_newlines() {
        let data = Value::map([
            ("output", Value::str("done\n")),
            ("status", Value::str("ok")),
        ]);
        assert_eq!(
            document(&data),
            b"<api output=\"done\n\" status=\"ok\" />\n"
        );
    }
}
