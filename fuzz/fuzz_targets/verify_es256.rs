//! Arbitrary bytes against a fixed ES256 key.
#![no_main]
use std::sync::OnceLock;

use jwt_verify::{Es256VerifyingKey, FixedClock, Verifier};
use libfuzzer_sys::fuzz_target;

const PUBLIC: &str = "-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEVs/o5+uQbTjL3chynL4wXgUg2R9
q9UU8I5mEovUf86QZ7kOBIjJwqnzD1omageEHWwHdBO6B+dFabmdT9POxg==
-----END PUBLIC KEY-----";

fuzz_target!(|data: &[u8]| {
    static V: OnceLock<Verifier<Es256VerifyingKey, FixedClock>> = OnceLock::new();
    let v = V.get_or_init(|| Verifier::new(Es256VerifyingKey::from_pem(PUBLIC).unwrap(), FixedClock(jwt_fuzz::NOW)));
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = v.verify(text);
});
