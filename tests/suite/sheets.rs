//! `koers sheets`: the workbooks sent to the units. A workbook Koers wrote,
//! filled in, reads back with no error and exactly the figures of its CSV
//! form; one sent back without an update is refused, not read as last
//! year's figures.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};

use crate::common::check_inputs as check_stdout;
use crate::common::{fixture, koers, load, sample_inputs, stderr};

/// Copies a plan folder (framework and year folders) into a temporary one.
fn copy_plan(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(from, dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

fn sheets(inputs: &Path, year: i32, output: &Path) -> Vec<PathBuf> {
    let out = koers(&[
        "sheets",
        "--inputs",
        inputs.to_str().expect("utf-8"),
        "--year",
        &year.to_string(),
        "--output",
        output.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut files: Vec<PathBuf> = std::fs::read_dir(output)
        .expect("output")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
}

/// The year's actions and KPIs, each with every field but where it was
/// read from, sorted: what a round trip must keep.
fn data(inputs: &Path, year: i32) -> (Vec<String>, Vec<String>) {
    let (inputs, diags) = load(inputs);
    assert!(!koers::diagnostics::has_errors(&diags), "{diags:#?}");
    let inputs = inputs.expect("inputs");
    let year = inputs.year(year).expect("year");
    let nowhere = || koers::intake::progress::Origin::at("", 0);
    // Decimals compare by value: 10.50 from CSV is 10.5 from a sheet.
    let value = |d: Option<rust_decimal::Decimal>| d.map(|d| d.normalize());
    let mut actions: Vec<String> = year
        .actions
        .iter()
        .map(|a| {
            let mut a = a.clone();
            a.origin = nowhere();
            a.progress = a.progress.normalize();
            a.budget_planned = value(a.budget_planned);
            a.budget_spent = value(a.budget_spent);
            format!("{a:?}")
        })
        .collect();
    let mut kpis: Vec<String> = year
        .indicators
        .iter()
        .map(|k| {
            let mut k = k.clone();
            k.origin = nowhere();
            (k.baseline, k.target, k.actual) =
                (value(k.baseline), value(k.target), value(k.actual));
            format!("{k:?}")
        })
        .collect();
    actions.sort();
    kpis.sort();
    (actions, kpis)
}

/// Every field of every action of `year`, without where it was read from.
fn actions(inputs: &Path, year: i32) -> Vec<String> {
    data(inputs, year).0
}

/// Replaces a year's actions and indicators CSV with the workbooks written
/// for it (each unit's, with its KPIs, and the one of the KPIs no unit
/// leads).
fn swap_in(inputs: &Path, year: i32, workbooks: &[PathBuf]) {
    for csv in ["actions.csv", "indicators.csv"] {
        std::fs::remove_file(inputs.join(year.to_string()).join(csv)).expect("rm csv");
    }
    for book in workbooks {
        let name = book.file_name().expect("name");
        std::fs::copy(book, inputs.join(year.to_string()).join(name)).expect("copy");
    }
}

#[test]
fn the_sample_years_data_round_trips_through_the_unit_workbooks() {
    let plan = copy_plan(&sample_inputs());
    let out = tempfile::tempdir().expect("temp dir");
    let books = sheets(plan.path(), 2024, out.path());
    let names: Vec<String> = books
        .iter()
        .map(|b| b.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "actions-CS.xlsx",
            "actions-DIO.xlsx",
            "actions-DVZ.xlsx",
            "actions-IB.xlsx",
            "actions-NCCN.xlsx",
            "actions-STAF.xlsx",
            "actions-VP.xlsx",
            "indicators.xlsx"
        ]
    );
    let from_csv = actions(plan.path(), 2024);
    assert_eq!(from_csv.len(), 110);
    let kpis_from_csv = data(plan.path(), 2024).1;
    assert_eq!(kpis_from_csv.len(), 15);
    swap_in(plan.path(), 2024, &books);
    assert_eq!(data(plan.path(), 2024), (from_csv, kpis_from_csv));
    let (code, out) = check_stdout(plan.path());
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("actions-DVZ.xlsx: 13 action(s) (DVZ: 13)"),
        "{out}"
    );
}

#[test]
fn a_french_units_workbook_is_in_french_and_reads_back() {
    let plan = copy_plan(&fixture("small"));
    let framework = plan.path().join("framework.toml");
    let text = std::fs::read_to_string(&framework).expect("framework");
    let text = text.replacen("id = \"U2\"\n", "id = \"U2\"\nlanguage = \"fr\"\n", 1);
    std::fs::write(&framework, text).expect("write");
    let out = tempfile::tempdir().expect("temp dir");
    let books = sheets(plan.path(), 2023, out.path());
    let u2 = out.path().join("actions-U2.xlsx");
    let mut book: Xlsx<_> = calamine::open_workbook(&u2).expect("workbook");
    assert_eq!(
        book.sheet_names(),
        [
            "Instructions",
            "Actions 2023",
            "Indicateurs 2023",
            "Objectifs"
        ]
    );
    let range = book.worksheet_range("Actions 2023").expect("sheet");
    let header: Vec<String> = header_of(&range);
    assert_eq!(
        header,
        [
            "Id",
            "Objectif",
            "Titre FR",
            "Titre NL",
            "Direction",
            "Statut",
            "Progression (%)",
            "Date de début",
            "Échéance",
            "Budget prévu (€)",
            "Budget dépensé (€)",
            "Commentaire FR",
            "Commentaire année précédente FR",
            "Commentaire NL",
            "Commentaire année précédente NL"
        ]
    );
    let row: Vec<Data> = range.rows().nth(1).unwrap().to_vec();
    assert_eq!(row[0], Data::String("A3".into()));
    assert_eq!(row[2], Data::String("Module de rendez-vous".into()));
    assert_eq!(row[5], Data::String("en cours".into()));
    assert_eq!(row[6], Data::Float(0.355));

    let xml = part(&u2, "xl/worksheets/sheet2.xml");
    assert!(
        xml.contains(
            "<formula1>\"pas commencé,en cours,à risque,en retard,terminé,annulé\"</formula1>"
        ),
        "{xml}"
    );
    assert!(
        xml.contains("<formula1>'Objectifs'!$A$2:$A$4</formula1>"),
        "{xml}"
    );
    assert!(xml.contains("ySplit=\"1\""), "the header is frozen: {xml}");

    let from_csv = actions(plan.path(), 2023);
    swap_in(plan.path(), 2023, &books);
    assert_eq!(actions(plan.path(), 2023), from_csv);
}

/// The first row of a sheet, as text.
fn header_of(range: &calamine::Range<Data>) -> Vec<String> {
    range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect()
}

/// One part of an xlsx package, as text.
fn part(book: &Path, name: &str) -> String {
    use std::io::Read;
    let file = std::fs::File::open(book).expect("open");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut text = String::new();
    zip.by_name(name)
        .expect("part")
        .read_to_string(&mut text)
        .expect("read");
    text
}

#[test]
fn last_years_unfinished_actions_are_carried_over_and_must_be_updated() {
    let plan = copy_plan(&sample_inputs());
    std::fs::remove_file(plan.path().join("2024/actions.csv")).expect("rm");
    let out = tempfile::tempdir().expect("temp dir");
    let books = sheets(plan.path(), 2024, out.path());

    let (inputs, _) = load(&sample_inputs());
    let inputs = inputs.expect("inputs");
    let mut unfinished: Vec<String> = inputs
        .year(2023)
        .unwrap()
        .actions
        .iter()
        .filter(|a| a.unit == "DVZ")
        .filter(|a| {
            !matches!(
                a.status,
                koers::core::Status::Completed | koers::core::Status::Cancelled
            )
        })
        .map(|a| a.id.clone())
        .collect();
    unfinished.sort();
    assert!(!unfinished.is_empty());

    let mut book: Xlsx<_> =
        calamine::open_workbook(out.path().join("actions-DVZ.xlsx")).expect("workbook");
    assert_eq!(
        book.sheet_names(),
        [
            "Instructies",
            "Acties 2024",
            "Indicatoren 2024",
            "Doelstellingen"
        ]
    );
    let range = book.worksheet_range("Acties 2024").expect("sheet");
    let mut ids: Vec<String> = range.rows().skip(1).map(|r| r[0].to_string()).collect();
    ids.sort();
    assert_eq!(ids, unfinished);
    for row in range.rows().skip(1) {
        assert_eq!(row[5], Data::Empty, "status left to update");
        assert_eq!(row[6], Data::Empty, "progress left to update");
    }
    let instructions = book.worksheet_range("Instructies").expect("sheet");
    let text: Vec<String> = instructions.rows().map(|r| r[0].to_string()).collect();
    assert!(text.contains(&"Operationeel plan 2024 — Dienst Vreemdelingenzaken".to_string()));
    assert!(
        text.iter()
            .any(|l| l.contains("de acties van 2023 die nog niet afgerond waren"))
    );

    // Sent back untouched: refused, naming the empty cells.
    swap_in_without_csv(plan.path(), 2024, &books);
    let (code, out) = check_stdout(plan.path());
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("actions-DVZ.xlsx:2:6: error: [status]"),
        "{out}"
    );
    assert!(out.contains("('Acties 2024'!F2)"), "{out}");
}

fn swap_in_without_csv(inputs: &Path, year: i32, workbooks: &[PathBuf]) {
    for book in workbooks {
        let name = book.file_name().expect("name");
        std::fs::copy(book, inputs.join(year.to_string()).join(name)).expect("copy");
    }
}

#[test]
fn a_year_outside_the_plan_and_a_unit_language_outside_it_are_refused() {
    let out = koers(&[
        "sheets",
        "--inputs",
        sample_inputs().to_str().unwrap(),
        "--year",
        "2031",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("2031 is not a year of the plan (2022–2024)"),
        "{}",
        stderr(&out)
    );

    let plan = copy_plan(&fixture("small"));
    let framework = plan.path().join("framework.toml");
    let text = std::fs::read_to_string(&framework).expect("framework");
    std::fs::write(
        &framework,
        text.replacen("id = \"U2\"\n", "id = \"U2\"\nlanguage = \"de\"\n", 1),
    )
    .expect("write");
    let (code, out) = check_stdout(plan.path());
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("unit `U2` works in `de`, which is not one of plan.languages"),
        "{out}"
    );
}

/// A unit's workbook as the unit sends it back: its actions sheet (and its
/// indicators sheet, if it has one) copied cell by cell (dates as dates,
/// progress as a percentage), with `edit` giving a row's new value for a
/// header, or `Data::Empty` to clear it.
fn filled(book: &Path, to: &Path, edit: impl Fn(&str, &str) -> Option<Data>) {
    use rust_xlsxwriter::Workbook;
    let mut source: Xlsx<_> = calamine::open_workbook(book).expect("workbook");
    let mut out = Workbook::new();
    let names = source.sheet_names();
    for name in names
        .iter()
        .filter(|n| n.starts_with("Acties") || n.starts_with("Indicatoren"))
    {
        let range = source.worksheet_range(name).expect("sheet");
        copy_sheet(&mut out, name, &range, &edit);
    }
    out.save(to).unwrap();
}

fn copy_sheet(
    out: &mut rust_xlsxwriter::Workbook,
    name: &str,
    range: &calamine::Range<Data>,
    edit: &impl Fn(&str, &str) -> Option<Data>,
) {
    use rust_xlsxwriter::{ExcelDateTime, Format};
    let header = header_of(range);
    let rows = range.rows().skip(1);
    let sheet = out.add_worksheet();
    sheet.set_name(name).unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let percent = Format::new().set_num_format("0%");
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, h).unwrap();
    }
    for (r, row) in rows.enumerate() {
        let r = r as u32 + 1;
        let id = row[0].to_string();
        for (c, (cell, h)) in row.iter().zip(&header).enumerate() {
            let c = c as u16;
            let value = edit(&id, h).unwrap_or_else(|| cell.clone());
            match value {
                Data::Empty => {}
                Data::String(s) => {
                    sheet.write_string(r, c, s).unwrap();
                }
                Data::Float(f) if h.starts_with("Voortgang") => {
                    sheet.write_number_with_format(r, c, f, &percent).unwrap();
                }
                Data::Float(f) => {
                    sheet.write_number(r, c, f).unwrap();
                }
                Data::DateTime(d) => {
                    let d = d.as_datetime().unwrap().date();
                    let value = ExcelDateTime::parse_from_str(&d.to_string()).unwrap();
                    sheet
                        .write_datetime_with_format(r, c, &value, &date)
                        .unwrap();
                }
                other => panic!("unexpected cell {other:?}"),
            }
        }
    }
}

#[test]
fn carried_over_actions_keep_every_field_and_a_cleared_one_is_named() {
    let plan = copy_plan(&sample_inputs());
    std::fs::remove_file(plan.path().join("2024/actions.csv")).expect("rm");
    let out = tempfile::tempdir().expect("temp dir");
    sheets(plan.path(), 2024, out.path());
    let book = out.path().join("actions-DVZ.xlsx");

    // Last year's comment is shown beside the empty one, for reading.
    let mut read: Xlsx<_> = calamine::open_workbook(&book).expect("workbook");
    let range = read.worksheet_range("Acties 2024").expect("sheet");
    let header: Vec<String> = header_of(&range);
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert!(
        header.contains(&"Toelichting vorig jaar NL".to_string()),
        "{header:?}"
    );
    let (inputs, _) = load(&sample_inputs());
    let inputs = inputs.expect("inputs");
    let last_year = inputs.year(2023).unwrap();
    let before = |id: &str| last_year.actions.iter().find(|a| a.id == id).unwrap();
    let first_id = range.rows().nth(1).unwrap()[0].to_string();
    let mut shown = 0;
    for row in range.rows().skip(1) {
        let comment = before(&row[0].to_string())
            .comments
            .get(koers::core::Lang::Nl)
            .cloned()
            .unwrap_or_default();
        assert_eq!(
            row[column("Toelichting vorig jaar NL")].to_string(),
            comment
        );
        assert_eq!(row[column("Toelichting NL")], Data::Empty);
        shown += usize::from(!comment.is_empty());
    }
    assert!(shown > 0);
    let xml = part(&book, "xl/worksheets/sheet2.xml");
    assert!(
        xml.contains("<sheetProtection"),
        "the sheet is protected: {xml}"
    );
    // Every objective of the plan may be chosen, not only the unit's.
    let objectives = read.worksheet_range("Doelstellingen").expect("sheet");
    assert_eq!(
        objectives.rows().count() - 1,
        inputs.framework.operational_objectives.len()
    );

    // The year's KPIs now come from the workbooks too.
    std::fs::remove_file(plan.path().join("2024/indicators.csv")).unwrap();
    std::fs::copy(
        out.path().join("indicators.xlsx"),
        plan.path().join("2024/indicators.xlsx"),
    )
    .unwrap();
    // The unit updates status and progress, and clears one due date.
    let cleared = first_id.clone();
    filled(
        &book,
        &plan.path().join("2024/actions-DVZ.xlsx"),
        |id, h| match h {
            "Status" => Some(Data::String("op schema".into())),
            "Voortgang (%)" => Some(Data::Float(0.5)),
            "Einddatum" if id == cleared => Some(Data::Empty),
            _ => None,
        },
    );
    let (inputs, diags) = load(plan.path());
    let inputs = inputs.expect("inputs");
    assert!(!koers::diagnostics::has_errors(&diags), "{diags:#?}");
    let year = inputs.year(2024).unwrap();
    assert!(!year.actions.is_empty());
    for a in &year.actions {
        let old = before(&a.id);
        assert_eq!(
            (&a.objective, &a.titles, &a.unit),
            (&old.objective, &old.titles, &old.unit)
        );
        assert_eq!(a.start, old.start, "{}", a.id);
        assert_eq!(a.budget_planned, old.budget_planned, "{}", a.id);
        assert_eq!(a.budget_spent, old.budget_spent, "{}", a.id);
        if a.id != cleared {
            assert_eq!(a.due, old.due, "{}", a.id);
        }
        assert_eq!(a.progress, rust_decimal::Decimal::from(50));
    }
    let (code, out) = check_stdout(plan.path());
    assert_eq!(code, Some(0), "{out}");
    let due = column("Einddatum") + 1;
    assert!(
        out.contains(&format!(
            "actions-DVZ.xlsx:2:{due}: warning: [due] `due` of action `{cleared}` is empty in 2024; it was"
        )),
        "{out}"
    );
}

#[test]
fn status_follows_the_round_unit_by_unit() {
    let plan = copy_plan(&sample_inputs());
    std::fs::remove_file(plan.path().join("2024/actions.csv")).expect("rm");
    let out = tempfile::tempdir().expect("temp dir");
    sheets(plan.path(), 2024, out.path());
    let status = |plan: &Path| {
        let output = koers(&[
            "status",
            "--inputs",
            plan.to_str().unwrap(),
            "--year",
            "2024",
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let before = status(plan.path());
    assert!(
        before.starts_with("2024: 0 of 7 unit(s) have sent data\n"),
        "{before}"
    );
    assert!(before.contains("  DVZ: nothing yet"), "{before}");

    std::fs::remove_file(plan.path().join("2024/indicators.csv")).unwrap();
    // DVZ fills its workbook in; CS sends its back untouched.
    filled(
        &out.path().join("actions-DVZ.xlsx"),
        &plan.path().join("2024/actions-DVZ.xlsx"),
        |_, h| match h {
            "Status" => Some(Data::String("op schema".into())),
            "Voortgang (%)" => Some(Data::Float(0.5)),
            _ => None,
        },
    );
    std::fs::copy(
        out.path().join("actions-CS.xlsx"),
        plan.path().join("2024/actions-CS.xlsx"),
    )
    .unwrap();
    let after = status(plan.path());
    assert!(
        after.starts_with("2024: 2 of 7 unit(s) have sent data\n"),
        "{after}"
    );
    let dvz_actions = actions_of(&sample_inputs(), 2023, "DVZ");
    assert!(
        after.contains(&format!("  DVZ: {dvz_actions} action(s) read; ")),
        "{after}"
    );
    // When the file last changed, as the file system says.
    let line = after
        .lines()
        .find(|l| l.starts_with("    2024/actions-DVZ.xlsx, changed "))
        .unwrap_or_else(|| panic!("{after}"));
    let when = line
        .trim_start_matches("    2024/actions-DVZ.xlsx, changed ")
        .split(" UTC:")
        .next()
        .unwrap();
    assert!(
        chrono::NaiveDateTime::parse_from_str(when, "%Y-%m-%d %H:%M").is_ok(),
        "{line}"
    );
    // Its actions and the three KPIs it leads, every row read.
    assert!(
        after.contains("KPIs of its objectives: 3 of 3 with an actual value"),
        "{after}"
    );
    assert!(
        after.contains(&format!(": {} row(s), 0 not read\n", dvz_actions + 3)),
        "{after}"
    );
    assert!(after.contains("  CS: 0 action(s) read; "), "{after}");
    assert!(after.contains("  NCCN: nothing yet"), "{after}");
    assert!(
        after.contains("approvals: 0 of 2 current; the reports would be DRAFT"),
        "{after}"
    );

    let json = koers(&[
        "status",
        "--inputs",
        plan.path().to_str().unwrap(),
        "--year",
        "2024",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["units"][0]["unit"], "DVZ");
    assert_eq!(json["units"][0]["files"][0]["refused"], 0);
    assert_eq!(json["state"], "draft");
}

/// Last year's unfinished actions of `unit`: the rows its 2024 sheet has.
fn actions_of(inputs: &Path, year: i32, unit: &str) -> usize {
    let (inputs, _) = load(inputs);
    inputs
        .unwrap()
        .year(year)
        .unwrap()
        .actions
        .iter()
        .filter(|a| a.unit == unit)
        .filter(|a| {
            !matches!(
                a.status,
                koers::core::Status::Completed | koers::core::Status::Cancelled
            )
        })
        .count()
}

#[test]
fn kpi_actuals_typed_in_the_workbooks_reach_the_kpi_table() {
    let plan = copy_plan(&sample_inputs());
    for csv in ["actions.csv", "indicators.csv"] {
        std::fs::remove_file(plan.path().join("2024").join(csv)).expect("rm");
    }
    let out = tempfile::tempdir().expect("temp dir");
    let books = sheets(plan.path(), 2024, out.path());
    // Every unit fills its workbook in; DVZ types its KPIs' actual values.
    for book in &books {
        let name = book.file_name().unwrap();
        if name == "indicators.xlsx" {
            std::fs::copy(book, plan.path().join("2024").join(name)).unwrap();
            continue;
        }
        let dvz = name == "actions-DVZ.xlsx";
        filled(
            book,
            &plan.path().join("2024").join(name),
            |id, h| match h {
                "Status" => Some(Data::String("op schema".into())),
                "Voortgang (%)" => Some(Data::Float(0.5)),
                "Werkelijk" if dvz => Some(Data::Float(match id {
                    "KPI-01" => 41.0,
                    "KPI-02" => 77.5,
                    _ => 12.0,
                })),
                _ => None,
            },
        );
    }
    let (inputs, diags) = load(plan.path());
    let inputs = inputs.expect("inputs");
    assert!(!koers::diagnostics::has_errors(&diags), "{diags:#?}");
    let year = inputs.year(2024).unwrap();
    let actual = |id: &str| crate::common::kpi_actual(year, id);
    assert_eq!(actual("KPI-01").as_deref(), Some("41"));
    assert_eq!(actual("KPI-02").as_deref(), Some("77.5"));
    // Another unit typed nothing: its KPIs have no actual value, not last
    // year's.
    assert_eq!(actual("KPI-06"), None);
    // Targets come back as shown.
    let (last, _) = load(&sample_inputs());
    let last = last.unwrap();
    let target = |inputs: &koers::intake::Inputs, y: i32, id: &str| {
        inputs
            .year(y)
            .unwrap()
            .indicators
            .iter()
            .find(|k| k.id == id)
            .unwrap()
            .target
    };
    assert_eq!(
        target(&inputs, 2024, "KPI-01"),
        target(&last, 2023, "KPI-01")
    );

    let built = tempfile::tempdir().unwrap();
    let output = crate::common::build_into(plan.path(), built.path(), &["--year", "2024"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = crate::common::pdf_text(&built.path().join("2024/nl/ibz-sp-2024-DVZ-nl.pdf"));
    assert!(
        text.contains("77,5"),
        "the typed actual is in the KPI table"
    );
}

/// The small plan with one more unit, `id`, which leads no objective.
fn small_with_unit(id: &str) -> tempfile::TempDir {
    let plan = copy_plan(&fixture("small"));
    let framework = plan.path().join("framework.toml");
    let text = std::fs::read_to_string(&framework).unwrap();
    let text = text.replacen(
        "[[units]]\nid = \"U1\"",
        &format!(
            "[[units]]\nid = \"{id}\"\nname = {{ nl = \"Derde\", fr = \"Troisième\" }}\n\n[[units]]\nid = \"U1\""
        ),
        1,
    );
    std::fs::write(&framework, text).unwrap();
    plan
}

#[test]
fn status_credits_a_file_to_a_unit_whose_id_has_a_hyphen() {
    let plan = small_with_unit("DG-U1");
    // Sent back, but not a workbook Koers can read.
    std::fs::write(
        plan.path().join("2023/actions-DG-U1.xlsx"),
        b"not a workbook",
    )
    .unwrap();
    let output = koers(&[
        "status",
        "--inputs",
        plan.path().to_str().unwrap(),
        "--year",
        "2023",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = String::from_utf8_lossy(&output.stdout);
    let line = out
        .lines()
        .find(|l| l.starts_with("  DG-U1: "))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(!line.contains("nothing yet"), "{out}");
    assert!(
        line.contains("1 error(s)"),
        "the file's error is the unit's: {out}"
    );
    assert!(out.contains("    2023/actions-DG-U1.xlsx"), "{out}");
    // U1 is another unit: the file is not its.
    let u1 = out
        .lines()
        .skip_while(|l| !l.starts_with("  U1: "))
        .nth(1)
        .unwrap_or_default();
    assert!(!u1.contains("actions-DG-U1"), "{out}");
}

#[test]
fn the_instructions_speak_of_the_kpi_sheet_only_when_there_is_one() {
    let plan = small_with_unit("U3");
    let out = tempfile::tempdir().expect("temp dir");
    sheets(plan.path(), 2023, out.path());
    let instructions = |unit: &str| -> (Vec<String>, String) {
        let mut book: Xlsx<_> =
            calamine::open_workbook(out.path().join(format!("actions-{unit}.xlsx"))).unwrap();
        let names = book.sheet_names();
        let range = book.worksheet_range(&names[0]).unwrap();
        let text: Vec<String> = range.rows().map(|r| r[0].to_string()).collect();
        (names, text.join("\n"))
    };
    let (names, text) = instructions("U1");
    assert!(names.contains(&"Indicatoren 2023".to_string()), "{names:?}");
    assert!(
        text.contains("Indicatoren: vul op het blad «Indicatoren 2023»"),
        "{text}"
    );
    // U3 leads no objective: no KPI sheet, and no word of one.
    let (names, text) = instructions("U3");
    assert!(
        !names.iter().any(|n| n.starts_with("Indicatoren")),
        "{names:?}"
    );
    assert!(!text.contains("Indicatoren"), "{text}");
}

/// Every progress cell of the actions sheet, of the rows sent and of the
/// empty rows below, carries the percent format itself (not only its
/// column): openpyxl, a macro or any program writing cell by cell keeps a
/// cell's own format, so 0.6 stays 60 % instead of an ambiguous 0.6.
#[test]
fn every_progress_cell_carries_its_percent_format() {
    let plan = copy_plan(&sample_inputs());
    std::fs::remove_file(plan.path().join("2024/actions.csv")).expect("rm");
    let out = tempfile::tempdir().expect("temp dir");
    sheets(plan.path(), 2024, out.path());
    let book = out.path().join("actions-DVZ.xlsx");
    let mut read: Xlsx<_> = calamine::open_workbook(&book).expect("workbook");
    let range = read.worksheet_range("Acties 2024").expect("sheet");
    let header = header_of(&range);
    let column = header.iter().position(|h| h == "Voortgang (%)").unwrap();
    let letter = char::from(b'A' + u8::try_from(column).unwrap());
    let styles = part(&book, "xl/styles.xml");
    let xfs = styles.split("<cellXfs").nth(1).unwrap();
    let xfs: Vec<&str> = xfs.split("<xf ").skip(1).collect();
    let sheet = part(&book, "xl/worksheets/sheet2.xml");
    let sent = range.rows().count() - 1;
    for row in [2, sent + 1, sent + 2, sent + 200] {
        let cell = format!("<c r=\"{letter}{row}\" s=\"");
        let at = sheet
            .find(&cell)
            .unwrap_or_else(|| panic!("{letter}{row} has no style of its own"));
        let style: usize = sheet[at + cell.len()..]
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let id = xfs[style]
            .split("numFmtId=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let percent = matches!(id, "9" | "10")
            || styles.contains(&format!("<numFmt numFmtId=\"{id}\" formatCode=\"0%\""));
        assert!(percent, "{letter}{row}: {}", xfs[style]);
    }
}
