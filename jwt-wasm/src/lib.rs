#![doc = include_str!("../README.md")]
#![no_std]
// wasm-bindgen's generated glue uses `unsafe` internally; this crate's own
// code has none (`unsafe_code` stays denied for everything written here
// by the workspace lints; the macro output is the only exception).
#![allow(unsafe_code)]

extern crate alloc;

mod error;
#[cfg(feature = "issue")]
mod issuer;
mod js;
mod keys;
#[cfg(feature = "revoke")]
mod revoke;
mod verifier;
// Run under Node by `wasm-bindgen-test-runner` (scripts/test-wasm); they
// use HS256, HS512, ES256 and EdDSA, issuing and the revocation list.
#[cfg(all(
    test,
    target_arch = "wasm32",
    feature = "revoke",
    feature = "hmac",
    feature = "es256",
    feature = "eddsa"
))]
mod wasm_tests;

#[cfg(feature = "issue")]
pub use issuer::Issuer;
#[cfg(feature = "issue")]
pub use keys::SigningKey;
pub use keys::VerifyingKey;
#[cfg(feature = "revoke")]
pub use revoke::RevocationList;
pub use verifier::Verifier;
