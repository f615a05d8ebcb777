//! `jwt decode`: show header and claims without verifying.

use crate::CliError;

/// Print a token's header and claims WITHOUT verifying it.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  jwt decode eyJhbGciOi...\n  echo \"$TOKEN\" | jwt decode -\n\n\
    The output is not verified: never base a decision on it."
)]
pub struct Args {
    /// The token, or - to read it from standard input.
    token: String,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let token = super::read_token(&args.token)?;
    let (header, payload) = jwt_core::dangerous::insecure_decode(&token)
        .map_err(|e| CliError::Rejected(e.to_string()))?;
    let header: serde_json::Value = serde_json::from_str(header.json())
        .map_err(|e| CliError::Rejected(format!("malformed header: {e}")))?;
    let claims: serde_json::Value = serde_json::from_str(&payload)
        .map_err(|e| CliError::Rejected(format!("malformed payload: {e}")))?;
    eprintln!("jwt: WARNING: UNVERIFIED: signature and claims were not checked");
    println!(
        "{}",
        serde_json::json!({ "header": header, "claims": claims })
    );
    Ok(())
}
