//! `--seed-domains N`: generated servers for the benchmarks, listed like the recorded ones and
//! about as large per server, so that a listing of N is the size a real server of N sends.

mod common;

use common::{body, fixture, Server};
use serde_json::Value;

fn names(server: &Server) -> Vec<String> {
    server
        .api_body("program=list-domains&name-only=")
        .lines()
        .take_while(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn generated_servers_list_at_about_the_recorded_size_per_server() {
    let server = Server::start(&["--plain", "--seed-domains", "40"]);
    let listed = names(&server);
    assert_eq!(listed.len(), 40, "{listed:?}");

    let recorded = body(&fixture("list-domains.multiline.http")).len() as f64 / 4.0;
    let served = body(&server.api("program=list-domains&multiline=")).len() as f64 / 40.0;
    let ratio = served / recorded;
    assert!(
        (0.8..1.25).contains(&ratio),
        "{served:.0} bytes per server served, {recorded:.0} recorded"
    );

    let reply = server.api("program=list-domains&multiline=&json=1");
    let json: Value = serde_json::from_slice(body(&reply)).unwrap();
    let data = json["data"].as_array().unwrap();
    assert_eq!(data.len(), 40);
    assert_eq!(data[0]["name"], "vs00001.example.com");
    assert_eq!(data[0]["values"]["type"][0], "Top-level server");
    assert_eq!(data[0]["values"]["databases_count"][0], "1");
}

#[test]
fn generated_servers_follow_the_recorded_set_with_their_hierarchy_and_survive_reset() {
    let server = Server::start(&["--plain", "--seed", "--seed-domains", "8"]);
    let listed = names(&server);
    assert_eq!(
        listed,
        [
            "example.com",
            "sub.example.com",
            "example.net",
            "test.org",
            "vs00001.example.com",
            "sub.vs00001.example.com",
            "vs00001.example.net",
            "vs00001.example.org",
            "vs00002.example.com",
            "sub.vs00002.example.com",
            "vs00002.example.net",
            "vs00002.example.org",
        ]
    );
    assert_eq!(
        server.api_body("program=list-domains&name-only=&parent=vs00002.example.com"),
        "sub.vs00002.example.com\nvs00002.example.net\n\nExit status: 0\n"
    );

    server.api("program=delete-domain&domain=vs00001.example.com");
    assert_eq!(names(&server).len(), 9, "the tree of vs00001 is gone");
    server.control("/_testserver/reset?seed=0");
    assert_eq!(
        names(&server).len(),
        8,
        "reset brings the generated servers back"
    );
}

#[test]
fn ten_thousand_servers_list_in_full() {
    let server = Server::start(&["--plain", "--seed-domains", "10000"]);
    let listed = names(&server);
    assert_eq!(listed.len(), 10_000);
    assert_eq!(listed.last().unwrap(), "vs02500.example.org");
}

#[test]
fn a_large_conversion_kept_for_the_next_call_never_goes_stale() {
    // NB: 1,000 servers make a text listing over the 1 MiB from which conversions are kept.
    let server = Server::start(&["--plain", "--seed-domains", "1000"]);
    let query = "program=list-domains&multiline=&json=1";
    let first = body(&server.api(query)).to_vec();
    assert_eq!(
        body(&server.api(query)),
        first,
        "the same call, the same bytes"
    );

    server.api("program=delete-domain&domain=vs00007.example.com");
    let after: Value = serde_json::from_slice(body(&server.api(query))).unwrap();
    assert_eq!(after["data"].as_array().unwrap().len(), 997);
    let xml = server.api_body("program=list-domains&multiline=&xml=1");
    assert!(
        !xml.contains("vs00007.example.com"),
        "another format is converted afresh"
    );
    assert!(xml.contains("vs00008.example.com"));
}
