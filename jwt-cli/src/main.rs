//! The `jwt` command: mint, verify, inspect tokens and manage keys for an
//! IoT fleet. Holds no JWT logic of its own: it translates arguments and
//! files into calls to `jwt-verify`, `jwt-issue` and `jwt-revoke`, and their errors into
//! one line on stderr and an exit code.
//!
//! Exit codes: 0 success; 1 a token was rejected or is malformed; 2 usage,
//! key or I/O errors.

mod cmd;
mod keyfile;
mod mqtt;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// What went wrong, and which exit code it maps to.
#[derive(Debug)]
pub enum CliError {
    /// The token was rejected or is malformed (exit 1).
    Rejected(String),
    /// Bad usage, a bad key file or an I/O failure (exit 2).
    Usage(String),
}

impl CliError {
    fn code(&self) -> u8 {
        match self {
            CliError::Rejected(_) => 1,
            CliError::Usage(_) => 2,
        }
    }
}

/// Shorthand for a usage error.
pub fn usage(msg: impl Into<String>) -> CliError {
    CliError::Usage(msg.into())
}

#[derive(Parser)]
#[command(
    name = "jwt",
    version,
    about = "Issue, verify and inspect JSON Web Tokens for device fleets",
    long_about = "Issue, verify and inspect JSON Web Tokens for device fleets.\n\n\
        Exit codes: 0 success, 1 token rejected or malformed, 2 usage, key or I/O error.",
    after_help = "Examples:\n  jwt keygen --alg ES256 --out device-signer.pem --pub device-signer.pub.pem\n  \
        jwt issue --alg ES256 --key device-signer.pem --sub device-42 --ttl 300\n  \
        jwt verify --key device-signer.pub.pem TOKEN\n  jwt demo"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Issue(cmd::issue::Args),
    Verify(cmd::verify::Args),
    Decode(cmd::decode::Args),
    Keygen(cmd::keygen::Args),
    Jwks(cmd::jwks::Args),
    Revoke(cmd::revoke::Args),
    Demo(cmd::demo::Args),
    Watch(cmd::watch::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse_from(std::env::args_os()) {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with exit 0; real usage errors
            // (including arguments that are not UTF-8) exit 2 with one
            // line on stderr.
            if !e.use_stderr() {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            let text = e.render().to_string();
            let first = text.lines().next().unwrap_or("invalid arguments");
            let first = first.strip_prefix("error: ").unwrap_or(first);
            eprintln!("jwt: usage: {first} (see jwt --help)");
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::Issue(a) => cmd::issue::run(a),
        Command::Verify(a) => cmd::verify::run(a),
        Command::Decode(a) => cmd::decode::run(a),
        Command::Keygen(a) => cmd::keygen::run(a),
        Command::Jwks(a) => cmd::jwks::run(a),
        Command::Revoke(a) => cmd::revoke::run(a),
        Command::Demo(a) => cmd::demo::run(a),
        Command::Watch(a) => cmd::watch::run(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let (kind, msg) = match &e {
                CliError::Rejected(m) => ("token rejected", m),
                CliError::Usage(m) => ("error", m),
            };
            eprintln!("jwt: {kind}: {}", one_line(msg));
            ExitCode::from(e.code())
        }
    }
}

/// Folds a message onto one line so every failure prints exactly one.
fn one_line(msg: &str) -> String {
    msg.split(['\n', '\r'])
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
