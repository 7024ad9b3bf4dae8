//! TLS to the server, with rustls, as libpq's `sslmode` says: `disable`
//! never, `prefer` (the default) and `require` encrypt without checking
//! the server's certificate (libpq does the same without a root
//! certificate), `verify-ca` and `verify-full` check it against
//! `sslrootcert` (a PEM file) or, without one, the system's roots — and
//! the host name too (`verify-ca` is held to `verify-full` here).

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, SignatureScheme};
use std::sync::Arc;

/// How the connection is secured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `sslmode=disable`.
    Off,
    /// `prefer`/`require`: encrypted, the certificate not checked.
    Encrypt,
    /// `verify-ca`/`verify-full`: checked against these roots (a PEM file),
    /// or the system's.
    Verify(Option<std::path::PathBuf>),
}

/// The rustls connector for `mode`; `Err` with a sentence when the roots
/// cannot be read.
pub fn connector(mode: &Mode) -> Result<tokio_postgres_rustls::MakeRustlsConnect, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS cannot be set up: {e}"))?;
    let config = match mode {
        Mode::Verify(roots) => {
            let mut store = rustls::RootCertStore::empty();
            match roots {
                Some(file) => {
                    let certs = CertificateDer::pem_file_iter(file)
                        .map_err(|e| format!("cannot read the root certificate {}: {e}", file.display()))?;
                    for cert in certs {
                        let cert =
                            cert.map_err(|e| format!("cannot read the root certificate {}: {e}", file.display()))?;
                        store
                            .add(cert)
                            .map_err(|e| format!("{} is not a usable root certificate: {e}", file.display()))?;
                    }
                }
                None => {
                    for cert in rustls_native_certs::load_native_certs().certs {
                        let _ = store.add(cert);
                    }
                }
            }
            builder.with_root_certificates(store).with_no_client_auth()
        }
        Mode::Encrypt | Mode::Off => {
            builder.dangerous().with_custom_certificate_verifier(Arc::new(Unchecked(provider))).with_no_client_auth()
        }
    };
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// Accepts any certificate, checking only that the handshake is signed by
/// it: encryption against eavesdroppers, as `sslmode=require` promises,
/// without a claim about who the server is.
#[derive(Debug)]
struct Unchecked(Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
