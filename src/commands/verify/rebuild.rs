//! `verify --rebuild`: the report rendered again from its own attachments,
//! in memory (no file is written), which must give the same bytes.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};

use super::Check;
use crate::audit::{self, ApprovalsRecord};
use crate::diagnostics;
use crate::intake::Source;
use crate::model::signoff::{self, Signoff};
use crate::render::{Renderer, Templates};
use crate::report::{Job, Run, ScopeSel};
use crate::validate;

/// Renders the report again from its own attachments and compares bytes.
pub(super) fn rebuild_check(
    pdf: &[u8],
    attachments: &BTreeMap<String, Vec<u8>>,
    approvals: &ApprovalsRecord,
    limits: crate::intake::limits::Limits,
    web: Option<(&Path, &[u8])>,
) -> Vec<Check> {
    const NAME: &str = "rebuild";
    let rebuilt = match rebuild(pdf, attachments, approvals, limits) {
        Ok(rebuilt) => rebuilt,
        Err(err) => return vec![Check::fail(NAME, format!("{err:#}"))],
    };
    let mut checks = vec![match rebuilt.same {
        true => Check::pass(
            NAME,
            "rendering the attached sources again gives the same bytes",
        ),
        false => Check::fail(
            NAME,
            "rendering the attached sources again gives different bytes",
        ),
    }];
    // The web edition beside the report, from the same model.
    if let Some((html_path, html)) = web {
        let pdf_name = approvals
            .report
            .as_ref()
            .map(|id| crate::audit::report_file_name(&id.plan, id.year, &id.scope, id.lang))
            .unwrap_or_default();
        checks.push(match crate::render::web_edition(&rebuilt.model, &pdf_name) {
            Ok(again) if again == html => Check::pass(
                "web rebuild",
                format!(
                    "writing the web edition again from the attached sources gives {}",
                    html_path.display()
                ),
            ),
            Ok(_) => Check::fail(
                "web rebuild",
                format!(
                    "{} is not the web edition of these sources: writing it again gives different bytes",
                    html_path.display()
                ),
            ),
            Err(err) => Check::fail("web rebuild", format!("{err:#}")),
        });
    }
    checks
}

fn rebuild(
    pdf: &[u8],
    attachments: &BTreeMap<String, Vec<u8>>,
    approvals: &ApprovalsRecord,
    limits: crate::intake::limits::Limits,
) -> Result<Rebuilt> {
    let mut inputs: BTreeMap<String, Vec<u8>> = attachments
        .iter()
        .filter_map(|(name, bytes)| {
            Some((name.strip_prefix("inputs/")?.to_string(), bytes.clone()))
        })
        .collect();
    // Recorded approvals back into signoff.toml, signed ones back into
    // their statement and signature files.
    let signoff = Signoff {
        approvals: approvals
            .approvals
            .iter()
            .filter(|a| a.signature.is_none())
            .cloned()
            .collect(),
        signed: Vec::new(),
    };
    inputs.insert(
        format!("{}/{}", approvals.year, signoff::FILE_NAME),
        signoff.to_toml()?.into_bytes(),
    );
    for approval in &approvals.approvals {
        let Some(signature) = &approval.signature else {
            continue;
        };
        let cms = crate::audit::approval::unhex(&signature.cms)
            .context("an attached approval's signature is not hex")?;
        let stem = signoff::file_stem(&approval.name);
        let dir = format!("{}/{}", approvals.year, signoff::APPROVALS_DIR);
        inputs.insert(
            format!("{dir}/{stem}.json"),
            signature.statement.clone().into_bytes(),
        );
        inputs.insert(format!("{dir}/{stem}.p7s"), cms);
        if !signature.crls.is_empty() {
            let crls = signature
                .crls
                .iter()
                .map(|c| crate::audit::approval::unhex(c))
                .collect::<Option<Vec<_>>>()
                .context("an attached approval's CRL is not hex")?;
            inputs.insert(
                format!("{dir}/{stem}.crl"),
                koers_sign::revocation::crls_pem(&crls).into_bytes(),
            );
        }
        if !signature.ocsp.is_empty() {
            let ocsp = signature
                .ocsp
                .iter()
                .map(|c| crate::audit::approval::unhex(c))
                .collect::<Option<Vec<_>>>()
                .context("an attached approval's OCSP response is not hex")?;
            inputs.insert(format!("{dir}/{stem}.ocsp"), ocsp.concat());
        }
    }
    let custom: Vec<(String, Vec<u8>)> = attachments
        .iter()
        .filter_map(|(name, bytes)| {
            Some((name.strip_prefix("template/")?.to_string(), bytes.clone()))
        })
        .collect();
    let templates = if custom.is_empty() {
        Templates::builtin()
    } else {
        Templates::from_files(custom, Path::new("attached template"))
    };
    let identity = approvals.report.as_ref().context(
        "the attached record does not say which report this is (plan, year, scope, language)",
    )?;
    if identity.year != approvals.year {
        anyhow::bail!(
            "the attached record names the report of {} but holds the approvals of {}",
            identity.year,
            approvals.year
        );
    }
    let (lang, scope) = (identity.lang, ScopeSel::from_name(&identity.scope));
    let source = Source::memory(Path::new("attached inputs"), &inputs, limits);
    let (loaded, diags) = validate::load_and_validate(source, &[lang])?;
    let loaded = loaded
        .filter(|_| !diagnostics::has_errors(&diags))
        .context("the attached sources do not load")?;
    let year = loaded
        .year(approvals.year)
        .context("the attached sources lack the report's year")?;
    let template = templates.audit_files();
    // The same date as the original, even if SOURCE_DATE_EPOCH set it.
    let status = audit::year_status(&loaded, year, &template, Some(approvals.document_date));
    let catalog = templates.catalog()?;
    let run = Run::new(&loaded, &diags, &catalog, &template).sealed(approvals.sealed);
    let renderer = Renderer::new(templates)?;
    let job = Job {
        year: approvals.year,
        lang,
        scope,
    };
    let prepared = crate::render::prepare_job(&run, &renderer, &status, &job)?;
    let model = prepared.json.clone();
    let again = renderer.render(prepared.json, prepared.files, &prepared.options)?;
    Ok(Rebuilt {
        same: again == pdf,
        model,
    })
}

/// A report rendered again: whether its bytes are the PDF's, and the model
/// it was rendered from (the web edition's too).
struct Rebuilt {
    same: bool,
    model: Vec<u8>,
}
