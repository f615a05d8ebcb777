//! A revocation list over caller-provided memory, for firmware without a
//! heap (the C API exposes it).
//!
//! Design note: a slot cannot hold strings of any length, so each entry is
//! stored as a 128-bit fingerprint of its key (SHA-256 of the issuer and
//! the `jti` or `sub`, truncated), its value and its expiry: 40 bytes per
//! slot whatever the ids. Only the issuer can choose the ids it revokes, so
//! no one else can steer fingerprints; an accidental collision (one in
//! 2^128 per pair) would refuse a token, never accept one. The table is
//! open addressing with linear probing and backward-shift deletion (no
//! tombstones, so pruning never degrades lookups); it is kept at most 7/8
//! full. The rejected alternative, a byte arena for the strings, needs
//! compaction and makes capacity depend on id lengths.

use jwt_core::{ClaimsRef, RevocationCheck, StoreError};
use sha2::{Digest, Sha256};

use crate::entry::{Added, Policy, Revocation};
use crate::list::check;
use crate::table::Probe;

/// One slot of a [`FixedRevocationList`]: declare an array of
/// [`FixedSlot::EMPTY`] (in static memory, on the stack) and lend it to
/// the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FixedSlot {
    fingerprint: [u8; 16],
    /// 0 empty, 1 token, 2 subject.
    kind: u8,
    value: i64,
    expires: i64,
}

const EMPTY_KIND: u8 = 0;
const TOKEN_KIND: u8 = 1;
const SUBJECT_KIND: u8 = 2;

impl FixedSlot {
    /// An empty slot.
    pub const EMPTY: FixedSlot = FixedSlot {
        fingerprint: [0; 16],
        kind: EMPTY_KIND,
        value: 0,
        expires: 0,
    };
}

impl Default for FixedSlot {
    fn default() -> Self {
        FixedSlot::EMPTY
    }
}

fn fingerprint(kind: u8, probe: Probe<'_>) -> [u8; 16] {
    let mut h = Sha256::new();
    h.update([kind]);
    match probe.iss {
        Some(iss) => {
            h.update([1]);
            h.update(iss.as_bytes());
            h.update([0xff]);
        }
        None => h.update([0]),
    }
    h.update(probe.id.as_bytes());
    let digest = h.finalize();
    let mut out = [0u8; 16];
    if let Some(first) = digest.get(..16) {
        out.copy_from_slice(first);
    }
    out
}

fn home(fp: &[u8; 16], len: usize) -> usize {
    let mut word = [0u8; 8];
    if let Some(first) = fp.get(..8) {
        word.copy_from_slice(first);
    }
    let h = u64::from_le_bytes(word);
    let len64 = u64::try_from(len).unwrap_or(u64::MAX).max(1);
    usize::try_from(h.checked_rem(len64).unwrap_or(0)).unwrap_or(0)
}

/// A revocation list in a caller's array of [`FixedSlot`]s: no heap, a
/// fixed capacity (7/8 of the slots, or the policy's capacity if lower).
///
/// ```
/// use jwt_core::{ClaimsRef, RevocationCheck};
/// use jwt_revoke::{FixedRevocationList, FixedSlot, Policy, Revocation, StoreError};
///
/// let mut slots = [FixedSlot::EMPTY; 8]; // room for 7 entries
/// let mut list = FixedRevocationList::new(&mut slots, Policy::new(100));
/// assert_eq!(list.capacity(), 7);
/// for i in 0..7 {
///     list.revoke(Revocation::token(None, &format!("t-{i}"), 2_000), 1_000)?;
/// }
/// // Full: the new entry is refused, every live one is kept.
/// assert_eq!(list.revoke(Revocation::token(None, "t-7", 2_000), 1_000), Err(StoreError::Full));
/// let claims = ClaimsRef::parse(r#"{"jti":"t-3"}"#).unwrap();
/// assert_eq!(list.is_revoked(&claims), Ok(true));
/// # Ok::<(), StoreError>(())
/// ```
#[derive(Debug)]
pub struct FixedRevocationList<'m> {
    slots: &'m mut [FixedSlot],
    len: usize,
    policy: Policy,
}

impl<'m> FixedRevocationList<'m> {
    /// A list over `slots`, which are cleared.
    pub fn new(slots: &'m mut [FixedSlot], policy: Policy) -> Self {
        slots.fill(FixedSlot::EMPTY);
        FixedRevocationList {
            slots,
            len: 0,
            policy,
        }
    }

    /// The most entries this list holds.
    pub fn capacity(&self) -> usize {
        let by_load = self
            .slots
            .len()
            .saturating_sub(self.slots.len().div_ceil(8));
        by_load.min(self.policy.capacity)
    }

    /// How many entries the list holds.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn find(&self, kind: u8, fp: &[u8; 16]) -> Option<usize> {
        let n = self.slots.len();
        if n == 0 || self.len == 0 {
            return None;
        }
        let mut i = home(fp, n);
        for _ in 0..n {
            let slot = self.slots.get(i)?;
            if slot.kind == EMPTY_KIND {
                return None;
            }
            if slot.kind == kind && slot.fingerprint == *fp {
                return Some(i);
            }
            i = next(i, n);
        }
        None
    }

    /// Records `revocation` at time `now`. Idempotent.
    ///
    /// # Errors
    /// [`StoreError::Full`] at capacity (after dropping expired entries if
    /// the policy allows): the new entry is refused, live ones are kept.
    pub fn revoke(&mut self, revocation: Revocation, now: i64) -> Result<Added, StoreError> {
        let expires = revocation.expires(&self.policy);
        if expires <= now {
            return Ok(Added::AlreadyExpired);
        }
        let (kind, value, fp) = match &revocation {
            Revocation::Token { iss, jti, exp } => (
                TOKEN_KIND,
                *exp,
                fingerprint(
                    TOKEN_KIND,
                    Probe {
                        iss: iss.as_deref(),
                        id: jti,
                    },
                ),
            ),
            Revocation::Subject { iss, sub, before } => (
                SUBJECT_KIND,
                *before,
                fingerprint(
                    SUBJECT_KIND,
                    Probe {
                        iss: iss.as_deref(),
                        id: sub,
                    },
                ),
            ),
        };
        if let Some(i) = self.find(kind, &fp)
            && let Some(slot) = self.slots.get_mut(i)
        {
            let stronger = value > slot.value || expires > slot.expires;
            slot.value = slot.value.max(value);
            slot.expires = slot.expires.max(expires);
            return Ok(if stronger {
                Added::Extended
            } else {
                Added::Present
            });
        }
        if self.len >= self.capacity() {
            if self.policy.evict_expired_when_full {
                self.prune(now);
            }
            if self.len >= self.capacity() {
                return Err(StoreError::Full);
            }
        }
        let n = self.slots.len();
        let mut i = home(&fp, n);
        for _ in 0..n {
            let Some(slot) = self.slots.get_mut(i) else {
                break;
            };
            if slot.kind == EMPTY_KIND {
                *slot = FixedSlot {
                    fingerprint: fp,
                    kind,
                    value,
                    expires,
                };
                self.len = self.len.saturating_add(1);
                return Ok(Added::New);
            }
            i = next(i, n);
        }
        Err(StoreError::Full)
    }

    /// Drops the entries no longer in force at `now`; returns how many.
    pub fn prune(&mut self, now: i64) -> usize {
        let n = self.slots.len();
        let mut dropped = 0usize;
        let mut i = 0;
        while i < n {
            let expired = self
                .slots
                .get(i)
                .is_some_and(|s| s.kind != EMPTY_KIND && s.expires <= now);
            if expired {
                self.remove_at(i);
                dropped = dropped.saturating_add(1);
                // The slot now holds a shifted-back entry: look again.
                continue;
            }
            i = i.saturating_add(1);
        }
        self.len = self.len.saturating_sub(dropped);
        dropped
    }

    /// Backward-shift deletion (Knuth 6.4, algorithm R): empties slot `i`
    /// and moves later entries of the probe run back, so that no lookup
    /// chain is broken and no tombstone is left.
    fn remove_at(&mut self, mut i: usize) {
        let n = self.slots.len();
        if let Some(slot) = self.slots.get_mut(i) {
            *slot = FixedSlot::EMPTY;
        }
        let mut j = i;
        loop {
            j = next(j, n);
            let Some(candidate) = self.slots.get(j).copied() else {
                return;
            };
            if candidate.kind == EMPTY_KIND || j == i {
                return;
            }
            let k = home(&candidate.fingerprint, n);
            // The entry at j may move to i unless its home lies cyclically
            // in (i, j].
            let stays = if i <= j {
                i < k && k <= j
            } else {
                i < k || k <= j
            };
            if !stays {
                if let Some(dst) = self.slots.get_mut(i) {
                    *dst = candidate;
                }
                if let Some(src) = self.slots.get_mut(j) {
                    *src = FixedSlot::EMPTY;
                }
                i = j;
            }
        }
    }

    /// Whether the token with these claims is revoked.
    pub fn contains_claims(&self, claims: &ClaimsRef<'_>) -> bool {
        check(
            claims,
            |p| self.find(TOKEN_KIND, &fingerprint(TOKEN_KIND, p)).is_some(),
            |p| {
                self.find(SUBJECT_KIND, &fingerprint(SUBJECT_KIND, p))
                    .and_then(|i| self.slots.get(i))
                    .map(|s| s.value)
            },
        )
    }
}

fn next(i: usize, n: usize) -> usize {
    let j = i.saturating_add(1);
    if j >= n { 0 } else { j }
}

impl RevocationCheck for FixedRevocationList<'_> {
    fn is_revoked(&self, claims: &ClaimsRef<'_>) -> Result<bool, StoreError> {
        Ok(self.contains_claims(claims))
    }
}
