//! Turning a reply (HTTP status, headers, body) into a [`Response`] or an [`Error`].
//!
//! Replies are classified by their body, never by `Content-Type`: remote.cgi's own refusals are
//! `text/plain` whatever format was asked for. The steps, in order:
//!
//! 1. the HTTP status: `401` Auth, `403` Blocked, redirects and other failures Http;
//! 2. HTML pages, which come from Webmin rather than remote.cgi (login form, access denied);
//! 3. remote.cgi's plain-text messages: `ERROR: ...` refusals, its help text (no program
//!    arrived), `Invalid format` (a format the server cannot produce);
//! 4. the body in the format asked for: plain text with its exit line ([`text`]), or the
//!    JSON, XML or Perl envelope ([`envelope`], [`xml`], [`perl`]);
//! 5. normalisation of the data by the call's flags ([`shape`]), so that json, json-minified,
//!    text, xml and perl give equal responses.
//!
//! The body is read as UTF-8, lossily: remote.cgi passes the program's bytes through, and a
//! fixed-width table can cut a multi-byte character in half, so an invalid sequence becomes
//! U+FFFD rather than failing the call. [`Response::raw`] keeps the exact bytes.
//!
//! Nothing here panics on any input, and every step is linear in the body's size.

mod converter;
mod envelope;
mod http;
mod perl;
mod shape;
mod text;
mod xml;

use std::borrow::Cow;

use serde_json::Value;

use crate::call::{Call, Format};
use crate::error::{Error, ErrorKind};
use crate::response::Response;

/// A reply as received: status, headers in order, and the whole body.
#[derive(Clone, Debug, Default)]
pub struct RawReply {
    /// The HTTP status code.
    pub status: u16,
    /// Header names and values in the order received.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl RawReply {
    /// The first header of that name, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Parses a recorded HTTP/1.x response: status line, headers, blank line, body.
    ///
    /// Header lines may end in CRLF (as on the wire) or LF. The body is everything after the
    /// blank line, unchanged. Non-UTF-8 bytes in headers are replaced with U+FFFD.
    ///
    /// # Errors
    /// A protocol error when the status line is not `HTTP/x.y NNN ...`, a header line has no
    /// colon, or the blank line that ends the headers is missing.
    pub fn parse_http(bytes: &[u8]) -> Result<RawReply, Error> {
        let mut pos = 0;
        let status_line =
            next_line(bytes, &mut pos).ok_or_else(|| Error::protocol("no HTTP status line"))?;
        let status = parse_status_line(&status_line).ok_or_else(|| {
            Error::protocol(format!("bad HTTP status line {}", excerpt(&status_line)))
        })?;

        let mut headers = Vec::new();
        loop {
            let line = next_line(bytes, &mut pos)
                .ok_or_else(|| Error::protocol("HTTP headers are not ended by a blank line"))?;
            if line.is_empty() {
                break;
            }
            let (name, value) = line.split_once(':').ok_or_else(|| {
                Error::protocol(format!("bad HTTP header line {}", excerpt(&line)))
            })?;
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }

        Ok(RawReply {
            status,
            headers,
            body: bytes[pos..].to_vec(),
        })
    }
}

/// The line starting at `*pos` without its LF or CRLF, moving `*pos` past it.
fn next_line<'a>(bytes: &'a [u8], pos: &mut usize) -> Option<Cow<'a, str>> {
    let rest = bytes.get(*pos..)?;
    let len = rest.iter().position(|&b| b == b'\n')?;
    *pos += len + 1;
    let line = &rest[..len];
    Some(String::from_utf8_lossy(
        line.strip_suffix(b"\r").unwrap_or(line),
    ))
}

fn parse_status_line(line: &str) -> Option<u16> {
    let mut parts = line.splitn(3, ' ');
    let version = parts.next()?;
    let code = parts.next()?;
    if !version.starts_with("HTTP/") || code.len() != 3 || !code.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    code.parse().ok()
}

/// A decoded success, before it becomes a [`Response`].
#[derive(Debug)]
pub(crate) struct Decoded {
    pub program: String,
    pub data: Option<Value>,
    pub output: Option<String>,
    pub exit_status: Option<i32>,
}

/// Decodes the reply to `call`, which was sent asking for `format`.
///
/// # Errors
/// Any kind but Usage, Connect, Timeout and Tls, as the reply says; every error carries the
/// reply's HTTP status.
pub fn decode_reply(call: &Call, format: Format, reply: RawReply) -> Result<Response, Error> {
    let status = reply.status;
    decode(call, format, reply).map_err(|err| err.with_http_status(status))
}

fn decode(call: &Call, format: Format, reply: RawReply) -> Result<Response, Error> {
    http::check_status(&reply)?;

    let body = String::from_utf8_lossy(&reply.body);
    if matches!(body, Cow::Owned(_)) {
        log::debug!(
            "reply to {} is not valid UTF-8; invalid bytes read as U+FFFD",
            call.program()
        );
    }
    let decoded = decode_body(call, format, &body)?;
    drop(body);

    Ok(Response::new(
        decoded.program,
        format,
        decoded.data,
        decoded.output,
        decoded.exit_status,
        reply.body,
    ))
}

fn decode_body(call: &Call, format: Format, body: &str) -> Result<Decoded, Error> {
    let program = call.program();
    // A program may print HTML itself; only a page without remote.cgi's exit line is Webmin's.
    let text_reply =
        format == Format::Text && matches!(text::exit_line(body), text::ExitLine::Found { .. });
    if http::is_html(body) && !text_reply {
        return Err(http::html_page(program, body));
    }
    check_remote_cgi_messages(program, format, body)?;

    match format {
        Format::Text => text::decode(call, body),
        Format::Json | Format::JsonMinified => envelope::from_json(call, body),
        Format::Xml => xml::from_xml(call, body),
        Format::Perl => perl::from_perl(call, body),
    }
}

/// The plain-text lines remote.cgi prints instead of running a program.
fn check_remote_cgi_messages(program: &str, format: Format, body: &str) -> Result<(), Error> {
    // NB: a program's own output may start with `ERROR: ` too; only remote.cgi's lacks the exit
    // line.
    if let Some(rest) = body.strip_prefix("ERROR: ") {
        if !matches!(text::exit_line(body), text::ExitLine::Found { .. }) {
            let message = rest.lines().next().unwrap_or_default().trim_end();
            let message = if message.is_empty() {
                "remote.cgi refused the call without a reason"
            } else {
                message
            };
            return Err(Error::new(ErrorKind::Refused, message));
        }
    }
    if body.starts_with("This CGI is designed to be invoked by other programs") {
        let which = if program.is_empty() {
            String::new()
        } else {
            format!(" ({program})")
        };
        return Err(Error::protocol(format!(
            "remote.cgi answered with its help text: it did not receive the program \
             parameter{which}; was the request a multipart form, or its body lost?"
        )));
    }
    if let Some(rest) = body.strip_prefix("Invalid format ") {
        if format != Format::Text {
            let reason = rest.lines().next().unwrap_or_default();
            return Err(Error::protocol(format!(
                "the server cannot produce the {} format: {}",
                format.name(),
                excerpt(reason)
            )));
        }
    }
    Ok(())
}

/// At most 80 characters of `text`, with `…` when cut, for messages.
pub(crate) fn shorten(text: &str) -> String {
    shorten_to(text, 80)
}

/// At most `limit` characters of `text`, with `…` when cut.
pub(crate) fn shorten_to(text: &str, limit: usize) -> String {
    let mut shown: String = text.chars().take(limit).collect();
    if shown.len() < text.len() {
        shown.push('…');
    }
    shown
}

/// [`shorten`]ed and quoted with escapes, for text that may hold anything.
pub(crate) fn excerpt(text: &str) -> String {
    format!("{:?}", shorten(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn reply(body: &[u8]) -> RawReply {
        RawReply {
            status: 200,
            headers: Vec::new(),
            body: body.to_vec(),
        }
    }

    #[test]
    fn parse_http_splits_status_headers_and_body() {
        let raw = b"HTTP/1.0 200 Document follows\r\nServer: MiniServ\r\nContent-type: text/plain\r\n\r\nx\r\n\nExit status: 0\n";
        let reply = RawReply::parse_http(raw).unwrap();
        assert_eq!(reply.status, 200);
        assert_eq!(reply.header("content-type"), Some("text/plain"));
        assert_eq!(reply.body, b"x\r\n\nExit status: 0\n");

        let reply = RawReply::parse_http(b"HTTP/1.1 302 Found\nLocation: https://h\n\n").unwrap();
        assert_eq!(reply.status, 302);
        assert!(reply.body.is_empty());
    }

    #[test]
    fn parse_http_refuses_what_is_not_a_response() {
        for raw in [
            &b""[..],
            b"HTTP/1.0 200 OK",
            b"HTTP/1.0 20 OK\r\n\r\n",
            b"SMTP 200 OK\r\n\r\n",
            b"HTTP/1.0 200 OK\r\nno colon here\r\n\r\n",
            b"HTTP/1.0 200 OK\r\nServer: x\r\n",
        ] {
            let err = RawReply::parse_http(raw).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Protocol, "{raw:?}");
        }
    }

    #[test]
    fn every_error_carries_the_http_status() {
        let err = decode_reply(&Call::new("x"), Format::Json, reply(b"ERROR: nope\n")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Refused);
        assert_eq!(err.message(), "nope");
        assert_eq!(err.http_status(), Some(200));
    }

    #[test]
    fn html_printed_by_a_program_is_its_output() {
        let body = b"<html><title>Login to Webmin</title></html>\n\nExit status: 0\n";
        let response = decode_reply(&Call::new("get-template"), Format::Text, reply(body));
        assert_eq!(
            response.unwrap().output(),
            Some("<html><title>Login to Webmin</title></html>\n")
        );
        let err = decode_reply(&Call::new("x"), Format::Json, reply(body)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Auth);
    }

    #[test]
    fn program_output_starting_with_error_is_not_a_refusal() {
        let body = b"ERROR: in the log\n\nExit status: 0\n";
        let response = decode_reply(&Call::new("info"), Format::Text, reply(body)).unwrap();
        assert_eq!(response.output(), Some("ERROR: in the log\n"));
    }

    #[test]
    fn non_utf8_bytes_are_decoded_lossily_and_kept_raw() {
        let body = b"caf\xe9\n\nExit status: 0\n";
        let response = decode_reply(&Call::new("info"), Format::Text, reply(body)).unwrap();
        assert_eq!(response.output(), Some("caf\u{fffd}\n"));
        assert_eq!(response.raw(), body);

        let body = b"{\"command\":\"x\",\"status\":\"success\",\"output\":\"\xff\"}";
        let response = decode_reply(&Call::new("x"), Format::Json, reply(body)).unwrap();
        assert_eq!(response.output(), Some("\u{fffd}"));
    }

    #[test]
    fn missing_format_support_is_a_protocol_error() {
        let body = b"Invalid format xml : Missing XML::Simple Perl module\n";
        let err = decode_reply(&Call::new("x"), Format::Xml, reply(body)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Protocol);
        assert!(err.message().contains("XML::Simple"), "{}", err.message());
    }

    #[test]
    fn same_call_in_every_format_gives_equal_responses() {
        let call = Call::new("list-aliases").flag("multiline");
        let text = b"info@a.com\n    To: x@a.com\n    To: y@a.com\n\nExit status: 0\n";
        let json = br#"{"command":"list-aliases","status":"success","data":[{"values":{"to":["x@a.com","y@a.com"]},"name":"info@a.com"}]}"#;
        let xml = br#"<api command="list-aliases" status="success"><data name="info@a.com"><values><to>x@a.com</to><to>y@a.com</to></values></data></api>"#;
        let perl = b"$VAR1 = { 'status' => 'success', 'command' => 'list-aliases', 'data' => [ { 'name' => 'info@a.com', 'values' => { 'to' => [ 'x@a.com', 'y@a.com' ] } } ] };\n";

        let decoded: Vec<Response> = [
            (Format::Text, &text[..]),
            (Format::Json, &json[..]),
            (Format::Xml, &xml[..]),
            (Format::Perl, &perl[..]),
        ]
        .into_iter()
        .map(|(format, body)| decode_reply(&call, format, reply(body)).unwrap())
        .collect();
        for response in &decoded {
            assert_eq!(response, &decoded[0], "{:?}", response.format());
        }
        assert_eq!(
            decoded[0].data(),
            Some(&json!([{"name": "info@a.com", "values": {"to": ["x@a.com", "y@a.com"]}}]))
        );
    }

    #[test]
    fn excerpt_is_short_and_quoted() {
        assert_eq!(excerpt("abc"), "\"abc\"");
        let long = "é".repeat(500);
        let shown = excerpt(&long);
        assert!(shown.chars().count() < 90, "{shown}");
        assert!(shown.ends_with("…\""));
    }
}
