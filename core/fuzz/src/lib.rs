//! What every decoder target checks: a 200 reply with an arbitrary body, decoded for a list call
//! with and without a listing mode, never panics, and every failure has a kind.

use virtualmin_remote::{decode_reply, Call, ErrorKind, Format, RawReply};

/// Decodes `body` as `format` for each kind of list call.
pub fn decode_every_way(format: Format, body: &[u8]) {
    for call in [
        Call::new("list-domains"),
        Call::new("list-domains").flag("multiline"),
        Call::new("list-domains").flag("name-only"),
    ] {
        let reply = RawReply { status: 200, headers: Vec::new(), body: body.to_vec() };
        if let Err(err) = decode_reply(&call, format, reply) {
            assert!(ErrorKind::ALL.contains(&err.kind()));
        }
    }
}
