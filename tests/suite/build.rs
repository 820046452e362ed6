//! `koers build` end to end: the real binary on fixture folders, checked
//! through the text extracted from the PDFs it writes.

use std::path::Path;

use crate::common::{build, files_under, fixture, pdf_text, sample, stderr};

#[test]
fn sample_build_writes_every_year_language_and_scope() {
    let files = files_under(sample());
    let mut expected = vec!["manifest.json".to_string()];
    for year in [2022, 2023, 2024] {
        for lang in ["fr", "nl"] {
            for scope in ["CS", "DIO", "DVZ", "IB", "NCCN", "STAF", "VP", "org"] {
                expected.push(format!("{year}/{lang}/ibz-sp-{year}-{scope}-{lang}.pdf"));
                expected.push(format!("{year}/{lang}/ibz-sp-{year}-{scope}-{lang}.html"));
            }
            expected.push(format!("{year}/{lang}/ibz-sp-{year}-figures-{lang}.xlsx"));
        }
    }
    expected.sort();
    assert_eq!(files, expected);
}

#[test]
fn priority_titles_in_the_report_language() {
    let nl = pdf_text(&sample().join("2023/nl/ibz-sp-2023-org-nl.pdf"));
    for title in [
        "Een klantgerichte moderne dienstverlening",
        "Doeltreffende partnerschappen",
        "Datagedreven werken",
        "Een organisatie op maat van de medewerkers",
        "Een referentiepunt zijn",
    ] {
        assert!(nl.contains(title), "nl report lacks `{title}`");
    }
    let fr = pdf_text(&sample().join("2023/fr/ibz-sp-2023-org-fr.pdf"));
    for title in [
        "Un service moderne orienté client",
        "Des partenariats efficaces",
        "Un travail axé sur les données",
        "Une organisation à la mesure des collaborateurs",
        "Être un point de référence",
    ] {
        assert!(fr.contains(title), "fr report lacks `{title}`");
    }
    assert!(
        !fr.contains("Doeltreffende partnerschappen"),
        "fr report shows a Dutch title"
    );
}

#[test]
fn overall_progress_matches_the_hand_computed_mean() {
    let (out, output) = build(&fixture("small"));
    assert!(output.status.success(), "{}", stderr(&output));
    let nl = pdf_text(&out.path().join("2023/nl/t-2023-org-nl.pdf"));
    // (10 + 20 + 35.5 + 100 + 0) / 5 = 33.1; the cancelled A6 (50) is left out.
    assert!(nl.contains("33,1% Globale voortgang"), "{nl}");
    // P1: (10 + 20 + 35.5) / 3 = 21.83…; P2: (100 + 0) / 2, A6 cancelled.
    assert!(nl.contains("P1 Snellere dienstverlening 21,8%"), "{nl}");
    assert!(nl.contains("P2 Betere gegevens 50,0%"), "{nl}");
    // Budget: 1000.50 + 2000 + 500 planned, 200 + 400 spent.
    assert!(nl.contains("€ 600"), "{nl}");
    assert!(nl.contains("Besteed / Gepland € 3.501"), "{nl}");
    let fr = pdf_text(&out.path().join("2023/fr/t-2023-org-fr.pdf"));
    assert!(fr.contains("33,1 % Avancement global"), "{fr}");
    assert!(fr.contains("Première action guichet"), "{fr}");
}

#[test]
fn a_unit_report_lists_only_that_units_actions() {
    let (out, output) = build(&fixture("small"));
    assert!(output.status.success(), "{}", stderr(&output));
    let u1 = pdf_text(&out.path().join("2023/nl/t-2023-U1-nl.pdf"));
    for own in ["A1", "Eerste actie loket", "A2", "A6", "Oude migratie"] {
        assert!(u1.contains(own), "U1 report lacks `{own}`");
    }
    for other in [
        "Afsprakenmodule",
        "Ontdubbelingsscript",
        "Kwaliteitsrapport",
    ] {
        assert!(
            !u1.contains(other),
            "U1 report shows another unit's `{other}`"
        );
    }
    // U1's own mean: (10 + 20) / 2, the cancelled A6 left out.
    assert!(u1.contains("15,0% Globale voortgang"), "{u1}");
    assert!(u1.contains("Eerste directie"), "{u1}");
}

#[test]
fn invalid_data_renders_nothing_and_exits_1() {
    let (out, output) = build(&fixture("unknown-unit"));
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains(
            "2023/actions.csv:3:5: error: [unit] unknown unit id `U3`\n  hint: did you mean `U1`?"
        ),
        "{err}"
    );
    assert!(
        err.contains("2023/actions.csv:4:2: error: [objective] unknown objective id `O4`"),
        "{err}"
    );
    assert!(err.contains("2 error(s), 2 warning(s), 0 note(s)"), "{err}");
    assert_eq!(files_under(out.path()), Vec::<String>::new());
}

#[test]
fn a_template_error_names_the_template_file_and_line() {
    let out = tempfile::tempdir().expect("temp dir");
    let output = crate::common::koers(&[
        "build",
        "--inputs",
        fixture("small").to_str().expect("utf-8"),
        "--output",
        out.path().to_str().expect("utf-8"),
        "--templates",
        fixture("broken-template").to_str().expect("utf-8"),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    let place = fixture("broken-template").join("report.typ");
    assert!(
        err.contains(&format!(
            "{}:4:4: error: dictionary does not contain key \"no_such_field\"",
            place.display()
        )),
        "{err}"
    );
    assert_eq!(files_under(out.path()), Vec::<String>::new());
}

#[test]
fn a_missing_inputs_folder_is_a_tool_error() {
    let (_, output) = build(Path::new("/nonexistent/koers-inputs"));
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("the inputs folder `/nonexistent/koers-inputs` does not exist")
    );
}
