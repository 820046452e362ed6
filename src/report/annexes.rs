//! The parts of a report that describe rather than compute: the plan and
//! scope in the report's language, the sign-off page, the attachments, and
//! the data-quality findings.

use std::path::Path;

use super::Run;
use super::model::*;
use super::scope::ScopeSel;
use crate::audit::{FINDINGS_NAME, RECORD_NAME, YearStatus, attachment_name};
use crate::core::Lang;
use crate::diagnostics::{Diagnostic, Severity};
use crate::i18n::{self, Catalog};
use crate::intake::YearData;
use crate::model::framework::{Framework, ORGANISATION_SCOPE};

pub(super) fn signoff_info(
    framework: &Framework,
    catalog: &Catalog,
    status: &YearStatus,
    lang: Lang,
) -> SignoffInfo {
    SignoffInfo {
        is_final: status.is_final(),
        fingerprint: status.fingerprint.clone(),
        recorded: framework.signoff.approvals == crate::model::framework::ApprovalMode::Recorded,
        approvals: status
            .approvers
            .iter()
            .map(|state| {
                let role = framework
                    .approvers
                    .iter()
                    .find(|a| a.name == state.name)
                    .map_or("", |a| a.role.get(lang));
                let signature = state.approval.as_ref().and_then(|a| a.signature.as_ref());
                ApprovalRow {
                    name: state.name.clone(),
                    role: role.to_string(),
                    standing: state.standing,
                    standing_label: catalog.standing(state.standing, lang),
                    date: state.approval.as_ref().map(|a| i18n::date(a.date, lang)),
                    fingerprint: state.approval.as_ref().map(|a| a.fingerprint.clone()),
                    signer: signature.map(|s| s.signer.clone()),
                    signed_at: signature.map(|s| s.signed_at.clone()),
                    time_source: signature.map(|s| match &s.timestamp {
                        // A plan that names no authority takes any whose
                        // token verifies: the page says so.
                        Some(stamp) if framework.trust.timestamp_authorities.is_empty() => {
                            catalog.text(lang, "time-timestamped-unnamed", &[("stamp", stamp)])
                        }
                        Some(stamp) => catalog.text(lang, "time-timestamped", &[("stamp", stamp)]),
                        None => catalog.text(lang, "time-claimed", &[]),
                    }),
                }
            })
            .collect(),
    }
}

/// The files attached to a report: the year's inputs, its approvals and a
/// custom template's files.
pub(super) fn attachments(run: &Run, year: &YearData, lang: Lang) -> Vec<Attachment> {
    let inputs = run.inputs.files_up_to(year.year).map(|f| Attachment {
        path: format!("/{}", attachment_name(&f.path)),
        mime_type: mime_type(&f.path),
        description: format!("Input file inputs/{} (SHA-256 {})", f.path, f.sha256()),
        relationship: "source",
    });
    // What Koers itself writes for the report, beside the sources.
    let own = |name: &str, mime_type, what: &str| Attachment {
        path: format!("/{name}"),
        mime_type,
        description: format!("{what} of the {} report", year.year),
        relationship: "data",
    };
    let figures = crate::audit::figures_name(&run.inputs.framework.plan.id.value, year.year, lang);
    let own = [
        own(
            &figures,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Computed figures (progress, status and budget per priority, objective and unit; KPIs)",
        ),
        own(
            RECORD_NAME,
            "application/json",
            "Approvals and input fingerprint",
        ),
        own(
            FINDINGS_NAME,
            "text/csv",
            "Data-quality findings (with file and line)",
        ),
    ];
    let template = run.template_files.iter().map(|name| Attachment {
        path: format!("/{}", attachment_name(&format!("template/{name}"))),
        mime_type: mime_type(name),
        description: format!("Template file template/{name}"),
        relationship: "source",
    });
    inputs.chain(own).chain(template).collect()
}

pub(super) fn mime_type(path: &str) -> &'static str {
    match path
        .rsplit('.')
        .next()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("csv") => "text/csv",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("toml") => "application/toml",
        Some("typ") => "text/plain",
        Some("json") => "application/json",
        Some("md") => "text/markdown",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

pub(super) fn plan_info(inputs: &crate::intake::Inputs, lang: Lang) -> PlanInfo {
    let plan = &inputs.framework.plan;
    PlanInfo {
        logo: inputs
            .logo_file
            .as_ref()
            .map(|f| format!("/{}", attachment_name(&f.path))),
        id: plan.id.value.clone(),
        organisation: plan.organisation.get(lang).to_string(),
        title: plan.title.get(lang).to_string(),
        start_year: plan.start_year,
        end_year: plan.end_year,
        signed_on: i18n::date(plan.signed_on, lang),
        signatories: plan
            .signatories
            .iter()
            .map(|p| PersonText {
                name: p.name.clone(),
                role: p.role.get(lang).to_string(),
            })
            .collect(),
    }
}

pub(super) fn scope_info(
    framework: &Framework,
    catalog: &Catalog,
    scope: &ScopeSel,
    lang: Lang,
) -> Scope {
    match scope {
        ScopeSel::Organisation => Scope {
            kind: "organisation",
            id: ORGANISATION_SCOPE.to_string(),
            name: catalog.text(lang, "whole_organisation", &[]),
        },
        ScopeSel::Unit(id) => Scope {
            kind: "unit",
            id: id.clone(),
            name: framework
                .unit(id)
                .map_or(id.as_str(), |u| u.name.get(lang))
                .to_string(),
        },
    }
}

pub(super) fn framework_text(framework: &Framework, lang: Lang) -> FrameworkText {
    let texts = |locs: &[crate::model::framework::Loc]| {
        locs.iter().map(|l| l.get(lang).to_string()).collect()
    };
    let first = framework.first_language();
    FrameworkText {
        lang: framework.mission.text.shown(lang, first).1,
        mission: framework.mission.text.get(lang).to_string(),
        domains: texts(&framework.mission.domains),
        values: framework
            .values
            .iter()
            .map(|v| v.name.get(lang).to_string())
            .collect(),
        vision: framework.vision.text.get(lang).to_string(),
        commitments: texts(&framework.vision.commitments),
        priorities: framework
            .priorities
            .iter()
            .map(|p| {
                let (title, title_lang) = p.title.shown(lang, first);
                IdTitle {
                    id: p.id.value.clone(),
                    title: title.to_string(),
                    title_lang,
                }
            })
            .collect(),
    }
}

/// The warnings about `year`'s data in `scope`, placed relative to the
/// inputs folder.
pub(super) fn quality(
    catalog: &Catalog,
    root: &Path,
    diagnostics: &[Diagnostic],
    year: i32,
    lang: Lang,
    scope: &ScopeSel,
) -> Vec<QualityRow> {
    diagnostics
        .iter()
        .filter(|d| {
            d.severity == Severity::Warning
                && d.year == Some(year)
                && d.lang.is_none_or(|l| l == lang)
                && scope.includes_diagnostic(d)
        })
        .map(|d| {
            let mut place = d
                .file
                .strip_prefix(root)
                .unwrap_or(&d.file)
                .to_string_lossy()
                .replace('\\', "/");
            if let Some(line) = d.line {
                place.push_str(&format!(":{line}"));
                if let Some(column) = d.column {
                    place.push_str(&format!(":{column}"));
                }
            }
            let kind = d.finding.as_ref().map_or_else(
                || format!("field {}", d.field.as_deref().unwrap_or("-")),
                |f| i18n::finding_kind(f).to_string(),
            );
            QualityRow {
                place,
                unit: d.unit.clone(),
                kind,
                field: d.field.clone(),
                message: d
                    .finding
                    .as_ref()
                    .map_or_else(|| d.message.clone(), |f| i18n::finding(catalog, f, lang)),
            }
        })
        .collect()
}

/// The findings counted per unit and kind, with the first `examples` of
/// each; units in the plan's order, the plan's own findings first.
pub(super) fn quality_groups(
    framework: &Framework,
    rows: &[QualityRow],
    examples: usize,
) -> Vec<QualityGroup> {
    let rank = |unit: &Option<String>| {
        unit.as_ref().map_or(0, |id| {
            1 + framework
                .units
                .iter()
                .position(|u| u.id.as_str() == id)
                .unwrap_or(framework.units.len())
        })
    };
    let mut groups: Vec<(usize, &str, QualityGroup)> = Vec::new();
    for row in rows {
        let found = groups
            .iter_mut()
            .find(|(_, kind, g)| *kind == row.kind && g.unit == row.unit);
        match found {
            Some((_, _, group)) => {
                group.count += 1;
                if group.examples.len() < examples {
                    group.examples.push(row.clone());
                }
            }
            None => groups.push((
                rank(&row.unit),
                row.kind.as_str(),
                QualityGroup {
                    unit: row.unit.clone(),
                    count: 1,
                    examples: if examples > 0 {
                        vec![row.clone()]
                    } else {
                        Vec::new()
                    },
                },
            )),
        }
    }
    // Stable: within a unit, kinds keep the order they were first met in.
    groups.sort_by_key(|(rank, _, _)| *rank);
    groups.into_iter().map(|(_, _, g)| g).collect()
}

/// Per unit in scope, the texts its data lacks in the report's language (a
/// text in another language is shown instead, tagged with it): the counts
/// a translator is asked to close. Units with nothing missing are left out.
pub(super) fn translation_gaps(
    catalog: &Catalog,
    framework: &Framework,
    year: &YearData,
    lang: Lang,
    scope: &ScopeSel,
) -> Vec<TranslationGap> {
    crate::validate::missing_translations(framework, year, lang)
        .into_iter()
        .filter(|m| match scope {
            ScopeSel::Organisation => true,
            ScopeSel::Unit(id) => m.unit == *id,
        })
        .map(|m| TranslationGap {
            unit_name: match framework.unit(&m.unit) {
                Some(unit) => unit.name.get(lang).to_string(),
                None => catalog.text(lang, "whole_organisation", &[]),
            },
            unit: m.unit,
            titles: m.titles,
            comments: m.comments,
            indicators: m.indicators,
        })
        .collect()
}
