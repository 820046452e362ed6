//! Framework + the years' rows → the model of one report. Pure: no I/O.
//!
//! Roll-ups are computed from the actions themselves at every level (not as a
//! mean of means), so an auditor can re-perform any figure from the action list
//! alone: the progress of a group is the mean progress of its actions with
//! cancelled actions left out, rounded half away from zero to one decimal.
//! The red/amber/green rules are in [`rag_of_group`] and [`rag_of_kpi`], and
//! printed in every report's annex.

mod annexes;
mod context;
pub mod model;
mod rules;
mod scope;
#[cfg(test)]
mod tests;

use rust_decimal::Decimal;

use crate::audit::{TemplateFiles, TemplateInfo, YearStatus};
use crate::core::{Lang, Status};
use crate::diagnostics::Diagnostic;
use crate::i18n::{self, Catalog};
use crate::intake::{Inputs, YearData};
use crate::model::progress::Action;
use annexes::*;
use context::Ctx;
use model::*;
pub use rules::{rag_of_group, rag_of_kpi};
pub use scope::{Job, ScopeSel};

/// What a build knows besides the data: the run's diagnostics and template.
pub struct Run<'a> {
    pub inputs: &'a Inputs,
    /// All of the run's diagnostics; the warnings about a report's year and
    /// scope go into its data-quality annex.
    pub diagnostics: &'a [Diagnostic],
    /// The wording of the reports, with the template's overrides.
    pub catalog: &'a Catalog,
    pub template: TemplateInfo,
    /// The files of a custom template folder, attached to each report; empty
    /// for the built-in template, which its hash and the Koers version
    /// identify.
    pub template_files: Vec<String>,
    /// FINAL reports are sealed (signed) after rendering: their record says
    /// so, so a report whose seal was stripped is caught.
    pub sealed: bool,
}

impl<'a> Run<'a> {
    pub fn new(
        inputs: &'a Inputs,
        diagnostics: &'a [Diagnostic],
        catalog: &'a Catalog,
        template: &TemplateFiles,
    ) -> Self {
        Run {
            inputs,
            diagnostics,
            catalog,
            template: template.info(),
            template_files: match template.builtin {
                true => Vec::new(),
                false => template
                    .files
                    .iter()
                    .map(|(name, _)| name.clone())
                    .collect(),
            },
            sealed: false,
        }
    }

    /// The same run, for reports that will be sealed.
    pub fn sealed(self, sealed: bool) -> Self {
        Self { sealed, ..self }
    }
}

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
    let mut ctx = Ctx::new(framework, run.catalog, year, &earlier, lang, scope);
    let actions = ctx.in_scope(year);
    let is_last = year.year == framework.plan.end_year;
    let rules = framework.report;
    // A large organisation's report shows the objectives with their
    // figures; the unit reports list the actions (the attention list says
    // where a cut comment continues by it).
    let actions_listed =
        *scope != ScopeSel::Organisation || year.actions.len() <= rules.list_actions_up_to;
    ctx.list_actions = actions_listed;
    let (attention, attention_more) = attention(&ctx, &actions, rules.attention);
    let by_priority: Vec<_> = framework
        .priorities
        .iter()
        .map(|p| (p, ctx.under_priority(&actions, p.id.as_str())))
        .filter(|(_, mine)| *scope == ScopeSel::Organisation || !mine.is_empty())
        .collect();
    let budget_by_priority_note = priorities_note(
        run.catalog,
        lang,
        by_priority
            .iter()
            .flat_map(|(_, mine)| mine.iter().copied()),
        &actions,
    );
    let mut priorities = ctx.priorities(&actions);
    let foreword = match scope {
        // In the report's language, or else in the first of the plan's
        // languages that has one, marked.
        ScopeSel::Organisation => std::iter::once(lang)
            .chain(framework.plan.languages.iter().copied())
            .find_map(|l| {
                year.forewords
                    .iter()
                    .find(|f| f.lang == l && !f.intro.is_empty())
            }),
        ScopeSel::Unit(_) => None,
    };
    let prose = |from: &crate::intake::foreword::Foreword, blocks: &[_]| ProseText {
        lang: (from.lang != lang).then_some(from.lang),
        blocks: blocks.to_vec(),
    };
    if *scope == ScopeSel::Organisation {
        for block in &mut priorities {
            // Each priority's commentary in the report's language, or else
            // in the first of the plan's languages that has one.
            block.commentary = std::iter::once(lang)
                .chain(framework.plan.languages.iter().copied())
                .find_map(|l| {
                    let f = year.forewords.iter().find(|f| f.lang == l)?;
                    let (_, p) = f.priorities.iter().find(|(id, _)| *id == block.id)?;
                    Some(prose(f, &p.blocks))
                });
        }
    }
    let findings = quality(
        run.catalog,
        &inputs.root,
        diagnostics,
        year.year,
        lang,
        scope,
    );
    Report {
        schema: SCHEMA_VERSION,
        koers_version: env!("CARGO_PKG_VERSION"),
        lang,
        labels: run.catalog.labels(lang),
        plan: plan_info(inputs, lang),
        year: year.year,
        as_of: i18n::date(year.as_of, lang),
        as_of_iso: year.as_of.format("%Y-%m-%d").to_string(),
        state: status.state,
        scope: scope_info(framework, run.catalog, scope, lang),
        signoff: signoff_info(framework, run.catalog, status, lang),
        attachments: attachments(run, year, lang),
        template: run.template.clone(),
        years: earlier.iter().map(|y| y.year).collect(),
        summary: Summary {
            progress: ctx.rollup(&actions),
            budget: ctx.budget(&actions),
            budget_by_priority: by_priority
                .iter()
                .map(|(p, mine)| LabelledBudget {
                    id: p.id.value.clone(),
                    budget: ctx.budget(mine),
                })
                .collect(),
            budget_by_priority_note,
            attention,
            attention_more,
            attention_more_text: i18n::number(Decimal::from(attention_more), 0, lang),
            attention_more_sentence: run.catalog.count(
                lang,
                "count-attention-more",
                attention_more,
            ),
        },
        foreword: foreword.map(|f| prose(f, &f.intro.blocks)),
        framework: framework_text(framework, lang),
        priorities,
        units: match scope {
            ScopeSel::Organisation => ctx.unit_rows(&actions),
            ScopeSel::Unit(_) => Vec::new(),
        },
        indicators: ctx.indicators(|_| true),
        quality: quality_groups(framework, &findings, rules.finding_examples),
        findings,
        actions_listed,
        actions_elsewhere: run
            .catalog
            .count(lang, "count-actions-in-unit-reports", actions.len()),
        translations: translation_gaps(run.catalog, framework, year, lang, scope),
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
                size_text: i18n::number(Decimal::from(f.size), 0, lang),
                sha256: f.sha256().to_string(),
            })
            .collect(),
    }
}

/// The sentence under the budget per priority when the priorities' planned
/// amounts do not add up to the total of `actions`: an objective serving
/// several priorities counts under each (or one serves none).
fn priorities_note<'a>(
    catalog: &Catalog,
    lang: Lang,
    counted: impl Iterator<Item = &'a Action>,
    actions: &[&Action],
) -> Option<String> {
    let planned = |a: &Action| a.budget_planned.unwrap_or_default();
    let sum: Decimal = counted.map(planned).sum();
    let total: Decimal = actions.iter().map(|a| planned(a)).sum();
    let (id, difference) = match sum.cmp(&total) {
        std::cmp::Ordering::Equal => return None,
        std::cmp::Ordering::Greater => ("budget-priorities-overlap", sum - total),
        std::cmp::Ordering::Less => ("budget-priorities-outside", total - sum),
    };
    Some(catalog.text(
        lang,
        id,
        &[
            ("sum", &i18n::money(sum, lang)),
            ("total", &i18n::money(total, lang)),
            ("twice", &i18n::money(difference, lang)),
        ],
    ))
}

/// The most urgent actions at risk or delayed, at most `limit`, and how
/// many more there are. Delayed comes before at risk (late is worse than
/// threatened), then the latest (the earliest due date, none last), then
/// the least progress, then the id: the order is stated under the list, so
/// a reader knows what was left out.
fn attention(ctx: &Ctx, actions: &[&Action], limit: usize) -> (Vec<ActionRow>, usize) {
    let mut urgent: Vec<&&Action> = actions
        .iter()
        .filter(|a| matches!(a.status, Status::AtRisk | Status::Delayed))
        .collect();
    urgent.sort_by(|a, b| {
        let rank = |a: &Action| u8::from(a.status != Status::Delayed);
        rank(a)
            .cmp(&rank(b))
            .then(a.due.is_none().cmp(&b.due.is_none()))
            .then(a.due.cmp(&b.due))
            .then(a.progress.cmp(&b.progress))
            .then(a.id.cmp(&b.id))
    });
    let more = urgent.len().saturating_sub(limit);
    let rows = urgent
        .iter()
        .take(limit)
        .map(|a| {
            let mut row = ctx.row(a);
            // A summary row stays a few lines: a long comment is cut, and
            // says where the whole of it is.
            if let Some(short) = row.comment.as_deref().and_then(cut_comment) {
                row.comment_short = Some(short);
                row.comment_continued = Some(match ctx.list_actions {
                    true => ctx.catalog.text(
                        ctx.lang,
                        "comment-continued-here",
                        &[("objective", &a.objective)],
                    ),
                    false => {
                        ctx.catalog
                            .text(ctx.lang, "comment-continued-unit", &[("unit", &a.unit)])
                    }
                });
            }
            row
        })
        .collect();
    (rows, more)
}

/// A summary shows at most this many characters of a comment.
const SUMMARY_COMMENT_CHARS: usize = 240;

/// The opening of a comment too long for the summary, cut at a word and
/// ending in `…`; `None` when the comment fits.
fn cut_comment(comment: &str) -> Option<String> {
    if comment.chars().count() <= SUMMARY_COMMENT_CHARS {
        return None;
    }
    let flat: String = comment.split_whitespace().collect::<Vec<_>>().join(" ");
    let end = flat
        .char_indices()
        .nth(SUMMARY_COMMENT_CHARS)
        .map_or(flat.len(), |(i, _)| i);
    let head = flat.get(..end).unwrap_or(&flat);
    let head = match head.rfind(' ') {
        Some(space) if end < flat.len() => head.get(..space).unwrap_or(head),
        _ => head,
    };
    Some(format!(
        "{}…",
        head.trim_end_matches([',', ';', ':', '.', ' '])
    ))
}
