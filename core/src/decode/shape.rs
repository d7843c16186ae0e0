//! Normalising the converter's `data` by what the call asked for, so that every format agrees.
//!
//! The converter's records are only records when the program really printed multiline output.
//! remote.cgi forces the converter into multiline mode for json/xml/perl but never passes
//! `--multiline` to the program, so a list program called without a listing flag prints its
//! table, and each table line (header and ruler too) comes back as a record with no values.
//! With `name-only`, `id-only` and their kin the same empty records carry the answer. This
//! module turns the first case back into text and the second into a list of strings; anything
//! else passes unchanged.

use serde_json::Value;

use crate::call::Call;

/// Flags that make a list program print one bare value per line.
pub(crate) const NAME_FLAGS: [&str; 10] = [
    "name-only",
    "id-only",
    "user-only",
    "email-only",
    "home-only",
    "file-only",
    "ip-only",
    "ip6-only",
    "port-only",
    "value-only",
];

/// How the converter's data is to be read for this call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// `multiline` was sent: records are records.
    Records,
    /// A one-value-per-line flag was sent: the items are the answer, as strings.
    Names,
    /// A list program with no listing flag: it printed a table, which is text.
    Table,
    /// Anything else: the data is what the converter made.
    AsIs,
}

fn mode(call: &Call) -> Mode {
    let program = call.program();
    if !(program.starts_with("list-") || program.starts_with("get-dns")) {
        return Mode::AsIs;
    }
    if call.has_flag("multiline") {
        Mode::Records
    } else if NAME_FLAGS.iter().any(|flag| call.has_flag(flag)) {
        Mode::Names
    } else if call.has_flag("simple-multiline") {
        Mode::AsIs
    } else {
        Mode::Table
    }
}

/// True when a reply to `call` is a table unless the program printed indented values: a list
/// program called with no listing flag.
pub(crate) fn expects_table(call: &Call) -> bool {
    mode(call) == Mode::Table
}

/// The result of normalising.
#[derive(Debug, PartialEq)]
pub(crate) enum Shaped {
    /// Structured data for [`Response::data`](crate::Response::data).
    Data(Value),
    /// A table rebuilt from the converter's fake records, one line per item, each ending in
    /// `\n`. Blank and indented lines are not in the data, so they are not here either.
    Table(String),
}

/// Normalises `data` from the envelope of a reply to `call`.
pub(crate) fn shape(call: &Call, data: Value) -> Shaped {
    match mode(call) {
        Mode::Records | Mode::AsIs => Shaped::Data(data),
        Mode::Names => match item_lines(&data) {
            Some(lines) => {
                Shaped::Data(Value::Array(lines.into_iter().map(Value::String).collect()))
            }
            None => Shaped::Data(data),
        },
        Mode::Table => match item_lines(&data) {
            Some(lines) => {
                let mut text = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
                for line in lines {
                    text.push_str(&line);
                    text.push('\n');
                }
                Shaped::Table(text)
            }
            None => Shaped::Data(data),
        },
    }
}

/// The output line behind each item, if every item is one the converter makes from a single
/// line: a record without values, a top-level pair, or a plain string.
fn item_lines(data: &Value) -> Option<Vec<String>> {
    data.as_array()?.iter().map(item_line).collect()
}

fn item_line(item: &Value) -> Option<String> {
    match item {
        Value::String(line) => Some(line.clone()),
        Value::Object(object) => {
            let name = object.get("name")?.as_str()?;
            match (object.get("values"), object.get("value")) {
                (Some(Value::Object(values)), None) if values.is_empty() && object.len() == 2 => {
                    Some(name.to_owned())
                }
                // NB: the converter split the line at its first colon and dropped the spaces
                // after it. Joining with a bare colon restores what such lines usually are (a
                // log timestamp, an IPv6 address); `Key: value` comes back as `Key:value`.
                (None, Some(Value::String(value))) if object.len() == 2 => {
                    Some(format!("{name}:{value}"))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn table_records() -> Value {
        json!([
            {"name": "Domain   Username", "values": {}},
            {"name": "-------- --------", "values": {}},
            {"name": "a.com    a", "values": {}},
        ])
    }

    #[test]
    fn list_without_listing_flag_is_text_not_records() {
        let call = Call::new("list-domains");
        assert_eq!(
            shape(&call, table_records()),
            Shaped::Table("Domain   Username\n-------- --------\na.com    a\n".into())
        );
    }

    #[test]
    fn multiline_flag_keeps_records_even_without_values() {
        let call = Call::new("list-domains").flag("multiline");
        assert_eq!(shape(&call, table_records()), Shaped::Data(table_records()));
    }

    #[test]
    fn name_only_gives_plain_strings() {
        let call = Call::new("list-domains").flag("name-only");
        let data = json!([
            {"name": "a.com", "values": {}},
            {"name": "2001", "value": "db8::1"},
            "c.com",
        ]);
        assert_eq!(
            shape(&call, data),
            Shaped::Data(json!(["a.com", "2001:db8::1", "c.com"]))
        );
        assert_eq!(shape(&call, json!([])), Shaped::Data(json!([])));
    }

    #[test]
    fn real_records_are_never_flattened() {
        let call = Call::new("list-aliases");
        let data = json!([{"name": "info@a.com", "values": {"to": ["x"]}}]);
        assert_eq!(shape(&call, data.clone()), Shaped::Data(data));
    }

    #[test]
    fn other_programs_pass_through() {
        let call = Call::new("validate-domains");
        let data = json!([{"name": "a.com", "status": "success", "errors": []}]);
        assert_eq!(shape(&call, data.clone()), Shaped::Data(data));
        let call = Call::new("get-command").arg("command", "x");
        assert_eq!(shape(&call, table_records()), Shaped::Data(table_records()));
    }
}
