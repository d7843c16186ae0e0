//! Python arguments to a core `Call`: the keyword form and the list-of-pairs form.
//!
//! Keywords are the convenient form: `name_only=True` is a bare `--name-only`, `to=[a, b]` a
//! repeated `--to`, `from_="x"` a `--from` (Python reserves the word), and `False` or `None`
//! leave a flag out, so that optional flags can be written inline. The pairs form,
//! `[("name", value), ...]`, takes names exactly as given, for names no keyword can spell.
//! Everything is copied into owned Rust strings here, before the GIL is released.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyList, PyString, PyTuple};
use virtualmin_remote::Call;

use crate::errors;

/// Builds the call of `program` from either form (mixing them is a usage error).
pub(crate) fn build_call(
    py: Python<'_>,
    program: String,
    pairs: Option<&Bound<'_, PyAny>>,
    keywords: Option<&Bound<'_, PyDict>>,
) -> PyResult<Call> {
    let mut call = Call::new(program);
    let keywords = keywords.filter(|k| !k.is_empty());

    match (pairs.filter(|p| !p.is_none()), keywords) {
        (Some(_), Some(_)) => Err(errors::usage(
            py,
            None,
            "give the flags either as keyword arguments or as a list of (name, value) pairs, \
             not both",
        )),
        (Some(pairs), None) => {
            add_pairs(py, &mut call, pairs)?;
            Ok(call)
        }
        (None, Some(keywords)) => {
            for (key, value) in keywords.iter() {
                let key: String = key.extract()?;
                add_keyword(py, &mut call, &key, &value)?;
            }
            Ok(call)
        }
        (None, None) => Ok(call),
    }
}

/// The flag name a keyword stands for: one trailing `_` dropped, then `_` to `-`.
pub(crate) fn flag_name(keyword: &str) -> String {
    keyword
        .strip_suffix('_')
        .unwrap_or(keyword)
        .replace('_', "-")
}

fn add_keyword(
    py: Python<'_>,
    call: &mut Call,
    keyword: &str,
    value: &Bound<'_, PyAny>,
) -> PyResult<()> {
    let name = flag_name(keyword);

    if value.is_none() {
        return Ok(());
    }
    // NB: bool is a subclass of int in Python, so it must be looked at before ints are.
    if let Ok(flag) = value.cast::<PyBool>() {
        if flag.is_true() {
            call.push_flag(name);
        }
        return Ok(());
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        for item in value.try_iter()? {
            let item = item?;
            match scalar(&item)? {
                Some(text) => call.push_arg(name.clone(), text),
                None => {
                    let got = type_name(&item);
                    return Err(errors::usage(
                        py,
                        Some(&name),
                        &format!(
                            "flag --{name} (keyword {keyword}): a list may hold only str and \
                             int values, not {got}"
                        ),
                    ));
                }
            }
        }
        return Ok(());
    }
    match scalar(value)? {
        Some(text) => {
            call.push_arg(name, text);
            Ok(())
        }
        None => {
            let got = type_name(value);
            Err(errors::usage(
                py,
                Some(&name),
                &format!(
                    "flag --{name} (keyword {keyword}): unsupported value of type {got}; use a \
                     str, an int, True (a bare flag), False or None (left out), or a list of \
                     str and int (a repeated flag)"
                ),
            ))
        }
    }
}

/// A str, or an int (not a bool) as its decimal text; `None` for anything else.
fn scalar(value: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Some(text.to_cow()?.into_owned()));
    }
    if value.is_instance_of::<PyInt>() && !value.is_instance_of::<PyBool>() {
        // Through int's own __repr__, so an IntEnum member sends its number, not its name.
        return Ok(Some(py_int_text(value)?));
    }
    Ok(None)
}

fn py_int_text(value: &Bound<'_, PyAny>) -> PyResult<String> {
    let py = value.py();
    let int_type = py.get_type::<PyInt>();
    int_type
        .call_method1("__repr__", (value,))?
        .extract::<String>()
}

fn add_pairs(py: Python<'_>, call: &mut Call, pairs: &Bound<'_, PyAny>) -> PyResult<()> {
    let shape_error = || {
        errors::usage(
            py,
            None,
            "flags given positionally must be a list of (name, value) pairs; pass a dict as \
             **flags",
        )
    };
    if pairs.is_instance_of::<PyString>() || pairs.is_instance_of::<PyDict>() {
        return Err(shape_error());
    }
    let items = pairs.try_iter().map_err(|_| shape_error())?;

    for item in items {
        let item = item?;
        let (name, value) = match item.cast::<PyTuple>() {
            Ok(tuple) if tuple.len() == 2 => (tuple.get_item(0)?, tuple.get_item(1)?),
            _ => match item.cast::<PyList>() {
                Ok(list) if list.len() == 2 => (list.get_item(0)?, list.get_item(1)?),
                _ => return Err(shape_error()),
            },
        };
        let Ok(name) = name.cast::<PyString>() else {
            return Err(errors::usage(
                py,
                None,
                &format!("a flag name must be a str, not {}", type_name(&name)),
            ));
        };
        let name = name.to_cow()?.into_owned();

        if value.is_none() {
            call.push_flag(name);
        } else if let Ok(flag) = value.cast::<PyBool>() {
            if !flag.is_true() {
                return Err(errors::usage(
                    py,
                    Some(&name),
                    &format!("flag --{name}: False has no meaning in a pair; leave the pair out"),
                ));
            }
            call.push_flag(name);
        } else if let Ok(text) = value.cast::<PyString>() {
            call.push_arg(name, text.to_cow()?);
        } else {
            let got = type_name(&value);
            return Err(errors::usage(
                py,
                Some(&name),
                &format!(
                    "flag --{name}: a pair's value must be a str, or True or None for a bare \
                     flag, not {got}"
                ),
            ));
        }
    }
    Ok(())
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map(|name| name.to_string())
        .unwrap_or_else(|_| "an unknown type".to_owned())
}

#[cfg(test)]
mod tests {
    use super::flag_name;

    #[test]
    fn keywords_map_to_flag_names() {
        assert_eq!(flag_name("name_only"), "name-only");
        assert_eq!(flag_name("from_"), "from");
        assert_eq!(flag_name("pass_"), "pass");
        assert_eq!(flag_name("multiline"), "multiline");
        assert_eq!(flag_name("allow_missing_"), "allow-missing");
    }
}
