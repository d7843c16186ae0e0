//! How the server starts and stops: its start line, refusing to listen beyond loopback, and
//! leaving by itself when its time is up or its standard input closes.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Server;

fn wait_for_exit(server: &mut Server, within: Duration) -> bool {
    let started = Instant::now();
    while started.elapsed() < within {
        if server.child.try_wait().unwrap().is_some() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

#[test]
fn the_start_line_names_everything_a_client_needs() {
    let server = Server::start(&["--password", "Pw-for-this-test"]);
    let info = &server.info;
    assert_eq!(info["password"], "Pw-for-this-test");
    assert_eq!(info["pid"], server.child.id());
    let fingerprint = info["fingerprint"].as_str().unwrap();
    assert_eq!(fingerprint.len(), 32 * 3 - 1);
    assert!(fingerprint
        .bytes()
        .all(|b| b == b':' || b.is_ascii_hexdigit() && !b.is_ascii_lowercase()));
    let cert = std::fs::read_to_string(info["cert_file"].as_str().unwrap()).unwrap();
    assert!(cert.starts_with("-----BEGIN CERTIFICATE-----"));
    for user in ["root", "vmlimited", "twofa", "nomodule"] {
        assert!(info["users"][user].is_string(), "{user}");
    }

    let plain = Server::start(&["--plain"]);
    assert!(plain.info["url"]
        .as_str()
        .unwrap()
        .starts_with("http://127.0.0.1:"));
    assert!(plain.info["fingerprint"].is_null());
}

#[test]
fn a_non_loopback_address_is_refused() {
    let status = Command::new(env!("CARGO_BIN_EXE_virtualmin-remote-testserver"))
        .args(["--bind", "0.0.0.0"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(!status.success());
}

#[test]
fn the_server_exits_when_its_time_is_up() {
    let mut server = Server::start(&["--plain", "--max-seconds", "1"]);
    assert!(wait_for_exit(&mut server, Duration::from_secs(5)));
}

#[test]
fn the_server_exits_when_stdin_closes_if_asked() {
    let mut server = Server::start(&["--plain", "--exit-on-stdin-eof"]);
    assert!(server
        .api("program=list-domains")
        .starts_with(b"HTTP/1.0 200 "));
    assert!(
        !wait_for_exit(&mut server, Duration::from_millis(300)),
        "still serving"
    );
    drop(server.stdin.take());
    assert!(wait_for_exit(&mut server, Duration::from_secs(5)));
}

#[test]
fn ipv6_loopback_works() {
    if std::net::TcpListener::bind("[::1]:0").is_err() {
        return; // no IPv6 on this machine
    }
    let server = Server::start(&["--plain", "--bind", "::1", "--seed"]);
    assert!(server.info["url"]
        .as_str()
        .unwrap()
        .starts_with("http://[::1]:"));
}
