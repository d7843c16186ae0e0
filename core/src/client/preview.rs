//! Showing a request as it would be sent, with the password and secret values masked.

use std::fmt;

use super::{Client, Method};
use crate::call::{form_encode_into, is_secret_flag, Call};
use crate::error::Error;

impl Client {
    /// Renders the request `call` would send, with the password and secret flag values as `***`.
    ///
    /// # Errors
    /// The same usage errors as [`Client::run`]; nothing is sent.
    pub fn preview(&self, call: &Call) -> Result<Preview, Error> {
        let call = self.prepare(call)?;
        let call = call.as_ref();
        let format = call.chosen_format().unwrap_or(self.inner.format);
        let mut encoded = String::new();
        for (i, (name, value)) in call.wire_params(format).into_iter().enumerate() {
            if i > 0 {
                encoded.push('&');
            }
            form_encode_into(&mut encoded, name);
            encoded.push('=');
            if is_secret_flag(name) && !value.is_empty() {
                encoded.push_str("***");
            } else {
                form_encode_into(&mut encoded, value);
            }
        }

        let mut headers = Vec::new();
        if self.inner.authorization.is_some() {
            let user = self.inner.user.as_deref().unwrap_or_default();
            headers.push((
                "Authorization".to_owned(),
                format!("Basic *** (user {user})"),
            ));
        }
        let (url, body) = match self.inner.method {
            Method::Post => {
                headers.push((
                    "Content-Type".to_owned(),
                    "application/x-www-form-urlencoded".to_owned(),
                ));
                (self.inner.url.clone(), Some(encoded))
            }
            Method::Get => (format!("{}?{encoded}", self.inner.url), None),
        };

        let mut command_line = format!("virtualmin {}", call.program());
        for (name, value) in call.args() {
            command_line.push_str(" --");
            command_line.push_str(name);
            if !value.is_empty() {
                command_line.push(' ');
                let shown = if is_secret_flag(name) {
                    "***"
                } else {
                    value.as_str()
                };
                command_line.push_str(&shell_quote(shown));
            }
        }
        Ok(Preview {
            method: self.inner.method,
            url,
            headers,
            body,
            command_line,
        })
    }
}

fn shell_quote(value: &str) -> String {
    let safe = !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.,:/@%+=".contains(&b));
    if safe {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', "'\\''"))
    }
}

/// A request as it would be sent, with secrets masked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preview {
    /// POST or GET.
    pub method: Method,
    /// The URL; with GET it carries the (masked) parameters.
    pub url: String,
    /// Headers that matter, the Authorization value masked.
    pub headers: Vec<(String, String)>,
    /// The (masked) form body of a POST.
    pub body: Option<String>,
    /// The same call as the local `virtualmin` command would take it.
    pub command_line: String,
}

impl fmt::Display for Preview {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} {}", self.method.as_str(), self.url)?;
        for (name, value) in &self.headers {
            writeln!(f, "{name}: {value}")?;
        }
        if let Some(body) = &self.body {
            writeln!(f)?;
            writeln!(f, "{body}")?;
        }
        writeln!(f)?;
        write!(f, "# locally: {}", self.command_line)
    }
}
