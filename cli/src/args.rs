//! The command line: our options first, then PROGRAM and Virtualmin's own flags.
//!
//! Everything after PROGRAM is read the way the local `virtualmin` command reads it, so a
//! command from Virtualmin's documentation runs remotely unchanged: `--flag value`, a bare
//! `--flag` (when the next word is another flag or there is none), repeats in order, and
//! `--flag=value` to force a value, even one that starts with `--`.

use std::path::PathBuf;

/// What to print results as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// Pretty JSON when stdout is not a terminal, readable text when it is.
    Auto,
    Json,
    Text,
}

/// What the user asked for.
#[derive(Debug, Default)]
pub struct Options {
    pub server: Option<String>,
    pub user: Option<String>,
    pub password_file: Option<PathBuf>,
    pub profiles: Vec<String>,
    pub group: Option<String>,
    pub max_in_flight: Option<usize>,
    pub config: Option<PathBuf>,
    pub fingerprint: Option<String>,
    pub ca_file: Option<PathBuf>,
    pub insecure: bool,
    pub output: Option<Output>,
    pub wire_format: Option<String>,
    pub get: bool,
    pub cloudmin: bool,
    pub timeout: Option<f64>,
    pub connect_timeout: Option<f64>,
    pub check: Option<String>,
    pub no_auto_multiline: bool,
    pub dry_run: bool,
    pub quiet: bool,
    pub verbose: bool,
}

/// The command after the options.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Help,
    Version,
    /// List the programs of the catalog.
    Programs,
    /// Describe one program's flags.
    HelpProgram {
        program: String,
    },
    /// Print a shell completion script.
    Completions {
        shell: String,
    },
    /// Print the certificate fingerprint the server presents.
    Fingerprint {
        url: Option<String>,
    },
    /// Run an API program with flags in order (a bare flag has an empty value).
    Run {
        program: String,
        flags: Vec<(String, String)>,
    },
}

/// A command-line mistake, reported with exit code 2.
#[derive(Debug, PartialEq, Eq)]
pub struct ArgError(pub String);

pub const USAGE: &str = "\
Usage: virtualmin-remote [OPTIONS] PROGRAM [--flag [value]]...
       virtualmin-remote [OPTIONS] fingerprint [URL]
       virtualmin-remote programs | help PROGRAM | completions bash|zsh|fish

Runs a Virtualmin API program on a remote server through remote.cgi. Everything after PROGRAM
is passed as the local `virtualmin PROGRAM ...` command takes it: `--flag value`, bare `--flag`,
repeated flags, and `--flag=value` for a value that starts with `--`.

Server and credentials:
  --server URL            https://host:10000 (or from the profile)
  --user NAME             user name (default: root)
  --password-file FILE    read the password from the first line of FILE
                          (else $VIRTUALMIN_PASSWORD, else a prompt on a terminal;
                          never from the command line)
  --profile NAME          use [NAME] of the config file (default: [default] if present);
                          give it more than once to run on several servers at once
  --group NAME            run on every profile of [group NAME] at once
  --max-in-flight N       with several servers: calls in flight at once (default 16)
  --config FILE           config file (default: $VIRTUALMIN_REMOTE_CONFIG or
                          ~/.config/virtualmin-remote/config)
TLS:
  --fingerprint SHA256    accept exactly the certificate with this SHA-256 fingerprint
  --ca-file PEM           verify against these CA certificates instead of the system's
  --insecure              DANGEROUS: accept any certificate (prints a warning)
Request and output:
  --output json|text      print JSON (default for pipes) or readable text (default on a terminal)
  --wire-format FORMAT    json (default), json-minified, text, xml or perl on the wire
  --get                   send parameters in the URL instead of a POST body (they get logged)
  --cloudmin              talk to Cloudmin's /server-manager/remote.cgi
  --timeout SECONDS       whole-call deadline (default 300)
  --connect-timeout SECS  connect deadline (default 10)
  --check MODE            check calls against the program catalog before sending:
                          strict (default: refuse mistakes), warn, or off
  --no-auto-multiline     do not add --multiline to list programs called without a
                          listing mode (their table then comes back as text)
  --dry-run               print the request with secrets as *** and send nothing
  -q, --quiet             no progress line on a terminal
  -v, --verbose           log what happens to stderr (never secrets)
  -h, --help              this text
  -V, --version           the version

Exit codes: 0 success, 2 usage, 3 connect, 4 timeout, 5 TLS, 6 auth, 7 blocked,
8 refused by remote.cgi, 9 program failed, 10 other HTTP status, 11 protocol, 1 other.
With several servers: 0 if every server succeeded, 12 if some failed, 13 if all failed.
";

/// Parses `args` (without the program name).
pub fn parse(args: &[String]) -> Result<(Options, Command), ArgError> {
    let mut opts = Options::default();
    let mut i = 0;

    while i < args.len() {
        let arg = args[i].as_str();
        if !arg.starts_with('-') {
            break;
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_owned())),
            _ => (arg, None),
        };
        let mut value = |what: &str| -> Result<String, ArgError> {
            if let Some(v) = inline.clone() {
                return Ok(v);
            }
            i += 1;
            args.get(i)
                .cloned()
                .ok_or_else(|| ArgError(format!("{name} needs {what}")))
        };
        match name {
            "-h" | "--help" => return Ok((opts, Command::Help)),
            "-V" | "--version" => return Ok((opts, Command::Version)),
            "--server" => opts.server = Some(value("a URL")?),
            "--user" => opts.user = Some(value("a user name")?),
            "--password-file" => opts.password_file = Some(value("a file")?.into()),
            "--password" | "--pass" => {
                return Err(ArgError(format!(
                    "{name} is not accepted: a password on the command line is visible to every \
                     user of this machine; use --password-file, $VIRTUALMIN_PASSWORD or the prompt"
                )))
            }
            "--profile" => opts.profiles.push(value("a profile name")?),
            "--group" => opts.group = Some(value("a group name")?),
            "--max-in-flight" => {
                let text = value("a number")?;
                match text.parse::<usize>() {
                    Ok(n) if n > 0 => opts.max_in_flight = Some(n),
                    _ => {
                        return Err(ArgError(format!(
                            "--max-in-flight: {text:?} is not a positive number"
                        )))
                    }
                }
            }
            "--config" => opts.config = Some(value("a file")?.into()),
            "--fingerprint" => opts.fingerprint = Some(value("a SHA-256 fingerprint")?),
            "--ca-file" => opts.ca_file = Some(value("a PEM file")?.into()),
            "--insecure" => opts.insecure = true,
            "--output" | "--format" => {
                opts.output = Some(match value("json or text")?.as_str() {
                    "json" => Output::Json,
                    "text" => Output::Text,
                    "auto" => Output::Auto,
                    other => {
                        return Err(ArgError(format!(
                            "{name}: unknown output {other:?} (json or text)"
                        )))
                    }
                })
            }
            "--wire-format" => opts.wire_format = Some(value("a format")?),
            "--get" => opts.get = true,
            "--cloudmin" => opts.cloudmin = true,
            "--timeout" => opts.timeout = Some(seconds(name, &value("seconds")?)?),
            "--connect-timeout" => opts.connect_timeout = Some(seconds(name, &value("seconds")?)?),
            "--check" => {
                let mode = value("off, warn or strict")?;
                if !matches!(mode.as_str(), "off" | "warn" | "strict") {
                    return Err(ArgError(format!(
                        "--check: unknown mode {mode:?} (off, warn or strict)"
                    )));
                }
                opts.check = Some(mode);
            }
            "--no-auto-multiline" => opts.no_auto_multiline = true,
            "--dry-run" => opts.dry_run = true,
            "-q" | "--quiet" => opts.quiet = true,
            "-v" | "--verbose" => opts.verbose = true,
            other => {
                return Err(ArgError(format!(
                    "unknown option {other} (options go before PROGRAM; see --help)"
                )))
            }
        }
        i += 1;
    }

    let Some(program) = args.get(i) else {
        return Err(ArgError(
            "no PROGRAM given (try list-domains; see --help)".into(),
        ));
    };
    let rest = &args[i + 1..];
    let command = match program.as_str() {
        "help" => match rest {
            [] => Command::Help,
            [name] => Command::HelpProgram {
                program: name.clone(),
            },
            _ => return Err(ArgError("help takes at most one PROGRAM".into())),
        },
        "programs" if rest.is_empty() => Command::Programs,
        "completions" => match rest {
            [shell] => Command::Completions {
                shell: shell.clone(),
            },
            _ => {
                return Err(ArgError(
                    "completions takes one shell: bash, zsh or fish".into(),
                ))
            }
        },
        "fingerprint" => match rest {
            [] => Command::Fingerprint { url: None },
            [url] => Command::Fingerprint {
                url: Some(url.clone()),
            },
            _ => return Err(ArgError("fingerprint takes at most one URL".into())),
        },
        _ => Command::Run {
            program: program.clone(),
            flags: program_flags(rest)?,
        },
    };
    Ok((opts, command))
}

fn seconds(name: &str, text: &str) -> Result<f64, ArgError> {
    match text.parse::<f64>() {
        Ok(s) if s > 0.0 && s.is_finite() => Ok(s),
        _ => Err(ArgError(format!(
            "{name}: {text:?} is not a positive number of seconds"
        ))),
    }
}

/// Reads Virtualmin's flag syntax into ordered (name, value) pairs.
pub fn program_flags(words: &[String]) -> Result<Vec<(String, String)>, ArgError> {
    let mut flags = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        let Some(flag) = word.strip_prefix("--") else {
            return Err(ArgError(format!(
                "unexpected {word:?}: program flags start with -- (a value follows its flag)"
            )));
        };
        if let Some((name, value)) = flag.split_once('=') {
            flags.push((name.to_owned(), value.to_owned()));
            i += 1;
            continue;
        }
        match words.get(i + 1) {
            Some(next) if !next.starts_with("--") => {
                flags.push((flag.to_owned(), next.clone()));
                i += 2;
            }
            _ => {
                flags.push((flag.to_owned(), String::new()));
                i += 1;
            }
        }
    }
    Ok(flags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &[&str]) -> Vec<String> {
        s.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn flags_follow_virtualmin_syntax() {
        let flags = program_flags(&words(&[
            "--domain",
            "example.com",
            "--multiline",
            "--to",
            "a@x",
            "--to",
            "b@x",
            "--desc=--odd",
            "--name-only",
        ]))
        .unwrap();
        let expected = [
            ("domain", "example.com"),
            ("multiline", ""),
            ("to", "a@x"),
            ("to", "b@x"),
            ("desc", "--odd"),
            ("name-only", ""),
        ];
        let got: Vec<(&str, &str)> = flags
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn a_value_without_its_flag_is_an_error() {
        assert!(program_flags(&words(&["example.com"])).is_err());
    }

    #[test]
    fn options_stop_at_the_program() {
        let (opts, command) = parse(&words(&[
            "--server",
            "https://h:1",
            "--dry-run",
            "list-domains",
            "--multiline",
        ]))
        .unwrap();
        assert_eq!(opts.server.as_deref(), Some("https://h:1"));
        assert!(opts.dry_run);
        assert_eq!(
            command,
            Command::Run {
                program: "list-domains".into(),
                flags: vec![("multiline".into(), String::new())]
            }
        );
    }

    #[test]
    fn password_on_the_command_line_is_refused() {
        let err = parse(&words(&["--password", "x", "list-domains"])).unwrap_err();
        assert!(err.0.contains("--password-file"));
    }
}
