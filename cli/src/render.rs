//! Printing a response: JSON for programs, readable text for people.

use std::io::{self, Write};

use serde_json::{json, Value};
use virtualmin_remote::{Error, Response};

/// The JSON printed for a successful call: the envelope Virtualmin's own JSON uses, with the
/// data normalised (records, pairs, plain names) and `output` for text results.
pub fn envelope(response: &Response) -> Value {
    let mut object = json!({ "command": response.program(), "status": response.status() });
    if let Some(data) = response.data() {
        object["data"] = data.clone();
    }
    if let Some(output) = response.output() {
        object["output"] = Value::String(output.to_owned());
    }
    object
}

/// Writes the response as pretty JSON.
pub fn write_json(out: &mut impl Write, response: &Response) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &envelope(response))?;
    writeln!(out)
}

/// Writes the response for a person: records as a name and indented fields, names one per line,
/// pairs as `Key: value`, text as it came.
pub fn write_text(out: &mut impl Write, response: &Response) -> io::Result<()> {
    if let Some(output) = response.output() {
        out.write_all(output.as_bytes())?;
        if !output.is_empty() && !output.ends_with('\n') {
            writeln!(out)?;
        }
    }
    let Some(data) = response.data() else {
        return Ok(());
    };
    let Some(items) = data.as_array() else {
        serde_json::to_writer_pretty(&mut *out, data)?;
        return writeln!(out);
    };

    let mut first_record = true;
    for item in items {
        match item {
            Value::String(name) => writeln!(out, "{name}")?,
            Value::Object(object) => {
                let name = object.get("name").and_then(Value::as_str).unwrap_or("");
                if let Some(value) = object.get("value").and_then(Value::as_str) {
                    writeln!(out, "{name}: {value}")?;
                } else if let Some(values) = object.get("values").and_then(Value::as_object) {
                    if !first_record {
                        writeln!(out)?;
                    }
                    first_record = false;
                    writeln!(out, "{name}")?;
                    for (key, list) in values {
                        for value in list.as_array().into_iter().flatten() {
                            writeln!(out, "    {key}: {}", value.as_str().unwrap_or_default())?;
                        }
                    }
                } else {
                    writeln!(out, "{}", Value::Object(object.clone()))?;
                }
            }
            other => writeln!(out, "{other}")?,
        }
    }
    Ok(())
}

/// The JSON printed for a failed call: Virtualmin's failure envelope plus the error's kind.
pub fn error_object(err: &Error) -> Value {
    let mut object = json!({
        "status": "failure",
        "kind": err.kind().name(),
        "message": err.message(),
        "error": err.error_line().map(str::to_owned).unwrap_or_else(|| err.to_string()),
    });
    if let Some(status) = err.exit_status() {
        object["exit_status"] = status.into();
    }
    if let Some(status) = err.http_status() {
        object["http_status"] = status.into();
    }
    if let Some(output) = err.output() {
        object["full_error"] = output.into();
    }
    if let Some(flag) = err.flag() {
        object["flag"] = flag.into();
    }
    object
}
