//! The template files a report is rendered with: the built-in set, embedded in
//! the binary so `koers` works from any folder, or a user's folder.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use typst::foundations::Bytes;
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};

use super::{MAIN_TEMPLATE, RenderError};
use crate::audit::TemplateFiles;
use crate::core::{Lang, sha256_hex};
use crate::i18n::Catalog;

/// The built-in template files, by their path inside `templates/`.
pub const BUILTIN: &[(&str, &[u8])] = &[
    ("report.typ", include_bytes!("../../templates/report.typ")),
    (
        "components.typ",
        include_bytes!("../../templates/components.typ"),
    ),
];

/// A set of template files, by their path relative to the template folder.
#[derive(Debug, Clone)]
pub struct Templates {
    files: Vec<(String, Bytes)>,
    /// The folder the files were read from; `None` for the built-in set.
    dir: Option<PathBuf>,
    /// Files of the folder that are not template files, and why (hidden,
    /// a backup, a link leaving the folder, …): never read nor attached.
    skipped: Vec<(PathBuf, String)>,
}

impl Templates {
    pub fn builtin() -> Self {
        Self {
            files: BUILTIN
                .iter()
                .map(|(name, data)| (name.to_string(), Bytes::new(*data)))
                .collect(),
            dir: None,
            skipped: Vec::new(),
        }
    }

    /// Reads the template files under `dir` (recursively): the regular
    /// files of known kinds (`.typ`, images, fonts, data files, wording
    /// catalogs) inside the folder. Hidden files and folders (`.git/`),
    /// editor backups, links leading outside the folder and special files
    /// are skipped and listed in [`Templates::skipped`]: a template kept in
    /// a git repository must not leak its history into published reports.
    ///
    /// Of those, only the files the template uses are kept (see
    /// [`used_files`]): what is fingerprinted and attached is what the
    /// compile can read, and nothing else lying in the folder.
    pub fn from_dir(dir: &Path) -> Result<Self> {
        let root = dir
            .canonicalize()
            .with_context(|| format!("cannot read the template folder `{}`", dir.display()))?;
        let mut found = Found::default();
        collect(&root, dir, dir, &mut found)?;
        found.files.sort_by(|a, b| a.0.cmp(&b.0));
        let used = used_files(&found.files);
        let (files, unused): (Vec<_>, Vec<_>) = std::mem::take(&mut found.files)
            .into_iter()
            .partition(|(name, _)| used.contains(name));
        found.files = files;
        for (name, _) in unused {
            found.skipped.push((
                dir.join(&name),
                format!("not used: no `.typ` file reached from `{MAIN_TEMPLATE}` names it"),
            ));
        }
        Ok(Self {
            files: found.files,
            dir: Some(dir.to_path_buf()),
            skipped: found.skipped,
        })
    }

    /// The files of the template folder that were not read, and why.
    pub fn skipped(&self) -> &[(PathBuf, String)] {
        &self.skipped
    }

    /// A custom template from files held in memory (a report's attached
    /// template, when `verify` rebuilds it); `origin` names it in messages.
    pub fn from_files(files: Vec<(String, Vec<u8>)>, origin: &Path) -> Self {
        let mut files: Vec<(String, Bytes)> = files
            .into_iter()
            .map(|(name, bytes)| (name, Bytes::new(bytes)))
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Self {
            files,
            dir: Some(origin.to_path_buf()),
            skipped: Vec::new(),
        }
    }

    /// What the audit trail records of these files: each one's hash.
    pub fn audit_files(&self) -> TemplateFiles {
        TemplateFiles {
            builtin: self.is_builtin(),
            files: self
                .files()
                .map(|(name, bytes)| (name.to_string(), sha256_hex(bytes)))
                .collect(),
            sha256: self.hash(),
        }
    }

    /// The wording catalogs with this template's overrides: a file
    /// `i18n/<lang>.ftl` replaces the messages it holds for that language.
    pub fn catalog(&self) -> Result<Catalog> {
        let mut catalog = Catalog::builtin();
        for lang in Lang::ALL {
            let name = format!("i18n/{}.ftl", lang.code());
            let Some((_, bytes)) = self.files.iter().find(|(n, _)| *n == name) else {
                continue;
            };
            let origin = self.display_path(&name);
            let text = std::str::from_utf8(bytes.as_slice())
                .with_context(|| format!("{origin} is not valid UTF-8"))?;
            catalog = catalog
                .with_overrides(lang, text, &origin)
                .map_err(anyhow::Error::msg)?;
        }
        Ok(catalog)
    }

    /// Whether this is the template built into the binary.
    pub fn is_builtin(&self) -> bool {
        self.dir.is_none()
    }

    /// How diagnostics name the template set.
    pub fn origin(&self) -> String {
        match &self.dir {
            Some(dir) => dir.display().to_string(),
            None => "built-in template".to_string(),
        }
    }

    /// How diagnostics name one template file.
    pub fn display_path(&self, name: &str) -> String {
        match &self.dir {
            Some(dir) => dir.join(name).display().to_string(),
            None => format!("templates/{name} (built-in)"),
        }
    }

    /// Names and bytes of every file, sorted by name.
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files
            .iter()
            .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
    }

    /// The bytes of the first file whose name `wanted` accepts, shared.
    pub fn shared(&self, wanted: impl Fn(&str) -> bool) -> Option<Bytes> {
        self.files
            .iter()
            .find(|(name, _)| wanted(name))
            .map(|(_, bytes)| bytes.clone())
    }

    /// SHA-256 over every file's name and bytes: identifies the template in
    /// the audit trail.
    pub fn hash(&self) -> String {
        let mut all = Vec::new();
        for (name, bytes) in self.files() {
            all.extend_from_slice(name.as_bytes());
            all.push(0);
            all.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
            all.extend_from_slice(bytes);
        }
        sha256_hex(&all)
    }

    pub(super) fn sources(&self) -> Result<Vec<Source>, RenderError> {
        let mut sources = Vec::new();
        for (name, bytes) in self.files().filter(|(name, _)| name.ends_with(".typ")) {
            let text = std::str::from_utf8(bytes).map_err(|_| RenderError {
                messages: vec![format!(
                    "{}: error: not valid UTF-8",
                    self.display_path(name)
                )],
            })?;
            sources.push(Source::new(file_id(name), text.to_string()));
        }
        Ok(sources)
    }

    pub(super) fn bytes(&self, id: FileId) -> Option<Bytes> {
        self.shared(|name| file_id(name) == id)
    }
}

/// The template files a compile can read: `report.typ`, the wording
/// catalogs, and every file named by a string literal in a `.typ` file
/// reached from `report.typ` this way (`#import "parts/table.typ"`,
/// `image("logo.png")`, `json("/data/units.json")`), resolved as Typst
/// resolves paths: from the naming file's folder, or from the template
/// folder for a leading `/`.
///
/// It is found from the sources, without compiling, because `approve`
/// fingerprints a year without rendering it. A compile that builds a path
/// at run time (`image(name + ".png")`) cannot read a file named nowhere:
/// the report's world serves only these files, so such a template fails
/// with "file not found" instead of reading something unfingerprinted.
fn used_files(files: &[(String, Bytes)]) -> std::collections::BTreeSet<String> {
    let names: std::collections::BTreeSet<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let mut used: std::collections::BTreeSet<String> = names
        .iter()
        .filter(|n| n.starts_with("i18n/") && n.ends_with(".ftl"))
        .map(|n| n.to_string())
        .collect();
    let mut queue = vec![MAIN_TEMPLATE.to_string()];
    while let Some(name) = queue.pop() {
        if !names.contains(name.as_str()) || !used.insert(name.clone()) {
            continue;
        }
        if !name.ends_with(".typ") {
            continue;
        }
        let Some(text) = files
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, bytes)| std::str::from_utf8(bytes.as_slice()).ok())
        else {
            continue;
        };
        let folder = name.rsplit_once('/').map(|(dir, _)| dir).unwrap_or("");
        let mut literals = Vec::new();
        string_literals(&typst::syntax::parse(text), &mut literals);
        for literal in literals {
            if let Some(path) = resolve(folder, &literal)
                && names.contains(path.as_str())
                && !used.contains(&path)
            {
                queue.push(path);
            }
        }
    }
    used
}

/// Every string literal in a parsed source. A walk with its own stack: a
/// template's nesting must not be able to exhaust ours.
fn string_literals(root: &typst::syntax::SyntaxNode, out: &mut Vec<String>) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if let Some(literal) = node.cast::<typst::syntax::ast::Str>() {
            out.push(literal.get().to_string());
        }
        stack.extend(node.children());
    }
}

/// `literal` as a path inside the template folder, seen from `folder`;
/// `None` when it leaves the folder or is not a path at all.
fn resolve(folder: &str, literal: &str) -> Option<String> {
    if literal.is_empty() || literal.len() > 1024 || literal.contains(['\\', '\0', ':']) {
        return None;
    }
    let mut parts: Vec<&str> = if literal.starts_with('/') {
        Vec::new()
    } else {
        folder.split('/').filter(|p| !p.is_empty()).collect()
    };
    for part in literal.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// The Typst file id of a path inside the template folder.
pub fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(format!("/{}", path.trim_start_matches('/')))
        .or_else(|_| VirtualPath::new("/invalid"))
        .unwrap_or_else(|_| unreachable!("`/invalid` is a valid virtual path"));
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// The file kinds a template is made of.
const TEMPLATE_KINDS: &[&str] = &[
    "typ", "ftl", "png", "jpg", "jpeg", "gif", "svg", "webp", "ttf", "otf", "woff", "woff2",
    "json", "csv", "toml", "yaml", "yml", "txt", "xml", "bib",
];
/// No template file comes near these.
const MAX_TEMPLATE_FILE: u64 = 16 * 1024 * 1024;
const MAX_TEMPLATE_FILES: usize = 1000;

#[derive(Default)]
struct Found {
    files: Vec<(String, Bytes)>,
    skipped: Vec<(PathBuf, String)>,
}

fn collect(real_root: &Path, root: &Path, dir: &Path, found: &mut Found) -> Result<()> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the template folder `{}`", dir.display()))?;
    let mut entries: Vec<_> = entries
        .collect::<std::io::Result<_>>()
        .with_context(|| format!("cannot read the template folder `{}`", dir.display()))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let mut skip = |why: &str| found.skipped.push((path.clone(), why.to_string()));
        if name.starts_with('.') {
            skip("hidden");
            continue;
        }
        if name.ends_with('~')
            || (name.starts_with('#') && name.ends_with('#'))
            || [".bak", ".orig", ".swp", ".tmp", ".old"]
                .iter()
                .any(|ext| name.to_ascii_lowercase().ends_with(ext))
        {
            skip("an editor backup");
            continue;
        }
        let kind = entry
            .file_type()
            .with_context(|| format!("cannot read `{}`", path.display()))?;
        if kind.is_symlink() {
            match path.canonicalize() {
                Ok(target) if target.starts_with(real_root) && target.is_file() => {}
                Ok(target) if target.starts_with(real_root) => {
                    skip("a link to a folder");
                    continue;
                }
                _ => {
                    skip("a link leading outside the template folder");
                    continue;
                }
            }
        } else if kind.is_dir() {
            collect(real_root, root, &path, found)?;
            continue;
        } else if !kind.is_file() {
            skip("not a regular file");
            continue;
        }
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if !TEMPLATE_KINDS.contains(&extension.as_str()) {
            skip("not a kind of file a template is made of");
            continue;
        }
        let size = std::fs::metadata(&path)
            .map(|m| m.len())
            .unwrap_or(u64::MAX);
        if size > MAX_TEMPLATE_FILE {
            anyhow::bail!(
                "template file `{}` has {size} bytes, more than {MAX_TEMPLATE_FILE}",
                path.display()
            );
        }
        if found.files.len() >= MAX_TEMPLATE_FILES {
            anyhow::bail!(
                "the template folder `{}` holds more than {MAX_TEMPLATE_FILES} files",
                root.display()
            );
        }
        let bytes = std::fs::read(&path)
            .with_context(|| format!("cannot read template file `{}`", path.display()))?;
        let name = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        found.files.push((name, Bytes::new(bytes)));
    }
    Ok(())
}
