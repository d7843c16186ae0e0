//! Programs about the API and the system: list-commands, get-command, info.

use serde_json::Value as Json;

use super::{Args, Failure, Run};
use crate::catalog::{catalog, http_body, Program};
use crate::state::State;

const GET_COMMAND_LIST_DOMAINS: &str =
    include_str!("../../../fixtures/virtualmin/get-command.list-domains.json.http");
const GET_COMMAND_CREATE_DOMAIN: &str =
    include_str!("../../../fixtures/virtualmin/get-command.create-domain.json.http");

/// `list-commands [--short | --multiline | --name-only]`.
pub fn list_commands(args: &Args) -> Run {
    let catalog = catalog();
    let mut out = Vec::new();
    if args.has("multiline") {
        for p in &catalog.programs {
            let text = format!(
                "{}\n    Description: {}\n    Category: {}\n",
                p.name, p.description, p.category
            );
            out.extend_from_slice(text.as_bytes());
        }
    } else if args.has("name-only") {
        for p in &catalog.programs {
            out.extend_from_slice(format!("{}\n", p.name).as_bytes());
        }
    } else {
        out.extend_from_slice(catalog.list_commands_table().as_bytes());
    }
    Ok(out)
}

/// `get-command --command NAME`: the flags of a program, as Virtualmin's own parser of usage
/// texts reports them.
pub fn get_command(args: &Args) -> Run {
    let name = args
        .value("command")
        .ok_or_else(|| Failure::new("No command specified"))?;
    let name = name.strip_suffix(".pl").unwrap_or(name);
    let Some(program) = catalog().program(name) else {
        return Err(Failure::new(format!("API command {name}.pl was not found")));
    };
    if program.get_command_fails {
        let message = match name {
            "create-user" => "Cannot parse flag pubkey-file <--ssh-pubkey-id id".to_owned(),
            _ => format!("Cannot parse flag in the usage text of {name}"),
        };
        return Err(Failure::new(message));
    }

    let recorded = match name {
        "list-domains" => Some(GET_COMMAND_LIST_DOMAINS),
        "create-domain" => Some(GET_COMMAND_CREATE_DOMAIN),
        _ => None,
    };
    match recorded.and_then(|r| serde_json::from_str::<Json>(http_body(r)).ok()) {
        Some(json) => Ok(from_recording(&json)),
        None => Ok(from_catalog(program)),
    }
}

const FIELDS: [&str; 4] = ["binary", "value", "optional", "repeats"];

/// The text a recorded get-command reply was converted from.
fn from_recording(json: &Json) -> Vec<u8> {
    let mut out = String::new();
    for entry in json["data"].as_array().into_iter().flatten() {
        let name = entry["name"].as_str().unwrap_or_default();
        if let Some(value) = entry["value"].as_str() {
            out.push_str(&format!("{name}: {value}\n"));
            continue;
        }
        out.push_str(&format!("{name}\n"));
        for field in FIELDS {
            if let Some(value) = entry["values"][field][0].as_str() {
                out.push_str(&format!("    {}: {value}\n", capitalised(field)));
            }
        }
    }
    out.into_bytes()
}

fn from_catalog(program: &Program) -> Vec<u8> {
    let mut out = format!("Description: {}\n", program.description);
    for flag in &program.flags {
        out.push_str(&format!("{}\n", flag.name));
        out.push_str(&format!("    Binary: {}\n", yes_no(!flag.takes_value)));
        if flag.takes_value {
            out.push_str(&format!(
                "    Value: {}\n",
                placeholder(&program.name, &flag.name)
            ));
        }
        out.push_str(&format!("    Optional: {}\n", yes_no(!flag.required)));
        let repeats = match (flag.repeatable, flag.required) {
            (false, _) => "No",
            (true, false) => "0 or more times",
            (true, true) => "1 or more times",
        };
        out.push_str(&format!("    Repeats: {repeats}\n"));
    }
    out.into_bytes()
}

/// What a usage text names a flag's value; only the recorded ones are known.
fn placeholder(program: &str, flag: &str) -> &'static str {
    match (program, flag) {
        (_, "domain") => "domain.name",
        ("create-alias" | "delete-alias", "from") => "mailbox|\"*\"",
        (_, "to") => "address",
        _ => "value",
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

fn yes_no(yes: bool) -> &'static str {
    if yes {
        "Yes"
    } else {
        "No"
    }
}

/// `info [--search NAME]`: an outline of the system in the nested `key: value` / `* item`
/// text the real program prints (which remote.cgi never parses).
pub fn info(state: &State, args: &Args) -> Run {
    let count = |feature: &str| state.domains.iter().filter(|d| d.has(feature)).count();
    let sections: Vec<(&str, Vec<String>)> = vec![
        (
            "fcount",
            vec![
                format!("aliases: {}", state.aliases.len()),
                format!("dir: {}", count("dir")),
                format!("doms: {}", state.domains.len()),
                format!("mail: {}", count("mail")),
                format!("mysql: {}", count("mysql")),
                format!("unix: {}", count("unix")),
                format!("users: {}", state.users.len()),
                format!("webmin: {}", count("webmin")),
            ],
        ),
        (
            "ftypes",
            ["doms", "mail", "dbs", "users", "aliases"]
                .map(|f| format!("* {f}"))
                .to_vec(),
        ),
        (
            "host",
            [
                "hostname: vm",
                "module root: /usr/share/webmin/virtual-server",
                "os: Debian Linux 12",
                "root: /usr/share/webmin",
                "virtualmin edition: GPL",
                "virtualmin version: 8.1.0",
                "webmin version: 2.660",
            ]
            .map(str::to_owned)
            .to_vec(),
        ),
        (
            "kernel",
            vec!["arch: x86_64".to_owned(), "os: Linux".to_owned()],
        ),
    ];

    let search = args.value("search");
    let mut out = String::new();
    for (name, lines) in sections {
        if search.is_some_and(|s| !name.contains(s)) {
            continue;
        }
        out.push_str(&format!("{name}: \n"));
        for line in lines {
            out.push_str(&format!("    {line}\n"));
        }
    }
    Ok(out.into_bytes())
}
