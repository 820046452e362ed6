//! PDF/A-3a and PDF/UA-1, judged by a validator that is not ours
//! (page_validation): every report a test builds through
//! [`crate::common::build_into_with`] is checked, FINAL ones against both
//! profiles, DRAFT ones against PDF/UA-1 (approvers read drafts, some with
//! screen readers).
//!
//! One finding is the validator's own and is excused only when the file
//! proves it, byte by byte: `PDFA3A-STREAM-LENGTH-001` on a file where every
//! stream's /Length is exact, i.e. the data is followed by exactly one
//! end-of-line marker (LF, or CR LF) and `endstream`. The validator reads
//! compressed data that happens to end in a CR, followed by the LF marker,
//! as a CR LF marker and counts a byte less (ISO 32000-1 7.3.8.1: the
//! marker is not part of the data; ISO 19005-2 6.1.7.1).

use std::path::Path;

use page_validation::{ValidationOptions, ValidationProfile, validate_pdf_bytes};

/// The rule, as the Python package and the crate name it.
const STREAM_LENGTH: [&str; 2] = ["PDFA3A-STREAM-LENGTH-001", "ISO 19005-3:2012:6.1.7.1:1"];

/// Whether every stream of `pdf` with a direct /Length is followed, after
/// exactly that many bytes, by one end-of-line marker and `endstream`; and
/// how many of them end in a CR (the case the validator misreads).
fn stream_lengths_exact(pdf: &[u8]) -> (bool, usize) {
    let mut ending_in_cr = 0;
    let mut at = 0;
    while let Some(found) = find(pdf, b"stream", at) {
        at = found + 6;
        // `endstream` contains `stream`; only the keyword after a dictionary.
        if pdf[..found].ends_with(b"end") {
            continue;
        }
        let start = match pdf.get(at..at + 2) {
            Some(b"\r\n") => at + 2,
            Some([b'\n', _]) => at + 1,
            _ => continue,
        };
        // The stream's own dictionary: from its object's `obj` (a nested
        // dictionary, /Params say, has no /Length of the stream).
        let dict_start = pdf[..found]
            .windows(4)
            .rposition(|w| w == b" obj")
            .unwrap_or(0);
        let dict = &pdf[dict_start..found];
        let Some(length) = direct_length(dict) else {
            continue;
        };
        let end = start + length;
        let after = pdf.get(end..).unwrap_or_default();
        if !(after.starts_with(b"\nendstream") || after.starts_with(b"\r\nendstream")) {
            return (false, ending_in_cr);
        }
        if after.starts_with(b"\nendstream") && pdf.get(end - 1) == Some(&b'\r') {
            ending_in_cr += 1;
        }
        at = end;
    }
    (true, ending_in_cr)
}

fn direct_length(dict: &[u8]) -> Option<usize> {
    let at = find(dict, b"/Length", 0)? + 7;
    let rest = std::str::from_utf8(dict.get(at..)?).ok()?;
    let mut words = rest
        .split(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .filter(|w| !w.is_empty());
    let number: usize = words.next()?.parse().ok()?;
    // `12 0 R` is a reference, not a length.
    match (words.next(), words.next()) {
        (Some(_), Some("R")) => None,
        _ => Some(number),
    }
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The failures of `pdf` against `profile`, the excused one left out.
fn failures(pdf: &[u8], profile: ValidationProfile) -> Vec<String> {
    let report = validate_pdf_bytes(pdf, &ValidationOptions::default().profile(profile))
        .unwrap_or_else(|e| panic!("page_validation cannot read the PDF: {e}"));
    let (exact, ending_in_cr) = stream_lengths_exact(pdf);
    report
        .failures
        .iter()
        .filter(|f| !(STREAM_LENGTH.contains(&f.rule_id.as_str()) && exact && ending_in_cr > 0))
        .map(|f| f.to_string())
        .collect()
}

/// Checks every report PDF under `output`: FINAL against PDF/A-3a and
/// PDF/UA-1, DRAFT against PDF/UA-1. A FINAL report with a long-term
/// validation update (`--long-term`) is PDF/UA-1 only: by decision, its
/// updates after the seal are outside PDF/A (README).
pub fn assert_conforms(output: &Path) {
    let mut problems = Vec::new();
    for relative in crate::common::files_under(output) {
        if !relative.ends_with(".pdf") {
            continue;
        }
        let Ok(pdf) = std::fs::read(output.join(&relative)) else {
            continue;
        };
        let final_ = pdf.windows(13).any(|w| w == b"<pdfaid:part>");
        let long_term = pdf.windows(4).any(|w| w == b"/DSS");
        let mut profiles = vec![ValidationProfile::PdfUa1];
        if final_ && !long_term {
            profiles.push(ValidationProfile::PdfA3a);
        }
        for profile in profiles {
            for failure in failures(&pdf, profile) {
                let (exact, ending_in_cr) = stream_lengths_exact(&pdf);
                problems.push(format!(
                    "{relative} ({profile:?}): {failure} (stream lengths exact: {exact}, data ending in CR: {ending_in_cr})"
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "not conforming:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_sample_conforms() {
    assert_conforms(crate::common::sample());
}

/// The excuse holds only for a file that proves it: a stream whose /Length
/// is one byte short is not excused.
/// (The rule names are those page_validation reports.)
#[test]
fn the_stream_length_excuse_needs_exact_lengths() {
    let good = b"1 0 obj\n<</Length 3>>\nstream\nab\r\nendstream\nendobj\n";
    assert_eq!(stream_lengths_exact(good), (true, 1));
    // One byte short: `b` is left between the data and the marker.
    let short = b"1 0 obj\n<</Length 1>>\nstream\nab\r\nendstream\nendobj\n";
    assert!(!stream_lengths_exact(short).0);
    // Read as two bytes of data and a CR LF marker, as valid.
    let crlf = b"1 0 obj\n<</Length 2>>\nstream\nab\r\nendstream\nendobj\n";
    assert_eq!(stream_lengths_exact(crlf), (true, 0));
    // A nested dictionary before the stream keyword.
    let nested = b"1 0 obj\n<</Length 3/Params<</Size 9>>>>\nstream\nab\r\nendstream\nendobj\n";
    assert_eq!(stream_lengths_exact(nested), (true, 1));
    let referenced = b"1 0 obj\n<</Length 2 0 R>>\nstream\nabc\nendstream\nendobj\n";
    assert_eq!(stream_lengths_exact(referenced), (true, 0));
}
