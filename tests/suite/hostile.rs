//! Hostile or careless inputs meet a clear error, not a hang or a machine
//! out of memory: links to devices, FIFOs, giant cells, a million rows,
//! symbolic-link loops, and the leftovers of killed builds. Every file is
//! generated here, none is committed.

use crate::common::check_inputs as check;
use crate::common::{approve_small, build_into, fixture, koers, stderr, verify};

/// The small plan as it is.
fn plan() -> tempfile::TempDir {
    crate::common::small_plan_from(&fixture("small").join("2023"))
}

#[cfg(unix)]
#[test]
fn a_link_to_a_device_and_a_fifo_are_errors_naming_them() {
    let dir = plan();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("2023/actions-z.csv")).unwrap();
    let fifo = dir.path().join("2023/actions-x.csv");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let (code, out) = check(dir.path());
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("actions-z.csv: error: cannot read the file: not a regular file"),
        "{out}"
    );
    if made.is_ok_and(|s| s.success()) {
        assert!(
            out.contains("actions-x.csv: error: cannot read the file: not a regular file"),
            "{out}"
        );
    }
}

#[test]
fn a_giant_cell_and_a_million_rows_are_refused_naming_the_place() {
    let dir = plan();
    let mut giant = String::from("id,objective,title,unit,status,progress,comment\n");
    giant.push_str("A1,O1,T,U1,on_track,10,");
    giant.push_str(&"x".repeat(10 * 1024 * 1024));
    giant.push('\n');
    std::fs::write(dir.path().join("2023/actions.csv"), giant).unwrap();
    let (code, out) = check(dir.path());
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("actions.csv:2:7: error: the cell holds more than 10000 characters"),
        "{out}"
    );

    let mut rows = String::from("id,objective,title,unit,status,progress\n");
    for n in 0..1_000_000 {
        rows.push_str(&format!("A{n},O1,T,U1,on_track,10\n"));
    }
    std::fs::write(dir.path().join("2023/actions.csv"), rows).unwrap();
    let (code, out) = check(dir.path());
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("actions.csv:100001: error: the file has more than 100000 rows"),
        "{out}"
    );
    assert!(!out.contains("has no actions file"), "{out}");
}

#[cfg(unix)]
#[test]
fn verify_walks_a_folder_with_symlink_loops_to_a_verdict() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("a/b")).unwrap();
    std::os::unix::fs::symlink(&out, out.join("a/b/loop")).unwrap();
    std::os::unix::fs::symlink(out.join("a"), out.join("a/b/again")).unwrap();
    std::fs::write(out.join("a/fake.pdf"), b"%PDF-1.7 not really").unwrap();
    let (code, said) = verify(&out, &[]);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("0 of 1 report(s) verified"), "{said}");
}

#[test]
fn a_build_removes_what_killed_builds_left_behind() {
    let dir = plan();
    let output = dir.path().join("out");
    std::fs::create_dir_all(output.join("2023/nl")).unwrap();
    // A process id no system hands out (above the kernel's pid_max).
    let stale = output.join("2023/nl/.t-2023-org-nl.pdf.4194305-3.koers-tmp");
    std::fs::write(&stale, b"half a report").unwrap();
    let run = build_into(dir.path(), &output, &["--lang", "nl"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!stale.exists(), "the stale temporary file is still there");
}

#[cfg(unix)]
#[test]
fn a_template_folder_in_git_with_backups_and_links_attaches_none_of_them() {
    let dir = plan();
    let templates = dir.path().join("tpl");
    let export = koers(&["templates", "export", templates.to_str().unwrap()]);
    assert!(export.status.success(), "{}", stderr(&export));
    std::fs::create_dir(templates.join(".git")).unwrap();
    std::fs::write(templates.join(".git/config"), "token = secret-token").unwrap();
    std::fs::write(templates.join("report.typ~"), "old version").unwrap();
    std::fs::write(templates.join("notes.docx"), "not a template file").unwrap();
    let outside = dir.path().join("secret.txt");
    std::fs::write(&outside, "outside the folder").unwrap();
    std::os::unix::fs::symlink(&outside, templates.join("secret.txt")).unwrap();
    std::os::unix::fs::symlink("/dev/urandom", templates.join("random.json")).unwrap();
    // A data file the template reads, and files of template kinds it never
    // names: only the first is part of the template.
    std::fs::create_dir(templates.join("data")).unwrap();
    std::fs::write(templates.join("data/motto.txt"), "read by the template").unwrap();
    std::fs::write(templates.join("data/draft-notes.txt"), "internal notes").unwrap();
    std::fs::write(templates.join("old-logo.svg"), "<svg/>").unwrap();
    let main = templates.join("report.typ");
    let mut source = std::fs::read_to_string(&main).unwrap();
    source.push_str("\n#let motto = read(\"data/motto.txt\")\n");
    std::fs::write(&main, source).unwrap();
    // Approved (recorded) with this template, so the reports are FINAL and
    // carry the template's files.
    approve_small(dir.path(), &["--templates", templates.to_str().unwrap()]);
    let output = dir.path().join("out");
    let build = build_into(
        dir.path(),
        &output,
        &[
            "--templates",
            templates.to_str().unwrap(),
            "--lang",
            "nl",
            "--final",
        ],
    );
    let told = String::from_utf8_lossy(&build.stderr).into_owned();
    assert!(build.status.success(), "{told}");
    for (name, why) in [
        (".git", "hidden"),
        ("report.typ~", "an editor backup"),
        ("notes.docx", "not a kind of file a template is made of"),
        ("secret.txt", "a link leading outside the template folder"),
        ("random.json", "a link leading outside the template folder"),
        (
            "draft-notes.txt",
            "not used: no `.typ` file reached from `report.typ` names it",
        ),
        (
            "old-logo.svg",
            "not used: no `.typ` file reached from `report.typ` names it",
        ),
    ] {
        assert!(
            told.contains(&format!("{name} is not a template file ({why})")),
            "{name}: {told}"
        );
    }
    let pdf = std::fs::read(output.join("2023/nl/t-2023-org-nl.pdf")).unwrap();
    let attached = koers::readback::attachments(&pdf).expect("attachments");
    let names: Vec<&String> = attached.keys().collect();
    assert!(attached.contains_key("template-report.typ"), "{names:?}");
    assert!(
        attached.contains_key("template-components.typ"),
        "{names:?}"
    );
    assert!(
        attached.contains_key("template-data-motto.txt"),
        "{names:?}"
    );
    for name in attached.keys() {
        assert!(
            !name.contains("git")
                && !name.contains("notes")
                && !name.contains("logo")
                && !name.contains('~')
                && !name.contains("secret")
                && !name.contains("random")
                && !name.contains("docx"),
            "{name} attached: {names:?}"
        );
    }
    assert!(!String::from_utf8_lossy(&pdf).contains("secret-token"));
}

/// A template that builds a path at run time cannot read a file no source
/// names: that file is not fingerprinted, so the compile must not see it.
#[test]
fn a_template_cannot_read_a_file_it_does_not_name() {
    let dir = plan();
    let templates = dir.path().join("tpl");
    assert!(
        koers(&["templates", "export", templates.to_str().unwrap()])
            .status
            .success()
    );
    std::fs::write(templates.join("secret.txt"), "not named anywhere").unwrap();
    let main = templates.join("report.typ");
    let mut source = std::fs::read_to_string(&main).unwrap();
    source.push_str("\n#let leak = read(\"sec\" + \"ret.txt\")\n#leak\n");
    std::fs::write(&main, source).unwrap();
    let output = dir.path().join("out");
    let build = build_into(
        dir.path(),
        &output,
        &["--templates", templates.to_str().unwrap(), "--lang", "nl"],
    );
    let told = String::from_utf8_lossy(&build.stderr).into_owned();
    assert_eq!(build.status.code(), Some(2), "{told}");
    assert!(told.contains("secret.txt"), "{told}");
    assert!(told.contains("not found"), "{told}");
}

#[test]
fn a_zip_bomb_named_xlsx_is_refused_before_it_is_unpacked() {
    use std::io::Write;
    let mut bomb = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut bomb));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("[Content_Types].xml", options).unwrap();
        zip.write_all(b"<Types/>").unwrap();
        zip.start_file("xl/sharedStrings.xml", options).unwrap();
        let zeros = vec![b'0'; 1024 * 1024];
        for _ in 0..50 {
            zip.write_all(&zeros).unwrap();
        }
        zip.finish().unwrap();
    }
    assert!(bomb.len() < 1024 * 1024, "{} bytes", bomb.len());
    let dir = plan();
    std::fs::write(dir.path().join("2023/actions-bomb.xlsx"), bomb).unwrap();
    let (code, out) = check(dir.path());
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("actions-bomb.xlsx: error: cannot read the Excel file: part xl/sharedStrings.xml unpacks"), "{out}");
    assert!(out.contains("a zip bomb, not a workbook"), "{out}");
}

#[test]
fn ids_that_only_look_different_are_duplicates_and_long_ids_are_refused() {
    let dir = plan();
    let long = "A".repeat(300);
    std::fs::write(
        dir.path().join("2023/actions.csv"),
        format!(
            "id,objective,title,unit,status,progress\n\
             A1,O1,T,U1,on_track,10\n\
             a1,O1,T,U1,on_track,10\n\
             A\u{200B}1,O1,T,U1,on_track,10\n\
             Cafe\u{301},O1,T,U1,on_track,10\n\
             Caf\u{e9},O1,T,U1,on_track,10\n\
             {long},O1,T,U1,on_track,10\n"
        ),
    )
    .unwrap();
    let (code, out) = check(dir.path());
    assert_eq!(code, Some(1), "{out}");
    for expected in [
        "actions.csv:3:1: error: [id] duplicate action id `a1`: it differs from `A1` only in case",
        "actions.csv:4:1: error: [id] action id `A\u{200B}1` holds an invisible character (U+200B)",
        "actions.csv:4:1: error: [id] duplicate action id `A\u{200B}1`",
        "actions.csv:6:1: error: [id] duplicate action id `Caf\u{e9}`",
        "actions.csv:7:1: error: [id] action id `AAAAAAAAAAAAAAAAAAAA…` is longer than 64 characters",
    ] {
        assert!(out.contains(expected), "`{expected}` in:\n{out}");
    }

    let framework = dir.path().join("framework.toml");
    let text = std::fs::read_to_string(&framework).unwrap();
    std::fs::write(&framework, text.replacen("id = \"U2\"", "id = \"u1\"", 1)).unwrap();
    let (code, out) = check(dir.path());
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("duplicate unit id `u1`: it differs from `U1` only in case"),
        "{out}"
    );
}

/// A PDF whose object stream (compressed, so no bracket shows in the raw
/// bytes) nests arrays deeper than any parser's stack.
fn deep_object_stream_pdf() -> Vec<u8> {
    use std::io::Write;
    let depth = 200_000;
    let mut content = b"9 0 ".to_vec();
    content.extend(std::iter::repeat_n(b'[', depth));
    content.extend(std::iter::repeat_n(b']', depth));
    let mut packer = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    packer.write_all(&content).unwrap();
    let packed = packer.finish().unwrap();
    let mut pdf = b"%PDF-1.7\n".to_vec();
    let mut offsets = vec![pdf.len()];
    pdf.extend(
        format!(
            "1 0 obj\n<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length {}>>\nstream\n",
            packed.len()
        )
        .as_bytes(),
    );
    pdf.extend(&packed);
    pdf.extend(b"\nendstream\nendobj\n");
    offsets.push(pdf.len());
    pdf.extend(b"2 0 obj\n<</Type/Pages/Kids[]/Count 0>>\nendobj\n");
    offsets.push(pdf.len());
    pdf.extend(b"3 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n");
    let xref = pdf.len();
    pdf.extend(b"xref\n0 4\n0000000000 65535 f \n");
    for offset in offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend(format!("trailer\n<</Size 4/Root 3 0 R>>\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    assert!(!pdf.windows(100).any(|w| w.iter().all(|b| *b == b'[')));
    pdf
}

/// Unguarded, this file overflows the PDF parser's stack (the process
/// aborts); `verify` and `diff` look inside streams first.
#[test]
fn a_pdf_nesting_deeply_inside_an_object_stream_gets_a_verdict() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("deep.pdf"), deep_object_stream_pdf()).unwrap();
    std::fs::write(out.join("other.pdf"), b"%PDF-1.7 broken").unwrap();
    let run = koers(&["verify", out.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&run.stdout).into_owned();
    assert_eq!(
        run.status.code(),
        Some(1),
        "{said}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        said.contains("FAIL structure: the PDF nests arrays or dictionaries too deeply"),
        "{said}"
    );
    assert!(said.contains("0 of 2 report(s) verified"), "{said}");

    let deep = out.join("deep.pdf");
    let run = koers(&["diff", deep.to_str().unwrap(), deep.to_str().unwrap()]);
    assert_eq!(
        run.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("nests"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn control_characters_are_removed_with_a_warning() {
    let dir = plan();
    std::fs::write(
        dir.path().join("2023/actions.csv"),
        "id,objective,title,unit,status,progress,comment\nA1,O1,Bel\u{7}t,U1,on_track,10,ok\u{1b}[31m\n",
    )
    .unwrap();
    let (code, out) = check(dir.path());
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("actions.csv:2:3: warning: [title] a control character (U+0007) was removed from the text"),
        "{out}"
    );
    assert!(out.contains("(U+001B)"), "{out}");
    let (inputs, _) = crate::common::load(dir.path());
    let inputs = inputs.unwrap();
    let action = &inputs.years[0].actions[0];
    assert_eq!(action.titles.get(koers::core::Lang::Nl).unwrap(), "Belt");
    assert_eq!(
        action.comments.get(koers::core::Lang::Nl).unwrap(),
        "ok[31m"
    );
}

#[test]
fn a_decompression_bomb_attached_to_a_report_is_refused_by_verify() {
    use std::io::Write;
    let original = crate::common::sample().join("2022/nl/ibz-sp-2022-DVZ-nl.pdf");
    let mut doc = lopdf::Document::load(&original).expect("pdf");
    let stream_id = crate::common::attachment_stream(&doc, "2022-actions.csv");
    let mut packer = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..300 {
        packer.write_all(&zeros).unwrap();
    }
    let bomb = packer.finish().unwrap();
    if let Ok(lopdf::Object::Stream(stream)) = doc.get_object_mut(stream_id) {
        stream
            .dict
            .set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
        stream.set_content(bomb);
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let bombed = dir.path().join("ibz-sp-2022-DVZ-nl.pdf");
    doc.save(&bombed).expect("save");
    let (code, said) = verify(&bombed, &[]);
    assert_eq!(code, Some(1), "{said}");
    assert!(
        said.contains(
            "attachment 2022-actions.csv cannot be unpacked: it unpacks to more than the 256 MB"
        ),
        "{said}"
    );
}

#[test]
fn characters_no_font_draws_are_shown_as_a_stand_in_with_a_warning() {
    let dir = plan();
    let actions = dir.path().join("2023/actions.csv");
    let text = std::fs::read_to_string(&actions).unwrap();
    std::fs::write(
        &actions,
        text.replacen("Eerste actie loket", "Eerste actie loket \u{1F680}", 1),
    )
    .unwrap();
    let output = dir.path().join("out");
    let run = build_into(dir.path(), &output, &["--lang", "nl"]);
    let told = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(run.status.success(), "{told}");
    assert!(
        told.contains("actions.csv:2:3: warning: [title] the report's fonts cannot draw \u{1F680} (U+1F680): shown as \u{FFFD}"),
        "{told}"
    );
    let text = crate::common::pdf_text(&output.join("2023/nl/t-2023-org-nl.pdf"));
    assert!(text.contains("Eerste actie loket \u{FFFD}"), "{text}");
}

#[test]
fn a_long_word_breaks_inside_its_cell() {
    let dir = plan();
    let actions = dir.path().join("2023/actions.csv");
    let text = std::fs::read_to_string(&actions).unwrap();
    let word = "Referentie".repeat(30);
    std::fs::write(&actions, text.replacen("Eerste actie loket", &word, 1)).unwrap();
    let output = dir.path().join("out");
    let run = build_into(dir.path(), &output, &["--lang", "nl"]);
    assert!(run.status.success(), "{}", stderr(&run));
    // Broken over lines: the pieces are apart in the text, and together
    // they are the whole word (nothing cut off at the page edge).
    let text =
        crate::common::pdf_text(&output.join("2023/nl/t-2023-org-nl.pdf")).replace('\u{200B}', "");
    assert!(!text.contains(&word), "the word was laid out unbroken");
    let joined: String = text.split_whitespace().collect();
    assert!(joined.contains(&word), "part of the word is missing");
}

#[test]
fn the_row_limit_can_be_raised_for_a_large_plan() {
    let dir = plan();
    let mut rows = String::from("id,objective,title,unit,status,progress\n");
    for n in 0..100_500 {
        rows.push_str(&format!("A{n},O1,T,U1,on_track,10\n"));
    }
    std::fs::write(dir.path().join("2023/actions.csv"), rows).unwrap();
    let (code, out) = check(dir.path());
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("raise the limit with --max-rows"), "{out}");
    let raised = koers(&[
        "check",
        "--inputs",
        dir.path().to_str().unwrap(),
        "--max-rows",
        "200000",
    ]);
    let said = String::from_utf8_lossy(&raised.stdout).into_owned();
    assert_eq!(
        raised.status.code(),
        Some(0),
        "{}",
        said.lines().rev().take(5).collect::<Vec<_>>().join("\n")
    );
    assert!(
        said.contains("100500 action(s)"),
        "{}",
        said.lines().rev().take(5).collect::<Vec<_>>().join("\n")
    );
}
