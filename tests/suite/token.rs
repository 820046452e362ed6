//! Keys on a PKCS#11 token, with SoftHSM2 standing in for an eID card or an
//! HSM: an approval signed on the token counts, and the seal of `build
//! --final` can come from it. Skipped (with a note) where SoftHSM2 is not
//! installed, unless KOERS_REQUIRE_TOOLS is set, as `.ci/run` does.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{build_final_2023, fixture, koers_with, stderr, verify};

pub const MODULE: &str = "/usr/lib/softhsm/libsofthsm2.so";
pub const PIN: &str = "1234";

/// A fresh SoftHSM2 token `koers-test` holding Ann's key (imported from her
/// encrypted PKCS#8 file); its configuration file, for SOFTHSM2_CONF.
fn token(dir: &Path) -> Option<PathBuf> {
    token_with(dir, &fixture("approvers").join("ann.enc.key"))
}

/// A fresh SoftHSM2 token `koers-test` holding `key` (encrypted PKCS#8,
/// password "ann-test") under the label `Signature`, as an eID card holds
/// its signing key.
pub fn token_with(dir: &Path, key: &Path) -> Option<PathBuf> {
    if !Path::new(MODULE).exists() {
        assert!(
            std::env::var_os("KOERS_REQUIRE_TOOLS").is_none(),
            "KOERS_REQUIRE_TOOLS is set but {MODULE} is missing"
        );
        eprintln!("note: SoftHSM2 is not installed; the PKCS#11 test is skipped");
        return None;
    }
    let tokens = dir.join("tokens");
    std::fs::create_dir_all(&tokens).expect("mkdir");
    let conf = dir.join("softhsm2.conf");
    std::fs::write(
        &conf,
        format!(
            "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
            tokens.display()
        ),
    )
    .expect("conf");
    let util = |args: &[&str]| {
        let out = Command::new("softhsm2-util")
            .args(args)
            .env("SOFTHSM2_CONF", &conf)
            .output()
            .expect("softhsm2-util runs");
        assert!(
            out.status.success(),
            "softhsm2-util {args:?}: {}",
            stderr(&out)
        );
    };
    util(&[
        "--init-token",
        "--free",
        "--label",
        "koers-test",
        "--so-pin",
        "5678",
        "--pin",
        PIN,
    ]);
    util(&[
        "--import",
        key.to_str().unwrap(),
        "--file-pin",
        "ann-test",
        "--token",
        "koers-test",
        "--label",
        "Signature",
        "--id",
        "01",
        "--pin",
        PIN,
    ]);
    Some(conf)
}

#[test]
fn an_approval_signed_on_a_token_counts_and_the_seal_can_come_from_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let Some(conf) = token(dir.path()) else {
        return;
    };
    let plan = crate::approvals::signed_plan();
    let inputs = plan.path().to_str().unwrap();
    let cert = fixture("approvers").join("ann.pem");
    let conf = conf.to_str().unwrap();
    let env = [("SOFTHSM2_CONF", conf), ("KOERS_PIN", PIN)];
    let out = koers_with(
        &[
            "approve",
            "--inputs",
            inputs,
            "--year",
            "2023",
            "--pkcs11",
            MODULE,
            "--token",
            "koers-test",
            "--key-label",
            "Signature",
            "--cert",
            cert.to_str().unwrap(),
        ],
        &env,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the 2023 reports are FINAL"),
        "{}",
        stderr(&out)
    );

    // The organisation's seal from the same token (a stand-in for its HSM).
    let report = build_final_2023(
        plan.path(),
        &dir.path().join("out"),
        &[
            "--sign-pkcs11",
            MODULE,
            "--sign-cert",
            cert.to_str().unwrap(),
        ],
        &env,
    );
    let (code, said) = verify(&report, &["--trust", cert.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{said}");

    // A wrong PIN: refused, nothing signed.
    let wrong = koers_with(
        &[
            "approve",
            "--inputs",
            inputs,
            "--year",
            "2024",
            "--pkcs11",
            MODULE,
            "--cert",
            cert.to_str().unwrap(),
        ],
        &[("SOFTHSM2_CONF", conf), ("KOERS_PIN", "0000")],
    );
    assert!(!wrong.status.success());
    assert!(
        stderr(&wrong).contains("the token refused the PIN"),
        "{}",
        stderr(&wrong)
    );
}
