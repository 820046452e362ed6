//! The approvals of an annual report as typed data: recorded ones
//! (`signoff.toml`, read and written by this one definition), signed ones
//! as found (statement, signature and revocation evidence), and an
//! approval as a report's record carries it.
//!
//! An approval is only worth something for the data it was given on, so each
//! one records the fingerprint of the year's inputs (see `audit`). A report
//! is FINAL when every approver of the framework has approved the current
//! fingerprint; any later change to an input byte makes the approvals stale
//! and the report a DRAFT again.

use anyhow::{Context, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The signoff file's name inside a year folder.
pub const FILE_NAME: &str = "signoff.toml";

/// The folder inside a year folder that holds signed approvals:
/// `<name>.json` (the statement, exactly the signed bytes) and `<name>.p7s`
/// (its detached CMS signature, DER).
pub const APPROVALS_DIR: &str = "approvals";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signoff {
    /// Recorded approvals (`signoff.toml`).
    #[serde(default)]
    pub approvals: Vec<Approval>,
    /// Signed approvals (`approvals/`), as found: judged by `audit`.
    #[serde(skip)]
    pub signed: Vec<SignedApproval>,
}

/// One signed approval as stored: the statement and its signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedApproval {
    /// The statement's path relative to the inputs folder
    /// (`2024/approvals/laura-szabo.json`), for diagnostics.
    pub path: String,
    pub statement: Vec<u8>,
    pub signature: Vec<u8>,
    /// The CRLs stored with it (`<name>.crl`), each DER: the evidence that
    /// its certificate was not revoked when it signed.
    pub crls: Vec<Vec<u8>>,
    /// The OCSP responses stored with it (`<name>.ocsp`), each DER: the
    /// same evidence from the CA's responder.
    pub ocsp: Vec<Vec<u8>>,
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
    /// For a signed approval: the statement and signature, so a report's
    /// attached record can be checked without the inputs folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<ApprovalSignature>,
}

/// A signed approval as carried in a report's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApprovalSignature {
    /// The signed statement, exactly (UTF-8 JSON).
    pub statement: String,
    /// The detached CMS signature, DER in hex.
    pub cms: String,
    /// The signer certificate's subject.
    pub signer: String,
    /// SHA-256 of the signer certificate, hex.
    pub certificate_sha256: String,
    /// The signing time, RFC 3339 UTC.
    pub signed_at: String,
    /// The RFC 3161 timestamp on the signature: its time and authority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// The CRLs stored with the approval, DER in hex.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub crls: Vec<String>,
    /// The OCSP responses stored with the approval, DER in hex.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ocsp: Vec<String>,
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

/// `Laura Szabó` → `laura-szabo`: the approval's file name.
pub fn file_stem(name: &str) -> String {
    let mut stem = String::new();
    for c in name.chars() {
        // One character at a time through the vocabulary folding: lower
        // case, accents off (spaces, `_` and `-` come out empty).
        let folded = crate::core::normalize(&c.to_string());
        match folded.chars().next() {
            Some(f) if f.is_ascii_alphanumeric() => stem.push(f),
            _ if !stem.is_empty() && !stem.ends_with('-') => stem.push('-'),
            _ => {}
        }
    }
    let stem = stem.trim_end_matches('-');
    match stem.is_empty() {
        true => "approver".into(),
        false => stem.into(),
    }
}

impl Signoff {
    pub fn parse(text: &str) -> Result<Signoff, (String, Option<usize>)> {
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
