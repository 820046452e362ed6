//! The integration tests of Koers, as one binary: the real `koers` binary on
//! fixture folders, the library on generated input, and the layering of the
//! source tree. Shared fixtures (the sample plan's reports) are built once.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod acceptance;
mod approvals;
mod build;
mod check;
mod common;
mod conformance;
mod excel;
mod hostile;
mod intake;
mod languages;
mod layers;
mod layout;
mod no_panic;
mod office;
mod publishing;
mod report;
mod round;
mod scale;
mod sheets;
mod sign;
mod signoff;
mod silent;
mod token;
mod trust;
mod tsa;
mod web;
mod wording;
