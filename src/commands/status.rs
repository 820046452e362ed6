//! `koers status --year Y`: where the yearly round stands. The officer sends
//! a workbook to every unit; this says which units have sent their data,
//! which files came back and when they last changed, how many of their rows
//! were read or refused, how many of their KPIs have an actual value, and
//! whether the year's approvals are current: the view that otherwise lives
//! in a spreadsheet of the officer's own.

use std::collections::BTreeSet;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::Serialize;

use crate::audit;
use crate::core::{ReportState, Standing};
use crate::diagnostics::{Diagnostic, Severity};
use crate::intake::{Inputs, Source, YearData};
use crate::render::Templates;
use crate::validate;

/// The checked options of `koers status`.
#[derive(Debug, Clone)]
pub struct StatusConfig {
    pub inputs: PathBuf,
    /// What the inputs are read within.
    pub limits: crate::intake::limits::Limits,
    pub year: i32,
    /// The templates the reports are built with (their fingerprint is part
    /// of what is approved); the built-in ones when `None`.
    pub templates: Option<PathBuf>,
}

pub enum StatusOutcome {
    /// The inputs cannot be read at all (a framework error), or the year is
    /// outside the plan.
    Invalid(Vec<Diagnostic>),
    Round(RoundStatus),
}

/// Where one year's round stands.
#[derive(Debug, Clone, Serialize)]
pub struct RoundStatus {
    pub year: i32,
    /// Every unit of the framework, in its order.
    pub units: Vec<UnitReturn>,
    /// Data files of the year folder that hold no unit's actions and name
    /// no unit: a KPI file for the whole organisation, or a file that could
    /// not be read.
    pub unassigned: Vec<ReturnedFile>,
    /// DRAFT or FINAL, as a build would make the year's reports now.
    pub state: ReportState,
    pub approvals: Vec<ApprovalLine>,
    /// Errors and warnings about the year, as `koers check --year` lists.
    pub errors: usize,
    pub warnings: usize,
}

/// What one unit has sent.
#[derive(Debug, Clone, Serialize)]
pub struct UnitReturn {
    pub unit: String,
    /// The files holding its rows (or named after it).
    pub files: Vec<ReturnedFile>,
    /// Its actions read.
    pub actions: usize,
    /// KPIs of the objectives it leads, and how many have an actual value.
    pub kpis: usize,
    pub kpis_with_actual: usize,
    /// Errors and warnings about its data or its files.
    pub errors: usize,
    pub warnings: usize,
}

impl UnitReturn {
    pub fn has_sent(&self) -> bool {
        !self.files.is_empty()
    }
}

/// A data file of the year folder.
#[derive(Debug, Clone, Serialize)]
pub struct ReturnedFile {
    /// Relative to the inputs folder.
    pub path: String,
    /// When it last changed (UTC), as the file system says.
    pub modified: Option<String>,
    /// Rows below the header, when the file could be read as a table.
    pub rows: Option<usize>,
    /// Rows refused or skipped: the file's rows not read as actions or KPIs.
    pub refused: Option<usize>,
}

/// One approver's standing for the year's current data.
#[derive(Debug, Clone, Serialize)]
pub struct ApprovalLine {
    pub name: String,
    pub standing: Standing,
}

/// The steps: read and check the inputs, find the year, sum up each unit's
/// files and rows, judge the approvals.
pub fn status(config: &StatusConfig) -> Result<StatusOutcome> {
    let (inputs, diags) =
        validate::load_and_validate(Source::dir(&config.inputs, config.limits), &[])?;
    let Some(inputs) = inputs else {
        return Ok(StatusOutcome::Invalid(diags));
    };
    if let Some(outside) = inputs.outside_plan(config.year) {
        return Ok(StatusOutcome::Invalid(vec![outside]));
    }
    let templates = match &config.templates {
        Some(dir) => Templates::from_dir(dir)?,
        None => Templates::builtin(),
    };
    let year = inputs.year(config.year);
    let about_year: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.year_in(&inputs.root) == Some(config.year))
        .collect();
    let files = data_files(&inputs, config.year, year);
    let mut units = Vec::new();
    let mut assigned = BTreeSet::new();
    for unit in &inputs.framework.units {
        let id = unit.id.as_str();
        let mine: Vec<ReturnedFile> = files
            .iter()
            .filter(|(_, of)| of.contains(id))
            .map(|(file, _)| file.clone())
            .collect();
        assigned.extend(mine.iter().map(|f| f.path.clone()));
        let led = |objective: &str| {
            inputs
                .framework
                .operational_objective(objective)
                .is_some_and(|o| o.unit.as_str() == id)
        };
        let kpis: Vec<_> = year
            .map(|y| y.indicators.iter().filter(|k| led(&k.objective)).collect())
            .unwrap_or_default();
        let count = |severity: Severity| {
            about_year
                .iter()
                .filter(|d| d.severity == severity)
                .filter(|d| {
                    d.unit.as_deref() == Some(id)
                        || mine
                            .iter()
                            .any(|f| d.file == inputs.root.join(&f.path) && d.unit.is_none())
                })
                .count()
        };
        units.push(UnitReturn {
            unit: id.to_string(),
            actions: year.map_or(0, |y| y.actions.iter().filter(|a| a.unit == id).count()),
            kpis: kpis.len(),
            kpis_with_actual: kpis.iter().filter(|k| k.actual.is_some()).count(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            files: mine,
        });
    }
    let unassigned = files
        .into_iter()
        .map(|(file, _)| file)
        .filter(|f| !assigned.contains(&f.path))
        .collect();
    let (state, approvals) = match year {
        Some(year) => {
            let status = audit::year_status(&inputs, year, &templates.audit_files(), None);
            let approvals = status
                .approvers
                .iter()
                .map(|a| ApprovalLine {
                    name: a.name.clone(),
                    standing: a.standing,
                })
                .collect();
            (status.state, approvals)
        }
        None => (ReportState::Draft, Vec::new()),
    };
    Ok(StatusOutcome::Round(RoundStatus {
        year: config.year,
        units,
        unassigned,
        state,
        approvals,
        errors: about_year
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count(),
        warnings: about_year
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count(),
    }))
}

/// Every data file of the year folder (read or not), with the units whose
/// rows it holds or whose id its name carries (`actions-DVZ.xlsx`).
fn data_files(
    inputs: &Inputs,
    year: i32,
    data: Option<&YearData>,
) -> Vec<(ReturnedFile, BTreeSet<String>)> {
    let dir = inputs.root.join(year.to_string());
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|name| crate::intake::is_data_file(name))
        .collect();
    names.sort();
    let unit_ids: Vec<&str> = inputs
        .framework
        .units
        .iter()
        .map(|u| u.id.as_str())
        .collect();
    // Per file, the units of its actions and the rows it gave: one pass over
    // the year's rows, whatever the number of files.
    let mut by_file: HashMap<&Path, (BTreeSet<String>, usize)> = HashMap::new();
    let read_files: HashMap<&str, &crate::intake::InputFile> = data
        .map(|d| d.files.iter().map(|f| (f.path.as_str(), f)).collect())
        .unwrap_or_default();
    if let Some(d) = data {
        for a in &d.actions {
            let (units, taken) = by_file.entry(a.origin.file()).or_default();
            if !units.contains(&a.unit) {
                units.insert(a.unit.clone());
            }
            *taken += 1;
        }
        for k in &d.indicators {
            by_file.entry(k.origin.file()).or_default().1 += 1;
        }
    }
    names
        .into_iter()
        .map(|name| {
            let relative = format!("{year}/{name}");
            let path = dir.join(&name);
            let read = read_files.get(relative.as_str());
            let (mut units, taken) = by_file.get(path.as_path()).cloned().unwrap_or_default();
            // A file named after a unit is that unit's, read or not:
            // `actions-DG-IT.xlsx` (as `koers sheets` names it) or a name
            // with the id as a word of its own (`Acties DVZ 2024.xlsx`).
            let stem = name
                .rsplit_once('.')
                .map_or(name.as_str(), |(stem, _)| stem);
            let after_kind = stem.split_once('-').map(|(_, rest)| rest);
            let named = unit_ids
                .iter()
                .find(|id| after_kind.is_some_and(|rest| rest.eq_ignore_ascii_case(id)))
                .or_else(|| {
                    let words: Vec<&str> = stem.split(|c: char| !c.is_alphanumeric()).collect();
                    unit_ids
                        .iter()
                        .find(|id| words.iter().any(|w| w.eq_ignore_ascii_case(id)))
                });
            if let Some(id) = named {
                units.insert(id.to_string());
            }
            let modified = std::fs::metadata(&path)
                .and_then(|m| m.modified())
                .ok()
                .map(|t| {
                    chrono::DateTime::<chrono::Utc>::from(t)
                        .format("%Y-%m-%d %H:%M UTC")
                        .to_string()
                });
            let rows = read.and_then(|f| f.rows);
            let file = ReturnedFile {
                path: relative,
                modified,
                rows,
                refused: rows.map(|r| r.saturating_sub(taken)),
            };
            (file, units)
        })
        .collect()
}
