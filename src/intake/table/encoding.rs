//! A text file's encoding, decided per file and strictly: UTF-8 (with or
//! without BOM), UTF-16 when a BOM says so, or Windows-1252 only for a file
//! with no valid UTF-8 sequence at all. Guessing per file rather than
//! trusting a reader's default is what keeps one stray byte from turning
//! every accent of a report into mojibake.

use std::borrow::Cow;
use std::path::Path;

use crate::diagnostics::Diagnostic;

/// UTF-8 (with or without BOM), UTF-16 when a BOM says so, or Windows-1252,
/// which is what Excel writes by default on a Belgian desktop, but only for
/// a file with no valid UTF-8 sequence at all: a UTF-8 file with one stray
/// byte read as Windows-1252 would turn every accent into mojibake.
pub(super) fn decode<'b>(bytes: &'b [u8], file: &Path) -> Result<Cow<'b, str>, Diagnostic> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        if encoding == encoding_rs::UTF_8 {
            return utf8(rest, file);
        }
        let (text, had_errors) = encoding.decode_without_bom_handling(rest);
        if had_errors {
            return Err(Diagnostic::error(
                file,
                format!(
                    "the file starts with a {} byte-order mark but is not valid {}",
                    encoding.name(),
                    encoding.name()
                ),
            )
            .hint("save the file again as CSV UTF-8"));
        }
        return Ok(Cow::Owned(text.into_owned()));
    }
    if bytes.contains(&0) {
        return Err(Diagnostic::error(file, "this is not a text file (it contains NUL bytes)")
            .hint("save it from Excel as \"CSV (comma or semicolon separated)\" or send the .xlsx itself"));
    }
    match valid_utf8(bytes) {
        Some(text) => return Ok(Cow::Borrowed(text)),
        None if has_utf8_sequence(bytes) => return utf8(bytes, file),
        None => {}
    }
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    Ok(text)
}

/// The bytes as text when they are all valid UTF-8, checked many bytes at a
/// time (the standard library's check is a tenth of reading a large file;
/// where it fails, it says where).
fn valid_utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

/// The bytes as UTF-8, or an error at the line and column of the first byte
/// that is not.
fn utf8<'b>(bytes: &'b [u8], file: &Path) -> Result<Cow<'b, str>, Diagnostic> {
    if let Some(text) = valid_utf8(bytes) {
        return Ok(Cow::Borrowed(text));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(err) => {
            let valid = bytes.get(..err.valid_up_to()).unwrap_or_default();
            let before = std::str::from_utf8(valid).unwrap_or_default();
            let line = 1 + before.matches('\n').count() + before.matches('\r').count()
                - before.matches("\r\n").count();
            let line_start = before.rfind(['\r', '\n']).map_or(0, |i| i + 1);
            let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
            let what = match err.error_len() {
                None => "the file ends in the middle of a character (it was cut off)".to_string(),
                Some(_) => format!(
                    "the file is UTF-8 but for byte 0x{:02X} here, which is not: read as another encoding, every accent of the file would be wrong",
                    bytes.get(err.valid_up_to()).copied().unwrap_or_default()
                ),
            };
            Err(Diagnostic::error(file, what)
                .at(line, column)
                .hint("open the file in a text editor or Excel and save it again as \"CSV UTF-8\""))
        }
    }
}

/// Whether the bytes hold at least one valid UTF-8 sequence of two or more
/// bytes, the sign of a UTF-8 file.
fn has_utf8_sequence(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    while let Some(at) = rest.iter().position(|b| *b >= 0x80) {
        let Some(tail) = rest.get(at..) else {
            return false;
        };
        let len = match tail.first() {
            Some(0xC2..=0xDF) => 2,
            Some(0xE0..=0xEF) => 3,
            Some(0xF0..=0xF4) => 4,
            _ => 1,
        };
        if len > 1
            && tail
                .get(..len)
                .is_some_and(|seq| std::str::from_utf8(seq).is_ok())
        {
            return true;
        }
        rest = tail.get(1..).unwrap_or_default();
    }
    false
}
