//! One HS256 verification through the C API (`jwt_verifier_verify_in`,
//! called through its `extern "C"` symbol, as C calls it) beside the same
//! verification through the Rust `Verifier::verify_in_at`, on the same
//! token, key and policy, in the same run. The binding's cost is the
//! difference (argument checks, the claims view, the panic guard).
#![allow(unsafe_code, missing_docs, clippy::unwrap_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use jwt_ffi::*;
use jwt_verify::{Hs256Key, Validation, Verifier};

const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";
const NOW: i64 = 1_700_000_000;

fn bench(c: &mut Criterion) {
    let signing = jwt_issue::Hs256SigningKey::new(SECRET)
        .unwrap()
        .without_kid();
    let token = jwt_issue::TokenBuilder::new(&signing)
        .issuer("https://auth.example.com")
        .subject("device-42")
        .audience("gateway-eu-1")
        .ttl(300)
        .issue(&jwt_issue::FixedClock(NOW), &mut jwt_issue::OsRng)
        .unwrap();

    let rust = Verifier::new(Hs256Key::new(SECRET).unwrap(), || None).with_validation(
        Validation::new()
            .issuer("https://auth.example.com")
            .audience("gateway-eu-1"),
    );
    let mut group = c.benchmark_group("hs256 verify_in");
    let mut buf = [0u8; 1024];
    group.bench_function("rust Verifier::verify_in_at", |b| {
        b.iter(|| {
            rust.verify_in_at(std::hint::black_box(&token), NOW, &mut buf)
                .unwrap();
        })
    });

    let mut key = std::ptr::null_mut();
    let mut policy = std::ptr::null_mut();
    let mut v = std::ptr::null_mut();
    // SAFETY: valid pointers and lengths; the handles are freed below.
    unsafe {
        assert_eq!(
            jwt_key_import(SECRET.as_ptr(), SECRET.len(), 1, &mut key),
            JWT_OK
        );
        assert_eq!(jwt_policy_new(&mut policy), JWT_OK);
        let iss = b"https://auth.example.com";
        assert_eq!(
            jwt_policy_add_issuer(policy, iss.as_ptr(), iss.len()),
            JWT_OK
        );
        let aud = b"gateway-eu-1";
        assert_eq!(
            jwt_policy_add_audience(policy, aud.as_ptr(), aud.len()),
            JWT_OK
        );
        assert_eq!(
            jwt_verifier_new(key, policy, std::ptr::null(), &mut v),
            JWT_OK
        );
    }
    group.bench_function("C jwt_verifier_verify_in", |b| {
        b.iter(|| {
            let mut view = std::ptr::null();
            let t = std::hint::black_box(token.as_bytes());
            // SAFETY: as above.
            let r = unsafe {
                jwt_verifier_verify_in(
                    v,
                    t.as_ptr(),
                    t.len(),
                    NOW,
                    buf.as_mut_ptr(),
                    buf.len(),
                    &mut view,
                    std::ptr::null_mut(),
                )
            };
            assert_eq!(r, JWT_OK);
        })
    });
    group.finish();
    // SAFETY: made above, freed once.
    unsafe {
        jwt_verifier_free(v);
        jwt_policy_free(policy);
        jwt_key_free(key);
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
