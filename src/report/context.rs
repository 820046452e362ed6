//! The arithmetic of one report: actions in scope grouped by priority,
//! strategic and operational objective and unit, rolled up from the actions
//! themselves at every level.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::model::*;
use super::rules::{rag_of_group, rag_of_kpi};
use super::scope::ScopeSel;
use crate::core::lang::Texts;
use crate::core::text::{breakable, natural_cmp};
use crate::core::{Lang, RagCode, Status};
use crate::i18n::{self, Catalog};
use crate::intake::YearData;
use crate::model::framework::{Framework, StrategicObjective};
use crate::model::progress::{Action, Indicator};

/// A year's actions in `scope`, in natural id order (`A2` before `A10`).
fn sorted_in_scope<'a>(year: &'a YearData, scope: &ScopeSel) -> Vec<&'a Action> {
    let mut actions: Vec<&Action> = year.actions.iter().filter(|a| scope.includes(a)).collect();
    actions.sort_by(|a, b| natural_cmp(&a.id, &b.id));
    actions
}

pub(super) struct Ctx<'a> {
    framework: &'a Framework,
    pub(super) catalog: &'a Catalog,
    pub(super) lang: Lang,
    scope: &'a ScopeSel,
    year: &'a YearData,
    /// The plan years up to the report's, oldest first.
    earlier: &'a [&'a YearData],
    /// Each of those years' actions in scope, in id order: sorted once, as
    /// every priority's history asks for them again.
    scoped: Vec<(i32, Vec<&'a Action>)>,
    /// Whether the chapters list the actions (see `Report::actions_listed`).
    pub(super) list_actions: bool,
}

impl<'a> Ctx<'a> {
    /// A rating with its word, so it is never shown by colour alone.
    fn rag(&self, code: Option<RagCode>) -> Option<Rag> {
        code.map(|code| Rag {
            code,
            label: self.catalog.rag(code, self.lang),
        })
    }

    pub(super) fn new(
        framework: &'a Framework,
        catalog: &'a Catalog,
        year: &'a YearData,
        earlier: &'a [&'a YearData],
        lang: Lang,
        scope: &'a ScopeSel,
    ) -> Self {
        let scoped = earlier
            .iter()
            .chain(std::iter::once(&year))
            .map(|y| (y.year, sorted_in_scope(y, scope)))
            .collect();
        Self {
            framework,
            catalog,
            lang,
            scope,
            year,
            earlier,
            scoped,
            list_actions: true,
        }
    }

    /// A year's actions in scope, ordered by id so a report does not depend
    /// on how units split their data over files.
    pub(super) fn in_scope(&self, year: &'a YearData) -> Vec<&'a Action> {
        match self.scoped.iter().find(|(y, _)| *y == year.year) {
            Some((_, actions)) => actions.clone(),
            None => sorted_in_scope(year, self.scope),
        }
    }

    pub(super) fn on<'b>(&self, actions: &[&'b Action], objective: &str) -> Vec<&'b Action> {
        actions
            .iter()
            .copied()
            .filter(|a| a.objective == objective)
            .collect()
    }

    pub(super) fn unit_name(&self, id: &str) -> String {
        self.framework
            .unit(id)
            .map_or(id, |u| u.name.get(self.lang))
            .to_string()
    }

    pub(super) fn rollup(&self, actions: &[&Action]) -> Progress {
        let counted: Vec<Decimal> = actions
            .iter()
            .filter(|a| a.status != Status::Cancelled)
            .map(|a| a.progress)
            .collect();
        let mean = (!counted.is_empty()).then(|| {
            let sum: Decimal = counted.iter().sum();
            i18n::round(sum / Decimal::from(counted.len()), 1)
        });
        Progress {
            value: mean.and_then(|m| m.to_f64()),
            text: mean.map_or_else(|| "–".to_string(), |m| i18n::percent(m, self.lang)),
            actions: actions.len(),
            actions_text: i18n::number(Decimal::from(actions.len()), 0, self.lang),
            actions_phrase: self
                .catalog
                .count(self.lang, "count-actions", actions.len()),
            counted: counted.len(),
            by_status: Status::ALL
                .into_iter()
                .map(|status| StatusCount {
                    status,
                    label: self.catalog.status(status, self.lang),
                    count: actions.iter().filter(|a| a.status == status).count(),
                })
                .collect(),
            rag: self.rag(rag_of_group(actions, &self.framework.rag)),
        }
    }

    pub(super) fn budget(&self, actions: &[&Action]) -> Budget {
        let planned: Decimal = actions.iter().filter_map(|a| a.budget_planned).sum();
        let spent: Decimal = actions.iter().filter_map(|a| a.budget_spent).sum();
        Budget {
            planned: planned.to_f64().unwrap_or_default(),
            spent: spent.to_f64().unwrap_or_default(),
            planned_text: i18n::money(planned, self.lang),
            spent_text: i18n::money(spent, self.lang),
            planned_short: i18n::money_short(planned, self.lang),
            spent_short: i18n::money_short(spent, self.lang),
            spent_share_text: spent
                .checked_mul(Decimal::ONE_HUNDRED)
                .and_then(|s| s.checked_div(planned))
                .map(|share| i18n::percent(share, self.lang)),
        }
    }

    /// A text written in the report's language (whichever column it was
    /// typed in), or else the one in the report's column, the plan's first
    /// language's, or any: with the language it is written in when that is
    /// not the report's, so the page shows it and the PDF tags it.
    pub(super) fn pick(&self, texts: &Texts) -> (Option<String>, Option<Lang>) {
        let first = self.framework.first_language();
        let own = texts
            .get(self.lang)
            .filter(|_| texts.written_in(self.lang) == self.lang)
            .map(|text| (self.lang, text));
        let found = own
            .or_else(|| {
                texts
                    .iter()
                    .find(|(column, _)| texts.written_in(*column) == self.lang)
            })
            .or_else(|| {
                [self.lang, first]
                    .into_iter()
                    .find_map(|lang| Some((lang, texts.get(lang)?)))
            })
            .or_else(|| texts.iter().next());
        match found {
            Some((column, text)) => {
                let written = texts.written_in(column);
                (
                    Some(breakable(text)),
                    (written != self.lang).then_some(written),
                )
            }
            None => (None, None),
        }
    }

    pub(super) fn row(&self, action: &Action) -> ActionRow {
        let (title, title_lang) = self.pick(&action.titles);
        let (comment, comment_lang) = self.pick(&action.comments);
        ActionRow {
            id: action.id.clone(),
            comment_short: None,
            comment_continued: None,
            title: title.unwrap_or_default(),
            title_lang,
            unit: action.unit.clone(),
            status: action.status,
            status_label: self.catalog.status(action.status, self.lang),
            progress: action.progress.to_f64().unwrap_or_default(),
            progress_text: i18n::percent(action.progress, self.lang),
            due: action.due.map(|d| i18n::short_date(d, self.lang)),
            comment,
            comment_lang,
        }
    }

    /// The rows of the chapters' action lists; none when the report
    /// leaves them to the unit reports.
    pub(super) fn rows(&self, actions: &[&Action]) -> Vec<ActionRow> {
        if !self.list_actions {
            return Vec::new();
        }
        actions.iter().map(|a| self.row(a)).collect()
    }

    pub(super) fn strategic_of<'p>(
        &self,
        priority: &'p str,
    ) -> impl Iterator<Item = &'a StrategicObjective> + use<'a, 'p> {
        self.framework
            .strategic_objectives
            .iter()
            .filter(move |so| so.priorities.iter().any(|p| p.value == priority))
    }

    /// The objectives whose actions count for a strategic objective: itself
    /// and its operational objectives.
    fn objectives_under<'f>(&'f self, so: &'f StrategicObjective) -> Vec<&'f str> {
        std::iter::once(so.id.as_str())
            .chain(
                self.framework
                    .operational_objectives
                    .iter()
                    .filter(|oo| oo.strategic_objective.value == so.id.value)
                    .map(|oo| oo.id.as_str()),
            )
            .collect()
    }

    /// The actions of a strategic objective: its own and its operational
    /// objectives'. `actions` are in id order (as [`Ctx::in_scope`] gives
    /// them) and the result keeps it: filtering, not sorting, keeps this
    /// linear at tens of thousands of actions.
    pub(super) fn under_strategic<'b>(
        &self,
        actions: &[&'b Action],
        so: &StrategicObjective,
    ) -> Vec<&'b Action> {
        let objectives = self.objectives_under(so);
        actions
            .iter()
            .copied()
            .filter(|a| objectives.contains(&a.objective.as_str()))
            .collect()
    }

    /// The actions under a priority, in the order of `actions` (id order);
    /// an objective under two priorities counts for both.
    pub(super) fn under_priority<'b>(
        &self,
        actions: &[&'b Action],
        priority: &str,
    ) -> Vec<&'b Action> {
        let objectives: Vec<&str> = self
            .strategic_of(priority)
            .flat_map(|so| self.objectives_under(so))
            .collect();
        actions
            .iter()
            .copied()
            .filter(|a| objectives.contains(&a.objective.as_str()))
            .collect()
    }

    /// Every priority with its objectives. A unit's report keeps only the
    /// objectives that hold some of its actions or KPIs, so it does not list
    /// the whole plan as empty sections.
    pub(super) fn priorities(&self, actions: &[&Action]) -> Vec<PriorityBlock> {
        let prune = matches!(self.scope, ScopeSel::Unit(_));
        self.framework
            .priorities
            .iter()
            .filter_map(|priority| {
                let id = priority.id.as_str();
                let sos: Vec<StrategicBlock> = self
                    .strategic_of(id)
                    .map(|so| self.strategic(actions, so, prune))
                    .filter(|b| {
                        !prune || b.progress.actions > 0 || !b.operational_objectives.is_empty()
                    })
                    .collect();
                let mine = self.under_priority(actions, id);
                if prune && sos.is_empty() {
                    return None;
                }
                let (title, title_lang) = self.framework_title(&priority.title);
                Some(PriorityBlock {
                    id: id.to_string(),
                    title,
                    title_lang,
                    progress: self.rollup(&mine),
                    budget: self.budget(&mine),
                    commentary: None,
                    history: self.history(|year| self.under_priority(&self.in_scope(year), id)),
                    strategic_objectives: sos,
                })
            })
            .collect()
    }

    /// The progress of some actions in every plan year so far.
    pub(super) fn history(
        &self,
        select: impl Fn(&'a YearData) -> Vec<&'a Action>,
    ) -> Vec<YearValue> {
        self.earlier
            .iter()
            .map(|year| {
                let progress = self.rollup(&select(year));
                YearValue {
                    year: year.year,
                    value: progress.value,
                    text: progress.text,
                }
            })
            .collect()
    }

    /// A plan text as this report shows it, with its language when it is
    /// not the report's (see [`crate::model::framework::Loc::shown`]).
    fn framework_title(&self, loc: &crate::model::framework::Loc) -> (String, Option<Lang>) {
        let (text, lang) = loc.shown(self.lang, self.framework.first_language());
        (text.to_string(), lang)
    }

    pub(super) fn strategic(
        &self,
        actions: &[&Action],
        so: &StrategicObjective,
        prune: bool,
    ) -> StrategicBlock {
        let all = self.under_strategic(actions, so);
        let so_id = so.id.as_str();
        let (title, title_lang) = self.framework_title(&so.title);
        StrategicBlock {
            id: so.id.value.clone(),
            title,
            title_lang,
            progress: self.rollup(&all),
            budget: self.budget(&all),
            actions: self.rows(&self.on(actions, so_id)),
            indicators: self.indicators(|k| k.objective == so_id),
            operational_objectives: self
                .framework
                .operational_objectives
                .iter()
                .filter(|oo| oo.strategic_objective.value == so.id.value)
                .map(|oo| {
                    let mine = self.on(actions, oo.id.as_str());
                    let (title, title_lang) = self.framework_title(&oo.title);
                    OperationalBlock {
                        id: oo.id.value.clone(),
                        title,
                        title_lang,
                        unit_id: oo.unit.value.clone(),
                        unit: self.unit_name(oo.unit.as_str()),
                        progress: self.rollup(&mine),
                        budget: self.budget(&mine),
                        actions: self.rows(&mine),
                        indicators: self.indicators(|k| k.objective == oo.id.value),
                    }
                })
                .filter(|b| !prune || !b.actions.is_empty() || !b.indicators.is_empty())
                .collect(),
        }
    }

    pub(super) fn unit_rows(&self, actions: &[&Action]) -> Vec<UnitRow> {
        self.framework
            .units
            .iter()
            .map(|unit| {
                let mine: Vec<&Action> = actions
                    .iter()
                    .copied()
                    .filter(|a| a.unit == unit.id.value)
                    .collect();
                let count = |status| mine.iter().filter(|a| a.status == status).count();
                UnitRow {
                    id: unit.id.value.clone(),
                    name: unit.name.get(self.lang).to_string(),
                    at_risk: count(Status::AtRisk),
                    delayed: count(Status::Delayed),
                    budget: self.budget(&mine),
                    progress: self.rollup(&mine),
                }
            })
            .collect()
    }

    /// This year's KPIs in scope that `select` keeps, ordered by id.
    pub(super) fn indicators(&self, select: impl Fn(&Indicator) -> bool) -> Vec<IndicatorRow> {
        let mut rows: Vec<&Indicator> = self
            .year
            .indicators
            .iter()
            .filter(|k| self.scope.includes_indicator(self.framework, k) && select(k))
            .collect();
        rows.sort_by(|a, b| natural_cmp(&a.id, &b.id));
        rows.into_iter().map(|k| self.indicator(k)).collect()
    }

    pub(super) fn indicator(&self, k: &Indicator) -> IndicatorRow {
        let value = |v: Option<Decimal>| v.and_then(|v| v.to_f64());
        let value_text =
            |v: Option<Decimal>| v.map_or_else(|| "–".to_string(), |v| self.kpi_number(v));
        let (name, name_lang) = self.pick(&k.names);
        let (comment, comment_lang) = self.pick(&k.comments);
        let (measure, measure_lang) = self.pick(&k.measures);
        IndicatorRow {
            id: k.id.clone(),
            objective_id: k.objective.clone(),
            name: name.unwrap_or_default(),
            name_lang,
            measure: measure.unwrap_or_default(),
            measure_lang,
            direction: k.direction,
            direction_label: self.catalog.direction(k.direction, self.lang),
            baseline: value(k.baseline),
            baseline_text: value_text(k.baseline),
            target: value(k.target),
            target_text: value_text(k.target),
            actual: value(k.actual),
            actual_text: value_text(k.actual),
            rag: self.rag(rag_of_kpi(k, &self.framework.rag)),
            trend: self
                .earlier
                .iter()
                .map(|year| {
                    let actual = year
                        .indicators
                        .iter()
                        .find(|other| other.id == k.id)
                        .and_then(|other| other.actual);
                    YearValue {
                        year: year.year,
                        value: value(actual),
                        text: value_text(actual),
                    }
                })
                .collect(),
            comment,
            comment_lang,
        }
    }

    /// KPI values keep their own precision, up to two decimals.
    pub(super) fn kpi_number(&self, value: Decimal) -> String {
        i18n::number(value, value.normalize().scale().min(2), self.lang)
    }

    pub(super) fn plan_period(&self) -> PlanPeriod {
        PlanPeriod {
            start_year: self.framework.plan.start_year,
            end_year: self.framework.plan.end_year,
            years: self
                .earlier
                .iter()
                .map(|year| {
                    let actions = self.in_scope(year);
                    PeriodYear {
                        year: year.year,
                        completed: actions
                            .iter()
                            .filter(|a| a.status == Status::Completed)
                            .count(),
                        budget: self.budget(&actions),
                        progress: self.rollup(&actions),
                    }
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod breaking {
    use crate::core::text::breakable;

    #[test]
    fn only_long_words_get_break_opportunities() {
        assert_eq!(breakable("Een gewone zin."), "Een gewone zin.");
        let long = "x".repeat(45);
        let broken = breakable(&format!("zie {long} hier"));
        assert_eq!(broken.matches('\u{200B}').count(), 2);
        assert_eq!(broken.replace('\u{200B}', ""), format!("zie {long} hier"));
    }
}
