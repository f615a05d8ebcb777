//! Arbitrary bytes against a fixed HS256 key and policy.
#![no_main]
use std::sync::OnceLock;

use jwt_verify::{FixedClock, Hs256Key, Validation, Verifier};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    static V: OnceLock<Verifier<Hs256Key, FixedClock>> = OnceLock::new();
    let v = V.get_or_init(|| {
        Verifier::new(Hs256Key::new(jwt_fuzz::HS_SECRET).unwrap(), FixedClock(jwt_fuzz::NOW))
            .with_validation(Validation::new().issuer("auth").insecure_ignore_audience())
    });
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(t) = v.verify(text) {
        // Only a genuinely signed token gets here: impossible without the
        // secret, but if the corpus holds one, its claims must be sane.
        assert!(t.claims().exp().is_some());
    }
    let mut buf = [0u8; 512];
    let _ = v.verify_in(text, &mut buf);
});
