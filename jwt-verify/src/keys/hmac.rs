//! HS256 / HS384 / HS512 keys (RFC 7518 section 3.2).
//!
//! Design note: one generic [`HmacKey`] over a sealed algorithm marker
//! ([`Hs256`], [`Hs384`], [`Hs512`]) with the aliases [`Hs256Key`],
//! [`Hs384Key`], [`Hs512Key`], so the algorithm is part of the type and a
//! firmware image that names only `Hs256Key` links only SHA-256. The keyed
//! HMAC state (the hash states after absorbing `K ^ ipad` and `K ^ opad`)
//! is computed once at construction and copied for each token (see
//! `pads`: HMAC on the SHA-2 compression functions directly); the secret
//! itself is not kept. Tags are compared in constant time.
//! Secrets shorter than the hash output are refused (RFC 7518 3.2 says
//! MUST NOT be used). The rejected alternative, one `HmacKey` holding the raw
//! secret plus an algorithm value, re-keys on every token and lets one
//! secret be used with several hash functions.

use alloc::string::String;
use core::fmt;
use core::marker::PhantomData;

use jwt_core::{Algorithm, VerifyError};
use subtle::ConstantTimeEq;

use self::pads::Pads;
use crate::error::KeyError;
use crate::key::VerifyingKey;

mod pads;

mod sealed {
    pub trait Sealed {}
}

/// An HMAC algorithm a [`HmacKey`] can pin. Sealed: implemented only by
/// [`Hs256`], [`Hs384`] and [`Hs512`].
pub trait HmacAlgorithm: sealed::Sealed + Send + Sync + 'static {
    /// The JWS algorithm.
    const ALGORITHM: Algorithm;
    /// The shortest secret accepted, in bytes: the hash output size.
    const MIN_SECRET_LEN: usize;
    #[doc(hidden)]
    type Pads: pads::Pads;
}

/// Marker for HS256 (HMAC with SHA-256).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hs256 {}
/// Marker for HS384 (HMAC with SHA-384).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hs384 {}
/// Marker for HS512 (HMAC with SHA-512).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hs512 {}

impl sealed::Sealed for Hs256 {}
impl sealed::Sealed for Hs384 {}
impl sealed::Sealed for Hs512 {}

impl HmacAlgorithm for Hs256 {
    const ALGORITHM: Algorithm = Algorithm::HS256;
    const MIN_SECRET_LEN: usize = 32;
    type Pads = pads::Pads256;
}
impl HmacAlgorithm for Hs384 {
    const ALGORITHM: Algorithm = Algorithm::HS384;
    const MIN_SECRET_LEN: usize = 48;
    type Pads = pads::Pads384;
}
impl HmacAlgorithm for Hs512 {
    const ALGORITHM: Algorithm = Algorithm::HS512;
    const MIN_SECRET_LEN: usize = 64;
    type Pads = pads::PadsSha512;
}

/// A shared HMAC secret that verifies exactly one of HS256/384/512.
///
/// ```
/// use jwt_verify::{Hs256Key, VerifyingKey};
/// let key = Hs256Key::new(&[7u8; 32]).unwrap().with_kid("k1");
/// assert_eq!(key.algorithm(), jwt_verify::Algorithm::HS256);
/// assert!(Hs256Key::new(b"too short").is_err());
/// ```
pub struct HmacKey<A: HmacAlgorithm> {
    /// HMAC states keyed with the secret.
    keyed: A::Pads,
    kid: Option<String>,
    _alg: PhantomData<A>,
}

/// HS256 key: HMAC-SHA-256, secret of at least 32 bytes.
pub type Hs256Key = HmacKey<Hs256>;
/// HS384 key: HMAC-SHA-384, secret of at least 48 bytes.
pub type Hs384Key = HmacKey<Hs384>;
/// HS512 key: HMAC-SHA-512, secret of at least 64 bytes.
pub type Hs512Key = HmacKey<Hs512>;

impl<A: HmacAlgorithm> HmacKey<A> {
    /// Keys HMAC with `secret`.
    ///
    /// # Errors
    /// [`KeyError::KeyRejected`] if `secret` is shorter than the hash output
    /// (32, 48 or 64 bytes; RFC 7518 section 3.2).
    pub fn new(secret: &[u8]) -> Result<Self, KeyError> {
        if secret.len() < A::MIN_SECRET_LEN {
            return Err(KeyError::KeyRejected {
                reason: "HMAC secret is shorter than the hash output (RFC 7518 3.2)",
            });
        }
        let keyed = A::Pads::new(secret);
        Ok(Self {
            keyed,
            kid: None,
            _alg: PhantomData,
        })
    }

    /// Sets the key id (`kid`) this key is published under.
    #[must_use]
    pub fn with_kid(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }
}

impl<A: HmacAlgorithm> Clone for HmacKey<A> {
    fn clone(&self) -> Self {
        Self {
            keyed: self.keyed.clone(),
            kid: self.kid.clone(),
            _alg: PhantomData,
        }
    }
}

impl<A: HmacAlgorithm> fmt::Debug for HmacKey<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HmacKey")
            .field("alg", &A::ALGORITHM)
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl<A: HmacAlgorithm> VerifyingKey for HmacKey<A> {
    fn algorithm(&self) -> Algorithm {
        A::ALGORITHM
    }

    fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    fn verify_signature(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), VerifyError> {
        let mut out = [0u8; 64];
        let n = self.keyed.tag(signing_input, &mut out);
        let tag = out.get(..n).unwrap_or_default();
        // The length is public (it is fixed by the algorithm); only the
        // content comparison needs to be constant time.
        if tag.len() == signature.len() && tags_equal(tag, signature) {
            Ok(())
        } else {
            Err(VerifyError::InvalidSignature)
        }
    }
}

/// Compares two tags of the same (public) length in constant time: the
/// differences are OR-ed together eight bytes at a time with no early
/// exit, and only the final word goes through `subtle`'s optimisation
/// barrier. Comparing byte by byte through `subtle` costs one barrier per
/// byte, which was 2% of an HS256 verification.
fn tags_equal(a: &[u8], b: &[u8]) -> bool {
    let word = |c: &[u8]| u64::from_le_bytes(<[u8; 8]>::try_from(c).unwrap_or([0; 8]));
    let (mut wa, mut wb) = (a.chunks_exact(8), b.chunks_exact(8));
    let mut diff = 0u64;
    for (x, y) in (&mut wa).zip(&mut wb) {
        diff |= word(x) ^ word(y);
    }
    for (x, y) in wa.remainder().iter().zip(wb.remainder()) {
        diff |= u64::from(x ^ y);
    }
    a.len() == b.len() && bool::from(diff.ct_eq(&0))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::vec::Vec;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use hmac::{Hmac, KeyInit, Mac};

    #[test]
    fn tags_equal_finds_any_single_bit_difference() {
        for len in [0usize, 1, 7, 8, 9, 32, 48, 64] {
            let a: Vec<u8> = (0..len).map(|i| u8::try_from(i % 251).unwrap()).collect();
            assert!(tags_equal(&a, &a.clone()));
            for i in 0..len {
                for bit in 0..8 {
                    let mut b = a.clone();
                    b[i] ^= 1 << bit;
                    assert!(!tags_equal(&a, &b), "len {len} byte {i} bit {bit}");
                }
            }
            assert!(!tags_equal(&a, &a[..len.saturating_sub(1)]) || len == 0);
        }
    }

    fn b64(s: &str) -> Vec<u8> {
        URL_SAFE_NO_PAD.decode(s).unwrap()
    }

    /// RFC 7520 section 4.4: HS256 with the key of section 3.5.
    #[test]
    fn rfc7520_4_4_hs256_verifies() {
        let key = Hs256Key::new(&b64("hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg")).unwrap();
        let input = b"eyJhbGciOiJIUzI1NiIsImtpZCI6IjAxOGMwYWU1LTRkOWItNDcxYi1iZmQ2LWVlZjMxNGJjNzAzNyJ9.SXTigJlzIGEgZGFuZ2Vyb3VzIGJ1c2luZXNzLCBGcm9kbywgZ29pbmcgb3V0IHlvdXIgZG9vci4gWW91IHN0ZXAgb250byB0aGUgcm9hZCwgYW5kIGlmIHlvdSBkb24ndCBrZWVwIHlvdXIgZmVldCwgdGhlcmXigJlzIG5vIGtub3dpbmcgd2hlcmUgeW91IG1pZ2h0IGJlIHN3ZXB0IG9mZiB0by4";
        let sig = b64("s0h6KThzkfBBBkLspW1h84VsJZFTsPPqMDA7g1Md7p0");
        key.verify_signature(input, &sig).unwrap();
        // The keyed state is reused: a second verification gives the same answer.
        key.verify_signature(input, &sig).unwrap();

        let mut bad = sig.clone();
        bad[31] ^= 1;
        assert_eq!(
            key.verify_signature(input, &bad),
            Err(VerifyError::InvalidSignature)
        );
        assert_eq!(
            key.verify_signature(b"other", &sig),
            Err(VerifyError::InvalidSignature)
        );
    }

    #[test]
    fn truncated_extended_and_empty_tags_are_rejected() {
        let key = Hs256Key::new(&[1u8; 32]).unwrap();
        let mut mac = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(&[1u8; 32]).unwrap();
        mac.update(b"x");
        let tag = mac.finalize().into_bytes().to_vec();
        key.verify_signature(b"x", &tag).unwrap();
        assert!(key.verify_signature(b"x", &tag[..16]).is_err());
        assert!(key.verify_signature(b"x", &[]).is_err());
        let mut longer = tag.clone();
        longer.push(0);
        assert!(key.verify_signature(b"x", &longer).is_err());
    }

    #[test]
    fn short_secrets_are_rejected() {
        assert!(matches!(
            Hs256Key::new(&[0; 31]),
            Err(KeyError::KeyRejected { .. })
        ));
        assert!(matches!(
            Hs256Key::new(&[]),
            Err(KeyError::KeyRejected { .. })
        ));
        assert!(matches!(
            Hs384Key::new(&[0; 47]),
            Err(KeyError::KeyRejected { .. })
        ));
        assert!(matches!(
            Hs512Key::new(&[0; 63]),
            Err(KeyError::KeyRejected { .. })
        ));
        assert!(Hs256Key::new(&[0; 32]).is_ok());
        assert!(Hs384Key::new(&[0; 48]).is_ok());
        assert!(Hs512Key::new(&[0; 64]).is_ok());
        // Longer than the block size is fine (the secret is hashed first).
        assert!(Hs256Key::new(&[0; 200]).is_ok());
    }

    #[test]
    fn each_key_pins_its_algorithm_and_kid() {
        let k = Hs384Key::new(&[9; 48]).unwrap();
        assert_eq!(k.algorithm(), Algorithm::HS384);
        assert_eq!(k.kid(), None);
        let k = k.with_kid("abc");
        assert_eq!(k.kid(), Some("abc"));
        assert_eq!(
            Hs512Key::new(&[9; 64]).unwrap().algorithm(),
            Algorithm::HS512
        );
    }

    #[test]
    fn hs256_tag_does_not_verify_under_hs512_key_with_same_secret() {
        let secret = [5u8; 64];
        let mut mac = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(&secret).unwrap();
        mac.update(b"msg");
        let tag = mac.finalize().into_bytes();
        assert!(
            Hs256Key::new(&secret)
                .unwrap()
                .verify_signature(b"msg", &tag)
                .is_ok()
        );
        assert!(
            Hs512Key::new(&secret)
                .unwrap()
                .verify_signature(b"msg", &tag)
                .is_err()
        );
    }

    #[test]
    fn debug_does_not_print_the_secret() {
        let key = Hs256Key::new(&[0xAB; 32]).unwrap().with_kid("kid-1");
        let dbg = format!("{key:?}");
        assert!(dbg.contains("HS256") && dbg.contains("kid-1"), "{dbg}");
        assert!(
            !dbg.to_ascii_lowercase().contains("ab, ") && !dbg.contains("171"),
            "{dbg}"
        );
    }
}
