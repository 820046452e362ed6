//! One report from model to PDF: the model as JSON, the bytes of every file
//! it attaches, and the export options that make the PDF reproducible.

use anyhow::{Context, Result};
use typst::foundations::Bytes;

use super::{RenderOptions, Renderer};
use crate::audit::record::ReportIdentity;
use crate::audit::{ApprovalsRecord, FINDINGS_NAME, RECORD_NAME, YearStatus, attachment_name};
use crate::core::sha256_hex;
use crate::report::model::Attachment;
use crate::report::{self, Job, Run};

/// One report ready to be rendered: everything its PDF is made from.
pub struct PreparedJob {
    /// The model as the template reads it.
    pub json: Vec<u8>,
    /// The attachments, by virtual path.
    pub files: Vec<(String, Bytes)>,
    /// The SHA-256 of each attachment, in the order of `files` (the
    /// inputs' are known from loading them).
    pub hashes: Vec<String>,
    pub options: RenderOptions,
}

impl PreparedJob {
    /// What the PDF's bytes depend on, as one SHA-256: the Koers build
    /// (its version, and the identity of its sources, templates and fonts
    /// computed when it was compiled), the template, the model, every attached file
    /// and the export options, plus `extra` (how the report is sealed).
    /// Two reports with the same key render to the same bytes, which is
    /// what lets a build skip the ones it already wrote.
    pub fn content_key(&self, template_sha256: &str, extra: &str) -> String {
        self.content_key_of(BUILD, template_sha256, extra)
    }

    fn content_key_of(&self, build: &str, template_sha256: &str, extra: &str) -> String {
        let mut text = format!(
            "koers {} {}\ntemplate {template_sha256}\nident {}\narchival {}\ndate {:?}\nmodel {}\n",
            env!("CARGO_PKG_VERSION"),
            build,
            self.options.ident,
            self.options.archival,
            self.options.date,
            sha256_hex(&self.json),
        );
        for ((path, _), hash) in self.files.iter().zip(&self.hashes) {
            text.push_str(&format!("file {hash} {path}\n"));
        }
        text.push_str(&format!("seal {extra}\n"));
        sha256_hex(text.as_bytes())
    }
}

/// This binary's build identity (`build.rs`): a SHA-256 over the sources,
/// templates, fonts and locked dependencies it was compiled from.
pub const BUILD: &str = env!("KOERS_BUILD_ID");

/// Merges one report: its model, attachments and export options.
pub fn prepare_job(
    run: &Run,
    renderer: &Renderer,
    status: &YearStatus,
    job: &Job,
) -> Result<PreparedJob> {
    let inputs = run.inputs;
    let year = inputs
        .year(job.year)
        .with_context(|| format!("no data for year {}", job.year))?;
    let model = report::report(run, year, status, job.lang, &job.scope);
    let mut json = serde_json::to_vec(&model).context("cannot serialize the report model")?;
    // Only a model holding characters no font draws takes the detour
    // through a JSON value (whose keys come out sorted).
    if !String::from_utf8_lossy(&json)
        .chars()
        .all(|c| renderer.can_draw(c))
    {
        let mut value =
            serde_json::to_value(&model).context("cannot serialize the report model")?;
        replace_undrawable(&mut value, renderer);
        json = serde_json::to_vec(&value).context("cannot serialize the report model")?;
    }
    let options = RenderOptions {
        ident: format!(
            "{}-{}-{}-{}",
            inputs.framework.plan.id,
            job.year,
            job.scope.name(),
            job.lang
        ),
        archival: status.is_final(),
        date: Some(status.document_date),
    };
    let findings = findings_csv(&model)?;
    let (files, hashes) =
        attachment_files(run, job, status, renderer, &model.attachments, findings)?
            .into_iter()
            .unzip();
    Ok(PreparedJob {
        json,
        files,
        hashes,
        options,
    })
}

/// Merges and renders one report.
pub fn render_job(
    run: &Run,
    renderer: &Renderer,
    status: &YearStatus,
    job: &Job,
) -> Result<Vec<u8>> {
    let prepared = prepare_job(run, renderer, status, job)?;
    Ok(renderer.render(prepared.json, prepared.files, &prepared.options)?)
}

/// The bytes of each file the model's `attachments` name, served to the
/// template under the same virtual paths (the model decides what is
/// attached; this only finds the bytes).
fn attachment_files(
    run: &Run,
    job: &Job,
    status: &YearStatus,
    renderer: &Renderer,
    attachments: &[Attachment],
    findings: Vec<u8>,
) -> Result<Vec<((String, Bytes), String)>> {
    let year = run
        .inputs
        .year(job.year)
        .with_context(|| format!("no data for year {}", job.year))?;
    attachments
        .iter()
        .map(|a| {
            let name = a.path.strip_prefix('/').unwrap_or(&a.path);
            // An input's bytes are shared, not copied, and its hash is known.
            if let Some(input) = run
                .inputs
                .files_up_to(year.year)
                .find(|f| attachment_name(&f.path) == name)
            {
                let bytes = Bytes::new(Shared(std::sync::Arc::clone(&input.bytes)));
                return Ok(((a.path.clone(), bytes), input.sha256().to_string()));
            }
            if name
                == crate::audit::figures_name(
                    &run.inputs.framework.plan.id.value,
                    job.year,
                    job.lang,
                )
            {
                let bytes = renderer.figures(job.year, job.lang, || {
                    let org = report::report(
                        run,
                        year,
                        status,
                        job.lang,
                        &report::ScopeSel::Organisation,
                    );
                    super::figures_workbook(&org, status.document_date)
                })?;
                let hash = sha256_hex(bytes.as_slice());
                return Ok(((a.path.clone(), Bytes::new(Shared(bytes))), hash));
            }
            let bytes = if name == FINDINGS_NAME {
                Some(findings.clone())
            } else if name == RECORD_NAME {
                let identity = ReportIdentity {
                    plan: run.inputs.framework.plan.id.value.clone(),
                    year: job.year,
                    scope: job.scope.name().to_string(),
                    lang: job.lang,
                };
                let mut record = ApprovalsRecord::new(identity, status, &status.approvals());
                record.sealed = run.sealed && status.is_final();
                Some(record.to_json()?)
            } else {
                // A template file's bytes are shared, not copied per report.
                let template = renderer
                    .templates()
                    .shared(|n| attachment_name(&format!("template/{n}")) == name);
                if let Some(bytes) = template {
                    let hash = sha256_hex(bytes.as_slice());
                    return Ok(((a.path.clone(), bytes), hash));
                }
                None
            };
            let bytes = bytes.with_context(|| format!("no file for the attachment {}", a.path))?;
            let hash = sha256_hex(&bytes);
            Ok(((a.path.clone(), Bytes::new(bytes)), hash))
        })
        .collect()
}

/// An input file's bytes as Typst reads them, without a copy per report.
struct Shared(std::sync::Arc<Vec<u8>>);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        self.0.as_slice()
    }
}

/// Every finding of the report as CSV, headed in the report's language:
/// place (`file:line:column` under the inputs folder), unit, field and
/// message. A spreadsheet opens it; a UTF-8 byte-order mark tells Excel
/// the encoding.
fn findings_csv(model: &report::model::Report) -> Result<Vec<u8>> {
    let label = |key: &str| model.label(key);
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        writer.write_record([
            label("place"),
            label("unit"),
            label("field"),
            label("message"),
        ])?;
        for row in &model.findings {
            writer.write_record([
                row.place.as_str(),
                row.unit.as_deref().unwrap_or(""),
                row.field.as_deref().unwrap_or(""),
                row.message.as_str(),
            ])?;
        }
        writer.flush()?;
    }
    Ok(out)
}

/// Every text of the model with the characters no font can draw replaced
/// by a visible stand-in (`build` warns about them, naming the cell), so no
/// report ever shows an empty `.notdef` box.
fn replace_undrawable(value: &mut serde_json::Value, renderer: &Renderer) {
    match value {
        serde_json::Value::String(text) if !text.chars().all(|c| renderer.can_draw(c)) => {
            let stand_in = renderer.stand_in();
            *text = text
                .chars()
                .map(|c| if renderer.can_draw(c) { c } else { stand_in })
                .collect();
        }
        serde_json::Value::Array(items) => {
            for item in items {
                replace_undrawable(item, renderer);
            }
        }
        serde_json::Value::Object(fields) => {
            for (_, item) in fields.iter_mut() {
                replace_undrawable(item, renderer);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_key_changes_with_the_build() {
        assert_eq!(BUILD.len(), 64);
        assert!(BUILD.bytes().all(|b| b.is_ascii_hexdigit()));
        let job = PreparedJob {
            json: b"{}".to_vec(),
            files: Vec::new(),
            hashes: Vec::new(),
            options: RenderOptions::default(),
        };
        let key = job.content_key("t", "");
        assert_eq!(key, job.content_key_of(BUILD, "t", ""));
        // Same version, other sources: another key, so nothing is skipped.
        assert_ne!(key, job.content_key_of(&"0".repeat(64), "t", ""));
    }
}
