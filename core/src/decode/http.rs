//! What miniserv says before remote.cgi runs: HTTP statuses and Webmin's HTML pages.
//!
//! Every reply from remote.cgi itself is a `200` with a text, JSON or XML body. Anything else
//! comes from the web server around it: `401` (no, wrong or two-factor credentials), `403` (the
//! address is blocked after repeated failures), a redirect (plain HTTP to the TLS port), or a
//! `200` HTML page (the session login form of any other path, or the error page of a Webmin user
//! without the Virtualmin module). None of these bodies is shown whole in a message: only a
//! page's title or error line, stripped of tags and shortened.

use super::{excerpt, shorten, shorten_to, RawReply};
use crate::error::{Error, ErrorKind};

/// The header with which Webmin 2.640+ says why it refused Basic auth.
const AUTH_ERROR_HEADER: &str = "X-Webmin-Auth-Error";

/// Turns a non-2xx status into its error.
pub(crate) fn check_status(reply: &RawReply) -> Result<(), Error> {
    let status = reply.status;
    match status {
        200..=299 => Ok(()),
        401 => Err(match reply.header(AUTH_ERROR_HEADER) {
            Some(reason) if reason.eq_ignore_ascii_case("twofactor-required") => Error::new(
                ErrorKind::Auth,
                "the server refused HTTP Basic auth because this account uses two-factor \
                 authentication (twofactor-required); remote.cgi needs an account without it",
            )
            .with_reason(reason),
            Some(reason) => Error::new(
                ErrorKind::Auth,
                format!(
                    "the server refused the credentials ({}); do not retry with the same ones: \
                     Webmin blocks the address after 5 failures",
                    excerpt(reason)
                ),
            )
            .with_reason(reason),
            None => Error::new(
                ErrorKind::Auth,
                "the server refused the credentials (HTTP 401: no, wrong or unknown user or \
                 password); do not retry with the same ones: Webmin blocks the address after 5 \
                 failures",
            ),
        }),
        403 => Err(Error::new(
            ErrorKind::Blocked,
            "the server has blocked this address after repeated login failures (HTTP 403); \
             do not retry: the block lasts about a minute and even the right password is refused \
             until it ends",
        )),
        300..=399 => {
            let message = match reply.header("Location").and_then(redirect_origin) {
                Some(origin) => format!(
                    "the server redirects to {origin} (HTTP {status}); use that scheme, host and \
                     port in the server URL"
                ),
                None => format!("the server answered with a redirect (HTTP {status})"),
            };
            Err(Error::new(ErrorKind::Http, message))
        }
        _ => {
            let body = String::from_utf8_lossy(&reply.body);
            let message = match page_title(&body) {
                Some(title) => format!("the server answered HTTP {status}: {title}"),
                None => format!("the server answered HTTP {status}"),
            };
            Err(Error::new(ErrorKind::Http, message))
        }
    }
}

/// The scheme and authority of a redirect target, without user info, path or query.
fn redirect_origin(location: &str) -> Option<String> {
    let (scheme, rest) = location.split_once("://")?;
    if scheme.is_empty()
        || !scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+')
    {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    if host.is_empty() {
        return None;
    }
    Some(shorten(&format!("{scheme}://{host}")))
}

/// True when the body is an HTML page rather than anything remote.cgi writes.
pub(crate) fn is_html(body: &str) -> bool {
    let start = body.trim_start().as_bytes();
    let head = &start[..start.len().min(16)];
    let lower = head.to_ascii_lowercase();
    lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html")
}

/// The error for a `200` HTML page.
pub(crate) fn html_page(program: &str, body: &str) -> Error {
    let lower = lower_head(body);
    if lower.contains("<title>login to webmin") || lower.contains("session_login.cgi") {
        return Error::new(
            ErrorKind::Auth,
            "the server answered with Webmin's login page: the URL is probably not the API path \
             (/virtual-server/remote.cgi), and HTTP Basic auth is only accepted there",
        );
    }
    if let Some(at) = lower.find("access denied") {
        let text = fatal_error_text(body, &lower).unwrap_or_else(|| line_text(body, at));
        return Error::new(
            ErrorKind::Refused,
            format!("Webmin refused {program}: {text}"),
        );
    }
    let what = match page_title(body) {
        Some(title) => format!(" (page title: {title})"),
        None => String::new(),
    };
    Error::protocol(format!(
        "the reply to {program} is an HTML page{what}, not the API: check the server URL"
    ))
}

/// The first 64 KiB of the body in ASCII lower case, byte for byte, so offsets match the body.
fn lower_head(body: &str) -> String {
    let mut end = body.len().min(64 * 1024);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    body[..end].to_ascii_lowercase()
}

/// The text of `<title>`, stripped and shortened.
fn page_title(body: &str) -> Option<String> {
    let lower = lower_head(body);
    let start = lower.find("<title>")? + "<title>".len();
    let end = start + lower[start..].find("</title>")?;
    let text = strip_tags(&body[start..end]);
    (!text.is_empty()).then(|| shorten(&text))
}

/// Webmin's `<h3 data-fatal-error-text>` line, which holds the whole error.
fn fatal_error_text(body: &str, lower: &str) -> Option<String> {
    // NB: the page's CSS names the attribute too (`[data-fatal-error-text]`): look for the tag.
    const MARKER: &str = "data-fatal-error-text>";
    let start = lower.find(MARKER)? + MARKER.len();
    let end = start + lower[start..].find("</h")?;
    let text = strip_tags(&body[start..end]);
    (!text.is_empty()).then(|| shorten_to(&text, 200))
}

/// The line of the body around byte `at`, stripped.
fn line_text(body: &str, at: usize) -> String {
    let start = body[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = body[at..].find('\n').map_or(body.len(), |i| at + i);
    shorten_to(&strip_tags(&body[start..end]), 200)
}

/// Removes tags, decodes the common entities and collapses whitespace.
fn strip_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(ch),
            _ => {}
        }
    }
    let decoded = text
        .replace("&mdash;", "—")
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16, headers: &[(&str, &str)], body: &str) -> RawReply {
        RawReply {
            status,
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn two_factor_refusal_carries_the_reason() {
        let err = check_status(&reply(
            401,
            &[("x-webmin-auth-error", "twofactor-required")],
            "",
        ))
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Auth);
        assert_eq!(err.reason(), Some("twofactor-required"));
        assert!(err.message().contains("two-factor"), "{}", err.message());
    }

    #[test]
    fn redirect_names_only_scheme_and_host() {
        let location = "https://admin:pw@vm.example:10000/virtual-server/remote.cgi?pass=secret";
        let err = check_status(&reply(302, &[("Location", location)], "")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Http);
        assert!(
            err.message().contains("https://vm.example:10000 "),
            "{}",
            err.message()
        );
        assert!(!err.message().contains("secret") && !err.message().contains("pw"));
        let err = check_status(&reply(301, &[("Location", "/elsewhere?x=1")], "")).unwrap_err();
        assert!(!err.message().contains("x=1"));
    }

    #[test]
    fn other_statuses_show_the_page_title() {
        let body = "<html><head><title>400 &mdash; Bad Request method PUT</title></head></html>";
        let err = check_status(&reply(400, &[], body)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Http);
        assert_eq!(
            err.message(),
            "the server answered HTTP 400: 400 — Bad Request method PUT"
        );
        assert!(check_status(&reply(204, &[], "")).is_ok());
    }

    #[test]
    fn html_pages_are_told_apart() {
        assert!(is_html(
            "\n<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01\">"
        ));
        assert!(is_html("<HTML>"));
        assert!(!is_html("<api status=\"success\" />"));
        assert!(!is_html(""));

        let login = "<html><title>Login to Webmin</title></html>";
        assert_eq!(html_page("x", login).kind(), ErrorKind::Auth);

        let denied = "<html>\n<p>Access denied : User <i>bob</i> may &amp; not</p>\n</html>";
        let err = html_page("list-domains", denied);
        assert_eq!(err.kind(), ErrorKind::Refused);
        assert_eq!(
            err.message(),
            "Webmin refused list-domains: Access denied : User bob may & not"
        );

        let other = "<html><title>Hello</title></html>";
        let err = html_page("x", other);
        assert_eq!(err.kind(), ErrorKind::Protocol);
        assert!(err.message().contains("Hello"));
    }
}
