//! Certification paths: from a signer's certificate to one of the trust
//! anchors a plan names, as RFC 5280 builds and checks them.
//!
//! The building and the checks of each link (signatures, names, validity at
//! the given time, CA basic constraints and path lengths, name constraints,
//! extended key usage) are rustls-webpki's, the path validator of rustls,
//! maintained and fuzzed for the Web PKI. It leaves two checks to its user,
//! done here: a CA's key usage must allow certificate signing when the
//! extension is there (RFC 5280 4.2.1.3), and the anchor itself must be
//! valid at that time (webpki treats an anchor as a bare name and key).

use der::Decode;
use der::oid::ObjectIdentifier;
use rustls_pki_types::{self as pki_types, CertificateDer, UnixTime};
use x509_cert::Certificate;
use x509_cert::ext::pkix::KeyUsage;

/// Extended key usages that allow signing a document; a certificate with an
/// extended key usage extension must name one (one without it may sign).
const SIGNING_PURPOSES: &[&[usize]] = &[
    &[1, 3, 6, 1, 5, 5, 7, 3, 4],        // emailProtection
    &[1, 3, 6, 1, 5, 5, 7, 3, 36],       // documentSigning (RFC 9336)
    &[1, 3, 6, 1, 4, 1, 311, 10, 3, 12], // Microsoft document signing
    &[1, 2, 840, 113583, 1, 1, 5],       // Adobe Authentic Documents Trust
    &[2, 5, 29, 37, 0],                  // anyExtendedKeyUsage
];

const KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.15");

struct DocumentSigning;

impl webpki::ExtendedKeyUsageValidator for DocumentSigning {
    fn validate(&self, iter: webpki::KeyPurposeIdIter<'_, '_>) -> Result<(), webpki::Error> {
        let mut present = Vec::new();
        for id in iter {
            let id = id?.to_decoded_oid();
            if SIGNING_PURPOSES.contains(&id.as_slice()) {
                return Ok(());
            }
            present.push(id);
        }
        match present.is_empty() {
            true => Ok(()),
            false => Err(webpki::Error::RequiredEkuNotFoundContext(
                webpki::RequiredEkuNotFoundContext {
                    required: webpki::KeyUsage::required_if_present(&[43, 6, 1, 5, 5, 7, 3, 36]),
                    present,
                },
            )),
        }
    }
}

/// A validated path, the signer's certificate first and the anchor last,
/// each as DER.
pub type Path = Vec<Vec<u8>>;

/// A certification path from `end_entity` to one of `anchors`, valid at
/// `at`; the error says why none holds, in words.
pub fn validate(
    end_entity: &[u8],
    intermediates: &[Vec<u8>],
    anchors: &[Vec<u8>],
    at: chrono::NaiveDateTime,
) -> crate::Result<Path> {
    validate_text(end_entity, intermediates, anchors, at).map_err(crate::Error::Invalid)
}

/// Builds and checks a path from `end_entity` to one of `anchors` through
/// any of `intermediates`, every certificate on it valid at `at` (UTC).
/// The error says why no path holds, in words.
fn validate_text(
    end_entity: &[u8],
    intermediates: &[Vec<u8>],
    anchors: &[Vec<u8>],
    at: chrono::NaiveDateTime,
) -> Result<Path, String> {
    if anchors.is_empty() {
        return Err("the plan names no trust anchor".into());
    }
    let end_der = CertificateDer::from(end_entity);
    let end = webpki::EndEntityCert::try_from(&end_der)
        .map_err(|e| format!("the certificate cannot be read ({e:?})"))?;
    let anchor_ders: Vec<CertificateDer> = anchors
        .iter()
        .map(|a| CertificateDer::from(a.as_slice()))
        .collect();
    let trust: Vec<pki_types::TrustAnchor> = anchor_ders
        .iter()
        .map(|d| webpki::anchor_from_trusted_cert(d).map(|a| a.to_owned()))
        .collect::<Result<_, _>>()
        .map_err(|e| format!("a trust anchor of the plan cannot be read ({e:?})"))?;
    let middle: Vec<CertificateDer> = intermediates
        .iter()
        .map(|c| CertificateDer::from(c.as_slice()))
        .collect();
    let seconds =
        u64::try_from(at.and_utc().timestamp()).map_err(|_| format!("{at} is before 1970"))?;
    let time = UnixTime::since_unix_epoch(std::time::Duration::from_secs(seconds));
    // The anchor a path may end at: one of the plan's with webpki's name
    // and key, valid at `at` (a renewed root keeps its key and name).
    let valid_at = |der: &[u8]| {
        Certificate::from_der(der).is_ok_and(|c| {
            let v = &c.tbs_certificate.validity;
            (v.not_before.to_unix_duration().as_secs()..=v.not_after.to_unix_duration().as_secs())
                .contains(&seconds)
        })
    };
    let anchor_of = |anchor: &pki_types::TrustAnchor| {
        anchors.iter().find(|a| {
            valid_at(a)
                && webpki::anchor_from_trusted_cert(&CertificateDer::from(a.as_slice())).is_ok_and(
                    |t| {
                        t.subject == anchor.subject
                            && t.subject_public_key_info == anchor.subject_public_key_info
                    },
                )
        })
    };
    // Koers's own checks run on each path webpki builds, so that a path
    // failing them makes it try the next one (a cross-signed CA, a renewed
    // root); the last reason is kept to say why none held.
    let refused = std::cell::RefCell::new(None::<String>);
    let own_checks = |path: &webpki::VerifiedPath<'_>| -> Result<(), webpki::Error> {
        for cert in path.intermediate_certificates() {
            let der = cert.der();
            if !may_sign_certificates(&der) {
                refused.replace(Some(format!(
                    "the CA {} may not issue certificates (its key usage lacks keyCertSign)",
                    subject(&der)
                )));
                return Err(webpki::Error::UnknownIssuer);
            }
        }
        if anchor_of(path.anchor()).is_none() {
            refused.replace(Some(format!(
                "no trust anchor of the plan with the path's name and key was valid at {at} UTC"
            )));
            return Err(webpki::Error::UnknownIssuer);
        }
        Ok(())
    };
    let path = end
        .verify_for_usage(
            webpki::ALL_VERIFICATION_ALGS,
            &trust,
            &middle,
            time,
            DocumentSigning,
            None,
            Some(&own_checks),
        )
        .map_err(|e| match (&e, refused.borrow().clone()) {
            (webpki::Error::UnknownIssuer, Some(reason)) => reason,
            _ => explain(&e, at),
        })?;
    let mut chain = vec![end_entity.to_vec()];
    for cert in path.intermediate_certificates() {
        chain.push(cert.der().to_vec());
    }
    let used = anchor_of(path.anchor()).ok_or("the path ends at no anchor of the plan")?;
    chain.push(used.clone());
    Ok(chain)
}

/// Whether a CA certificate may sign certificates: no key usage extension,
/// or one with keyCertSign.
fn may_sign_certificates(der_bytes: &[u8]) -> bool {
    let Ok(cert) = Certificate::from_der(der_bytes) else {
        return false;
    };
    let usage = cert
        .tbs_certificate
        .extensions
        .iter()
        .flatten()
        .find(|e| e.extn_id == KEY_USAGE);
    match usage {
        None => true,
        Some(e) => KeyUsage::from_der(e.extn_value.as_bytes()).is_ok_and(|u| u.key_cert_sign()),
    }
}

fn subject(der_bytes: &[u8]) -> String {
    Certificate::from_der(der_bytes)
        .map(|c| c.tbs_certificate.subject.to_string())
        .unwrap_or_else(|_| "(unreadable)".into())
}

/// A path error in words.
fn explain(error: &webpki::Error, at: chrono::NaiveDateTime) -> String {
    use webpki::Error as E;
    match error {
        E::UnknownIssuer => "no chain leads from the certificate to a trust anchor of the plan (its issuer is not the plan's CA, whatever its name)".into(),
        E::CertExpired { .. } => format!("a certificate on its path had expired at {at} UTC"),
        E::CertNotValidYet { .. } => format!("a certificate on its path was not yet valid at {at} UTC"),
        E::InvalidSignatureForPublicKey => {
            "a signature on its path does not verify with the key of the CA it names (a CA of that name, but not the plan's)".into()
        }
        E::CaUsedAsEndEntity => "the certificate is a CA's, not a person's".into(),
        E::EndEntityUsedAsCa => "a certificate on its path is not a CA's but issued another".into(),
        E::RequiredEkuNotFoundContext(_) => {
            "its extended key usage does not allow signing documents".into()
        }
        E::PathLenConstraintViolated => "a CA on its path exceeds its path length".into(),
        E::NameConstraintViolation => "a name on its path breaks a CA's name constraints".into(),
        other => format!("its path does not hold ({other:?})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn der(path: &str) -> Vec<u8> {
        crate::fixture_der(path)
    }

    fn at(year: i32) -> chrono::NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(year, 6, 1)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap_or_default()
    }

    #[test]
    fn a_path_to_an_anchor_that_was_not_valid_then_does_not_hold() {
        // The approvers' test CA was made in November 2026; Ann's
        // certificate from it is dated from 2020.
        let (ann, ca) = (der("approvers/ann.pem"), der("approvers/ca.pem"));
        assert!(!ann.is_empty() && !ca.is_empty());
        let path = validate(&ann, &[], std::slice::from_ref(&ca), at(2030));
        assert_eq!(path.map(|p| p.len()).map_err(String::from), Ok(2));
        let early = validate(&ann, &[], std::slice::from_ref(&ca), at(2025));
        assert!(
            early.as_ref().is_err_and(|e| e
                .to_string()
                .contains("no trust anchor of the plan with the path's name and key was valid at")),
            "{early:?}"
        );
    }

    #[test]
    fn the_eid_shaped_path_and_its_look_alike() {
        let root = der("eid/root.pem");
        let ca = der("eid/citizen-ca.pem");
        let path = validate(
            &der("eid/ann.pem"),
            std::slice::from_ref(&ca),
            std::slice::from_ref(&root),
            at(2030),
        );
        assert_eq!(path.map(|p| p.len()).map_err(String::from), Ok(3));
        let fake = validate(
            &der("eid/fake-ann.pem"),
            &[der("eid/fake-citizen-ca.pem")],
            std::slice::from_ref(&root),
            at(2030),
        );
        assert!(fake.is_err(), "{fake:?}");
    }
}
