//! Expectations for replies that are errors: HTTP and auth failures, Webmin pages, remote.cgi's
//! refusals, failed programs, and bodies that are not a remote.cgi reply at all.

use virtualmin_remote::{Error, ErrorKind, Format, Response};

use super::err;

pub fn check(file: &str, format: Format, result: &Result<Response, Error>) -> bool {
    match file {
        // 401: same HTML body for no header, a wrong password and an unknown user.
        "auth.no-auth-header.http"
        | "auth.no-auth-header.json.http"
        | "auth.wrong-password.http"
        | "auth.unknown-user.http"
        | "transport.http-instance.no-auth.http" => {
            let e = err(file, result, ErrorKind::Auth, 401);
            assert_eq!(e.reason(), None, "{file}");
            assert!(e.message().contains("do not retry"), "{file}: {e}");
            assert!(!e.message().contains("<html"), "{file}: {e}");
        }

        "auth.blocked.5th-failure.http" | "auth.blocked.correct-password.http" => {
            let e = err(file, result, ErrorKind::Blocked, 403);
            assert!(e.message().contains("do not retry"), "{file}: {e}");
        }

        "transport.http-to-https-port.http" => {
            let e = err(file, result, ErrorKind::Http, 302);
            assert!(e.message().contains("https://127.0.0.1:10000"), "{e}");
        }

        "transport.put-method.http" => {
            let e = err(file, result, ErrorKind::Http, 400);
            assert!(e.message().contains("Bad Request method PUT"), "{e}");
        }

        // Any path but remote.cgi's is in session mode: a 200 login form, Basic auth ignored.
        "path.module-misspelled.http"
        | "path.module-misspelled.noauth.http"
        | "path.remote-cgi-misspelled.http"
        | "path.remote-cgi-misspelled.noauth.http"
        | "path.root.basic-auth.http" => {
            let e = err(file, result, ErrorKind::Auth, 200);
            assert!(e.message().contains("not the API path"), "{file}: {e}");
        }

        "auth.user-without-module.http" => {
            let e = err(file, result, ErrorKind::Refused, 200);
            assert!(
                e.message().ends_with(
                    "Access denied : User bob is not allowed to use the Virtualmin Virtual \
                     Servers module"
                ),
                "{e}"
            );
        }

        // remote.cgi's own refusal, before the format is known: plain text even with json=1.
        "auth.non-master.json.http"
        | "auth.non-master.no-program.http"
        | "auth.non-master.plain.http"
        | "auth.non-master.xml.http"
        | "auth.domain-owner.plain.http"
        | "auth.domain-owner.create-user.plain.http" => {
            let e = err(file, result, ErrorKind::Refused, 200);
            assert_eq!(
                e.message(),
                "You are not allowed to run remote commands",
                "{file}"
            );
        }

        "invalid-program-name.http"
        | "invalid-program-name.encoded-slash.http"
        | "invalid-program-name.json.http"
        | "invalid-program-name.perl.http"
        | "invalid-program-name.xml.http"
        | "program-twice.http" => {
            let e = err(file, result, ErrorKind::Refused, 200);
            assert_eq!(e.message(), "Invalid remote program name", "{file}");
        }

        "nonexistent-program.http"
        | "nonexistent-program.json.http"
        | "nonexistent-program.xml.http" => {
            let e = err(file, result, ErrorKind::Refused, 200);
            assert_eq!(
                e.message(),
                "Remote program no-such-thing does not exist",
                "{file}"
            );
        }

        // The help text remote.cgi prints when no program arrived is not a reply to anything.
        "no-program.http" | "no-program.POST.http" | "transport.post-multipart.http" => {
            let e = err(file, result, ErrorKind::Protocol, 200);
            assert!(
                e.message().contains("did not receive the program"),
                "{file}: {e}"
            );
        }

        _ => return program_failure(file, format, result),
    }
    true
}

/// A program that ran and failed: error line and output, exit status in text mode only.
fn program_failure(file: &str, format: Format, result: &Result<Response, Error>) -> bool {
    let (error_line, output_start, output_end) = match file {
        "create-alias.missing-domain.json.http"
        | "create-alias.missing-domain.perl.http"
        | "create-alias.missing-domain.plain.http"
        | "create-alias.missing-domain.xml.http" => (
            "Virtual server nosuch.example does not exist",
            "Virtual server nosuch.example does not exist\n\nAdds a mail alias",
            "--from mailbox|\"*\"\n                       <--to address>+\n",
        ),
        "create-alias.newline-in-value.failure.plain.http" => (
            "Unknown parameter external@elsewhere.example",
            "Unknown parameter external@elsewhere.example\n\nAdds a mail alias",
            "<--to address>+\n",
        ),
        "delete-alias.missing.json.http" => (
            "No alias for the email address nosuchalias@example.com exists",
            "No alias for the email address nosuchalias@example.com exists\n\nDeletes a mail",
            "\n",
        ),
        "failure.create-domain-duplicate.json.http"
        | "failure.create-domain-duplicate.perl.http"
        | "failure.create-domain-duplicate.plain.http"
        | "failure.create-domain-duplicate.xml.http" => (
            "You are already hosting this domain",
            "You are already hosting this domain\n\nAdds a new Virtualmin virtual server",
            "[--ssl-redirect | --no-ssl-redirect]\n",
        ),
        "failure.delete-user-missing.json.http" => (
            "No user named nobody was found in the server example.com",
            "No user named nobody was found in the server example.com\n\nDeletes an existing",
            "--user username\n",
        ),
        "failure.invalid-domain-name.plain.http" => (
            "Domain names cannot include anything other than letters, numbers, dots, and dashes",
            "Domain names cannot include anything other than letters",
            "[--ssl-redirect | --no-ssl-redirect]\n",
        ),
        "failure.unknown-flag.json.http" | "failure.unknown-flag.plain.http" => (
            "Unknown parameter --nosuchflag",
            "Unknown parameter --nosuchflag\n\nLists the virtual servers on this system.",
            "[--ip address]\n",
        ),
        "params.flag-with-value-1.list-domains.http"
        | "params.flag-with-value-1.list-domains.json.http" => (
            "Unknown parameter 1",
            "Unknown parameter 1\n\nLists the virtual servers",
            "[--ip address]\n",
        ),
        // json=1&xml=1: json wins and `--xml 1` reaches the program, which writes its own XML
        // error (naming itself `list-domains.pl`) that the converter then cuts at a newline.
        "params.json-and-xml.list-domains.http" => (
            "<api command=\"list-domains.pl\" error=\"Unknown parameter 1\" \
             full_error=\"Unknown parameter 1",
            "<api command=\"list-domains.pl\"",
            "\" status=\"failure\" />\n",
        ),
        "get-command.create-user.parse-failure.json.http" => (
            "Cannot parse flag pubkey-file <--ssh-pubkey-id id",
            "Cannot parse flag pubkey-file",
            "virtualmin get-command --command name\n",
        ),
        "get-command.missing.json.http" => (
            "API command nonexistent.pl was not found",
            "API command nonexistent.pl was not found\n\nShow information",
            "--command name\n",
        ),
        "list-aliases.missing-domain.json.http"
        | "list-aliases.missing-domain.plain.http"
        | "list-aliases.missing-domain.xml.http" => (
            "Virtual server nosuch.example does not exist",
            "Virtual server nosuch.example does not exist\n\nLists the mail aliases",
            "[--plugins]\n",
        ),
        "list-users.missing-domain.json.http"
        | "list-users.missing-domain.plain.http"
        | "list-users.missing-domain.xml.http" => (
            "Virtual server nosuch.example does not exist",
            "Virtual server nosuch.example does not exist\n\nLists the mail, FTP and database",
            "\n",
        ),
        "list-users.no-domain-arg.plain.http" => (
            "No domains or users specified",
            "No domains or users specified\n\nLists the mail, FTP and database users",
            "\n",
        ),
        "validate-domains.no-features.json.http" => (
            "No features to validate specified",
            "No features to validate specified\n\nValidates the configurations",
            "\n",
        ),
        // --help prints the usage and exits 1: a failure whose first line is the description.
        "usage-error.create-domain-help.http" => (
            "Adds a new Virtualmin virtual server, with the settings and features",
            "Adds a new Virtualmin virtual server, with the settings and features\nspecified",
            "[--ssl-redirect | --no-ssl-redirect]\n",
        ),
        // module.info.pl is a translation file, not Perl: it exits 1 having printed nothing.
        "internal-script.module-info.http" => ("", "", ""),
        _ => return false,
    };

    let e = err(file, result, ErrorKind::ProgramFailed, 200);
    assert_eq!(e.error_line(), Some(error_line), "{file}");
    let output = e.output().unwrap_or_else(|| panic!("{file}: no output"));
    assert!(output.starts_with(output_start), "{file}: {output:?}");
    assert!(output.ends_with(output_end), "{file}: {output:?}");
    // Only plain text carries the exit status (Perl's raw wait status: exit(1) is 256).
    let exit = (format == Format::Text).then_some(256);
    assert_eq!(e.exit_status(), exit, "{file}");
    if !error_line.is_empty() {
        assert!(e.message().contains(error_line), "{file}: {e}");
    }
    true
}
