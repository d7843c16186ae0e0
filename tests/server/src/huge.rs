//! The `huge` fault: a valid reply of many megabytes in the format the call asked for,
//! generated while it is written so that it never sits in memory whole.

use std::io::{self, Write};

use crate::encode::{json, perl, xml, Format, Value};
use crate::form::Param;
use crate::remote::Input;

/// How much is generated before each write.
const BATCH: usize = 64 * 1024;

/// The Content-type of a huge reply to `params`.
pub fn content_type(params: &[Param]) -> &'static str {
    Input::new(params)
        .format()
        .map_or("text/plain", Format::content_type)
}

/// Writes a reply of at least `megabytes` MiB of list-domains-like records to `out`, in the
/// format `params` ask for; plain text is a table unless `multiline` was asked.
pub fn write(out: &mut impl Write, params: &[Param], megabytes: u64) -> io::Result<()> {
    let input = Input::new(params);
    let command = input
        .value("program")
        .map(|p| String::from_utf8_lossy(&p).into_owned())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "list-domains".to_owned());
    let format = input.format();
    let multiline = input.defined("multiline");
    let target = megabytes.saturating_mul(1024 * 1024) as usize;

    let mut buffer = Vec::with_capacity(BATCH * 2);
    buffer.extend_from_slice(&opening(format, &command, multiline));
    let mut written = 0usize;
    let mut index = 0u64;
    while written + buffer.len() < target {
        if index > 0 {
            buffer.extend_from_slice(separator(format));
        }
        item(&mut buffer, format, multiline, index);
        index += 1;
        if buffer.len() >= BATCH {
            out.write_all(&buffer)?;
            written += buffer.len();
            buffer.clear();
        }
    }
    buffer.extend_from_slice(closing(format));
    out.write_all(&buffer)?;
    out.flush()
}

fn record(index: u64) -> Value {
    let list = |text: String| Value::List(vec![Value::str(text)]);
    Value::map([
        ("name", Value::str(format!("huge{index:07}.example"))),
        (
            "values",
            Value::map([
                ("id", list(format!("{}", 179_630_179_220_803 + index))),
                ("type", list("Top-level server".to_owned())),
                ("username", list(format!("huge{index}"))),
                (
                    "description",
                    list(format!("Generated record {index} of a huge reply")),
                ),
                ("home_directory", list(format!("/home/huge{index}"))),
                ("features", list("unix dir mail".to_owned())),
            ]),
        ),
    ])
}

fn opening(format: Option<Format>, command: &str, multiline: bool) -> Vec<u8> {
    match format {
        None if multiline => Vec::new(),
        None => {
            let header = format!(
                "{:<30} {:<15} {:<30}\n",
                "Domain", "Username", "Description"
            );
            let ruler = format!("{} {} {}\n", "-".repeat(30), "-".repeat(15), "-".repeat(30));
            (header + &ruler).into_bytes()
        }
        Some(Format::Json { minified: false }) => format!(
            "{{\n   \"command\" : \"{command}\",\n   \"status\" : \"success\",\n   \"data\" : [\n"
        )
        .into_bytes(),
        Some(Format::Json { minified: true }) => {
            format!("{{\"command\":\"{command}\",\"status\":\"success\",\"data\":[").into_bytes()
        }
        Some(Format::Xml) => {
            let mut out = Vec::new();
            let attributes: [(&str, &[u8]); 2] =
                [("command", command.as_bytes()), ("status", b"success")];
            xml::open(&mut out, "api", &attributes, 0);
            out
        }
        Some(Format::Perl) => format!(
            "$VAR1 = {{\n          'command' => '{command}',\n          \
             'status' => 'success',\n          'data' => [\n"
        )
        .into_bytes(),
    }
}

fn separator(format: Option<Format>) -> &'static [u8] {
    match format {
        Some(Format::Json { minified: false }) | Some(Format::Perl) => b",\n",
        Some(Format::Json { minified: true }) => b",",
        _ => b"",
    }
}

fn item(out: &mut Vec<u8>, format: Option<Format>, multiline: bool, index: u64) {
    match format {
        None if multiline => {
            let id = 179_630_179_220_803 + index;
            let text = format!(
                "huge{index:07}.example\n    ID: {id}\n    Type: Top-level server\n    \
                 Username: huge{index}\n    Description: Generated record {index} of a huge \
                 reply\n    Home directory: /home/huge{index}\n    Features: unix dir mail\n"
            );
            out.extend_from_slice(text.as_bytes());
        }
        None => {
            let name = format!("huge{index:07}.example");
            let user = format!("huge{index}");
            let desc = format!("Generated record {index}");
            out.extend_from_slice(format!("{name:<30} {user:<15} {desc:<30}\n").as_bytes());
        }
        Some(Format::Json { minified: false }) => {
            json::indent(out, 2);
            json::write_pretty(out, &record(index), 2);
        }
        Some(Format::Json { minified: true }) => json::write_minified(out, &record(index)),
        Some(Format::Xml) => xml::write_element(out, "data", &record(index), 1),
        Some(Format::Perl) => {
            perl::pad(out, 22);
            perl::write(out, &record(index), 22);
        }
    }
}

fn closing(format: Option<Format>) -> &'static [u8] {
    match format {
        None => b"\nExit status: 0\n",
        Some(Format::Json { minified: false }) => b"\n   ]\n}\n\n",
        Some(Format::Json { minified: true }) => b"]}\n",
        Some(Format::Xml) => b"</api>\n",
        Some(Format::Perl) => b"\n                    ]\n        };\n",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::parse;

    fn huge(query: &str) -> Vec<u8> {
        let mut out = Vec::new();
        write(&mut out, &parse(query.as_bytes()), 1).unwrap();
        out
    }

    #[test]
    fn json_is_valid_and_at_least_the_size_asked() {
        let out = huge("program=list-domains&json=1&multiline=");
        assert!(out.len() >= 1024 * 1024);
        let parsed: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(parsed["data"][0]["name"], "huge0000000.example");
        assert!(out.ends_with(b"}\n\n"));
        let minified = huge("program=list-domains&json=minified");
        assert!(serde_json::from_slice::<serde_json::Value>(&minified).is_ok());
    }

    #[test]
    fn plain_text_ends_with_its_exit_line() {
        let out = huge("program=list-domains");
        assert!(out.starts_with(b"Domain "));
        assert!(out.ends_with(b"\n\nExit status: 0\n"));
    }
}
