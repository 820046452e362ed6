//! The limits of what intake reads, documented in `docs/inputs.md`. No real
//! plan comes near them; a hostile or careless file (a 10 MB comment, a
//! million rows, a link to `/dev/zero`) meets a clear error instead of
//! eating the machine's memory.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// The largest input file read, in bytes, unless raised (`--max-file-mb`).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// The longest text in one cell, in characters.
pub const MAX_FIELD_CHARS: usize = 10_000;
/// The most rows of one file or sheet, unless raised (`--max-rows`).
pub const MAX_ROWS: usize = 100_000;

static FILE_BYTES: AtomicU64 = AtomicU64::new(MAX_FILE_BYTES);
static ROWS: AtomicUsize = AtomicUsize::new(MAX_ROWS);

/// The file size limit in force.
pub fn max_file_bytes() -> u64 {
    FILE_BYTES.load(Ordering::Relaxed)
}

/// The row limit in force.
pub fn max_rows() -> usize {
    ROWS.load(Ordering::Relaxed)
}

/// Raises (or lowers) the two limits a large plan may need raised; set once,
/// by the command line, before any input is read.
pub fn set(file_bytes: Option<u64>, rows: Option<usize>) {
    if let Some(bytes) = file_bytes {
        FILE_BYTES.store(bytes, Ordering::Relaxed);
    }
    if let Some(rows) = rows {
        ROWS.store(rows, Ordering::Relaxed);
    }
}
/// The most columns of one file or sheet.
pub const MAX_COLUMNS: usize = 500;
/// The most a workbook (`.xlsx`, `.ods`) may unpack to, all parts together.
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;
/// The most a workbook part may unpack to per byte it takes packed: real
/// sheets compress around 10:1, a zip bomb by thousands.
pub const MAX_COMPRESSION_RATIO: u64 = 200;

/// Checks a zip package (`.xlsx`, `.ods`) against the limits above, by what
/// its directory declares, before any part of it is unpacked.
pub fn check_zip(bytes: &[u8]) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut total: u64 = 0;
    for index in 0..zip.len() {
        let part = zip.by_index_raw(index).map_err(|e| e.to_string())?;
        let (packed, unpacked) = (part.compressed_size(), part.size());
        total = total.saturating_add(unpacked);
        // Small parts may compress well (a sheet of empty cells); judge the
        // ratio only where it could matter.
        if unpacked > 1024 * 1024 && unpacked / packed.max(1) > MAX_COMPRESSION_RATIO {
            return Err(format!(
                "part {} unpacks {} times its packed size: a zip bomb, not a workbook",
                part.name(),
                unpacked / packed.max(1)
            ));
        }
    }
    if total > MAX_UNPACKED_BYTES {
        return Err(format!(
            "it unpacks to {total} bytes, more than the {} MB a workbook may",
            MAX_UNPACKED_BYTES / (1024 * 1024)
        ));
    }
    Ok(())
}
