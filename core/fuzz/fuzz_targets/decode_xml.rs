//! The xml decoder on arbitrary bodies (see the crate's `decode_every_way`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use virtualmin_remote::Format;

fuzz_target!(|body: &[u8]| virtualmin_remote_fuzz::decode_every_way(Format::Xml, body));
