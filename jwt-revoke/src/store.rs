//! The persistent revocation store: a [`SharedRevocations`] list backed by
//! a crash-safe log file (`std`).

use alloc::vec::Vec;
use std::path::Path;
use std::sync::Mutex;

use jwt_core::{ClaimsRef, RevocationCheck, StoreError};

use crate::entry::{Added, Policy, Revocation};
use crate::log::{Log, LogError, OpenReport, Purpose, Recovery};
use crate::record::Record;
use crate::shared::SharedRevocations;

/// A revocation list that survives restarts: every `revoke` is appended to
/// a log file and `fsync`ed before it returns (so a process killed at any
/// instant comes back with every revocation it acknowledged), and the
/// in-memory list answers lookups without touching the file.
///
/// ```
/// use jwt_core::{ClaimsRef, RevocationCheck};
/// use jwt_revoke::{Policy, Recovery, Revocation, RevocationStore};
///
/// let dir = std::env::temp_dir().join(format!("jwt-revoke-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let path = dir.join("revoked.log");
/// let now = 1_700_000_000;
/// {
///     let (store, report) = RevocationStore::open(&path, Policy::new(1_000), now, Recovery::Truncate)?;
///     assert!(report.created);
///     store.revoke(Revocation::token(Some("https://auth.example.com"), "t-1", now + 600), now)?;
/// }
/// // After a restart the revocation is still there.
/// let (store, report) = RevocationStore::open(&path, Policy::new(1_000), now + 1, Recovery::Truncate)?;
/// assert_eq!(report.records, 1);
/// let claims = ClaimsRef::parse(r#"{"iss":"https://auth.example.com","jti":"t-1"}"#).unwrap();
/// assert_eq!(store.is_revoked(&claims), Ok(true));
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct RevocationStore {
    list: SharedRevocations,
    log: Mutex<Log>,
}

/// Compact when the log holds this many more records than live entries
/// (and more than twice as many).
const COMPACT_SLACK: usize = 4096;

impl RevocationStore {
    /// Opens the store at `path` for writing (created if missing, with
    /// [`Recovery::Truncate`]) and replays its log at time `now` (entries no
    /// longer in force under `policy` are not loaded, but stay in the file
    /// until [`prune`](Self::prune) compacts it). One writer at a time:
    /// the file is locked while the store is open.
    ///
    /// # Errors
    /// [`LogError::Io`] (a missing file with [`Recovery::Refuse`]),
    /// [`LogError::Locked`], [`LogError::BadHeader`],
    /// [`LogError::UnsupportedVersion`], [`LogError::Damaged`] (any damage
    /// with `Refuse`; damage followed by valid records with either).
    pub fn open(
        path: impl AsRef<Path>,
        policy: Policy,
        now: i64,
        recovery: Recovery,
    ) -> Result<(Self, OpenReport), LogError> {
        let (log, records, report) = Log::open(path.as_ref(), Purpose::Revocations, recovery)?;
        let list = SharedRevocations::new(policy);
        for record in &records {
            if let Record::Revoke(revocation) = record {
                list.restore(revocation, now).map_err(|_| poisoned())?;
            }
        }
        // No compaction here: an entry not loaded at this `now` and policy
        // stays in the file until the owner prunes (a clock that jumped
        // ahead, or a reader with a shorter policy, must not erase it).
        Ok((
            RevocationStore {
                list,
                log: Mutex::new(log),
            },
            report,
        ))
    }

    /// Reads the store at `path` without writing to it or locking it, for
    /// consumers that only check tokens (`jwt verify --revocation-store`)
    /// beside a running writer: the file must exist and be undamaged but
    /// for a torn tail (an append in progress), or the load fails (fail
    /// closed).
    ///
    /// # Errors
    /// [`LogError::Io`] (a missing file included), [`LogError::BadHeader`],
    /// [`LogError::UnsupportedVersion`], [`LogError::Damaged`].
    pub fn load_read_only(
        path: impl AsRef<Path>,
        policy: Policy,
        now: i64,
    ) -> Result<SharedRevocations, LogError> {
        let bytes = std::fs::read(path.as_ref())?;
        // A writer may be appending: a torn tail is not yet a record.
        let records = crate::log::parse_snapshot(&bytes, crate::log::Purpose::Revocations)?;
        let list = SharedRevocations::new(policy);
        for record in &records {
            if let Record::Revoke(revocation) = record {
                list.restore(revocation, now).map_err(|_| poisoned())?;
            }
        }
        Ok(list)
    }

    /// How many entries are in force (loaded and not pruned).
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether no entry is in force.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// A copy of the entries in force (in no particular order).
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] if a lock was poisoned.
    pub fn entries(&self) -> Result<Vec<Revocation>, StoreError> {
        self.list.entries()
    }

    /// Records `revocation` at `now`: appended to the log and `fsync`ed,
    /// then visible to every reader, before this returns. Idempotent.
    ///
    /// # Errors
    /// [`StoreError::Full`] at capacity (nothing written),
    /// [`StoreError::Unavailable`] when the log cannot be written (the
    /// revocation is then not in force: the caller must retry).
    pub fn revoke(&self, revocation: Revocation, now: i64) -> Result<Added, StoreError> {
        let mut log = self.log.lock().map_err(|_| StoreError::Unavailable)?;
        match self.list.admit(&revocation, now)? {
            Added::New => {}
            // Nothing would change: nothing is written (a replayed event
            // does not grow the log).
            unchanged => return Ok(unchanged),
        }
        log.append(&Record::Revoke(revocation.clone()))?;
        self.list.revoke(revocation, now)
    }

    /// Records several revocations with one `fsync` (a subscriber catching
    /// up on a burst of events): each result is what
    /// [`revoke`](Self::revoke) would have returned for it, in order. All
    /// new entries are written and visible when this returns, or none is.
    ///
    /// # Errors
    /// As [`revoke`](Self::revoke); when the batch would overflow the
    /// capacity it is recorded one by one, so the error (`Full`) comes
    /// after the entries that fitted.
    pub fn revoke_all(
        &self,
        revocations: &[Revocation],
        now: i64,
    ) -> Result<Vec<Added>, StoreError> {
        let mut log = self.log.lock().map_err(|_| StoreError::Unavailable)?;
        let mut results = Vec::with_capacity(revocations.len());
        let mut fresh = Vec::new();
        for revocation in revocations {
            let added = self.list.admit(revocation, now)?;
            if added == Added::New {
                fresh.push(revocation);
            }
            results.push(added);
        }
        if self.list.len().saturating_add(fresh.len()) > self.list.policy().capacity {
            drop(log);
            return revocations
                .iter()
                .map(|r| self.revoke(r.clone(), now))
                .collect();
        }
        let records: Vec<Record> = fresh.iter().map(|r| Record::Revoke((*r).clone())).collect();
        log.append_all(&records)?;
        for (revocation, result) in revocations.iter().zip(results.iter_mut()) {
            if *result == Added::New {
                // A duplicate within the batch comes back `Present`.
                *result = self.list.revoke(revocation.clone(), now)?;
            }
        }
        Ok(results)
    }

    /// Drops entries no longer in force at `now` and compacts the log when
    /// most of it is dead; returns how many entries were dropped.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the log cannot be rewritten (the
    /// old log then stays in place, complete).
    pub fn prune(&self, now: i64) -> Result<usize, StoreError> {
        let dropped = self.list.prune(now)?;
        self.compact_if_mostly_dead()?;
        Ok(dropped)
    }

    /// Rewrites the log with exactly the live entries (crash-safe: a new
    /// file renamed over the old one).
    ///
    /// # Errors
    /// [`LogError::Io`] when the new file cannot be written or renamed.
    pub fn compact(&self) -> Result<(), LogError> {
        let mut log = self.log.lock().map_err(|_| poisoned())?;
        self.compact_locked(&mut log)
    }

    fn compact_locked(&self, log: &mut Log) -> Result<(), LogError> {
        let live: Vec<Record> = self
            .list
            .entries()
            .map_err(|_| poisoned())?
            .into_iter()
            .map(Record::Revoke)
            .collect();
        log.rewrite(&live)
    }

    fn compact_if_mostly_dead(&self) -> Result<(), LogError> {
        let mut log = self.log.lock().map_err(|_| poisoned())?;
        let live = self.list.len();
        let records = log.records();
        if records > live.saturating_mul(2) && records.saturating_sub(live) > COMPACT_SLACK {
            self.compact_locked(&mut log)?;
        }
        Ok(())
    }

    /// How many records the log file holds (live or not).
    pub fn log_records(&self) -> usize {
        self.log.lock().map_or(0, |log| log.records())
    }
}

/// A lock held by a thread that panicked, as a log error.
fn poisoned() -> LogError {
    LogError::Io(std::io::Error::other("lock poisoned"))
}

impl RevocationCheck for RevocationStore {
    fn is_revoked(&self, claims: &ClaimsRef<'_>) -> Result<bool, StoreError> {
        self.list.is_revoked(claims)
    }
}
