//! jwt-issue integration tests: one binary, one module per topic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
#![allow(clippy::arithmetic_side_effects, missing_docs)]

/// Fixed keys, a deterministic RNG, and jwt-verify helpers.
mod common;

/// Every algorithm: issue with jwt-issue, verify with jwt-verify.
mod roundtrip;

/// One instance of every engine error variant (shared with jwt-ffi).
mod engine_errors;
/// The error-code table against every error variant of the workspace.
mod error_codes;

/// Published vectors reproduced byte for byte: RFC 7515 A.1 (HS256),
/// RFC 8037 A.4 (Ed25519), RFC 7638 3.1 and RFC 8037 A.3 (thumbprints).
mod vectors;

/// Imports (PKCS#8, PKCS#1, SEC1 with EC PARAMETERS, DER, JWK) and exports
/// (PKCS#8 PEM, SPKI PEM, JWK, JWKS) round trips.
mod imports;

/// Bad input gives a clear typed error: short secrets, small RSA, public
/// keys, encrypted and malformed PEM, incomplete JWKs.
mod bad_input;

/// The builder: header and claims layout, reserved names, expiry policy,
/// clock and buffer errors.
mod builder;

/// Key generation from an injected RNG (and the OS).
mod generate;

/// Refresh-token pairs: typ/aud separation, rotation, reuse detection.
mod refresh;

/// Real peers: PyJWT and the npm `jose` package verify our tokens.
mod interop;
