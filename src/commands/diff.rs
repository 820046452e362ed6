//! `koers diff OLD NEW`: what changed between two states of a year's data,
//! so an approver asked to sign again sees what they are signing now. The
//! comparison itself is `readback::diff`, which `approve` uses too.

pub use crate::readback::diff::{Diff, diff};
