//! Device token delivery and the TLS + password configuration, through a
//! real mosquitto started per test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
#![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]

mod support;

use std::sync::Arc;

use jwt_core::{FixedClock, Validation};
use jwt_issue::{Es256SigningKey, OsRng, TokenBuilder};
use jwt_mqtt::{
    BrokerConfig, DeviceToken, Metrics, Publisher, Schedule, Tls, run_device, run_subscriber,
};
use jwt_revoke::{EventVerifier, Policy, Revocation};
use jwt_verify::Es256VerifyingKey;
use rumqttc::{AsyncClient, MqttOptions, QoS};
use support::*;
use tokio::sync::{mpsc, watch};

fn public_of(key: &Es256SigningKey) -> Es256VerifyingKey {
    Es256VerifyingKey::from_public_key_pem(&key.public_key_pem().unwrap()).unwrap()
}

fn device_token(key: &Es256SigningKey, device: &str, iat: i64) -> String {
    TokenBuilder::new(key)
        .issuer(ISS)
        .subject(device)
        .audience("gateways")
        .ttl(3600)
        .issue(&FixedClock(iat), &mut OsRng)
        .unwrap()
}

struct Device {
    tokens: mpsc::Receiver<DeviceToken>,
    metrics: Arc<Metrics>,
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<Result<(), jwt_mqtt::MqttError>>,
}

fn start_device(config: BrokerConfig, id: &str, public: Es256VerifyingKey) -> Device {
    let (tx, tokens) = mpsc::channel(16);
    let metrics = Arc::new(Metrics::default());
    let (stop, rx) = watch::channel(false);
    let id = id.to_string();
    let m = Arc::clone(&metrics);
    let task = tokio::spawn(async move {
        run_device(
            config,
            &id,
            public,
            FixedClock(NOW + 10),
            Validation::new().issuer(ISS).audience("gateways"),
            tx,
            m,
            rx,
        )
        .await
    });
    Device {
        tokens,
        metrics,
        stop,
        task,
    }
}

async fn next(device: &mut Device) -> DeviceToken {
    tokio::time::timeout(PATIENCE, device.tokens.recv())
        .await
        .expect("a token in time")
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_device_gets_and_verifies_only_its_own_tokens() {
    let broker = Broker::start("devices");
    let key = Es256SigningKey::generate_os().unwrap();
    let other_key = Es256SigningKey::generate_os().unwrap();
    let public = public_of(&key);
    let config = |id: &str| BrokerConfig::new("127.0.0.1", broker.port, id);
    let (publisher, event_loop) = Publisher::new(
        &config("issuer"),
        ISS,
        Es256SigningKey::from_pem(&key.to_pkcs8_pem().unwrap()).unwrap(),
        FixedClock(NOW),
        new_store("devices-issuer"),
        Policy::default(),
        Schedule::default(),
        Arc::new(Metrics::default()),
    )
    .unwrap();
    let (stop_issuer, rx) = watch::channel(false);
    let issuer_task = tokio::spawn(event_loop.run(rx));

    // Published before the device first connects: retained, so it arrives.
    let first = device_token(&key, "dev-1", NOW);
    publisher
        .publish_device_token("dev-1", &first)
        .await
        .unwrap();
    publisher.flush(PATIENCE).await.unwrap();
    let mut dev1 = start_device(config("dev-1"), "dev-1", public.clone());
    let mut dev2 = start_device(config("dev-2"), "dev-2", public.clone());
    let got = next(&mut dev1).await;
    assert_eq!(got.token, first);
    assert_eq!(got.issued_at, NOW);
    assert_eq!(got.expires_at, Some(NOW + 3600));

    // A newer token replaces it; dev-2 sees none of dev-1's.
    let second = device_token(&key, "dev-1", NOW + 5);
    publisher
        .publish_device_token("dev-1", &second)
        .await
        .unwrap();
    assert_eq!(next(&mut dev1).await.token, second);
    let two = device_token(&key, "dev-2", NOW + 5);
    publisher.publish_device_token("dev-2", &two).await.unwrap();
    assert_eq!(next(&mut dev2).await.token, two);

    // Hostile deliveries on dev-1's topic, from a client that may publish
    // there: dev-2's genuine token, a token signed by another key, the
    // superseded first token replayed, junk.
    let (attacker, mut eventloop) =
        AsyncClient::new(MqttOptions::new("attacker", "127.0.0.1", broker.port), 16);
    tokio::spawn(async move { while eventloop.poll().await.is_ok() {} });
    let topic = jwt_mqtt::Topics::default().device_tokens("dev-1");
    for payload in [
        two.clone(),
        device_token(&other_key, "dev-1", NOW + 6),
        first.clone(),
        "garbage".to_string(),
    ] {
        attacker
            .publish(topic.clone(), QoS::AtLeastOnce, false, payload.into_bytes())
            .await
            .unwrap();
    }
    wait_for(
        || {
            let m = dev1.metrics.snapshot();
            m.refused_other_device + m.refused_unverified + m.refused_replayed + m.refused_malformed
                == 4
        },
        "the hostile tokens to be refused",
    )
    .await;
    let m = dev1.metrics.snapshot();
    assert_eq!(
        (
            m.refused_other_device,
            m.refused_unverified,
            m.refused_replayed,
            m.refused_malformed
        ),
        (1, 1, 1, 1),
        "{m:?}"
    );
    assert!(
        dev1.tokens.try_recv().is_err(),
        "nothing hostile reached the application"
    );

    // Still working: the next genuine token arrives.
    let third = device_token(&key, "dev-1", NOW + 9);
    publisher
        .publish_device_token("dev-1", &third)
        .await
        .unwrap();
    assert_eq!(next(&mut dev1).await.token, third);

    for d in [dev1, dev2] {
        d.stop.send(true).unwrap();
        d.task.await.unwrap().unwrap();
    }
    stop_issuer.send(true).unwrap();
    issuer_task.await.unwrap().unwrap();
}

/// One broker configuration with TLS (a CA made for the test, client
/// certificates required) and password authentication: the right
/// credentials get revocations through; a wrong password, a missing
/// client certificate or an untrusted broker certificate get nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_with_client_certificates_and_passwords() {
    let ca = Arc::new(Ca::new("mqtt-test-ca"));
    let broker = Broker::with(
        "tls",
        Setup {
            durable: true,
            tls: Some((Arc::clone(&ca), "gateway".into(), "correct horse".into())),
            ..Setup::default()
        },
    );
    let key = Es256SigningKey::generate_os().unwrap();
    let public = public_of(&key);
    let (cert, cert_key) = ca.client_pem();
    let tls = Tls::ca_pem(ca.pem.clone()).client_certificate(cert.clone(), cert_key.clone());
    let config = |id: &str, password: &str, tls: Tls| {
        BrokerConfig::new("127.0.0.1", broker.port, id)
            .with_tls(tls)
            .with_credentials("gateway", password)
    };

    let gateway = |config: BrokerConfig, name: &str| {
        let store = new_store(name);
        let metrics = Arc::new(Metrics::default());
        let (stop, rx) = watch::channel(false);
        let task = tokio::spawn(run_subscriber(
            config,
            EventVerifier::new(public.clone(), FixedClock(NOW + 1), ISS),
            Arc::clone(&store),
            FixedClock(NOW + 1),
            Arc::clone(&metrics),
            rx,
        ));
        (store, metrics, stop, task)
    };
    let good = gateway(config("gw-good", "correct horse", tls.clone()), "tls-good");
    let wrong_password = gateway(config("gw-pw", "wrong", tls.clone()), "tls-pw");
    let no_client_cert = gateway(
        config("gw-nocert", "correct horse", Tls::ca_pem(ca.pem.clone())),
        "tls-nocert",
    );
    let other_ca = Ca::new("someone-else");
    let untrusted = gateway(
        config(
            "gw-untrusted",
            "correct horse",
            Tls::ca_pem(other_ca.pem.clone()).client_certificate(cert, cert_key),
        ),
        "tls-untrusted",
    );

    let (publisher, event_loop) = Publisher::new(
        &config("issuer", "correct horse", tls),
        ISS,
        key,
        FixedClock(NOW),
        new_store("tls-issuer"),
        Policy::default(),
        Schedule::default(),
        Arc::new(Metrics::default()),
    )
    .unwrap();
    let (stop_issuer, rx) = watch::channel(false);
    let issuer_task = tokio::spawn(event_loop.run(rx));
    publisher
        .revoke(Revocation::token(Some(ISS), "over-tls", NOW + 600))
        .await
        .unwrap();
    publisher.flush(PATIENCE).await.unwrap();
    wait_for(
        || is_revoked(&good.0, "over-tls"),
        "the revocation over TLS",
    )
    .await;
    // The refused ones keep trying (and counting) but never get anything.
    wait_for(
        || {
            [&wrong_password, &no_client_cert, &untrusted]
                .iter()
                .all(|g| g.1.snapshot().reconnects >= 2)
        },
        "the refused clients to retry",
    )
    .await;
    for g in [&wrong_password, &no_client_cert, &untrusted] {
        assert!(!is_revoked(&g.0, "over-tls"));
        assert_eq!(g.1.snapshot().applied, 0);
    }

    // Bad TLS material is a configuration error, not a silent plain
    // connection.
    let bad = BrokerConfig::new("127.0.0.1", broker.port, "gw-bad")
        .with_tls(Tls::ca_pem("not a certificate"));
    let (_tx, rx) = watch::channel(false);
    let refused = run_subscriber(
        bad,
        EventVerifier::new(public.clone(), FixedClock(NOW + 1), ISS),
        new_store("tls-bad"),
        FixedClock(NOW + 1),
        Arc::new(Metrics::default()),
        rx,
    )
    .await;
    assert!(
        matches!(refused, Err(jwt_mqtt::MqttError::Config(_))),
        "{refused:?}"
    );

    for g in [good, wrong_password, no_client_cert, untrusted] {
        g.2.send(true).unwrap();
        g.3.await.unwrap().unwrap();
    }
    stop_issuer.send(true).unwrap();
    issuer_task.await.unwrap().unwrap();
}
