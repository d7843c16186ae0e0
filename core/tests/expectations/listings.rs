//! Expectations for list programs: multiline records, name lists, and tables kept as text.

use virtualmin_remote::{Error, Response};

use super::{ok, record, record_names, text_output};

const DOMAINS: [&str; 4] = ["example.com", "sub.example.com", "example.net", "test.org"];
const DOMAIN_IDS: [&str; 4] = [
    "179630179220803",
    "179630180821480",
    "179630181221663",
    "179630180221215",
];
const EXAMPLE_COM_ALIASES: [&str; 8] = [
    "webmaster@example.com",
    "abuse@example.com",
    "hostmaster@example.com",
    "postmaster@example.com",
    "bobby@example.com",
    "info@example.com",
    "sales@example.com",
    "support@example.com",
];
/// The header and ruler of list-domains' table: `%-30.30s %-15.15s %-30.30s` columns.
fn domains_table_head() -> String {
    let ruler = |n: usize| "-".repeat(n);
    format!(
        "{:<30} {:<15} {:<30}\n{} {} {}\n",
        "Domain",
        "Username",
        "Description",
        ruler(30),
        ruler(15),
        ruler(30)
    )
}

pub fn check(file: &str, result: &Result<Response, Error>) -> bool {
    match file {
        "list-domains.json-multiline.http"
        | "list-domains.json-multiline.POST.http"
        | "list-domains.json-minified-multiline.http"
        | "list-domains.multiline.http"
        | "list-domains.perl-multiline.http"
        | "list-domains.xml-multiline.http" => {
            let r = ok(file, result);
            assert_eq!(r.program(), "list-domains");
            assert_eq!(record_names(r), DOMAINS, "{file}");
            let example = record(file, r, "example.com");
            assert_eq!(example.get("id"), Some(DOMAIN_IDS[0]), "{file}");
            assert_eq!(
                example.get("home_directory"),
                Some("/home/example"),
                "{file}"
            );
            assert_eq!(example.get("type"), Some("Top-level server"), "{file}");
            assert_eq!(example.get("password_for_mysql").map(str::len), Some(25));
            // An empty value is a one-element list holding "", in XML too.
            assert_eq!(
                example.get_all("plugins").collect::<Vec<_>>(),
                [""],
                "{file}"
            );
            let sub = record(file, r, "sub.example.com");
            assert_eq!(sub.get("parent_domain"), Some("example.com"), "{file}");
            let alias = record(file, r, "example.net");
            assert_eq!(alias.get("type"), Some("Alias"), "{file}");
            assert_eq!(alias.get("real_domain"), Some("example.com"), "{file}");
            assert_eq!(r.output(), None, "{file}");
        }
        "large.list-domains.perl-multiline.http" => {
            let r = ok(file, result);
            assert_eq!(record_names(r)[0], "big.example");
            assert_eq!(r.records().len(), 5);
            let test = record(file, r, "test.org");
            assert_eq!(test.get("description"), Some("Test org & friends été"));
        }
        "list-domains.domain-filter.json-multiline.http" => {
            let r = ok(file, result);
            assert_eq!(record_names(r), ["example.com"]);
            assert_eq!(record(file, r, "example.com").get("user_id"), Some("1002"));
        }
        "list-domains.disabled.multiline.test-org.http" => {
            let r = ok(file, result);
            let test = record(file, r, "test.org");
            assert_eq!(test.get("disabled"), Some("Manually (fixture test)"));
            assert_eq!(test.get("disabled_at"), Some("03/Dec/2026 12:55"));
            assert_eq!(test.get("description"), Some("Test org & friends été"));
        }

        "list-domains.name-only.http"
        | "list-domains.json-name-only.http"
        | "transport.ipv6.list-domains.json-name-only.http"
        | "params.flag-empty-value.list-domains.http"
        | "params.flag-no-equals.list-domains.http"
        | "transport.keepalive-requested.http"
        | "transport.head-method.http"
        | "auth.blocked.http-instance-unaffected.http" => {
            let r = ok(file, result);
            assert_eq!(r.names(), DOMAINS, "{file}");
            assert!(r.records().is_empty(), "{file}: names must not be records");
        }
        "list-domains.id-only.http" | "list-domains.json-id-only.http" => {
            assert_eq!(ok(file, result).names(), DOMAIN_IDS, "{file}");
        }
        "list-domains.user-only.http" => {
            assert_eq!(
                ok(file, result).names(),
                ["example", "example", "example", "test"]
            );
        }
        "params.repeated-key.list-domains.http" => {
            assert_eq!(ok(file, result).names(), ["example.com", "test.org"]);
        }
        "zero-domains.list-domains.json-name-only.http"
        | "zero-domains.list-domains.name-only.http" => {
            let r = ok(file, result);
            assert_eq!(r.data(), Some(&serde_json::json!([])), "{file}");
        }
        // simple-multiline stops remote.cgi forcing multiline, so the converter's line-list
        // branch runs; list-domains lets simple-multiline win over name-only, so every line of
        // the simple-multiline text is one string, indented key lines included.
        "list-domains.json-name-only-simple-multiline.http" => {
            let r = ok(file, result);
            let names = r.names();
            assert_eq!(names.len(), 178);
            assert_eq!(names[0], "example.com");
            assert_eq!(names[1], "    ID: 179630179220803");
            assert!(names.contains(&"test.org"));
        }
        "list-domains.simple-multiline.http" | "list-domains.json-simple-multiline.http" => {
            let out = text_output(file, ok(file, result));
            assert!(
                out.starts_with("example.com\n    ID: 179630179220803\n"),
                "{file}"
            );
            assert!(
                out.contains("\n    Description: Example Corp site\n"),
                "{file}"
            );
        }

        // The multiline trap: without `multiline=` the table comes back, and it is text.
        "list-domains.plain.http"
        | "list-domains.json.http"
        | "list-domains.xml.http"
        | "list-domains.perl.http" => {
            let out = text_output(file, ok(file, result));
            assert!(out.starts_with(&domains_table_head()), "{file}: {out:?}");
            assert!(out.ends_with(
                "test.org                       test            Test organisation             \n"
            ));
            assert_eq!(out.lines().count(), 6, "{file}");
        }
        "list-domains.toplevel.plain.http" => {
            let out = text_output(file, ok(file, result));
            assert!(out.starts_with(&domains_table_head()));
            assert_eq!(out.lines().count(), 4);
            assert!(!out.contains("sub.example.com"));
        }
        "auth.webmin-user-default-acl.http"
        | "path.double-slash.http"
        | "path.trailing-slash.http"
        | "transport.http-instance.list-domains.http" => {
            let out = text_output(file, ok(file, result));
            assert!(out.starts_with(&domains_table_head()), "{file}");
            // The table truncates by bytes, so the UTF-8 description is misaligned.
            assert!(out.contains("test            Test org & friends été      \n"));
        }
        "zero-domains.list-domains.json.http" | "zero-domains.list-domains.plain.http" => {
            let out = text_output(file, ok(file, result));
            assert_eq!(out, domains_table_head(), "{file}");
        }

        "list-aliases.json-multiline.http"
        | "list-aliases.multiline.http"
        | "list-aliases.perl-multiline.http"
        | "list-aliases.xml-multiline.http" => {
            let r = ok(file, result);
            assert_eq!(record_names(r), EXAMPLE_COM_ALIASES, "{file}");
            let info = record(file, r, "info@example.com");
            assert_eq!(
                info.get_all("to").collect::<Vec<_>>(),
                ["alice@example.com", "bob@example.com"],
                "{file}"
            );
            assert_eq!(info.keys().collect::<Vec<_>>(), ["to"]);
            assert_eq!(
                record(file, r, "bobby@example.com").get("to"),
                Some("bob.example")
            );
        }
        "list-aliases.name-only.http" => {
            let expected: Vec<&str> = EXAMPLE_COM_ALIASES
                .iter()
                .map(|a| a.split('@').next().unwrap())
                .collect();
            assert_eq!(ok(file, result).names(), expected);
        }
        "list-aliases.plain.http" | "list-aliases.json.http" | "list-aliases.xml.http" => {
            let out = text_output(file, ok(file, result));
            assert!(
                out.starts_with("Alias                Destination   "),
                "{file}"
            );
            assert!(out.contains("\ninfo                 alice@example.com, bob@example.com  "));
            assert_eq!(out.lines().count(), 10, "{file}");
        }
        "params.post-body-and-query-combined.http" => {
            let r = ok(file, result);
            assert_eq!(r.records().len(), 5);
            assert_eq!(
                record(file, r, "hello@test.org").get("to"),
                Some("dave@test.org")
            );
        }
        "large.list-aliases.json-multiline.http"
        | "large.list-aliases.multiline.http"
        | "large.list-aliases.xml-multiline.http" => {
            let r = ok(file, result);
            let records = r.records();
            assert_eq!(records.len(), 254, "{file}");
            assert_eq!(records[0].name(), "hostmaster@big.example");
            assert!(
                records
                    .iter()
                    .filter(|a| a.get_all("to").count() == 2)
                    .count()
                    >= 250
            );
        }
        "large.list-aliases.plain.http" => {
            let out = text_output(file, ok(file, result));
            assert!(out.starts_with("Alias                Destination"));
            assert_eq!(out.lines().count(), 256);
        }

        "list-users.json-multiline.http"
        | "list-users.multiline.http"
        | "list-users.perl-multiline.http"
        | "list-users.xml-multiline.http" => {
            let r = ok(file, result);
            assert_eq!(
                record_names(r),
                ["alice.example", "bob.example", "carol.example"],
                "{file}"
            );
            let carol = record(file, r, "carol.example");
            assert_eq!(carol.get("real_name"), Some("Carol Dürr"), "{file}");
            assert_eq!(carol.get("extra_addresses"), Some("sales@example.com"));
            let bob = record(file, r, "bob.example");
            assert_eq!(bob.get("ftp_access"), Some("Yes"), "{file}");
            assert_eq!(
                record(file, r, "alice.example").get("mail_location"),
                Some("/home/example/homes/alice/Maildir")
            );
        }
        "list-users.name-only.http" | "list-users.json-name-only.http" => {
            assert_eq!(
                ok(file, result).names(),
                ["alice.example", "bob.example", "carol.example"],
                "{file}"
            );
        }
        "list-users.plain.http" | "list-users.json.http" => {
            let out = text_output(file, ok(file, result));
            assert!(out.starts_with("User                 Real name            Mail FTP"));
            assert!(out.contains("\ncarol                Carol Dürr"), "{file}");
        }
        "list-users.all-domains.plain.http" => {
            let out = text_output(file, ok(file, result));
            assert!(out.starts_with("Users in domain example.com :\nUser  "));
            assert!(out.contains("\n\nUsers in domain example.net :\n"));
        }
        "large.list-users.json-multiline.http" => {
            let r = ok(file, result);
            assert_eq!(r.records().len(), 25);
            let first = record(file, r, "user1.big");
            assert_eq!(first.get("real_name"), Some("User number 1"));
            assert_eq!(first.get("email_address"), Some("user1@big.example"));
        }
        "large.list-users.plain.http" => {
            let out = text_output(file, ok(file, result));
            assert!(out.contains("\nuser1                User number 1        Yes  No "));
            assert_eq!(out.lines().count(), 27);
        }

        _ => return other_listings(file, result),
    }
    true
}

fn other_listings(file: &str, result: &Result<Response, Error>) -> bool {
    match file {
        "list-commands.json-multiline.http" => {
            let r = ok(file, result);
            assert_eq!(r.records().len(), 159);
            let backup = record(file, r, "backup-domain");
            assert_eq!(backup.get("category"), Some("Backup and restore"));
            assert_eq!(
                backup.get("description"),
                Some("Backup one or more virtual servers")
            );
        }
        "list-commands.name-only.http" | "list-commands.json-name-only.http" => {
            let names = ok(file, result).names();
            assert_eq!(names.len(), 159, "{file}");
            assert_eq!(names[0], "backup-domain");
            assert_eq!(names[158], "upload-dropbox-file");
        }
        "list-commands.plain.http"
        | "list-commands.short.plain.http"
        | "list-commands.json.http" => {
            let out = text_output(file, ok(file, result));
            assert!(out.starts_with("Backup and restore\n------------------\nbackup-domain  "));
            // The text ends with a blank line the converter drops from the JSON.
            let last = "upload-dropbox-file       Uploads a single file to Dropbox\n";
            assert!(
                out.ends_with(last) || out.ends_with(&format!("{last}\n")),
                "{file}"
            );
        }
        "list-databases.json-multiline.http" => {
            let r = ok(file, result);
            assert_eq!(record_names(r), ["example", "example_shop"]);
            assert_eq!(record(file, r, "example_shop").get("type"), Some("mysql"));
        }
        "list-databases.plain.http" => {
            let out = text_output(file, ok(file, result));
            assert!(out.contains("\nexample_shop                   mysql   "));
        }
        "list-features.json-multiline.http" => {
            let r = ok(file, result);
            assert_eq!(r.records().len(), 13);
            assert_eq!(record(file, r, "mysql").get("enabled"), Some("Yes"));
            assert_eq!(record(file, r, "dns").get("enabled"), Some("No"));
            assert_eq!(
                record(file, r, "unix").get("description"),
                Some("Administration user")
            );
        }
        "list-plans.json-multiline.http" => {
            let r = ok(file, result);
            assert_eq!(record_names(r), ["0"]);
            assert_eq!(record(file, r, "0").get("server_quota"), Some("2 GiB"));
        }
        "list-templates.plain.http" => {
            let out = text_output(file, ok(file, result));
            assert!(out.contains("\n0                  Default Settings   "));
            assert!(out.contains("\n1                  Settings For Sub-Servers   "));
        }
        // Stderr lines before any record are parsed as top-level pairs, split at the first
        // colon; kept as the converter made them, in every format.
        "quirk-stderr-noise.list-domains.json-multiline.http"
        | "quirk-stderr-noise.list-domains.multiline.http"
        | "quirk-stderr-noise.list-domains.perl-multiline.http"
        | "quirk-stderr-noise.list-domains.xml-multiline.http" => {
            let r = ok(file, result);
            let pairs = r.pairs();
            assert_eq!(pairs.len(), 2, "{file}");
            assert!(r.records().is_empty());
            assert_eq!(pairs[0].0, "[03/Dec/2026");
            assert!(pairs[0].1.starts_with("12:41:2"), "{file}");
            assert!(pairs[0].1.ends_with(
                "Failed to get MySQL/MariaDB version for user size map : Failed to get version"
            ));
            assert!(pairs[1]
                .1
                .contains("Failed to detect MySQL/MariaDB user name length"));
        }
        _ => return false,
    }
    true
}
