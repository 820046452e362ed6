//! The signing identity: a private key checked against its certificate.
//!
//! Parsing and checking happen once, before any report is rendered, so a
//! wrong key or certificate stops a build before anything is written; the
//! signing code that follows can then take the key as valid.

use der::Encode;
use pkcs8::DecodePrivateKey;
use sha2::Sha256;
use spki::DecodePublicKey;
use x509_cert::Certificate;

use crate::{err, oid};

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

/// Only the two key types whose signatures are deterministic (RFC 6979
/// ECDSA, PKCS#1 v1.5 RSA): anything else would break reproducible builds.
pub(crate) enum SigningKey {
    Ec(p256::ecdsa::SigningKey),
    Rsa(Box<rsa::pkcs1v15::SigningKey<Sha256>>),
    /// On a PKCS#11 token (not deterministic for ECDSA).
    Token(Box<crate::pkcs11::TokenSigning>),
}

/// A parsed private key with its certificate (and optional chain).
pub struct Signer {
    pub(crate) key: SigningKey,
    /// The signer certificate followed by the rest of the chain, if any.
    pub(crate) certificates: Vec<Certificate>,
    pub(crate) certificate_der: Vec<u8>,
}

// By hand, so that no debug output can ever print key material.
impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match &self.key {
            SigningKey::Ec(_) => "ECDSA P-256",
            SigningKey::Rsa(_) => "RSA",
            SigningKey::Token(_) => "PKCS#11 token",
        };
        f.debug_struct("Signer")
            .field("key", &kind)
            .field("certificates", &self.certificates.len())
            .finish()
    }
}

const KEY_MISMATCH: &str = "the key does not match the certificate";

impl Signer {
    /// key_pem: PKCS#8 PEM ("BEGIN PRIVATE KEY", or "BEGIN ENCRYPTED PRIVATE
    /// KEY" with `password`), ECDSA P-256 or RSA of at least 2048 bits;
    /// cert_pem: X.509 PEM (the signer certificate first, optionally followed
    /// by intermediate certificates).
    pub fn from_pem(key_pem: &str, cert_pem: &str) -> crate::Result<Signer> {
        Self::from_pem_with_password(key_pem, None, cert_pem)
    }

    /// As [`Signer::from_pem`], decrypting an encrypted key with `password`.
    pub fn from_pem_with_password(
        key_pem: &str,
        password: Option<&str>,
        cert_pem: &str,
    ) -> crate::Result<Signer> {
        let (label, doc) = pkcs8::SecretDocument::from_pem(key_pem.trim()).map_err(|_| {
            "not a PKCS#8 private key (expected a PEM block \"BEGIN PRIVATE KEY\" or \
             \"BEGIN ENCRYPTED PRIVATE KEY\")"
                .to_string()
        })?;
        let doc = match label {
            "PRIVATE KEY" => doc,
            "ENCRYPTED PRIVATE KEY" => {
                let password = password.ok_or("the key is encrypted: its password is needed")?;
                let info = pkcs8::EncryptedPrivateKeyInfo::try_from(doc.as_bytes())
                    .map_err(err("not an encrypted PKCS#8 private key"))?;
                info.decrypt(password).map_err(|_| {
                    "wrong password, or a key encryption Koers cannot read".to_string()
                })?
            }
            other => {
                return Err(format!(
                    "not a PKCS#8 private key (found \"BEGIN {other}\", expected \"BEGIN PRIVATE KEY\"; \
                     convert with `openssl pkcs8 -topk8`)"
                ).into());
            }
        };
        let certificates = Certificate::load_pem_chain(cert_pem.trim().as_bytes())
            .map_err(err("cannot parse the X.509 certificate PEM"))?;
        Self::from_pkcs8_der(doc.as_bytes(), certificates)
    }

    /// A key on a PKCS#11 token (`module` is the token's library, such as
    /// OpenSC's `opensc-pkcs11.so` or the Belgian eID middleware's), with
    /// the certificate stored beside it, logged in with `pin`.
    pub fn from_pkcs11(
        module: &std::path::Path,
        choice: &crate::pkcs11::TokenChoice,
        pin: &str,
    ) -> crate::Result<Signer> {
        let (key, certificates) = crate::pkcs11::open(module, choice, pin)?;
        let certificate_der = certificates
            .first()
            .ok_or("no certificate")?
            .to_der()
            .map_err(err("cannot encode the certificate"))?;
        Ok(Signer {
            key: SigningKey::Token(Box::new(key)),
            certificates,
            certificate_der,
        })
    }

    /// A PKCS#12 file (`.p12`, `.pfx`: key, certificate and chain) opened
    /// with its password.
    pub fn from_pkcs12(bytes: &[u8], password: &str) -> crate::Result<Signer> {
        use der::Decode;
        let store = p12_keystore::KeyStore::from_pkcs12(bytes, password).map_err(|_| {
            "cannot open the PKCS#12 file: wrong password, or not a PKCS#12 file".to_string()
        })?;
        let (_, chain) = store
            .private_key_chain()
            .ok_or("the PKCS#12 file holds no private key with its certificate")?;
        // Without a MAC, a wrong password can decrypt to garbage: reading it
        // as PKCS#8 is what tells.
        let key = pkcs8::SecretDocument::try_from(chain.key())
            .map_err(|_| "cannot open the PKCS#12 file: wrong password".to_string())?;
        let certificates = chain
            .chain()
            .iter()
            .map(|c| Certificate::from_der(c.as_der()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(err("a certificate in the PKCS#12 file cannot be read"))?;
        drop(store);
        Self::from_pkcs8_der(key.as_bytes(), certificates)
    }

    /// A PKCS#8 private key (DER) with its certificate chain, the signer's
    /// certificate first; the key must match that certificate.
    pub fn from_pkcs8_der(key_der: &[u8], certificates: Vec<Certificate>) -> crate::Result<Signer> {
        let info =
            pkcs8::PrivateKeyInfo::try_from(key_der).map_err(err("not a PKCS#8 private key"))?;
        let certificate = certificates
            .first()
            .ok_or("the certificate PEM contains no certificate")?;
        let cert_spki_der = certificate
            .tbs_certificate
            .subject_public_key_info
            .to_der()
            .map_err(err("cannot encode the certificate public key"))?;

        let key = match info.algorithm.oid {
            oid::EC_PUBLIC_KEY => {
                let curve = info
                    .algorithm
                    .parameters_oid()
                    .map_err(|_| "EC private key without a named curve".to_string())?;
                if curve != oid::SECP256R1 {
                    return Err(format!(
                        "unsupported EC curve {curve}: only P-256 (secp256r1) is supported"
                    )
                    .into());
                }
                let sk = p256::ecdsa::SigningKey::from_pkcs8_der(key_der)
                    .map_err(err("invalid P-256 private key"))?;
                let cert_vk = p256::ecdsa::VerifyingKey::from_public_key_der(&cert_spki_der)
                    .map_err(|_| KEY_MISMATCH.to_string())?;
                if *sk.verifying_key() != cert_vk {
                    return Err(KEY_MISMATCH.into());
                }
                SigningKey::Ec(sk)
            }
            oid::RSA_ENCRYPTION => {
                let sk = rsa::RsaPrivateKey::from_pkcs8_der(key_der)
                    .map_err(err("invalid RSA private key"))?;
                let cert_pk = rsa::RsaPublicKey::from_public_key_der(&cert_spki_der)
                    .map_err(|_| KEY_MISMATCH.to_string())?;
                {
                    use rsa::traits::PublicKeyParts;
                    let bits = cert_pk.size() * 8;
                    if bits < crate::MIN_RSA_BITS {
                        return Err(format!(
                            "the RSA key has {bits} bits; at least {} are required",
                            crate::MIN_RSA_BITS
                        )
                        .into());
                    }
                }
                if sk.to_public_key() != cert_pk {
                    return Err(KEY_MISMATCH.into());
                }
                SigningKey::Rsa(Box::new(rsa::pkcs1v15::SigningKey::<Sha256>::new(sk)))
            }
            other => {
                return Err(format!(
                    "unsupported private key algorithm {other}: only ECDSA P-256 and RSA are supported"
                ).into());
            }
        };

        let certificate_der = certificate
            .to_der()
            .map_err(err("cannot encode the certificate"))?;
        // The CMS certificate SET must not repeat elements.
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

    /// DER of the other certificates given with it (its chain, which the
    /// signatures carry).
    pub fn chain_der(&self) -> Vec<Vec<u8>> {
        use der::Encode;
        self.certificates
            .iter()
            .filter_map(|c| c.to_der().ok())
            .filter(|der| *der != self.certificate_der)
            .collect()
    }
}
