//! jwt-mqtt against a real mosquitto that each test starts on a free
//! loopback port with its own configuration and persistence folder.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
#![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jwt_issue::{Es256SigningKey, FixedClock, OsRng};
use jwt_mqtt::{BrokerConfig, Metrics, Topics, publish_revocation, run_subscriber};
use jwt_revoke::{EventVerifier, Policy, Recovery, Revocation, RevocationStore, sign_event};
use jwt_verify::Es256VerifyingKey;
use rumqttc::{AsyncClient, MqttOptions, QoS};

const ISS: &str = "https://auth.example.com";
const NOW: i64 = 1_700_000_000;

/// A mosquitto process with persistence in a scratch folder.
struct Broker {
    child: Child,
    port: u16,
    conf: PathBuf,
}

impl Broker {
    fn start(name: &str) -> Broker {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("mqtt-{name}-{}-{port}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let conf = dir.join("mosquitto.conf");
        std::fs::write(
            &conf,
            format!(
                "user root\nlistener {port} 127.0.0.1\nallow_anonymous true\npersistence true\n\
                 persistence_location {}/\nautosave_interval 1\nautosave_on_changes true\n",
                dir.display()
            ),
        )
        .unwrap();
        let child = Self::spawn(&conf, port);
        Broker { child, port, conf }
    }

    fn spawn(conf: &std::path::Path, port: u16) -> Child {
        let child = Command::new("mosquitto")
            .arg("-c")
            .arg(conf)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("mosquitto is installed (scripts/setup)");
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "mosquitto did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        child
    }

    /// SIGKILL, then start again on the same port and data folder.
    fn kill_and_restart(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        self.child = Self::spawn(&self.conf, self.port);
    }
}

impl Drop for Broker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A publishing client whose event loop runs in a task.
fn publisher(port: u16, id: &str) -> AsyncClient {
    let (client, mut eventloop) = AsyncClient::new(MqttOptions::new(id, "127.0.0.1", port), 64);
    tokio::spawn(async move { while eventloop.poll().await.is_ok() {} });
    client
}

async fn wait_for(mut done: impl FnMut() -> bool, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn new_store(name: &str) -> Arc<RevocationStore> {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("mqtt-store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (store, _) = RevocationStore::open(
        dir.join("revoked.log"),
        Policy::default(),
        NOW,
        Recovery::Truncate,
    )
    .unwrap();
    Arc::new(store)
}

fn is_revoked(store: &RevocationStore, jti: &str) -> bool {
    use jwt_core::RevocationCheck;
    let c = format!(r#"{{"iss":"{ISS}","jti":"{jti}"}}"#);
    store
        .is_revoked(&jwt_core::ClaimsRef::parse(&c).unwrap())
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_reach_subscribers_and_junk_is_counted_not_applied() {
    let broker = Broker::start("events");
    let key = Es256SigningKey::generate_os().unwrap();
    let forger = Es256SigningKey::generate_os().unwrap();
    let public = Es256VerifyingKey::from_public_key_pem(&key.public_key_pem().unwrap()).unwrap();
    let topics = Topics::default();
    let store = new_store("events");
    let metrics = Arc::new(Metrics::default());
    let (stop_tx, stop) = tokio::sync::watch::channel(false);
    let sub = tokio::spawn(run_subscriber(
        BrokerConfig::new("127.0.0.1", broker.port, "gateway-1"),
        EventVerifier::new(public.clone(), FixedClock(NOW + 1), ISS),
        Arc::clone(&store),
        FixedClock(NOW + 1),
        Arc::clone(&metrics),
        stop,
    ));
    let issuer = publisher(broker.port, "issuer");
    // Give the subscriber its subscription before publishing.
    tokio::time::sleep(Duration::from_millis(300)).await;

    let r = Revocation::token(Some(ISS), "t-1", NOW + 600);
    let event = sign_event(&key, &r, &Policy::default(), &FixedClock(NOW), &mut OsRng).unwrap();
    publish_revocation(&issuer, &topics, &r, &event)
        .await
        .unwrap();
    wait_for(|| is_revoked(&store, "t-1"), "the revocation").await;

    // Forged, malformed and oversized messages: counted, not applied, and
    // the subscriber keeps going.
    let fake = Revocation::token(Some(ISS), "t-2", NOW + 600);
    let forged = sign_event(
        &forger,
        &fake,
        &Policy::default(),
        &FixedClock(NOW),
        &mut OsRng,
    )
    .unwrap();
    publish_revocation(&issuer, &topics, &fake, &forged)
        .await
        .unwrap();
    let junk_topic = topics.revocation(&Revocation::token(Some(ISS), "junk", NOW));
    issuer
        .publish(
            junk_topic.clone(),
            QoS::AtLeastOnce,
            false,
            b"not.a.token".to_vec(),
        )
        .await
        .unwrap();
    issuer
        .publish(
            junk_topic.clone(),
            QoS::AtLeastOnce,
            false,
            vec![0xff, 0xfe],
        )
        .await
        .unwrap();
    issuer
        .publish(junk_topic, QoS::AtLeastOnce, false, vec![b'a'; 10_000])
        .await
        .unwrap();
    wait_for(
        || {
            let m = metrics.snapshot();
            m.refused_unverified >= 2 && m.refused_malformed >= 1 && m.refused_oversized >= 1
        },
        "the junk to be counted",
    )
    .await;
    assert!(!is_revoked(&store, "t-2"));
    let r3 = Revocation::token(Some(ISS), "t-3", NOW + 600);
    let event3 = sign_event(&key, &r3, &Policy::default(), &FixedClock(NOW), &mut OsRng).unwrap();
    publish_revocation(&issuer, &topics, &r3, &event3)
        .await
        .unwrap();
    wait_for(|| is_revoked(&store, "t-3"), "a revocation after the junk").await;

    // A brand-new subscriber gets the live set from the retained messages.
    let late_store = new_store("late");
    let late_metrics = Arc::new(Metrics::default());
    let (late_tx, late_stop) = tokio::sync::watch::channel(false);
    let late = tokio::spawn(run_subscriber(
        BrokerConfig::new("127.0.0.1", broker.port, "gateway-late"),
        EventVerifier::new(public, FixedClock(NOW + 1), ISS),
        Arc::clone(&late_store),
        FixedClock(NOW + 1),
        Arc::clone(&late_metrics),
        late_stop,
    ));
    wait_for(
        || is_revoked(&late_store, "t-1") && is_revoked(&late_store, "t-3"),
        "catch-up",
    )
    .await;
    assert!(!is_revoked(&late_store, "t-2"));

    stop_tx.send(true).unwrap();
    late_tx.send(true).unwrap();
    sub.await.unwrap().unwrap();
    late.await.unwrap().unwrap();
}

/// The broker is killed (SIGKILL) and restarted: the subscriber
/// reconnects by itself, resubscribes, and revocations published after
/// the restart reach it; what it had applied before is in its store.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscribers_reconnect_after_the_broker_is_killed() {
    let mut broker = Broker::start("restart");
    let key = Es256SigningKey::generate_os().unwrap();
    let public = Es256VerifyingKey::from_public_key_pem(&key.public_key_pem().unwrap()).unwrap();
    let topics = Topics::default();
    let store = new_store("restart");
    let metrics = Arc::new(Metrics::default());
    let (stop_tx, stop) = tokio::sync::watch::channel(false);
    let sub = tokio::spawn(run_subscriber(
        BrokerConfig::new("127.0.0.1", broker.port, "gateway-r"),
        EventVerifier::new(public, FixedClock(NOW + 1), ISS),
        Arc::clone(&store),
        FixedClock(NOW + 1),
        Arc::clone(&metrics),
        stop,
    ));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let port = broker.port;
    let publish = |jti: &'static str| {
        let key = &key;
        let topics = &topics;
        async move {
            let issuer = publisher(port, &format!("issuer-{jti}"));
            let r = Revocation::token(Some(ISS), jti, NOW + 600);
            let event =
                sign_event(key, &r, &Policy::default(), &FixedClock(NOW), &mut OsRng).unwrap();
            publish_revocation(&issuer, topics, &r, &event)
                .await
                .unwrap();
            issuer
        }
    };
    let _a = publish("before").await;
    wait_for(|| is_revoked(&store, "before"), "the first revocation").await;
    broker.kill_and_restart();
    let _b = publish("after").await;
    wait_for(
        || is_revoked(&store, "after"),
        "a revocation after the restart",
    )
    .await;
    assert!(is_revoked(&store, "before"));
    assert!(metrics.snapshot().reconnects >= 1);
    stop_tx.send(true).unwrap();
    sub.await.unwrap().unwrap();
}
