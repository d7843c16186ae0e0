//! `vmr_response`: a successful reply, read through accessors that lend C strings.
//!
//! The C strings are made on first use and kept in the handle: the JSON text of `data` when it
//! is first asked for, and the table of records (names, keys, values) when any record accessor
//! is first called. Until then a response costs what the decoded reply costs.

use std::ffi::{c_char, CStr, CString};
use std::sync::OnceLock;

use virtualmin_remote::{Format, Response};

use crate::error::vmr_error;
use crate::ffi::{self, arg_ref, arg_str, c_ptr_or_null, c_string, guard, Failure, Out};
use crate::result::vmr_result;

/// A decoded reply of a program that succeeded.
///
/// Made by `vmr_client_run`, freed by `vmr_response_free`. Not shared: use it from one thread at
/// a time. Every string read from it is borrowed and valid until it is freed.
pub struct vmr_response {
    inner: Response,
    program: CString,
    output: Option<CString>,
    data_json: OnceLock<CString>,
    records: OnceLock<Vec<CRecord>>,
}

/// One record's texts as C strings; keys sorted, as the core gives them.
struct CRecord {
    name: CString,
    fields: Vec<(CString, Vec<CString>)>,
}

impl CRecord {
    fn values(&self, key: &str) -> Option<&[CString]> {
        self.fields
            .iter()
            .find(|(k, _)| k.to_bytes() == key.as_bytes())
            .map(|(_, values)| values.as_slice())
    }
}

impl vmr_response {
    pub(crate) fn new(inner: Response) -> vmr_response {
        vmr_response {
            program: c_string(inner.program()),
            output: inner.output().map(c_string),
            data_json: OnceLock::new(),
            records: OnceLock::new(),
            inner,
        }
    }

    fn records(&self) -> &[CRecord] {
        self.records.get_or_init(|| {
            self.inner
                .records()
                .iter()
                .map(|record| CRecord {
                    name: c_string(record.name()),
                    fields: record
                        .keys()
                        .map(|key| (c_string(key), record.get_all(key).map(c_string).collect()))
                        .collect(),
                })
                .collect()
        })
    }

    fn record(&self, index: usize) -> Result<&CRecord, Failure> {
        let records = self.records();
        records.get(index).ok_or_else(|| {
            Failure::usage(format!(
                "record index {index} is out of range ({} records)",
                records.len()
            ))
        })
    }
}

/// Runs a read of a response: checks the response and out pointers, then writes `read`'s value.
fn read<T>(
    function: &str,
    response: *const vmr_response,
    out: *mut T,
    error_out: *mut *mut vmr_error,
    read: impl FnOnce(&vmr_response) -> Result<T, Failure>,
) -> vmr_result {
    guard(function, error_out, || {
        // SAFETY: the caller passes NULL or a live response, and NULL or storage for one T.
        let (response, out) = unsafe {
            (
                arg_ref(response, "response")?,
                Out::new(out, "the out-parameter")?,
            )
        };
        out.write(read(response)?);
        Ok(())
    })
}

/// Frees a response and every string read from it. NULL is a no-op.
#[no_mangle]
pub extern "C" fn vmr_response_free(response: *mut vmr_response) {
    // SAFETY: the caller passes NULL or a response from this library, not yet freed.
    ffi::catch((), || unsafe { ffi::free_box(response) })
}

/// The program that ran (`"list-domains"`). Borrowed from `response`.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument.
#[no_mangle]
pub extern "C" fn vmr_response_program(
    response: *const vmr_response,
    program_out: *mut *const c_char,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    read(
        "vmr_response_program",
        response,
        program_out,
        error_out,
        |r| Ok(r.program.as_ptr()),
    )
}

/// Always `"success"`: a program that failed is an error, never a response. Static.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument.
#[no_mangle]
pub extern "C" fn vmr_response_status(
    response: *const vmr_response,
    status_out: *mut *const c_char,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    read(
        "vmr_response_status",
        response,
        status_out,
        error_out,
        |r| {
            let status = r.inner.status();
            debug_assert_eq!(status, "success");
            Ok(c"success".as_ptr())
        },
    )
}

/// The wire format the reply came in: `"json"`, `"json-minified"`, `"text"`, `"xml"` or
/// `"perl"`. Static.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument.
#[no_mangle]
pub extern "C" fn vmr_response_format(
    response: *const vmr_response,
    format_out: *mut *const c_char,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    read(
        "vmr_response_format",
        response,
        format_out,
        error_out,
        |r| {
            let name: &CStr = match r.inner.format() {
                Format::Json => c"json",
                Format::JsonMinified => c"json-minified",
                Format::Text => c"text",
                Format::Xml => c"xml",
                Format::Perl => c"perl",
            };
            Ok(name.as_ptr())
        },
    )
}

/// The exit status of a plain-text reply (0); -1 when the format carries none (JSON, XML, Perl).
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument.
#[no_mangle]
pub extern "C" fn vmr_response_exit_status(
    response: *const vmr_response,
    exit_status_out: *mut i32,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    read(
        "vmr_response_exit_status",
        response,
        exit_status_out,
        error_out,
        |r| Ok(r.inner.exit_status().unwrap_or(-1)),
    )
}

/// The structured result as JSON text: a list of records (`{"name": .., "values": {key:
/// [string, ..]}}`), of pairs, of plain strings, or a program's own shape; `"null"` when the
/// program printed text instead (see `vmr_response_output`). Borrowed from `response`.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument.
#[no_mangle]
pub extern "C" fn vmr_response_data_json(
    response: *const vmr_response,
    json_out: *mut *const c_char,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    read(
        "vmr_response_data_json",
        response,
        json_out,
        error_out,
        |r| {
            let json = r.data_json.get_or_init(|| {
                let text = match r.inner.data() {
                    Some(data) => data.to_string(),
                    None => "null".to_owned(),
                };
                // NB: JSON escapes a NUL as \u0000, so the text never holds one.
                c_string(&text)
            });
            Ok(json.as_ptr())
        },
    )
}

/// The program's text output, or NULL in `*output_out` when it returned data instead.
/// Borrowed from `response`.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument.
#[no_mangle]
pub extern "C" fn vmr_response_output(
    response: *const vmr_response,
    output_out: *mut *const c_char,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    read(
        "vmr_response_output",
        response,
        output_out,
        error_out,
        |r| Ok(c_ptr_or_null(&r.output)),
    )
}

/// The number of records: the items of `data` that are `{name, values}` objects (one per domain,
/// user, alias of a multiline listing). 0 when there are none.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument.
#[no_mangle]
pub extern "C" fn vmr_response_record_count(
    response: *const vmr_response,
    count_out: *mut usize,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    read(
        "vmr_response_record_count",
        response,
        count_out,
        error_out,
        |r| Ok(r.records().len()),
    )
}

/// The name of record `index` (the domain, user or alias). Borrowed from `response`.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument or `index` not below the record count.
#[no_mangle]
pub extern "C" fn vmr_response_record_name(
    response: *const vmr_response,
    index: usize,
    name_out: *mut *const c_char,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    read(
        "vmr_response_record_name",
        response,
        name_out,
        error_out,
        |r| Ok(r.record(index)?.name.as_ptr()),
    )
}

/// The number of keys of record `index` (`home_directory`, `username`, ...).
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument or `index` out of range.
#[no_mangle]
pub extern "C" fn vmr_response_record_key_count(
    response: *const vmr_response,
    index: usize,
    count_out: *mut usize,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    read(
        "vmr_response_record_key_count",
        response,
        count_out,
        error_out,
        |r| Ok(r.record(index)?.fields.len()),
    )
}

/// Key `key_index` of record `index`, in sorted order. Borrowed from `response`.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument or an index out of range.
#[no_mangle]
pub extern "C" fn vmr_response_record_key(
    response: *const vmr_response,
    index: usize,
    key_index: usize,
    key_out: *mut *const c_char,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    read(
        "vmr_response_record_key",
        response,
        key_out,
        error_out,
        |r| {
            let fields = &r.record(index)?.fields;
            let (key, _) = fields.get(key_index).ok_or_else(|| {
                Failure::usage(format!(
                    "key index {key_index} is out of range ({} keys)",
                    fields.len()
                ))
            })?;
            Ok(key.as_ptr())
        },
    )
}

/// How many values `key` has in record `index`: 0 when the record has no such key, more than 1
/// for a key that repeats (the `to` of an alias with several destinations).
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument, a key that is not UTF-8, or `index` out of range.
#[no_mangle]
pub extern "C" fn vmr_response_record_value_count(
    response: *const vmr_response,
    index: usize,
    key: *const c_char,
    count_out: *mut usize,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    read(
        "vmr_response_record_value_count",
        response,
        count_out,
        error_out,
        |r| {
            // SAFETY: the caller passes NULL or a NUL-terminated string.
            let key = unsafe { arg_str(key, "key") }?;
            Ok(r.record(index)?.values(key).map_or(0, <[CString]>::len))
        },
    )
}

/// Value `value_index` of `key` in record `index`. Borrowed from `response`.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument, a key that is not UTF-8 or not in the record, or an index
/// out of range.
#[no_mangle]
pub extern "C" fn vmr_response_record_value(
    response: *const vmr_response,
    index: usize,
    key: *const c_char,
    value_index: usize,
    value_out: *mut *const c_char,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    read(
        "vmr_response_record_value",
        response,
        value_out,
        error_out,
        |r| {
            // SAFETY: the caller passes NULL or a NUL-terminated string.
            let key = unsafe { arg_str(key, "key") }?;
            let record = r.record(index)?;
            let values = record.values(key).ok_or_else(|| {
                Failure::usage(format!(
                    "record {:?} has no key {key:?}",
                    record.name.to_string_lossy()
                ))
            })?;
            let value = values.get(value_index).ok_or_else(|| {
                Failure::usage(format!(
                    "value index {value_index} of key {key:?} is out of range ({} values)",
                    values.len()
                ))
            })?;
            Ok(value.as_ptr())
        },
    )
}
