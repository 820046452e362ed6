//! `koers templates export`: the built-in template written out, as the start
//! of an organisation's own.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::core::files::write_atomically;
use crate::render::BUILTIN;

/// Writes the built-in template files into `dir`; refuses to overwrite
/// existing ones unless `force`. Returns the files written.
pub fn export(dir: &Path, force: bool) -> Result<Vec<PathBuf>> {
    let existing: Vec<&str> = BUILTIN
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| dir.join(name).exists())
        .collect();
    if !force && !existing.is_empty() {
        anyhow::bail!(
            "{} already holds {}; pass --force to overwrite",
            dir.display(),
            existing.join(", ")
        );
    }
    let mut written = Vec::new();
    for (name, bytes) in BUILTIN {
        let path = dir.join(name);
        write_atomically(&path, bytes).with_context(|| format!("cannot export {name}"))?;
        written.push(path);
    }
    Ok(written)
}
