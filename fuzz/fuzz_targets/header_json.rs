//! Arbitrary JSON as a token header: the header model against serde_json.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let token = format!("{}.e30.AAAA", jwt_core::b64::encode(text.as_bytes()));
    let options = jwt_core::ParseOptions::default().allow_critical("exp-device");
    match jwt_core::UntrustedToken::parse_with(&token, &options) {
        Ok(t) => {
            jwt_fuzz::json_differential(text, 16);
            // Numbers beyond f64 are valid JSON that serde_json refuses.
            let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else { return };
            let h = t.header();
            assert_eq!(value["alg"].as_str(), Some(h.algorithm().as_str()));
            assert_eq!(value.get("kid").map(|v| v.as_str().unwrap().to_string()), h.kid().map(|k| k.into_owned()));
            assert_eq!(value.get("typ").map(|v| v.as_str().unwrap().to_string()), h.typ().map(|k| k.into_owned()));
            assert!(value.get("b64").is_none());
            assert!(!value["alg"].as_str().unwrap().eq_ignore_ascii_case("none"));
        }
        Err(_) => {}
    }
});
