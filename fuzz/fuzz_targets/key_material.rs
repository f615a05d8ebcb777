//! Arbitrary bytes through the key factory (`jwt_keys::KeyMaterial`), with
//! and without an HMAC hint, then into verifying and signing keys; and the
//! invariant of the raw-secret rule: bytes that detection recognises as key
//! material are never returned as a secret, and without an HMAC hint
//! nothing is a secret; and the lean path (`HmacSecret::from_raw`, no
//! parsers) takes exactly the secrets the factory takes, so it never
//! accepts a key file the factory recognises.
#![no_main]
use jwt_core::Algorithm;
use jwt_keys::{KeyHint, KeyMaterial};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let plain = KeyMaterial::from_bytes(data, KeyHint::new());
    assert!(!matches!(plain, Ok(KeyMaterial::Secret(_))), "secret without a hint");
    let hinted = KeyMaterial::from_bytes(data, KeyHint::new().algorithm(Algorithm::HS256));
    if let Ok(KeyMaterial::Secret(_)) = &hinted {
        // Only unrecognised bytes become a secret.
        assert!(matches!(plain, Err(jwt_keys::KeyError::UnrecognisedFormat)));
    }
    let lean = jwt_keys::HmacSecret::from_raw(data);
    assert_eq!(
        lean.is_ok(),
        matches!(hinted, Ok(KeyMaterial::Secret(_))),
        "the lean raw-secret path and the factory disagree: {lean:?} / {hinted:?}"
    );
    for material in [plain, hinted].into_iter().flatten() {
        let _ = jwt_verify::MaterialKeys::from_material(&material, &[]);
        // RSA signing-key import is slow (key validation); keep runs fast.
        if data.len() < 2048 {
            let _ = jwt_issue::signing_key_from_material(
                &material,
                Algorithm::ES256,
                jwt_issue::KeyId::Default,
            );
        }
    }
});
