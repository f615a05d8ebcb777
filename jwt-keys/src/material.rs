//! The key factory: bytes (plus an optional hint) to typed key material.
//!
//! Design note: detection looks at what the bytes *are*, in this order:
//! JSON (a JWK, a JWK Set, a `{kid: certificate}` map, a Google
//! service-account file); PEM armour anywhere (after a byte-order mark or
//! explanatory text); OpenSSH, SSH2 and PuTTY key formats; DER that
//! parses as an X.509 certificate, SPKI, PKCS#8 (plain or encrypted),
//! PKCS#1 or SEC1. Only bytes that are none of these can become an HMAC
//! secret, and only when the caller names an HMAC algorithm: **raw bytes
//! never decide the algorithm**. The rejected alternative, "anything that
//! is not PEM or JSON is a secret", turned every DER or OpenSSH public key
//! into a forgery key (the RS256-to-HS256 confusion of CVE-2015-9235,
//! CVE-2016-10555 and CVE-2022-29217, reached through a key loader).

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use der::{Decode, Encode, Reader, SliceReader};
use jwt_core::{Algorithm, AlgorithmFamily};
use zeroize::Zeroizing;

use crate::error::KeyError;
use crate::kind::{KeyKind, classify, curve_kind};
use crate::pem;

/// The largest input the factory reads; checked before any decoding.
/// (Published key sets are a few kilobytes; a certificate chain tens.)
pub const MAX_KEY_MATERIAL_BYTES: usize = 1 << 20;

/// The encodings the factory recognises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyFormat {
    /// PEM text (RFC 7468, lax grammar).
    Pem,
    /// Binary DER (SPKI, PKCS#8, PKCS#1, SEC1, X.509 certificate).
    Der,
    /// One JSON Web Key (RFC 7517).
    Jwk,
    /// A JSON Web Key Set (RFC 7517 section 5).
    Jwks,
    /// A JSON object mapping key ids to PEM certificates (as Google and
    /// Firebase publish for their session tokens).
    CertificateMap,
    /// The raw bytes of an HMAC secret.
    RawSecret,
}

/// What the caller knows about the bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeyHint {
    algorithm: Option<Algorithm>,
    format: Option<KeyFormat>,
}

impl KeyHint {
    /// No hint: the format is detected; raw secrets are refused.
    pub fn new() -> Self {
        Self::default()
    }

    /// The algorithm the key is for. Only an HMAC algorithm lets
    /// unrecognised bytes be read as a raw secret.
    #[must_use]
    pub fn algorithm(mut self, alg: Algorithm) -> Self {
        self.algorithm = Some(alg);
        self
    }

    /// The format the caller expects; detection must agree with it.
    #[must_use]
    pub fn format(mut self, format: KeyFormat) -> Self {
        self.format = Some(format);
        self
    }

    /// Whether the hint names an HMAC algorithm.
    pub fn names_hmac(&self) -> bool {
        self.algorithm
            .is_some_and(|a| a.family() == AlgorithmFamily::Hmac)
    }
}

/// Raw HMAC secret bytes, zeroized on drop; `Debug` never shows them.
#[derive(Clone, PartialEq, Eq)]
pub struct HmacSecret(Zeroizing<Vec<u8>>);

impl HmacSecret {
    /// Reads `bytes` as a raw HMAC secret, with no format detection
    /// beyond the refusal every raw secret goes through: bytes that look
    /// like key material (PEM armour, OpenSSH, SSH2 or PuTTY text, JSON,
    /// or DER: one complete, well-formed ASN.1 SEQUENCE) are never a
    /// secret. [`KeyMaterial::from_bytes`] ends in the same check, so both
    /// paths refuse the same bytes; this one links none of the PEM, DER
    /// and X.509 parsers (the lean path for HMAC-only firmware).
    ///
    /// ```
    /// use jwt_keys::{HmacSecret, KeyError};
    /// assert!(HmacSecret::from_raw(b"0123456789abcdef0123456789abcdef").is_ok());
    /// let pem = b"-----BEGIN PUBLIC KEY-----\nMFkw...\n-----END PUBLIC KEY-----\n";
    /// assert!(matches!(HmacSecret::from_raw(pem), Err(KeyError::NotASecret { .. })));
    /// ```
    ///
    /// # Errors
    /// [`KeyError::TooLarge`] above [`MAX_KEY_MATERIAL_BYTES`],
    /// [`KeyError::Malformed`] for no bytes, [`KeyError::NotASecret`] for
    /// bytes that look like key material.
    pub fn from_raw(bytes: &[u8]) -> Result<Self, KeyError> {
        if bytes.len() > MAX_KEY_MATERIAL_BYTES {
            return Err(KeyError::TooLarge {
                limit: MAX_KEY_MATERIAL_BYTES,
            });
        }
        if bytes.is_empty() {
            return Err(KeyError::Malformed {
                reason: "the key material is empty",
            });
        }
        if let Some(found) = sniff_text(bytes) {
            return Err(KeyError::NotASecret {
                found: found.describe(),
            });
        }
        if is_der_sequence(bytes) {
            return Err(KeyError::NotASecret {
                found: "DER (one complete ASN.1 SEQUENCE, the shape of every key file)",
            });
        }
        Ok(Self(Zeroizing::new(bytes.to_vec())))
    }

    /// The secret bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for HmacSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HmacSecret({} bytes)", self.0.len())
    }
}

/// A DER private key; zeroized on drop; `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PrivateKeyDer {
    /// PKCS#8 `PrivateKeyInfo` / `OneAsymmetricKey` (RFC 5208, RFC 5958).
    Pkcs8(Zeroizing<Vec<u8>>),
    /// PKCS#1 `RSAPrivateKey` (RFC 8017 A.1.2).
    Pkcs1(Zeroizing<Vec<u8>>),
    /// SEC1 `ECPrivateKey` (RFC 5915).
    Sec1(Zeroizing<Vec<u8>>),
}

impl PrivateKeyDer {
    /// The DER bytes.
    pub fn der(&self) -> &[u8] {
        match self {
            Self::Pkcs8(d) | Self::Pkcs1(d) | Self::Sec1(d) => d,
        }
    }

    /// The key's type, from its algorithm identifier or structure.
    ///
    /// # Errors
    /// [`KeyError::Unsupported`] naming a key type the workspace cannot
    /// use; [`KeyError::Malformed`] for a SEC1 key without a curve.
    pub fn kind(&self) -> Result<KeyKind, KeyError> {
        match self {
            Self::Pkcs1(_) => Ok(KeyKind::Rsa),
            Self::Pkcs8(der) => {
                let info =
                    pkcs8::PrivateKeyInfoRef::from_der(der).map_err(|_| KeyError::Malformed {
                        reason: "not a DER PKCS#8 private key",
                    })?;
                classify(info.algorithm.oid, info.algorithm.parameters)
            }
            Self::Sec1(der) => {
                let key = sec1::EcPrivateKey::from_der(der).map_err(|_| KeyError::Malformed {
                    reason: "not a DER SEC1 EC private key",
                })?;
                match key.parameters {
                    Some(sec1::EcParameters::NamedCurve(oid)) => curve_kind(oid),
                    None => Err(KeyError::Malformed {
                        reason: "SEC1 EC private key without its curve",
                    }),
                }
            }
        }
    }

    /// The public half of an RSA private key, as a PKCS#1 `RSAPublicKey`
    /// (its `n` and `e`, re-framed; no arithmetic).
    ///
    /// # Errors
    /// [`KeyError::Mismatch`] for a key that is not RSA,
    /// [`KeyError::Malformed`] for bad DER.
    pub fn rsa_public_key(&self) -> Result<PublicKeyDer, KeyError> {
        let malformed = |reason| KeyError::Malformed { reason };
        let not_rsa = KeyError::Mismatch {
            reason: "not an RSA private key",
        };
        let pkcs1_der: &[u8] = match self {
            Self::Pkcs1(der) => der,
            Self::Pkcs8(der) => {
                let info = pkcs8::PrivateKeyInfoRef::from_der(der)
                    .map_err(|_| malformed("not a DER PKCS#8 private key"))?;
                if classify(info.algorithm.oid, info.algorithm.parameters)? != KeyKind::Rsa {
                    return Err(not_rsa);
                }
                info.private_key.as_bytes()
            }
            Self::Sec1(_) => return Err(not_rsa),
        };
        let key = pkcs1::RsaPrivateKeyRef::from_der(pkcs1_der)
            .map_err(|_| malformed("not a DER PKCS#1 RSA private key"))?;
        let public = pkcs1::RsaPublicKeyRef {
            modulus: key.modulus,
            public_exponent: key.public_exponent,
        };
        public
            .to_der()
            .map(PublicKeyDer::Pkcs1)
            .map_err(|_| malformed("RSA public key could not be encoded"))
    }

    fn describe(&self) -> &'static str {
        match self {
            Self::Pkcs8(_) => "a PKCS#8 private key",
            Self::Pkcs1(_) => "a PKCS#1 RSA private key",
            Self::Sec1(_) => "a SEC1 EC private key",
        }
    }
}

impl fmt::Debug for PrivateKeyDer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateKeyDer({})", self.describe())
    }
}

/// A DER public key.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PublicKeyDer {
    /// An X.509 `SubjectPublicKeyInfo` (RFC 5280 4.1.2.7).
    Spki(Vec<u8>),
    /// A PKCS#1 `RSAPublicKey` (RFC 8017 A.1.1).
    Pkcs1(Vec<u8>),
    /// The `SubjectPublicKeyInfo` of an X.509 certificate. Only the key is
    /// used: no chain, validity period or revocation is checked.
    Certificate {
        /// The certificate's `SubjectPublicKeyInfo`, DER.
        spki: Vec<u8>,
    },
}

impl PublicKeyDer {
    /// The key's type.
    ///
    /// # Errors
    /// [`KeyError::Unsupported`] naming a key type the workspace cannot
    /// use; [`KeyError::Malformed`] for DER that is not an SPKI.
    pub fn kind(&self) -> Result<KeyKind, KeyError> {
        match self {
            Self::Pkcs1(_) => Ok(KeyKind::Rsa),
            Self::Spki(der) | Self::Certificate { spki: der } => {
                let spki = spki::SubjectPublicKeyInfoRef::from_der(der).map_err(|_| {
                    KeyError::Malformed {
                        reason: "not a DER SubjectPublicKeyInfo",
                    }
                })?;
                classify(spki.algorithm.oid, spki.algorithm.parameters)
            }
        }
    }

    /// The public key of a DER X.509 certificate (as in a JWK's `x5c`).
    /// Only the key is read: no chain, validity or revocation is checked.
    ///
    /// # Errors
    /// [`KeyError::Malformed`] for DER that is not a certificate.
    pub fn from_certificate_der(der: &[u8]) -> Result<Self, KeyError> {
        Ok(Self::Certificate {
            spki: certificate_spki(der, false)?,
        })
    }

    /// The key itself, without its algorithm identifier: the PKCS#1
    /// `RSAPublicKey` DER of an RSA key, the SEC1 point of an EC key, the
    /// 32 bytes of an Ed25519 key. Two encodings of one key compare equal.
    ///
    /// # Errors
    /// [`KeyError::Malformed`] for DER that is not an SPKI.
    pub fn key_bytes(&self) -> Result<&[u8], KeyError> {
        match self {
            Self::Pkcs1(der) => Ok(der),
            Self::Spki(der) | Self::Certificate { spki: der } => {
                spki::SubjectPublicKeyInfoRef::from_der(der)
                    .ok()
                    .and_then(|s| s.subject_public_key.as_bytes())
                    .ok_or(KeyError::Malformed {
                        reason: "not a DER SubjectPublicKeyInfo",
                    })
            }
        }
    }

    /// The key's required public JWK members, sorted by name as RFC 7638
    /// thumbprints need them ([`public_jwk_members`] of its kind and key
    /// bytes).
    ///
    /// # Errors
    /// [`KeyError::Unsupported`] for key types the workspace does not use
    /// and for compressed EC points; [`KeyError::Malformed`] for bad DER.
    pub fn jwk_members(&self) -> Result<Vec<(&'static str, String)>, KeyError> {
        public_jwk_members(self.kind()?, self.key_bytes()?)
    }

    /// The DER bytes: an SPKI, or a PKCS#1 `RSAPublicKey`.
    pub fn der(&self) -> &[u8] {
        match self {
            Self::Spki(d) | Self::Pkcs1(d) | Self::Certificate { spki: d } => d,
        }
    }
}

/// The required public JWK members of a public key given as the bytes a
/// key file holds for it (RFC 7517, RFC 7518 6.2-6.3, RFC 8037), sorted by
/// name as RFC 7638 thumbprints need them: for RSA a PKCS#1
/// `RSAPublicKey` (`e`, `kty`, `n`); for EC an uncompressed SEC1 point
/// (`crv`, `kty`, `x`, `y`); for Ed25519 its 32 bytes (`crv`, `kty`,
/// `x`). Values are base64url (RSA integers minimal). The bytes are cut,
/// not checked as a key: import them to know they are one.
///
/// ```
/// use jwt_keys::{EcCurve, KeyKind};
/// let mut point = vec![0x04];
/// point.extend([1u8; 64]);
/// let members = jwt_keys::public_jwk_members(KeyKind::Ec(EcCurve::P256), &point)?;
/// assert_eq!(members[0], ("crv", "P-256".to_string()));
/// assert!(jwt_keys::public_jwk_members(KeyKind::Ec(EcCurve::P256), &point[..33]).is_err());
/// # Ok::<(), jwt_keys::KeyError>(())
/// ```
///
/// # Errors
/// [`KeyError::Unsupported`] for key types the workspace does not use
/// and for compressed EC points; [`KeyError::Malformed`] for bad DER or
/// a wrong length.
pub fn public_jwk_members(
    kind: KeyKind,
    key: &[u8],
) -> Result<Vec<(&'static str, String)>, KeyError> {
    let b64 = jwt_core::b64::encode;
    let malformed = |reason| KeyError::Malformed { reason };
    Ok(match kind {
        KeyKind::Rsa => {
            let rsa = pkcs1::RsaPublicKeyRef::from_der(key)
                .map_err(|_| malformed("not a DER PKCS#1 RSA public key"))?;
            let n = crate::rsa::strip_leading_zeros(rsa.modulus.as_bytes());
            let e = crate::rsa::strip_leading_zeros(rsa.public_exponent.as_bytes());
            alloc::vec![("e", b64(e)), ("kty", "RSA".into()), ("n", b64(n))]
        }
        KeyKind::Ec(curve) => {
            let (crv, len): (&str, usize) = match curve {
                crate::EcCurve::P256 => ("P-256", 32),
                crate::EcCurve::P384 => ("P-384", 48),
                crate::EcCurve::P521 => ("P-521", 66),
            };
            let coordinates = match key.split_first() {
                Some((0x04, xy)) if xy.len() == len.saturating_mul(2) => xy,
                _ => {
                    return Err(KeyError::Unsupported {
                        reason: "EC public key is not an uncompressed point of its curve",
                    });
                }
            };
            let (x, y) = coordinates.split_at(len);
            alloc::vec![
                ("crv", crv.into()),
                ("kty", "EC".into()),
                ("x", b64(x)),
                ("y", b64(y)),
            ]
        }
        KeyKind::Ed25519 => {
            if key.len() != 32 {
                return Err(malformed("Ed25519 public key is not 32 bytes"));
            }
            alloc::vec![
                ("crv", "Ed25519".into()),
                ("kty", "OKP".into()),
                ("x", b64(key)),
            ]
        }
    })
}

/// The keys in a PEM or DER file: at most one private key, and any public
/// keys and certificates (in file order; a certificate chain's leaf first).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyBundle {
    /// The private key, if the file holds one.
    pub private: Option<PrivateKeyDer>,
    /// Public keys and certificates, in file order.
    pub public: Vec<PublicKeyDer>,
}

/// Typed key material, ready for `jwt-verify` (verifying keys) or
/// `jwt-issue` (signing keys).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyMaterial {
    /// Raw HMAC secret bytes (only ever with an explicit HMAC algorithm).
    Secret(HmacSecret),
    /// One JWK, as JSON text (the JWK reader applies its own rules).
    Jwk(String),
    /// A JWK Set, as JSON text.
    Jwks(String),
    /// `{kid: PEM certificate}`: each certificate's key under its `kid`.
    CertificateMap(Vec<(String, PublicKeyDer)>),
    /// Keys from PEM or DER.
    Keys(KeyBundle),
}

/// What a look at the bytes found, before anything is decoded for use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sniffed {
    Pem,
    OpenSsh,
    Ssh2,
    Putty,
    Json,
    Der(DerKind),
    Unrecognised,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DerKind {
    Certificate,
    Spki,
    Pkcs8,
    EncryptedPkcs8,
    Pkcs1Private,
    Pkcs1Public,
    Sec1,
}

impl Sniffed {
    /// What to call the bytes in an error message.
    fn describe(self) -> &'static str {
        match self {
            Self::Pem => "a PEM file",
            Self::OpenSsh => "an OpenSSH key",
            Self::Ssh2 => "an SSH2 (RFC 4716) public key",
            Self::Putty => "a PuTTY key file",
            Self::Json => "JSON (a JWK is read as a JWK, never as raw bytes)",
            Self::Der(DerKind::Certificate) => "a DER X.509 certificate",
            Self::Der(DerKind::Spki) => "a DER SubjectPublicKeyInfo public key",
            Self::Der(DerKind::Pkcs8) => "a DER PKCS#8 private key",
            Self::Der(DerKind::EncryptedPkcs8) => "a DER encrypted PKCS#8 private key",
            Self::Der(DerKind::Pkcs1Private) => "a DER PKCS#1 RSA private key",
            Self::Der(DerKind::Pkcs1Public) => "a DER PKCS#1 RSA public key",
            Self::Der(DerKind::Sec1) => "a DER SEC1 EC private key",
            Self::Unrecognised => "unrecognised bytes",
        }
    }

    fn format(self) -> Option<KeyFormat> {
        match self {
            Self::Pem => Some(KeyFormat::Pem),
            Self::Der(_) => Some(KeyFormat::Der),
            _ => None,
        }
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// OpenSSH public key lines (`authorized_keys` / `*.pub`) start with the
/// key type; FIDO keys start with `sk-`.
fn is_openssh_public(text: &[u8]) -> bool {
    const PREFIXES: [&[u8]; 5] = [
        b"ssh-",
        b"ecdsa-sha2-",
        b"sk-ssh-",
        b"sk-ecdsa-sha2-",
        b"rsa-sha2-",
    ];
    let first_word = text
        .split(|b| b.is_ascii_whitespace())
        .next()
        .unwrap_or_default();
    PREFIXES.iter().any(|p| first_word.starts_with(p)) && text.len() > first_word.len()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn sniff(bytes: &[u8]) -> Sniffed {
    if let Some(text) = sniff_text(bytes) {
        return text;
    }
    if let Some(kind) = der_kind(bytes) {
        return Sniffed::Der(kind);
    }
    Sniffed::Unrecognised
}

/// The textual formats, recognised by their markers alone (no parser).
fn sniff_text(bytes: &[u8]) -> Option<Sniffed> {
    let body = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let text = body.trim_ascii_start();
    // JSON first: a certificate map or a service-account file holds PEM
    // text inside its strings. JSON is UTF-8 text: a binary secret that
    // happens to start with `{` (one in 128 random ones) is not JSON.
    if (text.starts_with(b"{") || text.starts_with(b"[")) && core::str::from_utf8(body).is_ok() {
        return Some(Sniffed::Json);
    }
    if contains(body, b"---- BEGIN SSH2 ") {
        return Some(Sniffed::Ssh2);
    }
    if contains(body, b"-----BEGIN OPENSSH PRIVATE KEY-----") {
        return Some(Sniffed::OpenSsh);
    }
    if contains(body, pem::BEGIN) {
        return Some(Sniffed::Pem);
    }
    if text.starts_with(b"PuTTY-User-Key-File-") {
        return Some(Sniffed::Putty);
    }
    if is_openssh_public(text) {
        return Some(Sniffed::OpenSsh);
    }
    None
}

/// Whether `bytes` are exactly one well-formed DER SEQUENCE (definite,
/// minimal lengths) whose contents are a run of well-formed elements,
/// whatever they hold. Every DER key file has this shape. Deeper contents
/// are not looked at: the parsers read some values as ANY (an algorithm's
/// parameters, attribute values) without parsing their contents, and this
/// rule must never be narrower than they are (the fuzz target
/// `key_material` found an SPKI whose parameters held non-DER bytes; a
/// deeper rule called it a secret). A random 32-byte secret has this
/// shape with a probability of about 1 in 15 million (the SEQUENCE byte,
/// a matching length, and about 0.45% of random contents splitting
/// exactly into elements).
fn is_der_sequence(bytes: &[u8]) -> bool {
    matches!(der_element(bytes, 1), Some((0x30, [])))
}

/// One DER element at the start of `input`: its first tag byte and what
/// follows it. High tag numbers (`0x1f` and base-128 digits, minimal, at
/// most four) are read too: a certificate's attribute values may be of
/// any type, and the shape rule must never be narrower than the parsers.
/// The contents of a constructed element are read as elements `depth`
/// levels down; below that they are opaque.
fn der_element(input: &[u8], depth: u8) -> Option<(u8, &[u8])> {
    let (&tag, mut rest) = input.split_first()?;
    if tag & 0x1f == 0x1f {
        let (&lead, _) = rest.split_first()?;
        if lead == 0x80 {
            return None; // not minimal
        }
        let digits = rest.iter().position(|b| b & 0x80 == 0)?;
        if digits >= 4 {
            return None;
        }
        rest = rest.get(digits.checked_add(1)?..)?;
    }
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let (digits, rest) = rest.split_at_checked(usize::from(first & 0x7f))?;
        // Minimal: no leading zero, no long form below 128, at most 4 bytes.
        if digits.len() > 4 || digits.first().is_none_or(|&d| d == 0) {
            return None;
        }
        let len = digits.iter().try_fold(0usize, |n, &d| {
            n.checked_mul(256)?.checked_add(usize::from(d))
        })?;
        if len < 0x80 {
            return None;
        }
        (len, rest)
    };
    let (content, after) = rest.split_at_checked(len)?;
    if tag & 0x20 != 0 && depth > 0 {
        let mut inner = content;
        while !inner.is_empty() {
            inner = der_element(inner, depth.saturating_sub(1))?.1;
        }
    }
    Some((tag, after))
}

/// Which DER key structure `bytes` is, exactly (no trailing data).
fn der_kind(bytes: &[u8]) -> Option<DerKind> {
    if bytes.first() != Some(&0x30) {
        return None;
    }
    if x509_cert::Certificate::from_der(bytes).is_ok() {
        Some(DerKind::Certificate)
    } else if spki::SubjectPublicKeyInfoRef::from_der(bytes).is_ok() {
        Some(DerKind::Spki)
    } else if pkcs8::PrivateKeyInfoRef::from_der(bytes).is_ok() {
        Some(DerKind::Pkcs8)
    } else if is_encrypted_pkcs8(bytes) {
        Some(DerKind::EncryptedPkcs8)
    } else if pkcs1::RsaPrivateKeyRef::from_der(bytes).is_ok() {
        Some(DerKind::Pkcs1Private)
    } else if sec1::EcPrivateKey::from_der(bytes).is_ok() {
        Some(DerKind::Sec1)
    } else if pkcs1::RsaPublicKeyRef::from_der(bytes).is_ok() {
        Some(DerKind::Pkcs1Public)
    } else {
        None
    }
}

/// RFC 5958 `EncryptedPrivateKeyInfo`: an algorithm identifier and an
/// OCTET STRING, nothing else (read without the `pkcs8` encryption
/// feature, which would bring the ciphers in).
fn is_encrypted_pkcs8(bytes: &[u8]) -> bool {
    let Ok(mut reader) = SliceReader::new(bytes) else {
        return false;
    };
    let parsed: Result<(), der::Error> = reader.sequence(|r| {
        let _alg: spki::AlgorithmIdentifierRef<'_> = r.decode()?;
        let _data: &der::asn1::OctetStringRef = r.decode()?;
        Ok(())
    });
    parsed.is_ok() && reader.is_finished()
}

/// The `SubjectPublicKeyInfo` of a DER certificate (trailing data, as in
/// OpenSSL's `TRUSTED CERTIFICATE`, allowed only when `trailing_ok`).
fn certificate_spki(der: &[u8], trailing_ok: bool) -> Result<Vec<u8>, KeyError> {
    let malformed = KeyError::Malformed {
        reason: "not a DER X.509 certificate",
    };
    let cert = if trailing_ok {
        let mut reader = SliceReader::new(der).map_err(|_| malformed.clone())?;
        let cert: x509_cert::Certificate = reader.decode().map_err(|_| malformed.clone())?;
        cert
    } else {
        x509_cert::Certificate::from_der(der).map_err(|_| malformed.clone())?
    };
    cert.tbs_certificate()
        .subject_public_key_info()
        .to_der()
        .map_err(|_| malformed)
}

fn bundle_from_der(bytes: &[u8], kind: DerKind) -> Result<KeyBundle, KeyError> {
    let owned = || Zeroizing::new(bytes.to_vec());
    let mut bundle = KeyBundle::default();
    match kind {
        DerKind::Certificate => bundle.public.push(PublicKeyDer::Certificate {
            spki: certificate_spki(bytes, false)?,
        }),
        DerKind::Spki => bundle.public.push(PublicKeyDer::Spki(bytes.to_vec())),
        DerKind::Pkcs1Public => bundle.public.push(PublicKeyDer::Pkcs1(bytes.to_vec())),
        DerKind::Pkcs8 => bundle.private = Some(PrivateKeyDer::Pkcs8(owned())),
        DerKind::Pkcs1Private => bundle.private = Some(PrivateKeyDer::Pkcs1(owned())),
        DerKind::Sec1 => bundle.private = Some(PrivateKeyDer::Sec1(owned())),
        DerKind::EncryptedPkcs8 => return Err(KeyError::Encrypted),
    }
    Ok(bundle)
}

/// Checks that a PEM block's body is the structure its label promises.
fn checked<T>(ok: bool, value: T, reason: &'static str) -> Result<T, KeyError> {
    if ok {
        Ok(value)
    } else {
        Err(KeyError::Malformed { reason })
    }
}

fn bundle_from_pem(bytes: &[u8]) -> Result<KeyBundle, KeyError> {
    let mut bundle = KeyBundle::default();
    let mut unsupported: Option<KeyError> = None;
    for block in pem::decode_all(bytes)? {
        let der = block.der;
        let private = match block.label.as_str() {
            "PUBLIC KEY" => {
                let ok = spki::SubjectPublicKeyInfoRef::from_der(&der).is_ok();
                let key = PublicKeyDer::Spki(der.to_vec());
                bundle
                    .public
                    .push(checked(ok, key, "PUBLIC KEY is not a DER SPKI")?);
                None
            }
            "RSA PUBLIC KEY" => {
                let ok = pkcs1::RsaPublicKeyRef::from_der(&der).is_ok();
                let key = PublicKeyDer::Pkcs1(der.to_vec());
                bundle
                    .public
                    .push(checked(ok, key, "RSA PUBLIC KEY is not a DER PKCS#1 key")?);
                None
            }
            "CERTIFICATE" | "X509 CERTIFICATE" => {
                bundle.public.push(PublicKeyDer::Certificate {
                    spki: certificate_spki(&der, false)?,
                });
                None
            }
            "TRUSTED CERTIFICATE" => {
                bundle.public.push(PublicKeyDer::Certificate {
                    spki: certificate_spki(&der, true)?,
                });
                None
            }
            "PRIVATE KEY" => {
                let ok = pkcs8::PrivateKeyInfoRef::from_der(&der).is_ok();
                Some(checked(
                    ok,
                    PrivateKeyDer::Pkcs8(der),
                    "PRIVATE KEY is not DER PKCS#8",
                )?)
            }
            "RSA PRIVATE KEY" => {
                let ok = pkcs1::RsaPrivateKeyRef::from_der(&der).is_ok();
                Some(checked(
                    ok,
                    PrivateKeyDer::Pkcs1(der),
                    "RSA PRIVATE KEY is not DER PKCS#1",
                )?)
            }
            "EC PRIVATE KEY" => {
                let ok = sec1::EcPrivateKey::from_der(&der).is_ok();
                Some(checked(
                    ok,
                    PrivateKeyDer::Sec1(der),
                    "EC PRIVATE KEY is not DER SEC1",
                )?)
            }
            "ENCRYPTED PRIVATE KEY" => return Err(KeyError::Encrypted),
            // `openssl ecparam -genkey` writes the curve before the key.
            "EC PARAMETERS" => None,
            label => {
                unsupported.get_or_insert(unsupported_label(label));
                None
            }
        };
        if let Some(key) = private {
            if bundle.private.is_some() {
                return Err(KeyError::Malformed {
                    reason: "the file holds more than one private key",
                });
            }
            bundle.private = Some(key);
        }
    }
    if bundle.private.is_none() && bundle.public.is_empty() {
        return Err(unsupported.unwrap_or(KeyError::Malformed {
            reason: "the PEM file holds no key or certificate",
        }));
    }
    Ok(bundle)
}

fn unsupported_label(label: &str) -> KeyError {
    let reason = match label {
        "DSA PRIVATE KEY" | "DSA PUBLIC KEY" => "DSA keys (not a JWS algorithm)",
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => {
            "a certificate signing request is not a key; use the issued certificate"
        }
        "X509 CRL" => "a certificate revocation list is not a key",
        l if l.starts_with("PGP ") => "OpenPGP keys",
        l if l.starts_with("SSH2 ") => "SSH2 keys; convert with ssh-keygen -e -m PKCS8",
        _ => "a PEM block whose label is not a key or certificate",
    };
    KeyError::Unsupported { reason }
}

/// `{kid: "-----BEGIN CERTIFICATE-----..."}`, or `None` if the object is
/// something else.
fn certificate_map(
    map: &serde_json::Map<String, serde_json::Value>,
) -> Option<Result<Vec<(String, PublicKeyDer)>, KeyError>> {
    let all_certs = !map.is_empty()
        && map.values().all(|v| {
            v.as_str()
                .is_some_and(|s| s.contains("-----BEGIN CERTIFICATE-----"))
        });
    if !all_certs {
        return None;
    }
    let read = || {
        let mut out = Vec::with_capacity(map.len());
        for (kid, value) in map {
            let text = value.as_str().unwrap_or_default();
            let bundle = bundle_from_pem(text.as_bytes())?;
            let [cert] =
                <[PublicKeyDer; 1]>::try_from(bundle.public).map_err(|_| KeyError::Malformed {
                    reason: "each certificate-map entry must be exactly one certificate",
                })?;
            if bundle.private.is_some() {
                return Err(KeyError::KeySetRejected {
                    reason: "a certificate map holds a private key",
                });
            }
            out.push((kid.clone(), cert));
        }
        Ok(out)
    };
    Some(read())
}

fn from_json(bytes: &[u8]) -> Result<KeyMaterial, KeyError> {
    let body = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let text = core::str::from_utf8(body).map_err(|_| KeyError::Malformed {
        reason: "JSON key file is not valid UTF-8",
    })?;
    let value: serde_json::Value = serde_json::from_str(text).map_err(|_| KeyError::Malformed {
        reason: "the key file starts like JSON but is not valid JSON",
    })?;
    let serde_json::Value::Object(map) = &value else {
        return Err(KeyError::Malformed {
            reason: "JSON key file is not an object (a JWK or a JWK Set)",
        });
    };
    if map.contains_key("keys") {
        return Ok(KeyMaterial::Jwks(String::from(text)));
    }
    if map.contains_key("kty") {
        return Ok(KeyMaterial::Jwk(String::from(text)));
    }
    if map.get("type").and_then(|t| t.as_str()) == Some("service_account") {
        return Err(KeyError::Unsupported {
            reason: "a Google service-account file; save its private_key member as a PEM file and use that",
        });
    }
    if let Some(certs) = certificate_map(map) {
        return certs.map(KeyMaterial::CertificateMap);
    }
    Err(KeyError::Malformed {
        reason: "JSON key file is neither a JWK (kty), a JWK Set (keys) nor a {kid: certificate} map",
    })
}

impl KeyMaterial {
    /// Reads key material from the bytes a user handed over.
    ///
    /// Detection (see the module note) decides the format; the hint's
    /// format, when given, must agree. Bytes that are no recognised format
    /// become an HMAC secret only when the hint names an HMAC algorithm.
    ///
    /// # Errors
    /// - [`KeyError::TooLarge`] above [`MAX_KEY_MATERIAL_BYTES`];
    /// - [`KeyError::NotASecret`] when an HMAC algorithm is named but the
    ///   bytes are PEM, DER, OpenSSH, PuTTY or non-JWK JSON;
    /// - [`KeyError::UnrecognisedFormat`] for unrecognised bytes without an
    ///   HMAC algorithm;
    /// - [`KeyError::Encrypted`], [`KeyError::Unsupported`] (OpenSSH,
    ///   PuTTY, DSA, service-account files...) and [`KeyError::Malformed`]
    ///   otherwise.
    pub fn from_bytes(bytes: &[u8], hint: KeyHint) -> Result<Self, KeyError> {
        if bytes.len() > MAX_KEY_MATERIAL_BYTES {
            return Err(KeyError::TooLarge {
                limit: MAX_KEY_MATERIAL_BYTES,
            });
        }
        let sniffed = sniff(bytes);
        if hint.names_hmac() && !matches!(sniffed, Sniffed::Unrecognised | Sniffed::Json) {
            return Err(KeyError::NotASecret {
                found: sniffed.describe(),
            });
        }
        let material = match sniffed {
            Sniffed::Unrecognised if bytes.is_empty() => {
                return Err(KeyError::Malformed {
                    reason: "the key material is empty",
                });
            }
            Sniffed::Unrecognised if hint.names_hmac() => {
                KeyMaterial::Secret(HmacSecret::from_raw(bytes)?)
            }
            Sniffed::Unrecognised => return Err(KeyError::UnrecognisedFormat),
            Sniffed::Json => {
                let material = from_json(bytes);
                match material {
                    Ok(m @ (KeyMaterial::Jwk(_) | KeyMaterial::Jwks(_))) => m,
                    // JSON that is no JWK is never a secret either.
                    Ok(_) | Err(_) if hint.names_hmac() => {
                        return Err(KeyError::NotASecret {
                            found: sniffed.describe(),
                        });
                    }
                    other => other?,
                }
            }
            Sniffed::Pem => KeyMaterial::Keys(bundle_from_pem(bytes)?),
            Sniffed::Der(kind) => KeyMaterial::Keys(bundle_from_der(bytes, kind)?),
            Sniffed::OpenSsh => {
                return Err(KeyError::Unsupported {
                    reason: "OpenSSH key format; convert it with `ssh-keygen -e -m PKCS8 -f FILE` (public) or `ssh-keygen -p -m PKCS8 -f FILE` (private)",
                });
            }
            Sniffed::Ssh2 => {
                return Err(KeyError::Unsupported {
                    reason: "SSH2 (RFC 4716) public key; convert it with `ssh-keygen -i -m PKCS8 -f FILE`",
                });
            }
            Sniffed::Putty => {
                return Err(KeyError::Unsupported {
                    reason: "PuTTY key file; export it as PEM with `puttygen FILE -O private-openssl` or `-O public-openssh`",
                });
            }
        };
        if let Some(expected) = hint.format {
            let actual = match &material {
                KeyMaterial::Secret(_) => KeyFormat::RawSecret,
                KeyMaterial::Jwk(_) => KeyFormat::Jwk,
                KeyMaterial::Jwks(_) => KeyFormat::Jwks,
                KeyMaterial::CertificateMap(_) => KeyFormat::CertificateMap,
                KeyMaterial::Keys(_) => sniffed.format().unwrap_or(KeyFormat::Der),
            };
            if actual != expected {
                return Err(KeyError::Mismatch {
                    reason: "the key material is not in the format the caller named",
                });
            }
        }
        Ok(material)
    }

    /// Whether this is a raw HMAC secret.
    pub fn is_secret(&self) -> bool {
        matches!(self, Self::Secret(_))
    }
}
