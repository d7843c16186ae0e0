//! `convert_remote_format`: how remote.cgi turns a program's text output into the data of a
//! JSON, XML or Perl reply.
//!
//! The rules are Virtualmin's, quirks included: list programs are parsed as `multiline` output
//! whenever a format was asked (remote.cgi pretends the flag was given, without passing it to
//! the program), so a table comes back as one fake record per line; unindented `Key: value`
//! lines before the first record become `{name, value}` pairs; keys are lower-cased with each
//! whitespace byte turned into `_`.

use crate::encode::Value;

/// The `%in` keys the converter looks at, after remote.cgi's own additions.
pub struct Flags<'a> {
    pub defined: &'a dyn Fn(&str) -> bool,
}

/// The envelope for a program run: `command`, `status`, then `data`, `output` or the error.
pub fn convert(output: &[u8], exit_status: i32, command: &str, flags: &Flags<'_>) -> Value {
    let mut envelope = vec![("command".to_owned(), Value::str(command))];
    let status = if exit_status != 0 {
        "failure"
    } else {
        "success"
    };
    envelope.push(("status".to_owned(), Value::str(status)));

    let multiline = (command.starts_with("list-") || command.starts_with("get-dns"))
        && (flags.defined)("multiline")
        || command.starts_with("list-php-ini")
        || command.starts_with("get-command");
    let names = command.starts_with("list-")
        && ((flags.defined)("name-only") || (flags.defined)("id-only"));

    if exit_status != 0 {
        let lines = split_lines(output);
        let first = lines.iter().find(|l| l.iter().any(|&b| !is_space(b)));
        envelope.push((
            "error".to_owned(),
            Value::str(first.copied().unwrap_or_default()),
        ));
        envelope.push(("full_error".to_owned(), Value::str(output)));
    } else if multiline {
        envelope.push(("data".to_owned(), Value::List(parse_multiline(output))));
    } else if names {
        let lines = split_lines(output).into_iter().map(Value::str).collect();
        envelope.push(("data".to_owned(), Value::List(lines)));
    } else {
        envelope.push(("output".to_owned(), Value::str(output)));
    }
    Value::Map(envelope)
}

/// Parses `multiline` output into `{name, values}` records and leading `{name, value}` pairs.
pub fn parse_multiline(output: &[u8]) -> Vec<Value> {
    let mut data: Vec<Value> = Vec::new();
    // NB: the index of the current record in `data`; indented lines before any record go
    // nowhere, as in Perl, where they land in an autovivified hash that is never stored.
    let mut current: Option<usize> = None;

    for line in split_lines(output) {
        if current.is_none() {
            if let Some((name, value)) = top_level_pair(line) {
                data.push(Value::map([
                    ("name", Value::str(name)),
                    ("value", Value::str(value)),
                ]));
                continue;
            }
        }
        if line.first().is_some_and(|&b| !is_space(b)) {
            data.push(Value::map([
                ("name", Value::str(line)),
                ("values", Value::Map(vec![])),
            ]));
            current = Some(data.len() - 1);
        } else if let Some((key, value)) = indented_pair(line) {
            let Some(Value::Map(record)) = current.and_then(|i| data.get_mut(i)) else {
                continue;
            };
            let Some((_, Value::Map(values))) = record.iter_mut().find(|(k, _)| k == "values")
            else {
                continue;
            };
            match values.iter_mut().find(|(k, _)| *k == key) {
                Some((_, Value::List(list))) => list.push(Value::str(value)),
                _ => values.push((key, Value::List(vec![Value::str(value)]))),
            }
        }
    }
    data
}

/// Perl's `split(/\r?\n/, $text)`: trailing empty fields are dropped.
pub fn split_lines(text: &[u8]) -> Vec<&[u8]> {
    let mut lines: Vec<&[u8]> = text
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// Perl's `\s` on a byte string.
pub fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
}

/// `/^(\S[^:]+):\s*(.*)$/`
fn top_level_pair(line: &[u8]) -> Option<(&[u8], &[u8])> {
    if line.first().is_none_or(|&b| is_space(b)) {
        return None;
    }
    key_and_value(line, 0)
}

/// `/^\s+(\S[^:]+):\s*(.*)$/`, the key lower-cased with whitespace as `_`.
fn indented_pair(line: &[u8]) -> Option<(String, &[u8])> {
    let start = line.iter().position(|&b| !is_space(b))?;
    if start == 0 {
        return None;
    }
    let (key, value) = key_and_value(line, start)?;
    let key: Vec<u8> = key
        .iter()
        .map(|&b| {
            if is_space(b) {
                b'_'
            } else {
                b.to_ascii_lowercase()
            }
        })
        .collect();
    Some((String::from_utf8_lossy(&key).into_owned(), value))
}

/// The key from `start` (a non-space byte) to the first colon, at least two bytes long, and the
/// value after the colon and any whitespace.
fn key_and_value(line: &[u8], start: usize) -> Option<(&[u8], &[u8])> {
    let colon = start + line[start..].iter().position(|&b| b == b':')?;
    if colon < start + 2 {
        return None;
    }
    let rest = &line[colon + 1..];
    let skip = rest
        .iter()
        .position(|&b| !is_space(b))
        .unwrap_or(rest.len());
    Some((&line[start..colon], &rest[skip..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::json;

    fn flags(defined: &'static [&'static str]) -> impl Fn(&str) -> bool {
        move |key| defined.contains(&key)
    }

    #[test]
    fn a_table_without_multiline_becomes_fake_records() {
        let out = b"Domain    Username\n--------- --------\nexample.com example\n\n";
        let defined = flags(&["multiline"]);
        let data = convert(out, 0, "list-domains", &Flags { defined: &defined });
        let records = match data.get("data") {
            Some(Value::List(records)) => records.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(records.len(), 3);
        assert_eq!(
            records[1].get("name"),
            Some(&Value::str("--------- --------"))
        );
        assert_eq!(records[1].get("values"), Some(&Value::Map(vec![])));
    }

    #[test]
    fn records_collect_repeated_keys_and_pairs_come_first() {
        let out = b"Description: Make an alias\ninfo@example.com\n    To: a@x\n    To: b@x\n    \
                    Plugins: \n    Read-only mode: No\n";
        let data = Value::List(parse_multiline(out));
        let text = String::from_utf8(json::minified(&data)).unwrap();
        assert_eq!(
            text,
            "[{\"name\":\"Description\",\"value\":\"Make an alias\"},\
             {\"name\":\"info@example.com\",\"values\":{\"to\":[\"a@x\",\"b@x\"],\
             \"plugins\":[\"\"],\"read-only_mode\":[\"No\"]}}]"
        );
    }

    #[test]
    fn a_log_line_splits_at_its_first_colon() {
        let out = b"[03/Dec/2026:12:41:26 +0000] [127.0.0.1] Failed\n";
        let data = parse_multiline(out);
        assert_eq!(data[0].get("name"), Some(&Value::str("[03/Dec/2026")));
        assert_eq!(
            data[0].get("value"),
            Some(&Value::str("12:41:26 +0000] [127.0.0.1] Failed"))
        );
    }

    #[test]
    fn failure_takes_the_first_non_blank_line() {
        let out = b"\nNo such thing\n\nusage\n";
        let defined = flags(&[]);
        let data = convert(out, 256, "create-alias", &Flags { defined: &defined });
        assert_eq!(data.get("status"), Some(&Value::str("failure")));
        assert_eq!(data.get("error"), Some(&Value::str("No such thing")));
        assert_eq!(data.get("full_error"), Some(&Value::str(&out[..])));
    }

    #[test]
    fn name_only_without_multiline_gives_strings_and_others_give_output() {
        let defined = flags(&["name-only"]);
        let data = convert(
            b"a.com\nb.com\n",
            0,
            "list-domains",
            &Flags { defined: &defined },
        );
        assert_eq!(
            data.get("data"),
            Some(&Value::List(vec![Value::str("a.com"), Value::str("b.com")]))
        );
        let data = convert(b"done\n", 0, "create-user", &Flags { defined: &defined });
        assert_eq!(data.get("output"), Some(&Value::str("done\n")));
    }
}
