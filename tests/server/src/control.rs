//! What the server counts and remembers for the tests, and the `/_testserver/...` endpoints that
//! report and change it without authentication.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use serde_json::{json, Value as Json};

use crate::form;
use crate::http::{Reply, Request};
use crate::knobs::lock;
use crate::server::Server;

/// How many API requests the log keeps.
const LOG_SIZE: usize = 200;

/// Counters, all since start or the last reset.
#[derive(Default)]
pub struct Stats {
    /// Requests read, except those to the control endpoints.
    pub requests: AtomicU64,
    /// Requests to a remote.cgi path.
    pub api_requests: AtomicU64,
    pub in_flight: AtomicU64,
    pub max_in_flight: AtomicU64,
    /// TLS handshakes of connections that carried a request (not to the control endpoints).
    pub handshakes: AtomicU64,
    pub resumed_handshakes: AtomicU64,
}

impl Stats {
    fn to_json(&self) -> Json {
        let get = |counter: &AtomicU64| counter.load(Ordering::SeqCst);
        json!({
            "requests": get(&self.requests),
            "api_requests": get(&self.api_requests),
            "in_flight": get(&self.in_flight),
            "max_in_flight": get(&self.max_in_flight),
            "handshakes": get(&self.handshakes),
            "resumed_handshakes": get(&self.resumed_handshakes),
        })
    }

    pub fn reset(&self) {
        for counter in [
            &self.requests,
            &self.api_requests,
            &self.max_in_flight,
            &self.handshakes,
            &self.resumed_handshakes,
        ] {
            counter.store(0, Ordering::SeqCst);
        }
        // NB: requests being answered now still finish and decrement `in_flight`, so it is
        // left alone; `max_in_flight` restarts from what is in flight.
        let now = self.in_flight.load(Ordering::SeqCst);
        self.max_in_flight.store(now, Ordering::SeqCst);
    }
}

/// Counts one API request in flight while it lives.
pub struct InFlight<'a>(&'a Stats);

impl<'a> InFlight<'a> {
    pub fn start(stats: &'a Stats) -> InFlight<'a> {
        let now = stats.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        stats.max_in_flight.fetch_max(now, Ordering::SeqCst);
        InFlight(stats)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The last API requests, as they reached the wire (Authorization masked).
#[derive(Default)]
pub struct RequestLog {
    entries: Mutex<VecDeque<Json>>,
}

impl RequestLog {
    pub fn push(&self, request: &Request, auth_user: Option<&str>, auth_ok: bool) {
        let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
        let headers: Vec<Json> = request
            .headers
            .iter()
            .map(|(name, value)| {
                let value = if name.eq_ignore_ascii_case("authorization") {
                    masked(value, auth_user)
                } else {
                    value.clone()
                };
                json!([name, value])
            })
            .collect();
        let entry = json!({
            "method": request.method,
            "path": request.path,
            "query": request.query,
            "body": (!request.body.is_empty()).then(|| text(&request.body)),
            "content_type": request.header("content-type"),
            "auth_user": auth_user,
            "auth_ok": auth_ok,
            "headers": headers,
        });
        let mut entries = lock(&self.entries);
        if entries.len() == LOG_SIZE {
            entries.pop_front();
        }
        entries.push_back(entry);
    }

    fn to_json(&self) -> Json {
        Json::Array(lock(&self.entries).iter().cloned().collect())
    }

    pub fn clear(&self) {
        lock(&self.entries).clear();
    }
}

fn masked(value: &str, user: Option<&str>) -> String {
    let scheme = value.split(' ').next().unwrap_or_default();
    match user {
        Some(user) => format!("{scheme} {user}:***"),
        None => format!("{scheme} ***"),
    }
}

/// Answers a request to `/_testserver/...`.
pub fn handle(server: &Server, request: &Request) -> Reply {
    let params = form::text_pairs(request.query.as_deref().unwrap_or_default());
    match request.path.trim_end_matches('/') {
        "/_testserver/knobs" => match server.knobs.set(&params) {
            Ok(settings) => Reply::control(200, &settings.to_json()),
            Err(message) => Reply::control(400, &json!({ "error": message })),
        },
        "/_testserver/stats" => Reply::control(200, &server.stats.to_json()),
        "/_testserver/requests" => Reply::control(200, &server.log.to_json()),
        "/_testserver/reset" => {
            let seeded = params
                .iter()
                .find(|(k, _)| k == "seed")
                .map(|(_, v)| v != "0");
            server.reset(seeded);
            Reply::control(200, &json!({ "reset": true }))
        }
        _ => Reply::control(400, &json!({ "error": "unknown control endpoint" })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_authorization_value_is_masked() {
        assert_eq!(masked("Basic cm9vdDpwdw==", Some("root")), "Basic root:***");
        assert_eq!(masked("Bearer token", None), "Bearer ***");
    }

    #[test]
    fn in_flight_counts_up_and_down_and_keeps_the_peak() {
        let stats = Stats::default();
        {
            let _a = InFlight::start(&stats);
            let _b = InFlight::start(&stats);
            assert_eq!(stats.in_flight.load(Ordering::SeqCst), 2);
        }
        assert_eq!(stats.in_flight.load(Ordering::SeqCst), 0);
        assert_eq!(stats.max_in_flight.load(Ordering::SeqCst), 2);
    }
}
