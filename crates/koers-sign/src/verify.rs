//! Checking the last signature of a PDF.
//!
//! Kept apart from signing and written against the PDF and CMS as they are
//! found, not as this crate writes them: it must judge files signed by other
//! tools, and files changed after signing, without trusting anything but the
//! bytes.

use cms::content_info::ContentInfo;
use der::oid::ObjectIdentifier;
use der::{Decode, Reader, SliceReader};
use lopdf::{Dictionary, Object};
use sha2::{Digest, Sha256};

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
/// TSTInfo); the signature's own timestamp is checked too.
pub(crate) fn verify_cms_as(
    content_info: &ContentInfo,
    digest: &[u8],
    content_type: ObjectIdentifier,
) -> Result<VerifiedCms, String> {
    let checked = crate::signed::check(content_info, digest, content_type)?;
    let timestamp = crate::tsa::timestamp_of(&checked.signer_info)?;
    Ok(VerifiedCms {
        certificate_der: checked.certificate_der,
        other_certificates: checked.other_certificates,
        signing_time: checked.signing_time,
        timestamp,
    })
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
