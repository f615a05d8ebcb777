//! Engine errors to JavaScript `Error`s.
//!
//! Design note: every error the package throws is an `Error` (a
//! `TypeError` for arguments of the wrong type) with a `code` in the npm
//! `jose` package's vocabulary where `jose` has one (`ERR_JWT_EXPIRED`,
//! `ERR_JWT_CLAIM_VALIDATION_FAILED` with `claim` and `reason`,
//! `ERR_JWS_SIGNATURE_VERIFICATION_FAILED`, ...), and `ERR_JWT_` plus the
//! engine's code in capitals where it has none (`ERR_JWT_REVOKED`,
//! `ERR_JWT_RESERVED_CLAIM`). The engine's own stable `jwtCode` (snake
//! case) and `number` are always there too, so nothing is lost in the
//! mapping. The mapping reads only the engine's codes (`ErrorCode`) and the
//! claim a claim error names; no rule is decided here. The rejected
//! alternative, one code per engine variant in a new vocabulary, would
//! make `jose` users learn a second set of names for the same failures.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::ToString;

use jwt_core::{ParseError, Part, VerifyError};
use jwt_keys::KeyError;
use wasm_bindgen::JsValue;

use crate::js;

/// How an engine code shows in JavaScript: `jose`'s `code` and `name`.
struct JoseCode {
    code: Cow<'static, str>,
    name: &'static str,
}

fn jose(code: &'static str, name: &'static str) -> JoseCode {
    JoseCode {
        code: Cow::Borrowed(code),
        name,
    }
}

/// The `jose` code for an engine code (`payload`: a parse error in the
/// payload, which `jose` reports as an invalid JWT rather than JWS).
fn jose_code(engine_code: &'static str, payload: bool) -> JoseCode {
    match engine_code {
        "expired" | "too_old" => jose("ERR_JWT_EXPIRED", "JWTExpired"),
        "not_yet_valid" | "issued_in_future" | "typ_mismatch" | "claim_mismatch"
        | "claim_missing" | "claim_invalid" => jose(
            "ERR_JWT_CLAIM_VALIDATION_FAILED",
            "JWTClaimValidationFailed",
        ),
        "signature_invalid" => jose(
            "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
            "JWSSignatureVerificationFailed",
        ),
        "alg_not_allowed" | "alg_none" => jose("ERR_JOSE_ALG_NOT_ALLOWED", "JOSEAlgNotAllowed"),
        "unsupported_algorithm"
        | "unsupported_critical"
        | "key_unsupported"
        | "issue_unsupported" => jose("ERR_JOSE_NOT_SUPPORTED", "JOSENotSupported"),
        "key_not_found" | "key_unusable" | "keys_unavailable" => {
            jose("ERR_JWKS_NO_MATCHING_KEY", "JWKSNoMatchingKey")
        }
        "key_ambiguous" => jose(
            "ERR_JWKS_MULTIPLE_MATCHING_KEYS",
            "JWKSMultipleMatchingKeys",
        ),
        "claims_type" => jose("ERR_JWT_INVALID", "JWTInvalid"),
        "malformed" | "too_large" | "too_deep" | "duplicate_member" if payload => {
            jose("ERR_JWT_INVALID", "JWTInvalid")
        }
        "malformed" | "too_large" | "too_deep" | "duplicate_member" | "encrypted_token"
        | "json_serialization" | "unencoded_payload" => jose("ERR_JWS_INVALID", "JWSInvalid"),
        "keyset_rejected" | "keyset_member" | "keyset_no_usable_key" => {
            jose("ERR_JWKS_INVALID", "JWKSInvalid")
        }
        "key_rejected"
        | "key_malformed"
        | "key_encrypted"
        | "key_mismatch"
        | "key_not_a_secret"
        | "key_format_unrecognised"
        | "key_too_large"
        | "issue_key_rejected"
        | "issue_malformed"
        | "issue_key_encrypted"
        | "issue_key_mismatch"
        | "jwk_missing_member"
        | "issue_key_ambiguous" => jose("ERR_JWK_INVALID", "JWKInvalid"),
        other => JoseCode {
            code: Cow::Owned(format!("ERR_JWT_{}", other.to_ascii_uppercase())),
            name: "JWTError",
        },
    }
}

/// The claim and `jose`'s reason (`check_failed`, `missing`, `invalid`)
/// of a claims error.
fn claim_of(e: &VerifyError) -> Option<(Cow<'static, str>, &'static str)> {
    let check = |c: &'static str| Some((Cow::Borrowed(c), "check_failed"));
    match e {
        VerifyError::Expired => check("exp"),
        VerifyError::NotYetValid => check("nbf"),
        VerifyError::IssuedInFuture | VerifyError::TooOld => check("iat"),
        VerifyError::TypMismatch => check("typ"),
        VerifyError::ClaimMismatch { claim } => Some((claim.clone(), "check_failed")),
        VerifyError::MissingClaim { claim } => Some((claim.clone(), "missing")),
        VerifyError::InvalidClaim { claim } => Some((claim.clone(), "invalid")),
        _ => None,
    }
}

/// Builds the `Error` for an engine error.
fn engine_error(
    message: &str,
    engine_code: &'static str,
    number: u16,
    payload: bool,
    claim: Option<(Cow<'static, str>, &'static str)>,
) -> JsValue {
    let jose = jose_code(engine_code, payload);
    let err = js::new_error(message, jose.name);
    js::set(&err, "code", &JsValue::from_str(&jose.code));
    js::set(&err, "jwtCode", &JsValue::from_str(engine_code));
    js::set(&err, "number", &JsValue::from_f64(f64::from(number)));
    if let Some((claim, reason)) = claim {
        js::set(&err, "claim", &JsValue::from_str(&claim));
        js::set(&err, "reason", &JsValue::from_str(reason));
    }
    err
}

/// A verification error.
pub(crate) fn verify_error(e: &VerifyError) -> JsValue {
    let payload = matches!(
        e,
        VerifyError::Parse(
            ParseError::Malformed {
                part: Part::Payload,
                ..
            } | ParseError::TooLarge {
                part: Part::Payload
            } | ParseError::TooDeep {
                part: Part::Payload
            } | ParseError::DuplicateMember {
                part: Part::Payload
            }
        )
    );
    engine_error(&e.to_string(), e.code(), e.number(), payload, claim_of(e))
}

/// A key error.
pub(crate) fn key_error(e: &KeyError) -> JsValue {
    engine_error(&e.to_string(), e.code(), e.number(), false, None)
}

/// An issuing error.
#[cfg(feature = "issue")]
pub(crate) fn issue_error(e: &jwt_issue::IssueError) -> JsValue {
    engine_error(&e.to_string(), e.code(), e.number(), false, None)
}

/// A revocation store error.
#[cfg(feature = "revoke")]
pub(crate) fn store_error(e: &jwt_core::StoreError) -> JsValue {
    engine_error(&e.to_string(), e.code(), e.number(), false, None)
}

/// An argument of the wrong type: a `TypeError` with Node's
/// `ERR_INVALID_ARG_TYPE`.
pub(crate) fn arg_type(what: &str, expected: &str) -> JsValue {
    let err = js::new_type_error(&format!("{what} must be {expected}"));
    js::set(&err, "code", &JsValue::from_str("ERR_INVALID_ARG_TYPE"));
    err
}

/// An argument of the right type but an unusable value: an `Error` with
/// Node's `ERR_INVALID_ARG_VALUE`.
pub(crate) fn arg_value(message: &str) -> JsValue {
    let err = js::new_error(message, "Error");
    js::set(&err, "code", &JsValue::from_str("ERR_INVALID_ARG_VALUE"));
    err
}

/// An exception thrown by the caller's own code (a getter, `toJSON`, a
/// Proxy trap) while the package read an argument: passed on unchanged
/// when it is an `Error`, wrapped otherwise.
pub(crate) fn caller_threw(what: &str, thrown: JsValue) -> JsValue {
    if js::is_error(&thrown) {
        thrown
    } else {
        arg_value(&format!("reading {what} threw a non-Error value"))
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
#[allow(clippy::unwrap_used)]
mod tests {
    use alloc::borrow::Cow;
    use alloc::string::String;

    use jwt_core::{ParseError, Part, VerifyError};
    use wasm_bindgen::JsValue;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn prop(err: &JsValue, name: &str) -> JsValue {
        js_sys::Reflect::get(err, &JsValue::from_str(name)).unwrap()
    }

    /// Every verification error, including those the package cannot
    /// reach (no clock is ever asked, no typed claims, no remote key set,
    /// no lock to poison), keeps its engine code and number and gets a
    /// `code`; the reachable ones are pinned by the Node suite.
    #[wasm_bindgen_test]
    fn every_verify_error_maps_to_a_code() {
        let claim = || Cow::Borrowed("scope");
        let all = [
            VerifyError::Parse(ParseError::Malformed {
                part: Part::Header,
                reason: "x",
            }),
            VerifyError::Parse(ParseError::TooLarge {
                part: Part::Payload,
            }),
            VerifyError::Parse(ParseError::AlgNone),
            VerifyError::AlgorithmMismatch,
            VerifyError::KeyNotFound,
            VerifyError::KeyUnusable { reason: "x" },
            VerifyError::KeysUnavailable,
            VerifyError::AmbiguousKey,
            VerifyError::InvalidSignature,
            VerifyError::Expired,
            VerifyError::NotYetValid,
            VerifyError::IssuedInFuture,
            VerifyError::TooOld,
            VerifyError::TypMismatch,
            VerifyError::ClaimMismatch { claim: claim() },
            VerifyError::MissingClaim { claim: claim() },
            VerifyError::InvalidClaim { claim: claim() },
            VerifyError::Revoked,
            VerifyError::RevocationUnavailable,
            VerifyError::ClockUnavailable,
            VerifyError::ClaimsType,
        ];
        for e in all {
            let err = super::verify_error(&e);
            let code: String = prop(&err, "code").as_string().unwrap();
            assert!(code.starts_with("ERR_"), "{code}");
            assert_eq!(prop(&err, "jwtCode"), e.code());
            assert_eq!(prop(&err, "number"), f64::from(e.number()));
        }
        let err = super::verify_error(&VerifyError::Parse(ParseError::TooLarge {
            part: Part::Payload,
        }));
        assert_eq!(prop(&err, "code"), "ERR_JWT_INVALID");
        let err = super::verify_error(&VerifyError::ClockUnavailable);
        assert_eq!(prop(&err, "code"), "ERR_JWT_CLOCK_UNAVAILABLE");
        let err = super::verify_error(&VerifyError::MissingClaim { claim: claim() });
        assert_eq!(prop(&err, "claim"), "scope");
        assert_eq!(prop(&err, "reason"), "missing");
    }
}
