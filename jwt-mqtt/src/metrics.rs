//! Counters the application reads: what a subscriber did with each
//! message.

use std::sync::atomic::{AtomicU64, Ordering};

/// What a subscriber did with the messages it received (lock-free
/// counters; share it in an `Arc` and read it with
/// [`snapshot`](Self::snapshot)).
#[derive(Debug, Default)]
pub struct Metrics {
    pub(crate) applied: AtomicU64,
    pub(crate) already_known: AtomicU64,
    pub(crate) cleared: AtomicU64,
    pub(crate) refused_unverified: AtomicU64,
    pub(crate) refused_malformed: AtomicU64,
    pub(crate) refused_oversized: AtomicU64,
    pub(crate) refused_misplaced: AtomicU64,
    pub(crate) refused_other_device: AtomicU64,
    pub(crate) refused_replayed: AtomicU64,
    pub(crate) store_failures: AtomicU64,
    pub(crate) reconnects: AtomicU64,
    pub(crate) sessions_lost: AtomicU64,
    pub(crate) republished: AtomicU64,
}

/// A copy of the [`Metrics`] counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct MetricsSnapshot {
    /// Revocation events verified and added to the store; device tokens
    /// verified and handed to the application.
    pub applied: u64,
    /// Events verified whose revocation the store already held (a
    /// redelivery or a republished set); the device token already held.
    pub already_known: u64,
    /// Empty messages: a retained message being cleared (ignored).
    pub cleared: u64,
    /// Messages that did not verify: forged (another key), another
    /// issuer, expired, a token for another audience or type.
    pub refused_unverified: u64,
    /// Messages that are not events or tokens at all (not UTF-8, not a
    /// token, a bare id when those are off, a malformed `revoke` claim).
    pub refused_malformed: u64,
    /// Messages over the size limit, refused unread.
    pub refused_oversized: u64,
    /// Valid events published under another revocation's topic.
    pub refused_misplaced: u64,
    /// Valid tokens whose `sub` names another device.
    pub refused_other_device: u64,
    /// Valid device tokens older than the one already held (a replay).
    pub refused_replayed: u64,
    /// Events the store could not record (they are not acknowledged, so
    /// the broker delivers them again).
    pub store_failures: u64,
    /// Connection losses after which the client reconnected.
    pub reconnects: u64,
    /// Connections on which the broker had no session for this client
    /// (it lost its state, or this is the first connection).
    pub sessions_lost: u64,
    /// Revocations the issuer published again (after a lost session or
    /// on its schedule).
    pub republished: u64,
}

impl Metrics {
    /// The counters now.
    pub fn snapshot(&self) -> MetricsSnapshot {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        MetricsSnapshot {
            applied: get(&self.applied),
            already_known: get(&self.already_known),
            cleared: get(&self.cleared),
            refused_unverified: get(&self.refused_unverified),
            refused_malformed: get(&self.refused_malformed),
            refused_oversized: get(&self.refused_oversized),
            refused_misplaced: get(&self.refused_misplaced),
            refused_other_device: get(&self.refused_other_device),
            refused_replayed: get(&self.refused_replayed),
            store_failures: get(&self.store_failures),
            reconnects: get(&self.reconnects),
            sessions_lost: get(&self.sessions_lost),
            republished: get(&self.republished),
        }
    }
}

pub(crate) fn count(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}
