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
    /// Another writer (in this process or another) has the log open.
    #[error("the log is open for writing elsewhere (one writer at a time)")]
    Locked,
    /// An append failed and could not be rolled back; reopen the log.
    #[error("an earlier write failed and could not be undone; reopen the log")]
    Poisoned,
}

impl From<LogError> for jwt_core::StoreError {
    fn from(e: LogError) -> Self {
        match e {
            LogError::BadHeader { .. }
            | LogError::UnsupportedVersion { .. }
            | LogError::Damaged(_) => jwt_core::StoreError::Corrupt,
            LogError::Io(_) | LogError::Record(_) | LogError::Locked | LogError::Poisoned => {
                jwt_core::StoreError::Unavailable
            }
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

/// What to do on open with a missing or damaged log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recovery {
    /// Create a missing log; cut a damaged tail (a torn last record, bytes
    /// after which no valid record follows), saving the cut bytes beside
    /// the file as `<file>.damaged`, report it, and go on with the records
    /// before. Damage followed by valid records is never cut (that would
    /// drop acknowledged revocations): the open fails with
    /// [`LogError::Damaged`] for an operator to look at.
    Truncate,
    /// Fail on a missing log and on any damage: for consumers that must
    /// fail closed.
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

/// Whether the damage at `offset` is only a torn or garbled tail: no
/// valid record starts anywhere after it. Damage followed by a valid
/// record is in the middle of the log, and cutting there would drop
/// acknowledged records.
fn damage_is_tail(bytes: &[u8], offset: usize) -> bool {
    let mut pos = offset.saturating_add(1);
    while let Some(rest) = bytes.get(pos..) {
        if rest.is_empty() {
            break;
        }
        if Record::decode(rest).is_ok() {
            return false;
        }
        pos = pos.saturating_add(1);
    }
    true
}

/// Makes a rename or a new file durable: `fsync` the directory (Unix;
/// best effort elsewhere, where directories cannot be opened).
fn sync_dir(path: &Path) -> Result<(), LogError> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    {
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

/// Takes the writer's exclusive lock on `file`, which must still be the
/// file at `path` once locked (a compaction in another process may have
/// renamed a new file over it in between).
fn lock_writer(file: &File, path: &Path) -> Result<(), LogError> {
    try_lock_briefly(file)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let held = file.metadata()?;
        let named = std::fs::metadata(path)?;
        if (held.dev(), held.ino()) != (named.dev(), named.ino()) {
            return Err(LogError::Locked);
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Takes an exclusive lock, waiting up to about half a second: a lock
/// can outlive its writer for a moment (a child process forked while the
/// file was open holds it until it calls `exec`).
fn try_lock_briefly(file: &File) -> Result<(), LogError> {
    for _ in 0..20 {
        match file.try_lock() {
            Ok(()) => return Ok(()),
            Err(std::fs::TryLockError::WouldBlock) => {
                std::thread::sleep(core::time::Duration::from_millis(25));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(e.into()),
        }
    }
    Err(LogError::Locked)
}

/// Writes a new log holding `image` at `path`, crash-safely: the bytes go
/// to `<path>.tmp`, which is `fsync`ed, locked and renamed over `path`,
/// and the directory is `fsync`ed. Returns the new file, locked.
fn replace_with(path: &Path, image: &[u8]) -> Result<File, LogError> {
    let tmp = side_path(path, ".tmp");
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(&tmp)?;
    try_lock_briefly(&file)?;
    file.write_all(image)?;
    file.sync_all()?;
    std::fs::rename(&tmp, path)?;
    sync_dir(path)?;
    Ok(file)
}

/// An open log, locked for writing, positioned at its end.
#[derive(Debug)]
pub(crate) struct Log {
    file: File,
    path: PathBuf,
    purpose: Purpose,
    records: usize,
    /// The length of the valid log: where the next record goes.
    len: u64,
    /// A failed append could not be rolled back: no more appends until
    /// the log is reopened (which cuts the torn tail).
    poisoned: bool,
}

impl Log {
    /// Opens the log at `path` for writing (creating it, unless
    /// `recovery` is [`Recovery::Refuse`]) and returns its records. The
    /// file is locked: a second writer, in this process or another, gets
    /// [`LogError::Locked`].
    pub(crate) fn open(
        path: &Path,
        purpose: Purpose,
        recovery: Recovery,
    ) -> Result<(Log, Vec<Record>, OpenReport), LogError> {
        let mut report = OpenReport::default();
        let mut file = match OpenOptions::new().read(true).write(true).open(path) {
            Ok(f) => {
                lock_writer(&f, path)?;
                f
            }
            Err(e)
                if e.kind() == std::io::ErrorKind::NotFound && recovery == Recovery::Truncate =>
            {
                report.created = true;
                replace_with(path, &header(purpose))?
            }
            Err(e) => return Err(e.into()),
        };
        let mut bytes = Vec::new();
        file.seek(SeekFrom::Start(0))?;
        file.read_to_end(&mut bytes)?;
        let (records, damage) = parse(&bytes, purpose)?;
        let mut len = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        if let Some((offset, error)) = damage {
            let start = usize::try_from(offset).unwrap_or(usize::MAX);
            let mut found = Damage {
                offset,
                error,
                discarded: len.saturating_sub(offset),
                saved_to: None,
            };
            // Only a damaged tail is ever cut: damage with valid records
            // after it would take acknowledged revocations with it.
            if recovery == Recovery::Refuse || !damage_is_tail(&bytes, start) {
                return Err(LogError::Damaged(found));
            }
            let saved = side_path(path, ".damaged");
            std::fs::write(&saved, bytes.get(start..).unwrap_or_default())?;
            file.set_len(offset)?;
            file.sync_all()?;
            found.saved_to = Some(saved);
            report.damage = Some(found);
            len = offset;
        }
        file.seek(SeekFrom::Start(len))?;
        report.records = records.len();
        Ok((
            Log {
                file,
                path: path.to_path_buf(),
                purpose,
                records: records.len(),
                len,
                poisoned: false,
            },
            records,
            report,
        ))
    }

    /// Appends `record` and `fsync`s before returning. On failure the file
    /// is cut back to its previous length, so a retry never lands after
    /// torn bytes; if even that fails, the log refuses further appends.
    pub(crate) fn append(&mut self, record: &Record) -> Result<(), LogError> {
        self.append_all(core::slice::from_ref(record))
    }

    /// Appends `records` with one write and one `fsync` (all or none, as
    /// [`append`](Self::append)).
    pub(crate) fn append_all(&mut self, records: &[Record]) -> Result<(), LogError> {
        if self.poisoned {
            return Err(LogError::Poisoned);
        }
        if records.is_empty() {
            return Ok(());
        }
        let mut buf = Vec::new();
        for record in records {
            record.encode(&mut buf).map_err(LogError::Record)?;
        }
        let written = self
            .file
            .seek(SeekFrom::Start(self.len))
            .and_then(|_| self.file.write_all(&buf))
            .and_then(|()| self.file.sync_data());
        if let Err(e) = written {
            let rolled_back = self
                .file
                .set_len(self.len)
                .and_then(|()| self.file.sync_data());
            if rolled_back.is_err() {
                self.poisoned = true;
            }
            return Err(e.into());
        }
        self.len = self
            .len
            .saturating_add(u64::try_from(buf.len()).unwrap_or(u64::MAX));
        self.records = self.records.saturating_add(records.len());
        Ok(())
    }

    /// Records in the file (live or not).
    pub(crate) fn records(&self) -> usize {
        self.records
    }

    /// Replaces the log by one holding exactly `records`, crash-safely;
    /// later appends go to the new file.
    pub(crate) fn rewrite(&mut self, records: &[Record]) -> Result<(), LogError> {
        let mut image = Vec::from(header(self.purpose));
        for r in records {
            r.encode(&mut image).map_err(LogError::Record)?;
        }
        let file = replace_with(&self.path, &image)?;
        self.file = file;
        self.len = u64::try_from(image.len()).unwrap_or(u64::MAX);
        self.records = records.len();
        self.poisoned = false;
        Ok(())
    }
}

/// Parses a log image read while a writer may be appending to it: a
/// damaged tail (an append in progress, or one a crash tore) is left out,
/// as the writer's next open will cut it; damage before a valid record is
/// an error.
pub(crate) fn parse_snapshot(bytes: &[u8], purpose: Purpose) -> Result<Vec<Record>, LogError> {
    match parse(bytes, purpose)? {
        (records, None) => Ok(records),
        (records, Some((offset, _)))
            if damage_is_tail(bytes, usize::try_from(offset).unwrap_or(usize::MAX)) =>
        {
            Ok(records)
        }
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
