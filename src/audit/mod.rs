//! The audit trail: fingerprints of the inputs, where each year stands, and
//! the records a build writes and `verify` reads back (the manifest and the
//! approvals attached to every report).

pub mod approval;
pub mod fingerprint;
pub mod manifest;
pub mod record;
pub mod status;
pub mod transaction;

pub use fingerprint::{
    TemplateFiles, TemplateInfo, attachment_name, fingerprint, fingerprint_text,
};
pub use manifest::{InputEntry, MANIFEST, Manifest, OutputEntry, YearEntry};
pub use record::{
    ApprovalsRecord, FINDINGS_NAME, RECORD_NAME, figures_name, marked_archival, report_file_name,
};
pub use status::{
    ApproverState, SignoffYear, YearStatus, approval_diagnostics, year_status, year_statuses,
};
