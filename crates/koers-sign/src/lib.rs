//! PAdES signatures: signing FINAL reports and checking signed ones.
//!
//! A signature is added as an incremental update after the rendered bytes,
//! so the PDF/A and PDF/UA content stays exactly as rendered and the rendered
//! bytes remain a prefix of the signed file (which is what `verify --rebuild`
//! compares).
//!
//! Output is reproducible: the signing date is passed in, ECDSA uses RFC 6979
//! deterministic nonces and RSA uses PKCS#1 v1.5, so the same inputs always
//! give the same signed bytes.
//!
//! A crate of its own so that the cryptography and its pinned RustCrypto
//! versions stay apart from rendering, and can be tested on small PDFs.

mod certificate;
mod cms;
mod doc_timestamp;
mod dss;
mod error;
mod form;
mod objects;
pub mod ocsp;
mod oid;
pub mod path;
mod pkcs11;
mod placeholder;
pub mod revocation;
mod signed;
mod signer;
mod structure;
mod tsa;
mod update;
mod verify;

use std::fmt::Display;
use std::path::Path;

use der::{Decode, DecodePem, Encode};

pub use certificate::{CertificateFacts, is_ca, is_timestamping, issued_by};
pub use error::{Error, Result};
pub use pkcs11::TokenChoice;
pub use signer::{Signer, SubFilter};
pub use tsa::Timestamp;

/// The DER of a PEM certificate among the project's test fixtures
/// (`tests/fixtures/<path>`), for the unit tests; empty when unreadable.
#[cfg(test)]
pub(crate) fn fixture_der(path: &str) -> Vec<u8> {
    let pem = std::fs::read_to_string(format!(
        "{}/../../tests/fixtures/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap_or_default();
    x509_cert::Certificate::from_pem(pem.trim())
        .and_then(|c| c.to_der())
        .unwrap_or_default()
}

/// RSA keys below this size are refused, for signing and in signatures.
pub const MIN_RSA_BITS: usize = 2048;

/// A detached CAdES signature of `content` (an approval statement, say),
/// as DER: SHA-256, the signer's certificate bound by
/// signing-certificate-v2, and `at` as the signing-time attribute; with
/// `tsa`, an RFC 3161 timestamp from that authority.
pub fn sign_detached(
    content: &[u8],
    signer: &Signer,
    at: chrono::NaiveDateTime,
    tsa: Option<&str>,
) -> Result<Vec<u8>> {
    let cms = cms::build_detached(signer, content, at).map_err(Error::failed("cannot sign"))?;
    match tsa {
        Some(url) => tsa::stamp(&cms, url).map_err(Error::failed("cannot timestamp")),
        None => Ok(cms),
    }
}

/// What a valid detached signature says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetachedSignature {
    pub certificate_der: Vec<u8>,
    /// The other certificates the signature carries (its chain, if the
    /// signer's tool added it).
    pub other_certificates: Vec<Vec<u8>>,
    /// The signing-time attribute (UTC), when the signature has one.
    pub signing_time: Option<chrono::NaiveDateTime>,
    /// The RFC 3161 timestamp, checked, when the signature has one.
    pub timestamp: Option<Timestamp>,
}

/// Checks a detached CMS signature over `content`: one signer, SHA-256, the
/// digest of exactly these bytes, and the signature with the certificate it
/// embeds (which the caller then judges: pin, validity, key usage).
pub fn verify_detached(content: &[u8], cms_der: &[u8]) -> Result<DetachedSignature> {
    let verified = verify::verify_detached(content, cms_der)?;
    Ok(DetachedSignature {
        certificate_der: verified.certificate_der,
        other_certificates: verified.other_certificates,
        signing_time: verified.signing_time,
        timestamp: verified.timestamp,
    })
}

/// Prefixes an error with what was being done, for the `String` errors the
/// modules return (the public functions turn them into an [`Error`]).
fn err<E: Display>(context: &'static str) -> impl Fn(E) -> String {
    move |e| format!("{context}: {e}")
}

/// Reads a PKCS#8 key and an X.509 certificate (PEM) into a signer, before
/// any work is done, so a bad key stops the build with nothing written.
pub fn load_signer(key: &Path, cert: &Path) -> Result<Signer> {
    let key_pem = std::fs::read_to_string(key).map_err(Error::io("the key", key))?;
    let cert_pem = std::fs::read_to_string(cert).map_err(Error::io("the certificate", cert))?;
    Signer::from_pem(&key_pem, &cert_pem).map_err(|e| {
        Error::Invalid(format!(
            "{e} (key {}, certificate {})",
            key.display(),
            cert.display()
        ))
    })
}

/// Signs a rendered PDF as its very last change: one incremental update, so
/// the rendered bytes stay a prefix of the result. `at` (UTC) becomes the
/// signature's /M and signing time (no clock: the same inputs give the same
/// bytes).
/// With `tsa`, the signature gets an RFC 3161 timestamp (PAdES B-T); the
/// signed bytes are then no longer reproducible (the timestamp differs).
pub fn sign(
    pdf: &[u8],
    signer: &Signer,
    sub_filter: SubFilter,
    at: chrono::NaiveDateTime,
    tsa: Option<&str>,
) -> Result<Vec<u8>> {
    update::sign_pdf(pdf, signer, sub_filter, at, tsa).map_err(Error::failed("cannot sign"))
}

/// What a valid signature says about itself.
#[derive(Debug, Clone)]
pub struct SignatureInfo {
    pub sub_filter: String,
    /// The RFC 3161 timestamp (PAdES B-T), checked, when present.
    pub timestamp: Option<Timestamp>,
    /// The signer certificate's subject.
    pub signer: String,
    pub certificate_der: Vec<u8>,
    /// A long-term validation store (DSS, PAdES B-LT) follows the seal.
    pub long_term: bool,
    /// A document timestamp over the sealed file and its store (PAdES
    /// B-LTA), checked, when present.
    pub document_timestamp: Option<Timestamp>,
}

/// `pdf` (a sealed PDF) with a Document Security Store holding
/// `certificates` and `crls` (DER) appended as one incremental update
/// (PAdES B-LT); the input bytes are a prefix of the result.
pub fn add_dss(pdf: &[u8], certificates: &[Vec<u8>], crls: &[Vec<u8>]) -> Result<Vec<u8>> {
    dss::add_dss(pdf, certificates, crls).map_err(Error::failed("cannot add the validation store"))
}

/// `pdf` (sealed, with its validation store) with a document timestamp
/// from the authority at `tsa` appended (PAdES B-LTA): one incremental
/// update, the input bytes a prefix of the result.
pub fn add_document_timestamp(pdf: &[u8], tsa: &str) -> Result<Vec<u8>> {
    doc_timestamp::add(pdf, tsa).map_err(Error::failed("cannot add the document timestamp"))
}

/// How many document timestamps (/Type /DocTimeStamp signature values)
/// the PDF holds.
pub fn document_timestamp_count(pdf: &[u8]) -> usize {
    signature_values(pdf)
        .iter()
        .filter(|d| {
            d.get(b"Type")
                .and_then(lopdf::Object::as_name)
                .is_ok_and(|n| n == b"DocTimeStamp")
        })
        .count()
}

/// Every signature value of the PDF: dictionaries with a /ByteRange and
/// /Contents, whatever their /Type says (parsed, not searched as text).
fn signature_values(pdf: &[u8]) -> Vec<lopdf::Dictionary> {
    // Cheap pre-check: most files handled are unsigned, and parsing is not.
    if !pdf.windows(10).any(|w| w == b"/ByteRange") {
        return Vec::new();
    }
    let Ok(doc) = lopdf::Document::load_mem(pdf) else {
        return Vec::new();
    };
    doc.objects
        .into_values()
        .filter_map(|o| o.as_dict().ok().cloned())
        .filter(|d| d.has(b"ByteRange") && d.has(b"Contents"))
        .collect()
}

/// Whether the PDF carries a signature dictionary (found by parsing, not by
/// searching text, which user data inside the PDF could imitate).
pub fn is_signed(pdf: &[u8]) -> bool {
    signature_contents_offset(pdf).is_some()
}

/// How many signature values the PDF holds (dictionaries with a
/// /ByteRange and /Contents, whatever their /Type says). Koers adds exactly
/// one; a second is a change made after sealing.
pub fn signature_count(pdf: &[u8]) -> usize {
    signature_values(pdf).len()
}

/// The offset where the last signature's value starts (its /ByteRange's
/// second number).
fn signature_contents_offset(pdf: &[u8]) -> Option<usize> {
    // Cheap pre-check: most files handled are unsigned, and parsing is not.
    if !pdf.windows(10).any(|w| w == b"/ByteRange") {
        return None;
    }
    let doc = lopdf::Document::load_mem(pdf).ok()?;
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| {
            d.get(b"Type")
                .and_then(|t| t.as_name())
                .is_ok_and(|n| n == b"Sig")
        })
        .filter_map(|d| {
            d.get(b"ByteRange")
                .and_then(|b| b.as_array())
                .ok()?
                .get(1)?
                .as_i64()
                .ok()
        })
        .filter_map(|offset| usize::try_from(offset).ok())
        .max()
}

/// The bytes as rendered, before the signature's incremental update: up to
/// the end of the last `%%EOF` before the signature value (Typst ends its
/// files there, without a line break).
pub fn unsigned_prefix(pdf: &[u8]) -> &[u8] {
    let Some(offset) = signature_contents_offset(pdf) else {
        return pdf;
    };
    let before = pdf.get(..offset.min(pdf.len())).unwrap_or(pdf);
    match before.windows(5).rposition(|w| w == b"%%EOF") {
        Some(at) => pdf.get(..at + 5).unwrap_or(pdf),
        None => pdf,
    }
}

/// Checks the last signature of a PDF: the byte range covers the whole file
/// but the signature value, the digest matches, and the signature verifies
/// with the certificate it embeds.
pub fn verify(pdf: &[u8]) -> Result<SignatureInfo> {
    let verified = verify::verify_pdf(pdf)?;
    let signer = x509_cert::Certificate::from_der(&verified.certificate_der)
        .map(|c| c.tbs_certificate.subject.to_string())
        .unwrap_or_else(|_| "an unreadable certificate".to_string());
    Ok(SignatureInfo {
        sub_filter: verified
            .sub_filter
            .unwrap_or_else(|| "signature".to_string()),
        signer,
        certificate_der: verified.certificate_der,
        timestamp: verified.timestamp,
        long_term: verified.long_term,
        document_timestamp: verified.document_timestamp,
    })
}

/// The certificates of a file's bytes: PEM (one or more) or one DER
/// certificate; each as DER.
pub fn certificates_of(bytes: &[u8]) -> Result<Vec<Vec<u8>>> {
    certificates_text(bytes).map_err(Error::Invalid)
}

fn certificates_text(bytes: &[u8]) -> std::result::Result<Vec<Vec<u8>>, String> {
    let text = std::str::from_utf8(bytes).ok().map(str::trim);
    match text {
        Some(pem) if pem.starts_with("-----BEGIN") => {
            let certificates = x509_cert::Certificate::load_pem_chain(pem.as_bytes())
                .map_err(|e| format!("not a PEM certificate file: {e}"))?;
            let ders = certificates
                .iter()
                .map(|c| {
                    c.to_der()
                        .map_err(|e| format!("cannot encode a certificate: {e}"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            match ders.is_empty() {
                true => Err("the file holds no certificate".into()),
                false => Ok(ders),
            }
        }
        _ => x509_cert::Certificate::from_der(bytes)
            .map(|_| vec![bytes.to_vec()])
            .map_err(|e| format!("neither a PEM nor a DER certificate: {e}")),
    }
}

/// Every certificate of a PEM file (a certificate and its chain).
pub fn certificate_chain(path: &Path) -> Result<Vec<x509_cert::Certificate>> {
    let pem = std::fs::read_to_string(path).map_err(Error::io("the certificate", path))?;
    x509_cert::Certificate::load_pem_chain(pem.trim().as_bytes())
        .map_err(|e| Error::Invalid(format!("{} is not a PEM certificate: {e}", path.display())))
}

/// A PEM certificate file's DER bytes (the first certificate in the file).
pub fn certificate_der(path: &Path) -> Result<Vec<u8>> {
    let pem = std::fs::read_to_string(path).map_err(Error::io("the certificate", path))?;
    // A chain file holds the signer's certificate first.
    const END: &str = "-----END CERTIFICATE-----";
    let first = pem
        .find(END)
        .and_then(|at| pem.get(..at + END.len()))
        .unwrap_or(pem.as_str());
    let certificate = x509_cert::Certificate::from_pem(first.as_bytes())
        .map_err(|e| Error::Invalid(format!("{} is not a PEM certificate: {e}", path.display())))?;
    certificate
        .to_der()
        .map_err(|e| Error::Invalid(format!("cannot encode the certificate: {e}")))
}
