use jwt_issue::{
    EdDsaSigningKey, Es256SigningKey, Es384SigningKey, Es512SigningKey, FixedClock,
    Hs512SigningKey, Ps384SigningKey, Rs256SigningKey, SigningKey, TokenBuilder, jwks,
};
use jwt_verify::{
    EdDsaVerifyingKey, Es256VerifyingKey, Es384VerifyingKey, Es512VerifyingKey, Jwk, KeySet,
    Ps384VerifyingKey, Rs256VerifyingKey, Verifier, VerifyingKey,
};

use crate::common::{NOW, TestRng, data, data_bytes};

/// A token from `key` verifies with `verifying` (both pin the algorithm).
fn verifies(key: &dyn SigningKey, verifying: impl VerifyingKey) {
    let token = TokenBuilder::new(key)
        .ttl(60)
        .issue(&FixedClock(NOW), &mut TestRng::new(10))
        .unwrap();
    Verifier::new(verifying, FixedClock(NOW))
        .verify(&token)
        .unwrap();
}

/// `a` and `b` hold the same private key: their signatures are equal
/// where signing is deterministic (RSA PKCS#1 v1.5, and ECDSA per RFC 6979
/// with the default backend). With the `aws-lc-rs` backend ECDSA nonces are
/// random, so there each signature must verify under the other key's
/// public JWK instead.
fn same_signatures(a: &dyn SigningKey, b: &dyn SigningKey) {
    let (mut sa, mut sb) = (Vec::new(), Vec::new());
    a.sign(b"same input", &mut sa).unwrap();
    b.sign(b"same input", &mut sb).unwrap();
    let randomized = cfg!(feature = "aws-lc-rs") && a.algorithm().as_str().starts_with("ES");
    if !randomized {
        assert_eq!(sa, sb);
        return;
    }
    for (signature, other) in [(&sa, b), (&sb, a)] {
        Jwk::from_json(&other.public_jwk().unwrap())
            .unwrap()
            .to_verifying_key(None)
            .unwrap()
            .verify_signature(b"same input", signature)
            .unwrap();
    }
}

#[test]
fn rsa_pkcs8_and_pkcs1_pem_and_der_are_the_same_key() {
    let pkcs8 = Rs256SigningKey::from_pem(&data("rsa2048-pkcs8.pem")).unwrap();
    let pkcs1 = Rs256SigningKey::from_pem(&data("rsa2048-pkcs1.pem")).unwrap();
    let pkcs1_der = Rs256SigningKey::from_pkcs1_der(&data_bytes("rsa2048-pkcs1.der")).unwrap();
    let pkcs8_der = Rs256SigningKey::from_pkcs8_der(&data_bytes("rsa2048-pkcs8.der")).unwrap();
    assert_eq!(pkcs8.modulus_bits(), 2048);
    for other in [&pkcs1, &pkcs1_der, &pkcs8_der] {
        assert_eq!(other.thumbprint(), pkcs8.thumbprint());
        same_signatures(&pkcs8, other); // PKCS#1 v1.5 is deterministic
    }
    // The SPKI PEM openssl derived from the file is the one we export.
    assert_eq!(pkcs8.public_key_pem().unwrap(), data("rsa2048-public.pem"));
    verifies(
        &pkcs8,
        Rs256VerifyingKey::from_public_key_pem(&data("rsa2048-public.pem")).unwrap(),
    );
}

#[test]
fn rsa_exports_round_trip() {
    let key = Ps384SigningKey::from_pem(&data("rsa2048-pkcs1.pem"))
        .unwrap()
        .with_kid("rsa-1");
    // PKCS#8 PEM out (what OpenSSL writes for the same key) and back in.
    assert_eq!(key.to_pkcs8_pem().unwrap(), data("rsa2048-pkcs8.pem"));
    let again = Ps384SigningKey::from_pem(&key.to_pkcs8_pem().unwrap()).unwrap();
    assert_eq!(again.thumbprint(), key.thumbprint());
    // Private JWK out and back in (kid kept, CRT values checked).
    let jwk = key.to_private_jwk();
    let from_jwk = Ps384SigningKey::from_jwk_json(&jwk).unwrap();
    assert_eq!(from_jwk.kid(), Some("rsa-1"));
    assert_eq!(from_jwk.thumbprint(), key.thumbprint());
    verifies(
        &from_jwk,
        Ps384VerifyingKey::from_public_key_pem(&key.public_key_pem().unwrap()).unwrap(),
    );
    // The public JWK parses into a verifying key (jwt-verify).
    verifies(
        &key,
        Jwk::from_json(&key.public_jwk().unwrap())
            .unwrap()
            .to_verifying_key(None)
            .unwrap(),
    );
}

#[test]
fn sec1_with_ec_parameters_pkcs8_and_der_are_the_same_key() {
    // p256-sec1.pem is what `openssl ecparam -genkey` writes: an EC
    // PARAMETERS block, then EC PRIVATE KEY.
    assert!(data("p256-sec1.pem").starts_with("-----BEGIN EC PARAMETERS-----"));
    let sec1 = Es256SigningKey::from_pem(&data("p256-sec1.pem")).unwrap();
    let pkcs8 = Es256SigningKey::from_pem(&data("p256-pkcs8.pem")).unwrap();
    let der = Es256SigningKey::from_sec1_der(&data_bytes("p256-sec1.der")).unwrap();
    assert_eq!(sec1.thumbprint(), pkcs8.thumbprint());
    assert_eq!(sec1.thumbprint(), der.thumbprint());
    same_signatures(&sec1, &pkcs8); // RFC 6979
    // Our PKCS#8 export is what `openssl pkcs8 -topk8` wrote.
    assert_eq!(sec1.to_pkcs8_pem().unwrap(), data("p256-pkcs8.pem"));
    assert_eq!(sec1.public_key_pem().unwrap(), data("p256-public.pem"));
    verifies(
        &sec1,
        Es256VerifyingKey::from_public_key_pem(&data("p256-public.pem")).unwrap(),
    );

    // Without the EC PARAMETERS block, too.
    let text = data("p256-sec1.pem");
    let key_only = &text[text.find("-----BEGIN EC PRIVATE KEY-----").unwrap()..];
    assert_eq!(
        Es256SigningKey::from_pem(key_only).unwrap().thumbprint(),
        sec1.thumbprint()
    );

    let p384 = Es384SigningKey::from_pem(&data("p384-sec1.pem")).unwrap();
    assert_eq!(
        p384.thumbprint(),
        Es384SigningKey::from_pem(&data("p384-pkcs8.pem"))
            .unwrap()
            .thumbprint()
    );
    assert_eq!(
        p384.thumbprint(),
        Es384SigningKey::from_sec1_der(&data_bytes("p384-sec1.der"))
            .unwrap()
            .thumbprint()
    );
    let p521 = Es512SigningKey::from_pem(&data("p521-sec1.pem")).unwrap();
    assert_eq!(
        p521.thumbprint(),
        Es512SigningKey::from_pem(&data("p521-pkcs8.pem"))
            .unwrap()
            .thumbprint()
    );
    assert_eq!(
        p521.thumbprint(),
        Es512SigningKey::from_sec1_der(&data_bytes("p521-sec1.der"))
            .unwrap()
            .thumbprint()
    );
    verifies(
        &p384,
        Es384VerifyingKey::from_public_key_pem(&p384.public_key_pem().unwrap()).unwrap(),
    );
    verifies(
        &p521,
        Es512VerifyingKey::from_public_key_pem(&p521.public_key_pem().unwrap()).unwrap(),
    );
}

#[test]
fn ec_exports_round_trip() {
    let key = Es512SigningKey::from_pem(&data("p521-sec1.pem")).unwrap();
    let again = Es512SigningKey::from_pem(&key.to_pkcs8_pem().unwrap()).unwrap();
    same_signatures(&key, &again);
    let from_jwk = Es512SigningKey::from_jwk_json(&key.to_private_jwk()).unwrap();
    same_signatures(&key, &from_jwk);
    assert_eq!(from_jwk.kid(), key.kid());
    verifies(
        &key,
        Jwk::from_json(&key.public_jwk().unwrap())
            .unwrap()
            .to_verifying_key(None)
            .unwrap(),
    );
}

#[test]
fn ed25519_pkcs8_pem_der_and_exports_round_trip() {
    let key = EdDsaSigningKey::from_pem(&data("ed25519-pkcs8.pem")).unwrap();
    let der = EdDsaSigningKey::from_pkcs8_der(&data_bytes("ed25519-pkcs8.der")).unwrap();
    same_signatures(&key, &der);
    // Our PKCS#8 is v1, byte for byte what OpenSSL wrote (OpenSSL 3.0
    // cannot read the v2 form that ed25519-dalek writes).
    assert_eq!(key.to_pkcs8_pem().unwrap(), data("ed25519-pkcs8.pem"));
    let again = EdDsaSigningKey::from_pem(&key.to_pkcs8_pem().unwrap()).unwrap();
    same_signatures(&key, &again);
    let from_jwk = EdDsaSigningKey::from_jwk_json(&key.to_private_jwk()).unwrap();
    same_signatures(&key, &from_jwk);
    verifies(
        &key,
        EdDsaVerifyingKey::from_public_key_pem(&key.public_key_pem().unwrap()).unwrap(),
    );
    verifies(
        &key,
        Jwk::from_json(&key.public_jwk().unwrap())
            .unwrap()
            .to_verifying_key(None)
            .unwrap(),
    );
}

#[test]
fn hmac_private_jwk_round_trips() {
    let key = Hs512SigningKey::new(&[0x5a; 64])
        .unwrap()
        .with_kid("shared");
    let jwk = key.to_private_jwk();
    assert!(
        jwk.starts_with(r#"{"kty":"oct","k":""#)
            && jwk.ends_with(r#","kid":"shared","alg":"HS512","use":"sig"}"#)
    );
    let again = Hs512SigningKey::from_jwk_json(&jwk).unwrap();
    same_signatures(&key, &again);
    verifies(&key, jwt_verify::Hs512Key::from_jwk_json(&jwk).unwrap());
}

#[test]
fn exported_jwks_parses_into_a_key_set() {
    let rsa = Rs256SigningKey::from_pem(&data("rsa2048-pkcs8.pem")).unwrap();
    let ec = Es256SigningKey::from_pem(&data("p256-sec1.pem")).unwrap();
    let ed = EdDsaSigningKey::from_pem(&data("ed25519-pkcs8.pem")).unwrap();
    let document = jwks(&[&rsa, &ec, &ed]).unwrap();
    let set = KeySet::from_jwks_json(&document, &[]).unwrap();
    assert_eq!(set.len(), 3);
    let kids: Vec<_> = set.iter().map(|k| k.kid().unwrap().to_owned()).collect();
    assert_eq!(kids, [rsa.thumbprint(), ec.thumbprint(), ed.thumbprint()]);
    // Public JWKs carry no private member.
    for needle in ["\"d\"", "\"p\"", "\"q\"", "\"k\""] {
        assert!(!document.contains(needle), "{needle}");
    }
    let v: serde_json::Value = serde_json::from_str(&document).unwrap();
    assert_eq!(v["keys"][1]["crv"], "P-256");
    assert_eq!(v["keys"][1]["use"], "sig");
    assert_eq!(v["keys"][2]["alg"], "EdDSA");
}
