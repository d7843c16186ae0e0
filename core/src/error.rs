//! The one error type of the library and the kinds it comes in.
//!
//! Every failure, from a bad flag name to a program that exited non-zero, is an [`Error`] whose
//! [`ErrorKind`] says which of ten things went wrong. Bindings map the kind to their own classes
//! or codes; the table lives in `tests/contract/error_kinds.json`.
//!
//! No message built here ever holds a password, an `Authorization` header or a query string:
//! messages are composed from the program name, flag names, the host and what the server said.

use std::fmt;

/// What went wrong, in the categories callers act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The caller's input is invalid: a program or flag name, a value with NUL or a line break,
    /// a URL, an option. Nothing was sent.
    Usage,
    /// No connection could be made, or it was reset before a reply began.
    Connect,
    /// The connect or total deadline passed.
    Timeout,
    /// The server's certificate was rejected or did not match the pin.
    Tls,
    /// The server refused the credentials (401, two-factor account, Webmin login page).
    Auth,
    /// The server blocked this client's address after repeated login failures (403).
    Blocked,
    /// remote.cgi itself refused the call: not allowed, no such program, invalid name.
    Refused,
    /// The program ran and failed (non-zero exit status, `status: failure`).
    ProgramFailed,
    /// Any other HTTP status that is not success.
    Http,
    /// The reply could not be understood: truncated, undecodable, or not the API.
    Protocol,
}

impl ErrorKind {
    /// The kind's name as written in the contract table (`"Usage"`, `"ProgramFailed"`, ...).
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Usage => "Usage",
            ErrorKind::Connect => "Connect",
            ErrorKind::Timeout => "Timeout",
            ErrorKind::Tls => "Tls",
            ErrorKind::Auth => "Auth",
            ErrorKind::Blocked => "Blocked",
            ErrorKind::Refused => "Refused",
            ErrorKind::ProgramFailed => "ProgramFailed",
            ErrorKind::Http => "Http",
            ErrorKind::Protocol => "Protocol",
        }
    }

    /// Every kind, in the order of the contract table.
    pub const ALL: [ErrorKind; 10] = [
        ErrorKind::Usage,
        ErrorKind::Connect,
        ErrorKind::Timeout,
        ErrorKind::Tls,
        ErrorKind::Auth,
        ErrorKind::Blocked,
        ErrorKind::Refused,
        ErrorKind::ProgramFailed,
        ErrorKind::Http,
        ErrorKind::Protocol,
    ];
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An error from building, sending or decoding a call.
///
/// Cheap to move (one box). The accessors return what applies to the kind and `None` otherwise.
pub struct Error(Box<Inner>);

struct Inner {
    kind: ErrorKind,
    message: String,
    flag: Option<String>,
    http_status: Option<u16>,
    exit_status: Option<i32>,
    error_line: Option<String>,
    output: Option<String>,
    reason: Option<String>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Error {
    /// A new error of `kind` with a message (which must hold no secret).
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error(Box::new(Inner {
            kind,
            message: message.into(),
            flag: None,
            http_status: None,
            exit_status: None,
            error_line: None,
            output: None,
            reason: None,
            source: None,
        }))
    }

    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Usage, message)
    }

    pub(crate) fn protocol(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Protocol, message)
    }

    /// A usage error about one flag, naming it.
    pub(crate) fn bad_flag(flag: &str, message: impl Into<String>) -> Self {
        let mut err = Error::usage(message);
        err.0.flag = Some(flag.to_owned());
        err
    }

    /// The program ran and failed: `error_line` is its first non-blank line of output.
    pub(crate) fn program_failed(
        program: &str,
        exit_status: Option<i32>,
        error_line: String,
        output: String,
    ) -> Self {
        let message = match (exit_status, error_line.is_empty()) {
            (Some(status), false) => {
                format!("{program} failed (exit status {status}): {error_line}")
            }
            (None, false) => format!("{program} failed: {error_line}"),
            (Some(status), true) => {
                format!("{program} failed (exit status {status}) without printing an error")
            }
            (None, true) => format!("{program} failed without printing an error"),
        };
        let mut err = Error::new(ErrorKind::ProgramFailed, message);
        err.0.exit_status = exit_status;
        err.0.error_line = Some(error_line);
        err.0.output = Some(output);
        err
    }

    /// A usage error from a strict catalog check: the first problem names the flag, the
    /// message lists them all.
    pub(crate) fn from_problems(problems: &[crate::catalog::Problem]) -> Self {
        let text: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        let mut err = Error::usage(text.join("; "));
        err.0.flag = problems
            .first()
            .map(|p| p.flag.clone().unwrap_or_else(|| "program".into()));
        err
    }

    /// A copy of a usage error for another recipient (errors hold no secrets, but their source
    /// cannot be cloned, so it is left out).
    pub(crate) fn clone_kind_and_message(&self) -> Self {
        let mut err = Error::new(self.0.kind, self.0.message.clone());
        err.0.flag = self.0.flag.clone();
        err
    }

    pub(crate) fn with_http_status(mut self, status: u16) -> Self {
        self.0.http_status = Some(status);
        self
    }

    pub(crate) fn with_reason(mut self, reason: impl Into<String>) -> Self {
        self.0.reason = Some(reason.into());
        self
    }

    pub(crate) fn with_source(
        mut self,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        self.0.source = Some(source.into());
        self
    }

    /// Which kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The message alone, without the kind.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// For usage errors about a flag: the flag's name (`program` for the program name).
    pub fn flag(&self) -> Option<&str> {
        self.0.flag.as_deref()
    }

    /// The HTTP status of the reply, where one was received.
    pub fn http_status(&self) -> Option<u16> {
        self.0.http_status
    }

    /// For a failed program in plain-text mode: the raw wait status (`256` for `exit(1)`).
    pub fn exit_status(&self) -> Option<i32> {
        self.0.exit_status
    }

    /// For a failed program: the first non-blank line it printed (its error message).
    pub fn error_line(&self) -> Option<&str> {
        self.0.error_line.as_deref()
    }

    /// For a failed program: everything it printed, usage text included.
    pub fn output(&self) -> Option<&str> {
        self.0.output.as_deref()
    }

    /// For auth failures: the server's reason where it gave one (`twofactor-required`).
    pub fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} error: {}", self.0.kind, self.0.message)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Error");
        s.field("kind", &self.0.kind)
            .field("message", &self.0.message);
        if let Some(flag) = &self.0.flag {
            s.field("flag", flag);
        }
        if let Some(status) = self.0.http_status {
            s.field("http_status", &status);
        }
        if let Some(status) = self.0.exit_status {
            s.field("exit_status", &status);
        }
        if let Some(reason) = &self.0.reason {
            s.field("reason", reason);
        }
        if let Some(source) = &self.0.source {
            s.field("source", &source.to_string());
        }
        s.finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0
            .source
            .as_ref()
            .map(|s| s.as_ref() as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_leads_with_the_kind() {
        let err = Error::bad_flag("to", "flag to: value contains a line break");
        assert_eq!(
            err.to_string(),
            "Usage error: flag to: value contains a line break"
        );
        assert_eq!(err.flag(), Some("to"));
        assert_eq!(err.kind(), ErrorKind::Usage);
    }

    #[test]
    fn program_failure_carries_its_fields() {
        let err = Error::program_failed(
            "create-alias",
            Some(256),
            "Virtual server nosuch.example does not exist".into(),
            "Virtual server nosuch.example does not exist\n\nusage...\n".into(),
        );
        assert_eq!(err.kind(), ErrorKind::ProgramFailed);
        assert_eq!(err.exit_status(), Some(256));
        assert_eq!(
            err.error_line(),
            Some("Virtual server nosuch.example does not exist")
        );
        assert!(err.output().unwrap().contains("usage"));
        assert!(err.to_string().contains("exit status 256"));
    }

    #[test]
    fn kind_names_are_unique() {
        let mut names: Vec<_> = ErrorKind::ALL.iter().map(|k| k.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), ErrorKind::ALL.len());
    }
}
