//! A signed approval: the statement an approver signs, and the judgement of
//! a stored one. An approval counts only when its signature verifies over
//! exactly this statement, the statement is about this plan, year and
//! approver, the certificate is the one pinned for the approver, may sign,
//! and was valid when it signed, and the signing time is a fact: not in the
//! future, not before the year's as-of date.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::intake::framework::{Approver, Framework};
use crate::intake::signoff::{Approval, ApprovalSignature, SignedApproval};

/// What the `statement` field of every approval says, so the bytes cannot be
/// mistaken for anything else an approver might sign.
pub const STATEMENT: &str =
    "I approve the annual progress report for the data with this fingerprint";

/// Clocks differ; a signing time this far ahead of ours is still accepted.
const CLOCK_SKEW_SECONDS: i64 = 300;

/// The approval statement, signed as its canonical bytes: compact JSON in
/// this field order, written only by [`ApprovalStatement::to_bytes`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApprovalStatement {
    pub statement: String,
    pub plan: String,
    pub year: i32,
    pub fingerprint: String,
    pub approver: String,
    pub role: String,
    /// RFC 3339 UTC, to the second: `2025-02-03T10:15:00Z`.
    pub signed_at: String,
}

impl ApprovalStatement {
    pub fn new(
        framework: &Framework,
        approver: &Approver,
        year: i32,
        fingerprint: &str,
        signed_at: NaiveDateTime,
    ) -> Self {
        Self {
            statement: STATEMENT.to_string(),
            plan: framework.plan.id.value.clone(),
            year,
            fingerprint: fingerprint.to_string(),
            approver: approver.name.clone(),
            role: approver.role.get(framework.first_language()).to_string(),
            signed_at: rfc3339(signed_at),
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// Reads statement bytes, which must be canonical: written back they
    /// give the same bytes (so no two byte strings say the same thing).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        let statement: Self = serde_json::from_slice(bytes)
            .map_err(|e| format!("the statement is not a Koers approval: {e}"))?;
        if statement.to_bytes() != bytes {
            return Err("the statement is not in its canonical form".into());
        }
        if statement.statement != STATEMENT {
            return Err("the statement does not say that it approves a report".into());
        }
        Ok(statement)
    }

    pub fn signed_at(&self) -> Result<NaiveDateTime, String> {
        NaiveDateTime::parse_from_str(&self.signed_at, "%Y-%m-%dT%H:%M:%SZ")
            .map_err(|_| format!("the signing time `{}` is not RFC 3339 UTC", self.signed_at))
    }
}

pub fn rfc3339(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A signed approval that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JudgedApproval {
    pub statement: ApprovalStatement,
    pub certificate: koers_sign::CertificateFacts,
    pub signed_at: NaiveDateTime,
    /// A timestamp authority's word on when the signature existed.
    pub timestamp: Option<koers_sign::Timestamp>,
}

impl JudgedApproval {
    /// The approval as the report's record carries it.
    pub fn approval(&self, signed: &SignedApproval) -> Approval {
        Approval {
            name: self.statement.approver.clone(),
            role: self.statement.role.clone(),
            date: self.signed_at.date(),
            fingerprint: self.statement.fingerprint.clone(),
            signature: Some(ApprovalSignature {
                statement: String::from_utf8_lossy(&signed.statement).into_owned(),
                cms: hex(&signed.signature),
                signer: self.certificate.subject.clone(),
                certificate_sha256: self.certificate.sha256.clone(),
                signed_at: self.statement.signed_at.clone(),
                timestamp: self
                    .timestamp
                    .as_ref()
                    .map(|t| format!("{} by {}", rfc3339(t.time), t.authority)),
            }),
        }
    }
}

/// What a signed approval must be about.
#[derive(Debug, Clone, Copy)]
pub struct Expected<'a> {
    pub framework: &'a Framework,
    pub year: i32,
    pub as_of: NaiveDate,
    /// The time to judge against (the clock, in UTC).
    pub now: NaiveDateTime,
}

/// Checks one stored signed approval; the reason in words when it fails.
pub fn judge(signed: &SignedApproval, expected: Expected) -> Result<JudgedApproval, String> {
    let verified = koers_sign::verify_detached(&signed.statement, &signed.signature)?;
    let statement = ApprovalStatement::from_bytes(&signed.statement)?;
    let framework = expected.framework;
    if statement.plan != framework.plan.id.value {
        return Err(format!(
            "the approval is for plan `{}`, not `{}`",
            statement.plan, framework.plan.id.value
        ));
    }
    if statement.year != expected.year {
        return Err(format!(
            "the approval is for {}, not {}",
            statement.year, expected.year
        ));
    }
    let approver = framework
        .approvers
        .iter()
        .find(|a| a.name == statement.approver)
        .ok_or_else(|| format!("`{}` is not an approver of the plan", statement.approver))?;
    let signed_at = statement.signed_at()?;
    if verified.signing_time != Some(signed_at) {
        return Err("the signature's signing time is not the statement's".into());
    }
    let certificate = koers_sign::CertificateFacts::from_der(&verified.certificate_der)?;
    approver.pin_matches(&certificate)?;
    if !certificate.signing_usage {
        return Err(format!(
            "the certificate of {} may not sign (no digital-signature or non-repudiation key usage)",
            approver.name
        ));
    }
    if signed_at < certificate.not_before || signed_at > certificate.not_after {
        return Err(format!(
            "the certificate of {} was not valid at the signing time {} (valid {} to {})",
            approver.name,
            statement.signed_at,
            rfc3339(certificate.not_before),
            rfc3339(certificate.not_after)
        ));
    }
    if (signed_at - expected.now).num_seconds() > CLOCK_SKEW_SECONDS {
        return Err(format!(
            "the signing time {} is in the future",
            statement.signed_at
        ));
    }
    if let Some(stamp) = &verified.timestamp {
        // The authority saw the signature at `time`: it cannot have been
        // made later, and an authority's clock is not in the future either.
        if (signed_at - stamp.time).num_seconds() > CLOCK_SKEW_SECONDS {
            return Err(format!(
                "the signing time {} is after the timestamp {}",
                statement.signed_at,
                rfc3339(stamp.time)
            ));
        }
        if (stamp.time - expected.now).num_seconds() > CLOCK_SKEW_SECONDS {
            return Err(format!(
                "the timestamp {} is in the future",
                rfc3339(stamp.time)
            ));
        }
    }
    if signed_at.date() < expected.as_of {
        return Err(format!(
            "the signing time {} is before the year's as-of date {}",
            statement.signed_at, expected.as_of
        ));
    }
    Ok(JudgedApproval {
        statement,
        certificate,
        signed_at,
        timestamp: verified.timestamp,
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The bytes of a hex string; `None` when it is not one.
pub fn unhex(text: &str) -> Option<Vec<u8>> {
    let digits = text.as_bytes();
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    digits
        .chunks_exact(2)
        .map(|pair| {
            std::str::from_utf8(pair)
                .ok()
                .and_then(|p| u8::from_str_radix(p, 16).ok())
        })
        .collect()
}
