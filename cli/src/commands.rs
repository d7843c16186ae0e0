//! The commands that read the program catalog: `programs`, `help PROGRAM`, `completions SHELL`.

use std::fmt::Write as _;

use virtualmin_remote::catalog::{ProblemKind, ProgramSpec};
use virtualmin_remote::{Call, Catalog};

/// `programs`: every program with its category, grouped as list-commands groups them.
pub fn programs(catalog: &Catalog) -> String {
    let mut by_category: Vec<(&str, &ProgramSpec)> = catalog
        .programs()
        .map(|p| (p.category.as_deref().unwrap_or("Other"), p))
        .collect();
    by_category.sort_by(|a, b| a.0.cmp(b.0).then(a.1.name.cmp(&b.1.name)));

    let mut out = String::new();
    let mut current = None;
    for (category, program) in by_category {
        if current != Some(category) {
            if current.is_some() {
                out.push('\n');
            }
            let _ = writeln!(out, "{category}");
            current = Some(category);
        }
        match &program.description {
            Some(text) => {
                let _ = writeln!(out, "  {:<32} {text}", program.name);
            }
            None => {
                let _ = writeln!(out, "  {}", program.name);
            }
        }
    }
    let _ = writeln!(
        out,
        "\n{} programs, from {}",
        catalog.programs().count(),
        catalog.source()
    );
    out
}

/// `help PROGRAM`: its flags, what each takes, and its groups of alternatives.
pub fn help(catalog: &Catalog, name: &str) -> Result<String, String> {
    let Some(program) = catalog.program(name) else {
        let problem = catalog.check(&Call::new(name)).into_iter().next();
        return Err(match problem {
            Some(p) if p.kind == ProblemKind::ProOnly || p.suggestion.is_some() => p.message,
            _ => format!("there is no program {name}; `virtualmin-remote programs` lists them"),
        });
    };

    let mut out = String::new();
    let _ = writeln!(out, "{}", program.name);
    if let Some(text) = &program.description {
        let _ = writeln!(out, "  {text}");
    }
    if let Some(category) = &program.category {
        let _ = writeln!(out, "  category: {category}");
    }
    let _ = writeln!(out, "\nFlags:");
    if program.flags.is_empty() {
        let _ = writeln!(out, "  (none listed in its usage text)");
    }
    for flag in &program.flags {
        let shown = if flag.takes_value {
            format!("--{} VALUE", flag.name)
        } else {
            format!("--{}", flag.name)
        };
        let mut notes = Vec::new();
        if flag.required {
            notes.push("required");
        }
        if flag.repeatable {
            notes.push("may repeat");
        }
        let _ = writeln!(out, "  {shown:<36} {}", notes.join(", "));
    }
    if !program.groups.is_empty() {
        let _ = writeln!(out, "\nAlternatives (at most one of each line):");
        for group in &program.groups {
            let names: Vec<String> = group
                .alternatives
                .iter()
                .map(|alt| {
                    alt.iter()
                        .map(|f| format!("--{f}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            let required = if group.required {
                "  (one is required)"
            } else {
                ""
            };
            let _ = writeln!(out, "  {}{required}", names.join(" | "));
        }
    }
    let _ = writeln!(out, "\nFrom {}.", catalog.source());
    Ok(out)
}

/// `completions SHELL`: a completion script for bash, zsh or fish.
pub fn completions(catalog: &Catalog, shell: &str) -> Result<String, String> {
    match shell {
        "bash" => Ok(bash(catalog)),
        "zsh" => Ok(format!(
            "#compdef virtualmin-remote\nautoload -U bashcompinit && bashcompinit\n{}",
            bash(catalog)
        )),
        "fish" => Ok(fish(catalog)),
        other => Err(format!("no completions for {other:?} (bash, zsh or fish)")),
    }
}

const OPTIONS: &str = "--server --user --password-file --profile --config --fingerprint --ca-file \
                       --insecure --output --wire-format --get --cloudmin --timeout \
                       --connect-timeout --check --no-auto-multiline --dry-run --quiet --verbose \
                       --help --version";
const COMMANDS: &str = "programs help completions fingerprint";

fn program_names(catalog: &Catalog) -> String {
    catalog
        .programs()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn bash(catalog: &Catalog) -> String {
    let mut cases = String::new();
    for program in catalog.programs() {
        let flags: Vec<String> = program
            .flags
            .iter()
            .map(|f| format!("--{}", f.name))
            .collect();
        let _ = writeln!(
            cases,
            "        {}) flags=\"{}\" ;;",
            program.name,
            flags.join(" ")
        );
    }
    format!(
        r#"# bash completion for virtualmin-remote, generated from the catalog of {source}
_virtualmin_remote() {{
    local cur program flags i
    cur="${{COMP_WORDS[COMP_CWORD]}}"
    program=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${{COMP_WORDS[i]}}" in
            --server|--user|--password-file|--profile|--config|--fingerprint|--ca-file|--output|--wire-format|--timeout|--connect-timeout|--check) ((i++)) ;;
            -*) ;;
            *) program="${{COMP_WORDS[i]}}"; break ;;
        esac
    done
    if [[ -z "$program" ]]; then
        if [[ "$cur" == -* ]]; then
            COMPREPLY=($(compgen -W "{options}" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "{commands} {programs}" -- "$cur"))
        fi
        return 0
    fi
    case "$program" in
        help) COMPREPLY=($(compgen -W "{programs}" -- "$cur")); return 0 ;;
        completions) COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur")); return 0 ;;
{cases}        *) flags="" ;;
    esac
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$flags" -- "$cur"))
    fi
    return 0
}}
complete -F _virtualmin_remote virtualmin-remote
"#,
        source = catalog.source(),
        options = OPTIONS,
        commands = COMMANDS,
        programs = program_names(catalog),
    )
}

fn fish(catalog: &Catalog) -> String {
    let mut out = format!(
        "# fish completion for virtualmin-remote, generated from the catalog of {}\n\
         complete -c virtualmin-remote -f\n\
         complete -c virtualmin-remote -n '__fish_use_subcommand' -a '{} {}'\n",
        catalog.source(),
        COMMANDS,
        program_names(catalog)
    );
    for program in catalog.programs() {
        for flag in &program.flags {
            let takes = if flag.takes_value { " -r" } else { "" };
            let _ = writeln!(
                out,
                "complete -c virtualmin-remote -n '__fish_seen_subcommand_from {}' -l '{}'{takes}",
                program.name, flag.name
            );
        }
    }
    out
}
