//! jwt-verify integration tests: one binary, one module per topic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
#![allow(
    missing_docs,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation
)]

/// Token builders that sign with the RustCrypto crates directly.
mod common;

/// The engine surface: time per call, the kid rule, key rotation, Arc sources, revocation hook.
mod surface;

/// A named rejection test for every known JWT attack class.
mod attacks;

/// Key files of every format are never HMAC secrets (key confusion through a loader).
mod key_confusion;

/// Real key files and provider key sets (`vectors/keys`), each with its expected outcome.
mod key_corpus;

/// RFC vectors: RFC 7515 A.1-A.4, RFC 8037 A.4, RFC 7520 4.1-4.4, RFC 7797 4.2.
mod conformance;

/// Wycheproof JOSE files (JWS and JWK/JWKS), case by case, with deviation tables.
mod wycheproof_jose;

/// Wycheproof primitive sets (HMAC, ECDSA P1363, RSA PKCS#1 v1.5 and PSS, Ed25519) through the key constructors.
mod wycheproof_primitives;

/// Every algorithm and key format round-trips; a token verifies only with its own algorithm's key.
mod roundtrip;
