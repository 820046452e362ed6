//! `koers build`, as a list of steps: load and validate → where each year
//! stands → lock the output folder and finish an interrupted build → prepare
//! each report and skip those whose content key is unchanged → render the
//! rest, largest first, on every core, each staged to disk as it finishes →
//! commit: moves and manifest.
//!
//! Nothing is rendered when the data has an error. Every PDF is staged under
//! a temporary name; only when all are staged does the build write its commit
//! file (the moves and the new manifest), move the reports into place and
//! write the manifest. Killed before the commit file, a build changed
//! nothing; killed after it, the next build finishes the moves first. No
//! reader ever finds half a report under a report's name, and memory holds
//! one report per core, not the whole batch.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::NaiveDate;

use crate::audit::manifest::{COMMIT, Commit};
use crate::audit::{
    self, InputEntry, MANIFEST, Manifest, OutputEntry, TemplateFiles, YearEntry, YearStatus,
};
use crate::core::files::{write_atomically, write_temp};
use crate::core::text::slash_path;
use crate::core::{Lang, ReportState, Standing, sha256_hex};
use crate::diagnostics::{self, Diagnostic};
use crate::intake::{Inputs, Source};
use crate::render::{PreparedJob, Renderer, Templates, prepare_job};
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
    /// Render every report, even those whose content key is unchanged, and
    /// replace FINAL reports whose bytes would change.
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
    let _lock = lock_output(&config.output)?;
    // A build killed after its commit point is finished; what builds killed
    // before it left behind goes (under the lock, every temporary file there
    // is a dead build's).
    finish_interrupted(&config.output)?;
    crate::core::files::remove_stale_temps(&config.output);
    let previous = fs::read(config.output.join(MANIFEST))
        .ok()
        .and_then(|bytes| Manifest::from_json(&bytes).ok());
    let (todo, unchanged) = plan(&batch, &jobs, previous.as_ref())?;
    progress.start(todo.len(), unchanged.len());
    let mut staged = render_all(&batch, todo, progress)?;
    let unchanged_count = unchanged.len();
    let mut unchanged = unchanged;
    stage_figures(
        &batch,
        &jobs,
        previous.as_ref(),
        &mut staged,
        &mut unchanged,
    )
    .inspect_err(|_| {
        for report in &staged {
            let _ = fs::remove_file(&report.temp);
        }
    })?;
    let manifest = manifest(
        &inputs,
        &statuses,
        &template,
        &config.output,
        &staged,
        unchanged,
        previous,
    )?;
    let written = commit(&config.output, &staged, manifest)?;
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
        let path = slash_path(&relative);
        let kept = previous
            .and_then(|m| m.outputs.iter().find(|o| o.path == path))
            .filter(|o| !config.force && o.key.as_deref() == Some(key.as_str()))
            .filter(|o| {
                fs::read(config.output.join(&relative)).is_ok_and(|b| sha256_hex(&b) == o.sha256)
            });
        match kept {
            Some(entry) => unchanged.push(entry.clone()),
            None => todo.push(Planned {
                job,
                relative,
                state,
                key,
                prepared,
            }),
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
    let one = |planned: Planned<'a>| -> Result<Staged<'a>> {
        let path = config.output.join(&planned.relative);
        if failed.load(Ordering::Relaxed) {
            anyhow::bail!("{} not rendered after an earlier failure", path.display());
        }
        progress.rendering(&path);
        let prepared = planned.prepared;
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
        progress.rendered(&path, planned.state);
        Ok(Staged {
            job: planned.job,
            scope: planned.job.scope.name().to_string(),
            relative: planned.relative,
            temp,
            state: planned.state,
            key: planned.key,
            sha256: sha256_hex(&pdf),
            replaces_final,
        })
    };
    let results = crate::core::parallel_map(todo, one);
    let mut staged = Vec::new();
    let mut error = None;
    for result in results {
        match result {
            Ok(done) => staged.push(done),
            // In queue order the first failure is a real one: an item
            // skipped after it was taken later, so it comes after it.
            Err(err) => error = error.or(Some(err)),
        }
    }
    let unstage = |staged: &[Staged]| {
        for report in staged {
            let _ = fs::remove_file(&report.temp);
        }
    };
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

/// The figures workbook of each year and language built, beside its
/// reports (the same bytes they attach): staged like a report when new or
/// changed, kept when the file already holds them.
fn stage_figures<'a>(
    batch: &Batch,
    jobs: &'a [Job],
    previous: Option<&Manifest>,
    staged: &mut Vec<Staged<'a>>,
    unchanged: &mut Vec<OutputEntry>,
) -> Result<()> {
    let config = batch.config;
    let run = batch.run;
    let plan_id = run.inputs.framework.plan.id.as_str();
    for job in jobs
        .iter()
        .filter(|j| j.scope == crate::report::ScopeSel::Organisation)
    {
        let status = status_of(batch.statuses, job.year)?;
        let year = run
            .inputs
            .year(job.year)
            .with_context(|| format!("no data for year {}", job.year))?;
        let bytes = batch.renderer.figures(job.year, job.lang, || {
            let org = crate::report::report(run, year, status, job.lang, &job.scope);
            crate::render::figures_workbook(&org, status.document_date)
        })?;
        let relative = job
            .relative_path(plan_id)
            .with_file_name(audit::figures_name(plan_id, job.year, job.lang));
        let sha256 = sha256_hex(bytes.as_slice());
        let path = slash_path(&relative);
        let entry = OutputEntry {
            path: path.clone(),
            year: job.year,
            lang: job.lang,
            scope: FIGURES_SCOPE.to_string(),
            state: status.state,
            sha256: sha256.clone(),
            key: None,
        };
        let kept = previous
            .and_then(|m| m.outputs.iter().find(|o| o.path == path))
            .is_some_and(|o| *o == entry)
            && fs::read(config.output.join(&relative)).is_ok_and(|b| sha256_hex(&b) == sha256);
        if kept && !config.force {
            unchanged.push(entry);
            continue;
        }
        let temp = write_temp(&config.output.join(&relative), &bytes)?;
        staged.push(Staged {
            job,
            scope: FIGURES_SCOPE.to_string(),
            relative,
            temp,
            state: status.state,
            key: String::new(),
            sha256,
            replaces_final: false,
        });
    }
    staged.sort_by(|a, b| a.relative.cmp(&b.relative));
    Ok(())
}

/// The scope the manifest gives a figures workbook.
pub const FIGURES_SCOPE: &str = "figures";

/// When a FINAL report of `status`'s year is sealed: at its last approval
/// (see `YearStatus::seal_time`), or at the seal certificate's start when
/// that is later (recorded approvals have no time of day): never before
/// what it seals, never before its certificate; from no clock, so a
/// rebuild gives the same bytes.
fn seal_time(status: &YearStatus, signer: &koers_sign::Signer) -> chrono::NaiveDateTime {
    let approvals = status.seal_time();
    koers_sign::CertificateFacts::from_der(signer.certificate_der())
        .map_or(approvals, |facts| approvals.max(facts.not_before))
}

/// The CRL files given for the seal's chain, read before any work; each
/// must be a CA's of that chain, verified with its key (a CRL nobody on the
/// chain issued would be validation data for nothing).
/// A sealed report made fit for validation years from now without the
/// network: the seal's chain, its timestamp authority's certificate and the
/// given CRLs in a validation store (PAdES B-LT), and with a timestamp
/// authority a document timestamp over it all (B-LTA).
fn long_term(
    sealed: Vec<u8>,
    signer: &koers_sign::Signer,
    crls: &[Vec<u8>],
    tsa: Option<&str>,
) -> Result<Vec<u8>> {
    let authority = match tsa {
        Some(_) => koers_sign::verify(&sealed)
            .map_err(|e| anyhow::anyhow!("the seal just made does not verify: {e}"))?
            .timestamp
            .map(|t| t.certificate_der),
        None => None,
    };
    let certificates: Vec<Vec<u8>> = std::iter::once(signer.certificate_der().to_vec())
        .chain(signer.chain_der())
        .chain(authority)
        .collect();
    let stored = koers_sign::add_dss(&sealed, &certificates, crls)
        .map_err(|e| anyhow::anyhow!("cannot add the long-term validation data: {e}"))?;
    match tsa {
        Some(url) => koers_sign::add_document_timestamp(&stored, url),
        None => Ok(stored),
    }
}

fn seal_crls(files: &[PathBuf], signer: &koers_sign::Signer) -> Result<Vec<Vec<u8>>> {
    let chain = signer.chain_der();
    let mut crls = Vec::new();
    for file in files {
        let bytes = fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        for crl in koers_sign::revocation::crls_of(&bytes)
            .map_err(|why| anyhow::anyhow!("{}: {why}", file.display()))?
        {
            if !chain
                .iter()
                .any(|ca| koers_sign::revocation::verify(&crl, ca).is_ok())
            {
                anyhow::bail!(
                    "{}: the CRL is from no CA of the seal's chain (give the seal's certificate with its chain, and the CRLs of those CAs)",
                    file.display()
                );
            }
            crls.push(crl);
        }
    }
    Ok(crls)
}

/// The refusal to write FINAL reports of a plan that requires a seal
/// (`[seal]`) without that seal: they would fail `verify`.
fn seal_refusal(
    inputs: &Inputs,
    statuses: &[YearStatus],
    jobs: &[Job],
    signer: Option<&Seal>,
) -> Option<Diagnostic> {
    let finals: Vec<&YearStatus> = statuses
        .iter()
        .filter(|s| s.is_final() && jobs.iter().any(|j| j.year == s.year))
        .collect();
    let framework = inputs.root.join(crate::intake::FRAMEWORK_FILE);
    // A seal dated when its certificate was not valid (the reports are
    // sealed at their last approval) would be refused by every reader.
    if let Some((signer, _, _)) = signer
        && let Ok(facts) = koers_sign::CertificateFacts::from_der(signer.certificate_der())
    {
        let now = chrono::Utc::now().naive_utc();
        for status in &finals {
            for at in [seal_time(status, signer), now] {
                if at < facts.not_before || at > facts.not_after {
                    return Some(
                        Diagnostic::error(
                            &framework,
                            format!(
                                "the seal's certificate ({}) is not valid at {at} UTC, when the {} reports are sealed or now (valid {} to {})",
                                facts.subject, status.year, facts.not_before, facts.not_after
                            ),
                        )
                        .hint("seal with a certificate valid from the year's last approval until today"),
                    );
                }
            }
        }
    }
    let rule = inputs.framework.seal.as_ref()?;
    let finals: Vec<String> = finals.iter().map(|s| s.year.to_string()).collect();
    if finals.is_empty() {
        return None;
    }
    let wanted = rule.sha256();
    let why = match signer {
        None => format!(
            "{} FINAL, and the plan requires every FINAL report to carry its seal (certificate SHA-256 {wanted}), but no seal was given",
            finals.join(", ")
        ),
        Some((signer, _, _)) => {
            let given = sha256_hex(signer.certificate_der());
            if given == wanted {
                return None;
            }
            format!(
                "the seal given (certificate SHA-256 {given}) is not the one the plan requires ({wanted})"
            )
        }
    };
    Some(
        Diagnostic::error(framework, why)
            .field("seal")
            .hint("seal with --sign-p12, --sign-key/--sign-cert or --sign-pkcs11 and the organisation's seal certificate"),
    )
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
            // A signed plan refuses `--name`: the approver signs with
            // their own certificate.
            let how = match inputs.framework.signoff.approvals {
                crate::intake::framework::ApprovalMode::Recorded => {
                    format!("--name \"{}\"", approver.name)
                }
                crate::intake::framework::ApprovalMode::Signed => {
                    "with their own certificate (--pkcs11, --p12 or --key/--cert)".to_string()
                }
            };
            lines.push(format!(
                "{year}: {} {why}; run `koers approve --inputs {} --year {year}` {how}",
                approver.name,
                inputs.root.display(),
            ));
        }
    }
    lines
}

/// The commit point: writes the commit file (moves and manifest), then
/// applies it. Returns the reports moved into place (not the figures
/// workbooks beside them).
fn commit(
    output: &Path,
    staged: &[Staged],
    manifest: Manifest,
) -> Result<Vec<(PathBuf, ReportState)>> {
    let relative = |path: &Path| slash_path(path.strip_prefix(output).unwrap_or(path));
    let commit = Commit {
        moves: staged
            .iter()
            .map(|s| (relative(&s.temp), slash_path(&s.relative)))
            .collect(),
        manifest,
    };
    // Nothing rendered and the manifest as it was: nothing to write.
    if staged.is_empty() && fs::read(output.join(MANIFEST)).ok() == Some(commit.manifest.to_json()?)
    {
        return Ok(Vec::new());
    }
    fs::create_dir_all(output)
        .with_context(|| format!("cannot create `{}`", output.display()))
        .and_then(|()| write_atomically(&output.join(COMMIT), &commit.to_json()?))
        .inspect_err(|_| {
            for report in staged {
                let _ = fs::remove_file(&report.temp);
            }
        })?;
    apply(output, &commit, true)?;
    Ok(staged
        .iter()
        .filter(|s| s.scope != FIGURES_SCOPE)
        .map(|s| (output.join(&s.relative), s.state))
        .collect())
}

/// Moves the staged reports into place, writes the manifest and removes the
/// commit file. A commit is checked before anything moves: each move must
/// put a staged report (`.<name>.….koers-tmp`) beside the report it
/// replaces, a `<year>/<lang>/<name>.pdf` the commit's manifest lists, with
/// the bytes that manifest records. When finishing an interrupted build
/// (`own` false), a move already done (its staged file gone, the report in
/// place) is skipped; for the build's own commit a missing staged file is
/// an error.
fn apply(output: &Path, commit: &Commit, own: bool) -> Result<()> {
    let refuse = |why: String| {
        anyhow::anyhow!(
            "`{}` cannot be applied: {why}; remove it and run `koers build` again",
            output.join(COMMIT).display()
        )
    };
    let mut checked = Vec::new();
    for (from, to) in &commit.moves {
        let Some((from_path, to_path)) = staged_move(output, from, to) else {
            return Err(refuse(format!(
                "`{from}` → `{to}` is not a move of a staged report"
            )));
        };
        let Some(entry) = commit.manifest.outputs.iter().find(|o| o.path == *to) else {
            return Err(refuse(format!("`{to}` is not in its manifest")));
        };
        let holds = |path: &Path| fs::read(path).is_ok_and(|b| sha256_hex(&b) == entry.sha256);
        if holds(&from_path) {
            checked.push((from_path, to_path));
        } else if own || !holds(&to_path) {
            return Err(refuse(format!(
                "the staged copy of `{to}` is missing or changed"
            )));
        }
    }
    for (from, to) in checked {
        fs::rename(&from, &to)
            .with_context(|| format!("cannot move the new file into `{}`", to.display()))?;
    }
    write_atomically(&output.join(MANIFEST), &commit.manifest.to_json()?)?;
    fs::remove_file(output.join(COMMIT))
        .with_context(|| format!("cannot remove `{}`", output.join(COMMIT).display()))
}

/// The paths of a staged report and of the report it becomes, when `to` is
/// `<year>/<lang>/<name>.pdf` (or the year's figures `.xlsx`) in real folders (no links) under `output` and
/// `from` is a temporary file of that report in the same folder.
fn staged_move(output: &Path, from: &str, to: &str) -> Option<(PathBuf, PathBuf)> {
    let parts: Vec<&str> = to.split('/').collect();
    let [year, lang, name] = parts.as_slice() else {
        return None;
    };
    let plain = |part: &str| {
        !part.is_empty() && part != "." && part != ".." && !part.contains(['\\', '\0'])
    };
    let (folder, staged) = from.rsplit_once('/')?;
    let well_formed = [year, lang, name].iter().all(|p| plain(p))
        && (name.ends_with(".pdf") || name.ends_with(".xlsx"))
        && folder == format!("{year}/{lang}")
        && staged.starts_with(&format!(".{name}."))
        && staged.ends_with(".koers-tmp")
        && plain(staged);
    let real = |path: &Path| fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
    (well_formed && real(&output.join(year)) && real(&output.join(year).join(lang)))
        .then(|| (output.join(from), output.join(to)))
}

/// Finishes a build that was killed after its commit point.
fn finish_interrupted(output: &Path) -> Result<()> {
    let path = output.join(COMMIT);
    let bytes = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(err) => {
            return Err(err).with_context(|| format!("cannot read `{}`", path.display()));
        }
    };
    let commit = Commit::from_json(&bytes).with_context(|| {
        format!(
            "`{}` is not a build's commit file; remove it to build",
            path.display()
        )
    })?;
    apply(output, &commit, false).context("cannot finish the build that was interrupted")
}

/// Locks the output folder for this build: a second build into the same
/// folder stops at once instead of interleaving its reports and manifest.
/// The lock is on the folder itself (no lock file is left in the output)
/// and ends with the process, however it ends.
fn lock_output(output: &Path) -> Result<Option<fs::File>> {
    fs::create_dir_all(output).with_context(|| format!("cannot create `{}`", output.display()))?;
    // Where a folder cannot be opened as a file (Windows), there is no lock.
    let Ok(folder) = fs::File::open(output) else {
        return Ok(None);
    };
    match folder.try_lock() {
        Ok(()) => Ok(Some(folder)),
        Err(fs::TryLockError::WouldBlock) => anyhow::bail!(
            "another koers build is writing to `{}`; wait for it to end",
            output.display()
        ),
        Err(fs::TryLockError::Error(err)) => {
            Err(err).with_context(|| format!("cannot lock `{}`", output.display()))
        }
    }
}

fn manifest(
    inputs: &Inputs,
    statuses: &[YearStatus],
    template: &TemplateFiles,
    output: &Path,
    staged: &[Staged],
    unchanged: Vec<OutputEntry>,
    previous: Option<Manifest>,
) -> Result<Manifest> {
    let mut outputs: Vec<OutputEntry> = staged
        .iter()
        .map(|r| OutputEntry {
            path: slash_path(&r.relative),
            year: r.job.year,
            lang: r.job.lang,
            scope: r.scope.clone(),
            state: r.state,
            sha256: r.sha256.clone(),
            key: (!r.key.is_empty()).then(|| r.key.clone()),
        })
        .chain(unchanged)
        .collect();
    // Keep earlier outputs that this run did not touch and that are still
    // there unchanged (a build of one year leaves the others).
    for entry in previous.into_iter().flat_map(|m| m.outputs) {
        let untouched = !outputs.iter().any(|o| o.path == entry.path);
        if untouched
            && fs::read(output.join(&entry.path)).is_ok_and(|b| sha256_hex(&b) == entry.sha256)
        {
            outputs.push(entry);
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
                    inputs: inputs
                        .plan_files()
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
                                origin.file(),
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
