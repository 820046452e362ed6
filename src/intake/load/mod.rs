//! Loading the input folder: `framework.toml` plus one folder per year.
//!
//! This is the only step that reads the input files. It reads each file once,
//! keeps its size and SHA-256 (for the sources annex and the approval
//! fingerprint), and hands typed data plus every diagnostic to the pipeline.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::NaiveDate;

use super::foreword::{self, Foreword};
use super::framework::{Framework, TrustList};
use super::progress::{Action, FileKind, Indicator, read_actions, read_indicators};
use super::signoff::{self, Signoff};
use super::source::Source;
use super::table::{
    Cell, HeaderScore, Table, WorkbookFormat, best_table, read_csv_with, read_workbook,
};
use crate::core::{Lang, sha256_hex, text::line_column};
use crate::diagnostics::Diagnostic;

mod beside;
mod forewords;
mod kinds;
mod year;

use beside::*;
use forewords::*;
pub use kinds::is_data_file;
use kinds::*;
pub use year::no_actions_file;
use year::*;

/// One input file as the sources annex lists it.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// Relative to the inputs folder, with `/` separators on every platform.
    pub path: String,
    pub size: u64,
    /// The file's bytes, kept to attach them to the reports.
    pub bytes: std::sync::Arc<Vec<u8>>,
    /// For a table: its rows of data below the header, as the file has
    /// them (for the reconciliation lines).
    pub rows: Option<usize>,
    /// The bytes' SHA-256, made when first asked: `check` of a plan with no
    /// approvals never needs it (a twentieth of reading a large plan).
    sha256: std::sync::OnceLock<String>,
}

impl InputFile {
    /// `relative` is the `/`-separated path inside the inputs folder.
    pub fn new(relative: &str, bytes: Vec<u8>) -> Self {
        Self {
            path: relative.to_string(),
            size: bytes.len() as u64,
            bytes: std::sync::Arc::new(bytes),
            rows: None,
            sha256: std::sync::OnceLock::new(),
        }
    }

    /// The file's SHA-256 in lower-case hex.
    pub fn sha256(&self) -> &str {
        self.sha256.get_or_init(|| sha256_hex(&self.bytes))
    }
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
    /// The foreword and priority commentaries, one per language given
    /// (their files are in `files`).
    pub forewords: Vec<Foreword>,
}

/// Everything read from the inputs folder.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub root: PathBuf,
    pub framework: Framework,
    pub framework_file: InputFile,
    /// The logo `framework.toml` names, checked.
    pub logo_file: Option<InputFile>,
    /// The certificate files `[trust]` names.
    pub trust_files: Vec<InputFile>,
    /// Their certificates, as DER.
    pub trust: TrustStore,
    pub years: Vec<YearData>,
}

/// The CA certificates of `[trust]`, as DER: where an approver's
/// certification path must end, and what it may pass through.
#[derive(Debug, Clone, Default)]
pub struct TrustStore {
    pub anchors: Vec<Vec<u8>>,
    pub intermediates: Vec<Vec<u8>>,
    /// The timestamp authorities' certificates (or their CAs').
    pub timestamp_authorities: Vec<Vec<u8>>,
}

impl TrustStore {
    /// Where the certificates of a `[trust]` list go.
    pub fn list_mut(&mut self, list: TrustList) -> &mut Vec<Vec<u8>> {
        match list {
            TrustList::Anchors => &mut self.anchors,
            TrustList::Intermediates => &mut self.intermediates,
            TrustList::TimestampAuthorities => &mut self.timestamp_authorities,
        }
    }
}

impl Inputs {
    /// The files of the plan itself, every report's: the framework and its
    /// logo.
    pub fn plan_files(&self) -> impl Iterator<Item = &InputFile> {
        std::iter::once(&self.framework_file)
            .chain(&self.logo_file)
            .chain(&self.trust_files)
    }

    /// The files a report of `year` is built from: the plan's and the
    /// files of that year and every earlier one.
    pub fn files_up_to(&self, year: i32) -> impl Iterator<Item = &InputFile> {
        self.plan_files().chain(
            self.years
                .iter()
                .filter(move |y| y.year <= year)
                .flat_map(|y| &y.files),
        )
    }

    pub fn year(&self, year: i32) -> Option<&YearData> {
        self.years.iter().find(|y| y.year == year)
    }

    /// The error for a `--year` outside the plan's years; `None` for a
    /// year of the plan.
    pub fn outside_plan(&self, year: i32) -> Option<Diagnostic> {
        let plan = &self.framework.plan;
        (!(plan.start_year..=plan.end_year).contains(&year)).then(|| {
            Diagnostic::error(
                self.root.join(FRAMEWORK_FILE),
                format!(
                    "{year} is not a year of the plan ({}–{})",
                    plan.start_year, plan.end_year
                ),
            )
            .hint("give --year one of the plan's years")
        })
    }
}

/// The framework's file name inside the inputs folder.
pub const FRAMEWORK_FILE: &str = "framework.toml";

/// Reads the inputs folder. Problems in the user's files are diagnostics;
/// an `Err` means the folder itself could not be read.
pub fn load(source: Source) -> Result<(Option<Inputs>, Vec<Diagnostic>)> {
    let root = source.root();
    if !source.exists() {
        anyhow::bail!(
            "the inputs folder `{}` does not exist (pass --inputs DIR)",
            root.display()
        );
    }
    let mut diags = Vec::new();
    let framework_path = source.path(FRAMEWORK_FILE);
    let bytes = match source.read(FRAMEWORK_FILE) {
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
    let framework_file = InputFile::new(FRAMEWORK_FILE, bytes);
    let logo_file = read_logo(source, &framework, &mut diags);
    let (trust_files, trust) = read_trust(source, &framework, &mut diags);
    let wanted = year_dirs(source, &framework, &mut diags)?;
    let mut years = Vec::new();
    let mut data_files: Vec<DataFiles> = Vec::new();
    for (year, name) in wanted {
        let (data, files) = list_year(source, &framework, &name, year, &mut diags)?;
        years.push(data);
        data_files.push(files);
    }
    read_data_files(source, &framework, &mut years, data_files, &mut diags);
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
            logo_file,
            trust_files,
            trust,
            years,
        }),
        diags,
    ))
}

/// The plan's year folders, in order. Every other entry of the inputs
/// folder is accounted for: one whose name holds four digits but is not
/// exactly one of the plan's years (`2023 `, `2023-old`, `02023`, `2021`)
/// is an error, since its data would be missing from every report without
/// a word; anything else is a note.
fn year_dirs(
    source: Source,
    framework: &Framework,
    diags: &mut Vec<Diagnostic>,
) -> Result<Vec<(i32, String)>> {
    let list = |dirs| {
        source
            .list("", dirs)
            .with_context(|| format!("cannot list `{}`", source.root().display()))
    };
    let (start, end) = (framework.plan.start_year, framework.plan.end_year);
    let plan_years = (start..=end)
        .map(|y| y.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let mut years = Vec::new();
    for (name, is_dir) in list(true)?
        .into_iter()
        .map(|n| (n, true))
        .chain(list(false)?.into_iter().map(|n| (n, false)))
    {
        let path = source.path(&name);
        let year = (is_dir && name.len() == 4 && name.bytes().all(|b| b.is_ascii_digit()))
            .then(|| name.parse::<i32>().ok())
            .flatten();
        // Files framework.toml names are the plan's own, whatever their
        // name holds (`root-2023.pem`, `logo2024.svg`).
        let named = !is_dir
            && (framework.plan.logo.as_deref() == Some(name.as_str())
                || framework.trust.names().any(|n| n == name));
        if named {
            continue;
        }
        match year {
            Some(year) if (start..=end).contains(&year) => years.push((year, name)),
            Some(year) => diags.push(
                Diagnostic::error(
                    &path,
                    format!("year {year} is outside the plan ({start}–{end}): its data would be in no report"),
                )
                .hint(format!("the plan's year folders are {plan_years}; move or remove this folder, or correct start_year/end_year in framework.toml")),
            ),
            None if holds_four_digits(&name) => diags.push(
                Diagnostic::error(
                    &path,
                    format!(
                        "`{name}` looks like a year {}, but only folders named exactly after a plan year are read: its data would be in no report",
                        if is_dir { "folder" } else { "file" }
                    ),
                )
                .hint(format!("the plan's year folders are {plan_years}; rename it to one of them, or move it out of the inputs folder")),
            ),
            None if !is_dir && name == FRAMEWORK_FILE => {}
            None => diags.push(Diagnostic::note(
                &path,
                match (is_dir, name.starts_with('.')) {
                    (_, true) => "a hidden entry, not part of the plan; ignored",
                    (true, false) => "a folder that is not a plan year; ignored",
                    (false, false) => "a file that is not part of the plan (only framework.toml and the year folders are read); ignored",
                },
            )),
        }
    }
    years.sort();
    Ok(years)
}

/// Whether a name holds four digits in a row, as a year would.
fn holds_four_digits(name: &str) -> bool {
    name.as_bytes()
        .windows(4)
        .any(|w| w.iter().all(u8::is_ascii_digit))
}
