//! Replies compared with the recordings of a real Webmin 2.660 + Virtualmin 8.1: byte for byte
//! where the real server is deterministic, up to hash order where Perl's hash order is random.

mod common;

use common::{assert_same_any_order, assert_same_as, body, fixture, Server};

#[test]
fn seeded_listings_are_byte_for_byte_the_recorded_ones() {
    let server = Server::seeded();
    let cases = [
        ("program=list-domains", "list-domains.plain.http"),
        (
            "program=list-domains&multiline=",
            "list-domains.multiline.http",
        ),
        (
            "program=list-domains&simple-multiline=",
            "list-domains.simple-multiline.http",
        ),
        (
            "program=list-domains&name-only=",
            "list-domains.name-only.http",
        ),
        (
            "program=list-domains&name-only",
            "params.flag-no-equals.list-domains.http",
        ),
        ("program=list-domains&id-only=", "list-domains.id-only.http"),
        (
            "program=list-domains&user-only=",
            "list-domains.user-only.http",
        ),
        (
            "program=list-domains&toplevel=",
            "list-domains.toplevel.plain.http",
        ),
        (
            "program=list-domains&domain=example.com&domain=test.org&name-only=",
            "params.repeated-key.list-domains.http",
        ),
        ("program=list-domains&xml=1", "list-domains.xml.http"),
        (
            "program=list-domains&xml=1&multiline=",
            "list-domains.xml-multiline.http",
        ),
        (
            "program=list-users&domain=example.com",
            "list-users.plain.http",
        ),
        (
            "program=list-users&domain=example.com&multiline=",
            "list-users.multiline.http",
        ),
        (
            "program=list-users&domain=example.com&name-only=",
            "list-users.name-only.http",
        ),
        (
            "program=list-users&domain=example.com&xml=1&multiline=",
            "list-users.xml-multiline.http",
        ),
        (
            "program=list-aliases&domain=example.com",
            "list-aliases.plain.http",
        ),
        (
            "program=list-aliases&domain=example.com&multiline=",
            "list-aliases.multiline.http",
        ),
        (
            "program=list-aliases&domain=example.com&name-only=",
            "list-aliases.name-only.http",
        ),
        (
            "program=list-aliases&domain=example.com&xml=1",
            "list-aliases.xml.http",
        ),
        ("program=list-commands", "list-commands.plain.http"),
        (
            "program=list-commands&name-only=",
            "list-commands.name-only.http",
        ),
        (
            "program=get-command&command=list-domains",
            "get-command.list-domains.plain.http",
        ),
        (
            "program=get-command&command=create-alias&xml=1",
            "get-command.create-alias.xml.http",
        ),
    ];
    for (query, recorded) in cases {
        assert_same_as(&server.api(query), recorded);
    }
}

#[test]
fn json_and_perl_replies_match_the_recordings_up_to_hash_order() {
    let server = Server::seeded();
    let cases = [
        ("program=list-domains&json=1", "list-domains.json.http"),
        (
            "program=list-domains&json=1&multiline=",
            "list-domains.json-multiline.http",
        ),
        (
            "program=list-domains&json=1&name-only=",
            "list-domains.json-name-only.http",
        ),
        (
            "program=list-domains&json=1&id-only=",
            "list-domains.json-id-only.http",
        ),
        (
            "program=list-domains&json=1&name-only=&simple-multiline=",
            "list-domains.json-name-only-simple-multiline.http",
        ),
        ("program=list-domains&perl=1", "list-domains.perl.http"),
        (
            "program=list-domains&perl=1&multiline=",
            "list-domains.perl-multiline.http",
        ),
        (
            "program=list-users&domain=example.com&json=1",
            "list-users.json.http",
        ),
        (
            "program=list-users&domain=example.com&json=1&multiline=",
            "list-users.json-multiline.http",
        ),
        (
            "program=list-users&domain=example.com&perl=1&multiline=",
            "list-users.perl-multiline.http",
        ),
        (
            "program=list-aliases&domain=example.com&json=1&multiline=",
            "list-aliases.json-multiline.http",
        ),
        (
            "program=list-commands&json=1&multiline=",
            "list-commands.json-multiline.http",
        ),
        ("program=list-commands&json=1", "list-commands.json.http"),
        (
            "program=get-command&command=list-domains&json=1",
            "get-command.list-domains.json.http",
        ),
        (
            "program=get-command&command=create-domain&json=1",
            "get-command.create-domain.json.http",
        ),
        (
            "program=get-command&command=nonexistent&json=1",
            "get-command.missing.json.http",
        ),
        (
            "program=list-domains&nosuchflag=&json=1",
            "failure.unknown-flag.json.http",
        ),
        (
            "program=list-domains&name-only=1&json=1",
            "params.flag-with-value-1.list-domains.json.http",
        ),
        (
            "program=list-domains&name-only=&json=1&xml=1",
            "params.json-and-xml.list-domains.http",
        ),
        (
            "program=no-such-thing&json=1",
            "nonexistent-program.json.http",
        ),
        ("program=..%2Fetc&perl=1", "invalid-program-name.perl.http"),
    ];
    for (query, recorded) in cases {
        assert_same_any_order(&server.api(query), recorded);
    }

    // The minified form is one line; its data is the pretty one's.
    let minified = server.api("program=list-domains&json=minified&multiline=");
    let compact = body(&minified);
    assert_eq!(compact.iter().filter(|&&b| b == b'\n').count(), 1);
    let recorded = fixture("list-domains.json-minified-multiline.http");
    let parse = |bytes: &[u8]| serde_json::from_slice::<serde_json::Value>(bytes).unwrap();
    assert_eq!(parse(compact), parse(body(&recorded)));
}

#[test]
fn failures_print_their_error_line_then_usage_with_exit_256() {
    let server = Server::seeded();
    let cases = [
        (
            "program=list-domains&nosuchflag=",
            "failure.unknown-flag.plain.http",
        ),
        (
            "program=list-domains&name-only=1",
            "params.flag-with-value-1.list-domains.http",
        ),
        (
            "program=create-domain&domain=example.com&pass=Whatever1&unix=&dir=",
            "failure.create-domain-duplicate.plain.http",
        ),
        (
            "program=create-domain&domain=bad_dom%21&pass=x&dir=&unix=",
            "failure.invalid-domain-name.plain.http",
        ),
        (
            "program=create-domain&help=",
            "usage-error.create-domain-help.http",
        ),
        (
            "program=create-alias&domain=nosuch.example&from=info&to=alice%40example.com",
            "create-alias.missing-domain.plain.http",
        ),
        (
            "program=create-alias&domain=nosuch.example&from=info&to=alice%40example.com&xml=1",
            "create-alias.missing-domain.xml.http",
        ),
        (
            "program=create-domain&domain=example.com&pass=Whatever1&unix=&dir=&xml=1",
            "failure.create-domain-duplicate.xml.http",
        ),
        (
            "program=create-alias&domain=test.org&from=team\
                &to=dave%40test.org%0Aexternal%40elsewhere.example",
            "create-alias.newline-in-value.failure.plain.http",
        ),
        (
            "program=list-users&domain=nosuch.example",
            "list-users.missing-domain.plain.http",
        ),
        (
            "program=list-users&domain=nosuch.example&xml=1",
            "list-users.missing-domain.xml.http",
        ),
        ("program=list-users", "list-users.no-domain-arg.plain.http"),
        (
            "program=list-aliases&domain=nosuch.example",
            "list-aliases.missing-domain.plain.http",
        ),
        (
            "program=list-aliases&domain=nosuch.example\
            &xml=1",
            "list-aliases.missing-domain.xml.http",
        ),
    ];
    for (query, recorded) in cases {
        assert_same_as(&server.api(query), recorded);
    }
    let cases = [
        (
            "program=create-alias&domain=nosuch.example&from=info&to=alice%40example.com&json=1",
            "create-alias.missing-domain.json.http",
        ),
        (
            "program=create-alias&domain=nosuch.example&from=info&to=alice%40example.com&perl=1",
            "create-alias.missing-domain.perl.http",
        ),
        (
            "program=create-domain&domain=example.com&pass=Whatever1&unix=&dir=&perl=1",
            "failure.create-domain-duplicate.perl.http",
        ),
        (
            "program=create-domain&domain=example.com&pass=Whatever1&unix=&dir=&json=1",
            "failure.create-domain-duplicate.json.http",
        ),
        (
            "program=list-users&domain=nosuch.example&json=1",
            "list-users.missing-domain.json.http",
        ),
        (
            "program=get-command&command=create-user&json=1",
            "get-command.create-user.parse-failure.json.http",
        ),
    ];
    for (query, recorded) in cases {
        assert_same_any_order(&server.api(query), recorded);
    }
}

#[test]
fn remote_cgi_refusals_and_help_match_the_recordings() {
    let server = Server::seeded();
    let cases = [
        ("program=no-such-thing", "nonexistent-program.http"),
        (
            "program=no-such-thing&xml=1",
            "nonexistent-program.xml.http",
        ),
        (
            "program=..%2Fetc%2Fpasswd",
            "invalid-program-name.encoded-slash.http",
        ),
        (
            "program=list-domains&program=list-users",
            "program-twice.http",
        ),
        ("program=has%20space&xml=1", "invalid-program-name.xml.http"),
        (
            "program=virtual-server-lib",
            "internal-script.virtual-server-lib.http",
        ),
        ("program=module.info", "internal-script.module-info.http"),
        ("", "no-program.http"),
    ];
    for (query, recorded) in cases {
        assert_same_as(&server.api(query), recorded);
    }
    assert_same_as(
        &server.post("program=no-such-thing"),
        "nonexistent-program.http",
    );
    let multipart = "--XyZ\r\nContent-Disposition: form-data; name=\"program\"\r\n\r\n\
                     list-domains\r\n--XyZ--\r\n";
    assert_same_as(&server.post(multipart), "transport.post-multipart.http");
    assert_same_as(&server.post(""), "no-program.POST.http");
}

#[test]
fn mutations_round_trip_with_the_recorded_messages() {
    let server = Server::start(&["--plain"]);
    let steps = [
        (
            "program=create-domain&domain=example.com&pass=Dom1Secret&desc=Example+Corp+site\
                &unix=&dir=&mail=&mysql=&webmin=",
            "create-domain.success.plain.http",
        ),
        (
            "program=create-domain&domain=sub.example.com&parent=example.com\
                &desc=Sub+server+of+example.com&dir=&mail=",
            "create-domain.subserver.plain.http",
        ),
        (
            "program=create-domain&domain=example.net&alias=example.com&desc=Alias+of+example.com\
                &dir=&mail=",
            "create-domain.alias.plain.http",
        ),
        (
            "program=create-user&domain=example.com&user=alice&pass=Mbox1Secret&real=Alice+Smith",
            "create-user.success.plain.http",
        ),
        (
            "program=create-alias&domain=example.com&from=info&to=alice%40example.com\
                &to=bob%40example.com",
            "create-alias.success.plain.http",
        ),
    ];
    for (body, recorded) in steps {
        assert_same_as(&server.post(body), recorded);
    }
    assert_same_any_order(
        &server.post(
            "program=create-domain&domain=test.org&pass=Dom2Secret\
            &desc=Test+organisation&unix=&dir=&mail=&webmin=&json=1",
        ),
        "create-domain.success.json.http",
    );
    assert_same_as(
        &server.post(
            "program=create-user&domain=example.com&user=carol&pass=Mbox3Secret\
            &real=Carol+D%C3%BCrr&mysql=example&xml=1",
        ),
        "create-user.success.xml.http",
    );
    assert_same_as(
        &server.api("program=create-alias&domain=test.org&from=hello&to=dave%40test.org"),
        "params.plus-and-percent-encoding.create-alias.http",
    );
    assert_same_as(
        &server.api("program=delete-alias&domain=test.org&from=hello"),
        "delete-alias.success.plain.http",
    );
    assert_same_any_order(
        &server.post("program=delete-user&domain=example.com&user=nobody&json=1"),
        "failure.delete-user-missing.json.http",
    );
    let listed = server.api_body("program=list-domains&name-only=");
    assert_eq!(
        listed,
        "example.com\nsub.example.com\nexample.net\ntest.org\n\nExit status: 0\n"
    );

    let deleted = server.post("program=delete-domain&domain=example.com");
    assert!(body(&deleted).ends_with(b".. deleted\n\n\nExit status: 0\n"));
    assert_eq!(
        server.api_body("program=list-domains&name-only="),
        "test.org\n\nExit status: 0\n"
    );
    assert_eq!(
        server.api_body("program=list-users&domain=example.com&name-only="),
        "Virtual server example.com does not exist\n\n".to_owned()
            + &String::from_utf8_lossy(body(&fixture("list-users.missing-domain.plain.http")))
                ["Virtual server nosuch.example does not exist\n\n".len()..]
    );
}

#[test]
fn an_empty_server_lists_like_the_recordings_before_any_domain() {
    let server = Server::start(&["--plain"]);
    assert_same_as(
        &server.api("program=list-domains"),
        "zero-domains.list-domains.plain.http",
    );
    assert_same_as(
        &server.api("program=list-domains&name-only="),
        "zero-domains.list-domains.name-only.http",
    );
    assert_same_any_order(
        &server.api("program=list-domains&json=1"),
        "zero-domains.list-domains.json.http",
    );
    assert_same_any_order(
        &server.api("program=list-domains&json=1&name-only="),
        "zero-domains.list-domains.json-name-only.http",
    );
}
