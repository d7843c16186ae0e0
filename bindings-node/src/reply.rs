//! A successful response on its way to JavaScript: `{program, status, data, records, output,
//! exitStatus}` as plain objects and arrays.
//!
//! `data` is re-serialised to JSON on the worker thread and parsed by the engine's own
//! `JSON.parse` on the main thread. That keeps the main thread's share to one string copy and
//! V8's parser, which is far cheaper than one Node-API call per value of a listing that can hold
//! millions of them (napi's serde conversion also refuses trees above a million nodes).
//! `records` holds the very objects of `data` that are records, not copies.

use napi::bindgen_prelude::{Array, Function, JsObjectValue, Null, Object, Unknown};
use napi::{Env, JsString};
use serde_json::Value;
use virtualmin_remote::Response;

/// What the worker thread hands to the main thread: owned, no JS values.
pub struct Reply {
    program: String,
    exit_status: Option<i32>,
    output: Option<String>,
    data_json: Option<String>,
    record_indices: Vec<u32>,
}

impl Reply {
    /// Takes what JavaScript needs out of a response. Runs on the worker thread.
    pub(crate) fn from_response(response: &Response) -> Reply {
        let data = response.data();
        let record_indices = match data {
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter(|(_, item)| is_record(item))
                .map(|(i, _)| i as u32)
                .collect(),
            _ => Vec::new(),
        };
        // NB: serialising a Value cannot fail (its keys are strings); an empty string would
        // only make JSON.parse throw, which then surfaces as an error, never as bad data.
        let data_json = data.map(|d| serde_json::to_string(d).unwrap_or_default());
        Reply {
            program: response.program().to_owned(),
            exit_status: response.exit_status(),
            output: response.output().map(str::to_owned),
            data_json,
            record_indices,
        }
    }

    /// Builds the JS result object. Runs on the main thread.
    pub(crate) fn into_js(self, env: &Env) -> napi::Result<Object<'_>> {
        let mut result = Object::new(env)?;
        result.set("program", self.program)?;
        result.set("status", "success")?;

        let mut records = env.create_array(self.record_indices.len() as u32)?;
        match self.data_json {
            Some(json) => {
                let data = json_parse(env, &json)?;
                if !self.record_indices.is_empty() {
                    // SAFETY: record indices exist only when the data is an array.
                    let items = unsafe { data.cast::<Array>() }?;
                    for (slot, index) in self.record_indices.iter().enumerate() {
                        if let Some(item) = items.get::<Unknown>(*index)? {
                            records.set(slot as u32, item)?;
                        }
                    }
                }
                result.set("data", data)?;
            }
            None => result.set("data", Null)?,
        }
        result.set("records", records)?;

        match self.output {
            Some(output) => result.set("output", output)?,
            None => result.set("output", Null)?,
        }
        match self.exit_status {
            Some(status) => result.set("exitStatus", status)?,
            None => result.set("exitStatus", Null)?,
        }
        Ok(result)
    }
}

/// The rule of the core's `Response::records`: `{name: string, values: {..}}`.
fn is_record(item: &Value) -> bool {
    item.get("name").is_some_and(Value::is_string)
        && item.get("values").is_some_and(Value::is_object)
}

fn json_parse<'env>(env: &'env Env, json: &str) -> napi::Result<Unknown<'env>> {
    let global = env.get_global()?;
    let json_object: Object = global.get_named_property("JSON")?;
    let parse: Function<JsString, Unknown> = json_object.get_named_property("parse")?;
    parse.call(env.create_string(json)?)
}
