//! JSON Web Keys: reading private JWKs, writing public and private ones,
//! and RFC 7638 thumbprints.
//!
//! Design note: a JWK is first checked by [`jwt_core::json::check_object`]
//! (strict RFC 8259, duplicate member names refused: a JWK with two `d`s is
//! an attack, not a typo) and then read member by member from the checked
//! text; there is no serde model of a JWK, whose "one struct with every
//! optional member" shape makes a public key look like a private key with
//! a missing `d`. Output is written by hand in a fixed member order so that
//! thumbprints (RFC 7638 section 3: required members only, sorted, no
//! whitespace) are byte-exact. The rejected alternative, `serde_json::Value`
//! round trips, reorders members and accepts duplicates.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use jwt_core::json::{self, Elements, JsonError, JsonStr, Kind, Members};
use jwt_core::{Algorithm, Part};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::encode::{json_b64_member, json_member};
use crate::error::IssueError;

/// The reason given when a public key arrives where a private key is needed.
#[cfg_attr(
    not(any(feature = "rsa", feature = "ecdsa-any", feature = "eddsa")),
    allow(dead_code)
)]
pub(crate) const PUBLIC_GIVEN: &str = "a public key was given where a private key is needed";

/// Deepest nesting accepted in a JWK (`key_ops` and `oth` arrays are
/// depth 2 and 3).
const MAX_JWK_DEPTH: usize = 4;

/// The members of a JWK this crate reads, decoded (borrowed unless the
/// text had escapes).
#[derive(Default)]
pub(crate) struct Jwk<'a> {
    pub(crate) kty: Option<Cow<'a, str>>,
    pub(crate) alg: Option<Cow<'a, str>>,
    pub(crate) use_: Option<Cow<'a, str>>,
    pub(crate) kid: Option<Cow<'a, str>>,
    pub(crate) crv: Option<Cow<'a, str>>,
    pub(crate) x: Option<Cow<'a, str>>,
    pub(crate) y: Option<Cow<'a, str>>,
    pub(crate) d: Option<Cow<'a, str>>,
    pub(crate) n: Option<Cow<'a, str>>,
    pub(crate) e: Option<Cow<'a, str>>,
    pub(crate) p: Option<Cow<'a, str>>,
    pub(crate) q: Option<Cow<'a, str>>,
    pub(crate) dp: Option<Cow<'a, str>>,
    pub(crate) dq: Option<Cow<'a, str>>,
    pub(crate) qi: Option<Cow<'a, str>>,
    pub(crate) k: Option<Cow<'a, str>>,
    /// `key_ops`, when present: whether it lists `sign`.
    pub(crate) key_ops_sign: Option<bool>,
    /// Whether `oth` (multi-prime RSA) is present.
    pub(crate) oth: bool,
}

fn string_member<'a>(value: &'a str) -> Result<Cow<'a, str>, IssueError> {
    JsonStr::from_value(value)
        .map(|s| s.to_cow())
        .ok_or(IssueError::Malformed {
            reason: "a JWK member that must be a string is not one",
        })
}

impl<'a> Jwk<'a> {
    /// Checks `text` strictly and reads its members.
    pub(crate) fn parse(text: &'a str) -> Result<Self, IssueError> {
        json::check_object(text, MAX_JWK_DEPTH).map_err(|e| IssueError::Malformed {
            reason: match e {
                JsonError::DuplicateMember => "the JWK has a duplicate member name",
                JsonError::TooDeep => "the JWK nests too deeply",
                JsonError::NotAnObject => "a JWK must be a JSON object",
                JsonError::Syntax(_) => "the JWK is not valid JSON",
            },
        })?;
        let mut jwk = Jwk::default();
        for (name, value) in Members::new(text) {
            let slot = match name.to_cow().as_ref() {
                "kty" => &mut jwk.kty,
                "alg" => &mut jwk.alg,
                "use" => &mut jwk.use_,
                "kid" => &mut jwk.kid,
                "crv" => &mut jwk.crv,
                "x" => &mut jwk.x,
                "y" => &mut jwk.y,
                "d" => &mut jwk.d,
                "n" => &mut jwk.n,
                "e" => &mut jwk.e,
                "p" => &mut jwk.p,
                "q" => &mut jwk.q,
                "dp" => &mut jwk.dp,
                "dq" => &mut jwk.dq,
                "qi" => &mut jwk.qi,
                "k" => &mut jwk.k,
                "oth" => {
                    jwk.oth = true;
                    continue;
                }
                "key_ops" => {
                    let ops = Elements::new(value).ok_or(IssueError::Malformed {
                        reason: "the JWK's key_ops is not an array",
                    })?;
                    let mut sign = false;
                    for op in ops {
                        if json::kind(op) != Kind::String {
                            return Err(IssueError::Malformed {
                                reason: "the JWK's key_ops has a non-string element",
                            });
                        }
                        sign |= JsonStr::from_value(op).is_some_and(|s| s.eq_str("sign"));
                    }
                    jwk.key_ops_sign = Some(sign);
                    continue;
                }
                _ => continue, // RFC 7517 section 4: ignore unknown members
            };
            *slot = Some(string_member(value)?);
        }
        Ok(jwk)
    }

    /// Checks `kty`, `alg`, `use` and `key_ops` against the key type being
    /// built.
    pub(crate) fn check_common(&self, kty: &str, alg: Algorithm) -> Result<(), IssueError> {
        let have = self
            .kty
            .as_deref()
            .ok_or(IssueError::MissingMember { name: "kty" })?;
        if have != kty {
            return Err(IssueError::Mismatch {
                reason: "the JWK's kty does not fit this key type",
            });
        }
        // RFC 9864 registers the fully-specified name "Ed25519" for what
        // JWS called "EdDSA" with an Ed25519 key; a JWK may carry either.
        let same = |a: &str| a == alg.as_str() || (alg == Algorithm::EdDSA && a == "Ed25519");
        if self.alg.as_deref().is_some_and(|a| !same(a)) {
            return Err(IssueError::Mismatch {
                reason: "the JWK's alg names another algorithm",
            });
        }
        if self.use_.as_deref().is_some_and(|u| u != "sig") {
            return Err(IssueError::Mismatch {
                reason: "the JWK's use is not sig",
            });
        }
        if self.key_ops_sign == Some(false) {
            return Err(IssueError::Mismatch {
                reason: "the JWK's key_ops do not include sign",
            });
        }
        Ok(())
    }

    /// The `kid`, owned.
    pub(crate) fn kid(&self) -> Option<String> {
        self.kid.as_deref().map(String::from)
    }
}

/// Decodes a required base64url member.
pub(crate) fn b64_member(
    value: &Option<Cow<'_, str>>,
    name: &'static str,
) -> Result<Zeroizing<Vec<u8>>, IssueError> {
    let text = value.as_deref().ok_or(IssueError::MissingMember { name })?;
    jwt_core::b64::decode(text, Part::Payload)
        .map(Zeroizing::new)
        .map_err(|_| IssueError::Malformed {
            reason: "a JWK member is not canonical base64url",
        })
}

/// The RFC 7638 thumbprint of the canonical JSON of the required members,
/// which the caller passes already sorted by name.
pub(crate) fn thumbprint_of(sorted_members: &[(&str, &str)]) -> String {
    // Zeroised: for an `oct` key the canonical text holds the secret.
    let mut canonical = Zeroizing::new(String::new());
    let mut first = true;
    canonical.push('{');
    for (name, value) in sorted_members {
        json_member(&mut *canonical, &mut first, name, value);
    }
    canonical.push('}');
    jwt_core::b64::encode(&Sha256::digest(canonical.as_bytes()))
}

/// The public JWK of a public key (SPKI, PKCS#1 or a certificate's key),
/// as a JWKS publishes it: the key's members, `kid` (the one given, else
/// the RFC 7638 thumbprint), `alg` when given, and `"use":"sig"`. One
/// function for the `jwt jwks` command and the C API's
/// `jwt_key_public_jwk` on public keys.
///
/// ```
/// use jwt_issue::{Algorithm, KeyHint, KeyMaterial};
/// let pem = b"-----BEGIN PUBLIC KEY-----
/// MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=
/// -----END PUBLIC KEY-----
/// ";
/// let KeyMaterial::Keys(bundle) = KeyMaterial::from_bytes(pem, KeyHint::new())? else {
///     unreachable!()
/// };
/// let jwk = jwt_issue::jwk::public_jwk_of_der(&bundle.public[0], None, Some(Algorithm::EdDSA))?;
/// assert!(jwk.starts_with(r#"{"kty":"OKP","crv":"Ed25519","x":"Gb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE","kid":""#));
/// assert!(jwk.ends_with(r#"","alg":"EdDSA","use":"sig"}"#));
/// # Ok::<(), jwt_issue::IssueError>(())
/// ```
///
/// # Errors
/// The key's [`jwt_keys::KeyError`] (as [`IssueError::Key`]) for key types
/// the workspace does not use, compressed EC points and bad DER.
pub fn public_jwk_of_der(
    public: &jwt_keys::PublicKeyDer,
    kid: Option<&str>,
    alg: Option<Algorithm>,
) -> Result<String, IssueError> {
    Ok(write_public(&public.jwk_members()?, kid, alg))
}

/// The public JWK of a JWK given as JSON text, public or private: its
/// public members only (`n`, `e`; `crv`, `x`, `y`; `crv`, `x`), its own
/// `kid` (else the RFC 7638 thumbprint), `alg` (the one given, else its
/// own when it names a known algorithm) and `"use":"sig"`. The members are
/// copied as they are: import the JWK first (`jwt_verify` checks the key)
/// to know they form a valid key. The C API's `jwt_key_public_jwk` on a
/// JWK import.
///
/// ```
/// let private = r#"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kid":"k1"}"#;
/// let public = jwt_issue::jwk::public_jwk_of_jwk(private, None)?;
/// assert_eq!(public, r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kid":"k1","use":"sig"}"#);
/// # Ok::<(), jwt_issue::IssueError>(())
/// ```
///
/// # Errors
/// As [`jwk_thumbprint`]; an `oct` (HMAC) key is
/// [`IssueError::Unsupported`]: it is secret and has no public half.
pub fn public_jwk_of_jwk(jwk_json: &str, alg: Option<Algorithm>) -> Result<String, IssueError> {
    let jwk = Jwk::parse(jwk_json)?;
    if jwk.kty.as_deref() == Some("oct") {
        return Err(IssueError::Unsupported {
            reason: "HMAC keys are secret and have no public JWK",
        });
    }
    let members = required_members(&jwk)?;
    let alg = alg.or_else(|| {
        jwk.alg
            .as_deref()
            .and_then(|a| Algorithm::from_name(a).ok())
    });
    Ok(write_public(&members, jwk.kid.as_deref(), alg))
}

/// The public JWK of a raw public key, as `jwt_key_import_raw_public`
/// takes it: an uncompressed SEC1 point (`04 || x || y`) for `ES256`,
/// `ES384` or `ES512`, or the 32 bytes of an Ed25519 key for `EdDSA`;
/// `kid` is the RFC 7638 thumbprint, `alg` the one given. The bytes are
/// only cut into coordinates: import the key first (`jwt_verify` checks
/// the point) to know it is valid.
///
/// ```
/// use jwt_issue::Algorithm;
/// let x = [0x11u8; 32];
/// let jwk = jwt_issue::jwk::public_jwk_of_raw(&x, Algorithm::EdDSA)?;
/// assert!(jwk.starts_with(r#"{"kty":"OKP","crv":"Ed25519","x":"ERERERERERERERERERERERERERERERERERERERERERE","kid":""#));
/// assert!(jwk.ends_with(r#"","alg":"EdDSA","use":"sig"}"#));
/// # Ok::<(), jwt_issue::IssueError>(())
/// ```
///
/// # Errors
/// [`IssueError::Unsupported`] for another algorithm; the key's
/// [`jwt_keys::KeyError`] (as [`IssueError::Key`]) for a compressed point
/// (the JWK needs both coordinates) and bytes of the wrong length.
pub fn public_jwk_of_raw(public: &[u8], alg: Algorithm) -> Result<String, IssueError> {
    use jwt_keys::{EcCurve, KeyKind};
    let kind = match alg {
        Algorithm::ES256 => KeyKind::Ec(EcCurve::P256),
        Algorithm::ES384 => KeyKind::Ec(EcCurve::P384),
        Algorithm::ES512 => KeyKind::Ec(EcCurve::P521),
        Algorithm::EdDSA => KeyKind::Ed25519,
        _ => {
            return Err(IssueError::Unsupported {
                reason: "raw public keys are EC points or Ed25519 keys",
            });
        }
    };
    let members = jwt_keys::public_jwk_members(kind, public)?;
    Ok(write_public(&members, None, Some(alg)))
}

/// A public JWK from its required members sorted by name, `kty` among
/// them (as RFC 7638 hashes them): written in the conventional order
/// (`kty` first, RSA's `n` before `e`, as the signing keys write them),
/// then `kid` (the given one, else the thumbprint), `alg`, `use`.
fn write_public(sorted: &[(&str, String)], kid: Option<&str>, alg: Option<Algorithm>) -> String {
    let kty = sorted
        .iter()
        .find(|(name, _)| *name == "kty")
        .map_or("", |(_, v)| v.as_str());
    let mut writer = JwkWriter::new(kty);
    let mut ordered: Vec<&(&str, String)> = sorted.iter().filter(|(n, _)| *n != "kty").collect();
    if kty == "RSA" {
        ordered.reverse();
    }
    for (name, value) in ordered {
        writer = writer.text(name, value);
    }
    let thumbprint;
    let kid = match kid {
        Some(kid) => kid,
        None => {
            thumbprint = thumbprint_of_members(sorted);
            &thumbprint
        }
    };
    writer.finish_with(Some(kid), alg)
}

/// The RFC 7638 JWK thumbprint (SHA-256, base64url) of a JWK given as
/// JSON text, public or private: the hash of its required members only.
///
/// ```
/// // RFC 7638 section 3.1.
/// let jwk = r#"{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}"#;
/// assert_eq!(jwt_issue::jwk_thumbprint(jwk)?, "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
/// # Ok::<(), jwt_issue::IssueError>(())
/// ```
///
/// # Errors
/// [`IssueError::Malformed`] for text that is not a strict JSON object,
/// [`IssueError::MissingMember`] when a required member is absent,
/// [`IssueError::Unsupported`] for a `kty` other than `RSA`, `EC`, `OKP`
/// and `oct`.
pub fn jwk_thumbprint(jwk_json: &str) -> Result<String, IssueError> {
    Ok(thumbprint_of_members(&required_members(&Jwk::parse(
        jwk_json,
    )?)?))
}

/// The RFC 7638 thumbprint of required members sorted by name.
fn thumbprint_of_members(sorted: &[(&str, String)]) -> String {
    let pairs: Vec<(&str, &str)> = sorted.iter().map(|(n, v)| (*n, v.as_str())).collect();
    thumbprint_of(&pairs)
}

/// The members RFC 7638 section 3.2 hashes for a JWK, `kty` among them,
/// sorted by name: the public members of an RSA, EC or OKP key, `k` of an
/// `oct` key.
fn required_members(jwk: &Jwk<'_>) -> Result<Vec<(&'static str, String)>, IssueError> {
    let req = |v: &Option<Cow<'_, str>>, name: &'static str| -> Result<String, IssueError> {
        v.as_deref()
            .map(String::from)
            .ok_or(IssueError::MissingMember { name })
    };
    let kty = req(&jwk.kty, "kty")?;
    Ok(match kty.as_str() {
        "RSA" => alloc::vec![
            ("e", req(&jwk.e, "e")?),
            ("kty", kty),
            ("n", req(&jwk.n, "n")?)
        ],
        "EC" => alloc::vec![
            ("crv", req(&jwk.crv, "crv")?),
            ("kty", kty),
            ("x", req(&jwk.x, "x")?),
            ("y", req(&jwk.y, "y")?),
        ],
        "OKP" => alloc::vec![
            ("crv", req(&jwk.crv, "crv")?),
            ("kty", kty),
            ("x", req(&jwk.x, "x")?)
        ],
        "oct" => alloc::vec![("k", req(&jwk.k, "k")?), ("kty", kty)],
        _ => {
            return Err(IssueError::Unsupported {
                reason: "unknown JWK key type (kty)",
            });
        }
    })
}

/// Writes a JWK: the key members (name, raw bytes or text), then `kid`,
/// `alg` and `"use":"sig"`.
pub(crate) struct JwkWriter {
    out: String,
    first: bool,
}

impl JwkWriter {
    pub(crate) fn new(kty: &str) -> Self {
        let mut w = JwkWriter {
            out: String::from("{"),
            first: true,
        };
        json_member(&mut w.out, &mut w.first, "kty", kty);
        w
    }

    /// A text member (`crv`).
    pub(crate) fn text(mut self, name: &str, value: &str) -> Self {
        json_member(&mut self.out, &mut self.first, name, value);
        self
    }

    /// A base64url member from raw bytes.
    pub(crate) fn bytes(mut self, name: &str, value: &[u8]) -> Self {
        json_b64_member(&mut self.out, &mut self.first, name, value);
        self
    }

    /// Members already written as JSON text (`"a":"..","b":".."`).
    #[cfg_attr(not(feature = "rsa"), allow(dead_code))]
    pub(crate) fn raw(mut self, members: &str) -> Self {
        if !self.first {
            self.out.push(',');
        }
        self.out.push_str(members);
        self.first = false;
        self
    }

    /// `kid` (when set), `alg`, `use`, and the closing brace.
    pub(crate) fn finish(self, kid: Option<&str>, alg: Algorithm) -> String {
        self.finish_with(kid, Some(alg))
    }

    /// `kid` and `alg` (each when set), `use`, and the closing brace.
    fn finish_with(mut self, kid: Option<&str>, alg: Option<Algorithm>) -> String {
        if let Some(kid) = kid {
            json_member(&mut self.out, &mut self.first, "kid", kid);
        }
        if let Some(alg) = alg {
            json_member(&mut self.out, &mut self.first, "alg", alg.as_str());
        }
        json_member(&mut self.out, &mut self.first, "use", "sig");
        self.out.push('}');
        self.out
    }
}

/// Strips leading zero bytes (JWK integers are minimal big-endian, RFC 7518
/// section 2 "Base64urlUInt").
#[cfg_attr(not(feature = "rsa"), allow(dead_code))]
pub(crate) fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or(&[])
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn public_jwk_of_jwk_keeps_public_members_only() {
        // RFC 7638 section 3.1's key, with a private exponent added.
        let n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        let private = alloc::format!(r#"{{"kty":"RSA","e":"AQAB","d":"c2VjcmV0","n":"{n}"}}"#);
        let public = public_jwk_of_jwk(&private, Some(Algorithm::PS256)).unwrap();
        assert_eq!(
            public,
            alloc::format!(
                r#"{{"kty":"RSA","n":"{n}","e":"AQAB","kid":"NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs","alg":"PS256","use":"sig"}}"#
            )
        );
        // Its own kid and alg when it names them; an unknown alg is left out.
        let named = r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kid":"a","alg":"EdDSA"}"#;
        assert_eq!(
            public_jwk_of_jwk(named, None).unwrap(),
            r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kid":"a","alg":"EdDSA","use":"sig"}"#
        );
        let odd = r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kid":"a","alg":"none"}"#;
        assert!(!public_jwk_of_jwk(odd, None).unwrap().contains("alg"));
        // The thumbprint kid is jwk_thumbprint's.
        let ec = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cLNyjrw6VT6AhqWNOOwsYw"}"#;
        let out = public_jwk_of_jwk(ec, Some(Algorithm::ES256)).unwrap();
        assert!(out.contains(&alloc::format!(
            r#""kid":"{}""#,
            jwk_thumbprint(ec).unwrap()
        )));
        assert!(!out.contains(r#""d""#));
        // Secrets, unknown types and missing members.
        let secret = r#"{"kty":"oct","k":"c2VjcmV0"}"#;
        assert!(matches!(
            public_jwk_of_jwk(secret, None),
            Err(IssueError::Unsupported { .. })
        ));
        let unknown = r#"{"kty":"XYZ","x":"AA"}"#;
        assert!(matches!(
            public_jwk_of_jwk(unknown, None),
            Err(IssueError::Unsupported { .. })
        ));
        let no_y = r#"{"kty":"EC","crv":"P-256","x":"AA"}"#;
        assert!(matches!(
            public_jwk_of_jwk(no_y, None),
            Err(IssueError::MissingMember { name: "y" })
        ));
        assert!(public_jwk_of_jwk("not json", None).is_err());
    }

    #[test]
    fn public_jwk_of_raw_cuts_points() {
        // RFC 7517 appendix A.1's P-256 key as an uncompressed point.
        let x = jwt_core::b64::decode(
            "MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",
            Part::Signature,
        )
        .unwrap();
        let y = jwt_core::b64::decode(
            "4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM",
            Part::Signature,
        )
        .unwrap();
        let mut point = alloc::vec![4u8];
        point.extend_from_slice(&x);
        point.extend_from_slice(&y);
        let jwk = public_jwk_of_raw(&point, Algorithm::ES256).unwrap();
        let expected_members = r#"{"kty":"EC","crv":"P-256","x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4","y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM""#;
        assert!(jwk.starts_with(expected_members));
        assert!(jwk.contains(&alloc::format!(
            r#""kid":"{}""#,
            jwk_thumbprint(&jwk).unwrap()
        )));
        assert!(jwk.ends_with(r#","alg":"ES256","use":"sig"}"#));
        // Compressed, of another curve's size, wrong tag, short: the key's
        // own refusal; another algorithm: unsupported here.
        let compressed = [&[2u8][..], &x].concat();
        for (bytes, alg) in [
            (&compressed[..], Algorithm::ES256),
            (&point[..], Algorithm::ES384),
            (&point[..point.len() - 1], Algorithm::ES256),
            (&[&[5u8][..], &point[1..]].concat()[..], Algorithm::ES256),
            (&x[..31], Algorithm::EdDSA),
            (&[][..], Algorithm::ES512),
        ] {
            assert!(
                matches!(public_jwk_of_raw(bytes, alg), Err(IssueError::Key(_))),
                "{alg:?} {}",
                bytes.len()
            );
        }
        for alg in [Algorithm::HS256, Algorithm::RS256] {
            assert!(matches!(
                public_jwk_of_raw(&point, alg),
                Err(IssueError::Unsupported { .. })
            ));
        }
    }

    #[test]
    fn rfc7638_section_3_1_example() {
        let jwk = r#"{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}"#;
        assert_eq!(
            jwk_thumbprint(jwk).unwrap(),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
    }

    #[test]
    fn strict_json_and_missing_members() {
        assert_eq!(
            jwk_thumbprint(r#"{"kty":"oct","k":"AA","k":"AB"}"#).unwrap_err(),
            IssueError::Malformed {
                reason: "the JWK has a duplicate member name"
            }
        );
        assert_eq!(
            jwk_thumbprint(r#"{"kty":"EC","crv":"P-256","x":"AA"}"#).unwrap_err(),
            IssueError::MissingMember { name: "y" }
        );
        assert_eq!(
            jwk_thumbprint(r#"{"kty":"RSA","n":1,"e":"AQAB"}"#).unwrap_err(),
            IssueError::Malformed {
                reason: "a JWK member that must be a string is not one"
            }
        );
        assert!(matches!(
            jwk_thumbprint(r#"{"kty":"XYZ"}"#),
            Err(IssueError::Unsupported { .. })
        ));
    }

    #[test]
    fn common_checks() {
        let jwk =
            Jwk::parse(r#"{"kty":"oct","k":"AA","alg":"HS384","key_ops":["verify"]}"#).unwrap();
        assert!(matches!(
            jwk.check_common("oct", Algorithm::HS256),
            Err(IssueError::Mismatch { .. })
        ));
        let jwk = Jwk::parse(r#"{"kty":"oct","k":"AA","key_ops":["verify"]}"#).unwrap();
        assert_eq!(
            jwk.check_common("oct", Algorithm::HS256).unwrap_err(),
            IssueError::Mismatch {
                reason: "the JWK's key_ops do not include sign"
            }
        );
        let jwk = Jwk::parse(r#"{"kty":"oct","k":"AA","use":"enc"}"#).unwrap();
        assert!(jwk.check_common("oct", Algorithm::HS256).is_err());
        let jwk = Jwk::parse(r#"{"k":"AA"}"#).unwrap();
        assert_eq!(
            jwk.check_common("oct", Algorithm::HS256).unwrap_err(),
            IssueError::MissingMember { name: "kty" }
        );
    }
}
