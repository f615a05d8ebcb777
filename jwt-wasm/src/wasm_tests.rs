//! wasm-bindgen-test tests of the binding, run under Node by
//! `scripts/test-wasm` (`wasm-bindgen-test-runner`). They call the
//! exported Rust API with JavaScript values, as the generated glue does;
//! the fuller suite against the generated package (jose interop, every
//! rejection code, hostile inputs) is `js-tests/package.test.mjs`.
//! (Unit tests: the crate builds only a cdylib, so that the module gets
//! the profile's LTO, which cargo skips for a library that is also an
//! rlib.)
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use alloc::string::String;
use js_sys::{Object, Reflect, Uint8Array};

use crate::{Issuer, RevocationList, SigningKey, Verifier, VerifyingKey};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

/// 2026-01-01T00:00:00Z.
const NOW_MS: f64 = 1_767_225_600_000.0;

fn object(members: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in members {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

fn opts(members: &[(&str, JsValue)]) -> Option<JsValue> {
    Some(object(members))
}

fn date(ms: f64) -> JsValue {
    js_sys::Date::new(&JsValue::from_f64(ms)).into()
}

fn secret() -> JsValue {
    Uint8Array::from(&[7u8; 32][..]).into()
}

fn get(value: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(value.clone(), |v, k| {
        Reflect::get(&v, &JsValue::from_str(k)).unwrap()
    })
}

fn code(err: &JsValue) -> String {
    get(err, &["code"]).as_string().unwrap()
}

fn hs256() -> (SigningKey, VerifyingKey) {
    let key = SigningKey::from_secret(secret(), "HS256".into()).unwrap();
    let verifying = key.verifying_key().unwrap();
    (key, verifying)
}

#[wasm_bindgen_test]
fn issue_then_verify_at_the_given_time() {
    let (key, verifying) = hs256();
    let issuer = Issuer::new(
        &key,
        opts(&[("issuer", "https://auth".into()), ("expiresIn", 60.into())]),
    )
    .unwrap();
    let token = issuer
        .issue(
            opts(&[("scope", "x".into())]),
            opts(&[("subject", "dev-1".into()), ("currentDate", date(NOW_MS))]),
        )
        .unwrap();
    let verifier = Verifier::new(
        &verifying,
        opts(&[
            ("issuer", "https://auth".into()),
            ("currentDate", date(NOW_MS)),
        ]),
    )
    .unwrap();
    let out = verifier.verify(token.clone().into(), None).unwrap();
    assert_eq!(get(&out, &["payload", "sub"]), "dev-1");
    assert_eq!(get(&out, &["header", "alg"]), "HS256");

    // 60 s later it has expired; the per-call time wins over the verifier's.
    let late = opts(&[("currentDate", date(NOW_MS + 60_000.0))]);
    let err = verifier.verify(token.clone().into(), late).unwrap_err();
    assert_eq!(code(&err), "ERR_JWT_EXPIRED");
    assert_eq!(get(&err, &["jwtCode"]), "expired");
    assert_eq!(get(&err, &["number"]), 3001);
    assert_eq!(get(&err, &["claim"]), "exp");
    assert!(err.is_instance_of::<js_sys::Error>());

    // A forged signature, then the module still verifies.
    let mut forged = token.clone();
    forged.push('A');
    let err = verifier.verify(forged.into(), None).unwrap_err();
    assert_eq!(code(&err), "ERR_JWS_SIGNATURE_VERIFICATION_FAILED");
    assert!(verifier.verify(token.into(), None).is_ok());
}

#[wasm_bindgen_test]
fn non_strings_and_unknown_options_are_refused() {
    let (_, verifying) = hs256();
    let verifier = Verifier::new(&verifying, None).unwrap();
    for bad in [
        JsValue::from(42),
        JsValue::NULL,
        Object::new().into(),
        JsValue::from(true),
    ] {
        let err = verifier.verify(bad, None).unwrap_err();
        assert_eq!(code(&err), "ERR_INVALID_ARG_TYPE");
        assert!(err.is_instance_of::<js_sys::TypeError>());
    }
    let huge = "a".repeat(3 << 20);
    let err = verifier.verify(huge.into(), None).unwrap_err();
    assert_eq!(code(&err), "ERR_INVALID_ARG_VALUE");
    let err = Verifier::new(&verifying, opts(&[("audiance", "gw".into())]))
        .err()
        .unwrap();
    assert_eq!(code(&err), "ERR_INVALID_ARG_VALUE");
    let err = VerifyingKey::from_secret("not bytes".into(), "HS256".into())
        .err()
        .unwrap();
    assert_eq!(code(&err), "ERR_INVALID_ARG_TYPE");
    let err = VerifyingKey::from_secret(secret(), "ES256".into())
        .err()
        .unwrap();
    assert_eq!(code(&err), "ERR_JWK_INVALID");
}

#[wasm_bindgen_test]
fn generated_keys_sign_with_randomness_from_javascript() {
    for alg in ["ES256", "EdDSA", "HS512"] {
        let key = SigningKey::generate(alg.into()).unwrap();
        assert_eq!(key.alg(), alg);
        let again = SigningKey::generate(alg.into()).unwrap();
        assert_ne!(
            key.kid(),
            again.kid(),
            "{alg}: two keys from getRandomValues differ"
        );
        let token = Issuer::new(&key, opts(&[("expiresIn", 60.into())]))
            .unwrap()
            .issue(None, None)
            .unwrap();
        // Time from Date.now() on both sides.
        let verifier = Verifier::new(&key.verifying_key().unwrap(), None).unwrap();
        let out = verifier.verify(token.into(), None).unwrap();
        assert_eq!(get(&out, &["header", "alg"]), alg);
    }
}

#[wasm_bindgen_test]
fn revoked_tokens_are_refused() {
    let (key, verifying) = hs256();
    let list = RevocationList::new(None).unwrap();
    let verifier = Verifier::new(&verifying, opts(&[("currentDate", date(NOW_MS))]))
        .unwrap()
        .with_revocation(&list);
    let token = Issuer::new(
        &key,
        opts(&[("issuer", "i".into()), ("expiresIn", 60.into())]),
    )
    .unwrap()
    .issue(
        None,
        opts(&[("jti", "t-1".into()), ("currentDate", date(NOW_MS))]),
    )
    .unwrap();
    assert!(verifier.verify(token.clone().into(), None).is_ok());
    let exp = (NOW_MS / 1000.0 + 60.0).into();
    let added = list
        .revoke_token(
            object(&[("iss", "i".into()), ("jti", "t-1".into()), ("exp", exp)]),
            opts(&[("currentDate", date(NOW_MS))]),
        )
        .unwrap();
    assert_eq!(added, "new");
    let err = verifier.verify(token.into(), None).unwrap_err();
    assert_eq!(code(&err), "ERR_JWT_REVOKED");
    assert_eq!(list.size(), 1);
}
