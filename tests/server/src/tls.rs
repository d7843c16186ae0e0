//! Certificates generated at start and the rustls server configuration: TLS 1.2 and 1.3 with
//! session tickets and a session cache, so that clients can resume as they do with miniserv.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DistinguishedName, DnType,
    ExtendedKeyUsagePurpose, IsCa, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::server::ServerSessionMemoryCache;
use rustls::ServerConfig;

use crate::clock;
use crate::options::CertMode;

/// What the TLS listener serves, and where its certificates were written.
pub struct Tls {
    pub config: Arc<ServerConfig>,
    /// SHA-256 of the leaf certificate's DER, `AA:BB:...`.
    pub fingerprint: String,
    pub cert_file: PathBuf,
    pub ca_file: Option<PathBuf>,
}

/// Generates the certificates for `mode`, writes their PEM files into `dir`, and builds the
/// server configuration.
///
/// # Errors
/// A message if generation, writing or the rustls setup fails.
pub fn setup(mode: CertMode, dir: &Path) -> Result<Tls, String> {
    let leaf_key = KeyPair::generate().map_err(|e| format!("key generation: {e}"))?;
    let (leaf_der, leaf_pem, ca_pem) = match mode {
        CertMode::SelfSigned => {
            let cert = webmin_like_params()
                .self_signed(&leaf_key)
                .map_err(|e| format!("self-signed certificate: {e}"))?;
            (cert.der().clone(), cert.pem(), None)
        }
        CertMode::CaSigned => {
            let ca_key = KeyPair::generate().map_err(|e| format!("key generation: {e}"))?;
            let ca = CertifiedIssuer::self_signed(ca_params(), ca_key)
                .map_err(|e| format!("CA certificate: {e}"))?;
            let cert = leaf_params()?
                .signed_by(&leaf_key, &ca)
                .map_err(|e| format!("leaf certificate: {e}"))?;
            (cert.der().clone(), cert.pem(), Some(ca.pem()))
        }
    };

    let cert_file = dir.join("cert.pem");
    std::fs::write(&cert_file, leaf_pem).map_err(|e| format!("{}: {e}", cert_file.display()))?;
    let ca_file = match ca_pem {
        Some(pem) => {
            let path = dir.join("ca.pem");
            std::fs::write(&path, pem).map_err(|e| format!("{}: {e}", path.display()))?;
            Some(path)
        }
        None => None,
    };

    let fingerprint = fingerprint(&leaf_der);
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
    let config = server_config(leaf_der, key)?;
    Ok(Tls {
        config,
        fingerprint,
        cert_file,
        ca_file,
    })
}

/// Upper-case hex pairs of the SHA-256 digest, joined by `:`.
pub fn fingerprint(der: &[u8]) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, der);
    digest
        .as_ref()
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

fn validity(params: &mut CertificateParams) {
    let year = clock::webmin_date(clock::now())[7..11]
        .parse::<i32>()
        .unwrap_or(2026);
    params.not_before = rcgen::date_time_ymd(year - 1, 1, 1);
    params.not_after = rcgen::date_time_ymd(year + 5, 1, 1);
}

/// Like the certificate Webmin's setup makes: self-signed, `CA:TRUE`, CN=vm, no names that a
/// client could match against 127.0.0.1.
fn webmin_like_params() -> CertificateParams {
    let mut params = CertificateParams::default();
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, "vm");
    name.push(DnType::CountryName, "US");
    name.push(DnType::LocalityName, "Santa Clara");
    params.distinguished_name = name;
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    validity(&mut params);
    params
}

fn ca_params() -> CertificateParams {
    let mut params = CertificateParams::default();
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, "virtualmin-remote test CA");
    params.distinguished_name = name;
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    validity(&mut params);
    params
}

fn leaf_params() -> Result<CertificateParams, String> {
    let names = vec![
        "localhost".to_owned(),
        "127.0.0.1".to_owned(),
        "::1".to_owned(),
    ];
    let mut params = CertificateParams::new(names).map_err(|e| format!("names: {e}"))?;
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, "localhost");
    params.distinguished_name = name;
    params.is_ca = IsCa::ExplicitNoCa;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    validity(&mut params);
    Ok(params)
}

fn server_config(
    cert: CertificateDer<'static>,
    key: PrivateKeyDer<'static>,
) -> Result<Arc<ServerConfig>, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .map_err(|e| format!("TLS versions: {e}"))?
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .map_err(|e| format!("TLS certificate: {e}"))?;
    config.session_storage = ServerSessionMemoryCache::new(4096);
    config.ticketer = rustls::crypto::ring::Ticketer::new().map_err(|e| format!("tickets: {e}"))?;
    Ok(Arc::new(config))
}
