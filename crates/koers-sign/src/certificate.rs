//! The facts of an X.509 certificate that a sign-off depends on: who it
//! names, who issued it, when it is valid, what its key may do. Koers pins
//! approvers to certificates by these facts without handling ASN.1 itself.

use der::asn1::{Ia5StringRef, PrintableStringRef, TeletexStringRef, Utf8StringRef};
use der::oid::ObjectIdentifier;
use der::{Any, Decode, Encode};
use sha2::{Digest, Sha256};
use spki::DecodePublicKey;
use x509_cert::Certificate;
use x509_cert::ext::pkix::KeyUsage;
use x509_cert::name::Name;

use crate::{err, oid};

const COMMON_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");
const SERIAL_NUMBER: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.5");
const KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.15");

/// What a certificate says, in plain types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateFacts {
    /// SHA-256 of the DER certificate, lower-case hex: what a pin names.
    pub sha256: String,
    /// The subject, as RFC 4514 text.
    pub subject: String,
    pub subject_common_name: Option<String>,
    /// The subject's serialNumber attribute (on a Belgian eID: the national
    /// register number).
    pub subject_serial: Option<String>,
    /// The issuer, as RFC 4514 text.
    pub issuer: String,
    pub issuer_common_name: Option<String>,
    pub not_before: chrono::NaiveDateTime,
    pub not_after: chrono::NaiveDateTime,
    /// Whether the key may sign: the key usage extension allows digital
    /// signature or non-repudiation. A certificate without the extension
    /// does not say, and counts as not allowed.
    pub signing_usage: bool,
    /// `ECDSA P-256`, `RSA 3072`, …
    pub key: String,
    /// The RSA modulus size, for an RSA key.
    pub rsa_bits: Option<usize>,
}

impl CertificateFacts {
    pub fn from_der(der_bytes: &[u8]) -> crate::Result<Self> {
        let certificate = Certificate::from_der(der_bytes).map_err(err("not a certificate"))?;
        let tbs = &certificate.tbs_certificate;
        let time = |t: &x509_cert::time::Time| -> Result<chrono::NaiveDateTime, String> {
            let seconds = i64::try_from(t.to_unix_duration().as_secs())
                .map_err(err("certificate validity out of range"))?;
            chrono::DateTime::from_timestamp(seconds, 0)
                .map(|d| d.naive_utc())
                .ok_or_else(|| "certificate validity out of range".to_string())
        };
        let signing_usage = tbs
            .extensions
            .iter()
            .flatten()
            .find(|e| e.extn_id == KEY_USAGE)
            .and_then(|e| KeyUsage::from_der(e.extn_value.as_bytes()).ok())
            .is_some_and(|u| u.digital_signature() || u.non_repudiation());
        let spki = &tbs.subject_public_key_info;
        let (key, rsa_bits) = match spki.algorithm.oid {
            oid::EC_PUBLIC_KEY => {
                let curve = spki
                    .algorithm
                    .parameters
                    .as_ref()
                    .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
                match curve {
                    Some(oid::SECP256R1) => ("ECDSA P-256".to_string(), None),
                    Some(curve) => (format!("EC curve {curve}"), None),
                    None => ("EC".to_string(), None),
                }
            }
            oid::RSA_ENCRYPTION => {
                use rsa::traits::PublicKeyParts;
                let bits = spki
                    .to_der()
                    .ok()
                    .and_then(|d| rsa::RsaPublicKey::from_public_key_der(&d).ok())
                    .map(|k| k.size() * 8);
                (format!("RSA {}", bits.unwrap_or(0)), bits)
            }
            other => (format!("key algorithm {other}"), None),
        };
        Ok(Self {
            sha256: hex(&Sha256::digest(der_bytes)),
            subject: tbs.subject.to_string(),
            subject_common_name: attribute(&tbs.subject, COMMON_NAME),
            subject_serial: attribute(&tbs.subject, SERIAL_NUMBER),
            issuer: tbs.issuer.to_string(),
            issuer_common_name: attribute(&tbs.issuer, COMMON_NAME),
            not_before: time(&tbs.validity.not_before)?,
            not_after: time(&tbs.validity.not_after)?,
            signing_usage,
            key,
            rsa_bits,
        })
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The first value of an attribute of a name, as text.
fn attribute(name: &Name, wanted: ObjectIdentifier) -> Option<String> {
    name.0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|atv| atv.oid == wanted)
        .and_then(|atv| text(&atv.value))
}

fn text(value: &Any) -> Option<String> {
    if let Ok(s) = Utf8StringRef::try_from(value) {
        return Some(s.as_str().to_string());
    }
    if let Ok(s) = PrintableStringRef::try_from(value) {
        return Some(s.as_str().to_string());
    }
    if let Ok(s) = Ia5StringRef::try_from(value) {
        return Some(s.as_str().to_string());
    }
    TeletexStringRef::try_from(value)
        .ok()
        .map(|s| s.as_str().to_string())
}

/// Whether a certificate is for timestamping, as RFC 3161 (2.3) has it: an
/// extended key usage extension, critical, whose one purpose is
/// id-kp-timeStamping.
pub fn is_timestamping(der_bytes: &[u8]) -> bool {
    use x509_cert::ext::pkix::ExtendedKeyUsage;
    const EXTENDED_KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.37");
    const TIME_STAMPING: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.8");
    let Ok(certificate) = Certificate::from_der(der_bytes) else {
        return false;
    };
    certificate
        .tbs_certificate
        .extensions
        .unwrap_or_default()
        .iter()
        .find(|e| e.extn_id == EXTENDED_KEY_USAGE)
        .filter(|e| e.critical)
        .and_then(|e| ExtendedKeyUsage::from_der(e.extn_value.as_bytes()).ok())
        .is_some_and(|u| u.0 == [TIME_STAMPING])
}

/// Whether a certificate says it is a CA's (basic constraints cA).
pub fn is_ca(der_bytes: &[u8]) -> bool {
    use x509_cert::ext::pkix::BasicConstraints;
    const BASIC_CONSTRAINTS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.19");
    Certificate::from_der(der_bytes).is_ok_and(|c| {
        c.tbs_certificate
            .extensions
            .unwrap_or_default()
            .iter()
            .find(|e| e.extn_id == BASIC_CONSTRAINTS)
            .and_then(|e| BasicConstraints::from_der(e.extn_value.as_bytes()).ok())
            .is_some_and(|b| b.ca)
    })
}

/// Whether `issuer_der` issued `certificate_der`: the issuer's name is the
/// certificate's issuer and the certificate's signature verifies with the
/// issuer's key (ECDSA P-256 or RSA, SHA-256). One link of a chain.
pub fn issued_by(certificate_der: &[u8], issuer_der: &[u8]) -> bool {
    let (Ok(certificate), Ok(issuer)) = (
        Certificate::from_der(certificate_der),
        Certificate::from_der(issuer_der),
    ) else {
        return false;
    };
    if certificate.tbs_certificate.issuer != issuer.tbs_certificate.subject {
        return false;
    }
    let (Ok(tbs), Ok(spki)) = (
        certificate.tbs_certificate.to_der(),
        issuer.tbs_certificate.subject_public_key_info.to_der(),
    ) else {
        return false;
    };
    signed_by(
        &tbs,
        certificate.signature_algorithm.oid,
        certificate.signature.raw_bytes(),
        &spki,
    )
}

/// Whether `signature` over `signed` (with the algorithm `algorithm`)
/// verifies with the public key `spki` (DER): ECDSA P-256 or RSA, SHA-256.
pub(crate) fn signed_by(
    signed: &[u8],
    algorithm: ObjectIdentifier,
    signature: &[u8],
    spki: &[u8],
) -> bool {
    match algorithm {
        oid::ECDSA_SHA256 => {
            use p256::ecdsa::signature::Verifier;
            let (Ok(key), Ok(sig)) = (
                p256::ecdsa::VerifyingKey::from_public_key_der(spki),
                p256::ecdsa::Signature::from_der(signature),
            ) else {
                return false;
            };
            key.verify(signed, &sig).is_ok()
        }
        oid::SHA256_WITH_RSA => {
            use rsa::signature::Verifier;
            let (Ok(key), Ok(sig)) = (
                rsa::RsaPublicKey::from_public_key_der(spki),
                rsa::pkcs1v15::Signature::try_from(signature),
            ) else {
                return false;
            };
            rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key)
                .verify(signed, &sig)
                .is_ok()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn der(path: &str) -> Vec<u8> {
        crate::fixture_der(path)
    }

    #[test]
    fn a_timestamp_authority_is_told_from_a_ca_and_a_person() {
        let tsa = der("tsa/tsa.pem");
        let person = der("eid/ann.pem");
        let ca = der("eid/citizen-ca.pem");
        assert!(!tsa.is_empty() && !person.is_empty() && !ca.is_empty());
        assert!(is_timestamping(&tsa));
        assert!(!is_timestamping(&person));
        assert!(!is_timestamping(&ca));
        assert!(is_ca(&ca));
        assert!(!is_ca(&person));
    }
}
