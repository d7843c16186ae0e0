//! TLS as miniserv offers it: the certificate that the start line's fingerprint names, a
//! Webmin-like self-signed certificate that verification must refuse, a CA-signed mode that it
//! must accept, session resumption, close_notify, and the redirect for plain HTTP.

mod common;

use common::tls::{exchange, recording_client, verifying_client};
use common::{assert_same_as, basic, body, fixture, head, Server};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use rustls::RootCertStore;

fn list_request(server: &Server) -> Vec<u8> {
    format!(
        "GET /virtual-server/remote.cgi?program=list-domains\
            &name-only= HTTP/1.1\r\nHost: x\r\n{}\r\n",
        basic("root", &server.password)
    )
    .into_bytes()
}

fn sha256_hex(der: &[u8]) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, der);
    digest
        .as_ref()
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

#[test]
fn the_served_certificate_has_the_announced_fingerprint_and_replies_end_with_close_notify() {
    let server = Server::start(&["--seed"]);
    assert!(server.info["url"]
        .as_str()
        .unwrap()
        .starts_with("https://127.0.0.1:"));
    let (config, recording) = recording_client();
    let done = exchange(&config, server.port, "127.0.0.1", &list_request(&server)).unwrap();

    let seen = recording
        .seen
        .lock()
        .unwrap()
        .clone()
        .expect("a certificate was presented");
    assert_eq!(
        sha256_hex(&seen),
        server.info["fingerprint"].as_str().unwrap()
    );
    assert!(
        done.end.is_ok(),
        "the reply must end with close_notify: {:?}",
        done.end
    );
    assert_same_as(&done.bytes, "list-domains.name-only.http");

    let pem = std::fs::read(server.info["cert_file"].as_str().unwrap()).unwrap();
    let from_file = CertificateDer::from_pem_slice(&pem).unwrap();
    assert_eq!(
        from_file.as_ref(),
        &seen[..],
        "cert_file holds the served certificate"
    );
    assert!(server.info["ca_file"].is_null());
}

#[test]
fn sessions_resume_and_the_handshakes_are_counted() {
    let server = Server::start(&[]);
    let (config, _) = recording_client();
    let mut resumed = 0;
    for _ in 0..3 {
        let done = exchange(&config, server.port, "127.0.0.1", &list_request(&server)).unwrap();
        assert!(done.end.is_ok());
        resumed += u64::from(done.resumed);
    }
    assert!(resumed >= 2, "later connections resume the first session");

    // The control requests below travel over TLS too, but are not counted.
    let stats = tls_control(&server, "/_testserver/stats");
    assert_eq!(stats["handshakes"], 3, "{stats}");
    assert_eq!(stats["resumed_handshakes"], resumed, "{stats}");
}

fn tls_control(server: &Server, target: &str) -> serde_json::Value {
    let (config, _) = recording_client();
    let request = format!("GET {target} HTTP/1.1\r\nHost: x\r\n\r\n");
    let done = exchange(&config, server.port, "127.0.0.1", request.as_bytes()).unwrap();
    serde_json::from_slice(body(&done.bytes)).unwrap()
}

#[test]
fn the_webmin_like_certificate_fails_verification_even_when_trusted_as_a_root() {
    let server = Server::start(&[]);
    let pem = std::fs::read(server.info["cert_file"].as_str().unwrap()).unwrap();
    let mut roots = RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_slice(&pem).unwrap())
        .unwrap();
    let config = verifying_client(roots);
    let result = exchange(&config, server.port, "127.0.0.1", &list_request(&server));
    assert!(
        result.is_err(),
        "a verifying client without a pin must refuse it"
    );
    let requests = tls_control(&server, "/_testserver/requests");
    assert_eq!(requests, serde_json::json!([]), "nothing reached the API");
}

#[test]
fn a_ca_signed_server_is_trusted_through_its_ca_for_every_loopback_name() {
    let server = Server::start(&["--cert", "ca-signed"]);
    let ca = std::fs::read(
        server.info["ca_file"]
            .as_str()
            .expect("ca_file is reported"),
    )
    .unwrap();
    let mut roots = RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_slice(&ca).unwrap())
        .unwrap();
    let config = verifying_client(roots);
    for name in ["127.0.0.1", "localhost"] {
        let done = exchange(&config, server.port, name, &list_request(&server)).unwrap();
        assert!(
            done.bytes.starts_with(b"HTTP/1.0 200 Document follows\r\n"),
            "{name}"
        );
    }

    // The fingerprint is the leaf's, not the CA's.
    let (recording_config, recording) = recording_client();
    exchange(
        &recording_config,
        server.port,
        "127.0.0.1",
        &list_request(&server),
    )
    .unwrap();
    let leaf = recording.seen.lock().unwrap().clone().unwrap();
    assert_eq!(
        sha256_hex(&leaf),
        server.info["fingerprint"].as_str().unwrap()
    );
    let ca_der = CertificateDer::from_pem_slice(&ca).unwrap();
    assert_ne!(
        sha256_hex(&ca_der),
        server.info["fingerprint"].as_str().unwrap()
    );

    // Another server's CA does not vouch for this one.
    let other = Server::start(&["--cert", "ca-signed"]);
    let result = exchange(&config, other.port, "127.0.0.1", &list_request(&other));
    assert!(result.is_err());
}

#[test]
fn plain_http_to_the_tls_port_is_redirected_like_miniserv() {
    let server = Server::start(&[]);
    let reply = server.raw(&list_request(&server));
    let recorded = String::from_utf8(fixture("transport.http-to-https-port.http"))
        .unwrap()
        .replace(":10000", &format!(":{}", server.port));
    assert_eq!(head(&reply), head(recorded.as_bytes()));
    assert!(body(&reply).is_empty());
}
