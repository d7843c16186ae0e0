//! The API's programs and their flags, and checking a call against them before it is sent.
//!
//! A wrong program or flag name is the most common silent bug of remote.cgi clients: the server
//! answers with a usage text that someone has to read. [`Catalog::check`] finds such mistakes
//! before any I/O and suggests the name that was probably meant. The catalog comes either
//! bundled ([`Catalog::bundled`], Virtualmin GPL 8.1) or from a live server
//! ([`Client::live_catalog`](crate::Client::live_catalog)); both are this one type.
//!
//! The catalog also knows which programs accept `--multiline`, which lets the client ask for
//! structured records when the caller chose no listing mode (see
//! [`ClientBuilder::auto_multiline`](crate::ClientBuilder::auto_multiline)).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde_json::Value;

use crate::call::{Call, RESERVED_NAMES};
use crate::error::Error;
use crate::response::Response;

mod check;

pub use check::{Problem, ProblemKind};

/// What a client does with the problems [`Catalog::check`] finds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CheckMode {
    /// No checking.
    Off,
    /// Log each problem as a warning and send the call anyway (the default: a server newer than
    /// the catalog may know flags it does not).
    #[default]
    Warn,
    /// Refuse the call with a usage error naming the first problem.
    Strict,
}

impl CheckMode {
    /// Parses `off`, `warn` or `strict`.
    ///
    /// # Errors
    /// A usage error for any other name.
    pub fn from_name(name: &str) -> Result<CheckMode, Error> {
        match name {
            "off" => Ok(CheckMode::Off),
            "warn" => Ok(CheckMode::Warn),
            "strict" => Ok(CheckMode::Strict),
            other => Err(Error::usage(format!(
                "unknown check mode {other:?} (expected off, warn or strict)"
            ))),
        }
    }
}

/// One flag of a program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagSpec {
    /// The name without `--`.
    pub name: String,
    /// True when the flag is followed by a value; false for a switch.
    pub takes_value: bool,
    /// True when the usage text shows it outside brackets.
    pub required: bool,
    /// True when it may be given more than once.
    pub repeatable: bool,
}

/// Flags written `a | b` in a usage text: at most one alternative may be given, and when the
/// group is required, exactly one must be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExclusiveGroup {
    /// Each alternative is one or more flags that go together.
    pub alternatives: Vec<Vec<String>>,
    /// True when one alternative must be given.
    pub required: bool,
}

/// One API program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgramSpec {
    /// The program's name (`create-domain`).
    pub name: String,
    /// list-commands' section heading (`Virtual servers`).
    pub category: Option<String>,
    /// One line saying what it does, where the source gave one.
    pub description: Option<String>,
    /// Its flags, in usage order.
    pub flags: Vec<FlagSpec>,
    /// Its groups of alternatives.
    pub groups: Vec<ExclusiveGroup>,
}

impl ProgramSpec {
    /// The flag of that name.
    pub fn flag(&self, name: &str) -> Option<&FlagSpec> {
        self.flags.iter().find(|f| f.name == name)
    }

    /// True when the program takes `--multiline`, and so can return records.
    pub fn accepts_multiline(&self) -> bool {
        self.flag("multiline").is_some()
    }

    /// The flags that choose how a list is printed: those in a group of alternatives with
    /// `multiline`, `name-only` or `id-only` (`simple-multiline`, `user-only`, `email-only`...).
    pub fn listing_flags(&self) -> BTreeSet<&str> {
        const MODES: [&str; 4] = ["multiline", "simple-multiline", "name-only", "id-only"];
        let mut flags: BTreeSet<&str> = MODES
            .iter()
            .copied()
            .filter(|m| self.flag(m).is_some())
            .collect();
        for group in &self.groups {
            let names = || group.alternatives.iter().flatten().map(String::as_str);
            if names().any(|n| MODES.contains(&n)) {
                flags.extend(names().filter(|n| !RESERVED_NAMES.contains(n)));
            }
        }
        flags
    }
}

/// Programs and flags of one Virtualmin version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Catalog {
    source: String,
    programs: BTreeMap<String, ProgramSpec>,
    aliases: BTreeMap<String, String>,
    pro_only: BTreeSet<String>,
}

impl Catalog {
    /// The catalog of Virtualmin GPL 8.1.0 that ships with this library.
    pub fn bundled() -> &'static Catalog {
        static BUNDLED: OnceLock<Catalog> = OnceLock::new();
        BUNDLED.get_or_init(|| {
            Catalog::from_json(include_str!("../catalog/programs.json"))
                .expect("the bundled catalog parses")
        })
    }

    /// Reads a catalog in the bundled file's format.
    ///
    /// # Errors
    /// A usage error when the text is not such a catalog.
    pub fn from_json(text: &str) -> Result<Catalog, Error> {
        let root: Value = serde_json::from_str(text)
            .map_err(|e| Error::usage(format!("the catalog is not JSON: {e}")))?;
        let bad = |what: &str| Error::usage(format!("malformed catalog: {what}"));
        let str_of = |v: &Value| v.as_str().map(str::to_owned);
        let bool_of = |v: &Value, key: &str| v.get(key).and_then(Value::as_bool).unwrap_or(false);

        let mut programs = BTreeMap::new();
        for entry in root["programs"]
            .as_array()
            .ok_or_else(|| bad("no programs list"))?
        {
            let name = str_of(&entry["name"]).ok_or_else(|| bad("a program has no name"))?;
            let flags = entry["flags"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|f| {
                    Some(FlagSpec {
                        name: str_of(&f["name"])?,
                        takes_value: bool_of(f, "takes_value"),
                        required: bool_of(f, "required"),
                        repeatable: bool_of(f, "repeatable"),
                    })
                })
                .collect();
            let groups = entry["exclusive_groups"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|g| ExclusiveGroup {
                    alternatives: g["alternatives"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|alt| {
                            alt.as_array()
                                .into_iter()
                                .flatten()
                                .filter_map(str_of)
                                .collect()
                        })
                        .collect(),
                    required: bool_of(g, "required"),
                })
                .collect();
            let spec = ProgramSpec {
                name: name.clone(),
                category: str_of(&entry["category"]),
                description: str_of(&entry["description"]),
                flags,
                groups,
            };
            programs.insert(name, spec);
        }

        let aliases = root["symlink_aliases"]
            .as_object()
            .into_iter()
            .flatten()
            .filter_map(|(k, v)| Some((k.clone(), str_of(v)?)))
            .collect();
        let pro_only = root["pro_only_commands"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(str_of)
            .collect();
        let source = str_of(&root["source"]).unwrap_or_else(|| "a catalog file".to_owned());
        Ok(Catalog {
            source,
            programs,
            aliases,
            pro_only,
        })
    }

    /// Builds a catalog from a live server's answers: `list-commands --multiline` and, per
    /// program, `get-command --command NAME`. Groups of alternatives are not reported by
    /// get-command; they are taken from the bundled catalog where its flags match. A program
    /// listed without details (get-command failed on it) keeps its bundled flags, if any.
    pub fn from_live(server: &str, commands: &Response, details: &[(String, Response)]) -> Catalog {
        let bundled = Catalog::bundled();
        let mut programs = BTreeMap::new();
        for record in commands.records() {
            let name = record.name().to_owned();
            programs.insert(
                name.clone(),
                ProgramSpec {
                    name,
                    category: record.get("category").map(str::to_owned),
                    description: record.get("description").map(str::to_owned),
                    flags: Vec::new(),
                    groups: Vec::new(),
                },
            );
        }
        for (name, response) in details {
            let Some(spec) = programs.get_mut(name) else {
                continue;
            };
            spec.flags = response
                .records()
                .iter()
                .map(|r| FlagSpec {
                    name: r.name().to_owned(),
                    takes_value: r.get("binary") == Some("No"),
                    required: r.get("optional") == Some("No"),
                    // get-command says "No", "0 or more times" or "1 or more times".
                    repeatable: r.get("repeats").is_some_and(|v| v != "No"),
                })
                .collect();
            if let Some(known) = bundled.programs.get(name) {
                spec.groups = known
                    .groups
                    .iter()
                    .filter(|g| {
                        g.alternatives
                            .iter()
                            .flatten()
                            .all(|f| spec.flag(f).is_some())
                    })
                    .cloned()
                    .collect();
            }
            // NB: get-command marks each alternative of a required group as required; the
            // group says one of them is, so none of them is required on its own.
            let in_groups: BTreeSet<String> = spec
                .groups
                .iter()
                .flat_map(|g| g.alternatives.iter().flatten().cloned())
                .collect();
            for flag in &mut spec.flags {
                if in_groups.contains(&flag.name) {
                    flag.required = false;
                }
            }
        }
        let described: BTreeSet<&str> = details.iter().map(|(n, _)| n.as_str()).collect();
        for (name, spec) in &mut programs {
            if let (false, Some(known)) = (described.contains(name.as_str()), bundled.program(name))
            {
                spec.flags = known.flags.clone();
                spec.groups = known.groups.clone();
            }
        }
        Catalog {
            source: format!("live: {server}"),
            programs,
            aliases: BTreeMap::new(),
            pro_only: bundled.pro_only.clone(),
        }
    }

    /// Where the catalog came from (a Virtualmin version, or `live: https://host:port`).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Every program, sorted by name.
    pub fn programs(&self) -> impl Iterator<Item = &ProgramSpec> {
        self.programs.values()
    }

    /// The program of that name, following the alternative names some programs have
    /// (`license-info` for `licence-info`).
    pub fn program(&self, name: &str) -> Option<&ProgramSpec> {
        self.programs
            .get(name)
            .or_else(|| self.programs.get(self.aliases.get(name)?))
    }

    /// True when the name is a Virtualmin Pro program missing from a GPL server.
    pub fn is_pro_only(&self, name: &str) -> bool {
        self.pro_only.contains(name) && !self.programs.contains_key(name)
    }

    /// True when the client should add `--multiline` for the caller: the program takes it and
    /// the call chose no listing mode of its own.
    pub fn wants_multiline(&self, call: &Call) -> bool {
        let Some(spec) = self.program(call.program()) else {
            return false;
        };
        if !spec.accepts_multiline() {
            return false;
        }
        let listing = spec.listing_flags();
        !call
            .args()
            .iter()
            .any(|(name, _)| listing.contains(name.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_catalog_has_every_program() {
        let catalog = Catalog::bundled();
        assert_eq!(catalog.programs().count(), 159);
        assert!(catalog.source().contains("8.1.0"));
        assert_eq!(
            catalog.program("license-info").unwrap().name,
            "licence-info"
        );
    }

    #[test]
    fn multiline_is_wanted_only_without_a_listing_mode() {
        let catalog = Catalog::bundled();
        assert!(catalog.wants_multiline(&Call::new("list-domains")));
        assert!(catalog.wants_multiline(&Call::new("list-users").arg("domain", "a.example")));
        for mode in [
            "multiline",
            "name-only",
            "id-only",
            "user-only",
            "simple-multiline",
        ] {
            assert!(
                !catalog.wants_multiline(&Call::new("list-domains").flag(mode)),
                "{mode}"
            );
        }
        assert!(
            !catalog.wants_multiline(&Call::new("create-domain")),
            "takes no --multiline"
        );
        assert!(!catalog.wants_multiline(&Call::new("info")));
        assert!(!catalog.wants_multiline(&Call::new("not-a-program")));
    }

    #[test]
    fn check_modes_parse() {
        assert_eq!(CheckMode::from_name("strict").unwrap(), CheckMode::Strict);
        assert!(CheckMode::from_name("loud").is_err());
    }
}
