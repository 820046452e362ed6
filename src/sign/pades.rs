//! PAdES signing of PDF files in pure Rust.
//!
//! * [`Signer::from_pem`] parses a PKCS#8 private key (ECDSA P-256 or RSA) and an
//!   X.509 certificate (optionally followed by its chain).
//! * [`sign_pdf`] appends one incremental update holding an invisible signature
//!   field (PDF/A and PDF/UA friendly) and a detached CMS signature
//!   (`ETSI.CAdES.detached` or `adbe.pkcs7.detached`) over SHA-256.
//! * [`verify_pdf`] checks the last signature of a PDF: byte range coverage,
//!   message digest and the signature over the signed attributes.
//!
//! Output is reproducible: the signing date is passed in, ECDSA uses RFC 6979
//! deterministic nonces and RSA uses PKCS#1 v1.5.

use std::fmt::Display;

use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::ContentInfo;
use cms::signed_data::{EncapsulatedContentInfo, SignedData, SignerIdentifier};
use der::asn1::{OctetString, UtcTime};
use der::oid::ObjectIdentifier;
use der::{Any, Decode, Encode, Reader, SliceReader};
use lopdf::{Dictionary, IncrementalDocument, Object, ObjectId, Stream, StringFormat};
use pkcs8::DecodePrivateKey;
use sha2::{Digest, Sha256};
use spki::{AlgorithmIdentifierOwned, DecodePublicKey};
use x509_cert::Certificate;
use x509_cert::attr::Attribute;

// ---------------------------------------------------------------------------
// Object identifiers (evaluated at compile time).

const OID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const OID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const OID_CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const OID_MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const OID_SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
const OID_SIGNING_CERTIFICATE_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
const OID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const OID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const OID_SECP256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const OID_ECDSA_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const OID_RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const OID_SHA256_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");

/// Minimum number of bytes reserved for the DER CMS in /Contents.
const MIN_CONTENTS_BYTES: usize = 16384;
/// Placeholder written for the three unknown ByteRange numbers (10 digits each).
const BYTE_RANGE_PLACEHOLDER: i64 = 9_999_999_999;
/// Depth limit when walking number trees / reference chains.
const MAX_DEPTH: usize = 32;

fn err<E: Display>(context: &'static str) -> impl Fn(E) -> String {
    move |e| format!("{context}: {e}")
}

// ---------------------------------------------------------------------------
// Public types.

/// The /SubFilter of the signature dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SubFilter {
    /// `ETSI.CAdES.detached` (PAdES baseline B-B).
    #[default]
    CadesDetached,
    /// `adbe.pkcs7.detached` (legacy PDF signature).
    Pkcs7Detached,
}

impl SubFilter {
    /// The PDF name used in /SubFilter.
    pub fn pdf_name(self) -> &'static str {
        match self {
            SubFilter::CadesDetached => "ETSI.CAdES.detached",
            SubFilter::Pkcs7Detached => "adbe.pkcs7.detached",
        }
    }
}

enum SigningKey {
    Ec(p256::ecdsa::SigningKey),
    Rsa(Box<rsa::pkcs1v15::SigningKey<Sha256>>),
}

/// A parsed private key with its certificate (and optional chain).
pub struct Signer {
    key: SigningKey,
    /// The signer certificate followed by the rest of the chain, if any.
    certificates: Vec<Certificate>,
    certificate_der: Vec<u8>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.key {
            SigningKey::Ec(_) => "ECDSA P-256",
            SigningKey::Rsa(_) => "RSA",
        };
        f.debug_struct("Signer")
            .field("key", &kind)
            .field("certificates", &self.certificates.len())
            .finish()
    }
}

impl Signer {
    /// key_pem: PKCS#8 PEM ("BEGIN PRIVATE KEY"), ECDSA P-256 or RSA; cert_pem: X.509 PEM
    /// (the signer certificate first, optionally followed by intermediate certificates).
    pub fn from_pem(key_pem: &str, cert_pem: &str) -> Result<Signer, String> {
        let (label, doc) = pkcs8::SecretDocument::from_pem(key_pem.trim()).map_err(|_| {
            "not a PKCS#8 private key (expected a PEM block \"BEGIN PRIVATE KEY\")".to_string()
        })?;
        if label != "PRIVATE KEY" {
            return Err(format!(
                "not a PKCS#8 private key (found \"BEGIN {label}\", expected \"BEGIN PRIVATE KEY\"; \
                 convert with `openssl pkcs8 -topk8 -nocrypt`)"
            ));
        }
        let info = pkcs8::PrivateKeyInfo::try_from(doc.as_bytes())
            .map_err(err("not a PKCS#8 private key"))?;

        let certificates = Certificate::load_pem_chain(cert_pem.trim().as_bytes())
            .map_err(err("cannot parse the X.509 certificate PEM"))?;
        let certificate = certificates
            .first()
            .ok_or("the certificate PEM contains no certificate")?;
        let cert_spki = &certificate.tbs_certificate.subject_public_key_info;
        let cert_spki_der = cert_spki
            .to_der()
            .map_err(err("cannot encode the certificate public key"))?;

        let key = match info.algorithm.oid {
            OID_EC_PUBLIC_KEY => {
                let curve = info
                    .algorithm
                    .parameters_oid()
                    .map_err(|_| "EC private key without a named curve".to_string())?;
                if curve != OID_SECP256R1 {
                    return Err(format!(
                        "unsupported EC curve {curve}: only P-256 (secp256r1) is supported"
                    ));
                }
                let sk = p256::ecdsa::SigningKey::from_pkcs8_der(doc.as_bytes())
                    .map_err(err("invalid P-256 private key"))?;
                let cert_vk = p256::ecdsa::VerifyingKey::from_public_key_der(&cert_spki_der)
                    .map_err(|_| "the key does not match the certificate".to_string())?;
                if *sk.verifying_key() != cert_vk {
                    return Err("the key does not match the certificate".into());
                }
                SigningKey::Ec(sk)
            }
            OID_RSA_ENCRYPTION => {
                let sk = rsa::RsaPrivateKey::from_pkcs8_der(doc.as_bytes())
                    .map_err(err("invalid RSA private key"))?;
                let cert_pk = rsa::RsaPublicKey::from_public_key_der(&cert_spki_der)
                    .map_err(|_| "the key does not match the certificate".to_string())?;
                if sk.to_public_key() != cert_pk {
                    return Err("the key does not match the certificate".into());
                }
                SigningKey::Rsa(Box::new(rsa::pkcs1v15::SigningKey::<Sha256>::new(sk)))
            }
            other => {
                return Err(format!(
                    "unsupported private key algorithm {other}: only ECDSA P-256 and RSA are supported"
                ));
            }
        };

        let certificate_der = certificate
            .to_der()
            .map_err(err("cannot encode the certificate"))?;
        // Drop duplicate certificates: the CMS certificate SET must not repeat elements.
        let mut unique: Vec<Certificate> = Vec::new();
        for c in certificates {
            if !unique.contains(&c) {
                unique.push(c);
            }
        }
        Ok(Signer {
            key,
            certificates: unique,
            certificate_der,
        })
    }

    /// DER of the signer certificate.
    pub fn certificate_der(&self) -> &[u8] {
        &self.certificate_der
    }
}

/// Result of [`verify_pdf`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedSignature {
    /// /ByteRange [a b c d] of the signature.
    pub byte_range: [usize; 4],
    /// The DER CMS (ContentInfo) from /Contents, without the zero padding.
    pub cms_der: Vec<u8>,
    /// DER of the certificate that verified the signature (embedded in the CMS).
    pub certificate_der: Vec<u8>,
    /// /SubFilter of the signature dictionary, if any.
    pub sub_filter: Option<String>,
    /// /M of the signature dictionary, if any.
    pub signing_date: Option<String>,
}

// ---------------------------------------------------------------------------
// Signing.

/// Returns the signed PDF: the input bytes unchanged, followed by ONE incremental
/// update that adds the signature.
pub fn sign_pdf(
    pdf: &[u8],
    signer: &Signer,
    sub_filter: SubFilter,
    date: chrono::NaiveDateTime,
) -> Result<Vec<u8>, String> {
    if !pdf.starts_with(b"%PDF-") {
        return Err("not a PDF: the file does not start with %PDF-".into());
    }
    let mut inc: IncrementalDocument = pdf.try_into().map_err(err("cannot parse the PDF"))?;

    let (root_id, first_page, trailer, version) = {
        let prev = inc.get_prev_documents();
        if prev.trailer.has(b"Encrypt") {
            return Err("encrypted PDFs are not supported".into());
        }
        let root_id = prev
            .trailer
            .get(b"Root")
            .and_then(Object::as_reference)
            .map_err(|_| "the PDF trailer has no /Root reference".to_string())?;
        let first_page = prev
            .get_pages()
            .values()
            .next()
            .copied()
            .ok_or("the PDF has no pages")?;
        // Fresh trailer for the update: only the keys that carry over, plus /Prev.
        let mut trailer = Dictionary::new();
        for key in [&b"Size"[..], b"Root", b"Info"] {
            if let Ok(v) = prev.trailer.get(key) {
                trailer.set(key.to_vec(), v.clone());
            }
        }
        // /ID: keep the permanent first element, derive a new (reproducible) second one.
        let first_id = match prev.trailer.get(b"ID") {
            Ok(Object::Array(id)) => id.first().cloned(),
            _ => None,
        };
        if let Some(first) = first_id {
            let mut h = Sha256::new();
            h.update(pdf);
            h.update(date.format("%Y%m%d%H%M%S").to_string().as_bytes());
            let second = h.finalize()[..16].to_vec();
            trailer.set(
                "ID",
                Object::Array(vec![
                    first,
                    Object::String(second, StringFormat::Hexadecimal),
                ]),
            );
        }
        let prev_xref = i64::try_from(prev.xref_start).map_err(err("bad startxref"))?;
        trailer.set("Prev", prev_xref);
        (root_id, first_page, trailer, prev.version.clone())
    };
    inc.new_document.trailer = trailer;
    inc.new_document.version = version;

    // --- signature dictionary with placeholders --------------------------------
    let contents_len = MIN_CONTENTS_BYTES.max(
        signer
            .certificates
            .iter()
            .map(|c| c.to_der().map(|d| d.len()).unwrap_or(0))
            .sum::<usize>()
            + 8192,
    );
    let mut sig = Dictionary::new();
    sig.set("Type", Object::Name(b"Sig".to_vec()));
    sig.set("Filter", Object::Name(b"Adobe.PPKLite".to_vec()));
    sig.set(
        "SubFilter",
        Object::Name(sub_filter.pdf_name().as_bytes().to_vec()),
    );
    sig.set(
        "ByteRange",
        Object::Array(vec![
            Object::Integer(0),
            Object::Integer(BYTE_RANGE_PLACEHOLDER),
            Object::Integer(BYTE_RANGE_PLACEHOLDER),
            Object::Integer(BYTE_RANGE_PLACEHOLDER),
        ]),
    );
    sig.set(
        "Contents",
        Object::String(vec![0u8; contents_len], StringFormat::Hexadecimal),
    );
    sig.set(
        "M",
        Object::string_literal(date.format("D:%Y%m%d%H%M%S+00'00'").to_string()),
    );
    let sig_id = inc.new_document.add_object(sig);

    // --- empty appearance and widget annotation --------------------------------
    let mut ap_dict = Dictionary::new();
    ap_dict.set("Type", Object::Name(b"XObject".to_vec()));
    ap_dict.set("Subtype", Object::Name(b"Form".to_vec()));
    ap_dict.set("BBox", zero_rect());
    let ap_id = inc
        .new_document
        .add_object(Stream::new(ap_dict, Vec::new()));
    let annot_id = inc.new_document.new_object_id();

    let field_name = unique_field_name(&inc, root_id)?;
    let struct_parent = add_struct_element(&mut inc, root_id, annot_id, first_page)?;

    let mut annot = Dictionary::new();
    annot.set("Type", Object::Name(b"Annot".to_vec()));
    annot.set("Subtype", Object::Name(b"Widget".to_vec()));
    annot.set("FT", Object::Name(b"Sig".to_vec()));
    annot.set("T", Object::string_literal(field_name));
    annot.set("TU", Object::string_literal("Digital signature"));
    annot.set("V", Object::Reference(sig_id));
    annot.set("Rect", zero_rect());
    annot.set("F", Object::Integer(4));
    annot.set("P", Object::Reference(first_page));
    let mut ap = Dictionary::new();
    ap.set("N", Object::Reference(ap_id));
    annot.set("AP", Object::Dictionary(ap));
    if let Some(n) = struct_parent {
        annot.set("StructParent", Object::Integer(n));
    }
    inc.new_document.set_object(annot_id, annot);

    // --- first page: /Annots and /Tabs ------------------------------------------
    let mut page = get_dict(&inc, first_page)?;
    push_to_array_entry(&mut inc, &mut page, b"Annots", Object::Reference(annot_id))?;
    page.set("Tabs", Object::Name(b"S".to_vec()));
    inc.new_document.set_object(first_page, page);

    // --- catalog: /AcroForm ------------------------------------------------------
    let mut catalog = get_dict(&inc, root_id)?;
    match catalog.get(b"AcroForm").ok().cloned() {
        Some(Object::Reference(af_id)) => {
            let mut af = get_dict(&inc, af_id)?;
            update_acroform(&mut inc, &mut af, annot_id)?;
            inc.new_document.set_object(af_id, af);
        }
        Some(Object::Dictionary(mut af)) => {
            update_acroform(&mut inc, &mut af, annot_id)?;
            catalog.set("AcroForm", af);
        }
        _ => {
            let mut af = Dictionary::new();
            update_acroform(&mut inc, &mut af, annot_id)?;
            catalog.set("AcroForm", af);
        }
    }
    inc.new_document.set_object(root_id, catalog);

    // --- write the update --------------------------------------------------------
    let mut out = Vec::with_capacity(pdf.len() + 2 * contents_len + 16 * 1024);
    inc.save_to(&mut out)
        .map_err(err("cannot write the incremental update"))?;
    if !out.starts_with(pdf) {
        return Err("internal error: the incremental update changed the original bytes".into());
    }

    // Locate the placeholders inside the signature object of the update.
    let obj_header = format!("\n{} {} obj\n", sig_id.0, sig_id.1);
    let obj_start = find(&out, obj_header.as_bytes(), pdf.len())
        .ok_or("internal error: signature object not found in the update")?;
    let obj_end = find(&out, b"endobj", obj_start)
        .ok_or("internal error: end of the signature object not found")?;
    let br_key = find(&out[..obj_end], b"/ByteRange", obj_start)
        .ok_or("internal error: /ByteRange not found")?;
    let br_open =
        find(&out[..obj_end], b"[", br_key).ok_or("internal error: /ByteRange array not found")?;
    let br_close = find(&out[..obj_end], b"]", br_open)
        .ok_or("internal error: /ByteRange array not closed")?;
    let ct_key = find(&out[..obj_end], b"/Contents<", obj_start)
        .ok_or("internal error: /Contents hex string not found")?;
    let lt = ct_key + b"/Contents".len();
    let gt = lt + 1 + 2 * contents_len;
    if out.get(gt) != Some(&b'>') {
        return Err("internal error: unexpected /Contents placeholder layout".into());
    }

    // Patch /ByteRange in place, padded with spaces so no offset moves.
    let (a, b, c) = (0usize, lt, gt + 1);
    let d = out.len() - c;
    let numbers = format!("0 {b} {c} {d}");
    let slot = &mut out[br_open + 1..br_close];
    if numbers.len() > slot.len() {
        return Err("the PDF is too large for the /ByteRange placeholder".into());
    }
    slot.fill(b' ');
    slot[..numbers.len()].copy_from_slice(numbers.as_bytes());

    // Digest over the two byte ranges and build the CMS.
    let mut hasher = Sha256::new();
    hasher.update(&out[a..b]);
    hasher.update(&out[c..c + d]);
    let digest = hasher.finalize();
    let cms = build_cms(signer, sub_filter, &digest, date)?;
    if cms.len() > contents_len {
        return Err(format!(
            "the CMS signature ({} bytes) does not fit in the reserved /Contents ({contents_len} bytes)",
            cms.len()
        ));
    }
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for (i, byte) in cms.iter().enumerate() {
        out[lt + 1 + 2 * i] = HEX[usize::from(byte >> 4)];
        out[lt + 2 + 2 * i] = HEX[usize::from(byte & 0x0f)];
    }
    Ok(out)
}

fn zero_rect() -> Object {
    Object::Array(vec![
        Object::Integer(0),
        Object::Integer(0),
        Object::Integer(0),
        Object::Integer(0),
    ])
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The newest version of an object: from the update if already cloned, else from the original.
fn get_object(inc: &IncrementalDocument, id: ObjectId) -> Result<Object, String> {
    if inc.new_document.has_object(id) {
        inc.new_document.get_object(id).cloned()
    } else {
        inc.get_prev_documents().get_object(id).cloned()
    }
    .map_err(|e| format!("object {} {} R: {e}", id.0, id.1))
}

fn get_dict(inc: &IncrementalDocument, id: ObjectId) -> Result<Dictionary, String> {
    match get_object(inc, id)? {
        Object::Dictionary(d) => Ok(d),
        _ => Err(format!("object {} {} R is not a dictionary", id.0, id.1)),
    }
}

/// Resolves references (bounded) and returns the final object.
fn resolve(inc: &IncrementalDocument, obj: &Object) -> Result<Object, String> {
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
fn resolve_entry(
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
/// reference to an array object (then that object is cloned into the update).
fn push_to_array_entry(
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

fn update_acroform(
    inc: &mut IncrementalDocument,
    acroform: &mut Dictionary,
    field_id: ObjectId,
) -> Result<(), String> {
    push_to_array_entry(inc, acroform, b"Fields", Object::Reference(field_id))?;
    let flags = acroform
        .get(b"SigFlags")
        .and_then(Object::as_i64)
        .unwrap_or(0);
    acroform.set("SigFlags", Object::Integer(flags | 3));
    Ok(())
}

/// "Signature1", or the first "SignatureN" not used by a top-level field.
fn unique_field_name(inc: &IncrementalDocument, root_id: ObjectId) -> Result<String, String> {
    let catalog = get_dict(inc, root_id)?;
    let acroform = resolve_entry(inc, &catalog, b"AcroForm")?;
    let fields = match acroform {
        Some(Object::Dictionary(af)) => resolve_entry(inc, &af, b"Fields")?,
        _ => None,
    };
    let mut used = Vec::new();
    if let Some(Object::Array(fields)) = fields {
        for f in fields {
            let Object::Dictionary(fd) = resolve(inc, &f)? else {
                continue;
            };
            if let Ok(Object::String(t, _)) = fd.get(b"T") {
                used.push(t.clone());
            }
        }
    }
    let mut n = 1usize;
    loop {
        let name = format!("Signature{n}");
        if !used.iter().any(|u| u.as_slice() == name.as_bytes()) {
            return Ok(name);
        }
        n += 1;
    }
}

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
/// every existing key.
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
fn add_struct_element(
    inc: &mut IncrementalDocument,
    root_id: ObjectId,
    annot_id: ObjectId,
    page_id: ObjectId,
) -> Result<Option<i64>, String> {
    let catalog = get_dict(inc, root_id)?;
    let str_id = match catalog.get(b"StructTreeRoot") {
        Err(_) | Ok(Object::Null) => return Ok(None),
        Ok(Object::Reference(id)) => *id,
        Ok(_) => return Err("/StructTreeRoot is not an indirect object".into()),
    };
    let mut root = get_dict(inc, str_id)?;

    // Parent: the single top-level element (e.g. /Document), else the tree root itself.
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

    // Parent tree key.
    let max_key = match root.get(b"ParentTree") {
        Ok(pt) => number_tree_max_key(inc, &pt.clone(), 0)?,
        Err(_) => None,
    };
    let next_key = root
        .get(b"ParentTreeNextKey")
        .and_then(Object::as_i64)
        .unwrap_or(0);
    let key = next_key.max(max_key.map_or(0, |m| m + 1));

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
    root.set("ParentTreeNextKey", Object::Integer(key + 1));
    inc.new_document.set_object(str_id, root);
    Ok(Some(key))
}

// ---------------------------------------------------------------------------
// CMS.

/// ESS signing-certificate-v2 (RFC 5035) structures.
#[derive(Clone, Debug, Eq, PartialEq, der::Sequence)]
struct EssCertIdV2 {
    /// Omitted when SHA-256 (the DEFAULT).
    #[asn1(optional = "true")]
    hash_algorithm: Option<AlgorithmIdentifierOwned>,
    cert_hash: OctetString,
    #[asn1(optional = "true")]
    issuer_serial: Option<Any>,
}

#[derive(Clone, Debug, Eq, PartialEq, der::Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
    #[asn1(optional = "true")]
    policies: Option<Any>,
}

fn attribute(oid: ObjectIdentifier, value: Any) -> Result<Attribute, String> {
    let mut values = der::asn1::SetOfVec::new();
    values
        .insert(value)
        .map_err(err("cannot build attribute"))?;
    Ok(Attribute { oid, values })
}

fn signing_certificate_v2_attribute(cert_der: &[u8]) -> Result<Attribute, String> {
    let value = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            hash_algorithm: None,
            cert_hash: OctetString::new(Sha256::digest(cert_der).to_vec())
                .map_err(err("cannot encode certificate hash"))?,
            issuer_serial: None,
        }],
        policies: None,
    };
    let any = Any::encode_from(&value).map_err(err("cannot encode signing-certificate-v2"))?;
    attribute(OID_SIGNING_CERTIFICATE_V2, any)
}

fn signing_time_attribute(date: chrono::NaiveDateTime) -> Result<Attribute, String> {
    use chrono::{Datelike, Timelike};
    let year = u16::try_from(date.year()).map_err(err("signing date out of range"))?;
    let dt = der::DateTime::new(
        year,
        date.month() as u8,
        date.day() as u8,
        date.hour() as u8,
        date.minute() as u8,
        date.second().min(59) as u8,
    )
    .map_err(err("signing date out of range"))?;
    let any = if (1950..2050).contains(&year) {
        Any::encode_from(&UtcTime::from_date_time(dt).map_err(err("signing date out of range"))?)
    } else {
        Any::encode_from(&der::asn1::GeneralizedTime::from_date_time(dt))
    }
    .map_err(err("cannot encode signing time"))?;
    attribute(OID_SIGNING_TIME, any)
}

fn build_cms(
    signer: &Signer,
    sub_filter: SubFilter,
    digest: &[u8],
    date: chrono::NaiveDateTime,
) -> Result<Vec<u8>, String> {
    let certificate = signer
        .certificates
        .first()
        .ok_or("the signer has no certificate")?;
    let eci = EncapsulatedContentInfo {
        econtent_type: OID_DATA,
        econtent: None,
    };
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: certificate.tbs_certificate.issuer.clone(),
        serial_number: certificate.tbs_certificate.serial_number.clone(),
    });
    let digest_alg = AlgorithmIdentifierOwned {
        oid: OID_SHA256,
        parameters: None,
    };
    // content-type and message-digest are added by the builder.
    let extra_attribute = match sub_filter {
        SubFilter::CadesDetached => signing_certificate_v2_attribute(&signer.certificate_der)?,
        SubFilter::Pkcs7Detached => signing_time_attribute(date)?,
    };

    let mut builder = SignedDataBuilder::new(&eci);
    builder
        .add_digest_algorithm(digest_alg.clone())
        .map_err(err("CMS"))?;
    for c in &signer.certificates {
        builder
            .add_certificate(CertificateChoices::Certificate(c.clone()))
            .map_err(err("CMS"))?;
    }
    match &signer.key {
        SigningKey::Ec(key) => {
            let mut sib = SignerInfoBuilder::new(key, sid, digest_alg, &eci, Some(digest))
                .map_err(err("CMS signer info"))?;
            sib.add_signed_attribute(extra_attribute)
                .map_err(err("CMS signer info"))?;
            builder
                .add_signer_info::<p256::ecdsa::SigningKey, p256::ecdsa::DerSignature>(sib)
                .map_err(err("ECDSA signing failed"))?;
        }
        SigningKey::Rsa(key) => {
            let key: &rsa::pkcs1v15::SigningKey<Sha256> = key;
            let mut sib = SignerInfoBuilder::new(key, sid, digest_alg, &eci, Some(digest))
                .map_err(err("CMS signer info"))?;
            sib.add_signed_attribute(extra_attribute)
                .map_err(err("CMS signer info"))?;
            builder
                .add_signer_info::<rsa::pkcs1v15::SigningKey<Sha256>, rsa::pkcs1v15::Signature>(sib)
                .map_err(err("RSA signing failed"))?;
        }
    }
    builder
        .build()
        .map_err(err("CMS"))?
        .to_der()
        .map_err(err("CMS encoding"))
}

// ---------------------------------------------------------------------------
// Verification.

/// Parses the LAST signature of a PDF and checks it: (1) the /ByteRange covers the whole file
/// except exactly the /Contents hex string, (2) the message-digest attribute equals SHA-256 over
/// the byte ranges, (3) the signature over the signed attributes verifies with the certificate
/// embedded in the CMS. Returns the embedded certificate for comparison with a trusted one.
pub fn verify_pdf(pdf: &[u8]) -> Result<VerifiedSignature, String> {
    let doc = lopdf::Document::load_mem(pdf).map_err(err("cannot parse the PDF"))?;

    // The signature dictionary whose byte range reaches furthest is the last one.
    let mut best: Option<(i64, [i64; 4], &Dictionary)> = None;
    for obj in doc.objects.values() {
        let Object::Dictionary(d) = obj else { continue };
        let (Ok(Object::Array(br)), Ok(Object::String(_, _))) =
            (d.get(b"ByteRange"), d.get(b"Contents"))
        else {
            continue;
        };
        let nums: Vec<i64> = br.iter().filter_map(|o| o.as_i64().ok()).collect();
        let [a, b, c, dd] = nums[..] else { continue };
        let end = c.saturating_add(dd);
        if best.as_ref().is_none_or(|(e, _, _)| end > *e) {
            best = Some((end, [a, b, c, dd], d));
        }
    }
    let (_, br, sig_dict) = best.ok_or("the PDF contains no signature")?;
    let to_usize = |v: i64| usize::try_from(v).map_err(|_| "negative /ByteRange value".to_string());
    let byte_range = [
        to_usize(br[0])?,
        to_usize(br[1])?,
        to_usize(br[2])?,
        to_usize(br[3])?,
    ];
    let [a, b, c, d] = byte_range;

    // (1) coverage.
    if a != 0 {
        return Err("the /ByteRange does not start at offset 0".into());
    }
    if c.checked_add(d) != Some(pdf.len()) {
        return Err(format!(
            "the /ByteRange does not cover the whole file (ends at {}, file has {} bytes)",
            c.saturating_add(d),
            pdf.len()
        ));
    }
    if b >= c || c - b < 2 || pdf.get(b) != Some(&b'<') || pdf.get(c - 1) != Some(&b'>') {
        return Err("the gap in /ByteRange is not exactly the /Contents hex string".into());
    }
    let hex = &pdf[b + 1..c - 1];
    if !hex.len().is_multiple_of(2) || !hex.iter().all(u8::is_ascii_hexdigit) {
        return Err("the gap in /ByteRange is not exactly the /Contents hex string".into());
    }
    let raw: Vec<u8> = hex
        .chunks(2)
        .map(|p| (hex_val(p[0]) << 4) | hex_val(p[1]))
        .collect();
    match sig_dict.get(b"Contents") {
        Ok(Object::String(s, _)) if *s == raw => {}
        _ => return Err("the gap in /ByteRange is not the /Contents of the signature".into()),
    }
    let before = &pdf[..b];
    let key_end = before
        .iter()
        .rposition(|ch| !ch.is_ascii_whitespace())
        .map_or(0, |p| p + 1);
    if !before[..key_end].ends_with(b"/Contents") {
        return Err("the gap in /ByteRange is not preceded by /Contents".into());
    }

    // Parse the CMS (the hex string is zero padded after the DER).
    let mut reader = SliceReader::new(&raw).map_err(err("invalid CMS"))?;
    let content_info = ContentInfo::decode(&mut reader).map_err(err("invalid CMS"))?;
    let cms_len = usize::try_from(u32::from(reader.position())).map_err(err("invalid CMS"))?;
    let cms_der = raw[..cms_len].to_vec();
    if content_info.content_type != OID_SIGNED_DATA {
        return Err("the CMS is not SignedData".into());
    }
    let signed_data: SignedData = content_info
        .content
        .decode_as()
        .map_err(err("invalid CMS SignedData"))?;
    let signer_info = signed_data
        .signer_infos
        .0
        .iter()
        .next()
        .ok_or("the CMS has no SignerInfo")?;
    if signer_info.digest_alg.oid != OID_SHA256 {
        return Err(format!(
            "unsupported digest algorithm {} (only SHA-256)",
            signer_info.digest_alg.oid
        ));
    }
    let signed_attrs = signer_info
        .signed_attrs
        .as_ref()
        .ok_or("the CMS SignerInfo has no signed attributes")?;
    let attr_value = |oid: ObjectIdentifier| -> Option<&Any> {
        signed_attrs
            .iter()
            .find(|a| a.oid == oid)
            .and_then(|a| a.values.iter().next())
    };

    // (2) message digest.
    let mut hasher = Sha256::new();
    hasher.update(&pdf[a..b]);
    hasher.update(&pdf[c..c + d]);
    let digest = hasher.finalize();
    let md = attr_value(OID_MESSAGE_DIGEST).ok_or("the CMS has no message-digest attribute")?;
    let md: OctetString = md
        .decode_as()
        .map_err(err("invalid message-digest attribute"))?;
    if md.as_bytes() != digest.as_slice() {
        return Err("message digest mismatch: the signed byte ranges were modified".into());
    }
    let ct = attr_value(OID_CONTENT_TYPE).ok_or("the CMS has no content-type attribute")?;
    let ct: ObjectIdentifier = ct
        .decode_as()
        .map_err(err("invalid content-type attribute"))?;
    if ct != OID_DATA {
        return Err("the content-type attribute is not id-data".into());
    }

    // (3) signature with the embedded certificate.
    let certs: Vec<&Certificate> = signed_data
        .certificates
        .as_ref()
        .map(|set| {
            set.0
                .iter()
                .filter_map(|c| match c {
                    CertificateChoices::Certificate(c) => Some(c),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let certificate = match &signer_info.sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => certs.iter().find(|c| {
            c.tbs_certificate.issuer == ias.issuer
                && c.tbs_certificate.serial_number == ias.serial_number
        }),
        SignerIdentifier::SubjectKeyIdentifier(_) if certs.len() == 1 => certs.first(),
        SignerIdentifier::SubjectKeyIdentifier(_) => None,
    }
    .copied()
    .ok_or("the signer certificate is not embedded in the CMS")?;
    let certificate_der = certificate.to_der().map_err(err("invalid certificate"))?;

    if let Some(sc) = attr_value(OID_SIGNING_CERTIFICATE_V2) {
        let sc: SigningCertificateV2 = sc
            .decode_as()
            .map_err(err("invalid signing-certificate-v2 attribute"))?;
        let first = sc
            .certs
            .first()
            .ok_or("empty signing-certificate-v2 attribute")?;
        let alg = first.hash_algorithm.as_ref().map_or(OID_SHA256, |a| a.oid);
        if alg != OID_SHA256 {
            return Err("unsupported hash in signing-certificate-v2".into());
        }
        if first.cert_hash.as_bytes() != Sha256::digest(&certificate_der).as_slice() {
            return Err("signing-certificate-v2 does not match the embedded certificate".into());
        }
    }

    let signed_attrs_der = signed_attrs
        .to_der()
        .map_err(err("invalid signed attributes"))?;
    let spki = &certificate.tbs_certificate.subject_public_key_info;
    let spki_der = spki
        .to_der()
        .map_err(err("invalid certificate public key"))?;
    let sig_alg = signer_info.signature_algorithm.oid;
    let sig_bytes = signer_info.signature.as_bytes();
    match spki.algorithm.oid {
        OID_EC_PUBLIC_KEY => {
            use p256::ecdsa::signature::Verifier;
            if sig_alg != OID_ECDSA_SHA256 && sig_alg != OID_EC_PUBLIC_KEY {
                return Err(format!("unsupported signature algorithm {sig_alg}"));
            }
            let vk = p256::ecdsa::VerifyingKey::from_public_key_der(&spki_der)
                .map_err(err("unsupported EC certificate key (only P-256)"))?;
            let sig = p256::ecdsa::Signature::from_der(sig_bytes)
                .map_err(err("invalid ECDSA signature encoding"))?;
            vk.verify(&signed_attrs_der, &sig).map_err(|_| {
                "the signature does not verify with the embedded certificate".to_string()
            })?;
        }
        OID_RSA_ENCRYPTION => {
            use rsa::signature::Verifier;
            if sig_alg != OID_SHA256_WITH_RSA && sig_alg != OID_RSA_ENCRYPTION {
                return Err(format!("unsupported signature algorithm {sig_alg}"));
            }
            let pk = rsa::RsaPublicKey::from_public_key_der(&spki_der)
                .map_err(err("invalid RSA certificate key"))?;
            let vk = rsa::pkcs1v15::VerifyingKey::<Sha256>::new(pk);
            let sig = rsa::pkcs1v15::Signature::try_from(sig_bytes)
                .map_err(err("invalid RSA signature"))?;
            vk.verify(&signed_attrs_der, &sig).map_err(|_| {
                "the signature does not verify with the embedded certificate".to_string()
            })?;
        }
        other => return Err(format!("unsupported certificate key algorithm {other}")),
    }

    let name_or_string = |key: &[u8]| -> Option<String> {
        match sig_dict.get(key).ok()? {
            Object::Name(n) => Some(String::from_utf8_lossy(n).into_owned()),
            Object::String(s, _) => Some(String::from_utf8_lossy(s).into_owned()),
            _ => None,
        }
    };
    Ok(VerifiedSignature {
        byte_range,
        cms_der,
        certificate_der,
        sub_filter: name_or_string(b"SubFilter"),
        signing_date: name_or_string(b"M"),
    })
}

fn hex_val(ch: u8) -> u8 {
    match ch {
        b'0'..=b'9' => ch - b'0',
        b'a'..=b'f' => ch - b'a' + 10,
        b'A'..=b'F' => ch - b'A' + 10,
        _ => 0,
    }
}
