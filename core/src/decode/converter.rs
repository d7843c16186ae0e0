//! The server's text-to-data converter, re-done client-side for plain-text replies.
//!
//! With `json`, `xml` or `perl`, remote.cgi collects the program's output and hands it to
//! `convert_remote_format`, which picks one parser by program name and flags: multiline records,
//! a list of lines (`name-only`), validate-domains' report, list-bandwidth's table, get-ssl's
//! attributes, or none (the text goes to `output`). A plain-text reply carries the raw output, so
//! to give the same [`Response`](crate::Response) whatever the format this module applies the same
//! parsers with the same regular expressions, translated to byte scans. `\s` in those expressions
//! is Perl's ASCII whitespace (the server works on bytes), so every scan here is by byte, which is
//! safe on UTF-8 because no byte of a multi-byte character is ASCII.

use serde_json::{Map, Value};

/// What the converter made of the output: data, or the text itself.
#[derive(Debug, PartialEq)]
pub(crate) enum Converted {
    Data(Value),
    Output(String),
}

/// The flags the converter looks at, as they would be in remote.cgi's `%in`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Flags {
    /// `multiline` is defined: always with json/xml/perl unless `simple-multiline` was given.
    pub multiline: bool,
    /// `name-only` or `id-only` is defined.
    pub name_only: bool,
}

/// Converts `out` as `convert_remote_format` would for a successful run of `program`.
pub(crate) fn convert(program: &str, flags: Flags, out: &str) -> Converted {
    let lines = perl_lines(out);
    let listing = program.starts_with("list-") || program.starts_with("get-dns");
    let always_multiline =
        program.starts_with("list-php-ini") || program.starts_with("get-command");

    // NB: the order of these tests is the server's: list-bandwidth starts with `list-`, so with
    // multiline in effect (the json/xml/perl default) it gets the multiline parser, not its own.
    if listing && flags.multiline || always_multiline {
        Converted::Data(parse_multiline(&lines))
    } else if program.starts_with("list-") && flags.name_only {
        Converted::Data(Value::Array(
            lines
                .iter()
                .map(|l| Value::String((*l).to_owned()))
                .collect(),
        ))
    } else if program == "list-bandwidth" {
        Converted::Data(parse_bandwidth(&lines))
    } else if program == "validate-domains" {
        Converted::Data(parse_validation(&lines))
    } else if program == "get-ssl" || program == "stat-file" {
        Converted::Data(parse_attributes(&lines))
    } else {
        Converted::Output(out.to_owned())
    }
}

/// Perl's `split(/\r?\n/, $out)`: trailing empty fields are dropped, leading ones kept.
pub(crate) fn perl_lines(out: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = out
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// Perl's `\s` on a byte string.
pub(crate) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn trim_space_start(s: &str) -> &str {
    let skip = s.bytes().take_while(|&b| is_space(b)).count();
    &s[skip..]
}

/// `^(\S[^:]+):\s*(.*)$`: a key of at least two characters before the first colon after the
/// first character, then the value with leading whitespace skipped.
fn split_key_value(line: &str) -> Option<(&str, &str)> {
    let bytes = line.as_bytes();
    if bytes.is_empty() || is_space(bytes[0]) {
        return None;
    }
    let colon = 1 + bytes[1..].iter().position(|&b| b == b':')?;
    if colon < 2 {
        return None;
    }
    Some((&line[..colon], trim_space_start(&line[colon + 1..])))
}

/// A multiline key as the server stores it: ASCII lower case, each whitespace byte an `_`.
fn normalise_key(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii() && is_space(c as u8) {
                '_'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

/// Where indented `Key: value` lines go.
enum Current {
    /// No record yet: an unindented `Key: value` line is a top-level pair.
    Nothing,
    /// An indented line came before any record. Perl autovivified a hash that is in no list, so
    /// what goes there is lost, and pairs are no longer recognised.
    Orphan,
    /// The last record, by index.
    Record(usize),
}

enum Item<'a> {
    Pair(&'a str, &'a str),
    Record(&'a str, Map<String, Value>),
}

/// The multiline parser: unindented line = record name (or pair before the first record),
/// indented `Key: value` = a value appended to the record's list for that key.
pub(crate) fn parse_multiline(lines: &[&str]) -> Value {
    let mut items: Vec<Item<'_>> = Vec::new();
    let mut current = Current::Nothing;

    for &line in lines {
        let Some(&first) = line.as_bytes().first() else {
            continue;
        };
        if !is_space(first) {
            match split_key_value(line) {
                Some((name, value)) if matches!(current, Current::Nothing) => {
                    items.push(Item::Pair(name, value));
                }
                _ => {
                    items.push(Item::Record(line, Map::new()));
                    current = Current::Record(items.len() - 1);
                }
            }
            continue;
        }

        let Some((key, value)) = split_key_value(trim_space_start(line)) else {
            continue;
        };
        match current {
            Current::Record(index) => {
                if let Some(Item::Record(_, values)) = items.get_mut(index) {
                    let list = values
                        .entry(normalise_key(key))
                        .or_insert_with(|| Value::Array(Vec::new()));
                    if let Value::Array(list) = list {
                        list.push(Value::String(value.to_owned()));
                    }
                }
            }
            Current::Nothing | Current::Orphan => current = Current::Orphan,
        }
    }

    Value::Array(
        items
            .into_iter()
            .map(|item| {
                let mut object = Map::new();
                match item {
                    Item::Pair(name, value) => {
                        object.insert("name".into(), Value::String(name.to_owned()));
                        object.insert("value".into(), Value::String(value.to_owned()));
                    }
                    Item::Record(name, values) => {
                        object.insert("name".into(), Value::String(name.to_owned()));
                        object.insert("values".into(), Value::Object(values));
                    }
                }
                Value::Object(object)
            })
            .collect(),
    )
}

/// True when [`parse_multiline`] would give some record a value, without building anything.
pub(crate) fn multiline_has_values(out: &str) -> bool {
    let mut current = Current::Nothing;
    for line in perl_lines(out) {
        let Some(&first) = line.as_bytes().first() else {
            continue;
        };
        if !is_space(first) {
            if !(split_key_value(line).is_some() && matches!(current, Current::Nothing)) {
                current = Current::Record(0);
            }
        } else if split_key_value(trim_space_start(line)).is_some() {
            match current {
                Current::Record(_) => return true,
                Current::Nothing | Current::Orphan => current = Current::Orphan,
            }
        }
    }
    false
}

/// validate-domains: `name` lines start a domain, indented `feature : error` lines fail it.
///
/// The server also skips two fixed "all good" messages here, but neither holds a colon, so the
/// pattern can never match them and the check is left out.
fn parse_validation(lines: &[&str]) -> Value {
    let mut domains: Vec<Map<String, Value>> = Vec::new();
    let mut has_current = false;

    for &line in lines {
        let bytes = line.as_bytes();
        if !bytes.is_empty() && !bytes.iter().any(|&b| is_space(b)) {
            let mut domain = Map::new();
            domain.insert("name".into(), Value::String(line.to_owned()));
            domain.insert("errors".into(), Value::Array(Vec::new()));
            domain.insert("status".into(), Value::String("success".into()));
            domains.push(domain);
            has_current = true;
            continue;
        }

        // `^\s+((\S[^:]+)\s*:\s*(\S.*))$`: the greedy `[^:]+` keeps spaces before the colon.
        let indent = bytes.iter().take_while(|&&b| is_space(b)).count();
        if indent == 0 {
            continue;
        }
        let Some((feature, error)) = split_key_value(&line[indent..]) else {
            continue;
        };
        if error.is_empty() || !has_current {
            continue;
        }
        if let Some(domain) = domains.last_mut() {
            domain.insert("status".into(), Value::String("failed".into()));
            let mut entry = Map::new();
            entry.insert("feature".into(), Value::String(feature.to_owned()));
            entry.insert("error".into(), Value::String(error.to_owned()));
            if let Some(Value::Array(errors)) = domain.get_mut("errors") {
                errors.push(Value::Object(entry));
            }
        }
    }
    Value::Array(domains.into_iter().map(Value::Object).collect())
}

/// Virtualmin's list-bandwidth: `domain:` lines, then `  date: type:count type:count` lines.
///
/// Not yet: Cloudmin's list-bandwidth table (`server-manager`) has another shape; only
/// Virtualmin's is parsed here.
fn parse_bandwidth(lines: &[&str]) -> Value {
    let mut domains: Vec<(String, Vec<Value>)> = Vec::new();
    // After a date line with no domain yet, Perl pushes onto an orphan array.
    let mut in_domain = false;

    for &line in lines {
        let bytes = line.as_bytes();
        let unindented = !bytes.is_empty() && !is_space(bytes[0]);
        let whole_word = !bytes.iter().any(|&b| is_space(b));
        if unindented && bytes.len() >= 2 && bytes.last() == Some(&b':') && whole_word {
            domains.push((line[..line.len() - 1].to_owned(), Vec::new()));
            in_domain = true;
            continue;
        }

        // `^\s+(\S+):\s+(.*)$`: the first word must end with a colon followed by whitespace.
        let indent = bytes.iter().take_while(|&&b| is_space(b)).count();
        if indent == 0 {
            continue;
        }
        let rest = &line[indent..];
        let word_len = rest.bytes().take_while(|&b| !is_space(b)).count();
        let word = &rest[..word_len];
        let after = &rest[word_len..];
        if word.len() < 2 || !word.ends_with(':') || after.is_empty() {
            continue;
        }
        let mut entry = Map::new();
        entry.insert(
            "date".into(),
            Value::String(word[..word.len() - 1].to_owned()),
        );
        for pair in trim_space_start(after)
            .split(|c: char| c.is_ascii() && is_space(c as u8))
            .filter(|p| !p.is_empty())
        {
            // `split(/:/, $tc)` drops trailing empty fields: `web:` has no count (undef).
            let mut fields: Vec<&str> = pair.split(':').collect();
            while fields.last().is_some_and(|f| f.is_empty()) {
                fields.pop();
            }
            let kind = fields.first().copied().unwrap_or_default();
            let count = fields
                .get(1)
                .map_or(Value::Null, |c| Value::String((*c).to_owned()));
            entry.insert(kind.to_owned(), count);
        }
        if in_domain {
            if let Some((_, days)) = domains.last_mut() {
                days.push(Value::Object(entry));
            }
        }
    }

    Value::Array(
        domains
            .into_iter()
            .map(|(name, days)| {
                let mut object = Map::new();
                object.insert("name".into(), Value::String(name));
                object.insert("bw".into(), Value::Array(days));
                Value::Object(object)
            })
            .collect(),
    )
}

/// get-ssl and stat-file: `^(\S+):\s*(.*)`, the name running to the last colon of the first word.
fn parse_attributes(lines: &[&str]) -> Value {
    let mut pairs = Vec::new();
    for &line in lines {
        let word_len = line.bytes().take_while(|&b| !is_space(b)).count();
        let word = &line[..word_len];
        let Some(colon) = word.rfind(':') else {
            continue;
        };
        if colon == 0 {
            continue;
        }
        let mut object = Map::new();
        object.insert("name".into(), Value::String(line[..colon].to_owned()));
        object.insert(
            "value".into(),
            Value::String(trim_space_start(&line[colon + 1..]).to_owned()),
        );
        pairs.push(Value::Object(object));
    }
    Value::Array(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const MULTILINE: Flags = Flags {
        multiline: true,
        name_only: false,
    };

    fn data(program: &str, flags: Flags, out: &str) -> Value {
        match convert(program, flags, out) {
            Converted::Data(data) => data,
            Converted::Output(text) => panic!("expected data, got output {text:?}"),
        }
    }

    #[test]
    fn records_collect_repeated_keys_and_empty_values() {
        let out = "info@example.com\n    To: a@example.com\n    To: b@example.com\n    \
                   Home Directory:\n    Read-only Mode:  Yes \n";
        assert_eq!(
            data("list-aliases", MULTILINE, out),
            json!([{"name": "info@example.com", "values": {
                "to": ["a@example.com", "b@example.com"],
                "home_directory": [""],
                "read-only_mode": ["Yes "],
            }}])
        );
    }

    #[test]
    fn unindented_key_value_is_a_pair_only_before_the_first_record() {
        let out = "Description: Lists things\nthing\n    Binary: No\nNot: a pair\n";
        assert_eq!(
            data("get-command", MULTILINE, out),
            json!([
                {"name": "Description", "value": "Lists things"},
                {"name": "thing", "values": {"binary": ["No"]}},
                {"name": "Not: a pair", "values": {}},
            ])
        );
    }

    #[test]
    fn pair_split_needs_two_characters_before_the_colon() {
        assert_eq!(split_key_value("a: b"), None);
        assert_eq!(split_key_value(":a:b"), Some((":a", "b")));
        assert_eq!(
            split_key_value("[03/Dec/2026:12:41:26 +0000] x"),
            Some(("[03/Dec/2026", "12:41:26 +0000] x"))
        );
        assert_eq!(split_key_value("Key :\t v"), Some(("Key ", "v")));
    }

    #[test]
    fn indented_line_before_any_record_is_lost_and_stops_pairs() {
        let out = "    Orphan: x\nKey: value\n";
        assert_eq!(
            data("list-domains", MULTILINE, out),
            json!([{"name": "Key: value", "values": {}}])
        );
    }

    #[test]
    fn value_check_agrees_with_the_parser() {
        for out in [
            "Domain  User\n------  ----\na.com   a\n",
            "    Orphan: x\nKey: value\nrecord\n",
            "Key: value\nrecord\n    Key: v\n",
            "record\n    no colon here\n\n",
            "",
        ] {
            let parsed = parse_multiline(&perl_lines(out));
            let any_values = parsed.as_array().unwrap().iter().any(|item| {
                item.get("values")
                    .and_then(Value::as_object)
                    .is_some_and(|v| !v.is_empty())
            });
            assert_eq!(multiline_has_values(out), any_values, "{out:?}");
        }
    }

    #[test]
    fn crlf_lines_and_blank_lines_are_handled_like_perl_split() {
        assert_eq!(perl_lines("a\r\nb\n\n\n"), vec!["a", "b"]);
        assert_eq!(perl_lines("\na"), vec!["", "a"]);
        assert!(perl_lines("").is_empty());
        assert_eq!(
            data("list-users", MULTILINE, "bob\r\n    Real name: Bob\r\n"),
            json!([{"name": "bob", "values": {"real_name": ["Bob"]}}])
        );
    }

    #[test]
    fn name_only_without_forced_multiline_gives_the_lines() {
        let flags = Flags {
            multiline: false,
            name_only: true,
        };
        assert_eq!(
            data("list-domains", flags, "a.com\n    ID: 1\n\nb.com\n\n"),
            json!(["a.com", "    ID: 1", "", "b.com"])
        );
    }

    #[test]
    fn programs_without_a_parser_keep_their_text() {
        let flags = Flags {
            multiline: true,
            name_only: false,
        };
        assert_eq!(
            convert("create-user", flags, "User bob created\n"),
            Converted::Output("User bob created\n".into())
        );
        let simple = Flags {
            multiline: false,
            name_only: false,
        };
        assert_eq!(
            convert("list-domains", simple, "x\n"),
            Converted::Output("x\n".into())
        );
    }

    #[test]
    fn validation_report_marks_failed_features() {
        let out = "example.com\n    All features are good\nbad.org\n    Mail : no MX record\n";
        assert_eq!(
            data("validate-domains", MULTILINE, out),
            json!([
                {"name": "example.com", "status": "success", "errors": []},
                {"name": "bad.org", "status": "failed",
                 "errors": [{"feature": "Mail ", "error": "no MX record"}]},
            ])
        );
    }

    #[test]
    fn bandwidth_table_is_parsed_only_without_multiline() {
        let flags = Flags {
            multiline: false,
            name_only: false,
        };
        let out = "example.com:\n    2026-12-01: web:100 mail:20 ftp:\n";
        assert_eq!(
            data("list-bandwidth", flags, out),
            json!([{"name": "example.com", "bw": [
                {"date": "2026-12-01", "web": "100", "mail": "20", "ftp": null}
            ]}])
        );
        // With multiline in effect the generic parser wins, as on the server.
        assert_eq!(
            data("list-bandwidth", MULTILINE, out),
            json!([{"name": "example.com", "value": ""}])
        );
    }

    #[test]
    fn attributes_run_to_the_last_colon_of_the_first_word() {
        let out = "cn: example.com\nissuer:o:x  y\nValid from: never\n";
        assert_eq!(
            data("get-ssl", MULTILINE, out),
            json!([
                {"name": "cn", "value": "example.com"},
                {"name": "issuer:o", "value": "x  y"},
            ])
        );
    }

    #[test]
    fn keys_are_lower_cased_bytewise_and_keep_non_ascii() {
        assert_eq!(normalise_key("Größe In KB"), "größe_in_kb");
        assert_eq!(normalise_key("A\tB"), "a_b");
    }
}
