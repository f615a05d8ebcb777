use jwt_issue::{Es256SigningKey, FixedClock, OsRng, TokenBuilder};
use jwt_revoke::{
    EVENT_TYP, EventError, EventVerifier, Policy, Revocation, SharedRevocations, sign_event,
};
use jwt_verify::{Es256VerifyingKey, VerifyError};

use crate::{ISS, NOW};

fn keys() -> (Es256SigningKey, Es256VerifyingKey) {
    let key = Es256SigningKey::generate_os().unwrap();
    let public = Es256VerifyingKey::from_public_key_pem(&key.public_key_pem().unwrap()).unwrap();
    (key, public)
}

fn event(key: &Es256SigningKey, r: &Revocation) -> String {
    sign_event(key, r, &Policy::default(), &FixedClock(NOW), &mut OsRng).unwrap()
}

#[test]
fn signed_events_round_trip_and_apply_idempotently() {
    let (key, public) = keys();
    let events = EventVerifier::new(public, FixedClock(NOW + 1), ISS);
    let store = SharedRevocations::new(Policy::default());
    for r in [
        Revocation::token(Some(ISS), "t-1", NOW + 600),
        Revocation::subject(Some(ISS), "device/7", NOW),
    ] {
        let e = event(&key, &r);
        assert!(e.split('.').next().is_some());
        assert_eq!(events.verify(&e).unwrap(), r);
        // Replaying an event changes nothing.
        store.revoke(events.verify(&e).unwrap(), NOW + 1).unwrap();
        store.revoke(events.verify(&e).unwrap(), NOW + 1).unwrap();
    }
    assert_eq!(store.len(), 2);
}

#[test]
fn forged_foreign_and_expired_events_are_refused() {
    let (key, public) = keys();
    let (other_key, _) = keys();
    let events = EventVerifier::new(public, FixedClock(NOW + 1), ISS);
    let r = Revocation::token(Some(ISS), "t-1", NOW + 600);
    // Signed by someone else.
    assert_eq!(
        events.verify(&event(&other_key, &r)),
        Err(EventError::Verify(VerifyError::InvalidSignature))
    );
    // Tampered.
    let mut e = event(&key, &r);
    e.insert(e.find('.').unwrap() + 3, 'A');
    assert!(events.verify(&e).is_err());
    // Another issuer's event, even signed with the right key.
    let foreign = Revocation::token(Some("https://other.example"), "t-1", NOW + 600);
    assert!(matches!(
        events.verify(&event(&key, &foreign)),
        Err(EventError::Verify(VerifyError::ClaimMismatch { .. }))
    ));
    // After its exp (the revoked token's exp + leeway), an event is stale.
    assert_eq!(
        events.verify_at(&event(&key, &r), NOW + 600 + 60),
        Err(EventError::Verify(VerifyError::Expired))
    );
    // An event is no access token either: a verifier that checks only
    // the issuer (no typ, no audience configured) refuses it for its aud.
    let access_verifier = jwt_verify::Verifier::new(
        Es256VerifyingKey::from_public_key_pem(&key.public_key_pem().unwrap()).unwrap(),
        FixedClock(NOW + 1),
    )
    .with_validation(jwt_verify::Validation::new().issuer(ISS));
    assert!(matches!(
        access_verifier.verify(&event(&key, &r)),
        Err(VerifyError::ClaimMismatch { .. })
    ));
    // An access token of the same issuer is not an event (typ).
    let access = TokenBuilder::new(&key)
        .issuer(ISS)
        .subject("device/7")
        .ttl(60)
        .claim(
            "revoke",
            serde_json::json!({"jti": "t-9", "exp": NOW + 600}),
        )
        .unwrap()
        .issue(&FixedClock(NOW), &mut OsRng)
        .unwrap();
    assert_eq!(
        events.verify(&access),
        Err(EventError::Verify(VerifyError::TypMismatch))
    );
    // Nothing to announce for a lapsed revocation, nor without an issuer.
    assert_eq!(
        sign_event(
            &key,
            &Revocation::token(Some(ISS), "t", NOW - 61),
            &Policy::default(),
            &FixedClock(NOW),
            &mut OsRng
        ),
        Err(EventError::NotInForce)
    );
    assert_eq!(
        sign_event(
            &key,
            &Revocation::token(None, "t", NOW + 60),
            &Policy::default(),
            &FixedClock(NOW),
            &mut OsRng
        ),
        Err(EventError::NoIssuer)
    );
}

#[test]
fn malformed_revoke_claims_are_refused() {
    let (key, public) = keys();
    let events = EventVerifier::new(public, FixedClock(NOW + 1), ISS);
    let with = |body: serde_json::Value| {
        TokenBuilder::new(&key)
            .typ(EVENT_TYP)
            .issuer(ISS)
            .audience(jwt_revoke::EVENT_AUDIENCE)
            .ttl(600)
            .claim("revoke", body)
            .unwrap()
            .issue(&FixedClock(NOW), &mut OsRng)
            .unwrap()
    };
    for body in [
        serde_json::json!("t-1"),
        serde_json::json!({"jti": "t-1"}),
        serde_json::json!({"jti": "t-1", "exp": "soon"}),
        serde_json::json!({"jti": "t-1", "exp": 1.5}),
        serde_json::json!({"jti": "t-1", "sub": "d", "exp": 1}),
        serde_json::json!({"sub": "d", "before": 1, "extra": true}),
        serde_json::json!({"jti": 5, "exp": 1}),
        serde_json::json!({}),
    ] {
        assert!(
            matches!(
                events.verify(&with(body.clone())),
                Err(EventError::Malformed { .. })
            ),
            "{body}"
        );
    }
    // Without the claim at all: required by the event policy.
    let bare = TokenBuilder::new(&key)
        .typ(EVENT_TYP)
        .issuer(ISS)
        .audience(jwt_revoke::EVENT_AUDIENCE)
        .ttl(600)
        .issue(&FixedClock(NOW), &mut OsRng)
        .unwrap();
    assert!(matches!(
        events.verify(&bare),
        Err(EventError::Verify(VerifyError::MissingClaim { .. }))
    ));
}

/// The seed's bare `jti` messages: refused unless turned on.
#[test]
fn bare_jti_messages_only_when_turned_on() {
    let (_, public) = keys();
    let strict = EventVerifier::new(public.clone(), FixedClock(NOW), ISS);
    assert_eq!(strict.verify("t-1"), Err(EventError::Unsigned));
    let lax = EventVerifier::new(public, FixedClock(NOW), ISS)
        .accept_bare_jti(Policy::default().max_token_lifetime(3_600));
    assert_eq!(
        lax.verify("t-1\n"),
        Ok(Revocation::token(Some(ISS), "t-1", NOW + 3_600))
    );
    for junk in ["", "two words", &"x".repeat(256), "ü"] {
        assert!(
            matches!(
                lax.verify(junk),
                Err(EventError::Malformed { .. }) | Err(EventError::Unsigned)
            ),
            "{junk:?}"
        );
    }
}
