//! `vmr_client`: running calls, previewing them, and reading a server's certificate fingerprint.
//!
//! `vmr_client_run` blocks for the whole network exchange. A client may run calls from many
//! threads at once; each call is its own connection, and the TLS session store is shared, so
//! calls after the first resume their TLS session.

use std::ffi::{c_char, CString};
use std::time::Duration;

use virtualmin_remote::Client;

use crate::call::vmr_call;
use crate::error::vmr_error;
use crate::ffi::{arg_ref, arg_str, c_ptr_or_null, c_string, guard, Failure, Out};
use crate::preview::vmr_preview;
use crate::response::vmr_response;
use crate::result::{vmr_buffer_size, vmr_result};

/// A connection to one server's remote API.
///
/// Made by `vmr_client_builder_build`, freed by `vmr_client_free`. Thread-safe: any number of
/// threads may call `vmr_client_run` on one client at once; free it only after they are done.
pub struct vmr_client {
    inner: Client,
    url: CString,
    user: Option<CString>,
}

impl vmr_client {
    pub(crate) fn new(inner: Client) -> vmr_client {
        vmr_client {
            url: c_string(inner.url()),
            user: inner.user().map(c_string),
            inner,
        }
    }
}

/// Frees a client. NULL is a no-op. Responses and errors it produced stay valid.
#[no_mangle]
pub extern "C" fn vmr_client_free(client: *mut vmr_client) {
    // SAFETY: the caller passes NULL or a client from this library, not yet freed, and no other
    // thread still uses it.
    crate::ffi::catch((), || unsafe { crate::ffi::free_box(client) })
}

/// The API's full URL (`"https://host:10000/virtual-server/remote.cgi"`).
///
/// `*url_out` is borrowed from `client`: valid until `vmr_client_free(client)`.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument.
#[no_mangle]
pub extern "C" fn vmr_client_url(
    client: *const vmr_client,
    url_out: *mut *const c_char,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    guard("vmr_client_url", error_out, || {
        // SAFETY: the caller passes NULL or a live client, and NULL or storage for a pointer.
        let (client, out) = unsafe { (arg_ref(client, "client")?, Out::new(url_out, "url_out")?) };
        out.write(client.url.as_ptr());
        Ok(())
    })
}

/// The user name sent, or NULL in `*user_out` when the client has no credentials.
///
/// `*user_out` is borrowed from `client`: valid until `vmr_client_free(client)`. No function
/// returns the password.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument.
#[no_mangle]
pub extern "C" fn vmr_client_user(
    client: *const vmr_client,
    user_out: *mut *const c_char,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    guard("vmr_client_user", error_out, || {
        // SAFETY: the caller passes NULL or a live client, and NULL or storage for a pointer.
        let (client, out) =
            unsafe { (arg_ref(client, "client")?, Out::new(user_out, "user_out")?) };
        out.write(c_ptr_or_null(&client.user));
        Ok(())
    })
}

/// Runs `call` and decodes the reply. Blocks until the reply is read or a deadline passes.
///
/// On success `*response_out` is a new response the caller frees with `vmr_response_free`. The
/// call is not consumed: it can be run again.
///
/// # Errors
/// `VMR_ERR_USAGE` for a NULL argument or an invalid program or flag name or value (nothing is
/// sent; `vmr_error_flag` names the culprit); then any code of the 2xx and 3xx ranges, as the
/// network and the server decide. A program that fails is `VMR_ERR_PROGRAM`, with its exit
/// status, first line and output in the error.
#[no_mangle]
pub extern "C" fn vmr_client_run(
    client: *const vmr_client,
    call: *const vmr_call,
    response_out: *mut *mut vmr_response,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    guard("vmr_client_run", error_out, || {
        // SAFETY: the caller passes NULL or live handles (the call not changed by another
        // thread meanwhile), and NULL or storage for a pointer.
        let (client, call, out) = unsafe {
            (
                arg_ref(client, "client")?,
                arg_ref(call, "call")?,
                Out::new(response_out, "response_out")?,
            )
        };
        let response = client.inner.run(call.inner())?;
        out.write_handle(vmr_response::new(response));
        Ok(())
    })
}

/// Renders the request `call` would send, without sending it: the password and the values of
/// flags whose names contain `pass` are `***`.
///
/// On success `*preview_out` is a new preview the caller frees with `vmr_preview_free`.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument, or the same invalid names and values `vmr_client_run`
/// refuses.
#[no_mangle]
pub extern "C" fn vmr_client_preview(
    client: *const vmr_client,
    call: *const vmr_call,
    preview_out: *mut *mut vmr_preview,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    guard("vmr_client_preview", error_out, || {
        // SAFETY: as in vmr_client_run.
        let (client, call, out) = unsafe {
            (
                arg_ref(client, "client")?,
                arg_ref(call, "call")?,
                Out::new(preview_out, "preview_out")?,
            )
        };
        let preview = client.inner.preview(call.inner())?;
        out.write_handle(vmr_preview::new(&preview));
        Ok(())
    })
}

/// Reads the SHA-256 fingerprint of the certificate the server at `url` presents, for pinning
/// with `vmr_client_builder_fingerprint` on first use. The certificate is not checked: compare
/// the value with one obtained out of band before trusting it.
///
/// On success the fingerprint (`"AA:BB:..."`, 95 characters) and a NUL are copied into `buf`,
/// which holds `buf_len` bytes: at least `VMR_FINGERPRINT_SIZE`. `buf` is not touched on failure.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument, a URL that is not `https://`, a zero timeout, or a buffer
/// shorter than `VMR_FINGERPRINT_SIZE`. `VMR_ERR_CONNECT`, `VMR_ERR_TIMEOUT`, `VMR_ERR_TLS` as the
/// server answers.
#[no_mangle]
pub extern "C" fn vmr_fingerprint(
    url: *const c_char,
    timeout_ms: u64,
    buf: *mut c_char,
    buf_len: usize,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    guard("vmr_fingerprint", error_out, || {
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let url = unsafe { arg_str(url, "url") }?;
        if buf.is_null() {
            return Err(Failure::usage("buf is NULL"));
        }
        let needed = vmr_buffer_size::VMR_FINGERPRINT_SIZE as usize;
        if buf_len < needed {
            return Err(Failure::usage(format!(
                "buf_len is {buf_len}; VMR_FINGERPRINT_SIZE ({needed}) bytes are needed"
            )));
        }
        if timeout_ms == 0 {
            return Err(Failure::usage("timeout_ms must be above zero"));
        }

        let text = virtualmin_remote::fetch_fingerprint(url, Duration::from_millis(timeout_ms))?
            .to_string();
        let text = c_string(&text);
        let bytes = text.as_bytes_with_nul();
        debug_assert!(bytes.len() <= needed);
        // SAFETY: `buf` is not NULL and holds `buf_len >= needed >= bytes.len()` writable bytes
        // by the caller's contract; the regions cannot overlap (ours is a fresh allocation).
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr().cast(), buf, bytes.len()) };
        Ok(())
    })
}
