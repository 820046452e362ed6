//! The document timestamp (PAdES B-LTA): after the seal and its validation
//! store, a last update adds a signature field whose value is a timestamp
//! authority's token over the whole file, store included. It proves that
//! the seal and the data to validate it existed at that time, so the seal
//! can be trusted after its certificate expires (and be timestamped again
//! before the authority's does).
//!
//! The field has no widget: nothing is drawn and no page changes, so the
//! update adds only the field, the timestamp dictionary and the form entry
//! pointing at the field, which is all `verify` accepts after a store.

use lopdf::{Dictionary, Object};

use crate::err;
use crate::objects::{get_dict, push_to_array_entry};
use crate::placeholder;

/// Room for the token: the authority's signature and certificates.
const CONTENTS_BYTES: usize = 24 * 1024;

/// `pdf` with a document timestamp from the authority at `url` appended as
/// one incremental update; the input bytes are a prefix of the result.
pub(crate) fn add(pdf: &[u8], url: &str) -> Result<Vec<u8>, String> {
    let (mut inc, root_id) = crate::objects::continue_update(pdf)?;

    let stamp = placeholder::signature_value(b"DocTimeStamp", b"ETSI.RFC3161", CONTENTS_BYTES);
    let stamp_id = inc.new_document.add_object(stamp);
    let mut field = Dictionary::new();
    field.set("FT", Object::Name(b"Sig".to_vec()));
    field.set("T", Object::string_literal("DocumentTimestamp"));
    field.set("V", Object::Reference(stamp_id));
    let field_id = inc.new_document.add_object(field);

    let mut catalog = get_dict(&inc, root_id)?;
    let Ok(Object::Dictionary(mut form)) = catalog.get(b"AcroForm").cloned() else {
        return Err("the PDF has no signature form to add the timestamp to: seal it first".into());
    };
    push_to_array_entry(&mut inc, &mut form, b"Fields", Object::Reference(field_id))?;
    catalog.set("AcroForm", Object::Dictionary(form));
    inc.new_document.set_object(root_id, catalog);

    let mut out = Vec::with_capacity(pdf.len() + 2 * CONTENTS_BYTES + 4096);
    inc.save_to(&mut out)
        .map_err(err("cannot write the incremental update"))?;
    if !out.starts_with(pdf) {
        return Err("internal error: the timestamp update changed the sealed bytes".into());
    }
    let slots = placeholder::locate(&out, pdf.len(), stamp_id, CONTENTS_BYTES)?;
    placeholder::patch_byte_range(&mut out, &slots)?;
    let digest = placeholder::signed_digest(&out, &slots)?;
    let token = crate::tsa::token_for(&digest, url)?;
    placeholder::write_contents(&mut out, &slots, &token)?;
    Ok(out)
}
