//! How failures reach JavaScript: one `Error` object per failure, with `code` from the contract
//! table and the fields that apply to its kind.
//!
//! The JS `Error` is built here, in Rust, and handed to napi as a retained value, so that the
//! synchronous throws (constructor, `preview`) and the promise rejections of `call` and
//! `fingerprint` carry exactly the same object shape. napi's own conversion would only set a
//! generic `code` and drop every other field.
//!
//! A [`Failure`] is plain owned data, so it can be made on a worker thread and turned into a JS
//! value later on the main thread.

use napi::bindgen_prelude::{JsObjectValue, JsValue, Object};
use napi::Env;
use virtualmin_remote::{Error, ErrorKind};

/// The JS `err.code` of each kind, as `tests/contract/error_kinds.json` has it.
pub(crate) fn code_of(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Usage => "VMR_USAGE",
        ErrorKind::Connect => "VMR_CONNECT",
        ErrorKind::Timeout => "VMR_TIMEOUT",
        ErrorKind::Tls => "VMR_TLS",
        ErrorKind::Auth => "VMR_AUTH",
        ErrorKind::Blocked => "VMR_BLOCKED",
        ErrorKind::Refused => "VMR_REFUSED",
        ErrorKind::ProgramFailed => "VMR_PROGRAM",
        ErrorKind::Http => "VMR_HTTP",
        ErrorKind::Protocol => "VMR_PROTOCOL",
        // NB: ErrorKind is non-exhaustive; a kind added to the core later still gets a code
        // that says it came from this library until the table names it.
        _ => "VMR_ERROR",
    }
}

/// A failure on its way to JavaScript. Holds no secret: the core never puts the password in an
/// error, and the binding's own messages name options and flags, never their values.
///
/// One box, like the core's `Error`, so that `Result<_, Failure>` stays small.
#[derive(Debug)]
pub struct Failure(Box<Details>);

#[derive(Debug)]
struct Details {
    kind: ErrorKind,
    message: String,
    flag: Option<String>,
    http_status: Option<u16>,
    exit_status: Option<i32>,
    error_line: Option<String>,
    output: Option<String>,
    reason: Option<String>,
}

impl Failure {
    /// A usage error found by the binding itself (an option or flag of the wrong type).
    pub(crate) fn usage(message: impl Into<String>) -> Failure {
        Failure(Box::new(Details {
            kind: ErrorKind::Usage,
            message: format!("Usage error: {}", message.into()),
            flag: None,
            http_status: None,
            exit_status: None,
            error_line: None,
            output: None,
            reason: None,
        }))
    }

    /// A usage error about one flag, naming it in `err.flag`.
    pub(crate) fn bad_flag(flag: &str, message: impl Into<String>) -> Failure {
        let mut failure = Failure::usage(message);
        failure.0.flag = Some(flag.to_owned());
        failure
    }

    /// Builds the JS `Error` and wraps it so that napi throws or rejects with it as it is.
    pub(crate) fn into_napi(self, env: &Env) -> napi::Error {
        match self.to_js(env) {
            Ok(error) => napi::Error::from(error.to_unknown()),
            // Only when the engine cannot allocate an object: fall back to napi's own error,
            // which still carries the code and the message.
            Err(_) => napi::Error::new(
                napi::Status::GenericFailure,
                format!("[{}] {}", code_of(self.0.kind), self.0.message),
            ),
        }
    }

    /// The JS `Error` object itself, for a place that holds it rather than throwing it.
    pub(crate) fn to_js<'env>(&self, env: &'env Env) -> napi::Result<Object<'env>> {
        let this = &self.0;
        let mut error = env.create_error(napi::Error::new(
            napi::Status::GenericFailure,
            &this.message,
        ))?;
        error.set_named_property("code", code_of(this.kind))?;
        error.set_named_property("kind", this.kind.name())?;
        if let Some(flag) = &this.flag {
            error.set_named_property("flag", flag.as_str())?;
        }
        if let Some(status) = this.http_status {
            error.set_named_property("httpStatus", u32::from(status))?;
        }
        if let Some(status) = this.exit_status {
            error.set_named_property("exitStatus", status)?;
        }
        if let Some(line) = &this.error_line {
            error.set_named_property("errorLine", line.as_str())?;
        }
        if let Some(output) = &this.output {
            error.set_named_property("output", output.as_str())?;
        }
        if let Some(reason) = &this.reason {
            error.set_named_property("reason", reason.as_str())?;
        }
        Ok(error)
    }
}

impl From<Error> for Failure {
    fn from(err: Error) -> Failure {
        Failure::from(&err)
    }
}

impl From<&Error> for Failure {
    fn from(err: &Error) -> Failure {
        Failure(Box::new(Details {
            kind: err.kind(),
            message: err.to_string(),
            flag: err.flag().map(str::to_owned),
            http_status: err.http_status(),
            exit_status: err.exit_status(),
            error_line: err.error_line().map(str::to_owned),
            output: err.output().map(str::to_owned),
            reason: err.reason().map(str::to_owned),
        }))
    }
}

/// Shorthand for the `map_err` of every entry point that can fail on the main thread.
pub(crate) trait IntoNapi<T> {
    /// Turns the failure into the JS error that napi throws.
    fn or_throw(self, env: &Env) -> napi::Result<T>;
}

impl<T, E: Into<Failure>> IntoNapi<T> for Result<T, E> {
    fn or_throw(self, env: &Env) -> napi::Result<T> {
        self.map_err(|e| e.into().into_napi(env))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_the_js_code_of_the_contract_table() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/contract/error_kinds.json"
        );
        let table: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let rows = table["kinds"].as_array().unwrap();
        assert_eq!(rows.len(), ErrorKind::ALL.len());
        for (row, kind) in rows.iter().zip(ErrorKind::ALL) {
            assert_eq!(row["kind"], kind.name());
            assert_eq!(row["js_code"], code_of(kind), "{kind}");
        }
    }

    #[test]
    fn a_bad_flag_names_the_flag_and_leads_with_the_kind() {
        let failure = Failure::bad_flag("to", "flag to: a nested array cannot be a flag value");
        assert_eq!(failure.0.flag.as_deref(), Some("to"));
        assert_eq!(failure.0.kind, ErrorKind::Usage);
        assert!(failure.0.message.starts_with("Usage error: flag to:"));
    }
}
