//! Framework + one year's rows → the model of one report. Pure: no I/O.
//!
//! Roll-ups are computed from the actions themselves at every level (not as a
//! mean of means), so an auditor can re-perform any figure from the action list
//! alone: the progress of a group is the mean progress of its actions with
//! cancelled actions left out, rounded half away from zero to one decimal.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::framework::{Framework, Lang, ORGANISATION_SCOPE, StrategicObjective};
use crate::inputs::{InputFile, YearData};
use crate::locale;
use crate::model::*;
use crate::progress::{Action, Status};

/// Whose actions a report covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeSel {
    Organisation,
    Unit(String),
}

impl ScopeSel {
    /// The organisation first, then each unit in framework order.
    pub fn all(framework: &Framework) -> Vec<ScopeSel> {
        std::iter::once(ScopeSel::Organisation)
            .chain(
                framework
                    .units
                    .iter()
                    .map(|u| ScopeSel::Unit(u.id.value.clone())),
            )
            .collect()
    }

    /// The scope's part of the output file name.
    pub fn name(&self) -> &str {
        match self {
            ScopeSel::Organisation => ORGANISATION_SCOPE,
            ScopeSel::Unit(id) => id,
        }
    }

    fn includes(&self, action: &Action) -> bool {
        match self {
            ScopeSel::Organisation => true,
            ScopeSel::Unit(id) => action.unit == *id,
        }
    }
}

/// Builds the model of the report for `year`, in `lang`, for `scope`.
/// `framework_file` is listed first among the report's sources.
pub fn report(
    framework: &Framework,
    framework_file: &InputFile,
    year: &YearData,
    lang: Lang,
    scope: &ScopeSel,
) -> Report {
    // Ordered by id, so a report does not depend on how units split their
    // data over files.
    let mut actions: Vec<&Action> = year.actions.iter().filter(|a| scope.includes(a)).collect();
    actions.sort_by(|a, b| natural_cmp(&a.id, &b.id));
    let ctx = Ctx {
        framework,
        lang,
        actions: &actions,
    };
    let as_of = NaiveDate::from_ymd_opt(year.year, 12, 31)
        .map(|d| locale::date(d, lang))
        .unwrap_or_default();
    Report {
        schema: SCHEMA_VERSION,
        koers_version: env!("CARGO_PKG_VERSION"),
        lang,
        labels: locale::labels(lang),
        plan: plan_info(framework, lang),
        year: year.year,
        as_of,
        state: "draft",
        scope: scope_info(framework, scope, lang),
        summary: Summary {
            progress: ctx.rollup(&actions),
            budget: ctx.budget(&actions),
            attention: actions
                .iter()
                .filter(|a| matches!(a.status, Status::AtRisk | Status::Delayed))
                .map(|a| ctx.row(a))
                .collect(),
        },
        framework: framework_text(framework, lang),
        priorities: ctx.priorities(scope),
        units: match scope {
            ScopeSel::Organisation => ctx.unit_rows(),
            ScopeSel::Unit(_) => Vec::new(),
        },
        sources: std::iter::once(framework_file)
            .chain(&year.files)
            .cloned()
            .collect(),
    }
}

/// Compares ids so that numbers inside them sort by value: `A-2` < `A-10`.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn chunks(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let bytes = s.as_bytes();
        for i in 1..=bytes.len() {
            let boundary =
                i == bytes.len() || bytes[i].is_ascii_digit() != bytes[i - 1].is_ascii_digit();
            if boundary {
                if let Some(chunk) = s.get(start..i) {
                    out.push((chunk.as_bytes()[0].is_ascii_digit(), chunk));
                }
                start = i;
            }
        }
        out
    }
    let (ca, cb) = (chunks(a), chunks(b));
    for ((da, x), (db, y)) in ca.iter().zip(&cb) {
        let order = if *da && *db {
            let (x, y) = (x.trim_start_matches('0'), y.trim_start_matches('0'));
            x.len().cmp(&y.len()).then_with(|| x.cmp(y))
        } else {
            x.cmp(y)
        };
        if order.is_ne() {
            return order;
        }
    }
    ca.len().cmp(&cb.len()).then_with(|| a.cmp(b))
}

fn plan_info(framework: &Framework, lang: Lang) -> PlanInfo {
    let plan = &framework.plan;
    PlanInfo {
        id: plan.id.value.clone(),
        organisation: plan.organisation.get(lang).to_string(),
        title: plan.title.get(lang).to_string(),
        start_year: plan.start_year,
        end_year: plan.end_year,
        signed_on: locale::date(plan.signed_on, lang),
        signatories: plan
            .signatories
            .iter()
            .map(|p| PersonText {
                name: p.name.clone(),
                role: p.role.get(lang).to_string(),
            })
            .collect(),
    }
}

fn scope_info(framework: &Framework, scope: &ScopeSel, lang: Lang) -> Scope {
    match scope {
        ScopeSel::Organisation => Scope {
            kind: "organisation",
            id: ORGANISATION_SCOPE.to_string(),
            name: locale::labels(lang)
                .get("whole_organisation")
                .copied()
                .unwrap_or_default()
                .to_string(),
        },
        ScopeSel::Unit(id) => Scope {
            kind: "unit",
            id: id.clone(),
            name: framework
                .unit(id)
                .map_or(id.as_str(), |u| u.name.get(lang))
                .to_string(),
        },
    }
}

fn framework_text(framework: &Framework, lang: Lang) -> FrameworkText {
    FrameworkText {
        mission: framework.mission.text.get(lang).to_string(),
        domains: framework
            .mission
            .domains
            .iter()
            .map(|d| d.get(lang).to_string())
            .collect(),
        values: framework
            .values
            .iter()
            .map(|v| v.name.get(lang).to_string())
            .collect(),
        vision: framework.vision.text.get(lang).to_string(),
        commitments: framework
            .vision
            .commitments
            .iter()
            .map(|c| c.get(lang).to_string())
            .collect(),
        priorities: framework
            .priorities
            .iter()
            .map(|p| IdTitle {
                id: p.id.value.clone(),
                title: p.title.get(lang).to_string(),
            })
            .collect(),
    }
}

struct Ctx<'a> {
    framework: &'a Framework,
    lang: Lang,
    /// The actions in scope.
    actions: &'a [&'a Action],
}

impl Ctx<'_> {
    fn on(&self, objective: &str) -> Vec<&Action> {
        self.actions
            .iter()
            .copied()
            .filter(|a| a.objective == objective)
            .collect()
    }

    fn unit_name(&self, id: &str) -> String {
        self.framework
            .unit(id)
            .map_or(id, |u| u.name.get(self.lang))
            .to_string()
    }

    fn rollup(&self, actions: &[&Action]) -> Progress {
        let counted: Vec<Decimal> = actions
            .iter()
            .filter(|a| a.status != Status::Cancelled)
            .map(|a| a.progress)
            .collect();
        let mean = (!counted.is_empty()).then(|| {
            let sum: Decimal = counted.iter().sum();
            locale::round(sum / Decimal::from(counted.len()), 1)
        });
        Progress {
            value: mean.and_then(|m| m.to_f64()),
            text: mean.map_or_else(|| "–".to_string(), |m| locale::percent(m, self.lang)),
            actions: actions.len(),
            counted: counted.len(),
            by_status: Status::ALL
                .into_iter()
                .map(|status| StatusCount {
                    status,
                    label: locale::status(status, self.lang),
                    count: actions.iter().filter(|a| a.status == status).count(),
                })
                .collect(),
        }
    }

    fn budget(&self, actions: &[&Action]) -> Budget {
        let planned: Decimal = actions.iter().filter_map(|a| a.budget_planned).sum();
        let spent: Decimal = actions.iter().filter_map(|a| a.budget_spent).sum();
        Budget {
            planned: planned.to_f64().unwrap_or_default(),
            spent: spent.to_f64().unwrap_or_default(),
            planned_text: locale::money(planned, self.lang),
            spent_text: locale::money(spent, self.lang),
            spent_share_text: spent
                .checked_mul(Decimal::ONE_HUNDRED)
                .and_then(|s| s.checked_div(planned))
                .map(|share| locale::percent(share, self.lang)),
        }
    }

    fn row(&self, action: &Action) -> ActionRow {
        let first = self.framework.first_language();
        ActionRow {
            id: action.id.clone(),
            title: action
                .titles
                .get(&self.lang)
                .or_else(|| action.titles.get(&first))
                .cloned()
                .unwrap_or_default(),
            unit: action.unit.clone(),
            status: action.status,
            status_label: locale::status(action.status, self.lang),
            progress: action.progress.to_f64().unwrap_or_default(),
            progress_text: locale::percent(action.progress, self.lang),
            due: action.due.map(|d| locale::short_date(d, self.lang)),
            comment: action.comment.clone(),
        }
    }

    fn rows(&self, actions: &[&Action]) -> Vec<ActionRow> {
        actions.iter().map(|a| self.row(a)).collect()
    }

    /// Every priority with its objectives. A unit's report keeps only the
    /// objectives that hold some of its actions, so it does not list the
    /// whole plan as empty sections.
    fn priorities(&self, scope: &ScopeSel) -> Vec<PriorityBlock> {
        let prune = matches!(scope, ScopeSel::Unit(_));
        self.framework
            .priorities
            .iter()
            .filter_map(|priority| {
                let sos: Vec<StrategicBlock> = self
                    .framework
                    .strategic_objectives
                    .iter()
                    .filter(|so| so.priorities.iter().any(|p| p.value == priority.id.value))
                    .map(|so| self.strategic(so, prune))
                    .filter(|block| !prune || block.progress.actions > 0)
                    .collect();
                let actions: Vec<&Action> = self
                    .framework
                    .strategic_objectives
                    .iter()
                    .filter(|so| so.priorities.iter().any(|p| p.value == priority.id.value))
                    .flat_map(|so| self.under_strategic(so))
                    .collect();
                if prune && actions.is_empty() {
                    return None;
                }
                Some(PriorityBlock {
                    id: priority.id.value.clone(),
                    title: priority.title.get(self.lang).to_string(),
                    progress: self.rollup(&actions),
                    strategic_objectives: sos,
                })
            })
            .collect()
    }

    /// The actions of a strategic objective: its own and its operational
    /// objectives'.
    fn under_strategic(&self, so: &StrategicObjective) -> Vec<&Action> {
        let mut actions = self.on(so.id.as_str());
        for oo in &self.framework.operational_objectives {
            if oo.strategic_objective.value == so.id.value {
                actions.extend(self.on(oo.id.as_str()));
            }
        }
        actions
    }

    fn strategic(&self, so: &StrategicObjective, prune: bool) -> StrategicBlock {
        let all = self.under_strategic(so);
        StrategicBlock {
            id: so.id.value.clone(),
            title: so.title.get(self.lang).to_string(),
            progress: self.rollup(&all),
            actions: self.rows(&self.on(so.id.as_str())),
            operational_objectives: self
                .framework
                .operational_objectives
                .iter()
                .filter(|oo| oo.strategic_objective.value == so.id.value)
                .map(|oo| {
                    let actions = self.on(oo.id.as_str());
                    OperationalBlock {
                        id: oo.id.value.clone(),
                        title: oo.title.get(self.lang).to_string(),
                        unit_id: oo.unit.value.clone(),
                        unit: self.unit_name(oo.unit.as_str()),
                        progress: self.rollup(&actions),
                        actions: self.rows(&actions),
                    }
                })
                .filter(|block| !prune || !block.actions.is_empty())
                .collect(),
        }
    }

    fn unit_rows(&self) -> Vec<UnitRow> {
        self.framework
            .units
            .iter()
            .map(|unit| {
                let actions: Vec<&Action> = self
                    .actions
                    .iter()
                    .copied()
                    .filter(|a| a.unit == unit.id.value)
                    .collect();
                UnitRow {
                    id: unit.id.value.clone(),
                    name: unit.name.get(self.lang).to_string(),
                    attention: actions
                        .iter()
                        .filter(|a| matches!(a.status, Status::AtRisk | Status::Delayed))
                        .count(),
                    progress: self.rollup(&actions),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::framework::Framework;
    use crate::progress::read_actions;
    use crate::table::read_csv;

    fn fixture() -> (Framework, YearData) {
        let text = include_str!("../tests/fixtures/small/framework.toml");
        let (framework, diags) = Framework::parse(text, Path::new("framework.toml"));
        assert!(diags.is_empty(), "{diags:?}");
        let framework = framework.expect("framework");
        let csv = include_bytes!("../tests/fixtures/small/2023/actions.csv");
        let table = read_csv(csv, Path::new("actions.csv")).expect("table");
        let mut diags = Vec::new();
        let actions = read_actions(&table, Lang::Nl, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        let year = YearData {
            year: 2023,
            dir: "2023".into(),
            actions,
            indicators: Vec::new(),
            files: Vec::new(),
        };
        (framework, year)
    }

    fn file() -> InputFile {
        InputFile {
            path: "framework.toml".into(),
            size: 1,
            sha256: "00".into(),
        }
    }

    #[test]
    fn rolls_up_from_actions_at_every_level() {
        let (fw, year) = fixture();
        let r = report(&fw, &file(), &year, Lang::Nl, &ScopeSel::Organisation);
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
            .map(|u| (u.id.as_str(), u.progress.value, u.attention))
            .collect();
        assert_eq!(units, vec![("U1", Some(15.0), 1), ("U2", Some(45.2), 0)]);
        assert_eq!(r.summary.budget.planned_text, "€\u{a0}3.501");
        let attention: Vec<&str> = r.summary.attention.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(attention, vec!["A2"]);
    }

    #[test]
    fn a_unit_scope_keeps_only_its_actions_and_objectives() {
        let (fw, year) = fixture();
        let r = report(&fw, &file(), &year, Lang::Fr, &ScopeSel::Unit("U2".into()));
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
    }

    #[test]
    fn ids_sort_naturally() {
        let mut ids = vec!["A-DVZ-10", "A-DVZ-2", "A-CS-1", "A-DVZ-02", "B", "A"];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            ids,
            vec!["A", "A-CS-1", "A-DVZ-02", "A-DVZ-2", "A-DVZ-10", "B"]
        );
    }

    #[test]
    fn a_group_with_only_cancelled_actions_has_no_progress() {
        let (fw, mut year) = fixture();
        year.actions.retain(|a| a.id == "A6");
        let r = report(&fw, &file(), &year, Lang::En, &ScopeSel::Organisation);
        assert_eq!(r.summary.progress.value, None);
        assert_eq!(r.summary.progress.text, "–");
        assert_eq!(r.summary.progress.actions, 1);
    }
}
