//! The error-code table (`jwt-core/ERROR_CODES.md`, rendered as
//! `jwt_core::error::codes`) against every variant of every error type:
//! a renamed, renumbered, added or removed code fails here.

use std::collections::{BTreeMap, BTreeSet};

use jwt_core::{ParseError, StoreError, VerifyError};
use jwt_issue::IssueError;
use jwt_keys::KeyError;
use jwt_verify::RemoteError;

use super::engine_errors::{engine_errors, row};

const TABLE: &str = include_str!("../../../jwt-core/ERROR_CODES.md");

/// One instance of every variant, named as in the table.
fn every_error() -> Vec<(String, &'static str, u16)> {
    let mut rows = engine_errors();
    rows.extend([
        row("RemoteError", RemoteError::InsecureUrl),
        row("RemoteError", RemoteError::InvalidUrl { reason: "r" }),
        row("RemoteError", RemoteError::RootCertificates { reason: "r" }),
        row("RemoteError", RemoteError::Connect { detail: "d".into() }),
        row("RemoteError", RemoteError::Tls { detail: "d".into() }),
        row("RemoteError", RemoteError::Timeout),
        row("RemoteError", RemoteError::Http { status: 500 }),
        row("RemoteError", RemoteError::TooLarge { limit: 1 }),
        row("RemoteError", RemoteError::Malformed { reason: "r" }),
        row("RemoteError", RemoteError::Transport { detail: "d".into() }),
    ]);
    rows.sort_by_key(|r| r.2);
    rows
}

/// Error types whose rows another crate's test checks (`jwt-revoke` and
/// `jwt-ffi`, which this crate cannot depend on).
const CHECKED_ELSEWHERE: &[&str] = &["EventError::", "FfiError::"];

/// The table's rows: number -> (code, error), for the types this test
/// knows. Numbers and codes are unique across the whole table.
fn table() -> BTreeMap<u16, (String, String)> {
    let mut rows = BTreeMap::new();
    let mut codes = BTreeSet::new();
    for line in TABLE
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| number"))
    {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let number: u16 = cells[1].parse().unwrap_or_else(|_| panic!("{line}"));
        let code = cells[2].trim_matches('`').to_string();
        let error = cells[3].trim_matches('`').to_string();
        assert!(codes.insert(code.clone()), "code {code} twice");
        if CHECKED_ELSEWHERE.iter().any(|t| error.starts_with(t)) {
            continue;
        }
        assert!(
            rows.insert(number, (code, error)).is_none(),
            "number {number} twice"
        );
    }
    rows
}

#[test]
fn the_table_is_the_code() {
    let table = table();
    let errors = every_error();
    let from_code: BTreeMap<u16, (String, String)> = errors
        .iter()
        .map(|(name, code, number)| (*number, (code.to_string(), name.clone())))
        .collect();
    assert_eq!(from_code.len(), errors.len(), "two variants share a number");
    assert_eq!(table, from_code);
}

#[test]
fn codes_are_unique_and_numbers_are_in_their_ranges() {
    let errors = every_error();
    let codes: BTreeSet<&str> = errors.iter().map(|e| e.1).collect();
    assert_eq!(codes.len(), errors.len(), "two variants share a code");
    for (name, code, number) in &errors {
        let range = match name.split("::").next() {
            Some("ParseError") => 1000..2000,
            Some("KeyError") => 2000..3000,
            Some("StoreError") => 5100..5200,
            Some("IssueError") => 6000..7000,
            Some("RemoteError") => 7000..8000,
            Some("VerifyError") => match *number {
                n if n < 4000 => 3000..4000,
                n if n < 5000 => 4000..5000,
                _ => 5000..5100,
            },
            _ => unreachable!(),
        };
        assert!(range.contains(number), "{name} {code} {number}");
        assert!(
            code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
            "{code} is not snake_case"
        );
    }
}

/// Wrapping errors carry the wrapped code.
#[test]
fn wrapped_errors_carry_their_inner_code() {
    let parse = ParseError::AlgNone;
    assert_eq!(VerifyError::Parse(parse.clone()).code(), parse.code());
    assert_eq!(VerifyError::Parse(parse.clone()).number(), 1005);
    assert_eq!(IssueError::Key(KeyError::Encrypted).number(), 2003);
    assert_eq!(
        IssueError::Store(StoreError::Full).code(),
        StoreError::Full.code()
    );
    let unusable = KeyError::NoUsableKey {
        first: Box::new(KeyError::Encrypted),
    };
    assert_eq!(RemoteError::Key(unusable.clone()).code(), unusable.code());
    assert_eq!(RemoteError::Key(unusable).number(), 2010);
}
