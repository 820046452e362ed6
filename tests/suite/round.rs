//! The yearly round on the sample, with workbooks as real programs return
//! them: `koers sheets` for 2024, DVZ's workbook filled in with openpyxl,
//! IB's filled in and saved again by LibreOffice Calc (both committed, made
//! by `tests/fixtures/round/make.sh`), the other five units silent. `status`
//! names the silent units, `check` passes, `build` prints what the units
//! typed, and every field not meant to change is last year's.

use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use rust_decimal::Decimal;

use crate::common::{build_into, fixture, koers, load, pdf_text, sample_inputs, stderr};

/// The sample with its 2024 data replaced by the two returned workbooks.
fn round_plan() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let sample = sample_inputs();
    std::fs::copy(
        sample.join("framework.toml"),
        dir.path().join("framework.toml"),
    )
    .unwrap();
    for year in ["2022", "2023"] {
        std::fs::create_dir(dir.path().join(year)).unwrap();
        for file in ["actions.csv", "indicators.csv"] {
            std::fs::copy(
                sample.join(year).join(file),
                dir.path().join(year).join(file),
            )
            .unwrap();
        }
    }
    std::fs::create_dir(dir.path().join("2024")).unwrap();
    let round = fixture("round");
    std::fs::copy(
        round.join("actions-DVZ.openpyxl.xlsx"),
        dir.path().join("2024/actions-DVZ.xlsx"),
    )
    .unwrap();
    std::fs::copy(
        round.join("actions-IB.libreoffice.xlsx"),
        dir.path().join("2024/actions-IB.xlsx"),
    )
    .unwrap();
    dir
}

/// The ids of the actions sheet of a returned workbook.
fn ids(book: &Path) -> Vec<String> {
    let mut read: Xlsx<_> = calamine::open_workbook(book).unwrap();
    let range = read.worksheet_range("Acties 2024").unwrap();
    range
        .rows()
        .skip(1)
        .filter(|r| r[0] != Data::Empty)
        .map(|r| r[0].to_string())
        .collect()
}

#[test]
fn the_round_with_an_openpyxl_and_a_libreoffice_workbook() {
    let plan = round_plan();
    let inputs = plan.path().to_str().unwrap();
    // The workbooks really are what their names say.
    let app = |name: &str| {
        use std::io::Read;
        let mut zip =
            zip::ZipArchive::new(std::fs::File::open(plan.path().join("2024").join(name)).unwrap())
                .unwrap();
        let mut text = String::new();
        if let Ok(mut part) = zip.by_name("docProps/app.xml") {
            part.read_to_string(&mut text).unwrap();
        }
        text
    };
    assert!(
        app("actions-IB.xlsx").contains("<Application>LibreOffice"),
        "{}",
        app("actions-IB.xlsx")
    );
    assert!(!app("actions-DVZ.xlsx").contains("LibreOffice"));

    // Status: two units answered, five did not, each named.
    let out = koers(&["status", "--inputs", inputs, "--year", "2024"]);
    let status = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(0), "{status}{}", stderr(&out));
    assert!(
        status.contains("2024: 2 of 7 unit(s) have sent data"),
        "{status}"
    );
    assert!(status.contains("DVZ: 12 action(s) read; KPIs of its objectives: 3 of 3 with an actual value; 0 error(s)"), "{status}");
    assert!(
        status.contains(
            "IB: 13 action(s) read; KPIs of its objectives: 2 of 2 with an actual value; 0 error(s)"
        ),
        "{status}"
    );
    for silent in ["CS", "NCCN", "VP", "DIO", "STAF"] {
        assert!(
            status.contains(&format!("  {silent}: nothing yet")),
            "{silent}: {status}"
        );
    }

    // Check: no error; the totals per file to tick off.
    let (code, check) = crate::common::check_inputs(plan.path());
    assert_eq!(code, Some(0), "{check}");
    assert!(
        check.contains("actions-DVZ.xlsx: 12 action(s) (DVZ: 12)"),
        "{check}"
    );
    assert!(
        check.contains("actions-IB.xlsx: 13 action(s) (IB: 13)"),
        "{check}"
    );

    // Every carried field is last year's; what the unit typed is read as
    // typed (60 % from openpyxl, 45 % from LibreOffice).
    let (read, diags) = load(plan.path());
    let read = read.unwrap_or_else(|| panic!("{diags:?}"));
    let (sample, _) = load(&sample_inputs());
    let sample = sample.unwrap();
    let last_year = sample.year(2023).unwrap();
    let year = read.year(2024).unwrap();
    for (unit, progress, book) in [
        ("DVZ", 60, "actions-DVZ.xlsx"),
        ("IB", 45, "actions-IB.xlsx"),
    ] {
        let sent = ids(&plan.path().join("2024").join(book));
        let mine: Vec<_> = year.actions.iter().filter(|a| a.unit == unit).collect();
        assert_eq!(
            mine.iter().map(|a| a.id.clone()).collect::<Vec<_>>(),
            sent,
            "{unit}"
        );
        for a in mine {
            let old = last_year.actions.iter().find(|o| o.id == a.id).unwrap();
            assert_eq!(
                (&a.objective, &a.titles, &a.unit),
                (&old.objective, &old.titles, &old.unit),
                "{}",
                a.id
            );
            assert_eq!((a.start, a.due), (old.start, old.due), "{}", a.id);
            assert_eq!(
                (a.budget_planned, a.budget_spent),
                (old.budget_planned, old.budget_spent),
                "{}",
                a.id
            );
            assert_eq!(a.progress, Decimal::from(progress), "{}", a.id);
            assert_eq!(
                a.comments.get(koers::core::Lang::Nl).map(String::as_str),
                Some(format!("Bijgewerkt door {unit}.").as_str()),
                "{}",
                a.id
            );
        }
    }
    let actual = |id: &str| crate::common::kpi_actual(year, id);
    assert_eq!(actual("KPI-02").as_deref(), Some("71.5"));
    assert_eq!(actual("KPI-03").as_deref(), Some("2456789"));
    assert_eq!(actual("KPI-09").as_deref(), Some("2.1"));

    // Build: the reports print what the units typed.
    let output = tempfile::tempdir().unwrap();
    let built = build_into(plan.path(), output.path(), &["--year", "2024"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let dvz = pdf_text(&output.path().join("2024/nl/ibz-sp-2024-DVZ-nl.pdf"));
    assert!(dvz.contains("Bijgewerkt door DVZ."), "{dvz}");
    assert!(
        dvz.contains("71,5"),
        "the typed KPI actual is in the KPI table"
    );
    let ib = pdf_text(&output.path().join("2024/fr/ibz-sp-2024-IB-fr.pdf"));
    assert!(
        ib.contains("2 456 789") || ib.contains("2\u{202f}456\u{202f}789"),
        "{ib}"
    );
    assert!(
        ib.contains("NL Bijgewerkt door IB."),
        "a Dutch comment in the French report is marked: {ib}"
    );
}
