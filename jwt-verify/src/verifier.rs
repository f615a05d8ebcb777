//! The verifier: untrusted token in, verified token out.
//!
//! Design note: a [`Verifier`] is built once from a key source, a clock, a
//! [`Validation`] policy and parse options, and is immutable afterwards, so
//! it can be shared between threads or tasks. Verification runs in a fixed
//! order: parse (limits first) -> select the key by `kid` and compare the
//! header's `alg` with the key's -> check the signature -> only then decode
//! and validate the claims -> consult revocation. The claims of a token are
//! reachable only through the [`VerifiedToken`] this returns. The rejected
//! alternative, a free `decode(token, key, validation)` function returning
//! claims, makes it easy to pass a validation with checks turned off and
//! gives no place to hang an immutable, shareable configuration.

use alloc::borrow::Cow;
use alloc::vec::Vec;

use jwt_core::token::MAX_SIGNATURE_LEN;
use jwt_core::{
    Algorithm, Claims, ClaimsIndex, ClaimsRef, Clock, Header, Limits, NoRevocation, ParseOptions,
    RevocationCheck, UntrustedToken, Validation, VerifyError,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::key::VerifyingKey;

/// Where a verifier finds the key for a token: one key, or a key set.
pub trait KeySource {
    /// The key type handed out.
    type Key: VerifyingKey + ?Sized;

    /// The key for a token whose header names `alg` and `kid`.
    ///
    /// Must return [`VerifyError::AlgorithmMismatch`] rather than a key
    /// whose algorithm differs from `alg`.
    fn select(&self, alg: Algorithm, kid: Option<&str>) -> Result<&Self::Key, VerifyError>;
}

/// A single key: its algorithm must equal the header's, and if both the key
/// and the token have a `kid`, they must be equal.
impl<K: VerifyingKey> KeySource for K {
    type Key = K;

    fn select(&self, alg: Algorithm, kid: Option<&str>) -> Result<&K, VerifyError> {
        if let (Some(mine), Some(theirs)) = (self.kid(), kid)
            && mine != theirs
        {
            return Err(VerifyError::KeyNotFound);
        }
        if self.algorithm() != alg {
            return Err(VerifyError::AlgorithmMismatch);
        }
        Ok(self)
    }
}

/// Verifies tokens against a key source, a clock and a policy.
///
/// ```
/// use jwt_verify::{Verifier, Hs256Key, Validation, FixedClock, VerifyError};
///
/// // RFC 7515 appendix A.1 (HS256), verified at a time before its `exp`.
/// let key = Hs256Key::from_jwk_json(r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#)?;
/// let verifier = Verifier::new(key, FixedClock(1_300_819_379)).with_validation(Validation::new());
/// let token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
/// let verified = verifier.verify(token)?;
/// assert_eq!(verified.claims().iss.unwrap().as_str(), Some("joe"));
///
/// // One second later it has expired (RFC 7519: invalid at or after exp).
/// let later = Verifier::new(verifier.keys(), FixedClock(1_300_819_380));
/// assert_eq!(later.verify(token).unwrap_err(), VerifyError::Expired);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Verifier<K, C, R = NoRevocation> {
    keys: K,
    clock: C,
    validation: Validation,
    options: ParseOptions,
    revocation: Option<R>,
    /// The header of the first token that passed every check, parsed once
    /// and reused for later tokens whose header segment is byte-for-byte
    /// the same (a gateway sees one issuer's identical headers all day).
    /// Set once, only by a fully verified token, so forged tokens cannot
    /// displace it; parsing is a pure function of the segment and the
    /// options, so reuse changes no result. Needs `std` (`OnceLock`).
    #[cfg(feature = "std")]
    memo: std::sync::OnceLock<jwt_core::token::HeaderMemo>,
}

#[cfg(feature = "std")]
impl<K: KeySource> Verifier<K, jwt_core::SystemClock> {
    /// A verifier that reads the operating system's clock.
    pub fn with_system_clock(keys: K) -> Self {
        Verifier::new(keys, jwt_core::SystemClock)
    }
}

impl<K: KeySource, C: Clock> Verifier<K, C> {
    /// A verifier with the default [`Validation`] and [`ParseOptions`] and
    /// no revocation check.
    pub fn new(keys: K, clock: C) -> Self {
        Verifier {
            keys,
            clock,
            validation: Validation::new(),
            options: ParseOptions::default(),
            revocation: None,
            #[cfg(feature = "std")]
            memo: std::sync::OnceLock::new(),
        }
    }
}

impl<K: KeySource, C: Clock, R: RevocationCheck> Verifier<K, C, R> {
    /// Replaces the claims policy.
    pub fn with_validation(mut self, validation: Validation) -> Self {
        self.validation = validation;
        self
    }

    /// Replaces the parse options (limits, understood `crit` extensions).
    pub fn with_parse_options(mut self, options: ParseOptions) -> Self {
        self.options = options;
        self.forget_header();
        self
    }

    /// Replaces the limits only.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.options.limits = limits;
        self.forget_header();
        self
    }

    fn forget_header(&mut self) {
        #[cfg(feature = "std")]
        {
            self.memo = std::sync::OnceLock::new();
        }
    }

    /// Splits and checks `token`, reusing the remembered header when the
    /// token's header segment is the same.
    fn parse<'t>(&'t self, token: &'t str) -> Result<UntrustedToken<'t>, VerifyError> {
        Ok(UntrustedToken::parse_with_memo(
            token,
            &self.options,
            self.remembered(),
        )?)
    }

    /// Remembers the header of a token that passed every check, if none
    /// is remembered yet.
    fn remember(&self, untrusted: &UntrustedToken<'_>) {
        #[cfg(feature = "std")]
        if self.memo.get().is_none()
            && let Ok(memo) = jwt_core::token::HeaderMemo::new(untrusted, &self.options)
        {
            let _ = self.memo.set(memo);
        }
        #[cfg(not(feature = "std"))]
        let _ = untrusted;
    }

    /// Adds a revocation check, consulted after every other check passed.
    /// With it, tokens without `jti` are refused (fail closed).
    pub fn with_revocation<R2: RevocationCheck>(self, revocation: R2) -> Verifier<K, C, R2> {
        Verifier {
            keys: self.keys,
            clock: self.clock,
            validation: self.validation,
            options: self.options,
            revocation: Some(revocation),
            #[cfg(feature = "std")]
            memo: self.memo,
        }
    }

    /// The key source.
    pub fn keys(&self) -> &K {
        &self.keys
    }

    /// The claims policy.
    pub fn validation(&self) -> &Validation {
        &self.validation
    }

    /// The parse options.
    pub fn parse_options(&self) -> &ParseOptions {
        &self.options
    }

    /// Parses and verifies a compact token.
    pub fn verify(&self, token: &str) -> Result<VerifiedToken<'static>, VerifyError> {
        let untrusted = self.parse(token)?;
        self.check_signature(&untrusted)?;
        let (payload, index) = untrusted.decode_claims(&self.options.limits)?;
        self.check_claims(untrusted.header(), index.claims(&payload))?;
        self.remember(&untrusted);
        Ok(VerifiedToken {
            header: Cow::Owned(untrusted.into_header()),
            payload: Cow::Owned(payload),
            index,
        })
    }

    /// Verifies a token that was parsed earlier (e.g. to read its `kid`).
    /// The token must have been parsed with options at least as strict as
    /// this verifier's; its limits are not re-checked.
    pub fn verify_untrusted(
        &self,
        untrusted: &UntrustedToken<'_>,
    ) -> Result<VerifiedToken<'static>, VerifyError> {
        self.check_signature(untrusted)?;
        let (payload, index) = untrusted.decode_claims(&self.options.limits)?;
        self.check_claims(untrusted.header(), index.claims(&payload))?;
        Ok(VerifiedToken {
            header: Cow::Owned(untrusted.header().clone()),
            payload: Cow::Owned(payload),
            index,
        })
    }

    /// Parses and verifies a compact token, decoding the payload into
    /// `buf` instead of the heap. With a header of up to 128 bytes this
    /// path allocates nothing (strings with JSON escapes aside). The
    /// result may borrow the verifier's remembered header, so it lives no
    /// longer than the verifier.
    pub fn verify_in<'b>(
        &'b self,
        token: &str,
        buf: &'b mut [u8],
    ) -> Result<VerifiedToken<'b>, VerifyError> {
        let untrusted = self.parse(token)?;
        self.check_signature(&untrusted)?;
        let (payload, index) = untrusted.decode_claims_into(&self.options.limits, buf)?;
        self.check_claims(untrusted.header(), index.claims(payload))?;
        self.remember(&untrusted);
        Ok(VerifiedToken {
            header: match self.remembered() {
                Some(memo) if untrusted.header_is_remembered() => Cow::Borrowed(memo.header()),
                _ => Cow::Owned(untrusted.into_header()),
            },
            payload: Cow::Borrowed(payload),
            index,
        })
    }

    /// The remembered header, if any.
    fn remembered(&self) -> Option<&jwt_core::token::HeaderMemo> {
        #[cfg(feature = "std")]
        return self.memo.get();
        #[cfg(not(feature = "std"))]
        None
    }

    /// Verifies only the JWS layer (key selection and signature) and
    /// returns the header and the raw payload bytes, which need not be a
    /// JWT claims set. No claim, time or revocation check runs: use this
    /// for signed non-JWT content such as RFC 8037's examples, never for
    /// tokens that carry claims.
    pub fn verify_jws(&self, token: &str) -> Result<(Header, Vec<u8>), VerifyError> {
        let untrusted = self.parse(token)?;
        self.check_signature(&untrusted)?;
        let payload = jwt_core::b64::decode(untrusted.payload_b64(), jwt_core::Part::Payload)?;
        Ok((untrusted.into_header(), payload))
    }

    fn check_signature(&self, untrusted: &UntrustedToken<'_>) -> Result<(), VerifyError> {
        let header = untrusted.header();
        let alg = header.algorithm();
        let kid = header.kid();
        let key = self.keys.select(alg, kid.as_deref())?;
        // Belt and braces: a key source must never hand out a key of
        // another algorithm.
        if key.algorithm() != alg {
            return Err(VerifyError::AlgorithmMismatch);
        }
        // Signatures up to ES512's 132 bytes (HMAC, ECDSA, EdDSA) use a
        // small buffer; only RSA needs the big one.
        if untrusted.signature_b64().len() <= SMALL_SIGNATURE_B64 {
            let mut buf = [0u8; SMALL_SIGNATURE];
            let signature = untrusted.decode_signature(&mut buf)?;
            key.verify_signature(untrusted.signing_input(), signature)
        } else {
            let mut buf = [0u8; MAX_SIGNATURE_LEN];
            let signature = untrusted.decode_signature(&mut buf)?;
            key.verify_signature(untrusted.signing_input(), signature)
        }
    }

    fn check_claims(&self, header: &Header, claims: ClaimsRef<'_>) -> Result<(), VerifyError> {
        let now = self.clock.now().ok_or(VerifyError::ClockUnavailable)?;
        self.validation
            .validate(&claims, header.typ().as_deref(), now)?;
        if let Some(revocation) = &self.revocation {
            let jti = claims.jti.ok_or(VerifyError::MissingClaim {
                claim: Cow::Borrowed("jti"),
            })?;
            let iss = claims.iss.map(|s| s.to_cow());
            match revocation.is_revoked(iss.as_deref(), &jti.to_cow()) {
                Ok(false) => {}
                Ok(true) => return Err(VerifyError::Revoked),
                Err(_) => return Err(VerifyError::RevocationUnavailable),
            }
        }
        Ok(())
    }
}

/// The small signature buffer: ES512's 132 bytes, the longest signature
/// but RSA's.
const SMALL_SIGNATURE: usize = 132;
/// Base64url length of [`SMALL_SIGNATURE`] bytes.
const SMALL_SIGNATURE_B64: usize = jwt_core::b64::encoded_len(SMALL_SIGNATURE);

/// A token whose signature verified and whose claims passed the policy.
/// The only place claims can be read from (outside `dangerous`).
#[derive(Clone, Debug)]
pub struct VerifiedToken<'p> {
    /// Borrowed from the verifier's remembered header by `verify_in`.
    header: Cow<'p, Header>,
    payload: Cow<'p, str>,
    /// Where the registered claims sit in `payload`, read during
    /// verification, so [`VerifiedToken::claims`] does not parse again.
    index: ClaimsIndex,
}

impl<'p> VerifiedToken<'p> {
    /// The header (integrity-protected, now trusted).
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The registered claims, borrowed from the payload.
    pub fn claims(&self) -> ClaimsRef<'_> {
        self.index.claims(&self.payload)
    }

    /// The payload JSON text.
    pub fn payload_json(&self) -> &str {
        &self.payload
    }

    /// Deserialises the claims into the caller's type, which may borrow
    /// from the payload.
    pub fn custom<'de, T: Deserialize<'de>>(&'de self) -> Result<T, VerifyError> {
        serde_json::from_str(&self.payload).map_err(|_| VerifyError::ClaimsType)
    }

    /// The registered claims, owned, and the caller's claims.
    pub fn into_claims<T: DeserializeOwned>(self) -> Result<Claims<T>, VerifyError> {
        let registered = self.claims().to_owned();
        let custom = serde_json::from_str(&self.payload).map_err(|_| VerifyError::ClaimsType)?;
        Ok(Claims { registered, custom })
    }
}
