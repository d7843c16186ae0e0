//! Every fault knob, observed from the client's side of the wire: over TLS where close_notify
//! (or its absence) is the point, over plain TCP elsewhere.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::tls::{exchange, recording_client, Exchange};
use common::{basic, body, head, Server};

fn tls_list(server: &Server, query: &str) -> Exchange {
    let (config, _) = recording_client();
    let request = format!(
        "GET /virtual-server/remote.cgi?{query} HTTP/1.1\r\nHost: x\r\n{}\r\n",
        basic("root", &server.password)
    );
    exchange(&config, server.port, "127.0.0.1", request.as_bytes()).unwrap()
}

fn set(server: &Server, knobs: &str) -> serde_json::Value {
    server.control(&format!("/_testserver/knobs?{knobs}"))
}

#[test]
fn close_before_headers_sends_nothing() {
    let server = Server::start(&["--seed", "--fault", "close-before-headers"]);
    let done = tls_list(&server, "program=list-domains");
    assert!(done.bytes.is_empty());
    assert!(done.end.is_err(), "no close_notify either");
}

#[test]
fn reset_after_headers_sends_the_head_and_no_close_notify() {
    let server = Server::start(&["--seed", "--fault", "reset-after-headers"]);
    let done = tls_list(&server, "program=list-domains");
    assert!(done.bytes.starts_with(b"HTTP/1.0 200 Document follows\r\n"));
    assert!(body(&done.bytes).is_empty());
    assert_eq!(done.end.unwrap_err().kind(), ErrorKind::UnexpectedEof);
}

#[test]
fn close_mid_body_sends_half_the_body_and_no_close_notify() {
    let server = Server::start(&["--seed", "--fault", "close-mid-body"]);
    let done = tls_list(&server, "program=list-domains&multiline=");
    let whole = Server::seeded().api("program=list-domains&multiline=");
    let whole = body(&whole);
    assert!(whole.len() > 1000);
    assert_eq!(body(&done.bytes), &whole[..whole.len() / 2]);
    assert_eq!(done.end.unwrap_err().kind(), ErrorKind::UnexpectedEof);
}

#[test]
fn truncate_drops_the_end_marker_but_closes_cleanly() {
    let server = Server::start(&["--seed", "--fault", "truncate"]);
    let plain = tls_list(&server, "program=list-domains&name-only=");
    assert!(
        plain.end.is_ok(),
        "a truncated reply still ends with close_notify"
    );
    assert_eq!(
        body(&plain.bytes),
        b"example.com\nsub.example.com\nexample.net\ntest.org\n\n"
    );
    let json = tls_list(&server, "program=list-domains&name-only=&json=1");
    assert!(json.end.is_ok());
    assert!(serde_json::from_slice::<serde_json::Value>(body(&json.bytes)).is_err());
    assert!(body(&json.bytes).starts_with(b"{\n"));
}

#[test]
fn replacing_faults_answer_garbage_html_500_redirect_and_run_nothing() {
    let server = Server::start(&["--plain", "--seed"]);
    let create = "program=create-domain&domain=fault.example&pass=x";

    set(&server, "fault=garbage");
    let reply = server.api(create);
    assert!(reply.starts_with(b"HTTP/1.0 200 Document follows\r\n"));
    assert!(
        std::str::from_utf8(body(&reply)).is_err(),
        "garbage is not UTF-8"
    );
    assert!(!body(&reply).is_empty());

    set(&server, "fault=html-error");
    let reply = server.api(create);
    assert!(head(&reply).contains("Content-type: text/html; Charset=UTF-8"));
    assert!(String::from_utf8_lossy(body(&reply)).contains("<title>Error</title>"));

    set(&server, "fault=status-500");
    let reply = server.api(create);
    assert!(reply.starts_with(b"HTTP/1.0 500 "));
    assert!(String::from_utf8_lossy(body(&reply)).contains("<html>"));

    set(&server, "fault=redirect");
    let reply = server.api(create);
    assert!(reply.starts_with(b"HTTP/1.0 302 Moved Temporarily\r\n"));
    let location = format!("\nLocation: http://127.0.0.2:{}/elsewhere\n", server.port);
    assert!(head(&reply).contains(&location), "{}", head(&reply));

    set(&server, "fault=none");
    let names = server.api_body("program=list-domains&name-only=");
    assert!(
        !names.contains("fault.example"),
        "no faulty call ran its program"
    );
}

#[test]
fn huge_streams_a_valid_reply_of_the_asked_size_in_each_format() {
    let server = Server::start(&["--plain", "--fault", "huge", "--huge-mb", "2"]);
    let plain = server.api("program=list-domains");
    assert!(body(&plain).len() >= 2 * 1024 * 1024);
    assert!(body(&plain).starts_with(b"Domain "));
    assert!(body(&plain).ends_with(b"\n\nExit status: 0\n"));

    set(&server, "huge_mb=1");
    let json = server.api("program=list-domains&json=1&multiline=");
    assert!(head(&json).contains("Content-type: application/json"));
    let parsed: serde_json::Value = serde_json::from_slice(body(&json)).unwrap();
    assert!(parsed["data"].as_array().unwrap().len() > 1000);
    let xml = server.api("program=list-domains&xml=1");
    assert!(body(&xml).ends_with(b"</api>\n"));
    let perl = server.api("program=list-domains&perl=1");
    assert!(body(&perl).ends_with(b"        };\n"));
}

#[test]
fn trickle_sends_one_byte_per_interval() {
    let server = Server::start(&[
        "--plain",
        "--seed",
        "--fault",
        "trickle",
        "--trickle-ms",
        "40",
    ]);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    let request = format!(
        "GET /virtual-server/remote.cgi?program=list-domains HTTP/1.0\r\n{}\r\n",
        basic("root", &server.password)
    );
    stream.write_all(request.as_bytes()).unwrap();
    let started = Instant::now();
    let mut first = [0u8; 10];
    stream.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.0 2");
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn stall_never_answers_and_a_counted_fault_passes() {
    let server = Server::start(&["--plain", "--seed"]);
    set(&server, "fault=stall&fault_count=1");
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    let request = format!(
        "GET /virtual-server/remote.cgi?program=list-domains HTTP/1.0\r\n{}\r\n",
        basic("root", &server.password)
    );
    stream.write_all(request.as_bytes()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(600)))
        .unwrap();
    let mut byte = [0u8; 1];
    let err = stream.read(&mut byte).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
        "{err}"
    );
    drop(stream);

    assert!(
        server
            .api("program=list-domains")
            .starts_with(b"HTTP/1.0 200 "),
        "count was one"
    );
    assert_eq!(set(&server, "")["fault"], "none");
}

#[test]
fn delay_applies_to_parallel_calls_which_are_served_in_parallel() {
    let server = Server::start(&["--plain", "--seed", "--delay-ms", "500"]);
    let started = Instant::now();
    std::thread::scope(|scope| {
        let calls: Vec<_> = (0..8)
            .map(|_| scope.spawn(|| server.api("program=list-domains&name-only=")))
            .collect();
        for call in calls {
            assert!(call.join().unwrap().starts_with(b"HTTP/1.0 200 "));
        }
    });
    let took = started.elapsed();
    assert!(took >= Duration::from_millis(500), "{took:?}");
    assert!(
        took < Duration::from_millis(2000),
        "eight calls took {took:?}: not in parallel"
    );
    // NB: a server thread may still be closing its connection when the client has its reply.
    let settled = Instant::now();
    let mut stats = server.control("/_testserver/stats");
    while stats["in_flight"] != 0 && settled.elapsed() < Duration::from_secs(2) {
        std::thread::sleep(Duration::from_millis(20));
        stats = server.control("/_testserver/stats");
    }
    assert_eq!(stats["max_in_flight"], 8, "{stats}");
    assert_eq!(stats["in_flight"], 0, "{stats}");
    assert_eq!(stats["api_requests"], 8, "{stats}");
}
