//! Properties that hold for every input: decoders never panic and every failure has a kind;
//! form encoding round-trips; validation and encoding agree.

mod support;

use proptest::prelude::*;
use virtualmin_remote::{decode_reply, Call, Client, ErrorKind, Format, RawReply, Tls};

const FORMATS: [Format; 5] = [
    Format::Json,
    Format::JsonMinified,
    Format::Text,
    Format::Xml,
    Format::Perl,
];

/// The form decoding remote.cgi applies: `&` and `=` split, then each part is url-decoded.
fn form_decode(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap();
            (support::url_decode(name), support::url_decode(value))
        })
        .collect()
}

fn flag_name() -> impl Strategy<Value = String> {
    // NB: flags named like passwords are masked in previews, so they cannot round-trip there.
    "[a-z0-9][a-z0-9_-]{0,20}".prop_filter("not reserved or secret", |n| {
        !virtualmin_remote::RESERVED_NAMES.contains(&n.as_str()) && !n.contains("pass")
    })
}

fn reply_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..400),
        // Near-misses of each real shape find more than random bytes do.
        "[ -~\n]{0,300}".prop_map(|s| s.into_bytes()),
        "(\\{\"status\":\"(success|failure|error)\",\"(data|output|error)\":[\\[\\]{}\"a-z:,0-9 ]{0,80})"
            .prop_map(|s| s.into_bytes()),
        "(<api [a-z]+=\"[^\"]{0,20}\"[ />a-z<=\"]{0,80})".prop_map(|s| s.into_bytes()),
        "(\\$VAR1 = \\{[ '=>a-z,\\[\\]{}0-9\\\\]{0,80})".prop_map(|s| s.into_bytes()),
        "([a-z. ]{0,40}\n(    [A-Za-z ]{1,10}: [a-z]{0,10}\n){0,4}\nExit status: [0-9]{1,3}\n?)"
            .prop_map(|s| s.into_bytes()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn decoders_never_panic_and_failures_have_kinds(
        body in reply_body(),
        status in prop_oneof![Just(200u16), Just(401), Just(403), Just(302), Just(500), 100u16..600],
        format_index in 0usize..5,
        listing in prop_oneof![Just(None), Just(Some("multiline")), Just(Some("name-only"))],
    ) {
        let mut call = Call::new("list-domains");
        if let Some(flag) = listing {
            call.push_flag(flag);
        }
        let reply = RawReply { status, headers: vec![("Content-type".into(), "text/plain".into())], body };
        match decode_reply(&call, FORMATS[format_index], reply) {
            Ok(response) => prop_assert_eq!(response.status(), "success"),
            Err(err) => {
                prop_assert!(ErrorKind::ALL.contains(&err.kind()));
                prop_assert!(err.kind() != ErrorKind::Usage, "a reply is never the caller's fault");
                prop_assert!(!err.to_string().is_empty());
            }
        }
    }

    #[test]
    fn recorded_reply_parser_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = RawReply::parse_http(&bytes);
    }

    #[test]
    fn form_encoding_round_trips(
        args in proptest::collection::vec((flag_name(), "\\PC{0,12}"), 0..6),
    ) {
        let mut call = Call::new("modify-domain");
        for (name, value) in &args {
            call.push_arg(name.as_str(), value.as_str());
        }
        prop_assume!(call.validate().is_ok());
        let client = Client::builder("https://h:10000").tls(Tls::Insecure).build().unwrap();
        let body = client.preview(&call.clone().format(Format::Text)).unwrap().body.unwrap();
        let mut decoded = form_decode(&body);
        prop_assert_eq!(decoded.remove(0), ("program".to_owned(), "modify-domain".to_owned()));
        prop_assert_eq!(decoded, args);
    }

    #[test]
    fn values_with_line_breaks_or_nul_never_validate(
        before in "\\PC{0,8}", bad in prop_oneof![Just('\n'), Just('\r'), Just('\0')], after in "\\PC{0,8}",
    ) {
        let err = Call::new("create-alias").arg("to", format!("{before}{bad}{after}")).validate().unwrap_err();
        prop_assert_eq!(err.kind(), ErrorKind::Usage);
        prop_assert_eq!(err.flag(), Some("to"));
    }
}
