//! `vmr_call`: a program and its flags, in order.
//!
//! Nothing is checked while a call is built (except that strings are UTF-8): the program name,
//! flag names and values are checked by `vmr_client_run` and `vmr_client_preview`, before any
//! I/O, and a bad one is a `VMR_ERR_USAGE` whose `vmr_error_flag` names it.

use std::ffi::c_char;

use virtualmin_remote::{Call, Format};

use crate::error::vmr_error;
use crate::ffi::{self, arg_mut, arg_str, guard, Failure, Out};
use crate::result::vmr_result;

/// One API call: a program, its flags in order, and optionally its reply format.
///
/// Made by `vmr_call_new`, freed by `vmr_call_free`. Not shared: change it from one thread at a
/// time; running it only reads it.
pub struct vmr_call {
    inner: Call,
}

impl vmr_call {
    pub(crate) fn inner(&self) -> &Call {
        &self.inner
    }
}

/// Runs a change of a call: checks the call pointer, then applies `change`.
fn change(
    function: &str,
    call: *mut vmr_call,
    error_out: *mut *mut vmr_error,
    change: impl FnOnce(&mut Call) -> Result<(), Failure>,
) -> vmr_result {
    guard(function, error_out, || {
        // SAFETY: the caller passes NULL or a live call it does not use elsewhere meanwhile.
        let call = unsafe { arg_mut(call, "call") }?;
        change(&mut call.inner)
    })
}

/// Starts a call of `program` (`"list-domains"`, `"create-alias"`, ...) with no flags.
///
/// On success `*call_out` is a new call the caller frees with `vmr_call_free`.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument or a program that is not UTF-8.
#[no_mangle]
pub extern "C" fn vmr_call_new(
    program: *const c_char,
    call_out: *mut *mut vmr_call,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    guard("vmr_call_new", error_out, || {
        // SAFETY: the caller passes NULL or a NUL-terminated string, and NULL or storage for a
        // pointer.
        let (program, out) = unsafe {
            (
                arg_str(program, "program")?,
                Out::new(call_out, "call_out")?,
            )
        };
        out.write_handle(vmr_call {
            inner: Call::new(program),
        });
        Ok(())
    })
}

/// Frees a call. NULL is a no-op.
#[no_mangle]
pub extern "C" fn vmr_call_free(call: *mut vmr_call) {
    // SAFETY: the caller passes NULL or a call from this library, not yet freed.
    ffi::catch((), || unsafe { ffi::free_box(call) })
}

/// Adds `--name value` (`name` without dashes). Adding the same name again repeats the flag, in
/// order: `to` twice gives two destinations.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument or a string that is not UTF-8.
#[no_mangle]
pub extern "C" fn vmr_call_arg(
    call: *mut vmr_call,
    name: *const c_char,
    value: *const c_char,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    change("vmr_call_arg", call, error_out, |call| {
        // SAFETY: the caller passes NULL or NUL-terminated strings.
        let name = unsafe { arg_str(name, "name") }?;
        // SAFETY: as above.
        let value = unsafe { arg_str(value, "value") }.map_err(|failure| match failure {
            Failure::Usage { message, .. } => Failure::Usage {
                message: format!("{message} (flag --{name})"),
                flag: Some(name.to_owned()),
            },
            other => other,
        })?;
        call.push_arg(name, value);
        Ok(())
    })
}

/// Adds a bare `--name` (sent as `name=`: `multiline`, `name-only`, ...). Bare flags may repeat
/// and mix with valued ones; the order is kept.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument or a name that is not UTF-8.
#[no_mangle]
pub extern "C" fn vmr_call_flag(
    call: *mut vmr_call,
    name: *const c_char,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    change("vmr_call_flag", call, error_out, |call| {
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        call.push_flag(unsafe { arg_str(name, "name") }?);
        Ok(())
    })
}

/// Asks for this reply format instead of the client's: `"json"`, `"json-minified"`, `"text"`,
/// `"xml"` or `"perl"`.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument or an unknown format.
#[no_mangle]
pub extern "C" fn vmr_call_format(
    call: *mut vmr_call,
    format: *const c_char,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    change("vmr_call_format", call, error_out, |call| {
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let format = Format::from_name(unsafe { arg_str(format, "format") }?)?;
        *call = call.clone().format(format);
        Ok(())
    })
}
