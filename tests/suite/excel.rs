//! Workbooks made the way units make them (here with rust_xlsxwriter, as
//! Excel writes them): every ordinary habit is read right, or refused with
//! the file, sheet and cell named. Never a wrong number with exit code 0.

use std::path::Path;

use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Formula, Workbook};

use crate::common::{fixture, load};

/// One cell of a test sheet.
enum V {
    S(&'static str),
    N(f64),
    /// A number formatted as a percentage, as Excel stores it (0.45 = 45%).
    P(f64),
    /// A formula whose cached result is an Excel error.
    E(&'static str),
    Empty,
}
use crate::common::check_inputs as check;
use crate::common::small_plan as plan;
use V::*;

/// A workbook of `(sheet name, rows)`.
fn workbook(sheets: &[(&str, Vec<Vec<V>>)]) -> Vec<u8> {
    let mut book = Workbook::new();
    let percent = Format::new().set_num_format("0%");
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).expect("sheet name");
        for (r, row) in rows.iter().enumerate() {
            for (c, value) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match value {
                    S(text) => sheet.write_string(r, c, *text).map(|_| ()),
                    N(n) => sheet.write_number(r, c, *n).map(|_| ()),
                    P(n) => sheet
                        .write_number_with_format(r, c, *n, &percent)
                        .map(|_| ()),
                    E(error) => sheet
                        .write_formula(r, c, Formula::new("=NA()").set_result(*error))
                        .map(|_| ()),
                    Empty => Ok(()),
                }
                .expect("cell");
            }
        }
    }
    book.save_to_buffer().expect("workbook")
}

const HEADER: [&str; 6] = ["id", "objective", "title", "unit", "status", "progress"];

fn header() -> Vec<V> {
    HEADER.iter().map(|h| S(h)).collect()
}

fn action(id: &'static str, progress: V) -> Vec<V> {
    vec![S(id), S("O1"), S("Titel"), S("U1"), S("on_track"), progress]
}

/// The progress of each action read, by id, as text.
fn progress(dir: &Path) -> Vec<(String, String)> {
    let (inputs, diags) = load(dir);
    assert!(!koers::diagnostics::has_errors(&diags), "{diags:#?}");
    let inputs = inputs.expect("inputs");
    let mut found: Vec<(String, String)> = inputs.years[0]
        .actions
        .iter()
        .map(|a| (a.id.clone(), a.progress.normalize().to_string()))
        .collect();
    found.sort();
    found
}

#[test]
fn percent_cells_are_read_as_they_show_cell_by_cell() {
    let rows = vec![
        header(),
        action("A1", P(0.45)),
        action("A2", P(0.0)),
        action("A3", P(1.0)),
        action("A4", N(60.0)),
        action("A5", S("45 %")),
    ];
    let dir = plan(&[("actions.xlsx", workbook(&[("Acties", rows)]))]);
    let expected: Vec<(String, String)> = [
        ("A1", "45"),
        ("A2", "0"),
        ("A3", "100"),
        ("A4", "60"),
        ("A5", "45"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(progress(dir.path()), expected);
}

#[test]
fn a_unit_reporting_only_0_and_100_percent_is_read_as_0_and_100() {
    let rows = vec![header(), action("A1", P(0.0)), action("A2", P(1.0))];
    let dir = plan(&[("actions.xlsx", workbook(&[("Acties", rows)]))]);
    let found = progress(dir.path());
    assert_eq!(found[0].1, "0");
    assert_eq!(found[1].1, "100");
}

#[test]
fn a_percent_cell_above_100_is_refused_naming_its_cell_not_rescaled() {
    let rows = vec![header(), action("A1", P(0.45)), action("A2", P(1.2))];
    let dir = plan(&[("actions.xlsx", workbook(&[("Acties", rows)]))]);
    let (code, err) = check(dir.path());
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(
            "actions.xlsx:3:6: error: [progress] progress 120 is outside 0–100 ('Acties'!F3)"
        ),
        "{err}"
    );
    // The other cell is not touched by the bad one.
    assert!(!err.contains("'Acties'!F2"), "{err}");
}

#[test]
fn excel_error_values_are_refused_as_excel_shows_them() {
    let rows = vec![
        header(),
        action("A1", E("#N/A")),
        vec![
            S("A2"),
            S("O1"),
            E("#DIV/0!"),
            S("U1"),
            S("on_track"),
            N(10.0),
        ],
    ];
    let dir = plan(&[("actions.xlsx", workbook(&[("Acties", rows)]))]);
    let (code, err) = check(dir.path());
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("[progress] the cell holds the Excel error `#N/A` ('Acties'!F2)"),
        "{err}"
    );
    assert!(
        err.contains("[title] the cell holds the Excel error `#DIV/0!` ('Acties'!C3)"),
        "{err}"
    );
}

#[test]
fn a_title_row_and_an_instructions_sheet_first_are_passed_over() {
    let instructions = vec![
        vec![S("Vul het blad Acties 2023 in.")],
        vec![S("Vragen: planning@example.be")],
    ];
    let rows = vec![
        vec![S("Voortgangsrapportering DVZ 2023")],
        vec![Empty],
        header(),
        action("A1", N(30.0)),
    ];
    let dir = plan(&[(
        "actions.xlsx",
        workbook(&[("Instructies", instructions), ("Acties 2023", rows)]),
    )]);
    let (code, err) = check(dir.path());
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("actions.xlsx: note: read as actions: sheet `Acties 2023`, header in row 3"),
        "{err}"
    );
    assert_eq!(
        progress(dir.path()),
        vec![("A1".to_string(), "30".to_string())]
    );
}

#[test]
fn headers_with_units_and_other_words_are_matched() {
    let rows = vec![
        vec![
            S("Code action"),
            S("Objectif"),
            S("Titre"),
            S("Direction"),
            S("Statut"),
            S("Progression (%)"),
            S("Budget prévu (€)"),
            S("Budgets dépensés in euro"),
        ],
        vec![
            S("A1"),
            S("O1"),
            S("Un titre"),
            S("U1"),
            S("en cours"),
            P(0.5),
            N(1234.5),
            N(1000.0),
        ],
        vec![
            S("A2"),
            S("O1"),
            S("Deux"),
            S("U1"),
            S("en cours"),
            P(0.25),
            N(100.0),
            N(50.0),
        ],
    ];
    let dir = plan(&[("actions.xlsx", workbook(&[("Actions", rows)]))]);
    let (inputs, diags) = load(dir.path());
    assert!(!koers::diagnostics::has_errors(&diags), "{diags:#?}");
    let actions = &inputs.expect("inputs").years[0].actions;
    let planned: Decimal = actions.iter().filter_map(|a| a.budget_planned).sum();
    let spent: Decimal = actions.iter().filter_map(|a| a.budget_spent).sum();
    assert_eq!(planned.normalize().to_string(), "1334.5");
    assert_eq!(spent.normalize().to_string(), "1050");
    assert!(
        diags.iter().all(|d| !d.message.contains("ignored")),
        "a column was ignored: {diags:#?}"
    );
}

#[test]
fn a_header_like_a_known_one_is_a_warning_with_a_suggestion() {
    let mut head = header();
    head.push(S("Budjet gepland"));
    let mut row = action("A1", N(10.0));
    row.push(N(500.0));
    let dir = plan(&[("actions.xlsx", workbook(&[("Acties", vec![head, row])]))]);
    let (code, err) = check(dir.path());
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains(
            "warning: column `Budjet gepland` is not a column koers knows and was ignored"
        ),
        "{err}"
    );
    assert!(err.contains("did you mean `budget gepland`?"), "{err}");
}

#[test]
fn every_file_in_a_year_folder_is_accounted_for() {
    let sheet = |id| workbook(&[("Acties", vec![header(), action(id, N(20.0))])]);
    let csv_by_header =
        b"id,objective,title,unit,status,progress\nA3,O1,Derde,U1,on_track,40\n".to_vec();
    let dir = plan(&[
        ("Acties DVZ 2023.xlsx", sheet("A1")),
        ("actions-NCCN.xlsm", sheet("A2")),
        ("export.csv", csv_by_header),
        ("actions-X.numbers", b"not read".to_vec()),
        ("notes.csv", b"wie,wat\nAnn,koffie\n".to_vec()),
        ("~$Acties DVZ 2023.xlsx", b"lock".to_vec()),
        ("README.txt", b"uitleg".to_vec()),
    ]);
    let (code, err) = check(dir.path());
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("actions-X.numbers: error: Koers does not read .numbers files"),
        "{err}"
    );
    assert!(
        err.contains("notes.csv: error: this file is neither an actions nor an indicators file"),
        "{err}"
    );
    assert!(
        err.contains("~$Acties DVZ 2023.xlsx: note: an office lock file"),
        "{err}"
    );
    assert!(
        err.contains("README.txt: note: not an actions or indicators file"),
        "{err}"
    );
    assert!(
        err.contains("export.csv: note: read as actions: header in line 1")
            || !err.contains("export.csv: error"),
        "{err}"
    );
    // The three real files are all read.
    std::fs::remove_file(dir.path().join("2023/actions-X.numbers")).expect("rm");
    std::fs::remove_file(dir.path().join("2023/notes.csv")).expect("rm");
    let ids: Vec<String> = progress(dir.path()).into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, ["A1", "A2", "A3"]);
}

#[test]
fn a_totals_row_is_skipped_with_a_warning_and_a_row_without_id_is_an_error() {
    let rows = vec![
        header(),
        action("A1", N(30.0)),
        vec![Empty, Empty, S("Totaal"), Empty, Empty, N(30.0)],
    ];
    let dir = plan(&[("actions.xlsx", workbook(&[("Acties", rows)]))]);
    let (code, err) = check(dir.path());
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("actions.xlsx:3: warning: a totals row was skipped"),
        "{err}"
    );
    assert!(err.contains("('Acties', row 3)"), "{err}");
    assert_eq!(
        progress(dir.path()),
        vec![("A1".to_string(), "30".to_string())]
    );
    let rows = vec![
        header(),
        action("A1", N(30.0)),
        vec![
            Empty,
            S("O1"),
            S("Zonder code"),
            S("U1"),
            S("on_track"),
            N(30.0),
        ],
    ];
    let dir = plan(&[("actions.xlsx", workbook(&[("Acties", rows)]))]);
    let (code, err) = check(dir.path());
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("actions.xlsx:3:1: error: [id] `id` is empty ('Acties'!A3)"),
        "{err}"
    );
}

/// The org report's action rows of the 2023 data in `dir`, in `lang`.
fn rows(dir: &Path, lang: koers::core::Lang) -> Vec<koers::report::model::ActionRow> {
    let (inputs, diags) = load(dir);
    assert!(!koers::diagnostics::has_errors(&diags), "{diags:#?}");
    let inputs = inputs.expect("inputs");
    let job = crate::common::org_job(2023, lang);
    let model = crate::common::model(&inputs, &diags, &job);
    model
        .priorities
        .into_iter()
        .flat_map(|p| p.strategic_objectives)
        .flat_map(|s| s.operational_objectives)
        .flat_map(|o| o.actions)
        .collect()
}

#[test]
fn each_edition_shows_its_own_language_and_tags_a_stand_in() {
    use koers::core::Lang;
    // A French unit: its plain columns are French by their header words.
    let rows_in = vec![
        vec![
            S("Code action"),
            S("Objectif"),
            S("Titre"),
            S("Titre NL"),
            S("Direction"),
            S("Statut"),
            S("Progression"),
            S("Commentaire"),
            S("Toelichting"),
        ],
        vec![
            S("A1"),
            S("O1"),
            S("Guichet unique"),
            S("Eén loket"),
            S("U1"),
            S("en retard"),
            N(40.0),
            S("Fournisseur en faillite"),
            S("Leverancier failliet"),
        ],
        vec![
            S("A2"),
            S("O1"),
            S("Seulement en français"),
            Empty,
            S("U1"),
            S("en retard"),
            N(10.0),
            S("Pas encore traduit"),
            Empty,
        ],
    ];
    let dir = plan(&[("actions-U1.xlsx", workbook(&[("Actions", rows_in)]))]);
    let nl = rows(dir.path(), Lang::Nl);
    let fr = rows(dir.path(), Lang::Fr);
    assert_eq!(
        (nl[0].title.as_str(), nl[0].title_lang),
        ("Eén loket", None)
    );
    assert_eq!(
        (nl[0].comment.as_deref(), nl[0].comment_lang),
        (Some("Leverancier failliet"), None)
    );
    assert_eq!(
        (fr[0].title.as_str(), fr[0].title_lang),
        ("Guichet unique", None)
    );
    assert_eq!(
        (fr[0].comment.as_deref(), fr[0].comment_lang),
        (Some("Fournisseur en faillite"), None)
    );
    // Only in French: the Dutch edition shows it, tagged as French.
    assert_eq!(
        (nl[1].title.as_str(), nl[1].title_lang),
        ("Seulement en français", Some(Lang::Fr))
    );
    assert_eq!(
        (nl[1].comment.as_deref(), nl[1].comment_lang),
        (Some("Pas encore traduit"), Some(Lang::Fr))
    );
    // And the missing translation is a data-quality warning.
    let (_, out) = check(dir.path());
    assert!(
        out.contains("A2") && out.contains("no title in nl") || out.contains("title"),
        "{out}"
    );
}

#[test]
fn the_quality_annex_counts_the_missing_translations_per_unit() {
    use koers::core::Lang;
    use koers::report::{Job, ScopeSel};
    let (inputs, diags) = load(&fixture("small"));
    let inputs = inputs.expect("inputs");
    let gaps = |lang, scope| {
        let job = Job {
            year: 2023,
            lang,
            scope,
        };
        crate::common::model(&inputs, &diags, &job)
            .translations
            .into_iter()
            .map(|g| (g.unit, g.titles, g.comments, g.indicators))
            .collect::<Vec<_>>()
    };
    // The comments of A2, A6 (U1) and K2 (U2) are in Dutch only; every title
    // is in both.
    assert_eq!(
        gaps(Lang::Fr, ScopeSel::Organisation),
        [("U1".to_string(), 0, 2, 0), ("U2".to_string(), 0, 0, 1)]
    );
    assert_eq!(
        gaps(Lang::Fr, ScopeSel::Unit("U2".into())),
        [("U2".to_string(), 0, 0, 1)]
    );
    assert!(gaps(Lang::Nl, ScopeSel::Organisation).is_empty());
}
