//! The columns of the actions workbook Koers writes for a unit (`koers
//! sheets`), with their header in each language. They live beside the
//! reader so the headers written are, by a test, headers the reader reads
//! back as the same field: one definition for the format both ways.

use crate::core::Lang;

/// One column of a unit's actions sheet, in sheet order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetColumn {
    Id,
    Objective,
    Title(Lang),
    Unit,
    Status,
    Progress,
    Start,
    Due,
    BudgetPlanned,
    BudgetSpent,
    Comment(Lang),
    /// Last year's comment, beside this year's, for reading only.
    PreviousComment(Lang),
}

impl SheetColumn {
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
        let words = match lang {
            Lang::Nl => 0,
            Lang::Fr => 1,
            Lang::De | Lang::En => 2,
        };
        let pick = |options: [&'static str; 3]| -> &'static str {
            options.get(words).copied().unwrap_or_default()
        };
        let code = |l: Lang| l.code().to_uppercase();
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

#[cfg(test)]
mod tests {
    use super::super::columns::{ActionField, action_field};
    use super::*;

    fn field(column: SheetColumn) -> ActionField {
        match column {
            SheetColumn::Id => ActionField::Id,
            SheetColumn::Objective => ActionField::Objective,
            SheetColumn::Title(l) => ActionField::Title(Some(l)),
            SheetColumn::Unit => ActionField::Unit,
            SheetColumn::Status => ActionField::Status,
            SheetColumn::Progress => ActionField::Progress,
            SheetColumn::Start => ActionField::Start,
            SheetColumn::Due => ActionField::Due,
            SheetColumn::BudgetPlanned => ActionField::BudgetPlanned,
            SheetColumn::BudgetSpent => ActionField::BudgetSpent,
            SheetColumn::Comment(l) => ActionField::Comment(Some(l)),
            SheetColumn::PreviousComment(l) => ActionField::PreviousComment(Some(l)),
        }
    }

    #[test]
    fn every_header_written_reads_back_as_its_field() {
        for lang in Lang::ALL {
            let columns = SheetColumn::all(lang, &Lang::ALL);
            assert_eq!(columns.len(), 2 + 4 + 7 + 4 + 4);
            for column in columns {
                let header = column.header(lang);
                assert_eq!(action_field(&header), Some(field(column)), "{header}");
            }
        }
    }
}
