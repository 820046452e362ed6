//! `koers sheets --year Y`: one workbook per unit to send out for a year's
//! progress data, in the unit's language, with last year's unfinished
//! actions already in it. A sheet Koers wrote is a sheet Koers reads back
//! exactly: the headers, status words and percent format are its own.

use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::NaiveDate;

use crate::core::Lang;
use crate::core::Status;
use crate::core::files::write_atomically;
use crate::core::text::natural_cmp;
use crate::diagnostics::{self, Diagnostic};
use crate::i18n::Catalog;
use crate::intake::{Inputs, Source};
use crate::render::workbook::{KpiRow, SheetRow, UnitWorkbook, plan_kpi_workbook, unit_workbook};
use crate::validate;

/// The checked options of `koers sheets`.
#[derive(Debug, Clone)]
pub struct SheetsConfig {
    pub inputs: PathBuf,
    /// What the inputs are read within.
    pub limits: crate::intake::limits::Limits,
    pub year: i32,
    /// Where the workbooks go (created if missing).
    pub output: PathBuf,
    /// The workbooks' creation date.
    pub date: NaiveDate,
}

/// One workbook written.
#[derive(Debug, Clone, PartialEq)]
pub struct WrittenSheet {
    pub path: PathBuf,
    pub unit: String,
    pub lang: Lang,
    /// Rows already in the sheet.
    pub rows: usize,
    /// Whether those rows are this year's data (the unit already sent some)
    /// rather than last year's unfinished actions.
    pub current: bool,
    /// KPIs in its indicators sheet.
    pub kpis: usize,
}

pub enum SheetsOutcome {
    /// The inputs have errors, or the year is outside the plan: nothing
    /// was written.
    Invalid(Vec<Diagnostic>),
    Written(Vec<WrittenSheet>),
}

/// The steps: read and check the plan, pick each unit's rows, write its
/// workbook.
pub fn sheets(config: &SheetsConfig) -> Result<SheetsOutcome> {
    let (inputs, mut diags) =
        validate::load_and_validate(Source::dir(&config.inputs, config.limits), &[])?;
    // The year being collected may have a folder without actions yet (its
    // indicators, say): that is the state sheets are written for.
    if let Some(year) = inputs.as_ref().and_then(|i| i.year(config.year)) {
        let expected = crate::intake::no_actions_file(&year.dir, config.year);
        diags.retain(|d| *d != expected);
    }
    let Some(inputs) = inputs.filter(|_| !diagnostics::has_errors(&diags)) else {
        return Ok(SheetsOutcome::Invalid(diags));
    };
    if let Some(outside) = inputs.outside_plan(config.year) {
        return Ok(SheetsOutcome::Invalid(vec![outside]));
    }
    let catalog = Catalog::builtin();
    std::fs::create_dir_all(&config.output)
        .map_err(|e| anyhow::anyhow!("cannot create `{}`: {e}", config.output.display()))?;
    let mut written = Vec::new();
    for unit in &inputs.framework.units {
        let (rows, current) = unit_rows(&inputs, config.year, unit.id.as_str());
        let kpis = unit_kpis(&inputs, config.year, Some(unit.id.as_str()));
        let lang = inputs.framework.unit_language(unit);
        let bytes = unit_workbook(&UnitWorkbook {
            framework: &inputs.framework,
            catalog: &catalog,
            unit,
            year: config.year,
            lang,
            rows: &rows,
            kpis: &kpis,
            created: config.date,
        })?;
        let path = config.output.join(file_name(unit.id.as_str()));
        write_atomically(&path, &bytes)?;
        written.push(WrittenSheet {
            path,
            unit: unit.id.as_str().to_string(),
            lang,
            rows: rows.len(),
            current,
            kpis: kpis.len(),
        });
    }
    // The KPIs no unit leads (of strategic objectives): the officer's own
    // workbook, so the year's KPIs can all come from workbooks.
    let plan_kpis = unit_kpis(&inputs, config.year, None);
    if !plan_kpis.is_empty() {
        let bytes = plan_kpi_workbook(
            &inputs.framework,
            &catalog,
            config.year,
            &plan_kpis,
            config.date,
        )?;
        let path = config.output.join("indicators.xlsx");
        write_atomically(&path, &bytes)?;
        written.push(WrittenSheet {
            path,
            unit: String::new(),
            lang: inputs.framework.first_language(),
            rows: 0,
            current: false,
            kpis: plan_kpis.len(),
        });
    }
    Ok(SheetsOutcome::Written(written))
}

/// `actions-DVZ.xlsx`: a name the year folder recognises as the unit's
/// actions file.
pub fn file_name(unit: &str) -> String {
    format!("actions-{unit}.xlsx")
}

/// The unit's rows: what it already sent for `year`, in full; otherwise
/// last year's actions that were neither completed nor cancelled.
fn unit_rows(inputs: &Inputs, year: i32, unit: &str) -> (Vec<SheetRow>, bool) {
    let of_unit = |y: i32| -> Vec<&crate::intake::progress::Action> {
        let mut actions: Vec<_> = inputs
            .year(y)
            .map(|d| d.actions.iter().filter(|a| a.unit == unit).collect())
            .unwrap_or_default();
        actions.sort_by(|a, b| natural_cmp(&a.id, &b.id));
        actions
    };
    let current = of_unit(year);
    if !current.is_empty() {
        let previous = of_unit(year - 1);
        let rows = current
            .into_iter()
            .map(|a| SheetRow::current(a, previous.iter().find(|p| p.id == a.id).copied()))
            .collect();
        return (rows, true);
    }
    let rows = of_unit(year - 1)
        .into_iter()
        .filter(|a| !matches!(a.status, Status::Completed | Status::Cancelled))
        .map(SheetRow::carried)
        .collect();
    (rows, false)
}

/// The KPIs of the objectives `unit` leads (`None`: the KPIs no unit
/// leads): this year's as sent, or else last year's with their actual
/// value and comment left to fill in.
fn unit_kpis(inputs: &Inputs, year: i32, unit: Option<&str>) -> Vec<KpiRow> {
    let led = |objective: &str| {
        inputs
            .framework
            .operational_objective(objective)
            .map(|o| o.unit.as_str())
            == unit
    };
    let of_year = |y: i32| -> Vec<&crate::intake::progress::Indicator> {
        let mut kpis: Vec<_> = inputs
            .year(y)
            .map(|d| d.indicators.iter().filter(|k| led(&k.objective)).collect())
            .unwrap_or_default();
        kpis.sort_by(|a, b| natural_cmp(&a.id, &b.id));
        kpis
    };
    let current = of_year(year);
    if !current.is_empty() {
        return current.into_iter().map(|k| KpiRow::of(k, true)).collect();
    }
    of_year(year - 1)
        .into_iter()
        .map(|k| KpiRow::of(k, false))
        .collect()
}

/// The default output folder: `output/sheets/<year>`.
pub fn default_output(output_root: &Path, year: i32) -> PathBuf {
    output_root.join("sheets").join(year.to_string())
}
