//! The data-quality findings in the report's language, written with the
//! catalog's `finding-*` messages.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::catalog::Catalog;
#[cfg(test)]
use super::catalog::FINDING_MESSAGES;
use super::format::{money, number, number_format, short_date};
use crate::core::Lang;
use crate::diagnostics::Finding;

/// A data-quality finding in the report's language.
pub fn finding(catalog: &Catalog, finding: &Finding, lang: Lang) -> String {
    let (id, args) = message(catalog, finding, lang);
    let args: Vec<(&str, &str)> = args
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect();
    catalog.text(lang, id, &args)
}

/// What kind of finding this is: its catalog message id.
pub fn finding_kind(finding: &Finding) -> &'static str {
    use Finding::*;
    match finding {
        TitleMissing { .. } => "finding-title-missing",
        NoTarget { .. } => "finding-no-target",
        NoAction { .. } => "finding-no-action",
        CompletedBelow { .. } => "finding-completed-below",
        NotStartedAbove { .. } => "finding-not-started-above",
        DueBeforeStart { .. } => "finding-due-before-start",
        DuePassed { .. } => "finding-due-passed",
        NegativeBudget { .. } => "finding-negative-budget",
        OverSpent { .. } => "finding-over-spent",
        NoComment { .. } => "finding-no-comment",
    }
}

/// The message id of `finding` and its placeholders, each already written
/// for `lang`: numbers, percentages, money and dates by `locale`, language
/// names and statuses from the catalog.
pub(crate) fn message(
    catalog: &Catalog,
    finding: &Finding,
    lang: Lang,
) -> (&'static str, Vec<(&'static str, String)>) {
    use Finding::*;
    // A whole percentage is written without decimals, any other with one.
    let pct = |p: &Decimal| {
        format!(
            "{}{}%",
            number(*p, p.normalize().scale().min(1), lang),
            number_format(lang).percent_gap
        )
    };
    let eur = |a: &Decimal| money(*a, lang);
    let day = |d: &NaiveDate| short_date(*d, lang);
    let args = match finding {
        TitleMissing {
            id,
            lang: missing,
            shown,
        } => vec![
            ("id", id.clone()),
            ("lang", catalog.language_name(*missing, lang)),
            ("shown", catalog.language_name(*shown, lang)),
        ],
        NoTarget { id } => vec![("id", id.clone())],
        NoAction { objective, year } => {
            vec![("objective", objective.clone()), ("year", year.to_string())]
        }
        CompletedBelow { id, progress } => vec![("id", id.clone()), ("progress", pct(progress))],
        NotStartedAbove { id, progress } => vec![("id", id.clone()), ("progress", pct(progress))],
        DueBeforeStart { id, due, start } => {
            vec![("id", id.clone()), ("due", day(due)), ("start", day(start))]
        }
        DuePassed { id, due, year } => vec![
            ("id", id.clone()),
            ("due", day(due)),
            ("year", year.to_string()),
        ],
        NegativeBudget { id, spent } => vec![
            ("id", id.clone()),
            ("kind", if *spent { "spent" } else { "planned" }.to_string()),
        ],
        OverSpent { id, spent, planned } => vec![
            ("id", id.clone()),
            ("spent", eur(spent)),
            ("planned", eur(planned)),
        ],
        NoComment { id, status } => vec![
            ("id", id.clone()),
            ("status", catalog.status(*status, lang).to_lowercase()),
        ],
    };
    (finding_kind(finding), args)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::str::FromStr;

    use super::*;
    use crate::core::Status;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).expect("decimal")
    }

    /// One finding of every kind, all about `A1`.
    fn sample() -> Vec<Finding> {
        use Finding::*;
        let day = NaiveDate::from_ymd_opt(2023, 9, 30).expect("date");
        vec![
            TitleMissing {
                id: "A1".into(),
                lang: Lang::Fr,
                shown: Lang::Nl,
            },
            NoTarget { id: "A1".into() },
            NoAction {
                objective: "A1".into(),
                year: 2023,
            },
            CompletedBelow {
                id: "A1".into(),
                progress: d("90"),
            },
            NotStartedAbove {
                id: "A1".into(),
                progress: d("5"),
            },
            DueBeforeStart {
                id: "A1".into(),
                due: day,
                start: day,
            },
            DuePassed {
                id: "A1".into(),
                due: day,
                year: 2023,
            },
            NegativeBudget {
                id: "A1".into(),
                spent: true,
            },
            OverSpent {
                id: "A1".into(),
                spent: d("1500.5"),
                planned: d("1000"),
            },
            NoComment {
                id: "A1".into(),
                status: Status::AtRisk,
            },
        ]
    }

    #[test]
    fn every_finding_is_written_in_every_language() {
        let catalog = Catalog::try_builtin().expect("built-in catalog");
        let findings = sample();
        for found in &findings {
            for lang in Lang::ALL {
                assert!(
                    finding(&catalog, found, lang).contains("A1"),
                    "{found:?} in {lang}"
                );
            }
        }
        assert_eq!(
            finding(&catalog, &findings[8], Lang::Nl),
            "Actie A1 besteedde €\u{a0}1.501 van een gepland budget van €\u{a0}1.000."
        );
        assert_eq!(
            finding(&catalog, &findings[3], Lang::Fr),
            "L'action A1 est terminée, mais son avancement est de 90\u{202f}%."
        );
        assert_eq!(
            finding(&catalog, &findings[9], Lang::En),
            "Action A1 is at risk without a comment explaining why."
        );
        assert_eq!(
            finding(&catalog, &findings[7], Lang::De),
            "Maßnahme A1 hat ein negatives ausgegebenes Budget."
        );
    }

    #[test]
    fn every_finding_passes_exactly_its_messages_placeholders() {
        let catalog = Catalog::try_builtin().expect("built-in catalog");
        let declared: std::collections::BTreeMap<&str, BTreeSet<String>> = FINDING_MESSAGES
            .iter()
            .map(|(id, args)| (*id, args.iter().map(|a| a.to_string()).collect()))
            .collect();
        let mut used = BTreeSet::new();
        for found in sample() {
            for lang in Lang::ALL {
                let (id, args) = message(&catalog, &found, lang);
                let names: BTreeSet<String> = args.iter().map(|(n, _)| n.to_string()).collect();
                assert_eq!(names, declared[id], "{found:?}");
                assert_eq!(catalog.messages(lang)[id], declared[id], "{id} in {lang}");
                used.insert(id);
            }
        }
        assert_eq!(used, declared.keys().copied().collect::<BTreeSet<_>>());
    }
}
