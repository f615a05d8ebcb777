//! A key source whose contents are replaced while verifiers run.
//!
//! Design note: a gateway rotates its keys (a new JWKS from its identity
//! provider, an operator's new device key) without rebuilding verifiers or
//! stopping the threads that use them. [`SharedKeys`] holds the current
//! source behind an atomically swappable `Arc` (`arc-swap`): a
//! verification takes a snapshot for the duration of its signature check,
//! a replacement is one pointer swap, and the old set is freed when the
//! last verification that holds it ends. No lock is taken on the
//! verification path, so a slow replacement (parsing a large JWKS) never
//! stalls verification; it is done before the swap. The rejected
//! alternative, an `RwLock`, makes every verification contend on one
//! cache line and lets a writer block readers.

use alloc::sync::Arc;

use arc_swap::ArcSwap;
use jwt_core::{Algorithm, VerifyError};

use crate::verifier::KeySource;

/// A key source that can be replaced atomically while other threads verify
/// with it (`std` only).
///
/// ```
/// use std::sync::Arc;
/// use jwt_verify::{FixedClock, Hs256Key, KeySet, SharedKeys, Verifier, VerifyError};
/// # use jwt_issue::{Hs256SigningKey, OsRng, TokenBuilder};
/// # let sign = |secret: &[u8; 32]| -> Result<String, Box<dyn std::error::Error>> {
/// #     let key = Hs256SigningKey::new(secret)?;
/// #     Ok(TokenBuilder::new(&key).subject("dev-7").ttl(1_000).issue(&FixedClock(1_000), &mut OsRng)?)
/// # };
/// let (old, new) = ([1u8; 32], [2u8; 32]);
/// let keys = Arc::new(SharedKeys::new(Hs256Key::new(&old)?));
/// // The verifier holds the shared source; the gateway keeps a handle.
/// let verifier = Verifier::new(Arc::clone(&keys), FixedClock(1_500));
/// assert!(verifier.verify(&sign(&old)?).is_ok());
///
/// keys.replace(Hs256Key::new(&new)?);
/// assert_eq!(verifier.verify(&sign(&old)?).unwrap_err(), VerifyError::InvalidSignature);
/// assert!(verifier.verify(&sign(&new)?).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct SharedKeys<S> {
    current: ArcSwap<S>,
}

impl<S> SharedKeys<S> {
    /// A shared source that starts with `keys`.
    pub fn new(keys: S) -> Self {
        SharedKeys {
            current: ArcSwap::from_pointee(keys),
        }
    }

    /// Replaces the keys. Verifications already running finish with the
    /// keys they started with; every later one uses `keys`.
    pub fn replace(&self, keys: S) {
        self.current.store(Arc::new(keys));
    }

    /// Replaces the keys with a snapshot the caller already holds.
    pub fn replace_arc(&self, keys: Arc<S>) {
        self.current.store(keys);
    }

    /// The current keys (a snapshot: a later replacement does not change
    /// what this returns).
    pub fn current(&self) -> Arc<S> {
        self.current.load_full()
    }
}

impl<S: KeySource> KeySource for SharedKeys<S> {
    type Key = S::Key;

    fn with_key<T>(
        &self,
        alg: Algorithm,
        kid: Option<&str>,
        f: impl FnOnce(&S::Key) -> Result<T, VerifyError>,
    ) -> Result<T, VerifyError> {
        self.current.load().with_key(alg, kid, f)
    }
}

/// A borrowed shared source, so that several verifiers can share one.
impl<S: KeySource> KeySource for &SharedKeys<S> {
    type Key = S::Key;

    fn with_key<T>(
        &self,
        alg: Algorithm,
        kid: Option<&str>,
        f: impl FnOnce(&S::Key) -> Result<T, VerifyError>,
    ) -> Result<T, VerifyError> {
        self.current.load().with_key(alg, kid, f)
    }
}

impl<S: core::fmt::Debug> core::fmt::Debug for SharedKeys<S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SharedKeys")
            .field("current", &*self.current.load())
            .finish()
    }
}
