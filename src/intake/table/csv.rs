//! CSV as units send it: comma, semicolon or tab; UTF-8 with or without BOM,
//! UTF-16 or Windows-1252; CRLF; quoted newlines.

use std::path::Path;

use super::{Cell, HeaderScore, NumberStyle, Row, Table, table_from_rows};
use crate::diagnostics::Diagnostic;
use crate::intake::limits::{MAX_COLUMNS, MAX_FIELD_CHARS, max_rows};

/// Reads a CSV file's bytes into a table, detecting encoding and delimiter.
pub fn read_csv(bytes: &[u8], file: &Path) -> Result<Table, Diagnostic> {
    read_csv_with(bytes, file, &|_| 0)
}

/// As [`read_csv`], with the header found among the first rows by `score`
/// (a title line above it is skipped).
pub fn read_csv_with(bytes: &[u8], file: &Path, score: HeaderScore) -> Result<Table, Diagnostic> {
    let text = decode(bytes, file)?;
    let delimiter = sniff_delimiter(&text);
    let numbers = if delimiter == b';' {
        NumberStyle::DecimalComma
    } else {
        NumberStyle::DecimalPoint
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    let mut lines = LineCounter::new(&text);
    for result in reader.records() {
        match result {
            Ok(record) => {
                let line = record
                    .position()
                    .map_or(1, |p| lines.line_at(p.byte() as usize));
                if records.len() >= max_rows() {
                    return Err(Diagnostic::error(
                        file,
                        format!("the file has more than {} rows", max_rows()),
                    )
                    .at_line(line)
                    .hint("one file holds one year's actions or indicators; split or check it, or raise the limit with --max-rows"));
                }
                if record.len() > MAX_COLUMNS {
                    return Err(Diagnostic::error(
                        file,
                        format!("the row has more than {MAX_COLUMNS} columns"),
                    )
                    .at_line(line));
                }
                if let Some(column) = record
                    .iter()
                    // Bytes bound characters: most cells need no count.
                    .position(|c| c.len() > MAX_FIELD_CHARS && c.chars().count() > MAX_FIELD_CHARS)
                {
                    return Err(Diagnostic::error(
                        file,
                        format!("the cell holds more than {MAX_FIELD_CHARS} characters"),
                    )
                    .at(line, column + 1)
                    .hint("a comment is a few sentences; put longer texts elsewhere"));
                }
                let cells = record.iter().map(|c| Cell::Text(c.to_string())).collect();
                records.push(Row { line, cells });
            }
            Err(err) => {
                let line = err
                    .position()
                    .map_or(1, |p| lines.line_at(p.byte() as usize));
                return Err(
                    Diagnostic::error(file, format!("cannot read CSV: {err}")).at_line(line)
                );
            }
        }
    }
    table_from_rows(records, file, numbers, score)
}

/// Turns a record's byte offset into the 1-based line where its first cell
/// is. The csv crate's own line count is off after CRLF line ends and blank
/// lines, and users jump to these lines in their editor, so we count
/// ourselves. Offsets arrive in increasing order, so one pass suffices.
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        if byte < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        let skipped = self.text.get(self.offset..byte).unwrap_or_default();
        self.line += skipped.iter().filter(|b| **b == b'\n').count();
        self.offset = byte;
        // A record's offset may point at blank lines the reader skipped.
        let mut line = self.line;
        for b in self.text.get(byte..).unwrap_or_default() {
            match b {
                b'\n' => line += 1,
                b'\r' => {}
                _ => break,
            }
        }
        line
    }
}

/// UTF-8 (with or without BOM) when the bytes are valid UTF-8, UTF-16 when a
/// BOM says so, otherwise Windows-1252, which is what Excel writes by default
/// on a Belgian desktop and which can decode any byte.
fn decode(bytes: &[u8], file: &Path) -> Result<String, Diagnostic> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
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
        return Ok(text.into_owned());
    }
    if bytes.contains(&0) {
        return Err(Diagnostic::error(file, "this is not a text file (it contains NUL bytes)")
            .hint("save it from Excel as \"CSV (comma or semicolon separated)\" or send the .xlsx itself"));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok(text.into_owned())
        }
    }
}

/// The delimiter used most on the header line, outside quotes.
fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut in_quotes = false;
    for c in text.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            '\n' if !in_quotes => break,
            _ if !in_quotes => {
                for (delimiter, count) in &mut counts {
                    if c as u32 == u32::from(*delimiter) {
                        *count += 1;
                    }
                }
            }
            _ => {}
        }
    }
    counts
        .iter()
        .max_by_key(|(d, n)| (*n, *d == b','))
        .map_or(b',', |(d, _)| *d)
}
