//! The signing-key trait and JWKS export.
//!
//! Design note: every concrete key type pins exactly one [`Algorithm`]; a
//! token's header takes its `alg` from the key and from nowhere else, so
//! no caller can mint an `HS256` token with an RSA public key as the
//! secret. The trait is object-safe (no generics, no `Self` returns) so key
//! rotation code can hold `Box<dyn SigningKey>` and [`jwks`] can take a
//! mixed slice, while the builder stays generic so a firmware image that
//! names only `Hs256SigningKey` links only HMAC-SHA-256. The rejected
//! alternative, one `Key` enum over every family with a `sign(alg, ..)`
//! method, links every primitive into every image and lets the algorithm
//! come from the caller.

use alloc::boxed::Box;
use alloc::collections::BTreeSet;
use alloc::string::String;
use alloc::vec::Vec;

use jwt_core::Algorithm;

use crate::error::IssueError;

/// A private (or, for HMAC, shared secret) key that signs with one
/// algorithm.
pub trait SigningKey {
    /// The one algorithm this key signs with; it becomes the header's `alg`.
    fn algorithm(&self) -> Algorithm;

    /// The key id (`kid`) put in the header, if any. The built-in key types
    /// default it to the key's RFC 7638 thumbprint.
    fn kid(&self) -> Option<&str>;

    /// Appends the raw signature over `signing_input` (the ASCII bytes
    /// `BASE64URL(header) '.' BASE64URL(payload)`) to `out`. ECDSA
    /// signatures are the fixed-size `r || s` of RFC 7518 3.4, never DER.
    fn sign(&self, signing_input: &[u8], out: &mut Vec<u8>) -> Result<(), IssueError>;

    /// The public key as a JWK (JSON text with `kid`, `alg` and
    /// `"use":"sig"`), or `None` for a symmetric (HMAC) key, which has no
    /// public half.
    fn public_jwk(&self) -> Option<String>;

    /// The length of the raw signature in bytes, used to size output
    /// buffers. The default is exact for every algorithm except RS*/PS*,
    /// where it assumes a 2048-bit modulus; the built-in RSA keys override
    /// it.
    fn signature_len(&self) -> usize {
        default_signature_len(self.algorithm())
    }
}

/// The raw signature length of `alg` (RSA: a 2048-bit modulus).
pub(crate) const fn default_signature_len(alg: Algorithm) -> usize {
    match alg {
        Algorithm::HS256 => 32,
        Algorithm::HS384 => 48,
        Algorithm::HS512 => 64,
        Algorithm::ES256 | Algorithm::EdDSA => 64,
        Algorithm::ES384 => 96,
        Algorithm::ES512 => 132,
        Algorithm::RS256
        | Algorithm::RS384
        | Algorithm::RS512
        | Algorithm::PS256
        | Algorithm::PS384
        | Algorithm::PS512 => 256,
    }
}

impl<K: SigningKey + ?Sized> SigningKey for &K {
    fn algorithm(&self) -> Algorithm {
        (**self).algorithm()
    }
    fn kid(&self) -> Option<&str> {
        (**self).kid()
    }
    fn sign(&self, signing_input: &[u8], out: &mut Vec<u8>) -> Result<(), IssueError> {
        (**self).sign(signing_input, out)
    }
    fn public_jwk(&self) -> Option<String> {
        (**self).public_jwk()
    }
    fn signature_len(&self) -> usize {
        (**self).signature_len()
    }
}

impl<K: SigningKey + ?Sized> SigningKey for Box<K> {
    fn algorithm(&self) -> Algorithm {
        (**self).algorithm()
    }
    fn kid(&self) -> Option<&str> {
        (**self).kid()
    }
    fn sign(&self, signing_input: &[u8], out: &mut Vec<u8>) -> Result<(), IssueError> {
        (**self).sign(signing_input, out)
    }
    fn public_jwk(&self) -> Option<String> {
        (**self).public_jwk()
    }
    fn signature_len(&self) -> usize {
        (**self).signature_len()
    }
}

/// A JWK Set document (RFC 7517 section 5), `{"keys":[...]}`, holding the
/// public JWKs of `keys`, in order.
///
/// # Errors
/// [`IssueError::Unsupported`] if a key is symmetric (HMAC): its only
/// "public" form is the secret itself, and publishing it would hand out
/// the signing key. [`IssueError::KeyRejected`] if two keys share a `kid`
/// (verifiers could not tell them apart).
///
/// ```
/// # #[cfg(feature = "eddsa")] {
/// use jwt_issue::{EdDsaSigningKey, jwks};
/// let key = EdDsaSigningKey::from_seed(&[7; 32]).with_kid("2024-01");
/// let set = jwks(&[&key])?;
/// assert!(set.starts_with(r#"{"keys":[{"kty":"OKP","crv":"Ed25519","#));
/// # }
/// # Ok::<(), jwt_issue::IssueError>(())
/// ```
pub fn jwks(keys: &[&dyn SigningKey]) -> Result<String, IssueError> {
    let mut kids = BTreeSet::new();
    let mut out = String::from("{\"keys\":[");
    for (i, key) in keys.iter().enumerate() {
        if let Some(kid) = key.kid()
            && !kids.insert(kid)
        {
            return Err(IssueError::KeyRejected {
                reason: "two keys in the set share a kid",
            });
        }
        let jwk = key.public_jwk().ok_or(IssueError::Unsupported {
            reason: "HMAC keys are secret and cannot be published in a JWKS",
        })?;
        if i > 0 {
            out.push(',');
        }
        out.push_str(&jwk);
    }
    out.push_str("]}");
    Ok(out)
}
