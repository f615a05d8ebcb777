//! Revocation stores: `jwt-revoke`'s heap `RevocationList` and its
//! `FixedRevocationList` over caller memory, behind one handle that
//! verifiers consult.
//!
//! Design note: the store is shared (reference-counted) between its handle
//! and every verifier built with it, so freeing the handle first is safe;
//! caller memory of a fixed store must outlive all of them. Signed
//! revocation events are verified by `jwt-revoke`'s `EventVerifier`; the
//! binding only applies the revocation it returns.

use alloc::sync::Arc;
use alloc::vec::Vec;

use jwt_core::{ClaimsRef, RevocationCheck, StoreError};
use jwt_revoke::{
    Added, EventVerifier, FixedRevocationList, FixedSlot, Policy, Record, RevocationList,
};
use jwt_verify::MaterialKeys;

use crate::error::{FfiError, Res, code, free_box, guard};
use crate::lock::Lock;
use crate::{arg, jwt_key, jwt_result, out};

/// Bytes per entry of a fixed store's caller memory (`jwt_revocations_new_fixed`).
pub const JWT_REVOCATION_SLOT_SIZE: usize = 40;
/// Alignment the caller memory of a fixed store needs.
pub const JWT_REVOCATION_SLOT_ALIGN: usize = 8;
/// Bytes of a fixed store's saved image around its entries.
pub const JWT_REVOCATION_IMAGE_OVERHEAD: usize = 13;
/// Bytes per entry in a fixed store's saved image.
pub const JWT_REVOCATION_IMAGE_ENTRY: usize = 33;

const _: () = {
    assert!(core::mem::size_of::<FixedSlot>() == JWT_REVOCATION_SLOT_SIZE);
    assert!(core::mem::align_of::<FixedSlot>() <= JWT_REVOCATION_SLOT_ALIGN);
    assert!(jwt_revoke::FIXED_IMAGE_OVERHEAD == JWT_REVOCATION_IMAGE_OVERHEAD);
    assert!(jwt_revoke::FIXED_IMAGE_ENTRY == JWT_REVOCATION_IMAGE_ENTRY);
};

/// How long revocations stay in force and how many a store holds
/// (`jwt-revoke`'s `Policy`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct jwt_revocation_policy {
    /// The largest leeway of any verifier consulting the store, seconds.
    pub max_leeway: u64,
    /// The longest lifetime of the issuer's tokens, seconds (how long a
    /// "subject before T" entry stays).
    pub max_token_lifetime: u64,
    /// The most entries (a fixed store also holds at most 7/8 of its
    /// slots).
    pub capacity: usize,
    /// Whether a full store first drops entries no longer in force.
    pub evict_expired_when_full: bool,
}

/// What adding a revocation did.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum jwt_added {
    /// A new entry.
    JWT_ADDED_NEW = 0,
    /// Already there, at least as strong: nothing changed.
    JWT_ADDED_PRESENT = 1,
    /// Already there; the later expiry or cut-off is now kept.
    JWT_ADDED_EXTENDED = 2,
    /// No longer in force at `now`: nothing kept.
    JWT_ADDED_ALREADY_EXPIRED = 3,
}

impl From<Added> for jwt_added {
    fn from(a: Added) -> Self {
        match a {
            Added::New => jwt_added::JWT_ADDED_NEW,
            Added::Present => jwt_added::JWT_ADDED_PRESENT,
            Added::Extended => jwt_added::JWT_ADDED_EXTENDED,
            Added::AlreadyExpired => jwt_added::JWT_ADDED_ALREADY_EXPIRED,
        }
    }
}

pub(crate) enum List {
    Heap(RevocationList),
    Fixed(FixedRevocationList<'static>),
}

impl List {
    fn revoke(&mut self, r: jwt_revoke::Revocation, now: i64) -> Result<Added, StoreError> {
        match self {
            List::Heap(l) => l.revoke(r, now),
            List::Fixed(l) => l.revoke(r, now),
        }
    }
}

/// The store a handle and its verifiers share.
pub(crate) struct Shared(Lock<List>);

/// A verifier's view of a store.
#[derive(Clone)]
pub(crate) struct Check(pub(crate) Arc<Shared>);

impl RevocationCheck for Check {
    fn is_revoked(&self, claims: &ClaimsRef<'_>) -> Result<bool, StoreError> {
        self.0.0.read(|list| match list {
            List::Heap(l) => l.contains_claims(claims),
            List::Fixed(l) => l.contains_claims(claims),
        })
    }
}

/// A revocation store. Opaque; made by `jwt_revocations_new` (heap) or
/// `jwt_revocations_new_fixed` (caller memory), freed with
/// `jwt_revocations_free`. Thread-safe: verifiers read it while its owner
/// adds, prunes, applies events and loads (hosted: readers wait for a
/// writer; firmware: a reader meeting a writer refuses the token with
/// `JWT_ERR_REVOCATION_UNAVAILABLE`, a writer meeting anyone gets
/// `JWT_ERR_STORE_UNAVAILABLE`).
pub struct jwt_revocations {
    pub(crate) shared: Arc<Shared>,
}

fn policy(p: &jwt_revocation_policy) -> Policy {
    Policy::new(p.capacity)
        .max_leeway(p.max_leeway)
        .max_token_lifetime(p.max_token_lifetime)
        .evict_expired_when_full(p.evict_expired_when_full)
}

fn make(list: List, out_ptr: *mut *mut jwt_revocations) -> Res<()> {
    let handle = jwt_revocations {
        shared: Arc::new(Shared(Lock::new(list))),
    };
    // SAFETY: callers checked `out_ptr` non-NULL; valid by their contract.
    unsafe { out::boxed(out_ptr, handle) }
}

/// A store on the heap (`RevocationList`), empty. `*out` receives a new
/// handle the caller owns (free with `jwt_revocations_free`).
///
/// # Safety
/// `policy` valid for one read; `out` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_revocations_new(
    policy: *const jwt_revocation_policy,
    out: *mut *mut jwt_revocations,
) -> jwt_result {
    guard(|| {
        arg::out_ptr(out)?;
        // SAFETY: the caller's contract.
        let p = unsafe { arg::handle(policy) }?;
        make(List::Heap(RevocationList::new(self::policy(p))), out)
    })
}

/// A store over caller memory (`FixedRevocationList`): `mem` holds
/// `mem_len / JWT_REVOCATION_SLOT_SIZE` slots (at least 2), aligned to
/// `JWT_REVOCATION_SLOT_ALIGN`; it is cleared. No heap is used for
/// entries (the handle itself is one small allocation).
///
/// The memory is borrowed, not copied: it must stay valid, and untouched
/// by the caller, until the handle **and every verifier built with it**
/// are freed. `*out` receives a new handle the caller owns.
///
/// # Safety
/// `mem` valid for `mem_len` bytes of reads and writes for that whole
/// time; `policy` valid for one read; `out` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_revocations_new_fixed(
    mem: *mut core::ffi::c_void,
    mem_len: usize,
    policy: *const jwt_revocation_policy,
    out: *mut *mut jwt_revocations,
) -> jwt_result {
    guard(|| {
        arg::out_ptr(out)?;
        // SAFETY: the caller's contract.
        let p = unsafe { arg::handle(policy) }?;
        if mem.is_null() {
            return Err(FfiError::NullArgument.into());
        }
        let n = mem_len / JWT_REVOCATION_SLOT_SIZE;
        if n < 2 || !mem.cast::<FixedSlot>().is_aligned() {
            return Err(FfiError::InvalidArgument.into());
        }
        let slots = mem.cast::<FixedSlot>();
        for i in 0..n {
            // SAFETY: `i < n` slots fit in the caller's `mem_len` bytes,
            // the pointer is aligned for `FixedSlot`; `write` initialises
            // the (possibly uninitialised) memory without reading it.
            unsafe { slots.add(i).write(FixedSlot::EMPTY) };
        }
        // SAFETY: `n` initialised, aligned slots that the caller lends
        // exclusively to this store for as long as it (and its
        // verifiers) live; `'static` stands for that promise.
        let slots: &'static mut [FixedSlot] = unsafe { core::slice::from_raw_parts_mut(slots, n) };
        make(
            List::Fixed(FixedRevocationList::new(slots, self::policy(p))),
            out,
        )
    })
}

/// Revokes one token: its issuer (`iss`, NULL for tokens without one), its
/// `jti`, and its `exp` (the entry lasts until `exp` plus the policy's
/// leeway), at time `now`. Idempotent. `*added` (may be NULL) says what
/// happened. `JWT_ERR_STORE_FULL` at capacity: the new entry is refused,
/// live ones are kept. Strings are copied.
///
/// # Safety
/// `store` a live store; strings valid for their lengths; `added` NULL or
/// valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_revocations_add_token(
    store: *const jwt_revocations,
    iss: *const u8,
    iss_len: usize,
    jti: *const u8,
    jti_len: usize,
    exp: i64,
    now: i64,
    added: *mut jwt_added,
) -> jwt_result {
    guard(|| {
        // SAFETY: the caller's contract (all four).
        let (store, iss, jti) = unsafe {
            (
                arg::handle(store)?,
                arg::opt_text(iss, iss_len)?,
                arg::text(jti, jti_len)?,
            )
        };
        let r = jwt_revoke::Revocation::token(iss, jti, exp);
        add(store, r, now, added)
    })
}

/// Revokes every token issued to `sub` (by `iss`, NULL for none) before
/// `before` (tokens of that subject without `iat` count as older), at time
/// `now`. Otherwise as `jwt_revocations_add_token`.
///
/// # Safety
/// As `jwt_revocations_add_token`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_revocations_add_subject(
    store: *const jwt_revocations,
    iss: *const u8,
    iss_len: usize,
    sub: *const u8,
    sub_len: usize,
    before: i64,
    now: i64,
    added: *mut jwt_added,
) -> jwt_result {
    guard(|| {
        // SAFETY: the caller's contract.
        let (store, iss, sub) = unsafe {
            (
                arg::handle(store)?,
                arg::opt_text(iss, iss_len)?,
                arg::text(sub, sub_len)?,
            )
        };
        let r = jwt_revoke::Revocation::subject(iss, sub, before);
        add(store, r, now, added)
    })
}

fn add(
    store: &jwt_revocations,
    r: jwt_revoke::Revocation,
    now: i64,
    added: *mut jwt_added,
) -> Res<()> {
    let result = store
        .shared
        .0
        .write(|list| list.revoke(r, now))
        .and_then(|r| r)
        .map_err(code)?;
    if !added.is_null() {
        // SAFETY: non-NULL, valid for a write by the caller's contract.
        unsafe { out::put(added, result.into()) }?;
    }
    Ok(())
}

/// Whether a token with these claims (the JSON text of a claims set, as
/// `jwt_claims_json` gives it: `iss`, `jti`, `sub`, `iat` are read) is
/// revoked, into `*revoked`. Verifiers built with the store ask this
/// themselves; this is for callers that check on their own.
///
/// # Safety
/// `store` a live store; `claims_json` valid for `len` bytes; `revoked`
/// valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_revocations_check_json(
    store: *const jwt_revocations,
    claims_json: *const u8,
    len: usize,
    revoked: *mut bool,
) -> jwt_result {
    guard(|| {
        arg::out_ptr(revoked)?;
        // SAFETY: the caller's contract.
        let (store, text) = unsafe { (arg::handle(store)?, arg::text(claims_json, len)?) };
        let claims = ClaimsRef::parse(text).map_err(code)?;
        let answer = Check(store.shared.clone())
            .is_revoked(&claims)
            .map_err(code)?;
        // SAFETY: checked non-NULL; valid by the contract.
        unsafe { out::put(revoked, answer) }
    })
}

/// Drops the entries no longer in force at `now`; their number into
/// `*dropped` (may be NULL).
///
/// # Safety
/// `store` a live store; `dropped` NULL or valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_revocations_prune(
    store: *const jwt_revocations,
    now: i64,
    dropped: *mut usize,
) -> jwt_result {
    guard(|| {
        // SAFETY: the caller's contract.
        let store = unsafe { arg::handle(store) }?;
        let n = store
            .shared
            .0
            .write(|list| match list {
                List::Heap(l) => l.prune(now),
                List::Fixed(l) => l.prune(now),
            })
            .map_err(code)?;
        if !dropped.is_null() {
            // SAFETY: non-NULL, valid by the contract.
            unsafe { out::put(dropped, n) }?;
        }
        Ok(())
    })
}

/// The number of entries into `*len`.
///
/// # Safety
/// `store` a live store; `len` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_revocations_len(
    store: *const jwt_revocations,
    len: *mut usize,
) -> jwt_result {
    guard(|| {
        arg::out_ptr(len)?;
        // SAFETY: the caller's contract.
        let store = unsafe { arg::handle(store) }?;
        let n = store
            .shared
            .0
            .read(|list| match list {
                List::Heap(l) => l.len(),
                List::Fixed(l) => l.len(),
            })
            .map_err(code)?;
        // SAFETY: checked non-NULL.
        unsafe { out::put(len, n) }
    })
}

/// Saves the store's entries into `buf` for `jwt_revocations_load` (the
/// firmware keeps them in its own flash); the bytes written into
/// `*written`. A heap store writes `jwt-revoke` records (kind, length,
/// payload, CRC-32 each); a fixed store writes its image (fingerprints,
/// no heap used). With too small a buffer nothing is written, `*written`
/// receives the size needed and the result is `JWT_ERR_BUFFER_TOO_SMALL`
/// (`buf` may be NULL with `len` 0 to ask).
///
/// # Safety
/// `store` a live store; `buf` valid for `len` bytes of writes (or NULL
/// with `len` 0); `written` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_revocations_save(
    store: *const jwt_revocations,
    buf: *mut u8,
    len: usize,
    written: *mut usize,
) -> jwt_result {
    guard(|| {
        arg::out_ptr(written)?;
        // SAFETY: the caller's contract.
        let store = unsafe { arg::handle(store) }?;
        store
            .shared
            .0
            .read(|list| match list {
                List::Heap(l) => {
                    let mut bytes = Vec::new();
                    for r in l.entries() {
                        Record::Revoke(r)
                            .encode(&mut bytes)
                            .map_err(|_| code(StoreError::Corrupt))?;
                    }
                    // SAFETY: the caller's contract.
                    unsafe { out::bytes(&bytes, buf, len, written) }
                }
                List::Fixed(l) => {
                    let need = l.saved_len();
                    if len < need || buf.is_null() {
                        // SAFETY: checked non-NULL above.
                        unsafe { written.write(need) };
                        return Err(if len < need {
                            crate::codes::JWT_ERR_BUFFER_TOO_SMALL
                        } else {
                            FfiError::NullArgument.into()
                        });
                    }
                    // SAFETY: `buf` non-NULL and valid for `len` bytes of
                    // writes by the contract; no Rust reference aliases
                    // caller memory outside this call.
                    let out = unsafe { core::slice::from_raw_parts_mut(buf, len) };
                    let n = l.save(out).ok_or(crate::codes::JWT_ERR_BUFFER_TOO_SMALL)?;
                    // SAFETY: checked non-NULL above.
                    unsafe { written.write(n) };
                    Ok(())
                }
            })
            .map_err(code)?
    })
}

/// Adds the entries saved by `jwt_revocations_save` (of a store of the
/// same kind) that are still in force at `now`; how many into `*loaded`
/// (may be NULL). The bytes are checked (checksums, lengths) before
/// anything is added: damaged bytes give `JWT_ERR_STORE_CORRUPT` and add
/// nothing. `JWT_ERR_STORE_FULL` when the entries do not fit (those
/// before the one refused were added).
///
/// # Safety
/// `store` a live store; `buf` valid for `len` bytes; `loaded` NULL or
/// valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_revocations_load(
    store: *const jwt_revocations,
    buf: *const u8,
    len: usize,
    now: i64,
    loaded: *mut usize,
) -> jwt_result {
    guard(|| {
        // SAFETY: the caller's contract.
        let (store, bytes) = unsafe { (arg::handle(store)?, arg::bytes(buf, len)?) };
        let n = store
            .shared
            .0
            .write(|list| match list {
                List::Heap(l) => {
                    let mut records = Vec::new();
                    let mut rest = bytes;
                    while !rest.is_empty() {
                        let (record, used) =
                            Record::decode(rest).map_err(|_| StoreError::Corrupt)?;
                        let Record::Revoke(r) = record else {
                            return Err(StoreError::Corrupt);
                        };
                        records.push(r);
                        rest = rest.get(used..).ok_or(StoreError::Corrupt)?;
                    }
                    let mut added = 0usize;
                    for r in records {
                        if !matches!(l.revoke(r, now)?, Added::Present | Added::AlreadyExpired) {
                            added = added.saturating_add(1);
                        }
                    }
                    Ok(added)
                }
                List::Fixed(l) => l.load(bytes, now),
            })
            .and_then(|r| r)
            .map_err(code)?;
        if !loaded.is_null() {
            // SAFETY: non-NULL, valid by the contract.
            unsafe { out::put(loaded, n) }?;
        }
        Ok(())
    })
}

/// Frees a store handle. NULL is harmless. Verifiers built with the store
/// keep it alive (and keep consulting it) until they are freed; the
/// caller memory of a fixed store must outlive them too.
///
/// # Safety
/// `store` NULL or a store from this library, not used again afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_revocations_free(store: *mut jwt_revocations) {
    // SAFETY: the caller gives back a handle made here, once.
    unsafe { free_box(store) };
}

/// Verifies signed revocation events of one issuer (`jwt-revoke`'s
/// `EventVerifier`: `typ` `revocation+jwt`, `aud`
/// `jwt-revocation-events`, `iss` exactly the issuer, signed by the key).
/// Opaque; immutable; thread-safe.
pub struct jwt_event_verifier {
    inner: EventVerifier<Arc<MaterialKeys>, fn() -> Option<i64>>,
}

fn no_clock() -> Option<i64> {
    None
}

/// An event verifier for events of `issuer` signed by `key` (its public
/// half; a key set selects by `kid`). The key is shared, not borrowed: it
/// may be freed afterwards. `*out` receives a new handle the caller owns
/// (free with `jwt_event_verifier_free`).
///
/// # Safety
/// `key` a live key; `issuer` valid for `issuer_len` bytes; `out` valid
/// for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_event_verifier_new(
    key: *const jwt_key,
    issuer: *const u8,
    issuer_len: usize,
    out: *mut *mut jwt_event_verifier,
) -> jwt_result {
    guard(|| {
        arg::out_ptr(out)?;
        // SAFETY: the caller's contract.
        let (key, issuer) = unsafe { (arg::handle(key)?, arg::text(issuer, issuer_len)?) };
        let keys = key.verifying()?;
        let inner = EventVerifier::new(keys, no_clock as fn() -> Option<i64>, issuer);
        let handle = jwt_event_verifier { inner };
        // SAFETY: checked non-NULL; valid by the contract.
        unsafe { out::boxed(out, handle) }
    })
}

/// Verifies a revocation event (`message`, as received from the broker)
/// at `now` and adds the revocation it announces to `store`. Refused
/// events return their verification error (`JWT_ERR_SIGNATURE_INVALID`,
/// `JWT_ERR_TYP_MISMATCH`, `JWT_ERR_EXPIRED`, `JWT_ERR_EVENT_MALFORMED`,
/// `JWT_ERR_EVENT_UNSIGNED` for a bare id, ...) and change nothing.
/// `*added` (may be NULL) says what adding did.
///
/// # Safety
/// `store`, `events` live handles; `message` valid for `len` bytes;
/// `added` NULL or valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_revocations_apply_event(
    store: *const jwt_revocations,
    events: *const jwt_event_verifier,
    message: *const u8,
    len: usize,
    now: i64,
    added: *mut jwt_added,
) -> jwt_result {
    guard(|| {
        // SAFETY: the caller's contract.
        let (store, events, message) = unsafe {
            (
                arg::handle(store)?,
                arg::handle(events)?,
                arg::text(message, len)?,
            )
        };
        let r = events.inner.verify_at(message, now).map_err(code)?;
        add(store, r, now, added)
    })
}

/// Frees an event verifier. NULL is harmless.
///
/// # Safety
/// `events` NULL or an event verifier from this library, not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_event_verifier_free(events: *mut jwt_event_verifier) {
    // SAFETY: the caller gives back a handle made here, once.
    unsafe { free_box(events) };
}
