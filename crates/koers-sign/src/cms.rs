//! The detached CMS SignedData that goes into the signature's /Contents.
//!
//! Separate from the PDF side because it only ever sees a digest: what is
//! signed is fixed before this runs, and everything here must be a pure
//! function of (key, certificates, digest, date) so that signing is
//! reproducible.

use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
use der::asn1::{OctetString, UtcTime};
use der::oid::ObjectIdentifier;
use der::{Any, Encode};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;

use crate::pkcs11::TokenSigning;
use crate::signer::{Signer, SigningKey, SubFilter};
use crate::{err, oid};

/// ESS signing-certificate-v2 (RFC 5035): binds the signature to the signer
/// certificate, which PAdES requires instead of a signing-time attribute.
#[derive(Clone, Debug, Eq, PartialEq, der::Sequence)]
pub(crate) struct EssCertIdV2 {
    /// Omitted when SHA-256 (the DEFAULT).
    #[asn1(optional = "true")]
    pub(crate) hash_algorithm: Option<AlgorithmIdentifierOwned>,
    pub(crate) cert_hash: OctetString,
    #[asn1(optional = "true")]
    pub(crate) issuer_serial: Option<Any>,
}

#[derive(Clone, Debug, Eq, PartialEq, der::Sequence)]
pub(crate) struct SigningCertificateV2 {
    pub(crate) certs: Vec<EssCertIdV2>,
    #[asn1(optional = "true")]
    pub(crate) policies: Option<Any>,
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
    attribute(oid::SIGNING_CERTIFICATE_V2, any)
}

/// Legacy (adbe.pkcs7) readers look for the time in the CMS rather than in /M.
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
    // RFC 5280: UTCTime up to 2049, GeneralizedTime from 2050 on.
    let any = if (1950..2050).contains(&year) {
        Any::encode_from(&UtcTime::from_date_time(dt).map_err(err("signing date out of range"))?)
    } else {
        Any::encode_from(&der::asn1::GeneralizedTime::from_date_time(dt))
    }
    .map_err(err("cannot encode signing time"))?;
    attribute(oid::SIGNING_TIME, any)
}

/// The DER ContentInfo signing `digest` (SHA-256 of the PDF's byte ranges).
pub(crate) fn build_cms(
    signer: &Signer,
    sub_filter: SubFilter,
    digest: &[u8],
    date: chrono::NaiveDateTime,
) -> Result<Vec<u8>, String> {
    // content-type and message-digest are added by the builder.
    let extra = match sub_filter {
        SubFilter::CadesDetached => signing_certificate_v2_attribute(&signer.certificate_der)?,
        SubFilter::Pkcs7Detached => signing_time_attribute(date)?,
    };
    build_signed_data(signer, digest, vec![extra])
}

/// A detached CAdES signature of a statement: its SHA-256, the signer's
/// certificate bound by signing-certificate-v2, and the signing time.
pub(crate) fn build_detached(
    signer: &Signer,
    content: &[u8],
    at: chrono::NaiveDateTime,
) -> Result<Vec<u8>, String> {
    let attributes = vec![
        signing_certificate_v2_attribute(&signer.certificate_der)?,
        signing_time_attribute(at)?,
    ];
    build_signed_data(signer, &Sha256::digest(content), attributes)
}

fn build_signed_data(
    signer: &Signer,
    digest: &[u8],
    attributes: Vec<Attribute>,
) -> Result<Vec<u8>, String> {
    let certificate = signer
        .certificates
        .first()
        .ok_or("the signer has no certificate")?;
    // Detached: the PDF bytes are not embedded, only their digest is signed.
    let eci = EncapsulatedContentInfo {
        econtent_type: oid::DATA,
        econtent: None,
    };
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: certificate.tbs_certificate.issuer.clone(),
        serial_number: certificate.tbs_certificate.serial_number.clone(),
    });
    let digest_alg = AlgorithmIdentifierOwned {
        oid: oid::SHA256,
        parameters: None,
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
    // The keys differ only in their types (the builder is generic over the
    // key and its signature encoding), so one call is written once.
    macro_rules! add_signer_with {
        ($key:expr, $signature:ty) => {
            add_signer::<_, $signature>(
                &mut builder,
                $key,
                sid,
                digest_alg,
                &eci,
                digest,
                attributes,
            )?
        };
    }
    match &signer.key {
        SigningKey::Ec(key) => add_signer_with!(key, p256::ecdsa::DerSignature),
        SigningKey::Rsa(key) => {
            let key: &rsa::pkcs1v15::SigningKey<Sha256> = key;
            add_signer_with!(key, rsa::pkcs1v15::Signature)
        }
        SigningKey::Token(token) => match token.as_ref() {
            TokenSigning::Ec(key) => add_signer_with!(key, p256::ecdsa::DerSignature),
            TokenSigning::Rsa(key) => add_signer_with!(key, rsa::pkcs1v15::Signature),
        },
    }
    builder
        .build()
        .map_err(err("CMS"))?
        .to_der()
        .map_err(err("CMS encoding"))
}

fn add_signer<K, S>(
    builder: &mut SignedDataBuilder,
    key: &K,
    sid: SignerIdentifier,
    digest_alg: AlgorithmIdentifierOwned,
    eci: &EncapsulatedContentInfo,
    digest: &[u8],
    attributes: Vec<Attribute>,
) -> Result<(), String>
where
    K: signature::Keypair + spki::DynSignatureAlgorithmIdentifier + signature::Signer<S>,
    K::VerifyingKey: spki::EncodePublicKey,
    S: spki::SignatureBitStringEncoding,
{
    let mut sib = SignerInfoBuilder::new(key, sid, digest_alg, eci, Some(digest))
        .map_err(err("CMS signer info"))?;
    for attribute in attributes {
        sib.add_signed_attribute(attribute)
            .map_err(err("CMS signer info"))?;
    }
    builder
        .add_signer_info::<K, S>(sib)
        .map_err(err("signing failed"))?;
    Ok(())
}
