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
// Workspace-internal: the strict base64url codec.
#[doc(hidden)]
pub mod b64;
pub mod claims;
pub mod clock;
pub mod dangerous;
pub mod error;
// Workspace-internal: the strict JSON checker and reader.
#[doc(hidden)]
pub mod json;
pub mod revocation;
pub mod token;
pub mod validation;
pub mod verified;

pub use alg::{Algorithm, AlgorithmFamily};
pub use claims::{Audience, AudienceRef, Claims, ClaimsRef, NumericDate, RegisteredClaims};
#[cfg(feature = "os")]
pub use clock::SystemClock;

// `std::time::SystemTime::now()` panics on wasm32-unknown-unknown: refuse
// the configuration instead of a clock that panics at run time.
#[cfg(all(feature = "os", target_arch = "wasm32", target_os = "unknown"))]
compile_error!(
    "feature `os` needs an operating system clock, which wasm32-unknown-unknown lacks: \
     build with default-features = false, features = [\"std\"] and pass the time \
     (Verifier::verify_at, or a Clock of your own)"
);
pub use clock::{Clock, FixedClock};
pub use error::{ClaimName, ErrorCode, ParseError, Part, VerifyError};
pub use json::JsonStr;
pub use revocation::{NoRevocation, RevocationCheck, StoreError};
pub use token::{Header, Limits, ParseOptions, UntrustedToken};
pub use validation::{AudiencePolicy, Validation};
pub use verified::VerifiedToken;
