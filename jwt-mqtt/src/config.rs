//! Where and how to connect: host, port, client id, topics, limits, TLS
//! and credentials.

use std::time::Duration;

use rumqttc::MqttOptions;

use crate::{MqttError, Topics};

/// Where and how to connect.
///
/// ```
/// use jwt_mqtt::{BrokerConfig, Topics};
///
/// let config = BrokerConfig::new("broker.example.com", 1883, "gateway-17")
///     .with_topics(Topics::new("fleet-7/"))
///     .with_credentials("gateway-17", "s3cret");
/// assert_eq!(config.topics().device_tokens("d"), "fleet-7/device_tokens/ZA");
/// ```
#[derive(Clone, Debug)]
pub struct BrokerConfig {
    host: String,
    port: u16,
    client_id: String,
    topics: Topics,
    max_message: usize,
    keep_alive: Duration,
    credentials: Option<(String, String)>,
    #[cfg(feature = "tls")]
    tls: Option<crate::Tls>,
}

impl BrokerConfig {
    /// A plain-TCP broker at `host:port` with a persistent session under
    /// `client_id` (fixed per device, so the broker keeps its session and
    /// queues what arrives while it is away); messages up to 8 KiB,
    /// keep-alive 10 s, no topic prefix.
    pub fn new(host: &str, port: u16, client_id: &str) -> Self {
        BrokerConfig {
            host: host.to_string(),
            port,
            client_id: client_id.to_string(),
            topics: Topics::default(),
            max_message: 8 * 1024,
            keep_alive: Duration::from_secs(10),
            credentials: None,
            #[cfg(feature = "tls")]
            tls: None,
        }
    }

    /// A broker from a URL: `mqtt://host[:port]` (plain, port 1883) or
    /// `mqtts://host[:port]` (TLS, port 8883; add the CA with
    /// [`with_tls`](Self::with_tls)). User names and passwords are not
    /// taken from URLs (they would show in process lists and logs): use
    /// [`with_credentials`](Self::with_credentials).
    ///
    /// ```
    /// use jwt_mqtt::BrokerConfig;
    /// let (config, tls) = BrokerConfig::from_url("mqtts://broker.example.com", "gw-1")?;
    /// assert!(tls);
    /// assert!(BrokerConfig::from_url("mqtt://user:pw@host", "gw-1").is_err());
    /// assert!(BrokerConfig::from_url("mqtt://[::1]:1884", "gw-1").is_ok());
    /// assert!(BrokerConfig::from_url("mqtt://host:99999", "gw-1").is_err());
    /// # Ok::<(), jwt_mqtt::MqttError>(())
    /// ```
    ///
    /// # Errors
    /// [`MqttError::Config`] for another scheme, credentials, a path, or a
    /// bad port. The `bool` says whether the URL asks for TLS.
    pub fn from_url(url: &str, client_id: &str) -> Result<(Self, bool), MqttError> {
        let bad = |why: &str| MqttError::Config(format!("broker URL: {why}"));
        let (rest, tls, default_port) = if let Some(rest) = url.strip_prefix("mqtt://") {
            (rest, false, 1883)
        } else if let Some(rest) = url.strip_prefix("mqtts://") {
            (rest, true, 8883)
        } else {
            return Err(bad("use mqtt://host[:port] or mqtts://host[:port]"));
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        if rest.contains(['@', '/', '?', '#']) {
            return Err(bad(
                "only a host and a port (no credentials, path or query)",
            ));
        }
        let port_of = |p: &str| p.parse::<u16>().map_err(|_| bad("bad port"));
        let (host, port) = if let Some(v6) = rest.strip_prefix('[') {
            let (host, after) = v6.split_once(']').ok_or_else(|| bad("unclosed ["))?;
            match after {
                "" => (host, default_port),
                _ => (
                    host,
                    port_of(after.strip_prefix(':').ok_or_else(|| bad("bad port"))?)?,
                ),
            }
        } else {
            match rest.split_once(':') {
                Some((host, port)) => (host, port_of(port)?),
                None => (rest, default_port),
            }
        };
        if host.is_empty() || port == 0 {
            return Err(bad("no host, or port 0"));
        }
        Ok((BrokerConfig::new(host, port, client_id), tls))
    }

    /// Topic names (a prefix shared by the fleet).
    pub fn with_topics(mut self, topics: Topics) -> Self {
        self.topics = topics;
        self
    }

    /// The largest message accepted, in bytes; larger ones are refused
    /// unread and counted.
    pub fn with_max_message(mut self, bytes: usize) -> Self {
        self.max_message = bytes;
        self
    }

    /// The MQTT keep-alive (at least 1 s; a dead connection is noticed
    /// after about 1.5 times this).
    pub fn with_keep_alive(mut self, keep_alive: Duration) -> Self {
        self.keep_alive = keep_alive.max(Duration::from_secs(1));
        self
    }

    /// Username and password (send them only over TLS outside a test).
    pub fn with_credentials(mut self, username: &str, password: &str) -> Self {
        self.credentials = Some((username.to_string(), password.to_string()));
        self
    }

    /// Connect over TLS, trusting only the CA in `tls` (feature `tls`).
    #[cfg(feature = "tls")]
    pub fn with_tls(mut self, tls: crate::Tls) -> Self {
        self.tls = Some(tls);
        self
    }

    /// The topic names.
    pub fn topics(&self) -> &Topics {
        &self.topics
    }

    /// The largest message accepted, in bytes.
    pub fn max_message(&self) -> usize {
        self.max_message
    }

    /// The client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The client options: persistent session, manual acknowledgements.
    /// Whether TLS is configured.
    pub fn uses_tls(&self) -> bool {
        #[cfg(feature = "tls")]
        return self.tls.is_some();
        #[cfg(not(feature = "tls"))]
        return false;
    }

    /// A client and its event loop: [`options`](Self::options), with
    /// Nagle's algorithm off (a revocation is one small packet that should
    /// leave at once, not wait for the previous one's ACK).
    pub(crate) fn client(
        &self,
        manual_acks: bool,
        clean_session: bool,
        capacity: usize,
    ) -> Result<(rumqttc::AsyncClient, rumqttc::EventLoop), MqttError> {
        let mut options = self.options(manual_acks)?;
        options.set_clean_session(clean_session);
        let (client, mut eventloop) = rumqttc::AsyncClient::new(options, capacity);
        let mut network = eventloop.network_options();
        network.set_tcp_nodelay(true);
        eventloop.set_network_options(network);
        Ok((client, eventloop))
    }

    pub(crate) fn options(&self, manual_acks: bool) -> Result<MqttOptions, MqttError> {
        if self.client_id.is_empty() || self.client_id.len() > 256 {
            return Err(MqttError::Config(
                "the client id must be 1 to 256 bytes".into(),
            ));
        }
        if self.topics.prefix().contains(['+', '#', '\0']) {
            return Err(MqttError::Config(
                "the topic prefix must not hold a wildcard or NUL".into(),
            ));
        }
        if self.host.is_empty() {
            return Err(MqttError::Config("no broker host".into()));
        }
        let mut o = MqttOptions::new(&self.client_id, &self.host, self.port);
        o.set_keep_alive(self.keep_alive);
        o.set_clean_session(false);
        o.set_manual_acks(manual_acks);
        // Well over the limit, so that oversized messages arrive and are
        // counted and acknowledged: a packet over the client's limit closes
        // the connection, and the broker would deliver it again on every
        // reconnect (the broker's own `message_size_limit` should be set
        // below this; see the README).
        let packet = self
            .max_message
            .saturating_mul(2)
            .saturating_add(1024)
            .max(1 << 20);
        o.set_max_packet_size(packet, packet);
        if let Some((user, password)) = &self.credentials {
            o.set_credentials(user, password);
        }
        #[cfg(feature = "tls")]
        if let Some(tls) = &self.tls {
            o.set_transport(rumqttc::Transport::tls_with_config(
                rumqttc::TlsConfiguration::Rustls(std::sync::Arc::new(tls.client_config()?)),
            ));
        }
        Ok(o)
    }
}
