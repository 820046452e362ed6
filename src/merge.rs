//! Framework + the years' rows → the model of one report. Pure: no I/O.
//!
//! Roll-ups are computed from the actions themselves at every level (not as a
//! mean of means), so an auditor can re-perform any figure from the action list
//! alone: the progress of a group is the mean progress of its actions with
//! cancelled actions left out, rounded half away from zero to one decimal.
//! The red/amber/green rules are in [`rag_of_group`] and [`rag_of_kpi`], and
//! printed in every report's annex.

use std::cmp::Ordering;
use std::path::Path;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::diagnostics::{Diagnostic, Severity};
use crate::framework::{Framework, Lang, ORGANISATION_SCOPE, RagRules, StrategicObjective};
use crate::inputs::{Inputs, YearData};
use crate::locale;
use crate::model::*;
use crate::progress::{Action, Direction, Indicator, Status};
use crate::signoff::ApproverState;

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

    /// Organisation reports show every KPI; a unit's, those of the
    /// operational objectives it leads.
    fn includes_indicator(&self, framework: &Framework, indicator: &Indicator) -> bool {
        match self {
            ScopeSel::Organisation => true,
            ScopeSel::Unit(id) => framework
                .operational_objective(&indicator.objective)
                .is_some_and(|o| o.unit.value == *id),
        }
    }

    fn includes_diagnostic(&self, diagnostic: &Diagnostic) -> bool {
        match self {
            ScopeSel::Organisation => true,
            ScopeSel::Unit(id) => diagnostic.unit.as_deref() == Some(id.as_str()),
        }
    }
}

/// What a build knows besides the data: the run's diagnostics and template.
pub struct Run<'a> {
    pub inputs: &'a Inputs,
    /// All of the run's diagnostics; the warnings about a report's year and
    /// scope go into its data-quality annex.
    pub diagnostics: &'a [Diagnostic],
    pub template: TemplateText,
    /// The files of a custom template folder, attached to each report; empty
    /// for the built-in template, which its hash and the Koers version
    /// identify.
    pub template_files: Vec<String>,
}

impl<'a> Run<'a> {
    /// A run with `templates`: a custom template is named `custom` (not by
    /// its folder, so a report does not depend on where the template lay)
    /// and its files are attached to every report.
    pub fn new(
        inputs: &'a Inputs,
        diagnostics: &'a [Diagnostic],
        templates: &crate::render::Templates,
    ) -> Self {
        let builtin = templates.is_builtin();
        Run {
            inputs,
            diagnostics,
            template: TemplateText {
                origin: if builtin { "built-in" } else { "custom" }.to_string(),
                sha256: templates.hash(),
            },
            template_files: match builtin {
                true => Vec::new(),
                false => templates
                    .files()
                    .map(|(name, _)| name.to_string())
                    .collect(),
            },
        }
    }
}

/// Where a year stands: its fingerprint and its approvals.
pub struct YearStatus {
    /// The `sha256sum`-style lines the fingerprint is the hash of.
    pub fingerprint_text: String,
    pub fingerprint: String,
    pub approvers: Vec<ApproverState>,
    pub is_final: bool,
    /// The date written into the year's PDFs (see `build::document_date`).
    pub document_date: chrono::NaiveDate,
}

/// The virtual path of the approvals JSON served to the template.
pub const APPROVALS_PATH: &str = "/approvals.json";

/// Builds the model of the report for `year`, in `lang`, for `scope`.
pub fn report(
    run: &Run,
    year: &YearData,
    status: &YearStatus,
    lang: Lang,
    scope: &ScopeSel,
) -> Report {
    let inputs = run.inputs;
    let diagnostics = run.diagnostics;
    let framework = &inputs.framework;
    let earlier: Vec<&YearData> = inputs
        .years
        .iter()
        .filter(|y| y.year <= year.year)
        .collect();
    let ctx = Ctx::new(framework, year, &earlier, lang, scope);
    let actions = ctx.in_scope(year);
    let is_last = year.year == framework.plan.end_year;
    Report {
        schema: SCHEMA_VERSION,
        koers_version: env!("CARGO_PKG_VERSION"),
        lang,
        labels: locale::labels(lang),
        plan: plan_info(framework, lang),
        year: year.year,
        as_of: locale::date(year.as_of, lang),
        as_of_iso: year.as_of.format("%Y-%m-%d").to_string(),
        state: if status.is_final { "final" } else { "draft" },
        scope: scope_info(framework, scope, lang),
        signoff: signoff_info(framework, status, lang),
        attachments: attachments(run, year),
        template: run.template.clone(),
        years: earlier.iter().map(|y| y.year).collect(),
        summary: Summary {
            progress: ctx.rollup(&actions),
            budget: ctx.budget(&actions),
            budget_by_priority: framework
                .priorities
                .iter()
                .map(|p| (p, ctx.under_priority(&actions, p.id.as_str())))
                .filter(|(_, mine)| *scope == ScopeSel::Organisation || !mine.is_empty())
                .map(|(p, mine)| LabelledBudget {
                    id: p.id.value.clone(),
                    budget: ctx.budget(&mine),
                })
                .collect(),
            attention: actions
                .iter()
                .filter(|a| matches!(a.status, Status::AtRisk | Status::Delayed))
                .map(|a| ctx.row(a))
                .collect(),
        },
        framework: framework_text(framework, lang),
        priorities: ctx.priorities(&actions),
        units: match scope {
            ScopeSel::Organisation => ctx.unit_rows(&actions),
            ScopeSel::Unit(_) => Vec::new(),
        },
        indicators: ctx.indicators(|_| true),
        quality: quality(&inputs.root, diagnostics, year.year, lang, scope),
        rules: Rules {
            kpi_tolerance: framework.rag.kpi_tolerance,
            group_amber: framework.rag.group_amber,
            group_red: framework.rag.group_red,
        },
        plan_period: is_last.then(|| ctx.plan_period()),
        sources: inputs
            .files_up_to(year.year)
            .map(|f| SourceRow {
                path: f.path.clone(),
                size: f.size,
                size_text: locale::number(Decimal::from(f.size), 0, lang),
                sha256: f.sha256.clone(),
            })
            .collect(),
    }
}

fn signoff_info(framework: &Framework, status: &YearStatus, lang: Lang) -> SignoffInfo {
    SignoffInfo {
        is_final: status.is_final,
        fingerprint: status.fingerprint.clone(),
        approvals: status
            .approvers
            .iter()
            .map(|state| {
                let role = framework
                    .approvers
                    .iter()
                    .find(|a| a.name == state.name)
                    .map_or("", |a| a.role.get(lang));
                ApprovalRow {
                    name: state.name.clone(),
                    role: role.to_string(),
                    standing: state.standing,
                    standing_label: locale::standing(state.standing, lang),
                    date: state.approval.as_ref().map(|a| locale::date(a.date, lang)),
                    fingerprint: state.approval.as_ref().map(|a| a.fingerprint.clone()),
                }
            })
            .collect(),
    }
}

/// The files attached to a report: the year's inputs, its approvals and a
/// custom template's files.
fn attachments(run: &Run, year: &YearData) -> Vec<Attachment> {
    let inputs = run.inputs.files_up_to(year.year).map(|f| Attachment {
        path: format!("/inputs/{}", f.path),
        mime_type: mime_type(&f.path),
        description: format!("Input file {} (SHA-256 {})", f.path, f.sha256),
        relationship: "source",
    });
    let approvals = std::iter::once(Attachment {
        path: APPROVALS_PATH.to_string(),
        mime_type: "application/json",
        description: format!(
            "Approvals and input fingerprint of the {} report",
            year.year
        ),
        relationship: "data",
    });
    let template = run.template_files.iter().map(|name| Attachment {
        path: format!("/template/{name}"),
        mime_type: mime_type(name),
        description: format!("Template file {name}"),
        relationship: "source",
    });
    inputs.chain(approvals).chain(template).collect()
}

fn mime_type(path: &str) -> &'static str {
    match path
        .rsplit('.')
        .next()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("csv") => "text/csv",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("toml") => "application/toml",
        Some("typ") => "text/plain",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

/// Compares ids so that numbers inside them sort by value: `A-2` < `A-10`.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
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

/// A group is green while at most `group_amber`% of its counted actions are
/// at risk or delayed, amber up to `group_red`%, red above.
pub fn rag_of_group(actions: &[&Action], rules: &RagRules, lang: Lang) -> Option<Rag> {
    let counted = actions
        .iter()
        .filter(|a| a.status != Status::Cancelled)
        .count();
    if counted == 0 {
        return None;
    }
    let troubled = actions
        .iter()
        .filter(|a| matches!(a.status, Status::AtRisk | Status::Delayed))
        .count();
    // Compared in integers: troubled / counted > threshold / 100.
    let share_above = |threshold: u32| troubled * 100 > counted * threshold as usize;
    Some(rag(
        if share_above(rules.group_red) {
            "red"
        } else if share_above(rules.group_amber) {
            "amber"
        } else {
            "green"
        },
        lang,
    ))
}

/// A KPI is green when its actual value meets the target in its direction,
/// amber when it misses by at most `kpi_tolerance`% of the target's absolute
/// value, red beyond.
pub fn rag_of_kpi(indicator: &Indicator, rules: &RagRules, lang: Lang) -> Option<Rag> {
    let (target, actual) = (indicator.target?, indicator.actual?);
    let shortfall = match indicator.direction {
        Direction::Higher => target - actual,
        Direction::Lower => actual - target,
    };
    let tolerance = target.abs() * Decimal::from(rules.kpi_tolerance) / Decimal::ONE_HUNDRED;
    Some(rag(
        if shortfall <= Decimal::ZERO {
            "green"
        } else if shortfall <= tolerance {
            "amber"
        } else {
            "red"
        },
        lang,
    ))
}

fn rag(code: &'static str, lang: Lang) -> Rag {
    Rag {
        code,
        label: locale::rag(code, lang),
    }
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
    let texts =
        |locs: &[crate::framework::Loc]| locs.iter().map(|l| l.get(lang).to_string()).collect();
    FrameworkText {
        mission: framework.mission.text.get(lang).to_string(),
        domains: texts(&framework.mission.domains),
        values: framework
            .values
            .iter()
            .map(|v| v.name.get(lang).to_string())
            .collect(),
        vision: framework.vision.text.get(lang).to_string(),
        commitments: texts(&framework.vision.commitments),
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

/// The warnings about `year`'s data in `scope`, placed relative to the
/// inputs folder.
fn quality(
    root: &Path,
    diagnostics: &[Diagnostic],
    year: i32,
    lang: Lang,
    scope: &ScopeSel,
) -> Vec<QualityRow> {
    diagnostics
        .iter()
        .filter(|d| {
            d.severity == Severity::Warning
                && d.year == Some(year)
                && d.lang.is_none_or(|l| l == lang)
                && scope.includes_diagnostic(d)
        })
        .map(|d| {
            let mut place = d
                .file
                .strip_prefix(root)
                .unwrap_or(&d.file)
                .to_string_lossy()
                .replace('\\', "/");
            if let Some(line) = d.line {
                place.push_str(&format!(":{line}"));
                if let Some(column) = d.column {
                    place.push_str(&format!(":{column}"));
                }
            }
            QualityRow {
                place,
                field: d.field.clone(),
                message: d
                    .finding
                    .as_ref()
                    .map_or_else(|| d.message.clone(), |f| locale::finding(f, lang)),
            }
        })
        .collect()
}

struct Ctx<'a> {
    framework: &'a Framework,
    lang: Lang,
    scope: &'a ScopeSel,
    year: &'a YearData,
    /// The plan years up to the report's, oldest first.
    earlier: &'a [&'a YearData],
}

impl<'a> Ctx<'a> {
    fn new(
        framework: &'a Framework,
        year: &'a YearData,
        earlier: &'a [&'a YearData],
        lang: Lang,
        scope: &'a ScopeSel,
    ) -> Self {
        Self {
            framework,
            lang,
            scope,
            year,
            earlier,
        }
    }

    /// A year's actions in scope, ordered by id so a report does not depend
    /// on how units split their data over files.
    fn in_scope(&self, year: &'a YearData) -> Vec<&'a Action> {
        let mut actions: Vec<&Action> = year
            .actions
            .iter()
            .filter(|a| self.scope.includes(a))
            .collect();
        actions.sort_by(|a, b| natural_cmp(&a.id, &b.id));
        actions
    }

    fn on<'b>(&self, actions: &[&'b Action], objective: &str) -> Vec<&'b Action> {
        actions
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
            rag: rag_of_group(actions, &self.framework.rag, self.lang),
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

    fn strategic_of<'p>(
        &self,
        priority: &'p str,
    ) -> impl Iterator<Item = &'a StrategicObjective> + use<'a, 'p> {
        self.framework
            .strategic_objectives
            .iter()
            .filter(move |so| so.priorities.iter().any(|p| p.value == priority))
    }

    /// The actions of a strategic objective: its own and its operational
    /// objectives'.
    fn under_strategic<'b>(
        &self,
        actions: &[&'b Action],
        so: &StrategicObjective,
    ) -> Vec<&'b Action> {
        let mut found = self.on(actions, so.id.as_str());
        for oo in &self.framework.operational_objectives {
            if oo.strategic_objective.value == so.id.value {
                found.extend(self.on(actions, oo.id.as_str()));
            }
        }
        found.sort_by(|a, b| natural_cmp(&a.id, &b.id));
        found
    }

    fn under_priority<'b>(&self, actions: &[&'b Action], priority: &str) -> Vec<&'b Action> {
        let mut found: Vec<&Action> = self
            .strategic_of(priority)
            .flat_map(|so| self.under_strategic(actions, so))
            .collect();
        found.sort_by(|a, b| natural_cmp(&a.id, &b.id));
        found.dedup_by(|a, b| std::ptr::eq(*a, *b));
        found
    }

    /// Every priority with its objectives. A unit's report keeps only the
    /// objectives that hold some of its actions or KPIs, so it does not list
    /// the whole plan as empty sections.
    fn priorities(&self, actions: &[&Action]) -> Vec<PriorityBlock> {
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
                Some(PriorityBlock {
                    id: id.to_string(),
                    title: priority.title.get(self.lang).to_string(),
                    progress: self.rollup(&mine),
                    history: self.history(|year| self.under_priority(&self.in_scope(year), id)),
                    strategic_objectives: sos,
                })
            })
            .collect()
    }

    /// The progress of some actions in every plan year so far.
    fn history(&self, select: impl Fn(&'a YearData) -> Vec<&'a Action>) -> Vec<YearValue> {
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

    fn strategic(
        &self,
        actions: &[&Action],
        so: &StrategicObjective,
        prune: bool,
    ) -> StrategicBlock {
        let all = self.under_strategic(actions, so);
        let so_id = so.id.as_str();
        StrategicBlock {
            id: so.id.value.clone(),
            title: so.title.get(self.lang).to_string(),
            progress: self.rollup(&all),
            actions: self.rows(&self.on(actions, so_id)),
            indicators: self.indicators(|k| k.objective == so_id),
            operational_objectives: self
                .framework
                .operational_objectives
                .iter()
                .filter(|oo| oo.strategic_objective.value == so.id.value)
                .map(|oo| {
                    let mine = self.on(actions, oo.id.as_str());
                    OperationalBlock {
                        id: oo.id.value.clone(),
                        title: oo.title.get(self.lang).to_string(),
                        unit_id: oo.unit.value.clone(),
                        unit: self.unit_name(oo.unit.as_str()),
                        progress: self.rollup(&mine),
                        actions: self.rows(&mine),
                        indicators: self.indicators(|k| k.objective == oo.id.value),
                    }
                })
                .filter(|b| !prune || !b.actions.is_empty() || !b.indicators.is_empty())
                .collect(),
        }
    }

    fn unit_rows(&self, actions: &[&Action]) -> Vec<UnitRow> {
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
    fn indicators(&self, select: impl Fn(&Indicator) -> bool) -> Vec<IndicatorRow> {
        let mut rows: Vec<&Indicator> = self
            .year
            .indicators
            .iter()
            .filter(|k| self.scope.includes_indicator(self.framework, k) && select(k))
            .collect();
        rows.sort_by(|a, b| natural_cmp(&a.id, &b.id));
        rows.into_iter().map(|k| self.indicator(k)).collect()
    }

    fn indicator(&self, k: &Indicator) -> IndicatorRow {
        let first = self.framework.first_language();
        let text = |map: &std::collections::BTreeMap<Lang, String>| {
            map.get(&self.lang)
                .or_else(|| map.get(&first))
                .cloned()
                .unwrap_or_default()
        };
        let value = |v: Option<Decimal>| v.and_then(|v| v.to_f64());
        let value_text =
            |v: Option<Decimal>| v.map_or_else(|| "–".to_string(), |v| self.kpi_number(v));
        IndicatorRow {
            id: k.id.clone(),
            objective_id: k.objective.clone(),
            name: text(&k.names),
            measure: text(&k.measures),
            direction: k.direction,
            direction_label: locale::direction(k.direction, self.lang),
            baseline: value(k.baseline),
            baseline_text: value_text(k.baseline),
            target: value(k.target),
            target_text: value_text(k.target),
            actual: value(k.actual),
            actual_text: value_text(k.actual),
            rag: rag_of_kpi(k, &self.framework.rag, self.lang),
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
            comment: k.comment.clone(),
        }
    }

    /// KPI values keep their own precision, up to two decimals.
    fn kpi_number(&self, value: Decimal) -> String {
        locale::number(value, value.normalize().scale().min(2), self.lang)
    }

    fn plan_period(&self) -> PlanPeriod {
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
mod tests {
    use std::path::Path;
    use std::str::FromStr;

    use super::*;
    use crate::inputs::InputFile;
    use crate::progress::{read_actions, read_indicators};
    use crate::table::read_csv;

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
        }
    }

    /// The `small` fixture: a hand-computed 2023, and a 2024 with one KPI.
    fn inputs() -> Inputs {
        let text = include_str!("../tests/fixtures/small/framework.toml");
        let (framework, diags) =
            crate::framework::Framework::parse(text, Path::new("framework.toml"));
        assert!(diags.is_empty(), "{diags:?}");
        let y2023 = year(
            2023,
            include_bytes!("../tests/fixtures/small/2023/actions.csv"),
            include_bytes!("../tests/fixtures/small/2023/indicators.csv"),
        );
        let y2024 = year(
            2024,
            b"id,objective,title,unit,status,progress\nA1,O1,Eerste,U1,completed,100\nA3,O2,Derde,U2,delayed,60\n",
            b"id,objective,name,direction,baseline,target,actual\nK1,O1,Wachttijd,lower,30,20,21\n",
        );
        Inputs {
            root: "inputs".into(),
            framework: framework.expect("framework"),
            framework_file: InputFile {
                path: "framework.toml".into(),
                size: 1,
                sha256: "00".into(),
                bytes: Default::default(),
            },
            years: vec![y2023, y2024],
        }
    }

    fn report_for(inputs: &Inputs, year: usize, lang: Lang, scope: ScopeSel) -> Report {
        let run = Run {
            inputs,
            diagnostics: &[],
            template: TemplateText {
                origin: "built-in".into(),
                sha256: "00".into(),
            },
            template_files: Vec::new(),
        };
        let status = YearStatus {
            fingerprint_text: String::new(),
            fingerprint: "f".into(),
            approvers: Vec::new(),
            is_final: false,
            document_date: inputs.years[year].as_of,
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
        let rag = r.summary.progress.rag.as_ref().map(|r| (r.code, r.label));
        assert_eq!(rag, Some(("amber", "Amber")));
        // O1: 1 of 2 = 50% → red; O3: 0 of 2 → green.
        let sos = &r.priorities[0].strategic_objectives[0];
        assert_eq!(
            sos.operational_objectives[0]
                .progress
                .rag
                .as_ref()
                .map(|r| r.code),
            Some("red")
        );
        let o3 = &r.priorities[1].strategic_objectives[0].operational_objectives[0];
        assert_eq!(o3.progress.rag.as_ref().map(|r| r.code), Some("green"));
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
            comment: None,
            origin: crate::progress::Origin {
                file: "k.csv".into(),
                line: 2,
                columns: Vec::new(),
            },
        };
        let code = |k: &Indicator| rag_of_kpi(k, &rules, Lang::En).map(|r| r.code);
        assert_eq!(code(&kpi(Direction::Higher, "80", "80")), Some("green"));
        assert_eq!(code(&kpi(Direction::Higher, "80", "72")), Some("amber"));
        assert_eq!(code(&kpi(Direction::Higher, "80", "71.9")), Some("red"));
        assert_eq!(code(&kpi(Direction::Lower, "20", "19")), Some("green"));
        assert_eq!(code(&kpi(Direction::Lower, "20", "22")), Some("amber"));
        assert_eq!(code(&kpi(Direction::Lower, "20", "22.5")), Some("red"));
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
        assert_eq!(k1.rag.as_ref().map(|r| r.code), Some("amber"));
        let period = r.plan_period.expect("closing section");
        let years: Vec<(i32, usize, Option<f64>)> = period
            .years
            .iter()
            .map(|y| (y.year, y.completed, y.progress.value))
            .collect();
        assert_eq!(years, vec![(2023, 1, Some(33.1)), (2024, 1, Some(80.0))]);
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
        let mut inputs = inputs();
        inputs.years[0].actions.retain(|a| a.id == "A6");
        let r = report_for(&inputs, 0, Lang::En, ScopeSel::Organisation);
        assert_eq!(r.summary.progress.value, None);
        assert_eq!(r.summary.progress.text, "–");
        assert_eq!(r.summary.progress.actions, 1);
        assert!(r.summary.progress.rag.is_none());
    }
}
