//! The MQTT options shared by `jwt revoke --mqtt`, `jwt issue --publish-to`
//! and `jwt watch`: all of the work is `jwt-mqtt`'s.

use std::time::Duration;

use jwt_mqtt::{BrokerConfig, Tls, Topics};

use crate::cmd::read_input;
use crate::{CliError, usage};

/// The environment variable a broker password is read from (never from
/// the command line, where process lists show it).
pub const PASSWORD_ENV: &str = "JWT_MQTT_PASSWORD";

/// How to reach the broker.
#[derive(clap::Args, Debug, Default)]
pub struct MqttArgs {
    /// The broker: mqtt://HOST:PORT or mqtts://HOST:PORT (TLS, needs --mqtt-ca); the port is optional.
    #[arg(long, value_name = "URL")]
    pub mqtt: Option<String>,
    /// The only CA trusted for the broker's certificate (PEM).
    #[arg(long = "mqtt-ca", value_name = "FILE", requires = "mqtt")]
    pub mqtt_ca: Option<String>,
    /// A client certificate chain (PEM) for brokers that require one (with --mqtt-key).
    #[arg(long = "mqtt-cert", value_name = "FILE", requires_all = ["mqtt_key", "mqtt_ca"])]
    pub mqtt_cert: Option<String>,
    /// The client certificate's private key (PEM).
    #[arg(long = "mqtt-key", value_name = "FILE", requires = "mqtt_cert")]
    pub mqtt_key: Option<String>,
    /// User name; the password comes from the JWT_MQTT_PASSWORD environment variable.
    #[arg(long = "mqtt-user", value_name = "NAME", requires = "mqtt")]
    pub mqtt_user: Option<String>,
    /// A topic prefix shared by the fleet (e.g. fleet-7/).
    #[arg(long = "mqtt-prefix", value_name = "PREFIX", default_value = "")]
    pub mqtt_prefix: String,
    /// How long to wait for the broker, in seconds.
    #[arg(long = "mqtt-timeout", value_name = "SECONDS", default_value_t = 30)]
    pub mqtt_timeout: u64,
}

impl MqttArgs {
    /// The broker configuration under `client_id`.
    pub fn config(&self, client_id: &str) -> Result<BrokerConfig, CliError> {
        let url = self
            .mqtt
            .as_deref()
            .ok_or_else(|| usage("--mqtt URL is required"))?;
        let (mut config, tls) =
            BrokerConfig::from_url(url, client_id).map_err(|e| usage(e.to_string()))?;
        config = config.with_topics(Topics::new(&self.mqtt_prefix));
        match (&self.mqtt_ca, tls) {
            (Some(ca), true) => {
                let mut t = Tls::ca_pem(read_input(ca)?);
                if let (Some(cert), Some(key)) = (&self.mqtt_cert, &self.mqtt_key) {
                    t = t.client_certificate(read_input(cert)?, read_input(key)?);
                }
                // Checked now, so bad files fail before any connection.
                t.client_config().map_err(|e| usage(e.to_string()))?;
                config = config.with_tls(t);
            }
            (None, true) => return Err(usage("mqtts:// needs --mqtt-ca FILE (the broker's CA)")),
            (Some(_), false) => {
                return Err(usage(
                    "--mqtt-ca is for mqtts:// URLs; this one is plain mqtt://",
                ));
            }
            (None, false) => {}
        }
        if let Some(user) = &self.mqtt_user {
            let password = std::env::var(PASSWORD_ENV)
                .map_err(|_| usage(format!("--mqtt-user needs the password in {PASSWORD_ENV}")))?;
            config = config.with_credentials(user, &password);
        }
        Ok(config)
    }

    /// The wait for the broker.
    pub fn timeout(&self) -> Duration {
        Duration::from_secs(self.mqtt_timeout.max(1))
    }
}

/// A single-threaded runtime for the commands that talk MQTT.
pub fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| usage(format!("cannot start the async runtime: {e}")))
}

/// Publishes retained messages and waits for the broker's
/// acknowledgements (a one-off client id; a clean session).
pub fn publish(args: &MqttArgs, messages: Vec<(String, Vec<u8>)>) -> Result<(), CliError> {
    let id = format!("jwt-cli-{}", std::process::id());
    let config = args.config(&id)?;
    runtime()?
        .block_on(jwt_mqtt::publish_retained(
            &config,
            messages,
            args.timeout(),
        ))
        .map_err(|e| usage(format!("MQTT: {e}")))
}
