//! The signature encodings checked on the encoded message `EM` that RSAVP1
//! recovers: EMSA-PKCS1-v1_5 (RFC 8017 9.2) and EMSA-PSS-VERIFY (RFC 8017
//! 9.1.2, MGF1 of B.2.1). Signature, key and message are all public, so
//! nothing here needs to be constant-time.

use core::iter;

use sha2::Digest;

/// DER `DigestInfo` of SHA-256 up to the hash value (RFC 8017 9.2 note 1).
pub(super) const SHA256_DIGEST_INFO: &[u8] = &[
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];
/// DER `DigestInfo` of SHA-384 up to the hash value (RFC 8017 9.2 note 1).
pub(super) const SHA384_DIGEST_INFO: &[u8] = &[
    0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05,
    0x00, 0x04, 0x30,
];
/// DER `DigestInfo` of SHA-512 up to the hash value (RFC 8017 9.2 note 1).
pub(super) const SHA512_DIGEST_INFO: &[u8] = &[
    0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05,
    0x00, 0x04, 0x40,
];

/// RSASSA-PKCS1-v1_5 verification, RFC 8017 8.2.2 steps 3 and 4: encodes
/// `msg` with EMSA-PKCS1-v1_5 (9.2) at the length of `em` (`k` octets) and
/// compares. `digest_info` is the DER prefix for `D`.
pub(super) fn pkcs1v15_verify<D: Digest>(em: &[u8], digest_info: &[u8], msg: &[u8]) -> bool {
    // 9.2 step 1: H = Hash(M).
    let hash = D::digest(msg);
    // Step 2: T = DigestInfo || H; step 3: emLen >= tLen + 11, that is
    // at least 8 octets of padding.
    let Some(ps_len) = digest_info
        .len()
        .checked_add(hash.len())
        .and_then(|t_len| t_len.checked_add(3))
        .and_then(|fixed| em.len().checked_sub(fixed))
        .filter(|&ps_len| ps_len >= 8)
    else {
        return false;
    };
    // Steps 4-5: EM' = 0x00 || 0x01 || PS (0xff octets) || 0x00 || T,
    // produced lazily and compared octet for octet (it has emLen octets by
    // construction); 8.2.2 step 4: the signature is valid iff EM = EM'.
    let expected = [0x00, 0x01]
        .iter()
        .chain(iter::repeat_n(&0xff, ps_len))
        .chain(&[0x00])
        .chain(digest_info)
        .chain(hash.iter());
    em.iter().eq(expected)
}

/// RSASSA-PSS verification from RSAVP1's output on: RFC 8017 8.1.2 step
/// 2c, then EMSA-PSS-VERIFY (9.1.2) with MGF1 over `D` and a salt exactly
/// as long as the hash (RFC 7518 3.5). `em_k` is `I2OSP(m, k)`, `modulus_bits`
/// is `modBits`; `em_k` is unmasked in place.
pub(super) fn pss_verify<D: Digest>(em_k: &mut [u8], modulus_bits: u32, msg: &[u8]) -> bool {
    let h_len = <D as Digest>::output_size();
    let s_len = h_len;
    // 8.1.2 step 2c: emBits = modBits - 1, emLen = ceil(emBits / 8), and
    // EM = I2OSP(m, emLen), which fails unless m < 256^emLen: the octets of
    // `em_k` in front of the last emLen must be zero (at most one octet,
    // when modBits = 1 mod 8).
    let Some(em_bits) = modulus_bits.checked_sub(1) else {
        return false;
    };
    let Ok(em_len) = usize::try_from(em_bits.div_ceil(8)) else {
        return false;
    };
    let Some(lead_len) = em_k.len().checked_sub(em_len) else {
        return false;
    };
    let Some((lead, em)) = em_k.split_at_mut_checked(lead_len) else {
        return false;
    };
    if lead.iter().any(|&b| b != 0) {
        return false;
    }
    // 9.1.2 step 3: emLen >= hLen + sLen + 2 (so maskedDB below is
    // non-empty and holds at least the 0x01 separator and the salt).
    let Some(db_len) = em_len.checked_sub(h_len).and_then(|n| n.checked_sub(1)) else {
        return false;
    };
    let Some(ps_len) = db_len.checked_sub(s_len).and_then(|n| n.checked_sub(1)) else {
        return false;
    };
    // Step 4: the rightmost octet of EM is 0xbc.
    let Some((&mut 0xbc, em)) = em.split_last_mut() else {
        return false;
    };
    // Step 5: maskedDB is the leftmost emLen - hLen - 1 octets, H the next
    // hLen.
    let Some((masked_db, h)) = em.split_at_mut_checked(db_len) else {
        return false;
    };
    // Step 6: the leftmost 8 * emLen - emBits bits of maskedDB are zero.
    // That count is 0 to 7; `keep` masks the bits that may be set.
    let unused_bits = em_bits.wrapping_neg() & 7;
    let keep = 0xffu8.checked_shr(unused_bits).unwrap_or(0);
    let Some(first) = masked_db.first_mut() else {
        return false;
    };
    if *first & !keep != 0 {
        return false;
    }
    // Steps 7-8: DB = maskedDB xor MGF(H, emLen - hLen - 1).
    mgf1_xor::<D>(h, masked_db);
    // Step 9: clear the leftmost 8 * emLen - emBits bits of DB (already
    // zero after step 6 unless the mask set them).
    let db = masked_db;
    if let Some(first) = db.first_mut() {
        *first &= keep;
    }
    // Step 10: DB = PS (emLen - hLen - sLen - 2 zero octets) || 0x01 ||
    // salt.
    let Some((ps, rest)) = db.split_at_checked(ps_len) else {
        return false;
    };
    if ps.iter().any(|&b| b != 0) {
        return false;
    }
    // Step 11: the salt is the last sLen octets of DB.
    let Some((&0x01, salt)) = rest.split_first() else {
        return false;
    };
    // Steps 2, 12, 13: mHash = Hash(M); H' = Hash(0x00 * 8 || mHash ||
    // salt).
    let m_hash = D::digest(msg);
    let h_prime = D::new()
        .chain_update([0u8; 8])
        .chain_update(&m_hash)
        .chain_update(salt)
        .finalize();
    // Step 14: consistent iff H = H'.
    h_prime.as_slice() == &*h
}

/// `out ^= MGF1(seed, out.len())` with hash `D` (RFC 8017 B.2.1): the
/// mask is Hash(seed || C) for the 4-octet big-endian counters C = 0, 1,
/// ..., concatenated and truncated to the length of `out`.
fn mgf1_xor<D: Digest>(seed: &[u8], out: &mut [u8]) {
    let h_len = <D as Digest>::output_size().max(1);
    for (counter, chunk) in (0u32..).zip(out.chunks_mut(h_len)) {
        let block = D::new()
            .chain_update(seed)
            .chain_update(counter.to_be_bytes())
            .finalize();
        for (o, m) in chunk.iter_mut().zip(block.iter()) {
            *o ^= m;
        }
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::arithmetic_side_effects
)]
pub(super) mod tests {
    use super::*;
    use alloc::vec;
    use alloc::vec::Vec;
    use sha2::{Sha256, Sha384, Sha512};

    /// EMSA-PSS-ENCODE (RFC 8017 9.1.1) for `em_bits`, returned as `k`
    /// octets (`k` at least emLen; extra zero octets in front).
    pub(crate) fn pss_encode<D: Digest>(
        msg: &[u8],
        salt: &[u8],
        em_bits: u32,
        k: usize,
    ) -> Vec<u8> {
        let h_len = <D as Digest>::output_size();
        let em_len = em_bits.div_ceil(8) as usize;
        let m_hash = D::digest(msg);
        let h = D::new()
            .chain_update([0u8; 8])
            .chain_update(&m_hash)
            .chain_update(salt)
            .finalize();
        let mut db = vec![0u8; em_len - h_len - 1];
        let sep = db.len() - salt.len() - 1;
        db[sep] = 0x01;
        db[sep + 1..].copy_from_slice(salt);
        mgf1_xor::<D>(&h, &mut db);
        db[0] &= 0xff >> (8 * em_len as u32 - em_bits);
        let mut em = vec![0u8; k - em_len];
        em.extend_from_slice(&db);
        em.extend_from_slice(&h);
        em.push(0xbc);
        em
    }

    /// RFC 8017 B.2.1 worked by hand for a mask longer than one block.
    #[test]
    fn mgf1_matches_definition() {
        let seed = b"seed";
        let mut out = vec![0u8; 40];
        mgf1_xor::<Sha256>(seed, &mut out);
        let mut expected = Sha256::new()
            .chain_update(seed)
            .chain_update([0, 0, 0, 0])
            .finalize()
            .to_vec();
        expected.extend_from_slice(
            &Sha256::new()
                .chain_update(seed)
                .chain_update([0, 0, 0, 1])
                .finalize()[..8],
        );
        assert_eq!(out, expected);
    }

    fn pss_cases<D: Digest>() {
        let h_len = <D as Digest>::output_size();
        let salt = vec![0x5a; h_len];
        // modBits = 8k (one unused bit), 8k - 7 (eight, so emLen = k - 1:
        // the zero lead octet), 8k - 1 (two).
        for (modulus_bits, k) in [(2048u32, 256usize), (2049, 257), (2047, 256)] {
            let em_bits = modulus_bits - 1;
            let good = pss_encode::<D>(b"msg", &salt, em_bits, k);
            assert_eq!(good.len(), k);
            assert!(pss_verify::<D>(&mut good.clone(), modulus_bits, b"msg"));
            assert!(!pss_verify::<D>(&mut good.clone(), modulus_bits, b"msh"));

            // Bad trailer.
            let mut bad = good.clone();
            *bad.last_mut().unwrap() = 0xbd;
            assert!(!pss_verify::<D>(&mut bad, modulus_bits, b"msg"));

            // A nonzero bit left of emBits (step 6), or a nonzero octet in
            // front of EM (8.1.2 step 2c).
            let em_len = em_bits.div_ceil(8) as usize;
            let first = k - em_len;
            let unused = 8 * em_len as u32 - em_bits;
            let mut bad = good.clone();
            if unused > 0 {
                bad[first] |= 0x80;
            } else {
                bad[0] = 1;
            }
            assert!(!pss_verify::<D>(&mut bad, modulus_bits, b"msg"));

            // Wrong salt lengths.
            for s_len in [0, 20, h_len - 1, h_len + 1] {
                let mut other = pss_encode::<D>(b"msg", &vec![7; s_len], em_bits, k);
                assert!(
                    !pss_verify::<D>(&mut other, modulus_bits, b"msg"),
                    "{s_len}"
                );
            }

            // A nonzero padding octet, or a separator other than 0x01:
            // changed in DB and re-masked, so that only they are wrong.
            let db_len = em_len - h_len - 1;
            let separator = db_len - h_len - 1;
            for (at, value) in [(5, 0x01u8), (separator, 0x02), (separator, 0x00)] {
                let mut bad = good.clone();
                let (db, h) = bad[first..k - 1].split_at_mut(db_len);
                mgf1_xor::<D>(h, db);
                db[at] = value;
                mgf1_xor::<D>(h, db);
                db[0] &= 0xff >> unused;
                assert!(!pss_verify::<D>(&mut bad, modulus_bits, b"msg"), "{at}");
            }
        }
    }

    #[test]
    fn pss_verify_checks_every_field() {
        pss_cases::<Sha256>();
        pss_cases::<Sha384>();
        pss_cases::<Sha512>();
    }

    #[test]
    fn pss_too_short_for_hash_and_salt() {
        // emLen = 65 < 2 * 32 + 2.
        let mut em = vec![0u8; 65];
        *em.last_mut().unwrap() = 0xbc;
        assert!(!pss_verify::<Sha256>(&mut em, 520, b""));
        assert!(!pss_verify::<Sha256>(&mut [], 0, b""));
        assert!(!pss_verify::<Sha256>(&mut [0xbc], 8, b""));
    }

    #[test]
    fn pkcs1v15_encoding() {
        fn build(hash: &[u8], prefix: &[u8], k: usize) -> Vec<u8> {
            let mut em = vec![0x00, 0x01];
            em.resize(k - prefix.len() - hash.len() - 1, 0xff);
            em.push(0x00);
            em.extend_from_slice(prefix);
            em.extend_from_slice(hash);
            em
        }
        let h = Sha256::digest(b"msg");
        let good = build(&h, SHA256_DIGEST_INFO, 256);
        assert!(pkcs1v15_verify::<Sha256>(&good, SHA256_DIGEST_INFO, b"msg"));
        assert!(!pkcs1v15_verify::<Sha256>(
            &good,
            SHA256_DIGEST_INFO,
            b"msh"
        ));
        // Every single-octet change is refused.
        for i in 0..good.len() {
            let mut bad = good.clone();
            bad[i] ^= 0x01;
            assert!(
                !pkcs1v15_verify::<Sha256>(&bad, SHA256_DIGEST_INFO, b"msg"),
                "{i}"
            );
        }
        // Shorter or longer EM than the expected encoding.
        assert!(!pkcs1v15_verify::<Sha256>(
            &good[1..],
            SHA256_DIGEST_INFO,
            b"msg"
        ));
        let mut longer = good.clone();
        longer.push(0);
        assert!(!pkcs1v15_verify::<Sha256>(
            &longer,
            SHA256_DIGEST_INFO,
            b"msg"
        ));
        // Fewer than 8 octets of padding (RFC 8017 9.2 step 3).
        let short = build(&h, SHA256_DIGEST_INFO, 2 + 7 + 1 + 19 + 32);
        assert!(!pkcs1v15_verify::<Sha256>(
            &short,
            SHA256_DIGEST_INFO,
            b"msg"
        ));
        let eight = build(&h, SHA256_DIGEST_INFO, 2 + 8 + 1 + 19 + 32);
        assert!(pkcs1v15_verify::<Sha256>(
            &eight,
            SHA256_DIGEST_INFO,
            b"msg"
        ));

        let h = Sha384::digest(b"msg");
        let good = build(&h, SHA384_DIGEST_INFO, 384);
        assert!(pkcs1v15_verify::<Sha384>(&good, SHA384_DIGEST_INFO, b"msg"));
        let h = Sha512::digest(b"msg");
        let good = build(&h, SHA512_DIGEST_INFO, 512);
        assert!(pkcs1v15_verify::<Sha512>(&good, SHA512_DIGEST_INFO, b"msg"));
        assert!(!pkcs1v15_verify::<Sha512>(
            &good,
            SHA256_DIGEST_INFO,
            b"msg"
        ));
    }
}
