//! Loading the input folder: `framework.toml` plus one folder per year.
//!
//! This is the only step that reads the input files. It reads each file once,
//! keeps its size and SHA-256 (for the sources annex and the approval
//! fingerprint), and hands typed data plus every diagnostic to the pipeline.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::NaiveDate;
use serde::Serialize;

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
    /// For a table: its rows of data below the header, as the file has
    /// them (for the reconciliation lines).
    #[serde(skip)]
    pub rows: Option<usize>,
}

impl InputFile {
    /// `relative` is the `/`-separated path inside the inputs folder.
    pub fn new(relative: &str, bytes: Vec<u8>) -> Self {
        Self {
            path: relative.to_string(),
            size: bytes.len() as u64,
            sha256: sha256_hex(&bytes),
            bytes: std::sync::Arc::new(bytes),
            rows: None,
        }
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

/// The logo `framework.toml` names: a PNG or SVG file beside it, read and
/// checked with the decoders the reports are drawn with.
fn read_logo(
    source: Source,
    framework: &Framework,
    diags: &mut Vec<Diagnostic>,
) -> Option<InputFile> {
    let name = framework.plan.logo.as_deref()?;
    let bytes = read_beside(source, name, "logo", diags)?;
    if let Err(diag) = super::logo::check(&bytes, name, &source.path(name)) {
        diags.push(diag);
        return None;
    }
    Some(InputFile::new(name, bytes))
}

/// The certificate files `[trust]` names, beside framework.toml: each read,
/// parsed (PEM, one or more, or DER) and kept as an input.
fn read_trust(
    source: Source,
    framework: &Framework,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<InputFile>, TrustStore) {
    let mut files: Vec<InputFile> = Vec::new();
    let mut store = TrustStore::default();
    for list in TrustList::ALL {
        let field = list.field();
        for name in framework.trust.list(list) {
            if files.iter().any(|f| f.path == *name) {
                diags.push(
                    Diagnostic::error(
                        source.path(FRAMEWORK_FILE),
                        format!("`{name}` is named twice under [trust]"),
                    )
                    .field(field),
                );
                continue;
            }
            let Some(bytes) = read_beside(source, name, field, diags) else {
                continue;
            };
            match koers_sign::certificates_of(&bytes) {
                Ok(certificates) => store.list_mut(list).extend(certificates),
                Err(why) => {
                    diags.push(Diagnostic::error(source.path(name), why).field(field).hint(
                        "give the CA certificate as PEM (-----BEGIN CERTIFICATE-----) or DER",
                    ))
                }
            }
            files.push(InputFile::new(name, bytes));
        }
    }
    (files, store)
}

/// The bytes of a file `framework.toml` names for `field`, which must be
/// beside it (its name alone: no folders, no `..`).
fn read_beside(
    source: Source,
    name: &str,
    field: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<u8>> {
    let framework_path = source.path(FRAMEWORK_FILE);
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        diags.push(
            Diagnostic::error(
                &framework_path,
                format!("{field} `{name}` must be the name of a file beside framework.toml"),
            )
            .field(field)
            .hint("put the file in the inputs folder, beside framework.toml, and give its name"),
        );
        return None;
    }
    match source.read(name) {
        Ok(bytes) => Some(bytes),
        Err(err) => {
            diags.push(
                Diagnostic::error(
                    source.path(name),
                    format!("cannot read the file framework.toml names as {field}: {err}"),
                )
                .field(field)
                .hint("put the file beside framework.toml, or remove it from framework.toml"),
            );
            None
        }
    }
}

/// Whether a name holds four digits in a row, as a year would.
fn holds_four_digits(name: &str) -> bool {
    name.as_bytes()
        .windows(4)
        .any(|w| w.iter().all(u8::is_ascii_digit))
}

/// A year's data files to read, by path inside the inputs folder, with the
/// kind their name announces.
type DataFiles = Vec<(String, Option<FileKind>)>;

/// A year's folder listed: its settings and approvals read, its other
/// entries accounted for, and the data files to read (in name order).
fn list_year(
    source: Source,
    framework: &Framework,
    name: &str,
    year: i32,
    diags: &mut Vec<Diagnostic>,
) -> Result<(YearData, DataFiles)> {
    let dir = source.path(name);
    let listed = source
        .list(name, false)
        .with_context(|| format!("cannot list `{}`", dir.display()))?;
    for folder in source
        .list(name, true)
        .with_context(|| format!("cannot list `{}`", dir.display()))?
    {
        if folder != signoff::APPROVALS_DIR {
            diags.push(Diagnostic::note(
                source.path(&format!("{name}/{folder}")),
                "a folder inside a year folder; not read (only the year's own files and approvals/ are)",
            ));
        }
    }
    let mut files: Vec<(String, Option<FileKind>)> = Vec::new();
    let mut forewords = Vec::new();
    for file in listed {
        let path = source.path(&format!("{name}/{file}"));
        match year_file(&file) {
            YearFile::Data(kind) => files.push((format!("{name}/{file}"), kind)),
            YearFile::Own => {}
            YearFile::Foreword(Ok(lang)) => forewords.push((lang, format!("{name}/{file}"))),
            YearFile::Foreword(Err(why)) => diags.push(Diagnostic::error(&path, why).hint(
                "a foreword is read from foreword.nl.md, foreword.fr.md, … in the year folder",
            )),
            YearFile::Ignored(why) => diags.push(Diagnostic::note(&path, why)),
            YearFile::Unreadable(why) => diags.push(
                Diagnostic::error(&path, why)
                    .hint("save it from Excel or LibreOffice as .xlsx (Excel workbook) or as CSV"),
            ),
        }
    }
    files.sort();
    let mut data = YearData {
        year,
        dir,
        as_of: NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default(),
        actions: Vec::new(),
        indicators: Vec::new(),
        files: Vec::new(),
        signoff: Signoff::load_year(source, name, diags),
        forewords: Vec::new(),
    };
    read_year_settings(source, name, &mut data, diags);
    read_forewords(source, framework, &mut data, forewords, diags);
    Ok((data, files))
}

/// Reads the data files of every year from one queue on every core (a
/// plan may have three years of seven files, or one year of thousands),
/// and merges what each holds and what was said about it in the years' and
/// files' order, so the result never depends on which core read what.
fn read_data_files(
    source: Source,
    framework: &Framework,
    years: &mut [YearData],
    files: Vec<DataFiles>,
    diags: &mut Vec<Diagnostic>,
) {
    let languages = &framework.plan.languages;
    let queue: Vec<(String, Option<FileKind>)> = files.iter().flatten().cloned().collect();
    let mut read = crate::core::parallel_map(queue, |(relative, named)| {
        read_year_file(source, &relative, named, languages)
    })
    .into_iter();
    for (data, files) in years.iter_mut().zip(&files) {
        let mut has_actions = false;
        for ((_, named), file) in files.iter().zip(read.by_ref()) {
            // An actions file that cannot be read is an error of its own;
            // the year is not also said to have none.
            has_actions |= *named == Some(FileKind::Actions);
            diags.extend(file.diags);
            let Some((input, contents)) = file.read else {
                continue;
            };
            data.files.push(input);
            for content in contents {
                match content {
                    Content::Actions(actions) => {
                        has_actions = true;
                        data.actions.extend(actions);
                    }
                    Content::Indicators(indicators) => data.indicators.extend(indicators),
                }
            }
        }
        if !has_actions {
            diags.push(no_actions_file(&data.dir, data.year));
        }
    }
}

/// What one data file of a year holds, and what was said about it.
struct YearFileRead {
    diags: Vec<Diagnostic>,
    /// The file and what it holds: one table, or a workbook's sheets of
    /// both kinds.
    read: Option<(InputFile, Vec<Content>)>,
}

enum Content {
    Actions(Vec<crate::intake::progress::Action>),
    Indicators(Vec<crate::intake::progress::Indicator>),
}

/// Reads one data file of a year: its table, its kind (by name or else by
/// header) and its rows.
fn read_year_file(
    source: Source,
    relative: &str,
    named: Option<FileKind>,
    languages: &[crate::core::Lang],
) -> YearFileRead {
    let path = source.path(relative);
    let mut diags = Vec::new();
    let bytes = match source.read(relative) {
        Ok(bytes) => bytes,
        Err(err) => {
            diags.push(Diagnostic::error(
                &path,
                format!("cannot read the file: {err}"),
            ));
            return YearFileRead { diags, read: None };
        }
    };
    let score = |cells: &[Cell]| match named {
        Some(kind) => kind.header_score(cells),
        None => any_kind(cells),
    };
    let mut tables = match read_tables(&bytes, &path, &score) {
        Ok(tables) => tables,
        Err(diag) => {
            diags.push(diag);
            return YearFileRead { diags, read: None };
        }
    };
    // The file's table: in a workbook, the sheet whose header names the
    // most columns of its kind.
    let table = tables.remove(best_table(&tables, &score));
    let kind = named.or_else(|| kind_by_header(&table));
    let other_kind_read = tables
        .iter()
        .any(|t| !t.rows.is_empty() && kind_by_header(t).is_some_and(|k| Some(k) != kind));
    if table.rows.is_empty() && !other_kind_read {
        diags.push(
            Diagnostic::error(
                &path,
                format!(
                    "the file has column names ({}) but no rows",
                    where_read(&table)
                ),
            )
            .at_line(table.header_line)
            .in_sheet(table.sheet.as_deref())
            .hint(
                "fill in the rows, or remove the file if the unit has nothing to report this year",
            ),
        );
        return YearFileRead { diags, read: None };
    }
    let Some(kind) = kind else {
        diags.push(
            Diagnostic::error(
                &path,
                format!(
                    "this file is neither an actions nor an indicators file: neither its name nor its header row ({}) says which",
                    where_read(&table)
                ),
            )
            .hint("name the file actions-<unit>.xlsx or indicators-<unit>.xlsx, or give it the columns of one"),
        );
        return YearFileRead { diags, read: None };
    };
    let mut rows = 0;
    let mut contents = Vec::new();
    if table.rows.is_empty() {
        // A unit's workbook with KPIs but no actions: the KPIs are read.
        diags.push(
            Diagnostic::warning(
                &path,
                format!(
                    "the {} sheet has column names ({}) but no rows: it gives nothing",
                    kind.name(),
                    where_read(&table)
                ),
            )
            .at_line(table.header_line)
            .in_sheet(table.sheet.as_deref()),
        );
    } else {
        if table.header_line != 1 || table.sheet.is_some() {
            diags.push(Diagnostic::note(
                &path,
                format!("read as {}: {}", kind.name(), where_read(&table)),
            ));
        }
        rows += table.rows.len();
        contents.push(read_content(&table, kind, languages, &mut diags));
    }
    // The other sheets of a workbook: one of the other kind (the indicators
    // sheet of a unit's workbook from `koers sheets`) is read as well; any
    // other is named, never skipped in silence.
    let mut read_sheets = vec![(kind, table.sheet.clone().unwrap_or_default())];
    for other in &tables {
        let sheet = other.sheet.as_deref().unwrap_or_default();
        let first_of = |k: FileKind| {
            read_sheets
                .iter()
                .find(|(r, _)| *r == k)
                .map(|(_, s)| s.clone())
        };
        match kind_by_header(other) {
            Some(k) if other.rows.is_empty() => diags.push(Diagnostic::note(
                &path,
                format!("sheet `{sheet}` has the columns of {} but no rows: it gives nothing", k.name()),
            )),
            Some(k) => match first_of(k) {
                None => {
                    diags.push(Diagnostic::note(
                        &path,
                        format!("read as {} too: {}", k.name(), where_read(other)),
                    ));
                    rows += other.rows.len();
                    contents.push(read_content(other, k, languages, &mut diags));
                    read_sheets.push((k, sheet.to_string()));
                }
                Some(first) => diags.push(
                    Diagnostic::warning(
                        &path,
                        format!(
                            "sheet `{sheet}` also looks like {} but was not read: only one sheet of a kind is read, here `{first}`",
                            k.name()
                        ),
                    )
                    .hint(format!(
                        "keep one sheet of {} in the workbook, or put the other in a file of its own",
                        k.name()
                    )),
                ),
            },
            None => diags.push(Diagnostic::note(
                &path,
                format!("sheet `{sheet}` was not read: it holds no table of actions or indicators"),
            )),
        }
    }
    let mut input = InputFile::new(relative, bytes);
    input.rows = Some(rows);
    YearFileRead {
        diags,
        read: Some((input, contents)),
    }
}

/// The rows of one table of a known kind. Each text's language is looked at
/// here, on the core that read the file: it is the costliest step of
/// reading a row.
fn read_content(
    table: &Table,
    kind: FileKind,
    languages: &[crate::core::Lang],
    diags: &mut Vec<Diagnostic>,
) -> Content {
    let first = languages.first().copied().unwrap_or(crate::core::Lang::Nl);
    match kind {
        FileKind::Actions => {
            let mut actions = read_actions(table, first, diags);
            for a in &mut actions {
                a.titles.detect_languages(languages);
                a.comments.detect_languages(languages);
            }
            Content::Actions(actions)
        }
        FileKind::Indicators => {
            let mut kpis = read_indicators(table, first, diags);
            for k in &mut kpis {
                for texts in [&mut k.names, &mut k.measures, &mut k.comments] {
                    texts.detect_languages(languages);
                }
            }
            Content::Indicators(kpis)
        }
    }
}

/// The error for a year folder without an actions file. `koers sheets`
/// expects exactly this one for the year whose sheets it writes.
pub fn no_actions_file(dir: &Path, year: i32) -> Diagnostic {
    Diagnostic::error(dir, format!("year {year} has no actions file"))
        .hint("add actions.csv (or actions-<unit>.csv / .xlsx) to this folder")
}

/// Optional settings of a year, in `<year>/year.toml`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct YearSettings {
    as_of: Option<toml::value::Datetime>,
}

fn read_year_settings(
    source: Source,
    name: &str,
    data: &mut YearData,
    diags: &mut Vec<Diagnostic>,
) {
    let relative = format!("{name}/year.toml");
    let path = source.path(&relative);
    let Ok(bytes) = source.read(&relative) else {
        return;
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    data.files.push(InputFile::new(&relative, bytes));
    let settings = match toml::from_str::<YearSettings>(&text) {
        Ok(settings) => settings,
        Err(err) => {
            let mut d = Diagnostic::error(&path, err.message().to_string());
            if let Some(span) = err.span() {
                let (line, column) = line_column(&text, span.start);
                d = d.at(line, column);
            }
            diags.push(d);
            return;
        }
    };
    if let Some(as_of) = settings.as_of {
        let year = data.year;
        let earliest = NaiveDate::from_ymd_opt(year, 1, 1);
        let latest = NaiveDate::from_ymd_opt(year + 1, 12, 31);
        match NaiveDate::parse_from_str(&as_of.to_string(), "%Y-%m-%d") {
            Ok(date) if Some(date) < earliest || Some(date) > latest => diags.push(
                Diagnostic::error(
                    &path,
                    format!("as_of {date} cannot describe the year {year}: it must fall in {year} or in {}", year + 1),
                )
                .field("as_of")
                .hint(format!("write the date the data describes, e.g. as_of = {year}-12-31, or remove the line")),
            ),
            Ok(date) => data.as_of = date,
            Err(_) => diags.push(
                Diagnostic::error(&path, format!("as_of `{as_of}` is not a date"))
                    .field("as_of")
                    .hint("write as_of = 2024-01-31"),
            ),
        }
    }
}

/// Reads the year's foreword files (each attached like every input), and
/// says which of the plan's languages lack one that another has: that
/// edition shows the other language's text, marked.
fn read_forewords(
    source: Source,
    framework: &Framework,
    data: &mut YearData,
    files: Vec<(Lang, String)>,
    diags: &mut Vec<Diagnostic>,
) {
    let priorities: Vec<&str> = framework.priorities.iter().map(|p| p.id.as_str()).collect();
    let languages = &framework.plan.languages;
    for (lang, relative) in files {
        let path = source.path(&relative);
        let bytes = match source.read(&relative) {
            Ok(bytes) => bytes,
            Err(err) => {
                diags.push(Diagnostic::error(
                    &path,
                    format!("cannot read the file: {err}"),
                ));
                continue;
            }
        };
        let (read, found) = foreword::parse(&bytes, lang, &path, &priorities);
        diags.extend(found);
        data.files.push(InputFile::new(&relative, bytes));
        let Some(read) = read else { continue };
        let mut among = languages.clone();
        if !among.contains(&lang) {
            among.push(lang);
        }
        let texts = std::iter::once((None, &read.intro))
            .chain(read.priorities.iter().map(|(id, p)| (Some(id.as_str()), p)));
        for (priority, prose) in texts {
            let text = foreword::plain_text(prose);
            if let Some(other) = crate::core::lang::detect(&text, &among).filter(|l| *l != lang) {
                let part = match priority {
                    None => "the foreword".to_string(),
                    Some(id) => format!("the commentary on {id}"),
                };
                diags.push(
                    Diagnostic::warning(
                        &path,
                        format!("{part} reads as {other}, but the file is the {lang} one"),
                    )
                    .hint(format!(
                        "put the {other} text in {}",
                        foreword::file_name(other)
                    )),
                );
            }
        }
        data.forewords.push(read);
    }
    for foreword in &data.forewords {
        if !languages.contains(&foreword.lang) {
            diags.push(
                Diagnostic::warning(
                    data.dir.join(foreword::file_name(foreword.lang)),
                    format!(
                        "{} is not a language of the plan ({}): this foreword is shown only in a --lang {} edition",
                        foreword.lang,
                        languages.iter().map(|l| l.code()).collect::<Vec<_>>().join(", "),
                        foreword.lang
                    ),
                ),
            );
        }
    }
    // The one an edition without its own shows: the first of the plan's
    // languages that has one, as the report picks it.
    let Some(first) = languages
        .iter()
        .find_map(|l| data.forewords.iter().find(|f| f.lang == *l))
    else {
        return;
    };
    let dir = &data.dir;
    for lang in languages {
        let Some(own) = data.forewords.iter().find(|f| f.lang == *lang) else {
            diags.push(
                Diagnostic::warning(
                    dir.join(foreword::file_name(*lang)),
                    format!("no {lang} foreword: the {lang} organisation report shows the {} one, marked as {}", first.lang, first.lang),
                )
                .hint(format!("translate {} into {}", foreword::file_name(first.lang), foreword::file_name(*lang))),
            );
            continue;
        };
        for other in &data.forewords {
            for (id, _) in &other.priorities {
                if !own.priorities.iter().any(|(p, _)| p == id) {
                    diags.push(
                        Diagnostic::warning(
                            dir.join(foreword::file_name(*lang)),
                            format!("no commentary on {id} in {lang}: the {lang} report shows the {} one, marked", other.lang),
                        )
                        .hint(format!("add `## {id}` and its text to {}", foreword::file_name(*lang))),
                    );
                }
            }
        }
    }
}

/// What a file in a year folder is.
enum YearFile {
    /// A table to read; its kind when the name says it.
    Data(Option<FileKind>),
    /// `year.toml` or `signoff.toml`, read on their own.
    Own,
    /// `foreword.<lang>.md`, or why a file named like one cannot be read.
    Foreword(Result<Lang, String>),
    /// Not an input file: why, for a note.
    Ignored(String),
    /// A data file Koers does not read: why, for an error.
    Unreadable(String),
}

/// Whether a file of a year folder is one Koers reads (or refuses) as data,
/// by the rules `load` applies.
pub fn is_data_file(name: &str) -> bool {
    matches!(year_file(name), YearFile::Data(_) | YearFile::Unreadable(_))
}

fn year_file(name: &str) -> YearFile {
    if name == "year.toml" || name == signoff::FILE_NAME {
        return YearFile::Own;
    }
    if let Some(lang) = foreword::lang_of_name(name) {
        return YearFile::Foreword(lang);
    }
    if name.starts_with("~$") || name.starts_with(".~lock") {
        return YearFile::Ignored(
            "an office lock file (the workbook is open somewhere); ignored".into(),
        );
    }
    if name.starts_with('.') {
        return YearFile::Ignored("a hidden file; ignored".into());
    }
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "csv" | "xlsx" | "xlsm" | "xls" | "ods" => YearFile::Data(FileKind::of_name(name)),
        "xlsb" | "numbers" => YearFile::Unreadable(format!(
            "Koers does not read .{extension} files, so this file's data would be missing"
        )),
        _ => YearFile::Ignored(
            "not an actions or indicators file (.csv, .xlsx, .xls, .ods) nor a foreword (foreword.<lang>.md); ignored".into(),
        ),
    }
}

/// The kind a table's header announces, when it clearly does.
fn kind_by_header(table: &Table) -> Option<FileKind> {
    let actions = FileKind::Actions.header_score(&table.headers);
    let indicators = FileKind::Indicators.header_score(&table.headers);
    match actions.cmp(&indicators) {
        std::cmp::Ordering::Greater if actions >= 3 => Some(FileKind::Actions),
        std::cmp::Ordering::Less if indicators >= 3 => Some(FileKind::Indicators),
        _ => None,
    }
}

/// `sheet `Acties 2023`, header in row 3` or `header in line 2`.
fn where_read(table: &Table) -> String {
    match &table.sheet {
        Some(sheet) => format!("sheet `{sheet}`, header in row {}", table.header_line),
        None => format!("header in line {}", table.header_line),
    }
}

/// How well a row reads as the header of any kind of file.
fn any_kind(cells: &[Cell]) -> usize {
    FileKind::ALL
        .iter()
        .map(|k| k.header_score(cells))
        .max()
        .unwrap_or(0)
}

/// A CSV's table (its header found by `score`), or every table of a
/// workbook's sheets, each sheet's header found by the columns of any kind:
/// a workbook may hold actions and indicators.
fn read_tables(
    bytes: &[u8],
    path: &std::path::Path,
    score: HeaderScore,
) -> Result<Vec<Table>, Diagnostic> {
    let format = path
        .extension()
        .and_then(|e| e.to_str())
        .and_then(WorkbookFormat::of_extension);
    match format {
        Some(format) => read_workbook(bytes, path, format, &any_kind),
        None => read_csv_with(bytes, path, score).map(|table| vec![table]),
    }
}
