//! From JavaScript flags to a core [`Call`]: an object (`{domain: 'a.com', multiline: true}`) or
//! an array of `[name, value]` pairs (for an order an object cannot hold, or a flag repeated
//! between others).
//!
//! Values: a string as it is; a number or bigint as JavaScript prints it (`String(n)`); `true` a
//! bare flag; `false`, `null` and `undefined` leave the flag out; an array repeats the flag once
//! per element, in order. Anything else is a usage error naming the flag, raised before anything
//! is sent. Flag *names* are checked by the core (`^[a-z0-9][a-z0-9_-]*$`, not reserved).

use napi::bindgen_prelude::{Array, JsObjectValue, JsValue, Object, Unknown};
use napi::ValueType;
use virtualmin_remote::Call;

use crate::errors::Failure;

/// Adds `flags` (an object, an array of pairs, `undefined` or `null`) to `call`.
pub(crate) fn add_flags(call: &mut Call, flags: Option<Unknown>) -> Result<(), Failure> {
    let Some(flags) = flags else {
        return Ok(());
    };
    match type_of(&flags)? {
        ValueType::Undefined | ValueType::Null => Ok(()),
        ValueType::Object if flags.is_array().map_err(internal)? => add_pairs(call, &flags),
        ValueType::Object => add_object(call, &flags),
        other => Err(Failure::usage(format!(
            "flags must be an object or an array of [name, value] pairs, not a {}",
            type_name(other)
        ))),
    }
}

fn add_object(call: &mut Call, flags: &Unknown) -> Result<(), Failure> {
    let object = unsafe { flags.cast::<Object>() }.map_err(internal)?;
    for name in Object::keys(&object).map_err(internal)? {
        let value: Unknown = object.get_named_property(&name).map_err(internal)?;
        add_value(call, &name, value, true)?;
    }
    Ok(())
}

fn add_pairs(call: &mut Call, flags: &Unknown) -> Result<(), Failure> {
    let pairs = unsafe { flags.cast::<Array>() }.map_err(internal)?;
    for index in 0..pairs.len() {
        let not_a_pair = || Failure::usage(format!("flags[{index}] is not a [name, value] pair"));
        let pair: Unknown = pairs.get(index).map_err(internal)?.ok_or_else(not_a_pair)?;
        if type_of(&pair)? != ValueType::Object || !pair.is_array().map_err(internal)? {
            return Err(not_a_pair());
        }
        let pair = unsafe { pair.cast::<Array>() }.map_err(internal)?;
        if pair.len() != 2 {
            return Err(not_a_pair());
        }
        let name: Unknown = pair.get(0).map_err(internal)?.ok_or_else(not_a_pair)?;
        let value: Unknown = pair.get(1).map_err(internal)?.ok_or_else(not_a_pair)?;
        if type_of(&name)? != ValueType::String {
            return Err(not_a_pair());
        }
        let name = unsafe { name.cast::<String>() }.map_err(internal)?;
        add_value(call, &name, value, true)?;
    }
    Ok(())
}

/// Adds one flag's value; `top` is false inside an array, where arrays may not nest.
fn add_value(call: &mut Call, name: &str, value: Unknown, top: bool) -> Result<(), Failure> {
    match type_of(&value)? {
        ValueType::Undefined | ValueType::Null => {}
        ValueType::Boolean => {
            if unsafe { value.cast::<bool>() }.map_err(internal)? {
                call.push_flag(name);
            }
        }
        ValueType::String => {
            call.push_arg(name, unsafe { value.cast::<String>() }.map_err(internal)?)
        }
        ValueType::Number => {
            let number = unsafe { value.cast::<f64>() }.map_err(internal)?;
            if !number.is_finite() {
                return Err(Failure::bad_flag(
                    name,
                    format!("flag {name}: {number} is not a number a program can take"),
                ));
            }
            call.push_arg(name, js_string(&value)?);
        }
        ValueType::BigInt => call.push_arg(name, js_string(&value)?),
        ValueType::Object if top && value.is_array().map_err(internal)? => {
            let items = unsafe { value.cast::<Array>() }.map_err(internal)?;
            for index in 0..items.len() {
                if let Some(item) = items.get::<Unknown>(index).map_err(internal)? {
                    add_value(call, name, item, false)?;
                }
            }
        }
        other => {
            let what = if other == ValueType::Object && value.is_array().map_err(internal)? {
                "a nested array".to_owned()
            } else {
                format!("a value of type {}", type_name(other))
            };
            return Err(Failure::bad_flag(
                name,
                format!(
                    "flag {name}: {what} cannot be a flag value (use a string, number, boolean, \
                     or an array of those to repeat the flag)"
                ),
            ));
        }
    }
    Ok(())
}

/// A string argument, `None` for `undefined` / `null`; an error for any other type.
pub(crate) fn optional_string(value: Option<Unknown>) -> Result<Option<String>, Failure> {
    let Some(value) = value else {
        return Ok(None);
    };
    match type_of(&value)? {
        ValueType::Undefined | ValueType::Null => Ok(None),
        ValueType::String => Ok(Some(unsafe { value.cast::<String>() }.map_err(internal)?)),
        other => Err(Failure::usage(format!(
            "expected a string, not a {}",
            type_name(other)
        ))),
    }
}

/// `String(value)`, as JavaScript prints numbers (`1e+21`, `0.1`), which Rust does differently.
fn js_string(value: &Unknown) -> Result<String, Failure> {
    let text = value.coerce_to_string().map_err(internal)?;
    text.into_utf8()
        .and_then(|utf8| utf8.into_owned())
        .map_err(internal)
}

fn type_of(value: &Unknown) -> Result<ValueType, Failure> {
    value.get_type().map_err(internal)
}

fn type_name(kind: ValueType) -> &'static str {
    match kind {
        ValueType::Undefined => "undefined",
        ValueType::Null => "null",
        ValueType::Boolean => "boolean",
        ValueType::Number => "number",
        ValueType::String => "string",
        ValueType::Symbol => "symbol",
        ValueType::Object => "object",
        ValueType::Function => "function",
        ValueType::BigInt => "bigint",
        _ => "unknown",
    }
}

/// A failure of the engine itself while reading the flags (not the caller's doing, but the call
/// cannot go on): reported as a usage error so that every throw has a code from the table.
fn internal(err: napi::Error) -> Failure {
    Failure::usage(format!("cannot read the flags: {}", err.reason))
}
