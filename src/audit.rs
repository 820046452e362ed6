//! The audit trail: fingerprints of the inputs and the output manifest.
//!
//! A year's fingerprint binds approvals to the exact bytes a report is built
//! from. It is deliberately simple to re-perform without Koers: it is the
//! SHA-256 of `sha256sum`-style lines (`<hash>  <path>`), one per file, sorted
//! by path: the framework, the input files of the year and of the plan's
//! earlier years (the report shows their figures too; never `signoff.toml`),
//! and the template files as `template/<name>`.

use serde::Serialize;

use crate::inputs::{InputFile, Inputs, sha256_hex};
use crate::render::Templates;
use crate::signoff::Approval;

/// The lines the fingerprint of `year` is the SHA-256 of. A report shows
/// the earlier plan years too (trends, history), so their files count.
pub fn fingerprint_text(inputs: &Inputs, year: i32, templates: &Templates) -> String {
    let mut lines: Vec<(String, String)> = inputs
        .files_up_to(year)
        .map(|f| (f.path.clone(), f.sha256.clone()))
        .chain(
            templates
                .files()
                .map(|(name, bytes)| (format!("template/{name}"), sha256_hex(bytes))),
        )
        .collect();
    lines.sort();
    lines
        .iter()
        .map(|(path, hash)| format!("{hash}  {path}\n"))
        .collect()
}

/// The fingerprint of a year's inputs and template.
pub fn fingerprint(inputs: &Inputs, year: i32, templates: &Templates) -> String {
    sha256_hex(fingerprint_text(inputs, year, templates).as_bytes())
}

/// `output/manifest.json`: what was built from what.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct Manifest {
    pub koers_version: String,
    pub template: TemplateInfo,
    pub years: Vec<YearEntry>,
    pub outputs: Vec<OutputEntry>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct TemplateInfo {
    /// `built-in` or the template folder as given.
    pub origin: String,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct YearEntry {
    pub year: i32,
    pub fingerprint: String,
    /// `draft` or `final`.
    pub state: String,
    pub approvals: Vec<Approval>,
    pub inputs: Vec<InputEntry>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
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
            sha256: file.sha256.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct OutputEntry {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    pub year: i32,
    pub lang: String,
    pub scope: String,
    pub state: String,
    pub sha256: String,
}

/// The manifest's file name in the output folder.
pub const MANIFEST: &str = "manifest.json";
