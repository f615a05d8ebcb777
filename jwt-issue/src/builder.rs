//! The token builder and the raw compact signer.
//!
//! Design note: the header is not a settable value: it is exactly
//! `{"alg":ALG,"typ":TYP}` plus `"kid"` when the key has one, with `alg`
//! taken from the key. Time comes from an injected [`Clock`] and `jti` from
//! an injected RNG; `exp` is mandatory unless the caller says
//! [`no_expiry`](TokenBuilder::no_expiry) in so many words. Custom claims
//! are serialised with serde once, when they are added, checked with
//! [`jwt_core::json::check_object`] and kept as JSON text; a custom claim
//! named like a registered one is an error rather than a silent overwrite
//! (or, worse, a duplicate member that verifiers resolve differently).
//! Issuing writes header and claims straight into the token's base64url
//! (see `encode.rs`). The rejected alternative, a `Header` struct and a
//! claims `serde_json::Value` the caller fills in, is how tokens end up
//! with `alg` from configuration and without `exp`.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use jwt_core::claims::REGISTERED_CLAIMS;
use jwt_core::json::{self, JsonError, JsonStr, Members};
use jwt_core::{Clock, Limits, NumericDate, b64};
use rand_core::TryCryptoRng;
use serde::Serialize;

use crate::encode::{JsonBuf, Sink, json_i64, json_member, json_name, json_str};
use crate::error::IssueError;
use crate::key::SigningKey;

/// The default `typ` header value (RFC 7519 5.1).
pub const DEFAULT_TYP: &str = "JWT";

/// Deepest nesting accepted in custom claims, counting the claims object
/// as 1: jwt-verify's default limit, so every token this builder issues
/// passes a default verifier's depth check.
const MAX_CLAIMS_DEPTH: usize = 16;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expiry {
    Unset,
    Ttl(u64),
    Never,
}

/// Builds and signs one kind of token; reusable for many tokens (each
/// `issue` reads the clock and, unless a `jti` was set, draws a fresh one).
///
/// ```
/// # #[cfg(feature = "hmac")] {
/// use jwt_issue::{FixedClock, Hs256SigningKey, TokenBuilder};
/// # use core::convert::Infallible;
/// # use jwt_issue::{TryCryptoRng, TryRng};
/// # /// Not random at all: for a reproducible example only.
/// # struct Fixed(u8);
/// # impl TryRng for Fixed {
/// #     type Error = Infallible;
/// #     fn try_next_u32(&mut self) -> Result<u32, Infallible> { Ok(0) }
/// #     fn try_next_u64(&mut self) -> Result<u64, Infallible> { Ok(0) }
/// #     fn try_fill_bytes(&mut self, d: &mut [u8]) -> Result<(), Infallible> { d.fill(self.0); Ok(()) }
/// # }
/// # impl TryCryptoRng for Fixed {}
/// # let mut rng = Fixed(0xab); // a real device passes its TRNG here
/// let key = Hs256SigningKey::new(&[42; 32])?.without_kid();
/// let token = TokenBuilder::new(&key)
///     .issuer("https://issuer.example")
///     .subject("device-17")
///     .audience("telemetry")
///     .ttl(300)
///     .claim("fw", "1.4.2")?
///     .issue(&FixedClock(1_700_000_000), &mut rng)?;
/// let payload = jwt_core::b64::decode(token.split('.').nth(1).unwrap(), jwt_core::Part::Payload).unwrap();
/// assert_eq!(
///     core::str::from_utf8(&payload).unwrap(),
///     r#"{"iss":"https://issuer.example","sub":"device-17","aud":"telemetry","exp":1700000300,"iat":1700000000,"jti":"abababababababababababababababab","fw":"1.4.2"}"#
/// );
/// # }
/// # Ok::<(), jwt_issue::IssueError>(())
/// ```
#[derive(Debug)]
pub struct TokenBuilder<'k, K: SigningKey + ?Sized> {
    key: &'k K,
    typ: Cow<'k, str>,
    expiry: Expiry,
    nbf: Option<NumericDate>,
    iss: Option<Cow<'k, str>>,
    sub: Option<Cow<'k, str>>,
    aud: Vec<Cow<'k, str>>,
    jti: Option<Cow<'k, str>>,
    /// Custom members as JSON text, `"a":1,"b":"x"`, in insertion order.
    custom: String,
    /// The size limits the minted token must fit (those of jwt-verify's
    /// default verifier unless changed).
    limits: Limits,
}

// Not derived: a derived impl would require `K: Clone`, and `&K` is Copy.
impl<K: SigningKey + ?Sized> Clone for TokenBuilder<'_, K> {
    fn clone(&self) -> Self {
        TokenBuilder {
            key: self.key,
            typ: self.typ.clone(),
            expiry: self.expiry,
            nbf: self.nbf,
            iss: self.iss.clone(),
            sub: self.sub.clone(),
            aud: self.aud.clone(),
            jti: self.jti.clone(),
            custom: self.custom.clone(),
            limits: self.limits,
        }
    }
}

/// The per-token values: read the clock and draw the `jti` once.
struct Stamp<'a> {
    iat: i64,
    exp: Option<i64>,
    jti: Cow<'a, str>,
}

impl<'k, K: SigningKey + ?Sized> TokenBuilder<'k, K> {
    /// A builder signing with `key`: `typ` `JWT`, no claims yet, and no
    /// expiry policy (set [`ttl`](Self::ttl) or [`no_expiry`](Self::no_expiry)).
    pub fn new(key: &'k K) -> Self {
        TokenBuilder {
            key,
            typ: Cow::Borrowed(DEFAULT_TYP),
            expiry: Expiry::Unset,
            nbf: None,
            iss: None,
            sub: None,
            aud: Vec::new(),
            jti: None,
            custom: String::new(),
            limits: Limits::default(),
        }
    }

    /// The `typ` header (default `JWT`), e.g. `iot-device+jwt` for explicit
    /// typing (RFC 8725 3.11).
    pub fn typ(mut self, typ: impl Into<Cow<'k, str>>) -> Self {
        self.typ = typ.into();
        self
    }

    /// `exp` = the time of issue + `seconds`.
    pub fn ttl(mut self, seconds: u64) -> Self {
        self.expiry = Expiry::Ttl(seconds);
        self
    }

    /// Issue tokens without `exp`. They never expire: only revocation can
    /// retire them, and verifiers refuse them unless configured to allow
    /// it. Without this call or [`ttl`](Self::ttl), issuing fails with
    /// [`IssueError::MissingTtl`].
    pub fn no_expiry(mut self) -> Self {
        self.expiry = Expiry::Never;
        self
    }

    /// `nbf`: not valid before this time.
    pub fn not_before(mut self, nbf: NumericDate) -> Self {
        self.nbf = Some(nbf);
        self
    }

    /// `iss`: who issues the token.
    pub fn issuer(mut self, iss: impl Into<Cow<'k, str>>) -> Self {
        self.iss = Some(iss.into());
        self
    }

    /// `sub`: whom the token is about.
    pub fn subject(mut self, sub: impl Into<Cow<'k, str>>) -> Self {
        self.sub = Some(sub.into());
        self
    }

    /// Adds an audience to `aud`: one audience is written as a string,
    /// several as an array (RFC 7519 4.1.3).
    pub fn audience(mut self, aud: impl Into<Cow<'k, str>>) -> Self {
        self.aud.push(aud.into());
        self
    }

    /// `jti`: a fixed token id instead of a fresh random one per token
    /// (128 bits as 32 lowercase hex characters).
    pub fn jti(mut self, jti: impl Into<Cow<'k, str>>) -> Self {
        self.jti = Some(jti.into());
        self
    }

    /// Adds one custom claim, serialised with serde.
    ///
    /// # Errors
    /// [`IssueError::ReservedClaim`] for a registered claim name (`iss`,
    /// `sub`, `aud`, `exp`, `nbf`, `iat`, `jti`), [`IssueError::DuplicateClaim`]
    /// for a name added before, [`IssueError::Serialize`] if serde fails,
    /// [`IssueError::InvalidClaims`] if the value nests too deeply.
    pub fn claim(mut self, name: &str, value: impl Serialize) -> Result<Self, IssueError> {
        self.check_name(name)?;
        let value = serde_json::to_string(&value).map_err(|_| IssueError::Serialize)?;
        // Depth check on `{"":value}` (the claims object is level 1).
        let mut wrapped = String::with_capacity(value.len().saturating_add(5));
        wrapped.push_str("{\"\":");
        wrapped.push_str(&value);
        wrapped.push('}');
        json::check_object(&wrapped, MAX_CLAIMS_DEPTH).map_err(claims_error)?;
        if !self.custom.is_empty() {
            self.custom.push(',');
        }
        json_str(&mut self.custom, name);
        self.custom.push(':');
        self.custom.push_str(&value);
        Ok(self)
    }

    /// Adds every member of `claims` (a struct or a map that serialises to
    /// a JSON object) as custom claims, in serialisation order.
    ///
    /// # Errors
    /// [`IssueError::InvalidClaims`] if `claims` does not serialise to a
    /// JSON object (or nests too deeply, or repeats a member), and the
    /// errors of [`claim`](Self::claim) for each member.
    pub fn claims(self, claims: &impl Serialize) -> Result<Self, IssueError> {
        let text = serde_json::to_string(claims).map_err(|_| IssueError::Serialize)?;
        self.claims_json(&text)
    }

    /// Adds every member of `text`, the JSON text of an object, as custom
    /// claims, in order, without a round trip through serde (for the C
    /// and wasm bindings, whose callers hold JSON text). The text is read
    /// strictly: a repeated member name is refused, never resolved.
    ///
    /// # Errors
    /// [`IssueError::InvalidClaims`] if `text` is not a strict JSON object
    /// (or nests too deeply, or repeats a member), and the errors of
    /// [`claim`](Self::claim) for each member.
    pub fn claims_json(mut self, text: &str) -> Result<Self, IssueError> {
        json::check_object(text, MAX_CLAIMS_DEPTH).map_err(claims_error)?;
        for (name, value) in Members::new(text) {
            self.check_name(&name.to_cow())?;
            if !self.custom.is_empty() {
                self.custom.push(',');
            }
            self.custom.push('"');
            self.custom.push_str(name.raw());
            self.custom.push_str("\":");
            self.custom.push_str(value);
        }
        Ok(self)
    }

    fn check_name(&self, name: &str) -> Result<(), IssueError> {
        if let Some(&reserved) = REGISTERED_CLAIMS.iter().find(|&&r| r == name) {
            return Err(IssueError::ReservedClaim { name: reserved });
        }
        if !self.custom.is_empty() {
            let mut object = String::with_capacity(self.custom.len().saturating_add(2));
            object.push('{');
            object.push_str(&self.custom);
            object.push('}');
            if Members::new(&object).any(|(n, _)| n.eq_str(name)) {
                return Err(IssueError::DuplicateClaim {
                    name: String::from(name),
                });
            }
        }
        Ok(())
    }

    fn stamp<C, R>(&self, clock: &C, rng: &mut R) -> Result<Stamp<'_>, IssueError>
    where
        C: Clock + ?Sized,
        R: TryCryptoRng + ?Sized,
    {
        let iat = clock.now().ok_or(IssueError::ClockUnavailable)?;
        let exp = match self.expiry {
            Expiry::Unset => return Err(IssueError::MissingTtl),
            Expiry::Never => None,
            Expiry::Ttl(ttl) => Some(
                i64::try_from(ttl)
                    .ok()
                    .and_then(|ttl| iat.checked_add(ttl))
                    .ok_or(IssueError::TimeOverflow)?,
            ),
        };
        let jti = match &self.jti {
            Some(jti) => Cow::Borrowed(jti.as_ref()),
            None => Cow::Owned(crate::rng::random_id(rng)?),
        };
        Ok(Stamp { iat, exp, jti })
    }

    fn write_header(&self, sink: &mut impl Sink) {
        let mut first = true;
        sink.put("{");
        json_member(sink, &mut first, "alg", self.key.algorithm().as_str());
        json_member(sink, &mut first, "typ", &self.typ);
        if let Some(kid) = self.key.kid() {
            json_member(sink, &mut first, "kid", kid);
        }
        sink.put("}");
    }

    fn write_claims(&self, sink: &mut impl Sink, stamp: &Stamp<'_>) {
        let mut first = true;
        sink.put("{");
        if let Some(iss) = &self.iss {
            json_member(sink, &mut first, "iss", iss);
        }
        if let Some(sub) = &self.sub {
            json_member(sink, &mut first, "sub", sub);
        }
        match self.aud.as_slice() {
            [] => {}
            [one] => json_member(sink, &mut first, "aud", one),
            many => {
                json_name(sink, &mut first, "aud");
                sink.put("[");
                for (i, aud) in many.iter().enumerate() {
                    if i > 0 {
                        sink.put(",");
                    }
                    json_str(sink, aud);
                }
                sink.put("]");
            }
        }
        if let Some(exp) = stamp.exp {
            json_name(sink, &mut first, "exp");
            json_i64(sink, exp);
        }
        if let Some(nbf) = self.nbf {
            json_name(sink, &mut first, "nbf");
            json_i64(sink, nbf.as_secs());
        }
        json_name(sink, &mut first, "iat");
        json_i64(sink, stamp.iat);
        json_member(sink, &mut first, "jti", &stamp.jti);
        if !self.custom.is_empty() {
            sink.put(",");
            sink.put(&self.custom);
        }
        sink.put("}");
    }

    /// Writes `b64(header) '.' b64(claims)` into `target`.
    /// Renders the header and the claims JSON once, checks them against
    /// the limits, and returns the text, where the header ends, and the
    /// token's exact length (assuming the key's
    /// [`signature_len`](SigningKey::signature_len)).
    fn render(&self, stamp: &Stamp<'_>) -> Result<(JsonBuf, usize, usize), IssueError> {
        let mut json = JsonBuf::new();
        self.write_header(&mut json);
        let header_len = json.len();
        if header_len > self.limits.max_header_len {
            return Err(IssueError::TooLarge {
                part: "header",
                limit: self.limits.max_header_len,
            });
        }
        self.write_claims(&mut json, stamp);
        let claims_len = json.len().saturating_sub(header_len);
        let len = b64::encoded_len(header_len)
            .saturating_add(b64::encoded_len(claims_len))
            .saturating_add(b64::encoded_len(self.key.signature_len()))
            .saturating_add(2);
        if len > self.limits.max_token_len {
            return Err(IssueError::TooLarge {
                part: "token",
                limit: self.limits.max_token_len,
            });
        }
        Ok((json, header_len, len))
    }

    /// Sets the size limits the token must fit. The default is
    /// [`Limits::default`], the default of jwt-verify's verifier (8 KiB
    /// token, 1 KiB header): a token is refused here rather than minted
    /// and then refused by every default verifier.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Issues a token into `out` (cleared first; left empty on error),
    /// reserving its exact length once. The only other allocations are the
    /// raw signature and, unless a `jti` was set, the 32-character random
    /// `jti` (plus whatever the key's primitive allocates: RSA does, HMAC,
    /// ECDSA and Ed25519 do not).
    ///
    /// # Errors
    /// [`IssueError::MissingTtl`] without `ttl` or `no_expiry`,
    /// [`IssueError::ClockUnavailable`] when the clock does not know the
    /// time, [`IssueError::TimeOverflow`] when `exp` is out of range,
    /// [`IssueError::Rng`] and [`IssueError::Signing`] on failures of the
    /// generator or the key.
    pub fn issue_into<C, R>(
        &self,
        clock: &C,
        rng: &mut R,
        out: &mut String,
    ) -> Result<(), IssueError>
    where
        C: Clock + ?Sized,
        R: TryCryptoRng + ?Sized,
    {
        out.clear();
        let result = self.issue_into_inner(clock, rng, out);
        if result.is_err() {
            out.clear();
        }
        result
    }

    fn issue_into_inner<C, R>(
        &self,
        clock: &C,
        rng: &mut R,
        out: &mut String,
    ) -> Result<(), IssueError>
    where
        C: Clock + ?Sized,
        R: TryCryptoRng + ?Sized,
    {
        let stamp = self.stamp(clock, rng)?;
        let (json, header_len, len) = self.render(&stamp)?;
        let (header, claims) = json.bytes().split_at(header_len.min(json.len()));
        // Built as bytes (the output's own allocation, reused) and checked
        // as UTF-8 once at the end: cheaper than appending to a `String`
        // piece by piece.
        let mut bytes = core::mem::take(out).into_bytes();
        bytes.clear();
        bytes.reserve_exact(len);
        b64_append(&mut bytes, header);
        bytes.push(b'.');
        b64_append(&mut bytes, claims);
        let mut signature = Vec::with_capacity(self.key.signature_len());
        self.key.sign(&bytes, &mut signature)?;
        bytes.push(b'.');
        b64_append(&mut bytes, &signature);
        // base64url and '.' are ASCII, so this cannot fail.
        *out = String::from_utf8(bytes).map_err(|_| IssueError::Serialize)?;
        Ok(())
    }

    /// Issues a token as a new `String`.
    ///
    /// # Errors
    /// As [`issue_into`](Self::issue_into).
    pub fn issue<C, R>(&self, clock: &C, rng: &mut R) -> Result<String, IssueError>
    where
        C: Clock + ?Sized,
        R: TryCryptoRng + ?Sized,
    {
        let mut out = String::new();
        self.issue_into(clock, rng, &mut out)?;
        Ok(out)
    }

    /// Issues a token into the caller's buffer and returns its length. No
    /// heap allocation but the raw signature (and the key's own, for RSA).
    /// On error the buffer's contents are unspecified.
    ///
    /// # Errors
    /// [`IssueError::BufferTooSmall`] (with the length needed) when `buf`
    /// cannot hold the token, and the errors of
    /// [`issue_into`](Self::issue_into).
    pub fn issue_to_slice<C, R>(
        &self,
        clock: &C,
        rng: &mut R,
        buf: &mut [u8],
    ) -> Result<usize, IssueError>
    where
        C: Clock + ?Sized,
        R: TryCryptoRng + ?Sized,
    {
        let stamp = self.stamp(clock, rng)?;
        let (json, header_len, needed) = self.render(&stamp)?;
        if buf.len() < needed {
            return Err(IssueError::BufferTooSmall { needed });
        }
        let (header, claims) = json.bytes().split_at(header_len.min(json.len()));
        let too_small = IssueError::BufferTooSmall { needed };
        let h = b64::encode_into(header, buf).ok_or(too_small.clone())?;
        let dot = buf.get_mut(h).ok_or(too_small.clone())?;
        *dot = b'.';
        let rest = buf
            .get_mut(h.saturating_add(1)..)
            .ok_or(too_small.clone())?;
        let c = b64::encode_into(claims, rest).ok_or(too_small.clone())?;
        let input_len = h.saturating_add(1).saturating_add(c);
        let mut signature = Vec::with_capacity(self.key.signature_len());
        self.key.sign(
            buf.get(..input_len).ok_or(too_small.clone())?,
            &mut signature,
        )?;
        // Only a key whose signature_len() understated its signature can
        // run out of room here.
        let short = IssueError::BufferTooSmall {
            needed: needed
                .saturating_sub(b64::encoded_len(self.key.signature_len()))
                .saturating_add(b64::encoded_len(signature.len())),
        };
        let dot = buf.get_mut(input_len).ok_or(short.clone())?;
        *dot = b'.';
        let rest = buf
            .get_mut(input_len.saturating_add(1)..)
            .ok_or(short.clone())?;
        let sig = b64::encode_into(&signature, rest).ok_or(short)?;
        Ok(input_len.saturating_add(1).saturating_add(sig))
    }

    /// Issues a token with the system clock and the OS random source.
    ///
    /// # Errors
    /// As [`issue_into`](Self::issue_into).
    #[cfg(feature = "os")]
    pub fn issue_now(&self) -> Result<String, IssueError> {
        self.issue(&jwt_core::SystemClock, &mut crate::rng::OsRng)
    }
}

/// Appends the base64url encoding of `data` to `out`.
fn b64_append(out: &mut Vec<u8>, data: &[u8]) {
    let start = out.len();
    out.resize(start.saturating_add(b64::encoded_len(data.len())), 0);
    if let Some(dst) = out.get_mut(start..) {
        let _ = b64::encode_into(data, dst);
    }
}

fn claims_error(e: JsonError) -> IssueError {
    IssueError::InvalidClaims {
        reason: match e {
            JsonError::NotAnObject => "custom claims must serialise to a JSON object",
            JsonError::TooDeep => "custom claims nest deeper than 16 levels",
            JsonError::DuplicateMember => "custom claims repeat a member name",
            JsonError::Syntax(_) => "custom claims did not serialise to valid JSON",
        },
    }
}

/// Signs exactly the given header and payload bytes: `BASE64URL(header)
/// '.' BASE64URL(payload) '.' BASE64URL(signature)`. A low-level tool for
/// byte-exact reproduction of published examples (RFC 7515 A.1, RFC 8037
/// A.4) and for non-JWT JWS payloads; [`TokenBuilder`] is the way to make
/// tokens.
///
/// ```
/// # #[cfg(feature = "eddsa")] {
/// use jwt_issue::{EdDsaSigningKey, sign_compact};
/// // RFC 8037 appendix A.4.
/// let key = EdDsaSigningKey::from_jwk_json(r#"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#)?;
/// let jws = sign_compact(&key, br#"{"alg":"EdDSA"}"#, b"Example of Ed25519 signing")?;
/// assert_eq!(jws, "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg");
/// # }
/// # Ok::<(), jwt_issue::IssueError>(())
/// ```
///
/// # Errors
/// [`IssueError::Malformed`] if `header_json` is not a strict JSON object,
/// [`IssueError::Mismatch`] if its `alg` is absent or is not the key's
/// algorithm, and the key's signing errors.
pub fn sign_compact<K: SigningKey + ?Sized>(
    key: &K,
    header_json: &[u8],
    payload: &[u8],
) -> Result<String, IssueError> {
    let header = core::str::from_utf8(header_json).map_err(|_| IssueError::Malformed {
        reason: "the header is not UTF-8",
    })?;
    json::check_object(header, MAX_CLAIMS_DEPTH).map_err(|_| IssueError::Malformed {
        reason: "the header is not a strict JSON object",
    })?;
    let alg = Members::new(header)
        .find(|(name, _)| name.eq_str("alg"))
        .and_then(|(_, value)| JsonStr::from_value(value));
    if !alg.is_some_and(|alg| alg.eq_str(key.algorithm().as_str())) {
        return Err(IssueError::Mismatch {
            reason: "the header's alg does not name the key's algorithm",
        });
    }
    let signature_len = key.signature_len();
    let mut out = String::with_capacity(
        b64::encoded_len(header_json.len())
            .saturating_add(b64::encoded_len(payload.len()))
            .saturating_add(b64::encoded_len(signature_len))
            .saturating_add(2),
    );
    b64::encode_to(header_json, &mut out);
    out.push('.');
    b64::encode_to(payload, &mut out);
    let mut signature = Vec::with_capacity(signature_len);
    key.sign(out.as_bytes(), &mut signature)?;
    out.push('.');
    b64::encode_to(&signature, &mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Hs256SigningKey;
    use alloc::string::ToString;
    use jwt_core::FixedClock;

    /// Found by the roundtrip fuzz target: a builder with a 9 KB custom
    /// claim minted a token that every default verifier refuses as too
    /// large. The builder now checks the same limits before signing.
    #[test]
    fn fuzz_regression_token_over_default_limit_is_refused_at_issue() {
        let key = Hs256SigningKey::new(&[7; 32]).unwrap();
        let big = "x".repeat(9 * 1024);
        let b = TokenBuilder::new(&key).ttl(60).claim("pad", &big).unwrap();
        let err = b
            .issue(&FixedClock(1_700_000_000), &mut crate::OsRng)
            .unwrap_err();
        assert_eq!(
            err,
            IssueError::TooLarge {
                part: "token",
                limit: 8 * 1024
            }
        );
        assert!(err.to_string().contains("8192"));
        let mut buf = [0u8; 16 * 1024];
        assert!(matches!(
            b.issue_to_slice(&FixedClock(1_700_000_000), &mut crate::OsRng, &mut buf),
            Err(IssueError::TooLarge { .. })
        ));
        // Raising the limit (on both sides) lets it through.
        let roomy = Limits {
            max_token_len: 64 * 1024,
            ..Limits::default()
        };
        let token = b
            .clone()
            .limits(roomy)
            .issue(&FixedClock(1_700_000_000), &mut crate::OsRng)
            .unwrap();
        assert!(token.len() > 8 * 1024);
        // A header over 1 KiB (a long typ) is refused too.
        let long_typ = "t".repeat(1100);
        let err = TokenBuilder::new(&key)
            .ttl(60)
            .typ(long_typ.as_str())
            .issue(&FixedClock(0), &mut crate::OsRng)
            .unwrap_err();
        assert_eq!(
            err,
            IssueError::TooLarge {
                part: "header",
                limit: 1024
            }
        );
    }
}
