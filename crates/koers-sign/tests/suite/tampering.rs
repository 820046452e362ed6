//! Verification: what it must refuse.

use crate::common::sign;
use crate::common::{KEYS, PAGE_TEXT, date, minimal_pdf, position, signer, tagged_pdf};
use koers_sign::{SubFilter, is_signed, unsigned_prefix, verify};

fn signed_files() -> Vec<(String, Vec<u8>, usize)> {
    let mut files = Vec::new();
    for pdf in [minimal_pdf(), tagged_pdf()] {
        for (key, cert) in KEYS {
            for sub_filter in [SubFilter::CadesDetached, SubFilter::Pkcs7Detached] {
                let signed = sign(&pdf, &signer(key, cert), sub_filter, date(2024, 1, 20)).unwrap();
                let case = format!("{key} {} ({} bytes)", sub_filter.pdf_name(), pdf.len());
                files.push((case, signed, pdf.len()));
            }
        }
    }
    files
}

fn flipped(bytes: &[u8], at: usize) -> Vec<u8> {
    let mut changed = bytes.to_vec();
    changed[at] ^= 0x01;
    changed
}

#[test]
fn flipping_a_byte_of_the_rendered_pdf_breaks_the_signature() {
    for (case, signed, rendered_len) in signed_files() {
        verify(&signed).unwrap();
        // In the page's text, so the file still parses and only the digest
        // can tell.
        let at = position(&signed, PAGE_TEXT, 0);
        assert!(at < rendered_len);
        let error = verify(&flipped(&signed, at)).unwrap_err().to_string();
        assert!(error.contains("message digest mismatch"), "{case}: {error}");
    }
}

#[test]
fn flipping_a_byte_of_the_update_after_the_signature_value_breaks_the_signature() {
    for (case, signed, rendered_len) in signed_files() {
        // A digit of /M, which follows /Contents in the signature dictionary.
        let at = position(&signed, b"(D:2024", rendered_len) + 3;
        let error = verify(&flipped(&signed, at)).unwrap_err().to_string();
        assert!(error.contains("message digest mismatch"), "{case}: {error}");
    }
}

#[test]
fn flipping_a_byte_of_the_signature_value_breaks_the_signature() {
    for (case, signed, rendered_len) in signed_files() {
        // The last hex digit of the DER before the zero padding: inside the
        // signature value itself, at the end of the CMS.
        let contents = position(&signed, b"/Contents<", rendered_len) + b"/Contents<".len();
        let padding = position(&signed, b"0000000000", contents);
        let at = padding - 1;
        let mut changed = signed.clone();
        changed[at] = if changed[at] == b'A' { b'B' } else { b'A' };
        assert!(verify(&changed).is_err(), "{case}");
    }
}

#[test]
fn bytes_appended_after_signing_are_not_covered() {
    for (case, signed, _) in signed_files() {
        let mut longer = signed.clone();
        longer.extend_from_slice(b"\n% appended\n");
        let error = verify(&longer).unwrap_err().to_string();
        assert!(
            error.contains("does not cover the whole file"),
            "{case}: {error}"
        );
    }
}

#[test]
fn an_unsigned_pdf_is_reported_as_unsigned() {
    for pdf in [minimal_pdf(), tagged_pdf()] {
        assert!(!is_signed(&pdf));
        assert_eq!(unsigned_prefix(&pdf), pdf.as_slice());
        assert_eq!(
            verify(&pdf).unwrap_err().to_string(),
            "the PDF contains no signature"
        );
    }
    assert!(!is_signed(b"not a PDF /ByteRange"));
    assert!(verify(b"not a PDF").is_err());
}

/// A validation store (DSS) appended after the seal keeps it valid; any
/// other change made in that same kind of update does not.
#[test]
fn only_a_validation_store_may_follow_the_seal() {
    for (case, signed, _) in signed_files() {
        let stored =
            koers_sign::add_dss(&signed, &[b"not parsed here".to_vec()], &[]).expect("dss");
        assert!(
            verify(&stored).is_ok(),
            "{case}: a DSS update breaks the seal"
        );
        // The same update, but the catalog also gains an action.
        let inc: lopdf::IncrementalDocument = signed.as_slice().try_into().expect("parse");
        let root = inc
            .get_prev_documents()
            .trailer
            .get(b"Root")
            .and_then(lopdf::Object::as_reference)
            .expect("root");
        let mut catalog = inc
            .get_prev_documents()
            .get_dictionary(root)
            .expect("catalog")
            .clone();
        catalog.set("OpenAction", lopdf::Object::Name(b"Evil".to_vec()));
        let stored = koers_sign::add_dss(&signed, &[], &[]).expect("dss");
        let mut evil: lopdf::IncrementalDocument = stored.as_slice().try_into().expect("parse");
        let mut trailer = evil.get_prev_documents().trailer.clone();
        trailer.set(
            "Prev",
            i64::try_from(evil.get_prev_documents().xref_start).expect("xref"),
        );
        trailer.remove(b"XRefStm");
        evil.new_document.trailer = trailer;
        evil.new_document.set_object(root, catalog);
        let mut changed = Vec::new();
        evil.save_to(&mut changed).expect("save");
        let error = verify(&changed)
            .expect_err("a changed catalog was accepted")
            .to_string();
        assert!(
            error.contains("not a validation store alone"),
            "{case}: {error}"
        );
    }
}
