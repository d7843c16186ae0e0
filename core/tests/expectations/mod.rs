//! What each recorded reply must decode to, file by file.
//!
//! [`check`] knows every `*.http` fixture by name and asserts real content: record names and
//! values, names lists, output text, error kinds, error lines, exit and HTTP statuses. It
//! returns false for a file it does not know, so that a new fixture without expectations fails
//! the suite instead of passing unchecked.

mod failures;
mod listings;
mod outputs;

use virtualmin_remote::{Error, ErrorKind, Format, Record, Response};

/// Checks `file`'s decoded `result`; false if `file` has no expectation here.
pub fn check(file: &str, format: Format, result: &Result<Response, Error>) -> bool {
    failures::check(file, format, result)
        || listings::check(file, result)
        || outputs::check(file, result)
}

/// The success, or a panic naming the file.
pub fn ok<'a>(file: &str, result: &'a Result<Response, Error>) -> &'a Response {
    crate::support::expect_ok(file, result)
}

/// The error, checked to be of `kind` and to carry `http_status`.
pub fn err<'a>(
    file: &str,
    result: &'a Result<Response, Error>,
    kind: ErrorKind,
    http_status: u16,
) -> &'a Error {
    let err = crate::support::expect_err(file, result, kind);
    assert_eq!(err.http_status(), Some(http_status), "{file}: {err:?}");
    err
}

/// The record called `name`, or a panic listing the names there are.
pub fn record<'a>(file: &str, response: &'a Response, name: &str) -> Record<'a> {
    let records = response.records();
    let names: Vec<&str> = records.iter().map(Record::name).collect();
    records
        .iter()
        .find(|r| r.name() == name)
        .copied()
        .unwrap_or_else(|| panic!("{file}: no record {name:?} among {names:?}"))
}

/// The names of the records, in order.
pub fn record_names(response: &Response) -> Vec<&str> {
    response.records().iter().map(Record::name).collect()
}

/// The text of a success that printed text; text replies also carry exit status 0.
pub fn text_output<'a>(file: &str, response: &'a Response) -> &'a str {
    assert_eq!(
        response.data(),
        None,
        "{file}: data where text was expected"
    );
    let exit = (response.format() == Format::Text).then_some(0);
    assert_eq!(response.exit_status(), exit, "{file}");
    response
        .output()
        .unwrap_or_else(|| panic!("{file}: no output"))
}
