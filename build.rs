//! The build identity: one SHA-256 over everything the binary is made of
//! that can change a report (the sources of both crates, the embedded
//! templates, fonts and wording, the locked dependency versions), handed to
//! the code as `KOERS_BUILD_ID`. The content key of every report includes
//! it, so a build from changed sources never skips a report whose layout
//! changed, whatever the version number says.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// What goes into the identity, relative to the crate root.
const INPUTS: &[&str] = &[
    "src",
    "templates",
    "assets",
    "crates/koers-sign/src",
    "Cargo.lock",
];

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let mut files = Vec::new();
    for input in INPUTS {
        println!("cargo::rerun-if-changed={input}");
        collect(&root.join(input), &mut files);
    }
    files.sort();
    let mut hasher = Sha256::new();
    for file in &files {
        // The path relative to the root, then the bytes: a file renamed
        // changes the identity too.
        let relative = file.strip_prefix(&root).unwrap_or(file);
        hasher.update(relative.to_string_lossy().as_bytes());
        hasher.update([0]);
        hasher.update(std::fs::read(file).unwrap_or_default());
        hasher.update([0]);
    }
    let id: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    println!("cargo::rustc-env=KOERS_BUILD_ID={id}");
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    if path.is_file() {
        files.push(path.to_path_buf());
        return;
    }
    let Ok(entries) = std::fs::read_dir(path) else {
        return;
    };
    for entry in entries.flatten() {
        collect(&entry.path(), files);
    }
}
