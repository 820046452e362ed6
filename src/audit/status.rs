//! Where a year stands: its fingerprint, each approver's standing for it,
//! DRAFT or FINAL, and the date its reports carry.

use chrono::{NaiveDate, NaiveDateTime};

use super::approval::{self, ApprovalStatement, Expected, JudgedApproval};
use super::fingerprint::{TemplateFiles, fingerprint_text};
use crate::core::{ReportState, Standing, sha256_hex};
use crate::diagnostics::Diagnostic;
use crate::intake::{Inputs, YearData};
use crate::model::framework::{ApprovalMode, Framework};
use crate::model::signoff::{Approval, SignedApproval, Signoff};

/// One approver and their approval, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApproverState {
    pub name: String,
    pub standing: Standing,
    pub approval: Option<Approval>,
    /// Why a stored approval does not count ([`Standing::Invalid`]).
    pub problem: Option<String>,
}

/// The year a signoff belongs to, for judging its signed approvals.
#[derive(Debug, Clone, Copy)]
pub struct SignoffYear<'a> {
    pub signoff: &'a Signoff,
    pub year: i32,
    pub as_of: NaiveDate,
}

impl<'a> SignoffYear<'a> {
    pub fn of(year: &'a YearData) -> Self {
        Self {
            signoff: &year.signoff,
            year: year.year,
            as_of: year.as_of,
        }
    }
}

/// Each signed approval of a year with its judgement and the approver it
/// claims to be from (read from the statement even when it fails).
pub fn judged<'a>(
    signoff: SignoffYear<'a>,
    framework: &Framework,
    trust: &crate::intake::TrustStore,
    now: NaiveDateTime,
) -> Vec<(
    &'a SignedApproval,
    Option<String>,
    Result<JudgedApproval, approval::Refusal>,
)> {
    signoff
        .signoff
        .signed
        .iter()
        .map(|signed| {
            let claimed = serde_json::from_slice::<ApprovalStatement>(&signed.statement)
                .ok()
                .map(|s| s.approver);
            let verdict = approval::judge(
                signed,
                Expected {
                    framework,
                    year: signoff.year,
                    as_of: signoff.as_of,
                    now,
                    trust,
                },
            );
            (signed, claimed, verdict)
        })
        .collect()
}

/// Errors for the signed approvals of every year that do not hold, naming
/// the statement file.
pub fn approval_diagnostics(inputs: &Inputs) -> Vec<Diagnostic> {
    let now = chrono::Utc::now().naive_utc();
    let mut diags = Vec::new();
    for year in &inputs.years {
        for (signed, _, verdict) in
            judged(SignoffYear::of(year), &inputs.framework, &inputs.trust, now)
        {
            if let Err(reason) = verdict {
                diags.push(
                    Diagnostic::error(
                        inputs.root.join(&signed.path),
                        format!("this signed approval does not hold: {reason}"),
                    )
                    .hint("sign again with `koers approve`, or remove the statement and its .p7s"),
                );
            }
        }
        if inputs.framework.signoff.approvals == ApprovalMode::Signed
            && !year.signoff.approvals.is_empty()
        {
            diags.push(
                Diagnostic::warning(
                    year.dir.join(crate::model::signoff::FILE_NAME),
                    "these recorded approvals do not count: the plan requires signed approvals",
                )
                .hint("approve with `koers approve --year … --p12 …` (or --key/--cert, --pkcs11)"),
            );
        }
    }
    diags
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
    /// The date the year's reports describe.
    pub as_of: NaiveDate,
}

impl YearStatus {
    pub fn is_final(&self) -> bool {
        self.state.is_final()
    }

    /// When a FINAL report of the year is sealed: at the last signed
    /// approval it seals (never before it), or at the document date's start
    /// when no approval has a time of day (recorded ones). Always from the
    /// approvals, never the clock, so a rebuild gives the same bytes.
    pub fn seal_time(&self) -> chrono::NaiveDateTime {
        let start = self.document_date.and_time(chrono::NaiveTime::MIN);
        self.approvals()
            .iter()
            .filter_map(|a| a.signature.as_ref())
            .filter_map(|s| {
                chrono::NaiveDateTime::parse_from_str(&s.signed_at, "%Y-%m-%dT%H:%M:%SZ").ok()
            })
            .fold(start, |latest, at| latest.max(at))
    }

    /// The approvals that count (valid or stale), one per approver, in
    /// framework order: what a report's record and the manifest carry.
    pub fn approvals(&self) -> Vec<Approval> {
        self.approvers
            .iter()
            .filter_map(|s| s.approval.clone())
            .collect()
    }
}

/// Every approver of the framework, with where they stand for
/// `fingerprint`, in framework order. Signed approvals count when they hold
/// (see [`approval::judge`]); recorded ones only when the plan allows them.
pub fn approver_states(
    signoff: SignoffYear,
    framework: &Framework,
    trust: &crate::intake::TrustStore,
    fingerprint: &str,
) -> Vec<ApproverState> {
    let now = chrono::Utc::now().naive_utc();
    let judged = judged(signoff, framework, trust, now);
    framework
        .approvers
        .iter()
        .map(|approver| {
            let mine = judged
                .iter()
                .filter(|(_, claimed, _)| claimed.as_deref() == Some(approver.name.as_str()));
            let mut valid: Vec<Approval> = Vec::new();
            let mut problem = None;
            for (signed, _, verdict) in mine {
                match verdict {
                    Ok(judged) => valid.push(judged.approval(signed)),
                    Err(reason) => problem = Some(reason.to_string()),
                }
            }
            if framework.signoff.approvals == ApprovalMode::Recorded {
                valid.extend(
                    signoff
                        .signoff
                        .approvals
                        .iter()
                        .filter(|a| a.name == approver.name)
                        .cloned(),
                );
            }
            // The approval of this data if there is one, else the latest.
            valid.sort_by_key(|a| (a.fingerprint == fingerprint, a.date, a.signature.is_some()));
            let approval = valid.pop();
            let standing = match (&approval, &problem) {
                (Some(a), _) if a.fingerprint == fingerprint => Standing::Valid,
                (_, Some(_)) => Standing::Invalid,
                (Some(_), None) => Standing::Stale,
                (None, None) => Standing::Missing,
            };
            ApproverState {
                name: approver.name.clone(),
                standing,
                approval,
                problem: problem.filter(|_| standing == Standing::Invalid),
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
    let approvers = approver_states(
        SignoffYear::of(year),
        &inputs.framework,
        &inputs.trust,
        &fingerprint,
    );
    let state = state_of(&approvers);
    YearStatus {
        year: year.year,
        document_date: date.unwrap_or_else(|| document_date(year, &approvers, state)),
        as_of: year.as_of,
        approvers,
        state,
        fingerprint,
        fingerprint_text,
    }
}

/// The date written into a PDF: the latest approval for a FINAL report and
/// the as-of date for a DRAFT. Never the clock, so the same inputs give the
/// same bytes.
pub fn document_date(year: &YearData, states: &[ApproverState], state: ReportState) -> NaiveDate {
    match state {
        ReportState::Final => states
            .iter()
            .filter_map(|s| s.approval.as_ref().map(|a| a.date))
            .max()
            .unwrap_or(year.as_of),
        ReportState::Draft => year.as_of,
    }
}
