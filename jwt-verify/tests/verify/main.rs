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

/// A named rejection test for every known JWT attack class.
mod attacks;
