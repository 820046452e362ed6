//! What changed between two states of a year's data,
//! so an approver asked to sign again sees what they are signing now. Each
//! side is an inputs folder or a report PDF (whose attachments are the data
//! it was built from): actions and KPIs added and removed, and field by
//! field (old → new), the plan's and the template's files that changed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use crate::audit::fingerprint::parse_lines;
use crate::core::sha256_hex;
use crate::intake::limits::Limits;
use crate::intake::{Inputs, Source};
use crate::render::Templates;
use crate::validate;

/// One side of a comparison, loaded.
struct Side {
    name: String,
    inputs: Inputs,
    /// `<path>` → SHA-256 of every file, template files as `template/<name>`.
    files: BTreeMap<String, String>,
    /// The year a report is of.
    report_year: Option<i32>,
}

/// What changed, for people and programs alike.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Diff {
    pub old: String,
    pub new: String,
    pub year: i32,
    /// Files (inputs of this and earlier years, the framework, template
    /// files) added, removed or changed, by path.
    pub files: Vec<Change>,
    pub actions: Records,
    pub indicators: Records,
}

#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Records {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// Per id, the fields that differ.
    pub changed: Vec<Changed>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Changed {
    pub id: String,
    pub changes: Vec<Change>,
}

/// One thing that differs: what, and its old and new value (absent when
/// there was none).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change {
    pub what: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
            && self.actions == Records::default()
            && self.indicators == Records::default()
    }

    /// The summary as lines.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![format!("{} → {} ({})", self.old, self.new, self.year)];
        if self.is_empty() {
            lines.push("  nothing changed".into());
            return lines;
        }
        for change in &self.files {
            lines.push(format!("  file {}: {}", change.what, change.describe()));
        }
        for (kind, records) in [("action", &self.actions), ("KPI", &self.indicators)] {
            for id in &records.added {
                lines.push(format!("  {kind} {id}: added"));
            }
            for id in &records.removed {
                lines.push(format!("  {kind} {id}: removed"));
            }
            for changed in &records.changed {
                for change in &changed.changes {
                    lines.push(format!(
                        "  {kind} {}, {}: {}",
                        changed.id,
                        change.what,
                        change.describe()
                    ));
                }
            }
        }
        lines
    }
}

impl Change {
    fn describe(&self) -> String {
        match (&self.old, &self.new) {
            (Some(old), Some(new)) => format!("{old} → {new}"),
            (None, Some(new)) => format!("(none) → {new}"),
            (Some(old), None) => format!("{old} → (none)"),
            (None, None) => "changed".into(),
        }
    }
}

/// Compares two states: each an inputs folder or a report PDF. `year`
/// defaults to the report's year, else the latest year both have.
pub fn diff(
    old: &Path,
    new: &Path,
    year: Option<i32>,
    templates: Option<&Path>,
    limits: Limits,
) -> Result<Diff> {
    let old = side(old, templates, limits)?;
    let new = side(new, templates, limits)?;
    let year = match year.or(old.report_year).or(new.report_year) {
        Some(year) => year,
        None => old
            .inputs
            .years
            .iter()
            .map(|y| y.year)
            .filter(|y| new.inputs.year(*y).is_some())
            .max()
            .context("the two sides have no year in common: give --year")?,
    };
    let files = file_changes(&old.files, &new.files, year);
    let records = |side: &Side, kind: bool| -> BTreeMap<String, serde_json::Value> {
        let Some(data) = side.inputs.year(year) else {
            return BTreeMap::new();
        };
        let values: Vec<(String, serde_json::Value)> = match kind {
            true => data
                .actions
                .iter()
                .map(|a| (a.id.clone(), serde_json::to_value(a).unwrap_or_default()))
                .collect(),
            false => data
                .indicators
                .iter()
                .map(|k| (k.id.clone(), serde_json::to_value(k).unwrap_or_default()))
                .collect(),
        };
        values.into_iter().collect()
    };
    let actions = compare(&records(&old, true), &records(&new, true));
    let indicators = compare(&records(&old, false), &records(&new, false));
    Ok(Diff {
        old: old.name,
        new: new.name,
        year,
        files,
        actions,
        indicators,
    })
}

fn side(path: &Path, templates: Option<&Path>, limits: Limits) -> Result<Side> {
    let name = path.display().to_string();
    if path.is_dir() {
        let (inputs, diags) = validate::load_and_validate(Source::dir(path, limits), &[])?;
        let inputs = inputs.with_context(|| {
            let first = diags.iter().find(|d| d.is_error()).map(|d| d.to_string());
            format!("{name} does not load: {}", first.unwrap_or_default())
        })?;
        let templates = match templates {
            Some(dir) => Templates::from_dir(dir)?,
            None => Templates::builtin(),
        };
        let mut files: BTreeMap<String, String> = inputs
            .plan_files()
            .chain(inputs.years.iter().flat_map(|y| &y.files))
            .map(|f| (f.path.clone(), f.sha256().to_string()))
            .collect();
        for (file, bytes) in templates.files() {
            files.insert(format!("template/{file}"), sha256_hex(bytes));
        }
        return Ok(Side {
            name,
            inputs,
            files,
            report_year: None,
        });
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {name}"))?;
    let (sources, record) = super::attached_sources(&bytes)
        .with_context(|| format!("{name} is not a Koers report with its sources attached"))?;
    let inputs_only: BTreeMap<String, Vec<u8>> = sources
        .into_iter()
        .filter_map(|(key, bytes)| Some((key.strip_prefix("inputs/")?.to_string(), bytes)))
        .collect();
    let source = Source::memory(Path::new("attached inputs"), &inputs_only, limits);
    let (inputs, _) = validate::load_and_validate(source, &[])?;
    let mut inputs =
        inputs.with_context(|| format!("the sources attached to {name} do not load"))?;
    inputs.root = PathBuf::from(&name);
    Ok(Side {
        name,
        inputs,
        files: parse_lines(&record.fingerprint_lines),
        report_year: Some(record.year),
    })
}

/// Files of the years up to `year` (and the framework and template) that
/// differ; later years do not make a report of `year`.
fn file_changes(
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
    year: i32,
) -> Vec<Change> {
    let counts = |path: &str| {
        path.split_once('/')
            .and_then(|(dir, _)| dir.parse::<i32>().ok())
            .is_none_or(|y| y <= year)
    };
    let mut paths: Vec<&String> = old.keys().chain(new.keys()).filter(|p| counts(p)).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter(|p| old.get(*p) != new.get(*p))
        .map(|p| Change {
            what: p.clone(),
            old: old
                .get(p)
                .map(|h| format!("SHA-256 {}…", h.get(..12).unwrap_or(h))),
            new: new
                .get(p)
                .map(|h| format!("SHA-256 {}…", h.get(..12).unwrap_or(h))),
        })
        .collect()
}

/// Records by id: added, removed, and per changed id the fields that differ
/// (where they were read from does not count).
fn compare(
    old: &BTreeMap<String, serde_json::Value>,
    new: &BTreeMap<String, serde_json::Value>,
) -> Records {
    let mut records = Records {
        added: new
            .keys()
            .filter(|id| !old.contains_key(*id))
            .cloned()
            .collect(),
        removed: old
            .keys()
            .filter(|id| !new.contains_key(*id))
            .cloned()
            .collect(),
        changed: Vec::new(),
    };
    for (id, before) in old {
        let Some(after) = new.get(id) else { continue };
        let fields = |v: &serde_json::Value| -> BTreeMap<String, serde_json::Value> {
            v.as_object()
                .map(|o| {
                    o.iter()
                        .filter(|(k, _)| *k != "origin")
                        .flat_map(|(k, v)| match v.as_object() {
                            // Texts per language: one field each.
                            Some(per_lang) => per_lang
                                .iter()
                                .map(|(lang, t)| (format!("{k}.{lang}"), t.clone()))
                                .collect::<Vec<_>>(),
                            None => vec![(k.clone(), v.clone())],
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let (before, after) = (fields(before), fields(after));
        let mut keys: Vec<&String> = before.keys().chain(after.keys()).collect();
        keys.sort();
        keys.dedup();
        let text = |v: Option<&serde_json::Value>| match v {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            Some(other) => Some(other.to_string()),
        };
        // `10.50` and `10.5` are the same amount.
        let same = |a: Option<String>, b: Option<String>| match (&a, &b) {
            (Some(x), Some(y)) => {
                use std::str::FromStr;
                match (
                    rust_decimal::Decimal::from_str(x),
                    rust_decimal::Decimal::from_str(y),
                ) {
                    (Ok(x), Ok(y)) => x == y,
                    _ => a == b,
                }
            }
            _ => a == b,
        };
        let changes: Vec<Change> = keys
            .into_iter()
            .filter(|k| !same(text(before.get(*k)), text(after.get(*k))))
            .map(|k| Change {
                what: k.clone(),
                old: text(before.get(k)),
                new: text(after.get(k)),
            })
            .collect();
        if !changes.is_empty() {
            records.changed.push(Changed {
                id: id.clone(),
                changes,
            });
        }
    }
    records
}
