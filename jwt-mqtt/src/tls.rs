//! TLS for the broker connection: rustls with the `ring` provider (no
//! OpenSSL, no aws-lc), trusting only the CA the fleet pins, optionally
//! presenting a client certificate.

use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use crate::MqttError;

/// TLS settings: the pinned CA (the only trust anchor; the system's roots
/// are not consulted) and an optional client certificate.
#[derive(Clone)]
pub struct Tls {
    ca: Vec<u8>,
    client: Option<(Vec<u8>, Vec<u8>)>,
}

impl std::fmt::Debug for Tls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The client key stays out of logs.
        f.debug_struct("Tls")
            .field("ca_bytes", &self.ca.len())
            .field("client_certificate", &self.client.is_some())
            .finish()
    }
}

impl Tls {
    /// Trust only the CA certificates in `pem` (one or more
    /// `CERTIFICATE` blocks).
    pub fn ca_pem(pem: impl Into<Vec<u8>>) -> Self {
        Tls {
            ca: pem.into(),
            client: None,
        }
    }

    /// Present this client certificate chain (PEM) and its private key
    /// (PKCS#8, SEC1 or PKCS#1 PEM) to brokers that ask for one.
    pub fn client_certificate(
        mut self,
        chain_pem: impl Into<Vec<u8>>,
        key_pem: impl Into<Vec<u8>>,
    ) -> Self {
        self.client = Some((chain_pem.into(), key_pem.into()));
        self
    }

    /// The rustls client configuration.
    ///
    /// # Errors
    /// [`MqttError::Config`] when the CA holds no certificate, a PEM block
    /// does not parse, or the client key does not match its certificate.
    pub fn client_config(&self) -> Result<rustls::ClientConfig, MqttError> {
        let bad = |what: &str| MqttError::Config(what.to_string());
        let mut roots = rustls::RootCertStore::empty();
        for cert in CertificateDer::pem_slice_iter(&self.ca) {
            let cert = cert.map_err(|_| bad("the CA file is not valid PEM"))?;
            roots
                .add(cert)
                .map_err(|e| bad(&format!("the CA certificate is not usable: {e}")))?;
        }
        if roots.is_empty() {
            return Err(bad("the CA file holds no certificate"));
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| bad(&format!("TLS: {e}")))?
            .with_root_certificates(roots);
        match &self.client {
            None => Ok(builder.with_no_client_auth()),
            Some((chain, key)) => {
                let chain = CertificateDer::pem_slice_iter(chain)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|_| bad("the client certificate is not valid PEM"))?;
                if chain.is_empty() {
                    return Err(bad("the client certificate file holds no certificate"));
                }
                let key = PrivateKeyDer::from_pem_slice(key)
                    .map_err(|_| bad("the client key is not a PEM private key"))?;
                builder
                    .with_client_auth_cert(chain, key)
                    .map_err(|e| bad(&format!("the client certificate: {e}")))
            }
        }
    }
}
