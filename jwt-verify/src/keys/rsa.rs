//! RS256/384/512 and PS256/384/512 public keys (RFC 7518 sections 3.3, 3.5).
//!
//! Design note: one generic [`RsaVerifyingKey`] over a sealed algorithm
//! marker ([`Rs256`] ... [`Ps512`]), with aliases [`Rs256VerifyingKey`] ...
//! [`Ps512VerifyingKey`]; the same modulus used for RS256 and PS256 is two
//! keys, never one key with two algorithms. Import is strict: modulus of
//! 2048 to 8192 bits, odd public exponent of at least 3, no ROCA
//! fingerprint (CVE-2017-15361); violations are [`KeyError::KeyRejected`]
//! whatever the encoding, because the checks run on the decoded components
//! rather than inside each format's decoder.
//!
//! Verification is RSAVP1 plus the encoding check, written here (RFC 8017
//! 8.2.2 and 8.1.2; the encodings in `emsa`). The key caches what the
//! public operation needs, once: the `rsa` crate's validated
//! `PublicKey`'s Montgomery parameters of `n` (shared, not recomputed),
//! `e` as a `u64`, and `k`. `s^e mod n` is a left-to-right
//! square-and-multiply over the bits of `e` (for 65537, 16 squarings and
//! one multiplication) with one reusable Montgomery multiplier. It is
//! variable-time in `e` only, and `e`, like `s`, `n` and the message, is
//! public: there is no secret for timing to leak. The `rsa` crate's
//! verifiers instead call its general `rsa_encrypt`, a constant-time
//! windowed exponentiation built for secret exponents (a 16-entry table,
//! a masked table scan per window), about twice the work for 65537. PKCS#1
//! v1.5 is checked by building the one expected encoding and comparing,
//! never by parsing (so no DigestInfo or padding variants slip through);
//! PSS fixes the salt length to the hash length as RFC 7518 3.5 requires,
//! never auto-detected. The rejected alternatives: `rsa::PublicKey` plus a
//! padding scheme built per token, which redoes setup every time, and the
//! `rsa` crate's ready verifiers, correct but paying the secret-exponent
//! price on public data.
//!
//! Backend: with the `aws-lc-rs` feature (hosted builds), the key also
//! holds an AWS-LC public key, parsed once at construction
//! (`ParsedPublicKey` for the pinned `RSA_PKCS1_2048_8192_*` or
//! `RSA_PSS_2048_8192_*` parameters, whose size range equals ours), and
//! AWS-LC replaces RSAVP1 and the encoding checks. Everything else stays
//! here and is identical in both builds: the import paths and key checks
//! above, and, in front of AWS-LC, the RSAVP1 input checks (exactly `k`
//! octets, `s < n`). AWS-LC's PKCS#1 v1.5 check also compares against the
//! one expected encoding, and its PSS check fixes the salt length to the
//! hash length, so the accepted signatures are the same; the tests compare
//! either build against the `rsa` crate's verifiers. The backend is a
//! compile-time choice, never a run-time switch that could be missing.

use alloc::string::String;
#[cfg(not(feature = "aws-lc-rs"))]
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

#[cfg(not(feature = "aws-lc-rs"))]
use crypto_bigint::modular::BoxedMontyForm;
use crypto_bigint::modular::BoxedMontyParams;
#[cfg(not(feature = "aws-lc-rs"))]
use crypto_bigint::{MontyForm, MontyMultiplier};
use jwt_core::{Algorithm, VerifyError};
use pkcs8::der::Decode;
use pkcs8::spki::ObjectIdentifier;
use rsa::pkcs1::RsaPublicKeyRef;
use rsa::traits::PublicKeyParts;
use rsa::{BoxedUint, PublicKey};

use super::pem::{self, PemKind};
use crate::error::KeyError;
use crate::key::VerifyingKey;

pub use jwt_keys::rsa::MAX_RSA_MODULUS_BITS;
pub use jwt_keys::rsa::MIN_RSA_MODULUS_BITS;

const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const ID_RSASSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");

mod emsa;

mod sealed {
    pub trait Sealed {}
}

/// An RSA signature algorithm a [`RsaVerifyingKey`] can pin. Sealed:
/// implemented only by [`Rs256`], [`Rs384`], [`Rs512`], [`Ps256`],
/// [`Ps384`] and [`Ps512`].
pub trait RsaAlgorithm: sealed::Sealed + Send + Sync + 'static {
    /// The JWS algorithm.
    const ALGORITHM: Algorithm;
    /// The AWS-LC verification parameters of this algorithm (2048 to
    /// 8192-bit moduli, PSS salt length equal to the hash length).
    #[cfg(feature = "aws-lc-rs")]
    #[doc(hidden)]
    const AWS_LC: &'static aws_lc_rs::signature::RsaParameters;
    /// Checks `em`, `I2OSP(s^e mod n, k)` for a modulus of `modulus_bits`
    /// bits, against the encoding of `msg` (may scribble over `em`).
    #[doc(hidden)]
    fn verify_encoding(em: &mut [u8], modulus_bits: u32, msg: &[u8]) -> bool;
}

macro_rules! pkcs1v15_alg {
    ($marker:ident, $alg:ident, $digest:ty, $digest_info:expr, $aws:ident, $doc:literal) => {
        #[doc = $doc]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $marker {}
        impl sealed::Sealed for $marker {}
        impl RsaAlgorithm for $marker {
            const ALGORITHM: Algorithm = Algorithm::$alg;
            #[cfg(feature = "aws-lc-rs")]
            const AWS_LC: &'static aws_lc_rs::signature::RsaParameters =
                &aws_lc_rs::signature::$aws;
            fn verify_encoding(em: &mut [u8], _modulus_bits: u32, msg: &[u8]) -> bool {
                emsa::pkcs1v15_verify::<$digest>(em, $digest_info, msg)
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
            const AWS_LC: &'static aws_lc_rs::signature::RsaParameters =
                &aws_lc_rs::signature::$aws;
            fn verify_encoding(em: &mut [u8], modulus_bits: u32, msg: &[u8]) -> bool {
                // RFC 7518 3.5: the salt is exactly as long as the hash;
                // `pss_verify` never auto-detects it.
                emsa::pss_verify::<$digest>(em, modulus_bits, msg)
            }
        }
    };
}

pkcs1v15_alg!(
    Rs256,
    RS256,
    sha2::Sha256,
    emsa::SHA256_DIGEST_INFO,
    RSA_PKCS1_2048_8192_SHA256,
    "Marker for RS256 (RSASSA-PKCS1-v1_5 with SHA-256)."
);
pkcs1v15_alg!(
    Rs384,
    RS384,
    sha2::Sha384,
    emsa::SHA384_DIGEST_INFO,
    RSA_PKCS1_2048_8192_SHA384,
    "Marker for RS384 (RSASSA-PKCS1-v1_5 with SHA-384)."
);
pkcs1v15_alg!(
    Rs512,
    RS512,
    sha2::Sha512,
    emsa::SHA512_DIGEST_INFO,
    RSA_PKCS1_2048_8192_SHA512,
    "Marker for RS512 (RSASSA-PKCS1-v1_5 with SHA-512)."
);
pss_alg!(
    Ps256,
    PS256,
    sha2::Sha256,
    RSA_PSS_2048_8192_SHA256,
    "Marker for PS256 (RSASSA-PSS, SHA-256, MGF1-SHA-256, 32-byte salt)."
);
pss_alg!(
    Ps384,
    PS384,
    sha2::Sha384,
    RSA_PSS_2048_8192_SHA384,
    "Marker for PS384 (RSASSA-PSS, SHA-384, MGF1-SHA-384, 48-byte salt)."
);
pss_alg!(
    Ps512,
    PS512,
    sha2::Sha512,
    RSA_PSS_2048_8192_SHA512,
    "Marker for PS512 (RSASSA-PSS, SHA-512, MGF1-SHA-512, 64-byte salt)."
);

/// An RSA public key pinned to one RS* or PS* algorithm.
pub struct RsaVerifyingKey<A: RsaAlgorithm> {
    /// The modulus `n` with its Montgomery parameters, as the `rsa` crate
    /// computed them at construction (shared, not recomputed).
    n_params: BoxedMontyParams,
    /// The public exponent `e` (3 to 2^33 - 1, odd).
    e: u64,
    /// `k`, the modulus length in bytes: every valid signature has exactly
    /// this length (RFC 8017 8.2.2 step 1, 8.1.2 step 1).
    modulus_len: usize,
    modulus_bits: u32,
    /// The same public key parsed once by AWS-LC, which then verifies.
    #[cfg(feature = "aws-lc-rs")]
    aws_lc: aws_lc_rs::signature::ParsedPublicKey,
    kid: Option<String>,
    _alg: PhantomData<A>,
}

/// RS256 public key.
pub type Rs256VerifyingKey = RsaVerifyingKey<Rs256>;
/// RS384 public key.
pub type Rs384VerifyingKey = RsaVerifyingKey<Rs384>;
/// RS512 public key.
pub type Rs512VerifyingKey = RsaVerifyingKey<Rs512>;
/// PS256 public key.
pub type Ps256VerifyingKey = RsaVerifyingKey<Ps256>;
/// PS384 public key.
pub type Ps384VerifyingKey = RsaVerifyingKey<Ps384>;
/// PS512 public key.
pub type Ps512VerifyingKey = RsaVerifyingKey<Ps512>;

impl<A: RsaAlgorithm> RsaVerifyingKey<A> {
    /// Builds the key from the big-endian modulus `n` and public exponent
    /// `e` (leading zero bytes are ignored).
    ///
    /// # Errors
    /// [`KeyError::KeyRejected`] for a modulus shorter than 2048 or longer
    /// than 8192 bits, an even modulus, an exponent that is even, below 3 or
    /// above 2^33 - 1, or a modulus with the ROCA fingerprint.
    pub fn from_components(n_be: &[u8], e_be: &[u8]) -> Result<Self, KeyError> {
        let n_be = strip_leading_zeros(n_be);
        let e_be = strip_leading_zeros(e_be);
        let (e, modulus_bits) = jwt_keys::rsa::check_rsa_public_key(n_be, e_be)?;
        let n = BoxedUint::from_be_slice_vartime(n_be);

        let public = PublicKey::new(n, BoxedUint::from(e)).map_err(|_| KeyError::KeyRejected {
            reason: "RSA public key is not valid",
        })?;
        #[cfg(feature = "aws-lc-rs")]
        let aws_lc = aws_lc_rs::signature::RsaPublicKeyComponents { n: n_be, e: e_be }
            .to_parsed_public_key(A::AWS_LC)
            .map_err(|_| KeyError::KeyRejected {
                reason: "RSA public key is not valid",
            })?;
        Ok(Self {
            modulus_len: public.size(),
            modulus_bits,
            n_params: public.n_params().clone(),
            e,
            #[cfg(feature = "aws-lc-rs")]
            aws_lc,
            kid: None,
            _alg: PhantomData,
        })
    }

    /// Reads a DER PKCS#1 `RSAPublicKey` (RFC 8017 A.1.1).
    ///
    /// # Errors
    /// [`KeyError::Malformed`] for bad DER; otherwise as
    /// [`from_components`](Self::from_components).
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self, KeyError> {
        let key = RsaPublicKeyRef::from_der(der).map_err(|_| KeyError::Malformed {
            reason: "not a DER PKCS#1 RSAPublicKey",
        })?;
        Self::from_components(key.modulus.as_bytes(), key.public_exponent.as_bytes())
    }

    /// Reads a DER SubjectPublicKeyInfo (`rsaEncryption`; for PS* keys also
    /// `id-RSASSA-PSS` without parameters).
    ///
    /// # Errors
    /// [`KeyError::Malformed`] for bad DER, [`KeyError::Mismatch`] for a
    /// key of another type, [`KeyError::Unsupported`] for PSS-restricted
    /// keys with parameters; otherwise as
    /// [`from_components`](Self::from_components).
    pub fn from_public_key_der(der: &[u8]) -> Result<Self, KeyError> {
        let spki = pem::parse_spki(der)?;
        if spki.algorithm == RSA_ENCRYPTION {
            // RFC 3279 2.3.1 says NULL; absent parameters are tolerated.
            if spki.has_parameters && !spki.parameters_null {
                return Err(KeyError::Malformed {
                    reason: "rsaEncryption parameters must be NULL",
                });
            }
        } else if spki.algorithm == ID_RSASSA_PSS {
            if A::ALGORITHM.family() != jwt_core::AlgorithmFamily::RsaPss {
                return Err(KeyError::Mismatch {
                    reason: "RSASSA-PSS key cannot verify PKCS#1 v1.5 signatures",
                });
            }
            if spki.has_parameters {
                return Err(KeyError::Unsupported {
                    reason: "RSASSA-PSS key parameters are not supported",
                });
            }
        } else {
            return Err(KeyError::Mismatch {
                reason: "not an RSA public key",
            });
        }
        Self::from_pkcs1_der(spki.key)
    }

    /// Reads a `-----BEGIN PUBLIC KEY-----` (SPKI) PEM document.
    ///
    /// # Errors
    /// As [`from_pem`](Self::from_pem); an `RSA PUBLIC KEY` PEM is a
    /// [`KeyError::Mismatch`].
    pub fn from_public_key_pem(pem_text: &str) -> Result<Self, KeyError> {
        let (_, der) = pem::decode_public(pem_text, &[PemKind::Spki])?;
        Self::from_public_key_der(&der)
    }

    /// Reads a `-----BEGIN RSA PUBLIC KEY-----` (PKCS#1) PEM document.
    ///
    /// # Errors
    /// As [`from_pem`](Self::from_pem); a `PUBLIC KEY` PEM is a
    /// [`KeyError::Mismatch`].
    pub fn from_pkcs1_pem(pem_text: &str) -> Result<Self, KeyError> {
        let (_, der) = pem::decode_public(pem_text, &[PemKind::Pkcs1])?;
        Self::from_pkcs1_der(&der)
    }

    /// Reads a `PUBLIC KEY` or `RSA PUBLIC KEY` PEM document, whichever
    /// the label says.
    ///
    /// # Errors
    /// [`KeyError::Encrypted`] for `ENCRYPTED PRIVATE KEY`,
    /// [`KeyError::Mismatch`] for any private key, [`KeyError::Malformed`]
    /// for anything that is not a PEM public key; otherwise as
    /// [`from_components`](Self::from_components).
    pub fn from_pem(pem_text: &str) -> Result<Self, KeyError> {
        match pem::decode_public(pem_text, &[PemKind::Spki, PemKind::Pkcs1])? {
            (PemKind::Spki, der) => Self::from_public_key_der(&der),
            (PemKind::Pkcs1, der) => Self::from_pkcs1_der(&der),
        }
    }

    /// Sets the key id (`kid`) this key is published under.
    #[must_use]
    pub fn with_kid(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// The modulus size in bits.
    pub fn modulus_bits(&self) -> u32 {
        self.modulus_bits
    }
}

impl<A: RsaAlgorithm> Clone for RsaVerifyingKey<A> {
    fn clone(&self) -> Self {
        Self {
            n_params: self.n_params.clone(),
            e: self.e,
            modulus_len: self.modulus_len,
            modulus_bits: self.modulus_bits,
            #[cfg(feature = "aws-lc-rs")]
            aws_lc: self.aws_lc.clone(),
            kid: self.kid.clone(),
            _alg: PhantomData,
        }
    }
}

impl<A: RsaAlgorithm> fmt::Debug for RsaVerifyingKey<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaVerifyingKey")
            .field("alg", &A::ALGORITHM)
            .field("kid", &self.kid)
            .field("modulus_bits", &self.modulus_bits)
            .finish_non_exhaustive()
    }
}

impl<A: RsaAlgorithm> VerifyingKey for RsaVerifyingKey<A> {
    fn algorithm(&self) -> Algorithm {
        A::ALGORITHM
    }

    fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    fn verify_signature(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), VerifyError> {
        if self.verify_with_backend(signing_input, signature) {
            Ok(())
        } else {
            Err(VerifyError::InvalidSignature)
        }
    }
}

impl<A: RsaAlgorithm> RsaVerifyingKey<A> {
    /// RFC 8017 8.2.2 / 8.1.2 steps 1-2: RSAVP1, then the encoding.
    #[cfg(not(feature = "aws-lc-rs"))]
    fn verify_with_backend(&self, signing_input: &[u8], signature: &[u8]) -> bool {
        self.rsavp1(signature)
            .is_some_and(|mut em| A::verify_encoding(&mut em, self.modulus_bits, signing_input))
    }

    /// The same checks in AWS-LC, behind the same RSAVP1 input checks.
    #[cfg(feature = "aws-lc-rs")]
    fn verify_with_backend(&self, signing_input: &[u8], signature: &[u8]) -> bool {
        self.representative(signature).is_some()
            && self.aws_lc.verify_sig(signing_input, signature).is_ok()
    }

    /// The signature representative `s = OS2IP(S)` (RFC 8017 8.2.2 and
    /// 8.1.2 steps 1 and 2a, 5.2.2 step 1), or `None` unless `S` has
    /// exactly `k` octets and `s < n`.
    fn representative(&self, signature: &[u8]) -> Option<BoxedUint> {
        // Step 1: a signature is exactly k octets; no leading-zero
        // trimming or padding is tolerated.
        if signature.len() != self.modulus_len {
            return None;
        }
        // Step 2a: s = OS2IP(S), at the precision of the modulus.
        let s = BoxedUint::from_be_slice(signature, self.n_params.bits_precision()).ok()?;
        // 5.2.2 step 1: s must lie in [0, n - 1].
        (s < *self.n_params.modulus().as_ref()).then_some(s)
    }

    /// RSAVP1 (RFC 8017 5.2.2) with the conversions around it (8.2.2 and
    /// 8.1.2 steps 1, 2a and 2c): `I2OSP(s^e mod n, k)` for the signature
    /// `S`, or `None` unless `S` has exactly `k` octets and `s < n`.
    #[cfg(not(feature = "aws-lc-rs"))]
    fn rsavp1(&self, signature: &[u8]) -> Option<Vec<u8>> {
        let s = self.representative(signature)?;
        // 5.2.2 step 2: m = s^e mod n, left-to-right square-and-multiply
        // over the bits of e below its top bit (65537: 16 squarings, one
        // multiplication), in Montgomery form with one reusable multiplier.
        // Variable-time in e, which is public (see the module note).
        let base = BoxedMontyForm::new(s, &self.n_params);
        let mut m = base.clone();
        let mut multiplier = <BoxedMontyForm as MontyForm>::Multiplier::from(&self.n_params);
        for bit in (0..self.e.checked_ilog2().unwrap_or(0)).rev() {
            multiplier.square_assign(&mut m);
            if self.e.wrapping_shr(bit) & 1 == 1 {
                multiplier.mul_assign(&mut m, &base);
            }
        }
        // Step 2c: I2OSP(m, k). The big-endian bytes span whole limbs;
        // m < n < 256^k, so the octets in front of the last k are zero.
        let bytes = m.retrieve().to_be_bytes();
        let lead = bytes.len().checked_sub(self.modulus_len)?;
        let mut em = bytes.into_vec();
        em.drain(..lead);
        Some(em)
    }
}

use jwt_keys::rsa::strip_leading_zeros;

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::arithmetic_side_effects
)]
mod tests {
    use super::*;
    use alloc::vec;
    #[cfg(feature = "aws-lc-rs")]
    use alloc::vec::Vec;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use core::convert::Infallible;
    #[cfg(feature = "aws-lc-rs")]
    use crypto_bigint::modular::BoxedMontyForm;
    use rsa::rand_core::{TryCryptoRng, TryRng};
    use signature::RandomizedSigner;

    fn b64(s: &str) -> Vec<u8> {
        URL_SAFE_NO_PAD.decode(s).unwrap()
    }

    fn json(text: &str) -> serde_json::Value {
        serde_json::from_str(text).unwrap()
    }

    fn member(v: &serde_json::Value, path: &[&str]) -> Vec<u8> {
        let mut v = v;
        for p in path {
            v = &v[*p];
        }
        b64(v.as_str().unwrap())
    }

    const RFC7520_RSA_PRIVATE: &str =
        include_str!("../../../vectors/jose-cookbook/jwk/3_4.rsa_private_key.json");
    const RFC7520_4_1: &str =
        include_str!("../../../vectors/jose-cookbook/jws/4_1.rsa_v15_signature.json");
    const RFC7520_4_2: &str =
        include_str!("../../../vectors/jose-cookbook/jws/4_2.rsa-pss_signature.json");
    const WYCHEPROOF_JWK: &str = include_str!("../../../vectors/wycheproof/json_web_key_test.json");

    fn rfc7520_n_e() -> (Vec<u8>, Vec<u8>) {
        let jwk = json(RFC7520_RSA_PRIVATE);
        (member(&jwk, &["n"]), member(&jwk, &["e"]))
    }

    fn vector(text: &str) -> (Vec<u8>, Vec<u8>) {
        let v = json(text);
        let input = v["signing"]["sig-input"]
            .as_str()
            .unwrap()
            .as_bytes()
            .to_vec();
        (input, member(&v, &["signing", "sig"]))
    }

    fn rfc7520_private_key() -> rsa::PrivateKey {
        let jwk = json(RFC7520_RSA_PRIVATE);
        let int = |name: &str| BoxedUint::from_be_slice_vartime(&member(&jwk, &[name]));
        rsa::PrivateKey::from_components(int("n"), int("e"), int("d"), vec![int("p"), int("q")])
            .unwrap()
    }

    /// Deterministic stand-in for an RNG (PSS salts in tests only).
    struct TestRng(u64);
    impl TryRng for TestRng {
        type Error = Infallible;
        fn try_next_u32(&mut self) -> Result<u32, Infallible> {
            Ok(self.try_next_u64()? as u32)
        }
        fn try_next_u64(&mut self) -> Result<u64, Infallible> {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            Ok(self.0 >> 11)
        }
        fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
            for b in dst {
                *b = self.try_next_u64()? as u8;
            }
            Ok(())
        }
    }
    impl TryCryptoRng for TestRng {}

    /// `I2OSP(OS2IP(em)^d mod n, k)`: the raw private operation, to sign
    /// encodings built by hand.
    fn sign_raw(private: &rsa::PrivateKey, em: &[u8]) -> Vec<u8> {
        use rsa::traits::PrivateKeyParts;
        let params = private.n_params();
        let m = BoxedUint::from_be_slice(em, params.bits_precision()).unwrap();
        let s = BoxedMontyForm::new(m, params).pow(private.d()).retrieve();
        let bytes = s.to_be_bytes();
        bytes[bytes.len() - private.size()..].to_vec()
    }

    /// rsa 0.10's own verifier for `alg`, PSS with the salt length fixed to
    /// the hash length: the reference the new code must agree with.
    fn reference_verify(alg: Algorithm, public: &PublicKey, msg: &[u8], sig: &[u8]) -> bool {
        use rsa::{pkcs1v15, pss};
        use sha2::Digest;
        use signature::Verifier;
        macro_rules! v15 {
            ($d:ty) => {{
                let Ok(sig) = pkcs1v15::Signature::try_from(sig) else {
                    return false;
                };
                pkcs1v15::VerifyingKey::<$d>::new(public.clone())
                    .verify(msg, &sig)
                    .is_ok()
            }};
        }
        macro_rules! pss {
            ($d:ty) => {{
                let Ok(sig) = pss::Signature::try_from(sig) else {
                    return false;
                };
                pss::VerifyingKey::<$d>::new_with_salt_len(
                    public.clone(),
                    <$d as Digest>::output_size(),
                )
                .verify(msg, &sig)
                .is_ok()
            }};
        }
        match alg {
            Algorithm::RS256 => v15!(sha2::Sha256),
            Algorithm::RS384 => v15!(sha2::Sha384),
            Algorithm::RS512 => v15!(sha2::Sha512),
            Algorithm::PS256 => pss!(sha2::Sha256),
            Algorithm::PS384 => pss!(sha2::Sha384),
            Algorithm::PS512 => pss!(sha2::Sha512),
            other => panic!("{other:?}"),
        }
    }

    /// A signature by rsa 0.10's signer for `A` (PSS: salt = hash length).
    fn reference_sign<A: RsaAlgorithm>(private: &rsa::PrivateKey, msg: &[u8]) -> Vec<u8> {
        use rsa::{pkcs1v15, pss};
        use signature::{SignatureEncoding, Signer};
        let mut rng = TestRng(11);
        match A::ALGORITHM {
            Algorithm::RS256 => pkcs1v15::SigningKey::<sha2::Sha256>::new(private.clone())
                .sign(msg)
                .to_vec(),
            Algorithm::RS384 => pkcs1v15::SigningKey::<sha2::Sha384>::new(private.clone())
                .sign(msg)
                .to_vec(),
            Algorithm::RS512 => pkcs1v15::SigningKey::<sha2::Sha512>::new(private.clone())
                .sign(msg)
                .to_vec(),
            Algorithm::PS256 => pss::SigningKey::<sha2::Sha256>::new(private.clone())
                .sign_with_rng(&mut rng, msg)
                .to_vec(),
            Algorithm::PS384 => pss::SigningKey::<sha2::Sha384>::new(private.clone())
                .sign_with_rng(&mut rng, msg)
                .to_vec(),
            Algorithm::PS512 => pss::SigningKey::<sha2::Sha512>::new(private.clone())
                .sign_with_rng(&mut rng, msg)
                .to_vec(),
            other => panic!("{other:?}"),
        }
    }

    /// Ours and rsa 0.10 agree on `sig`; returns the common answer.
    fn agree<A: RsaAlgorithm>(public: &PublicKey, msg: &[u8], sig: &[u8]) -> bool {
        let n = public.n().to_be_bytes_trimmed_vartime();
        let e = public.e().to_be_bytes_trimmed_vartime();
        let ours = RsaVerifyingKey::<A>::from_components(&n, &e)
            .unwrap()
            .verify_signature(msg, sig)
            .is_ok();
        let reference = reference_verify(A::ALGORITHM, public, msg, sig);
        assert_eq!(ours, reference, "{:?}: ours vs rsa 0.10", A::ALGORITHM);
        ours
    }

    /// Valid signatures, corrupted ones, s >= n and wrong lengths: the new
    /// RSAVP1 + encoding checks answer as rsa 0.10's verifiers do, for all
    /// six algorithms.
    fn agreement<A: RsaAlgorithm>(private: &rsa::PrivateKey) {
        let public = PublicKey::from(private);
        let k = public.size();
        let msg = b"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJkZXZpY2UifQ";
        let sig = reference_sign::<A>(private, msg);
        assert!(agree::<A>(&public, msg, &sig));
        assert!(!agree::<A>(&public, b"another message", &sig));
        for at in [0, 1, 2, k / 2, k - 2, k - 1] {
            for bit in [0x01u8, 0x80] {
                let mut bad = sig.clone();
                bad[at] ^= bit;
                assert!(!agree::<A>(&public, msg, &bad), "byte {at} bit {bit:#x}");
            }
        }
        // s >= n: n itself, n + s (when it still fits in k octets) and
        // all-ones are refused before exponentiation.
        let n = public.n().as_ref().clone();
        let n_bytes = n.to_be_bytes();
        let n_k = n_bytes[n_bytes.len() - k..].to_vec();
        let all_ones = vec![0xffu8; k];
        assert!(!agree::<A>(&public, msg, &n_k));
        assert!(!agree::<A>(&public, msg, &all_ones));
        let s = BoxedUint::from_be_slice(&sig, n.bits_precision()).unwrap();
        let (sum, carry) = s.carrying_add(&n, crypto_bigint::Limb::ZERO);
        let sum_bytes = sum.to_be_bytes();
        if carry.0 == 0 && sum_bytes[..sum_bytes.len() - k].iter().all(|&b| b == 0) {
            assert!(!agree::<A>(&public, msg, &sum_bytes[sum_bytes.len() - k..]));
        }
        // s = 0, 1, n - 1.
        assert!(!agree::<A>(&public, msg, &vec![0u8; k]));
        let mut one = vec![0u8; k];
        one[k - 1] = 1;
        assert!(!agree::<A>(&public, msg, &one));
        let mut n_minus_1 = n_k.clone();
        n_minus_1[k - 1] ^= 1;
        assert!(!agree::<A>(&public, msg, &n_minus_1));
        // Wrong lengths: a leading zero added or an octet dropped.
        let mut longer = vec![0u8];
        longer.extend_from_slice(&sig);
        assert!(!agree::<A>(&public, msg, &longer));
        assert!(!agree::<A>(&public, msg, &sig[1..]));
        assert!(!agree::<A>(&public, msg, &[]));
    }

    #[test]
    fn agrees_with_rsa_crate_on_all_six_algorithms() {
        let private = rfc7520_private_key();
        agreement::<Rs256>(&private);
        agreement::<Rs384>(&private);
        agreement::<Rs512>(&private);
        agreement::<Ps256>(&private);
        agreement::<Ps384>(&private);
        agreement::<Ps512>(&private);
    }

    /// A 2049-bit modulus: for PSS, emLen = k - 1, so EM = I2OSP(m, emLen)
    /// needs the first of the k octets to be zero (RFC 8017 8.1.2 step 2c).
    #[test]
    fn agrees_with_rsa_crate_on_a_2049_bit_key() {
        let private = rsa::PrivateKey::new(&mut TestRng(3), 2049).unwrap();
        assert_eq!(PublicKey::from(&private).n().bit_width_vartime(), 2049);
        agreement::<Rs256>(&private);
        agreement::<Ps256>(&private);
        agreement::<Ps512>(&private);
    }

    /// The vartime square-and-multiply gives s^e mod n for other public
    /// exponents too (checked against crypto-bigint's constant-time pow).
    #[test]
    #[cfg(not(feature = "aws-lc-rs"))]
    fn rsavp1_matches_modular_exponentiation() {
        let (n, _) = rfc7520_n_e();
        let (_, sig) = vector(RFC7520_4_1);
        for e in [3u64, 5, 17, 257, 65537, 0x1_0000_0003, (1 << 33) - 1] {
            let key = Rs256VerifyingKey::from_components(&n, &e.to_be_bytes()).unwrap();
            let params = &key.n_params;
            let s = BoxedUint::from_be_slice(&sig, params.bits_precision()).unwrap();
            let expected = BoxedMontyForm::new(s, params)
                .pow(&BoxedUint::from(e))
                .retrieve()
                .to_be_bytes();
            assert_eq!(
                key.rsavp1(&sig).unwrap(),
                expected[expected.len() - 256..],
                "e = {e}"
            );
        }
    }

    /// Hand-built encodings signed with the raw private operation: the
    /// correct ones verify, each defect is refused, by us and by rsa 0.10.
    #[test]
    fn hand_built_encodings_agree_with_rsa_crate() {
        use sha2::Digest;
        let private = rfc7520_private_key();
        let public = PublicKey::from(&private);
        let k = public.size();
        let msg = b"payload";

        // EMSA-PKCS1-v1_5 for SHA-256 with a given DigestInfo prefix and
        // block type.
        let v15 = |prefix: &[u8], block: u8, ps_len: Option<usize>| {
            let h = sha2::Sha256::digest(msg);
            let ps_len = ps_len.unwrap_or(k - 3 - prefix.len() - h.len());
            let mut em = vec![0x00, block];
            em.extend(core::iter::repeat_n(0xffu8, ps_len));
            em.push(0x00);
            em.extend_from_slice(prefix);
            em.extend_from_slice(&h);
            let mut full = vec![0u8; k - em.len()];
            full.extend_from_slice(&em);
            sign_raw(&private, &full)
        };
        assert!(agree::<Rs256>(
            &public,
            msg,
            &v15(emsa::SHA256_DIGEST_INFO, 1, None)
        ));
        // DigestInfo without the NULL parameters (Wycheproof "acceptable").
        let no_null: Vec<u8> = [0x30, 0x2f, 0x30, 0x0b]
            .iter()
            .chain(&emsa::SHA256_DIGEST_INFO[4..15])
            .chain(&emsa::SHA256_DIGEST_INFO[17..])
            .copied()
            .collect();
        assert!(!agree::<Rs256>(&public, msg, &v15(&no_null, 1, None)));
        // Another hash's DigestInfo, block type 2, short padding moved
        // into a leading zero run.
        assert!(!agree::<Rs256>(
            &public,
            msg,
            &v15(emsa::SHA512_DIGEST_INFO, 1, None)
        ));
        assert!(!agree::<Rs256>(
            &public,
            msg,
            &v15(emsa::SHA256_DIGEST_INFO, 2, None)
        ));
        assert!(!agree::<Rs256>(
            &public,
            msg,
            &v15(emsa::SHA256_DIGEST_INFO, 1, Some(100))
        ));

        // EMSA-PSS with SHA-256 (emBits = 2047).
        let pss = |salt_len: usize| {
            emsa::tests::pss_encode::<sha2::Sha256>(msg, &vec![0x33; salt_len], 2047, k)
        };
        assert!(agree::<Ps256>(&public, msg, &sign_raw(&private, &pss(32))));
        for salt_len in [0, 20, 31, 33, 64] {
            let sig = sign_raw(&private, &pss(salt_len));
            assert!(!agree::<Ps256>(&public, msg, &sig), "salt {salt_len}");
        }
        // Bad trailer.
        let mut em = pss(32);
        em[k - 1] = 0xcc;
        assert!(!agree::<Ps256>(&public, msg, &sign_raw(&private, &em)));
        // The leftmost (8 * emLen - emBits = 1) bit of maskedDB set.
        let mut em = pss(32);
        em[0] |= 0x80;
        assert!(!agree::<Ps256>(&public, msg, &sign_raw(&private, &em)));
    }

    /// RFC 7520 section 4.1: RS256.
    #[test]
    fn rfc7520_4_1_rs256_verifies() {
        let (n, e) = rfc7520_n_e();
        let (input, sig) = vector(RFC7520_4_1);
        let key = Rs256VerifyingKey::from_components(&n, &e).unwrap();
        assert_eq!(key.modulus_bits(), 2048);
        key.verify_signature(&input, &sig).unwrap();

        let mut bad = sig.clone();
        bad[100] ^= 0x40;
        assert_eq!(
            key.verify_signature(&input, &bad),
            Err(VerifyError::InvalidSignature)
        );
        // The same modulus pinned to another algorithm does not accept it.
        let rs512 = Rs512VerifyingKey::from_components(&n, &e).unwrap();
        assert!(rs512.verify_signature(&input, &sig).is_err());
        let ps256 = Ps256VerifyingKey::from_components(&n, &e).unwrap();
        assert!(ps256.verify_signature(&input, &sig).is_err());
    }

    /// RFC 7520 section 4.2: PS384 (48-byte salt).
    #[test]
    fn rfc7520_4_2_ps384_verifies() {
        let (n, e) = rfc7520_n_e();
        let (input, sig) = vector(RFC7520_4_2);
        let key = Ps384VerifyingKey::from_components(&n, &e).unwrap();
        key.verify_signature(&input, &sig).unwrap();
        assert!(key.verify_signature(b"other input", &sig).is_err());
        assert!(
            Ps256VerifyingKey::from_components(&n, &e)
                .unwrap()
                .verify_signature(&input, &sig)
                .is_err()
        );
        assert!(
            Rs384VerifyingKey::from_components(&n, &e)
                .unwrap()
                .verify_signature(&input, &sig)
                .is_err()
        );
    }

    #[test]
    fn signature_of_wrong_length_is_invalid() {
        let (n, e) = rfc7520_n_e();
        let (input, sig) = vector(RFC7520_4_1);
        let key = Rs256VerifyingKey::from_components(&n, &e).unwrap();
        let mut longer = vec![0u8];
        longer.extend_from_slice(&sig);
        assert_eq!(
            key.verify_signature(&input, &longer),
            Err(VerifyError::InvalidSignature)
        );
        assert_eq!(
            key.verify_signature(&input, &sig[1..]),
            Err(VerifyError::InvalidSignature)
        );
        assert_eq!(
            key.verify_signature(&input, &[]),
            Err(VerifyError::InvalidSignature)
        );
    }

    /// RFC 7518 3.5: the PSS salt is as long as the hash. A signature with
    /// another salt length (0 or 20 bytes here) is not a PS256 signature,
    /// even though RSASSA-PSS in general would allow it.
    #[test]
    fn pss_salt_length_must_equal_hash_length() {
        let private = rfc7520_private_key();
        let (n, e) = rfc7520_n_e();
        let key = Ps256VerifyingKey::from_components(&n, &e).unwrap();
        let mut rng = TestRng(7);
        for (salt_len, ok) in [(32usize, true), (0, false), (20, false), (48, false)] {
            let signer =
                rsa::pss::SigningKey::<sha2::Sha256>::new_with_salt_len(private.clone(), salt_len);
            let sig = signer.sign_with_rng(&mut rng, b"payload");
            let sig: Vec<u8> = signature::SignatureEncoding::to_vec(&sig);
            assert_eq!(
                key.verify_signature(b"payload", &sig).is_ok(),
                ok,
                "salt {salt_len}"
            );
        }
    }

    #[test]
    fn weak_exponents_are_rejected() {
        let (n, _) = rfc7520_n_e();
        for e in [
            &[1u8][..],
            &[0],
            &[],
            &[2],
            &[4],
            &[0x01, 0x00, 0x00],
            &[0, 0, 1],
        ] {
            assert!(
                matches!(
                    Rs256VerifyingKey::from_components(&n, e),
                    Err(KeyError::KeyRejected { .. })
                ),
                "e = {e:?}"
            );
        }
        // e = 3 is weak for encryption, not for verification.
        assert!(Rs256VerifyingKey::from_components(&n, &[3]).is_ok());
        // Leading zeros are not significant.
        assert!(Rs256VerifyingKey::from_components(&n, &[0, 1, 0, 1]).is_ok());
        // Above 2^33 - 1.
        assert!(matches!(
            Rs256VerifyingKey::from_components(&n, &[0x02, 0, 0, 0, 1]),
            Err(KeyError::KeyRejected { .. })
        ));
    }

    #[test]
    fn small_even_and_huge_moduli_are_rejected() {
        let (n, e) = rfc7520_n_e();
        // 2047 bits.
        let mut short = n.clone();
        short[0] = 0x7f;
        assert!(matches!(
            Rs256VerifyingKey::from_components(&short, &e),
            Err(KeyError::KeyRejected { .. })
        ));
        let mut even = n.clone();
        *even.last_mut().unwrap() &= 0xfe;
        assert!(matches!(
            Rs256VerifyingKey::from_components(&even, &e),
            Err(KeyError::KeyRejected { .. })
        ));
        let huge = vec![0xffu8; 1025];
        assert!(matches!(
            Rs256VerifyingKey::from_components(&huge, &e),
            Err(KeyError::KeyRejected { .. })
        ));
        assert!(matches!(
            Rs256VerifyingKey::from_components(&[], &e),
            Err(KeyError::KeyRejected { .. })
        ));
    }

    /// Wycheproof json_web_key_test.json: tcId 8 (1024-bit key), tcId 9
    /// (public exponent 1), tcId 7 (ROCA modulus) are all refused.
    #[test]
    fn wycheproof_jwk_weak_rsa_keys_are_rejected() {
        let set = json(WYCHEPROOF_JWK);
        let mut seen = 0;
        for group in set["testGroups"].as_array().unwrap() {
            let comment = group["comment"].as_str().unwrap();
            if !["keysize_too_small", "exponentOne", "jws_rsa_roca_key"].contains(&comment) {
                continue;
            }
            let jwk = &group["public"]["keys"][0];
            let n = member(jwk, &["n"]);
            let e = member(jwk, &["e"]);
            let result = Rs256VerifyingKey::from_components(&n, &e);
            assert!(
                matches!(result, Err(KeyError::KeyRejected { .. })),
                "{comment}: {result:?}"
            );
            seen += 1;
        }
        assert_eq!(seen, 3);
    }

    #[test]
    fn roca_fingerprint_does_not_flag_ordinary_keys() {
        let (n, _) = rfc7520_n_e();
        assert!(!jwt_keys::rsa::has_roca_fingerprint(&n));
        let set = json(WYCHEPROOF_JWK);
        for group in set["testGroups"].as_array().unwrap() {
            if group["comment"] == "rs256" {
                assert!(!jwt_keys::rsa::has_roca_fingerprint(&member(
                    &group["public"]["keys"][0],
                    &["n"]
                )));
            }
        }
    }

    #[test]
    fn pem_and_der_round_trip_and_label_rules() {
        use pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
        use rsa::pkcs1::EncodeRsaPublicKey;
        let private = rfc7520_private_key();
        let public = PublicKey::from(&private);
        let (input, sig) = vector(RFC7520_4_1);

        let spki_pem = public.to_public_key_pem(LineEnding::LF).unwrap();
        let pkcs1_pem = public.to_pkcs1_pem(LineEnding::LF).unwrap();
        let spki_der = public.to_public_key_der().unwrap();
        let pkcs1_der = public.to_pkcs1_der().unwrap();

        for key in [
            Rs256VerifyingKey::from_public_key_pem(&spki_pem).unwrap(),
            Rs256VerifyingKey::from_pkcs1_pem(&pkcs1_pem).unwrap(),
            Rs256VerifyingKey::from_pem(&spki_pem).unwrap(),
            Rs256VerifyingKey::from_pem(&pkcs1_pem).unwrap(),
            Rs256VerifyingKey::from_public_key_der(spki_der.as_bytes()).unwrap(),
            Rs256VerifyingKey::from_pkcs1_der(pkcs1_der.as_bytes()).unwrap(),
        ] {
            key.verify_signature(&input, &sig).unwrap();
        }

        assert!(matches!(
            Rs256VerifyingKey::from_public_key_pem(&pkcs1_pem),
            Err(KeyError::Mismatch { .. })
        ));
        assert!(matches!(
            Rs256VerifyingKey::from_pkcs1_pem(&spki_pem),
            Err(KeyError::Mismatch { .. })
        ));
        // DER of the wrong framing is malformed, not silently reinterpreted.
        assert!(matches!(
            Rs256VerifyingKey::from_public_key_der(pkcs1_der.as_bytes()),
            Err(KeyError::Malformed { .. })
        ));

        let private_pem = private.to_pkcs8_pem(LineEnding::LF).unwrap();
        let result = Rs256VerifyingKey::from_pem(&private_pem);
        assert!(
            matches!(result, Err(KeyError::Mismatch { .. })),
            "{result:?}"
        );
        let encrypted =
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n";
        assert_eq!(
            Rs256VerifyingKey::from_pem(encrypted).unwrap_err(),
            KeyError::Encrypted
        );
    }

    #[test]
    fn a_small_key_in_pem_is_rejected_not_malformed() {
        use pkcs8::{EncodePublicKey, LineEnding};
        let set = json(WYCHEPROOF_JWK);
        let group = set["testGroups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["comment"] == "keysize_too_small")
            .unwrap();
        let jwk = &group["public"]["keys"][0];
        let n = BoxedUint::from_be_slice_vartime(&member(jwk, &["n"]));
        let e = BoxedUint::from_be_slice_vartime(&member(jwk, &["e"]));
        let pem = PublicKey::new(n, e)
            .unwrap()
            .to_public_key_pem(LineEnding::LF)
            .unwrap();
        assert!(matches!(
            Rs256VerifyingKey::from_pem(&pem),
            Err(KeyError::KeyRejected { .. })
        ));
    }

    #[test]
    fn ec_spki_is_a_mismatch() {
        // SubjectPublicKeyInfo { id-ecPublicKey, prime256v1 } with a dummy point:
        // the algorithm OID is refused before the key bits are read.
        let mut der = vec![
            0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06,
            0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04,
        ];
        der.extend_from_slice(&[0x11; 64]);
        assert!(matches!(
            Rs256VerifyingKey::from_public_key_der(&der),
            Err(KeyError::Mismatch { .. })
        ));
    }

    #[test]
    fn debug_names_algorithm_and_size() {
        let (n, e) = rfc7520_n_e();
        let key = Ps512VerifyingKey::from_components(&n, &e)
            .unwrap()
            .with_kid("k");
        let dbg = alloc::format!("{key:?}");
        assert!(dbg.contains("PS512") && dbg.contains("2048"), "{dbg}");
        assert_eq!(key.kid(), Some("k"));
        assert_eq!(key.algorithm(), Algorithm::PS512);
    }
}
