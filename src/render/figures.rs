//! The computed figures of a year as a workbook, for the website and the
//! minister's office: progress, status counts and budget per priority,
//! objective and unit, and the KPIs with their judgement.
//!
//! Written from the organisation report's model, the very values its PDF
//! prints (progress already rounded as printed, budgets exact and shown to
//! the euro as the PDF rounds them), so the two can never disagree. Headers
//! are the report's own labels, in its language. The workbook is attached
//! to the reports of its year and language and written beside them.

use anyhow::{Context, Result};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};

use super::workbook::{header_format, sheet_name};
use crate::report::model::{Budget, Progress, Report};

/// The figures of `model`, an organisation report's, dated `date` (the
/// reports' document date, never the clock: the same data gives the same
/// bytes).
pub fn figures_workbook(model: &Report, date: NaiveDate) -> Result<Vec<u8>> {
    let label = |key: &str| model.label(key);
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(
        u16::try_from(date.year()).unwrap_or(2000),
        date.month() as u8,
        date.day() as u8,
    )?;
    let title = format!(
        "{} — {} {}",
        model.plan.organisation,
        label("progress_report"),
        model.year
    );
    book.set_properties(
        &DocProperties::new()
            .set_title(&title)
            .set_author(&model.plan.organisation)
            .set_creation_datetime(&created),
    );
    // Every status the report counts, in its order, as columns.
    let statuses: Vec<String> = model
        .summary
        .progress
        .by_status
        .iter()
        .map(|s| s.label.clone())
        .collect();
    let common = |first: &[String]| -> Vec<String> {
        let mut headers = first.to_vec();
        headers.extend([
            label("actions"),
            format!("{} (%)", label("progress")),
            label("rag"),
        ]);
        headers.extend(statuses.iter().cloned());
        headers.extend([label("budget_planned"), label("budget_spent")]);
        headers
    };

    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(&label("progress_report")))?;
    about(sheet, model, &title)?;

    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(&label("priorities")))?;
    let mut table = Table::new(sheet, &common(&[label("id"), label("title")]))?;
    for p in &model.priorities {
        table.text(&p.id)?;
        table.text(&p.title)?;
        table.figures(&p.progress, &p.budget)?;
    }

    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(&label("objectives")))?;
    let mut table = Table::new(
        sheet,
        &common(&[
            label("objective_level"),
            label("id"),
            label("priorities"),
            label("strategic_objective"),
            label("title"),
            label("lead_unit"),
        ]),
    )?;
    // A strategic objective serving several priorities is in the model
    // under each: one row, naming them all.
    let mut seen: Vec<&str> = Vec::new();
    for p in &model.priorities {
        for so in &p.strategic_objectives {
            if seen.contains(&so.id.as_str()) {
                continue;
            }
            seen.push(&so.id);
            let serves: Vec<&str> = model
                .priorities
                .iter()
                .filter(|q| q.strategic_objectives.iter().any(|s| s.id == so.id))
                .map(|q| q.id.as_str())
                .collect();
            table.text(&label("strategic_objective"))?;
            table.text(&so.id)?;
            table.text(&serves.join(", "))?;
            table.text("")?;
            table.text(&so.title)?;
            table.text("")?;
            table.figures(&so.progress, &so.budget)?;
            for oo in &so.operational_objectives {
                table.text(&label("operational_objective"))?;
                table.text(&oo.id)?;
                table.text(&serves.join(", "))?;
                table.text(&so.id)?;
                table.text(&oo.title)?;
                table.text(&oo.unit)?;
                table.figures(&oo.progress, &oo.budget)?;
            }
        }
    }

    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(&label("units")))?;
    let mut table = Table::new(sheet, &common(&[label("id"), label("unit")]))?;
    for u in &model.units {
        table.text(&u.id)?;
        table.text(&u.name)?;
        table.figures(&u.progress, &u.budget)?;
    }

    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(&label("kpis")))?;
    let mut table = Table::new(
        sheet,
        &[
            label("kpi"),
            label("objective_level"),
            label("title"),
            label("measure"),
            label("direction"),
            label("baseline"),
            label("target"),
            label("actual"),
            label("rag"),
        ],
    )?;
    for k in &model.indicators {
        table.text(&k.id)?;
        table.text(&k.objective_id)?;
        table.text(&k.name)?;
        table.text(&k.measure)?;
        table.text(&k.direction_label)?;
        table.value(k.baseline)?;
        table.value(k.target)?;
        table.value(k.actual)?;
        table.text(k.rag.as_ref().map_or("", |r| r.label.as_str()))?;
    }
    book.save_to_buffer()
        .context("cannot write the figures workbook")
}

/// The first sheet: what the figures are, of what, as of when, in which
/// state, and the rules that compute them.
fn about(sheet: &mut Worksheet, model: &Report, title: &str) -> Result<()> {
    let label = |key: &str| model.label(key);
    let bold = Format::new().set_bold();
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(1, 100)?;
    sheet.write_string_with_format(0, 0, title, &bold.clone().set_font_size(14))?;
    let state = match model.state.is_final() {
        true => label("final"),
        false => label("draft"),
    };
    let rows = [
        (label("scope"), model.scope.name.clone()),
        (label("as_of"), model.as_of.clone()),
        (label("status"), state),
        (label("fingerprint"), model.signoff.fingerprint.clone()),
        (label("figures_note"), String::new()),
        (label("rules_annex"), label("rule_progress")),
        (String::new(), label("rule_group")),
        (String::new(), label("rule_kpi")),
        (String::new(), label("rule_budget")),
        (String::new(), label("rule_budget_priority")),
    ];
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    for (i, (key, value)) in rows.iter().enumerate() {
        let row = 2 + i as u32;
        sheet.write_string_with_format(row, 0, key, &bold)?;
        sheet.write_string_with_format(row, 1, value, &wrap)?;
    }
    Ok(())
}

/// A sheet filled row by row, left to right.
struct Table<'a> {
    sheet: &'a mut Worksheet,
    row: u32,
    column: u16,
    width: u16,
}

impl<'a> Table<'a> {
    fn new(sheet: &'a mut Worksheet, headers: &[String]) -> Result<Self> {
        let header = header_format();
        for (column, text) in headers.iter().enumerate() {
            let column = u16::try_from(column)?;
            sheet.write_string_with_format(0, column, text, &header)?;
            sheet.set_column_width(column, if column < 2 { 14 } else { 16 })?;
        }
        sheet.set_freeze_panes(1, 0)?;
        let width = u16::try_from(headers.len())?;
        sheet.autofilter(0, 0, 0, width.saturating_sub(1))?;
        Ok(Self {
            sheet,
            row: 0,
            column: width,
            width,
        })
    }

    /// The next cell's place: a new row after the last column.
    fn next(&mut self) -> (u32, u16) {
        if self.column >= self.width {
            self.row += 1;
            self.column = 0;
        }
        self.column += 1;
        (self.row, self.column - 1)
    }

    fn text(&mut self, text: &str) -> Result<()> {
        let (row, column) = self.next();
        if !text.is_empty() {
            self.sheet.write_string(row, column, text)?;
        }
        Ok(())
    }

    fn number(&mut self, value: Option<f64>, format: &str) -> Result<()> {
        let (row, column) = self.next();
        if let Some(value) = value {
            self.sheet.write_number_with_format(
                row,
                column,
                value,
                &Format::new().set_num_format(format),
            )?;
        }
        Ok(())
    }

    fn value(&mut self, value: Option<f64>) -> Result<()> {
        self.number(value, "General")
    }

    fn count(&mut self, count: usize) -> Result<()> {
        // Counts of a report are far below 2^53: exact as a number.
        self.number(Some(count as f64), "0")
    }

    /// Actions, progress (as printed: one decimal), RAG, the count per
    /// status, and the budget (exact, shown to the euro as printed).
    fn figures(&mut self, progress: &Progress, budget: &Budget) -> Result<()> {
        self.count(progress.actions)?;
        self.number(progress.value, "0.0")?;
        self.text(progress.rag.as_ref().map_or("", |r| r.label.as_str()))?;
        for status in &progress.by_status {
            self.count(status.count)?;
        }
        self.number(Some(budget.planned), "#,##0")?;
        self.number(Some(budget.spent), "#,##0")
    }
}
