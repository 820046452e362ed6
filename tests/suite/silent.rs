//! No silent path: each input that once gave a wrong report with exit 0
//! (a stray quote, a year folder named `2023 `, one bad byte, a fraction in
//! a column of percentages, …) is now refused or named, with its place.
//! One fixture folder per case under `tests/fixtures/silent/`, holding the
//! files of the small plan's year 2023 as the case changes them; cases about
//! folder names are made here (names with trailing spaces do not belong in
//! a repository).

use std::path::Path;

use crate::common::check_inputs as check;
use crate::common::{fixture, small_plan_from};

/// The small plan with `case`'s files as its year 2023.
fn case(case: &str) -> tempfile::TempDir {
    small_plan_from(&fixture("silent").join(case).join("2023"))
}

/// The small plan as it is.
fn small() -> tempfile::TempDir {
    small_plan_from(&fixture("small").join("2023"))
}

fn refused(dir: &Path, expected: &[&str]) -> String {
    let (code, out) = check(dir);
    assert_eq!(code, Some(1), "{out}");
    for line in expected {
        assert!(out.contains(line), "expected `{line}` in:\n{out}");
    }
    out
}

#[test]
fn a_quote_never_closed_is_refused_where_it_opened() {
    let dir = case("stray-quote");
    refused(
        dir.path(),
        &[
            "actions.csv:3:12: error: the quote that opens this cell is never closed: the remaining 4 line(s) of the file would be read as this one cell",
            "hint: a quote inside a cell must be doubled",
        ],
    );
}

#[test]
fn a_quote_swallowing_whole_rows_is_refused() {
    let dir = case("swallowed-rows");
    refused(
        dir.path(),
        &[
            "actions.csv:3:12: error: the quote that opens this cell is closed only 3 line(s) later, and 2 of those lines read as whole rows of the file",
        ],
    );
}

#[test]
fn a_line_break_in_a_one_line_cell_is_refused() {
    let dir = case("break-in-id");
    refused(
        dir.path(),
        &["actions.csv:3:5: error: [unit] the `unit` cell holds a line break"],
    );
}

#[test]
fn the_reconciliation_counts_the_rows_the_file_has() {
    let (code, out) = check(small().path());
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("actions.csv: 6 action(s) (U1: 3, U2: 3), budget planned 3500.5, spent 600; 6 row(s) in the file"),
        "{out}"
    );
    assert!(
        out.contains("indicators.csv: 2 indicator(s); 2 row(s) in the file"),
        "{out}"
    );
}

#[test]
fn a_name_that_looks_like_a_year_is_refused_naming_the_plan_years() {
    for name in ["2023 ", "2023-old", "02023", "2023abc", "99999"] {
        let dir = small();
        std::fs::rename(dir.path().join("2023"), dir.path().join(name)).unwrap();
        let out = refused(
            dir.path(),
            &[
                "looks like a year folder, but only folders named exactly after a plan year are read",
            ],
        );
        assert!(out.contains(&format!("`{name}`")), "{name}: {out}");
        assert!(
            out.contains("the plan's year folders are 2023, 2024"),
            "{name}: {out}"
        );
    }
    // Outside the plan, same rule and same hint.
    let dir = small();
    std::fs::rename(dir.path().join("2023"), dir.path().join("2021")).unwrap();
    refused(
        dir.path(),
        &[
            "error: year 2021 is outside the plan (2023–2024)",
            "the plan's year folders are 2023, 2024",
        ],
    );
    // A file named like a year beside the framework is refused too.
    let dir = small();
    std::fs::write(dir.path().join("actions-2023.csv"), "x").unwrap();
    refused(dir.path(), &["`actions-2023.csv` looks like a year file"]);
}

#[test]
fn every_other_entry_of_the_inputs_folder_is_a_note() {
    let dir = small();
    std::fs::write(dir.path().join("README.txt"), "notes").unwrap();
    std::fs::create_dir(dir.path().join("archief")).unwrap();
    std::fs::create_dir(dir.path().join("2023/oud")).unwrap();
    let (code, out) = check(dir.path());
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("README.txt: note: a file that is not part of the plan"),
        "{out}"
    );
    assert!(
        out.contains("archief: note: a folder that is not a plan year"),
        "{out}"
    );
    assert!(
        out.contains("oud: note: a folder inside a year folder"),
        "{out}"
    );
}

#[test]
fn one_bad_byte_in_a_utf8_file_is_refused_at_its_place() {
    let dir = case("one-bad-byte");
    refused(
        dir.path(),
        &[
            "actions.csv:4:14: error: the file is UTF-8 but for byte 0xEB here",
            "save it again as \"CSV UTF-8\"",
        ],
    );
}

#[test]
fn line_numbers_are_right_with_carriage_returns_only() {
    let dir = case("cr-line-ends");
    refused(
        dir.path(),
        &["actions.csv:4:6: error: [status] unknown status `klaar`"],
    );
}

#[test]
fn a_fraction_among_percentages_is_refused() {
    let dir = case("percent-trap");
    refused(
        dir.path(),
        &[
            "actions.csv:4:7: error: [progress] progress 0.86 is ambiguous: it may mean 0.86 % or 86 %",
        ],
    );
}

#[test]
fn a_general_formatted_fraction_in_a_workbook_is_refused() {
    let dir = small();
    std::fs::remove_file(dir.path().join("2023/actions.csv")).unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["id", "objective", "title", "unit", "status", "progress"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (id, p)) in [("A1", 45.0), ("A2", 60.0), ("A3", 100.0), ("A4", 0.86)]
        .iter()
        .enumerate()
    {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, *id).unwrap();
        sheet.write_string(r, 1, "O1").unwrap();
        sheet.write_string(r, 2, "Titel").unwrap();
        sheet.write_string(r, 3, "U1").unwrap();
        sheet.write_string(r, 4, "on_track").unwrap();
        sheet.write_number(r, 5, *p).unwrap();
    }
    book.save(dir.path().join("2023/actions.xlsx")).unwrap();
    refused(
        dir.path(),
        &[
            "actions.xlsx:5:6: error: [progress] progress 0.86 is ambiguous: it may mean 0.86 % or 86 % ('Sheet1'!F5)",
        ],
    );
}

#[test]
fn a_fractions_header_reads_fractions() {
    let dir = case("fraction-header");
    let (code, out) = check(dir.path());
    assert_eq!(code, Some(0), "{out}");
    let (inputs, _) = crate::common::load(dir.path());
    let progress: Vec<String> = inputs.unwrap().years[0]
        .actions
        .iter()
        .map(|a| a.progress.to_string())
        .collect();
    assert_eq!(progress, ["10", "20", "35.5", "100", "0"]);
}

#[test]
fn a_file_with_column_names_and_no_rows_is_refused() {
    let dir = case("no-rows");
    refused(
        dir.path(),
        &["indicators.csv:1: error: the file has column names (header in line 1) but no rows"],
    );
}

#[test]
fn an_as_of_date_outside_the_year_is_refused() {
    let dir = case("as-of-2099");
    refused(
        dir.path(),
        &["year.toml: error: [as_of] as_of 2099-12-31 cannot describe the year 2023"],
    );
}

#[test]
fn bidirectional_controls_are_errors_in_ids_and_removed_from_texts() {
    let dir = case("bidi");
    let out = refused(dir.path(), &["holds an invisible character (U+202E)"]);
    assert!(
        out.contains("actions.csv:5:12: warning: [comment] a bidirectional control character (U+202E) was removed from the text"),
        "{out}"
    );
}

#[test]
fn framework_texts_are_cleaned_warned_about_and_broken() {
    let dir = small();
    let framework = std::fs::read_to_string(dir.path().join("framework.toml")).unwrap();
    let long = "x".repeat(4000);
    let framework = framework
        .replace(
            "title = { nl = \"Snellere dienstverlening\"",
            &format!("title = {{ nl = \"Snellere\\u001b[31m {long}\""),
        )
        .replace(
            "text = { nl = \"Wij testen.\"",
            "text = { nl = \"Wij \\u202etesten.\"",
        );
    std::fs::write(dir.path().join("framework.toml"), framework).unwrap();
    let (code, out) = check(dir.path());
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("warning: title of priority `P1`: a control character (U+001B) was removed from the text"),
        "{out}"
    );
    assert!(
        out.contains(
            "warning: mission.text: a bidirectional control character (U+202E) was removed"
        ),
        "{out}"
    );
    let (inputs, _) = crate::common::load(dir.path());
    let inputs = inputs.unwrap();
    let title = inputs.framework.priorities[0]
        .title
        .get(koers::core::Lang::Nl);
    assert!(!title.contains('\u{1b}'), "{title}");
    assert!(
        title.contains('\u{200B}'),
        "the long word has break opportunities"
    );
    assert_eq!(
        title.replace('\u{200B}', ""),
        format!("Snellere[31m {long}")
    );
}

#[test]
fn a_broken_signoff_file_is_a_user_error() {
    let dir = case("broken-signoff");
    refused(
        dir.path(),
        &["signoff.toml:3:8: error: string values must be quoted"],
    );
}

#[test]
fn an_uncalculated_formula_is_named_as_such() {
    let dir = small();
    std::fs::remove_file(dir.path().join("2023/actions.csv")).unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in [
        "id",
        "objective",
        "title",
        "unit",
        "status",
        "progress",
        "done",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "A1").unwrap();
    sheet.write_string(1, 1, "O1").unwrap();
    sheet.write_string(1, 2, "Titel").unwrap();
    sheet.write_string(1, 3, "U1").unwrap();
    sheet.write_string(1, 4, "on_track").unwrap();
    sheet.write_number(1, 6, 0.45).unwrap();
    sheet.write_formula(1, 5, "G2*100").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    // What openpyxl writes, and what a workbook never opened in a
    // spreadsheet holds: the formula without a value.
    let bytes = crate::common::rewrite_zip_part(&bytes, "xl/worksheets/sheet1.xml", |xml| {
        xml.replace("<f>G2*100</f><v>0</v>", "<f>G2*100</f>")
    });
    std::fs::write(dir.path().join("2023/actions.xlsx"), bytes).unwrap();
    let out = refused(
        dir.path(),
        &[
            "actions.xlsx:2:6: error: [progress] the cell holds the formula `=G2*100` but no calculated value",
        ],
    );
    assert!(!out.contains("`progress` is empty"), "{out}");
}

#[test]
fn kpi_comments_are_printed_in_the_kpi_table() {
    let dir = small();
    let out = tempfile::tempdir().unwrap();
    let run = crate::common::build_into(dir.path(), out.path(), &[]);
    assert!(run.status.success(), "{}", crate::common::stderr(&run));
    let pdf = crate::common::files_under(out.path())
        .into_iter()
        .find(|f| f.ends_with("-nl.pdf") && f.contains("2023") && f.contains("org"))
        .unwrap();
    let text = crate::common::collapse(&crate::common::pdf_text(&out.path().join(pdf)));
    assert!(text.contains("Doel gehaald"), "{text}");
}

#[test]
fn an_old_copy_left_in_the_year_folder_is_one_error_naming_both_files() {
    let dir = small();
    let year = dir.path().join("2023");
    std::fs::copy(year.join("actions.csv"), year.join("actions (old).csv")).unwrap();
    let out = refused(dir.path(), &["6 action ids of this file are already in `"]);
    let line = out
        .lines()
        .find(|l| l.contains("ids of this file are already in"))
        .unwrap();
    assert!(
        line.contains("actions (old).csv") && line.contains("/2023/actions.csv"),
        "{line}"
    );
    assert!(line.contains("old copy"), "{line}");
    // Where the repeats are in the file.
    assert!(
        out.contains("hint: the repeated rows are between line 2 and 7 of this file"),
        "{out}"
    );
    assert!(
        !out.contains("duplicate action id"),
        "one error, not one per id:\n{out}"
    );
    assert_eq!(out.matches("error:").count(), 1, "{out}");
}

#[test]
fn a_few_repeated_ids_are_each_named() {
    let dir = small();
    let year = dir.path().join("2023");
    let text = std::fs::read_to_string(year.join("actions.csv")).unwrap();
    let second_row = text.lines().nth(2).unwrap().to_string();
    std::fs::write(year.join("actions.csv"), format!("{text}{second_row}\n")).unwrap();
    refused(dir.path(), &["error: [id] duplicate action id `"]);
}

/// A sheet named `name` of `book` with `header` and `rows` of text.
fn sheet_of(book: &mut rust_xlsxwriter::Workbook, name: &str, header: &[&str], rows: &[&[&str]]) {
    let sheet = book.add_worksheet();
    sheet.set_name(name).unwrap();
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
}

#[test]
fn every_sheet_of_a_unit_workbook_is_read_or_named() {
    let dir = small();
    std::fs::remove_file(dir.path().join("2023/indicators.csv")).unwrap();
    let kpi_header = ["id", "objective", "name", "direction", "target", "actual"];
    let mut book = rust_xlsxwriter::Workbook::new();
    // No actions this year, but the KPIs are filled in.
    sheet_of(
        &mut book,
        "Acties",
        &["id", "objective", "title", "unit", "status", "progress"],
        &[],
    );
    sheet_of(
        &mut book,
        "KPI",
        &kpi_header,
        &[&["K9", "O1", "Wachttijd", "lower", "20", "18"]],
    );
    sheet_of(
        &mut book,
        "KPI oud",
        &kpi_header,
        &[&["K8", "O1", "Oud", "lower", "20", "19"]],
    );
    sheet_of(&mut book, "KPI leeg", &kpi_header, &[]);
    sheet_of(&mut book, "Uitleg", &["Vul de bladen in."], &[]);
    book.save(dir.path().join("2023/actions-U2.xlsx")).unwrap();
    let (code, out) = check(dir.path());
    assert_eq!(code, Some(0), "{out}");
    for expected in [
        "actions-U2.xlsx:1: warning: the actions sheet has column names (sheet `Acties`, header in row 1) but no rows: it gives nothing",
        "actions-U2.xlsx: note: read as indicators too: sheet `KPI`, header in row 1",
        "actions-U2.xlsx: warning: sheet `KPI oud` also looks like indicators but was not read: only one sheet of a kind is read, here `KPI`",
        "actions-U2.xlsx: note: sheet `KPI leeg` has the columns of indicators but no rows: it gives nothing",
        "actions-U2.xlsx: note: sheet `Uitleg` was not read: it holds no table of actions or indicators",
        "actions-U2.xlsx: 0 action(s), budget planned 0, spent 0; 1 indicator(s); 1 row(s) in the file",
    ] {
        assert!(out.contains(expected), "expected `{expected}` in:\n{out}");
    }
}
