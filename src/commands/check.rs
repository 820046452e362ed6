//! `koers check`: read and validate everything, render nothing.

use std::path::Path;

use anyhow::Result;

use crate::diagnostics::Diagnostic;
use crate::intake::Source;
use crate::validate;

/// Every problem in the inputs folder, sorted as a user reads them.
pub fn check(inputs: &Path) -> Result<Vec<Diagnostic>> {
    let (_, diagnostics) = validate::load_and_validate(Source::Dir(inputs), &[])?;
    Ok(diagnostics)
}
