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

use jwt_core::claims::ClaimsRef;
use jwt_core::json::{self, JsonStr};
use jwt_core::{Clock, FixedClock, NumericDate, RegisteredClaims};
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
/// `jwt-revoke`.
pub trait RefreshStore {
    /// Atomically marks `(family_id, jti)` used and says whether it was
    /// used before. `exp` is the token's expiry, after which the record
    /// may be pruned (an expired token fails verification anyway).
    ///
    /// # Errors
    /// [`IssueError::StoreUnavailable`] when the store cannot answer; no
    /// token is then issued.
    fn consume(
        &mut self,
        family_id: &str,
        jti: &str,
        exp: NumericDate,
    ) -> Result<Consumed, IssueError>;

    /// Revokes every refresh token of `family_id`, past and future.
    ///
    /// # Errors
    /// [`IssueError::StoreUnavailable`] when the store cannot record it.
    fn revoke_family(&mut self, family_id: &str) -> Result<(), IssueError>;
}

impl<S: RefreshStore + ?Sized> RefreshStore for &mut S {
    fn consume(
        &mut self,
        family_id: &str,
        jti: &str,
        exp: NumericDate,
    ) -> Result<Consumed, IssueError> {
        (**self).consume(family_id, jti, exp)
    }
    fn revoke_family(&mut self, family_id: &str) -> Result<(), IssueError> {
        (**self).revoke_family(family_id)
    }
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
#[derive(Clone, Debug, Default)]
pub struct MemoryRefreshStore {
    families: BTreeMap<String, Family>,
}

impl MemoryRefreshStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether `family_id` has been revoked.
    pub fn is_revoked(&self, family_id: &str) -> bool {
        self.families.get(family_id).is_some_and(|f| f.revoked)
    }

    /// Drops used ids whose token expired at or before `now`, and families
    /// left with none that are not revoked.
    pub fn prune(&mut self, now: NumericDate) {
        self.families.retain(|_, family| {
            family.used.retain(|_, exp| *exp > now);
            family.revoked || !family.used.is_empty()
        });
    }

    /// Forgets a family entirely (for example a revoked one whose tokens
    /// have all expired).
    pub fn forget_family(&mut self, family_id: &str) {
        self.families.remove(family_id);
    }

    /// How many families the store holds records for.
    pub fn len(&self) -> usize {
        self.families.len()
    }

    /// Whether the store holds no records.
    pub fn is_empty(&self) -> bool {
        self.families.is_empty()
    }
}

impl RefreshStore for MemoryRefreshStore {
    fn consume(
        &mut self,
        family_id: &str,
        jti: &str,
        exp: NumericDate,
    ) -> Result<Consumed, IssueError> {
        let family = self.families.entry(String::from(family_id)).or_default();
        if family.revoked {
            return Ok(Consumed::FamilyRevoked);
        }
        if family.used.contains_key(jti) {
            return Ok(Consumed::Reused);
        }
        family.used.insert(String::from(jti), exp);
        Ok(Consumed::First)
    }

    fn revoke_family(&mut self, family_id: &str) -> Result<(), IssueError> {
        let family = self.families.entry(String::from(family_id)).or_default();
        family.revoked = true;
        family.used.clear();
        Ok(())
    }
}

/// The claims of a refresh token that the caller verified (with jwt-verify,
/// `typ` [`REFRESH_TYP`], the refresh audience and the issuer), as
/// [`PairIssuer::refresh`] needs them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefreshClaims {
    /// `fid`: the family id.
    pub family_id: String,
    /// `jti`: this refresh token's id.
    pub jti: String,
    /// `sub`: whom the pair is for.
    pub sub: String,
    /// `exp`: when this refresh token expires.
    pub exp: NumericDate,
    /// `iss`: who issued it.
    pub iss: Option<String>,
}

impl RefreshClaims {
    /// From the registered claims of a verified token plus its `fid`.
    ///
    /// # Errors
    /// [`IssueError::MissingClaim`] without `jti`, `sub` or `exp`.
    pub fn from_registered(claims: &RegisteredClaims, family_id: &str) -> Result<Self, IssueError> {
        let missing = |name| IssueError::MissingClaim { name };
        Ok(RefreshClaims {
            family_id: String::from(family_id),
            jti: claims.jti.clone().ok_or(missing("jti"))?,
            sub: claims.sub.clone().ok_or(missing("sub"))?,
            exp: claims.exp.ok_or(missing("exp"))?,
            iss: claims.iss.clone(),
        })
    }

    /// From the payload JSON of a verified token (jwt-verify's
    /// `VerifiedToken::payload_json`).
    ///
    /// # Errors
    /// [`IssueError::Malformed`] for text that is not a strict JSON object
    /// or has registered claims of the wrong type,
    /// [`IssueError::MissingClaim`] without `fid`, `jti`, `sub` or `exp`.
    pub fn from_claims_json(claims_json: &str) -> Result<Self, IssueError> {
        json::check_object(claims_json, json::MAX_SUPPORTED_DEPTH).map_err(|_| {
            IssueError::Malformed {
                reason: "the refresh token's claims are not a strict JSON object",
            }
        })?;
        let claims = ClaimsRef::parse(claims_json).map_err(|_| IssueError::Malformed {
            reason: "a registered claim of the refresh token has the wrong type",
        })?;
        let fid = claims
            .get(FAMILY_ID_CLAIM)
            .ok_or(IssueError::MissingClaim { name: "fid" })?;
        let fid = JsonStr::from_value(fid).ok_or(IssueError::Malformed {
            reason: "the refresh token's fid is not a string",
        })?;
        Self::from_registered(&claims.to_owned(), &fid.to_cow())
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
/// # #[cfg(all(feature = "eddsa", feature = "std"))] {
/// use jwt_issue::{EdDsaSigningKey, FixedClock, MemoryRefreshStore, OsRng, PairIssuer, RefreshClaims};
/// let key = EdDsaSigningKey::generate_os()?;
/// let pairs = PairIssuer::new(300, 30 * 86_400).issuer("https://issuer.example");
/// let pair = pairs.issue_pair(&key, "device-17", &FixedClock(1_700_000_000), &mut OsRng)?;
///
/// // Later the device presents pair.refresh; verify it with jwt-verify
/// // (typ "refresh+jwt", aud "refresh", iss) and read its claims:
/// let presented = RefreshClaims {
///     family_id: pair.family_id.clone(),
///     jti: pair.refresh_jti.clone(),
///     sub: "device-17".into(),
///     exp: pair.refresh_exp,
///     iss: Some("https://issuer.example".into()),
/// };
/// let mut store = MemoryRefreshStore::new();
/// let next = pairs.refresh(&key, &presented, &mut store, &FixedClock(1_700_000_600), &mut OsRng)?;
/// assert_eq!(next.family_id, pair.family_id);
/// // Presenting the same refresh token again revokes the family.
/// assert_eq!(
///     pairs.refresh(&key, &presented, &mut store, &FixedClock(1_700_000_601), &mut OsRng),
///     Err(jwt_issue::IssueError::RefreshReuse)
/// );
/// # }
/// # Ok::<(), jwt_issue::IssueError>(())
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

    /// Redeems a verified refresh token: marks its `jti` used in `store`
    /// and mints a new pair in the same family. A refresh token presented
    /// a second time revokes its family and fails with
    /// [`IssueError::RefreshReuse`]; any token of a revoked family fails
    /// with [`IssueError::RefreshRevoked`].
    ///
    /// The caller must have verified the token's signature, `typ`
    /// ([`REFRESH_TYP`]), audience and issuer; this re-checks `exp` and
    /// `iss` against its own clock and configuration.
    ///
    /// # Errors
    /// [`IssueError::RefreshRejected`] for an expired token or another
    /// issuer, [`IssueError::RefreshReuse`], [`IssueError::RefreshRevoked`],
    /// the store's errors, and those of [`issue_pair`](Self::issue_pair).
    /// If minting fails after the store consumed the token, the token stays
    /// used and the client must authenticate afresh.
    pub fn refresh<K, S, C, R>(
        &self,
        key: &K,
        presented: &RefreshClaims,
        store: &mut S,
        clock: &C,
        rng: &mut R,
    ) -> Result<TokenPair, IssueError>
    where
        K: SigningKey + ?Sized,
        S: RefreshStore + ?Sized,
        C: Clock + ?Sized,
        R: TryCryptoRng + ?Sized,
    {
        let now = clock.now().ok_or(IssueError::ClockUnavailable)?;
        if presented.exp.as_secs() <= now {
            return Err(IssueError::RefreshRejected {
                reason: "the refresh token has expired",
            });
        }
        if let Some(issuer) = &self.issuer
            && presented.iss.as_deref() != Some(issuer.as_str())
        {
            return Err(IssueError::RefreshRejected {
                reason: "the refresh token was issued by another issuer",
            });
        }
        match store.consume(&presented.family_id, &presented.jti, presented.exp)? {
            Consumed::First => {
                self.mint(key, &presented.sub, presented.family_id.clone(), now, rng)
            }
            Consumed::Reused => {
                store.revoke_family(&presented.family_id)?;
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
        let mut store = MemoryRefreshStore::new();
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
        store.prune(NumericDate::from_secs(100));
        // "g" had only an expired entry; the revoked "f" stays.
        assert_eq!(store.len(), 1);
        assert!(store.is_revoked("f"));
        store.forget_family("f");
        assert!(store.is_empty());
    }

    #[test]
    fn refresh_claims_from_json() {
        let c = RefreshClaims::from_claims_json(
            r#"{"iss":"i","sub":"s","aud":"refresh","exp":10,"iat":1,"jti":"j","fid":"f"}"#,
        )
        .unwrap();
        assert_eq!(c.family_id, "f");
        assert_eq!(c.jti, "j");
        assert_eq!(c.sub, "s");
        assert_eq!(c.exp, NumericDate::from_secs(10));
        assert_eq!(c.iss.as_deref(), Some("i"));
        assert_eq!(
            RefreshClaims::from_claims_json(r#"{"sub":"s","exp":10,"jti":"j"}"#).unwrap_err(),
            IssueError::MissingClaim { name: "fid" }
        );
        assert_eq!(
            RefreshClaims::from_claims_json(r#"{"sub":"s","exp":10,"fid":"f"}"#).unwrap_err(),
            IssueError::MissingClaim { name: "jti" }
        );
        assert!(matches!(
            RefreshClaims::from_claims_json(r#"{"sub":"s","exp":"10","jti":"j","fid":"f"}"#),
            Err(IssueError::Malformed { .. })
        ));
    }
}
