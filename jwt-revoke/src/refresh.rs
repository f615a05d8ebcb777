//! The refresh-token family store of `jwt-issue`, persisted in the same
//! crash-safe log format (`std`), so reuse detection survives a restart of
//! the token service.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use std::path::Path;
use std::sync::Mutex;

use jwt_core::{NumericDate, StoreError};
use jwt_issue::{Consumed, RefreshStore};

use crate::log::{Log, LogError, OpenReport, Purpose, Recovery};
use crate::record::Record;

#[derive(Debug, Default)]
struct Family {
    revoked: bool,
    used: BTreeMap<String, i64>,
}

#[derive(Debug)]
struct State {
    log: Log,
    families: BTreeMap<String, Family>,
}

impl State {
    fn apply(&mut self, record: &Record) {
        match record {
            Record::RefreshUsed { family, jti, exp } => {
                let f = self.families.entry(family.clone()).or_default();
                if !f.revoked {
                    f.used.insert(jti.clone(), *exp);
                }
            }
            Record::FamilyRevoked { family } => {
                let f = self.families.entry(family.clone()).or_default();
                f.revoked = true;
                f.used.clear();
            }
            Record::Revoke(_) => {}
        }
    }

    fn live_records(&self) -> Vec<Record> {
        let mut out = Vec::new();
        for (family, f) in &self.families {
            if f.revoked {
                out.push(Record::FamilyRevoked {
                    family: family.clone(),
                });
            } else {
                out.extend(f.used.iter().map(|(jti, exp)| Record::RefreshUsed {
                    family: family.clone(),
                    jti: jti.clone(),
                    exp: *exp,
                }));
            }
        }
        out
    }
}

/// A [`RefreshStore`] whose used refresh-token ids and revoked families
/// are appended to a log file and `fsync`ed before `consume` or
/// `revoke_family` returns: a refresh token replayed after a restart of
/// the token service still revokes its family.
///
/// ```
/// use jwt_issue::{Consumed, NumericDate, RefreshStore};
/// use jwt_revoke::{PersistentRefreshStore, Recovery};
///
/// let dir = std::env::temp_dir().join(format!("jwt-refresh-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let path = dir.join("refresh.log");
/// let exp = NumericDate::from_secs(1_700_086_400);
/// {
///     let (store, _) = PersistentRefreshStore::open(&path, Recovery::Truncate)?;
///     assert_eq!(store.consume("family-1", "r-1", exp)?, Consumed::First);
/// }
/// let (store, _) = PersistentRefreshStore::open(&path, Recovery::Truncate)?;
/// assert_eq!(store.consume("family-1", "r-1", exp)?, Consumed::Reused);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct PersistentRefreshStore {
    state: Mutex<State>,
}

impl PersistentRefreshStore {
    /// Opens (or creates) the store at `path` and replays it.
    ///
    /// # Errors
    /// As [`RevocationStore::open`](crate::RevocationStore::open).
    pub fn open(
        path: impl AsRef<Path>,
        recovery: Recovery,
    ) -> Result<(Self, OpenReport), LogError> {
        let (log, records, report) = Log::open(path.as_ref(), Purpose::Refresh, recovery)?;
        let mut state = State {
            log,
            families: BTreeMap::new(),
        };
        for record in &records {
            state.apply(record);
        }
        Ok((
            PersistentRefreshStore {
                state: Mutex::new(state),
            },
            report,
        ))
    }

    /// Whether `family` has been revoked (`false` if the lock was
    /// poisoned).
    pub fn is_revoked(&self, family: &str) -> bool {
        self.state
            .lock()
            .is_ok_and(|s| s.families.get(family).is_some_and(|f| f.revoked))
    }

    /// Drops used ids whose token expired at or before `now` (revoked
    /// families are kept) and rewrites the log with what is left.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the log cannot be rewritten.
    pub fn prune(&self, now: NumericDate) -> Result<(), StoreError> {
        let mut state = self.state.lock().map_err(|_| StoreError::Unavailable)?;
        let now = now.as_secs();
        state.families.retain(|_, f| {
            f.used.retain(|_, exp| *exp > now);
            f.revoked || !f.used.is_empty()
        });
        let live = state.live_records();
        state.log.rewrite(&live)?;
        Ok(())
    }
}

impl RefreshStore for PersistentRefreshStore {
    fn consume(
        &self,
        family_id: &str,
        jti: &str,
        exp: NumericDate,
    ) -> Result<Consumed, StoreError> {
        let mut state = self.state.lock().map_err(|_| StoreError::Unavailable)?;
        if let Some(f) = state.families.get(family_id) {
            if f.revoked {
                return Ok(Consumed::FamilyRevoked);
            }
            if f.used.contains_key(jti) {
                return Ok(Consumed::Reused);
            }
        }
        let record = Record::RefreshUsed {
            family: String::from(family_id),
            jti: String::from(jti),
            exp: exp.as_secs(),
        };
        state.log.append(&record)?;
        state.apply(&record);
        Ok(Consumed::First)
    }

    fn revoke_family(&self, family_id: &str) -> Result<(), StoreError> {
        let mut state = self.state.lock().map_err(|_| StoreError::Unavailable)?;
        let record = Record::FamilyRevoked {
            family: String::from(family_id),
        };
        state.log.append(&record)?;
        state.apply(&record);
        Ok(())
    }
}
