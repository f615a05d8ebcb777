//! Runs one workload in a loop for a profiler:
//! `valgrind --tool=callgrind target/release/examples/profile hs256-verify 10000`.
//! Workloads: hs256-verify, hs256-verify-owned, hs256-issue,
//! hs256-issue-prepared, hs256-wrong-sig,
//! hs256-expired, malformed, es256-verify, rs256-verify, eddsa-verify.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::arithmetic_side_effects
)]

use std::hint::black_box;

use benches::*;

/// Verifies one token.
type Check = Box<dyn Fn(&str) -> bool>;

fn main() {
    let mut args = std::env::args().skip(1);
    let workload = args.next().unwrap_or_else(|| "hs256-verify".into());
    let n: u32 = args.next().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let now = now();
    let hs = jwt_issue::Hs256SigningKey::new(HS_SECRET)
        .unwrap()
        .with_kid("k1");
    let token = device_token(&hs, now, 3600);
    let policy = jwt_verify::Validation::new().issuer(ISS).audience(AUD);
    let v = jwt_verify::Verifier::with_system_clock(
        jwt_verify::Hs256Key::new(HS_SECRET).unwrap().with_kid("k1"),
    )
    .with_validation(policy.clone());
    let mut wrong = token.clone();
    let last = wrong.pop().unwrap();
    wrong.push(if last == 'A' { 'E' } else { 'A' });
    let expired = device_token(&hs, now - 7200, 3600);
    let malformed = format!("{}.!!!", &token[..token.rfind('.').unwrap()]);
    // A gateway has verified tokens of this issuer before.
    v.verify(&token).unwrap();
    let mut ok = 0u32;
    match workload.as_str() {
        "hs256-verify" => {
            for _ in 0..n {
                let mut buf = [0u8; 1024];
                let t = v.verify_in(black_box(&token), &mut buf).unwrap();
                ok += u32::from(t.claims().sub_json().is_some());
            }
        }
        "hs256-issue-prepared" => {
            let b = device_builder(&hs, 3600).unwrap();
            let clock = jwt_core::FixedClock(now);
            for _ in 0..n {
                ok += u32::from(b.issue(black_box(&clock), &mut jwt_issue::OsRng).is_ok());
            }
        }
        "hs256-verify-owned" => {
            for _ in 0..n {
                let t = v.verify(black_box(&token)).unwrap();
                ok += u32::from(t.custom::<DeviceClaims>().is_ok());
            }
        }
        "hs256-issue" => {
            for _ in 0..n {
                ok += u32::from(!device_token(&hs, black_box(now), 3600).is_empty());
            }
        }
        "hs256-wrong-sig" => {
            for _ in 0..n {
                ok += u32::from(v.verify(black_box(&wrong)).is_err());
            }
        }
        "hs256-expired" => {
            for _ in 0..n {
                ok += u32::from(v.verify(black_box(&expired)).is_err());
            }
        }
        "malformed" => {
            for _ in 0..n {
                ok += u32::from(v.verify(black_box(&malformed)).is_err());
            }
        }
        "es256-verify" | "rs256-verify" | "eddsa-verify" => {
            let (signer, verifier): (Box<dyn jwt_issue::SigningKey>, Check) = match workload
                .as_str()
            {
                "es256-verify" => {
                    let k = jwt_issue::Es256SigningKey::from_scalar_bytes(&P256_D).unwrap();
                    let vk = jwt_verify::Es256VerifyingKey::from_pem(&k.public_key_pem().unwrap())
                        .unwrap();
                    let v =
                        jwt_verify::Verifier::with_system_clock(vk).with_validation(policy.clone());
                    (Box::new(k), Box::new(move |t: &str| v.verify(t).is_ok()))
                }
                "rs256-verify" => {
                    let k = jwt_issue::Rs256SigningKey::from_pem(RSA_PKCS1_PEM).unwrap();
                    let vk = jwt_verify::Rs256VerifyingKey::from_pem(&k.public_key_pem().unwrap())
                        .unwrap();
                    let v =
                        jwt_verify::Verifier::with_system_clock(vk).with_validation(policy.clone());
                    (Box::new(k), Box::new(move |t: &str| v.verify(t).is_ok()))
                }
                _ => {
                    let k = jwt_issue::EdDsaSigningKey::from_seed(&ED_SEED);
                    let vk =
                        jwt_verify::EdDsaVerifyingKey::from_bytes(&k.public_key_bytes()).unwrap();
                    let v =
                        jwt_verify::Verifier::with_system_clock(vk).with_validation(policy.clone());
                    (Box::new(k), Box::new(move |t: &str| v.verify(t).is_ok()))
                }
            };
            let t = device_token(signer.as_ref(), now, 3600);
            for _ in 0..n {
                ok += u32::from(verifier(black_box(&t)));
            }
        }
        other => {
            eprintln!("unknown workload {other}");
            std::process::exit(2);
        }
    }
    assert_eq!(ok, n);
}
