//! Rust-side tests of the unsafe glue, small enough for Miri
//! (`cargo +nightly miri test -p jwt-ffi --lib`): handles made and
//! freed, outputs written only on success, buffers too small, NULLs,
//! claims placed in misaligned caller buffers, a fixed store over caller
//! memory. The C programs under `tests/c/` cover the API as C sees it.

use alloc::vec;
use alloc::vec::Vec;
use core::ptr::{null, null_mut};

use crate::*;

const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";
const NOW: i64 = 1_700_000_000;

fn key() -> *mut jwt_key {
    let mut key = null_mut();
    // SAFETY: valid pointers.
    let r = unsafe { jwt_key_import(SECRET.as_ptr(), SECRET.len(), 1, &mut key) };
    assert_eq!(r, JWT_OK);
    key
}

fn token(key: *const jwt_key, ttl: u64) -> Vec<u8> {
    let mut issuer = null_mut();
    let mut buf = vec![0u8; 512];
    let mut n = 0;
    // SAFETY: valid pointers and lengths throughout.
    unsafe {
        assert_eq!(jwt_issuer_new(key, &mut issuer), JWT_OK);
        assert_eq!(jwt_issuer_set_subject(issuer, b"dev/7".as_ptr(), 5), JWT_OK);
        let claims = br#"{"path":"a\/b\u0021"}"#;
        assert_eq!(
            jwt_issuer_set_claims_json(issuer, claims.as_ptr(), claims.len()),
            JWT_OK
        );
        assert_eq!(jwt_issuer_set_ttl(issuer, ttl), JWT_OK);
        assert_eq!(
            jwt_issuer_issue(issuer, NOW, buf.as_mut_ptr(), buf.len(), &mut n),
            JWT_OK
        );
        jwt_issuer_free(issuer);
    }
    assert_eq!(buf[n], 0);
    buf.truncate(n);
    buf
}

#[test]
fn message_outputs_only_on_success() {
    let mut buf = [0xAAu8; 8];
    let mut n = 7usize;
    // SAFETY: valid pointers.
    let r = unsafe { jwt_result_message(JWT_ERR_EXPIRED, buf.as_mut_ptr(), buf.len(), &mut n) };
    assert_eq!(r, JWT_ERR_BUFFER_TOO_SMALL);
    assert_eq!(buf, [0xAA; 8], "nothing copied");
    assert!(n > 8);
    let mut big = vec![0u8; n];
    // SAFETY: valid pointers.
    let r = unsafe { jwt_result_message(JWT_ERR_EXPIRED, big.as_mut_ptr(), big.len(), &mut n) };
    assert_eq!(r, JWT_OK);
    assert_eq!(&big[..8], b"expired:");
    assert_eq!(big[n], 0);
    // SAFETY: NULLs are the point.
    unsafe {
        assert_eq!(
            jwt_result_message(1, null_mut(), 0, &mut n),
            JWT_ERR_INVALID_ARGUMENT
        );
        assert_eq!(
            jwt_result_message(0, null_mut(), 99, &mut n),
            JWT_ERR_NULL_ARGUMENT
        );
        assert_eq!(
            jwt_result_message(0, big.as_mut_ptr(), 9, null_mut()),
            JWT_ERR_NULL_ARGUMENT
        );
    }
}

#[test]
fn verify_owned_and_in_misaligned_buffers() {
    let key = key();
    let tok = token(key, 60);
    let mut v = null_mut();
    let mut policy = null_mut();
    // SAFETY: valid pointers and lengths throughout; handles freed once.
    unsafe {
        assert_eq!(jwt_policy_new(&mut policy), JWT_OK);
        assert_eq!(jwt_policy_set_subject(policy, b"dev/7".as_ptr(), 5), JWT_OK);
        assert_eq!(jwt_verifier_new(key, policy, null(), &mut v), JWT_OK);
        jwt_policy_free(policy);
        jwt_key_free(key);

        let mut claims = null_mut();
        assert_eq!(
            jwt_verifier_verify(v, tok.as_ptr(), tok.len(), NOW, &mut claims, null_mut()),
            JWT_OK
        );
        let mut s = [0u8; 16];
        let mut n = 0;
        assert_eq!(
            jwt_claims_get_string(claims, b"sub".as_ptr(), 3, s.as_mut_ptr(), s.len(), &mut n),
            JWT_OK
        );
        assert_eq!(&s[..n], b"dev/7");
        assert_eq!(
            jwt_claims_get_string(claims, b"path".as_ptr(), 4, s.as_mut_ptr(), s.len(), &mut n),
            JWT_OK
        );
        assert_eq!(&s[..n], b"a/b!", "JSON escapes decoded");
        jwt_claims_free(claims);

        // Failure: the output pointer is left alone, the failure filled.
        let sentinel = core::ptr::dangling_mut::<jwt_claims>();
        let mut untouched = sentinel;
        let mut f = jwt_verify_failure {
            claim: [9; 64],
            claim_len: 9,
        };
        assert_eq!(
            jwt_verifier_verify(v, tok.as_ptr(), tok.len(), NOW + 60, &mut untouched, &mut f),
            JWT_ERR_EXPIRED
        );
        assert_eq!(untouched, sentinel);
        assert_eq!((f.claim[0], f.claim_len), (0, 0));

        let mut backing = vec![0u64; 128];
        let base = backing.as_mut_ptr().cast::<u8>();
        for skew in 0..8 {
            let mut view: *const jwt_claims = null();
            let r = jwt_verifier_verify_in(
                v,
                tok.as_ptr(),
                tok.len(),
                NOW,
                base.add(skew),
                1024 - skew,
                &mut view,
                null_mut(),
            );
            assert_eq!(r, JWT_OK);
            let mut exp = 0;
            assert_eq!(
                jwt_claims_get_int(view, b"exp".as_ptr(), 3, &mut exp),
                JWT_OK
            );
            assert_eq!(exp, NOW + 60);
            jwt_claims_free(view.cast_mut());
        }
        let mut view: *const jwt_claims = null();
        assert_eq!(
            jwt_verifier_verify_in(
                v,
                tok.as_ptr(),
                tok.len(),
                NOW,
                base,
                8,
                &mut view,
                null_mut()
            ),
            JWT_ERR_INVALID_ARGUMENT
        );
        assert!(view.is_null());
        jwt_verifier_free(v);
    }
}

#[cfg(feature = "revoke")]
#[test]
fn fixed_store_over_caller_memory_saves_and_loads() {
    let key = key();
    let tok = token(key, 60);
    // Uninitialised caller memory, as firmware hands it over.
    let mut mem: Vec<core::mem::MaybeUninit<u64>> = Vec::with_capacity(8 * 5);
    let policy = jwt_revocation_policy {
        max_leeway: 0,
        max_token_lifetime: 100,
        capacity: 10,
        evict_expired_when_full: true,
    };
    let mut store = null_mut();
    let mut v = null_mut();
    // SAFETY: `mem` holds 8 slots of 40 bytes, aligned to 8, and outlives
    // the store and the verifier, which are freed below.
    unsafe {
        assert_eq!(
            jwt_revocations_new_fixed(mem.as_mut_ptr().cast(), 8 * 40, &policy, &mut store),
            JWT_OK
        );
        let mut p = null_mut();
        assert_eq!(jwt_policy_new(&mut p), JWT_OK);
        assert_eq!(jwt_verifier_new(key, p, store, &mut v), JWT_OK);
        jwt_policy_free(p);
        let mut claims = null_mut();
        assert_eq!(
            jwt_verifier_verify(v, tok.as_ptr(), tok.len(), NOW, &mut claims, null_mut()),
            JWT_OK
        );
        let mut jti = [0u8; 64];
        let mut n = 0;
        assert_eq!(
            jwt_claims_get_string(claims, b"jti".as_ptr(), 3, jti.as_mut_ptr(), 64, &mut n),
            JWT_OK
        );
        jwt_claims_free(claims);
        let mut added = jwt_added::JWT_ADDED_PRESENT;
        assert_eq!(
            jwt_revocations_add_token(store, null(), 0, jti.as_ptr(), n, NOW + 60, NOW, &mut added),
            JWT_OK
        );
        assert_eq!(added, jwt_added::JWT_ADDED_NEW);
        assert_eq!(
            jwt_verifier_verify(v, tok.as_ptr(), tok.len(), NOW, null_mut(), null_mut()),
            JWT_ERR_REVOKED
        );
        let mut image = [0u8; 64];
        let mut len = 0;
        assert_eq!(
            jwt_revocations_save(store, image.as_mut_ptr(), 10, &mut len),
            JWT_ERR_BUFFER_TOO_SMALL
        );
        assert_eq!(
            len,
            JWT_REVOCATION_IMAGE_OVERHEAD + JWT_REVOCATION_IMAGE_ENTRY
        );
        assert_eq!(
            jwt_revocations_save(store, image.as_mut_ptr(), 64, &mut len),
            JWT_OK
        );
        // Free the handle first: the verifier keeps the store.
        jwt_revocations_free(store);
        assert_eq!(
            jwt_verifier_verify(v, tok.as_ptr(), tok.len(), NOW, null_mut(), null_mut()),
            JWT_ERR_REVOKED
        );
        jwt_verifier_free(v);

        let mut heap = null_mut();
        assert_eq!(jwt_revocations_new(&policy, &mut heap), JWT_OK);
        assert_eq!(
            jwt_revocations_load(heap, image.as_ptr(), len, NOW, null_mut()),
            JWT_ERR_STORE_CORRUPT,
            "a fixed image is not heap records"
        );
        jwt_revocations_free(heap);
        jwt_key_free(key);
    }
    drop(mem);
}

#[test]
fn algorithm_numbers_are_checked() {
    assert_eq!(crate::algorithm(0), Ok(None));
    assert_eq!(crate::algorithm(1), Ok(Some(jwt_core::Algorithm::HS256)));
    assert_eq!(crate::algorithm(13), Ok(Some(jwt_core::Algorithm::EdDSA)));
    assert_eq!(crate::algorithm(14), Err(JWT_ERR_INVALID_ARGUMENT));
    assert_eq!(crate::algorithm(u32::MAX), Err(JWT_ERR_INVALID_ARGUMENT));
    assert_eq!(jwt_alg::JWT_ALG_EDDSA as u32, 13);
}

#[test]
fn lean_secret_import_writes_only_on_success_and_verifies_what_the_full_key_signs() {
    let mut lean = null_mut();
    // SAFETY: valid pointers; NULLs and bad lengths are the point.
    unsafe {
        let pem = b"-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n";
        assert_eq!(
            jwt_key_import_secret(pem.as_ptr(), pem.len(), 1, &mut lean),
            JWT_ERR_KEY_NOT_A_SECRET
        );
        assert_eq!(
            jwt_key_import_secret(SECRET.as_ptr(), SECRET.len(), 0, &mut lean),
            JWT_ERR_INVALID_ARGUMENT
        );
        assert_eq!(
            jwt_key_import_secret(SECRET.as_ptr(), 0, 1, &mut lean),
            JWT_ERR_INVALID_ARGUMENT
        );
        assert_eq!(
            jwt_key_import_secret(null(), 32, 1, &mut lean),
            JWT_ERR_NULL_ARGUMENT
        );
        assert!(lean.is_null(), "written only on success");
        assert_eq!(
            jwt_key_import_secret(SECRET.as_ptr(), SECRET.len(), 1, &mut lean),
            JWT_OK
        );
    }
    let full = key();
    let token = token(full, 60);
    let mut verifier = null_mut();
    // SAFETY: live handles, valid buffers.
    unsafe {
        assert_eq!(
            jwt_verifier_new(lean, null(), null(), &mut verifier),
            JWT_OK
        );
        assert_eq!(
            jwt_verifier_verify(
                verifier,
                token.as_ptr(),
                token.len(),
                NOW,
                null_mut(),
                null_mut()
            ),
            JWT_OK
        );
        jwt_verifier_free(verifier);
        jwt_key_free(lean);
        jwt_key_free(full);
    }
}
