//! CSV as units send it: comma, semicolon or tab; UTF-8 with or without BOM,
//! UTF-16 with BOM, or Windows-1252; LF, CRLF or CR line ends; quoted
//! newlines.
//!
//! The file's structure is checked, not trusted. A general CSV reader takes
//! a stray quote as the start of a long cell and reads on; here a quote
//! that is never closed, or that swallows lines reading as whole rows, is an
//! error at the place it opened, so a report never loses rows to a comment.
//! We split the file ourselves (one pass; a cell stays borrowed from the
//! file's text unless it holds a doubled quote or the file had to be
//! decoded) because only the splitter knows where each quote opened and
//! which line every row and cell starts on.

use std::borrow::Cow;
use std::path::Path;

use super::{Cell, HeaderScore, NumberStyle, Row, table_from_rows};
use crate::diagnostics::Diagnostic;
use crate::intake::limits::{Limits, MAX_COLUMNS, MAX_FIELD_CHARS};

/// Reads a CSV file's bytes into a table, detecting encoding and delimiter.
pub fn read_csv<'b>(bytes: &'b [u8], file: &Path) -> Result<super::Table<'b>, Diagnostic> {
    read_csv_with(bytes, file, &|_| 0, Limits::default().rows)
}

/// As [`read_csv`], with the header found among the first rows by `score`
/// (a title line above it is skipped), and no more than `max_rows` rows.
pub fn read_csv_with<'b>(
    bytes: &'b [u8],
    file: &Path,
    score: HeaderScore,
    max_rows: usize,
) -> Result<super::Table<'b>, Diagnostic> {
    let (rows, numbers) = match super::encoding::decode(bytes, file)? {
        Cow::Borrowed(text) => split_rows(text, file, max_rows)?,
        // A file in another encoding was decoded into a text of its own:
        // its cells are copied out of it.
        Cow::Owned(text) => {
            let (rows, numbers) = split_rows(&text, file, max_rows)?;
            let rows = rows
                .into_iter()
                .map(|row| Row {
                    line: row.line,
                    cells: row.cells.into_iter().map(Cell::into_owned).collect(),
                })
                .collect();
            (rows, numbers)
        }
    };
    table_from_rows(rows, file, numbers, score)
}

/// The rows of a CSV file's text, each cell borrowed from it where the
/// file holds the cell as it reads, and the file's number style.
fn split_rows<'t>(
    text: &'t str,
    file: &Path,
    max_rows: usize,
) -> Result<(Vec<Row<'t>>, NumberStyle), Diagnostic> {
    let delimiter = sniff_delimiter(text);
    let numbers = if delimiter == b';' {
        NumberStyle::DecimalComma
    } else {
        NumberStyle::DecimalPoint
    };
    let mut splitter = Splitter {
        text,
        at: 0,
        line: 1,
        delimiter,
        width: 0,
    };
    // Sized once: growing a vector of 10,000 rows step by step costs more
    // than counting the line ends.
    let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count().max(1);
    let mut rows = Vec::with_capacity(lines.min(max_rows));
    // The widest record so far: the header row, once it has been passed.
    let mut width = 0;
    while let Some(record) = splitter.record().map_err(|e| e.diagnostic(file))? {
        if rows.len() >= max_rows {
            return Err(Diagnostic::error(
                file,
                format!("the file has more than {max_rows} rows"),
            )
            .at_line(record.line)
            .hint("one file holds one year's actions or indicators; split or check it, or raise the limit with --max-rows"));
        }
        if record.fields.len() > MAX_COLUMNS {
            return Err(Diagnostic::error(
                file,
                format!("the row has more than {MAX_COLUMNS} columns"),
            )
            .at_line(record.line));
        }
        width = width.max(record.fields.len());
        splitter.width = width;
        for (column, field) in record.fields.iter().enumerate() {
            if let Some(swallowed) = field.swallowed_rows(delimiter, width) {
                return Err(swallowed.diagnostic(file, column));
            }
            // Bytes bound characters: most cells need no count.
            if field.text.len() > MAX_FIELD_CHARS && field.text.chars().count() > MAX_FIELD_CHARS {
                return Err(Diagnostic::error(
                    file,
                    format!("the cell holds more than {MAX_FIELD_CHARS} characters"),
                )
                .at(record.line, column + 1)
                .hint("a comment is a few sentences; put longer texts elsewhere"));
            }
        }
        let cells = record
            .fields
            .into_iter()
            .map(|f| Cell::Text(f.text))
            .collect();
        rows.push(Row {
            line: record.line,
            cells,
        });
    }
    Ok((rows, numbers))
}

/// A problem with the file's structure, before it is a diagnostic.
#[derive(Debug)]
struct StructureError {
    line: usize,
    /// 1-based field number, as every other cell diagnostic counts columns.
    column: usize,
    message: String,
    hint: &'static str,
}

impl StructureError {
    fn diagnostic(self, file: &Path) -> Diagnostic {
        Diagnostic::error(file, self.message)
            .at(self.line, self.column)
            .hint(self.hint)
    }
}

const STRAY_QUOTE_HINT: &str = "a quote inside a cell must be doubled (\"\"); remove the stray quote, or close it where the cell ends";

/// One record: its first line and its fields.
struct Record<'t> {
    line: usize,
    fields: Vec<Field<'t>>,
}

/// One field as the file holds it.
struct Field<'t> {
    text: Cow<'t, str>,
    /// Line where the field starts; a quoted field may end on a later one.
    line: usize,
    /// Line breaks inside the field (only a quoted field has any).
    breaks: usize,
}

/// Lines of a quoted cell that read as whole rows of the file.
struct Swallowed {
    opened: usize,
    lines: usize,
    rows: usize,
}

impl Swallowed {
    fn diagnostic(&self, file: &Path, column: usize) -> Diagnostic {
        Diagnostic::error(
            file,
            format!(
                "the quote that opens this cell is closed only {} line(s) later, and {} of those lines read as whole rows of the file: they would be read as this one cell",
                self.lines - 1,
                self.rows
            ),
        )
        .at(self.opened, column + 1)
        .hint(STRAY_QUOTE_HINT)
    }
}

impl Field<'_> {
    /// A quoted field running over line breaks, where a line inside it
    /// (not the first, which starts mid-row, nor the last, which the
    /// closing quote cuts) splits into as many cells as a row of the file
    /// and starts with something shaped like an id: a stray quote swallowed
    /// those rows.
    fn swallowed_rows(&self, delimiter: u8, width: usize) -> Option<Swallowed> {
        if self.breaks < 2 || width < 3 {
            return None;
        }
        let lines: Vec<&str> = split_lines(&self.text).collect();
        let inner = lines.get(1..lines.len().saturating_sub(1))?;
        let rows = inner
            .iter()
            .filter(|line| reads_as_row(line, delimiter, width))
            .count();
        (rows > 0).then_some(Swallowed {
            opened: self.line,
            lines: self.breaks + 1,
            rows,
        })
    }
}

fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    // CRLF, CR and LF: the `\n` of a CRLF leaves an empty piece that is
    // never a row.
    text.split(['\r', '\n'])
}

fn reads_as_row(line: &str, delimiter: u8, width: usize) -> bool {
    let delimiter = char::from(delimiter);
    let cells = line.split(delimiter).count();
    let first = line.split(delimiter).next().unwrap_or_default().trim();
    cells >= width
        && !first.is_empty()
        && first.chars().count() <= crate::core::text::MAX_ID_CHARS
        && !first.contains(char::is_whitespace)
}

/// Splits decoded text into records, RFC 4180 style: a field that starts
/// with `"` is quoted, `""` inside it is one quote, and it must close before
/// the next delimiter or line end. A quote inside an unquoted field is kept
/// as text.
struct Splitter<'t> {
    text: &'t str,
    at: usize,
    line: usize,
    delimiter: u8,
    /// The widest record so far, to size the next one's fields.
    width: usize,
}

impl<'t> Splitter<'t> {
    fn byte(&self, at: usize) -> Option<u8> {
        self.text.as_bytes().get(at).copied()
    }

    /// Skips one line end (CRLF, CR or LF) at the cursor, counting it.
    fn line_end(&mut self) -> bool {
        match self.byte(self.at) {
            Some(b'\r') => {
                self.at += 1;
                if self.byte(self.at) == Some(b'\n') {
                    self.at += 1;
                }
            }
            Some(b'\n') => self.at += 1,
            _ => return false,
        }
        self.line += 1;
        true
    }

    fn record(&mut self) -> Result<Option<Record<'t>>, StructureError> {
        if self.at >= self.text.len() {
            return Ok(None);
        }
        let line = self.line;
        let mut fields = Vec::with_capacity(self.width);
        loop {
            let field = match self.byte(self.at) {
                Some(b'"') => self.quoted(fields.len() + 1)?,
                _ => self.unquoted(),
            };
            fields.push(field);
            match self.byte(self.at) {
                Some(b) if b == self.delimiter => self.at += 1,
                _ => {
                    self.line_end();
                    return Ok(Some(Record { line, fields }));
                }
            }
        }
    }

    fn unquoted(&mut self) -> Field<'t> {
        let start = self.at;
        let bytes = self.text.as_bytes();
        let delimiter = self.delimiter;
        let end = bytes
            .get(start..)
            .and_then(|rest| memchr::memchr3(delimiter, b'\r', b'\n', rest))
            .map_or(bytes.len(), |n| start + n);
        self.at = end;
        Field {
            text: Cow::Borrowed(self.text.get(start..end).unwrap_or_default()),
            line: self.line,
            breaks: 0,
        }
    }

    fn quoted(&mut self, column: usize) -> Result<Field<'t>, StructureError> {
        let opened = self.line;
        self.at += 1;
        let mut text: Cow<'t, str> = Cow::Borrowed("");
        let mut start = self.at;
        let mut breaks = 0;
        loop {
            match self.byte(self.at) {
                None => {
                    let ended = matches!(self.text.as_bytes().last(), Some(b'\r' | b'\n'));
                    let lines = self.line - opened + usize::from(!ended);
                    return Err(StructureError {
                        line: opened,
                        column,
                        message: format!(
                            "the quote that opens this cell is never closed: the remaining {lines} line(s) of the file would be read as this one cell"
                        ),
                        hint: STRAY_QUOTE_HINT,
                    });
                }
                Some(b'"') => {
                    push_piece(&mut text, self.text, start, self.at);
                    if self.byte(self.at + 1) == Some(b'"') {
                        text.to_mut().push('"');
                        self.at += 2;
                        start = self.at;
                        continue;
                    }
                    self.at += 1;
                    let next = self.byte(self.at);
                    let at_end =
                        next.is_none_or(|b| matches!(b, b'\r' | b'\n') || b == self.delimiter);
                    return match at_end {
                        true => Ok(Field {
                            text,
                            line: opened,
                            breaks,
                        }),
                        false if breaks > 0 => Err(StructureError {
                            line: opened,
                            column,
                            message: format!(
                                "the quote that opens this cell runs on to line {}, where text follows the quote that closes it: a quote is stray or missing, and the lines between would be read as this one cell",
                                self.line
                            ),
                            hint: STRAY_QUOTE_HINT,
                        }),
                        false => Err(StructureError {
                            line: opened,
                            column,
                            message: "text follows the quote that closes this cell: the cell's end cannot be told".into(),
                            hint: STRAY_QUOTE_HINT,
                        }),
                    };
                }
                Some(b'\r' | b'\n') => {
                    self.line_end();
                    breaks += 1;
                }
                // A comment is long and its quote, line ends and the quote
                // that closes it are few: the bytes between are skipped at
                // once.
                Some(_) => {
                    let rest = self.text.as_bytes().get(self.at..).unwrap_or_default();
                    self.at += memchr::memchr3(b'"', b'\r', b'\n', rest).unwrap_or(rest.len());
                }
            }
        }
    }
}

/// Appends `text[start..end]` to `out`, borrowing while nothing was added.
fn push_piece<'t>(out: &mut Cow<'t, str>, text: &'t str, start: usize, end: usize) {
    let piece = text.get(start..end).unwrap_or_default();
    if out.is_empty() {
        *out = Cow::Borrowed(piece);
    } else {
        out.to_mut().push_str(piece);
    }
}

/// The delimiter used most on the header line, outside quotes.
fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut in_quotes = false;
    for c in text.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            '\n' | '\r' if !in_quotes => break,
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

    fn read(bytes: &[u8]) -> Result<super::super::Table<'_>, Diagnostic> {
        read_csv(bytes, Path::new("a.csv"))
    }

    fn lines(bytes: &[u8]) -> Vec<usize> {
        read(bytes)
            .expect("table")
            .rows
            .iter()
            .map(|r| r.line)
            .collect()
    }

    #[test]
    fn cells_are_borrowed_from_a_utf8_file_and_copied_only_when_they_must_be() {
        let table = read(b"id,title\nA1,\"Plan \"\"B\"\"\"\nA2,\"x, y\"\n").expect("table");
        let texts: Vec<(bool, &str)> = table
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .map(|c| match c {
                Cell::Text(t) => (matches!(t, Cow::Borrowed(_)), t.as_ref()),
                other => panic!("{other:?}"),
            })
            .collect();
        // A doubled quote is the one cell that cannot be read in place.
        assert_eq!(
            texts,
            [
                (true, "A1"),
                (false, "Plan \"B\""),
                (true, "A2"),
                (true, "x, y")
            ]
        );
        // Windows-1252 is decoded first: the table owns its cells.
        let table = read(b"id,title\nA1,Caf\xe9\n").expect("table");
        assert_eq!(table.rows[0].cells[1], Cell::Text("Café".into()));
    }

    #[test]
    fn line_numbers_for_every_line_end() {
        assert_eq!(lines(b"id,c\rA1,x\rA2,y\r"), vec![2, 3]);
        assert_eq!(lines(b"id,c\r\nA1,x\nA2,y\rA3,z"), vec![2, 3, 4]);
        assert_eq!(lines(b"id,c\rA1,\"x\ry\"\r\rA2,z\n"), vec![2, 5]);
    }

    #[test]
    fn a_quote_never_closed_is_an_error_where_it_opened() {
        let csv = b"id,objective,title,unit\nA1,O1,T,U1\nA2,O1,T,\"U1\nA3,O1,T,U1\nA4,O1,T,U1\n";
        let err = read(csv).expect_err("unclosed");
        assert_eq!((err.line, err.column), (Some(3), Some(4)));
        assert!(err.message.contains("never closed"), "{}", err.message);
        assert!(err.message.contains("3 line(s)"), "{}", err.message);
    }

    #[test]
    fn a_quote_swallowing_whole_rows_is_an_error() {
        let csv = b"id,objective,title,unit\nA1,O1,T,\"U1\nA2,O1,T,U1\nA3,O1,T,U1\nA4,O1,T,U1\"\n";
        let err = read(csv).expect_err("swallowed");
        assert_eq!((err.line, err.column), (Some(2), Some(4)));
        assert!(err.message.contains("whole rows"), "{}", err.message);
        // Closed by the next quote in the file, which opened a cell.
        let csv = b"id,objective,title,unit\nA1,O1,T,\"U1\nA2,O1,T,U1\nA4,O1,\"T\",U1\n";
        let err = read(csv).expect_err("stray");
        assert_eq!((err.line, err.column), (Some(2), Some(4)));
        assert!(err.message.contains("runs on to line 4"), "{}", err.message);
    }

    #[test]
    fn a_comment_over_several_lines_is_one_cell() {
        let csv = "id,objective,title,comment\nA1,O1,T,\"Eerste lijn, met komma\nTweede lijn, a, b, c\nDerde\"\n";
        let table = read(csv.as_bytes()).expect("table");
        assert_eq!(table.rows.len(), 1);
    }

    #[test]
    fn text_after_a_closing_quote_is_an_error() {
        let err = read(b"id,c\nA1,\"x\"y\n").expect_err("junk");
        assert_eq!((err.line, err.column), (Some(2), Some(2)));
    }

    #[test]
    fn one_bad_byte_in_utf8_is_an_error_at_its_place() {
        let err = read(
            "id,titel\nA1,Financiën\nA2,caf\u{e9}\n"
                .replace('\u{e9}', "\u{1}")
                .as_bytes(),
        )
        .map(|_| ())
        .err();
        assert!(err.is_none(), "valid UTF-8 reads");
        let mut bytes = "id,titel\nA1,Financiën\nA2,caf".as_bytes().to_vec();
        bytes.push(0xE9);
        bytes.extend_from_slice(b"\n");
        let err = read(&bytes).expect_err("mixed");
        assert_eq!((err.line, err.column), (Some(3), Some(7)));
        assert!(err.message.contains("0xE9"), "{}", err.message);
        let mut cut = "id,titel\nA1,Financiën\nA2,Ã".as_bytes().to_vec();
        cut.pop();
        let err = read(&cut).expect_err("cut");
        assert!(err.message.contains("cut off"), "{}", err.message);
        // No multi-byte sequence at all: Windows-1252.
        let table = read(b"id,titel\nA1,Financi\xebn\n").expect("1252");
        assert_eq!(table.rows[0].cells[1], Cell::Text("Financiën".into()));
    }
}
