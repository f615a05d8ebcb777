//! The engine surface the bindings build on: time per call, the one `kid`
//! rule, keys replaced while threads verify, `Arc` sources, and the
//! claims-aware revocation hook.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use jwt_core::{ClaimsRef, RevocationCheck, StoreError, Validation, VerifyError};
use jwt_verify::{DynVerifyingKey, FixedClock, Hs256Key, KeySet, SharedKeys, Verifier};

use crate::common::*;

const SECRET_A: &[u8] = &[0xA5; 32];
const SECRET_B: &[u8] = &[0x5B; 32];

fn token(secret: &[u8], kid: Option<&str>, payload: &str) -> String {
    let header = match kid {
        Some(kid) => format!(r#"{{"alg":"HS256","kid":"{kid}"}}"#),
        None => r#"{"alg":"HS256"}"#.to_string(),
    };
    hs256(secret, &header, payload)
}

fn key(secret: &[u8], kid: Option<&str>) -> Hs256Key {
    let key = Hs256Key::new(secret).unwrap();
    match kid {
        Some(kid) => key.with_kid(kid),
        None => key,
    }
}

/// `verify_at` uses the caller's time for every time check, never reads
/// the clock, and agrees with a verifier whose clock says the same time.
#[test]
fn verify_at_uses_the_callers_time() {
    let clock_reads = Arc::new(AtomicUsize::new(0));
    let reads = clock_reads.clone();
    let verifier = Verifier::new(key(SECRET_A, None), move || {
        reads.fetch_add(1, Ordering::Relaxed);
        None
    });
    let t = token(SECRET_A, None, &claims(NOW + 60));
    let mut buf = [0u8; 512];
    for (now, expected) in [
        (NOW, Ok(())),
        (NOW + 59, Ok(())),
        (NOW + 60, Err(VerifyError::Expired)),
        (i64::MAX, Err(VerifyError::Expired)),
    ] {
        assert_eq!(verifier.verify_at(&t, now).map(|_| ()), expected, "{now}");
        assert_eq!(
            verifier.verify_in_at(&t, now, &mut buf).map(|_| ()),
            expected,
            "{now}"
        );
        let fixed = Verifier::new(key(SECRET_A, None), FixedClock(now));
        assert_eq!(fixed.verify(&t).map(|_| ()), expected, "{now}");
    }
    assert_eq!(clock_reads.load(Ordering::Relaxed), 0);
    // The same verifier without a time: fails closed.
    assert_eq!(
        verifier.verify(&t).unwrap_err(),
        VerifyError::ClockUnavailable
    );
    assert_eq!(clock_reads.load(Ordering::Relaxed), 1);
    // A forged token is refused before any time is looked at.
    let forged = token(SECRET_B, None, &claims(NOW + 60));
    assert_eq!(
        verifier.verify_at(&forged, NOW).unwrap_err(),
        VerifyError::InvalidSignature
    );
}

/// The one `kid` rule, every combination of key `kid` and token `kid`,
/// through a single key, a key set of one, and a key set with a second,
/// named key beside it: the three sources agree.
#[test]
fn one_kid_rule_for_single_keys_and_sets() {
    /// (key kid, token kid, expected)
    type Case = (
        Option<&'static str>,
        Option<&'static str>,
        Result<(), VerifyError>,
    );
    let cases: [Case; 5] = [
        (None, None, Ok(())),
        (None, Some("k1"), Ok(())),
        (Some("k1"), None, Ok(())),
        (Some("k1"), Some("k1"), Ok(())),
        (Some("k1"), Some("k2"), Err(VerifyError::KeyNotFound)),
    ];
    for (key_kid, token_kid, expected) in cases {
        let t = token(SECRET_A, token_kid, &claims(NOW + 60));
        let what = format!("key kid {key_kid:?}, token kid {token_kid:?}");
        let single = Verifier::new(key(SECRET_A, key_kid), FixedClock(NOW));
        assert_eq!(single.verify(&t).map(|_| ()), expected, "single: {what}");

        let mut set = KeySet::new();
        set.push(Box::new(key(SECRET_A, key_kid))).unwrap();
        let set = Verifier::new(set, FixedClock(NOW));
        assert_eq!(set.verify(&t).map(|_| ()), expected, "set: {what}");
    }

    // A PEM-style key without kid beside a named one: a token naming the
    // named key reaches only it; a token naming any other kid reaches the
    // nameless one.
    let mut set = KeySet::new();
    set.push(Box::new(key(SECRET_A, None))).unwrap();
    set.push(Box::new(key(SECRET_B, Some("b")))).unwrap();
    let v = Verifier::new(set, FixedClock(NOW));
    v.verify(&token(SECRET_B, Some("b"), &claims(NOW + 60)))
        .unwrap();
    v.verify(&token(SECRET_A, Some("thumbprint"), &claims(NOW + 60)))
        .unwrap();
    assert_eq!(
        v.verify(&token(SECRET_A, Some("b"), &claims(NOW + 60)))
            .unwrap_err(),
        VerifyError::InvalidSignature,
        "naming b must not fall back to the nameless key"
    );
    assert_eq!(
        v.verify(&token(SECRET_A, None, &claims(NOW + 60)))
            .unwrap_err(),
        VerifyError::AmbiguousKey
    );
}

/// A token signed by jwt-issue (whose keys put their thumbprint in `kid`)
/// verifies with the same key imported without a kid, alone or in a set.
#[test]
fn thumbprint_kids_meet_kidless_verifying_keys() {
    use jwt_issue::{Hs256SigningKey, SigningKey, TokenBuilder};
    let signing = Hs256SigningKey::new(SECRET_A).unwrap();
    assert!(signing.kid().is_some());
    let t = TokenBuilder::new(&signing)
        .subject("d")
        .ttl(60)
        .issue(&FixedClock(NOW), &mut jwt_issue::OsRng)
        .unwrap();
    Verifier::new(key(SECRET_A, None), FixedClock(NOW))
        .verify(&t)
        .unwrap();
    let mut set = KeySet::new();
    set.push(Box::new(key(SECRET_A, None))).unwrap();
    Verifier::new(set, FixedClock(NOW)).verify(&t).unwrap();
}

/// The same through key material read from bytes: a PEM public key (no
/// kid) answers the thumbprint kid of jwt-issue's tokens, a JWK with a kid
/// only its own kid.
#[test]
fn key_material_follows_the_same_kid_rule() {
    use jwt_issue::{Es256SigningKey, SigningKey, TokenBuilder};
    use jwt_verify::{KeyHint, KeyMaterial, MaterialKeys};
    let signing = Es256SigningKey::generate_os().unwrap();
    let named = Es256SigningKey::generate_os().unwrap().with_kid("dev-key");
    let issue = |key: &Es256SigningKey| {
        TokenBuilder::new(key)
            .subject("d")
            .ttl(60)
            .issue(&FixedClock(NOW), &mut jwt_issue::OsRng)
            .unwrap()
    };
    let pem = signing.public_key_pem().unwrap();
    let material = KeyMaterial::from_bytes(pem.as_bytes(), KeyHint::new()).unwrap();
    let keys = MaterialKeys::from_material(&material, &[]).unwrap();
    assert!(signing.kid().is_some());
    Verifier::new(&keys, FixedClock(NOW))
        .verify(&issue(&signing))
        .unwrap();
    // A JWK with its own kid: tokens naming another kid find no key.
    let jwk = named.public_jwk().unwrap();
    let material = KeyMaterial::from_bytes(jwk.as_bytes(), KeyHint::new()).unwrap();
    let keys = MaterialKeys::from_material(&material, &[]).unwrap();
    Verifier::new(&keys, FixedClock(NOW))
        .verify(&issue(&named))
        .unwrap();
    let other = named.clone().with_kid("another");
    assert_eq!(
        Verifier::new(&keys, FixedClock(NOW))
            .verify(&issue(&other))
            .unwrap_err(),
        VerifyError::KeyNotFound
    );
}

/// Keys replaced while eight threads verify: no verification fails
/// spuriously, each sees either the old or the new key, and after the
/// swap only the new key's tokens verify.
#[test]
fn shared_keys_rotate_while_threads_verify() {
    let shared = Arc::new(SharedKeys::new(key(SECRET_A, None)));
    let verifier = Arc::new(Verifier::new(Arc::clone(&shared), FixedClock(NOW)));
    let old = token(SECRET_A, None, &claims(NOW + 60));
    let new = token(SECRET_B, None, &claims(NOW + 60));
    let stop = Arc::new(AtomicBool::new(false));
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let (verifier, stop, old, new) =
                (verifier.clone(), stop.clone(), old.clone(), new.clone());
            std::thread::spawn(move || {
                let mut seen_new = false;
                let mut runs = 0u64;
                while !stop.load(Ordering::Relaxed) || runs < 100 {
                    runs += 1;
                    let a = verifier.verify(&old).is_ok();
                    let b = verifier.verify(&new).is_ok();
                    // One swap: the old token verifies until it, the new
                    // one from it on; two calls may straddle it, but both
                    // can never fail, and once the new key was seen the
                    // old one never comes back.
                    assert!(a || b, "neither token verified");
                    assert!(!(seen_new && a), "the old key came back");
                    seen_new |= b;
                }
                runs
            })
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(50));
    shared.replace(key(SECRET_B, None));
    std::thread::sleep(std::time::Duration::from_millis(50));
    stop.store(true, Ordering::Relaxed);
    for t in threads {
        assert!(t.join().unwrap() >= 100);
    }
    assert_eq!(
        verifier.verify(&old).unwrap_err(),
        VerifyError::InvalidSignature
    );
    verifier.verify(&new).unwrap();
    // A whole key set swapped in, through the snapshot API.
    let mut set = KeySet::new();
    set.push(Box::new(key(SECRET_A, Some("a"))) as DynVerifyingKey)
        .unwrap();
    let sets = SharedKeys::new(set);
    let v = Verifier::new(&sets, FixedClock(NOW));
    v.verify(&token(SECRET_A, Some("a"), &claims(NOW + 60)))
        .unwrap();
    let mut next = KeySet::new();
    next.push(Box::new(key(SECRET_B, Some("b"))) as DynVerifyingKey)
        .unwrap();
    let before = sets.current();
    sets.replace_arc(Arc::new(next));
    assert_eq!(before.len(), 1);
    assert_eq!(
        v.verify(&token(SECRET_A, Some("a"), &claims(NOW + 60)))
            .unwrap_err(),
        VerifyError::KeyNotFound
    );
    v.verify(&token(SECRET_B, Some("b"), &claims(NOW + 60)))
        .unwrap();
}

/// Everything issued to one device before a cut-off, as a revocation
/// hook that reads `sub` and `iat`; tokens without `iat` fail closed.
struct SubjectBefore {
    sub: &'static str,
    before: i64,
    asked: AtomicUsize,
}

impl RevocationCheck for SubjectBefore {
    fn is_revoked(&self, claims: &ClaimsRef<'_>) -> Result<bool, StoreError> {
        self.asked.fetch_add(1, Ordering::Relaxed);
        let device = claims.sub().is_some_and(|s| s == self.sub);
        Ok(device && claims.iat().is_none_or(|iat| iat.as_secs() < self.before))
    }
}

#[test]
fn revocation_hook_sees_the_verified_claims() {
    let store = Arc::new(SubjectBefore {
        sub: "device/42",
        before: NOW,
        asked: AtomicUsize::new(0),
    });
    // An Arc'd store and an Arc'd clock (orphan rule: only we can add these).
    let v = Verifier::new(key(SECRET_A, None), Arc::new(FixedClock(NOW)))
        .with_validation(Validation::new().leeway(0))
        .with_revocation(Arc::clone(&store));
    let t = |sub: &str, iat: Option<i64>, jti: Option<&str>| {
        let mut c = format!(r#"{{"sub":"{sub}","exp":{}"#, NOW + 60);
        if let Some(iat) = iat {
            c.push_str(&format!(r#","iat":{iat}"#));
        }
        if let Some(jti) = jti {
            c.push_str(&format!(r#","jti":"{jti}""#));
        }
        c.push('}');
        token(SECRET_A, None, &c)
    };
    // Escaped slash (PHP's json_encode): the hook sees the decoded value.
    assert_eq!(
        v.verify(&t(r"device\/42", Some(NOW - 1), Some("j1")))
            .unwrap_err(),
        VerifyError::Revoked
    );
    assert_eq!(
        v.verify(&t("device/42", None, Some("j2"))).unwrap_err(),
        VerifyError::Revoked
    );
    v.verify(&t("device/42", Some(NOW), Some("j3"))).unwrap();
    v.verify(&t("device/43", Some(NOW - 1), Some("j4")))
        .unwrap();
    assert_eq!(store.asked.load(Ordering::Relaxed), 4);
    // Without jti the token is refused before the hook is asked; a forged
    // or expired token never reaches it either.
    assert_eq!(
        v.verify(&t("device/43", Some(NOW), None)).unwrap_err(),
        VerifyError::MissingClaim {
            claim: "jti".into()
        }
    );
    let forged = token(SECRET_B, None, r#"{"sub":"x","exp":9999999999,"jti":"j"}"#);
    assert_eq!(
        v.verify(&forged).unwrap_err(),
        VerifyError::InvalidSignature
    );
    let expired = token(SECRET_A, None, &format!(r#"{{"exp":{NOW},"jti":"j"}}"#));
    assert_eq!(v.verify(&expired).unwrap_err(), VerifyError::Expired);
    assert_eq!(store.asked.load(Ordering::Relaxed), 4);

    // A store that cannot answer refuses the token.
    struct Down;
    impl RevocationCheck for Down {
        fn is_revoked(&self, _: &ClaimsRef<'_>) -> Result<bool, StoreError> {
            Err(StoreError::Unavailable)
        }
    }
    let v = Verifier::new(key(SECRET_A, None), FixedClock(NOW)).with_revocation(Down);
    assert_eq!(
        v.verify(&t("d", Some(NOW), Some("j"))).unwrap_err(),
        VerifyError::RevocationUnavailable
    );
}
