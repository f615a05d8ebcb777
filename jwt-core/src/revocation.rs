//! The revocation check a verifier consults.
//!
//! Design note: the verifier asks only after the signature and every claim
//! check passed, so an attacker cannot make it query the store with forged
//! ids, and it fails closed: a store that cannot answer refuses the token,
//! and a token without `jti` is refused when a check is configured. The
//! store itself (pruning, persistence, MQTT) lives in `jwt-revoke`; this
//! trait keeps `jwt-core` free of it.

/// The store could not tell whether a token is revoked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("revocation status unavailable")]
pub struct RevocationUnavailable;

/// Answers whether the token `(iss, jti)` has been revoked.
pub trait RevocationCheck {
    /// `iss` is the token's issuer (if it has one), `jti` its id.
    fn is_revoked(&self, iss: Option<&str>, jti: &str) -> Result<bool, RevocationUnavailable>;
}

/// No revocation checking (the default of a verifier).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoRevocation;

impl<R: RevocationCheck + ?Sized> RevocationCheck for &R {
    fn is_revoked(&self, iss: Option<&str>, jti: &str) -> Result<bool, RevocationUnavailable> {
        (**self).is_revoked(iss, jti)
    }
}

impl RevocationCheck for NoRevocation {
    fn is_revoked(&self, _iss: Option<&str>, _jti: &str) -> Result<bool, RevocationUnavailable> {
        Ok(false)
    }
}
