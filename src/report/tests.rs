//! The report model computed by hand on the `small` fixture.

use std::path::Path;
use std::str::FromStr;

use super::*;
use crate::core::{Direction, RagCode, ReportState};
use crate::intake::InputFile;
use crate::intake::progress::{Indicator, read_actions, read_indicators};
use crate::intake::table::read_csv;
use crate::model::framework::RagRules;

fn year(year: i32, actions: &[u8], indicators: &[u8]) -> YearData {
    let mut diags = Vec::new();
    let table = read_csv(actions, Path::new("actions.csv")).expect("table");
    let actions = read_actions(&table, Lang::Nl, &mut diags);
    let table = read_csv(indicators, Path::new("indicators.csv")).expect("table");
    let indicators = read_indicators(&table, Lang::Nl, &mut diags);
    assert!(diags.is_empty(), "{diags:?}");
    YearData {
        year,
        dir: year.to_string().into(),
        as_of: chrono::NaiveDate::from_ymd_opt(year, 12, 31).expect("date"),
        actions,
        indicators,
        files: Vec::new(),
        signoff: Default::default(),
        forewords: Vec::new(),
    }
}

/// The `small` fixture: a hand-computed 2023, and a 2024 with one KPI.
fn inputs() -> Inputs {
    let text = include_str!("../../tests/fixtures/small/framework.toml");
    let (framework, diags) =
        crate::model::framework::Framework::parse(text, Path::new("framework.toml"));
    assert!(diags.is_empty(), "{diags:?}");
    let y2023 = year(
        2023,
        include_bytes!("../../tests/fixtures/small/2023/actions.csv"),
        include_bytes!("../../tests/fixtures/small/2023/indicators.csv"),
    );
    let y2024 = year(
        2024,
        b"id,objective,title,unit,status,progress\nA1,O1,Eerste,U1,completed,100\nA3,O2,Derde,U2,delayed,60\n",
        b"id,objective,name,direction,baseline,target,actual\nK1,O1,Wachttijd,lower,30,20,21\n",
    );
    Inputs {
        root: "inputs".into(),
        framework: framework.expect("framework"),
        logo_file: None,
        trust_files: Vec::new(),
        trust: Default::default(),
        framework_file: InputFile::new("framework.toml", b"x".to_vec()),
        years: vec![y2023, y2024],
    }
}

fn report_for(inputs: &Inputs, year: usize, lang: Lang, scope: ScopeSel) -> Report {
    static CATALOG: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    let run = Run {
        inputs,
        diagnostics: &[],
        catalog: CATALOG.get_or_init(Catalog::builtin),
        template: TemplateInfo {
            origin: "built-in".into(),
            sha256: "00".into(),
        },
        template_files: Vec::new(),
        sealed: false,
    };
    let status = YearStatus {
        fingerprint_text: String::new(),
        fingerprint: "f".into(),
        approvers: Vec::new(),
        year: inputs.years[year].year,
        state: ReportState::Draft,
        document_date: inputs.years[year].as_of,
        as_of: inputs.years[year].as_of,
    };
    report(&run, &inputs.years[year], &status, lang, &scope)
}

#[test]
fn rolls_up_from_actions_at_every_level() {
    let inputs = inputs();
    let r = report_for(&inputs, 0, Lang::Nl, ScopeSel::Organisation);
    assert_eq!(r.summary.progress.value, Some(33.1));
    assert_eq!(r.summary.progress.text, "33,1%");
    assert_eq!(
        (r.summary.progress.actions, r.summary.progress.counted),
        (6, 5)
    );
    let priorities: Vec<(&str, Option<f64>)> = r
        .priorities
        .iter()
        .map(|p| (p.id.as_str(), p.progress.value))
        .collect();
    assert_eq!(priorities, vec![("P1", Some(21.8)), ("P2", Some(50.0))]);
    let o1 = &r.priorities[0].strategic_objectives[0].operational_objectives[0];
    assert_eq!(
        (o1.id.as_str(), o1.progress.value, o1.actions.len()),
        ("O1", Some(15.0), 2)
    );
    let units: Vec<(&str, Option<f64>, usize)> = r
        .units
        .iter()
        .map(|u| (u.id.as_str(), u.progress.value, u.at_risk))
        .collect();
    assert_eq!(units, vec![("U1", Some(15.0), 1), ("U2", Some(45.2), 0)]);
    assert_eq!(r.summary.budget.planned_text, "€\u{a0}3.501");
    let attention: Vec<&str> = r.summary.attention.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(attention, vec!["A2"]);
    assert!(r.plan_period.is_none());
}

#[test]
fn a_unit_scope_keeps_only_its_actions_and_objectives() {
    let inputs = inputs();
    let r = report_for(&inputs, 0, Lang::Fr, ScopeSel::Unit("U2".into()));
    assert_eq!(r.scope.name, "Deuxième direction");
    let ids: Vec<&str> = r
        .priorities
        .iter()
        .flat_map(|p| &p.strategic_objectives)
        .flat_map(|s| &s.operational_objectives)
        .flat_map(|o| o.actions.iter().map(|a| a.id.as_str()))
        .collect();
    assert_eq!(ids, vec!["A3", "A4", "A5"]);
    // (35.5 + 100 + 0) / 3 = 45.1666…
    assert_eq!(r.summary.progress.text, "45,2\u{202f}%");
    assert!(r.units.is_empty());
    assert_eq!(r.framework.priorities.len(), 2);
    // U2 leads O2 and O3, not O1 where K1 sits.
    let kpis: Vec<&str> = r.indicators.iter().map(|k| k.id.as_str()).collect();
    assert_eq!(kpis, vec!["K2"]);
}

#[test]
fn group_rag_follows_the_share_at_risk_or_delayed() {
    let inputs = inputs();
    let r = report_for(&inputs, 0, Lang::En, ScopeSel::Organisation);
    // 1 of 5 counted actions at risk: 20% > 10% (amber) but not > 25%.
    let rag = r
        .summary
        .progress
        .rag
        .as_ref()
        .map(|r| (r.code, r.label.as_str()));
    assert_eq!(rag, Some((RagCode::Amber, "Amber")));
    // O1: 1 of 2 = 50% → red; O3: 0 of 2 → green.
    let sos = &r.priorities[0].strategic_objectives[0];
    assert_eq!(
        sos.operational_objectives[0]
            .progress
            .rag
            .as_ref()
            .map(|r| r.code),
        Some(RagCode::Red)
    );
    let o3 = &r.priorities[1].strategic_objectives[0].operational_objectives[0];
    assert_eq!(
        o3.progress.rag.as_ref().map(|r| r.code),
        Some(RagCode::Green)
    );
}

#[test]
fn kpi_rag_uses_direction_and_tolerance() {
    let rules = RagRules::default();
    let kpi = |direction, target: &str, actual: &str| Indicator {
        id: "K".into(),
        objective: "O1".into(),
        names: Default::default(),
        measures: Default::default(),
        direction,
        baseline: None,
        target: Decimal::from_str(target).ok(),
        actual: Decimal::from_str(actual).ok(),
        comments: Default::default(),
        origin: crate::intake::progress::Origin::at("k.csv", 2),
    };
    let code = |k: &Indicator| rag_of_kpi(k, &rules);
    assert_eq!(
        code(&kpi(Direction::Higher, "80", "80")),
        Some(RagCode::Green)
    );
    assert_eq!(
        code(&kpi(Direction::Higher, "80", "72")),
        Some(RagCode::Amber)
    );
    assert_eq!(
        code(&kpi(Direction::Higher, "80", "71.9")),
        Some(RagCode::Red)
    );
    assert_eq!(
        code(&kpi(Direction::Lower, "20", "19")),
        Some(RagCode::Green)
    );
    assert_eq!(
        code(&kpi(Direction::Lower, "20", "22")),
        Some(RagCode::Amber)
    );
    assert_eq!(
        code(&kpi(Direction::Lower, "20", "22.5")),
        Some(RagCode::Red)
    );
    assert_eq!(code(&kpi(Direction::Lower, "20", "")), None);
}

#[test]
fn the_last_year_shows_history_trends_and_the_plan_period() {
    let inputs = inputs();
    let r = report_for(&inputs, 1, Lang::Nl, ScopeSel::Organisation);
    assert_eq!(r.years, vec![2023, 2024]);
    let p1: Vec<(i32, String)> = r.priorities[0]
        .history
        .iter()
        .map(|h| (h.year, h.text.clone()))
        .collect();
    // 2023: (10 + 20 + 35.5) / 3; 2024: (100 + 60) / 2.
    assert_eq!(p1, vec![(2023, "21,8%".into()), (2024, "80,0%".into())]);
    let k1 = r.indicators.iter().find(|k| k.id == "K1").expect("K1");
    let trend: Vec<&str> = k1.trend.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(trend, vec!["25", "21"]);
    // Lower is better: 21 misses 20 by 1, within 10% of 20.
    assert_eq!(k1.rag.as_ref().map(|r| r.code), Some(RagCode::Amber));
    let period = r.plan_period.expect("closing section");
    let years: Vec<(i32, usize, Option<f64>)> = period
        .years
        .iter()
        .map(|y| (y.year, y.completed, y.progress.value))
        .collect();
    assert_eq!(years, vec![(2023, 1, Some(33.1)), (2024, 1, Some(80.0))]);
}

#[test]
fn a_group_with_only_cancelled_actions_has_no_progress() {
    let mut inputs = inputs();
    inputs.years[0].actions.retain(|a| a.id == "A6");
    let r = report_for(&inputs, 0, Lang::En, ScopeSel::Organisation);
    assert_eq!(r.summary.progress.value, None);
    assert_eq!(r.summary.progress.text, "–");
    assert_eq!(r.summary.progress.actions, 1);
    assert!(r.summary.progress.rag.is_none());
}

#[test]
fn a_long_comment_is_cut_at_a_word_for_the_summary() {
    assert_eq!(super::cut_comment("Leverancier failliet."), None);
    let long = "Levering van het materieel vertraagd door een tekort aan onderdelen. ".repeat(6);
    let short = super::cut_comment(&long).expect("cut");
    assert!(short.ends_with('…'), "{short}");
    assert!(
        short.chars().count() <= super::SUMMARY_COMMENT_CHARS + 1,
        "{short}"
    );
    assert!(
        long.starts_with(short.trim_end_matches('…')),
        "cut at a word: {short}"
    );
    // Short lines are shown whole: nothing is cut, nothing said to continue.
    assert_eq!(super::cut_comment("Eén.\nTwee.\nDrie.\nVier."), None);
}
