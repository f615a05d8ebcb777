use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use jwt_core::{ClaimsRef, RevocationCheck, StoreError};
use jwt_revoke::{
    Added, FixedRevocationList, FixedSlot, Policy, Revocation, RevocationList, SharedRevocations,
};

use crate::{ISS, NOW, Rng, claims};

fn revoked(check: &impl RevocationCheck, json: &str) -> bool {
    check.is_revoked(&ClaimsRef::parse(json).unwrap()).unwrap()
}

/// The same scenario through the three lists.
fn scenario(
    revoke: &mut dyn FnMut(Revocation, i64) -> Result<Added, StoreError>,
    check: &dyn Fn(&str) -> bool,
) {
    let tok = |iss: Option<&str>, jti: &str, exp| Revocation::token(iss, jti, exp);
    assert_eq!(revoke(tok(Some(ISS), "t-1", NOW + 60), NOW), Ok(Added::New));
    assert_eq!(
        revoke(tok(Some(ISS), "t-1", NOW + 30), NOW),
        Ok(Added::Present)
    );
    assert_eq!(revoke(tok(None, "t-2", NOW + 60), NOW), Ok(Added::New));
    // Lapsed before it is recorded: nothing to keep (exp + 60 s leeway).
    assert_eq!(
        revoke(tok(Some(ISS), "old", NOW - 60), NOW),
        Ok(Added::AlreadyExpired)
    );
    assert_eq!(
        revoke(Revocation::subject(Some(ISS), "device/7", NOW), NOW),
        Ok(Added::New)
    );

    assert!(check(&claims(Some(ISS), Some("t-1"), None, None)));
    // Keyed by (iss, jti): another issuer's t-1, or t-1 without iss, is not it.
    assert!(!check(&claims(
        Some("https://other.example"),
        Some("t-1"),
        None,
        None
    )));
    assert!(!check(&claims(None, Some("t-1"), None, None)));
    assert!(check(&claims(None, Some("t-2"), None, None)));
    assert!(!check(&claims(Some(ISS), Some("t-2"), None, None)));
    assert!(!check(&claims(Some(ISS), Some("old"), None, None)));
    // JSON escapes are decoded before the lookup.
    assert!(check(
        r#"{"iss":"https:\/\/auth.example.com","jti":"t\u002d1"}"#
    ));
    // Subject cut-off: iat < before revoked, iat >= before not, no iat revoked.
    assert!(check(&claims(
        Some(ISS),
        Some("x"),
        Some("device/7"),
        Some(NOW - 1)
    )));
    assert!(!check(&claims(
        Some(ISS),
        Some("x"),
        Some("device/7"),
        Some(NOW)
    )));
    assert!(check(&claims(Some(ISS), Some("x"), Some("device/7"), None)));
    assert!(check(
        r#"{"iss":"https://auth.example.com","sub":"device\/7","jti":"y"}"#
    ));
    assert!(!check(&claims(None, Some("x"), Some("device/7"), None)));
    // A fractional iat just under the cut-off is before it (NumericDate
    // rounds iat up to NOW).
    assert!(check(
        r#"{"iss":"https://auth.example.com","sub":"device/7","iat":1699999999.5,"jti":"z"}"#
    ));
    assert!(!check(
        r#"{"iss":"https://auth.example.com","sub":"device/7","iat":1700000000.5,"jti":"z"}"#
    ));
    assert!(!check(&claims(
        Some(ISS),
        Some("x"),
        Some("device/8"),
        None
    )));
}

#[test]
fn the_three_lists_answer_alike() {
    let policy = Policy::new(100);
    let cell = std::cell::RefCell::new(RevocationList::new(policy));
    scenario(&mut |r, now| cell.borrow_mut().revoke(r, now), &|j| {
        revoked(&*cell.borrow(), j)
    });
    assert_eq!(cell.borrow().len(), 3);

    let shared = SharedRevocations::new(policy);
    scenario(&mut |r, now| shared.revoke(r, now), &|j| {
        revoked(&shared, j)
    });
    assert_eq!(shared.len(), 3);

    let mut slots = [FixedSlot::EMPTY; 16];
    let fixed = std::cell::RefCell::new(FixedRevocationList::new(&mut slots, policy));
    scenario(&mut |r, now| fixed.borrow_mut().revoke(r, now), &|j| {
        revoked(&*fixed.borrow(), j)
    });
    assert_eq!(fixed.borrow().len(), 3);
}

#[test]
fn entries_are_dropped_once_no_token_they_name_can_verify() {
    let policy = Policy::new(100).max_leeway(30).max_token_lifetime(3_600);
    let mut list = RevocationList::new(policy);
    list.revoke(Revocation::token(Some(ISS), "a", NOW + 100), NOW)
        .unwrap();
    list.revoke(Revocation::subject(Some(ISS), "dev", NOW), NOW)
        .unwrap();
    // Token entry: until exp + leeway.
    assert_eq!(list.prune(NOW + 129), 0);
    assert_eq!(list.prune(NOW + 130), 1);
    // Subject entry: until before + lifetime + leeway.
    assert_eq!(list.prune(NOW + 3_629), 0);
    assert_eq!(list.prune(NOW + 3_630), 1);
    assert!(list.is_empty());
    let shared = SharedRevocations::new(policy);
    shared
        .revoke(Revocation::token(Some(ISS), "a", NOW + 100), NOW)
        .unwrap();
    assert_eq!(shared.prune(NOW + 129), Ok(0));
    assert_eq!(shared.prune(NOW + 130), Ok(1));
    assert!(shared.is_empty());
}

/// Full means: refuse the new entry, keep every live one; with eviction,
/// only entries no longer in force make room.
#[test]
fn a_full_list_never_forgets_a_live_revocation() {
    let strict = Policy::new(3).evict_expired_when_full(false);
    let evicting = Policy::new(3);
    for policy in [strict, evicting] {
        let mut list = RevocationList::new(policy);
        let shared = SharedRevocations::new(policy);
        let mut slots = [FixedSlot::EMPTY; 64];
        let mut fixed = FixedRevocationList::new(&mut slots, policy);
        for (i, exp) in [(0, NOW + 10), (1, NOW + 1_000), (2, NOW + 1_000)] {
            let r = Revocation::token(Some(ISS), &format!("t{i}"), exp);
            list.revoke(r.clone(), NOW).unwrap();
            shared.revoke(r.clone(), NOW).unwrap();
            fixed.revoke(r, NOW).unwrap();
        }
        let next = Revocation::token(Some(ISS), "t3", NOW + 1_000);
        // Still live at NOW: refused by both policies.
        assert_eq!(list.revoke(next.clone(), NOW), Err(StoreError::Full));
        assert_eq!(shared.revoke(next.clone(), NOW), Err(StoreError::Full));
        assert_eq!(fixed.revoke(next.clone(), NOW), Err(StoreError::Full));
        // Re-revoking a present entry is not refused.
        let again = Revocation::token(Some(ISS), "t1", NOW + 1_000);
        assert_eq!(list.revoke(again.clone(), NOW), Ok(Added::Present));
        assert_eq!(shared.revoke(again.clone(), NOW), Ok(Added::Present));
        assert_eq!(fixed.revoke(again, NOW), Ok(Added::Present));
        // Later t0 has lapsed (exp + 60 s leeway).
        let later = NOW + 71;
        let expect = if policy.evict_expired_when_full {
            Ok(Added::New)
        } else {
            Err(StoreError::Full)
        };
        assert_eq!(list.revoke(next.clone(), later), expect);
        assert_eq!(shared.revoke(next.clone(), later), expect);
        assert_eq!(fixed.revoke(next, later), expect);
        for j in ["t1", "t2"] {
            let c = claims(Some(ISS), Some(j), None, None);
            assert!(revoked(&list, &c) && revoked(&shared, &c) && revoked(&fixed, &c));
        }
    }
}

/// The fixed list (fingerprints, linear probing, backward-shift deletion)
/// against the heap list as a model, through random revocations, lookups
/// and prunes in a small, often full table.
#[test]
fn fixed_list_matches_the_heap_list_under_random_operations() {
    for seed in 0..40 {
        let mut rng = Rng::new(seed);
        let policy = Policy::new(usize::MAX).max_leeway(0);
        let mut slots = vec![FixedSlot::EMPTY; 8 + rng.below(24) as usize];
        let mut fixed = FixedRevocationList::new(&mut slots, policy);
        let mut model = RevocationList::new(policy.evict_expired_when_full(true));
        let mut now = NOW;
        for _ in 0..400 {
            let id = format!("j{}", rng.below(40));
            match rng.below(10) {
                0..=4 => {
                    // A full fixed list evicts what has lapsed: do the same
                    // to the model so that both hold the same entries.
                    if fixed.len() >= fixed.capacity() {
                        fixed.prune(now);
                        model.prune(now);
                    }
                    let r = Revocation::token(Some(ISS), &id, now + rng.below(50) as i64);
                    match fixed.revoke(r.clone(), now) {
                        Ok(added) => assert_eq!(model.revoke(r, now), Ok(added), "seed {seed}"),
                        Err(StoreError::Full) => {
                            assert_eq!(fixed.len(), fixed.capacity(), "seed {seed}");
                            assert_eq!(model.len(), fixed.len(), "seed {seed}");
                        }
                        Err(e) => panic!("{e}"),
                    }
                }
                5 => {
                    now += rng.below(20) as i64;
                    assert_eq!(fixed.prune(now), model.prune(now), "seed {seed}");
                    assert_eq!(fixed.len(), model.len(), "seed {seed}");
                }
                _ => {
                    let c = claims(Some(ISS), Some(&id), None, None);
                    let c = ClaimsRef::parse(&c).unwrap();
                    assert_eq!(
                        fixed.contains_claims(&c),
                        model.contains_claims(&c),
                        "seed {seed}: {id}"
                    );
                }
            }
        }
        // After the last expiry both are empty.
        now += 100;
        fixed.prune(now);
        model.prune(now);
        assert_eq!(fixed.len(), 0);
        assert_eq!(model.len(), 0);
    }
}

/// Readers never block on one lock word and see a revocation as soon as
/// `revoke` returns.
#[test]
fn shared_list_readers_see_revocations_when_revoke_returns() {
    let list = Arc::new(SharedRevocations::new(Policy::new(100_000)));
    let done = Arc::new(AtomicBool::new(false));
    let readers: Vec<_> = (0..4)
        .map(|_| {
            let (list, done) = (list.clone(), done.clone());
            std::thread::spawn(move || {
                let mut checks = 0u64;
                while !done.load(Ordering::Relaxed) {
                    let c = claims(Some(ISS), Some("never"), None, None);
                    assert!(!revoked(&*list, &c));
                    checks += 1;
                }
                checks
            })
        })
        .collect();
    for i in 0..2_000 {
        let jti = format!("t-{i}");
        list.revoke(Revocation::token(Some(ISS), &jti, NOW + 600), NOW)
            .unwrap();
        // Visible now, from any thread.
        let c = claims(Some(ISS), Some(&jti), None, None);
        let seen = std::thread::scope(|s| s.spawn(|| revoked(&*list, &c)).join().unwrap());
        assert!(seen, "{jti}");
    }
    done.store(true, Ordering::Relaxed);
    for r in readers {
        assert!(r.join().unwrap() > 0);
    }
    assert_eq!(list.len(), 2_000);
    assert_eq!(list.entries().unwrap().len(), 2_000);
}

/// A verifier consults the list after the signature and the claims.
#[test]
fn a_verifier_consults_the_list() {
    use jwt_issue::{FixedClock, Hs256SigningKey, OsRng, TokenBuilder};
    use jwt_verify::{Hs256Key, Verifier, VerifyError};
    let secret = [9u8; 32];
    let key = Hs256SigningKey::new(&secret).unwrap();
    let token = |jti: &str| {
        TokenBuilder::new(&key)
            .issuer(ISS)
            .subject("device-1")
            .jti(jti)
            .ttl(600)
            .issue(&FixedClock(NOW), &mut OsRng)
            .unwrap()
    };
    let list = Arc::new(SharedRevocations::new(Policy::default()));
    let verifier = Verifier::new(Hs256Key::new(&secret).unwrap(), FixedClock(NOW + 1))
        .with_revocation(Arc::clone(&list));
    verifier.verify(&token("a")).unwrap();
    list.revoke(Revocation::token(Some(ISS), "a", NOW + 600), NOW)
        .unwrap();
    assert_eq!(
        verifier.verify(&token("a")).unwrap_err(),
        VerifyError::Revoked
    );
    verifier.verify(&token("b")).unwrap();
    // Reflashed: everything issued to device-1 before NOW + 1.
    list.revoke(Revocation::subject(Some(ISS), "device-1", NOW + 1), NOW + 1)
        .unwrap();
    assert_eq!(
        verifier.verify(&token("b")).unwrap_err(),
        VerifyError::Revoked
    );
}

/// The heap list against a plain model (a map of what was revoked, with
/// the largest value), through random revocations, lookups and prunes:
/// ids of every size around the 32-byte inline limit, unicode, issuers
/// that come and go (their table slots are reused).
#[test]
fn heap_list_matches_a_model_under_random_operations() {
    use std::collections::BTreeMap;
    let issuers = [
        None,
        Some("https://a.example"),
        Some("https://b.example"),
        Some("ü"),
    ];
    let ids: Vec<String> = (0..40)
        .map(|i| match i % 5 {
            0 => format!("{i:032x}"),
            1 => format!("{i:033}"),
            2 => format!("{i}"),
            3 => format!("ü{i:030}"),
            _ => "x".repeat(60 + i),
        })
        .collect();
    for seed in 0..30 {
        let mut rng = Rng::new(1_000 + seed);
        let policy = Policy::new(usize::MAX).max_leeway(5).max_token_lifetime(20);
        let mut list = RevocationList::new(policy);
        let shared = SharedRevocations::new(policy);
        // (is token, iss, id) -> value
        let mut model: BTreeMap<(bool, Option<&str>, String), i64> = BTreeMap::new();
        let mut now = NOW;
        for _ in 0..600 {
            let iss = issuers[rng.below(4) as usize];
            let id = ids[rng.below(ids.len() as u64) as usize].clone();
            let token = rng.below(3) != 0;
            match rng.below(8) {
                0..=3 => {
                    let value = now + rng.below(40) as i64 - 10;
                    let r = if token {
                        Revocation::token(iss, &id, value)
                    } else {
                        Revocation::subject(iss, &id, value)
                    };
                    let grace = if token { 5 } else { 25 };
                    let a = list.revoke(r.clone(), now).unwrap();
                    let b = shared.revoke(r, now).unwrap();
                    assert_eq!(a, b);
                    if value + grace > now {
                        let e = model.entry((token, iss, id)).or_insert(value);
                        *e = (*e).max(value);
                    }
                }
                4 => {
                    now += rng.below(8) as i64;
                    list.prune(now);
                    shared.prune(now).unwrap();
                    model.retain(|(token, _, _), v| *v + if *token { 5 } else { 25 } > now);
                    assert_eq!(list.len(), model.len(), "seed {seed}");
                    assert_eq!(shared.len(), model.len(), "seed {seed}");
                }
                _ => {
                    let tok = model.contains_key(&(true, iss, id.clone()));
                    let c = claims(iss, Some(&id), None, None);
                    assert_eq!(revoked(&list, &c), tok, "seed {seed}: {iss:?} {id}");
                    assert_eq!(revoked(&shared, &c), tok, "seed {seed}: {iss:?} {id}");
                    if let Some(before) = model.get(&(false, iss, id.clone())) {
                        let c = claims(iss, None, Some(&id), Some(before - 1));
                        assert!(revoked(&list, &c) && revoked(&shared, &c));
                        let c = claims(iss, None, Some(&id), Some(*before));
                        assert!(!revoked(&list, &c) && !revoked(&shared, &c));
                    }
                }
            }
        }
        // What the lists hold is what the model holds, entry for entry.
        let mut got: Vec<String> = list.entries().map(|r| format!("{r:?}")).collect();
        let mut want: Vec<String> = model
            .iter()
            .map(|((token, iss, id), v)| {
                let r = if *token {
                    Revocation::token(*iss, id, *v)
                } else {
                    Revocation::subject(*iss, id, *v)
                };
                format!("{r:?}")
            })
            .collect();
        got.sort();
        want.sort();
        assert_eq!(got, want, "seed {seed}");
        let mut shared_got: Vec<String> = shared
            .entries()
            .unwrap()
            .iter()
            .map(|r| format!("{r:?}"))
            .collect();
        shared_got.sort();
        assert_eq!(shared_got, want, "seed {seed}");
    }
}
