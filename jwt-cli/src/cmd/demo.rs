//! `jwt demo`: the whole IoT flow in one process, on embedded defaults.

use jwt_core::{Clock, FixedClock, SystemClock, Validation};
use jwt_issue::{Es256SigningKey, MemoryRefreshStore, PairIssuer, SigningKey, TokenBuilder};
use jwt_revoke::{EventVerifier, Policy, Recovery, Revocation, RevocationStore};
use jwt_verify::{KeySet, Verifier};

use crate::{CliError, usage};

/// Run the whole device-token flow in one process, printing each step.
#[derive(clap::Args)]
#[command(after_help = "Example:\n  jwt demo\n\n\
    Makes an ES256 key, publishes its JWKS, issues a device token, verifies it at a\n\
    gateway, revokes its jti with a signed revocation event into a revocation store\n\
    (a log file in a temporary folder, reopened as after a restart), revokes everything\n\
    issued to the device before a time, then issues a refresh pair,\n\
    exchanges the refresh token and shows that replaying it revokes the family.")]
pub struct Args {}

const ISSUER: &str = "https://auth.example.com";
const GATEWAY: &str = "gateway-eu-1";

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
    let dir = std::env::temp_dir().join(format!("jwt-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| fail("temp dir", e))?;
    let store_path = dir.join("revoked.log");
    let _ = std::fs::remove_file(&store_path);
    let revocation_policy = Policy::new(100_000).max_leeway(30).max_token_lifetime(300);
    let (store, _) = RevocationStore::open(&store_path, revocation_policy, now, Recovery::Truncate)
        .map_err(|e| fail("open revocation store", e))?;
    let gateway = Verifier::new(&keys, clock)
        .with_validation(policy.clone())
        .with_revocation(&store);
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

    println!("5. operator: revoke jti {jti} with a signed revocation event");
    let revocation = Revocation::token(Some(ISSUER), &jti, now.saturating_add(300));
    let event = jwt_revoke::sign_event(&key, &revocation, &revocation_policy, &clock, &mut rng)
        .map_err(|e| fail("sign event", e))?;
    println!("   event = {} (typ revocation+jwt)", short(&event));
    // The gateway applies only events that verify with the issuer's keys.
    let events = EventVerifier::new(&keys, clock, ISSUER);
    let applied = events.verify(&event).map_err(|e| fail("verify event", e))?;
    store.revoke(applied, now).map_err(|e| fail("revoke", e))?;
    println!(
        "   an event signed by someone else: {}",
        match Es256SigningKey::generate_os()
            .ok()
            .and_then(|k| jwt_revoke::sign_event(
                &k,
                &revocation,
                &revocation_policy,
                &clock,
                &mut rng
            )
            .ok())
            .map(|forged| events.verify(&forged))
        {
            Some(Err(e)) => format!("refused ({e})"),
            _ => "ACCEPTED (unexpected)".to_string(),
        }
    );
    println!("   same token again: {}", refused(gateway.verify(&token)));
    drop(gateway);
    drop(store);
    let (store, report) =
        RevocationStore::open(&store_path, revocation_policy, now, Recovery::Truncate)
            .map_err(|e| fail("reopen revocation store", e))?;
    let gateway = Verifier::new(&keys, clock)
        .with_validation(policy.clone())
        .with_revocation(&store);
    println!(
        "   after a restart ({} record(s) in {}): {}",
        report.records,
        store_path.display(),
        refused(gateway.verify(&token))
    );

    println!("5b. operator: device-42 was reflashed: revoke everything issued to it before now+1");
    let earlier = TokenBuilder::new(&key)
        .issuer(ISSUER)
        .subject("device-42")
        .audience(GATEWAY)
        .ttl(300)
        .issue(&clock, &mut rng)
        .map_err(|e| fail("issue", e))?;
    store
        .revoke(
            Revocation::subject(Some(ISSUER), "device-42", now.saturating_add(1)),
            now,
        )
        .map_err(|e| fail("revoke subject", e))?;
    println!(
        "   a token issued at now: {}",
        refused(gateway.verify(&earlier))
    );
    let fresh = TokenBuilder::new(&key)
        .issuer(ISSUER)
        .subject("device-42")
        .audience(GATEWAY)
        .ttl(300)
        .issue(&at(2), &mut rng)
        .map_err(|e| fail("issue", e))?;
    let fresh_gateway = Verifier::new(&keys, at(2))
        .with_validation(policy.clone())
        .with_revocation(&store);
    fresh_gateway
        .verify(&fresh)
        .map_err(|e| fail("verify a token issued after the cut-off", e))?;
    println!("   a token issued at now+2: accepted");
    let _ = std::fs::remove_dir_all(&dir);

    println!("6. auth server: issue an access + refresh pair for device-43");
    let pairs = PairIssuer::new(300, 86_400)
        .issuer(ISSUER)
        .access_audience(GATEWAY);
    let pair = pairs
        .issue_pair(&key, "device-43", &clock, &mut rng)
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
