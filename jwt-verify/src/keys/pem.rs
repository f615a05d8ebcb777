//! PEM and SPKI framing shared by the RSA, ECDSA and Ed25519 readers.
//!
//! Design note: the PEM label decides what a document is before a single
//! byte of its body is decoded, so a private key handed to a public-key
//! constructor is refused without its secret ever being base64-decoded into
//! memory, and an encrypted key gets its own error instead of a confusing
//! "malformed". Framing (RFC 7468 PEM, RFC 5280 SubjectPublicKeyInfo) is
//! read with the RustCrypto `pkcs8`/`spki`/`der` crates. The rejected
//! alternative, each key type calling its crate's own `from_public_key_pem`,
//! reports every wrong input as the same opaque decoding error and decodes
//! private keys just to refuse them.

use alloc::vec::Vec;

use pkcs8::der::Decode;
use pkcs8::der::pem;
use pkcs8::spki::{ObjectIdentifier, SubjectPublicKeyInfoRef};

use crate::error::KeyError;

/// Which framing a PEM document carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PemKind {
    /// `PUBLIC KEY`: an X.509 SubjectPublicKeyInfo.
    Spki,
    /// `RSA PUBLIC KEY`: a PKCS#1 RSAPublicKey.
    #[cfg_attr(not(feature = "rsa"), allow(dead_code))]
    Pkcs1,
}

const SPKI_LABEL: &str = "PUBLIC KEY";
const PKCS1_LABEL: &str = "RSA PUBLIC KEY";

/// Decodes a PEM public key whose label is one of the `accepted` kinds.
///
/// Labels are sorted into errors before the body is decoded:
/// `ENCRYPTED PRIVATE KEY` (and legacy `Proc-Type: 4,ENCRYPTED` documents)
/// is [`KeyError::Encrypted`]; any other `... PRIVATE KEY` is
/// [`KeyError::Mismatch`]; a certificate is [`KeyError::Unsupported`].
pub(crate) fn decode_public(
    pem_text: &str,
    accepted: &[PemKind],
) -> Result<(PemKind, Vec<u8>), KeyError> {
    let label = match pem::decode_label(pem_text.as_bytes()) {
        Ok(label) => label,
        Err(_) if looks_encrypted(pem_text) => return Err(KeyError::Encrypted),
        Err(_) => {
            return Err(KeyError::Malformed {
                reason: "not a PEM document (RFC 7468)",
            });
        }
    };
    let kind = match label {
        SPKI_LABEL => PemKind::Spki,
        PKCS1_LABEL => PemKind::Pkcs1,
        "ENCRYPTED PRIVATE KEY" => return Err(KeyError::Encrypted),
        l if l.ends_with("PRIVATE KEY") => {
            return Err(if looks_encrypted(pem_text) {
                KeyError::Encrypted
            } else {
                KeyError::Mismatch {
                    reason: "expected a public key, found a private key",
                }
            });
        }
        "CERTIFICATE" | "TRUSTED CERTIFICATE" | "X509 CERTIFICATE" => {
            return Err(KeyError::Unsupported {
                reason: "certificates are not read; extract the PUBLIC KEY",
            });
        }
        _ => {
            return Err(KeyError::Malformed {
                reason: "unexpected PEM label for a public key",
            });
        }
    };
    if !accepted.contains(&kind) {
        return Err(KeyError::Mismatch {
            reason: match kind {
                PemKind::Spki => "expected an RSA PUBLIC KEY (PKCS#1) PEM, found PUBLIC KEY (SPKI)",
                PemKind::Pkcs1 => "expected a PUBLIC KEY (SPKI) PEM, found RSA PUBLIC KEY (PKCS#1)",
            },
        });
    }
    let (_, der) = pem::decode_vec(pem_text.as_bytes()).map_err(|_| KeyError::Malformed {
        reason: "PEM body is not valid base64",
    })?;
    Ok((kind, der))
}

/// Legacy OpenSSL encryption puts RFC 1421 headers inside the PEM body.
fn looks_encrypted(pem_text: &str) -> bool {
    pem_text.contains("Proc-Type: 4,ENCRYPTED") || pem_text.contains("DEK-Info:")
}

/// The parts of a SubjectPublicKeyInfo a key reader needs (each field is
/// read by at least one of the RSA, EC and Ed25519 readers).
#[cfg_attr(
    not(all(feature = "rsa", feature = "ecdsa-any", feature = "eddsa")),
    allow(dead_code)
)]
pub(crate) struct Spki<'a> {
    /// The algorithm OID (`rsaEncryption`, `id-ecPublicKey`, `id-Ed25519`...).
    pub(crate) algorithm: ObjectIdentifier,
    /// The parameters, when they are an OID (the named curve for EC keys).
    pub(crate) parameters_oid: Option<ObjectIdentifier>,
    /// Whether parameters are present at all.
    pub(crate) has_parameters: bool,
    /// Whether the parameters are present and the ASN.1 NULL.
    pub(crate) parameters_null: bool,
    /// The subjectPublicKey BIT STRING contents (no unused bits).
    pub(crate) key: &'a [u8],
}

/// Reads a DER SubjectPublicKeyInfo (RFC 5280 4.1.2.7).
pub(crate) fn parse_spki(der: &[u8]) -> Result<Spki<'_>, KeyError> {
    let spki = SubjectPublicKeyInfoRef::from_der(der).map_err(|_| KeyError::Malformed {
        reason: "not a DER SubjectPublicKeyInfo",
    })?;
    let key = spki
        .subject_public_key
        .as_bytes()
        .ok_or(KeyError::Malformed {
            reason: "subjectPublicKey has unused bits",
        })?;
    let params = spki.algorithm.parameters;
    Ok(Spki {
        algorithm: spki.algorithm.oid,
        parameters_oid: params.and_then(|p| p.decode_as::<ObjectIdentifier>().ok()),
        has_parameters: params.is_some(),
        parameters_null: params.is_some_and(|p| p.is_null()),
        key,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encrypted_pkcs8_is_encrypted() {
        let pem =
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n";
        assert_eq!(
            decode_public(pem, &[PemKind::Spki]),
            Err(KeyError::Encrypted)
        );
    }

    #[test]
    fn legacy_encrypted_rsa_key_is_encrypted() {
        let pem = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00000000000000000000000000000000\n\nAAAA\n-----END RSA PRIVATE KEY-----\n";
        assert_eq!(
            decode_public(pem, &[PemKind::Spki]),
            Err(KeyError::Encrypted)
        );
    }

    #[test]
    fn private_key_label_is_a_mismatch_and_its_body_is_not_decoded() {
        // The body is not even base64: the label alone decides.
        for label in [
            "PRIVATE KEY",
            "RSA PRIVATE KEY",
            "EC PRIVATE KEY",
            "OPENSSH PRIVATE KEY",
        ] {
            let pem = alloc::format!("-----BEGIN {label}-----\n!!!!\n-----END {label}-----\n");
            assert!(
                matches!(
                    decode_public(&pem, &[PemKind::Spki]),
                    Err(KeyError::Mismatch { .. })
                ),
                "{label}"
            );
        }
    }

    #[test]
    fn certificate_is_unsupported_and_garbage_is_malformed() {
        let pem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        assert!(matches!(
            decode_public(pem, &[PemKind::Spki]),
            Err(KeyError::Unsupported { .. })
        ));
        assert!(matches!(
            decode_public("not pem", &[PemKind::Spki]),
            Err(KeyError::Malformed { .. })
        ));
    }

    #[test]
    fn wrong_public_label_is_a_mismatch() {
        let pem = "-----BEGIN RSA PUBLIC KEY-----\nAAAA\n-----END RSA PUBLIC KEY-----\n";
        assert!(matches!(
            decode_public(pem, &[PemKind::Spki]),
            Err(KeyError::Mismatch { .. })
        ));
    }
}
