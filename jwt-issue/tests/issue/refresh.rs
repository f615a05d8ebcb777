use jwt_issue::{
    EdDsaSigningKey, FixedClock, IssueError, MemoryRefreshStore, PairIssuer, REFRESH_TYP,
    SigningKey, StoreError, VerifiedToken,
};
use jwt_verify::{EdDsaVerifyingKey, Validation, Verifier, VerifyError};

use crate::common::{ISSUER, NOW, TestRng, header, payload};

fn key() -> EdDsaSigningKey {
    EdDsaSigningKey::from_seed(&[11; 32])
}

fn verifying_key(key: &EdDsaSigningKey) -> EdDsaVerifyingKey {
    EdDsaVerifyingKey::from_public_key_pem(&key.public_key_pem().unwrap()).unwrap()
}

fn pairs() -> PairIssuer {
    PairIssuer::new(300, 86_400)
        .issuer(ISSUER)
        .access_audience("api")
}

/// What a refresh endpoint does: verify as a refresh token, read claims.
fn verify_refresh(
    key: &EdDsaSigningKey,
    token: &str,
    now: i64,
) -> Result<VerifiedToken<'static>, VerifyError> {
    let verifier = Verifier::new(verifying_key(key), FixedClock(now)).with_validation(
        Validation::new()
            .typ(REFRESH_TYP)
            .audience("refresh")
            .issuer(ISSUER),
    );
    verifier.verify(token)
}

#[test]
fn a_pair_shares_a_family_and_has_distinct_typ_and_aud() {
    let key = key();
    let pair = pairs()
        .issue_pair(&key, "device-17", &FixedClock(NOW), &mut TestRng::new(1))
        .unwrap();
    assert_eq!(pair.family_id.len(), 32);
    assert_ne!(pair.access_jti, pair.refresh_jti);
    assert_eq!(pair.access_exp.as_secs(), NOW + 300);
    assert_eq!(pair.refresh_exp.as_secs(), NOW + 86_400);
    assert!(header(&pair.access).contains(r#""typ":"JWT""#));
    assert!(header(&pair.refresh).contains(r#""typ":"refresh+jwt""#));
    let fid = format!(r#""fid":"{}""#, pair.family_id);
    assert!(payload(&pair.access).contains(&fid) && payload(&pair.refresh).contains(&fid));
    assert!(payload(&pair.refresh).contains(r#""aud":"refresh""#));
    // Debug output does not print the bearer tokens.
    assert!(!format!("{pair:?}").contains(&pair.access));

    // An API gateway: typ JWT and its audience.
    let api = Verifier::new(verifying_key(&key), FixedClock(NOW))
        .with_validation(Validation::new().typ("JWT").audience("api").issuer(ISSUER));
    api.verify(&pair.access).unwrap();
    assert_eq!(
        api.verify(&pair.refresh).unwrap_err(),
        VerifyError::TypMismatch
    );
    // A gateway with the default policy (no typ configured): the refresh
    // token's aud still keeps it out.
    let default = Verifier::new(verifying_key(&key), FixedClock(NOW))
        .with_validation(Validation::new().audience("api"));
    default.verify(&pair.access).unwrap();
    assert!(default.verify(&pair.refresh).is_err());
    let no_aud = Verifier::new(verifying_key(&key), FixedClock(NOW));
    assert!(no_aud.verify(&pair.refresh).is_err());
    // And the refresh endpoint refuses access tokens.
    assert_eq!(
        verify_refresh(&key, &pair.access, NOW).unwrap_err(),
        VerifyError::TypMismatch
    );
    verify_refresh(&key, &pair.refresh, NOW).unwrap();
}

#[test]
fn rotation_and_reuse_detection() {
    let key = key();
    let issuer = pairs();
    let mut rng = TestRng::new(2);
    let store = MemoryRefreshStore::new();
    let first = issuer
        .issue_pair(&key, "device-17", &FixedClock(NOW), &mut rng)
        .unwrap();

    // Normal rotation: each refresh token works once and yields the next.
    let presented = verify_refresh(&key, &first.refresh, NOW + 100).unwrap();
    assert_eq!(presented.claims().sub().as_deref(), Some("device-17"));
    let second = issuer
        .refresh(&key, &presented, &store, &FixedClock(NOW + 100), &mut rng)
        .unwrap();
    assert_eq!(second.family_id, first.family_id);
    assert_ne!(second.refresh_jti, first.refresh_jti);
    let presented2 = verify_refresh(&key, &second.refresh, NOW + 200).unwrap();
    let third = issuer
        .refresh(&key, &presented2, &store, &FixedClock(NOW + 200), &mut rng)
        .unwrap();

    // The first refresh token is replayed (stolen): the family is revoked...
    assert_eq!(
        issuer
            .refresh(&key, &presented, &store, &FixedClock(NOW + 300), &mut rng)
            .unwrap_err(),
        IssueError::RefreshReuse
    );
    assert!(store.is_revoked(&first.family_id));
    // ...so even the newest, never used refresh token is refused.
    let newest = verify_refresh(&key, &third.refresh, NOW + 301).unwrap();
    assert_eq!(
        issuer
            .refresh(&key, &newest, &store, &FixedClock(NOW + 301), &mut rng)
            .unwrap_err(),
        IssueError::RefreshRevoked
    );
    // Another family is unaffected.
    let other = issuer
        .issue_pair(&key, "device-18", &FixedClock(NOW), &mut rng)
        .unwrap();
    let p = verify_refresh(&key, &other.refresh, NOW + 5).unwrap();
    issuer
        .refresh(&key, &p, &store, &FixedClock(NOW + 5), &mut rng)
        .unwrap();
}

#[test]
fn expired_or_foreign_refresh_tokens_are_rejected() {
    let key = key();
    let issuer = pairs();
    let store = MemoryRefreshStore::new();
    let pair = issuer
        .issue_pair(&key, "d", &FixedClock(NOW), &mut TestRng::new(3))
        .unwrap();
    let presented = verify_refresh(&key, &pair.refresh, NOW).unwrap();
    assert_eq!(
        issuer
            .refresh(
                &key,
                &presented,
                &store,
                &FixedClock(NOW + 86_400),
                &mut TestRng::new(3)
            )
            .unwrap_err(),
        IssueError::RefreshRejected {
            reason: "the refresh token has expired"
        }
    );
    let other_issuer = PairIssuer::new(300, 86_400).issuer("https://elsewhere.example");
    assert!(matches!(
        other_issuer.refresh(
            &key,
            &presented,
            &store,
            &FixedClock(NOW),
            &mut TestRng::new(3)
        ),
        Err(IssueError::RefreshRejected { .. })
    ));
    // Neither consumed the token.
    issuer
        .refresh(
            &key,
            &presented,
            &store,
            &FixedClock(NOW + 1),
            &mut TestRng::new(3),
        )
        .unwrap();
}

#[test]
fn custom_access_typ_and_refresh_audience() {
    let key = key();
    let issuer = PairIssuer::new(60, 600)
        .typ("iot-device+jwt")
        .refresh_audience("https://issuer.example/refresh");
    let pair = issuer
        .issue_pair(&key, "d", &FixedClock(NOW), &mut TestRng::new(4))
        .unwrap();
    assert!(header(&pair.access).contains(r#""typ":"iot-device+jwt""#));
    assert!(payload(&pair.refresh).contains(r#""aud":"https://issuer.example/refresh""#));
    assert!(!payload(&pair.access).contains("\"aud\""));
    assert!(key.kid().is_some() && header(&pair.refresh).contains(key.thumbprint()));
}

/// The exchange takes the verifier's output and re-checks what makes it a
/// refresh token, so an access token that a lax verifier accepted (no
/// `typ`, no audience configured) cannot be exchanged for a new pair.
#[test]
fn access_tokens_cannot_be_exchanged_even_through_a_lax_verifier() {
    let key = key();
    let issuer = pairs();
    let store = MemoryRefreshStore::new();
    let pair = issuer
        .issue_pair(&key, "d", &FixedClock(NOW), &mut TestRng::new(5))
        .unwrap();
    let lax = Verifier::new(verifying_key(&key), FixedClock(NOW))
        .with_validation(Validation::new().audience("api").audience("refresh"));
    let access = lax.verify(&pair.access).unwrap();
    assert_eq!(
        issuer
            .refresh(
                &key,
                &access,
                &store,
                &FixedClock(NOW),
                &mut TestRng::new(5)
            )
            .unwrap_err(),
        IssueError::RefreshRejected {
            reason: "the token is not a refresh token (typ is not refresh+jwt)"
        }
    );
    // The real refresh token through the same lax verifier still works.
    let refresh = lax.verify(&pair.refresh).unwrap();
    issuer
        .refresh(
            &key,
            &refresh,
            &store,
            &FixedClock(NOW),
            &mut TestRng::new(5),
        )
        .unwrap();
}

/// A token typed as a refresh token but meant for another audience (or
/// without `fid`) is not exchanged either.
#[test]
fn refresh_typed_tokens_for_other_audiences_or_without_fid_are_refused() {
    use jwt_issue::TokenBuilder;
    let key = key();
    let store = MemoryRefreshStore::new();
    let lax = Verifier::new(verifying_key(&key), FixedClock(NOW))
        .with_validation(Validation::new().audience("api").audience("refresh"));
    let forged_aud = TokenBuilder::new(&key)
        .typ(REFRESH_TYP)
        .issuer(ISSUER)
        .subject("d")
        .audience("api")
        .jti("j1")
        .ttl(60)
        .claim("fid", "f1")
        .unwrap()
        .issue(&FixedClock(NOW), &mut TestRng::new(8))
        .unwrap();
    assert_eq!(
        pairs()
            .refresh(
                &key,
                &lax.verify(&forged_aud).unwrap(),
                &store,
                &FixedClock(NOW),
                &mut TestRng::new(8)
            )
            .unwrap_err(),
        IssueError::RefreshRejected {
            reason: "the token is not meant for this refresh endpoint (aud)"
        }
    );
    let no_fid = TokenBuilder::new(&key)
        .typ(REFRESH_TYP)
        .issuer(ISSUER)
        .subject("d")
        .audience("refresh")
        .jti("j2")
        .ttl(60)
        .issue(&FixedClock(NOW), &mut TestRng::new(9))
        .unwrap();
    assert_eq!(
        pairs()
            .refresh(
                &key,
                &lax.verify(&no_fid).unwrap(),
                &store,
                &FixedClock(NOW),
                &mut TestRng::new(9)
            )
            .unwrap_err(),
        IssueError::MissingClaim { name: "fid" }
    );
    assert!(store.is_empty(), "nothing was consumed");
}

/// A refresh endpoint whose key source also holds a device's key: a
/// refresh-typed token the device signed itself verifies there, but is not
/// exchanged (it is not signed with the issuer's key).
#[test]
fn refresh_tokens_signed_by_another_key_of_the_endpoint_are_refused() {
    use jwt_issue::TokenBuilder;
    use jwt_verify::KeySet;
    let key = key();
    let device = EdDsaSigningKey::from_seed(&[12; 32]);
    let set = KeySet::from_jwks_json(&jwt_issue::jwks(&[&key, &device]).unwrap(), &[]).unwrap();
    let endpoint = Verifier::new(set, FixedClock(NOW)).with_validation(
        Validation::new()
            .typ(REFRESH_TYP)
            .audience("refresh")
            .issuer(ISSUER),
    );
    let forged = TokenBuilder::new(&device)
        .typ(REFRESH_TYP)
        .issuer(ISSUER)
        .subject("someone-else")
        .audience("refresh")
        .jti("j")
        .ttl(600)
        .claim("fid", "f")
        .unwrap()
        .issue(&FixedClock(NOW), &mut TestRng::new(10))
        .unwrap();
    let verified = endpoint.verify(&forged).unwrap();
    let store = MemoryRefreshStore::new();
    assert_eq!(
        pairs()
            .refresh(
                &key,
                &verified,
                &store,
                &FixedClock(NOW),
                &mut TestRng::new(10)
            )
            .unwrap_err(),
        IssueError::RefreshRejected {
            reason: "the refresh token was not signed with this issuer's key"
        }
    );
    assert!(store.is_empty());
    // The issuer's own refresh token through the same endpoint works.
    let pair = pairs()
        .issue_pair(&key, "d", &FixedClock(NOW), &mut TestRng::new(11))
        .unwrap();
    let verified = endpoint.verify(&pair.refresh).unwrap();
    pairs()
        .refresh(
            &key,
            &verified,
            &store,
            &FixedClock(NOW),
            &mut TestRng::new(11),
        )
        .unwrap();
}

/// One store serves many threads (`&self` methods behind an `Arc`): of
/// eight threads presenting the same refresh token at once, exactly one
/// gets a new pair, and the family ends up revoked.
#[test]
fn one_store_serves_many_threads() {
    let key = std::sync::Arc::new(key());
    let issuer = std::sync::Arc::new(pairs());
    let store = std::sync::Arc::new(MemoryRefreshStore::new());
    let pair = issuer
        .issue_pair(&*key, "d", &FixedClock(NOW), &mut TestRng::new(6))
        .unwrap();
    let presented = std::sync::Arc::new(verify_refresh(&key, &pair.refresh, NOW).unwrap());
    let results: Vec<_> = (0..8u64)
        .map(|i| {
            let (key, issuer, store, presented) = (
                key.clone(),
                issuer.clone(),
                store.clone(),
                presented.clone(),
            );
            std::thread::spawn(move || {
                issuer.refresh(
                    &*key,
                    &presented,
                    &store,
                    &FixedClock(NOW + 1),
                    &mut TestRng::new(100 + i),
                )
            })
        })
        .map(|t| t.join().unwrap())
        .collect();
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    assert!(results.iter().all(|r| matches!(
        r,
        Ok(_) | Err(IssueError::RefreshReuse | IssueError::RefreshRevoked)
    )));
    assert!(store.is_revoked(&pair.family_id));
}

/// A store that cannot answer stops the exchange with its error.
#[test]
fn an_unavailable_store_issues_nothing() {
    struct Down;
    impl jwt_issue::RefreshStore for Down {
        fn consume(
            &self,
            _: &str,
            _: &str,
            _: jwt_issue::NumericDate,
        ) -> Result<jwt_issue::Consumed, StoreError> {
            Err(StoreError::Unavailable)
        }
        fn revoke_family(&self, _: &str) -> Result<(), StoreError> {
            Err(StoreError::Unavailable)
        }
    }
    let key = key();
    let pair = pairs()
        .issue_pair(&key, "d", &FixedClock(NOW), &mut TestRng::new(7))
        .unwrap();
    let presented = verify_refresh(&key, &pair.refresh, NOW).unwrap();
    assert_eq!(
        pairs()
            .refresh(
                &key,
                &presented,
                &Down,
                &FixedClock(NOW),
                &mut TestRng::new(7)
            )
            .unwrap_err(),
        IssueError::Store(StoreError::Unavailable)
    );
}
