//! The revocation list: one owner, `no_std` + `alloc`.

use jwt_core::{ClaimsRef, RevocationCheck, StoreError};

use crate::entry::{Added, Policy, Revocation};
use crate::table::{Probe, Tables};

/// The question every list answers for a verified token: is its `(iss,
/// jti)` revoked, or was it issued to a revoked subject before the
/// cut-off (a token without `iat` counts as before)?
pub(crate) fn check(
    claims: &ClaimsRef<'_>,
    token: impl Fn(Probe<'_>) -> bool,
    subject: impl Fn(Probe<'_>) -> Option<i64>,
) -> bool {
    // Borrowed unless the JSON string has escapes: no allocation for the
    // tokens a fleet's issuer mints.
    let iss = claims.iss();
    let iss = iss.as_deref();
    if let Some(jti) = claims.jti()
        && token(Probe { iss, id: &jti })
    {
        return true;
    }
    if let Some(sub) = claims.sub()
        && let Some(before) = subject(Probe { iss, id: &sub })
    {
        return claims
            .iat()
            .is_none_or(|iat| issued_before(claims, iat.as_secs(), before));
    }
    false
}

/// Whether a token whose `iat` reads as `iat` (rounded up to whole
/// seconds) was issued before `before`. A fractional `iat` that rounded up
/// to exactly `before` (1699999999.5 against 1700000000) was issued
/// before it; a number written with a fraction or an exponent is taken as
/// fractional there (fail closed).
fn issued_before(claims: &ClaimsRef<'_>, iat: i64, before: i64) -> bool {
    if iat != before {
        return iat < before;
    }
    claims
        .get("iat")
        .is_some_and(|raw| raw.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')))
}

/// A bounded, self-pruning revocation list with one owner (`&mut self` to
/// revoke), for single-threaded services and firmware with a heap. For
/// many threads use `SharedRevocations` (`std`); for
/// firmware without a heap, [`FixedRevocationList`](crate::FixedRevocationList).
///
/// ```
/// use jwt_core::{ClaimsRef, RevocationCheck};
/// use jwt_revoke::{Policy, Revocation, RevocationList};
///
/// let mut list = RevocationList::new(Policy::new(1_000));
/// let now = 1_700_000_000;
/// list.revoke(Revocation::token(Some("https://auth.example.com"), "t-1", now + 300), now)?;
/// list.revoke(Revocation::subject(Some("https://auth.example.com"), "device-7", now), now)?;
///
/// let claims = |json| ClaimsRef::parse(json).unwrap();
/// let revoked = |json| list.is_revoked(&claims(json)).unwrap();
/// assert!(revoked(r#"{"iss":"https://auth.example.com","jti":"t-1"}"#));
/// assert!(!revoked(r#"{"iss":"https://other.example","jti":"t-1"}"#));
/// // Everything device-7 got before `now`, and its tokens without `iat`.
/// assert!(revoked(r#"{"iss":"https://auth.example.com","sub":"device-7","iat":1699999999,"jti":"x"}"#));
/// assert!(revoked(r#"{"iss":"https://auth.example.com","sub":"device-7","jti":"y"}"#));
/// assert!(!revoked(r#"{"iss":"https://auth.example.com","sub":"device-7","iat":1700000000,"jti":"z"}"#));
///
/// // Once no token it names could verify, an entry is dropped.
/// assert_eq!(list.prune(now + 300 + 60), 1);
/// # Ok::<(), jwt_core::StoreError>(())
/// ```
#[derive(Clone, Debug)]
pub struct RevocationList {
    tables: Tables,
    policy: Policy,
}

impl RevocationList {
    /// An empty list.
    pub fn new(policy: Policy) -> Self {
        RevocationList {
            tables: Tables::new(&policy),
            policy,
        }
    }

    /// The policy.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Records `revocation` at time `now`. Idempotent: revoking the same
    /// token twice keeps one entry (with the later expiry).
    ///
    /// # Errors
    /// [`StoreError::Full`] when the list holds `capacity` live entries
    /// (after dropping expired ones, if the policy allows): the new entry
    /// is refused and every live one kept.
    pub fn revoke(&mut self, revocation: Revocation, now: i64) -> Result<Added, StoreError> {
        let expires = revocation.expires(&self.policy);
        if expires <= now {
            return Ok(Added::AlreadyExpired);
        }
        if self.tables.len() >= self.policy.capacity && !self.tables.contains(&revocation) {
            if self.policy.evict_expired_when_full {
                self.tables.prune(now);
            }
            if self.tables.len() >= self.policy.capacity {
                return Err(StoreError::Full);
            }
        }
        Ok(self.tables.insert(&revocation))
    }

    /// Drops the entries no longer in force at `now`; returns how many.
    pub fn prune(&mut self, now: i64) -> usize {
        self.tables.prune(now)
    }

    /// How many entries the list holds.
    pub fn len(&self) -> usize {
        self.tables.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every entry (in no particular order).
    pub fn entries(&self) -> impl Iterator<Item = Revocation> + '_ {
        self.tables.entries()
    }

    /// Whether the token with these claims is revoked (never allocates for
    /// claims without JSON escapes).
    pub fn contains_claims(&self, claims: &ClaimsRef<'_>) -> bool {
        check(
            claims,
            |p| self.tables.contains_token(p),
            |p| self.tables.subject_before(p),
        )
    }
}

impl RevocationCheck for RevocationList {
    fn is_revoked(&self, claims: &ClaimsRef<'_>) -> Result<bool, StoreError> {
        Ok(self.contains_claims(claims))
    }
}
