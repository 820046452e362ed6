//! Which cells of a workbook sheet are formatted as percentages, and which
//! hold a formula without a calculated value.
//!
//! A cell formatted as a percentage shows `45%` but stores 0.45, and calamine
//! gives us the stored value only. Guessing the scale from the values is how
//! numbers go wrong without a word (one cell of 120% flips the guess for the
//! whole sheet), so the cell's own number format is read from the workbook:
//! `xl/styles.xml` says which styles are percentages, the sheet's XML says
//! which style each cell has. The same pass finds formulas stored without
//! their value (a workbook written by a program and never opened in a
//! spreadsheet), which calamine gives as empty cells.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// No workbook part of a real plan comes near this when unpacked.
const MAX_PART: u64 = 64 * 1024 * 1024;

/// What a workbook's XML says about its cells, read once per workbook:
/// which cell styles are percentages, and where each sheet's XML is.
pub struct WorkbookCells<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// For each cell style, whether it is a percentage; empty when none is.
    styles: Vec<bool>,
}

impl<'a> WorkbookCells<'a> {
    pub fn read(bytes: &'a [u8]) -> Result<Self, crate::intake::Unreadable> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
        let styles = match part(&mut zip, "xl/styles.xml")? {
            Some(xml) => percent_styles(&xml)?,
            None => Vec::new(),
        };
        Ok(Self { zip, styles })
    }

    /// What the sheet's XML says of its cells; an error in words when the
    /// workbook cannot be read that far.
    pub fn cells(&mut self, sheet: &str) -> Result<SheetCells, crate::intake::Unreadable> {
        let path = sheet_path(&mut self.zip, sheet)?
            .ok_or_else(|| format!("the workbook does not say where sheet `{sheet}` is"))?;
        let xml =
            part(&mut self.zip, &path)?.ok_or_else(|| format!("the workbook lacks {path}"))?;
        Ok(scan_cells(&xml, &self.styles)?)
    }
}

/// Cells of one sheet by (0-based row, 0-based column).
#[derive(Debug, Default)]
pub struct SheetCells {
    /// Percent-formatted cells.
    pub percent: BTreeSet<(u32, u32)>,
    /// Cells holding a formula (its text) but no calculated value.
    pub uncalculated: BTreeMap<(u32, u32), String>,
}

fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<Vec<u8>>, String> {
    let file = match zip.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(err) => return Err(format!("{name}: {err}")),
    };
    let mut bytes = Vec::new();
    file.take(MAX_PART + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{name}: {e}"))?;
    if bytes.len() as u64 > MAX_PART {
        return Err(format!("{name} unpacks to more than {MAX_PART} bytes"));
    }
    Ok(Some(bytes))
}

/// The five XML entities; formats and sheet names rarely hold more.
pub(super) fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn attribute(tag: &BytesStart, name: &[u8]) -> Option<String> {
    tag.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name || a.key.local_name().as_ref() == name)
        .and_then(|a| String::from_utf8(a.value.into_owned()).ok())
        .map(|v| unescape(&v))
}

/// For each cell style (`cellXfs` entry, by index), whether its number
/// format is a percentage.
fn percent_styles(xml: &[u8]) -> Result<Vec<bool>, String> {
    let mut reader = Reader::from_reader(xml);
    let mut custom: BTreeMap<u32, bool> = BTreeMap::new();
    let mut styles = Vec::new();
    let mut in_cell_xfs = false;
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("xl/styles.xml: {e}"))?;
        match &event {
            Event::Start(tag) | Event::Empty(tag) => match tag.local_name().as_ref() {
                b"numFmt" => {
                    if let (Some(id), Some(code)) =
                        (attribute(tag, b"numFmtId"), attribute(tag, b"formatCode"))
                        && let Ok(id) = id.parse()
                    {
                        custom.insert(id, is_percent_format(&code));
                    }
                }
                b"cellXfs" => in_cell_xfs = matches!(event, Event::Start(_)),
                b"xf" if in_cell_xfs => {
                    let id: u32 = attribute(tag, b"numFmtId")
                        .and_then(|id| id.parse().ok())
                        .unwrap_or(0);
                    // 9 and 10 are Excel's built-in `0%` and `0.00%`.
                    styles.push(custom.get(&id).copied().unwrap_or(matches!(id, 9 | 10)));
                }
                _ => {}
            },
            Event::End(tag) if tag.local_name().as_ref() == b"cellXfs" => in_cell_xfs = false,
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(styles)
}

/// Whether a number format code shows a percentage: a `%` outside quoted
/// text, escapes and `[...]` sections.
pub fn is_percent_format(code: &str) -> bool {
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            '[' => {
                for q in chars.by_ref() {
                    if q == ']' {
                        break;
                    }
                }
            }
            '%' => return true,
            _ => {}
        }
    }
    false
}

/// The path inside the package of the sheet named `sheet`.
fn sheet_path(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    sheet: &str,
) -> Result<Option<String>, String> {
    let Some(workbook) = part(zip, "xl/workbook.xml")? else {
        return Ok(None);
    };
    let mut id = None;
    let mut reader = Reader::from_reader(workbook.as_slice());
    let mut buf = Vec::new();
    loop {
        match reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("xl/workbook.xml: {e}"))?
        {
            Event::Start(tag) | Event::Empty(tag)
                if tag.local_name().as_ref() == b"sheet"
                    && attribute(&tag, b"name").as_deref() == Some(sheet) =>
            {
                id = attribute(&tag, b"id");
                break;
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    let Some(id) = id else { return Ok(None) };
    let Some(rels) = part(zip, "xl/_rels/workbook.xml.rels")? else {
        return Ok(None);
    };
    let mut reader = Reader::from_reader(rels.as_slice());
    loop {
        buf.clear();
        match reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("xl/_rels/workbook.xml.rels: {e}"))?
        {
            Event::Start(tag) | Event::Empty(tag)
                if tag.local_name().as_ref() == b"Relationship"
                    && attribute(&tag, b"Id").as_deref() == Some(id.as_str()) =>
            {
                return Ok(attribute(&tag, b"Target").map(|target| {
                    match target.strip_prefix('/') {
                        Some(absolute) => absolute.to_string(),
                        None => format!("xl/{target}"),
                    }
                }));
            }
            Event::Eof => return Ok(None),
            _ => {}
        }
    }
}

/// The cells of a sheet's XML whose style is one of the percent styles,
/// and those with a formula but no value (no `<v>`, or an empty one).
fn scan_cells(xml: &[u8], styles: &[bool]) -> Result<SheetCells, String> {
    /// A formula's text is only quoted in a diagnostic.
    const MAX_FORMULA: usize = 200;
    let mut cells = SheetCells::default();
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let (mut row, mut column) = (0u32, 0u32);
    // The open `<c>`: its place, its formula so far, whether it has a value.
    let mut open: Option<((u32, u32), Option<String>, bool)> = None;
    let mut in_formula = false;
    let mut in_value = false;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("sheet: {e}"))?;
        match &event {
            Event::Start(tag) | Event::Empty(tag) => match tag.local_name().as_ref() {
                b"row" => {
                    row = attribute(tag, b"r")
                        .and_then(|r| r.parse::<u32>().ok())
                        .map_or(row + 1, |r| r.saturating_sub(1));
                    column = 0;
                }
                b"c" => {
                    if let Some((r, c)) = attribute(tag, b"r").and_then(|r| cell_position(&r)) {
                        (row, column) = (r, c);
                    }
                    let percent = attribute(tag, b"s")
                        .and_then(|s| s.parse::<usize>().ok())
                        .and_then(|s| styles.get(s).copied())
                        .unwrap_or(false);
                    if percent {
                        cells.percent.insert((row, column));
                    }
                    if matches!(event, Event::Start(_)) {
                        // A text result may be empty: `<v></v>` is then a value.
                        let text_result = attribute(tag, b"t").as_deref() == Some("str");
                        open = Some(((row, column), None, text_result));
                    }
                    column += 1;
                }
                b"f" => {
                    if let Some((_, formula, _)) = &mut open {
                        formula.get_or_insert_with(String::new);
                    }
                    in_formula = matches!(event, Event::Start(_));
                }
                b"v" => in_value = matches!(event, Event::Start(_)),
                _ => {}
            },
            Event::Text(text) => {
                if let Some((_, formula, has_value)) = &mut open {
                    let text = String::from_utf8_lossy(text.as_ref());
                    if in_value && !text.trim().is_empty() {
                        *has_value = true;
                    }
                    if in_formula
                        && let Some(formula) = formula
                        && formula.len() < MAX_FORMULA
                    {
                        formula.push_str(&unescape(&text));
                    }
                }
            }
            Event::End(tag) => match tag.local_name().as_ref() {
                b"f" => in_formula = false,
                b"v" => in_value = false,
                b"c" => {
                    if let Some((place, Some(formula), false)) = open.take() {
                        cells.uncalculated.insert(place, formula);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(cells)
}

/// `G14` → (13, 6), 0-based.
fn cell_position(reference: &str) -> Option<(u32, u32)> {
    let split = reference.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = (reference.get(..split)?, reference.get(split..)?);
    let mut column: u32 = 0;
    for c in letters.chars() {
        if !c.is_ascii_uppercase() {
            return None;
        }
        column = column
            .checked_mul(26)?
            .checked_add(c as u32 - 'A' as u32 + 1)?;
    }
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, column.checked_sub(1)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_formats_are_recognised() {
        for code in ["0%", "0.0%", "0.00%;[Red]-0.00%", "#,##0.0 %"] {
            assert!(is_percent_format(code), "{code}");
        }
        for code in [
            "0.00",
            "\"%\" 0",
            "0\\%",
            "[$%-409]0",
            "yyyy-mm-dd",
            "General",
        ] {
            assert!(!is_percent_format(code), "{code}");
        }
    }

    #[test]
    fn cell_references_both_ways() {
        assert_eq!(cell_position("G14"), Some((13, 6)));
        assert_eq!(cell_position("AA1"), Some((0, 26)));
        assert_eq!(cell_position("a1"), None);
    }
}
