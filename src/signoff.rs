//! Approvals of an annual report, in `inputs/<year>/signoff.toml`.
//!
//! An approval is only worth something for the data it was given on, so each
//! one records the fingerprint of the year's inputs (see [`crate::audit`]). A
//! report is FINAL when every approver of the framework has approved the
//! current fingerprint; any later change to an input byte makes the approvals
//! stale and the report a DRAFT again.

use std::path::Path;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::diagnostics::line_column;
use crate::framework::Framework;

/// The signoff file's name inside a year folder.
pub const FILE_NAME: &str = "signoff.toml";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signoff {
    #[serde(default)]
    pub approvals: Vec<Approval>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub name: String,
    pub role: String,
    #[serde(deserialize_with = "date")]
    pub date: NaiveDate,
    /// The year's fingerprint the approval was given for.
    pub fingerprint: String,
}

/// A date written as a TOML date (`2024-02-15`) or as a string.
fn date<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    use serde::de::Error;
    let text = match toml::Value::deserialize(deserializer)? {
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::String(s) => s,
        other => {
            return Err(D::Error::custom(format!(
                "expected a date like 2024-02-15, found {}",
                other.type_str()
            )));
        }
    };
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map_err(|_| D::Error::custom(format!("expected a date like 2024-02-15, found `{text}`")))
}

/// Where an approver stands for the current data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Standing {
    /// Approved the current fingerprint.
    Valid,
    /// Approved other data: an input changed since.
    Stale,
    /// Has not approved.
    Missing,
}

/// One approver and their approval, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApproverState {
    pub name: String,
    pub standing: Standing,
    pub approval: Option<Approval>,
}

impl Signoff {
    /// Reads a signoff file; a missing file means no approvals. A file that
    /// cannot be read or parsed is an error naming the place.
    pub fn load(path: &Path) -> Result<Signoff> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Signoff::default()),
            Err(err) => return Err(err).with_context(|| format!("cannot read {}", path.display())),
        };
        Self::parse(&text).map_err(|(message, offset)| {
            let (line, column) = offset.map_or((1, 1), |o| line_column(&text, o));
            anyhow::anyhow!("{}:{line}:{column}: {message}", path.display())
        })
    }

    fn parse(text: &str) -> Result<Signoff, (String, Option<usize>)> {
        toml::from_str(text).map_err(|e| (e.message().to_string(), e.span().map(|s| s.start)))
    }

    pub fn to_toml(&self) -> Result<String> {
        let body = toml::to_string(self).context("cannot write the signoff file")?;
        Ok(format!(
            "# Approvals of this year's report, written by `koers approve`.\n\
             # Each approval holds the fingerprint of the inputs it was given for;\n\
             # when any input changes, the approval becomes stale.\n\n{body}"
        ))
    }

    /// Every approver of the framework, with where they stand for
    /// `fingerprint`, in framework order.
    pub fn states(&self, framework: &Framework, fingerprint: &str) -> Vec<ApproverState> {
        framework
            .approvers
            .iter()
            .map(|approver| {
                let approval = self
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
    pub fn is_final(&self, framework: &Framework, fingerprint: &str) -> bool {
        let states = self.states(framework, fingerprint);
        !states.is_empty() && states.iter().all(|s| s.standing == Standing::Valid)
    }

    /// The latest date among the valid approvals: the document date of a
    /// FINAL report.
    pub fn latest_date(&self, fingerprint: &str) -> Option<NaiveDate> {
        self.approvals
            .iter()
            .filter(|a| a.fingerprint == fingerprint)
            .map(|a| a.date)
            .max()
    }

    /// Adds or replaces `approval` (one per name).
    pub fn approve(&mut self, approval: Approval) {
        self.approvals.retain(|a| a.name != approval.name);
        self.approvals.push(approval);
    }

    /// Removes `name`'s approval; false when there was none.
    pub fn revoke(&mut self, name: &str) -> bool {
        let before = self.approvals.len();
        self.approvals.retain(|a| a.name != name);
        self.approvals.len() != before
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_reports_parse_errors_with_place() {
        let mut signoff = Signoff::default();
        let date = NaiveDate::from_ymd_opt(2024, 2, 15).expect("date");
        signoff.approve(Approval {
            name: "A".into(),
            role: "R".into(),
            date,
            fingerprint: "f1".into(),
        });
        signoff.approve(Approval {
            name: "A".into(),
            role: "R".into(),
            date,
            fingerprint: "f2".into(),
        });
        let text = signoff.to_toml().expect("toml");
        assert_eq!(Signoff::parse(&text).expect("parse"), signoff);
        assert_eq!(signoff.approvals.len(), 1);
        assert_eq!(signoff.latest_date("f2"), Some(date));
        assert!(signoff.revoke("A"));
        assert!(!signoff.revoke("A"));
        let err = Signoff::parse("[[approvals]]\nname = 3\n").expect_err("bad");
        assert!(err.0.contains("invalid type"), "{err:?}");
        let by_hand =
            "[[approvals]]\nname = \"A\"\nrole = \"R\"\ndate = 2024-02-15\nfingerprint = \"f2\"\n";
        assert_eq!(
            Signoff::parse(by_hand).expect("TOML date").approvals[0].date,
            date
        );
    }
}

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
    Refused(Vec<crate::diagnostics::Diagnostic>),
    /// The signoff file was written; the year is now FINAL or not.
    Done { message: String },
}

/// Records (or revokes) an approval of `request.year` for the current
/// fingerprint, writing the signoff file atomically.
pub fn approve(request: &ApproveRequest) -> Result<ApproveOutcome> {
    use crate::diagnostics::{Diagnostic, closest, has_errors};

    let (inputs, diags) = crate::build::load_and_validate(&request.inputs)?;
    let errors: Vec<Diagnostic> = diags
        .into_iter()
        .filter(|d| d.is_error() && d.year.is_none_or(|y| y == request.year))
        .collect();
    let Some(inputs) = inputs.filter(|_| !has_errors(&errors)) else {
        return Ok(ApproveOutcome::Refused(errors));
    };
    let framework_path = inputs.root.join("framework.toml");
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
    let Some(year) = inputs.years.iter().find(|y| y.year == request.year) else {
        return Ok(ApproveOutcome::Refused(vec![
            Diagnostic::error(
                &inputs.root,
                format!("there is no data for {}", request.year),
            )
            .hint("approve a year that has a folder with progress data"),
        ]));
    };
    let templates = match &request.templates {
        Some(dir) => crate::render::Templates::from_dir(dir)?,
        None => crate::render::Templates::builtin(),
    };
    let fingerprint = crate::audit::fingerprint(&inputs, year.year, &templates);
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
    crate::build::write_atomically(&path, signoff.to_toml()?.as_bytes())?;
    let states = signoff.states(&inputs.framework, &fingerprint);
    let valid = states
        .iter()
        .filter(|s| s.standing == Standing::Valid)
        .count();
    let state = if signoff.is_final(&inputs.framework, &fingerprint) {
        "FINAL"
    } else {
        "DRAFT"
    };
    Ok(ApproveOutcome::Done {
        message: format!(
            "{} {verb} {} (fingerprint {}); {valid} of {} approvals valid: the {} reports are {state}\nwrote {}",
            request.name,
            request.year,
            &fingerprint[..16.min(fingerprint.len())],
            states.len(),
            request.year,
            path.display()
        ),
    })
}
