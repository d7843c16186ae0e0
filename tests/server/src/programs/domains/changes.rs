//! Changing virtual servers: create-domain, delete-domain, disable-domain, enable-domain, with
//! the progress output the real programs print.

use super::super::text::step;
use super::super::{Args, Failure, Run};
use crate::clock;
use crate::random;
use crate::state::{Alias, Domain, Kind, State, DEFAULT_ALIASES};

/// `create-domain`: a top-level server, a sub-server (`--parent`) or an alias (`--alias`).
pub fn create(state: &mut State, args: &Args) -> Run {
    let name = args
        .value("domain")
        .ok_or_else(|| Failure::new("No domain specified"))?;
    let name = name.to_ascii_lowercase();
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    if !valid {
        return Err(Failure::new(
            "Domain names cannot include anything other than letters, numbers, dots, and dashes",
        ));
    }
    if state.domain(&name).is_some() {
        return Err(Failure::new("You are already hosting this domain"));
    }

    let parent_flag = ["parent", "superdom"].iter().find_map(|f| args.value(f));
    let alias_flag = ["alias", "alias-with-mail", "alias-with-dns"]
        .iter()
        .find_map(|f| args.value(f));
    let kind = match (parent_flag, alias_flag) {
        (Some(parent), _) => Kind::Sub {
            parent: parent.to_owned(),
        },
        (None, Some(target)) => Kind::Alias {
            target: target.to_owned(),
        },
        (None, None) => Kind::TopLevel,
    };
    let parent = match kind.clone() {
        Kind::TopLevel => None,
        Kind::Sub { parent: p } | Kind::Alias { target: p } => Some(
            state
                .domain(&p)
                .cloned()
                .ok_or_else(|| Failure::new(format!("The parent domain {p} does not exist")))?,
        ),
    };
    if parent.is_none() && args.value("pass").is_none() && args.value("passfile").is_none() {
        return Err(Failure::new("No password specified"));
    }

    let mut features: Vec<String> = ["unix", "dir", "mail", "mysql", "webmin"]
        .iter()
        .filter(|f| args.has(f))
        .map(|f| f.to_string())
        .collect();
    if features.is_empty() || args.has("default-features") {
        let defaults = if parent.is_none() {
            "unix dir mail mysql webmin"
        } else {
            "dir mail"
        };
        features = defaults.split(' ').map(str::to_owned).collect();
    }
    if parent.is_some() {
        features.retain(|f| f != "unix" && f != "webmin");
    }

    let first_label = name.split('.').next().unwrap_or(&name).to_owned();
    let domain = match &parent {
        None => {
            let user = match args.value("user") {
                Some(user) => user.to_owned(),
                None => free_user(state, &first_label),
            };
            if state
                .domains
                .iter()
                .any(|d| d.kind == Kind::TopLevel && d.user == user)
            {
                return Err(Failure::new(format!(
                    "A Unix user named {user} already exists"
                )));
            }
            let uid = state.next_uid();
            let mysql = features.iter().any(|f| f == "mysql");
            Domain {
                id: state.next_id(),
                name: name.clone(),
                kind: kind.clone(),
                desc: args.value("desc").unwrap_or_default().to_owned(),
                prefix: user.clone(),
                pass_hash: random::password_hash(),
                mysql_pass: mysql.then(|| random::token(25)),
                home: format!("/home/{user}"),
                email: args
                    .value("email")
                    .map_or_else(|| format!("{user}@{name}"), str::to_owned),
                databases: if mysql {
                    vec![user.replace(['.', '-'], "_")]
                } else {
                    vec![]
                },
                user,
                uid,
                gid: uid,
                created: clock::now(),
                features,
                disabled: None,
            }
        }
        Some(parent) => {
            let top_home = parent
                .home
                .split("/domains/")
                .next()
                .unwrap_or(&parent.home);
            let prefix = match name.strip_suffix(&format!(".{}", parent.name)) {
                Some(rest) => rest.replace('.', "-"),
                None => name.replace('.', "-"),
            };
            Domain {
                id: state.next_id(),
                name: name.clone(),
                kind: kind.clone(),
                desc: args.value("desc").unwrap_or_default().to_owned(),
                prefix,
                mysql_pass: None,
                home: format!("{top_home}/domains/{name}"),
                created: clock::now(),
                features,
                databases: vec![],
                disabled: None,
                ..parent.clone()
            }
        }
    };

    let out = creation_steps(&domain);
    if domain.has("mail") && !matches!(domain.kind, Kind::Alias { .. }) {
        for from in DEFAULT_ALIASES {
            state.aliases.push(Alias {
                domain: name.clone(),
                from: from.to_owned(),
                to: vec![domain.email.clone()],
            });
        }
    }
    state.domains.push(domain);
    Ok(out)
}

fn free_user(state: &State, wanted: &str) -> String {
    let taken = |u: &str| state.domains.iter().any(|d| d.user == u);
    if !taken(wanted) {
        return wanted.to_owned();
    }
    (2..)
        .map(|n| format!("{wanted}{n}"))
        .find(|u| !taken(u))
        .unwrap_or_default()
}

fn creation_steps(d: &Domain) -> Vec<u8> {
    let mut out = b"Beginning server creation ..\n\n".to_vec();
    step(&mut out, "", "Saving server details");
    if d.has("unix") {
        step(
            &mut out,
            "",
            &format!("Creating administration group {}", d.user),
        );
        step(
            &mut out,
            "",
            &format!("Creating administration user {}", d.user),
        );
        step(&mut out, "", "Creating aliases for administration user");
        step(&mut out, "", "Adding administration user to groups");
    }
    if d.has("dir") {
        step(&mut out, "", "Creating home directory");
    }
    if d.has("mail") && d.has("unix") {
        step(&mut out, "", "Creating mailbox for administration user");
    }
    if d.has("mail") {
        step(&mut out, "", "Adding to email domains list");
        if !matches!(d.kind, Kind::Alias { .. }) {
            step(&mut out, "", "Adding default mail aliases");
        }
    }
    if d.has("mysql") {
        step(&mut out, "", "Creating MariaDB login");
        for db in &d.databases {
            step(&mut out, "", &format!("Creating MariaDB database {db}"));
        }
    }
    if d.has("webmin") {
        step(&mut out, "", "Creating Webmin user");
    }
    step(&mut out, "", "Saving server details");
    step(&mut out, "", "Updating Webmin user");
    step(&mut out, "", "Re-loading Webmin");
    out.extend_from_slice(b"All done!\n");
    out
}

/// `delete-domain`: the named servers (or an owner's), with everything under them.
pub fn delete(state: &mut State, args: &Args) -> Run {
    let mut names: Vec<String> = args
        .values("domain")
        .iter()
        .map(|s| s.to_string())
        .collect();
    for user in args.values("user") {
        let owned: Vec<String> = state
            .domains
            .iter()
            .filter(|d| d.user == user && d.kind == Kind::TopLevel)
            .map(|d| d.name.clone())
            .collect();
        if owned.is_empty() {
            return Err(Failure::new(format!(
                "No virtual server owned by {user} exists"
            )));
        }
        names.extend(owned);
    }
    if names.is_empty() {
        return Err(Failure::new("No domains or users specified"));
    }
    for name in &names {
        if state.domain(name).is_none() {
            return Err(Failure::new(format!(
                "Virtual server {name} does not exist"
            )));
        }
    }

    let mut out = Vec::new();
    for name in names {
        let Some(domain) = state.domain(&name).cloned() else {
            continue;
        };
        let mut doomed: Vec<Domain> = Vec::new();
        collect_tree(state, &domain, &mut doomed);
        for d in doomed.iter().rev() {
            deletion_steps(&mut out, d);
            state.domains.retain(|x| x.name != d.name);
            state.users.retain(|u| u.domain != d.name);
            state.aliases.retain(|a| a.domain != d.name);
        }
    }
    Ok(out)
}

fn collect_tree(state: &State, domain: &Domain, out: &mut Vec<Domain>) {
    out.push(domain.clone());
    for child in state
        .domains
        .iter()
        .filter(|d| d.parent_name() == Some(&domain.name))
    {
        collect_tree(state, child, out);
    }
}

fn deletion_steps(out: &mut Vec<u8>, d: &Domain) {
    out.extend_from_slice(format!("Deleting virtual server {} ..\n", d.name).as_bytes());
    let indent = "    ";
    if d.has("mail") {
        step(out, indent, "Deleting mail aliases");
    }
    if d.has("webmin") {
        step(out, indent, "Deleting Webmin login");
    }
    if d.has("mysql") {
        for db in &d.databases {
            step(out, indent, &format!("Deleting MariaDB database {db}"));
        }
        step(out, indent, "Deleting MariaDB login");
    }
    if d.has("mail") {
        step(out, indent, "Removing from email domains list");
    }
    if d.has("dir") {
        step(out, indent, "Deleting home directory");
    }
    if d.has("unix") {
        step(out, indent, "Deleting administration user");
        step(out, indent, "Deleting administration group");
    }
    step(
        out,
        indent,
        &format!("Deleting server details for {}", d.name),
    );
    step(out, indent, "Updating Webmin user");
    step(out, indent, "Re-loading Webmin");
    out.extend_from_slice(b".. deleted\n\n");
}

/// `disable-domain --domain NAME [--why TEXT]`.
pub fn disable(state: &mut State, args: &Args) -> Run {
    let domain = existing(state, args)?;
    if domain.disabled.is_some() {
        return Err(Failure::new(format!(
            "Virtual server {} is already disabled",
            domain.name
        )));
    }
    let why = args.value("why").unwrap_or_default().to_owned();
    domain.disabled = Some((why, clock::now()));

    let mut out = format!("Disabling virtual server {} ..\n\n", domain.name).into_bytes();
    if domain.has("unix") {
        step(&mut out, "", "Locking administration user's password");
    }
    if domain.has("mail") {
        step(&mut out, "", "Removing from email domains list");
        step(&mut out, "", "Locking mail users' accounts");
    }
    step(&mut out, "", "Saving server details");
    out.extend_from_slice(b"All done!\n");
    Ok(out)
}

/// `enable-domain --domain NAME`.
pub fn enable(state: &mut State, args: &Args) -> Run {
    let domain = existing(state, args)?;
    if domain.disabled.is_none() {
        return Err(Failure::new(format!(
            "Virtual server {} is not disabled",
            domain.name
        )));
    }
    domain.disabled = None;

    let mut out = format!("Enabling virtual server {} ..\n\n", domain.name).into_bytes();
    if domain.has("unix") {
        step(&mut out, "", "Restoring administration user's password");
    }
    if domain.has("mail") {
        step(&mut out, "", "Adding to email domains list");
        step(&mut out, "", "Un-locking mail users' accounts");
    }
    step(&mut out, "", "Saving server details");
    out.extend_from_slice(b"All done!\n");
    Ok(out)
}

fn existing<'a>(state: &'a mut State, args: &Args) -> Result<&'a mut Domain, Failure> {
    let name = args
        .value("domain")
        .ok_or_else(|| Failure::new("No domain specified"))?;
    state
        .domain_mut(name)
        .ok_or_else(|| Failure::new(format!("Virtual server {name} does not exist")))
}
