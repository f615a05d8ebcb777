//! Output plumbing: JSON text written piece by piece into a sink.
//!
//! Design note: a token's header and claims are rendered once, into a
//! [`JsonBuf`] that lives on the stack while the JSON fits in 512 bytes
//! (a device token's header and claims take about 250) and spills to the heap beyond that; the lengths are
//! then known exactly, the limits are checked, the output is reserved once
//! and the two parts are base64url-encoded straight into it. Issuing thus
//! allocates the output and the raw signature only, never an intermediate
//! JSON string or `serde_json::Value`. The rejected alternatives:
//! serialising the claims to a `String` per token (an allocation and a
//! copy more), and rendering several times to measure and then stream
//! (what this module did first; three renders cost more than the HMAC).

use alloc::string::String;

/// Somewhere JSON (UTF-8) text can be written.
pub(crate) trait Sink {
    /// Appends `s`.
    fn put(&mut self, s: &str);
}

impl Sink for String {
    fn put(&mut self, s: &str) {
        self.push_str(s);
    }
}

/// Inline capacity of a [`JsonBuf`].
const INLINE: usize = 512;

/// JSON text on the stack while it fits [`INLINE`] bytes, on the heap
/// after that.
pub(crate) struct JsonBuf {
    inline: [u8; INLINE],
    len: usize,
    heap: Option<String>,
}

impl JsonBuf {
    pub(crate) fn new() -> Self {
        JsonBuf {
            inline: [0; INLINE],
            len: 0,
            heap: None,
        }
    }

    /// The text written so far.
    pub(crate) fn bytes(&self) -> &[u8] {
        match &self.heap {
            Some(h) => h.as_bytes(),
            None => self.inline.get(..self.len).unwrap_or_default(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.bytes().len()
    }
}

impl Sink for JsonBuf {
    // Always inlined, so that the many constant pieces (`"`, `":`, `,"`)
    // become plain stores instead of calls.
    #[inline(always)]
    fn put(&mut self, s: &str) {
        let end = self.len.saturating_add(s.len());
        if self.heap.is_none()
            && let Some(dst) = self.inline.get_mut(self.len..end)
        {
            copy_short(dst, s.as_bytes());
            self.len = end;
            return;
        }
        self.put_slow(s);
    }
}

impl JsonBuf {
    /// Appends to the heap, moving the inline text there first.
    #[cold]
    #[inline(never)]
    fn put_slow(&mut self, s: &str) {
        if let Some(h) = &mut self.heap {
            h.push_str(s);
            return;
        }
        let end = self.len.saturating_add(s.len());
        // Everything so far was whole &str pieces, so valid UTF-8.
        let mut h = String::with_capacity(end.saturating_mul(2));
        h.push_str(
            core::str::from_utf8(self.inline.get(..self.len).unwrap_or_default())
                .unwrap_or_default(),
        );
        h.push_str(s);
        self.heap = Some(h);
    }
}

/// Copies `src` into `dst` (same length). Pieces of JSON are mostly short
/// names and values; up to 16 bytes they are copied with two overlapping
/// loads and stores instead of a call to `memcpy`.
#[inline(always)]
fn copy_short(dst: &mut [u8], src: &[u8]) {
    match src.len() {
        8..=16 => copy_overlapping::<8>(dst, src),
        4..=7 => copy_overlapping::<4>(dst, src),
        0..=3 => {
            for (d, &c) in dst.iter_mut().zip(src) {
                *d = c;
            }
        }
        _ => dst.copy_from_slice(src),
    }
}

/// Copies `src` (`N..=2N` bytes) as its first and its last `N` bytes,
/// which overlap in the middle.
#[inline(always)]
fn copy_overlapping<const N: usize>(dst: &mut [u8], src: &[u8]) {
    let tail = src.len().saturating_sub(N);
    let word = |b: Option<&[u8]>| <[u8; N]>::try_from(b.unwrap_or_default()).unwrap_or([0; N]);
    let (head, last) = (word(src.get(..N)), word(src.get(tail..)));
    if let Some(d) = dst.get_mut(..N) {
        d.copy_from_slice(&head);
    }
    if let Some(d) = dst.get_mut(tail..) {
        d.copy_from_slice(&last);
    }
}

/// Whether `s` has a byte that a JSON string must escape (`"`, `\` or a
/// control character), eight bytes at a time.
#[inline]
fn needs_escape(s: &str) -> bool {
    const fn splat(b: u8) -> u64 {
        u64::from_le_bytes([b; 8])
    }
    const HIGH: u64 = splat(0x80);
    // High bit of each byte of `w` below `n` (exact in the lowest such
    // byte; false positives only above a true one, so "any" is exact).
    let below = |w: u64, n: u8| w.wrapping_sub(splat(n)) & !w & HIGH;
    let bytes = s.as_bytes();
    let mut words = bytes.chunks_exact(8);
    for chunk in &mut words {
        let w = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or([0; 8]));
        if below(w ^ splat(b'"'), 1) | below(w ^ splat(b'\\'), 1) | below(w, 0x20) != 0 {
            return true;
        }
    }
    words
        .remainder()
        .iter()
        .any(|&b| b == b'"' || b == b'\\' || b < 0x20)
}

/// Writes `s` as a JSON string, quotes included, escaping exactly what
/// RFC 8259 requires (as serde_json does: `"`, `\` and control characters).
pub(crate) fn json_str(sink: &mut impl Sink, s: &str) {
    sink.put("\"");
    if !needs_escape(s) {
        // The common case: nothing to escape.
        sink.put(s);
        sink.put("\"");
        return;
    }
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
#[inline]
pub(crate) fn json_name(sink: &mut impl Sink, first: &mut bool, name: &str) {
    sink.put(if *first { "\"" } else { ",\"" });
    *first = false;
    sink.put(name);
    sink.put("\":");
}

/// Writes `"name":"value"` with `value` escaped.
#[inline]
pub(crate) fn json_member(sink: &mut impl Sink, first: &mut bool, name: &str, value: &str) {
    json_name(sink, first, name);
    json_str(sink, value);
}

/// Writes `"name":"<base64url of bytes>"`.
pub(crate) fn json_b64_member(out: &mut String, first: &mut bool, name: &str, bytes: &[u8]) {
    json_name(out, first, name);
    out.push('"');
    jwt_core::b64::encode_to(bytes, out);
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
    fn short_copies_and_escape_scan_at_every_length_and_position() {
        for n in 0..40usize {
            let text: String = (0..n)
                .map(|i| char::from(b'a' + u8::try_from(i % 26).unwrap()))
                .collect();
            // Pieces of every length land intact after pieces of every length.
            let mut buf = JsonBuf::new();
            buf.put("x");
            buf.put(&text);
            buf.put("y");
            assert_eq!(buf.bytes(), alloc::format!("x{text}y").as_bytes());
            assert!(!needs_escape(&text));
            for pos in 0..n {
                for bad in ['"', '\\', '\n', '\u{1f}', '\0'] {
                    let mut t = text.clone().into_bytes();
                    t[pos] = u8::try_from(bad).unwrap();
                    let t = String::from_utf8(t).unwrap();
                    assert!(needs_escape(&t), "{t:?}");
                }
            }
        }
        // Non-ASCII text needs no escape.
        assert!(!needs_escape("ÿ€ü漢字\u{7f}"));
    }

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
    fn json_buf_spills_to_the_heap_intact() {
        let piece = "0123456789\u{e9}abcdef"; // 17 bytes, one of them two
        for pieces in [0usize, 1, 60, 61, 62, 200] {
            let mut buf = JsonBuf::new();
            let mut want = String::new();
            for _ in 0..pieces {
                buf.put(piece);
                want.push_str(piece);
            }
            assert_eq!(buf.bytes(), want.as_bytes());
            assert_eq!(buf.len(), want.len());
        }
    }

    #[test]
    fn hex_is_lowercase() {
        assert_eq!(hex(&[0x00, 0xab, 0x7f, 0xff]), "00ab7fff");
    }
}
