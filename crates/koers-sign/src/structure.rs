//! The signature field's place in the structure tree of a tagged PDF.
//!
//! Typst renders PDF/UA: every annotation there must belong to the
//! structure tree (through a /Form element and the parent tree), or the
//! signed file stops being accessible and valid PDF/UA. Untagged PDFs are
//! left without a structure tree.

use lopdf::{Dictionary, IncrementalDocument, Object, ObjectId};

use crate::objects::{
    MAX_DEPTH, get_dict, get_object, push_to_array_entry, resolve, resolve_entry,
};

const KEYS_OUT_OF_RANGE: &str = "the structure parent tree keys are out of range";

fn is_struct_elem(inc: &IncrementalDocument, id: ObjectId) -> bool {
    match get_object(inc, id) {
        Ok(Object::Dictionary(d)) => {
            d.has(b"S")
                && d.get(b"Type")
                    .map_or(true, |t| t.as_name().ok() == Some(b"StructElem"))
        }
        _ => false,
    }
}

/// Appends `child` to the /K of a structure element or the structure tree root.
fn append_kid(
    inc: &mut IncrementalDocument,
    node: &mut Dictionary,
    child: Object,
) -> Result<(), String> {
    match node.get(b"K").ok().cloned() {
        None | Some(Object::Null) => node.set("K", Object::Array(vec![child])),
        Some(Object::Array(mut kids)) => {
            kids.push(child);
            node.set("K", Object::Array(kids));
        }
        Some(Object::Reference(id)) => match get_object(inc, id)? {
            Object::Array(mut kids) => {
                kids.push(child);
                inc.new_document.set_object(id, Object::Array(kids));
            }
            _ => node.set("K", Object::Array(vec![Object::Reference(id), child])),
        },
        Some(single) => node.set("K", Object::Array(vec![single, child])),
    }
    Ok(())
}

/// Largest key of a number tree (None when empty).
fn number_tree_max_key(
    inc: &IncrementalDocument,
    node: &Object,
    depth: usize,
) -> Result<Option<i64>, String> {
    if depth > MAX_DEPTH {
        return Err("the structure parent tree is too deep".into());
    }
    let Object::Dictionary(node) = resolve(inc, node)? else {
        return Ok(None);
    };
    let mut max: Option<i64> = None;
    if let Some(Object::Array(nums)) = resolve_entry(inc, &node, b"Nums")? {
        for k in nums.iter().step_by(2).filter_map(|key| key.as_i64().ok()) {
            max = Some(max.map_or(k, |m| m.max(k)));
        }
    }
    if let Some(Object::Array(kids)) = resolve_entry(inc, &node, b"Kids")? {
        for kid in &kids {
            if let Some(k) = number_tree_max_key(inc, kid, depth + 1)? {
                max = Some(max.map_or(k, |m| m.max(k)));
            }
        }
    }
    Ok(max)
}

/// Adds `key -> value` to a number tree whose root node is `node`; `key` must be larger than
/// every existing key, which is what lets it go at the end without re-sorting.
fn number_tree_append(
    inc: &mut IncrementalDocument,
    node: &mut Dictionary,
    key: i64,
    value: Object,
) -> Result<(), String> {
    if node.has(b"Nums") {
        push_to_array_entry(inc, node, b"Nums", Object::Integer(key))?;
        push_to_array_entry(inc, node, b"Nums", value)?;
    } else if node.has(b"Kids") {
        let mut leaf = Dictionary::new();
        leaf.set(
            "Limits",
            Object::Array(vec![Object::Integer(key), Object::Integer(key)]),
        );
        leaf.set("Nums", Object::Array(vec![Object::Integer(key), value]));
        let leaf_id = inc.new_document.add_object(leaf);
        push_to_array_entry(inc, node, b"Kids", Object::Reference(leaf_id))?;
    } else {
        node.set("Nums", Object::Array(vec![Object::Integer(key), value]));
    }
    Ok(())
}

/// For tagged PDFs: adds a /Form structure element with an OBJR to the annotation, registers
/// it in the parent tree and returns the annotation's /StructParent key.
pub(crate) fn add_struct_element(
    inc: &mut IncrementalDocument,
    root_id: ObjectId,
    annot_id: ObjectId,
    page_id: ObjectId,
) -> Result<Option<i64>, String> {
    let catalog = get_dict(inc, root_id)?;
    let str_id = match catalog.get(b"StructTreeRoot") {
        Err(_) | Ok(Object::Null) => return Ok(None),
        Ok(Object::Reference(id)) => *id,
        // The new element's /P must be an indirect reference to its parent,
        // which a direct tree root cannot be.
        Ok(_) => return Err("/StructTreeRoot is not an indirect object".into()),
    };
    let mut root = get_dict(inc, str_id)?;

    // Under the single top-level element (e.g. /Document) if there is one, so
    // the field reads as part of the document; else under the tree root.
    let parent = match root.get(b"K") {
        Ok(Object::Reference(id)) if is_struct_elem(inc, *id) => Some(*id),
        Ok(Object::Array(kids)) if kids.len() == 1 => match kids.first() {
            Some(Object::Reference(id)) if is_struct_elem(inc, *id) => Some(*id),
            _ => None,
        },
        _ => None,
    };
    let parent_id = parent.unwrap_or(str_id);

    let mut objr = Dictionary::new();
    objr.set("Type", Object::Name(b"OBJR".to_vec()));
    objr.set("Obj", Object::Reference(annot_id));
    objr.set("Pg", Object::Reference(page_id));
    let mut elem = Dictionary::new();
    elem.set("Type", Object::Name(b"StructElem".to_vec()));
    elem.set("S", Object::Name(b"Form".to_vec()));
    elem.set("P", Object::Reference(parent_id));
    elem.set("Pg", Object::Reference(page_id));
    elem.set("K", Object::Dictionary(objr));
    elem.set("Alt", Object::string_literal("Digital signature"));
    let elem_id = inc.new_document.add_object(elem);

    match parent {
        Some(pid) => {
            let mut pdict = get_dict(inc, pid)?;
            append_kid(inc, &mut pdict, Object::Reference(elem_id))?;
            inc.new_document.set_object(pid, pdict);
        }
        None => append_kid(inc, &mut root, Object::Reference(elem_id))?,
    }

    // /ParentTreeNextKey may be missing or stale: the key must also be past
    // every key already in the tree, or two annotations would share it.
    let max_key = match root.get(b"ParentTree") {
        Ok(pt) => number_tree_max_key(inc, pt, 0)?,
        Err(_) => None,
    };
    let next_key = root
        .get(b"ParentTreeNextKey")
        .and_then(Object::as_i64)
        .unwrap_or(0);
    let past_max = match max_key {
        Some(m) => m.checked_add(1).ok_or(KEYS_OUT_OF_RANGE)?,
        None => 0,
    };
    let key = next_key.max(past_max);
    let key_after = key.checked_add(1).ok_or(KEYS_OUT_OF_RANGE)?;

    match root.get(b"ParentTree").ok().cloned() {
        Some(Object::Reference(pt_id)) => {
            let mut pt = get_dict(inc, pt_id)?;
            number_tree_append(inc, &mut pt, key, Object::Reference(elem_id))?;
            inc.new_document.set_object(pt_id, pt);
        }
        Some(Object::Dictionary(mut pt)) => {
            number_tree_append(inc, &mut pt, key, Object::Reference(elem_id))?;
            root.set("ParentTree", pt);
        }
        _ => {
            let mut pt = Dictionary::new();
            pt.set(
                "Nums",
                Object::Array(vec![Object::Integer(key), Object::Reference(elem_id)]),
            );
            root.set("ParentTree", pt);
        }
    }
    root.set("ParentTreeNextKey", Object::Integer(key_after));
    inc.new_document.set_object(str_id, root);
    Ok(Some(key))
}
