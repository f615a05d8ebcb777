//! `Verifier`: an options object in, the engine's `Verifier` out.
//!
//! Design note: the options object is translated once, in the
//! constructor, into the engine's `Validation` (one setting per claim) and
//! the key source narrowed to `algorithms`; each `verify` call passes the
//! time through the engine's `verify_at` (`currentDate`, or `Date.now()`),
//! so no clock is ever read inside wasm. Unknown option names are refused:
//! with `jose` a misspelt `audiance` silently verifies without an audience
//! check. The rejected alternative, taking the options on every call as
//! `jose.jwtVerify` does, would rebuild the policy and the key tables per
//! token.

use alloc::sync::Arc;

use jwt_core::{Clock, Validation, VerifiedToken, VerifyError};
use jwt_verify::MaterialKeys;
use wasm_bindgen::prelude::*;

use crate::error::verify_error;
use crate::js;
use crate::keys::{VerifyingKey, algorithms};

/// A clock that never knows the time: the time always comes with the
/// call (`verify_at`), so this is never asked.
#[derive(Clone, Copy, Debug)]
struct NoClock;

impl Clock for NoClock {
    fn now(&self) -> Option<i64> {
        None
    }
}

type Keys = Arc<MaterialKeys>;

enum Inner {
    Plain(jwt_verify::Verifier<Keys, NoClock>),
    #[cfg(feature = "revoke")]
    Revoking(jwt_verify::Verifier<Keys, NoClock, Arc<jwt_revoke::SharedRevocations>>),
}

const OPTIONS: &[&str] = &[
    "algorithms",
    "issuer",
    "audience",
    "subject",
    "typ",
    "clockTolerance",
    "maxTokenAge",
    "requiredClaims",
    "currentDate",
    "allowMissingExp",
];

const VERIFY_OPTIONS: &[&str] = &["currentDate"];

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** A JWS algorithm name. */
export type Algorithm =
  | "HS256" | "HS384" | "HS512"
  | "RS256" | "RS384" | "RS512"
  | "PS256" | "PS384" | "PS512"
  | "ES256" | "ES384" | "ES512"
  | "EdDSA";

/** A JSON Web Key (RFC 7517) as a plain object. */
export interface JsonWebKey { kty: string; kid?: string; alg?: string; use?: string; [member: string]: unknown }

/** Options of `new Verifier(key, options)`. Unknown names are refused. */
export interface VerifyOptions {
  /** Accept only these algorithms (default: whatever the keys pin). */
  algorithms?: Algorithm[];
  /** Required `iss`: one value or any of several. */
  issuer?: string | string[];
  /** Required `aud`: the token must name one of these. Without it, tokens carrying `aud` are refused (RFC 7519 4.1.3). */
  audience?: string | string[];
  /** Required `sub`. */
  subject?: string;
  /** Required header `typ` (compared as RFC 7515 4.1.9 says). */
  typ?: string;
  /** Seconds of clock skew tolerated on `exp`, `nbf`, `iat` (default 0). */
  clockTolerance?: number;
  /** Refuse tokens whose `iat` is older than this many seconds (makes `iat` required). */
  maxTokenAge?: number;
  /** Claims that must be present (and not null). */
  requiredClaims?: string[];
  /** The time to verify at, for every call (default: `Date.now()` at each call). */
  currentDate?: Date;
  /** Accept tokens without `exp` (they never expire). Default false. */
  allowMissingExp?: boolean;
}

/** A verified token: its protected header and its claims. Integer literals beyond +-(2^53 - 1) are `bigint`s. */
export interface VerifyResult {
  header: { alg: Algorithm; typ?: string; kid?: string; [member: string]: unknown };
  payload: { iss?: string; sub?: string; aud?: string | string[]; exp?: number; nbf?: number; iat?: number; jti?: string; [claim: string]: unknown };
}
"#;

/// Verifies compact tokens with one key (or key set) and one policy.
/// Build it once and reuse it: the policy, the key tables and the header
/// of the first good token are kept.
#[wasm_bindgen]
pub struct Verifier {
    inner: Inner,
    /// `currentDate` from the options: every call verifies at this time.
    fixed_now: Option<i64>,
}

#[wasm_bindgen]
impl Verifier {
    /// A verifier for `key` with `options` (see `VerifyOptions`): the
    /// defaults require `exp`, allow no clock skew and refuse tokens that
    /// carry `aud` unless `audience` is given.
    ///
    /// Throws `ERR_INVALID_ARG_TYPE`/`ERR_INVALID_ARG_VALUE` for bad
    /// options (including unknown option names) and `ERR_JWK_INVALID` when
    /// the key cannot serve any of `algorithms`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        key: &VerifyingKey,
        #[wasm_bindgen(unchecked_optional_param_type = "VerifyOptions")] options: Option<JsValue>,
    ) -> Result<Verifier, JsValue> {
        let options = js::options_arg(&options.unwrap_or_default(), OPTIONS, "options")?;
        let mut validation = Validation::new();
        let mut keys = key.keys();
        let mut fixed_now = None;
        if let Some(o) = &options {
            if let Some(names) = o.strings("algorithms")? {
                let algs = algorithms(&names, "options.algorithms")?;
                if algs.is_empty() {
                    return Err(crate::error::arg_value(
                        "options.algorithms is empty: no token could verify",
                    ));
                }
                keys = Arc::new(key.source().verifying_keys(&algs)?);
            }
            for iss in o.strings("issuer")?.unwrap_or_default() {
                validation = validation.issuer(iss);
            }
            for aud in o.strings("audience")?.unwrap_or_default() {
                validation = validation.audience(aud);
            }
            if let Some(sub) = o.string("subject")? {
                validation = validation.subject(sub);
            }
            if let Some(typ) = o.string("typ")? {
                validation = validation.typ(typ);
            }
            if let Some(leeway) = o.seconds("clockTolerance")? {
                validation = validation.leeway(leeway);
            }
            if let Some(age) = o.seconds("maxTokenAge")? {
                validation = validation.max_age(age);
            }
            if let Some(claims) = o.get("requiredClaims")? {
                for claim in js::string_array(&claims, "options.requiredClaims")? {
                    validation = validation.require(claim);
                }
            }
            if o.boolean("allowMissingExp")? == Some(true) {
                validation = validation.allow_missing_exp();
            }
            fixed_now = o.date("currentDate")?;
        }
        let verifier = jwt_verify::Verifier::new(keys, NoClock).with_validation(validation);
        Ok(Verifier {
            inner: Inner::Plain(verifier),
            fixed_now,
        })
    }

    /// A verifier with the same key and options that also consults
    /// `list` after every other check passed: a token on it throws
    /// `ERR_JWT_REVOKED`, and tokens without `jti` are refused
    /// (`ERR_JWT_CLAIM_VALIDATION_FAILED`, claim `jti`). Revocations added
    /// to `list` later are seen by the verifier at once.
    #[cfg(feature = "revoke")]
    #[wasm_bindgen(js_name = withRevocation)]
    pub fn with_revocation(&self, list: &crate::revoke::RevocationList) -> Verifier {
        let plain = match &self.inner {
            Inner::Plain(v) => v.clone(),
            Inner::Revoking(v) => jwt_verify::Verifier::new(Arc::clone(v.keys()), NoClock)
                .with_validation(v.validation().clone()),
        };
        Verifier {
            inner: Inner::Revoking(plain.with_revocation(list.shared())),
            fixed_now: self.fixed_now,
        }
    }

    /// Verifies a compact token and returns `{ header, payload }`, or
    /// throws an `Error` whose `code` names the reason (`ERR_JWT_EXPIRED`,
    /// `ERR_JWS_SIGNATURE_VERIFICATION_FAILED`,
    /// `ERR_JWT_CLAIM_VALIDATION_FAILED` with `claim` and `reason`, ...),
    /// with the engine's `jwtCode` and `number` beside it.
    ///
    /// The time is `options.currentDate`, else the verifier's
    /// `currentDate`, else `Date.now()`.
    #[wasm_bindgen(unchecked_return_type = "VerifyResult")]
    pub fn verify(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "{ currentDate?: Date }")] options: Option<
            JsValue,
        >,
    ) -> Result<JsValue, JsValue> {
        let token = js::string_arg(&token, "token")?;
        let options = js::options_arg(
            &options.unwrap_or_default(),
            VERIFY_OPTIONS,
            "verify options",
        )?;
        let now = match options
            .map(|o| o.date("currentDate"))
            .transpose()?
            .flatten()
        {
            Some(now) => now,
            None => match self.fixed_now {
                Some(now) => now,
                None => js::now_secs()?,
            },
        };
        let verified = self.verify_at(&token, now).map_err(|e| verify_error(&e))?;
        let out = js::object();
        js::set(&out, "header", &js::json_to_js(verified.header().json())?);
        js::set(&out, "payload", &js::json_to_js(verified.payload_json())?);
        Ok(out)
    }
}

impl Verifier {
    fn verify_at(&self, token: &str, now: i64) -> Result<VerifiedToken<'static>, VerifyError> {
        match &self.inner {
            Inner::Plain(v) => v.verify_at(token, now),
            #[cfg(feature = "revoke")]
            Inner::Revoking(v) => v.verify_at(token, now),
        }
    }
}
