//! RFC 3161 timestamps from a timestamp authority the test runs itself on
//! 127.0.0.1 (`openssl ts -reply` behind a small HTTP handler): an approval
//! and the seal get the authority's word on their time. Skipped (with a note)
//! without openssl, unless KOERS_REQUIRE_TOOLS is set, as `.ci/run` does.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{build_final_2023, fixture, koers_with, stderr, verify};

/// Starts the authority; its URL. It answers until the test process ends.
pub fn start(dir: &Path) -> Option<String> {
    if Command::new("openssl").arg("version").output().is_err() {
        assert!(
            std::env::var_os("KOERS_REQUIRE_TOOLS").is_none(),
            "KOERS_REQUIRE_TOOLS is set but openssl is missing"
        );
        eprintln!("note: openssl is not installed; the timestamp test is skipped");
        return None;
    }
    let tsa = fixture("tsa");
    std::fs::write(dir.join("serial"), "01\n").expect("serial");
    let config = dir.join("tsa.cnf");
    std::fs::write(
        &config,
        format!(
            "[ tsa ]\ndefault_tsa = tsa1\n[ tsa1 ]\nserial = {serial}\nsigner_cert = {cert}\n\
             signer_key = {key}\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\n\
             digests = sha256\ness_cert_id_alg = sha256\ncrypto_device = builtin\n\
             other_policies = 1.2.3.4.2\naccuracy = secs:1\nordering = no\ntsa_name = yes\n\
             ess_cert_id_chain = no\n",
            serial = dir.join("serial").display(),
            cert = tsa.join("tsa.pem").display(),
            key = tsa.join("tsa.key").display(),
        ),
    )
    .expect("config");
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/tsa", listener.local_addr().expect("address"));
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { continue };
            let _ = answer(&mut stream, &dir, &config, n);
        }
    });
    Some(url)
}

fn answer(
    stream: &mut std::net::TcpStream,
    dir: &Path,
    config: &PathBuf,
    n: usize,
) -> std::io::Result<()> {
    let mut data = Vec::new();
    let mut buffer = [0u8; 4096];
    let (head_end, length) = loop {
        let read = stream.read(&mut buffer)?;
        if read == 0 {
            return Ok(());
        }
        data.extend_from_slice(&buffer[..read]);
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            break (end + 4, length);
        }
    };
    while data.len() < head_end + length {
        let read = stream.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        data.extend_from_slice(&buffer[..read]);
    }
    let query = dir.join(format!("q{n}.tsq"));
    let reply = dir.join(format!("r{n}.tsr"));
    std::fs::write(&query, &data[head_end..])?;
    let out = Command::new("openssl")
        .args(["ts", "-reply", "-config"])
        .arg(config)
        .arg("-queryfile")
        .arg(&query)
        .arg("-out")
        .arg(&reply)
        .output()?;
    let body = match out.status.success() {
        true => std::fs::read(&reply)?,
        false => Vec::new(),
    };
    let status = if body.is_empty() {
        "500 Error"
    } else {
        "200 OK"
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: application/timestamp-reply\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)
}

#[test]
fn approvals_and_the_seal_carry_the_authoritys_time() {
    let dir = tempfile::tempdir().expect("temp dir");
    let Some(url) = start(dir.path()) else {
        return;
    };
    let plan = crate::approvals::signed_plan();
    let inputs = plan.path().to_str().unwrap();
    let approvers = fixture("approvers");
    let env = [("KOERS_PASSWORD", "ann-test")];
    let koers = |args: &[&str]| koers_with(args, &env);
    let out = koers(&[
        "approve",
        "--inputs",
        inputs,
        "--year",
        "2023",
        "--p12",
        approvers.join("ann.p12").to_str().unwrap(),
        "--tsa",
        &url,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));

    let keys = fixture("keys");
    let report = build_final_2023(
        plan.path(),
        &dir.path().join("out"),
        &[
            "--sign-key",
            keys.join("ec.key").to_str().unwrap(),
            "--sign-cert",
            keys.join("ec.crt").to_str().unwrap(),
            "--tsa",
            &url,
        ],
        &env,
    );
    let (code, said) = verify(&report, &[]);
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("ok   timestamp: the signature existed at")
            && said.contains("(RFC 3161, by CN=Koers Test TSA)"),
        "{said}"
    );
    assert!(said.contains(", timestamped "), "{said}");
    assert!(said.contains("by CN=Koers Test TSA"), "{said}");
    let text = crate::common::pdf_text(&report);
    assert!(
        text.contains("(tijdstempel 20"),
        "the sign-off page names the timestamp: {text}"
    );

    // An authority that is not there: nothing is signed.
    let out = koers(&[
        "approve",
        "--inputs",
        inputs,
        "--year",
        "2024",
        "--p12",
        approvers.join("ann.p12").to_str().unwrap(),
        "--tsa",
        "http://127.0.0.1:9/tsa",
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("cannot timestamp"),
        "{}",
        stderr(&out)
    );
    assert!(!plan.path().join("2024/approvals").exists());
}
