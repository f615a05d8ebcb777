//! The verifier side: revocation events in, a persisted store out.

use std::sync::Arc;

use jwt_core::Clock;
use jwt_revoke::{Added, EventError, EventVerifier, Revocation, RevocationStore};
use jwt_verify::KeySource;
use rumqttc::{Event, Packet, Publish, QoS};

use crate::metrics::count;
use crate::{BrokerConfig, Metrics, MqttError, Topics, payload_text, spawn_pump};

/// Subscribes to `events`' issuer's revocation topics (and the bare
/// `jwt_revoked` topic when `events` accepts bare ids) and applies every
/// valid event to `store` until `stop` turns true.
///
/// Each message is verified with the issuer's keys, applied to the store
/// (appended and `fsync`ed) and only then acknowledged, so a crash in
/// between makes the broker deliver it again. Anything else is refused,
/// counted in `metrics`, acknowledged (so it is not redelivered) and
/// never stops the loop. After a connection loss the subscriber
/// reconnects with exponential back-off and jitter and subscribes again,
/// which also delivers the broker's retained set (the catch-up after a
/// broker that lost the session).
///
/// # Errors
/// [`MqttError::Config`] for a configuration that cannot work (bad TLS
/// files, an empty client id); [`MqttError::Client`] when the client's
/// queue closes. Broker and network failures are retried, not returned.
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
    let (client, eventloop) = config.client(true, false, 64)?;
    let (_pump, mut incoming) = spawn_pump(eventloop, Arc::clone(&metrics));
    let topics = config.topics().clone();
    let mut filters = vec![topics.issuer_filter(events.issuer())];
    if events.accepts_bare_jti() {
        filters.push(topics.bare_revocations());
    }
    let mut next: Option<Event> = None;
    loop {
        let event = match next.take() {
            Some(event) => event,
            None => tokio::select! {
                _ = stop.changed() => return Ok(()),
                event = incoming.recv() => match event {
                    Some(event) => event,
                    None => return Ok(()),
                },
            },
        };
        match event {
            Event::Incoming(Packet::ConnAck(ack)) => {
                if !ack.session_present {
                    count(&metrics.sessions_lost);
                }
                // Always: a broker that kept the session also sends the
                // retained set again, which covers one that lost it.
                for filter in &filters {
                    client.subscribe(filter.clone(), QoS::AtLeastOnce).await?;
                }
            }
            Event::Incoming(Packet::Publish(first)) => {
                // Whatever else has already arrived joins this batch: one
                // fsync for all of it (a catch-up is a burst).
                let mut batch = vec![first];
                while batch.len() < MAX_BATCH {
                    match incoming.try_recv() {
                        Ok(Event::Incoming(Packet::Publish(p))) => batch.push(p),
                        Ok(other) => {
                            next = Some(other);
                            break;
                        }
                        Err(_) => break,
                    }
                }
                let acknowledge = apply(&batch, &config, &topics, &events, &store, &now, &metrics);
                for (publish, ack) in batch.iter().zip(acknowledge) {
                    if ack {
                        client.ack(publish).await?;
                    }
                }
            }
            _ => {}
        }
    }
}

/// The most messages applied with one fsync.
const MAX_BATCH: usize = 256;

/// Verifies each message, records the valid ones in one batch, counts
/// everything. Returns, per message, whether to acknowledge it
/// (everything but events the store failed to record, which the broker
/// must deliver again).
fn apply<K: KeySource, C: Clock, N: Clock>(
    batch: &[Publish],
    config: &BrokerConfig,
    topics: &Topics,
    events: &EventVerifier<K, C>,
    store: &RevocationStore,
    now: &N,
    metrics: &Metrics,
) -> Vec<bool> {
    let verified: Vec<Option<Revocation>> = batch
        .iter()
        .map(|p| check(p, config, topics, events, metrics))
        .collect();
    let revocations: Vec<Revocation> = verified.iter().flatten().cloned().collect();
    if revocations.is_empty() {
        return vec![true; batch.len()];
    }
    let recorded = now
        .now()
        .ok_or(jwt_core::StoreError::Unavailable)
        .and_then(|now| store.revoke_all(&revocations, now));
    match recorded {
        Ok(added) => {
            for a in added {
                match a {
                    Added::New | Added::Extended => count(&metrics.applied),
                    _ => count(&metrics.already_known),
                }
            }
            vec![true; batch.len()]
        }
        Err(_) => {
            for _ in &revocations {
                count(&metrics.store_failures);
            }
            verified.iter().map(Option::is_none).collect()
        }
    }
}

/// One message: the revocation it validly announces, or `None` (refused
/// and counted).
fn check<K: KeySource, C: Clock>(
    publish: &Publish,
    config: &BrokerConfig,
    topics: &Topics,
    events: &EventVerifier<K, C>,
    metrics: &Metrics,
) -> Option<Revocation> {
    let text = payload_text(publish, config.max_message(), metrics)?;
    let revocation = match events.verify(text) {
        Ok(r) => r,
        Err(EventError::Verify(jwt_core::VerifyError::Parse(_))) => {
            count(&metrics.refused_malformed);
            return None;
        }
        Err(EventError::Verify(_)) => {
            count(&metrics.refused_unverified);
            return None;
        }
        Err(_) => {
            count(&metrics.refused_malformed);
            return None;
        }
    };
    // A valid event under another revocation's topic would let whoever
    // can publish there shadow (and, by clearing, hide) that revocation.
    let bare = publish.topic.strip_prefix(topics.prefix()) == Some("jwt_revoked");
    if !bare && publish.topic != topics.revocation(&revocation) {
        count(&metrics.refused_misplaced);
        return None;
    }
    Some(revocation)
}
