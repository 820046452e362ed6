//! The workbook a unit fills in (`koers sheets`): the surest way to get
//! data Koers reads exactly is to send units a sheet Koers wrote.
//!
//! The columns and their headers come from [`SheetColumn`], the reader's
//! own column list, whose headers the reader reads back by test; status words from [`Status::sheet_word`]; progress is
//! percent-formatted, which the reader takes cell by cell. Dropdown lists
//! keep statuses and objectives to what the reader accepts, and the
//! instructions are in the unit's own language, from the wording catalogs.

use anyhow::{Context, Result};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatBorder,
    Formula, ProtectionOptions, Workbook, Worksheet,
};

use crate::core::lang::Texts;
use crate::core::{Direction, Lang, Status};
use crate::i18n::Catalog;
use crate::intake::progress::{KpiColumn, SheetColumn};
use crate::model::framework::{Framework, Unit};
use crate::model::progress::{Action, Indicator};

mod sheets;
use sheets::*;

/// Empty rows below the filled ones that already carry the dropdowns and
/// formats, for new actions.
const NEW_ROWS: u32 = 200;

/// One row of a unit's actions sheet: an action carried over from last year
/// (progress and status left blank for the unit to update), or, in tests, a
/// row as a unit fills it in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SheetRow {
    pub id: String,
    pub objective: String,
    pub titles: Texts,
    pub unit: String,
    pub status: Option<Status>,
    /// 0–100.
    pub progress: Option<Decimal>,
    pub start: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub budget_planned: Option<Decimal>,
    pub budget_spent: Option<Decimal>,
    pub comments: Texts,
    /// Last year's comments, shown for reading beside this year's.
    pub previous_comments: Texts,
}

impl SheetRow {
    /// Last year's unfinished action as this year's starting row: every
    /// field it had but where it stood. Status and progress stay empty, so
    /// a sheet returned without an update is refused rather than read as
    /// last year's figures; the comment is the unit's to write again, with
    /// last year's beside it.
    pub fn carried(action: &Action) -> Self {
        SheetRow {
            id: action.id.clone(),
            objective: action.objective.clone(),
            titles: action.titles.clone(),
            unit: action.unit.clone(),
            status: None,
            progress: None,
            start: action.start,
            due: action.due,
            budget_planned: action.budget_planned,
            budget_spent: action.budget_spent,
            comments: Texts::default(),
            previous_comments: action.comments.clone(),
        }
    }

    /// An action the unit already sent for this year, in full, with
    /// `previous`'s comments (the same action last year) beside.
    pub fn current(action: &Action, previous: Option<&Action>) -> Self {
        SheetRow {
            status: Some(action.status),
            progress: Some(action.progress),
            comments: action.comments.clone(),
            previous_comments: previous.map(|p| p.comments.clone()).unwrap_or_default(),
            ..SheetRow::carried(action)
        }
    }
}

/// One row of a unit's indicators sheet: a KPI of an objective the unit
/// leads, its definition and target shown, its actual value and comment to
/// fill in (empty when carried over from last year).
#[derive(Debug, Clone, PartialEq)]
pub struct KpiRow {
    pub id: String,
    pub objective: String,
    pub names: Texts,
    pub measures: Texts,
    pub direction: Direction,
    pub baseline: Option<Decimal>,
    pub target: Option<Decimal>,
    pub actual: Option<Decimal>,
    pub comments: Texts,
}

impl KpiRow {
    /// A KPI as the year's sheet shows it; `keep_values` keeps its actual
    /// value and comment (this year's, already sent), otherwise they are
    /// left for the unit to fill in.
    pub fn of(kpi: &Indicator, keep_values: bool) -> Self {
        KpiRow {
            id: kpi.id.clone(),
            objective: kpi.objective.clone(),
            names: kpi.names.clone(),
            measures: kpi.measures.clone(),
            direction: kpi.direction,
            baseline: kpi.baseline,
            target: kpi.target,
            actual: kpi.actual.filter(|_| keep_values),
            comments: match keep_values {
                true => kpi.comments.clone(),
                false => Texts::default(),
            },
        }
    }
}

/// What one unit's workbook is made of.
pub struct UnitWorkbook<'a> {
    pub framework: &'a Framework,
    pub catalog: &'a Catalog,
    pub unit: &'a Unit,
    pub year: i32,
    /// The language of the sheet: its headers, words and instructions.
    pub lang: Lang,
    pub rows: &'a [SheetRow],
    /// The KPIs of the objectives the unit leads.
    pub kpis: &'a [KpiRow],
    /// The document's creation date (so the same inputs give the same bytes).
    pub created: NaiveDate,
}

/// The workbook's bytes (`.xlsx`).
pub fn unit_workbook(w: &UnitWorkbook) -> Result<Vec<u8>> {
    let text = |id: &str, args: &[(&str, &str)]| w.catalog.text(w.lang, id, args);
    let year = w.year.to_string();
    let previous = (w.year - 1).to_string();
    let instructions_name = sheet_name(&text("sheet-instructions-name", &[]));
    let actions_name = sheet_name(&text("sheet-actions-name", &[("year", &year)]));
    let objectives_name = sheet_name(&text("sheet-objectives-name", &[]));
    let indicators_name = sheet_name(&text("sheet-indicators-name", &[("year", &year)]));
    let unit_name = w.unit.name.get(w.lang).to_string();

    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(
        u16::try_from(w.created.year()).unwrap_or(2000),
        w.created.month() as u8,
        w.created.day() as u8,
    )?;
    let title = text("sheet-title", &[("year", &year), ("unit", &unit_name)]);
    book.set_properties(
        &DocProperties::new()
            .set_title(&title)
            .set_author("Koers")
            .set_creation_datetime(&created),
    );

    let mut lines = text(
        "sheet-instructions",
        &[
            ("year", &year),
            ("previous", &previous),
            ("actions", &actions_name),
            ("objectives", &objectives_name),
        ],
    );
    // The indicators sheet is only there for a unit that leads KPIs.
    if !w.kpis.is_empty() {
        lines.push('\n');
        lines.push_str(&text(
            "sheet-instructions-indicators",
            &[("indicators", &indicators_name)],
        ));
    }
    let sheet = book.add_worksheet();
    sheet.set_name(&instructions_name)?;
    instructions(sheet, &title, &lines)?;

    let objectives = unit_objectives(w);
    let sheet = book.add_worksheet();
    sheet.set_name(&actions_name)?;
    actions(sheet, w, &objectives_name, objectives.len())?;

    if !w.kpis.is_empty() {
        let sheet = book.add_worksheet();
        sheet.set_name(&indicators_name)?;
        indicators(sheet, w.lang, &w.framework.plan.languages, w.kpis)?;
    }

    let sheet = book.add_worksheet();
    sheet.set_name(&objectives_name)?;
    objectives_sheet(sheet, w, &objectives)?;

    book.save_to_buffer().context("cannot write the workbook")
}

/// The workbook of the KPIs no unit leads (those of strategic objectives),
/// for the officer to fill in: `indicators.xlsx`, in the plan's first
/// language.
pub fn plan_kpi_workbook(
    framework: &Framework,
    catalog: &Catalog,
    year: i32,
    kpis: &[KpiRow],
    created: NaiveDate,
) -> Result<Vec<u8>> {
    let lang = framework.first_language();
    let year_text = year.to_string();
    let name = sheet_name(&catalog.text(lang, "sheet-indicators-name", &[("year", &year_text)]));
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(
        u16::try_from(created.year()).unwrap_or(2000),
        created.month() as u8,
        created.day() as u8,
    )?;
    book.set_properties(
        &DocProperties::new()
            .set_title(&name)
            .set_author("Koers")
            .set_creation_datetime(&created),
    );
    let sheet = book.add_worksheet();
    sheet.set_name(&name)?;
    indicators(sheet, lang, &framework.plan.languages, kpis)?;
    book.save_to_buffer().context("cannot write the workbook")
}

/// Sheet names may not hold `: \ / ? * [ ]` and are at most 31 characters.
pub(super) fn sheet_name(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, ':' | '\\' | '/' | '?' | '*' | '[' | ']'))
        .take(31)
        .collect()
}

pub(super) fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color("#DCE6F0")
        .set_border_bottom(FormatBorder::Thin)
        .set_text_wrap()
}

fn instructions(sheet: &mut Worksheet, title: &str, lines: &str) -> Result<()> {
    const WIDTH: usize = 100;
    sheet.set_column_width(0, WIDTH as f64)?;
    sheet.write_string_with_format(0, 0, title, &Format::new().set_bold().set_font_size(14))?;
    sheet.set_row_height(0, 22)?;
    sheet.set_print_fit_to_pages(1, 0);
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    for (row, line) in (2u32..).zip(lines.lines()) {
        sheet.write_string_with_format(row, 0, line, &wrap)?;
        // Neither Excel nor LibreOffice grows a row to its wrapped text on
        // opening, so the height is set from the line's length.
        let wrapped = line.chars().count().div_ceil(WIDTH - 10).max(1);
        sheet.set_row_height(row, 15.0 * wrapped as f64)?;
    }
    Ok(())
}

/// Every operational objective of the plan (id, title, strategic
/// objective), the unit's own first: a unit's actions may serve an
/// objective another unit leads, and the list must take every id the
/// reader accepts.
fn unit_objectives(w: &UnitWorkbook) -> Vec<[String; 3]> {
    let fw = w.framework;
    let own =
        |o: &&crate::model::framework::OperationalObjective| o.unit.as_str() == w.unit.id.as_str();
    let list = fw
        .operational_objectives
        .iter()
        .filter(own)
        .chain(fw.operational_objectives.iter().filter(|o| !own(o)));
    list.map(|o| {
        let strategic = fw
            .strategic_objective(o.strategic_objective.as_str())
            .map(|s| format!("{} — {}", s.id.as_str(), s.title.get(w.lang)))
            .unwrap_or_else(|| o.strategic_objective.as_str().to_string());
        [
            o.id.as_str().to_string(),
            o.title.get(w.lang).to_string(),
            strategic,
        ]
    })
    .collect()
}

fn objectives_sheet(sheet: &mut Worksheet, w: &UnitWorkbook, rows: &[[String; 3]]) -> Result<()> {
    let head = header_format();
    let labels = w.catalog.labels(w.lang);
    let label = |id: &str| labels.get(id).cloned().unwrap_or_else(|| id.to_string());
    for (col, (id, width)) in [
        ("id", 12.0),
        ("operational_objective", 70.0),
        ("strategic_objective", 70.0),
    ]
    .into_iter()
    .enumerate()
    {
        let col = col as u16;
        sheet.set_column_width(col, width)?;
        sheet.write_string_with_format(0, col, label(id), &head)?;
    }
    for (row, values) in (1u32..).zip(rows) {
        for (col, value) in (0u16..).zip(values) {
            sheet.write_string(row, col, value)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}
