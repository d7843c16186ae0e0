//! `Client`: the Python face of the core client (`PyClient` here, `Client` to users).
//!
//! Construction checks the TLS options for combinations that make no sense. A call copies its
//! arguments into a core `Call`, releases the GIL for the whole network exchange and decoding,
//! and converts the result once the GIL is held again, so Python threads run calls in parallel.

use std::path::PathBuf;
use std::time::Duration;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use virtualmin_remote::{CheckMode, Client, Format, Method, Tls};

use crate::catalog::{self, PyCatalog};
use crate::errors;
use crate::flags::build_call;
use crate::response::{quote, PyPreview, PyResponse};

/// A client for one Virtualmin server's remote API (remote.cgi).
///
/// `Client(url, user, password, *, fingerprint=None, ca_file=None, verify=True, timeout=300.0,
/// connect_timeout=10.0, method="POST", format="json", check_mode="warn", auto_multiline=True,
/// retries=0, catalog=None)`
///
/// TLS: by default the certificate is verified against the system's roots. `fingerprint` pins
/// the server's certificate by its SHA-256 fingerprint (what a self-signed Webmin needs; see
/// `fingerprint()`), `ca_file` trusts the CA certificates of a PEM file instead, and
/// `verify=False` turns checking off (dangerous: logged as a warning). `timeout` bounds a whole
/// call and `connect_timeout` the connection, in seconds. Every parameter travels in a POST
/// body unless `method="GET"`. `format` is the wire format asked for (json, json-minified,
/// text, xml, perl); every format gives the same results.
///
/// Calls are checked against a catalog of Virtualmin's programs and flags (`catalog`, by
/// default `Catalog.bundled()`; see `live_catalog()`): `check_mode` "warn" logs what looks
/// wrong and sends it anyway (a newer server may know more), "strict" refuses it with a
/// UsageError naming the first problem's flag, "off" checks nothing. `auto_multiline` adds a bare
/// `--multiline` to list programs called without a listing mode, so they return records rather
/// than table lines. `retries` retries calls that could not connect, only for programs that
/// change nothing, with backoff; nothing else is ever retried.
///
/// Thread-safe: share one client between threads; calls run in parallel.
///
/// Raises UsageError for a bad URL, user, option or option combination.
#[pyclass(name = "Client", module = "virtualmin_remote", frozen)]
pub(crate) struct PyClient {
    inner: Client,
    tls: &'static str,
    method: &'static str,
    format: &'static str,
}

#[pymethods]
impl PyClient {
    #[new]
    #[pyo3(signature = (
        url, user, password, *, fingerprint = None, ca_file = None, verify = true,
        timeout = 300.0, connect_timeout = 10.0, method = "POST".to_owned(),
        format = "json".to_owned(), check_mode = "warn".to_owned(), auto_multiline = true,
        retries = 0, catalog = None
    ))]
    // NB: written out because the defaults of String parameters would show as `...`.
    #[pyo3(
        text_signature = "(url, user, password, *, fingerprint=None, ca_file=None, \
        verify=True, timeout=300.0, connect_timeout=10.0, method='POST', format='json', \
        check_mode='warn', auto_multiline=True, retries=0, catalog=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        url: String,
        user: String,
        password: String,
        fingerprint: Option<String>,
        ca_file: Option<PathBuf>,
        verify: bool,
        timeout: f64,
        connect_timeout: f64,
        method: String,
        format: String,
        check_mode: String,
        auto_multiline: bool,
        retries: i64,
        catalog: Option<PyRef<'_, PyCatalog>>,
    ) -> PyResult<PyClient> {
        let tls = tls_mode(py, fingerprint.as_deref(), ca_file, verify)?;
        let tls_name = tls.mode_name();
        let method = match method.to_ascii_uppercase().as_str() {
            "POST" => Method::Post,
            "GET" => Method::Get,
            _ => {
                let message = format!("method must be \"POST\" or \"GET\", not {method:?}");
                return Err(errors::usage(py, None, &message));
            }
        };
        let format = Format::from_name(&format).map_err(|err| errors::from_core(py, &err))?;
        let check_mode =
            CheckMode::from_name(&check_mode).map_err(|err| errors::from_core(py, &err))?;
        let Ok(retries) = u32::try_from(retries) else {
            let message = format!("retries must be 0 or more, not {retries}");
            return Err(errors::usage(py, None, &message));
        };

        let inner = Client::builder(url)
            .credentials(user, password)
            .tls(tls)
            .timeout(seconds(py, "timeout", timeout)?)
            .connect_timeout(seconds(py, "connect_timeout", connect_timeout)?)
            .method(method)
            .format(format)
            .check_mode(check_mode)
            .auto_multiline(auto_multiline)
            .retries(retries)
            .catalog(catalog.map_or_else(PyCatalog::shared_bundled, |c| c.inner.clone()))
            .build()
            .map_err(|err| errors::from_core(py, &err))?;
        if !verify {
            log::warn!(
                target: "virtualmin_remote::python",
                "Client for {} built with verify=False: the server's certificate is not \
                 checked, so anyone on the network path can read the password; pass \
                 fingerprint= instead",
                inner.url()
            );
        }

        Ok(PyClient {
            inner,
            tls: tls_name,
            method: method.as_str(),
            format: format.name(),
        })
    }

    /// The API's URL (`https://host:10000/virtual-server/remote.cgi`).
    #[getter]
    fn url(&self) -> &str {
        self.inner.url()
    }

    /// The user name sent with every call.
    #[getter]
    fn user(&self) -> &str {
        self.inner.user().unwrap_or_default()
    }

    /// Runs a program and returns its Response; the GIL is released while it runs.
    ///
    /// Flags as keywords: `_` becomes `-` (`name_only` is `--name-only`), a trailing `_` is
    /// dropped (`from_` is `--from`), True is a bare flag, False and None leave it out, a list
    /// or tuple repeats it in order, an int is sent as its decimal text. Or as one positional
    /// list of `(name, value)` pairs, names taken verbatim, value a str, or True or None for a
    /// bare flag. The two forms cannot be mixed.
    ///
    /// Raises UsageError (nothing sent) for a bad program name, flag name or value; then
    /// ConnectError, TimeoutError, TlsError, AuthError, BlockedError, RefusedError,
    /// ProgramError, HttpError or ProtocolError as the network and the server decide.
    #[pyo3(signature = (program, pairs = None, /, **flags))]
    fn call(
        &self,
        py: Python<'_>,
        program: String,
        pairs: Option<&Bound<'_, PyAny>>,
        flags: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyResponse> {
        let call = build_call(py, program, pairs, flags)?;
        let client = &self.inner;

        let result = py.detach(|| client.run(&call));

        match result {
            Ok(response) => PyResponse::from_core(py, response),
            Err(err) => Err(errors::from_core(py, &err)),
        }
    }

    /// The problems the client's catalog finds in a call, as a list of Problem; empty when it
    /// finds none. Sends nothing, whatever the check mode.
    ///
    /// Flags as for `call`. The call is checked as `call` would send it: with the `--multiline`
    /// that `auto_multiline` adds.
    #[pyo3(signature = (program, pairs = None, /, **flags))]
    fn check<'py>(
        &self,
        py: Python<'py>,
        program: String,
        pairs: Option<&Bound<'py, PyAny>>,
        flags: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let call = build_call(py, program, pairs, flags)?;
        catalog::problems(py, self.inner.check(&call))
    }

    /// The Catalog this client checks calls against.
    #[getter]
    fn catalog(&self) -> PyCatalog {
        PyCatalog {
            inner: self.inner.catalog().clone(),
        }
    }

    /// The server's own Catalog, read with `list-commands` and one `get-command` per program
    /// (eight at a time), then kept for the life of the client. The GIL is released meanwhile.
    ///
    /// Programs whose usage text the server cannot describe keep their bundled entry. Pass the
    /// result to other clients as `catalog=` to check their calls against what the server
    /// offers.
    ///
    /// Raises what the calls raise (nothing is kept then).
    fn live_catalog(&self, py: Python<'_>) -> PyResult<PyCatalog> {
        let client = &self.inner;
        let result = py.detach(|| client.live_catalog());
        result
            .map(|inner| PyCatalog { inner })
            .map_err(|err| errors::from_core(py, &err))
    }

    /// The request `call` would send with the same arguments, secrets masked; sends nothing.
    ///
    /// Raises UsageError exactly where `call` would.
    #[pyo3(signature = (program, pairs = None, /, **flags))]
    fn preview(
        &self,
        py: Python<'_>,
        program: String,
        pairs: Option<&Bound<'_, PyAny>>,
        flags: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyPreview> {
        let call = build_call(py, program, pairs, flags)?;
        let preview = self
            .inner
            .preview(&call)
            .map_err(|err| errors::from_core(py, &err))?;
        Ok(PyPreview::from_core(preview))
    }

    fn __repr__(&self) -> String {
        format!(
            "Client(url={}, user={}, password='***', tls={}, method={}, format={})",
            quote(self.inner.url()),
            quote(self.user()),
            quote(self.tls),
            quote(self.method),
            quote(self.format),
        )
    }
}

impl PyClient {
    /// The core client, for the fleet.
    pub(crate) fn core(&self) -> &Client {
        &self.inner
    }
}

/// The TLS mode the options ask for, refusing combinations that contradict each other.
fn tls_mode(
    py: Python<'_>,
    fingerprint: Option<&str>,
    ca_file: Option<PathBuf>,
    verify: bool,
) -> PyResult<Tls> {
    let core_error = |err: virtualmin_remote::Error| errors::from_core(py, &err);
    match (fingerprint, ca_file, verify) {
        (Some(_), Some(_), _) => Err(errors::usage(
            py,
            None,
            "give fingerprint= or ca_file=, not both: a pinned certificate needs no CA",
        )),
        (Some(_), None, false) | (None, Some(_), false) => Err(errors::usage(
            py,
            None,
            "verify=False contradicts fingerprint= and ca_file=, which check the certificate; \
             drop verify=False",
        )),
        (Some(pin), None, true) => Tls::pinned(pin).map_err(core_error),
        (None, Some(path), true) => Tls::custom_ca_file(path).map_err(core_error),
        (None, None, true) => Ok(Tls::Verify),
        (None, None, false) => Ok(Tls::Insecure),
    }
}

/// A number of seconds as a duration, refusing zero, negative, NaN and infinite values.
pub(crate) fn seconds(py: Python<'_>, name: &str, value: f64) -> PyResult<Duration> {
    match Duration::try_from_secs_f64(value) {
        Ok(duration) if !duration.is_zero() => Ok(duration),
        _ => Err(errors::usage(
            py,
            None,
            &format!("{name} must be a positive number of seconds, not {value}"),
        )),
    }
}
