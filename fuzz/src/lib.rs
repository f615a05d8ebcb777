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
