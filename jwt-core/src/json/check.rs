//! The strict JSON checker: RFC 8259 syntax, bounded nesting, unique
//! member names at every depth, in one iterative pass.

#[cfg(not(feature = "compact"))]
use alloc::borrow::Cow;
#[cfg(not(feature = "compact"))]
use alloc::vec::Vec;

use super::read::{JsonStr, Members, Value};

/// The deepest nesting [`check_object`] can track.
pub const MAX_SUPPORTED_DEPTH: usize = 128;

/// Why a JSON text was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonError {
    /// Not valid JSON (RFC 8259); the reason names the rule.
    Syntax(&'static str),
    /// Nested deeper than allowed.
    TooDeep,
    /// An object has the same member name twice.
    DuplicateMember,
    /// Valid JSON, but the top level is not an object.
    NotAnObject,
}

const fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Eight copies of a byte.
const fn splat(b: u8) -> u64 {
    u64::from_le_bytes([b; 8])
}
const HIGH: u64 = splat(0x80);

/// High bit set in each byte of `w` that is below `n` (`n <= 0x80`); the
/// lowest flagged byte is exact, later ones may be false positives.
#[inline(always)]
const fn bytes_below(w: u64, n: u8) -> u64 {
    w.wrapping_sub(splat(n)) & !w & HIGH
}

/// High bit set in each byte of `w` equal to `b` (lowest flag exact).
#[inline(always)]
const fn bytes_equal(w: u64, b: u8) -> u64 {
    bytes_below(w ^ splat(b), 1)
}

/// The index of the first byte at or after `pos` that ends a run of plain
/// string characters: a quote, a backslash or a control character (or the
/// end of `b`). Eight bytes at a time; bytes of multi-byte UTF-8 characters
/// (all >= 0x80) are plain.
#[inline(always)]
fn scan_plain(b: &[u8], mut pos: usize) -> usize {
    while let Some(chunk) = b.get(pos..pos.saturating_add(8)) {
        let w = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or([0; 8]));
        let hits = bytes_equal(w, b'"') | bytes_equal(w, b'\\') | bytes_below(w, 0x20);
        if hits != 0 {
            let skip = usize::try_from(hits.trailing_zeros() / 8).unwrap_or(0);
            return pos.saturating_add(skip);
        }
        pos = pos.saturating_add(8);
    }
    while let Some(&c) = b.get(pos) {
        if c == b'"' || c == b'\\' || c < 0x20 {
            break;
        }
        pos = pos.saturating_add(1);
    }
    pos
}

/// A position in a byte string, shared with the reader (`read.rs`).
pub(super) struct Cursor<'a> {
    pub(super) b: &'a [u8],
    pub(super) pos: usize,
}

impl<'a> Cursor<'a> {
    pub(super) fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    pub(super) fn bump(&mut self) {
        self.pos = self.pos.saturating_add(1);
    }

    pub(super) fn skip_ws(&mut self) {
        while let Some(b) = self.peek() {
            if !is_ws(b) {
                break;
            }
            self.bump();
        }
    }

    pub(super) fn expect(&mut self, want: u8, why: &'static str) -> Result<(), JsonError> {
        if self.peek() == Some(want) {
            self.bump();
            Ok(())
        } else {
            Err(JsonError::Syntax(why))
        }
    }

    pub(super) fn hex4(&mut self) -> Result<u16, JsonError> {
        let mut v: u16 = 0;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(c @ b'0'..=b'9') => c.wrapping_sub(b'0'),
                Some(c @ b'a'..=b'f') => c.wrapping_sub(b'a').wrapping_add(10),
                Some(c @ b'A'..=b'F') => c.wrapping_sub(b'A').wrapping_add(10),
                _ => return Err(JsonError::Syntax("bad \\u escape")),
            };
            v = (v << 4) | u16::from(d);
            self.bump();
        }
        Ok(v)
    }

    /// Reads a string starting at its opening quote; returns whether it had
    /// escapes. Surrogate escapes must pair up, as serde_json requires.
    #[inline(always)]
    pub(super) fn string(&mut self) -> Result<bool, JsonError> {
        self.expect(b'"', "expected a string")?;
        let mut escaped = false;
        loop {
            self.pos = scan_plain(self.b, self.pos);
            match self.peek() {
                None => return Err(JsonError::Syntax("unterminated string")),
                Some(b'"') => {
                    self.bump();
                    return Ok(escaped);
                }
                Some(b'\\') => {
                    escaped = true;
                    self.bump();
                    self.escape()?;
                }
                Some(_) => {
                    return Err(JsonError::Syntax("control character in string"));
                }
            }
        }
    }

    /// Reads the escape after a backslash.
    pub(super) fn escape(&mut self) -> Result<(), JsonError> {
        match self.peek() {
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.bump(),
            Some(b'u') => {
                self.bump();
                let u = self.hex4()?;
                if (0xD800..0xDC00).contains(&u) {
                    if self.peek() != Some(b'\\') {
                        return Err(JsonError::Syntax("lone surrogate"));
                    }
                    self.bump();
                    if self.peek() != Some(b'u') {
                        return Err(JsonError::Syntax("lone surrogate"));
                    }
                    self.bump();
                    let lo = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&lo) {
                        return Err(JsonError::Syntax("lone surrogate"));
                    }
                } else if (0xDC00..0xE000).contains(&u) {
                    return Err(JsonError::Syntax("lone surrogate"));
                }
            }
            _ => return Err(JsonError::Syntax("bad escape")),
        }
        Ok(())
    }

    /// Reads a member name and the `:` after it, recording the name for
    /// the duplicate check of the object at `depth`.
    #[inline(always)]
    fn member_name(
        &mut self,
        text: &'a str,
        depth: usize,
        seen: &mut KeySeen,
    ) -> Result<JsonStr<'a>, JsonError> {
        let start = self.pos.saturating_add(1);
        let escaped = self.string()?;
        let end = self.pos.saturating_sub(1);
        seen.insert(text, depth, start, end, escaped)?;
        self.skip_ws();
        self.expect(b':', "expected ':'")?;
        Ok(JsonStr {
            raw: text.get(start..end).unwrap_or_default(),
            escaped,
        })
    }

    pub(super) fn digits(&mut self) -> usize {
        let rest = self.b.get(self.pos..).unwrap_or_default();
        let n = rest
            .iter()
            .position(|c| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        self.pos = self.pos.saturating_add(n);
        n
    }

    pub(super) fn number(&mut self) -> Result<(), JsonError> {
        if self.peek() == Some(b'-') {
            self.bump();
        }
        match self.peek() {
            Some(b'0') => self.bump(),
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(JsonError::Syntax("bad number")),
        }
        if self.peek() == Some(b'.') {
            self.bump();
            if self.digits() == 0 {
                return Err(JsonError::Syntax("bad number"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.bump();
            if let Some(b'+' | b'-') = self.peek() {
                self.bump();
            }
            if self.digits() == 0 {
                return Err(JsonError::Syntax("bad number"));
            }
        }
        Ok(())
    }

    pub(super) fn literal(&mut self, word: &'static [u8]) -> Result<(), JsonError> {
        let end = self.pos.saturating_add(word.len());
        if self.b.get(self.pos..end) == Some(word) {
            self.pos = end;
            Ok(())
        } else {
            Err(JsonError::Syntax("unknown literal"))
        }
    }

    /// Reads one member value of the top-level object; returns whether it
    /// is a string with escapes.
    #[inline(always)]
    fn value(
        &mut self,
        text: &'a str,
        max_depth: usize,
        seen: &mut KeySeen,
    ) -> Result<bool, JsonError> {
        match self.peek() {
            Some(b'"') => self.string(),
            Some(b'-' | b'0'..=b'9') => self.number().map(|()| false),
            Some(b't') => self.literal(b"true").map(|()| false),
            Some(b'f') => self.literal(b"false").map(|()| false),
            Some(b'n') => self.literal(b"null").map(|()| false),
            Some(b'{' | b'[') => self.nested(text, max_depth, seen).map(|()| false),
            None => Err(JsonError::Syntax("unexpected end")),
            Some(_) => Err(JsonError::Syntax("unexpected character")),
        }
    }

    /// Reads one object or array that is the value of a top-level member
    /// (so it opens depth 2), with everything inside it.
    fn nested(
        &mut self,
        text: &'a str,
        max_depth: usize,
        seen: &mut KeySeen,
    ) -> Result<(), JsonError> {
        const BASE: usize = 1;
        // Bit i of `kinds` is 1 when the container at depth i+1 is an object.
        let mut kinds: u128 = 0;
        let mut depth: usize = BASE;
        'value: loop {
            self.skip_ws();
            match self.peek() {
                Some(open @ (b'{' | b'[')) => {
                    if depth >= max_depth {
                        return Err(JsonError::TooDeep);
                    }
                    let bit = 1u128
                        .checked_shl(u32::try_from(depth).unwrap_or(u32::MAX))
                        .unwrap_or(0);
                    depth = depth.saturating_add(1);
                    self.bump();
                    self.skip_ws();
                    if open == b'{' {
                        kinds |= bit;
                        seen.open(depth);
                        if self.peek() == Some(b'}') {
                            self.bump();
                            seen.close(depth);
                            depth = depth.saturating_sub(1);
                        } else {
                            self.member_name(text, depth, seen)?;
                            continue 'value;
                        }
                    } else {
                        kinds &= !bit;
                        if self.peek() == Some(b']') {
                            self.bump();
                            depth = depth.saturating_sub(1);
                        } else {
                            continue 'value;
                        }
                    }
                }
                Some(b'"') => {
                    self.string()?;
                }
                Some(b'-' | b'0'..=b'9') => self.number()?,
                Some(b't') => self.literal(b"true")?,
                Some(b'f') => self.literal(b"false")?,
                Some(b'n') => self.literal(b"null")?,
                None => return Err(JsonError::Syntax("unexpected end")),
                Some(_) => return Err(JsonError::Syntax("unexpected character")),
            }
            // After a complete value: close containers or move to the next
            // item, until the member's value is complete.
            loop {
                if depth <= BASE {
                    return Ok(());
                }
                self.skip_ws();
                let shift = u32::try_from(depth.saturating_sub(1)).unwrap_or(u32::MAX);
                let in_object = kinds.checked_shr(shift).unwrap_or(0) & 1 == 1;
                match self.peek() {
                    Some(b',') => {
                        self.bump();
                        if in_object {
                            self.skip_ws();
                            self.member_name(text, depth, seen)?;
                        }
                        continue 'value;
                    }
                    Some(b'}') if in_object => {
                        self.bump();
                        seen.close(depth);
                        depth = depth.saturating_sub(1);
                    }
                    Some(b']') if !in_object => {
                        self.bump();
                        depth = depth.saturating_sub(1);
                    }
                    None => return Err(JsonError::Syntax("unexpected end")),
                    Some(_) => {
                        return Err(JsonError::Syntax("expected ',' or a closing bracket"));
                    }
                }
            }
        }
    }

    /// Skips one value of text that is already known to be valid.
    pub(super) fn skip_value(&mut self) {
        match self.peek() {
            Some(b'"') => {
                let _ = self.string();
            }
            Some(b'{' | b'[') => {
                let mut depth = 0usize;
                while let Some(c) = self.peek() {
                    match c {
                        b'"' => {
                            let _ = self.string();
                            continue;
                        }
                        b'{' | b'[' => depth = depth.saturating_add(1),
                        b'}' | b']' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                self.bump();
                                return;
                            }
                        }
                        _ => {}
                    }
                    self.bump();
                }
            }
            _ => {
                while let Some(c) = self.peek() {
                    if is_ws(c) || matches!(c, b',' | b'}' | b']') {
                        break;
                    }
                    self.bump();
                }
            }
        }
    }
}

/// Checks that `input` is one JSON object, valid per RFC 8259, nesting no
/// deeper than `max_depth` (the top-level object counts as 1, capped at
/// [`MAX_SUPPORTED_DEPTH`]) and without a duplicate member name in any
/// object. Member names are compared after unescaping, so `"a"` and
/// `"\u0061"` are duplicates.
///
/// ```
/// use jwt_core::json::{check_object, JsonError};
/// assert_eq!(check_object(r#"{"a":1,"b":{"c":[true]}}"#, 16), Ok(()));
/// assert_eq!(check_object(r#"{"a":1,"\u0061":2}"#, 16), Err(JsonError::DuplicateMember));
/// assert_eq!(check_object(r#"{"a":[[[1]]]}"#, 3), Err(JsonError::TooDeep));
/// ```
pub fn check_object(input: &str, max_depth: usize) -> Result<(), JsonError> {
    check_members(input, max_depth, |_, _| Ok::<(), JsonError>(()))
}

/// Member names remembered per open object for the duplicate check, inline
/// (no allocation) up to [`KeySeen::CAP`] names in the open objects at
/// once and objects up to depth [`KeySeen::DEPTH`]; beyond that the check
/// falls back to a second pass over the whole text.
struct KeySeen {
    /// Per name: start, length (top bit: escaped) and its first eight
    /// bytes, so that most comparisons are two integer compares.
    names: [(u32, u32, u64); KeySeen::CAP],
    len: usize,
    /// `starts[d]`: where the names of the object at depth `d` begin.
    starts: [u8; KeySeen::DEPTH + 1],
    /// `filters[d]`: one bit per name of the object at depth `d`, chosen
    /// by a hash of its length and first bytes; a new name whose bit is
    /// clear cannot be a duplicate, so the comparisons are skipped. An
    /// escaped name sets every bit (names are compared decoded).
    filters: [u64; KeySeen::DEPTH + 1],
    overflow: bool,
}

impl KeySeen {
    const CAP: usize = 16;
    const DEPTH: usize = 16;
    const ESCAPED: u32 = 1 << 31;

    fn new() -> Self {
        KeySeen {
            names: [(0, 0, 0); KeySeen::CAP],
            len: 0,
            starts: [0; KeySeen::DEPTH + 1],
            filters: [0; KeySeen::DEPTH + 1],
            overflow: false,
        }
    }

    fn open(&mut self, depth: usize) {
        match (self.starts.get_mut(depth), self.filters.get_mut(depth)) {
            (Some(s), Some(f)) => {
                *s = u8::try_from(self.len).unwrap_or(u8::MAX);
                *f = 0;
            }
            _ => self.overflow = true,
        }
    }

    fn close(&mut self, depth: usize) {
        if let Some(&s) = self.starts.get(depth) {
            self.len = usize::from(s).min(self.len);
        }
    }

    /// Records the name `text[start..end]` of the object at `depth`;
    /// fails if that object already has it.
    fn insert(
        &mut self,
        text: &str,
        depth: usize,
        start: usize,
        end: usize,
        escaped: bool,
    ) -> Result<(), JsonError> {
        if self.overflow {
            return Ok(());
        }
        let name = text.get(start..end).unwrap_or_default();
        let (Ok(s32), Ok(len32)) = (u32::try_from(start), u32::try_from(name.len())) else {
            self.overflow = true;
            return Ok(());
        };
        if len32 >= Self::ESCAPED {
            self.overflow = true;
            return Ok(());
        }
        let tag = if escaped {
            len32 | Self::ESCAPED
        } else {
            len32
        };
        let prefix = match text.as_bytes().get(start..start.saturating_add(8)) {
            // Eight bytes from the text, masked to the name's length.
            Some(chunk) => {
                let w = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or([0; 8]));
                match name.len() {
                    n @ 0..8 => w & ((1u64 << (n.saturating_mul(8))).wrapping_sub(1)),
                    _ => w,
                }
            }
            None => {
                let mut head = [0u8; 8];
                for (d, s) in head.iter_mut().zip(name.bytes()) {
                    *d = s;
                }
                u64::from_le_bytes(head)
            }
        };
        let bit = if escaped {
            u64::MAX
        } else {
            let h = (prefix ^ u64::from(len32)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            1u64 << (h >> 58)
        };
        let Some(filter) = self.filters.get_mut(depth) else {
            self.overflow = true;
            return Ok(());
        };
        let maybe_seen = *filter & bit != 0;
        *filter |= bit;
        let from = self.starts.get(depth).map_or(0, |&s| usize::from(s));
        let earlier = if maybe_seen {
            self.names.get(from..self.len).unwrap_or_default()
        } else {
            &[]
        };
        for &(s, t, p) in earlier {
            let plain = (t | tag) & Self::ESCAPED == 0;
            if plain && (t != tag || p != prefix) {
                continue; // different length or first bytes: different
            }
            let s = usize::try_from(s).unwrap_or(0);
            let n = usize::try_from(t & !Self::ESCAPED).unwrap_or(0);
            let other = text.get(s..s.saturating_add(n)).unwrap_or_default();
            let same = if plain {
                name == other
            } else {
                JsonStr { raw: name, escaped }.eq_json(&JsonStr {
                    raw: other,
                    escaped: t & Self::ESCAPED != 0,
                })
            };
            if same {
                return Err(JsonError::DuplicateMember);
            }
        }
        match self.names.get_mut(self.len) {
            Some(slot) => {
                *slot = (s32, tag, prefix);
                self.len = self.len.saturating_add(1);
            }
            None => self.overflow = true,
        }
        Ok(())
    }
}

/// [`check_object`], calling `visit(name, raw value)` for each member of
/// the top-level object once its value has been read, so that a reader can
/// pick out what it needs in the same pass. [`Value::raw`] is the value's
/// exact text (a string keeps its quotes).
///
/// JSON errors take precedence: if `visit` fails, the rest of the text is
/// still checked, and the visitor's error is returned only if the text is
/// valid. `visit` is not called again after it failed.
///
/// ```
/// use jwt_core::json::{check_members, JsonError};
/// let mut names = Vec::new();
/// check_members(r#"{"a":1,"b":{"c":2}}"#, 16, |k, v| {
///     names.push((k.raw(), v.raw()));
///     Ok::<(), JsonError>(())
/// })?;
/// assert_eq!(names, [("a", "1"), ("b", r#"{"c":2}"#)]);
/// # Ok::<(), JsonError>(())
/// ```
pub fn check_members<'a, E, F>(input: &'a str, max_depth: usize, mut visit: F) -> Result<(), E>
where
    E: From<JsonError>,
    F: FnMut(JsonStr<'a>, Value<'a>) -> Result<(), E>,
{
    let max_depth = max_depth.min(MAX_SUPPORTED_DEPTH);
    let mut c = Cursor {
        b: input.as_bytes(),
        pos: 0,
    };
    c.skip_ws();
    if c.peek() != Some(b'{') {
        // Distinguish "valid but not an object" for a clearer message.
        return Err(E::from(match c.peek() {
            Some(b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n') => JsonError::NotAnObject,
            _ => JsonError::Syntax("expected an object"),
        }));
    }
    if max_depth == 0 {
        return Err(E::from(JsonError::TooDeep));
    }
    c.bump();
    let mut seen = KeySeen::new();
    seen.open(1);
    let mut deferred: Option<E> = None;
    // The top-level object, member by member: scalar values are read
    // right here, nested ones by the general loop in `Cursor::nested`.
    c.skip_ws();
    if c.peek() == Some(b'}') {
        c.bump();
    } else {
        loop {
            let name = c.member_name(input, 1, &mut seen)?;
            c.skip_ws();
            let start = c.pos;
            let escaped = c.value(input, max_depth, &mut seen)?;
            if deferred.is_none() {
                let value = Value {
                    raw: input.get(start..c.pos).unwrap_or_default(),
                    escaped,
                };
                if let Err(e) = visit(name, value) {
                    deferred = Some(e);
                }
            }
            c.skip_ws();
            match c.peek() {
                Some(b',') => {
                    c.bump();
                    c.skip_ws();
                }
                Some(b'}') => {
                    c.bump();
                    break;
                }
                None => return Err(E::from(JsonError::Syntax("unexpected end"))),
                Some(_) => {
                    return Err(E::from(JsonError::Syntax(
                        "expected ',' or a closing bracket",
                    )));
                }
            }
        }
    }
    c.skip_ws();
    if c.pos != input.len() {
        return Err(E::from(JsonError::Syntax("trailing characters")));
    }
    if seen.overflow {
        check_duplicates(input)?;
    }
    match deferred {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Runs the duplicate-name check on every object in valid JSON text.
fn check_duplicates(input: &str) -> Result<(), JsonError> {
    let mut c = Cursor {
        b: input.as_bytes(),
        pos: 0,
    };
    while let Some(b) = c.peek() {
        match b {
            b'"' => {
                let _ = c.string();
            }
            b'{' => {
                if let Some(obj) = input.get(c.pos..) {
                    unique_members(obj)?;
                }
                c.bump();
            }
            _ => c.bump(),
        }
    }
    Ok(())
}

/// Feature `compact`: every name against every earlier one, re-reading
/// the object, with no allocation and no sort (3 KB less code). Quadratic,
/// but it only runs for objects the inline check could not hold (more
/// than 16 names open at once), and a payload reaches it only after its
/// signature verified: an unauthenticated header is at most a few dozen
/// names within its 1 KiB limit.
#[cfg(feature = "compact")]
fn unique_members(obj: &str) -> Result<(), JsonError> {
    for (i, (key, _)) in Members::new(obj).enumerate() {
        for (earlier, _) in Members::new(obj).take(i) {
            if earlier.eq_json(&key) {
                return Err(JsonError::DuplicateMember);
            }
        }
    }
    Ok(())
}

#[cfg(not(feature = "compact"))]
fn unique_members(obj: &str) -> Result<(), JsonError> {
    const INLINE: usize = 16;
    let mut inline = [JsonStr::EMPTY; INLINE];
    let mut count = 0usize;
    let mut spilled: Vec<Cow<'_, str>> = Vec::new();
    for (key, _) in Members::new(obj) {
        if count < INLINE {
            for seen in inline.iter().take(count) {
                if seen.eq_json(&key) {
                    return Err(JsonError::DuplicateMember);
                }
            }
            if let Some(slot) = inline.get_mut(count) {
                *slot = key;
            }
            count = count.saturating_add(1);
        } else {
            if spilled.is_empty() {
                spilled.extend(inline.iter().map(JsonStr::to_cow));
            }
            spilled.push(key.to_cow());
        }
    }
    if !spilled.is_empty() {
        spilled.sort_unstable();
        if spilled.windows(2).any(|w| w.first() == w.get(1)) {
            return Err(JsonError::DuplicateMember);
        }
    }
    Ok(())
}
