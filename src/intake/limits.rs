//! The limits of what intake reads, documented in `docs/inputs.md`. No real
//! plan comes near them; a hostile or careless file (a 10 MB comment, a
//! million rows, a link to `/dev/zero`) meets a clear error instead of
//! eating the machine's memory.

/// The largest input file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// The longest text in one cell, in characters.
pub const MAX_FIELD_CHARS: usize = 10_000;
/// The most rows of one file or sheet.
pub const MAX_ROWS: usize = 100_000;
/// The most columns of one file or sheet.
pub const MAX_COLUMNS: usize = 500;
