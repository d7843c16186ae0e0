//! The json decoder on arbitrary bodies of a 200 reply, for a list call with and without a
//! listing mode: it must never panic, and every failure must have a kind.
#![no_main]

use libfuzzer_sys::fuzz_target;
use virtualmin_remote::{decode_reply, Call, ErrorKind, Format, RawReply};

fuzz_target!(|body: &[u8]| {
    for call in [
        Call::new("list-domains"),
        Call::new("list-domains").flag("multiline"),
        Call::new("list-domains").flag("name-only"),
    ] {
        let reply = RawReply {
            status: 200,
            headers: Vec::new(),
            body: body.to_vec(),
        };
        if let Err(err) = decode_reply(&call, Format::Json, reply) {
            assert!(ErrorKind::ALL.contains(&err.kind()));
        }
    }
});
