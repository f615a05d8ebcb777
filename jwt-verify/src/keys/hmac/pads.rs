//! HMAC (RFC 2104) on the SHA-2 compression functions directly.
//!
//! Design note: a key keeps only the two hash states after the blocks
//! `K ^ ipad` and `K ^ opad` (FIPS 198-1 section 4, steps 4-9 done once).
//! A tag is then the inner state run over the message's whole blocks
//! straight from the token (no copy into a block buffer), one or two
//! padded final blocks built on the stack, and one outer block. The
//! `hmac` crate computes the same thing through the generic `digest`
//! buffering, cloning and finalising about 200 bytes of state per tag,
//! which was about 5% of an HS256 verification; the tests compare both on
//! every message length up to three blocks, and the Wycheproof HMAC
//! vectors run through this code.

use sha2::Digest;
use sha2::block_api::{compress256, compress512};

/// Writes the SHA-2 padding of a message of `total` bytes, whose last
/// `rest.len()` bytes are `rest`, into `blocks` (two blocks of `B` bytes,
/// length field of `L` bytes) and returns how many blocks it filled.
fn pad<const B: usize, const L: usize>(
    rest: &[u8],
    total: u128,
    blocks: &mut [[u8; B]; 2],
) -> usize {
    let [first, second] = blocks;
    for (d, &s) in first.iter_mut().zip(rest) {
        *d = s;
    }
    if let Some(b) = first.get_mut(rest.len()) {
        *b = 0x80;
    }
    let n = if rest.len().saturating_add(1).saturating_add(L) <= B {
        1
    } else {
        2
    };
    let last = if n == 1 { first } else { second };
    let bits = total.wrapping_mul(8).to_be_bytes();
    let field = bits.get(bits.len().saturating_sub(L)..).unwrap_or_default();
    if let Some(d) = last.get_mut(B.saturating_sub(L)..) {
        d.copy_from_slice(field);
    }
    n
}

macro_rules! pads {
    ($name:ident, $word:ty, $block:literal, $len:literal, $compress:ident) => {
        /// The keyed inner and outer states of one HMAC key.
        #[derive(Clone)]
        pub struct $name {
            inner: [$word; 8],
            outer: [$word; 8],
            /// Bytes of the (possibly truncated) hash output.
            out_len: usize,
        }

        impl $name {
            /// Keys HMAC with hash `D` (initial state `iv`, output cut to
            /// `out_len` bytes) and `secret`, hashed first if longer than
            /// a block (RFC 2104).
            fn from_secret<D: Digest>(secret: &[u8], iv: [$word; 8], out_len: usize) -> Self {
                if secret.len() > $block {
                    Self::keyed(&D::digest(secret), iv, out_len)
                } else {
                    Self::keyed(secret, iv, out_len)
                }
            }

            /// Keys from `key` (at most a block) and the hash's initial
            /// state.
            fn keyed(key: &[u8], iv: [$word; 8], out_len: usize) -> Self {
                let mut ipad = [0x36u8; $block];
                let mut opad = [0x5cu8; $block];
                for ((i, o), &k) in ipad.iter_mut().zip(opad.iter_mut()).zip(key) {
                    *i ^= k;
                    *o ^= k;
                }
                let (mut inner, mut outer) = (iv, iv);
                $compress(&mut inner, &[ipad]);
                $compress(&mut outer, &[opad]);
                Self {
                    inner,
                    outer,
                    out_len,
                }
            }

            /// The tag of `msg`, written to the front of `out`; returns
            /// its length.
            pub(crate) fn tag(&self, msg: &[u8], out: &mut [u8; 64]) -> usize {
                let mut state = self.inner;
                let (blocks, rest) = msg.as_chunks::<$block>();
                $compress(&mut state, blocks);
                let total = (msg.len() as u128).saturating_add($block);
                let mut last = [[0u8; $block]; 2];
                let n = pad::<$block, $len>(rest, total, &mut last);
                $compress(&mut state, last.get(..n).unwrap_or_default());
                // The outer message: the inner hash, truncated to the
                // output length, in one block.
                let mut digest = [0u8; 64];
                for (d, w) in digest
                    .chunks_exact_mut(core::mem::size_of::<$word>())
                    .zip(state)
                {
                    d.copy_from_slice(&w.to_be_bytes());
                }
                let inner_hash = digest.get(..self.out_len).unwrap_or_default();
                let mut outer_block = [[0u8; $block]; 2];
                pad::<$block, $len>(
                    inner_hash,
                    (self.out_len as u128).saturating_add($block),
                    &mut outer_block,
                );
                let mut state = self.outer;
                $compress(&mut state, outer_block.get(..1).unwrap_or_default());
                for (d, w) in out
                    .chunks_exact_mut(core::mem::size_of::<$word>())
                    .zip(state)
                {
                    d.copy_from_slice(&w.to_be_bytes());
                }
                self.out_len
            }
        }
    };
}

pads!(Pads256, u32, 64, 8, compress256);
pads!(Pads512, u64, 128, 16, compress512);

/// SHA-256's initial hash value (FIPS 180-4 section 5.3.3).
const SHA256_IV: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];
/// SHA-384's initial hash value (FIPS 180-4 section 5.3.4).
const SHA384_IV: [u64; 8] = [
    0xcbbb_9d5d_c105_9ed8,
    0x629a_292a_367c_d507,
    0x9159_015a_3070_dd17,
    0x152f_ecd8_f70e_5939,
    0x6733_2667_ffc0_0b31,
    0x8eb4_4a87_6858_1511,
    0xdb0c_2e0d_64f9_8fa7,
    0x47b5_481d_befa_4fa4,
];
/// SHA-512's initial hash value (FIPS 180-4 section 5.3.5).
const SHA512_IV: [u64; 8] = [
    0x6a09_e667_f3bc_c908,
    0xbb67_ae85_84ca_a73b,
    0x3c6e_f372_fe94_f82b,
    0xa54f_f53a_5f1d_36f1,
    0x510e_527f_ade6_82d1,
    0x9b05_688c_2b3e_6c1f,
    0x1f83_d9ab_fb41_bd6b,
    0x5be0_cd19_137e_2179,
];

/// HMAC keyed states for one hash function.
pub trait Pads: Clone + Send + Sync {
    /// Keys HMAC with `secret` (RFC 2104: hashed first if longer than a
    /// block).
    fn new(secret: &[u8]) -> Self;
    /// The tag of `msg` in the front of `out`; returns its length.
    fn tag(&self, msg: &[u8], out: &mut [u8; 64]) -> usize;
}

impl Pads for Pads256 {
    fn new(secret: &[u8]) -> Self {
        Self::from_secret::<sha2::Sha256>(secret, SHA256_IV, 32)
    }
    fn tag(&self, msg: &[u8], out: &mut [u8; 64]) -> usize {
        Pads256::tag(self, msg, out)
    }
}

/// HMAC-SHA-384 states (SHA-512's compression, its own initial value).
#[derive(Clone)]
pub struct Pads384(Pads512);
/// HMAC-SHA-512 states.
#[derive(Clone)]
pub struct PadsSha512(Pads512);

impl Pads for Pads384 {
    fn new(secret: &[u8]) -> Self {
        Pads384(Pads512::from_secret::<sha2::Sha384>(secret, SHA384_IV, 48))
    }
    fn tag(&self, msg: &[u8], out: &mut [u8; 64]) -> usize {
        self.0.tag(msg, out)
    }
}

impl Pads for PadsSha512 {
    fn new(secret: &[u8]) -> Self {
        PadsSha512(Pads512::from_secret::<sha2::Sha512>(secret, SHA512_IV, 64))
    }
    fn tag(&self, msg: &[u8], out: &mut [u8; 64]) -> usize {
        self.0.tag(msg, out)
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation
)]
mod tests {
    use super::*;
    use alloc::vec::Vec;
    use hmac::{Hmac, KeyInit, Mac};

    fn check<P: Pads, D>()
    where
        Hmac<D>: KeyInit + Mac,
        D: hmac::EagerHash,
    {
        let mut seed = 0x1234_5678_u64;
        let mut byte = || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 56) as u8
        };
        // Keys shorter than, equal to and longer than a block; messages
        // of every length across the one/two final block boundary.
        for key_len in [32usize, 64, 100, 128, 129, 300] {
            let key: Vec<u8> = (0..key_len).map(|_| byte()).collect();
            let ours = P::new(&key);
            for msg_len in 0..400 {
                let msg: Vec<u8> = (0..msg_len).map(|_| byte()).collect();
                let mut theirs = <Hmac<D> as KeyInit>::new_from_slice(&key).unwrap();
                theirs.update(&msg);
                let want = theirs.finalize().into_bytes();
                let mut out = [0u8; 64];
                let n = ours.tag(&msg, &mut out);
                assert_eq!(&out[..n], want.as_slice(), "key {key_len} msg {msg_len}");
            }
        }
    }

    #[test]
    fn agrees_with_the_hmac_crate_for_every_length() {
        check::<Pads256, sha2::Sha256>();
        check::<Pads384, sha2::Sha384>();
        check::<PadsSha512, sha2::Sha512>();
    }
}
