//! The rows of `jwt-core/ERROR_CODES.md` for this crate's errors.

use std::collections::BTreeMap;

use jwt_revoke::EventError;

const TABLE: &str = include_str!("../../../jwt-core/ERROR_CODES.md");

#[test]
fn event_error_codes_match_the_table() {
    let samples = [
        EventError::Malformed { reason: "r" },
        EventError::Unsigned,
        EventError::NotInForce,
        EventError::NoIssuer,
    ];
    let mine: BTreeMap<u16, (String, String)> = samples
        .iter()
        .map(|e| {
            let variant: String = format!("{e:?}")
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            (
                e.number(),
                (e.code().to_string(), format!("EventError::{variant}")),
            )
        })
        .collect();
    assert_eq!(mine.len(), samples.len());
    let table: BTreeMap<u16, (String, String)> = TABLE
        .lines()
        .filter(|l| l.contains("`EventError::"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (
                cells[1].parse().unwrap(),
                (
                    cells[2].trim_matches('`').to_string(),
                    cells[3].trim_matches('`').to_string(),
                ),
            )
        })
        .collect();
    assert_eq!(table, mine);
    // Wrapped errors keep the wrapped code.
    let store = EventError::Store(jwt_core::StoreError::Full);
    assert_eq!(store.number(), 5103);
}
