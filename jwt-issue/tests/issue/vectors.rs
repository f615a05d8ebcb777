use jwt_issue::{
    EdDsaSigningKey, Hs256SigningKey, IssueError, Rs256SigningKey, SigningKey, jwk_thumbprint,
    sign_compact,
};

use crate::common::vector;

/// RFC 7515 appendix A.1: HS256 over the exact header and payload bytes
/// (with their CR LF and spaces).
#[test]
fn rfc7515_a1_hs256_byte_for_byte() {
    let key = Hs256SigningKey::from_jwk_json(
        r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#,
    )
    .unwrap();
    let header = b"{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}";
    let payload =
        b"{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}";
    assert_eq!(
        sign_compact(&key, header, payload).unwrap(),
        "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    );
}

/// RFC 8037 appendix A.4, read from the cookbook's curve25519/jws.json.
#[test]
fn rfc8037_a4_ed25519_byte_for_byte() {
    let case: serde_json::Value =
        serde_json::from_str(&vector("jose-cookbook/curve25519/jws.json")).unwrap();
    let jwk = case["input"]["key"].to_string();
    let key = EdDsaSigningKey::from_jwk_json(&jwk).unwrap();
    let payload = case["input"]["payload"].as_str().unwrap();
    let token = sign_compact(&key, br#"{"alg":"EdDSA"}"#, payload.as_bytes()).unwrap();
    assert_eq!(token, case["output"]["compact"].as_str().unwrap());
    assert_eq!(
        token,
        "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
    );
}

/// RFC 8037 appendix A.3: the Ed25519 key's RFC 7638 thumbprint.
#[test]
fn rfc8037_a3_thumbprint() {
    let key = EdDsaSigningKey::from_jwk_json(
        r#"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#,
    )
    .unwrap();
    assert_eq!(
        key.thumbprint(),
        "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
    );
    assert_eq!(
        key.kid(),
        Some("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")
    );
    assert_eq!(
        jwk_thumbprint(&key.public_jwk().unwrap()).unwrap(),
        key.thumbprint()
    );
}

/// RFC 7638 section 3.1: the example RSA key's thumbprint.
#[test]
fn rfc7638_3_1_thumbprint() {
    let jwk = r#"{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}"#;
    assert_eq!(
        jwk_thumbprint(jwk).unwrap(),
        "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
    );
}

/// RFC 7520 4.1 (the JOSE cookbook's RS256 example): our private-JWK
/// import and PKCS#1 v1.5 signing reproduce the published signature.
#[test]
fn rfc7520_4_1_rs256_byte_for_byte() {
    let key = Rs256SigningKey::from_jwk_json(&vector("jose-cookbook/jwk/3_4.rsa_private_key.json"))
        .unwrap();
    let case: serde_json::Value =
        serde_json::from_str(&vector("jose-cookbook/jws/4_1.rsa_v15_signature.json")).unwrap();
    let protected = jwt_core::b64::decode(
        case["signing"]["protected_b64u"].as_str().unwrap(),
        jwt_core::Part::Header,
    )
    .unwrap();
    let payload = case["input"]["payload"].as_str().unwrap();
    let token = sign_compact(&key, &protected, payload.as_bytes()).unwrap();
    assert_eq!(token, case["output"]["compact"].as_str().unwrap());
    assert_eq!(key.kid(), Some("bilbo.baggins@hobbiton.example"));
}

#[test]
fn sign_compact_refuses_a_header_naming_another_algorithm() {
    let key = Hs256SigningKey::new(&[9; 32]).unwrap();
    for header in [
        &br#"{"alg":"HS384"}"#[..],
        br#"{"typ":"JWT"}"#,
        br#"{"alg":"none"}"#,
    ] {
        assert_eq!(
            sign_compact(&key, header, b"{}").unwrap_err(),
            IssueError::Mismatch {
                reason: "the header's alg does not name the key's algorithm"
            }
        );
    }
    assert!(matches!(
        sign_compact(&key, br#"{"alg":"HS256","alg":"HS256"}"#, b"{}"),
        Err(IssueError::Malformed { .. })
    ));
}
