//! The web edition: one HTML page beside every PDF, from the same model.
//! Checked here for what the Rust side can read (numbers, structure,
//! languages, escaping, verify); `scripts/web-check.mjs` and the Nu checker
//! judge it in a real browser in `.ci/run`.

use std::path::Path;

use crate::common::{
    build_into, collapse, files_under, load, model, org_job, pdf_text, sample, small_plan, stderr,
    verify,
};
use koers::core::Lang;

fn html(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// Every PDF has its web edition beside it, listed in the manifest.
#[test]
fn every_report_has_a_web_edition_in_the_manifest() {
    let files = files_under(sample());
    let pdfs: Vec<&String> = files.iter().filter(|f| f.ends_with(".pdf")).collect();
    assert_eq!(pdfs.len(), 48);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sample().join("manifest.json")).unwrap()).unwrap();
    let outputs = manifest["outputs"].as_array().unwrap();
    for pdf in pdfs {
        let web = pdf.replace(".pdf", ".html");
        assert!(files.contains(&web), "{web} missing");
        let entry = outputs
            .iter()
            .find(|o| o["path"] == web.as_str())
            .unwrap_or_else(|| panic!("{web} not in the manifest"));
        assert_eq!(entry["scope"], "web");
        assert_eq!(
            entry["sha256"],
            koers::core::sha256_hex(&std::fs::read(sample().join(&web)).unwrap()).as_str()
        );
    }
}

/// Every figure of the summary is in the PDF and in the web edition, in
/// both languages; each priority's progress too.
#[test]
fn the_summary_figures_of_the_pdf_are_in_the_web_edition() {
    let (inputs, diags) = load(&crate::common::sample_inputs());
    let inputs = inputs.unwrap();
    for lang in [Lang::Nl, Lang::Fr] {
        let report = model(&inputs, &diags, &org_job(2024, lang));
        let base = format!("2024/{lang}/ibz-sp-2024-org-{lang}");
        let pdf = collapse(&pdf_text(&sample().join(format!("{base}.pdf"))));
        let page = html(&sample().join(format!("{base}.html")));
        let summary = &report.summary;
        let mut figures = vec![
            summary.progress.text.clone(),
            summary.progress.actions_text.clone(),
            summary.budget.planned_text.clone(),
            summary.budget.spent_text.clone(),
        ];
        for status in &summary.progress.by_status {
            figures.push(format!(
                "{}</th><td class=\"num\">{}",
                status.label, status.count
            ));
        }
        for priority in &report.priorities {
            figures.push(priority.progress.text.clone());
        }
        for figure in &figures {
            let plain = figure.split("</th>").next().unwrap_or(figure);
            assert!(
                pdf.contains(&collapse(plain)),
                "{lang}: `{plain}` not in the PDF"
            );
            let escaped = figure.replace('&', "&amp;");
            assert!(
                page.contains(&escaped),
                "{lang}: `{figure}` not in the web edition"
            );
        }
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\""));
        assert!(page.contains(&format!("<html lang=\"{lang}\">")));
    }
}

/// A chart is an SVG with a label that states its numbers, followed by the
/// same data as a table; the page holds one `h1`, a skip link to `main`,
/// and tables with header cells.
#[test]
fn every_chart_has_its_table_and_the_page_its_landmarks() {
    for name in [
        "2024/nl/ibz-sp-2024-org-nl.html",
        "2023/fr/ibz-sp-2023-DVZ-fr.html",
    ] {
        let page = html(&sample().join(name));
        let charts = page.matches("<svg role=\"img\"").count();
        assert!(charts >= 1, "{name}: no chart");
        for figure in page.split("<figure>").skip(1) {
            let figure = figure.split("</figure>").next().unwrap();
            if figure.contains("<svg role=\"img\"") {
                assert!(
                    figure.contains("<table>"),
                    "{name}: a chart without its table"
                );
                assert!(
                    figure.contains("<title id="),
                    "{name}: a chart without its label"
                );
            }
        }
        assert_eq!(page.matches("<h1").count(), 1, "{name}");
        assert!(page.contains("<a class=\"skip\" href=\"#main\">"));
        assert!(page.contains("<main id=\"main\">"));
        assert!(page.contains("<th scope=\"col\">"));
        // Self-contained: nothing fetched from anywhere.
        assert!(
            !page.contains("src=\"http") && !page.contains("href=\"http"),
            "{name}"
        );
        assert!(!page.contains("<link"), "{name}");
    }
}

/// A text shown in another language than the edition's carries `lang`
/// and the visible marker, as in the PDF.
#[test]
fn texts_in_another_language_are_marked() {
    let page = html(&sample().join("2024/fr/ibz-sp-2024-org-fr.html"));
    assert!(
        page.contains("<span lang=\"nl\">") && page.contains("<span class=\"lang-mark\">NL</span>"),
        "no Dutch text marked in the French edition"
    );
}

/// What a unit typed is text, never markup: a title holding a script tag
/// and quotes is shown, escaped.
#[test]
fn user_text_is_escaped() {
    let actions = "id,objective,title,unit,status,progress,comment\n\
        A1,O1,\"<script>alert('x')</script> & \"\"quoted\"\"\",U1,on_track,10,<img src=x onerror=alert(1)>\n";
    let plan = small_plan(&[("actions.csv", actions.as_bytes().to_vec())]);
    let out = tempfile::tempdir().unwrap();
    let built = build_into(plan.path(), out.path(), &["--lang", "nl"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let page = html(&out.path().join("2023/nl/t-2023-org-nl.html"));
    assert!(page.contains("&lt;script&gt;alert("), "{page}");
    assert!(!page.contains("<script>alert"), "unescaped script tag");
    assert!(!page.contains("<img src=x"), "unescaped image tag");
    assert_eq!(
        page.matches("<script>").count(),
        1,
        "only the page's own script"
    );
}

/// A long word (an address, a reference) is broken by the browser: the page
/// holds it as the unit wrote it, without the invisible break points the
/// PDF's table cells need, so a reader who copies it gets it whole.
#[test]
fn a_long_word_is_on_the_page_as_written() {
    let word = format!("https://example.org/{}", "abcdefghij".repeat(12));
    let actions = format!(
        "id,objective,title,unit,status,progress\nA1,O1,Zie {word} voor het verslag,U1,on_track,10\n"
    );
    let plan = small_plan(&[("actions.csv", actions.into_bytes())]);
    let out = tempfile::tempdir().unwrap();
    let built = build_into(plan.path(), out.path(), &["--lang", "nl"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let page = html(&out.path().join("2023/nl/t-2023-org-nl.html"));
    let escaped = word.replace('/', "&#x2f;");
    assert!(page.contains(&escaped), "the word is not whole on the page");
    assert!(!page.contains('\u{200B}'), "a zero-width space on the page");
}

/// `verify` checks the web edition against the manifest, and `--rebuild`
/// writes it again from the PDF's attached sources, byte for byte.
#[test]
fn verify_checks_the_web_edition() {
    let out = tempfile::tempdir().unwrap();
    let built = build_into(
        &crate::common::sample_inputs(),
        out.path(),
        &["--year", "2022", "--lang", "nl"],
    );
    assert!(built.status.success(), "{}", stderr(&built));
    let pdf = out.path().join("2022/nl/ibz-sp-2022-DVZ-nl.pdf");
    let (code, said) = verify(&pdf, &["--rebuild", "--allow-draft"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("ok   web:") && said.contains("ok   web rebuild:"),
        "{said}"
    );
    // One changed figure in the page: the manifest no longer holds, and a
    // rebuild writes another page.
    let web = out.path().join("2022/nl/ibz-sp-2022-DVZ-nl.html");
    let page = html(&web);
    let changed = page.replacen("<dd>", "<dd>9", 1);
    assert_ne!(changed, page);
    std::fs::write(&web, changed).unwrap();
    let (code, said) = verify(&pdf, &["--rebuild", "--allow-draft"]);
    assert_eq!(code, Some(1), "{said}");
    assert!(
        said.contains("FAIL web:") && said.contains("FAIL web rebuild:"),
        "{said}"
    );
}

/// Each unit's figures in the organisation's page lead to that unit's own
/// page, where its actions are listed one by one.
#[test]
fn the_unit_comparison_leads_to_each_units_page() {
    let dir = sample().join("2024/nl");
    let page = html(&dir.join("ibz-sp-2024-org-nl.html"));
    for unit in ["CS", "DIO", "DVZ", "IB", "NCCN", "STAF", "VP"] {
        let name = format!("ibz-sp-2024-{unit}-nl.html");
        assert!(
            page.contains(&format!("<a href=\"{name}\">")),
            "no link to {name}"
        );
        assert!(dir.join(&name).is_file());
    }
}

/// A web edition gone or changed is written again on the next build from
/// the model, without sealing its PDF again: a timestamped seal would give
/// other bytes, and a FINAL report is never replaced without `--force`.
#[test]
fn a_missing_web_edition_is_written_again_without_resealing() {
    let dir = tempfile::tempdir().unwrap();
    let Some(url) = crate::tsa::start(dir.path()) else {
        return;
    };
    // The small plan, its 2023 approved by its one approver (recorded).
    let plan = small_plan(&[
        (
            "actions.csv",
            std::fs::read(crate::common::fixture("small/2023/actions.csv")).unwrap(),
        ),
        (
            "indicators.csv",
            std::fs::read(crate::common::fixture("small/2023/indicators.csv")).unwrap(),
        ),
    ]);
    crate::common::approve_small(plan.path(), &[]);
    let out = tempfile::tempdir().unwrap();
    let key = crate::common::fixture("keys/ec.key");
    let cert = crate::common::fixture("keys/ec.crt");
    let mut args = crate::common::sealed_2023_args(&key, &cert);
    args.extend(["--tsa", url.as_str()]);
    let built = build_into(plan.path(), out.path(), &args);
    assert!(built.status.success(), "{}", stderr(&built));
    let pdf = out.path().join("2023/nl/t-2023-org-nl.pdf");
    let web = out.path().join("2023/nl/t-2023-org-nl.html");
    let sealed = std::fs::read(&pdf).unwrap();
    let page = std::fs::read(&web).unwrap();
    std::fs::remove_file(&web).unwrap();
    let again = build_into(plan.path(), out.path(), &args);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        sealed,
        "the sealed PDF was replaced"
    );
    assert_eq!(std::fs::read(&web).unwrap(), page);
    // Changed by hand: written again too.
    std::fs::write(&web, b"<!DOCTYPE html><title>x</title>").unwrap();
    let again = build_into(plan.path(), out.path(), &args);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(std::fs::read(&web).unwrap(), page);
    assert_eq!(std::fs::read(&pdf).unwrap(), sealed);
}

/// The web edition leaves out no chapter of the PDF: the framework, the
/// plan period (in the plan's last year), the data-quality annex with its
/// examples, the missing translations, the rules and the sources.
#[test]
fn the_web_edition_leaves_out_no_chapter() {
    let (inputs, diags) = load(&crate::common::sample_inputs());
    let inputs = inputs.unwrap();
    for year in [2022, 2024] {
        let report = model(&inputs, &diags, &org_job(year, Lang::Nl));
        let page = html(&sample().join(format!("{year}/nl/ibz-sp-{year}-org-nl.html")));
        let escape = |text: &str| {
            text.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
                .replace('\'', "&#x27;")
        };
        let mut texts = vec![
            report.framework.mission.clone(),
            report.plan.signed_on.clone(),
        ];
        for key in [
            "summary",
            "framework",
            "progress_details",
            "kpis",
            "signoff",
            "rules_annex",
            "quality_annex",
            "sources_annex",
        ] {
            texts.push(format!(">{}</h2>", report.label(key)));
        }
        for group in &report.quality {
            for example in &group.examples {
                texts.push(example.message.clone());
            }
        }
        for gap in &report.translations {
            texts.push(gap.unit_name.clone());
        }
        if let Some(period) = &report.plan_period {
            texts.push(format!(
                "{} {}–{}",
                report.label("plan_period"),
                period.start_year,
                period.end_year
            ));
        }
        for source in &report.sources {
            texts.push(source.sha256.clone());
        }
        assert!(
            !report.quality.is_empty() || year == 2024,
            "{year}: the sample has findings"
        );
        for text in texts {
            let shown = if text.starts_with('>') {
                text.clone()
            } else {
                escape(&text)
            };
            assert!(
                page.contains(&shown),
                "{year}: `{text}` not in the web edition"
            );
        }
    }
}
