//! `Catalog` (`PyCatalog` here): Virtualmin's programs and flags, and checking calls against them.
//!
//! The catalog stays a core object behind an `Arc`, shared with every client that checks against
//! it. What Python reads out of it (`ProgramSpec`, `FlagSpec`, `ExclusiveGroup`, `Problem`) is
//! converted on each read into the frozen dataclasses of `_catalog.py`, so that those compare,
//! hash and print as Python values do and cannot be changed under a client's feet.

use std::sync::{Arc, OnceLock};

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyTuple, PyType};
use virtualmin_remote::catalog::ProgramSpec;
use virtualmin_remote::{Catalog, Problem};

use crate::errors;
use crate::flags::build_call;
use crate::response::quote;

const MODULE: &str = "virtualmin_remote._catalog";

/// The programs and flags of one Virtualmin version: bundled (`Catalog.bundled()`, Virtualmin
/// GPL 8.1), read from a JSON file in the bundled format (`Catalog.from_json(text)`), or read
/// from a server (`Client.live_catalog()`).
///
/// Pass one to `Client(..., catalog=...)` to check that client's calls against it. `len()`
/// counts its programs, `name in catalog` says whether it has a program (under that name or an
/// alternative one), and two catalogs are equal when they describe the same programs.
#[pyclass(name = "Catalog", module = "virtualmin_remote", frozen, eq)]
pub(crate) struct PyCatalog {
    pub(crate) inner: Arc<Catalog>,
}

impl PartialEq for PyCatalog {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner) || self.inner == other.inner
    }
}

impl PyCatalog {
    /// The bundled catalog, one `Arc` for the whole process.
    pub(crate) fn shared_bundled() -> Arc<Catalog> {
        static BUNDLED: OnceLock<Arc<Catalog>> = OnceLock::new();
        BUNDLED
            .get_or_init(|| Arc::new(Catalog::bundled().clone()))
            .clone()
    }
}

#[pymethods]
impl PyCatalog {
    /// The catalog of Virtualmin GPL 8.1 that ships with the library (the one clients use
    /// unless given another).
    #[staticmethod]
    fn bundled() -> PyCatalog {
        PyCatalog {
            inner: PyCatalog::shared_bundled(),
        }
    }

    /// Reads a catalog in the bundled file's JSON format.
    ///
    /// Raises UsageError when the text is not JSON or not such a catalog.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<PyCatalog> {
        let catalog = Catalog::from_json(text).map_err(|err| errors::from_core(py, &err))?;
        Ok(PyCatalog {
            inner: Arc::new(catalog),
        })
    }

    /// Where the catalog came from: a Virtualmin version, or `live: https://host:port`.
    #[getter]
    fn source(&self) -> &str {
        self.inner.source()
    }

    /// Every program as a ProgramSpec, sorted by name (a new list on each call).
    fn programs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let specs = self
            .inner
            .programs()
            .map(|spec| program_spec(py, spec))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, specs)
    }

    /// The ProgramSpec of the program of that name, following the alternative names some
    /// programs have (`license-info` is `licence-info`); None for an unknown name.
    fn program<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner
            .program(name)
            .map(|spec| program_spec(py, spec))
            .transpose()
    }

    /// True when the name is a Virtualmin Pro program, missing from this (GPL) catalog.
    fn is_pro_only(&self, name: &str) -> bool {
        self.inner.is_pro_only(name)
    }

    /// Every mistake this catalog sees in the call, as a list of Problem in the call's order;
    /// empty when it finds none. Sends nothing.
    ///
    /// Flags as for `Client.call`. The call is checked exactly as given: unlike
    /// `Client.check`, no `--multiline` is added.
    #[pyo3(signature = (program, pairs = None, /, **flags))]
    fn check<'py>(
        &self,
        py: Python<'py>,
        program: String,
        pairs: Option<&Bound<'py, PyAny>>,
        flags: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let call = build_call(py, program, pairs, flags)?;
        problems(py, self.inner.check(&call))
    }

    /// True when a client would add `--multiline` to this call: the program takes it and the
    /// call chose no listing mode (`multiline`, `name-only`, `id-only`, `user-only`, ...).
    #[pyo3(signature = (program, pairs = None, /, **flags))]
    fn wants_multiline(
        &self,
        py: Python<'_>,
        program: String,
        pairs: Option<&Bound<'_, PyAny>>,
        flags: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<bool> {
        let call = build_call(py, program, pairs, flags)?;
        Ok(self.inner.wants_multiline(&call))
    }

    fn __len__(&self) -> usize {
        self.inner.programs().count()
    }

    fn __contains__(&self, name: &str) -> bool {
        self.inner.program(name).is_some()
    }

    fn __repr__(&self) -> String {
        format!(
            "Catalog(source={}, programs={})",
            quote(self.inner.source()),
            self.__len__()
        )
    }
}

/// The problems of a check as a list of `Problem` dataclasses.
pub(crate) fn problems(py: Python<'_>, problems: Vec<Problem>) -> PyResult<Bound<'_, PyList>> {
    static FACTORY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let factory = FACTORY.import(py, MODULE, "_problem")?;

    let converted = problems
        .into_iter()
        .map(|problem| {
            factory.call1((
                problem.kind.name(),
                problem.flag,
                problem.suggestion,
                problem.message,
            ))
        })
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, converted)
}

/// One program as a `ProgramSpec` dataclass, its flags and groups as tuples of dataclasses.
fn program_spec<'py>(py: Python<'py>, spec: &ProgramSpec) -> PyResult<Bound<'py, PyAny>> {
    static PROGRAM: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    static FLAG: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    static GROUP: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    let program = PROGRAM.import(py, MODULE, "ProgramSpec")?;
    let flag = FLAG.import(py, MODULE, "FlagSpec")?;
    let group = GROUP.import(py, MODULE, "ExclusiveGroup")?;

    let flags = spec
        .flags
        .iter()
        .map(|f| flag.call1((&f.name, f.takes_value, f.required, f.repeatable)))
        .collect::<PyResult<Vec<_>>>()?;
    let groups = spec
        .groups
        .iter()
        .map(|g| {
            let alternatives = g
                .alternatives
                .iter()
                .map(|alt| PyTuple::new(py, alt))
                .collect::<PyResult<Vec<_>>>()?;
            group.call1((PyTuple::new(py, alternatives)?, g.required))
        })
        .collect::<PyResult<Vec<_>>>()?;
    program.call1((
        &spec.name,
        spec.category.as_deref(),
        spec.description.as_deref(),
        PyTuple::new(py, flags)?,
        PyTuple::new(py, groups)?,
    ))
}
