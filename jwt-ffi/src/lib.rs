//! `jwt-ffi`: the C API of the workspace, `libjwt_ffi.a` and
//! `include/jwt.h`.
//!
//! Design note: a thin binding. Every decision about a token, a key or a
//! revocation is made by the engine crates (`jwt-keys` detects key
//! formats, `jwt-verify` verifies, `jwt-issue` signs, `jwt-revoke` keeps
//! revocations); this crate only translates C arguments into Rust values,
//! engine errors into their stable numbers, and ownership into opaque
//! handles with `_new` / `_free` pairs. It follows rustls-ffi: every
//! symbol is `jwt_` + object + verb, every fallible function returns a
//! `jwt_result`, inputs are pointer + length, outputs go into caller
//! buffers and are written only on success, there is no thread-local
//! "last error", and every export is guarded so a panic becomes
//! `JWT_ERR_INTERNAL_PANIC` (hosted builds; firmware builds abort through
//! the firmware's hook, and the code is panic-free by construction). The
//! rejected alternative, a C API that returns strings and owns buffers,
//! cannot be used by firmware without a heap and makes every caller learn
//! a second set of allocation rules.
#![no_std]
// The C boundary needs raw pointers and `no_mangle`; every unsafe block
// says why it is sound in a `SAFETY:` comment.
#![allow(unsafe_code)]
// C naming (`jwt_key`, `jwt_result`), as the header spells it.
#![allow(non_camel_case_types)]
#![cfg_attr(test, allow(clippy::arithmetic_side_effects))]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

#[cfg(all(feature = "std", feature = "firmware"))]
compile_error!("feature `firmware` is for no_std builds: use --no-default-features");

#[cfg(feature = "bench-reference")]
mod bench_reference;
pub mod codes;
mod error;
#[cfg(feature = "firmware")]
mod firmware;
mod issue;
mod keys;
#[cfg(feature = "revoke")]
mod lock;
#[cfg(feature = "revoke")]
mod revoke;
mod rng;
mod verify;

#[cfg(feature = "bench-reference")]
pub use bench_reference::*;
pub use codes::*;
pub use error::FfiError;
pub use issue::*;
pub use keys::*;
#[cfg(feature = "revoke")]
pub use revoke::*;
/// A revocation store (built without feature `revoke`: never made, so
/// `jwt_verifier_new` only ever receives NULL).
///
/// cbindgen:ignore
#[cfg(not(feature = "revoke"))]
pub struct jwt_revocations {
    _never: core::convert::Infallible,
}
pub use rng::jwt_fill_random;
pub use verify::*;

use error::Res;

/// The result of every fallible function: `JWT_OK` (0) or one of the
/// engine's stable error numbers (`JWT_ERR_...`, listed in
/// `jwt-core/ERROR_CODES.md`: 1xxx parsing, 2xxx keys, 3xxx claims and
/// time, 4xxx key selection and signature, 5xxx revocation, 6xxx issuing,
/// 8xxx arguments of this C API). A number never changes meaning.
pub type jwt_result = u32;

/// The crate version, as in Cargo.toml (also `JWT_FFI_VERSION` in the
/// header). Returns a static NUL-terminated string; never NULL.
#[unsafe(no_mangle)]
pub extern "C" fn jwt_version() -> *const core::ffi::c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// Writes the message of `code` (`"expired: at or past exp plus leeway"`)
/// into `buf` as a NUL-terminated string and its length (without the NUL)
/// into `*written`.
///
/// With a buffer shorter than the message plus its NUL, nothing is copied,
/// `*written` receives the size needed (including the NUL) and the result
/// is `JWT_ERR_BUFFER_TOO_SMALL`; `buf` may be NULL when `len` is 0 to ask
/// for the size. An unknown code gives `JWT_ERR_INVALID_ARGUMENT`.
///
/// Thread-safe; the messages are static text and never echo token or key
/// contents.
///
/// # Safety
/// `buf` must be valid for `len` bytes of writes (or NULL with `len` 0);
/// `written` must be valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_result_message(
    code: jwt_result,
    buf: *mut u8,
    len: usize,
    written: *mut usize,
) -> jwt_result {
    error::guard(|| {
        let message = codes::MESSAGES
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, m)| *m)
            .ok_or(FfiError::InvalidArgument)?;
        // SAFETY: forwarded from this function's contract.
        unsafe { out::text(message.as_bytes(), buf, len, written) }
    })
}

/// The signature algorithms, numbered for C (`JWT_ALG_DETECT` is 0: let
/// the key decide).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum jwt_alg {
    /// No algorithm named: the key material decides (never for raw bytes,
    /// which are an HMAC secret only with an HMAC algorithm named).
    JWT_ALG_DETECT = 0,
    /// HMAC with SHA-256.
    JWT_ALG_HS256 = 1,
    /// HMAC with SHA-384.
    JWT_ALG_HS384 = 2,
    /// HMAC with SHA-512.
    JWT_ALG_HS512 = 3,
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    JWT_ALG_RS256 = 4,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    JWT_ALG_RS384 = 5,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    JWT_ALG_RS512 = 6,
    /// RSASSA-PSS with SHA-256.
    JWT_ALG_PS256 = 7,
    /// RSASSA-PSS with SHA-384.
    JWT_ALG_PS384 = 8,
    /// RSASSA-PSS with SHA-512.
    JWT_ALG_PS512 = 9,
    /// ECDSA on P-256 with SHA-256.
    JWT_ALG_ES256 = 10,
    /// ECDSA on P-384 with SHA-384.
    JWT_ALG_ES384 = 11,
    /// ECDSA on P-521 with SHA-512.
    JWT_ALG_ES512 = 12,
    /// EdDSA with Ed25519.
    JWT_ALG_EDDSA = 13,
}

/// The engine's algorithm for a C number (`jwt_alg` as an integer, so an
/// out-of-range value from C is an error rather than undefined behaviour).
/// `Ok(None)` for `JWT_ALG_DETECT`.
pub(crate) fn algorithm(alg: u32) -> Res<Option<jwt_core::Algorithm>> {
    if alg == 0 {
        return Ok(None);
    }
    let index = usize::try_from(alg.saturating_sub(1)).map_err(|_| FfiError::InvalidArgument)?;
    jwt_core::Algorithm::ALL
        .get(index)
        .copied()
        .map(Some)
        .ok_or(FfiError::InvalidArgument.into())
}

/// Reading C arguments: pointer + length into slices and strings, handles
/// into references. Each function states what it requires of its caller.
pub(crate) mod arg {
    use crate::error::{FfiError, Res};

    /// A required byte string: non-NULL and non-empty.
    ///
    /// # Safety
    /// A non-NULL `ptr` must be valid for `len` bytes of reads for `'a`.
    pub unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> Res<&'a [u8]> {
        if ptr.is_null() {
            return Err(FfiError::NullArgument.into());
        }
        if len == 0 {
            return Err(FfiError::InvalidArgument.into());
        }
        // SAFETY: non-NULL, and the caller guarantees `len` readable bytes.
        Ok(unsafe { core::slice::from_raw_parts(ptr, len) })
    }

    /// A required UTF-8 string: non-NULL, non-empty, UTF-8.
    ///
    /// # Safety
    /// As [`bytes`].
    pub unsafe fn text<'a>(ptr: *const u8, len: usize) -> Res<&'a str> {
        // SAFETY: forwarded.
        let bytes = unsafe { bytes(ptr, len) }?;
        core::str::from_utf8(bytes).map_err(|_| FfiError::NotUtf8.into())
    }

    /// An optional UTF-8 string: NULL is `None`.
    ///
    /// # Safety
    /// As [`bytes`].
    #[cfg_attr(not(feature = "revoke"), allow(dead_code))]
    pub unsafe fn opt_text<'a>(ptr: *const u8, len: usize) -> Res<Option<&'a str>> {
        if ptr.is_null() {
            return Ok(None);
        }
        // SAFETY: forwarded.
        unsafe { text(ptr, len) }.map(Some)
    }

    /// A handle the caller lends for the call.
    ///
    /// # Safety
    /// A non-NULL `ptr` must point to a live `T` made by this library and
    /// not be mutated by another thread during the call.
    pub unsafe fn handle<'a, T>(ptr: *const T) -> Res<&'a T> {
        // SAFETY: the caller guarantees a live object or NULL.
        unsafe { ptr.as_ref() }.ok_or(FfiError::NullArgument.into())
    }

    /// A handle the caller lends mutably for the call.
    ///
    /// # Safety
    /// A non-NULL `ptr` must point to a live `T` made by this library,
    /// used by no other thread during the call.
    pub unsafe fn handle_mut<'a, T>(ptr: *mut T) -> Res<&'a mut T> {
        // SAFETY: the caller guarantees exclusive access or NULL.
        unsafe { ptr.as_mut() }.ok_or(FfiError::NullArgument.into())
    }

    /// Checks that an output pointer is non-NULL (before any work).
    pub fn out_ptr<T>(ptr: *mut T) -> Res<()> {
        if ptr.is_null() {
            Err(FfiError::NullArgument.into())
        } else {
            Ok(())
        }
    }
}

/// Writing outputs: only on success, and only through checked pointers.
pub(crate) mod out {
    use crate::error::{FfiError, Res};

    /// Writes `value` through `ptr`.
    ///
    /// # Safety
    /// A non-NULL `ptr` must be valid for one write of `T`.
    pub unsafe fn put<T>(ptr: *mut T, value: T) -> Res<()> {
        if ptr.is_null() {
            return Err(FfiError::NullArgument.into());
        }
        // SAFETY: non-NULL and valid by the caller's guarantee; `write`
        // does not read (or drop) the old contents.
        unsafe { ptr.write(value) };
        Ok(())
    }

    /// Moves `value` to the heap and writes the new handle through `ptr`;
    /// with a NULL `ptr` nothing is allocated (so nothing can leak).
    ///
    /// # Safety
    /// A non-NULL `ptr` must be valid for one write.
    pub unsafe fn boxed<T>(ptr: *mut *mut T, value: T) -> Res<()> {
        if ptr.is_null() {
            return Err(FfiError::NullArgument.into());
        }
        let raw = alloc::boxed::Box::into_raw(alloc::boxed::Box::new(value));
        // SAFETY: non-NULL and valid for one write by the contract.
        unsafe { ptr.write(raw) };
        Ok(())
    }

    /// Copies `src` into `buf` with a trailing NUL and its length into
    /// `*written`; with too small a buffer, copies nothing, puts the size
    /// needed (with the NUL) into `*written` and fails with
    /// `JWT_ERR_BUFFER_TOO_SMALL`.
    ///
    /// # Safety
    /// `buf` valid for `len` bytes of writes (or NULL), `written` valid for
    /// one write (or NULL, which fails).
    pub unsafe fn text(src: &[u8], buf: *mut u8, len: usize, written: *mut usize) -> Res<()> {
        let needed = src.len().saturating_add(1);
        // SAFETY: forwarded.
        unsafe { bytes_with(src, needed, buf, len, written) }?;
        // SAFETY: `bytes_with` checked `buf` non-NULL and `len >= needed`,
        // so index `src.len()` is inside the caller's buffer.
        unsafe { buf.add(src.len()).write(0) };
        Ok(())
    }

    /// As [`text`] without the NUL (binary outputs).
    ///
    /// # Safety
    /// As [`text`].
    #[cfg_attr(not(feature = "revoke"), allow(dead_code))]
    pub unsafe fn bytes(src: &[u8], buf: *mut u8, len: usize, written: *mut usize) -> Res<()> {
        // SAFETY: forwarded.
        unsafe { bytes_with(src, src.len(), buf, len, written) }
    }

    /// # Safety
    /// As [`text`]; `needed >= src.len()`.
    unsafe fn bytes_with(
        src: &[u8],
        needed: usize,
        buf: *mut u8,
        len: usize,
        written: *mut usize,
    ) -> Res<()> {
        if written.is_null() {
            return Err(FfiError::NullArgument.into());
        }
        if len < needed {
            // SAFETY: non-NULL, valid for a write by the contract.
            unsafe { written.write(needed) };
            return Err(crate::codes::JWT_ERR_BUFFER_TOO_SMALL);
        }
        if buf.is_null() {
            return Err(FfiError::NullArgument.into());
        }
        // SAFETY: `buf` is valid for `len >= src.len()` bytes and cannot
        // overlap `src`, which Rust owns or borrows from another object.
        unsafe { core::ptr::copy_nonoverlapping(src.as_ptr(), buf, src.len()) };
        // SAFETY: as above.
        unsafe { written.write(src.len()) };
        Ok(())
    }
}

// The code table is not unsafe glue: Miri has nothing to check there.
#[cfg(all(test, feature = "std", not(miri)))]
mod code_table_tests;
#[cfg(test)]
mod tests;
