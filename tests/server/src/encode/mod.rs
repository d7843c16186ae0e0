//! The data remote.cgi builds from a program's output, and its three serialisations: JSON::PP,
//! XML::Simple and Data::Dumper, byte for byte as the Perl modules write them.
//!
//! Strings are bytes, as in Perl: whatever a program printed (UTF-8, or half a character cut by
//! a fixed-width column) goes out unchanged.

pub mod json;
pub mod perl;
pub mod xml;

/// A Perl value as remote.cgi's converter makes them: strings, arrays and hashes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Str(Vec<u8>),
    List(Vec<Value>),
    /// A hash; entries keep the order they were inserted in (Perl's order is random anyway).
    Map(Vec<(String, Value)>),
}

impl Value {
    /// A string value from text.
    pub fn str(text: impl AsRef<[u8]>) -> Value {
        Value::Str(text.as_ref().to_vec())
    }

    /// A hash from `(key, value)` pairs.
    pub fn map<K: Into<String>>(entries: impl IntoIterator<Item = (K, Value)>) -> Value {
        Value::Map(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// The value under `key` of a hash.
    #[cfg(test)]
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Which of remote.cgi's formats a call asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json { minified: bool },
    Xml,
    Perl,
}

impl Format {
    /// The Content-type remote.cgi sends for a successful run in this format.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json { .. } => "application/json",
            Format::Xml => "application/xml",
            Format::Perl => "text/plain",
        }
    }

    /// The parameter name that selected this format.
    pub fn key(self) -> &'static str {
        match self {
            Format::Json { .. } => "json",
            Format::Xml => "xml",
            Format::Perl => "perl",
        }
    }

    /// The whole reply body for `data` in this format, as remote.cgi prints it.
    pub fn render(self, data: &Value) -> Vec<u8> {
        match self {
            Format::Json { minified: false } => {
                let mut out = json::pretty(data);
                out.push(b'\n');
                out
            }
            Format::Json { minified: true } => {
                let mut out = json::minified(data);
                out.push(b'\n');
                out
            }
            Format::Xml => xml::document(data),
            Format::Perl => perl::dumper(data),
        }
    }
}
