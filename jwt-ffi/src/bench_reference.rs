//! Benchmarks only (feature `bench-reference`; never in a product build,
//! never in the header): the engine's Rust `Verifier::verify_in_at` over
//! an `Hs256Key` and a policy, exported so that
//! `jwt-ffi/benches/c_peer` times it in the same process as
//! `jwt_verifier_verify_in` on the same token. The difference is what the
//! C boundary costs (argument checks, UTF-8 check, the claims view, the
//! panic guard, dispatch over the key set), as a Rust user would see it.

use alloc::boxed::Box;

use jwt_verify::{Hs256Key, Validation, Verifier};

use crate::arg;
use crate::verify::{NoClock, no_clock};

/// A Rust verifier as a Rust program builds it.
///
/// cbindgen:ignore
pub struct jwt_bench_reference(Verifier<Hs256Key, NoClock>);

/// A reference verifier for an HS256 `secret`, issuer `iss` and audience
/// `aud`; NULL on any error. Free with `jwt_bench_reference_free`.
///
/// cbindgen:ignore
///
/// # Safety
/// Each pointer valid for its length of reads.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_bench_reference_new(
    secret: *const u8,
    secret_len: usize,
    iss: *const u8,
    iss_len: usize,
    aud: *const u8,
    aud_len: usize,
) -> *mut jwt_bench_reference {
    // SAFETY: the caller's contract.
    let args = unsafe {
        (
            arg::bytes(secret, secret_len),
            arg::text(iss, iss_len),
            arg::text(aud, aud_len),
        )
    };
    let (Ok(secret), Ok(iss), Ok(aud)) = args else {
        return core::ptr::null_mut();
    };
    let Ok(key) = Hs256Key::new(secret) else {
        return core::ptr::null_mut();
    };
    let verifier = Verifier::new(key, no_clock as NoClock)
        .with_validation(Validation::new().issuer(iss).audience(aud));
    Box::into_raw(Box::new(jwt_bench_reference(verifier)))
}

/// `Verifier::verify_in_at(token, now, buf)`: 0 if the token verifies,
/// 1 if not (or on a NULL argument).
///
/// cbindgen:ignore
///
/// # Safety
/// `reference` live; `token` valid UTF-8 of `len` bytes (not checked: a
/// Rust caller holds a `&str`); `buf` valid for `buf_len` bytes of
/// writes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_bench_reference_verify_in(
    reference: *const jwt_bench_reference,
    token: *const u8,
    len: usize,
    now: i64,
    buf: *mut u8,
    buf_len: usize,
) -> i32 {
    if reference.is_null() || token.is_null() || buf.is_null() {
        return 1;
    }
    // SAFETY: the caller's contract: live, UTF-8 and valid lengths.
    let (v, token, buf) = unsafe {
        (
            &*reference,
            core::str::from_utf8_unchecked(core::slice::from_raw_parts(token, len)),
            core::slice::from_raw_parts_mut(buf, buf_len),
        )
    };
    i32::from(v.0.verify_in_at(token, now, buf).is_err())
}

/// Frees a reference verifier; NULL is harmless.
///
/// cbindgen:ignore
///
/// # Safety
/// `reference` NULL or from `jwt_bench_reference_new`, not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_bench_reference_free(reference: *mut jwt_bench_reference) {
    // SAFETY: the caller gives back a handle made here, once.
    unsafe { crate::error::free_box(reference) };
}
