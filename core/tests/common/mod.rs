//! Starting the test server from integration tests and talking to its control endpoints.
//!
//! The server binary is built by `cargo test --workspace` (it has tests of its own); when a test
//! of this crate runs alone and the binary is missing, it is built first. `VMR_TESTSERVER`
//! overrides the path.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use serde_json::Value;
use virtualmin_remote::{Client, ClientBuilder, Tls};

/// A running test server process, stopped when dropped.
pub struct TestServer {
    child: Child,
    pub url: String,
    pub fingerprint: String,
    pub ca_file: Option<String>,
    pub password: String,
}

fn server_binary() -> PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            if let Ok(path) = std::env::var("VMR_TESTSERVER") {
                return PathBuf::from(path);
            }
            let target = std::env::var("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
            let binary = target.join("debug/virtualmin-remote-testserver");
            if !binary.exists() {
                let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
                let status = Command::new(cargo)
                    .args(["build", "-q", "-p", "virtualmin-remote-testserver"])
                    .status()
                    .expect("cargo runs");
                assert!(status.success(), "building the test server failed");
            }
            binary
        })
        .clone()
}

impl TestServer {
    /// Starts a server over TLS (self-signed, like Webmin) with extra command-line options.
    pub fn start(args: &[&str]) -> TestServer {
        let mut child = Command::new(server_binary())
            .args(["--max-seconds", "300"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("test server starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let info: Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("test server printed {line:?}: {e}"));
        TestServer {
            child,
            url: info["url"].as_str().unwrap().to_owned(),
            fingerprint: info["fingerprint"].as_str().unwrap().to_owned(),
            ca_file: info["ca_file"].as_str().map(str::to_owned),
            password: info["password"].as_str().unwrap().to_owned(),
        }
    }

    /// A builder for this server: `root` with the right password, the certificate pinned.
    pub fn builder(&self) -> ClientBuilder {
        self.builder_as("root")
    }

    /// A builder for this server as another of its users.
    pub fn builder_as(&self, user: &str) -> ClientBuilder {
        let builder = Client::builder(&self.url)
            .credentials(user, self.password.as_str())
            .timeout(Duration::from_secs(20))
            .connect_timeout(Duration::from_secs(5));
        if self.url.starts_with("https") {
            builder.tls(Tls::pinned(&self.fingerprint).unwrap())
        } else {
            builder
        }
    }

    pub fn client(&self) -> Client {
        self.builder().build().unwrap()
    }

    /// GETs a control endpoint (`/_testserver/...`) and returns its JSON.
    pub fn control(&self, path_and_query: &str) -> Value {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .tls_config(
                ureq::tls::TlsConfig::builder()
                    .disable_verification(true)
                    .build(),
            )
            .timeout_global(Some(Duration::from_secs(10)))
            .build()
            .into();
        let mut response = agent
            .get(format!("{}{path_and_query}", self.url))
            .call()
            .expect("control request");
        let text = response.body_mut().read_to_string().expect("control body");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path_and_query}: {text:?}: {e}"))
    }

    /// The API requests the server has seen, oldest first.
    pub fn requests(&self) -> Vec<Value> {
        self.control("/_testserver/requests")
            .as_array()
            .unwrap()
            .clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
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
