//! Revocation events: how an issuer tells every verifier what it revoked.
//!
//! An event is a JWT signed by the issuer, with its own `typ`
//! ([`EVENT_TYP`]) so it can never pass for an access token or be taken
//! for one, carrying:
//!
//! ```json
//! {"iss": "https://auth.example.com", "aud": "jwt-revocation-events",
//!  "iat": 1700000000, "jti": "<event id>",
//!  "exp": <when the revocation stops mattering>,
//!  "revoke": {"jti": "<revoked token's jti>", "exp": <its exp>}}
//! ```
//!
//! or `"revoke": {"sub": "device-7", "before": 1700000000}` for everything
//! issued to a subject before a time. A verifier applies an event only if
//! it verifies with the issuer's key, `typ`, `aud` ([`EVENT_AUDIENCE`])
//! and `iss` ([`EventVerifier`]),
//! so a client that can merely publish to the broker can neither forge one
//! nor make one about another issuer's tokens; replaying an old event is
//! harmless (revocations are idempotent, and an event is refused once its
//! `exp` has passed). The event's `exp` is when no token it names can
//! verify any more: the revoked token's `exp`, or `before` plus the
//! longest token lifetime (with the policy's leeway).
//!
//! The seed's scheme, a bare `jti` as the whole message, is accepted only
//! when the operator turns it on ([`EventVerifier::accept_bare_jti`]).
//! What it costs: anyone who can publish on the topic can revoke any
//! token of the fleet (a denial of service; acceptance can never be
//! forged that way), and without an `exp` the entry is kept for the
//! longest token lifetime.

use alloc::string::String;

use jwt_core::{Clock, StoreError, Validation, VerifyError};
use jwt_issue::{IssueError, SigningKey, TokenBuilder, TryCryptoRng};
use jwt_verify::{KeySource, Verifier};
use serde_json::Value;

use crate::entry::{Policy, Revocation};

/// The `typ` of revocation events.
pub const EVENT_TYP: &str = "revocation+jwt";

/// The claim holding what is revoked.
pub const EVENT_CLAIM: &str = "revoke";

/// The `aud` of revocation events. With it, a verifier of access tokens
/// that checks neither `typ` nor a specific audience still refuses an
/// event (a token with an `aud` is refused unless audiences are
/// configured), as refresh tokens are kept out by theirs.
pub const EVENT_AUDIENCE: &str = "jwt-revocation-events";

/// Why an event could not be made or applied.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EventError {
    /// The event does not verify (signature, `typ`, `iss`, `exp`...).
    #[error("revocation event refused: {0}")]
    Verify(#[from] VerifyError),
    /// The event verified but its `revoke` claim is not a revocation.
    #[error("revocation event malformed: {reason}")]
    Malformed {
        /// What is wrong.
        reason: &'static str,
    },
    /// A bare `jti` message arrived, and bare ids are not accepted.
    #[error("a bare jti is not a signed revocation event (accepting them must be turned on)")]
    Unsigned,
    /// The revocation is no longer in force: there is nothing to announce.
    #[error("the revocation is no longer in force")]
    NotInForce,
    /// The revocation has no issuer; events are always an issuer's.
    #[error("a revocation event needs the issuer (iss) of the revoked tokens")]
    NoIssuer,
    /// Signing the event failed.
    #[error(transparent)]
    Issue(#[from] IssueError),
    /// The store refused the revocation.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl EventError {
    const fn code_number(&self) -> (&'static str, u16) {
        match self {
            EventError::Verify(e) => (e.code(), e.number()),
            EventError::Issue(e) => (e.code(), e.number()),
            EventError::Store(e) => (e.code(), e.number()),
            EventError::Malformed { .. } => ("event_malformed", 5201),
            EventError::Unsigned => ("event_unsigned", 5202),
            EventError::NotInForce => ("event_not_in_force", 5203),
            EventError::NoIssuer => ("event_no_issuer", 5204),
        }
    }
}

jwt_core::error_code_methods!(EventError);

/// Signs a revocation event for `revocation` with the issuer's `key`.
/// The event expires when the revocation stops mattering under `policy`.
///
/// # Errors
/// [`EventError::NoIssuer`] for a revocation without `iss`,
/// [`EventError::NotInForce`] when it has already lapsed at the clock's
/// time, [`EventError::Issue`] when signing fails.
pub fn sign_event<K, C, R>(
    key: &K,
    revocation: &Revocation,
    policy: &Policy,
    clock: &C,
    rng: &mut R,
) -> Result<String, EventError>
where
    K: SigningKey + ?Sized,
    C: Clock + ?Sized,
    R: TryCryptoRng + ?Sized,
{
    let iss = revocation.iss().ok_or(EventError::NoIssuer)?;
    let now = clock.now().ok_or(IssueError::ClockUnavailable)?;
    let ttl = revocation.expires(policy).saturating_sub(now);
    let ttl = u64::try_from(ttl)
        .ok()
        .filter(|t| *t > 0)
        .ok_or(EventError::NotInForce)?;
    let body = match revocation {
        Revocation::Token { jti, exp, .. } => serde_json::json!({ "jti": jti, "exp": exp }),
        Revocation::Subject { sub, before, .. } => {
            serde_json::json!({ "sub": sub, "before": before })
        }
    };
    let token = TokenBuilder::new(key)
        .typ(EVENT_TYP)
        .issuer(iss)
        .audience(EVENT_AUDIENCE)
        .ttl(ttl)
        .claim(EVENT_CLAIM, &body)?
        .issue(clock, rng)?;
    Ok(token)
}

/// Verifies revocation events of one issuer and turns them into
/// [`Revocation`]s, which the caller applies to its store.
///
/// ```
/// use jwt_issue::{Es256SigningKey, FixedClock, OsRng};
/// use jwt_revoke::{EventVerifier, Policy, Revocation, sign_event};
/// use jwt_verify::Es256VerifyingKey;
///
/// let issuer = "https://auth.example.com";
/// let key = Es256SigningKey::generate_os()?;
/// let now = 1_700_000_000;
/// let revocation = Revocation::token(Some(issuer), "t-1", now + 600);
/// let event = sign_event(&key, &revocation, &Policy::default(), &FixedClock(now), &mut OsRng)?;
///
/// let public = Es256VerifyingKey::from_public_key_pem(&key.public_key_pem()?)?;
/// let events = EventVerifier::new(public, FixedClock(now + 5), issuer);
/// assert_eq!(events.verify(&event)?, revocation);
/// // Anything else on the topic is refused.
/// assert!(events.verify("t-1").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct EventVerifier<K, C> {
    verifier: Verifier<K, C>,
    issuer: String,
    bare: Option<Policy>,
}

impl<K: KeySource, C: Clock> EventVerifier<K, C> {
    /// Events signed by `keys` for `issuer` (`typ` [`EVENT_TYP`], `aud`
    /// [`EVENT_AUDIENCE`], `iss` exactly `issuer`, `exp` required),
    /// checked at `clock`'s time.
    pub fn new(keys: K, clock: C, issuer: &str) -> Self {
        let verifier = Verifier::new(keys, clock).with_validation(
            Validation::new()
                .typ(EVENT_TYP)
                .issuer(issuer)
                .audience(EVENT_AUDIENCE)
                .require(EVENT_CLAIM),
        );
        EventVerifier {
            verifier,
            issuer: String::from(issuer),
            bare: None,
        }
    }

    /// Also accepts a bare `jti` as a whole message (the seed's unsigned
    /// scheme): it revokes the issuer's token with that `jti` for the
    /// longest token lifetime of `policy`. Anyone who can publish can then
    /// revoke any token; see the module documentation.
    pub fn accept_bare_jti(mut self, policy: Policy) -> Self {
        self.bare = Some(policy);
        self
    }

    /// The revocation an event announces, at the clock's time.
    ///
    /// # Errors
    /// [`EventError::Verify`] for an event that does not verify,
    /// [`EventError::Malformed`] for a `revoke` claim that is not one,
    /// [`EventError::Unsigned`] for a bare `jti` when those are not
    /// accepted.
    pub fn verify(&self, message: &str) -> Result<Revocation, EventError> {
        self.verify_with(message, None)
    }

    /// [`verify`](Self::verify) at `now`.
    ///
    /// # Errors
    /// As [`verify`](Self::verify).
    pub fn verify_at(&self, message: &str, now: i64) -> Result<Revocation, EventError> {
        self.verify_with(message, Some(now))
    }

    fn verify_with(&self, message: &str, now: Option<i64>) -> Result<Revocation, EventError> {
        let message = message.trim();
        if !message.contains('.') {
            return self.bare_jti(message, now);
        }
        let verified = match now {
            Some(now) => self.verifier.verify_at(message, now)?,
            None => self.verifier.verify(message)?,
        };
        let claims = verified.claims();
        let raw = claims.get(EVENT_CLAIM).ok_or(EventError::Malformed {
            reason: "no revoke claim",
        })?;
        let body: Value = serde_json::from_str(raw).map_err(|_| EventError::Malformed {
            reason: "the revoke claim is not JSON",
        })?;
        let object = body.as_object().ok_or(EventError::Malformed {
            reason: "the revoke claim is not an object",
        })?;
        let string = |name: &str| object.get(name).and_then(Value::as_str);
        let number = |name: &str| object.get(name).and_then(Value::as_i64);
        let iss = Some(self.issuer.clone());
        let revocation = match (string("jti"), string("sub")) {
            (Some(jti), None) if object.len() == 2 => Revocation::Token {
                iss,
                jti: String::from(jti),
                exp: number("exp").ok_or(EventError::Malformed {
                    reason: "revoke.exp is missing or not an integer",
                })?,
            },
            (None, Some(sub)) if object.len() == 2 => Revocation::Subject {
                iss,
                sub: String::from(sub),
                before: number("before").ok_or(EventError::Malformed {
                    reason: "revoke.before is missing or not an integer",
                })?,
            },
            _ => {
                return Err(EventError::Malformed {
                    reason: "revoke must hold exactly jti and exp, or sub and before",
                });
            }
        };
        Ok(revocation)
    }

    fn bare_jti(&self, message: &str, now: Option<i64>) -> Result<Revocation, EventError> {
        let policy = self.bare.as_ref().ok_or(EventError::Unsigned)?;
        let plausible = !message.is_empty()
            && message.len() <= 255
            && message.bytes().all(|b| b.is_ascii_graphic());
        if !plausible {
            return Err(EventError::Malformed {
                reason: "a bare jti must be 1 to 255 printable ASCII characters",
            });
        }
        let now = match now {
            Some(now) => now,
            None => self.verifier_now().ok_or(VerifyError::ClockUnavailable)?,
        };
        let lifetime = i64::try_from(policy.max_token_lifetime).unwrap_or(i64::MAX);
        Ok(Revocation::Token {
            iss: Some(self.issuer.clone()),
            jti: String::from(message),
            exp: now.saturating_add(lifetime),
        })
    }

    fn verifier_now(&self) -> Option<i64> {
        self.verifier.clock().now()
    }

    /// Whether bare `jti` messages are accepted
    /// ([`accept_bare_jti`](Self::accept_bare_jti)).
    pub fn accepts_bare_jti(&self) -> bool {
        self.bare.is_some()
    }

    /// The issuer events must name.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }
}
