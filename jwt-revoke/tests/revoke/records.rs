use jwt_revoke::Revocation;
use jwt_revoke::record::{MAX_RECORD_STRING, Record, RecordError};

use crate::Rng;

fn samples() -> Vec<Record> {
    vec![
        Record::Revoke(Revocation::token(
            Some("https://auth.example.com"),
            "0123456789abcdef0123456789abcdef",
            1_700_000_600,
        )),
        Record::Revoke(Revocation::token(None, "t", -5)),
        Record::Revoke(Revocation::subject(Some("iss"), "device/7 ü", i64::MAX)),
        Record::Revoke(Revocation::subject(None, "", i64::MIN)),
        Record::RefreshUsed {
            family: "f".repeat(32),
            jti: "r".repeat(MAX_RECORD_STRING),
            exp: 7,
        },
        Record::FamilyRevoked {
            family: "fam".into(),
        },
    ]
}

#[test]
fn every_record_round_trips() {
    for r in samples() {
        let bytes = r.to_bytes().unwrap();
        assert_eq!(Record::decode(&bytes), Ok((r.clone(), bytes.len())));
        // Followed by more bytes: only its own are taken.
        let mut more = bytes.clone();
        more.extend_from_slice(b"next");
        assert_eq!(Record::decode(&more), Ok((r, bytes.len())));
    }
}

#[test]
fn a_string_over_the_limit_is_refused_when_encoding() {
    let r = Record::Revoke(Revocation::token(
        None,
        &"x".repeat(MAX_RECORD_STRING + 1),
        0,
    ));
    assert_eq!(r.to_bytes(), Err(RecordError::TooLong));
}

/// Every prefix is "truncated", every single-bit flip is caught (by the
/// checksum, or earlier by the frame), and nothing damaged decodes.
#[test]
fn damage_is_always_detected() {
    for r in samples() {
        let bytes = r.to_bytes().unwrap();
        for cut in 0..bytes.len() {
            assert_eq!(
                Record::decode(&bytes[..cut]),
                Err(RecordError::Truncated),
                "cut {cut}"
            );
        }
        for i in 0..bytes.len() {
            for bit in 0..8 {
                let mut d = bytes.clone();
                d[i] ^= 1 << bit;
                match Record::decode(&d) {
                    Err(_) => {}
                    Ok((got, _)) => panic!("flip {i}:{bit} decoded as {got:?}"),
                }
            }
        }
    }
}

/// Random bytes never panic and almost never decode (a random frame would
/// need a matching CRC-32).
#[test]
fn random_bytes_are_refused_without_panicking() {
    let mut rng = Rng::new(7);
    let mut decoded = 0;
    for _ in 0..20_000 {
        let len = rng.below(64) as usize;
        let mut b: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
        if let Some(k) = b.first_mut() {
            *k = 1 + (*k % 4);
        }
        if Record::decode(&b).is_ok() {
            decoded += 1;
        }
    }
    assert_eq!(decoded, 0);
}

#[test]
fn a_valid_checksum_over_an_invalid_payload_is_still_refused() {
    // Hand-framed: kind 1 with a payload whose option flag is 7.
    let mut framed = vec![1u8];
    let payload = [0u8, 0, 0, 0, 0, 0, 0, 0, 7];
    framed.extend_from_slice(&(payload.len() as u16).to_le_bytes());
    framed.extend_from_slice(&payload);
    let crc = jwt_revoke::record::crc32(&framed);
    framed.extend_from_slice(&crc.to_le_bytes());
    assert!(matches!(
        Record::decode(&framed),
        Err(RecordError::Malformed(_))
    ));
    // An unknown kind.
    let mut unknown = framed.clone();
    unknown[0] = 9;
    assert!(matches!(
        Record::decode(&unknown),
        Err(RecordError::Malformed(_))
    ));
}
