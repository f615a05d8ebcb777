#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(
    test,
    allow(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)
)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod alg;
pub mod b64;
pub mod claims;
pub mod clock;
pub mod dangerous;
pub mod error;
pub mod json;
pub mod revocation;
pub mod token;
pub mod validation;
pub mod verified;

pub use alg::{Algorithm, AlgorithmFamily};
pub use claims::{
    Audience, AudienceRef, Claims, ClaimsIndex, ClaimsRef, NumericDate, RegisteredClaims,
};
#[cfg(feature = "std")]
pub use clock::SystemClock;
pub use clock::{Clock, FixedClock};
pub use error::{ClaimName, ErrorCode, ParseError, Part, VerifyError};
pub use json::JsonStr;
pub use revocation::{NoRevocation, RevocationCheck, StoreError};
pub use token::{Header, Limits, ParseOptions, UntrustedToken};
pub use validation::{AudiencePolicy, Validation};
pub use verified::VerifiedToken;
