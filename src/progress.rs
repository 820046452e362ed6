//! Progress data of one operational-plan year: actions and indicators.
//!
//! Turns the raw [`Table`]s of `inputs/<year>/actions*.{csv,xlsx}` and
//! `indicators*` into typed rows. Headers are matched the forgiving way the
//! contract promises (case, accents, spaces, `_` and `-` ignored; Dutch, French
//! and English names), values are parsed in the file's dialect, and every
//! problem becomes a [`Diagnostic`] pointing at file, line and column. What
//! needs the framework (unknown ids, plausibility warnings) is checked later,
//! in `validate`, so this module stays a pure reader.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::framework::Lang;
use crate::table::{Cell, NumberStyle, Row, Table};

/// Where a row came from, for diagnostics and the report's annexes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    pub file: PathBuf,
    pub line: usize,
    /// 1-based column of each field present in the file, so later checks
    /// can point at the cell.
    #[serde(skip)]
    pub columns: Vec<(&'static str, usize)>,
}

impl Origin {
    /// A diagnostic placed at this row and, when known, at `field`'s cell.
    pub fn place(&self, diagnostic: Diagnostic, field: &str) -> Diagnostic {
        let column = self
            .columns
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, c)| *c);
        let diagnostic = match column {
            Some(column) => diagnostic.at(self.line, column),
            None => diagnostic.at_line(self.line),
        };
        diagnostic.field(field)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    NotStarted,
    OnTrack,
    AtRisk,
    Delayed,
    Completed,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::NotStarted,
        Status::OnTrack,
        Status::AtRisk,
        Status::Delayed,
        Status::Completed,
        Status::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::OnTrack => "on_track",
            Status::AtRisk => "at_risk",
            Status::Delayed => "delayed",
            Status::Completed => "completed",
            Status::Cancelled => "cancelled",
        }
    }

    /// Accepted spellings, canonical first; compared after [`normalize`].
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Status::NotStarted => &[
                "not_started",
                "not started",
                "niet gestart",
                "pas commencé",
                "pas commence",
                "non commencé",
                "todo",
            ],
            Status::OnTrack => &[
                "on_track",
                "on track",
                "op schema",
                "lopend",
                "en cours",
                "in uitvoering",
                "ongoing",
                "in progress",
            ],
            Status::AtRisk => &[
                "at_risk",
                "at risk",
                "risico",
                "à risque",
                "a risque",
                "en risque",
            ],
            Status::Delayed => &["delayed", "vertraagd", "en retard", "late"],
            Status::Completed => &[
                "completed",
                "afgerond",
                "voltooid",
                "terminé",
                "achevé",
                "fini",
                "finie",
                "clôturé",
                "done",
                "gerealiseerd",
                "réalisé",
            ],
            Status::Cancelled => &[
                "cancelled",
                "canceled",
                "geannuleerd",
                "annulé",
                "stopgezet",
            ],
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        let wanted = normalize(text);
        Status::ALL
            .into_iter()
            .find(|s| s.synonyms().iter().any(|syn| normalize(syn) == wanted))
    }
}

/// Whether a higher or a lower value of an indicator is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Higher,
    Lower,
}

impl Direction {
    pub fn parse(text: &str) -> Option<Direction> {
        match normalize(text).as_str() {
            "higher" | "hoger" | "hausse" | "up" | "plushaut" | "higherisbetter" => {
                Some(Direction::Higher)
            }
            "lower" | "lager" | "baisse" | "down" | "plusbas" | "lowerisbetter" => {
                Some(Direction::Lower)
            }
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Action {
    pub id: String,
    pub objective: String,
    /// Title per language; the plan's first language always present.
    pub titles: BTreeMap<Lang, String>,
    pub unit: String,
    pub status: Status,
    pub progress: Decimal,
    pub start: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub budget_planned: Option<Decimal>,
    pub budget_spent: Option<Decimal>,
    pub comment: Option<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    pub id: String,
    pub objective: String,
    pub names: BTreeMap<Lang, String>,
    pub measures: BTreeMap<Lang, String>,
    pub direction: Direction,
    pub baseline: Option<Decimal>,
    pub target: Option<Decimal>,
    pub actual: Option<Decimal>,
    pub comment: Option<String>,
    pub origin: Origin,
}

/// The columns of an actions file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ActionField {
    Id,
    Objective,
    Title(Option<Lang>),
    Unit,
    Status,
    Progress,
    Start,
    Due,
    BudgetPlanned,
    BudgetSpent,
    Comment,
}

/// The columns of an indicators file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IndicatorField {
    Id,
    Objective,
    Name(Option<Lang>),
    Measure(Option<Lang>),
    Direction,
    Baseline,
    Target,
    Actual,
    Comment,
}

const ID: &[&str] = &[
    "id", "code", "actie", "action", "actieid", "actionid", "nr", "nummer", "numero",
];
const OBJECTIVE: &[&str] = &[
    "objective",
    "doelstelling",
    "objectif",
    "objectiveid",
    "operationeledoelstelling",
    "objectifoperationnel",
];
const TITLE: &[&str] = &["title", "titel", "titre", "naam actie", "intitulé"];
const UNIT: &[&str] = &[
    "unit",
    "directie",
    "direction",
    "entiteit",
    "entité",
    "dienst",
    "algemenedirectie",
    "directiongenerale",
];
const STATUS: &[&str] = &["status", "statut", "stand", "état"];
const PROGRESS: &[&str] = &[
    "progress",
    "voortgang",
    "progression",
    "vordering",
    "avancement",
    "progress%",
    "voortgang%",
];
const START: &[&str] = &[
    "start",
    "startdatum",
    "date de début",
    "début",
    "startdate",
    "begindatum",
    "begin",
];
const DUE: &[&str] = &[
    "due",
    "einddatum",
    "deadline",
    "échéance",
    "date d'échéance",
    "duedate",
    "date de fin",
    "enddate",
    "end",
    "einde",
];
const BUDGET_PLANNED: &[&str] = &[
    "budget_planned",
    "budget gepland",
    "budget prévu",
    "gepland budget",
    "planned budget",
    "budget",
];
const BUDGET_SPENT: &[&str] = &[
    "budget_spent",
    "budget besteed",
    "budget dépensé",
    "besteed budget",
    "spent budget",
    "spent",
    "besteed",
    "dépensé",
    "uitgaven",
    "dépenses",
];
const COMMENT: &[&str] = &[
    "comment",
    "commentaar",
    "toelichting",
    "commentaire",
    "opmerking",
    "remarque",
    "comments",
    "remarks",
];
const KPI_ID: &[&str] = &["id", "code", "indicator", "indicateur", "kpi", "kpiid"];
const NAME: &[&str] = &[
    "name",
    "naam",
    "nom",
    "indicatornaam",
    "nomindicateur",
    "libellé",
];
const MEASURE: &[&str] = &[
    "measure",
    "eenheid",
    "meeteenheid",
    "unité",
    "unité de mesure",
    "unit of measure",
    "mesure",
    "unit",
];
const DIRECTION: &[&str] = &["direction", "richting", "sens", "better", "beter"];
const BASELINE: &[&str] = &[
    "baseline",
    "nulmeting",
    "basislijn",
    "referentiewaarde",
    "valeur de référence",
    "référence",
    "base",
];
const TARGET: &[&str] = &[
    "target",
    "streefwaarde",
    "doelwaarde",
    "cible",
    "valeur cible",
    "objectif chiffré",
];
const ACTUAL: &[&str] = &[
    "actual",
    "werkelijk",
    "resultaat",
    "gerealiseerd",
    "réalisé",
    "valeur réelle",
    "réel",
    "meting",
    "mesure réelle",
];

/// Folds a header or vocabulary word the way the contract says: lower case,
/// accents removed, spaces, `_` and `-` dropped.
pub fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '\u{feff}'))
        .flat_map(char::to_lowercase)
        .map(fold_accent)
        .collect()
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        '’' => '\'',
        other => other,
    }
}

fn matches_alias(header: &str, aliases: &[&str]) -> bool {
    aliases.iter().any(|a| normalize(a) == header)
}

/// `title_fr`, `Titel FR`, `Titre NL`: an alias followed by a language code.
fn localized_alias(header: &str, aliases: &[&str]) -> Option<Lang> {
    Lang::ALL.into_iter().find(|lang| {
        aliases
            .iter()
            .any(|a| format!("{}{}", normalize(a), lang.code()) == header)
    })
}

fn action_field(header: &str) -> Option<ActionField> {
    let h = normalize(header);
    let plain: [(&[&str], ActionField); 10] = [
        (ID, ActionField::Id),
        (OBJECTIVE, ActionField::Objective),
        (TITLE, ActionField::Title(None)),
        (UNIT, ActionField::Unit),
        (STATUS, ActionField::Status),
        (PROGRESS, ActionField::Progress),
        (START, ActionField::Start),
        (DUE, ActionField::Due),
        (BUDGET_PLANNED, ActionField::BudgetPlanned),
        (BUDGET_SPENT, ActionField::BudgetSpent),
    ];
    plain
        .iter()
        .find(|(aliases, _)| matches_alias(&h, aliases))
        .map(|(_, f)| *f)
        .or_else(|| matches_alias(&h, COMMENT).then_some(ActionField::Comment))
        .or_else(|| localized_alias(&h, TITLE).map(|l| ActionField::Title(Some(l))))
}

fn indicator_field(header: &str) -> Option<IndicatorField> {
    let h = normalize(header);
    let plain: [(&[&str], IndicatorField); 9] = [
        (KPI_ID, IndicatorField::Id),
        (OBJECTIVE, IndicatorField::Objective),
        (NAME, IndicatorField::Name(None)),
        (MEASURE, IndicatorField::Measure(None)),
        (DIRECTION, IndicatorField::Direction),
        (BASELINE, IndicatorField::Baseline),
        (TARGET, IndicatorField::Target),
        (ACTUAL, IndicatorField::Actual),
        (COMMENT, IndicatorField::Comment),
    ];
    plain
        .iter()
        .find(|(aliases, _)| matches_alias(&h, aliases))
        .map(|(_, f)| *f)
        .or_else(|| localized_alias(&h, NAME).map(|l| IndicatorField::Name(Some(l))))
        .or_else(|| localized_alias(&h, MEASURE).map(|l| IndicatorField::Measure(Some(l))))
}

/// Maps each known field to its column index; notes unknown and repeated
/// columns.
struct Columns<F> {
    fields: Vec<(F, usize, String)>,
}

impl<F: Copy + PartialEq> Columns<F> {
    /// Lets `localized` (e.g. `Titel NL` in a plan whose first language is
    /// Dutch) stand in for the plain column `plain` when that is absent.
    fn fall_back(&mut self, plain: F, localized: F) {
        if self.index(plain).is_none()
            && let Some(entry) = self.fields.iter_mut().find(|(f, _, _)| *f == localized)
        {
            entry.0 = plain;
        }
    }

    fn new(
        table: &Table,
        classify: impl Fn(&str) -> Option<F>,
        diags: &mut Vec<Diagnostic>,
    ) -> Self {
        let mut fields: Vec<(F, usize, String)> = Vec::new();
        for (index, header) in table.headers.iter().enumerate() {
            let name = header.text();
            if name.is_empty() {
                continue;
            }
            match classify(&name) {
                Some(field) if fields.iter().any(|(f, _, _)| *f == field) => {
                    diags.push(
                        Diagnostic::error(
                            &table.file,
                            format!("column `{name}` repeats an earlier column"),
                        )
                        .at(1, index + 1)
                        .hint("remove or rename one of the two columns"),
                    );
                }
                Some(field) => fields.push((field, index, name)),
                None => diags.push(
                    Diagnostic::note(
                        &table.file,
                        format!("column `{name}` is not used by koers and was ignored"),
                    )
                    .at(1, index + 1),
                ),
            }
        }
        Columns { fields }
    }

    /// 1-based columns of the fields `name` gives a name to.
    fn named(&self, name: impl Fn(F) -> Option<&'static str>) -> Vec<(&'static str, usize)> {
        self.fields
            .iter()
            .filter_map(|(f, index, _)| name(*f).map(|n| (n, index + 1)))
            .collect()
    }

    fn index(&self, field: F) -> Option<usize> {
        self.fields
            .iter()
            .find(|(f, _, _)| *f == field)
            .map(|(_, i, _)| *i)
    }

    fn require(
        &self,
        field: F,
        name: &str,
        aliases: &[&str],
        table: &Table,
        diags: &mut Vec<Diagnostic>,
    ) -> bool {
        if self.index(field).is_some() {
            return true;
        }
        diags.push(
            Diagnostic::error(&table.file, format!("required column `{name}` is missing"))
                .at_line(1)
                .hint(format!("name a column one of: {}", aliases.join(", "))),
        );
        false
    }
}

/// Reads one row's cells with diagnostics that carry the row's place.
struct RowReader<'a> {
    table: &'a Table,
    row: &'a Row,
    diags: &'a mut Vec<Diagnostic>,
    ok: bool,
}

impl RowReader<'_> {
    fn cell(&self, column: Option<usize>) -> Option<&Cell> {
        column
            .and_then(|c| self.row.cells.get(c))
            .filter(|c| !c.is_empty())
    }

    fn error(&mut self, column: usize, field: &str, message: String, hint: &str) {
        self.ok = false;
        self.diags.push(
            Diagnostic::error(&self.table.file, message)
                .at(self.row.line, column + 1)
                .field(field)
                .hint(hint),
        );
    }

    fn text(&self, column: Option<usize>) -> Option<String> {
        self.cell(column).map(|c| c.text().replace("\r\n", "\n"))
    }

    fn required_text(&mut self, column: Option<usize>, field: &str) -> String {
        match self.text(column) {
            Some(t) => t,
            None => {
                self.error(
                    column.unwrap_or(0),
                    field,
                    format!("`{field}` is empty"),
                    "every row needs a value here",
                );
                String::new()
            }
        }
    }

    fn number(&mut self, column: Option<usize>, field: &str) -> Option<Decimal> {
        let cell = self.cell(column)?.clone();
        let parsed = match &cell {
            Cell::Number(n) => Decimal::from_str(&n.to_string()).ok(),
            Cell::Text(t) => parse_number(t, self.table.numbers),
            Cell::Date(_) => None,
        };
        match parsed {
            None => self.error(
                column.unwrap_or(0),
                field,
                format!("`{}` is not a number", cell.text()),
                "write numbers like 1234,56 or 1.234,56 (or 1234.56)",
            ),
            Some(n) if n.abs() >= Decimal::from(MAX_AMOUNT) => {
                self.error(
                    column.unwrap_or(0),
                    field,
                    format!("`{}` is too large", cell.text()),
                    "amounts and values must stay below 1.000.000.000.000.000",
                );
                return None;
            }
            Some(_) => {}
        }
        parsed
    }

    fn date(&mut self, column: Option<usize>, field: &str) -> Option<NaiveDate> {
        let cell = self.cell(column)?.clone();
        let parsed = match &cell {
            Cell::Date(d) => Some(*d),
            Cell::Text(t) => parse_date(t),
            Cell::Number(_) => None,
        };
        if parsed.is_none() {
            self.error(
                column.unwrap_or(0),
                field,
                format!("`{}` is not a date", cell.text()),
                "write dates as 2023-03-31, 31/03/2023 or 31-03-2023",
            );
        }
        parsed
    }
}

/// Numbers at or above this size are refused: no plan has such amounts, and
/// the bound keeps every sum the report makes far from overflowing.
const MAX_AMOUNT: i64 = 1_000_000_000_000_000;

/// Parses `45`, `45%`, `45,5`, `1.234,56`, `1 234,56`, `€ 1.234` and
/// `1,234.56`. A lone separator followed by exactly three digits is
/// ambiguous (`1.234`); the file's [`NumberStyle`] decides it. Thousands
/// separators must group by three, so `1 2 0` or `1.2.3` are not numbers.
pub fn parse_number(text: &str, style: NumberStyle) -> Option<Decimal> {
    let text = text.trim();
    let text = text.strip_suffix('%').unwrap_or(text).trim_end();
    let text = text.strip_suffix("EUR").unwrap_or(text).trim_end();
    let text = text.strip_suffix('€').unwrap_or(text).trim_end();
    let text = text.strip_prefix('€').unwrap_or(text).trim_start();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = split_decimal(digits, style)?;
    if fraction.is_some_and(|f| f.is_empty() || !f.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let whole = ungroup(whole)?;
    let canonical = format!(
        "{}{whole}.{}",
        if negative { "-" } else { "" },
        fraction.unwrap_or("0")
    );
    Decimal::from_str(&canonical).ok().map(|d| d.normalize())
}

/// Splits at the decimal separator, if there is one.
fn split_decimal(text: &str, style: NumberStyle) -> Option<(&str, Option<&str>)> {
    let last_comma = text.rfind(',');
    let last_point = text.rfind('.');
    let commas = text.matches(',').count();
    let points = text.matches('.').count();
    let decimal = match (last_comma, last_point) {
        (None, None) => None,
        (Some(c), Some(p)) => Some(c.max(p)),
        (Some(c), None) if commas == 1 => {
            let thousands = style == NumberStyle::DecimalPoint && three_digits_after(text, c);
            (!thousands).then_some(c)
        }
        (None, Some(p)) if points == 1 => {
            let thousands = style == NumberStyle::DecimalComma && three_digits_after(text, p);
            (!thousands).then_some(p)
        }
        _ => None,
    };
    Some(match decimal {
        Some(at) => (text.get(..at)?, Some(text.get(at + 1..)?)),
        None => (text, None),
    })
}

fn three_digits_after(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or_default();
    let after = text.get(at + 1..).unwrap_or_default();
    after.len() == 3 && !before.is_empty() && before != "0"
}

/// Removes thousands separators (`.`, `,`, `'` or any space), which must all
/// be the same and group the digits by three.
fn ungroup(whole: &str) -> Option<String> {
    let is_separator = |c: char| matches!(c, '.' | ',' | '\'') || c.is_whitespace();
    let separators: Vec<char> = whole.chars().filter(|c| is_separator(*c)).collect();
    if separators.is_empty() {
        return (!whole.is_empty() && whole.chars().all(|c| c.is_ascii_digit()))
            .then(|| whole.to_string());
    }
    let first = separators.first()?;
    let same_kind = separators
        .iter()
        .all(|c| c == first || (c.is_whitespace() && first.is_whitespace()));
    let groups: Vec<&str> = whole.split(is_separator).collect();
    let grouped = same_kind
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
        && groups.first().is_some_and(|g| (1..=3).contains(&g.len()))
        && groups.iter().skip(1).all(|g| g.len() == 3);
    grouped.then(|| groups.concat())
}

/// Parses `2023-03-31`, `31/03/2023`, `31-03-2023` (and `31.03.2023`).
/// Years need four digits: `31/03/23` would silently become year 23.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let text = text.split_once(' ').map_or(text, |(date, _)| date);
    let four_digit_year = text
        .split(['-', '/', '.'])
        .any(|part| part.len() == 4 && part.chars().all(|c| c.is_ascii_digit()));
    if !four_digit_year {
        return None;
    }
    ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(text, format).ok())
        .filter(|d| (1900..=2200).contains(&chrono::Datelike::year(d)))
}

/// Reads the actions of one table. `first` is the plan's first language:
/// the language of the plain `title` column.
pub fn read_actions(table: &Table, first: Lang, diags: &mut Vec<Diagnostic>) -> Vec<Action> {
    let mut columns = Columns::new(table, action_field, diags);
    columns.fall_back(ActionField::Title(None), ActionField::Title(Some(first)));
    let required = [
        (ActionField::Id, "id", ID),
        (ActionField::Objective, "objective", OBJECTIVE),
        (ActionField::Title(None), "title", TITLE),
        (ActionField::Unit, "unit", UNIT),
        (ActionField::Status, "status", STATUS),
        (ActionField::Progress, "progress", PROGRESS),
    ];
    let mut complete = true;
    for (field, name, aliases) in required {
        complete &= columns.require(field, name, aliases, table, diags);
    }
    if !complete {
        return Vec::new();
    }
    let col = |f| columns.index(f);
    let progress_scale = progress_scale(table, col(ActionField::Progress), diags);
    let field_columns = columns.named(|f| match f {
        ActionField::Id => Some("id"),
        ActionField::Objective => Some("objective"),
        ActionField::Unit => Some("unit"),
        ActionField::Title(None) => Some("title"),
        ActionField::Progress => Some("progress"),
        ActionField::Due => Some("due"),
        ActionField::BudgetPlanned => Some("budget_planned"),
        ActionField::BudgetSpent => Some("budget_spent"),
        ActionField::Comment => Some("comment"),
        _ => None,
    });
    let mut actions = Vec::new();
    for row in &table.rows {
        let mut r = RowReader {
            table,
            row,
            diags,
            ok: true,
        };
        let id = r.required_text(col(ActionField::Id), "id");
        let objective = r.required_text(col(ActionField::Objective), "objective");
        let unit = r.required_text(col(ActionField::Unit), "unit");
        let mut titles = BTreeMap::new();
        titles.insert(
            first,
            r.required_text(col(ActionField::Title(None)), "title"),
        );
        for (field, index, _) in &columns.fields {
            if let ActionField::Title(Some(lang)) = field
                && let Some(text) = r.text(Some(*index))
            {
                titles.entry(*lang).or_insert(text);
            }
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
        let progress = r
            .number(progress_column, "progress")
            .map(|p| p * progress_scale);
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
        let comment = r.text(col(ActionField::Comment));
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
                comment,
                origin: Origin {
                    file: table.file.clone(),
                    line: row.line,
                    columns: field_columns.clone(),
                },
            });
        }
    }
    actions
}

/// 1, or 100 when a spreadsheet's progress column holds fractions: a cell
/// formatted as a percentage shows `45%` but stores 0.45, and the format is
/// not visible to us. Fractions are assumed when every numeric progress cell
/// lies within 0–1 and at least one lies strictly between.
fn progress_scale(table: &Table, column: Option<usize>, diags: &mut Vec<Diagnostic>) -> Decimal {
    let Some(column) = column.filter(|_| table.spreadsheet) else {
        return Decimal::ONE;
    };
    let numbers: Vec<f64> = table
        .rows
        .iter()
        .filter_map(|r| match r.cells.get(column) {
            Some(Cell::Number(n)) => Some(*n),
            _ => None,
        })
        .collect();
    let fractions = !numbers.is_empty()
        && numbers.iter().all(|n| (0.0..=1.0).contains(n))
        && numbers.iter().any(|n| *n > 0.0 && *n < 1.0);
    if !fractions {
        return Decimal::ONE;
    }
    diags.push(
        Diagnostic::note(
            &table.file,
            "progress cells hold fractions (a percentage format), read as 0.45 = 45%",
        )
        .at(1, column + 1)
        .field("progress"),
    );
    Decimal::ONE_HUNDRED
}

/// Reads the indicators of one table.
pub fn read_indicators(table: &Table, first: Lang, diags: &mut Vec<Diagnostic>) -> Vec<Indicator> {
    let mut columns = Columns::new(table, indicator_field, diags);
    columns.fall_back(
        IndicatorField::Name(None),
        IndicatorField::Name(Some(first)),
    );
    columns.fall_back(
        IndicatorField::Measure(None),
        IndicatorField::Measure(Some(first)),
    );
    let required = [
        (IndicatorField::Id, "id", KPI_ID),
        (IndicatorField::Objective, "objective", OBJECTIVE),
        (IndicatorField::Name(None), "name", NAME),
        (IndicatorField::Direction, "direction", DIRECTION),
    ];
    let mut complete = true;
    for (field, name, aliases) in required {
        complete &= columns.require(field, name, aliases, table, diags);
    }
    if !complete {
        return Vec::new();
    }
    let col = |f| columns.index(f);
    let field_columns = columns.named(|f| match f {
        IndicatorField::Id => Some("id"),
        IndicatorField::Objective => Some("objective"),
        IndicatorField::Target => Some("target"),
        _ => None,
    });
    let mut indicators = Vec::new();
    for row in &table.rows {
        let mut r = RowReader {
            table,
            row,
            diags,
            ok: true,
        };
        let id = r.required_text(col(IndicatorField::Id), "id");
        let objective = r.required_text(col(IndicatorField::Objective), "objective");
        let mut names = BTreeMap::new();
        names.insert(
            first,
            r.required_text(col(IndicatorField::Name(None)), "name"),
        );
        let mut measures = BTreeMap::new();
        if let Some(m) = r.text(col(IndicatorField::Measure(None))) {
            measures.insert(first, m);
        }
        for (field, index, _) in &columns.fields {
            match field {
                IndicatorField::Name(Some(lang)) => {
                    if let Some(text) = r.text(Some(*index)) {
                        names.entry(*lang).or_insert(text);
                    }
                }
                IndicatorField::Measure(Some(lang)) => {
                    if let Some(text) = r.text(Some(*index)) {
                        measures.entry(*lang).or_insert(text);
                    }
                }
                _ => {}
            }
        }
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
        let comment = r.text(col(IndicatorField::Comment));
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
                comment,
                origin: Origin {
                    file: table.file.clone(),
                    line: row.line,
                    columns: field_columns.clone(),
                },
            });
        }
    }
    indicators
}

/// Which kind of progress file a file name announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileKind {
    Actions,
    Indicators,
}

impl FileKind {
    /// Sheet names that hold this kind of data in a workbook.
    pub fn sheet_names(self) -> &'static [&'static str] {
        match self {
            FileKind::Actions => &["actions", "acties", "actie", "action"],
            FileKind::Indicators => &["indicators", "indicatoren", "indicateurs", "kpi", "kpis"],
        }
    }

    /// `actions*.csv`, `indicators-NCCN.xlsx`, …; anything else is not ours.
    pub fn of(path: &Path) -> Option<FileKind> {
        let name = path.file_name()?.to_str()?.to_lowercase();
        let ext = path.extension()?.to_str()?.to_lowercase();
        if !matches!(ext.as_str(), "csv" | "xlsx") {
            return None;
        }
        if name.starts_with("actions") {
            Some(FileKind::Actions)
        } else if name.starts_with("indicators") {
            Some(FileKind::Indicators)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::read_csv;

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
    fn dates_in_three_forms() {
        let d = NaiveDate::from_ymd_opt(2023, 3, 31);
        assert_eq!(parse_date("2023-03-31"), d);
        assert_eq!(parse_date("31/03/2023"), d);
        assert_eq!(parse_date("31-03-2023"), d);
        assert_eq!(parse_date("31/13/2023"), None);
        assert_eq!(parse_date("31/12/23"), None);
        assert_eq!(parse_date("23-03-31"), None);
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
        let shown: Vec<String> = diags
            .iter()
            .map(|d| d.to_string().lines().next().unwrap_or("").to_string())
            .collect();
        assert_eq!(
            shown,
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
        assert_eq!(diags[0].message, "required column `progress` is missing");
    }
}
