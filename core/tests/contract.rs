//! The language-neutral tables in `tests/contract/` hold for the core.

use serde_json::Value;
use virtualmin_remote::{Call, Client, ErrorKind, Format, Tls};

fn table(name: &str) -> Value {
    let path = format!("{}/../tests/contract/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn call_from(case: &Value) -> Call {
    let mut call = Call::new(case["program"].as_str().unwrap());
    for pair in case["args"].as_array().unwrap() {
        call.push_arg(pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
    }
    call
}

#[test]
fn error_kinds_table_lists_every_kind_once_in_order() {
    let kinds = table("error_kinds.json");
    let names: Vec<&str> = kinds["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kind"].as_str().unwrap())
        .collect();
    let ours: Vec<&str> = ErrorKind::ALL.iter().map(|k| k.name()).collect();
    assert_eq!(names, ours);

    let mut codes: Vec<i64> = kinds["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["c_value"].as_i64().unwrap())
        .collect();
    codes.dedup();
    assert_eq!(codes.len(), ours.len(), "C result codes must be distinct");
}

#[test]
fn valid_calls_encode_as_the_table_says() {
    let client = Client::builder("https://vm.example.net:10000")
        .tls(Tls::Insecure)
        .build()
        .unwrap();
    for case in table("encodings.json")["valid"].as_array().unwrap() {
        let format = Format::from_name(case["format"].as_str().unwrap()).unwrap();
        let call = call_from(case).format(format);
        let preview = client.preview(&call).unwrap();
        assert_eq!(preview.body.as_deref(), case["body"].as_str(), "{case}");
        assert_eq!(
            preview.url,
            "https://vm.example.net:10000/virtual-server/remote.cgi"
        );
    }
}

#[test]
fn invalid_calls_fail_naming_the_flag() {
    for case in table("encodings.json")["invalid"].as_array().unwrap() {
        let err = call_from(case).validate().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Usage, "{case}");
        assert_eq!(err.flag(), case["flag"].as_str(), "{case}");
    }
}
