//! Signing a PDF: one incremental update appended after the rendered bytes.
//!
//! Appending instead of rewriting keeps the rendered bytes (and with them
//! the PDF/A and PDF/UA conformance Typst produced) untouched, and keeps them
//! a prefix of the signed file, which is what `verify --rebuild` compares.

use lopdf::{Dictionary, IncrementalDocument, Object, ObjectId, StringFormat};
use sha2::{Digest, Sha256};

use crate::cms::build_cms;
use crate::err;
use crate::form::add_signature_field;
use crate::placeholder;
use crate::signer::{Signer, SubFilter};

/// PDF/A's limit on a string's length in bytes (ISO 19005-2, 6.1.13):
/// /Contents is a string, so the room for the CMS stays within it unless
/// the signer's own chain needs more.
const MAX_PDFA_STRING: usize = 32767;
/// Minimum number of bytes reserved for the DER CMS in /Contents.
const MIN_CONTENTS_BYTES: usize = 16384;

/// Returns the signed PDF: the input bytes unchanged, followed by ONE incremental
/// update that adds the signature.
pub(crate) fn sign_pdf(
    pdf: &[u8],
    signer: &Signer,
    sub_filter: SubFilter,
    date: chrono::NaiveDateTime,
    tsa: Option<&str>,
) -> Result<Vec<u8>, String> {
    if !pdf.starts_with(b"%PDF-") {
        return Err("not a PDF: the file does not start with %PDF-".into());
    }
    let mut inc: IncrementalDocument = pdf.try_into().map_err(err("cannot parse the PDF"))?;
    let (root_id, first_page) = start_update(&mut inc, pdf, date)?;

    // A timestamp token holds the authority's certificates too.
    let contents_len = (reserved_contents_len(signer) + if tsa.is_some() { 16 * 1024 } else { 0 })
        .min(MAX_PDFA_STRING.max(reserved_contents_len(signer)));
    let sig_id = inc
        .new_document
        .add_object(signature_dictionary(sub_filter, date, contents_len));
    add_signature_field(&mut inc, root_id, first_page, sig_id)?;

    let mut out = Vec::with_capacity(pdf.len() + 2 * contents_len + 16 * 1024);
    inc.save_to(&mut out)
        .map_err(err("cannot write the incremental update"))?;
    if !out.starts_with(pdf) {
        return Err("internal error: the incremental update changed the original bytes".into());
    }

    // The byte range and the signature can only be known once the whole file
    // is laid out, so they are patched into fixed-size placeholders.
    let slots = placeholder::locate(&out, pdf.len(), sig_id, contents_len)?;
    placeholder::patch_byte_range(&mut out, &slots)?;
    let digest = placeholder::signed_digest(&out, &slots)?;
    let mut cms = build_cms(signer, sub_filter, &digest, date)?;
    if let Some(url) = tsa {
        cms = crate::tsa::stamp(&cms, url)?;
    }
    if cms.len() > contents_len {
        return Err(format!(
            "the CMS signature ({} bytes) does not fit in the reserved /Contents ({contents_len} bytes)",
            cms.len()
        ));
    }
    placeholder::write_contents(&mut out, &slots, &cms)?;
    Ok(out)
}

/// Prepares the update's trailer and version from the original document and
/// returns the catalog and the first page, which the signature field needs.
fn start_update(
    inc: &mut IncrementalDocument,
    pdf: &[u8],
    date: chrono::NaiveDateTime,
) -> Result<(ObjectId, ObjectId), String> {
    let prev = inc.get_prev_documents();
    if prev.trailer.has(b"Encrypt") {
        return Err("encrypted PDFs are not supported".into());
    }
    let root_id = prev
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| "the PDF trailer has no /Root reference".to_string())?;
    let first_page = prev
        .get_pages()
        .values()
        .next()
        .copied()
        .ok_or("the PDF has no pages")?;
    // A fresh trailer, not a copy: keys that describe the original's own
    // cross-reference section (/Prev, /XRefStm, ...) would be wrong here.
    let mut trailer = Dictionary::new();
    for key in [&b"Size"[..], b"Root", b"Info"] {
        if let Ok(v) = prev.trailer.get(key) {
            trailer.set(key.to_vec(), v.clone());
        }
    }
    // /ID: the first element is the document's permanent identifier; the
    // second marks this version, derived from the input and the date (not
    // random) so that signing stays reproducible.
    let first_id = match prev.trailer.get(b"ID") {
        Ok(Object::Array(id)) => id.first().cloned(),
        _ => None,
    };
    if let Some(first) = first_id {
        let mut h = Sha256::new();
        h.update(pdf);
        h.update(date.format("%Y%m%d%H%M%S").to_string().as_bytes());
        let second: Vec<u8> = h.finalize().iter().take(16).copied().collect();
        trailer.set(
            "ID",
            Object::Array(vec![
                first,
                Object::String(second, StringFormat::Hexadecimal),
            ]),
        );
    }
    let prev_xref = i64::try_from(prev.xref_start).map_err(err("bad startxref"))?;
    trailer.set("Prev", prev_xref);
    let version = prev.version.clone();
    inc.new_document.trailer = trailer;
    inc.new_document.version = version;
    Ok((root_id, first_page))
}

/// Room for the CMS: it holds every certificate plus the signature and its
/// attributes, and must fit without knowing its size in advance.
fn reserved_contents_len(signer: &Signer) -> usize {
    MIN_CONTENTS_BYTES.max(
        signer
            .certificates
            .iter()
            .map(|c| der::Encode::to_der(c).map(|d| d.len()).unwrap_or(0))
            .sum::<usize>()
            + 8192,
    )
}

/// The signature dictionary, with placeholders for /ByteRange and /Contents.
fn signature_dictionary(
    sub_filter: SubFilter,
    date: chrono::NaiveDateTime,
    contents_len: usize,
) -> Dictionary {
    let mut sig =
        placeholder::signature_value(b"Sig", sub_filter.pdf_name().as_bytes(), contents_len);
    // The date comes from the caller, never the clock: same inputs, same bytes.
    sig.set(
        "M",
        Object::string_literal(date.format("D:%Y%m%d%H%M%S+00'00'").to_string()),
    );
    sig
}
