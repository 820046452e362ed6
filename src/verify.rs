//! `koers verify`: what an auditor runs on a report or an output folder.
//!
//! Each PDF gets a list of checks, each passing or failing on its own, so the
//! auditor sees exactly what holds: the file against the manifest beside it,
//! its signatures, the attached sources against the approved fingerprint, and
//! optionally a rebuild from those attached sources that must give the same
//! bytes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::audit::{MANIFEST, Manifest};
use crate::inputs::sha256_hex;
use crate::render::Templates;
use crate::signoff::{Approval, Signoff};

/// One check's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub name: &'static str,
    /// `None` for a check that does not apply (shown, but not a failure).
    pub passed: Option<bool>,
    pub detail: String,
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
    /// The certificate every signature must have been made with.
    pub trust: Option<PathBuf>,
    /// Rebuild each report from its attached sources and compare bytes.
    pub rebuild: bool,
}

/// The PDFs named by `paths`: files as given, folders searched recursively.
pub fn pdfs(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for path in paths {
        if path.is_dir() {
            collect(path, &mut found)?;
        } else if path.exists() {
            found.push(path.clone());
        } else {
            anyhow::bail!("{} does not exist", path.display());
        }
    }
    found.sort();
    Ok(found)
}

fn collect(dir: &Path, found: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry
            .with_context(|| format!("cannot list {}", dir.display()))?
            .path();
        if path.is_dir() {
            collect(&path, found)?;
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
        {
            found.push(path);
        }
    }
    Ok(())
}

/// Outputs a folder's manifest lists that are not there.
pub fn missing_outputs(dir: &Path) -> Vec<String> {
    let Ok(bytes) = std::fs::read(dir.join(MANIFEST)) else {
        return Vec::new();
    };
    let Ok(manifest) = serde_json::from_slice::<Manifest>(&bytes) else {
        return Vec::new();
    };
    manifest
        .outputs
        .iter()
        .filter(|o| !dir.join(&o.path).exists())
        .map(|o| dir.join(&o.path).display().to_string())
        .collect()
}

/// Every check of one PDF.
pub fn verify_pdf(path: &Path, config: &VerifyConfig) -> Vec<Check> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => return vec![Check::fail("read", format!("cannot read the file: {err}"))],
    };
    if nests_too_deeply(&bytes) {
        return vec![Check::fail(
            "structure",
            "the PDF nests arrays or dictionaries too deeply to be a report",
        )];
    }
    let mut checks = vec![manifest_check(path, &bytes)];
    let unsigned = crate::sign::unsigned_prefix(&bytes);
    let attachments = attachments(unsigned);
    let approvals = attachments.as_ref().ok().map(fingerprint_check);
    // FINAL by its PDF/A marking or by its attached approvals: either claim
    // is enough to demand what a FINAL report must have.
    let marked_final = crate::build::is_final_pdf(unsigned);
    let claims_final = marked_final
        || approvals
            .as_ref()
            .and_then(|(_, a)| a.as_ref())
            .is_some_and(|a| a.state == "final");
    checks.extend(signature_checks(&bytes, claims_final, config));
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
        checks.push(approvals_check(approvals, marked_final, &attachments));
        if config.rebuild {
            checks.push(rebuild_check(unsigned, &attachments, approvals));
        }
    }
    checks
}

/// Whether arrays or dictionaries nest deeper than any report does; the PDF
/// parser recurses, so such a file could exhaust the stack.
fn nests_too_deeply(pdf: &[u8]) -> bool {
    const LIMIT: i64 = 2000;
    let mut depth: i64 = 0;
    let mut previous = 0u8;
    for &byte in pdf {
        match (previous, byte) {
            (_, b'[') | (b'<', b'<') => depth += 1,
            (_, b']') | (b'>', b'>') => depth = (depth - 1).max(0),
            _ => {}
        }
        if depth > LIMIT {
            return true;
        }
        // `<<<` counts one dictionary, not two.
        previous = if matches!((previous, byte), (b'<', b'<') | (b'>', b'>')) {
            0
        } else {
            byte
        };
    }
    false
}

/// The file's SHA-256 against a `manifest.json` in its folder or above.
fn manifest_check(path: &Path, bytes: &[u8]) -> Check {
    const NAME: &str = "manifest";
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    for dir in absolute.ancestors().skip(1) {
        let manifest_path = dir.join(MANIFEST);
        let Ok(text) = std::fs::read(&manifest_path) else {
            continue;
        };
        let manifest: Manifest = match serde_json::from_slice(&text) {
            Ok(m) => m,
            Err(err) => {
                return Check::fail(
                    NAME,
                    format!("{} is not a Koers manifest: {err}", manifest_path.display()),
                );
            }
        };
        let relative = absolute
            .strip_prefix(dir)
            .map(|p| {
                p.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .unwrap_or_default();
        let Some(entry) = manifest.outputs.iter().find(|o| o.path == relative) else {
            return Check::fail(
                NAME,
                format!("{relative} is not listed in {}", manifest_path.display()),
            );
        };
        // A signed report is the rendered bytes plus its signature; the
        // manifest records the file as finally written.
        let actual = sha256_hex(bytes);
        return if actual == entry.sha256 {
            Check::pass(NAME, format!("SHA-256 matches {}", manifest_path.display()))
        } else {
            Check::fail(
                NAME,
                format!(
                    "SHA-256 {actual} differs from {} in {}",
                    entry.sha256,
                    manifest_path.display()
                ),
            )
        };
    }
    Check::skip(NAME, "no manifest.json beside the file")
}

fn signature_checks(bytes: &[u8], claims_final: bool, config: &VerifyConfig) -> Vec<Check> {
    const NAME: &str = "signature";
    let trusted = match &config.trust {
        Some(path) => match crate::sign::certificate_der(path) {
            Ok(der) => Some(der),
            Err(err) => {
                return vec![Check::fail(
                    NAME,
                    format!("cannot read --trust {}: {err:#}", path.display()),
                )];
            }
        },
        None => None,
    };
    if !crate::sign::is_signed(bytes) {
        // DRAFT reports are never signed; a FINAL one should be when the
        // auditor names the certificate to expect.
        return vec![match (claims_final, trusted) {
            (true, Some(_)) => Check::fail(
                NAME,
                "unsigned FINAL report, but --trust asks for a signature",
            ),
            (true, None) => Check::skip(NAME, "unsigned FINAL report"),
            (false, _) => Check::skip(NAME, "unsigned DRAFT report (drafts are not signed)"),
        }];
    }
    match crate::sign::verify(bytes) {
        Err(err) => vec![Check::fail(NAME, err)],
        Ok(signature) => {
            let mut checks = vec![Check::pass(
                NAME,
                format!(
                    "{} covers the whole file but its value, digest matches, signed by {}",
                    signature.sub_filter, signature.signer
                ),
            )];
            if let Some(trusted) = trusted {
                checks.push(if trusted == signature.certificate_der {
                    Check::pass("trust", "signed with the trusted certificate")
                } else {
                    Check::fail(
                        "trust",
                        format!(
                            "signed by {}, not by the trusted certificate",
                            signature.signer
                        ),
                    )
                });
            }
            checks
        }
    }
}

/// The approvals JSON attached to every report.
#[derive(Debug, Clone, Deserialize)]
pub struct AttachedApprovals {
    pub year: i32,
    pub state: String,
    pub fingerprint: String,
    pub fingerprint_lines: String,
    pub approvals: Vec<Approval>,
    /// The date written into the PDF; a rebuild must use it too.
    #[serde(default)]
    pub document_date: Option<chrono::NaiveDate>,
}

/// Recomputes the fingerprint from the attached files and compares it with
/// the one the approvals were given for.
fn fingerprint_check(
    attachments: &BTreeMap<String, Vec<u8>>,
) -> (Check, Option<AttachedApprovals>) {
    const NAME: &str = "sources";
    let Some(json) = attachments.get("approvals.json") else {
        return (Check::fail(NAME, "no approvals.json attached"), None);
    };
    let approvals: AttachedApprovals = match serde_json::from_slice(json) {
        Ok(a) => a,
        Err(err) => {
            return (
                Check::fail(NAME, format!("approvals.json is unreadable: {err}")),
                None,
            );
        }
    };
    let mut lines: BTreeMap<String, String> = BTreeMap::new();
    for line in approvals.fingerprint_lines.lines() {
        if let Some((hash, path)) = line.split_once("  ") {
            lines.insert(path.to_string(), hash.to_string());
        }
    }
    let mut problems = Vec::new();
    for (name, bytes) in attachments {
        let Some(path) = name
            .strip_prefix("inputs/")
            .map(str::to_string)
            .or_else(|| name.starts_with("template/").then(|| name.clone()))
        else {
            continue;
        };
        match lines.get(&path) {
            Some(hash) if *hash == sha256_hex(bytes) => {}
            Some(_) => problems.push(format!(
                "attached {path} is not the file that was fingerprinted"
            )),
            None => problems.push(format!("attached {path} is not in the fingerprint")),
        }
    }
    for path in lines.keys() {
        let attached =
            attachments.contains_key(&format!("inputs/{path}")) || attachments.contains_key(path);
        let builtin = path.starts_with("template/") && builtin_template_line(path, &lines);
        if !attached && !builtin {
            problems.push(format!(
                "{path} is fingerprinted but neither attached nor this Koers's built-in template"
            ));
        }
    }
    let recomputed = sha256_hex(approvals.fingerprint_lines.as_bytes());
    if recomputed != approvals.fingerprint {
        problems.push(format!(
            "the fingerprint lines hash to {recomputed}, not {}",
            approvals.fingerprint
        ));
    }
    let check = if problems.is_empty() {
        Check::pass(
            NAME,
            format!(
                "attached inputs and template give fingerprint {}",
                approvals.fingerprint
            ),
        )
    } else {
        Check::fail(NAME, problems.join("; "))
    };
    (check, Some(approvals))
}

/// Whether a `template/<name>` fingerprint line is this binary's built-in
/// template file.
fn builtin_template_line(path: &str, lines: &BTreeMap<String, String>) -> bool {
    let Some(name) = path.strip_prefix("template/") else {
        return false;
    };
    Templates::builtin().files().any(|(builtin, bytes)| {
        builtin == name && lines.get(path).is_some_and(|h| *h == sha256_hex(bytes))
    })
}

/// Every approval must be for the attached data, and a FINAL report must have
/// them all.
fn approvals_check(
    approvals: &AttachedApprovals,
    marked_final: bool,
    attachments: &BTreeMap<String, Vec<u8>>,
) -> Check {
    const NAME: &str = "approvals";
    if marked_final != (approvals.state == "final") {
        return Check::fail(
            NAME,
            format!(
                "the PDF's archival marking and its attached approvals ({}) disagree about FINAL",
                approvals.state
            ),
        );
    }
    let stale: Vec<&str> = approvals
        .approvals
        .iter()
        .filter(|a| a.fingerprint != approvals.fingerprint)
        .map(|a| a.name.as_str())
        .collect();
    if !stale.is_empty() {
        return Check::fail(
            NAME,
            format!(
                "stale approvals (given for other data): {}",
                stale.join(", ")
            ),
        );
    }
    let names: Vec<String> = approvals
        .approvals
        .iter()
        .map(|a| format!("{} ({})", a.name, a.date))
        .collect();
    if !marked_final {
        return match names.is_empty() {
            true => Check::pass(NAME, "DRAFT, no approvals yet"),
            false => Check::pass(
                NAME,
                format!("DRAFT, valid approvals so far: {}", names.join(", ")),
            ),
        };
    }
    // FINAL: every approver of the attached plan approved these data.
    let Some(framework) = attachments.get("inputs/framework.toml") else {
        return Check::fail(NAME, "FINAL, but the plan (framework.toml) is not attached");
    };
    let text = String::from_utf8_lossy(framework);
    let (Some(framework), _) =
        crate::framework::Framework::parse(&text, Path::new("framework.toml"))
    else {
        return Check::fail(
            NAME,
            "FINAL, but the attached framework.toml does not parse",
        );
    };
    let missing: Vec<&str> = framework
        .approvers
        .iter()
        .filter(|p| !approvals.approvals.iter().any(|a| a.name == p.name))
        .map(|p| p.name.as_str())
        .collect();
    if framework.approvers.is_empty() || !missing.is_empty() {
        return Check::fail(
            NAME,
            format!("FINAL without the approval of: {}", missing.join(", ")),
        );
    }
    Check::pass(
        NAME,
        format!("FINAL, approved for these data by {}", names.join(", ")),
    )
}

/// Renders the report again from its own attachments and compares bytes.
fn rebuild_check(
    pdf: &[u8],
    attachments: &BTreeMap<String, Vec<u8>>,
    approvals: &AttachedApprovals,
) -> Check {
    const NAME: &str = "rebuild";
    match rebuild(pdf, attachments, approvals) {
        Ok(true) => Check::pass(
            NAME,
            "rendering the attached sources again gives the same bytes",
        ),
        Ok(false) => Check::fail(
            NAME,
            "rendering the attached sources again gives different bytes",
        ),
        Err(err) => Check::fail(NAME, format!("{err:#}")),
    }
}

fn rebuild(
    pdf: &[u8],
    attachments: &BTreeMap<String, Vec<u8>>,
    approvals: &AttachedApprovals,
) -> Result<bool> {
    let dir = tempfile_dir()?;
    let inputs = dir.join("inputs");
    for (name, bytes) in attachments {
        if let Some(path) = name.strip_prefix("inputs/") {
            write_under(&inputs, path, bytes)?;
        }
    }
    let signoff = Signoff {
        approvals: approvals.approvals.clone(),
    };
    write_under(
        &inputs,
        &format!("{}/{}", approvals.year, crate::signoff::FILE_NAME),
        signoff.to_toml()?.as_bytes(),
    )?;
    let custom: Vec<(&String, &Vec<u8>)> = attachments
        .iter()
        .filter(|(n, _)| n.starts_with("template/"))
        .collect();
    let templates = if custom.is_empty() {
        None
    } else {
        let tdir = dir.join("template");
        for (name, bytes) in &custom {
            write_under(&tdir, name.trim_start_matches("template/"), bytes)?;
        }
        Some(tdir)
    };
    let (lang, scope) = identity(pdf).context("the report does not name its language and scope")?;
    let (loaded, diags) = crate::build::load_and_validate_for(&inputs, Some(&[lang]))?;
    let loaded = loaded
        .filter(|_| !crate::diagnostics::has_errors(&diags))
        .context("the attached sources do not load")?;
    let templates = match &templates {
        Some(t) => Templates::from_dir(t)?,
        None => Templates::builtin(),
    };
    let run = crate::merge::Run::new(&loaded, &diags, &templates);
    let mut statuses = crate::build::year_statuses(&loaded, &templates);
    let status = statuses
        .iter_mut()
        .find(|(y, _)| *y == approvals.year)
        .map(|(_, s)| s)
        .context("the attached sources lack the report's year")?;
    // The same date as the original, even if SOURCE_DATE_EPOCH set it.
    if let Some(date) = approvals.document_date {
        status.document_date = date;
    }
    let renderer = crate::render::Renderer::new(templates)?;
    let job = crate::build::Job {
        year: approvals.year,
        lang,
        scope,
    };
    let again = crate::build::render_job(&run, &renderer, status, &job)?;
    Ok(again == pdf)
}

fn tempfile_dir() -> Result<PathBuf> {
    let dir =
        std::env::temp_dir().join(format!("koers-verify-{}-{}", std::process::id(), unique()));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(dir)
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

fn write_under(root: &Path, relative: &str, bytes: &[u8]) -> Result<()> {
    if relative
        .split('/')
        .any(|part| part == ".." || part.is_empty())
    {
        anyhow::bail!("refusing the attachment path {relative}");
    }
    let path = root.join(relative);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

/// The language and scope a report names in its keywords
/// (`plan, year, scope, lang`).
fn identity(pdf: &[u8]) -> Option<(crate::framework::Lang, crate::merge::ScopeSel)> {
    let doc = lopdf::Document::load_mem(pdf).ok()?;
    let info = doc.trailer.get(b"Info").ok()?.as_reference().ok()?;
    let keywords = doc.get_dictionary(info).ok()?.get(b"Keywords").ok()?;
    let keywords = lopdf::decode_text_string(keywords).ok()?;
    let parts: Vec<&str> = keywords.split(", ").collect();
    let (scope, lang) = (parts.get(2)?, parts.get(3)?);
    let scope = if *scope == crate::framework::ORGANISATION_SCOPE {
        crate::merge::ScopeSel::Organisation
    } else {
        crate::merge::ScopeSel::Unit(scope.to_string())
    };
    Some((crate::framework::Lang::from_code(lang)?, scope))
}

/// The files attached to a PDF, by name.
pub fn attachments(pdf: &[u8]) -> Result<BTreeMap<String, Vec<u8>>> {
    let doc = lopdf::Document::load_mem(pdf).context("not a readable PDF")?;
    let mut found = BTreeMap::new();
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        let is_filespec = dict
            .get(b"Type")
            .and_then(|t| t.as_name())
            .is_ok_and(|n| n == b"Filespec");
        if !is_filespec {
            continue;
        }
        let name = dict
            .get(b"UF")
            .or_else(|_| dict.get(b"F"))
            .ok()
            .and_then(|n| lopdf::decode_text_string(n).ok())
            .context("an attachment without a name")?;
        let stream_ref = dict
            .get(b"EF")
            .and_then(|ef| ef.as_dict())
            .and_then(|ef| ef.get(b"F"))
            .and_then(|f| f.as_reference())
            .with_context(|| format!("attachment {name} has no file"))?;
        let stream = doc
            .get_object(stream_ref)
            .and_then(|o| o.as_stream())
            .with_context(|| format!("attachment {name} has no file stream"))?;
        let content = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        found.insert(name, content);
    }
    Ok(found)
}
