//! `koers init DIR`: a new plan's inputs folder to fill in, a commented
//! `framework.toml` and an empty folder for the plan's first year.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::core::files::write_atomically;
use crate::intake::FRAMEWORK_FILE;

/// The commented example plan.
const FRAMEWORK: &str = include_str!("framework.toml");

/// The example plan's first year, whose folder is created.
const FIRST_YEAR: &str = "2025";

/// Writes the example framework and the first year's folder into `dir`;
/// refuses a folder that already holds a framework. Returns what it wrote.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    let framework = dir.join(FRAMEWORK_FILE);
    if framework.exists() {
        anyhow::bail!(
            "{} already exists: `koers init` starts a new plan and never overwrites one",
            framework.display()
        );
    }
    write_atomically(&framework, FRAMEWORK.as_bytes())?;
    let year = dir.join(FIRST_YEAR);
    std::fs::create_dir_all(&year)
        .with_context(|| format!("cannot create `{}`", year.display()))?;
    Ok(vec![framework, year])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_plan_is_a_valid_framework() {
        let (framework, diags) =
            crate::model::framework::Framework::parse(FRAMEWORK, Path::new("framework.toml"));
        assert!(diags.is_empty(), "{diags:#?}");
        let framework = framework.expect("parses");
        assert_eq!(framework.plan.start_year.to_string(), FIRST_YEAR);
    }
}
