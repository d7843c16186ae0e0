//! `vmr_error`: what a failed call hands back, and its accessors.
//!
//! An error is a snapshot: every text is copied into a C string when the error is made, so the
//! accessors only lend pointers into it. They return values directly rather than a `vmr_result`
//! (there is no error about an error); given NULL they return the "nothing" value each documents.

use std::ffi::{c_char, c_int, CString};

use crate::ffi::{self, c_ptr_or_null, c_string};
use crate::result::vmr_result;

/// A failure: its code, message and the details of its kind.
///
/// Made by any function that takes `vmr_error **error_out` and fails; freed by `vmr_error_free`.
/// Not shared: use it from one thread at a time.
pub struct vmr_error {
    pub(crate) code: vmr_result,
    message: CString,
    flag: Option<CString>,
    http_status: Option<u16>,
    exit_status: Option<i32>,
    error_line: Option<CString>,
    output: Option<CString>,
    reason: Option<CString>,
}

impl vmr_error {
    /// The C form of a core error.
    pub(crate) fn from_core(err: &virtualmin_remote::Error) -> vmr_error {
        vmr_error {
            code: vmr_result::of_kind(err.kind()),
            message: c_string(err.message()),
            flag: err.flag().map(c_string),
            http_status: err.http_status(),
            exit_status: err.exit_status(),
            error_line: err.error_line().map(c_string),
            output: err.output().map(c_string),
            reason: err.reason().map(c_string),
        }
    }

    /// An error of this layer (a NULL pointer, bad UTF-8, a caught panic).
    pub(crate) fn local(code: vmr_result, message: &str, flag: Option<&str>) -> vmr_error {
        vmr_error {
            code,
            message: c_string(message),
            flag: flag.map(c_string),
            http_status: None,
            exit_status: None,
            error_line: None,
            output: None,
            reason: None,
        }
    }
}

/// Reads the error behind `err`, or gives `fallback` for NULL (and for a panic while reading).
fn with_error<T: Copy>(
    err: *const vmr_error,
    fallback: T,
    read: impl FnOnce(&vmr_error) -> T,
) -> T {
    ffi::catch(fallback, || {
        // SAFETY: the caller passes NULL or a live vmr_error from this library.
        match unsafe { err.as_ref() } {
            Some(err) => read(err),
            None => fallback,
        }
    })
}

/// Frees an error. NULL is a no-op.
#[no_mangle]
pub extern "C" fn vmr_error_free(err: *mut vmr_error) {
    // SAFETY: the caller passes NULL or an error from this library, not yet freed.
    ffi::catch((), || unsafe { ffi::free_box(err) })
}

/// The error's code; `VMR_OK` for NULL (no error object, no error).
#[no_mangle]
pub extern "C" fn vmr_error_code(err: *const vmr_error) -> vmr_result {
    with_error(err, vmr_result::VMR_OK, |err| err.code)
}

/// The kind's name: `"Usage"`, `"Connect"`, ..., `"ProgramFailed"`, `"Protocol"`, or `"Panic"`
/// for `VMR_ERR_PANIC`; `""` for NULL.
///
/// Static: valid for the life of the program.
#[no_mangle]
pub extern "C" fn vmr_error_kind(err: *const vmr_error) -> *const c_char {
    with_error(err, c"".as_ptr(), |err| err.code.kind_name().as_ptr())
}

/// The message, without the kind (`"Virtual server nosuch.example does not exist"`); `""` for
/// NULL. It never holds the password.
///
/// Borrowed from `err`: valid until `vmr_error_free(err)`.
#[no_mangle]
pub extern "C" fn vmr_error_message(err: *const vmr_error) -> *const c_char {
    with_error(err, c"".as_ptr(), |err| err.message.as_ptr())
}

/// For usage errors about one flag: its name (`"program"` for the program name); else NULL.
///
/// Borrowed from `err`: valid until `vmr_error_free(err)`.
#[no_mangle]
pub extern "C" fn vmr_error_flag(err: *const vmr_error) -> *const c_char {
    with_error(err, std::ptr::null(), |err| c_ptr_or_null(&err.flag))
}

/// The HTTP status of the reply where one was received (401, 403, 500, ...); 0 otherwise.
#[no_mangle]
pub extern "C" fn vmr_error_http_status(err: *const vmr_error) -> c_int {
    with_error(err, 0, |err| err.http_status.map_or(0, c_int::from))
}

/// For `VMR_ERR_PROGRAM` in plain-text mode: the raw wait status (256 for `exit(1)`); -1 when the
/// reply carried none (JSON, XML, Perl), for other kinds, and for NULL.
#[no_mangle]
pub extern "C" fn vmr_error_exit_status(err: *const vmr_error) -> c_int {
    with_error(err, -1, |err| err.exit_status.unwrap_or(-1))
}

/// For `VMR_ERR_PROGRAM`: the first line the program printed, its error message; else NULL.
///
/// Borrowed from `err`: valid until `vmr_error_free(err)`.
#[no_mangle]
pub extern "C" fn vmr_error_error_line(err: *const vmr_error) -> *const c_char {
    with_error(err, std::ptr::null(), |err| c_ptr_or_null(&err.error_line))
}

/// For `VMR_ERR_PROGRAM`: everything the program printed, usage text included; else NULL.
///
/// Borrowed from `err`: valid until `vmr_error_free(err)`.
#[no_mangle]
pub extern "C" fn vmr_error_output(err: *const vmr_error) -> *const c_char {
    with_error(err, std::ptr::null(), |err| c_ptr_or_null(&err.output))
}

/// For `VMR_ERR_AUTH`: the server's reason where it gave one (`"twofactor-required"`); else NULL.
///
/// Borrowed from `err`: valid until `vmr_error_free(err)`.
#[no_mangle]
pub extern "C" fn vmr_error_reason(err: *const vmr_error) -> *const c_char {
    with_error(err, std::ptr::null(), |err| c_ptr_or_null(&err.reason))
}
