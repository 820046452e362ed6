//! The sign-off workflow on a copy of the sample: DRAFT, approvals, FINAL
//! (PDF/A-3a + PDF/UA-1 with the sources attached), a changed input making
//! the approvals stale, reproducible bytes, and `koers verify`.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::{files_under, koers, pdf_text, sample_inputs, stderr};

/// A scratch copy of the sample inputs with an output folder beside it.
struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&sample_inputs(), &dir.path().join("inputs"));
        Self { dir }
    }

    fn inputs(&self) -> PathBuf {
        self.dir.path().join("inputs")
    }

    fn output(&self) -> PathBuf {
        self.dir.path().join("output")
    }

    fn run(&self, args: &[&str]) -> Output {
        let inputs = self.inputs();
        let mut all = vec![args[0], "--inputs", inputs.to_str().expect("utf-8")];
        all.extend(&args[1..]);
        koers(&all)
    }

    /// Builds 2023 in Dutch only, to keep the tests quick.
    fn build(&self, output: &Path, extra: &[&str]) -> Output {
        let mut args = vec![
            "build",
            "--output",
            output.to_str().expect("utf-8"),
            "--year",
            "2023",
            "--lang",
            "nl",
        ];
        args.extend(extra);
        self.run(&args)
    }

    /// A recorded approval (the sample plan records names): dated today.
    fn approve(&self, name: &str) {
        let output = self.run(&["approve", "--year", "2023", "--name", name]);
        assert!(output.status.success(), "{}", stderr(&output));
    }

    fn org_report(&self) -> PathBuf {
        self.output().join("2023/nl/ibz-sp-2023-org-nl.pdf")
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

fn page_count(path: &Path) -> usize {
    lopdf::Document::load(path).expect("pdf").get_pages().len()
}

fn flip_one_byte(path: &Path) {
    let mut bytes = std::fs::read(path).expect("read");
    let at = bytes.iter().position(|b| *b == b'9').expect("a digit");
    bytes[at] = b'8';
    std::fs::write(path, bytes).expect("write");
}

fn verify(args: &[&str]) -> (Option<i32>, String) {
    let mut all = vec!["verify"];
    all.extend(args);
    let output = koers(&all);
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn draft_then_final_then_stale() {
    let ws = Workspace::new();

    // DRAFT: watermarked on every page, approvals listed as missing.
    let output = ws.build(&ws.output(), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let draft = pdf_text(&ws.org_report());
    let pages = page_count(&ws.org_report());
    assert!(
        draft.matches("ONTWERP").count() >= pages,
        "watermark missing on some of {pages} pages"
    );
    assert!(
        draft.contains("Laura Szabo Voorzitster van het directiecomité ○ Nog niet goedgekeurd"),
        "the missing approval is not named"
    );
    let refused = ws.build(&ws.output(), &["--final"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("2023: Laura Szabo has not approved"),
        "{}",
        stderr(&refused)
    );

    // Every approver approves: FINAL, archival and accessible, sources attached.
    ws.approve("Laura Szabo");
    ws.approve("Marc Dubois");
    let output = ws.build(&ws.output(), &["--final"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let bytes = std::fs::read(ws.org_report()).expect("read");
    let text = pdf_text(&ws.org_report());
    assert!(!text.contains("ONTWERP"), "a FINAL report has no watermark");
    assert!(text.contains("DEFINITIEF"), "no FINAL state on the cover");
    assert!(
        text.contains(&format!(
            "Marc Dubois Directeur Strategie en Performantie ✓ Goedgekeurd {}",
            today_nl()
        )),
        "the approval is not listed"
    );
    let xmp = String::from_utf8_lossy(&bytes);
    assert!(
        xmp.contains("<pdfaid:part>3</pdfaid:part><pdfaid:conformance>A</pdfaid:conformance>"),
        "PDF/A-3a not declared"
    );
    assert!(
        xmp.contains("<pdfuaid:part>1</pdfuaid:part>"),
        "PDF/UA-1 not declared"
    );
    assert!(
        xmp.contains(&format!(
            "<xmp:CreateDate>{}T00:00:00+00:00</xmp:CreateDate>",
            chrono::Local::now().date_naive()
        )),
        "the document date is the last approval"
    );

    let attached = koers::readback::attachments(&bytes).expect("attachments");
    let names: Vec<&str> = attached.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        vec![
            "2022-actions.csv",
            "2022-indicators.csv",
            "2023-actions.csv",
            "2023-indicators.csv",
            "approvals.json",
            "findings.csv",
            "framework.toml",
            "ibz-sp-2023-figures-nl.xlsx",
        ]
    );
    for (name, content) in &attached {
        if ![
            "approvals.json",
            "findings.csv",
            "ibz-sp-2023-figures-nl.xlsx",
        ]
        .contains(&name.as_str())
        {
            let path = name.replacen('-', "/", usize::from(name.starts_with("20")));
            assert_eq!(
                content,
                &std::fs::read(ws.inputs().join(&path)).expect("input"),
                "{name} differs from the input file {path}"
            );
        }
    }
    // Names without folders: pdfdetach -saveall writes them all.
    let saved = tempfile::tempdir().expect("temp dir");
    if let Ok(out) = std::process::Command::new("pdfdetach")
        .arg("-saveall")
        .arg("-o")
        .arg(saved.path())
        .arg(ws.org_report())
        .output()
    {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(saved.path().join("2023-actions.csv").exists());
    }
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(ws.output().join("manifest.json")).expect("manifest"),
    )
    .expect("json");
    assert_eq!(manifest["years"][1]["state"], "final");
    assert_eq!(
        manifest["years"][1]["approvals"].as_array().map(Vec::len),
        Some(2)
    );
    let (code, report) = verify(&[ws.output().to_str().expect("utf-8"), "--rebuild"]);
    assert_eq!(code, Some(0), "{report}");
    assert!(report.contains("8 of 8 report(s) verified"), "{report}");

    // One input byte changes: the FINAL would change, which needs --force;
    // then the report is a DRAFT again, naming the stale approvals.
    flip_one_byte(&ws.inputs().join("2023/actions.csv"));
    let refused = ws.build(&ws.output(), &[]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("pass --force to replace them"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(
        std::fs::read(ws.org_report()).expect("read"),
        bytes,
        "nothing was written"
    );
    let output = ws.build(&ws.output(), &["--force"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stale = pdf_text(&ws.org_report());
    assert!(stale.contains("ONTWERP"), "a stale report is a DRAFT again");
    assert!(
        stale.contains(&format!("{} goedgekeurde vingerafdruk:", today_nl())),
        "the stale fingerprint is not shown"
    );
    assert!(
        stale.contains(&format!(
            "Voorzitster van het directiecomité ▲ Verouderd: goedgekeurd voor andere gegevens {}",
            today_nl()
        )),
        "the stale approval is not named"
    );
    let refused = ws.build(&ws.output(), &["--final"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("2023: Marc Dubois approved other data (an input changed since)"),
        "{}",
        stderr(&refused)
    );
    let (code, report) = verify(&[ws.org_report().to_str().expect("utf-8")]);
    assert_eq!(code, Some(1), "{report}");
    assert!(
        report.contains(
            "FAIL approvals: stale approvals (given for other data): Laura Szabo, Marc Dubois"
        ),
        "{report}"
    );
}

#[test]
fn two_builds_in_two_processes_give_the_same_bytes() {
    let ws = Workspace::new();
    ws.approve("Laura Szabo");
    ws.approve("Marc Dubois");
    let (a, b) = (ws.dir.path().join("a"), ws.dir.path().join("b"));
    for out in [&a, &b] {
        let output = ws.run(&["build", "--output", out.to_str().expect("utf-8")]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let files = files_under(&a);
    assert_eq!(files, files_under(&b));
    assert!(files.len() > 40, "{files:?}");
    for file in files {
        assert!(
            std::fs::read(a.join(&file)).expect("a") == std::fs::read(b.join(&file)).expect("b"),
            "{file} differs between two builds"
        );
    }
}

#[test]
fn verify_fails_naming_the_check() {
    let ws = Workspace::new();
    ws.approve("Laura Szabo");
    ws.approve("Marc Dubois");
    let output = ws.build(&ws.output(), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report = ws.org_report();
    let path = report.to_str().expect("utf-8");
    assert_eq!(verify(&[path]).0, Some(0));

    // An unsigned FINAL when the auditor expects a signature.
    let cert = crate::common::fixture("keys").join("ec.crt");
    let (code, out) = verify(&[path, "--trust", cert.to_str().expect("utf-8")]);
    assert_eq!(code, Some(1));
    assert!(
        out.contains("FAIL signature: unsigned FINAL report, but --trust asks for a signature"),
        "{out}"
    );

    // A flipped byte: the manifest no longer matches.
    let original = std::fs::read(&report).expect("read");
    let mut flipped = original.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x01;
    std::fs::write(&report, &flipped).expect("write");
    let (code, out) = verify(&[path]);
    assert_eq!(code, Some(1));
    assert!(out.contains("FAIL manifest: SHA-256"), "{out}");
    std::fs::write(&report, &original).expect("write");

    // A manifest entry that does not match.
    let manifest_path = ws.output().join("manifest.json");
    let manifest = std::fs::read_to_string(&manifest_path).expect("manifest");
    let hash = koers::core::sha256_hex(&original);
    std::fs::write(&manifest_path, manifest.replace(&hash, &"0".repeat(64))).expect("write");
    let (code, out) = verify(&[path]);
    assert_eq!(code, Some(1));
    assert!(out.contains("FAIL manifest"), "{out}");
    std::fs::write(&manifest_path, manifest).expect("write");

    // An attachment replaced (in a copy away from the manifest).
    let alone = ws.dir.path().join("alone.pdf");
    let mut doc = lopdf::Document::load_mem(&original).expect("pdf");
    let stream_id = crate::common::attachment_stream(&doc, "2023-actions.csv");
    if let Ok(lopdf::Object::Stream(stream)) = doc.get_object_mut(stream_id) {
        stream.set_plain_content(b"id,objective\nforged,row\n".to_vec());
    }
    doc.save(&alone).expect("save");
    let (code, out) = verify(&[alone.to_str().expect("utf-8")]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains(
            "FAIL sources: attached 2023/actions.csv is not the file that was fingerprinted"
        ),
        "{out}"
    );
}

#[test]
fn bad_signoff_files_and_refused_approvals() {
    let ws = Workspace::new();
    std::fs::write(
        ws.inputs().join("2023/signoff.toml"),
        "[[approvals]]\nname = \"X\"\ndate = 12\n",
    )
    .expect("write");
    let output = ws.build(&ws.output(), &[]);
    // A broken signoff file is the user's data, like any input: exit 1.
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("2023/signoff.toml:"),
        "{}",
        stderr(&output)
    );
    assert!(!ws.output().exists(), "nothing written");
    std::fs::remove_file(ws.inputs().join("2023/signoff.toml")).expect("rm");

    let unknown = ws.run(&["approve", "--year", "2023", "--name", "Laura Szab"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        stderr(&unknown).contains("hint: did you mean `Laura Szabo`?"),
        "{}",
        stderr(&unknown)
    );

    std::fs::write(
        ws.inputs().join("2023/actions.csv"),
        "id,objective\nA1,OD1.1.1\n",
    )
    .expect("write");
    let refused = ws.run(&["approve", "--year", "2023", "--name", "Laura Szabo"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("required column `title` is missing"),
        "{}",
        stderr(&refused)
    );
    assert!(
        !ws.inputs().join("2023/signoff.toml").exists(),
        "nothing approved"
    );
}

/// Today, as a Dutch report writes it: recorded approvals are dated by the
/// clock, never typed.
fn today_nl() -> String {
    koers::i18n::date(chrono::Local::now().date_naive(), koers::core::Lang::Nl)
}
