//! Concrete signing keys, one type per algorithm.
//!
//! Design note: each algorithm family lives in its own module behind its
//! own cargo feature (`hmac`, `rsa`, `ecdsa`, `eddsa`), and every key type
//! pins one [`Algorithm`](jwt_core::Algorithm), so a firmware image built
//! with `--no-default-features --features hmac` compiles and links only
//! HMAC. Every import path (PEM, DER, JWK) and key generation funnels into
//! one constructor per family that enforces the minimum sizes (HMAC secret
//! at least the hash length, RSA at least 2048 bits) and computes the
//! RFC 7638 thumbprint that serves as the default `kid`. The rejected
//! alternative, one `PrivateKey` enum sniffed from whatever bytes arrive,
//! is how key-confusion bugs start.

// With `aws-lc-rs`, AWS-LC draws PSS salts and blinds by itself.
#[cfg(all(feature = "rsa", not(feature = "aws-lc-rs")))]
mod drbg;
#[cfg(feature = "ecdsa-any")]
pub mod ecdsa;
#[cfg(feature = "eddsa")]
pub mod eddsa;
#[cfg(feature = "hmac")]
pub mod hmac;
#[cfg(any(feature = "rsa", feature = "ecdsa-any", feature = "eddsa"))]
mod pem;
#[cfg(feature = "rsa")]
pub mod rsa;

#[cfg(feature = "es256")]
pub use self::ecdsa::Es256SigningKey;
#[cfg(feature = "es384")]
pub use self::ecdsa::Es384SigningKey;
#[cfg(feature = "es512")]
pub use self::ecdsa::Es512SigningKey;
#[cfg(feature = "eddsa")]
pub use self::eddsa::EdDsaSigningKey;
#[cfg(feature = "hmac")]
pub use self::hmac::{
    HmacAlgorithm, HmacSigningKey, Hs256, Hs256SigningKey, Hs384, Hs384SigningKey, Hs512,
    Hs512SigningKey,
};
#[cfg(feature = "rsa")]
pub use self::rsa::{
    Ps256, Ps256SigningKey, Ps384, Ps384SigningKey, Ps512, Ps512SigningKey, Rs256, Rs256SigningKey,
    Rs384, Rs384SigningKey, Rs512, Rs512SigningKey, RsaAlgorithm, RsaSigningKey,
};
