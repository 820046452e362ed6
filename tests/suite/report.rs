//! The complete annual report of the sample plan, read back from the PDFs:
//! localized figures, KPIs with RAG and trend, the unit comparison, unit
//! scope, the plan-closing section and the alt text of every chart.

use crate::common::{figure_alt_texts, koers, pdf_text, sample, sample_inputs, stderr};

fn text(relative: &str) -> String {
    pdf_text(&sample().join(relative))
}

/// Re-performs the overall 2023 progress from the sample CSV, independently
/// of koers: the mean progress of the non-cancelled actions, one decimal.
fn overall_2023_by_hand() -> f64 {
    let mut reader = csv::Reader::from_path(sample_inputs().join("2023/actions.csv")).expect("csv");
    let headers = reader.headers().expect("headers").clone();
    let col = |name: &str| headers.iter().position(|h| h == name).expect("column");
    let (status, progress) = (col("status"), col("progress"));
    let values: Vec<f64> = reader
        .records()
        .map(|r| r.expect("record"))
        .filter(|r| &r[status] != "cancelled")
        .map(|r| r[progress].parse::<f64>().expect("number"))
        .collect();
    (values.iter().sum::<f64>() / values.len() as f64 * 10.0).round() / 10.0
}

#[test]
fn dates_and_numbers_are_written_the_way_each_language_writes_them() {
    let overall = overall_2023_by_hand();
    let comma = format!("{overall:.1}").replace('.', ",");
    let nl = text("2023/nl/ibz-sp-2023-org-nl.pdf");
    assert!(nl.contains("Stand van zaken op 31 december 2023"), "{nl}");
    assert!(
        nl.contains(&format!("{comma}% Globale voortgang"))
            || nl.contains(&format!("{comma}%Globale voortgang")),
        "{nl}"
    );
    // The tile writes the total short; the tables write whole euros.
    assert!(nl.contains("€ 17,82 mln"), "{nl}");
    assert!(nl.contains("Ondertekend op 17 mei 2022"), "{nl}");

    let fr = text("2023/fr/ibz-sp-2023-org-fr.pdf");
    assert!(fr.contains("Situation au 31 décembre 2023"), "{fr}");
    assert!(fr.contains(&format!("{comma} %Avancement global")), "{fr}");
    assert!(fr.contains("17,82 M €"), "{fr}");
    assert!(fr.contains("Signé le 17 mai 2022"), "{fr}");

    let out = tempfile::tempdir().expect("temp dir");
    let output = koers(&[
        "build",
        "--inputs",
        sample_inputs().to_str().expect("utf-8"),
        "--output",
        out.path().to_str().expect("utf-8"),
        "--year",
        "2023",
        "--lang",
        "en",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let en = pdf_text(&out.path().join("2023/en/ibz-sp-2023-org-en.pdf"));
    assert!(en.contains("Status as of 31 December 2023"), "{en}");
    assert!(
        en.contains(&format!("{overall:.1}%Overall progress")),
        "{en}"
    );
    assert!(en.contains("€17.82 m"), "{en}");
    assert!(en.contains("Signed on 17 May 2022"), "{en}");
    assert!(en.contains("Data-driven working"), "{en}");
    let pdfs = crate::common::files_under(out.path())
        .into_iter()
        .filter(|f| f.ends_with(".pdf"))
        .count();
    assert_eq!(pdfs, 8, "one year, one language, 8 scopes");
}

#[test]
fn kpis_show_rag_and_trend() {
    let nl = text("2023/nl/ibz-sp-2023-org-nl.pdf");
    // KPI-01, lower is better: baseline 98, target 75, actual 79. It misses
    // by 4, within 10% of 75, so amber; 2022's actual was 104.
    assert!(
        nl.contains("lager is beter · OD1.2.1 98 75 79 Oranje 104 → 79"),
        "{nl}"
    );
    // KPI-02, higher is better: 47,2 meets 45.
    assert!(
        nl.contains("hoger is beter · OD1.1.1 12 45 47,2 Groen 21,5 → 47,2"),
        "{nl}"
    );
    let nl_2024 = text("2024/nl/ibz-sp-2024-org-nl.pdf");
    assert!(
        nl_2024.contains("OD1.2.1 98 60 58 Groen 104 → 79 → 58"),
        "{nl_2024}"
    );
    // The annex states the rule with the tolerance in force.
    assert!(nl.contains("ten hoogste 10% van de streefwaarde"), "{nl}");
}

#[test]
fn the_organisation_report_compares_units() {
    let nl = text("2023/nl/ibz-sp-2023-org-nl.pdf");
    // Counted by hand from inputs/2023/actions.csv.
    let mut reader = csv::Reader::from_path(sample_inputs().join("2023/actions.csv")).expect("csv");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    let dvz: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[4] == "DVZ").collect();
    let count = |status: &str| dvz.iter().filter(|r| &r[5] == status).count();
    let row = format!(
        "Dienst Vreemdelingenzaken (DVZ) {} {} {}",
        dvz.len(),
        count("at_risk"),
        count("delayed")
    );
    assert!(nl.contains("Vergelijking van de directies Directie Acties Risico Vertraagd Voortgang Beoordeling Besteed"), "{nl}");
    assert!(nl.contains(&row), "`{row}` not in {nl}");
}

#[test]
fn a_unit_report_holds_only_its_own_actions_and_kpis() {
    let dvz = text("2023/nl/ibz-sp-2023-DVZ-nl.pdf");
    assert!(
        dvz.contains("Dit rapport bevat enkel de acties van deze directie."),
        "{dvz}"
    );
    assert!(dvz.contains("A-DVZ-01"), "{dvz}");
    for other in ["A-NCCN-", "A-CS-", "A-IB-", "A-VP-", "A-STAF-", "A-DIO-"] {
        assert!(
            !dvz.contains(other),
            "DVZ report shows an action `{other}…`"
        );
    }
    assert!(
        !dvz.contains("Vergelijking van de directies"),
        "a unit report has no unit comparison"
    );
    // KPI-01 sits on OD1.2.1, led by DVZ; KPI-03 on OD1.1.2, led by IB.
    assert!(dvz.contains("KPI-01"), "{dvz}");
    assert!(!dvz.contains("KPI-03"), "{dvz}");
}

#[test]
fn the_last_year_closes_the_plan() {
    let nl = text("2024/nl/ibz-sp-2024-org-nl.pdf");
    assert!(nl.contains("Afsluiting van het plan 2022–2024"), "{nl}");
    assert!(
        nl.contains("Jaar Acties Afgerond Voortgang Gepland Besteed 2022 114 4 29,0% € 24.158.000 € 14.664.592 2023 127 29"),
        "{nl}"
    );
    let fr = text("2024/fr/ibz-sp-2024-org-fr.pdf");
    assert!(fr.contains("Clôture du plan 2022–2024"), "{fr}");
    let nl_2023 = text("2023/nl/ibz-sp-2023-org-nl.pdf");
    assert!(
        !nl_2023.contains("Afsluiting van het plan"),
        "only the last year closes the plan"
    );
}

#[test]
fn every_chart_has_alt_text_stating_its_numbers() {
    let alts = figure_alt_texts(&sample().join("2023/nl/ibz-sp-2023-org-nl.pdf"));
    // Status, progress per priority, progress over the years, budget, and a
    // trend line for each of the 15 KPIs.
    assert_eq!(alts.len(), 19, "{alts:#?}");
    for alt in &alts {
        assert!(
            alt.chars().any(|c| c.is_ascii_digit()),
            "alt text without numbers: {alt}"
        );
    }
    assert!(alts.contains(
        &"Verdeling van de acties per status: Niet gestart 2, Op schema 67, Risico 12, Vertraagd 16, Afgerond 29, Geannuleerd 1.".to_string()
    ), "{alts:#?}");
    assert!(
        alts.contains(&"Verloop van indicator KPI-01: 2022 104, 2023 79.".to_string()),
        "{alts:#?}"
    );
    let fr = figure_alt_texts(&sample().join("2023/fr/ibz-sp-2023-org-fr.pdf"));
    assert!(
        fr.iter()
            .any(|a| a
                .starts_with("Diagramme en barres de l'avancement par priorité: P1 60,6\u{202f}%")),
        "{fr:#?}"
    );
}

#[test]
fn the_annexes_list_warnings_and_sources() {
    let nl = text("2023/nl/ibz-sp-2023-org-nl.pdf");
    assert!(nl.contains("Kwaliteit van de gegevens"), "{nl}");
    assert!(nl.contains("2023/actions.csv:"), "{nl}");
    // Findings are written in the report's language.
    assert!(
        nl.contains("Actie A-DVZ-03 moest klaar zijn op 30-09-2023 en is eind 2023 niet afgerond."),
        "Dutch finding missing"
    );
    let fr = text("2023/fr/ibz-sp-2023-org-fr.pdf");
    assert!(
        fr.contains(
            "L'action A-DVZ-03 devait être terminée le 30/09/2023 et ne l'est pas fin 2023."
        ),
        "French finding missing"
    );
    let hash = {
        use sha2::Digest;
        let bytes = std::fs::read(sample_inputs().join("2023/actions.csv")).expect("read");
        sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    assert!(
        nl.contains(&hash),
        "sources annex lacks the SHA-256 of 2023/actions.csv"
    );
    assert!(nl.contains("framework.toml"), "{nl}");
}

#[test]
fn templates_export_then_build_with_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let templates = dir.path().join("tpl");
    let output = koers(&["templates", "export", templates.to_str().expect("utf-8")]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        crate::common::files_under(&templates),
        vec!["components.typ", "report.typ"]
    );
    // A second export refuses to overwrite.
    let again = koers(&["templates", "export", templates.to_str().expect("utf-8")]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("pass --force to overwrite"),
        "{}",
        stderr(&again)
    );
    // A change to the exported template shows in the report.
    let report = templates.join("report.typ");
    let source = std::fs::read_to_string(&report)
        .expect("read")
        .replace("#l.progress_report #r.year", "Eigen sjabloon #r.year");
    std::fs::write(&report, source).expect("write");
    let out = dir.path().join("out");
    let output = koers(&[
        "build",
        "--inputs",
        crate::common::fixture("small").to_str().expect("utf-8"),
        "--output",
        out.to_str().expect("utf-8"),
        "--templates",
        templates.to_str().expect("utf-8"),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(pdf_text(&out.join("2023/nl/t-2023-org-nl.pdf")).contains("Eigen sjabloon 2023"));
}

/// The sample's inputs and the model of its Dutch organisation report of
/// `year`.
fn sample_org_model(year: i32) -> (koers::intake::Inputs, koers::report::model::Report) {
    let (inputs, diags) = crate::common::load(&sample_inputs());
    let inputs = inputs.unwrap();
    let job = crate::common::org_job(year, koers::core::Lang::Nl);
    let r = crate::common::model(&inputs, &diags, &job);
    (inputs, r)
}

#[test]
fn the_attention_list_puts_delayed_first_then_the_longest_overdue() {
    use koers::core::Status;
    let (inputs, r) = sample_org_model(2024);
    let year = inputs.year(2024).unwrap();
    let shown: Vec<(Status, Option<chrono::NaiveDate>)> = r
        .summary
        .attention
        .iter()
        .map(|row| {
            let a = year.actions.iter().find(|a| a.id == row.id).unwrap();
            (a.status, a.due)
        })
        .collect();
    assert!(
        shown.iter().any(|(s, _)| *s == Status::Delayed),
        "{shown:?}"
    );
    // The sample has more urgent actions than the list shows: the delayed
    // ones (16) fill it, none at risk among them.
    assert!(
        shown.iter().all(|(s, _)| *s == Status::Delayed),
        "{shown:?}"
    );
    let dues: Vec<_> = shown.iter().map(|(_, d)| (d.is_none(), *d)).collect();
    let mut sorted = dues.clone();
    sorted.sort();
    assert_eq!(dues, sorted, "the longest overdue first");
}

#[test]
fn one_report_title_on_the_cover_in_the_running_header_and_the_metadata() {
    for (lang, title) in [
        ("nl", "Voortgangsrapport 2024"),
        ("fr", "Rapport d'avancement 2024"),
    ] {
        let pdf = sample().join(format!("2024/{lang}/ibz-sp-2024-org-{lang}.pdf"));
        let text = pdf_text(&pdf);
        // The cover, then the running header of every other page.
        let pages = lopdf::Document::load(&pdf).unwrap().get_pages().len();
        assert!(text.matches(title).count() >= pages, "{lang}: `{title}`");
        for other in ["Jaarrapport", "Rapport annuel"] {
            assert!(!text.contains(other), "{lang}: `{other}`");
        }
        let doc = lopdf::Document::load(&pdf).unwrap();
        let meta = pdf_title(&doc);
        assert!(meta.contains(title), "{lang}: the document title `{meta}`");
    }
}

/// The document's title from its Info dictionary.
fn pdf_title(doc: &lopdf::Document) -> String {
    doc.trailer
        .get(b"Info")
        .and_then(|o| o.as_reference())
        .and_then(|r| doc.get_dictionary(r))
        .and_then(|d| d.get(b"Title"))
        .ok()
        .and_then(|t| lopdf::decode_text_string(t).ok())
        .unwrap_or_default()
}

#[test]
fn the_budget_per_priority_says_why_it_adds_up_to_more_than_the_total() {
    use koers::core::Lang;
    use rust_decimal::Decimal;
    let (_, r) = sample_org_model(2023);
    let money = |x: f64| koers::i18n::money(Decimal::try_from(x).unwrap(), Lang::Nl);
    let sum: f64 = r
        .summary
        .budget_by_priority
        .iter()
        .map(|b| b.budget.planned)
        .sum();
    let total = r.summary.budget.planned;
    assert!(
        sum > total,
        "the sample has objectives under two priorities"
    );
    let note = r.summary.budget_by_priority_note.clone().expect("a note");
    for amount in [sum, total, sum - total] {
        assert!(note.contains(&money(amount)), "{} in {note}", money(amount));
    }
    assert!(note.contains("meerdere prioriteiten"), "{note}");
    // The page shows it under the chart, and the annex states the rule.
    let text = pdf_text(&sample().join("2023/nl/ibz-sp-2023-org-nl.pdf"));
    assert!(
        text.contains(&crate::common::collapse(&note)),
        "the note is not on the page"
    );
    assert!(text.contains("Budget per prioriteit: een actie telt mee onder elke prioriteit"));
}

#[test]
fn a_long_comment_cut_in_the_summary_says_where_the_whole_of_it_is() {
    let long = "De leverancier heeft de levering van de onderdelen opnieuw uitgesteld. ".repeat(5);
    let plan = |actions: usize| {
        let mut csv = String::from("id,objective,title,unit,status,progress,due,comment\n");
        csv.push_str(&format!(
            "A0,O1,Dringend,U1,delayed,10,2023-03-31,{}\n",
            long.trim()
        ));
        for n in 1..actions {
            csv.push_str(&format!("A{n},O1,Actie {n},U1,on_track,50,2023-12-31,\n"));
        }
        let indicators =
            std::fs::read(crate::common::fixture("small").join("2023/indicators.csv")).unwrap();
        crate::common::small_plan(&[
            ("actions.csv", csv.into_bytes()),
            ("indicators.csv", indicators),
        ])
    };
    let continued = |actions: usize| {
        let dir = plan(actions);
        let (inputs, diags) = crate::common::load(dir.path());
        let inputs = inputs.unwrap_or_else(|| panic!("{diags:?}"));
        let job = crate::common::org_job(2023, koers::core::Lang::Nl);
        let r = crate::common::model(&inputs, &diags, &job);
        let row = r.summary.attention.first().unwrap().clone();
        assert!(row.comment_short.as_deref().unwrap().ends_with('…'));
        row.comment_continued.unwrap()
    };
    // Listed in this report: under its objective.
    assert_eq!(continued(3), "vervolg bij doelstelling O1");
    // Too many actions to list: in the unit's report.
    assert_eq!(continued(450), "vervolg in het rapport van U1");
}
