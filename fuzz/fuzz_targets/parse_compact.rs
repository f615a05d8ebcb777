//! Arbitrary bytes into the untrusted-token parser (default limits).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(t) = jwt_core::UntrustedToken::parse(text) {
        // A parsed header is strict JSON that serde_json agrees with.
        jwt_fuzz::json_differential(t.header().json(), 16);
        let _ = t.header().kid();
        let _ = t.header().typ();
    }
    let _ = jwt_core::dangerous::insecure_decode(text);
});
