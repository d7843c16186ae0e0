//! HTTP/1.0 the way miniserv speaks it: requests read with bounded sizes, replies always
//! `HTTP/1.0` with `Connection: close` and no Content-Length (the body ends with the
//! connection), headers spelled and ordered as the recordings show.

use std::io::{self, Read};
use std::time::{Duration, Instant};

use crate::clock;

/// Largest request head accepted.
pub const MAX_HEAD: usize = 64 * 1024;
/// Largest request body accepted.
pub const MAX_BODY: usize = 16 * 1024 * 1024;
/// How long a client may take to send its whole request.
const REQUEST_DEADLINE: Duration = Duration::from_secs(30);

/// A request as read from the wire.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    /// The path as sent, before any `?`.
    pub path: String,
    /// The query string as sent, without the `?`.
    pub query: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why no request could be read.
#[derive(Debug)]
pub enum ReadError {
    /// The client closed or went silent before sending a request.
    Gone,
    /// Not HTTP, or beyond the size limits: answer 400.
    Bad(&'static str),
}

/// Reads one request; `stream` should have a read timeout set.
pub fn read_request(stream: &mut impl Read) -> Result<Request, ReadError> {
    let started = Instant::now();
    let mut buffer = Vec::with_capacity(4096);
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(end) = find_head_end(&buffer) {
            if end.0 > MAX_HEAD {
                return Err(ReadError::Bad("request head too large"));
            }
            break end;
        }
        if buffer.len() > MAX_HEAD {
            return Err(ReadError::Bad("request head too large"));
        }
        if started.elapsed() > REQUEST_DEADLINE {
            return Err(ReadError::Gone);
        }
        match stream.read(&mut chunk) {
            Ok(0) if buffer.is_empty() => return Err(ReadError::Gone),
            Ok(0) => return Err(ReadError::Bad("request head cut short")),
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(ReadError::Gone),
        }
    };
    let (head, body_start) = head_end;
    let mut request = parse_head(&buffer[..head])?;

    if request.header("transfer-encoding").is_some() {
        return Err(ReadError::Bad("chunked request bodies are not supported"));
    }
    let length = match request.header("content-length") {
        Some(text) => text
            .trim()
            .parse::<usize>()
            .map_err(|_| ReadError::Bad("bad length"))?,
        None => 0,
    };
    if length > MAX_BODY {
        return Err(ReadError::Bad("request body too large"));
    }
    let mut body = buffer[body_start..].to_vec();
    while body.len() < length {
        if started.elapsed() > REQUEST_DEADLINE {
            return Err(ReadError::Gone);
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Err(ReadError::Gone),
            Ok(n) => body.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(ReadError::Gone),
        }
    }
    body.truncate(length);
    request.body = body;
    Ok(request)
}

/// The end of the head (before the blank line) and the start of the body.
fn find_head_end(buffer: &[u8]) -> Option<(usize, usize)> {
    let crlf = buffer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| (p, p + 4));
    let lf = buffer
        .windows(2)
        .position(|w| w == b"\n\n")
        .map(|p| (p, p + 2));
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

fn parse_head(head: &[u8]) -> Result<Request, ReadError> {
    let text = String::from_utf8_lossy(head);
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let first = lines.next().unwrap_or_default();
    let mut parts = first.split(' ').filter(|p| !p.is_empty());
    let (Some(method), Some(target), version) = (parts.next(), parts.next(), parts.next()) else {
        return Err(ReadError::Bad("bad request line"));
    };
    if version.is_some_and(|v| !v.starts_with("HTTP/")) || parts.next().is_some() {
        return Err(ReadError::Bad("bad request line"));
    }
    if !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(ReadError::Bad("bad method"));
    }

    let mut headers = Vec::new();
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            return Err(ReadError::Bad("bad header line"));
        };
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }

    // An absolute-form target (`http://host/path`) names the path after the authority.
    let target = match target.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |at| &rest[at..]),
        None => target,
    };
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
        None => (target.to_owned(), None),
    };
    Ok(Request {
        method: method.to_owned(),
        path,
        query,
        headers,
        body: Vec::new(),
    })
}

/// A reply: its head (status line and headers, already in miniserv's order) and body.
pub struct Reply {
    pub head: Vec<u8>,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

impl Reply {
    /// The status line and headers with the blank line, `headers` in the order given.
    pub fn new(status: u16, reason: &str, headers: &[(&str, String)], body: Vec<u8>) -> Reply {
        let mut head = format!("HTTP/1.0 {status} {reason}\r\n");
        let mut content_type = None;
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
            if name.eq_ignore_ascii_case("content-type") {
                content_type = Some(value.clone());
            }
        }
        head.push_str("\r\n");
        Reply {
            head: head.into_bytes(),
            content_type,
            body,
        }
    }

    /// `200 Document follows`, as remote.cgi's output comes back.
    pub fn document(content_type: &str, body: Vec<u8>) -> Reply {
        Reply::new(
            200,
            "Document follows",
            &[
                ("Date", date()),
                ("Server", "MiniServ".into()),
                ("Connection", "close".into()),
                ("Content-type", content_type.into()),
            ],
            body,
        )
    }

    /// miniserv's own error replies (400, 403, 500): `Server` before `Date`.
    pub fn error(status: u16, reason: &str, body: Vec<u8>) -> Reply {
        Reply::new(
            status,
            reason,
            &[
                ("Server", "MiniServ".into()),
                ("Date", date()),
                ("Content-type", "text/html; Charset=utf-8".into()),
                ("Connection", "close".into()),
            ],
            body,
        )
    }

    /// The 401 reply, with Webmin's two-factor reason when there is one.
    pub fn unauthorized(reason: Option<&str>, body: Vec<u8>) -> Reply {
        let mut headers = vec![
            ("Date", date()),
            ("Server", "MiniServ".into()),
            ("WWW-authenticate", "Basic realm=\"Webmin Server\"".into()),
        ];
        if let Some(reason) = reason {
            headers.push(("X-Webmin-Auth-Error", reason.into()));
        }
        headers.push(("Connection", "close".into()));
        headers.push(("Content-type", "text/html; Charset=utf-8".into()));
        Reply::new(401, "Unauthorized", &headers, body)
    }

    /// A 200 page of Webmin's own (login form, error page), with its security headers.
    pub fn webmin_page(login: bool, body: Vec<u8>) -> Reply {
        let mut headers = vec![
            ("Date", date()),
            ("Server", "MiniServ".into()),
            ("Connection", "close".into()),
        ];
        if login {
            headers.push(("Set-Cookie", "testing=1; path=/; secure; httpOnly".into()));
        }
        headers.push(("Strict-Transport-Security", "max-age=31536000;".into()));
        if login {
            headers.push(("pragma", "no-cache".into()));
            headers.push(("Expires", "Thu, 1 Jan 1970 00:00:00 GMT".into()));
            headers.push((
                "Cache-Control",
                "no-store, no-cache, must-revalidate".into(),
            ));
            headers.push(("Cache-Control", "post-check=0, pre-check=0".into()));
        }
        headers.push(("X-Frame-Options", "SAMEORIGIN".into()));
        headers.push((
            "Content-Security-Policy",
            "script-src 'self' 'unsafe-inline' 'unsafe-eval'; frame-src 'self'; child-src 'self'"
                .into(),
        ));
        headers.push(("X-Content-Type-Options", "nosniff".into()));
        headers.push(("Content-type", "text/html; Charset=UTF-8".into()));
        Reply::new(200, "Document follows", &headers, body)
    }

    /// `302 Moved Temporarily` to `location`, with no body.
    pub fn redirect(location: &str) -> Reply {
        Reply::new(
            302,
            "Moved Temporarily",
            &[
                ("Date", date()),
                ("Server", "MiniServ".into()),
                ("Location", location.into()),
                ("Connection", "close".into()),
            ],
            Vec::new(),
        )
    }

    /// A control endpoint's JSON answer (with a length: these are not miniserv's replies).
    pub fn control(status: u16, json: &serde_json::Value) -> Reply {
        let mut body = serde_json::to_vec(json).unwrap_or_default();
        body.push(b'\n');
        let reason = if status == 200 { "OK" } else { "Bad Request" };
        Reply::new(
            status,
            reason,
            &[
                ("Date", date()),
                ("Server", "MiniServ".into()),
                ("Connection", "close".into()),
                ("Content-type", "application/json".into()),
                ("Content-Length", body.len().to_string()),
            ],
            body,
        )
    }
}

fn date() -> String {
    clock::http_date(clock::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Result<Request, ReadError> {
        read_request(&mut &bytes[..])
    }

    #[test]
    fn a_post_with_query_and_body_is_read_whole() {
        let request = read(
            b"POST /virtual-server/remote.cgi?json=1 HTTP/1.1\r\nHost: x\r\n\
              Content-Length: 7\r\n\r\nprogram",
        )
        .unwrap();
        assert_eq!(request.method, "POST");
        assert_eq!(request.path, "/virtual-server/remote.cgi");
        assert_eq!(request.query.as_deref(), Some("json=1"));
        assert_eq!(request.header("content-length"), Some("7"));
        assert_eq!(request.body, b"program");
    }

    #[test]
    fn garbage_and_oversized_requests_are_bad() {
        assert!(matches!(
            read(b"\x16\x03\x01 hello\r\n\r\n"),
            Err(ReadError::Bad(_))
        ));
        let big = format!("GET / HTTP/1.0\r\nContent-Length: {}\r\n\r\n", MAX_BODY + 1);
        assert!(matches!(read(big.as_bytes()), Err(ReadError::Bad(_))));
        let long = format!("GET /{} HTTP/1.0\r\n", "a".repeat(MAX_HEAD + 10));
        assert!(matches!(read(long.as_bytes()), Err(ReadError::Bad(_))));
        assert!(matches!(read(b""), Err(ReadError::Gone)));
    }

    #[test]
    fn replies_have_miniserv_headers_in_order() {
        let reply = Reply::document("text/plain", b"x".to_vec());
        let head = String::from_utf8(reply.head).unwrap();
        assert!(head.starts_with("HTTP/1.0 200 Document follows\r\nDate: "));
        assert!(head.ends_with(
            "Server: MiniServ\r\nConnection: close\r\nContent-type: text/plain\r\n\r\n"
        ));
    }
}
