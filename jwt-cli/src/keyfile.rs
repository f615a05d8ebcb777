//! Reading KEYFILE: file reading plus one call to the key factory.
//!
//! What the bytes are is decided by `jwt-keys` (PEM, DER, JWK, JWKS,
//! certificate map); they are read as a raw HMAC secret only when the
//! caller names an HMAC algorithm with `--alg`, and never when they are
//! recognisably key material. See the README's "Key files" section.

use jwt_core::{Algorithm, AlgorithmFamily};
use jwt_issue::{DynSigningKey, KeyId};
use jwt_keys::{KeyHint, KeyMaterial};
use jwt_verify::MaterialKeys;

use crate::cmd::read_input;
use crate::{CliError, usage};

/// Reads a key file; `algs` are the algorithms the caller named.
pub fn load(path: &str, algs: &[Algorithm]) -> Result<KeyMaterial, CliError> {
    let bytes = read_input(path)?;
    let mut hint = KeyHint::new();
    // Raw bytes become a secret only when every named algorithm is HMAC.
    if let Some(first) = algs.first()
        && algs.iter().all(|a| a.family() == AlgorithmFamily::Hmac)
    {
        hint = hint.algorithm(*first);
    }
    KeyMaterial::from_bytes(&bytes, hint).map_err(|e| match e {
        jwt_keys::KeyError::UnrecognisedFormat => usage(format!(
            "key file '{path}': {e}; pass --alg HS256, HS384 or HS512 to use its bytes as a secret"
        )),
        e => usage(format!("key file '{path}': {e}")),
    })
}

/// The verification keys a key file yields, narrowed by `--alg` (empty:
/// whatever the key allows).
pub fn verify_keys(
    material: &KeyMaterial,
    requested: &[Algorithm],
) -> Result<MaterialKeys, CliError> {
    MaterialKeys::from_material(material, requested).map_err(|e| usage(format!("key file: {e}")))
}

/// A signing key for `alg` from a key file.
pub fn signing_key(
    material: &KeyMaterial,
    alg: Algorithm,
    kid: KeyId<'_>,
) -> Result<DynSigningKey, CliError> {
    jwt_issue::signing_key_from_material(material, alg, kid)
        .map_err(|e| usage(format!("key file: {e}")))
}
