//! RS256/384/512 and PS256/384/512 signing keys (RFC 7518 sections 3.3
//! and 3.5).
//!
//! Design note: one generic [`RsaSigningKey`] over a sealed algorithm
//! marker ([`Rs256`] ... [`Ps512`]) with aliases; the same RSA key used for
//! RS256 and PS256 is two values, never one key with two algorithms. Every
//! import (PKCS#8, PKCS#1, JWK) is decoded by the RustCrypto format crates
//! into its integer components, which then pass through one checked
//! constructor: modulus of 2048 to 8192 bits, odd public exponent from 3 to
//! 2^33 - 1, components consistent (`rsa::PrivateKey::from_components`
//! validates `n = p q` and `d e = 1 mod lambda(n)`), and for JWKs the
//! supplied CRT values equal the recomputed ones. PSS uses a salt exactly
//! as long as the hash (RFC 7518 3.5), drawn, like the blinding factor,
//! from the per-signature HMAC-DRBG described in `drbg.rs`. The rejected
//! alternative, calling `rsa`'s own `from_pkcs8_der`, accepts 1024-bit
//! keys and reports every failure as one opaque error.
//!
//! Backend: with the `aws-lc-rs` feature (hosted builds), the key also
//! holds an AWS-LC `RsaKeyPair` built from the same validated components
//! (AWS-LC checks them again), and AWS-LC signs with `RSA_PKCS1_SHA*` or
//! `RSA_PSS_SHA*` (salt as long as the hash, drawn from AWS-LC's RNG;
//! AWS-LC blinds the private operation itself), so the DRBG is not used.
//! PKCS#1 v1.5 signatures are the same bytes in both builds. Chosen at
//! compile time, never at run time.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use jwt_core::Algorithm;
use pkcs8::der::Decode;
use pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
use rand_core::TryCryptoRng;
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::{BoxedUint, PrivateKey};
use sha2::Digest;
#[cfg(not(feature = "aws-lc-rs"))]
use sha2::Sha256;
use zeroize::Zeroizing;

#[cfg(not(feature = "aws-lc-rs"))]
use super::drbg::HmacDrbg;
use super::pem::{self, PemKind, RSA_ENCRYPTION};
use crate::error::IssueError;
use crate::jwk::{Jwk, JwkWriter, PUBLIC_GIVEN, b64_member, strip_leading_zeros, thumbprint_of};
use crate::key::SigningKey;

pub use jwt_keys::rsa::MAX_RSA_MODULUS_BITS;
pub use jwt_keys::rsa::MIN_RSA_MODULUS_BITS;
/// Modulus size of [`RsaSigningKey::generate`], in bits.
pub const DEFAULT_RSA_MODULUS_BITS: usize = 2048;

mod sealed {
    pub trait Sealed {}
}

/// An RSA signature algorithm a [`RsaSigningKey`] can pin. Sealed:
/// implemented only by [`Rs256`], [`Rs384`], [`Rs512`], [`Ps256`],
/// [`Ps384`] and [`Ps512`].
pub trait RsaAlgorithm: sealed::Sealed + Send + Sync + 'static {
    /// The JWS algorithm.
    const ALGORITHM: Algorithm;
    /// The AWS-LC signature encoding of this algorithm.
    #[cfg(feature = "aws-lc-rs")]
    #[doc(hidden)]
    const AWS_LC: &'static aws_lc_rs::signature::RsaSignatureEncoding;
    #[doc(hidden)]
    fn sign<R: TryCryptoRng + ?Sized>(
        key: &PrivateKey,
        rng: &mut R,
        msg: &[u8],
    ) -> Result<Vec<u8>, rsa::Error>;
}

macro_rules! pkcs1v15_alg {
    ($marker:ident, $alg:ident, $digest:ty, $aws:ident, $doc:literal) => {
        #[doc = $doc]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $marker {}
        impl sealed::Sealed for $marker {}
        impl RsaAlgorithm for $marker {
            const ALGORITHM: Algorithm = Algorithm::$alg;
            #[cfg(feature = "aws-lc-rs")]
            const AWS_LC: &'static aws_lc_rs::signature::RsaSignatureEncoding =
                &aws_lc_rs::signature::$aws;
            fn sign<R: TryCryptoRng + ?Sized>(
                key: &PrivateKey,
                rng: &mut R,
                msg: &[u8],
            ) -> Result<Vec<u8>, rsa::Error> {
                // The RNG only blinds the private-key operation; the
                // PKCS#1 v1.5 signature itself is deterministic.
                let hashed = <$digest>::digest(msg);
                key.sign_with_rng(rng, rsa::Pkcs1v15Sign::new::<$digest>(), &hashed)
            }
        }
    };
}

macro_rules! pss_alg {
    ($marker:ident, $alg:ident, $digest:ty, $aws:ident, $doc:literal) => {
        #[doc = $doc]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $marker {}
        impl sealed::Sealed for $marker {}
        impl RsaAlgorithm for $marker {
            const ALGORITHM: Algorithm = Algorithm::$alg;
            #[cfg(feature = "aws-lc-rs")]
            const AWS_LC: &'static aws_lc_rs::signature::RsaSignatureEncoding =
                &aws_lc_rs::signature::$aws;
            fn sign<R: TryCryptoRng + ?Sized>(
                key: &PrivateKey,
                rng: &mut R,
                msg: &[u8],
            ) -> Result<Vec<u8>, rsa::Error> {
                let hashed = <$digest>::digest(msg);
                // RFC 7518 3.5: MGF1 with the same hash, salt as long as
                // the hash output (`Pss::new` sets exactly that).
                let padding =
                    rsa::Pss::<$digest>::new_with_salt(<$digest as Digest>::output_size());
                key.sign_with_rng(rng, padding, &hashed)
            }
        }
    };
}

pkcs1v15_alg!(
    Rs256,
    RS256,
    sha2::Sha256,
    RSA_PKCS1_SHA256,
    "Marker for RS256 (RSASSA-PKCS1-v1_5 with SHA-256)."
);
pkcs1v15_alg!(
    Rs384,
    RS384,
    sha2::Sha384,
    RSA_PKCS1_SHA384,
    "Marker for RS384 (RSASSA-PKCS1-v1_5 with SHA-384)."
);
pkcs1v15_alg!(
    Rs512,
    RS512,
    sha2::Sha512,
    RSA_PKCS1_SHA512,
    "Marker for RS512 (RSASSA-PKCS1-v1_5 with SHA-512)."
);
pss_alg!(
    Ps256,
    PS256,
    sha2::Sha256,
    RSA_PSS_SHA256,
    "Marker for PS256 (RSASSA-PSS, SHA-256, MGF1-SHA-256, 32-byte salt)."
);
pss_alg!(
    Ps384,
    PS384,
    sha2::Sha384,
    RSA_PSS_SHA384,
    "Marker for PS384 (RSASSA-PSS, SHA-384, MGF1-SHA-384, 48-byte salt)."
);
pss_alg!(
    Ps512,
    PS512,
    sha2::Sha512,
    RSA_PSS_SHA512,
    "Marker for PS512 (RSASSA-PSS, SHA-512, MGF1-SHA-512, 64-byte salt)."
);

/// An RSA private key pinned to one RS* or PS* algorithm.
///
/// ```no_run
/// # fn main() -> Result<(), jwt_issue::IssueError> {
/// use jwt_issue::{Ps256SigningKey, SigningKey};
/// let pem = std::fs::read_to_string("issuer.pem").unwrap_or_default();
/// let key = Ps256SigningKey::from_pem(&pem)?; // PRIVATE KEY or RSA PRIVATE KEY
/// println!("{}", key.public_jwk().unwrap_or_default());
/// # Ok(()) }
/// ```
pub struct RsaSigningKey<A: RsaAlgorithm> {
    key: PrivateKey,
    /// The same key in AWS-LC, which then signs.
    #[cfg(feature = "aws-lc-rs")]
    aws_lc: aws_lc_rs::signature::RsaKeyPair,
    /// Secret seed of the per-signature DRBG, derived from `d`.
    #[cfg(not(feature = "aws-lc-rs"))]
    seed: Zeroizing<[u8; 32]>,
    n: Vec<u8>,
    e: Vec<u8>,
    /// `"d":..,"p":..,"q":..,"dp":..,"dq":..,"qi":..` for the private JWK.
    private_members: Zeroizing<String>,
    modulus_bits: u32,
    thumbprint: String,
    kid: Option<String>,
    _alg: PhantomData<A>,
}

/// RS256 signing key.
pub type Rs256SigningKey = RsaSigningKey<Rs256>;
/// RS384 signing key.
pub type Rs384SigningKey = RsaSigningKey<Rs384>;
/// RS512 signing key.
pub type Rs512SigningKey = RsaSigningKey<Rs512>;
/// PS256 signing key.
pub type Ps256SigningKey = RsaSigningKey<Ps256>;
/// PS384 signing key.
pub type Ps384SigningKey = RsaSigningKey<Ps384>;
/// PS512 signing key.
pub type Ps512SigningKey = RsaSigningKey<Ps512>;

/// The components of an RSA private key, big-endian.
struct Components<'a> {
    n: &'a [u8],
    e: &'a [u8],
    d: &'a [u8],
    p: &'a [u8],
    q: &'a [u8],
    /// `(dp, dq, qi)` to check against the recomputed values (JWK import).
    crt: Option<(&'a [u8], &'a [u8], &'a [u8])>,
}

/// The shared RSA rules of jwt-keys, with their rejections as this
/// crate's `KeyRejected`.
fn key_rule<T>(checked: Result<T, jwt_keys::KeyError>) -> Result<T, IssueError> {
    checked.map_err(|e| match e {
        jwt_keys::KeyError::KeyRejected { reason } => IssueError::KeyRejected { reason },
        other => IssueError::Key(other),
    })
}

/// The public-key rules (size, exponent, ROCA), so that an issuer never
/// imports a key that verifiers refuse.
fn check_public(n_be: &[u8], e_be: &[u8]) -> Result<(u64, u32), IssueError> {
    key_rule(jwt_keys::rsa::check_rsa_public_key(n_be, e_be))
}

fn check_modulus_bits(bits: u32) -> Result<(), IssueError> {
    key_rule(jwt_keys::rsa::check_modulus_bits(bits))
}

/// Minimal big-endian bytes of a (secret) integer, zeroised on drop.
fn uint_bytes(v: &BoxedUint) -> Zeroizing<Vec<u8>> {
    Zeroizing::new(strip_leading_zeros(&v.to_be_bytes()).to_vec())
}

impl<A: RsaAlgorithm> RsaSigningKey<A> {
    fn from_components(c: &Components<'_>) -> Result<Self, IssueError> {
        let (e, _bits) = check_public(c.n, c.e)?;
        let n_be = strip_leading_zeros(c.n);
        let precision = u32::try_from(n_be.len())
            .ok()
            .and_then(|len| len.checked_mul(8))
            .ok_or(IssueError::KeyRejected {
                reason: "the RSA modulus is longer than 8192 bits",
            })?;
        let uint = |be: &[u8]| {
            BoxedUint::from_be_slice(strip_leading_zeros(be), precision).map_err(|_| {
                IssueError::KeyRejected {
                    reason: "an RSA private component is larger than the modulus",
                }
            })
        };
        let key = PrivateKey::from_components(
            uint(n_be)?,
            BoxedUint::from(e),
            uint(c.d)?,
            vec![uint(c.p)?, uint(c.q)?],
        )
        .map_err(|_| IssueError::KeyRejected {
            reason: "the RSA private key's components are inconsistent",
        })?;
        let built = Self::from_rsa(key)?;
        if let Some((dp, dq, qi)) = c.crt {
            let expected = Self::crt(&built.key)?;
            let same = |a: &[u8], b: &[u8]| strip_leading_zeros(a) == b;
            if !(same(dp, &expected.0) && same(dq, &expected.1) && same(qi, &expected.2)) {
                return Err(IssueError::KeyRejected {
                    reason: "the RSA CRT parameters (dp, dq, qi) do not match the primes",
                });
            }
        }
        Ok(built)
    }

    /// `(dp, dq, qi)` of a validated key.
    #[allow(clippy::type_complexity)]
    fn crt(
        key: &PrivateKey,
    ) -> Result<(Zeroizing<Vec<u8>>, Zeroizing<Vec<u8>>, Zeroizing<Vec<u8>>), IssueError> {
        const NO_CRT: IssueError = IssueError::KeyRejected {
            reason: "the RSA CRT parameters could not be computed",
        };
        let dp = key.dp().ok_or(NO_CRT)?;
        let dq = key.dq().ok_or(NO_CRT)?;
        let qi = key.crt_coefficient().ok_or(NO_CRT)?;
        Ok((uint_bytes(dp), uint_bytes(dq), uint_bytes(&qi)))
    }

    /// Wraps a key the `rsa` crate validated (size still checked here).
    fn from_rsa(key: PrivateKey) -> Result<Self, IssueError> {
        let n = strip_leading_zeros(&key.n().as_ref().to_be_bytes()).to_vec();
        let e = strip_leading_zeros(&key.e().to_be_bytes()).to_vec();
        let (_, modulus_bits) = check_public(&n, &e)?;
        let d = uint_bytes(key.d());
        let [p, q] = key.primes() else {
            return Err(IssueError::Unsupported {
                reason: "multi-prime RSA keys are not supported",
            });
        };
        let (p, q) = (uint_bytes(p.as_ref()), uint_bytes(q.as_ref()));
        let (dp, dq, qi) = Self::crt(&key)?;
        #[cfg(feature = "aws-lc-rs")]
        let aws_lc =
            aws_lc_rs::signature::RsaKeyPair::from_components(&aws_lc_rs::rsa::KeyPairComponents {
                public_key: aws_lc_rs::rsa::PublicKeyComponents {
                    n: n.as_slice(),
                    e: e.as_slice(),
                },
                d: d.as_slice(),
                p: p.as_slice(),
                q: q.as_slice(),
                dP: dp.as_slice(),
                dQ: dq.as_slice(),
                qInv: qi.as_slice(),
            })
            .map_err(|_| IssueError::KeyRejected {
                reason: "the RSA private key was refused by AWS-LC",
            })?;

        #[cfg(not(feature = "aws-lc-rs"))]
        let seed = {
            let mut seed = Zeroizing::new([0u8; 32]);
            seed.copy_from_slice(
                &Sha256::new()
                    .chain_update(b"jwt-issue RSA signing DRBG seed v1")
                    .chain_update(&*d)
                    .finalize(),
            );
            seed
        };
        let private_members = {
            let mut w = Zeroizing::new(String::new());
            let mut first = true;
            for (name, value) in [
                ("d", &d),
                ("p", &p),
                ("q", &q),
                ("dp", &dp),
                ("dq", &dq),
                ("qi", &qi),
            ] {
                crate::encode::json_b64_member(&mut w, &mut first, name, value);
            }
            w
        };
        let n_b64 = jwt_core::b64::encode(&n);
        let e_b64 = jwt_core::b64::encode(&e);
        let thumbprint = thumbprint_of(&[("e", &e_b64), ("kty", "RSA"), ("n", &n_b64)]);
        Ok(RsaSigningKey {
            key,
            #[cfg(feature = "aws-lc-rs")]
            aws_lc,
            #[cfg(not(feature = "aws-lc-rs"))]
            seed,
            n,
            e,
            private_members,
            modulus_bits,
            kid: Some(thumbprint.clone()),
            thumbprint,
            _alg: PhantomData,
        })
    }

    /// Reads a PEM private key: `PRIVATE KEY` (PKCS#8) or `RSA PRIVATE KEY`
    /// (PKCS#1).
    ///
    /// # Errors
    /// [`IssueError::Encrypted`] for an encrypted key,
    /// [`IssueError::Mismatch`] for a public key or a key of another type,
    /// [`IssueError::Malformed`] for anything that is not a readable PEM key,
    /// [`IssueError::KeyRejected`] for a modulus under 2048 bits or a weak
    /// exponent.
    pub fn from_pem(pem_text: &str) -> Result<Self, IssueError> {
        let doc = pem::decode_private(pem_text)?;
        match doc.kind {
            PemKind::Pkcs8 => Self::from_pkcs8_der(&doc.der),
            PemKind::Pkcs1 => Self::from_pkcs1_der(&doc.der),
            PemKind::Sec1 => Err(IssueError::Mismatch {
                reason: "an EC key was given where an RSA key is needed",
            }),
        }
    }

    /// Reads a DER PKCS#8 PrivateKeyInfo holding an `rsaEncryption` key.
    ///
    /// # Errors
    /// As [`from_pem`](Self::from_pem).
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, IssueError> {
        let info = pem::private_key_info(der)?;
        if info.algorithm.oid == pem::ID_RSASSA_PSS {
            return Err(IssueError::Unsupported {
                reason: "PSS-restricted RSA keys (id-RSASSA-PSS) are not read; use an rsaEncryption key",
            });
        }
        pem::expect_algorithm(&info, RSA_ENCRYPTION)?;
        Self::from_pkcs1_der(info.private_key.as_bytes())
    }

    /// Reads a DER PKCS#1 RSAPrivateKey (what `openssl genrsa -traditional`
    /// writes inside `RSA PRIVATE KEY`).
    ///
    /// # Errors
    /// As [`from_pem`](Self::from_pem); multi-prime keys are
    /// [`IssueError::Unsupported`].
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self, IssueError> {
        let k = match rsa::pkcs1::RsaPrivateKeyRef::from_der(der) {
            Ok(k) => k,
            Err(_) if rsa::pkcs1::RsaPublicKeyRef::from_der(der).is_ok() => {
                return Err(IssueError::Mismatch {
                    reason: PUBLIC_GIVEN,
                });
            }
            Err(_) => return Err(pem::diagnose(der, "not a DER PKCS#1 RSAPrivateKey")),
        };
        if k.version() != rsa::pkcs1::Version::TwoPrime || k.other_prime_infos.is_some() {
            return Err(IssueError::Unsupported {
                reason: "multi-prime RSA keys are not supported",
            });
        }
        Self::from_components(&Components {
            n: k.modulus.as_bytes(),
            e: k.public_exponent.as_bytes(),
            d: k.private_exponent.as_bytes(),
            p: k.prime1.as_bytes(),
            q: k.prime2.as_bytes(),
            crt: None,
        })
    }

    /// Reads a private RSA JWK (RFC 7518 6.3.2: `n`, `e`, `d`, `p`, `q`,
    /// `dp`, `dq`, `qi`). Its `kid` is kept; `alg`, `use` and `key_ops`,
    /// when present, must allow signing with this algorithm.
    ///
    /// # Errors
    /// [`IssueError::Mismatch`] for a public JWK (no `d`) or another `kty`
    /// or `alg`, [`IssueError::MissingMember`] for any other missing member,
    /// [`IssueError::Unsupported`] for multi-prime keys (`oth`), and the
    /// errors of [`from_pem`](Self::from_pem).
    pub fn from_jwk_json(jwk_json: &str) -> Result<Self, IssueError> {
        let jwk = Jwk::parse(jwk_json)?;
        jwk.check_common("RSA", A::ALGORITHM)?;
        if jwk.d.is_none() {
            return Err(IssueError::Mismatch {
                reason: PUBLIC_GIVEN,
            });
        }
        if jwk.oth {
            return Err(IssueError::Unsupported {
                reason: "multi-prime RSA keys are not supported",
            });
        }
        let n = b64_member(&jwk.n, "n")?;
        let e = b64_member(&jwk.e, "e")?;
        let d = b64_member(&jwk.d, "d")?;
        let p = b64_member(&jwk.p, "p")?;
        let q = b64_member(&jwk.q, "q")?;
        let dp = b64_member(&jwk.dp, "dp")?;
        let dq = b64_member(&jwk.dq, "dq")?;
        let qi = b64_member(&jwk.qi, "qi")?;
        let key = Self::from_components(&Components {
            n: &n,
            e: &e,
            d: &d,
            p: &p,
            q: &q,
            crt: Some((&dp, &dq, &qi)),
        })?;
        Ok(match jwk.kid() {
            Some(kid) => key.with_kid(kid),
            None => key,
        })
    }

    /// A fresh 2048-bit key with public exponent 65537.
    ///
    /// # Errors
    /// [`IssueError::Rng`] if the generator fails.
    pub fn generate<R: TryCryptoRng + ?Sized>(rng: &mut R) -> Result<Self, IssueError> {
        Self::generate_with_bits(rng, DEFAULT_RSA_MODULUS_BITS)
    }

    /// A fresh key of `bits` (2048 to 8192) with public exponent 65537.
    ///
    /// # Errors
    /// [`IssueError::KeyRejected`] for a size outside 2048..=8192,
    /// [`IssueError::Rng`] if the generator fails.
    pub fn generate_with_bits<R: TryCryptoRng + ?Sized>(
        rng: &mut R,
        bits: usize,
    ) -> Result<Self, IssueError> {
        check_modulus_bits(u32::try_from(bits).unwrap_or(u32::MAX))?;
        let key = PrivateKey::new(rng, bits).map_err(|e| match e {
            rsa::Error::Rng => IssueError::Rng,
            _ => IssueError::KeyRejected {
                reason: "RSA key generation failed",
            },
        })?;
        Self::from_rsa(key)
    }

    /// A fresh 2048-bit key from the operating system's random source.
    ///
    /// # Errors
    /// [`IssueError::Rng`] if the OS source fails.
    #[cfg(feature = "os")]
    pub fn generate_os() -> Result<Self, IssueError> {
        Self::generate(&mut crate::rng::OsRng)
    }

    /// Sets the key id put in headers and JWKs (instead of the thumbprint).
    pub fn with_kid(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// Puts no key id in headers and JWKs.
    pub fn without_kid(mut self) -> Self {
        self.kid = None;
        self
    }

    /// The RFC 7638 thumbprint (SHA-256, base64url) of the public key.
    pub fn thumbprint(&self) -> &str {
        &self.thumbprint
    }

    /// The modulus size in bits.
    pub fn modulus_bits(&self) -> u32 {
        self.modulus_bits
    }

    /// The private key as PKCS#8 PEM (`PRIVATE KEY`, LF line endings).
    ///
    /// # Errors
    /// [`IssueError::Encode`] if DER encoding fails.
    pub fn to_pkcs8_pem(&self) -> Result<String, IssueError> {
        let mut pem = self
            .key
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|_| IssueError::Encode)?;
        Ok(core::mem::take(&mut *pem))
    }

    /// The public key as SPKI PEM (`PUBLIC KEY`, LF line endings).
    ///
    /// # Errors
    /// [`IssueError::Encode`] if DER encoding fails.
    pub fn public_key_pem(&self) -> Result<String, IssueError> {
        self.key
            .as_public_key()
            .to_public_key_pem(LineEnding::LF)
            .map_err(|_| IssueError::Encode)
    }

    /// The private key as a JWK (`n`, `e`, `d`, `p`, `q`, `dp`, `dq`, `qi`,
    /// `kid`, `alg`, `use`). Treat the text as the secret it is.
    pub fn to_private_jwk(&self) -> String {
        JwkWriter::new("RSA")
            .bytes("n", &self.n)
            .bytes("e", &self.e)
            .raw(&self.private_members)
            .finish(self.kid.as_deref(), A::ALGORITHM)
    }
}

impl<A: RsaAlgorithm> Clone for RsaSigningKey<A> {
    fn clone(&self) -> Self {
        RsaSigningKey {
            key: self.key.clone(),
            #[cfg(feature = "aws-lc-rs")]
            aws_lc: self.aws_lc.clone(),
            #[cfg(not(feature = "aws-lc-rs"))]
            seed: self.seed.clone(),
            n: self.n.clone(),
            e: self.e.clone(),
            private_members: self.private_members.clone(),
            modulus_bits: self.modulus_bits,
            thumbprint: self.thumbprint.clone(),
            kid: self.kid.clone(),
            _alg: PhantomData,
        }
    }
}

impl<A: RsaAlgorithm> fmt::Debug for RsaSigningKey<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaSigningKey")
            .field("alg", &A::ALGORITHM)
            .field("modulus_bits", &self.modulus_bits)
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl<A: RsaAlgorithm> SigningKey for RsaSigningKey<A> {
    fn algorithm(&self) -> Algorithm {
        A::ALGORITHM
    }

    fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    #[cfg(feature = "aws-lc-rs")]
    fn sign(&self, signing_input: &[u8], out: &mut Vec<u8>) -> Result<(), IssueError> {
        // AWS-LC writes exactly k = public_modulus_len() octets.
        let start = out.len();
        out.resize(start.saturating_add(self.aws_lc.public_modulus_len()), 0);
        let Some(signature) = out.get_mut(start..) else {
            return Err(IssueError::Signing);
        };
        let signed = self.aws_lc.sign(
            A::AWS_LC,
            &aws_lc_rs::rand::SystemRandom::new(),
            signing_input,
            signature,
        );
        if signed.is_err() {
            out.truncate(start);
            return Err(IssueError::Signing);
        }
        Ok(())
    }

    #[cfg(not(feature = "aws-lc-rs"))]
    fn sign(&self, signing_input: &[u8], out: &mut Vec<u8>) -> Result<(), IssueError> {
        let message_hash = Sha256::digest(signing_input);
        #[cfg(feature = "os")]
        let entropy = {
            let mut buf = Zeroizing::new([0u8; 32]);
            getrandom::fill(&mut *buf).map_err(|_| IssueError::Rng)?;
            buf
        };
        #[cfg(not(feature = "os"))]
        let entropy = Zeroizing::new([0u8; 0]);
        let mut drbg = HmacDrbg::new(&[&*self.seed, &message_hash, &*entropy]);
        let signature =
            A::sign(&self.key, &mut drbg, signing_input).map_err(|_| IssueError::Signing)?;
        // A signature is exactly k = ceil(bits / 8) octets (RFC 8017 8.1.1
        // step 2, 8.2.1 step 2); left-pad should an encoder ever trim it.
        let k = self.signature_len();
        out.extend(core::iter::repeat_n(0u8, k.saturating_sub(signature.len())));
        out.extend_from_slice(&signature);
        Ok(())
    }

    fn public_jwk(&self) -> Option<String> {
        Some(
            JwkWriter::new("RSA")
                .bytes("n", &self.n)
                .bytes("e", &self.e)
                .finish(self.kid.as_deref(), A::ALGORITHM),
        )
    }

    fn signature_len(&self) -> usize {
        self.n.len()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn modulus_size_bounds() {
        assert!(check_modulus_bits(2047).is_err());
        assert!(check_modulus_bits(2048).is_ok());
        assert!(check_modulus_bits(8192).is_ok());
        assert!(check_modulus_bits(8193).is_err());
    }

    /// Regression (issue 11): only the verifier checked ROCA, so an issuer
    /// could import a key that every verifier refuses.
    #[test]
    fn roca_moduli_are_refused_when_signing_keys_are_imported() {
        let file: serde_json::Value = serde_json::from_str(include_str!(
            "../../../vectors/wycheproof/json_web_key_test.json"
        ))
        .unwrap();
        let group = file["testGroups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["comment"] == "jws_rsa_roca_key")
            .unwrap();
        let key = &group["public"]["keys"][0];
        let member = |m: &str| {
            base64::Engine::decode(
                &base64::engine::general_purpose::URL_SAFE_NO_PAD,
                key[m].as_str().unwrap(),
            )
            .unwrap()
        };
        match check_public(&member("n"), &member("e")) {
            Err(IssueError::KeyRejected { reason }) => assert!(reason.contains("ROCA")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn exponent_rules_are_the_verifiers() {
        let mut n = [0xffu8; 256];
        n[255] = 0xfb;
        assert_eq!(check_public(&n, &[1, 0, 1]).unwrap().0, 65537);
        for bad in [
            &[1u8][..],
            &[2],
            &[1, 0, 0],
            &[1, 0, 0, 0, 0, 0, 0, 0, 0, 1],
        ] {
            assert!(
                matches!(check_public(&n, bad), Err(IssueError::KeyRejected { .. })),
                "{bad:?}"
            );
        }
    }
}
