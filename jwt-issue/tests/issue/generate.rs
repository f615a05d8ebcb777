use jwt_issue::{
    EdDsaSigningKey, Es256SigningKey, Es384SigningKey, Es512SigningKey, FixedClock,
    Hs256SigningKey, Hs384SigningKey, Hs512SigningKey, IssueError, Rs256SigningKey, SigningKey,
    TokenBuilder,
};
use jwt_verify::{Jwk, Verifier};

use crate::common::{FailingRng, NOW, TestRng};

fn verifies_via_jwk(key: &dyn SigningKey) {
    let token = TokenBuilder::new(key)
        .ttl(5)
        .issue(&FixedClock(NOW), &mut TestRng::new(1))
        .unwrap();
    let vk = Jwk::from_json(&key.public_jwk().unwrap())
        .unwrap()
        .to_verifying_key(None)
        .unwrap();
    Verifier::new(vk, FixedClock(NOW)).verify(&token).unwrap();
}

#[test]
fn generation_is_driven_by_the_injected_rng() {
    let a = Es256SigningKey::generate(&mut TestRng::new(1)).unwrap();
    let b = Es256SigningKey::generate(&mut TestRng::new(1)).unwrap();
    let c = Es256SigningKey::generate(&mut TestRng::new(2)).unwrap();
    assert_eq!(a.thumbprint(), b.thumbprint());
    assert_ne!(a.thumbprint(), c.thumbprint());
    verifies_via_jwk(&a);
    verifies_via_jwk(&Es384SigningKey::generate(&mut TestRng::new(3)).unwrap());
    verifies_via_jwk(&Es512SigningKey::generate(&mut TestRng::new(4)).unwrap());
    verifies_via_jwk(&EdDsaSigningKey::generate(&mut TestRng::new(5)).unwrap());
    for (key, len) in [
        (
            Hs256SigningKey::generate(&mut TestRng::new(6))
                .unwrap()
                .to_private_jwk(),
            32,
        ),
        (
            Hs384SigningKey::generate(&mut TestRng::new(6))
                .unwrap()
                .to_private_jwk(),
            48,
        ),
        (
            Hs512SigningKey::generate(&mut TestRng::new(6))
                .unwrap()
                .to_private_jwk(),
            64,
        ),
    ] {
        let v: serde_json::Value = serde_json::from_str(&key).unwrap();
        let k = jwt_core::b64::decode(v["k"].as_str().unwrap(), jwt_core::Part::Payload).unwrap();
        assert_eq!(k.len(), len);
    }
}

#[test]
fn a_failing_rng_is_an_error_not_a_panic() {
    assert_eq!(
        Es256SigningKey::generate(&mut FailingRng).unwrap_err(),
        IssueError::Rng
    );
    assert_eq!(
        EdDsaSigningKey::generate(&mut FailingRng).unwrap_err(),
        IssueError::Rng
    );
    assert_eq!(
        Hs256SigningKey::generate(&mut FailingRng).unwrap_err(),
        IssueError::Rng
    );
    assert_eq!(
        Rs256SigningKey::generate(&mut FailingRng).unwrap_err(),
        IssueError::Rng
    );
}

#[test]
fn os_generation() {
    verifies_via_jwk(&Es256SigningKey::generate_os().unwrap());
    verifies_via_jwk(&EdDsaSigningKey::generate_os().unwrap());
    Hs256SigningKey::generate_os().unwrap();
}

/// The one RSA key generation in the suite (2048 bits; slow in debug).
#[test]
fn rsa_2048_generation() {
    let key = Rs256SigningKey::generate(&mut TestRng::new(7)).unwrap();
    assert_eq!(key.modulus_bits(), 2048);
    verifies_via_jwk(&key);
    assert!(matches!(
        Rs256SigningKey::generate_with_bits(&mut TestRng::new(7), 16384),
        Err(IssueError::KeyRejected { .. })
    ));
}

#[test]
fn generate_private_jwk_names_the_algorithm_at_run_time() {
    use jwt_issue::{
        Algorithm, KeyHint, KeyId, KeyMaterial, generate_private_jwk, signing_key_from_material,
    };
    for alg in [
        Algorithm::HS256,
        Algorithm::HS512,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::ES512,
        Algorithm::EdDSA,
    ] {
        let a = generate_private_jwk(alg, &mut TestRng::new(7)).unwrap();
        let b = generate_private_jwk(alg, &mut TestRng::new(8)).unwrap();
        assert_ne!(*a, *b, "{alg}");
        let material = KeyMaterial::from_bytes(a.as_bytes(), KeyHint::new()).unwrap();
        let key = signing_key_from_material(&material, alg, KeyId::Default).unwrap();
        assert_eq!(key.algorithm(), alg);
        if alg.as_str().starts_with("HS") {
            assert!(key.public_jwk().is_none());
        } else {
            verifies_via_jwk(&key);
        }
    }
    assert!(matches!(
        generate_private_jwk(Algorithm::ES256, &mut FailingRng),
        Err(IssueError::Rng)
    ));
}
