//! This workspace with its `aws-lc-rs` backend beside jsonwebtoken with its
//! `aws_lc_rs` backend and josekit (OpenSSL), on the device tokens of the
//! `benches` package, in the same run. Group names end in " (aws-lc-rs)" so
//! scripts/bench-table keeps them apart from the pure-Rust groups.
//!
//! Run: `cargo bench -p benches-aws-lc` (add `-- --quick` for a fast pass,
//! or a filter such as `-- "verify/ES256"`). Allocation counts per
//! operation are printed after the timings.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing
)]

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use benches::*;
use criterion::{BenchmarkGroup, Criterion, measurement::WallTime};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

const SUFFIX: &str = " (aws-lc-rs)";

/// Everything a workload needs, built once.
struct Fixture {
    now: i64,
    hs_token: String,
    es_token: String,
    rs_token: String,
    es_public_pem: String,
    es_private_pem: String,
    rs_public_pem: String,
    rs_private_pem: String,
    /// The device claims as one JSON object (what the peers serialize).
    claims: serde_json::Value,
}

fn fixture() -> Fixture {
    let now = now();
    let hs = jwt_issue::Hs256SigningKey::new(HS_SECRET)
        .unwrap()
        .with_kid("k1");
    let es = jwt_issue::Es256SigningKey::from_scalar_bytes(&P256_D)
        .unwrap()
        .with_kid("k1");
    let rs = jwt_issue::Rs256SigningKey::from_pem(RSA_PKCS1_PEM)
        .unwrap()
        .with_kid("k1");
    Fixture {
        now,
        hs_token: device_token(&hs, now, 3600),
        es_token: device_token(&es, now, 3600),
        rs_token: device_token(&rs, now, 3600),
        es_public_pem: es.public_key_pem().unwrap(),
        es_private_pem: es.to_pkcs8_pem().unwrap(),
        rs_public_pem: rs.public_key_pem().unwrap(),
        rs_private_pem: rs.to_pkcs8_pem().unwrap(),
        claims: serde_json::json!({"iss": ISS, "sub": "device-42", "aud": AUD,
            "exp": now + 3600, "iat": now, "jti": "0123456789abcdef0123456789abcdef",
            "scope": "telemetry:write"}),
    }
}

// ------------------------------------------------------------------ ours

fn ours<K: jwt_verify::KeySource>(key: K) -> jwt_verify::Verifier<K, jwt_core::SystemClock> {
    jwt_verify::Verifier::with_system_clock(key)
        .with_validation(jwt_verify::Validation::new().issuer(ISS).audience(AUD))
}

// ------------------------------------------------------------- jsonwebtoken

fn jwtk_validation(alg: jsonwebtoken::Algorithm) -> jsonwebtoken::Validation {
    let mut v = jsonwebtoken::Validation::new(alg);
    v.set_issuer(&[ISS]);
    v.set_audience(&[AUD]);
    v.leeway = 0;
    v
}

fn jwtk_header(alg: jsonwebtoken::Algorithm) -> jsonwebtoken::Header {
    let mut header = jsonwebtoken::Header::new(alg);
    header.kid = Some("k1".into());
    header
}

// ---------------------------------------------------------------- josekit

/// josekit's decode and its claims check, true if both pass.
fn josekit_verify(token: &str, verifier: &dyn josekit::jws::JwsVerifier) -> bool {
    josekit::jwt::decode_with_verifier(token, verifier)
        .map(|(p, _)| josekit_check(&p))
        .unwrap_or(false)
}

fn josekit_check(payload: &josekit::jwt::JwtPayload) -> bool {
    let mut v = josekit::jwt::JwtPayloadValidator::new();
    v.set_issuer(ISS);
    v.set_audience(AUD);
    v.set_base_time(SystemTime::now());
    v.validate(payload).is_ok()
}

/// The device token's header and claims, built and signed by josekit.
fn josekit_issue(signer: &dyn josekit::jws::JwsSigner) -> bool {
    let mut h = josekit::jws::JwsHeader::new();
    h.set_token_type("JWT");
    h.set_key_id("k1");
    let now = SystemTime::now();
    let mut p = josekit::jwt::JwtPayload::new();
    p.set_issuer(ISS);
    p.set_subject("device-42");
    p.set_audience(vec![AUD]);
    p.set_issued_at(&now);
    p.set_expires_at(&(now + Duration::from_secs(3600)));
    p.set_jwt_id("0123456789abcdef0123456789abcdef");
    p.set_claim("scope", Some("telemetry:write".into()))
        .unwrap();
    josekit::jwt::encode_with_signer(&p, &h, signer).is_ok()
}

// ------------------------------------------------------------- the floor

/// The signature check alone, by AWS-LC on a parsed key, then base64url +
/// serde_json of the payload into an owned struct.
fn floor_verify(key: &aws_lc_rs::signature::ParsedPublicKey, token: &str) -> bool {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let dot = token.rfind('.').unwrap();
    let (input, sig) = (&token[..dot], &token[dot + 1..]);
    let Ok(sig) = b64.decode(sig) else {
        return false;
    };
    if key.verify_sig(input.as_bytes(), &sig).is_err() {
        return false;
    }
    let payload = &input[input.find('.').unwrap() + 1..];
    b64.decode(payload)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<DeviceClaims>(&bytes).ok())
        .is_some()
}

// ------------------------------------------------------------ workloads

/// Registers one implementation after checking that it succeeds, and
/// records its steady-state allocations (counted on a second call: the
/// first may fill a cache such as the verifier's remembered header).
fn case(
    g: &mut BenchmarkGroup<'_, WallTime>,
    group: &str,
    allocs: &mut Vec<(String, u64)>,
    name: &str,
    f: impl Fn() -> bool,
) {
    let _ = f();
    let (n, ok) = allocations(&f);
    assert!(ok, "{group} / {name}: unexpected failure");
    allocs.push((format!("{group}/{name}"), n));
    g.bench_function(name, |b| b.iter(|| black_box(f())));
}

fn group<'a>(c: &'a mut Criterion, name: &str) -> (BenchmarkGroup<'a, WallTime>, String) {
    let name = format!("{name}{SUFFIX}");
    let mut g = c.benchmark_group(&name);
    g.measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_millis(500));
    (g, name)
}

fn verify(c: &mut Criterion, fx: &Fixture, allocs: &mut Vec<(String, u64)>) {
    // HS256: our HMAC is pure Rust in both builds; here beside
    // jsonwebtoken's AWS-LC HMAC.
    let (mut g, name) = group(c, "verify/HS256");
    let t = fx.hs_token.as_str();
    let v = ours(jwt_verify::Hs256Key::new(HS_SECRET).unwrap().with_kid("k1"));
    case(&mut g, &name, allocs, "jwt-iot (owned struct)", || {
        v.verify(t)
            .ok()
            .and_then(|v| v.custom::<DeviceClaims>().ok())
            .is_some()
    });
    let key = jsonwebtoken::DecodingKey::from_secret(HS_SECRET);
    let val = jwtk_validation(jsonwebtoken::Algorithm::HS256);
    case(&mut g, &name, allocs, "jsonwebtoken (aws_lc_rs)", || {
        jsonwebtoken::decode::<DeviceClaims>(t, &key, &val).is_ok()
    });
    let jv = josekit::jws::HS256.verifier_from_bytes(HS_SECRET).unwrap();
    case(&mut g, &name, allocs, "josekit (OpenSSL)", || {
        josekit_verify(t, &jv)
    });
    g.finish();

    verify_asym(
        c,
        allocs,
        "verify/ES256",
        &fx.es_token,
        ours(
            jwt_verify::Es256VerifyingKey::from_pem(&fx.es_public_pem)
                .unwrap()
                .with_kid("k1"),
        ),
        jsonwebtoken::DecodingKey::from_ec_pem(fx.es_public_pem.as_bytes()).unwrap(),
        jsonwebtoken::Algorithm::ES256,
        &*josekit::jws::ES256
            .verifier_from_pem(&fx.es_public_pem)
            .unwrap(),
        &aws_lc_rs::signature::ECDSA_P256_SHA256_FIXED,
        &fx.es_public_pem,
    );
    verify_asym(
        c,
        allocs,
        "verify/RS256",
        &fx.rs_token,
        ours(
            jwt_verify::Rs256VerifyingKey::from_pem(&fx.rs_public_pem)
                .unwrap()
                .with_kid("k1"),
        ),
        jsonwebtoken::DecodingKey::from_rsa_pem(fx.rs_public_pem.as_bytes()).unwrap(),
        jsonwebtoken::Algorithm::RS256,
        &*josekit::jws::RS256
            .verifier_from_pem(&fx.rs_public_pem)
            .unwrap(),
        &aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256,
        &fx.rs_public_pem,
    );
}

/// One asymmetric verify group: ours, jsonwebtoken, josekit and the floor
/// on `token`.
#[allow(clippy::too_many_arguments)]
fn verify_asym<K: jwt_verify::KeySource>(
    c: &mut Criterion,
    allocs: &mut Vec<(String, u64)>,
    group_name: &str,
    token: &str,
    v: jwt_verify::Verifier<K, jwt_core::SystemClock>,
    key: jsonwebtoken::DecodingKey,
    alg: jsonwebtoken::Algorithm,
    jv: &dyn josekit::jws::JwsVerifier,
    floor_alg: &'static dyn aws_lc_rs::signature::VerificationAlgorithm,
    public_pem: &str,
) {
    let (mut g, name) = group(c, group_name);
    let t = token;
    case(&mut g, &name, allocs, "jwt-iot", || v.verify(t).is_ok());
    let val = jwtk_validation(alg);
    case(&mut g, &name, allocs, "jsonwebtoken (aws_lc_rs)", || {
        jsonwebtoken::decode::<DeviceClaims>(t, &key, &val).is_ok()
    });
    case(&mut g, &name, allocs, "josekit (OpenSSL)", || {
        josekit_verify(t, jv)
    });
    let pk = aws_lc_rs::signature::ParsedPublicKey::new(floor_alg, pem_body(public_pem)).unwrap();
    case(
        &mut g,
        &name,
        allocs,
        "floor (aws-lc-rs + b64 + serde)",
        || floor_verify(&pk, t),
    );
    g.finish();
}

fn pem_body(pem: &str) -> Vec<u8> {
    use base64::Engine;
    let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap()
}

fn issue(c: &mut Criterion, fx: &Fixture, allocs: &mut Vec<(String, u64)>) {
    let now = fx.now;
    let full = &fx.claims;

    let (mut g, name) = group(c, "issue/HS256");
    let hs = jwt_issue::Hs256SigningKey::new(HS_SECRET)
        .unwrap()
        .with_kid("k1");
    case(&mut g, &name, allocs, "jwt-iot", || {
        !device_token(&hs, now, 3600).is_empty()
    });
    let ek = jsonwebtoken::EncodingKey::from_secret(HS_SECRET);
    let header = jwtk_header(jsonwebtoken::Algorithm::HS256);
    case(&mut g, &name, allocs, "jsonwebtoken (aws_lc_rs)", || {
        jsonwebtoken::encode(&header, full, &ek).is_ok()
    });
    let js = josekit::jws::HS256.signer_from_bytes(HS_SECRET).unwrap();
    case(&mut g, &name, allocs, "josekit (OpenSSL)", || {
        josekit_issue(&js)
    });
    g.finish();

    let (mut g, name) = group(c, "issue/ES256");
    let es = jwt_issue::Es256SigningKey::from_scalar_bytes(&P256_D)
        .unwrap()
        .with_kid("k1");
    case(&mut g, &name, allocs, "jwt-iot", || {
        !device_token(&es, now, 3600).is_empty()
    });
    let ek = jsonwebtoken::EncodingKey::from_ec_pem(fx.es_private_pem.as_bytes()).unwrap();
    let header = jwtk_header(jsonwebtoken::Algorithm::ES256);
    case(&mut g, &name, allocs, "jsonwebtoken (aws_lc_rs)", || {
        jsonwebtoken::encode(&header, full, &ek).is_ok()
    });
    let js = josekit::jws::ES256
        .signer_from_pem(&fx.es_private_pem)
        .unwrap();
    case(&mut g, &name, allocs, "josekit (OpenSSL)", || {
        josekit_issue(&js)
    });
    let floor = aws_lc_rs::signature::EcdsaKeyPair::from_pkcs8(
        &aws_lc_rs::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
        &pem_body(&fx.es_private_pem),
    )
    .unwrap();
    let rng = aws_lc_rs::rand::SystemRandom::new();
    case(&mut g, &name, allocs, "floor (aws-lc-rs sign)", || {
        floor
            .sign(&rng, fx.es_token.as_bytes())
            .is_ok_and(|s| s.as_ref().len() == 64)
    });
    g.finish();

    let (mut g, name) = group(c, "issue/RS256");
    let rs = jwt_issue::Rs256SigningKey::from_pem(RSA_PKCS1_PEM)
        .unwrap()
        .with_kid("k1");
    case(&mut g, &name, allocs, "jwt-iot", || {
        !device_token(&rs, now, 3600).is_empty()
    });
    let ek = jsonwebtoken::EncodingKey::from_rsa_pem(fx.rs_private_pem.as_bytes()).unwrap();
    let header = jwtk_header(jsonwebtoken::Algorithm::RS256);
    case(&mut g, &name, allocs, "jsonwebtoken (aws_lc_rs)", || {
        jsonwebtoken::encode(&header, full, &ek).is_ok()
    });
    let js = josekit::jws::RS256
        .signer_from_pem(&fx.rs_private_pem)
        .unwrap();
    case(&mut g, &name, allocs, "josekit (OpenSSL)", || {
        josekit_issue(&js)
    });
    let floor =
        aws_lc_rs::signature::RsaKeyPair::from_pkcs8(&pem_body(&fx.rs_private_pem)).unwrap();
    let sig = std::cell::RefCell::new(vec![0u8; floor.public_modulus_len()]);
    case(&mut g, &name, allocs, "floor (aws-lc-rs sign)", || {
        floor
            .sign(
                &aws_lc_rs::signature::RSA_PKCS1_SHA256,
                &rng,
                fx.rs_token.as_bytes(),
                &mut sig.borrow_mut(),
            )
            .is_ok()
    });
    g.finish();
}

fn main() {
    let fx = fixture();
    let mut c = Criterion::default().configure_from_args();
    let mut allocs = Vec::new();
    verify(&mut c, &fx, &mut allocs);
    issue(&mut c, &fx, &mut allocs);
    println!("\nheap allocations per operation:");
    for (name, n) in &allocs {
        println!("  {n:>4}  {name}");
    }
    c.final_summary();
}
