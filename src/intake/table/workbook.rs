//! Workbooks (`.xlsx`, `.xlsm`, `.xls`, `.ods`): the sheet that holds the
//! table, chosen by its header row rather than by its position, read cell by
//! cell with each cell's type kept: dates stay dates, percent-formatted
//! numbers are known to be percentages, and Excel's error values stay errors.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Reader, Xls, Xlsx};

use super::{Cell, HeaderScore, NumberStyle, Row, Table, biff, ods, styles, table_from_rows};
use crate::diagnostics::Diagnostic;

/// Limits that no plan's sheet comes near.
const MAX_COLUMNS: u32 = 500;
const MAX_CELLS: usize = 5_000_000;

/// The spreadsheet formats Koers reads, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkbookFormat {
    /// `.xlsx` and `.xlsm` (Office Open XML).
    Xlsx,
    /// `.xls` (Excel 97–2003, BIFF8).
    Xls,
    /// `.ods` (OpenDocument, LibreOffice).
    Ods,
}

impl WorkbookFormat {
    pub fn of_extension(extension: &str) -> Option<Self> {
        match extension.to_ascii_lowercase().as_str() {
            "xlsx" | "xlsm" => Some(Self::Xlsx),
            "xls" => Some(Self::Xls),
            "ods" => Some(Self::Ods),
            _ => None,
        }
    }
}

/// Every sheet of a workbook that holds a table, in sheet order, each with
/// its header row found by `score` (none of more than `max_rows` rows); empty sheets are left out. The caller
/// decides which tables to read and names the others.
pub fn read_workbook(
    bytes: &[u8],
    file: &Path,
    format: WorkbookFormat,
    score: HeaderScore,
    max_rows: usize,
) -> Result<Vec<Table<'static>>, Diagnostic> {
    let (sheets, what) = match format {
        WorkbookFormat::Ods => {
            crate::intake::limits::check_zip(bytes).map_err(|e| {
                Diagnostic::error(file, format!("cannot read the spreadsheet: {e}")).hint(
                    "save it again from LibreOffice as .ods or .xlsx, or export the sheet as CSV",
                )
            })?;
            (ods::read_ods(bytes, file)?, "spreadsheet")
        }
        _ => {
            if format == WorkbookFormat::Xlsx {
                crate::intake::limits::check_zip(bytes).map_err(|e| unreadable(file, &e))?;
            }
            // calamine can panic on hostile bytes: a guarded read is an error.
            let sheets = crate::core::guard::guarded(|| match format {
                WorkbookFormat::Xls => xls_sheets(bytes, file),
                _ => xlsx_sheets(bytes, file),
            })
            .map_err(|panic| unreadable(file, &panic))??;
            (sheets, "workbook")
        }
    };
    if sheets.is_empty() {
        return Err(Diagnostic::error(file, format!("the {what} has no sheets")));
    }
    let mut tables = Vec::new();
    for (sheet, rows) in sheets {
        super::check_sheet_limits(&rows, file, &sheet, max_rows)?;
        let Ok(mut table) = table_from_rows(rows, file, NumberStyle::DecimalComma, score) else {
            continue;
        };
        table.sheet = Some(sheet);
        tables.push(table);
    }
    if tables.is_empty() {
        return Err(
            Diagnostic::error(file, format!("every sheet of the {what} is empty"))
                .hint("the table's first row must hold the column names"),
        );
    }
    Ok(tables)
}

/// The table whose header names the most known columns (`score`); the
/// first on a tie.
pub fn best_table(tables: &[Table], score: HeaderScore) -> usize {
    let mut best = (0, 0);
    for (index, table) in tables.iter().enumerate() {
        let found = score(&table.headers);
        if index == 0 || found > best.1 {
            best = (index, found);
        }
    }
    best.0
}

fn unreadable(file: &Path, err: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic::error(file, format!("cannot read the Excel file: {err}"))
        .hint("save it again from Excel as .xlsx, or export the sheet as CSV")
}

/// Every sheet of an `.xlsx` workbook, with its rows.
fn xlsx_sheets(bytes: &[u8], file: &Path) -> Result<Vec<(String, Vec<Row<'static>>)>, Diagnostic> {
    let mut workbook: Xlsx<_> =
        Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(file, &e))?;
    let mut xml = styles::WorkbookCells::read(bytes).map_err(|e| unreadable(file, &e))?;
    let names = workbook.sheet_names();
    let mut sheets = Vec::with_capacity(names.len());
    for sheet in names {
        let rows = sheet_rows(&mut workbook, &mut xml, &sheet, file)?;
        sheets.push((sheet, rows));
    }
    Ok(sheets)
}

/// Every sheet of an `.xls` workbook, with its rows. Its percent formats are
/// read first: a workbook whose formats cannot be read is refused, since its
/// percentages could not be told from fractions.
fn xls_sheets(bytes: &[u8], file: &Path) -> Result<Vec<(String, Vec<Row<'static>>)>, Diagnostic> {
    biff::check_compound_file(bytes).map_err(|e| unreadable(file, &e))?;
    let percent = biff::percent_cells(bytes).map_err(|e| unreadable(file, &e))?;
    let mut workbook: Xls<_> =
        Xls::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(file, &e))?;
    let names = workbook.sheet_names();
    let mut sheets = Vec::with_capacity(names.len());
    for sheet in names {
        let range = workbook
            .worksheet_range(&sheet)
            .map_err(|e| unreadable(file, &format!("sheet `{sheet}`: {e}")))?;
        let styled = percent.get(&sheet);
        let (top, left) = range.start().unwrap_or((0, 0));
        let mut cells: BTreeMap<u32, Vec<(u32, Cell)>> = BTreeMap::new();
        let mut count = 0usize;
        for (r, c, data) in range.used_cells() {
            let (row, column) = (top.saturating_add(r as u32), left.saturating_add(c as u32));
            let value = match spreadsheet_cell(data) {
                Cell::Number(n) if styled.is_some_and(|s| s.contains(&(row, column))) => {
                    Cell::Percent(n)
                }
                value => value,
            };
            if value.is_empty() {
                continue;
            }
            count += 1;
            if column >= MAX_COLUMNS || count > MAX_CELLS {
                return Err(too_large(file, &sheet, row, column));
            }
            cells.entry(row).or_default().push((column, value));
        }
        sheets.push((sheet, dense_rows(cells)));
    }
    Ok(sheets)
}

fn too_large(file: &Path, sheet: &str, row: u32, column: u32) -> Diagnostic {
    Diagnostic::error(
        file,
        format!("sheet `{sheet}` is too large: data beyond column {MAX_COLUMNS} or more than {MAX_CELLS} cells"),
    )
    .at(row as usize + 1, column as usize + 1)
    .hint("keep one table of actions or indicators on the sheet")
}

/// Every non-empty cell of one sheet, as rows.
fn sheet_rows(
    workbook: &mut Xlsx<std::io::Cursor<&[u8]>>,
    xml: &mut styles::WorkbookCells,
    sheet: &str,
    file: &Path,
) -> Result<Vec<Row<'static>>, Diagnostic> {
    let unreadable = |err: &dyn std::fmt::Display| {
        Diagnostic::error(file, format!("cannot read sheet `{sheet}`: {err}"))
            .hint("save it again from Excel as .xlsx, or export the sheet as CSV")
    };
    let styles::SheetCells {
        percent,
        uncalculated,
    } = xml.cells(sheet).map_err(|e| unreadable(&e))?;
    // Cell by cell rather than as one dense range: a sheet whose used range
    // claims a million columns must not allocate for all of them.
    let mut reader = workbook
        .worksheet_cells_reader(sheet)
        .map_err(|e| unreadable(&e))?;
    let mut cells: BTreeMap<u32, Vec<(u32, Cell)>> = BTreeMap::new();
    let mut count = 0usize;
    while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
        let (row, column) = cell.get_position();
        let value = match spreadsheet_cell(&calamine::Data::from(cell.get_value().clone())) {
            Cell::Number(n) if percent.contains(&(row, column)) => Cell::Percent(n),
            value => value,
        };
        if value.is_empty() {
            continue;
        }
        count += 1;
        if column >= MAX_COLUMNS || count > MAX_CELLS {
            return Err(too_large(file, sheet, row, column));
        }
        cells.entry(row).or_default().push((column, value));
    }
    // calamine gives a formula without its value as an empty cell; it is
    // kept as what it is, so reading it is an error naming the formula.
    for ((row, column), formula) in uncalculated {
        if column < MAX_COLUMNS {
            let values = cells.entry(row).or_default();
            values.retain(|(c, _)| *c != column);
            values.push((column, Cell::Formula(formula)));
        }
    }
    Ok(dense_rows(cells))
}

/// Sparse cells by row to rows of cells, blanks filled in.
fn dense_rows(cells: BTreeMap<u32, Vec<(u32, Cell<'static>)>>) -> Vec<Row<'static>> {
    cells
        .into_iter()
        .map(|(row, mut values)| {
            values.sort_by_key(|(column, _)| *column);
            let width = values.last().map_or(0, |(column, _)| *column as usize + 1);
            let mut dense = vec![Cell::Text(Default::default()); width];
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
        .collect()
}

fn spreadsheet_cell(data: &calamine::Data) -> Cell<'static> {
    use calamine::Data;
    match data {
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone().into()),
        Data::Bool(b) => Cell::Text(b.to_string().into()),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map(|d| Cell::Date(d.date()))
            .unwrap_or_else(|| Cell::Text(dt.to_string().into())),
        Data::DateTimeIso(s) | Data::DurationIso(s) => {
            let date = s
                .get(..10)
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            date.map_or_else(|| Cell::Text(s.clone().into()), Cell::Date)
        }
        // As Excel shows it: `#N/A`, `#DIV/0!`.
        Data::Error(e) => Cell::Error(e.to_string()),
        Data::Empty => Cell::Text(Default::default()),
    }
}
