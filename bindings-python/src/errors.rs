//! Core errors as Python exceptions.
//!
//! The classes are plain Python (`virtualmin_remote/_errors.py`), so that they can subclass the
//! builtins users expect (`ValueError`, `ConnectionError`, `TimeoutError`) and be pickled. This
//! side only hands the kind's name and the fields to `_errors._from_native`, which picks the
//! class from the kind. A kind the Python side does not know yet still arrives, as the base
//! class `VirtualminError`.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

/// The fields of one error, borrowed from wherever it was made.
#[derive(Default)]
pub(crate) struct Fields<'a> {
    pub kind: &'a str,
    pub message: &'a str,
    pub flag: Option<&'a str>,
    pub http_status: Option<u16>,
    pub exit_status: Option<i32>,
    pub error: Option<&'a str>,
    pub output: Option<&'a str>,
    pub reason: Option<&'a str>,
}

/// The Python exception for a core error, with every field the kind carries.
pub(crate) fn from_core(py: Python<'_>, err: &virtualmin_remote::Error) -> PyErr {
    raise(
        py,
        Fields {
            kind: err.kind().name(),
            message: err.message(),
            flag: err.flag(),
            http_status: err.http_status(),
            exit_status: err.exit_status(),
            error: err.error_line(),
            output: err.output(),
            reason: err.reason(),
        },
    )
}

/// A `UsageError` made by the binding itself (a keyword argument it cannot map, a bad option).
pub(crate) fn usage(py: Python<'_>, flag: Option<&str>, message: &str) -> PyErr {
    raise(
        py,
        Fields {
            kind: "Usage",
            message,
            flag,
            ..Fields::default()
        },
    )
}

fn raise(py: Python<'_>, fields: Fields<'_>) -> PyErr {
    match build(py, &fields) {
        Ok(exception) => PyErr::from_value(exception),
        // NB: only a broken install (no `_errors` module) gets here; its ImportError says more
        // than any fallback would.
        Err(err) => err,
    }
}

fn build<'py>(py: Python<'py>, fields: &Fields<'_>) -> PyResult<Bound<'py, PyAny>> {
    static FACTORY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let factory = FACTORY.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        Ok(py
            .import("virtualmin_remote._errors")?
            .getattr("_from_native")?
            .unbind())
    })?;

    let kwargs = PyDict::new(py);
    kwargs.set_item("flag", fields.flag)?;
    kwargs.set_item("http_status", fields.http_status)?;
    kwargs.set_item("exit_status", fields.exit_status)?;
    kwargs.set_item("error", fields.error)?;
    kwargs.set_item("output", fields.output)?;
    kwargs.set_item("reason", fields.reason)?;
    factory
        .bind(py)
        .call((fields.kind, fields.message), Some(&kwargs))
}
