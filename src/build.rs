//! `koers build`, as a list of steps: load → validate → merge → render → write.
//!
//! Nothing is rendered when the data has an error, and every PDF is written to
//! a temporary file first and renamed into place, so a failed run never leaves
//! a half-written report where a reader could pick it up.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::diagnostics::{self, Diagnostic};
use crate::framework::Lang;
use crate::inputs::{self, Inputs};
use crate::merge::{self, ScopeSel};
use crate::render::{Renderer, Templates};
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
        let languages = languages.unwrap_or(&inputs.framework.plan.languages);
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

/// Runs the whole build. `on_report` is called after each written report
/// (for a progress bar).
pub fn build(
    config: &BuildConfig,
    on_start: &dyn Fn(usize),
    on_report: &dyn Fn(&Path),
) -> Result<Outcome> {
    let (inputs, mut diags) = load_and_validate_for(&config.inputs, config.languages.as_deref())?;
    if let Some(inputs) = &inputs {
        diags.extend(check_selection(inputs, config));
        diagnostics::sort(&mut diags);
    }
    let Some(inputs) = inputs.filter(|_| !diagnostics::has_errors(&diags)) else {
        return Ok(Outcome::Invalid(diags));
    };
    let languages = config
        .languages
        .clone()
        .unwrap_or_else(|| inputs.framework.plan.languages.clone());
    let templates = match &config.templates {
        Some(dir) => Templates::from_dir(dir)?,
        None => Templates::builtin(),
    };
    let renderer = Renderer::new(templates)?;
    let jobs = jobs(&inputs, &config.years, &languages);
    on_start(jobs.len());
    let mut written = Vec::new();
    for job in &jobs {
        let path = config
            .output
            .join(job.relative_path(inputs.framework.plan.id.as_str()));
        let pdf = render_job(&inputs, &diags, &renderer, job)
            .with_context(|| format!("cannot render {}", path.display()))?;
        write_atomically(&path, &pdf)?;
        on_report(&path);
        written.push(path);
    }
    Ok(Outcome::Built {
        written,
        diagnostics: diags,
    })
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

/// Merges and renders one report.
pub fn render_job(
    inputs: &Inputs,
    diagnostics: &[Diagnostic],
    renderer: &Renderer,
    job: &Job,
) -> Result<Vec<u8>> {
    let year = inputs
        .years
        .iter()
        .find(|y| y.year == job.year)
        .with_context(|| format!("no data for year {}", job.year))?;
    let model = merge::report(inputs, year, diagnostics, job.lang, &job.scope);
    let json = serde_json::to_vec(&model).context("cannot serialize the report model")?;
    let ident = format!(
        "{}-{}-{}-{}",
        inputs.framework.plan.id,
        job.year,
        job.scope.name(),
        job.lang
    );
    Ok(renderer.render(json, &ident)?)
}

/// Writes to a temporary file beside `path` and renames it into place.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.koers-tmp"));
    fs::write(&temp, bytes).with_context(|| format!("cannot write `{}`", temp.display()))?;
    fs::rename(&temp, path).with_context(|| {
        let _ = fs::remove_file(&temp);
        format!("cannot move the new file into `{}`", path.display())
    })
}
