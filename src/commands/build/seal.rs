//! The seal of FINAL reports: when it is dated, what long-term validation
//! data follows it, and why a build refuses to seal (or to go unsealed).

use std::fs;
use std::path::PathBuf;

use anyhow::{Context, Result};

use super::Seal;
use crate::audit::YearStatus;
use crate::core::sha256_hex;
use crate::diagnostics::Diagnostic;
use crate::intake::Inputs;
use crate::report::Job;

/// When a FINAL report of `status`'s year is sealed: at its last approval
/// (see `YearStatus::seal_time`), or at the seal certificate's start when
/// that is later (recorded approvals have no time of day): never before
/// what it seals, never before its certificate; from no clock, so a
/// rebuild gives the same bytes.
pub(super) fn seal_time(status: &YearStatus, signer: &koers_sign::Signer) -> chrono::NaiveDateTime {
    let approvals = status.seal_time();
    koers_sign::CertificateFacts::from_der(signer.certificate_der())
        .map_or(approvals, |facts| approvals.max(facts.not_before))
}

/// The CRL files given for the seal's chain, read before any work; each
/// must be a CA's of that chain, verified with its key (a CRL nobody on the
/// chain issued would be validation data for nothing).
/// A sealed report made fit for validation years from now without the
/// network: the seal's chain, its timestamp authority's certificate and the
/// given CRLs in a validation store (PAdES B-LT), and with a timestamp
/// authority a document timestamp over it all (B-LTA).
pub(super) fn long_term(
    sealed: Vec<u8>,
    signer: &koers_sign::Signer,
    crls: &[Vec<u8>],
    tsa: Option<&str>,
) -> Result<Vec<u8>> {
    let authority = match tsa {
        Some(_) => koers_sign::verify(&sealed)
            .map_err(|e| anyhow::anyhow!("the seal just made does not verify: {e}"))?
            .timestamp
            .map(|t| t.certificate_der),
        None => None,
    };
    let certificates: Vec<Vec<u8>> = std::iter::once(signer.certificate_der().to_vec())
        .chain(signer.chain_der())
        .chain(authority)
        .collect();
    let stored = koers_sign::add_dss(&sealed, &certificates, crls)
        .map_err(|e| anyhow::anyhow!("cannot add the long-term validation data: {e}"))?;
    match tsa {
        Some(url) => Ok(koers_sign::add_document_timestamp(&stored, url)?),
        None => Ok(stored),
    }
}

pub(super) fn seal_crls(files: &[PathBuf], signer: &koers_sign::Signer) -> Result<Vec<Vec<u8>>> {
    let chain = signer.chain_der();
    let mut crls = Vec::new();
    for file in files {
        let bytes = fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        for crl in koers_sign::revocation::crls_of(&bytes)
            .map_err(|why| anyhow::anyhow!("{}: {why}", file.display()))?
        {
            if !chain
                .iter()
                .any(|ca| koers_sign::revocation::verify(&crl, ca).is_ok())
            {
                anyhow::bail!(
                    "{}: the CRL is from no CA of the seal's chain (give the seal's certificate with its chain, and the CRLs of those CAs)",
                    file.display()
                );
            }
            crls.push(crl);
        }
    }
    Ok(crls)
}

/// The refusal to write FINAL reports of a plan that requires a seal
/// (`[seal]`) without that seal: they would fail `verify`.
pub(super) fn seal_refusal(
    inputs: &Inputs,
    statuses: &[YearStatus],
    jobs: &[Job],
    signer: Option<&Seal>,
) -> Option<Diagnostic> {
    let finals: Vec<&YearStatus> = statuses
        .iter()
        .filter(|s| s.is_final() && jobs.iter().any(|j| j.year == s.year))
        .collect();
    let framework = inputs.root.join(crate::intake::FRAMEWORK_FILE);
    // A seal dated when its certificate was not valid (the reports are
    // sealed at their last approval) would be refused by every reader.
    if let Some((signer, _, _)) = signer
        && let Ok(facts) = koers_sign::CertificateFacts::from_der(signer.certificate_der())
    {
        let now = chrono::Utc::now().naive_utc();
        for status in &finals {
            for at in [seal_time(status, signer), now] {
                if at < facts.not_before || at > facts.not_after {
                    return Some(
                        Diagnostic::error(
                            &framework,
                            format!(
                                "the seal's certificate ({}) is not valid at {at} UTC, when the {} reports are sealed or now (valid {} to {})",
                                facts.subject, status.year, facts.not_before, facts.not_after
                            ),
                        )
                        .hint("seal with a certificate valid from the year's last approval until today"),
                    );
                }
            }
        }
    }
    let rule = inputs.framework.seal.as_ref()?;
    let finals: Vec<String> = finals.iter().map(|s| s.year.to_string()).collect();
    if finals.is_empty() {
        return None;
    }
    let wanted = rule.sha256();
    let why = match signer {
        None => format!(
            "{} FINAL, and the plan requires every FINAL report to carry its seal (certificate SHA-256 {wanted}), but no seal was given",
            finals.join(", ")
        ),
        Some((signer, _, _)) => {
            let given = sha256_hex(signer.certificate_der());
            if given == wanted {
                return None;
            }
            format!(
                "the seal given (certificate SHA-256 {given}) is not the one the plan requires ({wanted})"
            )
        }
    };
    Some(
        Diagnostic::error(framework, why)
            .field("seal")
            .hint("seal with --sign-p12, --sign-key/--sign-cert or --sign-pkcs11 and the organisation's seal certificate"),
    )
}
