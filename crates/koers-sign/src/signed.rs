//! Checking one CMS SignedData signature with the certificate it embeds,
//! whatever it signs (a PDF's byte ranges, an approval statement, a
//! timestamp token's TSTInfo). Its unsigned attributes (a timestamp) are
//! judged by the callers: a timestamp is itself a SignedData checked here.

use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::asn1::OctetString;
use der::oid::ObjectIdentifier;
use der::{Any, Encode};
use sha2::{Digest, Sha256};
use spki::DecodePublicKey;
use x509_cert::Certificate;

use crate::cms::SigningCertificateV2;
use crate::{err, oid};

/// What a checked SignedData says.
#[derive(Debug, Clone)]
pub(crate) struct Checked {
    pub(crate) certificate_der: Vec<u8>,
    /// The other certificates it carries: candidates for a path, never
    /// trusted for being there.
    pub(crate) other_certificates: Vec<Vec<u8>>,
    /// The signing-time attribute, when present.
    pub(crate) signing_time: Option<chrono::NaiveDateTime>,
    /// The one SignerInfo, for its unsigned attributes.
    pub(crate) signer_info: SignerInfo,
}

/// Checks a CMS SignedData of `content_type` against the SHA-256 `digest`
/// of what it signs: exactly one SignerInfo (a second signer could not be
/// told apart from the first), SHA-256, the message-digest and
/// content-type attributes, the signing-certificate-v2 binding when
/// present, and the signature over the signed attributes with the embedded
/// certificate. `{what}` in an error stands for what the digest is of.
pub(crate) fn check(
    content_info: &ContentInfo,
    digest: &[u8],
    content_type: ObjectIdentifier,
) -> Result<Checked, String> {
    if content_info.content_type != oid::SIGNED_DATA {
        return Err("the CMS is not SignedData".into());
    }
    let signed_data: SignedData = content_info
        .content
        .decode_as()
        .map_err(err("invalid CMS SignedData"))?;
    let mut signers = signed_data.signer_infos.0.iter();
    let signer_info = signers.next().ok_or("the CMS has no SignerInfo")?;
    if signers.next().is_some() {
        return Err("the CMS holds more than one signature".into());
    }
    if signer_info.digest_alg.oid != oid::SHA256 {
        return Err(format!(
            "unsupported digest algorithm {} (only SHA-256)",
            signer_info.digest_alg.oid
        ));
    }
    let signed_attrs = signer_info
        .signed_attrs
        .as_ref()
        .ok_or("the CMS SignerInfo has no signed attributes")?;
    let attr_value = |oid: ObjectIdentifier| -> Option<&Any> {
        signed_attrs
            .iter()
            .find(|a| a.oid == oid)
            .and_then(|a| a.values.iter().next())
    };

    let md = attr_value(oid::MESSAGE_DIGEST).ok_or("the CMS has no message-digest attribute")?;
    let md: OctetString = md
        .decode_as()
        .map_err(err("invalid message-digest attribute"))?;
    if md.as_bytes() != digest {
        return Err("message digest mismatch: {what} were modified".into());
    }
    let ct = attr_value(oid::CONTENT_TYPE).ok_or("the CMS has no content-type attribute")?;
    let ct: ObjectIdentifier = ct
        .decode_as()
        .map_err(err("invalid content-type attribute"))?;
    if ct != content_type {
        return Err(format!(
            "the content-type attribute is {ct}, not {content_type}"
        ));
    }

    let certificate = signer_certificate(&signed_data, signer_info)?;
    let certificate_der = certificate.to_der().map_err(err("invalid certificate"))?;

    if let Some(sc) = attr_value(oid::SIGNING_CERTIFICATE_V2) {
        let sc: SigningCertificateV2 = sc
            .decode_as()
            .map_err(err("invalid signing-certificate-v2 attribute"))?;
        let first = sc
            .certs
            .first()
            .ok_or("empty signing-certificate-v2 attribute")?;
        let alg = first.hash_algorithm.as_ref().map_or(oid::SHA256, |a| a.oid);
        if alg != oid::SHA256 {
            return Err("unsupported hash in signing-certificate-v2".into());
        }
        if first.cert_hash.as_bytes() != Sha256::digest(&certificate_der).as_slice() {
            return Err("signing-certificate-v2 does not match the embedded certificate".into());
        }
    }
    let signing_time = match attr_value(oid::SIGNING_TIME) {
        Some(value) => Some(time_of(value)?),
        None => None,
    };

    // What is signed is the DER of the signed attributes (a SET).
    let signed_attrs_der = signed_attrs
        .to_der()
        .map_err(err("invalid signed attributes"))?;
    check_signature(certificate, signer_info, &signed_attrs_der)?;
    let other_certificates = signed_data
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|c| match c {
            CertificateChoices::Certificate(c) => c.to_der().ok(),
            _ => None,
        })
        .filter(|der| *der != certificate_der)
        .collect();
    Ok(Checked {
        other_certificates,
        certificate_der,
        signing_time,
        signer_info: signer_info.clone(),
    })
}

/// A signing-time value: UTCTime or GeneralizedTime.
fn time_of(value: &Any) -> Result<chrono::NaiveDateTime, String> {
    let time = match value.decode_as::<der::asn1::UtcTime>() {
        Ok(t) => t.to_date_time(),
        Err(_) => value
            .decode_as::<der::asn1::GeneralizedTime>()
            .map_err(err("invalid signing-time attribute"))?
            .to_date_time(),
    };
    let date = chrono::NaiveDate::from_ymd_opt(
        i32::from(time.year()),
        u32::from(time.month()),
        u32::from(time.day()),
    );
    date.and_then(|d| {
        d.and_hms_opt(
            u32::from(time.hour()),
            u32::from(time.minutes()),
            u32::from(time.seconds()),
        )
    })
    .ok_or_else(|| "invalid signing-time attribute".to_string())
}

/// The certificate the SignerInfo names, among those embedded in the CMS.
fn signer_certificate<'a>(
    signed_data: &'a SignedData,
    signer_info: &SignerInfo,
) -> Result<&'a Certificate, String> {
    let certs: Vec<&Certificate> = signed_data
        .certificates
        .as_ref()
        .map(|set| {
            set.0
                .iter()
                .filter_map(|c| match c {
                    CertificateChoices::Certificate(c) => Some(c),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    match &signer_info.sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => certs.iter().find(|c| {
            c.tbs_certificate.issuer == ias.issuer
                && c.tbs_certificate.serial_number == ias.serial_number
        }),
        SignerIdentifier::SubjectKeyIdentifier(_) if certs.len() == 1 => certs.first(),
        SignerIdentifier::SubjectKeyIdentifier(_) => None,
    }
    .copied()
    .ok_or_else(|| "the signer certificate is not embedded in the CMS".to_string())
}

/// Verifies the SignerInfo's signature over `signed_attrs_der` with the
/// certificate's public key.
fn check_signature(
    certificate: &Certificate,
    signer_info: &SignerInfo,
    signed_attrs_der: &[u8],
) -> Result<(), String> {
    let spki = &certificate.tbs_certificate.subject_public_key_info;
    let spki_der = spki
        .to_der()
        .map_err(err("invalid certificate public key"))?;
    let sig_alg = signer_info.signature_algorithm.oid;
    let sig_bytes = signer_info.signature.as_bytes();
    // Some signers name the key algorithm instead of the signature algorithm;
    // with the digest fixed to SHA-256 both mean the same.
    match spki.algorithm.oid {
        oid::EC_PUBLIC_KEY => {
            use p256::ecdsa::signature::Verifier;
            if sig_alg != oid::ECDSA_SHA256 && sig_alg != oid::EC_PUBLIC_KEY {
                return Err(format!("unsupported signature algorithm {sig_alg}"));
            }
            let vk = p256::ecdsa::VerifyingKey::from_public_key_der(&spki_der)
                .map_err(err("unsupported EC certificate key (only P-256)"))?;
            let sig = p256::ecdsa::Signature::from_der(sig_bytes)
                .map_err(err("invalid ECDSA signature encoding"))?;
            vk.verify(signed_attrs_der, &sig).map_err(|_| {
                "the signature does not verify with the embedded certificate".to_string()
            })?;
        }
        oid::RSA_ENCRYPTION => {
            use rsa::signature::Verifier;
            if sig_alg != oid::SHA256_WITH_RSA && sig_alg != oid::RSA_ENCRYPTION {
                return Err(format!("unsupported signature algorithm {sig_alg}"));
            }
            let pk = rsa::RsaPublicKey::from_public_key_der(&spki_der)
                .map_err(err("invalid RSA certificate key"))?;
            {
                use rsa::traits::PublicKeyParts;
                if pk.size() * 8 < crate::MIN_RSA_BITS {
                    return Err(format!(
                        "the RSA key has {} bits; at least {} are required",
                        pk.size() * 8,
                        crate::MIN_RSA_BITS
                    ));
                }
            }
            let vk = rsa::pkcs1v15::VerifyingKey::<Sha256>::new(pk);
            let sig = rsa::pkcs1v15::Signature::try_from(sig_bytes)
                .map_err(err("invalid RSA signature"))?;
            vk.verify(signed_attrs_der, &sig).map_err(|_| {
                "the signature does not verify with the embedded certificate".to_string()
            })?;
        }
        other => return Err(format!("unsupported certificate key algorithm {other}")),
    }
    Ok(())
}
