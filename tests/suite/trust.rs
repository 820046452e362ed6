//! Identity from a chain of trust and time from a trusted clock: an approver
//! pinned the way a Belgian eID is (serial number and issuing CA) counts
//! only through a certification path to the plan's own trust anchors. A
//! look-alike PKI with the very same names, and a certificate used after it
//! expired with the signer's clock set back, are refused by `approve`,
//! `check`, `build --final` and `verify` (folder and lone PDF, plain and
//! `--rebuild`). The PKIs are in `tests/fixtures/eid` (see its make.sh).

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::{build_into_with, check_inputs as check, fixture, koers_with, stderr, verify};

const ENV: &[(&str, &str)] = &[("KOERS_PASSWORD", "ann-test")];

fn eid(file: &str) -> PathBuf {
    fixture("eid").join(file)
}

/// The signed small plan with the eID-shaped PKI's root as its trust
/// anchor, and the Citizen CA among its files when `intermediate`.
fn eid_plan(intermediate: bool) -> tempfile::TempDir {
    let plan = crate::approvals::signed_plan();
    let framework = plan.path().join("framework.toml");
    let text = std::fs::read_to_string(&framework).unwrap();
    let trust = match intermediate {
        true => "anchors = [\"belgium-root.pem\"]\nintermediates = [\"citizen-ca.pem\"]",
        false => "anchors = [\"belgium-root.pem\"]",
    };
    let text = text.replace("anchors = [\"citizen-ca.pem\"]", trust);
    assert!(text.contains("belgium-root.pem"), "{text}");
    std::fs::write(&framework, text).unwrap();
    std::fs::copy(eid("root.pem"), plan.path().join("belgium-root.pem")).unwrap();
    match intermediate {
        true => {
            std::fs::copy(eid("citizen-ca.pem"), plan.path().join("citizen-ca.pem")).map(|_| ())
        }
        false => std::fs::remove_file(plan.path().join("citizen-ca.pem")),
    }
    .unwrap();
    plan
}

/// `eid_plan`, with Ann's approval of 2023 signed with her real
/// certificate (`cert`: `ann.pem`, or `ann-chain.pem` with the CA).
fn approved_eid_plan(intermediate: bool, cert: &str) -> tempfile::TempDir {
    let plan = eid_plan(intermediate);
    let out = approve(plan.path(), "ann.enc.key", cert);
    assert!(out.status.success(), "{}", stderr(&out));
    plan
}

fn approve(plan: &Path, key: &str, cert: &str) -> Output {
    koers_with(
        &[
            "approve",
            "--inputs",
            plan.to_str().unwrap(),
            "--year",
            "2023",
            "--key",
            eid(key).to_str().unwrap(),
            "--cert",
            eid(cert).to_str().unwrap(),
        ],
        ENV,
    )
}

/// An approval of 2023's data as it is, signed outside Koers with `key` and
/// `cert` at `at` (as a forger would, skipping every check of `approve`),
/// written where `approve` writes one; with `tsa`, timestamped.
fn forge(plan: &Path, key: &str, cert: &str, at: chrono::NaiveDateTime, tsa: Option<&str>) {
    forge_with_crl(plan, key, cert, at, tsa, None);
}

/// [`forge`], with a CRL stored beside the approval.
fn forge_with_crl(
    plan: &Path,
    key: &str,
    cert: &str,
    at: chrono::NaiveDateTime,
    tsa: Option<&str>,
    crl: Option<&str>,
) {
    let (inputs, diags) = crate::common::load(plan);
    let inputs = inputs.unwrap_or_else(|| panic!("{diags:?}"));
    let year = inputs.year(2023).unwrap();
    let template = koers::render::Templates::builtin().audit_files();
    let status = koers::audit::year_status(&inputs, year, &template, None);
    let approver = &inputs.framework.approvers[0];
    let statement = koers::audit::approval::ApprovalStatement::new(
        &inputs.framework,
        approver,
        2023,
        &status.fingerprint,
        at,
    );
    let signer = koers_sign::Signer::from_pem_with_password(
        &std::fs::read_to_string(eid(key)).unwrap(),
        Some("ann-test"),
        &std::fs::read_to_string(eid(cert)).unwrap(),
    )
    .unwrap();
    let bytes = statement.to_bytes();
    let cms = koers_sign::sign_detached(&bytes, &signer, at, tsa).unwrap();
    let dir = plan.join("2023/approvals");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("ann-peeters.json"), &bytes).unwrap();
    std::fs::write(dir.join("ann-peeters.p7s"), cms).unwrap();
    // A CRL, or an OCSP response (`.ocsp`), stored as the tools store it.
    if let Some(crl) = crl {
        let stored = match crl.ends_with(".ocsp") {
            true => "ann-peeters.ocsp",
            false => "ann-peeters.crl",
        };
        std::fs::copy(eid(crl), dir.join(stored)).unwrap();
    }
}

fn now() -> chrono::NaiveDateTime {
    use chrono::Timelike;
    chrono::Utc::now().naive_utc().with_nanosecond(0).unwrap()
}

/// `build --final` of 2023 into `out`.
fn build_final(plan: &Path, out: &Path) -> Output {
    build_into_with(
        plan,
        out,
        &["--year", "2023", "--lang", "nl", "--final"],
        ENV,
    )
}

/// `build --final` of 2023 into `out`, sealed with `key` and `cert`, and
/// `extra` arguments.
fn build_sealed(plan: &Path, out: &Path, key: &Path, cert: &Path, extra: &[&str]) -> Output {
    let mut args = crate::common::sealed_2023_args(key, cert);
    args.extend(extra);
    build_into_with(plan, out, &args, ENV)
}

/// A FINAL report of a properly approved copy of `plan`, whose attached
/// record then gets the forged approval of `forged` (statement and
/// signature): the lone PDF an attacker would hand an auditor.
fn final_with_forged_record(plan: &Path, forged: &Path) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let built = build_final(plan, out.path());
    assert!(built.status.success(), "{}", stderr(&built));
    let report = out.path().join("2023/nl/t-2023-org-nl.pdf");
    let statement =
        std::fs::read_to_string(forged.join("2023/approvals/ann-peeters.json")).unwrap();
    let cms: String = std::fs::read(forged.join("2023/approvals/ann-peeters.p7s"))
        .unwrap()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let crls: Vec<serde_json::Value> = std::fs::read(forged.join("2023/approvals/ann-peeters.crl"))
        .ok()
        .map(|bytes| koers_sign::revocation::crls_of(&bytes).unwrap())
        .unwrap_or_default()
        .iter()
        .map(|der| {
            der.iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
                .into()
        })
        .collect();
    let ocsp: Option<String> = std::fs::read(forged.join("2023/approvals/ann-peeters.ocsp"))
        .ok()
        .map(|der| der.iter().map(|b| format!("{b:02x}")).collect());
    crate::approvals::replace_attachment(&report, "approvals.json", |json| {
        let mut record: serde_json::Value = serde_json::from_slice(json).unwrap();
        let signature = &mut record["approvals"][0]["signature"];
        signature["statement"] = serde_json::Value::String(statement.clone());
        signature["cms"] = serde_json::Value::String(cms.clone());
        signature["crls"] = serde_json::Value::Array(crls.clone());
        if let Some(ocsp) = &ocsp {
            signature["ocsp"] = serde_json::json!([ocsp]);
        }
        serde_json::to_vec_pretty(&record).unwrap()
    });
    (out, report)
}

/// The forged approval in `forged` is refused, saying `says`, by `check`,
/// by `build --final` (nothing written), and by `verify` (plain and
/// `--rebuild`, folder and lone PDF) of a FINAL report of `real` (the same
/// data, properly approved) whose record carries the forgery.
fn refused_everywhere(forged: &Path, real: &Path, says: &str) {
    let (code, said) = check(forged);
    assert_eq!(code, Some(1), "{said}");
    assert!(
        said.contains("this signed approval does not hold"),
        "{said}"
    );
    assert!(said.contains(says), "check: {said}");
    let output = tempfile::tempdir().unwrap();
    let built = build_final(forged, output.path());
    assert_eq!(built.status.code(), Some(1), "{}", stderr(&built));
    assert!(stderr(&built).contains(says), "build: {}", stderr(&built));
    assert!(!output.path().join("2023").exists());
    let (output, report) = final_with_forged_record(real, forged);
    for mode in [&[][..], &["--rebuild"][..]] {
        let (code, said) = verify(&report, mode);
        assert_eq!(code, Some(1), "{said}");
        assert!(
            said.contains("FAIL approvals: the approval of Ann Peeters: ") && said.contains(says),
            "verify {mode:?}: {said}"
        );
    }
    let (code, said) = verify(output.path(), &[]);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains(says), "verify the folder: {said}");
    let away = tempfile::tempdir().unwrap();
    let lone = away.path().join("t-2023-org-nl.pdf");
    std::fs::copy(&report, &lone).unwrap();
    let (code, said) = verify(&lone, &[]);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains(says), "verify the lone PDF: {said}");
}

#[test]
fn an_eid_shaped_chain_approves_whether_the_signature_or_the_plan_carries_the_ca() {
    for (intermediate, cert) in [(false, "ann-chain.pem"), (true, "ann.pem")] {
        let plan = eid_plan(intermediate);
        let out = approve(plan.path(), "ann.enc.key", cert);
        assert!(out.status.success(), "{cert}: {}", stderr(&out));
        let (code, said) = check(plan.path());
        assert_eq!(code, Some(0), "{said}");
        // The anchors are inputs: listed, attached, fingerprinted.
        assert!(!said.contains("belgium-root.pem: note"), "{said}");
        let output = tempfile::tempdir().unwrap();
        let built = build_final(plan.path(), output.path());
        assert!(built.status.success(), "{}", stderr(&built));
        let report = output.path().join("2023/nl/t-2023-org-nl.pdf");
        // The sign-off page says whose word the signing time is.
        let text = crate::common::pdf_text(&report);
        assert!(
            text.contains("(tijd volgens de eigen klok van de ondertekenaar (geen tijdstempel))"),
            "{text}"
        );
        for mode in [&[][..], &["--rebuild"][..]] {
            let (code, said) = verify(&report, mode);
            assert_eq!(code, Some(0), "{mode:?}: {said}");
            assert!(said.contains("ok   approvals: FINAL"), "{said}");
        }
        let (code, said) = verify(output.path(), &[]);
        assert_eq!(code, Some(0), "{said}");
    }
}

#[test]
fn a_look_alike_ca_with_identical_names_is_refused_everywhere() {
    let plan = eid_plan(false);
    // approve: the look-alike's certificate names the pinned serial and a
    // CA called exactly like the pinned issuer, and is refused.
    let out = approve(plan.path(), "fake-ann.enc.key", "fake-ann-chain.pem");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("does not chain to the plan's trust anchors: a signature on its path does not verify with the key of the CA it names (a CA of that name, but not the plan's)"),
        "{}",
        stderr(&out)
    );
    assert!(!plan.path().join("2023/approvals/ann-peeters.json").exists());

    // The same signature made outside Koers and put in the folder.
    let forged = eid_plan(false);
    forge(
        forged.path(),
        "fake-ann.enc.key",
        "fake-ann-chain.pem",
        now(),
        None,
    );
    let real = approved_eid_plan(false, "ann-chain.pem");
    refused_everywhere(
        forged.path(),
        real.path(),
        "does not chain to the plan's trust anchors",
    );
}

#[test]
fn an_issuer_pin_without_trust_anchors_is_an_error() {
    let plan = eid_plan(false);
    let framework = plan.path().join("framework.toml");
    let text = std::fs::read_to_string(&framework)
        .unwrap()
        .replace("[trust]\nanchors = [\"belgium-root.pem\"]\n", "");
    std::fs::write(&framework, text).unwrap();
    std::fs::remove_file(plan.path().join("belgium-root.pem")).unwrap();
    let (code, said) = check(plan.path());
    assert_eq!(code, Some(1), "{said}");
    assert!(
        said.contains("`Ann Peeters` is pinned by an issuer's name, but the plan names no trust anchor: anyone can make a CA of that name"),
        "{said}"
    );
}

#[test]
fn an_anchor_that_is_not_a_certificate_is_refused_with_its_file() {
    let plan = eid_plan(false);
    std::fs::write(plan.path().join("belgium-root.pem"), "not a certificate\n").unwrap();
    let (code, said) = check(plan.path());
    assert_eq!(code, Some(1), "{said}");
    assert!(
        said.contains(
            "belgium-root.pem: error: [trust.anchors] neither a PEM nor a DER certificate"
        ),
        "{said}"
    );
}

/// A certificate that expired in June 2025, used in 2026 with the signer's
/// clock set back to March 2025: the timestamp authority's time is the
/// signing time the checks use, and the claimed time is too far before it.
#[test]
fn a_certificate_expired_before_the_timestamp_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let Some(url) = crate::tsa::start(dir.path()) else {
        return;
    };
    let plan = eid_plan(true);
    let back = chrono::NaiveDate::from_ymd_opt(2025, 3, 1)
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap();
    forge(
        plan.path(),
        "ann-old.enc.key",
        "ann-old.pem",
        back,
        Some(&url),
    );
    let real = approved_eid_plan(true, "ann.pem");
    refused_everywhere(
        plan.path(),
        real.path(),
        "the signer's claimed time 2025-03-01T10:00:00Z is more than 60 minutes before the timestamp",
    );
}

/// The signed plan requiring the organisation's seal (Ann's certificate
/// stands in for the seal's), approved by Ann with the requirement in it.
fn plan_requiring_a_seal() -> tempfile::TempDir {
    let plan = eid_plan(false);
    let framework = plan.path().join("framework.toml");
    let mut text = std::fs::read_to_string(&framework).unwrap();
    text.push_str("\n[seal]\ncertificate_sha256 = \"1F:84:97:70:02:fd:c8:a7:b1:7b:b1:27:d7:ef:75:69:b3:e7:fb:44:fd:42:fa:d5:25:aa:67:cb:ba:8d:8d:cb\"\n");
    std::fs::write(&framework, text).unwrap();
    let out = approve(plan.path(), "ann.enc.key", "ann-chain.pem");
    assert!(out.status.success(), "{}", stderr(&out));
    plan
}

fn seal_p12() -> String {
    fixture("approvers")
        .join("ann.p12")
        .to_str()
        .unwrap()
        .to_string()
}

#[test]
fn a_plan_that_requires_a_seal_gets_no_final_report_without_it() {
    let plan = plan_requiring_a_seal();
    let output = tempfile::tempdir().unwrap();
    let built = build_final(plan.path(), output.path());
    assert_eq!(built.status.code(), Some(1), "{}", stderr(&built));
    assert!(
        stderr(&built).contains("the plan requires every FINAL report to carry its seal (certificate SHA-256 1f84977002fdc8a7"),
        "{}",
        stderr(&built)
    );
    let other = fixture("keys");
    let wrong = build_sealed(
        plan.path(),
        output.path(),
        &other.join("ec.key"),
        &other.join("ec.crt"),
        &[],
    );
    assert_eq!(wrong.status.code(), Some(1), "{}", stderr(&wrong));
    assert!(
        stderr(&wrong).contains("is not the one the plan requires"),
        "{}",
        stderr(&wrong)
    );
    assert!(!output.path().join("2023/nl/t-2023-org-nl.pdf").exists());

    let p12 = seal_p12();
    let sealed = build_into_with(
        plan.path(),
        output.path(),
        &[
            "--year",
            "2023",
            "--lang",
            "nl",
            "--final",
            "--sign-p12",
            &p12,
        ],
        ENV,
    );
    assert!(sealed.status.success(), "{}", stderr(&sealed));
    let report = output.path().join("2023/nl/t-2023-org-nl.pdf");
    let (code, said) = verify(&report, &[]);
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("ok   seal: the seal the plan requires"),
        "{said}"
    );
    assert!(
        said.contains("--   long-term: no validation store"),
        "B-LT is asked for, not the default: {said}"
    );

    // The seal's signing time is the last approval's, never before it.
    let bytes = std::fs::read(&report).unwrap();
    let (sources, record) = koers::readback::attached_sources(&bytes).unwrap();
    let approved = &record.approvals[0].signature.as_ref().unwrap().signed_at;
    let text = String::from_utf8_lossy(&bytes);
    let stamp = approved.replace(['-', ':', 'T', 'Z'], "");
    assert!(
        text.contains(&format!("D:{stamp}+00'00'")),
        "the seal's /M is not {approved}"
    );
    assert!(sources.contains_key("inputs/framework.toml"));

    // Cut off the seal and say in the record it never had one: the plan,
    // which the approvals cover, still requires it.
    let lone = plan.path().join("t-2023-org-nl.pdf");
    std::fs::write(&lone, koers_sign::unsigned_prefix(&bytes)).unwrap();
    crate::approvals::replace_attachment(&lone, "approvals.json", |json| {
        let mut record: serde_json::Value = serde_json::from_slice(json).unwrap();
        record["sealed"] = serde_json::Value::Bool(false);
        serde_json::to_vec_pretty(&record).unwrap()
    });
    let (code, said) = verify(&lone, &[]);
    assert_eq!(code, Some(1), "{said}");
    assert!(
        said.contains("FAIL signature: unsigned FINAL report, but its plan requires the seal with certificate SHA-256 1f84977002fdc8a7"),
        "{said}"
    );
    // The same, with a dictionary shaped like a signature (a /ByteRange and
    // /Contents, no /Type /Sig) put in: still not sealed.
    let mut doc = lopdf::Document::load(&lone).unwrap();
    let mut shaped = lopdf::Dictionary::new();
    shaped.set("Type", lopdf::Object::Name(b"Foo".to_vec()));
    shaped.set(
        "ByteRange",
        lopdf::Object::Array(vec![0.into(), 0.into(), 0.into(), 0.into()]),
    );
    shaped.set(
        "Contents",
        lopdf::Object::String(vec![0], lopdf::StringFormat::Hexadecimal),
    );
    doc.add_object(shaped);
    doc.save(&lone).unwrap();
    let (code, said) = verify(&lone, &[]);
    assert_eq!(code, Some(1), "{said}");
    assert!(
        said.contains("FAIL signature: unsigned FINAL report, but its plan requires the seal"),
        "{said}"
    );
}

#[test]
fn a_seal_whose_certificate_is_not_valid_when_it_seals_is_refused() {
    let plan = approved_eid_plan(false, "ann-chain.pem");
    let output = tempfile::tempdir().unwrap();
    let approvers = fixture("approvers");
    let built = build_sealed(
        plan.path(),
        output.path(),
        &approvers.join("expired.key"),
        &approvers.join("expired.pem"),
        &[],
    );
    assert_eq!(built.status.code(), Some(1), "{}", stderr(&built));
    assert!(
        stderr(&built).contains(
            "the seal's certificate (SERIALNUMBER=71715100070,CN=Ann Peeters) is not valid at"
        ),
        "{}",
        stderr(&built)
    );
    assert!(!output.path().join("2023").exists());
}

#[test]
fn trust_files_may_have_years_in_their_names() {
    let plan = eid_plan(false);
    let framework = plan.path().join("framework.toml");
    let text = std::fs::read_to_string(&framework)
        .unwrap()
        .replace("belgium-root.pem", "belgium-root-2015.pem");
    std::fs::write(&framework, text).unwrap();
    std::fs::rename(
        plan.path().join("belgium-root.pem"),
        plan.path().join("belgium-root-2015.pem"),
    )
    .unwrap();
    assert!(
        approve(plan.path(), "ann.enc.key", "ann-chain.pem")
            .status
            .success()
    );
    let (code, said) = check(plan.path());
    assert_eq!(code, Some(0), "{said}");
}

#[test]
fn record_fields_edited_after_signing_fail_verify() {
    let plan = approved_eid_plan(false, "ann-chain.pem");
    let output = tempfile::tempdir().unwrap();
    let built = build_final(plan.path(), output.path());
    assert!(built.status.success(), "{}", stderr(&built));
    let report = output.path().join("2023/nl/t-2023-org-nl.pdf");
    type Edit = fn(&mut serde_json::Value);
    let edits: [(&str, Edit); 6] = [
        ("the record's timestamp is not what", |r| {
            r["approvals"][0]["signature"]["timestamp"] =
                "2026-01-01T00:00:00Z by CN=Federal TSA".into()
        }),
        ("the record's date is not what", |r| {
            r["approvals"][0]["date"] = "2024-01-01".into()
        }),
        ("the record's role is not what", |r| {
            r["approvals"][0]["role"] = "Voorzitster a.i.".into()
        }),
        ("the record's signer is not what", |r| {
            r["approvals"][0]["signature"]["signer"] = "CN=Someone".into()
        }),
        ("the record's signing time is not what", |r| {
            r["approvals"][0]["signature"]["signed_at"] = "2024-01-01T00:00:00Z".into()
        }),
        (
            "the record's as-of date 2023-06-30 is not the one the attached inputs give (2023-12-31)",
            |r| r["as_of"] = "2023-06-30".into(),
        ),
    ];
    for (says, edit) in edits {
        let lone = plan.path().join("t-2023-org-nl.pdf");
        std::fs::copy(&report, &lone).unwrap();
        crate::approvals::replace_attachment(&lone, "approvals.json", |json| {
            let mut record: serde_json::Value = serde_json::from_slice(json).unwrap();
            edit(&mut record);
            serde_json::to_vec_pretty(&record).unwrap()
        });
        let (code, said) = verify(&lone, &[]);
        assert_eq!(code, Some(1), "{says}: {said}");
        assert!(said.contains(says), "{says}: {said}");
    }
}

/// `eid_plan` with `[trust] timestamp_authorities` holding `tsa_file` (as
/// `timestamps.pem`) and every approval required to be timestamped.
fn plan_trusting_a_tsa(tsa_file: &Path) -> tempfile::TempDir {
    let plan = eid_plan(true);
    let framework = plan.path().join("framework.toml");
    let text = std::fs::read_to_string(&framework)
        .unwrap()
        .replace(
            "intermediates = [\"citizen-ca.pem\"]",
            "intermediates = [\"citizen-ca.pem\"]\ntimestamp_authorities = [\"timestamps.pem\"]",
        )
        .replacen("[signoff]\n", "[signoff]\nrequire_timestamp = true\n", 1);
    let text = match text.contains("require_timestamp") {
        true => text,
        false => format!("{text}\n[signoff]\nrequire_timestamp = true\n"),
    };
    std::fs::write(&framework, text).unwrap();
    std::fs::copy(tsa_file, plan.path().join("timestamps.pem")).unwrap();
    plan
}

fn approve_stamped(plan: &Path, tsa: Option<&str>) -> Output {
    let mut args = vec![
        "approve".to_string(),
        "--inputs".into(),
        plan.to_str().unwrap().into(),
        "--year".into(),
        "2023".into(),
        "--key".into(),
        eid("ann.enc.key").to_str().unwrap().into(),
        "--cert".into(),
        eid("ann.pem").to_str().unwrap().into(),
    ];
    if let Some(url) = tsa {
        args.extend(["--tsa".into(), url.into()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    koers_with(&args, ENV)
}

#[test]
fn a_timestamp_from_an_authority_the_plan_does_not_trust_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let Some(url) = crate::tsa::start(dir.path()) else {
        return;
    };
    // Trusted: the authority's certificate is in the plan.
    let plan = plan_trusting_a_tsa(&fixture("tsa").join("tsa.pem"));
    let out = approve_stamped(plan.path(), None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the approval has no timestamp, and the plan requires one"),
        "{}",
        stderr(&out)
    );
    let out = approve_stamped(plan.path(), Some(&url));
    assert!(out.status.success(), "{}", stderr(&out));
    let (code, said) = check(plan.path());
    assert_eq!(code, Some(0), "{said}");

    // Not trusted: the plan names another authority (and, to have a FINAL
    // report to forge, does not require timestamps).
    let untrusting = || {
        let plan = plan_trusting_a_tsa(&eid("root.pem"));
        let framework = plan.path().join("framework.toml");
        let text = std::fs::read_to_string(&framework).unwrap();
        std::fs::write(&framework, text.replace("require_timestamp = true\n", "")).unwrap();
        plan
    };
    let other = untrusting();
    let out = approve_stamped(other.path(), Some(&url));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("an authority the plan does not trust"),
        "{}",
        stderr(&out)
    );
    // Signed and stamped outside Koers and put in the folder.
    let forged = untrusting();
    forge(forged.path(), "ann.enc.key", "ann.pem", now(), Some(&url));
    assert!(approve_stamped(other.path(), None).status.success());
    refused_everywhere(
        forged.path(),
        other.path(),
        "an authority the plan does not trust",
    );
}

/// `approve` refused, saying `says`.
fn refused(out: &Output, says: &str) {
    assert_eq!(out.status.code(), Some(1), "{}", stderr(out));
    assert!(stderr(out).contains(says), "{}", stderr(out));
}

/// `approve` with a CRL (`--crl`), or an OCSP response when the fixture's
/// name ends in `.ocsp` (`--ocsp`).
fn approve_with_crl(plan: &Path, key: &str, cert: &str, crl: Option<&str>) -> Output {
    let mut args = vec![
        "approve".to_string(),
        "--inputs".into(),
        plan.to_str().unwrap().into(),
        "--year".into(),
        "2023".into(),
        "--key".into(),
        eid(key).to_str().unwrap().into(),
        "--cert".into(),
        eid(cert).to_str().unwrap().into(),
    ];
    if let Some(crl) = crl {
        let flag = match crl.ends_with(".ocsp") {
            true => "--ocsp",
            false => "--crl",
        };
        args.extend([flag.into(), eid(crl).to_str().unwrap().into()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    koers_with(&args, ENV)
}

/// A certificate the Citizen CA revoked on 1 January 2025, used after that,
/// with the CA's CRL stored beside the approval.
#[test]
fn a_certificate_revoked_before_the_signing_time_is_refused() {
    let plan = eid_plan(true);
    let out = approve_with_crl(
        plan.path(),
        "ann-revoked.enc.key",
        "ann-revoked.pem",
        Some("citizen-revoked.crl"),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the certificate was revoked on 2025-01-01T00:00:00Z (CRL of SERIALNUMBER=201501,CN=Koers Test Citizen CA,C=BE), before the signing time"),
        "{}",
        stderr(&out)
    );
    let forged = eid_plan(true);
    forge_with_crl(
        forged.path(),
        "ann-revoked.enc.key",
        "ann-revoked.pem",
        now(),
        None,
        Some("citizen-revoked.crl"),
    );
    // The real approval carries the same CRL (which travels in the record).
    let real = eid_plan(true);
    assert!(
        approve_with_crl(
            real.path(),
            "ann.enc.key",
            "ann.pem",
            Some("citizen-revoked.crl")
        )
        .status
        .success()
    );
    refused_everywhere(
        forged.path(),
        real.path(),
        "the certificate was revoked on 2025-01-01",
    );
    // The real certificate, under the same CRL, is not revoked: the report
    // of its approval verifies, the CRL in its record.
    let output = tempfile::tempdir().unwrap();
    assert!(build_final(real.path(), output.path()).status.success());
    let (code, said) = verify(&output.path().join("2023/nl/t-2023-org-nl.pdf"), &[]);
    assert_eq!(code, Some(0), "{said}");
}

#[test]
fn a_plan_requiring_revocation_evidence_refuses_an_approval_without_a_crl() {
    let plan = eid_plan(true);
    let framework = plan.path().join("framework.toml");
    let text = std::fs::read_to_string(&framework).unwrap();
    std::fs::write(
        &framework,
        format!("{text}\n[signoff]\nrevocation = \"required\"\n"),
    )
    .unwrap();
    refused(
        &approve_with_crl(plan.path(), "ann.enc.key", "ann.pem", None),
        "no CRL in force at the signing time",
    );
    // A CRL from the look-alike CA (same name, another key) is not
    // evidence: refused, not skipped.
    refused(
        &approve_with_crl(
            plan.path(),
            "ann.enc.key",
            "ann.pem",
            Some("fake-citizen-clean.crl"),
        ),
        "a CRL stored with the approval does not hold: the CRL's signature does not verify with the key of",
    );
    let out = approve_with_crl(
        plan.path(),
        "ann.enc.key",
        "ann.pem",
        Some("citizen-clean.crl"),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(plan.path().join("2023/approvals/ann-peeters.crl").exists());
    let (code, said) = check(plan.path());
    assert_eq!(code, Some(0), "{said}");
    // The CRL removed afterwards: the approval no longer counts.
    std::fs::remove_file(plan.path().join("2023/approvals/ann-peeters.crl")).unwrap();
    let (code, said) = check(plan.path());
    assert_eq!(code, Some(1), "{said}");
    assert!(
        said.contains("no CRL in force at the signing time"),
        "{said}"
    );
}

/// The README's flow for an eID, with SoftHSM2 standing in for the card:
/// the plan names the Belgian-shaped root as its anchor, the timestamp
/// authority it trusts, and requires timestamps and revocation evidence;
/// the approver signs on the token with the chain the card gives, a
/// timestamp and the Citizen CA's CRL; the FINAL report verifies, alone.
#[test]
fn the_eid_flow_on_a_token_with_anchors_timestamp_and_revocation() {
    let dir = tempfile::tempdir().unwrap();
    let Some(conf) = crate::token::token_with(dir.path(), &eid("ann.enc.key")) else {
        return;
    };
    let Some(url) = crate::tsa::start(dir.path()) else {
        return;
    };
    let plan = plan_trusting_a_tsa(&fixture("tsa").join("tsa.pem"));
    let framework = plan.path().join("framework.toml");
    let text = std::fs::read_to_string(&framework).unwrap();
    std::fs::write(
        &framework,
        text.replacen(
            "require_timestamp = true\n",
            "require_timestamp = true\nrevocation = \"required\"\n",
            1,
        ),
    )
    .unwrap();
    let conf = conf.to_str().unwrap();
    let env = [("SOFTHSM2_CONF", conf), ("KOERS_PIN", crate::token::PIN)];
    let out = koers_with(
        &[
            "approve",
            "--inputs",
            plan.path().to_str().unwrap(),
            "--year",
            "2023",
            "--pkcs11",
            crate::token::MODULE,
            "--token",
            "koers-test",
            "--key-label",
            "Signature",
            "--cert",
            eid("ann-chain.pem").to_str().unwrap(),
            "--tsa",
            &url,
            "--crl",
            eid("citizen-clean.crl").to_str().unwrap(),
        ],
        &env,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the 2023 reports are FINAL"),
        "{}",
        stderr(&out)
    );
    let (code, said) = check(plan.path());
    assert_eq!(code, Some(0), "{said}");
    let output = tempfile::tempdir().unwrap();
    let built = build_final(plan.path(), output.path());
    assert!(built.status.success(), "{}", stderr(&built));
    let lone = plan.path().join("t-2023-org-nl.pdf");
    std::fs::copy(output.path().join("2023/nl/t-2023-org-nl.pdf"), &lone).unwrap();
    let (code, said) = verify(&lone, &["--rebuild"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("a certificate on a validated path to the plan's trust anchors")
            && said.contains(", timestamped ")
            && said.contains("by CN=Koers Test TSA"),
        "{said}"
    );
}

/// A seal from the eID-shaped PKI, with its chain and the Citizen CA's CRL
/// in the report's validation store (PAdES B-LT); a CRL of no CA on the
/// seal's chain is refused before anything is built.
#[test]
fn the_seal_carries_its_chain_and_crls_for_long_term_validation() {
    let plan = approved_eid_plan(false, "ann-chain.pem");
    let output = tempfile::tempdir().unwrap();
    let seal = |crl: &str| {
        let crl = eid(crl);
        build_sealed(
            plan.path(),
            output.path(),
            &eid("ann.enc.key"),
            &eid("ann-chain.pem"),
            &["--long-term", "--seal-crl", crl.to_str().unwrap()],
        )
    };
    let refused = seal("fake-citizen-clean.crl");
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("the CRL is from no CA of the seal's chain"),
        "{}",
        stderr(&refused)
    );
    assert!(!output.path().join("2023").exists());
    let built = seal("citizen-clean.crl");
    assert!(built.status.success(), "{}", stderr(&built));
    let report = output.path().join("2023/nl/t-2023-org-nl.pdf");
    let (code, said) = verify(&report, &["--rebuild"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("ok   long-term"), "{said}");
    let doc = lopdf::Document::load(&report).unwrap();
    let dss = doc
        .catalog()
        .unwrap()
        .get(b"DSS")
        .and_then(lopdf::Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
        .unwrap();
    let count = |key: &[u8]| {
        dss.get(key)
            .and_then(lopdf::Object::as_array)
            .map_or(0, Vec::len)
    };
    assert_eq!((count(b"Certs"), count(b"CRLs")), (2, 1), "{dss:?}");
}

/// The root's CRL revoking the Citizen CA itself (on 1 January 2025):
/// every certificate it issued stops counting after that, whoever signs.
#[test]
fn a_revoked_intermediate_ca_is_refused() {
    let plan = eid_plan(true);
    refused(
        &approve_with_crl(
            plan.path(),
            "ann.enc.key",
            "ann.pem",
            Some("root-revoked-ca.crl"),
        ),
        "the certificate of the CA SERIALNUMBER=201501,CN=Koers Test Citizen CA,C=BE was revoked on 2025-01-01T00:00:00Z (CRL of CN=Koers Test Belgium Root CA,C=BE)",
    );
}

/// With a timestamp authority, the long-term report ends in a document
/// timestamp over the seal and its store (PAdES B-LTA); `verify` accepts
/// exactly that, and a change after it or inside its update fails.
#[test]
fn a_document_timestamp_covers_the_seal_and_its_store() {
    let dir = tempfile::tempdir().unwrap();
    let Some(url) = crate::tsa::start(dir.path()) else {
        return;
    };
    let plan = approved_eid_plan(false, "ann-chain.pem");
    let output = tempfile::tempdir().unwrap();
    let crl = eid("citizen-clean.crl");
    let built = build_sealed(
        plan.path(),
        output.path(),
        &eid("ann.enc.key"),
        &eid("ann-chain.pem"),
        &[
            "--long-term",
            "--seal-crl",
            crl.to_str().unwrap(),
            "--tsa",
            &url,
        ],
    );
    assert!(built.status.success(), "{}", stderr(&built));
    let report = output.path().join("2023/nl/t-2023-org-nl.pdf");
    let (code, said) = verify(&report, &["--rebuild"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("ok   long-term")
            && said.contains("ok   document timestamp")
            && said.contains("PAdES B-LTA")
            && said.contains("by CN=Koers Test TSA"),
        "{said}"
    );
    let bytes = std::fs::read(&report).unwrap();
    // The store holds the seal's chain and the authority's certificate.
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let dss = doc
        .catalog()
        .unwrap()
        .get(b"DSS")
        .and_then(lopdf::Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
        .unwrap();
    let certs = dss.get(b"Certs").and_then(lopdf::Object::as_array).unwrap();
    assert_eq!(certs.len(), 3, "{dss:?}");

    // Anything appended after the document timestamp.
    let lone = dir.path().join("t-2023-org-nl.pdf");
    let mut appended = bytes.clone();
    appended.extend_from_slice(b"\n% a comment after the timestamp\n");
    std::fs::write(&lone, &appended).unwrap();
    let (code, said) = verify(&lone, &[]);
    assert_eq!(code, Some(1), "{said}");

    // A change inside the timestamp's update, outside its value: the
    // field's name, same length.
    let at = bytes
        .windows(17)
        .rposition(|w| w == b"DocumentTimestamp")
        .unwrap();
    let mut changed = bytes.clone();
    changed[at] = b'X';
    std::fs::write(&lone, &changed).unwrap();
    let (code, said) = verify(&lone, &[]);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("document timestamp"), "{said}");

    // A change smuggled in before a genuine document timestamp: the
    // report's title changed in an update of its own, then stamped.
    let before_stamp = &bytes[..bytes
        .windows(5)
        .rposition(|w| w == b"%%EOF")
        .map(|last| {
            bytes[..last]
                .windows(5)
                .rposition(|w| w == b"%%EOF")
                .unwrap()
                + 5
        })
        .unwrap()];
    let mut inc: lopdf::IncrementalDocument = before_stamp.try_into().unwrap();
    let prev = inc.get_prev_documents();
    let info = prev.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let mut trailer = lopdf::Dictionary::new();
    for key in [&b"Size"[..], b"Root", b"Info", b"ID"] {
        if let Ok(v) = prev.trailer.get(key) {
            trailer.set(key.to_vec(), v.clone());
        }
    }
    trailer.set("Prev", prev.xref_start as i64);
    let mut title = prev.get_dictionary(info).unwrap().clone();
    title.set("Title", lopdf::Object::string_literal("Another report"));
    let version = prev.version.clone();
    inc.new_document.trailer = trailer;
    inc.new_document.version = version;
    inc.new_document.set_object(info, title);
    let mut smuggled = Vec::new();
    inc.save_to(&mut smuggled).unwrap();
    let stamped = koers_sign::add_document_timestamp(&smuggled, &url).unwrap();
    std::fs::write(&lone, &stamped).unwrap();
    let (code, said) = verify(&lone, &[]);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("is not a validation store alone"), "{said}");
}

/// OCSP responses as revocation evidence, the CRL's sibling: the Citizen
/// CA's "good" on Ann's certificate satisfies a plan that requires
/// evidence and travels in the report's record; its "revoked" on a
/// certificate revoked before the signing time refuses the approval
/// everywhere; a response from the look-alike CA is not evidence.
#[test]
fn ocsp_responses_are_revocation_evidence() {
    let requiring = || {
        let plan = eid_plan(true);
        let framework = plan.path().join("framework.toml");
        let text = std::fs::read_to_string(&framework).unwrap();
        std::fs::write(
            &framework,
            format!("{text}\n[signoff]\nrevocation = \"required\"\n"),
        )
        .unwrap();
        plan
    };
    let plan = requiring();
    refused(
        &approve_with_crl(
            plan.path(),
            "ann.enc.key",
            "ann.pem",
            Some("ann-by-fake.ocsp"),
        ),
        "an OCSP response stored with the approval is about no certificate on the certificate's path",
    );
    let out = approve_with_crl(plan.path(), "ann.enc.key", "ann.pem", Some("ann.ocsp"));
    assert!(out.status.success(), "{}", stderr(&out));
    let stored = plan.path().join("2023/approvals/ann-peeters.ocsp");
    assert_eq!(
        std::fs::read(&stored).unwrap(),
        std::fs::read(eid("ann.ocsp")).unwrap()
    );
    let (code, said) = check(plan.path());
    assert_eq!(code, Some(0), "{said}");
    let output = tempfile::tempdir().unwrap();
    let built = build_final(plan.path(), output.path());
    assert!(built.status.success(), "{}", stderr(&built));
    let lone = tempfile::tempdir().unwrap();
    let report = lone.path().join("t-2023-org-nl.pdf");
    std::fs::copy(output.path().join("2023/nl/t-2023-org-nl.pdf"), &report).unwrap();
    for mode in [&[][..], &["--rebuild"][..]] {
        let (code, said) = verify(&report, mode);
        assert_eq!(code, Some(0), "{mode:?}: {said}");
    }
    // Without it the plan's rule is not met.
    std::fs::remove_file(&stored).unwrap();
    let (code, said) = check(plan.path());
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("nor an OCSP response"), "{said}");

    let says = "the certificate was revoked on 2025-01-01T00:00:00Z (OCSP response of SERIALNUMBER=201501,CN=Koers Test Citizen CA,C=BE), before the signing time";
    refused(
        &approve_with_crl(
            requiring().path(),
            "ann-revoked.enc.key",
            "ann-revoked.pem",
            Some("ann-revoked.ocsp"),
        ),
        says,
    );
    let forged = requiring();
    forge_with_crl(
        forged.path(),
        "ann-revoked.enc.key",
        "ann-revoked.pem",
        now(),
        None,
        Some("ann-revoked.ocsp"),
    );
    let real = requiring();
    assert!(
        approve_with_crl(real.path(), "ann.enc.key", "ann.pem", Some("ann.ocsp"))
            .status
            .success()
    );
    refused_everywhere(forged.path(), real.path(), says);
}
