//! `jwt keygen`: make a key for one algorithm.

use jwt_issue::SigningKey;

use crate::{CliError, usage};

/// Make a fresh key for an algorithm.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  jwt keygen --alg ES256 --out signer.pem --pub signer.pub.pem\n  \
    jwt keygen --alg EdDSA --jwk --out signer.jwk --pub signer.pub.jwk\n  \
    jwt keygen --alg HS256 --out hs256.key     (32 random bytes, raw)\n  \
    jwt keygen --alg HS256 --jwk                (an oct JWK on stdout)\n\n\
    Without --out the private key goes to stdout (HMAC keys as a JWK)."
)]
pub struct Args {
    /// The algorithm the key is for.
    #[arg(long, value_name = "ALG")]
    alg: String,
    /// Write the private key here (PKCS#8 PEM, or JWK with --jwk; HMAC: raw bytes or JWK).
    #[arg(long, value_name = "PRIVATE_PEM")]
    out: Option<String>,
    /// Write the public key here (SPKI PEM, or JWK with --jwk).
    #[arg(long = "pub", value_name = "PUBLIC_PEM")]
    public: Option<String>,
    /// Write JWKs instead of PEM.
    #[arg(long)]
    jwk: bool,
}

fn ierr(e: jwt_issue::IssueError) -> CliError {
    usage(e.to_string())
}

/// Private text, public text (None for HMAC), raw secret (HMAC only).
type Generated = (Vec<u8>, Option<String>);

fn asym<K: SigningKey>(
    key: K,
    jwk: bool,
    pem: fn(&K) -> Result<String, jwt_issue::IssueError>,
    private_jwk: fn(&K) -> String,
    public_pem: fn(&K) -> Result<String, jwt_issue::IssueError>,
) -> Result<Generated, CliError> {
    let private = if jwk {
        private_jwk(&key)
    } else {
        pem(&key).map_err(ierr)?
    };
    let public = if jwk {
        key.public_jwk().ok_or_else(|| usage("no public key"))?
    } else {
        public_pem(&key).map_err(ierr)?
    };
    Ok((private.into_bytes(), Some(public)))
}

pub fn run(args: Args) -> Result<(), CliError> {
    use jwt_issue::*;
    let alg = super::parse_alg(&args.alg)?;
    macro_rules! gen_asym {
        ($ty:ty) => {{
            let key = <$ty>::generate_os().map_err(ierr)?;
            asym(
                key,
                args.jwk,
                <$ty>::to_pkcs8_pem,
                <$ty>::to_private_jwk,
                <$ty>::public_key_pem,
            )?
        }};
    }
    macro_rules! gen_hmac {
        ($ty:ty, $len:expr) => {{
            let key = <$ty>::generate_os().map_err(ierr)?;
            if args.jwk || args.out.is_none() {
                (key.to_private_jwk().into_bytes(), None)
            } else {
                (raw_secret(&key.to_private_jwk(), $len)?, None)
            }
        }};
    }
    let (private, public) = match alg {
        Algorithm::HS256 => gen_hmac!(Hs256SigningKey, 32),
        Algorithm::HS384 => gen_hmac!(Hs384SigningKey, 48),
        Algorithm::HS512 => gen_hmac!(Hs512SigningKey, 64),
        Algorithm::RS256 => gen_asym!(Rs256SigningKey),
        Algorithm::RS384 => gen_asym!(Rs384SigningKey),
        Algorithm::RS512 => gen_asym!(Rs512SigningKey),
        Algorithm::PS256 => gen_asym!(Ps256SigningKey),
        Algorithm::PS384 => gen_asym!(Ps384SigningKey),
        Algorithm::PS512 => gen_asym!(Ps512SigningKey),
        Algorithm::ES256 => gen_asym!(Es256SigningKey),
        Algorithm::ES384 => gen_asym!(Es384SigningKey),
        Algorithm::ES512 => gen_asym!(Es512SigningKey),
        Algorithm::EdDSA => gen_asym!(EdDsaSigningKey),
    };
    if args.public.is_some() && public.is_none() {
        return Err(usage(
            "HMAC keys are secret: there is no public key to write (--pub)",
        ));
    }
    match &args.out {
        Some(path) => super::write_file(path, &private)?,
        None => {
            let text = String::from_utf8_lossy(&private);
            println!("{}", text.trim_end());
        }
    }
    if let (Some(path), Some(public)) = (&args.public, public) {
        let mut data = public.into_bytes();
        if !data.ends_with(b"\n") {
            data.push(b'\n');
        }
        super::write_file(path, &data)?;
    }
    Ok(())
}

/// The raw secret bytes of an oct JWK we just made.
fn raw_secret(jwk: &str, len: usize) -> Result<Vec<u8>, CliError> {
    let value: serde_json::Value = serde_json::from_str(jwk).map_err(|e| usage(e.to_string()))?;
    let k = value
        .get("k")
        .and_then(|k| k.as_str())
        .ok_or_else(|| usage("generated JWK has no k"))?;
    let bytes =
        jwt_core::b64::decode(k, jwt_core::Part::Token).map_err(|e| usage(e.to_string()))?;
    if bytes.len() != len {
        return Err(usage("generated secret has an unexpected length"));
    }
    Ok(bytes)
}
