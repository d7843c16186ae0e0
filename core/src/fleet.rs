//! One call across many servers, with a bounded number in flight.
//!
//! Hosting companies drive tens or hundreds of Virtualmin servers, and each call costs a server
//! between a fifth of a second and several seconds, so walking them one by one takes minutes. A
//! [`Fleet`] runs the same call on all (or some) of its servers at once, at most
//! [`Fleet::max_in_flight`] at a time, and keeps each server's result apart.
//!
//! Every server keeps its own client: its URL, credentials, TLS settings and deadlines. A slow or
//! dead server holds up only the worker waiting on it, and never for longer than its own
//! client's timeout. Nothing is retried here that a single call would not retry.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::call::Call;
use crate::client::Client;
use crate::error::Error;
use crate::response::Response;

/// The default number of calls in flight at once.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 16;

/// Named clients that a call can be run on together.
#[derive(Clone, Debug)]
pub struct Fleet {
    members: Vec<(String, Client)>,
    max_in_flight: usize,
}

/// What one server answered.
#[derive(Debug)]
pub struct ServerResult {
    /// The server's name in the fleet.
    pub server: String,
    /// Its response, or why there is none.
    pub result: Result<Response, Error>,
    /// How long its call took.
    pub elapsed: Duration,
}

impl Default for Fleet {
    fn default() -> Self {
        Fleet::new()
    }
}

impl Fleet {
    /// An empty fleet.
    pub fn new() -> Self {
        Fleet {
            members: Vec::new(),
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
        }
    }

    /// Adds a server under a name.
    ///
    /// # Errors
    /// A usage error when the name is empty or already taken.
    pub fn add(&mut self, name: impl Into<String>, client: Client) -> Result<(), Error> {
        let name = name.into();
        if name.is_empty() {
            return Err(Error::usage("a fleet member needs a name"));
        }
        if self.members.iter().any(|(n, _)| *n == name) {
            return Err(Error::usage(format!(
                "the fleet already has a server named {name:?}"
            )));
        }
        self.members.push((name, client));
        Ok(())
    }

    /// Adds a server, for chaining.
    ///
    /// # Errors
    /// As [`Fleet::add`].
    pub fn with(mut self, name: impl Into<String>, client: Client) -> Result<Self, Error> {
        self.add(name, client)?;
        Ok(self)
    }

    /// Sets how many calls may be in flight at once (at least one).
    pub fn max_in_flight(mut self, limit: usize) -> Self {
        self.max_in_flight = limit.max(1);
        self
    }

    /// The servers' names, in the order they were added.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.members.iter().map(|(n, _)| n.as_str())
    }

    /// The client of one server.
    pub fn client(&self, name: &str) -> Option<&Client> {
        self.members.iter().find(|(n, _)| n == name).map(|(_, c)| c)
    }

    /// The number of servers.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// True when the fleet has no server.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Runs `call` on every server; one result per server, in the fleet's order.
    pub fn run(&self, call: &Call) -> Vec<ServerResult> {
        let all: Vec<usize> = (0..self.members.len()).collect();
        self.run_indices(&all, call, &|_| {})
    }

    /// Runs `call` on the named servers; one result per name, in the order given.
    ///
    /// # Errors
    /// A usage error naming a server that is not in the fleet (nothing is sent then).
    pub fn run_on(&self, names: &[&str], call: &Call) -> Result<Vec<ServerResult>, Error> {
        self.run_on_with(names, call, |_| {})
    }

    /// Like [`Fleet::run_on`], calling `done` with each result as soon as it is in (from the
    /// worker thread that got it, so it must be quick and `Sync`).
    ///
    /// # Errors
    /// As [`Fleet::run_on`].
    pub fn run_on_with(
        &self,
        names: &[&str],
        call: &Call,
        done: impl Fn(&ServerResult) + Sync,
    ) -> Result<Vec<ServerResult>, Error> {
        let mut indices = Vec::with_capacity(names.len());
        for name in names {
            let index = self
                .members
                .iter()
                .position(|(n, _)| n == name)
                .ok_or_else(|| Error::usage(format!("the fleet has no server named {name:?}")))?;
            indices.push(index);
        }
        Ok(self.run_indices(&indices, call, &done))
    }

    fn run_indices(
        &self,
        indices: &[usize],
        call: &Call,
        done: &(dyn Fn(&ServerResult) + Sync),
    ) -> Vec<ServerResult> {
        // NB: a usage error is the same for every server; report it without any I/O.
        if let Err(err) = call.validate() {
            return indices
                .iter()
                .map(|&i| ServerResult {
                    server: self.members[i].0.clone(),
                    result: Err(err.clone_kind_and_message()),
                    elapsed: Duration::ZERO,
                })
                .collect();
        }

        let next = AtomicUsize::new(0);
        let slots: Mutex<Vec<Option<ServerResult>>> =
            Mutex::new(indices.iter().map(|_| None).collect());
        let workers = self.max_in_flight.min(indices.len());
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| loop {
                    let slot = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&member) = indices.get(slot) else {
                        break;
                    };
                    let (name, client) = &self.members[member];
                    let started = Instant::now();
                    let result = client.run(call);
                    let outcome = ServerResult {
                        server: name.clone(),
                        result,
                        elapsed: started.elapsed(),
                    };
                    done(&outcome);
                    slots.lock().unwrap_or_else(|p| p.into_inner())[slot] = Some(outcome);
                });
            }
        });
        slots
            .into_inner()
            .unwrap_or_else(|p| p.into_inner())
            .into_iter()
            .map(|slot| slot.expect("every slot is filled by a worker"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ErrorKind, Tls};

    fn client(port: u16) -> Client {
        Client::builder(format!("https://127.0.0.1:{port}"))
            .tls(Tls::Insecure)
            .connect_timeout(Duration::from_secs(2))
            .build()
            .unwrap()
    }

    #[test]
    fn names_must_be_unique_and_known() {
        let mut fleet = Fleet::new();
        fleet.add("a", client(1)).unwrap();
        assert_eq!(
            fleet.add("a", client(2)).unwrap_err().kind(),
            ErrorKind::Usage
        );
        let err = fleet
            .run_on(&["b"], &Call::new("list-domains"))
            .unwrap_err();
        assert!(err.message().contains("\"b\""));
    }

    #[test]
    fn invalid_call_fails_for_every_server_without_io() {
        let fleet = Fleet::new()
            .with("a", client(1))
            .unwrap()
            .with("b", client(2))
            .unwrap();
        let results = fleet.run(&Call::new("Bad Name"));
        assert_eq!(results.len(), 2);
        assert_eq!(results[1].server, "b");
        for r in results {
            assert_eq!(r.result.unwrap_err().kind(), ErrorKind::Usage);
        }
    }
}
