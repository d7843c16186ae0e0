//! The fault knobs: how the next API replies should go wrong, settable at start and at run time.

use std::sync::Mutex;

/// One way of answering an API request badly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    None,
    /// Close the connection without a byte of reply.
    CloseBeforeHeaders,
    /// Send the status line and headers, then drop TCP without TLS close_notify.
    ResetAfterHeaders,
    /// Send the headers and half the body, then drop TCP without TLS close_notify.
    CloseMidBody,
    /// Send the body without its end (exit line, closing bracket), then close cleanly.
    Truncate,
    /// 200 with random bytes that are not UTF-8.
    Garbage,
    /// 200 text/html Webmin error page.
    HtmlError,
    /// HTTP 500 with an HTML body.
    Status500,
    /// 302 to another loopback host.
    Redirect,
    /// A valid reply of `huge_mb` megabytes, generated while it is sent.
    Huge,
    /// The real reply, one byte every `trickle_ms`.
    Trickle,
    /// Read the request and never answer.
    Stall,
}

const NAMES: [(&str, Fault); 12] = [
    ("none", Fault::None),
    ("close-before-headers", Fault::CloseBeforeHeaders),
    ("reset-after-headers", Fault::ResetAfterHeaders),
    ("close-mid-body", Fault::CloseMidBody),
    ("truncate", Fault::Truncate),
    ("garbage", Fault::Garbage),
    ("html-error", Fault::HtmlError),
    ("status-500", Fault::Status500),
    ("redirect", Fault::Redirect),
    ("huge", Fault::Huge),
    ("trickle", Fault::Trickle),
    ("stall", Fault::Stall),
];

impl Fault {
    /// The fault named `name` (as on the command line), if there is one.
    pub fn parse(name: &str) -> Option<Fault> {
        NAMES.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
    }

    /// The command-line name of this fault.
    pub fn name(self) -> &'static str {
        NAMES
            .iter()
            .find(|(_, f)| *f == self)
            .map(|(n, _)| *n)
            .unwrap_or("none")
    }
}

/// The current knob settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub delay_ms: u64,
    pub fault: Fault,
    /// How many more API requests get the fault; `None` means all of them.
    pub fault_count: Option<u64>,
    pub huge_mb: u64,
    pub trickle_ms: u64,
}

impl Settings {
    /// The settings as the knobs endpoint reports them.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "delay_ms": self.delay_ms,
            "fault": self.fault.name(),
            "fault_count": self.fault_count,
            "huge_mb": self.huge_mb,
            "trickle_ms": self.trickle_ms,
        })
    }
}

/// What one API request is to get, decided when it arrives.
#[derive(Clone, Copy, Debug)]
pub struct Applied {
    pub delay_ms: u64,
    pub fault: Fault,
    pub huge_mb: u64,
    pub trickle_ms: u64,
}

/// The knobs shared by all connections, with the start values kept for a reset.
pub struct Knobs {
    initial: Settings,
    current: Mutex<Settings>,
}

impl Knobs {
    pub fn new(initial: Settings) -> Knobs {
        Knobs {
            current: Mutex::new(initial.clone()),
            initial,
        }
    }

    pub fn get(&self) -> Settings {
        lock(&self.current).clone()
    }

    pub fn reset(&self) {
        *lock(&self.current) = self.initial.clone();
    }

    /// Changes the knobs named in `params` (`delay_ms`, `fault`, `fault_count`, `huge_mb`,
    /// `trickle_ms`); a new fault without a count applies to every request.
    ///
    /// # Errors
    /// A message for an unknown knob, fault or number; nothing is changed then.
    pub fn set(&self, params: &[(String, String)]) -> Result<Settings, String> {
        let mut next = self.get();
        let mut count_given = false;
        for (name, value) in params {
            let number = || {
                value
                    .parse::<u64>()
                    .map_err(|_| format!("{name}: not a number"))
            };
            match name.as_str() {
                "delay_ms" => next.delay_ms = number()?,
                "fault" => {
                    next.fault = Fault::parse(value).ok_or(format!("unknown fault {value}"))?
                }
                "fault_count" => {
                    next.fault_count = Some(number()?);
                    count_given = true;
                }
                "huge_mb" => next.huge_mb = number()?,
                "trickle_ms" => next.trickle_ms = number()?,
                other => return Err(format!("unknown knob {other}")),
            }
        }
        if !count_given && params.iter().any(|(n, _)| n == "fault") {
            next.fault_count = None;
        }
        if next.fault == Fault::None {
            next.fault_count = None;
        }
        *lock(&self.current) = next.clone();
        Ok(next)
    }

    /// Takes what the next API request gets, counting down a limited fault.
    pub fn take(&self) -> Applied {
        let mut current = lock(&self.current);
        let fault = match current.fault_count {
            Some(0) => Fault::None,
            Some(n) => {
                current.fault_count = Some(n - 1);
                current.fault
            }
            None => current.fault,
        };
        if current.fault_count == Some(0) {
            current.fault = Fault::None;
            current.fault_count = None;
        }
        Applied {
            delay_ms: current.delay_ms,
            fault,
            huge_mb: current.huge_mb,
            trickle_ms: current.trickle_ms,
        }
    }
}

/// Locks a mutex, carrying on with the data if another thread panicked while holding it.
pub fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn knobs() -> Knobs {
        Knobs::new(Settings {
            delay_ms: 0,
            fault: Fault::None,
            fault_count: None,
            huge_mb: 1,
            trickle_ms: 10,
        })
    }

    fn set(knobs: &Knobs, pairs: &[(&str, &str)]) -> Result<Settings, String> {
        let pairs: Vec<_> = pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        knobs.set(&pairs)
    }

    #[test]
    fn a_counted_fault_applies_to_that_many_requests_then_clears() {
        let knobs = knobs();
        set(&knobs, &[("fault", "garbage"), ("fault_count", "2")]).unwrap();
        assert_eq!(knobs.take().fault, Fault::Garbage);
        assert_eq!(knobs.take().fault, Fault::Garbage);
        assert_eq!(knobs.take().fault, Fault::None);
        assert_eq!(knobs.get().fault, Fault::None);
    }

    #[test]
    fn an_uncounted_fault_stays_until_cleared() {
        let knobs = knobs();
        set(&knobs, &[("fault", "truncate")]).unwrap();
        for _ in 0..3 {
            assert_eq!(knobs.take().fault, Fault::Truncate);
        }
        set(&knobs, &[("fault", "none")]).unwrap();
        assert_eq!(knobs.take().fault, Fault::None);
    }

    #[test]
    fn bad_knobs_change_nothing() {
        let knobs = knobs();
        assert!(set(&knobs, &[("delay_ms", "5"), ("fault", "explode")]).is_err());
        assert_eq!(knobs.get().delay_ms, 0);
        assert!(set(&knobs, &[("colour", "red")]).is_err());
    }

    #[test]
    fn every_fault_name_round_trips() {
        for (name, fault) in NAMES {
            assert_eq!(Fault::parse(name), Some(fault));
            assert_eq!(fault.name(), name);
        }
    }
}
