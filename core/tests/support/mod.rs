//! Loading the recorded Virtualmin replies and rebuilding the call behind each one.
//!
//! Every `*.http` file under `tests/fixtures/virtualmin/` is the exact response real Virtualmin
//! gave; `manifest.json` has the request (method, URL, POST body). The call is rebuilt the way
//! remote.cgi reads the request: POST body first, then the query string, `program` taken out,
//! the format key (`json` before `xml` before `perl`, every occurrence) taken out, and every
//! other parameter a flag in order, an empty value being a bare flag.

// Shared by several test crates, each of which uses only part of it.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::Value;
use virtualmin_remote::{decode_reply, Call, Error, ErrorKind, Format, RawReply, Response};

/// The directory of the recorded replies.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/virtualmin")
}

/// Every `*.http` file name, sorted.
pub fn http_files() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures directory")
        .map(|entry| entry.expect("directory entry").file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".http"))
        .collect();
    names.sort();
    names
}

/// The manifest entries by file name.
pub fn manifest() -> &'static HashMap<String, Value> {
    static MANIFEST: OnceLock<HashMap<String, Value>> = OnceLock::new();
    MANIFEST.get_or_init(|| {
        let text = std::fs::read_to_string(fixtures_dir().join("manifest.json")).expect("manifest");
        let entries: Vec<Value> = serde_json::from_str(&text).expect("manifest is JSON");
        entries
            .into_iter()
            .map(|entry| (entry["file"].as_str().expect("file").to_owned(), entry))
            .collect()
    })
}

/// One recorded reply with the call and format that produced it.
pub struct Fixture {
    pub file: String,
    pub call: Call,
    pub format: Format,
    pub reply: RawReply,
}

impl Fixture {
    /// Loads `file`, rebuilding its call from the manifest.
    pub fn load(file: &str) -> Fixture {
        let entry = manifest()
            .get(file)
            .unwrap_or_else(|| panic!("{file}: no manifest entry"));
        let bytes = std::fs::read(fixtures_dir().join(file)).expect("fixture file");
        let reply = RawReply::parse_http(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
        let (call, format) = rebuild_call(entry);
        Fixture {
            file: file.to_owned(),
            call,
            format,
            reply,
        }
    }

    /// Decodes the reply as the client would.
    pub fn decode(&self) -> Result<Response, Error> {
        decode_reply(&self.call, self.format, self.reply.clone())
    }
}

/// Decodes one fixture by name.
pub fn decode(file: &str) -> Result<Response, Error> {
    Fixture::load(file).decode()
}

/// The call and format a manifest entry's request stands for.
pub fn rebuild_call(entry: &Value) -> (Call, Format) {
    let url = entry["url"].as_str().expect("url");
    let query = url.split_once('?').map_or("", |(_, q)| q);
    let body = entry["body"].as_str().unwrap_or_default();
    let multipart = entry["content_type_sent"]
        .as_str()
        .is_some_and(|t| t.starts_with("multipart/"));

    // remote.cgi reads the POST body first, then the query string.
    let mut params: Vec<(String, String)> = Vec::new();
    if multipart {
        // Recorded as `multipart fields: k=v k=v`: what the client meant to send.
        let fields = body.strip_prefix("multipart fields: ").unwrap_or(body);
        params.extend(fields.split(' ').filter(|f| !f.is_empty()).map(split_param));
    } else {
        params.extend(form_params(body));
    }
    params.extend(form_params(query));

    let key = ["json", "xml", "perl"]
        .into_iter()
        .find(|key| params.iter().any(|(name, _)| name == key));
    let format = match key {
        Some("json") => {
            let value = &params.iter().find(|(n, _)| n == "json").expect("json").1;
            if value == "minified" {
                Format::JsonMinified
            } else {
                Format::Json
            }
        }
        Some("xml") => Format::Xml,
        Some("perl") => Format::Perl,
        _ => Format::Text,
    };

    let program = params
        .iter()
        .find(|(name, _)| name == "program")
        .map(|(_, value)| value.clone())
        .unwrap_or_default();
    let mut call = Call::new(program);
    for (name, value) in params {
        if name == "program" || Some(name.as_str()) == key {
            continue;
        }
        if value.is_empty() {
            call.push_flag(name);
        } else {
            call.push_arg(name, value);
        }
    }
    (call, format)
}

fn form_params(encoded: &str) -> impl Iterator<Item = (String, String)> + '_ {
    encoded
        .split('&')
        .filter(|p| !p.is_empty())
        .map(split_param)
}

fn split_param(param: &str) -> (String, String) {
    let (name, value) = param.split_once('=').unwrap_or((param, ""));
    (url_decode(name), url_decode(value))
}

/// `application/x-www-form-urlencoded` decoding: `+` is a space, `%XX` a byte.
pub fn url_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ascii");
                out.push(u8::from_str_radix(hex, 16).expect("hex escape"));
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).expect("UTF-8 parameter")
}

/// The success of `file`, or a panic naming the file and the error.
pub fn expect_ok<'a>(file: &str, result: &'a Result<Response, Error>) -> &'a Response {
    match result {
        Ok(response) => response,
        Err(err) => panic!("{file}: expected success, got {err:?}"),
    }
}

/// The error of `file`, checked to be of `kind`.
pub fn expect_err<'a>(
    file: &str,
    result: &'a Result<Response, Error>,
    kind: ErrorKind,
) -> &'a Error {
    match result {
        Ok(response) => panic!("{file}: expected {kind} error, got {response:?}"),
        Err(err) => {
            assert_eq!(err.kind(), kind, "{file}: {err:?}");
            err
        }
    }
}
