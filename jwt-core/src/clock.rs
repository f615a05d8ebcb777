//! Injected time.
//!
//! Design note: verification never reads a global clock. Devices often boot
//! without real time, and tests must be able to stand at `exp` exactly; so a
//! [`Clock`] is handed to the verifier, and a clock that does not know the
//! time makes every time-based check fail closed. The alternative, reading
//! `SystemTime` inside the library, cannot be used on firmware and makes
//! expiry tests flaky.

/// A source of the current time in seconds since the Unix epoch.
pub trait Clock {
    /// The current time, or `None` when it is not known (no RTC, no NTP
    /// yet). `None` makes verification fail with `ClockUnavailable`.
    fn now(&self) -> Option<i64>;
}

/// A clock stopped at one instant: for tests, and for callers that read
/// the time once per batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FixedClock(pub i64);

impl Clock for FixedClock {
    fn now(&self) -> Option<i64> {
        Some(self.0)
    }
}

/// Any closure returning `Option<i64>` is a clock.
impl<F: Fn() -> Option<i64>> Clock for F {
    fn now(&self) -> Option<i64> {
        self()
    }
}

/// A shared clock (users cannot write this impl: orphan rule).
impl<C: Clock + ?Sized> Clock for alloc::sync::Arc<C> {
    fn now(&self) -> Option<i64> {
        (**self).now()
    }
}

/// The operating system's wall clock (feature `os` only).
#[cfg(feature = "os")]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SystemClock;

#[cfg(feature = "os")]
impl Clock for SystemClock {
    fn now(&self) -> Option<i64> {
        let d = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        i64::try_from(d.as_secs()).ok()
    }
}
