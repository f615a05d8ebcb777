//! A real HTTPS server on 127.0.0.1 for the remote JWKS tests (this
//! crate's `tests/remote.rs` and jwt-cli's `tests/cli.rs`, which includes
//! this file by path).
//!
//! A test CA and a server certificate for `127.0.0.1` and `localhost` are
//! made at test time with rcgen; rustls serves one canned [`Reply`] per
//! request, which the test changes at will (body, status, headers, delay,
//! with or without `Content-Length`), and the server counts the requests
//! it read, that is, those that passed the TLS handshake.
#![allow(dead_code)]

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A certificate authority made for one test.
pub struct Ca {
    issuer: Issuer<'static, KeyPair>,
    der: CertificateDer<'static>,
    /// Its certificate, PEM.
    pub pem: String,
}

impl Ca {
    /// A fresh CA named `name`.
    pub fn new(name: &str) -> Ca {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let cert = params.self_signed(&key).unwrap();
        Ca {
            pem: cert.pem(),
            der: cert.der().clone(),
            issuer: Issuer::new(params, key),
        }
    }

    /// A server certificate chain for 127.0.0.1 and localhost, and its key.
    fn server_certificate(&self) -> (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>) {
        let key = KeyPair::generate().unwrap();
        let mut params =
            CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()]).unwrap();
        params
            .distinguished_name
            .push(DnType::CommonName, "localhost");
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        let key = PrivatePkcs8KeyDer::from(key.serialize_der());
        (vec![cert.der().clone(), self.der.clone()], key.into())
    }
}

/// What the server answers.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
    pub headers: Vec<(String, String)>,
    pub delay: Duration,
    pub content_length: bool,
}

impl Reply {
    /// 200 with `body`, a `Content-Length` and no other header.
    pub fn ok(body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status: 200,
            body: body.into(),
            headers: Vec::new(),
            delay: Duration::ZERO,
            content_length: true,
        }
    }

    pub fn status(mut self, status: u16) -> Reply {
        self.status = status;
        self
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn cache_control(self, value: &str) -> Reply {
        self.header("Cache-Control", value)
    }

    /// Waits this long before answering.
    pub fn delay(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }

    /// No `Content-Length`: the body ends when the connection closes.
    pub fn without_length(mut self) -> Reply {
        self.content_length = false;
        self
    }
}

struct Shared {
    reply: Mutex<Reply>,
    hits: AtomicUsize,
}

/// The server; stopped (its port closed) by [`stop`](Self::stop) or drop.
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl Server {
    /// Serves `reply` with a certificate issued by `ca`.
    pub fn start(ca: &Ca, reply: Reply) -> Server {
        let (chain, key) = ca.server_certificate();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .unwrap();
        let config = Arc::new(config);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Shared {
            reply: Mutex::new(reply),
            hits: AtomicUsize::new(0),
        });
        let stop = Arc::new(AtomicBool::new(false));
        let accept = {
            let (shared, stop) = (Arc::clone(&shared), Arc::clone(&stop));
            std::thread::spawn(move || {
                // Bounded: the test stops it, or the process ends.
                while !stop.load(Ordering::SeqCst) {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            let (config, shared) = (Arc::clone(&config), Arc::clone(&shared));
                            std::thread::spawn(move || serve(stream, config, &shared));
                        }
                        Err(e) if e.kind() == ErrorKind::WouldBlock => {
                            std::thread::sleep(Duration::from_millis(5));
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
                // The listener is dropped here: the port refuses connections.
            })
        };
        Server {
            addr,
            shared,
            stop,
            accept: Some(accept),
        }
    }

    /// `https://127.0.0.1:PORT/jwks.json`.
    pub fn url(&self) -> String {
        format!("https://127.0.0.1:{}/jwks.json", self.addr.port())
    }

    /// `https://localhost:PORT/jwks.json`.
    pub fn localhost_url(&self) -> String {
        format!("https://localhost:{}/jwks.json", self.addr.port())
    }

    /// Answers `reply` from now on.
    pub fn set(&self, reply: Reply) {
        *self.shared.reply.lock().unwrap() = reply;
    }

    /// Requests read so far (after a complete TLS handshake).
    pub fn hits(&self) -> usize {
        self.shared.hits.load(Ordering::SeqCst)
    }

    /// Closes the port (connections are refused afterwards).
    pub fn stop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(accept) = self.accept.take() {
            accept.join().unwrap();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// A port on 127.0.0.1 that nothing listens on (bound, then closed).
pub fn closed_port_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("https://127.0.0.1:{port}/jwks.json")
}

fn serve(stream: TcpStream, config: Arc<rustls::ServerConfig>, shared: &Shared) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let Ok(connection) = rustls::ServerConnection::new(config) else {
        return;
    };
    let mut tls = rustls::StreamOwned::new(connection, stream);
    // The request head; the body of a GET is empty.
    let mut head = Vec::new();
    let mut buf = [0u8; 2048];
    loop {
        match tls.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
        if head.windows(4).any(|w| w == b"\r\n\r\n") {
            break;
        }
        if head.len() > 64 * 1024 {
            return;
        }
    }
    shared.hits.fetch_add(1, Ordering::SeqCst);
    let reply = shared.reply.lock().unwrap().clone();
    std::thread::sleep(reply.delay);
    let mut out = format!(
        "HTTP/1.1 {} Test\r\nContent-Type: application/json\r\nConnection: close\r\n",
        reply.status
    );
    for (name, value) in &reply.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    if reply.content_length {
        out.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
    }
    out.push_str("\r\n");
    let _ = tls.write_all(out.as_bytes());
    let _ = tls.write_all(&reply.body);
    tls.conn.send_close_notify();
    let _ = tls.flush();
}
