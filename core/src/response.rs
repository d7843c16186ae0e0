//! The decoded reply of a successful call, the same whatever wire format carried it.
//!
//! [`Response::data`] is the envelope's `data` normalised: a list of records
//! (`{"name": .., "values": {key: [string, ..]}}`), of pairs (`{"name": .., "value": ..}`), of
//! plain strings (the answer of `name-only`, `id-only` and the like), or one of the few special
//! shapes some programs have. [`Response::output`] is the program's text when it printed text
//! rather than data. The typed views borrow from `data`.

use serde_json::{Map, Value};

use crate::call::Format;

/// A successful reply. Failures never arrive here: they are [`Error`](crate::Error)s.
#[derive(Clone, Debug)]
pub struct Response {
    program: String,
    format: Format,
    data: Option<Value>,
    output: Option<String>,
    exit_status: Option<i32>,
    raw: Vec<u8>,
}

impl Response {
    pub(crate) fn new(
        program: impl Into<String>,
        format: Format,
        data: Option<Value>,
        output: Option<String>,
        exit_status: Option<i32>,
        raw: Vec<u8>,
    ) -> Self {
        Response {
            program: program.into(),
            format,
            data,
            output,
            exit_status,
            raw,
        }
    }

    /// The program that ran, as the server named it (or as it was called when the server did not
    /// say, as in plain-text replies).
    pub fn program(&self) -> &str {
        &self.program
    }

    /// Always `"success"`: a failed program is returned as an error, never as a response.
    pub fn status(&self) -> &'static str {
        "success"
    }

    /// The wire format this reply came in.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The exit status line of a plain-text reply (`Some(0)`); JSON, XML and Perl carry none.
    pub fn exit_status(&self) -> Option<i32> {
        self.exit_status
    }

    /// The structured result, if the program produced one.
    pub fn data(&self) -> Option<&Value> {
        self.data.as_ref()
    }

    /// Takes the structured result out, without copying it.
    pub fn into_data(self) -> Option<Value> {
        self.data
    }

    /// The program's text output, if it printed text rather than data.
    pub fn output(&self) -> Option<&str> {
        self.output.as_deref()
    }

    /// The reply body exactly as received.
    pub fn raw(&self) -> &[u8] {
        &self.raw
    }

    /// The records of a multiline listing (`list-domains`, `list-users`, `get-command`, ...).
    ///
    /// Empty when the data holds no records. Pairs and plain strings are skipped.
    pub fn records(&self) -> Vec<Record<'_>> {
        self.items()
            .filter_map(|item| {
                let object = item.as_object()?;
                let name = object.get("name")?.as_str()?;
                let values = object.get("values")?.as_object()?;
                Some(Record { name, values })
            })
            .collect()
    }

    /// The `Key: value` lines that come before the first record (`get-command`'s description).
    pub fn pairs(&self) -> Vec<(&str, &str)> {
        self.items()
            .filter_map(|item| {
                let object = item.as_object()?;
                Some((
                    object.get("name")?.as_str()?,
                    object.get("value")?.as_str()?,
                ))
            })
            .collect()
    }

    /// A plain list of strings: the answer of `name-only`, `id-only`, `user-only` and the like.
    pub fn names(&self) -> Vec<&str> {
        self.items().filter_map(Value::as_str).collect()
    }

    fn items(&self) -> impl Iterator<Item = &Value> {
        self.data
            .as_ref()
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
    }
}

/// Two responses are equal when they carry the same result, whatever format carried it.
impl PartialEq for Response {
    fn eq(&self, other: &Self) -> bool {
        self.program == other.program && self.data == other.data && self.output == other.output
    }
}

/// One record of a multiline listing: a name and keys with one or more string values each.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Record<'a> {
    name: &'a str,
    values: &'a Map<String, Value>,
}

impl<'a> Record<'a> {
    /// The record's name: the unindented line (a domain, a user, an alias, a program).
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// The first value of `key` (keys are lower-case with `_` for spaces: `home_directory`).
    pub fn get(&self, key: &str) -> Option<&'a str> {
        self.get_all(key).next()
    }

    /// Every value of `key`, in order (`to` of an alias with several destinations).
    pub fn get_all(&self, key: &str) -> impl Iterator<Item = &'a str> {
        self.values
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
    }

    /// The keys of this record, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &'a str> {
        self.values.keys().map(String::as_str)
    }

    /// The values as they are in `data`: each key maps to an array of strings.
    pub fn values(&self) -> &'a Map<String, Value> {
        self.values
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn response(data: Value) -> Response {
        Response::new(
            "list-aliases",
            Format::Json,
            Some(data),
            None,
            None,
            Vec::new(),
        )
    }

    #[test]
    fn views_pick_their_own_shapes() {
        let r = response(json!([
            {"name": "Description", "value": "Lists aliases"},
            {"name": "info@example.com", "values": {"to": ["a@example.com", "b@example.com"]}},
            "loose",
        ]));
        assert_eq!(r.pairs(), vec![("Description", "Lists aliases")]);
        assert_eq!(r.names(), vec!["loose"]);
        let records = r.records();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].name(), "info@example.com");
        assert_eq!(records[0].get("to"), Some("a@example.com"));
        assert_eq!(
            records[0].get_all("to").collect::<Vec<_>>(),
            ["a@example.com", "b@example.com"]
        );
        assert_eq!(records[0].get("missing"), None);
    }

    #[test]
    fn equality_ignores_the_wire_format() {
        let a = response(json!(["x"]));
        let mut b = response(json!(["x"]));
        b.format = Format::Text;
        b.raw = b"x\n\nExit status: 0\n".to_vec();
        assert_eq!(a, b);
    }
}
