//! Fleet figures over a real mosquitto on loopback (started by the test
//! fixture): revoke-to-applied latency, catch-up from retained messages,
//! sustained revocations into 20 subscribers. Not criterion: each figure
//! is one end-to-end run through a broker, reported as medians and
//! percentiles of that run. `cargo bench -p jwt-mqtt --bench fleet`
//! prints the table BENCHMARKS.md quotes; `cargo test --benches` runs a
//! small version once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
#![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]
#![allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use jwt_core::FixedClock;
use jwt_issue::Es256SigningKey;
use jwt_mqtt::{BrokerConfig, Metrics, Publisher, Schedule, run_subscriber};
use jwt_revoke::{EventVerifier, Policy, Revocation, RevocationStore};
use jwt_verify::Es256VerifyingKey;
use support::{Broker, ISS, NOW, is_revoked, new_store};
use tokio::sync::watch;

struct Sizes {
    latency_samples: usize,
    catch_up: usize,
    sustained: usize,
    subscribers: usize,
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let sizes = if full {
        Sizes {
            latency_samples: 1_000,
            catch_up: 10_000,
            sustained: 2_000,
            subscribers: 20,
        }
    } else {
        Sizes {
            latency_samples: 20,
            catch_up: 200,
            sustained: 100,
            subscribers: 3,
        }
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    println!(
        "| figure (mosquitto on loopback, ES256 events, every store fsyncs; default saving unless said) | result |"
    );
    println!("|---|---|");
    latency(&rt, sizes.latency_samples, false);
    latency(&rt, sizes.latency_samples, true);
    catch_up(&rt, sizes.catch_up);
    sustained(&rt, sizes.sustained, sizes.subscribers);
}

fn key_pair() -> (Es256SigningKey, Es256VerifyingKey) {
    let key = Es256SigningKey::generate_os().unwrap();
    let public = Es256VerifyingKey::from_public_key_pem(&key.public_key_pem().unwrap()).unwrap();
    (key, public)
}

fn big_policy() -> Policy {
    Policy::new(100_000)
}

fn gateway(
    rt: &tokio::runtime::Runtime,
    port: u16,
    id: &str,
    public: Es256VerifyingKey,
) -> (Arc<RevocationStore>, watch::Sender<bool>) {
    let store = new_store(&format!("bench-{id}"));
    let (stop, rx) = watch::channel(false);
    rt.spawn(run_subscriber(
        BrokerConfig::new("127.0.0.1", port, id),
        EventVerifier::new(public, FixedClock(NOW + 1), ISS),
        Arc::clone(&store),
        FixedClock(NOW + 1),
        Arc::new(Metrics::default()),
        rx,
    ));
    (store, stop)
}

fn issuer(
    rt: &tokio::runtime::Runtime,
    port: u16,
    key: Es256SigningKey,
) -> (Publisher<Es256SigningKey, FixedClock>, watch::Sender<bool>) {
    let (publisher, event_loop) = Publisher::new(
        &BrokerConfig::new("127.0.0.1", port, "bench-issuer"),
        ISS,
        key,
        FixedClock(NOW),
        new_store("bench-issuer"),
        big_policy(),
        Schedule::default(),
        Arc::new(Metrics::default()),
    )
    .unwrap();
    let (stop, rx) = watch::channel(false);
    rt.spawn(event_loop.run(rx));
    (publisher, stop)
}

fn token(jti: &str) -> Revocation {
    Revocation::token(Some(ISS), jti, NOW + 600)
}

/// Waits (polling every 20 us from this thread) until `done`.
fn spin_until(mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while !done() {
        assert!(Instant::now() < deadline, "timed out");
        std::thread::sleep(Duration::from_micros(20));
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn latency(rt: &tokio::runtime::Runtime, samples: usize, durable: bool) {
    let broker = Broker::with(
        "bench-latency",
        support::Setup {
            durable,
            ..support::Setup::default()
        },
    );
    let (key, public) = key_pair();
    let (store, _stop_gw) = gateway(rt, broker.port, "lat-gw", public);
    let (publisher, _stop_issuer) = issuer(rt, broker.port, key);
    rt.block_on(publisher.revoke(token("warm-up"))).unwrap();
    spin_until(|| is_revoked(&store, "warm-up"));
    let mut times = Vec::with_capacity(samples);
    for i in 0..samples {
        let jti = format!("lat-{i}");
        let start = Instant::now();
        rt.block_on(publisher.revoke(token(&jti))).unwrap();
        spin_until(|| is_revoked(&store, &jti));
        times.push(start.elapsed());
    }
    times.sort();
    println!(
        "| revoke() at the issuer to applied in a gateway's store, {samples} one at a time, broker {} | median {:.2} ms, p99 {:.2} ms |",
        if durable {
            "saving on every change"
        } else {
            "with default saving"
        },
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.99).as_secs_f64() * 1e3
    );
}

fn catch_up(rt: &tokio::runtime::Runtime, n: usize) {
    // Default saving: saving on every change rewrites the whole database
    // each time, quadratic in the number of retained messages.
    let broker = Broker::with("bench-catch-up", support::Setup::default());
    let (key, public) = key_pair();
    let (publisher, _stop_issuer) = issuer(rt, broker.port, key);
    rt.block_on(async {
        for i in 0..n {
            publisher.revoke(token(&format!("c-{i}"))).await.unwrap();
        }
        publisher.flush(Duration::from_secs(120)).await.unwrap();
    });
    let start = Instant::now();
    let (store, _stop) = gateway(rt, broker.port, "catch-up-gw", public);
    spin_until(|| store.len() == n);
    let t = start.elapsed();
    println!(
        "| a new gateway catches up on {n} retained revocations | {:.2} s ({:.0} per second) |",
        t.as_secs_f64(),
        n as f64 / t.as_secs_f64()
    );
}

fn sustained(rt: &tokio::runtime::Runtime, n: usize, subscribers: usize) {
    let broker = Broker::with("bench-sustained", support::Setup::default());
    let (key, public) = key_pair();
    let gateways: Vec<_> = (0..subscribers)
        .map(|i| gateway(rt, broker.port, &format!("sus-{i}"), public.clone()))
        .collect();
    let (publisher, _stop_issuer) = issuer(rt, broker.port, key);
    rt.block_on(publisher.revoke(token("probe"))).unwrap();
    spin_until(|| gateways.iter().all(|(s, _)| is_revoked(s, "probe")));
    let start = Instant::now();
    rt.block_on(async {
        for i in 0..n {
            publisher.revoke(token(&format!("s-{i}"))).await.unwrap();
        }
    });
    spin_until(|| gateways.iter().all(|(s, _)| s.len() == n + 1));
    let t = start.elapsed();
    println!(
        "| sustained: {n} revocations into {subscribers} gateways, all applied | {:.2} s, {:.0} revocations/s ({:.0} applied/s in total) |",
        t.as_secs_f64(),
        n as f64 / t.as_secs_f64(),
        (n * subscribers) as f64 / t.as_secs_f64()
    );
}
