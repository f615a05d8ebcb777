//! One module per subcommand.

pub mod decode;
pub mod demo;
pub mod issue;
pub mod jwks;
pub mod keygen;
pub mod revoke;
pub mod verify;
pub mod watch;

use std::io::Read;

use jwt_core::Algorithm;

use crate::{CliError, usage};

/// The most we read from stdin or a file: far above any token limit, so
/// that the library, not a truncated read, reports oversized input.
const MAX_INPUT: u64 = 16 * 1024 * 1024;

/// Reads a file (or stdin for `-`), bounded.
pub fn read_input(path: &str) -> Result<Vec<u8>, CliError> {
    let mut buf = Vec::new();
    let res = if path == "-" {
        std::io::stdin()
            .lock()
            .take(MAX_INPUT)
            .read_to_end(&mut buf)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(MAX_INPUT).read_to_end(&mut buf))
    };
    res.map_err(|e| usage(format!("cannot read {}: {e}", display_path(path))))?;
    Ok(buf)
}

fn display_path(path: &str) -> String {
    if path == "-" {
        "standard input".into()
    } else {
        format!("'{path}'")
    }
}

/// The token from the command line or stdin (`-`), with surrounding ASCII
/// whitespace trimmed. Whitespace inside stays and is refused by the
/// parser.
pub fn read_token(arg: &str) -> Result<String, CliError> {
    let raw = if arg == "-" {
        read_input("-")?
    } else {
        arg.as_bytes().to_vec()
    };
    let text = String::from_utf8(raw)
        .map_err(|_| CliError::Rejected("malformed token: not valid UTF-8".into()))?;
    Ok(text
        .trim_matches(|c: char| c.is_ascii_whitespace())
        .to_string())
}

/// Parses an algorithm name; `none` gets its own message.
pub fn parse_alg(name: &str) -> Result<Algorithm, CliError> {
    Algorithm::from_name(name).map_err(|e| match e {
        jwt_core::ParseError::AlgNone => usage("alg none is never accepted"),
        _ => usage(format!(
            "unknown algorithm '{name}' (one of HS256 HS384 HS512 RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 EdDSA)"
        )),
    })
}

/// Parses every `--alg` given.
pub fn parse_algs(names: &[String]) -> Result<Vec<Algorithm>, CliError> {
    names.iter().map(|a| parse_alg(a)).collect()
}

/// Writes a file, refusing to fail silently.
pub fn write_file(path: &str, data: &[u8]) -> Result<(), CliError> {
    std::fs::write(path, data).map_err(|e| usage(format!("cannot write '{path}': {e}")))
}
