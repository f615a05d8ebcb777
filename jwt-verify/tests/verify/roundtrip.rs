//! Every algorithm, every key format: tokens signed with the RustCrypto
//! crates directly (no jwt-issue), verified through keys imported from each
//! format the library reads, and refused by every other algorithm's key.
//!
//! Keys are fixed so failures reproduce: the RSA key is RFC 7520 section 3.4
//! (2048 bits; generating RSA keys in tests is slow and adds nothing), the
//! EC keys come from fixed scalars, the Ed25519 key from a fixed seed, the
//! HMAC secret is 64 fixed bytes (long enough for HS512).

use std::sync::OnceLock;

use jwt_core::b64;
use jwt_verify::{
    Algorithm, DynVerifyingKey, EcdsaAlgorithm, EcdsaVerifyingKey, EdDsaVerifyingKey, Es256, Es384,
    Es512, FixedClock, HmacAlgorithm, HmacKey, Hs256, Hs384, Hs512, Jwk, KeySet, KeySource, Ps256,
    Ps384, Ps512, Rs256, Rs384, Rs512, RsaAlgorithm, RsaVerifyingKey, Verifier, VerifyError,
    VerifyingKey,
};
use pkcs8::{EncodePublicKey, LineEnding};
use rsa::pkcs1::EncodeRsaPublicKey;
use rsa::signature::{RandomizedSigner, SignatureEncoding, Signer};
use serde_json::{Value, json};

use crate::common::{NOW, P256_D, claims, signing_input};

const HS_SECRET: &[u8; 64] = b"round-trip HMAC secret: sixty-four bytes, long enough for HS512.";
const P384_D: [u8; 48] = [
    0x6b, 0x9d, 0x3d, 0xad, 0x2e, 0x1b, 0x8c, 0x1c, 0x05, 0xb1, 0x98, 0x75, 0xb6, 0x65, 0x9f, 0x4d,
    0xe2, 0x3c, 0x3b, 0x66, 0x7b, 0xf2, 0x97, 0xba, 0x9a, 0xa4, 0x77, 0x40, 0x78, 0x71, 0x37, 0xd8,
    0x96, 0xd5, 0x72, 0x4e, 0x4c, 0x70, 0xa8, 0x25, 0xf8, 0x72, 0xc9, 0xea, 0x60, 0xd2, 0xed, 0xf5,
];
const P521_D: [u8; 66] = [
    0x00, 0xfa, 0xd0, 0x6d, 0xaa, 0x62, 0xba, 0x3b, 0x25, 0xd2, 0xfb, 0x40, 0x13, 0x3d, 0xa7, 0x57,
    0x20, 0x5d, 0xe6, 0x7f, 0x5b, 0xb0, 0x01, 0x8f, 0xee, 0x8c, 0x86, 0xe1, 0xb6, 0x8c, 0x7e, 0x75,
    0xca, 0xa8, 0x96, 0xeb, 0x32, 0xf1, 0xf4, 0x7c, 0x70, 0x85, 0x58, 0x36, 0xa6, 0xd1, 0x6f, 0xcc,
    0x14, 0x66, 0xf6, 0xd8, 0xfb, 0xec, 0x67, 0xdb, 0x89, 0xec, 0x0c, 0x08, 0xb0, 0xe9, 0x96, 0xb8,
    0x35, 0x38,
];
const ED25519_SEED: [u8; 32] = [
    0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4,
    0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60,
];
const RFC7520_RSA_PRIVATE: &str =
    include_str!("../../../vectors/jose-cookbook/jwk/3_4.rsa_private_key.json");

const ASYMMETRIC: [Algorithm; 10] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::ES512,
    Algorithm::EdDSA,
];
const HMAC: [Algorithm; 3] = [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512];

fn b64u(bytes: &[u8]) -> String {
    b64::encode(bytes)
}

fn rfc7520_member(name: &str) -> Vec<u8> {
    let v: Value = serde_json::from_str(RFC7520_RSA_PRIVATE).unwrap();
    b64::decode(v[name].as_str().unwrap(), jwt_core::Part::Payload).unwrap()
}

fn rsa_private() -> &'static rsa::PrivateKey {
    static KEY: OnceLock<rsa::PrivateKey> = OnceLock::new();
    KEY.get_or_init(|| {
        let int = |name: &str| rsa::BoxedUint::from_be_slice_vartime(&rfc7520_member(name));
        rsa::PrivateKey::from_components(int("n"), int("e"), int("d"), vec![int("p"), int("q")])
            .unwrap()
    })
}

/// Deterministic stand-in for an RNG: only PSS salts are drawn from it.
struct TestRng(u64);

impl rsa::rand_core::TryRng for TestRng {
    type Error = std::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(self.try_next_u64()? as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        Ok(self.0 >> 11)
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for b in dst {
            *b = self.try_next_u64()? as u8;
        }
        Ok(())
    }
}

impl rsa::rand_core::TryCryptoRng for TestRng {}

fn p256_key() -> p256::ecdsa::SigningKey {
    p256::ecdsa::SigningKey::from_slice(&P256_D).unwrap()
}
fn p384_key() -> p384::ecdsa::SigningKey {
    p384::ecdsa::SigningKey::from_slice(&P384_D).unwrap()
}
fn p521_key() -> p521::ecdsa::SigningKey {
    p521::ecdsa::SigningKey::from_slice(&P521_D).unwrap()
}
fn ed25519_key() -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&ED25519_SEED)
}

fn hmac_tag<M: hmac::Mac + hmac::KeyInit>(input: &[u8]) -> Vec<u8> {
    let mut mac = <M as hmac::KeyInit>::new_from_slice(HS_SECRET).unwrap();
    mac.update(input);
    mac.finalize().into_bytes().to_vec()
}

/// Signs `input` for `alg` with the RustCrypto crates directly.
fn sign(alg: Algorithm, input: &[u8]) -> Vec<u8> {
    use rsa::{pkcs1v15, pss};
    use sha2::{Sha256, Sha384, Sha512};
    let private = || rsa_private().clone();
    let mut rng = TestRng(input.len() as u64);
    match alg {
        Algorithm::HS256 => hmac_tag::<hmac::Hmac<Sha256>>(input),
        Algorithm::HS384 => hmac_tag::<hmac::Hmac<Sha384>>(input),
        Algorithm::HS512 => hmac_tag::<hmac::Hmac<Sha512>>(input),
        Algorithm::RS256 => pkcs1v15::SigningKey::<Sha256>::new(private())
            .sign(input)
            .to_vec(),
        Algorithm::RS384 => pkcs1v15::SigningKey::<Sha384>::new(private())
            .sign(input)
            .to_vec(),
        Algorithm::RS512 => pkcs1v15::SigningKey::<Sha512>::new(private())
            .sign(input)
            .to_vec(),
        // `pss::SigningKey::new` uses a salt as long as the hash (RFC 7518 3.5).
        Algorithm::PS256 => pss::SigningKey::<Sha256>::new(private())
            .try_sign_with_rng(&mut rng, input)
            .unwrap()
            .to_vec(),
        Algorithm::PS384 => pss::SigningKey::<Sha384>::new(private())
            .try_sign_with_rng(&mut rng, input)
            .unwrap()
            .to_vec(),
        Algorithm::PS512 => pss::SigningKey::<Sha512>::new(private())
            .try_sign_with_rng(&mut rng, input)
            .unwrap()
            .to_vec(),
        Algorithm::ES256 => {
            let sig: p256::ecdsa::Signature = p256_key().sign(input);
            sig.to_bytes().to_vec()
        }
        Algorithm::ES384 => {
            let sig: p384::ecdsa::Signature = p384_key().sign(input);
            sig.to_bytes().to_vec()
        }
        Algorithm::ES512 => {
            let sig: p521::ecdsa::Signature = p521_key().sign(input);
            sig.to_bytes().to_vec()
        }
        Algorithm::EdDSA => ed25519_key().sign(input).to_bytes().to_vec(),
    }
}

/// A JWT for `alg` (optionally with a `kid`), valid at [`NOW`].
fn token(alg: Algorithm, kid: Option<&str>) -> String {
    let header = match kid {
        Some(kid) => format!(r#"{{"alg":"{alg}","kid":"{kid}","typ":"JWT"}}"#),
        None => format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#),
    };
    let input = signing_input(&header, &claims(NOW + 600));
    let sig = sign(alg, input.as_bytes());
    format!("{input}.{}", b64u(&sig))
}

/// The public JWK for `alg`'s key, with or without `kid` and `alg`.
fn public_jwk(alg: Algorithm, kid: Option<&str>, with_alg: bool) -> Value {
    let mut jwk = match alg {
        Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => {
            json!({"kty": "oct", "k": b64u(HS_SECRET)})
        }
        Algorithm::RS256
        | Algorithm::RS384
        | Algorithm::RS512
        | Algorithm::PS256
        | Algorithm::PS384
        | Algorithm::PS512 => json!({
            "kty": "RSA",
            "n": b64u(&rfc7520_member("n")),
            "e": b64u(&rfc7520_member("e")),
        }),
        Algorithm::ES256 | Algorithm::ES384 | Algorithm::ES512 => {
            let (crv, point, len) = ec_point(alg);
            json!({
                "kty": "EC",
                "crv": crv,
                "x": b64u(&point[1..=len]),
                "y": b64u(&point[len + 1..]),
            })
        }
        Algorithm::EdDSA => json!({
            "kty": "OKP",
            "crv": "Ed25519",
            "x": b64u(ed25519_key().verifying_key().as_bytes()),
        }),
    };
    if let Some(kid) = kid {
        jwk["kid"] = json!(kid);
    }
    if with_alg {
        jwk["alg"] = json!(alg.as_str());
    }
    jwk
}

/// (crv, uncompressed SEC1 point, field length) for an ES* algorithm.
fn ec_point(alg: Algorithm) -> (&'static str, Vec<u8>, usize) {
    match alg {
        Algorithm::ES256 => (
            "P-256",
            p256_key()
                .verifying_key()
                .to_sec1_point(false)
                .as_bytes()
                .to_vec(),
            32,
        ),
        Algorithm::ES384 => (
            "P-384",
            p384_key()
                .verifying_key()
                .to_sec1_point(false)
                .as_bytes()
                .to_vec(),
            48,
        ),
        Algorithm::ES512 => (
            "P-521",
            p521_key()
                .verifying_key()
                .to_sec1_point(false)
                .as_bytes()
                .to_vec(),
            66,
        ),
        other => panic!("{other} is not ECDSA"),
    }
}

type Formats = Vec<(&'static str, DynVerifyingKey)>;

fn boxed<K: VerifyingKey + Send + Sync + 'static>(key: K) -> DynVerifyingKey {
    Box::new(key)
}

/// The JWK forms every algorithm has: the typed constructor, the JWK's own
/// `alg` deciding, and a JWK without `alg` with the algorithm named.
fn jwk_formats(alg: Algorithm, typed: DynVerifyingKey) -> Formats {
    let with_alg = public_jwk(alg, None, true).to_string();
    let without_alg = public_jwk(alg, None, false).to_string();
    vec![
        ("JWK, typed constructor", typed),
        (
            "JWK with alg",
            Jwk::from_json(&with_alg)
                .unwrap()
                .to_verifying_key(None)
                .unwrap(),
        ),
        (
            "JWK without alg, algorithm named",
            Jwk::from_json(&without_alg)
                .unwrap()
                .to_verifying_key(Some(alg))
                .unwrap(),
        ),
    ]
}

fn hmac_formats<A: HmacAlgorithm>() -> Formats
where
    HmacKey<A>: VerifyingKey + Send + Sync,
{
    let jwk = public_jwk(A::ALGORITHM, None, true).to_string();
    let mut formats = vec![("raw secret", boxed(HmacKey::<A>::new(HS_SECRET).unwrap()))];
    formats.extend(jwk_formats(
        A::ALGORITHM,
        boxed(HmacKey::<A>::from_jwk_json(&jwk).unwrap()),
    ));
    formats
}

fn rsa_formats<A: RsaAlgorithm>() -> Formats
where
    RsaVerifyingKey<A>: VerifyingKey + Send + Sync,
{
    let public = rsa::PublicKey::from(rsa_private());
    let spki_pem = public.to_public_key_pem(LineEnding::LF).unwrap();
    let spki_der = public.to_public_key_der().unwrap();
    let pkcs1_pem = public.to_pkcs1_pem(LineEnding::LF).unwrap();
    let pkcs1_der = public.to_pkcs1_der().unwrap();
    let jwk = public_jwk(A::ALGORITHM, None, true).to_string();
    type K<A> = RsaVerifyingKey<A>;
    let mut formats = vec![
        (
            "n, e",
            boxed(K::<A>::from_components(&rfc7520_member("n"), &rfc7520_member("e")).unwrap()),
        ),
        (
            "SPKI PEM",
            boxed(K::<A>::from_public_key_pem(&spki_pem).unwrap()),
        ),
        (
            "SPKI PEM, from_pem",
            boxed(K::<A>::from_pem(&spki_pem).unwrap()),
        ),
        (
            "SPKI DER",
            boxed(K::<A>::from_public_key_der(spki_der.as_bytes()).unwrap()),
        ),
        (
            "PKCS#1 PEM",
            boxed(K::<A>::from_pkcs1_pem(&pkcs1_pem).unwrap()),
        ),
        (
            "PKCS#1 PEM, from_pem",
            boxed(K::<A>::from_pem(&pkcs1_pem).unwrap()),
        ),
        (
            "PKCS#1 DER",
            boxed(K::<A>::from_pkcs1_der(pkcs1_der.as_bytes()).unwrap()),
        ),
        (
            "private JWK (RFC 7520 3.4), public half",
            Jwk::from_json(RFC7520_RSA_PRIVATE)
                .unwrap()
                .to_verifying_key(Some(A::ALGORITHM))
                .unwrap(),
        ),
    ];
    formats.extend(jwk_formats(
        A::ALGORITHM,
        boxed(K::<A>::from_jwk_json(&jwk).unwrap()),
    ));
    formats
}

fn ec_formats<A: EcdsaAlgorithm>(compressed: &[u8], spki_der: &[u8], spki_pem: &str) -> Formats
where
    EcdsaVerifyingKey<A>: VerifyingKey + Send + Sync,
{
    let (_, point, len) = ec_point(A::ALGORITHM);
    let jwk = public_jwk(A::ALGORITHM, None, false).to_string();
    type K<A> = EcdsaVerifyingKey<A>;
    let mut formats = vec![
        (
            "SEC1 uncompressed point",
            boxed(K::<A>::from_sec1_bytes(&point).unwrap()),
        ),
        (
            "SEC1 compressed point",
            boxed(K::<A>::from_sec1_bytes(compressed).unwrap()),
        ),
        (
            "affine coordinates",
            boxed(K::<A>::from_coordinates(&point[1..=len], &point[len + 1..]).unwrap()),
        ),
        (
            "SPKI DER",
            boxed(K::<A>::from_public_key_der(spki_der).unwrap()),
        ),
        (
            "SPKI PEM",
            boxed(K::<A>::from_public_key_pem(spki_pem).unwrap()),
        ),
        (
            "SPKI PEM, from_pem",
            boxed(K::<A>::from_pem(spki_pem).unwrap()),
        ),
        (
            "JWK without alg, the curve decides",
            Jwk::from_json(&jwk)
                .unwrap()
                .to_verifying_key(None)
                .unwrap(),
        ),
    ];
    formats.extend(jwk_formats(
        A::ALGORITHM,
        boxed(K::<A>::from_jwk_json(&jwk).unwrap()),
    ));
    formats
}

fn ed25519_formats() -> Formats {
    let public = ed25519_key().verifying_key();
    let der = public.to_public_key_der().unwrap();
    let pem = public.to_public_key_pem(LineEnding::LF).unwrap();
    let jwk = public_jwk(Algorithm::EdDSA, None, false).to_string();
    let mut formats = vec![
        (
            "raw 32 bytes",
            boxed(EdDsaVerifyingKey::from_bytes(public.as_bytes()).unwrap()),
        ),
        (
            "SPKI DER",
            boxed(EdDsaVerifyingKey::from_public_key_der(der.as_bytes()).unwrap()),
        ),
        (
            "SPKI PEM",
            boxed(EdDsaVerifyingKey::from_public_key_pem(&pem).unwrap()),
        ),
        (
            "SPKI PEM, from_pem",
            boxed(EdDsaVerifyingKey::from_pem(&pem).unwrap()),
        ),
        (
            "JWK without alg, the curve decides",
            Jwk::from_json(&jwk)
                .unwrap()
                .to_verifying_key(None)
                .unwrap(),
        ),
    ];
    formats.extend(jwk_formats(
        Algorithm::EdDSA,
        boxed(EdDsaVerifyingKey::from_jwk_json(&jwk).unwrap()),
    ));
    formats
}

/// Every key format the library reads for `alg`.
fn formats(alg: Algorithm) -> Formats {
    match alg {
        Algorithm::HS256 => hmac_formats::<Hs256>(),
        Algorithm::HS384 => hmac_formats::<Hs384>(),
        Algorithm::HS512 => hmac_formats::<Hs512>(),
        Algorithm::RS256 => rsa_formats::<Rs256>(),
        Algorithm::RS384 => rsa_formats::<Rs384>(),
        Algorithm::RS512 => rsa_formats::<Rs512>(),
        Algorithm::PS256 => rsa_formats::<Ps256>(),
        Algorithm::PS384 => rsa_formats::<Ps384>(),
        Algorithm::PS512 => rsa_formats::<Ps512>(),
        Algorithm::ES256 => {
            let sk = p256_key();
            let vk = sk.verifying_key();
            ec_formats::<Es256>(
                vk.to_sec1_point(true).as_bytes(),
                vk.to_public_key_der().unwrap().as_bytes(),
                &vk.to_public_key_pem(LineEnding::LF).unwrap(),
            )
        }
        Algorithm::ES384 => {
            let sk = p384_key();
            let vk = sk.verifying_key();
            ec_formats::<Es384>(
                vk.to_sec1_point(true).as_bytes(),
                vk.to_public_key_der().unwrap().as_bytes(),
                &vk.to_public_key_pem(LineEnding::LF).unwrap(),
            )
        }
        Algorithm::ES512 => {
            let sk = p521_key();
            let vk = sk.verifying_key();
            ec_formats::<Es512>(
                vk.to_sec1_point(true).as_bytes(),
                vk.to_public_key_der().unwrap().as_bytes(),
                &vk.to_public_key_pem(LineEnding::LF).unwrap(),
            )
        }
        Algorithm::EdDSA => ed25519_formats(),
    }
}

/// Verifies `token` through `keys` and checks what came out.
fn assert_verifies<K: KeySource>(keys: K, token: &str, alg: Algorithm, what: &str) {
    assert_verifier_accepts(&Verifier::new(keys, FixedClock(NOW)), token, alg, what);
}

fn assert_verifier_accepts<K: KeySource>(
    verifier: &Verifier<K, FixedClock>,
    token: &str,
    alg: Algorithm,
    what: &str,
) {
    let verified = verifier
        .verify(token)
        .unwrap_or_else(|e| panic!("{alg} via {what}: {e:?}"));
    assert_eq!(verified.header().algorithm(), alg, "{what}");
    assert_eq!(
        verified.claims().sub_json().unwrap().as_str(),
        Some("device-42"),
        "{what}"
    );
    // The allocation-free path agrees.
    let mut buf = [0u8; 512];
    verifier.verify_in(token, &mut buf).unwrap();
}

/// Each algorithm's token verifies through every key format, and a
/// flipped signature byte fails through every one of them.
#[test]
fn every_algorithm_through_every_key_format() {
    let mut checked = 0;
    for alg in Algorithm::ALL {
        let token = token(alg, None);
        let cut = token.rfind('.').unwrap();
        let mut sig = b64::decode(&token[cut + 1..], jwt_core::Part::Signature).unwrap();
        sig[3] ^= 0x10;
        let forged = format!("{}.{}", &token[..cut], b64u(&sig));
        for (what, key) in formats(alg) {
            assert_eq!(key.algorithm(), alg, "{what}");
            assert_verifies(&key, &token, alg, what);
            assert_eq!(
                Verifier::new(&key, FixedClock(NOW))
                    .verify(&forged)
                    .unwrap_err(),
                VerifyError::InvalidSignature,
                "{alg} via {what}"
            );
            checked += 1;
        }
    }
    // 3 HMAC x 4, 6 RSA x 11, 3 EC x 10, Ed25519 x 8.
    assert_eq!(checked, 12 + 66 + 30 + 8);
}

fn jwks(keys: Vec<Value>) -> String {
    json!({ "keys": keys }).to_string()
}

/// A JWKS of all the public keys, each with its own `kid` and `alg`; the
/// token's `kid` selects. (HMAC secrets go in their own set: the library
/// refuses a set that mixes secrets with public keys.)
#[test]
fn jwks_with_kid_selection() {
    for algs in [&ASYMMETRIC[..], &HMAC[..]] {
        let kid = |alg: Algorithm| format!("key-{alg}");
        let set_json = jwks(
            algs.iter()
                .map(|&alg| public_jwk(alg, Some(&kid(alg)), true))
                .collect(),
        );
        let set = KeySet::from_jwks_json(&set_json, &[]).unwrap();
        assert_eq!(set.len(), algs.len());
        let verifier = Verifier::new(set, FixedClock(NOW));
        for &alg in algs {
            let verified = verifier.verify(&token(alg, Some(&kid(alg)))).unwrap();
            assert_eq!(verified.header().algorithm(), alg);
            // Without a kid there is still exactly one key per algorithm.
            verifier.verify(&token(alg, None)).unwrap();
            // Another key's kid: found, but pinned to another algorithm.
            let other = algs.iter().find(|&&a| a != alg).unwrap();
            assert_eq!(
                verifier
                    .verify(&token(alg, Some(&kid(*other))))
                    .unwrap_err(),
                VerifyError::AlgorithmMismatch,
                "{alg}"
            );
            assert_eq!(
                verifier
                    .verify(&token(alg, Some("no-such-kid")))
                    .unwrap_err(),
                VerifyError::KeyNotFound,
                "{alg}"
            );
        }
    }
}

/// A JWKS without any `kid`, one key per algorithm: the token's `alg`
/// selects.
#[test]
fn jwks_without_kid_one_key_per_alg() {
    for algs in [&ASYMMETRIC[..], &HMAC[..]] {
        let set_json = jwks(
            algs.iter()
                .map(|&alg| public_jwk(alg, None, true))
                .collect(),
        );
        let verifier = Verifier::new(
            KeySet::from_jwks_json(&set_json, &[]).unwrap(),
            FixedClock(NOW),
        );
        for &alg in algs {
            assert_verifier_accepts(&verifier, &token(alg, None), alg, "kid-less JWKS");
            // One kid rule (jwt_verify::key::select_key): keys without a
            // kid answer a kid that no key of the set carries, as a
            // single kid-less key does.
            assert_verifier_accepts(
                &verifier,
                &token(alg, Some("k")),
                alg,
                "kid-less JWKS, token with kid",
            );
        }
    }
}

/// JWKs without `alg`: EC and OKP keys get their curve's algorithm, the
/// RSA key is expanded to the algorithms the caller lists (one `kid`,
/// several keys), and the token's `alg` picks among them.
#[test]
fn jwks_without_alg_expanded_by_the_callers_list() {
    let rsa_algs = [
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
    ];
    let mut keys = vec![public_jwk(Algorithm::RS256, Some("rsa"), false)];
    for alg in [
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::ES512,
        Algorithm::EdDSA,
    ] {
        keys.push(public_jwk(alg, Some(alg.as_str()), false));
    }
    let set = KeySet::from_jwks_json(&jwks(keys), &rsa_algs).unwrap();
    assert_eq!(set.len(), 6 + 4);
    let verifier = Verifier::new(set, FixedClock(NOW));
    for alg in rsa_algs {
        assert_verifier_accepts(&verifier, &token(alg, Some("rsa")), alg, "expanded RSA JWK");
    }
    for alg in [
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::ES512,
        Algorithm::EdDSA,
    ] {
        assert_verifier_accepts(&verifier, &token(alg, Some(alg.as_str())), alg, "curve JWK");
    }
    // Without the list, an RSA JWK without alg cannot be placed.
    let only_rsa = jwks(vec![public_jwk(Algorithm::RS256, None, false)]);
    assert!(KeySet::from_jwks_json(&only_rsa, &[]).is_err());
}

/// A token verifies with exactly its own algorithm's key: every other
/// algorithm's key (including the same RSA modulus or HMAC secret pinned
/// to another algorithm) refuses it with `AlgorithmMismatch`, before any
/// signature check.
#[test]
fn each_token_only_verifies_with_its_own_algorithms_key() {
    let keys: Vec<DynVerifyingKey> = Algorithm::ALL
        .iter()
        .map(|&alg| {
            Jwk::from_json(&public_jwk(alg, None, true).to_string())
                .unwrap()
                .to_verifying_key(None)
                .unwrap()
        })
        .collect();
    let mut mismatches = 0;
    for alg in Algorithm::ALL {
        let token = token(alg, None);
        for key in &keys {
            let result = Verifier::new(key, FixedClock(NOW)).verify(&token);
            if key.algorithm() == alg {
                result.unwrap();
            } else {
                assert_eq!(
                    result.unwrap_err(),
                    VerifyError::AlgorithmMismatch,
                    "{alg} token, {} key",
                    key.algorithm()
                );
                mismatches += 1;
            }
        }
        // The same through a set holding all the other algorithms' keys
        // (asymmetric ones only: a set may not mix them with secrets).
        if ASYMMETRIC.contains(&alg) {
            let others = jwks(
                ASYMMETRIC
                    .iter()
                    .filter(|&&a| a != alg)
                    .map(|&a| public_jwk(a, None, true))
                    .collect(),
            );
            let set = KeySet::from_jwks_json(&others, &[]).unwrap();
            assert_eq!(
                Verifier::new(set, FixedClock(NOW))
                    .verify(&token)
                    .unwrap_err(),
                VerifyError::AlgorithmMismatch,
                "{alg}"
            );
        }
    }
    assert_eq!(mismatches, 13 * 12);
}
