//! Error types, one per phase: [`ParseError`] for reading a compact token,
//! [`VerifyError`] for everything from key selection to claim validation.
//!
//! Design note: plain enums without captured backtraces or boxed sources, so
//! rejecting a token costs no more than a return. Messages name the part and
//! the rule that failed and never echo token contents or key material. The
//! alternative, one catch-all error with a string, cannot be matched on by a
//! caller that wants to treat "expired" differently from "forged".

use alloc::borrow::Cow;
use core::fmt;

/// The part of a compact token an error refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    /// The token as a whole (segment structure, total size).
    Token,
    /// The protected header (first segment).
    Header,
    /// The payload, i.e. the claims set (second segment).
    Payload,
    /// The signature (third segment).
    Signature,
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Part::Token => "token",
            Part::Header => "header",
            Part::Payload => "payload",
            Part::Signature => "signature",
        })
    }
}

/// Errors from parsing a compact token, before any key is involved.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// The token or one of its parts is not well formed.
    #[error("malformed {part}: {reason}")]
    Malformed {
        /// Which part is malformed.
        part: Part,
        /// What rule it broke.
        reason: &'static str,
    },
    /// A part is longer than the configured limit; nothing was decoded.
    #[error("{part} is larger than the configured limit")]
    TooLarge {
        /// Which part is too large.
        part: Part,
    },
    /// JSON in a part nests deeper than the configured limit.
    #[error("{part} JSON nests deeper than the configured limit")]
    TooDeep {
        /// Which part nests too deeply.
        part: Part,
    },
    /// A JSON object in a part has the same member name twice.
    #[error("{part} has a duplicate member name")]
    DuplicateMember {
        /// Which part has the duplicate.
        part: Part,
    },
    /// The header says `alg: none` (in any letter case).
    #[error("unsigned tokens (alg none) are never accepted")]
    AlgNone,
    /// The header names an algorithm outside the supported set.
    #[error("unsupported algorithm")]
    UnsupportedAlgorithm,
    /// The token has five segments: an encrypted JWE.
    #[error("encrypted tokens (JWE) are not supported")]
    Encrypted,
    /// The input is a JSON-serialised JWS rather than the compact form.
    #[error("JSON-serialised JWS is not supported; use the compact form")]
    JsonSerialization,
    /// `crit` names an extension this parser was not told about.
    #[error("the header marks an extension critical that is not understood")]
    UnsupportedCritical,
    /// The header carries `b64` (RFC 7797 unencoded payload).
    #[error("unencoded payloads (b64) are not supported")]
    UnencodedPayload,
}

/// A claim name inside an error: registered names cost no allocation.
pub type ClaimName = Cow<'static, str>;

/// Errors from verifying a token: key selection, signature, claims policy.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The token could not be parsed.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// The header's `alg` is not the algorithm the selected key pins.
    #[error("algorithm not allowed for this key")]
    AlgorithmMismatch,
    /// No key matches the token's `kid`.
    #[error("no key matches the token's key id")]
    KeyNotFound,
    /// The token's `kid` names a key that its key set skipped when it was
    /// loaded (an encryption key, a weak or unsupported key...).
    #[error("the key this token names is not usable: {reason}")]
    KeyUnusable {
        /// Why the key was skipped.
        reason: &'static str,
    },
    /// The key source has no keys to offer: a remote key set that was
    /// never fetched successfully (server down, a response that is not a
    /// usable JWKS). Fails closed.
    #[error("no key set available")]
    KeysUnavailable,
    /// The token has no `kid` and more than one key fits its algorithm.
    #[error("token has no key id and several keys fit its algorithm")]
    AmbiguousKey,
    /// The signature does not verify. Deliberately opaque.
    #[error("signature invalid")]
    InvalidSignature,
    /// The token is at or past `exp` (plus leeway).
    #[error("expired")]
    Expired,
    /// The token is before `nbf` (minus leeway).
    #[error("not yet valid")]
    NotYetValid,
    /// `iat` lies in the future (beyond leeway).
    #[error("issued in the future")]
    IssuedInFuture,
    /// `iat` is older than the configured maximum age.
    #[error("older than the maximum age")]
    TooOld,
    /// The token's `typ` is not the required one.
    #[error("token type (typ) not accepted")]
    TypMismatch,
    /// A claim is present but its value is not an accepted one.
    #[error("claim `{claim}` does not have an accepted value")]
    ClaimMismatch {
        /// The claim's name.
        claim: ClaimName,
    },
    /// A required claim is absent (or `null` for custom claims).
    #[error("required claim `{claim}` is missing")]
    MissingClaim {
        /// The claim's name.
        claim: ClaimName,
    },
    /// A claim has the wrong JSON type or an out-of-range value.
    #[error("claim `{claim}` has an invalid value")]
    InvalidClaim {
        /// The claim's name.
        claim: ClaimName,
    },
    /// The token's `(iss, jti)` is on the revocation list.
    #[error("revoked")]
    Revoked,
    /// The revocation store could not answer; the token is refused.
    #[error("revocation status unavailable")]
    RevocationUnavailable,
    /// The clock could not tell the time; time-based checks fail closed.
    #[error("no trusted time available")]
    ClockUnavailable,
    /// The claims could not be deserialised into the caller's type.
    #[error("claims do not match the expected structure")]
    ClaimsType,
}

/// A stable, machine-readable identity for an error: a snake_case string
/// and a number, both listed in [`crate::error::codes`] and pinned
/// by a test, so bindings (the C API returns the numbers, the wasm package
/// maps the strings to `ERR_...` codes) can rely on them across releases.
/// Messages (`Display`) may be reworded; codes do not change.
///
/// Numbers fall in ranges by phase: 1000-1999 parsing a token, 2000-2999
/// reading key material, 3000-3999 the claims policy and time, 4000-4999
/// key selection and the signature, 5000-5999 revocation and token stores,
/// 6000-6999 issuing, 7000-7999 fetching a remote key set.
///
/// Every error type of the workspace also has `code()` and `number()` as
/// inherent methods, so no import is needed:
///
/// ```
/// use jwt_core::{ParseError, VerifyError};
/// assert_eq!(VerifyError::Expired.code(), "expired");
/// assert_eq!(VerifyError::Expired.number(), 3001);
/// assert_eq!(VerifyError::InvalidSignature.code(), "signature_invalid");
/// // A wrapped error has the code of what it wraps.
/// assert_eq!(VerifyError::Parse(ParseError::AlgNone).number(), 1005);
/// ```
pub trait ErrorCode {
    /// The stable snake_case code, e.g. `"expired"`.
    fn code(&self) -> &'static str;
    /// The stable number, e.g. `3001`.
    fn number(&self) -> u16;
}

impl ParseError {
    const fn code_number(&self) -> (&'static str, u16) {
        match self {
            ParseError::Malformed { .. } => ("malformed", 1001),
            ParseError::TooLarge { .. } => ("too_large", 1002),
            ParseError::TooDeep { .. } => ("too_deep", 1003),
            ParseError::DuplicateMember { .. } => ("duplicate_member", 1004),
            ParseError::AlgNone => ("alg_none", 1005),
            ParseError::UnsupportedAlgorithm => ("unsupported_algorithm", 1006),
            ParseError::Encrypted => ("encrypted_token", 1007),
            ParseError::JsonSerialization => ("json_serialization", 1008),
            ParseError::UnsupportedCritical => ("unsupported_critical", 1009),
            ParseError::UnencodedPayload => ("unencoded_payload", 1010),
        }
    }
}

crate::error_code_methods!(ParseError);

impl VerifyError {
    const fn code_number(&self) -> (&'static str, u16) {
        match self {
            VerifyError::Parse(e) => e.code_number(),
            VerifyError::Expired => ("expired", 3001),
            VerifyError::NotYetValid => ("not_yet_valid", 3002),
            VerifyError::IssuedInFuture => ("issued_in_future", 3003),
            VerifyError::TooOld => ("too_old", 3004),
            VerifyError::TypMismatch => ("typ_mismatch", 3005),
            VerifyError::ClaimMismatch { .. } => ("claim_mismatch", 3006),
            VerifyError::MissingClaim { .. } => ("claim_missing", 3007),
            VerifyError::InvalidClaim { .. } => ("claim_invalid", 3008),
            VerifyError::ClockUnavailable => ("clock_unavailable", 3009),
            VerifyError::ClaimsType => ("claims_type", 3010),
            VerifyError::AlgorithmMismatch => ("alg_not_allowed", 4001),
            VerifyError::KeyNotFound => ("key_not_found", 4002),
            VerifyError::KeyUnusable { .. } => ("key_unusable", 4003),
            VerifyError::AmbiguousKey => ("key_ambiguous", 4004),
            VerifyError::KeysUnavailable => ("keys_unavailable", 4005),
            VerifyError::InvalidSignature => ("signature_invalid", 4006),
            VerifyError::Revoked => ("revoked", 5001),
            VerifyError::RevocationUnavailable => ("revocation_unavailable", 5002),
        }
    }
}

crate::error_code_methods!(VerifyError);

/// Workspace-internal: gives an error type with a private
/// `code_number(&self) -> (&'static str, u16)` its `code()` and `number()`
/// methods and its [`ErrorCode`] implementation, so that every error type
/// exposes its codes the same way.
#[doc(hidden)]
#[macro_export]
macro_rules! error_code_methods {
    ($ty:ty) => {
        impl $ty {
            /// The stable snake_case code of this error (see
            /// `jwt_core::ErrorCode` and the table `jwt_core::error::codes`).
            pub const fn code(&self) -> &'static str {
                self.code_number().0
            }

            /// The stable number of this error (see `jwt_core::ErrorCode`).
            pub const fn number(&self) -> u16 {
                self.code_number().1
            }
        }

        impl $crate::ErrorCode for $ty {
            fn code(&self) -> &'static str {
                self.code_number().0
            }
            fn number(&self) -> u16 {
                self.code_number().1
            }
        }
    };
}

/// The table of every error code of the workspace: `ParseError`,
/// `VerifyError`, `StoreError` (this crate), `KeyError` (`jwt-keys`) and
/// `IssueError` (`jwt-issue`), `RemoteError` (`jwt-verify`, feature
/// `remote`). A test in `jwt-issue` checks this table
/// against the code of every variant, so it cannot drift.
#[doc = include_str!("../ERROR_CODES.md")]
pub mod codes {}

impl VerifyError {
    pub(crate) const fn missing(claim: &'static str) -> Self {
        VerifyError::MissingClaim {
            claim: Cow::Borrowed(claim),
        }
    }
    pub(crate) const fn invalid(claim: &'static str) -> Self {
        VerifyError::InvalidClaim {
            claim: Cow::Borrowed(claim),
        }
    }
    pub(crate) const fn mismatch(claim: &'static str) -> Self {
        VerifyError::ClaimMismatch {
            claim: Cow::Borrowed(claim),
        }
    }
}
