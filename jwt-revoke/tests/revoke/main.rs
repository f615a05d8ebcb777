//! jwt-revoke integration tests: one binary, one module per topic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap,
    missing_docs
)]

/// The lists: lookups, pruning, capacity, the three implementations agree.
mod lists;

/// The record codec: round trips and every kind of damage.
mod records;

/// Persistence: restarts, torn and corrupted logs, SIGKILL at random points.
mod persist;

/// Signed revocation events: forged, foreign, replayed, malformed, bare.
mod events;

/// Error codes of this crate against the workspace table.
mod codes;

/// A small deterministic generator for randomised tests.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

pub const ISS: &str = "https://auth.example.com";
pub const NOW: i64 = 1_700_000_000;

/// Claims JSON for a token.
pub fn claims(iss: Option<&str>, jti: Option<&str>, sub: Option<&str>, iat: Option<i64>) -> String {
    let mut parts = Vec::new();
    if let Some(iss) = iss {
        parts.push(format!(r#""iss":"{iss}""#));
    }
    if let Some(jti) = jti {
        parts.push(format!(r#""jti":"{jti}""#));
    }
    if let Some(sub) = sub {
        parts.push(format!(r#""sub":"{sub}""#));
    }
    if let Some(iat) = iat {
        parts.push(format!(r#""iat":{iat}"#));
    }
    format!("{{{}}}", parts.join(","))
}

/// A fresh scratch directory under target/.
pub fn scratch(name: &str) -> std::path::PathBuf {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("revoke-{name}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
