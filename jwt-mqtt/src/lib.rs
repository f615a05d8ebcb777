//! Revocation events and device tokens over MQTT, through any MQTT
//! 3.1.1 broker (mosquitto, EMQX, VerneMQ, HiveMQ), plain or TLS.
//!
//! Topic layout: one retained message per live revocation, so a device
//! that connects late catches up from the broker without the issuer
//! resending, and one retained token per device:
//!
//! ```text
//! {prefix}jwt_revoked/{base64url(iss)}/jti/{base64url(jti)}   a token's revocation
//! {prefix}jwt_revoked/{base64url(iss)}/sub/{base64url(sub)}   a subject cut-off
//! {prefix}jwt_revoked                                         bare jti payloads (opt-in)
//! {prefix}device_tokens/{base64url(device_id)}                a device's current token
//! ```
//!
//! The payload of a revocation is the issuer's signed revocation event
//! (`jwt-revoke`). Identifiers are base64url-encoded because an `iss` URL
//! holds `/` (a topic level separator) and a `jti` may hold `+` or `#`
//! (wildcards).
//!
//! - **Issuer** ([`Publisher`]): records a revocation in its own store
//!   (the source of truth), publishes the signed event retained at QoS 1,
//!   republishes the live set when the broker lost its session and on a
//!   schedule, clears the retained messages of lapsed revocations, and
//!   delivers device tokens.
//! - **Verifiers** ([`run_subscriber`]): verify each event with the
//!   issuer's keys, apply it to a [`RevocationStore`](jwt_revoke::RevocationStore)
//!   (persisted) and only then acknowledge it (QoS 1, manual
//!   acknowledgements, a persistent session), so a crash between receipt
//!   and persistence makes the broker redeliver it.
//! - **Devices** ([`run_device`]): verify a delivered token (signed by the
//!   issuer, for this device, newer than the one held) before handing it
//!   to the application.
//!
//! Anything that is not valid is refused, counted in [`Metrics`] and never
//! stops a subscriber. All three reconnect by themselves with exponential
//! back-off and jitter.

mod config;
mod device;
mod issuer;
mod metrics;
mod subscriber;
#[cfg(feature = "tls")]
mod tls;

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jwt_core::StoreError;
use jwt_revoke::{EventError, Revocation};

pub use config::BrokerConfig;
pub use device::{DeviceToken, run_device};
pub use issuer::{Publisher, PublisherLoop, Schedule, publish_retained};
pub use metrics::{Metrics, MetricsSnapshot};
pub use subscriber::run_subscriber;
#[cfg(feature = "tls")]
pub use tls::Tls;

/// Topic names under a configurable prefix (e.g. `"fleet-7/"`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Topics {
    prefix: String,
}

fn enc(s: &str) -> String {
    URL_SAFE_NO_PAD.encode(s.as_bytes())
}

impl Topics {
    /// Topics under `prefix` (empty for none; end it with `/`).
    pub fn new(prefix: &str) -> Self {
        Topics {
            prefix: prefix.to_string(),
        }
    }

    /// The prefix.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The retained topic of one revocation.
    pub fn revocation(&self, revocation: &Revocation) -> String {
        let iss = enc(revocation.iss().unwrap_or_default());
        match revocation {
            Revocation::Token { jti, .. } => {
                format!("{}jwt_revoked/{iss}/jti/{}", self.prefix, enc(jti))
            }
            Revocation::Subject { sub, .. } => {
                format!("{}jwt_revoked/{iss}/sub/{}", self.prefix, enc(sub))
            }
        }
    }

    /// The filter for every revocation of `iss` (what a verifier of that
    /// issuer subscribes to).
    pub fn issuer_filter(&self, iss: &str) -> String {
        format!("{}jwt_revoked/{}/#", self.prefix, enc(iss))
    }

    /// The bare topic of the seed's scheme (a plain `jti` per message).
    pub fn bare_revocations(&self) -> String {
        format!("{}jwt_revoked", self.prefix)
    }

    /// The topic a device's new tokens are delivered on.
    pub fn device_tokens(&self, device_id: &str) -> String {
        format!("{}device_tokens/{}", self.prefix, enc(device_id))
    }
}

/// Why the MQTT side failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MqttError {
    /// The client refused a request (its queue is closed).
    #[error("MQTT client: {0}")]
    Client(#[from] rumqttc::ClientError),
    /// An event could not be made.
    #[error(transparent)]
    Event(#[from] EventError),
    /// The store refused a revocation.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A configuration that cannot work (TLS files, client id, issuer).
    #[error("MQTT configuration: {0}")]
    Config(String),
    /// The clock could not tell the time.
    #[error("the clock is unavailable")]
    ClockUnavailable,
    /// The connection failed or was refused (a one-shot publish does not
    /// retry).
    #[error("MQTT connection: {0}")]
    Connection(String),
    /// The broker did not acknowledge in time.
    #[error("the broker did not acknowledge in time")]
    Timeout,
}

/// The text of a message, or `None` when it is empty (a retained message
/// being cleared), over `max` bytes, or not UTF-8; each counted.
fn payload_text<'a>(
    publish: &'a rumqttc::Publish,
    max: usize,
    metrics: &Metrics,
) -> Option<&'a str> {
    let payload = &publish.payload;
    if payload.is_empty() {
        metrics::count(&metrics.cleared);
        return None;
    }
    if payload.len() > max {
        metrics::count(&metrics.refused_oversized);
        return None;
    }
    let text = std::str::from_utf8(payload);
    if text.is_err() {
        metrics::count(&metrics.refused_malformed);
    }
    text.ok()
}

/// Polls `eventloop` in its own task and forwards its events, so a
/// handler may wait on the client (an acknowledgement, a subscription)
/// without stalling the loop that drains the client's requests. Connection
/// errors are counted and followed by back-off; the loop then reconnects.
/// The task stops when the returned guard or receiver is dropped.
fn spawn_pump(
    mut eventloop: rumqttc::EventLoop,
    metrics: std::sync::Arc<Metrics>,
) -> (
    PumpGuard,
    tokio::sync::mpsc::UnboundedReceiver<rumqttc::Event>,
) {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let task = tokio::spawn(async move {
        let mut backoff = Backoff::new();
        loop {
            match eventloop.poll().await {
                Ok(event) => {
                    if matches!(event, rumqttc::Event::Incoming(rumqttc::Packet::ConnAck(_))) {
                        backoff.reset();
                    }
                    if tx.send(event).is_err() {
                        return;
                    }
                }
                Err(_) => {
                    metrics::count(&metrics.reconnects);
                    if tx.is_closed() {
                        return;
                    }
                    backoff.sleep().await;
                }
            }
        }
    });
    (PumpGuard(task), rx)
}

/// Stops the pump task when dropped.
struct PumpGuard(tokio::task::JoinHandle<()>);

impl Drop for PumpGuard {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Exponential back-off (100 ms doubling to 10 s) with jitter, which
/// spreads a fleet's reconnects after a broker restart.
struct Backoff {
    delay: Duration,
}

impl Backoff {
    fn new() -> Self {
        Backoff {
            delay: Duration::from_millis(100),
        }
    }

    fn reset(&mut self) {
        self.delay = Duration::from_millis(100);
    }

    /// Sleeps for the next delay.
    async fn sleep(&mut self) {
        use std::hash::{BuildHasher, Hasher};
        // A random number without a dependency: the standard library
        // seeds each RandomState from the OS.
        let random = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish();
        let half = u64::try_from(self.delay.as_millis() / 2).unwrap_or(u64::MAX);
        let jitter = Duration::from_millis(random.checked_rem(half.max(1)).unwrap_or(0));
        let sleep = self.delay.saturating_add(jitter);
        self.delay = self.delay.saturating_mul(2).min(Duration::from_secs(10));
        tokio::time::sleep(sleep).await;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Identifiers never put a separator or a wildcard into a topic.
    #[test]
    fn hostile_identifiers_stay_inside_one_topic_level() {
        let topics = Topics::new("fleet-7/");
        for (iss, id) in [
            ("https://auth.example.com/a/b", "x/y"),
            ("i", "+"),
            ("i", "#"),
            ("i", "a/+/#/\u{0}"),
            ("", ""),
        ] {
            for r in [
                Revocation::token(Some(iss), id, 1),
                Revocation::subject(Some(iss), id, 1),
            ] {
                let topic = topics.revocation(&r);
                let rest = topic.strip_prefix("fleet-7/jwt_revoked/").unwrap();
                assert_eq!(rest.split('/').count(), 3, "{topic}");
                assert!(!rest.contains(['+', '#', '\0']), "{topic}");
            }
            let device = topics.device_tokens(id);
            assert_eq!(device.split('/').count(), 3, "{device}");
        }
        assert_eq!(
            topics.issuer_filter("https://a"),
            format!("fleet-7/jwt_revoked/{}/#", enc("https://a"))
        );
    }

    #[test]
    fn configurations_that_cannot_work_are_refused() {
        let ok = BrokerConfig::new("127.0.0.1", 1883, "gw");
        assert!(ok.options(true).is_ok());
        for bad in [
            BrokerConfig::new("127.0.0.1", 1883, ""),
            BrokerConfig::new("127.0.0.1", 1883, &"x".repeat(300)),
            BrokerConfig::new("", 1883, "gw"),
            ok.clone().with_topics(Topics::new("fleet/+/")),
            ok.clone().with_topics(Topics::new("#")),
        ] {
            assert!(
                matches!(bad.options(true), Err(MqttError::Config(_))),
                "{bad:?}"
            );
        }
        for url in [
            "mqtt://",
            "mqtt://:1883",
            "mqtt://h:0",
            "tcp://h",
            "mqtt://h/path",
            "mqtt://[::1",
        ] {
            assert!(BrokerConfig::from_url(url, "gw").is_err(), "{url}");
        }
        let (c, tls) = BrokerConfig::from_url("mqtt://[::1]", "gw").unwrap();
        assert!(!tls && c.options(true).is_ok());
    }

    #[cfg(feature = "tls")]
    #[test]
    fn tls_material_is_checked() {
        assert!(Tls::ca_pem("").client_config().is_err());
        assert!(
            Tls::ca_pem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
                .client_config()
                .is_err()
        );
        // The key never shows in Debug output.
        let tls = Tls::ca_pem("ca").client_certificate("cert", "SECRET KEY");
        assert!(!format!("{tls:?}").contains("SECRET"));
    }
}
