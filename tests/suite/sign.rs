//! PAdES signatures on FINAL reports, and `koers verify` on signed files.

use std::path::{Path, PathBuf};

use crate::common::{
    approve_small, build_into, build_into_with, files_under, fixture, koers, koers_with, stderr,
    verify,
};

fn key(name: &str) -> String {
    fixture("keys")
        .join(name)
        .to_str()
        .expect("utf-8")
        .to_string()
}

/// A copy of the small plan's framework and 2023 data under `dir`.
fn copy_small(dir: &Path) -> PathBuf {
    let inputs = dir.join("inputs");
    std::fs::create_dir_all(inputs.join("2023")).expect("mkdir");
    for file in ["framework.toml", "2023/actions.csv", "2023/indicators.csv"] {
        std::fs::copy(fixture("small").join(file), inputs.join(file)).expect("copy");
    }
    inputs
}

/// A copy of the small plan with 2023 approved, built and signed.
fn signed_build(key_file: &str, cert_file: &str, sub_filter: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let inputs = copy_small(dir.path());
    approve_small(&inputs, &[]);
    let output = dir.path().join("output");
    let build = build_into(
        &inputs,
        &output,
        &[
            "--sign-key",
            &key(key_file),
            "--sign-cert",
            &key(cert_file),
            "--subfilter",
            sub_filter,
        ],
    );
    assert!(build.status.success(), "{}", stderr(&build));
    (dir, output)
}

#[test]
fn final_reports_are_signed_and_verify_against_the_trusted_certificate() {
    for (key_file, cert_file, sub_filter) in [
        ("ec.key", "ec.crt", "ETSI.CAdES.detached"),
        ("rsa.key", "rsa.crt", "adbe.pkcs7.detached"),
    ] {
        let (_dir, output) = signed_build(key_file, cert_file, sub_filter);
        let report = output.join("2023/nl/t-2023-org-nl.pdf");
        let bytes = std::fs::read(&report).expect("read");
        assert!(koers_sign::is_signed(&bytes), "{sub_filter}: not signed");
        let signature = koers_sign::verify(&bytes).expect("valid signature");
        assert_eq!(signature.sub_filter, sub_filter);
        let (code, out) = verify(&output, &["--trust", &key(cert_file), "--rebuild"]);
        assert_eq!(code, Some(0), "{out}");
        assert!(
            out.contains(&format!(
                "ok   signature: {sub_filter} covers the whole file but its value"
            )),
            "{out}"
        );
        assert!(
            out.contains("ok   rebuild: rendering the attached sources again gives the same bytes"),
            "{out}"
        );
        // The other certificate is not trusted.
        let other = if cert_file == "ec.crt" {
            "rsa.crt"
        } else {
            "ec.crt"
        };
        let (code, out) = verify(&report, &["--trust", &key(other)]);
        assert_eq!(code, Some(1), "{out}");
        assert!(out.contains("FAIL trust: signed by CN=Koers Test"), "{out}");
    }
}

#[test]
fn signing_is_reproducible() {
    let (_a, first) = signed_build("ec.key", "ec.crt", "ETSI.CAdES.detached");
    let (_b, second) = signed_build("ec.key", "ec.crt", "ETSI.CAdES.detached");
    for file in files_under(&first).iter().filter(|f| f.ends_with(".pdf")) {
        assert!(
            std::fs::read(first.join(file)).expect("a")
                == std::fs::read(second.join(file)).expect("b"),
            "{file} differs between two signed builds"
        );
    }
}

#[test]
fn tampering_with_a_signed_report_is_detected() {
    let (dir, output) = signed_build("ec.key", "ec.crt", "ETSI.CAdES.detached");
    let report = output.join("2023/fr/t-2023-org-fr.pdf");
    let signed = std::fs::read(&report).expect("read");
    // Away from the manifest, so the signature check alone must catch it.
    std::fs::create_dir(dir.path().join("alone")).expect("mkdir");
    let alone = dir.path().join("alone/t-2023-org-fr.pdf");

    let mut appended = signed.clone();
    appended.extend_from_slice(b"\n% appended after signing\n");
    std::fs::write(&alone, &appended).expect("write");
    let (code, out) = verify(&alone, &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("FAIL signature:"), "{out}");

    let mut flipped = signed.clone();
    flipped[1000] ^= 0x20;
    std::fs::write(&alone, &flipped).expect("write");
    let (code, out) = verify(&alone, &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("FAIL signature:"), "{out}");

    std::fs::write(&alone, &signed).expect("write");
    assert_eq!(verify(&alone, &[]).0, Some(0));
}

#[test]
fn bad_keys_stop_the_build_with_nothing_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = dir.path().join("out");
    let not_a_key = dir.path().join("not-a-key.pem");
    std::fs::write(
        &not_a_key,
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    )
    .expect("write");
    for (key_path, cert, expected) in [
        (
            key("ec.key"),
            key("rsa.crt"),
            "the key does not match the certificate",
        ),
        (
            not_a_key.to_str().expect("utf-8").to_string(),
            key("ec.crt"),
            "not-a-key.pem",
        ),
        (
            key("ec.key"),
            key("missing.crt"),
            "cannot read the certificate",
        ),
    ] {
        let run = build_into(
            &fixture("small"),
            &output,
            &["--sign-key", &key_path, "--sign-cert", &cert],
        );
        assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
        assert!(stderr(&run).contains(expected), "{}", stderr(&run));
        assert!(!output.exists(), "nothing may be written");
    }
}

#[test]
fn a_custom_template_travels_inside_the_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let templates = dir.path().join("tpl");
    let export = koers(&["templates", "export", templates.to_str().expect("utf-8")]);
    assert!(export.status.success(), "{}", stderr(&export));
    // Made our own: an exported template unchanged is the built-in one. It
    // writes other PDF keywords too: Koers records a report's identity
    // itself, so a rebuild does not depend on what a template writes there.
    let mut source = std::fs::read_to_string(templates.join("report.typ")).expect("read");
    let keywords = "keywords: (r.plan.id, str(r.year), r.scope.id, r.lang),";
    assert!(
        source.contains(keywords),
        "the template's keywords line moved"
    );
    source = source.replace(keywords, "keywords: (\"our own\",),");
    source.push_str("\n// Our own edition.\n");
    std::fs::write(templates.join("report.typ"), source).expect("write");
    let inputs = copy_small(dir.path());
    let templates_arg = templates.to_str().expect("utf-8");
    // The template is part of the fingerprint: approve with it.
    approve_small(&inputs, &["--templates", templates_arg]);
    let output = dir.path().join("out");
    let build = build_into(&inputs, &output, &["--templates", templates_arg, "--final"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let report = output.join("2023/nl/t-2023-org-nl.pdf");
    let attached =
        koers::readback::attachments(&std::fs::read(&report).expect("read")).expect("attachments");
    for name in ["template-report.typ", "template-components.typ"] {
        assert_eq!(
            attached.get(name),
            Some(
                &std::fs::read(templates.join(name.trim_start_matches("template-")))
                    .expect("template")
            ),
            "{name} not attached as is"
        );
    }
    // The rebuild happens in memory: nothing is written to the temp folder.
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).expect("mkdir");
    let run = koers_with(
        &["verify", report.to_str().expect("utf-8"), "--rebuild"],
        &[("TMPDIR", tmp.to_str().expect("utf-8"))],
    );
    let out = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(0), "{out}");
    assert!(out.contains("ok   rebuild"), "{out}");
    assert_eq!(files_under(&tmp), Vec::<String>::new());
    // Built with the built-in template instead, the approval is for other data.
    let builtin = build_into(&inputs, &dir.path().join("b"), &["--final"]);
    assert_eq!(builtin.status.code(), Some(1), "{}", stderr(&builtin));
}

#[test]
fn source_date_epoch_sets_the_document_date() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = dir.path().join("out");
    let run = build_into_with(
        &fixture("small"),
        &output,
        &[],
        &[("SOURCE_DATE_EPOCH", "1700000000")],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let bytes = std::fs::read(output.join("2023/nl/t-2023-org-nl.pdf")).expect("read");
    assert!(
        String::from_utf8_lossy(&bytes)
            .contains("<xmp:CreateDate>2023-11-14T00:00:00+00:00</xmp:CreateDate>")
    );
}

#[test]
fn a_malformed_source_date_epoch_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = build_into_with(
        &fixture("small"),
        &dir.path().join("out"),
        &[],
        &[("SOURCE_DATE_EPOCH", "yesterday")],
    );
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("`yesterday` is not a number of seconds"),
        "{}",
        stderr(&run)
    );
    assert!(
        stderr(&run).contains("SOURCE_DATE_EPOCH"),
        "{}",
        stderr(&run)
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_final_report_cannot_pass_as_an_unsigned_draft() {
    let (dir, output) = signed_build("ec.key", "ec.crt", "ETSI.CAdES.detached");
    let signed = std::fs::read(output.join("2023/nl/t-2023-org-nl.pdf")).expect("read");
    // Cut the signature off and hide the PDF/A marking (same length).
    let unsigned = koers_sign::unsigned_prefix(&signed).to_vec();
    assert!(unsigned.len() < signed.len());
    let forged = dir.path().join("forged.pdf");
    let mut bytes = unsigned.clone();
    for at in 0..bytes.len().saturating_sub(11) {
        if &bytes[at..at + 11] == b"pdfaid:part" {
            bytes[at + 8] = b'A';
        }
    }
    std::fs::write(&forged, &bytes).expect("write");
    let (code, out) = verify(&forged, &["--trust", &key("ec.crt")]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("FAIL signature: unsigned, but its record says it was sealed"),
        "{out}"
    );
    assert!(
        out.contains(
            "FAIL approvals: the PDF's archival marking and its attached approvals (final) disagree"
        ),
        "{out}"
    );
}

#[test]
fn other_languages_and_source_date_epoch_rebuild_the_same_bytes() {
    let (dir, _) = signed_build("ec.key", "ec.crt", "ETSI.CAdES.detached");
    let inputs = dir.path().join("inputs");
    let output = dir.path().join("en");
    let run = build_into_with(
        &inputs,
        &output,
        &["--lang", "en", "--final"],
        &[("SOURCE_DATE_EPOCH", "1700000000")],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let report = output.join("2023/en/t-2023-org-en.pdf");
    let (code, out) = verify(&report, &["--rebuild"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("ok   rebuild"), "{out}");
}

#[test]
fn a_pdf_nested_too_deeply_fails_cleanly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("deep.pdf");
    let mut bytes = b"%PDF-1.7\n1 0 obj\n".to_vec();
    bytes.extend(std::iter::repeat_n(b'[', 20_000));
    bytes.extend(std::iter::repeat_n(b']', 20_000));
    bytes.extend_from_slice(b"\nendobj\n%%EOF\n");
    std::fs::write(&path, bytes).expect("write");
    let (code, out) = verify(&path, &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("FAIL structure"), "{out}");
}

#[test]
fn the_seal_can_come_from_a_p12_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let inputs = copy_small(dir.path());
    approve_small(&inputs, &[]);
    let output = dir.path().join("output");
    let build = build_into_with(
        &inputs,
        &output,
        &["--lang", "nl", "--sign-p12", &key("seal.p12")],
        &[("KOERS_PASSWORD", "seal-test")],
    );
    assert!(build.status.success(), "{}", stderr(&build));
    let (code, out) = verify(&output, &["--trust", &key("ec.crt")]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("ok   signature: ETSI.CAdES.detached"), "{out}");

    // Without the password, nothing is built.
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_koers"))
        .args([
            "build",
            "--inputs",
            inputs.to_str().expect("utf-8"),
            "--output",
            dir.path().join("other").to_str().expect("utf-8"),
            "--sign-p12",
            &key("seal.p12"),
        ])
        .env_remove("KOERS_PASSWORD")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("runs");
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("set KOERS_PASSWORD, or run on a terminal"),
        "{}",
        stderr(&refused)
    );
    assert!(!dir.path().join("other").exists());
}

/// The lone sealed FINAL report of a signed build (no manifest beside it).
fn lone_sealed_report(dir: &Path, output: &Path) -> (PathBuf, Vec<u8>) {
    let bytes = std::fs::read(output.join("2023/nl/t-2023-org-nl.pdf")).expect("read");
    let lone = dir.join("t-2023-org-nl.pdf");
    std::fs::write(&lone, &bytes).expect("write");
    (lone, bytes)
}

#[test]
fn attacks_on_a_lone_sealed_report_fail_verify_without_trust() {
    let (dir, output) = signed_build("ec.key", "ec.crt", "ETSI.CAdES.detached");
    let (lone, bytes) = lone_sealed_report(dir.path(), &output);
    let (code, out) = verify(&lone, &[]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("--   trust: the signer CN=Koers Test"),
        "{out}"
    );
    assert!(out.contains("is NOT trusted"), "{out}");
    assert!(!out.contains("ok   trust"), "{out}");

    // The seal stripped: the rendered bytes alone.
    std::fs::write(&lone, koers_sign::unsigned_prefix(&bytes)).expect("write");
    let (code, out) = verify(&lone, &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("its record says it was sealed: the signature was removed"),
        "{out}"
    );

    // The signature dictionary renamed so it no longer reads as one.
    let spaced = bytes.windows(10).any(|w| w == b"/Type /Sig");
    let renamed = match spaced {
        true => replace_once(&bytes, b"/Type /Sig", b"/Type /Xig"),
        false => replace_once(&bytes, b"/Type/Sig", b"/Type/Xig"),
    };
    std::fs::write(&lone, renamed).expect("write");
    let (code, out) = verify(&lone, &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("FAIL signature"), "{out}");

    // An incremental update after the seal, signed by another key.
    let other = koers_sign::load_signer(Path::new(&key("rsa.key")), Path::new(&key("rsa.crt")))
        .expect("signer");
    let date = chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
        .unwrap()
        .and_time(chrono::NaiveTime::MIN);
    let countersigned = koers_sign::sign(
        &bytes,
        &other,
        koers_sign::SubFilter::CadesDetached,
        date,
        None,
    )
    .expect("sign");
    std::fs::write(&lone, countersigned).expect("write");
    let (code, out) = verify(&lone, &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("2 signatures: the report was changed after it was sealed"),
        "{out}"
    );

    // Another report's name: the record says which report it is.
    let renamed = dir.path().join("t-2023-U1-nl.pdf");
    std::fs::write(&renamed, &bytes).expect("write");
    let (code, out) = verify(&renamed, &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("FAIL identity: the report is t-2023-org-nl.pdf (plan t, 2023, scope org, language nl), not t-2023-U1-nl.pdf"),
        "{out}"
    );
}

fn replace_once(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let at = bytes
        .windows(from.len())
        .position(|w| w == from)
        .expect("found");
    let mut out = bytes.to_vec();
    out.splice(at..at + from.len(), to.iter().copied());
    out
}

#[test]
fn verify_speaks_json_with_the_same_content() {
    let (_dir, output) = signed_build("ec.key", "ec.crt", "ETSI.CAdES.detached");
    let out = koers(&["verify", output.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    // Two languages, the organisation and two units.
    assert_eq!(report["total"], 6);
    assert_eq!(report["verified"], 6);
    let first = &report["reports"][0];
    assert_eq!(first["verified"], true);
    let check = |name: &str| {
        first["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no {name} check in {first}"))
    };
    assert_eq!(check("signature")["passed"], true);
    assert_eq!(check("trust")["passed"], serde_json::Value::Null);
    assert!(
        check("trust")["detail"]
            .as_str()
            .unwrap()
            .contains("is NOT trusted")
    );
    assert_eq!(check("approvals")["passed"], true);
}
