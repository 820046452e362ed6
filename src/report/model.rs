//! The report model: everything one PDF shows, as data.
//!
//! This is the contract between Koers and its templates. It is serialized to
//! JSON and handed to Typst as a virtual file (`/report.json`), so no user text
//! is ever spliced into template source. Every number comes twice: raw (for
//! charts and arithmetic in the template) and as finished text in the report's
//! language (for printing), so templates never have to format numbers.
//! `docs/template-data.md` documents it for template authors.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::audit::TemplateInfo;
use crate::core::{Direction, Lang, RagCode, ReportState, Standing, Status};

/// Version of this JSON shape; templates can check it.
pub const SCHEMA_VERSION: u32 = 3;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema: u32,
    pub koers_version: &'static str,
    pub lang: Lang,
    pub labels: BTreeMap<String, String>,
    pub plan: PlanInfo,
    pub year: i32,
    /// The as-of date, written out in the report's language.
    pub as_of: String,
    /// The as-of date as `YYYY-MM-DD`.
    pub as_of_iso: String,
    pub state: ReportState,
    pub scope: Scope,
    /// Every approver and where they stand for this report's data.
    pub signoff: SignoffInfo,
    /// Files attached to the PDF: the year's inputs, the approvals, and a
    /// custom template.
    pub attachments: Vec<Attachment>,
    /// The template the report was rendered with.
    pub template: TemplateInfo,
    /// The plan years up to this report's year that have data.
    pub years: Vec<i32>,
    pub summary: Summary,
    /// The foreword (organisation reports only; `none` when the year
    /// folder has no `foreword.<lang>.md`).
    pub foreword: Option<ProseText>,
    pub framework: FrameworkText,
    pub priorities: Vec<PriorityBlock>,
    /// Per-unit comparison (organisation scope only; empty for a unit).
    pub units: Vec<UnitRow>,
    /// The KPIs in scope, with their trend over the years so far.
    pub indicators: Vec<IndicatorRow>,
    /// Warnings about this year's data in this scope, counted per unit and
    /// kind with a few examples each.
    pub quality: Vec<QualityGroup>,
    /// Every warning of `quality`: attached as a CSV, not printed.
    #[serde(skip)]
    pub findings: Vec<QualityRow>,
    /// Whether the chapters list the actions; `false` for an organisation
    /// report of more actions than `[report] list_actions_up_to`, which
    /// leaves them to the unit reports.
    pub actions_listed: bool,
    /// When the actions are not listed, the sentence saying how many there
    /// are and where they are listed (singular or plural by the count).
    pub actions_elsewhere: String,
    /// Per unit, the texts missing in the report's language.
    pub translations: Vec<TranslationGap>,
    pub rules: Rules,
    /// Only in the report of the plan's last year: the whole period.
    pub plan_period: Option<PlanPeriod>,
    pub sources: Vec<SourceRow>,
}

impl Report {
    /// The fixed wording `key` in the report's language (the key itself
    /// when a template's catalog lacks it, so nothing is silently blank).
    pub fn label(&self, key: &str) -> String {
        self.labels
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }
}

/// How many texts of one unit's data this report's language lacks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TranslationGap {
    pub unit: String,
    pub unit_name: String,
    /// Action titles.
    pub titles: usize,
    /// Action comments.
    pub comments: usize,
    /// Names, measures and comments of the KPIs of the unit's objectives.
    pub indicators: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct SignoffInfo {
    /// True when every approver approved this fingerprint.
    pub is_final: bool,
    /// The fingerprint of the year's inputs and template.
    pub fingerprint: String,
    /// The plan's approvals are recorded names, not signatures: the report
    /// says so in words.
    pub recorded: bool,
    pub approvals: Vec<ApprovalRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ApprovalRow {
    pub name: String,
    pub role: String,
    /// `valid`, `stale`, `missing` or `invalid`.
    pub standing: Standing,
    pub standing_label: String,
    pub date: Option<String>,
    /// The fingerprint approved (differs from the report's when stale).
    pub fingerprint: Option<String>,
    /// For a signed approval: the signer certificate's subject.
    pub signer: Option<String>,
    /// For a signed approval: the signing time, RFC 3339 UTC.
    pub signed_at: Option<String>,
    /// For a signed approval, whose word the signing time is: the
    /// timestamp authority's (`timestamped by …`), or the signer's own
    /// clock, in words.
    pub time_source: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Attachment {
    /// Virtual path the template passes to `pdf.attach`.
    pub path: String,
    pub mime_type: &'static str,
    pub description: String,
    /// `source` or `data`.
    pub relationship: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanInfo {
    pub id: String,
    pub organisation: String,
    pub title: String,
    pub start_year: i32,
    pub end_year: i32,
    pub signed_on: String,
    pub signatories: Vec<PersonText>,
    /// The logo's virtual path (an attached input), when the plan has one.
    pub logo: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonText {
    pub name: String,
    pub role: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Scope {
    /// `organisation` or `unit`.
    pub kind: &'static str,
    /// `org` or the unit id; also used in the file name.
    pub id: String,
    pub name: String,
}

/// A red/amber/green judgement, with its word in the report's language so
/// it is never shown by colour alone.
#[derive(Debug, Clone, Serialize)]
pub struct Rag {
    pub code: RagCode,
    pub label: String,
}

/// A roll-up of a group of actions.
#[derive(Debug, Clone, Serialize)]
pub struct Progress {
    /// Mean progress of the group's actions, cancelled ones left out, rounded
    /// to one decimal; `None` when the group has no such action.
    pub value: Option<f64>,
    pub text: String,
    /// Number of actions in the group, cancelled ones included.
    pub actions: usize,
    /// The same, written in the report's language (`10.000`, `10 000`).
    pub actions_text: String,
    /// The count with its noun, singular or plural (`1 actie`, `12 acties`).
    pub actions_phrase: String,
    /// Number of actions the mean is taken over.
    pub counted: usize,
    pub by_status: Vec<StatusCount>,
    /// From the share of counted actions at risk or delayed.
    pub rag: Option<Rag>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusCount {
    pub status: Status,
    pub label: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Budget {
    pub planned: f64,
    pub spent: f64,
    pub planned_text: String,
    pub spent_text: String,
    /// The same amounts short enough for a tile or chart (`€ 2,14 mld`).
    pub planned_short: String,
    pub spent_short: String,
    /// Spent as a share of planned, when anything was planned.
    pub spent_share_text: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub progress: Progress,
    pub budget: Budget,
    /// Budget per priority, for the planned-versus-spent chart.
    pub budget_by_priority: Vec<LabelledBudget>,
    /// When the priorities' planned amounts do not add up to the total (an
    /// objective serving several priorities counts under each), the
    /// sentence saying so and by how much; `None` when they add up.
    pub budget_by_priority_note: Option<String>,
    /// The most urgent actions at risk or delayed, at most `[report]
    /// attention` of them: delayed before at risk, then the earliest due
    /// date, then the least progress, then by id.
    pub attention: Vec<ActionRow>,
    /// How many more actions are at risk or delayed than `attention` shows.
    pub attention_more: usize,
    /// The same, written in the report's language.
    pub attention_more_text: String,
    /// The sentence saying so, singular or plural by the count.
    pub attention_more_sentence: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LabelledBudget {
    pub id: String,
    pub budget: Budget,
}

#[derive(Debug, Clone, Serialize)]
pub struct FrameworkText {
    /// The language of the texts below when they are not in the report's:
    /// the plan's texts are validated in each of its languages, so this is
    /// only set in an edition of another (`--lang en` for a plan without
    /// English texts), whose framework chapter then shows the plan's
    /// first language, marked.
    pub lang: Option<Lang>,
    pub mission: String,
    pub domains: Vec<String>,
    pub values: Vec<String>,
    pub vision: String,
    pub commitments: Vec<String>,
    /// Every priority of the plan, whatever the report's scope.
    pub priorities: Vec<IdTitle>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IdTitle {
    pub id: String,
    pub title: String,
    pub title_lang: Option<Lang>,
}

/// A value in one plan year.
#[derive(Debug, Clone, Serialize)]
pub struct YearValue {
    pub year: i32,
    pub value: Option<f64>,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PriorityBlock {
    pub id: String,
    pub title: String,
    /// The title's language when it is not the report's (an edition in a
    /// language the plan's texts are not in).
    pub title_lang: Option<Lang>,
    pub progress: Progress,
    /// The budget of the actions under this priority (the same as in
    /// `summary.budget_by_priority`).
    pub budget: Budget,
    /// The publishing officer's commentary on this priority (organisation
    /// reports only), from `foreword.<lang>.md`.
    pub commentary: Option<ProseText>,
    /// This priority's progress in each plan year so far.
    pub history: Vec<YearValue>,
    pub strategic_objectives: Vec<StrategicBlock>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StrategicBlock {
    pub id: String,
    pub title: String,
    pub title_lang: Option<Lang>,
    pub progress: Progress,
    /// The budget of every action under the objective, its operational
    /// objectives' included.
    pub budget: Budget,
    /// Actions attached to the strategic objective itself.
    pub actions: Vec<ActionRow>,
    pub indicators: Vec<IndicatorRow>,
    pub operational_objectives: Vec<OperationalBlock>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OperationalBlock {
    pub id: String,
    pub title: String,
    pub title_lang: Option<Lang>,
    pub unit_id: String,
    pub unit: String,
    pub progress: Progress,
    pub budget: Budget,
    pub actions: Vec<ActionRow>,
    pub indicators: Vec<IndicatorRow>,
}

/// The publishing officer's own words (a foreword, a commentary), as
/// blocks of styled text.
#[derive(Debug, Clone, Serialize)]
pub struct ProseText {
    /// The text's language when it is not the report's (no version in the
    /// report's language was given), so the template marks it.
    pub lang: Option<Lang>,
    pub blocks: Vec<crate::intake::foreword::Block>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionRow {
    pub id: String,
    /// Where a long comment is cut in the summary: its opening, ending in
    /// `…`, and where the whole comment is (`none` when it is short).
    pub comment_short: Option<String>,
    pub comment_continued: Option<String>,
    pub title: String,
    /// The title's language when it is not the report's (no translation
    /// was sent), so the template can tag it.
    pub title_lang: Option<Lang>,
    pub unit: String,
    pub status: Status,
    pub status_label: String,
    pub progress: f64,
    pub progress_text: String,
    pub due: Option<String>,
    pub comment: Option<String>,
    /// The comment's language when it is not the report's.
    pub comment_lang: Option<Lang>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitRow {
    pub id: String,
    pub name: String,
    pub progress: Progress,
    pub at_risk: usize,
    pub delayed: usize,
    pub budget: Budget,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorRow {
    pub id: String,
    pub objective_id: String,
    pub name: String,
    /// The name's language when it is not the report's.
    pub name_lang: Option<Lang>,
    pub measure: String,
    /// The measure's language when it is not the report's.
    pub measure_lang: Option<Lang>,
    pub direction: Direction,
    pub direction_label: String,
    pub baseline: Option<f64>,
    pub baseline_text: String,
    pub target: Option<f64>,
    pub target_text: String,
    pub actual: Option<f64>,
    pub actual_text: String,
    /// `None` when the target or the actual value is missing.
    pub rag: Option<Rag>,
    /// The actual value in each plan year so far.
    pub trend: Vec<YearValue>,
    /// The unit's comment on the KPI's value.
    pub comment: Option<String>,
    /// The comment's language when it is not the report's.
    pub comment_lang: Option<Lang>,
}

/// The findings of one kind about one unit's data (or the plan's, `unit`
/// `none`): how many, and the first few.
#[derive(Debug, Clone, Serialize)]
pub struct QualityGroup {
    pub unit: Option<String>,
    pub count: usize,
    pub examples: Vec<QualityRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QualityRow {
    /// `file:line:column`, relative to the inputs folder.
    pub place: String,
    /// The unit whose data it is about, if one.
    pub unit: Option<String>,
    pub field: Option<String>,
    pub message: String,
    /// What kind of finding this is (its catalog message, or the field of
    /// a plain warning): the annex counts per unit and kind.
    #[serde(skip)]
    pub kind: String,
}

/// The RAG thresholds in force, in percent.
#[derive(Debug, Clone, Serialize)]
pub struct Rules {
    pub kpi_tolerance: u32,
    pub group_amber: u32,
    pub group_red: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanPeriod {
    pub start_year: i32,
    pub end_year: i32,
    pub years: Vec<PeriodYear>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodYear {
    pub year: i32,
    pub progress: Progress,
    pub completed: usize,
    pub budget: Budget,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceRow {
    pub path: String,
    pub size: u64,
    pub size_text: String,
    pub sha256: String,
}
