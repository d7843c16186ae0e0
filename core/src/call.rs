//! One API call: a program, its flags in order, and the reply format to ask for.
//!
//! remote.cgi turns every form parameter except `program` and the format key into a command-line
//! flag, in request order: `name=value` becomes `--name value`, `name=` a bare `--name`, and a
//! repeated name a repeated flag. A [`Call`] is that ordered multimap. Nothing is checked while
//! building; [`Call::validate`] (run before any I/O) rejects what the server would misread.

use crate::error::Error;

/// The reply format asked of remote.cgi. Every format decodes to the same [`Response`].
///
/// [`Response`]: crate::Response
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Format {
    /// `json=1`: the JSON envelope, pretty-printed by the server.
    #[default]
    Json,
    /// `json=minified`: the same envelope on one line (Virtualmin 7.30 and later).
    JsonMinified,
    /// No format key: the program's own text and an `Exit status:` line.
    Text,
    /// `xml=1`: XML::Simple's rendering of the envelope.
    Xml,
    /// `perl=1`: Data::Dumper's rendering of the envelope.
    Perl,
}

impl Format {
    /// The form parameter that selects this format, if any.
    pub(crate) fn parameter(self) -> Option<(&'static str, &'static str)> {
        match self {
            Format::Json => Some(("json", "1")),
            Format::JsonMinified => Some(("json", "minified")),
            Format::Text => None,
            Format::Xml => Some(("xml", "1")),
            Format::Perl => Some(("perl", "1")),
        }
    }

    /// The name used in options and previews: `json`, `json-minified`, `text`, `xml`, `perl`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::JsonMinified => "json-minified",
            Format::Text => "text",
            Format::Xml => "xml",
            Format::Perl => "perl",
        }
    }

    /// Parses a name as [`Format::name`] writes it (`minified` is also accepted).
    ///
    /// # Errors
    /// A usage error naming the unknown format.
    pub fn from_name(name: &str) -> Result<Format, Error> {
        match name {
            "json" => Ok(Format::Json),
            "json-minified" | "minified" => Ok(Format::JsonMinified),
            "text" | "plain" => Ok(Format::Text),
            "xml" => Ok(Format::Xml),
            "perl" => Ok(Format::Perl),
            other => Err(Error::usage(format!(
                "unknown format {other:?} (expected json, json-minified, text, xml or perl)"
            ))),
        }
    }
}

/// Parameter names that remote.cgi consumes itself and so cannot be flags.
pub const RESERVED_NAMES: [&str; 4] = ["program", "json", "xml", "perl"];

/// A program and its flags, in the order they will be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    program: String,
    args: Vec<(String, String)>,
    format: Option<Format>,
}

impl Call {
    /// A call of `program` (`list-domains`, `create-alias`, ...) with no flags yet.
    pub fn new(program: impl Into<String>) -> Self {
        Call {
            program: program.into(),
            args: Vec::new(),
            format: None,
        }
    }

    /// Adds `--name value`. Calling it again with the same name repeats the flag, in order.
    pub fn arg(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.push_arg(name, value);
        self
    }

    /// Adds a bare `--name` (sent as `name=`, which remote.cgi turns into a flag with no value).
    pub fn flag(mut self, name: impl Into<String>) -> Self {
        self.push_flag(name);
        self
    }

    /// Adds `--name value` to a call held by reference.
    pub fn push_arg(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.args.push((name.into(), value.into()));
    }

    /// Adds a bare `--name` to a call held by reference.
    pub fn push_flag(&mut self, name: impl Into<String>) {
        self.args.push((name.into(), String::new()));
    }

    /// Asks for this reply format instead of the client's default.
    pub fn format(mut self, format: Format) -> Self {
        self.format = Some(format);
        self
    }

    /// The program's name.
    pub fn program(&self) -> &str {
        &self.program
    }

    /// The flags in order, as `(name, value)`; a bare flag has an empty value.
    pub fn args(&self) -> &[(String, String)] {
        &self.args
    }

    /// The format chosen for this call, if it overrides the client's.
    pub fn chosen_format(&self) -> Option<Format> {
        self.format
    }

    /// True when the flag is present, bare or with a value.
    pub fn has_flag(&self, name: &str) -> bool {
        self.args.iter().any(|(n, _)| n == name)
    }

    /// Checks everything the server would misread, without any I/O.
    ///
    /// # Errors
    /// A usage error naming the offending flag (or `program`) when the program name is not
    /// `^[a-z0-9.-]+$`, a flag name is not `^[a-z0-9][a-z0-9_-]*$` or is reserved
    /// (`program`, `json`, `xml`, `perl`), or a value holds a NUL, CR or LF.
    pub fn validate(&self) -> Result<(), Error> {
        let program = &self.program;
        if program.is_empty() {
            return Err(Error::bad_flag("program", "program name is empty"));
        }
        if !program
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        {
            return Err(Error::bad_flag(
                "program",
                format!("invalid program name {program:?}: only a-z, 0-9, '.' and '-' are allowed"),
            ));
        }

        for (name, value) in &self.args {
            validate_flag_name(name)?;
            if let Some(bad) = value.chars().find(|c| matches!(c, '\0' | '\r' | '\n')) {
                let what = match bad {
                    '\0' => "a NUL byte",
                    '\r' => "a carriage return",
                    _ => "a line break (remote.cgi would split it into several arguments)",
                };
                return Err(Error::bad_flag(
                    name,
                    format!("value of flag --{name} contains {what}"),
                ));
            }
        }
        Ok(())
    }

    /// The form parameters on the wire, in order: `program`, the flags, then the format key.
    pub(crate) fn wire_params(&self, format: Format) -> Vec<(&str, &str)> {
        let mut params = Vec::with_capacity(self.args.len() + 2);
        params.push(("program", self.program.as_str()));
        params.extend(self.args.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        if let Some(param) = format.parameter() {
            params.push(param);
        }
        params
    }
}

fn validate_flag_name(name: &str) -> Result<(), Error> {
    let shown = name.escape_debug();
    let mut bytes = name.bytes();
    let first_ok = matches!(bytes.next(), Some(b) if b.is_ascii_lowercase() || b.is_ascii_digit());
    let rest_ok =
        bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if !first_ok || !rest_ok {
        return Err(Error::bad_flag(
            name,
            format!(
                "invalid flag name \"{shown}\": use the name without leading dashes, \
                 made of a-z, 0-9, '-' and '_'"
            ),
        ));
    }
    if RESERVED_NAMES.contains(&name) {
        return Err(Error::bad_flag(
            name,
            format!(
                "flag name \"{name}\" is reserved by remote.cgi; choose the format on the call"
            ),
        ));
    }
    Ok(())
}

/// True for flags whose values are credentials and are masked in previews.
pub(crate) fn is_secret_flag(name: &str) -> bool {
    name.contains("pass")
}

/// Appends `s` to `out` in `application/x-www-form-urlencoded` form.
///
/// Unreserved characters stay, a space becomes `+`, every other byte (UTF-8 included) `%XX`.
pub(crate) fn form_encode_into(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 15) as usize] as char);
            }
        }
    }
}

/// Encodes parameters as a form body (`a=1&b=&c=x+y`).
pub(crate) fn form_encode(params: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(params.iter().map(|(n, v)| n.len() + v.len() + 2).sum());
    for (i, (name, value)) in params.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        form_encode_into(&mut out, name);
        out.push('=');
        form_encode_into(&mut out, value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn bare_flag_is_sent_with_empty_value() {
        let call = Call::new("list-domains").flag("multiline");
        assert_eq!(
            form_encode(&call.wire_params(Format::Json)),
            "program=list-domains&multiline=&json=1"
        );
    }

    #[test]
    fn repeated_flags_keep_their_order() {
        let call = Call::new("create-alias")
            .arg("domain", "example.com")
            .arg("to", "b@example.com")
            .arg("from", "info")
            .arg("to", "a@example.com");
        assert_eq!(
            form_encode(&call.wire_params(Format::Text)),
            "program=create-alias&domain=example.com&to=b%40example.com&from=info&to=a%40example.com"
        );
    }

    #[test]
    fn special_characters_are_percent_encoded() {
        let call = Call::new("modify-domain").arg("desc", "a+b & c%d=e#f été");
        assert_eq!(
            form_encode(&call.wire_params(Format::JsonMinified)),
            "program=modify-domain&desc=a%2Bb+%26+c%25d%3De%23f+%C3%A9t%C3%A9&json=minified"
        );
    }

    #[test]
    fn format_parameters_match_remote_cgi() {
        assert_eq!(Format::Json.parameter(), Some(("json", "1")));
        assert_eq!(Format::Xml.parameter(), Some(("xml", "1")));
        assert_eq!(Format::Perl.parameter(), Some(("perl", "1")));
        assert_eq!(Format::Text.parameter(), None);
        assert_eq!(
            Format::from_name("json-minified").unwrap(),
            Format::JsonMinified
        );
        assert_eq!(
            Format::from_name("yaml").unwrap_err().kind(),
            ErrorKind::Usage
        );
    }

    #[test]
    fn invalid_program_names_are_usage_errors() {
        for bad in [
            "",
            "List-domains",
            "list domains",
            "../list-domains",
            "list_domains",
            "a/b",
        ] {
            let err = Call::new(bad).validate().unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Usage, "{bad:?}");
            assert_eq!(err.flag(), Some("program"));
        }
        Call::new("list-domains").validate().unwrap();
        Call::new("licence-info.pl").validate().unwrap();
    }

    #[test]
    fn invalid_flag_names_are_named_in_the_error() {
        for bad in [
            "--domain", "Domain", "-x", "", "dom ain", "dom=ain", "_x", "été",
        ] {
            let err = Call::new("list-domains")
                .arg(bad, "x")
                .validate()
                .unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Usage);
            assert_eq!(err.flag(), Some(bad));
        }
        Call::new("list-domains")
            .arg("name-only", "")
            .arg("with_under", "1")
            .validate()
            .unwrap();
    }

    #[test]
    fn reserved_names_are_refused() {
        for name in RESERVED_NAMES {
            let err = Call::new("list-domains").flag(name).validate().unwrap_err();
            assert_eq!(err.flag(), Some(name));
            assert!(err.message().contains("reserved"));
        }
    }

    #[test]
    fn control_characters_in_values_are_refused() {
        for (value, word) in [
            ("a\nb", "line break"),
            ("a\rb", "carriage return"),
            ("a\0b", "NUL"),
        ] {
            let err = Call::new("create-alias")
                .arg("to", value)
                .validate()
                .unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Usage);
            assert_eq!(err.flag(), Some("to"));
            assert!(err.message().contains(word), "{}", err.message());
        }
        Call::new("create-alias")
            .arg("to", "tab\tis fine")
            .validate()
            .unwrap();
    }
}
