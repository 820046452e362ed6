//! Reading one cell as text, number or date in the file's dialect, every
//! problem a diagnostic placed at the row and column.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::diagnostics::Diagnostic;
use crate::intake::table::{Cell, NumberStyle, Row, Table};

const EXCEL_ERROR_HINT: &str =
    "correct the formula or type the value; Koers never reads an error as a value";

const UNCALCULATED_HINT: &str = "open the workbook in Excel or LibreOffice and save it, so the formula's value is stored; or type the value";

/// A formula cell without its value: a workbook written by a program and
/// never opened in a spreadsheet stores the formula only.
fn uncalculated(formula: &str) -> String {
    format!(
        "the cell holds the formula `={formula}` but no calculated value (the workbook was never opened and saved in a spreadsheet)"
    )
}

/// Reads one row's cells with diagnostics that carry the row's place.
pub(super) struct RowReader<'a> {
    pub(super) table: &'a Table<'a>,
    pub(super) row: &'a Row<'a>,
    pub(super) diags: &'a mut Vec<Diagnostic>,
    pub(super) ok: bool,
}

impl<'a> RowReader<'a> {
    pub(super) fn new(table: &'a Table, row: &'a Row, diags: &'a mut Vec<Diagnostic>) -> Self {
        RowReader {
            table,
            row,
            diags,
            ok: true,
        }
    }

    /// Where this row came from, in the table's `place`.
    pub(super) fn origin(&self, place: &std::sync::Arc<super::TablePlace>) -> super::Origin {
        super::Origin {
            table: place.clone(),
            line: self.row.line,
        }
    }

    /// Whether the row is a totals row: no id, a word like `Totaal` and
    /// numbers. It is skipped with a warning naming it (its sums would be
    /// counted twice); any other row without an id is an error.
    pub(super) fn skip_totals(&mut self, id_column: Option<usize>) -> bool {
        const WORDS: &[&str] = &[
            "totaal",
            "totalen",
            "subtotaal",
            "total",
            "totals",
            "totaux",
            "soustotal",
            "som",
            "somme",
            "sum",
            "subtotal",
        ];
        if self.cell(id_column).is_some() {
            return false;
        }
        let word = self.row.cells.iter().any(|c| {
            matches!(c, Cell::Text(t) if WORDS.contains(&crate::core::normalize(t).trim_end_matches(':')))
        });
        let numbers = self
            .row
            .cells
            .iter()
            .any(|c| matches!(c, Cell::Number(_) | Cell::Percent(_)));
        if !(word && numbers) {
            return false;
        }
        self.diags.push(
            Diagnostic::warning(
                &self.table.file,
                "a totals row was skipped: Koers computes every total from the rows themselves",
            )
            .at_line(self.row.line)
            .in_sheet(self.table.sheet.as_deref())
            .hint("remove the row, or keep totals below the table on another sheet"),
        );
        true
    }

    /// The cell, borrowed from the table rather than from the reader, so
    /// reading it never needs a copy while diagnostics are pushed.
    pub(super) fn cell(&self, column: Option<usize>) -> Option<&'a Cell<'a>> {
        let row: &'a Row<'a> = self.row;
        column
            .and_then(|c| row.cells.get(c))
            .filter(|c| !c.is_empty())
    }

    /// A remark on a cell that is read as it is.
    pub(super) fn warning(&mut self, column: usize, field: &str, message: String, hint: &str) {
        let diag = Diagnostic::warning(&self.table.file, message);
        self.at_cell(diag, column, field, hint);
    }

    pub(super) fn error(&mut self, column: usize, field: &str, message: String, hint: &str) {
        self.ok = false;
        let diag = Diagnostic::error(&self.table.file, message);
        self.at_cell(diag, column, field, hint);
    }

    /// `diag`, placed at the cell of `column` in this row.
    fn at_cell(&mut self, diag: Diagnostic, column: usize, field: &str, hint: &str) {
        self.diags.push(
            diag.at(self.row.line, column + 1)
                .in_sheet(self.table.sheet.as_deref())
                .field(field)
                .hint(hint),
        );
    }

    /// The cell's text; an Excel error value is refused, never read as
    /// text.
    pub(super) fn text(&mut self, column: Option<usize>, field: &str) -> Option<String> {
        let cell = self.cell(column)?;
        if self.holds_no_value(cell, column, field) {
            return None;
        }
        let (text, removed) = match cell {
            Cell::Text(t) => crate::core::text::clean(t.trim()),
            other => crate::core::text::clean(&other.text()),
        };
        if let Some(c) = removed {
            self.diags.push(
                Diagnostic::warning(&self.table.file, crate::core::text::removed_message(c))
                    .at(self.row.line, column.unwrap_or(0) + 1)
                    .in_sheet(self.table.sheet.as_deref())
                    .field(field),
            );
        }
        Some(text)
    }

    /// An Excel error value or a formula without its value, refused with
    /// the cell named: neither is ever read as a value.
    fn holds_no_value(&mut self, cell: &Cell, column: Option<usize>, field: &str) -> bool {
        let (message, hint) = match cell {
            Cell::Error(e) => (
                format!("the cell holds the Excel error `{e}`"),
                EXCEL_ERROR_HINT,
            ),
            Cell::Formula(formula) => (uncalculated(formula), UNCALCULATED_HINT),
            _ => return false,
        };
        self.error(column.unwrap_or(0), field, message, hint);
        true
    }

    /// A cell of a one-line field (an id, a code, a number, a date) holding
    /// a line break: an error, since no such value has one and a quote gone
    /// astray in a CSV is the usual cause.
    fn one_line(&mut self, column: Option<usize>, field: &str) -> bool {
        // Asked of most cells of a row: only a cell holding a line end is
        // trimmed to see whether the line end is inside its text.
        let is_line_end = |b: u8| b == b'\n' || b == b'\r';
        let broken = match self.cell(column) {
            Some(Cell::Text(t)) => {
                memchr::memchr2(b'\n', b'\r', t.as_bytes()).is_some()
                    && t.trim().bytes().any(is_line_end)
            }
            _ => false,
        };
        if broken {
            self.error(
                column.unwrap_or(0),
                field,
                format!("the `{field}` cell holds a line break"),
                "only titles, names and comments may run over several lines; in a CSV, look for a quote that opens a cell too early",
            );
        }
        !broken
    }

    pub(super) fn required_text(&mut self, column: Option<usize>, field: &str) -> String {
        if !self.one_line(column, field) {
            return String::new();
        }
        if let Some(cell) = self.cell(column)
            && self.holds_no_value(cell, column, field)
        {
            return String::new();
        }
        // Ids and codes are not cleaned: a hidden character in one is an
        // error where ids are judged, never silently dropped.
        match self.cell(column).map(Cell::text) {
            Some(t) => t,
            None => {
                self.error(
                    column.unwrap_or(0),
                    field,
                    format!("`{field}` is empty"),
                    "every row needs a value here",
                );
                String::new()
            }
        }
    }

    pub(super) fn number(&mut self, column: Option<usize>, field: &str) -> Option<Decimal> {
        if !self.one_line(column, field) {
            return None;
        }
        let cell = self.cell(column)?;
        if self.holds_no_value(cell, column, field) {
            return None;
        }
        let parsed = match cell {
            Cell::Number(n) => Decimal::from_str(&n.to_string()).ok(),
            // Shown as a percentage, read as shown: 0.45 is 45.
            Cell::Percent(p) => Decimal::from_str(&p.to_string())
                .ok()
                .and_then(|p| p.checked_mul(Decimal::ONE_HUNDRED))
                .map(|p| p.normalize()),
            Cell::Text(t) => parse_number(t, self.table.numbers),
            Cell::Error(_) | Cell::Formula(_) => None,
            Cell::Date(_) => None,
        };
        match parsed {
            None => self.error(
                column.unwrap_or(0),
                field,
                format!("`{}` is not a number", cell.text()),
                "write numbers like 1234,56 or 1.234,56 (or 1234.56)",
            ),
            Some(n) if n.abs() >= Decimal::from(MAX_AMOUNT) => {
                self.error(
                    column.unwrap_or(0),
                    field,
                    format!("`{}` is too large", cell.text()),
                    "amounts and values must stay below 1.000.000.000.000.000",
                );
                return None;
            }
            Some(_) => {}
        }
        parsed
    }

    pub(super) fn date(&mut self, column: Option<usize>, field: &str) -> Option<NaiveDate> {
        if !self.one_line(column, field) {
            return None;
        }
        let cell = self.cell(column)?;
        if self.holds_no_value(cell, column, field) {
            return None;
        }
        let parsed = match cell {
            Cell::Date(d) => Some(*d),
            Cell::Text(t) => parse_date(t),
            Cell::Error(_) | Cell::Formula(_) => None,
            Cell::Number(_) | Cell::Percent(_) => None,
        };
        if parsed.is_none() {
            self.error(
                column.unwrap_or(0),
                field,
                format!("`{}` is not a date", cell.text()),
                "write dates as 2023-03-31, 31/03/2023 or 31-03-2023",
            );
        }
        parsed
    }
}

/// A number with nothing to say its scale: a General-formatted number, or
/// a text without `%`. (A percent-formatted cell or `45 %` says it.)
pub(super) fn is_bare_number(cell: &Cell) -> bool {
    match cell {
        Cell::Number(_) => true,
        Cell::Text(t) => !t.contains('%'),
        _ => false,
    }
}

/// Whether a progress header says its values are fractions: `(0–1)`,
/// `[0-1]`, `0..1`.
pub(super) fn says_fraction(header: &str) -> bool {
    let compact: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    ["0-1", "0–1", "0—1", "0..1"]
        .iter()
        .any(|p| compact.contains(p))
}

impl RowReader<'_> {
    /// A bare progress number read on its scale. Under a `(0–1)` header it
    /// is a fraction; otherwise it is a percentage, and a value above 0 and
    /// at most 1 is refused: 0.86 could be 0.86 % or 86 %, and the two
    /// differ by a factor 100 in every total it enters.
    pub(super) fn bare_progress(
        &mut self,
        value: Decimal,
        column: usize,
        fraction: bool,
    ) -> Option<Decimal> {
        if fraction {
            if value > Decimal::ONE {
                self.error(
                    column,
                    "progress",
                    format!("progress {value} is above 1, but the column's header says its values run from 0 to 1"),
                    "write the fraction done (0,45 for 45 %), or drop `(0–1)` from the header and write percentages",
                );
                return None;
            }
            return value
                .checked_mul(Decimal::ONE_HUNDRED)
                .map(|p| p.normalize());
        }
        if value > Decimal::ZERO && value <= Decimal::ONE {
            self.error(
                column,
                "progress",
                format!("progress {value} is ambiguous: it may mean {value} % or {} %", (value * Decimal::ONE_HUNDRED).normalize()),
                "write the percentage with its sign (86% or 0,86%), format the cell as a percentage, or mark a column of fractions `(0–1)` in its header",
            );
            return None;
        }
        Some(value)
    }
}

/// Numbers at or above this size are refused: no plan has such amounts, and
/// the bound keeps every sum the report makes far from overflowing.
const MAX_AMOUNT: i64 = 1_000_000_000_000_000;

/// Parses `45`, `45%`, `45,5`, `1.234,56`, `1 234,56`, `€ 1.234` and
/// `1,234.56`. A lone separator followed by exactly three digits is
/// ambiguous (`1.234`); the file's [`NumberStyle`] decides it. Thousands
/// separators must group by three, so `1 2 0` or `1.2.3` are not numbers.
pub fn parse_number(text: &str, style: NumberStyle) -> Option<Decimal> {
    plain_number(text).or_else(|| written_number(text, style))
}

/// [`parse_number`] for any text, the long way.
pub(super) fn written_number(text: &str, style: NumberStyle) -> Option<Decimal> {
    let text = text.trim();
    let text = text.strip_suffix('%').unwrap_or(text).trim_end();
    let text = text.strip_suffix("EUR").unwrap_or(text).trim_end();
    let text = text.strip_suffix('€').unwrap_or(text).trim_end();
    let text = text.strip_prefix('€').unwrap_or(text).trim_start();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = split_decimal(digits, style)?;
    if fraction.is_some_and(|f| f.is_empty() || !f.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    if !is_grouped(whole) {
        return None;
    }
    let fraction = fraction.unwrap_or("0");
    let digits = || {
        whole
            .bytes()
            .chain(fraction.bytes())
            .filter(u8::is_ascii_digit)
    };
    // Most cells have few digits: their value is built without a string.
    let mut mantissa: i128 = 0;
    for d in digits().take(28) {
        mantissa = mantissa * 10 + i128::from(d - b'0');
    }
    if digits().nth(28).is_none()
        && let Ok(scale) = u32::try_from(fraction.len())
        && let Ok(value) =
            Decimal::try_from_i128_with_scale(if negative { -mantissa } else { mantissa }, scale)
    {
        return Some(value.normalize());
    }
    let canonical = format!(
        "{}{}.{fraction}",
        if negative { "-" } else { "" },
        whole
            .chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
    );
    Decimal::from_str(&canonical).ok().map(|d| d.normalize())
}

/// The number of a cell as most cells hold it, `38000.00` or `45`: digits
/// and at most one separator that is not followed by exactly three digits
/// (which [`parse_number`] decides by the file's style). `None` for
/// anything else, which `parse_number` reads the long way; where both read
/// a text, they agree.
pub(super) fn plain_number(text: &str) -> Option<Decimal> {
    let bytes = text.as_bytes();
    let separator = bytes.iter().position(|b| !b.is_ascii_digit());
    let (whole, fraction) = match separator {
        None => (bytes, &b""[..]),
        Some(at) => (bytes.get(..at)?, bytes.get(at + 1..)?),
    };
    let plain = !whole.is_empty()
        && whole.len() + fraction.len() <= 28
        && match separator.and_then(|at| bytes.get(at)) {
            None => true,
            Some(b'.' | b',') => {
                !fraction.is_empty()
                    && fraction.len() != 3
                    && fraction.iter().all(u8::is_ascii_digit)
            }
            Some(_) => false,
        };
    if !plain {
        return None;
    }
    let mantissa = whole
        .iter()
        .chain(fraction)
        .fold(0i128, |m, d| m * 10 + i128::from(d - b'0'));
    let scale = u32::try_from(fraction.len()).ok()?;
    Decimal::try_from_i128_with_scale(mantissa, scale)
        .ok()
        .map(|d| d.normalize())
}

/// Splits at the decimal separator, if there is one.
fn split_decimal(text: &str, style: NumberStyle) -> Option<(&str, Option<&str>)> {
    let last_comma = text.rfind(',');
    let last_point = text.rfind('.');
    let commas = text.matches(',').count();
    let points = text.matches('.').count();
    let decimal = match (last_comma, last_point) {
        (None, None) => None,
        (Some(c), Some(p)) => Some(c.max(p)),
        (Some(c), None) if commas == 1 => {
            let thousands = style == NumberStyle::DecimalPoint && three_digits_after(text, c);
            (!thousands).then_some(c)
        }
        (None, Some(p)) if points == 1 => {
            let thousands = style == NumberStyle::DecimalComma && three_digits_after(text, p);
            (!thousands).then_some(p)
        }
        _ => None,
    };
    Some(match decimal {
        Some(at) => (text.get(..at)?, Some(text.get(at + 1..)?)),
        None => (text, None),
    })
}

fn three_digits_after(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or_default();
    let after = text.get(at + 1..).unwrap_or_default();
    after.len() == 3 && !before.is_empty() && before != "0"
}

/// Whether the whole part is digits, with thousands separators (`.`, `,`,
/// `'` or any space) that are all the same and group the digits by three.
fn is_grouped(whole: &str) -> bool {
    let is_separator = |c: char| matches!(c, '.' | ',' | '\'') || c.is_whitespace();
    let Some(first) = whole.chars().find(|c| is_separator(*c)) else {
        return !whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit());
    };
    let same_kind = whole
        .chars()
        .filter(|c| is_separator(*c))
        .all(|c| c == first || (c.is_whitespace() && first.is_whitespace()));
    let mut groups = whole.split(is_separator);
    same_kind
        && whole
            .split(is_separator)
            .all(|g| g.bytes().all(|b| b.is_ascii_digit()))
        && groups.next().is_some_and(|g| (1..=3).contains(&g.len()))
        && groups.all(|g| g.len() == 3)
}

/// Parses `2023-03-31`, `31/03/2023`, `31-03-2023` (and `31.03.2023`).
/// Years need four digits: `31/03/23` would silently become year 23.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let text = text.split_once(' ').map_or(text, |(date, _)| date);
    if let Some(date) = iso_date(text) {
        return date;
    }
    let four_digit_year = text
        .split(['-', '/', '.'])
        .any(|part| part.len() == 4 && part.chars().all(|c| c.is_ascii_digit()));
    if !four_digit_year {
        return None;
    }
    ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(text, format).ok())
        .filter(|d| (1900..=2200).contains(&chrono::Datelike::year(d)))
}

/// `2023-03-31` exactly, the form nearly every cell has, read without a
/// format parser: `Some(None)` for such a text that is no date.
fn iso_date(text: &str) -> Option<Option<NaiveDate>> {
    let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *text.as_bytes() else {
        return None;
    };
    let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let number = |ds: &[u8]| ds.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    let year = number(&[y0, y1, y2, y3]);
    Some(
        NaiveDate::from_ymd_opt(
            i32::try_from(year).ok()?,
            number(&[m0, m1]),
            number(&[d0, d1]),
        )
        .filter(|_| (1900..=2200).contains(&year)),
    )
}
