//! The device side: new tokens arrive on `device_tokens/{device_id}`, are
//! verified, and only then reach the application.

use std::sync::Arc;

use jwt_core::{Clock, Validation, VerifyError};
use jwt_verify::{KeySource, Verifier};
use rumqttc::{Event, Packet, Publish, QoS};
use tokio::sync::mpsc;

use crate::metrics::count;
use crate::{BrokerConfig, Metrics, MqttError, payload_text, spawn_pump};

/// A token delivered to this device, verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceToken {
    /// The compact token.
    pub token: String,
    /// Its `iat`.
    pub issued_at: i64,
    /// Its `exp`, if it has one.
    pub expires_at: Option<i64>,
}

/// Receives this device's tokens until `stop` turns true or the
/// application drops the receiving end of `tokens`.
///
/// Every message on `device_tokens/{device_id}` is verified with `keys`
/// under `validation` (to which the subject `device_id` and a required
/// `iat` are added, so a token minted for another device is refused) at
/// `clock`'s time. A verified token newer than the last one handed over is
/// sent to `tokens`, and only then is the message acknowledged. Tokens
/// that do not verify, name another device, or are older than the one
/// already held (a replay of a superseded token) are refused and counted
/// in `metrics`.
///
/// # Errors
/// [`MqttError::Config`] for a configuration that cannot work;
/// [`MqttError::Client`] when the client's queue closes.
#[allow(clippy::too_many_arguments)]
pub async fn run_device<K, C>(
    config: BrokerConfig,
    device_id: &str,
    keys: K,
    clock: C,
    validation: Validation,
    tokens: mpsc::Sender<DeviceToken>,
    metrics: Arc<Metrics>,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> Result<(), MqttError>
where
    K: KeySource,
    C: Clock,
{
    let verifier =
        Verifier::new(keys, clock).with_validation(validation.subject(device_id).require_iat());
    let topic = config.topics().device_tokens(device_id);
    let (client, eventloop) = config.client(true, false, 16)?;
    let (_pump, mut incoming) = spawn_pump(eventloop, Arc::clone(&metrics));
    let mut held: Option<DeviceToken> = None;
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
                client.subscribe(topic.clone(), QoS::AtLeastOnce).await?;
            }
            Some(Event::Incoming(Packet::Publish(publish))) => {
                if publish.topic == topic
                    && let Some(token) =
                        check(&publish, &config, &verifier, held.as_ref(), &metrics)
                {
                    if tokens.send(token.clone()).await.is_err() {
                        // The application stopped listening.
                        return Ok(());
                    }
                    count(&metrics.applied);
                    held = Some(token);
                }
                client.ack(&publish).await?;
            }
            Some(_) => {}
            None => return Ok(()),
        }
    }
}

fn check<K: KeySource, C: Clock>(
    publish: &Publish,
    config: &BrokerConfig,
    verifier: &Verifier<K, C>,
    held: Option<&DeviceToken>,
    metrics: &Metrics,
) -> Option<DeviceToken> {
    let text = payload_text(publish, config.max_message(), metrics)?;
    let text = text.trim();
    let verified = match verifier.verify(text) {
        Ok(v) => v,
        Err(VerifyError::ClaimMismatch { claim } | VerifyError::MissingClaim { claim })
            if claim == "sub" =>
        {
            count(&metrics.refused_other_device);
            return None;
        }
        Err(VerifyError::Parse(_)) => {
            count(&metrics.refused_malformed);
            return None;
        }
        Err(_) => {
            count(&metrics.refused_unverified);
            return None;
        }
    };
    let claims = verified.claims();
    let issued_at = claims.iat()?.as_secs();
    let token = DeviceToken {
        token: text.to_string(),
        issued_at,
        expires_at: claims.exp().map(|e| e.as_secs()),
    };
    match held {
        Some(h) if h.token == token.token => {
            count(&metrics.already_known);
            None
        }
        Some(h) if issued_at < h.issued_at => {
            count(&metrics.refused_replayed);
            None
        }
        _ => Some(token),
    }
}
