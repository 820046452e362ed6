//! Shared by the integration tests: the test keys and small PDFs built with
//! lopdf, so the crate is tested without Typst.
//!
//! Not every test file uses every helper.

use std::path::PathBuf;

use koers_sign::Signer;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

/// The text on each page: tests find it in the signed bytes to tamper with
/// the original part of the file.
pub const PAGE_TEXT: &[u8] = b"Koers test page";

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn pem(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).expect("read a test key")
}

/// The fixtures' two identities: ECDSA P-256 and RSA, each with its
/// self-signed certificate.
pub const KEYS: [(&str, &str); 2] = [("ec.key", "ec.crt"), ("rsa.key", "rsa.crt")];

pub fn signer(key: &str, cert: &str) -> Signer {
    Signer::from_pem(&pem(key), &pem(cert)).expect("the fixture key matches its certificate")
}

pub fn date(year: i32, month: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(year, month, day).expect("a valid date")
}

fn name(text: &str) -> Object {
    Object::Name(text.as_bytes().to_vec())
}

/// Pages and catalog; returns (catalog, page ids). lopdf ends the file with
/// `%%EOF` and no line break, as Typst does.
fn pages(doc: &mut Document, count: usize) -> (ObjectId, Vec<ObjectId>) {
    let pages_id = doc.new_object_id();
    let mut kids = Vec::new();
    for _ in 0..count {
        let mut content = b"BT /F1 12 Tf 72 720 Td (".to_vec();
        content.extend_from_slice(PAGE_TEXT);
        content.extend_from_slice(b") Tj ET");
        let content_id = doc.add_object(Stream::new(Dictionary::new(), content));
        let mut page = Dictionary::new();
        page.set("Type", name("Page"));
        page.set("Parent", pages_id);
        page.set("MediaBox", vec![0.into(), 0.into(), 595.into(), 842.into()]);
        page.set("Contents", content_id);
        kids.push(doc.add_object(page));
    }
    let mut pages = Dictionary::new();
    pages.set("Type", name("Pages"));
    pages.set(
        "Kids",
        kids.iter()
            .map(|id| Object::Reference(*id))
            .collect::<Vec<_>>(),
    );
    pages.set("Count", i64::try_from(count).expect("a small page count"));
    doc.objects.insert(pages_id, Object::Dictionary(pages));
    let mut catalog = Dictionary::new();
    catalog.set("Type", name("Catalog"));
    catalog.set("Pages", pages_id);
    let catalog_id = doc.add_object(catalog);
    doc.trailer.set("Root", catalog_id);
    (catalog_id, kids)
}

fn save(doc: &mut Document) -> Vec<u8> {
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("lopdf writes the PDF");
    bytes
}

/// One page and nothing else: no /Info, /ID, structure tree or AcroForm.
pub fn minimal_pdf() -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    pages(&mut doc, 1);
    save(&mut doc)
}

/// What Typst's PDF/UA output has and the minimal PDF lacks: a structure
/// tree (/Document with one paragraph, a parent tree), /MarkInfo, /Info and
/// /ID, over two pages.
pub fn tagged_pdf() -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let (catalog_id, kids) = pages(&mut doc, 2);
    let first_page = *kids.first().expect("two pages");

    let tree_id = doc.new_object_id();
    let document_id = doc.new_object_id();
    let mut paragraph = Dictionary::new();
    paragraph.set("Type", name("StructElem"));
    paragraph.set("S", name("P"));
    paragraph.set("P", document_id);
    paragraph.set("Pg", first_page);
    paragraph.set("K", 0);
    let paragraph_id = doc.add_object(paragraph);
    let mut document = Dictionary::new();
    document.set("Type", name("StructElem"));
    document.set("S", name("Document"));
    document.set("P", tree_id);
    document.set("K", vec![Object::Reference(paragraph_id)]);
    doc.objects
        .insert(document_id, Object::Dictionary(document));
    let mut parent_tree = Dictionary::new();
    parent_tree.set(
        "Nums",
        vec![0.into(), vec![Object::Reference(paragraph_id)].into()],
    );
    let mut tree = Dictionary::new();
    tree.set("Type", name("StructTreeRoot"));
    tree.set("K", document_id);
    tree.set("ParentTree", parent_tree);
    tree.set("ParentTreeNextKey", 1);
    doc.objects.insert(tree_id, Object::Dictionary(tree));

    let mut mark_info = Dictionary::new();
    mark_info.set("Marked", true);
    if let Ok(Object::Dictionary(catalog)) = doc.get_object_mut(catalog_id) {
        catalog.set("StructTreeRoot", tree_id);
        catalog.set("MarkInfo", mark_info);
    }
    let mut info = Dictionary::new();
    info.set("Title", Object::string_literal("Koers test"));
    let info_id = doc.add_object(info);
    doc.trailer.set("Info", info_id);
    doc.trailer.set(
        "ID",
        vec![
            Object::String(vec![0x11; 16], StringFormat::Hexadecimal),
            Object::String(vec![0x11; 16], StringFormat::Hexadecimal),
        ],
    );
    save(&mut doc)
}

/// Every dictionary of a PDF whose `key` is the name `value`.
pub fn objects_where(pdf: &[u8], key: &[u8], value: &[u8]) -> Vec<Dictionary> {
    let doc = Document::load_mem(pdf).expect("lopdf reads the PDF");
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| {
            d.get(key)
                .and_then(Object::as_name)
                .is_ok_and(|n| n == value)
        })
        .cloned()
        .collect()
}

/// Where `needle` first occurs in `haystack`, from `from` on.
pub fn position(haystack: &[u8], needle: &[u8], from: usize) -> usize {
    haystack[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
        .expect("the bytes contain the needle")
}

/// Signs without a timestamp (reproducible), as most tests want.
pub fn sign(
    pdf: &[u8],
    signer: &Signer,
    sub_filter: koers_sign::SubFilter,
    date: chrono::NaiveDate,
) -> anyhow::Result<Vec<u8>> {
    koers_sign::sign(
        pdf,
        signer,
        sub_filter,
        date.and_time(chrono::NaiveTime::MIN),
        None,
    )
    .map_err(anyhow::Error::from)
}
