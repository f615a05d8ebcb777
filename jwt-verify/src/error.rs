//! Errors from importing verifying keys.

/// Why a key could not be imported. Messages never include key material.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The key is well formed but not acceptable: too short, too small, a
    /// weak exponent, a point not on the curve, and so on.
    #[error("key rejected: {reason}")]
    KeyRejected {
        /// What rule the key broke.
        reason: &'static str,
    },
    /// The key encoding (PEM, DER, JWK) could not be read.
    #[error("malformed key: {reason}")]
    Malformed {
        /// What was wrong with the encoding.
        reason: &'static str,
    },
    /// The key is encrypted (e.g. `ENCRYPTED PRIVATE KEY`).
    #[error("encrypted keys are not supported")]
    Encrypted,
    /// The key's type or curve does not fit the requested algorithm, or a
    /// JWK's `alg`, `crv`, `use` or `key_ops` contradict it.
    #[error("key does not fit the algorithm: {reason}")]
    Mismatch {
        /// What contradicts what.
        reason: &'static str,
    },
    /// The key type or algorithm is not supported (or not compiled in).
    #[error("unsupported key: {reason}")]
    Unsupported {
        /// What is unsupported.
        reason: &'static str,
    },
    /// A key set is not acceptable as a whole (duplicate `kid`s, public and
    /// private keys mixed).
    #[error("key set rejected: {reason}")]
    KeySetRejected {
        /// What rule the set broke.
        reason: &'static str,
    },
}
