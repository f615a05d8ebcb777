//! `Issuer`: the engine's `TokenBuilder` behind an options object.
//!
//! Design note: the issuer-wide settings (`issuer`, `audience`, `subject`,
//! `expiresIn`, `typ`) are read once; each `issue` call builds the
//! engine's `TokenBuilder` over the same key, adds the caller's claims as
//! the JSON text `JSON.stringify` makes (`TokenBuilder::claims_json`: the
//! engine checks it and refuses registered claim names there) and signs
//! with the time of the call and `crypto.getRandomValues` for `jti`. The
//! header is the engine's: `alg` from the key, never from the caller.

use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;

use jwt_core::NumericDate;
use jwt_issue::{DynSigningKey, FixedClock, TokenBuilder};
use wasm_bindgen::prelude::*;

use crate::error::issue_error;
use crate::js;
use crate::keys::SigningKey;

const OPTIONS: &[&str] = &[
    "issuer",
    "audience",
    "subject",
    "expiresIn",
    "noExpiry",
    "typ",
];
const ISSUE_OPTIONS: &[&str] = &["subject", "audience", "jti", "notBefore", "currentDate"];

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** Options of `new Issuer(key, options)`. Unknown names are refused. */
export interface IssuerOptions {
  /** `iss` of every token. */
  issuer?: string;
  /** `aud` of every token (one string, or an array). */
  audience?: string | string[];
  /** `sub` of every token (override per token with `issue`'s `subject`). */
  subject?: string;
  /** Lifetime in seconds: `exp` = `iat` + this. Required unless `noExpiry`. */
  expiresIn?: number;
  /** Issue tokens without `exp` (only revocation can retire them). */
  noExpiry?: boolean;
  /** Header `typ` (default `JWT`). */
  typ?: string;
}

/** Per-token options of `issuer.issue(claims, options)`. */
export interface IssueOptions {
  /** `sub` of this token. */
  subject?: string;
  /** `aud` of this token, instead of the issuer's. */
  audience?: string | string[];
  /** A fixed `jti` instead of 128 random bits. */
  jti?: string;
  /** `nbf`: not valid before this time. */
  notBefore?: Date;
  /** The time of issue (default `Date.now()`). */
  currentDate?: Date;
}
"#;

/// Issues compact tokens signed with one key: `iat` and `exp` from the
/// time of the call, a random `jti`, the header's `alg` and `kid` from the
/// key.
#[wasm_bindgen]
pub struct Issuer {
    key: Arc<DynSigningKey>,
    issuer: Option<String>,
    audience: Vec<String>,
    subject: Option<String>,
    ttl: Option<u64>,
    no_expiry: bool,
    typ: Option<String>,
}

#[wasm_bindgen]
impl Issuer {
    /// An issuer signing with `key`, with `options` (see `IssuerOptions`).
    /// `expiresIn` (seconds) is required unless `noExpiry: true`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        key: &SigningKey,
        #[wasm_bindgen(unchecked_optional_param_type = "IssuerOptions")] options: Option<JsValue>,
    ) -> Result<Issuer, JsValue> {
        let options = js::options_arg(&options.unwrap_or_default(), OPTIONS, "options")?;
        let mut issuer = Issuer {
            key: key.key(),
            issuer: None,
            audience: Vec::new(),
            subject: None,
            ttl: None,
            no_expiry: false,
            typ: None,
        };
        if let Some(o) = options {
            issuer.issuer = o.string("issuer")?;
            issuer.audience = o.strings("audience")?.unwrap_or_default();
            issuer.subject = o.string("subject")?;
            issuer.ttl = o.seconds("expiresIn")?;
            issuer.no_expiry = o.boolean("noExpiry")?.unwrap_or(false);
            issuer.typ = o.string("typ")?;
        }
        Ok(issuer)
    }

    /// Signs a token with the custom `claims` (a plain object, serialised
    /// with `JSON.stringify`; registered claims such as `sub` or `exp` are
    /// refused there with `ERR_JWT_RESERVED_CLAIM`: use the options) and
    /// returns the compact token.
    ///
    /// `BigInt` claim values are refused (`JSON.stringify` throws a
    /// `TypeError`); write large integers as strings.
    pub fn issue(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "Record<string, unknown>")] claims: Option<
            JsValue,
        >,
        #[wasm_bindgen(unchecked_optional_param_type = "IssueOptions")] options: Option<JsValue>,
    ) -> Result<String, JsValue> {
        let claims = claims
            .map(|c| js::json_object_arg(&c, "claims"))
            .transpose()?;
        let options =
            js::options_arg(&options.unwrap_or_default(), ISSUE_OPTIONS, "issue options")?;
        let mut builder = TokenBuilder::new(&**self.key);
        if let Some(typ) = &self.typ {
            builder = builder.typ(typ.as_str());
        }
        if let Some(ttl) = self.ttl {
            builder = builder.ttl(ttl);
        }
        if self.no_expiry {
            builder = builder.no_expiry();
        }
        if let Some(iss) = &self.issuer {
            builder = builder.issuer(iss.as_str());
        }
        let mut subject = self.subject.clone();
        let mut audience = None;
        let mut now = None;
        if let Some(o) = &options {
            if let Some(sub) = o.string("subject")? {
                subject = Some(sub);
            }
            audience = o.strings("audience")?;
            if let Some(jti) = o.string("jti")? {
                builder = builder.jti(jti);
            }
            if let Some(nbf) = o.date("notBefore")? {
                builder = builder.not_before(NumericDate::from_secs(nbf));
            }
            now = o.date("currentDate")?;
        }
        if let Some(sub) = subject {
            builder = builder.subject(sub);
        }
        for aud in audience.unwrap_or_else(|| self.audience.clone()) {
            builder = builder.audience(aud);
        }
        if let Some(text) = &claims {
            builder = builder.claims_json(text).map_err(|e| issue_error(&e))?;
        }
        let now = match now {
            Some(now) => now,
            None => js::now_secs()?,
        };
        builder
            .issue(&FixedClock(now), &mut getrandom::SysRng)
            .map_err(|e| issue_error(&e))
    }
}
