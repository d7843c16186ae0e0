//! Result codes: the core's error kinds as numbers, plus the one code of the C layer itself.
//!
//! The numbers are the `c_value`s of `tests/contract/error_kinds.json`, grouped in ranges: 1xx the
//! caller's input, 2xx the transport, 3xx the server, 9xx this layer. A number, once given out, is
//! never given another meaning.

use std::ffi::{c_char, c_int, CStr};

use virtualmin_remote::ErrorKind;

/// What a call returned: `VMR_OK` or the kind of failure.
#[repr(C)]
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum vmr_result {
    /// Success.
    VMR_OK = 0,
    /// Invalid input: a program or flag name, a value with a NUL or a line break, a URL, an
    /// option, a NULL pointer, a string that is not UTF-8, an index out of range. Nothing was
    /// sent.
    VMR_ERR_USAGE = 100,
    /// No connection could be made, or it was reset before a reply began.
    VMR_ERR_CONNECT = 200,
    /// The connect or total deadline passed.
    VMR_ERR_TIMEOUT = 201,
    /// The server's certificate was rejected or did not match the pin.
    VMR_ERR_TLS = 202,
    /// The server refused the credentials (401, two-factor account, login page).
    VMR_ERR_AUTH = 300,
    /// The server blocked this address after repeated login failures (403).
    VMR_ERR_BLOCKED = 301,
    /// remote.cgi refused the call: not allowed, no such program.
    VMR_ERR_REFUSED = 302,
    /// The program ran and failed; the error carries its exit status and output.
    VMR_ERR_PROGRAM = 303,
    /// Another HTTP status that is not success; the error carries it.
    VMR_ERR_HTTP = 304,
    /// The reply could not be understood: truncated, undecodable, not the API.
    VMR_ERR_PROTOCOL = 305,
    /// A bug in the library: a panic was caught at the boundary. The handles passed to the
    /// failing call are still valid to free.
    VMR_ERR_PANIC = 900,
}

/// Buffer sizes callers allocate.
#[repr(C)]
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum vmr_buffer_size {
    /// Bytes `vmr_fingerprint` needs: 32 hex pairs, 31 colons and the NUL.
    VMR_FINGERPRINT_SIZE = 96,
}

impl vmr_result {
    /// Every code, in numeric order.
    pub(crate) const ALL: [vmr_result; 12] = [
        vmr_result::VMR_OK,
        vmr_result::VMR_ERR_USAGE,
        vmr_result::VMR_ERR_CONNECT,
        vmr_result::VMR_ERR_TIMEOUT,
        vmr_result::VMR_ERR_TLS,
        vmr_result::VMR_ERR_AUTH,
        vmr_result::VMR_ERR_BLOCKED,
        vmr_result::VMR_ERR_REFUSED,
        vmr_result::VMR_ERR_PROGRAM,
        vmr_result::VMR_ERR_HTTP,
        vmr_result::VMR_ERR_PROTOCOL,
        vmr_result::VMR_ERR_PANIC,
    ];

    /// The code of a core error kind.
    pub(crate) fn of_kind(kind: ErrorKind) -> vmr_result {
        match kind {
            ErrorKind::Usage => vmr_result::VMR_ERR_USAGE,
            ErrorKind::Connect => vmr_result::VMR_ERR_CONNECT,
            ErrorKind::Timeout => vmr_result::VMR_ERR_TIMEOUT,
            ErrorKind::Tls => vmr_result::VMR_ERR_TLS,
            ErrorKind::Auth => vmr_result::VMR_ERR_AUTH,
            ErrorKind::Blocked => vmr_result::VMR_ERR_BLOCKED,
            ErrorKind::Refused => vmr_result::VMR_ERR_REFUSED,
            ErrorKind::ProgramFailed => vmr_result::VMR_ERR_PROGRAM,
            ErrorKind::Http => vmr_result::VMR_ERR_HTTP,
            ErrorKind::Protocol => vmr_result::VMR_ERR_PROTOCOL,
            // NB: a kind added to the core later needs a new number here; a unit test over
            // `ErrorKind::ALL` fails until it has one. Until then it reads as a protocol error.
            _ => vmr_result::VMR_ERR_PROTOCOL,
        }
    }

    /// The kind's name as the contract table spells it (`c"ProgramFailed"`); `c"Panic"` for
    /// this layer's own code and `c""` for `VMR_OK`.
    pub(crate) fn kind_name(self) -> &'static CStr {
        match self {
            vmr_result::VMR_OK => c"",
            vmr_result::VMR_ERR_USAGE => c"Usage",
            vmr_result::VMR_ERR_CONNECT => c"Connect",
            vmr_result::VMR_ERR_TIMEOUT => c"Timeout",
            vmr_result::VMR_ERR_TLS => c"Tls",
            vmr_result::VMR_ERR_AUTH => c"Auth",
            vmr_result::VMR_ERR_BLOCKED => c"Blocked",
            vmr_result::VMR_ERR_REFUSED => c"Refused",
            vmr_result::VMR_ERR_PROGRAM => c"ProgramFailed",
            vmr_result::VMR_ERR_HTTP => c"Http",
            vmr_result::VMR_ERR_PROTOCOL => c"Protocol",
            vmr_result::VMR_ERR_PANIC => c"Panic",
        }
    }

    /// The enumerator's name as the header spells it.
    pub(crate) fn name(self) -> &'static CStr {
        match self {
            vmr_result::VMR_OK => c"VMR_OK",
            vmr_result::VMR_ERR_USAGE => c"VMR_ERR_USAGE",
            vmr_result::VMR_ERR_CONNECT => c"VMR_ERR_CONNECT",
            vmr_result::VMR_ERR_TIMEOUT => c"VMR_ERR_TIMEOUT",
            vmr_result::VMR_ERR_TLS => c"VMR_ERR_TLS",
            vmr_result::VMR_ERR_AUTH => c"VMR_ERR_AUTH",
            vmr_result::VMR_ERR_BLOCKED => c"VMR_ERR_BLOCKED",
            vmr_result::VMR_ERR_REFUSED => c"VMR_ERR_REFUSED",
            vmr_result::VMR_ERR_PROGRAM => c"VMR_ERR_PROGRAM",
            vmr_result::VMR_ERR_HTTP => c"VMR_ERR_HTTP",
            vmr_result::VMR_ERR_PROTOCOL => c"VMR_ERR_PROTOCOL",
            vmr_result::VMR_ERR_PANIC => c"VMR_ERR_PANIC",
        }
    }
}

/// The name of a result code (`"VMR_ERR_USAGE"` for 100), or NULL for a number that is not one.
///
/// Takes an `int` rather than a `vmr_result` so that any number can be asked about. The string is
/// static: never free it.
#[no_mangle]
pub extern "C" fn vmr_result_name(code: c_int) -> *const c_char {
    vmr_result::ALL
        .iter()
        .find(|known| **known as c_int == code)
        .map_or(std::ptr::null(), |known| known.name().as_ptr())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The contract table, as this crate's tests read it.
    fn contract_kinds() -> Vec<serde_json::Value> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/contract/error_kinds.json"
        );
        let text = std::fs::read_to_string(path).expect("the contract table is readable");
        let table: serde_json::Value = serde_json::from_str(&text).expect("it is JSON");
        table["kinds"].as_array().expect("it has kinds").clone()
    }

    #[test]
    fn every_core_kind_has_the_code_and_name_of_the_contract_table() {
        let kinds = contract_kinds();
        assert_eq!(kinds.len(), ErrorKind::ALL.len());
        for kind in ErrorKind::ALL {
            let row = kinds
                .iter()
                .find(|row| row["kind"] == kind.name())
                .unwrap_or_else(|| panic!("{kind} is in the table"));
            let code = vmr_result::of_kind(kind);
            assert_eq!(Some(code as i64), row["c_value"].as_i64(), "{kind}");
            assert_eq!(code.name().to_str().unwrap(), row["c_result"], "{kind}");
            assert_eq!(code.kind_name().to_str().unwrap(), kind.name());
        }
    }

    #[test]
    fn codes_are_unique_and_named_by_number() {
        let mut numbers: Vec<_> = vmr_result::ALL.iter().map(|c| *c as i32).collect();
        numbers.dedup();
        assert_eq!(numbers.len(), vmr_result::ALL.len(), "sorted and distinct");
        for code in vmr_result::ALL {
            // SAFETY: vmr_result_name returns a static NUL-terminated string for known codes.
            let name = unsafe { CStr::from_ptr(vmr_result_name(code as c_int)) };
            assert_eq!(name, code.name());
        }
        assert!(vmr_result_name(42).is_null());
        assert!(vmr_result_name(-1).is_null());
    }
}
