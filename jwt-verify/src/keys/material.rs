//! Verifying keys from [`KeyMaterial`]: what a key file, a C buffer or a
//! JavaScript key turns into, one call for every binding.
//!
//! Design note: `jwt-keys` decides what the bytes are; this module only
//! turns each kind of material into keys that pin one algorithm each (an
//! RSA key becomes one key per RS*/PS* algorithm the caller allows) and
//! picks among them per token. The rejected alternative, a sniffer in each
//! binding (the CLI had 400 lines of one), let the bindings disagree and
//! let one of them read public key files as HMAC secrets.

#[cfg(any(
    feature = "hmac",
    feature = "rsa",
    feature = "ecdsa-any",
    feature = "eddsa"
))]
use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;

use jwt_core::{Algorithm, AlgorithmFamily, VerifyError};
use jwt_keys::{KeyKind, KeyMaterial, PrivateKeyDer, PublicKeyDer};

use crate::error::KeyError;
use crate::key::{DynVerifyingKey, VerifyingKey};
use crate::keys::jwk::Jwk;
use crate::keys::keyset::KeySet;
use crate::verifier::KeySource;

/// The verifying keys one piece of key material yields, as a key source.
///
/// - One key (PEM, DER, certificate, JWK, HMAC secret): a token verifies
///   with it whatever `kid` the token names, unless the key itself has a
///   `kid` (a JWK's), which must then match.
/// - A JWK Set or a certificate map: the token's `kid` selects, as in
///   [`KeySet::select`].
///
/// Every token's `alg` must be among the allowed algorithms and is then
/// matched against the key, which pins it.
pub struct MaterialKeys {
    allowed: Vec<Algorithm>,
    source: Source,
}

enum Source {
    /// One key in several pinned variants (one per algorithm).
    Single(Vec<DynVerifyingKey>),
    /// The token's `kid` selects.
    Set(KeySet),
}

const HMAC_ALGS: [Algorithm; 3] = [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512];

fn mismatch(reason: &'static str) -> KeyError {
    KeyError::Mismatch { reason }
}

impl MaterialKeys {
    /// Builds the verifying keys; `algs` narrows the algorithms (empty:
    /// every algorithm the key allows; an RSA key then serves all six
    /// RS*/PS* algorithms).
    ///
    /// A private key yields its public half; a file holding a private key
    /// and its certificate must agree on the key. Only the key of a
    /// certificate is used: no chain, validity or revocation is checked.
    ///
    /// # Errors
    /// [`KeyError::Mismatch`] when the key cannot serve any of `algs`, and
    /// any error of the key constructors ([`KeyError::KeyRejected`] for
    /// weak keys, [`KeyError::Unsupported`] for key types that are not
    /// supported or not compiled in).
    pub fn from_material(material: &KeyMaterial, algs: &[Algorithm]) -> Result<Self, KeyError> {
        let source = match material {
            KeyMaterial::Secret(secret) => {
                if algs.iter().any(|a| a.family() != AlgorithmFamily::Hmac) {
                    return Err(mismatch(
                        "an HMAC secret cannot verify RS*, PS*, ES* or EdDSA tokens",
                    ));
                }
                Source::Single(hmac_keys(secret.as_bytes(), algs)?)
            }
            KeyMaterial::Jwk(text) => Source::Single(jwk_keys(&Jwk::from_json(text)?, algs)?),
            KeyMaterial::Jwks(text) => {
                let fallback: &[Algorithm] = if algs.is_empty() {
                    &Algorithm::ALL
                } else {
                    algs
                };
                Source::Set(KeySet::from_jwks_json(text, fallback)?)
            }
            KeyMaterial::CertificateMap(entries) => {
                let mut set = KeySet::new();
                for (kid, cert) in entries {
                    for key in public_keys(cert, algs, Some(kid))? {
                        set.push(key)?;
                    }
                }
                Source::Set(set)
            }
            KeyMaterial::Keys(bundle) => {
                let public = match (&bundle.private, bundle.public.as_slice()) {
                    (Some(private), certs) => {
                        let derived = public_of_private(private)?;
                        if let Some(first) = certs.first() {
                            check_same_key(&derived, first)?;
                        }
                        derived
                    }
                    // One key, or a certificate chain (the leaf first).
                    (None, [first, rest @ ..])
                        if rest.is_empty()
                            || bundle
                                .public
                                .iter()
                                .all(|p| matches!(p, PublicKeyDer::Certificate { .. })) =>
                    {
                        first.clone()
                    }
                    (None, []) => return Err(mismatch("the key material holds no key")),
                    (None, _) => {
                        return Err(mismatch(
                            "the file holds several public keys; publish them as a JWKS",
                        ));
                    }
                };
                Source::Single(public_keys(&public, algs, None)?)
            }
            _ => {
                return Err(KeyError::Unsupported {
                    reason: "this kind of key material",
                });
            }
        };
        let allowed = if algs.is_empty() {
            Algorithm::ALL.to_vec()
        } else {
            algs.to_vec()
        };
        Ok(Self { allowed, source })
    }

    /// One key the caller built, serving only its own algorithm (and,
    /// when the key has a `kid`, only tokens naming it). The lean path
    /// for firmware: an HMAC secret read with
    /// [`HmacSecret::from_raw`](jwt_keys::HmacSecret::from_raw) into an
    /// [`Hs256Key`](crate::Hs256Key) links no key-format parser.
    ///
    /// ```
    /// use jwt_verify::{Algorithm, Hs256Key, MaterialKeys};
    /// let keys = MaterialKeys::single(Box::new(Hs256Key::new(&[7u8; 32]).unwrap()));
    /// assert!(keys.select(Algorithm::HS256, None).is_ok());
    /// assert!(keys.select(Algorithm::HS512, None).is_err());
    /// ```
    pub fn single(key: DynVerifyingKey) -> Self {
        Self {
            allowed: vec![key.algorithm()],
            source: Source::Single(vec![key]),
        }
    }

    /// The key-set members skipped when the material was read (empty
    /// for a single key).
    pub fn skipped(&self) -> &[crate::keys::keyset::SkippedKey] {
        match &self.source {
            Source::Single(_) => &[],
            Source::Set(set) => set.skipped(),
        }
    }

    /// Every key, in order (one per key and algorithm).
    pub fn keys(&self) -> &[DynVerifyingKey] {
        match &self.source {
            Source::Single(keys) => keys,
            Source::Set(set) => set.as_slice(),
        }
    }
}

impl MaterialKeys {
    /// The key for a token whose header names `alg` and `kid`, by the rule
    /// of [`select_key`](crate::key::select_key), among the algorithms
    /// this source allows.
    ///
    /// # Errors
    /// As [`KeySet::select`]; [`VerifyError::AlgorithmMismatch`] for an
    /// algorithm outside the allowed ones.
    pub fn select(
        &self,
        alg: Algorithm,
        kid: Option<&str>,
    ) -> Result<&DynVerifyingKey, VerifyError> {
        if !self.allowed.contains(&alg) {
            return Err(VerifyError::AlgorithmMismatch);
        }
        match &self.source {
            Source::Single(keys) => crate::key::select_key(keys, alg, kid, false),
            Source::Set(set) => set.select(alg, kid),
        }
    }
}

impl KeySource for MaterialKeys {
    type Key = DynVerifyingKey;

    fn with_key<T>(
        &self,
        alg: Algorithm,
        kid: Option<&str>,
        f: impl FnOnce(&DynVerifyingKey) -> Result<T, VerifyError>,
    ) -> Result<T, VerifyError> {
        f(self.select(alg, kid)?)
    }
}

/// Borrowed, so that several verifiers can share one source.
impl KeySource for &MaterialKeys {
    type Key = DynVerifyingKey;

    fn with_key<T>(
        &self,
        alg: Algorithm,
        kid: Option<&str>,
        f: impl FnOnce(&DynVerifyingKey) -> Result<T, VerifyError>,
    ) -> Result<T, VerifyError> {
        f(self.select(alg, kid)?)
    }
}

impl core::fmt::Debug for MaterialKeys {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let algs: Vec<Algorithm> = self.keys().iter().map(|k| k.algorithm()).collect();
        f.debug_struct("MaterialKeys").field("keys", &algs).finish()
    }
}

/// HMAC keys for the requested HMAC algorithms (all three when none is
/// named: a secret too short for HS384/512 then serves HS256 only).
fn hmac_keys(secret: &[u8], algs: &[Algorithm]) -> Result<Vec<DynVerifyingKey>, KeyError> {
    #[cfg(feature = "hmac")]
    {
        let explicit = !algs.is_empty();
        let wanted: &[Algorithm] = if explicit { algs } else { &HMAC_ALGS };
        collect_keys(
            wanted.iter().copied(),
            explicit,
            "no HMAC algorithm requested",
            |alg| match alg {
                Algorithm::HS256 => crate::Hs256Key::new(secret).map(|k| Box::new(k) as _),
                Algorithm::HS384 => crate::Hs384Key::new(secret).map(|k| Box::new(k) as _),
                _ => crate::Hs512Key::new(secret).map(|k| Box::new(k) as _),
            },
        )
    }
    #[cfg(not(feature = "hmac"))]
    {
        let _ = (secret, algs, HMAC_ALGS);
        Err(KeyError::Unsupported {
            reason: "HMAC support is not compiled in (feature hmac)",
        })
    }
}

/// One JWK: its own `alg`; else its curve's; else every algorithm of its
/// type that `algs` allows (an `oct` key without `alg` serves the HMAC
/// algorithms its length allows, an RSA key every RS*/PS*).
fn jwk_keys(jwk: &Jwk, algs: &[Algorithm]) -> Result<Vec<DynVerifyingKey>, KeyError> {
    let allowed = |a: &Algorithm| algs.is_empty() || algs.contains(a);
    if jwk.alg().is_some() {
        // The JWK's own alg decides (the JWK reader names unsupported ones).
        let key = jwk.to_verifying_key(None)?;
        if !allowed(&key.algorithm()) {
            return Err(mismatch(
                "the JWK's alg is not among the requested algorithms",
            ));
        }
        return Ok(vec![key]);
    }
    let family: &[Algorithm] = match jwk.kty() {
        "oct" => &HMAC_ALGS,
        "RSA" => KeyKind::Rsa.algorithms(),
        _ => {
            // EC and OKP keys have one algorithm per curve.
            let key = jwk.to_verifying_key(None)?;
            if !allowed(&key.algorithm()) {
                return Err(mismatch(
                    "the JWK's curve does not fit the requested algorithms",
                ));
            }
            return Ok(vec![key]);
        }
    };
    collect_keys(
        family.iter().copied().filter(allowed),
        !algs.is_empty(),
        "the JWK's type does not fit the requested algorithms",
        |alg| jwk.to_verifying_key(Some(alg)),
    )
}

/// Builds one key per algorithm. With `explicit` (the caller named the
/// algorithms) the first failure is the answer; otherwise algorithms the
/// key cannot serve are left out, and only a key that serves none fails
/// (with the first reason, or `none_reason` when there was no algorithm).
fn collect_keys(
    algs: impl Iterator<Item = Algorithm>,
    explicit: bool,
    none_reason: &'static str,
    mut build: impl FnMut(Algorithm) -> Result<DynVerifyingKey, KeyError>,
) -> Result<Vec<DynVerifyingKey>, KeyError> {
    let mut keys = Vec::new();
    let mut first_err = None;
    for alg in algs {
        match build(alg) {
            Ok(k) => keys.push(k),
            Err(e) if explicit => return Err(e),
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    match (keys.is_empty(), first_err) {
        (true, Some(e)) => Err(e),
        (true, None) => Err(mismatch(none_reason)),
        _ => Ok(keys),
    }
}

/// The public half of a private key, as DER.
fn public_of_private(private: &PrivateKeyDer) -> Result<PublicKeyDer, KeyError> {
    let kind = private.kind()?;
    #[cfg_attr(
        not(any(feature = "ecdsa-any", feature = "eddsa")),
        allow(unused_variables)
    )]
    let malformed = |reason| KeyError::Malformed { reason };
    match kind {
        KeyKind::Rsa => private.rsa_public_key(),
        #[cfg(feature = "ecdsa-any")]
        KeyKind::Ec(curve) => {
            use pkcs8::DecodePrivateKey;
            use pkcs8::EncodePublicKey;
            macro_rules! derive {
                ($curve:ident) => {{
                    let secret = match private {
                        PrivateKeyDer::Sec1(der) => $curve::SecretKey::from_sec1_der(der).ok(),
                        _ => $curve::SecretKey::from_pkcs8_der(private.der()).ok(),
                    }
                    .ok_or(malformed("EC private key could not be read"))?;
                    secret
                        .public_key()
                        .to_public_key_der()
                        .map_err(|_| malformed("EC public key could not be encoded"))?
                        .into_vec()
                }};
            }
            let spki = match curve {
                #[cfg(feature = "es256")]
                jwt_keys::EcCurve::P256 => derive!(p256),
                #[cfg(feature = "es384")]
                jwt_keys::EcCurve::P384 => derive!(p384),
                #[cfg(feature = "es512")]
                jwt_keys::EcCurve::P521 => derive!(p521),
                #[allow(unreachable_patterns)]
                other => return Err(not_compiled(KeyKind::Ec(other))),
            };
            Ok(PublicKeyDer::Spki(spki))
        }
        #[cfg(feature = "eddsa")]
        KeyKind::Ed25519 => {
            use pkcs8::DecodePrivateKey;
            use pkcs8::EncodePublicKey;
            let signing = ed25519_dalek::SigningKey::from_pkcs8_der(private.der())
                .map_err(|_| malformed("Ed25519 private key could not be read"))?;
            let spki = signing
                .verifying_key()
                .to_public_key_der()
                .map_err(|_| malformed("Ed25519 public key could not be encoded"))?;
            Ok(PublicKeyDer::Spki(spki.into_vec()))
        }
        #[allow(unreachable_patterns)]
        _ => Err(not_compiled(kind)),
    }
}

fn not_compiled(kind: KeyKind) -> KeyError {
    KeyError::Unsupported {
        reason: match kind {
            KeyKind::Rsa => "RSA support is not compiled in (feature rsa)",
            KeyKind::Ec(_) => "ECDSA support is not compiled in (feature ecdsa)",
            KeyKind::Ed25519 => "EdDSA support is not compiled in (feature eddsa)",
        },
    }
}

/// A private key and the certificate stored beside it must hold the same
/// key: compared as verifying keys' public encodings.
fn check_same_key(derived: &PublicKeyDer, cert: &PublicKeyDer) -> Result<(), KeyError> {
    if derived.kind()? == cert.kind()? && derived.key_bytes()? == cert.key_bytes()? {
        Ok(())
    } else {
        Err(mismatch(
            "the certificate in the file is not for the file's private key",
        ))
    }
}

/// Verifying keys for one public key, one per algorithm allowed.
fn public_keys(
    public: &PublicKeyDer,
    algs: &[Algorithm],
    kid: Option<&str>,
) -> Result<Vec<DynVerifyingKey>, KeyError> {
    let kind = public.kind()?;
    let wanted: Vec<Algorithm> = kind
        .algorithms()
        .iter()
        .copied()
        .filter(|a| algs.is_empty() || algs.contains(a))
        .collect();
    if wanted.is_empty() {
        return Err(mismatch(match kind {
            KeyKind::Rsa => {
                "the file holds an RSA key, which cannot verify the requested algorithms"
            }
            KeyKind::Ec(_) => {
                "the file holds an EC key whose curve does not fit the requested algorithms"
            }
            KeyKind::Ed25519 => "the file holds an Ed25519 key, which only verifies EdDSA",
        }));
    }
    let mut keys = Vec::with_capacity(wanted.len());
    for alg in wanted {
        keys.push(one_public_key(public, alg, kid)?);
    }
    Ok(keys)
}

fn one_public_key(
    public: &PublicKeyDer,
    alg: Algorithm,
    kid: Option<&str>,
) -> Result<DynVerifyingKey, KeyError> {
    #[cfg_attr(
        not(any(feature = "rsa", feature = "ecdsa-any", feature = "eddsa")),
        allow(unused_macros)
    )]
    macro_rules! boxed {
        ($key:expr) => {{
            let key = $key;
            return Ok(match kid {
                Some(kid) => Box::new(key.with_kid(kid)),
                None => Box::new(key),
            });
        }};
    }
    let der = public.der();
    let pkcs1 = matches!(public, PublicKeyDer::Pkcs1(_));
    #[cfg(feature = "rsa")]
    {
        macro_rules! rsa {
            ($ty:ty) => {{
                let key = if pkcs1 {
                    <$ty>::from_pkcs1_der(der)?
                } else {
                    <$ty>::from_public_key_der(der)?
                };
                boxed!(key)
            }};
        }
        match alg {
            Algorithm::RS256 => rsa!(crate::Rs256VerifyingKey),
            Algorithm::RS384 => rsa!(crate::Rs384VerifyingKey),
            Algorithm::RS512 => rsa!(crate::Rs512VerifyingKey),
            Algorithm::PS256 => rsa!(crate::Ps256VerifyingKey),
            Algorithm::PS384 => rsa!(crate::Ps384VerifyingKey),
            Algorithm::PS512 => rsa!(crate::Ps512VerifyingKey),
            _ => {}
        }
    }
    #[cfg(feature = "ecdsa-any")]
    match alg {
        #[cfg(feature = "es256")]
        Algorithm::ES256 => boxed!(crate::Es256VerifyingKey::from_public_key_der(der)?),
        #[cfg(feature = "es384")]
        Algorithm::ES384 => boxed!(crate::Es384VerifyingKey::from_public_key_der(der)?),
        #[cfg(feature = "es512")]
        Algorithm::ES512 => boxed!(crate::Es512VerifyingKey::from_public_key_der(der)?),
        _ => {}
    }
    #[cfg(feature = "eddsa")]
    if alg == Algorithm::EdDSA {
        boxed!(crate::EdDsaVerifyingKey::from_public_key_der(der)?);
    }
    let _ = (der, pkcs1, kid);
    Err(not_compiled(match alg.family() {
        AlgorithmFamily::Ecdsa => KeyKind::Ec(jwt_keys::EcCurve::P256),
        AlgorithmFamily::EdDsa => KeyKind::Ed25519,
        _ => KeyKind::Rsa,
    }))
}
