//! Workbooks (`.xlsx`, `.xlsm`): the sheet that holds the table, chosen by
//! its header row rather than by its position, read cell by cell with each
//! cell's type kept: dates stay dates, percent-formatted numbers are known to
//! be percentages, and Excel's error values stay errors.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use calamine::{Reader, Xlsx};

use super::{Cell, HeaderScore, NumberStyle, Row, Table, styles, table_from_rows};
use crate::diagnostics::Diagnostic;

/// Limits that no plan's sheet comes near.
const MAX_COLUMNS: u32 = 500;
const MAX_CELLS: usize = 5_000_000;

/// Reads the sheet of a workbook whose header names the most known columns
/// (`score`); the first sheet when none does.
pub fn read_workbook(bytes: &[u8], file: &Path, score: HeaderScore) -> Result<Table, Diagnostic> {
    let unreadable = |err: &dyn std::fmt::Display| {
        Diagnostic::error(file, format!("cannot read the Excel file: {err}"))
            .hint("save it again from Excel as .xlsx, or export the sheet as CSV")
    };
    let mut workbook: Xlsx<_> =
        Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let names = workbook.sheet_names();
    if names.is_empty() {
        return Err(Diagnostic::error(file, "the workbook has no sheets"));
    }
    let mut percent = styles::PercentStyles::read(bytes).map_err(|e| unreadable(&e))?;
    let mut best: Option<(usize, Table)> = None;
    for sheet in &names {
        let rows = sheet_rows(&mut workbook, &mut percent, sheet, file)?;
        let Ok(mut table) = table_from_rows(rows, file, NumberStyle::DecimalComma, score) else {
            continue;
        };
        table.sheet = Some(sheet.clone());
        let found = score(&table.headers);
        if best.as_ref().is_none_or(|(s, _)| found > *s) {
            best = Some((found, table));
        }
    }
    best.map(|(_, table)| table).ok_or_else(|| {
        Diagnostic::error(file, "every sheet of the workbook is empty")
            .hint("the table's first row must hold the column names")
    })
}

/// Every non-empty cell of one sheet, as rows.
fn sheet_rows(
    workbook: &mut Xlsx<std::io::Cursor<&[u8]>>,
    percent: &mut styles::PercentStyles,
    sheet: &str,
    file: &Path,
) -> Result<Vec<Row>, Diagnostic> {
    let unreadable = |err: &dyn std::fmt::Display| {
        Diagnostic::error(file, format!("cannot read sheet `{sheet}`: {err}"))
            .hint("save it again from Excel as .xlsx, or export the sheet as CSV")
    };
    let percent: BTreeSet<(u32, u32)> = percent.cells(sheet).map_err(|e| unreadable(&e))?;
    // Cell by cell rather than as one dense range: a sheet whose used range
    // claims a million columns must not allocate for all of them.
    let mut reader = workbook
        .worksheet_cells_reader(sheet)
        .map_err(|e| unreadable(&e))?;
    let mut cells: BTreeMap<u32, Vec<(u32, Cell)>> = BTreeMap::new();
    let mut count = 0usize;
    while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
        let (row, column) = cell.get_position();
        let value = match spreadsheet_cell(cell.get_value()) {
            Cell::Number(n) if percent.contains(&(row, column)) => Cell::Percent(n),
            value => value,
        };
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
    Ok(cells
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
        .collect())
}

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
        // As Excel shows it: `#N/A`, `#DIV/0!`.
        Data::Error(e) => Cell::Error(e.to_string()),
        Data::Empty => Cell::Text(String::new()),
    }
}
