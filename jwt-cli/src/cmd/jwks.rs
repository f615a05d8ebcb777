//! `jwt jwks`: publish public keys as a JWK Set.

use jwt_core::Algorithm;
use jwt_keys::{KeyKind, KeyMaterial, PublicKeyDer};

use crate::keyfile;
use crate::{CliError, usage};

/// Print a JWKS of the public keys in the given key files.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  jwt jwks signer-2025.pem signer-2026.pem > jwks.json\n  \
    jwt jwks device-cert.der gateway.pub.pem old-jwks.json > jwks.json\n\n\
    Takes private keys (only their public halves are printed), public keys (PEM or DER,\n\
    SPKI or PKCS#1), X.509 certificates (only their keys; no chain or validity is checked),\n\
    JWKs, JWK Sets and {kid: certificate} maps, and merges them into one JWK Set. Keys\n\
    without a kid get their RFC 7638 thumbprint; the same key twice is listed once; two\n\
    different keys with one kid are an error. RSA keys are published for --rsa-alg\n\
    (default RS256). HMAC secrets are never published."
)]
pub struct Args {
    /// Key files: private or public keys (PEM, DER, JWK), certificates, JWK Sets.
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
    let mut out: Vec<serde_json::Value> = Vec::new();
    for path in &args.keys {
        let material = keyfile::load(path, &[])?;
        for jwk in public_jwks(path, &material, rsa_alg)? {
            merge(&mut out, jwk)?;
        }
    }
    println!("{}", serde_json::json!({ "keys": out }));
    Ok(())
}

/// Adds `jwk` unless the same key is already there; two different keys
/// under one `kid` are an error.
fn merge(out: &mut Vec<serde_json::Value>, jwk: serde_json::Value) -> Result<(), CliError> {
    if let Some(existing) = out.iter().find(|k| k.get("kid") == jwk.get("kid")) {
        if *existing == jwk {
            return Ok(());
        }
        return Err(usage(format!(
            "two different keys share the kid {}; a JWKS needs unique kids",
            jwk.get("kid").cloned().unwrap_or_default()
        )));
    }
    out.push(jwk);
    Ok(())
}

fn value(json: &str) -> Result<serde_json::Value, CliError> {
    serde_json::from_str(json).map_err(|e| usage(format!("JWK: {e}")))
}

/// The public JWKs one key file contributes.
fn public_jwks(
    path: &str,
    material: &KeyMaterial,
    rsa_alg: Algorithm,
) -> Result<Vec<serde_json::Value>, CliError> {
    let has_private = match material {
        KeyMaterial::Keys(bundle) => bundle.private.is_some(),
        KeyMaterial::Jwk(text) => value(text)?.get("d").is_some(),
        KeyMaterial::Secret(_) => {
            return Err(usage(format!(
                "'{path}' is an HMAC secret; secrets are never published"
            )));
        }
        _ => false,
    };
    if has_private {
        // The private key's public half, with its thumbprint as kid.
        let mut last_err = None;
        for alg in [
            Algorithm::ES256,
            Algorithm::ES384,
            Algorithm::ES512,
            Algorithm::EdDSA,
            rsa_alg,
        ] {
            match keyfile::signing_key(material, alg, jwt_issue::KeyId::Default) {
                Ok(key) => {
                    let jwk = key
                        .public_jwk()
                        .ok_or_else(|| usage(format!("'{path}': secrets are never published")))?;
                    return Ok(vec![value(&jwk)?]);
                }
                Err(e) => last_err = Some(e),
            }
        }
        return Err(last_err.unwrap_or_else(|| usage(format!("'{path}': not a private key"))));
    }
    // Public material: only keys that a verifier would accept are published.
    let keys = keyfile::verify_keys(material, &[])?;
    let alg_for = |kind: KeyKind| match kind {
        KeyKind::Rsa => rsa_alg,
        other => other.algorithms().first().copied().unwrap_or(rsa_alg),
    };
    let from_der =
        |public: &PublicKeyDer, kid: Option<&str>| -> Result<serde_json::Value, CliError> {
            let kind = public.kind().map_err(|e| usage(format!("'{path}': {e}")))?;
            let jwk = jwt_issue::jwk::public_jwk_of_der(public, kid, Some(alg_for(kind)))
                .map_err(|e| usage(format!("'{path}': {e}")))?;
            value(&jwk)
        };
    match material {
        KeyMaterial::Keys(bundle) => {
            let leaf = bundle
                .public
                .first()
                .ok_or_else(|| usage(format!("'{path}': no key")))?;
            Ok(vec![from_der(leaf, None)?])
        }
        KeyMaterial::CertificateMap(entries) => entries
            .iter()
            .map(|(kid, cert)| from_der(cert, Some(kid)))
            .collect(),
        KeyMaterial::Jwk(text) => Ok(vec![public_member(value(text)?)?]),
        KeyMaterial::Jwks(text) => {
            let skipped: Vec<usize> = keys.skipped().iter().map(|s| s.index).collect();
            let set = value(text)?;
            let members = set
                .get("keys")
                .and_then(|k| k.as_array())
                .cloned()
                .unwrap_or_default();
            members
                .into_iter()
                .enumerate()
                .filter(|(i, _)| !skipped.contains(i))
                .map(|(_, m)| public_member(m))
                .collect()
        }
        _ => Err(usage(format!("'{path}': not a key file"))),
    }
}

/// A public JWK as published: private members never appear (a verifier
/// accepted it, so it has none), a missing kid becomes the thumbprint.
fn public_member(mut jwk: serde_json::Value) -> Result<serde_json::Value, CliError> {
    if jwk.get("kty").and_then(|v| v.as_str()) == Some("oct") {
        return Err(usage("secrets are never published"));
    }
    if jwk.get("kid").is_none() {
        let thumbprint =
            jwt_issue::jwk_thumbprint(&jwk.to_string()).map_err(|e| usage(e.to_string()))?;
        jwk.as_object_mut()
            .ok_or_else(|| usage("a JWK must be a JSON object"))?
            .insert("kid".into(), thumbprint.into());
    }
    Ok(jwk)
}
