//! Long-term validation data (PAdES B-LT): after the seal, one more
//! incremental update adds a Document Security Store to the catalog with
//! the certificates of the seal's chain and the CRLs given for it, so the
//! seal can be validated years later without the network.
//!
//! The update changes nothing a reader sees: it only adds the store and
//! points the catalog at it. `verify` accepts exactly such an update after
//! a signature, and nothing else.

use lopdf::{Dictionary, IncrementalDocument, Object, ObjectId, Stream};

use crate::err;

/// `pdf` (a sealed PDF) with a DSS holding `certificates` and `crls` (DER)
/// appended as one incremental update; the input bytes are a prefix of
/// the result.
pub fn add_dss(pdf: &[u8], certificates: &[Vec<u8>], crls: &[Vec<u8>]) -> Result<Vec<u8>, String> {
    let mut inc: IncrementalDocument = pdf.try_into().map_err(err("cannot parse the PDF"))?;
    let prev = inc.get_prev_documents();
    let root_id = prev
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| "the PDF trailer has no /Root reference".to_string())?;
    let mut catalog = prev
        .get_dictionary(root_id)
        .map_err(err("the PDF has no catalog"))?
        .clone();
    let mut trailer = Dictionary::new();
    for key in [&b"Size"[..], b"Root", b"Info", b"ID"] {
        if let Ok(v) = prev.trailer.get(key) {
            trailer.set(key.to_vec(), v.clone());
        }
    }
    trailer.set(
        "Prev",
        i64::try_from(prev.xref_start).map_err(err("bad startxref"))?,
    );
    let version = prev.version.clone();
    inc.new_document.trailer = trailer;
    inc.new_document.version = version;
    let mut streams = |items: &[Vec<u8>]| -> Vec<Object> {
        items
            .iter()
            .map(|bytes| {
                let id: ObjectId = inc
                    .new_document
                    .add_object(Stream::new(Dictionary::new(), bytes.clone()));
                Object::Reference(id)
            })
            .collect()
    };
    let certs = streams(certificates);
    let lists = streams(crls);
    let mut dss = Dictionary::new();
    dss.set("Type", Object::Name(b"DSS".to_vec()));
    dss.set("Certs", Object::Array(certs));
    if !lists.is_empty() {
        dss.set("CRLs", Object::Array(lists));
    }
    let dss_id = inc.new_document.add_object(dss);
    catalog.set("DSS", Object::Reference(dss_id));
    inc.new_document.set_object(root_id, catalog);
    let mut out = Vec::with_capacity(pdf.len() + 64 * 1024);
    inc.save_to(&mut out)
        .map_err(err("cannot write the incremental update"))?;
    if !out.starts_with(pdf) {
        return Err("internal error: the DSS update changed the sealed bytes".into());
    }
    Ok(out)
}

/// Whether `full` is `signed` plus nothing but a DSS update: the objects it
/// changes are only the catalog, which gains `/DSS` and nothing else, and
/// what it adds is the store and its streams. The error says what else it
/// holds.
pub(crate) fn only_dss_after(signed: &[u8], full: &[u8]) -> Result<(), String> {
    // Exactly one update: nothing, not even a comment, after its %%EOF.
    let tail = full.get(signed.len()..).unwrap_or_default();
    let ends = tail.windows(5).filter(|w| *w == b"%%EOF").count();
    if ends != 1
        || !tail.trim_ascii_end().ends_with(b"%%EOF")
        || tail.len() - tail.trim_ascii_end().len() > 2
    {
        return Err("bytes were added after the last update".into());
    }
    let before = lopdf::Document::load_mem(signed).map_err(err("cannot parse the signed part"))?;
    let after = lopdf::Document::load_mem(full).map_err(err("cannot parse the PDF"))?;
    let root = |doc: &lopdf::Document| doc.trailer.get(b"Root").and_then(Object::as_reference).ok();
    if root(&before).is_none() || root(&before) != root(&after) {
        return Err("the catalog was replaced after the signature".into());
    }
    let root_id = root(&after).ok_or("no catalog")?;
    if let Some(id) = before
        .objects
        .keys()
        .find(|id| !after.objects.contains_key(id))
    {
        return Err(format!(
            "object {} {} was removed after the signature",
            id.0, id.1
        ));
    }
    for (id, object) in &after.objects {
        match before.objects.get(id) {
            Some(old) if old == object => {}
            Some(old) if *id == root_id => {
                let (Ok(old), Ok(new)) = (old.as_dict(), object.as_dict()) else {
                    return Err("the catalog was changed after the signature".into());
                };
                let mut without = new.clone();
                without.remove(b"DSS");
                if without != *old {
                    return Err(
                        "the catalog was changed after the signature beyond adding a DSS".into(),
                    );
                }
            }
            Some(_) => {
                return Err(format!(
                    "object {} {} was changed after the signature",
                    id.0, id.1
                ));
            }
            None => match object {
                // The store's data (a certificate, a CRL), or the update's
                // own cross-reference stream.
                Object::Stream(stream)
                    if stream.dict.iter().all(|(key, _)| {
                        [&b"Length"[..], b"Filter", b"DecodeParms"].contains(&key.as_slice())
                    }) || stream
                        .dict
                        .get(b"Type")
                        .and_then(Object::as_name)
                        .is_ok_and(|n| n == b"XRef") => {}
                Object::Dictionary(d)
                    if d.get(b"Type")
                        .and_then(Object::as_name)
                        .is_ok_and(|n| n == b"DSS") => {}
                other => {
                    return Err(format!(
                        "object {} {} was added after the signature, and is not part of a DSS ({})",
                        id.0,
                        id.1,
                        other.enum_variant()
                    ));
                }
            },
        }
    }
    Ok(())
}
