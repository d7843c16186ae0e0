//! `vmr_client_builder`: every option of a client, set one call at a time, then built.
//!
//! A setter that can check its value does so at once (a fingerprint that does not parse, a CA
//! file that cannot be read, an unknown method or format) so that the error points at the line
//! that caused it; the rest is checked by `vmr_client_builder_build`. Of the TLS setters
//! (`_verify`, `_fingerprint`, `_ca_file`, `_ca_pem`, `_insecure`) the last one called wins.
//!
//! Not yet: the core's `ClientBuilder::catalog` (checking calls against the catalog another
//! client read from a live server) has no C form; calls are checked against the bundled catalog.

use std::ffi::c_char;
use std::time::Duration;

use virtualmin_remote::{CheckMode, Client, ClientBuilder, Format, Method, Tls};

use crate::client::vmr_client;
use crate::error::vmr_error;
use crate::ffi::{self, arg_mut, arg_ref, arg_str, guard, Failure, Out};
use crate::result::vmr_result;

/// The options of a client not yet built.
///
/// Made by `vmr_client_builder_new`, freed by `vmr_client_builder_free` (building does not
/// consume it). Not shared: use it from one thread at a time.
pub struct vmr_client_builder {
    inner: ClientBuilder,
}

impl vmr_client_builder {
    /// Replaces the core builder with `change(builder)`. The core's setters take the builder by
    /// value; changing a clone leaves this one intact if `change` panics.
    fn update(&mut self, change: impl FnOnce(ClientBuilder) -> ClientBuilder) {
        self.inner = change(self.inner.clone());
    }
}

/// Runs a setter: checks the builder pointer, then applies `set`.
fn setter(
    function: &str,
    builder: *mut vmr_client_builder,
    error_out: *mut *mut vmr_error,
    set: impl FnOnce(&mut vmr_client_builder) -> Result<(), Failure>,
) -> vmr_result {
    guard(function, error_out, || {
        // SAFETY: the caller passes NULL or a live builder it does not use elsewhere meanwhile.
        let builder = unsafe { arg_mut(builder, "builder") }?;
        set(builder)
    })
}

/// Starts the options of a client of the server at `url` (`"https://host:10000"`).
///
/// The URL is checked by `vmr_client_builder_build`. Defaults: no credentials, certificate
/// verified against the system's roots, 300 s total and 10 s connect timeouts, POST, JSON.
/// On success `*builder_out` is a new builder the caller frees with `vmr_client_builder_free`.
///
/// # Errors
/// `VMR_ERR_USAGE`: `url` or `builder_out` is NULL, or `url` is not UTF-8.
#[no_mangle]
pub extern "C" fn vmr_client_builder_new(
    url: *const c_char,
    builder_out: *mut *mut vmr_client_builder,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    guard("vmr_client_builder_new", error_out, || {
        // SAFETY: the caller passes NULL or a NUL-terminated string, and NULL or storage for
        // one pointer.
        let (url, out) = unsafe { (arg_str(url, "url")?, Out::new(builder_out, "builder_out")?) };
        out.write_handle(vmr_client_builder {
            inner: Client::builder(url),
        });
        Ok(())
    })
}

/// Frees a builder. NULL is a no-op. Clients built from it stay valid.
#[no_mangle]
pub extern "C" fn vmr_client_builder_free(builder: *mut vmr_client_builder) {
    // SAFETY: the caller passes NULL or a builder from this library, not yet freed.
    ffi::catch((), || unsafe { ffi::free_box(builder) })
}

/// Sends HTTP Basic credentials with every call. The password is copied and kept in a type that
/// never prints it; the caller may wipe its own copy at once.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL or non-UTF-8 argument. The user name itself is checked when building.
#[no_mangle]
pub extern "C" fn vmr_client_builder_credentials(
    builder: *mut vmr_client_builder,
    user: *const c_char,
    password: *const c_char,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    setter("vmr_client_builder_credentials", builder, error_out, |b| {
        // SAFETY: the caller passes NULL or NUL-terminated strings.
        let (user, password) = unsafe { (arg_str(user, "user")?, arg_str(password, "password")?) };
        b.update(|inner| inner.credentials(user, password));
        Ok(())
    })
}

/// Verifies the server's certificate against the system's trusted roots (the default).
///
/// # Errors
/// `VMR_ERR_USAGE`: `builder` is NULL.
#[no_mangle]
pub extern "C" fn vmr_client_builder_verify(
    builder: *mut vmr_client_builder,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    setter("vmr_client_builder_verify", builder, error_out, |b| {
        b.update(|inner| inner.tls(Tls::Verify));
        Ok(())
    })
}

/// Accepts exactly the certificate whose SHA-256 fingerprint is `fingerprint`
/// (`"AA:BB:..."`, plain hex, either case), whatever its name or issuer: the safe way to talk
/// to Webmin's self-signed certificate. `vmr_fingerprint` reads it from a server.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument, or a fingerprint that is not 32 bytes of hex.
#[no_mangle]
pub extern "C" fn vmr_client_builder_fingerprint(
    builder: *mut vmr_client_builder,
    fingerprint: *const c_char,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    setter("vmr_client_builder_fingerprint", builder, error_out, |b| {
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let tls = Tls::pinned(unsafe { arg_str(fingerprint, "fingerprint") }?)?;
        b.update(|inner| inner.tls(tls));
        Ok(())
    })
}

/// Verifies the certificate against the CA certificates in the PEM file at `path` instead of
/// the system's roots. The file is read now.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument, or the file cannot be read.
#[no_mangle]
pub extern "C" fn vmr_client_builder_ca_file(
    builder: *mut vmr_client_builder,
    path: *const c_char,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    setter("vmr_client_builder_ca_file", builder, error_out, |b| {
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let tls = Tls::custom_ca_file(unsafe { arg_str(path, "path") }?)?;
        b.update(|inner| inner.tls(tls));
        Ok(())
    })
}

/// As `vmr_client_builder_ca_file`, with the PEM text in memory (`pem_len` bytes, copied).
///
/// # Errors
/// `VMR_ERR_USAGE`: `builder` or `pem` is NULL. A PEM without certificates fails when building.
#[no_mangle]
pub extern "C" fn vmr_client_builder_ca_pem(
    builder: *mut vmr_client_builder,
    pem: *const u8,
    pem_len: usize,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    setter("vmr_client_builder_ca_pem", builder, error_out, |b| {
        if pem.is_null() {
            return Err(Failure::usage("pem is NULL"));
        }
        // SAFETY: not NULL, and the caller's contract is `pem_len` readable bytes at `pem`.
        let pem = unsafe { std::slice::from_raw_parts(pem, pem_len) }.to_vec();
        b.update(|inner| inner.tls(Tls::CustomCa(pem)));
        Ok(())
    })
}

/// DANGEROUS: accepts any certificate, so anyone on the path can read the password. Prefer
/// `vmr_client_builder_fingerprint`.
///
/// # Errors
/// `VMR_ERR_USAGE`: `builder` is NULL.
#[no_mangle]
pub extern "C" fn vmr_client_builder_insecure(
    builder: *mut vmr_client_builder,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    setter("vmr_client_builder_insecure", builder, error_out, |b| {
        b.update(|inner| inner.tls(Tls::Insecure));
        Ok(())
    })
}

/// The deadline of a whole call, from connecting to the last byte, in milliseconds (default
/// 300000). Zero is refused when building.
///
/// # Errors
/// `VMR_ERR_USAGE`: `builder` is NULL.
#[no_mangle]
pub extern "C" fn vmr_client_builder_timeout_ms(
    builder: *mut vmr_client_builder,
    timeout_ms: u64,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    setter("vmr_client_builder_timeout_ms", builder, error_out, |b| {
        b.update(|inner| inner.timeout(Duration::from_millis(timeout_ms)));
        Ok(())
    })
}

/// The deadline for opening the connection, in milliseconds (default 10000). Zero is refused
/// when building.
///
/// # Errors
/// `VMR_ERR_USAGE`: `builder` is NULL.
#[no_mangle]
pub extern "C" fn vmr_client_builder_connect_timeout_ms(
    builder: *mut vmr_client_builder,
    timeout_ms: u64,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    setter(
        "vmr_client_builder_connect_timeout_ms",
        builder,
        error_out,
        |b| {
            b.update(|inner| inner.connect_timeout(Duration::from_millis(timeout_ms)));
            Ok(())
        },
    )
}

/// How parameters travel: `"POST"` (the default: all in the body, which Webmin does not log) or
/// `"GET"` (all in the URL, which Webmin's access log records). Case is ignored.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument or another method.
#[no_mangle]
pub extern "C" fn vmr_client_builder_method(
    builder: *mut vmr_client_builder,
    method: *const c_char,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    setter("vmr_client_builder_method", builder, error_out, |b| {
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let name = unsafe { arg_str(method, "method") }?;
        let method = if name.eq_ignore_ascii_case("POST") {
            Method::Post
        } else if name.eq_ignore_ascii_case("GET") {
            Method::Get
        } else {
            return Err(Failure::usage(format!(
                "unknown method {name:?} (expected POST or GET)"
            )));
        };
        b.update(|inner| inner.method(method));
        Ok(())
    })
}

/// The reply format asked for unless a call chooses its own: `"json"` (the default),
/// `"json-minified"`, `"text"`, `"xml"` or `"perl"`. Every format decodes to the same response.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument or an unknown format.
#[no_mangle]
pub extern "C" fn vmr_client_builder_format(
    builder: *mut vmr_client_builder,
    format: *const c_char,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    setter("vmr_client_builder_format", builder, error_out, |b| {
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let format = Format::from_name(unsafe { arg_str(format, "format") }?)?;
        b.update(|inner| inner.format(format));
        Ok(())
    })
}

/// The API's path under the URL (default `"/virtual-server/remote.cgi"`). Checked when building.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL or non-UTF-8 argument.
#[no_mangle]
pub extern "C" fn vmr_client_builder_path(
    builder: *mut vmr_client_builder,
    path: *const c_char,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    setter("vmr_client_builder_path", builder, error_out, |b| {
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let path = unsafe { arg_str(path, "path") }?;
        b.update(|inner| inner.path(path));
        Ok(())
    })
}

/// Talks to Cloudmin's API (`/server-manager/remote.cgi`) instead of Virtualmin's.
///
/// # Errors
/// `VMR_ERR_USAGE`: `builder` is NULL.
#[no_mangle]
pub extern "C" fn vmr_client_builder_cloudmin(
    builder: *mut vmr_client_builder,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    setter("vmr_client_builder_cloudmin", builder, error_out, |b| {
        b.update(ClientBuilder::cloudmin);
        Ok(())
    })
}

/// Refuses replies larger than `limit` bytes, while reading (default 256 MiB). Zero is refused
/// when building.
///
/// # Errors
/// `VMR_ERR_USAGE`: `builder` is NULL.
#[no_mangle]
pub extern "C" fn vmr_client_builder_max_reply_bytes(
    builder: *mut vmr_client_builder,
    limit: u64,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    setter(
        "vmr_client_builder_max_reply_bytes",
        builder,
        error_out,
        |b| {
            b.update(|inner| inner.max_reply_bytes(limit));
            Ok(())
        },
    )
}

/// What to do when a call does not match the bundled program catalog: `"warn"` (the default:
/// send it anyway), `"strict"` (refuse it with `VMR_ERR_USAGE`) or `"off"`.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument or an unknown mode.
#[no_mangle]
pub extern "C" fn vmr_client_builder_check_mode(
    builder: *mut vmr_client_builder,
    mode: *const c_char,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    setter("vmr_client_builder_check_mode", builder, error_out, |b| {
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let mode = CheckMode::from_name(unsafe { arg_str(mode, "mode") }?)?;
        b.update(|inner| inner.check_mode(mode));
        Ok(())
    })
}

/// Whether list programs called without a listing flag get a bare `multiline` added, so that
/// they return one record per item (default true).
///
/// # Errors
/// `VMR_ERR_USAGE`: `builder` is NULL.
#[no_mangle]
pub extern "C" fn vmr_client_builder_auto_multiline(
    builder: *mut vmr_client_builder,
    on: bool,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    setter(
        "vmr_client_builder_auto_multiline",
        builder,
        error_out,
        |b| {
            b.update(|inner| inner.auto_multiline(on));
            Ok(())
        },
    )
}

/// Checks the options and builds a client. The builder is not consumed: free it as usual, or
/// change it and build another client.
///
/// On success `*client_out` is a new client the caller frees with `vmr_client_free`.
///
/// # Errors
/// `VMR_ERR_USAGE`: a NULL argument, a bad URL (credentials or a query in it, no host, a bad
/// port), user name, path, a zero timeout or limit, a CA PEM without a usable certificate.
/// `VMR_ERR_TLS`: the TLS layer cannot be set up.
#[no_mangle]
pub extern "C" fn vmr_client_builder_build(
    builder: *const vmr_client_builder,
    client_out: *mut *mut vmr_client,
    error_out: *mut *mut vmr_error,
) -> vmr_result {
    guard("vmr_client_builder_build", error_out, || {
        // SAFETY: the caller passes NULL or a live builder, and NULL or storage for one pointer.
        let (builder, out) = unsafe {
            (
                arg_ref(builder, "builder")?,
                Out::new(client_out, "client_out")?,
            )
        };
        let client = builder.inner.clone().build()?;
        out.write_handle(vmr_client::new(client));
        Ok(())
    })
}
