//! `koers approve`: record (or revoke) an approver's approval of a year for
//! the data as it is now, bound to the year's fingerprint.

use anyhow::Result;
use chrono::NaiveDate;

use crate::audit::{self, status::approver_states, status::state_of};
use crate::core::files::write_atomically;
use crate::core::text::closest;
use crate::core::{ReportState, Standing};
use crate::diagnostics::{Diagnostic, has_errors};
use crate::intake::Source;
use crate::intake::signoff::{Approval, FILE_NAME};
use crate::render::Templates;
use crate::validate;

/// What `koers approve` was asked to do.
#[derive(Debug, Clone)]
pub struct ApproveRequest {
    pub inputs: std::path::PathBuf,
    pub templates: Option<std::path::PathBuf>,
    pub year: i32,
    pub name: String,
    pub date: NaiveDate,
    pub revoke: bool,
}

/// How an approval went.
#[derive(Debug)]
pub enum ApproveOutcome {
    /// The year's data has errors, or the request does not fit the plan.
    Refused(Vec<Diagnostic>),
    /// The signoff file was written; the year is now FINAL or not.
    Done { message: String },
}

/// Records (or revokes) an approval of `request.year` for the current
/// fingerprint, writing the signoff file atomically.
pub fn approve(request: &ApproveRequest) -> Result<ApproveOutcome> {
    let (inputs, diags) = validate::load_and_validate(Source::Dir(&request.inputs), &[])?;
    let errors: Vec<Diagnostic> = diags
        .into_iter()
        .filter(|d| d.is_error() && d.year.is_none_or(|y| y == request.year))
        .collect();
    let Some(inputs) = inputs.filter(|_| !has_errors(&errors)) else {
        return Ok(ApproveOutcome::Refused(errors));
    };
    let framework_path = inputs.root.join(crate::intake::FRAMEWORK_FILE);
    let Some(approver) = inputs
        .framework
        .approvers
        .iter()
        .find(|a| a.name == request.name)
    else {
        let names: Vec<&str> = inputs
            .framework
            .approvers
            .iter()
            .map(|a| a.name.as_str())
            .collect();
        let hint = match closest(&request.name, names.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("the approvers are: {}", names.join(", ")),
        };
        return Ok(ApproveOutcome::Refused(vec![
            Diagnostic::error(
                &framework_path,
                format!("`{}` is not one of the plan's [[approvers]]", request.name),
            )
            .hint(hint),
        ]));
    };
    let Some(year) = inputs.year(request.year) else {
        return Ok(ApproveOutcome::Refused(vec![
            Diagnostic::error(
                &inputs.root,
                format!("there is no data for {}", request.year),
            )
            .hint("approve a year that has a folder with progress data"),
        ]));
    };
    let templates = match &request.templates {
        Some(dir) => Templates::from_dir(dir)?,
        None => Templates::builtin(),
    };
    let fingerprint = audit::fingerprint(&inputs, year.year, &templates.audit_files());
    let mut signoff = year.signoff.clone();
    let verb = if request.revoke {
        if !signoff.revoke(&request.name) {
            return Ok(ApproveOutcome::Refused(vec![Diagnostic::error(
                year.dir.join(FILE_NAME),
                format!(
                    "{} has no approval for {} to revoke",
                    request.name, request.year
                ),
            )]));
        }
        "revoked the approval of"
    } else {
        signoff.approve(Approval {
            name: approver.name.clone(),
            role: approver
                .role
                .get(inputs.framework.first_language())
                .to_string(),
            date: request.date,
            fingerprint: fingerprint.clone(),
        });
        "approved"
    };
    let path = year.dir.join(FILE_NAME);
    write_atomically(&path, signoff.to_toml()?.as_bytes())?;
    let states = approver_states(&signoff, &inputs.framework, &fingerprint);
    let valid = states
        .iter()
        .filter(|s| s.standing == Standing::Valid)
        .count();
    let state = match state_of(&states) {
        ReportState::Final => "FINAL",
        ReportState::Draft => "DRAFT",
    };
    Ok(ApproveOutcome::Done {
        message: format!(
            "{} {verb} {} (fingerprint {}); {valid} of {} approvals valid: the {} reports are {state}\nwrote {}",
            request.name,
            request.year,
            fingerprint.get(..16).unwrap_or(&fingerprint),
            states.len(),
            request.year,
            path.display()
        ),
    })
}
