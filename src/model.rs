//! The report model: everything one PDF shows, as data.
//!
//! This is the contract between Koers and its templates. It is serialized to
//! JSON and handed to Typst as a virtual file (`/report.json`), so no user text
//! is ever spliced into template source. Every number comes twice: raw (for
//! charts and arithmetic in the template) and as finished text in the report's
//! language (for printing), so templates never have to format numbers.

use serde::Serialize;

use crate::framework::Lang;
use crate::inputs::InputFile;
use crate::progress::Status;

/// Version of this JSON shape; templates can check it.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema: u32,
    pub koers_version: &'static str,
    pub lang: Lang,
    pub labels: std::collections::BTreeMap<&'static str, &'static str>,
    pub plan: PlanInfo,
    pub year: i32,
    /// The as-of date, written out in the report's language.
    pub as_of: String,
    /// `draft` or `final`.
    pub state: &'static str,
    pub scope: Scope,
    pub summary: Summary,
    pub framework: FrameworkText,
    pub priorities: Vec<PriorityBlock>,
    /// Per-unit comparison (organisation scope only; empty for a unit).
    pub units: Vec<UnitRow>,
    pub sources: Vec<InputFile>,
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

/// A roll-up of a group of actions.
#[derive(Debug, Clone, Serialize)]
pub struct Progress {
    /// Mean progress of the group's actions, cancelled ones left out, rounded
    /// to one decimal; `None` when the group has no such action.
    pub value: Option<f64>,
    pub text: String,
    /// Number of actions in the group, cancelled ones included.
    pub actions: usize,
    /// Number of actions the mean is taken over.
    pub counted: usize,
    pub by_status: Vec<StatusCount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusCount {
    pub status: Status,
    pub label: &'static str,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Budget {
    pub planned: f64,
    pub spent: f64,
    pub planned_text: String,
    pub spent_text: String,
    /// Spent as a share of planned, when anything was planned.
    pub spent_share_text: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub progress: Progress,
    pub budget: Budget,
    /// Actions at risk or delayed, for the summary's attention list.
    pub attention: Vec<ActionRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FrameworkText {
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
}

#[derive(Debug, Clone, Serialize)]
pub struct PriorityBlock {
    pub id: String,
    pub title: String,
    pub progress: Progress,
    pub strategic_objectives: Vec<StrategicBlock>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StrategicBlock {
    pub id: String,
    pub title: String,
    pub progress: Progress,
    /// Actions attached to the strategic objective itself.
    pub actions: Vec<ActionRow>,
    pub operational_objectives: Vec<OperationalBlock>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OperationalBlock {
    pub id: String,
    pub title: String,
    pub unit_id: String,
    pub unit: String,
    pub progress: Progress,
    pub actions: Vec<ActionRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionRow {
    pub id: String,
    pub title: String,
    pub unit: String,
    pub status: Status,
    pub status_label: &'static str,
    pub progress: f64,
    pub progress_text: String,
    pub due: Option<String>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitRow {
    pub id: String,
    pub name: String,
    pub progress: Progress,
    /// At risk plus delayed.
    pub attention: usize,
}
