//! What is revoked, and how long a revocation stays in force.

use alloc::string::String;

/// One revocation.
///
/// Keyed by the token's identity, never by its bytes: ECDSA signatures are
/// malleable, so one token has several valid encodings, and all of them
/// carry the same `(iss, jti)`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Revocation {
    /// One token: its issuer (`None` for tokens without `iss`), its `jti`
    /// and its `exp`, after which it could not verify anyway.
    Token {
        /// The token's `iss`.
        iss: Option<String>,
        /// The token's `jti`.
        jti: String,
        /// The token's `exp` (seconds since the Unix epoch).
        exp: i64,
    },
    /// Every token issued to `sub` by `iss` before `before` (`iat <
    /// before`), including ones the operator never saw: for a device that
    /// was stolen or reflashed. A token of that subject without `iat`
    /// cannot show that it is newer and is treated as revoked.
    Subject {
        /// The tokens' `iss`.
        iss: Option<String>,
        /// The tokens' `sub`.
        sub: String,
        /// Tokens issued strictly before this time are revoked.
        before: i64,
    },
}

impl Revocation {
    /// A revocation of one token.
    pub fn token(iss: Option<&str>, jti: &str, exp: i64) -> Self {
        Revocation::Token {
            iss: iss.map(String::from),
            jti: String::from(jti),
            exp,
        }
    }

    /// A revocation of everything issued to `sub` before `before`.
    pub fn subject(iss: Option<&str>, sub: &str, before: i64) -> Self {
        Revocation::Subject {
            iss: iss.map(String::from),
            sub: String::from(sub),
            before,
        }
    }

    /// The issuer the revocation is about.
    pub fn iss(&self) -> Option<&str> {
        match self {
            Revocation::Token { iss, .. } | Revocation::Subject { iss, .. } => iss.as_deref(),
        }
    }

    /// The time from which this entry can be dropped: no token it revokes
    /// can verify at or after it under `policy`.
    pub fn expires(&self, policy: &Policy) -> i64 {
        let leeway = i64::try_from(policy.max_leeway).unwrap_or(i64::MAX);
        let lifetime = i64::try_from(policy.max_token_lifetime).unwrap_or(i64::MAX);
        match self {
            Revocation::Token { exp, .. } => exp.saturating_add(leeway),
            Revocation::Subject { before, .. } => {
                before.saturating_add(lifetime).saturating_add(leeway)
            }
        }
    }
}

/// How long revocations stay in force and how many the list may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// The largest leeway any verifier consulting the list uses, in
    /// seconds: a token entry is dropped once `exp + max_leeway` has
    /// passed, since no verifier can accept the token after that.
    pub max_leeway: u64,
    /// The longest lifetime (`exp - iat`) of the tokens the issuer mints:
    /// a subject entry stays for `before + max_token_lifetime +
    /// max_leeway`, by when every token issued before `before` expired.
    pub max_token_lifetime: u64,
    /// The most entries the list holds. A new entry beyond it is refused
    /// with `StoreError::Full` (no live revocation is ever forgotten to
    /// make room), unless `evict_expired_when_full` frees room by dropping
    /// expired entries first.
    pub capacity: usize,
    /// When full, first drop the entries that are no longer in force.
    pub evict_expired_when_full: bool,
}

impl Policy {
    /// Room for `capacity` entries; leeway 60 s, token lifetime 1 day,
    /// expired entries evicted when full.
    pub const fn new(capacity: usize) -> Self {
        Policy {
            max_leeway: 60,
            max_token_lifetime: 86_400,
            capacity,
            evict_expired_when_full: true,
        }
    }

    /// Sets the largest leeway in use.
    pub const fn max_leeway(mut self, seconds: u64) -> Self {
        self.max_leeway = seconds;
        self
    }

    /// Sets the longest token lifetime in use.
    pub const fn max_token_lifetime(mut self, seconds: u64) -> Self {
        self.max_token_lifetime = seconds;
        self
    }

    /// Whether a full list drops expired entries to make room.
    pub const fn evict_expired_when_full(mut self, evict: bool) -> Self {
        self.evict_expired_when_full = evict;
        self
    }
}

impl Default for Policy {
    /// Room for a million entries (see [`Policy::new`]).
    fn default() -> Self {
        Policy::new(1_000_000)
    }
}

/// What `revoke` did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Added {
    /// A new entry.
    New,
    /// The entry was there already, at least as strong (events are
    /// idempotent): nothing changed.
    Present,
    /// The entry was there with an earlier expiry or cut-off; the later
    /// one is kept.
    Extended,
    /// The entry is no longer in force at the time given: nothing to keep.
    AlreadyExpired,
}
