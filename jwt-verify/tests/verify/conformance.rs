//! RFC example vectors, each test named after the section it comes from.
//!
//! - RFC 7515 appendix A.1-A.4: the JWS examples. A.1-A.3 carry the same
//!   JWT claims set (`iss`, `exp` 1300819380, a custom claim) and are
//!   checked through the full [`Verifier::verify`] with a clock before and
//!   at/after `exp`. A.4's payload is the string `Payload`, not a claims
//!   set, so it is checked at the JWS layer and refused by `verify`.
//!   A.1 is quoted in the brief and the crate docs; A.2-A.4 keys and tokens
//!   were transcribed from RFC 7515 (cross-checked against several public
//!   test suites that quote the RFC). A wrong character in a key or token
//!   would make its signature fail, so the passing test is the proof.
//! - RFC 8037 appendix A.4 (Ed25519), from the jose-cookbook vectors.
//! - RFC 7520 section 4.1-4.4 (the JOSE cookbook), with the keys of its
//!   section 3, read from `vectors/jose-cookbook`.
//! - RFC 7797 section 4.2 (`b64: false`), which this project refuses.

use jwt_core::{ParseError, Part};
use jwt_verify::{
    Algorithm, EdDsaVerifyingKey, Es256VerifyingKey, Es512VerifyingKey, FixedClock, Hs256Key, Jwk,
    KeySet, Rs256VerifyingKey, Verifier, VerifyError, VerifyingKey,
};
use serde_json::Value;

const RFC7515_EXP: i64 = 1_300_819_380;
/// The RFC 7515 A.1-A.3 payload, byte for byte (CRLF and a leading space).
const RFC7515_CLAIMS: &str =
    "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}";

const RFC7515_A1_JWK: &str = r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#;
const RFC7515_A1_TOKEN: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

const RFC7515_A2_JWK: &str = r#"{"kty":"RSA","n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ","e":"AQAB"}"#;
const RFC7515_A2_TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";

const RFC7515_A3_JWK: &str = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;
const RFC7515_A3_TOKEN: &str = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

const RFC7515_A4_JWK: &str = r#"{"kty":"EC","crv":"P-521","x":"AekpBQ8ST8a8VcfVOTNl353vSrDCLLJXmPk06wTjxrrjcBpXp5EOnYG_NjFZ6OvLFV1jSfS9tsz4qUxcWceqwQGk","y":"ADSmRA43Z1DSNx_RvcLI87cdL07l6jQyyBXMoxVg_l2Th-x3S1WDhjDly79ajL4Kkd0AZMaZmh9ubmf63e3kyMj2"}"#;
const RFC7515_A4_TOKEN: &str = "eyJhbGciOiJFUzUxMiJ9.UGF5bG9hZA.AdwMgeerwtHoh-l192l60hp9wAHZFVJbLfD_UxMi70cwnZOYaRI1bKPWROc-mZZqwqT2SI-KGDKB34XO0aw_7XdtAG8GaSwFKdCAPZgoXD2YBJZCPEX3xKpRwcdOO8KpEHwJjyqOgzDO7iKvU8vcnwNrmxYbSW9ERBXukOXolLzeO_Jn";

const RFC8037_A4_X: &str = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
const RFC8037_A4_TOKEN: &str = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

const RFC8037_JWS: &str = include_str!("../../../vectors/jose-cookbook/curve25519/jws.json");
const RFC7520_3_1: &str = include_str!("../../../vectors/jose-cookbook/jwk/3_1.ec_public_key.json");
const RFC7520_3_2: &str =
    include_str!("../../../vectors/jose-cookbook/jwk/3_2.ec_private_key.json");
const RFC7520_3_3: &str =
    include_str!("../../../vectors/jose-cookbook/jwk/3_3.rsa_public_key.json");
const RFC7520_3_4: &str =
    include_str!("../../../vectors/jose-cookbook/jwk/3_4.rsa_private_key.json");
const RFC7520_3_5: &str =
    include_str!("../../../vectors/jose-cookbook/jwk/3_5.symmetric_key_mac_computation.json");
const RFC7520_4_1: &str =
    include_str!("../../../vectors/jose-cookbook/jws/4_1.rsa_v15_signature.json");
const RFC7520_4_2: &str =
    include_str!("../../../vectors/jose-cookbook/jws/4_2.rsa-pss_signature.json");
const RFC7520_4_3: &str =
    include_str!("../../../vectors/jose-cookbook/jws/4_3.ecdsa_signature.json");
const RFC7520_4_4: &str =
    include_str!("../../../vectors/jose-cookbook/jws/4_4.hmac-sha2_integrity_protection.json");
const RFC7797_4_2: &str =
    include_str!("../../../vectors/jose-cookbook/rfc7797/4.2.hmac-sha2_b64_false.json");

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn jwk_key(text: &str, alg: Option<Algorithm>) -> jwt_verify::DynVerifyingKey {
    Jwk::from_json(text).unwrap().to_verifying_key(alg).unwrap()
}

/// The token with one signature byte flipped (re-encoded canonically, so
/// the failure is the signature's, not the encoding's).
fn tampered(token: &str) -> String {
    let cut = token.rfind('.').unwrap();
    let mut sig = jwt_core::b64::decode(&token[cut + 1..], Part::Signature).unwrap();
    let mid = sig.len() / 2;
    sig[mid] ^= 0x01;
    format!("{}.{}", &token[..cut], jwt_core::b64::encode(&sig))
}

fn is_payload_parse_error(e: &VerifyError) -> bool {
    matches!(
        e,
        VerifyError::Parse(ParseError::Malformed {
            part: Part::Payload,
            ..
        })
    )
}

/// An RFC 7515 A.1-A.3 JWT: verifies (claims readable) one second before
/// `exp`, is `Expired` at `exp` and after, and fails with a flipped
/// signature byte.
fn assert_rfc7515_jwt(key: &dyn VerifyingKey, token: &str, alg: Algorithm) {
    let verifier = Verifier::new(key, FixedClock(RFC7515_EXP - 1));
    let verified = verifier.verify(token).unwrap();
    assert_eq!(verified.header().algorithm(), alg);
    assert_eq!(verified.payload_json(), RFC7515_CLAIMS);
    let claims = verified.claims();
    assert_eq!(claims.iss_json().unwrap().as_str(), Some("joe"));
    assert_eq!(claims.exp().unwrap().as_secs(), RFC7515_EXP);
    let custom: Value = verified.custom().unwrap();
    assert_eq!(custom["http://example.com/is_root"], Value::Bool(true));

    // The allocation-free path agrees.
    let mut buf = [0u8; 256];
    let in_buf = verifier.verify_in(token, &mut buf).unwrap();
    assert_eq!(in_buf.payload_json(), RFC7515_CLAIMS);

    // RFC 7519 4.1.4: not accepted on or after exp.
    for now in [RFC7515_EXP, RFC7515_EXP + 1, 1_700_000_000] {
        let later = Verifier::new(key, FixedClock(now));
        assert_eq!(
            later.verify(token).unwrap_err(),
            VerifyError::Expired,
            "{now}"
        );
    }
    // The signature is checked before the claims: an expired forgery is a
    // forgery.
    assert_eq!(
        verifier.verify(&tampered(token)).unwrap_err(),
        VerifyError::InvalidSignature
    );
    assert_eq!(
        Verifier::new(key, FixedClock(RFC7515_EXP))
            .verify(&tampered(token))
            .unwrap_err(),
        VerifyError::InvalidSignature
    );
}

#[test]
fn rfc7515_a1_hs256() {
    let typed = Hs256Key::from_jwk_json(RFC7515_A1_JWK).unwrap();
    assert_rfc7515_jwt(&typed, RFC7515_A1_TOKEN, Algorithm::HS256);
    // The JWK has no `alg`: an oct key needs the caller to name it.
    let dynamic = jwk_key(RFC7515_A1_JWK, Some(Algorithm::HS256));
    assert_rfc7515_jwt(&*dynamic, RFC7515_A1_TOKEN, Algorithm::HS256);
}

#[test]
fn rfc7515_a2_rs256() {
    let typed = Rs256VerifyingKey::from_jwk_json(RFC7515_A2_JWK).unwrap();
    assert_eq!(typed.modulus_bits(), 2048);
    assert_rfc7515_jwt(&typed, RFC7515_A2_TOKEN, Algorithm::RS256);
    let dynamic = jwk_key(RFC7515_A2_JWK, Some(Algorithm::RS256));
    assert_rfc7515_jwt(&*dynamic, RFC7515_A2_TOKEN, Algorithm::RS256);
}

#[test]
fn rfc7515_a3_es256() {
    let typed = Es256VerifyingKey::from_jwk_json(RFC7515_A3_JWK).unwrap();
    assert_rfc7515_jwt(&typed, RFC7515_A3_TOKEN, Algorithm::ES256);
    // No `alg` needed: the curve decides.
    let dynamic = jwk_key(RFC7515_A3_JWK, None);
    assert_rfc7515_jwt(&*dynamic, RFC7515_A3_TOKEN, Algorithm::ES256);
}

/// RFC 7515 A.4 signs the octets `Payload`, not a JWT claims set: it
/// verifies at the JWS layer, and `verify` refuses it with a payload parse
/// error (after the signature check) at any time, never with `Expired`.
#[test]
fn rfc7515_a4_es512() {
    let typed = Es512VerifyingKey::from_jwk_json(RFC7515_A4_JWK).unwrap();
    let dynamic = jwk_key(RFC7515_A4_JWK, None);
    assert_eq!(dynamic.algorithm(), Algorithm::ES512);
    for key in [&typed as &dyn VerifyingKey, &*dynamic] {
        let verifier = Verifier::new(key, FixedClock(RFC7515_EXP - 1));
        let (header, payload) = verifier.verify_jws(RFC7515_A4_TOKEN).unwrap();
        assert_eq!(header.algorithm(), Algorithm::ES512);
        assert_eq!(payload, b"Payload");
        for now in [RFC7515_EXP - 1, RFC7515_EXP, RFC7515_EXP + 1] {
            let err = Verifier::new(key, FixedClock(now))
                .verify(RFC7515_A4_TOKEN)
                .unwrap_err();
            assert!(is_payload_parse_error(&err), "{err:?}");
        }
        assert_eq!(
            verifier
                .verify_jws(&tampered(RFC7515_A4_TOKEN))
                .unwrap_err(),
            VerifyError::InvalidSignature
        );
    }
}

/// RFC 8037 A.4: Ed25519 over the text "Example of Ed25519 signing".
#[test]
fn rfc8037_a4_eddsa() {
    let v = json(RFC8037_JWS);
    assert_eq!(v["output"]["compact"], RFC8037_A4_TOKEN);
    assert_eq!(v["input"]["key"]["x"], RFC8037_A4_X);

    let raw =
        EdDsaVerifyingKey::from_bytes(&jwt_core::b64::decode(RFC8037_A4_X, Part::Payload).unwrap())
            .unwrap();
    // The file's key is the private JWK (A.1): its public half is used.
    let private_jwk = v["input"]["key"].to_string();
    let from_private = jwk_key(&private_jwk, None);
    let typed = EdDsaVerifyingKey::from_jwk_json(&private_jwk).unwrap();
    for key in [&raw as &dyn VerifyingKey, &*from_private, &typed] {
        let verifier = Verifier::new(key, FixedClock(0));
        let (header, payload) = verifier.verify_jws(RFC8037_A4_TOKEN).unwrap();
        assert_eq!(header.algorithm(), Algorithm::EdDSA);
        assert_eq!(payload, b"Example of Ed25519 signing");
        assert_eq!(payload, v["input"]["payload"].as_str().unwrap().as_bytes());
        // Plain text is not a claims set: a clean parse error, no panic.
        let err = verifier.verify(RFC8037_A4_TOKEN).unwrap_err();
        assert!(is_payload_parse_error(&err), "{err:?}");
        assert_eq!(
            verifier
                .verify_jws(&tampered(RFC8037_A4_TOKEN))
                .unwrap_err(),
            VerifyError::InvalidSignature
        );
    }
}

/// One RFC 7520 section 4 example: the compact form verifies at the JWS
/// layer (payload, `alg` and `kid` as in the file), `verify` refuses the
/// plain-text payload, a flipped signature byte fails, and both JSON
/// serialisations are refused as such.
fn assert_cookbook_example(file: &str, key: &dyn VerifyingKey) {
    let v = json(file);
    let compact = v["output"]["compact"].as_str().unwrap();
    assert_eq!(
        compact,
        format!(
            "{}.{}",
            v["signing"]["sig-input"].as_str().unwrap(),
            v["signing"]["sig"].as_str().unwrap()
        )
    );
    let verifier = Verifier::new(key, FixedClock(0));
    let (header, payload) = verifier.verify_jws(compact).unwrap();
    assert_eq!(header.algorithm().as_str(), v["input"]["alg"]);
    assert_eq!(
        header.kid().as_deref(),
        v["signing"]["protected"]["kid"].as_str()
    );
    assert_eq!(payload, v["input"]["payload"].as_str().unwrap().as_bytes());

    let err = verifier.verify(compact).unwrap_err();
    assert!(is_payload_parse_error(&err), "{err:?}");
    assert_eq!(
        verifier.verify_jws(&tampered(compact)).unwrap_err(),
        VerifyError::InvalidSignature
    );

    for form in ["json", "json_flat"] {
        let object = &v["output"][form];
        assert!(object.is_object(), "{form}");
        for text in [
            object.to_string(),
            serde_json::to_string_pretty(object).unwrap(),
            format!("  \n{object}"),
        ] {
            let want = VerifyError::Parse(ParseError::JsonSerialization);
            assert_eq!(verifier.verify_jws(&text).unwrap_err(), want, "{form}");
            assert_eq!(verifier.verify(&text).unwrap_err(), want, "{form}");
        }
    }
}

/// RFC 7520 4.1: RS256 with the RSA key of 3.3 (public) / 3.4 (private).
#[test]
fn rfc7520_4_1_rs256() {
    let file_key = json(RFC7520_4_1)["input"]["key"].to_string();
    for text in [RFC7520_3_3, RFC7520_3_4, file_key.as_str()] {
        // The cookbook JWKs carry no `alg`: the caller names RS256.
        let key = jwk_key(text, Some(Algorithm::RS256));
        assert_cookbook_example(RFC7520_4_1, &*key);
        let typed = Rs256VerifyingKey::from_jwk_json(text).unwrap();
        assert_cookbook_example(RFC7520_4_1, &typed);
    }
}

/// RFC 7520 4.2: PS384 (48-byte salt) with the same RSA key.
#[test]
fn rfc7520_4_2_ps384() {
    let file_key = json(RFC7520_4_2)["input"]["key"].to_string();
    for text in [RFC7520_3_3, RFC7520_3_4, file_key.as_str()] {
        let key = jwk_key(text, Some(Algorithm::PS384));
        assert_cookbook_example(RFC7520_4_2, &*key);
    }
}

/// RFC 7520 4.3: the ECDSA example is ES512 on P-521 (key of 3.1 / 3.2).
#[test]
fn rfc7520_4_3_es512() {
    let file_key = json(RFC7520_4_3)["input"]["key"].to_string();
    for text in [RFC7520_3_1, RFC7520_3_2, file_key.as_str()] {
        let key = jwk_key(text, None);
        assert_eq!(key.algorithm(), Algorithm::ES512);
        assert_cookbook_example(RFC7520_4_3, &*key);
        let typed = Es512VerifyingKey::from_jwk_json(text).unwrap();
        assert_cookbook_example(RFC7520_4_3, &typed);
    }
}

/// RFC 7520 4.4: HS256 with the symmetric key of 3.5.
#[test]
fn rfc7520_4_4_hs256() {
    let file_key = json(RFC7520_4_4)["input"]["key"].to_string();
    for text in [RFC7520_3_5, file_key.as_str()] {
        // 3.5 has `alg: HS256`, so no algorithm needs naming.
        let key = jwk_key(text, None);
        assert_cookbook_example(RFC7520_4_4, &*key);
        let typed = Hs256Key::from_jwk_json(text).unwrap();
        assert_cookbook_example(RFC7520_4_4, &typed);
    }
}

/// RFC 7520 4.1 and 4.2 through one JWKS: the RSA key of 3.3 (with its
/// `kid`, no `alg`) expanded to RS256 and PS384; each token's `kid` and
/// `alg` pick the key.
#[test]
fn rfc7520_4_1_and_4_2_through_a_jwks() {
    let jwks = format!(r#"{{"keys":[{RFC7520_3_3}]}}"#);
    let set = KeySet::from_jwks_json(&jwks, &[Algorithm::RS256, Algorithm::PS384]).unwrap();
    assert_eq!(set.len(), 2);
    let verifier = Verifier::new(set, FixedClock(0));
    for file in [RFC7520_4_1, RFC7520_4_2] {
        let v = json(file);
        let compact = v["output"]["compact"].as_str().unwrap();
        let (_, payload) = verifier.verify_jws(compact).unwrap();
        assert_eq!(payload, v["input"]["payload"].as_str().unwrap().as_bytes());
    }
    // 4.3 (ES512) has the same kid but no ES512 key in this set.
    let es = json(RFC7520_4_3);
    assert_eq!(
        verifier
            .verify_jws(es["output"]["compact"].as_str().unwrap())
            .unwrap_err(),
        VerifyError::AlgorithmMismatch
    );
}

/// RFC 7797 4.2: `b64: false` is refused in every form it can take.
#[test]
fn rfc7797_4_2_b64_false() {
    let v = json(RFC7797_4_2);
    let key = Hs256Key::from_jwk_json(&v["input"]["key"].to_string()).unwrap();
    let verifier = Verifier::new(&key, FixedClock(0));
    let protected = v["signing"]["protected_b64u"].as_str().unwrap();
    let sig = v["signing"]["sig"].as_str().unwrap();
    let payload = v["input"]["payload"].as_str().unwrap();
    // The header RFC 7797 4.2 prints, with crit (the cookbook's encoded
    // header omits crit).
    let with_crit = jwt_core::b64::encode(br#"{"alg":"HS256","b64":false,"crit":["b64"]}"#);

    for header in [protected, with_crit.as_str()] {
        for token in [
            // Detached payload (RFC 7797 5.2 / RFC 7515 appendix F).
            format!("{header}..{sig}"),
            // The payload base64url-encoded after all.
            format!(
                "{header}.{}.{sig}",
                jwt_core::b64::encode(payload.as_bytes())
            ),
        ] {
            let want = VerifyError::Parse(ParseError::UnencodedPayload);
            assert_eq!(verifier.verify_jws(&token).unwrap_err(), want, "{token}");
            assert_eq!(verifier.verify(&token).unwrap_err(), want, "{token}");
        }
        // The payload inline and unencoded: "$.02" holds a dot, so the
        // compact form no longer has three segments and is refused before
        // the header is read.
        let inline = format!("{header}.{payload}.{sig}");
        assert!(matches!(
            verifier.verify_jws(&inline).unwrap_err(),
            VerifyError::Parse(ParseError::Malformed {
                part: Part::Token,
                ..
            })
        ));
    }
    for form in ["json", "json_flat"] {
        let text = v["output"][form].to_string();
        assert_eq!(
            verifier.verify_jws(&text).unwrap_err(),
            VerifyError::Parse(ParseError::JsonSerialization),
            "{form}"
        );
    }
}
