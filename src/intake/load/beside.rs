//! The plan's files beside `framework.toml` other than the framework
//! itself: the logo and the trust lists (anchors, intermediates, timestamp
//! authorities), each read once and fingerprinted like every input.

use super::*;

/// The logo `framework.toml` names: a PNG or SVG file beside it, read and
/// checked with the decoders the reports are drawn with.
pub(super) fn read_logo(
    source: Source,
    framework: &Framework,
    diags: &mut Vec<Diagnostic>,
) -> Option<InputFile> {
    let name = framework.plan.logo.as_deref()?;
    let bytes = read_beside(source, name, "logo", diags)?;
    if let Err(diag) = crate::intake::logo::check(&bytes, name, &source.path(name)) {
        diags.push(diag);
        return None;
    }
    Some(InputFile::new(name, bytes))
}

/// The certificate files `[trust]` names, beside framework.toml: each read,
/// parsed (PEM, one or more, or DER) and kept as an input.
pub(super) fn read_trust(
    source: Source,
    framework: &Framework,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<InputFile>, TrustStore) {
    let mut files: Vec<InputFile> = Vec::new();
    let mut store = TrustStore::default();
    for list in TrustList::ALL {
        let field = list.field();
        for name in framework.trust.list(list) {
            if files.iter().any(|f| f.path == *name) {
                diags.push(
                    Diagnostic::error(
                        source.path(FRAMEWORK_FILE),
                        format!("`{name}` is named twice under [trust]"),
                    )
                    .field(field),
                );
                continue;
            }
            let Some(bytes) = read_beside(source, name, field, diags) else {
                continue;
            };
            match koers_sign::certificates_of(&bytes) {
                Ok(certificates) => store.list_mut(list).extend(certificates),
                Err(why) => {
                    diags.push(Diagnostic::error(source.path(name), why).field(field).hint(
                        "give the CA certificate as PEM (-----BEGIN CERTIFICATE-----) or DER",
                    ))
                }
            }
            files.push(InputFile::new(name, bytes));
        }
    }
    (files, store)
}

/// The bytes of a file `framework.toml` names for `field`, which must be
/// beside it (its name alone: no folders, no `..`).
pub(super) fn read_beside(
    source: Source,
    name: &str,
    field: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<u8>> {
    let framework_path = source.path(FRAMEWORK_FILE);
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        diags.push(
            Diagnostic::error(
                &framework_path,
                format!("{field} `{name}` must be the name of a file beside framework.toml"),
            )
            .field(field)
            .hint("put the file in the inputs folder, beside framework.toml, and give its name"),
        );
        return None;
    }
    match source.read(name) {
        Ok(bytes) => Some(bytes),
        Err(err) => {
            diags.push(
                Diagnostic::error(
                    source.path(name),
                    format!("cannot read the file framework.toml names as {field}: {err}"),
                )
                .field(field)
                .hint("put the file beside framework.toml, or remove it from framework.toml"),
            );
            None
        }
    }
}
