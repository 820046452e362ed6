//! A year's progress as typed data: actions and indicators, each with the
//! place it was read from (file, sheet, line, columns), so every later
//! diagnostic can point at the cell. Reading them is `intake::progress`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::core::lang::Texts;
use crate::core::{Direction, Status};
use crate::diagnostics::Diagnostic;

/// Where a row came from, for diagnostics and the report's annexes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file, sheet and columns: one for all rows of a table.
    pub table: Arc<TablePlace>,
    pub line: usize,
}

/// What every row of one table shares of its place: a table of 10,000 rows
/// holds it once, not 10,000 times.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TablePlace {
    pub file: PathBuf,
    /// The workbook sheet, for a workbook.
    pub sheet: Option<String>,
    /// 1-based column of each field present in the file, so later checks
    /// can point at the cell.
    pub columns: Vec<(&'static str, usize)>,
}

impl Serialize for Origin {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Origin", 3)?;
        s.serialize_field("file", &self.table.file)?;
        s.serialize_field("line", &self.line)?;
        s.serialize_field("sheet", &self.table.sheet)?;
        s.end()
    }
}

impl Origin {
    /// A row of a file with no columns known: for tests and for rows made
    /// by hand.
    pub fn at(file: impl Into<PathBuf>, line: usize) -> Origin {
        Origin {
            table: Arc::new(TablePlace {
                file: file.into(),
                ..TablePlace::default()
            }),
            line,
        }
    }

    pub fn file(&self) -> &Path {
        &self.table.file
    }

    pub fn sheet(&self) -> Option<&str> {
        self.table.sheet.as_deref()
    }

    /// A diagnostic placed at this row and, when known, at `field`'s cell.
    pub fn place(&self, diagnostic: Diagnostic, field: &str) -> Diagnostic {
        // `comment` is the first comment column; `comment_fr` the French.
        let of_field = |f: &str| {
            f == field
                || f.strip_prefix(field)
                    .is_some_and(|rest| rest.starts_with('_'))
        };
        let column = self
            .table
            .columns
            .iter()
            .find(|(f, _)| *f == field)
            .or_else(|| self.table.columns.iter().find(|(f, _)| of_field(f)))
            .map(|(_, c)| *c);
        let diagnostic = match column {
            Some(column) => diagnostic.at(self.line, column),
            None => diagnostic.at_line(self.line),
        };
        diagnostic.in_sheet(self.sheet()).field(field)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Action {
    pub id: String,
    pub objective: String,
    /// Title per language; the plan's first language always present.
    pub titles: Texts,
    pub unit: String,
    pub status: Status,
    pub progress: Decimal,
    pub start: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub budget_planned: Option<Decimal>,
    pub budget_spent: Option<Decimal>,
    /// The explanation per language, as the unit wrote it.
    pub comments: Texts,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    pub id: String,
    pub objective: String,
    pub names: Texts,
    pub measures: Texts,
    pub direction: Direction,
    pub baseline: Option<Decimal>,
    pub target: Option<Decimal>,
    pub actual: Option<Decimal>,
    pub comments: Texts,
    pub origin: Origin,
}
