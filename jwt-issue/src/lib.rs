#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
// Without any algorithm family the crate is the builder and the trait, for
// keys implemented elsewhere (an HSM, a secure element); the shared key
// helpers are then unused.
#![cfg_attr(
    not(any(
        feature = "hmac",
        feature = "rsa",
        feature = "ecdsa-any",
        feature = "eddsa"
    )),
    allow(dead_code, unused_imports, unused_macros)
)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod builder;
mod encode;
pub mod error;
pub mod jwk;
pub mod key;
pub mod keys;
pub mod material;
pub mod refresh;
pub mod rng;

pub use builder::{TokenBuilder, sign_compact};
pub use error::IssueError;
pub use jwk::jwk_thumbprint;
pub use jwt_keys::{KeyHint, KeyMaterial};
pub use key::{SigningKey, jwks};
pub use keys::*;
pub use material::{DynSigningKey, KeyId, generate_private_jwk, signing_key_from_material};
pub use refresh::{
    Consumed, DEFAULT_REFRESH_AUDIENCE, FAMILY_ID_CLAIM, MemoryRefreshStore, PairIssuer,
    REFRESH_TYP, RefreshStore, TokenPair,
};
#[cfg(feature = "os")]
pub use rng::OsRng;

#[cfg(feature = "os")]
pub use jwt_core::SystemClock;
pub use jwt_core::{
    Algorithm, Audience, Clock, FixedClock, NumericDate, RegisteredClaims, StoreError,
    VerifiedToken,
};
pub use rand_core::{CryptoRng, TryCryptoRng, TryRng};
