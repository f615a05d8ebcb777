//! RS256-to-HS256 key confusion through a key loader (CVE-2015-9235,
//! CVE-2016-10555, CVE-2022-29217): every key file format a user holds,
//! MACed with its own bytes as an HS256/384/512 secret, must never verify,
//! whether or not the caller names an HMAC algorithm.

use jwt_core::Algorithm;
use jwt_keys::{KeyHint, KeyMaterial};
use jwt_verify::{FixedClock, MaterialKeys, Verifier};

use crate::common::*;

/// Key files in every format (the jwt-keys confusion corpus and the CLI's
/// test keys).
const FILES: &[&str] = &[
    "jwt-keys/tests/data/rsa-spki.der",
    "jwt-keys/tests/data/rsa-pkcs1-pub.der",
    "jwt-keys/tests/data/rsa-pkcs8.der",
    "jwt-keys/tests/data/rsa-pkcs1.der",
    "jwt-keys/tests/data/ec256-sec1.der",
    "jwt-keys/tests/data/ec256-spki.der",
    "jwt-keys/tests/data/rsa-cert.der",
    "jwt-keys/tests/data/rsa-cert.pem",
    "jwt-keys/tests/data/ec256-cert.pem",
    "jwt-keys/tests/data/rsa-key-and-cert-bag-attributes.pem",
    "jwt-keys/tests/data/rsa-spki-bom.pem",
    "jwt-keys/tests/data/rsa-spki-72col-crlf.pem",
    "jwt-keys/tests/data/ssh-rsa.pub",
    "jwt-keys/tests/data/ecdsa-nistp256.pub",
    "jwt-keys/tests/data/ssh-ed25519.pub",
    "jwt-keys/tests/data/openssh-ed25519",
    "jwt-keys/tests/data/ssh2-rsa.pub",
    "jwt-keys/tests/data/putty-rsa.ppk",
    "jwt-cli/tests/data/rsa2048-spki.pem",
    "jwt-cli/tests/data/rsa2048-pkcs1-pub.pem",
    "jwt-cli/tests/data/rsa2048-pkcs1.pem",
    "jwt-cli/tests/data/ec256-sec1.pem",
    "jwt-cli/tests/data/ed25519.pem",
];

fn read(path: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn hmac_token(alg: Algorithm, secret: &[u8]) -> String {
    use hmac::{KeyInit, Mac};
    let header = format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#);
    let input = signing_input(&header, &claims(NOW + 60));
    let tag = match alg {
        Algorithm::HS256 => hmac256(secret, input.as_bytes()),
        Algorithm::HS384 => {
            let mut m = hmac::Hmac::<sha2::Sha384>::new_from_slice(secret).unwrap();
            m.update(input.as_bytes());
            m.finalize().into_bytes().to_vec()
        }
        _ => {
            let mut m = hmac::Hmac::<sha2::Sha512>::new_from_slice(secret).unwrap();
            m.update(input.as_bytes());
            m.finalize().into_bytes().to_vec()
        }
    };
    format!("{input}.{}", jwt_core::b64::encode(&tag))
}

#[test]
fn key_file_bytes_never_verify_an_hmac_token() {
    let hmac = [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512];
    for path in FILES {
        let bytes = read(path);
        for alg in hmac {
            let forged = hmac_token(alg, &bytes);
            // As an application would call the factory: with and without
            // naming the HMAC algorithm, and with every algorithm allowed.
            let attempts: [(KeyHint, &[Algorithm]); 3] = [
                (KeyHint::new(), &[]),
                (KeyHint::new().algorithm(alg), &[alg]),
                (KeyHint::new().algorithm(alg), &[]),
            ];
            for (hint, algs) in attempts {
                let Ok(material) = KeyMaterial::from_bytes(&bytes, hint) else {
                    continue; // refused at detection: nothing can verify
                };
                assert!(!material.is_secret(), "{path}: bytes became a secret");
                let Ok(keys) = MaterialKeys::from_material(&material, algs) else {
                    continue;
                };
                let verdict = Verifier::new(keys, FixedClock(NOW))
                    .verify(&forged)
                    .map(|_| ());
                assert!(verdict.is_err(), "{path}: forged {alg} token verified");
            }
        }
    }
}

#[test]
fn the_same_files_still_verify_their_own_signatures() {
    // The fix must not cost the formats: a real RS256 token verifies with
    // the SPKI DER, the PKCS#1 DER, the certificate and the key+cert file.
    use jwt_issue::{Rs256SigningKey, TokenBuilder};
    let pem = String::from_utf8(read("jwt-cli/tests/data/rsa2048-pkcs1.pem")).unwrap();
    let signer = Rs256SigningKey::from_pem(&pem).unwrap().without_kid();
    let token = TokenBuilder::new(&signer)
        .subject("device-42")
        .ttl(60)
        .issue(&FixedClock(NOW), &mut jwt_issue::OsRng)
        .unwrap();
    for path in [
        "jwt-keys/tests/data/rsa-spki.der",
        "jwt-keys/tests/data/rsa-pkcs1-pub.der",
        "jwt-keys/tests/data/rsa-pkcs8.der",
        "jwt-keys/tests/data/rsa-pkcs1.der",
        "jwt-keys/tests/data/rsa-cert.der",
        "jwt-keys/tests/data/rsa-cert.pem",
        "jwt-keys/tests/data/rsa-key-and-cert-bag-attributes.pem",
        "jwt-keys/tests/data/rsa-spki-bom.pem",
        "jwt-keys/tests/data/rsa-spki-72col-crlf.pem",
    ] {
        let material = KeyMaterial::from_bytes(&read(path), KeyHint::new()).unwrap();
        let keys = MaterialKeys::from_material(&material, &[]).unwrap();
        let verified = Verifier::new(keys, FixedClock(NOW + 1)).verify(&token);
        assert!(verified.is_ok(), "{path}: {verified:?}");
        // An HS256 --alg on an RSA key file verifies nothing.
        assert!(MaterialKeys::from_material(&material, &[Algorithm::HS256]).is_err());
    }
}

#[test]
fn a_certificate_that_is_not_for_the_private_key_is_refused() {
    let key = read("jwt-cli/tests/data/rsa2048-pkcs1.pem");
    let other_cert = read("jwt-keys/tests/data/ec256-cert.pem");
    let both = [key, other_cert].concat();
    let material = KeyMaterial::from_bytes(&both, KeyHint::new()).unwrap();
    assert!(matches!(
        MaterialKeys::from_material(&material, &[]),
        Err(jwt_verify::KeyError::Mismatch { .. })
    ));
}
