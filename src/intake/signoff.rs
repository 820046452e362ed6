//! Approvals of an annual report, in `inputs/<year>/signoff.toml`.
//!
//! An approval is only worth something for the data it was given on, so each
//! one records the fingerprint of the year's inputs (see [`crate::audit`]). A
//! report is FINAL when every approver of the framework has approved the
//! current fingerprint; any later change to an input byte makes the approvals
//! stale and the report a DRAFT again.

use anyhow::{Context, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::source::Source;
use crate::core::text::line_column;

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

impl Signoff {
    /// Reads a signoff file; a missing file means no approvals. A file that
    /// cannot be read or parsed is an error naming the place.
    pub fn load(source: Source, relative: &str) -> Result<Signoff> {
        let path = source.path(relative);
        let text = match source.read(relative) {
            Ok(bytes) => String::from_utf8(bytes)
                .with_context(|| format!("{} is not valid UTF-8", path.display()))?,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Signoff::default()),
            Err(err) => return Err(err).with_context(|| format!("cannot read {}", path.display())),
        };
        Self::parse(&text).map_err(|(message, offset)| {
            let (line, column) = offset.map_or((1, 1), |o| line_column(&text, o));
            anyhow::anyhow!("{}:{line}:{column}: {message}", path.display())
        })
    }

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
