//! HTTP Basic authentication as miniserv does it for remote.cgi: the test users, the failed-login
//! counter per client address, and the block after too many failures.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::knobs::lock;

/// What a known user may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A Virtualmin master admin: the API works.
    Master,
    /// Has the module but is no master admin: every call is refused by remote.cgi.
    NonMaster,
    /// Has two-factor login, which Basic auth cannot satisfy.
    TwoFactor,
    /// A Webmin user without the Virtualmin module.
    NoModule,
}

/// The users the server knows, all with the one password; the description goes into the start
/// line.
pub const USERS: [(&str, Role, &str); 4] = [
    ("root", Role::Master, "master administrator"),
    (
        "vmlimited",
        Role::NonMaster,
        "not a master administrator: remote calls are refused",
    ),
    (
        "twofa",
        Role::TwoFactor,
        "two-factor account: Basic auth answers 401 twofactor-required",
    ),
    (
        "nomodule",
        Role::NoModule,
        "Webmin user without the Virtualmin module",
    ),
];

/// The outcome of checking a request's credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Granted {
        user: String,
        role: Role,
    },
    /// No `Authorization: Basic` header (not counted as a failure).
    Missing,
    /// Unknown user or wrong password.
    Denied {
        user: String,
    },
}

/// The user name and password of an `Authorization: Basic ...` header value.
pub fn basic_credentials(header: &str) -> Option<(String, String)> {
    let (scheme, encoded) = header.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64_decode(encoded.trim())?;
    let text = String::from_utf8_lossy(&decoded).into_owned();
    let (user, password) = text.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

/// Checks the credentials of an `Authorization` header against the users and `password`.
pub fn check(header: Option<&str>, password: &str) -> Verdict {
    let Some((user, given)) = header.and_then(basic_credentials) else {
        return Verdict::Missing;
    };
    match USERS.iter().find(|(name, _, _)| *name == user) {
        Some((_, role, _)) if given == password => Verdict::Granted { user, role: *role },
        _ => Verdict::Denied { user },
    }
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        buffer = buffer << 6 | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// What a failed login led to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Failed {
    /// Consecutive failures from this address, this one included.
    pub count: u32,
    /// Whether this failure blocked the address.
    pub blocked: bool,
}

#[derive(Default)]
struct Record {
    failures: u32,
    blocked_until: Option<Instant>,
}

/// Failed-login counters and blocks, per client address.
pub struct Guard {
    block_after: u32,
    block_for: Duration,
    records: Mutex<HashMap<IpAddr, Record>>,
}

impl Guard {
    pub fn new(block_after: u32, block_seconds: u64) -> Guard {
        Guard {
            block_after,
            block_for: Duration::from_secs(block_seconds),
            records: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `ip` is blocked now; an expired block is lifted and its count forgotten.
    pub fn is_blocked(&self, ip: IpAddr) -> bool {
        let mut records = lock(&self.records);
        let Some(record) = records.get_mut(&ip) else {
            return false;
        };
        match record.blocked_until {
            Some(until) if Instant::now() < until => true,
            Some(_) => {
                records.remove(&ip);
                false
            }
            None => false,
        }
    }

    /// Counts a failed login from `ip`, blocking it at the limit.
    pub fn fail(&self, ip: IpAddr) -> Failed {
        let mut records = lock(&self.records);
        let record = records.entry(ip).or_default();
        record.failures += 1;
        let blocked = self.block_after > 0 && record.failures >= self.block_after;
        if blocked {
            record.blocked_until = Some(Instant::now() + self.block_for);
        }
        Failed {
            count: record.failures,
            blocked,
        }
    }

    /// A successful login resets the count.
    pub fn succeed(&self, ip: IpAddr) {
        lock(&self.records).remove(&ip);
    }

    pub fn reset(&self) {
        lock(&self.records).clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_decode() {
        // "root:se:cret" — a colon in the password stays in the password.
        let header = "Basic cm9vdDpzZTpjcmV0";
        assert_eq!(
            basic_credentials(header),
            Some(("root".into(), "se:cret".into()))
        );
        assert_eq!(basic_credentials("Bearer abc"), None);
        assert_eq!(basic_credentials("Basic !!!"), None);
    }

    #[test]
    fn verdicts_separate_missing_wrong_and_unknown() {
        let root = "Basic cm9vdDpwdw=="; // root:pw
        assert_eq!(check(None, "pw"), Verdict::Missing);
        assert_eq!(
            check(Some(root), "pw"),
            Verdict::Granted {
                user: "root".into(),
                role: Role::Master
            }
        );
        assert_eq!(
            check(Some(root), "other"),
            Verdict::Denied {
                user: "root".into()
            }
        );
        let nobody = "Basic bm9ib2R5OnB3"; // nobody:pw
        assert_eq!(
            check(Some(nobody), "pw"),
            Verdict::Denied {
                user: "nobody".into()
            }
        );
    }

    #[test]
    fn the_fifth_failure_blocks_and_success_resets_the_count() {
        let guard = Guard::new(5, 60);
        let ip = IpAddr::from([127, 0, 0, 1]);
        for n in 1..=3 {
            assert_eq!(
                guard.fail(ip),
                Failed {
                    count: n,
                    blocked: false
                }
            );
        }
        guard.succeed(ip);
        for n in 1..=4 {
            assert_eq!(guard.fail(ip).count, n);
        }
        assert!(!guard.is_blocked(ip));
        assert!(guard.fail(ip).blocked);
        assert!(guard.is_blocked(ip));
        assert!(!guard.is_blocked(IpAddr::from([127, 0, 0, 2])));
    }

    #[test]
    fn a_block_expires() {
        let guard = Guard::new(1, 0);
        let ip = IpAddr::from([127, 0, 0, 1]);
        assert!(guard.fail(ip).blocked);
        assert!(!guard.is_blocked(ip));
        assert_eq!(guard.fail(ip).count, 1);
    }
}
