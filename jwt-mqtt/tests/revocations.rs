//! Revocations through a real mosquitto (started per test by the
//! fixture in `support/`): issuer `Publisher` on one side, gateways
//! running `run_subscriber` into their own `RevocationStore` on the other.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
#![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use jwt_core::{Clock, FixedClock, VerifyError};
use jwt_issue::{Es256SigningKey, OsRng, TokenBuilder};
use jwt_mqtt::{BrokerConfig, Metrics, Publisher, Schedule, Topics, run_subscriber};
use jwt_revoke::{EventVerifier, Policy, Revocation, RevocationStore, sign_event};
use jwt_verify::{Es256VerifyingKey, Verifier};
use rumqttc::{AsyncClient, Event, MqttOptions, Packet, QoS};
use support::*;
use tokio::sync::watch;
use tokio::task::JoinHandle;

fn public_of(key: &Es256SigningKey) -> Es256VerifyingKey {
    Es256VerifyingKey::from_public_key_pem(&key.public_key_pem().unwrap()).unwrap()
}

/// A gateway: a subscriber task keeping its own store.
struct Gateway {
    store: Arc<RevocationStore>,
    metrics: Arc<Metrics>,
    stop: watch::Sender<bool>,
    task: JoinHandle<Result<(), jwt_mqtt::MqttError>>,
}

impl Gateway {
    fn start(config: BrokerConfig, public: Es256VerifyingKey, store: Arc<RevocationStore>) -> Self {
        Self::start_with(
            config,
            EventVerifier::new(public, FixedClock(NOW + 1), ISS),
            store,
        )
    }

    fn start_with(
        config: BrokerConfig,
        events: EventVerifier<Es256VerifyingKey, FixedClock>,
        store: Arc<RevocationStore>,
    ) -> Self {
        let metrics = Arc::new(Metrics::default());
        let (stop, rx) = watch::channel(false);
        let task = tokio::spawn(run_subscriber(
            config,
            events,
            Arc::clone(&store),
            FixedClock(NOW + 1),
            Arc::clone(&metrics),
            rx,
        ));
        Gateway {
            store,
            metrics,
            stop,
            task,
        }
    }

    async fn stop(self) -> Arc<RevocationStore> {
        self.stop.send(true).unwrap();
        self.task.await.unwrap().unwrap();
        self.store
    }
}

/// The issuer: a `Publisher` over its own store, its loop in a task.
struct IssuerSide<C> {
    publisher: Publisher<Es256SigningKey, C>,
    metrics: Arc<Metrics>,
    stop: watch::Sender<bool>,
    task: JoinHandle<Result<(), jwt_mqtt::MqttError>>,
}

fn start_issuer<C: Clock + Send + Sync + 'static>(
    config: &BrokerConfig,
    key: Es256SigningKey,
    clock: C,
    store: Arc<RevocationStore>,
    schedule: Schedule,
) -> IssuerSide<C> {
    let metrics = Arc::new(Metrics::default());
    let (publisher, event_loop) = Publisher::new(
        config,
        ISS,
        key,
        clock,
        store,
        Policy::default(),
        schedule,
        Arc::clone(&metrics),
    )
    .unwrap();
    let (stop, rx) = watch::channel(false);
    let task = tokio::spawn(event_loop.run(rx));
    IssuerSide {
        publisher,
        metrics,
        stop,
        task,
    }
}

impl<C> IssuerSide<C> {
    async fn stop(self) {
        self.stop.send(true).unwrap();
        self.task.await.unwrap().unwrap();
    }
}

fn config(broker: &Broker, id: &str) -> BrokerConfig {
    BrokerConfig::new("127.0.0.1", broker.port, id)
}

fn token(jti: &str) -> Revocation {
    Revocation::token(Some(ISS), jti, NOW + 600)
}

/// Waits until every gateway's subscription is in place (a probe
/// revocation reaches all of them).
async fn ready<C: Clock + Send + Sync + 'static>(issuer: &IssuerSide<C>, gateways: &[&Gateway]) {
    issuer.publisher.revoke(token("probe")).await.unwrap();
    wait_for(
        || gateways.iter().all(|g| is_revoked(&g.store, "probe")),
        "every gateway to subscribe",
    )
    .await;
}

/// What a raw client sees retained at `topic` (None if nothing arrives
/// within a second of subscribing).
async fn retained_at(port: u16, topic: &str) -> Option<Vec<u8>> {
    let mut options = MqttOptions::new(format!("probe-{}", rand_id()), "127.0.0.1", port);
    options.set_clean_session(true);
    let (client, mut eventloop) = AsyncClient::new(options, 16);
    client.subscribe(topic, QoS::AtLeastOnce).await.unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(1);
    loop {
        match tokio::time::timeout_at(deadline, eventloop.poll()).await {
            Err(_) => return None,
            Ok(Ok(Event::Incoming(Packet::Publish(p)))) if p.retain => {
                return Some(p.payload.to_vec());
            }
            Ok(_) => {}
        }
    }
}

fn rand_id() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revocation_reaches_20_subscribers_and_each_refuses_the_token() {
    let broker = Broker::start("twenty");
    let key = Es256SigningKey::generate_os().unwrap();
    let public = public_of(&key);
    // The token every gateway accepts until it is revoked.
    let access = TokenBuilder::new(&key)
        .issuer(ISS)
        .jti("device-token-1")
        .ttl(600)
        .issue(&FixedClock(NOW), &mut OsRng)
        .unwrap();
    let gateways: Vec<Gateway> = (0..20)
        .map(|i| {
            Gateway::start(
                config(&broker, &format!("gw-{i}")),
                public.clone(),
                new_store(&format!("twenty-{i}")),
            )
        })
        .collect();
    let issuer = start_issuer(
        &config(&broker, "issuer"),
        key,
        FixedClock(NOW),
        new_store("twenty-issuer"),
        Schedule::default(),
    );
    ready(&issuer, &gateways.iter().collect::<Vec<_>>()).await;
    let verifiers: Vec<_> = gateways
        .iter()
        .map(|g| {
            Verifier::new(public.clone(), FixedClock(NOW + 1)).with_revocation(Arc::clone(&g.store))
        })
        .collect();
    for v in &verifiers {
        v.verify(&access).unwrap();
    }

    let start = Instant::now();
    issuer
        .publisher
        .revoke(token("device-token-1"))
        .await
        .unwrap();
    wait_for(
        || {
            verifiers
                .iter()
                .all(|v| matches!(v.verify(&access), Err(VerifyError::Revoked)))
        },
        "all 20 gateways to refuse the revoked token",
    )
    .await;
    println!(
        "20 gateways refused the token {:?} after the revocation",
        start.elapsed()
    );
    for g in gateways {
        g.stop().await;
    }
    issuer.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_revocations_reach_20_subscribers_with_none_lost() {
    let broker = Broker::start("thousand");
    let key = Es256SigningKey::generate_os().unwrap();
    let public = public_of(&key);
    let gateways: Vec<Gateway> = (0..20)
        .map(|i| {
            Gateway::start(
                config(&broker, &format!("gw-{i}")),
                public.clone(),
                new_store(&format!("thousand-{i}")),
            )
        })
        .collect();
    let issuer = start_issuer(
        &config(&broker, "issuer"),
        key,
        FixedClock(NOW),
        new_store("thousand-issuer"),
        Schedule::default(),
    );
    ready(&issuer, &gateways.iter().collect::<Vec<_>>()).await;
    for i in 0..1000 {
        issuer
            .publisher
            .revoke(token(&format!("t-{i}")))
            .await
            .unwrap();
    }
    issuer.publisher.flush(PATIENCE).await.unwrap();
    wait_for(
        || gateways.iter().all(|g| g.store.len() == 1001),
        "1,000 revocations in all 20 stores",
    )
    .await;
    for g in &gateways {
        for i in 0..1000 {
            assert!(is_revoked(&g.store, &format!("t-{i}")));
        }
        let m = g.metrics.snapshot();
        assert_eq!(
            m.refused_unverified + m.refused_malformed + m.store_failures,
            0
        );
    }
    for g in gateways {
        g.stop().await;
    }
    issuer.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offline_subscriber_gets_all_500_and_a_new_one_the_live_set() {
    let broker = Broker::start("offline");
    let key = Es256SigningKey::generate_os().unwrap();
    let public = public_of(&key);
    let dir = scratch("offline-gw");
    let gw = Gateway::start(config(&broker, "gw-away"), public.clone(), open_store(&dir));
    let issuer = start_issuer(
        &config(&broker, "issuer"),
        key,
        FixedClock(NOW),
        new_store("offline-issuer"),
        Schedule::default(),
    );
    ready(&issuer, &[&gw]).await;
    // The gateway goes away (its store file closed, its session kept by
    // the broker) while 500 revocations are published.
    drop(gw.stop().await);
    for i in 0..500 {
        issuer
            .publisher
            .revoke(token(&format!("away-{i}")))
            .await
            .unwrap();
    }
    issuer.publisher.flush(PATIENCE).await.unwrap();

    let back = Gateway::start(config(&broker, "gw-away"), public.clone(), open_store(&dir));
    wait_for(
        || {
            eprintln!("len {} {:?}", back.store.len(), back.metrics.snapshot());
            back.store.len() == 501
        },
        "the 500 after reconnecting",
    )
    .await;
    for i in 0..500 {
        assert!(is_revoked(&back.store, &format!("away-{i}")));
    }
    // A device never seen before: the retained messages hold the set.
    let new = Gateway::start(config(&broker, "gw-new"), public, new_store("offline-new"));
    wait_for(
        || new.store.len() == 501,
        "the live set for a new subscriber",
    )
    .await;
    back.stop().await;
    new.stop().await;
    issuer.stop().await;
}

/// The broker runs with mosquitto's default saving (every 30 minutes), so
/// a SIGKILL loses its retained messages and sessions: the issuer's store
/// is the source of truth and the issuer republishes when it finds its
/// session gone. No revocation the issuer recorded is lost, and the
/// gateways reconnect by themselves.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_broker_killed_mid_stream_loses_no_revocation() {
    let mut broker = Broker::with("killed", Setup::default());
    let key = Es256SigningKey::generate_os().unwrap();
    let public = public_of(&key);
    let gateways: Vec<Gateway> = (0..3)
        .map(|i| {
            Gateway::start(
                config(&broker, &format!("gw-{i}")),
                public.clone(),
                new_store(&format!("killed-{i}")),
            )
        })
        .collect();
    let issuer = start_issuer(
        &config(&broker, "issuer"),
        key,
        FixedClock(NOW),
        new_store("killed-issuer"),
        Schedule::default(),
    );
    ready(&issuer, &gateways.iter().collect::<Vec<_>>()).await;
    for i in 0..300 {
        if i == 150 {
            broker.kill_and_restart();
        }
        issuer
            .publisher
            .revoke(token(&format!("k-{i}")))
            .await
            .unwrap();
    }
    issuer.publisher.flush(PATIENCE).await.unwrap();
    wait_for(
        || gateways.iter().all(|g| g.store.len() == 301),
        "all 300 revocations in every store after the broker's restart",
    )
    .await;
    let m = issuer.metrics.snapshot();
    assert!(m.sessions_lost >= 2, "{m:?}");
    assert!(m.republished >= 1, "{m:?}");
    for g in &gateways {
        assert!(g.metrics.snapshot().reconnects >= 1);
    }
    for g in gateways {
        g.stop().await;
    }
    issuer.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_messages_are_refused_counted_and_the_subscriber_keeps_running() {
    let broker = Broker::start("hostile");
    let key = Es256SigningKey::generate_os().unwrap();
    let forger = Es256SigningKey::generate_os().unwrap();
    let public = public_of(&key);
    let topics = Topics::default();
    let gw = Gateway::start(config(&broker, "gw"), public, new_store("hostile"));
    let mut options = MqttOptions::new("attacker", "127.0.0.1", broker.port);
    options.set_max_packet_size(1 << 20, 1 << 20);
    let (attacker, mut eventloop) = AsyncClient::new(options, 64);
    tokio::spawn(async move { while eventloop.poll().await.is_ok() {} });
    let issuer = start_issuer(
        &config(&broker, "issuer"),
        Es256SigningKey::from_pem(&key.to_pkcs8_pem().unwrap()).unwrap(),
        FixedClock(NOW),
        new_store("hostile-issuer"),
        Schedule::default(),
    );
    ready(&issuer, &[&gw]).await;
    let sign = |k: &Es256SigningKey, r: &Revocation, at: i64| {
        sign_event(k, r, &Policy::default(), &FixedClock(at), &mut OsRng).unwrap()
    };
    let send = |topic: String, payload: Vec<u8>| {
        let attacker = attacker.clone();
        async move {
            attacker
                .publish(topic, QoS::AtLeastOnce, false, payload)
                .await
                .unwrap()
        }
    };
    // Forged: the right layout, the wrong key.
    let forged = token("forged");
    send(
        topics.revocation(&forged),
        sign(&forger, &forged, NOW).into_bytes(),
    )
    .await;
    // Another issuer's event (signed with the real key, even), placed
    // under our issuer's topics.
    let foreign = Revocation::token(Some("https://evil.example"), "foreign", NOW + 600);
    let foreign_event = sign(&key, &foreign, NOW).into_bytes();
    send(topics.revocation(&token("foreign")), foreign_event).await;
    // Replayed: a genuine event that has expired.
    let old = Revocation::token(Some(ISS), "old", NOW - 5_000);
    send(
        topics.revocation(&old),
        sign(&key, &old, NOW - 10_000).into_bytes(),
    )
    .await;
    // Genuine but misplaced: another revocation's topic.
    let real = token("real");
    send(
        topics.revocation(&token("elsewhere")),
        sign(&key, &real, NOW).into_bytes(),
    )
    .await;
    // Malformed and oversized.
    let junk = topics.revocation(&token("junk"));
    send(junk.clone(), b"not.a.token".to_vec()).await;
    send(junk.clone(), vec![0xff, 0xfe]).await;
    send(junk.clone(), b"bare-jti-but-bare-is-off".to_vec()).await;
    send(junk.clone(), vec![b'a'; 100_000]).await;
    wait_for(
        || {
            let m = gw.metrics.snapshot();
            m.refused_unverified + m.refused_malformed + m.refused_oversized + m.refused_misplaced
                == 8
        },
        "the hostile messages to be counted",
    )
    .await;
    let m = gw.metrics.snapshot();
    assert_eq!(
        (
            m.refused_unverified,
            m.refused_malformed,
            m.refused_oversized,
            m.refused_misplaced
        ),
        (3, 3, 1, 1),
        "{m:?}"
    );
    for jti in ["forged", "foreign", "old", "real", "elsewhere"] {
        assert!(!is_revoked(&gw.store, jti), "{jti}");
    }
    // A genuine duplicate is harmless, and the subscriber still works.
    let again = sign(&key, &token("probe"), NOW).into_bytes();
    send(topics.revocation(&token("probe")), again).await;
    wait_for(|| gw.metrics.snapshot().already_known >= 1, "the duplicate").await;
    issuer.publisher.revoke(token("after")).await.unwrap();
    wait_for(
        || is_revoked(&gw.store, "after"),
        "a revocation after the junk",
    )
    .await;
    assert_eq!(gw.metrics.snapshot().applied, 2);
    gw.stop().await;
    issuer.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bare_jti_scheme_works_only_when_turned_on() {
    let broker = Broker::start("bare");
    let key = Es256SigningKey::generate_os().unwrap();
    let public = public_of(&key);
    let on = Gateway::start_with(
        config(&broker, "gw-on"),
        EventVerifier::new(public.clone(), FixedClock(NOW + 1), ISS)
            .accept_bare_jti(Policy::default()),
        new_store("bare-on"),
    );
    let off = Gateway::start(config(&broker, "gw-off"), public, new_store("bare-off"));
    let issuer = start_issuer(
        &config(&broker, "issuer"),
        key,
        FixedClock(NOW),
        new_store("bare-issuer"),
        Schedule::default(),
    );
    ready(&issuer, &[&on, &off]).await;
    let (seed, mut eventloop) =
        AsyncClient::new(MqttOptions::new("seed-issuer", "127.0.0.1", broker.port), 8);
    tokio::spawn(async move { while eventloop.poll().await.is_ok() {} });
    seed.publish("jwt_revoked", QoS::AtLeastOnce, false, b"t-bare".to_vec())
        .await
        .unwrap();
    wait_for(|| is_revoked(&on.store, "t-bare"), "the bare jti").await;
    issuer.publisher.revoke(token("signed")).await.unwrap();
    wait_for(|| is_revoked(&off.store, "signed"), "a signed event").await;
    assert!(!is_revoked(&off.store, "t-bare"));
    on.stop().await;
    off.stop().await;
    issuer.stop().await;
}

/// Once a revoked token has expired its retained message is cleared, and
/// an issuer that starts clears retained messages its store does not
/// hold (left by an earlier run, or put there by someone else).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lapsed_and_stale_retained_revocations_are_cleared() {
    let broker = Broker::start("lapsed");
    let key = Es256SigningKey::generate_os().unwrap();
    let topics = Topics::default();
    let stale = token("stale");
    let stale_event = sign_event(
        &key,
        &stale,
        &Policy::default(),
        &FixedClock(NOW),
        &mut OsRng,
    )
    .unwrap();
    let (raw, mut eventloop) =
        AsyncClient::new(MqttOptions::new("earlier-run", "127.0.0.1", broker.port), 8);
    tokio::spawn(async move { while eventloop.poll().await.is_ok() {} });
    raw.publish(
        topics.revocation(&stale),
        QoS::AtLeastOnce,
        true,
        stale_event.into_bytes(),
    )
    .await
    .unwrap();
    wait_for_retained(broker.port, &topics.revocation(&stale), true).await;

    let clock = TestClock::at(NOW);
    let issuer = start_issuer(
        &config(&broker, "issuer"),
        key,
        Arc::clone(&clock),
        new_store("lapsed-issuer"),
        Schedule {
            prune_every: Duration::from_secs(3600),
            republish_every: None,
        },
    );
    let short = Revocation::token(Some(ISS), "short", NOW + 100);
    let long = Revocation::token(Some(ISS), "long", NOW + 100_000);
    issuer.publisher.revoke(short.clone()).await.unwrap();
    issuer.publisher.revoke(long.clone()).await.unwrap();
    issuer.publisher.flush(PATIENCE).await.unwrap();
    // The stale one is gone once the issuer read the retained set back.
    wait_for_retained(broker.port, &topics.revocation(&stale), false).await;
    assert!(
        retained_at(broker.port, &topics.revocation(&short))
            .await
            .is_some()
    );

    clock.set(NOW + 100 + 61);
    assert_eq!(issuer.publisher.prune().await.unwrap(), 1);
    issuer.publisher.flush(PATIENCE).await.unwrap();
    assert!(
        retained_at(broker.port, &topics.revocation(&short))
            .await
            .is_none()
    );
    assert!(
        retained_at(broker.port, &topics.revocation(&long))
            .await
            .is_some()
    );
    issuer.stop().await;
}

async fn wait_for_retained(port: u16, topic: &str, present: bool) {
    let deadline = Instant::now() + PATIENCE;
    while retained_at(port, topic).await.is_some() != present {
        assert!(
            Instant::now() < deadline,
            "retained at {topic} never became {present}"
        );
    }
}

/// Two mosquitto brokers bridged to each other, the single-machine stand
/// in for a cluster: a revocation published on one reaches a gateway on
/// the other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revocation_crosses_bridged_brokers() {
    let a = Broker::start("bridge-a");
    let b = Broker::with(
        "bridge-b",
        Setup {
            durable: true,
            bridge_to: Some(a.port),
            ..Setup::default()
        },
    );
    let key = Es256SigningKey::generate_os().unwrap();
    let public = public_of(&key);
    let on_b = Gateway::start(config(&b, "gw-b"), public.clone(), new_store("bridge-b"));
    let on_a = Gateway::start(config(&a, "gw-a"), public, new_store("bridge-a"));
    let issuer = start_issuer(
        &config(&a, "issuer"),
        key,
        FixedClock(NOW),
        new_store("bridge-issuer"),
        Schedule::default(),
    );
    // The bridge connects in the background; the probe waits for it.
    ready(&issuer, &[&on_a, &on_b]).await;
    issuer.publisher.revoke(token("bridged")).await.unwrap();
    wait_for(
        || is_revoked(&on_b.store, "bridged"),
        "the other broker's gateway",
    )
    .await;
    on_a.stop().await;
    on_b.stop().await;
    issuer.stop().await;
}
