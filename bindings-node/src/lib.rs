//! The Node.js binding of virtualmin-remote: a native addon (napi-rs) that the package's
//! `index.js` wraps into the `Client` class users see.
//!
//! The addon is an adapter and nothing more: it reads JavaScript options and flags into the
//! core's builder and [`Call`](virtualmin_remote::Call), runs the core's blocking call on
//! libuv's thread pool, and turns the response or the error into plain JavaScript values. Every
//! error reaches JavaScript as an `Error` whose `code` is the kind's code from
//! `tests/contract/error_kinds.json`. The core's catalog (`catalog.rs`) and fleet (`fleet.rs`)
//! are wrapped the same way, for the JS `Catalog` and `Fleet`.

#![deny(clippy::all)]

mod catalog;
mod client;
mod errors;
mod flags;
mod fleet;
mod options;
mod reply;

use std::time::Duration;

use napi::bindgen_prelude::{AsyncTask, Unknown};
use napi::{Env, ScopedTask};
use napi_derive::napi;
use virtualmin_remote::{fetch_fingerprint, ErrorKind};

pub use catalog::{JsCatalog, LiveCatalogTask};
pub use client::{CallTask, JsClient};
use errors::{code_of, Failure, IntoNapi};
pub use fleet::{FleetTask, JsFleet};

/// Connects to `url` and resolves with the SHA-256 fingerprint of the certificate the server
/// presents (`AA:BB:...`), for pinning on first use. Only the TLS handshake happens: no
/// credential is sent. `options.timeoutMs` bounds the whole exchange (default 10 000).
///
/// @throws an `Error` with `code` `VMR_USAGE` for an options object of the wrong shape.
#[napi(
    ts_args_type = "url: string, options?: { timeoutMs?: number } | undefined | null",
    ts_return_type = "Promise<string>"
)]
pub fn fingerprint(
    env: Env,
    url: Unknown,
    options: Option<Unknown>,
) -> napi::Result<AsyncTask<FingerprintTask>> {
    let url = flags::optional_string(Some(url))
        .ok()
        .flatten()
        .ok_or_else(|| Failure::usage("fingerprint() takes the server's URL as a string"))
        .or_throw(&env)?;
    let timeout = options::fingerprint_timeout(options).or_throw(&env)?;
    Ok(AsyncTask::new(FingerprintTask { url, timeout }))
}

/// The handshake of [`fingerprint`], run on a worker thread.
pub struct FingerprintTask {
    url: String,
    timeout: Duration,
}

#[napi]
impl<'task> ScopedTask<'task> for FingerprintTask {
    type Output = Result<String, Failure>;
    type JsValue = String;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(fetch_fingerprint(&self.url, self.timeout)
            .map(|fp| fp.to_string())
            .map_err(Failure::from))
    }

    fn resolve(&mut self, env: &'task Env, output: Self::Output) -> napi::Result<String> {
        output.map_err(|failure| failure.into_napi(env))
    }
}

/// One row of the error table: the core's kind name and the `err.code` it reaches JS with.
#[napi(object)]
pub struct ErrorCode {
    /// The kind as the contract table names it (`Usage`, `ProgramFailed`, ...).
    pub kind: String,
    /// The value of `err.code` (`VMR_USAGE`, `VMR_PROGRAM`, ...).
    pub code: String,
}

/// Every kind of error and its code, in the order of the contract table.
#[napi]
pub fn error_codes() -> Vec<ErrorCode> {
    ErrorKind::ALL
        .iter()
        .map(|kind| ErrorCode {
            kind: kind.name().to_owned(),
            code: code_of(*kind).to_owned(),
        })
        .collect()
}
