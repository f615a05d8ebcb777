//! The revocation check a verifier consults, and the error type every
//! token store (revocation lists, refresh-token families) returns.
//!
//! Design note: the verifier asks only after the signature and every claim
//! check passed, so an attacker cannot make it query the store with forged
//! ids, and it fails closed: a store that cannot answer refuses the token,
//! and a token without `jti` is refused when a check is configured. The
//! check sees the token's verified registered claims ([`ClaimsRef`]: `iss`,
//! `sub`, `jti`, `iat`, `exp`, ... and any custom claim through
//! [`ClaimsRef::get`]), so a store can express "every token issued to this
//! device before time T" as well as "this one token". The store itself
//! (pruning, persistence, MQTT) lives in `jwt-revoke`; this trait keeps
//! `jwt-core` free of it.

use crate::claims::ClaimsRef;

/// A token store (a revocation list, a refresh-token store) could not do
/// what was asked. Whatever was being decided fails closed: the token is
/// refused, no token is issued.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The store cannot answer now (I/O error, a lock held by a thread
    /// that panicked, a backend that is down).
    #[error("the token store is unavailable")]
    Unavailable,
    /// The store's data failed its integrity check.
    #[error("the token store's data is corrupt")]
    Corrupt,
    /// The store reached its configured capacity.
    #[error("the token store is full")]
    Full,
}

impl StoreError {
    const fn code_number(&self) -> (&'static str, u16) {
        match self {
            StoreError::Unavailable => ("store_unavailable", 5101),
            StoreError::Corrupt => ("store_corrupt", 5102),
            StoreError::Full => ("store_full", 5103),
        }
    }
}

crate::error_code_methods!(StoreError);

/// Answers whether a verified token has been revoked.
///
/// ```
/// use jwt_core::{ClaimsRef, RevocationCheck, StoreError};
///
/// /// Revokes everything issued to `sub` before `before`.
/// struct Reflashed { sub: &'static str, before: i64 }
///
/// impl RevocationCheck for Reflashed {
///     fn is_revoked(&self, claims: &ClaimsRef<'_>) -> Result<bool, StoreError> {
///         let for_device = claims.sub_json().is_some_and(|s| s.eq_str(self.sub));
///         // A token without `iat` cannot show it is newer: fail closed.
///         let old = claims.iat().is_none_or(|iat| iat.as_secs() < self.before);
///         Ok(for_device && old)
///     }
/// }
///
/// let check = Reflashed { sub: "dev-7", before: 1_700_000_000 };
/// let old = ClaimsRef::parse(r#"{"sub":"dev-7","iat":1699999999,"jti":"a"}"#).unwrap();
/// let new = ClaimsRef::parse(r#"{"sub":"dev-7","iat":1700000001,"jti":"b"}"#).unwrap();
/// assert_eq!(check.is_revoked(&old), Ok(true));
/// assert_eq!(check.is_revoked(&new), Ok(false));
/// ```
pub trait RevocationCheck {
    /// Whether the token with these (verified) claims is revoked. Asked
    /// only for tokens whose signature and claims passed, and that have a
    /// `jti`.
    ///
    /// # Errors
    /// A [`StoreError`] when the store cannot answer; the verifier then
    /// refuses the token with `VerifyError::RevocationUnavailable`.
    fn is_revoked(&self, claims: &ClaimsRef<'_>) -> Result<bool, StoreError>;
}

/// No revocation checking (the default of a verifier).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoRevocation;

impl<R: RevocationCheck + ?Sized> RevocationCheck for &R {
    fn is_revoked(&self, claims: &ClaimsRef<'_>) -> Result<bool, StoreError> {
        (**self).is_revoked(claims)
    }
}

impl<R: RevocationCheck + ?Sized> RevocationCheck for alloc::boxed::Box<R> {
    fn is_revoked(&self, claims: &ClaimsRef<'_>) -> Result<bool, StoreError> {
        (**self).is_revoked(claims)
    }
}

/// A shared store (users cannot write this impl: orphan rule).
impl<R: RevocationCheck + ?Sized> RevocationCheck for alloc::sync::Arc<R> {
    fn is_revoked(&self, claims: &ClaimsRef<'_>) -> Result<bool, StoreError> {
        (**self).is_revoked(claims)
    }
}

impl RevocationCheck for NoRevocation {
    fn is_revoked(&self, _claims: &ClaimsRef<'_>) -> Result<bool, StoreError> {
        Ok(false)
    }
}
