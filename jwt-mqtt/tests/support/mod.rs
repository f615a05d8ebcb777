//! The fixture: a real mosquitto per test, started on a free loopback
//! port with its own configuration and persistence folder, stopped (by
//! PID) when dropped. Plus a settable clock, stores and waiting helpers.
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use jwt_core::{Clock, RevocationCheck};
use jwt_revoke::{Policy, Recovery, RevocationStore};
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};

pub const ISS: &str = "https://auth.example.com";
pub const NOW: i64 = 1_700_000_000;

/// How long any wait may take before the test fails: generous, the
/// machines are shared and noisy; a pass is usually far quicker.
pub const PATIENCE: Duration = Duration::from_secs(60);

pub fn scratch(name: &str) -> PathBuf {
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("mqtt-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Broker settings beyond the plain listener.
#[derive(Default)]
pub struct Setup {
    /// Save on every change (`autosave_on_changes true`,
    /// `autosave_interval 1`): survives SIGKILL. Without it mosquitto
    /// saves every 30 minutes (its default) and a SIGKILL loses the
    /// retained messages and sessions since.
    pub durable: bool,
    /// A TLS listener (server certificate from this CA, client
    /// certificates required) and a password file with this user.
    pub tls: Option<(Arc<Ca>, String, String)>,
    /// Bridge to the broker on this port (topics both ways).
    pub bridge_to: Option<u16>,
}

/// A mosquitto process.
pub struct Broker {
    child: Child,
    pub port: u16,
    conf: PathBuf,
    pub dir: PathBuf,
}

impl Broker {
    pub fn start(name: &str) -> Broker {
        Self::with(
            name,
            Setup {
                durable: true,
                ..Setup::default()
            },
        )
    }

    pub fn with(name: &str, setup: Setup) -> Broker {
        let port = free_port();
        let dir = scratch(&format!("broker-{name}-{port}"));
        let mut conf = format!(
            "user root\nlistener {port} 127.0.0.1\npersistence true\npersistence_location {}/\n\
             max_queued_messages 100000\nset_tcp_nodelay true\n",
            dir.display()
        );
        if setup.durable {
            conf.push_str("autosave_interval 1\nautosave_on_changes true\n");
        } else {
            conf.push_str("autosave_interval 1800\n");
        }
        match &setup.tls {
            None => conf.push_str("allow_anonymous true\n"),
            Some((ca, user, password)) => {
                let (cert, key) = ca.server_pem();
                std::fs::write(dir.join("ca.pem"), &ca.pem).unwrap();
                std::fs::write(dir.join("server.pem"), cert).unwrap();
                std::fs::write(dir.join("server.key"), key).unwrap();
                let passwd = dir.join("passwd");
                let status = Command::new("mosquitto_passwd")
                    .args(["-b", "-c"])
                    .arg(&passwd)
                    .args([user, password])
                    .stdout(Stdio::null())
                    .status()
                    .expect("mosquitto_passwd is installed with mosquitto");
                assert!(status.success());
                conf.push_str(&format!(
                    "allow_anonymous false\npassword_file {}\ncafile {d}/ca.pem\n\
                     certfile {d}/server.pem\nkeyfile {d}/server.key\nrequire_certificate true\n",
                    passwd.display(),
                    d = dir.display()
                ));
            }
        }
        if let Some(peer) = setup.bridge_to {
            conf.push_str(&format!(
                "connection bridge-{port}\naddress 127.0.0.1:{peer}\ntopic jwt_revoked/# both 1\n\
                 topic device_tokens/# both 1\ncleansession false\ntry_private true\n\
                 restart_timeout 1\n"
            ));
        }
        let conf_path = dir.join("mosquitto.conf");
        std::fs::write(&conf_path, conf).unwrap();
        let child = Self::spawn(&conf_path, port, &dir);
        Broker {
            child,
            port,
            conf: conf_path,
            dir,
        }
    }

    fn spawn(conf: &Path, port: u16, dir: &Path) -> Child {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("mosquitto.log"))
            .unwrap();
        let child = Command::new("mosquitto")
            .arg("-c")
            .arg(conf)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("mosquitto is installed (scripts/setup)");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "mosquitto did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        child
    }

    /// SIGKILL, then start again on the same port and data folder.
    pub fn kill_and_restart(&mut self) {
        self.kill();
        self.child = Self::spawn(&self.conf, self.port, &self.dir);
    }

    /// SIGKILL, and wait for the process to go.
    pub fn kill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Broker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A certificate authority made for one test, with server and client
/// certificates signed by it.
pub struct Ca {
    issuer: Issuer<'static, KeyPair>,
    pub pem: String,
}

impl Ca {
    pub fn new(name: &str) -> Ca {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let cert = params.self_signed(&key).unwrap();
        Ca {
            pem: cert.pem(),
            issuer: Issuer::new(params, key),
        }
    }

    fn leaf(&self, names: Vec<String>, usage: ExtendedKeyUsagePurpose) -> (String, String) {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(names).unwrap();
        params.distinguished_name.push(DnType::CommonName, "leaf");
        params.extended_key_usages = vec![usage];
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        (cert.pem(), key.serialize_pem())
    }

    /// A server certificate for 127.0.0.1 and localhost, and its key (PEM).
    pub fn server_pem(&self) -> (String, String) {
        self.leaf(
            vec!["localhost".into(), "127.0.0.1".into()],
            ExtendedKeyUsagePurpose::ServerAuth,
        )
    }

    /// A client certificate and its key (PEM).
    pub fn client_pem(&self) -> (String, String) {
        self.leaf(vec!["device".into()], ExtendedKeyUsagePurpose::ClientAuth)
    }
}

/// A clock the test moves.
#[derive(Debug)]
pub struct TestClock(pub AtomicI64);

impl TestClock {
    pub fn at(now: i64) -> Arc<TestClock> {
        Arc::new(TestClock(AtomicI64::new(now)))
    }
    pub fn set(&self, now: i64) {
        self.0.store(now, Ordering::SeqCst);
    }
}

impl Clock for TestClock {
    fn now(&self) -> Option<i64> {
        Some(self.0.load(Ordering::SeqCst))
    }
}

pub fn open_store(dir: &Path) -> Arc<RevocationStore> {
    let (store, _) = RevocationStore::open(
        dir.join("revoked.log"),
        Policy::default(),
        NOW,
        Recovery::Truncate,
    )
    .unwrap();
    Arc::new(store)
}

pub fn new_store(name: &str) -> Arc<RevocationStore> {
    open_store(&scratch(&format!("store-{name}")))
}

pub fn is_revoked(store: &RevocationStore, jti: &str) -> bool {
    let c = format!(r#"{{"iss":"{ISS}","jti":"{jti}"}}"#);
    store
        .is_revoked(&jwt_core::ClaimsRef::parse(&c).unwrap())
        .unwrap()
}

pub async fn wait_for(mut done: impl FnMut() -> bool, what: &str) {
    let deadline = Instant::now() + PATIENCE;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
