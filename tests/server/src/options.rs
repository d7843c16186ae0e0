//! The command line of the test server: what it listens on, how it presents itself, and the
//! knobs that make it misbehave on purpose.

use std::net::IpAddr;

use crate::knobs::Fault;

/// The password every user has unless `--password` says otherwise. Fixed so that a developer
/// can paste it from the docs; random-looking so that a secret scan can find it in a leak.
pub const DEFAULT_PASSWORD: &str = "Vmr-t3st-9qZx4LwP";

/// Which certificate the TLS listener presents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CertMode {
    /// Like Webmin's own: self-signed, `CA:TRUE`, CN=vm, no name matching the address.
    SelfSigned,
    /// A generated CA and a leaf for localhost / 127.0.0.1 / ::1 signed by it.
    CaSigned,
}

/// Everything the command line sets.
#[derive(Clone, Debug)]
pub struct Options {
    pub bind: IpAddr,
    pub port: u16,
    pub plain: bool,
    pub cert: CertMode,
    pub password: String,
    pub seed: bool,
    /// Generated virtual servers added to the data (`--seed-domains`), for the benchmarks.
    pub seed_domains: usize,
    pub delay_ms: u64,
    pub fault: Fault,
    pub block_after: u32,
    pub block_seconds: u64,
    pub fail_delay_ms: u64,
    pub huge_mb: u64,
    pub trickle_ms: u64,
    pub max_seconds: u64,
    pub exit_on_stdin_eof: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            bind: IpAddr::from([127, 0, 0, 1]),
            port: 0,
            plain: false,
            cert: CertMode::SelfSigned,
            password: DEFAULT_PASSWORD.to_owned(),
            seed: false,
            seed_domains: 0,
            delay_ms: 0,
            fault: Fault::None,
            block_after: 5,
            block_seconds: 60,
            fail_delay_ms: 0,
            huge_mb: 60,
            trickle_ms: 1000,
            max_seconds: 3600,
            exit_on_stdin_eof: false,
        }
    }
}

pub const USAGE: &str = "\
usage: virtualmin-remote-testserver [--bind 127.0.0.1] [--port 0] [--plain]
           [--cert self-signed|ca-signed] [--password PW] [--seed] [--seed-domains N]
           [--delay-ms N] [--fault NAME] [--block-after 5] [--block-seconds 60]
           [--fail-delay-ms 0] [--huge-mb 60] [--trickle-ms 1000]
           [--max-seconds 3600] [--exit-on-stdin-eof]
";

impl Options {
    /// Parses the arguments after the program name.
    ///
    /// # Errors
    /// A message naming the offending argument; `--help` gives the usage text as the error.
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
        let mut options = Options::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (name, inline) = match arg.split_once('=') {
                Some((name, value)) if name.starts_with("--") => (name.to_owned(), Some(value)),
                _ => (arg.clone(), None),
            };
            let inline = inline.map(str::to_owned);
            let mut value = || -> Result<String, String> {
                inline
                    .clone()
                    .or_else(|| args.next())
                    .ok_or_else(|| format!("{name} needs a value"))
            };
            match name.as_str() {
                "--bind" => {
                    let text = value()?;
                    let ip: IpAddr = text
                        .parse()
                        .map_err(|_| format!("--bind {text}: not an IP address"))?;
                    // NB: the server has fixed passwords and deliberate faults: it must never be
                    // reachable from another machine.
                    if !ip.is_loopback() {
                        return Err(format!("--bind {ip}: only loopback addresses are allowed"));
                    }
                    options.bind = ip;
                }
                "--port" => options.port = number(&name, &value()?)?,
                "--plain" => options.plain = true,
                "--cert" => {
                    options.cert = match value()?.as_str() {
                        "self-signed" => CertMode::SelfSigned,
                        "ca-signed" => CertMode::CaSigned,
                        other => return Err(format!("--cert {other}: self-signed or ca-signed")),
                    }
                }
                "--password" => options.password = value()?,
                "--seed" => options.seed = true,
                "--seed-domains" => options.seed_domains = number(&name, &value()?)?,
                "--delay-ms" => options.delay_ms = number(&name, &value()?)?,
                "--fault" => {
                    let text = value()?;
                    options.fault =
                        Fault::parse(&text).ok_or_else(|| format!("--fault {text}: unknown"))?;
                }
                "--block-after" => options.block_after = number(&name, &value()?)?,
                "--block-seconds" => options.block_seconds = number(&name, &value()?)?,
                "--fail-delay-ms" => options.fail_delay_ms = number(&name, &value()?)?,
                "--huge-mb" => options.huge_mb = number(&name, &value()?)?,
                "--trickle-ms" => options.trickle_ms = number(&name, &value()?)?,
                "--max-seconds" => options.max_seconds = number(&name, &value()?)?,
                "--exit-on-stdin-eof" => options.exit_on_stdin_eof = true,
                "--help" | "-h" => return Err(USAGE.to_owned()),
                _ => return Err(format!("unknown argument {arg}\n{USAGE}")),
            }
        }
        if options.password.is_empty() {
            return Err("--password must not be empty".to_owned());
        }
        Ok(options)
    }
}

fn number<T: std::str::FromStr>(name: &str, text: &str) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("{name} {text}: not a number"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Options, String> {
        Options::parse(args.iter().map(|a| a.to_string()))
    }

    #[test]
    fn non_loopback_bind_is_refused() {
        assert!(parse(&["--bind", "0.0.0.0"]).is_err());
        assert!(parse(&["--bind", "192.0.2.1"]).is_err());
        assert!(parse(&["--bind", "::1"]).is_ok());
    }

    #[test]
    fn values_may_follow_or_be_inline() {
        let options = parse(&["--port=8080", "--delay-ms", "5", "--fault", "truncate"]).unwrap();
        assert_eq!(options.port, 8080);
        assert_eq!(options.delay_ms, 5);
        assert_eq!(options.fault, Fault::Truncate);
    }

    #[test]
    fn seed_domains_takes_a_count() {
        assert_eq!(parse(&[]).unwrap().seed_domains, 0);
        assert_eq!(
            parse(&["--seed-domains", "10000"]).unwrap().seed_domains,
            10_000
        );
        assert!(parse(&["--seed-domains", "many"]).is_err());
        assert!(parse(&["--seed-domains"]).is_err());
    }

    #[test]
    fn unknown_fault_and_argument_are_errors() {
        assert!(parse(&["--fault", "nope"]).is_err());
        assert!(parse(&["--frobnicate"]).is_err());
    }
}
