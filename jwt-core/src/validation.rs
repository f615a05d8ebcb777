//! The claims policy: one setting per claim, with safe defaults.
//!
//! Design note: each claim has exactly one setting (required, must equal one
//! of, or ignored), so no combination of knobs silently disables a check.
//! Defaults: `exp` required, leeway 0, `nbf`/`iat` checked when present,
//! `aud` refused when present unless audiences are configured (RFC 7519
//! 4.1.3), `iss`/`sub`/`typ` not checked until configured, and once
//! configured required. The rejected alternative (jsonwebtoken's separate
//! "validate" and "required" switches per claim) lets a token without the
//! claim skip its check.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use crate::claims::ClaimsRef;
use crate::error::VerifyError;
use crate::json::Kind;

/// What to do with `aud`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum AudiencePolicy {
    /// Refuse any token that carries `aud` (RFC 7519 4.1.3: a recipient
    /// that does not identify itself with the audience must reject). The
    /// default.
    #[default]
    RejectIfPresent,
    /// Require `aud` and require it to name at least one of these.
    OneOf(Vec<String>),
    /// Do not look at `aud`. Only for verifiers that check it themselves.
    Ignore,
}

/// The validation policy for claims and `typ`.
///
/// ```
/// use jwt_core::Validation;
/// let policy = Validation::new()
///     .leeway(30)
///     .issuer("https://auth.example.com")
///     .audience("gateway-eu-1")
///     .typ("JWT");
/// # let _ = policy;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Validation {
    leeway: u64,
    exp_required: bool,
    nbf_required: bool,
    iat_required: bool,
    max_age: Option<u64>,
    issuers: Option<Vec<String>>,
    audience: AudiencePolicy,
    subject: Option<String>,
    typ: Option<String>,
    required: Vec<String>,
}

impl Default for Validation {
    fn default() -> Self {
        Self::new()
    }
}

impl Validation {
    /// The defaults: `exp` required, leeway 0, `aud` refused when present,
    /// nothing else required.
    pub fn new() -> Self {
        Validation {
            leeway: 0,
            exp_required: true,
            nbf_required: false,
            iat_required: false,
            max_age: None,
            issuers: None,
            audience: AudiencePolicy::RejectIfPresent,
            subject: None,
            typ: None,
            required: Vec::new(),
        }
    }

    /// Seconds of clock skew tolerated on `exp`, `nbf` and `iat`.
    pub fn leeway(mut self, seconds: u64) -> Self {
        self.leeway = seconds;
        self
    }

    /// Accepts tokens without `exp` (they are still checked when they have
    /// one). Long-lived tokens cannot be taken back except by revocation.
    pub fn allow_missing_exp(mut self) -> Self {
        self.exp_required = false;
        self
    }

    /// Requires `nbf`.
    pub fn require_nbf(mut self) -> Self {
        self.nbf_required = true;
        self
    }

    /// Requires `iat`.
    pub fn require_iat(mut self) -> Self {
        self.iat_required = true;
        self
    }

    /// Refuses tokens whose `iat` is more than `seconds` ago (plus leeway);
    /// implies `iat` is required.
    pub fn max_age(mut self, seconds: u64) -> Self {
        self.max_age = Some(seconds);
        self.iat_required = true;
        self
    }

    /// Adds an accepted issuer; once any is set, `iss` is required and must
    /// equal one of them.
    pub fn issuer(mut self, iss: impl Into<String>) -> Self {
        self.issuers.get_or_insert_with(Vec::new).push(iss.into());
        self
    }

    /// Adds an accepted audience; once any is set, `aud` is required and
    /// must name one of them.
    pub fn audience(mut self, aud: impl Into<String>) -> Self {
        match &mut self.audience {
            AudiencePolicy::OneOf(v) => v.push(aud.into()),
            other => *other = AudiencePolicy::OneOf(alloc::vec![aud.into()]),
        }
        self
    }

    /// Stops checking `aud` at all, overriding RFC 7519 4.1.3. Named so
    /// that it stands out in review.
    pub fn insecure_ignore_audience(mut self) -> Self {
        self.audience = AudiencePolicy::Ignore;
        self
    }

    /// Requires `sub` to equal `sub`.
    pub fn subject(mut self, sub: impl Into<String>) -> Self {
        self.subject = Some(sub.into());
        self
    }

    /// Requires the header's `typ` to equal `typ`, compared without regard
    /// to ASCII case and with an `application/` prefix ignored on either
    /// side (RFC 7515 4.1.9). Tokens without `typ` are then refused.
    pub fn typ(mut self, typ: impl Into<String>) -> Self {
        self.typ = Some(typ.into());
        self
    }

    /// Requires a (custom) claim to be present and not `null`.
    pub fn require(mut self, claim: impl Into<String>) -> Self {
        self.required.push(claim.into());
        self
    }

    /// The configured leeway in seconds.
    pub fn leeway_secs(&self) -> u64 {
        self.leeway
    }

    /// Checks `claims` and the header's `typ` against the policy at time
    /// `now` (seconds since the epoch).
    ///
    /// Order: `exp`, `nbf`, `iat`/max age, `typ`, `iss`, `aud`, `sub`,
    /// required claims; the first failure is returned.
    pub fn validate(
        &self,
        claims: &ClaimsRef<'_>,
        typ: Option<&str>,
        now: i64,
    ) -> Result<(), VerifyError> {
        let leeway = i64::try_from(self.leeway).unwrap_or(i64::MAX);
        match claims.exp() {
            // Invalid at or after exp + leeway.
            Some(exp) if now >= exp.as_secs().saturating_add(leeway) => {
                return Err(VerifyError::Expired);
            }
            None if self.exp_required => return Err(VerifyError::missing("exp")),
            _ => {}
        }
        match claims.nbf() {
            // Invalid before nbf - leeway.
            Some(nbf) if now < nbf.as_secs().saturating_sub(leeway) => {
                return Err(VerifyError::NotYetValid);
            }
            None if self.nbf_required => return Err(VerifyError::missing("nbf")),
            _ => {}
        }
        match claims.iat() {
            Some(iat) => {
                if iat.as_secs() > now.saturating_add(leeway) {
                    return Err(VerifyError::IssuedInFuture);
                }
                if let Some(max_age) = self.max_age {
                    let max_age = i64::try_from(max_age).unwrap_or(i64::MAX);
                    let limit = iat.as_secs().saturating_add(max_age).saturating_add(leeway);
                    if now > limit {
                        return Err(VerifyError::TooOld);
                    }
                }
            }
            None if self.iat_required => return Err(VerifyError::missing("iat")),
            None => {}
        }
        if let Some(want) = &self.typ {
            match typ {
                Some(have) if typ_eq(have, want) => {}
                _ => return Err(VerifyError::TypMismatch),
            }
        }
        if let Some(issuers) = &self.issuers {
            let iss = claims.iss_json().ok_or(VerifyError::missing("iss"))?;
            if !issuers.iter().any(|i| iss.eq_str(i)) {
                return Err(VerifyError::mismatch("iss"));
            }
        }
        match &self.audience {
            AudiencePolicy::RejectIfPresent => {
                if claims.aud().is_some() {
                    return Err(VerifyError::mismatch("aud"));
                }
            }
            AudiencePolicy::OneOf(accepted) => {
                let aud = claims.aud().ok_or(VerifyError::missing("aud"))?;
                if !accepted.iter().any(|a| aud.contains(a)) {
                    return Err(VerifyError::mismatch("aud"));
                }
            }
            AudiencePolicy::Ignore => {}
        }
        if let Some(sub) = &self.subject {
            let have = claims.sub_json().ok_or(VerifyError::missing("sub"))?;
            if !have.eq_str(sub) {
                return Err(VerifyError::mismatch("sub"));
            }
        }
        for name in &self.required {
            match claims.get(name) {
                Some(v) if crate::json::kind(v) != Kind::Null => {}
                _ => {
                    return Err(VerifyError::MissingClaim {
                        claim: Cow::Owned(name.clone()),
                    });
                }
            }
        }
        Ok(())
    }
}

fn strip_application(s: &str) -> &str {
    const PREFIX: &str = "application/";
    match s.get(..PREFIX.len()) {
        Some(p) if p.eq_ignore_ascii_case(PREFIX) => s.get(PREFIX.len()..).unwrap_or(s),
        _ => s,
    }
}

/// Compares two `typ` values per RFC 7515 4.1.9: ASCII case-insensitive,
/// with an optional `application/` prefix.
///
/// ```
/// use jwt_core::validation::typ_eq;
/// assert!(typ_eq("application/JWT", "jwt"));
/// assert!(typ_eq("iot-device+jwt", "Application/IoT-Device+JWT"));
/// assert!(!typ_eq("refresh+jwt", "jwt"));
/// ```
pub fn typ_eq(a: &str, b: &str) -> bool {
    strip_application(a).eq_ignore_ascii_case(strip_application(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_000_000;

    fn check(v: &Validation, claims: &str, typ: Option<&str>, now: i64) -> Result<(), VerifyError> {
        v.validate(&ClaimsRef::parse(claims).unwrap(), typ, now)
    }

    #[test]
    fn exp_boundaries_with_and_without_leeway() {
        let v = Validation::new();
        let c = alloc::format!("{{\"exp\":{NOW}}}");
        assert_eq!(
            check(&v, &c, None, NOW),
            Err(VerifyError::Expired),
            "exp exactly at now"
        );
        assert_eq!(check(&v, &c, None, NOW - 1), Ok(()));
        let v = Validation::new().leeway(60);
        assert_eq!(check(&v, &c, None, NOW + 59), Ok(()));
        assert_eq!(check(&v, &c, None, NOW + 60), Err(VerifyError::Expired));
        assert_eq!(
            check(&Validation::new(), "{}", None, NOW),
            Err(VerifyError::missing("exp"))
        );
        assert_eq!(
            check(&Validation::new().allow_missing_exp(), "{}", None, NOW),
            Ok(())
        );
    }

    #[test]
    fn nbf_and_iat() {
        let v = Validation::new().allow_missing_exp().leeway(10);
        let c = alloc::format!("{{\"nbf\":{NOW}}}");
        assert_eq!(check(&v, &c, None, NOW - 10), Ok(()));
        assert_eq!(check(&v, &c, None, NOW - 11), Err(VerifyError::NotYetValid));
        let c = alloc::format!("{{\"iat\":{NOW}}}");
        assert_eq!(check(&v, &c, None, NOW - 10), Ok(()));
        assert_eq!(
            check(&v, &c, None, NOW - 11),
            Err(VerifyError::IssuedInFuture)
        );
        let v = v.max_age(100);
        assert_eq!(check(&v, &c, None, NOW + 110), Ok(()));
        assert_eq!(check(&v, &c, None, NOW + 111), Err(VerifyError::TooOld));
        assert_eq!(check(&v, "{}", None, NOW), Err(VerifyError::missing("iat")));
    }

    #[test]
    fn extremes_do_not_overflow() {
        let v = Validation::new().leeway(u64::MAX).max_age(u64::MAX);
        let c = alloc::format!(
            "{{\"exp\":{},\"nbf\":{},\"iat\":{}}}",
            i64::MAX,
            i64::MIN,
            i64::MIN
        );
        assert_eq!(check(&v, &c, None, i64::MAX - 1), Ok(()));
        assert_eq!(check(&v, &c, None, i64::MIN), Ok(()));
        let v = Validation::new();
        let c = alloc::format!("{{\"exp\":{}}}", i64::MIN);
        assert_eq!(check(&v, &c, None, i64::MIN), Err(VerifyError::Expired));
    }

    #[test]
    fn audience_rules() {
        let c = r#"{"exp":9999999999,"aud":["a","b"]}"#;
        assert_eq!(
            check(&Validation::new(), c, None, NOW),
            Err(VerifyError::mismatch("aud"))
        );
        assert_eq!(
            check(&Validation::new().audience("b"), c, None, NOW),
            Ok(())
        );
        assert_eq!(
            check(&Validation::new().audience("c"), c, None, NOW),
            Err(VerifyError::mismatch("aud"))
        );
        assert_eq!(
            check(&Validation::new().insecure_ignore_audience(), c, None, NOW),
            Ok(())
        );
        assert_eq!(
            check(
                &Validation::new().audience("a"),
                r#"{"exp":9999999999}"#,
                None,
                NOW
            ),
            Err(VerifyError::missing("aud"))
        );
        assert_eq!(
            check(
                &Validation::new().audience("a"),
                r#"{"exp":9999999999,"aud":[]}"#,
                None,
                NOW
            ),
            Err(VerifyError::mismatch("aud"))
        );
    }

    #[test]
    fn iss_sub_typ_required_claims() {
        let c = r#"{"exp":9999999999,"iss":"auth","sub":"dev-1","scope":null,"lvl":3}"#;
        let v = Validation::new()
            .issuer("other")
            .issuer("auth")
            .subject("dev-1");
        assert_eq!(check(&v, c, None, NOW), Ok(()));
        assert_eq!(
            check(&Validation::new().issuer("x"), c, None, NOW),
            Err(VerifyError::mismatch("iss"))
        );
        assert_eq!(
            check(&Validation::new().subject("dev-2"), c, None, NOW),
            Err(VerifyError::mismatch("sub"))
        );
        assert_eq!(
            check(
                &Validation::new().issuer("x"),
                r#"{"exp":9999999999}"#,
                None,
                NOW
            ),
            Err(VerifyError::missing("iss"))
        );
        let v = Validation::new().typ("JWT");
        assert_eq!(check(&v, c, Some("application/jwt"), NOW), Ok(()));
        assert_eq!(
            check(&v, c, Some("refresh+jwt"), NOW),
            Err(VerifyError::TypMismatch)
        );
        assert_eq!(check(&v, c, None, NOW), Err(VerifyError::TypMismatch));
        assert_eq!(
            check(&Validation::new().require("lvl"), c, None, NOW),
            Ok(())
        );
        assert!(matches!(
            check(&Validation::new().require("scope"), c, None, NOW),
            Err(VerifyError::MissingClaim { .. })
        ));
        assert!(matches!(
            check(&Validation::new().require("nope"), c, None, NOW),
            Err(VerifyError::MissingClaim { .. })
        ));
    }
}
