//! Reading what a PDF carries: its attachments and the depth of its
//! nesting, parsed (not searched as text, which user data could imitate).

use std::collections::BTreeMap;

use anyhow::{Context, Result};

/// Whether arrays or dictionaries nest deeper than any report does; the PDF
/// parser recurses, so such a file could exhaust the stack.
pub(super) fn nests_too_deeply(pdf: &[u8]) -> bool {
    const LIMIT: i64 = 2000;
    let mut depth: i64 = 0;
    let mut previous = 0u8;
    for &byte in pdf {
        match (previous, byte) {
            (_, b'[') | (b'<', b'<') => depth += 1,
            (_, b']') | (b'>', b'>') => depth = (depth - 1).max(0),
            _ => {}
        }
        if depth > LIMIT {
            return true;
        }
        // `<<<` counts one dictionary, not two.
        previous = if matches!((previous, byte), (b'<', b'<') | (b'>', b'>')) {
            0
        } else {
            byte
        };
    }
    false
}

/// The files attached to a PDF, by name.
pub fn attachments(pdf: &[u8]) -> Result<BTreeMap<String, Vec<u8>>> {
    let doc = lopdf::Document::load_mem(pdf).context("not a readable PDF")?;
    let mut found = BTreeMap::new();
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        let is_filespec = dict
            .get(b"Type")
            .and_then(|t| t.as_name())
            .is_ok_and(|n| n == b"Filespec");
        if !is_filespec {
            continue;
        }
        let name = dict
            .get(b"UF")
            .or_else(|_| dict.get(b"F"))
            .ok()
            .and_then(|n| lopdf::decode_text_string(n).ok())
            .context("an attachment without a name")?;
        let stream_ref = dict
            .get(b"EF")
            .and_then(|ef| ef.as_dict())
            .and_then(|ef| ef.get(b"F"))
            .and_then(|f| f.as_reference())
            .with_context(|| format!("attachment {name} has no file"))?;
        let stream = doc
            .get_object(stream_ref)
            .and_then(|o| o.as_stream())
            .with_context(|| format!("attachment {name} has no file stream"))?;
        let content = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        found.insert(name, content);
    }
    Ok(found)
}
