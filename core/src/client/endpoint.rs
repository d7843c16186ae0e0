//! The server's base URL, checked: scheme, host, port and an optional path prefix.

use crate::error::Error;

/// A checked base URL: scheme, host, port and an optional path prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Endpoint {
    https: bool,
    host: String,
    port: u16,
    prefix: String,
}

impl Endpoint {
    /// Parses `https://host[:port][/prefix]` (or `http://`), refusing credentials, queries and
    /// fragments in it.
    pub(crate) fn parse(url: &str) -> Result<Endpoint, Error> {
        let bad = |why: &str| Error::usage(format!("invalid server URL: {why}"));
        let (https, rest) = if let Some(rest) = strip_prefix_ignore_case(url, "https://") {
            (true, rest)
        } else if let Some(rest) = strip_prefix_ignore_case(url, "http://") {
            (false, rest)
        } else {
            return Err(bad("it must start with https:// (or http://)"));
        };
        if rest.contains(['?', '#']) {
            return Err(bad("it must not carry a query or fragment"));
        }
        let (authority, path) = match rest.find('/') {
            Some(at) => (&rest[..at], &rest[at..]),
            None => (rest, ""),
        };
        if authority.contains('@') {
            return Err(bad(
                "it must not contain a user name or password; give credentials separately",
            ));
        }
        if authority
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(bad("the host contains whitespace"));
        }

        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            let close = v6
                .find(']')
                .ok_or_else(|| bad("unclosed '[' in an IPv6 address"))?;
            let host = &v6[..close];
            if host.parse::<std::net::Ipv6Addr>().is_err() {
                return Err(bad("not an IPv6 address inside [ ]"));
            }
            let port = match &v6[close + 1..] {
                "" => None,
                p => Some(p.strip_prefix(':').ok_or_else(|| bad("junk after ']'"))?),
            };
            (format!("[{host}]"), port)
        } else {
            match authority.rsplit_once(':') {
                Some((h, p)) => (h.to_owned(), Some(p)),
                None => (authority.to_owned(), None),
            }
        };
        if host.is_empty() || host == "[]" {
            return Err(bad("it has no host"));
        }
        let port = match port {
            None => {
                if https {
                    443
                } else {
                    80
                }
            }
            Some(p) => p
                .parse::<u16>()
                .ok()
                .filter(|p| *p != 0)
                .ok_or_else(|| bad("bad port"))?,
        };

        let prefix = path.trim_end_matches('/').to_owned();
        Ok(Endpoint {
            https,
            host: host.to_ascii_lowercase(),
            port,
            prefix,
        })
    }

    pub(crate) fn is_https(&self) -> bool {
        self.https
    }

    /// The host as written in a URL (`[::1]` for IPv6).
    pub(crate) fn host(&self) -> &str {
        &self.host
    }

    /// The host as a resolver wants it (no brackets).
    pub(crate) fn host_for_dns(&self) -> &str {
        self.host.trim_start_matches('[').trim_end_matches(']')
    }

    pub(crate) fn port(&self) -> u16 {
        self.port
    }

    /// `https://host:port`, for messages and logs.
    pub(crate) fn origin(&self) -> String {
        let scheme = if self.https { "https" } else { "http" };
        format!("{scheme}://{}:{}", self.host, self.port)
    }

    pub(crate) fn server_name(&self) -> Result<rustls_pki_types::ServerName<'static>, Error> {
        rustls_pki_types::ServerName::try_from(self.host_for_dns().to_owned())
            .map_err(|_| Error::usage(format!("invalid host name {:?}", self.host)))
    }

    /// The full URL of the API under this endpoint. A prefix that already ends in `remote.cgi`
    /// is taken as the whole path.
    pub(crate) fn api_url(&self, api_path: &str) -> String {
        if self.prefix.ends_with("/remote.cgi") {
            format!("{}{}", self.origin(), self.prefix)
        } else {
            format!("{}{}{}", self.origin(), self.prefix, api_path)
        }
    }
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::VIRTUALMIN_PATH;
    use crate::ErrorKind;

    #[test]
    fn urls_parse_into_the_api_endpoint() {
        let cases = [
            (
                "https://vm.example.net:10000",
                "https://vm.example.net:10000/virtual-server/remote.cgi",
            ),
            (
                "https://VM.example.net:10000/",
                "https://vm.example.net:10000/virtual-server/remote.cgi",
            ),
            (
                "https://[::1]:10000",
                "https://[::1]:10000/virtual-server/remote.cgi",
            ),
            (
                "https://h/webmin",
                "https://h:443/webmin/virtual-server/remote.cgi",
            ),
            (
                "http://h:10001/virtual-server/remote.cgi",
                "http://h:10001/virtual-server/remote.cgi",
            ),
        ];
        for (base, api) in cases {
            let endpoint = Endpoint::parse(base).unwrap();
            assert_eq!(endpoint.api_url(VIRTUALMIN_PATH), api, "{base}");
        }
        for bad in [
            "ftp://h",
            "h:10000",
            "https://",
            "https://h:0",
            "https://h:x",
            "https://h?a=1",
            "https://[::1",
        ] {
            assert_eq!(
                Endpoint::parse(bad).unwrap_err().kind(),
                ErrorKind::Usage,
                "{bad}"
            );
        }
    }
}
