//! What kind of asymmetric key a DER structure holds, named from its OIDs.
//!
//! Design note: the algorithm identifier of an SPKI or PKCS#8 document is
//! read once, here, and every key the workspace cannot use gets its own
//! message (secp256k1, Ed448, X25519, DSA, ML-DSA, explicit curve
//! parameters...). The rejected alternative, probing each key constructor
//! in turn, reports the last probe's mismatch ("an EC key was given where
//! an RSA key is needed") instead of the real cause.

use der::asn1::{AnyRef, ObjectIdentifier as Oid};
use der::{Tag, Tagged};
use jwt_core::Algorithm;

use crate::error::KeyError;

/// The NIST curves the workspace verifies and signs with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EcCurve {
    /// P-256 (secp256r1), for ES256.
    P256,
    /// P-384 (secp384r1), for ES384.
    P384,
    /// P-521 (secp521r1), for ES512.
    P521,
}

/// The usable asymmetric key types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyKind {
    /// An RSA key (RS256/384/512, PS256/384/512).
    Rsa,
    /// An EC key on one NIST curve (one ES* algorithm).
    Ec(EcCurve),
    /// An Ed25519 key (EdDSA).
    Ed25519,
}

/// RS256..RS512 and PS256..PS512: the six after the three HMAC entries of
/// `Algorithm::ALL` (its order is stable and documented).
const RSA_ALGS: &[Algorithm] = Algorithm::ALL.split_at(3).1.split_at(6).0;

impl KeyKind {
    /// Every JWS algorithm a key of this kind can serve.
    pub fn algorithms(self) -> &'static [Algorithm] {
        match self {
            Self::Rsa => RSA_ALGS,
            Self::Ec(EcCurve::P256) => &[Algorithm::ES256],
            Self::Ec(EcCurve::P384) => &[Algorithm::ES384],
            Self::Ec(EcCurve::P521) => &[Algorithm::ES512],
            Self::Ed25519 => &[Algorithm::EdDSA],
        }
    }

    /// Whether a key of this kind can serve `alg`.
    pub fn fits(self, alg: Algorithm) -> bool {
        self.algorithms().contains(&alg)
    }

    /// A short human name ("RSA", "EC P-256", "Ed25519").
    pub fn name(self) -> &'static str {
        match self {
            Self::Rsa => "RSA",
            Self::Ec(EcCurve::P256) => "EC P-256",
            Self::Ec(EcCurve::P384) => "EC P-384",
            Self::Ec(EcCurve::P521) => "EC P-521",
            Self::Ed25519 => "Ed25519",
        }
    }
}

pub(crate) const RSA_ENCRYPTION: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
pub(crate) const RSASSA_PSS: Oid = Oid::new_unwrap("1.2.840.113549.1.1.10");
pub(crate) const EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
const ED25519: Oid = Oid::new_unwrap("1.3.101.112");
const ED448: Oid = Oid::new_unwrap("1.3.101.113");
const X25519: Oid = Oid::new_unwrap("1.3.101.110");
const X448: Oid = Oid::new_unwrap("1.3.101.111");
const DSA: Oid = Oid::new_unwrap("1.2.840.10040.4.1");
const DH: Oid = Oid::new_unwrap("1.2.840.10046.2.1");
const P256: Oid = Oid::new_unwrap("1.2.840.10045.3.1.7");
const P384: Oid = Oid::new_unwrap("1.3.132.0.34");
const P521: Oid = Oid::new_unwrap("1.3.132.0.35");
const SECP256K1: Oid = Oid::new_unwrap("1.3.132.0.10");
const P192: Oid = Oid::new_unwrap("1.2.840.10045.3.1.1");
const P224: Oid = Oid::new_unwrap("1.3.132.0.33");
/// id-ml-dsa-44/65/87 and id-slh-dsa-* live under this arc (FIPS 204/205).
const NIST_SIG_ARC: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03];

/// Names the key type of an algorithm identifier (`params` are the
/// identifier's parameters; for SEC1 keys, the curve from `[0]`).
pub(crate) fn classify(alg: Oid, params: Option<AnyRef<'_>>) -> Result<KeyKind, KeyError> {
    let unsupported = |reason| Err(KeyError::Unsupported { reason });
    match alg {
        RSA_ENCRYPTION => Ok(KeyKind::Rsa),
        RSASSA_PSS => match params {
            // A PSS-restricted key without parameters can serve PS*.
            None => Ok(KeyKind::Rsa),
            Some(_) => unsupported("RSASSA-PSS keys with restricting parameters"),
        },
        EC_PUBLIC_KEY => match params {
            Some(p) if p.tag() == Tag::ObjectIdentifier => {
                let curve = p.decode_as::<Oid>().map_err(|_| KeyError::Malformed {
                    reason: "EC curve identifier is not a valid OID",
                })?;
                curve_kind(curve)
            }
            Some(p) if p.tag() == Tag::Sequence => {
                unsupported("EC key with explicit curve parameters (only named curves are read)")
            }
            Some(_) => unsupported("EC key with implicit curve parameters"),
            None => Err(KeyError::Malformed {
                reason: "EC key without a curve",
            }),
        },
        ED25519 => Ok(KeyKind::Ed25519),
        ED448 => unsupported("Ed448 (only Ed25519 is supported for EdDSA)"),
        X25519 => unsupported("X25519 is a key-agreement key, not a signing key"),
        X448 => unsupported("X448 is a key-agreement key, not a signing key"),
        DSA => unsupported("DSA keys (not a JWS algorithm)"),
        DH => unsupported("Diffie-Hellman keys (not a signing key)"),
        oid if oid.as_bytes().starts_with(NIST_SIG_ARC) => {
            unsupported("ML-DSA / SLH-DSA keys (not yet a JWS algorithm here)")
        }
        _ => unsupported("unknown key algorithm OID"),
    }
}

/// Names a named curve.
pub(crate) fn curve_kind(curve: Oid) -> Result<KeyKind, KeyError> {
    let unsupported = |reason| Err(KeyError::Unsupported { reason });
    match curve {
        P256 => Ok(KeyKind::Ec(EcCurve::P256)),
        P384 => Ok(KeyKind::Ec(EcCurve::P384)),
        P521 => Ok(KeyKind::Ec(EcCurve::P521)),
        SECP256K1 => unsupported("secp256k1 (ES256K is not supported)"),
        P192 => unsupported("EC curve P-192 (too weak; not a JWS curve)"),
        P224 => unsupported("EC curve P-224 (not a JWS curve)"),
        _ => unsupported("EC curve other than P-256, P-384 or P-521"),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn rsa_serves_all_six_rsa_algorithms_and_curves_one_each() {
        assert_eq!(
            KeyKind::Rsa.algorithms(),
            [
                Algorithm::RS256,
                Algorithm::RS384,
                Algorithm::RS512,
                Algorithm::PS256,
                Algorithm::PS384,
                Algorithm::PS512
            ]
        );
        assert!(KeyKind::Rsa.fits(Algorithm::PS512));
        assert!(!KeyKind::Rsa.fits(Algorithm::HS256));
        assert!(KeyKind::Ec(EcCurve::P384).fits(Algorithm::ES384));
        assert!(!KeyKind::Ec(EcCurve::P384).fits(Algorithm::ES256));
        assert!(KeyKind::Ed25519.fits(Algorithm::EdDSA));
    }

    #[test]
    fn unsupported_keys_are_named() {
        for (oid, word) in [
            (ED448, "Ed448"),
            (X25519, "X25519"),
            (DSA, "DSA"),
            (Oid::new_unwrap("2.16.840.1.101.3.4.3.18"), "ML-DSA"),
        ] {
            match classify(oid, None) {
                Err(KeyError::Unsupported { reason }) => assert!(reason.contains(word), "{reason}"),
                other => panic!("{oid}: {other:?}"),
            }
        }
        match curve_kind(SECP256K1) {
            Err(KeyError::Unsupported { reason }) => assert!(reason.contains("secp256k1")),
            other => panic!("{other:?}"),
        }
    }
}
