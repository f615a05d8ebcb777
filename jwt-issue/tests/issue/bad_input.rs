use jwt_issue::{
    EdDsaSigningKey, Es256SigningKey, Es384SigningKey, Es512SigningKey, Hs256SigningKey,
    Hs384SigningKey, Hs512SigningKey, IssueError, Ps256SigningKey, Rs256SigningKey,
};

use crate::common::{data, data_bytes};

const PUBLIC_GIVEN: IssueError = IssueError::Mismatch {
    reason: "a public key was given where a private key is needed",
};

#[test]
fn short_hmac_secrets_are_rejected_on_every_path() {
    let short = IssueError::KeyRejected {
        reason: "the HMAC secret is shorter than the hash output (RFC 7518 3.2)",
    };
    assert_eq!(Hs256SigningKey::new(&[1; 31]).unwrap_err(), short);
    assert_eq!(Hs384SigningKey::new(&[1; 47]).unwrap_err(), short);
    assert_eq!(Hs512SigningKey::new(&[1; 63]).unwrap_err(), short);
    assert_eq!(Hs256SigningKey::new(b"secret").unwrap_err(), short);
    // A 32-byte secret is enough for HS256, not for HS512, whatever the
    // JWK says.
    let jwk = Hs256SigningKey::new(&[1; 32]).unwrap().to_private_jwk();
    assert_eq!(
        Hs512SigningKey::from_jwk_json(&jwk.replace("HS256", "HS512")).unwrap_err(),
        short
    );
}

#[test]
fn rsa_1024_is_rejected() {
    let err = IssueError::KeyRejected {
        reason: "RSA modulus is shorter than 2048 bits",
    };
    assert_eq!(
        Rs256SigningKey::from_pem(&data("rsa1024-pkcs8.pem")).unwrap_err(),
        err
    );
    assert_eq!(
        Ps256SigningKey::from_pem(&data("rsa1024-pkcs8.pem")).unwrap_err(),
        err
    );
    assert_eq!(
        Rs256SigningKey::generate_with_bits(&mut crate::common::TestRng::new(0), 1024).unwrap_err(),
        err
    );
}

#[test]
fn a_public_key_where_a_private_key_is_needed() {
    assert_eq!(
        Rs256SigningKey::from_pem(&data("rsa2048-public.pem")).unwrap_err(),
        PUBLIC_GIVEN
    );
    assert_eq!(
        Es256SigningKey::from_pem(&data("p256-public.pem")).unwrap_err(),
        PUBLIC_GIVEN
    );
    // SPKI DER handed to the DER readers.
    let (_, spki) = pkcs8::der::pem::decode_vec(data("p256-public.pem").as_bytes()).unwrap();
    assert_eq!(
        Es256SigningKey::from_pkcs8_der(&spki).unwrap_err(),
        PUBLIC_GIVEN
    );
    assert_eq!(
        Es256SigningKey::from_sec1_der(&spki).unwrap_err(),
        PUBLIC_GIVEN
    );
    // Public JWKs.
    let rsa = Rs256SigningKey::from_pem(&data("rsa2048-pkcs8.pem")).unwrap();
    let ec = Es256SigningKey::from_pem(&data("p256-sec1.pem")).unwrap();
    let ed = EdDsaSigningKey::from_pem(&data("ed25519-pkcs8.pem")).unwrap();
    use jwt_issue::SigningKey;
    assert_eq!(
        Rs256SigningKey::from_jwk_json(&rsa.public_jwk().unwrap()).unwrap_err(),
        PUBLIC_GIVEN
    );
    assert_eq!(
        Es256SigningKey::from_jwk_json(&ec.public_jwk().unwrap()).unwrap_err(),
        PUBLIC_GIVEN
    );
    assert_eq!(
        EdDsaSigningKey::from_jwk_json(&ed.public_jwk().unwrap()).unwrap_err(),
        PUBLIC_GIVEN
    );
}

#[test]
fn encrypted_keys_are_not_supported() {
    assert_eq!(
        Es256SigningKey::from_pem(&data("encrypted-pkcs8.pem")).unwrap_err(),
        IssueError::Encrypted
    );
    assert_eq!(
        Es256SigningKey::from_pem(&data("encrypted-legacy-ec.pem")).unwrap_err(),
        IssueError::Encrypted
    );
    assert_eq!(
        Rs256SigningKey::from_pem(&data("encrypted-pkcs8.pem")).unwrap_err(),
        IssueError::Encrypted
    );
    assert_eq!(
        Es256SigningKey::from_pkcs8_der(&data_bytes("encrypted-pkcs8.der")).unwrap_err(),
        IssueError::Encrypted
    );
    assert_eq!(
        IssueError::Encrypted.to_string(),
        "encrypted keys are not supported"
    );
}

#[test]
fn malformed_pem() {
    let cases = [
        ("", "not a PEM document (RFC 7468)"),
        ("hello", "not a PEM document (RFC 7468)"),
        (
            "-----BEGIN PRIVATE KEY-----\nMIIB\n",
            "a PEM block has no matching END line",
        ),
        (
            "-----BEGIN PRIVATE KEY-----\n****\n-----END PRIVATE KEY-----\n",
            "the PEM body is not valid base64",
        ),
        (
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
            "not a DER PKCS#8 PrivateKeyInfo",
        ),
        (
            "-----BEGIN SOMETHING-----\nAAAA\n-----END SOMETHING-----\n",
            "unexpected PEM label for a private key",
        ),
    ];
    for (pem, reason) in cases {
        assert_eq!(
            Es256SigningKey::from_pem(pem).unwrap_err(),
            IssueError::Malformed { reason },
            "{pem:?}"
        );
    }
    // A truncated real key.
    let text = data("rsa2048-pkcs8.pem");
    let mut lines: Vec<&str> = text.lines().collect();
    lines.remove(5);
    assert!(matches!(
        Rs256SigningKey::from_pem(&lines.join("\n")),
        Err(IssueError::Malformed { .. })
    ));
}

#[test]
fn keys_of_the_wrong_type_or_curve() {
    assert_eq!(
        Es256SigningKey::from_pem(&data("rsa2048-pkcs1.pem")).unwrap_err(),
        IssueError::Mismatch {
            reason: "an RSA key was given where an EC key is needed"
        }
    );
    assert_eq!(
        Es256SigningKey::from_pem(&data("rsa2048-pkcs8.pem")).unwrap_err(),
        IssueError::Mismatch {
            reason: "an RSA key was given where another key type is needed"
        }
    );
    assert_eq!(
        Rs256SigningKey::from_pem(&data("p256-sec1.pem")).unwrap_err(),
        IssueError::Mismatch {
            reason: "an EC key was given where an RSA key is needed"
        }
    );
    let other_curve = IssueError::Mismatch {
        reason: "the EC key is on another curve",
    };
    assert_eq!(
        Es384SigningKey::from_pem(&data("p256-sec1.pem")).unwrap_err(),
        other_curve
    );
    assert_eq!(
        Es384SigningKey::from_pem(&data("p256-pkcs8.pem")).unwrap_err(),
        other_curve
    );
    assert_eq!(
        Es512SigningKey::from_sec1_der(&data_bytes("p384-sec1.der")).unwrap_err(),
        other_curve
    );
    // EC PARAMETERS naming another curve than the key block.
    let p384 = data("p384-sec1.pem");
    let p256 = data("p256-sec1.pem");
    let mixed = format!(
        "{}{}",
        &p384[..p384.find("-----BEGIN EC PRIVATE KEY").unwrap()],
        &p256[p256.find("-----BEGIN EC PRIVATE KEY").unwrap()..]
    );
    assert_eq!(Es256SigningKey::from_pem(&mixed).unwrap_err(), other_curve);
    assert_eq!(
        EdDsaSigningKey::from_pem(&data("ed448-pkcs8.pem")).unwrap_err(),
        IssueError::Unsupported {
            reason: "Ed448 keys are not supported"
        }
    );
    assert_eq!(
        EdDsaSigningKey::from_pem(&data("p256-pkcs8.pem")).unwrap_err(),
        IssueError::Mismatch {
            reason: "an EC key was given where another key type is needed"
        }
    );
}

#[test]
fn jwk_with_a_missing_member() {
    let ec = r#"{"kty":"EC","crv":"P-256","x":"gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0","d":"8Y8ekZ1ZtPfkQ8pQbdfn8YVnjFG0JdLBJ1h7AaDB3jE"}"#;
    assert_eq!(
        Es256SigningKey::from_jwk_json(ec).unwrap_err(),
        IssueError::MissingMember { name: "y" }
    );
    assert_eq!(
        Es256SigningKey::from_jwk_json(r#"{"kty":"EC","x":"AA","y":"AA","d":"AA"}"#).unwrap_err(),
        IssueError::MissingMember { name: "crv" }
    );
    assert_eq!(
        Hs256SigningKey::from_jwk_json(r#"{"kty":"oct"}"#).unwrap_err(),
        IssueError::MissingMember { name: "k" }
    );
    assert_eq!(
        Hs256SigningKey::from_jwk_json(r#"{"k":"AA"}"#).unwrap_err(),
        IssueError::MissingMember { name: "kty" }
    );
    assert_eq!(
        EdDsaSigningKey::from_jwk_json(
            r#"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"}"#
        )
        .unwrap_err(),
        IssueError::MissingMember { name: "x" }
    );
    // An RSA private JWK without qi.
    let full = Rs256SigningKey::from_pem(&data("rsa2048-pkcs8.pem"))
        .unwrap()
        .to_private_jwk();
    let mut v: serde_json::Value = serde_json::from_str(&full).unwrap();
    v.as_object_mut().unwrap().remove("qi");
    assert_eq!(
        Rs256SigningKey::from_jwk_json(&v.to_string()).unwrap_err(),
        IssueError::MissingMember { name: "qi" }
    );
    // ... and one whose dp was tampered with.
    let mut v: serde_json::Value = serde_json::from_str(&full).unwrap();
    v["dp"] = serde_json::Value::from("AQAB");
    assert!(matches!(
        Rs256SigningKey::from_jwk_json(&v.to_string()),
        Err(IssueError::KeyRejected { .. })
    ));
}

#[test]
fn jwk_contradictions() {
    let ec = Es256SigningKey::from_pem(&data("p256-sec1.pem")).unwrap();
    let jwk = ec.to_private_jwk();
    assert!(matches!(
        Es256SigningKey::from_jwk_json(&jwk.replace("\"ES256\"", "\"ES384\"")),
        Err(IssueError::Mismatch { .. })
    ));
    assert!(matches!(
        Es384SigningKey::from_jwk_json(&jwk),
        Err(IssueError::Mismatch { .. })
    ));
    // x from another key.
    let other = Es256SigningKey::generate(&mut crate::common::TestRng::new(5))
        .unwrap()
        .to_private_jwk();
    let v_other: serde_json::Value = serde_json::from_str(&other).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&jwk).unwrap();
    v["x"] = v_other["x"].clone();
    assert_eq!(
        Es256SigningKey::from_jwk_json(&v.to_string()).unwrap_err(),
        IssueError::Mismatch {
            reason: "the JWK's x and y are not the public point of its d"
        }
    );
    // Duplicate members are an attack, not a typo.
    let dup = jwk.replacen("{", r#"{"d":"AAAA","#, 1);
    assert_eq!(
        Es256SigningKey::from_jwk_json(&dup).unwrap_err(),
        IssueError::Malformed {
            reason: "the JWK has a duplicate member name"
        }
    );
    assert!(matches!(
        Es256SigningKey::from_jwk_json("[]"),
        Err(IssueError::Malformed { .. })
    ));
}

#[test]
fn error_messages_never_echo_key_material() {
    let secret_pem = data("p256-sec1.pem");
    let body_line = secret_pem.lines().nth(4).unwrap();
    for text in [
        secret_pem.replace("EC PRIVATE KEY", "XX PRIVATE KEY"),
        secret_pem.replace('A', "*"),
    ] {
        let msg = Es256SigningKey::from_pem(&text).unwrap_err().to_string();
        assert!(!msg.contains(&body_line[..16]), "{msg}");
    }
    let msg = format!("{:?}", Es256SigningKey::from_pem(&secret_pem).unwrap());
    assert!(!msg.contains(&body_line[..16]));
}

#[test]
fn jwks_refuses_secrets_and_duplicate_kids() {
    let hs = Hs256SigningKey::new(&[1; 32]).unwrap();
    let ec = Es256SigningKey::from_pem(&data("p256-sec1.pem")).unwrap();
    assert_eq!(
        jwt_issue::jwks(&[&ec, &hs]).unwrap_err(),
        IssueError::Unsupported {
            reason: "HMAC keys are secret and cannot be published in a JWKS"
        }
    );
    let same = Es256SigningKey::from_pem(&data("p256-pkcs8.pem")).unwrap();
    assert_eq!(
        jwt_issue::jwks(&[&ec, &same]).unwrap_err(),
        IssueError::KeyRejected {
            reason: "two keys in the set share a kid"
        }
    );
    // Distinct kids make it a valid (if odd) set.
    jwt_issue::jwks(&[&ec, &same.with_kid("second")]).unwrap();
}
