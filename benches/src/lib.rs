//! Shared fixtures for the benchmarks: one set of keys and one device token
//! per algorithm, made once, that every library verifies; and a counting
//! global allocator so allocations per operation can be reported beside
//! the times.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

/// Counts every allocation (and reallocation) made through it.
pub struct CountingAlloc;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
/// Bytes currently allocated (allocations minus frees).
static LIVE_BYTES: AtomicU64 = AtomicU64::new(0);

// SAFETY: forwards to the system allocator unchanged; only counts calls.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        LIVE_BYTES.fetch_add(u64::try_from(layout.size()).unwrap_or(0), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(u64::try_from(layout.size()).unwrap_or(0), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        LIVE_BYTES.fetch_add(u64::try_from(new_size).unwrap_or(0), Ordering::Relaxed);
        LIVE_BYTES.fetch_sub(u64::try_from(layout.size()).unwrap_or(0), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Heap bytes currently allocated through the counting allocator (the
/// allocator's own per-block overhead not included).
pub fn live_bytes() -> u64 {
    LIVE_BYTES.load(Ordering::Relaxed)
}

/// Heap allocations made while running `f` once.
pub fn allocations<R>(f: impl FnOnce() -> R) -> (u64, R) {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let r = f();
    (
        ALLOCATIONS.load(Ordering::Relaxed).saturating_sub(before),
        r,
    )
}

/// The test-only RSA-2048 key (PKCS#1 PEM) shared with the CLI tests.
pub const RSA_PKCS1_PEM: &str = include_str!("../../jwt-cli/tests/data/rsa2048-pkcs1.pem");
/// A fixed HMAC secret.
pub const HS_SECRET: &[u8; 32] = b"benchmark-secret-benchmark-32byt";
/// A fixed P-256 private scalar.
pub const P256_D: [u8; 32] = [
    0xc9, 0xaf, 0xa9, 0xd8, 0x45, 0xba, 0x75, 0x16, 0x6b, 0x5c, 0x21, 0x57, 0x67, 0xb1, 0xd6, 0x93,
    0x4e, 0x50, 0xc3, 0xdb, 0x36, 0xe8, 0x9b, 0x12, 0x7b, 0x8a, 0x62, 0x2b, 0x12, 0x0f, 0x67, 0x21,
];
/// A fixed Ed25519 seed.
pub const ED_SEED: [u8; 32] = [42; 32];

/// The issuer, audience and scope of the device token.
pub const ISS: &str = "https://auth.example.com";
/// The audience of the device token.
pub const AUD: &str = "gateway-eu-1";

/// The custom claim every library reads.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DeviceClaims {
    /// `sub`.
    pub sub: String,
    /// `iss`.
    pub iss: String,
    /// `scope`.
    pub scope: String,
}

/// Seconds since the epoch, now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// The typical device token: header `{"alg","typ":"JWT","kid":"k1"}`,
/// claims `sub`, `iss`, `aud`, `iat`, `exp` (one hour), a 32-hex `jti`
/// and a `scope` string; issued by this workspace at `iat`.
pub fn device_token(key: &dyn jwt_issue::SigningKey, iat: i64, ttl: u64) -> String {
    device_builder(key, ttl)
        .and_then(|b| b.issue(&jwt_core::FixedClock(iat), &mut jwt_issue::OsRng))
        .unwrap_or_default()
}

/// The builder behind [`device_token`]: what a server prepares once per
/// device and then issues from (each `issue` stamps `iat` and `exp`).
pub fn device_builder<'k>(
    key: &'k dyn jwt_issue::SigningKey,
    ttl: u64,
) -> Result<jwt_issue::TokenBuilder<'k, dyn jwt_issue::SigningKey + 'k>, jwt_issue::IssueError> {
    jwt_issue::TokenBuilder::new(key)
        .issuer(ISS)
        .subject("device-42")
        .audience(AUD)
        .jti("0123456789abcdef0123456789abcdef")
        .ttl(ttl)
        .claim("scope", "telemetry:write")
}
