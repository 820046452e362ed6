//! Raw tables from the files units send: bytes in, header plus rows of text out.
//!
//! This is the one place that knows about file formats. Whatever a unit's
//! desktop produced (comma or semicolon, UTF-8 with or without BOM, Windows-1252,
//! CRLF, quoted newlines, trailing empty rows and columns), the rest of the tool
//! sees the same thing: a [`Table`] whose rows remember their line number, so
//! every later diagnostic can point into the original file.

mod biff;
mod csv;
mod encoding;
mod ods;
pub mod styles;
mod workbook;

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
pub use csv::{read_csv, read_csv_with};
pub use workbook::{WorkbookFormat, best_table, read_workbook};

/// How well a row of cells reads as the header of a kind of file: the number
/// of distinct known columns it names.
pub type HeaderScore<'a> = &'a dyn Fn(&[Cell<'_>]) -> usize;

/// A table read from one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Table<'t> {
    /// The file as the user should see it in diagnostics.
    pub file: PathBuf,
    pub headers: Vec<Cell<'t>>,
    pub rows: Vec<Row<'t>>,
    /// How ambiguous numbers like `1.234` are read in this file.
    pub numbers: NumberStyle,
    /// The sheet the table was read from, for a workbook.
    pub sheet: Option<String>,
    /// The line (CSV) or row (sheet) of the header, 1-based.
    pub header_line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row<'t> {
    /// 1-based line (CSV) or row number (spreadsheet) where the row starts.
    pub line: usize,
    pub cells: Vec<Cell<'t>>,
}

/// A cell's text; spreadsheet cells that hold numbers or dates keep the typed
/// value so nothing is lost to formatting. A CSV cell's text is borrowed
/// from the file's text wherever the file holds it as it is read (no
/// doubled quote in it), so reading 10,000 rows copies no cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'t> {
    Text(std::borrow::Cow<'t, str>),
    Number(f64),
    /// A number formatted as a percentage: it shows as `45%` and stores 0.45
    /// (the stored value is kept here).
    Percent(f64),
    Date(chrono::NaiveDate),
    /// An Excel error value, as Excel shows it (`#N/A`, `#DIV/0!`, …).
    Error(String),
    /// A formula stored without its calculated value (its text, without
    /// `=`): the workbook was never calculated.
    Formula(String),
}

impl Cell<'_> {
    /// The cell with its text its own, for a table that outlives the text
    /// it was read from.
    pub fn into_owned(self) -> Cell<'static> {
        match self {
            Cell::Text(t) => Cell::Text(std::borrow::Cow::Owned(t.into_owned())),
            Cell::Number(n) => Cell::Number(n),
            Cell::Percent(p) => Cell::Percent(p),
            Cell::Date(d) => Cell::Date(d),
            Cell::Error(e) => Cell::Error(e),
            Cell::Formula(f) => Cell::Formula(f),
        }
    }

    pub fn is_empty(&self) -> bool {
        // Asked of every cell read: a text starting with a visible ASCII
        // character is not empty, without trimming it.
        let may_be_blank = |b: &u8| !b.is_ascii_graphic();
        matches!(self, Cell::Text(t) if t.as_bytes().first().is_none_or(may_be_blank) && t.trim().is_empty())
    }

    pub fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) => format_number(*n),
            Cell::Percent(p) => format!("{}%", format_number(p * 100.0)),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Error(e) => e.clone(),
            Cell::Formula(f) => format!("={f}"),
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

/// A sheet's rows against the limits of [`crate::intake::limits`]: too many
/// rows, or a cell holding more text than any comment, is an error naming
/// the sheet and cell.
pub(super) fn check_sheet_limits(
    rows: &[Row],
    file: &Path,
    sheet: &str,
    max_rows: usize,
) -> Result<(), Diagnostic> {
    use crate::intake::limits::MAX_FIELD_CHARS;
    if let Some(row) = rows.get(max_rows) {
        return Err(Diagnostic::error(
            file,
            format!("sheet `{sheet}` has more than {max_rows} rows"),
        )
        .at_line(row.line)
        .in_sheet(Some(sheet))
        .hint("one file holds one year's actions or indicators; split or check it"));
    }
    for row in rows {
        let long = row.cells.iter().position(|c| {
            matches!(c, Cell::Text(t) if t.chars().count() > MAX_FIELD_CHARS)
                || matches!(c, Cell::Error(t) if t.chars().count() > MAX_FIELD_CHARS)
        });
        if let Some(column) = long {
            return Err(Diagnostic::error(
                file,
                format!("the cell holds more than {MAX_FIELD_CHARS} characters"),
            )
            .at(row.line, column + 1)
            .in_sheet(Some(sheet))
            .hint("a comment is a few sentences; put longer texts elsewhere"));
        }
    }
    Ok(())
}

/// How many non-empty rows at the top may stand above the header (a title,
/// a line of instructions).
pub const HEADER_SEARCH_ROWS: usize = 10;

/// Finds the header among the first non-empty rows (the first row that names
/// the most known columns, or else the first row), drops the rows above it,
/// empty rows and trailing empty columns, which spreadsheets leave behind
/// freely.
pub fn table_from_rows<'t>(
    rows: Vec<Row<'t>>,
    file: &Path,
    numbers: NumberStyle,
    score: HeaderScore,
) -> Result<Table<'t>, Diagnostic> {
    let rows: Vec<Row<'t>> = rows
        .into_iter()
        .filter(|r| !r.cells.iter().all(Cell::is_empty))
        .collect();
    if rows.is_empty() {
        return Err(Diagnostic::error(file, "the file is empty")
            .hint("the first row must hold the column names"));
    }
    let (best, best_score) = rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .map(|(i, row)| (i, score(&row.cells)))
        .fold(
            (0, 0),
            |(bi, bs), (i, s)| if s > bs { (i, s) } else { (bi, bs) },
        );
    let header_at = if best_score >= 2 { best } else { 0 };
    let mut rows = rows.into_iter().skip(header_at);
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
        sheet: None,
        header_line: header_row.line,
    })
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
