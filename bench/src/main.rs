//! `virtualmin-remote-bench`: the Rust side of the benchmark harness (bench/run.sh). Each
//! subcommand measures one thing against the running test server and prints ONE line of JSON
//! on stdout for bench/run.py to collect; it judges nothing.
//!
//! The server comes from the environment, as for every client of the harness:
//! `VMR_BENCH_URL`, `VMR_BENCH_CA` (the CA file to verify against) and `VMR_BENCH_PASSWORD`.
//!
//! ```text
//! virtualmin-remote-bench percall --calls 20 [--new-client]
//! virtualmin-remote-bench decode --format json --calls 3 --iterations 5 [--save body.json]
//! virtualmin-remote-bench memory
//! virtualmin-remote-bench concurrency --threads 8 --calls 3
//! virtualmin-remote-bench spawn --calls 20 -- wget -q -O - ...
//! ```

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use virtualmin_remote::{decode_reply, Call, Client, Format, RawReply, Tls};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        fail("usage: virtualmin-remote-bench percall|decode|memory|concurrency|spawn ...");
    };
    let result = match command.as_str() {
        "percall" => percall(&Args(rest.to_vec())),
        "decode" => decode(&Args(rest.to_vec())),
        "memory" => memory(),
        "concurrency" => concurrency(&Args(rest.to_vec())),
        "spawn" => spawn(rest),
        other => fail(&format!("unknown subcommand {other}")),
    };
    println!("{result}");
}

/// `--name value` options after the subcommand.
struct Args(Vec<String>);

impl Args {
    fn value(&self, name: &str) -> Option<&str> {
        let flag = format!("--{name}");
        let at = self.0.iter().position(|a| *a == flag)?;
        self.0.get(at + 1).map(String::as_str)
    }

    fn number(&self, name: &str, default: usize) -> usize {
        self.value(name)
            .map(|v| {
                v.parse()
                    .unwrap_or_else(|_| fail(&format!("--{name} {v}: not a number")))
            })
            .unwrap_or(default)
    }

    fn has(&self, name: &str) -> bool {
        self.0.iter().any(|a| *a == format!("--{name}"))
    }
}

fn fail(message: &str) -> ! {
    eprintln!("virtualmin-remote-bench: {message}");
    std::process::exit(2);
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| fail(&format!("${name} is not set")))
}

/// A client of the server in the environment, verifying it against the CA file like every
/// other client of the harness.
fn client(format: Format) -> Client {
    let tls = Tls::custom_ca_file(env("VMR_BENCH_CA")).unwrap_or_else(|e| fail(&e.to_string()));
    Client::builder(env("VMR_BENCH_URL"))
        .credentials("root", env("VMR_BENCH_PASSWORD"))
        .tls(tls)
        .format(format)
        .timeout(Duration::from_secs(120))
        .build()
        .unwrap_or_else(|e| fail(&e.to_string()))
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

/// The small call every per-call row makes.
fn names_call() -> Call {
    Call::new("list-domains").flag("name-only")
}

fn run_names(client: &Client) {
    let reply = client
        .run(&names_call())
        .unwrap_or_else(|e| fail(&e.to_string()));
    if reply.names().is_empty() {
        fail("list-domains --name-only listed nothing");
    }
}

/// Per-call cost of `list-domains --name-only` with one client for all calls (after one
/// warm-up call), or with `--new-client` a client built for each call, as a script that makes
/// one per request would.
fn percall(args: &Args) -> Value {
    let calls = args.number("calls", 20);
    let mut samples = Vec::with_capacity(calls);
    if args.has("new-client") {
        for _ in 0..calls {
            let start = Instant::now();
            run_names(&client(Format::Json));
            samples.push(ms(start));
        }
    } else {
        let client = client(Format::Json);
        run_names(&client);
        for _ in 0..calls {
            let start = Instant::now();
            run_names(&client);
            samples.push(ms(start));
        }
    }
    json!({ "samples_ms": samples })
}

fn format_named(name: &str) -> Format {
    match name {
        "json" => Format::Json,
        "text" => Format::Text,
        "xml" => Format::Xml,
        "perl" => Format::Perl,
        other => fail(&format!("--format {other}: json, text, xml or perl")),
    }
}

/// `list-domains --multiline` in one format: the whole call `--calls` times, then the core's
/// decoder alone `--iterations` times on the body of the last call. `--save FILE` writes that
/// body, so that other languages' parsers can be timed on the very same bytes.
fn decode(args: &Args) -> Value {
    let format = format_named(args.value("format").unwrap_or("json"));
    let client = client(format);
    let call = Call::new("list-domains").flag("multiline");
    let mut call_ms = Vec::new();
    let mut body = Vec::new();
    let mut records = 0;
    for _ in 0..args.number("calls", 3) {
        let start = Instant::now();
        let reply = client.run(&call).unwrap_or_else(|e| fail(&e.to_string()));
        call_ms.push(ms(start));
        records = reply.records().len();
        body = reply.raw().to_vec();
    }
    if let Some(path) = args.value("save") {
        std::fs::write(path, &body).unwrap_or_else(|e| fail(&format!("{path}: {e}")));
    }
    let headers = vec![("Content-type".to_owned(), "text/plain".to_owned())];
    let mut decode_ms = Vec::new();
    for _ in 0..args.number("iterations", 5) {
        let raw = RawReply {
            status: 200,
            headers: headers.clone(),
            body: body.clone(),
        };
        // NB: the copy of the body is made before the clock starts: a client owns it anyway.
        let start = Instant::now();
        let reply = decode_reply(&call, format, raw).unwrap_or_else(|e| fail(&e.to_string()));
        decode_ms.push(ms(start));
        assert_eq!(
            reply.records().len(),
            records,
            "the decoder agrees with the call"
        );
        drop(reply);
    }
    json!({ "bytes": body.len(), "records": records, "call_ms": call_ms, "decode_ms": decode_ms })
}

/// `VmRSS` / `VmHWM` of this process in KiB, from /proc.
fn status_kib(key: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| {
            l.strip_prefix(key)?
                .trim()
                .strip_suffix("kB")?
                .trim()
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

/// One `list-domains --multiline` against the `huge` fault: the reply size, and this
/// process's resident memory before the call and at its peak.
fn memory() -> Value {
    let client = client(Format::Json);
    let rss_before = status_kib("VmRSS:");
    let start = Instant::now();
    let reply = client
        .run(&Call::new("list-domains").flag("multiline"))
        .unwrap_or_else(|e| fail(&e.to_string()));
    let elapsed = ms(start);
    json!({
        "bytes": reply.raw().len(),
        "records": reply.records().len(),
        "rss_before_kib": rss_before,
        "peak_kib": status_kib("VmHWM:"),
        "ms": elapsed,
    })
}

/// `--threads` threads sharing one client, each making `--calls` calls one after another.
fn concurrency(args: &Args) -> Value {
    let threads = args.number("threads", 1);
    let calls = args.number("calls", 3);
    let client = Arc::new(client(Format::Json));
    run_names(&client);
    let start = Instant::now();
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let client = Arc::clone(&client);
            std::thread::spawn(move || {
                for _ in 0..calls {
                    run_names(&client);
                }
            })
        })
        .collect();
    for handle in handles {
        handle
            .join()
            .unwrap_or_else(|_| fail("a calling thread panicked"));
    }
    json!({ "elapsed_ms": ms(start), "calls": threads * calls })
}

/// Runs the command after `--` `--calls` times, each to completion, timing each: the cost of a
/// process per call, as a shell or PHP script pays it. A failing run stops the measurement.
fn spawn(rest: &[String]) -> Value {
    let args = Args(rest.to_vec());
    let calls = args.number("calls", 20);
    let at = rest
        .iter()
        .position(|a| a == "--")
        .unwrap_or_else(|| fail("spawn needs -- COMMAND"));
    let (program, command_args) = rest[at + 1..]
        .split_first()
        .unwrap_or_else(|| fail("spawn needs a command after --"));
    let mut samples = Vec::with_capacity(calls);
    for _ in 0..calls {
        let start = Instant::now();
        let out = Command::new(program)
            .args(command_args)
            .stdin(Stdio::null())
            .stderr(Stdio::inherit())
            .output()
            .unwrap_or_else(|e| fail(&format!("{program}: {e}")));
        samples.push(ms(start));
        if !out.status.success() || out.stdout.is_empty() {
            fail(&format!(
                "{program} failed: {} (no output or non-zero exit)",
                out.status
            ));
        }
    }
    json!({ "samples_ms": samples })
}
