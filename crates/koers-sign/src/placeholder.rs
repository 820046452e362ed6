//! Filling in /ByteRange and /Contents once the update has been written.
//!
//! Both values depend on the final layout of the file (offsets, and a digest
//! over everything but the signature), so the update is written with
//! fixed-size placeholders and patched in place: no byte outside the two
//! placeholders may move, or the digest would no longer match the file.

use std::ops::Range;

use lopdf::ObjectId;
use sha2::{Digest, Sha256};

/// Written for the three unknown /ByteRange numbers: 10 digits each, so the
/// real numbers (padded with spaces) fit without moving any byte after them.
pub(crate) const BYTE_RANGE_PLACEHOLDER: i64 = 9_999_999_999;

/// A signature value's dictionary (a seal's /Sig or a /DocTimeStamp) with
/// fixed-size placeholders for /ByteRange and /Contents, patched once the
/// update is written.
pub(crate) fn signature_value(
    kind: &[u8],
    sub_filter: &[u8],
    contents_len: usize,
) -> lopdf::Dictionary {
    use lopdf::{Object, StringFormat};
    let placeholder = Object::Integer(BYTE_RANGE_PLACEHOLDER);
    let mut value = lopdf::Dictionary::new();
    value.set("Type", Object::Name(kind.to_vec()));
    value.set("Filter", Object::Name(b"Adobe.PPKLite".to_vec()));
    value.set("SubFilter", Object::Name(sub_filter.to_vec()));
    value.set(
        "ByteRange",
        Object::Array(vec![
            Object::Integer(0),
            placeholder.clone(),
            placeholder.clone(),
            placeholder,
        ]),
    );
    value.set(
        "Contents",
        Object::String(vec![0u8; contents_len], StringFormat::Hexadecimal),
    );
    value
}

/// Where the placeholders of the signature object are in the written file.
pub(crate) struct Slots {
    /// Between the brackets of the /ByteRange array.
    byte_range: Range<usize>,
    /// The `<` that opens the /Contents hex string.
    contents_open: usize,
    /// The `>` that closes it.
    contents_close: usize,
}

/// Finds the placeholders inside the signature object `sig_id`, searching only
/// the update (from `update_start`): the original bytes may hold the same keys,
/// e.g. in an earlier signature, and must never be patched.
pub(crate) fn locate(
    out: &[u8],
    update_start: usize,
    sig_id: ObjectId,
    contents_len: usize,
) -> Result<Slots, String> {
    let obj_header = format!("\n{} {} obj\n", sig_id.0, sig_id.1);
    let obj_start = find(out, obj_header.as_bytes(), update_start)
        .ok_or("internal error: signature object not found in the update")?;
    let obj_end = find(out, b"endobj", obj_start)
        .ok_or("internal error: end of the signature object not found")?;
    let object = out
        .get(..obj_end)
        .ok_or("internal error: end of the signature object not found")?;
    let br_key =
        find(object, b"/ByteRange", obj_start).ok_or("internal error: /ByteRange not found")?;
    let br_open = find(object, b"[", br_key).ok_or("internal error: /ByteRange array not found")?;
    let br_close =
        find(object, b"]", br_open).ok_or("internal error: /ByteRange array not closed")?;
    let ct_key = find(object, b"/Contents<", obj_start)
        .ok_or("internal error: /Contents hex string not found")?;
    let contents_open = ct_key + b"/Contents".len();
    let contents_close = contents_open + 1 + 2 * contents_len;
    if out.get(contents_close) != Some(&b'>') {
        return Err("internal error: unexpected /Contents placeholder layout".into());
    }
    Ok(Slots {
        byte_range: br_open + 1..br_close,
        contents_open,
        contents_close,
    })
}

/// Writes the real /ByteRange: everything but the /Contents hex string,
/// its brackets included.
pub(crate) fn patch_byte_range(out: &mut [u8], slots: &Slots) -> Result<(), String> {
    let (b, c) = signed_ranges_gap(slots);
    let d = out
        .len()
        .checked_sub(c)
        .ok_or("internal error: /Contents placeholder past the end of the file")?;
    let numbers = format!("0 {b} {c} {d}");
    let slot = out
        .get_mut(slots.byte_range.clone())
        .ok_or("internal error: /ByteRange array outside the file")?;
    if numbers.len() > slot.len() {
        return Err("the PDF is too large for the /ByteRange placeholder".into());
    }
    // Padded with spaces so no offset moves.
    slot.fill(b' ');
    for (to, from) in slot.iter_mut().zip(numbers.as_bytes()) {
        *to = *from;
    }
    Ok(())
}

/// The SHA-256 the signature must cover: the file but the /Contents hex
/// string, after [`patch_byte_range`] (the byte range is itself signed).
pub(crate) fn signed_digest(out: &[u8], slots: &Slots) -> Result<Vec<u8>, String> {
    let (b, c) = signed_ranges_gap(slots);
    let before = out
        .get(..b)
        .ok_or("internal error: /ByteRange outside the file")?;
    let after = out
        .get(c..)
        .ok_or("internal error: /ByteRange outside the file")?;
    let mut hasher = Sha256::new();
    hasher.update(before);
    hasher.update(after);
    Ok(hasher.finalize().to_vec())
}

/// The end of the first signed range and the start of the second.
fn signed_ranges_gap(slots: &Slots) -> (usize, usize) {
    (slots.contents_open, slots.contents_close + 1)
}

/// Writes the DER CMS as upper-case hex at the start of /Contents; the rest
/// of the placeholder stays zeros, which readers take as DER padding.
pub(crate) fn write_contents(out: &mut [u8], slots: &Slots, cms: &[u8]) -> Result<(), String> {
    let hex: Vec<u8> = cms
        .iter()
        .flat_map(|byte| [hex_digit(byte >> 4), hex_digit(byte & 0x0f)])
        .collect();
    let start = slots.contents_open + 1;
    out.get_mut(start..start + hex.len())
        .filter(|_| start + hex.len() <= slots.contents_close)
        .ok_or("internal error: the CMS does not fit in the /Contents placeholder")?
        .copy_from_slice(&hex);
    Ok(())
}

fn hex_digit(nibble: u8) -> u8 {
    match nibble & 0x0f {
        n @ 0..=9 => b'0' + n,
        n => b'A' + (n - 10),
    }
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::{find, hex_digit};

    #[test]
    fn hex_digits_are_those_of_upper_case_formatting() {
        for byte in 0..=u8::MAX {
            let ours = [hex_digit(byte >> 4), hex_digit(byte & 0x0f)];
            assert_eq!(ours, format!("{byte:02X}").as_bytes());
        }
    }

    #[test]
    fn find_searches_from_the_given_offset() {
        let text = b"/ByteRange [0] /ByteRange [1]";
        assert_eq!(find(text, b"/ByteRange", 0), Some(0));
        assert_eq!(find(text, b"/ByteRange", 1), Some(15));
        assert_eq!(find(text, b"/ByteRange", 16), None);
        assert_eq!(find(text, b"x", text.len() + 1), None);
    }
}
