//! `virtualmin-remote`: run Virtualmin API programs on a remote server.
//!
//! The flags after PROGRAM are Virtualmin's own, so `virtualmin-remote create-alias --domain
//! example.com --from info --to a@example.com` does remotely what `virtualmin create-alias ...`
//! does on the server. The password never comes from argv. Exit codes are listed in `--help` and
//! follow the error kinds of the library.

mod args;
mod commands;
mod profile;
mod progress;
mod render;
mod run;

use std::io::IsTerminal;
use std::process::ExitCode;

use args::{ArgError, Command, Options, Output};
use profile::ProfileError;
use virtualmin_remote::{Catalog, Error, ErrorKind};

/// Exit code for failures that are none of the library's error kinds (writing stdout, say).
const EXIT_OTHER: u8 = 1;
/// With several servers: some succeeded, some failed.
const EXIT_SOME_FAILED: u8 = 12;
/// With several servers: every one failed.
const EXIT_ALL_FAILED: u8 = 13;

/// The exit code for each error kind; the same numbers are in `tests/contract/error_kinds.json`.
fn exit_code(kind: ErrorKind) -> u8 {
    match kind {
        ErrorKind::Usage => 2,
        ErrorKind::Connect => 3,
        ErrorKind::Timeout => 4,
        ErrorKind::Tls => 5,
        ErrorKind::Auth => 6,
        ErrorKind::Blocked => 7,
        ErrorKind::Refused => 8,
        ErrorKind::ProgramFailed => 9,
        ErrorKind::Http => 10,
        ErrorKind::Protocol => 11,
        _ => EXIT_OTHER,
    }
}

/// What can end a run.
enum Failure {
    /// A library error: its kind decides the exit code.
    Api(Error),
    /// A mistake on the command line or in the config file.
    Usage(String),
    /// Some servers of several failed; their errors were already printed.
    Fleet { all: bool },
}

impl From<Error> for Failure {
    fn from(err: Error) -> Self {
        Failure::Api(err)
    }
}

impl From<ArgError> for Failure {
    fn from(err: ArgError) -> Self {
        Failure::Usage(err.0)
    }
}

impl From<ProfileError> for Failure {
    fn from(err: ProfileError) -> Self {
        Failure::Usage(err.0)
    }
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let (opts, command) = match args::parse(&argv) {
        Ok(parsed) => parsed,
        Err(err) => return report(&Failure::from(err), false),
    };
    Logger::install(opts.verbose);
    let json_out = wants_json(&opts);

    let result = match command {
        Command::Help => {
            emit(format_args!("{}", args::USAGE));
            Ok(())
        }
        Command::Version => {
            emit(format_args!(
                "virtualmin-remote {}\n",
                env!("CARGO_PKG_VERSION")
            ));
            Ok(())
        }
        Command::Programs => {
            emit(format_args!("{}", commands::programs(Catalog::bundled())));
            Ok(())
        }
        Command::HelpProgram { program } => commands::help(Catalog::bundled(), &program)
            .map(|text| emit(format_args!("{text}")))
            .map_err(Failure::Usage),
        Command::Completions { shell } => commands::completions(Catalog::bundled(), &shell)
            .map(|text| emit(format_args!("{text}")))
            .map_err(Failure::Usage),
        Command::Fingerprint { url } => run::fingerprint(&opts, url),
        Command::Run { program, flags } => run::program(&opts, program, flags, json_out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => report(&failure, json_out),
    }
}

fn wants_json(opts: &Options) -> bool {
    match opts.output.unwrap_or(Output::Auto) {
        Output::Json => true,
        Output::Text => false,
        Output::Auto => !std::io::stdout().is_terminal(),
    }
}

/// Writes to stdout. A closed pipe (`virtualmin-remote ... | head`) ends the program quietly,
/// as it would a C tool killed by SIGPIPE; any other write error is reported.
pub(crate) fn emit(text: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(err) = out.write_fmt(text).and_then(|_| out.flush()) {
        exit_on_write_error(&err);
    }
}

/// Ends the program after stdout failed: quietly for a closed pipe, else with a message.
pub(crate) fn exit_on_write_error(err: &std::io::Error) -> ! {
    if err.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("virtualmin-remote: cannot write output: {err}");
    std::process::exit(i32::from(EXIT_OTHER));
}

/// Prints the one-line error on stderr (and, for JSON output, an error object on stdout).
fn report(failure: &Failure, json_out: bool) -> ExitCode {
    let (code, line) = match failure {
        Failure::Api(err) => (exit_code(err.kind()), err.to_string()),
        Failure::Usage(message) => (
            exit_code(ErrorKind::Usage),
            format!("Usage error: {message}"),
        ),
        Failure::Fleet { all: true } => return ExitCode::from(EXIT_ALL_FAILED),
        Failure::Fleet { all: false } => return ExitCode::from(EXIT_SOME_FAILED),
    };
    eprintln!("virtualmin-remote: {line}");
    if json_out {
        let object = match failure {
            Failure::Api(err) => render::error_object(err),
            _ => serde_json::json!({ "status": "failure", "error": line }),
        };
        let text = serde_json::to_string_pretty(&object).unwrap_or_default();
        emit(format_args!("{text}\n"));
    } else if let Failure::Api(err) = failure {
        if let (Some(output), true) = (err.output(), log::log_enabled!(log::Level::Debug)) {
            eprint!("{output}");
        }
    }
    ExitCode::from(code)
}

/// Log lines on stderr: warnings always (insecure TLS, plain HTTP, catalog), everything with -v.
struct Logger {
    verbose: bool,
}

impl Logger {
    fn install(verbose: bool) {
        let logger = Box::leak(Box::new(Logger { verbose }));
        if log::set_logger(logger).is_ok() {
            let level = if verbose {
                log::LevelFilter::Debug
            } else {
                log::LevelFilter::Warn
            };
            log::set_max_level(level);
        }
    }
}

impl log::Log for Logger {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        // NB: ureq logs wire bytes at TRACE and some of them at DEBUG; only our own crates
        // speak below WARN here, so no request body or header can reach the terminal.
        let ours = metadata.target().starts_with("virtualmin_remote");
        ours && (metadata.level() <= log::Level::Warn || self.verbose)
    }

    fn log(&self, record: &log::Record) {
        if self.enabled(record.metadata()) {
            let level = match record.level() {
                log::Level::Error => "error",
                log::Level::Warn => "warning",
                _ => "debug",
            };
            eprintln!("virtualmin-remote: {level}: {}", record.args());
        }
    }

    fn flush(&self) {}
}
