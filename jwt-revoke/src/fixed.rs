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

/// Bytes of a [`FixedRevocationList::save`] image around its entries:
/// magic, version, count, checksum.
pub const FIXED_IMAGE_OVERHEAD: usize = 13;
/// Bytes per entry in a [`FixedRevocationList::save`] image.
pub const FIXED_IMAGE_ENTRY: usize = 33;
const FIXED_IMAGE_MAGIC: &[u8; 4] = b"JWRF";
const FIXED_IMAGE_VERSION: u8 = 1;

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
        self.insert(kind, fp, value, expires, now)
    }

    /// Inserts (or strengthens) one entry; the part of `revoke` after the
    /// fingerprint, shared with `load`.
    fn insert(
        &mut self,
        kind: u8,
        fp: [u8; 16],
        value: i64,
        expires: i64,
        now: i64,
    ) -> Result<Added, StoreError> {
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

    /// The bytes [`save`](Self::save) writes for the current entries.
    pub fn saved_len(&self) -> usize {
        FIXED_IMAGE_OVERHEAD.saturating_add(self.len.saturating_mul(FIXED_IMAGE_ENTRY))
    }

    /// Writes the live entries into `out` as an image that
    /// [`load`](Self::load) reads back (firmware keeps it in its own
    /// flash): `"JWRF"`, a version byte, the entry count (u32 LE), per
    /// entry its kind, 16-byte fingerprint, value and expiry (i64 LE),
    /// then a CRC-32 of everything before it. No heap. Returns the bytes
    /// written, or `None` (and `out` untouched) when `out` is shorter
    /// than [`saved_len`](Self::saved_len).
    pub fn save(&self, out: &mut [u8]) -> Option<usize> {
        let need = self.saved_len();
        let count = u32::try_from(self.len).ok()?;
        let image = out.get_mut(..need)?;
        let (head, rest) = image.split_at_mut(9);
        head.get_mut(..4)?.copy_from_slice(FIXED_IMAGE_MAGIC);
        *head.get_mut(4)? = FIXED_IMAGE_VERSION;
        head.get_mut(5..9)?.copy_from_slice(&count.to_le_bytes());
        let mut chunks = rest.chunks_exact_mut(FIXED_IMAGE_ENTRY);
        for slot in self.slots.iter().filter(|s| s.kind != EMPTY_KIND) {
            let entry = chunks.next()?;
            entry.get_mut(..1)?.copy_from_slice(&[slot.kind]);
            entry.get_mut(1..17)?.copy_from_slice(&slot.fingerprint);
            entry
                .get_mut(17..25)?
                .copy_from_slice(&slot.value.to_le_bytes());
            entry
                .get_mut(25..33)?
                .copy_from_slice(&slot.expires.to_le_bytes());
        }
        let body = need.checked_sub(4)?;
        let crc = crate::record::crc32(image.get(..body)?);
        image.get_mut(body..)?.copy_from_slice(&crc.to_le_bytes());
        Some(need)
    }

    /// Adds the entries of an image written by [`save`](Self::save)
    /// (possibly by a list of another size) that are still in force at
    /// `now`; returns how many were added or strengthened. The image is
    /// checked whole (magic, version, length, checksum, kinds) before
    /// anything is added.
    ///
    /// # Errors
    /// [`StoreError::Corrupt`] for bytes that are not such an image
    /// (nothing added); [`StoreError::Full`] when the entries do not fit
    /// (those before the one refused were added).
    pub fn load(&mut self, image: &[u8], now: i64) -> Result<usize, StoreError> {
        let corrupt = StoreError::Corrupt;
        let body_len = image.len().checked_sub(4).ok_or(corrupt)?;
        let (body, crc) = image.split_at(body_len);
        let mut crc_bytes = [0u8; 4];
        crc_bytes.copy_from_slice(crc);
        if crate::record::crc32(body) != u32::from_le_bytes(crc_bytes)
            || body.get(..4) != Some(FIXED_IMAGE_MAGIC.as_slice())
            || body.get(4) != Some(&FIXED_IMAGE_VERSION)
        {
            return Err(corrupt);
        }
        let mut count = [0u8; 4];
        count.copy_from_slice(body.get(5..9).ok_or(corrupt)?);
        let count = usize::try_from(u32::from_le_bytes(count)).map_err(|_| corrupt)?;
        let entries = body.get(9..).ok_or(corrupt)?;
        if Some(entries.len()) != count.checked_mul(FIXED_IMAGE_ENTRY) {
            return Err(corrupt);
        }
        let parse = |e: &[u8]| -> Option<(u8, [u8; 16], i64, i64)> {
            let mut fp = [0u8; 16];
            fp.copy_from_slice(e.get(1..17)?);
            let mut value = [0u8; 8];
            value.copy_from_slice(e.get(17..25)?);
            let mut expires = [0u8; 8];
            expires.copy_from_slice(e.get(25..33)?);
            let kind = *e.first()?;
            matches!(kind, TOKEN_KIND | SUBJECT_KIND).then_some((
                kind,
                fp,
                i64::from_le_bytes(value),
                i64::from_le_bytes(expires),
            ))
        };
        if entries
            .chunks_exact(FIXED_IMAGE_ENTRY)
            .any(|e| parse(e).is_none())
        {
            return Err(corrupt);
        }
        let mut added = 0usize;
        for (kind, fp, value, expires) in entries.chunks_exact(FIXED_IMAGE_ENTRY).filter_map(parse)
        {
            if expires <= now {
                continue;
            }
            if self.insert(kind, fp, value, expires, now)? != Added::Present {
                added = added.saturating_add(1);
            }
        }
        Ok(added)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_and_load_round_trip_into_a_list_of_another_size() {
        let mut slots = [FixedSlot::EMPTY; 8];
        let mut list = FixedRevocationList::new(&mut slots, Policy::new(100).max_leeway(0));
        list.revoke(Revocation::token(Some("i"), "t-1", 2_000), 1_000)
            .unwrap();
        list.revoke(Revocation::token(Some("i"), "t-2", 1_500), 1_000)
            .unwrap();
        list.revoke(Revocation::subject(Some("i"), "dev", 900), 1_000)
            .unwrap();
        let mut image = [0u8; 256];
        assert_eq!(list.save(&mut image[..10]), None);
        let n = list.save(&mut image).unwrap();
        assert_eq!(n, list.saved_len());
        assert_eq!(n, FIXED_IMAGE_OVERHEAD + 3 * FIXED_IMAGE_ENTRY);

        let mut other = [FixedSlot::EMPTY; 16];
        let mut restored = FixedRevocationList::new(&mut other, Policy::new(100).max_leeway(0));
        // At 1_600 the entry for t-2 has lapsed and is not loaded.
        assert_eq!(restored.load(&image[..n], 1_600), Ok(2));
        fn c(j: &str) -> ClaimsRef<'_> {
            ClaimsRef::parse(j).unwrap()
        }
        assert!(restored.contains_claims(&c(r#"{"iss":"i","jti":"t-1"}"#)));
        assert!(!restored.contains_claims(&c(r#"{"iss":"i","jti":"t-2"}"#)));
        assert!(restored.contains_claims(&c(r#"{"iss":"i","sub":"dev","iat":800,"jti":"x"}"#)));

        // Any flipped bit, a cut image, another magic: corrupt, nothing added.
        for i in 0..n {
            let mut bad = image;
            bad[i] ^= 1;
            let mut s = [FixedSlot::EMPTY; 8];
            let mut l = FixedRevocationList::new(&mut s, Policy::new(100));
            assert_eq!(l.load(&bad[..n], 0), Err(StoreError::Corrupt), "byte {i}");
            assert!(l.is_empty());
        }
        let mut s = [FixedSlot::EMPTY; 8];
        let mut l = FixedRevocationList::new(&mut s, Policy::new(100));
        assert_eq!(l.load(&image[..n - 1], 0), Err(StoreError::Corrupt));
        assert_eq!(l.load(&[], 0), Err(StoreError::Corrupt));
        // Too small a list: Full.
        let mut s = [FixedSlot::EMPTY; 2];
        let mut l = FixedRevocationList::new(&mut s, Policy::new(100));
        assert_eq!(l.load(&image[..n], 0), Err(StoreError::Full));
    }
}
