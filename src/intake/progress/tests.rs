//! Unit tests of the parent module, kept apart so the module reads as
//! what it does.

use std::path::Path;
use std::str::FromStr;

use super::*;
use crate::intake::table::{NumberStyle, read_csv};
use chrono::NaiveDate;

/// Each diagnostic's first line, as `koers check` prints it.
fn first_lines(diags: &[crate::diagnostics::Diagnostic]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d.to_string().lines().next().unwrap_or("").to_string())
        .collect()
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).expect("decimal")
}

#[test]
fn numbers_in_every_dialect() {
    use NumberStyle::*;
    let cases = [
        ("45", DecimalPoint, "45"),
        ("45%", DecimalComma, "45"),
        ("45,5", DecimalComma, "45.5"),
        ("45,5", DecimalPoint, "45.5"),
        ("1.234,56", DecimalPoint, "1234.56"),
        ("1 234,56", DecimalComma, "1234.56"),
        ("1\u{a0}234,56", DecimalComma, "1234.56"),
        ("1,234.56", DecimalComma, "1234.56"),
        ("€ 1.234", DecimalComma, "1234"),
        ("1.234", DecimalPoint, "1.234"),
        ("1,234", DecimalPoint, "1234"),
        ("1.234.567", DecimalPoint, "1234567"),
        ("0.125", DecimalComma, "0.125"),
        ("-3,5", DecimalComma, "-3.5"),
        ("0,000001", DecimalComma, "0.000001"),
        ("-0", DecimalComma, "0"),
        ("12.000,50", DecimalComma, "12000.5"),
        // More digits than fit a machine word: read through the text.
        (
            "1234567890123456789012345,125",
            DecimalComma,
            "1234567890123456789012345.125",
        ),
    ];
    for (text, style, expected) in cases {
        assert_eq!(
            parse_number(text, style),
            Some(dec(expected)),
            "{text} {style:?}"
        );
    }
    for bad in [
        "abc",
        "1,2,3.4.5",
        "12a",
        "--1",
        "%",
        "1 2 0",
        "1.2.3",
        "12,34,5",
        "1,5.3",
        ".5",
        "5,",
    ] {
        assert_eq!(parse_number(bad, NumberStyle::DecimalComma), None, "{bad}");
    }
}

#[test]
fn the_quick_reading_of_plain_numbers_agrees_with_the_long_one() {
    use cells::{plain_number, written_number};
    let mut read_quickly = 0;
    for text in [
        "45",
        "0",
        "007",
        "38000.00",
        "36365.62",
        "45,5",
        "1,50",
        "12.3456",
        "0.5",
        "1.234",
        "1,234",
        "0.125",
        "1.234,56",
        "-3",
        " 45",
        "45 ",
        ".5",
        "5.",
        "5,",
        "1e5",
        "45%",
        "99999999999999999999999999",
        "1234567890123456789012345678901",
        "1.2.3",
        "٣",
    ] {
        if let Some(quick) = plain_number(text) {
            read_quickly += 1;
            for style in [NumberStyle::DecimalComma, NumberStyle::DecimalPoint] {
                assert_eq!(Some(quick), written_number(text, style), "{text} {style:?}");
            }
        }
    }
    // Digits with or without one separator, and not three digits after it.
    assert_eq!(read_quickly, 10);
}

#[test]
fn dates_in_three_forms() {
    let d = NaiveDate::from_ymd_opt(2023, 3, 31);
    assert_eq!(parse_date("2023-03-31"), d);
    assert_eq!(parse_date("31/03/2023"), d);
    assert_eq!(parse_date("31-03-2023"), d);
    assert_eq!(parse_date("31/13/2023"), None);
    assert_eq!(parse_date("31/12/23"), None);
    assert_eq!(parse_date("23-03-31"), None);
    assert_eq!(parse_date("2023-02-29"), None);
    assert_eq!(
        parse_date("2024-02-29"),
        NaiveDate::from_ymd_opt(2024, 2, 29)
    );
    assert_eq!(parse_date("1899-12-31"), None);
    assert_eq!(parse_date("2023-03-31 00:00:00"), d);
    assert_eq!(parse_date("2023-0a-31"), None);
}

#[test]
fn headers_match_in_three_languages() {
    assert_eq!(action_field("Doelstelling"), Some(ActionField::Objective));
    assert_eq!(
        action_field("Titel FR"),
        Some(ActionField::Title(Some(Lang::Fr)))
    );
    assert_eq!(
        action_field("Titre NL"),
        Some(ActionField::Title(Some(Lang::Nl)))
    );
    assert_eq!(
        action_field("title_fr"),
        Some(ActionField::Title(Some(Lang::Fr)))
    );
    assert_eq!(action_field("Date de début"), Some(ActionField::Start));
    assert_eq!(action_field("ÉCHÉANCE"), Some(ActionField::Due));
    assert_eq!(
        action_field("Budget dépensé"),
        Some(ActionField::BudgetSpent)
    );
    assert_eq!(
        action_field("budget-gepland"),
        Some(ActionField::BudgetPlanned)
    );
    assert_eq!(
        indicator_field("Streefwaarde"),
        Some(IndicatorField::Target)
    );
    assert_eq!(
        indicator_field("nom_fr"),
        Some(IndicatorField::Name(Some(Lang::Fr)))
    );
}

#[test]
fn statuses_accept_synonyms() {
    assert_eq!(Status::parse("Op schema"), Some(Status::OnTrack));
    assert_eq!(Status::parse("À RISQUE"), Some(Status::AtRisk));
    assert_eq!(Status::parse("terminé"), Some(Status::Completed));
    assert_eq!(Status::parse("Fini"), Some(Status::Completed));
    assert_eq!(Status::parse("not_started"), Some(Status::NotStarted));
    assert_eq!(Status::parse("klaar"), None);
}

#[test]
fn actions_with_errors_are_all_reported() {
    let csv = "id,objective,title,unit,status,progress,due\n\
               A1,OD1,Eerste,U1,on_track,45,2023-12-31\n\
               A2,OD1,Tweede,U1,klaar,120,31/02/2023\n";
    let table = read_csv(csv.as_bytes(), Path::new("actions.csv")).expect("table");
    let mut diags = Vec::new();
    let actions = read_actions(&table, Lang::Nl, &mut diags);
    assert_eq!(actions.len(), 1);
    assert_eq!(actions[0].progress, dec("45"));
    assert_eq!(
        first_lines(&diags),
        vec![
            "actions.csv:3:5: error: [status] unknown status `klaar`",
            "actions.csv:3:6: error: [progress] progress 120 is outside 0–100",
            "actions.csv:3:7: error: [due] `31/02/2023` is not a date",
        ]
    );
}

#[test]
fn absurd_amounts_are_refused() {
    let csv = "id,objective,title,unit,status,progress,budget_planned\n\
               A1,OD1,T,U1,on_track,5,99999999999999999999999999\n";
    let table = read_csv(csv.as_bytes(), Path::new("actions.csv")).expect("table");
    let mut diags = Vec::new();
    assert!(read_actions(&table, Lang::Nl, &mut diags).is_empty());
    assert_eq!(
        diags[0].message,
        "`99999999999999999999999999` is too large"
    );
}

#[test]
fn missing_required_column() {
    let table = read_csv(
        b"id,objective,title,unit,status\nA1,OD1,T,U1,on_track\n",
        Path::new("actions.csv"),
    )
    .expect("table");
    let mut diags = Vec::new();
    assert!(read_actions(&table, Lang::Nl, &mut diags).is_empty());
    assert_eq!(diags.len(), 1);
    assert_eq!(
        diags[0].message,
        "required column `progress` is missing; the header read (line 1) has: id, objective, title, unit, status"
    );
}

#[test]
fn a_title_as_long_as_a_page_is_named_and_kept_whole() {
    let long = "woord ".repeat(60);
    let csv = format!(
        "id,objective,title,title_fr,unit,status,progress\n\
         A1,OD1,{long},Titre court,U1,on_track,45\n"
    );
    let table = read_csv(csv.as_bytes(), Path::new("actions.csv")).expect("table");
    let mut diags = Vec::new();
    let actions = read_actions(&table, Lang::Nl, &mut diags);
    assert_eq!(actions.len(), 1);
    assert_eq!(
        actions[0].titles.get(Lang::Nl),
        Some(&long.trim().to_string())
    );
    assert_eq!(
        first_lines(&diags),
        [
            "actions.csv:2:3: warning: [title] the title has 359 characters: it fills a table cell of its own in every report"
        ]
    );
}
