//! Structured claims -> issue -> verify must give back exactly the claims;
//! any mutation of the token must be rejected or give back exactly the
//! same claims (a differential oracle, not only "no crash").
#![no_main]
use jwt_issue::{Hs256SigningKey, TokenBuilder};
use jwt_verify::{FixedClock, Hs256Key, Validation, Verifier};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    sub: Option<String>,
    iss: Option<String>,
    aud: Vec<String>,
    jti: Option<String>,
    ttl: u16,
    custom: Vec<(String, CustomVal)>,
    mutations: Vec<(u16, u8)>,
}

#[derive(Arbitrary, Debug)]
enum CustomVal {
    I(i64),
    S(String),
    B(bool),
    L(Vec<u32>),
}

fuzz_target!(|input: Input| {
    let key = Hs256SigningKey::new(jwt_fuzz::HS_SECRET).unwrap();
    let mut b = TokenBuilder::new(&key).ttl(u64::from(input.ttl) + 1);
    if let Some(s) = &input.sub {
        b = b.subject(s.as_str());
    }
    if let Some(s) = &input.iss {
        b = b.issuer(s.as_str());
    }
    for a in &input.aud {
        b = b.audience(a.as_str());
    }
    if let Some(j) = &input.jti {
        b = b.jti(j.as_str());
    }
    let mut expected = serde_json::Map::new();
    for (name, value) in &input.custom {
        let v = match value {
            CustomVal::I(i) => serde_json::json!(i),
            CustomVal::S(s) => serde_json::json!(s),
            CustomVal::B(x) => serde_json::json!(x),
            CustomVal::L(l) => serde_json::json!(l),
        };
        match b.claim(name, &v) {
            Ok(next) => {
                b = next;
                expected.insert(name.clone(), v);
            }
            // Registered or repeated names are refused; start again without.
            Err(_) => return,
        }
    }
    let clock = FixedClock(jwt_fuzz::NOW);
    let mut rng = jwt_issue::OsRng;
    let token = match b.issue(&clock, &mut rng) {
        Ok(t) => t,
        // Tokens over the default limits are refused at issue, on purpose.
        Err(jwt_issue::IssueError::TooLarge { .. }) => return,
        Err(e) => panic!("issuing valid input must work: {e}"),
    };
    let verifier = Verifier::new(Hs256Key::new(jwt_fuzz::HS_SECRET).unwrap(), clock)
        .with_validation(Validation::new().insecure_ignore_audience());
    let verified = verifier.verify(&token).expect("a freshly issued token must verify");
    let claims = verified.claims();
    assert_eq!(claims.sub().map(|s| s.into_owned()), input.sub);
    assert_eq!(claims.iss().map(|s| s.into_owned()), input.iss);
    if let Some(j) = &input.jti {
        assert_eq!(claims.jti().map(|s| s.into_owned()).as_ref(), Some(j));
    }
    let auds: Vec<String> = claims.aud().map(|a| a.iter().map(|s| s.into_owned()).collect()).unwrap_or_default();
    assert_eq!(auds, input.aud);
    let all: serde_json::Value = serde_json::from_str(verified.payload_json()).unwrap();
    for (k, v) in &expected {
        assert_eq!(&all[k], v, "custom claim {k}");
    }
    let original = verified.payload_json().to_string();
    for (pos, byte) in input.mutations.iter().take(8) {
        let mut bytes = token.clone().into_bytes();
        let i = usize::from(*pos) % bytes.len();
        if bytes[i] == *byte {
            continue;
        }
        bytes[i] = *byte;
        let Ok(mutated) = String::from_utf8(bytes) else { continue };
        if let Ok(v) = verifier.verify(&mutated) {
            assert_eq!(v.payload_json(), original, "a mutated token verified with other claims");
        }
    }
});
