//! Scale: a build renders only what changed and gives the same bytes as a
//! full one, a killed build never leaves half a report or a manifest that
//! lies, and a very large year still gives a readable organisation report.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::common::{build_into, fixture, pdf_text, small_plan};

/// The small plan with its 2023 data, and a 2024 with the same files.
fn two_year_plan() -> tempfile::TempDir {
    let files = crate::common::files_of(&fixture("small").join("2023"));
    let mut both: Vec<(String, Vec<u8>)> = Vec::new();
    for (name, bytes) in &files {
        both.push((name.clone(), bytes.clone()));
        let later = String::from_utf8_lossy(bytes).replace("2023-", "2024-");
        both.push((name.clone(), later.into_bytes()));
    }
    let first: Vec<(&str, Vec<u8>)> = files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    let dir = small_plan(&first);
    let year = dir.path().join("2024");
    std::fs::create_dir_all(&year).unwrap();
    for (name, bytes) in &files {
        let later = String::from_utf8_lossy(bytes).replace("2023-", "2024-");
        std::fs::write(year.join(name), later).unwrap();
    }
    dir
}

/// A build that must succeed; what it told on standard error. (For one
/// that must fail, [`build_into`].)
fn build(inputs: &Path, output: &Path, extra: &[&str]) -> String {
    let run = build_into(inputs, output, extra);
    let told = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(run.status.success(), "{told}");
    told
}

/// Every file under `dir` (the manifest included) with its bytes.
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    crate::common::files_under(dir)
        .into_iter()
        .map(|name| {
            let bytes = std::fs::read(dir.join(&name)).unwrap();
            (name, bytes)
        })
        .collect()
}

#[test]
fn an_incremental_build_renders_only_what_changed_and_equals_a_full_build() {
    let plan = two_year_plan();
    let out = tempfile::tempdir().unwrap();
    let told = build(plan.path(), out.path(), &[]);
    assert!(told.contains("wrote 12 DRAFT report(s)"), "{told}");
    let first = contents(out.path());

    // Nothing changed: nothing is rendered, nothing is written.
    let told = build(plan.path(), out.path(), &[]);
    assert!(told.contains("nothing changed: the 12 report(s)"), "{told}");
    assert_eq!(contents(out.path()), first);

    // One unit's row changes in 2024: only 2024's reports are rendered
    // (each of them shows the year's fingerprint and attaches its files);
    // 2023's are left as they are.
    let actions = plan.path().join("2024/actions.csv");
    let text = std::fs::read_to_string(&actions).unwrap();
    std::fs::write(&actions, text.replace("U2,on_track,35.5", "U2,on_track,45")).unwrap();
    let told = build(plan.path(), out.path(), &[]);
    assert!(
        told.contains("wrote 6 DRAFT report(s)") && told.contains("(6 unchanged)"),
        "{told}"
    );
    let incremental = contents(out.path());
    for (name, bytes) in &incremental {
        if name.starts_with("2023/") {
            assert_eq!(Some(bytes), first.get(name), "{name} changed");
        }
    }
    assert_ne!(
        incremental.get("2024/nl/t-2024-U2-nl.pdf"),
        first.get("2024/nl/t-2024-U2-nl.pdf")
    );

    // A full build of the same inputs gives the same bytes, manifest too.
    let full = tempfile::tempdir().unwrap();
    build(plan.path(), full.path(), &["--force"]);
    assert_eq!(contents(full.path()), incremental);

    // --force renders everything again, to the same bytes.
    let told = build(plan.path(), out.path(), &["--force"]);
    assert!(told.contains("wrote 12 DRAFT report(s)"), "{told}");
    assert_eq!(contents(out.path()), incremental);
}

#[test]
fn progress_is_plain_lines_off_a_terminal_and_quiet_prints_nothing() {
    let plan = two_year_plan();
    let out = tempfile::tempdir().unwrap();
    let told = build(plan.path(), out.path(), &["--year", "2023", "--lang", "nl"]);
    assert!(!told.contains('\u{1b}') && !told.contains('\r'), "{told:?}");
    assert!(
        told.contains("rendering 3 report(s), 0 unchanged"),
        "{told}"
    );
    for n in 1..=3 {
        assert!(told.contains(&format!("rendered {n}/3 (")), "{told}");
    }
    assert!(told.contains(": DRAFT "), "{told}");
    let last = told.lines().last().unwrap_or_default();
    assert!(last.starts_with("wrote 3 DRAFT report(s) to "), "{told}");
    let std::process::Output {
        status,
        stdout,
        stderr,
    } = build_into(plan.path(), out.path(), &["--quiet", "--force"]);
    assert!(status.success());
    assert!(
        stdout.is_empty() && stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&stderr)
    );
}

/// Kills builds at many moments: under a report's name there is always a
/// whole report, the old one or the new one; the manifest describes the
/// files, at once or after the next build finished the interrupted one.
#[cfg(unix)]
#[test]
fn a_killed_build_leaves_old_or_new_reports_and_a_true_manifest() {
    let plan = two_year_plan();
    let out = tempfile::tempdir().unwrap();
    build(plan.path(), out.path(), &[]);
    let old = contents(out.path());
    // New data for both years, and its reports built elsewhere.
    for year in ["2023", "2024"] {
        let actions = plan.path().join(year).join("actions.csv");
        let text = std::fs::read_to_string(&actions).unwrap();
        std::fs::write(&actions, text.replace("on_track,10,", "on_track,15,")).unwrap();
    }
    let reference = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    build(plan.path(), reference.path(), &[]);
    let took = started.elapsed();
    let new = contents(reference.path());
    assert_ne!(old, new);

    // Kill moments spread over a whole build and past its end; on a loaded
    // machine a build takes longer than the reference one, so the moments
    // keep growing until one build has run to its end.
    let mut finished = false;
    for step in 0..200u32 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_koers"))
            .args([
                "build",
                "--quiet",
                "--inputs",
                plan.path().to_str().unwrap(),
                "--output",
                out.path().to_str().unwrap(),
            ])
            .spawn()
            .unwrap();
        std::thread::sleep(took * step / 24);
        let _ = Command::new("kill")
            .args(["-9", &child.id().to_string()])
            .status();
        let status = child.wait().unwrap();
        for (name, bytes) in contents(out.path()) {
            if !name.ends_with(".pdf") {
                continue;
            }
            assert!(
                old.get(&name) == Some(&bytes) || new.get(&name) == Some(&bytes),
                "step {step}: {name} is neither the old nor the new report"
            );
        }
        let manifest = koers::audit::Manifest::from_json(
            &std::fs::read(out.path().join("manifest.json")).unwrap(),
        )
        .unwrap();
        let interrupted = out.path().join(".koers-commit.json").exists();
        if !interrupted {
            for entry in &manifest.outputs {
                let bytes = std::fs::read(out.path().join(&entry.path)).unwrap();
                assert_eq!(
                    koers::core::sha256_hex(&bytes),
                    entry.sha256,
                    "step {step}: the manifest does not describe {}",
                    entry.path
                );
            }
        }
        if status.success() {
            finished = true;
            break;
        }
    }
    assert!(finished, "no build ran to its end");
    // Whatever was interrupted is finished by the next build: all new.
    build(plan.path(), out.path(), &[]);
    assert_eq!(contents(out.path()), new);
}

/// A year of 10,000 actions: the organisation report shows objectives, the
/// ten most urgent actions and "and N more", amounts up to € 10^12 fit, and
/// the annex prints counts while every finding is in the attached CSV.
#[test]
fn a_ten_thousand_action_year_gives_a_readable_organisation_report() {
    let mut csv = String::from(
        "id,objective,title,title_fr,unit,status,progress,due,budget_planned,budget_spent,comment\n",
    );
    let mut urgent = 0;
    let mut over_spent = 0usize;
    for n in 0..10_000u32 {
        let (objective, unit) = [("O1", "U1"), ("O2", "U2"), ("O3", "U2")][(n % 3) as usize];
        let (status, progress) = match n % 10 {
            0 => ("at_risk", 30),
            1 => ("delayed", 40),
            2 | 3 => ("completed", 100),
            _ => ("on_track", 50),
        };
        if matches!(n % 10, 0 | 1) {
            urgent += 1;
        }
        // Every 100th action spends more than planned: a finding.
        let (planned, spent) = match n {
            0 => ("1000000000000".to_string(), "999999999999".to_string()),
            n if n % 100 == 50 => {
                over_spent += 1;
                ("1000".to_string(), "1500".to_string())
            }
            _ => ("1000".to_string(), "500".to_string()),
        };
        csv.push_str(&format!(
            "A{n:05},{objective},Actie {n},Action {n},{unit},{status},{progress},2024-12-31,{planned},{spent},Toelichting {n}\n"
        ));
    }
    let indicators = std::fs::read(fixture("small").join("2023/indicators.csv")).unwrap();
    let dir = small_plan(&[
        ("actions.csv", csv.into_bytes()),
        ("indicators.csv", indicators),
    ]);
    let (inputs, diags) = crate::common::load(dir.path());
    let inputs = inputs.unwrap_or_else(|| panic!("{diags:?}"));
    let job = crate::common::org_job(2023, koers::core::Lang::Nl);
    let templates = koers::render::Templates::builtin();
    let template = templates.audit_files();
    let catalog = koers::i18n::Catalog::builtin();
    let year = inputs.year(2023).unwrap();
    let status = koers::audit::year_status(&inputs, year, &template, None);
    let run = koers::report::Run::new(&inputs, &diags, &catalog, &template);
    let renderer = koers::render::Renderer::new(templates).unwrap();
    let pdf = koers::render::render_job(&run, &renderer, &status, &job).unwrap();
    let path = dir.path().join("org.pdf");
    std::fs::write(&path, &pdf).unwrap();

    let pages = lopdf::Document::load_mem(&pdf).unwrap().get_pages().len();
    assert!(pages <= 30, "{pages} pages");
    let text = pdf_text(&path);
    // The ten most urgent: delayed first (all due the same day, with the
    // same progress), then by id; at risk ones are left out.
    assert!(text.contains("A00001"), "the most urgent action is missing");
    assert!(
        !text.contains("A00000"),
        "an action at risk before a delayed one"
    );
    // (Only the start: the rest may be hyphenated at a line end.)
    let more = urgent - 10;
    let more = format!("en nog {}.{:03} andere acties", more / 1000, more % 1000);
    assert!(text.contains(&more), "no `{more}`");
    // Actions are left to the unit reports: an on-track one is not listed.
    assert!(!text.contains("A00004"), "an action list is in the report");
    assert!(text.contains("Dit jaar telt 10.000 acties"), "no note");
    assert!(text.contains("10.000 Acties"), "the tile's count");
    // € 10^12 planned, written short in the tile.
    assert!(text.contains("€ 1.000,00 mld"), "no short amount");

    // The annex counts; the CSV lists every finding.
    let attached = koers::readback::attachments(&pdf).unwrap();
    let findings = String::from_utf8(attached["findings.csv"].clone()).unwrap();
    let listed = findings.lines().filter(|l| l.contains("besteedde")).count();
    assert_eq!(listed, over_spent);
    let per_unit = |unit: &str| {
        findings
            .lines()
            .filter(|l| l.contains("besteedde") && l.contains(&format!(",{unit},")))
            .count()
    };
    assert_eq!(per_unit("U1") + per_unit("U2"), over_spent);
    for unit in ["U1", "U2"] {
        let row = format!("{unit} {} 2023/actions.csv", per_unit(unit));
        assert!(text.contains(&row), "no annex row `{row}`");
    }
    assert!(text.contains("findings.csv"));
    assert!(findings.starts_with("\u{feff}Plaats,Directie,Veld,Melding\n"));
}

/// A second build into a folder another build is writing to stops at once.
#[test]
fn a_second_build_into_the_same_folder_stops_at_once() {
    let plan = two_year_plan();
    let out = tempfile::tempdir().unwrap();
    let lock = std::fs::File::open(out.path()).unwrap();
    lock.try_lock().unwrap();
    let run = build_into(plan.path(), out.path(), &[]);
    let told = String::from_utf8_lossy(&run.stderr).into_owned();
    assert_eq!(run.status.code(), Some(2), "{told}");
    assert!(told.contains("another koers build is writing to"), "{told}");
    assert!(!out.path().join("2023").exists(), "it wrote reports");
    drop(lock);
    build(plan.path(), out.path(), &[]);
}

/// A commit file that does not describe staged reports (forged, or left
/// from another folder) moves nothing and says what to do.
#[test]
fn a_forged_commit_file_moves_nothing() {
    let plan = two_year_plan();
    let out = tempfile::tempdir().unwrap();
    build(plan.path(), out.path(), &[]);
    let before = contents(out.path());
    let manifest = std::fs::read_to_string(out.path().join("manifest.json")).unwrap();
    for (from, to) in [
        ("manifest.json", "2023/nl/t-2023-org-nl.pdf"),
        ("2023/nl/t-2023-U1-nl.pdf", "2023/nl/t-2023-org-nl.pdf"),
        ("../outside.koers-tmp", "2023/nl/t-2023-org-nl.pdf"),
        ("2023/nl/.x.pdf.1-0-0.koers-tmp", "../x.pdf"),
        ("2023/nl/.t.pdf.1-0-0.koers-tmp", "2023/nl/t.pdf"),
    ] {
        let forged = format!(r#"{{"moves":[["{from}","{to}"]],"manifest":{manifest}}}"#);
        std::fs::write(out.path().join(".koers-commit.json"), forged).unwrap();
        let run = build_into(plan.path(), out.path(), &[]);
        let told = String::from_utf8_lossy(&run.stderr).into_owned();
        assert_eq!(run.status.code(), Some(2), "{from}: {told}");
        assert!(
            told.contains("cannot be applied") && told.contains("remove it"),
            "{from}: {told}"
        );
        std::fs::remove_file(out.path().join(".koers-commit.json")).unwrap();
        assert_eq!(contents(out.path()), before, "{from}: something moved");
    }
}
