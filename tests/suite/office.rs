//! `.ods` and `.xls` files as LibreOffice saves them (made by
//! `scripts/make-office-fixtures.py`, committed under `tests/fixtures/office`):
//! the same habits as the `.xlsx` tests (an instructions sheet first, a title
//! row above the header, percent-formatted progress, euro amounts, a totals
//! row), read with exactly the figures the unit typed, or refused naming the
//! cell.

use std::path::Path;

use rust_decimal::Decimal;

use crate::common::{fixture, load};

fn plan(name: &str, file: &str) -> tempfile::TempDir {
    let bytes = std::fs::read(fixture("office").join(file)).expect("fixture");
    crate::common::small_plan(&[(name, bytes)])
}

use crate::common::check_inputs as check;

/// id, progress, budget planned, budget spent, due, Dutch title, French title.
type Figures = (String, String, String, String, String, String, String);

fn figures(dir: &Path) -> Vec<Figures> {
    let (inputs, diags) = load(dir);
    assert!(!koers::diagnostics::has_errors(&diags), "{diags:#?}");
    let inputs = inputs.expect("inputs");
    let text = |d: Option<Decimal>| d.map(|d| d.normalize().to_string()).unwrap_or_default();
    inputs.years[0]
        .actions
        .iter()
        .map(|a| {
            (
                a.id.clone(),
                a.progress.normalize().to_string(),
                text(a.budget_planned),
                text(a.budget_spent),
                a.due.map(|d| d.to_string()).unwrap_or_default(),
                a.titles
                    .get(koers::core::Lang::Nl)
                    .cloned()
                    .unwrap_or_default(),
                a.titles
                    .get(koers::core::Lang::Fr)
                    .cloned()
                    .unwrap_or_default(),
            )
        })
        .collect()
}

fn expected() -> Vec<Figures> {
    [
        (
            "A-1",
            "45",
            "1234.5",
            "600",
            "Loket online",
            "Guichet en ligne",
        ),
        (
            "A-2",
            "100",
            "20000",
            "19999.99",
            "Formulieren",
            "Formulaires",
        ),
        ("A-3", "0", "0", "0", "Wachtrij", "File d'attente"),
    ]
    .iter()
    .map(|(id, p, bp, bs, nl, fr)| {
        (
            id.to_string(),
            p.to_string(),
            bp.to_string(),
            bs.to_string(),
            "2023-12-31".to_string(),
            nl.to_string(),
            fr.to_string(),
        )
    })
    .collect()
}

/// The good fixture `file` saved as `name`: read with the figures typed, and
/// `check` passes saying where it found the header; what `check` said.
fn read_good(name: &str, file: &str) -> String {
    let dir = plan(name, file);
    assert_eq!(figures(dir.path()), expected());
    let (code, out) = check(dir.path());
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("note: read as actions: sheet `Acties 2023`, header in row 3"),
        "{out}"
    );
    out
}

#[test]
fn a_libreoffice_ods_is_read_with_the_figures_typed() {
    let out = read_good("Acties U1 2023.ods", "good.ods");
    assert!(out.contains("warning: a totals row"), "{out}");
    assert!(out.contains("('Acties 2023', row 7)"), "{out}");
}

#[test]
fn an_excel_97_xls_is_read_with_the_figures_typed() {
    read_good("actions-U1.xls", "good.xls");
}

#[test]
fn a_percent_above_100_and_an_error_cell_are_refused_in_ods_and_xls() {
    for (name, file) in [("actions-U1.ods", "bad.ods"), ("actions-U1.xls", "bad.xls")] {
        let dir = plan(name, file);
        let (code, out) = check(dir.path());
        assert_eq!(code, Some(1), "{file}: {out}");
        assert!(
            out.contains(&format!(
                "{name}:4:7: error: [progress] progress 120 is outside 0–100 ('Acties 2023'!G4)"
            )),
            "{file}: {out}"
        );
        assert!(
            out.contains("[progress] the cell holds the Excel error `#N/A` ('Acties 2023'!G5)"),
            "{file}: {out}"
        );
    }
}

#[test]
fn an_xls_that_is_not_a_workbook_is_refused_naming_it() {
    let dir = crate::common::small_plan(&[
        ("actions-X.xls", b"not a workbook".to_vec()),
        ("actions-Y.ods", b"PK\x03\x04broken".to_vec()),
    ]);
    let (code, out) = check(dir.path());
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("actions-X.xls: error: cannot read the Excel file"),
        "{out}"
    );
    assert!(
        out.contains("actions-Y.ods: error: cannot read the spreadsheet"),
        "{out}"
    );
}
