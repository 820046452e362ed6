//! `koers build`, as a list of steps: load → validate → merge → render → write.
//!
//! Nothing is rendered when the data has an error, and every PDF is written to
//! a temporary file first and renamed into place, so a failed run never leaves
//! a half-written report where a reader could pick it up.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use typst::foundations::Bytes;

use crate::audit::{self, InputEntry, Manifest, OutputEntry, TemplateInfo, YearEntry};
use crate::diagnostics::{self, Diagnostic};
use crate::framework::Lang;
use crate::inputs::{self, Inputs, YearData, sha256_hex};
use crate::merge::{self, ScopeSel, YearStatus};
use crate::render::{RenderOptions, Renderer, Templates};
use crate::sign::SubFilter;
use crate::signoff::Standing;
use crate::validate;

/// A checked build configuration.
#[derive(Debug, Clone)]
pub struct BuildConfig {
    pub inputs: PathBuf,
    pub output: PathBuf,
    /// A template folder to use instead of the built-in template.
    pub templates: Option<PathBuf>,
    /// Only these years; all years with data when empty.
    pub years: Vec<i32>,
    /// Render in these languages instead of the plan's.
    pub languages: Option<Vec<Lang>>,
    /// Refuse to render unless every selected year is FINAL.
    pub final_only: bool,
    /// Replace FINAL reports whose bytes would change.
    pub force: bool,
    /// Sign every FINAL report with this key and certificate.
    pub sign: Option<SignConfig>,
}

/// The key, certificate and kind of signature for FINAL reports.
#[derive(Debug, Clone)]
pub struct SignConfig {
    pub key: PathBuf,
    pub cert: PathBuf,
    pub sub_filter: SubFilter,
}

/// One report to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub year: i32,
    pub lang: Lang,
    pub scope: ScopeSel,
}

impl Job {
    /// `<year>/<lang>/<plan-id>-<year>-<scope>-<lang>.pdf`, relative to the
    /// output folder.
    pub fn relative_path(&self, plan_id: &str) -> PathBuf {
        let lang = self.lang.code();
        PathBuf::from(self.year.to_string())
            .join(lang)
            .join(format!(
                "{plan_id}-{}-{}-{lang}.pdf",
                self.year,
                self.scope.name()
            ))
    }
}

/// What a build did.
#[derive(Debug)]
pub enum Outcome {
    /// The data has errors: nothing was rendered.
    Invalid(Vec<Diagnostic>),
    /// `--final` was asked for, but these years are not approved.
    NotFinal(Vec<String>),
    /// Reports were written; warnings were found but did not stop the build.
    Built {
        written: Vec<PathBuf>,
        diagnostics: Vec<Diagnostic>,
    },
}

/// Loads and validates the inputs: the shared first half of `check` and
/// `build`. Diagnostics come back sorted.
pub fn load_and_validate(inputs_dir: &Path) -> Result<(Option<Inputs>, Vec<Diagnostic>)> {
    load_and_validate_for(inputs_dir, None)
}

/// As [`load_and_validate`], checking titles in `languages` instead of the
/// plan's own languages.
pub fn load_and_validate_for(
    inputs_dir: &Path,
    languages: Option<&[Lang]>,
) -> Result<(Option<Inputs>, Vec<Diagnostic>)> {
    let (inputs, mut diags) = inputs::load(inputs_dir)?;
    if let Some(inputs) = &inputs {
        // The plan's languages always, so a report's data-quality annex does
        // not depend on which other languages were built with it.
        let mut all = inputs.framework.plan.languages.clone();
        for lang in languages.unwrap_or_default() {
            if !all.contains(lang) {
                all.push(*lang);
            }
        }
        let languages = &all;
        for year in &inputs.years {
            diags.extend(validate::check_year(&inputs.framework, year, languages));
        }
    }
    diagnostics::sort(&mut diags);
    Ok((inputs, diags))
}

/// Every report of the plan: years × languages × (organisation + units).
pub fn jobs(inputs: &Inputs, years: &[i32], languages: &[Lang]) -> Vec<Job> {
    let scopes = ScopeSel::all(&inputs.framework);
    let mut jobs = Vec::new();
    for year in inputs
        .years
        .iter()
        .filter(|y| years.is_empty() || years.contains(&y.year))
    {
        for lang in languages {
            for scope in &scopes {
                jobs.push(Job {
                    year: year.year,
                    lang: *lang,
                    scope: scope.clone(),
                });
            }
        }
    }
    jobs
}

/// Runs the whole build. `on_report` is called after each rendered report
/// (for a progress bar).
pub fn build(
    config: &BuildConfig,
    on_start: &dyn Fn(usize),
    on_report: &(dyn Fn(&Path) + Sync),
) -> Result<Outcome> {
    // A bad key or certificate stops the build before any work.
    let signer = match &config.sign {
        Some(sign) => Some((
            crate::sign::load_signer(&sign.key, &sign.cert)?,
            sign.sub_filter,
        )),
        None => None,
    };
    // Load and validate.
    let (inputs, mut diags) = load_and_validate_for(&config.inputs, config.languages.as_deref())?;
    if let Some(inputs) = &inputs {
        diags.extend(check_selection(inputs, config));
        diagnostics::sort(&mut diags);
    }
    let Some(inputs) = inputs.filter(|_| !diagnostics::has_errors(&diags)) else {
        return Ok(Outcome::Invalid(diags));
    };
    let templates = match &config.templates {
        Some(dir) => Templates::from_dir(dir)?,
        None => Templates::builtin(),
    };
    // Where each year stands.
    let statuses = year_statuses(&inputs, &templates);
    let mut languages = config
        .languages
        .clone()
        .unwrap_or_else(|| inputs.framework.plan.languages.clone());
    let mut seen = Vec::new();
    languages.retain(|l| {
        let new = !seen.contains(l);
        seen.push(*l);
        new
    });
    let jobs = jobs(&inputs, &config.years, &languages);
    if config.final_only {
        let missing = not_final(&inputs, &statuses, &jobs);
        if !missing.is_empty() {
            return Ok(Outcome::NotFinal(missing));
        }
    }
    // Merge and render, all in memory, so nothing is written on failure.
    let run = merge::Run::new(&inputs, &diags, &templates);
    let renderer = Renderer::new(templates)?;
    on_start(jobs.len());
    let render_one = |job: &Job| -> Result<(PathBuf, Vec<u8>, bool)> {
        let relative = job.relative_path(inputs.framework.plan.id.as_str());
        let path = config.output.join(&relative);
        let status = statuses
            .iter()
            .find(|(year, _)| *year == job.year)
            .map(|(_, status)| status)
            .with_context(|| format!("no status for {}", job.year))?;
        let pdf = render_job(&run, &renderer, status, job)
            .with_context(|| format!("cannot render {}", path.display()))?;
        on_report(&path);
        Ok((relative, pdf, status.is_final))
    };
    // Reports are independent: render them on every core, sharing fonts and
    // the parsed template, and keep the results in job order.
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len().max(1));
    let chunk = jobs.len().div_ceil(workers).max(1);
    let results: Vec<Result<(PathBuf, Vec<u8>, bool)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .chunks(chunk)
            .map(|part| scope.spawn(|| part.iter().map(&render_one).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|_| vec![Err(anyhow::anyhow!("a rendering thread panicked"))])
            })
            .collect()
    });
    let mut rendered = Vec::new();
    for (job, result) in jobs.iter().zip(results) {
        let (relative, mut pdf, is_final) = result?;
        // Signing is the very last change to a FINAL report.
        if let (Some((signer, sub_filter)), true) = (&signer, is_final) {
            let status = statuses
                .iter()
                .find(|(y, _)| *y == job.year)
                .map(|(_, s)| s)
                .with_context(|| format!("no status for {}", job.year))?;
            pdf = crate::sign::sign(&pdf, signer, *sub_filter, status.document_date)
                .with_context(|| format!("cannot sign {}", relative.display()))?;
        }
        rendered.push((job, relative, pdf, is_final));
    }
    // Write: refuse to replace a FINAL report behind anyone's back.
    if !config.force {
        let replaced = replaced_finals(&config.output, &rendered);
        if !replaced.is_empty() {
            anyhow::bail!(
                "these FINAL reports would change: {}\npass --force to replace them",
                replaced.join(", ")
            );
        }
    }
    // Every report goes to a temporary file first; only when all are on
    // disk are they renamed into place, so a full disk replaces nothing.
    let mut staged = Vec::new();
    for (_, relative, pdf, _) in &rendered {
        let path = config.output.join(relative);
        match write_temp(&path, pdf) {
            Ok(temp) => staged.push((temp, path)),
            Err(err) => {
                for (temp, _) in &staged {
                    let _ = fs::remove_file(temp);
                }
                return Err(err);
            }
        }
    }
    let mut written = Vec::new();
    for (temp, path) in staged {
        fs::rename(&temp, &path)
            .with_context(|| format!("cannot move the new file into `{}`", path.display()))?;
        written.push(path);
    }
    let manifest = manifest(&inputs, &statuses, &run.template, &config.output, &rendered)?;
    let json = serde_json::to_vec_pretty(&manifest).context("cannot serialize the manifest")?;
    write_atomically(&config.output.join(audit::MANIFEST), &json)?;
    Ok(Outcome::Built {
        written,
        diagnostics: diags,
    })
}

/// Each year's fingerprint and approvals.
pub fn year_statuses(inputs: &Inputs, templates: &Templates) -> Vec<(i32, YearStatus)> {
    inputs
        .years
        .iter()
        .map(|year| {
            let fingerprint_text = audit::fingerprint_text(inputs, year.year, templates);
            let fingerprint = sha256_hex(fingerprint_text.as_bytes());
            let is_final = year.signoff.is_final(&inputs.framework, &fingerprint);
            let status = YearStatus {
                approvers: year.signoff.states(&inputs.framework, &fingerprint),
                document_date: document_date(year, &fingerprint, is_final),
                is_final,
                fingerprint,
                fingerprint_text,
            };
            (year.year, status)
        })
        .collect()
}

/// Why each selected year is not FINAL, one line per missing or stale approval.
fn not_final(inputs: &Inputs, statuses: &[(i32, YearStatus)], jobs: &[Job]) -> Vec<String> {
    let mut lines = Vec::new();
    for (year, status) in statuses {
        if status.is_final || !jobs.iter().any(|j| j.year == *year) {
            continue;
        }
        if status.approvers.is_empty() {
            lines.push(format!("{year}: the framework names no [[approvers]]"));
        }
        for approver in &status.approvers {
            let why = match approver.standing {
                Standing::Valid => continue,
                Standing::Missing => "has not approved".to_string(),
                Standing::Stale => "approved other data (an input changed since)".to_string(),
            };
            lines.push(format!(
                "{year}: {} {why}; run `koers approve --inputs {} --year {year} --name \"{}\"`",
                approver.name,
                inputs.root.display(),
                approver.name
            ));
        }
    }
    lines
}

/// FINAL reports already in the output folder whose bytes would change.
fn replaced_finals(output: &Path, rendered: &[(&Job, PathBuf, Vec<u8>, bool)]) -> Vec<String> {
    rendered
        .iter()
        .filter_map(|(_, relative, pdf, _)| {
            let existing = fs::read(output.join(relative)).ok()?;
            (is_final_pdf(&existing) && existing != *pdf).then(|| relative.display().to_string())
        })
        .collect()
}

/// FINAL reports, and only they, are PDF/A: their XMP names the part.
pub fn is_final_pdf(pdf: &[u8]) -> bool {
    // The element, with its bracket: user text in the XMP (a title, say) is
    // XML-escaped, so it cannot imitate it.
    pdf.windows(13).any(|w| w == b"<pdfaid:part>")
}

fn manifest(
    inputs: &Inputs,
    statuses: &[(i32, YearStatus)],
    template: &crate::model::TemplateText,
    output: &Path,
    rendered: &[(&Job, PathBuf, Vec<u8>, bool)],
) -> Result<Manifest> {
    let mut outputs: Vec<OutputEntry> = rendered
        .iter()
        .map(|(job, relative, pdf, is_final)| OutputEntry {
            path: slash_path(relative),
            year: job.year,
            lang: job.lang.code().to_string(),
            scope: job.scope.name().to_string(),
            state: if *is_final { "final" } else { "draft" }.to_string(),
            sha256: sha256_hex(pdf),
        })
        .collect();
    // Keep earlier outputs that this run did not touch and that are still
    // there unchanged (a build of one year leaves the others).
    if let Ok(bytes) = fs::read(output.join(audit::MANIFEST))
        && let Ok(previous) = serde_json::from_slice::<Manifest>(&bytes)
    {
        for entry in previous.outputs {
            let untouched = !outputs.iter().any(|o| o.path == entry.path);
            let unchanged =
                fs::read(output.join(&entry.path)).is_ok_and(|b| sha256_hex(&b) == entry.sha256);
            if untouched && unchanged {
                outputs.push(entry);
            }
        }
    }
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Manifest {
        koers_version: env!("CARGO_PKG_VERSION").to_string(),
        template: TemplateInfo {
            origin: template.origin.clone(),
            sha256: template.sha256.clone(),
        },
        years: statuses
            .iter()
            .filter_map(|(year, status)| {
                let data = inputs.years.iter().find(|y| y.year == *year)?;
                Some(YearEntry {
                    year: *year,
                    fingerprint: status.fingerprint.clone(),
                    state: if status.is_final { "final" } else { "draft" }.to_string(),
                    approvals: data.signoff.approvals.clone(),
                    inputs: std::iter::once(&inputs.framework_file)
                        .chain(&data.files)
                        .map(InputEntry::from)
                        .collect(),
                })
            })
            .collect(),
        outputs,
    })
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Problems with the years and languages asked for on the command line.
fn check_selection(inputs: &Inputs, config: &BuildConfig) -> Vec<Diagnostic> {
    let framework_file = inputs.root.join("framework.toml");
    let mut diags = Vec::new();
    for year in &config.years {
        if !inputs.years.iter().any(|y| y.year == *year) {
            let known: Vec<String> = inputs.years.iter().map(|y| y.year.to_string()).collect();
            diags.push(
                Diagnostic::error(
                    &inputs.root,
                    format!("--year {year}: there is no data for {year}"),
                )
                .hint(format!("years with data: {}", known.join(", "))),
            );
        }
    }
    for lang in config.languages.iter().flatten() {
        if !inputs.framework.plan.languages.contains(lang) {
            diags.push(Diagnostic::note(
                &framework_file,
                format!(
                    "{lang} is not one of the plan's languages; texts missing in {lang} are shown in {}",
                    inputs.framework.first_language()
                ),
            ));
        }
    }
    diags
}

/// The model of one report, with the built-in template: for tests and tools
/// that want the data without the PDF.
pub fn report_model(
    inputs: &Inputs,
    diagnostics: &[Diagnostic],
    job: &Job,
) -> Result<crate::model::Report> {
    let templates = Templates::builtin();
    let run = merge::Run::new(inputs, diagnostics, &templates);
    let statuses = year_statuses(inputs, &templates);
    let (year, status) = inputs
        .years
        .iter()
        .zip(&statuses)
        .find(|(y, _)| y.year == job.year)
        .with_context(|| format!("no data for year {}", job.year))?;
    Ok(merge::report(&run, year, &status.1, job.lang, &job.scope))
}

/// Merges and renders one report.
pub fn render_job(
    run: &merge::Run,
    renderer: &Renderer,
    status: &YearStatus,
    job: &Job,
) -> Result<Vec<u8>> {
    let inputs = run.inputs;
    let year = inputs
        .years
        .iter()
        .find(|y| y.year == job.year)
        .with_context(|| format!("no data for year {}", job.year))?;
    let model = merge::report(run, year, status, job.lang, &job.scope);
    let json = serde_json::to_vec(&model).context("cannot serialize the report model")?;
    let options = RenderOptions {
        ident: format!(
            "{}-{}-{}-{}",
            inputs.framework.plan.id,
            job.year,
            job.scope.name(),
            job.lang
        ),
        archival: status.is_final,
        date: Some(status.document_date),
    };
    let files = attachment_files(run, year, status, renderer, &model.attachments)?;
    Ok(renderer.render(json, files, &options)?)
}

/// The date written into a PDF: `SOURCE_DATE_EPOCH` when set, else the latest
/// approval for a FINAL report and the as-of date for a DRAFT. Never the
/// clock, so the same inputs give the same bytes.
pub fn document_date(year: &YearData, fingerprint: &str, is_final: bool) -> chrono::NaiveDate {
    if let Some(date) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
    {
        return date.date_naive();
    }
    match is_final {
        true => year.signoff.latest_date(fingerprint).unwrap_or(year.as_of),
        false => year.as_of,
    }
}

/// The approvals of a year as attached to its reports: enough to re-check the
/// fingerprint from the attached inputs.
pub fn approvals_json(year: &YearData, status: &YearStatus) -> Vec<u8> {
    let value = serde_json::json!({
        "year": year.year,
        "state": if status.is_final { "final" } else { "draft" },
        "fingerprint": status.fingerprint,
        "fingerprint_lines": status.fingerprint_text,
        "document_date": status.document_date.format("%Y-%m-%d").to_string(),
        "approvals": year.signoff.approvals,
    });
    serde_json::to_vec_pretty(&value).unwrap_or_default()
}

/// The bytes of each file the model's `attachments` name, served to the
/// template under the same virtual paths (the model decides what is
/// attached; this only finds the bytes).
fn attachment_files(
    run: &merge::Run,
    year: &YearData,
    status: &YearStatus,
    renderer: &Renderer,
    attachments: &[crate::model::Attachment],
) -> Result<Vec<(String, Bytes)>> {
    attachments
        .iter()
        .map(|a| {
            let bytes = if a.path == merge::APPROVALS_PATH {
                Some(approvals_json(year, status))
            } else if let Some(path) = a.path.strip_prefix("/inputs/") {
                run.inputs
                    .files_up_to(year.year)
                    .find(|f| f.path == path)
                    .map(|f| f.bytes.as_ref().clone())
            } else if let Some(name) = a.path.strip_prefix("/template/") {
                renderer
                    .templates()
                    .files()
                    .find(|(n, _)| *n == name)
                    .map(|(_, b)| b.to_vec())
            } else {
                None
            };
            let bytes = bytes.with_context(|| format!("no file for the attachment {}", a.path))?;
            Ok((a.path.clone(), Bytes::new(bytes)))
        })
        .collect()
}

/// Writes to a temporary file beside `path`, flushes it to disk and renames
/// it into place, so readers see the old file or the new one, never half.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let temp = write_temp(path, bytes)?;
    fs::rename(&temp, path).map_err(|err| {
        let _ = fs::remove_file(&temp);
        anyhow::Error::new(err).context(format!(
            "cannot move the new file into `{}`",
            path.display()
        ))
    })
}

/// Writes `bytes` to a new temporary file beside `path`, flushed to disk;
/// returns its path. Nothing is left behind when writing fails.
fn write_temp(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    use std::io::Write;
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);

    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Unique per process and call: two builds at once never share a file.
    let temp = dir.join(format!(
        ".{name}.{}-{}.koers-tmp",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let written = fs::File::create(&temp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    if let Err(err) = written {
        let _ = fs::remove_file(&temp);
        return Err(err).with_context(|| format!("cannot write `{}`", path.display()));
    }
    Ok(temp)
}
