//! The audit record attached to every report (`approvals.json`): the year's
//! state, its fingerprint and the lines it is the hash of, the document date
//! and every approval. `build` writes it and `verify` reads it through this
//! one type, so the two cannot drift apart.

use anyhow::Context;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::status::YearStatus;
use crate::core::{Lang, ReportState};
use crate::model::signoff::Approval;

/// The attachment's name in the PDF, and the virtual path under which it is
/// served to the template.
pub const RECORD_NAME: &str = "approvals.json";

/// The name every report attaches its data-quality findings under: the full
/// list, with file and line, in the report's language (the annex prints
/// counts and examples). Not an input, so not fingerprinted; `verify
/// --rebuild` checks it with the rest of the report.
pub const FINDINGS_NAME: &str = "findings.csv";

/// The figures workbook of a plan's year in one language: its name beside
/// the reports and inside them (see `render::figures_workbook`). Not an
/// input, so not fingerprinted; the manifest lists it, and `verify` checks
/// the file beside a report against the one inside it.
pub fn figures_name(plan_id: &str, year: i32, lang: crate::core::Lang) -> String {
    format!("{plan_id}-{year}-figures-{lang}.xlsx")
}

/// A report's file name, `<plan-id>-<year>-<scope>-<lang>.pdf`: the one
/// definition the build writes and `verify` checks a report's identity by.
pub fn report_file_name(plan_id: &str, year: i32, scope: &str, lang: crate::core::Lang) -> String {
    format!("{plan_id}-{year}-{scope}-{}.pdf", lang.code())
}

/// Which report a PDF is, as Koers itself records it (not the template, whose
/// metadata a custom template may write differently).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportIdentity {
    pub plan: String,
    pub year: i32,
    /// `org` or a unit id, as in the file name.
    pub scope: String,
    pub lang: Lang,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalsRecord {
    /// The report this copy of the record is attached to; absent only in
    /// reports of Koers versions before it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<ReportIdentity>,
    pub year: i32,
    pub state: ReportState,
    pub fingerprint: String,
    /// The `sha256sum`-style lines `fingerprint` is the SHA-256 of.
    pub fingerprint_lines: String,
    /// The date written into the PDF; a rebuild must use it too.
    pub document_date: NaiveDate,
    /// The year's as-of date: no approval may be older.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<NaiveDate>,
    pub approvals: Vec<Approval>,
    /// A FINAL report carrying this record was sealed (signed) as its last
    /// change: without a signature it has been tampered with.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sealed: bool,
}

impl ApprovalsRecord {
    pub fn new(report: ReportIdentity, status: &YearStatus, approvals: &[Approval]) -> Self {
        Self {
            report: Some(report),
            year: status.year,
            state: status.state,
            fingerprint: status.fingerprint.clone(),
            fingerprint_lines: status.fingerprint_text.clone(),
            document_date: status.document_date,
            as_of: Some(status.as_of),
            approvals: approvals.to_vec(),
            sealed: false,
        }
    }

    /// Pretty JSON with its keys sorted at every level, so the bytes do not
    /// depend on field order in the source.
    pub fn to_json(&self) -> anyhow::Result<Vec<u8>> {
        let value = serde_json::to_value(self).context("cannot serialize the approvals")?;
        serde_json::to_vec_pretty(&value).context("cannot serialize the approvals")
    }

    pub fn from_json(bytes: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(bytes)
    }
}

/// FINAL reports, and only they, are PDF/A: their XMP names the part.
pub fn marked_archival(pdf: &[u8]) -> bool {
    // The element, with its bracket: user text in the XMP (a title, say) is
    // XML-escaped, so it cannot imitate it.
    pdf.windows(13).any(|w| w == b"<pdfaid:part>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_with_sorted_keys() {
        let date = NaiveDate::from_ymd_opt(2024, 2, 15).unwrap_or_default();
        let record = ApprovalsRecord {
            report: Some(ReportIdentity {
                plan: "plan".into(),
                year: 2023,
                scope: "org".into(),
                lang: Lang::Fr,
            }),
            year: 2023,
            state: ReportState::Final,
            fingerprint: "f".into(),
            fingerprint_lines: "00  framework.toml\n".into(),
            document_date: date,
            as_of: Some(date),
            approvals: vec![Approval {
                name: "A".into(),
                role: "R".into(),
                date,
                fingerprint: "f".into(),
                signature: None,
            }],
            sealed: true,
        };
        let json = record.to_json().unwrap_or_default();
        let text = String::from_utf8_lossy(&json);
        // Top-level keys, indented by two spaces, in sorted order.
        let keys: Vec<usize> = [
            "approvals",
            "document_date",
            "fingerprint",
            "fingerprint_lines",
            "report",
            "state",
            "year",
        ]
        .iter()
        .map(|k| text.find(&format!("\n  \"{k}\"")).unwrap_or(usize::MAX))
        .collect();
        assert!(keys.iter().all(|k| *k != usize::MAX), "{text}");
        assert!(keys.windows(2).all(|w| w.first() < w.get(1)), "{text}");
        assert!(text.contains("\"state\": \"final\""), "{text}");
        assert_eq!(ApprovalsRecord::from_json(&json).ok(), Some(record));
    }
}
