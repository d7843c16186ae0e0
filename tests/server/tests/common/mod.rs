//! Starting the real server binary and talking to it with a raw client of the tests' own, so
//! that every byte on the wire is the server's and nothing is interpreted for it.

#![allow(dead_code)]

pub mod tls;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/virtualmin");

/// A running server, killed when dropped.
pub struct Server {
    pub child: Child,
    pub stdin: Option<ChildStdin>,
    pub info: Value,
    pub port: u16,
    pub password: String,
}

impl Server {
    /// Starts the binary with `args` (a generous `--max-seconds` first, so that a failing test
    /// leaves nothing behind for long).
    pub fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_virtualmin-remote-testserver"))
            .args(["--max-seconds", "120"])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the server starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let info: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{line:?}: {e}"));
        let url = info["url"].as_str().unwrap().to_owned();
        let port = url.rsplit(':').next().unwrap().parse().unwrap();
        let password = info["password"].as_str().unwrap().to_owned();
        let stdin = child.stdin.take();
        Server {
            child,
            stdin,
            info,
            port,
            password,
        }
    }

    /// A plain-HTTP server with the recorded data set.
    pub fn seeded() -> Server {
        Server::start(&["--plain", "--seed"])
    }

    /// Sends `request` as it is and returns every byte until the server closes.
    pub fn raw(&self, request: &[u8]) -> Vec<u8> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        stream.write_all(request).unwrap();
        let mut reply = Vec::new();
        let _ = stream.read_to_end(&mut reply);
        reply
    }

    /// `GET target` as `user` with the right password (no Authorization for `None`).
    pub fn get_as(&self, target: &str, user: Option<&str>) -> Vec<u8> {
        let auth = user.map(|u| basic(u, &self.password)).unwrap_or_default();
        self.raw(format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}\r\n").as_bytes())
    }

    /// `GET /virtual-server/remote.cgi?query` as root.
    pub fn api(&self, query: &str) -> Vec<u8> {
        self.get_as(&format!("/virtual-server/remote.cgi?{query}"), Some("root"))
    }

    /// `POST /virtual-server/remote.cgi` with a form `body`, as root.
    pub fn post(&self, body: &str) -> Vec<u8> {
        let request = format!(
            "POST /virtual-server/remote.cgi HTTP/1.1\r\nHost: 127.0.0.1\r\n{}Content-Type: \
             application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            basic("root", &self.password),
            body.len()
        );
        self.raw(request.as_bytes())
    }

    /// The body of `api(query)`, as text.
    pub fn api_body(&self, query: &str) -> String {
        String::from_utf8(body(&self.api(query)).to_vec()).unwrap()
    }

    /// A control endpoint's JSON.
    pub fn control(&self, target: &str) -> Value {
        let reply = self.get_as(target, None);
        serde_json::from_slice(body(&reply)).unwrap_or_else(|e| panic!("{target}: {e}"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An `Authorization: Basic` header line.
pub fn basic(user: &str, password: &str) -> String {
    format!(
        "Authorization: Basic {}\r\n",
        base64(format!("{user}:{password}").as_bytes())
    )
}

fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The bytes of a recorded reply.
pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The head of a reply (up to the blank line), with the Date header's value blanked.
pub fn head(reply: &[u8]) -> String {
    let end = reply
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(reply.len(), |p| p + 4);
    let text = String::from_utf8_lossy(&reply[..end]).into_owned();
    text.lines()
        .map(|l| {
            if l.starts_with("Date: ") {
                "Date: *"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The body of a reply.
pub fn body(reply: &[u8]) -> &[u8] {
    match reply.windows(4).position(|w| w == b"\r\n\r\n") {
        Some(p) => &reply[p + 4..],
        None => &[],
    }
}

/// A reply with its Date blanked, for comparing with a recording.
pub fn normalised(reply: &[u8]) -> Vec<u8> {
    let mut out = head(reply).into_bytes();
    out.extend_from_slice(body(reply));
    out
}

/// Asserts that `reply` is byte for byte the recorded `name`, Date aside.
pub fn assert_same_as(reply: &[u8], name: &str) {
    let want = normalised(&fixture(name));
    let got = normalised(reply);
    assert!(
        got == want,
        "{name} differs:\n--- recorded\n{}\n--- served\n{}",
        String::from_utf8_lossy(&want),
        String::from_utf8_lossy(&got)
    );
}

/// The lines of a body without trailing commas, sorted: equal for two JSON::PP or Data::Dumper
/// texts that differ only in hash order (which is random on the real server).
pub fn lines_any_order(body: &[u8]) -> Vec<String> {
    let mut lines: Vec<String> = String::from_utf8_lossy(body)
        .split('\n')
        .map(|l| l.strip_suffix(',').unwrap_or(l).to_owned())
        .collect();
    lines.sort();
    lines
}

/// Asserts that `reply` is the recorded `name` up to hash order and Date.
pub fn assert_same_any_order(reply: &[u8], name: &str) {
    let recorded = fixture(name);
    assert_eq!(head(reply), head(&recorded), "{name}: head");
    assert_eq!(
        lines_any_order(body(reply)),
        lines_any_order(body(&recorded)),
        "{name}: body"
    );
}
