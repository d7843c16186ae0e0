//! The core's decoded data (`serde_json::Value`) as plain Python objects.
//!
//! Built directly from the `Value`, with no JSON text in between. The value is consumed as it is
//! converted, so each part is freed once its Python twin exists, which keeps the peak memory of
//! a large listing near one copy. Dictionary keys repeat in every record of a listing
//! (`home_directory`, `values`, ...), so each distinct key becomes one Python string, shared.

use std::collections::HashMap;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use serde_json::Value;

/// Distinct keys kept per conversion; past it keys are still right, just no longer shared
/// (the special shapes of a few programs are keyed by domain names, which never repeat).
const MAX_SHARED_KEYS: usize = 4096;

/// Converts one value, consuming it.
pub(crate) struct Converter<'py> {
    py: Python<'py>,
    keys: HashMap<String, Bound<'py, PyString>>,
}

impl<'py> Converter<'py> {
    pub(crate) fn new(py: Python<'py>) -> Self {
        Converter {
            py,
            keys: HashMap::new(),
        }
    }

    /// `null` → None, booleans, numbers (int where exact), strings, lists and dicts.
    pub(crate) fn convert(&mut self, value: Value) -> PyResult<Bound<'py, PyAny>> {
        let py = self.py;
        Ok(match value {
            Value::Null => py.None().into_bound(py),
            Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
            Value::Number(n) => {
                if let Some(i) = n.as_i64() {
                    i.into_pyobject(py)?.into_any()
                } else if let Some(u) = n.as_u64() {
                    u.into_pyobject(py)?.into_any()
                } else {
                    n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
                }
            }
            Value::String(s) => PyString::new(py, &s).into_any(),
            Value::Array(items) => self.list(items)?.into_any(),
            Value::Object(map) => {
                let dict = PyDict::new(py);
                for (key, value) in map {
                    let key = self.key(key);
                    dict.set_item(key, self.convert(value)?)?;
                }
                dict.into_any()
            }
        })
    }

    /// A list of values, consuming them.
    pub(crate) fn list(&mut self, items: Vec<Value>) -> PyResult<Bound<'py, PyList>> {
        let mut converted = Vec::with_capacity(items.len());
        for item in items {
            converted.push(self.convert(item)?);
        }
        PyList::new(self.py, converted)
    }

    fn key(&mut self, key: String) -> Bound<'py, PyString> {
        if let Some(shared) = self.keys.get(&key) {
            return shared.clone();
        }
        let text = PyString::new(self.py, &key);
        if self.keys.len() < MAX_SHARED_KEYS {
            self.keys.insert(key, text.clone());
        }
        text
    }
}
