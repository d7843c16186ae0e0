//! The options object of `new Client({...})`, read by hand so that every mistake is a usage
//! error with a code from the table and a message that never repeats a value (napi's automatic
//! conversion would quote the offending value, and that value might be the password).

use std::time::Duration;

use napi::bindgen_prelude::{
    ClassInstance, FromNapiValue, JsObjectValue, JsValue, Object, Unknown,
};
use napi::ValueType;
use virtualmin_remote::{CheckMode, Client, Format, Method, Tls};

use crate::catalog::JsCatalog;
use crate::errors::Failure;

/// Every option the constructor knows. Anything else is refused, so that a typo
/// (`timeout` for `timeoutMs`, `fingerPrint`) cannot silently fall back to a default.
const KNOWN: [&str; 16] = [
    "url",
    "user",
    "password",
    "fingerprint",
    "caFile",
    "insecure",
    "timeoutMs",
    "connectTimeoutMs",
    "method",
    "format",
    "cloudmin",
    "maxReplyBytes",
    "checkMode",
    "autoMultiline",
    "retries",
    "catalog",
];

/// Builds a core client from the constructor's argument; also says which check mode it has
/// (the core keeps that to itself).
pub(crate) fn build_client(options: Unknown) -> Result<(Client, CheckMode), Failure> {
    if options.get_type().map_err(internal)? != ValueType::Object {
        return Err(Failure::usage(
            "new Client() takes an options object: {url, user, password, fingerprint, ...}",
        ));
    }
    let object = unsafe { options.cast::<Object>() }.map_err(internal)?;
    let reader = Reader(object);
    for name in Object::keys(&reader.0).map_err(internal)? {
        if !KNOWN.contains(&name.as_str()) {
            return Err(Failure::usage(format!(
                "unknown option {name:?} (known: {})",
                KNOWN.join(", ")
            )));
        }
    }

    let url = reader
        .string("url")?
        .ok_or_else(|| Failure::usage("the url option is required (https://host:10000)"))?;
    let mut builder = Client::builder(url).tls(tls_mode(&reader)?);

    let password = reader.string("password")?;
    let user = reader.string("user")?;
    if let Some(password) = password {
        // NB: the same default as the command-line tool: Virtualmin's master administrator.
        builder = builder.credentials(user.unwrap_or_else(|| "root".to_owned()), password);
    } else if user.is_some() {
        return Err(Failure::usage("a user was given without a password"));
    }

    if let Some(timeout) = reader.millis("timeoutMs")? {
        builder = builder.timeout(timeout);
    }
    if let Some(timeout) = reader.millis("connectTimeoutMs")? {
        builder = builder.connect_timeout(timeout);
    }
    if let Some(method) = reader.string("method")? {
        builder = builder.method(match method.to_ascii_uppercase().as_str() {
            "POST" => Method::Post,
            "GET" => Method::Get,
            _ => return Err(Failure::usage("the method option must be 'POST' or 'GET'")),
        });
    }
    if let Some(format) = reader.string("format")? {
        builder = builder.format(Format::from_name(&format)?);
    }
    if reader.boolean("cloudmin")? == Some(true) {
        builder = builder.cloudmin();
    }
    if let Some(limit) = reader.number("maxReplyBytes")? {
        if !(1.0..=9_007_199_254_740_991.0).contains(&limit) || limit.fract() != 0.0 {
            return Err(Failure::usage(
                "maxReplyBytes must be a whole number above zero",
            ));
        }
        builder = builder.max_reply_bytes(limit as u64);
    }
    let mut check_mode = CheckMode::default();
    if let Some(mode) = reader.string("checkMode")? {
        check_mode = CheckMode::from_name(&mode)?;
        builder = builder.check_mode(check_mode);
    }
    if let Some((_, value)) = reader.get("catalog")? {
        // NB: napi checks the object's type tag, so only a NativeCatalog gets through; the JS
        // `Client` hands over the native half of a `Catalog`.
        let raw = value.value();
        let catalog = unsafe { ClassInstance::<JsCatalog>::from_napi_value(raw.env, raw.value) }
            .map_err(|_| {
                Failure::usage(
                    "the catalog option must be a Catalog (Catalog.bundled(), Catalog.fromJson() \
                     or client.liveCatalog())",
                )
            })?;
        builder = builder.catalog(catalog.inner.clone());
    }
    if let Some(on) = reader.boolean("autoMultiline")? {
        builder = builder.auto_multiline(on);
    }
    if let Some(retries) = reader.number("retries")? {
        if !(0.0..=100.0).contains(&retries) || retries.fract() != 0.0 {
            return Err(Failure::usage(
                "retries must be a whole number from 0 to 100",
            ));
        }
        builder = builder.retries(retries as u32);
    }
    Ok((builder.build()?, check_mode))
}

/// One of `fingerprint`, `caFile`, `insecure: true`, or none of them (the system's roots).
fn tls_mode(reader: &Reader) -> Result<Tls, Failure> {
    let fingerprint = reader.string("fingerprint")?;
    let ca_file = reader.string("caFile")?;
    let insecure = reader.boolean("insecure")?.unwrap_or(false);
    let chosen =
        usize::from(fingerprint.is_some()) + usize::from(ca_file.is_some()) + usize::from(insecure);
    if chosen > 1 {
        return Err(Failure::usage(
            "choose one of fingerprint, caFile and insecure",
        ));
    }
    Ok(match (fingerprint, ca_file) {
        (Some(pin), _) => Tls::pinned(&pin)?,
        (_, Some(path)) => Tls::custom_ca_file(path)?,
        _ if insecure => Tls::Insecure,
        _ => Tls::Verify,
    })
}

/// Typed reads of optional properties; `undefined` and `null` both mean "not given".
struct Reader<'env>(Object<'env>);

impl Reader<'_> {
    fn get(&self, name: &str) -> Result<Option<(ValueType, Unknown<'_>)>, Failure> {
        let value: Unknown = self.0.get_named_property(name).map_err(internal)?;
        match value.get_type().map_err(internal)? {
            ValueType::Undefined | ValueType::Null => Ok(None),
            kind => Ok(Some((kind, value))),
        }
    }

    fn string(&self, name: &str) -> Result<Option<String>, Failure> {
        match self.get(name)? {
            None => Ok(None),
            Some((ValueType::String, value)) => {
                Ok(Some(unsafe { value.cast::<String>() }.map_err(internal)?))
            }
            Some(_) => Err(wrong_type(name, "a string")),
        }
    }

    fn boolean(&self, name: &str) -> Result<Option<bool>, Failure> {
        match self.get(name)? {
            None => Ok(None),
            Some((ValueType::Boolean, value)) => {
                Ok(Some(unsafe { value.cast::<bool>() }.map_err(internal)?))
            }
            Some(_) => Err(wrong_type(name, "a boolean")),
        }
    }

    fn number(&self, name: &str) -> Result<Option<f64>, Failure> {
        match self.get(name)? {
            None => Ok(None),
            Some((ValueType::Number, value)) => {
                Ok(Some(unsafe { value.cast::<f64>() }.map_err(internal)?))
            }
            Some(_) => Err(wrong_type(name, "a number")),
        }
    }

    /// A duration in milliseconds: finite and above zero (the core refuses a zero deadline).
    fn millis(&self, name: &str) -> Result<Option<Duration>, Failure> {
        match self.number(name)? {
            None => Ok(None),
            Some(ms) if ms.is_finite() && ms > 0.0 && ms < 1e12 => {
                Ok(Some(Duration::from_secs_f64(ms / 1000.0)))
            }
            Some(_) => Err(Failure::usage(format!(
                "{name} must be a number of milliseconds above zero"
            ))),
        }
    }
}

fn wrong_type(name: &str, expected: &str) -> Failure {
    // NB: names the option, never echoes its value: it may be the password.
    Failure::usage(format!("the {name} option must be {expected}"))
}

fn internal(err: napi::Error) -> Failure {
    Failure::usage(format!("cannot read the options: {}", err.reason))
}

/// `{timeoutMs}` of the module function `fingerprint`; the default is the core's connect
/// deadline, 10 s.
pub(crate) fn fingerprint_timeout(options: Option<Unknown>) -> Result<Duration, Failure> {
    let default = Duration::from_secs(10);
    let Some(options) = options else {
        return Ok(default);
    };
    match options.get_type().map_err(internal)? {
        ValueType::Undefined | ValueType::Null => Ok(default),
        ValueType::Object => {
            let object = unsafe { options.cast::<Object>() }.map_err(internal)?;
            Ok(Reader(object).millis("timeoutMs")?.unwrap_or(default))
        }
        _ => Err(Failure::usage(
            "fingerprint() options must be an object: {timeoutMs}",
        )),
    }
}
