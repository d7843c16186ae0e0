//! `list-domains`: the table, the `*-only` lists and the multiline records of virtual servers,
//! keys and order as the real program prints them.

use super::super::text::{field, row, ruler};
use super::super::{Args, Failure, Run};
use crate::clock;
use crate::state::{Domain, Kind, State};

const WIDTHS: [usize; 3] = [30, 15, 30];
const MODULE_ACCESS: &str = "dns=1 mail=1 web=1 webalizer=0 mysql=1 postgres=1 spam=1 filemin=1 \
                             passwd=1 proc=2 cron=1 at=1 systemd=0 xterm=0 updown=0 change-user=1 \
                             htaccess-htpasswd=1 mailboxes=1 custom=0 shell=0 webminlog=1 \
                             logviewer=1 phpini=1";

/// `list-domains`: the table, one of the `*-only` lists, or multiline records.
pub fn list(state: &State, args: &Args) -> Run {
    let mut domains = state.ordered_domains();
    let wanted = args.values("domain");
    for name in &wanted {
        if state.domain(name).is_none() {
            return Err(Failure::new(format!(
                "Virtual server {name} does not exist"
            )));
        }
    }
    domains.retain(|d| wanted.is_empty() || wanted.contains(&d.name.as_str()));
    retain_by_args(&mut domains, args);

    let mut out = Vec::new();
    let simple = args.has("simple-multiline");
    if args.has("multiline") || simple {
        for d in &domains {
            out.extend_from_slice(d.name.as_bytes());
            out.push(b'\n');
            record(&mut out, d, simple);
        }
        return Ok(out);
    }

    let only: Option<fn(&Domain) -> String> = if args.has("name-only") {
        Some(|d| d.name.clone())
    } else if args.has("id-only") {
        Some(|d| d.id.clone())
    } else if args.has("user-only") {
        Some(|d| d.user.clone())
    } else if args.has("home-only") {
        Some(|d| d.home.clone())
    } else if args.has("file-only") {
        Some(|d| format!("/etc/webmin/virtual-server/domains/{}", d.id))
    } else if args.has("ip-only") {
        Some(|_| "192.0.2.2".to_owned())
    } else if args.has("ip6-only") {
        Some(|_| "fd00::2".to_owned())
    } else {
        None
    };
    if let Some(only) = only {
        for d in &domains {
            out.extend_from_slice(only(d).as_bytes());
            out.push(b'\n');
        }
        return Ok(out);
    }

    row(
        &mut out,
        &[
            ("Domain", WIDTHS[0]),
            ("Username", WIDTHS[1]),
            ("Description", WIDTHS[2]),
        ],
    );
    ruler(&mut out, &WIDTHS);
    for d in &domains {
        row(
            &mut out,
            &[
                (&d.name, WIDTHS[0]),
                (&d.user, WIDTHS[1]),
                (&d.desc, WIDTHS[2]),
            ],
        );
    }
    Ok(out)
}

fn retain_by_args(domains: &mut Vec<&Domain>, args: &Args) {
    let users = args.values("user");
    let ids = args.values("id");
    domains.retain(|d| {
        (users.is_empty() || users.contains(&d.user.as_str()))
            && (ids.is_empty() || ids.contains(&d.id.as_str()))
            && (!args.has("toplevel") || d.kind == Kind::TopLevel)
            && (!args.has("subserver") || matches!(d.kind, Kind::Sub { .. }))
            && (!args.has("no-alias") || !matches!(d.kind, Kind::Alias { .. }))
            && args
                .value("alias")
                .is_none_or(|t| d.kind == Kind::Alias { target: t.into() })
            && args
                .value("parent")
                .is_none_or(|p| d.parent_name() == Some(p))
            && (!args.has("disabled") || d.disabled.is_some())
            && (!args.has("enabled") || d.disabled.is_none())
            && args.value("with-feature").is_none_or(|f| d.has(f))
            && args.value("without-feature").is_none_or(|f| !d.has(f))
    });
}

/// The indented lines of one server's multiline record, in the order the real server prints
/// them; `simple` leaves out what `--simple-multiline` skips.
fn record(out: &mut Vec<u8>, d: &Domain, simple: bool) {
    field(out, "ID", &d.id);
    field(
        out,
        "File",
        format!("/etc/webmin/virtual-server/domains/{}", d.id),
    );
    match &d.kind {
        Kind::TopLevel => field(out, "Type", "Top-level server"),
        Kind::Sub { parent } => {
            field(out, "Type", "Sub-server");
            field(out, "Parent domain", parent);
        }
        Kind::Alias { target } => {
            field(out, "Type", "Alias");
            field(out, "Real domain", target);
            field(out, "Mail aliases mode", "Copy");
        }
    }
    field(out, "Description", &d.desc);
    let top = d.kind == Kind::TopLevel;
    field(out, "Template ID", if top { "0" } else { "1" });
    field(
        out,
        "Template",
        if top {
            "Default Settings"
        } else {
            "Settings For Sub-Servers"
        },
    );
    field(out, "Plan ID", "0");
    field(out, "Plan", "Default Plan");
    field(out, "Username", &d.user);
    field(out, "User ID", d.uid);
    field(out, "Group name", &d.user);
    field(out, "Group ID", d.gid);
    field(out, "Mailbox username prefix", &d.prefix);
    field(out, "Password storage", "Hashed");
    field(out, "Hashed password", &d.pass_hash);
    if let Some(pass) = &d.mysql_pass {
        field(out, "Username for mysql", &d.user);
        field(out, "Password for mysql", pass);
        field(out, "Hostname for mysql", "localhost");
        field(out, "Port for mysql", "3306");
    }
    field(out, "Home directory", &d.home);
    field(out, "Contact email", &d.email);
    field(out, "Contact address", &d.email);
    field(out, "Created on", clock::webmin_date(d.created));
    field(out, "Created Unix time", d.created);
    field(out, "Created by", "root");
    if let Some((why, when)) = &d.disabled {
        field(out, "Disabled", format!("Manually ({why})"));
        field(out, "Disabled at", clock::webmin_date(*when));
    }
    field(out, "IP address", "192.0.2.2 (Shared)");
    field(out, "IPv6 address", "fd00::2");
    field(out, "Features", d.features.join(" "));
    field(out, "Plugins", "");
    if !simple && d.has("mysql") {
        field(out, "Databases count", d.databases.len());
        field(out, "Databases size", "0 bytes");
        field(out, "Databases byte size", "0");
    }
    if !simple && matches!(d.kind, Kind::Alias { .. }) {
        field(out, "Redirect alias domain", "No");
    }
    if !simple {
        field(out, "SSL candidate hostnames", &d.name);
    }
    field(out, "SSL provider subset mode", "No");
    if !simple {
        field(out, "SSL cert used by", "webmin");
    }
    for service in ["dns", "mysql", "spam", "virus"] {
        field(out, &format!("Provisioning for {service}"), "Local");
    }
    if matches!(d.kind, Kind::Alias { .. }) {
        field(out, "Alias has own DNS records", "No");
    }
    if top {
        limits(out, d, simple);
    }
    field(out, "Last login", "Never");
}

/// The owner's limits and login settings, which only top-level servers show.
fn limits(out: &mut Vec<u8>, d: &Domain, simple: bool) {
    field(out, "Maximum sub-servers", "Cannot create");
    field(out, "Maximum alias servers", "*");
    field(out, "Maximum non-alias servers", "*");
    for what in ["mailboxes", "databases", "aliases", "Mongrel instances"] {
        field(out, &format!("Maximum {what}"), "Unlimited");
    }
    field(out, "Can choose database names", "Yes");
    field(out, "Can rename servers", "Yes");
    field(out, "Can migrate backups", "No");
    field(out, "Sub-servers must be under main domain", "No");
    field(out, "Sub-servers cannot be under other domains", "No");
    field(out, "Sub-servers inherit IP address", "No");
    field(out, "Read-only mode", "No");
    let allowed: Vec<&str> = d
        .features
        .iter()
        .map(String::as_str)
        .filter(|f| *f != "webmin")
        .collect();
    field(out, "Allowed features", allowed.join(" "));
    field(out, "Edit capabilities", "users aliases passwd");
    field(out, "Allowed scripts", "All");
    field(out, "Webmin module access", MODULE_ACCESS);
    let disabled = d.disabled.is_some();
    field(out, "Shell type", if disabled { "nologin" } else { "ssh" });
    field(
        out,
        "Login permissions",
        if disabled {
            "Email only"
        } else {
            "Email, FTP and SSH"
        },
    );
    field(
        out,
        "Shell command",
        if disabled { "/dev/null" } else { "/bin/bash" },
    );
    if !simple && d.mysql_pass.is_some() {
        field(out, "Allowed mysql hosts", "127.0.0.1 localhost");
    }
}
