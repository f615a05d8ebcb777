//! `jwt jwks`: publish public keys as a JWK Set.

use jwt_core::Algorithm;
use jwt_issue::SigningKey;

use crate::keyfile;
use crate::{CliError, usage};

/// Print a JWKS of the public keys in the given key files.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  jwt jwks signer-2025.pem signer-2026.pem > jwks.json\n\n\
    Each key gets its RFC 7638 thumbprint as kid. Private key files (PEM or JWK) are\n\
    accepted and only their public halves are printed; RSA keys are published for\n\
    --rsa-alg (default RS256). HMAC secrets cannot be published."
)]
pub struct Args {
    /// Key files (private keys: PEM PKCS#8 / PKCS#1 / SEC1, or private JWKs).
    #[arg(value_name = "KEYFILE", required = true)]
    keys: Vec<String>,
    /// The algorithm RSA keys are published for.
    #[arg(long = "rsa-alg", value_name = "ALG", default_value = "RS256")]
    rsa_alg: String,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let rsa_alg = super::parse_alg(&args.rsa_alg)?;
    if !matches!(
        rsa_alg.family(),
        jwt_core::AlgorithmFamily::RsaPkcs1 | jwt_core::AlgorithmFamily::RsaPss
    ) {
        return Err(usage(
            "--rsa-alg must be one of RS256 RS384 RS512 PS256 PS384 PS512",
        ));
    }
    let mut keys: Vec<jwt_issue::DynSigningKey> = Vec::new();
    for path in &args.keys {
        let material = keyfile::load(path, &[])?;
        let mut found = None;
        for alg in [
            Algorithm::ES256,
            Algorithm::ES384,
            Algorithm::ES512,
            Algorithm::EdDSA,
            rsa_alg,
        ] {
            if let Ok(k) = keyfile::signing_key(&material, alg, jwt_issue::KeyId::Default) {
                found = Some(k);
                break;
            }
        }
        let key = match found {
            Some(k) => k,
            None => {
                // Report the most specific reason.
                let err = keyfile::signing_key(&material, rsa_alg, jwt_issue::KeyId::Default).err();
                return Err(err.unwrap_or_else(|| usage(format!("'{path}': not a private key"))));
            }
        };
        keys.push(key);
    }
    let refs: Vec<&dyn SigningKey> = keys.iter().map(|k| k.as_ref() as &dyn SigningKey).collect();
    let set = jwt_issue::jwks(&refs).map_err(|e| usage(e.to_string()))?;
    println!("{set}");
    Ok(())
}
