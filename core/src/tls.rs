//! How the server's certificate is checked, and the rustls configuration behind each way.
//!
//! Webmin ships a self-signed certificate, which is why so many scripts turn verification off.
//! [`Tls::Pinned`] is the safe answer to that: it accepts exactly one certificate, identified by
//! the SHA-256 of its DER encoding, whatever its name, issuer or dates say. [`fetch_fingerprint`]
//! reads that value from a server for pinning on first use.
//!
//! Each client owns one rustls `ClientConfig`, and with it one TLS session store, so calls after
//! the first resume their TLS session (Webmin's miniserv issues TLS 1.3 tickets).

use std::fmt;
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::Path;
use std::sync::{Arc, Mutex, Once};
use std::time::{Duration, Instant};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};

use crate::error::{Error, ErrorKind};

/// A SHA-256 certificate fingerprint.
///
/// Displayed as upper-case hex pairs joined by `:` (as `openssl x509 -fingerprint -sha256`
/// prints it); parsed from that form, from plain hex, either case, with or without a
/// `sha256:` / `SHA256 Fingerprint=` prefix.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint([u8; 32]);

impl Fingerprint {
    /// The fingerprint of a DER-encoded certificate.
    pub fn of_certificate(der: &[u8]) -> Self {
        let digest = ring::digest::digest(&ring::digest::SHA256, der);
        let mut bytes = [0u8; 32];
        bytes.copy_from_slice(digest.as_ref());
        Fingerprint(bytes)
    }

    /// Parses a fingerprint as written by people and tools.
    ///
    /// # Errors
    /// A usage error when the text is not 32 bytes of hex.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let trimmed = text.trim();
        let without_prefix = match trimmed.rfind(['=', ' ']) {
            Some(at) => &trimmed[at + 1..],
            None => trimmed,
        };
        let without_prefix = without_prefix
            .strip_prefix("sha256:")
            .or_else(|| without_prefix.strip_prefix("SHA256:"))
            .unwrap_or(without_prefix);

        let hex: Vec<u8> = without_prefix.bytes().filter(|b| *b != b':').collect();
        let bad = || {
            Error::usage(format!(
                "invalid SHA-256 fingerprint {trimmed:?}: expected 64 hex digits, \
                 optionally in pairs separated by ':'"
            ))
        };
        if hex.len() != 64 {
            return Err(bad());
        }
        let mut bytes = [0u8; 32];
        for (i, pair) in hex.chunks(2).enumerate() {
            let digit = |b: u8| (b as char).to_digit(16);
            match (digit(pair[0]), digit(pair[1])) {
                (Some(hi), Some(lo)) => bytes[i] = (hi * 16 + lo) as u8,
                _ => return Err(bad()),
            }
        }
        Ok(Fingerprint(bytes))
    }

    /// The 32 bytes of the digest.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(":")?;
            }
            write!(f, "{b:02X}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

impl std::str::FromStr for Fingerprint {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Fingerprint::parse(s)
    }
}

/// How the server's certificate is checked.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub enum Tls {
    /// Verify the certificate chain and name against the system's trusted roots.
    #[default]
    Verify,
    /// Verify the chain and name against these CA certificates (PEM), instead of the system's.
    CustomCa(Vec<u8>),
    /// Accept exactly the certificate with this SHA-256 fingerprint, and no other.
    Pinned(Fingerprint),
    /// DANGEROUS: accept any certificate. Anyone on the path can read the password.
    /// A warning is logged when a client is built this way.
    Insecure,
}

impl Tls {
    /// Pins the certificate whose fingerprint is `fingerprint` (see [`Fingerprint::parse`]).
    ///
    /// # Errors
    /// A usage error when the fingerprint does not parse.
    pub fn pinned(fingerprint: &str) -> Result<Tls, Error> {
        Fingerprint::parse(fingerprint).map(Tls::Pinned)
    }

    /// Trusts the CA certificates in a PEM file.
    ///
    /// # Errors
    /// A usage error when the file cannot be read.
    pub fn custom_ca_file(path: impl AsRef<Path>) -> Result<Tls, Error> {
        let path = path.as_ref();
        std::fs::read(path).map(Tls::CustomCa).map_err(|e| {
            Error::usage(format!("cannot read CA file {}: {e}", path.display())).with_source(e)
        })
    }

    /// A short name for logs and Debug output: `verify`, `custom-ca`, `pinned`, `insecure`.
    pub fn mode_name(&self) -> &'static str {
        match self {
            Tls::Verify => "verify",
            Tls::CustomCa(_) => "custom-ca",
            Tls::Pinned(_) => "pinned",
            Tls::Insecure => "insecure",
        }
    }

    /// Builds the rustls configuration for this mode.
    pub(crate) fn client_config(&self) -> Result<Arc<ClientConfig>, Error> {
        let provider = provider();
        let builder = ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| Error::new(ErrorKind::Tls, format!("TLS setup failed: {e}")))?;

        let config = match self {
            Tls::Verify => {
                let roots = system_roots();
                builder.with_root_certificates(roots).with_no_client_auth()
            }
            Tls::CustomCa(pem) => {
                let roots = roots_from_pem(pem)?;
                let verifier =
                    WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
                        .build()
                        .map_err(|e| Error::usage(format!("unusable CA certificates: {e}")))?;
                builder.with_webpki_verifier(verifier).with_no_client_auth()
            }
            Tls::Pinned(fingerprint) => builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(FingerprintVerifier::pinned(
                    *fingerprint,
                )))
                .with_no_client_auth(),
            Tls::Insecure => {
                static WARN: Once = Once::new();
                WARN.call_once(|| {
                    log::warn!(
                        "TLS certificate verification is OFF (insecure mode): anyone on the \
                         network path can impersonate the server and read the credentials; \
                         pin the certificate's fingerprint instead"
                    )
                });
                builder
                    .dangerous()
                    .with_custom_certificate_verifier(
                        Arc::new(FingerprintVerifier::accepting_any()),
                    )
                    .with_no_client_auth()
            }
        };
        Ok(Arc::new(config))
    }
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn system_roots() -> RootCertStore {
    let mut roots = RootCertStore::empty();
    let found = rustls_native_certs::load_native_certs();
    for err in &found.errors {
        log::debug!("while loading system certificates: {err}");
    }
    let (added, ignored) = roots.add_parsable_certificates(found.certs);
    log::debug!("loaded {added} system root certificates ({ignored} unusable)");
    if added == 0 {
        log::warn!("no system root certificates found: every certificate will be rejected");
    }
    roots
}

fn roots_from_pem(pem: &[u8]) -> Result<RootCertStore, Error> {
    let mut roots = RootCertStore::empty();
    let mut reader = pem;
    let mut seen = 0;
    for cert in rustls_pemfile::certs(&mut reader) {
        let cert = cert.map_err(|e| Error::usage(format!("invalid PEM in CA file: {e}")))?;
        seen += 1;
        roots
            .add(cert)
            .map_err(|e| Error::usage(format!("unusable CA certificate: {e}")))?;
    }
    if seen == 0 {
        return Err(Error::usage("the CA file holds no PEM certificate"));
    }
    Ok(roots)
}

/// Checks the server's certificate by its fingerprint alone: with a pin, it accepts exactly the
/// certificate whose SHA-256 matches; without one (insecure mode, [`fetch_fingerprint`]) it
/// accepts any and remembers what it saw. Either way the handshake signature is verified, so
/// the server must hold the certificate's key.
#[derive(Debug)]
struct FingerprintVerifier {
    pin: Option<Fingerprint>,
    presented: Mutex<Option<Fingerprint>>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl FingerprintVerifier {
    fn pinned(pin: Fingerprint) -> Self {
        FingerprintVerifier::new(Some(pin))
    }

    fn accepting_any() -> Self {
        FingerprintVerifier::new(None)
    }

    fn new(pin: Option<Fingerprint>) -> Self {
        FingerprintVerifier {
            pin,
            presented: Mutex::new(None),
            algorithms: provider().signature_verification_algorithms,
        }
    }

    /// The fingerprint of the last certificate presented.
    fn presented(&self) -> Option<Fingerprint> {
        *self.presented.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The reason a pinned connection was refused.
#[derive(Debug)]
struct PinMismatch {
    presented: Fingerprint,
}

impl fmt::Display for PinMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "certificate fingerprint {} does not match the pinned one",
            self.presented
        )
    }
}

impl std::error::Error for PinMismatch {}

impl ServerCertVerifier for FingerprintVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        // NB: names, issuers and dates are deliberately not checked: the pin is the identity.
        let presented = Fingerprint::of_certificate(end_entity.as_ref());
        *self.presented.lock().unwrap_or_else(|p| p.into_inner()) = Some(presented);
        match self.pin {
            Some(pin) if pin != presented => Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::Other(rustls::OtherError(Arc::new(PinMismatch {
                    presented,
                }))),
            )),
            _ => Ok(ServerCertVerified::assertion()),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// Connects to `url`'s host and port and returns the fingerprint of the certificate it presents.
///
/// Only the TLS handshake happens: no HTTP request, and so no credential, is sent. Compare the
/// result with what the server's administrator sees (`openssl x509 -noout -fingerprint -sha256
/// -in /etc/webmin/miniserv.pem`) before pinning it.
///
/// # Errors
/// Usage for a URL that is not `https://`, Connect, Timeout (`timeout` bounds the whole
/// exchange), or Tls when no handshake is possible.
pub fn fetch_fingerprint(url: &str, timeout: Duration) -> Result<Fingerprint, Error> {
    let target = crate::client::Endpoint::parse(url)?;
    if !target.is_https() {
        return Err(Error::usage(format!(
            "{} is not an https:// URL",
            target.origin()
        )));
    }
    let deadline = Instant::now() + timeout;

    let addrs: Vec<_> = (target.host_for_dns(), target.port())
        .to_socket_addrs()
        .map_err(|e| {
            Error::new(
                ErrorKind::Connect,
                format!("cannot resolve {}: {e}", target.host()),
            )
        })?
        .collect();
    let mut last_err = None;
    let mut stream = None;
    for addr in addrs {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        match TcpStream::connect_timeout(&addr, left) {
            Ok(s) => {
                stream = Some(s);
                break;
            }
            Err(e) => last_err = Some(e),
        }
    }
    let mut stream = match stream {
        Some(s) => s,
        None => {
            return Err(match last_err {
                Some(e) if e.kind() == std::io::ErrorKind::TimedOut => Error::new(
                    ErrorKind::Timeout,
                    format!("connecting to {} timed out", target.origin()),
                ),
                Some(e) => Error::new(
                    ErrorKind::Connect,
                    format!("cannot connect to {}: {e}", target.origin()),
                )
                .with_source(e),
                None => Error::new(
                    ErrorKind::Timeout,
                    format!("connecting to {} timed out", target.origin()),
                ),
            });
        }
    };

    let verifier = Arc::new(FingerprintVerifier::accepting_any());
    let config = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::new(ErrorKind::Tls, format!("TLS setup failed: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(verifier.clone())
        .with_no_client_auth();
    let name = target.server_name()?;
    let mut conn = rustls::ClientConnection::new(Arc::new(config), name)
        .map_err(|e| Error::new(ErrorKind::Tls, format!("TLS setup failed: {e}")))?;

    while conn.is_handshaking() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Error::new(
                ErrorKind::Timeout,
                format!("TLS handshake with {} timed out", target.origin()),
            ));
        }
        let _ = stream.set_read_timeout(Some(left));
        let _ = stream.set_write_timeout(Some(left));
        if let Err(e) = conn.complete_io(&mut stream) {
            return Err(crate::client::io_error(e, &target.origin(), false));
        }
    }
    conn.send_close_notify();
    let _ = conn.write_tls(&mut stream);
    let _ = stream.flush();
    let _ = stream.read(&mut [0u8; 0]);

    let presented = verifier.presented();
    presented.ok_or_else(|| {
        Error::new(
            ErrorKind::Tls,
            format!("{} presented no certificate", target.origin()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &str = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";

    #[test]
    fn fingerprint_parses_every_common_spelling() {
        let plain = Fingerprint::parse(HEX).unwrap();
        let colons = plain.to_string();
        assert_eq!(colons.len(), 95);
        for text in [
            colons.clone(),
            colons.to_lowercase(),
            HEX.to_lowercase(),
            format!("sha256:{HEX}"),
            format!("SHA256 Fingerprint={colons}"),
            format!("  {colons}\n"),
        ] {
            assert_eq!(Fingerprint::parse(&text).unwrap(), plain, "{text}");
        }
    }

    #[test]
    fn fingerprint_rejects_wrong_lengths_and_digits() {
        for bad in [
            "",
            "AB:CD",
            &HEX[..62],
            &format!("{HEX}00"),
            &HEX.replace('F', "G"),
        ] {
            assert_eq!(
                Fingerprint::parse(bad).unwrap_err().kind(),
                ErrorKind::Usage,
                "{bad}"
            );
        }
    }

    #[test]
    fn fingerprint_of_known_bytes() {
        // SHA-256 of the ASCII bytes "test".
        assert_eq!(
            Fingerprint::of_certificate(b"test"),
            Fingerprint::parse(HEX).unwrap()
        );
    }

    #[test]
    fn custom_ca_without_certificates_is_a_usage_error() {
        let err = Tls::CustomCa(b"not a pem".to_vec())
            .client_config()
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Usage);
    }
}
