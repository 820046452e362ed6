//! `koers build`, as a list of steps: load and validate → where each year
//! stands → render → sign → write the reports → write the manifest.
//!
//! Nothing is rendered when the data has an error, and every PDF is written to
//! a temporary file first and renamed into place, so a failed run never leaves
//! a half-written report where a reader could pick it up.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::NaiveDate;

use crate::audit::{
    self, InputEntry, MANIFEST, Manifest, OutputEntry, TemplateFiles, YearEntry, YearStatus,
};
use crate::core::files::{write_atomically, write_temp};
use crate::core::text::slash_path;
use crate::core::{Lang, ReportState, Standing, sha256_hex};
use crate::diagnostics::{self, Diagnostic};
use crate::intake::{Inputs, Source};
use crate::render::{Renderer, Templates, render_job};
use crate::report::{Job, Run};
use crate::validate;
use koers_sign::SubFilter;

use super::keys::{KeySource, Secrets, load_signer};

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
    /// The date written into every PDF instead of the approvals' (from
    /// `SOURCE_DATE_EPOCH`).
    pub date: Option<NaiveDate>,
}

/// The organisation's seal for FINAL reports: its key and the kind of
/// signature.
#[derive(Debug, Clone)]
pub struct SignConfig {
    pub key: KeySource,
    pub sub_filter: SubFilter,
    /// A timestamp authority (`http://…`): PAdES B-T instead of B-B.
    pub tsa: Option<String>,
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
        /// Files of the template folder that were not read nor attached,
        /// and why.
        skipped_template_files: Vec<(PathBuf, String)>,
        /// Texts with characters no font of the report can draw.
        font_warnings: Vec<Diagnostic>,
    },
}

/// Calls back as the build goes, for a progress display.
pub trait Progress: Sync {
    /// Rendering starts: `total` reports.
    fn start(&self, total: usize);
    /// One report was rendered.
    fn rendered(&self, path: &Path);
}

/// One rendered report, ready to be written.
struct Rendered<'a> {
    job: &'a Job,
    relative: PathBuf,
    pdf: Vec<u8>,
    state: ReportState,
}

/// Runs the whole build.
pub fn build(
    config: &BuildConfig,
    progress: &dyn Progress,
    secrets: &dyn Secrets,
) -> Result<Outcome> {
    // A bad key or certificate stops the build before any work.
    let signer = match &config.sign {
        Some(sign) => Some((
            load_signer(&sign.key, secrets)?,
            sign.sub_filter,
            sign.tsa.clone(),
        )),
        None => None,
    };
    // What builds killed midway left behind goes first.
    crate::core::files::remove_stale_temps(&config.output);
    let (inputs, diags) = match load(config)? {
        Ok(loaded) => loaded,
        Err(diags) => return Ok(Outcome::Invalid(diags)),
    };
    let templates = match &config.templates {
        Some(dir) => Templates::from_dir(dir)?,
        None => Templates::builtin(),
    };
    let template = templates.audit_files();
    let catalog = templates.catalog()?;
    let statuses = audit::year_statuses(&inputs, &template, config.date);
    let jobs = jobs(&inputs, config);
    if config.final_only {
        let missing = not_final(&inputs, &statuses, &jobs);
        if !missing.is_empty() {
            return Ok(Outcome::NotFinal(missing));
        }
    }
    let run = Run::new(&inputs, &diags, &catalog, &template).sealed(signer.is_some());
    let skipped_template_files = templates.skipped().to_vec();
    let renderer = Renderer::new(templates)?;
    // Told to the user, not put in the reports' annex: a rebuild from the
    // attached sources must give the same report without the fonts' say.
    let font_warnings = undrawable(&inputs, &renderer);
    let mut rendered = render_all(&run, &renderer, &statuses, &jobs, config, progress)?;
    if let Some((signer, sub_filter, tsa)) = &signer {
        sign_finals(
            &mut rendered,
            &statuses,
            signer,
            *sub_filter,
            tsa.as_deref(),
        )?;
    }
    if !config.force {
        refuse_replacing_finals(&config.output, &rendered)?;
    }
    let written = write_reports(&config.output, &rendered)?;
    let manifest = manifest(&inputs, &statuses, &template, &config.output, &rendered)?;
    write_atomically(&config.output.join(MANIFEST), &manifest.to_json()?)?;
    Ok(Outcome::Built {
        written,
        diagnostics: diags,
        font_warnings,
        skipped_template_files,
    })
}

/// Valid inputs with their warnings, or the diagnostics that hold errors.
type Loaded = std::result::Result<(Inputs, Vec<Diagnostic>), Vec<Diagnostic>>;

/// Loads and validates the inputs and the years and languages asked for;
/// the diagnostics as the error when any is an error.
fn load(config: &BuildConfig) -> Result<Loaded> {
    let languages = config.languages.as_deref().unwrap_or_default();
    let (inputs, mut diags) = validate::load_and_validate(Source::Dir(&config.inputs), languages)?;
    if let Some(inputs) = &inputs {
        diags.extend(check_selection(inputs, config));
        diags.extend(crate::audit::approval_diagnostics(inputs));
        diagnostics::sort(&mut diags);
    }
    Ok(match inputs.filter(|_| !diagnostics::has_errors(&diags)) {
        Some(inputs) => Ok((inputs, diags)),
        None => Err(diags),
    })
}

/// The reports to render: the years asked for (every year with data by
/// default) in the languages asked for (the plan's by default).
fn jobs(inputs: &Inputs, config: &BuildConfig) -> Vec<Job> {
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
    let years: Vec<i32> = inputs
        .years
        .iter()
        .map(|y| y.year)
        .filter(|y| config.years.is_empty() || config.years.contains(y))
        .collect();
    Job::all(&inputs.framework, &years, &languages)
}

fn status_of(statuses: &[YearStatus], year: i32) -> Result<&YearStatus> {
    statuses
        .iter()
        .find(|s| s.year == year)
        .with_context(|| format!("no status for {year}"))
}

/// Renders every job in memory, on every core, sharing fonts and the parsed
/// template; results in job order.
fn render_all<'a>(
    run: &Run,
    renderer: &Renderer,
    statuses: &[YearStatus],
    jobs: &'a [Job],
    config: &BuildConfig,
    progress: &dyn Progress,
) -> Result<Vec<Rendered<'a>>> {
    progress.start(jobs.len());
    let plan_id = run.inputs.framework.plan.id.as_str();
    let render_one = |job: &'a Job| -> Result<Rendered<'a>> {
        let relative = job.relative_path(plan_id);
        let status = status_of(statuses, job.year)?;
        let pdf = render_job(run, renderer, status, job).with_context(|| {
            format!("cannot render {}", config.output.join(&relative).display())
        })?;
        progress.rendered(&config.output.join(&relative));
        Ok(Rendered {
            job,
            relative,
            pdf,
            state: status.state,
        })
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len().max(1));
    let chunk = jobs.len().div_ceil(workers).max(1);
    let results: Vec<Result<Rendered<'a>>> = std::thread::scope(|scope| {
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
    results.into_iter().collect()
}

/// Signing is the very last change to a FINAL report.
fn sign_finals(
    rendered: &mut [Rendered],
    statuses: &[YearStatus],
    signer: &koers_sign::Signer,
    sub_filter: SubFilter,
    tsa: Option<&str>,
) -> Result<()> {
    for report in rendered.iter_mut().filter(|r| r.state.is_final()) {
        let status = status_of(statuses, report.job.year)?;
        report.pdf = koers_sign::sign(&report.pdf, signer, sub_filter, status.document_date, tsa)
            .with_context(|| format!("cannot sign {}", report.relative.display()))?;
    }
    Ok(())
}

/// Why each selected year is not FINAL, one line per missing or stale approval.
fn not_final(inputs: &Inputs, statuses: &[YearStatus], jobs: &[Job]) -> Vec<String> {
    let mut lines = Vec::new();
    for status in statuses {
        let year = status.year;
        if status.is_final() || !jobs.iter().any(|j| j.year == year) {
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
                Standing::Invalid => format!(
                    "has an approval that does not hold ({})",
                    approver.problem.as_deref().unwrap_or("see `koers check`")
                ),
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

/// Refuses to replace a FINAL report behind anyone's back.
fn refuse_replacing_finals(output: &Path, rendered: &[Rendered]) -> Result<()> {
    let replaced: Vec<String> = rendered
        .iter()
        .filter_map(|r| {
            let existing = fs::read(output.join(&r.relative)).ok()?;
            (audit::marked_archival(&existing) && existing != r.pdf)
                .then(|| r.relative.display().to_string())
        })
        .collect();
    if replaced.is_empty() {
        return Ok(());
    }
    anyhow::bail!(
        "these FINAL reports would change: {}\npass --force to replace them",
        replaced.join(", ")
    )
}

/// Every report goes to a temporary file first; only when all are on disk
/// are they renamed into place, so a full disk replaces nothing.
fn write_reports(output: &Path, rendered: &[Rendered]) -> Result<Vec<PathBuf>> {
    let mut staged = Vec::new();
    for report in rendered {
        let path = output.join(&report.relative);
        match write_temp(&path, &report.pdf) {
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
    Ok(written)
}

fn manifest(
    inputs: &Inputs,
    statuses: &[YearStatus],
    template: &TemplateFiles,
    output: &Path,
    rendered: &[Rendered],
) -> Result<Manifest> {
    let mut outputs: Vec<OutputEntry> = rendered
        .iter()
        .map(|r| OutputEntry {
            path: slash_path(&r.relative),
            year: r.job.year,
            lang: r.job.lang,
            scope: r.job.scope.name().to_string(),
            state: r.state,
            sha256: sha256_hex(&r.pdf),
        })
        .collect();
    // Keep earlier outputs that this run did not touch and that are still
    // there unchanged (a build of one year leaves the others).
    if let Ok(bytes) = fs::read(output.join(MANIFEST))
        && let Ok(previous) = Manifest::from_json(&bytes)
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
        template: template.info(),
        years: statuses
            .iter()
            .filter_map(|status| {
                let data = inputs.year(status.year)?;
                Some(YearEntry {
                    year: status.year,
                    fingerprint: status.fingerprint.clone(),
                    state: status.state,
                    approvals: status.approvals(),
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

/// Problems with the years and languages asked for on the command line.
fn check_selection(inputs: &Inputs, config: &BuildConfig) -> Vec<Diagnostic> {
    let framework_file = inputs.root.join(crate::intake::FRAMEWORK_FILE);
    let mut diags = Vec::new();
    for year in &config.years {
        if inputs.year(*year).is_none() {
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

/// A warning for each text of the inputs holding characters no font of the
/// report can draw: they are shown as a stand-in (see `render::job`).
fn undrawable(inputs: &Inputs, renderer: &Renderer) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut check =
        |text: &str, origin: &crate::intake::progress::Origin, field: &str, year: i32| {
            let missing: Vec<String> = text
                .chars()
                .filter(|c| !renderer.can_draw(*c))
                .map(|c| format!("{c} (U+{:04X})", u32::from(c)))
                .collect();
            if !missing.is_empty() {
                found.push(
                    origin
                        .place(
                            Diagnostic::warning(
                                &origin.file,
                                format!(
                                    "the report's fonts cannot draw {}: shown as {}",
                                    missing.join(", "),
                                    renderer.stand_in()
                                ),
                            ),
                            field,
                        )
                        .about(year, None),
                );
            }
        };
    for year in &inputs.years {
        for action in &year.actions {
            for text in action.titles.values() {
                check(text, &action.origin, "title", year.year);
            }
            for text in action.comments.values() {
                check(text, &action.origin, "comment", year.year);
            }
        }
        for kpi in &year.indicators {
            for text in kpi.names.values().chain(kpi.measures.values()) {
                check(text, &kpi.origin, "name", year.year);
            }
            for text in kpi.comments.values() {
                check(text, &kpi.origin, "comment", year.year);
            }
        }
    }
    found
}
