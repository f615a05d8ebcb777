//! The verifying-key trait and key selection.
//!
//! Design note: every concrete key type pins exactly one [`Algorithm`]. The
//! header's `alg` is only compared with it; it never chooses the routine.
//! Verification dispatches through this trait, so a firmware image that
//! uses only `Hs256Key` links only HMAC-SHA-256. The rejected alternative
//! is a key family plus a list of permitted algorithms, which is how
//! RS256-vs-HS256 confusion bugs keep reappearing in other libraries.

use jwt_core::{Algorithm, VerifyError};

/// A public (or, for HMAC, shared secret) key that verifies signatures of
/// one algorithm.
pub trait VerifyingKey {
    /// The one algorithm this key verifies.
    fn algorithm(&self) -> Algorithm;

    /// The key id (`kid`) this key is published under, if any.
    fn kid(&self) -> Option<&str>;

    /// Checks `signature` over `signing_input` (the ASCII bytes
    /// `BASE64URL(header) '.' BASE64URL(payload)`).
    ///
    /// Returns [`VerifyError::InvalidSignature`] for any signature that does
    /// not verify, including one of the wrong length or encoding.
    fn verify_signature(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), VerifyError>;
}

impl<K: VerifyingKey + ?Sized> VerifyingKey for &K {
    fn algorithm(&self) -> Algorithm {
        (**self).algorithm()
    }
    fn kid(&self) -> Option<&str> {
        (**self).kid()
    }
    fn verify_signature(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), VerifyError> {
        (**self).verify_signature(signing_input, signature)
    }
}

impl<K: VerifyingKey + ?Sized> VerifyingKey for alloc::boxed::Box<K> {
    fn algorithm(&self) -> Algorithm {
        (**self).algorithm()
    }
    fn kid(&self) -> Option<&str> {
        (**self).kid()
    }
    fn verify_signature(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), VerifyError> {
        (**self).verify_signature(signing_input, signature)
    }
}

/// A boxed verifying key of any algorithm, as read from a JWK.
pub type DynVerifyingKey = alloc::boxed::Box<dyn VerifyingKey + Send + Sync>;
