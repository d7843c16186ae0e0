//! The control endpoints: knobs, stats, the request log as the wire carried it, and reset.

mod common;

use common::{basic, Server};
use serde_json::json;

#[test]
fn knobs_report_and_change_the_settings_and_refuse_nonsense() {
    let server = Server::start(&["--plain", "--delay-ms", "5"]);
    let knobs = server.control("/_testserver/knobs");
    assert_eq!(
        knobs,
        json!({
            "delay_ms": 5,
            "fault": "none",
            "fault_count": null,
            "huge_mb": 60,
            "trickle_ms": 1000
        })
    );
    let knobs = server.control("/_testserver/knobs?fault=garbage&fault_count=2&delay_ms=0");
    assert_eq!(knobs["fault"], "garbage");
    assert_eq!(knobs["fault_count"], 2);
    assert_eq!(knobs["delay_ms"], 0);

    let refused = server.get_as("/_testserver/knobs?fault=explode", None);
    assert!(refused.starts_with(b"HTTP/1.0 400 "));
    assert_eq!(
        server.control("/_testserver/knobs")["fault"],
        "garbage",
        "nothing changed"
    );

    server.api("program=list-domains");
    server.api("program=list-domains");
    assert_eq!(
        server.control("/_testserver/knobs")["fault"],
        "none",
        "the count ran out"
    );
}

#[test]
fn the_request_log_shows_the_wire_with_the_authorization_masked() {
    let server = Server::start(&["--plain"]);
    let body = "program=create-alias&domain=x.example&from=a&to=b%40c.example&pass=Secret1";
    let request = format!(
        "POST /virtual-server/remote.cgi?json=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n{}Content-Type: \
         application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        basic("root", &server.password),
        body.len()
    );
    server.raw(request.as_bytes());
    server.get_as(
        "/virtual-server/remote.cgi?program=list-domains&name-only=",
        None,
    );
    server.raw(
        format!(
            "GET /virtual-server/remote.cgi HTTP/1.0\r\n{}\r\n",
            basic("root", "bad")
        )
        .as_bytes(),
    );
    server.get_as("/not-the-api", Some("root"));

    let log = server.control("/_testserver/requests");
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), 3, "only API requests are logged: {log:?}");
    assert_eq!(log[0]["method"], "POST");
    assert_eq!(log[0]["path"], "/virtual-server/remote.cgi");
    assert_eq!(log[0]["query"], "json=1");
    assert_eq!(log[0]["body"], body);
    assert_eq!(log[0]["content_type"], "application/x-www-form-urlencoded");
    assert_eq!(log[0]["auth_user"], "root");
    assert_eq!(log[0]["auth_ok"], true);
    let headers = log[0]["headers"].as_array().unwrap();
    assert!(
        headers.contains(&json!(["Authorization", "Basic root:***"])),
        "{headers:?}"
    );
    assert!(!log[0].to_string().contains(&server.password));

    assert_eq!(log[1]["query"], "program=list-domains&name-only=");
    assert!(log[1]["body"].is_null());
    assert!(log[1]["auth_user"].is_null());
    assert_eq!(log[1]["auth_ok"], false);
    assert_eq!(log[2]["auth_user"], "root");
    assert_eq!(log[2]["auth_ok"], false);
    assert!(log[2]["query"].is_null());
}

#[test]
fn stats_count_requests_and_reset_restores_the_start() {
    let server = Server::start(&["--plain", "--seed", "--block-after", "2"]);
    server.api("program=create-domain&domain=new.example&pass=x");
    server.get_as("/", None);
    let stats = server.control("/_testserver/stats");
    assert_eq!(stats["requests"], 2, "{stats}");
    assert_eq!(stats["api_requests"], 1, "{stats}");
    assert_eq!(stats["max_in_flight"], 1, "{stats}");
    assert_eq!(stats["handshakes"], 0, "plain HTTP has none");

    for _ in 0..2 {
        server.raw(
            format!(
                "GET /virtual-server/remote.cgi HTTP/1.0\r\n{}\r\n",
                basic("root", "x")
            )
            .as_bytes(),
        );
    }
    assert!(
        server
            .api("program=list-domains")
            .starts_with(b"HTTP/1.0 403 "),
        "blocked"
    );
    server.control("/_testserver/knobs?fault=garbage");

    assert_eq!(server.control("/_testserver/reset"), json!({"reset": true}));
    assert_eq!(server.control("/_testserver/stats")["requests"], 0);
    assert_eq!(server.control("/_testserver/requests"), json!([]));
    assert_eq!(server.control("/_testserver/knobs")["fault"], "none");
    let names = server.api_body("program=list-domains&name-only=");
    assert_eq!(
        names,
        "example.com\nsub.example.com\nexample.net\ntest.org\n\nExit status: 0\n"
    );

    server.control("/_testserver/reset?seed=0");
    assert_eq!(
        server.api_body("program=list-domains&name-only="),
        "\nExit status: 0\n"
    );
}

#[test]
fn unknown_control_paths_are_refused() {
    let server = Server::start(&["--plain"]);
    assert!(server
        .get_as("/_testserver/nothing", None)
        .starts_with(b"HTTP/1.0 400 "));
}
