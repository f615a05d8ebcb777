//! Each test names one attack class from the literature (RFC 8725, the
//! CVEs filed against popular libraries) and shows that it is refused.

use jwt_core::{Limits, ParseError, ParseOptions, Part, Validation, VerifyError};
use jwt_verify::{Es256VerifyingKey, FixedClock, Hs256Key, Verifier};

use crate::common::*;

fn hs_verifier() -> Verifier<Hs256Key, FixedClock> {
    Verifier::new(Hs256Key::new(HS_SECRET).unwrap(), FixedClock(NOW))
}

fn es_verifier() -> Verifier<Es256VerifyingKey, FixedClock> {
    Verifier::new(
        Es256VerifyingKey::from_sec1_bytes(&p256_public_sec1()).unwrap(),
        FixedClock(NOW),
    )
}

const HS_HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

#[test]
fn baseline_tokens_verify() {
    let t = hs256(HS_SECRET, HS_HEADER, &claims(NOW + 60));
    assert_eq!(
        hs_verifier()
            .verify(&t)
            .unwrap()
            .claims()
            .sub_json()
            .unwrap()
            .as_str(),
        Some("device-42")
    );
    let t = es256(r#"{"alg":"ES256"}"#, &claims(NOW + 60));
    es_verifier().verify(&t).unwrap();
}

#[test]
fn alg_none_in_every_letter_case() {
    for alg in ["none", "None", "NONE", "nOnE", "NoNe", "nonE"] {
        let header = format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#);
        let unsigned = format!("{}.", signing_input(&header, &claims(NOW + 60)));
        let with_sig = hs256(HS_SECRET, &header, &claims(NOW + 60));
        for token in [unsigned, with_sig] {
            assert_eq!(
                hs_verifier().verify(&token).unwrap_err(),
                ParseError::AlgNone.into(),
                "{alg}"
            );
            assert_eq!(
                es_verifier().verify(&token).unwrap_err(),
                ParseError::AlgNone.into(),
                "{alg}"
            );
        }
    }
}

#[test]
fn key_confusion_hs256_signed_with_the_public_key() {
    // The attacker knows the EC public key and uses its encodings as an
    // HMAC secret. The EC verifier never runs HMAC.
    let sec1 = p256_public_sec1();
    let x = b64_of(&sec1[1..33]);
    let secrets: Vec<Vec<u8>> = vec![
        sec1.clone(),
        x.clone().into_bytes(),
        format!(r#"{{"kty":"EC","crv":"P-256","x":"{x}"}}"#).into_bytes(),
    ];
    for secret in secrets {
        let t = hs256(&secret, HS_HEADER, &claims(NOW + 60));
        assert_eq!(
            es_verifier().verify(&t).unwrap_err(),
            VerifyError::AlgorithmMismatch
        );
    }
    // And the other way round: an ES256 token never reaches an HMAC key.
    let t = es256(r#"{"alg":"ES256"}"#, &claims(NOW + 60));
    assert_eq!(
        hs_verifier().verify(&t).unwrap_err(),
        VerifyError::AlgorithmMismatch
    );
}

fn b64_of(bytes: &[u8]) -> String {
    jwt_core::b64::encode(bytes)
}

#[test]
fn embedded_jwk_is_never_used() {
    // Signed by an attacker key that the header carries (CVE-2018-0114).
    let attacker = p256::ecdsa::SigningKey::from_slice(&[7u8; 32]).unwrap();
    let point = attacker.verifying_key().to_sec1_bytes();
    let header = format!(
        r#"{{"alg":"ES256","jwk":{{"kty":"EC","crv":"P-256","x":"{}","y":"{}"}}}}"#,
        b64_of(&point[1..33]),
        b64_of(&point[33..65])
    );
    let input = signing_input(&header, &claims(NOW + 60));
    use p256::ecdsa::signature::Signer;
    let sig: p256::ecdsa::Signature = attacker.sign(input.as_bytes());
    let token = format!("{input}.{}", b64_of(&sig.to_bytes()));
    assert_eq!(
        es_verifier().verify(&token).unwrap_err(),
        VerifyError::InvalidSignature
    );
}

#[test]
fn jku_and_x5u_are_never_fetched() {
    for param in [
        r#""jku":"https://attacker.example/jwks.json""#,
        r#""x5u":"https://attacker.example/cert.pem""#,
        r#""x5c":["MIIB"]"#,
    ] {
        let header = format!(r#"{{"alg":"HS256",{param}}}"#);
        let t = hs256(
            b"attacker-secret-attacker-secret-32",
            &header,
            &claims(NOW + 60),
        );
        assert_eq!(
            hs_verifier().verify(&t).unwrap_err(),
            VerifyError::InvalidSignature
        );
    }
}

#[test]
fn kid_path_traversal_and_oversized_kid() {
    let key = Hs256Key::new(HS_SECRET).unwrap().with_kid("k1");
    let v = Verifier::new(key, FixedClock(NOW));
    for kid in [
        "../../etc/passwd",
        "k1' OR '1'='1",
        "k1\u{0}",
        "/dev/null",
        "K1",
    ] {
        let header = format!(
            r#"{{"alg":"HS256","kid":{}}}"#,
            serde_json::to_string(kid).unwrap()
        );
        let t = hs256(HS_SECRET, &header, &claims(NOW + 60));
        assert_eq!(
            v.verify(&t).unwrap_err(),
            VerifyError::KeyNotFound,
            "{kid:?}"
        );
    }
    let long = "a".repeat(64 * 1024);
    let header = format!(r#"{{"alg":"HS256","kid":"{long}"}}"#);
    let t = hs256(HS_SECRET, &header, &claims(NOW + 60));
    assert_eq!(
        v.verify(&t).unwrap_err(),
        ParseError::TooLarge { part: Part::Token }.into()
    );
    let roomy =
        Verifier::new(Hs256Key::new(HS_SECRET).unwrap(), FixedClock(NOW)).with_limits(Limits {
            max_token_len: 1 << 20,
            ..Limits::default()
        });
    assert_eq!(
        roomy.verify(&t).unwrap_err(),
        ParseError::TooLarge { part: Part::Header }.into()
    );
}

#[test]
fn psychic_signatures_cve_2022_21449() {
    let t = es256(r#"{"alg":"ES256"}"#, &claims(NOW + 60));
    let v = es_verifier();
    // r = s = 0
    assert_eq!(
        v.verify(&with_signature(&t, &[0u8; 64])).unwrap_err(),
        VerifyError::InvalidSignature
    );
    // r = s = n (the group order)
    let n = hex32("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
    let mut sig = n.to_vec();
    sig.extend_from_slice(&n);
    assert_eq!(
        v.verify(&with_signature(&t, &sig)).unwrap_err(),
        VerifyError::InvalidSignature
    );
    // r = s = 0xff..ff
    assert_eq!(
        v.verify(&with_signature(&t, &[0xffu8; 64])).unwrap_err(),
        VerifyError::InvalidSignature
    );
}

fn hex32(s: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap();
    }
    out
}

#[test]
fn der_and_wrong_length_ecdsa_signatures() {
    use p256::ecdsa::signature::Signer;
    let header = r#"{"alg":"ES256"}"#;
    let input = signing_input(header, &claims(NOW + 60));
    let sig: p256::ecdsa::Signature = p256_signing_key().sign(input.as_bytes());
    let der = sig.to_der();
    let token = format!("{input}.{}", b64_of(der.as_bytes()));
    assert_eq!(
        es_verifier().verify(&token).unwrap_err(),
        VerifyError::InvalidSignature
    );
    let raw = sig.to_bytes();
    for len in [0usize, 1, 32, 63, 65, 96, 128] {
        let mut s = raw.to_vec();
        s.resize(len, 0);
        if len == 0 {
            // An empty signature segment is malformed before any crypto.
            let t = format!("{input}.");
            assert!(matches!(
                es_verifier().verify(&t).unwrap_err(),
                VerifyError::Parse(_)
            ));
            continue;
        }
        assert_eq!(
            es_verifier()
                .verify(&with_signature(&token, &s))
                .unwrap_err(),
            VerifyError::InvalidSignature,
            "{len}"
        );
    }
    // HMAC tags of the wrong length too.
    let t = hs256(HS_SECRET, HS_HEADER, &claims(NOW + 60));
    let tag = jwt_core::b64::decode(t.rsplit('.').next().unwrap(), Part::Signature).unwrap();
    for len in [0usize, 16, 31, 33, 64] {
        let mut s = tag.clone();
        s.resize(len, 0);
        if len == 0 {
            continue;
        }
        assert_eq!(
            hs_verifier().verify(&with_signature(&t, &s)).unwrap_err(),
            VerifyError::InvalidSignature,
            "{len}"
        );
    }
}

#[test]
fn unknown_crit_is_refused() {
    let payload = claims(NOW + 60);
    let t = hs256(
        HS_SECRET,
        r#"{"alg":"HS256","crit":["exp-device"],"exp-device":1}"#,
        &payload,
    );
    assert_eq!(
        hs_verifier().verify(&t).unwrap_err(),
        ParseError::UnsupportedCritical.into()
    );
    // Declared by the caller: accepted, and readable from the header.
    let v = hs_verifier().with_parse_options(ParseOptions::default().allow_critical("exp-device"));
    assert_eq!(
        v.verify(&t).unwrap().header().param("exp-device"),
        Some("1")
    );
    // Malformed crit (RFC 7515 4.1.11): empty, registered names, not strings, absent.
    for header in [
        r#"{"alg":"HS256","crit":[]}"#,
        r#"{"alg":"HS256","crit":["alg"]}"#,
        r#"{"alg":"HS256","crit":["kid"],"kid":"x"}"#,
        r#"{"alg":"HS256","crit":"exp-device","exp-device":1}"#,
        r#"{"alg":"HS256","crit":[1]}"#,
        r#"{"alg":"HS256","crit":["exp-device"]}"#,
        r#"{"alg":"HS256","crit":["exp-device","exp-device"],"exp-device":1}"#,
    ] {
        let t = hs256(HS_SECRET, header, &payload);
        assert!(
            matches!(
                v.verify(&t).unwrap_err(),
                VerifyError::Parse(ParseError::Malformed {
                    part: Part::Header,
                    ..
                })
            ),
            "{header}"
        );
    }
}

#[test]
fn unencoded_payload_b64_false_is_refused() {
    for header in [
        r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#,
        r#"{"alg":"HS256","b64":false}"#,
        r#"{"alg":"HS256","b64":true}"#,
    ] {
        let t = hs256(HS_SECRET, header, &claims(NOW + 60));
        assert_eq!(
            hs_verifier().verify(&t).unwrap_err(),
            ParseError::UnencodedPayload.into(),
            "{header}"
        );
    }
}

#[test]
fn duplicate_members_in_header_and_claims() {
    let dup_header = hs256(
        HS_SECRET,
        r#"{"alg":"HS256","alg":"none"}"#,
        &claims(NOW + 60),
    );
    assert_eq!(
        hs_verifier().verify(&dup_header).unwrap_err(),
        ParseError::DuplicateMember { part: Part::Header }.into()
    );
    let dup_header = hs256(
        HS_SECRET,
        r#"{"alg":"HS256","kid":"a","k\u0069d":"b"}"#,
        &claims(NOW + 60),
    );
    assert_eq!(
        hs_verifier().verify(&dup_header).unwrap_err(),
        ParseError::DuplicateMember { part: Part::Header }.into()
    );
    for payload in [
        format!(r#"{{"exp":{},"exp":{}}}"#, NOW + 60, NOW + 6000),
        format!(r#"{{"exp":{},"sub":"a","sub":"b"}}"#, NOW + 60),
        format!(r#"{{"exp":{},"\u0065xp":{}}}"#, NOW - 60, NOW + 60),
        format!(
            r#"{{"exp":{},"ctx":{{"role":"user","role":"admin"}}}}"#,
            NOW + 60
        ),
    ] {
        let t = hs256(HS_SECRET, HS_HEADER, &payload);
        assert_eq!(
            hs_verifier().verify(&t).unwrap_err(),
            ParseError::DuplicateMember {
                part: Part::Payload
            }
            .into(),
            "{payload}"
        );
    }
}

#[test]
fn non_canonical_base64() {
    let t = hs256(HS_SECRET, HS_HEADER, &claims(NOW + 60));
    let parts: Vec<&str> = t.split('.').collect();
    let join = |h: &str, p: &str, s: &str| format!("{h}.{p}.{s}");
    let mut cases = vec![];
    for (i, part) in [Part::Header, Part::Payload, Part::Signature]
        .into_iter()
        .enumerate()
    {
        let mut segs: Vec<String> = parts.iter().map(|s| s.to_string()).collect();
        let orig = segs[i].clone();
        for bad in [
            format!("{orig}="),
            format!("{orig}=="),
            format!(" {orig}"),
            format!("{orig}\n"),
            format!("{}+{}", &orig[..4], &orig[5..]),
            format!("{}/{}", &orig[..4], &orig[5..]),
        ] {
            segs[i] = bad;
            cases.push((join(&segs[0], &segs[1], &segs[2]), part));
        }
    }
    for (token, part) in cases {
        let err = hs_verifier().verify(&token).unwrap_err();
        assert!(
            matches!(err, VerifyError::Parse(ParseError::Malformed { part: p, .. }) if p == part),
            "{token}: {err:?}"
        );
    }
    // Trailing bits: the HS256 tag is 32 bytes = 43 chars, the last char
    // carries 2 unused bits. Flip them.
    let sig = parts[2];
    let last = sig.chars().last().unwrap();
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let idx = alphabet.find(last).unwrap();
    let tweaked = alphabet.chars().nth(idx ^ 1).unwrap();
    let bad = format!(
        "{}.{}.{}{}",
        parts[0],
        parts[1],
        &sig[..sig.len() - 1],
        tweaked
    );
    assert!(matches!(
        hs_verifier().verify(&bad).unwrap_err(),
        VerifyError::Parse(ParseError::Malformed {
            part: Part::Signature,
            ..
        })
    ));
}

#[test]
fn numeric_date_edge_cases() {
    let v = hs_verifier();
    for exp in [
        "\"9999999999\"",
        "true",
        "null",
        "[9999999999]",
        "{}",
        "1e400",
        "9223372036854775808",
        "18446744073709551616",
    ] {
        let t = hs256(HS_SECRET, HS_HEADER, &format!(r#"{{"exp":{exp}}}"#));
        assert_eq!(
            v.verify(&t).unwrap_err(),
            VerifyError::InvalidClaim {
                claim: "exp".into()
            },
            "{exp}"
        );
    }
    for nbf in ["\"0\"", "false", "null", "1e400", "-9223372036854775809"] {
        let t = hs256(
            HS_SECRET,
            HS_HEADER,
            &format!(r#"{{"exp":{},"nbf":{nbf}}}"#, NOW + 60),
        );
        assert_eq!(
            v.verify(&t).unwrap_err(),
            VerifyError::InvalidClaim {
                claim: "nbf".into()
            },
            "{nbf}"
        );
    }
    // 2^63 - 1 is a valid (far) expiry; floats round to the strict side.
    let t = hs256(HS_SECRET, HS_HEADER, r#"{"exp":9223372036854775807}"#);
    v.verify(&t).unwrap();
    let t = hs256(HS_SECRET, HS_HEADER, &format!(r#"{{"exp":{}.9}}"#, NOW));
    assert_eq!(
        v.verify(&t).unwrap_err(),
        VerifyError::Expired,
        "exp rounds down"
    );
    let t = hs256(
        HS_SECRET,
        HS_HEADER,
        &format!(r#"{{"exp":{},"nbf":{}.1}}"#, NOW + 60, NOW),
    );
    assert_eq!(
        v.verify(&t).unwrap_err(),
        VerifyError::NotYetValid,
        "nbf rounds up"
    );
    let t = hs256(
        HS_SECRET,
        HS_HEADER,
        &format!(r#"{{"exp":{}.5,"nbf":{}.0}}"#, NOW + 1, NOW),
    );
    v.verify(&t).unwrap();
}

#[test]
fn exp_exactly_at_now_is_expired() {
    let t = hs256(HS_SECRET, HS_HEADER, &format!(r#"{{"exp":{NOW}}}"#));
    assert_eq!(hs_verifier().verify(&t).unwrap_err(), VerifyError::Expired);
    let t = hs256(HS_SECRET, HS_HEADER, &format!(r#"{{"exp":{}}}"#, NOW + 1));
    hs_verifier().verify(&t).unwrap();
}

#[test]
fn one_megabyte_token() {
    let big = format!(r#"{{"exp":{},"pad":"{}"}}"#, NOW + 60, "x".repeat(1 << 20));
    let t = hs256(HS_SECRET, HS_HEADER, &big);
    assert_eq!(
        hs_verifier().verify(&t).unwrap_err(),
        ParseError::TooLarge { part: Part::Token }.into()
    );
    let t = "a".repeat(1 << 20);
    assert_eq!(
        hs_verifier().verify(&t).unwrap_err(),
        ParseError::TooLarge { part: Part::Token }.into()
    );
}

#[test]
fn ten_thousand_deep_json() {
    let deep = format!(
        r#"{{"exp":{},"x":{}{}}}"#,
        NOW + 60,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let t = hs256(HS_SECRET, HS_HEADER, &deep);
    let v = hs_verifier().with_limits(Limits {
        max_token_len: 1 << 20,
        ..Limits::default()
    });
    assert_eq!(
        v.verify(&t).unwrap_err(),
        ParseError::TooDeep {
            part: Part::Payload
        }
        .into()
    );
    let deep_header = format!(
        r#"{{"alg":"HS256","x":{}{}}}"#,
        "[".repeat(500),
        "]".repeat(500)
    );
    let t = hs256(HS_SECRET, &deep_header, &claims(NOW + 60));
    assert_eq!(
        v.verify(&t).unwrap_err(),
        ParseError::TooDeep { part: Part::Header }.into()
    );
}

#[test]
fn invalid_utf8_in_header_and_payload() {
    let bad = [0x7b, 0x22, 0x61, 0xff, 0x22, 0x3a, 0x31, 0x7d]; // {"a\xff":1}
    let header_b64 = b64_of(br#"{"alg":"HS256"}"#);
    let input = format!("{header_b64}.{}", b64_of(&bad));
    let t = format!("{input}.{}", b64_of(&hmac256(HS_SECRET, input.as_bytes())));
    assert_eq!(
        hs_verifier().verify(&t).unwrap_err(),
        ParseError::Malformed {
            part: Part::Payload,
            reason: "not valid UTF-8"
        }
        .into()
    );
    let input = format!("{}.{}", b64_of(&bad), b64_of(claims(NOW + 60).as_bytes()));
    let t = format!("{input}.{}", b64_of(&hmac256(HS_SECRET, input.as_bytes())));
    assert_eq!(
        hs_verifier().verify(&t).unwrap_err(),
        ParseError::Malformed {
            part: Part::Header,
            reason: "not valid UTF-8"
        }
        .into()
    );
}

#[test]
fn five_segments_and_json_serialisation() {
    let jwe = "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJRgckCL9kiMT03JGeipsEdY3mx_etLbbWSrFr05kLzcSr4qKAq7YN7e9jwQRb23nfa6c9d-StnImGyFDbSv04uVuxIp5Zms1gNxKKK2Da14B8S4rzVRltdYwam_lDp5XnZAYpQdb76FdIKLaVmqgfwX7XWRxv2322i-vDxRfqNzo_tETKzpVLzfiwQyeyPGLBIO56YJ7eObdv0je81860ppamavo35UgoRdbYaBcoh9QcfylQr66oc6vFWXRcZ_ZT2LawVCWTIy3brGPi6UklfCpIMfIjf7iGdXKHzg.48V1_ALb6US04U3b.5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6jiSdiwkIr3ajwQzaBtQD_A.XFBoMYUZodetZdvTiFvSkQ";
    assert_eq!(
        hs_verifier().verify(jwe).unwrap_err(),
        ParseError::Encrypted.into()
    );
    let json =
        r#"{"payload":"eyJleHAiOjF9","protected":"eyJhbGciOiJIUzI1NiJ9","signature":"AAAA"}"#;
    assert_eq!(
        hs_verifier().verify(json).unwrap_err(),
        ParseError::JsonSerialization.into()
    );
    for t in ["a.b", "a.b.c.d", "a.b.c.d.e.f", "", "...", "abc"] {
        assert!(
            matches!(hs_verifier().verify(t).unwrap_err(), VerifyError::Parse(_)),
            "{t}"
        );
    }
}

#[test]
fn typ_confusion_refresh_token_where_access_expected() {
    let v = hs_verifier().with_validation(Validation::new().typ("JWT"));
    let refresh = hs256(
        HS_SECRET,
        r#"{"alg":"HS256","typ":"refresh+jwt"}"#,
        &claims(NOW + 60),
    );
    assert_eq!(v.verify(&refresh).unwrap_err(), VerifyError::TypMismatch);
    let untyped = hs256(HS_SECRET, r#"{"alg":"HS256"}"#, &claims(NOW + 60));
    assert_eq!(v.verify(&untyped).unwrap_err(), VerifyError::TypMismatch);
    let access = hs256(
        HS_SECRET,
        r#"{"alg":"HS256","typ":"application/jwt"}"#,
        &claims(NOW + 60),
    );
    v.verify(&access).unwrap();
    // And the reverse: an access token is not a refresh token.
    let rv = hs_verifier().with_validation(Validation::new().typ("refresh+jwt"));
    assert_eq!(rv.verify(&access).unwrap_err(), VerifyError::TypMismatch);
}

#[test]
fn claims_are_not_parsed_before_the_signature_is_checked() {
    // A forged token with malformed claims reports the signature, proving
    // the payload was never decoded.
    let t = hs256(
        b"wrong-secret-wrong-secret-wrong-secret",
        HS_HEADER,
        r#"{"exp":"x","exp":1}"#,
    );
    assert_eq!(
        hs_verifier().verify(&t).unwrap_err(),
        VerifyError::InvalidSignature
    );
}

/// The verifier remembers the header of the first token that passed every
/// check and reuses it for tokens with a byte-identical header segment.
/// That must change no result: a warmed-up verifier and a fresh one agree
/// on tokens sharing the remembered header (forged, expired, malformed)
/// and on tokens with other headers; a forged token never becomes the
/// remembered one.
#[test]
fn remembered_header_changes_no_result() {
    let warm = hs_verifier();
    // A forged token first: it must not be remembered.
    let forged = hs256(
        b"another-secret-another-secret-32",
        HS_HEADER,
        &claims(NOW + 60),
    );
    assert_eq!(
        warm.verify(&forged).unwrap_err(),
        VerifyError::InvalidSignature
    );
    let good = hs256(HS_SECRET, HS_HEADER, &claims(NOW + 60));
    warm.verify(&good).unwrap();
    let header_b64 = good.split('.').next().unwrap().to_string();
    let sig = |input: &str| b64_of(&hmac256(HS_SECRET, input.as_bytes()));
    let same_header = |payload: &str| {
        let input = format!("{header_b64}.{payload}");
        format!("{input}.{}", sig(&input))
    };
    let mut tokens = vec![
        good.clone(),
        forged,
        same_header(&b64_of(claims(NOW - 10).as_bytes())),
        same_header(&b64_of(b"{\"exp\":1,\"exp\":2}")),
        same_header(&b64_of(b"not json")),
        same_header("!!!"),
        same_header(""),
        format!("{header_b64}.{}.", b64_of(claims(NOW + 60).as_bytes())),
        format!("{header_b64}.{}", b64_of(claims(NOW + 60).as_bytes())),
        format!("{header_b64}x.{}", &good[good.find('.').unwrap() + 1..]),
    ];
    for header in [
        r#"{"alg":"none"}"#,
        r#"{"alg":"HS256","crit":["exp"],"exp":1}"#,
        r#"{"alg":"HS256","alg":"HS256"}"#,
        r#"{"alg":"HS384"}"#,
        r#"{"alg":"HS256","kid":"other"}"#,
        r#"{"alg":"HS256","b64":false}"#,
    ] {
        tokens.push(hs256(HS_SECRET, header, &claims(NOW + 60)));
    }
    for t in &tokens {
        let fresh = hs_verifier();
        let a = warm
            .verify(t)
            .map(|v| (v.header().json().to_string(), v.payload_json().to_string()));
        let b = fresh
            .verify(t)
            .map(|v| (v.header().json().to_string(), v.payload_json().to_string()));
        assert_eq!(a, b, "{t}");
        let mut buf = [0u8; 1024];
        let a = warm.verify_in(t, &mut buf).map(|v| v.claims().exp());
        let mut buf = [0u8; 1024];
        let b = fresh.verify_in(t, &mut buf).map(|v| v.claims().exp());
        assert_eq!(a, b, "{t}");
    }
    // Stricter options start from nothing: the same good token now fails
    // the lower limit, remembered header or not.
    let strict = warm.clone().with_limits(jwt_core::Limits {
        max_header_len: 4,
        ..jwt_core::Limits::default()
    });
    assert!(strict.verify(&good).is_err());
}
