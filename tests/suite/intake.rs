//! The same data, written in every dialect units send, gives the same report
//! model as the canonical CSV.

use koers::core::Lang;
use koers::report::{Job, ScopeSel};

use crate::common::{load, model};

/// The report models of the 2023 data in `inputs`, for every language and
/// scope, as JSON without the sources annex (file names and hashes differ
/// by design).
fn models(inputs: &str) -> Vec<serde_json::Value> {
    let (inputs, diags) = load(&crate::common::fixture(inputs));
    assert!(!koers::diagnostics::has_errors(&diags), "{diags:?}");
    let inputs = inputs.expect("inputs");
    let year = inputs.years.iter().find(|y| y.year == 2023).expect("2023");
    let mut models = Vec::new();
    for lang in [Lang::Nl, Lang::Fr] {
        for scope in ScopeSel::all(&inputs.framework) {
            let model = model(
                &inputs,
                &diags,
                &Job {
                    year: year.year,
                    lang,
                    scope: scope.clone(),
                },
            );
            let mut json = serde_json::to_value(&model).expect("serializable");
            let object = json.as_object_mut().expect("object");
            // The files themselves differ by design: their names, hashes and
            // so the fingerprint and attachments.
            for key in ["sources", "signoff", "attachments"] {
                object.remove(key);
            }
            // Notes and warnings name their own files.
            object.remove("quality");
            models.push(json);
        }
    }
    models
}

#[test]
fn every_dialect_gives_the_canonical_model() {
    let canonical = models("small");
    for dialect in [
        "semicolon-1252-nl",
        "bom-utf8-fr",
        "tab-en",
        "xlsx",
        "per-unit",
    ] {
        let models = models(&format!("dialects/{dialect}"));
        for (got, want) in models.iter().zip(&canonical) {
            // Compared as text so a failure shows where the two part ways.
            let (got, want) = (got.to_string(), want.to_string());
            let at = got
                .bytes()
                .zip(want.bytes())
                .take_while(|(a, b)| a == b)
                .count();
            assert!(
                got == want,
                "{dialect} differs from the canonical CSV at …{}…",
                &got[at.saturating_sub(80)..(at + 80).min(got.len())]
            );
        }
        assert_eq!(models.len(), canonical.len());
    }
}

#[test]
fn the_canonical_model_holds_the_quoted_comments() {
    let models = models("small");
    let text = models[0].to_string();
    assert!(
        text.contains(r#"Leverancier failliet; nieuwe \"raamovereenkomst\", gunning in 2024"#),
        "{text}"
    );
    assert!(
        text.contains(r#"Geschrapt na herziening,\nzie nota"#),
        "{text}"
    );
}
