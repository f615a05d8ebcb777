//! The closed set of signature algorithms.
//!
//! Design note: the set is a plain enum with no `none` variant, so an
//! unsigned token cannot even be represented. The header's `alg` is parsed
//! into this enum only to be *compared* with the algorithm a key pins; it
//! never chooses the verification routine. The alternative (a string `alg`
//! that the verifier dispatches on) is how the classic `alg` confusion
//! attacks work, so it was rejected.

use core::fmt;

use crate::error::ParseError;

/// A JWS signature algorithm from RFC 7518 section 3 (and RFC 8037 for EdDSA).
///
/// ```
/// use jwt_core::Algorithm;
/// assert_eq!(Algorithm::from_name("ES256").unwrap(), Algorithm::ES256);
/// assert!(Algorithm::from_name("none").is_err());
/// assert!(Algorithm::from_name("es256").is_err()); // names are case-sensitive
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(clippy::upper_case_acronyms)]
pub enum Algorithm {
    /// HMAC with SHA-256.
    HS256,
    /// HMAC with SHA-384.
    HS384,
    /// HMAC with SHA-512.
    HS512,
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    RS256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    RS384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    RS512,
    /// RSASSA-PSS with SHA-256 and MGF1-SHA-256, salt as long as the hash.
    PS256,
    /// RSASSA-PSS with SHA-384 and MGF1-SHA-384, salt as long as the hash.
    PS384,
    /// RSASSA-PSS with SHA-512 and MGF1-SHA-512, salt as long as the hash.
    PS512,
    /// ECDSA on P-256 with SHA-256, signature as `r || s` (64 bytes).
    ES256,
    /// ECDSA on P-384 with SHA-384, signature as `r || s` (96 bytes).
    ES384,
    /// ECDSA on P-521 with SHA-512, signature as `r || s` (132 bytes).
    ES512,
    /// EdDSA with Ed25519 (RFC 8037).
    EdDSA,
}

impl Algorithm {
    /// Every supported algorithm, in a stable order.
    pub const ALL: [Algorithm; 13] = [
        Algorithm::HS256,
        Algorithm::HS384,
        Algorithm::HS512,
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::ES512,
        Algorithm::EdDSA,
    ];

    /// The registered name, as it appears in a header's `alg`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Algorithm::HS256 => "HS256",
            Algorithm::HS384 => "HS384",
            Algorithm::HS512 => "HS512",
            Algorithm::RS256 => "RS256",
            Algorithm::RS384 => "RS384",
            Algorithm::RS512 => "RS512",
            Algorithm::PS256 => "PS256",
            Algorithm::PS384 => "PS384",
            Algorithm::PS512 => "PS512",
            Algorithm::ES256 => "ES256",
            Algorithm::ES384 => "ES384",
            Algorithm::ES512 => "ES512",
            Algorithm::EdDSA => "EdDSA",
        }
    }

    /// Parses a registered name. Names are case-sensitive (RFC 7515 4.1.1).
    ///
    /// `none` in any letter case is [`ParseError::AlgNone`]; any other unknown
    /// name is [`ParseError::UnsupportedAlgorithm`].
    pub fn from_name(name: &str) -> Result<Self, ParseError> {
        for alg in Self::ALL {
            if alg.as_str() == name {
                return Ok(alg);
            }
        }
        if name.eq_ignore_ascii_case("none") {
            Err(ParseError::AlgNone)
        } else {
            Err(ParseError::UnsupportedAlgorithm)
        }
    }

    /// The key family this algorithm belongs to.
    pub const fn family(self) -> AlgorithmFamily {
        match self {
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => AlgorithmFamily::Hmac,
            Algorithm::RS256 | Algorithm::RS384 | Algorithm::RS512 => AlgorithmFamily::RsaPkcs1,
            Algorithm::PS256 | Algorithm::PS384 | Algorithm::PS512 => AlgorithmFamily::RsaPss,
            Algorithm::ES256 | Algorithm::ES384 | Algorithm::ES512 => AlgorithmFamily::Ecdsa,
            Algorithm::EdDSA => AlgorithmFamily::EdDsa,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl core::str::FromStr for Algorithm {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_name(s)
    }
}

/// The family of keys an [`Algorithm`] uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AlgorithmFamily {
    /// Symmetric HMAC secrets.
    Hmac,
    /// RSA keys used with PKCS#1 v1.5 signatures.
    RsaPkcs1,
    /// RSA keys used with PSS signatures.
    RsaPss,
    /// Elliptic-curve keys on the NIST curves.
    Ecdsa,
    /// Edwards-curve keys (Ed25519).
    EdDsa,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn none_in_every_case_is_alg_none() {
        for name in ["none", "None", "NONE", "nOnE", "noNE"] {
            assert_eq!(Algorithm::from_name(name), Err(ParseError::AlgNone));
        }
    }

    #[test]
    fn names_round_trip_and_are_case_sensitive() {
        for alg in Algorithm::ALL {
            assert_eq!(Algorithm::from_name(alg.as_str()), Ok(alg));
            let lower = alg.as_str().to_ascii_lowercase();
            assert_eq!(
                Algorithm::from_name(&lower),
                Err(ParseError::UnsupportedAlgorithm)
            );
        }
    }
}
