//! Raw tables from the files units send: bytes in, header plus rows of text out.
//!
//! This is the one place that knows about file formats. Whatever a unit's
//! desktop produced (comma or semicolon, UTF-8 with or without BOM, Windows-1252,
//! CRLF, quoted newlines, trailing empty rows and columns), the rest of the tool
//! sees the same thing: a [`Table`] whose rows remember their line number, so
//! every later diagnostic can point into the original file.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// A table read from one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The file as the user should see it in diagnostics.
    pub file: PathBuf,
    pub headers: Vec<Cell>,
    pub rows: Vec<Row>,
    /// How ambiguous numbers like `1.234` are read in this file.
    pub numbers: NumberStyle,
    /// Read from a spreadsheet, whose percentage cells hold fractions.
    pub spreadsheet: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// 1-based line (CSV) or row number (spreadsheet) where the row starts.
    pub line: usize,
    pub cells: Vec<Cell>,
}

/// A cell's text; spreadsheet cells that hold numbers or dates keep the typed
/// value so nothing is lost to formatting.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Date(chrono::NaiveDate),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Text(t) if t.trim().is_empty())
    }

    pub fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) => format_number(*n),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        format!("{n}")
    }
}

/// Which separator is the decimal one when a number alone does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberStyle {
    /// `1.234,5`: what Excel writes on a Belgian desktop (semicolon files).
    DecimalComma,
    /// `1,234.5`: comma- and tab-separated files.
    DecimalPoint,
}

/// Reads a CSV file's bytes into a table, detecting encoding and delimiter.
pub fn read_csv(bytes: &[u8], file: &Path) -> Result<Table, Diagnostic> {
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
    table_from_rows(records, file, numbers)
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

/// Reads an Excel workbook: the sheet named like the file's kind (one of
/// `sheet_names`, compared loosely), or else the first sheet. Typed cells keep
/// their type, so a date cell is a date whatever its display format.
pub fn read_xlsx(bytes: &[u8], file: &Path, sheet_names: &[&str]) -> Result<Table, Diagnostic> {
    use calamine::{Reader, Xlsx};

    let unreadable = |err: &dyn std::fmt::Display| {
        Diagnostic::error(file, format!("cannot read the Excel file: {err}"))
            .hint("save it again from Excel as .xlsx, or export the sheet as CSV")
    };
    let mut workbook: Xlsx<_> =
        Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let names = workbook.sheet_names();
    let wanted = names
        .iter()
        .find(|name| {
            let name = crate::core::normalize(name);
            sheet_names
                .iter()
                .any(|s| crate::core::normalize(s) == name)
        })
        .or_else(|| names.first())
        .cloned();
    let Some(sheet) = wanted else {
        return Err(Diagnostic::error(file, "the workbook has no sheets"));
    };
    // Cell by cell rather than as one dense range: a sheet whose used range
    // claims a million columns must not allocate for all of them.
    let mut reader = workbook
        .worksheet_cells_reader(&sheet)
        .map_err(|e| unreadable(&e))?;
    let mut cells: std::collections::BTreeMap<u32, Vec<(u32, Cell)>> =
        std::collections::BTreeMap::new();
    let mut count = 0usize;
    while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
        let (row, column) = cell.get_position();
        let value = spreadsheet_cell(cell.get_value());
        if value.is_empty() {
            continue;
        }
        count += 1;
        if column >= MAX_COLUMNS || count > MAX_CELLS {
            return Err(Diagnostic::error(file, format!("sheet `{sheet}` is too large: data beyond column {MAX_COLUMNS} or more than {MAX_CELLS} cells"))
                .at(row as usize + 1, column as usize + 1)
                .hint("keep one table of actions or indicators on the sheet"));
        }
        cells.entry(row).or_default().push((column, value));
    }
    let rows = cells
        .into_iter()
        .map(|(row, mut values)| {
            values.sort_by_key(|(column, _)| *column);
            let width = values.last().map_or(0, |(column, _)| *column as usize + 1);
            let mut dense = vec![Cell::Text(String::new()); width];
            for (column, value) in values {
                if let Some(slot) = dense.get_mut(column as usize) {
                    *slot = value;
                }
            }
            Row {
                line: row as usize + 1,
                cells: dense,
            }
        })
        .collect();
    let mut table = table_from_rows(rows, file, NumberStyle::DecimalComma)?;
    table.spreadsheet = true;
    Ok(table)
}

/// Limits that no plan's sheet comes near.
const MAX_COLUMNS: u32 = 500;
const MAX_CELLS: usize = 5_000_000;

fn spreadsheet_cell(data: &calamine::DataRef) -> Cell {
    use calamine::DataRef as Data;
    match data {
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::SharedString(s) => Cell::Text(s.to_string()),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map(|d| Cell::Date(d.date()))
            .unwrap_or_else(|| Cell::Text(dt.to_string())),
        Data::DateTimeIso(s) | Data::DurationIso(s) => {
            let date = s
                .get(..10)
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            date.map_or_else(|| Cell::Text(s.clone()), Cell::Date)
        }
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
        Data::Empty => Cell::Text(String::new()),
    }
}

/// Splits the first non-empty row off as headers and drops empty rows and
/// trailing empty columns, which spreadsheets leave behind freely.
pub fn table_from_rows(
    rows: Vec<Row>,
    file: &Path,
    numbers: NumberStyle,
) -> Result<Table, Diagnostic> {
    let mut rows = rows
        .into_iter()
        .filter(|r| !r.cells.iter().all(Cell::is_empty))
        .collect::<Vec<_>>()
        .into_iter();
    let Some(header_row) = rows.next() else {
        return Err(Diagnostic::error(file, "the file is empty")
            .hint("the first row must hold the column names"));
    };
    let mut headers = header_row.cells;
    while headers.last().is_some_and(Cell::is_empty) {
        headers.pop();
    }
    Ok(Table {
        file: file.to_path_buf(),
        headers,
        rows: rows.collect(),
        numbers,
        spreadsheet: false,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(table: &Table) -> Vec<Vec<String>> {
        table
            .rows
            .iter()
            .map(|r| r.cells.iter().map(Cell::text).collect())
            .collect()
    }

    #[test]
    fn reads_semicolon_windows_1252_with_quotes_and_crlf() {
        let bytes = b"id;comment;;\r\nA1;\"caf\xe9; \"\"quoted\"\"\r\nnext line\";;\r\n;;;\r\nA2;x;;\r\n\r\n";
        let table = read_csv(bytes, Path::new("a.csv")).expect("table");
        assert_eq!(table.headers.len(), 2);
        assert_eq!(table.numbers, NumberStyle::DecimalComma);
        assert_eq!(
            texts(&table),
            vec![
                vec!["A1", "café; \"quoted\"\r\nnext line", "", ""],
                vec!["A2", "x", "", ""]
            ]
        );
        assert_eq!(table.rows[0].line, 2);
        assert_eq!(table.rows[1].line, 5);
    }

    #[test]
    fn line_numbers_survive_blank_lines_and_quoted_newlines() {
        let table =
            read_csv(b"id,c\n\nA1,\"x\ny\"\n\n\nA2,z\n", Path::new("a.csv")).expect("table");
        let lines: Vec<usize> = table.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![3, 7]);
    }

    #[test]
    fn utf8_bom_and_tabs() {
        let table = read_csv(
            "\u{feff}id\ttitre\nA1\tÉté\n".as_bytes(),
            Path::new("a.csv"),
        )
        .expect("table");
        assert_eq!(
            table.headers,
            vec![Cell::Text("id".into()), Cell::Text("titre".into())]
        );
        assert_eq!(texts(&table), vec![vec!["A1", "Été"]]);
    }

    #[test]
    fn empty_file_is_a_diagnostic() {
        let err = read_csv(b"\n\n", Path::new("a.csv")).expect_err("empty");
        assert_eq!(err.message, "the file is empty");
    }
}
