//! The issuer side: revocations published from the issuer's own store
//! (the source of truth), device tokens delivered, lapsed retained
//! messages cleared.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jwt_core::Clock;
use jwt_issue::SigningKey;
use jwt_revoke::{Added, Policy, Revocation, RevocationStore, sign_event};
use rumqttc::{AsyncClient, Event, EventLoop, Packet, QoS};
use tokio::sync::watch;

use crate::metrics::count;
use crate::{BrokerConfig, Metrics, MqttError, Topics, spawn_pump};

/// When the issuer's background work runs.
#[derive(Clone, Copy, Debug)]
pub struct Schedule {
    /// How often the store is pruned and the retained messages of lapsed
    /// revocations are cleared (default 60 s).
    pub prune_every: Duration,
    /// How often the whole live set is published again even when the
    /// broker kept its session (default 6 hours; `None`: only after a
    /// lost session). Each round sends every live revocation to every
    /// subscriber: at fleet scale keep it rare.
    pub republish_every: Option<Duration>,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule {
            prune_every: Duration::from_secs(60),
            republish_every: Some(Duration::from_secs(6 * 3600)),
        }
    }
}

struct Inner<K, C> {
    client: AsyncClient,
    topics: Topics,
    issuer: String,
    key: K,
    clock: C,
    policy: Policy,
    store: Arc<RevocationStore>,
    metrics: Arc<Metrics>,
    /// Topics of the retained revocations this issuer holds on the
    /// broker, with the time each stops mattering.
    retained: Mutex<HashMap<String, i64>>,
    /// Publications handed to the client and not yet acknowledged, in
    /// order, with their sequence numbers: a broker acknowledges QoS 1
    /// publications in the order it received them (MQTT 3.1.1, 4.6), so
    /// each PUBACK settles the oldest. The client drops its own unsent
    /// and unacknowledged publications when the broker lost the session;
    /// these are then sent again from here.
    unacked: Mutex<VecDeque<(u64, String, Vec<u8>)>>,
    /// Serialises handing a publication to the client with recording it,
    /// so both orders agree.
    sending: tokio::sync::Mutex<()>,
    /// The last sequence number handed out, and the last acknowledged.
    sent: watch::Sender<u64>,
    acked: watch::Sender<u64>,
}

/// The issuer's connection: publishes revocations from its store and
/// device tokens, keeps the broker's retained set equal to the store's
/// live set. Cheap to clone; every clone shares one connection, whose
/// event loop [`PublisherLoop::run`] drives.
///
/// The broker is not the source of truth: the issuer's
/// [`RevocationStore`] is. When the broker reports that it lost this
/// client's session (CONNACK session-present false: a broker restarted
/// without its state, a failover), and on the [`Schedule`], the live set
/// is published again; retained messages under this issuer's topics that
/// name no live revocation are cleared.
pub struct Publisher<K, C> {
    inner: Arc<Inner<K, C>>,
}

impl<K, C> Clone for Publisher<K, C> {
    fn clone(&self) -> Self {
        Publisher {
            inner: Arc::clone(&self.inner),
        }
    }
}

/// Drives a [`Publisher`]'s connection; run it in a task.
pub struct PublisherLoop<K, C> {
    inner: Arc<Inner<K, C>>,
    eventloop: EventLoop,
    schedule: Schedule,
}

impl<K, C> Publisher<K, C>
where
    K: SigningKey + Send + Sync + 'static,
    C: Clock + Send + Sync + 'static,
{
    /// A publisher for `issuer`, signing with `key`, backed by `store`
    /// (whose entries expire under `policy`, the store's policy).
    ///
    /// # Errors
    /// [`MqttError::Config`] for a configuration that cannot work.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        config: &BrokerConfig,
        issuer: &str,
        key: K,
        clock: C,
        store: Arc<RevocationStore>,
        policy: Policy,
        schedule: Schedule,
        metrics: Arc<Metrics>,
    ) -> Result<(Self, PublisherLoop<K, C>), MqttError> {
        // Automatic acknowledgements: the issuer only reads its own
        // retained messages back, to clear lapsed ones.
        // A rendezvous channel: a request is either with the event loop
        // or still with the caller, never parked in between, so after a
        // lost session everything unacknowledged is known to be dropped.
        let (client, eventloop) = config.client(false, false, 0)?;
        let inner = Arc::new(Inner {
            client,
            topics: config.topics().clone(),
            issuer: issuer.to_string(),
            key,
            clock,
            policy,
            store,
            metrics,
            retained: Mutex::new(HashMap::new()),
            unacked: Mutex::new(VecDeque::new()),
            sending: tokio::sync::Mutex::new(()),
            sent: watch::Sender::new(0),
            acked: watch::Sender::new(0),
        });
        let publisher = Publisher {
            inner: Arc::clone(&inner),
        };
        Ok((
            publisher,
            PublisherLoop {
                inner,
                eventloop,
                schedule,
            },
        ))
    }

    /// Records `revocation` in the store (persisted before anything is
    /// published) and publishes its signed event, retained at its topic.
    /// The broker has it once [`flush`](Self::flush) returns. While the
    /// broker is unreachable this waits for the connection (the
    /// revocation is already in the store, so the republish after a lost
    /// session also carries it).
    ///
    /// # Errors
    /// [`MqttError::Store`] when the store refuses it (nothing is
    /// published), [`MqttError::Event`] when it cannot be signed (its
    /// issuer is not this publisher's, or it has already lapsed).
    pub async fn revoke(&self, revocation: Revocation) -> Result<Added, MqttError> {
        let inner = &self.inner;
        if revocation.iss() != Some(inner.issuer.as_str()) {
            return Err(MqttError::Config(
                "the revocation names another issuer".into(),
            ));
        }
        let now = inner.clock.now().ok_or(MqttError::ClockUnavailable)?;
        let added = inner.store.revoke(revocation.clone(), now)?;
        if added != Added::AlreadyExpired {
            self.publish_revocation(&revocation).await?;
        }
        Ok(added)
    }

    async fn publish_revocation(&self, revocation: &Revocation) -> Result<(), MqttError> {
        let inner = &self.inner;
        let event = sign_event(
            &inner.key,
            revocation,
            &inner.policy,
            &inner.clock,
            &mut jwt_issue::OsRng,
        )?;
        let topic = inner.topics.revocation(revocation);
        if let Ok(mut retained) = inner.retained.lock() {
            retained.insert(topic.clone(), revocation.expires(&inner.policy));
        }
        self.publish(topic, event.into_bytes()).await
    }

    async fn publish(&self, topic: String, payload: Vec<u8>) -> Result<(), MqttError> {
        let inner = &self.inner;
        let _order = inner.sending.lock().await;
        let mut seq = 0;
        inner.sent.send_modify(|n| {
            *n = n.saturating_add(1);
            seq = *n;
        });
        if let Ok(mut unacked) = inner.unacked.lock() {
            unacked.push_back((seq, topic.clone(), payload.clone()));
        }
        inner
            .client
            .publish(topic, QoS::AtLeastOnce, true, payload)
            .await?;
        Ok(())
    }

    /// After a lost session: what the client dropped, sent again.
    async fn resend_unacknowledged(&self) -> Result<(), MqttError> {
        let dropped = match self.inner.unacked.lock() {
            Ok(mut unacked) => std::mem::take(&mut *unacked),
            Err(_) => VecDeque::new(),
        };
        for (_, topic, payload) in dropped {
            self.publish(topic, payload).await?;
        }
        Ok(())
    }

    /// Delivers `token` to `device_id`, retained (a device that connects
    /// later gets it; the next token for the device replaces it).
    ///
    /// # Errors
    /// [`MqttError::Client`] when the connection's queue is closed.
    pub async fn publish_device_token(
        &self,
        device_id: &str,
        token: &str,
    ) -> Result<(), MqttError> {
        let topic = self.inner.topics.device_tokens(device_id);
        self.publish(topic, token.as_bytes().to_vec()).await
    }

    /// Clears the retained token of `device_id` (a device taken out of
    /// service).
    ///
    /// # Errors
    /// [`MqttError::Client`] when the connection's queue is closed.
    pub async fn clear_device_token(&self, device_id: &str) -> Result<(), MqttError> {
        let topic = self.inner.topics.device_tokens(device_id);
        self.publish(topic, Vec::new()).await
    }

    /// Waits until the broker has acknowledged everything published so
    /// far (across reconnects), or `timeout` passes.
    ///
    /// # Errors
    /// [`MqttError::Timeout`] when the broker did not acknowledge in time.
    pub async fn flush(&self, timeout: Duration) -> Result<(), MqttError> {
        let target = *self.inner.sent.borrow();
        let mut acked = self.inner.acked.subscribe();
        tokio::time::timeout(timeout, acked.wait_for(|n| *n >= target))
            .await
            .map_err(|_| MqttError::Timeout)?
            .map_err(|_| MqttError::Timeout)?;
        Ok(())
    }

    /// Publishes every live revocation of the store again; returns how
    /// many.
    ///
    /// # Errors
    /// [`MqttError::Store`] when the store cannot be read,
    /// [`MqttError::Client`] when the connection's queue is closed.
    pub async fn republish_all(&self) -> Result<usize, MqttError> {
        let inner = &self.inner;
        let mut n = 0usize;
        for revocation in inner.store.entries()? {
            if revocation.iss() != Some(inner.issuer.as_str()) {
                continue;
            }
            match self.publish_revocation(&revocation).await {
                Ok(()) => {}
                // Lapsed between the copy and now: nothing to publish.
                Err(MqttError::Event(jwt_revoke::EventError::NotInForce)) => continue,
                Err(e) => return Err(e),
            }
            count(&inner.metrics.republished);
            n = n.saturating_add(1);
        }
        Ok(n)
    }

    /// Prunes the store at the clock's time and clears the retained
    /// messages of the revocations that lapsed; returns how many were
    /// cleared.
    ///
    /// # Errors
    /// [`MqttError::Store`] when the store cannot be pruned,
    /// [`MqttError::Client`] when the connection's queue is closed.
    pub async fn prune(&self) -> Result<usize, MqttError> {
        let inner = &self.inner;
        let now = inner.clock.now().ok_or(MqttError::ClockUnavailable)?;
        inner.store.prune(now)?;
        let lapsed: Vec<String> = match inner.retained.lock() {
            Ok(mut retained) => {
                let lapsed = retained
                    .iter()
                    .filter(|(_, expires)| **expires <= now)
                    .map(|(topic, _)| topic.clone())
                    .collect::<Vec<_>>();
                for topic in &lapsed {
                    retained.remove(topic);
                }
                lapsed
            }
            Err(_) => Vec::new(),
        };
        let n = lapsed.len();
        for topic in lapsed {
            self.publish(topic, Vec::new()).await?;
        }
        Ok(n)
    }

    /// The live revocations' topics, from the store.
    fn live_topics(&self) -> Result<HashMap<String, i64>, MqttError> {
        let inner = &self.inner;
        Ok(inner
            .store
            .entries()?
            .into_iter()
            .filter(|r| r.iss() == Some(inner.issuer.as_str()))
            .map(|r| (inner.topics.revocation(&r), r.expires(&inner.policy)))
            .collect())
    }
}

impl<K, C> PublisherLoop<K, C>
where
    K: SigningKey + Send + Sync + 'static,
    C: Clock + Send + Sync + 'static,
{
    /// Runs the connection until `stop` turns true: reconnects with
    /// back-off and jitter, republishes the live set when the broker lost
    /// the session and on the schedule, prunes and clears on the
    /// schedule, and clears retained messages under this issuer's topics
    /// that name no live revocation (left by an earlier run).
    ///
    /// # Errors
    /// [`MqttError::Client`] when the connection's queue closes.
    pub async fn run(self, mut stop: watch::Receiver<bool>) -> Result<(), MqttError> {
        let publisher = Publisher {
            inner: Arc::clone(&self.inner),
        };
        let filter = self.inner.topics.issuer_filter(&self.inner.issuer);
        // The event loop runs in its own task: `EventLoop::poll` must not
        // be cancelled (a connect cut short loses its CONNACK), and the
        // timers below would cancel it.
        let (_pump, mut incoming) = spawn_pump(self.eventloop, Arc::clone(&self.inner.metrics));
        let mut prune =
            tokio::time::interval(self.schedule.prune_every.max(Duration::from_secs(1)));
        let republish_every = self.schedule.republish_every.unwrap_or(Duration::MAX);
        let mut republish = tokio::time::interval_at(
            tokio::time::Instant::now()
                .checked_add(republish_every)
                .unwrap_or_else(far_future),
            republish_every.max(Duration::from_secs(1)),
        );
        loop {
            let event = tokio::select! {
                _ = stop.changed() => return Ok(()),
                _ = prune.tick() => {
                    let p = publisher.clone();
                    tokio::spawn(async move { p.prune().await });
                    continue;
                }
                _ = republish.tick() => {
                    let p = publisher.clone();
                    tokio::spawn(async move { p.republish_all().await });
                    continue;
                }
                event = incoming.recv() => match event {
                    Some(event) => event,
                    None => return Ok(()),
                },
            };
            match event {
                Event::Incoming(Packet::ConnAck(ack)) => {
                    // What the broker should retain for this issuer: the
                    // store's live set (read back below, anything else
                    // under the issuer's topics is cleared).
                    if let Ok(live) = publisher.live_topics()
                        && let Ok(mut retained) = self.inner.retained.lock()
                    {
                        retained.extend(live);
                    }
                    let lost = !ack.session_present;
                    if lost {
                        count(&self.inner.metrics.sessions_lost);
                    }
                    let p = publisher.clone();
                    let filter = filter.clone();
                    // In a task: the loop must keep polling while the
                    // queue fills.
                    tokio::spawn(async move {
                        if lost {
                            p.resend_unacknowledged().await?;
                            p.republish_all().await?;
                        }
                        p.inner.client.subscribe(filter, QoS::AtLeastOnce).await?;
                        Ok::<(), MqttError>(())
                    });
                }
                Event::Incoming(Packet::PubAck(_)) => {
                    let settled = self
                        .inner
                        .unacked
                        .lock()
                        .ok()
                        .and_then(|mut u| u.pop_front());
                    if let Some((seq, _, _)) = settled {
                        self.inner.acked.send_modify(|n| *n = (*n).max(seq));
                    }
                }
                // Retained messages read back: clear those that name no
                // live revocation (lapsed while the issuer was away, or put
                // there by someone else).
                Event::Incoming(Packet::Publish(publish))
                    if publish.retain && !publish.payload.is_empty() =>
                {
                    let live = self
                        .inner
                        .retained
                        .lock()
                        .map(|r| r.contains_key(&publish.topic))
                        .unwrap_or(true);
                    if !live {
                        let p = publisher.clone();
                        tokio::spawn(async move { p.publish(publish.topic, Vec::new()).await });
                    }
                }
                _ => {}
            }
        }
    }
}

fn far_future() -> tokio::time::Instant {
    tokio::time::Instant::now()
        .checked_add(Duration::from_secs(100 * 365 * 86_400))
        .unwrap_or_else(tokio::time::Instant::now)
}

/// Publishes `messages` (topic, payload) retained at QoS 1 on a
/// short-lived connection with a clean session, and returns once the
/// broker acknowledged every one (for commands that publish and exit,
/// such as `jwt revoke --mqtt`; a long-running issuer uses [`Publisher`]).
///
/// # Errors
/// [`MqttError::Timeout`] when the broker did not accept the connection
/// or acknowledge every message within `timeout`; [`MqttError::Config`]
/// for a configuration that cannot work.
pub async fn publish_retained(
    config: &BrokerConfig,
    messages: Vec<(String, Vec<u8>)>,
    timeout: Duration,
) -> Result<(), MqttError> {
    let capacity = messages.len().saturating_add(4);
    let (client, mut eventloop) = config.client(false, true, capacity)?;
    let total = messages.len();
    for (topic, payload) in messages {
        client
            .try_publish(topic, QoS::AtLeastOnce, true, payload)
            .map_err(MqttError::Client)?;
    }
    let work = async {
        let mut acked = 0usize;
        while acked < total {
            match eventloop.poll().await {
                Ok(Event::Incoming(Packet::PubAck(_))) => acked = acked.saturating_add(1),
                Ok(_) => {}
                // A refused connection (bad credentials, TLS) or a lost
                // one: with a clean session nothing is resent, so stop.
                Err(e) => return Err(MqttError::Connection(e.to_string())),
            }
        }
        let _ = client.try_disconnect();
        // Let the DISCONNECT go out.
        let _ = tokio::time::timeout(Duration::from_millis(200), eventloop.poll()).await;
        Ok(())
    };
    tokio::time::timeout(timeout, work)
        .await
        .map_err(|_| MqttError::Timeout)?
}
