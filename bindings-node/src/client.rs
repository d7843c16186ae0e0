//! The native client class, `NativeClient`, that the JavaScript `Client` wraps.
//!
//! It holds the core client (and with it the password, inside the core's redacting secret);
//! nothing of it is a JS property. Calls run as napi `AsyncTask`s on libuv's thread pool, so the
//! blocking network exchange never runs on the event loop.

use napi::bindgen_prelude::{AbortSignal, AsyncTask, Object, Unknown};
use napi::{Env, ScopedTask};
use napi_derive::napi;
use virtualmin_remote::{Call, CheckMode, Client, Format, Preview};

use crate::catalog::{problems_to_js, JsCatalog, LiveCatalogTask, Problem};
use crate::errors::{Failure, IntoNapi};
use crate::flags::{add_flags, optional_string};
use crate::options::build_client;
use crate::reply::Reply;

/// A connection to one Virtualmin server's remote API (the native half of `Client`).
#[napi(js_name = "NativeClient")]
pub struct JsClient {
    pub(crate) inner: Client,
    check_mode: CheckMode,
}

#[napi]
impl JsClient {
    /// Checks the options and builds the client; nothing is sent yet.
    ///
    /// @throws an `Error` with `code` `VMR_USAGE` for a bad option, `VMR_TLS` when TLS cannot
    /// be set up.
    #[napi(constructor, ts_args_type = "options: object")]
    pub fn new(env: Env, options: Unknown) -> napi::Result<JsClient> {
        let (inner, check_mode) = build_client(options).or_throw(&env)?;
        Ok(JsClient { inner, check_mode })
    }

    /// The API's URL (`https://host:10000/virtual-server/remote.cgi`).
    #[napi(getter)]
    pub fn url(&self) -> String {
        self.inner.url().to_owned()
    }

    /// The user name sent, if any.
    #[napi(getter)]
    pub fn user(&self) -> Option<String> {
        self.inner.user().map(str::to_owned)
    }

    /// Runs `program` with `flags` on a worker thread; the promise settles on the JS thread.
    ///
    /// `signal` cancels the call if it has not started yet (napi's AbortSignal support); the
    /// JavaScript wrapper also stops waiting for one that has.
    ///
    /// @throws synchronously never: a bad flag rejects the promise with `VMR_USAGE`.
    #[napi(
        ts_args_type = "program: string, flags?: unknown, format?: string | undefined | null, \
                        signal?: AbortSignal | undefined | null",
        ts_return_type = "Promise<object>"
    )]
    pub fn call(
        &self,
        program: Unknown,
        flags: Option<Unknown>,
        format: Option<Unknown>,
        signal: Option<AbortSignal>,
    ) -> AsyncTask<CallTask> {
        let call = make_call(program, flags, format);
        AsyncTask::with_optional_signal(
            CallTask {
                client: self.inner.clone(),
                call: Some(call),
            },
            signal,
        )
    }

    /// The request `call` would send, with the password and secret values as `***`.
    ///
    /// @throws an `Error` with `code` `VMR_USAGE` for a bad program name or flag.
    #[napi(
        ts_args_type = "program: string, flags?: unknown, format?: string | undefined | null",
        ts_return_type = "object"
    )]
    pub fn preview<'env>(
        &self,
        env: &'env Env,
        program: Unknown,
        flags: Option<Unknown>,
        format: Option<Unknown>,
    ) -> napi::Result<Object<'env>> {
        let call = make_call(program, flags, format).or_throw(env)?;
        let preview = self.inner.preview(&call).or_throw(env)?;
        preview_to_js(env, &preview)
    }

    /// The mistakes the client's catalog finds in the call as it would be sent (`multiline`
    /// added where the client adds it), whatever the check mode. Sends nothing.
    ///
    /// @throws an `Error` with `code` `VMR_USAGE` for flags that cannot be read.
    #[napi(ts_args_type = "program: string, flags?: unknown")]
    pub fn check(
        &self,
        env: Env,
        program: Unknown,
        flags: Option<Unknown>,
    ) -> napi::Result<Vec<Problem>> {
        let call = make_call(program, flags, None).or_throw(&env)?;
        Ok(problems_to_js(self.inner.check(&call)))
    }

    /// The messages that the check mode `warn` has for this call: none in the other modes,
    /// and none for a call that `call` will refuse anyway (the rejection says what is wrong).
    #[napi(ts_args_type = "program: string, flags?: unknown")]
    pub fn warnings(&self, program: Unknown, flags: Option<Unknown>) -> Vec<String> {
        if self.check_mode != CheckMode::Warn {
            return Vec::new();
        }
        match make_call(program, flags, None) {
            Ok(call) if call.validate().is_ok() => self
                .inner
                .check(&call)
                .into_iter()
                .map(|p| p.message)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The catalog calls are checked against.
    #[napi(getter)]
    pub fn catalog(&self) -> JsCatalog {
        JsCatalog {
            inner: self.inner.catalog().clone(),
        }
    }

    /// Reads the server's own catalog on a worker thread; kept for the life of the client.
    #[napi(
        ts_args_type = "signal?: AbortSignal | undefined | null",
        ts_return_type = "Promise<NativeCatalog>"
    )]
    pub fn live_catalog(&self, signal: Option<AbortSignal>) -> AsyncTask<LiveCatalogTask> {
        AsyncTask::with_optional_signal(
            LiveCatalogTask {
                client: self.inner.clone(),
            },
            signal,
        )
    }
}

/// The call, or the usage error that the promise will reject with.
pub(crate) fn make_call(
    program: Unknown,
    flags: Option<Unknown>,
    format: Option<Unknown>,
) -> Result<Call, Failure> {
    let not_a_string = || Failure::bad_flag("program", "the program name must be a string");
    let program = optional_string(Some(program))
        .map_err(|_| not_a_string())?
        .ok_or_else(not_a_string)?;
    let mut call = Call::new(program);
    add_flags(&mut call, flags)?;
    match optional_string(format) {
        Ok(Some(format)) => call = call.format(Format::from_name(&format)?),
        Ok(None) => {}
        Err(_) => return Err(Failure::usage("the format option must be a string")),
    }
    Ok(call)
}

fn preview_to_js<'env>(env: &'env Env, preview: &Preview) -> napi::Result<Object<'env>> {
    let mut object = Object::new(env)?;
    object.set("method", preview.method.as_str())?;
    object.set("url", preview.url.as_str())?;
    let mut headers = Object::new(env)?;
    for (name, value) in &preview.headers {
        headers.set(name, value.as_str())?;
    }
    object.set("headers", headers)?;
    match &preview.body {
        Some(body) => object.set("body", body.as_str())?,
        None => object.set("body", napi::bindgen_prelude::Null)?,
    }
    object.set("commandLine", preview.command_line.as_str())?;
    object.set("text", preview.to_string())?;
    Ok(object)
}

/// One API call in flight. `call` is a usage error when the flags could not be read: the
/// promise is then rejected without any I/O.
pub struct CallTask {
    client: Client,
    call: Option<Result<Call, Failure>>,
}

#[napi]
impl<'task> ScopedTask<'task> for CallTask {
    type Output = Result<Reply, Failure>;
    type JsValue = Object<'task>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let call = match self.call.take() {
            Some(Ok(call)) => call,
            Some(Err(failure)) => return Ok(Err(failure)),
            None => return Ok(Err(Failure::usage("the call was already run"))),
        };
        Ok(self
            .client
            .run(&call)
            .map(|response| Reply::from_response(&response))
            .map_err(Failure::from))
    }

    fn resolve(&mut self, env: &'task Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        match output {
            Ok(reply) => reply.into_js(env),
            Err(failure) => Err(failure.into_napi(env)),
        }
    }
}
