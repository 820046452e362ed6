//! `koers build`, as a list of steps: load and validate → where each year
//! stands → lock the output folder and finish an interrupted build → prepare
//! each report and skip those whose content key is unchanged → render the
//! rest, largest first, on every core, each staged to disk as it finishes →
//! commit: moves and manifest.
//!
//! Nothing is rendered when the data has an error. Every PDF is staged under
//! a temporary name; only when all are staged does the build commit them
//! through the output transaction (`audit::transaction`: the commit file,
//! the moves, the manifest), so no reader ever finds half a report under a
//! report's name. Memory holds one report per core, not the whole batch.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::NaiveDate;

use crate::audit::transaction::{self, OutputFolder, StagedFile};
use crate::audit::{self, Manifest, OutputEntry, YearStatus};
use crate::core::files::write_temp;
use crate::core::text::slash_path;
use crate::core::{Lang, ReportState, sha256_hex};
use crate::diagnostics::{self, Diagnostic};
use crate::intake::limits::Limits;
use crate::intake::{Inputs, Source};
use crate::render::{PreparedJob, Renderer, Templates, prepare_job};
use crate::report::{Job, Run};
use crate::validate;
use koers_sign::SubFilter;

use super::keys::{KeySource, Secrets, load_signer};

mod figures;
mod seal;
mod selection;

use figures::{FIGURES_SCOPE, stage_figures};

/// The scope the manifest gives a report's web edition.
pub const WEB_SCOPE: &str = "web";
use seal::{long_term, seal_crls, seal_refusal, seal_time};
use selection::{check_selection, not_final, undrawable};

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
    /// Render every report, even those whose content key is unchanged, and
    /// replace FINAL reports whose bytes would change.
    pub force: bool,
    /// Sign every FINAL report with this key and certificate.
    pub sign: Option<SignConfig>,
    /// The date written into every PDF instead of the approvals' (from
    /// `SOURCE_DATE_EPOCH`).
    pub date: Option<NaiveDate>,
    /// What the inputs are read within.
    pub limits: Limits,
}

/// The organisation's seal for FINAL reports: its key and the kind of
/// signature.
#[derive(Debug, Clone)]
pub struct SignConfig {
    pub key: KeySource,
    pub sub_filter: SubFilter,
    /// A timestamp authority (`http://…`): PAdES B-T instead of B-B.
    pub tsa: Option<String>,
    /// Add a long-term validation store (PAdES B-LT) after the seal.
    pub long_term: bool,
    /// CRLs of the seal's chain, for the long-term validation store.
    pub crls: Vec<PathBuf>,
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
        /// The reports rendered and written, with their state.
        written: Vec<(PathBuf, ReportState)>,
        /// Reports left as they were: nothing they are made of changed.
        unchanged: usize,
        diagnostics: Vec<Diagnostic>,
        /// Files of the template folder that were not read nor attached,
        /// and why.
        skipped_template_files: Vec<(PathBuf, String)>,
        /// Texts with characters no font of the report can draw.
        font_warnings: Vec<Diagnostic>,
    },
}

/// Calls back as the build goes, for a progress display. Rendering calls
/// come from several threads at once.
pub trait Progress: Sync {
    /// The inputs are being read (any PIN or password was asked before).
    fn loading(&self);
    /// Rendering starts: `total` reports to render, `unchanged` skipped.
    fn start(&self, total: usize, unchanged: usize);
    /// A report starts rendering.
    fn rendering(&self, path: &Path);
    /// A report was rendered and staged.
    fn rendered(&self, path: &Path, state: ReportState);
}

/// A report to render: what it is made of, and its content key.
struct Planned<'a> {
    job: &'a Job,
    relative: PathBuf,
    state: ReportState,
    key: String,
    prepared: PreparedJob,
    /// Its PDF is in place and unchanged; only its web edition is written
    /// again (a sealed, timestamped PDF is never re-sealed for its page).
    web_only: bool,
}

/// A rendered report, staged under a temporary name in its folder.
struct Staged<'a> {
    job: &'a Job,
    /// As the manifest names it: the report's scope, or `figures`.
    scope: String,
    relative: PathBuf,
    temp: PathBuf,
    state: ReportState,
    key: String,
    sha256: String,
    /// It would replace a different FINAL report.
    replaces_final: bool,
}

impl Staged<'_> {
    /// The manifest's line for it.
    fn entry(&self) -> OutputEntry {
        OutputEntry {
            path: slash_path(&self.relative),
            year: self.job.year,
            lang: self.job.lang,
            scope: self.scope.clone(),
            state: self.state,
            sha256: self.sha256.clone(),
            key: (!self.key.is_empty()).then(|| self.key.clone()),
        }
    }
}

/// The staged files, as the output transaction moves them.
fn files(staged: &[Staged]) -> Vec<StagedFile> {
    staged
        .iter()
        .map(|s| StagedFile {
            temp: s.temp.clone(),
            relative: s.relative.clone(),
        })
        .collect()
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
    let seal_crls = match (&config.sign, &signer) {
        (Some(sign), Some((signer, _, _))) => seal_crls(&sign.crls, signer)?,
        _ => Vec::new(),
    };
    progress.loading();
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
    if let Some(refusal) = seal_refusal(&inputs, &statuses, &jobs, signer.as_ref()) {
        return Ok(Outcome::Invalid(vec![refusal]));
    }
    let run = Run::new(&inputs, &diags, &catalog, &template).sealed(signer.is_some());
    let skipped_template_files = templates.skipped().to_vec();
    let renderer = Renderer::new(templates)?;
    // Told to the user, not put in the reports' annex: a rebuild from the
    // attached sources must give the same report without the fonts' say.
    let font_warnings = undrawable(&inputs, &renderer);
    let batch = Batch {
        run: &run,
        renderer: &renderer,
        statuses: &statuses,
        config,
        seal: signer.as_ref(),
        long_term: config.sign.as_ref().is_some_and(|s| s.long_term),
        seal_crls: &seal_crls,
    };
    // The output folder is touched only from here on, and only under its
    // lock: one build at a time per folder, held to the end of the build.
    let folder = OutputFolder::open(&config.output)?;
    let previous = folder.previous_manifest();
    let (todo, unchanged) = plan(&batch, &jobs, previous.as_ref())?;
    // Reports, not files: a report's web edition goes with it.
    let unchanged_count = unchanged.iter().filter(|e| e.scope != WEB_SCOPE).count();
    progress.start(todo.len(), unchanged_count);
    let mut staged = render_all(&batch, todo, progress)?;
    let mut unchanged = unchanged;
    stage_figures(
        &batch,
        &jobs,
        previous.as_ref(),
        &mut staged,
        &mut unchanged,
    )
    .inspect_err(|_| transaction::discard(&files(&staged)))?;
    let wrote = staged.iter().map(Staged::entry).chain(unchanged).collect();
    let manifest = transaction::build_manifest(
        &inputs,
        &statuses,
        &template,
        &config.output,
        wrote,
        previous,
    );
    let written = match folder.commit(&files(&staged), manifest)? {
        false => Vec::new(),
        true => staged
            .iter()
            .filter(|s| s.scope != FIGURES_SCOPE && s.scope != WEB_SCOPE)
            .map(|s| (config.output.join(&s.relative), s.state))
            .collect(),
    };
    Ok(Outcome::Built {
        written,
        unchanged: unchanged_count,
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
    let (inputs, mut diags) =
        validate::load_and_validate(Source::dir(&config.inputs, config.limits), languages)?;
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

/// The seal of FINAL reports: the signer, the kind of signature and a
/// timestamp authority.
type Seal = (koers_sign::Signer, SubFilter, Option<String>);

/// What preparing and rendering every report of a build shares.
struct Batch<'a> {
    run: &'a Run<'a>,
    renderer: &'a Renderer,
    statuses: &'a [YearStatus],
    config: &'a BuildConfig,
    seal: Option<&'a Seal>,
    /// Whether sealed reports get a long-term validation store.
    long_term: bool,
    /// The CRLs of the seal's chain (DER), for each sealed report's DSS.
    seal_crls: &'a [Vec<u8>],
}

impl Batch<'_> {
    /// How FINAL reports are sealed, as their content key records it: the
    /// seal's certificate, kind of signature and timestamp authority.
    fn seal_identity(&self, state: ReportState) -> String {
        match self.seal {
            Some((signer, sub_filter, tsa)) if state.is_final() => format!(
                "{} {sub_filter:?} {} dss {} {}",
                sha256_hex(signer.certificate_der()),
                tsa.as_deref().unwrap_or("-"),
                self.long_term,
                sha256_hex(&self.seal_crls.concat())
            ),
            _ => "none".to_string(),
        }
    }
}

/// Prepares every job and splits them into those to render and those whose
/// file already holds exactly what they would render to: the previous
/// manifest recorded the same content key for the path, and the file still
/// has the bytes it recorded.
fn plan<'a>(
    batch: &Batch,
    jobs: &'a [Job],
    previous: Option<&Manifest>,
) -> Result<(Vec<Planned<'a>>, Vec<OutputEntry>)> {
    let config = batch.config;
    let plan_id = batch.run.inputs.framework.plan.id.as_str();
    let prepare = |job: &Job| -> Result<(PathBuf, ReportState, String, PreparedJob)> {
        let relative = job.relative_path(plan_id);
        let status = status_of(batch.statuses, job.year)?;
        let prepared = prepare_job(batch.run, batch.renderer, status, job).with_context(|| {
            format!("cannot prepare {}", config.output.join(&relative).display())
        })?;
        let key = prepared.content_key(
            &batch.run.template.sha256,
            &batch.seal_identity(status.state),
        );
        Ok((relative, status.state, key, prepared))
    };
    let mut todo = Vec::new();
    let mut unchanged = Vec::new();
    // Models are prepared on every core: at tens of thousands of actions
    // this is most of a build that renders nothing.
    let prepared_jobs = crate::core::parallel_map(jobs.iter().collect(), prepare);
    for (job, prepared) in jobs.iter().zip(prepared_jobs) {
        let (relative, state, key, prepared) = prepared?;
        // A report is kept when its PDF and its web edition both are.
        let kept_file = |relative: &Path| {
            let path = slash_path(relative);
            previous
                .and_then(|m| m.outputs.iter().find(|o| o.path == path))
                .filter(|o| !config.force && o.key.as_deref() == Some(key.as_str()))
                .filter(|o| {
                    fs::read(config.output.join(relative)).is_ok_and(|b| sha256_hex(&b) == o.sha256)
                })
        };
        let web = relative.with_file_name(crate::render::web_name(
            &relative
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        ));
        match (kept_file(&relative), kept_file(&web)) {
            (Some(pdf), Some(html)) => unchanged.extend([pdf.clone(), html.clone()]),
            (pdf, _) => {
                let web_only = pdf.is_some();
                unchanged.extend(pdf.cloned());
                todo.push(Planned {
                    job,
                    relative,
                    state,
                    key,
                    prepared,
                    web_only,
                });
            }
        }
    }
    Ok((todo, unchanged))
}

/// Renders the planned reports on every core from one queue, largest model
/// first (so no core idles at the end behind a big report), signs the FINAL
/// ones and stages each as soon as it is done. On any failure the staged
/// files are removed and nothing is moved.
fn render_all<'a>(
    batch: &Batch,
    mut todo: Vec<Planned<'a>>,
    progress: &dyn Progress,
) -> Result<Vec<Staged<'a>>> {
    let config = batch.config;
    use std::sync::atomic::{AtomicBool, Ordering};

    todo.sort_by_key(|p| std::cmp::Reverse(p.prepared.json.len()));
    // After a failure the rest is not rendered: the build fails anyway.
    let failed = AtomicBool::new(false);
    let one = |planned: Planned<'a>| -> Result<Vec<Staged<'a>>> {
        let path = config.output.join(&planned.relative);
        if failed.load(Ordering::Relaxed) {
            anyhow::bail!("{} not rendered after an earlier failure", path.display());
        }
        progress.rendering(&path);
        let prepared = planned.prepared;
        // The web edition, from the very model the PDF is rendered from.
        let pdf_name = planned
            .relative
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let html = crate::render::web_edition(&prepared.json, &pdf_name)
            .with_context(|| format!("cannot write the web edition of {}", path.display()))
            .inspect_err(|_| failed.store(true, Ordering::Relaxed))?;
        let web_relative = planned
            .relative
            .with_file_name(crate::render::web_name(&pdf_name));
        let web = |temp: PathBuf| Staged {
            job: planned.job,
            scope: WEB_SCOPE.to_string(),
            relative: web_relative.clone(),
            temp,
            state: planned.state,
            key: planned.key.clone(),
            sha256: sha256_hex(&html),
            replaces_final: false,
        };
        if planned.web_only {
            let web_temp = write_temp(&config.output.join(&web_relative), &html)?;
            return Ok(vec![web(web_temp)]);
        }
        let mut pdf = batch
            .renderer
            .render(prepared.json, prepared.files, &prepared.options)
            .with_context(|| format!("cannot render {}", path.display()))
            .inspect_err(|_| failed.store(true, Ordering::Relaxed))?;
        if let Some((signer, sub_filter, tsa)) = batch.seal
            && planned.state.is_final()
        {
            let status = status_of(batch.statuses, planned.job.year)?;
            pdf = koers_sign::sign(
                &pdf,
                signer,
                *sub_filter,
                seal_time(status, signer),
                tsa.as_deref(),
            )
            .with_context(|| format!("cannot sign {}", path.display()))
            .inspect_err(|_| failed.store(true, Ordering::Relaxed))?;
            // The chain and its CRLs, for validation years from now
            // without the network (PAdES B-LT), when asked for.
            if batch.long_term {
                pdf = long_term(pdf, signer, batch.seal_crls, tsa.as_deref())
                    .with_context(|| format!("cannot sign {}", path.display()))
                    .inspect_err(|_| failed.store(true, Ordering::Relaxed))?;
            }
        }
        let replaces_final = !config.force
            && fs::read(&path).is_ok_and(|old| audit::marked_archival(&old) && old != pdf);
        let temp = write_temp(&path, &pdf)?;
        let web_temp = write_temp(&config.output.join(&web_relative), &html).inspect_err(|_| {
            let _ = fs::remove_file(&temp);
        })?;
        progress.rendered(&path, planned.state);
        Ok(vec![
            Staged {
                job: planned.job,
                scope: planned.job.scope.name().to_string(),
                relative: planned.relative,
                temp,
                state: planned.state,
                key: planned.key.clone(),
                sha256: sha256_hex(&pdf),
                replaces_final,
            },
            web(web_temp),
        ])
    };
    let results = crate::core::parallel_map(todo, one);
    let mut staged = Vec::new();
    let mut error = None;
    for result in results {
        match result {
            Ok(done) => staged.extend(done),
            // In queue order the first failure is a real one: an item
            // skipped after it was taken later, so it comes after it.
            Err(err) => error = error.or(Some(err)),
        }
    }
    let unstage = |staged: &[Staged]| transaction::discard(&files(staged));
    if let Some(err) = error {
        unstage(&staged);
        return Err(err);
    }
    staged.sort_by(|a, b| a.relative.cmp(&b.relative));
    let replaced: Vec<String> = staged
        .iter()
        .filter(|s| s.replaces_final)
        .map(|s| s.relative.display().to_string())
        .collect();
    if !replaced.is_empty() {
        unstage(&staged);
        anyhow::bail!(
            "these FINAL reports would change: {}\npass --force to replace them",
            replaced.join(", ")
        );
    }
    Ok(staged)
}
