//! Revocation, offline, from OCSP responses (RFC 6960) a signer's tool
//! fetched and stored with the approval: the CA's (or its delegated
//! responder's) signed word on one certificate's status at a time.
//!
//! A response counts only when it is about this very certificate (its
//! issuer's name and key hashes and its serial number) and verifies with
//! the issuing CA's key, or with a responder certificate that CA issued for
//! OCSP signing alone. What it says is judged against the proven signing
//! time by the caller, as a CRL's is.

use chrono::NaiveDateTime;
use der::oid::ObjectIdentifier;
use der::{Decode, Encode, Reader, SliceReader};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_ocsp::{BasicOcspResponse, CertStatus, OcspResponse, OcspResponseStatus};

use crate::err;

const BASIC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1.1");
const SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.14.3.2.26");
const SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const OCSP_SIGNING: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.9");
const EXTENDED_KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.37");

/// What a verified OCSP response says about one certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcspStatus {
    /// Who signed it: the CA, or its delegated responder (RFC 4514 text).
    pub responder: String,
    pub this_update: NaiveDateTime,
    pub next_update: Option<NaiveDateTime>,
    /// When the certificate was revoked, if it was.
    pub revoked: Option<NaiveDateTime>,
}

/// The OCSP responses of a file's bytes: one or more DER OCSPResponses,
/// one after the other (as `openssl ocsp -respout` writes one); each as DER.
pub fn responses_of(bytes: &[u8]) -> crate::Result<Vec<Vec<u8>>> {
    responses_text(bytes).map_err(crate::Error::Invalid)
}

fn responses_text(bytes: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    let mut responses = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let mut reader = SliceReader::new(rest).map_err(err("not an OCSP response"))?;
        OcspResponse::decode(&mut reader).map_err(err("not an OCSP response (DER)"))?;
        let len =
            usize::try_from(u32::from(reader.position())).map_err(err("not an OCSP response"))?;
        let (one, after) = rest.split_at_checked(len).ok_or("not an OCSP response")?;
        responses.push(one.to_vec());
        rest = after;
    }
    match responses.is_empty() {
        true => Err("the file holds no OCSP response".into()),
        false => Ok(responses),
    }
}

/// Whether the response `response_der` is about `certificate_der` (issued
/// by `issuer_der`): only then can it be judged with [`verify`].
pub fn is_about(response_der: &[u8], certificate_der: &[u8], issuer_der: &[u8]) -> bool {
    basic(response_der).is_ok_and(|basic| {
        basic
            .tbs_response_data
            .responses
            .iter()
            .any(|single| about(&single.cert_id, certificate_der, issuer_der))
    })
}

/// Reads an OCSP response about `certificate_der` and checks that the CA
/// `issuer_der` issued it, itself or through a responder it certified.
pub fn verify(
    response_der: &[u8],
    certificate_der: &[u8],
    issuer_der: &[u8],
) -> crate::Result<OcspStatus> {
    verify_text(response_der, certificate_der, issuer_der).map_err(crate::Error::Invalid)
}

/// Reads an OCSP response about `certificate_der` and checks that the CA
/// `issuer_der` issued it, itself or through a responder it certified.
fn verify_text(
    response_der: &[u8],
    certificate_der: &[u8],
    issuer_der: &[u8],
) -> Result<OcspStatus, String> {
    let basic = basic(response_der)?;
    let issuer = Certificate::from_der(issuer_der).map_err(err("not a certificate"))?;
    let single = basic
        .tbs_response_data
        .responses
        .iter()
        .find(|single| about(&single.cert_id, certificate_der, issuer_der))
        .ok_or_else(|| {
            format!(
                "the OCSP response is not about this certificate of {}",
                issuer.tbs_certificate.subject
            )
        })?;
    let produced_at = basic.tbs_response_data.produced_at.0.to_unix_duration();
    let signed = basic
        .tbs_response_data
        .to_der()
        .map_err(err("the OCSP response cannot be encoded"))?;
    let verifies = |certificate: &Certificate| {
        certificate
            .tbs_certificate
            .subject_public_key_info
            .to_der()
            .is_ok_and(|spki| {
                crate::certificate::signed_by(
                    &signed,
                    basic.signature_algorithm.oid,
                    basic.signature.raw_bytes(),
                    &spki,
                )
            })
    };
    let responder = match verifies(&issuer) {
        true => issuer.tbs_certificate.subject.to_string(),
        false => basic
            .certs
            .iter()
            .flatten()
            .find(|delegate| {
                // A responder the CA certified, for OCSP signing, whose
                // certificate was valid when it produced the response.
                let validity = &delegate.tbs_certificate.validity;
                let valid_then = validity.not_before.to_unix_duration() <= produced_at
                    && produced_at <= validity.not_after.to_unix_duration();
                valid_then
                    && delegate.to_der().is_ok_and(|d| {
                        crate::certificate::issued_by(&d, issuer_der) && for_ocsp_signing(delegate)
                    })
                    && verifies(delegate)
            })
            .map(|delegate| delegate.tbs_certificate.subject.to_string())
            .ok_or_else(|| {
                format!(
                    "the OCSP response's signature verifies neither with the key of {} nor with a responder it certified for OCSP signing and whose certificate was valid when it answered",
                    issuer.tbs_certificate.subject
                )
            })?,
    };
    let time = |t: &der::asn1::GeneralizedTime| -> Result<NaiveDateTime, String> {
        let seconds = i64::try_from(t.to_unix_duration().as_secs())
            .map_err(err("an OCSP time out of range"))?;
        chrono::DateTime::from_timestamp(seconds, 0)
            .map(|d| d.naive_utc())
            .ok_or_else(|| "an OCSP time out of range".to_string())
    };
    let revoked = match &single.cert_status {
        CertStatus::Good(_) => None,
        CertStatus::Revoked(info) => Some(time(&info.revocation_time.0)?),
        CertStatus::Unknown(_) => {
            return Err(format!(
                "the OCSP responder {responder} does not know the certificate"
            ));
        }
    };
    Ok(OcspStatus {
        responder,
        this_update: time(&single.this_update.0)?,
        next_update: single
            .next_update
            .as_ref()
            .map(|t| time(&t.0))
            .transpose()?,
        revoked,
    })
}

fn basic(response_der: &[u8]) -> Result<BasicOcspResponse, String> {
    let response = OcspResponse::from_der(response_der).map_err(err("not an OCSP response"))?;
    if response.response_status != OcspResponseStatus::Successful {
        return Err(format!(
            "the OCSP responder answered {:?}, not with a status",
            response.response_status
        ));
    }
    let bytes = response
        .response_bytes
        .ok_or("the OCSP response holds no status")?;
    if bytes.response_type != BASIC {
        return Err("the OCSP response is not a basic OCSP response".into());
    }
    BasicOcspResponse::from_der(bytes.response.as_bytes()).map_err(err("not a basic OCSP response"))
}

/// Whether a CertID names `certificate_der` as issued by `issuer_der`: the
/// serial number, and the issuer's name and key hashed as the id says.
fn about(id: &x509_ocsp::CertId, certificate_der: &[u8], issuer_der: &[u8]) -> bool {
    let (Ok(certificate), Ok(issuer)) = (
        Certificate::from_der(certificate_der),
        Certificate::from_der(issuer_der),
    ) else {
        return false;
    };
    let Ok(name) = issuer.tbs_certificate.subject.to_der() else {
        return false;
    };
    let key = issuer
        .tbs_certificate
        .subject_public_key_info
        .subject_public_key
        .raw_bytes();
    let hash = |bytes: &[u8]| -> Option<Vec<u8>> {
        match id.hash_algorithm.oid {
            SHA1 => Some(Sha1::digest(bytes).to_vec()),
            SHA256 => Some(Sha256::digest(bytes).to_vec()),
            _ => None,
        }
    };
    id.serial_number == certificate.tbs_certificate.serial_number
        && certificate.tbs_certificate.issuer == issuer.tbs_certificate.subject
        && hash(&name).is_some_and(|h| h == id.issuer_name_hash.as_bytes())
        && hash(key).is_some_and(|h| h == id.issuer_key_hash.as_bytes())
}

/// A delegated responder's certificate: extended key usage OCSP signing.
fn for_ocsp_signing(certificate: &Certificate) -> bool {
    use x509_cert::ext::pkix::ExtendedKeyUsage;
    certificate
        .tbs_certificate
        .extensions
        .iter()
        .flatten()
        .find(|e| e.extn_id == EXTENDED_KEY_USAGE)
        .and_then(|e| ExtendedKeyUsage::from_der(e.extn_value.as_bytes()).ok())
        .is_some_and(|u| u.0.contains(&OCSP_SIGNING))
}
