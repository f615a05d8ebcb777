//! `jwt verify`: verify a token and print its claims.

use std::collections::HashSet;

use jwt_core::{
    Algorithm, ClaimsRef, Clock, RevocationCheck, StoreError, SystemClock, Validation,
    VerifiedToken, VerifyError,
};
use jwt_verify::{
    DynVerifyingKey, KeySource, MaterialKeys, RemoteError, RemoteJwks, RemoteJwksOptions,
    SkippedKey, Verifier,
};

use crate::keyfile;
use crate::{CliError, usage};

/// Verify a token; print its claims as JSON when it is valid.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  jwt verify --key signer.pub.pem --iss https://auth.example.com --aud gateway-1 TOKEN\n  \
    jwt verify --key hs256.key --alg HS256 --leeway 30 - < token.txt\n  \
    jwt verify --key jwks.json --revoked revoked.txt --require scope TOKEN\n  \
    jwt verify --key jwks.json --revocation-store revoked.log TOKEN\n  \
    jwt verify --jwks-url https://auth.example.com/.well-known/jwks.json --iss https://auth.example.com TOKEN\n\n\
    Exit 0 and the claims on stdout when valid; exit 1 and one line on stderr naming the reason otherwise."
)]
pub struct Args {
    /// Key file: PEM or DER (public key, private key, X.509 certificate),
    /// JWK, JWKS, a {kid: certificate} map; a raw HMAC secret only with
    /// --alg HS256/HS384/HS512.
    #[arg(
        long,
        value_name = "KEYFILE",
        required_unless_present = "jwks_url",
        conflicts_with = "jwks_url"
    )]
    key: Option<String>,
    /// Instead of --key: fetch the JWK Set from this https:// URL (an
    /// identity provider's jwks_uri).
    #[arg(long = "jwks-url", value_name = "URL")]
    jwks_url: Option<String>,
    /// With --jwks-url: trust only the CA certificates in this PEM file
    /// (default: the Mozilla root program).
    #[arg(
        long = "jwks-ca",
        value_name = "FILE",
        requires = "jwks_url",
        conflicts_with = "key"
    )]
    jwks_ca: Option<String>,
    /// Accepted algorithm (repeatable); default: what the key allows.
    #[arg(long = "alg", value_name = "ALG")]
    algs: Vec<String>,
    /// Accepted issuer (repeatable: any of them); `iss` then required.
    #[arg(long = "iss", value_name = "I")]
    issuers: Vec<String>,
    /// Accepted audience (repeatable: any of them). Without it, a token
    /// carrying `aud` is rejected (RFC 7519 4.1.3).
    #[arg(long = "aud", value_name = "A")]
    audiences: Vec<String>,
    /// Required subject.
    #[arg(long, value_name = "S")]
    sub: Option<String>,
    /// Required header `typ` (case-insensitive, `application/` optional).
    #[arg(long, value_name = "TYP")]
    typ: Option<String>,
    /// Seconds of clock skew tolerated on exp, nbf and iat (default 0).
    #[arg(long, value_name = "SECONDS")]
    leeway: Option<u64>,
    /// Reject tokens whose `iat` is older than this.
    #[arg(long = "max-age", value_name = "SECONDS")]
    max_age: Option<u64>,
    /// Verify as if the time were UNIX (seconds since the epoch).
    #[arg(long, value_name = "UNIX", allow_hyphen_values = true)]
    now: Option<i64>,
    /// File of revoked `jti`s, one per line; tokens without `jti` are then rejected.
    #[arg(long, value_name = "FILE", conflicts_with = "revocation_store")]
    revoked: Option<String>,
    /// A revocation store (`jwt revoke --store`), read without changing it:
    /// revoked (iss, jti) and subject cut-offs are refused; a missing or
    /// damaged store is an error (fail closed); tokens without `jti` are rejected.
    #[arg(long = "revocation-store", value_name = "FILE")]
    revocation_store: Option<String>,
    /// Claim that must be present and not null (repeatable).
    #[arg(long = "require", value_name = "CLAIM")]
    required: Vec<String>,
    /// Report on stderr the key-set members that were skipped, and why.
    #[arg(long)]
    verbose: bool,
    /// The token, or - to read it from standard input.
    #[arg(value_name = "TOKEN|-")]
    token: String,
}

/// A revocation store, read only. Entries are dropped on load exactly when
/// this verification could no longer accept the token they name (`exp`
/// plus this run's leeway); subject cut-offs are all kept.
fn load_store(
    path: &str,
    leeway: u64,
    now: Option<i64>,
) -> Result<jwt_revoke::SharedRevocations, CliError> {
    let now = match now {
        Some(now) => now,
        None => SystemClock
            .now()
            .ok_or_else(|| usage("the system clock is not available"))?,
    };
    let policy = jwt_revoke::Policy::new(usize::MAX)
        .max_leeway(leeway)
        .max_token_lifetime(u64::MAX);
    jwt_revoke::RevocationStore::load_read_only(path, policy, now)
        .map_err(|e| usage(format!("revocation store '{path}': {e}")))
}

/// Revoked `jti`s read from a file.
struct RevokedList(HashSet<String>);

impl RevocationCheck for RevokedList {
    fn is_revoked(&self, claims: &ClaimsRef<'_>) -> Result<bool, StoreError> {
        Ok(claims
            .jti()
            .is_some_and(|jti| self.0.contains(jti.as_ref())))
    }
}

fn read_revoked(path: &str) -> Result<RevokedList, CliError> {
    let bytes = super::read_input(path)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| usage(format!("revocation file '{path}' is not valid UTF-8")))?;
    let set = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect();
    Ok(RevokedList(set))
}

pub fn run(args: Args) -> Result<(), CliError> {
    let algs = super::parse_algs(&args.algs)?;
    let keys = match (&args.key, &args.jwks_url) {
        (Some(path), _) => {
            let material = keyfile::load(path, &algs)?;
            Keys::File(keyfile::verify_keys(&material, &algs)?)
        }
        (None, Some(url)) => Keys::Remote {
            remote: Box::new(remote_keys(url, args.jwks_ca.as_deref(), &algs)?),
            allowed: algs.clone(),
        },
        (None, None) => return Err(usage("--key or --jwks-url is required")),
    };
    if args.verbose {
        for skipped in &keys.skipped() {
            let kid = skipped.kid.as_deref().unwrap_or("(none)");
            eprintln!(
                "jwt: key set member {} (kid {kid}) skipped: {}",
                skipped.index, skipped.error
            );
        }
    }
    let mut policy = Validation::new();
    for i in &args.issuers {
        policy = policy.issuer(i.clone());
    }
    for a in &args.audiences {
        policy = policy.audience(a.clone());
    }
    if let Some(s) = args.sub {
        policy = policy.subject(s);
    }
    if let Some(t) = args.typ {
        policy = policy.typ(t);
    }
    if let Some(l) = args.leeway {
        policy = policy.leeway(l);
    }
    if let Some(m) = args.max_age {
        policy = policy.max_age(m);
    }
    for r in &args.required {
        policy = policy.require(r.clone());
    }
    let revoked = args.revoked.as_deref().map(read_revoked).transpose()?;
    let store = args
        .revocation_store
        .as_deref()
        .map(|path| load_store(path, args.leeway.unwrap_or(0), args.now))
        .transpose()?;
    let token = super::read_token(&args.token)?;
    let verifier = Verifier::new(keys, SystemClock).with_validation(policy);
    let result = match (revoked, store) {
        (Some(list), _) => verify(&verifier.with_revocation(list), &token, args.now),
        (None, Some(store)) => verify(&verifier.with_revocation(store), &token, args.now),
        (None, None) => verify(&verifier, &token, args.now),
    };
    let verified = result.map_err(|e| CliError::Rejected(e.to_string()))?;
    let claims: serde_json::Value = serde_json::from_str(verified.payload_json())
        .map_err(|e| CliError::Rejected(format!("claims: {e}")))?;
    println!("{claims}");
    Ok(())
}

/// Where the keys come from: a key file, or a JWKS URL (its algorithms
/// narrowed by `--alg` as a key file's are).
enum Keys {
    File(MaterialKeys),
    Remote {
        remote: Box<RemoteJwks>,
        allowed: Vec<Algorithm>,
    },
}

impl Keys {
    /// The key-set members skipped when the keys were read.
    fn skipped(&self) -> Vec<SkippedKey> {
        match self {
            Keys::File(keys) => keys.skipped().to_vec(),
            Keys::Remote { remote, .. } => remote
                .current()
                .map_or_else(Vec::new, |set| set.skipped().to_vec()),
        }
    }
}

impl KeySource for Keys {
    type Key = DynVerifyingKey;

    fn with_key<T>(
        &self,
        alg: Algorithm,
        kid: Option<&str>,
        f: impl FnOnce(&DynVerifyingKey) -> Result<T, VerifyError>,
    ) -> Result<T, VerifyError> {
        match self {
            Keys::File(keys) => keys.with_key(alg, kid, f),
            Keys::Remote { remote, allowed } => {
                if !allowed.is_empty() && !allowed.contains(&alg) {
                    return Err(VerifyError::AlgorithmMismatch);
                }
                remote.with_key(alg, kid, f)
            }
        }
    }
}

/// The JWK Set at `url`, fetched once now so that an unreachable or
/// unusable endpoint is an I/O error (exit 2), not a rejected token.
/// Keys without `alg` serve what a JWKS key file's would: the `--alg`
/// algorithms, or all that fit them.
fn remote_keys(url: &str, ca: Option<&str>, algs: &[Algorithm]) -> Result<RemoteJwks, CliError> {
    let fallback: &[Algorithm] = if algs.is_empty() {
        &Algorithm::ALL
    } else {
        algs
    };
    let mut options = RemoteJwksOptions::new().algs_for_keys_without_alg(fallback);
    if let Some(path) = ca {
        options = options.trust_only_pem(super::read_input(path)?);
    }
    let remote = RemoteJwks::with_options(url, options).map_err(|e| match (&e, ca) {
        (RemoteError::RootCertificates { .. }, Some(path)) => {
            usage(format!("--jwks-ca '{path}': {e}"))
        }
        _ => usage(format!("--jwks-url '{url}': {e}")),
    })?;
    remote
        .fetch_now()
        .map_err(|e| usage(format!("JWKS from '{url}': {e}")))?;
    Ok(remote)
}

/// At `--now` when given, else at the system clock's time.
fn verify<K: KeySource, C: Clock, R: RevocationCheck>(
    verifier: &Verifier<K, C, R>,
    token: &str,
    now: Option<i64>,
) -> Result<VerifiedToken<'static>, VerifyError> {
    match now {
        Some(now) => verifier.verify_at(token, now),
        None => verifier.verify(token),
    }
}
