//! OpenDocument spreadsheets (`.ods`, what LibreOffice saves by default),
//! read from `content.xml` directly.
//!
//! calamine reads `.ods` too, but it reduces a percentage to its stored
//! fraction and an error cell to its text, and it copies out repeated cells
//! (`number-columns-repeated`, which LibreOffice uses for whole empty rows)
//! before we can bound them. Each cell's own value type says exactly what it
//! is, so reading it here keeps 45% as a percentage and `#N/A` as an error.

use std::io::{Cursor, Read};
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::{Cell, Row};
use crate::diagnostics::Diagnostic;

/// Limits that no plan's sheet comes near.
const MAX_CONTENT: u64 = 64 * 1024 * 1024;
const MAX_COLUMNS: u32 = 500;
const MAX_CELLS: usize = 5_000_000;

/// One sheet as read: its name and its non-empty rows.
struct Sheet {
    name: String,
    rows: Vec<Row<'static>>,
}

/// Every sheet of the spreadsheet with its non-empty rows, in sheet order.
pub fn read_ods(bytes: &[u8], file: &Path) -> Result<Vec<(String, Vec<Row<'static>>)>, Diagnostic> {
    let unreadable = |err: &str| {
        Diagnostic::error(file, format!("cannot read the spreadsheet: {err}"))
            .hint("save it again from LibreOffice as .ods or .xlsx, or export the sheet as CSV")
    };
    let content = content_xml(bytes).map_err(|e| unreadable(&e))?;
    let sheets = sheets(&content).map_err(|e| match e {
        Fault::Unreadable(e) => unreadable(&e),
        Fault::TooLarge { sheet, row, column } => Diagnostic::error(
            file,
            format!("sheet `{sheet}` is too large: data beyond column {MAX_COLUMNS} or more than {MAX_CELLS} cells"),
        )
        .at(row as usize + 1, column as usize + 1)
        .hint("keep one table of actions or indicators on the sheet"),
    })?;
    Ok(sheets.into_iter().map(|s| (s.name, s.rows)).collect())
}

fn content_xml(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let part = zip
        .by_name("content.xml")
        .map_err(|_| "it has no content.xml (is it an OpenDocument spreadsheet?)".to_string())?;
    let mut content = Vec::new();
    part.take(MAX_CONTENT + 1)
        .read_to_end(&mut content)
        .map_err(|e| format!("content.xml: {e}"))?;
    if content.len() as u64 > MAX_CONTENT {
        return Err(format!(
            "content.xml unpacks to more than {MAX_CONTENT} bytes"
        ));
    }
    Ok(content)
}

enum Fault {
    Unreadable(String),
    TooLarge {
        sheet: String,
        row: u32,
        column: u32,
    },
}

impl From<quick_xml::Error> for Fault {
    fn from(e: quick_xml::Error) -> Self {
        Fault::Unreadable(format!("content.xml: {e}"))
    }
}

/// Where the walk through `content.xml` is.
#[derive(Default)]
struct Walk {
    sheets: Vec<Sheet>,
    row: u32,
    row_repeat: u32,
    column: u32,
    cells: Vec<(u32, Cell<'static>)>,
    /// The cell being read: its value type, value and repeat count.
    cell: Option<PendingCell>,
    text: String,
    paragraphs: usize,
    in_annotation: usize,
    count: usize,
}

struct PendingCell {
    kind: String,
    value: Option<String>,
    date: Option<String>,
    string: Option<String>,
    error: bool,
    repeat: u32,
}

fn sheets(content: &[u8]) -> Result<Vec<Sheet>, Fault> {
    let mut reader = Reader::from_reader(content);
    let mut walk = Walk::default();
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf)?;
        match event {
            Event::Start(tag) => walk.open(&tag, false)?,
            Event::Empty(tag) => walk.open(&tag, true)?,
            Event::End(tag) => walk.close(tag.name().as_ref())?,
            Event::Text(text) if walk.cell.is_some() && walk.in_annotation == 0 => {
                let text = text
                    .xml10_content()
                    .map_err(|e| Fault::Unreadable(format!("content.xml: {e}")))?;
                walk.text.push_str(&text);
            }
            Event::GeneralRef(entity) if walk.cell.is_some() && walk.in_annotation == 0 => {
                let name = String::from_utf8_lossy(entity.as_ref()).into_owned();
                walk.text.push_str(&entity_text(&name));
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(walk.sheets)
}

fn entity_text(name: &str) -> String {
    match name {
        "amp" => "&".into(),
        "lt" => "<".into(),
        "gt" => ">".into(),
        "quot" => "\"".into(),
        "apos" => "'".into(),
        other => {
            let code = other
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| other.strip_prefix('#').and_then(|d| d.parse().ok()));
            code.and_then(char::from_u32)
                .map_or_else(|| format!("&{other};"), String::from)
        }
    }
}

fn attribute(tag: &BytesStart, name: &[u8]) -> Option<String> {
    tag.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| String::from_utf8(a.value.into_owned()).ok())
        .map(|v| super::styles::unescape(&v))
}

fn repeat(tag: &BytesStart, name: &[u8]) -> u32 {
    attribute(tag, name)
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(1)
        .max(1)
}

impl Walk {
    fn open(&mut self, tag: &BytesStart, empty: bool) -> Result<(), Fault> {
        match tag.name().as_ref() {
            b"table:table" => {
                self.sheets.push(Sheet {
                    name: attribute(tag, b"table:name").unwrap_or_default(),
                    rows: Vec::new(),
                });
                self.row = 0;
            }
            b"table:table-row" => {
                self.column = 0;
                self.cells.clear();
                self.row_repeat = repeat(tag, b"table:number-rows-repeated");
                if empty {
                    self.close(b"table:table-row")?;
                }
            }
            b"table:table-cell" | b"table:covered-table-cell" => {
                let kind = attribute(tag, b"office:value-type").unwrap_or_default();
                let error = attribute(tag, b"calcext:value-type").as_deref() == Some("error");
                self.cell = Some(PendingCell {
                    kind,
                    value: attribute(tag, b"office:value"),
                    date: attribute(tag, b"office:date-value"),
                    string: attribute(tag, b"office:string-value"),
                    error,
                    repeat: repeat(tag, b"table:number-columns-repeated"),
                });
                self.text.clear();
                self.paragraphs = 0;
                if empty {
                    self.close(b"table:table-cell")?;
                }
            }
            b"office:annotation" if !empty => self.in_annotation += 1,
            b"text:p" if self.cell.is_some() && self.in_annotation == 0 => {
                if self.paragraphs > 0 {
                    self.text.push('\n');
                }
                self.paragraphs += 1;
            }
            b"text:s" if self.cell.is_some() && self.in_annotation == 0 => {
                let spaces = repeat(tag, b"text:c").min(1000);
                self.text.extend(std::iter::repeat_n(' ', spaces as usize));
            }
            b"text:tab" if self.cell.is_some() && self.in_annotation == 0 => self.text.push('\t'),
            b"text:line-break" if self.cell.is_some() && self.in_annotation == 0 => {
                self.text.push('\n');
            }
            _ => {}
        }
        Ok(())
    }

    fn close(&mut self, name: &[u8]) -> Result<(), Fault> {
        match name {
            b"office:annotation" => self.in_annotation = self.in_annotation.saturating_sub(1),
            b"table:table-cell" | b"table:covered-table-cell" => {
                if let Some(cell) = self.cell.take() {
                    let value = cell_value(&cell, std::mem::take(&mut self.text));
                    if !value.is_empty() {
                        for i in 0..cell.repeat {
                            let column = self.column.saturating_add(i);
                            self.count += 1;
                            if column >= MAX_COLUMNS || self.count > MAX_CELLS {
                                return Err(self.too_large(column));
                            }
                            self.cells.push((column, value.clone()));
                        }
                    }
                    self.column = self.column.saturating_add(cell.repeat);
                }
            }
            b"table:table-row" => {
                let repeat = std::mem::replace(&mut self.row_repeat, 1);
                if !self.cells.is_empty() {
                    let width = self.cells.last().map_or(0, |(c, _)| *c as usize + 1);
                    let mut dense = vec![Cell::Text(Default::default()); width];
                    for (column, value) in self.cells.drain(..) {
                        if let Some(slot) = dense.get_mut(column as usize) {
                            *slot = value;
                        }
                    }
                    for i in 0..repeat {
                        self.count = self.count.saturating_add(dense.len());
                        if self.count > MAX_CELLS {
                            return Err(self.too_large(0));
                        }
                        let line = self.row.saturating_add(i) as usize + 1;
                        if let Some(sheet) = self.sheets.last_mut() {
                            sheet.rows.push(Row {
                                line,
                                cells: dense.clone(),
                            });
                        }
                    }
                }
                self.row = self.row.saturating_add(repeat);
            }
            _ => {}
        }
        Ok(())
    }

    fn too_large(&self, column: u32) -> Fault {
        Fault::TooLarge {
            sheet: self
                .sheets
                .last()
                .map(|s| s.name.clone())
                .unwrap_or_default(),
            row: self.row,
            column,
        }
    }
}

/// The cell as its value type says: numbers and currency are numbers,
/// percentages keep their stored fraction, dates are dates, errors are
/// errors as the sheet shows them, everything else is its text.
fn cell_value(cell: &PendingCell, text: String) -> Cell<'static> {
    if cell.error {
        return Cell::Error(text.trim().to_string());
    }
    let number = || {
        cell.value
            .as_deref()
            .and_then(|v| v.trim().parse::<f64>().ok())
    };
    match cell.kind.as_str() {
        "float" | "currency" => number().map_or(Cell::Text(text.into()), Cell::Number),
        "percentage" => number().map_or(Cell::Text(text.into()), Cell::Percent),
        "date" => cell
            .date
            .as_deref()
            .and_then(|d| d.get(..10))
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map_or(Cell::Text(text.into()), Cell::Date),
        "string" => Cell::Text(cell.string.clone().unwrap_or(text).into()),
        _ => Cell::Text(text.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Sheets = Vec<(String, Vec<(usize, Vec<Cell<'static>>)>)>;

    fn rows(xml: &str) -> Sheets {
        let sheets = sheets(xml.as_bytes()).map_err(|_| ()).expect("readable");
        sheets
            .into_iter()
            .map(|s| {
                let rows = s.rows.into_iter().map(|r| (r.line, r.cells)).collect();
                (s.name, rows)
            })
            .collect()
    }

    #[test]
    fn value_types_repeats_and_errors() {
        let xml = r#"<office:document-content><office:body><office:spreadsheet>
<table:table table:name="Acties">
<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
<table:table-row>
<table:table-cell office:value-type="string"><text:p>A-1</text:p></table:table-cell>
<table:table-cell table:number-columns-repeated="2"/>
<table:table-cell office:value-type="percentage" office:value="0.45"><text:p>45%</text:p></table:table-cell>
<table:table-cell office:value-type="float" office:value="1200.5"><text:p>1.200,50</text:p></table:table-cell>
<table:table-cell office:value-type="date" office:date-value="2023-03-31"><text:p>31/03/23</text:p></table:table-cell>
<table:table-cell table:formula="of:=NA()" office:value-type="string" office:string-value="" calcext:value-type="error"><text:p>#N/A</text:p></table:table-cell>
<table:table-cell office:value-type="string"><text:p>a <text:s text:c="2"/>b</text:p><text:p>c &amp; d</text:p><office:annotation><text:p>note</text:p></office:annotation></table:table-cell>
</table:table-row>
<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;
        let read = rows(xml);
        assert_eq!(read.len(), 1);
        let (name, rows) = &read[0];
        assert_eq!(name, "Acties");
        assert_eq!(rows.len(), 1);
        let (line, cells) = &rows[0];
        assert_eq!(*line, 3);
        assert_eq!(
            cells,
            &vec![
                Cell::Text("A-1".into()),
                Cell::Text(Default::default()),
                Cell::Text(Default::default()),
                Cell::Percent(0.45),
                Cell::Number(1200.5),
                Cell::Date(chrono::NaiveDate::from_ymd_opt(2023, 3, 31).unwrap()),
                Cell::Error("#N/A".into()),
                Cell::Text("a   b\nc & d".into()),
            ]
        );
    }

    #[test]
    fn a_repeated_value_beyond_the_limit_is_refused() {
        let xml = r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="400" office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
        assert!(matches!(
            sheets(xml.as_bytes()),
            Err(Fault::TooLarge { .. })
        ));
    }
}
