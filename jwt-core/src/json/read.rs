//! Borrowed access to checked JSON: object members, array elements and
//! strings, straight from the text (no allocation unless a string has
//! escapes).

use alloc::borrow::Cow;
use alloc::string::String;

use super::check::Cursor;

/// A top-level member's value as handed to a [`check_members`](super::check_members) visitor:
/// its exact text, and for a string whether it has escapes (known from the
/// check, so reading it needs no second scan).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Value<'a> {
    pub(super) raw: &'a str,
    pub(super) escaped: bool,
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
    pub(super) raw: &'a str,
    pub(super) escaped: bool,
}

impl<'a> JsonStr<'a> {
    #[cfg(not(feature = "compact"))]
    pub(super) const EMPTY: JsonStr<'static> = JsonStr {
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

    pub(super) fn eq_json(&self, other: &JsonStr<'_>) -> bool {
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
/// Intended for text that passed [`check_object`](super::check_object); on anything else it
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
