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

/// The one rule by which every key source picks a key for a token: a single
/// key, a [`KeySet`](crate::KeySet), [`MaterialKeys`](crate::MaterialKeys)
/// and a [`SharedKeys`](crate::SharedKeys) snapshot all call this.
///
/// 1. A key that has a `kid` answers tokens with exactly that `kid`
///    (byte-for-byte, case-sensitive) and tokens without one.
/// 2. A key without a `kid` (one read from PEM or DER, say) has no name to
///    compare, so it answers any token, except that when the token names a
///    `kid` that some key of the source carries (or that names a member the
///    source skipped as unusable), only the keys with that exact `kid` are
///    candidates: an exact name always wins, and a token can never reach a
///    nameless key by naming a key that was refused.
/// 3. Among the candidates the one whose algorithm equals the header's
///    `alg` is chosen; two such keys make the token
///    [`VerifyError::AmbiguousKey`], candidates of other algorithms only
///    [`VerifyError::AlgorithmMismatch`], no candidate at all
///    [`VerifyError::KeyNotFound`].
///
/// `kid` is an unauthenticated hint either way: it only chooses which key
/// is tried, and the chosen key still pins the algorithm and checks the
/// signature. `kid_is_taken` says that the token's `kid` names a member the
/// caller skipped (rule 2).
///
/// # Errors
/// As listed in rule 3.
pub fn select_key<'k, B: VerifyingKey>(
    keys: &'k [B],
    alg: Algorithm,
    kid: Option<&str>,
    kid_is_taken: bool,
) -> Result<&'k B, VerifyError> {
    // Whether the token's kid is a name some key answers to exactly.
    let named = match kid {
        Some(kid) => kid_is_taken || keys.iter().any(|k| k.kid() == Some(kid)),
        None => false,
    };
    let mut candidates = false;
    let mut found: Option<&'k B> = None;
    for key in keys {
        let candidate = match kid {
            None => true,
            Some(kid) if named => key.kid() == Some(kid),
            Some(_) => key.kid().is_none(),
        };
        if !candidate {
            continue;
        }
        candidates = true;
        if key.algorithm() == alg {
            if found.is_some() {
                return Err(VerifyError::AmbiguousKey);
            }
            found = Some(key);
        }
    }
    match found {
        Some(key) => Ok(key),
        None if candidates => Err(VerifyError::AlgorithmMismatch),
        None => Err(VerifyError::KeyNotFound),
    }
}
