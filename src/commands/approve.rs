//! `koers approve`: an approver's sign-off of a year for the data as it is
//! now. With signed approvals (the default) the approver signs a statement
//! naming the plan, the year, the fingerprint of the data, themselves and the
//! signing time, with their own key; with recorded approvals (only when the
//! plan says so) their name is recorded. Revoking removes either.

use std::path::PathBuf;

use anyhow::{Context, Result};
use chrono::{NaiveDateTime, Timelike};

use crate::audit::approval::{self, ApprovalStatement, Expected};
use crate::audit::status::{SignoffYear, approver_states, state_of};
use crate::audit::{self};
use crate::core::files::write_atomically;
use crate::core::text::closest;
use crate::core::{ReportState, Standing};
use crate::diagnostics::{Diagnostic, has_errors};
use crate::intake::{Inputs, Source, YearData};
use crate::model::framework::{ApprovalMode, Approver, Framework};
use crate::model::signoff::{self, APPROVALS_DIR, Approval, FILE_NAME, SignedApproval};
use crate::render::Templates;
use crate::validate;

use super::keys::load_signer;
pub use super::keys::{KeySource, Secrets};

/// What `koers approve` was asked to do.
#[derive(Debug, Clone)]
pub struct ApproveRequest {
    pub inputs: PathBuf,
    /// What the inputs are read within.
    pub limits: crate::intake::limits::Limits,
    pub templates: Option<PathBuf>,
    pub year: i32,
    /// Who approves; with a key, found from the certificate when absent.
    pub name: Option<String>,
    pub key: Option<KeySource>,
    /// A timestamp authority (`http://…`) to timestamp the signature.
    pub tsa: Option<String>,
    /// CRL files to store with the approval.
    pub crls: Vec<PathBuf>,
    /// OCSP responses (DER) to store with the approval.
    pub ocsp: Vec<PathBuf>,
    /// Where the built reports are (`output`): the data of an earlier
    /// approval is looked for there, to show what changed since.
    pub reports: PathBuf,
    pub revoke: bool,
}

/// How an approval went.
#[derive(Debug)]
pub enum ApproveOutcome {
    /// The year's data has errors, or the request does not fit the plan.
    Refused(Vec<Diagnostic>),
    /// The approval was written (or removed); the year is now FINAL or not.
    Done { message: String },
}

/// The steps: load and check the year, find the approver, then sign (or
/// record, or revoke) and write.
pub fn approve(request: &ApproveRequest, secrets: &dyn Secrets) -> Result<ApproveOutcome> {
    let (inputs, diags) =
        validate::load_and_validate(Source::dir(&request.inputs, request.limits), &[])?;
    let errors: Vec<Diagnostic> = diags
        .into_iter()
        .filter(|d| d.is_error() && d.year.is_none_or(|y| y == request.year))
        .collect();
    let Some(inputs) = inputs.filter(|_| !has_errors(&errors)) else {
        return Ok(ApproveOutcome::Refused(errors));
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
    let mode = inputs.framework.signoff.approvals;
    let written = if request.revoke {
        let Some(name) = &request.name else {
            anyhow::bail!("--revoke needs --name: whose approval to withdraw");
        };
        let approver = match find_approver(&inputs, name) {
            Ok(approver) => approver,
            Err(refusal) => return Ok(refusal),
        };
        match revoke(year, approver)? {
            Some(path) => (format!("{} withdrew the approval of", approver.name), path),
            None => {
                return Ok(ApproveOutcome::Refused(vec![Diagnostic::error(
                    year.dir.clone(),
                    format!(
                        "{} has no approval for {} to revoke",
                        approver.name, request.year
                    ),
                )]));
            }
        }
    } else {
        match (&request.key, mode) {
            (Some(key), _) => match sign(request, key, &inputs, year, &fingerprint, secrets)? {
                Ok(done) => done,
                Err(refusal) => return Ok(refusal),
            },
            (None, ApprovalMode::Recorded) => {
                let Some(name) = &request.name else {
                    anyhow::bail!("give --name: the approver whose approval is recorded");
                };
                let approver = match find_approver(&inputs, name) {
                    Ok(approver) => approver,
                    Err(refusal) => return Ok(refusal),
                };
                record(&inputs.framework, approver, year, &fingerprint)?
            }
            (None, ApprovalMode::Signed) => {
                return Ok(ApproveOutcome::Refused(vec![
                    Diagnostic::error(
                        inputs.root.join(crate::intake::FRAMEWORK_FILE),
                        "the plan requires signed approvals: give the approver's key",
                    )
                    .hint("--p12 FILE.p12, or --key KEY.pem --cert CERT.pem"),
                ]));
            }
        }
    };
    let (verb, path) = written;
    // Read back: the year as the next build will see it.
    let (again, _) =
        validate::load_and_validate(Source::dir(&request.inputs, request.limits), &[])?;
    let again = again.context("the inputs no longer load")?;
    let year = again.year(request.year).context("the year vanished")?;
    let states = approver_states(
        SignoffYear::of(year),
        &again.framework,
        &again.trust,
        &fingerprint,
    );
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
            "{verb} {} (fingerprint {}); {valid} of {} approvals valid: the {} reports are {state}\nwrote {}",
            request.year,
            fingerprint.get(..16).unwrap_or(&fingerprint),
            states.len(),
            request.year,
            path.display()
        ),
    })
}

fn find_approver<'a>(inputs: &'a Inputs, name: &str) -> Result<&'a Approver, ApproveOutcome> {
    let approvers = &inputs.framework.approvers;
    if let Some(approver) = approvers.iter().find(|a| a.name == name) {
        return Ok(approver);
    }
    let names: Vec<&str> = approvers.iter().map(|a| a.name.as_str()).collect();
    let hint = match closest(name, names.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!("the approvers are: {}", names.join(", ")),
    };
    Err(ApproveOutcome::Refused(vec![
        Diagnostic::error(
            inputs.root.join(crate::intake::FRAMEWORK_FILE),
            format!("`{name}` is not one of the plan's [[approvers]]"),
        )
        .hint(hint),
    ]))
}

/// The clock, in UTC, to the second: the signing time is a fact, never typed.
fn now() -> NaiveDateTime {
    let now = chrono::Utc::now().naive_utc();
    now.with_nanosecond(0).unwrap_or(now)
}

type Signed = Result<(String, PathBuf), ApproveOutcome>;

fn sign(
    request: &ApproveRequest,
    key: &KeySource,
    inputs: &Inputs,
    year: &YearData,
    fingerprint: &str,
    secrets: &dyn Secrets,
) -> Result<Signed> {
    show_changes(request, inputs, year, fingerprint, secrets);
    let signer = load_signer(key, secrets)?;
    let certificate = koers_sign::CertificateFacts::from_der(signer.certificate_der())
        .map_err(|e| anyhow::anyhow!("the certificate cannot be read: {e}"))?;
    let framework = &inputs.framework;
    let refuse = |message: String, hint: &str| {
        Ok(Err(ApproveOutcome::Refused(vec![
            Diagnostic::error(inputs.root.join(crate::intake::FRAMEWORK_FILE), message).hint(hint),
        ])))
    };
    // Judged now, at this moment; the approval itself is judged again,
    // at its proven time, before it is written.
    let chain = signer.chain_der();
    let holds = |approver: &crate::model::framework::Approver| {
        approval::certificate_holds(
            approver,
            &certificate,
            signer.certificate_der(),
            &chain,
            &inputs.trust,
            now(),
        )
    };
    let approver = match &request.name {
        Some(name) => match find_approver(inputs, name) {
            Ok(approver) => approver,
            Err(refusal) => return Ok(Err(refusal)),
        },
        None => match framework
            .approvers
            .iter()
            .find(|a| approval::pin_names(a, &certificate))
        {
            Some(approver) => approver,
            None => {
                return refuse(
                    format!(
                        "the certificate of {} (SHA-256 {}) is pinned for none of the plan's approvers",
                        certificate.subject, certificate.sha256
                    ),
                    "pin it in framework.toml: certificate_sha256 = \"…\" under the approver",
                );
            }
        },
    };
    if let Err(why) = holds(approver) {
        return refuse(
            why.into(),
            "sign with the approver's own certificate, or correct its pin",
        );
    }
    let at = now();
    let statement = ApprovalStatement::new(framework, approver, year.year, fingerprint, at);
    let bytes = statement.to_bytes();
    let signature = koers_sign::sign_detached(&bytes, &signer, at, request.tsa.as_deref())?;
    let stem = signoff::file_stem(&approver.name);
    let relative = format!("{}/{APPROVALS_DIR}/{stem}.json", year.year);
    let mut crls = Vec::new();
    for file in &request.crls {
        let read = std::fs::read(file)
            .map_err(|e| e.to_string())
            .and_then(|bytes| koers_sign::revocation::crls_of(&bytes).map_err(String::from));
        match read {
            Ok(found) => crls.extend(found),
            Err(why) => {
                return Ok(Err(ApproveOutcome::Refused(vec![
                    Diagnostic::error(file, why)
                        .hint("give a CRL as PEM (-----BEGIN X509 CRL-----) or DER"),
                ])));
            }
        }
    }
    let mut ocsp = Vec::new();
    for file in &request.ocsp {
        let read = std::fs::read(file)
            .map_err(|e| e.to_string())
            .and_then(|bytes| koers_sign::ocsp::responses_of(&bytes).map_err(String::from));
        match read {
            Ok(found) => ocsp.extend(found),
            Err(why) => {
                return Ok(Err(ApproveOutcome::Refused(vec![
                    Diagnostic::error(file, why)
                        .hint("give the OCSP response as DER, as `openssl ocsp -respout` saves it"),
                ])));
            }
        }
    }
    let signed = SignedApproval {
        path: relative,
        statement: bytes,
        signature,
        crls,
        ocsp,
    };
    // The same judgement a build and `verify` will make, before anything is
    // written: an approval that would not count is refused now.
    if let Err(why) = approval::judge(
        &signed,
        Expected {
            framework,
            year: year.year,
            as_of: year.as_of,
            now: at,
            trust: &inputs.trust,
        },
    ) {
        return refuse(
            format!("this approval would not count: {why}"),
            "see the reason above",
        );
    }
    let dir = year.dir.join(APPROVALS_DIR);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    // The signature first: a statement is never there without it.
    write_atomically(&dir.join(format!("{stem}.p7s")), &signed.signature)?;
    let crl_path = dir.join(format!("{stem}.crl"));
    match signed.crls.is_empty() {
        true => {
            // A list left from an earlier approval is not this one's.
            if crl_path.exists() {
                std::fs::remove_file(&crl_path)
                    .with_context(|| format!("cannot remove {}", crl_path.display()))?;
            }
        }
        false => write_atomically(
            &crl_path,
            koers_sign::revocation::crls_pem(&signed.crls).as_bytes(),
        )?,
    }
    let ocsp_path = dir.join(format!("{stem}.ocsp"));
    match signed.ocsp.is_empty() {
        true => {
            if ocsp_path.exists() {
                std::fs::remove_file(&ocsp_path)
                    .with_context(|| format!("cannot remove {}", ocsp_path.display()))?;
            }
        }
        false => write_atomically(&ocsp_path, &signed.ocsp.concat())?,
    }
    let path = dir.join(format!("{stem}.json"));
    write_atomically(&path, &signed.statement)?;
    Ok(Ok((
        format!(
            "{} ({}) signed the approval of",
            approver.name, certificate.subject
        ),
        path,
    )))
}

/// When an approver of this year has approved other data before, what
/// changed since, from a report of that data in the output folder.
fn show_changes(
    request: &ApproveRequest,
    inputs: &Inputs,
    year: &YearData,
    current: &str,
    secrets: &dyn Secrets,
) {
    let states = approver_states(
        SignoffYear::of(year),
        &inputs.framework,
        &inputs.trust,
        current,
    );
    let earlier: Vec<&str> = states
        .iter()
        .filter_map(|s| s.approval.as_ref())
        .filter(|a| request.name.as_ref().is_none_or(|n| *n == a.name))
        .map(|a| a.fingerprint.as_str())
        .filter(|f| *f != current)
        .collect();
    for fingerprint in earlier {
        let Some(report) = crate::readback::reports_with(&request.reports, year.year, fingerprint)
        else {
            secrets.show(&format!(
                "an earlier approval was given for other data (fingerprint {}); no report of that data is in {} to compare with",
                fingerprint.get(..16).unwrap_or(fingerprint),
                request.reports.display()
            ));
            continue;
        };
        match crate::readback::diff(
            &report,
            &request.inputs,
            Some(year.year),
            request.templates.as_deref(),
            request.limits,
        ) {
            Ok(diff) => {
                secrets.show("what changed since the earlier approval:");
                for line in diff.lines() {
                    secrets.show(&line);
                }
            }
            Err(err) => secrets.show(&format!(
                "cannot compare with {}: {err:#}",
                report.display()
            )),
        }
        break;
    }
}

/// A recorded approval: the approver's name and today's date.
fn record(
    framework: &Framework,
    approver: &Approver,
    year: &YearData,
    fingerprint: &str,
) -> Result<(String, PathBuf)> {
    let today = chrono::Local::now().date_naive();
    if today < year.as_of {
        anyhow::bail!(
            "{} cannot be approved before its as-of date {}",
            year.year,
            year.as_of
        );
    }
    let mut signoff = year.signoff.clone();
    signoff.approve(Approval {
        name: approver.name.clone(),
        role: approver.role.get(framework.first_language()).to_string(),
        date: today,
        fingerprint: fingerprint.to_string(),
        signature: None,
    });
    let path = year.dir.join(FILE_NAME);
    write_atomically(&path, signoff.to_toml()?.as_bytes())?;
    Ok((
        format!("{} approved (recorded, not signed)", approver.name),
        path,
    ))
}

/// Removes the approver's signed and recorded approvals of the year.
fn revoke(year: &YearData, approver: &Approver) -> Result<Option<PathBuf>> {
    let mut removed = None;
    let stem = signoff::file_stem(&approver.name);
    let dir = year.dir.join(APPROVALS_DIR);
    for name in [format!("{stem}.json"), format!("{stem}.p7s")] {
        let path = dir.join(name);
        if path.exists() {
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
            removed = Some(dir.clone());
        }
    }
    let mut signoff = year.signoff.clone();
    if signoff.revoke(&approver.name) {
        let path = year.dir.join(FILE_NAME);
        write_atomically(&path, signoff.to_toml()?.as_bytes())?;
        removed = Some(path);
    }
    Ok(removed)
}
