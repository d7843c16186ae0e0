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
use std::fmt;
use std::sync::OnceLock;

use serde_json::Value;

use crate::call::{Call, RESERVED_NAMES};
use crate::error::Error;
use crate::response::Response;

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

/// What kind of mistake [`Catalog::check`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProblemKind {
    /// No program of that name.
    UnknownProgram,
    /// The program exists only in Virtualmin Pro, and the catalog is of a GPL server.
    ProOnly,
    /// The program has no flag of that name.
    UnknownFlag,
    /// A value was given to a switch (remote.cgi would pass it as a stray word).
    ValueForSwitch,
    /// A flag that needs a value was sent bare.
    MissingValue,
    /// A flag that may appear once appeared again.
    RepeatedFlag,
    /// A required flag, or one of a required group, is missing.
    MissingRequired,
    /// Two alternatives of one group were both given.
    ExclusiveFlags,
}

impl ProblemKind {
    /// The kind's stable name, as the bindings present it: `unknown_program`, `pro_only`,
    /// `unknown_flag`, `value_for_switch`, `missing_value`, `repeated_flag`,
    /// `missing_required`, `exclusive_flags`.
    pub fn name(self) -> &'static str {
        match self {
            ProblemKind::UnknownProgram => "unknown_program",
            ProblemKind::ProOnly => "pro_only",
            ProblemKind::UnknownFlag => "unknown_flag",
            ProblemKind::ValueForSwitch => "value_for_switch",
            ProblemKind::MissingValue => "missing_value",
            ProblemKind::RepeatedFlag => "repeated_flag",
            ProblemKind::MissingRequired => "missing_required",
            ProblemKind::ExclusiveFlags => "exclusive_flags",
        }
    }
}

/// One mistake in a call, with what was probably meant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// What kind of mistake.
    pub kind: ProblemKind,
    /// The flag concerned (`None` for the program itself).
    pub flag: Option<String>,
    /// The name that was probably meant, for unknown names.
    pub suggestion: Option<String>,
    /// A sentence for people.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
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

    /// Every mistake in `call` that this catalog can see, in the order of the call.
    pub fn check(&self, call: &Call) -> Vec<Problem> {
        let program = call.program();
        let Some(spec) = self.program(program) else {
            return vec![self.unknown_program(program)];
        };

        let mut problems = Vec::new();
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (name, value) in call.args() {
            let count = seen.entry(name.as_str()).or_default();
            *count += 1;
            let Some(flag) = spec.flag(name) else {
                let suggestion = closest(name, spec.flags.iter().map(|f| f.name.as_str()));
                let hint = suggestion
                    .as_deref()
                    .map(|s| format!("; did you mean --{s}?"))
                    .unwrap_or_default();
                problems.push(Problem {
                    kind: ProblemKind::UnknownFlag,
                    flag: Some(name.clone()),
                    message: format!("{program} has no flag --{name}{hint}"),
                    suggestion,
                });
                continue;
            };
            if !flag.takes_value && !value.is_empty() {
                problems.push(problem(
                    ProblemKind::ValueForSwitch,
                    name,
                    format!("--{name} of {program} is a switch and takes no value"),
                ));
            }
            if flag.takes_value && value.is_empty() {
                problems.push(problem(
                    ProblemKind::MissingValue,
                    name,
                    format!("--{name} of {program} needs a value"),
                ));
            }
            if !flag.repeatable && *count == 2 {
                problems.push(problem(
                    ProblemKind::RepeatedFlag,
                    name,
                    format!("--{name} of {program} may be given only once"),
                ));
            }
        }

        let in_groups: BTreeSet<&str> = spec
            .groups
            .iter()
            .flat_map(|g| g.alternatives.iter().flatten())
            .map(String::as_str)
            .collect();
        for flag in &spec.flags {
            if flag.required
                && !in_groups.contains(flag.name.as_str())
                && !seen.contains_key(flag.name.as_str())
            {
                problems.push(problem(
                    ProblemKind::MissingRequired,
                    &flag.name,
                    format!("{program} needs --{}", flag.name),
                ));
            }
        }
        for group in &spec.groups {
            let given: Vec<&Vec<String>> = group
                .alternatives
                .iter()
                .filter(|alt| alt.iter().any(|f| seen.contains_key(f.as_str())))
                .collect();
            if given.len() > 1 {
                let shown: Vec<String> = given.iter().map(|alt| format!("--{}", alt[0])).collect();
                problems.push(problem(
                    ProblemKind::ExclusiveFlags,
                    &given[1][0],
                    format!("{program} takes only one of {}", shown.join(", ")),
                ));
            }
            if group.required && given.is_empty() {
                let names: Vec<String> = group
                    .alternatives
                    .iter()
                    .map(|alt| format!("--{}", alt.join(" --")))
                    .collect();
                problems.push(Problem {
                    kind: ProblemKind::MissingRequired,
                    flag: group.alternatives.first().and_then(|a| a.first()).cloned(),
                    suggestion: None,
                    message: format!("{program} needs one of {}", names.join(" | ")),
                });
            }
        }
        problems
    }

    fn unknown_program(&self, program: &str) -> Problem {
        if self.pro_only.contains(program) {
            return Problem {
                kind: ProblemKind::ProOnly,
                flag: None,
                suggestion: None,
                message: format!(
                    "{program} exists only in Virtualmin Pro; this catalog ({}) is of a GPL server",
                    self.source
                ),
            };
        }
        let names = self
            .programs
            .keys()
            .chain(self.aliases.keys())
            .map(String::as_str);
        let suggestion = closest(program, names);
        let hint = suggestion
            .as_deref()
            .map(|s| format!("; did you mean {s}?"))
            .unwrap_or_default();
        Problem {
            kind: ProblemKind::UnknownProgram,
            flag: None,
            message: format!("there is no program {program}{hint}"),
            suggestion,
        }
    }
}

fn problem(kind: ProblemKind, flag: &str, message: String) -> Problem {
    Problem {
        kind,
        flag: Some(flag.to_owned()),
        suggestion: None,
        message,
    }
}

/// The candidate nearest to `name` by edit distance, if it is near enough to be a typo.
fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let limit = (name.chars().count() / 3).clamp(1, 3);
    candidates
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c.to_owned())
}

/// Levenshtein distance, with a swap of two neighbours counted as one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(call: &Call) -> Vec<(ProblemKind, Option<String>)> {
        Catalog::bundled()
            .check(call)
            .into_iter()
            .map(|p| (p.kind, p.flag))
            .collect()
    }

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
    fn correct_call_has_no_problems() {
        let call = Call::new("create-alias")
            .arg("domain", "example.com")
            .arg("from", "info")
            .arg("to", "a@example.com")
            .arg("to", "b@example.com");
        assert_eq!(kinds(&call), vec![]);
    }

    #[test]
    fn unknown_program_suggests_the_nearest() {
        let problems = Catalog::bundled().check(&Call::new("list-domain"));
        assert_eq!(problems[0].kind, ProblemKind::UnknownProgram);
        assert_eq!(problems[0].suggestion.as_deref(), Some("list-domains"));
        assert!(problems[0].message.contains("did you mean list-domains?"));

        let far = Catalog::bundled().check(&Call::new("make-coffee"));
        assert_eq!(far[0].suggestion, None);
    }

    #[test]
    fn pro_only_program_is_named_as_such() {
        let problems = Catalog::bundled().check(&Call::new("list-resellers"));
        assert_eq!(problems[0].kind, ProblemKind::ProOnly);
        assert!(problems[0].message.contains("Virtualmin Pro"));
    }

    #[test]
    fn unknown_flag_suggests_the_nearest() {
        let problems = Catalog::bundled().check(&Call::new("list-domains").flag("nameonly"));
        assert_eq!(problems[0].kind, ProblemKind::UnknownFlag);
        assert_eq!(problems[0].suggestion.as_deref(), Some("name-only"));
    }

    #[test]
    fn switch_with_value_and_valued_flag_without_one() {
        let call = Call::new("list-domains")
            .arg("name-only", "1")
            .flag("domain");
        assert_eq!(
            kinds(&call),
            vec![
                (ProblemKind::ValueForSwitch, Some("name-only".into())),
                (ProblemKind::MissingValue, Some("domain".into())),
            ]
        );
    }

    #[test]
    fn repeated_flag_that_may_not_repeat() {
        let call = Call::new("create-alias")
            .arg("domain", "a.example")
            .arg("domain", "b.example")
            .arg("from", "x")
            .arg("to", "y@z.example");
        assert_eq!(
            kinds(&call),
            vec![(ProblemKind::RepeatedFlag, Some("domain".into()))]
        );
    }

    #[test]
    fn missing_required_flag_and_group() {
        let missing = kinds(
            &Call::new("create-alias")
                .arg("from", "x")
                .arg("to", "y@z.example"),
        );
        assert!(
            missing.contains(&(ProblemKind::MissingRequired, Some("domain".into()))),
            "{missing:?}"
        );

        let problems =
            Catalog::bundled().check(&Call::new("create-domain").arg("domain", "n.example"));
        let group = problems
            .iter()
            .find(|p| p.message.contains("--pass"))
            .expect("pass group");
        assert_eq!(group.kind, ProblemKind::MissingRequired);
    }

    #[test]
    fn two_alternatives_of_one_group() {
        let call = Call::new("list-domains").flag("name-only").flag("id-only");
        assert_eq!(
            kinds(&call),
            vec![(ProblemKind::ExclusiveFlags, Some("id-only".into()))]
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
    fn edit_distance_counts_swaps_once() {
        assert_eq!(edit_distance("alocate-ip", "allocate-ip"), 1);
        assert_eq!(edit_distance("lsit", "list"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn problem_kind_names_are_distinct_snake_case() {
        let kinds = [
            ProblemKind::UnknownProgram,
            ProblemKind::ProOnly,
            ProblemKind::UnknownFlag,
            ProblemKind::ValueForSwitch,
            ProblemKind::MissingValue,
            ProblemKind::RepeatedFlag,
            ProblemKind::MissingRequired,
            ProblemKind::ExclusiveFlags,
        ];
        let mut names: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
        assert!(names
            .iter()
            .all(|n| n.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')));
        names.sort();
        names.dedup();
        assert_eq!(names.len(), kinds.len());
    }

    #[test]
    fn check_modes_parse() {
        assert_eq!(CheckMode::from_name("strict").unwrap(), CheckMode::Strict);
        assert!(CheckMode::from_name("loud").is_err());
    }
}
