//! One instance of every variant of the engine's error types that every
//! binding can return (jwt-core, jwt-keys, jwt-issue), named as in
//! `jwt-core/ERROR_CODES.md`. Shared by jwt-issue's table test and
//! jwt-ffi's code test (included there by path), so a new variant is
//! listed once.

// Named rather than taken from the prelude: jwt-ffi includes this file
// in a `no_std` crate's unit tests.
use std::borrow::Cow;
use std::boxed::Box;
use std::string::String;
use std::vec::Vec;
use std::{format, vec};

use jwt_core::{ErrorCode, ParseError, Part, StoreError, VerifyError};
use jwt_issue::IssueError;
use jwt_keys::KeyError;

/// `(Type::Variant, code, number)` of one error.
pub fn row<E: ErrorCode + std::fmt::Debug>(ty: &str, e: E) -> (String, &'static str, u16) {
    let debug = format!("{e:?}");
    let variant: String = debug
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    (format!("{ty}::{variant}"), e.code(), e.number())
}

/// Every variant of `ParseError`, `VerifyError`, `KeyError`, `StoreError`
/// and `IssueError` (wrapping variants excepted: they carry the code of
/// what they wrap).
pub fn engine_errors() -> Vec<(String, &'static str, u16)> {
    let claim = || Cow::Borrowed("iss");
    let key = || KeyError::Encrypted;
    vec![
        row(
            "ParseError",
            ParseError::Malformed {
                part: Part::Header,
                reason: "r",
            },
        ),
        row("ParseError", ParseError::TooLarge { part: Part::Token }),
        row(
            "ParseError",
            ParseError::TooDeep {
                part: Part::Payload,
            },
        ),
        row(
            "ParseError",
            ParseError::DuplicateMember { part: Part::Header },
        ),
        row("ParseError", ParseError::AlgNone),
        row("ParseError", ParseError::UnsupportedAlgorithm),
        row("ParseError", ParseError::Encrypted),
        row("ParseError", ParseError::JsonSerialization),
        row("ParseError", ParseError::UnsupportedCritical),
        row("ParseError", ParseError::UnencodedPayload),
        row("KeyError", KeyError::KeyRejected { reason: "r" }),
        row("KeyError", KeyError::Malformed { reason: "r" }),
        row("KeyError", KeyError::Encrypted),
        row("KeyError", KeyError::Mismatch { reason: "r" }),
        row("KeyError", KeyError::Unsupported { reason: "r" }),
        row("KeyError", KeyError::KeySetRejected { reason: "r" }),
        row("KeyError", KeyError::NotASecret { found: "PEM" }),
        row("KeyError", KeyError::UnrecognisedFormat),
        row(
            "KeyError",
            KeyError::KeySetMember {
                index: 0,
                kid: None,
                error: Box::new(key()),
            },
        ),
        row(
            "KeyError",
            KeyError::NoUsableKey {
                first: Box::new(key()),
            },
        ),
        row("KeyError", KeyError::TooLarge { limit: 1 }),
        row("VerifyError", VerifyError::Expired),
        row("VerifyError", VerifyError::NotYetValid),
        row("VerifyError", VerifyError::IssuedInFuture),
        row("VerifyError", VerifyError::TooOld),
        row("VerifyError", VerifyError::TypMismatch),
        row("VerifyError", VerifyError::ClaimMismatch { claim: claim() }),
        row("VerifyError", VerifyError::MissingClaim { claim: claim() }),
        row("VerifyError", VerifyError::InvalidClaim { claim: claim() }),
        row("VerifyError", VerifyError::ClockUnavailable),
        row("VerifyError", VerifyError::ClaimsType),
        row("VerifyError", VerifyError::AlgorithmMismatch),
        row("VerifyError", VerifyError::KeyNotFound),
        row("VerifyError", VerifyError::KeyUnusable { reason: "r" }),
        row("VerifyError", VerifyError::AmbiguousKey),
        row("VerifyError", VerifyError::KeysUnavailable),
        row("VerifyError", VerifyError::InvalidSignature),
        row("VerifyError", VerifyError::Revoked),
        row("VerifyError", VerifyError::RevocationUnavailable),
        row("StoreError", StoreError::Unavailable),
        row("StoreError", StoreError::Corrupt),
        row("StoreError", StoreError::Full),
        row("IssueError", IssueError::KeyRejected { reason: "r" }),
        row("IssueError", IssueError::Malformed { reason: "r" }),
        row("IssueError", IssueError::Encrypted),
        row("IssueError", IssueError::Mismatch { reason: "r" }),
        row("IssueError", IssueError::Unsupported { reason: "r" }),
        row("IssueError", IssueError::MissingMember { name: "n" }),
        row("IssueError", IssueError::ReservedClaim { name: "iss" }),
        row(
            "IssueError",
            IssueError::DuplicateClaim { name: "x".into() },
        ),
        row("IssueError", IssueError::InvalidClaims { reason: "r" }),
        row("IssueError", IssueError::MissingTtl),
        row("IssueError", IssueError::ClockUnavailable),
        row("IssueError", IssueError::TimeOverflow),
        row("IssueError", IssueError::Serialize),
        row("IssueError", IssueError::Encode),
        row("IssueError", IssueError::Rng),
        row("IssueError", IssueError::Signing),
        row(
            "IssueError",
            IssueError::TooLarge {
                part: "token",
                limit: 1,
            },
        ),
        row("IssueError", IssueError::BufferTooSmall { needed: 1 }),
        row("IssueError", IssueError::MissingClaim { name: "fid" }),
        row("IssueError", IssueError::RefreshReuse),
        row("IssueError", IssueError::RefreshRevoked),
        row("IssueError", IssueError::RefreshRejected { reason: "r" }),
        row(
            "IssueError",
            IssueError::AmbiguousKey {
                candidates: "a".into(),
            },
        ),
    ]
}
