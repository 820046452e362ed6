//! Koers: signed-off annual progress reports from a strategic plan and the
//! progress data of its annual operational plans.
//!
//! The pipeline, one module per step: [`inputs`] reads the input folder
//! ([`framework`], [`table`], [`progress`]), [`validate`] checks it against
//! the framework, [`merge`] builds the [`model`] of each report, [`render`]
//! turns models into PDF with Typst, and [`build`] strings the steps together
//! for the [`cli`].

// A `Diagnostic` is the error type of the readers; it is returned once per
// bad file, so its size does not matter and boxing would only add noise.
#![allow(clippy::result_large_err)]

pub mod audit;
pub mod build;
pub mod cli;
pub mod diagnostics;
pub mod framework;
pub mod inputs;
pub mod locale;
pub mod merge;
pub mod model;
pub mod progress;
pub mod render;
pub mod sign;
pub mod signoff;
pub mod table;
pub mod validate;
pub mod verify;
