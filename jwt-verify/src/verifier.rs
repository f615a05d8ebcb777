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

pub use jwt_core::VerifiedToken;
use jwt_core::token::MAX_SIGNATURE_LEN;
use jwt_core::{
    Algorithm, ClaimsRef, Clock, Header, Limits, NoRevocation, ParseOptions, RevocationCheck,
    UntrustedToken, Validation, VerifyError,
};

use crate::key::VerifyingKey;

/// Where a verifier finds the key for a token: one key, a key set, or a
/// source whose contents can be replaced while verifiers run
/// ([`SharedKeys`](crate::SharedKeys)).
///
/// Every implementation in this crate selects by the one rule of
/// [`select_key`](crate::key::select_key).
pub trait KeySource {
    /// The key type handed out.
    type Key: VerifyingKey + ?Sized;

    /// Selects the key for a token whose header names `alg` and `kid` and
    /// runs `f` with it. A source that swaps its keys at run time holds its
    /// snapshot for exactly the duration of `f`.
    ///
    /// Must return [`VerifyError::AlgorithmMismatch`] rather than hand `f`
    /// a key whose algorithm differs from `alg`.
    ///
    /// # Errors
    /// [`VerifyError::KeyNotFound`], [`VerifyError::AlgorithmMismatch`],
    /// [`VerifyError::AmbiguousKey`], [`VerifyError::KeyUnusable`], or
    /// whatever `f` returns.
    fn with_key<T>(
        &self,
        alg: Algorithm,
        kid: Option<&str>,
        f: impl FnOnce(&Self::Key) -> Result<T, VerifyError>,
    ) -> Result<T, VerifyError>;
}

/// A single key: the rule of [`select_key`](crate::key::select_key) over a
/// set of one (its algorithm must equal the header's, and if both the key
/// and the token have a `kid`, they must be equal).
impl<K: VerifyingKey> KeySource for K {
    type Key = K;

    #[inline]
    fn with_key<T>(
        &self,
        alg: Algorithm,
        kid: Option<&str>,
        f: impl FnOnce(&K) -> Result<T, VerifyError>,
    ) -> Result<T, VerifyError> {
        f(crate::key::select_key(
            core::slice::from_ref(self),
            alg,
            kid,
            false,
        )?)
    }
}

/// A shared key source (users cannot write this impl: orphan rule).
impl<S: KeySource + ?Sized> KeySource for alloc::sync::Arc<S> {
    type Key = S::Key;

    #[inline]
    fn with_key<T>(
        &self,
        alg: Algorithm,
        kid: Option<&str>,
        f: impl FnOnce(&S::Key) -> Result<T, VerifyError>,
    ) -> Result<T, VerifyError> {
        (**self).with_key(alg, kid, f)
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
/// assert_eq!(verified.claims().iss().as_deref(), Some("joe"));
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

#[cfg(feature = "os")]
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

    /// The clock.
    pub fn clock(&self) -> &C {
        &self.clock
    }

    /// The claims policy.
    pub fn validation(&self) -> &Validation {
        &self.validation
    }

    /// The parse options.
    pub fn parse_options(&self) -> &ParseOptions {
        &self.options
    }

    /// Parses and verifies a compact token, with the time from the
    /// verifier's clock.
    ///
    /// # Errors
    /// The first check that fails, as a [`VerifyError`]; its
    /// [`code`](VerifyError::code) is stable.
    pub fn verify(&self, token: &str) -> Result<VerifiedToken<'static>, VerifyError> {
        self.verify_owned(token, Now::Clock)
    }

    /// Parses and verifies a compact token at `now` (seconds since the
    /// Unix epoch) instead of the clock's time: for firmware and
    /// JavaScript callers that pass the time with each call. The verifier
    /// (its remembered header, its keys' tables) is reused as it is; only
    /// the time-based checks (`exp`, `nbf`, `iat`, maximum age) use `now`.
    ///
    /// ```
    /// use jwt_verify::{Hs256Key, Verifier, VerifyError};
    /// # use jwt_issue::{FixedClock, Hs256SigningKey, OsRng, TokenBuilder};
    /// # let secret = [7u8; 32];
    /// # let signing = Hs256SigningKey::new(&secret)?;
    /// # let token = TokenBuilder::new(&signing).subject("dev-7").ttl(600)
    /// #     .issue(&FixedClock(1_000), &mut OsRng)?;
    /// // The clock is never read when the time comes with the call.
    /// let verifier = Verifier::new(Hs256Key::new(&secret)?, || None);
    /// assert!(verifier.verify_at(&token, 1_500).is_ok());
    /// assert_eq!(verifier.verify_at(&token, 1_600).unwrap_err(), VerifyError::Expired);
    /// assert_eq!(verifier.verify(&token).unwrap_err(), VerifyError::ClockUnavailable);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`verify`](Self::verify), never
    /// [`VerifyError::ClockUnavailable`].
    pub fn verify_at(&self, token: &str, now: i64) -> Result<VerifiedToken<'static>, VerifyError> {
        self.verify_owned(token, Now::At(now))
    }

    fn verify_owned(&self, token: &str, now: Now) -> Result<VerifiedToken<'static>, VerifyError> {
        let untrusted = self.parse(token)?;
        self.check_signature(&untrusted)?;
        let (payload, index) = untrusted.decode_claims(&self.options.limits)?;
        self.check_claims(untrusted.header(), index.claims(&payload), now)?;
        self.remember(&untrusted);
        Ok(VerifiedToken::__from_verified(
            Cow::Owned(untrusted.into_header()),
            Cow::Owned(payload),
            index,
        ))
    }

    /// Verifies a token that was parsed earlier (e.g. to read its `kid`).
    /// The token must have been parsed with options at least as strict as
    /// this verifier's; its limits are not re-checked.
    ///
    /// # Errors
    /// As [`verify`](Self::verify).
    pub fn verify_untrusted(
        &self,
        untrusted: &UntrustedToken<'_>,
    ) -> Result<VerifiedToken<'static>, VerifyError> {
        self.check_signature(untrusted)?;
        let (payload, index) = untrusted.decode_claims(&self.options.limits)?;
        self.check_claims(untrusted.header(), index.claims(&payload), Now::Clock)?;
        Ok(VerifiedToken::__from_verified(
            Cow::Owned(untrusted.header().clone()),
            Cow::Owned(payload),
            index,
        ))
    }

    /// Parses and verifies a compact token, decoding the payload into
    /// `buf` instead of the heap. With a header of up to 128 bytes this
    /// path allocates nothing (strings with JSON escapes aside). The
    /// result may borrow the verifier's remembered header, so it lives no
    /// longer than the verifier.
    ///
    /// # Errors
    /// As [`verify`](Self::verify); a payload longer than `buf` is
    /// [`ParseError::TooLarge`](jwt_core::ParseError::TooLarge).
    pub fn verify_in<'b>(
        &'b self,
        token: &str,
        buf: &'b mut [u8],
    ) -> Result<VerifiedToken<'b>, VerifyError> {
        self.verify_borrowed(token, buf, Now::Clock)
    }

    /// [`verify_in`](Self::verify_in) at `now` instead of the clock's
    /// time, as [`verify_at`](Self::verify_at).
    ///
    /// # Errors
    /// As [`verify_in`](Self::verify_in), never
    /// [`VerifyError::ClockUnavailable`].
    pub fn verify_in_at<'b>(
        &'b self,
        token: &str,
        now: i64,
        buf: &'b mut [u8],
    ) -> Result<VerifiedToken<'b>, VerifyError> {
        self.verify_borrowed(token, buf, Now::At(now))
    }

    fn verify_borrowed<'b>(
        &'b self,
        token: &str,
        buf: &'b mut [u8],
        now: Now,
    ) -> Result<VerifiedToken<'b>, VerifyError> {
        let untrusted = self.parse(token)?;
        self.check_signature(&untrusted)?;
        let (payload, index) = untrusted.decode_claims_into(&self.options.limits, buf)?;
        self.check_claims(untrusted.header(), index.claims(payload), now)?;
        self.remember(&untrusted);
        let header = match self.remembered() {
            Some(memo) if untrusted.header_is_remembered() => Cow::Borrowed(memo.header()),
            _ => Cow::Owned(untrusted.into_header()),
        };
        Ok(VerifiedToken::__from_verified(
            header,
            Cow::Borrowed(payload),
            index,
        ))
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
        self.keys.with_key(alg, kid.as_deref(), |key| {
            // Belt and braces: a key source must never hand out a key of
            // another algorithm.
            if key.algorithm() != alg {
                return Err(VerifyError::AlgorithmMismatch);
            }
            // Signatures up to ES512's 132 bytes (HMAC, ECDSA, EdDSA) use
            // a small buffer; only RSA needs (and zeroes) the big one. Two
            // branches rather than one buffer chosen at run time: each
            // buffer then lives in its branch only and they share a stack
            // slot (the run-time choice cost an HS256 verification 136
            // bytes of stack on the Cortex-M4, measured).
            if untrusted.signature_b64().len() <= SMALL_SIGNATURE_B64 {
                let mut buf = [0u8; SMALL_SIGNATURE];
                let signature = untrusted.decode_signature(&mut buf)?;
                key.verify_signature(untrusted.signing_input(), signature)
            } else {
                let mut buf = [0u8; MAX_SIGNATURE_LEN];
                let signature = untrusted.decode_signature(&mut buf)?;
                key.verify_signature(untrusted.signing_input(), signature)
            }
        })
    }

    fn check_claims(
        &self,
        header: &Header,
        claims: ClaimsRef<'_>,
        now: Now,
    ) -> Result<(), VerifyError> {
        let now = match now {
            Now::At(now) => now,
            Now::Clock => self.clock.now().ok_or(VerifyError::ClockUnavailable)?,
        };
        self.validation
            .validate(&claims, header.typ().as_deref(), now)?;
        if let Some(revocation) = &self.revocation {
            if claims.jti_json().is_none() {
                return Err(VerifyError::MissingClaim {
                    claim: Cow::Borrowed("jti"),
                });
            }
            match revocation.is_revoked(&claims) {
                Ok(false) => {}
                Ok(true) => return Err(VerifyError::Revoked),
                Err(_) => return Err(VerifyError::RevocationUnavailable),
            }
        }
        Ok(())
    }
}

/// Where the time for one verification comes from.
#[derive(Clone, Copy)]
enum Now {
    /// The verifier's clock, read only once the signature verified.
    Clock,
    /// The caller's time.
    At(i64),
}

/// The small signature buffer: ES512's 132 bytes, the longest signature
/// but RSA's.
const SMALL_SIGNATURE: usize = 132;

/// Base64url length of [`SMALL_SIGNATURE`] bytes.
const SMALL_SIGNATURE_B64: usize = jwt_core::b64::encoded_len(SMALL_SIGNATURE);
