//! Output plumbing: JSON text written piece by piece into a sink that
//! counts it, appends it, or base64url-encodes it on the fly.
//!
//! Design note: the header and the claims are written once to measure them
//! and once more straight into the token's base64url, through a 96-byte
//! staging buffer; so issuing a token allocates the output (reserved
//! exactly once) and the raw signature, and never an intermediate JSON
//! string or `serde_json::Value`. The rejected alternative, serialising the
//! claims to a `String` and encoding that, doubles the allocation and the
//! copying for every token.

use alloc::string::String;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Somewhere JSON (UTF-8) text can be written.
pub(crate) trait Sink {
    /// Appends `s`.
    fn put(&mut self, s: &str);
}

/// Counts bytes only.
#[derive(Default)]
pub(crate) struct Counter(pub(crate) usize);

impl Sink for Counter {
    fn put(&mut self, s: &str) {
        self.0 = self.0.saturating_add(s.len());
    }
}

impl Sink for String {
    fn put(&mut self, s: &str) {
        self.push_str(s);
    }
}

/// Staging buffer size: a multiple of 3, so that encoding full buffers one
/// after the other gives the encoding of their concatenation.
const STAGE: usize = 96;

/// Where base64url text goes.
pub(crate) trait B64Target {
    /// Appends the base64url encoding of `bytes`.
    fn encode(&mut self, bytes: &[u8]);
}

impl B64Target for String {
    fn encode(&mut self, bytes: &[u8]) {
        URL_SAFE_NO_PAD.encode_string(bytes, self);
    }
}

/// A caller's byte buffer, filled from the front. Running out of room sets
/// `overflow` and drops further output (the caller reports
/// `BufferTooSmall`).
pub(crate) struct SliceTarget<'a> {
    pub(crate) buf: &'a mut [u8],
    pub(crate) pos: usize,
    pub(crate) overflow: bool,
}

impl<'a> SliceTarget<'a> {
    pub(crate) fn new(buf: &'a mut [u8]) -> Self {
        SliceTarget {
            buf,
            pos: 0,
            overflow: false,
        }
    }

    /// Appends raw ASCII.
    pub(crate) fn push(&mut self, bytes: &[u8]) {
        if self.overflow {
            return;
        }
        let end = self.pos.checked_add(bytes.len());
        match end.and_then(|end| self.buf.get_mut(self.pos..end).map(|dst| (end, dst))) {
            Some((end, dst)) => {
                dst.copy_from_slice(bytes);
                self.pos = end;
            }
            None => self.overflow = true,
        }
    }

    /// The bytes written so far.
    pub(crate) fn written(&self) -> &[u8] {
        self.buf.get(..self.pos).unwrap_or(&[])
    }
}

impl B64Target for SliceTarget<'_> {
    fn encode(&mut self, bytes: &[u8]) {
        if self.overflow {
            return;
        }
        let Some(rest) = self.buf.get_mut(self.pos..) else {
            self.overflow = true;
            return;
        };
        match URL_SAFE_NO_PAD.encode_slice(bytes, rest) {
            Ok(n) => self.pos = self.pos.saturating_add(n),
            Err(_) => self.overflow = true,
        }
    }
}

/// A sink that base64url-encodes what it is given into a target.
pub(crate) struct B64Stream<'t, T: B64Target> {
    target: &'t mut T,
    stage: [u8; STAGE],
    len: usize,
}

impl<'t, T: B64Target> B64Stream<'t, T> {
    pub(crate) fn new(target: &'t mut T) -> Self {
        B64Stream {
            target,
            stage: [0; STAGE],
            len: 0,
        }
    }

    /// Encodes what is left in the staging buffer.
    pub(crate) fn finish(mut self) {
        if let Some(rest) = self.stage.get(..self.len) {
            self.target.encode(rest);
        }
        self.len = 0;
    }
}

impl<T: B64Target> Sink for B64Stream<'_, T> {
    fn put(&mut self, s: &str) {
        let mut bytes = s.as_bytes();
        while !bytes.is_empty() {
            let Some(free) = self.stage.get_mut(self.len..) else {
                return;
            };
            let n = free.len().min(bytes.len());
            let (head, tail) = bytes.split_at(n);
            if let Some(dst) = free.get_mut(..n) {
                dst.copy_from_slice(head);
            }
            self.len = self.len.saturating_add(n);
            bytes = tail;
            if self.len == STAGE {
                self.target.encode(&self.stage);
                self.len = 0;
            }
        }
    }
}

/// Writes `s` as a JSON string, quotes included, escaping exactly what
/// RFC 8259 requires (as serde_json does: `"`, `\` and control characters).
pub(crate) fn json_str(sink: &mut impl Sink, s: &str) {
    sink.put("\"");
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc: Option<&str> = match b {
            b'"' => Some("\\\""),
            b'\\' => Some("\\\\"),
            b'\n' => Some("\\n"),
            b'\r' => Some("\\r"),
            b'\t' => Some("\\t"),
            0x08 => Some("\\b"),
            0x0c => Some("\\f"),
            0..=0x1f => None,
            _ => continue,
        };
        sink.put(s.get(start..i).unwrap_or(""));
        match esc {
            Some(e) => sink.put(e),
            None => {
                let hex = hex_digits(b);
                let buf = [b'\\', b'u', b'0', b'0', hex[0], hex[1]];
                sink.put(core::str::from_utf8(&buf).unwrap_or(""));
            }
        }
        start = i.saturating_add(1);
    }
    sink.put(s.get(start..).unwrap_or(""));
    sink.put("\"");
}

/// Writes an integer in decimal.
pub(crate) fn json_i64(sink: &mut impl Sink, v: i64) {
    let mut buf = [0u8; 20];
    let mut pos = buf.len();
    let negative = v < 0;
    let mut n = v.unsigned_abs();
    loop {
        pos = pos.saturating_sub(1);
        if let Some(slot) = buf.get_mut(pos) {
            // n % 10 < 10, so the cast is exact.
            *slot = b'0'.saturating_add(u8::try_from(n % 10).unwrap_or(0));
        }
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if negative {
        sink.put("-");
    }
    sink.put(
        buf.get(pos..)
            .and_then(|d| core::str::from_utf8(d).ok())
            .unwrap_or("0"),
    );
}

/// Writes `"name":` (the name must need no escaping).
pub(crate) fn json_name(sink: &mut impl Sink, first: &mut bool, name: &str) {
    sink.put(if *first { "\"" } else { ",\"" });
    *first = false;
    sink.put(name);
    sink.put("\":");
}

/// Writes `"name":"value"` with `value` escaped.
pub(crate) fn json_member(sink: &mut impl Sink, first: &mut bool, name: &str, value: &str) {
    json_name(sink, first, name);
    json_str(sink, value);
}

/// Writes `"name":"<base64url of bytes>"`.
pub(crate) fn json_b64_member(out: &mut String, first: &mut bool, name: &str, bytes: &[u8]) {
    json_name(out, first, name);
    out.push('"');
    URL_SAFE_NO_PAD.encode_string(bytes, out);
    out.push('"');
}

/// Two lowercase hex digits of a byte.
pub(crate) fn hex_digits(b: u8) -> [u8; 2] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let hi = HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0');
    let lo = HEX.get(usize::from(b & 0x0f)).copied().unwrap_or(b'0');
    [hi, lo]
}

/// Lowercase hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len().saturating_mul(2));
    for &b in bytes {
        let [hi, lo] = hex_digits(b);
        s.push(char::from(hi));
        s.push(char::from(lo));
    }
    s
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_escaped_like_serde_json() {
        for s in [
            "plain",
            "quote\"back\\slash",
            "ctl\u{1}\u{1f}\n\r\t\u{8}\u{c}",
            "utf8 \u{e9}\u{1F600} /",
            "",
        ] {
            let mut out = String::new();
            json_str(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn integers() {
        for v in [0i64, 7, -7, 1_300_819_380, i64::MAX, i64::MIN] {
            let mut out = String::new();
            json_i64(&mut out, v);
            assert_eq!(out, alloc::format!("{v}"));
        }
    }

    #[test]
    fn streamed_base64_equals_one_shot() {
        let text: String = (0..500u32)
            .map(|i| char::from(b'a' + u8::try_from(i % 26).unwrap()))
            .collect();
        for cut in [0usize, 1, 2, 3, 95, 96, 97, 191, 192, 193, 499, 500] {
            let mut out = String::new();
            let mut s = B64Stream::new(&mut out);
            s.put(&text[..cut]);
            s.put(&text[cut..]);
            s.finish();
            assert_eq!(out, jwt_core::b64::encode(text.as_bytes()));
            let mut buf = [0u8; 700];
            let mut t = SliceTarget::new(&mut buf);
            let mut s = B64Stream::new(&mut t);
            s.put(&text[..cut]);
            s.put(&text[cut..]);
            s.finish();
            assert!(!t.overflow);
            assert_eq!(t.written(), out.as_bytes());
        }
        let mut small = [0u8; 10];
        let mut t = SliceTarget::new(&mut small);
        let mut s = B64Stream::new(&mut t);
        s.put(&text);
        s.finish();
        assert!(t.overflow);
    }

    #[test]
    fn hex_is_lowercase() {
        assert_eq!(hex(&[0x00, 0xab, 0x7f, 0xff]), "00ab7fff");
    }
}
