//! The one error type of the issuing side.
//!
//! Design note: a plain `#[non_exhaustive]` enum without backtraces or
//! boxed sources, with variants a caller can match on (a short secret is
//! [`IssueError::KeyRejected`], an encrypted PEM is [`IssueError::Encrypted`],
//! a reused refresh token is [`IssueError::RefreshReuse`]). Reasons are
//! `&'static str`, so no message can ever echo key material or token
//! contents. The rejected alternative, wrapping each dependency's error
//! (`pkcs8::Error`, `rsa::Error`, ...), would leak their types into the API
//! and their wording ("ASN.1 DER message is incomplete") into user-facing
//! messages.

use alloc::string::String;

/// Why a key could not be imported or generated, or a token not issued.
/// Messages never include key material.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IssueError {
    /// The key is well formed but not acceptable: an HMAC secret shorter
    /// than the hash, an RSA modulus under 2048 bits, a weak exponent...
    #[error("key rejected: {reason}")]
    KeyRejected {
        /// What rule the key broke.
        reason: &'static str,
    },
    /// The input (PEM, DER, JWK, header JSON) could not be read.
    #[error("malformed input: {reason}")]
    Malformed {
        /// What was wrong with the encoding.
        reason: &'static str,
    },
    /// The key is encrypted (`ENCRYPTED PRIVATE KEY`, or a legacy
    /// `Proc-Type: 4,ENCRYPTED` PEM).
    #[error("encrypted keys are not supported")]
    Encrypted,
    /// The input does not fit what was asked for: a public key where a
    /// private key is needed, an RSA key for an EC key type, a P-384 key
    /// for ES256, a JWK whose `alg` names another algorithm...
    #[error("mismatch: {reason}")]
    Mismatch {
        /// What contradicts what.
        reason: &'static str,
    },
    /// The key type, curve or feature is not supported (or not compiled in).
    #[error("unsupported: {reason}")]
    Unsupported {
        /// What is unsupported.
        reason: &'static str,
    },
    /// A JWK lacks a member its key type requires.
    #[error("the JWK has no `{name}` member")]
    MissingMember {
        /// The member's name.
        name: &'static str,
    },
    /// A custom claim tried to set a registered claim (`iss`, `sub`,
    /// `aud`, `exp`, `nbf`, `iat`, `jti`); those have builder methods.
    #[error("`{name}` is a registered claim; set it with its builder method")]
    ReservedClaim {
        /// The registered name.
        name: &'static str,
    },
    /// The same custom claim was given twice.
    #[error("custom claim `{name}` was given twice")]
    DuplicateClaim {
        /// The claim's name (chosen by the caller, never a secret).
        name: String,
    },
    /// Custom claims did not serialise to a JSON object.
    #[error("invalid custom claims: {reason}")]
    InvalidClaims {
        /// What was wrong.
        reason: &'static str,
    },
    /// Neither a time to live nor an explicit `no_expiry()` was set.
    #[error("no time to live set: call ttl(seconds), or no_expiry() for a token without exp")]
    MissingTtl,
    /// The clock does not know the time, so `iat` and `exp` cannot be set.
    #[error("no trusted time available")]
    ClockUnavailable,
    /// `now + ttl` does not fit a NumericDate.
    #[error("the expiry time is out of range")]
    TimeOverflow,
    /// A value could not be serialised to JSON.
    #[error("a claim could not be serialised to JSON")]
    Serialize,
    /// A key could not be encoded (DER, PEM).
    #[error("the key could not be encoded")]
    Encode,
    /// The random number generator failed.
    #[error("the random number generator failed")]
    Rng,
    /// The signing primitive failed.
    #[error("signing failed")]
    Signing,
    /// The token (or its header) would exceed the configured limits, so a
    /// verifier with the same limits would refuse it.
    #[error("the {part} would be larger than the limit of {limit} bytes")]
    TooLarge {
        /// `"token"` or `"header"`.
        part: &'static str,
        /// The limit in bytes.
        limit: usize,
    },
    /// The caller's buffer cannot hold the token.
    #[error("the output buffer is too small: {needed} bytes are needed")]
    BufferTooSmall {
        /// How many bytes the token needs (a lower bound when the
        /// signature was not produced yet).
        needed: usize,
    },
    /// A claim needed to read a refresh token is absent.
    #[error("required claim `{name}` is missing")]
    MissingClaim {
        /// The claim's name.
        name: &'static str,
    },
    /// A refresh token was presented a second time. Its whole family has
    /// been revoked (RFC 6749 section 10.4, RFC 9700 section 4.14.2).
    #[error("refresh token reused: its family has been revoked")]
    RefreshReuse,
    /// The refresh token's family was revoked earlier.
    #[error("refresh token family revoked")]
    RefreshRevoked,
    /// The refresh token is not acceptable (expired, wrong issuer).
    #[error("refresh token rejected: {reason}")]
    RefreshRejected {
        /// Why.
        reason: &'static str,
    },
    /// Several keys of a key set fit; the caller must name one by `kid`.
    #[error("several keys fit; choose one by kid: {candidates}")]
    AmbiguousKey {
        /// The fitting keys' `kid`s, comma-separated.
        candidates: String,
    },
    /// Key material could not be read (detection, framing, the raw-secret
    /// rule).
    #[error(transparent)]
    Key(#[from] jwt_keys::KeyError),
    /// The refresh store could not answer; nothing was issued.
    #[error(transparent)]
    Store(#[from] jwt_core::StoreError),
}

impl IssueError {
    const fn code_number(&self) -> (&'static str, u16) {
        match self {
            Self::KeyRejected { .. } => ("issue_key_rejected", 6001),
            Self::Malformed { .. } => ("issue_malformed", 6002),
            Self::Encrypted => ("issue_key_encrypted", 6003),
            Self::Mismatch { .. } => ("issue_key_mismatch", 6004),
            Self::Unsupported { .. } => ("issue_unsupported", 6005),
            Self::MissingMember { .. } => ("jwk_missing_member", 6006),
            Self::ReservedClaim { .. } => ("reserved_claim", 6007),
            Self::DuplicateClaim { .. } => ("duplicate_claim", 6008),
            Self::InvalidClaims { .. } => ("invalid_claims", 6009),
            Self::MissingTtl => ("missing_ttl", 6010),
            Self::ClockUnavailable => ("issue_clock_unavailable", 6011),
            Self::TimeOverflow => ("time_overflow", 6012),
            Self::Serialize => ("serialize_failed", 6013),
            Self::Encode => ("encode_failed", 6014),
            Self::Rng => ("rng_failed", 6015),
            Self::Signing => ("signing_failed", 6016),
            Self::TooLarge { .. } => ("token_too_large", 6017),
            Self::BufferTooSmall { .. } => ("buffer_too_small", 6018),
            Self::MissingClaim { .. } => ("refresh_claim_missing", 6019),
            Self::RefreshReuse => ("refresh_reused", 6020),
            Self::RefreshRevoked => ("refresh_family_revoked", 6021),
            Self::RefreshRejected { .. } => ("refresh_rejected", 6022),
            Self::AmbiguousKey { .. } => ("issue_key_ambiguous", 6023),
            Self::Key(e) => (e.code(), e.number()),
            Self::Store(e) => (e.code(), e.number()),
        }
    }
}

jwt_core::error_code_methods!(IssueError);
