//! PEM and DER framing shared by the RSA, ECDSA and Ed25519 readers.
//!
//! Design note: the PEM label decides what a document is before a byte of
//! its body is decoded: `ENCRYPTED PRIVATE KEY` (and legacy
//! `Proc-Type: 4,ENCRYPTED` documents) is [`IssueError::Encrypted`], any
//! public key or certificate is [`IssueError::Mismatch`] ("a public key was
//! given where a private key is needed"), and an `EC PARAMETERS` block in
//! front of an `EC PRIVATE KEY` (what `openssl ecparam -genkey` writes) is
//! read for its curve and otherwise skipped. Each block is decoded by
//! `pem-rfc7468` and its DER by `pkcs8`/`pkcs1`/`sec1`; this module only
//! finds where blocks begin and end. The rejected alternative, each key
//! type calling its crate's `from_pkcs8_pem`, reports every wrong input as
//! the same opaque error and chokes on the `EC PARAMETERS` block.

use alloc::format;
use alloc::vec::Vec;

use pkcs8::PrivateKeyInfoRef;
use pkcs8::der::asn1::OctetStringRef;
use pkcs8::der::{Decode, Reader, SliceReader, pem};
use pkcs8::spki::{AlgorithmIdentifierRef, ObjectIdentifier, SubjectPublicKeyInfoRef};
use zeroize::Zeroizing;

use crate::error::IssueError;
use crate::jwk::PUBLIC_GIVEN;

/// The private-key framings this crate reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PemKind {
    /// `PRIVATE KEY`: PKCS#8 PrivateKeyInfo (RFC 5208 / 5958).
    Pkcs8,
    /// `RSA PRIVATE KEY`: PKCS#1 RSAPrivateKey (RFC 8017 A.1.2).
    #[cfg_attr(not(feature = "rsa"), allow(dead_code))]
    Pkcs1,
    /// `EC PRIVATE KEY`: SEC1 ECPrivateKey (RFC 5915).
    #[cfg_attr(not(feature = "ecdsa-any"), allow(dead_code))]
    Sec1,
}

/// A decoded private-key PEM document.
pub(crate) struct PrivatePem {
    /// Which framing the key block had.
    pub(crate) kind: PemKind,
    /// The key block's DER.
    pub(crate) der: Zeroizing<Vec<u8>>,
    /// The DER of an `EC PARAMETERS` block, if one came with the key.
    #[cfg_attr(not(feature = "ecdsa-any"), allow(dead_code))]
    pub(crate) ec_parameters: Option<Vec<u8>>,
}

const BEGIN: &str = "-----BEGIN ";
const DASHES: &str = "-----";

/// Splits `text` into PEM blocks (`-----BEGIN X-----` .. `-----END X-----`),
/// each handed whole to `pem-rfc7468`.
fn blocks(text: &str) -> Result<Vec<&str>, IssueError> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(BEGIN) {
        let from_begin = rest.get(start..).unwrap_or("");
        let after_begin = from_begin.get(BEGIN.len()..).unwrap_or("");
        let label_len = after_begin.find(DASHES).ok_or(IssueError::Malformed {
            reason: "a PEM BEGIN line is not terminated",
        })?;
        let label = after_begin.get(..label_len).unwrap_or("");
        let end_line = format!("-----END {label}-----");
        let end_at = from_begin.find(&end_line).ok_or(IssueError::Malformed {
            reason: "a PEM block has no matching END line",
        })?;
        let block_len = end_at.saturating_add(end_line.len());
        out.push(from_begin.get(..block_len).unwrap_or(""));
        rest = from_begin.get(block_len..).unwrap_or("");
    }
    Ok(out)
}

/// Legacy OpenSSL encryption puts RFC 1421 headers inside the PEM body.
fn looks_encrypted(block: &str) -> bool {
    block.contains("Proc-Type: 4,ENCRYPTED") || block.contains("DEK-Info:")
}

/// Reads a private-key PEM document: exactly one key block, optionally
/// preceded or followed by an `EC PARAMETERS` block.
pub(crate) fn decode_private(text: &str) -> Result<PrivatePem, IssueError> {
    let mut key: Option<(PemKind, Zeroizing<Vec<u8>>)> = None;
    let mut ec_parameters = None;
    let blocks = blocks(text)?;
    if blocks.is_empty() {
        return Err(IssueError::Malformed {
            reason: "not a PEM document (RFC 7468)",
        });
    }
    for block in blocks {
        if looks_encrypted(block) {
            return Err(IssueError::Encrypted);
        }
        let label = pem::decode_label(block.as_bytes()).map_err(|_| IssueError::Malformed {
            reason: "not a PEM document (RFC 7468)",
        })?;
        let kind = match label {
            "PRIVATE KEY" => PemKind::Pkcs8,
            "RSA PRIVATE KEY" => PemKind::Pkcs1,
            "EC PRIVATE KEY" => PemKind::Sec1,
            "EC PARAMETERS" => {
                let (_, der) =
                    pem::decode_vec(block.as_bytes()).map_err(|_| IssueError::Malformed {
                        reason: "the EC PARAMETERS block is not valid PEM",
                    })?;
                ec_parameters = Some(der);
                continue;
            }
            "ENCRYPTED PRIVATE KEY" => return Err(IssueError::Encrypted),
            "PUBLIC KEY" | "RSA PUBLIC KEY" | "EC PUBLIC KEY" => {
                return Err(IssueError::Mismatch {
                    reason: PUBLIC_GIVEN,
                });
            }
            "CERTIFICATE" | "TRUSTED CERTIFICATE" | "X509 CERTIFICATE" => {
                return Err(IssueError::Mismatch {
                    reason: "a certificate (which holds a public key) was given where a private key is needed",
                });
            }
            "OPENSSH PRIVATE KEY" => {
                return Err(IssueError::Unsupported {
                    reason: "OpenSSH private keys are not read; convert with `ssh-keygen -p -m PKCS8 -f FILE`",
                });
            }
            _ => {
                return Err(IssueError::Malformed {
                    reason: "unexpected PEM label for a private key",
                });
            }
        };
        if key.is_some() {
            return Err(IssueError::Malformed {
                reason: "the PEM text holds more than one key",
            });
        }
        let (_, der) = pem::decode_vec(block.as_bytes()).map_err(|_| IssueError::Malformed {
            reason: "the PEM body is not valid base64",
        })?;
        key = Some((kind, Zeroizing::new(der)));
    }
    let (kind, der) = key.ok_or(IssueError::Malformed {
        reason: "the PEM text holds no private key",
    })?;
    Ok(PrivatePem {
        kind,
        der,
        ec_parameters,
    })
}

/// Password-based encryption schemes (PKCS#5 `1.2.840.113549.1.5.*`,
/// PKCS#12 `1.2.840.113549.1.12.*`) that head an EncryptedPrivateKeyInfo.
fn is_encrypted_private_key_info(der: &[u8]) -> bool {
    let Ok(mut reader) = SliceReader::new(der) else {
        return false;
    };
    let oid: Result<ObjectIdentifier, pkcs8::der::Error> = reader.sequence(|r| {
        let alg: AlgorithmIdentifierRef<'_> = r.decode()?;
        let _data: &OctetStringRef = r.decode()?;
        Ok(alg.oid)
    });
    oid.is_ok_and(|oid| {
        let arcs = oid.as_bytes();
        // DER of 1.2.840.113549.1.5 and 1.2.840.113549.1.12 prefixes.
        arcs.starts_with(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05])
            || arcs.starts_with(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c])
    })
}

/// Explains why `der` is not the private key that was expected.
pub(crate) fn diagnose(der: &[u8], reason: &'static str) -> IssueError {
    if SubjectPublicKeyInfoRef::from_der(der).is_ok() {
        IssueError::Mismatch {
            reason: PUBLIC_GIVEN,
        }
    } else if is_encrypted_private_key_info(der) {
        IssueError::Encrypted
    } else {
        IssueError::Malformed { reason }
    }
}

/// Reads a DER PKCS#8 PrivateKeyInfo, with a precise error for public keys
/// and encrypted keys.
pub(crate) fn private_key_info(der: &[u8]) -> Result<PrivateKeyInfoRef<'_>, IssueError> {
    PrivateKeyInfoRef::from_der(der).map_err(|_| diagnose(der, "not a DER PKCS#8 PrivateKeyInfo"))
}

/// The algorithm OIDs a PKCS#8 key may carry, named for error messages.
pub(crate) const RSA_ENCRYPTION: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
/// `id-RSASSA-PSS`.
pub(crate) const ID_RSASSA_PSS: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
/// `id-ecPublicKey`.
pub(crate) const ID_EC_PUBLIC_KEY: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
/// `id-Ed25519`.
pub(crate) const ID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
/// `id-Ed448`.
pub(crate) const ID_ED448: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.113");

/// Checks a PKCS#8 key's algorithm against the expected one.
pub(crate) fn expect_algorithm(
    info: &PrivateKeyInfoRef<'_>,
    expected: ObjectIdentifier,
) -> Result<(), IssueError> {
    let oid = info.algorithm.oid;
    if oid == expected {
        return Ok(());
    }
    Err(IssueError::Mismatch {
        reason: match oid {
            RSA_ENCRYPTION | ID_RSASSA_PSS => {
                "an RSA key was given where another key type is needed"
            }
            ID_EC_PUBLIC_KEY => "an EC key was given where another key type is needed",
            ID_ED25519 => "an Ed25519 key was given where another key type is needed",
            ID_ED448 => "an Ed448 key was given (not supported)",
            _ => "the PKCS#8 key's algorithm does not fit this key type",
        },
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    fn err(text: &str) -> IssueError {
        match decode_private(text) {
            Ok(_) => panic!("accepted {text:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn labels_decide_before_bodies() {
        // Bodies are not base64 at all: the label alone decides.
        assert_eq!(
            err("-----BEGIN ENCRYPTED PRIVATE KEY-----\n!!\n-----END ENCRYPTED PRIVATE KEY-----\n"),
            IssueError::Encrypted
        );
        for label in ["PUBLIC KEY", "RSA PUBLIC KEY"] {
            let pem = format!("-----BEGIN {label}-----\n!!\n-----END {label}-----\n");
            assert_eq!(
                err(&pem),
                IssueError::Mismatch {
                    reason: PUBLIC_GIVEN
                }
            );
        }
        assert!(matches!(
            err("-----BEGIN OPENSSH PRIVATE KEY-----\n!!\n-----END OPENSSH PRIVATE KEY-----\n"),
            IssueError::Unsupported { .. }
        ));
    }

    #[test]
    fn legacy_encryption_headers() {
        let pem = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n";
        assert_eq!(err(pem), IssueError::Encrypted);
    }

    #[test]
    fn malformed_inputs() {
        assert_eq!(
            err("not pem"),
            IssueError::Malformed {
                reason: "not a PEM document (RFC 7468)"
            }
        );
        assert_eq!(
            err("-----BEGIN PRIVATE KEY-----\nAAAA\n"),
            IssueError::Malformed {
                reason: "a PEM block has no matching END line"
            }
        );
        assert_eq!(
            err("-----BEGIN PRIVATE KEY-----\n%%%%\n-----END PRIVATE KEY-----\n"),
            IssueError::Malformed {
                reason: "the PEM body is not valid base64"
            }
        );
        let two = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        assert_eq!(
            err(two),
            IssueError::Malformed {
                reason: "the PEM text holds more than one key"
            }
        );
    }

    #[test]
    fn ec_parameters_block_is_kept_aside() {
        // P-256's named-curve OID as EC PARAMETERS, then a (dummy) key body.
        let pem = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n";
        let doc = decode_private(pem).unwrap();
        assert_eq!(doc.kind, PemKind::Sec1);
        assert_eq!(doc.ec_parameters.unwrap()[..2], [0x06, 0x08]);
        assert_eq!(&doc.der[..], &[0, 0, 0]);
    }
}
