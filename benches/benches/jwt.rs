//! This workspace beside its peers on the same tokens, in the same run.
//!
//! Run: `cargo bench -p benches --bench jwt` (add `-- --quick` for a fast
//! pass, or a filter such as `-- verify/HS256`). Allocation counts per
//! operation are printed first.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::arithmetic_side_effects
)]
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::indexing_slicing
)]

use std::collections::{HashMap, HashSet};
use std::hint::black_box;
use std::time::Duration;

use benches::*;
use criterion::{BenchmarkGroup, Criterion, measurement::WallTime};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

/// Everything a workload needs, built once.
struct Fixture {
    now: i64,
    hs_token: String,
    es_token: String,
    rs_token: String,
    ed_token: String,
    hs_expired: String,
    hs_wrong_sig: String,
    malformed: String,
    es_public_sec1: Vec<u8>,
    es_public_pem: String,
    rs_public_pem: String,
    ed_public: [u8; 32],
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
    let ed = jwt_issue::EdDsaSigningKey::from_seed(&ED_SEED).with_kid("k1");
    let hs_token = device_token(&hs, now, 3600);
    let mut hs_wrong_sig = hs_token.clone();
    let last = hs_wrong_sig.pop().unwrap();
    // Flip to another base64url character with the same unused bits.
    hs_wrong_sig.push(if last == 'A' { 'E' } else { 'A' });
    let es_pem = es.public_key_pem().unwrap();
    let es_sec1 = p256::ecdsa::SigningKey::from_slice(&P256_D)
        .unwrap()
        .verifying_key()
        .to_sec1_bytes()
        .to_vec();
    Fixture {
        now,
        hs_expired: device_token(&hs, now - 7200, 3600),
        hs_wrong_sig,
        malformed: format!("{}.!!!", &hs_token[..hs_token.rfind('.').unwrap()]),
        es_token: device_token(&es, now, 3600),
        rs_token: device_token(&rs, now, 3600),
        ed_token: device_token(&ed, now, 3600),
        hs_token,
        es_public_sec1: es_sec1,
        es_public_pem: es_pem,
        rs_public_pem: rs.public_key_pem().unwrap(),
        ed_public: ed.public_key_bytes(),
    }
}

// ------------------------------------------------------------------ ours

fn our_policy() -> jwt_verify::Validation {
    jwt_verify::Validation::new().issuer(ISS).audience(AUD)
}

fn ours<K: jwt_verify::KeySource>(key: K) -> jwt_verify::Verifier<K, jwt_core::SystemClock> {
    jwt_verify::Verifier::with_system_clock(key).with_validation(our_policy())
}

// ------------------------------------------------------------- jsonwebtoken

fn jwtk_validation(alg: jsonwebtoken::Algorithm) -> jsonwebtoken::Validation {
    let mut v = jsonwebtoken::Validation::new(alg);
    v.set_issuer(&[ISS]);
    v.set_audience(&[AUD]);
    v.leeway = 0;
    v
}

// --------------------------------------------------------------- jwt-simple

fn simple_options() -> jwt_simple::prelude::VerificationOptions {
    jwt_simple::prelude::VerificationOptions {
        allowed_issuers: Some(HashSet::from([ISS.to_string()])),
        allowed_audiences: Some(HashSet::from([AUD.to_string()])),
        time_tolerance: Some(jwt_simple::prelude::Duration::from_secs(0)),
        ..Default::default()
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Scope {
    scope: String,
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
    v.set_base_time(std::time::SystemTime::now());
    v.validate(payload).is_ok()
}

// ------------------------------------------------------------- the floor

/// HMAC-SHA256 over the signing input with a pre-keyed state, constant-time
/// tag comparison, then base64url + serde_json into an owned struct.
struct HmacFloor(hmac::Hmac<sha2::Sha256>);

impl HmacFloor {
    fn new() -> Self {
        use hmac::KeyInit;
        HmacFloor(hmac::Hmac::<sha2::Sha256>::new_from_slice(HS_SECRET).unwrap())
    }
    fn verify(&self, token: &str) -> Option<DeviceClaims> {
        use base64::Engine;
        use hmac::Mac;
        let dot = token.rfind('.')?;
        let (input, sig) = (&token[..dot], &token[dot + 1..]);
        let mut mac = self.0.clone();
        mac.update(input.as_bytes());
        let mut tag = [0u8; 32];
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode_slice(sig, &mut tag)
            .ok()?;
        mac.verify_slice(&tag).ok()?;
        let payload = &input[input.find('.')? + 1..];
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .ok()?;
        serde_json::from_slice(&bytes).ok()
    }
}

fn b64_payload_to_struct(token: &str) -> Option<DeviceClaims> {
    use base64::Engine;
    let mut parts = token.split('.');
    let payload = parts.nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn signing_input(token: &str) -> (&[u8], Vec<u8>) {
    use base64::Engine;
    let dot = token.rfind('.').unwrap();
    let sig = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(&token[dot + 1..])
        .unwrap();
    (&token.as_bytes()[..dot], sig)
}

// ------------------------------------------------------------ workloads

fn group<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(name);
    g.measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_millis(500));
    g
}

/// Registers one implementation after checking that it succeeds (or
/// refuses, for rejection workloads), and records its steady-state
/// allocations.
macro_rules! case {
    ($g:expr, $allocs:expr, $name:expr, $expect:expr, $f:expr) => {{
        let f = $f;
        // A first call may fill a cache (the verifier's remembered header,
        // a key's lazily built tables); allocations are counted on the
        // second, steady-state call.
        let _ = f();
        let (n, ok) = allocations(|| f());
        assert_eq!(
            ok,
            $expect,
            "{} / {}: unexpected result",
            $g.group_name(),
            $name
        );
        $allocs.push((format!("{}/{}", $g.group_name(), $name), n));
        $g.bench_function($name, |b| b.iter(|| black_box(f())));
    }};
}

trait GroupName {
    fn group_name(&self) -> String;
}
impl GroupName for BenchmarkGroup<'_, WallTime> {
    fn group_name(&self) -> String {
        CURRENT.with(|c| c.borrow().clone())
    }
}
thread_local! {
    static CURRENT: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}
fn named<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    CURRENT.with(|cur| *cur.borrow_mut() = name.to_string());
    group(c, name)
}

fn verify_hs256(c: &mut Criterion, fx: &Fixture, allocs: &mut Vec<(String, u64)>) {
    let mut g = named(c, "verify/HS256");
    let t = fx.hs_token.as_str();
    let v = ours(jwt_verify::Hs256Key::new(HS_SECRET).unwrap().with_kid("k1"));
    case!(g, allocs, "jwt-iot (borrowed view)", true, || {
        let mut buf = [0u8; 1024];
        v.verify_in(t, &mut buf)
            .map(|v| v.claims().sub_json().is_some())
            .unwrap_or(false)
    });
    // The time passed with the call (firmware, wasm): the same path with
    // the clock read replaced by the caller's value.
    let now = jwt_core::Clock::now(&jwt_core::SystemClock).unwrap_or(0);
    case!(
        g,
        allocs,
        "jwt-iot (borrowed view, verify_in_at)",
        true,
        || {
            let mut buf = [0u8; 1024];
            v.verify_in_at(t, now, &mut buf)
                .map(|v| v.claims().sub_json().is_some())
                .unwrap_or(false)
        }
    );
    case!(g, allocs, "jwt-iot (owned struct)", true, || {
        v.verify(t)
            .ok()
            .and_then(|v| v.custom::<DeviceClaims>().ok())
            .is_some()
    });
    let key = jsonwebtoken::DecodingKey::from_secret(HS_SECRET);
    let val = jwtk_validation(jsonwebtoken::Algorithm::HS256);
    case!(g, allocs, "jsonwebtoken", true, || jsonwebtoken::decode::<
        DeviceClaims,
    >(t, &key, &val)
    .is_ok());
    let sk = jwt_simple::prelude::HS256Key::from_bytes(HS_SECRET);
    let so = simple_options();
    case!(g, allocs, "jwt-simple", true, || {
        use jwt_simple::prelude::MACLike;
        sk.verify_token::<Scope>(t, Some(so.clone())).is_ok()
    });
    {
        use jwt_compact::{AlgorithmExt, TimeOptions};
        let ck = jwt_compact::alg::Hs256Key::new(HS_SECRET);
        let opts = TimeOptions::default();
        case!(g, allocs, "jwt-compact", true, || {
            jwt_compact::UntrustedToken::new(t)
                .ok()
                .and_then(|u| {
                    jwt_compact::alg::Hs256
                        .validator::<DeviceClaims>(&ck)
                        .validate(&u)
                        .ok()
                })
                .map(|tok| tok.claims().validate_expiration(&opts).is_ok())
                .unwrap_or(false)
        });
    }
    let jv = josekit::jws::HS256.verifier_from_bytes(HS_SECRET).unwrap();
    case!(g, allocs, "josekit (OpenSSL)", true, || {
        josekit_verify(t, &jv)
    });
    let floor = HmacFloor::new();
    case!(g, allocs, "floor (hmac + b64 + serde)", true, || floor
        .verify(t)
        .is_some());
    g.finish();
}

fn verify_asym(c: &mut Criterion, fx: &Fixture, allocs: &mut Vec<(String, u64)>) {
    // ES256
    let mut g = named(c, "verify/ES256");
    let t = fx.es_token.as_str();
    let v = ours(
        jwt_verify::Es256VerifyingKey::from_sec1_bytes(&fx.es_public_sec1)
            .unwrap()
            .with_kid("k1"),
    );
    case!(g, allocs, "jwt-iot", true, || v.verify(t).is_ok());
    let plain = ours(
        jwt_verify::Es256VerifyingKey::from_sec1_bytes(&fx.es_public_sec1)
            .unwrap()
            .with_kid("k1")
            .without_precomputed_tables(),
    );
    case!(g, allocs, "jwt-iot (no tables)", true, || plain
        .verify(t)
        .is_ok());
    let key = jsonwebtoken::DecodingKey::from_ec_pem(fx.es_public_pem.as_bytes()).unwrap();
    let val = jwtk_validation(jsonwebtoken::Algorithm::ES256);
    case!(g, allocs, "jsonwebtoken", true, || jsonwebtoken::decode::<
        DeviceClaims,
    >(t, &key, &val)
    .is_ok());
    let sk = jwt_simple::prelude::ES256PublicKey::from_bytes(&fx.es_public_sec1).unwrap();
    let so = simple_options();
    case!(g, allocs, "jwt-simple", true, || {
        use jwt_simple::prelude::ECDSAP256PublicKeyLike;
        sk.verify_token::<Scope>(t, Some(so.clone())).is_ok()
    });
    {
        use jwt_compact::alg::VerifyingKey;
        use jwt_compact::{AlgorithmExt, TimeOptions};
        let ck = <jwt_compact::alg::Es256 as jwt_compact::Algorithm>::VerifyingKey::from_slice(
            &fx.es_public_sec1,
        )
        .unwrap();
        let opts = TimeOptions::default();
        case!(g, allocs, "jwt-compact", true, || {
            jwt_compact::UntrustedToken::new(t)
                .ok()
                .and_then(|u| {
                    jwt_compact::alg::Es256
                        .validator::<DeviceClaims>(&ck)
                        .validate(&u)
                        .ok()
                })
                .map(|tok| tok.claims().validate_expiration(&opts).is_ok())
                .unwrap_or(false)
        });
    }
    let jv = josekit::jws::ES256
        .verifier_from_pem(&fx.es_public_pem)
        .unwrap();
    case!(g, allocs, "josekit (OpenSSL)", true, || {
        josekit_verify(t, &jv)
    });
    let pk = p256::ecdsa::VerifyingKey::from_sec1_bytes(&fx.es_public_sec1).unwrap();
    case!(g, allocs, "floor (p256 + b64 + serde)", true, || {
        use p256::ecdsa::signature::Verifier;
        let (input, sig) = signing_input(t);
        let sig = p256::ecdsa::Signature::from_slice(&sig).unwrap();
        pk.verify(input, &sig).is_ok() && b64_payload_to_struct(t).is_some()
    });
    g.finish();

    // What loading an ES256 key costs: SEC1 import alone, and the per-key
    // table (the process-wide generator table is already built).
    let mut g = named(c, "key/ES256 import");
    let sec1 = fx.es_public_sec1.as_slice();
    let untabled = jwt_verify::Es256VerifyingKey::from_sec1_bytes(sec1)
        .unwrap()
        .without_precomputed_tables();
    case!(g, allocs, "jwt-iot with_precomputed_tables", true, || {
        untabled
            .clone()
            .with_precomputed_tables()
            .has_precomputed_tables()
    });
    case!(g, allocs, "floor (p256 from_sec1_bytes)", true, || {
        p256::ecdsa::VerifyingKey::from_sec1_bytes(sec1).is_ok()
    });
    g.finish();

    // RS256
    let mut g = named(c, "verify/RS256");
    let t = fx.rs_token.as_str();
    let v = ours(
        jwt_verify::Rs256VerifyingKey::from_pem(&fx.rs_public_pem)
            .unwrap()
            .with_kid("k1"),
    );
    case!(g, allocs, "jwt-iot", true, || v.verify(t).is_ok());
    let key = jsonwebtoken::DecodingKey::from_rsa_pem(fx.rs_public_pem.as_bytes()).unwrap();
    let val = jwtk_validation(jsonwebtoken::Algorithm::RS256);
    case!(g, allocs, "jsonwebtoken", true, || jsonwebtoken::decode::<
        DeviceClaims,
    >(t, &key, &val)
    .is_ok());
    let sk = jwt_simple::prelude::RS256PublicKey::from_pem(&fx.rs_public_pem).unwrap();
    let so = simple_options();
    case!(g, allocs, "jwt-simple", true, || {
        use jwt_simple::prelude::RSAPublicKeyLike;
        sk.verify_token::<Scope>(t, Some(so.clone())).is_ok()
    });
    let jv = josekit::jws::RS256
        .verifier_from_pem(&fx.rs_public_pem)
        .unwrap();
    case!(g, allocs, "josekit (OpenSSL)", true, || {
        josekit_verify(t, &jv)
    });
    {
        use rsa::pkcs8::DecodePublicKey;
        let pk =
            rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::from_public_key_pem(&fx.rs_public_pem)
                .unwrap();
        case!(g, allocs, "floor (rsa 0.10 + b64 + serde)", true, || {
            use rsa::signature::Verifier;
            let (input, sig) = signing_input(t);
            let sig = rsa::pkcs1v15::Signature::try_from(sig.as_slice()).unwrap();
            pk.verify(input, &sig).is_ok() && b64_payload_to_struct(t).is_some()
        });
    }
    g.finish();

    // EdDSA
    let mut g = named(c, "verify/EdDSA");
    let t = fx.ed_token.as_str();
    let v = ours(
        jwt_verify::EdDsaVerifyingKey::from_bytes(&fx.ed_public)
            .unwrap()
            .with_kid("k1"),
    );
    case!(g, allocs, "jwt-iot", true, || v.verify(t).is_ok());
    let key = jsonwebtoken::DecodingKey::from_ed_der(&fx.ed_public);
    let val = jwtk_validation(jsonwebtoken::Algorithm::EdDSA);
    case!(g, allocs, "jsonwebtoken", true, || jsonwebtoken::decode::<
        DeviceClaims,
    >(t, &key, &val)
    .is_ok());
    let sk = jwt_simple::prelude::Ed25519PublicKey::from_bytes(&fx.ed_public).unwrap();
    let so = simple_options();
    case!(g, allocs, "jwt-simple", true, || {
        use jwt_simple::prelude::EdDSAPublicKeyLike;
        sk.verify_token::<Scope>(t, Some(so.clone())).is_ok()
    });
    let pk = ed25519_dalek::VerifyingKey::from_bytes(&fx.ed_public).unwrap();
    case!(
        g,
        allocs,
        "floor (ed25519-dalek + b64 + serde)",
        true,
        || {
            let (input, sig) = signing_input(t);
            let sig = ed25519_dalek::Signature::from_slice(&sig).unwrap();
            pk.verify_strict(input, &sig).is_ok() && b64_payload_to_struct(t).is_some()
        }
    );
    g.finish();
}

fn issue(c: &mut Criterion, fx: &Fixture, allocs: &mut Vec<(String, u64)>) {
    let now = fx.now;

    let mut g = named(c, "issue/HS256");
    let hs = jwt_issue::Hs256SigningKey::new(HS_SECRET)
        .unwrap()
        .with_kid("k1");
    case!(g, allocs, "jwt-iot", true, || !device_token(&hs, now, 3600)
        .is_empty());
    let prepared = device_builder(&hs, 3600).unwrap();
    let clock = jwt_core::FixedClock(now);
    case!(g, allocs, "jwt-iot (prepared builder)", true, || prepared
        .issue(&clock, &mut jwt_issue::OsRng)
        .is_ok());
    let ek = jsonwebtoken::EncodingKey::from_secret(HS_SECRET);
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    header.kid = Some("k1".into());
    let full = serde_json::json!({"iss": ISS, "sub": "device-42", "aud": AUD, "exp": now + 3600, "iat": now,
        "jti": "0123456789abcdef0123456789abcdef", "scope": "telemetry:write"});
    case!(g, allocs, "jsonwebtoken", true, || jsonwebtoken::encode(
        &header, &full, &ek
    )
    .is_ok());
    let sk = jwt_simple::prelude::HS256Key::from_bytes(HS_SECRET).with_key_id("k1");
    case!(g, allocs, "jwt-simple", true, || {
        use jwt_simple::prelude::*;
        let c = Claims::with_custom_claims(
            Scope {
                scope: "telemetry:write".into(),
            },
            Duration::from_secs(3600),
        )
        .with_issuer(ISS)
        .with_subject("device-42")
        .with_audience(AUD)
        .with_jwt_id("0123456789abcdef0123456789abcdef");
        sk.authenticate(c).is_ok()
    });
    let floor_key = HmacFloor::new();
    case!(g, allocs, "floor (serde + b64 + hmac)", true, || {
        use base64::Engine;
        use hmac::Mac;
        let e = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let mut out = e.encode(br#"{"alg":"HS256","typ":"JWT","kid":"k1"}"#);
        out.push('.');
        e.encode_string(serde_json::to_vec(&full).unwrap(), &mut out);
        let mut mac = floor_key.0.clone();
        mac.update(out.as_bytes());
        out.push('.');
        e.encode_string(mac.finalize().into_bytes(), &mut out);
        !out.is_empty()
    });
    g.finish();

    let mut g = named(c, "issue/ES256");
    let es = jwt_issue::Es256SigningKey::from_scalar_bytes(&P256_D)
        .unwrap()
        .with_kid("k1");
    case!(g, allocs, "jwt-iot", true, || !device_token(&es, now, 3600)
        .is_empty());
    let pem = es.to_pkcs8_pem().unwrap();
    let ek = jsonwebtoken::EncodingKey::from_ec_pem(pem.as_bytes()).unwrap();
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::ES256);
    header.kid = Some("k1".into());
    case!(g, allocs, "jsonwebtoken", true, || jsonwebtoken::encode(
        &header, &full, &ek
    )
    .is_ok());
    let sk = jwt_simple::prelude::ES256KeyPair::from_bytes(&P256_D)
        .unwrap()
        .with_key_id("k1");
    case!(g, allocs, "jwt-simple", true, || {
        use jwt_simple::prelude::*;
        let c = Claims::with_custom_claims(
            Scope {
                scope: "telemetry:write".into(),
            },
            Duration::from_secs(3600),
        )
        .with_issuer(ISS)
        .with_subject("device-42")
        .with_audience(AUD);
        sk.sign(c).is_ok()
    });
    let js = josekit::jws::ES256.signer_from_pem(&pem).unwrap();
    case!(g, allocs, "josekit (OpenSSL)", true, || {
        let mut h = josekit::jws::JwsHeader::new();
        h.set_token_type("JWT");
        h.set_key_id("k1");
        let mut p = josekit::jwt::JwtPayload::new();
        p.set_issuer(ISS);
        p.set_subject("device-42");
        p.set_audience(vec![AUD]);
        josekit::jwt::encode_with_signer(&p, &h, &js).is_ok()
    });
    let floor = p256::ecdsa::SigningKey::from_slice(&P256_D).unwrap();
    case!(g, allocs, "floor (p256 sign)", true, || {
        use p256::ecdsa::signature::Signer;
        let sig: p256::ecdsa::Signature = floor.sign(fx.es_token.as_bytes());
        sig.to_bytes().len() == 64
    });
    g.finish();
}

fn rejections(c: &mut Criterion, fx: &Fixture, allocs: &mut Vec<(String, u64)>) {
    let v = ours(jwt_verify::Hs256Key::new(HS_SECRET).unwrap().with_kid("k1"));
    // A gateway under attack has verified genuine tokens of this issuer
    // before (the verifier then reuses the parsed header of the first one).
    assert!(v.verify(&fx.hs_token).is_ok());
    let key = jsonwebtoken::DecodingKey::from_secret(HS_SECRET);
    let val = jwtk_validation(jsonwebtoken::Algorithm::HS256);
    let sk = jwt_simple::prelude::HS256Key::from_bytes(HS_SECRET);
    let so = simple_options();
    let jv = josekit::jws::HS256.verifier_from_bytes(HS_SECRET).unwrap();
    let floor = HmacFloor::new();
    for (name, token) in [
        ("wrong-signature", &fx.hs_wrong_sig),
        ("expired", &fx.hs_expired),
        ("malformed", &fx.malformed),
    ] {
        let mut g = named(c, &format!("reject/HS256 {name}"));
        let t = token.as_str();
        case!(g, allocs, "jwt-iot", false, || v.verify(t).is_ok());
        case!(g, allocs, "jsonwebtoken", false, || jsonwebtoken::decode::<
            DeviceClaims,
        >(t, &key, &val)
        .is_ok());
        case!(g, allocs, "jwt-simple", false, || {
            use jwt_simple::prelude::MACLike;
            sk.verify_token::<Scope>(t, Some(so.clone())).is_ok()
        });
        case!(g, allocs, "josekit (OpenSSL)", false, || {
            josekit_verify(t, &jv)
        });
        if name != "expired" {
            case!(g, allocs, "floor", false, || floor.verify(t).is_some());
        }
        g.finish();
    }
}

fn key_set(c: &mut Criterion, fx: &Fixture, allocs: &mut Vec<(String, u64)>) {
    // 100 HS256 keys; the token's kid selects the last one.
    let mut g = named(c, "keyset/100 keys by kid");
    let secrets: Vec<[u8; 32]> = (0..100u8).map(|i| [i; 32]).collect();
    let signer = jwt_issue::Hs256SigningKey::new(&secrets[99])
        .unwrap()
        .with_kid("key-99");
    let t = device_token(&signer, fx.now, 3600);
    let t = t.as_str();
    let mut set = jwt_verify::KeySet::new();
    for (i, s) in secrets.iter().enumerate() {
        set.push(Box::new(
            jwt_verify::Hs256Key::new(s)
                .unwrap()
                .with_kid(format!("key-{i}")),
        ))
        .unwrap();
    }
    let v = ours(set);
    case!(g, allocs, "jwt-iot (KeySet)", true, || v.verify(t).is_ok());
    let map: HashMap<String, jsonwebtoken::DecodingKey> = secrets
        .iter()
        .enumerate()
        .map(|(i, s)| {
            (
                format!("key-{i}"),
                jsonwebtoken::DecodingKey::from_secret(s),
            )
        })
        .collect();
    let val = jwtk_validation(jsonwebtoken::Algorithm::HS256);
    case!(g, allocs, "jsonwebtoken (HashMap by kid)", true, || {
        jsonwebtoken::decode_header(t)
            .ok()
            .and_then(|h| h.kid)
            .and_then(|kid| map.get(&kid))
            .map(|k| jsonwebtoken::decode::<DeviceClaims>(t, k, &val).is_ok())
            .unwrap_or(false)
    });
    g.finish();
}

fn main() {
    let fx = fixture();
    let mut c = Criterion::default().configure_from_args();
    let mut allocs = Vec::new();
    verify_hs256(&mut c, &fx, &mut allocs);
    verify_asym(&mut c, &fx, &mut allocs);
    issue(&mut c, &fx, &mut allocs);
    rejections(&mut c, &fx, &mut allocs);
    key_set(&mut c, &fx, &mut allocs);
    println!("\nheap allocations per operation:");
    for (name, n) in &allocs {
        println!("  {n:>4}  {name}");
    }
    c.final_summary();
}
