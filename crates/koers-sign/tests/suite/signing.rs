//! Signing: what a signed file contains, and that it is reproducible.

use crate::common::sign;
use crate::common::{KEYS, date, minimal_pdf, objects_where, signer, tagged_pdf};
use koers_sign::{SubFilter, is_signed, unsigned_prefix, verify};
use lopdf::Object;
use sha2::{Digest, Sha256};

const SUB_FILTERS: [SubFilter; 2] = [SubFilter::CadesDetached, SubFilter::Pkcs7Detached];

#[test]
fn both_keys_with_both_sub_filters_sign_a_minimal_pdf_that_verifies() {
    let pdf = minimal_pdf();
    for (key, cert) in KEYS {
        let signer = signer(key, cert);
        for sub_filter in SUB_FILTERS {
            let case = format!("{key} {}", sub_filter.pdf_name());
            let signed = sign(&pdf, &signer, sub_filter, date(2024, 1, 20)).expect(&case);
            assert!(is_signed(&signed), "{case}");
            assert_eq!(unsigned_prefix(&signed), pdf.as_slice(), "{case}");
            let info = verify(&signed).unwrap_or_else(|e| panic!("{case}: {e}"));
            assert_eq!(info.sub_filter, sub_filter.pdf_name(), "{case}");
            assert!(
                info.signer.contains("CN=Koers Test"),
                "{case}: {}",
                info.signer
            );
            assert_eq!(info.certificate_der, signer.certificate_der(), "{case}");
        }
    }
}

#[test]
fn the_signature_field_is_invisible_and_in_the_acroform() {
    let signed = sign(
        &minimal_pdf(),
        &signer("ec.key", "ec.crt"),
        SubFilter::CadesDetached,
        date(2024, 1, 20),
    )
    .unwrap();
    let widgets = objects_where(&signed, b"Subtype", b"Widget");
    assert_eq!(widgets.len(), 1);
    let widget = &widgets[0];
    assert_eq!(widget.get(b"FT").and_then(Object::as_name).unwrap(), b"Sig");
    let rect: Vec<i64> = widget
        .get(b"Rect")
        .and_then(Object::as_array)
        .unwrap()
        .iter()
        .map(|n| n.as_i64().unwrap())
        .collect();
    assert_eq!(rect, [0, 0, 0, 0]);
    let signatures = objects_where(&signed, b"Type", b"Sig");
    assert_eq!(signatures.len(), 1);
    assert_eq!(
        signatures[0].get(b"M").and_then(Object::as_str).unwrap(),
        b"D:20240120000000+00'00'"
    );
    let doc = lopdf::Document::load_mem(&signed).unwrap();
    let catalog = doc.catalog().unwrap();
    let acroform = catalog.get(b"AcroForm").and_then(Object::as_dict).unwrap();
    assert_eq!(acroform.get(b"SigFlags").unwrap().as_i64().unwrap(), 3);
    assert_eq!(
        acroform.get(b"Fields").unwrap().as_array().unwrap().len(),
        1
    );
}

#[test]
fn a_tagged_pdf_gets_a_form_element_in_its_structure_tree() {
    let pdf = tagged_pdf();
    for (key, cert) in KEYS {
        for sub_filter in SUB_FILTERS {
            let signed = sign(&pdf, &signer(key, cert), sub_filter, date(2024, 1, 20)).unwrap();
            verify(&signed).unwrap();
            assert_eq!(unsigned_prefix(&signed), pdf.as_slice());

            let doc = lopdf::Document::load_mem(&signed).unwrap();
            let forms: Vec<_> = objects_where(&signed, b"S", b"Form");
            assert_eq!(forms.len(), 1);
            let form = &forms[0];
            // Under /Document, the tree's single top-level element.
            let parent = form.get(b"P").and_then(Object::as_reference).unwrap();
            let document = doc.get_dictionary(parent).unwrap();
            assert_eq!(
                document.get(b"S").and_then(Object::as_name).unwrap(),
                b"Document"
            );
            assert_eq!(document.get(b"K").unwrap().as_array().unwrap().len(), 2);
            // The widget's /StructParent is the next parent-tree key.
            let widget = &objects_where(&signed, b"Subtype", b"Widget")[0];
            assert_eq!(widget.get(b"StructParent").unwrap().as_i64().unwrap(), 1);
            let catalog = doc.catalog().unwrap();
            let tree = doc
                .get_dictionary(
                    catalog
                        .get(b"StructTreeRoot")
                        .unwrap()
                        .as_reference()
                        .unwrap(),
                )
                .unwrap();
            assert_eq!(tree.get(b"ParentTreeNextKey").unwrap().as_i64().unwrap(), 2);
            let nums = tree
                .get(b"ParentTree")
                .and_then(Object::as_dict)
                .unwrap()
                .get(b"Nums")
                .and_then(Object::as_array)
                .unwrap();
            assert_eq!(nums.len(), 4);
            assert_eq!(nums[2].as_i64().unwrap(), 1);
            // The original /ID's first element is kept, the second is new.
            let id = doc.trailer.get(b"ID").and_then(Object::as_array).unwrap();
            assert_eq!(id[0].as_str().unwrap(), [0x11; 16]);
            assert_ne!(id[1].as_str().unwrap(), [0x11; 16]);
        }
    }
}

#[test]
fn signing_twice_with_the_same_date_gives_identical_bytes() {
    for pdf in [minimal_pdf(), tagged_pdf()] {
        for (key, cert) in KEYS {
            for sub_filter in SUB_FILTERS {
                // A fresh signer each time: nothing may carry over between runs.
                let first = sign(&pdf, &signer(key, cert), sub_filter, date(2024, 1, 20)).unwrap();
                let second = sign(&pdf, &signer(key, cert), sub_filter, date(2024, 1, 20)).unwrap();
                assert!(first == second, "{key} {}", sub_filter.pdf_name());
                let later = sign(&pdf, &signer(key, cert), sub_filter, date(2024, 1, 21)).unwrap();
                assert!(first != later, "{key} {}", sub_filter.pdf_name());
            }
        }
    }
}

/// SHA-256 of the bytes the code produced before it became this crate (run
/// on the same PDFs, keys and date). Reproducible builds depend on these
/// staying put: if one changes, a dependency or the algorithm changed the
/// output, and earlier signed reports can no longer be rebuilt byte for byte.
#[test]
fn signed_bytes_are_those_of_the_code_before_the_extraction() {
    let expected = [
        (
            "minimal",
            "ec.key",
            SubFilter::CadesDetached,
            "fc49cd57471c5fbdee30cf42656978821081012c3115cc4a8688f15a511ac705",
        ),
        (
            "minimal",
            "ec.key",
            SubFilter::Pkcs7Detached,
            "b04af59c3788f51ebf8d2ebe12376ae923177d632fd95a584a34a7a707647ca2",
        ),
        (
            "minimal",
            "rsa.key",
            SubFilter::CadesDetached,
            "6e1ae4119d1793c471ac58af3f0930a43195b70690d7b173d050f64c68468714",
        ),
        (
            "minimal",
            "rsa.key",
            SubFilter::Pkcs7Detached,
            "8e7a1d3a0dae3e35c195d36ae6d8eb659e57268b9af68f699cbb50c988341f35",
        ),
        (
            "tagged",
            "ec.key",
            SubFilter::CadesDetached,
            "afbc1e355ba6a6f654483212345505e0f81920323e01c722dd164ab2e3b25610",
        ),
        (
            "tagged",
            "ec.key",
            SubFilter::Pkcs7Detached,
            "12e72bc6c918c10b7325b5c6e5ed188bad04d2013f27a4ec442a4710a34b7592",
        ),
        (
            "tagged",
            "rsa.key",
            SubFilter::CadesDetached,
            "14656d8702349f9e370d4646a60b3dda20dc2856a84899529512240d4cd1fa9c",
        ),
        (
            "tagged",
            "rsa.key",
            SubFilter::Pkcs7Detached,
            "6b2d8108cd71bda797d5905d79cf4e1a80c294a1fee4893bc1b67ff251f6b25b",
        ),
    ];
    for (pdf_name, key, sub_filter, hash) in expected {
        let pdf = if pdf_name == "minimal" {
            minimal_pdf()
        } else {
            tagged_pdf()
        };
        let cert = key.replace(".key", ".crt");
        let signed = sign(&pdf, &signer(key, &cert), sub_filter, date(2024, 1, 20)).unwrap();
        let actual = format!("{:x}", Sha256::digest(&signed));
        assert_eq!(actual, hash, "{pdf_name} {key} {}", sub_filter.pdf_name());
    }
}

#[test]
fn a_signed_pdf_can_be_signed_again() {
    let pdf = tagged_pdf();
    let once = sign(
        &pdf,
        &signer("ec.key", "ec.crt"),
        SubFilter::CadesDetached,
        date(2024, 1, 20),
    )
    .unwrap();
    let twice = sign(
        &once,
        &signer("rsa.key", "rsa.crt"),
        SubFilter::Pkcs7Detached,
        date(2024, 2, 1),
    )
    .unwrap();
    let info = verify(&twice).unwrap();
    assert_eq!(info.sub_filter, "adbe.pkcs7.detached");
    assert_eq!(
        info.certificate_der,
        signer("rsa.key", "rsa.crt").certificate_der()
    );
    assert_eq!(unsigned_prefix(&twice), once.as_slice());
    let mut names: Vec<Vec<u8>> = objects_where(&twice, b"FT", b"Sig")
        .iter()
        .map(|w| w.get(b"T").and_then(Object::as_str).unwrap().to_vec())
        .collect();
    names.sort();
    assert_eq!(names, [b"Signature1".to_vec(), b"Signature2".to_vec()]);
}

#[test]
fn what_is_not_a_pdf_is_not_signed() {
    let signer = signer("ec.key", "ec.crt");
    let error = sign(
        b"hello",
        &signer,
        SubFilter::CadesDetached,
        date(2024, 1, 20),
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("does not start with %PDF-"), "{error}");
    let mut truncated = minimal_pdf();
    truncated.truncate(truncated.len() / 2);
    assert!(
        sign(
            &truncated,
            &signer,
            SubFilter::CadesDetached,
            date(2024, 1, 20)
        )
        .is_err()
    );
}
