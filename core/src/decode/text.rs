//! Plain-text replies: the program's output, a blank line, and `Exit status: N`.
//!
//! remote.cgi streams the output, then prints `\n` and `Exit status: $?\n`, where `$?` is Perl's
//! raw wait status (`256` for `exit(1)`). The exit line is the only sign that the reply is
//! complete, so a body without one is a protocol error, never a short success. On success the
//! output goes through the same converter and normalisation as a JSON reply would have, so that
//! the [`Response`](crate::Response) does not depend on the format.

use super::converter::{self, Converted, Flags};
use super::shape::{self, Shaped};
use super::{excerpt, Decoded};
use crate::call::Call;
use crate::error::Error;

const EXIT_PREFIX: &str = "Exit status: ";

/// Where the exit line is, or why there is none.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ExitLine<'a> {
    /// The program's output and its exit status.
    Found { output: &'a str, status: i32 },
    /// The last line is an exit line without its newline: the reply may be cut off mid-number.
    Unterminated,
    /// The exit line's number is not a number.
    Malformed,
    /// No exit line at all.
    Missing,
}

/// Finds the trailing `Exit status: N` line (LF or CRLF) and the output before it.
pub(crate) fn exit_line(body: &str) -> ExitLine<'_> {
    let (rest, crlf) = if let Some(rest) = body.strip_suffix("\r\n") {
        (rest, true)
    } else if let Some(rest) = body.strip_suffix('\n') {
        (rest, false)
    } else {
        let last = body.rsplit('\n').next().unwrap_or_default();
        return if last.starts_with(EXIT_PREFIX) {
            ExitLine::Unterminated
        } else {
            ExitLine::Missing
        };
    };

    let (before, last) = match rest.rfind('\n') {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => ("", rest),
    };
    let Some(number) = last.strip_prefix(EXIT_PREFIX) else {
        return ExitLine::Missing;
    };
    let digits = number.strip_prefix('-').unwrap_or(number);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return ExitLine::Malformed;
    }
    let Ok(status) = number.parse::<i32>() else {
        return ExitLine::Malformed;
    };

    // The separator remote.cgi printed before the exit line went through the same line-ending
    // translation as the terminator did.
    let output = if crlf {
        before.strip_suffix('\r').unwrap_or(before)
    } else {
        before
    };
    ExitLine::Found { output, status }
}

/// The first line with a non-blank character, as the server picks a failure's `error`.
pub(crate) fn first_nonblank_line(output: &str) -> &str {
    converter::perl_lines(output)
        .into_iter()
        .find(|line| line.bytes().any(|b| !converter::is_space(b)))
        .unwrap_or_default()
}

/// Decodes a plain-text reply to `call`.
pub(crate) fn decode(call: &Call, body: &str) -> Result<Decoded, Error> {
    let program = call.program();
    let (output, status) = match exit_line(body) {
        ExitLine::Found { output, status } => (output, status),
        ExitLine::Unterminated => {
            return Err(Error::protocol(format!(
                "reply to {program} ends inside its exit status line: it was cut off"
            )));
        }
        ExitLine::Malformed => {
            return Err(Error::protocol(format!(
                "reply to {program} has an exit status line without a number"
            )));
        }
        ExitLine::Missing => return Err(missing_exit_line(program, body)),
    };

    if status != 0 {
        return Err(Error::program_failed(
            program,
            Some(status),
            first_nonblank_line(output).to_owned(),
            output.to_owned(),
        ));
    }

    // The converter would have seen the call's flags plus the `multiline` remote.cgi forces in
    // for json/xml/perl unless `simple-multiline` is given.
    let flags = Flags {
        multiline: call.has_flag("multiline") || !call.has_flag("simple-multiline"),
        name_only: call.has_flag("name-only") || call.has_flag("id-only"),
    };
    // NB: a table is by far the largest thing a list program prints without `multiline`;
    // it is recognised without building the records the server's converter would make of it.
    if shape::expects_table(call) && !converter::multiline_has_values(output) {
        return Ok(Decoded {
            program: program.to_owned(),
            data: None,
            output: Some(output.to_owned()),
            exit_status: Some(0),
        });
    }
    let (data, output) = match converter::convert(program, flags, output) {
        Converted::Output(text) => (None, Some(text)),
        Converted::Data(data) => match shape::shape(call, data) {
            Shaped::Data(data) => (Some(data), None),
            // Here the table itself is at hand, with the blank and indented lines that the
            // converter drops: give it exactly.
            Shaped::Table(_) => (None, Some(output.to_owned())),
        },
    };
    Ok(Decoded {
        program: program.to_owned(),
        data,
        output,
        exit_status: Some(0),
    })
}

/// Explains a plain-text body that has no exit line.
fn missing_exit_line(program: &str, body: &str) -> Error {
    let start = body.trim_start();
    let what = if start.is_empty() {
        "the reply is empty".to_owned()
    } else if start.starts_with('{') || start.starts_with("<api") || start.starts_with("$VAR1") {
        "the reply is JSON, XML or Perl, not the plain text that was asked for".to_owned()
    } else {
        format!(
            "it has no \"Exit status\" line, so it was cut off or is not from remote.cgi \
             (it starts {})",
            excerpt(start)
        )
    };
    Error::protocol(format!("cannot decode the reply to {program}: {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use serde_json::{json, Value};

    fn decoded_data(call: &Call, body: &str) -> Option<Value> {
        decode(call, body).ok()?.data
    }

    #[test]
    fn output_is_the_body_without_the_exit_line() {
        assert_eq!(
            exit_line("User bob created\n\nExit status: 0\n"),
            ExitLine::Found {
                output: "User bob created\n",
                status: 0
            }
        );
        assert_eq!(
            exit_line("\nExit status: 0\n"),
            ExitLine::Found {
                output: "",
                status: 0
            }
        );
    }

    #[test]
    fn crlf_bodies_lose_only_the_translated_separator() {
        assert_eq!(
            exit_line("a\r\n\r\nExit status: 256\r\n"),
            ExitLine::Found {
                output: "a\r\n",
                status: 256
            }
        );
    }

    #[test]
    fn exit_line_without_newline_is_treated_as_truncated() {
        assert_eq!(exit_line("oops\n\nExit status: 25"), ExitLine::Unterminated);
        let err = decode(&Call::new("create-user"), "x\n\nExit status: 0").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Protocol);
        assert!(err.message().contains("cut off"), "{}", err.message());
    }

    #[test]
    fn garbage_after_exit_prefix_is_malformed() {
        assert_eq!(exit_line("\nExit status: x\n"), ExitLine::Malformed);
        assert_eq!(exit_line("\nExit status: \n"), ExitLine::Malformed);
        assert_eq!(
            exit_line("\nExit status: 99999999999999\n"),
            ExitLine::Malformed
        );
        assert_eq!(
            exit_line("\nExit status: -1\n"),
            ExitLine::Found {
                output: "",
                status: -1
            }
        );
    }

    #[test]
    fn empty_and_unterminated_bodies_are_protocol_errors() {
        for body in [
            "",
            "   ",
            "example.com\nsub.exa",
            "{\"status\":\"success\"}",
        ] {
            let err = decode(&Call::new("list-domains"), body).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Protocol, "{body:?}");
        }
    }

    #[test]
    fn failure_carries_status_first_line_and_output() {
        let body = "\n  \nVirtual server x does not exist\n\nusage\n\nExit status: 256\n";
        let err = decode(&Call::new("create-alias"), body).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ProgramFailed);
        assert_eq!(err.exit_status(), Some(256));
        assert_eq!(err.error_line(), Some("Virtual server x does not exist"));
        assert_eq!(
            err.output(),
            Some("\n  \nVirtual server x does not exist\n\nusage\n")
        );
    }

    #[test]
    fn multiline_text_becomes_records() {
        let call = Call::new("list-aliases").flag("multiline");
        let body = "info@a.com\n    To: x@a.com\n    To: y@a.com\n\nExit status: 0\n";
        assert_eq!(
            decoded_data(&call, body),
            Some(json!([{"name": "info@a.com", "values": {"to": ["x@a.com", "y@a.com"]}}]))
        );
    }

    #[test]
    fn table_without_listing_flag_stays_exact_text() {
        let call = Call::new("list-commands");
        let body =
            "Backup\n------\nbackup-domain   Backup\n                servers \n\nExit status: 0\n";
        let decoded = decode(&call, body).unwrap();
        assert_eq!(decoded.data, None);
        assert_eq!(
            decoded.output.as_deref(),
            Some("Backup\n------\nbackup-domain   Backup\n                servers \n")
        );
    }

    #[test]
    fn huge_single_line_is_decoded_in_one_piece() {
        let line = "x".repeat(4 << 20);
        let body = format!("{line}\n\nExit status: 0\n");
        let decoded = decode(&Call::new("info"), &body).unwrap();
        assert_eq!(decoded.output.map(|o| o.len()), Some(line.len() + 1));
    }
}
