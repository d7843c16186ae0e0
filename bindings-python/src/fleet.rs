//! `Fleet` (`PyFleet` here): one call run on many servers by the core's fleet, GIL released.
//!
//! The core fleet runs the call on its own worker threads, at most `max_in_flight` at a time,
//! each server through its own client. This side copies the arguments and the member list
//! before it lets go of the GIL, so members added from another thread meanwhile neither block
//! nor disturb a running call. Results come back as `ServerResult` dataclasses (`_fleet.py`),
//! one per server in a stable order; a failing server is a result, never an exception.
//!
//! With an `on_result` callback, each worker takes the GIL when its server is done, converts
//! the result and calls back; the list returned at the end holds those same objects.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use pyo3::exceptions::{PyKeyError, PyTypeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString, PyType};
use virtualmin_remote::{Error, Fleet, Response, DEFAULT_MAX_IN_FLIGHT};

use crate::client::PyClient;
use crate::errors;
use crate::flags::build_call;
use crate::response::{quote, PyResponse};

/// Named clients that one call runs on together, at most `max_in_flight` at a time.
///
/// `Fleet(servers=None, /, *, max_in_flight=16)`: `servers` is a mapping of names to Client,
/// or an iterable of `(name, client)` pairs; `add()` adds more. Each server keeps its own
/// client: URL, credentials, TLS, deadlines and check mode. A slow or dead server holds up only
/// its own slot, for no longer than its client's timeout.
///
/// `len()`, `in`, iteration (over names) and `fleet[name]` (its Client) work as on a mapping.
/// Thread-safe.
///
/// Raises UsageError for an empty or repeated name, or a `max_in_flight` under 1; TypeError
/// for a member that is not a Client.
#[pyclass(name = "Fleet", module = "virtualmin_remote", frozen)]
pub(crate) struct PyFleet {
    members: Mutex<Members>,
    max_in_flight: usize,
}

/// The core fleet and, in the same order, the Python clients it was given.
struct Members {
    fleet: Fleet,
    clients: Vec<(String, Py<PyClient>)>,
}

#[pymethods]
impl PyFleet {
    #[new]
    #[pyo3(signature = (servers = None, /, *, max_in_flight = DEFAULT_MAX_IN_FLIGHT as i64))]
    // NB: written out because the default would show as `...`; the tests check that it is the
    // core's default.
    #[pyo3(text_signature = "(servers=None, /, *, max_in_flight=16)")]
    fn new(
        py: Python<'_>,
        servers: Option<&Bound<'_, PyAny>>,
        max_in_flight: i64,
    ) -> PyResult<PyFleet> {
        let limit = usize::try_from(max_in_flight).ok().filter(|&n| n >= 1);
        let Some(limit) = limit else {
            let message = format!("max_in_flight must be 1 or more, not {max_in_flight}");
            return Err(errors::usage(py, None, &message));
        };
        let fleet = PyFleet {
            members: Mutex::new(Members {
                fleet: Fleet::new().max_in_flight(limit),
                clients: Vec::new(),
            }),
            max_in_flight: limit,
        };

        let Some(servers) = servers.filter(|s| !s.is_none()) else {
            return Ok(fleet);
        };
        let pairs = if servers.hasattr("items")? {
            servers.call_method0("items")?
        } else {
            servers.clone()
        };
        for pair in pairs.try_iter()? {
            let (name, client): (String, Bound<'_, PyClient>) = pair?.extract()?;
            fleet.add(py, name, client)?;
        }
        Ok(fleet)
    }

    /// Adds a server under a name, after those already there.
    ///
    /// Raises UsageError when the name is empty or already taken.
    fn add(&self, py: Python<'_>, name: String, client: Bound<'_, PyClient>) -> PyResult<()> {
        let mut members = self.lock();
        members
            .fleet
            .add(name.clone(), client.get().core().clone())
            .map_err(|err| errors::from_core(py, &err))?;
        members.clients.push((name, client.unbind()));
        Ok(())
    }

    /// The servers' names, in the order they were added.
    #[getter]
    fn names(&self) -> Vec<String> {
        self.lock().fleet.names().map(str::to_owned).collect()
    }

    /// How many calls may be in flight at once.
    #[getter]
    fn max_in_flight(&self) -> usize {
        self.max_in_flight
    }

    /// Runs a program on every server (or on `servers`, in that order) and returns one
    /// ServerResult per server, in the fleet's order (or that of `servers`). The GIL is
    /// released for the whole run.
    ///
    /// Flags as for `Client.call`; `servers` and `on_result` are this method's own, so a flag of
    /// those names needs the pairs form. A server's failure is its result's `error`; nothing
    /// is raised for it. `on_result` is called with each ServerResult as soon as its server is
    /// done, from a worker thread; what it raises is reported to `sys.unraisablehook` and
    /// stops nothing.
    ///
    /// Raises UsageError, with nothing sent, for a bad program name, flag name or value (the
    /// same for every server) and for a name in `servers` that is not in the fleet or is there
    /// twice; TypeError for an `on_result` that cannot be called.
    #[pyo3(signature = (program, pairs = None, /, *, servers = None, on_result = None, **flags))]
    fn call<'py>(
        &self,
        py: Python<'py>,
        program: String,
        pairs: Option<&Bound<'py, PyAny>>,
        servers: Option<&Bound<'py, PyAny>>,
        on_result: Option<&Bound<'py, PyAny>>,
        flags: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let call = build_call(py, program, pairs, flags)?;
        call.validate().map_err(|err| errors::from_core(py, &err))?;
        let fleet = self.lock().fleet.clone();
        let names = match servers.filter(|s| !s.is_none()) {
            Some(servers) => server_names(py, servers)?,
            None => fleet.names().map(str::to_owned).collect(),
        };
        let callback = on_result.filter(|c| !c.is_none());
        if let Some(callback) = callback.filter(|c| !c.is_callable()) {
            let got = callback.get_type().name()?;
            let message = format!("on_result must be callable, not {got}");
            return Err(PyTypeError::new_err(message));
        }
        let callback = callback.map(|c| c.clone().unbind());

        // NB: each worker converts its own result when there is a callback, so the callback and
        // the returned list see one object per server; `converted` keeps them by name (names
        // are unique here).
        let converted: Mutex<HashMap<String, Py<PyAny>>> = Mutex::new(HashMap::new());
        let outcome = py.detach(|| {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            fleet.run_on_with(&names, &call, |done| {
                let Some(callback) = &callback else {
                    return;
                };
                Python::attach(|py| {
                    let copy = done.result.as_ref().map(Response::clone);
                    let result = match server_result(py, &done.server, copy, done.elapsed) {
                        Ok(result) => result,
                        Err(err) => return err.write_unraisable(py, Some(callback.bind(py))),
                    };
                    if let Err(err) = callback.call1(py, (&result,)) {
                        err.write_unraisable(py, Some(callback.bind(py)));
                    }
                    lock(&converted).insert(done.server.clone(), result.unbind());
                });
            })
        });
        let results = outcome.map_err(|err| errors::from_core(py, &err))?;

        let mut converted = lock(&converted);
        let items = results
            .into_iter()
            .map(|result| match converted.remove(&result.server) {
                Some(done) => Ok(done.into_bound(py)),
                None => match result.result {
                    Ok(response) => server_result(py, &result.server, Ok(response), result.elapsed),
                    Err(err) => server_result(py, &result.server, Err(&err), result.elapsed),
                },
            })
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }

    fn __len__(&self) -> usize {
        self.lock().fleet.len()
    }

    fn __contains__(&self, name: &str) -> bool {
        self.lock().fleet.client(name).is_some()
    }

    fn __iter__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let names = PyList::new(py, self.names())?;
        Ok(names.try_iter()?.into_any().unbind())
    }

    fn __getitem__(&self, py: Python<'_>, name: &str) -> PyResult<Py<PyClient>> {
        let members = self.lock();
        let found = members.clients.iter().find(|(n, _)| n == name);
        match found {
            Some((_, client)) => Ok(client.clone_ref(py)),
            None => Err(PyKeyError::new_err(name.to_owned())),
        }
    }

    fn __repr__(&self) -> String {
        let names: Vec<String> = self.names().iter().map(|n| quote(n)).collect();
        format!(
            "Fleet(servers=[{}], max_in_flight={})",
            names.join(", "),
            self.max_in_flight
        )
    }
}

impl PyFleet {
    fn lock(&self) -> std::sync::MutexGuard<'_, Members> {
        lock(&self.members)
    }
}

/// Locks a mutex, taking over the data of a thread that panicked while holding it.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The names of `servers=`: an iterable of str, not a str, none repeated.
fn server_names(py: Python<'_>, servers: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    let shape_error = || {
        errors::usage(
            py,
            None,
            "servers= must be a list of server names (a single name goes in a list too)",
        )
    };
    if servers.is_instance_of::<PyString>() {
        return Err(shape_error());
    }
    let mut names: Vec<String> = Vec::new();
    for name in servers.try_iter().map_err(|_| shape_error())? {
        let name: String = name?.extract().map_err(|_| shape_error())?;
        if names.contains(&name) {
            let message = format!("servers= names {name:?} twice");
            return Err(errors::usage(py, None, &message));
        }
        names.push(name);
    }
    Ok(names)
}

/// A `ServerResult` dataclass: the server's name, its Response or its exception, the seconds.
fn server_result<'py>(
    py: Python<'py>,
    server: &str,
    result: Result<Response, &Error>,
    elapsed: Duration,
) -> PyResult<Bound<'py, PyAny>> {
    static CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    let class = CLASS.import(py, "virtualmin_remote._fleet", "ServerResult")?;

    let (response, error) = match result {
        Ok(response) => (
            Some(Py::new(py, PyResponse::from_core(py, response)?)?.into_any()),
            None,
        ),
        Err(err) => (
            None,
            Some(errors::from_core(py, err).into_value(py).into_any()),
        ),
    };
    class.call1((server, response, error, elapsed.as_secs_f64()))
}
