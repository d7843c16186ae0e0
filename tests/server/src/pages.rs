//! The HTML pages miniserv and Webmin answer with: 401, 403, 400 and 500 error pages, the
//! session login form, the module "Access denied" page. Bodies come from the recordings.

use crate::catalog::http_body;

const UNAUTHORIZED: &str = include_str!("../../fixtures/virtualmin/auth.wrong-password.http");
const LOGIN: &str = include_str!("../../fixtures/virtualmin/path.module-misspelled.http");
const NO_MODULE: &str = include_str!("../../fixtures/virtualmin/auth.user-without-module.http");
const BAD_METHOD: &str = include_str!("../../fixtures/virtualmin/transport.put-method.http");

/// The 401 page (the same for no credentials, a wrong password and an unknown user).
pub fn unauthorized() -> Vec<u8> {
    http_body(UNAUTHORIZED).as_bytes().to_vec()
}

/// miniserv's error page for `status` with `reason` (403 blocked, 400 bad method, 500).
pub fn error(status: u16, reason: &str) -> Vec<u8> {
    let style = style_line();
    format!(
        "<html>\n<head>\n{style}\n<title>{status} &mdash; {reason}</title></head>\n\
         <body class=\"err-body\"><h2 class=\"err-head\">Error &mdash; {reason}</h2>\n\
         </body></html>\n"
    )
    .into_bytes()
}

/// The "Login to Webmin" form that every path outside the API answers with.
pub fn login(host: &str) -> Vec<u8> {
    http_body(LOGIN)
        .replace("<tt>127.0.0.1</tt>", &format!("<tt>{host}</tt>"))
        .into_bytes()
}

/// Webmin's error page for a user without the Virtualmin module.
pub fn no_module(user: &str) -> Vec<u8> {
    webmin_error(
        user,
        &format!(
            "Access denied : User <i>{user}</i> is not allowed to use the <i>Virtualmin Virtual \
             Servers</i> module"
        ),
    )
}

/// A Webmin error page with `message`, as a module's `error()` prints it for `user`.
pub fn webmin_error(user: &str, message: &str) -> Vec<u8> {
    let page = http_body(NO_MODULE).replace(
        "bob logged into Webmin",
        &format!("{user} logged into Webmin"),
    );
    let start = page.find("<h3 data-fatal-error-text>").unwrap_or(0);
    let end = page[start..]
        .find("</h3>")
        .map_or(page.len(), |e| start + e);
    format!(
        "{}<h3 data-fatal-error-text>{message}{}",
        &page[..start],
        &page[end..]
    )
    .into_bytes()
}

fn style_line() -> &'static str {
    http_body(BAD_METHOD)
        .lines()
        .find(|l| l.starts_with("<style"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_pages_are_the_recorded_ones() {
        assert_eq!(
            error(400, "Bad Request method PUT"),
            http_body(BAD_METHOD).as_bytes()
        );
        let no_module = String::from_utf8(no_module("bob")).unwrap();
        assert_eq!(no_module, http_body(NO_MODULE));
        assert!(String::from_utf8(unauthorized())
            .unwrap()
            .contains("401 &mdash; Unauthorized"));
    }
}
