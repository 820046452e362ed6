//! Reading the strategic plan, `framework.toml`, into [`Framework`].
//!
//! The framework is the skeleton every annual report hangs on, so it is loaded
//! strictly: unknown keys, duplicate ids, dangling references and texts missing
//! one of the plan's languages are all errors, reported together with the line
//! they sit on. Parsing works on a `&str` so tests need no files.

use std::path::Path;

mod validator;

use crate::core::text::line_column;
use crate::diagnostics::Diagnostic;
pub use crate::model::framework::*;
use validator::Validator;

impl Framework {
    /// Parses and validates `text`, read from `file` (used only to name the
    /// file in diagnostics). Returns the framework when it could be parsed at
    /// all, and every problem found.
    pub fn parse(text: &str, file: &Path) -> (Option<Framework>, Vec<Diagnostic>) {
        match toml::from_str::<Framework>(text) {
            Ok(framework) => {
                let diagnostics = Validator::new(text, file).run(&framework);
                (Some(framework), diagnostics)
            }
            Err(err) => {
                let mut d = Diagnostic::error(file, err.message().to_string());
                if let Some(span) = err.span() {
                    let (line, column) = line_column(text, span.start);
                    d = d.at(line, column);
                }
                (None, vec![d])
            }
        }
    }
}

#[cfg(test)]
mod tests;
