//! `virtualmin-remote-testserver`: a stand-in for Webmin's miniserv and Virtualmin's remote.cgi
//! that answers like the real ones on the wire, for the tests of every binding and for the
//! benchmarks. It prints one JSON line with its URL, certificate fingerprint and password, then
//! serves until killed, until `--max-seconds` pass, or (with `--exit-on-stdin-eof`) until its
//! standard input closes. See README.md for the interface.

mod auth;
mod catalog;
mod clock;
mod conn;
mod control;
mod convert;
mod encode;
mod form;
mod generated;
mod http;
mod huge;
mod knobs;
mod options;
mod pages;
mod programs;
mod random;
mod remote;
mod server;
mod state;
mod tls;
mod usage;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use options::Options;
use server::Server;

/// Connections served at once; more are closed as they arrive.
const MAX_CONNECTIONS: usize = 256;

fn main() {
    let options = match Options::parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("virtualmin-remote-testserver: {message}");
            std::process::exit(2);
        }
    };
    if let Err(message) = run(options) {
        eprintln!("virtualmin-remote-testserver: {message}");
        std::process::exit(1);
    }
}

fn run(options: Options) -> Result<(), String> {
    let listener = TcpListener::bind(SocketAddr::new(options.bind, options.port))
        .map_err(|e| format!("bind {}:{}: {e}", options.bind, options.port))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();

    remove_stale_dirs();
    let dir = std::env::temp_dir().join(format!(
        "virtualmin-remote-testserver-{}",
        std::process::id()
    ));
    let tls = if options.plain {
        None
    } else {
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        Some(tls::setup(options.cert, &dir)?)
    };

    let server = Arc::new(Server::new(options.clone(), port));
    let scheme = if options.plain { "http" } else { "https" };
    let users: serde_json::Map<String, serde_json::Value> = auth::USERS
        .iter()
        .map(|(name, _, what)| (name.to_string(), (*what).into()))
        .collect();
    let path = |p: &Option<PathBuf>| p.as_ref().map(|p| p.display().to_string());
    let line = serde_json::json!({
        "url": format!("{scheme}://{}:{port}", server.host()),
        "fingerprint": tls.as_ref().map(|t| t.fingerprint.clone()),
        "ca_file": tls.as_ref().and_then(|t| path(&t.ca_file)),
        "cert_file": tls.as_ref().map(|t| t.cert_file.display().to_string()),
        "password": options.password,
        "pid": std::process::id(),
        "users": users,
    });
    let mut stdout = std::io::stdout();
    writeln!(stdout, "{line}")
        .and_then(|_| stdout.flush())
        .map_err(|e| e.to_string())?;

    let cleanup_dir = dir.clone();
    let exit = move || {
        let _ = std::fs::remove_dir_all(&cleanup_dir);
        std::process::exit(0);
    };
    let deadline = Duration::from_secs(options.max_seconds);
    let exit_later = exit.clone();
    std::thread::spawn(move || {
        std::thread::sleep(deadline);
        exit_later();
    });
    if options.exit_on_stdin_eof {
        std::thread::spawn(move || {
            let mut sink = [0u8; 256];
            let mut stdin = std::io::stdin();
            while matches!(stdin.read(&mut sink), Ok(n) if n > 0) {}
            exit();
        });
    }

    let config = tls.map(|t| t.config);
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        if active.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
            drop(stream);
            continue;
        }
        let slot = Slot::take(&active);
        let (server, config) = (server.clone(), config.clone());
        // NB: a thread that cannot be spawned drops its closure, and the slot with it.
        let _ = std::thread::Builder::new()
            .name("connection".into())
            .spawn(move || {
                let _slot = slot;
                conn::serve(server, stream, config);
            });
    }
    Ok(())
}

/// One of the `MAX_CONNECTIONS` places, given back when dropped (even by a panicking thread).
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(active: &Arc<AtomicUsize>) -> Slot {
        active.fetch_add(1, Ordering::SeqCst);
        Slot(active.clone())
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Removes the certificate folders of earlier servers that are no longer running.
fn remove_stale_dirs() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_prefix("virtualmin-remote-testserver-") else {
            continue;
        };
        let alive = Path::new("/proc").join(pid).exists();
        if pid.parse::<u32>().is_ok() && !alive && Path::new("/proc/self").exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}
