//! A year's fingerprint binds approvals to the exact bytes a report is built
//! from. It is deliberately simple to re-perform without Koers: it is the
//! SHA-256 of `sha256sum`-style lines (`<hash>  <path>`), one per file, sorted
//! by path: the framework, the input files of the year and of the plan's
//! earlier years (the report shows their figures too; never `signoff.toml`),
//! and the template files as `template/<name>`.

use serde::{Deserialize, Serialize};

use crate::core::sha256_hex;
use crate::intake::Inputs;

/// What the audit trail knows of the template a run renders with: where it
/// came from and the hash of each file, not the files themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateFiles {
    /// The template built into this Koers, identified by its version.
    pub builtin: bool,
    /// Each file's name inside the template folder and its SHA-256, sorted
    /// by name.
    pub files: Vec<(String, String)>,
    /// SHA-256 over every file's name and bytes.
    pub sha256: String,
}

impl TemplateFiles {
    /// The template as reports and the manifest name it: a custom template
    /// is `custom` (not its folder, so a report does not depend on where the
    /// template lay).
    pub fn info(&self) -> TemplateInfo {
        TemplateInfo {
            origin: if self.builtin { "built-in" } else { "custom" }.to_string(),
            sha256: self.sha256.clone(),
        }
    }
}

/// The template a report was rendered with, as the report and the manifest
/// record it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateInfo {
    /// `built-in` or `custom`.
    pub origin: String,
    pub sha256: String,
}

/// The lines the fingerprint of `year` is the SHA-256 of. A report shows
/// the earlier plan years too (trends, history), so their files count.
pub fn fingerprint_text(inputs: &Inputs, year: i32, template: &TemplateFiles) -> String {
    let mut lines: Vec<(String, &str)> = inputs
        .files_up_to(year)
        .map(|f| (f.path.clone(), f.sha256()))
        .chain(
            template
                .files
                .iter()
                .map(|(name, hash)| (format!("template/{name}"), hash.as_str())),
        )
        .collect();
    lines.sort();
    lines
        .iter()
        .map(|(path, hash)| format!("{hash}  {path}\n"))
        .collect()
}

/// The fingerprint of a year's inputs and template.
pub fn fingerprint(inputs: &Inputs, year: i32, template: &TemplateFiles) -> String {
    sha256_hex(fingerprint_text(inputs, year, template).as_bytes())
}

/// The name a fingerprinted file is attached to a report under: its path
/// with the folders joined by `-` (`2023/actions.csv` → `2023-actions.csv`,
/// `template/report.typ` → `template-report.typ`), because PDF readers and
/// `pdfdetach -saveall` treat a `/` in a name as a folder that must exist.
/// The path itself stays in the attachment's description.
pub fn attachment_name(path: &str) -> String {
    path.replace('/', "-")
}

/// The `<sha256>  <path>` lines of a fingerprint, by path.
pub fn parse_lines(text: &str) -> std::collections::BTreeMap<String, String> {
    text.lines()
        .filter_map(|line| line.split_once("  "))
        .map(|(hash, path)| (path.to_string(), hash.to_string()))
        .collect()
}
