//! The message ids the code asks the catalogs for, and the placeholders it
//! passes each: what every language's file must hold, no more, no less.

use std::collections::BTreeSet;

use super::Placeholders;
use crate::core::{Direction, Lang, RagCode, Standing, Status};

/// The ids of the labels the report template receives ([`Catalog::labels`]),
/// in the order of the Fluent files.
pub const LABEL_IDS: [&str; 126] = [
    "annual_report",
    "progress_report",
    "operational_plan",
    "scope",
    "whole_organisation",
    "unit_scope_note",
    "as_of",
    "draft",
    "final",
    "contents",
    "summary",
    "foreword",
    "objectives",
    "objective_level",
    "figures_note",
    "overall_progress",
    "overall_progress_note",
    "actions",
    "action",
    "actions_by_status",
    "progress_by_priority",
    "attention",
    "no_attention",
    "budget",
    "budget_planned",
    "budget_spent",
    "units",
    "unit",
    "framework",
    "mission",
    "values",
    "vision",
    "priorities",
    "priority",
    "strategic_objective",
    "operational_objective",
    "signed_on",
    "signatories",
    "progress_details",
    "id",
    "title",
    "status",
    "progress",
    "due",
    "comment",
    "no_actions",
    "direct_actions",
    "lead_unit",
    "page",
    "of",
    "illustrative",
    "generated_by",
    "signoff",
    "signoff_intro",
    "approver",
    "role",
    "approval",
    "approval_pending",
    "rag",
    "kpis",
    "kpi",
    "no_kpis",
    "measure",
    "baseline",
    "target",
    "actual",
    "trend",
    "direction",
    "at_risk",
    "delayed",
    "unit_comparison",
    "budget_by_priority",
    "chart_budget_alt",
    "chart_trend_alt",
    "chart_history_alt",
    "progress_over_years",
    "year",
    "completed",
    "plan_period",
    "plan_period_intro",
    "annexes",
    "quality_annex",
    "quality_intro",
    "no_quality",
    "place",
    "message",
    "rules_annex",
    "rule_progress",
    "rule_kpi",
    "rule_group",
    "rule_budget",
    "sources_annex",
    "sources_intro",
    "file",
    "size",
    "signoff_final",
    "signoff_draft",
    "fingerprint",
    "approved_fingerprint",
    "date",
    "template_used",
    "attachments_note",
    "chart_progress_alt",
    "chart_status_alt",
    "missing_translations",
    "missing_translations_intro",
    "kpi_texts",
    "signoff_recorded",
    "signed_by",
    "attention_more",
    "attention_order",
    "actions_in_unit_reports",
    "count",
    "examples",
    "findings_attached",
    "field",
    "colon",
    "rule_budget_priority",
    "web_skip",
    "web_pdf",
    "web_table",
    "web_filter",
    "web_all",
    "web_computed",
    "web_shown",
    "web_sort_hint",
];

const DIRECTIONS: [Direction; 2] = [Direction::Higher, Direction::Lower];

/// The message id of a status: `status-at_risk`.
pub fn status_id(status: Status) -> String {
    format!("status-{}", status.code())
}

/// The message id of a RAG code.
pub fn rag_id(code: RagCode) -> &'static str {
    match code {
        RagCode::Green => "rag-green",
        RagCode::Amber => "rag-amber",
        RagCode::Red => "rag-red",
    }
}

pub fn standing_id(standing: Standing) -> &'static str {
    match standing {
        Standing::Valid => "standing-valid",
        Standing::Stale => "standing-stale",
        Standing::Missing => "standing-missing",
        Standing::Invalid => "standing-invalid",
    }
}

pub fn direction_id(direction: Direction) -> &'static str {
    match direction {
        Direction::Higher => "direction-higher",
        Direction::Lower => "direction-lower",
    }
}

/// The message id of a language's name: `language-fr`.
pub fn language_id(named: Lang) -> String {
    format!("language-{}", named.code())
}

/// Every message the code asks for, with the placeholders it passes: what each
/// language's catalog must hold, no more and no less.
pub fn expected_messages() -> Placeholders {
    let mut expected = Placeholders::new();
    let plain = LABEL_IDS
        .iter()
        .map(|id| id.to_string())
        .chain(Status::ALL.into_iter().map(status_id))
        .chain(
            RagCode::ALL
                .into_iter()
                .map(|code| rag_id(code).to_string()),
        )
        .chain(
            Standing::ALL
                .into_iter()
                .map(|s| standing_id(s).to_string()),
        )
        .chain(DIRECTIONS.into_iter().map(|d| direction_id(d).to_string()))
        .chain(Lang::ALL.into_iter().map(language_id));
    for id in plain {
        expected.insert(id, BTreeSet::new());
    }
    let counted = COUNT_MESSAGES
        .iter()
        .map(|id| (*id, &["count", "number"][..]));
    for (id, args) in FINDING_MESSAGES
        .iter()
        .chain(SHEET_MESSAGES.iter())
        .chain(BUDGET_MESSAGES.iter())
        .chain(CONTINUED_MESSAGES.iter())
        .chain(TIME_MESSAGES.iter())
        .copied()
        .chain(counted)
    {
        expected.insert(
            id.to_string(),
            args.iter().map(|arg| arg.to_string()).collect(),
        );
    }
    expected
}

/// Each finding's message id and the placeholders `i18n::finding` passes to it.
pub const FINDING_MESSAGES: [(&str, &[&str]); 10] = [
    ("finding-title-missing", &["id", "lang", "shown"]),
    ("finding-no-target", &["id"]),
    ("finding-no-action", &["objective", "year"]),
    ("finding-completed-below", &["id", "progress"]),
    ("finding-not-started-above", &["id", "progress"]),
    ("finding-due-before-start", &["id", "due", "start"]),
    ("finding-due-passed", &["id", "due", "year"]),
    ("finding-negative-budget", &["id", "kind"]),
    ("finding-over-spent", &["id", "spent", "planned"]),
    ("finding-no-comment", &["id", "status"]),
];

/// The note under the budget per priority, when the priorities' amounts
/// do not add up to the total, with the placeholders `report` passes.
pub const BUDGET_MESSAGES: [(&str, &[&str]); 2] = [
    ("budget-priorities-overlap", &["sum", "total", "twice"]),
    ("budget-priorities-outside", &["sum", "total", "twice"]),
];

/// Where a comment cut in the summary continues, with the placeholders
/// `report` passes.
pub const CONTINUED_MESSAGES: [(&str, &[&str]); 2] = [
    ("comment-continued-here", &["objective"]),
    ("comment-continued-unit", &["unit"]),
];

/// Whose word a signed approval's time is, with the placeholders `report`
/// passes.
pub const TIME_MESSAGES: [(&str, &[&str]); 3] = [
    ("time-timestamped", &["stamp"]),
    ("time-timestamped-unnamed", &["stamp"]),
    ("time-claimed", &[]),
];

/// Sentences with a count, written by [`super::Catalog::count`]: Fluent
/// picks the singular or plural by the language's rules.
pub const COUNT_MESSAGES: [&str; 3] = [
    "count-attention-more",
    "count-actions-in-unit-reports",
    "count-actions",
];

/// The wording of the workbooks `koers sheets` writes for the units, with
/// the placeholders `render::workbook` passes.
pub const SHEET_MESSAGES: [(&str, &[&str]); 9] = [
    ("sheet-instructions-name", &[]),
    ("sheet-actions-name", &["year"]),
    ("sheet-objectives-name", &[]),
    ("sheet-indicators-name", &["year"]),
    ("sheet-title", &["year", "unit"]),
    (
        "sheet-instructions",
        &["year", "previous", "actions", "objectives"],
    ),
    ("sheet-instructions-indicators", &["indicators"]),
    ("sheet-list-help", &[]),
    ("sheet-progress-help", &[]),
];
