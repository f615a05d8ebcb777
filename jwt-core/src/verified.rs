//! The output of verification: the only place a token's claims are read
//! from, outside [`dangerous`](crate::dangerous).
//!
//! Design note: it lives in `jwt-core` (not in `jwt-verify`, which builds
//! it) so that `jwt-issue` can demand one, for refresh-token exchange,
//! without the two crates depending on each other. Its constructor is
//! hidden and named as internal: only a verifier makes one.

use alloc::borrow::Cow;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::claims::{Claims, ClaimsIndex, ClaimsRef};
use crate::error::VerifyError;
use crate::token::Header;

/// A token whose signature verified and whose claims passed the policy.
/// The only place claims can be read from (outside `dangerous`).
#[derive(Clone, Debug)]
pub struct VerifiedToken<'p> {
    /// Borrowed from the verifier's remembered header by `verify_in`.
    header: Cow<'p, Header>,
    payload: Cow<'p, str>,
    /// Where the registered claims sit in `payload`, read during
    /// verification, so [`VerifiedToken::claims`] does not parse again.
    index: ClaimsIndex,
}

impl<'p> VerifiedToken<'p> {
    /// Workspace-internal: made by `jwt-verify`'s verifier once the
    /// signature and the claims policy passed. Anything else that calls
    /// this forges the proof that this type stands for.
    #[doc(hidden)]
    pub fn __from_verified(
        header: Cow<'p, Header>,
        payload: Cow<'p, str>,
        index: ClaimsIndex,
    ) -> Self {
        VerifiedToken {
            header,
            payload,
            index,
        }
    }

    /// The header (integrity-protected, now trusted).
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The registered claims, borrowed from the payload.
    pub fn claims(&self) -> ClaimsRef<'_> {
        self.index.claims(&self.payload)
    }

    /// Workspace-internal: where the registered claims sit in
    /// [`payload_json`](Self::payload_json), so a binding that keeps the
    /// payload in a caller's buffer (the C API's `verify_in`) can read the
    /// claims later without parsing them again.
    #[doc(hidden)]
    pub fn claims_index(&self) -> ClaimsIndex {
        self.index
    }

    /// The payload JSON text.
    pub fn payload_json(&self) -> &str {
        &self.payload
    }

    /// Deserialises the claims into the caller's type, which may borrow
    /// from the payload.
    pub fn custom<'de, T: Deserialize<'de>>(&'de self) -> Result<T, VerifyError> {
        serde_json::from_str(&self.payload).map_err(|_| VerifyError::ClaimsType)
    }

    /// The registered claims, owned, and the caller's claims.
    pub fn into_claims<T: DeserializeOwned>(self) -> Result<Claims<T>, VerifyError> {
        let registered = self.claims().to_owned();
        let custom = serde_json::from_str(&self.payload).map_err(|_| VerifyError::ClaimsType)?;
        Ok(Claims { registered, custom })
    }
}
