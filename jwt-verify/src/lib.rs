#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(test, allow(clippy::arithmetic_side_effects))]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod error;
pub mod key;
pub mod keys;
pub mod verifier;

pub use error::KeyError;
#[cfg(feature = "os")]
pub use jwt_core::SystemClock;
pub use jwt_core::dangerous;
pub use jwt_core::{
    Algorithm, Audience, AudiencePolicy, Claims, ClaimsRef, Clock, FixedClock, Header, Limits,
    NoRevocation, NumericDate, ParseError, ParseOptions, Part, RegisteredClaims, RevocationCheck,
    StoreError, UntrustedToken, Validation, VerifyError,
};
pub use jwt_keys::{KeyHint, KeyMaterial};
pub use key::{DynVerifyingKey, VerifyingKey};
pub use keys::*;
pub use verifier::{KeySource, VerifiedToken, Verifier};

/// The workspace README's Rust quick start, run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct WorkspaceReadme;
