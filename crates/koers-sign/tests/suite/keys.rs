//! Loading the signing key and certificate.

use crate::common::sign;
use crate::common::{date, fixture, minimal_pdf, pem};
use koers_sign::{Signer, SubFilter, certificate_der, load_signer, verify};
use p256::pkcs8::{EncodePrivateKey, LineEnding};

const MISMATCH: &str = "the key does not match the certificate";

/// A P-256 key that is not the certificate's (fixed, so the test is stable).
fn other_ec_key() -> String {
    let key = p256::SecretKey::from_slice(&[7; 32]).unwrap();
    key.to_pkcs8_pem(LineEnding::LF).unwrap().to_string()
}

#[test]
fn a_key_that_does_not_match_the_certificate_is_refused() {
    let cases = [
        (other_ec_key(), pem("ec.crt")),
        (pem("ec.key"), pem("rsa.crt")),
        (pem("rsa.key"), pem("ec.crt")),
    ];
    for (key, cert) in &cases {
        assert_eq!(
            Signer::from_pem(key, cert).unwrap_err().to_string(),
            MISMATCH
        );
    }
    for (key, cert) in [("ec.key", "rsa.crt"), ("rsa.key", "ec.crt")] {
        let error = load_signer(&fixture(key), &fixture(cert))
            .unwrap_err()
            .to_string();
        assert!(error.starts_with(MISMATCH), "{error}");
        assert!(error.contains(key) && error.contains(cert), "{error}");
    }
}

#[test]
fn matching_keys_load_from_files() {
    for (key, cert) in crate::common::KEYS {
        let signer = load_signer(&fixture(key), &fixture(cert)).unwrap();
        assert_eq!(
            signer.certificate_der(),
            certificate_der(&fixture(cert)).unwrap()
        );
    }
}

#[test]
fn what_is_not_a_pkcs8_key_or_a_certificate_is_refused() {
    let error = Signer::from_pem(&pem("ec.crt"), &pem("ec.crt"))
        .unwrap_err()
        .to_string();
    assert!(error.starts_with("not a PKCS#8 private key"), "{error}");
    let error = Signer::from_pem(&pem("ec.key"), &pem("ec.key"))
        .unwrap_err()
        .to_string();
    assert!(error.contains("certificate"), "{error}");
    let error = load_signer(&fixture("missing.key"), &fixture("ec.crt"))
        .unwrap_err()
        .to_string();
    assert!(error.starts_with("cannot read the key"), "{error}");
    assert!(certificate_der(&fixture("ec.key")).is_err());
}

#[test]
fn a_certificate_chain_is_embedded_once_per_certificate() {
    // The signer's certificate first, then a repeat and another certificate
    // standing in for an intermediate.
    let chain = format!("{}{}{}", pem("ec.crt"), pem("ec.crt"), pem("rsa.crt"));
    let signer = Signer::from_pem(&pem("ec.key"), &chain).unwrap();
    assert_eq!(
        format!("{signer:?}"),
        "Signer { key: \"ECDSA P-256\", certificates: 2 }"
    );
    let signed = sign(
        &minimal_pdf(),
        &signer,
        SubFilter::CadesDetached,
        date(2024, 1, 20),
    )
    .unwrap();
    let info = verify(&signed).unwrap();
    assert_eq!(
        info.certificate_der,
        certificate_der(&fixture("ec.crt")).unwrap()
    );
}
