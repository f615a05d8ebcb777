//! The `jwt` command against a real mosquitto (the fixture of jwt-mqtt's
//! tests): `jwt revoke --mqtt`, `jwt watch` (also SIGKILLed while it
//! persists), `jwt issue --publish-to`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
#![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]

#[path = "../../jwt-mqtt/tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use jwt_core::FixedClock;
use jwt_issue::{Es256SigningKey, OsRng};
use jwt_mqtt::Topics;
use jwt_revoke::{Policy, Revocation, RevocationStore, sign_event};
use rumqttc::{AsyncClient, Event, MqttOptions, Packet, QoS};
use support::{Broker, ISS, PATIENCE, scratch};

fn jwt(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jwt"))
        .args(args)
        .output()
        .unwrap()
}

fn ok(args: &[&str]) -> String {
    let out = jwt(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"));
    String::from_utf8(out.stdout).unwrap()
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .try_into()
        .unwrap()
}

/// A signing key and its public half on disk.
fn keys(dir: &Path) -> (Es256SigningKey, String, String) {
    let key = Es256SigningKey::generate_os().unwrap();
    let private = dir.join("signer.pem");
    let public = dir.join("signer.pub.pem");
    std::fs::write(&private, key.to_pkcs8_pem().unwrap()).unwrap();
    std::fs::write(&public, key.public_key_pem().unwrap()).unwrap();
    (
        key,
        private.display().to_string(),
        public.display().to_string(),
    )
}

fn watch(url: &str, public: &str, store: &str, id: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_jwt"))
        .args([
            "watch",
            "--mqtt",
            url,
            "--client-id",
            id,
            "--key",
            public,
            "--iss",
            ISS,
            "--store",
            store,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// The live entries of a store file, read as `jwt verify` reads it
/// (without the writer's lock).
fn stored(path: &str) -> Vec<Revocation> {
    match RevocationStore::load_read_only(path, Policy::default(), now()) {
        Ok(store) => store.entries().unwrap(),
        Err(_) => Vec::new(),
    }
}

fn wait(mut done: impl FnMut() -> bool, what: &str) {
    let deadline = Instant::now() + PATIENCE;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn revoke_over_mqtt_reaches_jwt_watch_and_jwt_verify_refuses_the_token() {
    let broker = Broker::start("cli-revoke");
    let dir = scratch("cli-revoke");
    let (_, private, public) = keys(&dir);
    let url = format!("mqtt://127.0.0.1:{}", broker.port);
    let store = dir.join("gateway.log").display().to_string();
    let issuer_store = dir.join("issuer.log").display().to_string();
    let token = ok(&[
        "issue", "--alg", "ES256", "--key", &private, "--iss", ISS, "--sub", "device-1", "--jti",
        "tok-1", "--ttl", "600",
    ]);
    let token = token.trim();
    let watcher = watch(&url, &public, &store, "gw-cli");
    wait(|| Path::new(&store).exists(), "the store file");
    let verify = |store: &str| {
        jwt(&[
            "verify",
            "--key",
            &public,
            "--iss",
            ISS,
            "--revocation-store",
            store,
            token,
        ])
        .status
        .code()
    };
    assert_eq!(verify(&store), Some(0));
    let exp = (now() + 600).to_string();
    let out = ok(&[
        "revoke",
        "--mqtt",
        &url,
        "--alg",
        "ES256",
        "--key",
        &private,
        "--iss",
        ISS,
        "--jti",
        "tok-1",
        "--exp",
        &exp,
        "--store",
        &issuer_store,
    ]);
    assert!(out.starts_with("published to jwt_revoked/"), "{out}");
    wait(
        || verify(&store) == Some(1),
        "jwt verify to refuse the revoked token",
    );
    // The issuer's own store has it too.
    assert_eq!(stored(&issuer_store).len(), 1);

    // A plain SIGTERM stops watch cleanly, with its counters on stdout.
    let pid = watcher.id().to_string();
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    let out = watcher.wait_with_output().unwrap();
    assert!(out.status.success());
    let counters: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(counters["applied"], 1);

    // Unreachable broker: a clear error, no hang beyond the timeout.
    let out = jwt(&[
        "revoke",
        "--mqtt",
        "mqtt://127.0.0.1:1",
        "--mqtt-timeout",
        "2",
        "--alg",
        "ES256",
        "--key",
        &private,
        "--iss",
        ISS,
        "--jti",
        "x",
        "--exp",
        &exp,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("MQTT"));
    // mqtts without a CA, credentials in the URL: refused before connecting.
    for bad in [
        "mqtts://127.0.0.1:1",
        "mqtt://user:pw@127.0.0.1:1",
        "http://x",
    ] {
        let out = jwt(&[
            "revoke", "--mqtt", bad, "--alg", "ES256", "--key", &private, "--iss", ISS, "--jti",
            "x", "--exp", &exp,
        ]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
    }
}

/// `jwt watch` is SIGKILLed again and again while events stream in (not
/// retained: only the broker's session queue and the acknowledgement
/// order protect them). A subscriber that acknowledged before its store
/// persisted would lose the event it was killed on; after the last
/// restart every one of them must be in the store, and no entry a killed
/// run had persisted ever disappears.
#[test]
fn jwt_watch_killed_while_persisting_loses_no_acknowledged_revocation() {
    let broker = Broker::start("cli-kill");
    let dir = scratch("cli-kill");
    let (key, _, public) = keys(&dir);
    let url = format!("mqtt://127.0.0.1:{}", broker.port);
    let store = dir.join("gateway.log").display().to_string();
    // The first run creates the session; from then on the broker queues.
    let mut watcher = watch(&url, &public, &store, "gw-kill");
    wait(|| Path::new(&store).exists(), "the store file");
    std::thread::sleep(Duration::from_millis(500));

    let total = 300;
    let events: Vec<(String, Vec<u8>)> = (0..total)
        .map(|i| {
            let r = Revocation::token(Some(ISS), &format!("k-{i}"), now() + 3600);
            let e =
                sign_event(&key, &r, &Policy::default(), &FixedClock(now()), &mut OsRng).unwrap();
            (Topics::default().revocation(&r), e.into_bytes())
        })
        .collect();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let port = broker.port;
    let publishing = rt.spawn(async move {
        let (client, mut eventloop) =
            AsyncClient::new(MqttOptions::new("stream", "127.0.0.1", port), 1024);
        let mut acked = 0;
        for (topic, payload) in events {
            client
                .publish(topic, QoS::AtLeastOnce, false, payload)
                .await
                .unwrap();
            // Paced, so that the kills land mid-stream.
            loop {
                match tokio::time::timeout(Duration::from_millis(5), eventloop.poll()).await {
                    Ok(Ok(Event::Incoming(Packet::PubAck(_)))) => acked += 1,
                    Ok(Ok(_)) => {}
                    Ok(Err(e)) => panic!("publisher: {e}"),
                    Err(_) => break,
                }
            }
        }
        while acked < total {
            if let Ok(Event::Incoming(Packet::PubAck(_))) = eventloop.poll().await {
                acked += 1;
            }
        }
    });

    let mut kills = 0;
    let mut seen = 0;
    while !publishing.is_finished() || kills < 5 {
        std::thread::sleep(Duration::from_millis(300));
        watcher.kill().unwrap();
        watcher.wait().unwrap();
        kills += 1;
        let now_stored = stored(&store).len();
        assert!(now_stored >= seen, "a killed run lost persisted entries");
        seen = now_stored;
        watcher = watch(&url, &public, &store, "gw-kill");
    }
    rt.block_on(publishing).unwrap();
    wait(
        || stored(&store).len() == total,
        "every event after the last restart",
    );
    let pid = watcher.id().to_string();
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    watcher.wait().unwrap();
    assert!(kills >= 5);
}

#[test]
fn issue_publish_to_delivers_a_token_to_the_device_topic() {
    let broker = Broker::start("cli-issue");
    let dir = scratch("cli-issue");
    let (_, private, public) = keys(&dir);
    let url = format!("mqtt://127.0.0.1:{}", broker.port);
    let token = ok(&[
        "issue",
        "--alg",
        "ES256",
        "--key",
        &private,
        "--iss",
        ISS,
        "--ttl",
        "600",
        "--publish-to",
        "dev/42",
        "--mqtt",
        &url,
    ]);
    let token = token.trim().to_string();
    // The token names the device, and is what the broker retained.
    let claims = ok(&["verify", "--key", &public, "--sub", "dev/42", &token]);
    assert!(claims.contains(r#""sub":"dev/42""#), "{claims}");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let retained = rt.block_on(async {
        let (client, mut eventloop) =
            AsyncClient::new(MqttOptions::new("reader", "127.0.0.1", broker.port), 8);
        client
            .subscribe(Topics::default().device_tokens("dev/42"), QoS::AtLeastOnce)
            .await
            .unwrap();
        loop {
            if let Event::Incoming(Packet::Publish(p)) = eventloop.poll().await.unwrap() {
                return String::from_utf8(p.payload.to_vec()).unwrap();
            }
        }
    });
    assert_eq!(retained, token);
    // --sub naming another device is refused before anything is sent.
    let out = jwt(&[
        "issue",
        "--alg",
        "ES256",
        "--key",
        &private,
        "--ttl",
        "600",
        "--sub",
        "dev/7",
        "--publish-to",
        "dev/42",
        "--mqtt",
        &url,
    ]);
    assert_eq!(out.status.code(), Some(2));
}
