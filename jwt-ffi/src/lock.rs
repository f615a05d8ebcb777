//! The lock around a revocation store that verifiers on other threads or
//! tasks consult while the owner adds revocations.
//!
//! Design note: hosted builds use `std`'s `RwLock` (readers wait for a
//! writer). Firmware builds have no OS to block on, and spinning on a
//! single-core RTOS can deadlock a high-priority task against the
//! preempted holder; so there the lock is try-only: a reader that meets a
//! writer fails closed (the token is refused with
//! `JWT_ERR_REVOCATION_UNAVAILABLE`), a writer that meets anyone gets
//! `JWT_ERR_STORE_UNAVAILABLE` and may retry.

#[cfg(feature = "std")]
use jwt_core::StoreError;

#[cfg(feature = "std")]
pub(crate) struct Lock<T>(std::sync::RwLock<T>);

#[cfg(feature = "std")]
impl<T> Lock<T> {
    pub(crate) fn new(value: T) -> Self {
        Lock(std::sync::RwLock::new(value))
    }

    pub(crate) fn read<R>(&self, f: impl FnOnce(&T) -> R) -> Result<R, StoreError> {
        let guard = self.0.read().map_err(|_| StoreError::Unavailable)?;
        Ok(f(&guard))
    }

    pub(crate) fn write<R>(&self, f: impl FnOnce(&mut T) -> R) -> Result<R, StoreError> {
        let mut guard = self.0.write().map_err(|_| StoreError::Unavailable)?;
        Ok(f(&mut guard))
    }
}

#[cfg(not(feature = "std"))]
pub(crate) use try_only::Lock;

#[cfg(any(not(feature = "std"), test))]
pub(crate) mod try_only {
    use core::cell::UnsafeCell;
    use core::sync::atomic::{AtomicUsize, Ordering};

    use jwt_core::StoreError;

    /// Set while a writer holds the lock; the other bits count readers.
    const WRITER: usize = 1 << (usize::BITS - 1);

    pub(crate) struct Lock<T> {
        state: AtomicUsize,
        value: UnsafeCell<T>,
    }

    // SAFETY: access to `value` is serialised by `state` exactly as a
    // reader-writer lock: shared references only while no writer holds
    // it, a unique reference only while nobody else does. `T: Send` is
    // needed to hand the value to another thread, `T: Sync` to share it
    // among readers.
    unsafe impl<T: Send + Sync> Sync for Lock<T> {}
    // SAFETY: as above; moving the lock moves the value.
    unsafe impl<T: Send> Send for Lock<T> {}

    impl<T> Lock<T> {
        pub(crate) fn new(value: T) -> Self {
            Lock {
                state: AtomicUsize::new(0),
                value: UnsafeCell::new(value),
            }
        }

        pub(crate) fn read<R>(&self, f: impl FnOnce(&T) -> R) -> Result<R, StoreError> {
            let mut current = self.state.load(Ordering::Relaxed);
            loop {
                if current & WRITER != 0 || current >= WRITER - 1 {
                    return Err(StoreError::Unavailable);
                }
                match self.state.compare_exchange_weak(
                    current,
                    current.saturating_add(1),
                    Ordering::Acquire,
                    Ordering::Relaxed,
                ) {
                    Ok(_) => break,
                    Err(seen) => current = seen,
                }
            }
            struct Release<'a>(&'a AtomicUsize);
            impl Drop for Release<'_> {
                fn drop(&mut self) {
                    self.0.fetch_sub(1, Ordering::Release);
                }
            }
            let _release = Release(&self.state);
            // SAFETY: we counted ourselves as a reader while no writer
            // held the lock; writers wait for the count to reach 0.
            Ok(f(unsafe { &*self.value.get() }))
        }

        pub(crate) fn write<R>(&self, f: impl FnOnce(&mut T) -> R) -> Result<R, StoreError> {
            self.state
                .compare_exchange(0, WRITER, Ordering::Acquire, Ordering::Relaxed)
                .map_err(|_| StoreError::Unavailable)?;
            struct Release<'a>(&'a AtomicUsize);
            impl Drop for Release<'_> {
                fn drop(&mut self) {
                    self.0.store(0, Ordering::Release);
                }
            }
            let _release = Release(&self.state);
            // SAFETY: the state went from 0 (nobody) to WRITER, so no
            // other reference to the value exists until we release it.
            Ok(f(unsafe { &mut *self.value.get() }))
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn readers_share_writers_exclude_and_fail_closed() {
            let lock = Lock::new(5u32);
            assert_eq!(lock.read(|v| *v), Ok(5));
            let nested = lock.read(|_| {
                assert_eq!(lock.read(|v| *v), Ok(5), "two readers at once");
                lock.write(|v| *v = 6)
            });
            assert_eq!(nested, Ok(Err(StoreError::Unavailable)));
            let inside = lock.write(|v| {
                *v = 7;
                (lock.read(|v| *v), lock.write(|_| ()))
            });
            assert_eq!(
                inside,
                Ok((Err(StoreError::Unavailable), Err(StoreError::Unavailable)))
            );
            assert_eq!(lock.read(|v| *v), Ok(7));
        }
    }
}
