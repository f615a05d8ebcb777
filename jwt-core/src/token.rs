//! Compact parsing into an [`UntrustedToken`].
//!
//! Design note: parsing checks sizes before decoding anything, decodes only
//! the header (into an inline buffer, so the common case allocates
//! nothing), and exposes nothing but the header: the payload stays encoded
//! until a verifier has checked the signature. The alternative of decoding
//! the claims up front invites callers to read them before verification
//! and spends work on tokens that are about to be refused.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use crate::alg::Algorithm;
use crate::b64;
use crate::claims::ClaimsIndex;
use crate::error::{ParseError, Part, VerifyError};
use crate::json::{self, JsonError, JsonStr, Kind, Members, Value};

/// Size and nesting limits, all checked before the data they guard is
/// decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Longest accepted compact token, in bytes. Default 8 KiB.
    pub max_token_len: usize,
    /// Longest accepted decoded header, in bytes. Default 1 KiB.
    pub max_header_len: usize,
    /// Deepest accepted JSON nesting in header and claims; the top-level
    /// object counts as 1. Default 16; at most
    /// [`json::MAX_SUPPORTED_DEPTH`].
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_token_len: 8 * 1024,
            max_header_len: 1024,
            max_depth: 16,
        }
    }
}

/// Longest accepted signature: 1024 bytes, an RSA-8192 signature.
pub const MAX_SIGNATURE_LEN: usize = 1024;

/// Options for parsing: limits and the `crit` extensions the caller
/// understands and enforces itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// Size and nesting limits.
    pub limits: Limits,
    /// Header parameter names that may appear in `crit` (RFC 7515 4.1.11).
    /// A token whose `crit` names anything else is refused. Empty by
    /// default: every `crit` is refused.
    pub critical: Vec<String>,
}

impl ParseOptions {
    /// Declares a critical header extension that the caller understands.
    pub fn allow_critical(mut self, name: impl Into<String>) -> Self {
        self.critical.push(name.into());
        self
    }

    /// Replaces the limits.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}

/// Header parameters registered by RFC 7515 and RFC 7519; they may never be
/// named in `crit`.
const REGISTERED_HEADER: [&str; 11] = [
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit",
];

/// Headers up to this many bytes (after decoding) are kept inline; a
/// typical device token's header is 40-80 bytes (one with a 43-character
/// thumbprint `kid` and `typ` is 76). Kept small because the header
/// travels inside `UntrustedToken` and `VerifiedToken` by value: 96
/// rather than 128 keeps an HS256 verification under 4 KB of stack on a
/// Cortex-M4.
const INLINE: usize = 96;

/// Decoded JSON text, inline when short.
#[derive(Clone)]
struct Text {
    inline: [u8; INLINE],
    len: usize,
    heap: Vec<u8>,
}

impl Text {
    fn decode(b64_text: &str, part: Part) -> Result<Text, ParseError> {
        let mut t = Text {
            inline: [0; INLINE],
            len: 0,
            heap: Vec::new(),
        };
        match b64::decoded_len(b64_text.len()) {
            Some(n) if n <= INLINE => {
                t.len = b64::decode_into(b64_text, &mut t.inline, part)?;
            }
            _ => {
                t.heap = b64::decode(b64_text, part)?;
                t.len = t.heap.len();
            }
        }
        if core::str::from_utf8(t.bytes()).is_err() {
            return Err(ParseError::Malformed {
                part,
                reason: "not valid UTF-8",
            });
        }
        Ok(t)
    }

    fn bytes(&self) -> &[u8] {
        if self.heap.is_empty() {
            self.inline.get(..self.len).unwrap_or_default()
        } else {
            &self.heap
        }
    }

    fn as_str(&self) -> &str {
        // Checked as UTF-8 at construction.
        core::str::from_utf8(self.bytes()).unwrap_or_default()
    }
}

/// Where a string member's text sits inside the header.
#[derive(Clone, Copy, Debug)]
struct Span {
    start: u32,
    end: u32,
}

/// Maps a JSON error in `part` to a parse error.
pub(crate) fn json_error(e: JsonError, part: Part) -> ParseError {
    match e {
        JsonError::Syntax(reason) => ParseError::Malformed { part, reason },
        JsonError::TooDeep => ParseError::TooDeep { part },
        JsonError::DuplicateMember => ParseError::DuplicateMember { part },
        JsonError::NotAnObject => ParseError::Malformed {
            part,
            reason: "not a JSON object",
        },
    }
}

/// A token's protected header (RFC 7515 section 4), checked but untrusted.
///
/// It has no settable `alg`: the value is parsed only so that a verifier
/// can compare it with the algorithm its key pins. `jwk`, `jku`, `x5u` and
/// `x5c` are ignored: they never select or supply a key.
#[derive(Clone)]
pub struct Header {
    text: Text,
    alg: Algorithm,
    kid: Option<Span>,
    typ: Option<Span>,
    cty: Option<Span>,
}

impl core::fmt::Debug for Header {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Header")
            .field("alg", &self.alg)
            .field("kid", &self.kid())
            .field("typ", &self.typ())
            .field("cty", &self.cty())
            .finish()
    }
}

impl Header {
    fn parse(b64_text: &str, options: &ParseOptions) -> Result<Header, ParseError> {
        let part = Part::Header;
        let text = Text::decode(b64_text, part)?;
        let s = text.as_str();
        let mut alg = None;
        let (mut kid, mut typ, mut cty) = (None, None, None);
        let mut crit = None;
        let span_of = |v: Value<'_>| -> Result<Span, ParseError> {
            let js = v.as_string().ok_or(ParseError::Malformed {
                part,
                reason: "kid, typ and cty must be strings",
            })?;
            let start = (js.raw().as_ptr() as usize).wrapping_sub(s.as_ptr() as usize);
            let end = start.saturating_add(js.raw().len());
            match (u32::try_from(start), u32::try_from(end)) {
                (Ok(start), Ok(end)) => Ok(Span { start, end }),
                _ => Err(ParseError::TooLarge { part }),
            }
        };
        // One pass: syntax, depth, duplicates, and the members we read.
        json::check_members(s, options.limits.max_depth, |name, value| {
            let Some(raw) = name.as_str() else {
                // Escaped names are compared decoded (rare).
                return read_header_member(
                    &name.to_cow(),
                    value,
                    &span_of,
                    (&mut alg, &mut kid, &mut typ, &mut cty, &mut crit),
                );
            };
            read_header_member(
                raw,
                value,
                &span_of,
                (&mut alg, &mut kid, &mut typ, &mut cty, &mut crit),
            )
        })
        .map_err(|e| match e {
            HeaderError::Json(e) => json_error(e, part),
            HeaderError::Parse(e) => e,
        })?;
        let alg = alg.ok_or(ParseError::Malformed {
            part,
            reason: "missing alg",
        })?;
        if let Some(crit) = crit {
            check_crit(s, crit, options)?;
        }
        Ok(Header {
            text,
            alg,
            kid,
            typ,
            cty,
        })
    }

    fn span_str(&self, span: Option<Span>) -> Option<Cow<'_, str>> {
        let span = span?;
        // The span lies between two quotes of valid UTF-8 text, so only
        // its own few bytes need re-checking.
        let (start, end) = (
            usize::try_from(span.start).ok()?,
            usize::try_from(span.end).ok()?,
        );
        let raw = core::str::from_utf8(self.text.bytes().get(start..end)?).ok()?;
        Some(JsonStr::from_inner(raw).to_cow())
    }

    /// The algorithm the header names. Only ever compared with a key's.
    pub fn algorithm(&self) -> Algorithm {
        self.alg
    }

    /// The key id (`kid`), decoded.
    pub fn kid(&self) -> Option<Cow<'_, str>> {
        self.span_str(self.kid)
    }

    /// The media type of the whole token (`typ`), decoded, as written.
    pub fn typ(&self) -> Option<Cow<'_, str>> {
        self.span_str(self.typ)
    }

    /// The content type (`cty`), decoded, as written.
    pub fn cty(&self) -> Option<Cow<'_, str>> {
        self.span_str(self.cty)
    }

    /// The raw JSON text of any header parameter, e.g. a `crit` extension
    /// the caller declared and must enforce.
    pub fn param(&self, name: &str) -> Option<&str> {
        Members::new(self.text.as_str())
            .find(|(k, _)| k.eq_str(name))
            .map(|(_, v)| v)
    }

    /// The decoded header JSON.
    pub fn json(&self) -> &str {
        self.text.as_str()
    }
}

/// A JSON error or a header error, while reading the header.
enum HeaderError {
    Json(JsonError),
    Parse(ParseError),
}

impl From<JsonError> for HeaderError {
    fn from(e: JsonError) -> Self {
        HeaderError::Json(e)
    }
}

type HeaderSlots<'s, 'a> = (
    &'s mut Option<Algorithm>,
    &'s mut Option<Span>,
    &'s mut Option<Span>,
    &'s mut Option<Span>,
    &'s mut Option<&'a str>,
);

/// Reads one top-level header member into its slot.
fn read_header_member<'a>(
    name: &str,
    value: Value<'a>,
    span_of: &dyn Fn(Value<'_>) -> Result<Span, ParseError>,
    (alg, kid, typ, cty, crit): HeaderSlots<'_, 'a>,
) -> Result<(), HeaderError> {
    let part = Part::Header;
    match name {
        "alg" => {
            let js = value.as_string().ok_or(ParseError::Malformed {
                part,
                reason: "alg must be a string",
            });
            let js = js.map_err(HeaderError::Parse)?;
            let a = match js.as_str() {
                Some(plain) => Algorithm::from_name(plain),
                None => Algorithm::from_name(&js.to_cow()),
            };
            *alg = Some(a.map_err(HeaderError::Parse)?);
        }
        "kid" => *kid = Some(span_of(value).map_err(HeaderError::Parse)?),
        "typ" => *typ = Some(span_of(value).map_err(HeaderError::Parse)?),
        "cty" => *cty = Some(span_of(value).map_err(HeaderError::Parse)?),
        "crit" => *crit = Some(value.raw()),
        "b64" => return Err(HeaderError::Parse(ParseError::UnencodedPayload)),
        _ => {}
    }
    Ok(())
}

fn check_crit(header: &str, crit: &str, options: &ParseOptions) -> Result<(), ParseError> {
    let malformed = |reason| ParseError::Malformed {
        part: Part::Header,
        reason,
    };
    let elements = json::Elements::new(crit).ok_or(malformed("crit must be an array"))?;
    let mut names: Vec<Cow<'_, str>> = Vec::new();
    for element in elements {
        if json::kind(element) != Kind::String {
            return Err(malformed("crit must hold strings"));
        }
        let name = JsonStr::from_value(element)
            .ok_or(malformed("crit must hold strings"))?
            .to_cow();
        if REGISTERED_HEADER.contains(&name.as_ref()) {
            return Err(malformed("crit names a registered header parameter"));
        }
        if names.contains(&name) {
            return Err(malformed("crit names a parameter twice"));
        }
        names.push(name);
    }
    if names.is_empty() {
        return Err(malformed("crit must not be empty"));
    }
    for name in &names {
        if name == "b64" {
            return Err(ParseError::UnencodedPayload);
        }
        if !options.critical.iter().any(|c| c == name) {
            return Err(ParseError::UnsupportedCritical);
        }
        if !Members::new(header).any(|(k, _)| k.eq_str(name)) {
            return Err(malformed("crit names a parameter that is absent"));
        }
    }
    Ok(())
}

/// A header parsed once, to be reused for tokens whose header segment is
/// byte-for-byte the same (see [`UntrustedToken::parse_with_memo`]). A
/// verifier that sees the same issuer's tokens again and again skips
/// decoding and checking the same header every time.
#[derive(Clone, Debug)]
#[doc(hidden)]
pub struct HeaderMemo {
    b64: String,
    options: ParseOptions,
    header: Header,
}

impl HeaderMemo {
    /// The remembered header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Parses `token`'s header segment again under `options` and keeps
    /// the result.
    ///
    /// # Errors
    /// As [`UntrustedToken::parse_with`] for the header.
    pub fn new(token: &UntrustedToken<'_>, options: &ParseOptions) -> Result<Self, ParseError> {
        let input = token.signing_input;
        let b64 = input
            .get(..input.find('.').unwrap_or(input.len()))
            .unwrap_or_default();
        Ok(HeaderMemo {
            header: Header::parse(b64, options)?,
            b64: String::from(b64),
            options: options.clone(),
        })
    }
}

/// High bit set in exactly the bytes of `w` that are `.` (no false
/// positives: the addition cannot carry out of a byte).
#[inline(always)]
const fn dots(w: u64) -> u64 {
    const LOW7: u64 = u64::from_le_bytes([0x7F; 8]);
    let x = w ^ u64::from_le_bytes([b'.'; 8]);
    !(((x & LOW7).wrapping_add(LOW7)) | x) & !LOW7
}

#[inline(always)]
fn word(chunk: &[u8]) -> u64 {
    u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or([0; 8]))
}

/// The first `.` in `b`, eight bytes at a time.
fn find_dot(b: &[u8]) -> Option<usize> {
    let mut words = b.chunks_exact(8);
    let mut at = 0usize;
    for chunk in &mut words {
        let hits = dots(word(chunk));
        if hits != 0 {
            return at.checked_add(usize::try_from(hits.trailing_zeros() / 8).ok()?);
        }
        at = at.saturating_add(8);
    }
    let i = words.remainder().iter().position(|&c| c == b'.')?;
    at.checked_add(i)
}

/// The last `.` in `b`, eight bytes at a time from the end.
fn rfind_dot(b: &[u8]) -> Option<usize> {
    let mut words = b.rchunks_exact(8);
    let mut end = b.len();
    for chunk in &mut words {
        end = end.saturating_sub(8);
        let hits = dots(word(chunk));
        if hits != 0 {
            let from_top = usize::try_from(hits.leading_zeros() / 8).ok()?;
            return end.checked_add(7)?.checked_sub(from_top);
        }
    }
    words.remainder().iter().rposition(|&c| c == b'.')
}

fn three_segments() -> ParseError {
    ParseError::Malformed {
        part: Part::Token,
        reason: "expected three dot-separated segments",
    }
}

/// A compact JWS that has been split and size-checked, with its header
/// decoded. Nothing in it is trusted; the payload is not even decoded.
///
/// ```
/// use jwt_core::UntrustedToken;
/// // RFC 7515 appendix A.1
/// let token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
/// let t = UntrustedToken::parse(token).unwrap();
/// assert_eq!(t.header().algorithm(), jwt_core::Algorithm::HS256);
/// assert_eq!(t.header().typ().as_deref(), Some("JWT"));
/// ```
#[derive(Clone, Debug)]
pub struct UntrustedToken<'a> {
    signing_input: &'a str,
    payload: &'a str,
    signature: &'a str,
    /// Borrowed from a [`HeaderMemo`] when the header segment matched it,
    /// so that a token refused later never copies the header.
    header: Cow<'a, Header>,
}

impl<'a> UntrustedToken<'a> {
    /// Parses with the default [`ParseOptions`].
    pub fn parse(token: &'a str) -> Result<Self, ParseError> {
        Self::parse_with(token, &ParseOptions::default())
    }

    /// Parses with explicit options.
    pub fn parse_with(token: &'a str, options: &ParseOptions) -> Result<Self, ParseError> {
        Self::parse_with_memo(token, options, None)
    }

    /// [`UntrustedToken::parse_with`], reusing `memo`'s header when this
    /// token's header segment is byte-for-byte the one `memo` was made from
    /// under the same options (so the result is the same as parsing it
    /// again). Every other check runs as usual.
    ///
    /// ```
    /// use jwt_core::token::{HeaderMemo, ParseOptions, UntrustedToken};
    /// let token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZXYifQ.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmUtMTI";
    /// let options = ParseOptions::default();
    /// let memo = HeaderMemo::new(&UntrustedToken::parse_with(token, &options)?, &options)?;
    /// let again = UntrustedToken::parse_with_memo(token, &options, Some(&memo))?;
    /// assert_eq!(again.header().algorithm(), jwt_core::Algorithm::HS256);
    /// # Ok::<(), jwt_core::ParseError>(())
    /// ```
    #[inline]
    #[doc(hidden)]
    pub fn parse_with_memo(
        token: &'a str,
        options: &ParseOptions,
        memo: Option<&'a HeaderMemo>,
    ) -> Result<Self, ParseError> {
        let limits = &options.limits;
        if token.len() > limits.max_token_len {
            return Err(ParseError::TooLarge { part: Part::Token });
        }
        if token.trim_start().starts_with('{') {
            return Err(ParseError::JsonSerialization);
        }
        // The first and the last dot; a dot between them (a JWE has four)
        // makes the payload fail its alphabet check below.
        let bytes = token.as_bytes();
        let (Some(d1), Some(d2)) = (find_dot(bytes), rfind_dot(bytes)) else {
            return Err(three_segments());
        };
        if d1 == d2 {
            return Err(three_segments());
        }
        let header_b64 = token.get(..d1).unwrap_or_default();
        let payload = token.get(d1.saturating_add(1)..d2).unwrap_or_default();
        let signature = token.get(d2.saturating_add(1)..).unwrap_or_default();
        let signing_input = token.get(..d2).unwrap_or_default();

        if header_b64.len() > b64::encoded_len(limits.max_header_len) {
            return Err(ParseError::TooLarge { part: Part::Header });
        }
        if signature.len() > b64::encoded_len(MAX_SIGNATURE_LEN) {
            return Err(ParseError::TooLarge {
                part: Part::Signature,
            });
        }
        if header_b64.is_empty() {
            return Err(ParseError::Malformed {
                part: Part::Header,
                reason: "empty",
            });
        }
        // The payload's alphabet, and so the segment count (a JWE has two
        // more dots in between), before anything is decoded.
        if let Err(e) = b64::check_alphabet(payload, Part::Payload) {
            return Err(match payload.bytes().filter(|&b| b == b'.').count() {
                0 => e,
                2 => ParseError::Encrypted,
                _ => three_segments(),
            });
        }
        let header = match memo {
            Some(m) if m.b64 == header_b64 && m.options == *options => Cow::Borrowed(&m.header),
            _ => Cow::Owned(Header::parse(header_b64, options)?),
        };
        if payload.is_empty() {
            return Err(ParseError::Malformed {
                part: Part::Payload,
                reason: "empty (detached payloads are not supported)",
            });
        }
        if signature.is_empty() {
            return Err(ParseError::Malformed {
                part: Part::Signature,
                reason: "empty",
            });
        }
        b64::check_alphabet(signature, Part::Signature)?;
        Ok(UntrustedToken {
            signing_input,
            payload,
            signature,
            header,
        })
    }

    /// The checked header. Its values are claims by whoever made the
    /// token, useful only to pick a key (`kid`).
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Consumes the token, keeping its header.
    pub fn into_header(self) -> Header {
        self.header.into_owned()
    }

    /// Whether the header is the one of the [`HeaderMemo`] passed to
    /// [`UntrustedToken::parse_with_memo`] (borrowed, not parsed again).
    #[doc(hidden)]
    pub fn header_is_remembered(&self) -> bool {
        matches!(self.header, Cow::Borrowed(_))
    }

    /// The bytes the signature covers: `header '.' payload`, as received.
    pub fn signing_input(&self) -> &'a [u8] {
        self.signing_input.as_bytes()
    }

    /// The payload segment, still base64url-encoded.
    pub fn payload_b64(&self) -> &'a str {
        self.payload
    }

    /// The signature segment, still base64url-encoded.
    pub fn signature_b64(&self) -> &'a str {
        self.signature
    }

    /// Decodes the signature into `out` and returns the written prefix.
    /// An `out` of [`MAX_SIGNATURE_LEN`] bytes always suffices; a shorter
    /// one that cannot hold the signature is refused as too large.
    pub fn decode_signature<'o>(&self, out: &'o mut [u8]) -> Result<&'o [u8], ParseError> {
        let n = b64::decode_into(self.signature, out, Part::Signature)?;
        Ok(out.get(..n).unwrap_or_default())
    }

    /// Decodes the payload and checks it as JSON (UTF-8, syntax, nesting,
    /// unique members). For verifiers: call only after the signature has
    /// been checked.
    pub(crate) fn decode_payload(&self, limits: &Limits) -> Result<String, ParseError> {
        let text = self.decode_utf8()?;
        json::check_object(&text, limits.max_depth).map_err(|e| json_error(e, Part::Payload))?;
        Ok(text)
    }

    /// Decodes the payload, checks it as JSON and reads its registered
    /// claims, in one pass over the text. For verifiers: call only after
    /// the signature has been checked.
    #[doc(hidden)]
    pub fn decode_claims(&self, limits: &Limits) -> Result<(String, ClaimsIndex), VerifyError> {
        let text = self.decode_utf8()?;
        let index = ClaimsIndex::parse(&text, limits.max_depth)?;
        Ok((text, index))
    }

    /// [`UntrustedToken::decode_claims`] into `buf`, without allocating;
    /// the text is borrowed from `buf`.
    #[doc(hidden)]
    pub fn decode_claims_into<'b>(
        &self,
        limits: &Limits,
        buf: &'b mut [u8],
    ) -> Result<(&'b str, ClaimsIndex), VerifyError> {
        let text = self.decode_utf8_into(buf)?;
        let index = ClaimsIndex::parse(text, limits.max_depth)?;
        Ok((text, index))
    }

    /// The payload decoded into a new string, checked as UTF-8 only.
    fn decode_utf8(&self) -> Result<String, ParseError> {
        let bytes = b64::decode(self.payload, Part::Payload)?;
        String::from_utf8(bytes).map_err(|_| ParseError::Malformed {
            part: Part::Payload,
            reason: "not valid UTF-8",
        })
    }

    fn decode_utf8_into<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, ParseError> {
        let needed = b64::decoded_len(self.payload.len()).unwrap_or(usize::MAX);
        if needed > buf.len() {
            return Err(ParseError::TooLarge {
                part: Part::Payload,
            });
        }
        let n = b64::decode_into(self.payload, buf, Part::Payload)?;
        core::str::from_utf8(buf.get(..n).unwrap_or_default()).map_err(|_| ParseError::Malformed {
            part: Part::Payload,
            reason: "not valid UTF-8",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn dot_search_agrees_with_the_iterator_search() {
        for len in 0..40 {
            for first in 0..=len {
                for last in first..=len {
                    // Dots at `first` and `last` (when inside), filler bytes
                    // that differ from '.' by one bit (',', '/', 0xAE).
                    let mut b = vec![b'/'; len];
                    for (i, c) in b.iter_mut().enumerate() {
                        *c = [b'/', b',', 0xAE, b'n'][i % 4];
                    }
                    if let Some(c) = b.get_mut(first) {
                        *c = b'.';
                    }
                    if let Some(c) = b.get_mut(last) {
                        *c = b'.';
                    }
                    assert_eq!(find_dot(&b), b.iter().position(|&c| c == b'.'));
                    assert_eq!(rfind_dot(&b), b.iter().rposition(|&c| c == b'.'));
                }
            }
        }
    }
}
