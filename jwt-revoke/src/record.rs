//! The record codec: revocations (and refresh-token store records) as
//! bytes, for the log file and for firmware that keeps them in its own
//! flash.
//!
//! A record is framed as
//!
//! ```text
//! kind: u8 | length: u16 LE | payload: length bytes | crc32: u32 LE
//! ```
//!
//! where the CRC-32 (IEEE 802.3) covers kind, length and payload, and the
//! payload is, field by field (integers little-endian, strings as a u16
//! length then UTF-8 bytes, an optional string as a flag byte 0/1 then the
//! string):
//!
//! | kind | record | payload |
//! |---|---|---|
//! | 1 | token revoked | `exp: i64`, `iss: opt str`, `jti: str` |
//! | 2 | subject revoked | `before: i64`, `iss: opt str`, `sub: str` |
//! | 3 | refresh token used | `exp: i64`, `family: str`, `jti: str` |
//! | 4 | refresh family revoked | `family: str` |
//!
//! Decoding checks the frame, the checksum, every length and UTF-8, and
//! that the payload is consumed exactly; anything else is an error naming
//! what is wrong, never a best guess.

use alloc::string::String;
use alloc::vec::Vec;

use crate::entry::Revocation;

/// The longest string a record holds (an `iss`, `jti`, `sub` or family
/// id), in bytes.
pub const MAX_RECORD_STRING: usize = 1024;

/// Bytes of framing around a payload: kind, length, checksum.
pub const FRAME_OVERHEAD: usize = 7;

/// One stored record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    /// A revocation.
    Revoke(Revocation),
    /// A refresh token `jti` of `family` was used (it expires at `exp`).
    RefreshUsed {
        /// The family id.
        family: String,
        /// The refresh token's `jti`.
        jti: String,
        /// The refresh token's `exp`.
        exp: i64,
    },
    /// A refresh-token family was revoked.
    FamilyRevoked {
        /// The family id.
        family: String,
    },
}

/// Why bytes are not a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RecordError {
    /// The bytes end inside the record (a torn write).
    #[error("the record is cut short")]
    Truncated,
    /// The checksum does not match (bit rot, a torn write).
    #[error("the record's checksum does not match")]
    Checksum,
    /// The frame or payload is not a valid record.
    #[error("malformed record: {0}")]
    Malformed(&'static str),
    /// A string is longer than [`MAX_RECORD_STRING`].
    #[error("a string is longer than the record limit")]
    TooLong,
}

/// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), table-driven.
pub fn crc32(data: &[u8]) -> u32 {
    // Evaluated at compile time: an out-of-range index or a truncation
    // would be a build error, not a run-time panic.
    #[allow(clippy::cast_possible_truncation, clippy::indexing_slicing)]
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
                k += 1;
            }
            table[i] = c;
            i += 1;
        }
        table
    };
    let mut crc = !0u32;
    for &b in data {
        let [low, ..] = crc.to_le_bytes();
        let index = usize::from(low ^ b);
        crc = TABLE.get(index).copied().unwrap_or(0) ^ (crc >> 8);
    }
    !crc
}

fn put_str(out: &mut Vec<u8>, s: &str) -> Result<(), RecordError> {
    if s.len() > MAX_RECORD_STRING {
        return Err(RecordError::TooLong);
    }
    let len = u16::try_from(s.len()).map_err(|_| RecordError::TooLong)?;
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(s.as_bytes());
    Ok(())
}

fn put_opt(out: &mut Vec<u8>, s: Option<&str>) -> Result<(), RecordError> {
    match s {
        Some(s) => {
            out.push(1);
            put_str(out, s)
        }
        None => {
            out.push(0);
            Ok(())
        }
    }
}

impl Record {
    fn kind(&self) -> u8 {
        match self {
            Record::Revoke(Revocation::Token { .. }) => 1,
            Record::Revoke(Revocation::Subject { .. }) => 2,
            Record::RefreshUsed { .. } => 3,
            Record::FamilyRevoked { .. } => 4,
        }
    }

    /// Appends the framed record to `out`.
    ///
    /// # Errors
    /// [`RecordError::TooLong`] for a string over [`MAX_RECORD_STRING`];
    /// `out` is then unchanged.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), RecordError> {
        let mut payload = Vec::new();
        match self {
            Record::Revoke(Revocation::Token { iss, jti, exp }) => {
                payload.extend_from_slice(&exp.to_le_bytes());
                put_opt(&mut payload, iss.as_deref())?;
                put_str(&mut payload, jti)?;
            }
            Record::Revoke(Revocation::Subject { iss, sub, before }) => {
                payload.extend_from_slice(&before.to_le_bytes());
                put_opt(&mut payload, iss.as_deref())?;
                put_str(&mut payload, sub)?;
            }
            Record::RefreshUsed { family, jti, exp } => {
                payload.extend_from_slice(&exp.to_le_bytes());
                put_str(&mut payload, family)?;
                put_str(&mut payload, jti)?;
            }
            Record::FamilyRevoked { family } => put_str(&mut payload, family)?,
        }
        let len = u16::try_from(payload.len()).map_err(|_| RecordError::TooLong)?;
        let start = out.len();
        out.push(self.kind());
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&payload);
        let crc = crc32(out.get(start..).unwrap_or_default());
        out.extend_from_slice(&crc.to_le_bytes());
        Ok(())
    }

    /// The record as a new byte vector.
    ///
    /// # Errors
    /// As [`encode`](Self::encode).
    pub fn to_bytes(&self) -> Result<Vec<u8>, RecordError> {
        let mut out = Vec::new();
        self.encode(&mut out)?;
        Ok(out)
    }

    /// Decodes the record at the start of `bytes`; returns it and how many
    /// bytes it took.
    ///
    /// # Errors
    /// [`RecordError::Truncated`] when `bytes` end inside the record,
    /// [`RecordError::Checksum`] when the checksum does not match,
    /// [`RecordError::Malformed`] for an unknown kind or a payload that
    /// does not parse exactly, [`RecordError::TooLong`] for an oversized
    /// string.
    pub fn decode(bytes: &[u8]) -> Result<(Record, usize), RecordError> {
        let [kind, l0, l1, ..] = *bytes else {
            return Err(RecordError::Truncated);
        };
        if !(1..=4).contains(&kind) {
            return Err(RecordError::Malformed("unknown record kind"));
        }
        let len = usize::from(u16::from_le_bytes([l0, l1]));
        let body_end = 3usize.saturating_add(len);
        let total = body_end.saturating_add(4);
        let (Some(framed), Some(crc_bytes)) = (bytes.get(..body_end), bytes.get(body_end..total))
        else {
            return Err(RecordError::Truncated);
        };
        let mut crc = [0u8; 4];
        crc.copy_from_slice(crc_bytes);
        if crc32(framed) != u32::from_le_bytes(crc) {
            return Err(RecordError::Checksum);
        }
        let mut r = Reader {
            b: framed.get(3..).unwrap_or_default(),
        };
        let record = match kind {
            1 => {
                let exp = r.i64()?;
                let iss = r.opt()?;
                let jti = r.string()?;
                Record::Revoke(Revocation::Token { iss, jti, exp })
            }
            2 => {
                let before = r.i64()?;
                let iss = r.opt()?;
                let sub = r.string()?;
                Record::Revoke(Revocation::Subject { iss, sub, before })
            }
            3 => {
                let exp = r.i64()?;
                let family = r.string()?;
                let jti = r.string()?;
                Record::RefreshUsed { family, jti, exp }
            }
            _ => Record::FamilyRevoked {
                family: r.string()?,
            },
        };
        if !r.b.is_empty() {
            return Err(RecordError::Malformed("bytes left over in the payload"));
        }
        Ok((record, total))
    }
}

struct Reader<'a> {
    b: &'a [u8],
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], RecordError> {
        if self.b.len() < n {
            return Err(RecordError::Malformed("a field runs past the payload"));
        }
        let (head, rest) = self.b.split_at(n);
        self.b = rest;
        Ok(head)
    }

    fn i64(&mut self) -> Result<i64, RecordError> {
        let mut w = [0u8; 8];
        w.copy_from_slice(self.take(8)?);
        Ok(i64::from_le_bytes(w))
    }

    fn string(&mut self) -> Result<String, RecordError> {
        let mut l = [0u8; 2];
        l.copy_from_slice(self.take(2)?);
        let len = usize::from(u16::from_le_bytes(l));
        if len > MAX_RECORD_STRING {
            return Err(RecordError::TooLong);
        }
        let bytes = self.take(len)?;
        core::str::from_utf8(bytes)
            .map(String::from)
            .map_err(|_| RecordError::Malformed("a string is not UTF-8"))
    }

    fn opt(&mut self) -> Result<Option<String>, RecordError> {
        match self.take(1)? {
            [0] => Ok(None),
            [1] => self.string().map(Some),
            _ => Err(RecordError::Malformed("an option flag is neither 0 nor 1")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_check_value() {
        // The standard check value of CRC-32/ISO-HDLC.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }
}
