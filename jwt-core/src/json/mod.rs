//! Strict JSON checking and borrowed access to object members.
//!
//! Design note: every JSON text that reaches a decoder in this workspace
//! first passes [`check_object`], which enforces RFC 8259 syntax, a nesting
//! limit and unique member names in every object at every depth. Only then
//! does anyone read it: the registered claims and the header are read
//! straight from the checked text through [`Members`] (no allocation, no
//! serde), and custom claims go to serde_json, which can no longer be
//! fooled by duplicates (it keeps the last one silently) or blow the stack.
//! The alternative, deserialising with serde and a duplicate-detecting
//! visitor, misses duplicates inside `#[serde(flatten)]` and maps of the
//! caller's own types.
//!
//! The checker is iterative: its memory use does not grow with the input's
//! nesting, so hostile input cannot exhaust a small firmware stack.
//!
//! The checker ([`check_object`], [`check_members`]) lives in `check.rs`,
//! the borrowed reader ([`Members`], [`Elements`], [`JsonStr`], [`kind`])
//! in `read.rs`; this module re-exports both.

mod check;
mod read;

pub use check::*;
pub use read::*;

#[cfg(test)]
mod tests;
