//! Mailboxes: list-users, create-user, delete-user.

use super::text::{field, row, ruler};
use super::{Args, Failure, Run};
use crate::random;
use crate::state::{Domain, State, User};

const WIDTHS: [usize; 6] = [20, 20, 4, 10, 4, 15];

/// `list-users --domain NAME | --all-domains`: a table per server, names, or records.
pub fn list(state: &State, args: &Args) -> Run {
    let domains: Vec<&Domain> = if args.has("all-domains") {
        state.domains.iter().collect()
    } else if let Some(owner) = args.value("domain-user") {
        state.domains.iter().filter(|d| d.user == owner).collect()
    } else if !args.values("domain").is_empty() {
        let mut found = Vec::new();
        for name in args.values("domain") {
            let domain = state
                .domain(name)
                .ok_or_else(|| Failure::new(format!("Virtual server {name} does not exist")))?;
            found.push(domain);
        }
        found
    } else {
        return Err(Failure::new("No domains or users specified"));
    };

    let mut out = Vec::new();
    let several = domains.len() > 1 || args.has("all-domains");
    for domain in &domains {
        let mut users = state.users_of(&domain.name);
        if let Some(only) = args.value("user") {
            users.retain(|u| u.user == only || unix_name(u, domain) == only);
        }
        if args.has("multiline") {
            for user in users {
                record(&mut out, state, domain, user);
            }
        } else if args.has("name-only") {
            for user in users {
                out.extend_from_slice(format!("{}\n", unix_name(user, domain)).as_bytes());
            }
        } else if args.has("email-only") {
            for user in users {
                out.extend_from_slice(format!("{}@{}\n", user.user, domain.name).as_bytes());
            }
        } else {
            if several {
                out.extend_from_slice(format!("Users in domain {} :\n", domain.name).as_bytes());
            }
            table(&mut out, &users);
            if several {
                out.push(b'\n');
            }
        }
    }
    Ok(out)
}

fn table(out: &mut Vec<u8>, users: &[&User]) {
    let header = ["User", "Real name", "Mail", "FTP", "DBs", "Quota"];
    let cells: Vec<(&str, usize)> = header.iter().copied().zip(WIDTHS).collect();
    row(out, &cells);
    ruler(out, &WIDTHS);
    for user in users {
        let dbs = if user.databases.is_empty() {
            "No".to_owned()
        } else {
            user.databases.len().to_string()
        };
        let ftp = if user.ftp { "Yes" } else { "No" };
        let cells = [&user.user, &user.real, "Yes", ftp, &dbs, "NA"];
        let cells: Vec<(&str, usize)> = cells.iter().copied().zip(WIDTHS).collect();
        row(out, &cells);
    }
}

/// The Unix name of a mailbox: `user.prefix`, Virtualmin's default naming.
fn unix_name(user: &User, domain: &Domain) -> String {
    format!("{}.{}", user.user, domain.prefix)
}

fn record(out: &mut Vec<u8>, state: &State, domain: &Domain, user: &User) {
    let unix = unix_name(user, domain);
    let email = format!("{}@{}", user.user, domain.name);
    let home = format!("{}/homes/{}", domain.home, user.user);
    out.extend_from_slice(format!("{unix}\n").as_bytes());
    field(out, "User", &user.user);
    field(out, "Domain", &domain.name);
    field(out, "Unix username", &unix);
    field(out, "Real name", &user.real);
    field(out, "Encrypted password", &user.pass_hash);
    field(out, "Disabled", "No");
    field(out, "No password accepted", "No");
    field(out, "Home directory", &home);
    field(out, "FTP access", if user.ftp { "Yes" } else { "No" });
    field(
        out,
        "Login permissions",
        if user.ftp {
            "Email and FTP"
        } else {
            "Email only"
        },
    );
    field(
        out,
        "Shell",
        if user.ftp { "/bin/false" } else { "/dev/null" },
    );
    field(out, "User type", "Normal user");
    field(out, "Mail location", format!("{home}/Maildir"));
    field(out, "Mail storage type", "Maildir");
    field(out, "Email address", &email);

    // NB: Virtualmin shows an alias whose only destination is this mailbox as one of its
    // extra addresses.
    let extra: Vec<String> = state
        .aliases_of(&domain.name)
        .iter()
        .filter(|a| a.to.len() == 1 && (a.to[0] == email || a.to[0] == unix))
        .map(|a| format!("{}@{}", a.from, domain.name))
        .collect();
    if !extra.is_empty() {
        field(out, "Extra addresses", extra.join(", "));
    }
    if !user.databases.is_empty() {
        let dbs: Vec<String> = user
            .databases
            .iter()
            .map(|d| format!("{d} (mysql)"))
            .collect();
        field(out, "Databases", dbs.join(", "));
    }
}

/// `create-user --domain NAME --user NAME --pass PW [--real NAME] [--ftp] [--extra ADDR]`.
pub fn create(state: &mut State, args: &Args) -> Run {
    let name = args
        .value("domain")
        .ok_or_else(|| Failure::new("No domain specified"))?;
    let domain = state
        .domain(name)
        .cloned()
        .ok_or_else(|| Failure::new(format!("Virtual server {name} does not exist")))?;
    let user = args
        .value("user")
        .ok_or_else(|| Failure::new("No username specified"))?;
    let has_pass = ["pass", "encpass", "passfile"]
        .iter()
        .any(|f| args.value(f).is_some())
        || args.has("random-pass");
    if !has_pass {
        return Err(Failure::new("No password specified"));
    }
    if user.is_empty()
        || !user
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
    {
        return Err(Failure::new(format!("Invalid username {user}")));
    }
    if !domain.has("mail") && !args.has("db-only") && !args.has("webserver-only") {
        return Err(Failure::new(format!(
            "Email is not enabled for virtual server {name}"
        )));
    }
    let new = User {
        domain: domain.name.clone(),
        user: user.to_ascii_lowercase(),
        real: args.value("real").unwrap_or_default().to_owned(),
        pass_hash: args
            .value("encpass")
            .map_or_else(random::password_hash, str::to_owned),
        ftp: args.has("ftp"),
        databases: args
            .value("mysql")
            .map(|db| vec![db.to_owned()])
            .unwrap_or_default(),
    };
    let unix = unix_name(&new, &domain);
    let clash = state
        .users_of(&domain.name)
        .iter()
        .any(|u| u.user == new.user)
        || state
            .aliases_of(&domain.name)
            .iter()
            .any(|a| a.from == new.user);
    if clash {
        return Err(Failure::new(format!(
            "A user or alias named {user} already exists in {}",
            domain.name
        )));
    }
    for extra in args.values("extra") {
        let (from, _) = extra.split_once('@').unwrap_or((extra, ""));
        state.aliases.push(crate::state::Alias {
            domain: domain.name.clone(),
            from: from.to_owned(),
            to: vec![unix.clone()],
        });
    }
    state.users.push(new);
    Ok(format!("User {unix} created successfully\n").into_bytes())
}

/// `delete-user --domain NAME --user NAME`.
pub fn delete(state: &mut State, args: &Args) -> Run {
    let name = args
        .value("domain")
        .ok_or_else(|| Failure::new("No domain specified"))?;
    let domain = state
        .domain(name)
        .cloned()
        .ok_or_else(|| Failure::new(format!("Virtual server {name} does not exist")))?;
    let user = args
        .value("user")
        .ok_or_else(|| Failure::new("No username specified"))?;
    let found = state
        .users
        .iter()
        .position(|u| u.domain == domain.name && (u.user == user || unix_name(u, &domain) == user));
    let Some(at) = found else {
        return Err(Failure::new(format!(
            "No user named {user} was found in the server {}",
            domain.name
        )));
    };
    let gone = state.users.remove(at);
    let unix = unix_name(&gone, &domain);
    state
        .aliases
        .retain(|a| !(a.domain == domain.name && a.to == [unix.clone()]));
    Ok(format!("User {unix} deleted successfully\n").into_bytes())
}
