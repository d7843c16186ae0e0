//! The API programs: argument parsing as Virtualmin's scripts do it, and dispatch to the few
//! programs this server implements over its in-memory state.
//!
//! A program gets its argv (from remote.cgi's flag translation) and returns its text output and
//! Perl's raw wait status (`256` for `exit(1)`), which is what remote.cgi reports.

mod aliases;
mod domains;
mod meta;
mod text;
mod users;

use std::sync::Mutex;

use crate::catalog::{catalog, Lookup, Program};
use crate::convert::split_lines;
use crate::encode::{Format, Value};
use crate::knobs::lock;
use crate::state::State;
use crate::usage::usage;

/// What a program printed and how it exited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub output: Vec<u8>,
    /// Perl's `$?`: the exit code times 256.
    pub status: i32,
}

impl Outcome {
    pub fn success(output: impl Into<Vec<u8>>) -> Outcome {
        Outcome {
            output: output.into(),
            status: 0,
        }
    }
}

/// A program's parsed command line: flags in the order given, a value for those that take one.
pub struct Args {
    pairs: Vec<(String, Option<String>)>,
}

impl Args {
    pub fn has(&self, name: &str) -> bool {
        self.pairs.iter().any(|(n, _)| n == name)
    }

    /// The last value given for `name`, like a Perl script's `$x = shift(@ARGV)`.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }

    pub fn values(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(n, _)| n == name)
            .filter_map(|(_, v)| v.as_deref())
            .collect()
    }

    /// The format a program's own `--json` / `--xml` asked for, as Virtualmin's CLI does it.
    fn own_format(&self) -> Option<Format> {
        self.pairs.iter().find_map(|(name, _)| match name.as_str() {
            "json" => Some(Format::Json { minified: false }),
            "xml" => Some(Format::Xml),
            _ => None,
        })
    }
}

/// A usage failure on its way out of a program: the message (none for `--help`) before the
/// usage text.
pub struct Failure(pub Option<String>);

impl Failure {
    pub fn new(message: impl Into<String>) -> Failure {
        Failure(Some(message.into()))
    }
}

/// What an implemented program returns.
pub type Run = Result<Vec<u8>, Failure>;

/// Runs the program `name` with `argv`.
pub fn run(name: &str, argv: &[String], state: &Mutex<State>) -> Outcome {
    let program = match catalog().lookup(name) {
        Lookup::Program(program) => program,
        // NB: remote.cgi runs any executable .pl of the module; library files print nothing
        // and module.info.pl (not Perl at all) fails silently.
        Lookup::Internal("module.info") => {
            return Outcome {
                output: vec![],
                status: 256,
            }
        }
        Lookup::Internal(_) => return Outcome::success(vec![]),
        Lookup::Missing => {
            return Outcome {
                output: b"No such program\n".to_vec(),
                status: 256,
            }
        }
    };

    let (args, seen) = parse(program, argv);
    let args = match args {
        Ok(args) => args,
        Err(failure) => return fail(program, failure, seen.own_format()),
    };

    let mut state = lock(state);
    let result = match program.name.as_str() {
        "list-domains" => domains::list(&state, &args),
        "create-domain" => domains::create(&mut state, &args),
        "delete-domain" => domains::delete(&mut state, &args),
        "disable-domain" => domains::disable(&mut state, &args),
        "enable-domain" => domains::enable(&mut state, &args),
        "list-users" => users::list(&state, &args),
        "create-user" => users::create(&mut state, &args),
        "delete-user" => users::delete(&mut state, &args),
        "list-aliases" => aliases::list(&state, &args),
        "create-alias" => aliases::create(&mut state, &args),
        "delete-alias" => aliases::delete(&mut state, &args),
        "list-commands" => meta::list_commands(&args),
        "get-command" => meta::get_command(&args),
        "info" => meta::info(&state, &args),
        other => {
            let message = format!("The test server does not implement {other}\n");
            return Outcome {
                output: message.into_bytes(),
                status: 256,
            };
        }
    };
    drop(state);

    match result {
        Ok(output) => match args.own_format() {
            Some(format) => Outcome::success(own_format_output(&program.name, &output, format)),
            None => Outcome::success(output),
        },
        Err(failure) => fail(program, failure, args.own_format()),
    }
}

/// Parses `argv` the way Virtualmin's scripts do: a known flag takes the next word when it
/// takes a value, anything else is an "Unknown parameter". The flags seen before a failure come
/// back too, since `--json` / `--xml` among them change how the failure is printed.
fn parse(program: &Program, argv: &[String]) -> (Result<Args, Failure>, Args) {
    let mut pairs = Vec::new();
    let mut words = argv.iter();
    while let Some(word) = words.next() {
        if word == "--help" {
            return (Err(Failure(None)), Args { pairs });
        }
        let flag = word.strip_prefix("--").and_then(|name| program.flag(name));
        match flag {
            Some(flag) if flag.takes_value => {
                pairs.push((flag.name.clone(), words.next().cloned()));
            }
            Some(flag) => pairs.push((flag.name.clone(), None)),
            None => {
                let failure = Failure::new(format!("Unknown parameter {word}"));
                return (Err(failure), Args { pairs });
            }
        }
    }
    (
        Ok(Args {
            pairs: pairs.clone(),
        }),
        Args { pairs },
    )
}

/// The output and status of a program that called `usage()`.
fn fail(program: &Program, failure: Failure, own: Option<Format>) -> Outcome {
    let mut output = match failure.0 {
        Some(message) => format!("{message}\n\n").into_bytes(),
        None => Vec::new(),
    };
    output.extend_from_slice(usage(program).as_bytes());

    // NB: with its own --json or --xml a program formats even its failure, naming itself with
    // the .pl suffix (seen when a call sends both json=1 and xml=1).
    if let Some(format) = own {
        let lines = split_lines(&output);
        let first = lines
            .iter()
            .find(|l| !l.is_empty())
            .copied()
            .unwrap_or_default();
        let data = Value::map([
            ("command", Value::str(format!("{}.pl", program.name))),
            ("status", Value::str("failure")),
            ("error", Value::str(first)),
            ("full_error", Value::str(&output)),
        ]);
        output = format.render(&data);
    }
    Outcome {
        output,
        status: 256,
    }
}

/// What a list program prints when given its own `--json` / `--xml`: the lines as records
/// under `output`, as Virtualmin's command-line converter builds them.
fn own_format_output(name: &str, output: &[u8], format: Format) -> Vec<u8> {
    let mut records: Vec<Value> = Vec::new();
    for line in split_lines(output) {
        if line.first().is_some_and(|b| !b.is_ascii_whitespace()) {
            records.push(Value::map([
                ("name", Value::str(line)),
                ("values", Value::Map(vec![])),
            ]));
            continue;
        }
        let text = String::from_utf8_lossy(line);
        let Some((key, value)) = text.trim_start().split_once(':') else {
            continue;
        };
        let key = key.to_lowercase().replace(' ', "_");
        if let Some(Value::Map(record)) = records.last_mut() {
            if let Some((_, Value::Map(values))) = record.iter_mut().find(|(k, _)| k == "values") {
                match values.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, Value::List(list))) => list.push(Value::str(value.trim_start())),
                    _ => values.push((key, Value::List(vec![Value::str(value.trim_start())]))),
                }
            }
        }
    }
    let data = Value::map([
        ("command", Value::str(name)),
        ("status", Value::str("success")),
        ("output", Value::List(records)),
    ]);
    format.render(&data)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_with(state: &Mutex<State>, name: &str, argv: &[&str]) -> Outcome {
        let argv: Vec<String> = argv.iter().map(|a| a.to_string()).collect();
        run(name, &argv, state)
    }

    #[test]
    fn unknown_flags_and_stray_values_fail_with_usage() {
        let state = Mutex::new(State::default());
        let out = run_with(&state, "list-domains", &["--nosuchflag"]);
        assert_eq!(out.status, 256);
        assert!(out
            .output
            .starts_with(b"Unknown parameter --nosuchflag\n\nLists the virtual"));
        let out = run_with(&state, "list-domains", &["--name-only", "1"]);
        assert!(out.output.starts_with(b"Unknown parameter 1\n\n"));
    }

    #[test]
    fn unimplemented_and_internal_programs_answer_as_documented() {
        let state = Mutex::new(State::default());
        let out = run_with(&state, "list-plans", &[]);
        assert_eq!(out.status, 256);
        assert_eq!(
            out.output,
            b"The test server does not implement list-plans\n"
        );
        assert_eq!(
            run_with(&state, "virtual-server-lib", &[]),
            Outcome::success(vec![])
        );
        assert_eq!(run_with(&state, "module.info", &[]).status, 256);
    }

    #[test]
    fn help_prints_the_usage_alone() {
        let state = Mutex::new(State::default());
        let out = run_with(&state, "create-domain", &["--help"]);
        assert_eq!(out.status, 256);
        assert!(out
            .output
            .starts_with(b"Adds a new Virtualmin virtual server"));
    }
}
