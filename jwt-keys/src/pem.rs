//! PEM as RFC 7468 section 3 lets parsers accept it ("lax"), decoded by the
//! strict `pem-rfc7468` decoder.
//!
//! Design note: real key files carry a UTF-8 byte-order mark, explanatory
//! text before `-----BEGIN` (the `Bag Attributes` that `openssl pkcs12`
//! writes) and after `-----END`, CRLF line ends, trailing whitespace and
//! 72- or 76-column bodies. This module only finds each encapsulation
//! boundary pair and re-wraps the body to the strict form (64 columns, LF);
//! the base64 decoding and label grammar stay with `pem-rfc7468`. The
//! rejected alternatives were a hand-written base64/PEM decoder (a second
//! parser to get wrong) and the strict decoder alone (which refuses files
//! that every other tool reads).

use alloc::string::String;
use alloc::vec::Vec;

use zeroize::Zeroizing;

use crate::error::KeyError;

/// Where PEM armour starts; searched anywhere in the input.
pub(crate) const BEGIN: &[u8] = b"-----BEGIN ";
const END: &[u8] = b"-----END ";
const DASHES: &[u8] = b"-----";
/// More blocks than a key, its certificate and a chain never need.
const MAX_BLOCKS: usize = 16;

/// One decoded PEM block.
pub(crate) struct Block {
    /// The label between `BEGIN ` and the dashes.
    pub(crate) label: String,
    /// The decoded body (zeroized on drop: it may be a private key).
    pub(crate) der: Zeroizing<Vec<u8>>,
}

fn trim(line: &[u8]) -> &[u8] {
    line.trim_ascii()
}

/// The label of a boundary line `-----{kind}LABEL-----`, if it is one.
fn boundary<'a>(line: &'a [u8], kind: &[u8]) -> Option<&'a [u8]> {
    line.strip_prefix(kind)?.strip_suffix(DASHES)
}

/// Decodes every PEM block in `input`; text outside the blocks is ignored.
///
/// # Errors
/// [`KeyError::Encrypted`] for RFC 1421 `Proc-Type: 4,ENCRYPTED` headers,
/// [`KeyError::Malformed`] for a block without its `END` line, any other
/// header, a body that is not base64, or more than 16 blocks.
pub(crate) fn decode_all(input: &[u8]) -> Result<Vec<Block>, KeyError> {
    let malformed = |reason| KeyError::Malformed { reason };
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let mut blocks = Vec::new();
    let mut lines = input.split(|&b| b == b'\n').map(trim);
    while let Some(line) = lines.next() {
        // A BEGIN line may follow explanatory text on the same line only
        // in broken files; RFC 7468 puts it at the start of a line.
        let Some(label) = boundary(line, BEGIN) else {
            continue;
        };
        if blocks.len() == MAX_BLOCKS {
            return Err(malformed("more than 16 PEM blocks"));
        }
        let mut body: Zeroizing<Vec<u8>> = Zeroizing::new(Vec::new());
        let mut closed = false;
        for line in lines.by_ref() {
            if let Some(end_label) = boundary(line, END) {
                if end_label != label {
                    return Err(malformed("PEM END label differs from its BEGIN label"));
                }
                closed = true;
                break;
            }
            if line.starts_with(BEGIN) {
                return Err(malformed("PEM BEGIN line inside another block"));
            }
            if line.contains(&b':') {
                // RFC 1421 headers: only legacy OpenSSL encryption uses them.
                let text = line.to_ascii_uppercase();
                if text.starts_with(b"PROC-TYPE") || text.starts_with(b"DEK-INFO") {
                    return Err(KeyError::Encrypted);
                }
                return Err(malformed("PEM headers are not supported"));
            }
            body.extend(line.iter().copied().filter(|b| !b.is_ascii_whitespace()));
        }
        if !closed {
            return Err(malformed("PEM block without its END line"));
        }
        let label = core::str::from_utf8(label).map_err(|_| malformed("PEM label is not ASCII"))?;
        let der = strict_decode(label, &body)?;
        blocks.push(Block {
            label: String::from(label),
            der,
        });
    }
    if blocks.is_empty() {
        return Err(malformed("PEM armour without a complete BEGIN/END block"));
    }
    Ok(blocks)
}

/// Re-wraps `body` (base64 without whitespace) to 64 columns and decodes
/// it with the strict RFC 7468 decoder.
fn strict_decode(label: &str, body: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    let mut text: Zeroizing<Vec<u8>> = Zeroizing::new(Vec::new());
    text.extend_from_slice(BEGIN);
    text.extend_from_slice(label.as_bytes());
    text.extend_from_slice(b"-----\n");
    for chunk in body.chunks(64) {
        text.extend_from_slice(chunk);
        text.push(b'\n');
    }
    text.extend_from_slice(END);
    text.extend_from_slice(label.as_bytes());
    text.extend_from_slice(b"-----\n");
    let (_, der) = pem_rfc7468::decode_vec(&text).map_err(|_| KeyError::Malformed {
        reason: "PEM body is not valid base64",
    })?;
    Ok(Zeroizing::new(der))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use alloc::format;

    const BODY: &str = "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=";

    fn der() -> Vec<u8> {
        let strict = format!("-----BEGIN PUBLIC KEY-----\n{BODY}\n-----END PUBLIC KEY-----\n");
        pem_rfc7468::decode_vec(strict.as_bytes()).unwrap().1
    }

    #[test]
    fn rfc7468_lax_forms_decode_to_the_same_bytes() {
        let (a, b) = BODY.split_at(20);
        let (b, c) = b.split_at(20);
        let forms = [
            format!("-----BEGIN PUBLIC KEY-----\n{BODY}\n-----END PUBLIC KEY-----\n"),
            format!("\u{feff}-----BEGIN PUBLIC KEY-----\n{BODY}\n-----END PUBLIC KEY-----"),
            format!(
                "Bag Attributes\n    localKeyID: 01 02\nsubject=/CN=x\n-----BEGIN PUBLIC KEY-----\r\n{BODY}\r\n-----END PUBLIC KEY-----\r\ntrailing text\n"
            ),
            format!(
                "-----BEGIN PUBLIC KEY-----  \n{a}\n{b}  \n{c}\t\n-----END PUBLIC KEY----- \n\n"
            ),
            format!("  -----BEGIN PUBLIC KEY-----\n\n{a}{b}\n\n{c}\n  -----END PUBLIC KEY-----\n"),
        ];
        for form in &forms {
            let blocks = decode_all(form.as_bytes()).unwrap();
            assert_eq!(blocks.len(), 1, "{form}");
            assert_eq!(blocks[0].label, "PUBLIC KEY");
            assert_eq!(*blocks[0].der, der(), "{form}");
        }
    }

    #[test]
    fn long_bodies_of_any_width_decode() {
        // 72- and 76-column bodies exist in the wild.
        let payload: Vec<u8> = (0..=255u8).cycle().take(300).collect();
        let strict =
            pem_rfc7468::encode_string("PUBLIC KEY", pem_rfc7468::LineEnding::LF, &payload)
                .unwrap();
        let flat: String = strict.lines().filter(|l| !l.starts_with("-----")).collect();
        for width in [16, 64, 72, 76, 1000] {
            let mut text = String::from("-----BEGIN PUBLIC KEY-----\n");
            for chunk in flat.as_bytes().chunks(width) {
                text.push_str(core::str::from_utf8(chunk).unwrap());
                text.push('\n');
            }
            text.push_str("-----END PUBLIC KEY-----\n");
            assert_eq!(*decode_all(text.as_bytes()).unwrap()[0].der, payload);
        }
    }

    #[test]
    fn encrypted_headers_broken_blocks_and_bad_base64_are_errors() {
        let legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n";
        assert_eq!(
            decode_all(legacy.as_bytes()).err(),
            Some(KeyError::Encrypted)
        );
        for bad in [
            "-----BEGIN PUBLIC KEY-----\nAAAA\n",
            "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
            "-----BEGIN PUBLIC KEY-----\nA!AA\n-----END PUBLIC KEY-----\n",
            "-----BEGIN PUBLIC KEY-----\nX-Header: 1\nAAAA\n-----END PUBLIC KEY-----\n",
            "text that mentions -----BEGIN PUBLIC KEY----- inline only\n",
        ] {
            assert!(
                matches!(decode_all(bad.as_bytes()), Err(KeyError::Malformed { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn at_most_sixteen_blocks() {
        let one = format!("-----BEGIN PUBLIC KEY-----\n{BODY}\n-----END PUBLIC KEY-----\n");
        assert_eq!(decode_all(one.repeat(16).as_bytes()).unwrap().len(), 16);
        assert!(decode_all(one.repeat(17).as_bytes()).is_err());
    }
}
