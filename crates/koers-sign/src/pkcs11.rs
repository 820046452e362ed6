//! Keys that never leave their token: a Belgian eID card (through its
//! middleware or OpenSC), an organisation's HSM, SoftHSM2 in the tests. The
//! token signs; this side finds the key and its certificate and shapes the
//! signature the way CMS wants it.
//!
//! ECDSA on a token is not deterministic (RFC 6979 is a software choice), so
//! a seal made on a token differs from run to run; what it signs, the
//! rendered report, does not.

use std::path::Path;
use std::sync::Mutex;

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, AttributeType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::types::AuthPin;
use der::Decode;
use sha2::{Digest, Sha256};
use spki::{AlgorithmIdentifierOwned, DynSignatureAlgorithmIdentifier};
use x509_cert::Certificate;

use crate::oid;

/// Which token and key to use.
#[derive(Debug, Clone, Default)]
pub struct TokenChoice {
    /// The token's label; the only token present when absent.
    pub token: Option<String>,
    /// The private key's label; the only private key on the token when
    /// absent (an eID has two: pass `Signature`).
    pub key: Option<String>,
    /// The certificate chain (signer first) when it is not on the token.
    pub certificates: Option<Vec<Certificate>>,
}

/// A private key on a token, with the verifying key of its certificate.
pub struct TokenKey<V> {
    session: Mutex<Session>,
    key: ObjectHandle,
    verifying_key: V,
}

fn failed(e: impl std::fmt::Display) -> signature::Error {
    signature::Error::from_source(e.to_string())
}

impl signature::Keypair for TokenKey<p256::ecdsa::VerifyingKey> {
    type VerifyingKey = p256::ecdsa::VerifyingKey;
    fn verifying_key(&self) -> Self::VerifyingKey {
        self.verifying_key
    }
}

impl DynSignatureAlgorithmIdentifier for TokenKey<p256::ecdsa::VerifyingKey> {
    fn signature_algorithm_identifier(&self) -> spki::Result<AlgorithmIdentifierOwned> {
        Ok(AlgorithmIdentifierOwned {
            oid: oid::ECDSA_SHA256,
            parameters: None,
        })
    }
}

impl signature::Signer<p256::ecdsa::DerSignature> for TokenKey<p256::ecdsa::VerifyingKey> {
    fn try_sign(&self, msg: &[u8]) -> Result<p256::ecdsa::DerSignature, signature::Error> {
        // CKM_ECDSA signs a digest the caller computed, and returns r || s.
        let digest = Sha256::digest(msg);
        let session = self.session.lock().map_err(failed)?;
        let raw = session
            .sign(&Mechanism::Ecdsa, self.key, &digest)
            .map_err(failed)?;
        let signature = p256::ecdsa::Signature::from_slice(&raw)?;
        Ok(signature.normalize_s().unwrap_or(signature).to_der())
    }
}

pub(crate) type RsaVerifyingKey = rsa::pkcs1v15::VerifyingKey<Sha256>;

impl signature::Keypair for TokenKey<RsaVerifyingKey> {
    type VerifyingKey = RsaVerifyingKey;
    fn verifying_key(&self) -> Self::VerifyingKey {
        self.verifying_key.clone()
    }
}

impl DynSignatureAlgorithmIdentifier for TokenKey<RsaVerifyingKey> {
    fn signature_algorithm_identifier(&self) -> spki::Result<AlgorithmIdentifierOwned> {
        Ok(AlgorithmIdentifierOwned {
            oid: oid::SHA256_WITH_RSA,
            parameters: Some(der::asn1::Null.into()),
        })
    }
}

impl signature::Signer<rsa::pkcs1v15::Signature> for TokenKey<RsaVerifyingKey> {
    fn try_sign(&self, msg: &[u8]) -> Result<rsa::pkcs1v15::Signature, signature::Error> {
        let session = self.session.lock().map_err(failed)?;
        let raw = session
            .sign(&Mechanism::Sha256RsaPkcs, self.key, msg)
            .map_err(failed)?;
        rsa::pkcs1v15::Signature::try_from(raw.as_slice())
    }
}

/// The key on a token and its certificate (with the chain the token holds).
pub(crate) enum TokenSigning {
    Ec(TokenKey<p256::ecdsa::VerifyingKey>),
    Rsa(TokenKey<RsaVerifyingKey>),
}

/// Opens the module, finds the token and key, logs in with `pin` and reads
/// the key's certificate (same CKA_ID, else same label, else the only one).
pub(crate) fn open(
    module: &Path,
    choice: &TokenChoice,
    pin: &str,
) -> Result<(TokenSigning, Vec<Certificate>), String> {
    let context = Pkcs11::new(module)
        .map_err(|e| format!("cannot load the PKCS#11 module {}: {e}", module.display()))?;
    match context.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
        Ok(())
        | Err(cryptoki::error::Error::Pkcs11(
            cryptoki::error::RvError::CryptokiAlreadyInitialized,
            _,
        )) => {}
        Err(e) => return Err(format!("the PKCS#11 module does not start: {e}")),
    }
    let slots = context
        .get_slots_with_token()
        .map_err(|e| format!("cannot list the tokens: {e}"))?;
    let mut labelled = Vec::new();
    for slot in slots {
        // An empty, uninitialised token (SoftHSM always offers one) is no
        // choice.
        if let Ok(info) = context.get_token_info(slot)
            && info.token_initialized()
        {
            labelled.push((slot, info.label().to_string()));
        }
    }
    let labels: Vec<&str> = labelled.iter().map(|(_, l)| l.as_str()).collect();
    let slot = match &choice.token {
        Some(wanted) => labelled
            .iter()
            .find(|(_, l)| l == wanted)
            .map(|(s, _)| *s)
            .ok_or_else(|| format!("no token `{wanted}`; present: {}", labels.join(", ")))?,
        None => match labelled.as_slice() {
            [(slot, _)] => *slot,
            [] => return Err("no token is present (is the card in the reader?)".into()),
            _ => {
                return Err(format!(
                    "several tokens are present ({}): choose one with --token",
                    labels.join(", ")
                ));
            }
        },
    };
    let session = context
        .open_ro_session(slot)
        .map_err(|e| format!("cannot open the token: {e}"))?;
    session
        .login(UserType::User, Some(&AuthPin::new(pin.to_string().into())))
        .map_err(|e| format!("the token refused the PIN: {e}"))?;

    let mut wanted = vec![Attribute::Class(ObjectClass::PRIVATE_KEY)];
    if let Some(label) = &choice.key {
        wanted.push(Attribute::Label(label.as_bytes().to_vec()));
    }
    let keys = session
        .find_objects(&wanted)
        .map_err(|e| format!("cannot list the keys: {e}"))?;
    let key = match keys.as_slice() {
        [key] => *key,
        [] => return Err("no such private key on the token".into()),
        _ => return Err("several private keys on the token: choose one with --key-label".into()),
    };
    let id_and_label = session
        .get_attributes(key, &[AttributeType::Id, AttributeType::Label])
        .map_err(|e| format!("cannot read the key: {e}"))?;
    let mut certificates = choice.certificates.clone().unwrap_or_default();
    for attribute in id_and_label.into_iter().filter(|_| certificates.is_empty()) {
        let template = match attribute {
            Attribute::Id(id) => Attribute::Id(id),
            Attribute::Label(label) => Attribute::Label(label),
            _ => continue,
        };
        let found = session
            .find_objects(&[Attribute::Class(ObjectClass::CERTIFICATE), template])
            .map_err(|e| format!("cannot list the certificates: {e}"))?;
        if let Some(handle) = found.first() {
            certificates.push(certificate(&session, *handle)?);
            break;
        }
    }
    if certificates.is_empty() {
        let all = session
            .find_objects(&[Attribute::Class(ObjectClass::CERTIFICATE)])
            .map_err(|e| format!("cannot list the certificates: {e}"))?;
        match all.as_slice() {
            [only] => certificates.push(certificate(&session, *only)?),
            _ => return Err("the key's certificate is not on the token".into()),
        }
    }
    let first = certificates.first().ok_or("no certificate")?;
    let spki = &first.tbs_certificate.subject_public_key_info;
    let signing = match spki.algorithm.oid {
        oid::EC_PUBLIC_KEY => {
            let point = spki.subject_public_key.raw_bytes();
            let verifying_key = p256::ecdsa::VerifyingKey::from_sec1_bytes(point)
                .map_err(|_| "the token's EC key is not P-256".to_string())?;
            TokenSigning::Ec(TokenKey {
                session: Mutex::new(session),
                key,
                verifying_key,
            })
        }
        oid::RSA_ENCRYPTION => {
            use der::Encode;
            use rsa::traits::PublicKeyParts;
            use spki::DecodePublicKey;
            let der = spki
                .to_der()
                .map_err(|e| format!("bad certificate key: {e}"))?;
            let public = rsa::RsaPublicKey::from_public_key_der(&der)
                .map_err(|e| format!("bad RSA certificate key: {e}"))?;
            if public.size() * 8 < crate::MIN_RSA_BITS {
                return Err(format!(
                    "the RSA key has {} bits; at least {} are required",
                    public.size() * 8,
                    crate::MIN_RSA_BITS
                ));
            }
            TokenSigning::Rsa(TokenKey {
                session: Mutex::new(session),
                key,
                verifying_key: rsa::pkcs1v15::VerifyingKey::new(public),
            })
        }
        other => return Err(format!("unsupported key algorithm {other} on the token")),
    };
    Ok((signing, certificates))
}

fn certificate(session: &Session, handle: ObjectHandle) -> Result<Certificate, String> {
    let value = session
        .get_attributes(handle, &[AttributeType::Value])
        .map_err(|e| format!("cannot read the certificate: {e}"))?;
    let der = value
        .into_iter()
        .find_map(|a| match a {
            Attribute::Value(v) => Some(v),
            _ => None,
        })
        .ok_or("the certificate object has no value")?;
    Certificate::from_der(&der).map_err(|e| format!("the token's certificate cannot be read: {e}"))
}
