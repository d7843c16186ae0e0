//! The catalog of Virtualmin's API programs, read from the recorded `programs.json`, with the
//! descriptions and categories that `list-commands` printed on the real server.

use std::sync::OnceLock;

use serde_json::Value as Json;

const PROGRAMS_JSON: &str = include_str!("../../fixtures/virtualmin/programs.json");
const LIST_COMMANDS_MULTILINE: &str =
    include_str!("../../fixtures/virtualmin/list-commands.json-multiline.http");
const LIST_COMMANDS_PLAIN: &str =
    include_str!("../../fixtures/virtualmin/list-commands.plain.http");

/// One flag of a program.
#[derive(Clone, Debug)]
pub struct Flag {
    pub name: String,
    pub takes_value: bool,
    pub required: bool,
    pub repeatable: bool,
}

/// One API program.
#[derive(Clone, Debug)]
pub struct Program {
    pub name: String,
    pub category: String,
    pub description: String,
    pub flags: Vec<Flag>,
    /// Whether the real `get-command` could not parse this program's usage text.
    pub get_command_fails: bool,
}

impl Program {
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.name == name)
    }
}

/// Every program, plus the other names remote.cgi would run.
pub struct Catalog {
    /// In `list-commands` order.
    pub programs: Vec<Program>,
    /// Alternative names that are symlinks to a program (`license-info` → `licence-info`).
    pub symlinks: Vec<(String, String)>,
    /// Other executable `.pl` files of the module: libraries, cron helpers.
    pub internal: Vec<String>,
}

/// What remote.cgi finds for a program name.
pub enum Lookup<'a> {
    Program(&'a Program),
    /// An executable that is not an API program (`virtual-server-lib`, `module.info`).
    Internal(&'a str),
    Missing,
}

impl Catalog {
    pub fn lookup(&self, name: &str) -> Lookup<'_> {
        let name = self
            .symlinks
            .iter()
            .find(|(alias, _)| alias == name)
            .map_or(name, |(_, t)| t);
        if let Some(program) = self.programs.iter().find(|p| p.name == name) {
            return Lookup::Program(program);
        }
        match self.internal.iter().find(|n| *n == name) {
            Some(internal) => Lookup::Internal(internal),
            None => Lookup::Missing,
        }
    }

    pub fn program(&self, name: &str) -> Option<&Program> {
        match self.lookup(name) {
            Lookup::Program(program) => Some(program),
            _ => None,
        }
    }

    /// The real `list-commands` table, as the recorded server printed it.
    pub fn list_commands_table(&self) -> &'static str {
        let body = http_body(LIST_COMMANDS_PLAIN);
        body.strip_suffix("\nExit status: 0\n").unwrap_or(body)
    }
}

/// The catalog, parsed once.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(load)
}

/// The body of a recorded `.http` file.
pub fn http_body(recorded: &str) -> &str {
    recorded.split_once("\r\n\r\n").map_or("", |(_, body)| body)
}

fn load() -> Catalog {
    let json: Json = serde_json::from_str(PROGRAMS_JSON).expect("programs.json is valid JSON");
    let listed: Json =
        serde_json::from_str(http_body(LIST_COMMANDS_MULTILINE)).expect("recorded JSON is valid");
    let first = |record: &Json, key: &str| -> String {
        record["values"][key][0]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let order: Vec<(String, String, String)> = listed["data"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            let name = r["name"].as_str().unwrap_or_default().to_owned();
            (name, first(r, "category"), first(r, "description"))
        })
        .collect();

    let parsed: Vec<Program> = json["programs"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| Program {
            name: p["name"].as_str().unwrap_or_default().to_owned(),
            category: p["category"].as_str().unwrap_or_default().to_owned(),
            description: String::new(),
            flags: p["flags"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|f| Flag {
                    name: f["name"].as_str().unwrap_or_default().to_owned(),
                    takes_value: f["takes_value"].as_bool().unwrap_or(false),
                    required: f["required"].as_bool().unwrap_or(false),
                    repeatable: f["repeatable"].as_bool().unwrap_or(false),
                })
                .collect(),
            get_command_fails: p["get_command_status"].as_str() == Some("failure"),
        })
        .collect();

    // NB: list-commands' order (by category, as the real server printed it) is the order every
    // listing of programs uses.
    let mut programs = Vec::with_capacity(parsed.len());
    for (name, category, description) in &order {
        if let Some(p) = parsed.iter().find(|p| &p.name == name) {
            let mut p = p.clone();
            p.category = category.clone();
            p.description = description.clone();
            programs.push(p);
        }
    }
    for p in parsed {
        if !programs.iter().any(|q: &Program| q.name == p.name) {
            programs.push(p);
        }
    }

    let symlinks = json["symlink_aliases"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(alias, target)| {
            (
                alias.clone(),
                target.as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let internal = json["internal_executables_not_api"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| n.as_str().map(str::to_owned))
        .collect();
    Catalog {
        programs,
        symlinks,
        internal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_has_every_program_with_its_description() {
        let catalog = catalog();
        assert_eq!(catalog.programs.len(), 159);
        let alias = catalog.program("create-alias").unwrap();
        assert_eq!(alias.description, "Create a new mail alias");
        assert!(alias.flag("to").unwrap().repeatable);
        assert_eq!(catalog.programs[0].name, "backup-domain");
    }

    #[test]
    fn symlinks_internal_files_and_pro_names_resolve_as_remote_cgi_sees_them() {
        let catalog = catalog();
        assert!(
            matches!(catalog.lookup("license-info"), Lookup::Program(p) if p.name == "licence-info")
        );
        assert!(matches!(
            catalog.lookup("virtual-server-lib"),
            Lookup::Internal(_)
        ));
        assert!(matches!(catalog.lookup("list-resellers"), Lookup::Missing));
        assert!(catalog
            .list_commands_table()
            .starts_with("Backup and restore\n"));
    }
}
