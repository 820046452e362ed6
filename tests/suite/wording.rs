//! The reports' wording comes from the Fluent catalogs, and an organisation
//! overrides it from its template folder (`i18n/<lang>.ftl`) without
//! recompiling; a broken override stops the build naming the file.

use crate::common::{files_under, fixture, koers, pdf_text, stderr};

/// An exported template folder with `i18n/nl.ftl` holding `ftl`.
fn template_with(dir: &std::path::Path, ftl: &str) -> String {
    let templates = dir.join("tpl");
    let export = koers(&["templates", "export", templates.to_str().expect("utf-8")]);
    assert!(export.status.success(), "{}", stderr(&export));
    std::fs::create_dir_all(templates.join("i18n")).expect("mkdir");
    std::fs::write(templates.join("i18n/nl.ftl"), ftl).expect("write");
    templates.to_str().expect("utf-8").to_string()
}

/// Builds the `warnings` fixture, whose data-quality annex has findings.
fn build_with(dir: &std::path::Path, templates: &str) -> std::process::Output {
    koers(&[
        "build",
        "--inputs",
        fixture("warnings").to_str().expect("utf-8"),
        "--output",
        dir.join("out").to_str().expect("utf-8"),
        "--templates",
        templates,
    ])
}

#[test]
fn an_override_changes_only_its_messages_in_its_language() {
    let dir = tempfile::tempdir().expect("temp dir");
    let templates = template_with(
        dir.path(),
        "summary = Overzicht van het jaar\n\
         finding-no-comment = Bij actie { $id } ({ $status }) ontbreekt de uitleg.\n",
    );
    let build = build_with(dir.path(), &templates);
    assert!(build.status.success(), "{}", stderr(&build));
    let nl = pdf_text(&dir.path().join("out/2023/nl/t-2023-org-nl.pdf"));
    assert!(nl.contains("Overzicht van het jaar"), "{nl}");
    assert!(nl.contains("ontbreekt de uitleg"), "{nl}");
    // Everything else keeps the built-in wording.
    assert!(nl.contains("Globale voortgang"), "{nl}");
    let fr = pdf_text(&dir.path().join("out/2023/fr/t-2023-org-fr.pdf"));
    assert!(fr.contains("Synthèse"), "{fr}");
    assert!(!fr.contains("Overzicht van het jaar"), "{fr}");
}

#[test]
fn a_broken_override_stops_the_build_naming_the_file_and_message() {
    for (ftl, expected) in [
        ("summaryy = Overzicht\n", "unknown message `summaryy`"),
        (
            "finding-no-target = Indicator zonder streefwaarde.\n",
            "message `finding-no-target` uses no placeholder but the built-in message uses $id",
        ),
        ("summary = { $\n", "i18n/nl.ftl"),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let templates = template_with(dir.path(), ftl);
        let build = build_with(dir.path(), &templates);
        let err = stderr(&build);
        assert_eq!(build.status.code(), Some(2), "{ftl}: {err}");
        assert!(err.contains("i18n/nl.ftl"), "{ftl}: {err}");
        assert!(err.contains(expected), "{ftl}: {err}");
        assert!(
            files_under(dir.path())
                .iter()
                .all(|f| !f.starts_with("out/")),
            "{ftl}"
        );
    }
}
