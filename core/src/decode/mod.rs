//! Turning a reply (HTTP status, headers, body) into a [`Response`] or an [`Error`].
//!
//! PLACEHOLDER: the decoders are being written; this stub only fixes the interface.

use crate::call::{Call, Format};
use crate::error::Error;
use crate::response::Response;

/// A reply as received: status, headers in order, and the whole body.
#[derive(Clone, Debug, Default)]
pub struct RawReply {
    /// The HTTP status code.
    pub status: u16,
    /// Header names and values in the order received.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl RawReply {
    /// The first header of that name, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Decodes the reply to `call`, which was sent asking for `format`.
///
/// # Errors
/// Any kind but Usage, Connect, Timeout and Tls, as the reply says.
pub fn decode_reply(call: &Call, format: Format, reply: RawReply) -> Result<Response, Error> {
    let _ = (call, format, reply);
    Err(Error::protocol("decoding is not written yet"))
}
