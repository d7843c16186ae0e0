//! The command-line tool as a real process against the test server.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;
use virtualmin_remote_testharness::TestServer;

/// A scratch directory of this test process.
fn scratch() -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "vmr-cli-test-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The CLI with a clean environment: no config, no password variable, a private HOME.
fn cli() -> Command {
    cli_env(Command::new(env!("CARGO_BIN_EXE_virtualmin-remote")))
}

/// `command` with the CLI's clean environment.
fn cli_env(mut command: Command) -> Command {
    let home = scratch();
    command
        .env_remove("VIRTUALMIN_PASSWORD")
        .env_remove("XDG_CONFIG_HOME")
        .env("HOME", &home)
        .env("VIRTUALMIN_REMOTE_CONFIG", home.join("no-config"));
    command
}

/// The CLI pointed at `server` as root, the password in a file, the certificate pinned.
fn cli_for(server: &TestServer) -> Command {
    let password_file = scratch().join("password");
    std::fs::write(&password_file, format!("{}\n", server.password)).unwrap();
    let mut command = cli();
    command
        .arg("--server")
        .arg(&server.url)
        .arg("--fingerprint")
        .arg(&server.fingerprint)
        .arg("--password-file")
        .arg(password_file);
    command
}

fn run(command: &mut Command, server: Option<&TestServer>) -> Output {
    let output = command.output().expect("the CLI runs");
    if let Some(server) = server {
        let args: Vec<String> = command
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert!(
            !args.iter().any(|a| a.contains(&server.password)),
            "the password must never be needed in argv: {args:?}"
        );
    }
    output
}

fn stdout_json(output: &Output) -> Value {
    let text = String::from_utf8_lossy(&output.stdout);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {text}"))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn create_domain(server: &TestServer, domain: &str) {
    let output = run(
        cli_for(server).args([
            "create-domain",
            "--domain",
            domain,
            "--pass",
            "Dom1Secret",
            "--dir",
        ]),
        Some(server),
    );
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn bare_valued_repeated_and_forced_flags_reach_the_wire() {
    let server = TestServer::start(&[]);
    create_domain(&server, "example.com");
    let output = run(
        cli_for(&server).args([
            "create-alias",
            "--domain",
            "example.com",
            "--from",
            "info",
            "--to",
            "alice@example.com",
            "--to=--odd@example.com",
            "--to",
            "bob@example.com",
        ]),
        Some(&server),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        server.last_request()["body"],
        "program=create-alias&domain=example.com&from=info&to=alice%40example.com\
         &to=--odd%40example.com&to=bob%40example.com&json=1"
    );

    let output = run(
        cli_for(&server).args(["list-aliases", "--domain", "example.com", "--multiline"]),
        Some(&server),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        server.last_request()["body"],
        "program=list-aliases&domain=example.com&multiline=&json=1"
    );
    let json = stdout_json(&output);
    let info = json["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"].as_str().unwrap().starts_with("info@"))
        .expect("the alias is listed");
    assert_eq!(info["values"]["to"].as_array().unwrap().len(), 3);
}

#[test]
fn password_comes_from_the_environment() {
    let server = TestServer::start(&[]);
    let output = run(
        cli()
            .args([
                "--server",
                &server.url,
                "--fingerprint",
                &server.fingerprint,
            ])
            .args(["list-domains", "--name-only"])
            .env("VIRTUALMIN_PASSWORD", &server.password),
        Some(&server),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout_json(&output)["data"], serde_json::json!([]));
}

#[test]
fn no_password_source_is_a_usage_error_without_a_prompt() {
    let server = TestServer::start(&[]);
    let output = run(
        cli().args([
            "--server",
            &server.url,
            "--fingerprint",
            &server.fingerprint,
            "list-domains",
        ]),
        Some(&server),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("--password-file"),
        "{}",
        stderr(&output)
    );
    assert!(server.requests().is_empty());
}

fn write_config(text: &str, mode: u32) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = scratch().join("config");
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    path
}

#[test]
fn profiles_supply_server_tls_and_password() {
    let server = TestServer::start(&[]);
    let password_file = scratch().join("pw");
    std::fs::write(&password_file, &server.password).unwrap();
    let config = write_config(
        &format!(
            "[vm1]\nserver = {}\nfingerprint = {}\npassword-file = {}\n\n[vm2]\nserver = {}\n\
             fingerprint = {}\npassword-env = VM2_PASSWORD\n",
            server.url,
            server.fingerprint,
            password_file.display(),
            server.url,
            server.fingerprint
        ),
        0o644,
    );

    let output = run(
        cli().arg("--config").arg(&config).args([
            "--profile",
            "vm1",
            "list-domains",
            "--name-only",
        ]),
        Some(&server),
    );
    assert!(output.status.success(), "{}", stderr(&output));

    let output = run(
        cli()
            .arg("--config")
            .arg(&config)
            .args(["--profile", "vm2", "list-domains", "--name-only"])
            .env("VM2_PASSWORD", &server.password),
        Some(&server),
    );
    assert!(output.status.success(), "{}", stderr(&output));

    let output = run(
        cli()
            .arg("--config")
            .arg(&config)
            .args(["--profile", "nope", "list-domains"]),
        Some(&server),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("vm1, vm2"), "{}", stderr(&output));
}

#[test]
fn config_with_a_password_must_be_private() {
    let server = TestServer::start(&[]);
    let text = format!(
        "[default]\nserver = {}\nfingerprint = {}\npassword = {}\n",
        server.url, server.fingerprint, server.password
    );

    let open = write_config(&text, 0o644);
    let output = run(
        cli().arg("--config").arg(&open).args(["list-domains"]),
        Some(&server),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("chmod 600"), "{}", stderr(&output));
    assert!(!stderr(&output).contains(&server.password));
    assert!(server.requests().is_empty());

    let private = write_config(&text, 0o600);
    let output = run(
        cli()
            .arg("--config")
            .arg(&private)
            .args(["list-domains", "--name-only"]),
        Some(&server),
    );
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn password_option_on_the_command_line_is_refused() {
    let output = run(cli().args(["--password", "hunter2", "list-domains"]), None);
    assert_eq!(output.status.code(), Some(2));
    assert!(!stderr(&output).contains("hunter2"));
}

#[test]
fn dry_run_masks_secrets_and_sends_nothing() {
    let server = TestServer::start(&[]);
    let output = run(
        cli_for(&server).args([
            "--dry-run",
            "create-domain",
            "--domain",
            "new.example",
            "--pass",
            "Dom9Secret",
            "--unix",
        ]),
        Some(&server),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("POST "), "{text}");
    assert!(
        text.contains("program=create-domain&domain=new.example&pass=***&unix=&json=1"),
        "{text}"
    );
    assert!(text.contains("Authorization: Basic ***"), "{text}");
    assert!(text.contains("virtualmin create-domain --domain new.example --pass '***' --unix"));
    assert!(
        !text.contains("Dom9Secret") && !text.contains(&server.password),
        "{text}"
    );
    assert!(server.requests().is_empty(), "a dry run sends nothing");
}

#[test]
fn json_output_parses_and_text_output_reads() {
    let server = TestServer::start(&["--seed"]);
    let output = run(
        cli_for(&server).args(["--output", "json", "list-domains", "--multiline"]),
        Some(&server),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let json = stdout_json(&output);
    assert_eq!(json["status"], "success");
    assert_eq!(json["command"], "list-domains");
    assert!(json["data"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["name"] == "example.com"));

    let output = run(
        cli_for(&server).args(["--output", "text", "list-domains", "--multiline"]),
        Some(&server),
    );
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.lines().any(|l| l == "example.com"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("    ") && l.contains(": ")),
        "{text}"
    );
}

#[test]
fn fingerprint_command_prints_a_pin_that_works() {
    let server = TestServer::start(&[]);
    let output = run(cli().args(["fingerprint", &server.url]), None);
    assert!(output.status.success(), "{}", stderr(&output));
    let line = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let pin = line
        .strip_prefix("fingerprint = ")
        .expect("a profile line")
        .to_owned();
    assert_eq!(pin, server.fingerprint);

    let password_file = scratch().join("pw");
    std::fs::write(&password_file, &server.password).unwrap();
    let config = write_config(
        &format!(
            "[default]\nserver = {}\n{line}\npassword-file = {}\n",
            server.url,
            password_file.display()
        ),
        0o600,
    );
    let output = run(
        cli()
            .arg("--config")
            .arg(&config)
            .args(["list-domains", "--name-only"]),
        Some(&server),
    );
    assert!(output.status.success(), "{}", stderr(&output));
}

/// Runs one failing case and returns (exit code, stderr).
fn failing(server: &TestServer, extra: &[&str]) -> (Option<i32>, String, Value) {
    let output = run(cli_for(server).args(extra), Some(server));
    let err = stderr(&output);
    assert!(!err.contains(&server.password), "{err}");
    assert_eq!(err.lines().count(), 1, "one line on stderr: {err}");
    (output.status.code(), err, stdout_json(&output))
}

#[test]
fn every_error_kind_has_its_exit_code() {
    let server = TestServer::start(&[]);

    let (code, err, json) = failing(&server, &["list-domains", "--Bad"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("Usage error") && err.contains("Bad"), "{err}");
    assert_eq!(json["kind"], "Usage");

    let (code, err, _) = failing(&server, &["--check", "off", "no-such-program"]);
    assert_eq!(code, Some(8), "{err}");

    let (code, err, json) = failing(
        &server,
        &[
            "create-alias",
            "--domain",
            "nosuch.example",
            "--from",
            "a",
            "--to",
            "b@c.example",
        ],
    );
    assert_eq!(code, Some(9), "{err}");
    assert_eq!(
        json["error"],
        "Virtual server nosuch.example does not exist"
    );
    assert!(json["full_error"]
        .as_str()
        .unwrap()
        .contains("nosuch.example"));

    let (code, err, _) = failing(
        &server,
        &["--fingerprint", &"00".repeat(32), "list-domains"],
    );
    assert_eq!(code, Some(5), "{err}");

    let dead_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let output = run(
        cli_for(&server).args([
            "--server",
            &format!("https://127.0.0.1:{dead_port}"),
            "list-domains",
        ]),
        Some(&server),
    );
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));

    let wrong = scratch().join("wrong");
    std::fs::write(&wrong, "not-it").unwrap();
    let output = run(
        cli_for(&server)
            .arg("--password-file")
            .arg(&wrong)
            .arg("list-domains"),
        Some(&server),
    );
    assert_eq!(output.status.code(), Some(6), "{}", stderr(&output));
}

#[test]
fn blocked_address_has_its_exit_code() {
    let server = TestServer::start(&["--block-after", "1", "--block-seconds", "30"]);
    let wrong = scratch().join("wrong");
    std::fs::write(&wrong, "not-it").unwrap();
    let output = run(
        cli_for(&server)
            .arg("--password-file")
            .arg(&wrong)
            .arg("list-domains"),
        Some(&server),
    );
    assert_eq!(output.status.code(), Some(7), "{}", stderr(&output));
}

#[test]
fn transport_faults_have_their_exit_codes() {
    for (args, code) in [
        (&["--delay-ms", "3000"][..], 4),
        (&["--fault", "status-500"][..], 10),
        (&["--fault", "garbage"][..], 11),
    ] {
        let server = TestServer::start(args);
        let output = run(
            cli_for(&server).args(["--timeout", "0.5", "list-domains"]),
            Some(&server),
        );
        assert_eq!(
            output.status.code(),
            Some(code),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn exit_codes_match_the_contract_table() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/contract/error_kinds.json"
    );
    let table: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let help = run(cli().arg("--help"), None);
    let text = String::from_utf8_lossy(&help.stdout).replace('\n', " ");
    for kind in table["kinds"].as_array().unwrap() {
        let code = kind["cli_exit"].as_u64().unwrap();
        assert!(
            text.contains(&format!("{code} ")),
            "--help documents exit code {code}"
        );
    }
}

#[test]
fn strict_check_refuses_a_typo_with_a_suggestion() {
    let server = TestServer::start(&[]);
    let output = run(
        cli_for(&server).args(["list-domain", "--name-only"]),
        Some(&server),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("did you mean list-domains?"),
        "{}",
        stderr(&output)
    );

    let output = run(
        cli_for(&server).args(["list-domains", "--nameonly"]),
        Some(&server),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("did you mean --name-only?"),
        "{}",
        stderr(&output)
    );
    assert!(server.requests().is_empty(), "nothing is sent");

    let output = run(
        cli_for(&server).args(["--check", "warn", "list-domains", "--nameonly"]),
        Some(&server),
    );
    assert_eq!(
        output.status.code(),
        Some(9),
        "sent anyway; the server's usage error follows"
    );
    assert!(stderr(&output).contains("warning"), "{}", stderr(&output));
}

#[test]
fn list_programs_get_multiline_unless_told_otherwise() {
    let server = TestServer::start(&["--seed"]);
    let output = run(cli_for(&server).args(["list-domains"]), Some(&server));
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        server.last_request()["body"],
        "program=list-domains&multiline=&json=1"
    );

    let output = run(
        cli_for(&server).args(["--no-auto-multiline", "list-domains"]),
        Some(&server),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(server.last_request()["body"], "program=list-domains&json=1");
    assert!(stdout_json(&output)["output"]
        .as_str()
        .unwrap()
        .starts_with("Domain "));
}

#[test]
fn programs_and_help_describe_the_catalog() {
    let output = run(cli().arg("programs"), None);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("Mail aliases\n  create-alias"), "{text}");
    assert!(text.contains("159 programs"), "{text}");

    let output = run(cli().args(["help", "create-alias"]), None);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("--to VALUE") && text.contains("may repeat"),
        "{text}"
    );

    let output = run(cli().args(["help", "create-domain"]), None);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("--pass | --passfile"), "{text}");

    let output = run(cli().args(["help", "list-resellers"]), None);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("Virtualmin Pro"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn bash_accepts_the_completions_and_completes_from_them() {
    let output = run(cli().args(["completions", "bash"]), None);
    assert!(output.status.success());
    let script = scratch().join("completion.bash");
    std::fs::write(&script, &output.stdout).unwrap();
    let probe = format!(
        "source {}\n\
         COMP_WORDS=(virtualmin-remote list-dom); COMP_CWORD=1; _virtualmin_remote; echo \"${{COMPREPLY[*]}}\"\n\
         COMP_WORDS=(virtualmin-remote --server h create-alias --fr); COMP_CWORD=4; _virtualmin_remote; echo \"${{COMPREPLY[*]}}\"\n",
        script.display()
    );
    let result = Command::new("bash")
        .arg("-c")
        .arg(probe)
        .output()
        .expect("bash runs");
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let lines: Vec<String> = String::from_utf8_lossy(&result.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(lines, ["list-domains", "--from"]);
}

#[test]
fn other_shells_accept_their_completions() {
    for (shell, check) in [("zsh", &["-n"][..]), ("fish", &["--no-execute"][..])] {
        let output = run(cli().args(["completions", shell]), None);
        assert!(output.status.success());
        if Command::new(shell).arg("--version").output().is_err() {
            eprintln!("{shell} is not installed; its syntax check is skipped");
            continue;
        }
        let script = scratch().join(format!("completion.{shell}"));
        std::fs::write(&script, &output.stdout).unwrap();
        let result = Command::new(shell)
            .args(check)
            .arg(&script)
            .output()
            .unwrap();
        assert!(
            result.status.success(),
            "{shell}: {}",
            String::from_utf8_lossy(&result.stderr)
        );
    }
}

fn fleet_config(servers: &[(&str, &TestServer)], dead: bool) -> PathBuf {
    let mut text = String::new();
    for (name, server) in servers {
        let password_file = scratch().join("pw");
        std::fs::write(&password_file, &server.password).unwrap();
        text.push_str(&format!(
            "[{name}]\nserver = {}\nfingerprint = {}\npassword-file = {}\n\n",
            server.url,
            server.fingerprint,
            password_file.display()
        ));
    }
    let mut members: Vec<&str> = servers.iter().map(|(n, _)| *n).collect();
    if dead {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        text.push_str(&format!(
            "[dead]\nserver = https://127.0.0.1:{port}\ninsecure = yes\npassword-env = NOPE\n\n"
        ));
        members.push("dead");
    }
    text.push_str(&format!("[group all]\nprofiles = {}\n", members.join(", ")));
    write_config(&text, 0o600)
}

#[test]
fn several_servers_answer_in_one_json_object() {
    let one = TestServer::start(&["--seed"]);
    let two = TestServer::start(&[]);
    let config = fleet_config(&[("one", &one), ("two", &two)], false);
    let output = run(
        cli()
            .arg("--config")
            .arg(&config)
            .args(["--group", "all", "list-domains", "--name-only"]),
        None,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let json = stdout_json(&output);
    assert!(json["one"]["data"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d == "example.com"));
    assert_eq!(json["two"]["data"], serde_json::json!([]));
    assert_eq!(one.requests().len(), 1);
    assert_eq!(two.requests().len(), 1);
}

#[test]
fn partial_and_total_failure_have_their_exit_codes() {
    let one = TestServer::start(&[]);
    let config = fleet_config(&[("one", &one)], true);
    let output = run(
        cli()
            .arg("--config")
            .arg(&config)
            .args([
                "--group",
                "all",
                "--output",
                "text",
                "list-domains",
                "--name-only",
            ])
            .env("NOPE", "irrelevant"),
        None,
    );
    assert_eq!(output.status.code(), Some(12), "{}", stderr(&output));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.lines()
            .any(|l| l.starts_with("one ") && l.contains(" ok ")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("dead") && l.contains("Connect error")),
        "{text}"
    );

    let output = run(
        cli()
            .arg("--config")
            .arg(&config)
            .args(["--profile", "dead", "--profile", "dead", "list-domains"])
            .env("NOPE", "irrelevant"),
        None,
    );
    assert_eq!(
        output.status.code(),
        Some(3),
        "one distinct profile is a single call"
    );

    drop(one);
    let output = run(
        cli()
            .arg("--config")
            .arg(&config)
            .args(["--group", "all", "list-domains"])
            .env("NOPE", "irrelevant"),
        None,
    );
    assert_eq!(output.status.code(), Some(13), "{}", stderr(&output));
    let json = stdout_json(&output);
    assert_eq!(json["one"]["kind"], "Connect");
    assert_eq!(json["dead"]["kind"], "Connect");
}

#[test]
fn fleet_refuses_options_that_would_reach_every_server() {
    let one = TestServer::start(&[]);
    let config = fleet_config(&[("one", &one)], true);
    let output = run(
        cli().arg("--config").arg(&config).args([
            "--group",
            "all",
            "--fingerprint",
            &one.fingerprint,
            "info",
        ]),
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--fingerprint cannot be used with several servers"));
}

#[test]
fn password_is_prompted_for_on_a_terminal_without_echo() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("util-linux `script` is not installed; the terminal prompt is not tested");
        return;
    }
    let server = TestServer::start(&[]);
    let command_line = format!(
        "{} --server {} --fingerprint {} --output json list-domains --name-only",
        env!("CARGO_BIN_EXE_virtualmin-remote"),
        server.url,
        server.fingerprint
    );
    // `script` gives the CLI a terminal whose keyboard is this pipe. The password is typed
    // once the prompt is on the screen, when echo is off.
    let mut child = cli_env(Command::new("script"))
        .args(["-q", "-e", "-c", &command_line, "/dev/null"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let screen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let reader = {
        let screen = screen.clone();
        std::thread::spawn(move || {
            use std::io::Read;
            let mut chunk = [0u8; 256];
            while let Ok(n @ 1..) = stdout.read(&mut chunk) {
                screen.lock().unwrap().extend_from_slice(&chunk[..n]);
            }
        })
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !String::from_utf8_lossy(&screen.lock().unwrap()).contains("Password for") {
        assert!(std::time::Instant::now() < deadline, "no prompt appeared");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        writeln!(stdin, "{}", server.password).unwrap();
    }
    let status = child.wait().unwrap();
    reader.join().unwrap();
    let screen = String::from_utf8_lossy(&screen.lock().unwrap()).into_owned();
    let output = std::process::Output {
        status,
        stdout: Vec::new(),
        stderr: Vec::new(),
    };
    assert!(output.status.success(), "{screen}");
    assert!(
        screen.contains(&format!("Password for root at {}", server.url)),
        "{screen}"
    );
    assert!(
        !screen.contains(&server.password),
        "the typed password is not echoed: {screen}"
    );
    assert_eq!(server.last_request()["auth_ok"], true);
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::io::Read;
    // The fish completions are larger than a pipe's buffer, so the writer does meet the close.
    let mut child = cli()
        .args(["completions", "fish"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The read end is closed now, as `| head -c 16` would.
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
}
