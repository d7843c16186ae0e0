//! Starting the test server from Rust integration tests and reading its control endpoints.
//!
//! The server binary is built by `cargo test --workspace` (it has tests of its own); when a
//! crate's tests run alone and the binary is missing, it is built first. `VMR_TESTSERVER`
//! overrides the path. Each [`TestServer`] is its own process, killed when dropped, and exits by
//! itself after five minutes in any case.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::Value;

/// A running test server process, stopped when dropped.
pub struct TestServer {
    child: Child,
    /// `https://127.0.0.1:PORT` (or `http://` with `--plain`).
    pub url: String,
    /// The SHA-256 fingerprint of the certificate it serves, `AA:BB:...`.
    pub fingerprint: String,
    /// The CA certificate file when started with `--cert ca-signed`.
    pub ca_file: Option<String>,
    /// The password of every user it knows.
    pub password: String,
}

/// The path of the test server binary, built if it is missing.
pub fn server_binary() -> PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            if let Ok(path) = std::env::var("VMR_TESTSERVER") {
                return PathBuf::from(path);
            }
            let target = std::env::var("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
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
    /// Starts a server (TLS with a self-signed certificate, like Webmin, unless `args` say
    /// otherwise) and waits for its start line.
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
        BufReader::new(child.stdout.take().expect("piped stdout"))
            .read_line(&mut line)
            .expect("test server prints its start line");
        let info: Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("test server printed {line:?}: {e}"));
        let text = |key: &str| info[key].as_str().map(str::to_owned);
        TestServer {
            child,
            url: text("url").expect("url"),
            fingerprint: text("fingerprint").unwrap_or_default(),
            ca_file: text("ca_file"),
            password: text("password").expect("password"),
        }
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
        match self.control("/_testserver/requests") {
            Value::Array(items) => items,
            other => panic!("requests endpoint answered {other}"),
        }
    }

    /// The last API request the server saw.
    pub fn last_request(&self) -> Value {
        self.requests().pop().expect("the server saw a request")
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
