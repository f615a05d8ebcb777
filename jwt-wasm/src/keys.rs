//! `VerifyingKey` and `SigningKey`: key material in, engine keys out.
//!
//! Design note: every import goes through the engine's one key factory
//! (`jwt_keys::KeyMaterial::from_bytes`) and its two consumers
//! (`jwt_verify::MaterialKeys`, `jwt_issue::signing_key_from_material`), as
//! the CLI and the C API do, so the package reads exactly the formats they
//! read and refuses what they refuse (raw bytes are a secret only with an
//! HMAC algorithm named). A key keeps its material so a `Verifier` can
//! narrow it to the `algorithms` option. The rejected alternative, one
//! JavaScript class per algorithm, would be `jose`'s `KeyLike` with the
//! algorithm chosen by the caller at every use.

use alloc::string::{String, ToString};
use alloc::sync::Arc;
use alloc::vec::Vec;

use jwt_core::Algorithm;
use jwt_keys::{KeyHint, KeyMaterial};
use jwt_verify::MaterialKeys;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use crate::error::{arg_value, key_error};
use crate::js;

/// Reads an algorithm name.
pub(crate) fn algorithm(name: &str, what: &str) -> Result<Algorithm, JsValue> {
    Algorithm::from_name(name).map_err(|_| {
        arg_value(&alloc::format!(
            "{what}: `{name}` is not a supported algorithm (HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512, EdDSA)"
        ))
    })
}

/// Reads an algorithm argument (a string).
pub(crate) fn algorithm_arg(value: &JsValue, what: &str) -> Result<Algorithm, JsValue> {
    let name = js::string_arg(value, what)?;
    algorithm(&name, what)
}

/// Reads a list of algorithm names.
pub(crate) fn algorithms(names: &[String], what: &str) -> Result<Vec<Algorithm>, JsValue> {
    names.iter().map(|n| algorithm(n, what)).collect()
}

/// Key material bytes and the hint they were read with.
#[derive(Clone)]
pub(crate) struct Source {
    bytes: Arc<Zeroizing<Vec<u8>>>,
    hint: KeyHint,
}

impl Source {
    fn new(bytes: Zeroizing<Vec<u8>>, hint: KeyHint) -> Self {
        Source {
            bytes: Arc::new(bytes),
            hint,
        }
    }

    pub(crate) fn material(&self) -> Result<KeyMaterial, JsValue> {
        KeyMaterial::from_bytes(&self.bytes, self.hint).map_err(|e| key_error(&e))
    }

    /// The verifying keys for `algs` (empty: every algorithm the key allows).
    pub(crate) fn verifying_keys(&self, algs: &[Algorithm]) -> Result<MaterialKeys, JsValue> {
        MaterialKeys::from_material(&self.material()?, algs).map_err(|e| key_error(&e))
    }
}

/// Public keys (or an HMAC secret) that verify tokens: one key, or a key
/// set whose members the token's `kid` selects. Each key pins its
/// algorithm; a token's `alg` is only compared with it.
#[wasm_bindgen]
pub struct VerifyingKey {
    source: Source,
    keys: Arc<MaterialKeys>,
}

impl VerifyingKey {
    fn from_source(source: Source, algs: &[Algorithm]) -> Result<VerifyingKey, JsValue> {
        let keys = Arc::new(source.verifying_keys(algs)?);
        Ok(VerifyingKey { source, keys })
    }

    pub(crate) fn source(&self) -> &Source {
        &self.source
    }

    pub(crate) fn keys(&self) -> Arc<MaterialKeys> {
        Arc::clone(&self.keys)
    }
}

#[wasm_bindgen]
impl VerifyingKey {
    /// A public JWK (or a symmetric `oct` JWK) as an object or JSON text.
    /// The JWK's `alg` pins the algorithm; without one, an EC or Ed25519
    /// key gets its curve's algorithm and an RSA key serves every RS256..PS512
    /// (narrow it with the verifier's `algorithms` option). A private JWK
    /// is accepted and only its public members are used.
    ///
    /// Throws `ERR_JWK_INVALID` (weak, malformed or mismatched keys) or
    /// `ERR_JOSE_NOT_SUPPORTED` (unsupported key types and curves).
    #[wasm_bindgen(js_name = fromJwk)]
    pub fn from_jwk(
        #[wasm_bindgen(unchecked_param_type = "JsonWebKey | string")] jwk: JsValue,
    ) -> Result<VerifyingKey, JsValue> {
        let text = js::json_object_arg(&jwk, "jwk")?;
        Self::from_source(
            Source::new(Zeroizing::new(text.into_bytes()), KeyHint::new()),
            &[],
        )
    }

    /// A JWK Set (`{ keys: [...] }`) as an object or JSON text, read
    /// member by member as providers publish them: encryption keys, weak
    /// keys and unsupported curves are skipped (see `skipped`) and a token
    /// naming one is refused with `ERR_JWKS_NO_MATCHING_KEY`. The whole set
    /// is refused (`ERR_JWKS_INVALID`) for duplicate `kid`s, secrets mixed
    /// with public keys, or no usable key.
    #[wasm_bindgen(js_name = fromJwks)]
    pub fn from_jwks(
        #[wasm_bindgen(unchecked_param_type = "{ keys: JsonWebKey[] } | string")] jwks: JsValue,
    ) -> Result<VerifyingKey, JsValue> {
        let text = js::json_object_arg(&jwks, "jwks")?;
        Self::from_source(
            Source::new(Zeroizing::new(text.into_bytes()), KeyHint::new()),
            &[],
        )
    }

    /// A PEM document: a public key (SPKI or PKCS#1), an X.509
    /// certificate (only its key is used: no chain or validity is
    /// checked), or a private key (its public half).
    #[wasm_bindgen(js_name = fromPem)]
    pub fn from_pem(
        #[wasm_bindgen(unchecked_param_type = "string")] pem: JsValue,
    ) -> Result<VerifyingKey, JsValue> {
        let text = js::string_arg(&pem, "pem")?;
        Self::from_source(
            Source::new(Zeroizing::new(text.into_bytes()), KeyHint::new()),
            &[],
        )
    }

    /// An HMAC secret for `alg` (`"HS256"`, `"HS384"` or `"HS512"`, named
    /// explicitly: raw bytes never decide the algorithm). Bytes that are
    /// recognisably key material (PEM, DER, JSON) are refused as a secret,
    /// and so are secrets shorter than the hash.
    #[wasm_bindgen(js_name = fromSecret)]
    pub fn from_secret(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] secret: JsValue,
        #[wasm_bindgen(unchecked_param_type = "\"HS256\" | \"HS384\" | \"HS512\"")] alg: JsValue,
    ) -> Result<VerifyingKey, JsValue> {
        let alg = algorithm_arg(&alg, "alg")?;
        let bytes = js::bytes_arg(&secret, "secret")?;
        Self::from_source(Source::new(bytes, KeyHint::new().algorithm(alg)), &[alg])
    }

    /// The algorithms these keys verify (one entry per key and algorithm).
    #[wasm_bindgen(getter, unchecked_return_type = "string[]")]
    pub fn algorithms(&self) -> JsValue {
        let out = js_sys::Array::new();
        for key in self.keys.keys() {
            out.push(&JsValue::from_str(key.algorithm().as_str()));
        }
        out.into()
    }

    /// The key-set members skipped when the set was read, as
    /// `{ index, kid, reason, code }` objects (empty for a single key).
    #[wasm_bindgen(
        getter,
        unchecked_return_type = "{ index: number; kid?: string; reason: string; code: string }[]"
    )]
    pub fn skipped(&self) -> JsValue {
        let out = js_sys::Array::new();
        for skipped in self.keys.skipped() {
            let entry = js::object();
            if let Some(kid) = &skipped.kid {
                js::set(&entry, "kid", &JsValue::from_str(kid));
            }
            js::set(&entry, "index", &JsValue::from(skipped.index));
            js::set(
                &entry,
                "reason",
                &JsValue::from_str(&skipped.error.to_string()),
            );
            js::set(&entry, "code", &JsValue::from_str(skipped.error.code()));
            out.push(&entry);
        }
        out.into()
    }
}

/// A private key (or an HMAC secret) that signs with one algorithm; the
/// token header's `alg` always comes from the key.
#[cfg(feature = "issue")]
#[wasm_bindgen]
pub struct SigningKey {
    key: Arc<jwt_issue::DynSigningKey>,
    source: Source,
    alg: Algorithm,
    /// The private JWK, for keys generated here or imported from a JWK.
    private_jwk: Option<Zeroizing<String>>,
}

#[cfg(feature = "issue")]
impl SigningKey {
    fn from_source(
        source: Source,
        alg: Algorithm,
        private_jwk: Option<Zeroizing<String>>,
    ) -> Result<SigningKey, JsValue> {
        let material = source.material()?;
        let key = jwt_issue::signing_key_from_material(&material, alg, jwt_issue::KeyId::Default)
            .map_err(|e| crate::error::issue_error(&e))?;
        Ok(SigningKey {
            key: Arc::new(key),
            source,
            alg,
            private_jwk,
        })
    }

    pub(crate) fn key(&self) -> Arc<jwt_issue::DynSigningKey> {
        Arc::clone(&self.key)
    }

    fn public_jwk_text(&self) -> Result<String, JsValue> {
        self.key.public_jwk().ok_or_else(|| {
            crate::error::issue_error(&jwt_issue::IssueError::Unsupported {
                reason: "HMAC keys are secret and have no public JWK",
            })
        })
    }
}

#[cfg(feature = "issue")]
#[wasm_bindgen]
impl SigningKey {
    /// A fresh key for `alg`, from `crypto.getRandomValues` (RSA: 2048
    /// bits, which takes a few seconds in wasm). Its `kid` is its RFC 7638
    /// thumbprint.
    pub fn generate(
        #[wasm_bindgen(unchecked_param_type = "Algorithm")] alg: JsValue,
    ) -> Result<SigningKey, JsValue> {
        let alg = algorithm_arg(&alg, "alg")?;
        let jwk = jwt_issue::generate_private_jwk(alg, &mut getrandom::SysRng)
            .map_err(|e| crate::error::issue_error(&e))?;
        let bytes = Zeroizing::new(jwk.as_bytes().to_vec());
        Self::from_source(Source::new(bytes, KeyHint::new()), alg, Some(jwk))
    }

    /// A private JWK (or a symmetric `oct` JWK) as an object or JSON text,
    /// signing with `alg` (default: the JWK's own `alg`).
    #[wasm_bindgen(js_name = fromJwk)]
    pub fn from_jwk(
        #[wasm_bindgen(unchecked_param_type = "JsonWebKey | string")] jwk: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Algorithm")] alg: Option<JsValue>,
    ) -> Result<SigningKey, JsValue> {
        let text = Zeroizing::new(js::json_object_arg(&jwk, "jwk")?);
        let alg = match alg {
            None => algorithm(&jwk_alg(&text)?, "jwk.alg")?,
            Some(alg) => algorithm_arg(&alg, "alg")?,
        };
        let bytes = Zeroizing::new(text.as_bytes().to_vec());
        Self::from_source(Source::new(bytes, KeyHint::new()), alg, Some(text))
    }

    /// A PEM private key (PKCS#8, PKCS#1 `RSA PRIVATE KEY` or SEC1 `EC
    /// PRIVATE KEY`) signing with `alg`.
    #[wasm_bindgen(js_name = fromPem)]
    pub fn from_pem(
        #[wasm_bindgen(unchecked_param_type = "string")] pem: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Algorithm")] alg: JsValue,
    ) -> Result<SigningKey, JsValue> {
        let alg = algorithm_arg(&alg, "alg")?;
        let text = js::string_arg(&pem, "pem")?;
        Self::from_source(
            Source::new(Zeroizing::new(text.into_bytes()), KeyHint::new()),
            alg,
            None,
        )
    }

    /// An HMAC secret signing with `alg` (`"HS256"`, `"HS384"`, `"HS512"`).
    #[wasm_bindgen(js_name = fromSecret)]
    pub fn from_secret(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] secret: JsValue,
        #[wasm_bindgen(unchecked_param_type = "\"HS256\" | \"HS384\" | \"HS512\"")] alg: JsValue,
    ) -> Result<SigningKey, JsValue> {
        let alg = algorithm_arg(&alg, "alg")?;
        let bytes = js::bytes_arg(&secret, "secret")?;
        Self::from_source(Source::new(bytes, KeyHint::new().algorithm(alg)), alg, None)
    }

    /// The algorithm this key signs with.
    #[wasm_bindgen(getter, unchecked_return_type = "Algorithm")]
    pub fn alg(&self) -> String {
        String::from(self.alg.as_str())
    }

    /// The `kid` put in token headers (the key's own, or its thumbprint).
    #[wasm_bindgen(getter)]
    pub fn kid(&self) -> Option<String> {
        self.key.kid().map(String::from)
    }

    /// The public key as a JWK object (with `kid`, `alg` and `use`).
    /// Throws `ERR_JOSE_NOT_SUPPORTED` for HMAC keys, which have none.
    #[wasm_bindgen(js_name = publicJwk, unchecked_return_type = "JsonWebKey")]
    pub fn public_jwk(&self) -> Result<JsValue, JsValue> {
        js::parse_engine_json(&self.public_jwk_text()?)
    }

    /// The RFC 7638 thumbprint (SHA-256, base64url) of the public key.
    /// Throws `ERR_JOSE_NOT_SUPPORTED` for HMAC keys.
    pub fn thumbprint(&self) -> Result<String, JsValue> {
        jwt_issue::jwk_thumbprint(&self.public_jwk_text()?)
            .map_err(|e| crate::error::issue_error(&e))
    }

    /// The private key as a JWK object, for keys generated by
    /// `generate` or imported with `fromJwk` (others throw
    /// `ERR_JOSE_NOT_SUPPORTED`). It is the secret: store it as one.
    #[wasm_bindgen(js_name = privateJwk, unchecked_return_type = "JsonWebKey")]
    pub fn private_jwk(&self) -> Result<JsValue, JsValue> {
        match &self.private_jwk {
            Some(text) => js::parse_engine_json(text),
            None => Err(crate::error::issue_error(
                &jwt_issue::IssueError::Unsupported {
                    reason: "only generated keys and keys imported from a JWK export a private JWK",
                },
            )),
        }
    }

    /// The `VerifyingKey` for this key: its public half, or for HMAC the
    /// same secret; pinned to this key's algorithm.
    #[wasm_bindgen(js_name = verifyingKey)]
    pub fn verifying_key(&self) -> Result<VerifyingKey, JsValue> {
        VerifyingKey::from_source(self.source.clone(), &[self.alg])
    }
}

/// The `alg` member of a JWK given as JSON text, read with the engine's
/// JSON reader (the text is checked first).
#[cfg(feature = "issue")]
fn jwk_alg(text: &str) -> Result<String, JsValue> {
    let missing = || arg_value("jwk has no `alg`: pass the algorithm as the second argument");
    jwt_core::json::check_object(text, 16).map_err(|_| {
        crate::error::issue_error(&jwt_issue::IssueError::Malformed {
            reason: "the JWK is not a strict JSON object",
        })
    })?;
    jwt_core::json::Members::new(text)
        .find(|(name, _)| name.eq_str("alg"))
        .and_then(|(_, value)| jwt_core::json::JsonStr::from_value(value))
        .map(|s| String::from(s.to_cow()))
        .ok_or_else(missing)
}
