//! Keys: one handle for whatever key material the caller holds.
//!
//! Design note: `jwt-keys` decides what the bytes are (PEM, DER, a
//! certificate, a JWK, a JWK Set, a certificate map, or, only with an HMAC
//! algorithm named, a raw secret); `jwt-verify` turns the material into
//! verifying keys that each pin one algorithm, `jwt-issue` into the
//! signing key. A generated key is exported as its private JWK and read
//! back through the same path, so there is one way in. The handle is
//! immutable after it is made and may be shared between threads.

use alloc::string::String;
use alloc::sync::Arc;

use jwt_core::Algorithm;
use jwt_issue::{IssueError, KeyId, signing_key_from_material};
use jwt_keys::{HmacSecret, KeyHint, KeyMaterial};
use jwt_verify::{DynVerifyingKey, KeyError, MaterialKeys, VerifyingKey};

use crate::error::{Res, code, free_box, guard};
use crate::rng::{Source, jwt_fill_random};
use crate::{arg, jwt_result, out};

/// Key material: verifying keys, and whether (and as what public JWK) it
/// signs. Opaque; made by `jwt_key_import`, `jwt_key_import_secret`,
/// `jwt_key_import_raw_public` or `jwt_key_generate`, freed with
/// `jwt_key_free`. Immutable: safe to share between threads.
pub struct jwt_key {
    /// What the key was read from (`None` for a raw public key, which
    /// cannot sign); issuers build their signing key from it.
    pub(crate) material: Option<KeyMaterial>,
    /// The bytes of a raw public key (its public JWK is cut from them).
    raw_public: Option<alloc::boxed::Box<[u8]>>,
    /// The algorithm named at import, or the only one the key serves.
    pub(crate) alg: Option<Algorithm>,
    pub(crate) verify: Result<Arc<MaterialKeys>, KeyError>,
    /// Whether the key signs (why not, if it cannot), and its public JWK.
    pub(crate) sign: Result<Signer, IssueError>,
}

/// What a key that can sign exports.
pub(crate) struct Signer {
    /// The public JWK (none for an HMAC secret).
    public_jwk: Option<String>,
}

impl jwt_key {
    fn from_material(material: KeyMaterial, alg: Option<Algorithm>) -> Res<Self> {
        let algs = alg.as_slice();
        let verify = MaterialKeys::from_material(&material, algs).map(Arc::new);
        // The signing algorithm: the one named, or the only one the key
        // serves (an EC or Ed25519 key; an RSA key serves six).
        let alg = alg.or_else(|| {
            let keys = verify.as_ref().ok()?.keys();
            let first = keys.first()?.algorithm();
            keys.iter().all(|k| k.algorithm() == first).then_some(first)
        });
        let sign = match alg {
            Some(alg) => {
                signing_key_from_material(&material, alg, KeyId::Default).map(|k| Signer {
                    public_jwk: k.public_jwk(),
                })
            }
            None => Err(IssueError::Mismatch {
                reason: "name the signing algorithm: this key serves several",
            }),
        };
        if let (Err(e), Err(_)) = (&verify, &sign) {
            return Err(code(e.clone()));
        }
        Ok(jwt_key {
            material: Some(material),
            raw_public: None,
            alg,
            verify,
            sign,
        })
    }

    fn import(bytes: &[u8], alg: Option<Algorithm>) -> Res<Self> {
        let hint = match alg {
            Some(a) => KeyHint::new().algorithm(a),
            None => KeyHint::new(),
        };
        let material = KeyMaterial::from_bytes(bytes, hint).map_err(code)?;
        Self::from_material(material, alg)
    }

    fn import_secret(bytes: &[u8], alg: Option<Algorithm>) -> Res<Self> {
        // The algorithm first: none or another family is an argument error
        // before the bytes are looked at.
        let alg = alg
            .filter(|a| a.family() == jwt_core::AlgorithmFamily::Hmac)
            .ok_or(crate::FfiError::InvalidArgument)?;
        let secret = HmacSecret::from_raw(bytes).map_err(code)?;
        let verify = lean_key(secret.as_bytes(), alg)?;
        // The secret passed the verifying key's rules, which are the
        // signing key's (RFC 7518 3.2); an issuer builds its signing key
        // from the material (and checks again). Not building it here keeps
        // the signing code out of verify-only images.
        Ok(jwt_key {
            material: Some(KeyMaterial::Secret(secret)),
            raw_public: None,
            alg: Some(alg),
            verify: Ok(Arc::new(MaterialKeys::single(verify))),
            sign: Ok(Signer { public_jwk: None }),
        })
    }

    fn import_raw_public(bytes: &[u8], alg: Option<Algorithm>) -> Res<Self> {
        use jwt_core::AlgorithmFamily::{Ecdsa, EdDsa};
        let alg = alg
            .filter(|a| matches!(a.family(), Ecdsa | EdDsa))
            .ok_or(crate::FfiError::InvalidArgument)?;
        let verify = lean_key(bytes, alg)?;
        Ok(jwt_key {
            material: None,
            raw_public: Some(bytes.into()),
            alg: Some(alg),
            verify: Ok(Arc::new(MaterialKeys::single(verify))),
            sign: Err(IssueError::Mismatch {
                reason: "a raw public key verifies only; signing needs the private key",
            }),
        })
    }

    pub(crate) fn verifying(&self) -> Res<Arc<MaterialKeys>> {
        self.verify.clone().map_err(code)
    }

    pub(crate) fn signing(&self) -> Res<&Signer> {
        self.sign.as_ref().map_err(|e| code(e.clone()))
    }
}

/// The body of the `jwt_key_import*` functions: the output pointer, the
/// algorithm number and the bytes checked in that order, then `make`.
///
/// # Safety
/// `bytes` valid for `len` bytes of reads; `out` valid for one write.
unsafe fn import_with(
    bytes: *const u8,
    len: usize,
    alg: u32,
    out: *mut *mut jwt_key,
    make: impl FnOnce(&[u8], Option<Algorithm>) -> Res<jwt_key>,
) -> jwt_result {
    guard(|| {
        arg::out_ptr(out)?;
        let alg = crate::algorithm(alg)?;
        // SAFETY: the caller's contract.
        let bytes = unsafe { arg::bytes(bytes, len) }?;
        let key = make(bytes, alg)?;
        // SAFETY: `out` checked non-NULL; valid by the contract.
        unsafe { out::boxed(out, key) }
    })
}

/// Imports key material: PEM (public, private, certificates; several
/// blocks), DER (SPKI, PKCS#8, PKCS#1, SEC1, X.509), a JWK, a JWK Set, a
/// `{kid: certificate}` map; or the raw bytes of an HMAC secret, **only**
/// when `alg` names an HMAC algorithm (bytes that are recognisably key
/// material are then refused with `JWT_ERR_KEY_NOT_A_SECRET`).
///
/// `alg` (a `jwt_alg`, `JWT_ALG_DETECT` to let the material decide)
/// narrows the algorithms the key verifies and names the signing
/// algorithm; without it a private key signs with the one algorithm its
/// type serves (an RSA key needs one named).
///
/// The bytes are copied: the caller keeps ownership of `bytes` and may
/// free them when the call returns. On success `*out` is a new key the
/// caller owns and frees with `jwt_key_free`; on failure `*out` is not
/// written.
///
/// # Safety
/// `bytes` valid for `len` bytes of reads; `out` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_key_import(
    bytes: *const u8,
    len: usize,
    alg: u32,
    out: *mut *mut jwt_key,
) -> jwt_result {
    // SAFETY: forwarded from this function's contract.
    unsafe { import_with(bytes, len, alg, out, jwt_key::import) }
}

/// Imports the raw bytes of an HMAC secret for `alg` (`JWT_ALG_HS256`,
/// `JWT_ALG_HS384` or `JWT_ALG_HS512`; anything else is
/// `JWT_ERR_INVALID_ARGUMENT`): the lean path for HMAC-only firmware. No
/// format is detected, so none of the PEM, DER, X.509 or JSON readers is
/// linked; the bytes still go through the engine's refusal of key
/// material (PEM armour, OpenSSH, SSH2 or PuTTY text, JSON, one complete
/// DER SEQUENCE: `JWT_ERR_KEY_NOT_A_SECRET`), the same check that ends
/// `jwt_key_import`. A secret shorter than the hash output is refused
/// (RFC 7518 3.2). The key verifies and signs `alg` tokens only; an image
/// built with only the `hs256` feature links SHA-256 and no other hash.
///
/// The bytes are copied (the key keeps only the keyed HMAC states and
/// the secret, zeroized when the key is freed). On success `*out` is a
/// new key the caller owns and frees with `jwt_key_free`; on failure
/// `*out` is not written.
///
/// # Safety
/// `bytes` valid for `len` bytes of reads; `out` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_key_import_secret(
    bytes: *const u8,
    len: usize,
    alg: u32,
    out: *mut *mut jwt_key,
) -> jwt_result {
    // SAFETY: forwarded from this function's contract.
    unsafe { import_with(bytes, len, alg, out, jwt_key::import_secret) }
}

/// Imports a raw public key for `alg`: for `JWT_ALG_ES256`, `ES384` or
/// `ES512` a SEC1 point of that curve (`04 || x || y`, 65/97/133 bytes,
/// or compressed `02`/`03 || x`), for `JWT_ALG_EDDSA` the 32 bytes of an
/// Ed25519 public key. The lean path for firmware that holds its issuer's
/// key as bytes (as most embedded ECC libraries do): no format detection,
/// so none of the PEM, DER, X.509 or JSON readers is linked, and an image
/// built with only feature `es256` links P-256 and no other curve. The
/// engine checks the key as on every path (a point on the curve, not the
/// identity). Another algorithm is `JWT_ERR_INVALID_ARGUMENT`.
///
/// The key verifies `alg` tokens only and cannot sign (`jwt_issuer_new`
/// refuses it); `jwt_key_public_jwk` writes its JWK from an uncompressed
/// point or Ed25519 bytes.
/// The bytes are copied. On success `*out` is a new key the caller owns
/// and frees with `jwt_key_free`; on failure `*out` is not written.
///
/// # Safety
/// `bytes` valid for `len` bytes of reads; `out` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_key_import_raw_public(
    bytes: *const u8,
    len: usize,
    alg: u32,
    out: *mut *mut jwt_key,
) -> jwt_result {
    // SAFETY: forwarded from this function's contract.
    unsafe { import_with(bytes, len, alg, out, jwt_key::import_raw_public) }
}

/// The verifying key for `alg` from the raw bytes the lean imports take
/// (an HMAC secret, a SEC1 point, Ed25519 bytes), built directly: no
/// dispatch over other algorithms, so only this one's code is linked. The
/// caller has checked that `alg` fits the import.
fn lean_key(bytes: &[u8], alg: Algorithm) -> Res<DynVerifyingKey> {
    #[allow(unused_macros)]
    macro_rules! key {
        ($ctor:expr) => {
            return Ok(alloc::boxed::Box::new($ctor(bytes).map_err(code)?))
        };
    }
    match alg {
        #[cfg(feature = "hs256")]
        Algorithm::HS256 => key!(jwt_verify::Hs256Key::new),
        #[cfg(feature = "hs384")]
        Algorithm::HS384 => key!(jwt_verify::Hs384Key::new),
        #[cfg(feature = "hs512")]
        Algorithm::HS512 => key!(jwt_verify::Hs512Key::new),
        #[cfg(feature = "es256")]
        Algorithm::ES256 => key!(jwt_verify::Es256VerifyingKey::from_sec1_bytes),
        #[cfg(feature = "es384")]
        Algorithm::ES384 => key!(jwt_verify::Es384VerifyingKey::from_sec1_bytes),
        #[cfg(feature = "es512")]
        Algorithm::ES512 => key!(jwt_verify::Es512VerifyingKey::from_sec1_bytes),
        #[cfg(feature = "eddsa")]
        Algorithm::EdDSA => key!(jwt_verify::EdDsaVerifyingKey::from_bytes),
        #[allow(unreachable_patterns)]
        _ => {
            let _ = bytes;
            Err(code(KeyError::Unsupported {
                reason: "this algorithm is not compiled in (features hs256, hs384, hs512, es256, es384, es512, eddsa)",
            }))
        }
    }
}

/// Generates a new private key for `alg` (not `JWT_ALG_DETECT`): an HMAC
/// secret of the hash length, an EC or Ed25519 key, or a 2048-bit RSA key
/// (slow on small parts). Randomness comes from `fill` (called with
/// `user`), or, when `fill` is NULL, from the operating system on hosted
/// builds (firmware builds then fail with `JWT_ERR_RNG_FAILED`).
///
/// On success `*out` is a new key the caller owns (free with
/// `jwt_key_free`); it signs with `alg` and verifies `alg` tokens.
///
/// # Safety
/// `out` valid for one write; `fill`, if not NULL, must be callable with
/// `user` during this call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_key_generate(
    alg: u32,
    fill: jwt_fill_random,
    user: *mut core::ffi::c_void,
    out: *mut *mut jwt_key,
) -> jwt_result {
    guard(|| {
        arg::out_ptr(out)?;
        let alg = crate::algorithm(alg)?.ok_or(crate::FfiError::InvalidArgument)?;
        let mut rng = Source::new(fill, user);
        let jwk = generate_jwk(alg, &mut rng).map_err(code)?;
        let key = jwt_key::from_material(KeyMaterial::Jwk(jwk), Some(alg))?;
        // SAFETY: `out` checked non-NULL; valid by the contract.
        unsafe { out::boxed(out, key) }
    })
}

/// The private JWK of a fresh key for `alg`.
fn generate_jwk(alg: Algorithm, rng: &mut Source) -> Result<String, IssueError> {
    #[allow(unused_macros)]
    macro_rules! jwk {
        ($ty:ty) => {
            return Ok(<$ty>::generate(rng)?.to_private_jwk())
        };
    }
    match alg {
        #[cfg(feature = "hs256")]
        Algorithm::HS256 => jwk!(jwt_issue::Hs256SigningKey),
        #[cfg(feature = "hs384")]
        Algorithm::HS384 => jwk!(jwt_issue::Hs384SigningKey),
        #[cfg(feature = "hs512")]
        Algorithm::HS512 => jwk!(jwt_issue::Hs512SigningKey),
        #[cfg(feature = "rsa")]
        Algorithm::RS256 => jwk!(jwt_issue::Rs256SigningKey),
        #[cfg(feature = "rsa")]
        Algorithm::RS384 => jwk!(jwt_issue::Rs384SigningKey),
        #[cfg(feature = "rsa")]
        Algorithm::RS512 => jwk!(jwt_issue::Rs512SigningKey),
        #[cfg(feature = "rsa")]
        Algorithm::PS256 => jwk!(jwt_issue::Ps256SigningKey),
        #[cfg(feature = "rsa")]
        Algorithm::PS384 => jwk!(jwt_issue::Ps384SigningKey),
        #[cfg(feature = "rsa")]
        Algorithm::PS512 => jwk!(jwt_issue::Ps512SigningKey),
        #[cfg(feature = "es256")]
        Algorithm::ES256 => jwk!(jwt_issue::Es256SigningKey),
        #[cfg(feature = "es384")]
        Algorithm::ES384 => jwk!(jwt_issue::Es384SigningKey),
        #[cfg(feature = "es512")]
        Algorithm::ES512 => jwk!(jwt_issue::Es512SigningKey),
        #[cfg(feature = "eddsa")]
        Algorithm::EdDSA => jwk!(jwt_issue::EdDsaSigningKey),
        #[allow(unreachable_patterns)]
        _ => {
            let _ = rng;
            Err(IssueError::Unsupported {
                reason: "the algorithm's family is not compiled in",
            })
        }
    }
}

/// The algorithm the key signs with (`jwt_alg` as an integer) into
/// `*alg`; `JWT_ALG_DETECT` (0) when it names none (a public key serving
/// several algorithms).
///
/// # Safety
/// `key` a live key or NULL; `alg` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_key_algorithm(key: *const jwt_key, alg: *mut u32) -> jwt_result {
    guard(|| {
        // SAFETY: the caller's contract.
        let key = unsafe { arg::handle(key) }?;
        let n = key
            .alg
            .and_then(|a| Algorithm::ALL.iter().position(|x| *x == a))
            .and_then(|i| u32::try_from(i.saturating_add(1)).ok())
            .unwrap_or(0);
        // SAFETY: the caller's contract.
        unsafe { out::put(alg, n) }
    })
}

/// Writes the key's public JWK (JSON with `kid`, `alg`, `"use":"sig"`) as
/// a NUL-terminated string into `buf`, its length into `*written`. For a
/// private key (imported or generated); a public key file (PEM or DER:
/// SPKI, PKCS#1, a certificate's key); a JWK, public or private (its
/// public members, its own `kid`); and a raw public key (an uncompressed
/// EC point or Ed25519 bytes; a compressed point is
/// `JWT_ERR_KEY_UNSUPPORTED`). `kid` is the RFC 7638 thumbprint unless
/// the JWK names one; `alg` is the one named at import or the key's only
/// one, left out for an RSA key imported without one. An HMAC key has no
/// public half and a key set (JWKS, certificate map) holds several keys:
/// both are `JWT_ERR_ISSUE_UNSUPPORTED` (publish a set as it is). Buffer
/// rules as `jwt_result_message`.
///
/// # Safety
/// `key` a live key or NULL; `buf` valid for `len` bytes of writes (or
/// NULL with `len` 0); `written` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_key_public_jwk(
    key: *const jwt_key,
    buf: *mut u8,
    len: usize,
    written: *mut usize,
) -> jwt_result {
    guard(|| {
        // SAFETY: the caller's contract.
        let key = unsafe { arg::handle(key) }?;
        let jwk = public_jwk(key)?;
        // SAFETY: the caller's contract.
        unsafe { out::text(jwk.as_bytes(), buf, len, written) }
    })
}

fn public_jwk(key: &jwt_key) -> Res<String> {
    let signer = match (&key.sign, &key.material, &key.raw_public) {
        (Ok(signer), _, _) => signer,
        // A public key file: the key it holds (a certificate's, for a
        // chain the leaf's), as `jwt jwks` publishes it.
        (Err(_), Some(KeyMaterial::Keys(bundle)), _) if bundle.private.is_none() => {
            let leaf = bundle.public.first().ok_or(code(KeyError::Mismatch {
                reason: "the key material holds no key",
            }))?;
            return jwt_issue::jwk::public_jwk_of_der(leaf, None, key.alg).map_err(code);
        }
        // A JWK that cannot sign (a public one, or a private RSA key
        // imported without an algorithm): its public members.
        (Err(_), Some(KeyMaterial::Jwk(jwk)), _) => {
            return jwt_issue::jwk::public_jwk_of_jwk(jwk, key.alg).map_err(code);
        }
        (Err(_), None, Some(raw)) => {
            let alg = key.alg.ok_or(crate::FfiError::InvalidArgument)?;
            return jwt_issue::jwk::public_jwk_of_raw(raw, alg).map_err(code);
        }
        (Err(_), Some(KeyMaterial::Jwks(_) | KeyMaterial::CertificateMap(_)), _) => {
            return Err(code(IssueError::Unsupported {
                reason: "a key set holds several keys: publish the set as it is",
            }));
        }
        (Err(e), _, _) => return Err(code(e.clone())),
    };
    signer
        .public_jwk
        .clone()
        .ok_or(code(IssueError::Unsupported {
            reason: "HMAC keys are secret and have no public JWK",
        }))
}

/// Writes the RFC 7638 thumbprint of the key's public JWK (base64url of
/// its SHA-256) as a NUL-terminated string. Same keys and buffer rules as
/// `jwt_key_public_jwk`.
///
/// # Safety
/// As `jwt_key_public_jwk`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_key_thumbprint(
    key: *const jwt_key,
    buf: *mut u8,
    len: usize,
    written: *mut usize,
) -> jwt_result {
    guard(|| {
        // SAFETY: the caller's contract.
        let key = unsafe { arg::handle(key) }?;
        let thumbprint = jwt_issue::jwk_thumbprint(&public_jwk(key)?).map_err(code)?;
        // SAFETY: the caller's contract.
        unsafe { out::text(thumbprint.as_bytes(), buf, len, written) }
    })
}

/// Frees a key. NULL is harmless. Verifiers, issuers and event verifiers
/// built from the key keep what they need and stay valid.
///
/// # Safety
/// `key` NULL or a key from this library, not used again afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jwt_key_free(key: *mut jwt_key) {
    // SAFETY: the caller gives back a handle made here, once.
    unsafe { free_box(key) };
}
