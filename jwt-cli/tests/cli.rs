//! Integration tests of the `jwt` binary: every subcommand, every
//! algorithm and key format, bad input, and interop with PyJWT and the npm
//! `jose` package.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
#![allow(missing_docs, clippy::arithmetic_side_effects)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

const NOW: i64 = 1_700_000_000;

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn jwt_with_stdin(args: &[&str], stdin: Option<&[u8]>) -> Out {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jwt"))
        .args(args)
        // `--jwks-url` honours proxy variables; the tests' servers are
        // local and must be reached directly whatever the machine sets.
        .env("NO_PROXY", "*")
        .env("no_proxy", "*")
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut pipe = child.stdin.take().unwrap();
        if let Some(data) = stdin {
            // The child may exit before reading everything.
            let _ = pipe.write_all(data);
        }
    }
    let out = child.wait_with_output().unwrap();
    let o = Out {
        code: out.status.code().expect("killed by a signal"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    // Never a panic, and every failure is exactly one line on stderr.
    assert!(!o.stderr.contains("panicked"), "panic: {}", o.stderr);
    if o.code != 0 && !args.contains(&"--help") {
        assert_eq!(
            o.stderr.lines().count(),
            1,
            "one stderr line expected for {args:?}: {}",
            o.stderr
        );
    }
    o
}

fn jwt(args: &[&str]) -> Out {
    jwt_with_stdin(args, None)
}

fn ok(args: &[&str]) -> String {
    let o = jwt(args);
    assert_eq!(o.code, 0, "{args:?}: {}", o.stderr);
    o.stdout
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A fresh scratch directory under target/.
fn scratch() -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn data(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

fn p(dir: &Path, name: &str) -> String {
    dir.join(name).to_str().unwrap().to_string()
}

fn claims_of(token: &str) -> serde_json::Value {
    let o = jwt(&["decode", token]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stderr.contains("UNVERIFIED"));
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    v["claims"].clone()
}

fn header_of(token: &str) -> serde_json::Value {
    let v: serde_json::Value = serde_json::from_str(&jwt(&["decode", token]).stdout).unwrap();
    v["header"].clone()
}

/// Issues with fixed time and returns the token.
fn issue(alg: &str, key: &str, extra: &[&str]) -> String {
    let now = NOW.to_string();
    let mut args = vec![
        "issue",
        "--alg",
        alg,
        "--key",
        key,
        "--ttl",
        "300",
        "--now",
        &now,
        "--sub",
        "device-42",
    ];
    args.extend_from_slice(extra);
    ok(&args).trim_end().to_string()
}

fn verify(key: &str, token: &str, extra: &[&str]) -> Out {
    let now = (NOW + 10).to_string();
    let mut args = vec!["verify", "--key", key, "--now", &now];
    args.extend_from_slice(extra);
    args.push(token);
    jwt(&args)
}

mod subcommands {
    //! Each subcommand's contract.
    use super::*;

    #[test]
    fn help_for_every_subcommand_has_examples() {
        for sub in [
            "issue", "verify", "decode", "keygen", "jwks", "revoke", "demo",
        ] {
            let o = jwt(&[sub, "--help"]);
            assert_eq!(o.code, 0, "{sub}");
            assert!(o.stdout.contains("Example"), "{sub} --help lacks examples");
        }
        assert_eq!(jwt(&["--help"]).code, 0);
        assert_eq!(jwt(&["no-such-command"]).code, 2);
        assert_eq!(jwt(&[]).code, 2);
    }

    #[test]
    fn issue_contract_header_and_claims() {
        let dir = scratch();
        let key = p(&dir, "hs.key");
        std::fs::write(&key, [7u8; 32]).unwrap();
        let t = issue("HS256", &key, &["--iss", "auth", "--aud", "gw"]);
        assert_eq!(
            header_of(&t),
            serde_json::json!({"alg":"HS256","typ":"JWT"})
        );
        let c = claims_of(&t);
        assert_eq!(c["iat"], NOW);
        assert_eq!(c["exp"], NOW + 300);
        assert_eq!(c["aud"], "gw");
        let jti = c["jti"].as_str().unwrap();
        assert_eq!(jti.len(), 32);
        assert!(
            jti.chars()
                .all(|ch| ch.is_ascii_hexdigit() && !ch.is_ascii_uppercase())
        );
        let keys: Vec<&String> = c.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["iss", "sub", "aud", "exp", "iat", "jti"]);

        let t = issue(
            "HS256",
            &key,
            &[
                "--kid",
                "k1",
                "--typ",
                "iot-device+jwt",
                "--aud",
                "a",
                "--aud",
                "b",
                "--jti",
                "my-id",
                "--nbf",
                "1700000005",
                "--claim",
                "scope=\"telemetry:write\"",
                "--claim",
                "level=3",
                "--claim",
                "note=plain text",
                "--claim",
                "obj={\"a\":[1,2]}",
            ],
        );
        assert_eq!(
            header_of(&t),
            serde_json::json!({"alg":"HS256","typ":"iot-device+jwt","kid":"k1"})
        );
        let c = claims_of(&t);
        assert_eq!(c["aud"], serde_json::json!(["a", "b"]));
        assert_eq!(c["jti"], "my-id");
        assert_eq!(c["nbf"], 1_700_000_005);
        assert_eq!(c["scope"], "telemetry:write");
        assert_eq!(c["level"], 3);
        assert_eq!(c["note"], "plain text");
        assert_eq!(c["obj"], serde_json::json!({"a":[1,2]}));
    }

    #[test]
    fn issue_refuses_without_ttl_and_protects_time_claims() {
        let dir = scratch();
        let key = p(&dir, "hs.key");
        std::fs::write(&key, [7u8; 32]).unwrap();
        let o = jwt(&["issue", "--alg", "HS256", "--key", &key]);
        assert_eq!(o.code, 2);
        assert!(o.stderr.contains("--ttl"));
        let t = ok(&[
            "issue", "--alg", "HS256", "--key", &key, "--no-exp", "--now", "5",
        ]);
        assert!(claims_of(t.trim()).get("exp").is_none());
        for claim in ["exp=1", "nbf=1", "iat=1"] {
            let o = jwt(&[
                "issue", "--alg", "HS256", "--key", &key, "--ttl", "5", "--claim", claim,
            ]);
            assert_eq!(o.code, 2, "{claim}");
        }
        for claim in ["iss=x", "sub=x", "jti=x", "aud=x"] {
            let o = jwt(&[
                "issue", "--alg", "HS256", "--key", &key, "--ttl", "5", "--claim", claim,
            ]);
            assert_eq!(o.code, 2, "{claim}: {}", o.stderr);
        }
        let cj = p(&dir, "claims.json");
        std::fs::write(&cj, r#"{"scope":"a","exp":5}"#).unwrap();
        assert_eq!(
            jwt(&[
                "issue",
                "--alg",
                "HS256",
                "--key",
                &key,
                "--ttl",
                "5",
                "--claims-json",
                &cj
            ])
            .code,
            2
        );
        std::fs::write(&cj, r#"{"scope":"a","scope":"b"}"#).unwrap();
        assert_eq!(
            jwt(&[
                "issue",
                "--alg",
                "HS256",
                "--key",
                &key,
                "--ttl",
                "5",
                "--claims-json",
                &cj
            ])
            .code,
            2
        );
        std::fs::write(&cj, r#"{"scope":"a","zone":{"id":7}}"#).unwrap();
        let t = issue("HS256", &key, &["--claims-json", &cj]);
        assert_eq!(claims_of(&t)["zone"]["id"], 7);
        let o = jwt_with_stdin(
            &[
                "issue",
                "--alg",
                "HS256",
                "--key",
                &key,
                "--ttl",
                "5",
                "--claims-json",
                "-",
            ],
            Some(br#"{"x":1}"#),
        );
        assert_eq!(o.code, 0, "{}", o.stderr);
    }

    #[test]
    fn verify_contract() {
        let dir = scratch();
        let key = p(&dir, "hs.key");
        std::fs::write(&key, [9u8; 64]).unwrap();
        let t = issue(
            "HS512",
            &key,
            &[
                "--iss",
                "auth",
                "--jti",
                "id-1",
                "--claim",
                "scope=\"rw\"",
                "--claim",
                "gone=null",
            ],
        );
        let o = verify(&key, &t, &["--alg", "HS512"]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        let claims: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        assert_eq!(claims["sub"], "device-42");
        assert_eq!(o.stdout.lines().count(), 1);
        // Narrowing --alg, issuers, subject.
        assert_eq!(
            verify(&key, &t, &["--alg", "HS256"]).stderr.trim(),
            "jwt: token rejected: algorithm not allowed for this key"
        );
        assert_eq!(
            verify(&key, &t, &["--alg", "HS512", "--iss", "x", "--iss", "auth"]).code,
            0
        );
        assert_eq!(verify(&key, &t, &["--alg", "HS512", "--iss", "x"]).code, 1);
        assert_eq!(
            verify(&key, &t, &["--alg", "HS512", "--sub", "device-42"]).code,
            0
        );
        assert_eq!(
            verify(&key, &t, &["--alg", "HS512", "--sub", "device-1"]).code,
            1
        );
        // Time.
        let late = (NOW + 300).to_string();
        let o = jwt(&[
            "verify", "--key", &key, "--alg", "HS512", "--now", &late, &t,
        ]);
        assert_eq!(
            (o.code, o.stderr.trim()),
            (1, "jwt: token rejected: expired")
        );
        assert_eq!(
            jwt(&[
                "verify", "--key", &key, "--alg", "HS512", "--now", &late, "--leeway", "1", &t
            ])
            .code,
            0
        );
        assert_eq!(
            verify(&key, &t, &["--alg", "HS512", "--max-age", "5"])
                .stderr
                .trim(),
            "jwt: token rejected: older than the maximum age"
        );
        assert_eq!(
            verify(&key, &t, &["--alg", "HS512", "--max-age", "10"]).code,
            0
        );
        // typ.
        assert_eq!(
            verify(&key, &t, &["--alg", "HS512", "--typ", "jwt"]).code,
            0
        );
        assert_eq!(
            verify(&key, &t, &["--alg", "HS512", "--typ", "refresh+jwt"]).code,
            1
        );
        // Required claims: null counts as missing.
        assert_eq!(
            verify(&key, &t, &["--alg", "HS512", "--require", "scope"]).code,
            0
        );
        assert_eq!(
            verify(&key, &t, &["--alg", "HS512", "--require", "gone"]).code,
            1
        );
        assert_eq!(
            verify(&key, &t, &["--alg", "HS512", "--require", "absent"]).code,
            1
        );
        // A forged signature.
        let mut forged = t.clone();
        let last = forged.pop().unwrap();
        forged.push(if last == 'A' { 'Q' } else { 'A' });
        let o = verify(&key, &forged, &["--alg", "HS512"]);
        assert_eq!(o.code, 1);
        // stdin and surrounding whitespace.
        let now = (NOW + 10).to_string();
        let o = jwt_with_stdin(
            &[
                "verify", "--key", &key, "--alg", "HS512", "--now", &now, "-",
            ],
            Some(format!("\n  {t} \r\n").as_bytes()),
        );
        assert_eq!(o.code, 0, "{}", o.stderr);
        // Whitespace inside the token is an error.
        let inner = format!("{} {}", &t[..10], &t[10..]);
        assert_eq!(verify(&key, &inner, &["--alg", "HS512"]).code, 1);
    }

    #[test]
    fn verify_audience_rules() {
        let dir = scratch();
        let key = p(&dir, "hs.key");
        std::fs::write(&key, [3u8; 32]).unwrap();
        let with_aud = issue("HS256", &key, &["--aud", "gw-1", "--aud", "gw-2"]);
        assert_eq!(
            verify(&key, &with_aud, &["--alg", "HS256"]).code,
            1,
            "aud present but no --aud"
        );
        assert_eq!(
            verify(&key, &with_aud, &["--alg", "HS256", "--aud", "gw-2"]).code,
            0
        );
        assert_eq!(
            verify(
                &key,
                &with_aud,
                &["--alg", "HS256", "--aud", "x", "--aud", "gw-1"]
            )
            .code,
            0
        );
        assert_eq!(
            verify(&key, &with_aud, &["--alg", "HS256", "--aud", "gw-3"]).code,
            1
        );
        let without = issue("HS256", &key, &[]);
        assert_eq!(
            verify(&key, &without, &["--alg", "HS256", "--aud", "gw-1"]).code,
            1
        );
    }

    #[test]
    fn verify_revocation_file_fails_closed() {
        let dir = scratch();
        let key = p(&dir, "hs.key");
        std::fs::write(&key, [3u8; 32]).unwrap();
        let list = p(&dir, "revoked.txt");
        std::fs::write(&list, "other\r\n\r\nrevoked-1\n\n").unwrap();
        let revoked = issue("HS256", &key, &["--jti", "revoked-1"]);
        let fine = issue("HS256", &key, &["--jti", "fine"]);
        let o = verify(&key, &revoked, &["--alg", "HS256", "--revoked", &list]);
        assert_eq!(
            (o.code, o.stderr.trim()),
            (1, "jwt: token rejected: revoked")
        );
        assert_eq!(
            verify(&key, &fine, &["--alg", "HS256", "--revoked", &list]).code,
            0
        );
        assert_eq!(
            verify(
                &key,
                &fine,
                &["--alg", "HS256", "--revoked", &p(&dir, "missing.txt")]
            )
            .code,
            2
        );
        // The CLI always adds a jti, so a token without one is made by hand.
        let token = hand_hs256(&[3u8; 32], &format!(r#"{{"exp":{}}}"#, NOW + 100));
        assert_eq!(
            verify(&key, &token, &["--alg", "HS256", "--revoked", &list]).code,
            1
        );
        assert_eq!(verify(&key, &token, &["--alg", "HS256"]).code, 0);
    }

    /// An HS256 token made without the CLI (for claims the CLI won't make).
    pub fn hand_hs256(secret: &[u8], payload: &str) -> String {
        let header = jwt_core::b64::encode(br#"{"alg":"HS256"}"#);
        let body = jwt_core::b64::encode(payload.as_bytes());
        let input = format!("{header}.{body}");
        let mut sig = Vec::new();
        use jwt_issue::SigningKey;
        jwt_issue::Hs256SigningKey::new(secret)
            .unwrap()
            .sign(input.as_bytes(), &mut sig)
            .unwrap();
        format!("{input}.{}", jwt_core::b64::encode(&sig))
    }

    #[test]
    fn decode_prints_header_and_claims_unverified() {
        let dir = scratch();
        let key = p(&dir, "hs.key");
        std::fs::write(&key, [3u8; 32]).unwrap();
        let t = issue("HS256", &key, &[]);
        let o = jwt(&["decode", &t]);
        assert_eq!(o.code, 0);
        assert!(o.stderr.contains("UNVERIFIED"));
        let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        assert_eq!(v["header"]["alg"], "HS256");
        assert_eq!(v["claims"]["sub"], "device-42");
        let o = jwt_with_stdin(&["decode", "-"], Some(t.as_bytes()));
        assert_eq!(o.code, 0);
        for bad in ["garbage", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", ""] {
            assert_eq!(jwt(&["decode", bad]).code, 1, "{bad}");
        }
    }

    #[test]
    fn keygen_writes_usable_keys_for_every_algorithm() {
        let dir = scratch();
        for alg in [
            "HS256", "HS384", "HS512", "ES256", "ES384", "ES512", "EdDSA", "PS256",
        ] {
            let private = p(&dir, &format!("{alg}.key"));
            let public = p(&dir, &format!("{alg}.pub"));
            if alg.starts_with("HS") {
                ok(&["keygen", "--alg", alg, "--out", &private]);
                let len = std::fs::metadata(&private).unwrap().len();
                assert_eq!(
                    len,
                    match alg {
                        "HS256" => 32,
                        "HS384" => 48,
                        _ => 64,
                    }
                );
                assert_eq!(
                    jwt(&["keygen", "--alg", alg, "--out", &private, "--pub", &public]).code,
                    2
                );
                let jwk = ok(&["keygen", "--alg", alg, "--jwk"]);
                assert!(jwk.contains(r#""kty":"oct""#));
                let t = issue(alg, &private, &[]);
                assert_eq!(verify(&private, &t, &["--alg", alg]).code, 0);
                // Raw secrets need an HMAC --alg: bytes never pick the algorithm.
                assert_eq!(verify(&private, &t, &[]).code, 2);
            } else {
                ok(&["keygen", "--alg", alg, "--out", &private, "--pub", &public]);
                assert!(
                    std::fs::read_to_string(&private)
                        .unwrap()
                        .starts_with("-----BEGIN PRIVATE KEY-----")
                );
                assert!(
                    std::fs::read_to_string(&public)
                        .unwrap()
                        .starts_with("-----BEGIN PUBLIC KEY-----")
                );
                let t = issue(alg, &private, &[]);
                assert_eq!(verify(&public, &t, &[]).code, 0, "{alg}");
                // JWK form too.
                let pj = p(&dir, &format!("{alg}.jwk"));
                let pubj = p(&dir, &format!("{alg}.pub.jwk"));
                ok(&[
                    "keygen", "--alg", alg, "--jwk", "--out", &pj, "--pub", &pubj,
                ]);
                let t = issue(alg, &pj, &[]);
                let o = verify(&pubj, &t, &[]);
                assert_eq!(o.code, 0, "{alg}: {}", o.stderr);
            }
        }
        assert_eq!(jwt(&["keygen", "--alg", "none"]).code, 2);
        assert_eq!(jwt(&["keygen", "--alg", "XS256"]).code, 2);
    }

    #[test]
    fn jwks_publishes_public_keys_with_thumbprint_kids() {
        let dir = scratch();
        let es = p(&dir, "es.pem");
        let ed = p(&dir, "ed.pem");
        ok(&["keygen", "--alg", "ES256", "--out", &es]);
        ok(&["keygen", "--alg", "EdDSA", "--out", &ed]);
        let set = ok(&["jwks", &es, &ed, &data("rsa2048-pkcs1.pem")]);
        let v: serde_json::Value = serde_json::from_str(&set).unwrap();
        let keys = v["keys"].as_array().unwrap();
        assert_eq!(keys.len(), 3);
        for k in keys {
            assert_eq!(k["kid"].as_str().unwrap().len(), 43);
            assert!(k.get("d").is_none(), "private member published");
        }
        let jwks = p(&dir, "jwks.json");
        std::fs::write(&jwks, &set).unwrap();
        // A token without kid: the one key of its algorithm is used.
        let t = issue("ES256", &es, &[]);
        assert_eq!(verify(&jwks, &t, &[]).code, 0);
        // With the right kid, and with a wrong one.
        let kid = keys[0]["kid"].as_str().unwrap().to_string();
        let t = issue("ES256", &es, &["--kid", &kid]);
        assert_eq!(verify(&jwks, &t, &[]).code, 0);
        let t = issue("ES256", &es, &["--kid", "../../etc/passwd"]);
        assert_eq!(verify(&jwks, &t, &[]).code, 1);
        let t = issue("RS256", &data("rsa2048-pkcs1.pem"), &[]);
        assert_eq!(verify(&jwks, &t, &[]).code, 0);
        let hs = p(&dir, "hs.key");
        std::fs::write(&hs, [1u8; 32]).unwrap();
        assert_eq!(jwt(&["jwks", &hs]).code, 2);
    }

    #[test]
    fn demo_runs_the_whole_flow() {
        let o = jwt(&["demo"]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        for step in [
            "issue",
            "verif",
            "revok",
            "revocation event",
            "after a restart",
            "reflashed",
            "refresh",
        ] {
            assert!(
                o.stdout.to_lowercase().contains(step),
                "demo output lacks {step}: {}",
                o.stdout
            );
        }
    }
}

mod formats {
    //! Every algorithm and key format through issue and verify.
    use super::*;

    #[test]
    fn every_algorithm_with_pem_keys() {
        let rsa = data("rsa2048-pkcs1.pem");
        for alg in ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"] {
            let t = issue(alg, &rsa, &[]);
            assert_eq!(header_of(&t)["alg"], alg);
            for key in [
                rsa.clone(),
                data("rsa2048-spki.pem"),
                data("rsa2048-pkcs1-pub.pem"),
            ] {
                let o = verify(&key, &t, &[]);
                assert_eq!(o.code, 0, "{alg} {key}: {}", o.stderr);
            }
            // An RSA key accepts only what --alg allows.
            let other = if alg == "RS256" { "PS256" } else { "RS256" };
            assert_eq!(verify(&rsa, &t, &["--alg", other]).code, 1);
        }
        for (alg, key) in [
            ("ES256", "ec256-sec1.pem"),
            ("ES384", "ec384-sec1.pem"),
            ("ES384", "ec384-pkcs8.pem"),
            ("ES512", "ec521-pkcs8.pem"),
            ("EdDSA", "ed25519.pem"),
        ] {
            let t = issue(alg, &data(key), &[]);
            let o = verify(&data(key), &t, &[]);
            assert_eq!(o.code, 0, "{alg} {key}: {}", o.stderr);
        }
        // Wrong key type for the algorithm.
        assert_eq!(
            jwt(&[
                "issue",
                "--alg",
                "ES384",
                "--key",
                &data("ec256-sec1.pem"),
                "--ttl",
                "5"
            ])
            .code,
            2
        );
        assert_eq!(
            jwt(&[
                "issue",
                "--alg",
                "HS256",
                "--key",
                &data("ec256-sec1.pem"),
                "--ttl",
                "5"
            ])
            .code,
            2
        );
        assert_eq!(
            jwt(&[
                "issue",
                "--alg",
                "RS256",
                "--key",
                &data("rsa2048-spki.pem"),
                "--ttl",
                "5"
            ])
            .code,
            2
        );
        let o = jwt(&[
            "issue",
            "--alg",
            "ES256",
            "--key",
            &data("ec256-encrypted.pem"),
            "--ttl",
            "5",
        ]);
        assert_eq!(o.code, 2);
        assert!(o.stderr.contains("encrypted"), "{}", o.stderr);
        // RFC 7518 minimums: 1024-bit RSA, for issue and verify.
        assert_eq!(
            jwt(&[
                "issue",
                "--alg",
                "RS256",
                "--key",
                &data("rsa1024-pkcs1.pem"),
                "--ttl",
                "5"
            ])
            .code,
            2
        );
        let t = issue("RS256", &data("rsa2048-pkcs1.pem"), &[]);
        assert_eq!(verify(&data("rsa1024-pkcs1.pem"), &t, &[]).code, 2);
    }

    #[test]
    fn key_confusion_through_the_cli() {
        // HS256 signed with the RSA public key file as the secret.
        let public = data("rsa2048-spki.pem");
        let secret = std::fs::read(&public).unwrap();
        let forged = subcommands::hand_hs256(&secret, &format!(r#"{{"exp":{}}}"#, NOW + 100));
        let o = verify(&public, &forged, &[]);
        assert_eq!(
            (o.code, o.stderr.trim()),
            (1, "jwt: token rejected: algorithm not allowed for this key")
        );
        // none is never accepted, even when asked for.
        assert_eq!(verify(&public, &forged, &["--alg", "none"]).code, 2);
    }

    #[test]
    fn hmac_raw_files_are_used_byte_for_byte() {
        let dir = scratch();
        let key = p(&dir, "hs.key");
        let with_newline = p(&dir, "hs-nl.key");
        std::fs::write(&key, [b'k'; 32]).unwrap();
        let mut nl = vec![b'k'; 32];
        nl.push(b'\n');
        std::fs::write(&with_newline, nl).unwrap();
        let t = issue("HS256", &key, &[]);
        assert_eq!(verify(&key, &t, &["--alg", "HS256"]).code, 0);
        assert_eq!(
            verify(&with_newline, &t, &["--alg", "HS256"]).code,
            1,
            "a trailing newline is part of the secret"
        );
        // Too short for the algorithm (RFC 7518 3.2).
        std::fs::write(&key, [b'k'; 31]).unwrap();
        assert_eq!(
            jwt(&["issue", "--alg", "HS256", "--key", &key, "--ttl", "5"]).code,
            2
        );
        std::fs::write(&key, [b'k'; 32]).unwrap();
        assert_eq!(
            jwt(&["issue", "--alg", "HS384", "--key", &key, "--ttl", "5"]).code,
            2
        );
    }

    #[test]
    fn jwk_files_and_their_alg_and_kid() {
        let dir = scratch();
        let oct = p(&dir, "oct.jwk");
        std::fs::write(&oct, r#"{"kty":"oct","kid":"k1","alg":"HS256","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#).unwrap();
        let t = issue("HS256", &oct, &["--kid", "k1"]);
        assert_eq!(verify(&oct, &t, &[]).code, 0);
        let t = issue("HS256", &oct, &[]);
        assert_eq!(verify(&oct, &t, &[]).code, 0, "no kid in the token: fine");
        let t = issue("HS256", &oct, &["--kid", "k2"]);
        assert_eq!(verify(&oct, &t, &[]).code, 1, "kid differs from the JWK's");
        // The JWK's alg narrows: an HS512 token is refused.
        assert_eq!(
            jwt(&["issue", "--alg", "HS512", "--key", &oct, "--ttl", "5"]).code,
            2
        );
        let raw = p(&dir, "raw.key");
        std::fs::write(&raw, jwt_core::b64::decode("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow", jwt_core::Part::Token).unwrap()).unwrap();
        let t512 = issue("HS512", &raw, &[]);
        assert_eq!(verify(&oct, &t512, &[]).code, 1);
        assert_eq!(verify(&raw, &t512, &["--alg", "HS512"]).code, 0);
    }
}

mod key_confusion {
    //! RS256-to-HS256 confusion through the key loader (CVE-2015-9235,
    //! CVE-2016-10555, CVE-2022-29217): a token MACed with a key file's
    //! bytes is refused for every format, with and without an HMAC --alg.
    use super::*;

    /// (file, what the refusal must call it)
    const FILES: &[(&str, &str)] = &[
        ("jwt-keys/tests/data/rsa-spki.der", "SubjectPublicKeyInfo"),
        (
            "jwt-keys/tests/data/rsa-pkcs1-pub.der",
            "PKCS#1 RSA public key",
        ),
        ("jwt-keys/tests/data/rsa-pkcs8.der", "PKCS#8 private key"),
        (
            "jwt-keys/tests/data/rsa-pkcs1.der",
            "PKCS#1 RSA private key",
        ),
        ("jwt-keys/tests/data/ec256-sec1.der", "SEC1 EC private key"),
        ("jwt-keys/tests/data/ec256-spki.der", "SubjectPublicKeyInfo"),
        ("jwt-keys/tests/data/rsa-cert.der", "X.509 certificate"),
        ("jwt-keys/tests/data/rsa-cert.pem", "PEM"),
        (
            "jwt-keys/tests/data/rsa-key-and-cert-bag-attributes.pem",
            "PEM",
        ),
        ("jwt-keys/tests/data/rsa-spki-bom.pem", "PEM"),
        ("jwt-keys/tests/data/rsa-spki-72col-crlf.pem", "PEM"),
        ("jwt-keys/tests/data/ssh-rsa.pub", "OpenSSH"),
        ("jwt-keys/tests/data/ecdsa-nistp256.pub", "OpenSSH"),
        ("jwt-keys/tests/data/ssh-ed25519.pub", "OpenSSH"),
        ("jwt-keys/tests/data/openssh-ed25519", "OpenSSH"),
        ("jwt-keys/tests/data/ssh2-rsa.pub", "SSH2"),
        ("jwt-keys/tests/data/putty-rsa.ppk", "PuTTY"),
        ("jwt-cli/tests/data/rsa2048-spki.pem", "PEM"),
        ("jwt-cli/tests/data/ed25519.pem", "PEM"),
    ];

    fn repo_file(path: &str) -> String {
        format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"))
    }

    fn forged(alg: &str, secret: &[u8]) -> String {
        let clock = jwt_core::FixedClock(NOW);
        let mut rng = jwt_issue::OsRng;
        match alg {
            "HS256" => {
                let k = jwt_issue::Hs256SigningKey::new(secret)
                    .unwrap()
                    .without_kid();
                jwt_issue::TokenBuilder::new(&k)
                    .ttl(300)
                    .issue(&clock, &mut rng)
            }
            "HS384" => {
                let k = jwt_issue::Hs384SigningKey::new(secret)
                    .unwrap()
                    .without_kid();
                jwt_issue::TokenBuilder::new(&k)
                    .ttl(300)
                    .issue(&clock, &mut rng)
            }
            _ => {
                let k = jwt_issue::Hs512SigningKey::new(secret)
                    .unwrap()
                    .without_kid();
                jwt_issue::TokenBuilder::new(&k)
                    .ttl(300)
                    .issue(&clock, &mut rng)
            }
        }
        .unwrap()
    }

    #[test]
    fn key_files_macing_their_own_bytes_never_verify() {
        for (path, name) in FILES {
            let file = repo_file(path);
            let bytes = std::fs::read(&file).unwrap();
            for alg in ["HS256", "HS384", "HS512"] {
                let token = forged(alg, &bytes);
                let o = verify(&file, &token, &[]);
                assert_ne!(o.code, 0, "{path} without --alg: {}", o.stdout);
                let o = verify(&file, &token, &["--alg", alg]);
                assert_eq!(o.code, 2, "{path} --alg {alg}: {}", o.stderr);
                assert!(
                    o.stderr.contains("as an HMAC secret") && o.stderr.contains(name),
                    "{path}: {}",
                    o.stderr
                );
                // Issuing with the file as an HMAC secret is refused too.
                let o = jwt(&["issue", "--alg", alg, "--key", &file, "--ttl", "5"]);
                assert_eq!(o.code, 2, "{path}: issue {alg}");
            }
        }
    }

    #[test]
    fn a_provider_set_with_an_encryption_key_loads_key_by_key() {
        // Keycloak publishes an RSA-OAEP encryption key beside its signing
        // key; the set is read member by member.
        let dir = scratch();
        let signer = data("rsa2048-pkcs1.pem");
        let published: serde_json::Value = serde_json::from_str(&ok(&["jwks", &signer])).unwrap();
        let mut sig = published["keys"][0].clone();
        sig["kid"] = "sig-1".into();
        let mut enc = sig.clone();
        enc["kid"] = "enc-1".into();
        enc["use"] = "enc".into();
        enc["alg"] = "RSA-OAEP".into();
        let set = p(&dir, "keycloak.json");
        std::fs::write(&set, serde_json::json!({"keys": [enc, sig]}).to_string()).unwrap();
        let token = issue("RS256", &signer, &["--kid", "sig-1"]);
        let o = verify(&set, &token, &[]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        assert!(o.stderr.is_empty(), "{}", o.stderr);
        let o = verify(&set, &token, &["--verbose"]);
        assert_eq!(o.code, 0);
        assert!(
            o.stderr.contains("member 0 (kid enc-1) skipped"),
            "{}",
            o.stderr
        );
        // A token naming the encryption key is refused with its reason.
        let forged = issue("RS256", &signer, &["--kid", "enc-1"]);
        let o = verify(&set, &forged, &[]);
        assert_eq!(o.code, 1);
        assert!(
            o.stderr.contains("not usable") && o.stderr.contains("use is not sig"),
            "{}",
            o.stderr
        );
    }

    #[test]
    fn jwks_takes_public_keys_certificates_and_sets_and_merges_them() {
        let dir = scratch();
        let rsa_pem = data("rsa2048-pkcs1.pem");
        let ec_der = repo_file("jwt-keys/tests/data/ec256-sec1.der");
        let ed = data("ed25519.pem");
        // An existing set holding the Ed25519 key, merged with new files.
        let old = p(&dir, "old.json");
        std::fs::write(&old, ok(&["jwks", &ed])).unwrap();
        let set = ok(&[
            "jwks",
            &repo_file("jwt-keys/tests/data/rsa-spki.der"),
            &repo_file("jwt-keys/tests/data/rsa-cert.pem"),
            &rsa_pem,
            &repo_file("jwt-keys/tests/data/ec256-cert.pem"),
            &old,
            &ed,
        ]);
        let v: serde_json::Value = serde_json::from_str(&set).unwrap();
        let keys = v["keys"].as_array().unwrap();
        // RSA (SPKI, certificate and private key are one key), EC, Ed25519.
        assert_eq!(keys.len(), 3, "{set}");
        for k in keys {
            assert!(k.get("d").is_none() && k["use"] == "sig", "{k}");
        }
        let published = p(&dir, "jwks.json");
        std::fs::write(&published, &set).unwrap();
        for (alg, key) in [("RS256", &rsa_pem), ("ES256", &ec_der), ("EdDSA", &ed)] {
            let kid = keys.iter().find(|k| k["alg"] == alg).unwrap()["kid"]
                .as_str()
                .unwrap()
                .to_string();
            let t = issue(alg, key, &["--kid", &kid]);
            let o = verify(&published, &t, &[]);
            assert_eq!(o.code, 0, "{alg}: {}", o.stderr);
        }
        // Secrets are never published; two keys under one kid are refused.
        let hs = p(&dir, "hs.key");
        std::fs::write(&hs, [7u8; 32]).unwrap();
        assert_eq!(jwt(&["jwks", &hs]).code, 2);
        let mut clash: serde_json::Value = serde_json::from_str(&ok(&["jwks", &ed])).unwrap();
        let rsa_kid = keys.iter().find(|k| k["alg"] == "RS256").unwrap()["kid"].clone();
        clash["keys"][0]["kid"] = rsa_kid;
        let clash_file = p(&dir, "clash.json");
        std::fs::write(&clash_file, clash.to_string()).unwrap();
        let o = jwt(&["jwks", &rsa_pem, &clash_file]);
        assert_eq!(o.code, 2, "{}", o.stdout);
        assert!(o.stderr.contains("share the kid"), "{}", o.stderr);
    }

    #[test]
    fn a_raw_secret_without_hmac_alg_is_an_error_that_says_what_to_pass() {
        let dir = scratch();
        let key = p(&dir, "hs.key");
        std::fs::write(&key, [7u8; 32]).unwrap();
        let t = issue("HS256", &key, &[]);
        let o = verify(&key, &t, &[]);
        assert_eq!(o.code, 2);
        assert!(o.stderr.contains("--alg HS256"), "{}", o.stderr);
        assert_eq!(verify(&key, &t, &["--alg", "RS256"]).code, 2);
        assert_eq!(verify(&key, &t, &["--alg", "HS256"]).code, 0);
    }

    #[test]
    fn der_and_certificate_files_verify_and_issue() {
        let token = issue("RS256", &data("rsa2048-pkcs1.pem"), &[]);
        for path in [
            "jwt-keys/tests/data/rsa-spki.der",
            "jwt-keys/tests/data/rsa-pkcs1-pub.der",
            "jwt-keys/tests/data/rsa-cert.der",
            "jwt-keys/tests/data/rsa-cert.pem",
            "jwt-keys/tests/data/rsa-key-and-cert-bag-attributes.pem",
            "jwt-keys/tests/data/rsa-spki-bom.pem",
            "jwt-keys/tests/data/rsa-spki-72col-crlf.pem",
        ] {
            let o = verify(&repo_file(path), &token, &[]);
            assert_eq!(o.code, 0, "{path}: {}", o.stderr);
        }
        // DER private keys and the key+certificate file sign.
        for path in [
            "jwt-keys/tests/data/rsa-pkcs8.der",
            "jwt-keys/tests/data/rsa-pkcs1.der",
            "jwt-keys/tests/data/rsa-key-and-cert-bag-attributes.pem",
        ] {
            let t = issue("PS256", &repo_file(path), &[]);
            let o = verify(&repo_file("jwt-keys/tests/data/rsa-cert.der"), &t, &[]);
            assert_eq!(o.code, 0, "{path}: {}", o.stderr);
        }
        let t = issue(
            "ES256",
            &repo_file("jwt-keys/tests/data/ec256-sec1.der"),
            &[],
        );
        let o = verify(&repo_file("jwt-keys/tests/data/ec256-cert.pem"), &t, &[]);
        assert_eq!(o.code, 0, "{}", o.stderr);
    }
}

mod bad_input {
    //! Bad input of every kind: exit 1 or 2 with one clear line, never a panic.
    use super::*;

    #[test]
    fn missing_and_garbage_files() {
        let dir = scratch();
        let t = "eyJhbGciOiJIUzI1NiJ9.e30.AAAA";
        assert_eq!(verify(&p(&dir, "nope"), t, &[]).code, 2);
        let empty = p(&dir, "empty");
        std::fs::write(&empty, "").unwrap();
        assert_eq!(verify(&empty, t, &[]).code, 2);
        let bad_pem = p(&dir, "bad.pem");
        std::fs::write(
            &bad_pem,
            "-----BEGIN PUBLIC KEY-----\nnot base64!\n-----END PUBLIC KEY-----\n",
        )
        .unwrap();
        assert_eq!(verify(&bad_pem, t, &[]).code, 2);
        let bad_jwk = p(&dir, "bad.jwk");
        std::fs::write(&bad_jwk, r#"{"kty":"EC","crv":"P-256","x":"AAAA"}"#).unwrap();
        assert_eq!(verify(&bad_jwk, t, &[]).code, 2);
        let json_num = p(&dir, "num.json");
        std::fs::write(&json_num, "42").unwrap();
        assert_eq!(verify(&json_num, t, &[]).code, 2);
        assert_eq!(
            jwt(&[
                "issue",
                "--alg",
                "ES256",
                "--key",
                &p(&dir, "nope"),
                "--ttl",
                "5"
            ])
            .code,
            2
        );
    }

    #[test]
    fn garbage_and_huge_tokens() {
        let dir = scratch();
        let key = p(&dir, "hs.key");
        std::fs::write(&key, [3u8; 32]).unwrap();
        for t in [
            "",
            ".",
            "..",
            "x",
            "a.b.c",
            "a.b.c.d.e",
            "{\"payload\":\"x\"}",
            "eyJhbGciOiJub25lIn0.e30.",
            "\u{1}\u{2}",
        ] {
            let o = verify(&key, t, &["--alg", "HS256"]);
            assert_eq!(o.code, 1, "{t:?}: {}", o.stderr);
        }
        let huge = "a".repeat(2 << 20);
        let o = jwt_with_stdin(
            &["verify", "--key", &key, "--alg", "HS256", "-"],
            Some(huge.as_bytes()),
        );
        assert_eq!(o.code, 1);
        let o = jwt_with_stdin(&["decode", "-"], Some(&[0xff, 0xfe, 0x00]));
        assert_eq!(o.code, 1);
    }

    #[test]
    fn bad_arguments() {
        assert_eq!(jwt(&["verify", "--key"]).code, 2);
        assert_eq!(jwt(&["issue", "--alg", "HS256"]).code, 2);
        assert_eq!(
            jwt(&["issue", "--alg", "HS256", "--key", "k", "--ttl", "-5"]).code,
            2
        );
        assert_eq!(
            jwt(&["verify", "--key", "k", "--leeway", "lots", "t"]).code,
            2
        );
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_arguments_exit_2() {
        use std::os::unix::ffi::OsStrExt;
        let bad = std::ffi::OsStr::from_bytes(&[0x66, 0x6f, 0x80]);
        let out = Command::new(env!("CARGO_BIN_EXE_jwt"))
            .arg("decode")
            .arg(bad)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let out = Command::new(env!("CARGO_BIN_EXE_jwt"))
            .args(["verify", "--key"])
            .arg(bad)
            .arg("t")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    }
}

mod interop {
    //! Real peers: PyJWT and the npm `jose` package (installed by
    //! scripts/interop-setup into target/interop).
    use super::*;

    fn peers() -> Option<(PathBuf, PathBuf)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/interop");
        let py = root.join("venv/bin/python");
        let node_modules = root.join("node_modules");
        let present = py.exists() && node_modules.join("jose/package.json").exists();
        if !present {
            assert!(
                std::env::var("JWT_REQUIRE_INTEROP").is_err(),
                "interop peers missing: run scripts/interop-setup"
            );
            eprintln!("SKIPPED: interop peers not installed (run scripts/interop-setup)");
            return None;
        }
        Some((py, root))
    }

    fn run(cmd: &mut Command) -> String {
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "peer failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    const PY_SIGN: &str = r#"
import jwt, sys, time
alg, keyfile, now = sys.argv[1], sys.argv[2], int(sys.argv[3])
key = open(keyfile, 'rb').read()
print(jwt.encode({"sub": "device-42", "iss": "auth", "aud": "gw", "iat": now, "exp": now + 300, "jti": "py-1"}, key, algorithm=alg))
"#;
    const PY_VERIFY: &str = r#"
import jwt, sys
alg, keyfile, token, now = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
key = open(keyfile, 'rb').read()
import time
claims = jwt.decode(token, key, algorithms=[alg], audience="gw", issuer="auth", options={"require": ["exp", "iat"]}, leeway=0)
# PyJWT checks exp against the real clock; our tokens are made for `now`.
print(claims["sub"])
"#;
    const NODE_SIGN: &str = r#"
const jose = require(process.argv[1] + '/node_modules/jose');
const fs = require('fs');
(async () => {
  const [alg, keyfile, now] = process.argv.slice(2);
  const pem = fs.readFileSync(keyfile);
  const key = alg.startsWith('HS') ? new Uint8Array(pem) : await jose.importPKCS8(pem.toString(), alg);
  const t = await new jose.SignJWT({ sub: 'device-42', jti: 'node-1' })
    .setProtectedHeader({ alg, typ: 'JWT' }).setIssuer('auth').setAudience('gw')
    .setIssuedAt(Number(now)).setExpirationTime(Number(now) + 300).sign(key);
  console.log(t);
})().catch(e => { console.error(String(e)); process.exit(1); });
"#;
    const NODE_VERIFY: &str = r#"
const jose = require(process.argv[1] + '/node_modules/jose');
const fs = require('fs');
(async () => {
  const [alg, keyfile, token, now] = process.argv.slice(2);
  const pem = fs.readFileSync(keyfile);
  const key = alg.startsWith('HS') ? new Uint8Array(pem) : await jose.importSPKI(pem.toString(), alg);
  const { payload } = await jose.jwtVerify(token, key, { algorithms: [alg], issuer: 'auth', audience: 'gw', currentDate: new Date((Number(now) + 10) * 1000) });
  console.log(payload.sub);
})().catch(e => { console.error(String(e)); process.exit(1); });
"#;

    #[test]
    fn tokens_cross_verify_with_pyjwt_and_jose() {
        let Some((py, root)) = peers() else { return };
        let dir = scratch();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
            .to_string();
        for alg in [
            "HS256", "RS256", "PS256", "ES256", "ES384", "ES512", "EdDSA",
        ] {
            let private = p(&dir, &format!("{alg}.key"));
            let public = p(&dir, &format!("{alg}.pub"));
            if alg.starts_with("HS") {
                ok(&["keygen", "--alg", alg, "--out", &private]);
                std::fs::copy(&private, &public).unwrap();
            } else if alg.starts_with("RS") || alg.starts_with("PS") {
                // PKCS#8 form of the fixture (keygen for RSA is slow).
                let k = jwt_issue::Rs256SigningKey::from_pem(
                    &std::fs::read_to_string(data("rsa2048-pkcs1.pem")).unwrap(),
                )
                .unwrap();
                std::fs::write(&private, k.to_pkcs8_pem().unwrap()).unwrap();
                std::fs::write(&public, k.public_key_pem().unwrap()).unwrap();
            } else {
                ok(&["keygen", "--alg", alg, "--out", &private, "--pub", &public]);
            }
            let ours = ok(&[
                "issue",
                "--alg",
                alg,
                "--key",
                &private,
                "--ttl",
                "300",
                "--now",
                &now,
                "--iss",
                "auth",
                "--aud",
                "gw",
                "--sub",
                "device-42",
            ]);
            let ours = ours.trim();
            // PyJWT does not support EdDSA PEM keys the same way? It does (cryptography).
            assert_eq!(
                run(Command::new(&py).args(["-c", PY_VERIFY, alg, &public, ours, &now])),
                "device-42",
                "PyJWT verifying our {alg}"
            );
            assert_eq!(
                run(Command::new("node").args([
                    "-e",
                    NODE_VERIFY,
                    root.to_str().unwrap(),
                    alg,
                    &public,
                    ours,
                    &now
                ])),
                "device-42",
                "jose verifying our {alg}"
            );
            let theirs_py = run(Command::new(&py).args(["-c", PY_SIGN, alg, &private, &now]));
            let theirs_node = run(Command::new("node").args([
                "-e",
                NODE_SIGN,
                root.to_str().unwrap(),
                alg,
                &private,
                &now,
            ]));
            let t = (now.parse::<i64>().unwrap() + 10).to_string();
            for theirs in [theirs_py, theirs_node] {
                // Raw HMAC secrets are read only with --alg (the key
                // files of the other algorithms need none).
                let o = jwt(&[
                    "verify", "--key", &public, "--alg", alg, "--now", &t, "--iss", "auth",
                    "--aud", "gw", &theirs,
                ]);
                assert_eq!(o.code, 0, "{alg}: {} ({theirs})", o.stderr);
            }
        }
    }
}

#[path = "../../jwt-verify/tests/support/https.rs"]
mod https;

mod jwks_url {
    //! `jwt verify --jwks-url` against a real HTTPS server on 127.0.0.1
    //! (a CA made for the test, trusted with `--jwks-ca`).
    use super::https::{Ca, Reply, Server, closed_port_url};
    use super::*;

    #[test]
    fn verify_with_a_jwks_url() {
        let dir = scratch();
        let ca = Ca::new("cli test CA");
        let ca_file = p(&dir, "ca.pem");
        std::fs::write(&ca_file, &ca.pem).unwrap();
        let key = jwt_issue::Es256SigningKey::generate_os()
            .unwrap()
            .with_kid("k1");
        let mut server = Server::start(&ca, Reply::ok(jwt_issue::jwks(&[&key]).unwrap()));
        let token = jwt_issue::TokenBuilder::new(&key)
            .subject("device-9")
            .ttl(600)
            .issue(&jwt_issue::FixedClock(NOW), &mut jwt_issue::OsRng)
            .unwrap();
        let now = (NOW + 10).to_string();
        let url = server.url();
        let remote = |extra: &[&str], token: &str| {
            let mut args = vec!["verify", "--jwks-url", &url, "--now", &now];
            args.extend_from_slice(extra);
            args.push(token);
            jwt(&args)
        };

        let o = remote(&["--jwks-ca", &ca_file], &token);
        assert_eq!(o.code, 0, "{}", o.stderr);
        let claims: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        assert_eq!(claims["sub"], "device-9");
        assert_eq!(server.hits(), 1);

        // Rejections are exit 1, as with --key.
        let mut tampered = token.clone();
        tampered.pop();
        tampered.push(if token.ends_with('A') { 'B' } else { 'A' });
        assert_eq!(remote(&["--jwks-ca", &ca_file], &tampered).code, 1);
        let o = remote(&["--jwks-ca", &ca_file, "--alg", "RS256"], &token);
        assert_eq!(o.code, 1, "{}", o.stderr);
        assert!(o.stderr.contains("algorithm not allowed"), "{}", o.stderr);

        // Without the test CA the server's certificate is not trusted.
        let o = remote(&[], &token);
        assert_eq!(o.code, 2, "{}", o.stderr);
        assert!(o.stderr.contains("TLS"), "{}", o.stderr);
        // http:// is refused before any connection.
        let http = url.replacen("https://", "http://", 1);
        let o = jwt(&["verify", "--jwks-url", &http, "--now", &now, &token]);
        assert_eq!(o.code, 2);
        assert!(o.stderr.contains("https://"), "{}", o.stderr);
        // --key and --jwks-url: exactly one; --jwks-ca needs --jwks-url.
        let jwks_file = p(&dir, "jwks.json");
        std::fs::write(&jwks_file, jwt_issue::jwks(&[&key]).unwrap()).unwrap();
        let both = ["verify", "--key", &jwks_file, "--jwks-url", &url, &token];
        assert_eq!(jwt(&both).code, 2);
        assert_eq!(jwt(&["verify", &token]).code, 2);
        let ca_only = ["verify", "--key", &jwks_file, "--jwks-ca", &ca_file, &token];
        assert_eq!(jwt(&ca_only).code, 2);
        let not_pem = ["--jwks-ca", &jwks_file];
        let o = remote(&not_pem, &token);
        assert_eq!(o.code, 2);
        assert!(o.stderr.contains("--jwks-ca"), "{}", o.stderr);

        // An unreachable endpoint is an I/O error (exit 2), not a rejection.
        server.stop();
        let o = remote(&["--jwks-ca", &ca_file], &token);
        assert_eq!(o.code, 2, "{}", o.stderr);
        assert!(o.stderr.contains("connect"), "{}", o.stderr);
        let closed = closed_port_url();
        let o = jwt(&[
            "verify",
            "--jwks-url",
            &closed,
            "--jwks-ca",
            &ca_file,
            &token,
        ]);
        assert_eq!(o.code, 2, "{}", o.stderr);
    }
}

mod revoke {
    //! `jwt revoke` and `jwt verify --revocation-store`.
    use super::*;

    const ISS: &str = "https://auth.example.com";

    fn keys(dir: &Path) -> (String, String) {
        let (private, public) = (p(dir, "signer.pem"), p(dir, "signer.pub.pem"));
        ok(&[
            "keygen", "--alg", "ES256", "--out", &private, "--pub", &public,
        ]);
        (private, public)
    }

    fn token(private: &str, jti: &str, now: i64) -> String {
        let now = now.to_string();
        ok(&[
            "issue",
            "--alg",
            "ES256",
            "--key",
            private,
            "--iss",
            ISS,
            "--sub",
            "device-42",
            "--jti",
            jti,
            "--ttl",
            "300",
            "--now",
            &now,
        ])
        .trim()
        .to_string()
    }

    fn verify(public: &str, store: &str, token: &str) -> Out {
        let now = (NOW + 10).to_string();
        jwt(&[
            "verify",
            "--key",
            public,
            "--revocation-store",
            store,
            "--now",
            &now,
            token,
        ])
    }

    #[test]
    fn revoke_list_and_verify_against_a_store() {
        let dir = scratch();
        let (private, public) = keys(&dir);
        let store = p(&dir, "revoked.log");
        let now = NOW.to_string();
        let exp = (NOW + 300).to_string();
        let add = |extra: &[&str]| {
            let mut args = vec!["revoke", "--store", &store, "--now", &now, "--iss", ISS];
            args.extend_from_slice(extra);
            ok(&args)
        };
        // A store that does not exist yet: verify fails closed.
        let t1 = token(&private, "t-1", NOW);
        let o = verify(&public, &store, &t1);
        assert_eq!(o.code, 2, "{}", o.stderr);
        assert!(o.stderr.contains("revocation store"), "{}", o.stderr);

        assert_eq!(add(&["--jti", "t-1", "--exp", &exp]).trim(), "revoked");
        assert_eq!(
            add(&["--jti", "t-1", "--exp", &exp]).trim(),
            "already revoked"
        );
        let o = verify(&public, &store, &t1);
        assert_eq!(o.code, 1, "{}", o.stderr);
        assert!(o.stderr.contains("revoked"), "{}", o.stderr);
        let t2 = token(&private, "t-2", NOW);
        assert_eq!(verify(&public, &store, &t2).code, 0);

        // Everything device-42 got before NOW + 5.
        let before = (NOW + 5).to_string();
        assert_eq!(
            add(&["--sub", "device-42", "--before", &before]).trim(),
            "revoked"
        );
        assert_eq!(verify(&public, &store, &t2).code, 1);
        let t3 = token(&private, "t-3", NOW + 5);
        assert_eq!(verify(&public, &store, &t3).code, 0);

        let list = ok(&["revoke", "--store", &store, "--list", "--now", &now]);
        let lines: Vec<serde_json::Value> = list
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().any(|l| l["jti"] == "t-1" && l["iss"] == ISS));
        assert!(
            lines
                .iter()
                .any(|l| l["sub"] == "device-42" && l["before"] == NOW + 5)
        );

        // A lapsed revocation is not stored.
        let old = (NOW - 100).to_string();
        assert!(add(&["--jti", "old", "--exp", &old]).starts_with("not stored"));

        // Usage errors: nothing to revoke, half a revocation.
        assert_eq!(jwt(&["revoke", "--store", &store, "--now", &now]).code, 2);
        assert_eq!(jwt(&["revoke", "--store", &store, "--jti", "x"]).code, 2);
    }

    /// A damaged store. In the middle (before valid records): `verify`
    /// refuses to use it and `revoke` refuses to repair it (either would
    /// drop acknowledged revocations), both exit 2. A damaged tail (a torn
    /// last record): `verify` reads what is before it, `revoke` cuts it,
    /// says so, and keeps the rest.
    #[test]
    fn a_damaged_store_fails_closed() {
        let dir = scratch();
        let (private, public) = keys(&dir);
        let store = p(&dir, "revoked.log");
        let now = NOW.to_string();
        let exp = (NOW + 300).to_string();
        for jti in ["a", "b"] {
            ok(&[
                "revoke", "--store", &store, "--now", &now, "--iss", ISS, "--jti", jti, "--exp",
                &exp,
            ]);
        }
        let good = std::fs::read(&store).unwrap();
        // A bit flipped in the first record (the header is 16 bytes).
        let mut middle = good.clone();
        middle[20] ^= 0x40;
        std::fs::write(&store, &middle).unwrap();
        let o = verify(&public, &store, &token(&private, "b", NOW));
        assert_eq!(o.code, 2, "{}", o.stderr);
        assert!(o.stderr.contains("damaged"), "{}", o.stderr);
        let o = jwt(&["revoke", "--store", &store, "--list", "--now", &now]);
        assert_eq!(o.code, 2, "{}", o.stderr);
        assert!(o.stderr.contains("damaged"), "{}", o.stderr);
        assert_eq!(std::fs::read(&store).unwrap(), middle, "left as it was");
        // Not a store at all.
        let o = verify(&public, &public, &token(&private, "a", NOW));
        assert_eq!(o.code, 2, "{}", o.stderr);

        // A bit flipped in the last record's checksum: a damaged tail.
        let mut tail = good.clone();
        let last = tail.len() - 2;
        tail[last] ^= 0x40;
        std::fs::write(&store, &tail).unwrap();
        assert_eq!(verify(&public, &store, &token(&private, "a", NOW)).code, 1);
        assert_eq!(verify(&public, &store, &token(&private, "b", NOW)).code, 0);
        let o = jwt(&["revoke", "--store", &store, "--list", "--now", &now]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        assert!(o.stderr.contains("damaged"), "{}", o.stderr);
        assert_eq!(o.stdout.lines().count(), 1);
        assert_eq!(verify(&public, &store, &token(&private, "a", NOW)).code, 1);
    }

    #[test]
    fn signed_events() {
        let dir = scratch();
        let (private, public) = keys(&dir);
        let now = NOW.to_string();
        let exp = (NOW + 300).to_string();
        let event = ok(&[
            "revoke", "--event", "--alg", "ES256", "--key", &private, "--iss", ISS, "--jti", "t-1",
            "--exp", &exp, "--now", &now,
        ]);
        let event = event.trim();
        let header = header_of(event);
        assert_eq!(header["typ"], "revocation+jwt");
        // It verifies as an event of the issuer, and is nothing else.
        let at = (NOW + 1).to_string();
        let o = jwt(&[
            "verify",
            "--key",
            &public,
            "--typ",
            "revocation+jwt",
            "--iss",
            ISS,
            "--aud",
            "jwt-revocation-events",
            "--now",
            &at,
            event,
        ]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        let claims: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        assert_eq!(claims["revoke"]["jti"], "t-1");
        assert_eq!(claims["revoke"]["exp"], NOW + 300);
        let o = jwt(&[
            "verify", "--key", &public, "--typ", "JWT", "--now", &at, event,
        ]);
        assert_eq!(o.code, 1);
        // --event needs a key, an algorithm and the issuer.
        assert_eq!(
            jwt(&["revoke", "--event", "--jti", "t", "--exp", &exp]).code,
            2
        );
    }
}
