//! The in-memory Virtualmin: virtual servers, mailboxes and aliases, and the recorded data set
//! that `--seed` loads.

use std::collections::{HashMap, HashSet};

use crate::clock;
use crate::generated;

/// How a virtual server hangs in the hierarchy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    TopLevel,
    /// A sub-server owned by the same user as `parent`.
    Sub {
        parent: String,
    },
    /// An alias of `target`.
    Alias {
        target: String,
    },
}

/// A virtual server.
#[derive(Clone, Debug)]
pub struct Domain {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub desc: String,
    /// The owner's Unix user and group (the parent's for sub-servers and aliases).
    pub user: String,
    pub uid: u32,
    pub gid: u32,
    /// The mailbox username prefix (`alice.example`).
    pub prefix: String,
    pub pass_hash: String,
    /// The MySQL password, when the server has the mysql feature.
    pub mysql_pass: Option<String>,
    pub home: String,
    pub email: String,
    pub created: u64,
    pub features: Vec<String>,
    pub databases: Vec<String>,
    /// Why and when the server was disabled.
    pub disabled: Option<(String, u64)>,
}

impl Domain {
    pub fn has(&self, feature: &str) -> bool {
        self.features.iter().any(|f| f == feature)
    }

    pub fn parent_name(&self) -> Option<&str> {
        match &self.kind {
            Kind::TopLevel => None,
            Kind::Sub { parent } => Some(parent),
            Kind::Alias { target } => Some(target),
        }
    }
}

/// A mail / FTP user of a virtual server.
#[derive(Clone, Debug)]
pub struct User {
    pub domain: String,
    pub user: String,
    pub real: String,
    pub pass_hash: String,
    pub ftp: bool,
    pub databases: Vec<String>,
}

/// A mail alias `from@domain` → `to`.
#[derive(Clone, Debug)]
pub struct Alias {
    pub domain: String,
    pub from: String,
    pub to: Vec<String>,
}

/// Everything the programs read and change.
#[derive(Clone, Debug, Default)]
pub struct State {
    pub domains: Vec<Domain>,
    pub users: Vec<User>,
    pub aliases: Vec<Alias>,
    counter: u64,
}

/// The mailboxes every new mail-enabled server gets, pointing at its owner.
pub const DEFAULT_ALIASES: [&str; 4] = ["webmaster", "abuse", "hostmaster", "postmaster"];

impl State {
    pub fn domain(&self, name: &str) -> Option<&Domain> {
        self.domains.iter().find(|d| d.name == name)
    }

    pub fn domain_mut(&mut self, name: &str) -> Option<&mut Domain> {
        self.domains.iter_mut().find(|d| d.name == name)
    }

    /// Servers in Virtualmin's listing order: top-level servers by name, each followed by the
    /// servers under it in the order they were made.
    pub fn ordered_domains(&self) -> Vec<&Domain> {
        // NB: indexed by parent, so that listing the benchmarks' 10,000 servers stays linear.
        let mut children: HashMap<&str, Vec<&Domain>> = HashMap::new();
        for d in &self.domains {
            if let Some(parent) = d.parent_name() {
                children.entry(parent).or_default().push(d);
            }
        }
        let mut tops: Vec<&Domain> = self
            .domains
            .iter()
            .filter(|d| d.kind == Kind::TopLevel)
            .collect();
        tops.sort_by(|a, b| a.name.cmp(&b.name));
        let mut out = Vec::with_capacity(self.domains.len());
        let mut listed = HashSet::new();
        for top in tops {
            push_with_children(top, &children, &mut listed, &mut out);
        }
        // NB: a server whose parent has gone (not possible through the programs) still lists.
        for d in &self.domains {
            if listed.insert(d.name.as_str()) {
                out.push(d);
            }
        }
        out
    }

    /// The users of `domain`, in creation order.
    pub fn users_of(&self, domain: &str) -> Vec<&User> {
        self.users.iter().filter(|u| u.domain == domain).collect()
    }

    pub fn aliases_of(&self, domain: &str) -> Vec<&Alias> {
        self.aliases.iter().filter(|a| a.domain == domain).collect()
    }

    /// A fresh server ID in Virtualmin's style (Unix time and a counter, 15 digits).
    pub fn next_id(&mut self) -> String {
        self.counter += 1;
        format!("{}{:05}", clock::now(), (self.counter * 7919) % 100_000)
    }

    /// The next free Unix ID for a new owner.
    pub fn next_uid(&self) -> u32 {
        self.domains
            .iter()
            .map(|d| d.uid + 1)
            .max()
            .unwrap_or(1002)
            .max(1002)
    }

    /// The data a server starts (and resets) with: the recorded set or nothing, then
    /// `generated` servers of `--seed-domains` after it.
    pub fn initial(seeded: bool, generated: usize) -> State {
        let mut state = if seeded {
            State::seeded()
        } else {
            State::default()
        };
        state.domains.extend(generated::domains(generated));
        state
    }

    /// The recorded data set: example.com with a sub-server and an alias, test.org, four
    /// mailboxes and their aliases.
    pub fn seeded() -> State {
        let mut state = State::default();
        let example = Domain {
            id: "179630179220803".into(),
            name: "example.com".into(),
            kind: Kind::TopLevel,
            desc: "Example Corp site".into(),
            user: "example".into(),
            uid: 1002,
            gid: 1002,
            prefix: "example".into(),
            pass_hash: "$y$j9T$NZWM.mJzaQdAP6YuoR3ln.$Y/OplZqu9zISRo.78bxo/0.c7otWmdE/4Xm909QpMLD"
                .into(),
            mysql_pass: Some("KkIAzuZC4QBrUHwo0qAUN2D5i".into()),
            home: "/home/example".into(),
            email: "example@example.com".into(),
            created: 1_796_301_792,
            features: words("unix dir mail mysql webmin"),
            databases: vec!["example".into()],
            disabled: None,
        };
        let sub = Domain {
            id: "179630180821480".into(),
            name: "sub.example.com".into(),
            kind: Kind::Sub {
                parent: "example.com".into(),
            },
            desc: "Sub server of example.com".into(),
            prefix: "sub".into(),
            mysql_pass: None,
            home: "/home/example/domains/sub.example.com".into(),
            created: 1_796_301_809,
            features: words("dir mail"),
            databases: vec![],
            ..example.clone()
        };
        let alias = Domain {
            id: "179630181221663".into(),
            name: "example.net".into(),
            kind: Kind::Alias {
                target: "example.com".into(),
            },
            desc: "Alias of example.com".into(),
            prefix: "example-net".into(),
            home: "/home/example/domains/example.net".into(),
            created: 1_796_301_813,
            ..sub.clone()
        };
        let test = Domain {
            id: "179630180221215".into(),
            name: "test.org".into(),
            kind: Kind::TopLevel,
            desc: "Test organisation".into(),
            user: "test".into(),
            uid: 1003,
            gid: 1003,
            prefix: "test".into(),
            pass_hash: "$y$j9T$AHLS.J0eG2vVdg7l8pQcP.$ZNeDQE25WWx4W9rxH5PhrXJhJRZyaoAbuCTlUDQ9Im8"
                .into(),
            mysql_pass: None,
            home: "/home/test".into(),
            email: "test@test.org".into(),
            created: 1_796_301_803,
            features: words("unix dir mail webmin"),
            databases: vec![],
            disabled: None,
        };
        state.domains = vec![example, test, sub, alias];

        let user = |domain: &str, user: &str, real: &str, hash: &str, ftp: bool| User {
            domain: domain.into(),
            user: user.into(),
            real: real.into(),
            pass_hash: hash.into(),
            ftp,
            databases: vec![],
        };
        state.users = vec![
            user(
                "example.com",
                "alice",
                "Alice Smith",
                "$y$j9T$OWXY.KNdiuaseFUz3lXvQ.$ifhbwCjQswYXu2jWL5HAyr3Hryxf7t7BLLFPIW5CN9A",
                false,
            ),
            user(
                "example.com",
                "bob",
                "Bob Jones",
                "$y$j9T$KZID.i9SXPtEzZrpuog4e.$qcoV6/qLJ4AHdXwe9TQWTNoMiVmAeOTpDzAicVF1/O5",
                true,
            ),
            User {
                databases: vec!["example".into()],
                ..user(
                    "example.com",
                    "carol",
                    "Carol D\u{fc}rr",
                    "$y$j9T$ISTB.AlGajbszX8ZvQY79.$9NKNsDFm.yymR5Z8wE0sh0FHHtCw5NqOBgHh/wQHnt1",
                    false,
                )
            },
            user(
                "test.org",
                "dave",
                "Dave",
                "$y$j9T$Q2Ak.7s6dVb0cQx1mPq3e.$8m3r3b8Gx0y0b8Yq1fKc6o6l4V3T0oGkq1N0y9s7Lm2",
                false,
            ),
        ];

        // NB: each server's default aliases in the order the recordings list them.
        let defaults = [
            ("example.com", DEFAULT_ALIASES),
            (
                "test.org",
                ["webmaster", "hostmaster", "postmaster", "abuse"],
            ),
            ("sub.example.com", DEFAULT_ALIASES),
        ];
        for (domain, order) in defaults {
            let owner = state
                .domain(domain)
                .map(|d| d.email.clone())
                .unwrap_or_default();
            for from in order {
                state.aliases.push(alias_of(domain, from, &[&owner]));
            }
        }
        state.aliases.extend([
            alias_of("example.com", "bobby", &["bob.example"]),
            alias_of(
                "example.com",
                "info",
                &["alice@example.com", "bob@example.com"],
            ),
            alias_of("example.com", "sales", &["carol@example.com"]),
            alias_of("example.com", "support", &["alice@example.com"]),
            alias_of("test.org", "hello", &["dave@test.org"]),
        ]);
        state
    }
}

fn push_with_children<'a>(
    domain: &'a Domain,
    children: &HashMap<&str, Vec<&'a Domain>>,
    listed: &mut HashSet<&'a str>,
    out: &mut Vec<&'a Domain>,
) {
    // NB: `listed` also stops a cycle (a server that is its own ancestor) from recursing.
    if !listed.insert(domain.name.as_str()) {
        return;
    }
    out.push(domain);
    for child in children.get(domain.name.as_str()).into_iter().flatten() {
        push_with_children(child, children, listed, out);
    }
}

fn alias_of(domain: &str, from: &str, to: &[&str]) -> Alias {
    Alias {
        domain: domain.into(),
        from: from.into(),
        to: to.iter().map(|t| t.to_string()).collect(),
    }
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_servers_list_in_the_recorded_order() {
        let state = State::seeded();
        let names: Vec<&str> = state
            .ordered_domains()
            .iter()
            .map(|d| d.name.as_str())
            .collect();
        assert_eq!(
            names,
            ["example.com", "sub.example.com", "example.net", "test.org"]
        );
    }

    #[test]
    fn new_ids_are_fifteen_digits_and_distinct() {
        let mut state = State::default();
        let (a, b) = (state.next_id(), state.next_id());
        assert_eq!(a.len(), 15);
        assert_ne!(a, b);
    }
}
