//! Arbitrary bytes into JWK and JWKS parsing (verify and issue sides).
#![no_main]
use jwt_core::Algorithm;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(jwk) = jwt_verify::Jwk::from_json(text) {
        for alg in [None, Some(Algorithm::HS256), Some(Algorithm::RS256), Some(Algorithm::PS512)] {
            if let Ok(key) = jwk.to_verifying_key(alg) {
                if let Some(a) = alg {
                    assert_eq!(jwt_verify::VerifyingKey::algorithm(&key), a);
                }
            }
        }
    }
    let _ = jwt_verify::KeySet::from_jwks_json(text, &Algorithm::ALL);
    let _ = jwt_issue::Hs256SigningKey::from_jwk_json(text);
    let _ = jwt_issue::Es256SigningKey::from_jwk_json(text);
    let _ = jwt_issue::EdDsaSigningKey::from_jwk_json(text);
    let _ = jwt_issue::jwk_thumbprint(text);
    // RSA private JWKs are expensive to validate; only try small inputs.
    if text.len() < 4096 {
        let _ = jwt_issue::Rs256SigningKey::from_jwk_json(text);
    }
});
