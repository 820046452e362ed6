//! Koers: signed-off annual progress reports from a strategic plan and the
//! progress data of its annual operational plans.
//!
//! The crate is layered; each layer uses only the layers above it in this
//! list, and the order is the pipeline's:
//!
//! 1. [`core`]: languages, vocabularies, states, hashing, text helpers;
//! 2. [`diagnostics`]: problems in the user's data, as values;
//! 3. [`intake`]: the input folder read into typed data;
//! 4. [`validate`]: the data checked against the plan and common sense;
//! 5. [`i18n`]: numbers, dates and wording in each report language;
//! 6. [`audit`]: fingerprints, where each year stands, the audit records;
//! 7. [`report`]: the model of one report, all figures computed;
//! 8. [`render`]: models into PDF with Typst;
//! 9. [`commands`]: check, build, approve, verify, templates;
//! 10. [`cli`]: arguments, dispatch, exit codes and output.
//!
//! A test (`tests/suite/layers.rs`) keeps it so.

// A `Diagnostic` is the error type of the readers; it is returned once per
// bad file, so its size does not matter and boxing would only add noise.
#![allow(clippy::result_large_err)]

pub mod audit;
pub mod cli;
pub mod commands;
pub mod core;
pub mod diagnostics;
pub mod i18n;
pub mod intake;
pub mod model;
pub mod readback;
pub mod render;
pub mod report;
pub mod validate;
