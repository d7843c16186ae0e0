//! Calls built from arbitrary names and values: validation never panics, and whatever passes it
//! encodes to a body with no raw control character, space, `&` inside a value, or `#`.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use virtualmin_remote::{Call, Client, Tls};

fuzz_target!(|parts: Vec<(String, String)>| {
    let mut call = Call::new("modify-domain");
    for (name, value) in &parts {
        call.push_arg(name.as_str(), value.as_str());
    }
    // NB: building a client sets up TLS; one for the whole run keeps the target fast.
    static CLIENT: OnceLock<Client> = OnceLock::new();
    let client = CLIENT.get_or_init(|| {
        Client::builder("https://127.0.0.1:10000").tls(Tls::Insecure).build().unwrap()
    });
    let Ok(preview) = client.preview(&call) else {
        return;
    };
    let body = preview.body.unwrap();
    assert!(body.bytes().all(|b| b.is_ascii_graphic() && b != b'#'), "{body}");
    assert_eq!(body.split('&').count(), parts.len() + 2, "{body}");
});
