//! Progress data of one operational-plan year: actions and indicators.
//!
//! Turns the raw [`Table`]s of `inputs/<year>/actions*.{csv,xlsx}` and
//! `indicators*` into typed rows. Headers are matched the forgiving way the
//! contract promises (case, accents, spaces, `_` and `-` ignored; Dutch, French
//! and English names), values are parsed in the file's dialect, and every
//! problem becomes a [`Diagnostic`] pointing at file, line and column. What
//! needs the framework (unknown ids, plausibility warnings) is checked later,
//! in `validate`, so this module stays a pure reader.

use std::sync::Arc;

use rust_decimal::Decimal;

mod cells;
mod columns;
mod sheet;

use crate::core::lang::Texts;
use crate::core::{Direction, Lang, Status, normalize};
use crate::diagnostics::Diagnostic;
use crate::intake::table::{Cell, Table};
pub use crate::model::progress::{Action, Indicator, Origin, TablePlace};
use cells::RowReader;
pub use cells::{parse_date, parse_number};
use columns::*;
pub use sheet::{KpiColumn, SheetColumn};

/// A text field's name with its language, as diagnostics name the cell:
/// `comment_fr`.
fn per_lang(field: &'static str, lang: Option<Lang>) -> &'static str {
    let Some(lang) = lang else {
        return field;
    };
    const NAMES: [[&str; 4]; 4] = [
        ["title_nl", "title_fr", "title_de", "title_en"],
        ["comment_nl", "comment_fr", "comment_de", "comment_en"],
        ["name_nl", "name_fr", "name_de", "name_en"],
        ["measure_nl", "measure_fr", "measure_de", "measure_en"],
    ];
    let row = ["title", "comment", "name", "measure"]
        .iter()
        .position(|f| *f == field);
    let column = Lang::ALL.iter().position(|l| *l == lang);
    row.zip(column)
        .and_then(|(r, c)| NAMES.get(r)?.get(c).copied())
        .unwrap_or(field)
}

/// The place every row of `table` shares.
fn table_place(table: &Table, columns: Vec<(&'static str, usize)>) -> Arc<TablePlace> {
    Arc::new(TablePlace {
        file: table.file.clone(),
        sheet: table.sheet.clone(),
        columns,
    })
}

/// Reads the actions of one table. `first` is the plan's first language:
/// the language of the plain `title` column.
pub fn read_actions(table: &Table, first: Lang, diags: &mut Vec<Diagnostic>) -> Vec<Action> {
    let required: [(ActionField, &str, &[&str]); 5] = [
        (ActionField::Id, "id", ID),
        (ActionField::Objective, "objective", OBJECTIVE),
        (ActionField::Unit, "unit", UNIT),
        (ActionField::Status, "status", STATUS),
        (ActionField::Progress, "progress", PROGRESS),
    ];
    // A plain `title` or `comment` is in the plan's first language.
    let classify = |header: &str| {
        action_field(header).map(|f| match f {
            ActionField::Title(None) => ActionField::Title(Some(first)),
            ActionField::Comment(None) => ActionField::Comment(Some(first)),
            ActionField::PreviousComment(None) => ActionField::PreviousComment(Some(first)),
            f => f,
        })
    };
    let aliases = all_aliases(false);
    let (columns, complete) = columns_of(table, classify, &aliases, &required, diags);
    let has_title = |f: &ActionField| matches!(f, ActionField::Title(_));
    let titled = columns.require_any(has_title, "title", TITLE, table, diags);
    if !(complete && titled) {
        return Vec::new();
    }
    let col = |f| columns.index(f);
    let place = table_place(
        table,
        columns.named(|f| match f {
            ActionField::Id => Some("id"),
            ActionField::Objective => Some("objective"),
            ActionField::Unit => Some("unit"),
            ActionField::Title(l) => Some(per_lang("title", l)),
            ActionField::Progress => Some("progress"),
            ActionField::Start => Some("start"),
            ActionField::Due => Some("due"),
            ActionField::BudgetPlanned => Some("budget_planned"),
            ActionField::BudgetSpent => Some("budget_spent"),
            ActionField::Comment(l) => Some(per_lang("comment", l)),
            _ => None,
        }),
    );
    // A header like `Voortgang (0–1)` says bare numbers are fractions.
    let fraction = col(ActionField::Progress)
        .and_then(|c| table.headers.get(c))
        .is_some_and(|h| cells::says_fraction(&h.text()));
    let mut actions = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let mut r = RowReader::new(table, row, diags);
        if r.skip_totals(col(ActionField::Id)) {
            continue;
        }
        let id = r.required_text(col(ActionField::Id), "id");
        let objective = r.required_text(col(ActionField::Objective), "objective");
        let unit = r.required_text(col(ActionField::Unit), "unit");
        let titles = texts(
            &mut r,
            &columns.fields,
            "title",
            Some(MAX_TITLE_CHARS),
            |f| match f {
                ActionField::Title(lang) => lang,
                _ => None,
            },
        );
        if titles.is_empty() {
            let column = columns.first(has_title).unwrap_or(0);
            r.error(
                column,
                "title",
                "the action has no title in any language".to_string(),
                "every row needs a title",
            );
        }
        let status_column = col(ActionField::Status);
        let status_text = r.required_text(status_column, "status");
        let status = Status::parse(&status_text);
        if status.is_none() && !status_text.is_empty() {
            r.error(
                status_column.unwrap_or(0),
                "status",
                format!("unknown status `{status_text}`"),
                "use one of: not_started, on_track, at_risk, delayed, completed, cancelled (or their Dutch or French names)",
            );
        }
        let progress_column = col(ActionField::Progress);
        let mut progress = r.number(progress_column, "progress");
        if let Some(p) = progress
            && r.cell(progress_column).is_some_and(cells::is_bare_number)
        {
            progress = r.bare_progress(p, progress_column.unwrap_or(0), fraction);
        }
        if progress.is_none() && r.cell(progress_column).is_none() {
            r.error(
                progress_column.unwrap_or(0),
                "progress",
                "`progress` is empty".into(),
                "write a percentage from 0 to 100",
            );
        }
        if let Some(p) = progress
            && (p < Decimal::ZERO || p > Decimal::ONE_HUNDRED)
        {
            r.error(
                progress_column.unwrap_or(0),
                "progress",
                format!("progress {p} is outside 0–100"),
                "progress is a percentage from 0 to 100",
            );
        }
        let start = r.date(col(ActionField::Start), "start");
        let due = r.date(col(ActionField::Due), "due");
        let budget_planned = r.number(col(ActionField::BudgetPlanned), "budget_planned");
        let budget_spent = r.number(col(ActionField::BudgetSpent), "budget_spent");
        let comments = texts(&mut r, &columns.fields, "comment", None, |f| match f {
            ActionField::Comment(lang) => lang,
            _ => None,
        });
        if let (true, Some(status), Some(progress)) = (r.ok, status, progress) {
            actions.push(Action {
                id,
                objective,
                titles,
                unit,
                status,
                progress,
                start,
                due,
                budget_planned,
                budget_spent,
                comments,
                origin: r.origin(&place),
            });
        }
    }
    actions
}

/// Reads the indicators of one table.
pub fn read_indicators(table: &Table, first: Lang, diags: &mut Vec<Diagnostic>) -> Vec<Indicator> {
    let required: [(IndicatorField, &str, &[&str]); 3] = [
        (IndicatorField::Id, "id", KPI_ID),
        (IndicatorField::Objective, "objective", OBJECTIVE),
        (IndicatorField::Direction, "direction", DIRECTION),
    ];
    // A plain `name`, `measure` or `comment` is in the plan's first language.
    let classify = |header: &str| {
        indicator_field(header).map(|f| match f {
            IndicatorField::Name(None) => IndicatorField::Name(Some(first)),
            IndicatorField::Measure(None) => IndicatorField::Measure(Some(first)),
            IndicatorField::Comment(None) => IndicatorField::Comment(Some(first)),
            f => f,
        })
    };
    let aliases = all_aliases(true);
    let (columns, complete) = columns_of(table, classify, &aliases, &required, diags);
    let has_name = |f: &IndicatorField| matches!(f, IndicatorField::Name(_));
    let named = columns.require_any(has_name, "name", NAME, table, diags);
    if !(complete && named) {
        return Vec::new();
    }
    let col = |f| columns.index(f);
    let place = table_place(
        table,
        columns.named(|f| match f {
            IndicatorField::Id => Some("id"),
            IndicatorField::Objective => Some("objective"),
            IndicatorField::Target => Some("target"),
            IndicatorField::Name(l) => Some(per_lang("name", l)),
            IndicatorField::Measure(l) => Some(per_lang("measure", l)),
            IndicatorField::Comment(l) => Some(per_lang("comment", l)),
            _ => None,
        }),
    );
    let mut indicators = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let mut r = RowReader::new(table, row, diags);
        if r.skip_totals(col(IndicatorField::Id)) {
            continue;
        }
        let id = r.required_text(col(IndicatorField::Id), "id");
        let objective = r.required_text(col(IndicatorField::Objective), "objective");
        let names = texts(
            &mut r,
            &columns.fields,
            "name",
            Some(MAX_TITLE_CHARS),
            |f| match f {
                IndicatorField::Name(lang) => lang,
                _ => None,
            },
        );
        if names.is_empty() {
            let column = columns.first(has_name).unwrap_or(0);
            r.error(
                column,
                "name",
                "the indicator has no name in any language".to_string(),
                "every row needs a name",
            );
        }
        let measures = texts(&mut r, &columns.fields, "measure", None, |f| match f {
            IndicatorField::Measure(lang) => lang,
            _ => None,
        });
        let direction_column = col(IndicatorField::Direction);
        let direction_text = r.required_text(direction_column, "direction");
        let direction = Direction::parse(&direction_text);
        if direction.is_none() && !direction_text.is_empty() {
            r.error(
                direction_column.unwrap_or(0),
                "direction",
                format!("unknown direction `{direction_text}`"),
                "use higher or lower (hoger/lager, hausse/baisse)",
            );
        }
        let baseline = r.number(col(IndicatorField::Baseline), "baseline");
        let target = r.number(col(IndicatorField::Target), "target");
        let actual = r.number(col(IndicatorField::Actual), "actual");
        let comments = texts(&mut r, &columns.fields, "comment", None, |f| match f {
            IndicatorField::Comment(lang) => lang,
            _ => None,
        });
        if let (true, Some(direction)) = (r.ok, direction) {
            indicators.push(Indicator {
                id,
                objective,
                names,
                measures,
                direction,
                baseline,
                target,
                actual,
                comments,
                origin: r.origin(&place),
            });
        }
    }
    indicators
}

/// One text field of a row in every language the file has a column for.
fn texts<F: Copy>(
    r: &mut RowReader,
    fields: &[(F, usize, String)],
    field: &str,
    longest: Option<usize>,
    lang_of: impl Fn(F) -> Option<Lang>,
) -> Texts {
    let mut found = Texts::default();
    for (f, index, _) in fields {
        if let Some(lang) = lang_of(*f)
            && !found.contains(lang)
            && let Some(text) = r.text(Some(*index), field)
        {
            // Kept whole, but named: a title as long as a page is a
            // comment pasted into the wrong column far more often than
            // a title.
            if let Some(longest) = longest
                && text.len() > longest
                && text.chars().count() > longest
            {
                r.warning(
                    *index,
                    field,
                    format!(
                        "the {field} has {} characters: it fills a table cell of its own in every report",
                        text.chars().count()
                    ),
                    &format!("a {field} is a line or two (at most {longest} characters); put the explanation in the comment"),
                );
            }
            found.insert(lang, text);
        }
    }
    found
}

/// Characters a title or a KPI's name has at most without a warning.
pub const MAX_TITLE_CHARS: usize = 300;

/// Which kind of progress file a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileKind {
    Actions,
    Indicators,
}

impl FileKind {
    pub const ALL: [FileKind; 2] = [FileKind::Actions, FileKind::Indicators];

    /// The kind a file's name announces: `actions.csv`, `actions-DVZ.xlsx`,
    /// `Acties DVZ 2023.xlsx`, `indicatoren.csv`, `KPI NCCN.xlsx`, …
    pub fn of_name(name: &str) -> Option<FileKind> {
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        let folded = normalize(stem);
        let actions = ["action", "actie"].iter().any(|w| folded.contains(w));
        let indicators = ["indicat", "kpi"].iter().any(|w| folded.contains(w));
        match (actions, indicators) {
            (true, false) => Some(FileKind::Actions),
            (false, true) => Some(FileKind::Indicators),
            _ => None,
        }
    }

    /// How well `cells` read as this kind's header: the number of distinct
    /// known columns they name.
    pub fn header_score(self, cells: &[Cell]) -> usize {
        fn distinct<F: PartialEq>(fields: impl Iterator<Item = F>) -> usize {
            let mut seen: Vec<F> = Vec::new();
            for field in fields {
                if !seen.contains(&field) {
                    seen.push(field);
                }
            }
            seen.len()
        }
        let names = cells.iter().map(Cell::text);
        match self {
            FileKind::Actions => distinct(names.filter_map(|n| action_field(&n))),
            FileKind::Indicators => distinct(names.filter_map(|n| indicator_field(&n))),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            FileKind::Actions => "actions",
            FileKind::Indicators => "indicators",
        }
    }
}

#[cfg(test)]
mod tests;
