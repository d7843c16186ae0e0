//! A rustls client for the tests: one that accepts any certificate and remembers it (to check
//! the fingerprint), and one that verifies against given roots.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    ClientConfig, ClientConnection, DigitallySignedStruct, RootCertStore, SignatureScheme,
};

/// Accepts every certificate, keeping the last one seen.
#[derive(Debug, Default)]
pub struct Recording {
    pub seen: Mutex<Option<Vec<u8>>>,
}

impl ServerCertVerifier for Recording {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        *self.seen.lock().unwrap() = Some(end_entity.to_vec());
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        _: &[u8],
        _: &CertificateDer<'_>,
        _: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }

    fn verify_tls13_signature(
        &self,
        _: &[u8],
        _: &CertificateDer<'_>,
        _: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        rustls::crypto::ring::default_provider()
            .signature_verification_algorithms
            .supported_schemes()
    }
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// A client that trusts anything and records the certificate; one config keeps one session
/// cache, so reusing it resumes.
pub fn recording_client() -> (Arc<ClientConfig>, Arc<Recording>) {
    let recording = Arc::new(Recording::default());
    let config = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .unwrap()
        .dangerous()
        .with_custom_certificate_verifier(recording.clone())
        .with_no_client_auth();
    (Arc::new(config), recording)
}

/// A client that verifies against `roots` only.
pub fn verifying_client(roots: RootCertStore) -> Arc<ClientConfig> {
    let config = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    Arc::new(config)
}

/// What a TLS exchange produced: the bytes read, and how reading ended.
pub struct Exchange {
    pub bytes: Vec<u8>,
    /// `Ok` when the server ended with close_notify; the error otherwise.
    pub end: std::io::Result<()>,
    pub resumed: bool,
}

/// Connects to `port` as `name`, sends `request` and reads until the end.
///
/// # Errors
/// The handshake's error (a rejected certificate, say).
pub fn exchange(
    config: &Arc<ClientConfig>,
    port: u16,
    name: &str,
    request: &[u8],
) -> std::io::Result<Exchange> {
    let server_name = ServerName::try_from(name.to_owned()).unwrap();
    let mut conn = ClientConnection::new(config.clone(), server_name).unwrap();
    let mut tcp = TcpStream::connect(("127.0.0.1", port))?;
    tcp.set_read_timeout(Some(Duration::from_secs(20)))?;
    while conn.is_handshaking() {
        conn.complete_io(&mut tcp)?;
    }
    let resumed = conn.handshake_kind() == Some(rustls::HandshakeKind::Resumed);
    let mut stream = rustls::Stream::new(&mut conn, &mut tcp);
    stream.write_all(request)?;
    let mut bytes = Vec::new();
    let end = stream.read_to_end(&mut bytes).map(|_| ());
    Ok(Exchange {
        bytes,
        end,
        resumed,
    })
}
