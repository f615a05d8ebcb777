//! The revocation list for many threads: verifications read while one
//! writer applies revocations.
//!
//! Design note: the entries are spread over 16 shards by the hash of their
//! key, each behind its own reader-writer lock, so readers never share one
//! lock word (a single `RwLock`'s counter is a cache line that every
//! reader core writes) and a writer blocks only the readers of one shard
//! for the duration of one insert. A revocation is visible to every
//! reader as soon as `revoke` returns. The rejected alternative, swapping
//! `Arc` snapshots of the whole list, copies a million entries per
//! revocation.

use alloc::vec::Vec;
use core::hash::BuildHasher;
use core::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, RwLock};

use hashbrown::DefaultHashBuilder;
use jwt_core::{ClaimsRef, RevocationCheck, StoreError};

use crate::entry::{Added, Policy, Revocation};
use crate::list::check;
use crate::table::{Probe, Tables};

/// A power of two, so the shard is the low bits of the hash.
const SHARDS: usize = 16;
const SHARD_MASK: u64 = 15;

/// A revocation list shared by many threads (`std`): lookups take one
/// shard's read lock, revocations are serialised among themselves.
///
/// ```
/// use std::sync::Arc;
/// use jwt_revoke::{Policy, Revocation, SharedRevocations};
///
/// let list = Arc::new(SharedRevocations::new(Policy::new(1_000_000)));
/// // A verifier holds one handle (Arc<T> is a RevocationCheck), the
/// // subscriber that applies revocation events another.
/// list.revoke(Revocation::token(Some("https://auth.example.com"), "t-1", 1_700_000_300), 1_700_000_000)?;
/// assert_eq!(list.len(), 1);
/// # Ok::<(), jwt_core::StoreError>(())
/// ```
pub struct SharedRevocations {
    shards: [RwLock<Tables>; SHARDS],
    /// Serialises writers, so the capacity check and the insert are one
    /// step.
    writer: Mutex<()>,
    len: AtomicUsize,
    policy: Policy,
    hasher: DefaultHashBuilder,
}

impl SharedRevocations {
    /// An empty list.
    pub fn new(policy: Policy) -> Self {
        SharedRevocations {
            shards: core::array::from_fn(|_| RwLock::new(Tables::new(&policy))),
            writer: Mutex::new(()),
            len: AtomicUsize::new(0),
            policy,
            hasher: DefaultHashBuilder::default(),
        }
    }

    /// The policy.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    fn shard(&self, probe: Probe<'_>) -> &RwLock<Tables> {
        let hash = self.hasher.hash_one(probe);
        let index = usize::try_from(hash & SHARD_MASK).unwrap_or(0);
        // `index < SHARDS` by construction; the fallback is never taken.
        let [first, ..] = &self.shards;
        self.shards.get(index).unwrap_or(first)
    }

    /// Records `revocation` at time `now`; visible to every reader when
    /// this returns. Idempotent.
    ///
    /// # Errors
    /// [`StoreError::Full`] at capacity (after dropping expired entries if
    /// the policy allows): the new entry is refused and every live one
    /// kept. [`StoreError::Unavailable`] if a lock was poisoned by a
    /// thread that panicked.
    pub fn revoke(&self, revocation: Revocation, now: i64) -> Result<Added, StoreError> {
        let _writer = self.writer.lock().map_err(|_| StoreError::Unavailable)?;
        match self.admit_locked(&revocation, now)? {
            Added::New => self.insert_locked(&revocation),
            unchanged => Ok(unchanged),
        }
    }

    /// What recording `revocation` now would do, without doing it:
    /// `AlreadyExpired`, `Present` (an entry at least as strong is there:
    /// nothing to write), or `New` (there is room, after dropping expired
    /// entries if the policy allows). Callers that persist before
    /// inserting ask this first, while holding their own writer lock.
    pub(crate) fn admit(&self, revocation: &Revocation, now: i64) -> Result<Added, StoreError> {
        let _writer = self.writer.lock().map_err(|_| StoreError::Unavailable)?;
        self.admit_locked(revocation, now)
    }

    /// Inserts a stored entry without the capacity check (replaying a log
    /// must not forget a revocation it acknowledged).
    pub(crate) fn restore(&self, revocation: &Revocation, now: i64) -> Result<(), StoreError> {
        if revocation.expires(&self.policy) <= now {
            return Ok(());
        }
        let _writer = self.writer.lock().map_err(|_| StoreError::Unavailable)?;
        self.insert_locked(revocation).map(|_| ())
    }

    /// [`admit`](Self::admit); the caller holds `writer`.
    fn admit_locked(&self, revocation: &Revocation, now: i64) -> Result<Added, StoreError> {
        if revocation.expires(&self.policy) <= now {
            return Ok(Added::AlreadyExpired);
        }
        let shard = self
            .shard(probe_of(revocation))
            .read()
            .map_err(|_| StoreError::Unavailable)?;
        if shard.covers(revocation) {
            return Ok(Added::Present);
        }
        let present = shard.contains(revocation);
        drop(shard);
        if !present && self.len.load(Ordering::Acquire) >= self.policy.capacity {
            if self.policy.evict_expired_when_full {
                self.prune_locked(now)?;
            }
            if self.len.load(Ordering::Acquire) >= self.policy.capacity {
                return Err(StoreError::Full);
            }
        }
        Ok(Added::New)
    }

    /// Inserts (or strengthens) the entry; the caller holds `writer`.
    fn insert_locked(&self, revocation: &Revocation) -> Result<Added, StoreError> {
        let added = self
            .shard(probe_of(revocation))
            .write()
            .map_err(|_| StoreError::Unavailable)?
            .insert(revocation);
        if added == Added::New {
            self.len.fetch_add(1, Ordering::AcqRel);
        }
        Ok(added)
    }

    /// Drops the entries no longer in force at `now`; returns how many.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] if a lock was poisoned.
    pub fn prune(&self, now: i64) -> Result<usize, StoreError> {
        let _writer = self.writer.lock().map_err(|_| StoreError::Unavailable)?;
        self.prune_locked(now)
    }

    fn prune_locked(&self, now: i64) -> Result<usize, StoreError> {
        let mut dropped = 0usize;
        for shard in self.shards.iter() {
            dropped = dropped.saturating_add(
                shard
                    .write()
                    .map_err(|_| StoreError::Unavailable)?
                    .prune(now),
            );
        }
        self.len.fetch_sub(dropped, Ordering::AcqRel);
        Ok(dropped)
    }

    /// How many entries the list holds.
    pub fn len(&self) -> usize {
        self.len.load(Ordering::Acquire)
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A copy of every entry (in no particular order).
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] if a lock was poisoned.
    pub fn entries(&self) -> Result<Vec<Revocation>, StoreError> {
        let mut out = Vec::with_capacity(self.len());
        for shard in self.shards.iter() {
            out.extend(shard.read().map_err(|_| StoreError::Unavailable)?.entries());
        }
        Ok(out)
    }
}

fn probe_of(revocation: &Revocation) -> Probe<'_> {
    match revocation {
        Revocation::Token { iss, jti, .. } => Probe {
            iss: iss.as_deref(),
            id: jti,
        },
        Revocation::Subject { iss, sub, .. } => Probe {
            iss: iss.as_deref(),
            id: sub,
        },
    }
}

impl RevocationCheck for SharedRevocations {
    fn is_revoked(&self, claims: &ClaimsRef<'_>) -> Result<bool, StoreError> {
        if self.is_empty() {
            return Ok(false);
        }
        let poisoned = core::cell::Cell::new(false);
        let revoked = check(
            claims,
            |p| match self.shard(p).read() {
                Ok(t) => t.contains_token(p),
                Err(_) => {
                    poisoned.set(true);
                    false
                }
            },
            |p| match self.shard(p).read() {
                Ok(t) => t.subject_before(p),
                Err(_) => {
                    poisoned.set(true);
                    None
                }
            },
        );
        if poisoned.get() {
            return Err(StoreError::Unavailable);
        }
        Ok(revoked)
    }
}

impl core::fmt::Debug for SharedRevocations {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SharedRevocations")
            .field("len", &self.len())
            .field("policy", &self.policy)
            .finish()
    }
}
