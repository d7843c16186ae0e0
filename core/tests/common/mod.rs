//! Clients for the test server, and a logger that keeps every line for the secret scans.

#![allow(dead_code)]

use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use virtualmin_remote::{Client, ClientBuilder, Tls};
pub use virtualmin_remote_testharness::TestServer;

/// A builder for `server`: `root` with the right password, the certificate pinned.
pub fn builder(server: &TestServer) -> ClientBuilder {
    builder_as(server, "root")
}

/// A builder for `server` as another of its users.
pub fn builder_as(server: &TestServer, user: &str) -> ClientBuilder {
    let builder = Client::builder(&server.url)
        .credentials(user, server.password.as_str())
        .timeout(Duration::from_secs(20))
        .connect_timeout(Duration::from_secs(5));
    if server.url.starts_with("https") {
        builder.tls(Tls::pinned(&server.fingerprint).unwrap())
    } else {
        builder
    }
}

/// A client for `server` as `root`.
pub fn client(server: &TestServer) -> Client {
    builder(server).build().unwrap()
}

/// Every log line emitted in this test process, for the secret scans.
pub fn captured_logs() -> Vec<String> {
    LOGGER.lines.lock().unwrap().clone()
}

/// Installs the capturing logger (at TRACE for this crate) once.
pub fn capture_logs() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        log::set_logger(&LOGGER).unwrap();
        log::set_max_level(log::LevelFilter::Trace);
    });
}

struct Capture {
    lines: Mutex<Vec<String>>,
}

static LOGGER: Capture = Capture {
    lines: Mutex::new(Vec::new()),
};

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata) -> bool {
        true
    }

    fn log(&self, record: &log::Record) {
        let line = format!("{} {} {}", record.level(), record.target(), record.args());
        self.lines.lock().unwrap().push(line);
    }

    fn flush(&self) {}
}
