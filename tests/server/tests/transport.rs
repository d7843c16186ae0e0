//! miniserv's side of the wire: authentication and its refusals, the failed-login block,
//! methods, paths, and parameters as remote.cgi reads them.

mod common;

use std::time::{Duration, Instant};

use common::{assert_same_any_order, assert_same_as, basic, body, fixture, head, Server};

fn get_with_password(server: &Server, user: &str, password: &str) -> Vec<u8> {
    let request = format!(
        "GET /virtual-server/remote.cgi?program=list-domains HTTP/1.1\r\nHost: 127.0.0.1\r\n{}\r\n",
        basic(user, password)
    );
    server.raw(request.as_bytes())
}

#[test]
fn missing_wrong_and_unknown_credentials_get_the_recorded_401() {
    let server = Server::seeded();
    assert_same_as(
        &server.get_as("/virtual-server/remote.cgi?program=list-domains", None),
        "auth.no-auth-header.http",
    );
    assert_same_as(
        &server.get_as(
            "/virtual-server/remote.cgi?program=list-domains&json=1",
            None,
        ),
        "auth.no-auth-header.json.http",
    );
    assert_same_as(
        &get_with_password(&server, "root", "wrong"),
        "auth.wrong-password.http",
    );
    assert_same_as(
        &get_with_password(&server, "nosuchuser", "wrong"),
        "auth.unknown-user.http",
    );
    let bearer = server.raw(
        b"GET /virtual-server/remote.cgi?program=list-domains HTTP/1.0\r\n\
          Authorization: Bearer x\r\n\r\n",
    );
    assert!(bearer.starts_with(b"HTTP/1.0 401 Unauthorized\r\n"));
}

#[test]
fn the_special_users_are_refused_as_the_real_ones_are() {
    let server = Server::seeded();
    let api = "/virtual-server/remote.cgi";
    assert_same_as(
        &server.get_as(&format!("{api}?program=list-domains"), Some("vmlimited")),
        "auth.non-master.plain.http",
    );
    assert_same_as(
        &server.get_as(
            &format!("{api}?program=list-domains&json=1"),
            Some("vmlimited"),
        ),
        "auth.non-master.json.http",
    );
    assert_same_as(
        &server.get_as(
            &format!("{api}?program=list-domains&xml=1"),
            Some("vmlimited"),
        ),
        "auth.non-master.xml.http",
    );
    assert_same_as(
        &server.get_as(api, Some("vmlimited")),
        "auth.non-master.no-program.http",
    );

    let page = server.get_as(&format!("{api}?program=list-domains"), Some("nomodule"));
    let recorded = String::from_utf8(fixture("auth.user-without-module.http")).unwrap();
    let recorded = recorded
        .replace(">bob<", ">nomodule<")
        .replace("bob logged", "nomodule logged");
    assert_same_as_text(&page, &recorded);

    let twofa = server.get_as(&format!("{api}?program=list-domains"), Some("twofa"));
    assert!(head(&twofa).starts_with("HTTP/1.0 401 Unauthorized\n"));
    assert!(head(&twofa).contains("\nX-Webmin-Auth-Error: twofactor-required\n"));
    let wrong = get_with_password(&server, "twofa", "wrong");
    assert!(
        !head(&wrong).contains("X-Webmin-Auth-Error"),
        "a wrong password is a plain 401"
    );
}

fn assert_same_as_text(reply: &[u8], recorded: &str) {
    assert_eq!(head(reply), head(recorded.as_bytes()));
    assert_eq!(
        String::from_utf8_lossy(body(reply)),
        String::from_utf8_lossy(body(recorded.as_bytes()))
    );
}

#[test]
fn failures_block_the_address_until_the_block_expires() {
    let server = Server::start(&["--plain", "--block-after", "3", "--block-seconds", "1"]);
    let good = |s: &Server| get_with_password(s, "root", &s.password.clone());

    // A success resets the count.
    get_with_password(&server, "root", "wrong");
    get_with_password(&server, "root", "wrong");
    assert!(good(&server).starts_with(b"HTTP/1.0 200 "));
    get_with_password(&server, "root", "wrong");
    assert!(get_with_password(&server, "root", "wrong").starts_with(b"HTTP/1.0 401 "));

    assert_same_as(
        &get_with_password(&server, "root", "wrong"),
        "auth.blocked.5th-failure.http",
    );
    assert_same_as(&good(&server), "auth.blocked.correct-password.http");
    let control = server.control("/_testserver/stats");
    assert!(
        control["requests"].as_u64().unwrap() >= 6,
        "control endpoints stay open: {control}"
    );

    std::thread::sleep(Duration::from_millis(1200));
    assert!(
        good(&server).starts_with(b"HTTP/1.0 200 "),
        "the block has expired"
    );
}

#[test]
fn each_failure_is_delayed_by_its_rank() {
    let server = Server::start(&["--plain", "--fail-delay-ms", "150"]);
    let timed = || {
        let started = Instant::now();
        get_with_password(&server, "root", "wrong");
        started.elapsed()
    };
    let first = timed();
    let second = timed();
    assert!(first >= Duration::from_millis(150), "{first:?}");
    assert!(second >= Duration::from_millis(300), "{second:?}");
    let started = Instant::now();
    server.api("program=list-domains&name-only=");
    assert!(
        started.elapsed() < Duration::from_millis(150),
        "a success is not delayed"
    );
}

#[test]
fn methods_are_handled_like_miniserv() {
    let server = Server::seeded();
    let auth = basic("root", &server.password);
    let put = format!(
        "PUT /virtual-server/remote.cgi?program=list-domains&name-only= HTTP/1.1\r\n{auth}\r\n"
    );
    assert_same_as(&server.raw(put.as_bytes()), "transport.put-method.http");
    let head_request = format!(
        "HEAD /virtual-server/remote.cgi?program=list-domains&name-only= HTTP/1.1\r\n{auth}\r\n"
    );
    assert_same_as(
        &server.raw(head_request.as_bytes()),
        "transport.head-method.http",
    );
    let keepalive = format!(
        "GET /virtual-server/remote.cgi?program=list-domains\
            &name-only= HTTP/1.1\r\n{auth}Connection: keep-alive\r\n\r\n"
    );
    assert_same_as(
        &server.raw(keepalive.as_bytes()),
        "transport.keepalive-requested.http",
    );
    let old = format!(
        "GET /virtual-server/remote.cgi?program=list-domains&name-only= HTTP/1.0\n{auth}\n"
    );
    assert_same_as(
        &server.raw(old.as_bytes()),
        "transport.keepalive-requested.http",
    );
}

#[test]
fn paths_other_than_remote_cgi_answer_the_login_page() {
    let server = Server::seeded();
    for (target, user, recorded) in [
        (
            "/virtual-servr/remote.cgi?program=list-domains",
            Some("root"),
            "path.module-misspelled.http",
        ),
        (
            "/virtual-servr/remote.cgi?program=list-domains",
            None,
            "path.module-misspelled.noauth.http",
        ),
        (
            "/virtual-server/remot.cgi?program=list-domains",
            Some("root"),
            "path.remote-cgi-misspelled.http",
        ),
        ("/", Some("root"), "path.root.basic-auth.http"),
    ] {
        assert_same_as(&server.get_as(target, user), recorded);
    }
    let table = body(&fixture("list-domains.plain.http")).to_vec();
    for target in [
        "/virtual-server/remote.cgi/?program=list-domains",
        "//virtual-server/remote.cgi?program=list-domains",
        "/server-manager/remote.cgi?program=list-domains",
    ] {
        assert_eq!(
            body(&server.get_as(target, Some("root"))),
            &table[..],
            "{target}"
        );
    }
}

#[test]
fn bad_requests_get_400_and_the_server_carries_on() {
    let server = Server::seeded();
    for garbage in [
        &b"\x16\x03\x01\x00\x05hello\r\n\r\n"[..],
        b"NOT HTTP AT ALL\r\n\r\n",
        b"GET\r\n\r\n",
    ] {
        let reply = server.raw(garbage);
        assert!(
            reply.starts_with(b"HTTP/1.0 400 "),
            "{}",
            String::from_utf8_lossy(&reply)
        );
    }
    let huge_head = format!("GET /{} HTTP/1.0\r\n\r\n", "a".repeat(70 * 1024));
    assert!(server
        .raw(huge_head.as_bytes())
        .starts_with(b"HTTP/1.0 400 "));
    assert!(server
        .api("program=list-domains")
        .starts_with(b"HTTP/1.0 200 "));
}

#[test]
fn post_body_and_query_are_merged_body_first() {
    let server = Server::seeded();
    let body_text = "program=list-aliases&domain=test.org";
    let request = format!(
        "POST /virtual-server/remote.cgi?json=1&multiline= HTTP/1.1\r\n{}Content-Type: \
         application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body_text}",
        basic("root", &server.password),
        body_text.len()
    );
    assert_same_any_order(
        &server.raw(request.as_bytes()),
        "params.post-body-and-query-combined.http",
    );

    // A GET's body is not read.
    let request = format!(
        "GET /virtual-server/remote.cgi HTTP/1.1\r\n{}Content-Length: 20\r\n\r\n\
         program=list-domains",
        basic("root", &server.password)
    );
    assert_same_as(&server.raw(request.as_bytes()), "no-program.http");
}
