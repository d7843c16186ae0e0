//! Expectations for the other programs: text output of mutations and reports, get-command's
//! description and flags, validate-domains' own shape.

use serde_json::json;
use virtualmin_remote::{Error, Response};

use super::{ok, record, text_output};

pub fn check(file: &str, result: &Result<Response, Error>) -> bool {
    let (program, expected) = match file {
        // Text mode output is the body without "\nExit status: 0\n", byte for byte the same
        // as the envelope's `output` (compare the json and xml files with the plain ones).
        "create-user.success.plain.http" => (
            "create-user",
            Output::Exact("User alice.example created successfully\n"),
        ),
        "create-user.success.json.http" => (
            "create-user",
            Output::Exact("User bob.example created successfully\n"),
        ),
        "create-user.success.xml.http" => (
            "create-user",
            Output::Exact("User carol.example created successfully\n"),
        ),
        "create-user.success.test-org.plain.http" => (
            "create-user",
            Output::Exact("User dave.test created successfully\n"),
        ),
        "create-alias.success.plain.http" => (
            "create-alias",
            Output::Exact("Alias for info@example.com created successfully\n"),
        ),
        "create-alias.success.json.http" => (
            "create-alias",
            Output::Exact("Alias for sales@example.com created successfully\n"),
        ),
        "create-alias.success.xml.http" => (
            "create-alias",
            Output::Exact("Alias for support@example.com created successfully\n"),
        ),
        "params.plus-and-percent-encoding.create-alias.http" => (
            "create-alias",
            Output::Exact("Alias for hello@test.org created successfully\n"),
        ),
        "delete-alias.success.plain.http" => (
            "delete-alias",
            Output::Exact("Alias for hello@test.org deleted successfully\n"),
        ),
        "delete-alias.success.json.http" => (
            "delete-alias",
            Output::Exact("Alias for support@example.com deleted successfully\n"),
        ),
        "create-database.success.plain.http" => (
            "create-database",
            Output::Exact("Database example_shop created successfully\n"),
        ),
        // A library file run as a program: loads, prints nothing, exits 0.
        "internal-script.virtual-server-lib.http" => ("virtual-server-lib", Output::Exact("")),

        "create-domain.success.plain.http" => (
            "create-domain",
            Output::Around(
                "Beginning server creation ..\n\nSaving server details ..\n.. done\n",
                "Creating MariaDB database example ..\n.. done\n",
                "All done!\n",
            ),
        ),
        "create-domain.success.json.http" => (
            "create-domain",
            Output::Around(
                "Beginning server creation ..\n",
                "Creating administration group test ..\n.. done\n",
                "All done!\n",
            ),
        ),
        "create-domain.subserver.plain.http" | "create-domain.alias.plain.http" => (
            "create-domain",
            Output::Around(
                "Beginning server creation ..\n",
                "\nSaving server details ..\n",
                "All done!\n",
            ),
        ),
        // Webmin error-log lines went to the same pipe as the program's output.
        "quirk-stderr-noise.create-domain.success.plain.http" => (
            "create-domain",
            Output::Around(
                "[03/Dec/2026:12:42:50 +0000] [127.0.0.1] /virtual-server/remote.cgi : Failed to \
                 work out externally visible IPv4 address\n",
                "IPv6 address\nBeginning server creation ..\n",
                "All done!\n",
            ),
        ),
        "delete-domain.success.plain.http" => (
            "delete-domain",
            Output::Around(
                "Deleting virtual server example.com ..\n    Deleting mail aliases ..\n",
                "\n    Deleting MariaDB database example ..\n",
                "\n.. deleted\n\n",
            ),
        ),
        "disable-domain.success.plain.http" => (
            "disable-domain",
            Output::Around(
                "Disabling virtual server test.org ..\n",
                "Locking mail users' accounts ..\n",
                "All done!\n",
            ),
        ),
        "enable-domain.success.json.http" => (
            "enable-domain",
            Output::Around(
                "Enabling virtual server test.org ..\n",
                "Un-locking mail users' accounts ..\n",
                "All done!\n",
            ),
        ),
        "params.space-in-value.modify-domain.http" => (
            "modify-domain",
            Output::Around(
                "Updating virtual server test.org ..\n",
                "real name ..\n",
                "All done\n",
            ),
        ),
        "check-config.json.http" => (
            "check-config",
            Output::Around(
                "Your system has 23.54 GiB of memory",
                "\n⚠ Failed to work out externally visible IPv6 address\n",
                "Updating system information ..\n.. done\n\n",
            ),
        ),
        // info's nested `key: value` text is never parsed, in any format.
        "info.json.http" | "info.plain.http" => (
            "info",
            Output::Around(
                "cpu: \n    * ",
                "\ndisk_fs: \n    * \n        device: /dev/vda\n",
                "\n",
            ),
        ),

        _ => return data_programs(file, result),
    };

    let r = ok(file, result);
    assert_eq!(r.program(), program, "{file}");
    let out = text_output(file, r);
    match expected {
        Output::Exact(text) => assert_eq!(out, text, "{file}"),
        Output::Around(start, middle, end) => {
            assert!(out.starts_with(start), "{file}: {out:?}");
            assert!(out.contains(middle), "{file}: {out:?}");
            assert!(out.ends_with(end), "{file}: {out:?}");
        }
    }
    true
}

enum Output {
    Exact(&'static str),
    /// Starts with, contains, ends with.
    Around(&'static str, &'static str, &'static str),
}

fn data_programs(file: &str, result: &Result<Response, Error>) -> bool {
    match file {
        // get-command is always parsed as multiline: a Description pair, then one record per
        // flag (`value` is a key inside `values` here, not a pair's value).
        "get-command.list-domains.json.http" | "get-command.list-domains.plain.http" => {
            let r = ok(file, result);
            assert_eq!(
                r.pairs(),
                [("Description", "Lists all virtual servers.")],
                "{file}"
            );
            assert_eq!(r.records().len(), 31, "{file}");
            let multiline = record(file, r, "multiline");
            assert_eq!(multiline.get("binary"), Some("Yes"));
            assert_eq!(multiline.get("optional"), Some("Yes"));
            assert_eq!(record(file, r, "ip").get("value"), Some("address"));
        }
        "get-command.create-domain.json.http" => {
            let r = ok(file, result);
            assert_eq!(r.pairs(), [("Description", "Create a virtual server")]);
            assert_eq!(r.records().len(), 76);
            let desc = record(file, r, "desc");
            assert_eq!(desc.get("value"), Some("description-for-domain"));
            assert_eq!(desc.get("optional"), Some("Yes"));
        }
        "get-command.create-alias.xml.http" => {
            let r = ok(file, result);
            assert_eq!(
                r.data(),
                Some(&json!([
                    {"name": "Description", "value": "Create a new mail alias"},
                    {"name": "domain", "values": {"binary": ["No"], "optional": ["No"],
                        "repeats": ["No"], "value": ["domain.name"]}},
                    {"name": "from", "values": {"binary": ["No"], "optional": ["No"],
                        "repeats": ["No"], "value": ["mailbox|\"*\""]}},
                    {"name": "to", "values": {"binary": ["No"], "optional": ["No"],
                        "repeats": ["1 or more times"], "value": ["address"]}},
                ]))
            );
        }
        "validate-domains.json.http" | "validate-domains.plain.http" => {
            let r = ok(file, result);
            assert_eq!(
                r.data(),
                Some(&json!([
                    {"name": "example.com", "status": "success", "errors": []},
                    {"name": "test.org", "status": "success", "errors": []},
                ])),
                "{file}"
            );
            assert_eq!(r.output(), None);
        }
        _ => return false,
    }
    true
}
