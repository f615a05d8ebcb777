//! The result codes: generated from `jwt-core/ERROR_CODES.md` (the
//! engine's table of stable numbers); the `codes` test fails when the two
//! differ. Do not edit by hand: rerun the generator in that test's
//! message.

use crate::jwt_result;

/// Success.
pub const JWT_OK: jwt_result = 0;
/// `ParseError::Malformed` (malformed): a part of the token is not well formed (part says which).
pub const JWT_ERR_MALFORMED: jwt_result = 1001;
/// `ParseError::TooLarge` (too_large): a part is over the configured limit; nothing was decoded.
pub const JWT_ERR_TOO_LARGE: jwt_result = 1002;
/// `ParseError::TooDeep` (too_deep): JSON nests deeper than the limit.
pub const JWT_ERR_TOO_DEEP: jwt_result = 1003;
/// `ParseError::DuplicateMember` (duplicate_member): a JSON object repeats a member name.
pub const JWT_ERR_DUPLICATE_MEMBER: jwt_result = 1004;
/// `ParseError::AlgNone` (alg_none): the header says alg: none.
pub const JWT_ERR_ALG_NONE: jwt_result = 1005;
/// `ParseError::UnsupportedAlgorithm` (unsupported_algorithm): alg is not a supported algorithm.
pub const JWT_ERR_UNSUPPORTED_ALGORITHM: jwt_result = 1006;
/// `ParseError::Encrypted` (encrypted_token): a JWE (five segments).
pub const JWT_ERR_ENCRYPTED_TOKEN: jwt_result = 1007;
/// `ParseError::JsonSerialization` (json_serialization): a JSON-serialised JWS instead of the compact form.
pub const JWT_ERR_JSON_SERIALIZATION: jwt_result = 1008;
/// `ParseError::UnsupportedCritical` (unsupported_critical): crit names an extension not understood.
pub const JWT_ERR_UNSUPPORTED_CRITICAL: jwt_result = 1009;
/// `ParseError::UnencodedPayload` (unencoded_payload): the header carries b64 (RFC 7797).
pub const JWT_ERR_UNENCODED_PAYLOAD: jwt_result = 1010;
/// `KeyError::KeyRejected` (key_rejected): a well-formed key that breaks a rule (size, exponent, ROCA, ...).
pub const JWT_ERR_KEY_REJECTED: jwt_result = 2001;
/// `KeyError::Malformed` (key_malformed): the key encoding cannot be read.
pub const JWT_ERR_KEY_MALFORMED: jwt_result = 2002;
/// `KeyError::Encrypted` (key_encrypted): an encrypted private key.
pub const JWT_ERR_KEY_ENCRYPTED: jwt_result = 2003;
/// `KeyError::Mismatch` (key_mismatch): the key does not fit the algorithm or its own JWK members.
pub const JWT_ERR_KEY_MISMATCH: jwt_result = 2004;
/// `KeyError::Unsupported` (key_unsupported): an unsupported key type or curve, or a family not compiled in.
pub const JWT_ERR_KEY_UNSUPPORTED: jwt_result = 2005;
/// `KeyError::KeySetRejected` (keyset_rejected): a key set unsafe as a whole (duplicate kids, secrets mixed with public keys).
pub const JWT_ERR_KEYSET_REJECTED: jwt_result = 2006;
/// `KeyError::NotASecret` (key_not_a_secret): key material offered as an HMAC secret.
pub const JWT_ERR_KEY_NOT_A_SECRET: jwt_result = 2007;
/// `KeyError::UnrecognisedFormat` (key_format_unrecognised): not a key format, and no HMAC algorithm named.
pub const JWT_ERR_KEY_FORMAT_UNRECOGNISED: jwt_result = 2008;
/// `KeyError::KeySetMember` (keyset_member): one member of a key set is at fault (its error is inside).
pub const JWT_ERR_KEYSET_MEMBER: jwt_result = 2009;
/// `KeyError::NoUsableKey` (keyset_no_usable_key): no member of a key set can verify.
pub const JWT_ERR_KEYSET_NO_USABLE_KEY: jwt_result = 2010;
/// `KeyError::TooLarge` (key_too_large): key material over the size limit.
pub const JWT_ERR_KEY_TOO_LARGE: jwt_result = 2011;
/// `VerifyError::Expired` (expired): at or past exp plus leeway.
pub const JWT_ERR_EXPIRED: jwt_result = 3001;
/// `VerifyError::NotYetValid` (not_yet_valid): before nbf minus leeway.
pub const JWT_ERR_NOT_YET_VALID: jwt_result = 3002;
/// `VerifyError::IssuedInFuture` (issued_in_future): iat in the future beyond leeway.
pub const JWT_ERR_ISSUED_IN_FUTURE: jwt_result = 3003;
/// `VerifyError::TooOld` (too_old): iat older than the maximum age.
pub const JWT_ERR_TOO_OLD: jwt_result = 3004;
/// `VerifyError::TypMismatch` (typ_mismatch): the header's typ is not the required one.
pub const JWT_ERR_TYP_MISMATCH: jwt_result = 3005;
/// `VerifyError::ClaimMismatch` (claim_mismatch): a claim (iss, aud, sub, ...) has no accepted value.
pub const JWT_ERR_CLAIM_MISMATCH: jwt_result = 3006;
/// `VerifyError::MissingClaim` (claim_missing): a required claim is absent.
pub const JWT_ERR_CLAIM_MISSING: jwt_result = 3007;
/// `VerifyError::InvalidClaim` (claim_invalid): a claim has the wrong JSON type or range.
pub const JWT_ERR_CLAIM_INVALID: jwt_result = 3008;
/// `VerifyError::ClockUnavailable` (clock_unavailable): no trusted time; time checks fail closed.
pub const JWT_ERR_CLOCK_UNAVAILABLE: jwt_result = 3009;
/// `VerifyError::ClaimsType` (claims_type): the claims do not fit the caller's type.
pub const JWT_ERR_CLAIMS_TYPE: jwt_result = 3010;
/// `VerifyError::AlgorithmMismatch` (alg_not_allowed): the header's alg is not the selected key's.
pub const JWT_ERR_ALG_NOT_ALLOWED: jwt_result = 4001;
/// `VerifyError::KeyNotFound` (key_not_found): no key answers the token's kid.
pub const JWT_ERR_KEY_NOT_FOUND: jwt_result = 4002;
/// `VerifyError::KeyUnusable` (key_unusable): the token names a key its set skipped.
pub const JWT_ERR_KEY_UNUSABLE: jwt_result = 4003;
/// `VerifyError::AmbiguousKey` (key_ambiguous): several keys fit and the token does not choose.
pub const JWT_ERR_KEY_AMBIGUOUS: jwt_result = 4004;
/// `VerifyError::KeysUnavailable` (keys_unavailable): the key source has no keys (a remote set never fetched).
pub const JWT_ERR_KEYS_UNAVAILABLE: jwt_result = 4005;
/// `VerifyError::InvalidSignature` (signature_invalid): the signature does not verify.
pub const JWT_ERR_SIGNATURE_INVALID: jwt_result = 4006;
/// `VerifyError::Revoked` (revoked): the revocation check says revoked.
pub const JWT_ERR_REVOKED: jwt_result = 5001;
/// `VerifyError::RevocationUnavailable` (revocation_unavailable): the revocation check could not answer.
pub const JWT_ERR_REVOCATION_UNAVAILABLE: jwt_result = 5002;
/// `StoreError::Unavailable` (store_unavailable): a token store cannot answer.
pub const JWT_ERR_STORE_UNAVAILABLE: jwt_result = 5101;
/// `StoreError::Corrupt` (store_corrupt): a token store's data failed its integrity check.
pub const JWT_ERR_STORE_CORRUPT: jwt_result = 5102;
/// `StoreError::Full` (store_full): a token store is at capacity.
pub const JWT_ERR_STORE_FULL: jwt_result = 5103;
/// `EventError::Malformed` (event_malformed): a verified revocation event whose revoke claim is not a revocation.
pub const JWT_ERR_EVENT_MALFORMED: jwt_result = 5201;
/// `EventError::Unsigned` (event_unsigned): a bare jti message while those are not accepted.
pub const JWT_ERR_EVENT_UNSIGNED: jwt_result = 5202;
/// `EventError::NotInForce` (event_not_in_force): the revocation has lapsed: nothing to announce.
pub const JWT_ERR_EVENT_NOT_IN_FORCE: jwt_result = 5203;
/// `EventError::NoIssuer` (event_no_issuer): a revocation event needs the revoked tokens' issuer.
pub const JWT_ERR_EVENT_NO_ISSUER: jwt_result = 5204;
/// `IssueError::KeyRejected` (issue_key_rejected): a signing key that breaks a rule.
pub const JWT_ERR_ISSUE_KEY_REJECTED: jwt_result = 6001;
/// `IssueError::Malformed` (issue_malformed): input to the issuer cannot be read.
pub const JWT_ERR_ISSUE_MALFORMED: jwt_result = 6002;
/// `IssueError::Encrypted` (issue_key_encrypted): an encrypted signing key.
pub const JWT_ERR_ISSUE_KEY_ENCRYPTED: jwt_result = 6003;
/// `IssueError::Mismatch` (issue_key_mismatch): the signing key does not fit the algorithm.
pub const JWT_ERR_ISSUE_KEY_MISMATCH: jwt_result = 6004;
/// `IssueError::Unsupported` (issue_unsupported): an unsupported key type, curve or feature.
pub const JWT_ERR_ISSUE_UNSUPPORTED: jwt_result = 6005;
/// `IssueError::MissingMember` (jwk_missing_member): a JWK lacks a required member.
pub const JWT_ERR_JWK_MISSING_MEMBER: jwt_result = 6006;
/// `IssueError::ReservedClaim` (reserved_claim): a custom claim tried to set a registered one.
pub const JWT_ERR_RESERVED_CLAIM: jwt_result = 6007;
/// `IssueError::DuplicateClaim` (duplicate_claim): a custom claim given twice.
pub const JWT_ERR_DUPLICATE_CLAIM: jwt_result = 6008;
/// `IssueError::InvalidClaims` (invalid_claims): custom claims are not a JSON object.
pub const JWT_ERR_INVALID_CLAIMS: jwt_result = 6009;
/// `IssueError::MissingTtl` (missing_ttl): neither a TTL nor no_expiry().
pub const JWT_ERR_MISSING_TTL: jwt_result = 6010;
/// `IssueError::ClockUnavailable` (issue_clock_unavailable): no time to set iat/exp.
pub const JWT_ERR_ISSUE_CLOCK_UNAVAILABLE: jwt_result = 6011;
/// `IssueError::TimeOverflow` (time_overflow): exp out of range.
pub const JWT_ERR_TIME_OVERFLOW: jwt_result = 6012;
/// `IssueError::Serialize` (serialize_failed): a value could not be serialised.
pub const JWT_ERR_SERIALIZE_FAILED: jwt_result = 6013;
/// `IssueError::Encode` (encode_failed): a key could not be encoded.
pub const JWT_ERR_ENCODE_FAILED: jwt_result = 6014;
/// `IssueError::Rng` (rng_failed): the random generator failed.
pub const JWT_ERR_RNG_FAILED: jwt_result = 6015;
/// `IssueError::Signing` (signing_failed): the signing primitive failed.
pub const JWT_ERR_SIGNING_FAILED: jwt_result = 6016;
/// `IssueError::TooLarge` (token_too_large): the token would exceed the limits.
pub const JWT_ERR_TOKEN_TOO_LARGE: jwt_result = 6017;
/// `IssueError::BufferTooSmall` (buffer_too_small): the caller's buffer is too small.
pub const JWT_ERR_BUFFER_TOO_SMALL: jwt_result = 6018;
/// `IssueError::MissingClaim` (refresh_claim_missing): a refresh token lacks fid, jti, sub or exp.
pub const JWT_ERR_REFRESH_CLAIM_MISSING: jwt_result = 6019;
/// `IssueError::RefreshReuse` (refresh_reused): a refresh token presented twice: family revoked.
pub const JWT_ERR_REFRESH_REUSED: jwt_result = 6020;
/// `IssueError::RefreshRevoked` (refresh_family_revoked): the refresh token's family was revoked.
pub const JWT_ERR_REFRESH_FAMILY_REVOKED: jwt_result = 6021;
/// `IssueError::RefreshRejected` (refresh_rejected): not a refresh token of this issuer, or expired.
pub const JWT_ERR_REFRESH_REJECTED: jwt_result = 6022;
/// `IssueError::AmbiguousKey` (issue_key_ambiguous): several signing keys fit; name one by kid.
pub const JWT_ERR_ISSUE_KEY_AMBIGUOUS: jwt_result = 6023;
/// `RemoteError::InsecureUrl` (jwks_insecure_url): a remote JWKS URL that is not https://.
pub const JWT_ERR_JWKS_INSECURE_URL: jwt_result = 7001;
/// `RemoteError::InvalidUrl` (jwks_invalid_url): a remote JWKS URL that does not parse or has no host.
pub const JWT_ERR_JWKS_INVALID_URL: jwt_result = 7002;
/// `RemoteError::RootCertificates` (jwks_root_certificates): the trusted root certificates given cannot be read.
pub const JWT_ERR_JWKS_ROOT_CERTIFICATES: jwt_result = 7003;
/// `RemoteError::Connect` (jwks_connect_failed): the JWKS host cannot be resolved or reached.
pub const JWT_ERR_JWKS_CONNECT_FAILED: jwt_result = 7004;
/// `RemoteError::Tls` (jwks_tls_failed): the TLS handshake failed (an untrusted certificate, ...).
pub const JWT_ERR_JWKS_TLS_FAILED: jwt_result = 7005;
/// `RemoteError::Timeout` (jwks_timeout): the JWKS server did not answer in time.
pub const JWT_ERR_JWKS_TIMEOUT: jwt_result = 7006;
/// `RemoteError::Http` (jwks_http_status): the JWKS server answered a status other than 200.
pub const JWT_ERR_JWKS_HTTP_STATUS: jwt_result = 7007;
/// `RemoteError::TooLarge` (jwks_too_large): the JWKS response is over the size cap.
pub const JWT_ERR_JWKS_TOO_LARGE: jwt_result = 7008;
/// `RemoteError::Malformed` (jwks_malformed): the JWKS response is not text.
pub const JWT_ERR_JWKS_MALFORMED: jwt_result = 7009;
/// `RemoteError::Transport` (jwks_transport_failed): another failure of the HTTP exchange.
pub const JWT_ERR_JWKS_TRANSPORT_FAILED: jwt_result = 7010;
/// `FfiError::NullArgument` (null_argument): C API: a required pointer argument is NULL.
pub const JWT_ERR_NULL_ARGUMENT: jwt_result = 8001;
/// `FfiError::InvalidArgument` (invalid_argument): C API: an argument is out of range (a zero length, an unknown algorithm, too little or misaligned memory).
pub const JWT_ERR_INVALID_ARGUMENT: jwt_result = 8002;
/// `FfiError::NotUtf8` (not_utf8): C API: a text argument is not UTF-8.
pub const JWT_ERR_NOT_UTF8: jwt_result = 8003;
/// `FfiError::ClaimAbsent` (claim_absent): C API: the verified claims have no claim of that name.
pub const JWT_ERR_CLAIM_ABSENT: jwt_result = 8004;
/// `FfiError::Panic` (internal_panic): C API: a panic was caught at the boundary (a bug; the call did nothing).
pub const JWT_ERR_INTERNAL_PANIC: jwt_result = 8005;

/// Every code with its message: `code: meaning`, as in the table.
pub(crate) static MESSAGES: &[(jwt_result, &str)] = &[
    (JWT_OK, "ok: success"),
    (
        JWT_ERR_MALFORMED,
        "malformed: a part of the token is not well formed (part says which)",
    ),
    (
        JWT_ERR_TOO_LARGE,
        "too_large: a part is over the configured limit; nothing was decoded",
    ),
    (
        JWT_ERR_TOO_DEEP,
        "too_deep: JSON nests deeper than the limit",
    ),
    (
        JWT_ERR_DUPLICATE_MEMBER,
        "duplicate_member: a JSON object repeats a member name",
    ),
    (JWT_ERR_ALG_NONE, "alg_none: the header says alg: none"),
    (
        JWT_ERR_UNSUPPORTED_ALGORITHM,
        "unsupported_algorithm: alg is not a supported algorithm",
    ),
    (
        JWT_ERR_ENCRYPTED_TOKEN,
        "encrypted_token: a JWE (five segments)",
    ),
    (
        JWT_ERR_JSON_SERIALIZATION,
        "json_serialization: a JSON-serialised JWS instead of the compact form",
    ),
    (
        JWT_ERR_UNSUPPORTED_CRITICAL,
        "unsupported_critical: crit names an extension not understood",
    ),
    (
        JWT_ERR_UNENCODED_PAYLOAD,
        "unencoded_payload: the header carries b64 (RFC 7797)",
    ),
    (
        JWT_ERR_KEY_REJECTED,
        "key_rejected: a well-formed key that breaks a rule (size, exponent, ROCA, ...)",
    ),
    (
        JWT_ERR_KEY_MALFORMED,
        "key_malformed: the key encoding cannot be read",
    ),
    (
        JWT_ERR_KEY_ENCRYPTED,
        "key_encrypted: an encrypted private key",
    ),
    (
        JWT_ERR_KEY_MISMATCH,
        "key_mismatch: the key does not fit the algorithm or its own JWK members",
    ),
    (
        JWT_ERR_KEY_UNSUPPORTED,
        "key_unsupported: an unsupported key type or curve, or a family not compiled in",
    ),
    (
        JWT_ERR_KEYSET_REJECTED,
        "keyset_rejected: a key set unsafe as a whole (duplicate kids, secrets mixed with public keys)",
    ),
    (
        JWT_ERR_KEY_NOT_A_SECRET,
        "key_not_a_secret: key material offered as an HMAC secret",
    ),
    (
        JWT_ERR_KEY_FORMAT_UNRECOGNISED,
        "key_format_unrecognised: not a key format, and no HMAC algorithm named",
    ),
    (
        JWT_ERR_KEYSET_MEMBER,
        "keyset_member: one member of a key set is at fault (its error is inside)",
    ),
    (
        JWT_ERR_KEYSET_NO_USABLE_KEY,
        "keyset_no_usable_key: no member of a key set can verify",
    ),
    (
        JWT_ERR_KEY_TOO_LARGE,
        "key_too_large: key material over the size limit",
    ),
    (JWT_ERR_EXPIRED, "expired: at or past exp plus leeway"),
    (
        JWT_ERR_NOT_YET_VALID,
        "not_yet_valid: before nbf minus leeway",
    ),
    (
        JWT_ERR_ISSUED_IN_FUTURE,
        "issued_in_future: iat in the future beyond leeway",
    ),
    (JWT_ERR_TOO_OLD, "too_old: iat older than the maximum age"),
    (
        JWT_ERR_TYP_MISMATCH,
        "typ_mismatch: the header's typ is not the required one",
    ),
    (
        JWT_ERR_CLAIM_MISMATCH,
        "claim_mismatch: a claim (iss, aud, sub, ...) has no accepted value",
    ),
    (
        JWT_ERR_CLAIM_MISSING,
        "claim_missing: a required claim is absent",
    ),
    (
        JWT_ERR_CLAIM_INVALID,
        "claim_invalid: a claim has the wrong JSON type or range",
    ),
    (
        JWT_ERR_CLOCK_UNAVAILABLE,
        "clock_unavailable: no trusted time; time checks fail closed",
    ),
    (
        JWT_ERR_CLAIMS_TYPE,
        "claims_type: the claims do not fit the caller's type",
    ),
    (
        JWT_ERR_ALG_NOT_ALLOWED,
        "alg_not_allowed: the header's alg is not the selected key's",
    ),
    (
        JWT_ERR_KEY_NOT_FOUND,
        "key_not_found: no key answers the token's kid",
    ),
    (
        JWT_ERR_KEY_UNUSABLE,
        "key_unusable: the token names a key its set skipped",
    ),
    (
        JWT_ERR_KEY_AMBIGUOUS,
        "key_ambiguous: several keys fit and the token does not choose",
    ),
    (
        JWT_ERR_KEYS_UNAVAILABLE,
        "keys_unavailable: the key source has no keys (a remote set never fetched)",
    ),
    (
        JWT_ERR_SIGNATURE_INVALID,
        "signature_invalid: the signature does not verify",
    ),
    (
        JWT_ERR_REVOKED,
        "revoked: the revocation check says revoked",
    ),
    (
        JWT_ERR_REVOCATION_UNAVAILABLE,
        "revocation_unavailable: the revocation check could not answer",
    ),
    (
        JWT_ERR_STORE_UNAVAILABLE,
        "store_unavailable: a token store cannot answer",
    ),
    (
        JWT_ERR_STORE_CORRUPT,
        "store_corrupt: a token store's data failed its integrity check",
    ),
    (
        JWT_ERR_STORE_FULL,
        "store_full: a token store is at capacity",
    ),
    (
        JWT_ERR_EVENT_MALFORMED,
        "event_malformed: a verified revocation event whose revoke claim is not a revocation",
    ),
    (
        JWT_ERR_EVENT_UNSIGNED,
        "event_unsigned: a bare jti message while those are not accepted",
    ),
    (
        JWT_ERR_EVENT_NOT_IN_FORCE,
        "event_not_in_force: the revocation has lapsed: nothing to announce",
    ),
    (
        JWT_ERR_EVENT_NO_ISSUER,
        "event_no_issuer: a revocation event needs the revoked tokens' issuer",
    ),
    (
        JWT_ERR_ISSUE_KEY_REJECTED,
        "issue_key_rejected: a signing key that breaks a rule",
    ),
    (
        JWT_ERR_ISSUE_MALFORMED,
        "issue_malformed: input to the issuer cannot be read",
    ),
    (
        JWT_ERR_ISSUE_KEY_ENCRYPTED,
        "issue_key_encrypted: an encrypted signing key",
    ),
    (
        JWT_ERR_ISSUE_KEY_MISMATCH,
        "issue_key_mismatch: the signing key does not fit the algorithm",
    ),
    (
        JWT_ERR_ISSUE_UNSUPPORTED,
        "issue_unsupported: an unsupported key type, curve or feature",
    ),
    (
        JWT_ERR_JWK_MISSING_MEMBER,
        "jwk_missing_member: a JWK lacks a required member",
    ),
    (
        JWT_ERR_RESERVED_CLAIM,
        "reserved_claim: a custom claim tried to set a registered one",
    ),
    (
        JWT_ERR_DUPLICATE_CLAIM,
        "duplicate_claim: a custom claim given twice",
    ),
    (
        JWT_ERR_INVALID_CLAIMS,
        "invalid_claims: custom claims are not a JSON object",
    ),
    (
        JWT_ERR_MISSING_TTL,
        "missing_ttl: neither a TTL nor no_expiry()",
    ),
    (
        JWT_ERR_ISSUE_CLOCK_UNAVAILABLE,
        "issue_clock_unavailable: no time to set iat/exp",
    ),
    (JWT_ERR_TIME_OVERFLOW, "time_overflow: exp out of range"),
    (
        JWT_ERR_SERIALIZE_FAILED,
        "serialize_failed: a value could not be serialised",
    ),
    (
        JWT_ERR_ENCODE_FAILED,
        "encode_failed: a key could not be encoded",
    ),
    (
        JWT_ERR_RNG_FAILED,
        "rng_failed: the random generator failed",
    ),
    (
        JWT_ERR_SIGNING_FAILED,
        "signing_failed: the signing primitive failed",
    ),
    (
        JWT_ERR_TOKEN_TOO_LARGE,
        "token_too_large: the token would exceed the limits",
    ),
    (
        JWT_ERR_BUFFER_TOO_SMALL,
        "buffer_too_small: the caller's buffer is too small",
    ),
    (
        JWT_ERR_REFRESH_CLAIM_MISSING,
        "refresh_claim_missing: a refresh token lacks fid, jti, sub or exp",
    ),
    (
        JWT_ERR_REFRESH_REUSED,
        "refresh_reused: a refresh token presented twice: family revoked",
    ),
    (
        JWT_ERR_REFRESH_FAMILY_REVOKED,
        "refresh_family_revoked: the refresh token's family was revoked",
    ),
    (
        JWT_ERR_REFRESH_REJECTED,
        "refresh_rejected: not a refresh token of this issuer, or expired",
    ),
    (
        JWT_ERR_ISSUE_KEY_AMBIGUOUS,
        "issue_key_ambiguous: several signing keys fit; name one by kid",
    ),
    (
        JWT_ERR_JWKS_INSECURE_URL,
        "jwks_insecure_url: a remote JWKS URL that is not https://",
    ),
    (
        JWT_ERR_JWKS_INVALID_URL,
        "jwks_invalid_url: a remote JWKS URL that does not parse or has no host",
    ),
    (
        JWT_ERR_JWKS_ROOT_CERTIFICATES,
        "jwks_root_certificates: the trusted root certificates given cannot be read",
    ),
    (
        JWT_ERR_JWKS_CONNECT_FAILED,
        "jwks_connect_failed: the JWKS host cannot be resolved or reached",
    ),
    (
        JWT_ERR_JWKS_TLS_FAILED,
        "jwks_tls_failed: the TLS handshake failed (an untrusted certificate, ...)",
    ),
    (
        JWT_ERR_JWKS_TIMEOUT,
        "jwks_timeout: the JWKS server did not answer in time",
    ),
    (
        JWT_ERR_JWKS_HTTP_STATUS,
        "jwks_http_status: the JWKS server answered a status other than 200",
    ),
    (
        JWT_ERR_JWKS_TOO_LARGE,
        "jwks_too_large: the JWKS response is over the size cap",
    ),
    (
        JWT_ERR_JWKS_MALFORMED,
        "jwks_malformed: the JWKS response is not text",
    ),
    (
        JWT_ERR_JWKS_TRANSPORT_FAILED,
        "jwks_transport_failed: another failure of the HTTP exchange",
    ),
    (
        JWT_ERR_NULL_ARGUMENT,
        "null_argument: C API: a required pointer argument is NULL",
    ),
    (
        JWT_ERR_INVALID_ARGUMENT,
        "invalid_argument: C API: an argument is out of range (a zero length, an unknown algorithm, too little or misaligned memory)",
    ),
    (
        JWT_ERR_NOT_UTF8,
        "not_utf8: C API: a text argument is not UTF-8",
    ),
    (
        JWT_ERR_CLAIM_ABSENT,
        "claim_absent: C API: the verified claims have no claim of that name",
    ),
    (
        JWT_ERR_INTERNAL_PANIC,
        "internal_panic: C API: a panic was caught at the boundary (a bug; the call did nothing)",
    ),
];
