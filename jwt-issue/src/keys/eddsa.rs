//! EdDSA signing keys on Ed25519 (RFC 8037).
//!
//! Design note: [`EdDsaSigningKey`] wraps `ed25519_dalek::SigningKey`
//! (deterministic by construction, RFC 8032) and pins `alg` `EdDSA` with
//! `crv` `Ed25519`; Ed448 is refused with [`IssueError::Unsupported`] rather
//! than mistaken for Ed25519. PKCS#8 v1 and v2 (with the public key) are
//! read with the `pkcs8`/`der` crates; a v2 public key, or a JWK's `x`,
//! must be the seed's public key. The rejected alternative, accepting a
//! 64-byte "keypair" blob (the libsodium format) with an unchecked public
//! half, lets a mismatched public key produce signatures nobody can verify
//! or, with some verifiers, leak the private scalar.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use jwt_core::Algorithm;
use pkcs8::der::Decode;
use pkcs8::der::asn1::OctetStringRef;
use pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
use rand_core::TryCryptoRng;
use zeroize::Zeroizing;

use super::pem::{self, ID_ED448, ID_ED25519, PemKind};
use crate::error::IssueError;
use crate::jwk::{Jwk, JwkWriter, PUBLIC_GIVEN, b64_member, thumbprint_of};
use crate::key::SigningKey;

/// An EdDSA signing key on Ed25519 (RFC 8037). Signatures are
/// deterministic.
///
/// ```
/// use jwt_issue::{EdDsaSigningKey, SigningKey};
/// // RFC 8037 appendix A.1's private key.
/// let key = EdDsaSigningKey::from_jwk_json(r#"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#)?;
/// // RFC 8037 appendix A.3's thumbprint.
/// assert_eq!(key.thumbprint(), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
/// # Ok::<(), jwt_issue::IssueError>(())
/// ```
#[derive(Clone)]
pub struct EdDsaSigningKey {
    signing: ed25519_dalek::SigningKey,
    thumbprint: String,
    kid: Option<String>,
}

impl EdDsaSigningKey {
    /// A key from its 32-byte seed (the RFC 8032 private key, the JWK `d`).
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        let signing = ed25519_dalek::SigningKey::from_bytes(seed);
        let x = jwt_core::b64::encode(signing.verifying_key().as_bytes());
        let thumbprint = thumbprint_of(&[("crv", "Ed25519"), ("kty", "OKP"), ("x", &x)]);
        EdDsaSigningKey {
            signing,
            kid: Some(thumbprint.clone()),
            thumbprint,
        }
    }

    fn from_seed_slice(seed: &[u8]) -> Result<Self, IssueError> {
        let seed: &[u8; 32] = seed.try_into().map_err(|_| IssueError::KeyRejected {
            reason: "an Ed25519 private key is exactly 32 bytes",
        })?;
        Ok(Self::from_seed(seed))
    }

    /// The 32-byte public key.
    pub fn public_key_bytes(&self) -> [u8; 32] {
        self.signing.verifying_key().to_bytes()
    }

    /// Reads a PEM private key: `PRIVATE KEY` (PKCS#8 v1 or v2), what
    /// `openssl genpkey -algorithm ed25519` writes.
    ///
    /// # Errors
    /// [`IssueError::Encrypted`] for an encrypted key,
    /// [`IssueError::Mismatch`] for a public key or a key of another type,
    /// [`IssueError::Malformed`] for anything that is not a readable PEM key.
    pub fn from_pem(pem_text: &str) -> Result<Self, IssueError> {
        let doc = pem::decode_private(pem_text)?;
        match doc.kind {
            PemKind::Pkcs8 => Self::from_pkcs8_der(&doc.der),
            PemKind::Pkcs1 => Err(IssueError::Mismatch {
                reason: "an RSA key was given where an Ed25519 key is needed",
            }),
            PemKind::Sec1 => Err(IssueError::Mismatch {
                reason: "an EC key was given where an Ed25519 key is needed",
            }),
        }
    }

    /// Reads a DER PKCS#8 (RFC 8410) `id-Ed25519` private key.
    ///
    /// # Errors
    /// As [`from_pem`](Self::from_pem); an Ed448 key is
    /// [`IssueError::Unsupported`], a v2 public key that does not match is
    /// [`IssueError::Mismatch`].
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, IssueError> {
        let info = pem::private_key_info(der)?;
        if info.algorithm.oid == ID_ED448 {
            return Err(IssueError::Unsupported {
                reason: "Ed448 keys are not supported",
            });
        }
        pem::expect_algorithm(&info, ID_ED25519)?;
        if info.algorithm.parameters.is_some() {
            return Err(IssueError::Malformed {
                reason: "an Ed25519 AlgorithmIdentifier has no parameters (RFC 8410 3)",
            });
        }
        // RFC 8410 7: the privateKey OCTET STRING wraps CurvePrivateKey,
        // itself an OCTET STRING of the 32-byte seed.
        let inner = <&OctetStringRef>::from_der(info.private_key.as_bytes()).map_err(|_| {
            IssueError::Malformed {
                reason: "the Ed25519 private key is not a DER OCTET STRING",
            }
        })?;
        let key = Self::from_seed_slice(inner.as_bytes())?;
        if let Some(public) = info.public_key
            && public.as_bytes() != Some(&key.public_key_bytes()[..])
        {
            return Err(IssueError::Mismatch {
                reason: "the embedded public key does not match the private key",
            });
        }
        Ok(key)
    }

    /// Reads a private OKP JWK (`kty` `OKP`, `crv` `Ed25519`, `x`, `d`;
    /// RFC 8037 2). Its `kid` is kept; `alg`, `use` and `key_ops`, when
    /// present, must allow EdDSA signing; `x` must be `d`'s public key.
    ///
    /// # Errors
    /// [`IssueError::Mismatch`] for a public JWK (no `d`), another `kty`,
    /// `crv` or `alg`, or an `x` that does not match;
    /// [`IssueError::Unsupported`] for Ed448; [`IssueError::MissingMember`]
    /// for a missing member.
    pub fn from_jwk_json(jwk_json: &str) -> Result<Self, IssueError> {
        let jwk = Jwk::parse(jwk_json)?;
        jwk.check_common("OKP", Algorithm::EdDSA)?;
        match jwk.crv.as_deref() {
            None => return Err(IssueError::MissingMember { name: "crv" }),
            Some("Ed25519") => {}
            Some("Ed448") => {
                return Err(IssueError::Unsupported {
                    reason: "Ed448 keys are not supported",
                });
            }
            Some(_) => {
                return Err(IssueError::Mismatch {
                    reason: "the OKP JWK's crv is not Ed25519 (X25519 keys cannot sign)",
                });
            }
        }
        if jwk.d.is_none() {
            return Err(IssueError::Mismatch {
                reason: PUBLIC_GIVEN,
            });
        }
        let x = b64_member(&jwk.x, "x")?;
        let d = b64_member(&jwk.d, "d")?;
        let key = Self::from_seed_slice(&d)?;
        if x.as_slice() != key.public_key_bytes() {
            return Err(IssueError::Mismatch {
                reason: "the JWK's x is not the public key of its d",
            });
        }
        Ok(match jwk.kid() {
            Some(kid) => key.with_kid(kid),
            None => key,
        })
    }

    /// A fresh key: 32 random bytes from `rng` as the seed.
    ///
    /// # Errors
    /// [`IssueError::Rng`] if the generator fails.
    pub fn generate<R: TryCryptoRng + ?Sized>(rng: &mut R) -> Result<Self, IssueError> {
        let mut seed = Zeroizing::new([0u8; 32]);
        crate::rng::fill(rng, &mut *seed)?;
        Ok(Self::from_seed(&seed))
    }

    /// A fresh key from the operating system's random source.
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

    /// The private key as PKCS#8 v1 PEM (`PRIVATE KEY`, LF line endings),
    /// byte for byte what `openssl genpkey -algorithm ed25519` writes. (v2,
    /// with the public key embedded, is what `ed25519-dalek` writes, and
    /// OpenSSL 3.0 cannot read it.)
    ///
    /// # Errors
    /// [`IssueError::Encode`] if DER encoding fails.
    pub fn to_pkcs8_pem(&self) -> Result<String, IssueError> {
        let v1 = ed25519_dalek::pkcs8::KeypairBytes {
            secret_key: self.signing.to_bytes(),
            public_key: None,
        };
        let mut pem = v1
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|_| IssueError::Encode)?;
        Ok(core::mem::take(&mut *pem))
    }

    /// The public key as SPKI PEM (`PUBLIC KEY`, LF line endings).
    ///
    /// # Errors
    /// [`IssueError::Encode`] if DER encoding fails.
    pub fn public_key_pem(&self) -> Result<String, IssueError> {
        self.signing
            .verifying_key()
            .to_public_key_pem(LineEnding::LF)
            .map_err(|_| IssueError::Encode)
    }

    /// The private key as a JWK (`crv`, `x`, `d`, `kid`, `alg`, `use`).
    /// Treat the text as the secret it is.
    pub fn to_private_jwk(&self) -> String {
        let d = Zeroizing::new(self.signing.to_bytes());
        JwkWriter::new("OKP")
            .text("crv", "Ed25519")
            .bytes("x", &self.public_key_bytes())
            .bytes("d", &*d)
            .finish(self.kid.as_deref(), Algorithm::EdDSA)
    }
}

impl fmt::Debug for EdDsaSigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EdDsaSigningKey")
            .field("alg", &Algorithm::EdDSA)
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl SigningKey for EdDsaSigningKey {
    fn algorithm(&self) -> Algorithm {
        Algorithm::EdDSA
    }

    fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    fn sign(&self, signing_input: &[u8], out: &mut Vec<u8>) -> Result<(), IssueError> {
        let signature: ed25519_dalek::Signature =
            signature::Signer::try_sign(&self.signing, signing_input)
                .map_err(|_| IssueError::Signing)?;
        out.extend_from_slice(&signature.to_bytes());
        Ok(())
    }

    fn public_jwk(&self) -> Option<String> {
        Some(
            JwkWriter::new("OKP")
                .text("crv", "Ed25519")
                .bytes("x", &self.public_key_bytes())
                .finish(self.kid.as_deref(), Algorithm::EdDSA),
        )
    }

    fn signature_len(&self) -> usize {
        64
    }
}
