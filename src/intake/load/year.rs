//! One year's folder: its entries accounted for, its data files read on
//! every core (each table's kind found by its name or header), and its
//! settings (`year.toml`).

use super::*;

/// A year's data files to read, by path inside the inputs folder, with the
/// kind their name announces.
pub(super) type DataFiles = Vec<(String, Option<FileKind>)>;

/// A year's folder listed: its settings and approvals read, its other
/// entries accounted for, and the data files to read (in name order).
pub(super) fn list_year(
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
pub(super) fn read_data_files(
    source: Source,
    framework: &Framework,
    years: &mut [YearData],
    files: Vec<DataFiles>,
    diags: &mut Vec<Diagnostic>,
) {
    let languages = &framework.plan.languages;
    // The largest files first, so both cores finish at about the same time
    // (a large file left for last keeps one core busy alone); each result
    // goes back to its file's place.
    let mut queue: Vec<(usize, Option<u64>, &String, Option<FileKind>)> = files
        .iter()
        .flatten()
        .enumerate()
        .map(|(at, (relative, named))| (at, source.size(relative), relative, *named))
        .collect();
    queue.sort_by_key(|(at, size, ..)| (std::cmp::Reverse(*size), *at));
    let mut read = crate::core::parallel_map(queue, |(at, _, relative, named)| {
        (at, read_year_file(source, relative, named, languages))
    });
    read.sort_by_key(|(at, _)| *at);
    let mut read = read.into_iter().map(|(_, file)| file);
    for (data, files) in years.iter_mut().zip(&files) {
        let mut has_actions = false;
        // Sized once: a year's 10,000 actions are moved once, not every
        // time the vector would grow.
        let read: Vec<YearFileRead> = read.by_ref().take(files.len()).collect();
        let (mut actions, mut indicators) = (0, 0);
        for content in read
            .iter()
            .filter_map(|f| f.read.as_ref())
            .flat_map(|(_, c)| c)
        {
            match content {
                Content::Actions(a) => actions += a.len(),
                Content::Indicators(k) => indicators += k.len(),
            }
        }
        data.actions.reserve_exact(actions);
        data.indicators.reserve_exact(indicators);
        for ((_, named), file) in files.iter().zip(read) {
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
pub(super) struct YearFileRead {
    diags: Vec<Diagnostic>,
    /// The file and what it holds: one table, or a workbook's sheets of
    /// both kinds.
    read: Option<(InputFile, Vec<Content>)>,
}

pub(super) enum Content {
    Actions(Vec<crate::intake::progress::Action>),
    Indicators(Vec<crate::intake::progress::Indicator>),
}

/// Reads one data file of a year: its table, its kind (by name or else by
/// header) and its rows.
pub(super) fn read_year_file(
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
    let mut tables = match read_tables(&bytes, &path, &score, source.limits().rows) {
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
pub(super) fn read_content(
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
pub(super) struct YearSettings {
    as_of: Option<toml::value::Datetime>,
}

pub(super) fn read_year_settings(
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
