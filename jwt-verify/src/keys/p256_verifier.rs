//! The P-256 (ES256) verifier: precomputed tables for the generator and for a
//! fixed public key.
//!
//! Design note: ECDSA verification computes `R = u1*G + u2*Q`. `p256`'s
//! `verify_prehash` does this with an interleaved wNAF ladder: about 256
//! point doublings plus the additions, for every signature. Here both bases
//! are fixed (`G` always, `Q` for the lifetime of the key), so each gets a
//! signed fixed-window table with one row per window position: row `i`
//! holds `d * 2^(W*i) * P` for `d = 1 ..= 2^(W-1)`, in affine form
//! (batch-normalised with one field inversion), and a scalar recoded into
//! signed digits `d_i` in `[-2^(W-1), 2^(W-1)]` gives
//! `k*P = sum(d_i * row_i)`: one mixed addition (or subtraction) per
//! non-zero digit and no doublings at all.
//!
//! Window sizes were picked by measuring (instructions per verification
//! under callgrind, generator/key window: 5/5 749k, 6/5 699k, 7/5 664k,
//! 8/5 637k, 7/4 731k, 7/6 616k; `p256`'s `verify_prehash` 2368k). An
//! affine point is 72 bytes on 64-bit targets and a table holds
//! `ceil(257/W) * 2^(W-1)` of them, so the per-key table ([`KEY_WINDOW`]
//! = 5) is 52 * 16 points = 58.5 KiB and takes about 1 ms to build (a
//! 6-bit key window would save 7% per verification for 96.75 KiB and
//! 1.7 ms); the generator table ([`G_WINDOW`] = 7) is 37 * 64 points =
//! 166.5 KiB, about 3 ms to build, once per process in a
//! `std::sync::OnceLock` (under the `std` feature), when the first key with
//! tables is built (an 8-bit window would save another 4% for 297 KiB).
//! Under `std` a key's table is built at its first verification (or up
//! front with `with_precomputed_tables`), so importing a JWKS, a CLI run
//! or a fuzzer never pays for tables that no token uses.
//! Without `std` there is no lazily-initialised global, so a key that opts
//! into tables also carries its own generator table (with the key's
//! window: a second 58.5 KiB); firmware that cannot spare the RAM simply
//! does not opt in and keeps `p256`'s table-free path.
//!
//! Verification is variable time: digit lookups, the number of additions
//! and the scalar inversion depend on the scalars. Everything involved is
//! public (the signature, the message digest, the public key), so nothing
//! secret can leak. The steps follow SEC1 4.1.4 / FIPS 186-5 6.4.2 exactly
//! as `ecdsa::hazmat::verify_prehashed` does (`r`, `s` in `[1, n-1]` is
//! already enforced by `Signature::from_slice`; `e` is the 256-bit digest
//! reduced mod `n`; `w = s^-1`, `u1 = e*w`, `u2 = r*w`; reject the identity;
//! accept iff `x(R) mod n == r`), and the tests hold the two paths to the
//! same answer on the Wycheproof vectors, random signatures and edge
//! scalars. The rejected alternatives: a single comb table for `G` still
//! needs `256/t` doublings per evaluation (a table per comb column is this
//! scheme again); one unsigned window table needs twice the entries per
//! row for the same number of additions; and reaching into `p256`'s field
//! arithmetic (to compare `x(R)` projectively and skip the final inversion)
//! needs API that `p256` 0.14 does not export.

use alloc::sync::Arc;
use alloc::vec::Vec;

use p256::elliptic_curve::group::Group;
use p256::elliptic_curve::ops::Reduce;
use p256::elliptic_curve::point::{AffineCoordinates, BatchNormalize};
use p256::{AffinePoint, FieldBytes, ProjectivePoint, Scalar};
use sha2::Digest;
use signature::hazmat::PrehashVerifier;

/// Window width, in bits, of the per-key table.
pub(crate) const KEY_WINDOW: usize = 5;

/// Window width, in bits, of the generator table.
#[cfg(feature = "std")]
pub(crate) const G_WINDOW: usize = 7;
/// Window width, in bits, of the generator table (carried by each key
/// without `std`, so kept as small as the key's).
#[cfg(not(feature = "std"))]
pub(crate) const G_WINDOW: usize = KEY_WINDOW;

/// Little-endian 64-bit limbs of a scalar's canonical value.
type Limbs = [u64; 4];

fn limbs(scalar: &Scalar) -> Limbs {
    let bytes = scalar.to_bytes();
    let mut out = [0u64; 4];
    // `to_bytes` is big-endian: the last 8 bytes are the lowest limb.
    for (limb, chunk) in out.iter_mut().zip(bytes.rchunks_exact(8)) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        *limb = u64::from_be_bytes(word);
    }
    out
}

/// Signed fixed-window digits of a 256-bit value, least significant first:
/// digit `i` lies in `[-2^(W-1), 2^(W-1)]` and the value is
/// `sum(d_i * 2^(W*i))`. Yields `ceil(257 / W)` digits (the last one
/// absorbs the carry out of bit 255).
struct SignedDigits<const W: usize> {
    limbs: Limbs,
    position: usize,
    carry: u64,
}

impl<const W: usize> SignedDigits<W> {
    /// Digits per scalar.
    const COUNT: usize = (256 + W) / W;
    const MASK: u64 = (1u64 << W).wrapping_sub(1);
    const HALF: u64 = 1u64 << (W - 1);

    fn new(scalar: &Scalar) -> Self {
        Self {
            limbs: limbs(scalar),
            position: 0,
            carry: 0,
        }
    }

    /// Bits `position .. position + W` (zero beyond bit 255).
    fn window(&self) -> u64 {
        let index = self.position / 64;
        let offset = self.position % 64;
        let lo = self.limbs.get(index).copied().unwrap_or(0);
        let hi = self.limbs.get(index.wrapping_add(1)).copied().unwrap_or(0);
        let mut bits = lo
            .checked_shr(u32::try_from(offset).unwrap_or(64))
            .unwrap_or(0);
        if offset != 0 {
            let up = 64usize.wrapping_sub(offset);
            bits |= hi.checked_shl(u32::try_from(up).unwrap_or(64)).unwrap_or(0);
        }
        bits & Self::MASK
    }
}

impl<const W: usize> Iterator for SignedDigits<W> {
    /// `(negative, magnitude)`; magnitude 0 means no addition.
    type Item = (bool, usize);

    fn next(&mut self) -> Option<(bool, usize)> {
        if self.position >= Self::COUNT.wrapping_mul(W) {
            return None;
        }
        // `window + carry <= 2^W`, no overflow.
        let value = self.window().wrapping_add(self.carry);
        self.position = self.position.wrapping_add(W);
        let (negative, magnitude) = if value > Self::HALF {
            self.carry = 1;
            (true, (1u64 << W).wrapping_sub(value))
        } else {
            self.carry = 0;
            (false, value)
        };
        Some((negative, usize::try_from(magnitude).unwrap_or(0)))
    }
}

/// `ceil(257/W)` rows of `2^(W-1)` affine points: row `i`, column `d - 1`
/// is `d * 2^(W*i) * P`.
#[derive(Clone)]
pub(crate) struct FixedBaseTable<const W: usize> {
    points: Vec<AffinePoint>,
}

impl<const W: usize> FixedBaseTable<W> {
    /// Points per row.
    const ROW: usize = 1 << (W - 1);
    /// Rows, one per signed digit.
    const ROWS: usize = SignedDigits::<W>::COUNT;

    /// Builds the table of `base` (which must not be the identity for the
    /// table to be useful; the identity gives a table of identities, which
    /// still computes `k * identity` correctly).
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "curve point and scalar operations are modular, they cannot overflow"
    )]
    pub(crate) fn new(base: &ProjectivePoint) -> Self {
        let mut projective = Vec::with_capacity(Self::ROWS.saturating_mul(Self::ROW));
        let mut row_base = *base;
        for _ in 0..Self::ROWS {
            let mut multiple = row_base;
            projective.push(multiple);
            for _ in 1..Self::ROW {
                multiple += &row_base;
                projective.push(multiple);
            }
            // 2^W * row_base = 2 * (2^(W-1) * row_base).
            row_base = multiple.double();
        }
        let points = <ProjectivePoint as BatchNormalize<[ProjectivePoint]>>::batch_normalize(
            projective.as_slice(),
        );
        Self { points }
    }

    /// Adds `k * P` into `acc`, one mixed addition per non-zero digit.
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "curve point and scalar operations are modular, they cannot overflow"
    )]
    fn mul_add(&self, k: &Scalar, acc: &mut ProjectivePoint) {
        for ((negative, magnitude), row) in
            SignedDigits::<W>::new(k).zip(self.points.chunks_exact(Self::ROW))
        {
            let Some(point) = magnitude.checked_sub(1).and_then(|i| row.get(i)) else {
                continue;
            };
            if negative {
                *acc -= point;
            } else {
                *acc += point;
            }
        }
    }

    /// Heap bytes held by the table.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.points
            .len()
            .saturating_mul(core::mem::size_of::<AffinePoint>())
    }
}

/// The generator table.
pub(crate) type GeneratorTable = FixedBaseTable<G_WINDOW>;
/// A public key's table.
pub(crate) type KeyTable = FixedBaseTable<KEY_WINDOW>;

/// The process-wide generator table, built on first use.
#[cfg(feature = "std")]
pub(crate) fn generator_table() -> &'static GeneratorTable {
    static TABLE: std::sync::OnceLock<GeneratorTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| GeneratorTable::new(&ProjectivePoint::GENERATOR))
}

/// Tables for one P-256 public key: its own and (without `std`) the
/// generator's.
#[derive(Clone)]
pub(crate) struct Tables {
    key: KeyTable,
    #[cfg(not(feature = "std"))]
    generator: GeneratorTable,
}

impl Tables {
    /// Builds the tables of `q` (and, without `std`, of the generator).
    pub(crate) fn new(q: &AffinePoint) -> Self {
        // Build the shared generator table now rather than in the first
        // verification, so that loading keys absorbs the one-off cost.
        #[cfg(feature = "std")]
        let _ = generator_table();
        Self {
            key: KeyTable::new(&ProjectivePoint::from(q)),
            #[cfg(not(feature = "std"))]
            generator: GeneratorTable::new(&ProjectivePoint::GENERATOR),
        }
    }

    fn generator(&self) -> &GeneratorTable {
        #[cfg(feature = "std")]
        {
            generator_table()
        }
        #[cfg(not(feature = "std"))]
        {
            &self.generator
        }
    }

    /// Heap bytes held by this key (the shared generator table under `std`
    /// is not counted).
    pub(crate) fn heap_bytes(&self) -> usize {
        #[cfg(feature = "std")]
        {
            self.key.heap_bytes()
        }
        #[cfg(not(feature = "std"))]
        {
            self.key
                .heap_bytes()
                .saturating_add(self.generator.heap_bytes())
        }
    }

    /// ECDSA verification of a SHA-256 `digest` (SEC1 4.1.4): `r` and `s`
    /// are already in `[1, n-1]` (checked by `Signature::from_slice`).
    /// Variable time; all inputs are public.
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "curve point and scalar operations are modular, they cannot overflow"
    )]
    pub(crate) fn verify_prehash(&self, digest: &FieldBytes, sig: &p256::ecdsa::Signature) -> bool {
        let (r, s) = sig.split_scalars();
        // e: the digest is exactly 256 bits, so no truncation; reduce mod n.
        let e = <Scalar as Reduce<FieldBytes>>::reduce(digest);
        let Some(w) = Option::<Scalar>::from(Scalar::invert_vartime(&s)) else {
            return false;
        };
        let u1 = e * w;
        let u2 = *r * w;
        let point = self.lincomb(&u1, &u2);
        if bool::from(point.is_identity()) {
            return false;
        }
        let x = point.to_affine().x();
        <Scalar as Reduce<FieldBytes>>::reduce(&x) == *r
    }

    /// `u1 * G + u2 * Q`.
    pub(crate) fn lincomb(&self, u1: &Scalar, u2: &Scalar) -> ProjectivePoint {
        let mut acc = ProjectivePoint::IDENTITY;
        self.generator().mul_add(u1, &mut acc);
        self.key.mul_add(u2, &mut acc);
        acc
    }
}

/// Whether and when a key has tables.
#[derive(Clone)]
enum TableState {
    /// No tables: `p256`'s own verification.
    Off,
    /// Built at the key's first verification, then shared by all clones
    /// (the default under `std`: importing a key set costs nothing for
    /// keys that never verify anything).
    #[cfg(feature = "std")]
    Lazy(Arc<std::sync::OnceLock<Tables>>),
    /// Built.
    Built(Arc<Tables>),
}

/// The ES256 key behind [`Es256VerifyingKey`](super::Es256VerifyingKey):
/// the validated point and its tables (shared by clones).
#[derive(Clone)]
pub struct P256Key {
    key: p256::ecdsa::VerifyingKey,
    tables: TableState,
}

impl P256Key {
    /// Reads a SEC1 point; under `std` the tables are built at the first
    /// verification.
    pub(crate) fn from_sec1_bytes(bytes: &[u8]) -> Option<Self> {
        let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(bytes).ok()?;
        #[cfg(feature = "std")]
        let tables = TableState::Lazy(Arc::new(std::sync::OnceLock::new()));
        #[cfg(not(feature = "std"))]
        let tables = TableState::Off;
        Some(Self { key, tables })
    }

    /// Builds the tables now if the key does not have them yet.
    pub(crate) fn with_tables(mut self) -> Self {
        match &self.tables {
            TableState::Built(_) => {}
            #[cfg(feature = "std")]
            TableState::Lazy(cell) => {
                let _ = cell.get_or_init(|| Tables::new(self.key.as_affine()));
            }
            TableState::Off => {
                self.tables = TableState::Built(Arc::new(Tables::new(self.key.as_affine())));
            }
        }
        self
    }

    /// Drops this handle on the tables (other clones keep theirs).
    pub(crate) fn without_tables(mut self) -> Self {
        self.tables = TableState::Off;
        self
    }

    /// Whether verification uses the tables (built or to be built).
    pub(crate) fn has_tables(&self) -> bool {
        !matches!(self.tables, TableState::Off)
    }

    /// The tables, if built.
    #[cfg(test)]
    fn built_tables(&self) -> Option<&Tables> {
        match &self.tables {
            TableState::Off => None,
            #[cfg(feature = "std")]
            TableState::Lazy(cell) => cell.get(),
            TableState::Built(t) => Some(t),
        }
    }

    /// Heap bytes of the tables this key holds (shared with its clones; 0
    /// while not built yet).
    pub(crate) fn table_bytes(&self) -> usize {
        match &self.tables {
            TableState::Off => 0,
            #[cfg(feature = "std")]
            TableState::Lazy(cell) => cell.get().map_or(0, Tables::heap_bytes),
            TableState::Built(t) => t.heap_bytes(),
        }
    }

    /// ES256: `signature` is `r || s` (64 bytes, `r` and `s` in
    /// `[1, n-1]`) over SHA-256 of `msg`.
    pub(crate) fn verify(&self, msg: &[u8], signature: &[u8]) -> bool {
        // Fixed-size r || s only; rejects r or s of 0 or >= n.
        let Ok(sig) = p256::ecdsa::Signature::from_slice(signature) else {
            return false;
        };
        let digest = sha2::Sha256::digest(msg);
        match &self.tables {
            TableState::Off => self.key.verify_prehash(&digest, &sig).is_ok(),
            #[cfg(feature = "std")]
            TableState::Lazy(cell) => cell
                .get_or_init(|| Tables::new(self.key.as_affine()))
                .verify_prehash(&digest, &sig),
            TableState::Built(tables) => tables.verify_prehash(&digest, &sig),
        }
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
mod tests {
    use super::*;
    use alloc::vec;
    use p256::elliptic_curve::sec1::ToSec1Point;
    use p256::elliptic_curve::{Field, PrimeField};
    use signature::hazmat::PrehashSigner;

    /// Deterministic bytes: SHA-256 of a label and a counter.
    fn bytes(label: &str, i: u32) -> [u8; 32] {
        let mut h = sha2::Sha256::new();
        h.update(label.as_bytes());
        h.update(i.to_be_bytes());
        h.finalize().into()
    }

    fn scalar(label: &str, i: u32) -> Scalar {
        <Scalar as Reduce<FieldBytes>>::reduce(&FieldBytes::from(bytes(label, i)))
    }

    fn two_pow(k: u32) -> Scalar {
        (0..k).fold(Scalar::ONE, |acc, _| acc.double())
    }

    /// Scalars that stress the recoding: 0, 1, n-1, powers of two at and
    /// around window boundaries, runs of ones (long carry chains), random.
    fn edge_scalars() -> Vec<Scalar> {
        let mut out = vec![
            Scalar::ZERO,
            Scalar::ONE,
            Scalar::from(2u64),
            -Scalar::ONE,
            -Scalar::from(2u64),
            // 2^256 - 1 mod n, and (n-1)/2.
            two_pow(256) - Scalar::ONE,
            (-Scalar::ONE) * Scalar::from(2u64).invert_vartime().unwrap(),
        ];
        for k in [
            4, 5, 6, 7, 8, 15, 16, 31, 35, 63, 64, 65, 127, 128, 250, 252, 254, 255,
        ] {
            out.push(two_pow(k));
            out.push(two_pow(k) - Scalar::ONE);
            out.push(-two_pow(k));
        }
        // Every window digit at +-2^(W-1) (the boundary of the signed range).
        let halves =
            |w: u32| (0..256 / w).fold(Scalar::ZERO, |acc, i| acc + two_pow(i * w + w - 1));
        out.extend([halves(4), halves(5), halves(7), -halves(5), -halves(7)]);
        out.extend((0..8).map(|i| scalar("edge", i)));
        out
    }

    fn key_point(i: u32) -> (Scalar, ProjectivePoint) {
        let d = scalar("key", i);
        (d, ProjectivePoint::GENERATOR * d)
    }

    #[test]
    fn digits_recompose_the_scalar() {
        fn check<const W: usize>(k: &Scalar) {
            let mut sum = Scalar::ZERO;
            let mut weight = Scalar::ONE;
            let mut count = 0;
            for (negative, magnitude) in SignedDigits::<W>::new(k) {
                assert!(magnitude <= 1 << (W - 1));
                let d = Scalar::from(u64::try_from(magnitude).unwrap()) * weight;
                sum = if negative { sum - d } else { sum + d };
                weight *= Scalar::from(1u64 << W);
                count += 1;
            }
            assert_eq!(count, (256 + W) / W);
            assert_eq!(sum, *k, "W = {W}");
        }
        for k in edge_scalars() {
            check::<4>(&k);
            check::<5>(&k);
            check::<6>(&k);
            check::<7>(&k);
            check::<8>(&k);
        }
    }

    #[test]
    fn lincomb_matches_plain_multiplication() {
        let scalars = edge_scalars();
        for i in 0..2 {
            let (_, q) = key_point(i);
            let tables = Tables::new(&q.to_affine());
            for (j, u1) in scalars.iter().enumerate() {
                let u2 = &scalars[(j * 7 + i as usize) % scalars.len()];
                let want = ProjectivePoint::GENERATOR * u1 + q * u2;
                assert_eq!(tables.lincomb(u1, u2), want, "u1 {u1:?} u2 {u2:?}");
            }
            for u in [Scalar::ZERO, Scalar::ONE, -Scalar::ONE] {
                for v in [Scalar::ZERO, Scalar::ONE, -Scalar::ONE] {
                    let want = ProjectivePoint::GENERATOR * u + q * v;
                    assert_eq!(tables.lincomb(&u, &v), want);
                }
            }
        }
    }

    /// Both ES256 paths and `p256`'s own `verify_prehash` on one input.
    fn all_paths(key: &P256Key, digest: &[u8; 32], sig: &[u8]) -> bool {
        let with = key.clone().with_tables();
        let without = key.clone().without_tables();
        assert!(with.has_tables() && !without.has_tables());
        let plain = p256::ecdsa::Signature::from_slice(sig)
            .is_ok_and(|s| key.key.verify_prehash(digest, &s).is_ok());
        let tabled = p256::ecdsa::Signature::from_slice(sig).is_ok_and(|s| {
            with.built_tables()
                .unwrap()
                .verify_prehash(&FieldBytes::from(*digest), &s)
        });
        let fallback = p256::ecdsa::Signature::from_slice(sig)
            .is_ok_and(|s| without.key.verify_prehash(digest, &s).is_ok());
        assert_eq!(tabled, plain, "tables and p256 disagree on {sig:02x?}");
        assert_eq!(fallback, plain);
        plain
    }

    fn p256_key(point: &ProjectivePoint) -> P256Key {
        let sec1 = point.to_affine().to_sec1_point(false);
        P256Key::from_sec1_bytes(sec1.as_bytes()).unwrap()
    }

    /// A valid signature on a digest for `q` with chosen `u1`, `u2`
    /// (no private key needed): `R = u1*G + u2*Q`, `r = x(R)`,
    /// `s = r / u2`, `e = u1 * s`.
    fn forge(q: &ProjectivePoint, u1: &Scalar, u2: &Scalar) -> Option<([u8; 32], Vec<u8>)> {
        let big_r = ProjectivePoint::GENERATOR * u1 + q * u2;
        if bool::from(big_r.is_identity()) {
            return None;
        }
        let r = <Scalar as Reduce<FieldBytes>>::reduce(&big_r.to_affine().x());
        let s = r * Option::<Scalar>::from(u2.invert_vartime())?;
        if bool::from(r.is_zero()) {
            return None;
        }
        let e = *u1 * s;
        let mut sig = r.to_bytes().to_vec();
        sig.extend_from_slice(&s.to_bytes());
        Some((e.to_bytes().into(), sig))
    }

    #[test]
    fn random_signatures_agree_with_p256() {
        for i in 0..12 {
            let sk = p256::ecdsa::SigningKey::from_slice(&bytes("sk", i)).unwrap();
            let key = p256_key(&ProjectivePoint::from(*sk.verifying_key().as_affine()));
            let other = p256_key(&key_point(i + 100).1);
            for m in 0..3 {
                let digest = bytes("msg", i * 10 + m);
                let sig: p256::ecdsa::Signature = sk.sign_prehash(&digest).unwrap();
                let sig = sig.to_bytes().to_vec();
                assert!(all_paths(&key, &digest, &sig));
                assert!(!all_paths(&other, &digest, &sig));
                let mut wrong = digest;
                wrong[31] ^= 1;
                assert!(!all_paths(&key, &wrong, &sig));
                for byte in [0, 17, 31, 32, 50, 63] {
                    let mut bad = sig.clone();
                    bad[byte] ^= 0x40;
                    assert!(!all_paths(&key, &digest, &bad), "byte {byte}");
                }
                // High-s twin (r, n - s): valid.
                let s =
                    Scalar::from_repr(FieldBytes::from(<[u8; 32]>::try_from(&sig[32..]).unwrap()))
                        .unwrap();
                let mut twin = sig[..32].to_vec();
                twin.extend_from_slice(&(-s).to_bytes());
                assert!(all_paths(&key, &digest, &twin));
                // (r, s) swapped: invalid.
                let mut swapped = sig[32..].to_vec();
                swapped.extend_from_slice(&sig[..32]);
                assert!(!all_paths(&key, &digest, &swapped));
            }
        }
    }

    #[test]
    fn forged_edge_scalars_verify_on_both_paths() {
        let (_, q) = key_point(7);
        let key = p256_key(&q);
        let scalars = edge_scalars();
        let mut ran = 0;
        for u1 in [Scalar::ZERO, Scalar::ONE, -Scalar::ONE, two_pow(255)] {
            for u2 in scalars.iter().filter(|u| !bool::from(u.is_zero())) {
                let (digest, sig) = forge(&q, &u1, u2).unwrap();
                assert!(all_paths(&key, &digest, &sig), "u1 {u1:?} u2 {u2:?}");
                // Off by one in e: invalid.
                let mut bad = digest;
                bad[31] ^= 1;
                assert!(!all_paths(&key, &bad, &sig));
                ran += 1;
            }
        }
        assert!(ran > 100);
    }

    /// `R = u1*G + u2*Q` is the identity (chosen with the private key):
    /// both paths reject.
    #[test]
    fn identity_r_is_rejected() {
        let (d, q) = key_point(3);
        let key = p256_key(&q);
        let tables = Tables::new(&q.to_affine());
        for (r, s) in [(1u64, 1u64), (5, 9), (12345, 678)] {
            let (r, s) = (Scalar::from(r), Scalar::from(s));
            // u2 = r/s, u1 = e/s = -u2*d  =>  e = -r*d.
            let e = -(r * d);
            let w = s.invert_vartime().unwrap();
            assert!(bool::from(tables.lincomb(&(e * w), &(r * w)).is_identity()));
            let mut sig = r.to_bytes().to_vec();
            sig.extend_from_slice(&s.to_bytes());
            assert!(!all_paths(&key, &e.to_bytes().into(), &sig));
        }
    }

    /// `x(R) >= n`: `r = x(R) - n` verifies, `r = x(R)` is out of range.
    #[test]
    fn large_x_coordinate() {
        let n_minus_1 = (-Scalar::ONE).to_bytes();
        let (u1, u2) = (Scalar::from(5u64), Scalar::from(7u64));
        let mut found = 0;
        for t in 1u8..40 {
            // x = n + t (big-endian add; no carry out for small t).
            let mut x = [0u8; 32];
            let mut carry = u16::from(t) + 1; // n = (n - 1) + 1
            for i in (0..32).rev() {
                let v = u16::from(n_minus_1[i]) + carry;
                x[i] = v.to_be_bytes()[1];
                carry = v >> 8;
            }
            let mut sec1 = vec![0x02];
            sec1.extend_from_slice(&x);
            let Ok(big_r) = p256::ecdsa::VerifyingKey::from_sec1_bytes(&sec1) else {
                continue;
            };
            let big_r = ProjectivePoint::from(*big_r.as_affine());
            let q = (big_r - ProjectivePoint::GENERATOR * u1) * u2.invert_vartime().unwrap();
            let key = p256_key(&q);
            let r = Scalar::from(u64::from(t));
            let s = r * u2.invert_vartime().unwrap();
            let e = u1 * s;
            let mut sig = r.to_bytes().to_vec();
            sig.extend_from_slice(&s.to_bytes());
            assert!(all_paths(&key, &e.to_bytes().into(), &sig), "t {t}");
            let mut unreduced = x.to_vec();
            unreduced.extend_from_slice(&s.to_bytes());
            assert!(!all_paths(&key, &e.to_bytes().into(), &unreduced));
            found += 1;
        }
        assert!(found > 5);
    }

    #[test]
    fn table_sizes_and_defaults() {
        let (_, q) = key_point(1);
        let key = p256_key(&q);
        assert_eq!(key.has_tables(), cfg!(feature = "std"));
        let key = key.with_tables();
        let point = core::mem::size_of::<AffinePoint>();
        #[cfg(target_pointer_width = "64")]
        assert_eq!(point, 72);
        let per_key = 52 * 16 * point;
        #[cfg(feature = "std")]
        {
            assert_eq!(key.table_bytes(), per_key);
            assert_eq!(generator_table().heap_bytes(), 37 * 64 * point);
        }
        #[cfg(not(feature = "std"))]
        assert_eq!(key.table_bytes(), 2 * per_key);
        let clone = key.clone().without_tables();
        assert_eq!(clone.table_bytes(), 0);
        assert!(key.has_tables());
    }
}
