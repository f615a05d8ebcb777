//! `jwt watch`: keep a revocation store current from the issuer's signed
//! events on MQTT, for gateways that run the CLI beside another verifier
//! (which reads the store with `jwt verify --revocation-store` or the
//! library). All the rules live in `jwt-mqtt` and `jwt-revoke`.

use std::sync::Arc;

use jwt_core::SystemClock;
use jwt_mqtt::{Metrics, run_subscriber};
use jwt_revoke::EventVerifier;

use crate::keyfile;
use crate::mqtt::{MqttArgs, runtime};
use crate::{CliError, usage};

/// Subscribe to the issuer's revocation events and keep a store file current.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  jwt watch --mqtt mqtt://broker:1883 --client-id gw-17 --key issuer.pub.pem --iss https://auth.example.com --store revoked.log\n  \
    JWT_MQTT_PASSWORD=... jwt watch --mqtt mqtts://broker:8883 --mqtt-ca ca.pem --mqtt-user gw-17 --client-id gw-17 --key issuer.jwks --iss https://auth.example.com --store revoked.log\n\n\
    Each event is verified with the issuer's keys (typ revocation+jwt, aud jwt-revocation-events, iss),\n\
    appended to the store and fsynced, and only then acknowledged: the broker redelivers anything\n\
    not yet stored after a crash. Runs until SIGINT or SIGTERM, then prints its counters as JSON."
)]
pub struct Args {
    #[command(flatten)]
    mqtt: MqttArgs,
    /// The issuer's public keys (PEM, certificate, JWK or JWKS).
    #[arg(long, value_name = "KEYFILE")]
    key: String,
    /// Restrict the keys to these algorithms (repeatable).
    #[arg(long = "alg", value_name = "ALG")]
    algs: Vec<String>,
    /// The issuer whose events are applied.
    #[arg(long, value_name = "I")]
    iss: String,
    /// The store file (created if missing).
    #[arg(long, value_name = "FILE")]
    store: String,
    /// This gateway's MQTT client id: keep it fixed, so the broker keeps its session.
    #[arg(long = "client-id", value_name = "ID")]
    client_id: String,
    /// Also accept a bare jti on the jwt_revoked topic (unsigned: anyone who may publish there can revoke).
    #[arg(long = "accept-bare-jti")]
    accept_bare_jti: bool,
    #[command(flatten)]
    policy: super::revoke::StorePolicy,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let algs = super::parse_algs(&args.algs)?;
    let material = keyfile::load(&args.key, &algs)?;
    let keys = keyfile::verify_keys(&material, &algs)?;
    let config = args.mqtt.config(&args.client_id)?;
    let policy = args.policy.policy();
    let mut events = EventVerifier::new(keys, SystemClock, &args.iss);
    if args.accept_bare_jti {
        events = events.accept_bare_jti(policy);
    }
    let now = jwt_core::Clock::now(&SystemClock).ok_or_else(|| usage("no system clock"))?;
    let store = super::revoke::open_store(&args.store, policy, now)?;
    let store = Arc::new(store);
    let metrics = Arc::new(Metrics::default());
    let (stop_tx, stop) = tokio::sync::watch::channel(false);
    let rt = runtime()?;
    let result = rt.block_on(async {
        let subscriber = tokio::spawn(run_subscriber(
            config,
            events,
            Arc::clone(&store),
            SystemClock,
            Arc::clone(&metrics),
            stop,
        ));
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .map_err(|e| usage(format!("signals: {e}")))?;
        eprintln!(
            "jwt: watching for revocations of {} ({} live entries)",
            args.iss,
            store.len()
        );
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
            done = subscriber => {
                return match done {
                    Ok(Ok(())) => Ok(()),
                    Ok(Err(e)) => Err(usage(format!("MQTT: {e}"))),
                    Err(e) => Err(usage(format!("the subscriber stopped: {e}"))),
                };
            }
        }
        let _ = stop_tx.send(true);
        Ok(())
    });
    let m = metrics.snapshot();
    println!(
        "{}",
        serde_json::json!({
            "applied": m.applied, "already_known": m.already_known,
            "refused_unverified": m.refused_unverified, "refused_malformed": m.refused_malformed,
            "refused_oversized": m.refused_oversized, "refused_misplaced": m.refused_misplaced,
            "store_failures": m.store_failures, "reconnects": m.reconnects, "live_entries": store.len(),
        })
    );
    result
}
