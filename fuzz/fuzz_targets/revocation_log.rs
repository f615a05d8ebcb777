//! Arbitrary bytes through the revocation record codec and the log
//! reader (`jwt_revoke`): nothing panics; every record that decodes
//! re-encodes to exactly the bytes it came from; a log image either reads
//! or reports damage at a record boundary; and the revocations read land
//! in a list that answers lookups.
#![no_main]
use jwt_revoke::record::Record;
use jwt_revoke::{LogError, Policy, RevocationList, read_revocation_log};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Records one after another, as firmware keeps them in flash.
    let mut rest = data;
    while let Ok((record, used)) = Record::decode(rest) {
        let again = record.to_bytes().expect("a decoded record re-encodes");
        assert_eq!(again.as_slice(), &rest[..used], "re-encoding differs");
        rest = &rest[used..];
    }
    // The same bytes behind a valid log header.
    let mut image = jwt_revoke::write_revocation_log(&[]).expect("empty log");
    image.extend_from_slice(data);
    let records = match read_revocation_log(&image) {
        Ok(records) => records,
        Err(LogError::Damaged(damage)) => {
            assert!(damage.offset as usize <= image.len());
            Vec::new()
        }
        Err(e) => panic!("a valid header was refused: {e}"),
    };
    let mut list = RevocationList::new(Policy::new(1_000));
    for record in records {
        if let Record::Revoke(r) = record {
            let _ = list.revoke(r, 1_700_000_000);
        }
    }
    let claims = jwt_core::ClaimsRef::parse(r#"{"iss":"i","jti":"j","sub":"s"}"#).expect("claims");
    let _ = list.contains_claims(&claims);
});
