#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(test, allow(clippy::arithmetic_side_effects))]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod entry;
pub mod event;
pub mod fixed;
pub mod list;
#[cfg(feature = "std")]
pub mod log;
pub mod record;
#[cfg(feature = "std")]
pub mod refresh;
#[cfg(feature = "std")]
pub mod shared;
#[cfg(feature = "std")]
pub mod store;
mod table;

pub use entry::{Added, Policy, Revocation};
pub use event::{EVENT_AUDIENCE, EVENT_CLAIM, EVENT_TYP, EventError, EventVerifier, sign_event};
pub use fixed::{FIXED_IMAGE_ENTRY, FIXED_IMAGE_OVERHEAD, FixedRevocationList, FixedSlot};
pub use jwt_core::StoreError;
pub use list::RevocationList;
#[cfg(feature = "std")]
pub use log::{Damage, LogError, OpenReport, Recovery, read_revocation_log, write_revocation_log};
pub use record::{Record, RecordError};
#[cfg(feature = "std")]
pub use refresh::PersistentRefreshStore;
#[cfg(feature = "std")]
pub use shared::SharedRevocations;
#[cfg(feature = "std")]
pub use store::RevocationStore;
