#![allow(unsafe_code)] // calls the C API
#![allow(clippy::unwrap_used, clippy::indexing_slicing)] // test helpers
//! The C API's result codes against the engine's table
//! (`jwt-core/ERROR_CODES.md`): `src/codes.rs` lists exactly the table's
//! rows, every error of the inner crates maps to a distinct documented
//! code, and every code has a message.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use jwt_core::{ErrorCode, ParseError, Part, StoreError, VerifyError};
use jwt_ffi::{FfiError, jwt_result, jwt_result_message};
use jwt_issue::IssueError;
use jwt_keys::KeyError;
use jwt_revoke::EventError;

const TABLE: &str = include_str!("../../jwt-core/ERROR_CODES.md");
const CODES_RS: &str = include_str!("../src/codes.rs");

/// number -> (code, error) from the table.
fn table() -> BTreeMap<u32, (String, String)> {
    TABLE
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| number"))
        .map(|l| {
            let c: Vec<&str> = l.split('|').map(str::trim).collect();
            (
                c[1].parse().unwrap(),
                (
                    c[2].trim_matches('`').to_string(),
                    c[3].trim_matches('`').to_string(),
                ),
            )
        })
        .collect()
}

#[test]
fn codes_rs_has_one_constant_per_table_row() {
    let consts: BTreeMap<u32, String> = CODES_RS
        .lines()
        .filter_map(|l| l.strip_prefix("pub const JWT_ERR_"))
        .map(|l| {
            let (name, rest) = l.split_once(": jwt_result = ").unwrap();
            (
                rest.trim_end_matches(';').parse().unwrap(),
                name.to_lowercase(),
            )
        })
        .collect();
    let from_table: BTreeMap<u32, String> = table()
        .into_iter()
        .map(|(n, (code, _))| (n, code))
        .collect();
    assert_eq!(
        consts, from_table,
        "src/codes.rs is stale: regenerate it from jwt-core/ERROR_CODES.md \
         (one `pub const JWT_ERR_<CODE>` and one MESSAGES row per table row)"
    );
}

fn message(code: jwt_result) -> Option<String> {
    let mut buf = [0u8; 256];
    let mut n = 0usize;
    // SAFETY: a valid buffer and length pointer.
    let r = unsafe { jwt_result_message(code, buf.as_mut_ptr(), buf.len(), &mut n) };
    (r == 0).then(|| String::from_utf8(buf[..n].to_vec()).unwrap())
}

#[test]
fn every_documented_code_has_its_message() {
    for (number, (code, _)) in table() {
        let m = message(number).unwrap_or_else(|| panic!("no message for {number}"));
        assert!(m.starts_with(&format!("{code}: ")), "{number}: {m}");
    }
    assert_eq!(message(0).as_deref(), Some("ok: success"));
    assert_eq!(message(1), None);
}

fn row<E: ErrorCode + std::fmt::Debug>(ty: &str, e: E) -> (String, u32) {
    let variant: String = format!("{e:?}")
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    (format!("{ty}::{variant}"), u32::from(e.number()))
}

/// Every variant of every error the C API can return. Wrapping variants
/// (`VerifyError::Parse`, `IssueError::Key`, `IssueError::Store`,
/// `EventError::{Verify, Issue, Store}`) carry the code of what they wrap
/// and are checked by `wrapped_errors_carry_their_inner_code`.
fn every_error() -> Vec<(String, u32)> {
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
        row("EventError", EventError::Malformed { reason: "r" }),
        row("EventError", EventError::Unsigned),
        row("EventError", EventError::NotInForce),
        row("EventError", EventError::NoIssuer),
        row("FfiError", FfiError::NullArgument),
        row("FfiError", FfiError::InvalidArgument),
        row("FfiError", FfiError::NotUtf8),
        row("FfiError", FfiError::ClaimAbsent),
        row("FfiError", FfiError::Panic),
    ]
}

#[test]
fn every_inner_error_maps_to_a_distinct_documented_code() {
    let table = table();
    let mut seen = BTreeSet::new();
    for (name, number) in every_error() {
        assert!(seen.insert(number), "{name}: number {number} used twice");
        let (_, documented) = table
            .get(&number)
            .unwrap_or_else(|| panic!("{name}: {number} is not in ERROR_CODES.md"));
        assert_eq!(documented, &name, "{number}");
        // What the C API returns for it is the same number.
        let c: jwt_result = number;
        assert!(message(c).is_some());
    }
    // The binding's own rows are exactly FfiError's.
    let ffi_rows: BTreeSet<u32> = table
        .iter()
        .filter(|(_, (_, e))| e.starts_with("FfiError::"))
        .map(|(n, _)| *n)
        .collect();
    assert_eq!(ffi_rows, (8001..=8005).collect());
    assert_eq!(
        u32::from(FfiError::Panic.number()),
        jwt_ffi::JWT_ERR_INTERNAL_PANIC
    );
}

#[test]
fn wrapped_errors_carry_their_inner_code() {
    assert_eq!(VerifyError::Parse(ParseError::AlgNone).number(), 1005);
    assert_eq!(IssueError::Key(KeyError::Encrypted).number(), 2003);
    assert_eq!(IssueError::Store(StoreError::Full).number(), 5103);
    assert_eq!(EventError::Verify(VerifyError::Expired).number(), 3001);
    assert_eq!(EventError::Store(StoreError::Full).number(), 5103);
    assert_eq!(EventError::Issue(IssueError::Rng).number(), 6015);
}
