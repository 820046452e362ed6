//! Reading what a PDF carries: its attachments and the depth of its
//! nesting, parsed (not searched as text, which user data could imitate).

use std::collections::BTreeMap;

use anyhow::{Context, Result};

/// Whether arrays or dictionaries nest deeper than any report does, in the
/// file or inside any of its compressed streams (object streams hold
/// objects the parser reads too); the PDF parser recurses, so such a file
/// could exhaust the stack.
pub fn nests_too_deeply(pdf: &[u8]) -> bool {
    /// What all streams together may unpack to for this check.
    const BUDGET: u64 = 256 * 1024 * 1024;
    if nesting_exceeds(pdf) {
        return true;
    }
    let mut budget = BUDGET;
    let mut rest = pdf;
    while let Some(start) = find(rest, b"stream") {
        let after = rest.get(start + 6..).unwrap_or_default();
        let body = match after {
            [b'\r', b'\n', body @ ..] | [b'\n', body @ ..] => body,
            _ => {
                rest = after;
                continue;
            }
        };
        let end = find(body, b"endstream").unwrap_or(body.len());
        let data = body.get(..end).unwrap_or_default();
        if budget > 0 {
            let mut unpacked = Vec::new();
            let read = std::io::Read::read_to_end(
                &mut std::io::Read::take(flate2::read::ZlibDecoder::new(data), budget),
                &mut unpacked,
            );
            if read.is_ok() || !unpacked.is_empty() {
                budget = budget.saturating_sub(unpacked.len() as u64);
                if nesting_exceeds(&unpacked) {
                    return true;
                }
            }
        }
        rest = body.get(end..).unwrap_or_default();
    }
    false
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn nesting_exceeds(pdf: &[u8]) -> bool {
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

/// What a report's attachments may unpack to, together.
const MAX_ATTACHED_BYTES: u64 = 256 * 1024 * 1024;

/// A stream's content, unpacked (Flate) within `budget` bytes.
fn unpack(stream: &lopdf::Stream, budget: u64) -> Result<Vec<u8>> {
    use std::io::Read;
    let filter = stream.dict.get(b"Filter").ok();
    let flate = match filter {
        None => false,
        Some(lopdf::Object::Name(name)) if name == b"FlateDecode" => true,
        Some(lopdf::Object::Array(filters)) if filters.is_empty() => false,
        Some(lopdf::Object::Array(filters))
            if filters.len() == 1
                && filters.first().and_then(|f| f.as_name().ok())
                    == Some(b"FlateDecode".as_slice()) =>
        {
            true
        }
        Some(_) => anyhow::bail!("an attachment filter Koers does not write"),
    };
    if !flate {
        anyhow::ensure!(
            stream.content.len() as u64 <= budget,
            "larger than a report's sources can be"
        );
        return Ok(stream.content.clone());
    }
    let mut content = Vec::new();
    flate2::read::ZlibDecoder::new(stream.content.as_slice())
        .take(budget + 1)
        .read_to_end(&mut content)
        .context("broken compressed data")?;
    anyhow::ensure!(
        content.len() as u64 <= budget,
        "it unpacks to more than the {} MB a report's sources can be",
        MAX_ATTACHED_BYTES / (1024 * 1024)
    );
    Ok(content)
}

/// The files attached to a PDF, by name.
pub fn attachments(pdf: &[u8]) -> Result<BTreeMap<String, Vec<u8>>> {
    if nests_too_deeply(pdf) {
        anyhow::bail!("the PDF nests arrays or dictionaries too deeply to be a report");
    }
    attachments_of_checked(pdf)
}

/// [`attachments`] of a PDF whose nesting [`nests_too_deeply`] has passed.
pub fn attachments_of_checked(pdf: &[u8]) -> Result<BTreeMap<String, Vec<u8>>> {
    let doc = lopdf::Document::load_mem(pdf).context("not a readable PDF")?;
    let mut found = BTreeMap::new();
    // All attachments together never unpack to more than this: a report's
    // sources are a few megabytes; a decompression bomb is refused.
    let mut budget: u64 = MAX_ATTACHED_BYTES;
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
        let content = unpack(stream, budget)
            .with_context(|| format!("attachment {name} cannot be unpacked"))?;
        budget = budget.saturating_sub(content.len() as u64);
        found.insert(name, content);
    }
    Ok(found)
}
