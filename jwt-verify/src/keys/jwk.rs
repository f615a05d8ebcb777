//! JSON Web Keys (RFC 7517, RFC 7518 section 6, RFC 8037) and key sets.
//!
//! Design note: a JWK becomes a key that pins exactly one algorithm. Its
//! own `alg` decides; without one, an EC or OKP key's curve decides (each
//! curve has one JWS algorithm), and an RSA or `oct` key needs the caller
//! to name the algorithm, because one modulus or secret fits several. A JWK
//! whose `kty`, `crv`, `use` or `key_ops` contradicts that algorithm is
//! refused rather than guessed around. JSON text first passes
//! [`jwt_core::json::check_object`] (no duplicate members, bounded depth),
//! then serde; members are decoded with unpadded, canonical base64url.
//!
//! Key sets, read member by member, are in [`super::keyset`].
//!
//! Linking: the typed constructors (`Hs256Key::from_jwk`, ...) link only
//! their own primitive. [`Jwk::to_verifying_key`] and [`KeySet`](super::KeySet) can
//! produce any compiled-in key type, so they link every enabled family;
//! a build that wants only HMAC disables the other features. The rejected
//! alternative, a JWK that carries a family and a list of algorithms until
//! verification time, is the `alg`-confusion design this crate avoids.

#[cfg(any(
    feature = "hmac",
    feature = "rsa",
    feature = "ecdsa-any",
    feature = "eddsa"
))]
use alloc::boxed::Box;
use alloc::collections::BTreeSet;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jwt_core::json::{JsonError, check_object};
use jwt_core::{Algorithm, AlgorithmFamily};
use serde::{Deserialize, Deserializer};

use crate::error::KeyError;
use crate::key::DynVerifyingKey;

/// Deepest JSON nesting accepted in a JWK or JWKS
/// (`{"keys":[{"oth":[{...}]}]}` is 5).
pub const JWK_MAX_DEPTH: usize = 8;

/// Deserialises a member that, when present, must not be `null`.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

#[derive(Deserialize)]
pub(super) struct RawJwk {
    #[serde(default, deserialize_with = "present")]
    kty: Option<String>,
    #[serde(default, deserialize_with = "present")]
    kid: Option<String>,
    #[serde(default, deserialize_with = "present")]
    alg: Option<String>,
    #[serde(default, rename = "use", deserialize_with = "present")]
    key_use: Option<String>,
    #[serde(default, deserialize_with = "present")]
    key_ops: Option<Vec<String>>,
    #[serde(default, deserialize_with = "present")]
    crv: Option<String>,
    #[serde(default, deserialize_with = "present")]
    x: Option<String>,
    #[serde(default, deserialize_with = "present")]
    y: Option<String>,
    #[serde(default, deserialize_with = "present")]
    n: Option<String>,
    #[serde(default, deserialize_with = "present")]
    e: Option<String>,
    #[serde(default, deserialize_with = "present")]
    k: Option<String>,
    #[serde(default, deserialize_with = "present")]
    x5c: Option<Vec<String>>,
    #[serde(default, deserialize_with = "present")]
    d: Option<String>,
    #[serde(default, deserialize_with = "present")]
    p: Option<String>,
    #[serde(default, deserialize_with = "present")]
    q: Option<String>,
    #[serde(default, deserialize_with = "present")]
    dp: Option<String>,
    #[serde(default, deserialize_with = "present")]
    dq: Option<String>,
    #[serde(default, deserialize_with = "present")]
    qi: Option<String>,
    #[serde(default, deserialize_with = "present")]
    oth: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
pub(super) struct RawJwks {
    /// Members stay JSON values so that each is judged on its own.
    #[serde(default, deserialize_with = "present")]
    pub(super) keys: Option<Vec<serde_json::Value>>,
}

/// A parsed JSON Web Key.
///
/// Read with [`Jwk::from_json`]; turn into a key with
/// [`Jwk::to_verifying_key`] or a typed constructor such as
/// `Es256VerifyingKey::from_jwk`. Members are kept as their base64url
/// text and decoded (strictly) only when a key is built. Private members
/// (`d`, `p`, `q`, `dp`, `dq`, `qi`, `oth`) are read only to tell
/// [`is_private`](Self::is_private); a verifying key never uses them.
/// `Debug` never prints key material.
#[derive(Clone)]
pub struct Jwk {
    kty: String,
    kid: Option<String>,
    alg: Option<String>,
    key_use: Option<String>,
    key_ops: Option<Vec<String>>,
    crv: Option<String>,
    x: Option<String>,
    y: Option<String>,
    n: Option<String>,
    e: Option<String>,
    /// The `oct` secret; read only by the HMAC constructors.
    #[cfg_attr(not(feature = "hmac"), allow(dead_code))]
    k: Option<String>,
    /// The key of the first `x5c` certificate (RFC 7517 4.7), if any.
    #[cfg_attr(
        not(any(feature = "rsa", feature = "ecdsa-any", feature = "eddsa")),
        allow(dead_code)
    )]
    x5c: Option<jwt_keys::PublicKeyDer>,
    private: bool,
}

pub(super) fn json_error(e: JsonError) -> KeyError {
    KeyError::Malformed {
        reason: match e {
            JsonError::DuplicateMember => "JWK JSON has a duplicate member name",
            JsonError::TooDeep => "JWK JSON nests too deeply",
            JsonError::NotAnObject => "JWK JSON is not an object",
            JsonError::Syntax(_) => "JWK is not valid JSON",
        },
    }
}

pub(super) fn malformed(reason: &'static str) -> KeyError {
    KeyError::Malformed { reason }
}

fn mismatch(reason: &'static str) -> KeyError {
    KeyError::Mismatch { reason }
}

fn unsupported(reason: &'static str) -> KeyError {
    KeyError::Unsupported { reason }
}

/// A JWK `alg` that is no supported JWS algorithm, named when it is a
/// known one (RFC 7518 section 4, RFC 8037, RFC 9864).
fn unsupported_alg(name: &str) -> KeyError {
    const JWE: [&str; 16] = [
        "RSA1_5",
        "RSA-OAEP",
        "RSA-OAEP-256",
        "RSA-OAEP-384",
        "RSA-OAEP-512",
        "A128KW",
        "A192KW",
        "A256KW",
        "dir",
        "ECDH-ES",
        "ECDH-ES+A128KW",
        "ECDH-ES+A192KW",
        "ECDH-ES+A256KW",
        "A128GCMKW",
        "A256GCMKW",
        "PBES2-HS256+A128KW",
    ];
    if JWE.contains(&name) || name.starts_with("PBES2") {
        return mismatch("the JWK's alg is an encryption (JWE) algorithm, not a signature");
    }
    match name {
        "Ed448" => unsupported("Ed448 (only Ed25519 is supported for EdDSA)"),
        "ES256K" => unsupported("secp256k1 (ES256K is not supported)"),
        _ => unsupported("JWK alg is not a supported JWS algorithm"),
    }
}

const NO_ALG: &str = "JWK has no alg; say which algorithm";
const NOT_COMPILED: &str = "support for this algorithm is not compiled in";

impl Jwk {
    /// Parses one JWK from JSON text.
    ///
    /// # Errors
    /// [`KeyError::Malformed`] for invalid JSON, duplicate member names,
    /// nesting deeper than [`JWK_MAX_DEPTH`], a member of the wrong type or
    /// `null`, a missing `kty`, or duplicate `key_ops` values.
    pub fn from_json(text: &str) -> Result<Self, KeyError> {
        check_object(text, JWK_MAX_DEPTH).map_err(json_error)?;
        let raw: RawJwk = serde_json::from_str(text)
            .map_err(|_| malformed("JWK member has the wrong JSON type"))?;
        Self::from_raw(raw)
    }

    pub(super) fn from_raw(raw: RawJwk) -> Result<Self, KeyError> {
        let kty = raw.kty.ok_or(malformed("JWK has no kty"))?;
        if let Some(ops) = &raw.key_ops {
            // RFC 7517 4.3: duplicate values MUST NOT be present.
            let unique: BTreeSet<&str> = ops.iter().map(String::as_str).collect();
            if unique.len() != ops.len() {
                return Err(malformed("JWK key_ops has duplicate values"));
            }
        }
        // RFC 7517 4.7: standard base64 (not base64url) DER certificates,
        // the key's own certificate first. Only its key is used.
        let x5c = match raw.x5c.as_deref() {
            None => None,
            Some([]) => return Err(malformed("JWK x5c is empty")),
            Some([first, ..]) => {
                let der = base64::engine::general_purpose::STANDARD
                    .decode(first)
                    .map_err(|_| malformed("JWK x5c certificate is not base64"))?;
                Some(jwt_keys::PublicKeyDer::from_certificate_der(&der)?)
            }
        };
        let private = raw.d.is_some()
            || raw.p.is_some()
            || raw.q.is_some()
            || raw.dp.is_some()
            || raw.dq.is_some()
            || raw.qi.is_some()
            || raw.oth.is_some();
        Ok(Self {
            kty,
            kid: raw.kid,
            alg: raw.alg,
            key_use: raw.key_use,
            key_ops: raw.key_ops,
            crv: raw.crv,
            x: raw.x,
            y: raw.y,
            n: raw.n,
            e: raw.e,
            k: raw.k,
            x5c,
            private,
        })
    }

    /// The key type: `EC`, `RSA`, `oct`, `OKP`, or another string.
    pub fn kty(&self) -> &str {
        &self.kty
    }

    /// The key id, if any.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// The `alg` member as written, if any.
    pub fn alg(&self) -> Option<&str> {
        self.alg.as_deref()
    }

    /// The `use` member (`sig`, `enc`, ...), if any.
    pub fn key_use(&self) -> Option<&str> {
        self.key_use.as_deref()
    }

    /// The `key_ops` member, if any.
    pub fn key_ops(&self) -> Option<&[String]> {
        self.key_ops.as_deref()
    }

    /// The `crv` member, if any.
    pub fn crv(&self) -> Option<&str> {
        self.crv.as_deref()
    }

    /// The public `x` member (EC, OKP) as base64url text, if any.
    pub fn x(&self) -> Option<&str> {
        self.x.as_deref()
    }

    /// The public `y` member (EC) as base64url text, if any.
    pub fn y(&self) -> Option<&str> {
        self.y.as_deref()
    }

    /// The public modulus `n` (RSA) as base64url text, if any.
    pub fn n(&self) -> Option<&str> {
        self.n.as_deref()
    }

    /// The public exponent `e` (RSA) as base64url text, if any.
    pub fn e(&self) -> Option<&str> {
        self.e.as_deref()
    }

    /// Whether the JWK carries private key members (`d`, or the RSA
    /// `p`, `q`, `dp`, `dq`, `qi`, `oth`). A symmetric `oct` key's `k` is
    /// its normal content and does not count; see
    /// [`is_symmetric`](Self::is_symmetric).
    pub fn is_private(&self) -> bool {
        self.private
    }

    /// Whether this is a symmetric (`oct`) key: a shared secret.
    pub fn is_symmetric(&self) -> bool {
        self.kty == "oct"
    }

    /// Builds the verifying key this JWK describes, pinned to one algorithm.
    ///
    /// The JWK's own `alg` pins it (and `alg`, when given, must equal it).
    /// Without an `alg` member, an EC key gets the algorithm of its curve
    /// (P-256: ES256, P-384: ES384, P-521: ES512) and an OKP Ed25519 key
    /// gets EdDSA; RSA and `oct` keys need `alg`. A private JWK is accepted
    /// and only its public members are used.
    ///
    /// # Errors
    /// - [`KeyError::Mismatch`]: `alg` differs from the JWK's `alg`; RSA or
    ///   `oct` JWK without any algorithm; `kty` or `crv` does not fit the
    ///   algorithm; `use` is present and not `sig`; `key_ops` is present
    ///   without `verify`.
    /// - [`KeyError::KeyRejected`]: `alg: none`, or the key itself is weak.
    /// - [`KeyError::Unsupported`]: unknown `kty`, curve or `alg`, or an
    ///   algorithm whose cargo feature is disabled.
    /// - [`KeyError::Malformed`]: missing or badly encoded members.
    pub fn to_verifying_key(&self, alg: Option<Algorithm>) -> Result<DynVerifyingKey, KeyError> {
        let alg = self.resolve_algorithm(alg)?;
        self.build(alg)
    }

    /// The one algorithm this JWK is used with, given the caller's choice.
    fn resolve_algorithm(&self, requested: Option<Algorithm>) -> Result<Algorithm, KeyError> {
        self.check_kty_known()?;
        self.check_usage()?;
        match (self.own_algorithm()?, requested) {
            (Some(own), Some(req)) if own != req => {
                Err(mismatch("JWK alg differs from the requested algorithm"))
            }
            (Some(own), _) => Ok(own),
            (None, Some(req)) => Ok(req),
            (None, None) => self.curve_algorithm()?.ok_or(mismatch(NO_ALG)),
        }
    }

    fn check_kty_known(&self) -> Result<(), KeyError> {
        match self.kty.as_str() {
            "oct" | "RSA" | "EC" | "OKP" => Ok(()),
            _ => Err(unsupported("unknown JWK kty")),
        }
    }

    /// `use` and `key_ops` must allow verification (RFC 7517 4.2, 4.3).
    fn check_usage(&self) -> Result<(), KeyError> {
        if self.key_use.as_deref().is_some_and(|u| u != "sig") {
            return Err(mismatch("JWK use is not sig"));
        }
        if self
            .key_ops
            .as_ref()
            .is_some_and(|ops| !ops.iter().any(|op| op == "verify"))
        {
            return Err(mismatch("JWK key_ops does not include verify"));
        }
        Ok(())
    }

    /// The JWK's `alg`, parsed: `none` is refused outright.
    fn own_algorithm(&self) -> Result<Option<Algorithm>, KeyError> {
        let Some(name) = self.alg.as_deref() else {
            return Ok(None);
        };
        match Algorithm::from_name(name) {
            Ok(alg) => Ok(Some(alg)),
            Err(jwt_core::ParseError::AlgNone) => Err(KeyError::KeyRejected {
                reason: "JWK alg none is never accepted",
            }),
            // RFC 9864's fully-specified name for EdDSA with Ed25519.
            Err(_) if name == "Ed25519" => Ok(Some(Algorithm::EdDSA)),
            Err(_) => Err(unsupported_alg(name)),
        }
    }

    /// The algorithm implied by `crv` for EC and OKP keys.
    fn curve_algorithm(&self) -> Result<Option<Algorithm>, KeyError> {
        let crv = self.crv.as_deref();
        match (self.kty.as_str(), crv) {
            ("EC", Some("P-256")) => Ok(Some(Algorithm::ES256)),
            ("EC", Some("P-384")) => Ok(Some(Algorithm::ES384)),
            ("EC", Some("P-521")) => Ok(Some(Algorithm::ES512)),
            ("OKP", Some("Ed25519")) => Ok(Some(Algorithm::EdDSA)),
            ("EC" | "OKP", None) => Err(malformed("JWK has no crv")),
            ("EC", Some("secp256k1")) => Err(unsupported("secp256k1 (ES256K is not supported)")),
            ("EC", Some("P-192")) => Err(unsupported("EC curve P-192 (too weak; not a JWS curve)")),
            ("EC", Some(_)) => Err(unsupported("EC curve other than P-256, P-384 or P-521")),
            ("OKP", Some("Ed448")) => {
                Err(unsupported("Ed448 (only Ed25519 is supported for EdDSA)"))
            }
            ("OKP", Some("X25519")) => {
                Err(mismatch("X25519 is a key-agreement key, not a signing key"))
            }
            ("OKP", Some("X448")) => {
                Err(mismatch("X448 is a key-agreement key, not a signing key"))
            }
            ("OKP", Some(_)) => Err(mismatch("JWK OKP curve is not a signature curve")),
            _ => Ok(None),
        }
    }

    /// Every rule that ties this JWK to `alg`: known `kty` that fits the
    /// family, usage, own `alg` equal, `crv` equal to the algorithm's.
    fn check_for(&self, alg: Algorithm) -> Result<(), KeyError> {
        self.check_kty_known()?;
        let kty_fits = matches!(
            (alg.family(), self.kty.as_str()),
            (AlgorithmFamily::Hmac, "oct")
                | (AlgorithmFamily::RsaPkcs1 | AlgorithmFamily::RsaPss, "RSA")
                | (AlgorithmFamily::Ecdsa, "EC")
                | (AlgorithmFamily::EdDsa, "OKP")
        );
        if !kty_fits {
            return Err(mismatch("JWK kty does not fit the algorithm"));
        }
        self.check_usage()?;
        if let Some(own) = self.own_algorithm()?
            && own != alg
        {
            return Err(mismatch("JWK alg differs from the requested algorithm"));
        }
        match self.kty.as_str() {
            "EC" | "OKP" => {
                if self.curve_algorithm()? != Some(alg) {
                    return Err(mismatch("JWK crv does not fit the algorithm"));
                }
            }
            _ => {
                if self.crv.is_some() {
                    return Err(mismatch("JWK crv does not fit the algorithm"));
                }
            }
        }
        Ok(())
    }

    /// With members present, an `x5c` certificate must hold the same key
    /// (`expected` is that key's raw form: PKCS#1 for RSA, the SEC1
    /// point for EC, the 32 bytes for Ed25519).
    #[cfg_attr(not(any(feature = "ecdsa-any", feature = "eddsa")), allow(dead_code))]
    fn check_x5c_agrees(&self, expected: &[u8]) -> Result<(), KeyError> {
        match &self.x5c {
            Some(cert) if cert.key_bytes()? != expected => Err(mismatch(
                "the JWK's x5c certificate holds another key than its members",
            )),
            _ => Ok(()),
        }
    }

    /// The `x5c` certificate's key, when the JWK has no key members.
    #[cfg_attr(
        not(any(feature = "rsa", feature = "ecdsa-any", feature = "eddsa")),
        allow(dead_code)
    )]
    fn x5c_only(&self, members: &[&Option<String>]) -> Option<&[u8]> {
        if members.iter().all(|m| m.is_none()) {
            self.x5c.as_ref().map(jwt_keys::PublicKeyDer::der)
        } else {
            None
        }
    }

    /// Decodes a required member with strict unpadded base64url.
    fn member(value: Option<&String>) -> Result<Vec<u8>, KeyError> {
        let text = value.ok_or(malformed("JWK lacks a member its kty requires"))?;
        URL_SAFE_NO_PAD
            .decode(text)
            .map_err(|_| malformed("JWK member is not canonical unpadded base64url"))
    }

    /// RSA `n` and `e`: RFC 7518 6.3.1 asks for the minimum number of
    /// octets, but providers publish `n` with a leading zero octet (PayPal,
    /// Yahoo). Leading zeros encode the same integer, so they are dropped:
    /// an encoding slip, not a weaker key. An all-zero or empty value is
    /// still malformed.
    #[cfg_attr(not(feature = "rsa"), allow(dead_code))]
    fn unsigned_member(value: Option<&String>) -> Result<Vec<u8>, KeyError> {
        let bytes = Self::member(value)?;
        match bytes.iter().position(|&b| b != 0) {
            None => Err(malformed("RSA JWK n or e is zero or empty")),
            Some(start) => Ok(bytes.get(start..).unwrap_or_default().to_vec()),
        }
    }

    /// One arm per algorithm, each behind its feature: the only place a
    /// JWK's algorithm chooses a type (and it is the resolved, pinned one).
    fn build(&self, alg: Algorithm) -> Result<DynVerifyingKey, KeyError> {
        match alg {
            #[cfg(feature = "hmac")]
            Algorithm::HS256 => Ok(Box::new(super::Hs256Key::from_jwk(self)?)),
            #[cfg(feature = "hmac")]
            Algorithm::HS384 => Ok(Box::new(super::Hs384Key::from_jwk(self)?)),
            #[cfg(feature = "hmac")]
            Algorithm::HS512 => Ok(Box::new(super::Hs512Key::from_jwk(self)?)),
            #[cfg(feature = "rsa")]
            Algorithm::RS256 => Ok(Box::new(super::Rs256VerifyingKey::from_jwk(self)?)),
            #[cfg(feature = "rsa")]
            Algorithm::RS384 => Ok(Box::new(super::Rs384VerifyingKey::from_jwk(self)?)),
            #[cfg(feature = "rsa")]
            Algorithm::RS512 => Ok(Box::new(super::Rs512VerifyingKey::from_jwk(self)?)),
            #[cfg(feature = "rsa")]
            Algorithm::PS256 => Ok(Box::new(super::Ps256VerifyingKey::from_jwk(self)?)),
            #[cfg(feature = "rsa")]
            Algorithm::PS384 => Ok(Box::new(super::Ps384VerifyingKey::from_jwk(self)?)),
            #[cfg(feature = "rsa")]
            Algorithm::PS512 => Ok(Box::new(super::Ps512VerifyingKey::from_jwk(self)?)),
            #[cfg(feature = "es256")]
            Algorithm::ES256 => Ok(Box::new(super::Es256VerifyingKey::from_jwk(self)?)),
            #[cfg(feature = "es384")]
            Algorithm::ES384 => Ok(Box::new(super::Es384VerifyingKey::from_jwk(self)?)),
            #[cfg(feature = "es512")]
            Algorithm::ES512 => Ok(Box::new(super::Es512VerifyingKey::from_jwk(self)?)),
            #[cfg(feature = "eddsa")]
            Algorithm::EdDSA => Ok(Box::new(super::EdDsaVerifyingKey::from_jwk(self)?)),
            #[allow(unreachable_patterns)]
            _ => {
                // Contradictions are more useful to report than "not
                // compiled in".
                self.check_for(alg)?;
                Err(unsupported(NOT_COMPILED))
            }
        }
    }

    /// The keys a key-set member becomes: one per algorithm of
    /// [`set_algorithms`](Self::set_algorithms) that the key can serve (a
    /// 32-byte secret serves HS256 but not HS384/512); an error when it
    /// serves none.
    pub(super) fn set_keys(
        &self,
        fallback: &[Algorithm],
    ) -> Result<Vec<DynVerifyingKey>, KeyError> {
        let algs = self.set_algorithms(fallback)?;
        let explicit = algs.len() == 1;
        let mut keys = Vec::with_capacity(algs.len());
        let mut first_err = None;
        for alg in algs {
            match self.to_verifying_key(Some(alg)) {
                Ok(key) => keys.push(key),
                Err(e) if explicit => return Err(e),
                Err(e) => {
                    first_err.get_or_insert(e);
                }
            }
        }
        match first_err {
            Some(e) if keys.is_empty() => Err(e),
            _ => Ok(keys),
        }
    }

    /// The algorithms a key-set entry expands to: its own `alg`, else its
    /// curve's, else each of `fallback` whose family fits its `kty`.
    fn set_algorithms(&self, fallback: &[Algorithm]) -> Result<Vec<Algorithm>, KeyError> {
        self.check_kty_known()?;
        self.check_usage()?;
        if let Some(own) = self.own_algorithm()? {
            return Ok(alloc::vec![own]);
        }
        if let Some(by_curve) = self.curve_algorithm()? {
            return Ok(alloc::vec![by_curve]);
        }
        let mut algs: Vec<Algorithm> = Vec::new();
        for &alg in fallback {
            let fits = matches!(
                (alg.family(), self.kty.as_str()),
                (AlgorithmFamily::Hmac, "oct")
                    | (AlgorithmFamily::RsaPkcs1 | AlgorithmFamily::RsaPss, "RSA")
            );
            if fits && !algs.contains(&alg) {
                algs.push(alg);
            }
        }
        if algs.is_empty() {
            return Err(mismatch(NO_ALG));
        }
        Ok(algs)
    }
}

impl fmt::Debug for Jwk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Jwk")
            .field("kty", &self.kty)
            .field("kid", &self.kid)
            .field("alg", &self.alg)
            .field("use", &self.key_use)
            .field("key_ops", &self.key_ops)
            .field("crv", &self.crv)
            .field("private", &self.private)
            .finish_non_exhaustive()
    }
}

#[cfg(feature = "hmac")]
impl<A: super::hmac::HmacAlgorithm> super::hmac::HmacKey<A> {
    /// Reads an `oct` JWK for this algorithm: `kty` must be `oct`, `alg`
    /// (if present) must name this algorithm, `use`/`key_ops` must allow
    /// verification; the JWK's `kid` is kept.
    ///
    /// # Errors
    /// As [`Jwk::to_verifying_key`].
    pub fn from_jwk(jwk: &Jwk) -> Result<Self, KeyError> {
        jwk.check_for(A::ALGORITHM)?;
        let key = Self::new(&Jwk::member(jwk.k.as_ref())?)?;
        Ok(match &jwk.kid {
            Some(kid) => key.with_kid(kid.clone()),
            None => key,
        })
    }

    /// Parses a JWK from JSON and reads it as in [`from_jwk`](Self::from_jwk).
    ///
    /// # Errors
    /// As [`Jwk::from_json`] and [`from_jwk`](Self::from_jwk).
    pub fn from_jwk_json(text: &str) -> Result<Self, KeyError> {
        Self::from_jwk(&Jwk::from_json(text)?)
    }
}

#[cfg(feature = "rsa")]
impl<A: super::rsa::RsaAlgorithm> super::rsa::RsaVerifyingKey<A> {
    /// Reads an `RSA` JWK (`n`, `e`) for this algorithm; private members
    /// are ignored; the JWK's `kid` is kept.
    ///
    /// # Errors
    /// As [`Jwk::to_verifying_key`]; `n` or `e` may carry leading zero
    /// octets (they are dropped), but not be zero.
    pub fn from_jwk(jwk: &Jwk) -> Result<Self, KeyError> {
        jwk.check_for(A::ALGORITHM)?;
        let key = if let Some(spki) = jwk.x5c_only(&[&jwk.n, &jwk.e]) {
            Self::from_public_key_der(spki)?
        } else {
            let n = Jwk::unsigned_member(jwk.n.as_ref())?;
            let e = Jwk::unsigned_member(jwk.e.as_ref())?;
            if let Some(cert) = &jwk.x5c {
                let cert_key =
                    <rsa::pkcs1::RsaPublicKeyRef<'_> as rsa::pkcs1::der::Decode>::from_der(
                        cert.key_bytes()?,
                    )
                    .map_err(|_| mismatch("the JWK's x5c certificate holds no RSA key"))?;
                let same = jwt_keys::rsa::strip_leading_zeros(cert_key.modulus.as_bytes()) == n
                    && jwt_keys::rsa::strip_leading_zeros(cert_key.public_exponent.as_bytes()) == e;
                if !same {
                    return Err(mismatch(
                        "the JWK's x5c certificate holds another key than its members",
                    ));
                }
            }
            Self::from_components(&n, &e)?
        };
        Ok(match &jwk.kid {
            Some(kid) => key.with_kid(kid.clone()),
            None => key,
        })
    }

    /// Parses a JWK from JSON and reads it as in [`from_jwk`](Self::from_jwk).
    ///
    /// # Errors
    /// As [`Jwk::from_json`] and [`from_jwk`](Self::from_jwk).
    pub fn from_jwk_json(text: &str) -> Result<Self, KeyError> {
        Self::from_jwk(&Jwk::from_json(text)?)
    }
}

#[cfg(feature = "ecdsa-any")]
impl<A: super::ecdsa::EcdsaAlgorithm> super::ecdsa::EcdsaVerifyingKey<A> {
    /// Reads an `EC` JWK (`crv`, `x`, `y`) for this algorithm's curve; `d`
    /// is ignored; the JWK's `kid` is kept.
    ///
    /// # Errors
    /// As [`Jwk::to_verifying_key`]; coordinates must be exactly the field
    /// size (RFC 7518 6.2.1.2).
    pub fn from_jwk(jwk: &Jwk) -> Result<Self, KeyError> {
        jwk.check_for(A::ALGORITHM)?;
        let key = if let Some(spki) = jwk.x5c_only(&[&jwk.x, &jwk.y]) {
            Self::from_public_key_der(spki)?
        } else {
            let x = Jwk::member(jwk.x.as_ref())?;
            let y = Jwk::member(jwk.y.as_ref())?;
            let mut point = alloc::vec![0x04u8];
            point.extend_from_slice(&x);
            point.extend_from_slice(&y);
            jwk.check_x5c_agrees(&point)?;
            Self::from_coordinates(&x, &y)?
        };
        Ok(match &jwk.kid {
            Some(kid) => key.with_kid(kid.clone()),
            None => key,
        })
    }

    /// Parses a JWK from JSON and reads it as in [`from_jwk`](Self::from_jwk).
    ///
    /// # Errors
    /// As [`Jwk::from_json`] and [`from_jwk`](Self::from_jwk).
    pub fn from_jwk_json(text: &str) -> Result<Self, KeyError> {
        Self::from_jwk(&Jwk::from_json(text)?)
    }
}

#[cfg(feature = "eddsa")]
impl super::eddsa::EdDsaVerifyingKey {
    /// Reads an `OKP` JWK with `crv: Ed25519` and `x` (RFC 8037); `d` is
    /// ignored; the JWK's `kid` is kept.
    ///
    /// # Errors
    /// As [`Jwk::to_verifying_key`].
    pub fn from_jwk(jwk: &Jwk) -> Result<Self, KeyError> {
        jwk.check_for(Algorithm::EdDSA)?;
        let key = if let Some(spki) = jwk.x5c_only(&[&jwk.x]) {
            Self::from_public_key_der(spki)?
        } else {
            let x = Jwk::member(jwk.x.as_ref())?;
            jwk.check_x5c_agrees(&x)?;
            Self::from_bytes(&x)?
        };
        Ok(match &jwk.kid {
            Some(kid) => key.with_kid(kid.clone()),
            None => key,
        })
    }

    /// Parses a JWK from JSON and reads it as in [`from_jwk`](Self::from_jwk).
    ///
    /// # Errors
    /// As [`Jwk::from_json`] and [`from_jwk`](Self::from_jwk).
    pub fn from_jwk_json(text: &str) -> Result<Self, KeyError> {
        Self::from_jwk(&Jwk::from_json(text)?)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::key::VerifyingKey;
    use crate::keys::keyset::KeySet;
    use crate::verifier::KeySource;
    use alloc::format;
    use alloc::string::ToString;
    use jwt_core::VerifyError;

    const RFC7520_EC_PUBLIC: &str =
        include_str!("../../../vectors/jose-cookbook/jwk/3_1.ec_public_key.json");
    const RFC7520_EC_PRIVATE: &str =
        include_str!("../../../vectors/jose-cookbook/jwk/3_2.ec_private_key.json");
    const RFC7520_RSA_PUBLIC: &str =
        include_str!("../../../vectors/jose-cookbook/jwk/3_3.rsa_public_key.json");
    const RFC7520_RSA_PRIVATE: &str =
        include_str!("../../../vectors/jose-cookbook/jwk/3_4.rsa_private_key.json");
    const RFC7520_OCT: &str =
        include_str!("../../../vectors/jose-cookbook/jwk/3_5.symmetric_key_mac_computation.json");
    #[cfg(all(feature = "hmac", feature = "rsa", feature = "ecdsa-any"))]
    const WYCHEPROOF_JWK: &str = include_str!("../../../vectors/wycheproof/json_web_key_test.json");

    fn vector(file: &str) -> (Vec<u8>, Vec<u8>) {
        let v: serde_json::Value = serde_json::from_str(file).unwrap();
        let input = v["signing"]["sig-input"]
            .as_str()
            .unwrap()
            .as_bytes()
            .to_vec();
        let sig = URL_SAFE_NO_PAD
            .decode(v["signing"]["sig"].as_str().unwrap())
            .unwrap();
        (input, sig)
    }

    /// Replaces (or adds, with `Some`) or removes (`None`) one member.
    fn edit(text: &str, name: &str, value: Option<serde_json::Value>) -> String {
        let mut v: serde_json::Value = serde_json::from_str(text).unwrap();
        let obj = v.as_object_mut().unwrap();
        match value {
            Some(value) => {
                obj.insert(name.to_string(), value);
            }
            None => {
                obj.remove(name);
            }
        }
        v.to_string()
    }

    fn mismatch_of(r: Result<DynVerifyingKey, KeyError>) -> bool {
        matches!(r, Err(KeyError::Mismatch { .. }))
    }

    #[test]
    fn parse_and_inspect() {
        let jwk = Jwk::from_json(RFC7520_RSA_PRIVATE).unwrap();
        assert_eq!(jwk.kty(), "RSA");
        assert_eq!(jwk.kid(), Some("bilbo.baggins@hobbiton.example"));
        assert_eq!(jwk.key_use(), Some("sig"));
        assert!(jwk.is_private());
        assert!(!jwk.is_symmetric());
        assert!(!Jwk::from_json(RFC7520_RSA_PUBLIC).unwrap().is_private());
        assert!(Jwk::from_json(RFC7520_EC_PRIVATE).unwrap().is_private());
        let oct = Jwk::from_json(RFC7520_OCT).unwrap();
        assert!(oct.is_symmetric() && !oct.is_private());
        // Debug shows metadata, never key material.
        let dbg = format!("{jwk:?} {oct:?}");
        assert!(
            dbg.contains("bilbo") && dbg.contains("private: true"),
            "{dbg}"
        );
        assert!(
            !dbg.contains("bWUC9B") && !dbg.contains("hJtXIZ2u"),
            "{dbg}"
        );
    }

    #[test]
    fn json_is_checked_strictly() {
        let dup = r#"{"kty":"oct","k":"AAAA","k":"BBBB"}"#;
        assert!(matches!(
            Jwk::from_json(dup),
            Err(KeyError::Malformed { .. })
        ));
        for bad in [
            r#"[]"#,
            r#"{"kty":"oct""#,
            r#"{"k":"AAAA"}"#,
            r#"{"kty":null,"k":"AAAA"}"#,
            r#"{"kty":"oct","alg":null}"#,
            r#"{"kty":"oct","key_ops":"verify"}"#,
            r#"{"kty":"oct","key_ops":["verify","verify"]}"#,
            r#"{"kty":"oct","kid":7}"#,
        ] {
            assert!(
                matches!(Jwk::from_json(bad), Err(KeyError::Malformed { .. })),
                "{bad}"
            );
        }
        let deep = format!(
            r#"{{"kty":"oct","x5c":{}1{}}}"#,
            "[".repeat(20),
            "]".repeat(20)
        );
        assert!(matches!(
            Jwk::from_json(&deep),
            Err(KeyError::Malformed { .. })
        ));
        // Unknown members are ignored (RFC 7517 4).
        assert!(Jwk::from_json(r#"{"kty":"oct","ext":true,"x5t":"abc"}"#).is_ok());
    }

    #[cfg(feature = "hmac")]
    #[test]
    fn oct_jwk_rfc7520_4_4() {
        let (input, sig) = vector(include_str!(
            "../../../vectors/jose-cookbook/jws/4_4.hmac-sha2_integrity_protection.json"
        ));
        let jwk = Jwk::from_json(RFC7520_OCT).unwrap();
        let key = jwk.to_verifying_key(None).unwrap();
        assert_eq!(key.algorithm(), Algorithm::HS256);
        assert_eq!(key.kid(), Some("018c0ae5-4d9b-471b-bfd6-eef314bc7037"));
        key.verify_signature(&input, &sig).unwrap();
        assert!(mismatch_of(jwk.to_verifying_key(Some(Algorithm::HS512))));
        // The typed constructor pins the same way.
        crate::Hs256Key::from_jwk(&jwk)
            .unwrap()
            .verify_signature(&input, &sig)
            .unwrap();
        assert!(matches!(
            crate::Hs384Key::from_jwk(&jwk),
            Err(KeyError::Mismatch { .. })
        ));
        // Without alg, an oct key needs the caller's choice.
        let no_alg = Jwk::from_json(&edit(RFC7520_OCT, "alg", None)).unwrap();
        assert_eq!(no_alg.to_verifying_key(None).err(), Some(mismatch(NO_ALG)));
        assert_eq!(
            no_alg
                .to_verifying_key(Some(Algorithm::HS256))
                .unwrap()
                .algorithm(),
            Algorithm::HS256
        );
        // The 32-byte secret is too short for HS384.
        assert!(matches!(
            no_alg.to_verifying_key(Some(Algorithm::HS384)),
            Err(KeyError::KeyRejected { .. })
        ));
    }

    /// RFC 7515 appendix A.1 key, as used by the verifier's doctest.
    #[cfg(feature = "hmac")]
    #[test]
    fn typed_from_jwk_json() {
        let key = crate::Hs256Key::from_jwk_json(
            r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#,
        )
        .unwrap();
        let input = b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
        let sig = URL_SAFE_NO_PAD
            .decode("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
            .unwrap();
        key.verify_signature(input, &sig).unwrap();
    }

    #[test]
    fn base64_members_are_strict() {
        // Canonical 32-byte k ends in 'g' (two zero trailing bits); 'h' is
        // the same bytes with a non-zero trailing bit.
        for k in [
            "hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYh",
            "hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg=",
            "hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG+Onbc6mxCcYg",
            "hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCc Yg",
        ] {
            let text = edit(RFC7520_OCT, "k", Some(k.into()));
            let r = Jwk::from_json(&text).unwrap().to_verifying_key(None);
            assert!(
                matches!(
                    r,
                    Err(KeyError::Malformed { .. }) | Err(KeyError::Unsupported { .. })
                ),
                "{k}"
            );
        }
    }

    #[test]
    fn alg_none_and_unknown_algs() {
        for none in ["none", "None", "NONE"] {
            let jwk = Jwk::from_json(&edit(RFC7520_OCT, "alg", Some(none.into()))).unwrap();
            assert!(
                matches!(
                    jwk.to_verifying_key(None),
                    Err(KeyError::KeyRejected { .. })
                ),
                "{none}"
            );
        }
        for alg in ["ES521", "A256GCM", "hs256", ""] {
            let jwk = Jwk::from_json(&edit(RFC7520_OCT, "alg", Some(alg.into()))).unwrap();
            assert!(
                matches!(
                    jwk.to_verifying_key(None),
                    Err(KeyError::Unsupported { .. })
                ),
                "{alg}"
            );
        }
        // Key-management (JWE) algorithms are named as such.
        for alg in [
            "RSA1_5",
            "RSA-OAEP",
            "A128KW",
            "ECDH-ES",
            "PBES2-HS512+A256KW",
        ] {
            let jwk = Jwk::from_json(&edit(RFC7520_OCT, "alg", Some(alg.into()))).unwrap();
            match jwk.to_verifying_key(None) {
                Err(KeyError::Mismatch { reason }) => assert!(reason.contains("JWE"), "{alg}"),
                other => panic!("{alg}: {:?}", other.err()),
            }
        }
        let jwk = Jwk::from_json(r#"{"kty":"foo","alg":"HS256","k":"AA"}"#).unwrap();
        assert!(matches!(
            jwk.to_verifying_key(None),
            Err(KeyError::Unsupported { .. })
        ));
    }

    #[test]
    fn use_and_key_ops_must_allow_verification() {
        for (name, value) in [
            ("use", serde_json::json!("enc")),
            ("use", serde_json::json!("SIG")),
            ("key_ops", serde_json::json!(["sign"])),
            ("key_ops", serde_json::json!(["encrypt", "decrypt"])),
            ("key_ops", serde_json::json!([])),
            ("key_ops", serde_json::json!(["sign, verify"])),
        ] {
            let jwk = Jwk::from_json(&edit(RFC7520_OCT, name, Some(value.clone()))).unwrap();
            assert!(mismatch_of(jwk.to_verifying_key(None)), "{name}: {value}");
        }
        #[cfg(feature = "hmac")]
        {
            let ok = edit(
                RFC7520_OCT,
                "key_ops",
                Some(serde_json::json!(["sign", "verify"])),
            );
            assert!(Jwk::from_json(&ok).unwrap().to_verifying_key(None).is_ok());
            let no_use = edit(RFC7520_OCT, "use", None);
            assert!(
                Jwk::from_json(&no_use)
                    .unwrap()
                    .to_verifying_key(None)
                    .is_ok()
            );
        }
    }

    #[test]
    fn kty_must_fit_the_algorithm() {
        // An oct JWK claiming RS256 (and the other way round): key confusion.
        let jwk = Jwk::from_json(&edit(RFC7520_OCT, "alg", Some("RS256".into()))).unwrap();
        assert!(mismatch_of(jwk.to_verifying_key(None)));
        let rsa = Jwk::from_json(RFC7520_RSA_PUBLIC).unwrap();
        for alg in [Algorithm::HS256, Algorithm::ES256, Algorithm::EdDSA] {
            assert!(mismatch_of(rsa.to_verifying_key(Some(alg))), "{alg}");
        }
        let ec = Jwk::from_json(RFC7520_EC_PUBLIC).unwrap();
        for alg in [Algorithm::HS512, Algorithm::RS256, Algorithm::EdDSA] {
            assert!(mismatch_of(ec.to_verifying_key(Some(alg))), "{alg}");
        }
    }

    #[test]
    fn crv_must_fit_the_algorithm() {
        // RFC 7520 3.1 is P-521.
        let ec = Jwk::from_json(RFC7520_EC_PUBLIC).unwrap();
        assert!(mismatch_of(ec.to_verifying_key(Some(Algorithm::ES256))));
        let with_alg =
            Jwk::from_json(&edit(RFC7520_EC_PUBLIC, "alg", Some("ES384".into()))).unwrap();
        assert!(mismatch_of(with_alg.to_verifying_key(None)));
        let other =
            Jwk::from_json(&edit(RFC7520_EC_PUBLIC, "crv", Some("secp256k1".into()))).unwrap();
        assert!(matches!(
            other.to_verifying_key(None),
            Err(KeyError::Unsupported { .. })
        ));
        let none = Jwk::from_json(&edit(RFC7520_EC_PUBLIC, "crv", None)).unwrap();
        assert!(matches!(
            none.to_verifying_key(None),
            Err(KeyError::Malformed { .. })
        ));
        // crv on a key type that has none contradicts too.
        let rsa = Jwk::from_json(&edit(RFC7520_RSA_PUBLIC, "crv", Some("P-256".into()))).unwrap();
        assert!(mismatch_of(rsa.to_verifying_key(Some(Algorithm::RS256))));
        // OKP curves that are not Ed25519.
        let x25519 = Jwk::from_json(r#"{"kty":"OKP","crv":"X25519","x":"AAAA"}"#).unwrap();
        assert!(mismatch_of(x25519.to_verifying_key(None)));
        let ed448 = Jwk::from_json(r#"{"kty":"OKP","crv":"Ed448","x":"AAAA"}"#).unwrap();
        assert!(matches!(
            ed448.to_verifying_key(None),
            Err(KeyError::Unsupported { .. })
        ));
    }

    #[cfg(feature = "ecdsa-any")]
    #[test]
    fn ec_jwk_rfc7520_4_3() {
        let (input, sig) = vector(include_str!(
            "../../../vectors/jose-cookbook/jws/4_3.ecdsa_signature.json"
        ));
        for text in [RFC7520_EC_PUBLIC, RFC7520_EC_PRIVATE] {
            let jwk = Jwk::from_json(text).unwrap();
            // No alg: the curve decides.
            let key = jwk.to_verifying_key(None).unwrap();
            assert_eq!(key.algorithm(), Algorithm::ES512);
            assert_eq!(key.kid(), Some("bilbo.baggins@hobbiton.example"));
            key.verify_signature(&input, &sig).unwrap();
            crate::Es512VerifyingKey::from_jwk(&jwk)
                .unwrap()
                .verify_signature(&input, &sig)
                .unwrap();
            assert!(matches!(
                crate::Es256VerifyingKey::from_jwk(&jwk),
                Err(KeyError::Mismatch { .. })
            ));
        }
        // A coordinate one byte short (leading zero dropped) is malformed.
        let v: serde_json::Value = serde_json::from_str(RFC7520_EC_PUBLIC).unwrap();
        let x = URL_SAFE_NO_PAD.decode(v["x"].as_str().unwrap()).unwrap();
        assert_eq!(x[0], 0);
        let short = edit(
            RFC7520_EC_PUBLIC,
            "x",
            Some(URL_SAFE_NO_PAD.encode(&x[1..]).into()),
        );
        assert!(matches!(
            Jwk::from_json(&short).unwrap().to_verifying_key(None),
            Err(KeyError::Malformed { .. })
        ));
    }

    #[cfg(feature = "rsa")]
    #[test]
    fn rsa_jwk_rfc7520_4_1_and_4_2() {
        let (input, sig) = vector(include_str!(
            "../../../vectors/jose-cookbook/jws/4_1.rsa_v15_signature.json"
        ));
        let (pss_input, pss_sig) = vector(include_str!(
            "../../../vectors/jose-cookbook/jws/4_2.rsa-pss_signature.json"
        ));
        for text in [RFC7520_RSA_PUBLIC, RFC7520_RSA_PRIVATE] {
            let jwk = Jwk::from_json(text).unwrap();
            assert_eq!(jwk.to_verifying_key(None).err(), Some(mismatch(NO_ALG)));
            jwk.to_verifying_key(Some(Algorithm::RS256))
                .unwrap()
                .verify_signature(&input, &sig)
                .unwrap();
            jwk.to_verifying_key(Some(Algorithm::PS384))
                .unwrap()
                .verify_signature(&pss_input, &pss_sig)
                .unwrap();
            assert!(
                jwk.to_verifying_key(Some(Algorithm::RS384))
                    .unwrap()
                    .verify_signature(&input, &sig)
                    .is_err()
            );
        }
        // n with a leading zero octet (as PayPal and Yahoo publish) is the
        // same integer: the key verifies the same signatures.
        let v: serde_json::Value = serde_json::from_str(RFC7520_RSA_PUBLIC).unwrap();
        let mut n = alloc::vec![0u8];
        n.extend(URL_SAFE_NO_PAD.decode(v["n"].as_str().unwrap()).unwrap());
        let padded = edit(
            RFC7520_RSA_PUBLIC,
            "n",
            Some(URL_SAFE_NO_PAD.encode(&n).into()),
        );
        let (input, sig) = vector(include_str!(
            "../../../vectors/jose-cookbook/jws/4_1.rsa_v15_signature.json"
        ));
        Jwk::from_json(&padded)
            .unwrap()
            .to_verifying_key(Some(Algorithm::RS256))
            .unwrap()
            .verify_signature(&input, &sig)
            .unwrap();
        let zero = edit(RFC7520_RSA_PUBLIC, "n", Some("AAAA".into()));
        assert!(matches!(
            Jwk::from_json(&zero)
                .unwrap()
                .to_verifying_key(Some(Algorithm::RS256)),
            Err(KeyError::Malformed { .. })
        ));
        let no_e = edit(RFC7520_RSA_PUBLIC, "e", None);
        assert!(matches!(
            Jwk::from_json(&no_e)
                .unwrap()
                .to_verifying_key(Some(Algorithm::RS256)),
            Err(KeyError::Malformed { .. })
        ));
    }

    #[cfg(feature = "eddsa")]
    #[test]
    fn okp_jwk_rfc8037() {
        let file = include_str!("../../../vectors/jose-cookbook/curve25519/jws.json");
        let v: serde_json::Value = serde_json::from_str(file).unwrap();
        let jwk = Jwk::from_json(&v["input"]["key"].to_string()).unwrap();
        assert!(jwk.is_private());
        let key = jwk.to_verifying_key(None).unwrap();
        assert_eq!(key.algorithm(), Algorithm::EdDSA);
        let (input, sig) = vector(file);
        key.verify_signature(&input, &sig).unwrap();
    }

    fn jwks(keys: &[&str]) -> String {
        format!(r#"{{"keys":[{}]}}"#, keys.join(","))
    }

    #[test]
    fn jwks_structure_errors() {
        assert!(matches!(
            KeySet::from_jwks_json("{}", &[]),
            Err(KeyError::Malformed { .. })
        ));
        assert!(matches!(
            KeySet::from_jwks_json(r#"{"keys":{}}"#, &[]),
            Err(KeyError::Malformed { .. })
        ));
        assert!(matches!(
            KeySet::from_jwks_json(r#"{"keys":[]}"#, &[]),
            Err(KeyError::KeySetRejected { .. })
        ));
        let dup = r#"{"keys":[],"keys":[]}"#;
        assert!(matches!(
            KeySet::from_jwks_json(dup, &[]),
            Err(KeyError::Malformed { .. })
        ));
        // A set whose only member is unusable is refused, naming the member.
        let unknown = jwks(&[r#"{"kty":"foo","kid":"a"}"#]);
        match KeySet::from_jwks_json(&unknown, &[]) {
            Err(KeyError::NoUsableKey { first }) => match *first {
                KeyError::KeySetMember {
                    index: 0,
                    kid,
                    error,
                } => {
                    assert_eq!(kid.as_deref(), Some("a"));
                    assert!(matches!(*error, KeyError::Unsupported { .. }));
                }
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        }
        // A member of the wrong JSON type is skipped, not fatal.
        let typed = jwks(&[r#"{"kty":"oct","kid":5}"#]);
        assert!(matches!(
            KeySet::from_jwks_json(&typed, &[]),
            Err(KeyError::NoUsableKey { .. })
        ));
    }

    #[cfg(feature = "hmac")]
    #[test]
    fn jwks_duplicate_kid_and_mixed_secrets_are_rejected() {
        let a = r#"{"kty":"oct","kid":"a","alg":"HS256","k":"-ebuDNsVZ2iJtoZ-akfXTSCt4UO2cruLCsbWlBinggE"}"#;
        let a2 = r#"{"kty":"oct","kid":"a","alg":"HS384","k":"QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB"}"#;
        match KeySet::from_jwks_json(&jwks(&[a, a2]), &[]) {
            Err(KeyError::KeySetMember {
                index: 1,
                kid,
                error,
            }) => {
                assert_eq!(kid.as_deref(), Some("a"));
                assert!(matches!(*error, KeyError::KeySetRejected { .. }));
                let message = KeyError::KeySetMember {
                    index: 1,
                    kid,
                    error,
                }
                .to_string();
                assert!(message.contains("member 1 (kid \"a\")"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        // A skipped member that shares a usable member's kid makes that kid
        // ambiguous (Wycheproof tcId 4: which key did the issuer mean?):
        // the set loads, tokens naming the kid are refused.
        let short = r#"{"kty":"oct","kid":"a","alg":"HS256","k":"c2hvcnQ"}"#;
        let set = KeySet::from_jwks_json(&jwks(&[a, short]), &[]).unwrap();
        assert_eq!((set.len(), set.skipped().len()), (1, 1));
        assert_eq!(
            set.select(Algorithm::HS256, Some("a")).err(),
            Some(VerifyError::AmbiguousKey)
        );
        // oct (secret) next to a public EC key.
        let ec = edit(RFC7520_EC_PUBLIC, "kid", Some("ec".into()));
        assert!(matches!(
            KeySet::from_jwks_json(&jwks(&[a, &ec]), &[]),
            Err(KeyError::KeySetRejected { .. })
        ));
        // Private and public asymmetric keys mixed.
        let priv_ec = edit(RFC7520_EC_PRIVATE, "kid", Some("ec2".into()));
        assert!(matches!(
            KeySet::from_jwks_json(&jwks(&[&priv_ec, &ec]), &[]),
            Err(KeyError::KeySetRejected { .. })
        ));
    }

    #[cfg(feature = "rsa")]
    #[test]
    fn jwks_expansion_per_algorithm() {
        let set = KeySet::from_jwks_json(
            &jwks(&[RFC7520_RSA_PUBLIC]),
            &[
                Algorithm::RS256,
                Algorithm::PS256,
                Algorithm::ES256,
                Algorithm::RS256,
            ],
        )
        .unwrap();
        assert_eq!(set.len(), 2);
        let algs: Vec<Algorithm> = set.iter().map(|k| k.algorithm()).collect();
        assert_eq!(algs, [Algorithm::RS256, Algorithm::PS256]);
        assert!(
            set.iter()
                .all(|k| k.kid() == Some("bilbo.baggins@hobbiton.example"))
        );
        let (input, sig) = vector(include_str!(
            "../../../vectors/jose-cookbook/jws/4_1.rsa_v15_signature.json"
        ));
        let key = set
            .select(Algorithm::RS256, Some("bilbo.baggins@hobbiton.example"))
            .unwrap();
        key.verify_signature(&input, &sig).unwrap();
        assert_eq!(
            set.select(Algorithm::RS384, Some("bilbo.baggins@hobbiton.example"))
                .err(),
            Some(VerifyError::AlgorithmMismatch)
        );
        // No fitting algorithm given: refused, with the member and reason.
        assert_eq!(
            KeySet::from_jwks_json(&jwks(&[RFC7520_RSA_PUBLIC]), &[Algorithm::ES256]).err(),
            Some(KeyError::NoUsableKey {
                first: Box::new(KeyError::KeySetMember {
                    index: 0,
                    kid: Some("bilbo.baggins@hobbiton.example".into()),
                    error: Box::new(mismatch(NO_ALG)),
                })
            })
        );
        // An own alg wins over the list.
        let with_alg = edit(RFC7520_RSA_PUBLIC, "alg", Some("PS512".into()));
        let set = KeySet::from_jwks_json(&jwks(&[&with_alg]), &[Algorithm::RS256]).unwrap();
        assert_eq!(set.len(), 1);
        assert_eq!(set.iter().next().unwrap().algorithm(), Algorithm::PS512);
        // use: enc alone: no usable key. Beside a signing key (Keycloak
        // publishes both): skipped, and a token naming it is refused with
        // the reason.
        let enc = edit(RFC7520_RSA_PUBLIC, "use", Some("enc".into()));
        assert!(matches!(
            KeySet::from_jwks_json(&jwks(&[&enc]), &[Algorithm::RS256]),
            Err(KeyError::NoUsableKey { .. })
        ));
        let enc = edit(&enc, "kid", Some("enc-1".into()));
        let set = KeySet::from_jwks_json(&jwks(&[&enc, RFC7520_RSA_PUBLIC]), &[Algorithm::RS256])
            .unwrap();
        assert_eq!(set.len(), 1);
        assert_eq!(set.skipped()[0].index, 0);
        assert_eq!(set.skipped()[0].kid.as_deref(), Some("enc-1"));
        assert!(matches!(
            set.select(Algorithm::RS256, Some("enc-1")).err(),
            Some(VerifyError::KeyUnusable { .. })
        ));
        assert!(set.select(Algorithm::RS256, None).is_ok());
    }

    #[cfg(feature = "hmac")]
    #[test]
    fn selection_rules() {
        let secret = [7u8; 64];
        let mut set = KeySet::new();
        assert!(set.is_empty());
        set.push(Box::new(
            crate::Hs256Key::new(&secret).unwrap().with_kid("a"),
        ))
        .unwrap();
        set.push(Box::new(
            crate::Hs512Key::new(&secret).unwrap().with_kid("a"),
        ))
        .unwrap();
        set.push(Box::new(
            crate::Hs256Key::new(&secret).unwrap().with_kid("b"),
        ))
        .unwrap();
        set.push(Box::new(crate::Hs384Key::new(&secret).unwrap()))
            .unwrap();
        assert_eq!(set.len(), 4);
        // Same kid and algorithm twice is refused.
        assert!(matches!(
            set.push(Box::new(
                crate::Hs256Key::new(&secret).unwrap().with_kid("a")
            )),
            Err(KeyError::KeySetRejected { .. })
        ));

        // kid given: exact match, then algorithm.
        assert_eq!(
            set.select(Algorithm::HS256, Some("a")).unwrap().kid(),
            Some("a")
        );
        assert_eq!(
            set.select(Algorithm::HS512, Some("a")).unwrap().algorithm(),
            Algorithm::HS512
        );
        assert_eq!(
            set.select(Algorithm::HS384, Some("a")).err(),
            Some(VerifyError::AlgorithmMismatch)
        );
        // A kid that no key carries falls back to the keys without a kid
        // (here the HS384 one): another algorithm is then a mismatch.
        for unknown in ["A", "c", ""] {
            assert_eq!(
                set.select(Algorithm::HS256, Some(unknown)).err(),
                Some(VerifyError::AlgorithmMismatch),
                "{unknown:?}"
            );
        }
        // No kid: exactly one key of the algorithm.
        assert_eq!(set.select(Algorithm::HS384, None).unwrap().kid(), None);
        assert_eq!(set.select(Algorithm::HS512, None).unwrap().kid(), Some("a"));
        assert_eq!(
            set.select(Algorithm::HS256, None).err(),
            Some(VerifyError::AmbiguousKey)
        );
        assert_eq!(
            set.select(Algorithm::RS256, None).err(),
            Some(VerifyError::AlgorithmMismatch)
        );
        // A kid-less key answers a kid that no key carries (a key read
        // from PEM and pushed into a set)...
        assert_eq!(set.select(Algorithm::HS384, Some("x")).unwrap().kid(), None);
        // ...but never one that a key carries.
        assert_eq!(
            set.select(Algorithm::HS384, Some("b")).err(),
            Some(VerifyError::AlgorithmMismatch)
        );
        let named_only = {
            let mut set = KeySet::new();
            set.push(Box::new(
                crate::Hs256Key::new(&secret).unwrap().with_kid("a"),
            ))
            .unwrap();
            set
        };
        assert_eq!(
            named_only.select(Algorithm::HS256, Some("x")).err(),
            Some(VerifyError::KeyNotFound)
        );

        let dbg = format!("{set:?}");
        assert!(
            dbg.contains("HS256 kid=\"a\"") && dbg.contains("HS384"),
            "{dbg}"
        );
        // Through the verifier's trait.
        assert_eq!(
            <KeySet as KeySource>::with_key(&set, Algorithm::HS512, Some("a"), |k| Ok(
                k.algorithm()
            ))
            .unwrap(),
            Algorithm::HS512
        );
    }

    /// Wycheproof json_web_key_test.json: a set loads exactly when its
    /// group has a valid test; every other group exists to be refused
    /// (mixed key set, duplicate kid, use enc, ROCA, 1024-bit RSA,
    /// exponent 1, short / empty HMAC keys, alg ES521 / ES224 on P-256,
    /// point not on the curve, wrong crv, wrong kty, AES algorithms). Where
    /// the set loads, its tokens verify as labelled.
    #[cfg(all(feature = "hmac", feature = "rsa", feature = "ecdsa-any"))]
    #[test]
    fn wycheproof_json_web_key() {
        let file: serde_json::Value = serde_json::from_str(WYCHEPROOF_JWK).unwrap();
        let mut loaded = 0;
        let mut refused = 0;
        for group in file["testGroups"].as_array().unwrap() {
            let keys = if group["public"].is_null() {
                &group["private"]
            } else {
                &group["public"]
            };
            let tests = group["tests"].as_array().unwrap();
            let any_valid = tests.iter().any(|t| t["result"] == "valid");
            let result = KeySet::from_jwks_json(&keys.to_string(), &[]);
            let ids: Vec<_> = tests.iter().map(|t| t["tcId"].as_u64().unwrap()).collect();
            match result {
                Ok(set) => {
                    // Members are judged one by one: a set may load with its
                    // bad members skipped, but none of them verifies a token.
                    loaded += 1;
                    let _ = &ids;
                    for t in tests {
                        let jws = t["jws"].as_str().unwrap();
                        let mut parts = jws.split('.');
                        let (h, p, s) = (
                            parts.next().unwrap(),
                            parts.next().unwrap(),
                            parts.next().unwrap(),
                        );
                        let header: serde_json::Value =
                            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(h).unwrap()).unwrap();
                        let alg = Algorithm::from_name(header["alg"].as_str().unwrap()).unwrap();
                        let sig = URL_SAFE_NO_PAD.decode(s).unwrap_or_default();
                        let ok = set.select(alg, header["kid"].as_str()).is_ok_and(|key| {
                            key.verify_signature(format!("{h}.{p}").as_bytes(), &sig)
                                .is_ok()
                        });
                        assert_eq!(ok, t["result"] == "valid", "tcId {}", t["tcId"]);
                    }
                }
                Err(e) => {
                    assert!(!any_valid, "tcId {ids:?} must load: {e}");
                    refused += 1;
                }
            }
        }
        // Six sets load: the five with valid tests, and tcId 4's duplicate
        // kid, whose second member is not canonical base64url and is
        // skipped; its token is still refused (the kid is ambiguous).
        assert_eq!((loaded, refused), (6, 19));
    }
}
