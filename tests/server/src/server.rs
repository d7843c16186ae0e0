//! The server's shared state and the routing of one request: control endpoint, blocked host,
//! method, path, authentication, remote.cgi.

use std::net::IpAddr;
use std::sync::atomic::Ordering;
use std::sync::Mutex;
use std::time::Duration;

use crate::auth::{self, Guard, Role, Verdict};
use crate::control::{RequestLog, Stats};
use crate::form::{self, Param};
use crate::http::{Reply, Request};
use crate::knobs::{lock, Fault, Knobs, Settings};
use crate::options::Options;
use crate::pages;
use crate::remote;
use crate::state::State;

/// Everything the connections share.
pub struct Server {
    pub options: Options,
    /// The port actually bound.
    pub port: u16,
    pub state: Mutex<State>,
    pub knobs: Knobs,
    pub guard: Guard,
    pub stats: Stats,
    pub log: RequestLog,
}

/// What to send for a request, and how.
pub enum Answer {
    /// A reply delivered as the fault says.
    Reply {
        reply: Reply,
        fault: Fault,
        trickle_ms: u64,
    },
    /// A huge streamed reply to these parameters.
    Huge {
        head: Reply,
        params: Vec<Param>,
        megabytes: u64,
    },
    /// No answer at all, ever.
    Stall,
}

impl Answer {
    fn plain(reply: Reply) -> Answer {
        Answer::Reply {
            reply,
            fault: Fault::None,
            trickle_ms: 0,
        }
    }
}

impl Server {
    pub fn new(options: Options, port: u16) -> Server {
        let state = State::initial(options.seed, options.seed_domains);
        let knobs = Knobs::new(Settings {
            delay_ms: options.delay_ms,
            fault: options.fault,
            fault_count: None,
            huge_mb: options.huge_mb,
            trickle_ms: options.trickle_ms,
        });
        let guard = Guard::new(options.block_after, options.block_seconds);
        Server {
            options,
            port,
            state: Mutex::new(state),
            knobs,
            guard,
            stats: Stats::default(),
            log: RequestLog::default(),
        }
    }

    /// Back to how the server started; `seeded` overrides whether the data set is loaded.
    pub fn reset(&self, seeded: Option<bool>) {
        let seeded = seeded.unwrap_or(self.options.seed);
        *lock(&self.state) = State::initial(seeded, self.options.seed_domains);
        self.knobs.reset();
        self.guard.reset();
        self.stats.reset();
        self.log.clear();
    }

    /// The host part of this server's URLs.
    pub fn host(&self) -> String {
        match self.options.bind {
            IpAddr::V4(ip) => ip.to_string(),
            IpAddr::V6(ip) => format!("[{ip}]"),
        }
    }

    /// Decides the answer to a request that is not for a control endpoint.
    pub fn route(&self, request: &Request, peer: IpAddr) -> Answer {
        self.stats.requests.fetch_add(1, Ordering::SeqCst);
        if self.guard.is_blocked(peer) {
            let reason = format!("Access denied for {peer}");
            return Answer::plain(Reply::error(403, &reason, pages::error(403, &reason)));
        }
        if !matches!(request.method.as_str(), "GET" | "POST" | "HEAD") {
            let reason = format!("Bad Request method {}", request.method);
            return Answer::plain(Reply::error(400, &reason, pages::error(400, &reason)));
        }
        if !is_api_path(&request.path) {
            return Answer::plain(Reply::webmin_page(true, pages::login(&self.host())));
        }
        self.stats.api_requests.fetch_add(1, Ordering::SeqCst);

        let authorization = request.header("authorization");
        let credentials = authorization.and_then(auth::basic_credentials);
        let verdict = auth::check(authorization, &self.options.password);
        let auth_ok = matches!(verdict, Verdict::Granted { .. });
        self.log.push(
            request,
            credentials.as_ref().map(|(u, _)| u.as_str()),
            auth_ok,
        );

        let knobs = self.knobs.take();
        if knobs.delay_ms > 0 {
            std::thread::sleep(Duration::from_millis(knobs.delay_ms));
        }
        let params = parameters(request);
        let replaced = match knobs.fault {
            Fault::Stall => return Answer::Stall,
            Fault::Huge => {
                let head = Reply::document(crate::huge::content_type(&params), Vec::new());
                return Answer::Huge {
                    head,
                    params,
                    megabytes: knobs.huge_mb,
                };
            }
            Fault::Garbage => {
                let mut bytes = crate::random::bytes(1024);
                bytes[0] = 0xFF;
                bytes[1] = 0xFE;
                Some(Reply::document(crate::huge::content_type(&params), bytes))
            }
            Fault::HtmlError => Some(Reply::webmin_page(
                false,
                pages::webmin_error(
                    "root",
                    "Failed to run remote command : the test server was told to fail",
                ),
            )),
            Fault::Status500 => {
                let reason = "Perl execution failed";
                Some(Reply::error(500, reason, pages::error(500, reason)))
            }
            Fault::Redirect => {
                let location = format!("http://127.0.0.2:{}/elsewhere", self.port);
                Some(Reply::redirect(&location))
            }
            Fault::CloseBeforeHeaders => Some(Reply::document("text/plain", Vec::new())),
            _ => None,
        };
        let reply = match replaced {
            Some(reply) => reply,
            None => self.authenticated(verdict, peer, &params),
        };
        Answer::Reply {
            reply,
            fault: knobs.fault,
            trickle_ms: knobs.trickle_ms,
        }
    }

    fn authenticated(&self, verdict: Verdict, peer: IpAddr, params: &[Param]) -> Reply {
        match verdict {
            Verdict::Missing => Reply::unauthorized(None, pages::unauthorized()),
            Verdict::Denied { .. } => {
                let failed = self.guard.fail(peer);
                let delay = self
                    .options
                    .fail_delay_ms
                    .saturating_mul(u64::from(failed.count));
                std::thread::sleep(Duration::from_millis(delay));
                if failed.blocked {
                    let reason = format!(
                        "Access denied for {peer}. The host has been blocked because of too many \
                         authentication failures."
                    );
                    Reply::error(403, &reason, pages::error(403, &reason))
                } else {
                    Reply::unauthorized(None, pages::unauthorized())
                }
            }
            Verdict::Granted {
                role: Role::TwoFactor,
                ..
            } => Reply::unauthorized(Some("twofactor-required"), pages::unauthorized()),
            Verdict::Granted { user, role } => {
                self.guard.succeed(peer);
                match role {
                    Role::NoModule => Reply::webmin_page(false, pages::no_module(&user)),
                    Role::NonMaster => {
                        Reply::document("text/plain", remote::NOT_ALLOWED.as_bytes().to_vec())
                    }
                    _ => remote::respond(params, &self.state),
                }
            }
        }
    }
}

/// Whether `path` is remote.cgi: Virtualmin's or Cloudmin's, also with doubled or trailing
/// slashes.
pub fn is_api_path(path: &str) -> bool {
    let decoded =
        String::from_utf8_lossy(&form::unescape(path.replace('+', "%2B").as_bytes())).into_owned();
    let parts: Vec<&str> = decoded.split('/').filter(|p| !p.is_empty()).collect();
    matches!(
        parts.as_slice(),
        ["virtual-server" | "server-manager", "remote.cgi"]
    )
}

/// The form parameters: a POST body first, then the query string (ReadParse's order).
fn parameters(request: &Request) -> Vec<Param> {
    let mut params = Vec::new();
    if request.method == "POST" {
        params.extend(form::parse(&request.body));
    }
    if let Some(query) = &request.query {
        params.extend(form::parse(query.as_bytes()));
    }
    params
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_paths_match_like_miniserv() {
        for path in [
            "/virtual-server/remote.cgi",
            "/virtual-server/remote.cgi/",
            "//virtual-server/remote.cgi",
            "/server-manager/remote.cgi",
        ] {
            assert!(is_api_path(path), "{path}");
        }
        for path in [
            "/",
            "/virtual-servr/remote.cgi",
            "/virtual-server/remot.cgi",
            "/remote.cgi",
        ] {
            assert!(!is_api_path(path), "{path}");
        }
    }
}
