//! ES256 / ES384 / ES512 public keys (RFC 7518 section 3.4).
//!
//! Design note: one generic [`EcdsaVerifyingKey`] over a sealed curve
//! marker ([`Es256`], [`Es384`], [`Es512`]) with the aliases
//! [`Es256VerifyingKey`], [`Es384VerifyingKey`], [`Es512VerifyingKey`]: the
//! curve, the hash (SHA-256, SHA-384, SHA-512; P-521 pairs with SHA-512)
//! and the signature size (64, 96, 132 bytes) all follow from the type.
//! Signatures are accepted only in the JWS form, `r || s` with each half
//! exactly the field size; ASN.1 DER or any other length is an invalid
//! signature, never a second accepted encoding. `r` and `s` must lie in
//! `[1, n-1]`: `ecdsa::Signature::from_slice` enforces this (it decodes each
//! half with `ScalarValue::from_slice`, which refuses values `>= n`, then
//! refuses zero), which is what defeats the "psychic signatures" forgery
//! (CVE-2022-21449); the tests pin it. High-`s` signatures are valid ECDSA
//! and JWS does not normalise them, so they are accepted (the `p256`,
//! `p384`, `p521` curves set `NORMALIZE_S = false`). The key keeps the
//! validated affine point. `p256` 0.14 has no per-key precomputation for
//! verification (its `precomputed-tables` feature only speeds up
//! multiplication by the generator, needs `std`, and is not used by the
//! `u1*G + u2*Q` linear combination), so ES256 keys carry their own
//! fixed-base tables (`p256_verifier`): built at a key's first verification
//! under `std`, on request without it, and droppable with
//! [`EcdsaVerifyingKey::without_precomputed_tables`]; the two paths give
//! the same answer on every input. ES384 and ES512 keep the plain path
//! (not done yet; the same design would apply).
//! The rejected alternative, accepting DER too "for compatibility", gives
//! every token two valid encodings and has hidden length-confusion bugs in
//! other libraries.
//!
//! Backend: with the `aws-lc-rs` feature (hosted builds), the key also
//! holds the point parsed once by AWS-LC (`ParsedPublicKey` for
//! `ECDSA_P*_SHA*_FIXED`, the `r || s` format), which then verifies. The
//! import paths and point checks above run in both builds, and so does
//! the length check in front of it; AWS-LC refuses `r` or `s` of 0 or
//! `>= n` and accepts high `s`, as the RustCrypto curves do (the
//! Wycheproof P1363 tests run against either build). Chosen at compile
//! time, never at run time.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use jwt_core::{Algorithm, VerifyError};
use pkcs8::spki::ObjectIdentifier;
#[cfg(any(feature = "es384", feature = "es512"))]
use sha2::Digest;
#[cfg(any(feature = "es384", feature = "es512"))]
use signature::hazmat::PrehashVerifier;

#[cfg(feature = "es256")]
use super::p256_verifier::P256Key;
use super::pem::{self, PemKind};
use crate::error::KeyError;
use crate::key::VerifyingKey;

const ID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");

mod sealed {
    pub trait Sealed {}
}

/// An ECDSA algorithm (curve plus hash) a [`EcdsaVerifyingKey`] can pin.
/// Sealed: implemented only by [`Es256`], [`Es384`] and [`Es512`].
pub trait EcdsaAlgorithm: sealed::Sealed + Send + Sync + 'static {
    /// The JWS algorithm.
    const ALGORITHM: Algorithm;
    /// The JWK `crv` name (RFC 7518 6.2.1.1).
    const CURVE: &'static str;
    /// Bytes in one field element or scalar; a signature is twice this.
    const FIELD_LEN: usize;
    #[doc(hidden)]
    const CURVE_OID: ObjectIdentifier;
    #[doc(hidden)]
    type Key: Clone + Send + Sync;
    #[doc(hidden)]
    fn from_sec1(bytes: &[u8]) -> Option<Self::Key>;
    #[doc(hidden)]
    fn verify(key: &Self::Key, msg: &[u8], signature: &[u8]) -> bool;
    /// The AWS-LC fixed-size (`r || s`) verification algorithm.
    #[cfg(feature = "aws-lc-rs")]
    #[doc(hidden)]
    const AWS_LC: &'static aws_lc_rs::signature::EcdsaVerificationAlgorithm;
}

macro_rules! ecdsa_marker {
    ($marker:ident, $doc:literal) => {
        #[doc = $doc]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $marker {}
        impl sealed::Sealed for $marker {}
    };
}

#[cfg(any(feature = "es384", feature = "es512"))]
macro_rules! ecdsa_alg {
    ($marker:ident, $alg:ident, $curve:ident, $digest:ty, $len:literal, $crv:literal, $oid:literal, $aws:ident, $doc:literal) => {
        ecdsa_marker!($marker, $doc);
        impl EcdsaAlgorithm for $marker {
            const ALGORITHM: Algorithm = Algorithm::$alg;
            const CURVE: &'static str = $crv;
            const FIELD_LEN: usize = $len;
            const CURVE_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap($oid);
            type Key = $curve::ecdsa::VerifyingKey;
            fn from_sec1(bytes: &[u8]) -> Option<Self::Key> {
                $curve::ecdsa::VerifyingKey::from_sec1_bytes(bytes).ok()
            }
            fn verify(key: &Self::Key, msg: &[u8], signature: &[u8]) -> bool {
                // Fixed-size r || s only; rejects r or s of 0 or >= n.
                let Ok(sig) = $curve::ecdsa::Signature::from_slice(signature) else {
                    return false;
                };
                let prehash = <$digest>::digest(msg);
                key.verify_prehash(&prehash, &sig).is_ok()
            }
            #[cfg(feature = "aws-lc-rs")]
            const AWS_LC: &'static aws_lc_rs::signature::EcdsaVerificationAlgorithm =
                &aws_lc_rs::signature::$aws;
        }
    };
}

#[cfg(feature = "es256")]
ecdsa_marker!(Es256, "Marker for ES256 (ECDSA on P-256 with SHA-256).");
#[cfg(feature = "es256")]
impl EcdsaAlgorithm for Es256 {
    const ALGORITHM: Algorithm = Algorithm::ES256;
    const CURVE: &'static str = "P-256";
    const FIELD_LEN: usize = 32;
    const CURVE_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
    type Key = P256Key;
    fn from_sec1(bytes: &[u8]) -> Option<Self::Key> {
        P256Key::from_sec1_bytes(bytes)
    }
    fn verify(key: &Self::Key, msg: &[u8], signature: &[u8]) -> bool {
        key.verify(msg, signature)
    }
    #[cfg(feature = "aws-lc-rs")]
    const AWS_LC: &'static aws_lc_rs::signature::EcdsaVerificationAlgorithm =
        &aws_lc_rs::signature::ECDSA_P256_SHA256_FIXED;
}

#[cfg(feature = "es384")]
ecdsa_alg!(
    Es384,
    ES384,
    p384,
    sha2::Sha384,
    48,
    "P-384",
    "1.3.132.0.34",
    ECDSA_P384_SHA384_FIXED,
    "Marker for ES384 (ECDSA on P-384 with SHA-384)."
);
#[cfg(feature = "es512")]
ecdsa_alg!(
    Es512,
    ES512,
    p521,
    sha2::Sha512,
    66,
    "P-521",
    "1.3.132.0.35",
    ECDSA_P521_SHA512_FIXED,
    "Marker for ES512 (ECDSA on P-521 with SHA-512)."
);

/// An elliptic-curve public key pinned to one of ES256/384/512.
pub struct EcdsaVerifyingKey<A: EcdsaAlgorithm> {
    key: A::Key,
    /// The same point parsed once by AWS-LC, which then verifies.
    #[cfg(feature = "aws-lc-rs")]
    aws_lc: aws_lc_rs::signature::ParsedPublicKey,
    kid: Option<String>,
    _alg: PhantomData<A>,
}

/// ES256 public key (P-256).
#[cfg(feature = "es256")]
pub type Es256VerifyingKey = EcdsaVerifyingKey<Es256>;
/// ES384 public key (P-384).
#[cfg(feature = "es384")]
pub type Es384VerifyingKey = EcdsaVerifyingKey<Es384>;
/// ES512 public key (P-521).
#[cfg(feature = "es512")]
pub type Es512VerifyingKey = EcdsaVerifyingKey<Es512>;

impl<A: EcdsaAlgorithm> EcdsaVerifyingKey<A> {
    /// Reads a SEC1 point: `04 || x || y` (uncompressed) or `02`/`03 || x`
    /// (compressed).
    ///
    /// # Errors
    /// [`KeyError::Malformed`] for another tag or length,
    /// [`KeyError::KeyRejected`] for the identity or a point not on the curve.
    pub fn from_sec1_bytes(bytes: &[u8]) -> Result<Self, KeyError> {
        let expected_len = match bytes.first() {
            Some(0x04) => A::FIELD_LEN.checked_mul(2).and_then(|l| l.checked_add(1)),
            Some(0x02 | 0x03) => A::FIELD_LEN.checked_add(1),
            Some(0x00) => {
                return Err(KeyError::KeyRejected {
                    reason: "EC public key is the point at infinity",
                });
            }
            _ => None,
        };
        if expected_len != Some(bytes.len()) {
            return Err(KeyError::Malformed {
                reason: "not a SEC1 compressed or uncompressed point of this curve",
            });
        }
        let key = A::from_sec1(bytes).ok_or(KeyError::KeyRejected {
            reason: "EC public key is not a point on the curve",
        })?;
        #[cfg(feature = "aws-lc-rs")]
        let aws_lc =
            aws_lc_rs::signature::ParsedPublicKey::new(A::AWS_LC, bytes).map_err(|_| {
                KeyError::KeyRejected {
                    reason: "EC public key is not a point on the curve",
                }
            })?;
        Ok(Self {
            key,
            #[cfg(feature = "aws-lc-rs")]
            aws_lc,
            kid: None,
            _alg: PhantomData,
        })
    }

    /// Builds the key from its affine coordinates, each big-endian and
    /// exactly the field size (32, 48 or 66 bytes), as in a JWK.
    ///
    /// # Errors
    /// [`KeyError::Malformed`] for a coordinate of the wrong length,
    /// [`KeyError::KeyRejected`] for a point not on the curve.
    pub fn from_coordinates(x: &[u8], y: &[u8]) -> Result<Self, KeyError> {
        if x.len() != A::FIELD_LEN || y.len() != A::FIELD_LEN {
            return Err(KeyError::Malformed {
                reason: "EC coordinate is not exactly the field size",
            });
        }
        let mut point = Vec::with_capacity(A::FIELD_LEN.saturating_mul(2).saturating_add(1));
        point.push(0x04);
        point.extend_from_slice(x);
        point.extend_from_slice(y);
        Self::from_sec1_bytes(&point)
    }

    /// Reads a DER SubjectPublicKeyInfo (`id-ecPublicKey` with this curve's
    /// named-curve OID; RFC 5480).
    ///
    /// # Errors
    /// [`KeyError::Malformed`] for bad DER, [`KeyError::Mismatch`] for a
    /// non-EC key or another curve; otherwise as
    /// [`from_sec1_bytes`](Self::from_sec1_bytes).
    pub fn from_public_key_der(der: &[u8]) -> Result<Self, KeyError> {
        let spki = pem::parse_spki(der)?;
        if spki.algorithm != ID_EC_PUBLIC_KEY {
            return Err(KeyError::Mismatch {
                reason: "not an EC public key",
            });
        }
        if spki.parameters_oid != Some(A::CURVE_OID) {
            return Err(KeyError::Mismatch {
                reason: "EC public key is on another curve",
            });
        }
        Self::from_sec1_bytes(spki.key)
    }

    /// Reads a `-----BEGIN PUBLIC KEY-----` (SPKI) PEM document.
    ///
    /// # Errors
    /// As [`from_pem`](Self::from_pem).
    pub fn from_public_key_pem(pem_text: &str) -> Result<Self, KeyError> {
        Self::from_pem(pem_text)
    }

    /// Reads a PEM public key. Only `PUBLIC KEY` (SPKI) exists for EC
    /// keys, so this is the same as
    /// [`from_public_key_pem`](Self::from_public_key_pem).
    ///
    /// # Errors
    /// [`KeyError::Encrypted`] for `ENCRYPTED PRIVATE KEY`,
    /// [`KeyError::Mismatch`] for a private key or another curve,
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
}

/// Precomputed verification tables (ES256 only).
///
/// An ES256 key can carry a table of multiples of its public point that
/// makes each verification faster than `p256`'s own `verify_prehash`
/// (no point doublings; the README's benchmarks give the figures; variable
/// time, which is fine as
/// everything involved is public; see the `p256_verifier` design note). The
/// table takes 58.5 KiB of heap per key (on 64-bit targets), shared by its
/// clones, and is built once per key.
///
/// - Under the `std` feature every key gets it (the choice for gateways):
///   built at the key's first verification and shared by its clones, so
///   loading a key set costs nothing for keys that never verify a token;
///   the first table built also builds a process-wide 166.5 KiB generator
///   table (about 3 ms, once). Call [`with_precomputed_tables`] at start-up
///   to pay both before the first token arrives.
///   [`without_precomputed_tables`] drops a key's table; the key then
///   verifies through `p256` directly.
/// - Without `std` keys are built without tables (the choice for
///   firmware), and [`with_precomputed_tables`] adds them; such a key also
///   carries its own 58.5 KiB generator table, as there is no process-wide
///   one.
///
/// Both paths accept exactly the same signatures.
///
/// [`with_precomputed_tables`]: Self::with_precomputed_tables
/// [`without_precomputed_tables`]: Self::without_precomputed_tables
#[cfg(feature = "es256")]
impl EcdsaVerifyingKey<Es256> {
    /// Builds the precomputed tables if this key does not have them yet
    /// (the default under `std`). Verification results are unchanged.
    #[must_use]
    pub fn with_precomputed_tables(mut self) -> Self {
        self.key = self.key.with_tables();
        self
    }

    /// Drops this key's handle on its precomputed tables; verification then
    /// uses `p256`'s table-free `verify_prehash` (slower, no per-key heap).
    /// Clones made earlier keep their tables.
    #[must_use]
    pub fn without_precomputed_tables(mut self) -> Self {
        self.key = self.key.without_tables();
        self
    }

    /// Whether verification uses precomputed tables.
    pub fn has_precomputed_tables(&self) -> bool {
        self.key.has_tables()
    }

    /// Heap bytes held by this key's precomputed tables (0 without
    /// tables; shared with its clones; the process-wide generator table
    /// under `std` is not counted).
    pub fn precomputed_table_bytes(&self) -> usize {
        self.key.table_bytes()
    }
}

impl<A: EcdsaAlgorithm> Clone for EcdsaVerifyingKey<A> {
    fn clone(&self) -> Self {
        Self {
            key: self.key.clone(),
            #[cfg(feature = "aws-lc-rs")]
            aws_lc: self.aws_lc.clone(),
            kid: self.kid.clone(),
            _alg: PhantomData,
        }
    }
}

impl<A: EcdsaAlgorithm> fmt::Debug for EcdsaVerifyingKey<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EcdsaVerifyingKey")
            .field("alg", &A::ALGORITHM)
            .field("crv", &A::CURVE)
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl<A: EcdsaAlgorithm> VerifyingKey for EcdsaVerifyingKey<A> {
    fn algorithm(&self) -> Algorithm {
        A::ALGORITHM
    }

    fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    fn verify_signature(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), VerifyError> {
        // RFC 7518 3.4: exactly 2 * field size; DER never is for all inputs.
        if Some(signature.len()) != A::FIELD_LEN.checked_mul(2) {
            return Err(VerifyError::InvalidSignature);
        }
        #[cfg(not(feature = "aws-lc-rs"))]
        let valid = A::verify(&self.key, signing_input, signature);
        #[cfg(feature = "aws-lc-rs")]
        let valid = self.aws_lc.verify_sig(signing_input, signature).is_ok();
        if valid {
            Ok(())
        } else {
            Err(VerifyError::InvalidSignature)
        }
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
mod tests {
    use super::*;
    use alloc::vec;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use signature::hazmat::PrehashSigner;

    fn b64(s: &str) -> Vec<u8> {
        URL_SAFE_NO_PAD.decode(s).unwrap()
    }

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    const P256_N: &str = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
    const P384_N: &str = "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973";
    const P521_N: &str = "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409";

    /// `a - b` for equal-length big-endian numbers with `a >= b`.
    fn sub_be(a: &[u8], b: &[u8]) -> Vec<u8> {
        let mut out = vec![0u8; a.len()];
        let mut borrow = 0i16;
        for i in (0..a.len()).rev() {
            let mut d = i16::from(a[i]) - i16::from(b[i]) - borrow;
            borrow = i16::from(d < 0);
            if d < 0 {
                d += 256;
            }
            out[i] = u8::try_from(d).unwrap();
        }
        out
    }

    fn add_one(a: &[u8]) -> Vec<u8> {
        let mut out = a.to_vec();
        for b in out.iter_mut().rev() {
            let (v, carry) = b.overflowing_add(1);
            *b = v;
            if !carry {
                break;
            }
        }
        out
    }

    struct Fixture {
        key: Vec<u8>,
        sig: Vec<u8>,
        n: Vec<u8>,
    }

    fn p256_fixture(msg: &[u8]) -> Fixture {
        let sk = p256::ecdsa::SigningKey::from_slice(&[0x11; 32]).unwrap();
        let sig: p256::ecdsa::Signature = sk.sign_prehash(&sha2::Sha256::digest(msg)).unwrap();
        Fixture {
            key: sk.verifying_key().to_sec1_point(false).as_bytes().to_vec(),
            sig: sig.to_bytes().to_vec(),
            n: hex(P256_N),
        }
    }

    fn p384_fixture(msg: &[u8]) -> Fixture {
        let sk = p384::ecdsa::SigningKey::from_slice(&[0x22; 48]).unwrap();
        let sig: p384::ecdsa::Signature = sk.sign_prehash(&sha2::Sha384::digest(msg)).unwrap();
        Fixture {
            key: sk.verifying_key().to_sec1_point(false).as_bytes().to_vec(),
            sig: sig.to_bytes().to_vec(),
            n: hex(P384_N),
        }
    }

    fn p521_fixture(msg: &[u8]) -> Fixture {
        let mut d = [0x33u8; 66];
        d[0] = 0x01;
        let sk = p521::ecdsa::SigningKey::from_slice(&d).unwrap();
        let sig: p521::ecdsa::Signature = sk.sign_prehash(&sha2::Sha512::digest(msg)).unwrap();
        Fixture {
            key: sk.verifying_key().to_sec1_point(false).as_bytes().to_vec(),
            sig: sig.to_bytes().to_vec(),
            n: hex(P521_N),
        }
    }

    /// Sign, verify, then every rejection rule of the module for one curve.
    fn exercise<A: EcdsaAlgorithm>(f: &Fixture, msg: &[u8]) {
        let len = A::FIELD_LEN;
        let key = EcdsaVerifyingKey::<A>::from_sec1_bytes(&f.key).unwrap();
        key.verify_signature(msg, &f.sig).unwrap();
        assert_eq!(
            key.verify_signature(b"another message", &f.sig),
            Err(VerifyError::InvalidSignature)
        );

        let mut flipped = f.sig.clone();
        flipped[len + 3] ^= 1;
        assert!(key.verify_signature(msg, &flipped).is_err());

        // Coordinates and compressed form give the same key.
        let by_xy =
            EcdsaVerifyingKey::<A>::from_coordinates(&f.key[1..=len], &f.key[len + 1..]).unwrap();
        by_xy.verify_signature(msg, &f.sig).unwrap();
        let mut compressed = vec![2 + (f.key[2 * len] & 1)];
        compressed.extend_from_slice(&f.key[1..=len]);
        EcdsaVerifyingKey::<A>::from_sec1_bytes(&compressed)
            .unwrap()
            .verify_signature(msg, &f.sig)
            .unwrap();

        // High-s twin (r, n - s) is valid ECDSA and valid JWS.
        let (r, s) = f.sig.split_at(len);
        let mut twin = r.to_vec();
        twin.extend_from_slice(&sub_be(&f.n, s));
        key.verify_signature(msg, &twin).unwrap();

        // Psychic signatures (CVE-2022-21449) and out-of-range scalars.
        let zero = vec![0u8; len];
        let cases: [(&[u8], &[u8]); 7] = [
            (&zero, &zero),
            (&zero, s),
            (r, &zero),
            (&f.n, &f.n),
            (&f.n, s),
            (r, &f.n),
            (&add_one(&f.n), s),
        ];
        for (cr, cs) in cases {
            let mut bad = cr.to_vec();
            bad.extend_from_slice(cs);
            assert_eq!(
                key.verify_signature(msg, &bad),
                Err(VerifyError::InvalidSignature)
            );
        }
        // r + n (which reduces to r mod n) is not accepted either, where it fits.
        let r_plus_n: Vec<u8> = {
            let mut out = vec![0u8; len];
            let mut carry = 0u16;
            for i in (0..len).rev() {
                let v = u16::from(r[i]) + u16::from(f.n[i]) + carry;
                out[i] = v.to_be_bytes()[1];
                carry = v >> 8;
            }
            if carry == 0 { out } else { Vec::new() }
        };
        if !r_plus_n.is_empty() {
            let mut bad = r_plus_n;
            bad.extend_from_slice(s);
            assert!(key.verify_signature(msg, &bad).is_err());
        }
        assert!(key.verify_signature(msg, &[0xff; 132][..2 * len]).is_err());

        // Wrong lengths.
        for l in [0, 1, len, 2 * len - 1, 2 * len + 1, 2 * len + 8] {
            let mut s = f.sig.clone();
            s.resize(l, 0);
            assert_eq!(
                key.verify_signature(msg, &s),
                Err(VerifyError::InvalidSignature),
                "len {l}"
            );
        }
    }

    #[test]
    fn es256_sign_verify_and_rejections() {
        let f = p256_fixture(b"hello");
        exercise::<Es256>(&f, b"hello");
    }

    #[test]
    fn es384_sign_verify_and_rejections() {
        let f = p384_fixture(b"hello");
        exercise::<Es384>(&f, b"hello");
    }

    #[test]
    fn es512_sign_verify_and_rejections() {
        let f = p521_fixture(b"hello");
        exercise::<Es512>(&f, b"hello");
    }

    #[test]
    fn keys_of_another_curve_do_not_load_or_verify() {
        let f = p256_fixture(b"m");
        assert!(Es384VerifyingKey::from_sec1_bytes(&f.key).is_err());
        let f = p384_fixture(b"m");
        assert!(Es256VerifyingKey::from_sec1_bytes(&f.key).is_err());
        // An ES256 signature never verifies under another ES256 key.
        let other = p256::ecdsa::SigningKey::from_slice(&[0x12; 32]).unwrap();
        let other = Es256VerifyingKey::from_sec1_bytes(
            other.verifying_key().to_sec1_point(false).as_bytes(),
        )
        .unwrap();
        let f = p256_fixture(b"m");
        assert!(other.verify_signature(b"m", &f.sig).is_err());
    }

    #[test]
    fn der_encoded_signature_is_invalid() {
        let sk = p256::ecdsa::SigningKey::from_slice(&[0x11; 32]).unwrap();
        let sig: p256::ecdsa::Signature = sk.sign_prehash(&sha2::Sha256::digest(b"m")).unwrap();
        let der = sig.to_der();
        let key =
            Es256VerifyingKey::from_sec1_bytes(sk.verifying_key().to_sec1_point(false).as_bytes())
                .unwrap();
        assert_eq!(
            key.verify_signature(b"m", der.as_bytes()),
            Err(VerifyError::InvalidSignature)
        );
        key.verify_signature(b"m", &sig.to_bytes()).unwrap();
    }

    #[test]
    fn invalid_points_are_rejected() {
        let f = p256_fixture(b"m");
        // Identity.
        assert!(matches!(
            Es256VerifyingKey::from_sec1_bytes(&[0]),
            Err(KeyError::KeyRejected { .. })
        ));
        // y + 1: not on the curve.
        let mut off = f.key.clone();
        off[64] ^= 1;
        assert!(matches!(
            Es256VerifyingKey::from_sec1_bytes(&off),
            Err(KeyError::KeyRejected { .. })
        ));
        assert!(matches!(
            Es256VerifyingKey::from_coordinates(&off[1..33], &off[33..]),
            Err(KeyError::KeyRejected { .. })
        ));
        // Coordinates of the wrong size (a leading zero dropped or added).
        assert!(matches!(
            Es256VerifyingKey::from_coordinates(&f.key[2..33], &f.key[33..]),
            Err(KeyError::Malformed { .. })
        ));
        let mut x = vec![0u8];
        x.extend_from_slice(&f.key[1..33]);
        assert!(matches!(
            Es256VerifyingKey::from_coordinates(&x, &f.key[33..]),
            Err(KeyError::Malformed { .. })
        ));
        // x = p (non-canonical field element) is rejected.
        let p = hex("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
        assert!(Es256VerifyingKey::from_coordinates(&p, &f.key[33..]).is_err());
        // Hybrid (06/07) and compact (05) encodings and bad lengths.
        for tag in [5u8, 6, 7, 1] {
            let mut k = f.key.clone();
            k[0] = tag;
            assert!(matches!(
                Es256VerifyingKey::from_sec1_bytes(&k),
                Err(KeyError::Malformed { .. })
            ));
        }
        assert!(matches!(
            Es256VerifyingKey::from_sec1_bytes(&f.key[..64]),
            Err(KeyError::Malformed { .. })
        ));
        assert!(matches!(
            Es256VerifyingKey::from_sec1_bytes(&[]),
            Err(KeyError::Malformed { .. })
        ));
    }

    /// RFC 7520 section 4.3: ES512 with the P-521 key of section 3.2, SHA-512.
    #[test]
    fn rfc7520_4_3_es512_verifies() {
        let jwk: serde_json::Value = serde_json::from_str(include_str!(
            "../../../vectors/jose-cookbook/jwk/3_2.ec_private_key.json"
        ))
        .unwrap();
        let vector: serde_json::Value = serde_json::from_str(include_str!(
            "../../../vectors/jose-cookbook/jws/4_3.ecdsa_signature.json"
        ))
        .unwrap();
        let key = Es512VerifyingKey::from_coordinates(
            &b64(jwk["x"].as_str().unwrap()),
            &b64(jwk["y"].as_str().unwrap()),
        )
        .unwrap();
        let input = vector["signing"]["sig-input"].as_str().unwrap();
        let sig = b64(vector["signing"]["sig"].as_str().unwrap());
        assert_eq!(sig.len(), 132);
        key.verify_signature(input.as_bytes(), &sig).unwrap();
        assert!(key.verify_signature(b"x", &sig).is_err());
    }

    #[test]
    fn pem_and_der() {
        use pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
        let sk = p256::ecdsa::SigningKey::from_slice(&[0x11; 32]).unwrap();
        let vk = sk.verifying_key();
        let pem = vk.to_public_key_pem(LineEnding::LF).unwrap();
        let der = vk.to_public_key_der().unwrap();
        let sig: p256::ecdsa::Signature = sk.sign_prehash(&sha2::Sha256::digest(b"m")).unwrap();
        let crlf = pem.replace('\n', "\r\n");
        for key in [
            Es256VerifyingKey::from_pem(&crlf).unwrap(),
            Es256VerifyingKey::from_pem(&pem).unwrap(),
            Es256VerifyingKey::from_public_key_pem(&pem).unwrap(),
            Es256VerifyingKey::from_public_key_der(der.as_bytes()).unwrap(),
        ] {
            key.verify_signature(b"m", &sig.to_bytes()).unwrap();
        }
        // Another curve's SPKI.
        assert!(matches!(
            Es384VerifyingKey::from_pem(&pem),
            Err(KeyError::Mismatch { .. })
        ));
        assert!(matches!(
            Es512VerifyingKey::from_public_key_der(der.as_bytes()),
            Err(KeyError::Mismatch { .. })
        ));
        // A private key PEM.
        let private = sk.to_pkcs8_pem(LineEnding::LF).unwrap();
        assert!(matches!(
            Es256VerifyingKey::from_pem(&private),
            Err(KeyError::Mismatch { .. })
        ));
        let encrypted =
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n";
        assert_eq!(
            Es256VerifyingKey::from_pem(encrypted).unwrap_err(),
            KeyError::Encrypted
        );
    }

    #[test]
    fn debug_and_kid() {
        let f = p384_fixture(b"m");
        let key = Es384VerifyingKey::from_sec1_bytes(&f.key)
            .unwrap()
            .with_kid("ec-1");
        assert_eq!(key.kid(), Some("ec-1"));
        assert_eq!(key.algorithm(), Algorithm::ES384);
        let dbg = alloc::format!("{key:?}");
        assert!(
            dbg.contains("ES384") && dbg.contains("P-384") && dbg.contains("ec-1"),
            "{dbg}"
        );
    }
}
