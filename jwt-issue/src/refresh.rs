//! Access/refresh token pairs with rotation and reuse detection.
//!
//! Design note: one call mints a short-lived access token and a longer-lived
//! refresh token that share a family id (`fid`, 128 random bits as hex) and
//! each have their own `jti`. The refresh token is kept out of every place
//! an access token is accepted twice over: its `typ` is `refresh+jwt`
//! (explicit typing, RFC 8725 3.11), and it carries `aud` = the issuer's own
//! refresh audience, which a verifier with the default policy (any `aud`
//! refused unless audiences are configured) rejects even if it ignores
//! `typ`. Redeeming a refresh token goes through a [`RefreshStore`] that
//! marks its `jti` used; presenting a used one revokes the whole family
//! (RFC 9700 4.14.2), so a stolen refresh token is worth at most one use by
//! whoever is second. The rejected alternative, refresh tokens that differ
//! from access tokens only by a longer lifetime, lets any refresh token
//! call any API for as long as it lives.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use jwt_core::json::JsonStr;
use jwt_core::{Clock, FixedClock, NumericDate, StoreError, VerifiedToken};
use rand_core::TryCryptoRng;

use crate::builder::{DEFAULT_TYP, TokenBuilder};
use crate::error::IssueError;
use crate::key::SigningKey;

/// The `typ` header of refresh tokens. Verify refresh tokens with
/// `Validation::new().typ(REFRESH_TYP)`; access-token verifiers that
/// require `typ` `JWT` (or anything else) refuse them.
pub const REFRESH_TYP: &str = "refresh+jwt";

/// The default `aud` of refresh tokens: the issuer's own refresh endpoint.
pub const DEFAULT_REFRESH_AUDIENCE: &str = "refresh";

/// The name of the family-id claim both tokens of a pair carry.
pub const FAMILY_ID_CLAIM: &str = "fid";

/// What a [`RefreshStore`] says about a presented refresh token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Consumed {
    /// First use: the `jti` is now marked used.
    First,
    /// The `jti` was used before: the token was replayed.
    Reused,
    /// The family was revoked earlier (after a reuse, or by an operator).
    FamilyRevoked,
}

/// Where used refresh-token ids and revoked families are recorded.
/// [`MemoryRefreshStore`] is the in-memory one; a persistent one lives in
/// `jwt-revoke`. Methods take `&self`, so one store serves every thread
/// of an issuer (behind an `Arc`, or a `&'static`).
pub trait RefreshStore {
    /// Atomically marks `(family_id, jti)` used and says whether it was
    /// used before. `exp` is the token's expiry, after which the record
    /// may be pruned (an expired token fails verification anyway).
    ///
    /// # Errors
    /// A [`StoreError`] when the store cannot answer; no token is then
    /// issued.
    fn consume(&self, family_id: &str, jti: &str, exp: NumericDate)
    -> Result<Consumed, StoreError>;

    /// Revokes every refresh token of `family_id`, past and future.
    ///
    /// # Errors
    /// A [`StoreError`] when the store cannot record it.
    fn revoke_family(&self, family_id: &str) -> Result<(), StoreError>;
}

impl<S: RefreshStore + ?Sized> RefreshStore for &S {
    fn consume(
        &self,
        family_id: &str,
        jti: &str,
        exp: NumericDate,
    ) -> Result<Consumed, StoreError> {
        (**self).consume(family_id, jti, exp)
    }
    fn revoke_family(&self, family_id: &str) -> Result<(), StoreError> {
        (**self).revoke_family(family_id)
    }
}

/// A shared store (users cannot write this impl: orphan rule).
impl<S: RefreshStore + ?Sized> RefreshStore for alloc::sync::Arc<S> {
    fn consume(
        &self,
        family_id: &str,
        jti: &str,
        exp: NumericDate,
    ) -> Result<Consumed, StoreError> {
        (**self).consume(family_id, jti, exp)
    }
    fn revoke_family(&self, family_id: &str) -> Result<(), StoreError> {
        (**self).revoke_family(family_id)
    }
}

/// The memory store's lock: a mutex where there are threads, a `RefCell`
/// without `std` (the store is then not `Sync`).
#[cfg(feature = "std")]
type Lock<T> = std::sync::Mutex<T>;
#[cfg(not(feature = "std"))]
type Lock<T> = core::cell::RefCell<T>;

fn with_families<T>(
    lock: &Lock<BTreeMap<String, Family>>,
    f: impl FnOnce(&mut BTreeMap<String, Family>) -> T,
) -> Result<T, StoreError> {
    #[cfg(feature = "std")]
    let mut guard = lock.lock().map_err(|_| StoreError::Unavailable)?;
    #[cfg(not(feature = "std"))]
    let mut guard = lock.try_borrow_mut().map_err(|_| StoreError::Unavailable)?;
    Ok(f(&mut guard))
}

#[derive(Clone, Debug, Default)]
struct Family {
    revoked: bool,
    used: BTreeMap<String, NumericDate>,
}

/// A [`RefreshStore`] in memory (a `BTreeMap`, no_std): for tests, demos
/// and single-process issuers that may forget everything on restart.
///
/// Used ids are kept until [`prune`](Self::prune) drops the expired ones;
/// revoked families are kept until dropped with
/// [`forget_family`](Self::forget_family), because the store never learns
/// when a family's newest refresh token expires.
#[derive(Debug, Default)]
pub struct MemoryRefreshStore {
    families: Lock<BTreeMap<String, Family>>,
}

impl MemoryRefreshStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether `family_id` has been revoked (`false` when the store's
    /// lock was poisoned).
    pub fn is_revoked(&self, family_id: &str) -> bool {
        with_families(&self.families, |families| {
            families.get(family_id).is_some_and(|f| f.revoked)
        })
        .unwrap_or(false)
    }

    /// Drops used ids whose token expired at or before `now`, and families
    /// left with none that are not revoked.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the store's lock was poisoned.
    pub fn prune(&self, now: NumericDate) -> Result<(), StoreError> {
        with_families(&self.families, |families| {
            families.retain(|_, family| {
                family.used.retain(|_, exp| *exp > now);
                family.revoked || !family.used.is_empty()
            });
        })
    }

    /// Forgets a family entirely (for example a revoked one whose tokens
    /// have all expired).
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the store's lock was poisoned.
    pub fn forget_family(&self, family_id: &str) -> Result<(), StoreError> {
        with_families(&self.families, |families| {
            families.remove(family_id);
        })
    }

    /// How many families the store holds records for.
    pub fn len(&self) -> usize {
        with_families(&self.families, |families| families.len()).unwrap_or(0)
    }

    /// Whether the store holds no records.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl RefreshStore for MemoryRefreshStore {
    fn consume(
        &self,
        family_id: &str,
        jti: &str,
        exp: NumericDate,
    ) -> Result<Consumed, StoreError> {
        with_families(&self.families, |families| {
            let family = families.entry(String::from(family_id)).or_default();
            if family.revoked {
                return Consumed::FamilyRevoked;
            }
            if family.used.contains_key(jti) {
                return Consumed::Reused;
            }
            family.used.insert(String::from(jti), exp);
            Consumed::First
        })
    }

    fn revoke_family(&self, family_id: &str) -> Result<(), StoreError> {
        with_families(&self.families, |families| {
            let family = families.entry(String::from(family_id)).or_default();
            family.revoked = true;
            family.used.clear();
        })
    }
}

/// What the exchange reads from a verified refresh token.
struct RefreshClaims {
    family_id: String,
    jti: String,
    sub: String,
    exp: NumericDate,
}

impl RefreshClaims {
    /// From a verified token, which must be a refresh token (`typ`
    /// [`REFRESH_TYP`], `aud` containing `audience`) with `fid`, `jti`,
    /// `sub` and `exp`.
    fn from_verified(token: &VerifiedToken<'_>, audience: &str) -> Result<Self, IssueError> {
        if !token
            .header()
            .typ()
            .is_some_and(|typ| jwt_core::validation::typ_eq(&typ, REFRESH_TYP))
        {
            return Err(IssueError::RefreshRejected {
                reason: "the token is not a refresh token (typ is not refresh+jwt)",
            });
        }
        let claims = token.claims();
        if !claims.aud().is_some_and(|aud| aud.contains(audience)) {
            return Err(IssueError::RefreshRejected {
                reason: "the token is not meant for this refresh endpoint (aud)",
            });
        }
        let missing = |name| IssueError::MissingClaim { name };
        let fid = claims
            .get(FAMILY_ID_CLAIM)
            .ok_or(missing(FAMILY_ID_CLAIM))?;
        let fid = JsonStr::from_value(fid).ok_or(IssueError::Malformed {
            reason: "the refresh token's fid is not a string",
        })?;
        Ok(RefreshClaims {
            family_id: fid.to_cow().into_owned(),
            jti: claims.jti().ok_or(missing("jti"))?.into_owned(),
            sub: claims.sub().ok_or(missing("sub"))?.into_owned(),
            exp: claims.exp().ok_or(missing("exp"))?,
        })
    }
}

/// A freshly minted access/refresh pair.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenPair {
    /// The access token (`typ` as configured, default `JWT`).
    pub access: String,
    /// The refresh token (`typ` [`REFRESH_TYP`]).
    pub refresh: String,
    /// The family id both tokens carry as `fid`.
    pub family_id: String,
    /// The access token's `jti`.
    pub access_jti: String,
    /// The refresh token's `jti`.
    pub refresh_jti: String,
    /// The access token's `exp`.
    pub access_exp: NumericDate,
    /// The refresh token's `exp`.
    pub refresh_exp: NumericDate,
}

impl fmt::Debug for TokenPair {
    /// The tokens are bearer credentials and are not printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenPair")
            .field("access", &"<redacted>")
            .field("refresh", &"<redacted>")
            .field("family_id", &self.family_id)
            .field("access_jti", &self.access_jti)
            .field("refresh_jti", &self.refresh_jti)
            .field("access_exp", &self.access_exp)
            .field("refresh_exp", &self.refresh_exp)
            .finish()
    }
}

/// Mints access/refresh pairs and redeems refresh tokens.
///
/// ```
/// # #[cfg(all(feature = "eddsa", feature = "os"))] {
/// use jwt_issue::{EdDsaSigningKey, FixedClock, MemoryRefreshStore, OsRng, PairIssuer, REFRESH_TYP};
/// use jwt_verify::{EdDsaVerifyingKey, Validation, Verifier};
///
/// let key = EdDsaSigningKey::generate_os()?;
/// let pairs = PairIssuer::new(300, 30 * 86_400).issuer("https://issuer.example");
/// let pair = pairs.issue_pair(&key, "device-17", &FixedClock(1_700_000_000), &mut OsRng)?;
///
/// // Later the device presents pair.refresh: the refresh endpoint verifies
/// // it as a refresh token and exchanges the verifier's output.
/// let endpoint = Verifier::new(
///     EdDsaVerifyingKey::from_public_key_pem(&key.public_key_pem()?)?,
///     FixedClock(1_700_000_600),
/// )
/// .with_validation(Validation::new().typ(REFRESH_TYP).audience("refresh").issuer("https://issuer.example"));
/// let presented = endpoint.verify(&pair.refresh)?;
/// let store = MemoryRefreshStore::new();
/// let next = pairs.refresh(&key, &presented, &store, &FixedClock(1_700_000_600), &mut OsRng)?;
/// assert_eq!(next.family_id, pair.family_id);
/// // Presenting the same refresh token again revokes the family.
/// assert_eq!(
///     pairs.refresh(&key, &presented, &store, &FixedClock(1_700_000_601), &mut OsRng),
///     Err(jwt_issue::IssueError::RefreshReuse)
/// );
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairIssuer {
    access_ttl: u64,
    refresh_ttl: u64,
    issuer: Option<String>,
    access_audience: Vec<String>,
    refresh_audience: String,
    typ: String,
}

impl PairIssuer {
    /// Pairs whose access tokens live `access_ttl` seconds and refresh
    /// tokens `refresh_ttl` seconds; access `typ` `JWT`, refresh audience
    /// `refresh`, no issuer, no access audience.
    pub fn new(access_ttl: u64, refresh_ttl: u64) -> Self {
        PairIssuer {
            access_ttl,
            refresh_ttl,
            issuer: None,
            access_audience: Vec::new(),
            refresh_audience: String::from(DEFAULT_REFRESH_AUDIENCE),
            typ: String::from(DEFAULT_TYP),
        }
    }

    /// `iss` of both tokens; [`refresh`](Self::refresh) then requires it.
    pub fn issuer(mut self, iss: impl Into<String>) -> Self {
        self.issuer = Some(iss.into());
        self
    }

    /// Adds an `aud` value to access tokens (repeatable).
    pub fn access_audience(mut self, aud: impl Into<String>) -> Self {
        self.access_audience.push(aud.into());
        self
    }

    /// The `aud` of refresh tokens (default `refresh`); must not be an
    /// audience that access-token verifiers accept.
    pub fn refresh_audience(mut self, aud: impl Into<String>) -> Self {
        self.refresh_audience = aud.into();
        self
    }

    /// The access tokens' `typ` (default `JWT`). Refresh tokens always
    /// have [`REFRESH_TYP`].
    pub fn typ(mut self, typ: impl Into<String>) -> Self {
        self.typ = typ.into();
        self
    }

    /// Mints a new pair, starting a new family.
    ///
    /// # Errors
    /// [`IssueError::ClockUnavailable`], [`IssueError::TimeOverflow`],
    /// [`IssueError::Rng`], and the key's signing errors.
    pub fn issue_pair<K, C, R>(
        &self,
        key: &K,
        subject: &str,
        clock: &C,
        rng: &mut R,
    ) -> Result<TokenPair, IssueError>
    where
        K: SigningKey + ?Sized,
        C: Clock + ?Sized,
        R: TryCryptoRng + ?Sized,
    {
        let now = clock.now().ok_or(IssueError::ClockUnavailable)?;
        let family_id = crate::rng::random_id(rng)?;
        self.mint(key, subject, family_id, now, rng)
    }

    /// Redeems a refresh token that a verifier accepted: marks its `jti`
    /// used in `store` and mints a new pair in the same family. It takes
    /// the verifier's output, so a token that was not verified cannot be
    /// exchanged; verify it with the issuer's key, `typ`
    /// [`REFRESH_TYP`], the refresh audience and the issuer. A refresh token presented
    /// a second time revokes its family and fails with
    /// [`IssueError::RefreshReuse`]; any token of a revoked family fails
    /// with [`IssueError::RefreshRevoked`].
    ///
    /// This re-checks `typ`, the refresh audience, `exp` and `iss` against
    /// its own clock and configuration, and that the token names `key`'s
    /// algorithm and `kid`, so an access token, a token verified by a
    /// policy meant for other tokens, or one signed by another key of the
    /// endpoint's key source is refused.
    ///
    /// # Errors
    /// [`IssueError::RefreshRejected`] for a token that is not a refresh
    /// token of this issuer or has expired, [`IssueError::MissingClaim`]
    /// without `fid`, `jti`, `sub` or `exp`, [`IssueError::RefreshReuse`], [`IssueError::RefreshRevoked`],
    /// the store's errors, and those of [`issue_pair`](Self::issue_pair).
    /// If minting fails after the store consumed the token, the token stays
    /// used and the client must authenticate afresh.
    pub fn refresh<K, S, C, R>(
        &self,
        key: &K,
        presented: &VerifiedToken<'_>,
        store: &S,
        clock: &C,
        rng: &mut R,
    ) -> Result<TokenPair, IssueError>
    where
        K: SigningKey + ?Sized,
        S: RefreshStore + ?Sized,
        C: Clock + ?Sized,
        R: TryCryptoRng + ?Sized,
    {
        // Bound to the key that mints: the refresh token must name this
        // key's algorithm and, when the key has an id, that id. A refresh
        // endpoint whose key source also holds other keys (a fleet's
        // device keys, another issuer's) then cannot exchange a token one
        // of those keys signed; verify refresh tokens with the issuer's
        // own key.
        let header = presented.header();
        if header.algorithm() != key.algorithm()
            || key
                .kid()
                .is_some_and(|kid| header.kid().as_deref() != Some(kid))
        {
            return Err(IssueError::RefreshRejected {
                reason: "the refresh token was not signed with this issuer's key",
            });
        }
        let claims = RefreshClaims::from_verified(presented, &self.refresh_audience)?;
        let now = clock.now().ok_or(IssueError::ClockUnavailable)?;
        if claims.exp.as_secs() <= now {
            return Err(IssueError::RefreshRejected {
                reason: "the refresh token has expired",
            });
        }
        if let Some(issuer) = &self.issuer
            && !presented
                .claims()
                .iss_json()
                .is_some_and(|iss| iss.eq_str(issuer))
        {
            return Err(IssueError::RefreshRejected {
                reason: "the refresh token was issued by another issuer",
            });
        }
        match store.consume(&claims.family_id, &claims.jti, claims.exp)? {
            Consumed::First => self.mint(key, &claims.sub, claims.family_id.clone(), now, rng),
            Consumed::Reused => {
                store.revoke_family(&claims.family_id)?;
                Err(IssueError::RefreshReuse)
            }
            Consumed::FamilyRevoked => Err(IssueError::RefreshRevoked),
        }
    }

    fn mint<K, R>(
        &self,
        key: &K,
        subject: &str,
        family_id: String,
        now: i64,
        rng: &mut R,
    ) -> Result<TokenPair, IssueError>
    where
        K: SigningKey + ?Sized,
        R: TryCryptoRng + ?Sized,
    {
        let clock = FixedClock(now);
        let exp = |ttl: u64| {
            i64::try_from(ttl)
                .ok()
                .and_then(|ttl| now.checked_add(ttl))
                .map(NumericDate::from_secs)
                .ok_or(IssueError::TimeOverflow)
        };
        let access_jti = crate::rng::random_id(rng)?;
        let refresh_jti = crate::rng::random_id(rng)?;

        let mut access = TokenBuilder::new(key)
            .typ(self.typ.as_str())
            .subject(subject)
            .jti(access_jti.as_str())
            .ttl(self.access_ttl);
        if let Some(iss) = &self.issuer {
            access = access.issuer(iss.as_str());
        }
        for aud in &self.access_audience {
            access = access.audience(aud.as_str());
        }
        let access = access
            .claim(FAMILY_ID_CLAIM, &family_id)?
            .issue(&clock, rng)?;

        let mut refresh = TokenBuilder::new(key)
            .typ(REFRESH_TYP)
            .subject(subject)
            .audience(self.refresh_audience.as_str())
            .jti(refresh_jti.as_str())
            .ttl(self.refresh_ttl);
        if let Some(iss) = &self.issuer {
            refresh = refresh.issuer(iss.as_str());
        }
        let refresh = refresh
            .claim(FAMILY_ID_CLAIM, &family_id)?
            .issue(&clock, rng)?;

        Ok(TokenPair {
            access,
            refresh,
            access_exp: exp(self.access_ttl)?,
            refresh_exp: exp(self.refresh_ttl)?,
            family_id,
            access_jti,
            refresh_jti,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn memory_store_marks_reuse_and_revocation() {
        let store = MemoryRefreshStore::new();
        let exp = NumericDate::from_secs(100);
        assert_eq!(store.consume("f", "a", exp).unwrap(), Consumed::First);
        assert_eq!(store.consume("f", "a", exp).unwrap(), Consumed::Reused);
        assert_eq!(store.consume("f", "b", exp).unwrap(), Consumed::First);
        store.revoke_family("f").unwrap();
        assert!(store.is_revoked("f"));
        assert_eq!(
            store.consume("f", "c", exp).unwrap(),
            Consumed::FamilyRevoked
        );
        assert_eq!(store.consume("g", "a", exp).unwrap(), Consumed::First);
        store.prune(NumericDate::from_secs(100)).unwrap();
        // "g" had only an expired entry; the revoked "f" stays.
        assert_eq!(store.len(), 1);
        assert!(store.is_revoked("f"));
        store.forget_family("f").unwrap();
        assert!(store.is_empty());
    }
}
