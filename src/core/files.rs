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
    // Unique per process and call: two builds at once never share a file.
    let temp = dir.join(format!(
        ".{name}.{}-{}.koers-tmp",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let written = fs::File::create(&temp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    if let Err(err) = written {
        let _ = fs::remove_file(&temp);
        return Err(err).with_context(|| format!("cannot write `{}`", path.display()));
    }
    Ok(temp)
}
