use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use jwt_core::{ClaimsRef, RevocationCheck};
use jwt_issue::{Consumed, NumericDate, RefreshStore};
use jwt_revoke::record::{Record, RecordError};
use jwt_revoke::{
    LogError, PersistentRefreshStore, Policy, Recovery, Revocation, RevocationStore,
    read_revocation_log, write_revocation_log,
};

use crate::{ISS, NOW, Rng, claims, scratch};

fn is_revoked(store: &RevocationStore, jti: &str) -> bool {
    let c = claims(Some(ISS), Some(jti), None, None);
    store.is_revoked(&ClaimsRef::parse(&c).unwrap()).unwrap()
}

fn open(path: &std::path::Path) -> (RevocationStore, jwt_revoke::OpenReport) {
    RevocationStore::open(path, Policy::new(1_000_000), NOW, Recovery::Truncate).unwrap()
}

#[test]
fn revocations_survive_a_restart_and_lapse_on_time() {
    let dir = scratch("restart");
    let path = dir.join("revoked.log");
    {
        let (store, report) = open(&path);
        assert!(report.created && report.damage.is_none());
        store
            .revoke(Revocation::token(Some(ISS), "a", NOW + 600), NOW)
            .unwrap();
        store
            .revoke(Revocation::token(Some(ISS), "b", NOW + 5), NOW)
            .unwrap();
        store
            .revoke(Revocation::subject(Some(ISS), "dev", NOW), NOW)
            .unwrap();
    }
    let (store, report) = open(&path);
    assert_eq!((report.records, report.created), (3, false));
    assert!(is_revoked(&store, "a") && is_revoked(&store, "b"));
    // Reopened later: b (exp + 60 s leeway) is no longer loaded.
    drop(store);
    let (store, _) =
        RevocationStore::open(&path, Policy::new(10), NOW + 65, Recovery::Truncate).unwrap();
    assert!(is_revoked(&store, "a") && !is_revoked(&store, "b"));
    assert_eq!(store.len(), 2);
}

/// Replayed events (retained messages after every restart) do not grow
/// the log; a later expiry for the same token is recorded.
/// A batch is one write and one fsync; each result is what `revoke` would
/// have said; a batch over the capacity is recorded one by one up to it.
#[test]
fn a_batch_is_recorded_as_revoke_would_record_each() {
    use jwt_revoke::Added;
    let dir = scratch("batch");
    let path = dir.join("revoked.log");
    {
        let (store, _) = open(&path);
        store
            .revoke(Revocation::token(Some(ISS), "old", NOW + 600), NOW)
            .unwrap();
        let batch = [
            Revocation::token(Some(ISS), "a", NOW + 600),
            Revocation::token(Some(ISS), "old", NOW + 600),
            Revocation::token(Some(ISS), "a", NOW + 600),
            Revocation::token(Some(ISS), "gone", NOW - 600),
            Revocation::subject(Some(ISS), "dev", NOW),
        ];
        let added = store.revoke_all(&batch, NOW).unwrap();
        assert_eq!(
            added,
            [
                Added::New,
                Added::Present,
                Added::Present,
                Added::AlreadyExpired,
                Added::New
            ]
        );
        assert_eq!(
            store.log_records(),
            4,
            "the duplicate and the lapsed one are not written"
        );
        assert!(store.revoke_all(&[], NOW).unwrap().is_empty());
    }
    let (store, report) = open(&path);
    assert_eq!(report.records, 4);
    assert!(is_revoked(&store, "a") && is_revoked(&store, "old") && !is_revoked(&store, "gone"));
    drop(store);

    let small = dir.join("small.log");
    let mut policy = Policy::new(2);
    policy.evict_expired_when_full = false;
    let (store, _) = RevocationStore::open(&small, policy, NOW, Recovery::Truncate).unwrap();
    let batch: Vec<_> = (0..3)
        .map(|i| Revocation::token(Some(ISS), &format!("t{i}"), NOW + 600))
        .collect();
    assert_eq!(
        store.revoke_all(&batch, NOW),
        Err(jwt_core::StoreError::Full)
    );
    assert_eq!(store.len(), 2);
    assert!(is_revoked(&store, "t0") && is_revoked(&store, "t1"));
}

#[test]
fn replays_write_nothing() {
    let dir = scratch("replay");
    let path = dir.join("revoked.log");
    let (store, _) = open(&path);
    let r = Revocation::token(Some(ISS), "a", NOW + 600);
    assert_eq!(store.revoke(r.clone(), NOW), Ok(jwt_revoke::Added::New));
    for _ in 0..5 {
        assert_eq!(store.revoke(r.clone(), NOW), Ok(jwt_revoke::Added::Present));
    }
    let earlier = Revocation::token(Some(ISS), "a", NOW + 300);
    assert_eq!(store.revoke(earlier, NOW), Ok(jwt_revoke::Added::Present));
    assert_eq!(store.log_records(), 1);
    let later = Revocation::token(Some(ISS), "a", NOW + 900);
    assert_eq!(store.revoke(later, NOW), Ok(jwt_revoke::Added::Extended));
    assert_eq!(store.log_records(), 2);
    drop(store);
    // Reopened at NOW + 700: the later expiry keeps it in force.
    let (store, _) =
        RevocationStore::open(&path, Policy::new(10), NOW + 700, Recovery::Truncate).unwrap();
    assert!(is_revoked(&store, "a"));
}

#[test]
fn compaction_keeps_exactly_the_live_entries() {
    let dir = scratch("compact");
    let path = dir.join("revoked.log");
    let (store, _) = open(&path);
    for i in 0..50 {
        store
            .revoke(Revocation::token(Some(ISS), &format!("t{i}"), NOW + i), NOW)
            .unwrap();
    }
    assert_eq!(store.log_records(), 50);
    store.prune(NOW + 60 + 25).unwrap();
    store.compact().unwrap();
    assert_eq!(store.log_records(), 24);
    drop(store);
    let (store, report) = open(&path);
    assert_eq!(report.records, 24);
    assert!(!is_revoked(&store, "t25") && is_revoked(&store, "t26") && is_revoked(&store, "t49"));
    assert!(!path.with_extension("log.tmp").exists());
}

/// A small log image: header and three records.
fn small_log() -> (Vec<u8>, Vec<Record>, Vec<usize>) {
    let records = vec![
        Record::Revoke(Revocation::token(Some(ISS), "r1", NOW + 600)),
        Record::Revoke(Revocation::subject(Some(ISS), "dev", NOW)),
        Record::Revoke(Revocation::token(None, "r3", NOW + 600)),
    ];
    let image = write_revocation_log(&records).unwrap();
    // Record boundaries: the header is 16 bytes.
    let mut bounds = vec![16];
    for r in &records {
        let last = *bounds.last().unwrap();
        bounds.push(last + r.to_bytes().unwrap().len());
    }
    assert_eq!(*bounds.last().unwrap(), image.len());
    (image, records, bounds)
}

/// Flip every bit of a small log: the damage is always found. In the
/// last record it is a damaged tail: reported, cut (the bytes saved beside
/// the file), and the records before it used. Before a valid record it is
/// never cut, which would drop acknowledged revocations: the open fails
/// for an operator to look at, and the file is left as it was. A damaged
/// header refuses the file.
#[test]
fn every_bit_flip_is_reported_and_nothing_after_it_is_used() {
    let (image, records, bounds) = small_log();
    let dir = scratch("flips");
    let last = records.len() - 1;
    for i in 0..image.len() {
        for bit in 0..8 {
            let mut d = image.clone();
            d[i] ^= 1 << bit;
            let Some(k) = bounds.iter().rposition(|&b| b <= i) else {
                assert!(
                    matches!(
                        read_revocation_log(&d),
                        Err(LogError::BadHeader { .. } | LogError::UnsupportedVersion { .. })
                    ),
                    "header byte {i}"
                );
                continue;
            };
            match read_revocation_log(&d) {
                Err(LogError::Damaged(damage)) => {
                    assert_eq!(damage.offset as usize, bounds[k], "byte {i} bit {bit}")
                }
                other => panic!("byte {i} bit {bit}: {other:?}"),
            }
            let path = dir.join(format!("flip-{i}-{bit}.log"));
            std::fs::write(&path, &d).unwrap();
            let opened = RevocationStore::open(&path, Policy::new(1_000), NOW, Recovery::Truncate);
            if k == last {
                let (store, report) = opened.unwrap();
                let damage = report.damage.expect("damage reported");
                assert_eq!(damage.offset as usize, bounds[k]);
                assert_eq!(damage.discarded as usize, image.len() - bounds[k]);
                assert_eq!(report.records, k);
                assert_eq!(store.len(), k);
                let saved = damage.saved_to.unwrap();
                assert_eq!(std::fs::read(&saved).unwrap(), &d[bounds[k]..]);
                assert_eq!(std::fs::metadata(&path).unwrap().len() as usize, bounds[k]);
                let _ = std::fs::remove_file(&saved);
            } else {
                match opened {
                    Err(LogError::Damaged(damage)) => assert_eq!(damage.offset as usize, bounds[k]),
                    other => panic!("byte {i} bit {bit}: {:?}", other.map(|(_, r)| r)),
                }
                assert_eq!(std::fs::read(&path).unwrap(), d, "left as it was");
            }
            // Refuse mode and the read-only loader fail closed on any
            // damage but a torn tail.
            std::fs::write(&path, &d).unwrap();
            assert!(matches!(
                RevocationStore::open(&path, Policy::new(10), NOW, Recovery::Refuse),
                Err(LogError::Damaged(_))
            ));
            let read_only = RevocationStore::load_read_only(&path, Policy::new(10), NOW);
            if k == last {
                assert_eq!(read_only.unwrap().len(), k);
            } else {
                assert!(matches!(read_only, Err(LogError::Damaged(_))));
            }
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// One writer at a time; a missing store is not created in Refuse mode;
/// opening at a later time (or with a shorter policy) loads less but
/// erases nothing from the file.
#[test]
fn one_writer_no_silent_creation_no_erasure_at_open() {
    let dir = scratch("writer");
    let path = dir.join("revoked.log");
    let (store, _) = open(&path);
    store
        .revoke(Revocation::token(Some(ISS), "a", NOW + 600), NOW)
        .unwrap();
    assert!(matches!(
        RevocationStore::open(&path, Policy::new(10), NOW, Recovery::Truncate),
        Err(LogError::Locked)
    ));
    // Readers need no lock.
    assert_eq!(
        RevocationStore::load_read_only(&path, Policy::new(10), NOW)
            .unwrap()
            .len(),
        1
    );
    drop(store);
    let missing = dir.join("typo.log");
    assert!(matches!(
        RevocationStore::open(&missing, Policy::new(10), NOW, Recovery::Refuse),
        Err(LogError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound
    ));
    assert!(!missing.exists());
    // A clock that jumped a year ahead: nothing loaded, nothing erased.
    {
        let (store, _) =
            RevocationStore::open(&path, Policy::new(10), NOW + 31_536_000, Recovery::Truncate)
                .unwrap();
        assert!(store.is_empty());
    }
    let (store, _) = open(&path);
    assert!(is_revoked(&store, "a"));
    // A stale temporary file from a crash during creation or compaction
    // does not stand in the way.
    drop(store);
    std::fs::write(dir.join("revoked.log.tmp"), b"junk").unwrap();
    let (store, _) = open(&path);
    store.compact().unwrap();
    assert!(is_revoked(&store, "a"));
}

/// A reader sees a consistent snapshot while a writer appends: a torn
/// tail (an append in progress) is left out, not reported as damage.
#[test]
fn read_only_loads_ignore_an_append_in_progress() {
    let (image, records, bounds) = small_log();
    let dir = scratch("snapshot");
    let path = dir.join("revoked.log");
    for cut in bounds[records.len() - 1] + 1..image.len() {
        std::fs::write(&path, &image[..cut]).unwrap();
        let list = RevocationStore::load_read_only(&path, Policy::new(10), NOW).unwrap();
        assert_eq!(list.len(), records.len() - 1, "cut {cut}");
    }
}

/// Cut the log at every offset: inside a record it is a torn write,
/// reported and cut back; at a record boundary it is a shorter, valid log
/// (nothing can tell it from one that was never longer).
#[test]
fn every_truncation_is_reported_or_is_a_record_boundary() {
    let (image, records, bounds) = small_log();
    for cut in 0..image.len() {
        let d = &image[..cut];
        match read_revocation_log(d) {
            Ok(got) => {
                let k = bounds
                    .iter()
                    .position(|&b| b == cut)
                    .expect("only at a boundary");
                assert_eq!(got, records[..k]);
            }
            Err(LogError::BadHeader { .. }) => assert!(cut < 16),
            Err(LogError::Damaged(damage)) => {
                assert_eq!(damage.error, RecordError::Truncated);
                let k = bounds.iter().rposition(|&b| b <= cut).unwrap();
                assert_eq!(damage.offset as usize, bounds[k]);
                assert!(!bounds.contains(&cut));
            }
            Err(other) => panic!("cut {cut}: {other:?}"),
        }
    }
}

#[test]
fn foreign_and_future_files_are_refused() {
    let dir = scratch("foreign");
    let path = dir.join("not-a-log");
    std::fs::write(&path, b"{\"keys\":[]}\n").unwrap();
    assert!(matches!(
        RevocationStore::open(&path, Policy::new(1), NOW, Recovery::Truncate),
        Err(LogError::BadHeader { .. })
    ));
    // A refresh-store log is not a revocation log.
    let refresh = dir.join("refresh.log");
    drop(PersistentRefreshStore::open(&refresh, Recovery::Truncate).unwrap());
    assert!(matches!(
        RevocationStore::open(&refresh, Policy::new(1), NOW, Recovery::Truncate),
        Err(LogError::BadHeader { .. })
    ));
    // Version 2 with a valid header checksum.
    let mut header = b"JWTREVOK".to_vec();
    header.extend_from_slice(&2u32.to_le_bytes());
    let crc = jwt_revoke::record::crc32(&header);
    header.extend_from_slice(&crc.to_le_bytes());
    let future = dir.join("future.log");
    std::fs::write(&future, &header).unwrap();
    assert!(matches!(
        RevocationStore::open(&future, Policy::new(1), NOW, Recovery::Truncate),
        Err(LogError::UnsupportedVersion { found: 2 })
    ));
    // The file is left as it was.
    assert_eq!(std::fs::read(&future).unwrap(), header);
}

#[test]
fn refresh_reuse_detection_survives_a_restart() {
    let dir = scratch("refresh");
    let path = dir.join("refresh.log");
    let exp = NumericDate::from_secs(NOW + 86_400);
    {
        let (store, _) = PersistentRefreshStore::open(&path, Recovery::Truncate).unwrap();
        assert_eq!(store.consume("fam", "r1", exp), Ok(Consumed::First));
        assert_eq!(store.consume("other", "r1", exp), Ok(Consumed::First));
    }
    {
        let (store, report) = PersistentRefreshStore::open(&path, Recovery::Truncate).unwrap();
        assert_eq!(report.records, 2);
        // The stolen r1 is replayed after the restart: reuse, family revoked.
        assert_eq!(store.consume("fam", "r1", exp), Ok(Consumed::Reused));
        store.revoke_family("fam").unwrap();
    }
    let (store, _) = PersistentRefreshStore::open(&path, Recovery::Truncate).unwrap();
    assert!(store.is_revoked("fam"));
    assert_eq!(store.consume("fam", "r2", exp), Ok(Consumed::FamilyRevoked));
    assert_eq!(store.consume("other", "r2", exp), Ok(Consumed::First));
    // Pruning keeps the revoked family and drops expired ids.
    store.prune(NumericDate::from_secs(NOW + 86_401)).unwrap();
    drop(store);
    let (store, report) = PersistentRefreshStore::open(&path, Recovery::Truncate).unwrap();
    assert_eq!(report.records, 1);
    assert!(store.is_revoked("fam"));
    assert_eq!(store.consume("other", "r1", exp), Ok(Consumed::First));
}

/// The writer a killed-process test runs in a child process: revokes
/// t00000000, t00000001, ... and prints `ack N` after each `revoke`
/// returned. Does nothing unless started by the test below.
#[test]
#[ignore = "run as a child process by killed_writers_keep_every_acknowledged_revocation"]
fn child_writer() {
    let Ok(path) = std::env::var("JWT_REVOKE_CHILD_LOG") else {
        return;
    };
    let start: u64 = std::env::var("JWT_REVOKE_CHILD_START")
        .unwrap()
        .parse()
        .unwrap();
    let (store, _) =
        RevocationStore::open(&path, Policy::new(10_000_000), NOW, Recovery::Truncate).unwrap();
    use std::io::Write;
    let stdout = std::io::stdout();
    for i in start..start + 1_000_000 {
        store
            .revoke(
                Revocation::token(Some(ISS), &format!("t{i:08}"), NOW + 86_400),
                NOW,
            )
            .unwrap();
        let mut out = stdout.lock();
        writeln!(out, "ack {i}").unwrap();
        out.flush().unwrap();
    }
}

/// A process killed with SIGKILL at a random instant while it appends
/// comes back with every revocation it acknowledged; a torn last record is
/// reported and cut, never read. Hundreds of kills on one log file.
#[test]
fn killed_writers_keep_every_acknowledged_revocation() {
    let iterations: u64 = std::env::var("JWT_REVOKE_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let dir = scratch("kill");
    let path = dir.join("revoked.log");
    let exe = std::env::current_exe().unwrap();
    let mut rng = Rng::new(42);
    let mut acknowledged: Vec<u64> = Vec::new();
    let mut next = 0u64;
    let mut torn = 0;
    for round in 0..iterations {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "persist::child_writer",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("JWT_REVOKE_CHILD_LOG", &path)
            .env("JWT_REVOKE_CHILD_START", next.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| l.strip_prefix("ack ").and_then(|n| n.parse::<u64>().ok()))
                .collect::<Vec<u64>>()
        });
        // Let it start and append for 0-30 ms, then kill it mid-flight.
        std::thread::sleep(Duration::from_micros(2_000 + rng.below(30_000)));
        child.kill().unwrap();
        child.wait().unwrap();
        let acks = reader.join().unwrap();
        acknowledged.extend(&acks);
        // Reopen: every acknowledged revocation is there.
        let (store, report) = open(&path);
        if let Some(damage) = &report.damage {
            // Only ever a torn tail: the last record being written.
            assert_eq!(
                damage.error,
                RecordError::Truncated,
                "round {round}: {damage:?}"
            );
            torn += 1;
            if let Some(saved) = &damage.saved_to {
                let _ = std::fs::remove_file(saved);
            }
        }
        for &i in &acks {
            assert!(
                is_revoked(&store, &format!("t{i:08}")),
                "round {round}: t{i:08} lost"
            );
        }
        // Records past the acknowledged ones may exist (written, not yet
        // acknowledged): the next writer starts after all of them.
        next = store.len() as u64;
        assert!(next >= acknowledged.len() as u64);
    }
    let (store, _) = open(&path);
    for &i in &acknowledged {
        assert!(is_revoked(&store, &format!("t{i:08}")));
    }
    assert!(
        acknowledged.len() as u64 >= iterations,
        "the writers barely ran"
    );
    eprintln!(
        "{iterations} kills, {} acknowledged revocations, {torn} torn tails cut",
        acknowledged.len()
    );
}
