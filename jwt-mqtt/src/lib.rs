//! Revocation events over MQTT (work in progress for issue 14).
//!
//! Topic layout: one retained message per live revocation, so a device
//! that connects late catches up from the broker without the issuer
//! resending:
//!
//! ```text
//! {prefix}jwt_revoked/{base64url(iss)}/jti/{base64url(jti)}   a token
//! {prefix}jwt_revoked/{base64url(iss)}/sub/{base64url(sub)}   a subject cut-off
//! ```
//!
//! The payload is the issuer's signed revocation event (`jwt-revoke`).
//! Identifiers are base64url-encoded because an `iss` URL holds `/` (a
//! topic level separator) and a `jti` may hold `+` or `#` (wildcards).
//! A subscriber verifies each event with the issuer's keys, applies it to
//! its store (persisted when the store is a `RevocationStore`), and only
//! then acknowledges it (QoS 1, manual acknowledgements, a persistent
//! session), so a crash between receipt and persistence makes the broker
//! redeliver it. Anything that is not a valid event of the issuer is
//! refused, counted in [`Metrics`] and never stops the subscriber.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jwt_core::{Clock, StoreError};
use jwt_revoke::{Added, EventError, EventVerifier, Revocation, RevocationStore};
use jwt_verify::KeySource;
use rumqttc::{AsyncClient, Event, MqttOptions, Packet, QoS};

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

    /// The filter a subscriber uses: every revocation of every issuer.
    pub fn revocations_filter(&self) -> String {
        format!("{}jwt_revoked/#", self.prefix)
    }

    /// The topic a device's new tokens are delivered on.
    pub fn device_tokens(&self, device_id: &str) -> String {
        format!("{}device_tokens/{}", self.prefix, enc(device_id))
    }
}

/// What a subscriber did with the messages it received.
#[derive(Debug, Default)]
pub struct Metrics {
    applied: AtomicU64,
    already_known: AtomicU64,
    refused_unverified: AtomicU64,
    refused_malformed: AtomicU64,
    refused_oversized: AtomicU64,
    store_failures: AtomicU64,
    reconnects: AtomicU64,
}

/// A copy of the [`Metrics`] counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MetricsSnapshot {
    /// Events verified and added to the store.
    pub applied: u64,
    /// Events verified whose revocation the store already held.
    pub already_known: u64,
    /// Messages that did not verify (forged, another issuer, expired).
    pub refused_unverified: u64,
    /// Messages that are not events at all (not UTF-8, not a token, a bare
    /// id when those are off, a malformed `revoke` claim).
    pub refused_malformed: u64,
    /// Messages over the size limit, refused unread.
    pub refused_oversized: u64,
    /// Events the store could not record (they are not acknowledged, so
    /// the broker delivers them again).
    pub store_failures: u64,
    /// Connection losses after which the subscriber reconnected.
    pub reconnects: u64,
}

impl Metrics {
    /// The counters now.
    pub fn snapshot(&self) -> MetricsSnapshot {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        MetricsSnapshot {
            applied: get(&self.applied),
            already_known: get(&self.already_known),
            refused_unverified: get(&self.refused_unverified),
            refused_malformed: get(&self.refused_malformed),
            refused_oversized: get(&self.refused_oversized),
            store_failures: get(&self.store_failures),
            reconnects: get(&self.reconnects),
        }
    }
}

/// Where and how to connect.
#[derive(Clone, Debug)]
pub struct BrokerConfig {
    /// Host name or address.
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// The client id: fixed per device, so the broker keeps its session.
    pub client_id: String,
    /// Topic names.
    pub topics: Topics,
    /// The largest message accepted, in bytes.
    pub max_message: usize,
}

impl BrokerConfig {
    /// A plain-TCP broker at `host:port` with a persistent session under
    /// `client_id`; messages up to 8 KiB.
    pub fn new(host: &str, port: u16, client_id: &str) -> Self {
        BrokerConfig {
            host: host.to_string(),
            port,
            client_id: client_id.to_string(),
            topics: Topics::default(),
            max_message: 8 * 1024,
        }
    }

    fn options(&self) -> MqttOptions {
        let mut o = MqttOptions::new(&self.client_id, &self.host, self.port);
        o.set_keep_alive(Duration::from_secs(10));
        o.set_clean_session(false);
        o.set_manual_acks(true);
        // A little over the limit, so that oversized messages arrive and
        // are counted instead of closing the connection.
        let packet = self.max_message.saturating_mul(2).saturating_add(1024);
        o.set_max_packet_size(packet, packet);
        o
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
}

/// Publishes a signed revocation event, retained at its topic, QoS 1.
///
/// # Errors
/// [`MqttError::Client`] when the client's queue is closed.
pub async fn publish_revocation(
    client: &AsyncClient,
    topics: &Topics,
    revocation: &Revocation,
    event: &str,
) -> Result<(), MqttError> {
    client
        .publish(
            topics.revocation(revocation),
            QoS::AtLeastOnce,
            true,
            event.as_bytes().to_vec(),
        )
        .await?;
    Ok(())
}

/// Subscribes to the revocation topics and applies every valid event to
/// `store` until `stop` turns true; reconnects with back-off after a
/// connection loss.
///
/// # Errors
/// [`MqttError::Client`] when the client's queue is closed.
pub async fn run_subscriber<K, C, N>(
    config: BrokerConfig,
    events: EventVerifier<K, C>,
    store: Arc<RevocationStore>,
    now: N,
    metrics: Arc<Metrics>,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> Result<(), MqttError>
where
    K: KeySource,
    C: Clock,
    N: Clock,
{
    let (client, mut eventloop) = AsyncClient::new(config.options(), 64);
    let filter = config.topics.revocations_filter();
    let mut backoff = Duration::from_millis(100);
    loop {
        let polled = tokio::select! {
            _ = stop.changed() => return Ok(()),
            polled = eventloop.poll() => polled,
        };
        match polled {
            Ok(Event::Incoming(Packet::ConnAck(_))) => {
                backoff = Duration::from_millis(100);
                client.subscribe(filter.clone(), QoS::AtLeastOnce).await?;
            }
            Ok(Event::Incoming(Packet::Publish(publish))) => {
                let acknowledge = handle(
                    &publish.payload,
                    config.max_message,
                    &events,
                    &store,
                    &now,
                    &metrics,
                );
                if acknowledge {
                    client.ack(&publish).await?;
                }
            }
            Ok(_) => {}
            Err(_) => {
                metrics.reconnects.fetch_add(1, Ordering::Relaxed);
                // Jitter spreads a fleet's reconnects after a broker restart.
                let jitter = Duration::from_millis(u64::from(
                    std::process::id()
                        .wrapping_mul(2_654_435_761)
                        .checked_rem(100)
                        .unwrap_or(0),
                ));
                tokio::select! {
                    _ = stop.changed() => return Ok(()),
                    () = tokio::time::sleep(backoff.saturating_add(jitter)) => {}
                }
                backoff = backoff.saturating_mul(2).min(Duration::from_secs(10));
            }
        }
    }
}

/// One message: verified, applied, counted. Returns whether to
/// acknowledge it (everything but an event the store failed to record,
/// which the broker must deliver again).
fn handle<K: KeySource, C: Clock, N: Clock>(
    payload: &[u8],
    max: usize,
    events: &EventVerifier<K, C>,
    store: &RevocationStore,
    now: &N,
    metrics: &Metrics,
) -> bool {
    let count = |c: &AtomicU64| {
        c.fetch_add(1, Ordering::Relaxed);
    };
    if payload.len() > max {
        count(&metrics.refused_oversized);
        return true;
    }
    let Ok(text) = std::str::from_utf8(payload) else {
        count(&metrics.refused_malformed);
        return true;
    };
    let revocation = match events.verify(text) {
        Ok(r) => r,
        Err(EventError::Verify(_)) => {
            count(&metrics.refused_unverified);
            return true;
        }
        Err(_) => {
            count(&metrics.refused_malformed);
            return true;
        }
    };
    let Some(now) = now.now() else {
        count(&metrics.store_failures);
        return false;
    };
    match store.revoke(revocation, now) {
        Ok(Added::New | Added::Extended) => count(&metrics.applied),
        Ok(Added::Present | Added::AlreadyExpired) => count(&metrics.already_known),
        Err(StoreError::Full | StoreError::Unavailable | StoreError::Corrupt) | Err(_) => {
            count(&metrics.store_failures);
            return false;
        }
    }
    true
}
