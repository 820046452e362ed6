//! The signature field: the widget annotation and AcroForm entries that
//! point at the signature dictionary.
//!
//! Readers find a signature only through a form field, so one must be added
//! even though nothing is drawn. It is invisible (zero rectangle, empty
//! appearance) because the pages must look exactly as rendered, yet it keeps
//! an appearance stream and a /TU description, which PDF/A and PDF/UA
//! checkers expect of a widget.

use lopdf::{Dictionary, IncrementalDocument, Object, ObjectId, Stream};

use crate::objects::{get_dict, push_to_array_entry, resolve, resolve_entry};
use crate::structure::add_struct_element;

/// Adds the field for the signature dictionary `sig_id` on the first page.
pub(crate) fn add_signature_field(
    inc: &mut IncrementalDocument,
    root_id: ObjectId,
    first_page: ObjectId,
    sig_id: ObjectId,
) -> Result<(), String> {
    let mut ap_dict = Dictionary::new();
    ap_dict.set("Type", Object::Name(b"XObject".to_vec()));
    ap_dict.set("Subtype", Object::Name(b"Form".to_vec()));
    ap_dict.set("BBox", zero_rect());
    let ap_id = inc
        .new_document
        .add_object(Stream::new(ap_dict, Vec::new()));
    // Reserved before the annotation exists: its structure element must
    // point at it.
    let annot_id = inc.new_document.new_object_id();

    let field_name = unique_field_name(inc, root_id)?;
    let struct_parent = add_struct_element(inc, root_id, annot_id, first_page)?;

    let mut annot = Dictionary::new();
    annot.set("Type", Object::Name(b"Annot".to_vec()));
    annot.set("Subtype", Object::Name(b"Widget".to_vec()));
    annot.set("FT", Object::Name(b"Sig".to_vec()));
    annot.set("T", Object::string_literal(field_name));
    annot.set("TU", Object::string_literal("Digital signature"));
    annot.set("V", Object::Reference(sig_id));
    annot.set("Rect", zero_rect());
    // Print flag: PDF/A forbids widgets that would not be printed.
    annot.set("F", Object::Integer(4));
    annot.set("P", Object::Reference(first_page));
    let mut ap = Dictionary::new();
    ap.set("N", Object::Reference(ap_id));
    annot.set("AP", Object::Dictionary(ap));
    if let Some(n) = struct_parent {
        annot.set("StructParent", Object::Integer(n));
    }
    inc.new_document.set_object(annot_id, annot);

    let mut page = get_dict(inc, first_page)?;
    push_to_array_entry(inc, &mut page, b"Annots", Object::Reference(annot_id))?;
    // PDF/UA: a page with annotations must use the structure order for tabbing.
    page.set("Tabs", Object::Name(b"S".to_vec()));
    inc.new_document.set_object(first_page, page);

    let mut catalog = get_dict(inc, root_id)?;
    match catalog.get(b"AcroForm").ok().cloned() {
        Some(Object::Reference(af_id)) => {
            let mut af = get_dict(inc, af_id)?;
            update_acroform(inc, &mut af, annot_id)?;
            inc.new_document.set_object(af_id, af);
        }
        Some(Object::Dictionary(mut af)) => {
            update_acroform(inc, &mut af, annot_id)?;
            catalog.set("AcroForm", af);
        }
        _ => {
            let mut af = Dictionary::new();
            update_acroform(inc, &mut af, annot_id)?;
            catalog.set("AcroForm", af);
        }
    }
    inc.new_document.set_object(root_id, catalog);
    Ok(())
}

pub(crate) fn zero_rect() -> Object {
    Object::Array(vec![
        Object::Integer(0),
        Object::Integer(0),
        Object::Integer(0),
        Object::Integer(0),
    ])
}

fn update_acroform(
    inc: &mut IncrementalDocument,
    acroform: &mut Dictionary,
    field_id: ObjectId,
) -> Result<(), String> {
    push_to_array_entry(inc, acroform, b"Fields", Object::Reference(field_id))?;
    let flags = acroform
        .get(b"SigFlags")
        .and_then(Object::as_i64)
        .unwrap_or(0);
    // SignaturesExist | AppendOnly: tells editors to save changes as
    // incremental updates, which keeps the signature valid.
    acroform.set("SigFlags", Object::Integer(flags | 3));
    Ok(())
}

/// "Signature1", or the first "SignatureN" not used by a top-level field: field
/// names must be unique, and a signed file can be signed again.
fn unique_field_name(inc: &IncrementalDocument, root_id: ObjectId) -> Result<String, String> {
    let catalog = get_dict(inc, root_id)?;
    let acroform = resolve_entry(inc, &catalog, b"AcroForm")?;
    let fields = match acroform {
        Some(Object::Dictionary(af)) => resolve_entry(inc, &af, b"Fields")?,
        _ => None,
    };
    let mut used = Vec::new();
    if let Some(Object::Array(fields)) = fields {
        for f in fields {
            let Object::Dictionary(fd) = resolve(inc, &f)? else {
                continue;
            };
            if let Ok(Object::String(t, _)) = fd.get(b"T") {
                used.push(t.clone());
            }
        }
    }
    let mut n = 1usize;
    loop {
        let name = format!("Signature{n}");
        if !used.iter().any(|u| u.as_slice() == name.as_bytes()) {
            return Ok(name);
        }
        n += 1;
    }
}
