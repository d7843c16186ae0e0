//! Checking a call against the catalog: the mistakes it can find and the names it suggests.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::Catalog;
use crate::call::Call;

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

impl Catalog {
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
}
