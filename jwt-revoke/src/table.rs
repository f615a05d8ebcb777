//! The hash tables under every heap-backed list: token entries keyed by
//! `(iss, jti)`, subject entries keyed by `(iss, sub)`, probed with
//! borrowed keys so that a lookup never allocates.
//!
//! Design note: an entry's slot is 48 bytes. The issuer is a 4-byte index
//! into a small per-table issuer table (a fleet's entries name a few
//! issuers), a `jti` or `sub` of up to 32 bytes (the 32-hex-digit ids that
//! `jwt-issue` mints) is stored inline so a lookup touches the table's
//! slot and no other memory, and the expiry is not stored but derived from
//! the value (`exp`, or `before`) and the policy when pruning. The
//! rejected alternatives: keying by one `format!("{iss}\0{jti}")` string
//! allocates on every lookup; storing an `Arc<str>` issuer and the expiry
//! per entry cost 24 more bytes a slot.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::hash::{Hash, Hasher};

use hashbrown::{Equivalent, HashMap};

use crate::entry::{Added, Policy, Revocation};

/// Feeds `(issuer index, id)` to a hasher: owned keys and borrowed probes
/// hash the same.
fn hash_parts<H: Hasher>(iss: u32, id: &[u8], state: &mut H) {
    state.write_u32(iss);
    state.write(id);
    state.write_u8(0xff);
}

const INLINE: usize = 32;

/// An owned key: issuer index and id (inline up to 32 bytes).
#[derive(Clone, Debug)]
enum Key {
    Inline {
        iss: u32,
        len: u8,
        bytes: [u8; INLINE],
    },
    Heap {
        iss: u32,
        id: Box<str>,
    },
}

impl Key {
    fn new(iss: u32, id: &str) -> Self {
        match u8::try_from(id.len()) {
            Ok(len) if id.len() <= INLINE => {
                let mut bytes = [0u8; INLINE];
                if let Some(dst) = bytes.get_mut(..id.len()) {
                    dst.copy_from_slice(id.as_bytes());
                }
                Key::Inline { iss, len, bytes }
            }
            _ => Key::Heap {
                iss,
                id: Box::from(id),
            },
        }
    }

    fn iss(&self) -> u32 {
        match self {
            Key::Inline { iss, .. } | Key::Heap { iss, .. } => *iss,
        }
    }

    fn id(&self) -> &[u8] {
        match self {
            Key::Inline { len, bytes, .. } => bytes.get(..usize::from(*len)).unwrap_or_default(),
            Key::Heap { id, .. } => id.as_bytes(),
        }
    }

    fn id_string(&self) -> alloc::string::String {
        alloc::string::String::from_utf8_lossy(self.id()).into_owned()
    }
}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_parts(self.iss(), self.id(), state);
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        self.iss() == other.iss() && self.id() == other.id()
    }
}

impl Eq for Key {}

/// A borrowed key, as the lists' lookups give it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Probe<'a> {
    pub(crate) iss: Option<&'a str>,
    pub(crate) id: &'a str,
}

/// For choosing a shard (not for table lookups, which use [`Indexed`]).
impl Hash for Probe<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.iss.hash(state);
        self.id.hash(state);
    }
}

/// A borrowed key with its issuer resolved to an index.
#[derive(Clone, Copy, Debug)]
struct Indexed<'a> {
    iss: u32,
    id: &'a str,
}

impl Hash for Indexed<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_parts(self.iss, self.id.as_bytes(), state);
    }
}

impl Equivalent<Key> for Indexed<'_> {
    fn equivalent(&self, key: &Key) -> bool {
        self.iss == key.iss() && self.id.as_bytes() == key.id()
    }
}

/// Index 0 is "no `iss`"; issuer `i` is at `names[i - 1]`.
#[derive(Clone, Debug, Default)]
struct Issuers {
    index: HashMap<Box<str>, u32>,
    /// Name and number of entries per index (0: the index is free).
    names: Vec<(Box<str>, usize)>,
}

impl Issuers {
    fn find(&self, iss: Option<&str>) -> Option<u32> {
        match iss {
            None => Some(0),
            Some(iss) => self.index.get(iss).copied(),
        }
    }

    fn name(&self, i: u32) -> Option<&str> {
        let at = usize::try_from(i).ok()?.checked_sub(1)?;
        self.names.get(at).map(|(name, _)| &**name)
    }

    /// The index of `iss`, interned, with one more entry counted.
    fn acquire(&mut self, iss: Option<&str>) -> u32 {
        let Some(iss) = iss else {
            return 0;
        };
        if let Some(&i) = self.index.get(iss) {
            self.count(i, true);
            return i;
        }
        let free = self.names.iter().position(|(_, n)| *n == 0);
        let at = match free {
            Some(at) => {
                if let Some(slot) = self.names.get_mut(at) {
                    let old = core::mem::replace(slot, (Box::from(iss), 1));
                    self.index.remove(&old.0);
                }
                at
            }
            None => {
                self.names.push((Box::from(iss), 1));
                self.names.len().saturating_sub(1)
            }
        };
        let i = u32::try_from(at.saturating_add(1)).unwrap_or(u32::MAX);
        self.index.insert(Box::from(iss), i);
        i
    }

    fn count(&mut self, i: u32, up: bool) {
        let Some(at) = usize::try_from(i).ok().and_then(|i| i.checked_sub(1)) else {
            return;
        };
        if let Some((_, n)) = self.names.get_mut(at) {
            *n = if up {
                n.saturating_add(1)
            } else {
                n.saturating_sub(1)
            };
        }
    }
}

/// Token entries (value: the token's `exp`) and subject entries (value:
/// the cut-off `before`).
#[derive(Clone, Debug)]
pub(crate) struct Tables {
    tokens: HashMap<Key, i64>,
    subjects: HashMap<Key, i64>,
    issuers: Issuers,
    /// An entry may be dropped at value + this (token: the leeway;
    /// subject: the token lifetime plus the leeway).
    token_grace: i64,
    subject_grace: i64,
}

impl Tables {
    pub(crate) fn new(policy: &Policy) -> Self {
        let leeway = i64::try_from(policy.max_leeway).unwrap_or(i64::MAX);
        let lifetime = i64::try_from(policy.max_token_lifetime).unwrap_or(i64::MAX);
        Tables {
            tokens: HashMap::default(),
            subjects: HashMap::default(),
            issuers: Issuers::default(),
            token_grace: leeway,
            subject_grace: lifetime.saturating_add(leeway),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.tokens.len().saturating_add(self.subjects.len())
    }

    fn indexed<'a>(&self, probe: Probe<'a>) -> Option<Indexed<'a>> {
        Some(Indexed {
            iss: self.issuers.find(probe.iss)?,
            id: probe.id,
        })
    }

    pub(crate) fn contains_token(&self, probe: Probe<'_>) -> bool {
        !self.tokens.is_empty()
            && self
                .indexed(probe)
                .is_some_and(|k| self.tokens.contains_key(&k))
    }

    pub(crate) fn subject_before(&self, probe: Probe<'_>) -> Option<i64> {
        if self.subjects.is_empty() {
            return None;
        }
        self.subjects.get(&self.indexed(probe)?).copied()
    }

    fn parts(revocation: &Revocation) -> (bool, Probe<'_>, i64) {
        match revocation {
            Revocation::Token { iss, jti, exp } => (
                true,
                Probe {
                    iss: iss.as_deref(),
                    id: jti,
                },
                *exp,
            ),
            Revocation::Subject { iss, sub, before } => (
                false,
                Probe {
                    iss: iss.as_deref(),
                    id: sub,
                },
                *before,
            ),
        }
    }

    fn stored(&self, revocation: &Revocation) -> Option<i64> {
        let (is_token, probe, _) = Self::parts(revocation);
        let map = if is_token {
            &self.tokens
        } else {
            &self.subjects
        };
        map.get(&self.indexed(probe)?).copied()
    }

    /// Whether an entry at least as strong as `revocation` is present (same
    /// key, a value no earlier): recording it again would change nothing.
    #[cfg(feature = "std")]
    pub(crate) fn covers(&self, revocation: &Revocation) -> bool {
        let (_, _, value) = Self::parts(revocation);
        self.stored(revocation).is_some_and(|v| v >= value)
    }

    /// Whether the entry of `revocation` is present.
    pub(crate) fn contains(&self, revocation: &Revocation) -> bool {
        self.stored(revocation).is_some()
    }

    /// Inserts, or keeps the later value of an existing entry.
    pub(crate) fn insert(&mut self, revocation: &Revocation) -> Added {
        let (is_token, probe, value) = Self::parts(revocation);
        if let Some(k) = self.indexed(probe) {
            let map = if is_token {
                &mut self.tokens
            } else {
                &mut self.subjects
            };
            if let Some(stored) = map.get_mut(&k) {
                if value > *stored {
                    *stored = value;
                    return Added::Extended;
                }
                return Added::Present;
            }
        }
        let iss = self.issuers.acquire(probe.iss);
        let map = if is_token {
            &mut self.tokens
        } else {
            &mut self.subjects
        };
        map.insert(Key::new(iss, probe.id), value);
        Added::New
    }

    /// Drops the entries no longer in force at `now`; returns how many.
    pub(crate) fn prune(&mut self, now: i64) -> usize {
        let before = self.len();
        let mut released: Vec<u32> = Vec::new();
        let (token_grace, subject_grace) = (self.token_grace, self.subject_grace);
        self.tokens.retain(|k, exp| {
            let keep = exp.saturating_add(token_grace) > now;
            if !keep {
                released.push(k.iss());
            }
            keep
        });
        self.subjects.retain(|k, cut| {
            let keep = cut.saturating_add(subject_grace) > now;
            if !keep {
                released.push(k.iss());
            }
            keep
        });
        for i in released {
            self.issuers.count(i, false);
        }
        before.saturating_sub(self.len())
    }

    /// Every entry, as revocations (tokens first).
    pub(crate) fn entries(&self) -> impl Iterator<Item = Revocation> + '_ {
        let iss = |k: &Key| self.issuers.name(k.iss()).map(alloc::string::String::from);
        self.tokens
            .iter()
            .map(move |(k, exp)| Revocation::Token {
                iss: iss(k),
                jti: k.id_string(),
                exp: *exp,
            })
            .chain(
                self.subjects
                    .iter()
                    .map(move |(k, before)| Revocation::Subject {
                        iss: iss(k),
                        sub: k.id_string(),
                        before: *before,
                    }),
            )
    }
}
