//! Every text in the reader's language, or visibly not: a unit's text shown
//! in an edition of another language carries its language code on the page
//! (and its language in the PDF's structure), and a text typed under the
//! wrong language's column is named by `check` and shown as what it is.

use std::path::Path;

use koers::core::Lang;
use koers::core::lang::Texts;

use crate::common::{build_into, load, pdf_text, sample, sample_inputs, stderr};

/// The text an edition in `edition` shows of `texts`, and the language it
/// is written in: as the report picks it.
fn shown(texts: &Texts, edition: Lang) -> Option<(&String, Lang)> {
    texts
        .iter()
        .find(|(column, _)| texts.written_in(*column) == edition)
        .or_else(|| texts.get(edition).map(|t| (edition, t)))
        .or_else(|| texts.get(Lang::Nl).map(|t| (Lang::Nl, t)))
        .or_else(|| texts.iter().next())
        .map(|(column, text)| (text, texts.written_in(column)))
}

/// The first words of a text, as the page shows them whatever the layout.
fn opening(text: &str) -> String {
    text.split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Checks every unit report of `year` in `edition` under `out`: each action
/// title and comment shown in another language has that language's code
/// right before it; one in the edition's language has none. Returns how
/// many marked texts were seen.
fn marked_texts(out: &Path, year: i32, edition: Lang) -> usize {
    let (inputs, _) = load(&sample_inputs());
    let inputs = inputs.unwrap();
    let data = inputs.year(year).unwrap();
    let mut marked = 0;
    for unit in &inputs.framework.units {
        let unit = unit.id.as_str();
        let pdf = out.join(format!(
            "{year}/{edition}/ibz-sp-{year}-{unit}-{edition}.pdf"
        ));
        let text = pdf_text(&pdf);
        for action in data.actions.iter().filter(|a| a.unit == unit) {
            for texts in [&action.titles, &action.comments] {
                let Some((shown, written)) = shown(texts, edition) else {
                    continue;
                };
                let words = opening(shown);
                let tagged = format!("{} {words}", written.code().to_uppercase());
                if written == edition {
                    assert!(text.contains(&words), "{pdf:?}: `{words}` is not shown");
                    for other in Lang::ALL {
                        let tag = format!("{} {words}", other.code().to_uppercase());
                        assert!(!text.contains(&tag), "{pdf:?}: `{tag}` is marked");
                    }
                } else {
                    assert!(
                        text.contains(&tagged),
                        "{pdf:?}: `{words}` ({written}) is shown without its language code"
                    );
                    marked += 1;
                }
            }
        }
    }
    marked
}

#[test]
fn the_french_edition_marks_every_text_it_shows_in_dutch() {
    assert!(marked_texts(sample(), 2024, Lang::Fr) > 10);
}

#[test]
fn the_dutch_edition_marks_french_typed_under_a_dutch_column() {
    // The sample's units wrote some comments in French in the plain
    // `comment` column, which is the plan's first language (Dutch).
    assert!(marked_texts(sample(), 2024, Lang::Nl) > 0);
}

#[test]
fn the_english_edition_marks_every_unit_text() {
    let out = tempfile::tempdir().unwrap();
    let output = build_into(
        &sample_inputs(),
        out.path(),
        &["--year", "2024", "--lang", "en"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(marked_texts(out.path(), 2024, Lang::En) > 100);
}

#[test]
fn check_names_a_comment_typed_under_the_wrong_languages_column() {
    let (_, diags) = load(&sample_inputs());
    let found: Vec<String> = diags
        .iter()
        .filter(|d| d.message.contains("column reads as"))
        .map(|d| d.to_string())
        .collect();
    assert!(
        found.iter().any(|d| d.contains(
            "2024/actions.csv:63:12: warning: [comment_nl] the comment of action `A-STAF-09` in the `nl` column reads as `fr`"
        )),
        "{found:#?}"
    );
}

#[test]
fn check_counts_the_missing_translations_per_unit_and_language() {
    let (code, out) = crate::common::check_inputs(&sample_inputs());
    assert_eq!(code, Some(0), "{out}");
    let list = out
        .split("texts with no version in a plan language")
        .nth(1)
        .unwrap_or_else(|| panic!("no translation list: {out}"));
    // DVZ wrote four 2024 comments in Dutch only; one KPI name too.
    assert!(
        list.contains("\n  2024 fr, DVZ: 4 comment(s), 1 KPI text(s)\n"),
        "{list}"
    );
    // A French comment under the Dutch column is missing in Dutch.
    assert!(list.contains("\n  2024 nl, STAF: 5 comment(s)\n"), "{list}");
}

#[test]
fn an_edition_in_a_language_the_plan_lacks_marks_the_plans_own_texts() {
    let out = tempfile::tempdir().unwrap();
    let small = crate::common::fixture("small");
    let output = build_into(&small, out.path(), &["--lang", "en"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = pdf_text(&out.path().join("2023/en/t-2023-org-en.pdf"));
    // The small plan has no English texts: its priorities and objectives
    // show in Dutch, each marked.
    for title in ["Snellere dienstverlening", "Wachttijden verkorten"] {
        assert!(text.contains(&format!("NL {title}")), "`{title}` unmarked");
    }
}

#[test]
fn kpis_no_unit_leads_are_counted_under_the_organisation() {
    let dir = crate::common::small_plan_from(&crate::common::fixture("small").join("2023"));
    let file = dir.path().join("2023/indicators.csv");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("K9,S1,Tevredenheid van de burgers,,%,%,higher,60,70,72,\n");
    std::fs::write(&file, text).unwrap();
    let (code, out) = crate::common::check_inputs(dir.path());
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("\n  2023 fr, org: 1 KPI text(s)\n"), "{out}");
}
