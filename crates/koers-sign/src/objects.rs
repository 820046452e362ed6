//! Reading and editing objects of a PDF that is being updated incrementally.
//!
//! An incremental update may only append: an object that changes is cloned
//! into the update and rewritten there, and every later read must see that
//! newer copy rather than the original. These helpers keep that rule in one
//! place for the form and structure-tree code.

use lopdf::{Dictionary, IncrementalDocument, Object, ObjectId};

/// Bounds walks over reference chains and number trees, so a malicious or
/// broken PDF (e.g. a reference cycle) cannot make signing loop forever.
pub(crate) const MAX_DEPTH: usize = 32;

/// The newest version of an object: from the update if already cloned, else from the original.
pub(crate) fn get_object(inc: &IncrementalDocument, id: ObjectId) -> Result<Object, String> {
    if inc.new_document.has_object(id) {
        inc.new_document.get_object(id).cloned()
    } else {
        inc.get_prev_documents().get_object(id).cloned()
    }
    .map_err(|e| format!("object {} {} R: {e}", id.0, id.1))
}

pub(crate) fn get_dict(inc: &IncrementalDocument, id: ObjectId) -> Result<Dictionary, String> {
    match get_object(inc, id)? {
        Object::Dictionary(d) => Ok(d),
        _ => Err(format!("object {} {} R is not a dictionary", id.0, id.1)),
    }
}

/// Resolves references (bounded) and returns the final object.
pub(crate) fn resolve(inc: &IncrementalDocument, obj: &Object) -> Result<Object, String> {
    let mut current = obj.clone();
    for _ in 0..MAX_DEPTH {
        match current {
            Object::Reference(id) => current = get_object(inc, id)?,
            other => return Ok(other),
        }
    }
    Err("reference chain too long".into())
}

/// `dict[key]` with references resolved; None when the key is missing.
pub(crate) fn resolve_entry(
    inc: &IncrementalDocument,
    dict: &Dictionary,
    key: &[u8],
) -> Result<Option<Object>, String> {
    match dict.get(key) {
        Ok(value) => resolve(inc, value).map(Some),
        Err(_) => Ok(None),
    }
}

/// Appends `value` to the array at `dict[key]`, which may be missing, a direct array or a
/// reference to an array object (then that object is cloned into the update, so the
/// reference itself, and with it the original layout, stays as it was).
pub(crate) fn push_to_array_entry(
    inc: &mut IncrementalDocument,
    dict: &mut Dictionary,
    key: &[u8],
    value: Object,
) -> Result<(), String> {
    match dict.get(key).ok().cloned() {
        Some(Object::Array(mut arr)) => {
            arr.push(value);
            dict.set(key.to_vec(), Object::Array(arr));
        }
        Some(Object::Reference(id)) => match get_object(inc, id)? {
            Object::Array(mut arr) => {
                arr.push(value);
                inc.new_document.set_object(id, Object::Array(arr));
            }
            _ => {
                return Err(format!("/{} is not an array", String::from_utf8_lossy(key)));
            }
        },
        None | Some(Object::Null) => dict.set(key.to_vec(), Object::Array(vec![value])),
        Some(_) => {
            return Err(format!("/{} is not an array", String::from_utf8_lossy(key)));
        }
    }
    Ok(())
}

/// Opens `pdf` for one more incremental update that keeps its identity:
/// the update's trailer carries the previous /Size, /Root, /Info and /ID
/// and points back with /Prev. Returns the update and the catalog's id.
/// (The seal writes its own /ID, derived from the signed bytes.)
pub(crate) fn continue_update(pdf: &[u8]) -> Result<(IncrementalDocument, ObjectId), String> {
    let mut inc: IncrementalDocument = pdf
        .try_into()
        .map_err(|e| format!("cannot parse the PDF: {e}"))?;
    let prev = inc.get_prev_documents();
    let root_id = prev
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| "the PDF trailer has no /Root reference".to_string())?;
    let mut trailer = Dictionary::new();
    for key in [&b"Size"[..], b"Root", b"Info", b"ID"] {
        if let Ok(v) = prev.trailer.get(key) {
            trailer.set(key.to_vec(), v.clone());
        }
    }
    trailer.set(
        "Prev",
        i64::try_from(prev.xref_start).map_err(|e| format!("bad startxref: {e}"))?,
    );
    let version = prev.version.clone();
    inc.new_document.trailer = trailer;
    inc.new_document.version = version;
    Ok((inc, root_id))
}
