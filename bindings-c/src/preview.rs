//! `vmr_preview`: the request a call would send, with its secrets masked, as C strings.

use std::ffi::{c_char, CStr, CString};

use virtualmin_remote::{Method, Preview};

use crate::error::vmr_error;
use crate::ffi::{self, arg_ref, c_ptr_or_null, c_string, guard, Failure, Out};
use crate::result::vmr_result;

/// A rendered request. The password and secret flag values read `***` in every part.
///
/// Made by `vmr_client_preview`, freed by `vmr_preview_free`. Not shared: use it from one thread
/// at a time. Every string read from it is borrowed and valid until it is freed.
pub struct vmr_preview {
    text: CString,
    method: &'static CStr,
    url: CString,
    body: Option<CString>,
    command_line: CString,
}

impl vmr_preview {
    pub(crate) fn new(preview: &Preview) -> vmr_preview {
        vmr_preview {
            text: c_string(&preview.to_string()),
            method: match preview.method {
                Method::Post => c"POST",
                Method::Get => c"GET",
            },
            url: c_string(&preview.url),
            body: preview.body.as_deref().map(c_string),
            command_line: c_string(&preview.command_line),
        }
    }
}

/// Runs a read of a preview: checks the pointers, then writes the string `pick` chooses.
fn read(
    function: &str,
    preview: *const vmr_preview,
    out: *mut *const c_char,
    error_out: *mut *mut vmr_error,
    pick: impl FnOnce(&vmr_preview) -> *const c_char,
) -> vmr_result {
    guard(function, error_out, || -> Result<(), Failure> {
        // SAFETY: the caller passes NULL or a live preview, and NULL or storage for a pointer.
        let (preview, out) = unsafe {
            (
                arg_ref(preview, "preview")?,
                Out::new(out, "the out-parameter")?,
            )
        };
        out.write(pick(preview));
        Ok(())
    })
}

/// Frees a preview. NULL is a no-op.
#[no_mangle]
pub extern "C" fn vmr_preview_free(preview: *mut vmr_preview) {
    // SAFETY: the caller passes NULL or a preview from this library, not yet freed.
    ffi::catch((), || unsafe { ffi::free_box(preview) })
}

/// The whole request as readable text: request line, headers, body, and the equivalent local
/// `virtualmin` command. Borrowed from `preview`.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument.
#[no_mangle]
pub extern "C" fn vmr_preview_text(
    preview: *const vmr_preview,
    text_out: *mut *const c_char,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    read("vmr_preview_text", preview, text_out, error_out, |p| {
        p.text.as_ptr()
    })
}

/// `"POST"` or `"GET"`. Static.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument.
#[no_mangle]
pub extern "C" fn vmr_preview_method(
    preview: *const vmr_preview,
    method_out: *mut *const c_char,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    read("vmr_preview_method", preview, method_out, error_out, |p| {
        p.method.as_ptr()
    })
}

/// The URL; with GET it carries the (masked) parameters. Borrowed from `preview`.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument.
#[no_mangle]
pub extern "C" fn vmr_preview_url(
    preview: *const vmr_preview,
    url_out: *mut *const c_char,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    read("vmr_preview_url", preview, url_out, error_out, |p| {
        p.url.as_ptr()
    })
}

/// The (masked) form body of a POST (`"program=list-domains&multiline=&json=1"`), or NULL in
/// `*body_out` for GET. Borrowed from `preview`.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument.
#[no_mangle]
pub extern "C" fn vmr_preview_body(
    preview: *const vmr_preview,
    body_out: *mut *const c_char,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    read("vmr_preview_body", preview, body_out, error_out, |p| {
        c_ptr_or_null(&p.body)
    })
}

/// The same call as the local `virtualmin` command takes it
/// (`"virtualmin list-domains --multiline"`). Borrowed from `preview`.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument.
#[no_mangle]
pub extern "C" fn vmr_preview_command_line(
    preview: *const vmr_preview,
    command_line_out: *mut *const c_char,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    read(
        "vmr_preview_command_line",
        preview,
        command_line_out,
        error_out,
        |p| p.command_line.as_ptr(),
    )
}
