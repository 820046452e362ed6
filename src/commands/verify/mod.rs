//! `koers verify`: what an auditor runs on a report or an output folder.
//!
//! Each PDF gets a list of checks, each passing or failing on its own, so the
//! auditor sees exactly what holds: the file against the manifest beside it,
//! its signatures, the attached sources against the approved fingerprint, and
//! optionally a rebuild from those attached sources that must give the same
//! bytes.

mod checks;
mod rebuild;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::audit::{ApprovalsRecord, MANIFEST, Manifest, marked_archival};
use checks::*;

/// One check's result.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Check {
    pub name: &'static str,
    /// `None` for a check that does not apply (shown, but not a failure).
    pub passed: Option<bool>,
    pub detail: String,
}

/// What `koers verify` found, for people (lines) and for programs (JSON,
/// the same content).
#[derive(Debug, Clone, serde::Serialize)]
pub struct VerifyReport {
    pub reports: Vec<ReportVerdict>,
    /// Outputs a folder's manifest lists that are not there.
    pub missing: Vec<String>,
    /// Web editions in a folder that no report or manifest accounts for.
    pub stray_pages: Vec<String>,
    pub verified: usize,
    pub total: usize,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ReportVerdict {
    pub path: String,
    /// Every check passed (or did not apply).
    pub verified: bool,
    pub checks: Vec<Check>,
}

impl VerifyReport {
    pub fn all_verified(&self) -> bool {
        self.verified == self.total && self.missing.is_empty() && self.stray_pages.is_empty()
    }
}

/// Verifies every PDF under `paths` (files, or folders searched).
pub fn verify_all(paths: &[PathBuf], config: &VerifyConfig) -> Result<VerifyReport> {
    let pdfs = pdfs(paths)?;
    if pdfs.is_empty() {
        anyhow::bail!(
            "no PDF found in {}",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let reports: Vec<ReportVerdict> = pdfs
        .iter()
        .map(|pdf| {
            let checks = verify_pdf(pdf, config);
            ReportVerdict {
                path: pdf.display().to_string(),
                verified: checks.iter().all(|c| c.passed != Some(false)),
                checks,
            }
        })
        .collect();
    let missing = paths
        .iter()
        .filter(|p| p.is_dir())
        .flat_map(|dir| missing_outputs(dir))
        .collect();
    let stray_pages = paths
        .iter()
        .filter(|p| p.is_dir())
        .flat_map(|dir| stray_pages(dir))
        .collect();
    Ok(VerifyReport {
        stray_pages,
        verified: reports.iter().filter(|r| r.verified).count(),
        total: reports.len(),
        reports,
        missing,
    })
}

impl Check {
    fn pass(name: &'static str, detail: impl Into<String>) -> Self {
        Self {
            name,
            passed: Some(true),
            detail: detail.into(),
        }
    }

    fn fail(name: &'static str, detail: impl Into<String>) -> Self {
        Self {
            name,
            passed: Some(false),
            detail: detail.into(),
        }
    }

    fn skip(name: &'static str, detail: impl Into<String>) -> Self {
        Self {
            name,
            passed: None,
            detail: detail.into(),
        }
    }

    pub fn line(&self) -> String {
        let word = match self.passed {
            Some(true) => "ok  ",
            Some(false) => "FAIL",
            None => "--  ",
        };
        format!("  {word} {}: {}", self.name, self.detail)
    }
}

/// How to verify.
#[derive(Debug, Clone, Default)]
pub struct VerifyConfig {
    /// What a rebuild reads the attached inputs within (those the build
    /// was made with).
    pub limits: crate::intake::limits::Limits,
    /// The certificate every signature must have been made with.
    pub trust: Option<PathBuf>,
    /// Rebuild each report from its attached sources and compare bytes.
    pub rebuild: bool,
    /// A DRAFT passes (as "not approved") instead of failing.
    pub allow_draft: bool,
}

/// The PDFs named by `paths`: files as given, folders searched recursively.
pub fn pdfs(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for path in paths {
        if path.is_dir() {
            collect(path, &mut found, &mut seen)?;
        } else if path.exists() {
            found.push(path.clone());
        } else {
            anyhow::bail!("{} does not exist", path.display());
        }
    }
    found.sort();
    Ok(found)
}

/// Every PDF under `dir`. Each folder is visited once by its real path, so
/// symbolic links that loop end the walk instead of repeating it forever;
/// only regular files are PDFs (a FIFO named `x.pdf` is not read).
fn collect(
    dir: &Path,
    found: &mut Vec<PathBuf>,
    seen: &mut std::collections::BTreeSet<PathBuf>,
) -> Result<()> {
    let real = dir
        .canonicalize()
        .with_context(|| format!("cannot list {}", dir.display()))?;
    if !seen.insert(real) {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry
            .with_context(|| format!("cannot list {}", dir.display()))?
            .path();
        if path.is_dir() {
            collect(&path, found, seen)?;
        } else if path.is_file()
            && path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
        {
            found.push(path);
        }
    }
    Ok(())
}

/// No report comes near this; a larger file is refused, not read.
const MAX_PDF_BYTES: u64 = 512 * 1024 * 1024;

/// A regular file's bytes, at most [`MAX_PDF_BYTES`] of them.
fn read_pdf(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        anyhow::bail!("not a regular file (a folder, device, FIFO or socket)");
    }
    if metadata.len() > MAX_PDF_BYTES {
        anyhow::bail!("{} bytes, more than a report can have", metadata.len());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_PDF_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_PDF_BYTES {
        anyhow::bail!("more bytes than a report can have");
    }
    Ok(bytes)
}

/// Outputs a folder's manifest lists that are not there.
pub fn missing_outputs(dir: &Path) -> Vec<String> {
    let Ok(bytes) = std::fs::read(dir.join(MANIFEST)) else {
        return Vec::new();
    };
    let Ok(manifest) = Manifest::from_json(&bytes) else {
        return Vec::new();
    };
    manifest
        .outputs
        .iter()
        .filter(|o| !dir.join(&o.path).exists())
        .map(|o| dir.join(&o.path).display().to_string())
        .collect()
}

/// Web editions under `dir` that no report beside them, or no manifest
/// entry, accounts for: a page is checked through its report, so one
/// without is named, never passed over.
pub fn stray_pages(dir: &Path) -> Vec<String> {
    let manifest = std::fs::read(dir.join(MANIFEST))
        .ok()
        .and_then(|bytes| Manifest::from_json(&bytes).ok());
    let mut pages = Vec::new();
    collect_pages(dir, &mut pages, 0);
    pages
        .into_iter()
        .filter_map(|page| {
            let relative = page
                .strip_prefix(dir)
                .map(crate::core::text::slash_path)
                .unwrap_or_default();
            let listed = manifest
                .as_ref()
                .is_some_and(|m| m.outputs.iter().any(|o| o.path == relative));
            let report = page.with_extension("pdf");
            match (report.is_file(), listed || manifest.is_none()) {
                (true, true) => None,
                (false, _) => Some(format!(
                    "{}: FAIL a web edition without its report beside it",
                    page.display()
                )),
                (true, false) => Some(format!(
                    "{}: FAIL a web edition the manifest does not list",
                    page.display()
                )),
            }
        })
        .collect()
}

fn collect_pages(dir: &Path, found: &mut Vec<PathBuf>, depth: usize) {
    // An output folder is `<year>/<lang>/`; deeper is not Koers's.
    if depth > 4 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for path in entries.flatten().map(|e| e.path()) {
        let Ok(metadata) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if metadata.is_dir() {
            collect_pages(&path, found, depth + 1);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("html"))
        {
            found.push(path);
        }
    }
}

/// Every check of one PDF.
pub fn verify_pdf(path: &Path, config: &VerifyConfig) -> Vec<Check> {
    let bytes = match read_pdf(path) {
        Ok(bytes) => bytes,
        Err(err) => return vec![Check::fail("read", format!("cannot read the file: {err}"))],
    };
    if crate::readback::pdf::nests_too_deeply(&bytes) {
        return vec![Check::fail(
            "structure",
            "the PDF nests arrays or dictionaries too deeply to be a report",
        )];
    }
    let mut checks = vec![manifest_check(path, &bytes)];
    let unsigned = koers_sign::unsigned_prefix(&bytes);
    // The nesting was checked above, on the whole file.
    let attachments =
        crate::readback::pdf::attachments_of_checked(unsigned).map(crate::readback::by_source_path);
    let approvals = attachments.as_ref().ok().map(fingerprint_check);
    // FINAL by its PDF/A marking or by its attached approvals: either claim
    // is enough to demand what a FINAL report must have.
    let marked_final = marked_archival(unsigned);
    let claims_final = marked_final
        || approvals
            .as_ref()
            .and_then(|(_, a)| a.as_ref())
            .is_some_and(|a| a.state.is_final());
    let sealed = approvals
        .as_ref()
        .and_then(|(_, a)| a.as_ref())
        .is_some_and(|a| a.sealed);
    // The seal the attached plan requires (approved with it: the plan is
    // part of the fingerprint), whatever the record says.
    let framework = attachments.as_ref().ok().map(checks::attached_framework);
    let required_seal = framework
        .as_ref()
        .and_then(|f| f.as_ref().ok())
        .and_then(|f| f.seal.as_ref())
        .map(|seal| seal.sha256());
    checks.extend(signature_checks(
        &bytes,
        claims_final,
        sealed,
        required_seal.as_deref(),
        config,
    ));
    let attachments = match attachments {
        Ok(attachments) => attachments,
        Err(err) => {
            checks.push(Check::fail(
                "attachments",
                format!("cannot read the attachments: {err:#}"),
            ));
            return checks;
        }
    };
    let Some((check, approvals)) = approvals else {
        return checks;
    };
    checks.push(check);
    if let Some(approvals) = &approvals {
        checks.push(identity_check(path, approvals));
        let framework = match &framework {
            Some(Ok(framework)) => Ok(framework),
            Some(Err(why)) => Err(*why),
            None => Err("the attachments cannot be read"),
        };
        checks.push(approvals_check(
            approvals,
            marked_final,
            framework,
            &attachments,
            config.allow_draft,
        ));
        checks.extend(figures_check(path, approvals, &attachments));
        let web = web_beside(path);
        if let Some((html_path, html)) = &web {
            checks.push(match html {
                Ok(html) => {
                    // The web edition is not signed: the manifest of the
                    // build that wrote both is what ties it to the report.
                    let mut check = checks::manifest_check(html_path, html);
                    check.name = "web";
                    check.detail = format!(
                        "{}: {} (the page is not signed: --rebuild proves it is this report's)",
                        html_path.display(),
                        check.detail
                    );
                    check
                }
                Err(why) => Check::fail("web", why.clone()),
            });
        }
        if config.rebuild {
            let web = web
                .as_ref()
                .and_then(|(p, html)| Some((p.as_path(), html.as_ref().ok()?.as_slice())));
            checks.extend(rebuild::rebuild_check(
                unsigned,
                &attachments,
                approvals,
                config.limits,
                web,
            ));
        }
    }
    checks
}

/// The web edition beside a report (`<name>.html`), read: `None` when there
/// is none (a lone PDF, or a build without web editions).
fn web_beside(path: &Path) -> Option<(PathBuf, Result<Vec<u8>, String>)> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    let html = path.with_file_name(crate::render::web_name(&name));
    let metadata = std::fs::symlink_metadata(&html).ok()?;
    let read = match metadata.is_file() && metadata.len() <= MAX_PDF_BYTES {
        true => std::fs::read(&html).map_err(|e| format!("cannot read {}: {e}", html.display())),
        false => Err(format!("{} is not a regular file", html.display())),
    };
    Some((html, read))
}

/// The figures workbook beside a report must be the one inside it (both
/// are written by one build). `None` when there is none beside it: a lone
/// PDF is verified on its own, and a build folder's manifest names any
/// output that is missing.
fn figures_check(
    path: &Path,
    record: &ApprovalsRecord,
    attachments: &BTreeMap<String, Vec<u8>>,
) -> Option<Check> {
    const NAME: &str = "figures";
    let id = record.report.as_ref()?;
    let name = crate::audit::figures_name(&id.plan, id.year, id.lang);
    let beside = path.with_file_name(&name);
    let on_disk = std::fs::symlink_metadata(&beside).ok()?;
    let Some(inside) = attachments.get(&name) else {
        return Some(Check::fail(
            NAME,
            format!("{name} is beside the report but not attached to it"),
        ));
    };
    if !on_disk.is_file() || on_disk.len() > MAX_PDF_BYTES {
        return Some(Check::fail(
            NAME,
            format!("{name} is not a regular file of figures"),
        ));
    }
    Some(match std::fs::read(&beside) {
        Ok(bytes) if bytes == *inside => Check::pass(
            NAME,
            format!(
                "{name} beside the report is the one attached (SHA-256 {})",
                crate::core::sha256_hex(&bytes)
            ),
        ),
        Ok(_) => Check::fail(
            NAME,
            format!(
                "{name} beside the report differs from the one attached: its figures are not this report's"
            ),
        ),
        Err(err) => Check::fail(NAME, format!("cannot read {name}: {err}")),
    })
}

/// The report the record says this is must be the one the file name says:
/// a FINAL of one unit renamed to another's name is not that unit's report.
fn identity_check(path: &Path, record: &ApprovalsRecord) -> Check {
    const NAME: &str = "identity";
    let Some(identity) = &record.report else {
        return Check::fail(
            NAME,
            "the attached record does not say which report this is",
        );
    };
    let expected = crate::audit::report_file_name(
        &identity.plan,
        identity.year,
        &identity.scope,
        identity.lang,
    );
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    match name.as_deref() == Some(expected.as_str()) {
        true => Check::pass(
            NAME,
            format!(
                "plan {}, {}, scope {}, language {}, as its name says",
                identity.plan, identity.year, identity.scope, identity.lang
            ),
        ),
        false => Check::fail(
            NAME,
            format!(
                "the report is {expected} (plan {}, {}, scope {}, language {}), not {}",
                identity.plan,
                identity.year,
                identity.scope,
                identity.lang,
                name.unwrap_or_default()
            ),
        ),
    }
}
