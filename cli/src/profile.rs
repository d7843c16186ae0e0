//! Named server profiles and where the password comes from.
//!
//! The config file is plain `key = value` lines under `[name]` sections:
//!
//! ```text
//! [default]
//! server = https://vm1.example.net:10000
//! user = root
//! fingerprint = 9F:86:D0:...
//! password-file = /home/me/.config/virtualmin-remote/vm1.password
//!
//! [vm2]
//! server = https://vm2.example.net:10000
//! ca-file = /etc/ssl/our-ca.pem
//! password-env = VM2_PASSWORD
//!
//! [group web]
//! profiles = default, vm2
//! ```
//!
//! A `password = ...` line is allowed only in a file no one else can read (mode 0600); the tool
//! refuses to use a file that holds a password and is readable by group or others.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use virtualmin_remote::Secret;

/// One `[name]` section.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Profile {
    pub server: Option<String>,
    pub user: Option<String>,
    pub fingerprint: Option<String>,
    pub ca_file: Option<PathBuf>,
    pub insecure: bool,
    pub password_file: Option<PathBuf>,
    pub password_env: Option<String>,
    pub password: Option<Secret>,
}

/// A problem with the config file or the credentials (a usage error, exit code 2).
#[derive(Debug)]
pub struct ProfileError(pub String);

/// The config file's default location: `$VIRTUALMIN_REMOTE_CONFIG`, else
/// `$XDG_CONFIG_HOME/virtualmin-remote/config`, else `~/.config/virtualmin-remote/config`.
pub fn default_config_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("VIRTUALMIN_REMOTE_CONFIG") {
        return Some(path.into());
    }
    let base = match std::env::var_os("XDG_CONFIG_HOME") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(std::env::var_os("HOME")?).join(".config"),
    };
    Some(base.join("virtualmin-remote").join("config"))
}

/// The profiles and groups of a config file.
#[derive(Debug, Default)]
pub struct Config {
    path: PathBuf,
    profiles: BTreeMap<String, Profile>,
    groups: BTreeMap<String, Vec<String>>,
}

impl Config {
    /// Reads the config file. A missing file is an empty config unless `required`.
    pub fn load(path: &Path, required: bool) -> Result<Config, ProfileError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
                return Ok(Config {
                    path: path.to_owned(),
                    ..Config::default()
                })
            }
            Err(e) => {
                return Err(ProfileError(format!(
                    "cannot read config file {}: {e}",
                    path.display()
                )))
            }
        };
        let (profiles, groups) =
            parse(&text).map_err(|e| ProfileError(format!("{}: {e}", path.display())))?;
        if profiles.values().any(|p| p.password.is_some()) {
            check_private(path)?;
        }
        Ok(Config {
            path: path.to_owned(),
            profiles,
            groups,
        })
    }

    /// Profile `name`, or `[default]` (empty if absent) when no name is given.
    pub fn profile(&self, name: Option<&str>) -> Result<Profile, ProfileError> {
        match name {
            Some(name) => self.profiles.get(name).cloned().ok_or_else(|| {
                ProfileError(format!(
                    "no profile [{name}] in {} (profiles there: {})",
                    self.path.display(),
                    listed(self.profiles.keys())
                ))
            }),
            None => Ok(self.profiles.get("default").cloned().unwrap_or_default()),
        }
    }

    /// The profile names of `[group NAME]`, in the order written.
    pub fn group(&self, name: &str) -> Result<Vec<String>, ProfileError> {
        self.groups.get(name).cloned().ok_or_else(|| {
            ProfileError(format!(
                "no group [group {name}] in {} (groups there: {})",
                self.path.display(),
                listed(self.groups.keys())
            ))
        })
    }
}

fn listed<'a>(names: impl Iterator<Item = &'a String>) -> String {
    let names: Vec<&str> = names.map(String::as_str).collect();
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }
}

#[cfg(unix)]
fn check_private(path: &Path) -> Result<(), ProfileError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|e| ProfileError(format!("cannot stat {}: {e}", path.display())))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(ProfileError(format!(
            "{} holds a password but others can read it (mode {:o}); run: chmod 600 {}",
            path.display(),
            mode & 0o777,
            path.display()
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_: &Path) -> Result<(), ProfileError> {
    Ok(())
}

type Sections = (BTreeMap<String, Profile>, BTreeMap<String, Vec<String>>);

fn parse(text: &str) -> Result<Sections, String> {
    enum Section {
        Profile(String),
        Group(String),
    }
    let mut profiles = BTreeMap::new();
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current: Option<Section> = None;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let lineno = n + 1;
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let header = header.trim();
            let section = match header.strip_prefix("group ") {
                Some(name) => Section::Group(name.trim().to_owned()),
                None => Section::Profile(header.trim_start_matches("profile ").trim().to_owned()),
            };
            match &section {
                Section::Profile(name) | Section::Group(name) if name.is_empty() => {
                    return Err(format!("line {lineno}: empty section name"))
                }
                Section::Profile(name) => {
                    profiles
                        .entry(name.clone())
                        .or_insert_with(Profile::default);
                }
                Section::Group(name) => {
                    groups.entry(name.clone()).or_default();
                }
            }
            current = Some(section);
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            return Err(format!(
                "line {lineno}: expected `key = value` or `[profile]`"
            ));
        };
        let (key, value) = (key.trim(), unquote(value.trim()));
        match &current {
            None => return Err(format!("line {lineno}: `{key}` before any [profile] line")),
            Some(Section::Group(name)) => {
                if key != "profiles" {
                    return Err(format!(
                        "line {lineno}: a group takes only `profiles = a, b`"
                    ));
                }
                let members = groups.get_mut(name).expect("group exists");
                members.extend(
                    value
                        .split([',', ' '])
                        .filter(|m| !m.is_empty())
                        .map(str::to_owned),
                );
            }
            Some(Section::Profile(name)) => {
                let profile = profiles.get_mut(name).expect("profile exists");
                set_key(profile, key, value).map_err(|e| format!("line {lineno}: {e}"))?;
            }
        }
    }
    Ok((profiles, groups))
}

fn set_key(profile: &mut Profile, key: &str, value: String) -> Result<(), String> {
    match key {
        "server" | "url" => profile.server = Some(value),
        "user" => profile.user = Some(value),
        "fingerprint" => profile.fingerprint = Some(value),
        "ca-file" | "ca_file" => profile.ca_file = Some(expand_home(&value)),
        "insecure" => profile.insecure = matches!(value.as_str(), "true" | "yes" | "1"),
        "password-file" | "password_file" => profile.password_file = Some(expand_home(&value)),
        "password-env" | "password_env" => profile.password_env = Some(value),
        "password" => profile.password = Some(Secret::new(value)),
        other => return Err(format!("unknown key {other:?}")),
    }
    Ok(())
}

fn unquote(value: &str) -> String {
    for q in ['"', '\''] {
        if value.len() >= 2 && value.starts_with(q) && value.ends_with(q) {
            return value[1..value.len() - 1].to_owned();
        }
    }
    value.to_owned()
}

fn expand_home(value: &str) -> PathBuf {
    match (value.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(value),
    }
}

/// Finds the password: `--password-file`, the profile's file, env var or inline value,
/// `$VIRTUALMIN_PASSWORD`, then a prompt when stdin is a terminal.
pub fn password(
    cli_file: Option<&Path>,
    profile: &Profile,
    user: &str,
    server: &str,
) -> Result<Secret, ProfileError> {
    if let Some(path) = cli_file.or(profile.password_file.as_deref()) {
        return read_password_file(path);
    }
    if let Some(var) = &profile.password_env {
        return match std::env::var(var) {
            Ok(value) if !value.is_empty() => Ok(Secret::new(value)),
            _ => Err(ProfileError(format!(
                "the profile's password-env ${var} is not set"
            ))),
        };
    }
    if let Some(secret) = &profile.password {
        return Ok(secret.clone());
    }
    if let Ok(value) = std::env::var("VIRTUALMIN_PASSWORD") {
        if !value.is_empty() {
            return Ok(Secret::new(value));
        }
    }
    if std::io::stdin().is_terminal() {
        let prompt = format!("Password for {user} at {server}: ");
        return rpassword::prompt_password(prompt)
            .map(Secret::new)
            .map_err(|e| ProfileError(format!("cannot read the password: {e}")));
    }
    Err(ProfileError(
        "no password: use --password-file FILE, set $VIRTUALMIN_PASSWORD, or run on a terminal"
            .into(),
    ))
}

fn read_password_file(path: &Path) -> Result<Secret, ProfileError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| ProfileError(format!("cannot read password file {}: {e}", path.display())))?;
    let first = text.lines().next().unwrap_or("").trim_end_matches('\r');
    if first.is_empty() {
        return Err(ProfileError(format!(
            "password file {} is empty",
            path.display()
        )));
    }
    Ok(Secret::new(first))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_and_keys_parse() {
        let text = "# comment\n[default]\nserver = https://a:10000\nuser=admin\n\n[profile b]\n\
                    server = \"https://b:10000\"\npassword-env = B_PASS\ninsecure = yes\n\
                    [group web]\nprofiles = default, b\n";
        let (sections, groups) = parse(text).unwrap();
        assert_eq!(groups["web"], ["default", "b"]);
        assert_eq!(
            sections["default"].server.as_deref(),
            Some("https://a:10000")
        );
        assert_eq!(sections["default"].user.as_deref(), Some("admin"));
        assert_eq!(sections["b"].server.as_deref(), Some("https://b:10000"));
        assert_eq!(sections["b"].password_env.as_deref(), Some("B_PASS"));
        assert!(sections["b"].insecure);
    }

    #[test]
    fn mistakes_name_their_line() {
        assert!(parse("server = x\n").unwrap_err().contains("line 1"));
        assert!(parse("[a]\nbogus = 1\n").unwrap_err().contains("line 2"));
        assert!(parse("[a]\nno equals\n").unwrap_err().contains("line 2"));
    }
}
