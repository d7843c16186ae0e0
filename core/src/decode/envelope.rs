//! The envelope JSON, XML and Perl replies share: `{command, status, data | output | error}`.
//!
//! `status` is `success`, `failure` (the program ran and failed: `error` is its first non-blank
//! line, `full_error` all it printed) or `error` (remote.cgi itself refused; there is no
//! `command`). The XML and Perl decoders turn their bodies into the same `serde_json::Value` as
//! the JSON one, and everything after that happens here.

use serde_json::{Map, Value};

use super::shape::{self, Shaped};
use super::{excerpt, text, Decoded};
use crate::call::Call;
use crate::error::{Error, ErrorKind};

/// Decodes a JSON reply (pretty or minified).
pub(crate) fn from_json(call: &Call, body: &str) -> Result<Decoded, Error> {
    let program = call.program();
    let start = body.trim_start();
    if !start.starts_with('{') {
        return Err(wrong_format(program, "JSON", body));
    }
    let envelope: Value = serde_json::from_str(body).map_err(|err| {
        let what = if err.is_eof() {
            "the JSON reply is cut off".to_owned()
        } else {
            format!("the JSON reply is not valid JSON ({err})")
        };
        Error::protocol(format!("cannot decode the reply to {program}: {what}")).with_source(err)
    })?;
    decode(call, envelope)
}

/// Explains a body that is not in the format asked for.
pub(crate) fn wrong_format(program: &str, format: &str, body: &str) -> Error {
    let start = body.trim_start();
    let message = if start.is_empty() {
        format!("the reply to {program} is empty")
    } else if matches!(text::exit_line(body), text::ExitLine::Found { .. }) {
        format!(
            "asked for {format} but the reply to {program} is plain text: this server does not \
             support the {format} format"
        )
    } else {
        format!(
            "the reply to {program} is not {format} (it starts {})",
            excerpt(start)
        )
    };
    Error::protocol(message)
}

/// Turns a decoded envelope into a success or the error it reports.
pub(crate) fn decode(call: &Call, envelope: Value) -> Result<Decoded, Error> {
    let Value::Object(mut envelope) = envelope else {
        return Err(Error::protocol(format!(
            "the reply to {} is not an API envelope (not an object)",
            call.program()
        )));
    };
    let program = envelope_program(call, &envelope);
    let status = match envelope.get("status") {
        Some(Value::String(status)) => status.clone(),
        _ => {
            return Err(Error::protocol(format!(
                "the reply to {program} has no status: not an API envelope"
            )));
        }
    };

    match status.as_str() {
        "success" => {}
        "failure" => {
            let error_line = take_text(&mut envelope, "error");
            let output = take_text(&mut envelope, "full_error");
            return Err(Error::program_failed(&program, None, error_line, output));
        }
        "error" => {
            let message = take_text(&mut envelope, "error");
            let message = if message.is_empty() {
                "remote.cgi refused the call without a reason".to_owned()
            } else {
                message
            };
            return Err(Error::new(ErrorKind::Refused, message));
        }
        other => {
            return Err(Error::protocol(format!(
                "the reply to {program} has an unknown status {}",
                excerpt(other)
            )));
        }
    }

    let mut output = match envelope.remove("output") {
        None => None,
        // The converter attaches `$out` even when the program printed nothing (undef).
        Some(Value::Null) => Some(String::new()),
        Some(Value::String(text)) => Some(text),
        Some(_) => {
            return Err(Error::protocol(format!(
                "the reply to {program} has an output that is not text"
            )));
        }
    };
    let data = match envelope.remove("data") {
        None => None,
        Some(data) => match shape::shape(call, data) {
            Shaped::Data(data) => Some(data),
            Shaped::Table(table) => {
                output.get_or_insert(table);
                None
            }
        },
    };
    if data.is_none() && output.is_none() {
        return Err(Error::protocol(format!(
            "the reply to {program} reports success but has neither data nor output"
        )));
    }

    Ok(Decoded {
        program,
        data,
        output,
        exit_status: None,
    })
}

/// The envelope's `command`, else the call's program.
fn envelope_program(call: &Call, envelope: &Map<String, Value>) -> String {
    match envelope.get("command").and_then(Value::as_str) {
        Some(command) if !command.is_empty() => {
            // NB: a program's own XML mode names itself `NAME.pl`; strip that unless the call
            // really asked for a name ending in `.pl`.
            let stripped = match command.strip_suffix(".pl") {
                Some(base) if !call.program().ends_with(".pl") => base,
                _ => command,
            };
            stripped.to_owned()
        }
        _ => call.program().to_owned(),
    }
}

/// A text field of the envelope; a missing or `null` one (Perl's undef) is empty.
fn take_text(envelope: &mut Map<String, Value>, key: &str) -> String {
    match envelope.remove(key) {
        Some(Value::String(text)) => text,
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn success_with_output_keeps_the_text() {
        let body = r#"{"command":"create-user","status":"success","output":"User bob created\n"}"#;
        let decoded = from_json(&Call::new("create-user"), body).unwrap();
        assert_eq!(decoded.program, "create-user");
        assert_eq!(decoded.output.as_deref(), Some("User bob created\n"));
        assert_eq!(decoded.data, None);
    }

    #[test]
    fn null_output_is_empty_text() {
        let envelope = json!({"command": "x", "status": "success", "output": null});
        let decoded = decode(&Call::new("x"), envelope).unwrap();
        assert_eq!(decoded.output.as_deref(), Some(""));
    }

    #[test]
    fn failure_and_error_map_to_their_kinds() {
        let failure = json!({"command": "create-alias", "status": "failure",
                             "error": "No such domain", "full_error": "No such domain\n\nusage\n"});
        let err = decode(&Call::new("create-alias"), failure).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ProgramFailed);
        assert_eq!(err.error_line(), Some("No such domain"));
        assert_eq!(err.output(), Some("No such domain\n\nusage\n"));
        assert_eq!(err.exit_status(), None);

        let refused = json!({"status": "error", "error": "Remote program x does not exist"});
        let err = decode(&Call::new("x"), refused).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Refused);
        assert_eq!(err.message(), "Remote program x does not exist");
    }

    #[test]
    fn unknown_envelopes_are_protocol_errors() {
        for envelope in [
            json!([1, 2]),
            json!({"command": "x"}),
            json!({"status": "maybe"}),
            json!({"status": "success"}),
            json!({"status": "success", "output": 5}),
        ] {
            let err = decode(&Call::new("x"), envelope.clone()).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Protocol, "{envelope}");
        }
    }

    #[test]
    fn truncated_and_foreign_json_bodies_are_explained() {
        let call = Call::new("list-domains");
        let err = from_json(&call, "{\n   \"status\" : \"succ").unwrap_err();
        assert!(err.message().contains("cut off"), "{}", err.message());

        let err = from_json(&call, "example.com\n\nExit status: 0\n").unwrap_err();
        assert!(
            err.message().contains("does not support"),
            "{}",
            err.message()
        );

        let err = from_json(&call, "").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Protocol);
    }

    #[test]
    fn hostile_json_nesting_is_refused_without_overflow() {
        let body = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let body = format!("{{\"status\":\"success\",\"data\":{body}}}");
        let err = from_json(&Call::new("x"), &body).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Protocol);
    }

    #[test]
    fn dot_pl_is_stripped_from_the_command() {
        let envelope = json!({"command": "list-domains.pl", "status": "success", "output": ""});
        let decoded = decode(&Call::new("list-domains"), envelope).unwrap();
        assert_eq!(decoded.program, "list-domains");
    }
}
