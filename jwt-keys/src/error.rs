//! The error of reading key material, shared by every crate that imports keys.
//!
//! Design note: one plain `#[non_exhaustive]` enum with `&'static str`
//! reasons, so no message can ever echo key material, and no backtrace is
//! captured on the rejection path. The rejected alternative, wrapping the
//! format crates' errors, would leak their types into the API and their
//! wording ("ASN.1 DER message is incomplete") into user-facing messages.

/// Why key material could not be read or imported. Messages never include
/// key material.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The key is well formed but not acceptable: too short, too small, a
    /// weak exponent, a point not on the curve, and so on.
    #[error("key rejected: {reason}")]
    KeyRejected {
        /// What rule the key broke.
        reason: &'static str,
    },
    /// The key encoding (PEM, DER, JWK) could not be read.
    #[error("malformed key: {reason}")]
    Malformed {
        /// What was wrong with the encoding.
        reason: &'static str,
    },
    /// The key is encrypted (e.g. `ENCRYPTED PRIVATE KEY`).
    #[error("encrypted keys are not supported")]
    Encrypted,
    /// The key's type or curve does not fit the requested algorithm, or a
    /// JWK's `alg`, `crv`, `use` or `key_ops` contradict it.
    #[error("key does not fit the algorithm: {reason}")]
    Mismatch {
        /// What contradicts what.
        reason: &'static str,
    },
    /// The key type or algorithm is not supported (or not compiled in).
    #[error("unsupported key: {reason}")]
    Unsupported {
        /// What is unsupported.
        reason: &'static str,
    },
    /// A key set is not acceptable as a whole (duplicate `kid`s, public and
    /// private keys mixed).
    #[error("key set rejected: {reason}")]
    KeySetRejected {
        /// What rule the set broke.
        reason: &'static str,
    },
    /// Bytes offered as a raw HMAC secret are recognisably key material
    /// (PEM, DER, OpenSSH, PuTTY, JSON). Using them as a secret would let
    /// anyone who holds that (often public) file forge tokens, so they are
    /// refused, whatever algorithm was asked for.
    #[error(
        "refusing to use {found} as an HMAC secret: a key file is never a shared secret (pass the key file without an HMAC --alg, or use a real secret)"
    )]
    NotASecret {
        /// What the bytes were recognised as.
        found: &'static str,
    },
    /// The bytes are not PEM, DER, a JWK, a JWK Set or a certificate map,
    /// and no HMAC algorithm was named, so they are not read as a raw
    /// secret either: raw bytes never decide the algorithm.
    #[error(
        "not a PEM, DER, JWK or JWKS key; a raw HMAC secret is read only when an HMAC algorithm (HS256, HS384 or HS512) is named"
    )]
    UnrecognisedFormat,
    /// One member of a key set is at fault: its index in `keys`, its `kid`
    /// and what is wrong with it.
    #[error("key set member {index}{}: {error}", kid_text(.kid))]
    KeySetMember {
        /// The member's index in the set's `keys` array.
        index: usize,
        /// The member's `kid`, if it has one.
        kid: Option<alloc::string::String>,
        /// What is wrong with it.
        error: alloc::boxed::Box<KeyError>,
    },
    /// No member of a key set is a usable signing key; `first` says why
    /// the first one was skipped.
    #[error("the key set has no usable signing key ({first})")]
    NoUsableKey {
        /// The first skipped member's error (a [`KeyError::KeySetMember`]).
        first: alloc::boxed::Box<KeyError>,
    },
    /// The input is larger than the limit checked before any decoding.
    #[error("key material larger than {limit} bytes")]
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
}

fn kid_text(kid: &Option<alloc::string::String>) -> alloc::string::String {
    match kid {
        Some(kid) => alloc::format!(" (kid {kid:?})"),
        None => alloc::string::String::new(),
    }
}

impl KeyError {
    /// A short static description of the error, for places that cannot
    /// carry the whole error (a token refused because its key was skipped).
    pub fn reason(&self) -> &'static str {
        match self {
            Self::KeyRejected { reason }
            | Self::Malformed { reason }
            | Self::Mismatch { reason }
            | Self::Unsupported { reason }
            | Self::KeySetRejected { reason } => reason,
            Self::Encrypted => "encrypted keys are not supported",
            Self::NotASecret { found } => found,
            Self::UnrecognisedFormat => "not a recognised key format",
            Self::KeySetMember { error, .. } | Self::NoUsableKey { first: error } => error.reason(),
            Self::TooLarge { .. } => "key material too large",
        }
    }
}

impl KeyError {
    const fn code_number(&self) -> (&'static str, u16) {
        match self {
            Self::KeyRejected { .. } => ("key_rejected", 2001),
            Self::Malformed { .. } => ("key_malformed", 2002),
            Self::Encrypted => ("key_encrypted", 2003),
            Self::Mismatch { .. } => ("key_mismatch", 2004),
            Self::Unsupported { .. } => ("key_unsupported", 2005),
            Self::KeySetRejected { .. } => ("keyset_rejected", 2006),
            Self::NotASecret { .. } => ("key_not_a_secret", 2007),
            Self::UnrecognisedFormat => ("key_format_unrecognised", 2008),
            Self::KeySetMember { .. } => ("keyset_member", 2009),
            Self::NoUsableKey { .. } => ("keyset_no_usable_key", 2010),
            Self::TooLarge { .. } => ("key_too_large", 2011),
        }
    }
}

jwt_core::error_code_methods!(KeyError);
