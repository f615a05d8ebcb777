//! Registered claims (RFC 7519 section 4.1): NumericDate, Audience, a
//! borrowed view and owned types for issuing.
//!
//! Design note: the registered claims are read straight from the checked
//! payload text by [`ClaimsRef::parse`], which borrows every string without
//! escapes and so allocates nothing for a typical token; custom claims go
//! through serde into the caller's type. A NumericDate of the wrong JSON
//! type is an error, never "absent": treating `"exp":"never"` as a token
//! without `exp` is how some libraries accepted tokens forever. The
//! rejected alternative, `#[serde(flatten)]` of registered and custom claims
//! in one struct, buffers every member and hides duplicates.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{Part, VerifyError};
use crate::json::{self, Elements, JsonError, JsonStr, Kind, Members, Value};

/// Seconds since 1970-01-01T00:00:00Z UTC, ignoring leap seconds
/// (RFC 7519 section 2).
///
/// Non-integer JSON values are accepted and rounded toward the stricter
/// side: down for `exp`, up for `nbf` and `iat`. Values outside `i64`
/// are errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NumericDate(i64);

/// Which way to round a fractional NumericDate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    /// Toward negative infinity (for `exp`).
    Down,
    /// Toward positive infinity (for `nbf`, `iat`).
    Up,
}

impl NumericDate {
    /// A date from whole seconds since the epoch.
    pub const fn from_secs(secs: i64) -> Self {
        NumericDate(secs)
    }

    /// Whole seconds since the epoch.
    pub const fn as_secs(self) -> i64 {
        self.0
    }

    /// Parses the text of a JSON number (as it stands in checked JSON).
    ///
    /// ```
    /// use jwt_core::claims::{NumericDate, Rounding};
    /// assert_eq!(NumericDate::from_json_number("1300819380", Rounding::Down), Some(NumericDate::from_secs(1300819380)));
    /// assert_eq!(NumericDate::from_json_number("1.5", Rounding::Down), Some(NumericDate::from_secs(1)));
    /// assert_eq!(NumericDate::from_json_number("1.5", Rounding::Up), Some(NumericDate::from_secs(2)));
    /// assert_eq!(NumericDate::from_json_number("9223372036854775808", Rounding::Down), None);
    /// assert_eq!(NumericDate::from_json_number("1e400", Rounding::Down), None);
    /// ```
    pub fn from_json_number(text: &str, rounding: Rounding) -> Option<Self> {
        // Fast path: an integer of up to 18 digits cannot overflow i64.
        let (negative, digits) = match text.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, text),
        };
        if !digits.is_empty() && digits.len() <= 18 {
            let mut v: i64 = 0;
            let mut plain = true;
            for b in digits.bytes() {
                if !b.is_ascii_digit() {
                    plain = false;
                    break;
                }
                v = v
                    .wrapping_mul(10)
                    .wrapping_add(i64::from(b.wrapping_sub(b'0')));
            }
            if plain {
                return Some(NumericDate(if negative { v.wrapping_neg() } else { v }));
            }
        }
        decimal_to_secs(text, rounding).map(NumericDate)
    }
}

/// A JSON number's text (`-? int frac? exp?`, RFC 8259 6) rounded to whole
/// seconds exactly, with integer arithmetic only: no `f64` parsing, which
/// would pull about 18 KB of soft-float code and power tables into
/// firmware, and would round `1.0000000000000000001` to `1` before
/// rounding up. `None` for text that is not a JSON number or a value
/// outside `i64`.
fn decimal_to_secs(text: &str, rounding: Rounding) -> Option<i64> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text),
    };
    let digits_end = |s: &str| {
        s.bytes()
            .position(|b| !b.is_ascii_digit())
            .unwrap_or(s.len())
    };
    let int_len = digits_end(rest);
    let (int, rest) = rest.split_at_checked(int_len)?;
    if int.is_empty() || (int.len() > 1 && int.starts_with('0')) {
        return None;
    }
    let (frac, rest) = match rest.strip_prefix('.') {
        Some(r) => {
            let n = digits_end(r);
            let (frac, rest) = r.split_at_checked(n)?;
            if frac.is_empty() {
                return None;
            }
            (frac, rest)
        }
        None => ("", rest),
    };
    let exponent: i64 = match rest.strip_prefix(['e', 'E']) {
        Some(e) => {
            let (sign, e) = match e.strip_prefix(['+', '-']) {
                Some(d) => (if e.starts_with('-') { -1 } else { 1 }, d),
                None => (1, e),
            };
            if e.is_empty() || digits_end(e) != e.len() {
                return None;
            }
            // Beyond a million the value is 0 or out of range either way.
            let e = e.trim_start_matches('0');
            let magnitude: i64 = if e.len() > 7 {
                10_000_000
            } else {
                e.parse().ok()?
            };
            magnitude.checked_mul(sign)?
        }
        None if rest.is_empty() => 0,
        None => return None,
    };
    // The value is 0.DIGITS x 10^point: DIGITS without leading zeros.
    let all = int.bytes().chain(frac.bytes());
    let leading = all.clone().take_while(|&b| b == b'0').count();
    let significant = int.len().saturating_add(frac.len()).saturating_sub(leading);
    if significant == 0 {
        return Some(0);
    }
    let int_digits = i64::try_from(int.len()).ok()?;
    let skipped = i64::try_from(leading).ok()?;
    // Digits before the decimal point, counted from the first significant one.
    let point = int_digits.checked_sub(skipped)?.checked_add(exponent)?;
    let mut whole: i128 = 0;
    let mut fraction = false;
    for (k, b) in all.skip(leading).enumerate() {
        let k = i64::try_from(k).ok()?;
        if k < point {
            whole = whole
                .checked_mul(10)?
                .checked_add(i128::from(b.wrapping_sub(b'0')))?;
            if whole > i128::from(i64::MAX).saturating_add(1) {
                return None;
            }
        } else if b != b'0' {
            fraction = true;
        }
    }
    // Zeros the exponent appends after the digits.
    let mut k = i64::try_from(significant).ok()?;
    while k < point {
        whole = whole.checked_mul(10)?;
        if whole > i128::from(i64::MAX).saturating_add(1) {
            return None;
        }
        k = k.saturating_add(1);
    }
    let bump = i128::from(fraction);
    let value = match (negative, rounding) {
        (false, Rounding::Down) => whole,
        (false, Rounding::Up) => whole.checked_add(bump)?,
        (true, Rounding::Down) => whole.checked_add(bump)?.checked_neg()?,
        (true, Rounding::Up) => whole.checked_neg()?,
    };
    i64::try_from(value).ok()
}

impl fmt::Display for NumericDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// The `aud` claim: one string or an array of strings (RFC 7519 4.1.3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Audience {
    /// A single audience, serialised as a string.
    One(String),
    /// Several audiences, serialised as an array.
    Many(Vec<String>),
}

impl Audience {
    /// Whether `aud` names `value`.
    pub fn contains(&self, value: &str) -> bool {
        match self {
            Audience::One(a) => a == value,
            Audience::Many(v) => v.iter().any(|a| a == value),
        }
    }

    /// The audiences as a slice-like iterator.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let (one, many) = match self {
            Audience::One(a) => (Some(a.as_str()), &[][..]),
            Audience::Many(v) => (None, v.as_slice()),
        };
        one.into_iter().chain(many.iter().map(String::as_str))
    }
}

/// A borrowed `aud`: a string, or the checked text of an array of strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AudienceRef<'a> {
    /// `"aud": "x"`.
    One(JsonStr<'a>),
    /// `"aud": ["x", "y"]`, every element known to be a string.
    Many(&'a str),
}

impl<'a> AudienceRef<'a> {
    /// The audiences, decoded (borrowed unless escaped).
    pub fn iter(&self) -> impl Iterator<Item = Cow<'a, str>> + 'a {
        let (one, many) = match *self {
            AudienceRef::One(s) => (Some(s), None),
            AudienceRef::Many(text) => (None, Elements::new(text)),
        };
        one.into_iter().map(|s| s.to_cow()).chain(
            many.into_iter()
                .flatten()
                .filter_map(JsonStr::from_value)
                .map(|s| s.to_cow()),
        )
    }

    /// Whether `aud` names `value`.
    pub fn contains(&self, value: &str) -> bool {
        match *self {
            AudienceRef::One(s) => s.eq_str(value),
            AudienceRef::Many(text) => Elements::new(text)
                .into_iter()
                .flatten()
                .filter_map(JsonStr::from_value)
                .any(|s| s.eq_str(value)),
        }
    }

    /// An owned copy.
    pub fn to_owned(&self) -> Audience {
        match *self {
            AudienceRef::One(s) => Audience::One(s.to_cow().into_owned()),
            AudienceRef::Many(_) => Audience::Many(self.iter().map(Cow::into_owned).collect()),
        }
    }
}

/// The registered claims of a checked payload, borrowed from its text.
///
/// The string claims read as `Cow<str>` ([`sub`](Self::sub),
/// [`iss`](Self::iss), [`jti`](Self::jti)): borrowed when the JSON string
/// has no escapes, decoded into an owned string when it has (PHP's
/// `json_encode` writes `"device\/42"`), so they always give the claim's
/// value. The `*_json` forms ([`sub_json`](Self::sub_json), ...) are the
/// allocation-free fast path: a [`JsonStr`] that compares with
/// [`JsonStr::eq_str`] without decoding, and whose
/// [`as_str`](JsonStr::as_str) is `None` for an escaped string.
///
/// ```
/// use jwt_core::ClaimsRef;
/// let c = ClaimsRef::parse(r#"{"sub":"device\/42","iss":"hub"}"#).unwrap();
/// assert_eq!(c.sub().as_deref(), Some("device/42"));
/// assert!(c.sub_json().is_some_and(|s| s.eq_str("device/42")));
/// assert_eq!(c.sub_json().and_then(|s| s.as_str()), None); // escaped
/// assert_eq!(c.iss_json().and_then(|s| s.as_str()), Some("hub"));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClaimsRef<'a> {
    text: &'a str,
    iss: Option<JsonStr<'a>>,
    sub: Option<JsonStr<'a>>,
    aud: Option<AudienceRef<'a>>,
    exp: Option<NumericDate>,
    nbf: Option<NumericDate>,
    iat: Option<NumericDate>,
    jti: Option<JsonStr<'a>>,
}

impl<'a> ClaimsRef<'a> {
    /// Reads the registered claims from payload text that passed
    /// [`json::check_object`]. A registered claim of the wrong JSON type
    /// (including `null`) or out of range is [`VerifyError::InvalidClaim`].
    ///
    /// ```
    /// use jwt_core::claims::ClaimsRef;
    /// let c = ClaimsRef::parse(r#"{"sub":"dev-7","exp":1700000000.9,"aud":["a","b"]}"#).unwrap();
    /// assert_eq!(c.sub().as_deref(), Some("dev-7"));
    /// assert_eq!(c.exp().unwrap().as_secs(), 1700000000);
    /// assert!(c.aud().unwrap().contains("b"));
    /// assert!(ClaimsRef::parse(r#"{"exp":"1700000000"}"#).is_err());
    /// ```
    pub fn parse(text: &'a str) -> Result<Self, VerifyError> {
        ClaimsIndex::parse(text, json::MAX_SUPPORTED_DEPTH).map(|ix| ix.claims(text))
    }

    /// `iss`: who issued the token, decoded.
    pub fn iss(&self) -> Option<Cow<'a, str>> {
        self.iss.map(|s| s.to_cow())
    }

    /// `sub`: whom the token is about (the device id, typically), decoded.
    pub fn sub(&self) -> Option<Cow<'a, str>> {
        self.sub.map(|s| s.to_cow())
    }

    /// `jti`: the token's unique id, decoded.
    pub fn jti(&self) -> Option<Cow<'a, str>> {
        self.jti.map(|s| s.to_cow())
    }

    /// `iss` as written in the JSON text, without decoding (no allocation).
    pub fn iss_json(&self) -> Option<JsonStr<'a>> {
        self.iss
    }

    /// `sub` as written in the JSON text, without decoding (no allocation).
    pub fn sub_json(&self) -> Option<JsonStr<'a>> {
        self.sub
    }

    /// `jti` as written in the JSON text, without decoding (no allocation).
    pub fn jti_json(&self) -> Option<JsonStr<'a>> {
        self.jti
    }

    /// `aud`: for whom the token is meant (one string or an array).
    pub fn aud(&self) -> Option<AudienceRef<'a>> {
        self.aud
    }

    /// `exp`: expiry, rounded down to whole seconds.
    pub fn exp(&self) -> Option<NumericDate> {
        self.exp
    }

    /// `nbf`: not before, rounded up to whole seconds.
    pub fn nbf(&self) -> Option<NumericDate> {
        self.nbf
    }

    /// `iat`: issued at, rounded up to whole seconds.
    pub fn iat(&self) -> Option<NumericDate> {
        self.iat
    }

    /// The raw JSON text of any claim, e.g. to check that a custom claim is
    /// present.
    pub fn get(&self, name: &str) -> Option<&'a str> {
        Members::new(self.text)
            .find(|(k, _)| k.eq_str(name))
            .map(|(_, v)| v)
    }

    /// The whole checked payload text.
    pub fn json(&self) -> &'a str {
        self.text
    }

    /// An owned copy of the registered claims.
    pub fn to_owned(&self) -> RegisteredClaims {
        let s = |v: Option<JsonStr<'a>>| v.map(|s| s.to_cow().into_owned());
        RegisteredClaims {
            iss: s(self.iss),
            sub: s(self.sub),
            aud: self.aud.map(|a| a.to_owned()),
            exp: self.exp,
            nbf: self.nbf,
            iat: self.iat,
            jti: s(self.jti),
        }
    }
}

/// Where a string sits in a text: a [`JsonStr`] without the borrow.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
}

impl Span {
    fn of(text: &str, part: &str) -> Span {
        let start = (part.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
        Span {
            start,
            end: start.saturating_add(part.len()),
        }
    }

    fn get(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or_default()
    }
}

/// The registered claims of a payload as positions in its text: a
/// [`ClaimsRef`] that does not borrow, so that whoever owns the text can
/// keep it beside the text and hand out `ClaimsRef`s without parsing
/// again. Made by [`ClaimsIndex::parse`], which checks the JSON (syntax,
/// nesting, duplicate names) and reads the claims in one pass.
///
/// ```
/// use jwt_core::claims::ClaimsIndex;
/// let text = r#"{"sub":"dev-7","exp":1700000000,"aud":["a","b"]}"#;
/// let index = ClaimsIndex::parse(text, 16)?;
/// let claims = index.claims(text);
/// assert_eq!(claims.sub().as_deref(), Some("dev-7"));
/// assert!(claims.aud().unwrap().contains("b"));
/// assert!(ClaimsIndex::parse(r#"{"sub":"a","sub":"b"}"#, 16).is_err());
/// # Ok::<(), jwt_core::VerifyError>(())
/// ```
#[doc(hidden)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClaimsIndex {
    len: usize,
    iss: Option<(Span, bool)>,
    sub: Option<(Span, bool)>,
    jti: Option<(Span, bool)>,
    /// The span and whether it is an array.
    aud: Option<(Span, bool, bool)>,
    exp: Option<NumericDate>,
    nbf: Option<NumericDate>,
    iat: Option<NumericDate>,
}

/// A JSON error or a claim error, while reading claims.
enum ReadError {
    Json(JsonError),
    Claim(VerifyError),
}

impl From<JsonError> for ReadError {
    fn from(e: JsonError) -> Self {
        ReadError::Json(e)
    }
}

impl ClaimsIndex {
    /// Checks `text` as a JSON object (RFC 8259 syntax, nesting up to
    /// `max_depth`, unique member names) and reads its registered claims.
    /// A registered claim of the wrong JSON type (including `null`) or out
    /// of range is [`VerifyError::InvalidClaim`]; invalid JSON is
    /// [`VerifyError::Parse`] and takes precedence.
    pub fn parse(text: &str, max_depth: usize) -> Result<Self, VerifyError> {
        let mut ix = ClaimsIndex {
            len: text.len(),
            ..ClaimsIndex::default()
        };
        json::check_members(text, max_depth, |name, value| {
            ix.read(text, name, value).map_err(ReadError::Claim)
        })
        .map_err(|e| match e {
            ReadError::Json(e) => VerifyError::Parse(crate::token::json_error(e, Part::Payload)),
            ReadError::Claim(e) => e,
        })?;
        Ok(ix)
    }

    fn read(&mut self, text: &str, name: JsonStr<'_>, value: Value<'_>) -> Result<(), VerifyError> {
        // Registered names are three ASCII letters; skip others cheaply
        // and compare the three bytes as one integer.
        let key = match name.as_str() {
            Some(raw) if raw.len() != 3 => return Ok(()),
            Some(raw) => Cow::Borrowed(raw),
            None => name.to_cow(),
        };
        let span = |s: JsonStr<'_>| (Span::of(text, s.raw()), s.as_str().is_none());
        let code = match key.as_bytes() {
            &[a, b, c] => u32::from_le_bytes([a, b, c, 0]),
            _ => return Ok(()),
        };
        const fn code_of(name: &[u8; 3]) -> u32 {
            u32::from_le_bytes([name[0], name[1], name[2], 0])
        }
        const ISS: u32 = code_of(b"iss");
        const SUB: u32 = code_of(b"sub");
        const JTI: u32 = code_of(b"jti");
        const AUD: u32 = code_of(b"aud");
        const EXP: u32 = code_of(b"exp");
        const NBF: u32 = code_of(b"nbf");
        const IAT: u32 = code_of(b"iat");
        match code {
            ISS => self.iss = Some(span(checked_string(value, "iss")?)),
            SUB => self.sub = Some(span(checked_string(value, "sub")?)),
            JTI => self.jti = Some(span(checked_string(value, "jti")?)),
            AUD => {
                let aud = match value.as_string() {
                    Some(one) => AudienceRef::One(one),
                    None => audience(value.raw())?,
                };
                self.aud = Some(match aud {
                    AudienceRef::One(s) => {
                        let (sp, escaped) = span(s);
                        (sp, escaped, false)
                    }
                    AudienceRef::Many(array) => (Span::of(text, array), false, true),
                });
            }
            EXP => self.exp = Some(date(value.raw(), Rounding::Down, "exp")?),
            NBF => self.nbf = Some(date(value.raw(), Rounding::Up, "nbf")?),
            IAT => self.iat = Some(date(value.raw(), Rounding::Up, "iat")?),
            _ => {}
        }
        Ok(())
    }

    /// The claims, borrowed from `text`, which must be the text this index
    /// was made from (for any other text, every claim reads as absent).
    pub fn claims<'a>(&self, text: &'a str) -> ClaimsRef<'a> {
        if text.len() != self.len {
            return ClaimsRef {
                text,
                ..ClaimsRef::default()
            };
        }
        let s = |v: Option<(Span, bool)>| v.map(|(sp, esc)| JsonStr::new(sp.get(text), esc));
        ClaimsRef {
            text,
            iss: s(self.iss),
            sub: s(self.sub),
            jti: s(self.jti),
            aud: self.aud.map(|(sp, esc, many)| {
                if many {
                    AudienceRef::Many(sp.get(text))
                } else {
                    AudienceRef::One(JsonStr::new(sp.get(text), esc))
                }
            }),
            exp: self.exp,
            nbf: self.nbf,
            iat: self.iat,
        }
    }
}

fn checked_string<'a>(value: Value<'a>, claim: &'static str) -> Result<JsonStr<'a>, VerifyError> {
    value.as_string().ok_or(VerifyError::invalid(claim))
}

fn string<'a>(value: &'a str, claim: &'static str) -> Result<JsonStr<'a>, VerifyError> {
    JsonStr::from_value(value).ok_or(VerifyError::invalid(claim))
}

fn date(value: &str, rounding: Rounding, claim: &'static str) -> Result<NumericDate, VerifyError> {
    if json::kind(value) != Kind::Number {
        return Err(VerifyError::invalid(claim));
    }
    NumericDate::from_json_number(value, rounding).ok_or(VerifyError::invalid(claim))
}

fn audience(value: &str) -> Result<AudienceRef<'_>, VerifyError> {
    match json::kind(value) {
        Kind::String => Ok(AudienceRef::One(string(value, "aud")?)),
        Kind::Array => {
            let elements = Elements::new(value).ok_or(VerifyError::invalid("aud"))?;
            for e in elements {
                if json::kind(e) != Kind::String {
                    return Err(VerifyError::invalid("aud"));
                }
            }
            Ok(AudienceRef::Many(value))
        }
        _ => Err(VerifyError::invalid("aud")),
    }
}

/// The registered claims, owned. Used to build tokens and returned from
/// verified ones.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisteredClaims {
    /// `iss`: who issued the token.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub iss: Option<String>,
    /// `sub`: whom the token is about.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sub: Option<String>,
    /// `aud`: for whom the token is meant.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub aud: Option<Audience>,
    /// `exp`: expiry.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub exp: Option<NumericDate>,
    /// `nbf`: not before.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub nbf: Option<NumericDate>,
    /// `iat`: issued at.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub iat: Option<NumericDate>,
    /// `jti`: unique token id.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub jti: Option<String>,
}

/// The names of the registered claims, which custom claims may not reuse.
pub const REGISTERED_CLAIMS: [&str; 7] = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];

/// Verified claims: the registered ones typed, the rest in the caller's
/// type `T` (read with serde from the same payload, so `T` sees the
/// registered members too and should not deny unknown fields).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claims<T> {
    /// The registered claims.
    pub registered: RegisteredClaims,
    /// The caller's claims.
    pub custom: T,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> VerifyError {
        ClaimsRef::parse(text).unwrap_err()
    }

    fn secs(text: &str, rounding: Rounding) -> Option<i64> {
        NumericDate::from_json_number(text, rounding).map(NumericDate::as_secs)
    }

    /// Fractions, exponents and the edges of `i64`, rounded exactly.
    #[test]
    fn decimal_dates_round_exactly_without_floats() {
        use Rounding::{Down, Up};
        for (text, down, up) in [
            ("1.5", Some(1), Some(2)),
            ("-1.5", Some(-2), Some(-1)),
            ("-0.5", Some(-1), Some(0)),
            ("0.5", Some(0), Some(1)),
            ("-0", Some(0), Some(0)),
            ("0.0", Some(0), Some(0)),
            ("-0.0e5", Some(0), Some(0)),
            ("1700000000.0", Some(1_700_000_000), Some(1_700_000_000)),
            ("1.7e9", Some(1_700_000_000), Some(1_700_000_000)),
            ("17E8", Some(1_700_000_000), Some(1_700_000_000)),
            ("1.7000000001e9", Some(1_700_000_000), Some(1_700_000_001)),
            ("170000000000e-2", Some(1_700_000_000), Some(1_700_000_000)),
            ("1700000000001e-3", Some(1_700_000_000), Some(1_700_000_001)),
            // f64 would make these integers before rounding.
            ("1.0000000000000000001", Some(1), Some(2)),
            (
                "1699999999.99999999999999",
                Some(1_699_999_999),
                Some(1_700_000_000),
            ),
            ("1e-400", Some(0), Some(1)),
            ("-1e-400", Some(-1), Some(0)),
            ("1e-99999999999999999999", Some(0), Some(1)),
            ("9223372036854775807", Some(i64::MAX), Some(i64::MAX)),
            ("9223372036854775807.5", Some(i64::MAX), None),
            ("9223372036854775808", None, None),
            ("-9223372036854775808", Some(i64::MIN), Some(i64::MIN)),
            ("-9223372036854775808.5", None, Some(i64::MIN)),
            ("-9223372036854775809", None, None),
            ("9.223372036854775807e18", Some(i64::MAX), Some(i64::MAX)),
            ("1e19", None, None),
            ("1e400", None, None),
            ("1e99999999999999999999", None, None),
            (
                "0.0000000000000000000000000000001e40",
                Some(1_000_000_000),
                Some(1_000_000_000),
            ),
        ] {
            assert_eq!(secs(text, Down), down, "{text} down");
            assert_eq!(secs(text, Up), up, "{text} up");
        }
    }

    #[test]
    fn text_that_is_not_a_json_number_is_refused() {
        for text in [
            "", "-", ".5", "1.", "1.e5", "+1.5", "1e", "1e+", "01.5", "1.5x", "1.5e5x", "inf",
            "NaN", "0x10", "1,5", " 1.5", "1.5 ", "--1.5", "1e5.5",
        ] {
            assert_eq!(secs(text, Rounding::Down), None, "{text}");
        }
    }

    /// Where an f64 holds the value exactly enough (a few decimals), the
    /// integer path agrees with parsing as f64 and rounding.
    #[test]
    #[allow(clippy::cast_possible_truncation)]
    fn decimal_dates_agree_with_f64_where_it_is_exact() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let whole = x % 4_000_000_000;
            let frac = (x >> 40) % 1000;
            let sign = if x & 1 == 0 { "" } else { "-" };
            let text = alloc::format!("{sign}{whole}.{frac:03}");
            let f: f64 = text.parse().unwrap();
            assert_eq!(
                secs(&text, Rounding::Down),
                Some(f.floor() as i64),
                "{text}"
            );
            assert_eq!(secs(&text, Rounding::Up), Some(f.ceil() as i64), "{text}");
            let exp = alloc::format!("{sign}{whole}{frac:03}e-3");
            assert_eq!(secs(&exp, Rounding::Down), Some(f.floor() as i64), "{exp}");
        }
    }

    #[test]
    fn numeric_date_wrong_types_are_errors_not_absent() {
        for v in [
            "\"1700000000\"",
            "true",
            "false",
            "null",
            "[1]",
            "{\"a\":1}",
        ] {
            for claim in ["exp", "nbf", "iat"] {
                let text = alloc::format!("{{\"{claim}\":{v}}}");
                assert_eq!(err(&text), VerifyError::invalid(claim), "{text}");
            }
        }
    }

    #[test]
    fn numeric_date_range_and_rounding() {
        let p = |v: &str| {
            ClaimsRef::parse(&alloc::format!("{{\"exp\":{v},\"nbf\":{v},\"iat\":{v}}}"))
                .map(|c| c.to_owned())
        };
        for bad in [
            "1e400",
            "-1e400",
            "9223372036854775808",
            "18446744073709551616",
            "9.3e18",
            "-9.3e18",
        ] {
            assert!(p(bad).is_err(), "{bad}");
        }
        let c = p("9223372036854775807").unwrap();
        assert_eq!(c.exp.unwrap().as_secs(), i64::MAX);
        let c = p("-9223372036854775808").unwrap();
        assert_eq!(c.exp.unwrap().as_secs(), i64::MIN);
        let c = p("100.25").unwrap();
        assert_eq!(c.exp.unwrap().as_secs(), 100);
        assert_eq!(c.nbf.unwrap().as_secs(), 101);
        assert_eq!(c.iat.unwrap().as_secs(), 101);
        let c = p("-100.25").unwrap();
        assert_eq!(c.exp.unwrap().as_secs(), -101);
        assert_eq!(c.nbf.unwrap().as_secs(), -100);
        let c = p("1.7e9").unwrap();
        assert_eq!(c.exp.unwrap().as_secs(), 1_700_000_000);
        let c = p("-0").unwrap();
        assert_eq!(c.exp.unwrap().as_secs(), 0);
    }

    #[test]
    fn strings_and_audience() {
        let c = ClaimsRef::parse(r#"{"iss":"a\u0062c","sub":"dev","aud":"x","jti":"j"}"#).unwrap();
        assert_eq!(c.iss.unwrap().to_cow(), "abc");
        assert!(c.iss.unwrap().as_str().is_none());
        assert_eq!(c.sub.unwrap().as_str(), Some("dev"));
        assert!(c.aud.unwrap().contains("x"));
        assert!(!c.aud.unwrap().contains("y"));
        for bad in [
            r#"{"aud":1}"#,
            r#"{"aud":["a",1]}"#,
            r#"{"aud":null}"#,
            r#"{"iss":null}"#,
            r#"{"sub":5}"#,
            r#"{"jti":[]}"#,
        ] {
            assert!(ClaimsRef::parse(bad).is_err(), "{bad}");
        }
        // Escaped member names are the registered claims too.
        let c = ClaimsRef::parse(r#"{"\u0065xp":5}"#).unwrap();
        assert_eq!(c.exp, Some(NumericDate::from_secs(5)));
        let owned = ClaimsRef::parse(r#"{"aud":["a","b"]}"#).unwrap().to_owned();
        assert_eq!(
            owned.aud,
            Some(Audience::Many(alloc::vec!["a".into(), "b".into()]))
        );
    }
}
