//! The native half of the `virtualmin_remote` Python package, `virtualmin_remote._native`.
//!
//! An adapter and nothing more: it turns Python arguments into a core `Call`, runs it with the
//! GIL released, and turns the core's `Response` or `Error` into Python objects. The exception
//! classes, the asyncio twin and the type stubs live in the pure-Python package around it
//! (`python/virtualmin_remote/`), which users import instead of this module.

use pyo3::prelude::*;

mod catalog;
mod client;
mod errors;
mod flags;
mod fleet;
mod logging;
mod response;
mod value;

/// Fetches the SHA-256 fingerprint of the certificate a server presents, for pinning.
///
/// Only the TLS handshake happens: no HTTP request and no credential is sent. Compare the
/// result with what the server's administrator sees before passing it as `fingerprint=`.
/// `timeout` (seconds) bounds the whole exchange.
///
/// Raises UsageError for a URL that is not https://, ConnectError, TimeoutError or TlsError.
#[pyfunction]
#[pyo3(signature = (url, timeout = 10.0))]
fn fingerprint(py: Python<'_>, url: String, timeout: f64) -> PyResult<String> {
    let timeout = client::seconds(py, "timeout", timeout)?;
    let result = py.detach(|| virtualmin_remote::fetch_fingerprint(&url, timeout));
    result
        .map(|fingerprint| fingerprint.to_string())
        .map_err(|err| errors::from_core(py, &err))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    logging::install(m.py());
    m.add_class::<catalog::PyCatalog>()?;
    m.add_class::<client::PyClient>()?;
    m.add_class::<fleet::PyFleet>()?;
    m.add_class::<response::PyResponse>()?;
    m.add_class::<response::PyPreview>()?;
    m.add_function(wrap_pyfunction!(fingerprint, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
