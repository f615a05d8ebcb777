//! Tokens from jwt-issue verified by real peers: PyJWT (with
//! `cryptography`) and the npm `jose` package, each checking the signature,
//! `exp`, `iss` and `aud`, through the published JWKS and through SPKI PEM.
//!
//! The peers live in `target/interop/` (override with `JWT_INTEROP_DIR`),
//! installed by `scripts/interop-setup`. When they are absent the tests
//! print a notice and pass, unless `JWT_REQUIRE_INTEROP=1`, which makes
//! absence a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use jwt_issue::{
    EdDsaSigningKey, Es256SigningKey, Es384SigningKey, Es512SigningKey, FixedClock,
    Hs256SigningKey, PairIssuer, Ps256SigningKey, Rs256SigningKey, SigningKey, SystemClock,
    TokenBuilder, jwks,
};
use serde_json::{Value, json};

use crate::common::{AUDIENCE, ISSUER, TestRng, data};

fn interop_dir() -> PathBuf {
    match std::env::var_os("JWT_INTEROP_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/interop"),
    }
}

/// `Some(path)` when the peer is installed; `None` (after a notice) when it
/// is not and interop is optional; a panic when it is required.
fn peer(name: &str, found: Option<PathBuf>) -> Option<PathBuf> {
    if found.is_some() {
        return found;
    }
    let msg = format!(
        "{name} is not installed in {}: run scripts/interop-setup",
        interop_dir().display()
    );
    if std::env::var("JWT_REQUIRE_INTEROP").as_deref() == Ok("1") {
        panic!("JWT_REQUIRE_INTEROP=1 but {msg}");
    }
    eprintln!("NOTICE: skipping interop test: {msg}");
    None
}

fn pyjwt() -> Option<PathBuf> {
    let python = interop_dir().join("venv/bin/python");
    let ok = python.exists()
        && Command::new(&python)
            .args(["-c", "import jwt, cryptography"])
            .status()
            .is_ok_and(|s| s.success());
    peer("PyJWT", ok.then_some(python))
}

fn jose() -> Option<PathBuf> {
    let dir = interop_dir();
    let ok = dir.join("node_modules/jose/package.json").exists()
        && Command::new("node")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
    peer("the npm jose package", ok.then_some(dir))
}

/// A scratch folder inside the interop folder (so Node resolves `jose`
/// from its `node_modules`), removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir = interop_dir().join(format!("run-{tag}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The cases every peer checks: one valid token per algorithm, plus tokens
/// the peer must refuse (expired, wrong audience, refresh token where an
/// access token is expected).
fn cases() -> Value {
    let rsa = data("rsa2048-pkcs8.pem");
    let hs = Hs256SigningKey::new(b"interop-secret-at-least-32-bytes!!")
        .unwrap()
        .with_kid("hs");
    let rs = Rs256SigningKey::from_pem(&rsa).unwrap().with_kid("rs");
    let ps = Ps256SigningKey::from_pem(&rsa).unwrap().with_kid("ps");
    let es256 = Es256SigningKey::from_pem(&data("p256-sec1.pem")).unwrap();
    let es384 = Es384SigningKey::from_pem(&data("p384-sec1.pem")).unwrap();
    let es512 = Es512SigningKey::from_pem(&data("p521-sec1.pem")).unwrap();
    let ed = EdDsaSigningKey::from_pem(&data("ed25519-pkcs8.pem")).unwrap();
    // The README's flow: a freshly generated key, published through jwks().
    let fresh = Es256SigningKey::generate_os().unwrap();
    let published: [&dyn SigningKey; 8] = [&rs, &ps, &es256, &es384, &es512, &ed, &fresh, &hs];
    let document = jwks(&published[..7]).unwrap();

    let mut rng = TestRng::new(42);
    let mut cases = Vec::new();
    let now = SystemClock;
    let mut push = |id: &str,
                    key: &dyn SigningKey,
                    pem: Option<String>,
                    token: String,
                    aud: &str,
                    expect: &str| {
        cases.push(json!({
            "id": id,
            "alg": key.algorithm().as_str(),
            "token": token,
            "pem": pem,
            "secret_jwk": if key.public_jwk().is_none() { Some(hs.to_private_jwk()) } else { None },
            "iss": ISSUER,
            "aud": aud,
            "expect": expect,
        }));
    };
    let valid = |key: &dyn SigningKey, rng: &mut TestRng| {
        TokenBuilder::new(key)
            .issuer(ISSUER)
            .subject("device-17")
            .audience(AUDIENCE)
            .ttl(600)
            .claim("scope", "publish")
            .unwrap()
            .issue(&now, rng)
            .unwrap()
    };
    let pems: [Option<String>; 8] = [
        Some(rs.public_key_pem().unwrap()),
        Some(ps.public_key_pem().unwrap()),
        Some(es256.public_key_pem().unwrap()),
        Some(es384.public_key_pem().unwrap()),
        Some(es512.public_key_pem().unwrap()),
        Some(ed.public_key_pem().unwrap()),
        Some(fresh.public_key_pem().unwrap()),
        None,
    ];
    for (key, pem) in published.iter().zip(&pems) {
        let id = format!("{}-{}", key.algorithm(), key.kid().unwrap());
        push(
            &id,
            *key,
            pem.clone(),
            valid(*key, &mut rng),
            AUDIENCE,
            "valid",
        );
    }
    let long_ago = jwt_issue::Clock::now(&SystemClock).unwrap() - 3600;
    let expired = TokenBuilder::new(&hs)
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .ttl(60)
        .issue(&FixedClock(long_ago), &mut rng)
        .unwrap();
    push("HS256-expired", &hs, None, expired, AUDIENCE, "expired");
    push(
        "ES256-wrong-aud",
        &es256,
        pems[2].clone(),
        valid(&es256, &mut rng),
        "someone-else",
        "invalid",
    );
    let pair = PairIssuer::new(300, 3600)
        .issuer(ISSUER)
        .access_audience(AUDIENCE)
        .issue_pair(&ed, "device-17", &now, &mut rng)
        .unwrap();
    push(
        "EdDSA-access",
        &ed,
        pems[5].clone(),
        pair.access,
        AUDIENCE,
        "valid",
    );
    push(
        "EdDSA-refresh-as-access",
        &ed,
        pems[5].clone(),
        pair.refresh,
        AUDIENCE,
        "invalid",
    );
    json!({ "jwks": serde_json::from_str::<Value>(&document).unwrap(), "cases": cases })
}

const PYJWT_SCRIPT: &str = r#"
import json, sys, jwt
doc = json.load(open(sys.argv[1]))
jwk_set = jwt.PyJWKSet.from_dict(doc["jwks"])
out = []
for c in doc["cases"]:
    opts = dict(algorithms=[c["alg"]], audience=c["aud"], issuer=c["iss"],
                options={"require": ["exp", "iat", "iss", "aud", "jti"]})
    try:
        if c["secret_jwk"]:
            keys = [jwt.PyJWK(json.loads(c["secret_jwk"])).key]
        else:
            kid = jwt.get_unverified_header(c["token"])["kid"]
            keys = [jwk_set[kid].key, c["pem"]]
        for key in keys:  # through the JWKS, then through the SPKI PEM
            claims = jwt.decode(c["token"], key, **opts)
            # An access token must be typ JWT (RFC 8725 3.11).
            if jwt.get_unverified_header(c["token"]).get("typ") != "JWT":
                raise jwt.InvalidTokenError("typ")
        out.append({"id": c["id"], "ok": True, "sub": claims.get("sub")})
    except Exception as e:
        out.append({"id": c["id"], "ok": False, "error": type(e).__name__})
print(json.dumps(out))
"#;

const JOSE_SCRIPT: &str = r#"
import * as jose from 'jose';
import { readFileSync } from 'node:fs';
const doc = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const jwks = jose.createLocalJWKSet(doc.jwks);
const out = [];
for (const c of doc.cases) {
  const opts = { issuer: c.iss, audience: c.aud, algorithms: [c.alg], typ: 'JWT',
                 requiredClaims: ['exp', 'iat', 'jti'] };
  try {
    const keys = c.secret_jwk
      ? [await jose.importJWK(JSON.parse(c.secret_jwk), c.alg)]
      : [jwks, await jose.importSPKI(c.pem, c.alg)];
    let payload;
    for (const key of keys) ({ payload } = await jose.jwtVerify(c.token, key, opts));
    out.push({ id: c.id, ok: true, sub: payload.sub });
  } catch (e) {
    out.push({ id: c.id, ok: false, error: e.code || e.name });
  }
}
console.log(JSON.stringify(out));
"#;

/// The peers' names for an expired token.
const EXPIRED: [&str; 2] = ["ExpiredSignatureError", "ERR_JWT_EXPIRED"];
/// The peers' names for a signature that does not verify.
const BAD_SIGNATURE: [&str; 3] = [
    "InvalidSignatureError",
    "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
    "ERR_JWKS_NO_MATCHING_KEY",
];

/// Runs a peer and checks every case came out as expected.
fn check(peer: &str, mut command: Command, cases: &Value) {
    let output = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{peer} failed: {}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: Vec<Value> =
        serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("{peer}: {e}: {stdout}"));
    let expected = cases["cases"].as_array().unwrap();
    assert_eq!(results.len(), expected.len());
    for (case, result) in expected.iter().zip(&results) {
        assert_eq!(case["id"], result["id"]);
        let want_ok = case["expect"] == "valid";
        assert_eq!(
            result["ok"].as_bool(),
            Some(want_ok),
            "{peer}: case {} gave {result}",
            case["id"]
        );
        let error = result["error"].as_str().unwrap_or_default();
        match case["expect"].as_str().unwrap() {
            "valid" => assert_eq!(result["sub"], "device-17", "{peer}: {}", case["id"]),
            // Refused for the claim, never for the signature.
            "expired" => assert!(
                EXPIRED.contains(&error),
                "{peer}: {} gave {error}",
                case["id"]
            ),
            _ => assert!(
                !BAD_SIGNATURE.contains(&error) && !EXPIRED.contains(&error),
                "{peer}: {} gave {error}",
                case["id"]
            ),
        }
    }
    eprintln!("{peer}: {} cases as expected: {stdout}", results.len());
}

#[test]
fn pyjwt_verifies_our_tokens() {
    let Some(python) = pyjwt() else { return };
    let scratch = Scratch::new("pyjwt");
    let cases = cases();
    let file = scratch.0.join("cases.json");
    std::fs::write(&file, cases.to_string()).unwrap();
    let script = scratch.0.join("verify.py");
    std::fs::write(&script, PYJWT_SCRIPT).unwrap();
    let mut command = Command::new(python);
    command.arg(&script).arg(&file);
    check("PyJWT", command, &cases);
}

#[test]
fn jose_verifies_our_tokens() {
    let Some(dir) = jose() else { return };
    let scratch = Scratch::new("jose");
    assert!(scratch.0.starts_with(&dir));
    let cases = cases();
    let file = scratch.0.join("cases.json");
    std::fs::write(&file, cases.to_string()).unwrap();
    let script = scratch.0.join("verify.mjs");
    std::fs::write(&script, JOSE_SCRIPT).unwrap();
    let mut command = Command::new("node");
    command.arg(&script).arg(&file);
    check("jose", command, &cases);
}
