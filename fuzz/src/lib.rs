//! Shared pieces of the fuzz targets: fixed keys, the policy, and the
//! differential checks against serde_json.

use jwt_core::json::{self, Members};

/// The fixed clock every target verifies at.
pub const NOW: i64 = 1_700_000_000;

/// The HS256 secret the verify targets use.
pub const HS_SECRET: &[u8] = b"fuzzing-secret-fuzzing-secret-32b";

/// Checks the strict JSON checker against serde_json on `text`:
/// whatever we accept, serde_json must accept with the same members (no
/// duplicate silently merged); whatever serde_json rejects, so do we.
pub fn json_differential(text: &str, depth: usize) {
    let ours = json::check_object(text, depth);
    // Duplicates at any depth, by an independent reference (serde_json's
    // parser with a visitor that refuses a repeated key in any map).
    let reference = no_duplicates(text);
    if ours.is_ok() {
        assert!(
            reference.as_ref().map_or_else(|e| e.contains("number out of range"), |()| true),
            "checker accepted JSON the duplicate-refusing reference rejects: {reference:?}"
        );
    }
    if ours == Err(json::JsonError::DuplicateMember) {
        // The reference may stop earlier, at a number beyond f64.
        assert!(reference.is_err(), "checker saw a duplicate the reference did not");
    }
    // The one-pass visitor sees exactly what Members iterates.
    if ours.is_ok() {
        let mut visited = Vec::new();
        json::check_members(text, depth, |k, v| {
            visited.push((k.raw(), v.raw(), v.as_string().map(|s| s.to_cow())));
            Ok::<(), json::JsonError>(())
        })
        .expect("check_members disagrees with check_object");
        let members: Vec<_> = Members::new(text)
            .map(|(k, v)| (k.raw(), v, json::JsonStr::from_value(v).map(|s| s.to_cow())))
            .collect();
        assert_eq!(visited, members, "visitor and Members differ");
    }
    let theirs = serde_json::from_str::<serde_json::Value>(text);
    if ours.is_ok() {
        // Known, intended divergence: RFC 8259's grammar allows numbers
        // beyond f64 (1e400); serde_json refuses them. The checker accepts
        // the syntax and the claims reader types them as invalid claims.
        if let Err(e) = &theirs {
            if e.to_string().starts_with("number out of range") {
                return;
            }
        }
        let value = theirs.expect("checker accepted JSON that serde_json rejects");
        let obj = value.as_object().expect("checker accepted a non-object");
        assert_eq!(obj.len(), Members::new(text).count(), "member count differs");
        for (k, v) in Members::new(text) {
            let key = k.to_cow();
            let sv = obj.get(key.as_ref()).expect("member missing in serde_json's view");
            let raw: serde_json::Value = serde_json::from_str(v).expect("raw member value is not JSON");
            assert_eq!(&raw, sv, "member value differs");
        }
    }
}

/// serde_json's parser, refusing a repeated key in any object: Ok, or the
/// error text ("duplicate" for a repeated key).
pub fn no_duplicates(text: &str) -> Result<(), String> {
    use serde::de::{DeserializeSeed, Error as _, MapAccess, SeqAccess, Visitor};
    struct Seed;
    struct V;
    impl<'de> DeserializeSeed<'de> for Seed {
        type Value = ();
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(V)
        }
    }
    impl<'de> Visitor<'de> for V {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("JSON")
        }
        fn visit_bool<E>(self, _: bool) -> Result<(), E> { Ok(()) }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> { Ok(()) }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> { Ok(()) }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> { Ok(()) }
        fn visit_str<E>(self, _: &str) -> Result<(), E> { Ok(()) }
        fn visit_unit<E>(self) -> Result<(), E> { Ok(()) }
        fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<(), A::Error> {
            while a.next_element_seed(Seed)?.is_some() {}
            Ok(())
        }
        fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<(), A::Error> {
            let mut seen = std::collections::HashSet::new();
            while let Some(k) = a.next_key::<String>()? {
                if !seen.insert(k) {
                    return Err(A::Error::custom("duplicate"));
                }
                a.next_value_seed(Seed)?;
            }
            Ok(())
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    match Seed.deserialize(&mut de).and_then(|()| de.end()) {
        Ok(()) => Ok(()),
        Err(e) if e.to_string().starts_with("duplicate") => Err("duplicate".to_string()),
        Err(e) => Err(e.to_string()),
    }
}
