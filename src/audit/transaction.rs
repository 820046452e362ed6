//! The output transaction: how a build changes an output folder so that no
//! reader ever finds half a report under a report's name, two builds never
//! interleave, and a build killed at any point leaves the folder as it was
//! or finishable.
//!
//! The steps, in order: [`OutputFolder::open`] locks the folder (for the
//! life of the value) and finishes a build killed after its commit point;
//! the build stages every new file under a temporary name beside its place;
//! [`OutputFolder::commit`] writes the commit file (the moves and the new
//! manifest: the commit point), moves the staged files into place, writes
//! the manifest and removes the commit file. Killed before the commit file,
//! a build changed nothing; killed after it, the next build finishes the
//! moves first.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::manifest::{COMMIT, Commit};
use super::{InputEntry, MANIFEST, Manifest, OutputEntry, TemplateFiles, YearEntry, YearStatus};
use crate::core::files::write_atomically;
use crate::core::sha256_hex;
use crate::core::text::slash_path;
use crate::intake::Inputs;

/// An output folder, locked for one build.
pub struct OutputFolder {
    path: PathBuf,
    /// Held to the end of the build; the lock ends with the process,
    /// however it ends.
    _lock: Option<fs::File>,
}

/// A file staged for the commit: its temporary name and where it goes,
/// both under the output folder.
#[derive(Debug, Clone)]
pub struct StagedFile {
    pub temp: PathBuf,
    pub relative: PathBuf,
}

impl OutputFolder {
    /// Locks `path` (creating it) and finishes a build that was killed
    /// after its commit point; what builds killed before it left behind
    /// goes (under the lock, every temporary file there is a dead build's).
    pub fn open(path: &Path) -> Result<OutputFolder> {
        let lock = lock_output(path)?;
        finish_interrupted(path)?;
        crate::core::files::remove_stale_temps(path);
        Ok(OutputFolder {
            path: path.to_path_buf(),
            _lock: lock,
        })
    }

    /// The manifest the last build wrote, when it is readable.
    pub fn previous_manifest(&self) -> Option<Manifest> {
        fs::read(self.path.join(MANIFEST))
            .ok()
            .and_then(|bytes| Manifest::from_json(&bytes).ok())
    }

    /// The commit point: writes the commit file (moves and manifest), then
    /// applies it. Returns whether anything was written (nothing staged and
    /// the manifest as it was: nothing is). On failure the staged files are
    /// removed.
    pub fn commit(&self, staged: &[StagedFile], manifest: Manifest) -> Result<bool> {
        let output = &self.path;
        let relative = |path: &Path| slash_path(path.strip_prefix(output).unwrap_or(path));
        let commit = Commit {
            moves: staged
                .iter()
                .map(|s| (relative(&s.temp), slash_path(&s.relative)))
                .collect(),
            manifest,
        };
        if staged.is_empty()
            && fs::read(output.join(MANIFEST)).ok() == Some(commit.manifest.to_json()?)
        {
            return Ok(false);
        }
        fs::create_dir_all(output)
            .with_context(|| format!("cannot create `{}`", output.display()))
            .and_then(|()| write_atomically(&output.join(COMMIT), &commit.to_json()?))
            .inspect_err(|_| discard(staged))?;
        apply(output, &commit, true)?;
        Ok(true)
    }
}

/// Removes staged files of a build that will not commit.
pub fn discard(staged: &[StagedFile]) {
    for file in staged {
        let _ = fs::remove_file(&file.temp);
    }
}

/// The manifest of a build: the outputs it `wrote`, those it left
/// `unchanged`, and earlier outputs this run did not touch that are still
/// there unchanged (a build of one year leaves the others); each year's
/// fingerprint, state, approvals and inputs.
pub fn build_manifest(
    inputs: &Inputs,
    statuses: &[YearStatus],
    template: &TemplateFiles,
    output: &Path,
    wrote: Vec<OutputEntry>,
    previous: Option<Manifest>,
) -> Manifest {
    let mut outputs = wrote;
    for entry in previous.into_iter().flat_map(|m| m.outputs) {
        let untouched = !outputs.iter().any(|o| o.path == entry.path);
        if untouched
            && fs::read(output.join(&entry.path)).is_ok_and(|b| sha256_hex(&b) == entry.sha256)
        {
            outputs.push(entry);
        }
    }
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    Manifest {
        koers_version: env!("CARGO_PKG_VERSION").to_string(),
        template: template.info(),
        years: statuses
            .iter()
            .filter_map(|status| {
                let data = inputs.year(status.year)?;
                Some(YearEntry {
                    year: status.year,
                    fingerprint: status.fingerprint.clone(),
                    state: status.state,
                    approvals: status.approvals(),
                    inputs: inputs
                        .plan_files()
                        .chain(&data.files)
                        .map(InputEntry::from)
                        .collect(),
                })
            })
            .collect(),
        outputs,
    }
}

/// Moves the staged reports into place, writes the manifest and removes the
/// commit file. A commit is checked before anything moves: each move must
/// put a staged report (`.<name>.….koers-tmp`) beside the report it
/// replaces, a `<year>/<lang>/<name>.pdf` the commit's manifest lists, with
/// the bytes that manifest records. When finishing an interrupted build
/// (`own` false), a move already done (its staged file gone, the report in
/// place) is skipped; for the build's own commit a missing staged file is
/// an error.
fn apply(output: &Path, commit: &Commit, own: bool) -> Result<()> {
    let refuse = |why: String| {
        anyhow::anyhow!(
            "`{}` cannot be applied: {why}; remove it and run `koers build` again",
            output.join(COMMIT).display()
        )
    };
    let mut checked = Vec::new();
    for (from, to) in &commit.moves {
        let Some((from_path, to_path)) = staged_move(output, from, to) else {
            return Err(refuse(format!(
                "`{from}` → `{to}` is not a move of a staged report"
            )));
        };
        let Some(entry) = commit.manifest.outputs.iter().find(|o| o.path == *to) else {
            return Err(refuse(format!("`{to}` is not in its manifest")));
        };
        let holds = |path: &Path| fs::read(path).is_ok_and(|b| sha256_hex(&b) == entry.sha256);
        if holds(&from_path) {
            checked.push((from_path, to_path));
        } else if own || !holds(&to_path) {
            return Err(refuse(format!(
                "the staged copy of `{to}` is missing or changed"
            )));
        }
    }
    for (from, to) in checked {
        fs::rename(&from, &to)
            .with_context(|| format!("cannot move the new file into `{}`", to.display()))?;
    }
    write_atomically(&output.join(MANIFEST), &commit.manifest.to_json()?)?;
    fs::remove_file(output.join(COMMIT))
        .with_context(|| format!("cannot remove `{}`", output.join(COMMIT).display()))
}

/// The paths of a staged report and of the report it becomes, when `to` is
/// `<year>/<lang>/<name>.pdf` (or the year's figures `.xlsx`) in real folders (no links) under `output` and
/// `from` is a temporary file of that report in the same folder.
fn staged_move(output: &Path, from: &str, to: &str) -> Option<(PathBuf, PathBuf)> {
    let parts: Vec<&str> = to.split('/').collect();
    let [year, lang, name] = parts.as_slice() else {
        return None;
    };
    let plain = |part: &str| {
        !part.is_empty() && part != "." && part != ".." && !part.contains(['\\', '\0'])
    };
    let (folder, staged) = from.rsplit_once('/')?;
    let well_formed = [year, lang, name].iter().all(|p| plain(p))
        && (name.ends_with(".pdf") || name.ends_with(".xlsx") || name.ends_with(".html"))
        && folder == format!("{year}/{lang}")
        && staged.starts_with(&format!(".{name}."))
        && staged.ends_with(".koers-tmp")
        && plain(staged);
    let real = |path: &Path| fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
    (well_formed && real(&output.join(year)) && real(&output.join(year).join(lang)))
        .then(|| (output.join(from), output.join(to)))
}

/// Finishes a build that was killed after its commit point.
fn finish_interrupted(output: &Path) -> Result<()> {
    let path = output.join(COMMIT);
    let bytes = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(err) => {
            return Err(err).with_context(|| format!("cannot read `{}`", path.display()));
        }
    };
    let commit = Commit::from_json(&bytes).with_context(|| {
        format!(
            "`{}` is not a build's commit file; remove it to build",
            path.display()
        )
    })?;
    apply(output, &commit, false).context("cannot finish the build that was interrupted")
}

/// Locks the output folder for this build: a second build into the same
/// folder stops at once instead of interleaving its reports and manifest.
/// The lock is on the folder itself (no lock file is left in the output)
/// and ends with the process, however it ends.
fn lock_output(output: &Path) -> Result<Option<fs::File>> {
    fs::create_dir_all(output).with_context(|| format!("cannot create `{}`", output.display()))?;
    // Where a folder cannot be opened as a file (Windows), there is no lock.
    let Ok(folder) = fs::File::open(output) else {
        return Ok(None);
    };
    match folder.try_lock() {
        Ok(()) => Ok(Some(folder)),
        Err(fs::TryLockError::WouldBlock) => anyhow::bail!(
            "another koers build is writing to `{}`; wait for it to end",
            output.display()
        ),
        Err(fs::TryLockError::Error(err)) => {
            Err(err).with_context(|| format!("cannot lock `{}`", output.display()))
        }
    }
}
