//! Key sets (RFC 7517 section 5), read member by member as identity
//! providers publish them.
//!
//! Design note: a published JWKS routinely holds keys this crate must not
//! or cannot use beside the ones it needs (Keycloak's `RSA-OAEP` encryption
//! key, a provider's legacy 1024-bit key, an X25519 or secp256k1 key, an
//! RSA `n` with a leading zero octet). Refusing the whole set for one such
//! member made those providers' good keys unusable, so each member is
//! judged on its own: unusable members are skipped and recorded with their
//! reason, and a token that names one is refused with that reason. The
//! whole set is refused only when it is unsafe (duplicate usable `kid`s,
//! secrets mixed with public keys) or useless (no usable key). The
//! rejected alternative, skipping silently, turns a typo into "no key
//! found" at 3 a.m.; the one before it, all or nothing, locked users out.

use alloc::boxed::Box;
use alloc::collections::BTreeSet;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use jwt_core::json::check_object;
use jwt_core::{Algorithm, VerifyError};

use super::jwk::{JWK_MAX_DEPTH, Jwk, RawJwk, RawJwks, json_error, malformed};
use crate::error::KeyError;
use crate::key::{DynVerifyingKey, VerifyingKey, select_key};
use crate::verifier::KeySource;

/// A member of a key set that was skipped when the set was loaded, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedKey {
    /// The member's index in the set's `keys` array.
    pub index: usize,
    /// The member's `kid`, if it has one.
    pub kid: Option<String>,
    /// Why it was skipped.
    pub error: KeyError,
}

/// A set of verifying keys, each pinned to one algorithm, selected per
/// token by `alg` and `kid`.
///
/// Selection ([`select`](Self::select)) follows the one rule of
/// [`select_key`]: a token `kid` that some key
/// carries selects among the keys with exactly that `kid`; one that no key
/// carries selects among the keys without a `kid`; without a `kid`, exactly
/// one key of the token's algorithm must exist. A `kid` that names a skipped member is
/// refused with that member's reason ([`VerifyError::KeyUnusable`]); a
/// `kid` that a usable and a skipped member share is ambiguous
/// ([`VerifyError::AmbiguousKey`]).
#[derive(Default)]
pub struct KeySet {
    keys: Vec<DynVerifyingKey>,
    skipped: Vec<SkippedKey>,
    /// `kid`s of usable keys that a skipped member also carries.
    ambiguous: BTreeSet<String>,
}

impl KeySet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads a JWK Set (`{"keys": [...]}`, RFC 7517 section 5), member by
    /// member, as identity providers publish them.
    ///
    /// Each usable signing key becomes one key per algorithm: its own
    /// `alg`; else its curve's (EC, OKP); else each algorithm in
    /// `algs_for_keys_without_alg` that fits its `kty` and its size (an RSA
    /// JWK without `alg` and `[RS256, PS256]` becomes two keys with the
    /// same `kid`; a 32-byte `oct` key without `alg` serves HS256 only).
    /// Members other than `keys` are ignored. RSA `n` and `e` may carry
    /// leading zero octets.
    ///
    /// A member that cannot verify is **skipped** and recorded in
    /// [`skipped`](Self::skipped) with its reason: `use` other than `sig`,
    /// `key_ops` without `verify`, a JWE `alg` (`RSA-OAEP`...), an unknown
    /// `kty` or curve (X25519, secp256k1, Ed448), a weak key (RSA under
    /// 2048 bits, a short HMAC secret, ROCA), a family not compiled in,
    /// or a malformed member. A token whose `kid` selects a skipped member
    /// is refused with that reason; no token ever verifies with it.
    ///
    /// The whole set is refused only when it is unsafe or useless:
    /// - two usable members share a `kid` ([`KeyError::KeySetMember`]
    ///   naming the second, wrapping [`KeyError::KeySetRejected`]);
    /// - public asymmetric keys are mixed with private or symmetric
    ///   (`oct`) keys ([`KeyError::KeySetRejected`]): a published JWKS
    ///   holds no secrets, and a secret store should not be mistaken for
    ///   one (Wycheproof `MixedKeySet`);
    /// - `keys` is missing or empty ([`KeyError::KeySetRejected`]), or no
    ///   member is usable ([`KeyError::NoUsableKey`]).
    ///
    /// # Errors
    /// As listed above, and [`KeyError::Malformed`] for JSON that is not a
    /// JWK Set (duplicate members included).
    pub fn from_jwks_json(
        text: &str,
        algs_for_keys_without_alg: &[Algorithm],
    ) -> Result<Self, KeyError> {
        check_object(text, JWK_MAX_DEPTH).map_err(json_error)?;
        let raw: RawJwks = serde_json::from_str(text)
            .map_err(|_| malformed("JWKS member has the wrong JSON type"))?;
        let raw_keys = raw.keys.ok_or(malformed("JWKS has no keys array"))?;
        if raw_keys.is_empty() {
            return Err(KeyError::KeySetRejected {
                reason: "JWKS has no keys",
            });
        }
        let mut set = Self::new();
        let mut has_secret = false;
        let mut has_public = false;
        let mut usable_kids = BTreeSet::new();
        for (index, value) in raw_keys.into_iter().enumerate() {
            let kid_of_value = value.get("kid").and_then(|k| k.as_str()).map(String::from);
            let jwk = serde_json::from_value::<RawJwk>(value)
                .map_err(|_| malformed("JWK member has the wrong JSON type"))
                .and_then(Jwk::from_raw);
            let jwk = match jwk {
                Ok(jwk) => jwk,
                Err(error) => {
                    set.skipped.push(SkippedKey {
                        index,
                        kid: kid_of_value,
                        error,
                    });
                    continue;
                }
            };
            if jwk.is_private() || jwk.is_symmetric() {
                has_secret = true;
            } else {
                has_public = true;
            }
            match jwk.set_keys(algs_for_keys_without_alg) {
                Ok(keys) => {
                    if let Some(kid) = jwk.kid()
                        && !usable_kids.insert(String::from(kid))
                    {
                        return Err(KeyError::KeySetMember {
                            index,
                            kid: jwk.kid().map(String::from),
                            error: Box::new(KeyError::KeySetRejected {
                                reason: "JWKS has two usable keys with the same kid",
                            }),
                        });
                    }
                    set.keys.extend(keys);
                }
                Err(error) => set.skipped.push(SkippedKey {
                    index,
                    kid: jwk.kid().map(String::from),
                    error,
                }),
            }
        }
        if has_secret && has_public {
            return Err(KeyError::KeySetRejected {
                reason: "JWKS mixes public keys with private or symmetric keys",
            });
        }
        for skipped in &set.skipped {
            if let Some(kid) = &skipped.kid
                && usable_kids.contains(kid)
            {
                set.ambiguous.insert(kid.clone());
            }
        }
        if set.keys.is_empty() {
            let first = set.skipped.first().map(|s| KeyError::KeySetMember {
                index: s.index,
                kid: s.kid.clone(),
                error: Box::new(s.error.clone()),
            });
            return Err(KeyError::NoUsableKey {
                first: Box::new(first.unwrap_or(KeyError::KeySetRejected {
                    reason: "JWKS has no keys",
                })),
            });
        }
        Ok(set)
    }

    /// The members skipped when the set was read, in order.
    pub fn skipped(&self) -> &[SkippedKey] {
        &self.skipped
    }

    /// Adds a key.
    ///
    /// # Errors
    /// [`KeyError::KeySetRejected`] if a key with the same `kid` and the
    /// same algorithm is already present (selection would be ambiguous).
    pub fn push(&mut self, key: DynVerifyingKey) -> Result<(), KeyError> {
        if key.kid().is_some()
            && self
                .keys
                .iter()
                .any(|k| k.kid() == key.kid() && k.algorithm() == key.algorithm())
        {
            return Err(KeyError::KeySetRejected {
                reason: "a key with this kid and algorithm is already in the set",
            });
        }
        self.keys.push(key);
        Ok(())
    }

    /// The keys, in insertion order, as a slice.
    pub fn as_slice(&self) -> &[DynVerifyingKey] {
        &self.keys
    }

    /// The keys, in insertion order.
    pub fn iter(&self) -> core::slice::Iter<'_, DynVerifyingKey> {
        self.keys.iter()
    }

    /// Number of keys (one per JWK and algorithm).
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the set has no keys.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The key for a token whose header names `alg` and `kid`.
    ///
    /// # Errors
    /// With a `kid`: [`VerifyError::KeyNotFound`] if no key has it,
    /// [`VerifyError::AlgorithmMismatch`] if keys have it but none pins
    /// `alg`. Without a `kid`: [`VerifyError::KeyNotFound`] if no key pins
    /// `alg`, [`VerifyError::AmbiguousKey`] if several do.
    pub fn select(
        &self,
        alg: Algorithm,
        kid: Option<&str>,
    ) -> Result<&DynVerifyingKey, VerifyError> {
        if let Some(kid) = kid
            && !self.ambiguous.is_empty()
            && self.ambiguous.contains(kid)
        {
            return Err(VerifyError::AmbiguousKey);
        }
        // A kid naming a skipped member is that member's name: it must
        // not fall through to a nameless key (select_key, rule 2).
        let skipped = match kid {
            Some(kid) if !self.skipped.is_empty() => {
                self.skipped.iter().find(|s| s.kid.as_deref() == Some(kid))
            }
            _ => None,
        };
        match select_key(&self.keys, alg, kid, skipped.is_some()) {
            Err(VerifyError::KeyNotFound) if skipped.is_some() => Err(VerifyError::KeyUnusable {
                reason: skipped.map_or("", |s| s.error.reason()),
            }),
            result => result,
        }
    }
}

impl<'a> IntoIterator for &'a KeySet {
    type Item = &'a DynVerifyingKey;
    type IntoIter = core::slice::Iter<'a, DynVerifyingKey>;
    fn into_iter(self) -> Self::IntoIter {
        self.keys.iter()
    }
}

impl fmt::Debug for KeySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Entry<'a>(&'a DynVerifyingKey);
        impl fmt::Debug for Entry<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0.algorithm())?;
                match self.0.kid() {
                    Some(kid) => write!(f, " kid={kid:?}"),
                    None => Ok(()),
                }
            }
        }
        f.debug_list().entries(self.keys.iter().map(Entry)).finish()
    }
}

impl KeySource for KeySet {
    type Key = DynVerifyingKey;

    fn with_key<T>(
        &self,
        alg: Algorithm,
        kid: Option<&str>,
        f: impl FnOnce(&DynVerifyingKey) -> Result<T, VerifyError>,
    ) -> Result<T, VerifyError> {
        f(KeySet::select(self, alg, kid)?)
    }
}

/// A borrowed key set, so that several verifiers can share one set.
impl KeySource for &KeySet {
    type Key = DynVerifyingKey;

    fn with_key<T>(
        &self,
        alg: Algorithm,
        kid: Option<&str>,
        f: impl FnOnce(&DynVerifyingKey) -> Result<T, VerifyError>,
    ) -> Result<T, VerifyError> {
        f(KeySet::select(self, alg, kid)?)
    }
}
