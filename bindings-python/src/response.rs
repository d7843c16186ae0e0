//! What a call hands back to Python: a `Response`, and the `Preview` of a request.
//!
//! A response is converted once, right after the call, while the GIL is held again: `data` as
//! plain lists and dicts, and the views `records`, `pairs` and `names` picked out of it. The
//! views share their objects with `data` (a record in `records` is the same dict as in `data`),
//! so they cost no second copy of a large listing.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use serde_json::Value;
use virtualmin_remote::{Preview, Response};

use crate::value::Converter;

/// The decoded reply of a successful call; a failed program raises ProgramError instead.
///
/// `data` is the structured result as plain Python objects (usually a list), or None when the
/// program printed text, which is then in `output`. The result is the same whichever wire
/// format carried it.
#[pyclass(name = "Response", module = "virtualmin_remote", frozen)]
pub(crate) struct PyResponse {
    program: String,
    format: &'static str,
    exit_status: Option<i32>,
    data: Py<PyAny>,
    output: Option<Py<PyString>>,
    records: Py<PyList>,
    pairs: Py<PyList>,
    names: Py<PyList>,
    summary: String,
}

/// Where each view's items sit in the data list.
#[derive(Default)]
struct Views {
    records: Vec<usize>,
    pairs: Vec<(String, String)>,
    names: Vec<usize>,
}

impl Views {
    fn of(data: Option<&Value>) -> Views {
        let mut views = Views::default();
        let Some(items) = data.and_then(Value::as_array) else {
            return views;
        };
        for (at, item) in items.iter().enumerate() {
            match item {
                Value::String(_) => views.names.push(at),
                Value::Object(object) => {
                    let Some(name) = object.get("name").and_then(Value::as_str) else {
                        continue;
                    };
                    if object.get("values").is_some_and(Value::is_object) {
                        views.records.push(at);
                    } else if let Some(value) = object.get("value").and_then(Value::as_str) {
                        views.pairs.push((name.to_owned(), value.to_owned()));
                    }
                }
                _ => {}
            }
        }
        views
    }
}

impl PyResponse {
    /// Converts a core response, consuming it.
    pub(crate) fn from_core(py: Python<'_>, response: Response) -> PyResult<PyResponse> {
        let program = response.program().to_owned();
        let format = response.format().name();
        let exit_status = response.exit_status();
        let output = response
            .output()
            .map(|text| PyString::new(py, text).unbind());
        let views = Views::of(response.data());

        let mut converter = Converter::new(py);
        let (data, summary) = match response.into_data() {
            Some(Value::Array(items)) => {
                let count = items.len();
                let list = converter.list(items)?;
                let summary = format!("items={count}, records={}", views.records.len());
                (list.into_any(), summary)
            }
            Some(other) => {
                let object = converter.convert(other)?;
                let kind = object.get_type().name()?.to_string();
                (object, format!("data={kind}"))
            }
            None => (py.None().into_bound(py), String::from("data=None")),
        };

        let pick = |indices: &[usize]| -> PyResult<Bound<'_, PyList>> {
            let items = indices
                .iter()
                .map(|&at| data.get_item(at))
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, items)
        };
        let records = pick(&views.records)?.unbind();
        let names = pick(&views.names)?.unbind();
        let pairs = views
            .pairs
            .iter()
            .map(|(name, value)| PyTuple::new(py, [name.as_str(), value.as_str()]))
            .collect::<PyResult<Vec<_>>>()?;
        let pairs = PyList::new(py, pairs)?.unbind();

        Ok(PyResponse {
            program,
            format,
            exit_status,
            data: data.unbind(),
            output,
            records,
            pairs,
            names,
            summary,
        })
    }
}

#[pymethods]
impl PyResponse {
    /// The program that ran (`list-domains`, ...).
    #[getter]
    fn program(&self) -> &str {
        &self.program
    }

    /// Always "success": a failed program raises ProgramError rather than returning.
    #[getter]
    fn status(&self) -> &'static str {
        "success"
    }

    /// The wire format the reply came in: json, json-minified, text, xml or perl.
    #[getter]
    fn format(&self) -> &'static str {
        self.format
    }

    /// The `Exit status:` of a plain-text reply (0); None for JSON, XML and Perl replies.
    #[getter]
    fn exit_status(&self) -> Option<i32> {
        self.exit_status
    }

    /// The structured result as plain lists, dicts and strings, or None.
    ///
    /// Listings are lists of records `{"name": ..., "values": {key: [str, ...]}}`; `name-only`
    /// and the like give a list of str. The same object is returned on every access.
    #[getter]
    fn data(&self, py: Python<'_>) -> Py<PyAny> {
        self.data.clone_ref(py)
    }

    /// The program's text output when it printed text rather than data, else None.
    #[getter]
    fn output(&self, py: Python<'_>) -> Option<Py<PyString>> {
        self.output.as_ref().map(|text| text.clone_ref(py))
    }

    /// The records of a multiline listing: the items of `data` shaped
    /// `{"name": str, "values": {key: [str, ...]}}` (the same dict objects).
    #[getter]
    fn records(&self, py: Python<'_>) -> Py<PyList> {
        self.records.clone_ref(py)
    }

    /// The `(name, value)` pairs of `data` (the `Key: value` lines before the first record).
    #[getter]
    fn pairs(&self, py: Python<'_>) -> Py<PyList> {
        self.pairs.clone_ref(py)
    }

    /// The plain strings of `data`: the answer of `name-only`, `id-only` and the like.
    #[getter]
    fn names(&self, py: Python<'_>) -> Py<PyList> {
        self.names.clone_ref(py)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let mut text = format!(
            "Response(program={}, status='success', format={}, {}",
            quote(&self.program),
            quote(self.format),
            self.summary
        );
        if let Some(status) = self.exit_status {
            text.push_str(&format!(", exit_status={status}"));
        }
        if let Some(output) = &self.output {
            let chars = output.bind(py).len().unwrap_or(0);
            text.push_str(&format!(", output=<{chars} characters>"));
        }
        text.push(')');
        text
    }
}

/// A request as `call` would send it, with the password and secret flag values as ***.
///
/// `str()` gives the readable rendering: the request line, headers, body, and the same call as
/// the local `virtualmin` command would take it.
#[pyclass(name = "Preview", module = "virtualmin_remote", frozen)]
pub(crate) struct PyPreview {
    method: &'static str,
    url: String,
    headers: Vec<(String, String)>,
    body: Option<String>,
    command_line: String,
    text: String,
}

impl PyPreview {
    pub(crate) fn from_core(preview: Preview) -> PyPreview {
        let text = preview.to_string();
        PyPreview {
            method: preview.method.as_str(),
            url: preview.url,
            headers: preview.headers,
            body: preview.body,
            command_line: preview.command_line,
            text,
        }
    }
}

#[pymethods]
impl PyPreview {
    /// "POST" or "GET".
    #[getter]
    fn method(&self) -> &'static str {
        self.method
    }

    /// The URL; with GET it carries the (masked) parameters.
    #[getter]
    fn url(&self) -> &str {
        &self.url
    }

    /// The headers that matter, the Authorization value masked (a new dict on each access).
    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let headers = PyDict::new(py);
        for (name, value) in &self.headers {
            headers.set_item(name, value)?;
        }
        Ok(headers)
    }

    /// The (masked) form body of a POST; None with GET.
    #[getter]
    fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }

    /// The same call as the local `virtualmin` command would take it.
    #[getter]
    fn command_line(&self) -> &str {
        &self.command_line
    }

    fn __str__(&self) -> &str {
        &self.text
    }

    fn __repr__(&self) -> String {
        let body = self
            .body
            .as_deref()
            .map_or_else(|| "None".to_owned(), quote);
        format!(
            "Preview(method={}, url={}, body={body})",
            quote(self.method),
            quote(&self.url)
        )
    }
}

/// A string as Python's repr would show it (for the ASCII these reprs hold).
pub(crate) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}
