use std::collections::BTreeMap;

use jwt_issue::{
    EdDsaSigningKey, FixedClock, Hs256SigningKey, IssueError, NumericDate, SigningKey, TokenBuilder,
};
use jwt_verify::{Hs256Key, Validation, Verifier};
use serde::Serialize;

use crate::common::{FailingRng, NOW, TestRng, header, payload};

fn key() -> Hs256SigningKey {
    Hs256SigningKey::new(&[7; 32]).unwrap()
}

#[test]
fn header_is_alg_typ_kid_and_claims_are_in_order() {
    let key = key();
    let token = TokenBuilder::new(&key)
        .typ("iot-device+jwt")
        .issuer("iss")
        .subject("sub")
        .audience("a1")
        .audience("a2")
        .ttl(60)
        .not_before(NumericDate::from_secs(NOW - 5))
        .jti("id-1")
        .claim("z", 1)
        .unwrap()
        .claim("a", vec!["x", "y"])
        .unwrap()
        .issue(&FixedClock(NOW), &mut TestRng::new(0))
        .unwrap();
    assert_eq!(
        header(&token),
        format!(
            r#"{{"alg":"HS256","typ":"iot-device+jwt","kid":"{}"}}"#,
            key.thumbprint()
        )
    );
    assert_eq!(
        payload(&token),
        format!(
            r#"{{"iss":"iss","sub":"sub","aud":["a1","a2"],"exp":{},"nbf":{},"iat":{NOW},"jti":"id-1","z":1,"a":["x","y"]}}"#,
            NOW + 60,
            NOW - 5
        )
    );
    // jwt-verify accepts it with the matching policy.
    let verifier = Verifier::new(Hs256Key::new(&[7; 32]).unwrap(), FixedClock(NOW))
        .with_validation(
            Validation::new()
                .typ("iot-device+jwt")
                .audience("a2")
                .issuer("iss"),
        );
    verifier.verify(&token).unwrap();
}

#[test]
fn strings_are_escaped() {
    let key = key().without_kid();
    let token = TokenBuilder::new(&key)
        .typ("a\"b")
        .subject("line\nbreak \\ \u{1} \u{e9}")
        .ttl(1)
        .issue(&FixedClock(NOW), &mut TestRng::new(0))
        .unwrap();
    assert_eq!(header(&token), r#"{"alg":"HS256","typ":"a\"b"}"#);
    let v: serde_json::Value = serde_json::from_str(&payload(&token)).unwrap();
    assert_eq!(v["sub"], "line\nbreak \\ \u{1} \u{e9}");
}

#[test]
fn jti_is_128_random_bits_in_lowercase_hex() {
    let key = key();
    let builder = TokenBuilder::new(&key).ttl(10);
    let mut rng = TestRng::new(9);
    let a: serde_json::Value = serde_json::from_str(&payload(
        &builder.issue(&FixedClock(NOW), &mut rng).unwrap(),
    ))
    .unwrap();
    let b: serde_json::Value = serde_json::from_str(&payload(
        &builder.issue(&FixedClock(NOW), &mut rng).unwrap(),
    ))
    .unwrap();
    let jti = a["jti"].as_str().unwrap();
    assert_eq!(jti.len(), 32);
    assert!(
        jti.bytes()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
    );
    assert_ne!(a["jti"], b["jti"]);
}

#[derive(Serialize)]
struct Telemetry {
    device_class: &'static str,
    scopes: Vec<&'static str>,
    quota: u32,
}

#[test]
fn custom_claims_from_a_struct_or_a_map() {
    let key = key();
    let token = TokenBuilder::new(&key)
        .ttl(10)
        .jti("j")
        .claims(&Telemetry {
            device_class: "sensor",
            scopes: vec!["read"],
            quota: 5,
        })
        .unwrap()
        .claims(&BTreeMap::from([("region", "eu-1")]))
        .unwrap()
        .issue(&FixedClock(NOW), &mut TestRng::new(0))
        .unwrap();
    assert!(payload(&token).ends_with(
        r#""jti":"j","device_class":"sensor","scopes":["read"],"quota":5,"region":"eu-1"}"#
    ));
}

#[test]
fn custom_claims_from_json_text_are_kept_byte_for_byte() {
    let key = key();
    // What a binding hands over (the wasm package: JSON.stringify's text);
    // numbers keep their exact digits, even beyond 2^53.
    let token = TokenBuilder::new(&key)
        .ttl(10)
        .jti("j")
        .claims_json(r#"{"big":123456789012345678901234567890,"f":1.50,"s":"\u00e9"}"#)
        .unwrap()
        .issue(&FixedClock(NOW), &mut TestRng::new(0))
        .unwrap();
    assert!(
        payload(&token)
            .ends_with(r#""jti":"j","big":123456789012345678901234567890,"f":1.50,"s":"\u00e9"}"#)
    );
    for bad in ["[1]", "{\"a\":1,\"a\":2}", "{\"a\":", "null"] {
        assert!(
            matches!(
                TokenBuilder::new(&key).claims_json(bad),
                Err(IssueError::InvalidClaims { .. })
            ),
            "{bad}"
        );
    }
    assert!(matches!(
        TokenBuilder::new(&key).claims_json(r#"{"sub":"x"}"#),
        Err(IssueError::ReservedClaim { name: "sub" })
    ));
}

#[test]
fn registered_claims_cannot_be_overwritten() {
    let key = key();
    for name in ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"] {
        assert_eq!(
            TokenBuilder::new(&key).claim(name, 1).unwrap_err(),
            IssueError::ReservedClaim { name }
        );
        let map = BTreeMap::from([("ok", 1), (name, 2)]);
        assert_eq!(
            TokenBuilder::new(&key).claims(&map).unwrap_err(),
            IssueError::ReservedClaim { name }
        );
    }
    #[derive(Serialize)]
    struct Sneaky {
        #[serde(rename = "exp")]
        forever: u64,
    }
    assert_eq!(
        TokenBuilder::new(&key)
            .claims(&Sneaky { forever: u64::MAX })
            .unwrap_err(),
        IssueError::ReservedClaim { name: "exp" }
    );
    assert_eq!(
        TokenBuilder::new(&key)
            .claim("role", 1)
            .unwrap()
            .claim("role", 2)
            .unwrap_err(),
        IssueError::DuplicateClaim {
            name: "role".into()
        }
    );
    assert_eq!(
        TokenBuilder::new(&key).claims(&vec![1, 2]).unwrap_err(),
        IssueError::InvalidClaims {
            reason: "custom claims must serialise to a JSON object"
        }
    );
    assert_eq!(
        TokenBuilder::new(&key).claims(&"text").unwrap_err(),
        IssueError::InvalidClaims {
            reason: "custom claims must serialise to a JSON object"
        }
    );
    let deep = (0..20).fold(serde_json::json!(1), |v, _| serde_json::json!([v]));
    assert!(matches!(
        TokenBuilder::new(&key).claim("deep", deep),
        Err(IssueError::InvalidClaims { .. })
    ));
}

#[test]
fn expiry_is_required_unless_explicitly_waived() {
    let key = key();
    let mut rng = TestRng::new(0);
    assert_eq!(
        TokenBuilder::new(&key)
            .issue(&FixedClock(NOW), &mut rng)
            .unwrap_err(),
        IssueError::MissingTtl
    );
    let forever = TokenBuilder::new(&key)
        .no_expiry()
        .issue(&FixedClock(NOW), &mut rng)
        .unwrap();
    assert!(!payload(&forever).contains("\"exp\""));
    // jwt-verify refuses it by default and accepts it only when told to.
    let hs = || Hs256Key::new(&[7; 32]).unwrap();
    assert!(
        Verifier::new(hs(), FixedClock(NOW))
            .verify(&forever)
            .is_err()
    );
    Verifier::new(hs(), FixedClock(NOW))
        .with_validation(Validation::new().allow_missing_exp())
        .verify(&forever)
        .unwrap();
    assert_eq!(
        TokenBuilder::new(&key)
            .ttl(u64::MAX)
            .issue(&FixedClock(NOW), &mut rng)
            .unwrap_err(),
        IssueError::TimeOverflow
    );
    assert_eq!(
        TokenBuilder::new(&key)
            .ttl(10)
            .issue(&FixedClock(i64::MAX - 5), &mut rng)
            .unwrap_err(),
        IssueError::TimeOverflow
    );
}

#[test]
fn an_unknown_time_or_a_failing_rng_is_an_error() {
    let key = key();
    let no_time = || None::<i64>;
    let mut out = String::from("old");
    assert_eq!(
        TokenBuilder::new(&key)
            .ttl(1)
            .issue_into(&no_time, &mut TestRng::new(0), &mut out)
            .unwrap_err(),
        IssueError::ClockUnavailable
    );
    assert!(out.is_empty());
    assert_eq!(
        TokenBuilder::new(&key)
            .ttl(1)
            .issue(&FixedClock(NOW), &mut FailingRng)
            .unwrap_err(),
        IssueError::Rng
    );
    // With a fixed jti no randomness is needed.
    TokenBuilder::new(&key)
        .ttl(1)
        .jti("x")
        .issue(&FixedClock(NOW), &mut FailingRng)
        .unwrap();
}

#[test]
fn issue_into_a_buffer() {
    let key = EdDsaSigningKey::from_seed(&[3; 32]);
    let builder = TokenBuilder::new(&key).subject("device").ttl(30).jti("j1");
    let expected = builder
        .issue(&FixedClock(NOW), &mut TestRng::new(0))
        .unwrap();
    let mut buf = [0u8; 512];
    let n = builder
        .issue_to_slice(&FixedClock(NOW), &mut TestRng::new(0), &mut buf)
        .unwrap();
    assert_eq!(&buf[..n], expected.as_bytes());
    // Exactly enough room works; one byte less is a typed error saying how much is needed.
    let mut exact = vec![0u8; expected.len()];
    assert_eq!(
        builder
            .issue_to_slice(&FixedClock(NOW), &mut TestRng::new(0), &mut exact)
            .unwrap(),
        expected.len()
    );
    let mut short = vec![0u8; expected.len() - 1];
    assert_eq!(
        builder
            .issue_to_slice(&FixedClock(NOW), &mut TestRng::new(0), &mut short)
            .unwrap_err(),
        IssueError::BufferTooSmall {
            needed: expected.len()
        }
    );
    // issue_into reuses the caller's String and reserves the exact length.
    let mut out = String::new();
    builder
        .issue_into(&FixedClock(NOW), &mut TestRng::new(0), &mut out)
        .unwrap();
    assert_eq!(out, expected);
    assert_eq!(out.capacity(), out.len());
}

#[test]
fn the_token_length_is_exact_for_every_algorithm() {
    for key in crate::roundtrip::all_keys() {
        let mut out = String::new();
        TokenBuilder::new(key.as_ref())
            .ttl(5)
            .issuer("x")
            .issue_into(&FixedClock(NOW), &mut TestRng::new(1), &mut out)
            .unwrap();
        assert_eq!(out.capacity(), out.len(), "{}", key.algorithm());
    }
}

#[test]
fn works_through_trait_objects_and_references() {
    let boxed: Box<dyn SigningKey> = Box::new(key());
    let by_ref: &dyn SigningKey = &*boxed;
    TokenBuilder::new(&boxed)
        .ttl(1)
        .issue(&FixedClock(NOW), &mut TestRng::new(0))
        .unwrap();
    TokenBuilder::new(&by_ref)
        .ttl(1)
        .issue(&FixedClock(NOW), &mut TestRng::new(0))
        .unwrap();
    TokenBuilder::new(by_ref)
        .ttl(1)
        .issue(&FixedClock(NOW), &mut TestRng::new(0))
        .unwrap();
}
