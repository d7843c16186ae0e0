//! Usage texts that programs print after their error line: the recorded real ones where a
//! recording shows them, close imitations for the other implemented programs, and a text built
//! from the catalog for the rest.

use crate::catalog::Program;

/// The usage text of `program`.
pub fn usage(program: &Program) -> String {
    let known = match program.name.as_str() {
        "list-domains" => LIST_DOMAINS,
        "create-domain" => CREATE_DOMAIN,
        "create-alias" => CREATE_ALIAS,
        "list-users" => LIST_USERS,
        "list-aliases" => LIST_ALIASES,
        "delete-user" => DELETE_USER,
        "delete-alias" => DELETE_ALIAS,
        "get-command" => GET_COMMAND,
        "delete-domain" => DELETE_DOMAIN,
        "create-user" => CREATE_USER,
        "disable-domain" => DISABLE_DOMAIN,
        "enable-domain" => ENABLE_DOMAIN,
        "list-commands" => LIST_COMMANDS,
        "info" => INFO,
        _ => return generated(program),
    };
    known.to_owned()
}

/// A usage text in Virtualmin's layout from the catalog's flags.
fn generated(program: &Program) -> String {
    let lead = format!("virtualmin {} ", program.name);
    let mut lines = Vec::new();
    for flag in &program.flags {
        let mut text = format!("--{}", flag.name);
        if flag.takes_value {
            text.push_str(" value");
        }
        if !flag.required {
            text = format!("[{text}]");
        }
        if flag.repeatable {
            text.push('*');
        }
        lines.push(text);
    }
    let pad = " ".repeat(lead.len());
    let mut out = format!("{}\n\n{}", program.description, lead.trim_end());
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            out.push(' ');
        } else {
            out.push('\n');
            out.push_str(&pad);
        }
        out.push_str(line);
    }
    out.push('\n');
    out
}

pub const LIST_DOMAINS: &str = "\
Lists the virtual servers on this system.

virtualmin list-domains [--multiline | --simple-multiline |
                         --json | --xml]
                        [--name-only | --id-only | --user-only |
                         --home-only | --file-only | --ip-only |
                         --ip6-only]
                        [--domain name]*
                        [--user name]*
                        [--mail-user name]*
                        [--id number]*
                        [--with-feature feature]
                        [--without-feature feature]
                        [--with-web] [--with-ssl]
                        [--alias domain | --no-alias]
                        [--subserver | --toplevel | --subdomain]
                        [--parent domain]
                        [--plan ID|name]
                        [--template ID|name]
                        [--disabled | --enabled]
                        [--php-mode cgi|fcgid|fpm|mod_php]
                        [--ip address]
";

pub const CREATE_DOMAIN: &str = "\
Adds a new Virtualmin virtual server, with the settings and features
specified on the command line.

virtualmin create-domain --domain domain.name
                         --pass \"password-for-new-domain\" |
                         --passfile password-file
                        [--hashpass]
                        [--parent domain.name | --alias domain.name |
                         --alias-with-mail domain.name |
                         --alias-with-dns domain.name |
                         --superdom domain.name]
                        [--desc description-for-domain]
                        [--email contact-email]
                        [--user new-unix-user]
                        [--group new-unix-group]
                        [--unix]
                        [--dir]
                        [--mail]
                        [--mysql]
                        [--webmin]
                        [--default-features] | [--features-from-plan]
                        [--default-ip |
                         --no-ip |
                         --shared-ip existing.ip.address |
                         --allocate-ip |
                         --ip virtual.ip.address]
                        [--ip-already]
                        [--default-ip6 |
                         --no-ip6 |
                         --shared-ip6 existing.ip.address |
                         --allocate-ip6 |
                         --ip6 virtual.ip.address]
                        [--ip6-already]
                        [--dns-ip address | --no-dns-ip]
                        [--dns-ip6 address | --no-dns-ip6]
                        [--max-doms domains|*]
                        [--max-aliasdoms domains]
                        [--max-realdoms domains]
                        [--max-mailboxes boxes]
                        [--max-dbs databases]
                        [--max-aliases aliases]
                        [--template \"name\"]
                        [--plan \"name\"]
                        [--limits-from-plan]
                        [--suffix username-prefix]
                        [--db database-name]
                        [--fwdto email-address]
                        [--reseller name]
                        [--mysql-pass password]
                        [--skip-warnings]
                        [--acme]
                        [--acme-always]
                        [--acme-never]
                        [--field-name value]*
                        [--enable-jail | --disable-jail]
                        [--mysql-server hostname]
                        [--postgres-server hostname]
                        [--cloud-dns provider|\"services\"|\"local\"]
                        [--separate-dns-subdomain |
                         --any-dns-subdomain]
                        [--break-ssl-cert | --link-ssl-cert]
                        [--ssl-redirect]
                        [--generate-ssl-cert]
                        [--generate-ssh-key | --use-ssh-key file|data]
                        [--append-style format]
                        [--shell command]
                        [--subprefix directory]
                        [--proxy url]
                        [--alias-redirect | --no-alias-redirect]
                        [--ssl-redirect | --no-ssl-redirect]
";

pub const CREATE_ALIAS: &str = "\
Adds a mail alias to a virtual server.

virtualmin create-alias --domain domain.name
                        --from mailbox|\"*\"
                       <--to address>+
";

pub const LIST_USERS: &str = "\
Lists the mail, FTP and database users in one or more virtual servers.

virtualmin list-users --all-domains | --domain name | --domain-user username
                     [--multiline | --json | --xml]
                     [--name-only | --email-only]
                     [--include-owner]
                     [--user name]
                     [--simple-aliases]
";

pub const LIST_ALIASES: &str = "\
Lists the mail aliases in one or more virtual servers.

virtualmin list-aliases --all-domains | --domain name | --user username
                       [--multiline | --json | --xml | --name-only |
                        --email-only]
                       [--plugins]
";

pub const DELETE_USER: &str = "\
Deletes an existing mail, FTP or database user from a Virtualmin domain.

virtualmin delete-user --domain domain.name
                       --user username
";

pub const DELETE_ALIAS: &str = "\
Deletes a mail alias from a virtual server.

virtualmin delete-alias --domain domain.name
                        --from mailbox|\"*\"
";

pub const GET_COMMAND: &str = "\
Show information about some command.

virtualmin get-command --command name
";

pub const DELETE_DOMAIN: &str = "\
Deletes one or more existing virtual servers.

virtualmin delete-domain --domain domain.name | --user username
                        [--only]
                        [--preserve-remote]
";

pub const CREATE_USER: &str = "\
Adds a new mailbox user to an existing Virtualmin domain.

virtualmin create-user --domain domain.name
                       --user new-username
                       --pass \"password-for-new-user\" |
                       --encpass encrypted-password |
                       --random-pass | --passfile password-file
                      [--real real-name-for-new-user]
                      [--ftp]
                      [--shell /path/to/shell]
                      [--noemail]
                      [--db-only]
                      [--mysql db]
                      [--extra email.address@some.domain]
                      [--recovery address@offsite.com]
                      [--group name]*
                      [--home directory]
                      [--noappend]
";

pub const DISABLE_DOMAIN: &str = "\
Disables all features in the specified virtual server.

virtualmin disable-domain --domain domain.name
                         [--why explanation-for-users]
                         [--exclude feature]*
                         [--subservers]
";

pub const ENABLE_DOMAIN: &str = "\
Enables all disabled features in the specified virtual server.

virtualmin enable-domain --domain domain.name
                        [--subservers]
";

pub const LIST_COMMANDS: &str = "\
Lists the available Virtualmin API commands.

virtualmin list-commands [--short | --multiline | --name-only]
";

pub const INFO: &str = "\
Displays information about this Virtualmin system.

virtualmin info [--search name]
";
