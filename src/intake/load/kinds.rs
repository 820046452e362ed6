//! What a file in a year folder is, by its name, and which table of a
//! workbook holds actions or indicators, by its header.

use super::*;

/// What a file in a year folder is.
pub(super) enum YearFile {
    /// A table to read; its kind when the name says it.
    Data(Option<FileKind>),
    /// `year.toml` or `signoff.toml`, read on their own.
    Own,
    /// `foreword.<lang>.md`, or why a file named like one cannot be read.
    Foreword(Result<Lang, String>),
    /// Not an input file: why, for a note.
    Ignored(String),
    /// A data file Koers does not read: why, for an error.
    Unreadable(String),
}

/// Whether a file of a year folder is one Koers reads (or refuses) as data,
/// by the rules `load` applies.
pub fn is_data_file(name: &str) -> bool {
    matches!(year_file(name), YearFile::Data(_) | YearFile::Unreadable(_))
}

pub(super) fn year_file(name: &str) -> YearFile {
    if name == "year.toml" || name == signoff::FILE_NAME {
        return YearFile::Own;
    }
    if let Some(lang) = foreword::lang_of_name(name) {
        return YearFile::Foreword(lang);
    }
    if name.starts_with("~$") || name.starts_with(".~lock") {
        return YearFile::Ignored(
            "an office lock file (the workbook is open somewhere); ignored".into(),
        );
    }
    if name.starts_with('.') {
        return YearFile::Ignored("a hidden file; ignored".into());
    }
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "csv" | "xlsx" | "xlsm" | "xls" | "ods" => YearFile::Data(FileKind::of_name(name)),
        "xlsb" | "numbers" => YearFile::Unreadable(format!(
            "Koers does not read .{extension} files, so this file's data would be missing"
        )),
        _ => YearFile::Ignored(
            "not an actions or indicators file (.csv, .xlsx, .xls, .ods) nor a foreword (foreword.<lang>.md); ignored".into(),
        ),
    }
}

/// The kind a table's header announces, when it clearly does.
pub(super) fn kind_by_header(table: &Table) -> Option<FileKind> {
    let actions = FileKind::Actions.header_score(&table.headers);
    let indicators = FileKind::Indicators.header_score(&table.headers);
    match actions.cmp(&indicators) {
        std::cmp::Ordering::Greater if actions >= 3 => Some(FileKind::Actions),
        std::cmp::Ordering::Less if indicators >= 3 => Some(FileKind::Indicators),
        _ => None,
    }
}

/// `sheet `Acties 2023`, header in row 3` or `header in line 2`.
pub(super) fn where_read(table: &Table) -> String {
    match &table.sheet {
        Some(sheet) => format!("sheet `{sheet}`, header in row {}", table.header_line),
        None => format!("header in line {}", table.header_line),
    }
}

/// How well a row reads as the header of any kind of file.
pub(super) fn any_kind(cells: &[Cell]) -> usize {
    FileKind::ALL
        .iter()
        .map(|k| k.header_score(cells))
        .max()
        .unwrap_or(0)
}

/// A CSV's table (its header found by `score`), or every table of a
/// workbook's sheets, each sheet's header found by the columns of any kind:
/// a workbook may hold actions and indicators.
pub(super) fn read_tables<'b>(
    bytes: &'b [u8],
    path: &std::path::Path,
    score: HeaderScore,
    max_rows: usize,
) -> Result<Vec<Table<'b>>, Diagnostic> {
    let format = path
        .extension()
        .and_then(|e| e.to_str())
        .and_then(WorkbookFormat::of_extension);
    match format {
        Some(format) => read_workbook(bytes, path, format, &any_kind, max_rows),
        None => read_csv_with(bytes, path, score, max_rows).map(|table| vec![table]),
    }
}
