//! HS256 / HS384 / HS512 signing keys (RFC 7518 section 3.2).
//!
//! Design note: one generic [`HmacSigningKey`] over a sealed algorithm
//! marker ([`Hs256`], [`Hs384`], [`Hs512`]) with aliases, so the hash is
//! part of the type and one secret cannot drift between hash functions.
//! The keyed HMAC state (the hash after absorbing `K ^ ipad` and
//! `K ^ opad`) is computed once and cloned per token. Unlike a verifying
//! key, a signing key also keeps the secret itself (zeroised on drop),
//! because it must be exportable as a JWK and has an RFC 7638 thumbprint.
//! Secrets shorter than the hash output are refused on every path (RFC 7518
//! 3.2: "MUST NOT"). The rejected alternative, re-keying HMAC from the raw
//! secret for every token, costs two extra compression-function calls per
//! token on a microcontroller.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use hmac::{Hmac, KeyInit, Mac};
use jwt_core::Algorithm;
use rand_core::TryCryptoRng;
use zeroize::Zeroizing;

use crate::error::IssueError;
use crate::jwk::{Jwk, JwkWriter, b64_member, thumbprint_of};
use crate::key::SigningKey;

mod sealed {
    pub trait Sealed {}
}

/// An HMAC algorithm a [`HmacSigningKey`] can pin. Sealed: implemented
/// only by [`Hs256`], [`Hs384`] and [`Hs512`].
pub trait HmacAlgorithm: sealed::Sealed + Send + Sync + 'static {
    /// The JWS algorithm.
    const ALGORITHM: Algorithm;
    /// The shortest secret accepted, in bytes: the hash output size.
    const MIN_SECRET_LEN: usize;
    #[doc(hidden)]
    type Digest: hmac::EagerHash + Send + Sync;
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
    type Digest = sha2::Sha256;
}
impl HmacAlgorithm for Hs384 {
    const ALGORITHM: Algorithm = Algorithm::HS384;
    const MIN_SECRET_LEN: usize = 48;
    type Digest = sha2::Sha384;
}
impl HmacAlgorithm for Hs512 {
    const ALGORITHM: Algorithm = Algorithm::HS512;
    const MIN_SECRET_LEN: usize = 64;
    type Digest = sha2::Sha512;
}

/// A shared HMAC secret that signs with exactly one of HS256/384/512.
///
/// ```
/// use jwt_issue::{Hs256SigningKey, IssueError, SigningKey};
/// let key = Hs256SigningKey::new(&[7u8; 32])?;
/// assert_eq!(key.algorithm(), jwt_issue::Algorithm::HS256);
/// assert_eq!(key.kid(), Some(key.thumbprint())); // RFC 7638 by default
/// assert!(matches!(Hs256SigningKey::new(b"too short"), Err(IssueError::KeyRejected { .. })));
/// # Ok::<(), IssueError>(())
/// ```
pub struct HmacSigningKey<A: HmacAlgorithm> {
    /// HMAC state keyed with the secret, cloned per token.
    keyed: Hmac<A::Digest>,
    secret: Zeroizing<Vec<u8>>,
    thumbprint: String,
    kid: Option<String>,
    _alg: PhantomData<A>,
}

/// HS256 signing key.
pub type Hs256SigningKey = HmacSigningKey<Hs256>;
/// HS384 signing key.
pub type Hs384SigningKey = HmacSigningKey<Hs384>;
/// HS512 signing key.
pub type Hs512SigningKey = HmacSigningKey<Hs512>;

impl<A: HmacAlgorithm> HmacSigningKey<A> {
    /// A key from a shared secret of at least the hash length (32, 48 or 64
    /// bytes).
    ///
    /// # Errors
    /// [`IssueError::KeyRejected`] for a shorter secret.
    pub fn new(secret: &[u8]) -> Result<Self, IssueError> {
        if secret.len() < A::MIN_SECRET_LEN {
            return Err(IssueError::KeyRejected {
                reason: "the HMAC secret is shorter than the hash output (RFC 7518 3.2)",
            });
        }
        let keyed = <Hmac<A::Digest> as KeyInit>::new_from_slice(secret).map_err(|_| {
            IssueError::KeyRejected {
                reason: "the HMAC secret has an invalid length",
            }
        })?;
        let k = Zeroizing::new(jwt_core::b64::encode(secret));
        let thumbprint = thumbprint_of(&[("k", &k), ("kty", "oct")]);
        Ok(HmacSigningKey {
            keyed,
            secret: Zeroizing::new(secret.to_vec()),
            kid: Some(thumbprint.clone()),
            thumbprint,
            _alg: PhantomData,
        })
    }

    /// A fresh random secret of the hash length, drawn from `rng`.
    ///
    /// # Errors
    /// [`IssueError::Rng`] if the generator fails.
    pub fn generate<R: TryCryptoRng + ?Sized>(rng: &mut R) -> Result<Self, IssueError> {
        let mut secret = Zeroizing::new(alloc::vec![0u8; A::MIN_SECRET_LEN]);
        crate::rng::fill(rng, &mut secret)?;
        Self::new(&secret)
    }

    /// A fresh random secret from the operating system's source.
    ///
    /// # Errors
    /// [`IssueError::Rng`] if the OS source fails.
    #[cfg(feature = "os")]
    pub fn generate_os() -> Result<Self, IssueError> {
        Self::generate(&mut crate::rng::OsRng)
    }

    /// Reads a symmetric JWK (`{"kty":"oct","k":...}`). Its `kid` is kept;
    /// `alg`, `use` and `key_ops`, when present, must allow signing with
    /// this algorithm.
    ///
    /// # Errors
    /// [`IssueError::Malformed`] for text that is not a strict JSON object
    /// or members of the wrong type or encoding, [`IssueError::MissingMember`]
    /// without `k`, [`IssueError::Mismatch`] for another `kty` or `alg`,
    /// [`IssueError::KeyRejected`] for a short secret.
    pub fn from_jwk_json(jwk_json: &str) -> Result<Self, IssueError> {
        let jwk = Jwk::parse(jwk_json)?;
        jwk.check_common("oct", A::ALGORITHM)?;
        let secret = b64_member(&jwk.k, "k")?;
        let key = Self::new(&secret)?;
        Ok(match jwk.kid() {
            Some(kid) => key.with_kid(kid),
            None => key,
        })
    }

    /// Sets the key id put in headers and JWKs (instead of the thumbprint).
    pub fn with_kid(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// Puts no key id in headers and JWKs.
    pub fn without_kid(mut self) -> Self {
        self.kid = None;
        self
    }

    /// The RFC 7638 thumbprint (SHA-256, base64url) of the key as a JWK:
    /// the hash of `{"k":...,"kty":"oct"}`.
    pub fn thumbprint(&self) -> &str {
        &self.thumbprint
    }

    /// The secret as a symmetric JWK (`kty`, `k`, `kid`, `alg`, `use`).
    /// Treat the text as the secret it is.
    pub fn to_private_jwk(&self) -> String {
        JwkWriter::new("oct")
            .bytes("k", &self.secret)
            .finish(self.kid.as_deref(), A::ALGORITHM)
    }
}

impl<A: HmacAlgorithm> Clone for HmacSigningKey<A> {
    fn clone(&self) -> Self {
        HmacSigningKey {
            keyed: self.keyed.clone(),
            secret: self.secret.clone(),
            thumbprint: self.thumbprint.clone(),
            kid: self.kid.clone(),
            _alg: PhantomData,
        }
    }
}

impl<A: HmacAlgorithm> fmt::Debug for HmacSigningKey<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HmacSigningKey")
            .field("alg", &A::ALGORITHM)
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl<A: HmacAlgorithm> SigningKey for HmacSigningKey<A> {
    fn algorithm(&self) -> Algorithm {
        A::ALGORITHM
    }

    fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    fn sign(&self, signing_input: &[u8], out: &mut Vec<u8>) -> Result<(), IssueError> {
        let mut mac = self.keyed.clone();
        mac.update(signing_input);
        out.extend_from_slice(&mac.finalize().into_bytes());
        Ok(())
    }

    fn public_jwk(&self) -> Option<String> {
        None
    }

    fn signature_len(&self) -> usize {
        A::MIN_SECRET_LEN
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn minimum_lengths() {
        assert!(Hs256SigningKey::new(&[1; 31]).is_err());
        assert!(Hs256SigningKey::new(&[1; 32]).is_ok());
        assert!(Hs384SigningKey::new(&[1; 47]).is_err());
        assert!(Hs384SigningKey::new(&[1; 48]).is_ok());
        assert!(Hs512SigningKey::new(&[1; 63]).is_err());
        assert!(Hs512SigningKey::new(&[1; 64]).is_ok());
    }

    #[test]
    fn debug_does_not_print_the_secret() {
        let key = Hs256SigningKey::new(&[0xAB; 32]).unwrap().with_kid("k1");
        let text = alloc::format!("{key:?}");
        assert!(text.contains("HS256") && text.contains("k1"));
        assert!(!text.contains("171") && !text.contains("AB") && !text.contains("q6ur"));
    }

    #[test]
    fn jwk_round_trip_keeps_the_secret_and_kid() {
        let key = Hs384SigningKey::new(&[5; 48]).unwrap().with_kid("shared-1");
        let again = Hs384SigningKey::from_jwk_json(&key.to_private_jwk()).unwrap();
        assert_eq!(again.kid(), Some("shared-1"));
        assert_eq!(again.thumbprint(), key.thumbprint());
        let mut a = Vec::new();
        let mut b = Vec::new();
        key.sign(b"x", &mut a).unwrap();
        again.sign(b"x", &mut b).unwrap();
        assert_eq!(a, b);
        // An HS384 JWK is not an HS256 key.
        assert!(matches!(
            Hs256SigningKey::from_jwk_json(&key.to_private_jwk()),
            Err(IssueError::Mismatch { .. })
        ));
    }
}
