//! Checks of the progress data against the framework and against common sense.
//!
//! Errors here (unknown ids, duplicates) mean the numbers in a report would be
//! wrong, so nothing is rendered. Warnings are things a reviewer should see but
//! that do not make a number wrong: they are rendered into the report's
//! data-quality annex, so the published document is honest about its data.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use anyhow::Result;
use serde::Serialize;

use crate::core::lang::Texts;
use crate::core::text::closest;
use crate::core::{Lang, Status};
use crate::diagnostics::{self, Diagnostic, Finding};
use crate::intake::{Inputs, Source, YearData};
use crate::model::framework::Framework;
use crate::model::progress::{Action, Origin};

mod plausibility;
use plausibility::*;

/// Loads and validates the inputs: the shared first half of `check`,
/// `build`, `approve` and a rebuild in `verify`. Titles are checked in the
/// plan's languages and in `languages`; diagnostics come back sorted.
pub fn load_and_validate(
    source: Source,
    languages: &[Lang],
) -> Result<(Option<Inputs>, Vec<Diagnostic>)> {
    let (inputs, mut diags) = crate::intake::load(source)?;
    if let Some(inputs) = &inputs {
        diags.extend(validate(inputs, languages));
    }
    diagnostics::sort(&mut diags);
    Ok((inputs, diags))
}

/// Every problem in loaded inputs that needs the framework or another year
/// to see, in the years' order (not sorted). Titles are checked in the
/// plan's languages and in `languages`.
pub fn validate(inputs: &Inputs, languages: &[Lang]) -> Vec<Diagnostic> {
    // The plan's languages always, so a report's data-quality annex does
    // not depend on which other languages were built with it.
    let mut all = inputs.framework.plan.languages.clone();
    for lang in languages {
        if !all.contains(lang) {
            all.push(*lang);
        }
    }
    // Years are independent, and so are a year's own checks and its
    // comparison with the year before: each is a piece of work for any
    // core (three years on two cores would leave one idle for a year's
    // time), merged in order.
    let pieces: Vec<(&YearData, bool)> = inputs
        .years
        .iter()
        .flat_map(|year| [(year, false), (year, true)])
        .collect();
    let found =
        crate::core::parallel_map(pieces, |(year, against_previous)| match against_previous {
            false => check_year(&inputs.framework, year, &all),
            true => inputs
                .year(year.year - 1)
                .map(|previous| carried_over(previous, year))
                .unwrap_or_default(),
        });
    found.into_iter().flatten().collect()
}

/// Every problem in one year's data that needs the framework to see.
/// `languages` are the languages reports will be rendered in. Each problem
/// is tied to the year and, where it has one, the unit whose data it is.
pub fn check_year(framework: &Framework, year: &YearData, languages: &[Lang]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let objective_ids = Known::new(
        framework
            .operational_objectives
            .iter()
            .map(|o| o.id.as_str())
            .chain(framework.strategic_objectives.iter().map(|o| o.id.as_str())),
    );
    let unit_ids = Known::new(framework.units.iter().map(|u| u.id.as_str()));
    let y = year.year;

    duplicates(
        year.actions
            .iter()
            .map(|a| (a.id.as_str(), &a.origin, Some(a.unit.as_str()))),
        "action",
        y,
        &mut diags,
    );
    duplicates(
        year.indicators
            .iter()
            .map(|k| (k.id.as_str(), &k.origin, lead_unit(framework, &k.objective))),
        "indicator",
        y,
        &mut diags,
    );
    for action in &year.actions {
        let mut found = Vec::new();
        unknown(
            &action.origin,
            "objective",
            &action.objective,
            &objective_ids,
            &mut found,
        );
        unknown(&action.origin, "unit", &action.unit, &unit_ids, &mut found);
        plausibility(action, y, &mut found);
        for (field, texts) in [("title", &action.titles), ("comment", &action.comments)] {
            wrong_language(
                &action.origin,
                "action",
                &action.id,
                field,
                texts,
                &mut found,
            );
        }
        // Where a title is missing, the report shows the plan's first
        // language, or else whichever language the unit gave.
        let first = framework.first_language();
        let shown = match action.titles.contains(first) {
            true => first,
            false => action.titles.langs().next().unwrap_or(first),
        };
        for lang in languages {
            if !action.titles.contains(*lang) {
                found.push(
                    warning(
                        &action.origin,
                        "title",
                        format!(
                            "action `{}` has no title in {lang}; the {shown} title is shown instead",
                            action.id,
                        ),
                    )
                    .hint(format!("add a title_{lang} column"))
                    .for_lang(*lang)
                    .finding(Finding::TitleMissing {
                        id: action.id.clone(),
                        lang: *lang,
                        shown,
                    }),
                );
            }
        }
        diags.extend(found.into_iter().map(|d| d.about(y, Some(&action.unit))));
    }
    for indicator in &year.indicators {
        let mut found = Vec::new();
        unknown(
            &indicator.origin,
            "objective",
            &indicator.objective,
            &objective_ids,
            &mut found,
        );
        for (field, texts) in [
            ("name", &indicator.names),
            ("measure", &indicator.measures),
            ("comment", &indicator.comments),
        ] {
            wrong_language(
                &indicator.origin,
                "indicator",
                &indicator.id,
                field,
                texts,
                &mut found,
            );
        }
        if indicator.target.is_none() {
            found.push(
                warning(
                    &indicator.origin,
                    "target",
                    format!(
                        "indicator `{}` has no target, so its status cannot be judged",
                        indicator.id
                    ),
                )
                .finding(Finding::NoTarget {
                    id: indicator.id.clone(),
                }),
            );
        }
        let unit = lead_unit(framework, &indicator.objective);
        diags.extend(found.into_iter().map(|d| d.about(y, unit)));
    }
    for oo in &framework.operational_objectives {
        if !year.actions.iter().any(|a| a.objective == oo.id.as_str()) {
            diags.push(
                Diagnostic::warning(
                    &year.dir,
                    format!("operational objective `{}` has no action in {y}", oo.id),
                )
                .finding(Finding::NoAction {
                    objective: oo.id.value.clone(),
                    year: y,
                })
                .about(y, Some(oo.unit.as_str())),
            );
        }
    }
    diags
}

/// A text under one language's column that is evidently in another (French
/// typed under `Toelichting`): a warning naming the cell. The report shows
/// the text marked with the language it is in (see `report::context`).
fn wrong_language(
    origin: &Origin,
    kind: &str,
    id: &str,
    field: &str,
    texts: &Texts,
    diags: &mut Vec<Diagnostic>,
) {
    for column in texts.langs() {
        let written = texts.written_in(column);
        if written == column {
            continue;
        }
        diags.push(
            warning(
                origin,
                &format!("{field}_{column}"),
                format!("the {field} of {kind} `{id}` in the `{column}` column reads as `{written}`"),
            )
            .hint(format!(
                "move it to the {field}_{written} column, or write it in `{column}`; until then the report shows it marked as `{written}`"
            )),
        );
    }
}

/// The lead unit of an operational objective; strategic objectives have none.
fn lead_unit<'a>(framework: &'a Framework, objective: &str) -> Option<&'a str> {
    framework
        .operational_objective(objective)
        .map(|o| o.unit.as_str())
}

/// An action of last year whose date or budget is empty this year: a unit
/// that sends back its sheet with a carried-over field cleared would
/// otherwise lose the figure from the report without a word.
pub fn carried_over(previous: &YearData, year: &YearData) -> Vec<Diagnostic> {
    let before: HashMap<&str, &Action> = previous
        .actions
        .iter()
        .map(|a| (a.id.as_str(), a))
        .collect();
    let mut diags = Vec::new();
    for action in &year.actions {
        let Some(old) = before.get(action.id.as_str()) else {
            continue;
        };
        // Only a value that went missing is written out: most carried-over
        // actions keep all four.
        let date = |d: Option<NaiveDate>, now: Option<NaiveDate>| {
            d.filter(|_| now.is_none()).map(|d| d.to_string())
        };
        let amount = |a: Option<Decimal>, now: Option<Decimal>| {
            a.filter(|_| now.is_none())
                .map(|a| a.normalize().to_string())
        };
        for (field, lost) in [
            ("start", date(old.start, action.start)),
            ("due", date(old.due, action.due)),
            (
                "budget_planned",
                amount(old.budget_planned, action.budget_planned),
            ),
            (
                "budget_spent",
                amount(old.budget_spent, action.budget_spent),
            ),
        ] {
            if let Some(was) = lost {
                diags.push(
                    warning(
                        &action.origin,
                        field,
                        format!(
                            "`{field}` of action `{}` is empty in {}; it was {was} in {}",
                            action.id,
                            year.year,
                            previous.year
                        ),
                    )
                    .hint("write it again (the sheets of `koers sheets` carry it over); an empty cell is read as no value, and the report shows none")
                    .about(year.year, Some(&action.unit)),
                );
            }
        }
    }
    diags
}

fn warning(origin: &Origin, field: &str, message: String) -> Diagnostic {
    origin.place(Diagnostic::warning(origin.file(), message), field)
}

fn duplicates<'a>(
    rows: impl Iterator<Item = (&'a str, &'a Origin, Option<&'a str>)>,
    kind: &str,
    year: i32,
    diags: &mut Vec<Diagnostic>,
) {
    use crate::core::text::{MAX_ID_CHARS, id_key, is_invisible};
    let mut seen: HashMap<crate::core::text::IdKey, (&str, &Origin)> =
        HashMap::with_capacity(rows.size_hint().0);
    // Per (file of the first, file of the repeat), the repeated ids and
    // their errors, in the order found.
    let mut repeated: BTreeMap<(&Path, &Path), Vec<(&str, Diagnostic)>> = BTreeMap::new();
    for (id, origin, unit) in rows {
        let place = |message: String| {
            origin
                .place(Diagnostic::error(origin.file(), message), "id")
                .about(year, unit)
        };
        if let Some(c) = id.chars().find(|c| is_invisible(*c)) {
            diags.push(
                place(format!(
                    "{kind} id `{id}` holds an invisible character (U+{:04X})",
                    u32::from(c)
                ))
                .hint("retype the id: it looks the same as another without being it"),
            );
        }
        if id.chars().count() > MAX_ID_CHARS {
            diags.push(place(format!(
                "{kind} id `{}…` is longer than {MAX_ID_CHARS} characters",
                id.chars().take(20).collect::<String>()
            )));
        }
        let key = id_key(id);
        match seen.get(&key) {
            Some((first_id, first)) => {
                let what = match *first_id == id {
                    true => format!("duplicate {kind} id `{id}`"),
                    false => format!(
                        "duplicate {kind} id `{id}`: it differs from `{first_id}` only in case, accents' encoding or invisible characters"
                    ),
                };
                let error = place(what).hint(format!(
                    "`{first_id}` is already used at {}:{}",
                    first.file().display(),
                    first.line
                ));
                repeated
                    .entry((first.file(), origin.file()))
                    .or_default()
                    .push((id, error));
            }
            None => {
                seen.insert(key, (id, origin));
            }
        }
    }
    // Many ids of one file repeated in another is one problem, not many: an
    // old copy left in the year folder, or a file sent twice.
    for ((first, second), found) in repeated {
        // Within one file each repeat is its own error: the rows differ.
        if found.len() <= SAME_FILE_IDS || first == second {
            diags.extend(found.into_iter().map(|(_, error)| error));
            continue;
        }
        let examples: Vec<&str> = found.iter().take(3).map(|(id, _)| *id).collect();
        let lines: Vec<usize> = found.iter().filter_map(|(_, e)| e.line).collect();
        let (from, to) = (
            lines.iter().min().copied().unwrap_or(1),
            lines.iter().max().copied().unwrap_or(1),
        );
        let like = found.first().map(|(_, error)| error);
        let units: BTreeSet<&str> = found
            .iter()
            .filter_map(|(_, e)| e.unit.as_deref())
            .collect();
        let unit = match units.len() {
            1 => units.first().copied(),
            _ => None,
        };
        diags.push(
            Diagnostic::error(
                second,
                format!(
                    "{} {kind} ids of this file are already in `{}` ({}, …): is one of the two files an old copy, or the same data sent twice?",
                    found.len(),
                    first.display(),
                    examples.join(", "),
                ),
            )
            .at_line(from)
            .in_sheet(like.and_then(|e| e.sheet.as_deref()))
            .about(year, unit)
            .hint(format!(
                "the repeated rows are between line {from} and {to} of this file; keep each {kind} once: remove or rename the file that should not be read, or give the rows their own ids"
            )),
        );
    }
}

/// More ids than this repeated from one file in another are reported as
/// one error naming the two files.
const SAME_FILE_IDS: usize = 3;

/// The ids the framework defines, in its order (for the hint) and in a set
/// (every row of a year is looked up).
struct Known<'a> {
    list: Vec<&'a str>,
    set: HashSet<&'a str>,
}

impl<'a> Known<'a> {
    fn new(ids: impl Iterator<Item = &'a str>) -> Self {
        let list: Vec<&str> = ids.collect();
        let set = list.iter().copied().collect();
        Known { list, set }
    }
}

fn unknown(origin: &Origin, field: &str, id: &str, known: &Known, diags: &mut Vec<Diagnostic>) {
    if id.is_empty() || known.set.contains(id) {
        return;
    }
    let hint = match closest(id, known.list.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!("the framework defines: {}", known.list.join(", ")),
    };
    diags.push(
        origin
            .place(
                Diagnostic::error(origin.file(), format!("unknown {field} id `{id}`")),
                field,
            )
            .hint(hint),
    );
}

/// How many of one unit's texts of a year have no version written in one
/// language: the reports in that language show another, marked. The counts
/// a translator is asked to close; `check` lists them and the reports'
/// data-quality annex shows them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissingTranslations {
    pub unit: String,
    /// Action titles.
    pub titles: usize,
    /// Action comments.
    pub comments: usize,
    /// Names, measures and comments of the KPIs of the unit's objectives.
    pub indicators: usize,
}

/// Per unit of the framework, the texts of `year` that lack `lang`, then
/// under `org` the KPIs no unit leads (those of strategic objectives);
/// units with nothing missing are left out.
pub fn missing_translations(
    framework: &Framework,
    year: &YearData,
    lang: Lang,
) -> Vec<MissingTranslations> {
    // A text is missing when some language has it and none is written in
    // this one (a French text typed under the Dutch column is French).
    let lacks = |texts: &Texts| {
        usize::from(!texts.is_empty() && !texts.langs().any(|l| texts.written_in(l) == lang))
    };
    let plan_kpis: usize = year
        .indicators
        .iter()
        .filter(|k| lead_unit(framework, &k.objective).is_none())
        .map(|k| lacks(&k.names) + lacks(&k.measures) + lacks(&k.comments))
        .sum();
    let plan = MissingTranslations {
        unit: crate::model::framework::ORGANISATION_SCOPE.to_string(),
        titles: 0,
        comments: 0,
        indicators: plan_kpis,
    };
    framework
        .units
        .iter()
        .map(|unit| {
            let id = unit.id.as_str();
            let actions = year.actions.iter().filter(|a| a.unit == id);
            let (titles, comments) = actions.fold((0, 0), |(t, c), a| {
                (t + lacks(&a.titles), c + lacks(&a.comments))
            });
            let indicators = year
                .indicators
                .iter()
                .filter(|k| lead_unit(framework, &k.objective) == Some(id))
                .map(|k| lacks(&k.names) + lacks(&k.measures) + lacks(&k.comments))
                .sum();
            MissingTranslations {
                unit: id.to_string(),
                titles,
                comments,
                indicators,
            }
        })
        .chain(std::iter::once(plan))
        .filter(|m| m.titles + m.comments + m.indicators > 0)
        .collect()
}
