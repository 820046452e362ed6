//! Where input files come from: a folder on disk, or files held in memory.
//!
//! `koers verify --rebuild` reads a report's attached inputs without writing
//! them anywhere, so intake reads through this one small interface and never
//! touches the file system directly.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use super::limits::Limits;

/// An inputs folder: `framework.toml` plus one folder per year, and the
/// limits it is read within.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    place: Place<'a>,
    limits: Limits,
}

/// Where the files are.
#[derive(Debug, Clone, Copy)]
enum Place<'a> {
    /// A folder on disk.
    Dir(&'a Path),
    /// Files by their `/`-separated path inside the inputs folder; `root`
    /// only names the place in diagnostics.
    Memory {
        root: &'a Path,
        files: &'a BTreeMap<String, Vec<u8>>,
    },
}

impl<'a> Source<'a> {
    /// A folder on disk, read within `limits`.
    pub fn dir(root: &'a Path, limits: Limits) -> Source<'a> {
        Source {
            place: Place::Dir(root),
            limits,
        }
    }

    /// Files held in memory by their `/`-separated path (a report's
    /// attached inputs); `root` only names the place in diagnostics.
    pub fn memory(
        root: &'a Path,
        files: &'a BTreeMap<String, Vec<u8>>,
        limits: Limits,
    ) -> Source<'a> {
        Source {
            place: Place::Memory { root, files },
            limits,
        }
    }

    /// The limits the inputs are read within.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// How diagnostics name the inputs folder.
    pub fn root(&self) -> &'a Path {
        match self.place {
            Place::Dir(root) | Place::Memory { root, .. } => root,
        }
    }

    /// How diagnostics name a file or folder inside it.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root().join(relative)
    }

    pub fn exists(&self) -> bool {
        match self.place {
            Place::Dir(root) => root.is_dir(),
            Place::Memory { .. } => true,
        }
    }

    /// The bytes of the file at `relative`; `NotFound` when there is none.
    /// Only regular files are read (a FIFO would hang, a device never end),
    /// and none larger than the limits allow.
    pub fn read(&self, relative: &str) -> io::Result<Vec<u8>> {
        match self.place {
            Place::Dir(root) => read_regular(&root.join(relative), self.limits.file_bytes),
            Place::Memory { files, .. } => files
                .get(relative)
                .cloned()
                .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound)),
        }
    }

    /// The size in bytes of the file at `relative`, where it can be told
    /// without reading it (`None` otherwise).
    pub fn size(&self, relative: &str) -> Option<u64> {
        match self.place {
            Place::Dir(root) => std::fs::metadata(root.join(relative)).ok().map(|m| m.len()),
            Place::Memory { files, .. } => files.get(relative).map(|b| b.len() as u64),
        }
    }

    /// The names of the folders (`dirs`) or files directly inside the
    /// folder `relative` (`""` for the inputs folder itself), sorted.
    pub fn list(&self, relative: &str, dirs: bool) -> io::Result<Vec<String>> {
        let mut names = match self.place {
            Place::Dir(root) => {
                let mut names = Vec::new();
                for entry in std::fs::read_dir(root.join(relative))? {
                    let entry = entry?;
                    if entry.path().is_dir() == dirs {
                        names.push(entry.file_name().to_string_lossy().into_owned());
                    }
                }
                names
            }
            Place::Memory { files, .. } => {
                let prefix = match relative {
                    "" => String::new(),
                    dir => format!("{dir}/"),
                };
                let mut names: Vec<String> = files
                    .keys()
                    .filter_map(|path| path.strip_prefix(&prefix))
                    .filter_map(|rest| match rest.split_once('/') {
                        Some((dir, _)) if dirs => Some(dir.to_string()),
                        None if !dirs => Some(rest.to_string()),
                        _ => None,
                    })
                    .collect();
                names.dedup();
                names
            }
        };
        names.sort();
        Ok(names)
    }
}

fn read_regular(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    use std::io::Read;
    // Following links is fine; what they lead to must be a plain file.
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file (a folder, device, FIFO or socket): it is not read",
        ));
    }
    if metadata.len() > max {
        return Err(too_large(metadata.len(), max));
    }
    // Sized from the metadata (bounded above), so the bytes are read into
    // place instead of being copied as the buffer grows; one byte more
    // sees a file that grew since.
    let mut bytes = Vec::with_capacity(metadata.len().saturating_add(1) as usize);
    std::fs::File::open(path)?
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64, max));
    }
    Ok(bytes)
}

fn too_large(size: u64, max: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!(
            "the file has {size} bytes, more than the {} MB an input file may have (raise it with --max-file-mb)",
            max / (1024 * 1024)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_lists_like_a_folder() {
        let files: BTreeMap<String, Vec<u8>> = [
            ("framework.toml", "x"),
            ("2023/actions.csv", "a"),
            ("2023/indicators.csv", "i"),
            ("2024/actions.csv", "b"),
        ]
        .into_iter()
        .map(|(p, b)| (p.to_string(), b.as_bytes().to_vec()))
        .collect();
        let source = Source::memory(Path::new("report.pdf"), &files, Limits::default());
        assert_eq!(
            source.list("", true).ok(),
            Some(vec!["2023".into(), "2024".into()])
        );
        assert_eq!(
            source.list("", false).ok(),
            Some(vec!["framework.toml".into()])
        );
        assert_eq!(
            source.list("2023", false).ok(),
            Some(vec!["actions.csv".into(), "indicators.csv".into()])
        );
        assert_eq!(source.read("2024/actions.csv").ok(), Some(b"b".to_vec()));
        assert_eq!(
            source.read("2025/actions.csv").map_err(|e| e.kind()).err(),
            Some(io::ErrorKind::NotFound)
        );
    }
}
