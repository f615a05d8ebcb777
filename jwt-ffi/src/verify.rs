//! Policies, verifiers and verified claims.
//!
//! Design note: a `jwt_policy` is a mutable builder of `jwt-core`'s
//! `Validation` (plus limits) that C fills call by call; a `jwt_verifier`
//! is `jwt-verify`'s `Verifier`, built once from a key and a policy and
//! immutable afterwards, so one handle serves every thread or task. The
//! time comes with each call (`now`): there is no hidden clock. Claims
//! are read only from what a verifier returned: a heap handle
//! (`jwt_verifier_verify`) or, with no heap use at all, a view placed in a
//! caller buffer next to the decoded payload (`jwt_verifier_verify_in`).

use alloc::boxed::Box;
use alloc::sync::Arc;

use jwt_core::claims::ClaimsIndex;
use jwt_core::{ClaimsRef, JsonStr, Limits, Validation, VerifiedToken, VerifyError};
use jwt_verify::{MaterialKeys, Verifier};

use crate::error::{FfiError, Res, code, free_box, guard, guard_void};
use crate::jwt_revocations;
#[cfg(feature = "revoke")]
use crate::revoke::Check;
use crate::{arg, jwt_key, jwt_result, out};

/// A verification policy under construction: allowed issuers and
/// audiences, subject, `typ`, leeway, maximum age, required claims,
/// limits. Opaque; `jwt_policy_new`, the setters, `jwt_policy_free`. A
/// verifier copies it when built, so a policy can be changed or freed
/// afterwards. Not thread-safe while being changed.
///
/// Defaults (`jwt-core`'s `Validation`): `exp` required, leeway 0, a token
/// carrying `aud` refused unless audiences are configured, token 8 KiB,
/// header 1 KiB, JSON depth 16.
pub struct jwt_policy {
    validation: Validation,
    limits: Limits,
}

/// A new default policy into `*out` (free with `jwt_policy_free`).
///
/// # Safety
/// `out` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_policy_new(out: *mut *mut jwt_policy) -> jwt_result {
    guard(|| {
        let policy = jwt_policy {
            validation: Validation::new(),
            limits: Limits::default(),
        };
        // SAFETY: the caller's contract.
        unsafe { out::boxed(out, policy) }
    })
}

/// Applies one `Validation` builder step to a policy.
///
/// # Safety
/// `policy` a live policy used by no other thread during the call.
unsafe fn step(policy: *mut jwt_policy, f: impl FnOnce(Validation) -> Validation) -> Res<()> {
    // SAFETY: the caller's contract.
    let p = unsafe { arg::handle_mut(policy) }?;
    p.validation = f(core::mem::take(&mut p.validation));
    Ok(())
}

/// Applies one builder step that takes a string argument.
///
/// # Safety
/// As [`step`]; `s` valid for `len` bytes.
unsafe fn step_text(
    policy: *mut jwt_policy,
    s: *const u8,
    len: usize,
    f: impl FnOnce(Validation, &str) -> Validation,
) -> jwt_result {
    guard(|| {
        // SAFETY: the caller's contract.
        let s = unsafe { arg::text(s, len) }?;
        // SAFETY: the caller's contract.
        unsafe { step(policy, |v| f(v, s)) }
    })
}

/// Accepts tokens whose `iss` is exactly this (may be called several
/// times: any of them). Once any issuer is set, `iss` is required.
/// The string is copied.
///
/// # Safety
/// `policy` a live policy; `iss` valid for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_policy_add_issuer(
    policy: *mut jwt_policy,
    iss: *const u8,
    len: usize,
) -> jwt_result {
    // SAFETY: forwarded.
    unsafe { step_text(policy, iss, len, |v, s| v.issuer(s)) }
}

/// Accepts tokens whose `aud` contains this (may be called several
/// times). Once any audience is set, `aud` is required. Copied.
///
/// # Safety
/// As `jwt_policy_add_issuer`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_policy_add_audience(
    policy: *mut jwt_policy,
    aud: *const u8,
    len: usize,
) -> jwt_result {
    // SAFETY: forwarded.
    unsafe { step_text(policy, aud, len, |v, s| v.audience(s)) }
}

/// Requires `sub` to be exactly this. Copied.
///
/// # Safety
/// As `jwt_policy_add_issuer`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_policy_set_subject(
    policy: *mut jwt_policy,
    sub: *const u8,
    len: usize,
) -> jwt_result {
    // SAFETY: forwarded.
    unsafe { step_text(policy, sub, len, |v, s| v.subject(s)) }
}

/// Requires the header's `typ` to be this (case-insensitive, an
/// `application/` prefix ignored). Copied.
///
/// # Safety
/// As `jwt_policy_add_issuer`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_policy_set_typ(
    policy: *mut jwt_policy,
    typ: *const u8,
    len: usize,
) -> jwt_result {
    // SAFETY: forwarded.
    unsafe { step_text(policy, typ, len, |v, s| v.typ(s)) }
}

/// Requires this claim to be present and not `null`. Copied.
///
/// # Safety
/// As `jwt_policy_add_issuer`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_policy_require_claim(
    policy: *mut jwt_policy,
    name: *const u8,
    len: usize,
) -> jwt_result {
    // SAFETY: forwarded.
    unsafe { step_text(policy, name, len, |v, s| v.require(s)) }
}

/// Seconds of clock skew tolerated for `exp`, `nbf` and `iat` (30-60 is
/// reasonable for devices).
///
/// # Safety
/// `policy` a live policy.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_policy_set_leeway(
    policy: *mut jwt_policy,
    seconds: u64,
) -> jwt_result {
    // SAFETY: forwarded.
    guard(|| unsafe { step(policy, |v| v.leeway(seconds)) })
}

/// Refuses tokens whose `iat` is older than this many seconds (and
/// requires `iat`).
///
/// # Safety
/// `policy` a live policy.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_policy_set_max_age(
    policy: *mut jwt_policy,
    seconds: u64,
) -> jwt_result {
    // SAFETY: forwarded.
    guard(|| unsafe { step(policy, |v| v.max_age(seconds)) })
}

/// Requires `nbf`.
///
/// # Safety
/// `policy` a live policy.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_policy_require_nbf(policy: *mut jwt_policy) -> jwt_result {
    // SAFETY: forwarded.
    guard(|| unsafe { step(policy, Validation::require_nbf) })
}

/// Requires `iat`.
///
/// # Safety
/// `policy` a live policy.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_policy_require_iat(policy: *mut jwt_policy) -> jwt_result {
    // SAFETY: forwarded.
    guard(|| unsafe { step(policy, Validation::require_iat) })
}

/// Accepts tokens without `exp` (they never expire; only revocation
/// retires them).
///
/// # Safety
/// `policy` a live policy.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_policy_allow_missing_exp(policy: *mut jwt_policy) -> jwt_result {
    // SAFETY: forwarded.
    guard(|| unsafe { step(policy, Validation::allow_missing_exp) })
}

/// Sets the size limits checked before decoding: the longest token, the
/// longest decoded header (bytes) and the deepest JSON nesting (1 to
/// 128). Zero for any gives `JWT_ERR_INVALID_ARGUMENT`.
///
/// # Safety
/// `policy` a live policy.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_policy_set_limits(
    policy: *mut jwt_policy,
    max_token_len: usize,
    max_header_len: usize,
    max_depth: usize,
) -> jwt_result {
    guard(|| {
        // SAFETY: the caller's contract.
        let p = unsafe { arg::handle_mut(policy) }?;
        if max_token_len == 0 || max_header_len == 0 || max_depth == 0 || max_depth > 128 {
            return Err(FfiError::InvalidArgument.into());
        }
        p.limits = Limits {
            max_token_len,
            max_header_len,
            max_depth,
        };
        Ok(())
    })
}

/// Frees a policy. NULL is harmless.
///
/// # Safety
/// `policy` NULL or a policy from this library, not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_policy_free(policy: *mut jwt_policy) {
    // SAFETY: the caller gives back a handle made here, once.
    unsafe { free_box(policy) };
}

pub(crate) type NoClock = fn() -> Option<i64>;

/// The verifiers' clock: none (C callers pass `now` with every call).
pub(crate) fn no_clock() -> Option<i64> {
    None
}

enum Inner {
    Plain(Verifier<Arc<MaterialKeys>, NoClock>),
    #[cfg(feature = "revoke")]
    Revoking(Verifier<Arc<MaterialKeys>, NoClock, Check>),
}

/// A verifier: a key (or key set), a policy and optionally a revocation
/// store. Opaque; immutable once built; safe to share between threads and
/// RTOS tasks (verify concurrently with one handle). Free with
/// `jwt_verifier_free` once no thread uses it.
pub struct jwt_verifier {
    inner: Inner,
}

/// Builds a verifier from `key` (its verifying keys: one key, or a key set
/// that selects by `kid`; the key pins the algorithm), `policy` (NULL for
/// the defaults) and `revocations` (NULL for none; with a store, tokens
/// without `jti` are refused). Nothing is borrowed: key, policy and store
/// handle may be freed afterwards (the store itself lives on inside the
/// verifier). `*out` receives a new verifier the caller owns.
///
/// # Safety
/// `key` a live key; `policy` and `revocations` live or NULL; `out` valid
/// for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_verifier_new(
    key: *const jwt_key,
    policy: *const jwt_policy,
    revocations: *const jwt_revocations,
    out: *mut *mut jwt_verifier,
) -> jwt_result {
    guard(|| {
        arg::out_ptr(out)?;
        // SAFETY: the caller's contract.
        let key = unsafe { arg::handle(key) }?;
        // SAFETY: the caller's contract (NULL allowed).
        let policy = unsafe { policy.as_ref() };
        // SAFETY: the caller's contract (NULL allowed).
        let revocations = unsafe { revocations.as_ref() };
        let keys = key.verifying()?;
        let mut v = Verifier::new(keys, no_clock as NoClock);
        if let Some(p) = policy {
            v = v
                .with_validation(p.validation.clone())
                .with_limits(p.limits);
        }
        let inner = match revocations {
            None => Inner::Plain(v),
            #[cfg(feature = "revoke")]
            Some(r) => Inner::Revoking(v.with_revocation(Check(r.shared.clone()))),
            #[cfg(not(feature = "revoke"))]
            Some(_) => return Err(FfiError::InvalidArgument.into()),
        };
        // SAFETY: checked non-NULL.
        unsafe { out::boxed(out, jwt_verifier { inner }) }
    })
}

/// Longest claim name a `jwt_verify_failure` holds, with its NUL.
pub const JWT_FAILURE_CLAIM_MAX: usize = 64;

/// Why a verification failed, beyond its code: for the claim checks
/// (`JWT_ERR_CLAIM_MISMATCH`, `JWT_ERR_CLAIM_MISSING`,
/// `JWT_ERR_CLAIM_INVALID`) the claim's name. Caller-allocated; written
/// only when verification fails.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct jwt_verify_failure {
    /// The claim's name, NUL-terminated (truncated to fit), or "" when the
    /// failure is not about one claim.
    pub claim: [u8; JWT_FAILURE_CLAIM_MAX],
    /// The name's full length (larger than fits when truncated); 0 for
    /// none.
    pub claim_len: usize,
}

/// Records `e`'s claim (if any) in `*failure` (if given).
///
/// # Safety
/// `failure` NULL or valid for one write.
unsafe fn report(e: &VerifyError, failure: *mut jwt_verify_failure) {
    if failure.is_null() {
        return;
    }
    let name: &str = match e {
        VerifyError::ClaimMismatch { claim }
        | VerifyError::MissingClaim { claim }
        | VerifyError::InvalidClaim { claim } => claim,
        _ => "",
    };
    let mut f = jwt_verify_failure {
        claim: [0; JWT_FAILURE_CLAIM_MAX],
        claim_len: name.len(),
    };
    let n = name.len().min(JWT_FAILURE_CLAIM_MAX.saturating_sub(1));
    if let (Some(dst), Some(src)) = (f.claim.get_mut(..n), name.as_bytes().get(..n)) {
        dst.copy_from_slice(src);
    }
    // SAFETY: non-NULL and valid by the caller's contract.
    unsafe { failure.write(f) };
}

/// Verified claims: owned (from `jwt_verifier_verify`, freed with
/// `jwt_claims_free`) or placed in a caller buffer (from
/// `jwt_verifier_verify_in`, never freed, valid as long as that buffer
/// and the verifier). Opaque; read-only: safe to read from several
/// threads.
pub struct jwt_claims {
    repr: Repr,
}

enum Repr {
    Owned(Box<VerifiedToken<'static>>),
    InBuffer {
        payload: *const u8,
        len: usize,
        index: ClaimsIndex,
    },
}

// SAFETY: `InBuffer` points at immutable bytes in the caller's buffer,
// which the caller keeps alive and unchanged while the claims are used;
// reading them from several threads is sound. `Owned` is `Send + Sync`.
unsafe impl Send for jwt_claims {}
// SAFETY: as above.
unsafe impl Sync for jwt_claims {}

impl jwt_claims {
    fn with<T>(&self, f: impl FnOnce(ClaimsRef<'_>) -> Res<T>) -> Res<T> {
        match &self.repr {
            Repr::Owned(token) => f(token.claims()),
            Repr::InBuffer {
                payload,
                len,
                index,
            } => {
                // SAFETY: the verifier decoded `len` bytes of UTF-8 JSON at
                // `payload` inside the caller's buffer, which the caller
                // keeps alive and unchanged while these claims are used.
                let bytes = unsafe { core::slice::from_raw_parts(*payload, *len) };
                let text = core::str::from_utf8(bytes).map_err(|_| FfiError::InvalidArgument)?;
                f(index.claims(text))
            }
        }
    }
}

/// Verifies a compact token at `now` (seconds since the Unix epoch; the
/// firmware supplies time). On success `*out` (may be NULL when only the
/// verdict matters) receives new claims the caller owns (free with
/// `jwt_claims_free`). On failure the engine's code is returned, `*out`
/// is not written, and `*failure` (may be NULL) says which claim failed.
/// Thread-safe: any number of threads may verify with one verifier.
///
/// # Safety
/// `verifier` a live verifier; `token` valid for `len` bytes; `out` and
/// `failure` NULL or valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_verifier_verify(
    verifier: *const jwt_verifier,
    token: *const u8,
    len: usize,
    now: i64,
    out: *mut *mut jwt_claims,
    failure: *mut jwt_verify_failure,
) -> jwt_result {
    guard(|| {
        // SAFETY: the caller's contract.
        let (v, token) = unsafe { (arg::handle(verifier)?, arg::text(token, len)?) };
        let verified = match &v.inner {
            Inner::Plain(v) => v.verify_at(token, now),
            #[cfg(feature = "revoke")]
            Inner::Revoking(v) => v.verify_at(token, now),
        };
        let verified = verified.map_err(|e| {
            // SAFETY: the caller's contract.
            unsafe { report(&e, failure) };
            code(e)
        })?;
        if !out.is_null() {
            let claims = jwt_claims {
                repr: Repr::Owned(Box::new(verified)),
            };
            // SAFETY: non-NULL, valid by the contract.
            unsafe { out::boxed(out, claims) }?;
        }
        Ok(())
    })
}

/// Bytes of a `jwt_verifier_verify_in` buffer taken by the claims view
/// (with alignment slack); the decoded payload needs the rest (about 3/4
/// of the token's middle segment).
pub const JWT_CLAIMS_IN_BUFFER_OVERHEAD: usize = 192;

const _: () = assert!(
    core::mem::size_of::<jwt_claims>() + core::mem::align_of::<jwt_claims>()
        <= JWT_CLAIMS_IN_BUFFER_OVERHEAD
);

/// As `jwt_verifier_verify`, but decodes the payload into `buf` and places
/// the claims view there too: no heap is used (for tokens whose header is
/// the verifier's remembered one or at most 128 bytes, and claims without
/// JSON escapes in `iss`/`sub`/`jti`). `*out` points into `buf`: it must
/// not be freed, and is valid while `buf` is unchanged and the verifier
/// lives. `buf` needs `JWT_CLAIMS_IN_BUFFER_OVERHEAD` bytes plus the
/// decoded payload; a payload too large for it is `JWT_ERR_TOO_LARGE`.
///
/// # Safety
/// `verifier` a live verifier; `token` valid for `len` bytes; `buf` valid
/// for `buf_len` bytes of reads and writes; `out` valid for one write;
/// `failure` NULL or valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_verifier_verify_in(
    verifier: *const jwt_verifier,
    token: *const u8,
    len: usize,
    now: i64,
    buf: *mut u8,
    buf_len: usize,
    out: *mut *const jwt_claims,
    failure: *mut jwt_verify_failure,
) -> jwt_result {
    guard(|| {
        arg::out_ptr(out)?;
        // SAFETY: the caller's contract.
        let (v, token) = unsafe { (arg::handle(verifier)?, arg::text(token, len)?) };
        if buf.is_null() {
            return Err(FfiError::NullArgument.into());
        }
        let skip = buf.align_offset(core::mem::align_of::<jwt_claims>());
        let view_end = skip.saturating_add(core::mem::size_of::<jwt_claims>());
        if skip == usize::MAX || view_end >= buf_len {
            return Err(FfiError::InvalidArgument.into());
        }
        // SAFETY: `view_end < buf_len`, so the payload region lies inside
        // the caller's buffer, after (not overlapping) the view.
        let region = unsafe {
            core::slice::from_raw_parts_mut(buf.add(view_end), buf_len.saturating_sub(view_end))
        };
        let verified = match &v.inner {
            Inner::Plain(v) => verify_region(v, token, now, region),
            #[cfg(feature = "revoke")]
            Inner::Revoking(v) => verify_region(v, token, now, region),
        };
        let (payload, len, index) = verified.map_err(|e| {
            // SAFETY: the caller's contract.
            unsafe { report(&e, failure) };
            code(e)
        })?;
        let view = jwt_claims {
            repr: Repr::InBuffer {
                payload,
                len,
                index,
            },
        };
        // SAFETY: `buf + skip` is aligned for `jwt_claims` and the view
        // fits before the payload region (`view_end < buf_len`); `write`
        // does not read the old bytes.
        let at = unsafe { buf.add(skip) }.cast::<jwt_claims>();
        // SAFETY: as above.
        unsafe { at.write(view) };
        // SAFETY: checked non-NULL.
        unsafe { out::put(out, at.cast_const()) }
    })
}

/// One verification into `region`, reduced to where the payload sits and
/// its claims index. Never inlined: the verified token (its header
/// included) lives in this frame only, once, rather than once per
/// verifier kind in the caller's (200 bytes of an HS256 verification's
/// stack on the Cortex-M4, measured).
#[inline(never)]
fn verify_region<C, R>(
    v: &Verifier<Arc<MaterialKeys>, C, R>,
    token: &str,
    now: i64,
    region: &mut [u8],
) -> Result<(*const u8, usize, ClaimsIndex), VerifyError>
where
    C: jwt_core::Clock,
    R: jwt_core::RevocationCheck,
{
    let verified = v.verify_in_at(token, now, region)?;
    let payload = verified.payload_json();
    Ok((payload.as_ptr(), payload.len(), verified.claims_index()))
}

/// Frees a verifier. NULL is harmless. No thread may be using it.
///
/// # Safety
/// `verifier` NULL or a verifier from this library, not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_verifier_free(verifier: *mut jwt_verifier) {
    // SAFETY: the caller gives back a handle made here, once.
    unsafe { free_box(verifier) };
}

/// Copies a string claim (`iss`, `sub`, `jti`, or any custom claim whose
/// value is a JSON string), JSON escapes decoded, into `buf` as a
/// NUL-terminated string; its length into `*written`.
/// `JWT_ERR_CLAIM_ABSENT` when there is no such claim,
/// `JWT_ERR_CLAIMS_TYPE` when it is not a string; buffer rules as
/// `jwt_result_message`.
///
/// # Safety
/// `claims` live claims; `name` valid for `name_len` bytes; `buf` valid
/// for `len` bytes of writes (or NULL with `len` 0); `written` valid for
/// one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_claims_get_string(
    claims: *const jwt_claims,
    name: *const u8,
    name_len: usize,
    buf: *mut u8,
    len: usize,
    written: *mut usize,
) -> jwt_result {
    guard(|| {
        arg::out_ptr(written)?;
        // SAFETY: the caller's contract.
        let (claims, name) = unsafe { (arg::handle(claims)?, arg::text(name, name_len)?) };
        claims.with(|c| {
            let raw = c.get(name).ok_or(FfiError::ClaimAbsent)?;
            let s = JsonStr::from_value(raw).ok_or(code(VerifyError::ClaimsType))?;
            // SAFETY: the caller's contract.
            unsafe { out::text(s.to_cow().as_bytes(), buf, len, written) }
        })
    })
}

/// Reads an integer claim into `*value`: `exp`, `nbf`, `iat` as whole
/// seconds (fractions rounded to the stricter side, as verification
/// does), any other claim when its value is a JSON integer that fits in
/// 64 bits. `JWT_ERR_CLAIM_ABSENT` when there is no such claim,
/// `JWT_ERR_CLAIMS_TYPE` otherwise.
///
/// # Safety
/// `claims` live claims; `name` valid for `name_len` bytes; `value` valid
/// for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_claims_get_int(
    claims: *const jwt_claims,
    name: *const u8,
    name_len: usize,
    value: *mut i64,
) -> jwt_result {
    guard(|| {
        arg::out_ptr(value)?;
        // SAFETY: the caller's contract.
        let (claims, name) = unsafe { (arg::handle(claims)?, arg::text(name, name_len)?) };
        let n = claims.with(|c| {
            let date = match name {
                "exp" => Some(c.exp()),
                "nbf" => Some(c.nbf()),
                "iat" => Some(c.iat()),
                _ => None,
            };
            match date {
                Some(Some(d)) => Ok(d.as_secs()),
                Some(None) => Err(FfiError::ClaimAbsent.into()),
                None => {
                    let raw = c.get(name).ok_or(FfiError::ClaimAbsent)?;
                    raw.parse::<i64>()
                        .map_err(|_| code(VerifyError::ClaimsType))
                }
            }
        })?;
        // SAFETY: checked non-NULL.
        unsafe { out::put(value, n) }
    })
}

/// Whether the token's `aud` (a string or an array) contains `aud`, into
/// `*contains` (false when the token has no `aud`).
///
/// # Safety
/// `claims` live claims; `aud` valid for `len` bytes; `contains` valid for
/// one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_claims_has_audience(
    claims: *const jwt_claims,
    aud: *const u8,
    len: usize,
    contains: *mut bool,
) -> jwt_result {
    guard(|| {
        arg::out_ptr(contains)?;
        // SAFETY: the caller's contract.
        let (claims, aud) = unsafe { (arg::handle(claims)?, arg::text(aud, len)?) };
        let yes = claims.with(|c| Ok(c.aud().is_some_and(|a| a.contains(aud))))?;
        // SAFETY: checked non-NULL.
        unsafe { out::put(contains, yes) }
    })
}

/// Copies the whole claims set (the verified payload's JSON text) into
/// `buf`, NUL-terminated, for custom claims of any shape. Buffer rules as
/// `jwt_result_message`.
///
/// # Safety
/// `claims` live claims; `buf` valid for `len` bytes of writes (or NULL
/// with `len` 0); `written` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_claims_json(
    claims: *const jwt_claims,
    buf: *mut u8,
    len: usize,
    written: *mut usize,
) -> jwt_result {
    guard(|| {
        arg::out_ptr(written)?;
        // SAFETY: the caller's contract.
        let claims = unsafe { arg::handle(claims) }?;
        claims.with(|c| {
            // SAFETY: the caller's contract.
            unsafe { out::text(c.json().as_bytes(), buf, len, written) }
        })
    })
}

/// Frees claims from `jwt_verifier_verify`. NULL is harmless, and so are
/// claims placed in a buffer by `jwt_verifier_verify_in` (nothing is
/// freed; the buffer is the caller's).
///
/// # Safety
/// `claims` NULL or claims from this library, not used again afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_claims_free(claims: *mut jwt_claims) {
    guard_void(|| {
        // SAFETY: the caller's contract: NULL or live claims.
        let Some(c) = (unsafe { claims.as_ref() }) else {
            return;
        };
        if matches!(c.repr, Repr::Owned(_)) {
            // SAFETY: owned claims are made by `Box::into_raw` in
            // `jwt_verifier_verify`; given back once.
            drop(unsafe { Box::from_raw(claims) });
        }
    });
}
