use jwt_issue::{
    Algorithm, EdDsaSigningKey, Es256SigningKey, Es384SigningKey, Es512SigningKey, FixedClock,
    Hs256SigningKey, Hs384SigningKey, Hs512SigningKey, Ps256SigningKey, Ps384SigningKey,
    Ps512SigningKey, Rs256SigningKey, Rs384SigningKey, Rs512SigningKey, SigningKey, TokenBuilder,
    jwks,
};
use jwt_verify::{
    DynVerifyingKey, Hs256Key, Hs384Key, Hs512Key, Jwk, KeySet, Validation, Verifier, VerifyError,
};

use crate::common::{AUDIENCE, ISSUER, NOW, TestRng, data, header};

/// One signing key of every algorithm, from the fixed test keys.
pub fn all_keys() -> Vec<Box<dyn SigningKey>> {
    let rsa = data("rsa2048-pkcs8.pem");
    vec![
        Box::new(Hs256SigningKey::new(&[1; 32]).unwrap()),
        Box::new(Hs384SigningKey::new(&[2; 48]).unwrap()),
        Box::new(Hs512SigningKey::new(&[3; 64]).unwrap()),
        Box::new(Rs256SigningKey::from_pem(&rsa).unwrap()),
        Box::new(Rs384SigningKey::from_pem(&rsa).unwrap()),
        Box::new(Rs512SigningKey::from_pem(&rsa).unwrap()),
        Box::new(Ps256SigningKey::from_pem(&rsa).unwrap()),
        Box::new(Ps384SigningKey::from_pem(&rsa).unwrap()),
        Box::new(Ps512SigningKey::from_pem(&rsa).unwrap()),
        Box::new(Es256SigningKey::from_pem(&data("p256-sec1.pem")).unwrap()),
        Box::new(Es384SigningKey::from_pem(&data("p384-sec1.pem")).unwrap()),
        Box::new(Es512SigningKey::from_pem(&data("p521-sec1.pem")).unwrap()),
        Box::new(EdDsaSigningKey::from_pem(&data("ed25519-pkcs8.pem")).unwrap()),
    ]
}

/// The verifying key for `key`: from its public JWK, or for HMAC from the
/// same secret.
fn verifying_key(key: &dyn SigningKey) -> DynVerifyingKey {
    match key.algorithm() {
        Algorithm::HS256 => Box::new(Hs256Key::new(&[1; 32]).unwrap()),
        Algorithm::HS384 => Box::new(Hs384Key::new(&[2; 48]).unwrap()),
        Algorithm::HS512 => Box::new(Hs512Key::new(&[3; 64]).unwrap()),
        _ => Jwk::from_json(&key.public_jwk().unwrap())
            .unwrap()
            .to_verifying_key(None)
            .unwrap(),
    }
}

fn validation() -> Validation {
    Validation::new().issuer(ISSUER).audience(AUDIENCE)
}

#[test]
fn every_algorithm_verifies_with_jwt_verify() {
    let mut rng = TestRng::new(1);
    let keys = all_keys();
    assert_eq!(keys.len(), Algorithm::ALL.len());
    for (key, alg) in keys.iter().zip(Algorithm::ALL) {
        assert_eq!(key.algorithm(), alg);
        let token = TokenBuilder::new(key.as_ref())
            .issuer(ISSUER)
            .subject("device-17")
            .audience(AUDIENCE)
            .ttl(300)
            .claim("fw", "1.4.2")
            .unwrap()
            .issue(&FixedClock(NOW), &mut rng)
            .unwrap();
        assert!(header(&token).starts_with(&format!(r#"{{"alg":"{alg}","typ":"JWT","kid":""#)));

        let verifier = Verifier::new(verifying_key(key.as_ref()), FixedClock(NOW + 299))
            .with_validation(validation());
        let verified = verifier
            .verify(&token)
            .unwrap_or_else(|e| panic!("{alg}: {e}"));
        let claims = verified.claims();
        assert_eq!(
            claims.sub_json().unwrap().as_str(),
            Some("device-17"),
            "{alg}"
        );
        assert_eq!(claims.exp().unwrap().as_secs(), NOW + 300, "{alg}");
        assert_eq!(claims.get("fw"), Some("\"1.4.2\""), "{alg}");

        // exp is enforced by the peer: at NOW + 300 the token has expired.
        let later = Verifier::new(verifying_key(key.as_ref()), FixedClock(NOW + 300))
            .with_validation(validation());
        assert_eq!(
            later.verify(&token).unwrap_err(),
            VerifyError::Expired,
            "{alg}"
        );

        // A flipped signature byte fails.
        let mut forged = token.clone().into_bytes();
        let last = forged.len() - 2;
        forged[last] = if forged[last] == b'A' { b'B' } else { b'A' };
        let forged = String::from_utf8(forged).unwrap();
        assert!(verifier.verify(&forged).is_err(), "{alg}");
    }
}

#[test]
fn jwks_of_every_asymmetric_key_verifies_tokens_by_kid() {
    let keys = all_keys();
    let asymmetric: Vec<&dyn SigningKey> = keys
        .iter()
        .map(|k| k.as_ref())
        .filter(|k| k.public_jwk().is_some())
        .collect();
    assert_eq!(asymmetric.len(), 10);
    // The RSA keys share a modulus, hence a thumbprint: give them their own kids.
    let rsa = data("rsa2048-pkcs8.pem");
    let rs256 = Rs256SigningKey::from_pem(&rsa).unwrap().with_kid("rs256");
    let ps256 = Ps256SigningKey::from_pem(&rsa).unwrap().with_kid("ps256");
    let es256 = Es256SigningKey::from_pem(&data("p256-pkcs8.pem")).unwrap();
    let es512 = Es512SigningKey::from_pem(&data("p521-pkcs8.pem")).unwrap();
    let ed = EdDsaSigningKey::from_pem(&data("ed25519-pkcs8.pem")).unwrap();
    let set: [&dyn SigningKey; 5] = [&rs256, &ps256, &es256, &es512, &ed];
    let document = jwks(&set).unwrap();
    let keyset = KeySet::from_jwks_json(&document, &[]).unwrap();
    assert_eq!(keyset.len(), 5);
    let verifier = Verifier::new(keyset, FixedClock(NOW)).with_validation(validation());
    let mut rng = TestRng::new(2);
    for key in set {
        let token = TokenBuilder::new(key)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .ttl(60)
            .issue(&FixedClock(NOW), &mut rng)
            .unwrap();
        let verified = verifier.verify(&token).unwrap();
        assert_eq!(verified.header().kid().as_deref(), key.kid());
    }
}

#[test]
fn ecdsa_and_eddsa_signatures_are_deterministic() {
    // RFC 6979 and RFC 8032: the same key, header and claims give the same
    // token; RSA PKCS#1 v1.5 is deterministic too.
    let keys = all_keys();
    for key in &keys {
        let alg = key.algorithm();
        let builder = TokenBuilder::new(key.as_ref()).jti("fixed").ttl(10);
        let a = builder
            .issue(&FixedClock(NOW), &mut TestRng::new(3))
            .unwrap();
        let b = builder
            .issue(&FixedClock(NOW), &mut TestRng::new(4))
            .unwrap();
        match alg {
            Algorithm::PS256 | Algorithm::PS384 | Algorithm::PS512 => {
                // Salted (hedged with the OS source under `std`).
                assert_ne!(a, b, "{alg}");
            }
            // The AWS-LC backend draws ECDSA nonces at random.
            Algorithm::ES256 | Algorithm::ES384 | Algorithm::ES512
                if cfg!(feature = "aws-lc-rs") =>
            {
                assert_ne!(a, b, "{alg}");
            }
            _ => assert_eq!(a, b, "{alg}"),
        }
    }
}

#[test]
fn ecdsa_signatures_are_fixed_size_r_s() {
    for (key, len) in [
        (
            Box::new(Es256SigningKey::from_pem(&data("p256-sec1.pem")).unwrap())
                as Box<dyn SigningKey>,
            64,
        ),
        (
            Box::new(Es384SigningKey::from_pem(&data("p384-sec1.pem")).unwrap()),
            96,
        ),
        (
            Box::new(Es512SigningKey::from_pem(&data("p521-sec1.pem")).unwrap()),
            132,
        ),
    ] {
        for i in 0..20u8 {
            let mut sig = Vec::new();
            key.sign(&[i; 7], &mut sig).unwrap();
            assert_eq!(sig.len(), len);
            assert_eq!(key.signature_len(), len);
        }
    }
}

#[test]
fn keys_and_builders_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Hs256SigningKey>();
    assert_send_sync::<Rs256SigningKey>();
    assert_send_sync::<Ps512SigningKey>();
    assert_send_sync::<Es256SigningKey>();
    assert_send_sync::<Es512SigningKey>();
    assert_send_sync::<EdDsaSigningKey>();
    assert_send_sync::<TokenBuilder<'static, EdDsaSigningKey>>();
    assert_send_sync::<jwt_issue::PairIssuer>();
    assert_send_sync::<jwt_issue::MemoryRefreshStore>();
}
