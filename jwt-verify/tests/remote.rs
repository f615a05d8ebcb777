//! `RemoteJwks` against a real HTTPS server on 127.0.0.1 (`remote`
//! feature): rotation, unknown `kid`s and the cooldown, outages, oversized
//! and malformed responses, `Cache-Control`, certificates and URLs.
//!
//! No assertion depends on how fast this machine is: fetches are counted,
//! sleeps are several times the durations they outwait, and where a slow
//! machine could legitimately cause an extra fetch the bound allows it.
#![cfg(feature = "remote")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects,
    missing_docs
)]

#[path = "support/https.rs"]
mod https;

use std::sync::Arc;
use std::time::{Duration, Instant};

use https::{Ca, Reply, Server, closed_port_url};
use jwt_issue::{Es256SigningKey, FixedClock, OsRng, SigningKey, TokenBuilder};
use jwt_verify::{KeyError, RemoteError, RemoteJwks, RemoteJwksOptions, Verifier, VerifyError};

const NOW: i64 = 1_700_000_000;
const HOUR: Duration = Duration::from_secs(3600);

fn key(kid: &str) -> Es256SigningKey {
    Es256SigningKey::generate_os().unwrap().with_kid(kid)
}

fn token(key: &Es256SigningKey) -> String {
    TokenBuilder::new(key)
        .subject("d")
        .ttl(600)
        .issue(&FixedClock(NOW), &mut OsRng)
        .unwrap()
}

fn jwks(keys: &[&Es256SigningKey]) -> String {
    let keys: Vec<&dyn SigningKey> = keys.iter().map(|k| *k as &dyn SigningKey).collect();
    jwt_issue::jwks(&keys).unwrap()
}

fn verify(remote: &RemoteJwks, token: &str) -> Result<(), VerifyError> {
    Verifier::new(remote, FixedClock(NOW + 10))
        .verify(token)
        .map(|_| ())
}

/// Trusts only `ca`; long TTL and cooldown unless a test shortens them;
/// timeouts short enough for a test, long enough for a loaded machine;
/// no proxy from the environment between the test and its server.
fn options(ca: &Ca) -> RemoteJwksOptions {
    RemoteJwksOptions::new()
        .trust_only_pem(ca.pem.clone())
        .proxy_from_env(false)
        .min_ttl(Duration::from_millis(100))
        .max_ttl(HOUR)
        .default_ttl(HOUR)
        .cooldown(HOUR)
        .connect_timeout(Duration::from_secs(5))
        .read_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(10))
}

fn remote(server: &Server, options: RemoteJwksOptions) -> RemoteJwks {
    RemoteJwks::with_options(&server.url(), options).unwrap()
}

#[test]
fn rotation_after_ttl_new_key_verifies_and_old_is_refused() {
    let ca = Ca::new("rotation CA");
    let (old, new) = (key("old"), key("new"));
    let server = Server::start(&ca, Reply::ok(jwks(&[&old])));
    // The first set lives 300 ms (no max-age: the default TTL).
    let remote = remote(
        &server,
        options(&ca).default_ttl(Duration::from_millis(300)),
    );
    assert_eq!(
        remote.current().map(|s| s.len()),
        None,
        "nothing fetched yet"
    );
    verify(&remote, &token(&old)).unwrap();
    assert_eq!(server.hits(), 1);
    assert_eq!(remote.stats().ttl, Some(Duration::from_millis(300)));

    // The provider rotates; the new set is meant to live an hour.
    server.set(Reply::ok(jwks(&[&new])).cache_control("max-age=3600"));
    std::thread::sleep(Duration::from_millis(1200));
    verify(&remote, &token(&new)).unwrap();
    assert_eq!(server.hits(), 2, "one refetch once the set was stale");
    assert_eq!(
        verify(&remote, &token(&old)),
        Err(VerifyError::KeyNotFound),
        "the rotated-out key no longer verifies"
    );
    // Within the cooldown, the unknown kid "old" caused no fetch.
    assert_eq!(server.hits(), 2);
    let stats = remote.stats();
    assert_eq!((stats.fetches, stats.successes, stats.failures), (2, 2, 0));
    assert_eq!(stats.ttl, Some(HOUR));
}

#[test]
fn unknown_kid_refetches_at_most_once_per_cooldown() {
    let ca = Ca::new("kid CA");
    let (k1, k2) = (key("k1"), key("k2"));
    let server = Server::start(&ca, Reply::ok(jwks(&[&k1])).cache_control("max-age=3600"));
    let cooldown = Duration::from_secs(1);
    let remote = remote(&server, options(&ca).cooldown(cooldown));
    // Tokens made up front so the loops below are fast.
    let garbage: Vec<String> = (0..60)
        .map(|i| token(&key(&format!("garbage-{i}"))))
        .collect();
    let (t1, t2) = (token(&k1), token(&k2));

    verify(&remote, &t1).unwrap();
    assert_eq!(server.hits(), 1);
    // The provider adds k2; a token naming it arrives after the cooldown.
    server.set(Reply::ok(jwks(&[&k1, &k2])).cache_control("max-age=3600"));
    std::thread::sleep(cooldown * 3);
    let started = Instant::now();
    verify(&remote, &t2).unwrap();
    assert_eq!(server.hits(), 2, "the unknown kid k2 caused one refetch");

    // A burst of made-up kids: all refused, at most one fetch per cooldown.
    for t in &garbage[..30] {
        assert_eq!(verify(&remote, t), Err(VerifyError::KeyNotFound));
    }
    let allowed = 2 + cooldown_periods(started.elapsed(), cooldown);
    assert!(
        server.hits() <= allowed,
        "{} fetches, at most {allowed} allowed",
        server.hits()
    );
    // Known kids still verify without fetching.
    verify(&remote, &t1).unwrap();
    verify(&remote, &t2).unwrap();

    // After the next cooldown one made-up kid may fetch once more; a
    // second burst from several threads adds at most one per cooldown.
    std::thread::sleep(cooldown * 3);
    let before = server.hits();
    let started = Instant::now();
    let remote = Arc::new(remote);
    let threads: Vec<_> = garbage[30..]
        .chunks(10)
        .map(|chunk| {
            let (remote, chunk) = (Arc::clone(&remote), chunk.to_vec());
            std::thread::spawn(move || {
                for t in &chunk {
                    assert_eq!(verify(&remote, t), Err(VerifyError::KeyNotFound));
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let fetched = server.hits() - before;
    let allowed = 1 + cooldown_periods(started.elapsed(), cooldown);
    assert!(
        (1..=allowed).contains(&fetched),
        "{fetched} fetches, 1..={allowed} expected"
    );
}

/// Whole cooldowns in `elapsed`, rounded up.
fn cooldown_periods(elapsed: Duration, cooldown: Duration) -> usize {
    elapsed.as_nanos().div_ceil(cooldown.as_nanos()) as usize
}

#[test]
fn server_down_keeps_the_last_good_set() {
    let ca = Ca::new("outage CA");
    let k1 = key("k1");
    let mut server = Server::start(&ca, Reply::ok(jwks(&[&k1])));
    // Stale after 200 ms, retried at most every 200 ms.
    let short = Duration::from_millis(200);
    let remote = remote(&server, options(&ca).default_ttl(short).cooldown(short));
    let t1 = token(&k1);
    verify(&remote, &t1).unwrap();
    let set = remote.current().unwrap();

    server.stop();
    assert!(matches!(
        remote.fetch_now(),
        Err(RemoteError::Connect { .. })
    ));
    assert!(matches!(
        remote.last_error(),
        Some(RemoteError::Connect { .. })
    ));
    // Stale, the refetch fails, the last good set still verifies.
    std::thread::sleep(short * 4);
    verify(&remote, &t1).unwrap();
    assert!(Arc::ptr_eq(&set, &remote.current().unwrap()));
    let stats = remote.stats();
    assert_eq!(stats.successes, 1);
    assert!(stats.failures >= 2, "{stats:?}");
    assert_eq!(stats.fetches, stats.successes + stats.failures);
}

/// With `max_stale`, a set that could not be refreshed for that long is
/// no longer used (a key the provider withdrew during an outage stops
/// verifying); a successful fetch restores service.
#[test]
fn max_stale_fails_closed_after_a_long_outage() {
    let ca = Ca::new("stale CA");
    let k1 = key("k1");
    let mut server = Server::start(&ca, Reply::ok(jwks(&[&k1])));
    let short = Duration::from_millis(100);
    let remote = remote(
        &server,
        options(&ca)
            .default_ttl(short)
            .min_ttl(short)
            .cooldown(short)
            .max_stale(Duration::from_millis(600)),
    );
    let t1 = token(&k1);
    verify(&remote, &t1).unwrap();
    server.stop();
    // Well within max_stale: the last good set still verifies.
    verify(&remote, &t1).unwrap();
    std::thread::sleep(Duration::from_millis(900));
    assert_eq!(verify(&remote, &t1), Err(VerifyError::KeysUnavailable));
    assert!(remote.current().is_some(), "the set is kept, only not used");
}

#[test]
fn never_fetched_fails_closed_with_keys_unavailable() {
    let remote =
        RemoteJwks::with_options(&closed_port_url(), options(&Ca::new("unused CA"))).unwrap();
    let t = token(&key("k1"));
    assert_eq!(verify(&remote, &t), Err(VerifyError::KeysUnavailable));
    assert!(matches!(
        remote.last_error(),
        Some(RemoteError::Connect { .. })
    ));
    // Within the cooldown no new attempt is made: still closed, one fetch.
    for _ in 0..20 {
        assert_eq!(verify(&remote, &t), Err(VerifyError::KeysUnavailable));
    }
    assert_eq!(remote.stats().fetches, 1);
    assert!(remote.current().is_none());
}

#[test]
fn threads_without_a_set_wait_for_one_first_fetch() {
    let ca = Ca::new("first fetch CA");
    let k1 = key("k1");
    let server = Server::start(
        &ca,
        Reply::ok(jwks(&[&k1])).delay(Duration::from_millis(300)),
    );
    let remote = Arc::new(remote(&server, options(&ca)));
    let t1 = token(&k1);
    let threads: Vec<_> = (0..6)
        .map(|_| {
            let (remote, t1) = (Arc::clone(&remote), t1.clone());
            std::thread::spawn(move || verify(&remote, &t1))
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), Ok(()));
    }
    assert_eq!(server.hits(), 1);
}

#[test]
fn oversized_response_is_refused_and_the_last_good_set_kept() {
    let ca = Ca::new("size CA");
    let (k1, k2) = (key("k1"), key("k2"));
    let limit = 4096;
    let padded = |keys: &[&Es256SigningKey], len: usize| {
        let mut body = jwks(keys).into_bytes();
        assert!(body.len() <= len);
        body.resize(len, b' ');
        body
    };
    let server = Server::start(&ca, Reply::ok(padded(&[&k1], limit)));
    let remote = remote(&server, options(&ca).max_response_size(limit));
    // Exactly the cap is accepted.
    verify(&remote, &token(&k1)).unwrap();
    let set = remote.current().unwrap();

    // One byte over, announced by Content-Length or not.
    for reply in [
        Reply::ok(padded(&[&k2], limit + 1)),
        Reply::ok(padded(&[&k2], limit + 1)).without_length(),
        Reply::ok(padded(&[&k2], 10 * limit)).without_length(),
    ] {
        server.set(reply);
        assert_eq!(
            remote.fetch_now().err(),
            Some(RemoteError::TooLarge { limit })
        );
        assert_eq!(remote.last_error(), Some(RemoteError::TooLarge { limit }));
        assert!(Arc::ptr_eq(&set, &remote.current().unwrap()));
        verify(&remote, &token(&k1)).unwrap();
    }
    // Without a length, at the cap, still fine; and the new key arrives.
    server.set(Reply::ok(padded(&[&k2], limit)).without_length());
    remote.fetch_now().unwrap();
    assert_eq!(remote.last_error(), None);
    verify(&remote, &token(&k2)).unwrap();
}

#[test]
fn malformed_responses_keep_the_last_good_set() {
    let ca = Ca::new("malformed CA");
    let k1 = key("k1");
    let server = Server::start(&ca, Reply::ok(jwks(&[&k1])));
    let remote = remote(&server, options(&ca));
    let t1 = token(&k1);
    verify(&remote, &t1).unwrap();
    let set = remote.current().unwrap();

    type Expected = fn(&RemoteError) -> bool;
    let cases: Vec<(Reply, Expected)> = vec![
        (Reply::ok("<html>not json</html>"), |e| {
            matches!(e, RemoteError::Key(KeyError::Malformed { .. }))
        }),
        (Reply::ok(r#"{"foo":1}"#), |e| {
            matches!(e, RemoteError::Key(KeyError::Malformed { .. }))
        }),
        (Reply::ok(r#"{"keys":[]}"#), |e| {
            matches!(e, RemoteError::Key(KeyError::KeySetRejected { .. }))
        }),
        (
            Reply::ok(r#"{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}"#),
            |e| matches!(e, RemoteError::Key(_)),
        ),
        (Reply::ok(""), |e| matches!(e, RemoteError::Key(_))),
        (Reply::ok(vec![0xff, 0xfe, b'{', b'}']), |e| {
            matches!(e, RemoteError::Malformed { .. })
        }),
        (Reply::ok(jwks(&[&k1])).status(500), |e| {
            *e == RemoteError::Http { status: 500 }
        }),
        (Reply::ok(jwks(&[&k1])).status(404), |e| {
            *e == RemoteError::Http { status: 404 }
        }),
        (
            Reply::ok("")
                .status(302)
                .header("Location", "https://127.0.0.1:1/"),
            |e| *e == RemoteError::Http { status: 302 },
        ),
        (Reply::ok(jwks(&[&k1])).status(204), |e| {
            *e == RemoteError::Http { status: 204 }
        }),
    ];
    for (reply, expected) in cases {
        let what = format!(
            "{} {:?}",
            reply.status,
            String::from_utf8_lossy(&reply.body)
        );
        server.set(reply);
        let error = remote.fetch_now().expect_err(&what);
        assert!(expected(&error), "{what}: {error:?}");
        assert_eq!(remote.last_error().as_ref(), Some(&error), "{what}");
        assert!(Arc::ptr_eq(&set, &remote.current().unwrap()), "{what}");
        verify(&remote, &t1).unwrap();
    }
    let stats = remote.stats();
    assert_eq!((stats.successes, stats.failures), (1, 10));
}

#[test]
fn max_age_is_honoured_and_clamped() {
    let ca = Ca::new("cache CA");
    let k1 = key("k1");
    let body = jwks(&[&k1]);
    let server = Server::start(&ca, Reply::ok(body.clone()));
    let (min, max, default) = (Duration::from_secs(60), HOUR, Duration::from_secs(600));
    let remote = remote(
        &server,
        options(&ca).min_ttl(min).max_ttl(max).default_ttl(default),
    );
    let secs = Duration::from_secs;
    let cases: &[(&[(&str, &str)], Duration)] = &[
        (&[], default),
        (&[("Cache-Control", "max-age=120")], secs(120)),
        (
            &[("Cache-Control", "public, max-age=900, must-revalidate")],
            secs(900),
        ),
        (&[("Cache-Control", "MAX-AGE=\"300\"")], secs(300)),
        (&[("Cache-Control", "max-age=86400")], max),
        (&[("Cache-Control", "max-age=99999999999999999999999")], max),
        (&[("Cache-Control", "max-age=5")], min),
        (&[("Cache-Control", "max-age=0")], min),
        (&[("Cache-Control", "no-store")], min),
        (&[("Cache-Control", "no-cache, max-age=600")], min),
        (&[("Cache-Control", "max-age=soon")], min),
        (
            &[("Cache-Control", "max-age=600"), ("Age", "100")],
            secs(500),
        ),
        (
            &[
                ("Cache-Control", "max-age=600"),
                ("Cache-Control", "max-age=300"),
            ],
            secs(300),
        ),
        (&[("Expires", "Thu, 01 Jan 2099 00:00:00 GMT")], default),
    ];
    for (headers, ttl) in cases {
        let mut reply = Reply::ok(body.clone());
        for (name, value) in *headers {
            reply = reply.header(name, value);
        }
        server.set(reply);
        remote.fetch_now().unwrap();
        assert_eq!(remote.stats().ttl, Some(*ttl), "{headers:?}");
    }

    // Behaviour, by counting: an hour's max-age means no refetch...
    let short = Duration::from_millis(200);
    let server = Server::start(&ca, Reply::ok(body.clone()).cache_control("max-age=3600"));
    let remote = RemoteJwks::with_options(&server.url(), options(&ca).min_ttl(short)).unwrap();
    let t1 = token(&k1);
    for _ in 0..5 {
        verify(&remote, &t1).unwrap();
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(server.hits(), 1);
    // ...and no-store means the minimum: stale again after 200 ms.
    server.set(Reply::ok(body).cache_control("no-store"));
    remote.fetch_now().unwrap();
    assert_eq!(remote.stats().ttl, Some(short));
    std::thread::sleep(short * 4);
    verify(&remote, &t1).unwrap();
    assert!(server.hits() >= 3, "{}", server.hits());
}

#[test]
fn untrusted_certificate_is_refused() {
    let (ours, theirs) = (Ca::new("our CA"), Ca::new("another CA"));
    let k1 = key("k1");
    let server = Server::start(&theirs, Reply::ok(jwks(&[&k1])));
    let t1 = token(&k1);

    // A server certificate from a CA we do not trust.
    let remote = remote(&server, options(&ours));
    let error = remote.fetch_now().unwrap_err();
    assert!(matches!(error, RemoteError::Tls { .. }), "{error:?}");
    assert_eq!(verify(&remote, &t1), Err(VerifyError::KeysUnavailable));
    // Nor with Mozilla's roots (the default).
    let webpki = RemoteJwksOptions::new().proxy_from_env(false);
    let remote = RemoteJwks::with_options(&server.url(), webpki).unwrap();
    let error = remote.fetch_now().unwrap_err();
    assert!(matches!(error, RemoteError::Tls { .. }), "{error:?}");
    // The handshake never completed: no request was read.
    assert_eq!(server.hits(), 0);

    // Its own CA is trusted, by address and by name.
    let remote = remote_at(&server.url(), &theirs);
    verify(&remote, &t1).unwrap();
    let remote = remote_at(&server.localhost_url(), &theirs);
    verify(&remote, &t1).unwrap();
    assert_eq!(server.hits(), 2);
}

fn remote_at(url: &str, ca: &Ca) -> RemoteJwks {
    RemoteJwks::with_options(url, options(ca)).unwrap()
}

#[test]
fn http_and_invalid_urls_are_refused() {
    for url in [
        "http://127.0.0.1:8080/jwks.json",
        "HTTP://auth.example.com/jwks.json",
        "ftp://auth.example.com/jwks.json",
        "ws://auth.example.com/jwks.json",
    ] {
        assert_eq!(
            RemoteJwks::new(url).err(),
            Some(RemoteError::InsecureUrl),
            "{url}"
        );
    }
    for url in ["", "jwks.json", "/jwks.json", "https://", "not a url"] {
        assert!(
            matches!(RemoteJwks::new(url), Err(RemoteError::InvalidUrl { .. })),
            "{url}"
        );
    }
    assert!(RemoteJwks::new("https://auth.example.com/.well-known/jwks.json").is_ok());
    assert!(RemoteJwks::new("HTTPS://auth.example.com/jwks.json").is_ok());
    for pem in [
        "",
        "not pem",
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    ] {
        let options = RemoteJwksOptions::new().trust_only_pem(pem);
        assert!(
            matches!(
                RemoteJwks::with_options("https://auth.example.com/jwks.json", options),
                Err(RemoteError::RootCertificates { .. })
            ),
            "{pem:?}"
        );
    }
}

#[test]
fn slow_server_times_out_and_the_last_good_set_is_kept() {
    let ca = Ca::new("slow CA");
    let k1 = key("k1");
    let server = Server::start(&ca, Reply::ok(jwks(&[&k1])));
    let remote = remote(
        &server,
        options(&ca)
            .read_timeout(Duration::from_millis(300))
            .timeout(Duration::from_secs(1)),
    );
    let t1 = token(&k1);
    verify(&remote, &t1).unwrap();
    server.set(Reply::ok(jwks(&[&k1])).delay(Duration::from_secs(4)));
    assert_eq!(remote.fetch_now().err(), Some(RemoteError::Timeout));
    verify(&remote, &t1).unwrap();
}
