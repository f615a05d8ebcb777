//! Arbitrary JSON into the strict checker, the borrowed claims view and
//! the owned one, each compared with serde_json.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    jwt_fuzz::json_differential(text, 16);
    if jwt_core::json::check_object(text, 16).is_err() {
        return;
    }
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        // Only numbers beyond f64 (see json_differential) get here.
        let _ = jwt_core::ClaimsRef::parse(text);
        return;
    };
    match jwt_core::ClaimsRef::parse(text) {
        Ok(c) => {
            // Strings agree with serde_json's reading.
            for (name, ours) in [("iss", c.iss()), ("sub", c.sub()), ("jti", c.jti())] {
                let ours = ours.map(|s| s.into_owned());
                let theirs = value.get(name).map(|v| v.as_str().unwrap().to_string());
                assert_eq!(ours, theirs, "{name}");
            }
            // Integral NumericDates agree exactly.
            for (name, ours) in [("exp", c.exp()), ("nbf", c.nbf()), ("iat", c.iat())] {
                if let Some(i) = value.get(name).and_then(|v| v.as_i64()) {
                    assert_eq!(ours.map(|d| d.as_secs()), Some(i), "{name}");
                }
            }
            if let Some(aud) = c.aud() {
                let owned = aud.to_owned();
                let theirs: jwt_core::Audience = serde_json::from_value(value["aud"].clone()).unwrap();
                assert_eq!(owned, theirs);
            }
            let _ = jwt_core::Validation::new().validate(&c, Some("JWT"), jwt_fuzz::NOW);
        }
        Err(_) => {
            // Refused: some registered claim must really be ill-typed.
            let bad = ["iss", "sub", "jti", "aud", "exp", "nbf", "iat"].iter().any(|n| value.get(*n).is_some());
            assert!(bad, "claims refused without any registered claim present");
        }
    }
});
