//! `koers check`: read and validate everything, render nothing, and end
//! with reconciliation totals per input file that the officer ticks off
//! against what each unit sent.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use anyhow::Result;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::core::Lang;
use crate::diagnostics::{Diagnostic, Severity};
use crate::intake::progress::{Action, FileKind, TablePlace};
use crate::intake::{Inputs, Source};
use crate::validate::{self, MissingTranslations};

/// What `check` found.
#[derive(Debug, Serialize)]
pub struct CheckReport {
    /// Every problem, sorted as a user reads them.
    pub diagnostics: Vec<Diagnostic>,
    /// What was read from each progress file, in path order.
    pub files: Vec<FileTotals>,
    /// Per year and plan language, the units' texts with no version in it.
    pub translations: Vec<YearTranslations>,
    /// Warnings and notes about years other than those asked for, which
    /// are not listed (errors are always listed).
    pub other_years: usize,
}

/// The texts of one year that one of the plan's languages lacks, per unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearTranslations {
    pub year: i32,
    pub lang: Lang,
    pub units: Vec<MissingTranslations>,
}

impl YearTranslations {
    /// A line per unit: `2024 fr, CS: 3 title(s), 4 comment(s)`.
    pub fn lines(&self) -> Vec<String> {
        self.units
            .iter()
            .map(|m| {
                let counts: Vec<String> = [
                    (m.titles, "title(s)"),
                    (m.comments, "comment(s)"),
                    (m.indicators, "KPI text(s)"),
                ]
                .into_iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, what)| format!("{n} {what}"))
                .collect();
                format!(
                    "{} {}, {}: {}",
                    self.year,
                    self.lang,
                    m.unit,
                    counts.join(", ")
                )
            })
            .collect()
    }
}

/// The reconciliation line of one input file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileTotals {
    /// The file, as diagnostics name it.
    pub file: String,
    /// The year folder it is in.
    #[serde(skip)]
    pub year: i32,
    /// Rows of data the file has below its header, whatever became of
    /// them: a row refused or skipped makes this differ from what was read.
    pub rows: usize,
    /// Actions read, or `None` for an indicators file.
    pub actions: Option<usize>,
    /// KPIs read, or `None` for an actions file.
    pub indicators: Option<usize>,
    /// Actions per unit id.
    pub units: BTreeMap<String, usize>,
    pub budget_planned: Decimal,
    pub budget_spent: Decimal,
}

impl FileTotals {
    /// `6 action(s) (U1: 3, U2: 3), budget planned 3501.5, spent 600; 6 row(s)
    /// in the file`; a workbook with both kinds names both.
    pub fn line(&self) -> String {
        let mut parts = Vec::new();
        if let Some(actions) = self.actions {
            let units: Vec<String> = self
                .units
                .iter()
                .map(|(unit, n)| format!("{unit}: {n}"))
                .collect();
            let units = match units.is_empty() {
                true => String::new(),
                false => format!(" ({})", units.join(", ")),
            };
            parts.push(format!(
                "{actions} action(s){units}, budget planned {}, spent {}",
                self.budget_planned.normalize(),
                self.budget_spent.normalize(),
            ));
        }
        if let Some(kpis) = self.indicators {
            parts.push(format!("{kpis} indicator(s)"));
        }
        match parts.is_empty() {
            true => format!("{}: nothing read", self.file),
            false => format!(
                "{}: {}; {} row(s) in the file",
                self.file,
                parts.join("; "),
                self.rows
            ),
        }
    }
}

/// Every problem in the inputs folder and what each file gave; with
/// `years`, the remarks and totals of those years only.
pub fn check(
    inputs: &Path,
    years: &[i32],
    limits: crate::intake::limits::Limits,
) -> Result<CheckReport> {
    let (loaded, mut diagnostics) = crate::intake::load(Source::dir(inputs, limits))?;
    // The reconciliation lines and the missing translations read the plan
    // and not the checks: they are made on a thread beside them (after
    // them, where no thread can be started).
    let summaries = || {
        let files = loaded.as_ref().map(reconcile).unwrap_or_default();
        let translations = loaded.as_ref().map(translations).unwrap_or_default();
        (files, translations)
    };
    let (mut files, mut translations) = std::thread::scope(|scope| {
        let beside = std::thread::Builder::new().spawn_scoped(scope, summaries);
        if let Some(loaded) = &loaded {
            diagnostics.extend(validate::validate(loaded, &[]));
            diagnostics.extend(crate::audit::approval_diagnostics(loaded));
            diagnostics.extend(years.iter().filter_map(|y| loaded.outside_plan(*y)));
        }
        match beside {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => summaries(),
        }
    });
    crate::diagnostics::sort(&mut diagnostics);
    let asked = |year: Option<i32>| years.is_empty() || year.is_none_or(|y| years.contains(&y));
    let before = diagnostics.len();
    diagnostics.retain(|d| d.severity == Severity::Error || asked(d.year_in(inputs)));
    let other_years = before - diagnostics.len();
    files.retain(|f| asked(Some(f.year)));
    translations.retain(|t| asked(Some(t.year)));
    // Freeing a large plan's texts takes as long as checking them did on
    // one core: it is done beside the report, not before it. (Where no
    // thread can be started, the plan is freed here, by the closure.)
    let _freed_beside = std::thread::Builder::new().spawn(move || drop(loaded));
    Ok(CheckReport {
        diagnostics,
        files,
        translations,
        other_years,
    })
}

fn translations(inputs: &Inputs) -> Vec<YearTranslations> {
    let framework = &inputs.framework;
    let mut found = Vec::new();
    for year in &inputs.years {
        for lang in &framework.plan.languages {
            let units = crate::validate::missing_translations(framework, year, *lang);
            if !units.is_empty() {
                found.push(YearTranslations {
                    year: year.year,
                    lang: *lang,
                    units,
                });
            }
        }
    }
    found
}

fn reconcile(inputs: &Inputs) -> Vec<FileTotals> {
    let mut files = Vec::new();
    for year in &inputs.years {
        // Rows grouped by file once: a year may have thousands of files,
        // and its rows share their table's place (compared by address, not
        // path by path).
        let mut by_table: HashMap<*const TablePlace, (&Path, Vec<&Action>)> = HashMap::new();
        for action in &year.actions {
            by_table
                .entry(Arc::as_ptr(&action.origin.table))
                .or_insert_with(|| (action.origin.file(), Vec::new()))
                .1
                .push(action);
        }
        let mut actions_of: BTreeMap<&Path, Vec<&Action>> = BTreeMap::new();
        for (file, actions) in by_table.into_values() {
            actions_of.entry(file).or_default().extend(actions);
        }
        let mut kpis_of: BTreeMap<&Path, usize> = BTreeMap::new();
        for kpi in &year.indicators {
            *kpis_of.entry(kpi.origin.file()).or_default() += 1;
        }
        for file in &year.files {
            let path = inputs.root.join(&file.path);
            let actions = actions_of.remove(path.as_path()).unwrap_or_default();
            let kpis = kpis_of.remove(path.as_path()).unwrap_or_default();
            let Some(rows) = file.rows else {
                continue;
            };
            let mut units: BTreeMap<&str, usize> = BTreeMap::new();
            for action in &actions {
                *units.entry(action.unit.as_str()).or_insert(0) += 1;
            }
            let units = units.into_iter().map(|(u, n)| (u.to_string(), n)).collect();
            // A file named or read as actions says how many it gave, even
            // none; KPIs are named when there are some (a unit's workbook
            // holds both) or when the file holds nothing else.
            let named_actions = FileKind::of_name(&file.path) == Some(FileKind::Actions);
            let is_actions = !actions.is_empty() || kpis == 0 || named_actions;
            let has_kpis = kpis > 0 || !is_actions;
            files.push(FileTotals {
                file: path.display().to_string(),
                year: year.year,
                rows,
                actions: is_actions.then_some(actions.len()),
                indicators: has_kpis.then_some(kpis),
                units,
                budget_planned: actions.iter().filter_map(|a| a.budget_planned).sum(),
                budget_spent: actions.iter().filter_map(|a| a.budget_spent).sum(),
            });
        }
    }
    files
}
