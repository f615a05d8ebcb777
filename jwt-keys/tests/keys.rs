//! jwt-keys integration tests, one module per topic:
//! - `raw_secret_rule`: bytes that are key material never become an HMAC
//!   secret, whatever algorithm is named (CVE-2015-9235, CVE-2016-10555,
//!   CVE-2022-29217 through a key loader);
//! - `detection`: each format users hold is recognised as what it is.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use jwt_keys::{
    Algorithm, HmacSecret, KeyError, KeyFormat, KeyHint, KeyKind, KeyMaterial,
    MAX_KEY_MATERIAL_BYTES, PrivateKeyDer, PublicKeyDer,
};

fn data(path: &str) -> Vec<u8> {
    let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// Every key file of the confusion corpus, with what it must be called.
const KEY_FILES: &[(&str, &str)] = &[
    ("tests/data/rsa-spki.der", "DER SubjectPublicKeyInfo"),
    ("tests/data/rsa-pkcs1-pub.der", "DER PKCS#1 RSA public key"),
    ("tests/data/rsa-pkcs8.der", "DER PKCS#8 private key"),
    ("tests/data/rsa-pkcs1.der", "DER PKCS#1 RSA private key"),
    ("tests/data/ec256-sec1.der", "DER SEC1 EC private key"),
    ("tests/data/ec256-spki.der", "DER SubjectPublicKeyInfo"),
    ("tests/data/rsa-cert.der", "DER X.509 certificate"),
    ("tests/data/rsa-cert.pem", "PEM"),
    ("tests/data/ec256-cert.pem", "PEM"),
    ("tests/data/rsa-key-and-cert-bag-attributes.pem", "PEM"),
    ("tests/data/rsa-spki-bom.pem", "PEM"),
    ("tests/data/rsa-spki-72col-crlf.pem", "PEM"),
    ("tests/data/ssh-rsa.pub", "OpenSSH"),
    ("tests/data/ecdsa-nistp256.pub", "OpenSSH"),
    ("tests/data/ssh-ed25519.pub", "OpenSSH"),
    ("tests/data/openssh-ed25519", "OpenSSH"),
    ("tests/data/ssh2-rsa.pub", "SSH2"),
    ("tests/data/putty-rsa.ppk", "PuTTY"),
    ("../jwt-cli/tests/data/rsa2048-spki.pem", "PEM"),
    ("../jwt-cli/tests/data/rsa2048-pkcs1-pub.pem", "PEM"),
    ("../jwt-cli/tests/data/rsa2048-pkcs1.pem", "PEM"),
    ("../jwt-cli/tests/data/ec256-sec1.pem", "PEM"),
    ("../jwt-cli/tests/data/ec384-pkcs8.pem", "PEM"),
    ("../jwt-cli/tests/data/ed25519.pem", "PEM"),
    ("../jwt-cli/tests/data/ec256-encrypted.pem", "PEM"),
    (
        "../jwt-issue/tests/data/encrypted-pkcs8.der",
        "encrypted PKCS#8",
    ),
    ("../jwt-issue/tests/data/ed448-pkcs8.pem", "PEM"),
];

const HMAC: [Algorithm; 3] = [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512];

mod raw_secret_rule {
    use super::*;

    #[test]
    fn key_files_are_never_hmac_secrets_whatever_hmac_algorithm_is_named() {
        for (path, name) in KEY_FILES {
            let bytes = data(path);
            for alg in HMAC {
                match KeyMaterial::from_bytes(&bytes, KeyHint::new().algorithm(alg)) {
                    Err(KeyError::NotASecret { found }) => {
                        assert!(found.contains(name), "{path}: called {found:?}, not {name}");
                        let message = KeyError::NotASecret { found }.to_string();
                        assert!(message.contains("never a shared secret"), "{message}");
                    }
                    other => panic!("{path} with {alg}: {other:?}"),
                }
            }
        }
    }

    #[test]
    fn key_files_without_an_algorithm_are_keys_or_named_refusals_never_secrets() {
        for (path, _) in KEY_FILES {
            match KeyMaterial::from_bytes(&data(path), KeyHint::new()) {
                Ok(KeyMaterial::Keys(_)) => {}
                Err(KeyError::Unsupported { .. } | KeyError::Encrypted) => {}
                other => panic!("{path}: {other:?}"),
            }
        }
    }

    #[test]
    fn pem_armour_anywhere_is_refused_as_a_secret() {
        for text in [
            "my-secret-value-that-is-long-enough -----BEGIN PUBLIC KEY----- and more",
            "\u{feff}-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----\n",
            "0123456789abcdef0123456789abcdef\n-----BEGIN CERTIFICATE-----\n",
        ] {
            for alg in HMAC {
                assert!(
                    matches!(
                        KeyMaterial::from_bytes(text.as_bytes(), KeyHint::new().algorithm(alg)),
                        Err(KeyError::NotASecret { .. })
                    ),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn json_is_never_a_secret_but_an_oct_jwk_is_a_jwk() {
        let oct = br#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#;
        assert!(matches!(
            KeyMaterial::from_bytes(oct, KeyHint::new().algorithm(Algorithm::HS256)),
            Ok(KeyMaterial::Jwk(_))
        ));
        for json in [
            &br#"{"some":"object"}"#[..],
            b"[1, 2, 3]",
            br#"{"kty":"RSA","n":"truncated"#,
            br#"  {"keys": [ broken"#,
            br#"{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----"}"#,
        ] {
            for alg in HMAC {
                assert!(
                    matches!(
                        KeyMaterial::from_bytes(json, KeyHint::new().algorithm(alg)),
                        Err(KeyError::NotASecret { .. })
                    ),
                    "{}",
                    String::from_utf8_lossy(json)
                );
            }
        }
    }

    #[test]
    fn unrecognised_bytes_are_a_secret_only_with_an_hmac_algorithm() {
        let secret = [0x5au8; 32];
        assert_eq!(
            KeyMaterial::from_bytes(&secret, KeyHint::new()),
            Err(KeyError::UnrecognisedFormat)
        );
        for alg in [Algorithm::RS256, Algorithm::ES256, Algorithm::EdDSA] {
            assert_eq!(
                KeyMaterial::from_bytes(&secret, KeyHint::new().algorithm(alg)),
                Err(KeyError::UnrecognisedFormat),
                "{alg}"
            );
        }
        for alg in HMAC {
            match KeyMaterial::from_bytes(&secret, KeyHint::new().algorithm(alg)).unwrap() {
                KeyMaterial::Secret(s) => {
                    assert_eq!(s.as_bytes(), secret);
                    // Debug never shows the bytes.
                    assert_eq!(format!("{s:?}"), "HmacSecret(32 bytes)");
                }
                other => panic!("{other:?}"),
            }
        }
        // A secret that merely starts with the DER SEQUENCE byte is still
        // a secret when it is no key structure.
        let mut seq_like = [0x41u8; 40];
        seq_like[0] = 0x30;
        seq_like[1] = 0x26;
        assert!(matches!(
            KeyMaterial::from_bytes(&seq_like, KeyHint::new().algorithm(Algorithm::HS256)),
            Ok(KeyMaterial::Secret(_))
        ));
    }

    #[test]
    fn the_lean_raw_secret_path_refuses_every_key_file_too() {
        // `HmacSecret::from_raw` links no PEM, DER or X.509 parser (the
        // HMAC-only firmware path) yet refuses the whole corpus.
        for (path, _) in KEY_FILES {
            assert!(
                matches!(
                    HmacSecret::from_raw(&data(path)),
                    Err(KeyError::NotASecret { .. })
                ),
                "{path}"
            );
        }
        for json in [&br#"{"kty":"oct","k":"AAAA"}"#[..], b"  [1]"] {
            assert!(matches!(
                HmacSecret::from_raw(json),
                Err(KeyError::NotASecret { .. })
            ));
        }
        assert!(matches!(
            HmacSecret::from_raw(b""),
            Err(KeyError::Malformed { .. })
        ));
        assert!(matches!(
            HmacSecret::from_raw(&vec![b'a'; MAX_KEY_MATERIAL_BYTES + 1]),
            Err(KeyError::TooLarge { .. })
        ));
    }

    #[test]
    fn a_complete_der_sequence_is_never_a_secret_whatever_it_holds() {
        // SEQUENCE { INTEGER 1, OCTET STRING (28 bytes) }: no key
        // structure, but the shape of one; both paths refuse it.
        let mut der = vec![0x30, 0x21, 0x02, 0x01, 0x01, 0x04, 0x1c];
        der.extend([0x5a; 28]);
        for alg in HMAC {
            assert!(matches!(
                KeyMaterial::from_bytes(&der, KeyHint::new().algorithm(alg)),
                Err(KeyError::NotASecret { found }) if found.contains("DER")
            ));
        }
        assert!(matches!(
            HmacSecret::from_raw(&der),
            Err(KeyError::NotASecret { .. })
        ));
        // High tag numbers inside (an attribute value of any type, as a
        // certificate may hold): still the shape.
        let mut high = vec![0x30, 0x21, 0x1f, 0x81, 0x01, 0x1c];
        high.extend([0x5a; 28]);
        high[1] = u8::try_from(high.len() - 2).unwrap();
        assert!(matches!(
            HmacSecret::from_raw(&high),
            Err(KeyError::NotASecret { .. })
        ));
        // Long-form lengths too.
        let mut long = vec![0x30, 0x81, 0x83, 0x04, 0x81, 0x80];
        long.extend([7u8; 128]);
        assert!(matches!(
            HmacSecret::from_raw(&long),
            Err(KeyError::NotASecret { .. })
        ));
        // Not that shape (trailing bytes, a length past the end, a
        // non-minimal length, malformed contents): a secret.
        let mut trailing = der.clone();
        trailing.push(0);
        let mut past_end = der.clone();
        past_end[1] = 0x22;
        let mut non_minimal = vec![0x30, 0x81, 0x21];
        non_minimal.extend(&der[2..]);
        let mut bad_inner = der.clone();
        bad_inner[6] = 0x1d; // the OCTET STRING's length, one too many
        for bytes in [trailing, past_end, non_minimal, bad_inner] {
            assert!(HmacSecret::from_raw(&bytes).is_ok(), "{bytes:02x?}");
            assert!(matches!(
                KeyMaterial::from_bytes(&bytes, KeyHint::new().algorithm(Algorithm::HS256)),
                Ok(KeyMaterial::Secret(_))
            ));
        }
    }

    #[test]
    fn opaque_contents_below_the_top_level_keep_the_der_shape() {
        // Found by the fuzz target `key_material` (crash-8d4416eb, CI of
        // 2026-11-30): a P-256 SPKI whose algorithm parameters are a
        // constructed private-class element [PRIVATE 24] holding the
        // curve's OID bytes, which are not DER elements. The SPKI parser
        // reads the parameters as ANY without looking inside, so the
        // factory recognises an SPKI; the lean rule, which then parsed
        // every level, called it a secret. Both refuse it now.
        let mut spki = vec![
            0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0xf8,
            0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04,
        ];
        spki.extend((0u8..64).map(|i| i.wrapping_mul(37)));
        assert_eq!(spki.len(), 91);
        assert!(matches!(
            HmacSecret::from_raw(&spki),
            Err(KeyError::NotASecret { .. })
        ));
        assert!(matches!(
            KeyMaterial::from_bytes(&spki, KeyHint::new().algorithm(Algorithm::HS256)),
            Err(KeyError::NotASecret { .. })
        ));
        // The same with a universal SEQUENCE as the opaque parameters.
        spki[13] = 0x30;
        assert!(HmacSecret::from_raw(&spki).is_err());
        assert!(
            KeyMaterial::from_bytes(&spki, KeyHint::new().algorithm(Algorithm::HS256)).is_err()
        );
    }

    #[test]
    fn random_secrets_are_secrets() {
        // 200,000 pseudo-random secrets of 32 to 95 bytes (xorshift, fixed
        // seed), including every one that starts with `{`, `[` or the
        // SEQUENCE byte: none is refused. (The DER shape needs the length
        // byte to match and the contents to split into elements: about 1
        // in 1.5 * 10^7.)
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..200_000 {
            let len = 32 + usize::try_from(next() % 64).unwrap();
            let secret: Vec<u8> = (0..len).map(|_| next().to_le_bytes()[0]).collect();
            assert!(
                HmacSecret::from_raw(&secret).is_ok(),
                "refused a random secret: {secret:02x?}"
            );
        }
    }

    #[test]
    fn empty_and_oversized_input_are_refused_before_decoding() {
        assert!(matches!(
            KeyMaterial::from_bytes(b"", KeyHint::new().algorithm(Algorithm::HS256)),
            Err(KeyError::Malformed { .. })
        ));
        let huge = vec![b'a'; MAX_KEY_MATERIAL_BYTES + 1];
        assert_eq!(
            KeyMaterial::from_bytes(&huge, KeyHint::new().algorithm(Algorithm::HS256)),
            Err(KeyError::TooLarge {
                limit: MAX_KEY_MATERIAL_BYTES
            })
        );
    }
}

mod detection {
    use super::*;

    fn keys(path: &str) -> jwt_keys::KeyBundle {
        match KeyMaterial::from_bytes(&data(path), KeyHint::new()) {
            Ok(KeyMaterial::Keys(b)) => b,
            other => panic!("{path}: {other:?}"),
        }
    }

    fn unsupported(path: &str) -> &'static str {
        match KeyMaterial::from_bytes(&data(path), KeyHint::new()) {
            Err(KeyError::Unsupported { reason }) => reason,
            other => panic!("{path}: {other:?}"),
        }
    }

    #[test]
    fn der_formats_are_keys_of_the_right_kind() {
        let spki = data("tests/data/rsa-spki.der");
        for (path, private) in [
            ("tests/data/rsa-spki.der", false),
            ("tests/data/rsa-pkcs1-pub.der", false),
            ("tests/data/rsa-cert.der", false),
            ("tests/data/rsa-pkcs8.der", true),
            ("tests/data/rsa-pkcs1.der", true),
        ] {
            let b = keys(path);
            if private {
                let key = b.private.as_ref().unwrap();
                assert_eq!(key.kind().unwrap(), KeyKind::Rsa, "{path}");
                // Its public half is the same key as the SPKI's.
                let public = key.rsa_public_key().unwrap();
                assert_eq!(
                    public.key_bytes().unwrap(),
                    PublicKeyDer::Spki(spki.clone()).key_bytes().unwrap()
                );
            } else {
                assert_eq!(b.public.len(), 1);
                assert_eq!(b.public[0].kind().unwrap(), KeyKind::Rsa, "{path}");
            }
        }
        match &keys("tests/data/rsa-cert.der").public[0] {
            PublicKeyDer::Certificate { spki: from_cert } => assert_eq!(*from_cert, spki),
            other => panic!("{other:?}"),
        }
        let ec = keys("tests/data/ec256-sec1.der");
        assert!(matches!(ec.private, Some(PrivateKeyDer::Sec1(_))));
        assert_eq!(
            ec.private.unwrap().kind().unwrap(),
            KeyKind::Ec(jwt_keys::EcCurve::P256)
        );
        assert_eq!(
            keys("tests/data/ec256-spki.der").public[0].kind().unwrap(),
            KeyKind::Ec(jwt_keys::EcCurve::P256)
        );
    }

    #[test]
    fn lax_pem_forms_read_the_same_key() {
        let spki = data("tests/data/rsa-spki.der");
        for path in [
            "tests/data/rsa-spki-bom.pem",
            "tests/data/rsa-spki-72col-crlf.pem",
            "../jwt-cli/tests/data/rsa2048-spki.pem",
        ] {
            assert_eq!(
                keys(path).public,
                vec![PublicKeyDer::Spki(spki.clone())],
                "{path}"
            );
        }
    }

    #[test]
    fn a_key_and_its_certificate_after_bag_attributes_read_as_both() {
        let b = keys("tests/data/rsa-key-and-cert-bag-attributes.pem");
        assert_eq!(b.private.as_ref().unwrap().kind().unwrap(), KeyKind::Rsa);
        assert_eq!(b.public.len(), 1);
        assert!(matches!(b.public[0], PublicKeyDer::Certificate { .. }));
        assert_eq!(
            b.private
                .unwrap()
                .rsa_public_key()
                .unwrap()
                .key_bytes()
                .unwrap(),
            b.public[0].key_bytes().unwrap()
        );
    }

    #[test]
    fn ssh_and_putty_formats_are_named_with_the_conversion_to_use() {
        for path in [
            "tests/data/ssh-rsa.pub",
            "tests/data/ecdsa-nistp256.pub",
            "tests/data/ssh-ed25519.pub",
            "tests/data/openssh-ed25519",
        ] {
            let reason = unsupported(path);
            assert!(
                reason.contains("OpenSSH") && reason.contains("ssh-keygen"),
                "{path}: {reason}"
            );
        }
        assert!(unsupported("tests/data/ssh2-rsa.pub").contains("RFC 4716"));
        assert!(unsupported("tests/data/putty-rsa.ppk").contains("PuTTY"));
    }

    #[test]
    fn unsupported_key_types_say_what_they_are() {
        let ed448 = keys("../jwt-issue/tests/data/ed448-pkcs8.pem");
        match ed448.private.unwrap().kind() {
            Err(KeyError::Unsupported { reason }) => assert!(reason.contains("Ed448"), "{reason}"),
            other => panic!("{other:?}"),
        }
        let service_account = br#"{"type": "service_account", "project_id": "p", "private_key": "-----BEGIN PRIVATE KEY-----\n..."}"#;
        match KeyMaterial::from_bytes(service_account, KeyHint::new()) {
            Err(KeyError::Unsupported { reason }) => {
                assert!(reason.contains("service-account") && reason.contains("private_key"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn encrypted_keys_keep_their_refusal() {
        for path in [
            "../jwt-cli/tests/data/ec256-encrypted.pem",
            "../jwt-issue/tests/data/encrypted-pkcs8.der",
            "../jwt-issue/tests/data/encrypted-pkcs8.pem",
            "../jwt-issue/tests/data/encrypted-legacy-ec.pem",
        ] {
            assert_eq!(
                KeyMaterial::from_bytes(&data(path), KeyHint::new()),
                Err(KeyError::Encrypted),
                "{path}"
            );
        }
    }

    #[test]
    fn json_kinds() {
        let jwk = br#"{"kty":"EC","crv":"P-256","x":"a","y":"b"}"#;
        assert!(matches!(
            KeyMaterial::from_bytes(jwk, KeyHint::new()),
            Ok(KeyMaterial::Jwk(_))
        ));
        let jwks = b"\xEF\xBB\xBF {\"keys\": []}";
        assert!(matches!(
            KeyMaterial::from_bytes(jwks, KeyHint::new()),
            Ok(KeyMaterial::Jwks(_))
        ));
        let rsa_cert = String::from_utf8(data("tests/data/rsa-cert.pem")).unwrap();
        let ec_cert = String::from_utf8(data("tests/data/ec256-cert.pem")).unwrap();
        let map = serde_json::json!({"kid-a": rsa_cert, "kid-b": ec_cert}).to_string();
        match KeyMaterial::from_bytes(map.as_bytes(), KeyHint::new()).unwrap() {
            KeyMaterial::CertificateMap(entries) => {
                assert_eq!(entries.len(), 2);
                assert_eq!(entries[0].0, "kid-a");
                assert_eq!(entries[0].1.kind().unwrap(), KeyKind::Rsa);
                assert_eq!(
                    entries[1].1.kind().unwrap(),
                    KeyKind::Ec(jwt_keys::EcCurve::P256)
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            KeyMaterial::from_bytes(br#"{"a": 1}"#, KeyHint::new()),
            Err(KeyError::Malformed { .. })
        ));
    }

    #[test]
    fn a_format_hint_must_agree() {
        let der = data("tests/data/rsa-spki.der");
        assert!(KeyMaterial::from_bytes(&der, KeyHint::new().format(KeyFormat::Der)).is_ok());
        assert!(matches!(
            KeyMaterial::from_bytes(&der, KeyHint::new().format(KeyFormat::Pem)),
            Err(KeyError::Mismatch { .. })
        ));
    }

    #[test]
    fn more_than_one_private_key_is_refused() {
        let pem = data("../jwt-cli/tests/data/rsa2048-pkcs1.pem");
        let twice = [pem.clone(), pem].concat();
        assert!(matches!(
            KeyMaterial::from_bytes(&twice, KeyHint::new()),
            Err(KeyError::Malformed { .. })
        ));
    }
}
