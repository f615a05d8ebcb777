//! The crash-safe file under the persistent stores: a versioned header,
//! then framed records ([`Record`]), appended and `fsync`ed one by one.
//!
//! Design note: an append-only log survives a process killed at any
//! instant with what it had acknowledged: a record is written and
//! `fsync`ed (`File::sync_data`) before the call that appended it
//! returns, and every record carries a CRC-32, so a torn or corrupted
//! tail is detected on open. Damage is never read as data: the log is cut
//! at the first record that does not check out, and the bytes cut off are
//! kept beside the file (`<file>.damaged`) for inspection. Compaction
//! writes the live records to `<file>.tmp`, `fsync`s it, renames it over
//! the log and `fsync`s the directory, so a crash during compaction leaves
//! either the old log or the new one. The rejected alternative, rewriting
//! one file in place, can lose everything to a crash in the middle. One
//! `fsync` per record bounds the rate (see BENCHMARKS.md); group commit
//! is left for when a fleet needs more.
//!
//! The header is 16 bytes: an 8-byte magic naming the log's purpose, a
//! format version (u32 LE, now 1) and the CRC-32 of those 12 bytes.

use alloc::vec::Vec;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::record::{Record, RecordError, crc32};

/// The format version this crate writes and reads.
pub const LOG_VERSION: u32 = 1;
const HEADER_LEN: usize = 16;

/// What a log holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Purpose {
    Revocations,
    Refresh,
}

impl Purpose {
    fn magic(self) -> &'static [u8; 8] {
        match self {
            Purpose::Revocations => b"JWTREVOK",
            Purpose::Refresh => b"JWTRFRSH",
        }
    }
}

/// Why a log could not be opened or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LogError {
    /// The operating system refused a read, write, `fsync` or rename.
    #[error("log file I/O failed: {0}")]
    Io(#[from] std::io::Error),
    /// The file is not a log of this kind (wrong magic), or its header is
    /// damaged.
    #[error("not a {expected} log file, or its header is damaged")]
    BadHeader {
        /// What the file was expected to hold.
        expected: &'static str,
    },
    /// The log was written by a newer format version.
    #[error("log format version {found} is not supported (this build reads version {LOG_VERSION})")]
    UnsupportedVersion {
        /// The version in the file.
        found: u32,
    },
    /// A record is damaged and the caller asked not to repair.
    #[error("the log is damaged at byte {}: {}", .0.offset, .0.error)]
    Damaged(Damage),
    /// A record cannot be encoded (a string over the record limit).
    #[error("record cannot be stored: {0}")]
    Record(RecordError),
}

impl From<LogError> for jwt_core::StoreError {
    fn from(e: LogError) -> Self {
        match e {
            LogError::BadHeader { .. }
            | LogError::UnsupportedVersion { .. }
            | LogError::Damaged(_) => jwt_core::StoreError::Corrupt,
            LogError::Io(_) | LogError::Record(_) => jwt_core::StoreError::Unavailable,
        }
    }
}

/// Damage found when a log was opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Damage {
    /// Byte offset of the first record that does not check out.
    pub offset: u64,
    /// What is wrong with it.
    pub error: RecordError,
    /// How many bytes from there to the end were not used.
    pub discarded: u64,
    /// Where the discarded bytes were saved (when the log was repaired).
    pub saved_to: Option<PathBuf>,
}

/// What to do with a damaged log on open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recovery {
    /// Cut the log at the first damaged record (saving the rest beside it
    /// as `<file>.damaged`), report it, and go on with the records before.
    Truncate,
    /// Refuse to open ([`LogError::Damaged`]): for read-only consumers
    /// that must fail closed.
    Refuse,
}

/// What opening a log found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpenReport {
    /// Records read.
    pub records: usize,
    /// Damage found (and repaired, with [`Recovery::Truncate`]).
    pub damage: Option<Damage>,
    /// Whether the file was created.
    pub created: bool,
}

fn header(purpose: Purpose) -> [u8; HEADER_LEN] {
    let mut h = [0u8; HEADER_LEN];
    let (magic, rest) = h.split_at_mut(8);
    magic.copy_from_slice(purpose.magic());
    let (version, crc) = rest.split_at_mut(4);
    version.copy_from_slice(&LOG_VERSION.to_le_bytes());
    let mut first = [0u8; 12];
    let (m, v) = first.split_at_mut(8);
    m.copy_from_slice(purpose.magic());
    v.copy_from_slice(&LOG_VERSION.to_le_bytes());
    crc.copy_from_slice(&crc32(&first).to_le_bytes());
    h
}

fn expected(purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::Revocations => "revocation",
        Purpose::Refresh => "refresh-token store",
    }
}

fn check_header(bytes: &[u8], purpose: Purpose) -> Result<(), LogError> {
    let bad = LogError::BadHeader {
        expected: expected(purpose),
    };
    let Some(h) = bytes.get(..HEADER_LEN) else {
        return Err(bad);
    };
    let (first, crc) = h.split_at(12);
    let (magic, version) = first.split_at(8);
    if magic != purpose.magic() {
        return Err(bad);
    }
    let mut c = [0u8; 4];
    c.copy_from_slice(crc);
    if crc32(first) != u32::from_le_bytes(c) {
        return Err(bad);
    }
    let mut v = [0u8; 4];
    v.copy_from_slice(version);
    let version = u32::from_le_bytes(v);
    if version != LOG_VERSION {
        return Err(LogError::UnsupportedVersion { found: version });
    }
    Ok(())
}

/// The records of a log image up to the first damage, and the damage
/// (offset and error) if any.
type Parsed = (Vec<Record>, Option<(u64, RecordError)>);

/// Parses a whole log image.
pub(crate) fn parse(bytes: &[u8], purpose: Purpose) -> Result<Parsed, LogError> {
    check_header(bytes, purpose)?;
    let mut records = Vec::new();
    let mut pos = HEADER_LEN;
    while let Some(rest) = bytes.get(pos..) {
        if rest.is_empty() {
            break;
        }
        match Record::decode(rest) {
            Ok((record, used)) => {
                records.push(record);
                pos = pos.saturating_add(used);
            }
            Err(e) => {
                let offset = u64::try_from(pos).unwrap_or(u64::MAX);
                return Ok((records, Some((offset, e))));
            }
        }
    }
    Ok((records, None))
}

fn sync_dir(path: &Path) -> Result<(), LogError> {
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        // Directories can be opened and fsynced on Unix; elsewhere this
        // is best effort.
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

fn side_path(path: &Path, suffix: &str) -> PathBuf {
    let mut name = std::ffi::OsString::from(path.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

/// An open log, positioned at its end.
#[derive(Debug)]
pub(crate) struct Log {
    file: File,
    path: PathBuf,
    purpose: Purpose,
    records: usize,
}

impl Log {
    /// Opens (or creates) the log at `path` and returns its records.
    pub(crate) fn open(
        path: &Path,
        purpose: Purpose,
        recovery: Recovery,
    ) -> Result<(Log, Vec<Record>, OpenReport), LogError> {
        let mut report = OpenReport::default();
        let mut file = match OpenOptions::new().read(true).write(true).open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut f = OpenOptions::new()
                    .read(true)
                    .write(true)
                    .create_new(true)
                    .open(path)?;
                f.write_all(&header(purpose))?;
                f.sync_all()?;
                sync_dir(path)?;
                report.created = true;
                f
            }
            Err(e) => return Err(e.into()),
        };
        let mut bytes = Vec::new();
        file.seek(SeekFrom::Start(0))?;
        file.read_to_end(&mut bytes)?;
        let (records, damage) = parse(&bytes, purpose)?;
        if let Some((offset, error)) = damage {
            let discarded = u64::try_from(bytes.len())
                .unwrap_or(u64::MAX)
                .saturating_sub(offset);
            let mut found = Damage {
                offset,
                error,
                discarded,
                saved_to: None,
            };
            if recovery == Recovery::Refuse {
                return Err(LogError::Damaged(found));
            }
            let saved = side_path(path, ".damaged");
            let start = usize::try_from(offset).unwrap_or(usize::MAX);
            std::fs::write(&saved, bytes.get(start..).unwrap_or_default())?;
            file.set_len(offset)?;
            file.sync_all()?;
            found.saved_to = Some(saved);
            report.damage = Some(found);
        }
        file.seek(SeekFrom::End(0))?;
        report.records = records.len();
        Ok((
            Log {
                file,
                path: path.to_path_buf(),
                purpose,
                records: records.len(),
            },
            records,
            report,
        ))
    }

    /// Appends `record` and `fsync`s before returning.
    pub(crate) fn append(&mut self, record: &Record) -> Result<(), LogError> {
        let mut buf = Vec::new();
        record.encode(&mut buf).map_err(LogError::Record)?;
        self.file.write_all(&buf)?;
        self.file.sync_data()?;
        self.records = self.records.saturating_add(1);
        Ok(())
    }

    /// Records in the file (live or not).
    pub(crate) fn records(&self) -> usize {
        self.records
    }

    /// Replaces the log by one holding exactly `records`, crash-safely.
    pub(crate) fn rewrite(&mut self, records: &[Record]) -> Result<(), LogError> {
        let tmp = side_path(&self.path, ".tmp");
        let mut buf = Vec::from(header(self.purpose));
        for r in records {
            r.encode(&mut buf).map_err(LogError::Record)?;
        }
        {
            let mut f = File::create(&tmp)?;
            f.write_all(&buf)?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, &self.path)?;
        sync_dir(&self.path)?;
        let mut file = OpenOptions::new().read(true).write(true).open(&self.path)?;
        file.seek(SeekFrom::End(0))?;
        self.file = file;
        self.records = records.len();
        Ok(())
    }
}

/// Reads a log image from bytes (for firmware that keeps the same records
/// in its own flash, or for tools): the records up to the first damage.
///
/// # Errors
/// [`LogError::BadHeader`] or [`LogError::UnsupportedVersion`] for a bad
/// header, [`LogError::Damaged`] at the first damaged record.
pub fn read_revocation_log(bytes: &[u8]) -> Result<Vec<Record>, LogError> {
    match parse(bytes, Purpose::Revocations)? {
        (records, None) => Ok(records),
        (_, Some((offset, error))) => Err(LogError::Damaged(Damage {
            offset,
            error,
            discarded: u64::try_from(bytes.len())
                .unwrap_or(u64::MAX)
                .saturating_sub(offset),
            saved_to: None,
        })),
    }
}

/// Writes `records` as a revocation log image (header and records).
///
/// # Errors
/// [`LogError::Record`] for a record that cannot be encoded.
pub fn write_revocation_log(records: &[Record]) -> Result<Vec<u8>, LogError> {
    let mut buf = Vec::from(header(Purpose::Revocations));
    for r in records {
        r.encode(&mut buf).map_err(LogError::Record)?;
    }
    Ok(buf)
}
