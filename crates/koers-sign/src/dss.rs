//! Long-term validation data (PAdES B-LT): after the seal, one more
//! incremental update adds a Document Security Store to the catalog with
//! the certificates of the seal's chain and the CRLs given for it, so the
//! seal can be validated years later without the network.
//!
//! The update changes nothing a reader sees: it only adds the store and
//! points the catalog at it. `verify` accepts exactly such an update after
//! a signature, and nothing else.

use lopdf::{Dictionary, Object, ObjectId, Stream};

use crate::err;

/// `pdf` (a sealed PDF) with a DSS holding `certificates` and `crls` (DER)
/// appended as one incremental update; the input bytes are a prefix of
/// the result.
pub(crate) fn add_dss(
    pdf: &[u8],
    certificates: &[Vec<u8>],
    crls: &[Vec<u8>],
) -> Result<Vec<u8>, String> {
    let (mut inc, root_id) = crate::objects::continue_update(pdf)?;
    let mut catalog = inc
        .get_prev_documents()
        .get_dictionary(root_id)
        .map_err(err("the PDF has no catalog"))?
        .clone();
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

/// What an update after the seal may add, and nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Appended {
    /// A Document Security Store: the catalog gains `/DSS`, and the store
    /// and its data streams are new.
    Dss,
    /// A document timestamp: the AcroForm gains one field, and the field
    /// and its /DocTimeStamp dictionary are new.
    DocumentTimestamp,
}

/// Whether `full` is `signed` plus exactly one update holding nothing but
/// what `kind` adds. The error says what else it holds.
pub(crate) fn only_appended(signed: &[u8], full: &[u8], kind: Appended) -> Result<(), String> {
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
    // The update's trailer may not point elsewhere: a new /Info would show
    // another title or author in every viewer.
    for key in [&b"Info"[..], b"Encrypt"] {
        if before.trailer.get(key).ok() != after.trailer.get(key).ok() {
            return Err(format!(
                "the trailer's /{} was changed after the signature",
                String::from_utf8_lossy(key)
            ));
        }
    }
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
    let mut new_fields = Vec::new();
    for (id, object) in &after.objects {
        match before.objects.get(id) {
            Some(old) if old == object => {}
            Some(old) if *id == root_id => {
                let (Ok(old), Ok(new)) = (old.as_dict(), object.as_dict()) else {
                    return Err("the catalog was changed after the signature".into());
                };
                match kind {
                    Appended::Dss => {
                        let mut without = new.clone();
                        without.remove(b"DSS");
                        if without != *old {
                            return Err(
                                "the catalog was changed after the signature beyond adding a DSS"
                                    .into(),
                            );
                        }
                    }
                    Appended::DocumentTimestamp => {
                        new_fields = one_field_added(old, new)?;
                    }
                }
            }
            Some(_) => {
                return Err(format!(
                    "object {} {} was changed after the signature",
                    id.0, id.1
                ));
            }
            None => {
                let is_type = |d: &Dictionary, name: &[u8]| {
                    d.get(b"Type")
                        .and_then(Object::as_name)
                        .is_ok_and(|n| n == name)
                };
                let allowed = match (kind, object) {
                    // The update's own cross-reference stream.
                    (_, Object::Stream(stream)) if is_type(&stream.dict, b"XRef") => true,
                    // The store's data (a certificate, a CRL).
                    (Appended::Dss, Object::Stream(stream)) => {
                        stream.dict.iter().all(|(key, _)| {
                            [&b"Length"[..], b"Filter", b"DecodeParms"].contains(&key.as_slice())
                        })
                    }
                    (Appended::Dss, Object::Dictionary(d)) => is_type(d, b"DSS"),
                    (Appended::DocumentTimestamp, Object::Dictionary(d)) => {
                        (is_type(d, b"DocTimeStamp")
                            && d.iter().all(|(key, _)| {
                                [
                                    &b"Type"[..],
                                    b"Filter",
                                    b"SubFilter",
                                    b"ByteRange",
                                    b"Contents",
                                ]
                                .contains(&key.as_slice())
                            }))
                            || (d
                                .iter()
                                .all(|(key, _)| [&b"FT"[..], b"T", b"V"].contains(&key.as_slice()))
                                && d.get(b"FT")
                                    .and_then(Object::as_name)
                                    .is_ok_and(|n| n == b"Sig"))
                    }
                    _ => false,
                };
                if !allowed {
                    return Err(format!(
                        "object {} {} was added after the signature, and is not part of a {} ({})",
                        id.0,
                        id.1,
                        match kind {
                            Appended::Dss => "DSS",
                            Appended::DocumentTimestamp => "document timestamp",
                        },
                        object.enum_variant()
                    ));
                }
            }
        }
    }
    if kind == Appended::DocumentTimestamp {
        // The one field added is a signature field whose value is a
        // document timestamp.
        let [Object::Reference(field)] = new_fields.as_slice() else {
            return Err("the document timestamp's update does not add exactly one field".into());
        };
        let value = after
            .get_dictionary(*field)
            .ok()
            .filter(|_| !before.objects.contains_key(field))
            .and_then(|f| f.get(b"V").and_then(Object::as_reference).ok())
            .and_then(|v| after.get_dictionary(v).ok());
        if !value.is_some_and(|v| {
            v.get(b"Type")
                .and_then(Object::as_name)
                .is_ok_and(|n| n == b"DocTimeStamp")
        }) {
            return Err("the field added after the signature is not a document timestamp".into());
        }
    }
    Ok(())
}

/// The catalog `new` is `old` with one more entry in its AcroForm's
/// /Fields (a direct AcroForm, as the seal writes it): the entries added.
fn one_field_added(old: &Dictionary, new: &Dictionary) -> Result<Vec<Object>, String> {
    let changed =
        || "the catalog was changed after the signature beyond adding a field".to_string();
    let mut old_rest = old.clone();
    let mut new_rest = new.clone();
    let (Some(Object::Dictionary(old_form)), Some(Object::Dictionary(new_form))) =
        (old_rest.remove(b"AcroForm"), new_rest.remove(b"AcroForm"))
    else {
        return Err(changed());
    };
    if old_rest != new_rest {
        return Err(changed());
    }
    let mut old_form = old_form;
    let mut new_form = new_form;
    let (Some(Object::Array(old_fields)), Some(Object::Array(new_fields))) =
        (old_form.remove(b"Fields"), new_form.remove(b"Fields"))
    else {
        return Err(changed());
    };
    if old_form != new_form || !new_fields.starts_with(&old_fields) {
        return Err(changed());
    }
    Ok(new_fields
        .get(old_fields.len()..)
        .unwrap_or_default()
        .to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{IncrementalDocument, dictionary};

    /// A one-page PDF with an /Info, and a sealed-looking AcroForm.
    fn base() -> Vec<u8> {
        let mut doc = lopdf::Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "MediaBox" => vec![0.into(), 0.into(), 10.into(), 10.into()],
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
            }),
        );
        let catalog = doc.add_object(dictionary! {
            "Type" => "Catalog", "Pages" => pages_id,
            "AcroForm" => dictionary! { "Fields" => Vec::<Object>::new(), "SigFlags" => 3 },
        });
        let info = doc.add_object(dictionary! { "Title" => Object::string_literal("Report") });
        doc.trailer.set("Root", catalog);
        doc.trailer.set("Info", info);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap_or_default();
        out
    }

    /// `pdf` with one update made by `change` on a fresh incremental
    /// document (its trailer copied from the previous one).
    fn updated(pdf: &[u8], change: impl Fn(&mut IncrementalDocument)) -> Vec<u8> {
        let mut inc: IncrementalDocument = pdf.try_into().unwrap_or_else(|_| unreachable!());
        let prev = inc.get_prev_documents();
        let mut trailer = Dictionary::new();
        for key in [&b"Size"[..], b"Root", b"Info"] {
            if let Ok(v) = prev.trailer.get(key) {
                trailer.set(key.to_vec(), v.clone());
            }
        }
        trailer.set("Prev", prev.xref_start as i64);
        let version = prev.version.clone();
        inc.new_document.trailer = trailer;
        inc.new_document.version = version;
        change(&mut inc);
        let mut out = Vec::new();
        inc.save_to(&mut out).unwrap_or_default();
        out
    }

    #[test]
    fn a_store_update_may_not_point_the_trailer_at_another_info() {
        let sealed = base();
        let honest = updated(&sealed, |_| {});
        assert_eq!(only_appended(&sealed, &honest, Appended::Dss), Ok(()));
        let forged = updated(&sealed, |inc| {
            let info = inc.new_document.add_object(dictionary! {
                "Type" => "DSS", "Title" => Object::string_literal("Another report"),
            });
            inc.new_document.trailer.set("Info", info);
        });
        let refused = only_appended(&sealed, &forged, Appended::Dss);
        assert!(
            refused
                .as_ref()
                .is_err_and(|e| e.contains("the trailer's /Info was changed")),
            "{refused:?}"
        );
    }

    #[test]
    fn a_document_timestamp_dictionary_holds_nothing_else() {
        let sealed = base();
        let extra = updated(&sealed, |inc| {
            inc.new_document.add_object(dictionary! {
                "Type" => "DocTimeStamp", "Title" => Object::string_literal("x"),
            });
        });
        let refused = only_appended(&sealed, &extra, Appended::DocumentTimestamp);
        assert!(
            refused
                .as_ref()
                .is_err_and(|e| e.contains("is not part of a document timestamp")),
            "{refused:?}"
        );
    }
}
