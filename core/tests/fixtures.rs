//! Every reply recorded from real Virtualmin decodes to what it says.
//!
//! The fixture directory is listed, not a fixed set of names: a new `*.http` file without an
//! entry in `expectations` fails `every_fixture_meets_its_expectation`.

mod expectations;
mod support;

use std::panic::AssertUnwindSafe;

use support::{http_files, manifest, Fixture};

#[test]
fn every_fixture_meets_its_expectation() {
    let files = http_files();
    assert!(files.len() >= 160, "only {} fixtures found", files.len());

    let mut unknown = Vec::new();
    let mut failed = Vec::new();
    for file in &files {
        let fixture = Fixture::load(file);
        let result = fixture.decode();
        // Each file's assertion failure is printed as it happens; go on to report them all.
        let checked = std::panic::catch_unwind(AssertUnwindSafe(|| {
            expectations::check(file, fixture.format, &result)
        }));
        match checked {
            Ok(true) => {}
            Ok(false) => unknown.push(file.as_str()),
            Err(_) => failed.push(file.as_str()),
        }
    }
    assert!(
        failed.is_empty(),
        "fixtures not decoded as expected: {failed:?}"
    );
    assert!(
        unknown.is_empty(),
        "fixtures without expectations: {unknown:?}"
    );
}

#[test]
fn every_fixture_has_a_manifest_entry_with_its_status_and_type() {
    for file in http_files() {
        let fixture = Fixture::load(&file);
        let entry = &manifest()[&file];
        assert_eq!(
            Some(u64::from(fixture.reply.status)),
            entry["http_status"].as_u64(),
            "{file}"
        );
        // NB: `body_bytes` is not compared: a few files were edited after recording (their
        // bodies are some bytes shorter than the manifest says), which is harmless here.
        let content_type = entry["content_type"].as_str().expect("content_type");
        let sent = fixture.reply.header("Content-type").unwrap_or_default();
        assert_eq!(sent, content_type, "{file}");
    }
}

#[test]
fn raw_keeps_the_exact_body_bytes() {
    let fixture = Fixture::load("list-users.json-multiline.http");
    let response = fixture.decode().expect("success");
    assert_eq!(response.raw(), &fixture.reply.body[..]);
    assert!(std::str::from_utf8(response.raw())
        .unwrap()
        .contains("Carol Dürr"));
}

#[test]
fn calls_are_rebuilt_from_the_request_as_remote_cgi_reads_it() {
    use virtualmin_remote::{Call, Format};

    // Body first, then query; the format key is taken out; empty values are bare flags.
    let fixture = Fixture::load("params.post-body-and-query-combined.http");
    assert_eq!(
        fixture.call,
        Call::new("list-aliases")
            .arg("domain", "test.org")
            .flag("multiline")
    );
    assert_eq!(fixture.format, Format::Json);

    // json wins over xml, and xml=1 stays a flag, as on the server.
    let fixture = Fixture::load("params.json-and-xml.list-domains.http");
    assert_eq!(
        fixture.call,
        Call::new("list-domains").flag("name-only").arg("xml", "1")
    );

    let fixture = Fixture::load("list-domains.json-minified-multiline.http");
    assert_eq!(fixture.format, Format::JsonMinified);

    let fixture = Fixture::load("create-alias.newline-in-value.failure.plain.http");
    assert_eq!(
        fixture.call.args()[2],
        (
            "to".to_owned(),
            "dave@test.org\nexternal@elsewhere.example".to_owned()
        )
    );
}
