//! Strict base64url (RFC 7515 section 2 and appendix C).
//!
//! Design note: the `base64` crate's URL-safe engine without padding already
//! refuses `=`, `+`, `/`, whitespace and non-canonical trailing bits; this
//! module wraps it so that every refusal names the token segment and the
//! rule it broke. The variable-time decoder is deliberate: token segments
//! are public data (only the signature check is constant-time), and a
//! constant-time codec costs peers several times the decode time.

use alloc::string::String;
use alloc::vec::Vec;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::error::{ParseError, Part};

/// Exact decoded length of a canonical unpadded base64url text of `len`
/// characters, or `None` if no such text exists (`len % 4 == 1`).
pub const fn decoded_len(len: usize) -> Option<usize> {
    // (len / 4) * 3 <= len, so none of this can overflow.
    let full = (len / 4).saturating_mul(3);
    match len % 4 {
        0 => Some(full),
        2 => Some(full.saturating_add(1)),
        3 => Some(full.saturating_add(2)),
        _ => None,
    }
}

/// Length of the unpadded base64url encoding of `len` bytes.
pub const fn encoded_len(len: usize) -> usize {
    let full = (len / 3).saturating_mul(4);
    match len % 3 {
        0 => full,
        1 => full.saturating_add(2),
        _ => full.saturating_add(3),
    }
}

const fn is_alphabet(b: u8) -> bool {
    matches!(b, b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_')
}

/// Explains why `input` is not canonical base64url.
fn diagnose(input: &[u8], part: Part) -> ParseError {
    let reason = if let Some(&b) = input.iter().find(|&&b| !is_alphabet(b)) {
        match b {
            b'=' => "base64url padding is not allowed",
            b'+' | b'/' => "standard base64 characters (+ or /) are not allowed",
            b' ' | b'\t' | b'\r' | b'\n' => "whitespace is not allowed",
            _ => "character outside the base64url alphabet",
        }
    } else if decoded_len(input.len()).is_none() {
        "impossible base64url length"
    } else {
        "non-canonical base64url (trailing bits set)"
    };
    ParseError::Malformed { part, reason }
}

/// Checks the alphabet and length without decoding (trailing bits are
/// checked when the segment is decoded).
pub fn check_alphabet(input: &str, part: Part) -> Result<(), ParseError> {
    let bytes = input.as_bytes();
    if bytes.iter().all(|&b| is_alphabet(b)) && decoded_len(bytes.len()).is_some() {
        Ok(())
    } else {
        Err(diagnose(bytes, part))
    }
}

/// Decodes `input` into `out`, returning the number of bytes written.
/// `out` must hold at least [`decoded_len`] bytes.
pub fn decode_into(input: &str, out: &mut [u8], part: Part) -> Result<usize, ParseError> {
    URL_SAFE_NO_PAD
        .decode_slice(input.as_bytes(), out)
        .map_err(|_| diagnose(input.as_bytes(), part))
}

/// Decodes `input` into a new vector.
///
/// ```
/// use jwt_core::{b64, Part};
/// assert_eq!(b64::decode("aGk", Part::Payload).unwrap(), b"hi");
/// assert!(b64::decode("aGk=", Part::Payload).is_err()); // padding
/// assert!(b64::decode("aGl", Part::Payload).is_err()); // trailing bits
/// ```
pub fn decode(input: &str, part: Part) -> Result<Vec<u8>, ParseError> {
    URL_SAFE_NO_PAD
        .decode(input.as_bytes())
        .map_err(|_| diagnose(input.as_bytes(), part))
}

/// Encodes `bytes` as unpadded base64url.
pub fn encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Appends the unpadded base64url encoding of `bytes` to `out`.
pub fn encode_to(bytes: &[u8], out: &mut String) {
    URL_SAFE_NO_PAD.encode_string(bytes, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(input: &str) -> &'static str {
        match decode(input, Part::Header) {
            Err(ParseError::Malformed { reason, .. }) => reason,
            other => panic!("{input:?} gave {other:?}"),
        }
    }

    #[test]
    fn non_canonical_inputs_are_rejected_with_a_reason() {
        assert_eq!(reason("aGk="), "base64url padding is not allowed");
        assert_eq!(
            reason("a+8"),
            "standard base64 characters (+ or /) are not allowed"
        );
        assert_eq!(
            reason("a/8"),
            "standard base64 characters (+ or /) are not allowed"
        );
        assert_eq!(reason("aG k"), "whitespace is not allowed");
        assert_eq!(reason("aGk\n"), "whitespace is not allowed");
        assert_eq!(reason("aGkxa"), "impossible base64url length");
        assert_eq!(reason("aGl"), "non-canonical base64url (trailing bits set)");
        assert_eq!(reason("aR"), "non-canonical base64url (trailing bits set)");
        assert_eq!(
            reason("a\u{e9}"),
            "character outside the base64url alphabet"
        );
    }

    #[test]
    fn lengths_and_round_trip() {
        for n in 0..40usize {
            let data: Vec<u8> = (0..n).map(|i| (i * 37 % 256) as u8).collect();
            let e = encode(&data);
            assert_eq!(e.len(), encoded_len(n));
            assert_eq!(decoded_len(e.len()), Some(n));
            check_alphabet(&e, Part::Payload).unwrap();
            assert_eq!(decode(&e, Part::Payload).unwrap(), data);
            let mut buf = [0u8; 40];
            assert_eq!(decode_into(&e, &mut buf, Part::Payload).unwrap(), n);
        }
    }
}
