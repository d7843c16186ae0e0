//! A call across several test-server processes: one stopped, one slow.

mod common;

use std::time::{Duration, Instant};

use common::{builder, TestServer};
use virtualmin_remote::{Call, Client, ErrorKind, Fleet, Tls};

fn dead_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    format!(
        "https://127.0.0.1:{}",
        listener.local_addr().unwrap().port()
    )
}

#[test]
fn each_server_keeps_its_own_result_and_the_slowest_sets_the_pace() {
    let fast = TestServer::start(&["--seed", "--password", "Fast-Pass-1"]);
    let slow = TestServer::start(&["--delay-ms", "1500", "--password", "Slow-Pass-2"]);
    let other = TestServer::start(&["--delay-ms", "1000", "--password", "Other-Pass-3"]);
    let dead = Client::builder(dead_url())
        .tls(Tls::Insecure)
        .build()
        .unwrap();

    let fleet = Fleet::new()
        .with("fast", builder(&fast).build().unwrap())
        .unwrap()
        .with("dead", dead)
        .unwrap()
        .with("slow", builder(&slow).build().unwrap())
        .unwrap()
        .with("other", builder(&other).build().unwrap())
        .unwrap();

    let started = Instant::now();
    let results = fleet.run(&Call::new("list-domains").flag("name-only"));
    let took = started.elapsed();

    let names: Vec<&str> = results.iter().map(|r| r.server.as_str()).collect();
    assert_eq!(
        names,
        ["fast", "dead", "slow", "other"],
        "results keep the fleet's order"
    );
    let fast_names = results[0].result.as_ref().unwrap().names();
    assert!(fast_names.contains(&"example.com"), "{fast_names:?}");
    assert_eq!(
        results[1].result.as_ref().unwrap_err().kind(),
        ErrorKind::Connect
    );
    assert!(results[2].result.as_ref().unwrap().names().is_empty());
    assert!(results[3].result.is_ok());
    assert!(results[2].elapsed >= Duration::from_millis(1500));
    // The slowest server takes 1.5 s; in sequence the three live ones would take 2.5 s or more.
    assert!(took < Duration::from_millis(2400), "took {took:?}");

    for (server, password) in [
        (&fast, "Fast-Pass-1"),
        (&slow, "Slow-Pass-2"),
        (&other, "Other-Pass-3"),
    ] {
        let requests = server.requests();
        assert_eq!(requests.len(), 1);
        assert_eq!(
            requests[0]["auth_ok"], true,
            "only its own password reached {password}"
        );
    }
}

#[test]
fn in_flight_bound_holds() {
    let server = TestServer::start(&["--delay-ms", "300"]);
    let mut fleet = Fleet::new().max_in_flight(2);
    for i in 0..6 {
        fleet
            .add(format!("s{i}"), builder(&server).build().unwrap())
            .unwrap();
    }
    let results = fleet.run(&Call::new("list-domains").flag("name-only"));
    assert!(results.iter().all(|r| r.result.is_ok()));
    let stats = server.control("/_testserver/stats");
    assert_eq!(stats["max_in_flight"], 2, "{stats}");
}

#[test]
fn a_dead_server_is_reported_within_its_own_deadline() {
    let stalled = TestServer::start(&["--fault", "stall"]);
    let live = TestServer::start(&[]);
    let fleet = Fleet::new()
        .with(
            "stalled",
            builder(&stalled)
                .timeout(Duration::from_millis(800))
                .build()
                .unwrap(),
        )
        .unwrap()
        .with("live", builder(&live).build().unwrap())
        .unwrap();
    let started = Instant::now();
    let results = fleet
        .run_on(&["live", "stalled"], &Call::new("list-domains"))
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(results[0].server, "live");
    assert!(results[0].result.is_ok());
    assert_eq!(
        results[1].result.as_ref().unwrap_err().kind(),
        ErrorKind::Timeout
    );
}
