//! Randomness from the caller: a `fill` callback (a TRNG, a DRBG), or the
//! operating system's source on hosted builds.
//!
//! Design note: the callback is passed where randomness is needed (key
//! generation) or registered on the object that needs it (an issuer), not
//! set globally, so two tasks can use two sources and nothing needs a
//! lock. The rejected alternative, one global registration, is shared
//! mutable state in a library that promises none.

use core::ffi::{c_int, c_void};

use jwt_issue::{TryCryptoRng, TryRng};

/// A caller's random source: fills `len` bytes at `buf` and returns 0, or
/// returns non-zero when it cannot (the call then fails with
/// `JWT_ERR_RNG_FAILED`). `user` is the pointer registered with it.
pub type jwt_fill_random =
    Option<unsafe extern "C" fn(user: *mut c_void, buf: *mut u8, len: usize) -> c_int>;

/// Where random bytes come from for one call.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Source {
    /// The caller's callback and its `user` pointer.
    Callback(
        unsafe extern "C" fn(*mut c_void, *mut u8, usize) -> c_int,
        *mut c_void,
    ),
    /// The OS (hosted), or none (firmware: every draw fails).
    Default,
}

impl Source {
    pub(crate) fn new(fill: jwt_fill_random, user: *mut c_void) -> Self {
        match fill {
            Some(f) => Source::Callback(f, user),
            None => Source::Default,
        }
    }
}

/// The generator failed (or none was registered on firmware).
#[derive(Clone, Copy, Debug)]
pub(crate) struct RngFailed;

impl core::fmt::Display for RngFailed {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("random source failed")
    }
}

impl core::error::Error for RngFailed {}

impl TryRng for Source {
    type Error = RngFailed;

    fn try_next_u32(&mut self) -> Result<u32, RngFailed> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, RngFailed> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), RngFailed> {
        match *self {
            Source::Callback(fill, user) => {
                if dst.is_empty() {
                    return Ok(());
                }
                // SAFETY: `dst` is valid for `dst.len()` bytes of writes;
                // the caller registered `fill` with `user` and promised
                // that the call fills at most `len` bytes at `buf`.
                let rc = unsafe { fill(user, dst.as_mut_ptr(), dst.len()) };
                if rc == 0 { Ok(()) } else { Err(RngFailed) }
            }
            #[cfg(feature = "std")]
            Source::Default => jwt_issue::OsRng.try_fill_bytes(dst).map_err(|_| RngFailed),
            #[cfg(not(feature = "std"))]
            Source::Default => {
                let _ = dst;
                Err(RngFailed)
            }
        }
    }
}

impl TryCryptoRng for Source {}
