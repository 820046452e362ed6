//! Writing files so that a reader sees the old file or the new one, never
//! half of one: every report, manifest and signoff file goes through here.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Writes to a temporary file beside `path`, flushes it to disk and renames
/// it into place, so readers see the old file or the new one, never half.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let temp = write_temp(path, bytes)?;
    fs::rename(&temp, path).map_err(|err| {
        let _ = fs::remove_file(&temp);
        anyhow::Error::new(err).context(format!(
            "cannot move the new file into `{}`",
            path.display()
        ))
    })
}

/// Writes `bytes` to a new temporary file beside `path`, flushed to disk;
/// returns its path. Nothing is left behind when writing fails.
pub fn write_temp(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    use std::io::Write;
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);

    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Unique per process, call and moment: a process id is reused (every
    // container's first process is 1), so the clock tells runs apart.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let temp = dir.join(format!(
        ".{name}.{}-{}-{nanos}.koers-tmp",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    // A new file, never an existing one (nor what a planted link points at).
    let written = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        });
    if let Err(err) = written {
        let _ = fs::remove_file(&temp);
        return Err(err).with_context(|| format!("cannot write `{}`", path.display()));
    }
    Ok(temp)
}

/// Removes the temporary files (`.*.koers-tmp`) that builds killed midway
/// left under `dir`. The caller holds the folder's lock, so no other build
/// is writing there and every such file is a dead build's. Links are not
/// followed. Returns how many were removed.
pub fn remove_stale_temps(dir: &Path) -> usize {
    let mut removed = 0;
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if kind.is_dir() {
            removed += remove_stale_temps(&path);
        } else if kind.is_file()
            && name.starts_with('.')
            && name.ends_with(".koers-tmp")
            && fs::remove_file(&path).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_temps_are_removed_and_reports_are_kept() {
        let dir = std::env::temp_dir().join(format!("koers-temps-{}", std::process::id()));
        let nested = dir.join("2023/nl");
        fs::create_dir_all(&nested).unwrap_or_default();
        let dead = nested.join(".r.pdf.4194305-0-1.koers-tmp");
        let report = nested.join("r.pdf");
        for file in [&dead, &report] {
            fs::write(file, b"x").unwrap_or_default();
        }
        assert_eq!(remove_stale_temps(&dir), 1);
        assert!(!dead.exists() && report.exists());
        let _ = fs::remove_dir_all(&dir);
    }
}
