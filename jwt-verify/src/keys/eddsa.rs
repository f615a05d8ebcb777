//! EdDSA (Ed25519) public keys (RFC 8037).
//!
//! Design note: [`EdDsaVerifyingKey`] accepts exactly the signatures
//! `ed25519-dalek`'s `verify_strict` accepts (with its default rule
//! `s < L`, not `legacy_compatibility`), which refuses small-order `R`
//! and public keys and non-canonical `s` and `R`, so a signature has one
//! valid encoding and a weak key cannot produce "signatures" that verify
//! for many messages. Import applies the key rules up front: a public key
//! that is not a canonical encoding of a curve point, or has small order, is
//! [`KeyError::KeyRejected`] rather than a key that would later fail every
//! token. The decompressed point is kept, so a token costs no point
//! decompression for the key. Only Ed25519 is supported; Ed448 JWKs are
//! [`KeyError::Unsupported`]. The rejected alternative, plain `verify`
//! (cofactorless, accepts weak keys), follows RFC 8032 loosely enough that
//! implementations disagree on which signatures are valid.
//!
//! Verification runs RFC 8032 5.1.7 on `curve25519-dalek` directly rather
//! than through `verify_strict`, to skip work that cannot change the
//! answer. `verify_strict` decompresses `R` (a field square root) only to
//! test it for small order, then compares the encoding of
//! `R' = [s]B - [k]A` with `R`'s bytes. Since `R'` encodes canonically,
//! `R`'s bytes can only match if they are the canonical encoding of a
//! point, and then that point is `R'`; so decoding `R` is redundant, and the
//! small-order test becomes a lookup of `R`'s bytes among the eight
//! canonical small-order encodings (a non-canonical one never matches the
//! final comparison anyway). That saves a square root and two cofactor
//! multiplications per token (about 15%). The unit tests check agreement
//! with `verify_strict` on valid, corrupted and crafted signatures, with
//! and without tables. Everything here runs in variable time, which is
//! fine: the key, the token and the signature are all public.
//!
//! With the `std` feature (servers and gateways, which see the same keys
//! again and again), import also precomputes width-8 NAF tables of odd
//! multiples of `B` and `-A` (`VartimeEdwardsPrecomputation`), shared by
//! clones through an `Arc`, so a token needs neither the per-call width-5
//! tables nor as many point additions (BENCHMARKS.md has the figures).
//! The cost is about 20 KiB per key with the AVX2 backend (15 KiB on the
//! serial one) and some work at import (the serial backend converts each
//! entry to affine form, one field inversion apiece). Without `std`
//! (firmware) the key stays at 192 bytes plus
//! the `kid` and multiplies with `vartime_double_scalar_mul_basepoint`.
//! Per-key tables cannot remove any of the 256 doublings, which dominate;
//! that is why the gain is modest.

use alloc::string::String;
use alloc::sync::Arc;
use core::fmt;

use curve25519_dalek::constants::ED25519_BASEPOINT_POINT;
use curve25519_dalek::edwards::{EdwardsPoint, VartimeEdwardsPrecomputation};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::VartimePrecomputedMultiscalarMul;
use ed25519_dalek::PUBLIC_KEY_LENGTH;
use jwt_core::{Algorithm, VerifyError};
use pkcs8::spki::ObjectIdentifier;
use sha2::{Digest, Sha512};

use super::pem::{self, PemKind};
use crate::error::KeyError;
use crate::key::VerifyingKey;

const ID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");

/// Whether import precomputes the per-key tables (see the module note).
const PRECOMPUTE_TABLES: bool = cfg!(feature = "std");

/// An Ed25519 public key, pinned to `EdDSA`.
///
/// With the `std` feature the key holds precomputed tables for its point
/// (about 20 KiB, shared by clones) that make each verification faster;
/// without it, 192 bytes plus the `kid`.
#[derive(Clone)]
pub struct EdDsaVerifyingKey {
    key: ed25519_dalek::VerifyingKey,
    /// Tables for the static points `[B, -A]`, if precomputed.
    tables: Option<Arc<VartimeEdwardsPrecomputation>>,
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
        // A key with a torsion component (A + T, T of small order) makes
        // verifiers that check [8][S]B = [8]R + [8][k]A and those that check
        // [S]B = R + [k]A disagree on which signatures it accepts; refusing
        // such keys makes every strict verifier agree.
        if !key.to_edwards().is_torsion_free() {
            return Err(KeyError::KeyRejected {
                reason: "Ed25519 public key has a torsion component",
            });
        }
        let tables = PRECOMPUTE_TABLES.then(|| Arc::new(Self::precompute(&key)));
        Ok(Self {
            key,
            tables,
            kid: None,
        })
    }

    /// Width-8 NAF tables of `B` and `-A`, in that order.
    fn precompute(key: &ed25519_dalek::VerifyingKey) -> VartimeEdwardsPrecomputation {
        #[allow(
            clippy::arithmetic_side_effects,
            reason = "negating a curve point is a group operation; nothing overflows"
        )]
        let minus_a = -key.to_edwards();
        VartimeEdwardsPrecomputation::new([ED25519_BASEPOINT_POINT, minus_a])
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
        // RFC 8032 5.1.7 with `verify_strict`'s rules; see the module note.
        let (r, s) = signature
            .split_first_chunk::<32>()
            .ok_or(VerifyError::InvalidSignature)?;
        let s: [u8; 32] = s.try_into().map_err(|_| VerifyError::InvalidSignature)?;
        // s must be canonical (< L): the classic malleability.
        let s = Option::<Scalar>::from(Scalar::from_canonical_bytes(s))
            .ok_or(VerifyError::InvalidSignature)?;
        if SMALL_ORDER_ENCODINGS.contains(r) {
            return Err(VerifyError::InvalidSignature);
        }
        let k: [u8; 64] = Sha512::new()
            .chain_update(r)
            .chain_update(self.key.as_bytes())
            .chain_update(signing_input)
            .finalize()
            .into();
        let k = Scalar::from_bytes_mod_order_wide(&k);
        // [s]B + [k](-A).
        let expected_r = match &self.tables {
            Some(tables) => tables.vartime_multiscalar_mul([&s, &k]),
            None => {
                #[allow(
                    clippy::arithmetic_side_effects,
                    reason = "negating a curve point is a group operation; nothing overflows"
                )]
                let minus_a = -self.key.to_edwards();
                EdwardsPoint::vartime_double_scalar_mul_basepoint(&k, &minus_a, &s)
            }
        };
        if expected_r.compress().as_bytes() == r {
            Ok(())
        } else {
            Err(VerifyError::InvalidSignature)
        }
    }
}

/// The canonical encodings of the eight points of small order (the
/// 8-torsion subgroup). `R` with one of these is refused, as
/// `verify_strict` refuses any `R` that decodes to a small-order point;
/// other encodings of those points are non-canonical and never equal the
/// encoding of `[s]B - [k]A`, so they fail the final comparison.
const SMALL_ORDER_ENCODINGS: [[u8; 32]; 8] = [
    // Identity (0, 1).
    [
        0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0,
    ],
    // (0, -1), order 2.
    [
        0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0x7f,
    ],
    // (+-sqrt(-1), 0), order 4.
    [0; 32],
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0x80,
    ],
    // Order 8.
    [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67,
        0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac,
        0x03, 0x7a,
    ],
    [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67,
        0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac,
        0x03, 0xfa,
    ],
    [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98,
        0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53,
        0xfc, 0x05,
    ],
    [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98,
        0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53,
        0xfc, 0x85,
    ],
];

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use alloc::vec::Vec;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use curve25519_dalek::edwards::CompressedEdwardsY;
    use curve25519_dalek::traits::IsIdentity;
    use ed25519_dalek::{Signature, Signer};

    fn b64(s: &str) -> Vec<u8> {
        URL_SAFE_NO_PAD.decode(s).unwrap()
    }

    /// RFC 8037 appendix A.4 / A.5 (jose-cookbook curve25519/jws.json).
    #[test]
    fn rfc8037_a4_verifies() {
        let v: serde_json::Value = serde_json::from_str(include_str!(
            "../../../vectors/jose-cookbook/curve25519/jws.json"
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

    /// l = 2^252 + 27742317777372353535851937790883648493, little-endian.
    const L: [u8; 32] = [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde,
        0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
    ];

    /// Deterministic test bytes: SHA-512 of a label and a counter.
    fn det_bytes<const N: usize>(label: &str, i: u64) -> [u8; N] {
        let mut out = [0u8; N];
        for (block, chunk) in (0u64..).zip(out.chunks_mut(64)) {
            let h = Sha512::new()
                .chain_update(label.as_bytes())
                .chain_update(i.to_le_bytes())
                .chain_update(block.to_le_bytes())
                .finalize();
            chunk.copy_from_slice(&h[..chunk.len()]);
        }
        out
    }

    /// Verifies with our key and with `verify_strict`, asserts that they
    /// agree, and returns the verdict. `None` when `pk` is not a key either
    /// side accepts (then both must refuse it).
    fn agree(pk: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> Option<bool> {
        let ours = EdDsaVerifyingKey::from_bytes(pk);
        let theirs = ed25519_dalek::VerifyingKey::from_bytes(pk);
        let Ok(ours) = ours else {
            // Ours refuses more keys (small order, mixed order,
            // non-canonical) than `from_bytes`; `verify_strict` refuses
            // every signature under a small-order key, and a mixed-order
            // key is refused outright here so that no two strict
            // verifiers disagree about it.
            if let Ok(theirs) = theirs {
                let point = theirs.to_edwards();
                let canonical = point.compress().as_bytes() == pk;
                assert!(
                    !canonical || theirs.is_weak() || !point.is_torsion_free(),
                    "key {pk:02x?}"
                );
            }
            return None;
        };
        let theirs = theirs.unwrap();
        let b = theirs
            .verify_strict(msg, &Signature::from_bytes(sig))
            .is_ok();
        for key in [ours.clone().tables(true), ours.tables(false)] {
            let tables = key.tables.is_some();
            let a = key.verify_signature(msg, sig).is_ok();
            assert_eq!(
                a, b,
                "tables {tables} key {pk:02x?} msg {msg:02x?} sig {sig:02x?}"
            );
        }
        Some(b)
    }

    impl EdDsaVerifyingKey {
        /// The same key with or without precomputed tables.
        fn tables(mut self, on: bool) -> Self {
            self.tables = on.then(|| Arc::new(Self::precompute(&self.key)));
            self
        }
    }

    #[test]
    fn tables_follow_std() {
        let sk = ed25519_dalek::SigningKey::from_bytes(&[9u8; 32]);
        let key = EdDsaVerifyingKey::from_bytes(sk.verifying_key().as_bytes()).unwrap();
        assert_eq!(key.tables.is_some(), cfg!(feature = "std"));
        // Clones share the tables.
        let clone = key.clone().with_kid("k");
        if let (Some(a), Some(b)) = (&key.tables, &clone.tables) {
            assert!(Arc::ptr_eq(a, b));
        }
    }

    fn add_le(a: &[u8; 32], b: &[u8; 32]) -> Option<[u8; 32]> {
        let mut out = [0u8; 32];
        let mut carry = 0u16;
        for i in 0..32 {
            let v = u16::from(a[i]) + u16::from(b[i]) + carry;
            out[i] = v.to_le_bytes()[0];
            carry = v >> 8;
        }
        (carry == 0).then_some(out)
    }

    fn hram(r: &[u8], a: &[u8], msg: &[u8]) -> Scalar {
        let h: [u8; 64] = Sha512::new()
            .chain_update(r)
            .chain_update(a)
            .chain_update(msg)
            .finalize()
            .into();
        Scalar::from_bytes_mod_order_wide(&h)
    }

    fn small_order_points() -> Vec<EdwardsPoint> {
        SMALL_ORDER_ENCODINGS
            .iter()
            .map(|e| CompressedEdwardsY(*e).decompress().unwrap())
            .collect()
    }

    /// Regression (issue 11): a public key with a torsion component,
    /// A + T for a point T of order 8, was accepted.
    #[test]
    fn keys_with_a_torsion_component_are_refused() {
        let sk = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
        let a = sk.verifying_key().to_edwards();
        for t in small_order_points().iter().skip(1) {
            #[allow(clippy::arithmetic_side_effects)]
            let mixed = (a + t).compress();
            assert_eq!(
                EdDsaVerifyingKey::from_bytes(mixed.as_bytes()).err(),
                Some(KeyError::KeyRejected {
                    reason: "Ed25519 public key has a torsion component"
                })
            );
        }
        assert!(EdDsaVerifyingKey::from_bytes(&a.compress().to_bytes()).is_ok());
    }

    /// The table is the whole 8-torsion subgroup, canonically encoded.
    #[test]
    fn small_order_table_is_the_torsion_subgroup() {
        let points = small_order_points();
        for (p, e) in points.iter().zip(SMALL_ORDER_ENCODINGS) {
            assert!(p.is_small_order());
            assert_eq!(p.compress().to_bytes(), e, "not canonical");
        }
        // Eight distinct small-order points: the subgroup has exactly 8.
        for (i, p) in points.iter().enumerate() {
            for q in &points[i + 1..] {
                assert_ne!(p, q);
            }
        }
        // Closed under addition, so it is the subgroup, not a coincidence.
        for p in &points {
            for q in &points {
                let e = (p + q).compress().to_bytes();
                assert!(SMALL_ORDER_ENCODINGS.contains(&e));
            }
        }
    }

    /// Random keys and messages: valid signatures, corrupted ones (every
    /// bit of R and of s flipped, s + l, s = l), and a wrong key.
    #[test]
    fn agrees_with_verify_strict_on_random_and_corrupted() {
        for i in 0..6u64 {
            let sk = ed25519_dalek::SigningKey::from_bytes(&det_bytes("seed", i));
            let pk = sk.verifying_key().to_bytes();
            let len = usize::from(det_bytes::<1>("len", i)[0]);
            let msg: [u8; 256] = det_bytes("msg", i);
            let msg = &msg[..len];
            let sig = sk.sign(msg).to_bytes();
            assert_eq!(agree(&pk, msg, &sig), Some(true));
            assert_eq!(agree(&pk, b"other message", &sig), Some(false));
            for bit in 0..512 {
                let mut bad = sig;
                bad[bit / 8] ^= 1 << (bit % 8);
                assert_eq!(agree(&pk, msg, &bad), Some(false), "bit {bit}");
            }
            let s: [u8; 32] = sig[32..].try_into().unwrap();
            let mut bad = sig;
            bad[32..].copy_from_slice(&add_le(&s, &L).unwrap());
            assert_eq!(agree(&pk, msg, &bad), Some(false), "s + l");
            bad[32..].copy_from_slice(&L);
            assert_eq!(agree(&pk, msg, &bad), Some(false), "s = l");
            bad[32..].copy_from_slice(&[0xff; 32]);
            assert_eq!(agree(&pk, msg, &bad), Some(false), "s = 2^256 - 1");
            let other = ed25519_dalek::SigningKey::from_bytes(&det_bytes("other", i));
            let other = other.verifying_key().to_bytes();
            assert_eq!(agree(&other, msg, &sig), Some(false), "wrong key");
        }
    }

    /// R that is small-order, non-canonical or not a point, with a valid s.
    #[test]
    fn agrees_with_verify_strict_on_bad_r() {
        let sk = ed25519_dalek::SigningKey::from_bytes(&[9u8; 32]);
        let pk = sk.verifying_key().to_bytes();
        let sig = sk.sign(b"msg").to_bytes();
        let mut rs: Vec<[u8; 32]> = SMALL_ORDER_ENCODINGS.to_vec();
        // y = p + d for d in 0..19 (the non-canonical y), both signs of x;
        // these include other encodings of small-order points (y = p + 1
        // is the identity, y = p is (+-sqrt(-1), 0)).
        for d in 0u8..19 {
            let mut y = [0xffu8; 32];
            y[0] = 0xed + d;
            y[31] = 0x7f;
            rs.push(y);
            y[31] = 0xff;
            rs.push(y);
        }
        // "Negative zero": x = 0 with the sign bit set.
        let mut neg_zero = SMALL_ORDER_ENCODINGS[0];
        neg_zero[31] |= 0x80;
        rs.push(neg_zero);
        // Bytes that are not a point at all.
        rs.extend((0..40).map(|i| det_bytes::<32>("r", i)));
        for r in rs {
            let mut bad = sig;
            bad[..32].copy_from_slice(&r);
            assert_eq!(agree(&pk, b"msg", &bad), Some(false), "R {r:02x?}");
        }
    }

    /// Signatures built so that `[s]B - [k]A` equals R and R is small
    /// order: the equation holds, and both sides still refuse them.
    #[test]
    fn crafted_small_order_r_is_refused_like_verify_strict() {
        let a = Scalar::from_bytes_mod_order(det_bytes("a", 0));
        let torsion = small_order_points();
        // Prime-order key: R = identity, s = k a.
        // Mixed-order keys A = [a]B + T: R = -[k]T for a matching message.
        for t in &torsion {
            let big_a = EdwardsPoint::mul_base(&a) + t;
            let pk = big_a.compress().to_bytes();
            let mut crafted = 0;
            for i in 0..64u64 {
                let msg: [u8; 16] = det_bytes("crafted", i);
                for r in &torsion {
                    let r_bytes = r.compress().to_bytes();
                    let k = hram(&r_bytes, &pk, &msg);
                    let s = k * a;
                    let r_prime =
                        EdwardsPoint::vartime_double_scalar_mul_basepoint(&k, &-big_a, &s);
                    if r_prime.compress().to_bytes() != r_bytes {
                        continue;
                    }
                    let mut sig = [0u8; 64];
                    sig[..32].copy_from_slice(&r_bytes);
                    sig[32..].copy_from_slice(s.as_bytes());
                    // A prime-order key refuses the signature; a
                    // mixed-order key is refused before any signature.
                    let expected = if t.is_identity() { Some(false) } else { None };
                    assert_eq!(agree(&pk, &msg, &sig), expected);
                    crafted += 1;
                }
            }
            assert!(crafted > 0);
        }
    }

    /// Mixed-order keys (a prime-order point plus torsion): `verify_strict`
    /// accepts some honest signatures under them and refuses others,
    /// depending on k mod 8, so strict verifiers can disagree about them.
    /// They are refused at import; the prime-order key accepts them all.
    #[test]
    fn mixed_order_keys_are_refused_where_strict_verifiers_disagree() {
        let mut strict_accepted = 0;
        let mut strict_refused = 0;
        for t in &small_order_points() {
            let a = Scalar::from_bytes_mod_order(det_bytes("a", 1));
            let big_a = EdwardsPoint::mul_base(&a) + t;
            let pk = big_a.compress().to_bytes();
            for i in 0..16u64 {
                let msg: [u8; 40] = det_bytes("mixed", i);
                let r = Scalar::from_bytes_mod_order(det_bytes("nonce", i));
                let r_bytes = EdwardsPoint::mul_base(&r).compress().to_bytes();
                let s = r + hram(&r_bytes, &pk, &msg) * a;
                let mut sig = [0u8; 64];
                sig[..32].copy_from_slice(&r_bytes);
                sig[32..].copy_from_slice(s.as_bytes());
                let verdict = agree(&pk, &msg, &sig);
                if t.is_identity() {
                    assert_eq!(verdict, Some(true));
                    continue;
                }
                assert_eq!(verdict, None, "mixed-order key accepted");
                let strict = ed25519_dalek::VerifyingKey::from_bytes(&pk)
                    .unwrap()
                    .verify_strict(&msg, &Signature::from_bytes(&sig))
                    .is_ok();
                if strict {
                    strict_accepted += 1;
                } else {
                    strict_refused += 1;
                }
            }
        }
        assert!(strict_accepted > 0 && strict_refused > 0);
    }

    /// What a key costs in memory: no tables, just the point and encoding.
    #[test]
    fn key_size() {
        assert_eq!(core::mem::size_of::<ed25519_dalek::VerifyingKey>(), 192);
    }
}
