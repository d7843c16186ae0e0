//! The same call recorded in several formats decodes to equal results.
//!
//! Each group below is one request sent with json, json=minified, no format (text), xml and
//! perl. `Response` equality compares program, data and output, so a group passes only if the
//! decoders agree on every record, key, value and character of text. Where real recordings
//! legitimately differ (taken at different moments, or a format that has lost information on the
//! server), the comment says why and the test asserts what still holds.

mod support;

use support::{decode, expect_ok};
use virtualmin_remote::{Error, Response};

/// Every file decodes to a response equal to the first one's.
fn assert_same_response(files: &[&str]) {
    let first = decode(files[0]);
    let first = expect_ok(files[0], &first);
    for file in &files[1..] {
        let other = decode(file);
        let other = expect_ok(file, &other);
        assert_eq!(other, first, "{file} differs from {}", files[0]);
    }
}

/// What an error has to say whatever the format: exit status and message wording differ (only
/// text carries the status), the rest must not.
fn error_essence(file: &str) -> (String, Option<String>, Option<String>) {
    let err: Error = decode(file).expect_err(file);
    (
        err.kind().name().to_owned(),
        err.error_line().map(str::to_owned),
        err.output().map(str::to_owned),
    )
}

fn assert_same_error(files: &[&str]) {
    let first = error_essence(files[0]);
    for file in &files[1..] {
        assert_eq!(
            error_essence(file),
            first,
            "{file} differs from {}",
            files[0]
        );
    }
}

fn assert_same_refusal(files: &[&str]) {
    let message = |file: &str| {
        let err = decode(file).expect_err(file);
        (err.kind(), err.message().to_owned())
    };
    let first = message(files[0]);
    for file in &files[1..] {
        assert_eq!(message(file), first, "{file} differs from {}", files[0]);
    }
}

#[test]
fn list_aliases_multiline_is_equal_in_every_format() {
    assert_same_response(&[
        "list-aliases.json-multiline.http",
        "list-aliases.multiline.http",
        "list-aliases.xml-multiline.http",
        "list-aliases.perl-multiline.http",
    ]);
}

#[test]
fn large_alias_listing_is_equal_in_every_format() {
    assert_same_response(&[
        "large.list-aliases.json-multiline.http",
        "large.list-aliases.multiline.http",
        "large.list-aliases.xml-multiline.http",
    ]);
}

#[test]
fn list_domains_multiline_is_equal_in_every_format() {
    assert_same_response(&[
        "list-domains.json-multiline.http",
        "list-domains.json-multiline.POST.http",
        "list-domains.json-minified-multiline.http",
        "list-domains.multiline.http",
        "list-domains.perl-multiline.http",
        "list-domains.xml-multiline.http",
    ]);
}

#[test]
fn list_users_multiline_is_equal_in_every_format() {
    assert_same_response(&[
        "list-users.json-multiline.http",
        "list-users.multiline.http",
        "list-users.perl-multiline.http",
        "list-users.xml-multiline.http",
    ]);
}

#[test]
fn name_only_listings_are_equal_in_json_and_text() {
    assert_same_response(&[
        "list-domains.name-only.http",
        "list-domains.json-name-only.http",
        "transport.ipv6.list-domains.json-name-only.http",
        "params.flag-empty-value.list-domains.http",
        "params.flag-no-equals.list-domains.http",
        "transport.keepalive-requested.http",
        "transport.head-method.http",
        "auth.blocked.http-instance-unaffected.http",
    ]);
    assert_same_response(&[
        "list-domains.id-only.http",
        "list-domains.json-id-only.http",
    ]);
    assert_same_response(&[
        "list-users.name-only.http",
        "list-users.json-name-only.http",
    ]);
    assert_same_response(&[
        "list-commands.name-only.http",
        "list-commands.json-name-only.http",
    ]);
    assert_same_response(&[
        "zero-domains.list-domains.name-only.http",
        "zero-domains.list-domains.json-name-only.http",
    ]);
}

#[test]
fn tables_without_multiline_are_the_same_text_in_every_format() {
    assert_same_response(&[
        "list-domains.plain.http",
        "list-domains.json.http",
        "list-domains.xml.http",
        "list-domains.perl.http",
    ]);
    assert_same_response(&[
        "list-aliases.plain.http",
        "list-aliases.json.http",
        "list-aliases.xml.http",
    ]);
    assert_same_response(&["list-users.plain.http", "list-users.json.http"]);
    assert_same_response(&[
        "zero-domains.list-domains.plain.http",
        "zero-domains.list-domains.json.http",
    ]);
    // Recorded after modify-domain renamed test.org's description, so not equal to the group
    // above, but equal among themselves whatever the path or port used.
    assert_same_response(&[
        "auth.webmin-user-default-acl.http",
        "path.double-slash.http",
        "path.trailing-slash.http",
        "transport.http-instance.list-domains.http",
    ]);
}

#[test]
fn table_rebuilt_from_json_lacks_only_blank_and_continuation_lines() {
    // list-commands' table has blank lines between sections and indented continuation lines.
    // The server's converter drops both before the client sees the JSON, so the JSON table is
    // shorter than the text one: what holds is that it is exactly the text's other lines.
    let text = decode("list-commands.plain.http");
    let json = decode("list-commands.json.http");
    let text = expect_ok("list-commands.plain.http", &text)
        .output()
        .unwrap();
    let json = expect_ok("list-commands.json.http", &json)
        .output()
        .unwrap();
    let kept: String = text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with(char::is_whitespace))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(json, kept);
    assert!(text.contains("\n                          servers \n"));
    assert!(json.len() < text.len());
}

#[test]
fn simple_multiline_output_is_equal_in_json_and_text() {
    assert_same_response(&[
        "list-domains.simple-multiline.http",
        "list-domains.json-simple-multiline.http",
    ]);
}

#[test]
fn get_command_and_validate_domains_are_equal_in_json_and_text() {
    assert_same_response(&[
        "get-command.list-domains.json.http",
        "get-command.list-domains.plain.http",
    ]);
    assert_same_response(&["validate-domains.json.http", "validate-domains.plain.http"]);
}

#[test]
fn stderr_noise_is_decoded_identically_in_every_format() {
    // The text and JSON calls ran in the same second, the Perl and XML ones two seconds later:
    // the timestamps inside the noise differ between the pairs, nothing else.
    assert_same_response(&[
        "quirk-stderr-noise.list-domains.json-multiline.http",
        "quirk-stderr-noise.list-domains.multiline.http",
    ]);
    assert_same_response(&[
        "quirk-stderr-noise.list-domains.perl-multiline.http",
        "quirk-stderr-noise.list-domains.xml-multiline.http",
    ]);
    let early = decode("quirk-stderr-noise.list-domains.json-multiline.http");
    let late = decode("quirk-stderr-noise.list-domains.xml-multiline.http");
    let early = expect_ok("json", &early);
    let late = expect_ok("xml", &late);
    let shape = |r: &Response| -> Vec<(String, String)> {
        r.pairs()
            .into_iter()
            .map(|(n, v)| (n.to_owned(), v.replace("12:41:28", "12:41:26")))
            .collect()
    };
    assert_eq!(shape(late), shape(early));
    assert_eq!(early.pairs().len(), 2);
}

#[test]
fn program_failures_are_equal_in_every_format() {
    assert_same_error(&[
        "create-alias.missing-domain.json.http",
        "create-alias.missing-domain.perl.http",
        "create-alias.missing-domain.plain.http",
        "create-alias.missing-domain.xml.http",
    ]);
    assert_same_error(&[
        "failure.create-domain-duplicate.json.http",
        "failure.create-domain-duplicate.perl.http",
        "failure.create-domain-duplicate.plain.http",
        "failure.create-domain-duplicate.xml.http",
    ]);
    assert_same_error(&[
        "list-aliases.missing-domain.json.http",
        "list-aliases.missing-domain.plain.http",
        "list-aliases.missing-domain.xml.http",
    ]);
    assert_same_error(&[
        "list-users.missing-domain.json.http",
        "list-users.missing-domain.plain.http",
        "list-users.missing-domain.xml.http",
    ]);
    assert_same_error(&[
        "failure.unknown-flag.json.http",
        "failure.unknown-flag.plain.http",
    ]);
    assert_same_error(&[
        "params.flag-with-value-1.list-domains.http",
        "params.flag-with-value-1.list-domains.json.http",
    ]);
}

#[test]
fn refusals_are_equal_in_every_format() {
    assert_same_refusal(&[
        "invalid-program-name.http",
        "invalid-program-name.json.http",
        "invalid-program-name.perl.http",
        "invalid-program-name.xml.http",
        "invalid-program-name.encoded-slash.http",
        "program-twice.http",
    ]);
    assert_same_refusal(&[
        "nonexistent-program.http",
        "nonexistent-program.json.http",
        "nonexistent-program.xml.http",
    ]);
    assert_same_refusal(&[
        "auth.non-master.plain.http",
        "auth.non-master.json.http",
        "auth.non-master.xml.http",
        "auth.non-master.no-program.http",
        "auth.domain-owner.plain.http",
        "auth.domain-owner.create-user.plain.http",
    ]);
}

#[test]
fn info_differs_only_in_its_measurements() {
    // The two info calls ran seconds apart: CPU, memory and uptime figures differ. The text is
    // never parsed (info is not a list program), and the same top-level keys come back.
    let json = decode("info.json.http");
    let text = decode("info.plain.http");
    let keys = |r: &Response| -> Vec<String> {
        r.output()
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with(' '))
            .filter_map(|l| l.split(':').next())
            .map(str::to_owned)
            .collect()
    };
    let json = expect_ok("info.json.http", &json);
    let text = expect_ok("info.plain.http", &text);
    assert_eq!(json.data(), None);
    assert_eq!(text.data(), None);
    assert_eq!(keys(json), keys(text));
    assert!(keys(json).len() > 10);
}
