//! Arbitrary bytes against a fixed RS256 key (RFC 7515 A.2's modulus).
#![no_main]
use std::sync::OnceLock;

use jwt_verify::{FixedClock, Jwk, Verifier, VerifyingKey};
use libfuzzer_sys::fuzz_target;

const JWK: &str = r#"{"kty":"RSA","n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ","e":"AQAB"}"#;

fuzz_target!(|data: &[u8]| {
    static V: OnceLock<Verifier<jwt_verify::DynVerifyingKey, FixedClock>> = OnceLock::new();
    let v = V.get_or_init(|| {
        let key = Jwk::from_json(JWK).unwrap().to_verifying_key(Some(jwt_core::Algorithm::RS256)).unwrap();
        assert_eq!(key.algorithm(), jwt_core::Algorithm::RS256);
        Verifier::new(key, FixedClock(jwt_fuzz::NOW))
    });
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = v.verify(text);
});
