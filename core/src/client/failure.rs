//! What a failed exchange means: the error kind of each transport failure, and which failures
//! are worth another try.

use std::time::Duration;

use crate::call::Call;
use crate::error::{Error, ErrorKind};

/// Maps a failed HTTP exchange with `origin` to a kind; `in_body` once the headers were read.
pub(crate) fn transport_error(
    err: ureq::Error,
    origin: &str,
    timeout: Duration,
    in_body: bool,
) -> Error {
    match err {
        ureq::Error::Timeout(_) => Error::new(
            ErrorKind::Timeout,
            format!("no complete reply from {origin} within {timeout:?}"),
        ),
        ureq::Error::Io(e) => io_error(e, origin, in_body),
        ureq::Error::HostNotFound => Error::new(
            ErrorKind::Connect,
            format!("cannot resolve the host of {origin}"),
        ),
        ureq::Error::ConnectionFailed => {
            Error::new(ErrorKind::Connect, format!("cannot connect to {origin}"))
        }
        ureq::Error::BodyExceedsLimit(limit) => Error::protocol(format!(
            "the reply from {origin} is larger than the limit of {limit} bytes"
        )),
        ureq::Error::Tls(what) => {
            Error::new(ErrorKind::Tls, format!("TLS with {origin} failed: {what}"))
        }
        ureq::Error::Rustls(e) => tls_error(&e, origin),
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => {
            Error::usage(format!("cannot form a request to {origin}"))
        }
        ureq::Error::Protocol(e) => {
            Error::protocol(format!("malformed HTTP reply from {origin}: {e}"))
        }
        other => Error::protocol(format!("HTTP exchange with {origin} failed: {other}")),
    }
}

/// True for a failure worth another try: no connection was made, and the program only reads.
pub(crate) fn is_retryable(call: &Call, err: &Error) -> bool {
    err.kind() == ErrorKind::Connect && changes_nothing(call.program())
}

/// True for programs that only read: listings, `get-*`, `info` and the like.
pub(crate) fn changes_nothing(program: &str) -> bool {
    const READERS: [&str; 6] = [
        "info",
        "check-config",
        "licence-info",
        "license-info",
        "list-commands",
        "get-command",
    ];
    program.starts_with("list-")
        || program.starts_with("get-")
        || program.starts_with("validate-")
        || READERS.contains(&program)
}

/// Maps an I/O error to a kind: before a reply began it is a connection failure, after that a
/// truncated reply.
pub(crate) fn io_error(err: std::io::Error, origin: &str, in_body: bool) -> Error {
    use std::io::ErrorKind as Io;

    if let Some(tls) = err
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
    {
        return tls_error(tls, origin);
    }
    match err.kind() {
        Io::TimedOut | Io::WouldBlock => Error::new(
            ErrorKind::Timeout,
            format!("{origin} did not answer in time"),
        ),
        Io::UnexpectedEof if in_body => Error::protocol(format!(
            "the connection to {origin} ended before the reply was complete"
        )),
        _ if in_body => Error::protocol(format!("the reply from {origin} was cut off: {err}")),
        Io::ConnectionRefused => Error::new(
            ErrorKind::Connect,
            format!("{origin} refused the connection"),
        ),
        _ => Error::new(
            ErrorKind::Connect,
            format!("connection to {origin} failed before a reply: {err}"),
        ),
    }
}

fn tls_error(err: &rustls::Error, origin: &str) -> Error {
    let detail = match err {
        rustls::Error::InvalidCertificate(rustls::CertificateError::Other(other)) => {
            other.0.to_string()
        }
        other => other.to_string(),
    };
    Error::new(
        ErrorKind::Tls,
        format!("TLS with {origin} failed: {detail}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_reading_programs_are_retried() {
        for program in [
            "list-domains",
            "get-dns",
            "info",
            "list-commands",
            "validate-domains",
        ] {
            assert!(changes_nothing(program), "{program}");
        }
        for program in [
            "create-domain",
            "delete-user",
            "modify-dns",
            "backup-domain",
            "restore-domain",
        ] {
            assert!(!changes_nothing(program), "{program}");
        }
        let auth = Error::new(ErrorKind::Auth, "denied");
        assert!(
            !is_retryable(&Call::new("list-domains"), &auth),
            "auth failures are never retried"
        );
    }
}
