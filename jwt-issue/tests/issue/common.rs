use std::convert::Infallible;

use jwt_issue::{TryCryptoRng, TryRng};
use sha2::{Digest, Sha256};

pub const NOW: i64 = 1_700_000_000;
pub const ISSUER: &str = "https://issuer.example";
pub const AUDIENCE: &str = "telemetry";

/// A file from `tests/data/` (keys made by `tests/data/regenerate.sh`).
pub fn data(name: &str) -> String {
    std::fs::read_to_string(data_path(name)).unwrap()
}

/// A binary file from `tests/data/`.
pub fn data_bytes(name: &str) -> Vec<u8> {
    std::fs::read(data_path(name)).unwrap()
}

fn data_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// A file from the repository's conformance vectors (`vectors/`).
pub fn vector(path: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../vectors")
        .join(path);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// A deterministic "RNG" for tests: SHA-256 of a seed and a counter.
pub struct TestRng {
    seed: u64,
    counter: u64,
}

impl TestRng {
    pub fn new(seed: u64) -> Self {
        TestRng { seed, counter: 0 }
    }
}

impl TryRng for TestRng {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(32) {
            let block = Sha256::new()
                .chain_update(self.seed.to_le_bytes())
                .chain_update(self.counter.to_le_bytes())
                .finalize();
            self.counter += 1;
            chunk.copy_from_slice(&block[..chunk.len()]);
        }
        Ok(())
    }
}

impl TryCryptoRng for TestRng {}

/// A generator that always fails, like a TRNG that lost its entropy source.
pub struct FailingRng;

#[derive(Debug)]
pub struct RngDown;

impl std::fmt::Display for RngDown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("rng down")
    }
}

impl std::error::Error for RngDown {}

impl TryRng for FailingRng {
    type Error = RngDown;
    fn try_next_u32(&mut self) -> Result<u32, RngDown> {
        Err(RngDown)
    }
    fn try_next_u64(&mut self) -> Result<u64, RngDown> {
        Err(RngDown)
    }
    fn try_fill_bytes(&mut self, _: &mut [u8]) -> Result<(), RngDown> {
        Err(RngDown)
    }
}

impl TryCryptoRng for FailingRng {}

/// The decoded payload JSON of a compact token.
pub fn payload(token: &str) -> String {
    let seg = token.split('.').nth(1).unwrap();
    String::from_utf8(jwt_core::b64::decode(seg, jwt_core::Part::Payload).unwrap()).unwrap()
}

/// The decoded header JSON of a compact token.
pub fn header(token: &str) -> String {
    let seg = token.split('.').next().unwrap();
    String::from_utf8(jwt_core::b64::decode(seg, jwt_core::Part::Header).unwrap()).unwrap()
}
