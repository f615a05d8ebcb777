//! Structure-aware: arbitrary header and claims pieces assembled into a
//! token, "signed" for a test-only key that accepts one designated
//! signature, so inputs get past base64 and the signature into claim
//! validation. Oracle: anything the verifier accepts must satisfy the
//! policy when re-checked independently with serde_json.
#![no_main]
use jwt_core::{Algorithm, VerifyError};
use jwt_verify::{FixedClock, Validation, Verifier, VerifyingKey};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

/// Accepts exactly one signature: a test-only backend.
struct DesignatedSignature;

const GOOD_SIG: &[u8] = b"designated-signature";

impl VerifyingKey for DesignatedSignature {
    fn algorithm(&self) -> Algorithm {
        Algorithm::HS256
    }
    fn kid(&self) -> Option<&str> {
        Some("k1")
    }
    fn verify_signature(&self, _input: &[u8], sig: &[u8]) -> Result<(), VerifyError> {
        if sig == GOOD_SIG { Ok(()) } else { Err(VerifyError::InvalidSignature) }
    }
}

#[derive(Arbitrary, Debug)]
enum Val {
    Int(i64),
    Float(f64),
    Str(String),
    Bool(bool),
    Null,
    Arr(Vec<String>),
    Raw(String),
}

impl Val {
    fn json(&self) -> String {
        match self {
            Val::Int(i) => i.to_string(),
            Val::Float(f) => serde_json::to_string(f).unwrap_or_else(|_| "0".into()),
            Val::Str(s) => serde_json::to_string(s).unwrap(),
            Val::Bool(b) => b.to_string(),
            Val::Null => "null".into(),
            Val::Arr(v) => serde_json::to_string(v).unwrap(),
            Val::Raw(r) => r.clone(),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Input {
    alg: Option<String>,
    alg_pick: u8,
    kid: Option<String>,
    typ: Option<String>,
    header_extra: Vec<(String, Val)>,
    claims: Vec<(String, Val)>,
    exp_offset: Option<i32>,
    good_signature: bool,
}

const NAMES: [&str; 6] = ["HS256", "RS256", "none", "NONE", "ES256", "HS512"];
const NOW: i64 = jwt_fuzz::NOW;

fuzz_target!(|input: Input| {
    let alg = input.alg.clone().unwrap_or_else(|| NAMES[usize::from(input.alg_pick) % NAMES.len()].to_string());
    let mut header = format!("{{\"alg\":{}", serde_json::to_string(&alg).unwrap());
    if let Some(kid) = &input.kid {
        header.push_str(&format!(",\"kid\":{}", serde_json::to_string(kid).unwrap()));
    }
    if let Some(typ) = &input.typ {
        header.push_str(&format!(",\"typ\":{}", serde_json::to_string(typ).unwrap()));
    }
    for (k, v) in &input.header_extra {
        header.push_str(&format!(",{}:{}", serde_json::to_string(k).unwrap(), v.json()));
    }
    header.push('}');
    let mut claims = String::from("{");
    let mut first = true;
    if let Some(off) = input.exp_offset {
        claims.push_str(&format!("\"exp\":{}", NOW + i64::from(off)));
        first = false;
    }
    for (k, v) in &input.claims {
        if !first {
            claims.push(',');
        }
        first = false;
        claims.push_str(&format!("{}:{}", serde_json::to_string(k).unwrap(), v.json()));
    }
    claims.push('}');
    let sig: &[u8] = if input.good_signature { GOOD_SIG } else { b"bad" };
    let token = format!(
        "{}.{}.{}",
        jwt_core::b64::encode(header.as_bytes()),
        jwt_core::b64::encode(claims.as_bytes()),
        jwt_core::b64::encode(sig)
    );
    let policy = Validation::new().issuer("auth").audience("gw").typ("JWT").leeway(5);
    let v = Verifier::new(DesignatedSignature, FixedClock(NOW)).with_validation(policy);
    let Ok(verified) = v.verify(&token) else { return };

    // Independent oracle.
    assert!(input.good_signature, "accepted a bad signature");
    assert_eq!(alg, "HS256");
    let h: serde_json::Value = serde_json::from_str(&header).expect("accepted header is JSON");
    assert!(h.get("b64").is_none() && h.get("crit").is_none());
    if let Some(kid) = h.get("kid") {
        assert_eq!(kid.as_str(), Some("k1"));
    }
    let typ = h["typ"].as_str().expect("typ required").to_ascii_lowercase();
    assert!(typ == "jwt" || typ == "application/jwt", "typ {typ}");
    let c: serde_json::Value = serde_json::from_str(&claims).expect("accepted claims are JSON");
    let exp = c["exp"].as_f64().expect("exp required and numeric");
    assert!(exp.floor() + 5.0 > NOW as f64, "expired token accepted");
    if let Some(nbf) = c.get("nbf") {
        assert!(nbf.as_f64().expect("nbf numeric").ceil() - 5.0 <= NOW as f64, "immature token accepted");
    }
    if let Some(iat) = c.get("iat") {
        assert!(iat.as_f64().expect("iat numeric").ceil() <= (NOW + 5) as f64, "future iat accepted");
    }
    assert_eq!(c["iss"].as_str(), Some("auth"));
    let aud_ok = match &c["aud"] {
        serde_json::Value::String(s) => s == "gw",
        serde_json::Value::Array(a) => a.iter().any(|x| x.as_str() == Some("gw")) && a.iter().all(|x| x.is_string()),
        _ => false,
    };
    assert!(aud_ok, "audience");
    assert_eq!(verified.payload_json(), claims);
});
