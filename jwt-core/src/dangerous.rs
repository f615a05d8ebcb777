//! Reading a token without verifying it. For debugging and tooling only.
//!
//! Design note: the only way to see claims without a key is this module,
//! whose name makes every call site stand out in review. The rejected
//! alternative, a `verify: false` flag on the normal path, is one config
//! mistake away from accepting forged tokens.

use alloc::string::String;

use crate::error::ParseError;
use crate::token::{Header, ParseOptions, UntrustedToken};

/// Decodes header and payload **without checking the signature or any
/// claim**. Never base a decision on the result.
///
/// The payload is still checked as strict JSON (syntax, nesting, unique
/// members).
///
/// ```
/// let token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
/// let (header, payload) = jwt_core::dangerous::insecure_decode(token).unwrap();
/// assert_eq!(header.kid(), None);
/// assert!(payload.contains("\"iss\":\"joe\""));
/// ```
pub fn insecure_decode(token: &str) -> Result<(Header, String), ParseError> {
    insecure_decode_with(token, &ParseOptions::default())
}

/// [`insecure_decode`] with explicit options.
pub fn insecure_decode_with(
    token: &str,
    options: &ParseOptions,
) -> Result<(Header, String), ParseError> {
    let t = UntrustedToken::parse_with(token, options)?;
    let payload = t.decode_payload(&options.limits)?;
    Ok((t.into_header(), payload))
}
