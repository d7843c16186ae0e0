//! The native half of `Fleet`: the core's [`Fleet`] (one call on many servers, a bounded number
//! in flight), with each server's result sent to JavaScript as soon as it is in.
//!
//! A fleet call occupies one thread of libuv's pool, which waits while the core's fleet runs the
//! call on threads of its own, `maxInFlight` at most. So a fleet of a hundred servers needs no
//! larger `UV_THREADPOOL_SIZE`, and its calls never queue behind the pool's other work. Each
//! result goes through a thread-safe function to the JS callback `onEach`, which settles that
//! server's promise; the task's own promise resolves once the fleet is done.

use std::sync::Mutex;

use napi::bindgen_prelude::{AsyncTask, Object, ToNapiValue, Unknown};
use napi::sys;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Env, ScopedTask, Status};
use napi_derive::napi;
use virtualmin_remote::{Call, Fleet, ServerResult};

use crate::catalog::string_arg;
use crate::client::{make_call, JsClient};
use crate::errors::{Failure, IntoNapi};
use crate::reply::Reply;

/// Named clients that one call can run on together (the native half of `Fleet`).
#[napi(js_name = "NativeFleet")]
pub struct JsFleet {
    inner: Fleet,
}

/// The JS callback that gets each server's settled result.
type OnEach = ThreadsafeFunction<Settled, Unknown<'static>, Settled, Status, false>;

#[napi]
impl JsFleet {
    /// An empty fleet running at most `maxInFlight` calls at once (the JS `Fleet` checks the
    /// number).
    #[napi(constructor)]
    pub fn new(max_in_flight: u32) -> JsFleet {
        JsFleet {
            inner: Fleet::new().max_in_flight(max_in_flight as usize),
        }
    }

    /// Adds a server under a name.
    ///
    /// @throws an `Error` with `code` `VMR_USAGE` when the name is empty or already taken.
    #[napi(ts_args_type = "name: string, client: NativeClient")]
    pub fn add(&mut self, env: Env, name: Unknown, client: &JsClient) -> napi::Result<()> {
        let name = string_arg(name, "a fleet member's name must be a string").or_throw(&env)?;
        self.inner.add(name, client.inner.clone()).or_throw(&env)
    }

    /// The servers' names, in the order they were added.
    #[napi(getter)]
    pub fn names(&self) -> Vec<String> {
        self.inner.names().map(str::to_owned).collect()
    }

    /// Runs the call on the named servers (all when `servers` is `null`), calling `onEach` with
    /// each server's `{server, ok, response | error, elapsedMs}` as it comes in. The promise
    /// resolves with the results that could not be handed to `onEach` (none, unless the
    /// environment is shutting down).
    ///
    /// @throws an `Error` with `code` `VMR_USAGE`, before anything is sent, for a server not
    /// in the fleet, a server named twice, or a call that no server would accept.
    #[napi(
        ts_args_type = "servers: string[] | null, program: string, flags: unknown, \
                        format: string | undefined | null, onEach: (result: object) => void",
        ts_return_type = "Promise<object[]>"
    )]
    pub fn run(
        &self,
        env: Env,
        servers: Option<Vec<String>>,
        program: Unknown,
        flags: Option<Unknown>,
        format: Option<Unknown>,
        on_each: OnEach,
    ) -> napi::Result<AsyncTask<FleetTask>> {
        let names = match servers {
            Some(names) => self.known(names).or_throw(&env)?,
            None => self.names(),
        };
        let call = make_call(program, flags, format).or_throw(&env)?;
        // NB: the core's fleet reports an invalid call as one usage error per server, without
        // calling back; here it is the caller's mistake, thrown once before anything is sent.
        call.validate().or_throw(&env)?;
        Ok(AsyncTask::new(FleetTask {
            fleet: self.inner.clone(),
            names,
            call,
            on_each,
        }))
    }
}

impl JsFleet {
    /// The names given, if each is a member and none is given twice.
    fn known(&self, names: Vec<String>) -> Result<Vec<String>, Failure> {
        for (i, name) in names.iter().enumerate() {
            if self.inner.client(name).is_none() {
                return Err(Failure::usage(format!(
                    "the fleet has no server named {name:?}"
                )));
            }
            if names[..i].contains(name) {
                return Err(Failure::usage(format!(
                    "the server {name:?} is named twice"
                )));
            }
        }
        Ok(names)
    }
}

/// One fleet call in flight.
pub struct FleetTask {
    fleet: Fleet,
    names: Vec<String>,
    call: Call,
    on_each: OnEach,
}

#[napi]
impl<'task> ScopedTask<'task> for FleetTask {
    type Output = Result<Vec<Settled>, Failure>;
    type JsValue = Vec<Settled>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let names: Vec<&str> = self.names.iter().map(String::as_str).collect();
        let undelivered = Mutex::new(Vec::new());
        let done = |result: &ServerResult| {
            let status = self.on_each.call(
                Settled::from(result),
                ThreadsafeFunctionCallMode::NonBlocking,
            );
            if status != Status::Ok {
                undelivered
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(Settled::from(result));
            }
        };
        // NB: the names were checked on the main thread and the fleet is a private copy, so
        // this refuses nothing in practice.
        if let Err(err) = self.fleet.run_on_with(&names, &self.call, done) {
            return Ok(Err(Failure::from(err)));
        }
        Ok(Ok(undelivered
            .into_inner()
            .unwrap_or_else(|p| p.into_inner())))
    }

    fn resolve(&mut self, env: &'task Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        output.map_err(|failure| failure.into_napi(env))
    }
}

/// One server's outcome, owned, on its way from a worker thread to JavaScript.
pub struct Settled {
    server: String,
    outcome: Result<Reply, Failure>,
    elapsed_ms: f64,
}

impl From<&ServerResult> for Settled {
    fn from(result: &ServerResult) -> Settled {
        Settled {
            server: result.server.clone(),
            outcome: match &result.result {
                Ok(response) => Ok(Reply::from_response(response)),
                Err(err) => Err(Failure::from(err)),
            },
            elapsed_ms: result.elapsed.as_secs_f64() * 1000.0,
        }
    }
}

impl ToNapiValue for Settled {
    /// `{server, ok: true, response, elapsedMs}` or `{server, ok: false, error, elapsedMs}`.
    unsafe fn to_napi_value(
        raw_env: sys::napi_env,
        settled: Settled,
    ) -> napi::Result<sys::napi_value> {
        let env = Env::from_raw(raw_env);
        let mut object = Object::new(&env)?;
        object.set("server", settled.server)?;
        match settled.outcome {
            Ok(reply) => {
                object.set("ok", true)?;
                object.set("response", reply.into_js(&env)?)?;
            }
            Err(failure) => {
                object.set("ok", false)?;
                object.set("error", failure.to_js(&env)?)?;
            }
        }
        object.set("elapsedMs", settled.elapsed_ms)?;
        unsafe { Object::to_napi_value(raw_env, object) }
    }
}
