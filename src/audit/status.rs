//! Where a year stands: its fingerprint, each approver's standing for it,
//! DRAFT or FINAL, and the date its reports carry.

use chrono::NaiveDate;

use super::fingerprint::{TemplateFiles, fingerprint_text};
use crate::core::{ReportState, Standing, sha256_hex};
use crate::intake::framework::Framework;
use crate::intake::signoff::{Approval, Signoff};
use crate::intake::{Inputs, YearData};

/// One approver and their approval, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApproverState {
    pub name: String,
    pub standing: Standing,
    pub approval: Option<Approval>,
}

/// Where a year stands: its fingerprint and its approvals.
#[derive(Debug, Clone)]
pub struct YearStatus {
    pub year: i32,
    /// The `sha256sum`-style lines the fingerprint is the hash of.
    pub fingerprint_text: String,
    pub fingerprint: String,
    pub approvers: Vec<ApproverState>,
    pub state: ReportState,
    /// The date written into the year's PDFs (see [`document_date`]).
    pub document_date: NaiveDate,
}

impl YearStatus {
    pub fn is_final(&self) -> bool {
        self.state.is_final()
    }
}

/// Every approver of the framework, with where they stand for
/// `fingerprint`, in framework order.
pub fn approver_states(
    signoff: &Signoff,
    framework: &Framework,
    fingerprint: &str,
) -> Vec<ApproverState> {
    framework
        .approvers
        .iter()
        .map(|approver| {
            let approval = signoff
                .approvals
                .iter()
                .find(|a| a.name == approver.name)
                .cloned();
            let standing = match &approval {
                None => Standing::Missing,
                Some(a) if a.fingerprint == fingerprint => Standing::Valid,
                Some(_) => Standing::Stale,
            };
            ApproverState {
                name: approver.name.clone(),
                standing,
                approval,
            }
        })
        .collect()
}

/// FINAL: the framework names approvers and all approved this data.
pub fn state_of(states: &[ApproverState]) -> ReportState {
    ReportState::of(!states.is_empty() && states.iter().all(|s| s.standing == Standing::Valid))
}

/// Each year's fingerprint and approvals. `date` (from `SOURCE_DATE_EPOCH`)
/// replaces every document date when given.
pub fn year_statuses(
    inputs: &Inputs,
    template: &TemplateFiles,
    date: Option<NaiveDate>,
) -> Vec<YearStatus> {
    inputs
        .years
        .iter()
        .map(|year| year_status(inputs, year, template, date))
        .collect()
}

pub fn year_status(
    inputs: &Inputs,
    year: &YearData,
    template: &TemplateFiles,
    date: Option<NaiveDate>,
) -> YearStatus {
    let fingerprint_text = fingerprint_text(inputs, year.year, template);
    let fingerprint = sha256_hex(fingerprint_text.as_bytes());
    let approvers = approver_states(&year.signoff, &inputs.framework, &fingerprint);
    let state = state_of(&approvers);
    YearStatus {
        year: year.year,
        document_date: date.unwrap_or_else(|| document_date(year, &fingerprint, state)),
        approvers,
        state,
        fingerprint,
        fingerprint_text,
    }
}

/// The date written into a PDF: the latest approval for a FINAL report and
/// the as-of date for a DRAFT. Never the clock, so the same inputs give the
/// same bytes.
pub fn document_date(year: &YearData, fingerprint: &str, state: ReportState) -> NaiveDate {
    match state {
        ReportState::Final => year.signoff.latest_date(fingerprint).unwrap_or(year.as_of),
        ReportState::Draft => year.as_of,
    }
}
