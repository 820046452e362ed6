//! Loading the input folder: `framework.toml` plus one folder per year.
//!
//! This is the only step that touches the input files. It reads each file once,
//! keeps its size and SHA-256 (for the sources annex and, later, the approval
//! fingerprint), and hands typed data plus every diagnostic to the pipeline.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::NaiveDate;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::diagnostics::Diagnostic;
use crate::framework::Framework;
use crate::progress::{Action, FileKind, Indicator, read_actions, read_indicators};
use crate::signoff::Signoff;
use crate::table::{Table, read_csv, read_xlsx};

/// One input file as the sources annex lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputFile {
    /// Relative to the inputs folder, with `/` separators on every platform.
    pub path: String,
    pub size: u64,
    pub sha256: String,
    /// The file's bytes, kept to attach them to the reports.
    #[serde(skip)]
    pub bytes: std::sync::Arc<Vec<u8>>,
}

impl InputFile {
    pub fn new(root: &Path, path: &Path, bytes: &[u8]) -> Self {
        let relative = path.strip_prefix(root).unwrap_or(path);
        let path = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        Self {
            path,
            size: bytes.len() as u64,
            sha256: sha256_hex(bytes),
            bytes: std::sync::Arc::new(bytes.to_vec()),
        }
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The progress data of one operational-plan year.
#[derive(Debug, Clone)]
pub struct YearData {
    pub year: i32,
    /// The date the report describes: 31 December, unless `year.toml` says
    /// otherwise.
    pub as_of: NaiveDate,
    /// The year's folder, as diagnostics name it.
    pub dir: PathBuf,
    pub actions: Vec<Action>,
    pub indicators: Vec<Indicator>,
    pub files: Vec<InputFile>,
    /// The approvals in `signoff.toml` (not part of `files`: approving must
    /// not change what is approved).
    pub signoff: Signoff,
}

/// Everything read from the inputs folder.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub root: PathBuf,
    pub framework: Framework,
    pub framework_file: InputFile,
    pub years: Vec<YearData>,
}

impl Inputs {
    /// The files a report of `year` is built from: the framework and the
    /// files of that year and every earlier one.
    pub fn files_up_to(&self, year: i32) -> impl Iterator<Item = &InputFile> {
        std::iter::once(&self.framework_file).chain(
            self.years
                .iter()
                .filter(move |y| y.year <= year)
                .flat_map(|y| &y.files),
        )
    }
}

/// Reads the inputs folder. Problems in the user's files are diagnostics;
/// an `Err` means the folder itself could not be read.
pub fn load(root: &Path) -> Result<(Option<Inputs>, Vec<Diagnostic>)> {
    if !root.is_dir() {
        anyhow::bail!(
            "the inputs folder `{}` does not exist (pass --inputs DIR)",
            root.display()
        );
    }
    let mut diags = Vec::new();
    let framework_path = root.join("framework.toml");
    let bytes = match fs::read(&framework_path) {
        Ok(bytes) => bytes,
        Err(err) => {
            diags.push(
                Diagnostic::error(&framework_path, format!("cannot read the framework: {err}"))
                    .hint(
                        "every inputs folder needs a framework.toml describing the strategic plan",
                    ),
            );
            return Ok((None, diags));
        }
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        diags.push(Diagnostic::error(
            &framework_path,
            "framework.toml is not valid UTF-8",
        ));
        return Ok((None, diags));
    };
    let (framework, framework_diags) = Framework::parse(text, &framework_path);
    diags.extend(framework_diags);
    let Some(framework) = framework else {
        return Ok((None, diags));
    };
    let framework_file = InputFile::new(root, &framework_path, &bytes);
    let mut years = Vec::new();
    for (year, dir) in year_dirs(root)? {
        if year < framework.plan.start_year || year > framework.plan.end_year {
            diags.push(
                Diagnostic::error(
                    &dir,
                    format!(
                        "year {year} is outside the plan ({}–{})",
                        framework.plan.start_year, framework.plan.end_year
                    ),
                )
                .hint(
                    "move or remove this folder, or correct start_year/end_year in framework.toml",
                ),
            );
            continue;
        }
        years.push(load_year(root, &dir, year, &framework, &mut diags)?);
    }
    if years.is_empty() {
        diags.push(
            Diagnostic::error(root, "no year folders with progress data found")
                .hint("add a folder per year, e.g. inputs/2023/actions.csv"),
        );
    }
    Ok((
        Some(Inputs {
            root: root.to_path_buf(),
            framework,
            framework_file,
            years,
        }),
        diags,
    ))
}

/// Sub-folders named like a year, in order.
fn year_dirs(root: &Path) -> Result<Vec<(i32, PathBuf)>> {
    let mut years = Vec::new();
    for entry in fs::read_dir(root).with_context(|| format!("cannot list `{}`", root.display()))? {
        let entry = entry.with_context(|| format!("cannot list `{}`", root.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_dir()
            && name.len() == 4
            && name.bytes().all(|b| b.is_ascii_digit())
            && let Ok(year) = name.parse::<i32>()
        {
            years.push((year, entry.path()));
        }
    }
    years.sort();
    Ok(years)
}

fn load_year(
    root: &Path,
    dir: &Path,
    year: i32,
    framework: &Framework,
    diags: &mut Vec<Diagnostic>,
) -> Result<YearData> {
    let mut paths = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| format!("cannot list `{}`", dir.display()))? {
        let path = entry
            .with_context(|| format!("cannot list `{}`", dir.display()))?
            .path();
        if let Some(kind) = FileKind::of(&path) {
            paths.push((path, kind));
        }
    }
    paths.sort();
    let mut data = YearData {
        year,
        dir: dir.to_path_buf(),
        as_of: NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default(),
        actions: Vec::new(),
        indicators: Vec::new(),
        files: Vec::new(),
        signoff: Signoff::load(&dir.join(crate::signoff::FILE_NAME))?,
    };
    read_year_settings(root, &mut data, diags);
    if !paths.iter().any(|(_, kind)| *kind == FileKind::Actions) {
        diags.push(
            Diagnostic::error(dir, format!("year {year} has no actions file"))
                .hint("add actions.csv (or actions-<unit>.csv / .xlsx) to this folder"),
        );
    }
    let first = framework.first_language();
    for (path, kind) in paths {
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) => {
                diags.push(Diagnostic::error(
                    &path,
                    format!("cannot read the file: {err}"),
                ));
                continue;
            }
        };
        data.files.push(InputFile::new(root, &path, &bytes));
        let table = match read_table(&bytes, &path, kind) {
            Ok(table) => table,
            Err(diag) => {
                diags.push(diag);
                continue;
            }
        };
        match kind {
            FileKind::Actions => data.actions.extend(read_actions(&table, first, diags)),
            FileKind::Indicators => data
                .indicators
                .extend(read_indicators(&table, first, diags)),
        }
    }
    Ok(data)
}

/// Optional settings of a year, in `<year>/year.toml`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct YearSettings {
    as_of: Option<toml::value::Datetime>,
}

fn read_year_settings(root: &Path, data: &mut YearData, diags: &mut Vec<Diagnostic>) {
    let path = data.dir.join("year.toml");
    let Ok(bytes) = fs::read(&path) else {
        return;
    };
    data.files.push(InputFile::new(root, &path, &bytes));
    let text = String::from_utf8_lossy(&bytes);
    let settings = match toml::from_str::<YearSettings>(&text) {
        Ok(settings) => settings,
        Err(err) => {
            let mut d = Diagnostic::error(&path, err.message().to_string());
            if let Some(span) = err.span() {
                let (line, column) = crate::diagnostics::line_column(&text, span.start);
                d = d.at(line, column);
            }
            diags.push(d);
            return;
        }
    };
    if let Some(as_of) = settings.as_of {
        match NaiveDate::parse_from_str(&as_of.to_string(), "%Y-%m-%d") {
            Ok(date) => data.as_of = date,
            Err(_) => diags.push(
                Diagnostic::error(&path, format!("as_of `{as_of}` is not a date"))
                    .field("as_of")
                    .hint("write as_of = 2024-01-31"),
            ),
        }
    }
}

fn read_table(bytes: &[u8], path: &Path, kind: FileKind) -> Result<Table, Diagnostic> {
    let is_xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if is_xlsx {
        read_xlsx(bytes, path, kind.sheet_names())
    } else {
        read_csv(bytes, path)
    }
}
