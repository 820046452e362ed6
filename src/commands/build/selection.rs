//! What a build checks about what it was asked for before rendering: the
//! years and languages selected, whether `--final` can be met, and the
//! characters no embedded font can draw.

use super::BuildConfig;
use crate::audit::YearStatus;
use crate::core::Standing;
use crate::diagnostics::Diagnostic;
use crate::intake::Inputs;
use crate::render::Renderer;
use crate::report::Job;

/// Why each selected year is not FINAL, one line per missing or stale approval.
pub(super) fn not_final(inputs: &Inputs, statuses: &[YearStatus], jobs: &[Job]) -> Vec<String> {
    let mut lines = Vec::new();
    for status in statuses {
        let year = status.year;
        if status.is_final() || !jobs.iter().any(|j| j.year == year) {
            continue;
        }
        if status.approvers.is_empty() {
            lines.push(format!("{year}: the framework names no [[approvers]]"));
        }
        for approver in &status.approvers {
            let why = match approver.standing {
                Standing::Valid => continue,
                Standing::Missing => "has not approved".to_string(),
                Standing::Stale => "approved other data (an input changed since)".to_string(),
                Standing::Invalid => format!(
                    "has an approval that does not hold ({})",
                    approver.problem.as_deref().unwrap_or("see `koers check`")
                ),
            };
            // A signed plan refuses `--name`: the approver signs with
            // their own certificate.
            let how = match inputs.framework.signoff.approvals {
                crate::model::framework::ApprovalMode::Recorded => {
                    format!("--name \"{}\"", approver.name)
                }
                crate::model::framework::ApprovalMode::Signed => {
                    "with their own certificate (--pkcs11, --p12 or --key/--cert)".to_string()
                }
            };
            lines.push(format!(
                "{year}: {} {why}; run `koers approve --inputs {} --year {year}` {how}",
                approver.name,
                inputs.root.display(),
            ));
        }
    }
    lines
}

/// Problems with the years and languages asked for on the command line.
pub(super) fn check_selection(inputs: &Inputs, config: &BuildConfig) -> Vec<Diagnostic> {
    let framework_file = inputs.root.join(crate::intake::FRAMEWORK_FILE);
    let mut diags = Vec::new();
    for year in &config.years {
        if inputs.year(*year).is_none() {
            let known: Vec<String> = inputs.years.iter().map(|y| y.year.to_string()).collect();
            diags.push(
                Diagnostic::error(
                    &inputs.root,
                    format!("--year {year}: there is no data for {year}"),
                )
                .hint(format!("years with data: {}", known.join(", "))),
            );
        }
    }
    for lang in config.languages.iter().flatten() {
        if !inputs.framework.plan.languages.contains(lang) {
            diags.push(Diagnostic::note(
                &framework_file,
                format!(
                    "{lang} is not one of the plan's languages; texts missing in {lang} are shown in {}",
                    inputs.framework.first_language()
                ),
            ));
        }
    }
    diags
}

/// A warning for each text of the inputs holding characters no font of the
/// report can draw: they are shown as a stand-in (see `render::job`).
pub(super) fn undrawable(inputs: &Inputs, renderer: &Renderer) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut check =
        |text: &str, origin: &crate::intake::progress::Origin, field: &str, year: i32| {
            let missing: Vec<String> = text
                .chars()
                .filter(|c| !renderer.can_draw(*c))
                .map(|c| format!("{c} (U+{:04X})", u32::from(c)))
                .collect();
            if !missing.is_empty() {
                found.push(
                    origin
                        .place(
                            Diagnostic::warning(
                                origin.file(),
                                format!(
                                    "the report's fonts cannot draw {}: shown as {}",
                                    missing.join(", "),
                                    renderer.stand_in()
                                ),
                            ),
                            field,
                        )
                        .about(year, None),
                );
            }
        };
    for year in &inputs.years {
        for action in &year.actions {
            for text in action.titles.values() {
                check(text, &action.origin, "title", year.year);
            }
            for text in action.comments.values() {
                check(text, &action.origin, "comment", year.year);
            }
        }
        for kpi in &year.indicators {
            for text in kpi.names.values().chain(kpi.measures.values()) {
                check(text, &kpi.origin, "name", year.year);
            }
            for text in kpi.comments.values() {
                check(text, &kpi.origin, "comment", year.year);
            }
        }
    }
    found
}
