//! `libvirtualmin_remote`: the C ABI of the virtualmin-remote core.
//!
//! The header `include/virtualmin_remote.h` is generated from these sources by cbindgen; the
//! rules below hold for every function in it.
//!
//! - **Handles.** `vmr_client_builder`, `vmr_client`, `vmr_call`, `vmr_response`, `vmr_preview`
//!   and `vmr_error` are opaque. Each is created by one function (`_new`, `_build`, `_run`,
//!   `_preview`, or any failing call for errors) and released by its `_free`, which accepts NULL.
//! - **Results.** Every function that can fail returns a `vmr_result`: `VMR_OK` (0) or a code
//!   from the ranges 1xx (the caller's input), 2xx (transport), 3xx (the server), 9xx (this
//!   layer). The numbers match `tests/contract/error_kinds.json` and are never reused.
//! - **Errors.** Those functions take a last argument `vmr_error **error_out`. On failure, when it
//!   is not NULL, a new error is stored there, which the caller frees with `vmr_error_free`; a
//!   value already there is overwritten, not freed. On success it is left alone.
//! - **Out-parameters** end in `_out`, must not be NULL, and are written only on success.
//! - **Strings** passed in are NUL-terminated UTF-8 (invalid UTF-8 or NULL is `VMR_ERR_USAGE`).
//!   Strings handed out are borrowed from the handle they were read from and stay valid until
//!   that handle is freed; the one exception, `vmr_fingerprint`, copies into the caller's buffer.
//! - **Panics** never cross the boundary: each entry point catches them and reports
//!   `VMR_ERR_PANIC`.
//! - **Threads.** A `vmr_client` may be used from many threads at once (it is `Send + Sync`:
//!   calls run in parallel). Every other handle belongs to one thread at a time; it may be passed
//!   between threads but not used from two at once.
//!
//! Nothing is logged: the core's `log` output is not bridged to C.

// The Rust names of the exported types are their C names, which cbindgen copies.
#![allow(non_camel_case_types)]

mod builder;
mod call;
mod client;
mod error;
mod ffi;
mod preview;
mod response;
mod result;

use std::ffi::c_char;

pub use builder::vmr_client_builder;
pub use call::vmr_call;
pub use client::vmr_client;
pub use error::vmr_error;
pub use preview::vmr_preview;
pub use response::vmr_response;
pub use result::{vmr_buffer_size, vmr_result};

/// The library's version, `"MAJOR.MINOR.PATCH"`.
///
/// The string is static: never free it.
#[no_mangle]
pub extern "C" fn vmr_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}
