//! The hash tables under every heap-backed list: token entries keyed by
//! `(iss, jti)`, subject entries keyed by `(iss, sub)`, probed with
//! borrowed keys so that a lookup never allocates.
//!
//! Design note: a `jti` of up to 32 bytes (the 32-hex-digit ids that
//! `jwt-issue` mints) is stored inline in its slot, so a lookup touches one
//! cache line of the table instead of chasing a pointer per probe; issuer
//! strings are shared (`Arc<str>`, one per issuer) because every entry of a
//! fleet names the same few issuers. The rejected alternative, keying by
//! one `format!("{iss}\0{jti}")` string, allocates on every lookup.

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::hash::{Hash, Hasher};

use hashbrown::{Equivalent, HashMap};

use crate::entry::{Added, Revocation};

/// Feeds `(iss, id)` to a hasher: owned keys and borrowed probes hash the
/// same. `0xff` never occurs in UTF-8, so it delimits unambiguously.
fn hash_parts<H: Hasher>(iss: Option<&str>, id: &[u8], state: &mut H) {
    match iss {
        Some(iss) => {
            state.write_u8(1);
            state.write(iss.as_bytes());
            state.write_u8(0xff);
        }
        None => state.write_u8(0),
    }
    state.write(id);
    state.write_u8(0xff);
}

const INLINE: usize = 32;

/// A `jti` or `sub`: inline up to 32 bytes, on the heap beyond.
#[derive(Clone, Debug)]
enum Id {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl Id {
    fn new(s: &str) -> Self {
        match (u8::try_from(s.len()), s.len() <= INLINE) {
            (Ok(len), true) => {
                let mut bytes = [0u8; INLINE];
                if let Some(dst) = bytes.get_mut(..s.len()) {
                    dst.copy_from_slice(s.as_bytes());
                }
                Id::Inline { len, bytes }
            }
            _ => Id::Heap(Box::from(s)),
        }
    }

    fn as_bytes(&self) -> &[u8] {
        match self {
            Id::Inline { len, bytes } => bytes.get(..usize::from(*len)).unwrap_or_default(),
            Id::Heap(s) => s.as_bytes(),
        }
    }

    fn to_owned_string(&self) -> alloc::string::String {
        alloc::string::String::from_utf8_lossy(self.as_bytes()).into_owned()
    }
}

/// An owned key: issuer and id.
#[derive(Clone, Debug)]
pub(crate) struct Key {
    iss: Option<Arc<str>>,
    id: Id,
}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_parts(self.iss.as_deref(), self.id.as_bytes(), state);
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        self.iss.as_deref() == other.iss.as_deref() && self.id.as_bytes() == other.id.as_bytes()
    }
}

impl Eq for Key {}

/// A borrowed key, for lookups.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Probe<'a> {
    pub(crate) iss: Option<&'a str>,
    pub(crate) id: &'a str,
}

impl Hash for Probe<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_parts(self.iss, self.id.as_bytes(), state);
    }
}

impl Equivalent<Key> for Probe<'_> {
    fn equivalent(&self, key: &Key) -> bool {
        self.id.as_bytes() == key.id.as_bytes() && self.iss == key.iss.as_deref()
    }
}

/// Token entries (value: the token's `exp`) and subject entries (value:
/// the cut-off `before`), each with the time it may be dropped.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tables {
    tokens: HashMap<Key, Slot>,
    subjects: HashMap<Key, Slot>,
    /// One shared string per issuer.
    issuers: Vec<Arc<str>>,
}

/// An entry's value and the time from which it may be dropped.
#[derive(Clone, Copy, Debug)]
struct Slot {
    value: i64,
    expires: i64,
}

impl Tables {
    pub(crate) fn len(&self) -> usize {
        self.tokens.len().saturating_add(self.subjects.len())
    }

    pub(crate) fn contains_token(&self, probe: Probe<'_>) -> bool {
        !self.tokens.is_empty() && self.tokens.contains_key(&probe)
    }

    pub(crate) fn subject_before(&self, probe: Probe<'_>) -> Option<i64> {
        if self.subjects.is_empty() {
            return None;
        }
        self.subjects.get(&probe).map(|slot| slot.value)
    }

    /// Whether an entry at least as strong as `revocation` is present (same
    /// key, a value no earlier): recording it again would change nothing.
    pub(crate) fn covers(&self, revocation: &Revocation) -> bool {
        match revocation {
            Revocation::Token { iss, jti, exp } => self
                .tokens
                .get(&Probe {
                    iss: iss.as_deref(),
                    id: jti,
                })
                .is_some_and(|slot| slot.value >= *exp),
            Revocation::Subject { iss, sub, before } => self
                .subjects
                .get(&Probe {
                    iss: iss.as_deref(),
                    id: sub,
                })
                .is_some_and(|slot| slot.value >= *before),
        }
    }

    /// Whether the entry of `revocation` is present.
    pub(crate) fn contains(&self, revocation: &Revocation) -> bool {
        match revocation {
            Revocation::Token { iss, jti, .. } => self.tokens.contains_key(&Probe {
                iss: iss.as_deref(),
                id: jti,
            }),
            Revocation::Subject { iss, sub, .. } => self.subjects.contains_key(&Probe {
                iss: iss.as_deref(),
                id: sub,
            }),
        }
    }

    fn issuer(&mut self, iss: Option<&str>) -> Option<Arc<str>> {
        let iss = iss?;
        if let Some(shared) = self.issuers.iter().find(|s| &***s == iss) {
            return Some(Arc::clone(shared));
        }
        let shared: Arc<str> = Arc::from(iss);
        self.issuers.push(Arc::clone(&shared));
        Some(shared)
    }

    /// Inserts, or keeps the later value of an existing entry.
    pub(crate) fn insert(&mut self, revocation: &Revocation, expires: i64) -> Added {
        let (map_is_tokens, iss, id, value) = match revocation {
            Revocation::Token { iss, jti, exp } => (true, iss.as_deref(), jti.as_str(), *exp),
            Revocation::Subject { iss, sub, before } => {
                (false, iss.as_deref(), sub.as_str(), *before)
            }
        };
        let probe = Probe { iss, id };
        let map = if map_is_tokens {
            &mut self.tokens
        } else {
            &mut self.subjects
        };
        if let Some(slot) = map.get_mut(&probe) {
            let stronger = value > slot.value || expires > slot.expires;
            slot.value = slot.value.max(value);
            slot.expires = slot.expires.max(expires);
            return if stronger {
                Added::Extended
            } else {
                Added::Present
            };
        }
        let key = Key {
            iss: self.issuer(iss),
            id: Id::new(id),
        };
        let map = if map_is_tokens {
            &mut self.tokens
        } else {
            &mut self.subjects
        };
        map.insert(key, Slot { value, expires });
        Added::New
    }

    /// Drops the entries no longer in force at `now`; returns how many.
    pub(crate) fn prune(&mut self, now: i64) -> usize {
        let before = self.len();
        self.tokens.retain(|_, slot| slot.expires > now);
        self.subjects.retain(|_, slot| slot.expires > now);
        self.issuers.retain(|iss| Arc::strong_count(iss) > 1);
        before.saturating_sub(self.len())
    }

    /// Every entry, as revocations (tokens first).
    pub(crate) fn entries(&self) -> impl Iterator<Item = Revocation> + '_ {
        let iss = |k: &Key| k.iss.as_deref().map(alloc::string::String::from);
        self.tokens
            .iter()
            .map(move |(k, slot)| Revocation::Token {
                iss: iss(k),
                jti: k.id.to_owned_string(),
                exp: slot.value,
            })
            .chain(
                self.subjects
                    .iter()
                    .map(move |(k, slot)| Revocation::Subject {
                        iss: iss(k),
                        sub: k.id.to_owned_string(),
                        before: slot.value,
                    }),
            )
    }

    /// Bytes held per entry, approximately: the table slots and the
    /// out-of-line ids (for the benchmarks' memory report).
    pub(crate) fn approximate_bytes(&self) -> usize {
        let slot = core::mem::size_of::<(Key, Slot)>().saturating_add(1);
        let heap = |map: &HashMap<Key, Slot>| {
            map.keys()
                .map(|k| match &k.id {
                    Id::Heap(s) => s.len(),
                    Id::Inline { .. } => 0,
                })
                .sum::<usize>()
        };
        slot.saturating_mul(
            self.tokens
                .capacity()
                .saturating_add(self.subjects.capacity()),
        )
        .saturating_add(heap(&self.tokens))
        .saturating_add(heap(&self.subjects))
    }
}
