//! Signing keys from [`KeyMaterial`]: one call for the CLI, the C API and
//! the wasm package.
//!
//! Design note: `jwt-keys` decides what the bytes are; this module turns
//! a private key (PKCS#8, PKCS#1, SEC1, a private JWK, one member of a
//! private JWK Set) or an HMAC secret into the signing key of the one
//! algorithm the caller names. A public key, a certificate or a public key
//! set is refused here by type, never guessed into a secret.

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use jwt_core::Algorithm;
use jwt_keys::{KeyMaterial, PrivateKeyDer};

use crate::error::IssueError;
use crate::key::SigningKey;

/// A boxed signing key of any algorithm.
pub type DynSigningKey = Box<dyn SigningKey + Send + Sync>;

/// Which key id the signing key puts in token headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyId<'a> {
    /// The key's own: a JWK's `kid`, else the RFC 7638 thumbprint.
    Default,
    /// No `kid` in headers.
    None,
    /// This `kid`; for a JWK Set it also selects the member with that `kid`.
    Named(&'a str),
}

/// The signing key for `alg` in `material`.
///
/// A JWK Set is read as a private key store: with [`KeyId::Named`] the
/// member with that `kid` signs; otherwise the one member that fits `alg`
/// (several fitting members are an [`IssueError::AmbiguousKey`] listing
/// their `kid`s).
///
/// # Errors
/// [`IssueError::Mismatch`] for public keys, certificates, or a key of
/// another type than `alg` needs; otherwise the errors of each key type's
/// constructor.
pub fn signing_key_from_material(
    material: &KeyMaterial,
    alg: Algorithm,
    kid: KeyId<'_>,
) -> Result<DynSigningKey, IssueError> {
    let mismatch = |reason| IssueError::Mismatch { reason };
    let key = match material {
        KeyMaterial::Secret(secret) => from_secret(secret.as_bytes(), alg, kid)?,
        KeyMaterial::Jwk(text) => from_jwk(text, alg, kid)?,
        KeyMaterial::Jwks(text) => return from_jwks(text, alg, kid),
        KeyMaterial::CertificateMap(_) => {
            return Err(mismatch(
                "a certificate map holds public keys; signing needs a private key",
            ));
        }
        KeyMaterial::Keys(bundle) => match &bundle.private {
            Some(private) => from_private_der(private, alg, kid)?,
            None => {
                return Err(mismatch(
                    "the key file holds a public key or certificate; signing needs the private key",
                ));
            }
        },
        _ => {
            return Err(IssueError::Unsupported {
                reason: "this kind of key material",
            });
        }
    };
    Ok(key)
}

/// Boxes a concrete key with the `kid` the caller chose.
macro_rules! keyed {
    ($key:expr, $kid:expr) => {{
        let key = $key;
        let boxed: DynSigningKey = match $kid {
            KeyId::Default => Box::new(key),
            KeyId::None => Box::new(key.without_kid()),
            KeyId::Named(k) => Box::new(key.with_kid(k)),
        };
        boxed
    }};
}

fn not_compiled() -> IssueError {
    IssueError::Unsupported {
        reason: "the algorithm's family is not compiled in",
    }
}

fn from_secret(secret: &[u8], alg: Algorithm, kid: KeyId<'_>) -> Result<DynSigningKey, IssueError> {
    #[cfg(feature = "hmac")]
    {
        match alg {
            Algorithm::HS256 => return Ok(keyed!(crate::Hs256SigningKey::new(secret)?, kid)),
            Algorithm::HS384 => return Ok(keyed!(crate::Hs384SigningKey::new(secret)?, kid)),
            Algorithm::HS512 => return Ok(keyed!(crate::Hs512SigningKey::new(secret)?, kid)),
            _ => {}
        }
    }
    if alg.family() == jwt_core::AlgorithmFamily::Hmac {
        let _ = (secret, kid);
        return Err(not_compiled());
    }
    Err(IssueError::Mismatch {
        reason: "an HMAC secret signs only HS256, HS384 or HS512; this algorithm needs a private key",
    })
}

fn from_jwk(text: &str, alg: Algorithm, kid: KeyId<'_>) -> Result<DynSigningKey, IssueError> {
    macro_rules! jwk {
        ($ty:ty) => {
            return Ok(keyed!(<$ty>::from_jwk_json(text)?, kid))
        };
    }
    match alg {
        #[cfg(feature = "hmac")]
        Algorithm::HS256 => jwk!(crate::Hs256SigningKey),
        #[cfg(feature = "hmac")]
        Algorithm::HS384 => jwk!(crate::Hs384SigningKey),
        #[cfg(feature = "hmac")]
        Algorithm::HS512 => jwk!(crate::Hs512SigningKey),
        #[cfg(feature = "rsa")]
        Algorithm::RS256 => jwk!(crate::Rs256SigningKey),
        #[cfg(feature = "rsa")]
        Algorithm::RS384 => jwk!(crate::Rs384SigningKey),
        #[cfg(feature = "rsa")]
        Algorithm::RS512 => jwk!(crate::Rs512SigningKey),
        #[cfg(feature = "rsa")]
        Algorithm::PS256 => jwk!(crate::Ps256SigningKey),
        #[cfg(feature = "rsa")]
        Algorithm::PS384 => jwk!(crate::Ps384SigningKey),
        #[cfg(feature = "rsa")]
        Algorithm::PS512 => jwk!(crate::Ps512SigningKey),
        #[cfg(feature = "es256")]
        Algorithm::ES256 => jwk!(crate::Es256SigningKey),
        #[cfg(feature = "es384")]
        Algorithm::ES384 => jwk!(crate::Es384SigningKey),
        #[cfg(feature = "es512")]
        Algorithm::ES512 => jwk!(crate::Es512SigningKey),
        #[cfg(feature = "eddsa")]
        Algorithm::EdDSA => jwk!(crate::EdDsaSigningKey),
        #[allow(unreachable_patterns)]
        _ => {
            let _ = (text, kid);
            Err(not_compiled())
        }
    }
}

fn from_private_der(
    private: &PrivateKeyDer,
    alg: Algorithm,
    kid: KeyId<'_>,
) -> Result<DynSigningKey, IssueError> {
    let der = private.der();
    let pkcs8 = matches!(private, PrivateKeyDer::Pkcs8(_));
    let sec1 = matches!(private, PrivateKeyDer::Sec1(_));
    if alg.family() == jwt_core::AlgorithmFamily::Hmac {
        return Err(IssueError::Mismatch {
            reason: "an HMAC algorithm needs a secret (a raw secret file or an oct JWK), not a private key",
        });
    }
    #[cfg(feature = "rsa")]
    {
        macro_rules! rsa {
            ($ty:ty) => {{
                if sec1 {
                    return Err(IssueError::Mismatch {
                        reason: "an EC private key cannot sign RS*/PS* tokens",
                    });
                }
                let key = if pkcs8 {
                    <$ty>::from_pkcs8_der(der)?
                } else {
                    <$ty>::from_pkcs1_der(der)?
                };
                return Ok(keyed!(key, kid));
            }};
        }
        match alg {
            Algorithm::RS256 => rsa!(crate::Rs256SigningKey),
            Algorithm::RS384 => rsa!(crate::Rs384SigningKey),
            Algorithm::RS512 => rsa!(crate::Rs512SigningKey),
            Algorithm::PS256 => rsa!(crate::Ps256SigningKey),
            Algorithm::PS384 => rsa!(crate::Ps384SigningKey),
            Algorithm::PS512 => rsa!(crate::Ps512SigningKey),
            _ => {}
        }
    }
    #[cfg(feature = "ecdsa-any")]
    {
        macro_rules! ec {
            ($ty:ty) => {{
                let key = if pkcs8 {
                    <$ty>::from_pkcs8_der(der)?
                } else if sec1 {
                    <$ty>::from_sec1_der(der)?
                } else {
                    return Err(IssueError::Mismatch {
                        reason: "an RSA private key cannot sign ES* tokens",
                    });
                };
                return Ok(keyed!(key, kid));
            }};
        }
        match alg {
            #[cfg(feature = "es256")]
            Algorithm::ES256 => ec!(crate::Es256SigningKey),
            #[cfg(feature = "es384")]
            Algorithm::ES384 => ec!(crate::Es384SigningKey),
            #[cfg(feature = "es512")]
            Algorithm::ES512 => ec!(crate::Es512SigningKey),
            _ => {}
        }
    }
    #[cfg(feature = "eddsa")]
    if alg == Algorithm::EdDSA {
        if !pkcs8 {
            return Err(IssueError::Mismatch {
                reason: "EdDSA needs an Ed25519 PKCS#8 private key",
            });
        }
        return Ok(keyed!(crate::EdDsaSigningKey::from_pkcs8_der(der)?, kid));
    }
    let _ = (der, pkcs8, sec1, kid);
    Err(not_compiled())
}

fn from_jwks(text: &str, alg: Algorithm, kid: KeyId<'_>) -> Result<DynSigningKey, IssueError> {
    let malformed = |reason| IssueError::Malformed { reason };
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|_| malformed("JWKS is not valid JSON"))?;
    let members = value
        .get("keys")
        .and_then(|k| k.as_array())
        .ok_or(malformed("JWKS has no keys array"))?;
    if let KeyId::Named(wanted) = kid {
        let member = members
            .iter()
            .find(|m| m.get("kid").and_then(|k| k.as_str()) == Some(wanted))
            .ok_or(IssueError::Mismatch {
                reason: "no key in the JWK Set has the requested kid",
            })?;
        return from_jwk(&member.to_string(), alg, kid);
    }
    let mut fitting: Vec<(Option<String>, DynSigningKey)> = Vec::new();
    let mut first_err = None;
    for member in members {
        match from_jwk(&member.to_string(), alg, kid) {
            Ok(key) => fitting.push((
                member.get("kid").and_then(|k| k.as_str()).map(String::from),
                key,
            )),
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    match fitting.len() {
        1 => match fitting.pop() {
            Some((_, key)) => Ok(key),
            None => Err(not_compiled()),
        },
        0 => Err(first_err.unwrap_or(IssueError::Mismatch {
            reason: "no key in the JWK Set fits the algorithm",
        })),
        _ => {
            let kids: Vec<String> = fitting
                .iter()
                .map(|(k, _)| k.clone().unwrap_or_else(|| String::from("(no kid)")))
                .collect();
            Err(IssueError::AmbiguousKey {
                candidates: kids.join(", "),
            })
        }
    }
}

/// A fresh key for `alg`, drawn from `rng`, as its private JWK (JSON text
/// with `kid` = the RFC 7638 thumbprint, `alg` and `"use":"sig"`), zeroized
/// on drop. For bindings that name the algorithm at run time (the wasm
/// package's `SigningKey.generate`): read it back with
/// [`signing_key_from_material`] to sign, or publish its public half.
/// RSA keys have 2048 bits.
///
/// # Errors
/// [`IssueError::Rng`] if the generator fails, [`IssueError::Unsupported`]
/// for an algorithm whose family is not compiled in.
pub fn generate_private_jwk<R: rand_core::TryCryptoRng + ?Sized>(
    alg: Algorithm,
    rng: &mut R,
) -> Result<zeroize::Zeroizing<String>, IssueError> {
    macro_rules! generate {
        ($ty:ty) => {
            return Ok(zeroize::Zeroizing::new(
                <$ty>::generate(rng)?.to_private_jwk(),
            ))
        };
    }
    match alg {
        #[cfg(feature = "hmac")]
        Algorithm::HS256 => generate!(crate::Hs256SigningKey),
        #[cfg(feature = "hmac")]
        Algorithm::HS384 => generate!(crate::Hs384SigningKey),
        #[cfg(feature = "hmac")]
        Algorithm::HS512 => generate!(crate::Hs512SigningKey),
        #[cfg(feature = "rsa")]
        Algorithm::RS256 => generate!(crate::Rs256SigningKey),
        #[cfg(feature = "rsa")]
        Algorithm::RS384 => generate!(crate::Rs384SigningKey),
        #[cfg(feature = "rsa")]
        Algorithm::RS512 => generate!(crate::Rs512SigningKey),
        #[cfg(feature = "rsa")]
        Algorithm::PS256 => generate!(crate::Ps256SigningKey),
        #[cfg(feature = "rsa")]
        Algorithm::PS384 => generate!(crate::Ps384SigningKey),
        #[cfg(feature = "rsa")]
        Algorithm::PS512 => generate!(crate::Ps512SigningKey),
        #[cfg(feature = "es256")]
        Algorithm::ES256 => generate!(crate::Es256SigningKey),
        #[cfg(feature = "es384")]
        Algorithm::ES384 => generate!(crate::Es384SigningKey),
        #[cfg(feature = "es512")]
        Algorithm::ES512 => generate!(crate::Es512SigningKey),
        #[cfg(feature = "eddsa")]
        Algorithm::EdDSA => generate!(crate::EdDsaSigningKey),
        #[allow(unreachable_patterns)]
        _ => {
            let _ = rng;
            Err(not_compiled())
        }
    }
}
