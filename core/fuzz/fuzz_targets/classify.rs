//! Whole recorded-style replies (status line, headers, body) through the parser and the
//! classifier, in every format: never a panic, always a kind.
#![no_main]

use libfuzzer_sys::fuzz_target;
use virtualmin_remote::{decode_reply, Call, ErrorKind, Format, RawReply};

fuzz_target!(|bytes: &[u8]| {
    let Ok(reply) = RawReply::parse_http(bytes) else {
        return;
    };
    let formats = [
        Format::Json,
        Format::JsonMinified,
        Format::Text,
        Format::Xml,
        Format::Perl,
    ];
    let format = formats[bytes.first().copied().unwrap_or(0) as usize % formats.len()];
    if let Err(err) = decode_reply(&Call::new("create-alias"), format, reply) {
        assert!(ErrorKind::ALL.contains(&err.kind()));
    }
});
