//! Mail aliases: list-aliases, create-alias, delete-alias.

use super::text::{column, field};
use super::{Args, Failure, Run};
use crate::state::{Alias, Domain, State};

/// `list-aliases --domain NAME | --all-domains | --user OWNER`.
pub fn list(state: &State, args: &Args) -> Run {
    let domains: Vec<&Domain> = if args.has("all-domains") {
        state.ordered_domains()
    } else if let Some(owner) = args.value("user") {
        state
            .ordered_domains()
            .into_iter()
            .filter(|d| d.user == owner)
            .collect()
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
    let aliases: Vec<&Alias> = domains
        .iter()
        .flat_map(|d| state.aliases_of(&d.name))
        .collect();

    let mut out = Vec::new();
    if args.has("multiline") {
        for alias in aliases {
            out.extend_from_slice(format!("{}@{}\n", alias.from, alias.domain).as_bytes());
            for to in &alias.to {
                field(&mut out, "To", to);
            }
        }
    } else if args.has("name-only") {
        for alias in aliases {
            out.extend_from_slice(format!("{}\n", alias.from).as_bytes());
        }
    } else if args.has("email-only") {
        for alias in aliases {
            out.extend_from_slice(format!("{}@{}\n", alias.from, alias.domain).as_bytes());
        }
    } else {
        line(&mut out, "Alias", "Destination");
        line(&mut out, &"-".repeat(20), &"-".repeat(59));
        for alias in aliases {
            line(&mut out, &alias.from, &alias.to.join(", "));
        }
    }
    Ok(out)
}

/// A `%-20s %-59s` table line: padded, never truncated.
fn line(out: &mut Vec<u8>, from: &str, to: &str) {
    column(out, from, 20, false);
    out.push(b' ');
    column(out, to, 59, false);
    out.push(b'\n');
}

/// `create-alias --domain NAME --from MAILBOX --to ADDRESS [--to ADDRESS]...`.
pub fn create(state: &mut State, args: &Args) -> Run {
    let domain = existing(state, args)?;
    let from = args
        .value("from")
        .ok_or_else(|| Failure::new("No from address specified"))?;
    let to: Vec<String> = args.values("to").iter().map(|t| t.to_string()).collect();
    if to.is_empty() {
        return Err(Failure::new("No destination addresses specified"));
    }
    let from = if from == "*" {
        String::new()
    } else {
        from.to_owned()
    };
    let exists = state.aliases_of(&domain).iter().any(|a| a.from == from)
        || state.users_of(&domain).iter().any(|u| u.user == from);
    if exists {
        return Err(Failure::new(format!(
            "An alias or user with the same name already exists in {domain}"
        )));
    }
    state.aliases.push(Alias {
        domain: domain.clone(),
        from: from.clone(),
        to,
    });
    Ok(format!("Alias for {from}@{domain} created successfully\n").into_bytes())
}

/// `delete-alias --domain NAME --from MAILBOX`.
pub fn delete(state: &mut State, args: &Args) -> Run {
    let domain = existing(state, args)?;
    let from = args
        .value("from")
        .ok_or_else(|| Failure::new("No from address specified"))?;
    let from = if from == "*" { "" } else { from };
    let Some(at) = state
        .aliases
        .iter()
        .position(|a| a.domain == domain && a.from == from)
    else {
        return Err(Failure::new(format!(
            "No alias for the email address {from}@{domain} exists"
        )));
    };
    state.aliases.remove(at);
    Ok(format!("Alias for {from}@{domain} deleted successfully\n").into_bytes())
}

fn existing(state: &State, args: &Args) -> Result<String, Failure> {
    let name = args
        .value("domain")
        .ok_or_else(|| Failure::new("No domain specified"))?;
    state
        .domain(name)
        .map(|d| d.name.clone())
        .ok_or_else(|| Failure::new(format!("Virtual server {name} does not exist")))
}
