//! A JWK Set that follows its URL (`remote` feature; hosted builds).
//!
//! Design note: a gateway that trusts an identity provider's published
//! JWKS must notice the provider's key rotation without a restart, and must
//! not let the network decide whether tokens verify. [`RemoteJwks`] keeps
//! the last set it fetched successfully behind an atomically swappable
//! `Arc` (as [`SharedKeys`](crate::SharedKeys) does) and replaces it only
//! with a complete, usable set: a failed fetch (refused connection,
//! timeout, TLS failure, a status other than 200, a body over the size cap,
//! a body that is not a JWKS or holds no usable key) never empties it.
//! With no good set ever fetched, verification fails closed
//! ([`VerifyError::KeysUnavailable`]).
//!
//! When to fetch: when the set is older than its time to live (the
//! response's `Cache-Control: max-age`, clamped to configured bounds), and
//! when a token names a `kid` the set does not hold (the provider has
//! rotated), at most once per cooldown, so tokens with made-up `kid`s
//! cannot make the verifier hammer the provider. A failed fetch is retried
//! no sooner than one cooldown later. One thread fetches at a time, on the
//! verifying thread that noticed (no background thread); the others keep
//! verifying with the current snapshot without waiting, except while no
//! set exists at all, when they wait for the first fetch. Lock-free on the
//! verification path: one clock read and two atomic loads.
//!
//! The rejected alternatives: a background refresh thread (a thread per
//! key source, and its lifetime to manage, for a fetch every ten minutes);
//! fetching on every unknown `kid` (a denial of service against the
//! provider, as jose's and jwks-rsa's cooldowns acknowledge); dropping the
//! set when a refresh fails (an outage of the provider becomes an outage of
//! every gateway).

use alloc::string::{String, ToString};
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;
use core::sync::atomic::{AtomicU64, Ordering};
use core::time::Duration;
use std::io::Read;
use std::sync::{Mutex, MutexGuard, PoisonError, TryLockError};
use std::time::Instant;

use arc_swap::ArcSwapOption;
use jwt_core::{Algorithm, VerifyError};

use crate::error::KeyError;
use crate::key::DynVerifyingKey;
use crate::keys::keyset::KeySet;
use crate::verifier::KeySource;

/// Why fetching a remote JWK Set failed, or why a [`RemoteJwks`] could not
/// be configured.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RemoteError {
    /// The URL's scheme is not `https`: key sets are fetched over TLS only.
    #[error("the JWKS URL must use https://")]
    InsecureUrl,
    /// The URL is not an absolute URL with a host.
    #[error("the JWKS URL is not a valid absolute URL: {reason}")]
    InvalidUrl {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The configured root certificates could not be read.
    #[error("trusted root certificates: {reason}")]
    RootCertificates {
        /// What is wrong with them.
        reason: &'static str,
    },
    /// The host could not be resolved or reached.
    #[error("cannot connect to the JWKS server: {detail}")]
    Connect {
        /// The transport's description.
        detail: String,
    },
    /// The TLS handshake failed, including a server certificate that does
    /// not chain to a trusted root or does not name the host.
    #[error("TLS failed: {detail}")]
    Tls {
        /// The TLS library's description.
        detail: String,
    },
    /// A connect, read or overall timeout expired.
    #[error("the JWKS server did not answer in time")]
    Timeout,
    /// The server answered with a status other than 200 (redirects are not
    /// followed).
    #[error("the JWKS server answered HTTP {status}, not 200")]
    Http {
        /// The HTTP status code.
        status: u16,
    },
    /// The response body is larger than the configured cap.
    #[error("the JWKS response is larger than {limit} bytes")]
    TooLarge {
        /// The cap, in bytes.
        limit: usize,
    },
    /// The response body is not text.
    #[error("the JWKS response is malformed: {reason}")]
    Malformed {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The response body is not a usable JWK Set: not JSON, no `keys`, no
    /// usable key ([`KeySet::from_jwks_json`]'s error).
    #[error("the JWKS response is not a usable key set: {0}")]
    Key(#[from] KeyError),
    /// Another failure of the HTTP exchange (a malformed response, the
    /// connection closed mid-body...).
    #[error("the JWKS request failed: {detail}")]
    Transport {
        /// The transport's description.
        detail: String,
    },
}

impl RemoteError {
    const fn code_number(&self) -> (&'static str, u16) {
        match self {
            RemoteError::Key(e) => (e.code(), e.number()),
            RemoteError::InsecureUrl => ("jwks_insecure_url", 7001),
            RemoteError::InvalidUrl { .. } => ("jwks_invalid_url", 7002),
            RemoteError::RootCertificates { .. } => ("jwks_root_certificates", 7003),
            RemoteError::Connect { .. } => ("jwks_connect_failed", 7004),
            RemoteError::Tls { .. } => ("jwks_tls_failed", 7005),
            RemoteError::Timeout => ("jwks_timeout", 7006),
            RemoteError::Http { .. } => ("jwks_http_status", 7007),
            RemoteError::TooLarge { .. } => ("jwks_too_large", 7008),
            RemoteError::Malformed { .. } => ("jwks_malformed", 7009),
            RemoteError::Transport { .. } => ("jwks_transport_failed", 7010),
        }
    }
}

jwt_core::error_code_methods!(RemoteError);

/// Which root certificates a [`RemoteJwks`] trusts.
#[derive(Clone, Debug)]
enum Roots {
    /// Mozilla's root program (`webpki-roots`), built in.
    WebPki,
    /// Only the certificates of this PEM text.
    OnlyPem(Vec<u8>),
}

/// How a [`RemoteJwks`] fetches and caches (builder style; every setting
/// has a default).
///
/// | setting | default |
/// |---|---|
/// | [`algs_for_keys_without_alg`](Self::algs_for_keys_without_alg) | none (keys without `alg` serve their curve's algorithm only) |
/// | [`default_ttl`](Self::default_ttl) (no `max-age`) | 10 minutes |
/// | [`min_ttl`](Self::min_ttl) / [`max_ttl`](Self::max_ttl) | 60 seconds / 24 hours |
/// | [`cooldown`](Self::cooldown) | 30 seconds |
/// | [`max_response_size`](Self::max_response_size) | 256 KiB |
/// | [`connect_timeout`](Self::connect_timeout) / [`read_timeout`](Self::read_timeout) / [`timeout`](Self::timeout) | 5 s / 5 s / 15 s |
/// | trusted roots | Mozilla's ([`trust_only_pem`](Self::trust_only_pem) replaces them) |
/// | [`proxy_from_env`](Self::proxy_from_env) | yes |
/// | [`max_stale`](Self::max_stale) | unset (the last good set is served through any outage) |
#[derive(Clone, Debug)]
pub struct RemoteJwksOptions {
    algs: Vec<Algorithm>,
    default_ttl: Duration,
    min_ttl: Duration,
    max_ttl: Duration,
    cooldown: Duration,
    max_response_size: usize,
    connect_timeout: Duration,
    read_timeout: Duration,
    timeout: Duration,
    roots: Roots,
    proxy_from_env: bool,
    max_stale: Option<Duration>,
}

impl Default for RemoteJwksOptions {
    fn default() -> Self {
        RemoteJwksOptions {
            algs: Vec::new(),
            default_ttl: Duration::from_secs(10 * 60),
            min_ttl: Duration::from_secs(60),
            max_ttl: Duration::from_secs(24 * 60 * 60),
            cooldown: Duration::from_secs(30),
            max_response_size: 256 * 1024,
            connect_timeout: Duration::from_secs(5),
            read_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(15),
            roots: Roots::WebPki,
            proxy_from_env: true,
            max_stale: None,
        }
    }
}

impl RemoteJwksOptions {
    /// The defaults (see the table above).
    pub fn new() -> Self {
        Self::default()
    }

    /// The algorithms a key without `alg` may serve, passed to
    /// [`KeySet::from_jwks_json`] (an RSA key without `alg` is skipped
    /// unless RS* or PS* algorithms are named here).
    pub fn algs_for_keys_without_alg(mut self, algs: &[Algorithm]) -> Self {
        self.algs = algs.to_vec();
        self
    }

    /// How long a set lives when the response has no `Cache-Control:
    /// max-age` (clamped to the bounds).
    pub fn default_ttl(mut self, ttl: Duration) -> Self {
        self.default_ttl = ttl;
        self
    }

    /// The shortest time to live: a smaller `max-age`, `max-age=0`,
    /// `no-cache` and `no-store` give this. Wins over
    /// [`max_ttl`](Self::max_ttl) if larger.
    pub fn min_ttl(mut self, ttl: Duration) -> Self {
        self.min_ttl = ttl;
        self
    }

    /// The longest time to live: a larger `max-age` gives this.
    pub fn max_ttl(mut self, ttl: Duration) -> Self {
        self.max_ttl = ttl;
        self
    }

    /// The least time between two fetches that tokens cause: a `kid` the
    /// set lacks, or a retry after a failed fetch.
    /// [`RemoteJwks::fetch_now`] ignores it.
    pub fn cooldown(mut self, cooldown: Duration) -> Self {
        self.cooldown = cooldown;
        self
    }

    /// The largest response body accepted, in bytes; no more than this
    /// plus one byte is read.
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// How long resolving the host and connecting to it may take.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long each read (TLS handshake, headers, body) may wait.
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// How long a whole fetch may take, connection to last byte.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Trusts only the certificates in `pem` (one or more `CERTIFICATE`
    /// blocks) as roots, instead of Mozilla's: for a provider behind a
    /// private CA. Read when the [`RemoteJwks`] is built.
    pub fn trust_only_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.roots = Roots::OnlyPem(pem.into());
        self
    }

    /// Whether to use the proxy named by `ALL_PROXY`, `HTTPS_PROXY` or
    /// `HTTP_PROXY` (with the exceptions in `NO_PROXY`), as curl does.
    /// TLS runs end to end through the proxy either way.
    pub fn proxy_from_env(mut self, yes: bool) -> Self {
        self.proxy_from_env = yes;
        self
    }

    /// How long after the last successful fetch the set may still be
    /// used while every fetch fails; past it, verification fails closed
    /// ([`VerifyError::KeysUnavailable`]) until a fetch succeeds. Unset
    /// (the default), the last good set is served for as long as the
    /// provider is unreachable, so an outage of the provider is never an
    /// outage of the gateway, but a key the provider withdrew during the
    /// outage stays trusted.
    pub fn max_stale(mut self, max_stale: Duration) -> Self {
        self.max_stale = Some(max_stale);
        self
    }

    /// `ttl` within the bounds; the minimum wins if the bounds cross.
    fn clamp(&self, ttl: Duration) -> Duration {
        ttl.min(self.max_ttl).max(self.min_ttl)
    }
}

/// Counters and the cache state of a [`RemoteJwks`], for monitoring and
/// tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RemoteJwksStats {
    /// Fetches attempted (successful or not).
    pub fetches: u64,
    /// Fetches that replaced the set.
    pub successes: u64,
    /// Fetches that failed (the set, if any, was kept).
    pub failures: u64,
    /// The time to live the current set was given, if there is one.
    pub ttl: Option<Duration>,
    /// How long ago the current set was fetched, if there is one.
    pub age: Option<Duration>,
}

/// What the last fetches left behind, beside the set itself.
#[derive(Default)]
struct Status {
    last_error: Option<RemoteError>,
    ttl: Option<Duration>,
    fetched_at: Option<Instant>,
}

/// A JWK Set fetched over HTTPS from its URL and kept fresh: what the npm
/// `jose` package's `createRemoteJWKSet` gives JavaScript (`remote`
/// feature, which needs an operating system: `os`).
///
/// A [`KeySource`]: `Verifier::new(remote, clock)`, or `&remote` and
/// `Arc<RemoteJwks>` to share one between verifiers. Nothing is fetched
/// when it is built; the first verification (or
/// [`fetch_now`](Self::fetch_now)) fetches. Then:
///
/// - the set is fetched again when it is older than its time to live:
///   `Cache-Control: max-age` (less `Age`) clamped to
///   [`min_ttl`](RemoteJwksOptions::min_ttl) and
///   [`max_ttl`](RemoteJwksOptions::max_ttl), the minimum for `no-cache`,
///   `no-store` or an invalid `max-age`,
///   [`default_ttl`](RemoteJwksOptions::default_ttl) without `max-age`;
/// - a token whose `kid` the set does not hold
///   ([`VerifyError::KeyNotFound`]) causes one fetch and one retry, at most
///   once per [`cooldown`](RemoteJwksOptions::cooldown);
/// - a failed fetch keeps the last good set (see [`RemoteError`]) and is
///   retried no sooner than one cooldown later; without any good set,
///   verification fails with [`VerifyError::KeysUnavailable`].
///
/// Only `https://` URLs are accepted, verified against Mozilla's roots
/// (or only the given ones: [`RemoteJwksOptions::trust_only_pem`]) by
/// rustls; redirects are not followed; a proxy named in the environment
/// is used ([`RemoteJwksOptions::proxy_from_env`]).
///
/// ```no_run
/// use jwt_verify::{RemoteJwks, RemoteJwksOptions, Validation, Verifier, Algorithm};
///
/// let keys = RemoteJwks::with_options(
///     "https://auth.example.com/.well-known/jwks.json",
///     // Microsoft and others publish RSA keys without `alg`.
///     RemoteJwksOptions::new().algs_for_keys_without_alg(&[Algorithm::RS256]),
/// )?;
/// let gateway = Verifier::with_system_clock(keys)
///     .with_validation(Validation::new().issuer("https://auth.example.com"));
/// # let token = "";
/// let verified = gateway.verify(token)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct RemoteJwks {
    url: String,
    options: RemoteJwksOptions,
    agent: ureq::Agent,
    current: ArcSwapOption<KeySet>,
    /// Times below are nanoseconds since `base`.
    base: Instant,
    /// When the set goes stale (or, after a failure, when to retry).
    refresh_at: AtomicU64,
    /// When an unknown `kid` may cause the next fetch.
    kid_refetch_at: AtomicU64,
    /// When the current set was fetched.
    fetched_at: AtomicU64,
    /// Held by the one thread that fetches.
    fetching: Mutex<()>,
    status: Mutex<Status>,
    fetches: AtomicU64,
    successes: AtomicU64,
    failures: AtomicU64,
}

impl RemoteJwks {
    /// A remote set at `url` with the default options.
    ///
    /// # Errors
    /// As [`with_options`](Self::with_options).
    pub fn new(url: &str) -> Result<Self, RemoteError> {
        Self::with_options(url, RemoteJwksOptions::default())
    }

    /// A remote set at `url`. Nothing is fetched yet.
    ///
    /// # Errors
    /// [`RemoteError::InsecureUrl`] for a scheme other than `https`,
    /// [`RemoteError::InvalidUrl`] for a URL without a host or that does
    /// not parse, [`RemoteError::RootCertificates`] for a
    /// [`trust_only_pem`](RemoteJwksOptions::trust_only_pem) text without
    /// a readable certificate.
    pub fn with_options(url: &str, options: RemoteJwksOptions) -> Result<Self, RemoteError> {
        check_url(url)?;
        let roots = match &options.roots {
            Roots::WebPki => ureq::tls::RootCerts::WebPki,
            Roots::OnlyPem(pem) => ureq::tls::RootCerts::Specific(Arc::new(certificates(pem)?)),
        };
        let tls = ureq::tls::TlsConfig::builder()
            .provider(ureq::tls::TlsProvider::Rustls)
            .root_certs(roots)
            .build();
        let proxy = if options.proxy_from_env {
            ureq::Proxy::try_from_env()
        } else {
            None
        };
        let config = ureq::Agent::config_builder()
            .tls_config(tls)
            .proxy(proxy)
            .https_only(true)
            .max_redirects(0)
            .http_status_as_error(false)
            .max_response_header_size(16 * 1024)
            // Fetches are minutes apart: a fresh connection each time, so
            // a pooled connection the server has closed is never reused.
            .max_idle_connections(0)
            .max_idle_connections_per_host(0)
            .timeout_resolve(Some(options.connect_timeout))
            .timeout_connect(Some(options.connect_timeout))
            .timeout_per_read(Some(options.read_timeout))
            .timeout_global(Some(options.timeout))
            .build();
        Ok(RemoteJwks {
            url: url.to_string(),
            options,
            agent: config.new_agent(),
            current: ArcSwapOption::empty(),
            base: Instant::now(),
            refresh_at: AtomicU64::new(0),
            kid_refetch_at: AtomicU64::new(0),
            fetched_at: AtomicU64::new(0),
            fetching: Mutex::new(()),
            status: Mutex::new(Status::default()),
            fetches: AtomicU64::new(0),
            successes: AtomicU64::new(0),
            failures: AtomicU64::new(0),
        })
    }

    /// The URL the set is fetched from.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Fetches the set now, whatever its age and the cooldown, waiting
    /// for a fetch in progress on another thread first. On success the
    /// new set replaces the current one; on failure the current one is
    /// kept.
    ///
    /// # Errors
    /// Why the fetch failed ([`RemoteError`]); it is also kept as
    /// [`last_error`](Self::last_error).
    pub fn fetch_now(&self) -> Result<Arc<KeySet>, RemoteError> {
        let guard = lock(&self.fetching);
        self.fetch_locked(&guard)
    }

    /// The current set (a snapshot), if a fetch ever succeeded.
    pub fn current(&self) -> Option<Arc<KeySet>> {
        self.current.load_full()
    }

    /// Why the last fetch failed; `None` if it succeeded or none was made.
    pub fn last_error(&self) -> Option<RemoteError> {
        lock(&self.status).last_error.clone()
    }

    /// The fetch counters and the current set's time to live and age.
    pub fn stats(&self) -> RemoteJwksStats {
        let status = lock(&self.status);
        RemoteJwksStats {
            fetches: self.fetches.load(Ordering::Relaxed),
            successes: self.successes.load(Ordering::Relaxed),
            failures: self.failures.load(Ordering::Relaxed),
            ttl: status.ttl,
            age: status.fetched_at.map(|t| t.elapsed()),
        }
    }

    /// The options it was built with.
    pub fn options(&self) -> &RemoteJwksOptions {
        &self.options
    }

    /// Nanoseconds since `base`.
    fn now(&self) -> u64 {
        nanos(self.base.elapsed())
    }

    /// Fetches if the set is stale (or absent and a retry is due). With a
    /// set, only if no other thread is fetching; without one, after
    /// waiting for the thread that is.
    fn refresh_if_stale(&self) {
        if self.now() < self.refresh_at.load(Ordering::Acquire) {
            return;
        }
        let guard = if self.current.load().is_some() {
            match self.fetching.try_lock() {
                Ok(guard) => guard,
                Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
                Err(TryLockError::WouldBlock) => return,
            }
        } else {
            lock(&self.fetching)
        };
        // Another thread may have fetched while this one waited.
        if self.now() >= self.refresh_at.load(Ordering::Acquire) {
            let _ = self.fetch_locked(&guard);
        }
    }

    /// Fetches because a token names a `kid` the set lacks, unless the
    /// cooldown forbids it or another thread is fetching.
    fn refetch_for_unknown_kid(&self) {
        if self.now() < self.kid_refetch_at.load(Ordering::Acquire) {
            return;
        }
        let guard = match self.fetching.try_lock() {
            Ok(guard) => guard,
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(TryLockError::WouldBlock) => return,
        };
        if self.now() >= self.kid_refetch_at.load(Ordering::Acquire) {
            let _ = self.fetch_locked(&guard);
        }
    }

    /// One fetch; the caller holds `fetching`.
    fn fetch_locked(&self, _fetching: &MutexGuard<'_, ()>) -> Result<Arc<KeySet>, RemoteError> {
        self.fetches.fetch_add(1, Ordering::Relaxed);
        let result = self.download();
        let now = self.now();
        let cooldown_end = now.saturating_add(nanos(self.options.cooldown));
        let mut status = lock(&self.status);
        let result = match result {
            Ok((set, ttl)) => {
                let set = Arc::new(set);
                self.current.store(Some(Arc::clone(&set)));
                self.refresh_at
                    .store(now.saturating_add(nanos(ttl)), Ordering::Release);
                self.fetched_at.store(now, Ordering::Release);
                self.successes.fetch_add(1, Ordering::Relaxed);
                *status = Status {
                    last_error: None,
                    ttl: Some(ttl),
                    fetched_at: Some(Instant::now()),
                };
                Ok(set)
            }
            Err(error) => {
                // Retry no sooner than one cooldown from now; a set that
                // is still fresh for longer keeps its own time.
                self.refresh_at.fetch_max(cooldown_end, Ordering::AcqRel);
                self.failures.fetch_add(1, Ordering::Relaxed);
                status.last_error = Some(error.clone());
                Err(error)
            }
        };
        self.kid_refetch_at.store(cooldown_end, Ordering::Release);
        result
    }

    /// GET the URL; the set and its time to live.
    fn download(&self) -> Result<(KeySet, Duration), RemoteError> {
        let mut response = self
            .agent
            .get(&self.url)
            .header("accept", "application/jwk-set+json, application/json")
            .call()
            .map_err(transport_error)?;
        let status = response.status().as_u16();
        if status != 200 {
            return Err(RemoteError::Http { status });
        }
        let ttl = time_to_live(response.headers(), &self.options);
        let limit = self.options.max_response_size;
        let limit_u64 = u64::try_from(limit).unwrap_or(u64::MAX);
        if response
            .body()
            .content_length()
            .is_some_and(|len| len > limit_u64)
        {
            return Err(RemoteError::TooLarge { limit });
        }
        let mut body = Vec::new();
        response
            .body_mut()
            .as_reader()
            .take(limit_u64.saturating_add(1))
            .read_to_end(&mut body)
            .map_err(|e| transport_error(ureq::Error::from(e)))?;
        if body.len() > limit {
            return Err(RemoteError::TooLarge { limit });
        }
        let text = core::str::from_utf8(&body).map_err(|_| RemoteError::Malformed {
            reason: "the body is not UTF-8",
        })?;
        Ok((KeySet::from_jwks_json(text, &self.options.algs)?, ttl))
    }

    /// Whether the set is past [`RemoteJwksOptions::max_stale`].
    fn too_stale(&self) -> bool {
        self.options.max_stale.is_some_and(|max| {
            self.now()
                .saturating_sub(self.fetched_at.load(Ordering::Acquire))
                > nanos(max)
        })
    }

    fn select_and<T>(
        &self,
        alg: Algorithm,
        kid: Option<&str>,
        f: impl FnOnce(&DynVerifyingKey) -> Result<T, VerifyError>,
    ) -> Result<T, VerifyError> {
        self.refresh_if_stale();
        if self.too_stale() {
            return Err(VerifyError::KeysUnavailable);
        }
        {
            let snapshot = self.current.load();
            let set = snapshot.as_deref().ok_or(VerifyError::KeysUnavailable)?;
            match set.select(alg, kid) {
                Err(VerifyError::KeyNotFound) if kid.is_some() => {}
                selected => return f(selected?),
            }
        }
        // The provider may have rotated: fetch once (cooldown permitting)
        // and select again in whatever set is current then.
        self.refetch_for_unknown_kid();
        let snapshot = self.current.load();
        let set = snapshot.as_deref().ok_or(VerifyError::KeysUnavailable)?;
        f(set.select(alg, kid)?)
    }
}

impl KeySource for RemoteJwks {
    type Key = DynVerifyingKey;

    fn with_key<T>(
        &self,
        alg: Algorithm,
        kid: Option<&str>,
        f: impl FnOnce(&DynVerifyingKey) -> Result<T, VerifyError>,
    ) -> Result<T, VerifyError> {
        self.select_and(alg, kid, f)
    }
}

/// A borrowed remote set, so that several verifiers can share one.
impl KeySource for &RemoteJwks {
    type Key = DynVerifyingKey;

    fn with_key<T>(
        &self,
        alg: Algorithm,
        kid: Option<&str>,
        f: impl FnOnce(&DynVerifyingKey) -> Result<T, VerifyError>,
    ) -> Result<T, VerifyError> {
        self.select_and(alg, kid, f)
    }
}

impl fmt::Debug for RemoteJwks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RemoteJwks")
            .field("url", &self.url)
            .field("current", &self.current.load().as_deref())
            .field("stats", &self.stats())
            .finish()
    }
}

/// Locks a mutex, whatever a panicking holder left behind (the guarded
/// state is written whole, never half).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn nanos(duration: Duration) -> u64 {
    u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX)
}

/// Only absolute `https` URLs with a host.
fn check_url(url: &str) -> Result<(), RemoteError> {
    let uri: ureq::http::Uri = url.parse().map_err(|_| RemoteError::InvalidUrl {
        reason: "it does not parse",
    })?;
    match uri.scheme_str() {
        Some(scheme) if scheme.eq_ignore_ascii_case("https") => {}
        Some(_) => return Err(RemoteError::InsecureUrl),
        None => {
            return Err(RemoteError::InvalidUrl {
                reason: "it has no scheme",
            });
        }
    }
    match uri.host() {
        Some(host) if !host.is_empty() => Ok(()),
        _ => Err(RemoteError::InvalidUrl {
            reason: "it has no host",
        }),
    }
}

/// The certificates of a PEM text (at least one).
fn certificates(pem: &[u8]) -> Result<Vec<ureq::tls::Certificate<'static>>, RemoteError> {
    let mut certs = Vec::new();
    for item in ureq::tls::parse_pem(pem) {
        match item {
            Ok(ureq::tls::PemItem::Certificate(cert)) => certs.push(cert),
            Ok(_) => {}
            Err(_) => {
                return Err(RemoteError::RootCertificates {
                    reason: "the PEM text does not parse",
                });
            }
        }
    }
    if certs.is_empty() {
        return Err(RemoteError::RootCertificates {
            reason: "the PEM text holds no CERTIFICATE",
        });
    }
    Ok(certs)
}

/// The time to live a response gives its set (RFC 9111 section 4.2.1,
/// for a private cache): `max-age` less `Age`; the minimum for
/// `no-cache`, `no-store` or an invalid `max-age`; the smallest of
/// several `max-age`s; the default without one; clamped to the bounds.
fn time_to_live(headers: &ureq::http::HeaderMap, options: &RemoteJwksOptions) -> Duration {
    let mut max_age: Option<u64> = None;
    let mut minimum = false;
    for value in headers.get_all("cache-control") {
        let Ok(value) = value.to_str() else {
            minimum = true;
            continue;
        };
        for directive in value.split(',') {
            let (name, argument) = match directive.split_once('=') {
                Some((name, argument)) => (name.trim(), Some(argument.trim())),
                None => (directive.trim(), None),
            };
            if name.eq_ignore_ascii_case("no-store") || name.eq_ignore_ascii_case("no-cache") {
                minimum = true;
            } else if name.eq_ignore_ascii_case("max-age") {
                let seconds = argument.map(|a| a.trim_matches('"')).and_then(seconds);
                match seconds {
                    Some(s) => max_age = Some(max_age.map_or(s, |m| m.min(s))),
                    None => minimum = true,
                }
            }
        }
    }
    let ttl = match max_age {
        _ if minimum => options.min_ttl,
        Some(max_age) => {
            let age = headers
                .get("age")
                .and_then(|a| a.to_str().ok())
                .and_then(|a| seconds(a.trim()))
                .unwrap_or(0);
            Duration::from_secs(max_age.saturating_sub(age))
        }
        None => options.default_ttl,
    };
    options.clamp(ttl)
}

/// A delta-seconds value: ASCII digits only; too large saturates.
fn seconds(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(text.parse().unwrap_or(u64::MAX))
}

/// The transport's error as a [`RemoteError`].
fn transport_error(error: ureq::Error) -> RemoteError {
    use std::io::ErrorKind;
    match error {
        ureq::Error::Timeout(_) => RemoteError::Timeout,
        ureq::Error::StatusCode(status) => RemoteError::Http { status },
        ureq::Error::BodyExceedsLimit(limit) => RemoteError::TooLarge {
            limit: usize::try_from(limit).unwrap_or(usize::MAX),
        },
        ureq::Error::RequireHttpsOnly(_) | ureq::Error::TlsRequired => RemoteError::InsecureUrl,
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => RemoteError::InvalidUrl {
            reason: "the HTTP client refused it",
        },
        ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => RemoteError::Connect {
            detail: error.to_string(),
        },
        ureq::Error::Rustls(_) | ureq::Error::Tls(_) | ureq::Error::Pem(_) => RemoteError::Tls {
            detail: error.to_string(),
        },
        ureq::Error::Io(io)
            if io
                .get_ref()
                .is_some_and(|inner| inner.is::<rustls::Error>()) =>
        {
            RemoteError::Tls {
                detail: io.to_string(),
            }
        }
        ureq::Error::Io(io) => match io.kind() {
            ErrorKind::TimedOut | ErrorKind::WouldBlock => RemoteError::Timeout,
            ErrorKind::ConnectionRefused
            | ErrorKind::ConnectionReset
            | ErrorKind::ConnectionAborted
            | ErrorKind::NotConnected
            | ErrorKind::AddrNotAvailable
            | ErrorKind::HostUnreachable
            | ErrorKind::NetworkUnreachable => RemoteError::Connect {
                detail: io.to_string(),
            },
            _ => RemoteError::Transport {
                detail: io.to_string(),
            },
        },
        other => RemoteError::Transport {
            detail: other.to_string(),
        },
    }
}
