//! The columns of the actions workbook Koers writes for a unit (`koers
//! sheets`), with their header in each language. They live beside the
//! reader so the headers written are, by a test, headers the reader reads
//! back as the same field: one definition for the format both ways.

use super::columns::{ActionColumn, IndicatorColumn};
use crate::core::Lang;

/// A header word in the sheet's language: Dutch, French, or English for
/// German and English sheets (the reader knows no German header words).
fn word(lang: Lang, [nl, fr, en]: [&'static str; 3]) -> &'static str {
    match lang {
        Lang::Nl => nl,
        Lang::Fr => fr,
        Lang::De | Lang::En => en,
    }
}

/// A text column's language as its header names it: `NL`.
fn code(lang: Lang) -> String {
    lang.code().to_uppercase()
}

/// One column of a unit's actions sheet, in sheet order: the reader's
/// column list, each text column in a language.
pub type SheetColumn = ActionColumn<Lang>;

impl ActionColumn<Lang> {
    /// The columns of a sheet for a plan in `languages`, the texts in the
    /// sheet's own language first.
    pub fn all(sheet_lang: Lang, languages: &[Lang]) -> Vec<SheetColumn> {
        let mut langs = vec![sheet_lang];
        langs.extend(languages.iter().copied().filter(|l| *l != sheet_lang));
        let mut columns = vec![SheetColumn::Id, SheetColumn::Objective];
        columns.extend(langs.iter().map(|l| SheetColumn::Title(*l)));
        columns.extend([
            SheetColumn::Unit,
            SheetColumn::Status,
            SheetColumn::Progress,
            SheetColumn::Start,
            SheetColumn::Due,
            SheetColumn::BudgetPlanned,
            SheetColumn::BudgetSpent,
        ]);
        for lang in langs {
            columns.extend([
                SheetColumn::Comment(lang),
                SheetColumn::PreviousComment(lang),
            ]);
        }
        columns
    }

    /// The header in the sheet's language: Dutch and French words for
    /// Dutch and French sheets, English words otherwise (the reader knows
    /// no German header words). Texts name their language: `Titel FR`.
    pub fn header(self, lang: Lang) -> String {
        let pick = |options: [&'static str; 3]| word(lang, options);
        match self {
            SheetColumn::Id => "Id".into(),
            SheetColumn::Objective => pick(["Doelstelling", "Objectif", "Objective"]).into(),
            SheetColumn::Title(l) => format!("{} {}", pick(["Titel", "Titre", "Title"]), code(l)),
            SheetColumn::Unit => pick(["Directie", "Direction", "Unit"]).into(),
            SheetColumn::Status => pick(["Status", "Statut", "Status"]).into(),
            SheetColumn::Progress => {
                pick(["Voortgang (%)", "Progression (%)", "Progress (%)"]).into()
            }
            SheetColumn::Start => pick(["Startdatum", "Date de début", "Start"]).into(),
            SheetColumn::Due => pick(["Einddatum", "Échéance", "Due"]).into(),
            SheetColumn::BudgetPlanned => pick([
                "Budget gepland (€)",
                "Budget prévu (€)",
                "Planned budget (€)",
            ])
            .into(),
            SheetColumn::BudgetSpent => pick([
                "Budget besteed (€)",
                "Budget dépensé (€)",
                "Spent budget (€)",
            ])
            .into(),
            SheetColumn::Comment(l) => format!(
                "{} {}",
                pick(["Toelichting", "Commentaire", "Comment"]),
                code(l)
            ),
            SheetColumn::PreviousComment(l) => format!(
                "{} {}",
                pick([
                    "Toelichting vorig jaar",
                    "Commentaire année précédente",
                    "Previous comment"
                ]),
                code(l)
            ),
        }
    }
}

/// One column of a unit's indicators sheet, in sheet order: what the KPI
/// is and its target (shown, for reading), its actual value and comment
/// (to fill in).
pub type KpiColumn = IndicatorColumn<Lang>;

impl IndicatorColumn<Lang> {
    /// The columns for a plan in `languages`, the sheet's language first.
    pub fn all(sheet_lang: Lang, languages: &[Lang]) -> Vec<KpiColumn> {
        let mut langs = vec![sheet_lang];
        langs.extend(languages.iter().copied().filter(|l| *l != sheet_lang));
        let mut columns = vec![KpiColumn::Id, KpiColumn::Objective];
        columns.extend(langs.iter().map(|l| KpiColumn::Name(*l)));
        columns.extend(langs.iter().map(|l| KpiColumn::Measure(*l)));
        columns.extend([
            KpiColumn::Direction,
            KpiColumn::Baseline,
            KpiColumn::Target,
            KpiColumn::Actual,
        ]);
        columns.extend(langs.iter().map(|l| KpiColumn::Comment(*l)));
        columns
    }

    /// Whether the unit fills the column in (the others are shown to read).
    pub fn is_open(self) -> bool {
        matches!(self, KpiColumn::Actual | KpiColumn::Comment(_))
    }

    /// The header in the sheet's language, as [`SheetColumn::header`].
    pub fn header(self, lang: Lang) -> String {
        let pick = |options: [&'static str; 3]| word(lang, options);
        match self {
            KpiColumn::Id => "Id".into(),
            KpiColumn::Objective => pick(["Doelstelling", "Objectif", "Objective"]).into(),
            KpiColumn::Name(l) => format!("{} {}", pick(["Naam", "Nom", "Name"]), code(l)),
            KpiColumn::Measure(l) => {
                format!("{} {}", pick(["Eenheid", "Unité", "Measure"]), code(l))
            }
            KpiColumn::Direction => pick(["Richting", "Sens", "Direction"]).into(),
            KpiColumn::Baseline => pick(["Nulmeting", "Valeur de référence", "Baseline"]).into(),
            KpiColumn::Target => pick(["Streefwaarde", "Cible", "Target"]).into(),
            KpiColumn::Actual => pick(["Werkelijk", "Réalisé", "Actual"]).into(),
            KpiColumn::Comment(l) => format!(
                "{} {}",
                pick(["Toelichting", "Commentaire", "Comment"]),
                code(l)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::columns::{action_field, indicator_field};
    use super::*;

    #[test]
    fn every_kpi_header_written_reads_back_as_its_field() {
        for lang in Lang::ALL {
            let columns = KpiColumn::all(lang, &Lang::ALL);
            assert_eq!(columns.len(), 2 + 4 + 4 + 4 + 4);
            for column in columns {
                let header = column.header(lang);
                assert_eq!(
                    indicator_field(&header),
                    Some(column.map_lang(Some)),
                    "{header}"
                );
            }
        }
    }

    #[test]
    fn every_header_written_reads_back_as_its_field() {
        for lang in Lang::ALL {
            let columns = SheetColumn::all(lang, &Lang::ALL);
            assert_eq!(columns.len(), 2 + 4 + 7 + 4 + 4);
            for column in columns {
                let header = column.header(lang);
                assert_eq!(
                    action_field(&header),
                    Some(column.map_lang(Some)),
                    "{header}"
                );
            }
        }
    }
}
