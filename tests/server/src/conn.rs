//! One connection: plain or TLS (and plain HTTP arriving at the TLS port), one request, one
//! reply, then close — cleanly with close_notify, or as badly as the fault asks.

use std::io::{self, Read, Write};
use std::net::{IpAddr, Shutdown, TcpStream};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::{HandshakeKind, ServerConfig, ServerConnection, StreamOwned};

use crate::control::{self, InFlight};
use crate::http::{read_request, ReadError, Reply};
use crate::knobs::Fault;
use crate::pages;
use crate::server::{Answer, Server};

/// How long a client may stay silent while sending its request.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one write may block on a client that does not read.
const WRITE_TIMEOUT: Duration = Duration::from_secs(60);

/// The first byte of a TLS handshake record.
const TLS_HANDSHAKE: u8 = 0x16;

enum Transport {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ServerConnection, TcpStream>>),
}

impl Transport {
    fn tcp(&self) -> &TcpStream {
        match self {
            Transport::Plain(tcp) => tcp,
            Transport::Tls(stream) => &stream.sock,
        }
    }

    /// Ends the reply properly: close_notify, FIN, then a short wait for the client's side so
    /// that unread bytes from it cannot turn the close into a reset.
    fn close_clean(mut self) {
        if let Transport::Tls(stream) = &mut self {
            stream.conn.send_close_notify();
            let _ = stream.flush();
        }
        let tcp = self.tcp();
        let _ = tcp.shutdown(Shutdown::Write);
        let _ = tcp.set_read_timeout(Some(Duration::from_millis(200)));
        let started = Instant::now();
        let mut sink = [0u8; 4096];
        let mut raw = tcp;
        while started.elapsed() < Duration::from_secs(1) {
            match raw.read(&mut sink) {
                Ok(n) if n > 0 => continue,
                _ => break,
            }
        }
    }

    /// Drops the connection after what was written so far: no close_notify.
    // NB: std cannot set SO_LINGER to 0, so the peer sees a FIN rather than a RST; over TLS
    // that is still a truncation, since close_notify never comes.
    fn close_abrupt(mut self) {
        let _ = self.flush();
        let _ = self.tcp().shutdown(Shutdown::Both);
    }
}

impl Read for Transport {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Transport::Plain(tcp) => tcp.read(buf),
            Transport::Tls(stream) => stream.read(buf),
        }
    }
}

impl Write for Transport {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Transport::Plain(tcp) => tcp.write(buf),
            Transport::Tls(stream) => stream.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Transport::Plain(tcp) => tcp.flush(),
            Transport::Tls(stream) => stream.flush(),
        }
    }
}

/// Serves one accepted connection to its end.
pub fn serve(server: Arc<Server>, tcp: TcpStream, tls: Option<Arc<ServerConfig>>) {
    let peer = match tcp.peer_addr() {
        Ok(addr) => addr.ip(),
        Err(_) => return,
    };
    let _ = tcp.set_read_timeout(Some(READ_TIMEOUT));
    let _ = tcp.set_write_timeout(Some(WRITE_TIMEOUT));
    let _ = tcp.set_nodelay(true);

    let Some(config) = tls else {
        return exchange(&server, Transport::Plain(tcp), peer, None);
    };
    let mut first = [0u8; 1];
    match tcp.peek(&mut first) {
        Ok(1) if first[0] == TLS_HANDSHAKE => {}
        Ok(1) => return redirect_to_tls(&server, tcp),
        _ => return,
    }

    let Ok(mut conn) = ServerConnection::new(config) else {
        return;
    };
    let mut tcp = tcp;
    while conn.is_handshaking() {
        if conn.complete_io(&mut tcp).is_err() {
            return;
        }
    }
    let resumed = conn.handshake_kind() == Some(HandshakeKind::Resumed);
    let transport = Transport::Tls(Box::new(StreamOwned::new(conn, tcp)));
    exchange(&server, transport, peer, Some(resumed));
}

/// miniserv's answer to plain HTTP on its TLS port: a redirect to https, path dropped.
fn redirect_to_tls(server: &Server, tcp: TcpStream) {
    let mut transport = Transport::Plain(tcp);
    if read_request(&mut transport).is_err() {
        return;
    }
    server.stats.requests.fetch_add(1, Ordering::SeqCst);
    let location = format!("https://{}:{}", server.host(), server.port);
    send(transport, &Reply::redirect(&location));
}

/// Reads the request, decides the answer and delivers it.
fn exchange(server: &Server, mut transport: Transport, peer: IpAddr, tls: Option<bool>) {
    let request = match read_request(&mut transport) {
        Ok(request) => request,
        Err(ReadError::Gone) => return,
        Err(ReadError::Bad(why)) => {
            let page = pages::error(400, &format!("Bad Request: {why}"));
            return send(transport, &Reply::error(400, "Bad Request", page));
        }
    };
    if request.path.starts_with("/_testserver/") {
        return send(transport, &control::handle(server, &request));
    }
    if let Some(resumed) = tls {
        server.stats.handshakes.fetch_add(1, Ordering::SeqCst);
        if resumed {
            server
                .stats
                .resumed_handshakes
                .fetch_add(1, Ordering::SeqCst);
        }
    }

    let api = crate::server::is_api_path(&request.path);
    let in_flight = api.then(|| InFlight::start(&server.stats));
    let answer = server.route(&request, peer);
    // NB: a request that gets a reply stops counting as in flight before the reply is written:
    // a client can start its next call as soon as it has read this reply, and that call must
    // not find this one still counted while the close is under way. A stalled request counts
    // for as long as it stalls.
    if !matches!(answer, Answer::Stall) {
        drop(in_flight);
    }
    match answer {
        Answer::Reply {
            reply,
            fault,
            trickle_ms,
        } => deliver(transport, &reply, fault, trickle_ms),
        Answer::Huge {
            head,
            params,
            megabytes,
        } => {
            if transport.write_all(&head.head).is_ok()
                && crate::huge::write(&mut transport, &params, megabytes).is_ok()
            {
                transport.close_clean();
            }
        }
        Answer::Stall => stall(transport, server.options.max_seconds),
    }
}

fn send(transport: Transport, reply: &Reply) {
    deliver(transport, reply, Fault::None, 0);
}

/// Writes `reply` the way `fault` says.
fn deliver(mut t: Transport, reply: &Reply, fault: Fault, trickle_ms: u64) {
    let result = match fault {
        Fault::CloseBeforeHeaders => return t.close_abrupt(),
        Fault::ResetAfterHeaders => {
            let _ = t.write_all(&reply.head);
            return t.close_abrupt();
        }
        Fault::CloseMidBody => {
            let _ = t.write_all(&reply.head);
            let _ = t.write_all(&reply.body[..reply.body.len() / 2]);
            return t.close_abrupt();
        }
        Fault::Truncate => t
            .write_all(&reply.head)
            .and_then(|_| t.write_all(truncated(&reply.body, reply.content_type.as_deref()))),
        Fault::Trickle => {
            let mut all = reply.head.clone();
            all.extend_from_slice(&reply.body);
            trickle(&mut t, &all, trickle_ms)
        }
        _ => t
            .write_all(&reply.head)
            .and_then(|_| t.write_all(&reply.body)),
    };
    if result.and_then(|_| t.flush()).is_ok() {
        t.close_clean();
    }
}

fn trickle(t: &mut Transport, bytes: &[u8], every_ms: u64) -> io::Result<()> {
    for byte in bytes {
        t.write_all(std::slice::from_ref(byte))?;
        t.flush()?;
        std::thread::sleep(Duration::from_millis(every_ms));
    }
    Ok(())
}

/// The body without its end: the `Exit status` line of plain text, the closing bracket of
/// JSON, XML or Perl data; half of anything else.
fn truncated<'a>(body: &'a [u8], content_type: Option<&str>) -> &'a [u8] {
    let text_end = |needle: &[u8]| body.windows(needle.len()).rposition(|w| w == needle);
    if let Some(at) = text_end(b"Exit status: ") {
        return &body[..at];
    }
    let structured = matches!(content_type, Some("application/json" | "application/xml"))
        || body.starts_with(b"$VAR1")
        || body.starts_with(b"{");
    let closing = if body.starts_with(b"<") {
        text_end(b"</").or(text_end(b"/>"))
    } else {
        None
    };
    match (
        structured || body.starts_with(b"<"),
        closing.or_else(|| text_end(b"}")),
    ) {
        (true, Some(at)) => &body[..at],
        _ => &body[..body.len() / 2],
    }
}

/// Keeps the connection open and silent until the client leaves or time runs out.
fn stall(mut t: Transport, max_seconds: u64) {
    let _ = t.tcp().set_read_timeout(Some(Duration::from_millis(250)));
    let started = Instant::now();
    let mut sink = [0u8; 1024];
    while started.elapsed() < Duration::from_secs(max_seconds) {
        match t.read(&mut sink) {
            Ok(0) => break,
            Ok(_) => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) => {}
            Err(_) => break,
        }
    }
    t.close_abrupt();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_removes_the_end_marker() {
        assert_eq!(
            truncated(b"a\nb\n\nExit status: 0\n", Some("text/plain")),
            b"a\nb\n\n"
        );
        assert_eq!(
            truncated(b"{\n   \"a\" : \"b\"\n}\n\n", Some("application/json")),
            b"{\n   \"a\" : \"b\"\n"
        );
        assert_eq!(
            truncated(b"<api status=\"x\" />\n", Some("application/xml")),
            b"<api status=\"x\" "
        );
        assert_eq!(
            truncated(b"$VAR1 = {};\n", Some("text/plain")),
            b"$VAR1 = {"
        );
        assert_eq!(truncated(b"ERROR: nope\n", Some("text/plain")), b"ERROR:");
    }
}
