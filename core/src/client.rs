//! The client: where the server is, who we are, and how a call travels.
//!
//! A [`Client`] holds one ureq agent whose TLS layer is ours (see [`crate::tls`]), so every mode
//! shares one session store. remote.cgi answers HTTP/1.0 and closes every connection, so there
//! is no pool to manage: each call is one TCP connection and one (resumed) TLS session.

use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use ureq::unversioned::resolver::DefaultResolver;
use ureq::unversioned::transport::{Connector, TcpConnector};

use crate::call::{form_encode, Call, Format};
use crate::catalog::{Catalog, CheckMode, Problem};
use crate::decode::{decode_reply, RawReply};
use crate::error::{Error, ErrorKind};
use crate::response::Response;
use crate::secret::Secret;
use crate::tls::Tls;

mod endpoint;
mod failure;
mod preview;
mod transport;

pub(crate) use endpoint::Endpoint;
pub(crate) use failure::io_error;
use failure::{is_retryable, transport_error};
pub use preview::Preview;

/// The path of the API under the server's base URL.
pub const VIRTUALMIN_PATH: &str = "/virtual-server/remote.cgi";
/// The path of Cloudmin's API, for [`ClientBuilder::cloudmin`].
pub const CLOUDMIN_PATH: &str = "/server-manager/remote.cgi";

/// The total deadline of a call unless set otherwise: creating a domain takes seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);
/// The connect deadline unless set otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest reply read unless set otherwise (a multiline listing of 10,000 domains is about
/// 40 MB).
pub const DEFAULT_MAX_REPLY_BYTES: u64 = 256 * 1024 * 1024;

/// How parameters travel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Method {
    /// Every parameter in a form-encoded body; nothing in the URL. Webmin logs no body.
    #[default]
    Post,
    /// Every parameter in the query string, which Webmin's access log records.
    Get,
}

impl Method {
    /// `"POST"` or `"GET"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Post => "POST",
            Method::Get => "GET",
        }
    }
}

/// Configures and builds a [`Client`].
#[derive(Clone)]
pub struct ClientBuilder {
    base_url: String,
    user: Option<String>,
    password: Secret,
    tls: Tls,
    timeout: Duration,
    connect_timeout: Duration,
    method: Method,
    format: Format,
    api_path: String,
    max_reply_bytes: u64,
    check_mode: CheckMode,
    catalog: Option<Arc<Catalog>>,
    auto_multiline: bool,
    retries: u32,
}

impl ClientBuilder {
    /// Sends HTTP Basic credentials with every call: a Virtualmin master administrator (or a
    /// reseller allowed the remote API).
    pub fn credentials(mut self, user: impl Into<String>, password: impl Into<Secret>) -> Self {
        self.user = Some(user.into());
        self.password = password.into();
        self
    }

    /// How the server's certificate is checked (default: [`Tls::Verify`]).
    pub fn tls(mut self, tls: Tls) -> Self {
        self.tls = tls;
        self
    }

    /// The deadline for a whole call, from connecting to the last byte (default 300 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The deadline for opening the connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// POST (the default: nothing in the URL) or GET.
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// The reply format asked for unless a call chooses its own (default JSON).
    pub fn format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }

    /// The API's path under the base URL (default `/virtual-server/remote.cgi`).
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.api_path = path.into();
        self
    }

    /// Talks to Cloudmin's API (`/server-manager/remote.cgi`).
    pub fn cloudmin(self) -> Self {
        self.path(CLOUDMIN_PATH)
    }

    /// Refuses replies larger than this many bytes, while reading (default 256 MiB).
    pub fn max_reply_bytes(mut self, limit: u64) -> Self {
        self.max_reply_bytes = limit;
        self
    }

    /// What to do when a call does not match the catalog: log a warning (the default), refuse
    /// it with a usage error, or nothing. See [`Catalog::check`].
    pub fn check_mode(mut self, mode: CheckMode) -> Self {
        self.check_mode = mode;
        self
    }

    /// The catalog calls are checked against (default: [`Catalog::bundled`], Virtualmin GPL
    /// 8.1). Pass one from [`Client::live_catalog`] of another client to check against what a
    /// server really offers.
    pub fn catalog(mut self, catalog: Arc<Catalog>) -> Self {
        self.catalog = Some(catalog);
        self
    }

    /// Whether to add a bare `multiline` to calls of list programs that chose no listing mode
    /// (default on).
    ///
    /// Without it, remote.cgi parses a list program's table as if it were multiline output and
    /// returns every table line, header and ruler included, as a nameless record. With it,
    /// `list-domains` returns one record per domain with all its fields. It is added only for
    /// programs whose catalog entry takes `--multiline`, and never when the call already has a
    /// listing flag (`multiline`, `name-only`, `id-only`, `user-only`, ...).
    pub fn auto_multiline(mut self, on: bool) -> Self {
        self.auto_multiline = on;
        self
    }

    /// How many times to retry a call that could not connect (default 0: never).
    ///
    /// Only programs that change nothing are retried (`list-*`, `get-*`, `info`,
    /// `list-commands`, ...), and only when no connection could be made, with a backoff of
    /// 0.25 s, 0.5 s, 1 s, ... between tries. Nothing else is ever retried: a reply that was cut
    /// off may mean the program ran, and an auth failure counts towards Webmin blocking the
    /// address after five.
    pub fn retries(mut self, retries: u32) -> Self {
        self.retries = retries;
        self
    }

    /// Checks the options and builds the client.
    ///
    /// # Errors
    /// A usage error for a bad URL, path, timeout, or CA file; Tls if the TLS layer cannot be
    /// set up.
    pub fn build(self) -> Result<Client, Error> {
        let endpoint = Endpoint::parse(&self.base_url)?;
        if !self.api_path.starts_with('/') || self.api_path.contains(['?', '#', ' ']) {
            return Err(Error::usage(format!(
                "invalid API path {:?}: it must start with '/' and hold no query",
                self.api_path
            )));
        }
        if self.timeout.is_zero() || self.connect_timeout.is_zero() {
            return Err(Error::usage("timeouts must be longer than zero"));
        }
        if self.max_reply_bytes == 0 {
            return Err(Error::usage("the reply size limit must be above zero"));
        }
        if let Some(user) = &self.user {
            if user.is_empty() || user.contains([':', '\r', '\n', '\0']) {
                return Err(Error::usage(
                    "invalid user name: it must be non-empty and hold no ':' or line break",
                ));
            }
        }
        if !endpoint.is_https() {
            log::warn!(
                "{} is plain HTTP: the password and every reply travel unencrypted",
                endpoint.origin()
            );
        }

        let tls_config = if endpoint.is_https() {
            Some(self.tls.client_config()?)
        } else {
            None
        };
        let authorization = self.user.as_ref().map(|user| {
            let token = base64::engine::general_purpose::STANDARD
                .encode(format!("{user}:{}", self.password.expose()));
            Secret::new(format!("Basic {token}"))
        });

        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(None)
            .timeout_global(Some(self.timeout))
            .timeout_connect(Some(self.connect_timeout))
            .user_agent(concat!("virtualmin-remote/", env!("CARGO_PKG_VERSION")))
            .max_response_header_size(64 * 1024)
            .build();
        let connector =
            ().chain(TcpConnector::default())
                .chain(transport::TlsConnector::new(tls_config));
        let agent = ureq::Agent::with_parts(config, connector, DefaultResolver::default());

        Ok(Client {
            inner: Arc::new(Inner {
                url: endpoint.api_url(&self.api_path),
                origin: endpoint.origin(),
                user: self.user,
                authorization,
                tls_mode: self.tls.mode_name(),
                method: self.method,
                format: self.format,
                timeout: self.timeout,
                max_reply_bytes: self.max_reply_bytes,
                check_mode: self.check_mode,
                catalog: self
                    .catalog
                    .unwrap_or_else(|| Arc::new(Catalog::bundled().clone())),
                auto_multiline: self.auto_multiline,
                retries: self.retries,
                live_catalog: Mutex::new(None),
                agent,
            }),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("user", &self.user)
            .field("password", &self.password)
            .field("tls", &self.tls.mode_name())
            .field("method", &self.method)
            .finish_non_exhaustive()
    }
}

/// A connection to one Virtualmin server's remote API.
///
/// Cheap to clone (one `Arc`), `Send + Sync`: share it between threads and run calls in
/// parallel, which is how a program goes faster against a server that takes a second a call.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    url: String,
    origin: String,
    user: Option<String>,
    authorization: Option<Secret>,
    tls_mode: &'static str,
    method: Method,
    format: Format,
    timeout: Duration,
    max_reply_bytes: u64,
    check_mode: CheckMode,
    catalog: Arc<Catalog>,
    auto_multiline: bool,
    retries: u32,
    live_catalog: Mutex<Option<Arc<Catalog>>>,
    agent: ureq::Agent,
}

impl Client {
    /// Starts configuring a client for the server at `base_url` (`https://host:10000`).
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            base_url: base_url.into(),
            user: None,
            password: Secret::default(),
            tls: Tls::Verify,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            method: Method::Post,
            format: Format::Json,
            api_path: VIRTUALMIN_PATH.to_owned(),
            max_reply_bytes: DEFAULT_MAX_REPLY_BYTES,
            check_mode: CheckMode::Warn,
            catalog: None,
            auto_multiline: true,
            retries: 0,
        }
    }

    /// The API's URL (`https://host:10000/virtual-server/remote.cgi`).
    pub fn url(&self) -> &str {
        &self.inner.url
    }

    /// The user name sent, if any.
    pub fn user(&self) -> Option<&str> {
        self.inner.user.as_deref()
    }

    /// Runs a call and decodes its reply.
    ///
    /// # Errors
    /// Usage before anything is sent; then any kind of [`ErrorKind`] as the network and the
    /// server decide. A program that fails is [`ErrorKind::ProgramFailed`].
    pub fn run(&self, call: &Call) -> Result<Response, Error> {
        let call = self.prepare(call)?;
        let call = call.as_ref();
        let format = call.chosen_format().unwrap_or(self.inner.format);
        let program = call.program();
        log::debug!("calling {program} on {}", self.inner.origin);

        let mut attempt = 0;
        let result = loop {
            let result = self.send(call, format);
            match &result {
                Err(err) if attempt < self.inner.retries && is_retryable(call, err) => {
                    let pause = Duration::from_millis(250u64 << attempt.min(6));
                    log::debug!(
                        "{program} on {}: could not connect; retrying in {pause:?}",
                        self.inner.origin
                    );
                    std::thread::sleep(pause);
                    attempt += 1;
                }
                _ => break result.and_then(|reply| decode_reply(call, format, reply)),
            }
        };
        match &result {
            Ok(_) => log::debug!("{program} on {}: success", self.inner.origin),
            Err(err) => log::debug!("{program} on {}: {} error", self.inner.origin, err.kind()),
        }
        result
    }

    /// The mistakes the client's catalog finds in `call` (see [`Catalog::check`]), whatever the
    /// check mode. The call is checked as it would be sent, `multiline` added or not.
    pub fn check(&self, call: &Call) -> Vec<Problem> {
        self.inner.catalog.check(&self.with_listing_mode(call))
    }

    /// The catalog this client checks calls against.
    pub fn catalog(&self) -> &Arc<Catalog> {
        &self.inner.catalog
    }

    /// The server's own catalog, read through `list-commands` and one `get-command` per
    /// program (eight at a time), then kept for the life of this client and its clones.
    ///
    /// Programs whose usage text get-command cannot parse keep their bundled entry.
    ///
    /// # Errors
    /// Whatever the calls fail with; nothing is cached then.
    pub fn live_catalog(&self) -> Result<Arc<Catalog>, Error> {
        let mut cached = self
            .inner
            .live_catalog
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(catalog) = &*cached {
            return Ok(catalog.clone());
        }
        let commands = self.run(&Call::new("list-commands").flag("multiline"))?;
        let names: Vec<String> = commands
            .records()
            .iter()
            .map(|r| r.name().to_owned())
            .collect();
        let mut details = Vec::with_capacity(names.len());
        for (name, result) in
            self.run_many(&names, |name| Call::new("get-command").arg("command", name))
        {
            match result {
                Ok(response) => details.push((name, response)),
                // NB: get-command cannot parse some programs' usage text (18 of Virtualmin
                // 8.1's); those keep what the bundled catalog knows of them.
                Err(err) if err.kind() == ErrorKind::ProgramFailed => {
                    log::debug!(
                        "get-command {name} on {}: {}",
                        self.inner.origin,
                        err.message()
                    )
                }
                Err(err) => return Err(err),
            }
        }
        let catalog = Arc::new(Catalog::from_live(&self.inner.origin, &commands, &details));
        *cached = Some(catalog.clone());
        Ok(catalog)
    }

    /// Runs one call per name with at most eight in flight, keeping the names' order.
    fn run_many(
        &self,
        names: &[String],
        make: impl Fn(&str) -> Call + Sync,
    ) -> Vec<(String, Result<Response, Error>)> {
        const IN_FLIGHT: usize = 8;
        let chunk = names.len().div_ceil(IN_FLIGHT).max(1);
        std::thread::scope(|scope| {
            let workers: Vec<_> = names
                .chunks(chunk)
                .map(|part| {
                    let make = &make;
                    scope.spawn(move || {
                        part.iter()
                            .map(|name| (name.clone(), self.run(&make(name))))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|worker| worker.join().unwrap_or_default())
                .collect()
        })
    }

    /// Validates `call`, adds `multiline` where wanted, and applies the check mode.
    fn prepare<'a>(&self, call: &'a Call) -> Result<Cow<'a, Call>, Error> {
        call.validate()?;
        let call = self.with_listing_mode(call);
        if self.inner.check_mode != CheckMode::Off {
            let problems = self.inner.catalog.check(&call);
            if self.inner.check_mode == CheckMode::Strict && !problems.is_empty() {
                return Err(Error::from_problems(&problems));
            }
            for problem in &problems {
                log::warn!(
                    "{problem} (sending anyway; the catalog is {})",
                    self.inner.catalog.source()
                );
            }
        }
        Ok(call)
    }

    fn with_listing_mode<'a>(&self, call: &'a Call) -> Cow<'a, Call> {
        if self.inner.auto_multiline && self.inner.catalog.wants_multiline(call) {
            Cow::Owned(call.clone().flag("multiline"))
        } else {
            Cow::Borrowed(call)
        }
    }

    fn send(&self, call: &Call, format: Format) -> Result<RawReply, Error> {
        let inner = &*self.inner;
        let params = call.wire_params(format);
        let encoded = form_encode(&params);

        let result = match inner.method {
            Method::Post => {
                let mut request = inner
                    .agent
                    .post(&inner.url)
                    .header("Content-Type", "application/x-www-form-urlencoded");
                if let Some(auth) = &inner.authorization {
                    request = request.header("Authorization", auth.expose());
                }
                request.send(encoded.as_bytes())
            }
            Method::Get => {
                let mut url = String::with_capacity(inner.url.len() + 1 + encoded.len());
                url.push_str(&inner.url);
                url.push('?');
                url.push_str(&encoded);
                let mut request = inner.agent.get(&url);
                if let Some(auth) = &inner.authorization {
                    request = request.header("Authorization", auth.expose());
                }
                request.call()
            }
        };
        let mut response =
            result.map_err(|e| transport_error(e, &inner.origin, inner.timeout, false))?;

        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = response
            .body_mut()
            .with_config()
            .limit(inner.max_reply_bytes)
            .read_to_vec()
            .map_err(|e| transport_error(e, &inner.origin, inner.timeout, true))?;
        Ok(RawReply {
            status,
            headers,
            body,
        })
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("url", &self.inner.url)
            .field("user", &self.inner.user)
            .field(
                "password",
                &self.inner.authorization.as_ref().map(|_| "***"),
            )
            .field("tls", &self.inner.tls_mode)
            .field("method", &self.inner.method)
            .field("format", &self.inner.format)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> Client {
        Client::builder("https://vm.example.net:10000")
            .credentials("root", "Top-Sekrit-9")
            .tls(Tls::Insecure)
            .build()
            .unwrap()
    }

    #[test]
    fn url_with_credentials_is_refused() {
        let err = Client::builder("https://root:pw@vm.example.net:10000")
            .build()
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Usage);
        assert!(!err.to_string().contains("pw"));
    }

    #[test]
    fn debug_of_client_hides_the_password() {
        let text = format!("{:?}", client());
        assert!(!text.contains("Top-Sekrit-9"), "{text}");
        assert!(text.contains("***"));
        let builder = Client::builder("https://h:1").credentials("root", "Top-Sekrit-9");
        assert!(!format!("{builder:?}").contains("Top-Sekrit-9"));
    }

    #[test]
    fn preview_masks_password_and_secret_flags() {
        let call = Call::new("create-domain")
            .arg("domain", "a.example")
            .arg("pass", "Dom1Secret");
        let preview = client().preview(&call).unwrap();
        let text = preview.to_string();
        assert!(
            !text.contains("Dom1Secret") && !text.contains("Top-Sekrit-9"),
            "{text}"
        );
        assert_eq!(
            preview.body.as_deref(),
            Some("program=create-domain&domain=a.example&pass=***&json=1")
        );
        assert_eq!(
            preview.url,
            "https://vm.example.net:10000/virtual-server/remote.cgi"
        );
        assert_eq!(
            preview.command_line,
            "virtualmin create-domain --domain a.example --pass '***'"
        );
    }

    #[test]
    fn preview_with_get_puts_parameters_in_the_url() {
        let client = Client::builder("https://h:10000")
            .method(Method::Get)
            .tls(Tls::Insecure)
            .build()
            .unwrap();
        let preview = client
            .preview(&Call::new("list-domains").flag("name-only"))
            .unwrap();
        assert_eq!(
            preview.url,
            "https://h:10000/virtual-server/remote.cgi?program=list-domains&name-only=&json=1"
        );
        assert_eq!(preview.body, None);
    }

    #[test]
    fn client_is_send_sync_and_cheap_to_clone() {
        fn assert_send_sync<T: Send + Sync + Clone>() {}
        assert_send_sync::<Client>();
        let a = client();
        let b = a.clone();
        assert!(Arc::ptr_eq(&a.inner, &b.inner));
    }
}
