//! Strict JSON checking and borrowed access to object members.
//!
//! Design note: every JSON text that reaches a decoder in this workspace
//! first passes [`check_object`], which enforces RFC 8259 syntax, a nesting
//! limit and unique member names in every object at every depth. Only then
//! does anyone read it: the registered claims and the header are read
//! straight from the checked text through [`Members`] (no allocation, no
//! serde), and custom claims go to serde_json, which can no longer be
//! fooled by duplicates (it keeps the last one silently) or blow the stack.
//! The alternative, deserialising with serde and a duplicate-detecting
//! visitor, misses duplicates inside `#[serde(flatten)]` and maps of the
//! caller's own types.
//!
//! The checker is iterative: its memory use does not grow with the input's
//! nesting, so hostile input cannot exhaust a small firmware stack.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

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

struct Cursor<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn bump(&mut self) {
        self.pos = self.pos.saturating_add(1);
    }

    fn skip_ws(&mut self) {
        while let Some(b) = self.peek() {
            if !is_ws(b) {
                break;
            }
            self.bump();
        }
    }

    fn expect(&mut self, want: u8, why: &'static str) -> Result<(), JsonError> {
        if self.peek() == Some(want) {
            self.bump();
            Ok(())
        } else {
            Err(JsonError::Syntax(why))
        }
    }

    fn hex4(&mut self) -> Result<u16, JsonError> {
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
    fn string(&mut self) -> Result<bool, JsonError> {
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
    fn escape(&mut self) -> Result<(), JsonError> {
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

    fn digits(&mut self) -> usize {
        let rest = self.b.get(self.pos..).unwrap_or_default();
        let n = rest
            .iter()
            .position(|c| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        self.pos = self.pos.saturating_add(n);
        n
    }

    fn number(&mut self) -> Result<(), JsonError> {
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

    fn literal(&mut self, word: &'static [u8]) -> Result<(), JsonError> {
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
    fn skip_value(&mut self) {
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

/// A top-level member's value as handed to a [`check_members`] visitor:
/// its exact text, and for a string whether it has escapes (known from the
/// check, so reading it needs no second scan).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Value<'a> {
    raw: &'a str,
    escaped: bool,
}

impl<'a> Value<'a> {
    /// The value's exact text (a string keeps its quotes).
    pub fn raw(&self) -> &'a str {
        self.raw
    }

    /// What kind of value this is.
    pub fn kind(&self) -> Kind {
        kind(self.raw)
    }

    /// The value as a string, if it is one.
    pub fn as_string(&self) -> Option<JsonStr<'a>> {
        let inner = self.raw.strip_prefix('"')?.strip_suffix('"')?;
        Some(JsonStr {
            raw: inner,
            escaped: self.escaped,
        })
    }
}

/// A JSON string as it stands in checked text: the characters between the
/// quotes, escapes not yet decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JsonStr<'a> {
    raw: &'a str,
    escaped: bool,
}

impl<'a> JsonStr<'a> {
    const EMPTY: JsonStr<'static> = JsonStr {
        raw: "",
        escaped: false,
    };

    /// Wraps the text between a string's quotes; `escaped` says whether it
    /// contains a backslash.
    pub(crate) const fn new(raw: &'a str, escaped: bool) -> Self {
        JsonStr { raw, escaped }
    }

    /// Reads a string value from checked text (including its quotes).
    /// Returns `None` if `value` is not a string.
    pub fn from_value(value: &'a str) -> Option<Self> {
        let inner = value.strip_prefix('"')?.strip_suffix('"')?;
        Some(JsonStr {
            raw: inner,
            escaped: inner.as_bytes().contains(&b'\\'),
        })
    }

    /// Wraps the text between a string's quotes, taken from checked text.
    pub(crate) fn from_inner(raw: &'a str) -> Self {
        JsonStr {
            raw,
            escaped: raw.as_bytes().contains(&b'\\'),
        }
    }

    /// The text between the quotes, escapes undecoded.
    pub fn raw(&self) -> &'a str {
        self.raw
    }

    /// The string without allocating, if it contains no escapes.
    pub fn as_str(&self) -> Option<&'a str> {
        (!self.escaped).then_some(self.raw)
    }

    /// The decoded string: borrowed when there are no escapes.
    pub fn to_cow(&self) -> Cow<'a, str> {
        if self.escaped {
            Cow::Owned(unescape(self.raw))
        } else {
            Cow::Borrowed(self.raw)
        }
    }

    /// Whether the decoded string equals `s`.
    pub fn eq_str(&self, s: &str) -> bool {
        if self.escaped {
            unescape(self.raw) == s
        } else {
            self.raw == s
        }
    }

    fn eq_json(&self, other: &JsonStr<'_>) -> bool {
        match (self.escaped, other.escaped) {
            (false, false) => self.raw == other.raw,
            _ => self.to_cow() == other.to_cow(),
        }
    }
}

fn hex_val(b: u8) -> u32 {
    match b {
        b'0'..=b'9' => u32::from(b.wrapping_sub(b'0')),
        b'a'..=b'f' => u32::from(b.wrapping_sub(b'a')).wrapping_add(10),
        b'A'..=b'F' => u32::from(b.wrapping_sub(b'A')).wrapping_add(10),
        _ => 0,
    }
}

/// Decodes the escapes of checked string text. Never panics; anything that
/// checked text cannot contain decodes as U+FFFD.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.char_indices();
    let bytes = raw.as_bytes();
    let hex_at = |i: usize| -> Option<u32> {
        let h = bytes.get(i..i.checked_add(4)?)?;
        Some(h.iter().fold(0u32, |acc, &b| (acc << 4) | hex_val(b)))
    };
    while let Some((i, ch)) = chars.next() {
        if ch != '\\' {
            out.push(ch);
            continue;
        }
        let Some((_, esc)) = chars.next() else { break };
        let decoded = match esc {
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'u' => {
                let hi = hex_at(i.saturating_add(2)).unwrap_or(0xFFFD);
                for _ in 0..4 {
                    chars.next();
                }
                if (0xD800..0xDC00).contains(&hi) {
                    // Checked text guarantees "\uXXXX" follows.
                    let lo = hex_at(i.saturating_add(8)).unwrap_or(0);
                    for _ in 0..6 {
                        chars.next();
                    }
                    let c = 0x10000u32
                        .wrapping_add((hi.wrapping_sub(0xD800)) << 10)
                        .wrapping_add(lo.wrapping_sub(0xDC00));
                    char::from_u32(c).unwrap_or('\u{FFFD}')
                } else {
                    char::from_u32(hi).unwrap_or('\u{FFFD}')
                }
            }
            other => other, // '"', '\\', '/'
        };
        out.push(decoded);
    }
    out
}

/// Iterates over the members of a checked JSON object: `(name, raw value)`.
///
/// The raw value is the value's exact text (a string keeps its quotes).
/// Intended for text that passed [`check_object`]; on anything else it
/// stops early rather than panicking.
#[derive(Clone, Debug)]
pub struct Members<'a> {
    text: &'a str,
    pos: usize,
    started: bool,
}

impl<'a> Members<'a> {
    /// Members of the object that `text` starts with.
    pub fn new(text: &'a str) -> Self {
        Members {
            text,
            pos: 0,
            started: false,
        }
    }
}

impl<'a> Iterator for Members<'a> {
    type Item = (JsonStr<'a>, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let mut c = Cursor {
            b: self.text.as_bytes(),
            pos: self.pos,
        };
        c.skip_ws();
        if !self.started {
            if c.peek() != Some(b'{') {
                return None;
            }
            self.started = true;
            c.bump();
        } else if c.peek() == Some(b',') {
            c.bump();
        } else {
            self.pos = self.text.len();
            return None;
        }
        c.skip_ws();
        let key_start = c.pos;
        if c.peek() != Some(b'"') {
            self.pos = self.text.len();
            return None;
        }
        let escaped = c.string().ok()?;
        let key_raw = self
            .text
            .get(key_start.saturating_add(1)..c.pos.saturating_sub(1))?;
        c.skip_ws();
        if c.peek() != Some(b':') {
            self.pos = self.text.len();
            return None;
        }
        c.bump();
        c.skip_ws();
        let value_start = c.pos;
        c.skip_value();
        let value = self.text.get(value_start..c.pos)?;
        self.pos = c.pos;
        Some((
            JsonStr {
                raw: key_raw,
                escaped,
            },
            value,
        ))
    }
}

/// Iterates over the raw elements of a checked JSON array.
#[derive(Clone, Debug)]
pub struct Elements<'a> {
    text: &'a str,
    pos: usize,
    started: bool,
}

impl<'a> Elements<'a> {
    /// Elements of the array that `text` starts with (`None` if it is not
    /// an array).
    pub fn new(text: &'a str) -> Option<Self> {
        text.starts_with('[').then_some(Elements {
            text,
            pos: 1,
            started: false,
        })
    }
}

impl<'a> Iterator for Elements<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<Self::Item> {
        let mut c = Cursor {
            b: self.text.as_bytes(),
            pos: self.pos,
        };
        c.skip_ws();
        if self.started {
            if c.peek() != Some(b',') {
                self.pos = self.text.len();
                return None;
            }
            c.bump();
            c.skip_ws();
        }
        if matches!(c.peek(), None | Some(b']')) {
            self.pos = self.text.len();
            return None;
        }
        self.started = true;
        let start = c.pos;
        c.skip_value();
        self.pos = c.pos;
        self.text.get(start..c.pos)
    }
}

/// What kind of value a raw value text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A string.
    String,
    /// A number.
    Number,
    /// `true` or `false`.
    Bool,
    /// `null`.
    Null,
    /// An array.
    Array,
    /// An object.
    Object,
}

/// Classifies a raw value from checked text by its first character.
pub fn kind(value: &str) -> Kind {
    match value.as_bytes().first() {
        Some(b'"') => Kind::String,
        Some(b'{') => Kind::Object,
        Some(b'[') => Kind::Array,
        Some(b't' | b'f') => Kind::Bool,
        Some(b'n') => Kind::Null,
        _ => Kind::Number,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn every_repeated_name_is_found_whatever_the_filter_says() {
        use alloc::format;
        use alloc::string::String;
        use alloc::vec::Vec;
        for n in 1..20usize {
            let names: Vec<String> = (0..n).map(|i| format!("name{i}")).collect();
            let body: Vec<String> = names.iter().map(|k| format!("\"{k}\":1")).collect();
            let ok = format!("{{{}}}", body.join(","));
            assert_eq!(check_object(&ok, 16), Ok(()), "{ok}");
            let nested = format!("{{\"o\":{ok},\"p\":{ok}}}");
            assert_eq!(check_object(&nested, 16), Ok(()), "{nested}");
            for k in &names {
                for again in [format!("\"{k}\""), format!("\"\\u006e{}\"", &k[1..])] {
                    let dup = format!("{{{},{again}:2}}", body.join(","));
                    assert_eq!(
                        check_object(&dup, 16),
                        Err(JsonError::DuplicateMember),
                        "{dup}"
                    );
                    let inner = format!("{{\"x\":{dup}}}");
                    assert_eq!(
                        check_object(&inner, 16),
                        Err(JsonError::DuplicateMember),
                        "{inner}"
                    );
                }
            }
        }
    }

    #[test]
    fn accepts_valid_objects() {
        for ok in [
            "{}",
            " { } ",
            r#"{"a":"b"}"#,
            r#"{"a":[1,2.5,-3e10,0,-0.0E+2],"b":{"c":null,"d":true,"e":false}}"#,
            r#"{"s":"\u00e9\n\"\\\/\ud83d\ude00"}"#,
            "{\"k\":\"h\u{e9}llo\"}",
        ] {
            assert_eq!(check_object(ok, 16), Ok(()), "{ok}");
        }
    }

    #[test]
    fn rejects_invalid_json() {
        for bad in [
            "",
            "{",
            "}",
            "{\"a\"}",
            "{\"a\":}",
            "{\"a\":1,}",
            "{,}",
            "{\"a\":01}",
            "{\"a\":1.}",
            "{\"a\":.5}",
            "{\"a\":+1}",
            "{\"a\":1e}",
            "{\"a\":tru}",
            "{\"a\":NaN}",
            "{\"a\":Infinity}",
            "{\"a\":\"\u{1}\"}",
            "{\"a\":\"\\x\"}",
            "{\"a\":\"\\ud800\"}",
            "{\"a\":\"\\udc00\"}",
            "{\"a\":\"\\ud800\\u0041\"}",
            "{'a':1}",
            "{a:1}",
            "{\"a\":1}{}",
            "{\"a\":1} x",
            "{\"a\":[1}",
            "{\"a\":{]}",
            "{\"a\" 1}",
        ] {
            assert!(check_object(bad, 16).is_err(), "{bad:?}");
        }
        assert_eq!(check_object("[1]", 16), Err(JsonError::NotAnObject));
        assert_eq!(check_object("\"x\"", 16), Err(JsonError::NotAnObject));
    }

    #[test]
    fn duplicate_members_at_any_depth() {
        assert_eq!(
            check_object(r#"{"a":1,"a":1}"#, 16),
            Err(JsonError::DuplicateMember)
        );
        assert_eq!(
            check_object(r#"{"x":{"a":1,"b":2,"a":3}}"#, 16),
            Err(JsonError::DuplicateMember)
        );
        assert_eq!(
            check_object(r#"{"x":[{"a":1},{"a":1,"a":2}]}"#, 16),
            Err(JsonError::DuplicateMember)
        );
        assert_eq!(
            check_object(r#"{"\u0061":1,"a":2}"#, 16),
            Err(JsonError::DuplicateMember)
        );
        // Same names in sibling objects are fine.
        assert_eq!(check_object(r#"{"x":{"a":1},"y":{"a":1}}"#, 16), Ok(()));
        // Many members: the spill path.
        let mut s = String::from("{");
        for i in 0..40 {
            s.push_str(&alloc::format!("\"k{i}\":{i},"));
        }
        s.push_str("\"k7\":0}");
        assert_eq!(check_object(&s, 16), Err(JsonError::DuplicateMember));
        assert_eq!(
            check_object(&s.replace("\"k7\":0}", "\"k99\":0}"), 16),
            Ok(())
        );
    }

    #[test]
    fn duplicates_beyond_the_inline_capacity_and_depth() {
        // More open names than the inline table holds, the duplicate in
        // the outer object after the inner one closed.
        let mut s = String::from("{");
        for i in 0..10 {
            s.push_str(&alloc::format!("\"o{i}\":1,"));
        }
        s.push_str("\"inner\":{");
        for i in 0..10 {
            s.push_str(&alloc::format!("\"i{i}\":1,"));
        }
        s.push_str("\"i0x\":1},\"o3\":2}");
        assert_eq!(check_object(&s, 16), Err(JsonError::DuplicateMember));
        assert_eq!(
            check_object(&s.replace("\"o3\":2", "\"o99\":2"), 16),
            Ok(())
        );
        // Objects deeper than the inline depth.
        let deep =
            |inner: &str| alloc::format!("{}{inner}{}", "{\"a\":".repeat(20), "}".repeat(20));
        assert_eq!(
            check_object(&deep("{\"x\":1,\"x\":2}"), 32),
            Err(JsonError::DuplicateMember)
        );
        assert_eq!(check_object(&deep("{\"x\":1,\"y\":2}"), 32), Ok(()));
        // Names that share eight leading bytes, and escaped names.
        assert_eq!(check_object(r#"{"abcdefgh1":1,"abcdefgh2":2}"#, 16), Ok(()));
        assert_eq!(
            check_object(r#"{"abcdefgh1":1,"abcdefgh\u0031":2}"#, 16),
            Err(JsonError::DuplicateMember)
        );
    }

    #[test]
    fn check_members_visits_top_level_members_in_order() {
        let text = r#" { "a" : "x" , "b\n":[1, {"a":3}] ,"c":{"d":{}}, "e":-1.5e3 } "#;
        let mut seen = Vec::new();
        check_members(text, 16, |k, v| {
            assert_eq!(v.as_string().is_some(), v.raw().starts_with('"'));
            seen.push((k.to_cow().into_owned(), v.raw()));
            Ok::<(), JsonError>(())
        })
        .unwrap();
        assert_eq!(
            seen,
            vec![
                ("a".to_string(), "\"x\""),
                ("b\n".to_string(), r#"[1, {"a":3}]"#),
                ("c".to_string(), r#"{"d":{}}"#),
                ("e".to_string(), "-1.5e3"),
            ]
        );
        // A visitor error is returned only for valid JSON, and the visitor
        // is not called after it failed.
        let mut calls = 0;
        let r = check_members(r#"{"a":1,"b":2}"#, 16, |_, _| {
            calls += 1;
            Err(JsonError::Syntax("visitor"))
        });
        assert_eq!((r, calls), (Err(JsonError::Syntax("visitor")), 1));
        let r = check_members(r#"{"a":1,"b":}"#, 16, |_, _| {
            Err(JsonError::Syntax("visitor"))
        });
        assert_eq!(r, Err(JsonError::Syntax("unexpected character")));
    }

    #[test]
    fn depth_limit_is_exact() {
        let nest = |n: usize| {
            let mut s = String::from("{\"a\":");
            for _ in 1..n {
                s.push('[');
            }
            s.push('1');
            for _ in 1..n {
                s.push(']');
            }
            s.push('}');
            s
        };
        assert_eq!(check_object(&nest(16), 16), Ok(()));
        assert_eq!(check_object(&nest(17), 16), Err(JsonError::TooDeep));
        let deep = "{\"a\":".to_string() + &"[".repeat(10_000) + &"]".repeat(10_000) + "}";
        assert_eq!(check_object(&deep, 16), Err(JsonError::TooDeep));
        assert_eq!(check_object(&deep, 100_000), Err(JsonError::TooDeep));
    }

    /// Found by the claims_json fuzz target: serde_json refuses numbers
    /// beyond f64 that RFC 8259's grammar allows. The checker follows the
    /// RFC; the claims reader then types such a NumericDate as invalid.
    #[test]
    fn fuzz_regression_huge_number_is_valid_syntax() {
        assert_eq!(check_object(r#"{"exp":1e400}"#, 16), Ok(()));
        assert!(serde_json::from_str::<serde_json::Value>(r#"{"exp":1e400}"#).is_err());
        assert_eq!(
            crate::claims::ClaimsRef::parse(r#"{"exp":1e400}"#),
            Err(crate::VerifyError::InvalidClaim {
                claim: "exp".into()
            })
        );
    }

    #[test]
    fn members_and_elements() {
        let text = r#"{ "a" : "x" , "b\n":[1, "two" ,{"c":3}], "d":-1.5e3 }"#;
        check_object(text, 16).unwrap();
        let m: Vec<_> = Members::new(text)
            .map(|(k, v)| (k.to_cow().into_owned(), v))
            .collect();
        assert_eq!(
            m,
            vec![
                ("a".to_string(), "\"x\""),
                ("b\n".to_string(), r#"[1, "two" ,{"c":3}]"#),
                ("d".to_string(), "-1.5e3"),
            ]
        );
        let e: Vec<_> = Elements::new(m[1].1).unwrap().collect();
        assert_eq!(e, vec!["1", "\"two\"", r#"{"c":3}"#]);
        assert_eq!(Elements::new("[]").unwrap().count(), 0);
        assert_eq!(Elements::new("[ ]").unwrap().count(), 0);
    }

    #[test]
    fn unescape_matches_serde_json() {
        for raw in [
            r#""plain""#,
            r#""a\"b\\c\/d\b\f\n\r\t""#,
            r#""\u00e9\u4e2d\ud83d\ude00""#,
        ] {
            let ours = JsonStr::from_value(raw).unwrap().to_cow().into_owned();
            let theirs: String = serde_json::from_str(raw).unwrap();
            assert_eq!(ours, theirs);
        }
    }

    use alloc::string::ToString;
}
