//! The limits of what intake reads, documented in `docs/inputs.md`. No real
//! plan comes near them; a hostile or careless file (a 10 MB comment, a
//! million rows, a link to `/dev/zero`) meets a clear error instead of
//! eating the machine's memory.

/// The largest input file read, in bytes, unless raised (`--max-file-mb`).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// The longest text in one cell, in characters.
pub const MAX_FIELD_CHARS: usize = 10_000;
/// The most rows of one file or sheet, unless raised (`--max-rows`).
pub const MAX_ROWS: usize = 100_000;

/// The two limits a large plan may need raised, part of each command's
/// configuration and carried by the [`Source`](super::Source) the inputs
/// are read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest input file read, in bytes.
    pub file_bytes: u64,
    /// The most rows of one file or sheet.
    pub rows: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file_bytes: MAX_FILE_BYTES,
            rows: MAX_ROWS,
        }
    }
}

impl Limits {
    /// The defaults, with what the command line raised (`--max-file-mb`,
    /// `--max-rows`).
    pub fn raised(max_file_mb: Option<u64>, max_rows: Option<usize>) -> Limits {
        let default = Limits::default();
        Limits {
            file_bytes: max_file_mb.map_or(default.file_bytes, |mb| mb.saturating_mul(1024 * 1024)),
            rows: max_rows.unwrap_or(default.rows),
        }
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
pub fn check_zip(bytes: &[u8]) -> Result<(), super::Unreadable> {
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
            )
            .into());
        }
    }
    if total > MAX_UNPACKED_BYTES {
        return Err(format!(
            "it unpacks to {total} bytes, more than the {} MB a workbook may",
            MAX_UNPACKED_BYTES / (1024 * 1024)
        )
        .into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_raises_only_what_it_names() {
        assert_eq!(Limits::raised(None, None), Limits::default());
        let raised = Limits::raised(Some(100), None);
        assert_eq!(raised.file_bytes, 100 * 1024 * 1024);
        assert_eq!(raised.rows, MAX_ROWS);
        assert_eq!(Limits::raised(None, Some(7)).rows, 7);
    }
}
