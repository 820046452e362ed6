//! The step after rendering: each year and language's figures workbook,
//! made from the organisation report's model and staged like a report.

use std::fs;

use anyhow::{Context, Result};

use super::{Batch, Staged, status_of};
use crate::audit::{self, Manifest, OutputEntry};
use crate::core::files::write_temp;
use crate::core::sha256_hex;
use crate::core::text::slash_path;
use crate::report::Job;

/// The figures workbook of each year and language built, beside its
/// reports (the same bytes they attach): staged like a report when new or
/// changed, kept when the file already holds them.
pub(super) fn stage_figures<'a>(
    batch: &Batch,
    jobs: &'a [Job],
    previous: Option<&Manifest>,
    staged: &mut Vec<Staged<'a>>,
    unchanged: &mut Vec<OutputEntry>,
) -> Result<()> {
    let config = batch.config;
    let run = batch.run;
    let plan_id = run.inputs.framework.plan.id.as_str();
    for job in jobs
        .iter()
        .filter(|j| j.scope == crate::report::ScopeSel::Organisation)
    {
        let status = status_of(batch.statuses, job.year)?;
        let year = run
            .inputs
            .year(job.year)
            .with_context(|| format!("no data for year {}", job.year))?;
        let bytes = batch.renderer.figures(job.year, job.lang, || {
            let org = crate::report::report(run, year, status, job.lang, &job.scope);
            crate::render::figures_workbook(&org, status.document_date)
        })?;
        let relative = job
            .relative_path(plan_id)
            .with_file_name(audit::figures_name(plan_id, job.year, job.lang));
        let sha256 = sha256_hex(bytes.as_slice());
        let path = slash_path(&relative);
        let entry = OutputEntry {
            path: path.clone(),
            year: job.year,
            lang: job.lang,
            scope: FIGURES_SCOPE.to_string(),
            state: status.state,
            sha256: sha256.clone(),
            key: None,
        };
        let kept = previous
            .and_then(|m| m.outputs.iter().find(|o| o.path == path))
            .is_some_and(|o| *o == entry)
            && fs::read(config.output.join(&relative)).is_ok_and(|b| sha256_hex(&b) == sha256);
        if kept && !config.force {
            unchanged.push(entry);
            continue;
        }
        let temp = write_temp(&config.output.join(&relative), &bytes)?;
        staged.push(Staged {
            job,
            scope: FIGURES_SCOPE.to_string(),
            relative,
            temp,
            state: status.state,
            key: String::new(),
            sha256,
            replaces_final: false,
        });
    }
    staged.sort_by(|a, b| a.relative.cmp(&b.relative));
    Ok(())
}

/// The scope the manifest gives a figures workbook.
pub(super) const FIGURES_SCOPE: &str = "figures";
