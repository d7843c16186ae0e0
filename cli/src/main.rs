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

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use args::{ArgError, Command, Options, Output};
use profile::{Profile, ProfileError};
use virtualmin_remote::{
    fetch_fingerprint, Call, Catalog, CheckMode, Client, Error, ErrorKind, Format, Method, Tls,
};

/// Exit code for failures that are none of the library's error kinds (writing stdout, say).
const EXIT_OTHER: u8 = 1;

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

/// What can end a run: a library error, or a mistake of ours to report as a usage error.
enum Failure {
    Api(Error),
    Usage(String),
    Other(String),
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
            print!("{}", args::USAGE);
            Ok(())
        }
        Command::Version => {
            println!("virtualmin-remote {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        Command::Programs => {
            print!("{}", commands::programs(Catalog::bundled()));
            Ok(())
        }
        Command::HelpProgram { program } => commands::help(Catalog::bundled(), &program)
            .map(|text| print!("{text}"))
            .map_err(Failure::Usage),
        Command::Completions { shell } => commands::completions(Catalog::bundled(), &shell)
            .map(|text| print!("{text}"))
            .map_err(Failure::Usage),
        Command::Fingerprint { url } => run_fingerprint(&opts, url),
        Command::Run { program, flags } => run_program(&opts, program, flags, json_out),
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

/// Prints the one-line error on stderr (and, for JSON output, an error object on stdout).
fn report(failure: &Failure, json_out: bool) -> ExitCode {
    let (code, line) = match failure {
        Failure::Api(err) => (exit_code(err.kind()), err.to_string()),
        Failure::Usage(message) => (
            exit_code(ErrorKind::Usage),
            format!("Usage error: {message}"),
        ),
        Failure::Other(message) => (EXIT_OTHER, message.clone()),
    };
    eprintln!("virtualmin-remote: {line}");
    if json_out {
        let mut object = serde_json::json!({ "status": "failure", "error": line });
        if let Failure::Api(err) = failure {
            object["kind"] = err.kind().name().into();
            object["message"] = err.message().into();
            if let Some(status) = err.exit_status() {
                object["exit_status"] = status.into();
            }
            if let Some(status) = err.http_status() {
                object["http_status"] = status.into();
            }
            if let Some(output) = err.output() {
                object["full_error"] = output.into();
            }
            if let Some(first) = err.error_line() {
                object["error"] = first.into();
            }
        }
        let _ = serde_json::to_writer_pretty(std::io::stdout().lock(), &object);
        println!();
    } else if let Failure::Api(err) = failure {
        if let (Some(output), true) = (err.output(), log::log_enabled!(log::Level::Debug)) {
            eprint!("{output}");
        }
    }
    ExitCode::from(code)
}

/// The profile chosen by `--profile` (or `[default]`), read from the config file.
fn chosen_profile(opts: &Options) -> Result<Profile, Failure> {
    let path: Option<PathBuf> = opts.config.clone().or_else(profile::default_config_path);
    match path {
        Some(path) => Ok(profile::load(&path, opts.profile.as_deref())?),
        None if opts.profile.is_some() => Err(Failure::Usage(
            "--profile needs a config file, and none was found".into(),
        )),
        None => Ok(Profile::default()),
    }
}

fn tls_mode(opts: &Options, profile: &Profile) -> Result<Tls, Failure> {
    let chosen = [
        opts.fingerprint.is_some(),
        opts.ca_file.is_some(),
        opts.insecure,
    ]
    .iter()
    .filter(|b| **b)
    .count();
    if chosen > 1 {
        return Err(Failure::Usage(
            "choose one of --fingerprint, --ca-file and --insecure".into(),
        ));
    }
    Ok(if let Some(fp) = &opts.fingerprint {
        Tls::pinned(fp)?
    } else if let Some(ca) = &opts.ca_file {
        Tls::custom_ca_file(ca)?
    } else if opts.insecure {
        Tls::Insecure
    } else if let Some(fp) = &profile.fingerprint {
        Tls::pinned(fp)?
    } else if let Some(ca) = &profile.ca_file {
        Tls::custom_ca_file(ca)?
    } else if profile.insecure {
        Tls::Insecure
    } else {
        Tls::Verify
    })
}

fn server_url(opts: &Options, profile: &Profile) -> Result<String, Failure> {
    opts.server
        .clone()
        .or_else(|| profile.server.clone())
        .ok_or_else(|| {
            Failure::Usage("no server: give --server https://host:10000 or a --profile".into())
        })
}

fn run_program(
    opts: &Options,
    program: String,
    flags: Vec<(String, String)>,
    json_out: bool,
) -> Result<(), Failure> {
    let profile = chosen_profile(opts)?;
    let url = server_url(opts, &profile)?;
    let user = opts
        .user
        .clone()
        .or_else(|| profile.user.clone())
        .unwrap_or_else(|| "root".into());

    let mut call = Call::new(program);
    for (name, value) in flags {
        call.push_arg(name, value);
    }
    if let Some(name) = &opts.wire_format {
        call = call.format(Format::from_name(name)?);
    }

    // NB: the command line checks strictly by default: a person can fix a typo at once, and
    // `--check warn` is there for a server newer than the bundled catalog.
    let check = CheckMode::from_name(opts.check.as_deref().unwrap_or("strict"))?;
    let mut builder = Client::builder(url.clone())
        .tls(tls_mode(opts, &profile)?)
        .check_mode(check)
        .auto_multiline(!opts.no_auto_multiline);
    if opts.get {
        builder = builder.method(Method::Get);
    }
    if opts.cloudmin {
        builder = builder.cloudmin();
    }
    if let Some(s) = opts.timeout {
        builder = builder.timeout(Duration::from_secs_f64(s));
    }
    if let Some(s) = opts.connect_timeout {
        builder = builder.connect_timeout(Duration::from_secs_f64(s));
    }

    if opts.dry_run {
        // Nothing is sent, so no password is needed; the preview shows it as *** anyway.
        let client = builder.credentials(user, "").build()?;
        let preview = client.preview(&call)?;
        println!("{preview}");
        return Ok(());
    }

    let password = profile::password(opts.password_file.as_deref(), &profile, &user, &url)?;
    let client = builder.credentials(user, password).build()?;
    let response = {
        let _progress = progress::Progress::start(call.program(), opts.quiet);
        client.run(&call)?
    };

    let mut out = std::io::stdout().lock();
    let written = if json_out {
        render::write_json(&mut out, &response)
    } else {
        render::write_text(&mut out, &response)
    };
    written
        .and_then(|_| out.flush())
        .map_err(|e| Failure::Other(format!("cannot write output: {e}")))
}

fn run_fingerprint(opts: &Options, url: Option<String>) -> Result<(), Failure> {
    let url = match url {
        Some(url) => url,
        None => server_url(opts, &chosen_profile(opts)?)?,
    };
    let timeout = Duration::from_secs_f64(opts.connect_timeout.unwrap_or(10.0));
    let fingerprint = fetch_fingerprint(&url, timeout)?;
    eprintln!(
        "{url} presents the certificate below. Check it with the server's administrator \
         (openssl x509 -noout -fingerprint -sha256 -in /etc/webmin/miniserv.pem), then put \
         this line in the profile or pass it as --fingerprint:"
    );
    println!("fingerprint = {fingerprint}");
    Ok(())
}

/// Log lines on stderr: warnings always (insecure TLS, plain HTTP), everything with -v.
struct Logger {
    verbose: bool,
}

impl Logger {
    fn install(verbose: bool) {
        let logger = Box::leak(Box::new(Logger { verbose }));
        if log::set_logger(logger).is_ok() {
            log::set_max_level(if verbose {
                log::LevelFilter::Debug
            } else {
                log::LevelFilter::Warn
            });
        }
    }
}

impl log::Log for Logger {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        // NB: ureq logs wire bytes at TRACE and some of them at DEBUG; only our own crates
        // speak at DEBUG here, so no request body or header can reach the terminal.
        metadata.level() <= log::Level::Warn
            || (self.verbose && metadata.target().starts_with("virtualmin_remote"))
    }

    fn log(&self, record: &log::Record) {
        if self.enabled(record.metadata()) {
            let level = record.level().as_str().to_lowercase();
            eprintln!("virtualmin-remote: {level}: {}", record.args());
        }
    }

    fn flush(&self) {}
}
