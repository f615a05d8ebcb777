//! HMAC-DRBG (NIST SP 800-90A Rev. 1, section 10.1.2, SHA-256) for RSA
//! signing: PSS salts and blinding factors.
//!
//! Design note: [`SigningKey::sign`](crate::SigningKey::sign) takes no RNG,
//! yet RSASSA-PSS needs a salt and RSA blinding needs a random factor. Each
//! signature therefore instantiates a DRBG from a secret derived from the
//! private key, the message hash and, with `std`, 32 bytes from the OS: on
//! firmware the salt is a deterministic function of key and message (RFC
//! 8017 section 9.1 allows any salt; this is the same construction RFC 6979
//! uses for ECDSA nonces), and with an OS source it is hedged, so a weak
//! or failing-quietly OS RNG still cannot repeat salts across messages. The
//! rejected alternatives: an RNG parameter on `sign` (every caller of every
//! algorithm would pay for PSS), or an unblinded, salt-less signature when
//! no RNG exists.

use core::convert::Infallible;

use hmac::{Hmac, KeyInit, Mac};
use rand_core::{TryCryptoRng, TryRng};
use sha2::Sha256;
use zeroize::Zeroize;

/// The DRBG state `(K, V)`; both zeroised on drop.
pub(crate) struct HmacDrbg {
    k: [u8; 32],
    v: [u8; 32],
}

/// HMAC-SHA-256 keyed with `key` over the concatenation of `parts`.
fn hmac(key: &[u8; 32], head: &[&[u8]], tail: &[&[u8]]) -> [u8; 32] {
    // HMAC accepts keys of any length, so this cannot fail; the fallback
    // keeps the function total without a panic path.
    let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(key) else {
        return [0; 32];
    };
    for part in head.iter().chain(tail) {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

impl HmacDrbg {
    /// Instantiate with the concatenation of `seed_parts` as seed material
    /// (entropy input, nonce and personalisation string).
    pub(crate) fn new(seed_parts: &[&[u8]]) -> Self {
        let mut drbg = HmacDrbg {
            k: [0x00; 32],
            v: [0x01; 32],
        };
        drbg.update(seed_parts);
        drbg
    }

    /// HMAC_DRBG_Update (SP 800-90A 10.1.2.2).
    fn update(&mut self, provided: &[&[u8]]) {
        self.round(0x00, provided);
        if provided.iter().any(|p| !p.is_empty()) {
            self.round(0x01, provided);
        }
    }

    /// `K = HMAC(K, V || sep || provided); V = HMAC(K, V)`.
    fn round(&mut self, sep: u8, provided: &[&[u8]]) {
        self.k = hmac(&self.k, &[&self.v, &[sep]], provided);
        self.v = hmac(&self.k, &[&self.v], &[]);
    }

    /// HMAC_DRBG_Generate (SP 800-90A 10.1.2.5) without additional input.
    fn generate(&mut self, out: &mut [u8]) {
        for chunk in out.chunks_mut(32) {
            self.v = hmac(&self.k, &[&self.v], &[]);
            let n = chunk.len();
            chunk.copy_from_slice(self.v.get(..n).unwrap_or(&[]));
        }
        self.update(&[]);
    }
}

impl Drop for HmacDrbg {
    fn drop(&mut self) {
        self.k.zeroize();
        self.v.zeroize();
    }
}

impl TryRng for HmacDrbg {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.generate(&mut b);
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.generate(&mut b);
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        self.generate(dst);
        Ok(())
    }
}

impl TryCryptoRng for HmacDrbg {}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    /// NIST CAVP HMAC_DRBG.rsp, [SHA-256], PredictionResistance = False,
    /// EntropyInputLen = 256, NonceLen = 128, no personalisation, no
    /// additional input, COUNT = 0: two generate calls of 1024 bits, the
    /// second one's output is the vector.
    #[test]
    fn nist_cavp_sha256_count0() {
        let entropy = hex("ca851911349384bffe89de1cbdc46e6831e44d34a4fb935ee285dd14b71a7488");
        let nonce = hex("659ba96c601dc69fc902940805ec0ca8");
        let expected = hex(
            "e528e9abf2dece54d47c7e75e5fe302149f817ea9fb4bee6f4199697d04d5b89\
             d54fbb978a15b5c443c9ec21036d2460b6f73ebad0dc2aba6e624abf07745bc1\
             07694bb7547bb0995f70de25d6b29e2d3011bb19d27676c07162c8b5ccde0668\
             961df86803482cb37ed6d5c0bb8d50cf1f50d476aa0458bdaba806f48be9dcb8",
        );
        let mut drbg = HmacDrbg::new(&[&entropy, &nonce]);
        let mut out = [0u8; 128];
        drbg.try_fill_bytes(&mut out).unwrap();
        drbg.try_fill_bytes(&mut out).unwrap();
        assert_eq!(out.to_vec(), expected);
    }

    fn hex(s: &str) -> alloc::vec::Vec<u8> {
        let s: alloc::string::String = s.split_whitespace().collect();
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(s.get(i..i + 2).unwrap(), 16).unwrap())
            .collect()
    }
}
