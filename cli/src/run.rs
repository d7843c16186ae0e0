//! Running a program on one server or several, and the fingerprint command.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use serde_json::{Map, Value};
use virtualmin_remote::{fetch_fingerprint, Call, CheckMode, Client, ClientBuilder, Fleet, Format};
use virtualmin_remote::{Method, Tls};

use crate::args::Options;
use crate::profile::{self, Config, Profile};
use crate::{emit, exit_on_write_error, progress, render, Failure};

fn config(opts: &Options) -> Result<Config, Failure> {
    let named = !opts.profiles.is_empty() || opts.group.is_some();
    let path: Option<PathBuf> = opts.config.clone().or_else(profile::default_config_path);
    match path {
        Some(path) => Ok(Config::load(&path, named)?),
        None if named => Err(Failure::Usage(
            "--profile and --group need a config file; none was found".into(),
        )),
        None => Ok(Config::default()),
    }
}

/// The profiles to run on: several for `--group` or repeated `--profile`, else one.
fn chosen_profiles(opts: &Options, config: &Config) -> Result<Vec<(String, Profile)>, Failure> {
    let mut names = opts.profiles.clone();
    if let Some(group) = &opts.group {
        names.extend(config.group(group)?);
    }
    if names.is_empty() {
        return Ok(vec![("default".into(), config.profile(None)?)]);
    }
    let mut chosen = Vec::new();
    for name in names {
        if chosen.iter().any(|(n, _)| *n == name) {
            continue;
        }
        let profile = config.profile(Some(&name))?;
        chosen.push((name, profile));
    }
    Ok(chosen)
}

fn tls_mode(opts: &Options, profile: &Profile) -> Result<Tls, Failure> {
    let given = [
        opts.fingerprint.is_some(),
        opts.ca_file.is_some(),
        opts.insecure,
    ];
    if given.iter().filter(|b| **b).count() > 1 {
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

/// A builder with everything but the credentials, from the options and a profile.
fn builder(opts: &Options, profile: &Profile, url: &str) -> Result<ClientBuilder, Failure> {
    // NB: the command line checks strictly by default: a person can fix a typo at once, and
    // `--check warn` is there for a server newer than the bundled catalog.
    let check = CheckMode::from_name(opts.check.as_deref().unwrap_or("strict"))?;
    let mut builder = Client::builder(url)
        .tls(tls_mode(opts, profile)?)
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
    Ok(builder)
}

fn user(opts: &Options, profile: &Profile) -> String {
    opts.user
        .clone()
        .or_else(|| profile.user.clone())
        .unwrap_or_else(|| "root".into())
}

/// Runs PROGRAM with its flags on the chosen server or servers and prints the result.
pub fn program(
    opts: &Options,
    program: String,
    flags: Vec<(String, String)>,
    json_out: bool,
) -> Result<(), Failure> {
    let mut call = Call::new(program);
    for (name, value) in flags {
        call.push_arg(name, value);
    }
    if let Some(name) = &opts.wire_format {
        call = call.format(Format::from_name(name)?);
    }

    let config = config(opts)?;
    let profiles = chosen_profiles(opts, &config)?;
    if profiles.len() > 1 {
        return fleet(opts, &profiles, &call, json_out);
    }
    let (_, profile) = &profiles[0];
    let url = server_url(opts, profile)?;
    let user = user(opts, profile);
    let builder = builder(opts, profile, &url)?;

    if opts.dry_run {
        // Nothing is sent, so no password is needed; the preview shows it as *** anyway.
        let preview = builder.credentials(user, "").build()?.preview(&call)?;
        emit(format_args!("{preview}\n"));
        return Ok(());
    }

    let password = profile::password(opts.password_file.as_deref(), profile, &user, &url)?;
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
    if let Err(err) = written.and_then(|_| out.flush()) {
        exit_on_write_error(&err);
    }
    Ok(())
}

/// Runs the call on several profiles at once: a JSON object keyed by profile for pipes, a summary
/// line per server and then the results for a terminal.
fn fleet(
    opts: &Options,
    profiles: &[(String, Profile)],
    call: &Call,
    json_out: bool,
) -> Result<(), Failure> {
    // NB: these options would send one server's settings to all of them.
    for (given, name) in [
        (opts.server.is_some(), "--server"),
        (opts.fingerprint.is_some(), "--fingerprint"),
        (opts.ca_file.is_some(), "--ca-file"),
        (opts.password_file.is_some(), "--password-file"),
    ] {
        if given {
            return Err(Failure::Usage(format!(
                "{name} cannot be used with several servers: set it in each profile"
            )));
        }
    }

    let mut fleet = Fleet::new();
    if let Some(limit) = opts.max_in_flight {
        fleet = fleet.max_in_flight(limit);
    }
    for (name, profile) in profiles {
        let url = server_url(opts, profile)
            .map_err(|_| Failure::Usage(format!("profile [{name}] has no server")))?;
        let user = user(opts, profile);
        let builder = builder(opts, profile, &url)?;
        let client = if opts.dry_run {
            builder.credentials(user, "").build()?
        } else {
            let password = profile::password(None, profile, &user, &url)?;
            builder.credentials(user, password).build()?
        };
        fleet.add(name.clone(), client)?;
    }

    if opts.dry_run {
        for name in fleet.names() {
            let preview = fleet.client(name).expect("a member").preview(call)?;
            emit(format_args!("# {name}\n{preview}\n\n"));
        }
        return Ok(());
    }

    let names: Vec<&str> = fleet.names().collect();
    let width = names.iter().map(|n| n.len()).max().unwrap_or(0);
    let printing = Mutex::new(());
    let results = {
        let _progress = progress::Progress::start(call.program(), opts.quiet || !json_out);
        fleet.run_on_with(&names, call, |done| {
            if !json_out {
                let _guard = printing.lock();
                let secs = done.elapsed.as_secs_f64();
                match &done.result {
                    Ok(_) => emit(format_args!(
                        "{:<width$}  ok     {secs:.1} s\n",
                        done.server
                    )),
                    Err(err) => emit(format_args!(
                        "{:<width$}  error  {secs:.1} s  {err}\n",
                        done.server
                    )),
                }
            }
        })?
    };

    let failed = results.iter().filter(|r| r.result.is_err()).count();
    let mut out = std::io::stdout().lock();
    let written = if json_out {
        let mut object = Map::new();
        for result in &results {
            let value = match &result.result {
                Ok(response) => render::envelope(response),
                Err(err) => render::error_object(err),
            };
            object.insert(result.server.clone(), value);
        }
        serde_json::to_writer_pretty(&mut out, &Value::Object(object))
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(out))
    } else {
        results.iter().try_for_each(|result| {
            writeln!(out, "\n== {} ==", result.server)?;
            match &result.result {
                Ok(response) => render::write_text(&mut out, response),
                Err(err) => writeln!(out, "{err}"),
            }
        })
    };
    if let Err(err) = written.and_then(|_| out.flush()) {
        exit_on_write_error(&err);
    }

    for result in &results {
        if let Err(err) = &result.result {
            eprintln!("virtualmin-remote: {}: {err}", result.server);
        }
    }
    match failed {
        0 => Ok(()),
        n => Err(Failure::Fleet {
            all: n == results.len(),
        }),
    }
}

/// Prints the fingerprint of the certificate the server presents, as a profile line.
pub fn fingerprint(opts: &Options, url: Option<String>) -> Result<(), Failure> {
    let url = match url {
        Some(url) => url,
        None => {
            let config = config(opts)?;
            let profiles = chosen_profiles(opts, &config)?;
            server_url(opts, &profiles[0].1)?
        }
    };
    let timeout = Duration::from_secs_f64(opts.connect_timeout.unwrap_or(10.0));
    let fingerprint = fetch_fingerprint(&url, timeout)?;
    eprintln!(
        "{url} presents the certificate below. Check it with the server's administrator \
         (openssl x509 -noout -fingerprint -sha256 -in /etc/webmin/miniserv.pem), then put \
         this line in the profile or pass it as --fingerprint:"
    );
    emit(format_args!("fingerprint = {fingerprint}\n"));
    Ok(())
}
