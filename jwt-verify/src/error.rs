//! Errors from importing verifying keys.
//!
//! [`KeyError`] lives in `jwt-keys`, so that key detection, `jwt-verify`
//! and `jwt-issue` report the same conditions with the same variants.

pub use jwt_keys::KeyError;
