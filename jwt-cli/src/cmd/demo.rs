//! `jwt demo`: the whole IoT flow in one process, on embedded defaults.

use std::collections::HashSet;
use std::sync::Mutex;

use jwt_core::{
    ClaimsRef, Clock, FixedClock, RevocationCheck, StoreError, SystemClock, Validation,
};
use jwt_issue::{Es256SigningKey, MemoryRefreshStore, PairIssuer, SigningKey, TokenBuilder};
use jwt_verify::{KeySet, Verifier};

use crate::{CliError, usage};

/// Run the whole device-token flow in one process, printing each step.
#[derive(clap::Args)]
#[command(after_help = "Example:\n  jwt demo\n\n\
    Makes an ES256 key, publishes its JWKS, issues a device token, verifies it at a\n\
    gateway, revokes its jti, shows the rejection, then issues a refresh pair,\n\
    exchanges the refresh token and shows that replaying it revokes the family.")]
pub struct Args {}

const ISSUER: &str = "https://auth.example.com";
const GATEWAY: &str = "gateway-eu-1";

/// An in-process revocation list keyed by (iss, jti).
#[derive(Default)]
struct Revoked(Mutex<HashSet<(String, String)>>);

impl RevocationCheck for &Revoked {
    fn is_revoked(&self, claims: &ClaimsRef<'_>) -> Result<bool, StoreError> {
        let set = self.0.lock().map_err(|_| StoreError::Unavailable)?;
        let iss = claims.iss().unwrap_or_default().into_owned();
        let jti = claims.jti().unwrap_or_default().into_owned();
        Ok(set.contains(&(iss, jti)))
    }
}

fn fail(step: &str, e: impl std::fmt::Display) -> CliError {
    usage(format!("demo step '{step}' failed: {e}"))
}

fn short(token: &str) -> String {
    format!(
        "{}...{} ({} bytes)",
        &token[..token.len().min(24)],
        &token[token.len().saturating_sub(8)..],
        token.len()
    )
}

pub fn run(_args: Args) -> Result<(), CliError> {
    let now = SystemClock.now().ok_or_else(|| usage("no system time"))?;
    let clock = FixedClock(now);
    let at = |later: i64| FixedClock(now.saturating_add(later));
    let mut rng = jwt_issue::OsRng;

    println!("1. auth server: generate an ES256 signing key and publish its JWKS");
    let key = Es256SigningKey::generate_os().map_err(|e| fail("keygen", e))?;
    let jwks = jwt_issue::jwks(&[&key]).map_err(|e| fail("jwks", e))?;
    println!(
        "   kid = {} (RFC 7638 thumbprint)\n   jwks = {jwks}",
        key.kid().unwrap_or("-")
    );

    println!("2. auth server: issue a device token for device-42 (ttl 300 s)");
    let token = TokenBuilder::new(&key)
        .issuer(ISSUER)
        .subject("device-42")
        .audience(GATEWAY)
        .ttl(300)
        .claim("scope", "telemetry:write")
        .and_then(|b| b.issue(&clock, &mut rng))
        .map_err(|e| fail("issue", e))?;
    println!("   token = {}", short(&token));

    println!("3. gateway: verify it against the JWKS (iss, aud, typ, leeway 30 s)");
    let keys = KeySet::from_jwks_json(&jwks, &[]).map_err(|e| fail("load jwks", e))?;
    let policy = Validation::new()
        .issuer(ISSUER)
        .audience(GATEWAY)
        .typ("JWT")
        .leeway(30);
    let revoked = Revoked::default();
    let gateway = Verifier::new(&keys, clock)
        .with_validation(policy.clone())
        .with_revocation(&revoked);
    let verified = gateway.verify(&token).map_err(|e| fail("verify", e))?;
    println!("   accepted: {}", verified.payload_json());
    let jti = verified
        .claims()
        .jti()
        .map(|j| j.into_owned())
        .unwrap_or_default();

    println!("4. gateway: a tampered token and an expired one are refused");
    // Replace the signature by one of the same length.
    let cut = token.rfind('.').map_or(0, |i| i.saturating_add(1));
    let tampered = format!(
        "{}{}",
        token.get(..cut).unwrap_or_default(),
        "A".repeat(token.len().saturating_sub(cut))
    );
    println!("   tampered: {}", refused(gateway.verify(&tampered)));
    let later = Verifier::new(&keys, at(331)).with_validation(policy.clone());
    println!("   at now+331 s: {}", refused(later.verify(&token)));

    println!("5. operator: revoke jti {jti}");
    revoked
        .0
        .lock()
        .map_err(|_| usage("lock"))?
        .insert((ISSUER.to_string(), jti));
    println!("   same token again: {}", refused(gateway.verify(&token)));

    println!("6. auth server: issue an access + refresh pair for device-42");
    let pairs = PairIssuer::new(300, 86_400)
        .issuer(ISSUER)
        .access_audience(GATEWAY);
    let pair = pairs
        .issue_pair(&key, "device-42", &clock, &mut rng)
        .map_err(|e| fail("issue pair", e))?;
    println!(
        "   family = {}\n   access  = {}\n   refresh = {}",
        pair.family_id,
        short(&pair.access),
        short(&pair.refresh)
    );
    println!(
        "   gateway given the refresh token as an access token: {}",
        refused(gateway.verify(&pair.refresh))
    );

    println!("7. device: exchange the refresh token for a new pair");
    let refresh_policy = Validation::new()
        .issuer(ISSUER)
        .audience(jwt_issue::refresh::DEFAULT_REFRESH_AUDIENCE)
        .typ(jwt_issue::REFRESH_TYP);
    let auth = Verifier::new(&keys, at(60)).with_validation(refresh_policy);
    let store = MemoryRefreshStore::new();
    let presented = auth
        .verify(&pair.refresh)
        .map_err(|e| fail("verify refresh", e))?;
    let next = pairs
        .refresh(&key, &presented, &store, &at(60), &mut rng)
        .map_err(|e| fail("refresh", e))?;
    println!("   new access = {}", short(&next.access));
    let gw_later = Verifier::new(&keys, at(60)).with_validation(policy);
    gw_later
        .verify(&next.access)
        .map_err(|e| fail("verify new access", e))?;
    println!("   gateway accepts the new access token");

    println!("8. attacker: replay the used refresh token");
    match pairs.refresh(&key, &presented, &store, &at(61), &mut rng) {
        Ok(_) => return Err(usage("demo: a replayed refresh token was accepted")),
        Err(e) => println!("   refused: {e}"),
    }
    let next_presented = auth
        .verify(&next.refresh)
        .map_err(|e| fail("verify refresh", e))?;
    match pairs.refresh(&key, &next_presented, &store, &at(62), &mut rng) {
        Ok(_) => {
            return Err(usage(
                "demo: a refresh token of a revoked family was accepted",
            ));
        }
        Err(e) => println!(
            "   the whole family is revoked, so the newest refresh token is refused too: {e}"
        ),
    }
    println!("done: issue, verify, revoke, refresh and reuse detection all behaved as specified");
    Ok(())
}

fn refused<T>(r: Result<T, jwt_core::VerifyError>) -> String {
    match r {
        Ok(_) => "ACCEPTED (unexpected)".to_string(),
        Err(e) => format!("refused ({e})"),
    }
}
