//! Problems found in the user's data, as values.
//!
//! Bad input is the normal case for a tool fed by spreadsheets, so problems are
//! collected rather than thrown: every loader returns what it could read plus a
//! list of diagnostics, and the command decides what to do with all of them at
//! once. A diagnostic always names the file and, where it can, the line and the
//! column or field, so a user can fix it without a debugger.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// `(13, 6)` → `G14`: how a spreadsheet user names a cell (0-based row and
/// column in).
pub fn cell_name(row: usize, column: usize) -> String {
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

/// How bad a problem is: errors stop rendering, warnings end up in the
/// report's data-quality annex, notes only tell the user what Koers did
/// (for instance, that it ignored a column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

/// One problem in one place of the user's input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, as the user named it (relative to the working directory
    /// when it was given that way).
    pub file: PathBuf,
    /// 1-based line, when the problem sits on one.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// The field (column header or TOML key) concerned, when known.
    pub field: Option<String>,
    /// The workbook sheet, when the file is a workbook: the place is then
    /// also shown as a spreadsheet user knows it (`'Acties 2023'!G14`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    pub message: String,
    pub hint: Option<String>,
    /// The report year the problem belongs to, if any: selects the reports
    /// whose data-quality annex lists it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// The unit whose data it concerns, if one: unit reports list only
    /// their own problems.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The report language the problem concerns (a missing title in that
    /// language), if only one: reports in other languages do not list it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<crate::core::Lang>,
    /// What a data-quality warning found, as data, so each report can say
    /// it in its own language (`message` is the English of `koers check`).
    #[serde(skip)]
    pub finding: Option<Finding>,
}

/// The data-quality findings a report's annex lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    TitleMissing {
        id: String,
        lang: crate::core::Lang,
        shown: crate::core::Lang,
    },
    NoTarget {
        id: String,
    },
    NoAction {
        objective: String,
        year: i32,
    },
    CompletedBelow {
        id: String,
        progress: rust_decimal::Decimal,
    },
    NotStartedAbove {
        id: String,
        progress: rust_decimal::Decimal,
    },
    DueBeforeStart {
        id: String,
        due: chrono::NaiveDate,
        start: chrono::NaiveDate,
    },
    DuePassed {
        id: String,
        due: chrono::NaiveDate,
        year: i32,
    },
    NegativeBudget {
        id: String,
        spent: bool,
    },
    OverSpent {
        id: String,
        spent: rust_decimal::Decimal,
        planned: rust_decimal::Decimal,
    },
    NoComment {
        id: String,
        status: crate::core::Status,
    },
}

impl Diagnostic {
    pub fn error(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, message)
    }

    pub fn warning(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, message)
    }

    pub fn note(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, file, message)
    }

    fn new(severity: Severity, file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Self {
            severity,
            file: file.as_ref().to_path_buf(),
            line: None,
            column: None,
            field: None,
            sheet: None,
            message: message.into(),
            hint: None,
            year: None,
            unit: None,
            lang: None,
            finding: None,
        }
    }

    /// Records what the warning found, for the report's annex.
    pub fn finding(mut self, finding: Finding) -> Self {
        self.finding = Some(finding);
        self
    }

    /// Ties the problem to the reports in one language.
    pub fn for_lang(mut self, lang: crate::core::Lang) -> Self {
        self.lang = Some(lang);
        self
    }

    /// Ties the problem to a report year and, optionally, a unit.
    /// The year the diagnostic is about: the one it names, or the year
    /// folder of the inputs folder `root` its file is in.
    pub fn year_in(&self, root: &std::path::Path) -> Option<i32> {
        self.year.or_else(|| {
            let relative = self.file.strip_prefix(root).ok()?;
            let folder = relative.components().next()?.as_os_str().to_str()?;
            folder.parse().ok()
        })
    }

    pub fn about(mut self, year: i32, unit: Option<&str>) -> Self {
        self.year = Some(year);
        self.unit = unit.map(str::to_string);
        self
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Places the problem in a workbook's sheet (nothing for CSV files).
    pub fn in_sheet(mut self, sheet: Option<&str>) -> Self {
        self.sheet = sheet.map(str::to_string);
        self
    }

    /// The place as a spreadsheet user names it: `'Acties 2023'!G14`, or
    /// the sheet and row when the column is not known.
    pub fn cell(&self) -> Option<String> {
        let sheet = self.sheet.as_ref()?;
        let quoted = format!("'{}'", sheet.replace('\'', "''"));
        Some(match (self.line, self.column) {
            (Some(line), Some(column)) if line > 0 && column > 0 => {
                format!("{quoted}!{}", cell_name(line - 1, column - 1))
            }
            (Some(line), _) => format!("{quoted}, row {line}"),
            _ => format!("sheet {quoted}"),
        })
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The `file:line:column` prefix compilers use, so editors can jump there.
    pub fn location(&self) -> String {
        let mut out = self.file.display().to_string();
        if let Some(line) = self.line {
            out.push_str(&format!(":{line}"));
            if let Some(column) = self.column {
                out.push_str(&format!(":{column}"));
            }
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(f, "{}: {severity}: ", self.location())?;
        if let Some(field) = &self.field {
            write!(f, "[{field}] ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(cell) = self.cell() {
            write!(f, " ({cell})")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Sorts diagnostics the way a user reads them: by file, then line, then
/// column, errors before warnings on the same spot.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity).cmp(&(&b.file, b.line, b.column, b.severity))
    });
}

pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

pub fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workbook_places_name_the_sheet_and_cell() {
        let d = Diagnostic::error("inputs/2023/Acties DVZ.xlsx", "`#N/A` is not a number")
            .at(14, 7)
            .in_sheet(Some("Acties 2023"));
        assert_eq!(
            d.to_string(),
            "inputs/2023/Acties DVZ.xlsx:14:7: error: `#N/A` is not a number ('Acties 2023'!G14)"
        );
        let d = Diagnostic::error("a.xlsx", "x")
            .at_line(3)
            .in_sheet(Some("Bob's"));
        assert_eq!(d.cell().as_deref(), Some("'Bob''s', row 3"));
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(0, 702), "AAA1");
    }

    #[test]
    fn display_is_compiler_like() {
        let d = Diagnostic::error("inputs/2023/actions.csv", "unknown status `klaar`")
            .at(14, 7)
            .field("status")
            .hint("use one of: not_started, on_track");
        assert_eq!(
            d.to_string(),
            "inputs/2023/actions.csv:14:7: error: [status] unknown status `klaar`\n  hint: use one of: not_started, on_track"
        );
    }
}
