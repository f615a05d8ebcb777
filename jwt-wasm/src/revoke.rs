//! `RevocationList`: the engine's `SharedRevocations` for JavaScript.
//!
//! Design note: the list is shared (an `Arc`) between the JavaScript object
//! and every verifier made with `withRevocation`, so a revocation is seen
//! by all of them as soon as `revokeToken` returns. Entries, pruning and
//! capacity are the engine's (`jwt_revoke::Policy`); times come from the
//! call (`currentDate`) or `Date.now()`. Persistence (the engine's log
//! file) has no place in a browser and is left out; callers that need it
//! store the revocations they feed in.

use alloc::string::String;
use alloc::sync::Arc;

use jwt_revoke::{Added, Policy, Revocation, SharedRevocations};
use wasm_bindgen::prelude::*;

use crate::error::{arg_type, arg_value, store_error};
use crate::js;

const OPTIONS: &[&str] = &["capacity", "maxLeeway", "maxTokenLifetime"];
const TOKEN: &[&str] = &["iss", "jti", "exp"];
const SUBJECT: &[&str] = &["iss", "sub", "before"];
const CALL: &[&str] = &["currentDate"];

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** Options of `new RevocationList(options)`. */
export interface RevocationListOptions {
  /** The most entries (default 1,000,000); a new one beyond it throws `ERR_JWT_STORE_FULL` once no expired entry can make room. */
  capacity?: number;
  /** The largest `clockTolerance` of the verifiers consulting the list, in seconds (default 60). */
  maxLeeway?: number;
  /** The longest lifetime of the tokens issued, in seconds (default 86400). */
  maxTokenLifetime?: number;
}
/** What a revocation did. */
export type Added = "new" | "present" | "extended" | "already_expired";
"#;

/// A bounded, self-pruning list of revoked tokens (by `iss` and `jti`)
/// and revoked subjects (every token of `sub` issued before a time),
/// consulted by verifiers made with `verifier.withRevocation(list)`.
#[wasm_bindgen]
pub struct RevocationList {
    shared: Arc<SharedRevocations>,
}

impl RevocationList {
    pub(crate) fn shared(&self) -> Arc<SharedRevocations> {
        Arc::clone(&self.shared)
    }
}

/// A time as a JWT NumericDate (seconds) or a `Date`.
fn time_arg(value: &JsValue, what: &str) -> Result<i64, JsValue> {
    if let Some(n) = value.as_f64() {
        return js::f64_to_i64(n)
            .ok_or_else(|| arg_value(&alloc::format!("{what} must be whole seconds")));
    }
    js::date_arg(value, what)
}

fn now_arg(options: Option<JsValue>) -> Result<i64, JsValue> {
    match js::options_arg(&options.unwrap_or_default(), CALL, "options")? {
        Some(o) => match o.date("currentDate")? {
            Some(now) => Ok(now),
            None => js::now_secs(),
        },
        None => js::now_secs(),
    }
}

fn added(a: Added) -> &'static str {
    match a {
        Added::New => "new",
        Added::Present => "present",
        Added::Extended => "extended",
        Added::AlreadyExpired => "already_expired",
    }
}

#[wasm_bindgen]
impl RevocationList {
    /// An empty list (see `RevocationListOptions`).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "RevocationListOptions")] options: Option<
            JsValue,
        >,
    ) -> Result<RevocationList, JsValue> {
        let mut policy = Policy::default();
        if let Some(o) = js::options_arg(&options.unwrap_or_default(), OPTIONS, "options")? {
            if let Some(capacity) = o.seconds("capacity")? {
                policy.capacity = usize::try_from(capacity)
                    .map_err(|_| arg_value("options.capacity is too large"))?;
            }
            if let Some(leeway) = o.seconds("maxLeeway")? {
                policy = policy.max_leeway(leeway);
            }
            if let Some(lifetime) = o.seconds("maxTokenLifetime")? {
                policy = policy.max_token_lifetime(lifetime);
            }
        }
        Ok(RevocationList {
            shared: Arc::new(SharedRevocations::new(policy)),
        })
    }

    /// Revokes one token, `{ iss, jti, exp }` (as in its payload; `exp`
    /// in seconds or a `Date`), until it could not verify anyway.
    #[wasm_bindgen(js_name = revokeToken, unchecked_return_type = "Added")]
    pub fn revoke_token(
        &self,
        #[wasm_bindgen(unchecked_param_type = "{ iss?: string; jti: string; exp: number | Date }")]
        token: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "{ currentDate?: Date }")] options: Option<
            JsValue,
        >,
    ) -> Result<String, JsValue> {
        let t = js::options_arg(&token, TOKEN, "token")?
            .ok_or_else(|| arg_type("token", "an object { iss, jti, exp }"))?;
        let jti = t
            .string("jti")?
            .ok_or_else(|| arg_value("token.jti is required"))?;
        let exp = t
            .get("exp")?
            .ok_or_else(|| arg_value("token.exp is required"))?;
        let exp = time_arg(&exp, "token.exp")?;
        let revocation = Revocation::token(t.string("iss")?.as_deref(), &jti, exp);
        let now = now_arg(options)?;
        self.revoke(revocation, now)
    }

    /// Revokes every token issued to `sub` by `iss` before `before` (a
    /// `Date` or seconds), including ones never seen: for a stolen or
    /// reflashed device. A token of that subject without `iat` counts as
    /// older.
    #[wasm_bindgen(js_name = revokeSubject, unchecked_return_type = "Added")]
    pub fn revoke_subject(
        &self,
        #[wasm_bindgen(
            unchecked_param_type = "{ iss?: string; sub: string; before: number | Date }"
        )]
        subject: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "{ currentDate?: Date }")] options: Option<
            JsValue,
        >,
    ) -> Result<String, JsValue> {
        let s = js::options_arg(&subject, SUBJECT, "subject")?
            .ok_or_else(|| arg_type("subject", "an object { iss, sub, before }"))?;
        let sub = s
            .string("sub")?
            .ok_or_else(|| arg_value("subject.sub is required"))?;
        let before = s
            .get("before")?
            .ok_or_else(|| arg_value("subject.before is required"))?;
        let before = time_arg(&before, "subject.before")?;
        let revocation = Revocation::subject(s.string("iss")?.as_deref(), &sub, before);
        let now = now_arg(options)?;
        self.revoke(revocation, now)
    }

    /// Drops the entries no longer in force; returns how many.
    pub fn prune(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "{ currentDate?: Date }")] options: Option<
            JsValue,
        >,
    ) -> Result<usize, JsValue> {
        let now = now_arg(options)?;
        self.shared.prune(now).map_err(|e| store_error(&e))
    }

    /// The number of entries.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.shared.len()
    }
}

impl RevocationList {
    fn revoke(&self, revocation: Revocation, now: i64) -> Result<String, JsValue> {
        self.shared
            .revoke(revocation, now)
            .map(|a| String::from(added(a)))
            .map_err(|e| store_error(&e))
    }
}
