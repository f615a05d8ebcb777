#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(test, allow(clippy::arithmetic_side_effects))]

extern crate alloc;

pub mod error;
pub mod kind;
pub mod material;
mod pem;
pub mod rsa;

pub use error::KeyError;
pub use jwt_core::{Algorithm, AlgorithmFamily};
pub use kind::{EcCurve, KeyKind};
pub use material::{
    HmacSecret, KeyBundle, KeyFormat, KeyHint, KeyMaterial, MAX_KEY_MATERIAL_BYTES, PrivateKeyDer,
    PublicKeyDer, public_jwk_members,
};
