//! Real key files and key sets from public material (`vectors/keys`, each
//! file's source in its README), loaded as a user would load them, each
//! with the outcome `vectors/keys/manifest.tsv` expects: public keys,
//! private keys and certificates verify (private keys also sign), provider
//! key sets load key by key with the expected usable/skipped counts, and
//! everything else is refused with a message naming the real cause.

use jwt_core::Algorithm;
use jwt_keys::{KeyError, KeyHint, KeyMaterial};
use jwt_verify::{FixedClock, KeySet, MaterialKeys, Verifier, VerifyingKey};

const NOW: i64 = 1_700_000_000;

fn corpus(path: &str) -> Vec<u8> {
    let full = format!("{}/../vectors/keys/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

struct Entry {
    file: String,
    expect: String,
    detail: String,
}

fn manifest() -> Vec<Entry> {
    let text = String::from_utf8(corpus("manifest.tsv")).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut cols = l.split('\t');
            Entry {
                file: cols.next().unwrap().to_string(),
                expect: cols.next().unwrap().to_string(),
                detail: cols.next().unwrap_or_default().to_string(),
            }
        })
        .collect()
}

/// Loads a file as `jwt verify --key FILE` does (no algorithm named).
fn load(bytes: &[u8]) -> Result<MaterialKeys, KeyError> {
    let material = KeyMaterial::from_bytes(bytes, KeyHint::new())?;
    MaterialKeys::from_material(&material, &[])
}

fn algorithms(keys: &MaterialKeys) -> Vec<Algorithm> {
    keys.keys().iter().map(|k| k.algorithm()).collect()
}

/// The words a refusal must contain, per manifest reason.
fn refusal_words(reason: &str) -> &'static [&'static str] {
    match reason {
        "openssh" => &["OpenSSH"],
        "putty" => &["PuTTY"],
        "ssh2" => &["SSH2"],
        "dsa" => &["DSA"],
        "secp256k1" => &["secp256k1"],
        "ed448" => &["Ed448"],
        "x25519" => &["X25519"],
        "x448" => &["X448"],
        "p192" => &["P-192"],
        "explicit-curve" => &["explicit"],
        "service-account" => &["service-account", "private_key"],
        "weak-rsa" => &["RSA"],
        "unsafe-set" => &["key set"],
        "pss-restricted" => &["PSS"],
        _ => &[],
    }
}

fn check(entry: &Entry) -> Result<(), String> {
    let bytes = corpus(&entry.file);
    match entry.expect.as_str() {
        "public" | "cert" => {
            let alg = Algorithm::from_name(&entry.detail).unwrap();
            let keys = load(&bytes).map_err(|e| format!("refused: {e}"))?;
            if !algorithms(&keys).contains(&alg) {
                return Err(format!("no {alg} key: {:?}", algorithms(&keys)));
            }
        }
        "private" => {
            let alg = Algorithm::from_name(&entry.detail).unwrap();
            let material = KeyMaterial::from_bytes(&bytes, KeyHint::new())
                .map_err(|e| format!("refused: {e}"))?;
            let signer =
                jwt_issue::signing_key_from_material(&material, alg, jwt_issue::KeyId::None)
                    .map_err(|e| format!("cannot sign {alg}: {e}"))?;
            let token = jwt_issue::TokenBuilder::new(signer.as_ref())
                .subject("device-42")
                .ttl(60)
                .issue(&FixedClock(NOW), &mut jwt_issue::OsRng)
                .map_err(|e| format!("issue: {e}"))?;
            let keys = MaterialKeys::from_material(&material, &[])
                .map_err(|e| format!("cannot verify: {e}"))?;
            Verifier::new(keys, FixedClock(NOW + 1))
                .verify(&token)
                .map_err(|e| format!("own token refused: {e}"))?;
        }
        "certmap" => {
            let want: usize = entry.detail.parse().unwrap();
            match KeyMaterial::from_bytes(&bytes, KeyHint::new()) {
                Ok(KeyMaterial::CertificateMap(entries)) if entries.len() == want => {}
                other => return Err(format!("{other:?}")),
            }
            load(&bytes).map_err(|e| format!("refused: {e}"))?;
        }
        "jwks" => {
            let (usable, skipped) = entry.detail.split_once('/').unwrap();
            let (usable, skipped): (usize, usize) =
                (usable.parse().unwrap(), skipped.parse().unwrap());
            let text = String::from_utf8(bytes).unwrap();
            match KeySet::from_jwks_json(&text, &Algorithm::ALL) {
                Ok(set) => {
                    let members = serde_json::from_str::<serde_json::Value>(&text).unwrap()["keys"]
                        .as_array()
                        .unwrap()
                        .len();
                    let got = (members - set.skipped().len(), set.skipped().len());
                    if got != (usable, skipped) {
                        return Err(format!(
                            "usable/skipped {got:?}, skipped: {:?}",
                            set.skipped()
                        ));
                    }
                }
                Err(KeyError::NoUsableKey { .. }) if usable == 0 => {}
                Err(e) => return Err(format!("refused: {e}")),
            }
        }
        "refuse" if entry.detail == "pss-restricted" => {
            // Verifying with a PSS-restricted key is fine (PS* only);
            // signing with one is refused by name.
            let material = KeyMaterial::from_bytes(&bytes, KeyHint::new())
                .map_err(|e| format!("refused: {e}"))?;
            match jwt_issue::signing_key_from_material(
                &material,
                Algorithm::PS256,
                jwt_issue::KeyId::None,
            ) {
                Err(e) if e.to_string().contains("PSS") => {}
                other => return Err(format!("{:?}", other.map(|_| "signs"))),
            }
        }
        "refuse" => {
            let error = match load(&bytes) {
                Ok(keys) => return Err(format!("loaded: {keys:?}")),
                Err(e) => e,
            };
            let message = error.to_string();
            for word in refusal_words(&entry.detail) {
                if !message.contains(word) {
                    return Err(format!("message lacks {word:?}: {message}"));
                }
            }
            if entry.detail == "encrypted" && error != KeyError::Encrypted {
                return Err(format!("not Encrypted: {message}"));
            }
        }
        other => return Err(format!("unknown expectation {other}")),
    }
    Ok(())
}

#[test]
fn every_corpus_file_has_its_expected_outcome() {
    let entries = manifest();
    assert!(entries.len() >= 60, "{} entries", entries.len());
    let failures: Vec<String> = entries
        .iter()
        .filter_map(|e| {
            check(e)
                .err()
                .map(|why| format!("{} ({} {}): {why}", e.file, e.expect, e.detail))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A JWK carrying only `x5c` uses the first certificate's key; with key
/// members too, the two must be the same key (RFC 7517 4.7).
#[test]
fn jwk_x5c_alone_or_agreeing_with_its_members() {
    use base64::Engine;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
    let repo = |p: &str| std::fs::read(format!("{}/../{p}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let cert = STANDARD.encode(repo("jwt-keys/tests/data/rsa-cert.der"));
    let pem = String::from_utf8(repo("jwt-cli/tests/data/rsa2048-pkcs1.pem")).unwrap();
    let signer = jwt_issue::Rs256SigningKey::from_pem(&pem)
        .unwrap()
        .without_kid();
    let token = jwt_issue::TokenBuilder::new(&signer)
        .ttl(60)
        .issue(&FixedClock(NOW), &mut jwt_issue::OsRng)
        .unwrap();
    let verifies = |jwk: &serde_json::Value| {
        let key = jwt_verify::Jwk::from_json(&jwk.to_string())?.to_verifying_key(None)?;
        Ok::<bool, KeyError>(
            Verifier::new(key, FixedClock(NOW + 1))
                .verify(&token)
                .is_ok(),
        )
    };
    let only_x5c = serde_json::json!({"kty": "RSA", "alg": "RS256", "x5c": [cert]});
    assert_eq!(verifies(&only_x5c), Ok(true));
    // The same key's n and e beside the certificate: fine.
    let public: serde_json::Value =
        serde_json::from_str(&jwt_issue::SigningKey::public_jwk(&signer).unwrap()).unwrap();
    let mut both = only_x5c.clone();
    both["n"] = public["n"].clone();
    both["e"] = public["e"].clone();
    assert_eq!(verifies(&both), Ok(true));
    // Another key's n beside the certificate: refused.
    let mut other = both.clone();
    let mut n = URL_SAFE_NO_PAD
        .decode(public["n"].as_str().unwrap())
        .unwrap();
    n[10] ^= 1;
    other["n"] = URL_SAFE_NO_PAD.encode(&n).into();
    assert!(matches!(verifies(&other), Err(KeyError::Mismatch { .. })));
    // An EC JWK whose certificate is an RSA certificate: refused.
    let ec = serde_json::json!({"kty": "EC", "crv": "P-256", "x5c": [cert]});
    assert!(verifies(&ec).is_err());
    // Empty, non-base64 and non-certificate x5c values are malformed.
    for bad in [
        serde_json::json!([]),
        serde_json::json!(["!!"]),
        serde_json::json!(["AAAA"]),
    ] {
        let jwk = serde_json::json!({"kty": "RSA", "alg": "RS256", "x5c": bad});
        assert!(
            matches!(verifies(&jwk), Err(KeyError::Malformed { .. })),
            "{jwk}"
        );
    }
}
