//! The verifier side: revocation events in, a persisted store out.

use std::sync::Arc;

use jwt_core::Clock;
use jwt_revoke::{Added, EventError, EventVerifier, RevocationStore};
use jwt_verify::KeySource;
use rumqttc::{AsyncClient, Event, Packet, Publish, QoS};

use crate::metrics::count;
use crate::{BrokerConfig, Metrics, MqttError, Topics, spawn_pump};

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
    let (client, eventloop) = AsyncClient::new(config.options(true)?, 64);
    let (_pump, mut incoming) = spawn_pump(eventloop, Arc::clone(&metrics));
    let topics = config.topics().clone();
    let mut filters = vec![topics.issuer_filter(events.issuer())];
    if events.accepts_bare_jti() {
        filters.push(topics.bare_revocations());
    }
    loop {
        let event = tokio::select! {
            _ = stop.changed() => return Ok(()),
            event = incoming.recv() => event,
        };
        match event {
            Some(Event::Incoming(Packet::ConnAck(ack))) => {
                if !ack.session_present {
                    count(&metrics.sessions_lost);
                }
                // Always: a broker that kept the session also sends the
                // retained set again, which covers one that lost it.
                for filter in &filters {
                    client.subscribe(filter.clone(), QoS::AtLeastOnce).await?;
                }
            }
            Some(Event::Incoming(Packet::Publish(publish))) => {
                let acknowledge =
                    handle(&publish, &config, &topics, &events, &store, &now, &metrics);
                if acknowledge {
                    client.ack(&publish).await?;
                }
            }
            Some(_) => {}
            None => return Ok(()),
        }
    }
}

/// One message: verified, applied, counted. Returns whether to
/// acknowledge it (everything but an event the store failed to record,
/// which the broker must deliver again).
fn handle<K: KeySource, C: Clock, N: Clock>(
    publish: &Publish,
    config: &BrokerConfig,
    topics: &Topics,
    events: &EventVerifier<K, C>,
    store: &RevocationStore,
    now: &N,
    metrics: &Metrics,
) -> bool {
    let payload = &publish.payload;
    if payload.is_empty() {
        // The issuer clearing a lapsed retained revocation.
        count(&metrics.cleared);
        return true;
    }
    if payload.len() > config.max_message() {
        count(&metrics.refused_oversized);
        return true;
    }
    let Ok(text) = std::str::from_utf8(payload) else {
        count(&metrics.refused_malformed);
        return true;
    };
    let revocation = match events.verify(text) {
        Ok(r) => r,
        Err(EventError::Verify(jwt_core::VerifyError::Parse(_))) => {
            count(&metrics.refused_malformed);
            return true;
        }
        Err(EventError::Verify(_)) => {
            count(&metrics.refused_unverified);
            return true;
        }
        Err(_) => {
            count(&metrics.refused_malformed);
            return true;
        }
    };
    // A valid event under another revocation's topic would let whoever
    // can publish there shadow (and, by clearing, hide) that revocation.
    if publish.topic != topics.revocation(&revocation) && publish.topic != topics.bare_revocations()
    {
        count(&metrics.refused_misplaced);
        return true;
    }
    let Some(now) = now.now() else {
        count(&metrics.store_failures);
        return false;
    };
    match store.revoke(revocation, now) {
        Ok(Added::New | Added::Extended) => count(&metrics.applied),
        Ok(_) => count(&metrics.already_known),
        Err(_) => {
            count(&metrics.store_failures);
            return false;
        }
    }
    true
}
