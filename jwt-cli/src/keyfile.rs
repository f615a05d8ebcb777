//! Reading KEYFILE: format detected from the content, never from a token.
//!
//! A file that starts with `-----BEGIN` is PEM; a file that parses as JSON
//! is a JWK or (with `keys`) a JWKS; anything else is the raw bytes of an
//! HMAC secret, used byte for byte (no trimming: `echo` adds a newline).

use jwt_core::{Algorithm, AlgorithmFamily, VerifyError};
use jwt_issue::SigningKey;
use jwt_verify::{DynVerifyingKey, Jwk, KeySet, KeySource, VerifyingKey};

use crate::cmd::read_input;
use crate::{CliError, usage};

/// A key file's content, classified.
#[derive(Clone)]
pub enum Material {
    /// PEM text.
    Pem(String),
    /// One JWK (JSON text).
    Jwk(String),
    /// A JWK Set (JSON text).
    Jwks(String),
    /// Raw HMAC secret bytes.
    Raw(Vec<u8>),
}

/// Reads and classifies a key file.
pub fn load(path: &str) -> Result<Material, CliError> {
    let bytes = read_input(path)?;
    let trimmed = bytes.trim_ascii_start();
    if trimmed.starts_with(b"-----BEGIN") {
        let text = String::from_utf8(bytes)
            .map_err(|_| usage(format!("key file '{path}': PEM is not valid UTF-8")))?;
        return Ok(Material::Pem(text));
    }
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes) {
        let text = String::from_utf8(bytes).map_err(|_| usage("key file is not valid UTF-8"))?;
        return match value {
            serde_json::Value::Object(map) if map.contains_key("keys") => Ok(Material::Jwks(text)),
            serde_json::Value::Object(_) => Ok(Material::Jwk(text)),
            _ => Err(usage(format!(
                "key file '{path}' is JSON but neither a JWK nor a JWKS"
            ))),
        };
    }
    if bytes.is_empty() {
        return Err(usage(format!("key file '{path}' is empty")));
    }
    Ok(Material::Raw(bytes))
}

const HMAC_ALGS: [Algorithm; 3] = [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512];
const RSA_ALGS: [Algorithm; 6] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
];

/// The verification keys a key file yields, narrowed by `--alg`.
pub struct VerifyKeys {
    allowed: Vec<Algorithm>,
    source: Source,
}

enum Source {
    /// One key in several pinned variants (one per algorithm), one `kid`.
    Single(Vec<DynVerifyingKey>),
    /// A JWKS: the token's `kid` selects.
    Set(KeySet),
}

impl KeySource for VerifyKeys {
    type Key = DynVerifyingKey;

    fn select(&self, alg: Algorithm, kid: Option<&str>) -> Result<&DynVerifyingKey, VerifyError> {
        if !self.allowed.contains(&alg) {
            return Err(VerifyError::AlgorithmMismatch);
        }
        match &self.source {
            Source::Single(keys) => {
                let key = keys
                    .iter()
                    .find(|k| k.algorithm() == alg)
                    .ok_or(VerifyError::AlgorithmMismatch)?;
                if let (Some(mine), Some(theirs)) = (key.kid(), kid)
                    && mine != theirs
                {
                    return Err(VerifyError::KeyNotFound);
                }
                Ok(key)
            }
            Source::Set(set) => set.select(alg, kid),
        }
    }
}

fn verr(e: jwt_verify::KeyError) -> CliError {
    usage(format!("key file: {e}"))
}

fn ierr(e: jwt_issue::IssueError) -> CliError {
    usage(format!("key file: {e}"))
}

/// Builds the verification keys; `requested` is `--alg` (empty: whatever
/// the key allows).
pub fn verify_keys(material: Material, requested: &[Algorithm]) -> Result<VerifyKeys, CliError> {
    let candidates = |family_algs: &[Algorithm]| -> Vec<Algorithm> {
        family_algs
            .iter()
            .copied()
            .filter(|a| requested.is_empty() || requested.contains(a))
            .collect()
    };
    let source = match material {
        Material::Raw(secret) => {
            if requested
                .iter()
                .any(|a| a.family() != AlgorithmFamily::Hmac)
            {
                return Err(usage(
                    "a raw key file is an HMAC secret; it cannot verify RS*, PS*, ES* or EdDSA",
                ));
            }
            Source::Single(hmac_keys(
                &secret,
                &candidates(&HMAC_ALGS),
                !requested.is_empty(),
            )?)
        }
        Material::Jwk(text) => {
            let jwk = Jwk::from_json(&text).map_err(verr)?;
            let algs: Vec<Algorithm> = match jwk.alg() {
                Some(alg) => {
                    // The JWK's own alg narrows what it accepts.
                    let alg = Algorithm::from_name(alg)
                        .map_err(|_| usage("the JWK's alg is not supported"))?;
                    if !requested.is_empty() && !requested.contains(&alg) {
                        return Err(usage(format!(
                            "the JWK is for {alg}, not for the requested --alg"
                        )));
                    }
                    vec![alg]
                }
                None => match jwk.kty() {
                    "oct" => candidates(&HMAC_ALGS),
                    "RSA" => candidates(&RSA_ALGS),
                    // EC and OKP keys have one algorithm per curve.
                    _ => vec![],
                },
            };
            let mut keys = Vec::new();
            if algs.is_empty() {
                let key = jwk.to_verifying_key(None).map_err(verr)?;
                if !requested.is_empty() && !requested.contains(&key.algorithm()) {
                    return Err(usage(format!(
                        "the JWK is for {}, not for the requested --alg",
                        key.algorithm()
                    )));
                }
                keys.push(key);
            } else {
                let explicit = !requested.is_empty() || jwk.alg().is_some();
                let mut first_err = None;
                for alg in algs {
                    match jwk.to_verifying_key(Some(alg)) {
                        Ok(k) => keys.push(k),
                        Err(e) if explicit => return Err(verr(e)),
                        Err(e) => {
                            first_err.get_or_insert(e);
                        }
                    }
                }
                if keys.is_empty() {
                    return Err(first_err
                        .map(verr)
                        .unwrap_or_else(|| usage("no usable key for the requested --alg")));
                }
            }
            Source::Single(keys)
        }
        Material::Jwks(text) => {
            let algs = if requested.is_empty() {
                Algorithm::ALL.to_vec()
            } else {
                requested.to_vec()
            };
            Source::Set(KeySet::from_jwks_json(&text, &algs).map_err(verr)?)
        }
        Material::Pem(text) => Source::Single(pem_verify_keys(&text, requested)?),
    };
    let allowed = if requested.is_empty() {
        Algorithm::ALL.to_vec()
    } else {
        requested.to_vec()
    };
    Ok(VerifyKeys { allowed, source })
}

fn hmac_keys(
    secret: &[u8],
    algs: &[Algorithm],
    explicit: bool,
) -> Result<Vec<DynVerifyingKey>, CliError> {
    let mut keys: Vec<DynVerifyingKey> = Vec::new();
    let mut first_err = None;
    for &alg in algs {
        let made: Result<DynVerifyingKey, jwt_verify::KeyError> = match alg {
            Algorithm::HS256 => {
                jwt_verify::Hs256Key::new(secret).map(|k| Box::new(k) as DynVerifyingKey)
            }
            Algorithm::HS384 => {
                jwt_verify::Hs384Key::new(secret).map(|k| Box::new(k) as DynVerifyingKey)
            }
            _ => jwt_verify::Hs512Key::new(secret).map(|k| Box::new(k) as DynVerifyingKey),
        };
        match made {
            Ok(k) => keys.push(k),
            Err(e) if explicit => return Err(verr(e)),
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    if keys.is_empty() {
        return Err(first_err
            .map(verr)
            .unwrap_or_else(|| usage("no usable HMAC key for the requested --alg")));
    }
    Ok(keys)
}

/// The public half of a PEM key file, pinned once per acceptable algorithm.
fn pem_verify_keys(text: &str, requested: &[Algorithm]) -> Result<Vec<DynVerifyingKey>, CliError> {
    let public = if text.contains("PRIVATE KEY-----") {
        private_pem_to_public(text)?
    } else {
        text.to_string()
    };
    let public = public.as_str();
    let boxed = |k: Result<DynVerifyingKey, jwt_verify::KeyError>| k.ok();
    let single: Option<DynVerifyingKey> = boxed(
        jwt_verify::Es256VerifyingKey::from_pem(public).map(|k| Box::new(k) as DynVerifyingKey),
    )
    .or_else(|| {
        boxed(
            jwt_verify::Es384VerifyingKey::from_pem(public).map(|k| Box::new(k) as DynVerifyingKey),
        )
    })
    .or_else(|| {
        boxed(
            jwt_verify::Es512VerifyingKey::from_pem(public).map(|k| Box::new(k) as DynVerifyingKey),
        )
    })
    .or_else(|| {
        boxed(
            jwt_verify::EdDsaVerifyingKey::from_pem(public).map(|k| Box::new(k) as DynVerifyingKey),
        )
    });
    if let Some(key) = single {
        if !requested.is_empty() && !requested.contains(&key.algorithm()) {
            return Err(usage(format!(
                "the key file holds a {} key; it cannot verify the requested --alg",
                key.algorithm()
            )));
        }
        return Ok(vec![key]);
    }
    // Not EC or Ed25519: RSA, or an error that the RSA reader explains best.
    jwt_verify::Rs256VerifyingKey::from_pem(public).map_err(verr)?;
    let algs: Vec<Algorithm> = RSA_ALGS
        .iter()
        .copied()
        .filter(|a| requested.is_empty() || requested.contains(a))
        .collect();
    if algs.is_empty() {
        return Err(usage(
            "the key file holds an RSA key; it cannot verify the requested --alg",
        ));
    }
    let mut keys: Vec<DynVerifyingKey> = Vec::new();
    for alg in algs {
        let k: DynVerifyingKey = match alg {
            Algorithm::RS256 => {
                Box::new(jwt_verify::Rs256VerifyingKey::from_pem(public).map_err(verr)?)
            }
            Algorithm::RS384 => {
                Box::new(jwt_verify::Rs384VerifyingKey::from_pem(public).map_err(verr)?)
            }
            Algorithm::RS512 => {
                Box::new(jwt_verify::Rs512VerifyingKey::from_pem(public).map_err(verr)?)
            }
            Algorithm::PS256 => {
                Box::new(jwt_verify::Ps256VerifyingKey::from_pem(public).map_err(verr)?)
            }
            Algorithm::PS384 => {
                Box::new(jwt_verify::Ps384VerifyingKey::from_pem(public).map_err(verr)?)
            }
            _ => Box::new(jwt_verify::Ps512VerifyingKey::from_pem(public).map_err(verr)?),
        };
        keys.push(k);
    }
    Ok(keys)
}

/// The SPKI PEM of a private key file (PKCS#8, PKCS#1 or SEC1).
fn private_pem_to_public(text: &str) -> Result<String, CliError> {
    if let Ok(k) = jwt_issue::Es256SigningKey::from_pem(text) {
        return k.public_key_pem().map_err(ierr);
    }
    if let Ok(k) = jwt_issue::Es384SigningKey::from_pem(text) {
        return k.public_key_pem().map_err(ierr);
    }
    if let Ok(k) = jwt_issue::Es512SigningKey::from_pem(text) {
        return k.public_key_pem().map_err(ierr);
    }
    if let Ok(k) = jwt_issue::EdDsaSigningKey::from_pem(text) {
        return k.public_key_pem().map_err(ierr);
    }
    jwt_issue::Rs256SigningKey::from_pem(text)
        .map_err(ierr)?
        .public_key_pem()
        .map_err(ierr)
}

/// A signing key for `alg` from a key file. With `thumbprint_kid` its
/// `kid` is the RFC 7638 thumbprint; without, it has none.
pub fn signing_key(
    material: Material,
    alg: Algorithm,
    thumbprint_kid: bool,
) -> Result<Box<dyn SigningKey>, CliError> {
    use jwt_issue::*;
    macro_rules! from {
        ($ty:ty, $ctor:ident, $arg:expr) => {{
            let k = <$ty>::$ctor($arg).map_err(ierr)?;
            let k = if thumbprint_kid { k } else { k.without_kid() };
            Box::new(k) as Box<dyn SigningKey>
        }};
    }
    let key = match material {
        Material::Raw(secret) => match alg {
            Algorithm::HS256 => from!(Hs256SigningKey, new, &secret),
            Algorithm::HS384 => from!(Hs384SigningKey, new, &secret),
            Algorithm::HS512 => from!(Hs512SigningKey, new, &secret),
            _ => {
                return Err(usage(format!(
                    "a raw key file is an HMAC secret; {alg} needs a private key (PEM or JWK)"
                )));
            }
        },
        Material::Jwks(_) => {
            return Err(usage(
                "a JWKS holds public keys; issuing needs one private key",
            ));
        }
        Material::Jwk(text) => {
            let t = text.as_str();
            match alg {
                Algorithm::HS256 => from!(Hs256SigningKey, from_jwk_json, t),
                Algorithm::HS384 => from!(Hs384SigningKey, from_jwk_json, t),
                Algorithm::HS512 => from!(Hs512SigningKey, from_jwk_json, t),
                Algorithm::RS256 => from!(Rs256SigningKey, from_jwk_json, t),
                Algorithm::RS384 => from!(Rs384SigningKey, from_jwk_json, t),
                Algorithm::RS512 => from!(Rs512SigningKey, from_jwk_json, t),
                Algorithm::PS256 => from!(Ps256SigningKey, from_jwk_json, t),
                Algorithm::PS384 => from!(Ps384SigningKey, from_jwk_json, t),
                Algorithm::PS512 => from!(Ps512SigningKey, from_jwk_json, t),
                Algorithm::ES256 => from!(Es256SigningKey, from_jwk_json, t),
                Algorithm::ES384 => from!(Es384SigningKey, from_jwk_json, t),
                Algorithm::ES512 => from!(Es512SigningKey, from_jwk_json, t),
                Algorithm::EdDSA => from!(EdDsaSigningKey, from_jwk_json, t),
            }
        }
        Material::Pem(text) => {
            let t = text.as_str();
            match alg {
                Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => {
                    return Err(usage(format!(
                        "{alg} needs an HMAC secret (raw file or oct JWK), not a PEM key"
                    )));
                }
                Algorithm::RS256 => from!(Rs256SigningKey, from_pem, t),
                Algorithm::RS384 => from!(Rs384SigningKey, from_pem, t),
                Algorithm::RS512 => from!(Rs512SigningKey, from_pem, t),
                Algorithm::PS256 => from!(Ps256SigningKey, from_pem, t),
                Algorithm::PS384 => from!(Ps384SigningKey, from_pem, t),
                Algorithm::PS512 => from!(Ps512SigningKey, from_pem, t),
                Algorithm::ES256 => from!(Es256SigningKey, from_pem, t),
                Algorithm::ES384 => from!(Es384SigningKey, from_pem, t),
                Algorithm::ES512 => from!(Es512SigningKey, from_pem, t),
                Algorithm::EdDSA => from!(EdDsaSigningKey, from_pem, t),
            }
        }
    };
    Ok(key)
}
