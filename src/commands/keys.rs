//! Where a signing key comes from (a PEM key and certificate, a PKCS#12
//! file) and the secrets it needs, for the approvers' signatures and the
//! organisation's seal alike. Secrets are asked for only when a key needs
//! them, through [`Secrets`], which the command line implements.

use std::path::PathBuf;

use anyhow::{Context, Result};

/// Where a signing key is.
#[derive(Debug, Clone)]
pub enum KeySource {
    /// A PKCS#8 key (encrypted or not) and its certificate, PEM.
    Pem { key: PathBuf, cert: PathBuf },
    /// A PKCS#12 file (`.p12`, `.pfx`) with key, certificate and chain.
    Pkcs12(PathBuf),
    /// A key on a PKCS#11 token (an eID card, an HSM): the module (the
    /// token's library), and which token and key.
    Pkcs11 {
        module: PathBuf,
        token: Option<String>,
        key_label: Option<String>,
        /// The certificate (PEM), when the token does not hold it.
        cert: Option<PathBuf>,
    },
}

/// The secrets a key needs, asked for only when needed (a terminal prompt,
/// or an environment variable in scripts).
pub trait Secrets {
    fn password(&self, what: &str) -> Result<String>;
    fn pin(&self, what: &str) -> Result<String>;
    /// Shows the signer something before any secret is asked (what changed
    /// since their last approval, say).
    fn show(&self, text: &str);
}

pub fn load_signer(key: &KeySource, secrets: &dyn Secrets) -> Result<koers_sign::Signer> {
    match key {
        KeySource::Pem { key, cert } => {
            let key_pem = std::fs::read_to_string(key)
                .with_context(|| format!("cannot read the key {}", key.display()))?;
            let cert_pem = std::fs::read_to_string(cert)
                .with_context(|| format!("cannot read the certificate {}", cert.display()))?;
            let password = match key_pem.contains("ENCRYPTED PRIVATE KEY") {
                true => Some(secrets.password(&format!("password of {}", key.display()))?),
                false => None,
            };
            koers_sign::Signer::from_pem_with_password(&key_pem, password.as_deref(), &cert_pem)
                .map_err(|e| {
                    anyhow::anyhow!(
                        "{e} (key {}, certificate {})",
                        key.display(),
                        cert.display()
                    )
                })
        }
        KeySource::Pkcs11 {
            module,
            token,
            key_label,
            cert,
        } => {
            let certificates = match cert {
                Some(path) => Some(koers_sign::certificate_chain(path)?),
                None => None,
            };
            let choice = koers_sign::TokenChoice {
                token: token.clone(),
                key: key_label.clone(),
                certificates,
            };
            let what = match token {
                Some(token) => format!("PIN of the token `{token}`"),
                None => "PIN of the token".to_string(),
            };
            let pin = secrets.pin(&what)?;
            koers_sign::Signer::from_pkcs11(module, &choice, &pin)
                .map_err(|e| anyhow::anyhow!("{e} (PKCS#11 module {})", module.display()))
        }
        KeySource::Pkcs12(path) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            let password = secrets.password(&format!("password of {}", path.display()))?;
            koers_sign::Signer::from_pkcs12(&bytes, &password)
                .map_err(|e| anyhow::anyhow!("{e} ({})", path.display()))
        }
    }
}
