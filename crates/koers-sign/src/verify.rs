//! Checking the last signature of a PDF.
//!
//! Kept apart from signing and written against the PDF and CMS as they are
//! found, not as this crate writes them: it must judge files signed by other
//! tools, and files changed after signing, without trusting anything but the
//! bytes.

use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::asn1::OctetString;
use der::oid::ObjectIdentifier;
use der::{Any, Decode, Encode, Reader, SliceReader};
use lopdf::{Dictionary, Object};
use sha2::{Digest, Sha256};
use spki::DecodePublicKey;
use x509_cert::Certificate;

use crate::cms::SigningCertificateV2;
use crate::{err, oid};

/// Result of [`verify_pdf`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VerifiedSignature {
    /// /ByteRange [a b c d] of the signature.
    pub(crate) byte_range: [usize; 4],
    /// The DER CMS (ContentInfo) from /Contents, without the zero padding.
    pub(crate) cms_der: Vec<u8>,
    /// DER of the certificate that verified the signature (embedded in the CMS).
    pub(crate) certificate_der: Vec<u8>,
    /// /SubFilter of the signature dictionary, if any.
    pub(crate) sub_filter: Option<String>,
    /// /M of the signature dictionary, if any.
    pub(crate) signing_date: Option<String>,
    /// The RFC 3161 timestamp on the signature, checked, when present.
    pub(crate) timestamp: Option<crate::tsa::Timestamp>,
    /// A long-term validation store (DSS) follows the signature.
    pub(crate) long_term: bool,
    /// The document timestamp over the sealed file and its store (PAdES
    /// B-LTA), checked, when present.
    pub(crate) document_timestamp: Option<crate::tsa::Timestamp>,
}

/// Which signature dictionaries [`last_signature`] looks among.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Of {
    /// Signatures: every dictionary with a value, but document timestamps.
    Signature,
    /// Document timestamps (/Type /DocTimeStamp).
    DocumentTimestamp,
}

const NOT_THE_CONTENTS: &str = "the gap in /ByteRange is not exactly the /Contents hex string";

/// Parses the LAST signature of a PDF and checks it: (1) the /ByteRange covers the whole file
/// except exactly the /Contents hex string, (2) the message-digest attribute equals SHA-256 over
/// the byte ranges, (3) the signature over the signed attributes verifies with the certificate
/// embedded in the CMS. Returns the embedded certificate for comparison with a trusted one.
pub(crate) fn verify_pdf(pdf: &[u8]) -> Result<VerifiedSignature, String> {
    let doc = lopdf::Document::load_mem(pdf).map_err(err("cannot parse the PDF"))?;
    // A document timestamp, when there is one, is the file's last update;
    // the seal is then checked on what it stamped.
    let (document_timestamp, stamped) = match last_signature(&doc, Of::DocumentTimestamp) {
        Some((br, dict)) => {
            let (timestamp, stamped) = check_document_timestamp(pdf, br, dict)?;
            (Some(timestamp), stamped)
        }
        None => (None, pdf),
    };
    let (br, sig_dict) =
        last_signature(&doc, Of::Signature).ok_or("the PDF contains no signature")?;
    let to_usize = |v: i64| usize::try_from(v).map_err(|_| "negative /ByteRange value".to_string());
    let [a, b, c, d] = br;
    let byte_range = [to_usize(a)?, to_usize(b)?, to_usize(c)?, to_usize(d)?];

    // (1) coverage: the whole file, or the whole file up to a long-term
    // validation update (a DSS) and nothing else after it.
    let signed_end = byte_range[2].saturating_add(byte_range[3]);
    let long_term = signed_end < stamped.len();
    let signed = match long_term {
        true => {
            let signed = stamped
                .get(..signed_end)
                .ok_or("the /ByteRange lies outside the file")?;
            crate::dss::only_appended(signed, stamped, crate::dss::Appended::Dss).map_err(|why| {
                format!(
                    "the /ByteRange does not cover the whole file, and what follows it is not a validation store alone: {why}"
                )
            })?;
            signed
        }
        false => stamped,
    };
    let raw = check_coverage(signed, byte_range, sig_dict)?;
    let [a, b, c, d] = byte_range;

    // The hex string is zero padded after the DER, so the CMS ends where the
    // DER reader stops, not at the end of /Contents.
    let mut reader = SliceReader::new(&raw).map_err(err("invalid CMS"))?;
    let content_info = ContentInfo::decode(&mut reader).map_err(err("invalid CMS"))?;
    let cms_len = usize::try_from(u32::from(reader.position())).map_err(err("invalid CMS"))?;
    let cms_der = raw
        .get(..cms_len)
        .ok_or("invalid CMS: longer than /Contents")?
        .to_vec();
    let digest = {
        let first_range = pdf
            .get(a..b)
            .ok_or("the /ByteRange lies outside the file")?;
        let second_range = pdf
            .get(c..c + d)
            .ok_or("the /ByteRange lies outside the file")?;
        let mut hasher = Sha256::new();
        hasher.update(first_range);
        hasher.update(second_range);
        hasher.finalize()
    };
    let verified = verify_cms(&content_info, &digest)
        .map_err(|e| e.replace("{what}", "the signed byte ranges"))?;
    let certificate_der = verified.certificate_der;
    let timestamp = verified.timestamp;

    let name_or_string = |key: &[u8]| -> Option<String> {
        match sig_dict.get(key).ok()? {
            Object::Name(n) => Some(String::from_utf8_lossy(n).into_owned()),
            Object::String(s, _) => Some(String::from_utf8_lossy(s).into_owned()),
            _ => None,
        }
    };
    Ok(VerifiedSignature {
        byte_range,
        cms_der,
        certificate_der,
        sub_filter: name_or_string(b"SubFilter"),
        signing_date: name_or_string(b"M"),
        timestamp,
        long_term,
        document_timestamp,
    })
}

/// Checks a document timestamp that is the file's last update: its byte
/// range covers the whole file but its token, the token is over those
/// bytes and signed by the certificate it carries, and its update adds
/// nothing but the timestamp. Returns what it says and the file before it.
fn check_document_timestamp<'p>(
    pdf: &'p [u8],
    br: [i64; 4],
    dict: &Dictionary,
) -> Result<(crate::tsa::Timestamp, &'p [u8]), String> {
    let to_usize = |v: i64| usize::try_from(v).map_err(|_| "negative /ByteRange value".to_string());
    let [a, b, c, d] = br;
    let byte_range = [to_usize(a)?, to_usize(b)?, to_usize(c)?, to_usize(d)?];
    let raw = check_coverage(pdf, byte_range, dict)
        .map_err(|e| format!("the document timestamp: {e}"))?;
    let [a, b, c, d] = byte_range;
    let mut hasher = Sha256::new();
    hasher.update(
        pdf.get(a..b)
            .ok_or("the /ByteRange lies outside the file")?,
    );
    hasher.update(
        pdf.get(c..c + d)
            .ok_or("the /ByteRange lies outside the file")?,
    );
    let timestamp = crate::tsa::document_timestamp(&raw, &hasher.finalize())
        .map_err(|e| format!("the document timestamp: {e}"))?;
    // The file before the timestamp's update: up to the end of line after
    // the last %%EOF before its value.
    let eof = pdf
        .get(..b)
        .and_then(|before| before.windows(5).rposition(|w| w == b"%%EOF"))
        .ok_or("the document timestamp is not an update of a signed file")?;
    let mut end = eof + 5;
    while end < eof + 7 && matches!(pdf.get(end), Some(b'\r' | b'\n')) {
        end += 1;
    }
    let stamped = pdf
        .get(..end)
        .ok_or("the document timestamp lies outside the file")?;
    crate::dss::only_appended(stamped, pdf, crate::dss::Appended::DocumentTimestamp).map_err(
        |why| format!("the document timestamp's update holds more than the timestamp: {why}"),
    )?;
    Ok((timestamp, stamped))
}

/// What a CMS signature says once it has verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VerifiedCms {
    pub(crate) certificate_der: Vec<u8>,
    /// The other certificates the CMS carries (a chain, as the signer's
    /// tool put it in): candidates for a certification path, never trusted
    /// for being there.
    pub(crate) other_certificates: Vec<Vec<u8>>,
    /// The signing-time attribute, when present.
    pub(crate) signing_time: Option<chrono::NaiveDateTime>,
    /// The RFC 3161 timestamp on the signature, checked, when present.
    pub(crate) timestamp: Option<crate::tsa::Timestamp>,
}

/// Checks a CMS SignedData against the SHA-256 `digest` of what it signs:
/// exactly one SignerInfo (a second signer could not be told apart from the
/// first), SHA-256, the message-digest and content-type attributes, the
/// signing-certificate-v2 binding when present, and the signature over the
/// signed attributes with the embedded certificate. `{what}` in an error
/// stands for what the digest is of.
pub(crate) fn verify_cms(content_info: &ContentInfo, digest: &[u8]) -> Result<VerifiedCms, String> {
    verify_cms_as(content_info, digest, oid::DATA)
}

/// As [`verify_cms`], for content of another type (a timestamp token's
/// TSTInfo).
pub(crate) fn verify_cms_as(
    content_info: &ContentInfo,
    digest: &[u8],
    content_type: ObjectIdentifier,
) -> Result<VerifiedCms, String> {
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
    let timestamp = crate::tsa::timestamp_of(signer_info)?;
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
    Ok(VerifiedCms {
        other_certificates,
        certificate_der,
        signing_time,
        timestamp,
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

/// Checks a detached CMS signature (`cms_der`, DER ContentInfo) over
/// `content`.
pub(crate) fn verify_detached(content: &[u8], cms_der: &[u8]) -> Result<VerifiedCms, String> {
    let content_info = ContentInfo::from_der(cms_der).map_err(err("invalid CMS"))?;
    verify_cms(&content_info, &Sha256::digest(content))
        .map_err(|e| e.replace("{what}", "the signed statement's bytes"))
}

/// The signature dictionary of kind `of` whose byte range reaches
/// furthest: the last one, the only one that can cover the whole file.
fn last_signature(doc: &lopdf::Document, of: Of) -> Option<([i64; 4], &Dictionary)> {
    let mut best: Option<(i64, [i64; 4], &Dictionary)> = None;
    for obj in doc.objects.values() {
        let Object::Dictionary(d) = obj else { continue };
        let (Ok(Object::Array(br)), Ok(Object::String(_, _))) =
            (d.get(b"ByteRange"), d.get(b"Contents"))
        else {
            continue;
        };
        let stamp = d
            .get(b"Type")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"DocTimeStamp");
        if stamp != (of == Of::DocumentTimestamp) {
            continue;
        }
        let nums: Vec<i64> = br.iter().filter_map(|o| o.as_i64().ok()).collect();
        let &[a, b, c, dd] = nums.as_slice() else {
            continue;
        };
        let end = c.saturating_add(dd);
        if best.as_ref().is_none_or(|(e, _, _)| end > *e) {
            best = Some((end, [a, b, c, dd], d));
        }
    }
    best.map(|(_, br, d)| (br, d))
}

/// Checks that the byte range covers the whole file but exactly the
/// signature's /Contents (so nothing unsigned can hide in the gap) and
/// returns the decoded /Contents.
fn check_coverage(
    pdf: &[u8],
    [a, b, c, d]: [usize; 4],
    sig_dict: &Dictionary,
) -> Result<Vec<u8>, String> {
    if a != 0 {
        return Err("the /ByteRange does not start at offset 0".into());
    }
    if c.checked_add(d) != Some(pdf.len()) {
        return Err(format!(
            "the /ByteRange does not cover the whole file (ends at {}, file has {} bytes)",
            c.saturating_add(d),
            pdf.len()
        ));
    }
    if b >= c || c - b < 2 || pdf.get(b) != Some(&b'<') || pdf.get(c - 1) != Some(&b'>') {
        return Err(NOT_THE_CONTENTS.into());
    }
    let hex = pdf.get(b + 1..c - 1).ok_or(NOT_THE_CONTENTS)?;
    let (pairs, odd) = hex.as_chunks::<2>();
    if !odd.is_empty() || !hex.iter().all(u8::is_ascii_hexdigit) {
        return Err(NOT_THE_CONTENTS.into());
    }
    let raw: Vec<u8> = pairs
        .iter()
        .map(|&[high, low]| (hex_val(high) << 4) | hex_val(low))
        .collect();
    // The gap must be this very dictionary's /Contents, not another string
    // that happens to sit between the ranges.
    match sig_dict.get(b"Contents") {
        Ok(Object::String(s, _)) if *s == raw => {}
        _ => return Err("the gap in /ByteRange is not the /Contents of the signature".into()),
    }
    let before = pdf.get(..b).ok_or(NOT_THE_CONTENTS)?;
    if !before.trim_ascii_end().ends_with(b"/Contents") {
        return Err("the gap in /ByteRange is not preceded by /Contents".into());
    }
    Ok(raw)
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

/// Only called on bytes already checked to be hex digits.
fn hex_val(ch: u8) -> u8 {
    match ch {
        b'0'..=b'9' => ch - b'0',
        b'a'..=b'f' => ch - b'a' + 10,
        b'A'..=b'F' => ch - b'A' + 10,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::hex_val;

    #[test]
    fn hex_values_read_both_cases() {
        for byte in 0..=u8::MAX {
            for text in [format!("{byte:02X}"), format!("{byte:02x}")] {
                let digits = text.as_bytes();
                assert_eq!((hex_val(digits[0]) << 4) | hex_val(digits[1]), byte);
            }
        }
    }
}
