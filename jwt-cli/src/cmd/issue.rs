//! `jwt issue`: mint one token.

use jwt_core::{Clock, FixedClock, NumericDate, SystemClock};
use jwt_issue::TokenBuilder;

use crate::keyfile;
use crate::mqtt::{self, MqttArgs};
use crate::{CliError, usage};

/// Mint a signed token and print it.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  jwt issue --alg ES256 --key signer.pem --iss https://auth.example.com --sub device-42 --aud gateway-1 --ttl 300\n  \
    jwt issue --alg HS256 --key hs256.key --sub device-7 --ttl 60 --claim scope='\"telemetry:write\"' --claim level=3\n  \
    jwt issue --alg EdDSA --key signer.jwk --kid 2026-11 --typ iot-device+jwt --ttl 600 --claims-json claims.json\n\n\
    Header: {\"alg\":ALG,\"typ\":\"JWT\"} plus kid with --kid. Claims: iat = now, exp = now + ttl, a random\n\
    128-bit hex jti unless --jti. A --claim value that is not valid JSON is taken as a string."
)]
pub struct Args {
    /// The algorithm (the key must fit it).
    #[arg(long, value_name = "ALG")]
    alg: String,
    /// Private key file: PEM or DER (PKCS#8, PKCS#1, SEC1; a certificate beside
    /// it is fine), private JWK or JWKS (with --kid), or a raw HMAC secret
    /// (HS* only).
    #[arg(long, value_name = "KEYFILE")]
    key: String,
    /// Key id to put in the header; with a private JWKS it also picks the key.
    #[arg(long, value_name = "KID")]
    kid: Option<String>,
    /// Header typ (default JWT).
    #[arg(long, value_name = "TYP")]
    typ: Option<String>,
    /// Subject (the device id).
    #[arg(long, value_name = "S")]
    sub: Option<String>,
    /// Issuer.
    #[arg(long, value_name = "I")]
    iss: Option<String>,
    /// Audience (repeatable: more than one makes an array).
    #[arg(long = "aud", value_name = "A")]
    aud: Vec<String>,
    /// Lifetime in seconds: exp = now + ttl. Required unless --no-exp.
    #[arg(long, value_name = "SECONDS", conflicts_with = "no_exp")]
    ttl: Option<u64>,
    /// Make a token without exp (it can then only be taken back by revocation).
    #[arg(long = "no-exp")]
    no_exp: bool,
    /// Not before (seconds since the epoch).
    #[arg(long, value_name = "UNIX", allow_hyphen_values = true)]
    nbf: Option<i64>,
    /// Token id (default: 128 random bits as 32 hex characters).
    #[arg(long, value_name = "ID")]
    jti: Option<String>,
    /// Custom claim NAME=JSONVALUE (repeatable).
    #[arg(long = "claim", value_name = "NAME=JSONVALUE")]
    claims: Vec<String>,
    /// Custom claims from a JSON object file (or - for stdin).
    #[arg(long = "claims-json", value_name = "FILE|-")]
    claims_json: Option<String>,
    /// Issue as if the time were UNIX (seconds since the epoch).
    #[arg(long, value_name = "UNIX", allow_hyphen_values = true)]
    now: Option<i64>,
    /// Deliver the token to this device over MQTT (retained at device_tokens/{b64url id}; needs --mqtt).
    /// The token's sub is the device id.
    #[arg(long = "publish-to", value_name = "DEVICE_ID", requires = "mqtt")]
    publish_to: Option<String>,
    #[command(flatten)]
    mqtt: MqttArgs,
}

const TIME_CLAIMS: [&str; 3] = ["exp", "nbf", "iat"];

fn ierr(e: jwt_issue::IssueError) -> CliError {
    usage(e.to_string())
}

/// Parses a JSON text strictly (duplicate members refused).
fn strict_json(text: &str) -> Option<serde_json::Value> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let wrapped = format!("{{\"\":{text}}}");
    jwt_core::json::check_object(&wrapped, jwt_core::json::MAX_SUPPORTED_DEPTH).ok()?;
    Some(value)
}

pub fn run(args: Args) -> Result<(), CliError> {
    let alg = super::parse_alg(&args.alg)?;
    if args.ttl.is_none() && !args.no_exp {
        return Err(usage(
            "refusing to issue a token without exp: give --ttl SECONDS (or --no-exp explicitly)",
        ));
    }
    if let Some(device) = &args.publish_to {
        match &args.sub {
            Some(sub) if sub != device => {
                return Err(usage(format!(
                    "--publish-to {device} with --sub {sub}: a device accepts only tokens whose sub is its id"
                )));
            }
            _ => {}
        }
    } else if args.mqtt.mqtt.is_some() {
        return Err(usage("--mqtt with jwt issue needs --publish-to DEVICE_ID"));
    }
    let material = keyfile::load(&args.key, &[alg])?;
    // --kid names the header's kid; in a private JWKS it also selects the key.
    let kid = match &args.kid {
        Some(kid) => jwt_issue::KeyId::Named(kid),
        None => jwt_issue::KeyId::None,
    };
    let key = keyfile::signing_key(&material, alg, kid)?;
    let mut b = TokenBuilder::new(key.as_ref());
    if let Some(t) = &args.typ {
        b = b.typ(t.as_str());
    }
    b = match args.ttl {
        Some(ttl) => b.ttl(ttl),
        None => b.no_expiry(),
    };
    if let Some(nbf) = args.nbf {
        b = b.not_before(NumericDate::from_secs(nbf));
    }
    if let Some(i) = &args.iss {
        b = b.issuer(i.as_str());
    }
    if let Some(s) = args.sub.as_ref().or(args.publish_to.as_ref()) {
        b = b.subject(s.as_str());
    }
    for a in &args.aud {
        b = b.audience(a.as_str());
    }
    if let Some(j) = &args.jti {
        b = b.jti(j.as_str());
    }
    if let Some(path) = &args.claims_json {
        let bytes = super::read_input(path)?;
        let text = String::from_utf8(bytes).map_err(|_| usage("--claims-json: not valid UTF-8"))?;
        let value = strict_json(text.trim()).ok_or_else(|| {
            usage("--claims-json: not a valid JSON object (or it repeats a member)")
        })?;
        let map = value
            .as_object()
            .ok_or_else(|| usage("--claims-json: must be a JSON object"))?;
        for name in map.keys() {
            if TIME_CLAIMS.contains(&name.as_str()) {
                return Err(usage(format!(
                    "--claims-json may not set {name}: use --ttl, --nbf or --now"
                )));
            }
        }
        b = b.claims(&value).map_err(ierr)?;
    }
    for c in &args.claims {
        let (name, raw) = c
            .split_once('=')
            .ok_or_else(|| usage(format!("--claim '{c}': expected NAME=JSONVALUE")))?;
        if name.is_empty() {
            return Err(usage("--claim: empty claim name"));
        }
        if TIME_CLAIMS.contains(&name) {
            return Err(usage(format!(
                "--claim may not set {name}: use --ttl, --nbf or --now"
            )));
        }
        let value = strict_json(raw).unwrap_or_else(|| serde_json::Value::String(raw.to_string()));
        b = b.claim(name, value).map_err(ierr)?;
    }
    let clock: Box<dyn Clock> = match args.now {
        Some(n) => Box::new(FixedClock(n)),
        None => Box::new(SystemClock),
    };
    let clock = move || clock.now();
    let token = b.issue(&clock, &mut jwt_issue::OsRng).map_err(ierr)?;
    if let Some(device) = &args.publish_to {
        let topic = jwt_mqtt::Topics::new(&args.mqtt.mqtt_prefix).device_tokens(device);
        mqtt::publish(
            &args.mqtt,
            vec![(topic.clone(), token.clone().into_bytes())],
        )?;
        eprintln!("jwt: delivered to {topic}");
    }
    println!("{token}");
    Ok(())
}
