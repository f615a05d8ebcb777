//! Arbitrary bytes into PEM and DER key parsing (verify and issue sides).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = jwt_verify::Es256VerifyingKey::from_pem(text);
        let _ = jwt_verify::Es512VerifyingKey::from_pem(text);
        let _ = jwt_verify::EdDsaVerifyingKey::from_pem(text);
        let _ = jwt_verify::Rs256VerifyingKey::from_pem(text);
        let _ = jwt_issue::Es256SigningKey::from_pem(text);
        let _ = jwt_issue::EdDsaSigningKey::from_pem(text);
        if text.len() < 4096 {
            let _ = jwt_issue::Rs256SigningKey::from_pem(text);
        }
    }
    let _ = jwt_verify::Es256VerifyingKey::from_public_key_der(data);
    let _ = jwt_verify::Es384VerifyingKey::from_sec1_bytes(data);
    let _ = jwt_verify::EdDsaVerifyingKey::from_public_key_der(data);
    let _ = jwt_verify::Rs256VerifyingKey::from_public_key_der(data);
    let _ = jwt_verify::Rs256VerifyingKey::from_pkcs1_der(data);
    let _ = jwt_issue::Es256SigningKey::from_sec1_der(data);
    let _ = jwt_issue::Es256SigningKey::from_pkcs8_der(data);
    let _ = jwt_issue::EdDsaSigningKey::from_pkcs8_der(data);
});
