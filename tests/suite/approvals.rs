//! Signed approvals: an approver signs a statement with their own key, and it
//! counts only when the signature, the pinned certificate and the dates all
//! hold. Each forgery an auditor worries about is a case here, refused by
//! `koers check`, `build --final` (which load the same way) or `approve`.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::check_inputs as check;
use crate::common::{build_final_2023, fixture, koers_with, pdf_text, stderr, verify};
use chrono::Timelike;

const PASSWORD: &str = "ann-test";
/// Ann's password at hand, for every `koers` run here.
const ENV: &[(&str, &str)] = &[("KOERS_PASSWORD", PASSWORD)];

fn approvers(file: &str) -> PathBuf {
    fixture("approvers").join(file)
}

/// The small plan, with signed approvals: Ann Peeters pinned the way a
/// Belgian eID is (the serialNumber and the issuing CA, a trust anchor of
/// the plan), and a 2024 folder.
pub fn signed_plan() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let framework =
        std::fs::read_to_string(fixture("small").join("framework.toml")).expect("framework");
    let start = framework
        .find("# Approvals are recorded")
        .expect("the signoff table");
    let end = framework.find("[[approvers]]").expect("approvers");
    let mut framework = format!(
        "{}{}",
        framework.get(..start).unwrap(),
        framework.get(end..).unwrap()
    );
    framework = framework.replacen(
        "[[approvers]]\nname = \"Ann Peeters\"\n",
        "[[approvers]]\nname = \"Ann Peeters\"\nsubject_serial = \"71715100070\"\nissuer = \"Koers Test Citizen CA\"\n",
        1,
    );
    assert!(framework.contains("subject_serial"), "{framework}");
    // The CA that issued Ann's certificate, as the plan's trust anchor.
    framework.push_str("\n[trust]\nanchors = [\"citizen-ca.pem\"]\n");
    std::fs::copy(approvers("ca.pem"), dir.path().join("citizen-ca.pem")).expect("copy");
    std::fs::write(dir.path().join("framework.toml"), framework).expect("write");
    for year in ["2023", "2024"] {
        std::fs::create_dir(dir.path().join(year)).expect("mkdir");
        for file in ["actions.csv", "indicators.csv"] {
            std::fs::copy(
                fixture("small").join("2023").join(file),
                dir.path().join(year).join(file),
            )
            .expect("copy");
        }
    }
    dir
}

fn run(args: &[&str]) -> Output {
    koers_with(args, ENV)
}

/// `koers approve` of 2023 in `plan`, with `extra` arguments.
fn approve_2023(plan: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "approve",
        "--inputs",
        plan.to_str().unwrap(),
        "--year",
        "2023",
    ];
    args.extend(extra);
    run(&args)
}

/// `koers approve` of 2023 with Ann's `key` and `cert` files.
fn approve(plan: &Path, key: &str, cert: &str, extra: &[&str]) -> Output {
    let key = approvers(key);
    let cert = approvers(cert);
    let mut args = vec![
        "--key",
        key.to_str().unwrap(),
        "--cert",
        cert.to_str().unwrap(),
    ];
    args.extend(extra);
    approve_2023(plan, &args)
}

fn statement(plan: &Path, year: &str) -> PathBuf {
    plan.join(year).join("approvals/ann-peeters.json")
}

#[test]
fn a_signed_approval_makes_the_year_final_and_verify_judges_it_again() {
    let plan = signed_plan();
    let out = approve(plan.path(), "ann.enc.key", "ann.pem", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "Ann Peeters (SERIALNUMBER=71715100070,CN=Ann Peeters) signed the approval of 2023"
        ),
        "{}",
        stderr(&out)
    );
    let text = std::fs::read_to_string(statement(plan.path(), "2023")).expect("statement");
    assert!(text.starts_with("{\"statement\":\"I approve"), "{text}");
    assert!(text.contains("\"plan\":\"t\",\"year\":2023,"), "{text}");
    assert!(plan.path().join("2023/approvals/ann-peeters.p7s").exists());
    let (code, out) = check(plan.path());
    assert_eq!(code, Some(0), "{out}");

    // 2024 is not approved: build only 2023, FINAL.
    let output = plan.path().join("out");
    let report = build_final_2023(plan.path(), &output, &[], ENV);
    let text = pdf_text(&report);
    assert!(
        text.contains("Ondertekend door: SERIALNUMBER=71715100070,CN=Ann Peeters"),
        "{text}"
    );
    assert!(
        !text.contains("geregistreerde namen"),
        "signed, not recorded"
    );
    let (code, said) = verify(&report, &["--rebuild"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("Ann Peeters signed")
            && said.contains("with a certificate on a validated path to the plan's trust anchors, SERIALNUMBER=71715100070,CN=Ann Peeters")
            && said.contains("not timestamped: the signing time is the signer's own claim"),
        "{said}"
    );
}

/// A plan with a valid signed approval of 2023, to forge from.
fn approved_plan() -> tempfile::TempDir {
    let plan = signed_plan();
    let out = approve(plan.path(), "ann.enc.key", "ann.pem", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    plan
}

fn refused_by_check(plan: &Path, why: &str) {
    let (code, out) = check(plan);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("this signed approval does not hold"), "{out}");
    assert!(out.contains(why), "expected `{why}` in:\n{out}");
}

#[test]
fn an_edited_statement_is_refused() {
    for (from, to) in [
        (
            "\"approver\":\"Ann Peeters\"",
            "\"approver\":\"Ann  Peeters\"",
        ),
        ("\"fingerprint\":\"", "\"fingerprint\":\"0"),
        ("\"role\":\"", "\"role\":\"Acting "),
    ] {
        let plan = approved_plan();
        let path = statement(plan.path(), "2023");
        let text = std::fs::read_to_string(&path).expect("statement");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
        refused_by_check(plan.path(), "message digest mismatch");
    }
}

/// Another statement's signature copied over this one's: named as the
/// .p7s it is, not only as a change to the statement.
#[test]
fn a_signature_copied_from_another_statement_is_named() {
    let plan = approved_plan();
    let out = run(&[
        "approve",
        "--inputs",
        plan.path().to_str().unwrap(),
        "--year",
        "2024",
        "--key",
        approvers("ann.enc.key").to_str().unwrap(),
        "--cert",
        approvers("ann.pem").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::copy(
        plan.path().join("2024/approvals/ann-peeters.p7s"),
        plan.path().join("2023/approvals/ann-peeters.p7s"),
    )
    .expect("copy");
    refused_by_check(
        plan.path(),
        "the signature 2023/approvals/ann-peeters.p7s is not over this statement's bytes: the statement was edited after it was signed, or the signature is another statement's (a copied .p7s)",
    );
}

#[test]
fn a_signature_copied_to_another_year_is_refused() {
    let plan = approved_plan();
    std::fs::create_dir(plan.path().join("2024/approvals")).expect("mkdir");
    for file in ["ann-peeters.json", "ann-peeters.p7s"] {
        std::fs::copy(
            plan.path().join("2023/approvals").join(file),
            plan.path().join("2024/approvals").join(file),
        )
        .expect("copy");
    }
    refused_by_check(plan.path(), "the approval is for 2023, not 2024");
}

#[test]
fn certificates_that_do_not_qualify_are_refused_before_signing() {
    let plan = signed_plan();
    for (key, cert, why) in [
        (
            "other.key",
            "other.pem",
            "is pinned for none of the plan's approvers",
        ),
        (
            "expired.key",
            "expired.pem",
            "was not valid at the signing time",
        ),
        ("nousage.key", "nousage.pem", "may not sign"),
        (
            "rsa1024.key",
            "rsa1024.pem",
            "the RSA key has 1024 bits; at least 2048 are required",
        ),
    ] {
        let out = approve(plan.path(), key, cert, &[]);
        assert!(!out.status.success(), "{cert} was accepted");
        assert!(stderr(&out).contains(why), "{cert}: {}", stderr(&out));
        assert!(!plan.path().join("2023/approvals/ann-peeters.json").exists());
    }
    // Naming the approver does not make another's certificate theirs.
    let out = approve(
        plan.path(),
        "other.key",
        "other.pem",
        &["--name", "Ann Peeters"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("subject serial number (80010100123) is not the one pinned for Ann Peeters"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_wrong_password_is_refused_and_nothing_is_signed() {
    let plan = signed_plan();
    let key = approvers("ann.enc.key");
    let cert = approvers("ann.pem");
    let out = koers_with(
        &[
            "approve",
            "--inputs",
            plan.path().to_str().unwrap(),
            "--year",
            "2023",
            "--key",
            key.to_str().unwrap(),
            "--cert",
            cert.to_str().unwrap(),
        ],
        &[("KOERS_PASSWORD", "guess")],
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("wrong password"), "{}", stderr(&out));
    assert!(!plan.path().join("2023/approvals").exists());
}

/// Signs a statement with Ann's key at `at`, as a forger with her key but
/// not Koers would, and stores it for 2023.
fn sign_at(plan: &Path, at: chrono::NaiveDateTime) {
    let (inputs, _) = crate::common::load(plan);
    let inputs = inputs.expect("inputs");
    let year = inputs.year(2023).expect("2023");
    let template = koers::render::Templates::builtin().audit_files();
    let fingerprint = koers::audit::fingerprint(&inputs, 2023, &template);
    let approver = &inputs.framework.approvers[0];
    let statement = koers::audit::approval::ApprovalStatement::new(
        &inputs.framework,
        approver,
        2023,
        &fingerprint,
        at,
    );
    let signer = koers_sign::Signer::from_pem_with_password(
        &std::fs::read_to_string(approvers("ann.enc.key")).unwrap(),
        Some(PASSWORD),
        &std::fs::read_to_string(approvers("ann.pem")).unwrap(),
    )
    .expect("signer");
    let bytes = statement.to_bytes();
    let cms = koers_sign::sign_detached(&bytes, &signer, at, None).expect("sign");
    let dir = year.dir.join("approvals");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("ann-peeters.json"), bytes).unwrap();
    std::fs::write(dir.join("ann-peeters.p7s"), cms).unwrap();
}

#[test]
fn a_signing_time_in_the_future_or_before_the_as_of_date_is_refused() {
    let plan = signed_plan();
    let tomorrow = chrono::Utc::now().naive_utc() + chrono::Duration::days(1);
    sign_at(plan.path(), tomorrow.with_nanosecond(0).unwrap());
    refused_by_check(plan.path(), "is in the future");

    let plan = signed_plan();
    let june = chrono::NaiveDate::from_ymd_opt(2023, 6, 1)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap();
    sign_at(plan.path(), june);
    refused_by_check(plan.path(), "is before the year's as-of date 2023-12-31");
}

#[test]
fn recorded_approvals_do_not_count_where_signatures_are_required() {
    let plan = signed_plan();
    std::fs::write(
        plan.path().join("2023/signoff.toml"),
        "[[approvals]]\nname = \"Ann Peeters\"\nrole = \"Voorzitster\"\ndate = 2024-02-01\nfingerprint = \"x\"\n",
    )
    .unwrap();
    let (code, out) = check(plan.path());
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("these recorded approvals do not count: the plan requires signed approvals"),
        "{out}"
    );
    let out = approve_2023(plan.path(), &["--name", "Ann Peeters"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("the plan requires signed approvals: give the approver's key"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_p12_signs_too_modern_or_legacy_and_revoking_removes_the_signature() {
    for file in ["ann.p12", "ann.legacy.p12"] {
        let plan = signed_plan();
        let p12 = approvers(file);
        let out = approve_2023(plan.path(), &["--p12", p12.to_str().unwrap()]);
        assert!(out.status.success(), "{file}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("the 2023 reports are FINAL"),
            "{}",
            stderr(&out)
        );
        let (code, said) = check(plan.path());
        assert_eq!(code, Some(0), "{said}");

        let out = approve_2023(plan.path(), &["--name", "Ann Peeters", "--revoke"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("the 2023 reports are DRAFT"),
            "{}",
            stderr(&out)
        );
        assert!(!statement(plan.path(), "2023").exists());
        assert!(!plan.path().join("2023/approvals/ann-peeters.p7s").exists());
    }
}

#[test]
fn diff_shows_what_changed_and_approve_shows_it_before_signing_again() {
    let plan = approved_plan();
    let inputs = plan.path().to_str().unwrap();
    let output = plan.path().join("out");
    let report = build_final_2023(plan.path(), &output, &[], ENV);

    let actions = plan.path().join("2023/actions.csv");
    let text = std::fs::read_to_string(&actions).unwrap();
    let text = text.replacen("U1,on_track,10,", "U1,at_risk,15,", 1)
        + "A9,O1,Nieuw,Nouveau,U1,on_track,5,,,,,\n";
    std::fs::write(&actions, text).unwrap();

    let out = run(&["diff", report.to_str().unwrap(), inputs]);
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(0), "{said}");
    for line in [
        "  file 2023/actions.csv: SHA-256 ",
        "  action A9: added",
        "  action A1, progress: 10 → 15",
        "  action A1, status: on_track → at_risk",
    ] {
        assert!(said.contains(line), "`{line}` in:\n{said}");
    }
    assert!(!said.contains("indicators.csv"), "{said}");
    let json = run(&["diff", report.to_str().unwrap(), inputs, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(json["actions"]["added"][0], "A9");
    assert_eq!(json["actions"]["changed"][0]["id"], "A1");

    let again = approve(
        plan.path(),
        "ann.enc.key",
        "ann.pem",
        &["--reports", output.to_str().unwrap()],
    );
    assert!(again.status.success(), "{}", stderr(&again));
    let told = stderr(&again);
    assert!(
        told.contains("what changed since the earlier approval:"),
        "{told}"
    );
    assert!(told.contains("action A1, progress: 10 → 15"), "{told}");
}

/// Replaces the content of one attachment of a PDF (a tamperer's edit).
pub fn replace_attachment(pdf: &Path, name: &str, edit: impl Fn(&[u8]) -> Vec<u8>) {
    let mut doc = lopdf::Document::load(pdf).expect("pdf");
    let stream_id = crate::common::attachment_stream(&doc, name);
    if let Ok(lopdf::Object::Stream(stream)) = doc.get_object_mut(stream_id) {
        let content = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        stream.set_plain_content(edit(&content));
    }
    doc.save(pdf).expect("save");
}

#[test]
fn an_approval_removed_from_a_final_reports_record_fails_verify() {
    let plan = approved_plan();
    let report = build_final_2023(plan.path(), &plan.path().join("out"), &[], ENV);
    let lone = plan.path().join("t-2023-org-nl.pdf");
    std::fs::copy(report, &lone).unwrap();
    replace_attachment(&lone, "approvals.json", |json| {
        let mut record: serde_json::Value = serde_json::from_slice(json).expect("record");
        record["approvals"] = serde_json::json!([]);
        serde_json::to_vec_pretty(&record).unwrap()
    });
    let (code, said) = verify(&lone, &[]);
    assert_eq!(code, Some(1), "{said}");
    assert!(
        said.contains("FAIL approvals: FINAL without the approval of: Ann Peeters"),
        "{said}"
    );
}

#[test]
fn a_seal_from_a_certificate_the_trusted_ca_issued_passes_trust() {
    let plan = approved_plan();
    let output = plan.path().join("out");
    let report = build_final_2023(
        plan.path(),
        &output,
        &["--sign-p12", approvers("ann.p12").to_str().unwrap()],
        ENV,
    );
    let ca = approvers("ca.pem");
    let (code, said) = verify(&report, &["--trust", ca.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("ok   trust: signed with a certificate the trusted certificate issued"),
        "{said}"
    );
    let other = crate::common::fixture("keys").join("ec.crt");
    let (code, _) = verify(&report, &["--trust", other.to_str().unwrap()]);
    assert_eq!(code, Some(1));
}
