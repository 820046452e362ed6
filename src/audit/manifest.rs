//! `output/manifest.json`: what was built from what. Written last by every
//! build and read by `verify` (and by the next build, to keep the entries
//! of reports it did not touch), through this one definition.

use serde::{Deserialize, Serialize};

use super::fingerprint::TemplateInfo;
use crate::core::{Lang, ReportState};
use crate::intake::InputFile;
use crate::model::signoff::Approval;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub koers_version: String,
    pub template: TemplateInfo,
    pub years: Vec<YearEntry>,
    pub outputs: Vec<OutputEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct YearEntry {
    pub year: i32,
    pub fingerprint: String,
    pub state: ReportState,
    pub approvals: Vec<Approval>,
    pub inputs: Vec<InputEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct InputEntry {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

impl From<&InputFile> for InputEntry {
    fn from(file: &InputFile) -> Self {
        Self {
            path: file.path.clone(),
            size: file.size,
            sha256: file.sha256().to_string(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OutputEntry {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    pub year: i32,
    pub lang: Lang,
    pub scope: String,
    pub state: ReportState,
    pub sha256: String,
    /// The content key of what the report was rendered from (see
    /// `render::PreparedJob::content_key`): a later build with the same key
    /// leaves the file as it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// The manifest's file name in the output folder.
pub const MANIFEST: &str = "manifest.json";

/// The file a build writes once every new report is staged: the moves that
/// put them in place and the manifest that describes the result. Writing it
/// is the build's commit point; a build killed after it is finished by the
/// next one (see `commands::build`), one killed before it changed nothing.
pub const COMMIT: &str = ".koers-commit.json";

/// The content of [`COMMIT`].
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Commit {
    /// Staged file → final name, both relative to the output folder.
    pub moves: Vec<(String, String)>,
    pub manifest: Manifest,
}

impl Commit {
    pub fn to_json(&self) -> anyhow::Result<Vec<u8>> {
        use anyhow::Context;
        serde_json::to_vec(self).context("cannot serialize the build's commit")
    }

    pub fn from_json(bytes: &[u8]) -> Result<Commit, serde_json::Error> {
        serde_json::from_slice(bytes)
    }
}

impl Manifest {
    pub fn to_json(&self) -> anyhow::Result<Vec<u8>> {
        use anyhow::Context;
        serde_json::to_vec_pretty(self).context("cannot serialize the manifest")
    }

    pub fn from_json(bytes: &[u8]) -> Result<Manifest, serde_json::Error> {
        serde_json::from_slice(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_json() {
        let date = chrono::NaiveDate::from_ymd_opt(2024, 2, 15).unwrap_or_default();
        let manifest = Manifest {
            koers_version: "0.1.0".into(),
            template: TemplateInfo {
                origin: "built-in".into(),
                sha256: "aa".into(),
            },
            years: vec![YearEntry {
                year: 2023,
                fingerprint: "f".into(),
                state: ReportState::Final,
                approvals: vec![Approval {
                    name: "A".into(),
                    role: "R".into(),
                    date,
                    fingerprint: "f".into(),
                    signature: None,
                }],
                inputs: vec![InputEntry {
                    path: "framework.toml".into(),
                    size: 3,
                    sha256: "bb".into(),
                }],
            }],
            outputs: vec![OutputEntry {
                path: "2023/nl/p-2023-org-nl.pdf".into(),
                year: 2023,
                lang: Lang::Nl,
                scope: "org".into(),
                state: ReportState::Draft,
                sha256: "cc".into(),
                key: Some("dd".into()),
            }],
        };
        let json = manifest.to_json().unwrap_or_default();
        let text = String::from_utf8_lossy(&json);
        assert!(text.contains("\"state\": \"draft\""), "{text}");
        assert!(text.contains("\"lang\": \"nl\""), "{text}");
        assert_eq!(Manifest::from_json(&json).ok(), Some(manifest.clone()));
        let commit = Commit {
            moves: vec![(".r.pdf.1-0.koers-tmp".into(), "r.pdf".into())],
            manifest: manifest.clone(),
        };
        let bytes = commit.to_json().unwrap_or_default();
        assert_eq!(Commit::from_json(&bytes).ok(), Some(commit));
        // A state the writer never writes is refused, not read as DRAFT.
        let odd = text.replace("\"draft\"", "\"approved\"");
        assert!(Manifest::from_json(odd.as_bytes()).is_err());
    }
}
