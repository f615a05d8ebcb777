//! The revocation list at fleet sizes: lookup and insert at 10^3, 10^5
//! and 10^6 entries beside a plain std map, HS256 verification with a
//! million revocations attached against verification alone, memory per
//! entry, and the fsynced revocation rate of the persistent store.
//!
//! Run: `cargo bench -p benches --bench revoke` (or through
//! `scripts/bench-table`). The memory and durability summary is printed
//! first, then the allocation counts per operation.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    clippy::indexing_slicing
)]

use std::collections::{HashMap, HashSet};
use std::hint::black_box;
use std::time::{Duration, Instant};

use benches::*;
use criterion::{BenchmarkGroup, Criterion, measurement::WallTime};
use jwt_core::{ClaimsRef, FixedClock, RevocationCheck};
use jwt_revoke::{
    FixedRevocationList, FixedSlot, Policy, Recovery, Revocation, RevocationList, RevocationStore,
    SharedRevocations,
};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

const NOW: i64 = 1_700_000_000;
const SIZES: [(usize, &str); 3] = [(1_000, "1k"), (100_000, "100k"), (1_000_000, "1M")];

/// The 32-hex `jti` of entry `i` (what jwt-issue mints).
fn jti(i: u64) -> String {
    // A bijective scramble so ids do not share prefixes in order.
    let x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5851_F42D_4C95_7F2D;
    format!("{x:016x}{:016x}", x.rotate_left(17) ^ i)
}

fn revocation(i: u64) -> Revocation {
    Revocation::token(Some(ISS), &jti(i), NOW + 86_400)
}

fn claims_text(i: u64) -> String {
    format!(
        r#"{{"iss":"{ISS}","sub":"device-{i}","iat":{NOW},"exp":{},"jti":"{}"}}"#,
        NOW + 600,
        jti(i)
    )
}

/// A plain std baseline: issuer -> set of jti.
#[derive(Default)]
struct StdMap(HashMap<String, HashSet<String>>);

impl StdMap {
    fn insert(&mut self, r: &Revocation) {
        if let Revocation::Token { iss, jti, .. } = r {
            self.0
                .entry(iss.clone().unwrap_or_default())
                .or_default()
                .insert(jti.clone());
        }
    }
    fn contains(&self, claims: &ClaimsRef<'_>) -> bool {
        let iss = claims.iss().unwrap_or_default();
        let jti = claims.jti().unwrap_or_default();
        self.0
            .get(iss.as_ref())
            .is_some_and(|s| s.contains(jti.as_ref()))
    }
}

fn group<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(name);
    g.measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_millis(500));
    g
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let mut allocs: Vec<(String, u64)> = Vec::new();
    let mut summary: Vec<String> = Vec::new();

    let hit_text = claims_text(7);
    let miss_text = claims_text(u64::MAX - 7);
    let hit = ClaimsRef::parse(&hit_text).unwrap();
    let miss = ClaimsRef::parse(&miss_text).unwrap();

    for (n, label) in SIZES {
        let before = live_bytes();
        let mut list = RevocationList::new(Policy::new(usize::MAX));
        for i in 0..n as u64 {
            list.revoke(revocation(i), NOW).unwrap();
        }
        let list_bytes = live_bytes() - before;
        let before = live_bytes();
        let shared = SharedRevocations::new(Policy::new(usize::MAX));
        for i in 0..n as u64 {
            shared.revoke(revocation(i), NOW).unwrap();
        }
        let shared_bytes = live_bytes() - before;
        let before = live_bytes();
        let mut std_map = StdMap::default();
        for i in 0..n as u64 {
            std_map.insert(&revocation(i));
        }
        let std_bytes = live_bytes() - before;
        let mut slots = vec![FixedSlot::EMPTY; n + n / 7 + 1];
        let fixed_bytes = slots.len() * std::mem::size_of::<FixedSlot>();
        let mut fixed = FixedRevocationList::new(&mut slots, Policy::new(usize::MAX));
        for i in 0..n as u64 {
            fixed.revoke(revocation(i), NOW).unwrap();
        }
        summary.push(format!(
            "  {label} entries (32-hex jti): RevocationList {:.0} B/entry, SharedRevocations {:.0} B/entry, \
             FixedRevocationList {:.0} B/entry, std HashMap<iss, HashSet<jti>> {:.0} B/entry",
            list_bytes as f64 / n as f64,
            shared_bytes as f64 / n as f64,
            fixed_bytes as f64 / n as f64,
            std_bytes as f64 / n as f64,
        ));

        let mut g = group(&mut c, &format!("revoke/lookup {label}"));
        let mut case = |g: &mut BenchmarkGroup<'_, WallTime>,
                        name: &str,
                        expect: bool,
                        f: &dyn Fn() -> bool| {
            assert_eq!(f(), expect, "{name}");
            let (count, _) = allocations(f);
            // The issue's rule: checking a token never allocates.
            if name.starts_with("jwt-iot") {
                assert_eq!(count, 0, "{name} allocated");
            }
            allocs.push((format!("revoke/lookup {label}/{name}"), count));
            g.bench_function(name, |b| b.iter(|| black_box(f())));
        };
        case(&mut g, "jwt-iot RevocationList (hit)", true, &|| {
            list.is_revoked(black_box(&hit)).unwrap()
        });
        case(&mut g, "jwt-iot RevocationList (miss)", false, &|| {
            list.is_revoked(black_box(&miss)).unwrap()
        });
        case(&mut g, "jwt-iot SharedRevocations (miss)", false, &|| {
            shared.is_revoked(black_box(&miss)).unwrap()
        });
        case(&mut g, "jwt-iot FixedRevocationList (miss)", false, &|| {
            fixed.is_revoked(black_box(&miss)).unwrap()
        });
        case(
            &mut g,
            "std HashMap<iss, HashSet<jti>> (miss)",
            false,
            &|| std_map.contains(black_box(&miss)),
        );
        g.finish();

        // Inserts of new ids into the list holding n entries (it grows by
        // the few thousand the measurement adds).
        let mut g = group(&mut c, &format!("revoke/insert {label}"));
        let mut next = n as u64;
        // Allocations of one insert each (the id is inline: the table's
        // own growth aside, none), and the rows bench-table prints.
        let mut insert_allocs = |name: &str, f: &mut dyn FnMut(Revocation)| {
            let r = revocation(next);
            next += 1;
            let (count, ()) = allocations(|| f(r));
            allocs.push((format!("revoke/insert {label}/{name}"), count));
        };
        insert_allocs("jwt-iot RevocationList", &mut |r| {
            list.revoke(r, NOW).unwrap();
        });
        insert_allocs("jwt-iot SharedRevocations", &mut |r| {
            shared.revoke(r, NOW).unwrap();
        });
        insert_allocs("std HashMap<iss, HashSet<jti>>", &mut |r| {
            std_map.insert(&r)
        });
        g.bench_function("jwt-iot RevocationList", |b| {
            b.iter_custom(|iters| {
                let items: Vec<Revocation> = (0..iters).map(|k| revocation(next + k)).collect();
                next += iters;
                let start = Instant::now();
                for r in items {
                    list.revoke(r, NOW).unwrap();
                }
                start.elapsed()
            })
        });
        g.bench_function("jwt-iot SharedRevocations", |b| {
            b.iter_custom(|iters| {
                let items: Vec<Revocation> = (0..iters).map(|k| revocation(next + k)).collect();
                next += iters;
                let start = Instant::now();
                for r in items {
                    shared.revoke(r, NOW).unwrap();
                }
                start.elapsed()
            })
        });
        g.bench_function("std HashMap<iss, HashSet<jti>>", |b| {
            b.iter_custom(|iters| {
                let items: Vec<Revocation> = (0..iters).map(|k| revocation(next + k)).collect();
                next += iters;
                let start = Instant::now();
                for r in &items {
                    std_map.insert(r);
                }
                start.elapsed()
            })
        });
        g.finish();

        if n == 1_000_000 {
            verify_with_store(&mut c, &mut allocs, &shared, &list);
        }
    }

    summary.push(fsync_rate());
    println!("revocation store summary:");
    for line in &summary {
        println!("{line}");
    }
    println!("heap allocations per operation:");
    for (name, count) in &allocs {
        println!("  {count:>4}  {name}");
    }
    c.final_summary();
}

/// HS256 verification of a device token that is not revoked, alone and
/// with a million revocations attached.
fn verify_with_store(
    c: &mut Criterion,
    allocs: &mut Vec<(String, u64)>,
    shared: &SharedRevocations,
    list: &RevocationList,
) {
    let key = jwt_issue::Hs256SigningKey::new(HS_SECRET)
        .unwrap()
        .with_kid("k1");
    let token = jwt_issue::TokenBuilder::new(&key)
        .issuer(ISS)
        .subject("device-42")
        .audience(AUD)
        .ttl(600)
        .issue(&FixedClock(NOW), &mut jwt_issue::OsRng)
        .unwrap();
    let verifying = || jwt_verify::Hs256Key::new(HS_SECRET).unwrap().with_kid("k1");
    let policy = jwt_core::Validation::new().issuer(ISS).audience(AUD);
    let alone =
        jwt_verify::Verifier::new(verifying(), FixedClock(NOW + 1)).with_validation(policy.clone());
    let with_shared = jwt_verify::Verifier::new(verifying(), FixedClock(NOW + 1))
        .with_validation(policy.clone())
        .with_revocation(shared);
    let with_list = jwt_verify::Verifier::new(verifying(), FixedClock(NOW + 1))
        .with_validation(policy)
        .with_revocation(list);
    let name = "revoke/verify HS256, 1M revocations";
    let mut g = group(c, name);
    let mut case = |label: &str, f: &dyn Fn() -> bool| {
        assert!(f(), "{label}");
        f();
        let (count, _) = allocations(f);
        allocs.push((format!("{name}/{label}"), count));
        g.bench_function(label, |b| b.iter(|| black_box(f())));
    };
    let t = token.as_str();
    case("floor (verify without revocation)", &|| {
        let mut buf = [0u8; 1024];
        alone.verify_in(black_box(t), &mut buf).is_ok()
    });
    case("jwt-iot verify + SharedRevocations", &|| {
        let mut buf = [0u8; 1024];
        with_shared.verify_in(black_box(t), &mut buf).is_ok()
    });
    case("jwt-iot verify + RevocationList", &|| {
        let mut buf = [0u8; 1024];
        with_list.verify_in(black_box(t), &mut buf).is_ok()
    });
    g.finish();
}

/// Revocations per second into a `RevocationStore` (each one fsynced
/// before `revoke` returns): the median of three runs of 200.
fn fsync_rate() -> String {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("revoke-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut rates = Vec::new();
    for run in 0..3u64 {
        let path = dir.join(format!("store-{run}.log"));
        let _ = std::fs::remove_file(&path);
        let (store, _) =
            RevocationStore::open(&path, Policy::new(usize::MAX), NOW, Recovery::Truncate).unwrap();
        let start = Instant::now();
        for i in 0..200 {
            store.revoke(revocation(run * 1_000 + i), NOW).unwrap();
        }
        rates.push(200.0 / start.elapsed().as_secs_f64());
    }
    rates.sort_by(f64::total_cmp);
    let _ = std::fs::remove_dir_all(&dir);
    format!(
        "  RevocationStore: {:.0} fsynced revocations per second (median of 3 runs of 200; this machine's disk)",
        rates[1]
    )
}
