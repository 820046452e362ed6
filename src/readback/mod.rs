//! A built report, read back: the files a report PDF carries (its inputs,
//! template and record, parsed, never searched as text), the reports of a
//! year in an output folder, and what changed between two states of a
//! year's data. `verify`, `diff` and `approve` read reports through here;
//! none of them imports another.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::audit::{ApprovalsRecord, FINDINGS_NAME, RECORD_NAME};

pub mod diff;
pub mod pdf;

pub use diff::{Diff, diff};
pub use pdf::attachments;

/// The sources a report carries, keyed as [`by_source_path`] does, and its
/// record: what `koers diff` compares.
pub fn attached_sources(pdf: &[u8]) -> Result<(BTreeMap<String, Vec<u8>>, ApprovalsRecord)> {
    let unsigned = koers_sign::unsigned_prefix(pdf);
    let sources = by_source_path(attachments(unsigned)?);
    let record = sources
        .get(RECORD_NAME)
        .context("no approvals.json attached")
        .and_then(|json| {
            ApprovalsRecord::from_json(json).context("approvals.json is unreadable")
        })?;
    Ok((sources, record))
}

/// The attachments keyed by what they are the copy of: `inputs/<path>` and
/// `template/<name>` for the files the record's fingerprint lists (attached
/// under flat names, see [`crate::audit::attachment_name`]), the record under
/// its own name. An attachment the fingerprint does not list is kept as
/// `inputs/<name>`, so the sources check names it.
pub fn by_source_path(mut raw: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    let mut keyed = BTreeMap::new();
    let record = raw
        .get(RECORD_NAME)
        .and_then(|json| ApprovalsRecord::from_json(json).ok());
    let lines = record
        .as_ref()
        .map(|record| crate::audit::fingerprint::parse_lines(&record.fingerprint_lines))
        .unwrap_or_default();
    // The figures workbook is named by the report the record says this is.
    let figures = record
        .as_ref()
        .and_then(|r| r.report.as_ref())
        .map(|id| crate::audit::figures_name(&id.plan, id.year, id.lang));
    for own in [RECORD_NAME, FINDINGS_NAME]
        .into_iter()
        .chain(figures.as_deref())
    {
        if let Some(bytes) = raw.remove(own) {
            keyed.insert(own.to_string(), bytes);
        }
    }
    for path in lines.keys() {
        if let Some(bytes) = raw.remove(&crate::audit::attachment_name(path)) {
            let key = match path.starts_with("template/") {
                true => path.clone(),
                false => format!("inputs/{path}"),
            };
            keyed.insert(key, bytes);
        }
    }
    for (name, bytes) in raw {
        keyed.insert(format!("inputs/{name}"), bytes);
    }
    keyed
}

/// The report PDFs under `reports` (an output folder) of `year` whose data
/// has `fingerprint`: what an earlier approval was given on.
pub fn reports_with(reports: &Path, year: i32, fingerprint: &str) -> Option<PathBuf> {
    let dir = reports.join(year.to_string());
    let languages = std::fs::read_dir(&dir).ok()?;
    for language in languages.flatten() {
        let Ok(files) = std::fs::read_dir(language.path()) else {
            continue;
        };
        for file in files.flatten() {
            let path = file.path();
            if path.extension().is_none_or(|e| e != "pdf") {
                continue;
            }
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            if let Ok((_, record)) = attached_sources(&bytes)
                && record.year == year
                && record.fingerprint == fingerprint
            {
                return Some(path);
            }
        }
    }
    None
}
