//! The C API's result codes against the engine's table
//! (`jwt-core/ERROR_CODES.md`): `src/codes.rs` lists exactly the table's
//! rows, every error of the inner crates maps to a distinct documented
//! code, and every code has a message. (Unit tests: the crate builds
//! only a staticlib and a cdylib, so that release archives get LTO.)
#![allow(clippy::unwrap_used, clippy::indexing_slicing)] // test helpers

use std::collections::{BTreeMap, BTreeSet};
use std::format;
use std::string::{String, ToString};
use std::vec::Vec;

use jwt_core::{ErrorCode, ParseError, StoreError, VerifyError};

use crate::{FfiError, jwt_result, jwt_result_message};
use jwt_issue::IssueError;
use jwt_keys::KeyError;
use jwt_revoke::EventError;

#[path = "../../jwt-issue/tests/issue/engine_errors.rs"]
mod engine_errors;

const TABLE: &str = include_str!("../../jwt-core/ERROR_CODES.md");
const CODES_RS: &str = include_str!("codes.rs");

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

/// `(Type::Variant, number)`, numbers as the C API returns them.
fn row<E: ErrorCode + std::fmt::Debug>(ty: &str, e: E) -> (String, u32) {
    let (name, _, number) = engine_errors::row(ty, e);
    (name, u32::from(number))
}

/// Every variant of every error the C API can return. Wrapping variants
/// (`VerifyError::Parse`, `IssueError::Key`, `IssueError::Store`,
/// `EventError::{Verify, Issue, Store}`) carry the code of what they wrap
/// and are checked by `wrapped_errors_carry_their_inner_code`.
fn every_error() -> Vec<(String, u32)> {
    let mut rows: Vec<(String, u32)> = engine_errors::engine_errors()
        .into_iter()
        .map(|(name, _, number)| (name, u32::from(number)))
        .collect();
    rows.extend([
        row("EventError", EventError::Malformed { reason: "r" }),
        row("EventError", EventError::Unsigned),
        row("EventError", EventError::NotInForce),
        row("EventError", EventError::NoIssuer),
        row("FfiError", FfiError::NullArgument),
        row("FfiError", FfiError::InvalidArgument),
        row("FfiError", FfiError::NotUtf8),
        row("FfiError", FfiError::ClaimAbsent),
        row("FfiError", FfiError::Panic),
    ]);
    rows
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
        crate::JWT_ERR_INTERNAL_PANIC
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
