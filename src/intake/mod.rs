//! Intake: the input folder read into typed data, with every problem as a
//! diagnostic. Tables (CSV and workbooks), the strategic plan, the progress
//! rows of each year and the signoff file as data; nothing here judges the
//! data against the plan (that is `validate`).

pub mod foreword;
pub mod framework;
pub mod limits;
mod load;
pub mod logo;
pub mod progress;
pub mod signoff;
mod source;
pub mod table;

pub use load::{
    FRAMEWORK_FILE, InputFile, Inputs, TrustStore, YearData, is_data_file, load, no_actions_file,
};
pub use source::Source;

crate::core::error::sentence_error!(
    /// Why a file's structure cannot be read (a damaged or hostile
    /// workbook, a zip bomb): the caller names the file.
    Unreadable
);
