//! The client against the test server, as real processes over TLS: certificates, the wire,
//! the error kinds, faults and secrets.

mod common;

use std::time::{Duration, Instant};

use common::{builder, builder_as, capture_logs, captured_logs, client, TestServer};
use virtualmin_remote::{
    fetch_fingerprint, Call, Catalog, CheckMode, Client, ErrorKind, Format, Method, Tls,
};

fn create_domain(client: &Client, domain: &str) {
    let call = Call::new("create-domain")
        .arg("domain", domain)
        .arg("pass", "Dom1Secret")
        .arg("desc", "Test domain")
        .flag("unix")
        .flag("dir")
        .flag("mail");
    client.run(&call).unwrap();
}

// ---------------------------------------------------------------- TLS

#[test]
fn pinned_fingerprint_is_accepted() {
    let server = TestServer::start(&[]);
    let response = client(&server)
        .run(&Call::new("list-domains").flag("name-only"))
        .unwrap();
    assert_eq!(response.names(), Vec::<&str>::new());
}

#[test]
fn wrong_pin_fails_with_the_tls_kind() {
    let server = TestServer::start(&[]);
    let wrong = "00".repeat(32);
    let client = builder(&server)
        .tls(Tls::pinned(&wrong).unwrap())
        .build()
        .unwrap();
    let err = client.run(&Call::new("list-domains")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Tls, "{err}");
    assert!(err.to_string().contains("does not match"), "{err}");
    assert!(
        server.requests().is_empty(),
        "nothing may be sent before the pin is checked"
    );
}

#[test]
fn self_signed_server_without_pin_is_rejected() {
    let server = TestServer::start(&[]);
    let client = builder(&server).tls(Tls::Verify).build().unwrap();
    let err = client.run(&Call::new("list-domains")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Tls, "{err}");
}

#[test]
fn custom_ca_is_trusted() {
    let server = TestServer::start(&["--cert", "ca-signed"]);
    let ca = server
        .ca_file
        .clone()
        .expect("a ca-signed server reports its CA");
    let client = builder(&server)
        .tls(Tls::custom_ca_file(ca).unwrap())
        .build()
        .unwrap();
    client
        .run(&Call::new("list-domains").flag("name-only"))
        .unwrap();
}

#[test]
fn custom_ca_does_not_trust_another_certificate() {
    let signed = TestServer::start(&["--cert", "ca-signed"]);
    let other = TestServer::start(&[]);
    let ca = signed.ca_file.clone().unwrap();
    let client = builder(&other)
        .tls(Tls::custom_ca_file(ca).unwrap())
        .build()
        .unwrap();
    assert_eq!(
        client.run(&Call::new("list-domains")).unwrap_err().kind(),
        ErrorKind::Tls
    );
}

#[test]
fn insecure_mode_connects_and_warns() {
    capture_logs();
    let server = TestServer::start(&[]);
    let client = builder(&server).tls(Tls::Insecure).build().unwrap();
    client
        .run(&Call::new("list-domains").flag("name-only"))
        .unwrap();
    assert!(captured_logs()
        .iter()
        .any(|l| l.starts_with("WARN") && l.contains("insecure")));
}

#[test]
fn fetched_fingerprint_matches_and_pins() {
    let server = TestServer::start(&[]);
    let fingerprint = fetch_fingerprint(&server.url, Duration::from_secs(5)).unwrap();
    assert_eq!(fingerprint.to_string(), server.fingerprint);
    assert!(
        server.requests().is_empty(),
        "fetching a fingerprint sends no request"
    );
    let client = builder(&server)
        .tls(Tls::Pinned(fingerprint))
        .build()
        .unwrap();
    client
        .run(&Call::new("list-domains").flag("name-only"))
        .unwrap();
}

#[test]
fn tls_sessions_are_resumed_across_calls() {
    let server = TestServer::start(&[]);
    let client = client(&server);
    for _ in 0..4 {
        client
            .run(&Call::new("list-domains").flag("name-only"))
            .unwrap();
    }
    let stats = server.control("/_testserver/stats");
    assert_eq!(stats["handshakes"], 4, "{stats}");
    assert!(
        stats["resumed_handshakes"].as_u64().unwrap() >= 3,
        "{stats}"
    );
}

// ---------------------------------------------------------------- the wire

#[test]
fn post_carries_every_parameter_in_the_body_and_none_in_the_url() {
    let server = TestServer::start(&[]);
    let client = client(&server);
    create_domain(&client, "example.com");
    let call = Call::new("create-alias")
        .arg("domain", "example.com")
        .arg("from", "info")
        .arg("to", "alice@example.com")
        .arg("to", "bob+x@example.com");
    client.run(&call).unwrap();

    let request = server.last_request();
    assert_eq!(request["method"], "POST");
    assert_eq!(request["path"], "/virtual-server/remote.cgi");
    assert!(request["query"].is_null(), "{request}");
    assert_eq!(
        request["body"],
        "program=create-alias&domain=example.com&from=info&to=alice%40example.com\
         &to=bob%2Bx%40example.com&json=1"
    );
    assert_eq!(request["content_type"], "application/x-www-form-urlencoded");
    assert_eq!(request["auth_user"], "root");

    let aliases = client
        .run(
            &Call::new("list-aliases")
                .arg("domain", "example.com")
                .flag("multiline"),
        )
        .unwrap();
    let info = aliases
        .records()
        .into_iter()
        .find(|r| r.name().starts_with("info@"))
        .unwrap();
    assert_eq!(
        info.get_all("to").collect::<Vec<_>>(),
        ["alice@example.com", "bob+x@example.com"]
    );
}

#[test]
fn bare_flags_travel_as_empty_values() {
    let server = TestServer::start(&[]);
    client(&server)
        .run(&Call::new("list-domains").flag("multiline"))
        .unwrap();
    assert_eq!(
        server.last_request()["body"],
        "program=list-domains&multiline=&json=1"
    );
}

#[test]
fn get_puts_parameters_in_the_query_only() {
    let server = TestServer::start(&[]);
    let client = builder(&server).method(Method::Get).build().unwrap();
    client
        .run(
            &Call::new("list-domains")
                .flag("name-only")
                .format(Format::Text),
        )
        .unwrap();
    let request = server.last_request();
    assert_eq!(request["method"], "GET");
    assert_eq!(request["query"], "program=list-domains&name-only=");
    assert!(
        request["body"].is_null() || request["body"] == "",
        "{request}"
    );
}

#[test]
fn cloudmin_path_is_used_when_asked() {
    let server = TestServer::start(&[]);
    let client = builder(&server).cloudmin().build().unwrap();
    client
        .run(&Call::new("list-domains").flag("name-only"))
        .unwrap();
    assert_eq!(server.last_request()["path"], "/server-manager/remote.cgi");
}

#[test]
fn invalid_calls_send_nothing() {
    let server = TestServer::start(&[]);
    let err = client(&server)
        .run(&Call::new("create-alias").arg("to", "a\nb"))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Usage);
    assert!(server.requests().is_empty());
}

// ---------------------------------------------------------------- formats

#[test]
fn every_format_yields_the_same_response() {
    let server = TestServer::start(&["--seed"]);
    let client = client(&server);
    let calls = [
        Call::new("list-domains").flag("multiline"),
        Call::new("list-domains").flag("name-only"),
        Call::new("list-domains").flag("id-only"),
        Call::new("list-domains"),
        Call::new("list-users")
            .arg("domain", "example.com")
            .flag("multiline"),
        Call::new("list-users")
            .arg("domain", "example.com")
            .flag("name-only"),
        Call::new("list-aliases")
            .arg("domain", "example.com")
            .flag("multiline"),
        Call::new("get-command").arg("command", "create-alias"),
        Call::new("list-commands").flag("name-only"),
    ];
    for call in calls {
        let json = client.run(&call.clone().format(Format::Json)).unwrap();
        for format in [
            Format::JsonMinified,
            Format::Text,
            Format::Xml,
            Format::Perl,
        ] {
            let other = client.run(&call.clone().format(format)).unwrap();
            assert_eq!(json, other, "{call:?} in {format:?}");
        }
        assert!(json.data().is_some() || json.output().is_some(), "{call:?}");
    }
}

#[test]
fn every_format_yields_the_same_program_failure() {
    let server = TestServer::start(&[]);
    let client = client(&server);
    let call = Call::new("create-alias")
        .arg("domain", "nosuch.example")
        .arg("from", "info")
        .arg("to", "a@b.example");
    let json = client.run(&call.clone().format(Format::Json)).unwrap_err();
    assert_eq!(json.kind(), ErrorKind::ProgramFailed);
    assert_eq!(
        json.error_line(),
        Some("Virtual server nosuch.example does not exist")
    );
    for format in [
        Format::Text,
        Format::Xml,
        Format::Perl,
        Format::JsonMinified,
    ] {
        let err = client.run(&call.clone().format(format)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ProgramFailed, "{format:?}");
        assert_eq!(err.error_line(), json.error_line(), "{format:?}");
        assert_eq!(err.output(), json.output(), "{format:?}");
    }
    let text = client.run(&call.format(Format::Text)).unwrap_err();
    assert_eq!(text.exit_status(), Some(256));
}

#[test]
fn list_without_a_listing_mode_is_not_fake_records() {
    let server = TestServer::start(&["--seed"]);
    let client = builder(&server).auto_multiline(false).build().unwrap();
    for format in [Format::Json, Format::Text, Format::Xml, Format::Perl] {
        let response = client
            .run(&Call::new("list-domains").format(format))
            .unwrap();
        assert!(
            response.records().is_empty(),
            "table lines must not pose as records ({format:?})"
        );
        let table = response.output().expect("the table comes back as text");
        assert!(table.starts_with("Domain "), "{table}");
        assert!(table.contains("example.com"));
    }
    assert_eq!(server.last_request()["body"], "program=list-domains&perl=1");
}

#[test]
fn multiline_is_added_for_list_programs_without_a_mode() {
    let server = TestServer::start(&["--seed"]);
    let client = client(&server);

    let listed = client.run(&Call::new("list-domains")).unwrap();
    assert_eq!(
        server.last_request()["body"],
        "program=list-domains&multiline=&json=1"
    );
    assert!(listed.records().iter().any(|r| r.name() == "example.com"));

    client
        .run(&Call::new("list-domains").flag("name-only"))
        .unwrap();
    assert_eq!(
        server.last_request()["body"],
        "program=list-domains&name-only=&json=1"
    );
    client
        .run(
            &Call::new("list-users")
                .arg("domain", "example.com")
                .flag("email-only"),
        )
        .ok();
    assert!(!server.last_request()["body"]
        .as_str()
        .unwrap()
        .contains("multiline"));

    client
        .run(&Call::new("get-command").arg("command", "list-domains"))
        .unwrap();
    assert_eq!(
        server.last_request()["body"],
        "program=get-command&command=list-domains&json=1"
    );
    create_domain(&client, "new.example");
    assert!(!server.last_request()["body"]
        .as_str()
        .unwrap()
        .contains("multiline"));
}

#[test]
fn strict_checking_refuses_before_sending() {
    let server = TestServer::start(&[]);
    let client = builder(&server)
        .check_mode(CheckMode::Strict)
        .build()
        .unwrap();
    let err = client
        .run(&Call::new("list-domains").flag("nameonly"))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Usage);
    assert_eq!(err.flag(), Some("nameonly"));
    assert!(err.message().contains("did you mean --name-only?"), "{err}");
    assert!(server.requests().is_empty());
}

#[test]
fn live_catalog_matches_the_bundled_one() {
    let server = TestServer::start(&[]);
    let client = client(&server);
    let live = client.live_catalog().unwrap();
    let bundled = Catalog::bundled();
    assert_eq!(live.programs().count(), bundled.programs().count());
    for program in live.programs() {
        let known = bundled
            .program(&program.name)
            .expect("the server serves catalog programs");
        assert_eq!(program.category, known.category, "{}", program.name);
        let names = |p: &virtualmin_remote::catalog::ProgramSpec| -> Vec<(String, bool, bool)> {
            p.flags
                .iter()
                .map(|f| (f.name.clone(), f.takes_value, f.repeatable))
                .collect()
        };
        assert_eq!(names(program), names(known), "{}", program.name);
    }
    let again = client.live_catalog().unwrap();
    assert!(
        std::sync::Arc::ptr_eq(&live, &again),
        "the live catalog is cached per client"
    );
}

#[test]
fn created_domains_round_trip() {
    let server = TestServer::start(&[]);
    let client = client(&server);
    create_domain(&client, "round.example");
    let listed = client
        .run(&Call::new("list-domains").flag("multiline"))
        .unwrap();
    let records = listed.records();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].name(), "round.example");
    assert!(records[0].get("id").is_some());

    client
        .run(&Call::new("delete-domain").arg("domain", "round.example"))
        .unwrap();
    let names = client
        .run(&Call::new("list-domains").flag("name-only"))
        .unwrap();
    assert!(names.names().is_empty());
}

// ---------------------------------------------------------------- error kinds

/// The error `list-domains` gives as `user` (all the test server's users share one password).
fn list_domains_as(server: &TestServer, user: &str) -> virtualmin_remote::Error {
    builder_as(server, user)
        .build()
        .unwrap()
        .run(&Call::new("list-domains"))
        .unwrap_err()
}

#[test]
fn wrong_password_is_an_auth_error() {
    let server = TestServer::start(&[]);
    let client = builder(&server)
        .credentials("root", "not-the-password")
        .build()
        .unwrap();
    let err = client.run(&Call::new("list-domains")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth);
    assert_eq!(err.http_status(), Some(401));
}

#[test]
fn two_factor_account_is_an_auth_error_with_its_reason() {
    let server = TestServer::start(&[]);
    let err = list_domains_as(&server, "twofa");
    assert_eq!(err.kind(), ErrorKind::Auth);
    assert_eq!(err.reason(), Some("twofactor-required"));
}

#[test]
fn non_master_user_is_refused() {
    let server = TestServer::start(&[]);
    let err = list_domains_as(&server, "vmlimited");
    assert_eq!(err.kind(), ErrorKind::Refused);
    assert!(
        err.message().contains("not allowed to run remote commands"),
        "{err}"
    );
}

#[test]
fn user_without_the_module_is_refused() {
    let server = TestServer::start(&[]);
    let err = list_domains_as(&server, "nomodule");
    assert_eq!(err.kind(), ErrorKind::Refused, "{err}");
}

#[test]
fn five_failures_block_the_address() {
    let server = TestServer::start(&["--block-after", "5", "--block-seconds", "30"]);
    let bad = builder(&server)
        .credentials("root", "wrong")
        .build()
        .unwrap();
    for _ in 0..4 {
        assert_eq!(
            bad.run(&Call::new("list-domains")).unwrap_err().kind(),
            ErrorKind::Auth
        );
    }
    let fifth = bad.run(&Call::new("list-domains")).unwrap_err();
    assert_eq!(fifth.kind(), ErrorKind::Blocked, "{fifth}");
    let good = client(&server).run(&Call::new("list-domains")).unwrap_err();
    assert_eq!(
        good.kind(),
        ErrorKind::Blocked,
        "blocked even with the right password"
    );
    assert_eq!(good.http_status(), Some(403));
}

#[test]
fn unknown_program_is_refused() {
    let server = TestServer::start(&[]);
    let err = client(&server)
        .run(&Call::new("no-such-thing"))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Refused);
    assert!(
        err.message().contains("no-such-thing does not exist"),
        "{err}"
    );
}

#[test]
fn unknown_flag_is_a_program_failure() {
    let server = TestServer::start(&[]);
    let call = Call::new("list-domains")
        .arg("no-such-flag", "1")
        .format(Format::Text);
    let err = client(&server).run(&call).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ProgramFailed);
    assert_eq!(err.exit_status(), Some(256));
    assert!(
        err.error_line().unwrap().contains("no-such-flag"),
        "{err:?}"
    );
}

#[test]
fn wrong_path_is_an_auth_error_not_a_success() {
    let server = TestServer::start(&[]);
    let client = builder(&server)
        .path("/virtual-servr/remote.cgi")
        .build()
        .unwrap();
    let err = client.run(&Call::new("list-domains")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth, "{err}");
}

#[test]
fn plain_http_to_the_tls_port_is_an_http_error() {
    let server = TestServer::start(&[]);
    let url = server.url.replace("https://", "http://");
    let client = Client::builder(url)
        .credentials("root", server.password.as_str())
        .build()
        .unwrap();
    let err = client.run(&Call::new("list-domains")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Http, "{err}");
    assert_eq!(err.http_status(), Some(302));
}

// ---------------------------------------------------------------- faults

/// The test server's faults, and the kind of error each must give.
const FAULTS: [&str; 10] = [
    "close-before-headers",
    "reset-after-headers",
    "close-mid-body",
    "truncate",
    "garbage",
    "html-error",
    "status-500",
    "redirect",
    "trickle",
    "stall",
];
const FAULT_KINDS: [ErrorKind; 10] = [
    ErrorKind::Connect,
    ErrorKind::Protocol,
    ErrorKind::Protocol,
    ErrorKind::Protocol,
    ErrorKind::Protocol,
    ErrorKind::Protocol,
    ErrorKind::Http,
    ErrorKind::Http,
    ErrorKind::Timeout,
    ErrorKind::Timeout,
];

fn fault(name: &str, timeout: Duration) -> (virtualmin_remote::Error, Duration) {
    let server = TestServer::start(&["--fault", name]);
    let client = builder(&server).timeout(timeout).build().unwrap();
    let started = Instant::now();
    let err = client
        .run(
            &Call::new("list-domains")
                .flag("multiline")
                .format(Format::Text),
        )
        .unwrap_err();
    (err, started.elapsed())
}

#[test]
fn refused_connection_is_a_connect_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = Client::builder(format!("https://127.0.0.1:{port}"))
        .tls(Tls::Insecure)
        .build()
        .unwrap();
    assert_eq!(
        client.run(&Call::new("list-domains")).unwrap_err().kind(),
        ErrorKind::Connect
    );
}

#[test]
fn faults_map_to_their_kinds_within_the_deadline() {
    let timeout = Duration::from_secs(3);
    for (name, kind) in FAULTS.iter().zip(FAULT_KINDS) {
        let (err, took) = fault(name, timeout);
        assert_eq!(err.kind(), kind, "fault {name}: {err}");
        assert!(took < timeout * 2, "fault {name} took {took:?}");
    }
}

#[test]
fn delay_past_the_timeout_is_a_timeout() {
    let server = TestServer::start(&["--delay-ms", "3000"]);
    let client = builder(&server)
        .timeout(Duration::from_millis(700))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.run(&Call::new("list-domains")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert!(started.elapsed() < Duration::from_millis(2500));
}

#[test]
fn reply_over_the_size_limit_is_refused_while_reading() {
    let server = TestServer::start(&["--fault", "huge", "--huge-mb", "8"]);
    let client = builder(&server)
        .max_reply_bytes(1024 * 1024)
        .build()
        .unwrap();
    let err = client
        .run(&Call::new("list-domains").format(Format::Text))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Protocol);
    assert!(err.message().contains("larger than"), "{err}");
}

#[test]
fn redirect_is_not_followed() {
    let server = TestServer::start(&["--fault", "redirect"]);
    let err = client(&server).run(&Call::new("list-domains")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Http);
    assert_eq!(err.http_status(), Some(302));
    assert!(
        !err.to_string().contains('?'),
        "no query string in messages: {err}"
    );
    assert_eq!(
        server.requests().len(),
        1,
        "exactly one request, to the configured host"
    );
}

// ---------------------------------------------------------------- secrets

#[test]
fn password_appears_in_no_url_error_debug_or_log() {
    capture_logs();
    let server = TestServer::start(&[]);
    let password = server.password.clone();
    let client = client(&server);
    let mut texts = vec![format!("{client:?}")];

    let failing = [
        Call::new("no-such-thing"),
        Call::new("create-alias")
            .arg("domain", "nosuch.example")
            .arg("from", "x")
            .arg("to", "y@z.example"),
        Call::new("list-domains").arg("bad flag", "x"),
    ];
    for call in &failing {
        let err = client.run(call).unwrap_err();
        texts.push(err.to_string());
        texts.push(format!("{err:?}"));
        texts.push(
            client
                .preview(call)
                .map(|p| p.to_string())
                .unwrap_or_default(),
        );
    }
    let wrong = builder(&server)
        .credentials("root", "wrong-".to_owned() + &password)
        .build()
        .unwrap();
    let err = wrong.run(&Call::new("list-domains")).unwrap_err();
    texts.push(err.to_string());
    texts.push(format!("{err:?} {wrong:?}"));

    for user in ["twofa", "vmlimited", "nomodule"] {
        let other = builder_as(&server, user).build().unwrap();
        let err = other.run(&Call::new("list-domains")).unwrap_err();
        texts.push(format!("{err} {err:?} {other:?}"));
    }
    for tls in [Tls::pinned(&"00".repeat(32)).unwrap(), Tls::Verify] {
        let err = builder(&server)
            .tls(tls)
            .build()
            .unwrap()
            .run(&Call::new("info"))
            .unwrap_err();
        texts.push(format!("{err} {err:?}"));
    }
    let strict = builder(&server)
        .check_mode(CheckMode::Strict)
        .build()
        .unwrap();
    let err = strict.run(&Call::new("list-domain")).unwrap_err();
    texts.push(format!("{err} {err:?} {strict:?}"));

    // Every fault of the test server, each on a server of its own with the same password.
    for name in FAULTS {
        let (err, _) = fault(name, Duration::from_secs(2));
        texts.push(format!("{err} {err:?}"));
    }

    for request in server.requests() {
        assert!(!request["path"].as_str().unwrap().contains(&password));
        assert!(request["query"].is_null());
        texts.push(request.to_string());
    }
    texts.extend(captured_logs());
    assert_eq!(base64_of("root:pw"), "cm9vdDpwdw==");
    let basic = base64_of(&format!("root:{password}"));
    for text in texts {
        assert!(!text.contains(&password), "password leaked into: {text}");
        assert!(
            !text.contains(&basic),
            "the Authorization value leaked into: {text}"
        );
    }
}

/// Standard base64, to look for the `Authorization: Basic` value of the test credentials.
fn base64_of(text: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(text)
}

// ---------------------------------------------------------------- retries

/// A listener that closes every connection at once and counts them.
fn closing_listener() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let count = std::sync::Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(20) {
            seen.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    (url, count)
}

#[test]
fn connect_failures_of_reading_programs_are_retried_when_asked() {
    use std::sync::atomic::Ordering;
    let (url, count) = closing_listener();
    let client = Client::builder(&url).retries(2).build().unwrap();

    let err = client
        .run(&Call::new("list-domains").flag("name-only"))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Connect, "{err}");
    assert_eq!(count.load(Ordering::SeqCst), 3, "one try and two retries");

    let err = client
        .run(&Call::new("create-domain").arg("domain", "x.example"))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Connect);
    assert_eq!(
        count.load(Ordering::SeqCst),
        4,
        "a program that changes things is sent once"
    );

    let plain = Client::builder(&url).build().unwrap();
    plain.run(&Call::new("list-domains")).unwrap_err();
    assert_eq!(count.load(Ordering::SeqCst), 5, "no retries unless asked");
}

#[test]
fn auth_failures_are_never_retried() {
    let server = TestServer::start(&[]);
    let client = builder(&server)
        .credentials("root", "wrong")
        .retries(5)
        .build()
        .unwrap();
    assert_eq!(
        client.run(&Call::new("list-domains")).unwrap_err().kind(),
        ErrorKind::Auth
    );
    assert_eq!(server.control("/_testserver/stats")["api_requests"], 1);
}

// ---------------------------------------------------------------- header limits

/// A plain-HTTP listener that answers one connection with `reply`, after reading the request.
fn one_reply(reply: Vec<u8>) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    std::thread::spawn(move || {
        if let Ok((mut stream, _)) = listener.accept() {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let _ = stream.write_all(&reply);
        }
    });
    url
}

/// Sends `reply` to a call and asserts that the client refuses it as a Protocol error.
fn assert_refused_as_protocol(reply: Vec<u8>) {
    let client = Client::builder(one_reply(reply)).build().unwrap();
    let err = client.run(&Call::new("info")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Protocol, "{err}");
}

const REPLY_TAIL: &[u8] = b"Content-type: text/plain\r\n\r\nok\n\nExit status: 0\n";

#[test]
fn too_many_response_headers_are_a_protocol_error() {
    let mut reply = b"HTTP/1.0 200 Document follows\r\n".to_vec();
    for i in 0..500 {
        reply.extend_from_slice(format!("X-Filler-{i}: x\r\n").as_bytes());
    }
    reply.extend_from_slice(REPLY_TAIL);
    assert_refused_as_protocol(reply);
}

#[test]
fn oversized_response_headers_are_a_protocol_error() {
    let mut reply = b"HTTP/1.0 200 Document follows\r\nX-Long: ".to_vec();
    reply.extend(std::iter::repeat_n(b'a', 200 * 1024));
    reply.extend_from_slice(b"\r\n");
    reply.extend_from_slice(REPLY_TAIL);
    assert_refused_as_protocol(reply);
}
