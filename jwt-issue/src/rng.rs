//! Injected randomness.
//!
//! Design note: every function that needs randomness (key generation,
//! `jti`, refresh family ids) takes a `rand_core` 0.10 [`TryCryptoRng`],
//! which every infallible [`CryptoRng`](rand_core::CryptoRng) is as well;
//! so a hardware TRNG that can fail reports [`IssueError::Rng`] instead of
//! panicking, and the operating system's source ([`OsRng`], `std` only) is
//! one such generator. The rejected alternative, requiring the infallible
//! `CryptoRng`, would force callers to wrap the OS source in
//! `rand_core::UnwrapErr`, which panics when `getrandom` fails.

use alloc::string::String;

use rand_core::TryCryptoRng;

use crate::error::IssueError;

/// The operating system's random source (`getrandom`), feature `os` only.
#[cfg(feature = "os")]
pub use getrandom::SysRng as OsRng;

/// Fills `dst` from `rng`, mapping a failure to [`IssueError::Rng`].
pub(crate) fn fill<R: TryCryptoRng + ?Sized>(
    rng: &mut R,
    dst: &mut [u8],
) -> Result<(), IssueError> {
    rng.try_fill_bytes(dst).map_err(|_| IssueError::Rng)
}

/// 128 random bits as 32 lowercase hex characters (for `jti` and family
/// ids).
pub fn random_id<R: TryCryptoRng + ?Sized>(rng: &mut R) -> Result<String, IssueError> {
    let mut bytes = [0u8; 16];
    fill(rng, &mut bytes)?;
    Ok(crate::encode::hex(&bytes))
}
