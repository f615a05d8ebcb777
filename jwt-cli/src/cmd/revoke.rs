//! `jwt revoke`: add to a revocation store, list it, or sign a revocation
//! event. All the rules live in `jwt-revoke`.

use jwt_core::{Clock, FixedClock, SystemClock};
use jwt_revoke::{Added, Policy, Recovery, Revocation, RevocationStore};

use crate::keyfile;
use crate::mqtt::{self, MqttArgs};
use crate::{CliError, usage};

/// Revoke tokens: by (iss, jti), or everything issued to a subject before a time.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  jwt revoke --store revoked.log --iss https://auth.example.com --jti 3f2a... --exp 1700000600\n  \
    jwt revoke --store revoked.log --iss https://auth.example.com --sub device-42 --before 1700000000\n  \
    jwt revoke --store revoked.log --list\n  \
    jwt revoke --event --alg ES256 --key signer.pem --iss https://auth.example.com --jti 3f2a... --exp 1700000600\n  \
    jwt revoke --mqtt mqtt://broker:1883 --alg ES256 --key signer.pem --iss https://auth.example.com --jti 3f2a... --exp 1700000600 --store revoked.log\n\n\
    A store is an append-only log, fsynced before the command returns; entries are dropped once no\n\
    token they name can verify (exp + --max-leeway; before + --max-lifetime + --max-leeway).\n\
    --event prints a signed revocation event (typ revocation+jwt) for verifiers to apply; --mqtt publishes\n\
    it, retained, at jwt_revoked/{b64url iss}/jti|sub/{b64url id}, after adding it to --store if given."
)]
pub struct Args {
    /// The store file (created if missing).
    #[arg(long, value_name = "FILE", required_unless_present_any = ["event", "mqtt"])]
    store: Option<String>,
    /// Print the live entries, one JSON object per line.
    #[arg(long, conflicts_with_all = ["jti", "sub", "event"])]
    list: bool,
    /// Print a signed revocation event instead of storing (needs --key, --alg, --iss).
    #[arg(long, requires_all = ["key", "alg", "iss"], conflicts_with = "store")]
    event: bool,
    /// The issuer of the revoked tokens.
    #[arg(long, value_name = "I")]
    iss: Option<String>,
    /// The revoked token's jti (with --exp).
    #[arg(long, value_name = "J", requires = "exp", conflicts_with = "sub")]
    jti: Option<String>,
    /// The revoked token's exp (seconds since the epoch).
    #[arg(long, value_name = "UNIX", allow_hyphen_values = true)]
    exp: Option<i64>,
    /// Revoke every token issued to this subject before --before.
    #[arg(long, value_name = "S", requires = "before")]
    sub: Option<String>,
    /// The cut-off: tokens with iat before it (or without iat) are revoked.
    #[arg(long, value_name = "UNIX", allow_hyphen_values = true)]
    before: Option<i64>,
    /// Signing key of the issuer (for --event and --mqtt).
    #[arg(long, value_name = "KEYFILE")]
    key: Option<String>,
    /// Algorithm of the signing key (for --event and --mqtt).
    #[arg(long, value_name = "ALG")]
    alg: Option<String>,
    /// Key id for the event's header (for --event and --mqtt).
    #[arg(long, value_name = "KID")]
    kid: Option<String>,
    #[command(flatten)]
    policy: StorePolicy,
    /// Act as if the time were UNIX (seconds since the epoch).
    #[arg(long, value_name = "UNIX", allow_hyphen_values = true)]
    now: Option<i64>,
    #[command(flatten)]
    mqtt: MqttArgs,
}

fn revocation(args: &Args) -> Result<Revocation, CliError> {
    let iss = args.iss.as_deref();
    let r = match (&args.jti, args.exp, &args.sub, args.before) {
        (Some(jti), Some(exp), None, _) => Revocation::token(iss, jti, exp),
        (None, _, Some(sub), Some(before)) => Revocation::subject(iss, sub, before),
        _ => {
            return Err(usage(
                "say what to revoke: --jti J --exp UNIX, or --sub S --before UNIX (or --list)",
            ));
        }
    };
    if iss.is_none() {
        eprintln!(
            "jwt: warning: no --iss: this revokes only tokens that have no iss claim (revocations are keyed by issuer)"
        );
    }
    Ok(r)
}

/// One line of `--list`.
pub fn entry_json(r: &Revocation) -> serde_json::Value {
    match r {
        Revocation::Token { iss, jti, exp } => {
            serde_json::json!({ "iss": iss, "jti": jti, "exp": exp })
        }
        Revocation::Subject { iss, sub, before } => {
            serde_json::json!({ "iss": iss, "sub": sub, "before": before })
        }
    }
}

pub fn run(args: Args) -> Result<(), CliError> {
    let now = match args.now {
        Some(now) => now,
        None => SystemClock
            .now()
            .ok_or_else(|| usage("the system clock is not available"))?,
    };
    let policy = args.policy.policy();
    if args.mqtt.mqtt.is_some() && (args.list || args.event) {
        return Err(usage(
            "--mqtt publishes a revocation; it does not go with --list or --event",
        ));
    }
    if args.event {
        println!("{}", sign(&args, &policy, now)?);
        return Ok(());
    }
    if args.mqtt.mqtt.is_some() {
        if args.key.is_none() || args.alg.is_none() || args.iss.is_none() {
            return Err(usage(
                "--mqtt needs --key, --alg and --iss to sign the event",
            ));
        }
        // Sign first: a key problem stops everything before the store changes.
        let event = sign(&args, &policy, now)?;
        if let Some(path) = &args.store {
            let store = open_store(path, policy, now)?;
            store
                .revoke(revocation(&args)?, now)
                .map_err(|e| usage(format!("revocation store '{path}': {e}")))?;
        }
        let topic = jwt_mqtt::Topics::new(&args.mqtt.mqtt_prefix).revocation(&revocation(&args)?);
        mqtt::publish(&args.mqtt, vec![(topic.clone(), event.into_bytes())])?;
        println!("published to {topic}");
        return Ok(());
    }
    let path = args.store.as_deref().unwrap_or_default();
    let store = open_store(path, policy, now)?;
    if args.list {
        let mut entries = store
            .entries()
            .map_err(|e| usage(format!("revocation store '{path}': {e}")))?;
        entries.sort_by_key(|r| format!("{r:?}"));
        for r in &entries {
            println!("{}", entry_json(r));
        }
        return Ok(());
    }
    let r = revocation(&args)?;
    let added = store
        .revoke(r, now)
        .map_err(|e| usage(format!("revocation store '{path}': {e}")))?;
    println!(
        "{}",
        match added {
            Added::New => "revoked",
            Added::Present => "already revoked",
            Added::Extended => "already revoked; the later expiry is now kept",
            Added::AlreadyExpired => "not stored: no token it names can still verify",
        }
    );
    Ok(())
}

/// How long a store keeps its entries, and how many it may hold (shared
/// by `jwt revoke` and `jwt watch`).
#[derive(clap::Args)]
pub struct StorePolicy {
    /// The largest leeway of the verifiers, in seconds.
    #[arg(long = "max-leeway", value_name = "SECONDS", default_value_t = 60)]
    max_leeway: u64,
    /// The longest lifetime of the issuer's tokens, in seconds.
    #[arg(
        long = "max-lifetime",
        value_name = "SECONDS",
        default_value_t = 86_400
    )]
    max_lifetime: u64,
    /// The most entries the store may hold.
    #[arg(long, value_name = "N", default_value_t = 1_000_000)]
    capacity: usize,
}

impl StorePolicy {
    /// The store's policy.
    pub fn policy(&self) -> Policy {
        Policy::new(self.capacity)
            .max_leeway(self.max_leeway)
            .max_token_lifetime(self.max_lifetime)
    }
}

/// The signed event for the revocation the arguments name.
fn sign(args: &Args, policy: &Policy, now: i64) -> Result<String, CliError> {
    let alg = super::parse_alg(args.alg.as_deref().unwrap_or_default())?;
    let path = args.key.as_deref().unwrap_or_default();
    let material = keyfile::load(path, &[alg])?;
    let kid = match &args.kid {
        Some(kid) => jwt_issue::KeyId::Named(kid),
        None => jwt_issue::KeyId::Default,
    };
    let key = keyfile::signing_key(&material, alg, kid)?;
    jwt_revoke::sign_event(
        &*key,
        &revocation(args)?,
        policy,
        &FixedClock(now),
        &mut jwt_issue::OsRng,
    )
    .map_err(|e| usage(e.to_string()))
}

/// Opens (or creates) a store, reporting a damaged tail on stderr.
pub fn open_store(path: &str, policy: Policy, now: i64) -> Result<RevocationStore, CliError> {
    let (store, report) = RevocationStore::open(path, policy, now, Recovery::Truncate)
        .map_err(|e| usage(format!("revocation store '{path}': {e}")))?;
    if let Some(damage) = &report.damage {
        let saved = damage
            .saved_to
            .as_ref()
            .map(|p| format!(" (saved to '{}')", p.display()))
            .unwrap_or_default();
        eprintln!(
            "jwt: warning: revocation store '{path}' was damaged at byte {} ({}); {} bytes after it were not used{saved}",
            damage.offset, damage.error, damage.discarded
        );
    }
    Ok(store)
}
