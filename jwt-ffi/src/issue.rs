//! Issuing: a builder of `jwt-issue`'s `TokenBuilder` settings that
//! writes compact tokens into caller buffers.
//!
//! Design note: the handle keeps owned copies of the settings and builds a
//! `TokenBuilder` per token (cheap: no key work), so the C caller never
//! manages lifetimes of borrowed strings. The header's `alg` comes from
//! the key, never from the caller.

use alloc::string::String;
use alloc::vec::Vec;

use jwt_core::{FixedClock, NumericDate};
use jwt_issue::{DynSigningKey, IssueError, KeyId, TokenBuilder, signing_key_from_material};

use crate::error::{FfiError, Res, code, free_box, guard};
use crate::rng::{Source, jwt_fill_random};
use crate::{arg, jwt_key, jwt_result, out};

/// A token issuer: a signing key and the settings of the tokens it makes
/// (`typ`, `kid`, `iss`, `sub`, `aud`, time to live, `nbf`, custom claims,
/// the random source for `jti`). Opaque; `jwt_issuer_new`, the setters,
/// `jwt_issuer_issue`, `jwt_issuer_free`. One thread at a time (the
/// random callback's `user` pointer is not assumed thread-safe).
pub struct jwt_issuer {
    material: jwt_keys::KeyMaterial,
    alg: jwt_core::Algorithm,
    key: DynSigningKey,
    typ: Option<String>,
    iss: Option<String>,
    sub: Option<String>,
    aud: Vec<String>,
    ttl: Option<u64>,
    nbf: Option<i64>,
    claims: Option<String>,
    rng: Source,
}

/// An issuer signing with `key`'s private half (its algorithm; `kid` its
/// own: a JWK's, else the RFC 7638 thumbprint). The key is copied: it may
/// be freed afterwards. Randomness for `jti` comes from the OS on hosted
/// builds until `jwt_issuer_set_random` registers a source (firmware
/// builds must register one). `*out` receives a new issuer the caller
/// owns.
///
/// `JWT_ERR_ISSUE_KEY_MISMATCH` (or the key's own error) for a key that
/// cannot sign: a public key, a certificate, an RSA key imported without
/// an algorithm named.
///
/// # Safety
/// `key` a live key; `out` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_issuer_new(
    key: *const jwt_key,
    out: *mut *mut jwt_issuer,
) -> jwt_result {
    guard(|| {
        arg::out_ptr(out)?;
        // SAFETY: the caller's contract.
        let key = unsafe { arg::handle(key) }?;
        key.signing()?;
        let alg = key.alg.ok_or(code(IssueError::Mismatch {
            reason: "the key names no signing algorithm",
        }))?;
        // A key that signs was read from material (`signing()` above).
        let material = key.material.clone().ok_or(code(IssueError::Mismatch {
            reason: "a raw public key cannot sign",
        }))?;
        let signing = signing_key_from_material(&material, alg, KeyId::Default).map_err(code)?;
        let issuer = jwt_issuer {
            material,
            alg,
            key: signing,
            typ: None,
            iss: None,
            sub: None,
            aud: Vec::new(),
            ttl: None,
            nbf: None,
            claims: None,
            rng: Source::Default,
        };
        // SAFETY: checked non-NULL.
        unsafe { out::boxed(out, issuer) }
    })
}

/// Sets one optional string setting from C.
///
/// # Safety
/// `issuer` a live issuer used by no other thread; `s` valid for `len`
/// bytes.
unsafe fn set(
    issuer: *mut jwt_issuer,
    s: *const u8,
    len: usize,
    f: impl FnOnce(&mut jwt_issuer, &str) -> Res<()>,
) -> jwt_result {
    guard(|| {
        // SAFETY: the caller's contract.
        let (issuer, s) = unsafe { (arg::handle_mut(issuer)?, arg::text(s, len)?) };
        f(issuer, s)
    })
}

/// The `typ` header (default `JWT`). Copied.
///
/// # Safety
/// `issuer` a live issuer; `typ` valid for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_issuer_set_typ(
    issuer: *mut jwt_issuer,
    typ: *const u8,
    len: usize,
) -> jwt_result {
    // SAFETY: forwarded.
    unsafe {
        set(issuer, typ, len, |i, s| {
            i.typ = Some(String::from(s));
            Ok(())
        })
    }
}

/// The `kid` header instead of the key's own. Copied.
///
/// # Safety
/// `issuer` a live issuer; `kid` valid for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_issuer_set_kid(
    issuer: *mut jwt_issuer,
    kid: *const u8,
    len: usize,
) -> jwt_result {
    // SAFETY: forwarded.
    unsafe {
        set(issuer, kid, len, |i, s| {
            i.key = signing_key_from_material(&i.material, i.alg, KeyId::Named(s)).map_err(code)?;
            Ok(())
        })
    }
}

/// `iss`. Copied.
///
/// # Safety
/// `issuer` a live issuer; `iss` valid for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_issuer_set_issuer(
    issuer: *mut jwt_issuer,
    iss: *const u8,
    len: usize,
) -> jwt_result {
    // SAFETY: forwarded.
    unsafe {
        set(issuer, iss, len, |i, s| {
            i.iss = Some(String::from(s));
            Ok(())
        })
    }
}

/// `sub`. Copied.
///
/// # Safety
/// `issuer` a live issuer; `sub` valid for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_issuer_set_subject(
    issuer: *mut jwt_issuer,
    sub: *const u8,
    len: usize,
) -> jwt_result {
    // SAFETY: forwarded.
    unsafe {
        set(issuer, sub, len, |i, s| {
            i.sub = Some(String::from(s));
            Ok(())
        })
    }
}

/// Adds an audience (one is written as a string, several as an array).
/// Copied.
///
/// # Safety
/// `issuer` a live issuer; `aud` valid for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_issuer_add_audience(
    issuer: *mut jwt_issuer,
    aud: *const u8,
    len: usize,
) -> jwt_result {
    // SAFETY: forwarded.
    unsafe {
        set(issuer, aud, len, |i, s| {
            i.aud.push(String::from(s));
            Ok(())
        })
    }
}

/// Custom claims: the JSON text of an object whose members are added to
/// every token (registered names are refused with
/// `JWT_ERR_RESERVED_CLAIM`, repeated ones with `JWT_ERR_INVALID_CLAIMS`).
/// Checked now; replaces earlier custom claims. Copied.
///
/// # Safety
/// `issuer` a live issuer; `json` valid for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_issuer_set_claims_json(
    issuer: *mut jwt_issuer,
    json: *const u8,
    len: usize,
) -> jwt_result {
    // SAFETY: forwarded.
    unsafe {
        set(issuer, json, len, |i, s| {
            TokenBuilder::new(&i.key).claims_json(s).map_err(code)?;
            i.claims = Some(String::from(s));
            Ok(())
        })
    }
}

/// `exp` = time of issue + `seconds`. Required before issuing (there is no
/// default lifetime).
///
/// # Safety
/// `issuer` a live issuer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_issuer_set_ttl(issuer: *mut jwt_issuer, seconds: u64) -> jwt_result {
    guard(|| {
        // SAFETY: the caller's contract.
        let issuer = unsafe { arg::handle_mut(issuer) }?;
        issuer.ttl = Some(seconds);
        Ok(())
    })
}

/// `nbf`: not valid before this time (seconds since the epoch).
///
/// # Safety
/// `issuer` a live issuer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_issuer_set_not_before(
    issuer: *mut jwt_issuer,
    nbf: i64,
) -> jwt_result {
    guard(|| {
        // SAFETY: the caller's contract.
        let issuer = unsafe { arg::handle_mut(issuer) }?;
        issuer.nbf = Some(nbf);
        Ok(())
    })
}

/// Registers the random source for `jti`: `fill` is called with `user`
/// for 16 bytes per token. NULL `fill` returns to the default (the OS on
/// hosted builds; none on firmware, where issuing then fails with
/// `JWT_ERR_RNG_FAILED`). `user` must stay valid while registered.
///
/// # Safety
/// `issuer` a live issuer; `fill`, if not NULL, callable with `user`
/// whenever this issuer issues.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_issuer_set_random(
    issuer: *mut jwt_issuer,
    fill: jwt_fill_random,
    user: *mut core::ffi::c_void,
) -> jwt_result {
    guard(|| {
        // SAFETY: the caller's contract.
        let issuer = unsafe { arg::handle_mut(issuer) }?;
        issuer.rng = Source::new(fill, user);
        Ok(())
    })
}

/// Issues a token at `now` into `buf` as a NUL-terminated string, its
/// length into `*written`. With too small a buffer nothing is written,
/// `*written` receives the size needed (with the NUL) and the result is
/// `JWT_ERR_BUFFER_TOO_SMALL` (`buf` may be NULL with `len` 0 to ask;
/// asking draws a `jti` too). `JWT_ERR_MISSING_TTL` without
/// `jwt_issuer_set_ttl`.
///
/// # Safety
/// `issuer` a live issuer; `buf` valid for `len` bytes of writes (or NULL
/// with `len` 0); `written` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_issuer_issue(
    issuer: *mut jwt_issuer,
    now: i64,
    buf: *mut u8,
    len: usize,
    written: *mut usize,
) -> jwt_result {
    guard(|| {
        arg::out_ptr(written)?;
        // SAFETY: the caller's contract.
        let issuer = unsafe { arg::handle_mut(issuer) }?;
        let mut b = TokenBuilder::new(&issuer.key);
        if let Some(typ) = &issuer.typ {
            b = b.typ(typ.as_str());
        }
        if let Some(iss) = &issuer.iss {
            b = b.issuer(iss.as_str());
        }
        if let Some(sub) = &issuer.sub {
            b = b.subject(sub.as_str());
        }
        for aud in &issuer.aud {
            b = b.audience(aud.as_str());
        }
        if let Some(ttl) = issuer.ttl {
            b = b.ttl(ttl);
        }
        if let Some(nbf) = issuer.nbf {
            b = b.not_before(NumericDate::from_secs(nbf));
        }
        if let Some(claims) = &issuer.claims {
            b = b.claims_json(claims).map_err(code)?;
        }
        let room = len.saturating_sub(1);
        let target: &mut [u8] = if buf.is_null() || len == 0 {
            &mut []
        } else {
            // SAFETY: non-NULL and valid for `len > room` bytes of writes
            // by the contract.
            unsafe { core::slice::from_raw_parts_mut(buf, room) }
        };
        match b.issue_to_slice(&FixedClock(now), &mut issuer.rng, target) {
            Ok(n) => {
                if buf.is_null() {
                    return Err(FfiError::NullArgument.into());
                }
                // SAFETY: `n <= room < len`, inside the caller's buffer.
                unsafe { buf.add(n).write(0) };
                // SAFETY: checked non-NULL.
                unsafe { written.write(n) };
                Ok(())
            }
            Err(IssueError::BufferTooSmall { needed }) => {
                // SAFETY: checked non-NULL.
                unsafe { written.write(needed.saturating_add(1)) };
                Err(code(IssueError::BufferTooSmall { needed }))
            }
            Err(e) => Err(code(e)),
        }
    })
}

/// Frees an issuer. NULL is harmless.
///
/// # Safety
/// `issuer` NULL or an issuer from this library, not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_issuer_free(issuer: *mut jwt_issuer) {
    // SAFETY: the caller gives back a handle made here, once.
    unsafe { free_box(issuer) };
}
