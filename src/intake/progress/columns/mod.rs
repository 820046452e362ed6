//! Which column holds which field: headers matched the forgiving way the
//! contract promises (case, accents, spaces, `_` and `-` ignored; Dutch,
//! French and English names), with repeated and unknown columns reported.

use crate::core::text::closest;
use crate::core::{Lang, normalize};
use crate::diagnostics::Diagnostic;
use crate::intake::table::Table;

mod names;
pub(super) use names::*;

/// The columns of an actions file, the one list the reader reads and
/// `koers sheets` writes: `L` is a text column's language, `Option<Lang>`
/// as read (`None`: the header names none, the plan's first) and `Lang` as
/// written ([`super::SheetColumn`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionColumn<L> {
    Id,
    Objective,
    /// A title, in its language.
    Title(L),
    Unit,
    Status,
    Progress,
    Start,
    Due,
    BudgetPlanned,
    BudgetSpent,
    Comment(L),
    /// Last year's comment, which `koers sheets` shows beside this year's
    /// for reading only: known, so it is not reported as unknown, and never
    /// read as this year's comment.
    PreviousComment(L),
}

/// The columns of an indicators file, read and written alike (see
/// [`ActionColumn`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndicatorColumn<L> {
    Id,
    Objective,
    Name(L),
    Measure(L),
    Direction,
    Baseline,
    Target,
    Actual,
    Comment(L),
}

/// An actions column as read.
pub(super) type ActionField = ActionColumn<Option<Lang>>;
/// An indicators column as read.
pub(super) type IndicatorField = IndicatorColumn<Option<Lang>>;

impl<L> ActionColumn<L> {
    /// The same column with its language turned by `f`.
    pub fn map_lang<M>(self, f: impl Fn(L) -> M) -> ActionColumn<M> {
        match self {
            ActionColumn::Id => ActionColumn::Id,
            ActionColumn::Objective => ActionColumn::Objective,
            ActionColumn::Title(l) => ActionColumn::Title(f(l)),
            ActionColumn::Unit => ActionColumn::Unit,
            ActionColumn::Status => ActionColumn::Status,
            ActionColumn::Progress => ActionColumn::Progress,
            ActionColumn::Start => ActionColumn::Start,
            ActionColumn::Due => ActionColumn::Due,
            ActionColumn::BudgetPlanned => ActionColumn::BudgetPlanned,
            ActionColumn::BudgetSpent => ActionColumn::BudgetSpent,
            ActionColumn::Comment(l) => ActionColumn::Comment(f(l)),
            ActionColumn::PreviousComment(l) => ActionColumn::PreviousComment(f(l)),
        }
    }
}

impl<L> IndicatorColumn<L> {
    /// The same column with its language turned by `f`.
    pub fn map_lang<M>(self, f: impl Fn(L) -> M) -> IndicatorColumn<M> {
        match self {
            IndicatorColumn::Id => IndicatorColumn::Id,
            IndicatorColumn::Objective => IndicatorColumn::Objective,
            IndicatorColumn::Name(l) => IndicatorColumn::Name(f(l)),
            IndicatorColumn::Measure(l) => IndicatorColumn::Measure(f(l)),
            IndicatorColumn::Direction => IndicatorColumn::Direction,
            IndicatorColumn::Baseline => IndicatorColumn::Baseline,
            IndicatorColumn::Target => IndicatorColumn::Target,
            IndicatorColumn::Actual => IndicatorColumn::Actual,
            IndicatorColumn::Comment(l) => IndicatorColumn::Comment(f(l)),
        }
    }
}

/// A header as it is matched: units with their brackets dropped (`(%)`,
/// `(€)`, `in euro`, `EUR`), folded like every vocabulary word, and a
/// plural `s` dropped. Aliases go through the same folding, so the rule is
/// symmetric: `Budgets gepland (€)` matches `budget gepland`.
pub(super) fn header_key(text: &str) -> String {
    let mut kept = String::new();
    let mut depth = 0usize;
    for c in text.to_lowercase().chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => kept.push(c),
            _ => {}
        }
    }
    for unit in [
        "in euros", "in euro", "en euros", "en euro", "in eur", "en eur",
    ] {
        kept = kept.replace(unit, " ");
    }
    let words: Vec<&str> = kept
        .split(|c: char| c.is_whitespace() || matches!(c, ':' | '.' | ',' | '/' | '€' | '%'))
        .filter(|w| !w.is_empty() && !matches!(*w, "eur" | "euro" | "euros"))
        .map(|w| match w.strip_suffix('s') {
            // `budgets`, `dépensés`: plurals match their singular.
            Some(singular) if singular.chars().count() >= 3 => singular,
            _ => w,
        })
        .collect();
    normalize(&words.join(" "))
}

/// Header words that say which language a text column is in: `Titel` and
/// `Toelichting` are Dutch, `Titre` and `Commentaire` French. `Title` and
/// `Comment` say nothing: they are in the plan's first language.
const DUTCH_WORDS: &[&str] = &[
    "titel",
    "naam actie",
    "commentaar",
    "toelichting",
    "opmerking",
    "toelichting vorig jaar",
    "naam",
    "indicatornaam",
    "eenheid",
    "meeteenheid",
];
const FRENCH_WORDS: &[&str] = &[
    "titre",
    "intitulé",
    "commentaire",
    "remarque",
    "commentaire année précédente",
    "nom",
    "nomindicateur",
    "libellé",
    "unité",
    "unité de mesure",
    "mesure",
];

/// The language a plain text column's header word is in, if it says.
fn word_language(header: &str) -> Option<Lang> {
    if matches_alias(header, DUTCH_WORDS) {
        Some(Lang::Nl)
    } else if matches_alias(header, FRENCH_WORDS) {
        Some(Lang::Fr)
    } else {
        None
    }
}

fn matches_alias(header: &str, aliases: &[&str]) -> bool {
    aliases.iter().any(|a| header_key(a) == header)
}

/// Every alias of a kind of file, for "did you mean" hints.
pub(super) fn all_aliases(indicators: bool) -> Vec<&'static str> {
    let lists: &[&[&str]] = if indicators {
        &[
            KPI_ID, OBJECTIVE, NAME, MEASURE, DIRECTION, BASELINE, TARGET, ACTUAL, COMMENT,
        ]
    } else {
        &[
            ID,
            OBJECTIVE,
            TITLE,
            UNIT,
            STATUS,
            PROGRESS,
            START,
            DUE,
            BUDGET_PLANNED,
            BUDGET_SPENT,
            COMMENT,
            PREVIOUS_COMMENT,
        ]
    };
    lists.iter().flat_map(|l| l.iter().copied()).collect()
}

pub(super) fn action_field(header: &str) -> Option<ActionField> {
    // Every alias's key, computed once: headers are matched for every
    // candidate header row of every file.
    static KEYS: std::sync::OnceLock<Vec<(String, ActionField)>> = std::sync::OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        let plain: [(&[&str], ActionField); 9] = [
            (ID, ActionField::Id),
            (OBJECTIVE, ActionField::Objective),
            (UNIT, ActionField::Unit),
            (STATUS, ActionField::Status),
            (PROGRESS, ActionField::Progress),
            (START, ActionField::Start),
            (DUE, ActionField::Due),
            (BUDGET_PLANNED, ActionField::BudgetPlanned),
            (BUDGET_SPENT, ActionField::BudgetSpent),
        ];
        let texts = [
            (TITLE, ActionField::Title as fn(Option<Lang>) -> ActionField),
            (COMMENT, ActionField::Comment),
            (PREVIOUS_COMMENT, ActionField::PreviousComment),
        ];
        alias_keys(&plain, &texts)
    });
    thread_local! {
        static SEEN: HeaderCache<ActionField> = Default::default();
    }
    SEEN.with(|seen| seen.field(keys, header))
}

/// Headers already matched, by their text: a year of thousands of files
/// repeats a handful of headers, and folding one costs a dozen allocations.
struct HeaderCache<F>(std::cell::RefCell<std::collections::HashMap<String, Option<F>>>);

impl<F> Default for HeaderCache<F> {
    fn default() -> Self {
        Self(Default::default())
    }
}

impl<F: Copy> HeaderCache<F> {
    /// No real file has more distinct headers; past this the cache stops
    /// growing (a hostile file with a million headers is matched uncached).
    const MAX: usize = 4096;

    fn field(&self, keys: &[(String, F)], header: &str) -> Option<F> {
        if let Some(found) = self.0.borrow().get(header) {
            return *found;
        }
        let h = header_key(header);
        let found = keys.iter().find(|(key, _)| *key == h).map(|(_, f)| *f);
        let mut cache = self.0.borrow_mut();
        if cache.len() < Self::MAX {
            cache.insert(header.to_string(), found);
        }
        found
    }
}

/// The keys of every alias, in the order they are tried: plain fields,
/// then text fields by their header word's language (`Titre` is French),
/// then text fields with a language code (`title_fr`).
/// A text field's aliases and how to make the field for a language.
type TextAliases<'a, F> = (&'a [&'a str], fn(Option<Lang>) -> F);

fn alias_keys<F: Copy>(plain: &[(&[&str], F)], texts: &[TextAliases<F>]) -> Vec<(String, F)> {
    let mut keys = Vec::new();
    for (aliases, field) in plain {
        keys.extend(aliases.iter().map(|a| (header_key(a), *field)));
    }
    for (aliases, make) in texts {
        keys.extend(aliases.iter().map(|a| {
            let key = header_key(a);
            let field = make(word_language(&key));
            (key, field)
        }));
    }
    for (aliases, make) in texts {
        for lang in Lang::ALL {
            keys.extend(aliases.iter().map(|a| {
                (
                    header_key(&format!("{a} {}", lang.code())),
                    make(Some(lang)),
                )
            }));
        }
    }
    keys
}

pub(super) fn indicator_field(header: &str) -> Option<IndicatorField> {
    static KEYS: std::sync::OnceLock<Vec<(String, IndicatorField)>> = std::sync::OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        let plain: [(&[&str], IndicatorField); 6] = [
            (KPI_ID, IndicatorField::Id),
            (OBJECTIVE, IndicatorField::Objective),
            (DIRECTION, IndicatorField::Direction),
            (BASELINE, IndicatorField::Baseline),
            (TARGET, IndicatorField::Target),
            (ACTUAL, IndicatorField::Actual),
        ];
        let texts = [
            (
                NAME,
                IndicatorField::Name as fn(Option<Lang>) -> IndicatorField,
            ),
            (MEASURE, IndicatorField::Measure),
            (COMMENT, IndicatorField::Comment),
        ];
        alias_keys(&plain, &texts)
    });
    thread_local! {
        static SEEN: HeaderCache<IndicatorField> = Default::default();
    }
    SEEN.with(|seen| seen.field(keys, header))
}

/// Maps each known field to its column index; notes unknown and repeated
/// columns.
pub(super) struct Columns<F> {
    pub(super) fields: Vec<(F, usize, String)>,
}

impl<F: Copy + PartialEq> Columns<F> {
    pub(super) fn new(
        table: &Table,
        classify: impl Fn(&str) -> Option<F>,
        aliases: &[&str],
        diags: &mut Vec<Diagnostic>,
    ) -> Self {
        let at = |d: Diagnostic, index: usize| {
            d.at(table.header_line, index + 1)
                .in_sheet(table.sheet.as_deref())
        };
        let mut fields: Vec<(F, usize, String)> = Vec::new();
        for (index, header) in table.headers.iter().enumerate() {
            let name = header.text();
            if name.is_empty() {
                continue;
            }
            match classify(&name) {
                Some(field) if fields.iter().any(|(f, _, _)| *f == field) => {
                    diags.push(at(
                        Diagnostic::error(
                            &table.file,
                            format!("column `{name}` repeats an earlier column"),
                        )
                        .hint("remove or rename one of the two columns"),
                        index,
                    ));
                }
                Some(field) => fields.push((field, index, name)),
                None => {
                    let key = header_key(&name);
                    let keys: Vec<String> = aliases.iter().map(|a| header_key(a)).collect();
                    let near = closest(&key, keys.iter().map(String::as_str))
                        .and_then(|k| aliases.iter().find(|a| header_key(a) == k));
                    diags.push(at(
                        match near {
                            // Like a known column but not one: a warning, since
                            // a figure may be missing from the report.
                            Some(near) => Diagnostic::warning(
                                &table.file,
                                format!(
                                    "column `{name}` is not a column koers knows and was ignored"
                                ),
                            )
                            .hint(format!("did you mean `{near}`?")),
                            None => Diagnostic::note(
                                &table.file,
                                format!("column `{name}` is not used by koers and was ignored"),
                            ),
                        },
                        index,
                    ))
                }
            }
        }
        Columns { fields }
    }

    /// 1-based columns of the fields `name` gives a name to.
    pub(super) fn named(
        &self,
        name: impl Fn(F) -> Option<&'static str>,
    ) -> Vec<(&'static str, usize)> {
        self.fields
            .iter()
            .filter_map(|(f, index, _)| name(*f).map(|n| (n, index + 1)))
            .collect()
    }

    /// The first column of a field that `is` picks.
    pub(super) fn first(&self, is: impl Fn(&F) -> bool) -> Option<usize> {
        self.fields
            .iter()
            .find(|(f, _, _)| is(f))
            .map(|(_, i, _)| *i)
    }

    /// Like [`Columns::require`], for a field with a column per language:
    /// one of them is enough.
    pub(super) fn require_any(
        &self,
        is: impl Fn(&F) -> bool,
        name: &str,
        aliases: &[&str],
        table: &Table,
        diags: &mut Vec<Diagnostic>,
    ) -> bool {
        self.first(is).is_some() || self.missing(name, aliases, table, diags)
    }

    pub(super) fn index(&self, field: F) -> Option<usize> {
        self.fields
            .iter()
            .find(|(f, _, _)| *f == field)
            .map(|(_, i, _)| *i)
    }

    pub(super) fn require(
        &self,
        field: F,
        name: &str,
        aliases: &[&str],
        table: &Table,
        diags: &mut Vec<Diagnostic>,
    ) -> bool {
        self.index(field).is_some() || self.missing(name, aliases, table, diags)
    }

    /// An error for the missing column `name`, listing the headers read.
    fn missing(
        &self,
        name: &str,
        aliases: &[&str],
        table: &Table,
        diags: &mut Vec<Diagnostic>,
    ) -> bool {
        let found: Vec<String> = table
            .headers
            .iter()
            .map(|h| h.text())
            .filter(|h| !h.is_empty())
            .collect();
        let keys: Vec<String> = aliases.iter().map(|a| header_key(a)).collect();
        let near = found.iter().find(|h| {
            let key = header_key(h);
            closest(&key, keys.iter().map(String::as_str)).is_some()
        });
        let mut hint = format!("name a column one of: {}", aliases.join(", "));
        if let Some(near) = near {
            hint = format!("did you mean `{near}` for `{name}`? {hint}");
        }
        let place = match &table.sheet {
            Some(sheet) => format!("sheet `{sheet}`, row {}", table.header_line),
            None => format!("line {}", table.header_line),
        };
        diags.push(
            Diagnostic::error(
                &table.file,
                format!(
                    "required column `{name}` is missing; the header read ({place}) has: {}",
                    found.join(", ")
                ),
            )
            .at_line(table.header_line)
            .in_sheet(table.sheet.as_deref())
            .hint(hint),
        );
        false
    }
}

/// The columns of one file of a kind, and whether every required column is
/// there (an error for each one missing).
pub(super) fn columns_of<F: Copy + PartialEq>(
    table: &Table,
    classify: impl Fn(&str) -> Option<F>,
    aliases: &[&str],
    required: &[(F, &str, &[&str])],
    diags: &mut Vec<Diagnostic>,
) -> (Columns<F>, bool) {
    let columns = Columns::new(table, classify, aliases, diags);
    let mut complete = true;
    for (field, name, aliases) in required {
        complete &= columns.require(*field, name, aliases, table, diags);
    }
    (columns, complete)
}

#[cfg(test)]
mod tests;
