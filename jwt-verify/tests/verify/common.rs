use hmac::{Hmac, KeyInit, Mac};
use jwt_core::b64;
use p256::ecdsa::signature::Signer;
use sha2::Sha256;

pub const NOW: i64 = 1_700_000_000;
pub const HS_SECRET: &[u8] = b"0123456789abcdef0123456789abcdef-device-fleet";

/// A fixed P-256 private scalar for tests.
pub const P256_D: [u8; 32] = [
    0xc9, 0xaf, 0xa9, 0xd8, 0x45, 0xba, 0x75, 0x16, 0x6b, 0x5c, 0x21, 0x57, 0x67, 0xb1, 0xd6, 0x93,
    0x4e, 0x50, 0xc3, 0xdb, 0x36, 0xe8, 0x9b, 0x12, 0x7b, 0x8a, 0x62, 0x2b, 0x12, 0x0f, 0x67, 0x21,
];

pub fn claims(exp: i64) -> String {
    format!(
        r#"{{"iss":"auth.example","sub":"device-42","exp":{exp},"iat":{},"jti":"0123456789abcdef0123456789abcdef"}}"#,
        NOW - 10
    )
}

/// `b64(header).b64(payload)` for raw JSON texts.
pub fn signing_input(header: &str, payload: &str) -> String {
    format!(
        "{}.{}",
        b64::encode(header.as_bytes()),
        b64::encode(payload.as_bytes())
    )
}

pub fn hmac256(secret: &[u8], input: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret).unwrap();
    mac.update(input);
    mac.finalize().into_bytes().to_vec()
}

/// An HS256 token over raw header and payload JSON.
pub fn hs256(secret: &[u8], header: &str, payload: &str) -> String {
    let input = signing_input(header, payload);
    let sig = hmac256(secret, input.as_bytes());
    format!("{input}.{}", b64::encode(&sig))
}

pub fn p256_signing_key() -> p256::ecdsa::SigningKey {
    p256::ecdsa::SigningKey::from_slice(&P256_D).unwrap()
}

pub fn p256_public_sec1() -> Vec<u8> {
    p256_signing_key().verifying_key().to_sec1_bytes().to_vec()
}

/// An ES256 token (signature as r||s).
pub fn es256(header: &str, payload: &str) -> String {
    let input = signing_input(header, payload);
    let sig: p256::ecdsa::Signature = p256_signing_key().sign(input.as_bytes());
    format!("{input}.{}", b64::encode(&sig.to_bytes()))
}

/// Replaces the signature segment.
pub fn with_signature(token: &str, sig: &[u8]) -> String {
    let cut = token.rfind('.').unwrap();
    format!("{}.{}", &token[..cut], b64::encode(sig))
}
