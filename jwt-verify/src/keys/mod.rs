//! Concrete verifying keys, one type per algorithm, and JWK / JWKS import.
//!
//! Design note: each algorithm family lives in its own module behind its
//! own cargo feature (`hmac`, `rsa`, `ecdsa`, `eddsa`), and every key type
//! pins one [`Algorithm`](jwt_core::Algorithm); so a firmware image built
//! with `--no-default-features --features hmac` compiles and links only
//! HMAC. JWK import ([`jwk`]) is always present but can build only the key
//! types that were compiled in. The rejected alternative, one `Key` enum
//! over every family, links every primitive into every image.

#[cfg(feature = "ecdsa-any")]
pub mod ecdsa;
#[cfg(feature = "eddsa")]
pub mod eddsa;
#[cfg(feature = "hmac")]
pub mod hmac;
pub mod jwk;
pub mod keyset;
pub mod material;
#[cfg(feature = "es256")]
mod p256_verifier;
#[cfg(any(feature = "rsa", feature = "ecdsa-any", feature = "eddsa"))]
mod pem;
#[cfg(feature = "remote")]
pub mod remote;
#[cfg(feature = "rsa")]
pub mod rsa;
#[cfg(feature = "std")]
pub mod shared;

#[cfg(feature = "ecdsa-any")]
pub use self::ecdsa::{EcdsaAlgorithm, EcdsaVerifyingKey};
#[cfg(feature = "es256")]
pub use self::ecdsa::{Es256, Es256VerifyingKey};
#[cfg(feature = "es384")]
pub use self::ecdsa::{Es384, Es384VerifyingKey};
#[cfg(feature = "es512")]
pub use self::ecdsa::{Es512, Es512VerifyingKey};
#[cfg(feature = "eddsa")]
pub use self::eddsa::EdDsaVerifyingKey;
#[cfg(feature = "hmac")]
pub use self::hmac::{HmacAlgorithm, HmacKey, Hs256, Hs256Key, Hs384, Hs384Key, Hs512, Hs512Key};
pub use self::jwk::{JWK_MAX_DEPTH, Jwk};
pub use self::keyset::{KeySet, SkippedKey};
pub use self::material::MaterialKeys;
#[cfg(feature = "remote")]
pub use self::remote::{RemoteError, RemoteJwks, RemoteJwksOptions, RemoteJwksStats};
#[cfg(feature = "rsa")]
pub use self::rsa::{
    Ps256, Ps256VerifyingKey, Ps384, Ps384VerifyingKey, Ps512, Ps512VerifyingKey, Rs256,
    Rs256VerifyingKey, Rs384, Rs384VerifyingKey, Rs512, Rs512VerifyingKey, RsaAlgorithm,
    RsaVerifyingKey,
};
#[cfg(feature = "std")]
pub use self::shared::SharedKeys;
