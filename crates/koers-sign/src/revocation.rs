//! Revocation, offline: certificate revocation lists (RFC 5280 section 5)
//! stored with an approval, read and checked without the network.
//!
//! A CRL counts only when its issuer's key (a certificate on the signer's
//! path) verifies it. What it says is then judged against the proven
//! signing time by the caller: revoked on or before it, the signature does
//! not count; a CRL whose next update is before it cannot speak for it.

use chrono::NaiveDateTime;
use der::oid::ObjectIdentifier;
use der::{Decode, Encode};
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;

use crate::err;

/// What a verified CRL says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crl {
    /// The issuing CA's subject, as RFC 4514 text.
    pub issuer: String,
    pub this_update: NaiveDateTime,
    pub next_update: Option<NaiveDateTime>,
    /// The revoked serial numbers (DER contents) with their revocation time.
    revoked: Vec<(Vec<u8>, NaiveDateTime)>,
}

impl Crl {
    /// When the certificate `der_bytes` (issued by this CRL's issuer) was
    /// revoked, if it was.
    pub fn revoked_at(&self, der_bytes: &[u8]) -> Option<NaiveDateTime> {
        let certificate = Certificate::from_der(der_bytes).ok()?;
        let serial = certificate.tbs_certificate.serial_number.as_bytes();
        self.revoked
            .iter()
            .find(|(s, _)| s.as_slice() == serial)
            .map(|(_, at)| *at)
    }
}

/// The CRLs of a file's bytes: PEM ("X509 CRL", one or more) or one DER
/// CRL; each as DER.
pub fn crls_of(bytes: &[u8]) -> crate::Result<Vec<Vec<u8>>> {
    crls_text(bytes).map_err(crate::Error::Invalid)
}

fn crls_text(bytes: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    let text = std::str::from_utf8(bytes).ok().map(str::trim);
    let Some(pem) = text.filter(|t| t.starts_with("-----BEGIN")) else {
        CertificateList::from_der(bytes).map_err(err("neither a PEM nor a DER CRL"))?;
        return Ok(vec![bytes.to_vec()]);
    };
    const END: &str = "-----END X509 CRL-----";
    let mut ders = Vec::new();
    let mut rest = pem;
    while let Some(at) = rest.find(END) {
        let block = rest.get(..at + END.len()).unwrap_or_default();
        let (label, der_bytes) =
            der::pem::decode_vec(block.trim().as_bytes()).map_err(err("not a PEM CRL"))?;
        if label != "X509 CRL" {
            return Err(format!("a PEM block `{label}`, not a CRL"));
        }
        CertificateList::from_der(&der_bytes).map_err(err("not a CRL"))?;
        ders.push(der_bytes);
        rest = rest.get(at + END.len()..).unwrap_or_default();
    }
    match ders.is_empty() {
        true => Err("the file holds no CRL (-----BEGIN X509 CRL-----)".into()),
        false => Ok(ders),
    }
}

/// CRLs (DER) as one PEM file, as `openssl crl` writes each.
pub fn crls_pem(crls: &[Vec<u8>]) -> String {
    crls.iter()
        .filter_map(|crl| der::pem::encode_string("X509 CRL", der::pem::LineEnding::LF, crl).ok())
        .collect()
}

/// Reads a CRL and checks that `issuer_der` (a CA certificate) issued it:
/// same name, and its signature verifies with that CA's key.
pub fn verify(crl_der: &[u8], issuer_der: &[u8]) -> crate::Result<Crl> {
    verify_text(crl_der, issuer_der).map_err(crate::Error::Invalid)
}

fn verify_text(crl_der: &[u8], issuer_der: &[u8]) -> Result<Crl, String> {
    let list = CertificateList::from_der(crl_der).map_err(err("not a CRL"))?;
    let issuer = Certificate::from_der(issuer_der).map_err(err("not a certificate"))?;
    let tbs = &list.tbs_cert_list;
    if tbs.issuer != issuer.tbs_certificate.subject {
        return Err(format!(
            "the CRL is from {}, not from {}",
            tbs.issuer, issuer.tbs_certificate.subject
        ));
    }
    // Only a complete CRL of the CA speaks for every certificate it issued:
    // a delta CRL or one scoped by an issuing distribution point does not,
    // and an extension nobody here understands may limit it any other way.
    const DELTA_CRL_INDICATOR: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.27");
    const ISSUING_DISTRIBUTION_POINT: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.28");
    const KNOWN: [ObjectIdentifier; 2] = [
        ObjectIdentifier::new_unwrap("2.5.29.35"), // authorityKeyIdentifier
        ObjectIdentifier::new_unwrap("2.5.29.20"), // cRLNumber
    ];
    for extension in tbs.crl_extensions.iter().flatten() {
        if extension.extn_id == DELTA_CRL_INDICATOR {
            return Err("a delta CRL: it lists only what changed since a base CRL".into());
        }
        if extension.extn_id == ISSUING_DISTRIBUTION_POINT {
            return Err(
                "a partitioned CRL (issuing distribution point): it may not cover this certificate"
                    .into(),
            );
        }
        if extension.critical && !KNOWN.contains(&extension.extn_id) {
            return Err(format!(
                "the CRL has a critical extension {} that is not understood",
                extension.extn_id
            ));
        }
    }
    let usage = issuer
        .tbs_certificate
        .extensions
        .iter()
        .flatten()
        .find(|e| e.extn_id == ObjectIdentifier::new_unwrap("2.5.29.15"))
        .map(|e| {
            x509_cert::ext::pkix::KeyUsage::from_der(e.extn_value.as_bytes())
                .is_ok_and(|u| u.crl_sign())
        });
    if usage == Some(false) {
        return Err(format!(
            "{} may not sign CRLs (its key usage lacks cRLSign)",
            tbs.issuer
        ));
    }
    if list.signature_algorithm.oid != tbs.signature.oid {
        return Err("the CRL's two signature algorithms differ".into());
    }
    let (Ok(signed), Ok(spki)) = (
        tbs.to_der(),
        issuer.tbs_certificate.subject_public_key_info.to_der(),
    ) else {
        return Err("the CRL cannot be encoded".into());
    };
    if !crate::certificate::signed_by(
        &signed,
        list.signature_algorithm.oid,
        list.signature.raw_bytes(),
        &spki,
    ) {
        return Err(format!(
            "the CRL's signature does not verify with the key of {}",
            tbs.issuer
        ));
    }
    let time = |t: &x509_cert::time::Time| -> Result<NaiveDateTime, String> {
        let seconds = i64::try_from(t.to_unix_duration().as_secs())
            .map_err(err("a CRL time out of range"))?;
        chrono::DateTime::from_timestamp(seconds, 0)
            .map(|d| d.naive_utc())
            .ok_or_else(|| "a CRL time out of range".to_string())
    };
    let revoked = tbs
        .revoked_certificates
        .iter()
        .flatten()
        .map(|r| {
            Ok((
                r.serial_number.as_bytes().to_vec(),
                time(&r.revocation_date)?,
            ))
        })
        .collect::<Result<_, String>>()?;
    Ok(Crl {
        issuer: tbs.issuer.to_string(),
        this_update: time(&tbs.this_update)?,
        next_update: tbs.next_update.as_ref().map(time).transpose()?,
        revoked,
    })
}
